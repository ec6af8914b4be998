"""Typed evidence: each kind validates itself when built, and converts to and from JSON dicts.

Errors from a typed constructor are :class:`ithrive.EvidenceError` (one problem)
or :class:`ithrive.InvalidEvidenceError` (several), each naming the field and
value; the item is not known yet, so ``item`` is ``None``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ithrive
from ithrive import (
    CollaboRATE,
    Count,
    EvidenceError,
    EvidenceSet,
    Indicators,
    InvalidEvidenceError,
    Level,
    Proportion,
    Rating,
    Survey,
)
from ithrive.evidence.reading import structure_evidence, unstructure_evidence
from ithrive.limits import MAX_INTEGER


def problems(build: Any) -> list[tuple[str | None, str | None, Any, str]]:
    """Call ``build`` expecting an evidence error; ``(item, field, value, code)`` per problem."""
    with pytest.raises((EvidenceError, InvalidEvidenceError)) as info:
        build()
    err = info.value
    errors = err.errors if isinstance(err, InvalidEvidenceError) else (err,)
    return [(e.item, e.field, e.value, e.code) for e in errors]


# --------------------------------------------------------------------------- rating


class TestRating:
    """A panel rating is a level 1-4 with optional text."""

    @pytest.mark.parametrize("level", [1, 2, 3, 4])
    def test_accepts_levels_one_to_four_as_levels(self, level: int) -> None:
        """Rating(level=n) stores Level(n)."""
        assert Level(level) == Rating(level=level).level

    @pytest.mark.parametrize("level", [0, 5, -1, 10**6])
    def test_rejects_a_whole_number_outside_one_to_four(self, level: int) -> None:
        """A level of 0 or 5 is out_of_range on field 'level', with the value given."""
        assert [(None, "level", level, "out_of_range")] == problems(lambda: Rating(level=level))

    @pytest.mark.parametrize("level", ["3", 3.0, True, None, [3]])
    def test_rejects_a_level_that_is_not_a_whole_number(self, level: object) -> None:
        """Text, floats, booleans and None are wrong_type on field 'level'."""
        assert [(None, "level", level, "wrong_type")] == problems(lambda: Rating(level=level))

    def test_rejects_notes_that_are_not_text(self) -> None:
        """notes=3 is wrong_type on field 'notes'."""
        assert [(None, "notes", 3, "wrong_type")] == problems(lambda: Rating(level=2, notes=3))  # type: ignore[arg-type]

    def test_level_five_message_names_the_value(self) -> None:
        """The message for level 5 says which levels are allowed and what was given."""
        with pytest.raises(EvidenceError) as info:
            Rating(level=5)
        assert "level: expected a level 1, 2, 3 or 4, got 5" == str(info.value)


# --------------------------------------------------------------------------- proportion


class TestProportion:
    """A proportion is numerator of denominator, or a percent, within 0-100%."""

    def test_rejects_numerator_above_denominator(self) -> None:
        """Proportion(numerator=31, denominator=30) raises EvidenceError naming field and value."""
        with pytest.raises(EvidenceError) as info:
            Proportion(numerator=31, denominator=30)
        err = info.value
        assert ("numerator_above_denominator", None, "numerator", 31) == (
            err.code,
            err.item,
            err.field,
            err.value,
        )

    def test_numerator_above_denominator_message(self) -> None:
        """The message reads 'numerator: 31 is greater than the denominator 30'."""
        with pytest.raises(EvidenceError) as info:
            Proportion(numerator=31, denominator=30)
        assert "numerator: 31 is greater than the denominator 30" == str(info.value)

    @pytest.mark.parametrize(
        ("kwargs", "expected"),
        [
            ({"percent": 120}, [(None, "percent", 120, "out_of_range")]),
            ({"percent": -0.5}, [(None, "percent", -0.5, "out_of_range")]),
            ({"numerator": -1, "denominator": 30}, [(None, "numerator", -1, "out_of_range")]),
            ({"numerator": 0, "denominator": 0}, [(None, "denominator", 0, "out_of_range")]),
            ({"numerator": True, "denominator": 5}, [(None, "numerator", True, "wrong_type")]),
            ({"numerator": 3, "denominator": False}, [(None, "denominator", False, "wrong_type")]),
            ({"numerator": "18", "denominator": 30}, [(None, "numerator", "18", "wrong_type")]),
            ({"numerator": 18.0, "denominator": 30}, [(None, "numerator", 18.0, "wrong_type")]),
            ({"percent": "60"}, [(None, "percent", "60", "wrong_type")]),
            ({"percent": True}, [(None, "percent", True, "wrong_type")]),
            ({"percent": math.inf}, [(None, "percent", math.inf, "not_finite")]),
            ({"percent": -math.inf}, [(None, "percent", -math.inf, "not_finite")]),
            ({"numerator": 3}, [(None, "denominator", None, "missing_field")]),
            ({"denominator": 3}, [(None, "numerator", None, "missing_field")]),
            ({}, [(None, "percent", None, "missing_field")]),
            (
                {"numerator": 1, "denominator": 2, "percent": 50},
                [(None, "percent", 50, "conflicting_fields")],
            ),
            ({"percent": 50, "measure": 3}, [(None, "measure", 3, "wrong_type")]),
        ],
        ids=[
            "percent-120",
            "percent-negative",
            "negative-numerator",
            "zero-denominator",
            "bool-numerator",
            "bool-denominator",
            "text-numerator",
            "float-numerator",
            "text-percent",
            "bool-percent",
            "infinite-percent",
            "minus-infinite-percent",
            "no-denominator",
            "no-numerator",
            "nothing",
            "counts-and-percent",
            "measure-number",
        ],
    )
    def test_rejects_invalid_fields(self, kwargs: dict[str, Any], expected: list[Any]) -> None:
        """Each invalid field is reported with its name, the value as given and a stable code."""
        assert expected == problems(lambda: Proportion(**kwargs))

    def test_rejects_nan_percent(self) -> None:
        """percent=NaN is not_finite on field 'percent'."""
        ((item, field, value, code),) = problems(lambda: Proportion(percent=math.nan))
        assert (None, "percent", True, "not_finite") == (item, field, math.isnan(value), code)

    def test_reports_every_problem_of_one_proportion_together(self) -> None:
        """A negative numerator and a zero denominator give one InvalidEvidenceError with both."""
        expected = [
            (None, "numerator", -1, "out_of_range"),
            (None, "denominator", 0, "out_of_range"),
        ]
        assert expected == problems(lambda: Proportion(numerator=-1, denominator=0))

    def test_rejects_a_number_too_large_to_handle(self) -> None:
        """A denominator above the documented MAX_INTEGER is too_large, without printing it."""
        ((_, field, value, code),) = problems(lambda: Proportion(numerator=1, denominator=10**400))
        assert ("denominator", "too_large", True) == (field, code, len(str(value)) < 60)

    @pytest.mark.parametrize(
        ("kwargs", "expected"),
        [
            ({"numerator": 18, "denominator": 30}, Fraction(60)),
            ({"numerator": 2, "denominator": 3}, Fraction(200, 3)),
            ({"numerator": 0, "denominator": 7}, Fraction(0)),
            ({"numerator": 7, "denominator": 7}, Fraction(100)),
            ({"percent": 64.5}, Fraction(129, 2)),
            ({"percent": 80}, Fraction(80)),
        ],
    )
    def test_exact_percent_is_an_exact_fraction(
        self, kwargs: dict[str, Any], expected: Fraction
    ) -> None:
        """exact_percent() is 100 * numerator / denominator, or the percent, with no rounding."""
        assert expected == Proportion(**kwargs).exact_percent()

    def test_float_just_below_eighty_stays_below_eighty(self) -> None:
        """79.99999999999999 is kept as that float's exact value, below 80."""
        assert Proportion(percent=79.99999999999999).exact_percent() < 80

    @settings(max_examples=200, deadline=None)
    @given(st.integers(1, 10**6).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d))))
    def test_any_numerator_up_to_the_denominator_is_valid(self, pair: tuple[int, int]) -> None:
        """0 <= numerator <= denominator builds, and exact_percent is 100 n / d."""
        n, d = pair
        assert Fraction(100 * n, d) == Proportion(numerator=n, denominator=d).exact_percent()

    @settings(max_examples=200, deadline=None)
    @given(
        st.integers(1, 10**6).flatmap(
            lambda d: st.tuples(st.integers(d + 1, 2 * d + 5), st.just(d))
        )
    )
    def test_any_numerator_above_the_denominator_is_rejected(self, pair: tuple[int, int]) -> None:
        """numerator > denominator always raises numerator_above_denominator with that numerator."""
        n, d = pair
        assert [(None, "numerator", n, "numerator_above_denominator")] == problems(
            lambda: Proportion(numerator=n, denominator=d)
        )

    @settings(max_examples=200, deadline=None)
    @given(
        st.one_of(
            st.floats(max_value=-1e-300, allow_nan=False, allow_infinity=False),
            st.floats(min_value=100.00000000000001, allow_nan=False, allow_infinity=False),
        )
    )
    def test_any_finite_percent_outside_zero_to_hundred_is_rejected(self, pct: float) -> None:
        """A finite percent below 0 or above 100 is out_of_range with the value as given."""
        assert [(None, "percent", pct, "out_of_range")] == problems(lambda: Proportion(percent=pct))


# --------------------------------------------------------------------------- survey


class TestSurvey:
    """A staff survey: agree <= respondents <= eligible, eligible >= 1."""

    @pytest.mark.parametrize(
        ("kwargs", "expected"),
        [
            (
                {"agree": 6, "respondents": 5, "eligible": 10},
                [(None, "agree", 6, "agree_above_respondents")],
            ),
            (
                {"agree": 1, "respondents": 11, "eligible": 10},
                [(None, "respondents", 11, "respondents_above_eligible")],
            ),
            (
                {"agree": 0, "respondents": 0, "eligible": 0},
                [(None, "eligible", 0, "out_of_range")],
            ),
            (
                {"agree": -1, "respondents": 5, "eligible": 10},
                [(None, "agree", -1, "out_of_range")],
            ),
            (
                {"agree": 1.5, "respondents": 5, "eligible": 10},
                [(None, "agree", 1.5, "wrong_type")],
            ),
        ],
        ids=[
            "agree-above-respondents",
            "respondents-above-eligible",
            "no-eligible",
            "negative",
            "float",
        ],
    )
    def test_rejects_inconsistent_counts(self, kwargs: dict[str, Any], expected: list[Any]) -> None:
        """Each inconsistency is reported on the field that breaks it."""
        assert expected == problems(lambda: Survey(**kwargs))

    def test_exact_agreement_and_completion(self) -> None:
        """30 of 40 agree and 40 of 60 responded: agreement 75%, completion 200/3%."""
        s = Survey(agree=30, respondents=40, eligible=60)
        assert (Fraction(75), Fraction(200, 3)) == (s.exact_agreement(), s.exact_completion())

    def test_no_respondents_gives_no_agreement(self) -> None:
        """With no respondents, agreement is None (it cannot be computed), completion 0."""
        s = Survey(agree=0, respondents=0, eligible=10)
        assert (None, Fraction(0)) == (s.exact_agreement(), s.exact_completion())

    def test_reports_both_inconsistencies_together(self) -> None:
        """agree > respondents > eligible gives both problems at once."""
        expected = [
            (None, "agree", 9, "agree_above_respondents"),
            (None, "respondents", 8, "respondents_above_eligible"),
        ]
        assert expected == problems(lambda: Survey(agree=9, respondents=8, eligible=7))


# --------------------------------------------------------------------------- count


class TestCount:
    """A count of things in place, optionally naming them."""

    def test_rejects_a_negative_count(self) -> None:
        """count=-1 is out_of_range on field 'count'."""
        assert [(None, "count", -1, "out_of_range")] == problems(lambda: Count(count=-1))

    def test_rejects_a_name_list_of_the_wrong_length(self) -> None:
        """Two names for a count of 3 is count_mismatch, the value being the names."""
        assert [(None, "in_place", ["a", "b"], "count_mismatch")] == problems(
            lambda: Count(count=3, in_place=["a", "b"])
        )

    def test_rejects_repeated_names(self) -> None:
        """The same element named twice is duplicate_name."""
        assert [(None, "in_place", ["a", "a"], "duplicate_name")] == problems(
            lambda: Count(count=2, in_place=["a", "a"])
        )

    def test_rejects_names_that_are_not_text(self) -> None:
        """in_place=[1, 2] is wrong_type."""
        assert ["wrong_type"] == [p[3] for p in problems(lambda: Count(count=2, in_place=[1, 2]))]

    def test_names_are_stored_as_a_tuple(self) -> None:
        """A list of names becomes a tuple, so the evidence stays hashable."""
        ev = Count(count=2, in_place=["mindful_a", "mindful_b"])
        assert (("mindful_a", "mindful_b"), True) == (ev.in_place, isinstance(hash(ev), int))


# --------------------------------------------------------------------------- collaborate


class TestCollaboRATE:
    """CollaboRATE mean in 0-9 and the offered share in 0-100%."""

    @pytest.mark.parametrize(
        ("kwargs", "expected"),
        [
            ({"mean": 9.5, "offered_percent": 60}, [(None, "mean", 9.5, "out_of_range")]),
            ({"mean": 8, "offered_percent": 101}, [(None, "offered_percent", 101, "out_of_range")]),
            (
                {"mean": 8, "offered_percent": 60, "encounters": -2},
                [(None, "encounters", -2, "out_of_range")],
            ),
            ({"mean": "8", "offered_percent": 60}, [(None, "mean", "8", "wrong_type")]),
            ({"mean": math.inf, "offered_percent": 60}, [(None, "mean", math.inf, "not_finite")]),
        ],
        ids=[
            "mean-above-9",
            "offered-above-100",
            "negative-encounters",
            "text-mean",
            "infinite-mean",
        ],
    )
    def test_rejects_values_outside_their_ranges(
        self, kwargs: dict[str, Any], expected: list[Any]
    ) -> None:
        """Each out-of-range or mistyped field is reported with its value."""
        assert expected == problems(lambda: CollaboRATE(**kwargs))

    def test_exact_mean_and_offered(self) -> None:
        """exact_mean and exact_offered are the exact values of the numbers given."""
        c = CollaboRATE(mean=8.15, offered_percent=60, encounters=33)
        assert (Fraction(8.15), Fraction(60)) == (c.exact_mean(), c.exact_offered())


# --------------------------------------------------------------------------- indicators


class TestIndicators:
    """Indicators hold criterion ids mapped to true/false or a label, as sorted pairs."""

    def test_stores_criteria_as_sorted_pairs(self) -> None:
        """A mapping is stored as pairs sorted by id; as_dict gives it back."""
        ev = Indicators(criteria={"b": True, "a": "some"})
        assert ((("a", "some"), ("b", True)), {"a": "some", "b": True}) == (
            ev.criteria,
            ev.as_dict(),
        )

    def test_equal_criteria_in_any_order_are_equal(self) -> None:
        """Insertion order of the mapping does not matter."""
        assert Indicators(criteria={"a": True, "b": False}) == Indicators(
            criteria={"b": False, "a": True}
        )

    @pytest.mark.parametrize("value", [1, 0.5, None, ["x"]])
    def test_rejects_a_value_that_is_neither_bool_nor_label(self, value: object) -> None:
        """A value other than true, false or text is wrong_type at criteria.<id>."""
        assert [(None, "criteria.policy_exists", value, "wrong_type")] == problems(
            lambda: Indicators(criteria={"policy_exists": value})
        )

    def test_rejects_criteria_that_are_not_a_mapping(self) -> None:
        """criteria='policy_exists' is wrong_type on field 'criteria'."""
        assert ["wrong_type"] == [
            p[3] for p in problems(lambda: Indicators(criteria="policy_exists"))
        ]

    def test_pairs_in_any_order_equal_the_mapping(self) -> None:
        """Criteria given as pairs are sorted too, so they equal the same mapping."""
        assert Indicators(criteria={"a": False, "b": True}) == Indicators(
            criteria=(("b", True), ("a", False))
        )

    def test_rejects_a_criterion_given_twice_as_pairs(self) -> None:
        """Two pairs for one id would silently lose one value; it is duplicate_name instead."""
        assert [(None, "criteria.a", "a", "duplicate_name")] == problems(
            lambda: Indicators(criteria=(("a", True), ("a", False)))
        )

    def test_rejects_criteria_given_as_a_list(self) -> None:
        """A list (a JSON array) is not the mapping the evidence schema asks for."""
        assert ["wrong_type"] == [
            p[3]
            for p in problems(lambda: Indicators(criteria=[["a", True]]))  # type: ignore[arg-type]
        ]


# --------------------------------------------------------------------------- evidence set


class TestEvidenceSet:
    """An evidence set maps item ids to one or more pieces, in the order given."""

    def test_single_pieces_become_one_tuples(self) -> None:
        """A single piece is stored as a 1-tuple; a list as a tuple."""
        r, p = Rating(level=2), Proportion(percent=50)
        es = EvidenceSet(
            evidence={"micro.2": p, "macro.5": [Proportion(percent=50, measure="integrate"), r]}
        )
        assert ((p,), 2) == (es["micro.2"], len(es["macro.5"]))

    def test_missing_item_raises_key_error(self) -> None:
        """es['micro.7'] for an item not given raises KeyError."""
        es = EvidenceSet(evidence={"micro.2": Rating(level=1)})
        with pytest.raises(KeyError):
            es["micro.7"]

    def test_keeps_the_order_given(self) -> None:
        """items() yields item ids in the order given, not source order."""
        es = EvidenceSet(evidence={"micro.7": Rating(level=1), "macro.1": Rating(level=2)})
        assert ["micro.7", "macro.1"] == [k for k, _ in es.items()]


# --------------------------------------------------------------------------- immutability and JSON


EXAMPLES = [
    Rating(level=3, rater="workshop", notes="n"),
    Proportion(numerator=18, denominator=30),
    Proportion(percent=64.5, measure="integrate"),
    Survey(agree=30, respondents=40, eligible=60),
    Count(count=3, in_place=["a", "b", "c"]),
    Count(count=0),
    CollaboRATE(mean=7.6, offered_percent=62, encounters=22),
    Indicators(criteria={"policy_exists": True, "policy_co_creation": "some_agencies"}),
]


class TestImmutability:
    """Evidence objects are frozen and hashable."""

    @pytest.mark.parametrize("ev", EXAMPLES, ids=lambda e: e.kind)
    def test_assigning_a_field_raises(self, ev: Any) -> None:
        """Setting any field of evidence raises FrozenInstanceError."""
        field = attrs.fields(type(ev))[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(ev, field, None)

    @pytest.mark.parametrize("ev", EXAMPLES, ids=lambda e: e.kind)
    def test_evidence_is_hashable(self, ev: Any) -> None:
        """Equal evidence hashes alike."""
        assert hash(ev) == hash(attrs.evolve(ev))


class TestJsonForm:
    """Evidence converts to a JSON dict tagged by kind and back without loss."""

    @pytest.mark.parametrize("ev", EXAMPLES, ids=lambda e: e.kind)
    def test_round_trips_through_its_json_dict(self, ev: Any) -> None:
        """structure_evidence(unstructure_evidence(ev)) == ev."""
        assert ev == structure_evidence(unstructure_evidence(ev))

    def test_json_dict_puts_kind_first_and_leaves_out_unset_fields(self) -> None:
        """A Proportion from counts has kind, numerator, denominator and nothing else."""
        expected = {"kind": "proportion", "numerator": 18, "denominator": 30}
        out = unstructure_evidence(Proportion(numerator=18, denominator=30))
        assert (expected, "kind") == (out, next(iter(out)))

    def test_rating_level_is_written_as_a_plain_integer(self) -> None:
        """The level is written as int 3, not as the Level enum."""
        out = unstructure_evidence(Rating(level=3))
        assert (3, int) == (out["level"], type(out["level"]))

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            ({"kind": "rating", "level": 2}, Rating(level=2)),
            ({"kind": "proportion", "percent": 50}, Proportion(percent=50)),
            (
                {"kind": "survey", "agree": 1, "respondents": 2, "eligible": 3},
                Survey(agree=1, respondents=2, eligible=3),
            ),
            (
                {"kind": "count", "count": 2, "in_place": ["a", "b"]},
                Count(count=2, in_place=("a", "b")),
            ),
            (
                {"kind": "collaborate", "mean": 8, "offered_percent": 50},
                CollaboRATE(mean=8, offered_percent=50),
            ),
            ({"kind": "indicators", "criteria": {"x": True}}, Indicators(criteria={"x": True})),
        ],
        ids=lambda v: v["kind"] if isinstance(v, dict) else "",
    )
    def test_builds_each_kind_from_its_json_dict(self, data: dict[str, Any], expected: Any) -> None:
        """Each kind tag selects its class and fields map one to one."""
        assert expected == structure_evidence(data)

    def test_typed_evidence_passes_through_unchanged(self) -> None:
        """Giving an evidence object instead of a dict returns the same object."""
        ev = Proportion(percent=50)
        assert ev is structure_evidence(ev)

    @settings(max_examples=200, deadline=None)
    @given(
        st.one_of(
            st.builds(Rating, level=st.integers(1, 4), notes=st.none() | st.text(max_size=20)),
            st.integers(1, 10**6).flatmap(
                lambda d: st.builds(Proportion, numerator=st.integers(0, d), denominator=st.just(d))
            ),
            st.builds(Proportion, percent=st.floats(0, 100)),
            st.integers(1, 1000).flatmap(
                lambda e: st.integers(0, e).flatmap(
                    lambda r: st.builds(
                        Survey, agree=st.integers(0, r), respondents=st.just(r), eligible=st.just(e)
                    )
                )
            ),
            st.builds(Count, count=st.integers(0, 10**6)),
            st.builds(
                CollaboRATE,
                mean=st.floats(0, 9),
                offered_percent=st.floats(0, 100),
                encounters=st.none() | st.integers(0, 10**6),
            ),
            st.builds(
                Indicators,
                criteria=st.dictionaries(
                    st.text(min_size=1, max_size=10),
                    st.booleans() | st.text(max_size=10),
                    max_size=5,
                ),
            ),
        )
    )
    def test_any_valid_evidence_round_trips(self, ev: Any) -> None:
        """Every valid evidence object survives unstructure then structure unchanged."""
        assert ev == structure_evidence(unstructure_evidence(ev))


class TestPublicNames:
    """The evidence classes are exported from the package root."""

    def test_evidence_classes_are_exported(self) -> None:
        """ithrive exposes the six evidence classes and EvidenceSet."""
        names = [
            "Rating",
            "Proportion",
            "Survey",
            "Count",
            "CollaboRATE",
            "Indicators",
            "EvidenceSet",
        ]
        assert all(hasattr(ithrive, n) and n in ithrive.__all__ for n in names)

    def test_max_integer_is_documented_and_large(self) -> None:
        """The documented integer limit is far above any real assessment (at least 10**12)."""
        assert MAX_INTEGER >= 10**12


class TestNumbersOfOtherTypes:
    """numpy scalars and ``int``/``float`` subclasses are kept exactly, as plain Python numbers.

    Fixed-width integers would wrap around in the engine's arithmetic
    (``100 * numpy.uint8(200)``), and ``Fraction`` cannot read a ``numpy.float32``,
    so every number is made an ``int``, a ``float`` or an exact ``Fraction`` when built.
    """

    def test_fixed_width_counts_become_python_ints(self) -> None:
        """A numpy ``uint8`` numerator and denominator are stored as Python ints."""
        np = pytest.importorskip("numpy")
        got = Proportion(numerator=np.uint8(200), denominator=np.uint8(250))
        assert (int, int, Fraction(80)) == (
            type(got.numerator),
            type(got.denominator),
            got.exact_percent(),
        )

    def test_a_float32_percent_becomes_the_float_it_equals(self) -> None:
        """``numpy.float32(60.0)`` is stored as the float 60.0."""
        np = pytest.importorskip("numpy")
        got = Proportion(percent=np.float32(60.0))
        assert (float, Fraction(60)) == (type(got.percent), got.exact_percent())

    def test_a_longdouble_no_float_equals_becomes_an_exact_fraction(self) -> None:
        """A value only a ``longdouble`` holds is kept as the exact fraction, never rounded."""
        np = pytest.importorskip("numpy")
        value = np.longdouble(1) + np.longdouble(2) ** -55
        if Fraction(*value.as_integer_ratio()) == 1:
            pytest.skip("this platform's longdouble is a double")
        got = CollaboRATE(mean=Fraction(7), offered_percent=value)
        assert Fraction(*value.as_integer_ratio()) == got.exact_offered()

    def test_survey_and_count_fields_become_python_ints(self) -> None:
        """Every whole-number field of a survey and a count is a Python int."""
        np = pytest.importorskip("numpy")
        survey = Survey(agree=np.int8(100), respondents=np.int8(100), eligible=np.int16(120))
        count = Count(count=np.int64(3))
        assert [int] * 4 == [
            type(survey.agree),
            type(survey.respondents),
            type(survey.eligible),
            type(count.count),
        ]
        assert Fraction(100) == survey.exact_agreement()

    def test_subclasses_of_int_and_float_become_plain_numbers(self) -> None:
        """An ``int`` or ``float`` subclass is stored as the plain number it equals."""

        class MyInt(int):
            pass

        class MyFloat(float):
            pass

        got = CollaboRATE(mean=MyFloat(7.5), offered_percent=MyInt(50), encounters=MyInt(30))
        assert (float, int, int) == (
            type(got.mean),
            type(got.offered_percent),
            type(got.encounters),
        )

    def test_a_numpy_bool_is_still_refused_as_a_number(self) -> None:
        """numpy's bool is no more a number than Python's."""
        np = pytest.importorskip("numpy")
        assert [(None, "percent", "wrong_type")] == [
            (i, f, c) for i, f, _, c in problems(lambda: Proportion(percent=np.bool_(True)))
        ]


class TestSurveyComparesWhatItCan:
    """Each consistency check runs when its own two fields are sound."""

    def test_agree_above_respondents_is_reported_when_respondents_stand_alone(self) -> None:
        """A survey without ``eligible`` still compares ``agree`` with ``respondents``."""
        with pytest.raises(InvalidEvidenceError) as info:
            ithrive.score({"meso.3b": {"kind": "survey", "agree": 5, "respondents": 4}})
        assert [("meso.3b", "agree", "agree_above_respondents")] == [
            (e.item, e.field, e.code) for e in info.value.errors
        ]

    def test_respondents_above_eligible_is_reported_when_agree_is_wrong(self) -> None:
        """A bad ``agree`` does not hide ``respondents`` above ``eligible``."""
        assert [
            (None, "agree", "wrong_type"),
            (None, "respondents", "respondents_above_eligible"),
        ] == [
            (i, f, c)
            for i, f, _, c in problems(lambda: Survey(agree="x", respondents=9, eligible=4))  # type: ignore[arg-type]
        ]


class TestEvidenceSetShape:
    """An evidence set of the wrong shape is refused when built, naming the field and value."""

    @pytest.mark.parametrize(
        "evidence",
        [5, "micro.2", (("micro.2",),), [("micro.2", (), "extra")], ((1, 2, 3),)],
    )
    def test_evidence_that_is_not_item_pieces_pairs_is_refused(self, evidence: Any) -> None:
        """Anything but a mapping or (item id, pieces) pairs is a ``wrong_type`` error."""
        got = problems(lambda: EvidenceSet(evidence=evidence))
        assert [("evidence", "wrong_type")] == [(f, c) for _, f, _, c in got]

    @pytest.mark.parametrize("field", ["locality", "date"])
    def test_a_locality_or_date_that_is_not_text_is_refused(self, field: str) -> None:
        """Only text (or None) is accepted, as in an evidence document."""
        assert [(None, field, 5, "wrong_type")] == problems(
            lambda: EvidenceSet(evidence={}, **{field: 5})
        )

    def test_a_list_of_pairs_is_stored_as_a_tuple_of_tuples(self) -> None:
        """Pairs given as lists are frozen like a mapping's entries."""
        piece = Rating(level=3)
        got = EvidenceSet(evidence=[["micro.2", [piece]], ("meso.2", piece)])
        assert (("micro.2", (piece,)), ("meso.2", (piece,))) == got.evidence
