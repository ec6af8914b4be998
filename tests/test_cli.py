"""The command line, end to end: every command and error path through a real process.

Each test runs ``python -m ithrive`` in a subprocess and, when the
environment has the installed console script ``ithrive`` (CI installs the
package with ``pip install -e``), the script too. The package under test is
put first on ``PYTHONPATH``, so both run this checkout's code.
"""

# The house style is `assert expected == actual`, which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

import ithrive
from ithrive.outputs.schema import evidence_schema, schema_json, scorecard_schema

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(ithrive.__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
VALID = sorted(EXAMPLES.glob("*.json"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.json"))

#: The console script of this interpreter's environment, when installed.
SCRIPT = shutil.which("ithrive", path=str(Path(sys.executable).parent))
RUNNERS = {"module": [sys.executable, "-m", "ithrive"]}
if SCRIPT is not None:
    RUNNERS["script"] = [SCRIPT]

Run = Callable[..., subprocess.CompletedProcess[str]]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("COLUMNS", None)
    return env


@pytest.fixture(params=sorted(RUNNERS))
def run(request: pytest.FixtureRequest, tmp_path: Path) -> Run:
    """Run ``ithrive ARGS`` in ``tmp_path`` with optional standard input; return the result."""
    command = RUNNERS[request.param]

    def _run(
        *args: str, stdin: str = "", cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=cwd or tmp_path,
            env=_env(),
            timeout=120,
            check=False,
        )

    return _run


def _validator(schema: dict[str, object]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


SCORECARD = _validator(scorecard_schema())
EVIDENCE = _validator(evidence_schema())


def test_the_console_script_is_installed_in_ci() -> None:
    """CI installs the package, so there the ``ithrive`` script must be tested too."""
    if os.environ.get("CI") == "true":
        assert SCRIPT is not None


def test_examples_exist() -> None:
    """The example folders hold several valid and several invalid documents."""
    assert (len(VALID) >= 4, len(INVALID) >= 8) == (True, True)


class TestDemo:
    """``ithrive demo`` scores the bundled example locality."""

    def test_prints_the_table_within_100_columns(self, run: Run) -> None:
        """The default table names the locality and every item, no line over 100 columns."""
        got = run("demo")
        lines = got.stdout.splitlines()
        assert (0, "", True) == (got.returncode, got.stderr, "Northvale (example)" in lines[0])
        assert all(len(line) <= 100 for line in lines)
        assert all(i in got.stdout for i in ithrive.FRAMEWORK.item_ids)

    @pytest.mark.parametrize("fmt", ["json", "markdown", "html"])
    def test_prints_every_other_format(self, run: Run, fmt: str) -> None:
        """JSON, Markdown and HTML come out as the library renders them."""
        from ithrive.cli import example_evidence
        from ithrive.scorecard.report import render_html, render_markdown

        card = ithrive.score(example_evidence())
        expected = {
            "json": card.to_json() + "\n",
            "markdown": render_markdown(card),
            "html": render_html(card),
        }[fmt]
        got = run("demo", "--format", fmt)
        assert (0, expected) == (got.returncode, got.stdout)


class TestScore:
    """``ithrive score FILE``: exit 0 with the scorecard; exit 2 with every problem."""

    @pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
    def test_scores_every_valid_example_to_schema_valid_json(self, run: Run, path: Path) -> None:
        """Each valid example scores, and its JSON scorecard satisfies the scorecard schema."""
        got = run("score", str(path), "--format", "json")
        assert (0, "") == (got.returncode, got.stderr)
        card = json.loads(got.stdout)
        assert [] == [e.message for e in SCORECARD.iter_errors(card)]
        doc = json.loads(path.read_text("utf-8"))
        assert ithrive.score(doc).to_json() + "\n" == got.stdout

    def test_gives_byte_identical_json_for_the_same_input(self, run: Run) -> None:
        """Two runs, and a run from standard input, write the same bytes."""
        path = EXAMPLES / "westford.json"
        first = run("score", str(path), "--format", "json")
        second = run("score", str(path), "--format", "json")
        piped = run("score", "-", "--format", "json", stdin=path.read_text("utf-8"))
        assert first.stdout == second.stdout == piped.stdout

    def test_reads_standard_input(self, run: Run) -> None:
        """``-`` reads the document from standard input."""
        doc = {"evidence": {"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}}}
        got = run("score", "-", "--format", "json", stdin=json.dumps(doc))
        assert (0, 3) == (got.returncode, json.loads(got.stdout)["items"]["micro.2"]["level"])

    @pytest.mark.parametrize("fmt", ["markdown", "html"])
    def test_writes_reports_to_the_output_file(self, run: Run, tmp_path: Path, fmt: str) -> None:
        """``--output`` receives the report and standard output stays empty."""
        out = tmp_path / f"card.{fmt}"
        got = run("score", str(EXAMPLES / "northvale.json"), "--format", fmt, "--output", str(out))
        assert (0, "", "") == (got.returncode, got.stdout, got.stderr)
        assert "micro.3b" in out.read_text("utf-8")

    @pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
    def test_rejects_every_invalid_example_naming_item_field_and_value(
        self, run: Run, tmp_path: Path, path: Path
    ) -> None:
        """Exit 2, nothing on stdout or in the output file, one line per problem with its code."""
        out = tmp_path / "card.json"
        got = run("score", str(path), "--output", str(out))
        code = path.stem.split("-")[0]
        assert (2, "", False) == (got.returncode, got.stdout, out.exists())
        lines = got.stderr.splitlines()
        assert all(line.startswith(f"error: {path}: ") for line in lines)
        assert any(line.endswith(f"[{code}]") for line in lines)
        problems = _problems(run, path)
        assert len(problems) == len(lines)
        for line, problem in zip(lines, problems, strict=True):
            for key in ("item", "field"):
                if problem[key]:
                    assert problem[key] in line
            if problem["value"] not in (None, problem["item"], problem["field"]):
                shown = f"{problem['field']}=" if problem["field"] else "value="
                assert shown in line

    def test_writes_problems_as_json_lines_on_request(self, run: Run) -> None:
        """``--errors json``: one object per problem: file, code, item, field, value, message."""
        path = EXAMPLES / "invalid" / "unknown_field.json"
        problems = _problems(run, path)
        assert [
            {"file": str(path), "code": "missing_field", "item": "micro.2", "field": "numerator"},
            {"file": str(path), "code": "unknown_field", "item": "micro.2", "field": "numerater"},
        ] == sorted(
            ({k: p[k] for k in ("file", "code", "item", "field")} for p in problems),
            key=lambda p: str(p["code"]),
        )
        assert all(
            set(p) == {"file", "code", "item", "field", "value", "message"} for p in problems
        )

    def test_leaves_an_existing_output_file_untouched_on_error(
        self, run: Run, tmp_path: Path
    ) -> None:
        """A failed run does not truncate or replace the file ``--output`` names."""
        out = tmp_path / "card.json"
        out.write_text("previous contents", "utf-8")
        got = run(
            "score", str(EXAMPLES / "invalid" / "out_of_range-percent.json"), "--output", str(out)
        )
        assert (2, "previous contents") == (got.returncode, out.read_text("utf-8"))
        assert [out] == list(tmp_path.iterdir())

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ('{"evidence": {}, "evidence": {}}', "duplicate_key"),
            ('{"evidence": {"micro.2": {"kind": "proportion", "percent": NaN}}}', "invalid_json"),
            ('{"evidence": ', "invalid_json"),
            ("[1, 2]", "wrong_type"),
        ],
        ids=["duplicate-key", "nan", "truncated", "not-an-object"],
    )
    def test_rejects_malformed_json(self, run: Run, text: str, code: str) -> None:
        """Duplicate keys, NaN, broken JSON and a non-object are each one problem, exit 2."""
        got = run("score", "-", stdin=text)
        assert (2, "", 1) == (got.returncode, got.stdout, len(got.stderr.splitlines()))
        assert got.stderr.startswith("error: <stdin>: ")
        assert got.stderr.rstrip().endswith(f"[{code}]")

    def test_reads_a_file_that_starts_with_a_byte_order_mark(
        self, run: Run, tmp_path: Path
    ) -> None:
        """UTF-8 with a BOM (as some Windows editors save it) scores like the same file without."""
        plain = EXAMPLES / "northvale.json"
        marked = tmp_path / "bom.json"
        marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
        without = run("score", str(plain), "--format", "json")
        got = run("score", str(marked), "--format", "json")
        assert (0, "", without.stdout) == (got.returncode, got.stderr, got.stdout)

    def test_rejects_a_scorecard_with_one_problem_pointing_to_report(
        self, run: Run, tmp_path: Path
    ) -> None:
        """A scorecard given to ``score`` is one problem saying so, not one per scorecard key."""
        card = tmp_path / "card.json"
        card.write_text(ithrive.score({"evidence": {}}).to_json(), "utf-8")
        got = run("score", "card.json")
        expected = (
            "error: card.json: a scorecard, not an evidence document; "
            "'ithrive report' takes scorecards [wrong_type]\n"
        )
        assert (2, "", expected) == (got.returncode, got.stdout, got.stderr)

    def test_rejects_a_missing_file(self, run: Run) -> None:
        """A file that cannot be read is exit 2 with code ``unreadable``."""
        got = run("score", "no-such-file.json")
        expected = "error: no-such-file.json: cannot read: No such file or directory [unreadable]\n"
        assert (2, expected) == (got.returncode, got.stderr)

    def test_rejects_an_output_file_in_a_missing_folder(self, run: Run, tmp_path: Path) -> None:
        """An output path that cannot be written is exit 2 with code ``unwritable``."""
        out = tmp_path / "missing" / "card.json"
        got = run("score", str(EXAMPLES / "minimal.json"), "--output", str(out))
        assert (2, True) == (got.returncode, got.stderr.rstrip().endswith("[unwritable]"))

    def test_scores_under_a_local_ruleset(self, run: Run, tmp_path: Path) -> None:
        """``--ruleset`` loads a variant; the scorecard names it and uses its bands."""
        rules = tmp_path / "local.toml"
        rules.write_text(LOCAL_RULESET, "utf-8")
        got = run(
            "score", str(EXAMPLES / "northvale.json"), "--ruleset", str(rules), "--format", "json"
        )
        card = json.loads(got.stdout)
        assert (0, {"name": "local", "version": "2"}, 2) == (
            got.returncode,
            card["ruleset"],
            card["items"]["micro.2"]["level"],
        )

    def test_rejects_an_unsound_ruleset_listing_each_finding(
        self, run: Run, tmp_path: Path
    ) -> None:
        """A ruleset with a gap is exit 2, each finding on its own line, nothing on stdout."""
        rules = tmp_path / "gap.toml"
        rules.write_text(GAP_RULESET, "utf-8")
        got = run("score", str(EXAMPLES / "northvale.json"), "--ruleset", str(rules))
        assert (2, "") == (got.returncode, got.stdout)
        assert any("micro.2" in line and "[gap]" in line for line in got.stderr.splitlines())
        assert all(line.startswith(f"error: {rules}: ") for line in got.stderr.splitlines())

    def test_names_a_broken_ruleset_file_once(self, run: Run, tmp_path: Path) -> None:
        """A ruleset that is not TOML is one problem naming the file (not twice), exit 2."""
        (tmp_path / "broken.toml").write_text("not toml [[[", "utf-8")
        got = run("score", str(EXAMPLES / "minimal.json"), "--ruleset", "broken.toml")
        assert (2, "") == (got.returncode, got.stdout)
        assert got.stderr.startswith("error: broken.toml: not valid TOML: ")
        assert got.stderr.rstrip().endswith("[toml_syntax]")


def _problems(run: Run, path: Path) -> list[dict[str, object]]:
    got = run("score", str(path), "--errors", "json")
    assert (2, "") == (got.returncode, got.stdout)
    return [json.loads(line) for line in got.stderr.splitlines()]


LOCAL_RULESET = """
[ruleset]
name = "local"
version = "2"
extends = "default"

[items."micro.2"]
citation = "local audit standard"

[[items."micro.2".measures]]
name = "notes_audit"
kind = "proportion"
domain = "[0, 100]"
bands = [
  { level = 1, interval = "[0, 50)" },
  { level = 2, interval = "[50, 70)" },
  { level = 3, interval = "[70, 90)" },
  { level = 4, interval = "[90, 100]" },
]
"""

GAP_RULESET = LOCAL_RULESET.replace('"[50, 70)"', '"[55, 70)"')


class TestTemplate:
    """``ithrive template`` prints a blank document that is itself valid."""

    def test_prints_a_document_that_validates_and_scores(self, run: Run, tmp_path: Path) -> None:
        """The template satisfies the evidence schema and ``ithrive score`` accepts it as is."""
        got = run("template")
        doc = json.loads(got.stdout)
        assert (0, list(ithrive.FRAMEWORK.item_ids)) == (got.returncode, list(doc["evidence"]))
        assert [] == [e.message for e in EVIDENCE.iter_errors(doc)]
        scored = run("score", "-", "--format", "json", stdin=got.stdout)
        assert (0, {"not_assessed"}) == (
            scored.returncode,
            {r["status"] for r in json.loads(scored.stdout)["items"].values()},
        )

    def test_lists_every_criterion_with_its_meaning_and_values(self, run: Run) -> None:
        """Indicator items list each criterion id, its meaning and its allowed values."""
        doc = json.loads(run("template").stdout)
        rule = ithrive.default_ruleset().rule("macro.2")
        assert rule.indicators is not None
        help_ = doc["_help"]["items"]["macro.2"]
        assert [c.id for c in rule.indicators.criteria] == list(help_["criteria"])
        assert all({"meaning", "values", "needs"} <= set(c) for c in help_["criteria"].values())

    def test_keeps_only_the_items_asked_for(self, run: Run) -> None:
        """``--items`` takes item, principle and system ids."""
        doc = json.loads(run("template", "--items", "micro.3", "macro.1").stdout)
        assert ["macro.1", "micro.3a", "micro.3b", "micro.3c"] == list(doc["evidence"])

    def test_rejects_unknown_items_naming_each(self, run: Run, tmp_path: Path) -> None:
        """Unknown ids are exit 2, one line each, and nothing is written."""
        out = tmp_path / "template.json"
        got = run("template", "--items", "micro.9", "mezzo.1", "--output", str(out))
        assert (2, "", False) == (got.returncode, got.stdout, out.exists())
        assert [
            "error: micro.9: unknown item; did you mean 'micro.7', 'micro.6' or 'micro.4'? "
            "[unknown_item]",
            "error: mezzo.1: unknown item; did you mean 'meso.1', 'meso.5' or 'meso.4'? "
            "[unknown_item]",
        ] == got.stderr.splitlines()


class TestRules:
    """``ithrive rules show`` and ``ithrive rules verify``."""

    def test_show_lists_every_item(self, run: Run) -> None:
        """Without an item, one row per item with the kinds it accepts."""
        got = run("rules", "show")
        rows = [line.split()[0] for line in got.stdout.splitlines() if line[:1] in ("m", "M")]
        assert (0, list(ithrive.FRAMEWORK.item_ids)) == (
            got.returncode,
            [r for r in rows if r in ithrive.FRAMEWORK],
        )
        assert all(len(line) <= 100 for line in got.stdout.splitlines())

    def test_show_gives_an_items_bands_and_gates(self, run: Run) -> None:
        """One item in full: every band and gate of its measures."""
        got = run("rules", "show", "micro.3a")
        assert 0 == got.returncode
        for text in ("level 1: [0, 40)", "level 4: [80, 100]", "gate low_completion"):
            assert text in got.stdout

    def test_show_expands_a_principle_and_gives_json(self, run: Run) -> None:
        """A principle id shows each of its items; ``--format json`` is machine-readable."""
        got = run("rules", "show", "micro.5", "--format", "json")
        assert (0, ["micro.5a", "micro.5b"]) == (got.returncode, list(json.loads(got.stdout)))

    def test_show_rejects_an_unknown_item(self, run: Run) -> None:
        """An unknown id is exit 2 with a suggestion."""
        got = run("rules", "show", "micro.8")
        assert (2, "") == (got.returncode, got.stdout)
        assert "did you mean 'micro.7'" in got.stderr

    def test_verify_passes_the_packaged_ruleset(self, run: Run) -> None:
        """Exit 0 and a one-line verdict for the packaged ruleset."""
        got = run("rules", "verify")
        assert (0, "ruleset thrive-assessment 1.0.0: sound (22 item rules, 0 findings)\n") == (
            got.returncode,
            got.stdout,
        )

    def test_verify_lists_every_finding_with_exit_1(self, run: Run, tmp_path: Path) -> None:
        """An unsound file is exit 1 with each finding and a count."""
        rules = tmp_path / "gap.toml"
        rules.write_text(GAP_RULESET.replace('"[70, 90)"', '"[75, 90)"'), "utf-8")
        got = run("rules", "verify", str(rules))
        lines = got.stderr.splitlines()
        assert (1, "", 2) == (got.returncode, got.stdout, sum("[gap]" in ln for ln in lines))
        assert "2 finding(s); the ruleset is not sound" == lines[-1]

    def test_verify_writes_findings_as_json_lines_with_errors_json(
        self, run: Run, tmp_path: Path
    ) -> None:
        """``--errors json``: one JSON object per finding, naming the file, item and code."""
        rules = tmp_path / "gap.toml"
        rules.write_text(GAP_RULESET.replace('"[70, 90)"', '"[75, 90)"'), "utf-8")
        got = run("rules", "verify", str(rules), "--errors", "json")
        found = [json.loads(line) for line in got.stderr.splitlines()]
        assert (1, {("gap", str(rules))}) == (
            got.returncode,
            {(f["code"], f["file"]) for f in found},
        )

    def test_verify_reports_a_missing_file_with_exit_1(self, run: Run) -> None:
        """A file that cannot be read is a finding too."""
        got = run("rules", "verify", "missing.toml")
        assert (1, True) == (got.returncode, "[unreadable]" in got.stderr)


class TestSchema:
    """``ithrive schema evidence|scorecard`` prints the JSON Schemas."""

    @pytest.mark.parametrize("which", ["evidence", "scorecard"])
    def test_prints_the_schema_as_committed_in_the_docs(self, run: Run, which: str) -> None:
        """The output is the library's schema, byte for byte, and the committed copy in docs/."""
        schema = evidence_schema() if which == "evidence" else scorecard_schema()
        got = run("schema", which)
        committed = (ROOT / "docs" / "schemas" / f"{which}.schema.json").read_text("utf-8")
        assert (0, schema_json(schema)) == (got.returncode, got.stdout)
        assert committed == got.stdout, (
            f"docs/schemas/{which}.schema.json is stale; regenerate it with "
            f"`ithrive schema {which} --output docs/schemas/{which}.schema.json`"
        )

    def test_rejects_an_unknown_schema_name(self, run: Run) -> None:
        """A name other than evidence or scorecard is a usage error, exit 2."""
        got = run("schema", "ruleset")
        assert (2, "") == (got.returncode, got.stdout)


class TestReport:
    """``ithrive report FILE...`` reports one or several assessments."""

    def test_reports_evidence_and_scorecards_together(self, run: Run, tmp_path: Path) -> None:
        """Evidence documents are scored, scorecard JSON is read as it is, in the order given."""
        card = tmp_path / "westford-card.json"
        card.write_text(
            run("score", str(EXAMPLES / "westford.json"), "--format", "json").stdout, "utf-8"
        )
        out = tmp_path / "report.html"
        got = run("report", str(EXAMPLES / "northvale.json"), str(card), "--output", str(out))
        page = out.read_text("utf-8")
        assert (0, "", "") == (got.returncode, got.stdout, got.stderr)
        assert page.index("Northvale (example) 2018-03") < page.index("Westford (example) 2019-03")

    def test_writes_markdown_with_a_title(self, run: Run) -> None:
        """``--format markdown`` with ``--title`` heads the report with the title."""
        got = run(
            "report",
            str(EXAMPLES / "eastbrook.json"),
            str(EXAMPLES / "eastbrook-2019.json"),
            "--format",
            "markdown",
            "--title",
            "Eastbrook, a year on",
        )
        assert (0, "# Eastbrook, a year on") == (got.returncode, got.stdout.splitlines()[0])

    def test_reports_every_problem_of_every_file_and_writes_nothing(
        self, run: Run, tmp_path: Path
    ) -> None:
        """Problems from several files are all listed, each with its file; exit 2."""
        bad_card = tmp_path / "card.json"
        bad_card.write_text('{"schema": 99, "items": {}}', "utf-8")
        out = tmp_path / "report.html"
        got = run(
            "report",
            str(EXAMPLES / "northvale.json"),
            str(EXAMPLES / "invalid" / "unknown_kind.json"),
            str(bad_card),
            "--output",
            str(out),
        )
        lines = got.stderr.splitlines()
        assert (2, False, 2) == (got.returncode, out.exists(), len(lines))
        assert lines[0].startswith(f"error: {EXAMPLES / 'invalid' / 'unknown_kind.json'}: ")
        assert lines[1].startswith(f"error: {bad_card}: ")
        assert lines[1].endswith("[invalid_scorecard]")

    def test_an_item_entry_that_is_not_an_object_is_named_as_the_entry(
        self, run: Run, tmp_path: Path
    ) -> None:
        """``"micro.2": -1`` reads ``micro.2 items.micro.2=-1``, not as the item's ``value``."""
        card = ithrive.score({"meso.2": {"kind": "count", "count": 3}}).to_dict()
        card["items"]["micro.2"] = -1
        path = tmp_path / "card.json"
        path.write_text(json.dumps(card), "utf-8")
        got = run("report", str(path))
        line = "micro.2 items.micro.2=-1: expected object, got int [invalid_scorecard]"
        expected = (2, f"error: {path}: {line}")
        assert expected == (got.returncode, got.stderr.rstrip())

    def test_reads_standard_input_only_once(self, run: Run) -> None:
        """Naming ``-`` twice is a usage error."""
        got = run("report", "-", "-", stdin="{}")
        assert (2, True) == (got.returncode, got.stderr.rstrip().endswith("[usage]"))


class TestUsage:
    """Usage errors and the global options."""

    @pytest.mark.parametrize(
        "args",
        [[], ["frobnicate"], ["score"], ["score", "x.json", "--format", "pdf"], ["rules"]],
        ids=["no-command", "unknown-command", "no-file", "unknown-format", "no-action"],
    )
    def test_bad_usage_exits_2_with_a_message(self, run: Run, args: list[str]) -> None:
        """argparse's usage errors exit 2 and say why on standard error."""
        got = run(*args)
        assert (2, "", True) == (got.returncode, got.stdout, "error:" in got.stderr)

    def test_prints_the_version(self, run: Run) -> None:
        """``--version`` prints the package version."""
        got = run("--version")
        assert (0, f"ithrive {ithrive.__version__}\n") == (got.returncode, got.stdout)

    def test_help_lists_every_command(self, run: Run) -> None:
        """``--help`` names every command and the exit codes."""
        got = run("--help")
        for command in ("demo", "score", "template", "rules", "schema", "report", "Exit codes"):
            assert command in got.stdout


def test_a_problem_line_shows_the_value_given() -> None:
    """The text line puts the offending value after its field: ``percent=120``."""
    from ithrive.cli import main

    path = EXAMPLES / "invalid" / "out_of_range-percent.json"
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["score", str(path)])
    expected = f"error: {path}: micro.2 percent=120: 120 is above the maximum 100 [out_of_range]\n"
    assert (2, expected) == (code, err.getvalue())
