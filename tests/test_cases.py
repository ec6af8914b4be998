"""The boundary-case table generated from a ruleset agrees with the engine."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.strategies import local_audit

import ithrive
from ithrive.cli import main
from ithrive.rules.cases import BoundaryCase, boundary_cases

CASES = boundary_cases()


def _check(case: BoundaryCase, ruleset: ithrive.Ruleset | None = None) -> None:
    result = ithrive.score({case.item: case.evidence}, ruleset)[case.item]
    assert (case.level, case.status) == (result.level, result.status.value), case.to_dict()
    if case.warning is not None:
        assert case.warning in [w.code for w in result.warnings], case.to_dict()


class TestPackagedRulesetTable:
    """Every band edge and gate of the packaged ruleset, each side, scores as its table says."""

    @pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.item}-{c.what}-{c.side}")
    def test_engine_gives_the_tabled_outcome(self, case: BoundaryCase) -> None:
        """The engine's level and status equal the ones read off the band table."""
        _check(case)

    def test_every_measured_item_has_cases_on_each_side_of_every_edge(self) -> None:
        """Each measured item appears, with below, at and above cases."""
        measured = {r.item for r in ithrive.default_ruleset() if r.measures}
        assert measured == {c.item for c in CASES}
        for item in measured:
            assert {"below", "at", "above"} <= {c.side for c in CASES if c.item == item}

    def test_every_gate_has_cases(self) -> None:
        """Each gate of the packaged ruleset has cases naming it."""
        gates = {
            (r.item, g.id) for r in ithrive.default_ruleset() for m in r.measures for g in m.gates
        }
        named = {(c.item, c.what.split(":")[0].removeprefix("gate ")) for c in CASES}
        assert gates <= named

    def test_cases_serialise_to_json(self) -> None:
        """The table is JSON-ready, with the expected outcome beside each input."""
        data = json.loads(json.dumps([c.to_dict() for c in CASES]))
        assert len(CASES) == len(data)
        assert {"level", "status", "warning"} == set(data[0]["expected"])

    def test_micro7_edge_at_60_is_pinned_on_both_sides(self) -> None:
        """The adjacent float below 60 is level 2 and 60 itself level 3 (decision D5)."""
        at_60 = {
            c.side: c.level
            for c in CASES
            if c.item == "micro.7" and c.edge == 60 and "percent" in c.evidence
        }
        assert {"below": 2, "at": 3, "above": 3} == at_60


def test_a_local_variant_gets_its_own_table() -> None:
    """Cases follow a local ruleset's bands, and the engine agrees with them."""
    local = local_audit()
    cases = [c for c in boundary_cases(local) if c.item == "micro.2"]
    assert {0.0, 45.5, 65.0, 85.0, 100.0} == {c.edge for c in cases}
    for case in cases:
        _check(case, local)
    at_85 = {c.side: c.level for c in cases if c.edge == 85 and "percent" in c.evidence}
    assert {"below": 3, "at": 3, "above": 4} == at_85


# ----------------------------------------------------------------------------- the command

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(ithrive.__file__).resolve().parents[1]
LOCAL = ROOT / "docs" / "how-to" / "stricter-notes-audit.toml"
LITERAL = ROOT / "tests" / "fixtures" / "micro7_literal.toml"


def run(*argv: str) -> tuple[int, str, str]:
    """``ithrive ARGV`` in this process: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def check_printed(rows: list[dict[str, Any]], ruleset: ithrive.Ruleset) -> None:
    """Every printed case, read back from JSON and scored, gets the outcome printed beside it."""
    for row in rows:
        result = ithrive.score({row["item"]: row["evidence"]}, ruleset)[row["item"]]
        expected = row["expected"]
        got_level = None if result.level is None else int(result.level)
        assert (expected["level"], expected["status"]) == (got_level, result.status.value), row
        if expected["warning"] is not None:
            assert expected["warning"] in [w.code for w in result.warnings], row


class TestRulesCasesCommand:
    """``ithrive rules cases [FILE]`` prints the boundary table as JSON, one case per line."""

    def test_prints_every_case_of_the_packaged_ruleset_and_each_scores_as_printed(self) -> None:
        """The JSON is the table ``boundary_cases()`` builds, and the engine agrees with it."""
        code, out, err = run("rules", "cases")
        assert (0, "") == (code, err)
        rows = json.loads(out)
        assert [c.to_dict() for c in CASES] == rows
        check_printed(rows, ithrive.default_ruleset())

    def test_a_local_variant_gets_its_own_table_and_each_case_scores_as_printed(self) -> None:
        """A file with ``extends = "default"``: its micro.2 edges, the rest as packaged."""
        code, out, _ = run("rules", "cases", str(LOCAL))
        assert 0 == code
        rows = json.loads(out)
        local = ithrive.load_ruleset(LOCAL)
        check_printed(rows, local)
        edges = {r["edge"] for r in rows if r["item"] == "micro.2"}
        assert {0.0, 50.0, 70.0, 90.0, 100.0} == edges
        assert len(CASES) == len(rows)

    def test_item_selects_an_item_or_the_items_of_a_principle(self) -> None:
        """``--item micro.3`` gives micro.3a and micro.3b; an item without measures gives []."""
        _, out, _ = run("rules", "cases", "--item", "micro.3")
        assert {"micro.3a", "micro.3b"} == {r["item"] for r in json.loads(out)}
        assert (0, "[]\n", "") == run("rules", "cases", "--item", "macro.1")

    def test_an_unknown_item_exits_2_with_a_suggestion(self) -> None:
        """``--item micro.9`` is an unknown item, with the nearest ids suggested."""
        code, out, err = run("rules", "cases", "--item", "micro.9", "--errors", "json")
        assert (2, "") == (code, out)
        assert "unknown_item" == json.loads(err)["code"]

    def test_output_writes_the_table_to_a_file(self, tmp_path: Path) -> None:
        """``--output`` writes the same JSON, and nothing on standard output."""
        target = tmp_path / "cases.json"
        code, out, _ = run("rules", "cases", "--item", "micro.7", "--output", str(target))
        assert (0, "") == (code, out)
        assert {"micro.7"} == {r["item"] for r in json.loads(target.read_text("utf-8"))}

    def test_an_unsound_ruleset_is_reported_exactly_as_rules_verify_does(self) -> None:
        """Exit code 1 and the same finding lines on standard error; nothing printed."""
        verify = run("rules", "verify", str(LITERAL))
        cases = run("rules", "cases", str(LITERAL))
        assert (1, "") == cases[:2]
        assert verify == cases
        assert "[overlap]" in cases[2]

    def test_an_unsound_ruleset_with_errors_json_gives_json_findings(self) -> None:
        """``--errors json``: one JSON object per finding, naming the file."""
        code, _, err = run("rules", "cases", str(LITERAL), "--errors", "json")
        assert 1 == code
        (finding,) = [json.loads(line) for line in err.splitlines()]
        assert (str(LITERAL), "overlap", "micro.7") == (
            finding["file"],
            finding["code"],
            finding["item"],
        )

    def test_a_missing_file_is_reported_as_rules_verify_does(self, tmp_path: Path) -> None:
        """A path that does not exist is an ``unreadable`` finding, exit code 1."""
        missing = str(tmp_path / "missing.toml")
        assert run("rules", "verify", missing) == run("rules", "cases", missing)

    def test_runs_as_a_real_process(self) -> None:
        """``python -m ithrive rules cases FILE --item micro.2``, end to end."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
        got = subprocess.run(
            [sys.executable, "-m", "ithrive", "rules", "cases", str(LOCAL), "--item", "micro.2"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=60,
            check=False,
        )
        assert (0, "") == (got.returncode, got.stderr)
        rows = json.loads(got.stdout)
        assert rows
        check_printed(rows, ithrive.load_ruleset(LOCAL))


def _variant(item: str, measure: dict[str, Any]) -> Any:
    from ithrive.rules import load_ruleset

    return load_ruleset(
        {
            "ruleset": {"name": "local", "version": "1", "extends": "default"},
            "items": {item: {"citation": "local", "measures": [measure]}},
        }
    )


def _bands(*bands: tuple[int, str]) -> list[dict[str, Any]]:
    return [{"level": level, "interval": interval} for level, interval in bands]


_STD = _bands((1, "[0, 40)"), (2, "[40, 60)"), (3, "[60, 80)"), (4, "[80, 100]"))


@pytest.mark.parametrize(
    ("item", "measure"),
    [
        # an edge no float equals, open on its lower side
        (
            "micro.2",
            {
                "name": "notes_audit",
                "kind": "proportion",
                "domain": "[0, 100]",
                "bands": _bands((1, "[0, 100/3]"), (2, "(100/3, 200/3]"), (3, "(200/3, 80]"))
                + _bands((4, "(80, 100]")),
            },
        ),
        # gates on the counts an audit or a survey is built from
        (
            "micro.2",
            {
                "name": "notes_audit",
                "kind": "proportion",
                "domain": "[0, 100]",
                "bands": _STD,
                "gates": [
                    {
                        "id": "small",
                        "field": "denominator",
                        "when": "[0, 20)",
                        "effect": "insufficient_evidence",
                        "reason": "few notes",
                    },
                ],
            },
        ),
        (
            "micro.3a",
            {
                "name": "s",
                "kind": "survey",
                "domain": "[0, 100]",
                "bands": _STD,
                "gates": [
                    {
                        "id": "c",
                        "field": "completion",
                        "when": "[0, 50)",
                        "effect": "insufficient_evidence",
                        "reason": "few",
                    },
                    {
                        "id": "r",
                        "field": "respondents",
                        "when": "[0, 10)",
                        "effect": "cap",
                        "level": 2,
                        "reason": "few",
                    },
                    {
                        "id": "e",
                        "field": "eligible",
                        "when": "[0, 20)",
                        "effect": "warn",
                        "reason": "small",
                    },
                ],
            },
        ),
        # a fractional edge on a whole-number field
        (
            "meso.2",
            {
                "name": "m",
                "kind": "count",
                "domain": "[0, 7]",
                "bands": _bands((1, "[0, 1.5)"), (2, "[1.5, 2.5)"), (3, "[2.5, 3.5)"))
                + _bands((4, "[3.5, 7]")),
            },
        ),
        (
            "micro.1b",
            {
                "name": "collaborate",
                "kind": "collaborate",
                "domain": "[0, 9]",
                "bands": _bands((1, "[0, 6]"), (2, "(6, 7]"), (3, "(7, 8]"), (4, "(8, 9]")),
                "gates": [
                    {
                        "id": "few_offered",
                        "field": "offered_percent",
                        "when": "[0, 100/3]",
                        "effect": "cap",
                        "level": 1,
                        "reason": "few",
                    },
                    {
                        "id": "enc",
                        "field": "encounters",
                        "when": "[0, 24.5)",
                        "effect": "cap",
                        "level": 2,
                        "reason": "few",
                    },
                ],
            },
        ),
    ],
)
def test_a_variant_with_unusual_edges_and_gates_gets_a_table_the_engine_agrees_with(
    item: str, measure: dict[str, Any]
) -> None:
    """Every case of a local variant's table scores as tabled: edges no float equals, edges
    between whole numbers, and gates on denominators, respondents and eligible staff."""
    ruleset = _variant(item, measure)
    cases = [c for c in boundary_cases(ruleset) if c.item == item]
    assert cases
    wrong = []
    for case in cases:
        result = ithrive.score({item: dict(case.evidence)}, ruleset=ruleset)[item]
        got = (result.level, result.status.value)
        if got != (case.level, case.status) or (
            case.warning is not None and case.warning not in [w.code for w in result.warnings]
        ):
            wrong.append((case.to_dict(), got))
    assert [] == wrong
