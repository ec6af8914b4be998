"""The boundary-case table generated from a ruleset agrees with the engine."""

from __future__ import annotations

import json

import pytest

import ithrive
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
    local = ithrive.load_ruleset(
        {
            "ruleset": {"name": "local", "version": "1", "extends": "default"},
            "items": {
                "micro.2": {
                    "citation": "local audit standard",
                    "measures": [
                        {
                            "name": "notes_audit",
                            "kind": "proportion",
                            "domain": "[0, 100]",
                            "bands": [
                                {"level": 1, "interval": "[0, 45.5)"},
                                {"level": 2, "interval": "[45.5, 65)"},
                                {"level": 3, "interval": "[65, 85]"},
                                {"level": 4, "interval": "(85, 100]"},
                            ],
                        }
                    ],
                }
            },
        }
    )
    cases = [c for c in boundary_cases(local) if c.item == "micro.2"]
    assert {0.0, 45.5, 65.0, 85.0, 100.0} == {c.edge for c in cases}
    for case in cases:
        _check(case, local)
    at_85 = {c.side: c.level for c in cases if c.edge == 85 and "percent" in c.evidence}
    assert {"below": 3, "at": 3, "above": 4} == at_85
