"""The fast path of ``score`` agrees with the full engine on every input.

``ithrive.score`` decides levels on compiled rules first and leaves
explanations to the full engine, on first look. These tests pin that the two
never disagree: for generated evidence, valid or not, the fast result (once
written out) equals the full engine's scorecard, and invalid evidence fails
the same way.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ithrive
from ithrive import InvalidEvidenceError, default_ruleset
from ithrive.converter import structure_evidence
from ithrive.rules.cases import boundary_cases
from ithrive.scoring import _full_score

RULES = default_ruleset()
ITEMS = ithrive.FRAMEWORK.item_ids
#: Evidence pieces known to the packaged ruleset, by item: every boundary case.
CASES: dict[str, list[dict[str, Any]]] = {}
for _case in boundary_cases(RULES):
    CASES.setdefault(_case.item, []).append(_case.evidence)


def example_document() -> dict[str, Any]:
    text = resources.files("ithrive.data").joinpath("example-locality.json").read_text("utf-8")
    return dict(json.loads(text))


def both(evidence: Any) -> tuple[Any, Any]:
    """(score's outcome, the full engine's outcome): a scorecard or the error codes."""
    outcomes = []
    for run in (lambda: ithrive.score(evidence), lambda: _full_score(evidence, RULES)):
        try:
            card = run()
        except InvalidEvidenceError as err:
            outcomes.append(sorted((e.item or "", e.field or "", e.code) for e in err.errors))
        else:
            outcomes.append(card)
    return outcomes[0], outcomes[1]


junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 200),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.sampled_from(["1/3", "200/3", "0/0", "x", ""]),
    st.lists(st.integers(0, 3), max_size=2),
)


@st.composite
def piece(draw: st.DrawFn, item: str) -> dict[str, Any]:
    """A piece of evidence for ``item``: a boundary case or a rating, sometimes spoiled."""
    choices = [*CASES.get(item, []), {"kind": "rating", "level": 3}]
    base = dict(draw(st.sampled_from(choices)))
    if draw(st.integers(0, 9)) == 0:
        field = draw(st.sampled_from([*sorted(base), "measure", "extra"]))
        base[field] = draw(junk)
    return base


@st.composite
def evidence(draw: st.DrawFn) -> dict[str, Any]:
    items = draw(st.lists(st.sampled_from(ITEMS), unique=True, max_size=22))
    out: dict[str, Any] = {}
    for item in items:
        pieces = draw(st.lists(piece(item), min_size=0, max_size=3))
        out[item] = pieces[0] if len(pieces) == 1 and draw(st.booleans()) else pieces
    return out


class TestAgreement:
    """Fast and full scoring give equal scorecards, or the same problems."""

    @settings(max_examples=300, deadline=None)
    @given(evidence())
    def test_json_like_evidence_scores_the_same_either_way(self, doc: dict[str, Any]) -> None:
        fast, full = both(doc)
        assert full == fast

    @settings(max_examples=150, deadline=None)
    @given(evidence())
    def test_typed_evidence_scores_the_same_either_way(self, doc: dict[str, Any]) -> None:
        try:
            typed = {
                item: [structure_evidence(p) for p in (v if isinstance(v, list) else [v])]
                for item, v in doc.items()
            }
        except ithrive.EvidenceError:
            return
        fast, full = both(typed)
        assert full == fast

    def test_every_boundary_case_scores_the_same_either_way(self) -> None:
        for case in boundary_cases(RULES):
            fast, full = both({case.item: case.evidence})
            assert full == fast, case

    def test_the_example_locality_scores_the_same_either_way(self) -> None:
        fast, full = both(example_document())
        assert (full, full.to_json()) == (fast, fast.to_json())


class TestTheFastPathIsTaken:
    """Plain valid evidence is decided on the fast path; unusual input goes to the full engine."""

    def test_the_example_locality_takes_the_fast_path(self) -> None:
        card = ithrive.score(example_document())
        assert card._lazy is not None

    @pytest.mark.parametrize(
        "evidence",
        [
            {"micro.2": {"kind": "proportion", "percent": "200/3"}},
            {"meso.2": {"kind": "count", "count": 3, "in_place": ["a", "b", "c"]}},
            {"meso.3b": {"kind": "survey", "agree": 0, "respondents": 0, "eligible": 5}},
        ],
        ids=["ratio-text", "named-elements", "no-respondents"],
    )
    def test_unusual_valid_forms_are_scored_by_the_full_engine(self, evidence: Any) -> None:
        card = ithrive.score(evidence)
        assert (card._lazy, card) == (None, _full_score(evidence, RULES))


class TestLaterChangesCannotReachTheCard:
    """The scorecard keeps its own copy of JSON-like evidence."""

    def test_changing_the_evidence_after_scoring_changes_nothing(self) -> None:
        doc = example_document()
        card = ithrive.score(doc)
        doc["evidence"]["micro.2"]["numerator"] = 0
        doc["evidence"]["macro.1"]["criteria"].clear()
        assert _full_score(example_document(), RULES) == card


class TestExactEdges:
    """The fast path compares exactly, as the engine does."""

    @pytest.mark.parametrize(
        ("percent", "level"),
        [
            (math.nextafter(60.0, 0.0), 2),
            (60.0, 3),
            (Fraction(119, 2), 2),
            (79.99999999999999, 3),
        ],
    )
    def test_micro2_edges(self, percent: float | Fraction, level: int) -> None:
        got = ithrive.score({"micro.2": ithrive.Proportion(percent=percent)})
        assert level == got["micro.2"].level


class TestNumpyAndOtherNumberTypes:
    """Typed evidence holding numpy scalars scores the same on both paths, without a crash."""

    @pytest.mark.parametrize(
        ("item", "build", "level"),
        [
            ("micro.2", lambda np: ithrive.Proportion(percent=np.int64(60)), 3),
            ("micro.2", lambda np: ithrive.Proportion(percent=np.float32(59.5)), 2),
            ("micro.2", lambda np: ithrive.Proportion(percent=np.float64(59.99999999999999)), 2),
            # 200 of 250 is 80%: with uint8 arithmetic 100 * 200 would wrap around
            (
                "micro.2",
                lambda np: ithrive.Proportion(numerator=np.uint8(200), denominator=np.uint8(250)),
                4,
            ),
            (
                "micro.1b",
                lambda np: ithrive.CollaboRATE(mean=np.int64(8), offered_percent=np.int64(50)),
                3,
            ),
            (
                "micro.3a",
                lambda np: ithrive.Survey(
                    agree=np.int8(100), respondents=np.int8(100), eligible=np.int8(120)
                ),
                4,
            ),
        ],
    )
    def test_each_path_gives_the_level_of_the_plain_numbers(
        self, item: str, build: Any, level: int
    ) -> None:
        """The fast result, written out, equals the full engine's, at the right level."""
        np = pytest.importorskip("numpy")
        evidence = {item: build(np)}
        fast, full = both(evidence)
        assert (level, full) == (fast[item].level, fast)
