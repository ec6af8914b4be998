"""One decision path: each item is decided once, and its words are written from the record.

``ithrive.score`` hands each item's pieces to the item's compiled rule
(:class:`ithrive.rules.decide.ItemDecider`), which returns the decision
record, the :class:`~ithrive.ItemResult`. These tests count rule evaluations
(a measure placing a value in its bands, the criteria of an indicator item)
to pin that nothing is decided twice: reading levels, explanations,
warnings, evidence, ``to_dict`` and ``to_json`` after scoring evaluates
nothing again. Every valid form of evidence takes that path.
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
from tests.strategies import local_audit

import ithrive
from ithrive import InvalidEvidenceError
from ithrive.evidence.reading import structure_evidence
from ithrive.rules import decide
from ithrive.rules.cases import boundary_cases
from ithrive.rules.decide._measure import CompiledMeasure

ITEMS = ithrive.FRAMEWORK.item_ids
#: Evidence pieces known to the packaged ruleset, by item: every boundary case.
CASES: dict[str, list[dict[str, Any]]] = {}
for _case in boundary_cases():
    CASES.setdefault(_case.item, []).append(dict(_case.evidence))


def example_document() -> dict[str, Any]:
    text = resources.files("ithrive.data").joinpath("example-locality.json").read_text("utf-8")
    return dict(json.loads(text))


@pytest.fixture
def evaluations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every rule evaluation made while the test runs, as the item and what was evaluated."""
    made: list[str] = []
    measure_evaluate = CompiledMeasure.evaluate
    criteria = decide.ItemDecider._criteria

    def counted_measure(self: Any, index: int, reading: Any) -> Any:
        made.append(f"measure {self.name}")
        return measure_evaluate(self, index, reading)

    def counted_criteria(self: Any, index: int, given: Any) -> Any:
        made.append(f"criteria {self.item}")
        return criteria(self, index, given)

    monkeypatch.setattr(CompiledMeasure, "evaluate", counted_measure)
    monkeypatch.setattr(decide.ItemDecider, "_criteria", counted_criteria)
    return made


def read_everything(card: ithrive.Scorecard) -> None:
    """Look at every part of a scorecard, as a user might."""
    for result in card:
        _ = (result.level, result.status, result.basis, result.value, result.decided_by)
        _ = (result.unmet, result.warnings, result.explanation, result.citation, result.evidence)
        _ = (result.exact_value, result.thrive_like, repr(result), hash(result))
    _ = (card.principles, card.systems, card.thrive_like, card.complete)
    card.to_dict()
    card.to_json()
    card.to_json(indent=None)


def pieces_of(evidence: dict[str, Any]) -> int:
    """How many measured or indicator pieces an evidence mapping holds (ratings need no rule)."""
    body = evidence.get("evidence", evidence)
    count = 0
    for entry in body.values():
        for piece in entry if isinstance(entry, list) else [entry]:
            kind = piece["kind"] if isinstance(piece, dict) else piece.kind
            count += kind != "rating"
    return count


class TestDecidedOnce:
    """Each piece is evaluated once, when scoring; reading the card evaluates nothing."""

    def test_scoring_the_example_evaluates_each_piece_once(self, evaluations: list[str]) -> None:
        """The example locality: one evaluation per measured or indicator piece."""
        doc = example_document()
        ithrive.score(doc)
        assert len(evaluations) == pieces_of(doc)

    def test_reading_every_part_of_the_card_evaluates_nothing(self, evaluations: list[str]) -> None:
        """Levels, words, evidence, principles, to_dict and to_json come from the records."""
        card = ithrive.score(example_document())
        scored = list(evaluations)
        read_everything(card)
        read_everything(card)
        assert evaluations == scored

    def test_words_are_written_on_first_read_and_kept(self) -> None:
        """A fresh record holds no words; reading one writes them once and keeps them."""
        card = ithrive.score(example_document())
        result = card["micro.2"]
        assert "_written" not in vars(result)
        first = result.explanation
        assert "_written" in vars(result)
        assert result.explanation is first

    def test_a_stored_scorecard_keeps_its_words(self) -> None:
        """A card read back with from_dict has the words it was written with, unchanged."""
        card = ithrive.score(example_document())
        again = ithrive.Scorecard.from_dict(card.to_dict())
        assert (again, again.to_json()) == (card, card.to_json())


VALID_FORMS: dict[str, tuple[dict[str, Any], str, int | None]] = {
    "zero respondents": (
        {"meso.3b": {"kind": "survey", "agree": 0, "respondents": 0, "eligible": 5}},
        "meso.3b",
        None,
    ),
    "fraction as text": ({"micro.2": {"kind": "proportion", "percent": "200/3"}}, "micro.2", 3),
    "exact fraction": ({"micro.2": ithrive.Proportion(percent=Fraction(119, 2))}, "micro.2", 2),
    "fraction mean as text": (
        {"micro.1b": {"kind": "collaborate", "mean": "20/3", "offered_percent": 60}},
        "micro.1b",
        2,
    ),
    "named count": (
        {"meso.2": {"kind": "count", "count": 3, "in_place": ["a", "b", "c"]}},
        "meso.2",
        3,
    ),
    "list with a rating": (
        {
            "micro.2": [
                {"kind": "proportion", "numerator": 18, "denominator": 30},
                {"kind": "rating", "level": 1},
            ]
        },
        "micro.2",
        3,
    ),
    "two measures": (
        {
            "macro.5": [
                {"kind": "proportion", "measure": "integrate", "percent": 85},
                {"kind": "proportion", "measure": "chi_esq", "percent": 72},
            ]
        },
        "macro.5",
        2,
    ),
    "list of one": ({"meso.2": [{"kind": "count", "count": 4}]}, "meso.2", 4),
    "typed indicators": (
        {"micro.6": ithrive.Indicators(criteria={"senior_practitioner_involved": False})},
        "micro.6",
        1,
    ),
}


class TestEveryValidFormTakesThePath:
    """Unusual but valid evidence is decided by the same compiled rule, once."""

    @pytest.mark.parametrize("form", list(VALID_FORMS), ids=list(VALID_FORMS))
    def test_the_form_is_decided_once_and_explained_from_the_record(
        self, form: str, evaluations: list[str]
    ) -> None:
        """One evaluation per measured or indicator piece; reading the words adds none."""
        evidence, item, level = VALID_FORMS[form]
        card = ithrive.score(evidence)
        assert (card[item].level, len(evaluations)) == (level, pieces_of(evidence))
        read_everything(card)
        assert len(evaluations) == pieces_of(evidence)

    def test_a_local_ruleset_is_decided_on_the_same_path(self, evaluations: list[str]) -> None:
        """A local variant's item is compiled from its own bands and decided once."""
        local = local_audit()
        card = ithrive.score({"micro.2": {"kind": "proportion", "percent": 65}}, local)
        read_everything(card)
        assert (card["micro.2"].level, card["micro.2"].decided_by, evaluations) == (
            3,
            "band [65, 85]",
            ["measure notes_audit"],
        )


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


def outcome(evidence: Any) -> Any:
    """A scorecard, or the problems as (item, field, code)."""
    try:
        return ithrive.score(evidence)
    except InvalidEvidenceError as err:
        return [(e.item or "", e.field or "", e.code) for e in err.errors]


class TestTypedAndDictsAgree:
    """Typed evidence and the same evidence as dicts give equal scorecards."""

    @settings(max_examples=150, deadline=None)
    @given(evidence())
    def test_typed_evidence_scores_as_its_dicts_do(self, doc: dict[str, Any]) -> None:
        """Whatever reads as typed objects scores exactly as the dicts it came from."""
        try:
            typed = {
                item: [structure_evidence(p) for p in (v if isinstance(v, list) else [v])]
                for item, v in doc.items()
            }
        except ithrive.EvidenceError:
            return
        dicts = {item: v if isinstance(v, list) else [v] for item, v in doc.items()}
        assert outcome(typed) == outcome(dicts)


class TestLaterChangesCannotReachTheCard:
    """The scorecard keeps its own copy of JSON-like evidence."""

    def test_changing_the_evidence_after_scoring_changes_nothing(self) -> None:
        """Changing the document after scoring changes neither results nor words."""
        doc = example_document()
        card = ithrive.score(doc)
        doc["evidence"]["micro.2"]["numerator"] = 0
        doc["evidence"]["macro.1"]["criteria"].clear()
        assert ithrive.score(example_document()).to_json() == card.to_json()


class TestExactEdges:
    """The decision compares exactly."""

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
        """A percent one float below an edge is below it; exactly on it is in the upper band."""
        got = ithrive.score({"micro.2": ithrive.Proportion(percent=percent)})
        assert level == got["micro.2"].level


class TestNumpyAndOtherNumberTypes:
    """Typed evidence holding numpy scalars scores as the plain numbers do, without a crash."""

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
    def test_numpy_numbers_give_the_level_of_the_plain_numbers(
        self, item: str, build: Any, level: int
    ) -> None:
        """The numbers are made plain ints and floats before any arithmetic."""
        np = pytest.importorskip("numpy")
        card = ithrive.score({item: build(np)})
        assert level == card[item].level
        assert card[item].explanation
