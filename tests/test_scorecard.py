"""Scorecards: deterministic, order-independent, lossless through JSON; principle and system rules.

Evidence sets are generated over all 22 items from the packaged ruleset's own
rules: ratings, proportions (counts or percents), surveys, counts,
CollaboRATE results, indicators drawn from each item's criteria, and lists of
pieces (macro.5's two measures, a measure plus a rating).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ithrive
from ithrive import FRAMEWORK, EvidenceError, Level, Scorecard, Status, UnknownItemError
from ithrive.rules import ItemRule, Measure

RULES = ithrive.default_ruleset()

#: Exact fractions given where the evidence classes are typed as float.
HALF_OF_119: Any = Fraction(119, 2)
HALF_OF_15: Any = Fraction(15, 2)

# --------------------------------------------------------------------------- strategies

_percent = st.one_of(
    st.integers(0, 100),
    st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False),
)
_text = st.text(max_size=15)


def _counts(max_den: int = 400) -> st.SearchStrategy[tuple[int, int]]:
    return st.integers(1, max_den).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d)))


def measured_piece(measure: Measure, named: bool) -> st.SearchStrategy[dict[str, Any]]:
    """A valid JSON-like piece of evidence for one measure of an item."""
    name = {"measure": measure.name} if named else {}
    if measure.kind == "proportion":
        return st.one_of(
            _counts().map(
                lambda nd: {"kind": "proportion", "numerator": nd[0], "denominator": nd[1], **name}
            ),
            _percent.map(lambda p: {"kind": "proportion", "percent": p, **name}),
        )
    if measure.kind == "survey":
        return (
            st.integers(1, 300)
            .flatmap(lambda e: st.tuples(st.integers(0, e), st.just(e)))
            .flatmap(lambda re: st.tuples(st.integers(0, re[0]), st.just(re[0]), st.just(re[1])))
            .map(
                lambda are: {
                    "kind": "survey",
                    "agree": are[0],
                    "respondents": are[1],
                    "eligible": are[2],
                    **name,
                }
            )
        )
    if measure.kind == "count":
        whole = measure.domain.integers()
        return st.integers(whole.start, whole.stop - 1).flatmap(
            lambda c: st.one_of(
                st.just({"kind": "count", "count": c, **name}),
                st.lists(st.text(min_size=1, max_size=8), min_size=c, max_size=c, unique=True).map(
                    lambda names: {"kind": "count", "count": c, "in_place": names, **name}
                ),
            )
        )
    assert measure.kind == "collaborate"
    return st.fixed_dictionaries(
        {
            "kind": st.just("collaborate"),
            "mean": st.one_of(
                st.integers(0, 9), st.floats(min_value=0, max_value=9, allow_nan=False)
            ),
            "offered_percent": _percent,
            **{k: st.just(v) for k, v in name.items()},
        },
        optional={"encounters": st.integers(0, 200)},
    )


def indicators_piece(rule: ItemRule) -> st.SearchStrategy[dict[str, Any]]:
    """Valid indicators: any subset of the item's criteria, each with a value of its form."""
    assert rule.indicators is not None
    values = {
        c.id: (st.sampled_from(c.values) if c.is_ordinal else st.booleans())
        for c in rule.indicators.criteria
    }
    return st.fixed_dictionaries({}, optional=values).map(
        lambda crit: {"kind": "indicators", "criteria": crit}
    )


rating_piece = st.fixed_dictionaries(
    {"kind": st.just("rating"), "level": st.integers(1, 4)},
    optional={"rater": _text, "notes": _text},
)


@st.composite
def item_evidence(draw: st.DrawFn, rule: ItemRule) -> Any:
    """None (not assessed), one piece, or a list of pieces valid for ``rule``."""
    pieces: list[dict[str, Any]] = []
    if draw(st.booleans()):
        pieces.append(draw(rating_piece))
    for m in rule.measures:
        if draw(st.booleans()):
            named = len(rule.measures) > 1 or draw(st.booleans())
            pieces.append(draw(measured_piece(m, named)))
    if rule.indicators is not None and draw(st.booleans()):
        pieces.append(draw(indicators_piece(rule)))
    if not pieces:
        return None
    pieces = list(draw(st.permutations(pieces)))
    if len(pieces) == 1 and draw(st.booleans()):
        return pieces[0]
    return pieces


@st.composite
def evidence_mappings(draw: st.DrawFn) -> dict[str, Any]:
    """A mapping from item id to valid evidence over any subset of the 22 items, in any order."""
    order = draw(st.permutations(FRAMEWORK.item_ids))
    out = {}
    for item_id in order:
        ev = draw(item_evidence(RULES.rule(item_id)))
        if ev is not None:
            out[item_id] = ev
    return out


@st.composite
def evidence_inputs(draw: st.DrawFn) -> Any:
    """A bare mapping, or a document with locality and date."""
    body = draw(evidence_mappings())
    if draw(st.booleans()):
        return body
    return {
        "locality": draw(st.none() | _text),
        "date": draw(st.none() | st.sampled_from(["2017-09", "2018-03", "2024"])),
        "evidence": body,
    }


def full_ratings(
    levels: Mapping[str, int | None] | None = None, default: int | None = 3
) -> dict[str, Any]:
    """A rating for every item (``default``), overridden per item; None leaves an item out."""
    chosen: dict[str, int | None] = dict.fromkeys(FRAMEWORK.item_ids, default)
    chosen.update(levels or {})
    return {i: {"kind": "rating", "level": lv} for i, lv in chosen.items() if lv is not None}


# --------------------------------------------------------------------------- round trip


class TestRoundTrip:
    """A scorecard survives JSON without loss, and the JSON is byte-stable."""

    @settings(max_examples=40, deadline=None)
    @given(evidence_inputs())
    def test_from_dict_of_json_gives_back_an_equal_scorecard(self, evidence: Any) -> None:
        """Scorecard.from_dict(json.loads(card.to_json())) == card."""
        card = ithrive.score(evidence)
        assert card == Scorecard.from_dict(json.loads(card.to_json()))

    @settings(max_examples=30, deadline=None)
    @given(evidence_inputs())
    def test_json_is_byte_identical_on_rescoring_and_after_rebuilding(self, evidence: Any) -> None:
        """Scoring twice, and rebuilding from JSON, give exactly the same JSON text."""
        text = ithrive.score(evidence).to_json()
        rebuilt = Scorecard.from_dict(json.loads(text))
        assert (text, text) == (ithrive.score(evidence).to_json(), rebuilt.to_json())

    @settings(max_examples=20, deadline=None)
    @given(evidence_inputs())
    def test_to_dict_is_what_to_json_writes(self, evidence: Any) -> None:
        """json.loads(card.to_json()) equals card.to_dict()."""
        card = ithrive.score(evidence)
        assert card.to_dict() == json.loads(card.to_json(indent=None))

    def test_example_locality_round_trips(self) -> None:
        """The packaged example locality's scorecard round-trips and is stable."""
        from importlib import resources

        doc = json.loads(
            resources.files("ithrive.data").joinpath("example-locality.json").read_text("utf-8")
        )
        card = ithrive.score(doc)
        rebuilt = Scorecard.from_dict(json.loads(card.to_json()))
        assert (card, card.to_json()) == (rebuilt, rebuilt.to_json())

    def test_json_lists_items_principles_and_systems_in_source_order(self) -> None:
        """The JSON keys follow the framework's order whatever the evidence order."""
        out = ithrive.score(
            {"micro.7": {"kind": "rating", "level": 2}, "macro.1": {"kind": "rating", "level": 3}}
        ).to_dict()
        assert (
            list(FRAMEWORK.item_ids),
            [p.id for p in FRAMEWORK.principles],
            ["macro", "meso", "micro"],
        ) == (list(out["items"]), list(out["principles"]), list(out["systems"]))

    @pytest.mark.parametrize(
        ("item", "build"),
        [
            ("micro.2", lambda: ithrive.Proportion(percent=HALF_OF_119)),
            ("micro.1b", lambda: ithrive.CollaboRATE(mean=HALF_OF_15, offered_percent=60)),
        ],
        ids=["fraction-percent", "fraction-mean"],
    )
    def test_evidence_accepted_by_a_constructor_gives_a_card_that_writes_json(
        self, item: str, build: Any
    ) -> None:
        """Typed evidence is refused when built, or its scorecard's to_json() works."""
        try:
            evidence = build()
        except EvidenceError:
            return  # refusing the value up front is also acceptable
        card = ithrive.score({item: evidence})
        assert card.to_dict() == json.loads(card.to_json(indent=None))

    def test_rejects_another_schema_version(self) -> None:
        """schema 2 raises EvidenceError code invalid_scorecard on field 'schema'."""
        data = ithrive.score({}).to_dict()
        data["schema"] = 2
        with pytest.raises(EvidenceError) as info:
            Scorecard.from_dict(data)
        assert ("invalid_scorecard", "schema", 2) == (
            info.value.code,
            info.value.field,
            info.value.value,
        )

    @pytest.mark.parametrize("data", [{}, {"schema": 1}, [], None, {"schema": 1, "items": 3}])
    def test_rejects_a_document_that_is_not_a_scorecard(self, data: Any) -> None:
        """Anything of the wrong shape raises EvidenceError code invalid_scorecard."""
        with pytest.raises(EvidenceError) as info:
            Scorecard.from_dict(data)
        assert "invalid_scorecard" == info.value.code


class TestEditedDocuments:
    """A scorecard document edited by hand is refused where it contradicts itself:
    principles, systems and the verdict must follow from the item levels."""

    @staticmethod
    def _card() -> dict[str, Any]:
        return ithrive.score(
            {
                "micro.3a": {"kind": "rating", "level": 4},
                "micro.3b": {"kind": "proportion", "numerator": 1, "denominator": 5},
                "micro.3c": {"kind": "rating", "level": 3},
            }
        ).to_dict()

    @pytest.mark.parametrize(
        ("edit", "field"),
        [
            (lambda d: d.update(thrive_like=True), "thrive_like"),
            (
                lambda d: d["principles"]["micro.3"].update(level=3, thrive_like=True),
                "principles.micro.3",
            ),
            (lambda d: d["systems"]["micro"].update(items_thrive_like=9), "systems.micro"),
            (lambda d: d["items"]["micro.3a"].update(status="not_assessed"), "status"),
        ],
        ids=["verdict", "principle", "system", "status"],
    )
    def test_refuses_a_derived_field_that_does_not_follow(self, edit: Any, field: str) -> None:
        """Each contradiction is invalid_scorecard naming the field that does not follow."""
        data = self._card()
        edit(data)
        with pytest.raises(EvidenceError) as info:
            Scorecard.from_dict(data)
        assert ("invalid_scorecard", field) == (info.value.code, info.value.field)

    def test_bad_evidence_in_a_document_names_the_item_and_piece(self) -> None:
        """A numerator above its denominator is reported at micro.3b evidence[0].numerator."""
        data = self._card()
        data["items"]["micro.3b"]["evidence"][0]["numerator"] = 9
        with pytest.raises(EvidenceError) as info:
            Scorecard.from_dict(data)
        assert ("micro.3b", "evidence[0].numerator") == (info.value.item, info.value.field)

    @pytest.mark.parametrize("entry", [-1, "x", None, [1]], ids=repr)
    def test_an_item_entry_that_is_not_an_object_names_the_entry_as_its_field(
        self, entry: Any
    ) -> None:
        """``"micro.2": -1`` is at field ``items.micro.2``, not read as the item's ``value``."""
        data = self._card()
        data["items"]["micro.2"] = entry
        with pytest.raises(EvidenceError) as info:
            Scorecard.from_dict(data)
        expected = ("invalid_scorecard", "micro.2", "items.micro.2", entry)
        assert expected == (info.value.code, info.value.item, info.value.field, info.value.value)
        assert str(info.value).startswith("micro.2 items.micro.2: expected object, got ")

    def test_the_header_of_a_capped_list_counts_every_problem(self) -> None:
        """Past MAX_PROBLEMS the header gives the total found, and the last line the rest."""
        from ithrive.limits import MAX_PROBLEMS

        data = self._card()
        for entry in data["items"].values():
            entry.update(level="x", status=5, basis=5, value="x", unmet=5)
        total = 5 * len(FRAMEWORK)
        assert total > MAX_PROBLEMS
        with pytest.raises(ithrive.InvalidEvidenceError) as info:
            Scorecard.from_dict(data)
        lines = str(info.value).splitlines()
        more = total - MAX_PROBLEMS
        expected = (
            f"{total} problems in the scorecard document:",
            f"  - and {more} more problems [more_problems]",
            MAX_PROBLEMS + 1,
        )
        assert expected == (lines[0], lines[-1], len(info.value.errors))


# --------------------------------------------------------------------------- determinism


class TestDeterminism:
    """Scoring is a pure function of the evidence, whatever order it arrives in."""

    @settings(max_examples=40, deadline=None)
    @given(evidence_mappings(), st.randoms(use_true_random=False))
    def test_shuffled_evidence_order_gives_an_equal_scorecard(
        self, evidence: dict[str, Any], rnd: Any
    ) -> None:
        """Reordering the item keys of the evidence mapping does not change the scorecard."""
        keys = list(evidence)
        rnd.shuffle(keys)
        shuffled = {k: evidence[k] for k in keys}
        a, b = ithrive.score(evidence), ithrive.score(shuffled)
        assert (a, a.to_json()) == (b, b.to_json())

    @settings(max_examples=40, deadline=None)
    @given(st.data())
    def test_order_of_pieces_within_an_item_does_not_change_its_level(
        self, data: st.DataObject
    ) -> None:
        """Permuting an item's list of pieces leaves its level, status and verdict unchanged."""
        item_id = data.draw(
            st.sampled_from(["macro.5", "micro.1b", "meso.3b", "micro.3a", "macro.1", "micro.2"])
        )
        pieces = data.draw(item_evidence(RULES.rule(item_id)).filter(lambda e: isinstance(e, list)))
        permuted = data.draw(st.permutations(pieces))
        a, b = (
            ithrive.score({item_id: pieces})[item_id],
            ithrive.score({item_id: permuted})[item_id],
        )
        assert (a.level, a.status, a.thrive_like) == (b.level, b.status, b.thrive_like)

    @settings(max_examples=25, deadline=None)
    @given(evidence_mappings())
    def test_typed_and_json_evidence_score_alike(self, evidence: dict[str, Any]) -> None:
        """Evidence given as typed objects scores exactly as the same evidence as dicts."""
        typed = ithrive.read_evidence(evidence)
        assert ithrive.score(evidence) == ithrive.score(typed)

    @settings(max_examples=20, deadline=None)
    @given(evidence_mappings())
    def test_scorecard_has_every_item_principle_and_system_in_order(
        self, evidence: dict[str, Any]
    ) -> None:
        """Every scorecard has 22 items, 17 principles and 3 systems, in source order."""
        card = ithrive.score(evidence)
        assert (
            FRAMEWORK.item_ids,
            tuple(p.id for p in FRAMEWORK.principles),
            ("macro", "meso", "micro"),
        ) == (
            tuple(r.item for r in card),
            tuple(p.principle for p in card.principles),
            tuple(s.system for s in card.systems),
        )

    @settings(max_examples=30, deadline=None)
    @given(evidence_mappings())
    def test_item_status_matches_its_level(self, evidence: dict[str, Any]) -> None:
        """An item has a level exactly when rated; not_assessed exactly when given nothing."""
        card = ithrive.score(evidence)
        expected = [
            (
                r.item,
                Status.NOT_ASSESSED
                if r.item not in evidence
                else (Status.RATED if r.level is not None else Status.INSUFFICIENT_EVIDENCE),
            )
            for r in card
        ]
        assert expected == [(r.item, r.status) for r in card]


# --------------------------------------------------------------------------- principles


def _expected_principle(card: Scorecard, principle_id: str) -> tuple[Level | None, bool | None]:
    levels = [card[i].level for i in FRAMEWORK.principle(principle_id).items]
    rated = [lv for lv in levels if lv is not None]
    if len(rated) == len(levels):
        low = min(rated)
        return low, low >= 3
    verdict = False if any(lv is not None and lv < 3 for lv in levels) else None
    return None, verdict


class TestPrincipleRules:
    """A principle takes the lowest of its parts; the overall verdict needs all 17 at 3 or more."""

    @settings(max_examples=40, deadline=None)
    @given(evidence_mappings())
    def test_principle_level_and_verdict_follow_from_their_parts(
        self, evidence: dict[str, Any]
    ) -> None:
        """Level is the min of the parts when all are rated, else None; a part below 3: False."""
        card = ithrive.score(evidence)
        expected = [(p.id, *_expected_principle(card, p.id)) for p in FRAMEWORK.principles]
        assert expected == [(p.principle, p.level, p.thrive_like) for p in card.principles]

    @settings(max_examples=40, deadline=None)
    @given(evidence_mappings())
    def test_overall_verdict_needs_every_principle_rated_three_or_more(
        self, evidence: dict[str, Any]
    ) -> None:
        """card.thrive_like is True exactly when all 17 principles have a level of at least 3."""
        card = ithrive.score(evidence)
        expected = all(p.level is not None and p.level >= 3 for p in card.principles)
        assert (expected, all(p.level is not None for p in card.principles)) == (
            card.thrive_like,
            card.complete,
        )

    @settings(max_examples=40, deadline=None)
    @given(st.dictionaries(st.sampled_from(FRAMEWORK.item_ids), st.integers(1, 4), min_size=22))
    def test_with_every_item_rated_everything_is_rated(self, levels: dict[str, int]) -> None:
        """Rating all 22 items gives every principle a level and a complete scorecard."""
        card = ithrive.score(full_ratings(levels))
        expected = all(lv >= 3 for lv in levels.values())
        assert (True, expected) == (card.complete, card.thrive_like)

    def test_multi_part_principle_takes_the_lowest_part(self) -> None:
        """micro.3 with parts rated 4, 3 and 2 is level 2, not THRIVE-like."""
        card = ithrive.score(full_ratings({"micro.3a": 4, "micro.3b": 3, "micro.3c": 2}))
        p = card.principle("micro.3")
        assert (Level.TWO, False, Status.RATED, ("micro.3a", "micro.3b", "micro.3c")) == (
            p.level,
            p.thrive_like,
            p.status,
            p.items,
        )

    def test_multi_part_principle_with_parts_at_three_and_four_is_thrive_like(self) -> None:
        """micro.5 with parts 4 and 3 is level 3 and THRIVE-like."""
        p = ithrive.score(full_ratings({"micro.5a": 4, "micro.5b": 3})).principle("micro.5")
        assert (Level.THREE, True) == (p.level, p.thrive_like)

    def test_missing_part_leaves_the_principle_without_a_level(self) -> None:
        """micro.3 with 3a and 3b rated 4 and 3c missing has no level and an open verdict."""
        card = ithrive.score(full_ratings({"micro.3a": 4, "micro.3b": 4, "micro.3c": None}))
        p = card.principle("micro.3")
        assert (None, None, Status.INSUFFICIENT_EVIDENCE, False, False) == (
            p.level,
            p.thrive_like,
            p.status,
            card.complete,
            card.thrive_like,
        )

    def test_a_rated_part_below_three_makes_the_verdict_false_even_with_a_part_missing(
        self,
    ) -> None:
        """micro.3 with 3a at 2 and 3c missing has no level, but its verdict is already False."""
        p = ithrive.score(full_ratings({"micro.3a": 2, "micro.3c": None})).principle("micro.3")
        assert (None, False) == (p.level, p.thrive_like)

    def test_principle_with_no_evidence_is_not_assessed(self) -> None:
        """micro.1 with neither part given is not_assessed, level None."""
        p = ithrive.score(full_ratings({"micro.1a": None, "micro.1b": None})).principle("micro.1")
        assert (None, None, Status.NOT_ASSESSED) == (p.level, p.thrive_like, p.status)

    def test_a_part_with_insufficient_evidence_leaves_the_principle_insufficient(self) -> None:
        """micro.3a's survey below 50% completion gives no level: micro.3 insufficient_evidence."""
        evidence = full_ratings({"micro.3a": None})
        evidence["micro.3a"] = {"kind": "survey", "agree": 9, "respondents": 10, "eligible": 30}
        card = ithrive.score(evidence)
        assert (Status.INSUFFICIENT_EVIDENCE, Status.INSUFFICIENT_EVIDENCE, None) == (
            card["micro.3a"].status,
            card.principle("micro.3").status,
            card.principle("micro.3").level,
        )

    def test_all_items_at_three_is_thrive_like_overall(self) -> None:
        """Every item rated 3 makes every principle level 3 and the locality THRIVE-like."""
        card = ithrive.score(full_ratings())
        assert ({Level.THREE}, True, True) == (
            {p.level for p in card.principles},
            card.thrive_like,
            card.complete,
        )

    def test_one_item_at_two_makes_the_locality_not_thrive_like(self) -> None:
        """Every item at 4 but meso.2 at 2: not THRIVE-like overall."""
        card = ithrive.score(full_ratings({"meso.2": 2}, default=4))
        assert (False, True, False) == (
            card.thrive_like,
            card.complete,
            card.principle("meso.2").thrive_like,
        )

    def test_one_item_missing_makes_the_locality_not_thrive_like(self) -> None:
        """Every item at 4 but micro.7 not assessed: incomplete and not THRIVE-like."""
        card = ithrive.score(full_ratings({"micro.7": None}, default=4))
        assert (False, False) == (card.thrive_like, card.complete)

    def test_no_evidence_gives_an_unrated_scorecard(self) -> None:
        """score({}) rates nothing and is not THRIVE-like."""
        card = ithrive.score({})
        assert ({Status.NOT_ASSESSED}, False, False) == (
            {r.status for r in card},
            card.thrive_like,
            card.complete,
        )


# --------------------------------------------------------------------------- systems


class TestSystemSummaries:
    """Each system level counts its items and principles and averages the rated levels."""

    @settings(max_examples=40, deadline=None)
    @given(evidence_mappings())
    def test_counts_and_mean_follow_from_the_results(self, evidence: dict[str, Any]) -> None:
        """items/principles total, rated and THRIVE-like, and the exact mean of rated levels."""
        card = ithrive.score(evidence)
        expected = []
        for system in FRAMEWORK.systems:
            items = [r for r in card if FRAMEWORK.item(r.item).system == system.id]
            prs = [
                p for p in card.principles if FRAMEWORK.principle(p.principle).system == system.id
            ]
            rated = [int(r.level) for r in items if r.level is not None]
            expected.append(
                (
                    system.id,
                    len(items),
                    len(rated),
                    sum(1 for lv in rated if lv >= 3),
                    len(prs),
                    sum(1 for p in prs if p.level is not None),
                    sum(1 for p in prs if p.thrive_like is True),
                    float(Fraction(sum(rated), len(rated))) if rated else None,
                )
            )
        got = [
            (
                s.system,
                s.items_total,
                s.items_rated,
                s.items_thrive_like,
                s.principles_total,
                s.principles_rated,
                s.principles_thrive_like,
                s.mean_level,
            )
            for s in card.systems
        ]
        assert expected == got

    def test_totals_per_system(self) -> None:
        """Macro has 5 items and 5 principles, meso 6 and 5, micro 11 and 7."""
        card = ithrive.score({})
        assert [("macro", 5, 5), ("meso", 6, 5), ("micro", 11, 7)] == [
            (s.system, s.items_total, s.principles_total) for s in card.systems
        ]

    def test_mean_of_rated_macro_items(self) -> None:
        """Macro items rated 1, 2 and 4 (two not assessed): 3 rated, 1 THRIVE-like, mean 7/3."""
        card = ithrive.score(
            {
                "macro.1": {"kind": "rating", "level": 1},
                "macro.2": {"kind": "rating", "level": 2},
                "macro.3": {"kind": "rating", "level": 4},
            }
        )
        s = card.system("macro")
        assert (3, 1, 3, 1, 7 / 3) == (
            s.items_rated,
            s.items_thrive_like,
            s.principles_rated,
            s.principles_thrive_like,
            s.mean_level,
        )

    def test_mean_is_none_when_nothing_is_rated(self) -> None:
        """A system with no rated item has mean_level None and zero counts."""
        s = ithrive.score({"macro.1": {"kind": "rating", "level": 4}}).system("micro")
        assert (0, 0, None) == (s.items_rated, s.principles_rated, s.mean_level)


# --------------------------------------------------------------------------- lookup and shape


class TestScorecardLookup:
    """Results are looked up by id; unknown ids raise with suggestions."""

    def test_indexing_by_item_id(self) -> None:
        """card['micro.2'] is micro.2's result."""
        card = ithrive.score(
            {"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}}
        )
        r = card["micro.2"]
        assert ("micro.2", Level.THREE, True, "notes_audit", 60.0) == (
            r.item,
            r.level,
            r.thrive_like,
            r.basis,
            r.value,
        )

    def test_unknown_item_raises_unknown_item_error(self) -> None:
        """card['micro.8'] raises UnknownItemError suggesting micro.7."""
        with pytest.raises(UnknownItemError) as info:
            ithrive.score({})["micro.8"]
        assert "micro.7" in info.value.suggestions

    def test_unknown_principle_and_system_raise(self) -> None:
        """card.principle('micro.9') and card.system('mezo') raise UnknownItemError."""
        card = ithrive.score({})
        raised = []
        for call in (lambda: card.principle("micro.9"), lambda: card.system("mezo")):
            with pytest.raises(UnknownItemError) as info:
                call()
            raised.append(info.value.code)
        assert ["unknown_principle", "unknown_system"] == raised

    def test_scorecard_is_frozen(self) -> None:
        """Assigning to a scorecard or a result raises FrozenInstanceError."""
        card = ithrive.score({})
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            card.thrive_like = True  # type: ignore[misc]

    def test_item_result_is_frozen(self) -> None:
        """Assigning to an item result raises FrozenInstanceError."""
        result = ithrive.score({})["micro.2"]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            result.level = Level.FOUR  # type: ignore[misc]

    def test_locality_and_date_are_carried_from_the_document(self) -> None:
        """An evidence document's locality and date appear on the scorecard and in its JSON."""
        card = ithrive.score({"locality": "Camden", "date": "2017-09", "evidence": {}})
        out = json.loads(card.to_json())
        assert ("Camden", "2017-09", "Camden", "2017-09") == (
            card.locality,
            card.date,
            out["locality"],
            out["date"],
        )

    def test_ruleset_name_and_version_are_recorded(self) -> None:
        """The scorecard names the ruleset that scored it."""
        card = ithrive.score({})
        assert (RULES.name, RULES.version) == (card.ruleset, card.ruleset_version)


#: An item result as pickled before the layout move (protocol 2): the pickle
#: names its rebuilding function ``ithrive.scorecard._item_result``.
_ITEM_RESULT_PICKLED_BEFORE_THE_MOVE = (
    b"\x80\x02cithrive.scorecard\n_item_result\nq\x00(X\x07\x00\x00\x00micro.2q\x01"
    b"cithrive.model.level\nLevel\nq\x02K\x03\x85q\x03Rq\x04cithrive.model.level\nStatus\n"
    b"q\x05X\x05\x00\x00\x00ratedq\x06\x85q\x07Rq\x08Xc\x00\x00\x00micro.2 level 3 "
    b"(THRIVE-like): panel rating 3. Source: Assessment tool, Micro principle 2, level 3.q\t"
    b"cithrive.evidence\nRating\nq\n)\x81q\x0b}q\x0c(X\x05\x00\x00\x00levelq\rh\x04"
    b"X\x05\x00\x00\x00notesq\x0eNX\x05\x00\x00\x00raterq\x0fNub\x85q\x10"
    b"X\x06\x00\x00\x00ratingq\x11Nh\x11))X+\x00\x00\x00Assessment tool, Micro principle 2, "
    b"level 3q\x12tq\x13Rq\x14."
)


def test_an_item_result_pickled_before_the_layout_move_still_loads() -> None:
    """ithrive.scorecard kept its path, so its pickles from before the move load as before."""
    import pickle

    loaded = pickle.loads(_ITEM_RESULT_PICKLED_BEFORE_THE_MOVE)
    want = ithrive.score({"micro.2": {"kind": "rating", "level": 3}})["micro.2"]
    assert loaded == want
    assert loaded.explanation == want.explanation
