"""Tests for ithrive.evidence.measures: evidence from raw records, exact CollaboRATE evidence."""

from __future__ import annotations

import json
import sys
from fractions import Fraction

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ithrive
from ithrive import CollaboRATE, Count, Proportion, Survey
from ithrive.evidence.measures import (
    AUDIT_ITEMS,
    MINDFUL_ELEMENTS,
    MINIMUM_ENCOUNTERS,
    CollaboRATEScores,
    MindfulElement,
    audit,
    collaborate,
    mindful,
    missing_elements,
    staff_survey,
)
from ithrive.evidence.reading import structure_evidence, unstructure_evidence

# ------------------------------------------------------------------ strategies

answer = st.one_of(st.integers(0, 9), st.none())
encounter = st.tuples(answer, answer, answer)
complete_encounter = st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9))


def codes(err: BaseException) -> list[str]:
    """The codes of every problem an error carries."""
    return [e.code for e in getattr(err, "errors", (err,))]


# ------------------------------------------------------------------ audits


class TestAudit:
    """Case-note audits become proportions with their counts kept."""

    def test_booleans_are_counted_as_numerator_and_denominator(self) -> None:
        """Each true record is a note meeting the standard; every record is audited."""
        assert Proportion(numerator=3, denominator=5) == audit([True, False, True, True, False])

    def test_ones_and_zeros_and_numpy_booleans_count_as_true_and_false(self) -> None:
        """Spreadsheet 1/0 codes and numpy booleans are accepted."""
        expected = Proportion(numerator=2, denominator=4)
        assert expected == audit([1, 0, np.bool_(True), np.int64(0)])

    def test_the_measure_name_is_kept(self) -> None:
        """A measure name passes through to the evidence."""
        assert audit([True], measure="chi_esq").measure == "chi_esq"

    def test_a_pandas_column_is_read_by_name(self) -> None:
        """A DataFrame column of booleans gives the same evidence as the list."""
        frame = pd.DataFrame({"recorded": [True, True, False], "other": [1, 2, 3]})
        assert Proportion(numerator=2, denominator=3) == audit(frame, column="recorded")

    def test_a_polars_column_and_lazy_frame_are_read(self) -> None:
        """Polars frames, eager or lazy, work through narwhals."""
        frame = pl.DataFrame({"ok": [True, False, False, True]})
        expected = Proportion(numerator=2, denominator=4)
        assert expected == audit(frame, column="ok")
        assert expected == audit(frame.lazy(), column="ok")

    def test_a_series_is_read_without_a_column_name(self) -> None:
        """A Series is one column already."""
        assert Proportion(numerator=1, denominator=2) == audit(pd.Series([True, False]))

    def test_an_unknown_column_suggests_the_nearest(self) -> None:
        """A misspelt column name raises with a suggestion."""
        frame = pd.DataFrame({"recorded": [True]})
        with pytest.raises(ithrive.EvidenceError, match="did you mean 'recorded'") as info:
            audit(frame, column="recordd")
        assert "unknown_column" == info.value.code

    def test_a_frame_without_a_column_name_is_refused(self) -> None:
        """Which column to read must be said."""
        with pytest.raises(ithrive.EvidenceError) as info:
            audit(pd.DataFrame({"a": [True]}))
        assert ("missing_field", "column") == (info.value.code, info.value.field)

    def test_a_column_name_without_a_frame_is_refused(self) -> None:
        """'column' means nothing for a plain list."""
        with pytest.raises(ithrive.EvidenceError) as info:
            audit([True], column="x")
        assert "unexpected_field" == info.value.code

    def test_missing_and_malformed_records_are_all_reported_with_positions(self) -> None:
        """Every bad record is named by its position, missing ones apart from wrong ones."""
        with pytest.raises(ithrive.InvalidEvidenceError) as info:
            audit([True, None, "yes", float("nan"), 2])
        found = [(e.code, e.field) for e in info.value.errors]
        assert [
            ("missing_value", "records[1]"),
            ("wrong_type", "records[2]"),
            ("missing_value", "records[3]"),
            ("wrong_type", "records[4]"),
        ] == found

    def test_pandas_na_in_a_plain_list_is_a_missing_record(self) -> None:
        """pandas.NA is missing, like None and NaN, not a wrong type."""
        with pytest.raises(ithrive.EvidenceError) as info:
            audit([True, pd.NA])
        assert ("missing_value", "records[1]") == (info.value.code, info.value.field)

    @pytest.mark.parametrize("records", [{1: False, 0: True}, {"n1": True, "n2": False}])
    def test_a_mapping_of_records_is_refused_rather_than_its_keys_counted(
        self, records: object
    ) -> None:
        """Iterating a dict gives its keys; {1: False, 0: True} must not count as 1 of 2."""
        with pytest.raises(ithrive.EvidenceError) as info:
            audit(records)
        assert "wrong_type" == info.value.code
        with pytest.raises(ithrive.EvidenceError) as info:
            staff_survey(records, eligible=5)
        assert "wrong_type" == info.value.code

    def test_nulls_in_a_frame_are_missing_records(self) -> None:
        """A null in the column is a missing record, not false."""
        frame = pl.DataFrame({"ok": [True, None]})
        with pytest.raises(ithrive.EvidenceError) as info:
            audit(frame, column="ok")
        assert ("missing_value", "records[1]") == (info.value.code, info.value.field)

    def test_an_empty_audit_is_refused(self) -> None:
        """An audit of no notes has no rate."""
        with pytest.raises(ithrive.EvidenceError) as info:
            audit([])
        assert "no_records" == info.value.code

    @pytest.mark.parametrize("records", [3, "TTF", None])
    def test_records_that_are_not_a_collection_are_refused(self, records: object) -> None:
        """A number, text or nothing is not a list of records."""
        with pytest.raises(ithrive.EvidenceError) as info:
            audit(records)
        assert "wrong_type" == info.value.code

    def test_something_from_a_frame_library_that_is_not_a_frame_is_refused(self) -> None:
        """A pandas object narwhals cannot read is refused with a clear error."""
        with pytest.raises(ithrive.EvidenceError) as info:
            audit(pd.Timestamp("2017-01-01"))
        assert "wrong_type" == info.value.code

    @pytest.mark.parametrize("item", AUDIT_ITEMS)
    def test_every_audit_item_scores_audit_evidence(self, item: str) -> None:
        """Each listed audit item takes the evidence an audit produces."""
        card = ithrive.score({item: audit([True] * 18 + [False] * 12)})
        assert ithrive.Level.THREE == card[item].level

    @settings(deadline=None)
    @given(st.lists(st.booleans(), min_size=1, max_size=200))
    def test_audit_counts_agree_with_a_direct_count(self, flags: list[bool]) -> None:
        """Numerator and denominator are the true records and all records."""
        ev = audit(flags)
        assert (flags.count(True), len(flags)) == (ev.numerator, ev.denominator)


# ------------------------------------------------------------------ surveys


class TestStaffSurvey:
    """Staff survey returns become survey evidence."""

    def test_returns_and_headcount_give_agree_respondents_and_eligible(self) -> None:
        """Agreeing returns, all returns, and the eligible headcount."""
        expected = Survey(agree=3, respondents=4, eligible=6)
        assert expected == staff_survey([True, False, True, True], eligible=6)

    def test_a_survey_column_is_read_from_a_frame(self) -> None:
        """A frame column of returns works like a list."""
        frame = pl.DataFrame({"agree": [True, True, False]})
        expected = Survey(agree=2, respondents=3, eligible=10, measure="staff_survey")
        assert expected == staff_survey(frame, column="agree", eligible=10, measure="staff_survey")

    def test_no_returns_is_a_survey_nobody_answered(self) -> None:
        """Zero respondents is valid evidence (decision D15: no agreement)."""
        ev = staff_survey([], eligible=5)
        assert Survey(agree=0, respondents=0, eligible=5) == ev
        assert ithrive.score({"micro.3a": ev})["micro.3a"].level is None

    def test_more_returns_than_eligible_staff_is_refused(self) -> None:
        """The survey evidence itself checks respondents against eligible."""
        with pytest.raises(ithrive.EvidenceError) as info:
            staff_survey([True, True, True], eligible=2)
        assert "respondents_above_eligible" == info.value.code


# ------------------------------------------------------------------ MINDFUL


class TestMindful:
    """The seven MINDFUL elements are named, documented and counted."""

    def test_there_are_seven_elements_numbered_in_the_tools_order(self) -> None:
        """Numbers run 1-7 in list order, and every element has a description."""
        assert 7 == len(MINDFUL_ELEMENTS)
        assert list(range(1, 8)) == [e.number for e in MINDFUL_ELEMENTS]
        assert all(e.description.endswith(".") for e in MINDFUL_ELEMENTS)
        assert 7 == len({e.value for e in MINDFUL_ELEMENTS})

    def test_names_members_and_numbers_are_accepted_and_stored_in_order(self) -> None:
        """However given, the elements are stored by name in the tool's order."""
        ev = mindful([7, "data_feedback", MindfulElement.ROUTINE_MEASURES])
        expected = Count(count=3, in_place=("routine_measures", "data_feedback", "annual_review"))
        assert expected == ev

    def test_elements_in_place_score_meso_2(self) -> None:
        """Three elements in place is level 3 (decision D6)."""
        card = ithrive.score({"meso.2": mindful([1, 2, 3])})
        assert ithrive.Level.THREE == card["meso.2"].level

    def test_no_elements_is_a_count_of_zero(self) -> None:
        """An empty list is valid: nothing is in place."""
        assert Count(count=0, in_place=()) == mindful([])

    def test_every_problem_is_reported_with_a_suggestion(self) -> None:
        """Unknown names (with did-you-mean), bad numbers, wrong types and repeats."""
        with pytest.raises(ithrive.InvalidEvidenceError) as info:
            mindful(["learning_forum", 8, 2.5, True, "qi_method", "qi_method"])
        assert [
            "unknown_element",
            "out_of_range",
            "wrong_type",
            "wrong_type",
            "duplicate_name",
        ] == codes(info.value)
        assert "did you mean 'learning_forums'" in info.value.errors[0].message

    def test_a_single_name_given_as_text_is_refused(self) -> None:
        """A bare string is not a list of elements."""
        with pytest.raises(ithrive.EvidenceError) as info:
            mindful("annual_review")  # type: ignore[arg-type]
        assert "wrong_type" == info.value.code

    def test_missing_elements_are_the_others_in_order(self) -> None:
        """The elements not in place, in the tool's order."""
        missing = missing_elements(mindful(["annual_review", "qi_method"]))
        assert (
            MindfulElement.ROUTINE_MEASURES,
            MindfulElement.OUTCOMES_FRAMEWORK,
            MindfulElement.DATA_FEEDBACK,
            MindfulElement.VARIATION_REVIEW,
            MindfulElement.LEARNING_FORUMS,
        ) == missing

    def test_a_mapping_of_elements_to_flags_is_refused(self) -> None:
        """A checklist dict would count every key, even those marked False."""
        with pytest.raises(ithrive.EvidenceError) as info:
            mindful({"qi_method": True, "annual_review": False})  # type: ignore[arg-type]
        assert ("wrong_type", "elements") == (info.value.code, info.value.field)

    def test_missing_elements_of_something_not_a_count_is_refused(self) -> None:
        """A dict, not Count evidence, gets a wrong_type error, not an AttributeError."""
        with pytest.raises(ithrive.EvidenceError) as info:
            missing_elements({"kind": "count", "count": 2})  # type: ignore[arg-type]
        assert ("wrong_type", "evidence") == (info.value.code, info.value.field)

    def test_missing_elements_are_unknown_without_known_names(self) -> None:
        """A bare count, or names that are not MINDFUL elements, cannot say what is missing."""
        assert missing_elements(Count(count=2)) is None
        assert missing_elements(Count(count=1, in_place=("something else",))) is None

    @given(st.sets(st.sampled_from(MINDFUL_ELEMENTS)))
    def test_in_place_and_missing_partition_the_seven(self, chosen: set[MindfulElement]) -> None:
        """What is in place and what is missing together make all seven, without overlap."""
        ev = mindful(chosen)
        missing = missing_elements(ev)
        assert missing is not None
        assert ev.in_place is not None
        assert {e.value for e in MINDFUL_ELEMENTS} == set(ev.in_place) | {e.value for e in missing}
        assert len(chosen) == ev.count == 7 - len(missing)


# ------------------------------------------------------------------ CollaboRATE


# Four encounters whose exact mean is 6: naive float averaging gives a hair more.
SIX_EXACTLY = [(5, 3, 9), (6, 8, 6), (7, 8, 3), (3, 8, 6)]


class TestCollaboRATE:
    """CollaboRATE's official scores from per-encounter responses, exactly."""

    def test_naive_float_averaging_of_these_encounters_overshoots_six(self) -> None:
        """The premise: averaging item means in floats gives 6.000000000000001."""
        naive = sum(sum(e) / 3 for e in SIX_EXACTLY) / len(SIX_EXACTLY)
        assert 6.000000000000001 == naive
        card = ithrive.score({"micro.1b": CollaboRATE(mean=naive, offered_percent=100)})
        assert ithrive.Level.TWO == card["micro.1b"].level

    def test_an_exact_mean_of_six_rates_level_one(self) -> None:
        """Counted exactly, the mean is 6, which is level 1 (decision D7)."""
        scores = collaborate(SIX_EXACTLY, offered=4, eligible=4)
        assert Fraction(6) == scores.mean
        card = ithrive.score({"micro.1b": scores.to_evidence()})
        assert ithrive.Level.ONE == card["micro.1b"].level

    def test_incomplete_encounters_are_excluded_and_counted(self) -> None:
        """An encounter with any missing item is left out of both scores."""
        scores = collaborate([(9, 9, 9), (8, 7, 9), (9, None, 9), (None, None, None)])
        assert (2, 2) == (scores.encounters, scores.excluded)
        assert (Fraction(17, 2), Fraction(50)) == (scores.mean, scores.top_score)

    def test_no_complete_encounter_has_no_scores_and_no_evidence(self) -> None:
        """Without a complete encounter there is no mean; evidence cannot be made."""
        scores = collaborate([(None, 9, 9)], offered_percent=80)
        assert (None, None) == (scores.mean, scores.top_score)
        assert "no complete encounter (1 excluded)" == str(scores)
        with pytest.raises(ithrive.EvidenceError) as info:
            scores.to_evidence()
        assert "no_encounters" == info.value.code

    def test_evidence_needs_the_offered_share(self) -> None:
        """Scores can be counted without it, but the evidence needs it."""
        scores = collaborate([(9, 9, 9)])
        assert scores.offered_percent is None
        with pytest.raises(ithrive.EvidenceError) as info:
            scores.to_evidence()
        assert ("missing_field", "offered_percent") == (info.value.code, info.value.field)

    def test_offered_counts_give_an_exact_percent(self) -> None:
        """Two of three offered is exactly 200/3 percent, kept as a fraction."""
        scores = collaborate([(9, 9, 9)], offered=2, eligible=3)
        assert Fraction(200, 3) == scores.offered_percent
        assert Fraction(200, 3) == scores.to_evidence().exact_offered()

    def test_offered_percent_may_be_given_directly(self) -> None:
        """A known percent passes through unchanged."""
        assert 60 == collaborate([(9, 9, 9)], offered_percent=60).to_evidence().offered_percent

    @pytest.mark.parametrize(
        ("kwargs", "expected"),
        [
            ({"offered": 2, "offered_percent": 50}, ["conflicting_fields"]),
            ({"offered": 2}, ["missing_field"]),
            ({"eligible": 2}, ["missing_field"]),
            ({"offered": 3, "eligible": 2}, ["offered_above_eligible"]),
            ({"offered": -1, "eligible": 0}, ["out_of_range", "out_of_range"]),
            ({"offered": 1.5, "eligible": True}, ["wrong_type", "wrong_type"]),
        ],
    )
    def test_bad_offered_counts_are_reported(
        self, kwargs: dict[str, object], expected: list[str]
    ) -> None:
        """Every problem with offered, eligible and offered_percent is reported."""
        with pytest.raises(ithrive.IthriveError) as info:
            collaborate([(9, 9, 9)], **kwargs)  # type: ignore[arg-type]
        assert expected == codes(info.value)

    def test_bad_answers_and_shapes_are_all_reported_with_positions(self) -> None:
        """Scores outside 0-9, non-whole scores, text, booleans and wrong shapes."""
        rows = [(10, 9, 9), (8.5, 9, 9), ("9", 9, 9), (True, 9, 9), (9, 9), 9]
        with pytest.raises(ithrive.InvalidEvidenceError) as info:
            collaborate(rows)
        found = [(e.code, e.field) for e in info.value.errors]
        assert [
            ("out_of_range", "responses[0][0]"),
            ("out_of_range", "responses[1][0]"),
            ("wrong_type", "responses[2][0]"),
            ("wrong_type", "responses[3][0]"),
            ("wrong_shape", "responses[4]"),
            ("wrong_type", "responses[5]"),
        ] == found

    def test_a_score_that_is_not_a_number_is_a_wrong_type(self) -> None:
        """Text in a frame column is wrong_type, as the error catalogue says; 10 is out_of_range."""
        frame = pd.DataFrame({"q1": ["9", None], "q2": [9, 10], "q3": [9, 9]})
        with pytest.raises(ithrive.InvalidEvidenceError) as info:
            collaborate(frame, columns=["q1", "q2", "q3"])
        found = [(e.code, e.field) for e in info.value.errors]
        assert [("wrong_type", "responses[0][0]"), ("out_of_range", "responses[1][1]")] == found

    def test_a_numpy_array_holds_one_encounter_per_row(self) -> None:
        """A 2-D array is read row by row; NaN in a float array is a missing answer."""
        scores = collaborate(np.array([[9, 9, 9], [8, 7, np.nan], [8, 8, 8]]))
        assert (2, 1, Fraction(51, 6)) == (scores.encounters, scores.excluded, scores.mean)

    def test_decimal_answers_are_read_and_decimal_nan_is_missing(self) -> None:
        """Decimals (from a database) are whole scores or missing; 7.5 is still refused."""
        from decimal import Decimal

        scores = collaborate([(Decimal("9"), Decimal("8"), 7), (Decimal("NaN"), 9, 9)])
        assert (1, 1, Fraction(8)) == (scores.encounters, scores.excluded, scores.mean)
        with pytest.raises(ithrive.EvidenceError) as info:
            collaborate([(Decimal("7.5"), 9, 9)])
        assert ("out_of_range", "responses[0][0]") == (info.value.code, info.value.field)

    def test_scores_built_directly_are_checked(self) -> None:
        """Impossible counts (more top scores than encounters, text) are refused, all at once."""
        with pytest.raises(ithrive.InvalidEvidenceError) as info:
            CollaboRATEScores(encounters=2, excluded=0, score_total=100, top_scores=5)
        assert [("out_of_range", "top_scores"), ("out_of_range", "score_total")] == [
            (e.code, e.field) for e in info.value.errors
        ]
        with pytest.raises(ithrive.EvidenceError) as one:
            CollaboRATEScores(encounters="2", excluded=0, score_total=10, top_scores=0)  # type: ignore[arg-type]
        assert ("wrong_type", "encounters") == (one.value.code, one.value.field)

    def test_a_mapping_of_encounters_is_refused(self) -> None:
        """A dict of encounters would be read by its keys."""
        with pytest.raises(ithrive.EvidenceError) as info:
            collaborate({"enc1": (9, 9, 9)})
        assert "wrong_type" == info.value.code

    @pytest.mark.parametrize("responses", [None, "999", 5])
    def test_responses_that_are_not_a_collection_are_refused(self, responses: object) -> None:
        """Responses must be a list of encounters or a frame."""
        with pytest.raises(ithrive.EvidenceError) as info:
            collaborate(responses)
        assert "wrong_type" == info.value.code

    def test_columns_without_a_frame_are_refused(self) -> None:
        """'columns' means nothing for a plain list."""
        with pytest.raises(ithrive.EvidenceError) as info:
            collaborate([(9, 9, 9)], columns=("a", "b", "c"))
        assert "unexpected_field" == info.value.code

    def test_a_pandas_frame_with_missing_answers_is_read(self) -> None:
        """NaN (pandas' missing value in a float column) excludes the encounter."""
        frame = pd.DataFrame({"q1": [9, np.nan, 7], "q2": [9, 9, 8], "q3": [9, 9, 8]})
        scores = collaborate(frame, columns=["q1", "q2", "q3"])
        assert (2, 1, Fraction(50, 6), Fraction(50)) == (
            scores.encounters,
            scores.excluded,
            scores.mean,
            scores.top_score,
        )

    def test_a_polars_frame_with_nulls_is_read(self) -> None:
        """Nulls are missing answers."""
        frame = pl.DataFrame({"a": [9, None], "b": [9, 9], "c": [9, 9]})
        scores = collaborate(frame, columns=("a", "b", "c"))
        assert (1, 1, Fraction(9)) == (scores.encounters, scores.excluded, scores.mean)

    def test_pandas_nullable_integers_are_read(self) -> None:
        """pandas.NA in an Int64 column is a missing answer."""
        frame = pd.DataFrame({"a": pd.array([9, None], dtype="Int64"), "b": [9, 9], "c": [9, 9]})
        assert 1 == collaborate(frame, columns=["a", "b", "c"]).excluded

    @pytest.mark.parametrize("columns", [None, ["a", "b"], "abc"])
    def test_a_frame_needs_exactly_three_columns(self, columns: object) -> None:
        """Three item columns must be named."""
        frame = pd.DataFrame({"a": [9], "b": [9], "c": [9]})
        with pytest.raises(ithrive.EvidenceError):
            collaborate(frame, columns=columns)  # type: ignore[arg-type]

    def test_a_series_is_not_three_columns(self) -> None:
        """A single Series cannot hold three item scores."""
        with pytest.raises(ithrive.EvidenceError) as info:
            collaborate(pd.Series([9, 9]), columns=["a", "b", "c"])
        assert "wrong_shape" == info.value.code

    def test_fewer_than_twenty_five_encounters_are_flagged(self) -> None:
        """24 complete encounters are few; 25 are not."""
        assert collaborate([(9, 9, 9)] * (MINIMUM_ENCOUNTERS - 1)).few_encounters
        assert not collaborate([(9, 9, 9)] * MINIMUM_ENCOUNTERS).few_encounters

    def test_to_dict_is_json_ready_and_exact(self) -> None:
        """Counts as integers; fractions as whole numbers, floats or 'p/q' text."""
        scores = collaborate([(9, 9, 9), (9, 8, 8), (7, 7, 7)], offered=1, eligible=3)
        data = scores.to_dict()
        assert {
            "encounters": 3,
            "excluded": 0,
            "score_total": 73,
            "top_scores": 1,
            "mean": "73/9",
            "top_score": "100/3",
            "offered_percent": "100/3",
            "few_encounters": True,
        } == data
        json.dumps(data)

    @settings(deadline=None)
    @given(st.lists(encounter, max_size=80))
    def test_mean_and_top_score_agree_with_a_direct_computation(
        self, rows: list[tuple[int | None, ...]]
    ) -> None:
        """Mean of per-encounter means, and the share of all-nine encounters, over complete ones."""
        scores = collaborate(rows)
        complete = [r for r in rows if None not in r]
        assert len(complete) == scores.encounters
        assert len(rows) - len(complete) == scores.excluded
        if not complete:
            assert scores.mean is None
            return
        per_encounter = [Fraction(sum(r), 3) for r in complete]  # type: ignore[arg-type]
        assert sum(per_encounter) / len(complete) == scores.mean
        perfect = sum(1 for r in complete if r == (9, 9, 9))
        assert Fraction(100 * perfect, len(complete)) == scores.top_score
        assert abs(float(np.mean([float(m) for m in per_encounter])) - float(scores.mean)) < 1e-9

    @settings(deadline=None)
    @given(
        st.lists(complete_encounter, min_size=1, max_size=40),
        st.lists(encounter.filter(lambda e: None in e), min_size=1, max_size=10),
        st.randoms(use_true_random=False),
    )
    def test_incomplete_encounters_change_nothing_but_the_excluded_count(
        self,
        complete: list[tuple[int, int, int]],
        incomplete: list[tuple[int | None, ...]],
        rnd: object,
    ) -> None:
        """Mixing incomplete encounters in, in any order, leaves the scores as they were."""
        mixed: list[tuple[int | None, ...]] = [*complete, *incomplete]
        rnd.shuffle(mixed)  # type: ignore[attr-defined]
        alone, together = collaborate(complete), collaborate(mixed)
        assert (alone.mean, alone.top_score, alone.encounters) == (
            together.mean,
            together.top_score,
            together.encounters,
        )
        assert len(incomplete) == together.excluded

    @settings(deadline=None)
    @given(st.lists(complete_encounter, min_size=1, max_size=60), st.integers(50, 100))
    def test_scoring_the_evidence_uses_the_exact_mean(
        self, rows: list[tuple[int, int, int]], offered: int
    ) -> None:
        """The level is the band of the exact mean: strict thresholds 6, 7 and 8 (D7)."""
        scores = collaborate(rows, offered=offered, eligible=100)
        mean = scores.mean
        assert mean is not None
        expected = 1 + sum(1 for edge in (6, 7, 8) if mean > edge)
        result = ithrive.score({"micro.1b": scores.to_evidence()})["micro.1b"]
        assert expected == result.level
        few = any(w.code == "few_encounters" for w in result.warnings)
        assert scores.few_encounters == few

    def test_scores_can_be_built_from_responses_on_the_class(self) -> None:
        """The classmethod and the function give the same result."""
        rows = [(9, 9, 9), (1, 2, 3)]
        assert collaborate(rows) == CollaboRATEScores.from_responses(rows)


# ------------------------------------------------------------------ exact evidence


class TestExactCollaboRATEEvidence:
    """CollaboRATE evidence carries an exact mean through scoring and JSON."""

    def test_a_fraction_mean_is_kept_and_returned_exactly(self) -> None:
        """exact_mean returns the fraction given."""
        ev = CollaboRATE(mean=Fraction(20, 3), offered_percent=Fraction(200, 3))
        assert (Fraction(20, 3), Fraction(200, 3)) == (ev.exact_mean(), ev.exact_offered())

    def test_a_fraction_mean_outside_zero_to_nine_is_refused(self) -> None:
        """Validation applies to fractions as to floats."""
        with pytest.raises(ithrive.EvidenceError) as info:
            CollaboRATE(mean=Fraction(19, 2), offered_percent=100)
        assert ("out_of_range", "mean") == (info.value.code, info.value.field)

    @pytest.mark.parametrize(
        ("mean", "expected"),
        [
            (Fraction(6), 6),
            (Fraction(15, 2), 7.5),
            (Fraction(269, 33), "269/33"),
            (8.15, 8.15),
            (7, 7),
        ],
    )
    def test_json_carries_the_mean_without_loss(self, mean: object, expected: object) -> None:
        """Whole numbers and exact floats as numbers, other fractions as 'p/q' text."""
        ev = CollaboRATE(mean=mean, offered_percent=100)  # type: ignore[arg-type]
        data = unstructure_evidence(ev)
        assert expected == data["mean"]
        back = structure_evidence(json.loads(json.dumps(data)))
        assert ev == back
        assert ev.exact_mean() == back.exact_mean()

    def test_text_ratios_are_read_exactly_from_json(self) -> None:
        """'163/20' and '1/2' are exact; other text, decimals included, is not a number."""
        ev = structure_evidence({"kind": "collaborate", "mean": "163/20", "offered_percent": "1/2"})
        assert (Fraction(163, 20), Fraction(1, 2)) == (ev.exact_mean(), ev.exact_offered())
        for bad in ("eight", "1/0", "8.15", "60"):
            with pytest.raises(ithrive.EvidenceError) as info:
                structure_evidence({"kind": "collaborate", "mean": bad, "offered_percent": 50})
            assert ("wrong_type", "mean") == (info.value.code, info.value.field)

    def test_a_scorecard_with_an_exact_mean_round_trips_through_json(self) -> None:
        """to_json then from_dict gives an equal scorecard with the same exact mean."""
        ev = collaborate([(9, 9, 8), (9, 8, 8), (7, 9, 9)], offered=2, eligible=3).to_evidence()
        card = ithrive.score({"micro.1b": ev})
        back = ithrive.Scorecard.from_dict(json.loads(card.to_json()))
        assert card == back
        piece = back["micro.1b"].evidence[0]
        assert isinstance(piece, CollaboRATE)
        assert Fraction(76, 9) == piece.exact_mean()
        assert (
            "CollaboRATE mean 8.44 (exactly 76/9) from 3 encounters, top score 0%, "
            "offered to 66.67% (exactly 200/3)" in (back["micro.1b"].explanation)
        )


# ------------------------------------------------------------------ Camden


# Section 7 of the year-one report: Camden's CollaboRATE baseline.
CAMDEN_PARENTS = {"respondents": 33, "mean": 8.15, "top_score": 39}
CAMDEN_YOUNG_PEOPLE = {"respondents": 22, "mean": 7.60, "top_score": 14}
# The report gives no offered share; the worked example assumes everyone
# attending the clinics was offered the questionnaire.
ASSUMED_OFFERED = 100


class TestCamdenWorkedExample:
    """Camden's baseline figures score as the issue says (also in the docs)."""

    def test_the_parents_mean_rates_level_four_without_a_warning(self) -> None:
        """33 parents, mean 8.15: above 8 is level 4; 33 encounters need no warning."""
        ev = CollaboRATE(
            mean=CAMDEN_PARENTS["mean"],
            offered_percent=ASSUMED_OFFERED,
            encounters=CAMDEN_PARENTS["respondents"],
        )
        result = ithrive.score({"micro.1b": ev})["micro.1b"]
        assert ithrive.Level.FOUR == result.level
        assert () == result.warnings

    def test_the_young_peoples_mean_rates_level_three_with_the_warning(self) -> None:
        """22 young people, mean 7.60: level 3, flagged for fewer than 25 encounters."""
        ev = CollaboRATE(
            mean=CAMDEN_YOUNG_PEOPLE["mean"],
            offered_percent=ASSUMED_OFFERED,
            encounters=CAMDEN_YOUNG_PEOPLE["respondents"],
        )
        result = ithrive.score({"micro.1b": ev})["micro.1b"]
        assert ithrive.Level.THREE == result.level
        assert ["few_encounters"] == [w.code for w in result.warnings]

    def test_responses_matching_the_parents_figures_reproduce_them(self) -> None:
        """33 encounters, 13 perfect: mean 8.15 and top score 39% to the report's rounding."""
        rows = [(9, 9, 9)] * 13 + [(8, 8, 7)] * 16 + [(8, 7, 7)] * 4
        scores = collaborate(rows, offered_percent=ASSUMED_OFFERED)
        assert CAMDEN_PARENTS["respondents"] == scores.encounters
        assert scores.mean is not None
        assert scores.top_score is not None
        assert CAMDEN_PARENTS["mean"] == round(float(scores.mean), 2)
        assert CAMDEN_PARENTS["top_score"] == round(scores.top_score)
        result = ithrive.score({"micro.1b": scores.to_evidence()})["micro.1b"]
        assert (ithrive.Level.FOUR, ()) == (result.level, result.warnings)

    def test_no_twenty_two_complete_encounters_give_a_mean_of_seven_sixty(self) -> None:
        """Means of 22 complete encounters are k/66; none rounds to 7.60."""
        assert not any(round(Fraction(k, 66), 2) == Fraction(76, 10) for k in range(27 * 22 + 1))

    def test_responses_with_one_incomplete_return_fit_the_young_peoples_figures(self) -> None:
        """21 complete of 22 returns can give 7.60 and 14%, and still carry the warning."""
        rows: list[tuple[int | None, ...]] = [(9, 9, 9)] * 3 + [(8, 8, 7)] * 2 + [(8, 7, 7)] * 16
        rows.append((8, None, 8))
        scores = collaborate(rows, offered_percent=ASSUMED_OFFERED)
        assert (21, 1) == (scores.encounters, scores.excluded)
        assert scores.mean is not None
        assert scores.top_score is not None
        assert CAMDEN_YOUNG_PEOPLE["mean"] == round(float(scores.mean), 2)
        assert CAMDEN_YOUNG_PEOPLE["top_score"] == round(scores.top_score)
        result = ithrive.score({"micro.1b": scores.to_evidence()})["micro.1b"]
        assert ithrive.Level.THREE == result.level
        assert ["few_encounters"] == [w.code for w in result.warnings]


# ------------------------------------------------------------------ missing extras


class TestWithoutNarwhals:
    """Frames need the 'frames' extra; plain records never do."""

    def test_a_frame_without_narwhals_names_the_extra(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The error names the package and the extra to install."""
        monkeypatch.setitem(sys.modules, "narwhals", None)
        with pytest.raises(ithrive.MissingExtraError, match=r"ithrive\[frames\]") as info:
            audit(pd.DataFrame({"ok": [True]}), column="ok")
        assert ("narwhals", "frames") == (info.value.package, info.value.extra)

    def test_plain_records_work_without_narwhals(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Lists of records need no optional package."""
        monkeypatch.setitem(sys.modules, "narwhals", None)
        assert Proportion(numerator=1, denominator=1) == audit([True])
        assert Fraction(9) == collaborate([(9, 9, 9)]).mean


def test_a_collaborate_frame_without_columns_names_the_columns_keyword() -> None:
    """The error for a DataFrame given without columns names ``columns``, the keyword to use."""
    frame = pd.DataFrame({"q1": [9], "q2": [9], "q3": [9]})
    with pytest.raises(ithrive.EvidenceError, match="with 'columns'") as caught:
        collaborate(frame)
    assert "columns" == caught.value.field
