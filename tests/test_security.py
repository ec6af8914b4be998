"""Regression tests for issue 13: safe to expose to untrusted input.

One class per numbered problem of the issue, plus the smaller points and
the ``--output`` conventions. The fuzzing that goes with them is
``tests/test_hostile.py``.
"""

from __future__ import annotations

import copy
import io
import json
import os
import stat
import sys
import time
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import ithrive
from ithrive import limits
from ithrive.base.escape import escape_html, escape_markdown, escape_terminal, needs_isolation
from ithrive.base.output import write_output
from ithrive.cli import example_evidence, main
from ithrive.evidence.jsonfile import parse_json
from ithrive.instruments import aggregate_responses, load_checklist, progress, read_response
from ithrive.scorecard.report import ReportSection, render_html, render_markdown
from ithrive.scorecard.table import render_table

CARD = ithrive.score(example_evidence())


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    """Run the command line in process: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        code = main(argv)
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def leftovers(folder: Path) -> list[str]:
    """Temporary files the writer left in ``folder``."""
    return [p.name for p in folder.iterdir() if p.name.startswith(".ithrive-")]


class TestLoneSurrogates:
    """Problem 1: lone surrogates are refused where they enter, with ``unencodable_text``."""

    @pytest.mark.parametrize(
        "evidence",
        [
            {"locality": "\ud800", "evidence": {}},
            {"date": "2018\udcff", "evidence": {}},
            {"evidence": {"micro.2": {"kind": "rating", "level": 3, "notes": "a\ud800"}}},
            {"evidence": {"micro.2": {"kind": "rating", "level": 3, "rater": "\udfff"}}},
            {"evidence": {"meso.2": {"kind": "count", "count": 1, "in_place": ["\ud800"]}}},
        ],
    )
    def test_score_refuses_text_that_utf8_cannot_hold(self, evidence: dict[str, Any]) -> None:
        """Locality, date, notes, rater and in_place names are each checked."""
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            ithrive.score(evidence)
        assert ["unencodable_text"] == [e.code for e in caught.value.errors]

    def test_a_scorecard_document_with_a_surrogate_is_refused(self) -> None:
        """``Scorecard.from_dict`` names the field holding the surrogate."""
        doc = CARD.to_dict()
        doc["items"]["micro.2"]["explanation"] = "x\ud800"
        with pytest.raises(ithrive.EvidenceError) as caught:
            ithrive.Scorecard.from_dict(doc)
        assert ("unencodable_text", "items.micro.2.explanation") == (
            caught.value.code,
            caught.value.field,
        )

    def test_a_ruleset_or_response_with_a_surrogate_is_refused(self) -> None:
        """Rulesets and instrument responses: a finding of the code, naming the place."""
        with pytest.raises(ithrive.RulesetError) as ruleset:
            ithrive.load_ruleset({"ruleset": {"name": "x\ud800", "version": "1"}, "items": {}})
        with pytest.raises(ithrive.ResponseError) as response:
            read_response({"instrument": "checklist", "answers": {"ck.01": "\ud800"}})
        assert [("unencodable_text", "ruleset.name")] == [
            (f.code, f.where) for f in ruleset.value.findings
        ]
        assert [("unencodable_text", "answers.ck.01")] == [
            (f.code, f.where) for f in response.value.findings
        ]

    def test_report_titles_sections_and_labels_are_checked(self) -> None:
        """A title, a section's text or a label holding a surrogate is a ReportError."""
        from ithrive.scorecard.report import render_collection_html

        calls = [
            lambda: render_html(CARD, title="\ud800"),
            lambda: render_markdown(CARD, title="\ud800"),
            lambda: ReportSection("t", summary="\ud800"),
            lambda: ReportSection("t", items={"micro.2": "\ud800"}),
            lambda: render_collection_html([CARD], labels=["\ud800"]),
        ]
        for call in calls:
            with pytest.raises(ithrive.ReportError) as caught:
                call()
            assert "unencodable_text" == caught.value.code

    def test_the_command_line_exits_2_and_writes_nothing(self, tmp_path: Path) -> None:
        """A surrogate in a file or in --title: exit 2, no output file, no temporary file."""
        target = tmp_path / "out.html"
        evidence = tmp_path / "e.json"
        evidence.write_text('{"locality": "\\ud800", "evidence": {}}', "utf-8")
        code, _, err = run(["score", str(evidence), "--output", str(target)])
        assert (2, "[unencodable_text]") == (code, err.strip()[-18:])
        good = tmp_path / "good.json"
        good.write_text('{"evidence": {}}', "utf-8")
        code, _, err = run(["report", str(good), "--title", "\udcff", "--output", str(target)])
        assert (2, "[unencodable_text]") == (code, err.strip()[-18:])
        assert ([], False) == (leftovers(tmp_path), target.exists())

    def test_the_writer_refuses_unencodable_text_before_writing(self, tmp_path: Path) -> None:
        """write_output encodes first: nothing is created, no temporary file is left."""
        target = tmp_path / "out.txt"
        with pytest.raises(ithrive.InputError) as caught:
            write_output("a\ud800", target)
        assert ("unencodable_text", [], False) == (
            caught.value.code,
            leftovers(tmp_path),
            target.exists(),
        )


class TestJsonReading:
    """Problem 2: JSON is read in linear time, with caps on keys, containers and problems."""

    def test_forty_thousand_keys_are_answered_at_once(self) -> None:
        """More keys in one object than MAX_JSON_KEYS: ``too_large`` before any check."""
        text = '{"evidence": {' + ", ".join(f'"k{i}": 1' for i in range(40_000)) + "}}"
        started = time.process_time()
        with pytest.raises(ithrive.InputError) as caught:
            parse_json(text)
        assert ("too_large", True) == (caught.value.code, time.process_time() - started < 1)

    def test_duplicate_detection_is_linear(self) -> None:
        """Many objects each at the key limit with a repeat: every repeat found, quickly."""
        body = ", ".join(f'"k{i}": 1' for i in range(limits.MAX_JSON_KEYS - 1)) + ', "k0": 2'
        text = "[" + ", ".join("{" + body + "}" for _ in range(60)) + "]"
        started = time.process_time()
        with pytest.raises(ithrive.InputError) as caught:
            parse_json(text)
        assert (60, True) == (
            len(caught.value.errors),
            time.process_time() - started < 1,
        )

    def test_problems_beyond_the_cap_are_counted(self) -> None:
        """The first MAX_PROBLEMS repeated keys are listed, the rest counted ("and K more")."""
        text = "[" + ", ".join('{"a": 1, "a": 2}' for _ in range(limits.MAX_PROBLEMS + 7)) + "]"
        with pytest.raises(ithrive.InputError) as caught:
            parse_json(text)
        assert (limits.MAX_PROBLEMS, 7) == (len(caught.value.errors), caught.value.more)
        assert "and 7 more" in str(caught.value)

    def test_a_file_of_empty_objects_is_refused_before_it_is_built(self) -> None:
        """More arrays and objects than MAX_JSON_CONTAINERS: refused without building them."""
        text = '{"evidence": {}, "_help": [' + ",".join(["{}"] * 1_000_000) + "]}"
        with pytest.raises(ithrive.InputError) as caught:
            parse_json(text)
        assert "too_large" == caught.value.code

    def test_a_file_of_a_million_values_is_refused_before_it_is_built(self) -> None:
        """More commas than MAX_JSON_VALUES: ``too_large`` (an array of short strings)."""
        text = '{"evidence": {}, "_help": [' + ",".join(['"ab"'] * limits.MAX_JSON_VALUES) + "]}"
        with pytest.raises(ithrive.InputError) as caught:
            parse_json(text)
        assert ("too_large", "values") == (caught.value.code, caught.value.message.split()[-2])

    def test_the_limits_themselves_are_accepted(self) -> None:
        """MAX_JSON_CONTAINERS brackets and MAX_JSON_KEYS keys in one object are fine."""
        wide = "{" + ", ".join(f'"k{i}": 1' for i in range(limits.MAX_JSON_KEYS)) + "}"
        many = "[" + ", ".join(["[]"] * (limits.MAX_JSON_CONTAINERS - 2)) + "]"
        assert (limits.MAX_JSON_KEYS, limits.MAX_JSON_CONTAINERS - 2) == (
            len(parse_json(wide)),
            len(parse_json(many)),
        )

    def test_a_hundred_thousand_unknown_fields_give_a_bounded_message(self) -> None:
        """From Python too: MAX_PROBLEMS problems listed, the rest in one ``more_problems``."""
        piece: dict[str, Any] = {"kind": "rating", "level": 3}
        piece.update({f"f{i}": 1 for i in range(100_000)})
        started = time.process_time()
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            ithrive.score({"micro.2": piece})
        errors = caught.value.errors
        assert (limits.MAX_PROBLEMS + 1, "more_problems", 100_000 - limits.MAX_PROBLEMS) == (
            len(errors),
            errors[-1].code,
            errors[-1].value,
        )
        assert (True, True) == (len(str(caught.value)) < 20_000, time.process_time() - started < 1)


class TestMarkdownInjection:
    """Problem 3: no value can open markup in a Markdown report."""

    def test_backticks_in_a_ruleset_name_cannot_close_a_code_span(self) -> None:
        """A ruleset name with a backtick and HTML is written as escaped text."""
        doc = CARD.to_dict()
        doc["ruleset"]["name"] = "x` <script>alert(1)</script> `"
        text = render_markdown(ithrive.Scorecard.from_dict(doc))
        assert "<script>" not in text
        assert "Ruleset x\\` \\<script\\>alert(1)\\</script\\> \\`" in text

    def test_a_carriage_return_cannot_break_out_of_the_heading(self) -> None:
        """A locality with ``\\r`` stays on the heading's line."""
        card = ithrive.score({"locality": "A\r# B\n<img src=x onerror=alert(1)>", "evidence": {}})
        first = render_markdown(card).splitlines()[0]
        assert "# THRIVE assessment: A # B \\<img src=x onerror=alert(1)\\>" == first

    def test_warning_codes_and_unmet_ids_are_escaped(self) -> None:
        """Codes and criterion ids from a document are code spans only when safe."""
        doc = CARD.to_dict()
        doc["items"]["micro.2"]["warnings"] = [{"code": "a`<b>", "message": "m"}]
        doc["items"]["micro.2"]["unmet"] = ["c`<i>"]
        text = render_markdown(ithrive.Scorecard.from_dict(doc))
        assert ("\\[a\\`\\<b\\>\\]" in text, "c\\`\\<i\\>" in text, "<b>" in text) == (
            True,
            True,
            False,
        )

    def test_a_hash_opening_a_paragraph_cannot_make_a_heading(self) -> None:
        """python-markdown reads ``#x`` at the start of a line as a heading: it is escaped."""
        text = render_markdown(CARD, extras=[ReportSection("S", summary="#x")])
        assert "\n\\#x\n" in text

    def test_markdown_escaping_keeps_plain_text_readable(self) -> None:
        """Version numbers and hyphens are not escaped where they open nothing."""
        assert ("1.0.0", "Needs-based", "\\- x", "1\\. x") == tuple(
            escape_markdown(t) for t in ("1.0.0", "Needs-based", "- x", "1. x")
        )


class TestScorecardKeyOrder:
    """Problem 4: a scorecard document is a JSON value; key order does not matter."""

    @pytest.mark.parametrize("part", ["items", "principles", "systems", None])
    def test_reordered_keys_give_the_same_scorecard_and_bytes(self, part: str | None) -> None:
        """Reversed keys (as PostgreSQL jsonb may reorder them) read as the same scorecard."""
        doc = json.loads(CARD.to_json())
        if part is None:
            doc = dict(reversed(list(doc.items())))
        else:
            doc[part] = dict(reversed(list(doc[part].items())))
        again = ithrive.Scorecard.from_dict(doc)
        assert (CARD, CARD.to_json()) == (again, again.to_json())

    def test_sorted_keys_everywhere_give_the_same_bytes(self) -> None:
        """Every object's keys sorted (jsonb's order): the output bytes are unchanged."""
        doc = json.loads(json.dumps(CARD.to_dict(), sort_keys=True))
        assert CARD.to_json() == ithrive.Scorecard.from_dict(doc).to_json()


class TestScorecardTextLimits:
    """A scorecard document is held to the evidence's text limit where it copies evidence."""

    @pytest.mark.parametrize("field", ["locality", "date"])
    def test_a_locality_or_date_past_the_text_limit_is_too_large(self, field: str) -> None:
        """``score`` refuses a 10 001-character locality; ``from_dict`` took a million."""
        doc = ithrive.score({"evidence": {}}).to_dict()
        doc[field] = "L" * (limits.MAX_TEXT + 1)
        with pytest.raises(ithrive.EvidenceError) as caught:
            ithrive.Scorecard.from_dict(doc)
        assert ("too_large", field) == (caught.value.code, caught.value.field)
        doc[field] = "L" * limits.MAX_TEXT if field == "locality" else "2019"
        assert doc[field] == getattr(ithrive.Scorecard.from_dict(doc), field)


class TestHugeNumbers:
    """Problem 5: huge whole numbers get ithrive errors everywhere, never a foreign one."""

    def test_every_call_of_the_issue_raises_an_ithrive_error(self) -> None:
        """aggregate_responses, checklist line and row, to_frame, ReportSection, to_json."""
        data = tomllib.loads(
            resources.files("ithrive.instruments").joinpath("checklist.toml").read_text("utf-8")
        )
        calls: list[Any] = [
            lambda: aggregate_responses([10**5000]),
            lambda: progress(read_response({"instrument": "checklist", "answers": {}})).to_frame(
                10**5000
            ),
            lambda: ReportSection(10**5000),
            lambda: CARD.to_json(indent=2**70),
            lambda: render_table(CARD, width=10**5000),
        ]
        for key in ("line", "row"):
            edited = copy.deepcopy(data)
            edited["actions"][0][key] = 10**5000
            calls.append(lambda edited=edited: load_checklist(edited))
        for call in calls:
            with pytest.raises(ithrive.IthriveError):
                call()

    def test_indent_is_bounded(self) -> None:
        """``to_json(indent=...)`` takes 0 to MAX_INDENT; other values are ``out_of_range``."""
        with pytest.raises(ithrive.EvidenceError) as caught:
            CARD.to_json(indent=-1)
        assert ("out_of_range", "indent") == (caught.value.code, caught.value.field)
        assert CARD.to_json(indent=limits.MAX_INDENT).startswith("{\n" + " " * limits.MAX_INDENT)


class TestTerminalSequences:
    """Problem 6: nothing from the input reaches a terminal as a control sequence."""

    def test_evidence_keys_reach_standard_error_escaped(self) -> None:
        """An OSC title sequence in an item id is written as spaces."""
        code, _, err = run(["score", "-"], '{"evidence": {"\\u001b]0;pwn\\u0007x": 1}}')
        assert (2, []) == (code, [c for c in err if c != "\n" and ord(c) < 32])

    def test_template_items_reach_standard_error_escaped(self) -> None:
        """``template --items`` with a clear-screen sequence."""
        code, _, err = run(["template", "--items", "\x1b[2Jmicro.9"])
        assert (2, "\x1b" in err) == (code, False)

    def test_an_argument_argparse_cannot_place_reaches_standard_error_escaped(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """argparse echoes unrecognised arguments as they are: an escape sequence ran."""
        with pytest.raises(SystemExit) as caught:
            main(["schema", "evidence", "\x1b]0;pwn\x07\x1b[2J"])
        err = capsys.readouterr().err
        assert (2, False, True) == (caught.value.code, "\x1b" in err, "]0;pwn" in err)

    @pytest.mark.parametrize(
        "argv",
        [
            ["template", "--items", "x" * 100_000],
            ["score", "x" * 100_000],
            ["score", "-", "--errors", "json", "--ruleset", "x" * 100_000],
            ["schema", "x" * 100_000],
        ],
        ids=["item", "file", "json-errors", "argparse"],
    )
    def test_a_huge_argument_is_not_echoed_whole(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Places and messages on standard error are cut: a 100 000-character id was echoed."""
        try:
            code = main(argv)
        except SystemExit as stop:
            code = stop.code  # type: ignore[assignment]
        assert (2, True) == (code, len(capsys.readouterr().err) < 3_000)

    def test_bidi_controls_are_isolated_in_every_format(self) -> None:
        """U+202E is isolated in HTML (bdi), Markdown and the terminal (first-strong isolate)."""
        card = ithrive.score({"locality": "\u202eevil", "evidence": {}})
        assert "<h1>THRIVE assessment: <bdi>\u202eevil</bdi></h1>" in render_html(card)
        assert "\u2068evil\u2069" in render_markdown(card).splitlines()[0]
        assert render_table(card).startswith("\u2068evil\u2069 |")
        assert (True, "\u2068x\u2069") == (needs_isolation("\u202e"), escape_terminal("x\u202e"))

    def test_escape_html_turns_surrogates_into_replacement_characters(self) -> None:
        """A value shown in a page can always be encoded."""
        assert "a\ufffd&lt;" == escape_html("a\ud800<")


class TestOutput:
    """Problem 7: --output writes as standard tools do."""

    def test_a_symlink_is_written_through(self, tmp_path: Path) -> None:
        """The link stays a link; its target gets the output."""
        target = tmp_path / "target.json"
        target.write_text("old", "utf-8")
        link = tmp_path / "link.json"
        link.symlink_to(target)
        write_output("new\n", link)
        assert (True, "new\n", []) == (
            link.is_symlink(),
            target.read_text("utf-8"),
            leftovers(tmp_path),
        )

    def test_a_fifo_is_written_directly(self, tmp_path: Path) -> None:
        """A named pipe is opened and written, never replaced."""
        import threading

        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        got: list[bytes] = []
        reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
        reader.start()
        write_output("through the pipe\n", fifo)
        reader.join(10)
        assert ([b"through the pipe\n"], True) == (got, stat.S_ISFIFO(fifo.stat().st_mode))

    def test_a_character_device_is_written_directly(self) -> None:
        """/dev/null is written, not replaced (which root could otherwise do)."""
        write_output("nothing\n", "/dev/null")
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)

    def test_a_read_only_file_is_refused(self, tmp_path: Path) -> None:
        """A file of mode 0444 is ``unwritable``; it keeps its content."""
        target = tmp_path / "card.json"
        target.write_text("keep", "utf-8")
        target.chmod(0o444)
        code, _, err = run(["score", "-", "--output", str(target)], '{"evidence": {}}')
        assert (2, "keep", True) == (
            code,
            target.read_text("utf-8"),
            err.rstrip().endswith("[unwritable]"),
        )

    def test_a_regular_file_is_replaced_keeping_its_mode(self, tmp_path: Path) -> None:
        """The new content replaces the old; the mode stays 0640."""
        target = tmp_path / "card.json"
        target.write_text("old", "utf-8")
        target.chmod(0o640)
        write_output("new", target)
        assert ("new", 0o640, []) == (
            target.read_text("utf-8"),
            stat.S_IMODE(target.stat().st_mode),
            leftovers(tmp_path),
        )

    def test_a_path_with_a_nul_character_is_unwritable_naming_it(self, tmp_path: Path) -> None:
        """``os.stat`` raised a bare ValueError for a NUL in the path; it is ``unwritable``."""
        path = str(tmp_path / "card\x00.json")
        with pytest.raises(ithrive.InputError) as caught:
            write_output("card\n", path)
        assert ("unwritable", path) == (caught.value.code, caught.value.value)

    def test_a_full_disk_on_standard_output_is_unwritable(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``> /dev/full`` gave a traceback and exit 1; it is ``unwritable`` (exit 2)."""

        class Full(io.BytesIO):
            def write(self, data: Any) -> int:
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(Full(), encoding="utf-8"))
        with pytest.raises(ithrive.InputError) as caught:
            write_output("card\n")
        assert ("unwritable", "-") == (caught.value.code, caught.value.value)

    def test_a_closed_standard_output_is_unwritable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Started with ``>&-``, Python has no ``sys.stdout``: an AttributeError before."""
        monkeypatch.setattr(sys, "stdout", None)
        with pytest.raises(ithrive.InputError) as caught:
            write_output("card\n")
        assert "unwritable" == caught.value.code

    def test_a_reader_that_went_away_is_left_to_the_command_line(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``| head``: the broken pipe reaches ``main``, which stops quietly (exit 0)."""

        class Gone(io.BytesIO):
            def write(self, data: Any) -> int:
                raise BrokenPipeError(32, "Broken pipe")

        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(Gone(), encoding="utf-8"))
        with pytest.raises(BrokenPipeError):
            write_output("card\n")

    def test_a_new_file_gets_the_umask_mode_without_touching_the_umask(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``os.umask`` is process-wide: setting it, even for a moment, races other threads."""
        old = os.umask(0o027)
        try:

            def refuse(mask: int) -> int:
                raise AssertionError("write_output changed the umask")

            monkeypatch.setattr(os, "umask", refuse)
            write_output("new", tmp_path / "card.json")
        finally:
            monkeypatch.undo()
            os.umask(old)
        assert (0o640, ["card.json"]) == (
            stat.S_IMODE((tmp_path / "card.json").stat().st_mode),
            sorted(p.name for p in tmp_path.iterdir()),
        )

    def test_a_symlink_loop_or_a_dangling_link_into_no_folder_is_refused(
        self, tmp_path: Path
    ) -> None:
        """Both are ``unwritable`` and leave no temporary file."""
        (tmp_path / "a").symlink_to(tmp_path / "b")
        (tmp_path / "b").symlink_to(tmp_path / "a")
        (tmp_path / "c").symlink_to(tmp_path / "no" / "such" / "folder")
        for name in ("a", "c"):
            with pytest.raises(ithrive.InputError) as caught:
                write_output("x", tmp_path / name)
            assert "unwritable" == caught.value.code
        assert [] == leftovers(tmp_path)

    def test_a_folder_is_refused(self, tmp_path: Path) -> None:
        """An existing folder as --output is ``unwritable``."""
        with pytest.raises(ithrive.InputError) as caught:
            write_output("x", tmp_path)
        assert "unwritable" == caught.value.code


class TestSmallerPoints:
    """The issue's smaller points, as decided."""

    def test_a_duplicate_key_inside_an_item_names_the_item(self) -> None:
        """``duplicate_key`` carries the item and the field inside it."""
        with pytest.raises(ithrive.InputError) as caught:
            parse_json('{"evidence": {"micro.2": {"kind": "rating", "level": 3, "level": 4}}}')
        assert ("duplicate_key", "micro.2", "level") == (
            caught.value.code,
            caught.value.item,
            caught.value.field,
        )

    def test_a_whole_number_written_as_a_float_is_refused_in_a_scorecard(self) -> None:
        """``3.0`` for a level: ithrive is stricter than JSON Schema's ``integer`` (documented)."""
        doc = json.loads(CARD.to_json())
        doc["items"]["micro.2"]["level"] = float(doc["items"]["micro.2"]["level"])
        with pytest.raises(ithrive.EvidenceError) as caught:
            ithrive.Scorecard.from_dict(doc)
        assert "invalid_scorecard" == caught.value.code

    @pytest.mark.parametrize("text", ["{}", '{"micro.2": {"kind": "rating", "level": 3}}'])
    def test_score_takes_evidence_documents_only(self, text: str) -> None:
        """``{}`` and a bare item mapping are refused: the schema's document form only."""
        code, out, err = run(["score", "-"], text)
        assert (2, "", True) == (code, out, err.rstrip().endswith("[missing_field]"))


def test_a_title_not_valid_in_the_locale_exits_2_in_a_real_process(tmp_path: Path) -> None:
    """``--title $'\\xff'`` as a shell passes it: exit 2, the code, no traceback, no file."""
    import subprocess

    evidence = tmp_path / "e.json"
    evidence.write_text('{"evidence": {}}', "utf-8")
    target = tmp_path / "report.html"
    argv: list[str | bytes] = [sys.executable, "-m", "ithrive", "report", str(evidence)]
    argv += ["--title", b"\xff", "--output", str(target)]
    done = subprocess.run(
        argv,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(Path(ithrive.__file__).resolve().parents[1])},
        timeout=60,
        check=False,
    )
    assert (2, b"[unencodable_text]", b"Traceback" in done.stderr, []) == (
        done.returncode,
        done.stderr.strip()[-18:],
        False,
        sorted(p.name for p in tmp_path.iterdir() if p.name != "e.json"),
    )


class TestHostileAnswerSheets:
    """Workshop answer files (CSV, Excel) from outside: bounded in memory, time and messages."""

    @staticmethod
    def header() -> str:
        """The checklist template's header row."""
        from ithrive.instruments import answer_template, default_checklist

        return answer_template(default_checklist()).decode("utf-8-sig").splitlines()[0]

    def test_a_huge_column_name_or_stakeholder_is_cut_in_the_message(self, tmp_path: Path) -> None:
        """A 100 000-character header or respondent id is named, not echoed whole."""
        from ithrive.errors import ResponseError
        from ithrive.instruments import read_answers

        path = tmp_path / "answers.csv"
        row = "R" * 100_000 + ",Ashcombe,Health,,2026-03-04,bogus"
        path.write_text(self.header() + "," + "X" * 100_000 + "\n" + row + "\n", "utf-8")
        with pytest.raises(ResponseError) as caught:
            read_answers(path)
        found = caught.value.findings
        assert ["unknown_key", "too_large", "unknown_status"] == [f.code for f in found]
        assert len(str(caught.value)) < 1_500

    def test_a_huge_ruleset_name_is_cut_in_the_message(self) -> None:
        """A findings error names its data in at most a couple of hundred characters."""
        from ithrive.errors import RulesetError
        from ithrive.rules import load_ruleset

        with pytest.raises(RulesetError) as caught:
            load_ruleset({"ruleset": {"name": "x" * 1_000_000, "version": "1"}, "items": {}})
        assert caught.value.name == "x" * 1_000_000
        assert len(str(caught.value).splitlines()[0]) < 300

    def test_a_workbook_stating_a_huge_sheet_is_refused_without_filling_memory(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """One cell at the last column, past the row limit, is too large (a MemoryError before).

        The sheet's rows are read one at a time and never padded past the
        column limit; the row limit is lowered here to keep the test quick.
        """
        openpyxl = pytest.importorskip("openpyxl")
        from ithrive.errors import ResponseError
        from ithrive.instruments import read_answers, sheet

        monkeypatch.setattr(sheet, "MAX_RECORDS", 1_000)

        book = openpyxl.Workbook()
        page = book.active
        page.append(self.header().split(","))
        page.cell(row=1_002, column=16_384, value="x")
        book.save(tmp_path / "answers.xlsx")
        with pytest.raises(ResponseError) as caught:
            read_answers(tmp_path / "answers.xlsx")
        assert ["too_large"] == [f.code for f in caught.value.findings]

    @pytest.mark.parametrize("damage", ["truncated", "bad number"])
    def test_a_workbook_whose_sheet_is_broken_is_unreadable(
        self, tmp_path: Path, damage: str
    ) -> None:
        """A sheet is parsed as it is read: its errors escaped (``ParseError``, ``ValueError``)."""
        openpyxl = pytest.importorskip("openpyxl")
        import re
        import zipfile

        from ithrive.errors import ResponseError
        from ithrive.instruments import read_answers

        book = openpyxl.Workbook()
        book.active.title = "answers"
        book.active.append(self.header().split(","))
        book.active.append(["R", "Ashcombe", "Health", None, None, "In place"])
        book.save(tmp_path / "good.xlsx")
        sheet = "xl/worksheets/sheet1.xml"
        with (
            zipfile.ZipFile(tmp_path / "good.xlsx") as good,
            zipfile.ZipFile(tmp_path / "answers.xlsx", "w") as bad,
        ):
            for member in good.infolist():
                data = good.read(member.filename)
                if member.filename == sheet and damage == "truncated":
                    data = data[: len(data) // 2]
                elif member.filename == sheet:
                    data = re.sub(rb'<c r="A2"', b'<c r="Y2" t="n"><v>abc</v></c><c r="A2"', data)
                bad.writestr(member, data)
        with pytest.raises(ResponseError) as caught:
            read_answers(tmp_path / "answers.xlsx")
        assert ["unreadable"] == [f.code for f in caught.value.findings]

    def test_a_workbook_wider_than_the_limit_is_refused_not_cut(self, tmp_path: Path) -> None:
        """A value past the last column allowed is reported, never silently dropped."""
        openpyxl = pytest.importorskip("openpyxl")
        from ithrive.errors import ResponseError
        from ithrive.instruments import read_answers

        book = openpyxl.Workbook()
        page = book.active
        page.append(self.header().split(","))
        page.cell(row=2, column=limits.MAX_JSON_KEYS + 1, value="x")
        book.save(tmp_path / "answers.xlsx")
        with pytest.raises(ResponseError) as caught:
            read_answers(tmp_path / "answers.xlsx")
        assert [("too_large", "answers.xlsx row 2")] == [
            (f.code, f.where) for f in caught.value.findings
        ]

    def test_a_workbook_that_unpacks_beyond_the_text_limit_is_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The text inside a workbook counts against the same limit as a CSV file's."""
        openpyxl = pytest.importorskip("openpyxl")
        from ithrive.errors import ResponseError
        from ithrive.instruments import read_answers, sheet

        book = openpyxl.Workbook()
        book.active.append(self.header().split(","))
        book.save(tmp_path / "answers.xlsx")
        monkeypatch.setattr(sheet, "MAX_JSON_TEXT", 1_000)
        with pytest.raises(ResponseError) as caught:
            read_answers(tmp_path / "answers.xlsx")
        assert ["too_large"] == [f.code for f in caught.value.findings]

    def test_a_csv_file_with_more_rows_than_the_limit_is_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Stakeholders beyond the row limit are refused as too large, in CSV as in Excel."""
        from ithrive.errors import ResponseError
        from ithrive.instruments import read_answers, sheet

        monkeypatch.setattr(sheet, "MAX_RECORDS", 3)
        path = tmp_path / "answers.csv"
        path.write_text(self.header() + "\n" + "R,Ashcombe,Health,,,In place\n" * 4, "utf-8")
        with pytest.raises(ResponseError) as caught:
            read_answers(path)
        assert ["too_large"] == [f.code for f in caught.value.findings]
        path.write_text(self.header() + "\n" + "R,Ashcombe,Health,,,In place\n" * 3, "utf-8")
        assert 3 == len(read_answers(path))

    @pytest.mark.parametrize("suffix", [".csv", ".json"])
    def test_a_link_to_an_endless_file_is_too_large(self, tmp_path: Path, suffix: str) -> None:
        """A link to ``/dev/zero`` states a size of 0; it was read whole (a MemoryError)."""
        from ithrive.errors import ResponseError
        from ithrive.instruments import read_answers

        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero here")
        link = tmp_path / f"answers{suffix}"
        link.symlink_to("/dev/zero")
        with pytest.raises(ResponseError) as caught:
            read_answers(link)
        assert ["too_large"] == [f.code for f in caught.value.findings]

    @pytest.mark.parametrize(
        ("text", "says"),
        [
            ("[" + ",".join(["{}"] * (limits.MAX_JSON_CONTAINERS + 1)) + "]", "brackets"),
            (
                '{"instrument": "checklist", "answers": {'
                + ",".join(f'"k{i}": 1' for i in range(limits.MAX_JSON_KEYS + 1))
                + "}}",
                "keys",
            ),
        ],
        ids=["brackets", "keys"],
    )
    def test_a_json_response_is_held_to_the_json_limits(
        self, tmp_path: Path, text: str, says: str
    ) -> None:
        """Six million empty objects took 500 MB, a million unknown entries 100 s."""
        from ithrive.errors import ResponseError
        from ithrive.instruments import read_answers

        path = tmp_path / "response.json"
        path.write_text(text, "utf-8")
        with pytest.raises(ResponseError) as caught:
            read_answers(path)
        [finding] = caught.value.findings
        assert ("too_large", True) == (finding.code, says in finding.message)


class TestSpreadsheetFormulas:
    """Answer templates are opened in Excel: they never hold a formula."""

    @staticmethod
    def checklist_data() -> dict[str, Any]:
        """The packaged checklist as data, to edit."""
        text = resources.files("ithrive.instruments").joinpath("checklist.toml").read_text("utf-8")
        return tomllib.loads(text)

    def test_a_title_starting_with_equals_is_a_text_cell_in_the_workbook(self) -> None:
        """openpyxl writes a text starting with ``=`` as a formula unless told it is text."""
        openpyxl = pytest.importorskip("openpyxl")
        from ithrive.instruments import answer_template

        data = self.checklist_data()
        data["actions"][0]["title"] = '=HYPERLINK("http://example.invalid","details")'
        book = openpyxl.load_workbook(
            io.BytesIO(answer_template(load_checklist(data), format="xlsx"))
        )
        cells = [c for page in book.worksheets for row in page.iter_rows() for c in row]
        assert {"s"} == {c.data_type for c in cells if isinstance(c.value, str)}
        assert data["actions"][0]["title"] in [c.value for c in cells]

    @pytest.mark.parametrize("start", ["=", "+", "-", "@"])
    def test_an_entry_id_that_would_open_a_formula_gets_no_template(self, start: str) -> None:
        """The id is a column name of the CSV template; Excel would run it."""
        from ithrive.errors import ResponseError
        from ithrive.instruments import answer_template

        data = self.checklist_data()
        data["actions"][0]["id"] = start + "cmd|' /C calc'!A0"
        checklist = load_checklist(data)
        for format in ("csv", "xlsx"):
            with pytest.raises(ResponseError) as caught:
                answer_template(checklist, format=format)
            assert [("invalid_value", data["actions"][0]["id"])] == [
                (f.code, f.item) for f in caught.value.findings
            ]


class TestHostileRulesetFiles:
    """Ruleset and instrument files are read within the text limit."""

    def test_an_endless_file_is_refused_after_the_limit(self) -> None:
        """``/dev/zero`` as a ruleset was read whole: a MemoryError, exit 1."""
        from ithrive.errors import RulesetError
        from ithrive.rules import load_ruleset

        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero here")
        with pytest.raises(RulesetError) as caught:
            load_ruleset("/dev/zero")
        assert [("too_large", "/dev/zero")] == [(f.code, f.where) for f in caught.value.findings]

    def test_a_file_just_over_the_limit_is_too_large(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The limit counts bytes; an instrument file is held to it too."""
        from ithrive.base import _structuring
        from ithrive.errors import InstrumentError

        monkeypatch.setattr(_structuring, "MAX_JSON_TEXT", 100)
        path = tmp_path / "checklist.toml"
        path.write_text("# " + "x" * 99 + "\n", "utf-8")
        with pytest.raises(InstrumentError) as caught:
            load_checklist(path)
        assert ["too_large"] == [f.code for f in caught.value.findings]


class TestBoardPackScale:
    """A board pack's work grows with its groups, not with their square."""

    def test_each_group_is_looked_up_once_per_entry_not_scanned_for(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``EntryTally.area`` scans every group; called per cell, 4 000 groups took 97 s."""
        from ithrive.instruments import default_checklist
        from ithrive.instruments.workshop import EntryTally
        from ithrive.outputs.boardpack import board_pack

        checklist = default_checklist()
        responses = [
            checklist.respond({"ck.01": "in_place"}, respondent=f"R{n}", area="A", sector=f"S{n}")
            for n in range(12)
        ]
        pack = board_pack(workshop=aggregate_responses(responses, by="sector"))
        calls: list[str] = []
        scan = EntryTally.area

        def counted(self: EntryTally, name: str) -> Any:
            calls.append(name)
            return scan(self, name)

        monkeypatch.setattr(EntryTally, "area", counted)
        html, markdown = pack.to_html(), pack.to_markdown()
        assert ([], True, True) == (calls, "S11" in html, "S11" in markdown)
