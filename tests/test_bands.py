"""Band edges and gates of every measured item, for every evidence form that feeds it.

Expected levels come from the literal tables in ``tests/strategies.py`` (the
interpretation register written out by hand), never from the packaged ruleset.
Each proportion measure is checked from float percents and from exact counts,
each staff survey from agree/respondents/eligible, the MINDFUL count from
counts, and CollaboRATE from its mean and offered share; every gate is checked
on both sides of its edge.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import (
    AUDIT_PERCENT,
    CHI_ESQ_PERCENT,
    COLLABORATE_MEAN,
    ENCOUNTERS_MINIMUM,
    BandTable,
    counts_by_band,
    edge_neighbours,
    float_above,
    float_below,
    ordered_counts,
    ordered_reals,
    reals_by_band,
    reals_near_edge,
    surveys_by_completion,
)

import ithrive
from ithrive import CollaboRATE, Count, Proportion, Status, Survey


def result(item: str, evidence: Any) -> ithrive.ItemResult:
    """Score one item's evidence alone and return its result."""
    return ithrive.score({item: evidence})[item]


def codes(res: ithrive.ItemResult) -> frozenset[str]:
    """The warning codes of a result."""
    return frozenset(w.code for w in res.warnings)


def rated_level(res: ithrive.ItemResult) -> int:
    """The level of a result that must have one (the test fails, explained, if not)."""
    assert res.level is not None, res.explanation
    return int(res.level)


NO_WARNINGS: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- proportions


def proportion_band_rules(expected: BandTable) -> type:
    """The properties every proportion band table must have; subclasses name the item.

    A fresh class per item, so that each item's hypothesis tests are separate
    functions (one shared function called from many classes fails
    hypothesis' ``differing_executors`` health check).
    """

    class ProportionBandRules:
        """Properties every proportion band table must have.

        Bands are half-open ``[lower, upper)``, the last closed at 100: an edge
        value belongs to the higher level. A value is compared exactly, whether
        it comes as a float percent or as numerator/denominator counts, typed
        or as a JSON-like dict.
        """

        item: ClassVar[str]
        measure: ClassVar[str | None] = None
        table: ClassVar[BandTable] = expected

        def extra(self) -> dict[str, str]:
            return {} if self.measure is None else {"measure": self.measure}

        def level_from_percent(self, percent: float) -> int:
            return rated_level(result(self.item, Proportion(percent=percent, measure=self.measure)))

        def level_from_counts(self, numerator: int, denominator: int) -> int:
            ev = Proportion(numerator=numerator, denominator=denominator, measure=self.measure)
            return rated_level(result(self.item, ev))

        def test_percent_exactly_at_an_edge_gets_the_higher_level(self) -> None:
            """A percent equal to an edge belongs to the band above it."""
            expected = [2, 3, 4]
            actual = [self.level_from_percent(float(e)) for e in self.table.edges]
            assert expected == actual

        def test_percent_just_below_an_edge_gets_the_lower_level(self) -> None:
            """The largest float under an edge stays in the band below."""
            expected = [1, 2, 3]
            actual = [self.level_from_percent(float_below(e)) for e in self.table.edges]
            assert expected == actual

        def test_percent_just_above_an_edge_gets_the_higher_level(self) -> None:
            """The smallest float over an edge is in the band above."""
            expected = [2, 3, 4]
            actual = [self.level_from_percent(float_above(e)) for e in self.table.edges]
            assert expected == actual

        def test_domain_ends_get_levels_1_and_4(self) -> None:
            """0% and 100%, as percents and as counts, are levels 1 and 4."""
            expected = [1, 4, 1, 4]
            actual = [
                self.level_from_percent(0.0),
                self.level_from_percent(100.0),
                self.level_from_counts(0, 37),
                self.level_from_counts(37, 37),
            ]
            assert expected == actual

        @given(case=reals_by_band(expected))
        def test_percent_inside_a_band_gets_that_band_level(self, case: tuple[int, float]) -> None:
            """Any float percent inside a band, typed or as a dict, rates at that band's level."""
            level, percent = case
            as_dict = {"kind": "proportion", "percent": percent, **self.extra()}
            actual = (self.level_from_percent(percent), result(self.item, as_dict).level)
            assert (level, level) == actual

        @given(case=reals_near_edge(expected))
        def test_percent_within_a_point_of_an_edge_gets_the_level_on_its_side(
            self, case: tuple[int, float]
        ) -> None:
            """Floats in ``[edge - 1, edge)`` rate below an edge; in ``[edge, edge + 1]``, above."""
            index, percent = case
            expected = index + 1 if percent < self.table.edges[index] else index + 2
            assert expected == self.level_from_percent(percent)

        @given(case=counts_by_band(expected))
        def test_counts_inside_a_band_get_that_band_level(
            self, case: tuple[int, tuple[int, int]]
        ) -> None:
            """Any counts whose exact ratio is in a band, typed or as a dict, rate at its level."""
            level, (num, den) = case
            as_dict = {"kind": "proportion", "numerator": num, "denominator": den, **self.extra()}
            actual = (self.level_from_counts(num, den), result(self.item, as_dict).level)
            assert (level, level) == actual

        @given(case=edge_neighbours(expected))
        def test_counts_just_below_at_and_just_above_an_edge_get_the_levels_either_side(
            self, case: tuple[int, tuple[int, int], tuple[int, int], tuple[int, int]]
        ) -> None:
            """For a denominator of 1-500, the nearest ratios under, on and over an edge.

            Under the edge rates below it, on or over it rates above it (e.g.
            3 of 5 = 60% is level 3). With 11 or more cases the nearest ratios
            are in the adjacent bands; with fewer they may fall further, so
            their level is read from the literal table.
            """
            index, below, at, above = case
            edge = self.table.edges[index]
            ratio_below = Fraction(100 * below[0], below[1])
            ratio_above = Fraction(100 * above[0], above[1])
            assert ratio_below < edge <= ratio_below + Fraction(100, below[1])
            assert Fraction(100 * at[0], at[1]) == edge
            assert ratio_above - Fraction(100, above[1]) <= edge < ratio_above
            actual = (
                self.level_from_counts(*below),
                self.level_from_counts(*at),
                self.level_from_counts(*above),
            )
            assert (
                self.table.level(ratio_below),
                index + 2,
                self.table.level(ratio_above),
            ) == actual
            assert actual[0] <= index + 1 < actual[2]

        @given(percents=ordered_reals(AUDIT_PERCENT), counts=ordered_counts())
        def test_level_never_falls_as_the_value_rises(
            self, percents: tuple[float, float], counts: tuple[int, int, int]
        ) -> None:
            """A higher percent, or more cases of the same denominator, never gets a lower level."""
            low, high = percents  # every proportion domain is [0, 100]
            fewer, more, den = counts
            actual = (
                self.level_from_percent(low),
                self.level_from_percent(high),
                self.level_from_counts(fewer, den),
                self.level_from_counts(more, den),
            )
            expected = (
                self.table.level(low),
                self.table.level(high),
                self.table.level(Fraction(100 * fewer, den)),
                self.table.level(Fraction(100 * more, den)),
            )
            assert expected == actual
            assert actual[0] <= actual[1]
            assert actual[2] <= actual[3]

    return ProportionBandRules


class TestMacro5IntegrateBands(proportion_band_rules(AUDIT_PERCENT)):  # type: ignore[misc]
    """Macro principle 5, IntegRATE average score (measure ``integrate``).

    Source: the average score is 20%, 40%, 60%, 80% at levels 1-4. D1 takes
    each value as the lower bound of its level: [0,40) -> 1, [40,60) -> 2,
    [60,80) -> 3, [80,100] -> 4. The item has two measures, so the evidence
    names this one.
    """

    item = "macro.5"
    measure = "integrate"


class TestMacro5ChiEsqBands(proportion_band_rules(CHI_ESQ_PERCENT)):  # type: ignore[misc]
    """Macro principle 5, CHI-ESQ share strongly endorsing the service (measure ``chi_esq``).

    Source: <70%, 70%, 80%, 90% at levels 1-4. D2: [0,70) -> 1, [70,80) -> 2,
    [80,90) -> 3, [90,100] -> 4.
    """

    item = "macro.5"
    measure = "chi_esq"


class TestMeso5NiceAlignmentBands(proportion_band_rules(AUDIT_PERCENT)):  # type: ignore[misc]
    """Meso principle 5, share of relevant cases aligned with NICE-based guidance.

    Source: "at least" 20%, 40%, 60%, 80% at levels 1-4. D1: [0,40) -> 1,
    [40,60) -> 2, [60,80) -> 3, [80,100] -> 4.
    """

    item = "meso.5"


class TestMicro2NotesAuditBands(proportion_band_rules(AUDIT_PERCENT)):  # type: ignore[misc]
    """Micro principle 2, share of notes recording the needs-based grouping.

    Source: 20%, 40%, 60%, 80% of notes at levels 1-4. D1: [0,40) -> 1,
    [40,60) -> 2, [60,80) -> 3, [80,100] -> 4.
    """

    item = "micro.2"


class TestMicro3bEndingsAuditBands(proportion_band_rules(AUDIT_PERCENT)):  # type: ignore[misc]
    """Micro principle 3B, share of case notes with a reasons-for-ending proforma.

    Source: 0-40%, 40%-59%, 60-79%, 80-100% at levels 1-4; 40 is in two
    ranges. D1 and D3: 40 is level 2, so [0,40) -> 1, [40,60) -> 2,
    [60,80) -> 3, [80,100] -> 4.
    """

    item = "micro.3b"


class TestMicro5aSessionsAuditBands(proportion_band_rules(AUDIT_PERCENT)):  # type: ignore[misc]
    """Micro principle 5A, share managed within the recommended number of sessions.

    Source: 0-39%, 40-59%, 60-79%, 80-100% at levels 1-4, leaving gaps such as
    39.5. D4 closes them: [0,40) -> 1, [40,60) -> 2, [60,80) -> 3, [80,100] -> 4.
    """

    item = "micro.5a"


class TestMicro5bGoalsAuditBands(proportion_band_rules(AUDIT_PERCENT)):  # type: ignore[misc]
    """Micro principle 5B, share of notes recording goals, outcomes and a fallback plan.

    Source: 0-39%, 40-59%, 60-79%, 80-100% at levels 1-4. D4: [0,40) -> 1,
    [40,60) -> 2, [60,80) -> 3, [80,100] -> 4.
    """

    item = "micro.5b"


class TestMicro7RiskPlanAuditBands(proportion_band_rules(AUDIT_PERCENT)):  # type: ignore[misc]
    """Micro principle 7, share in Getting Risk Support with an up-to-date plan.

    Source: 0-39%, 40-69%, 60-79%, 80-100% at levels 1-4; 60-69 is in two
    ranges. D5 reads level 2 as 40-59: [0,40) -> 1, [40,60) -> 2,
    [60,80) -> 3, [80,100] -> 4.
    """

    item = "micro.7"


# --------------------------------------------------------------------------- staff surveys


def survey_band_rules(expected: BandTable) -> type:
    """The properties every staff-survey band table must have; subclasses name the item.

    A fresh class per item, as for :func:`proportion_band_rules`.
    """

    class SurveyBandRules:
        """Properties every staff-survey band table must have.

        Agreement is agree / respondents, compared exactly; bands as D1.
        Completion is kept at 50% or more here, so no completion gate acts.
        """

        item: ClassVar[str]
        table: ClassVar[BandTable] = expected

        def level_of(self, agree: int, respondents: int, eligible: int | None = None) -> int:
            survey = Survey(agree=agree, respondents=respondents, eligible=eligible or respondents)
            return rated_level(result(self.item, survey))

        def test_no_one_and_everyone_agreeing_get_levels_1_and_4(self) -> None:
            """0% and 100% agreement are levels 1 and 4."""
            expected = [1, 4]
            actual = [self.level_of(0, 12), self.level_of(12, 12)]
            assert expected == actual

        @given(case=counts_by_band(expected), position=st.integers(0, 100))
        def test_agreement_inside_a_band_gets_that_band_level(
            self, case: tuple[int, tuple[int, int]], position: int
        ) -> None:
            """Any agree/respondents ratio inside a band, at 50% completion or more, rates at it.

            Typed and as a ``kind: survey`` dict; eligible staff run from the
            respondents (100% completion) to twice them (exactly 50%).
            """
            level, (agree, respondents) = case
            eligible = respondents + respondents * position // 100
            body = {
                "kind": "survey",
                "agree": agree,
                "respondents": respondents,
                "eligible": eligible,
            }
            actual = (self.level_of(agree, respondents, eligible), result(self.item, body).level)
            assert (level, level) == actual

        @given(case=edge_neighbours(expected))
        def test_agreement_just_below_at_and_just_above_an_edge_gets_the_levels_either_side(
            self, case: tuple[int, tuple[int, int], tuple[int, int], tuple[int, int]]
        ) -> None:
            """For 1-500 respondents, the nearest agreement under, on and over an edge.

            Under the edge rates below it; on or over it rates above it (3 of
            5 agreeing = 60% is level 3). Below 11 respondents the nearest
            ratio may fall further, so its level is read from the literal table.
            """
            index, below, at, above = case
            edge = self.table.edges[index]
            ratio_below = Fraction(100 * below[0], below[1])
            ratio_above = Fraction(100 * above[0], above[1])
            assert ratio_below < edge <= ratio_below + Fraction(100, below[1])
            assert Fraction(100 * at[0], at[1]) == edge
            assert ratio_above - Fraction(100, above[1]) <= edge < ratio_above
            actual = (self.level_of(*below), self.level_of(*at), self.level_of(*above))
            assert (
                self.table.level(ratio_below),
                index + 2,
                self.table.level(ratio_above),
            ) == actual
            assert actual[0] <= index + 1 < actual[2]

        def test_agreement_a_millionth_either_side_of_an_edge_gets_the_levels_either_side(
            self,
        ) -> None:
            """With a million respondents, one agreeing fewer than an edge rates below it, and
            exactly at or one over it rates above it: an edge moved by 0.01 points shows."""
            respondents = 10**6
            for index, edge in enumerate(self.table.edges):
                at = int(edge * respondents / 100)
                actual = [self.level_of(a, respondents) for a in (at - 1, at, at + 1)]
                assert [index + 1, index + 2, index + 2] == actual, edge

        @given(counts=ordered_counts())
        def test_level_never_falls_as_more_respondents_agree(
            self, counts: tuple[int, int, int]
        ) -> None:
            """With the same respondents, more agreeing never lowers the level."""
            fewer, more, respondents = counts
            actual = (self.level_of(fewer, respondents), self.level_of(more, respondents))
            expected = (
                self.table.level(Fraction(100 * fewer, respondents)),
                self.table.level(Fraction(100 * more, respondents)),
            )
            assert expected == actual
            assert actual[0] <= actual[1]

    return SurveyBandRules


class TestMeso3bStaffSurveyBands(survey_band_rules(AUDIT_PERCENT)):  # type: ignore[misc]
    """Meso principle 3B, staff agreeing care follows the needs-based groupings.

    Source: 20%, 40%, 60%, 80% of staff agree at levels 1-4. D1: agreement
    [0,40) -> 1, [40,60) -> 2, [60,80) -> 3, [80,100] -> 4.
    """

    item = "meso.3b"


class TestMicro3aStaffSurveyBands(survey_band_rules(AUDIT_PERCENT)):  # type: ignore[misc]
    """Micro principle 3A, staff agreeing on clear treatment length and endings.

    Source: 20%, 40%, 60%, 80% of staff agree at levels 1-4 (minimum 50%
    completion). D1: agreement [0,40) -> 1, [40,60) -> 2, [60,80) -> 3,
    [80,100] -> 4.
    """

    item = "micro.3a"


# --------------------------------------------------------------------------- MINDFUL count


class TestMeso2MindfulCountBands:
    """Meso principle 2, number of the seven MINDFUL elements reliably in place.

    Source: none, two, three, "four or five" elements at levels 1-4, which says
    nothing of one, six or seven. D6: 0-1 -> 1, 2 -> 2, 3 -> 3, 4-7 -> 4;
    counts above 7 (or below 0) are errors.
    """

    item = "meso.2"
    expected: ClassVar[dict[int, int]] = {0: 1, 1: 1, 2: 2, 3: 3, 4: 4, 5: 4, 6: 4, 7: 4}

    @pytest.mark.parametrize("count", range(8))
    def test_each_count_gets_its_literal_level(self, count: int) -> None:
        """Every count 0-7 gets the level D6 gives it."""
        assert self.expected[count] == result(self.item, Count(count=count)).level

    def test_level_never_falls_as_more_elements_are_in_place(self) -> None:
        """Over every pair of counts 0-7, more elements in place never lowers the level."""
        levels = [rated_level(result(self.item, Count(count=c))) for c in range(8)]
        assert [self.expected[c] for c in range(8)] == levels
        assert sorted(levels) == levels

    @given(count=st.integers(8, 10**6))
    def test_a_count_above_seven_is_invalid_evidence(self, count: int) -> None:
        """There are only seven elements, so 8 or more is refused, never clamped to 4."""
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            result(self.item, Count(count=count))
        assert ["out_of_range"] == [e.code for e in caught.value.errors]

    def test_the_edges_between_levels_are_2_3_and_4(self) -> None:
        """Just below and at each edge: 1|2, 2|3, 3|4."""
        expected = [1, 2, 2, 3, 3, 4]
        actual = [result(self.item, Count(count=c)).level for c in (1, 2, 2, 3, 3, 4)]
        assert expected == actual

    @pytest.mark.parametrize("count", range(8))
    def test_dict_count_and_named_elements_get_the_same_level(self, count: int) -> None:
        """A ``kind: count`` dict, and a count naming its elements, score like the typed count."""
        names = [f"element {i}" for i in range(count)]
        actual = (
            result(self.item, {"kind": "count", "count": count}).level,
            result(self.item, Count(count=count, in_place=names)).level,
        )
        assert (self.expected[count], self.expected[count]) == actual


# --------------------------------------------------------------------------- CollaboRATE


MEANS = st.floats(0, 9)
OFFERED_ENOUGH = st.floats(50, 100)
ENCOUNTERS_ENOUGH = st.integers(ENCOUNTERS_MINIMUM, 10**6)


class TestMicro1bCollaborateMeanBands:
    """Micro principle 1B, CollaboRATE mean score (0-9), with half or more offered it.

    Source: an average of "more than" 5, 6, 7, 8 at levels 1-4. D7: mean
    <= 6 -> 1, (6,7] -> 2, (7,8] -> 3, (8,9] -> 4; an edge value stays in the
    band below it. Here at least 50% were offered it and there were 25 or more
    encounters, so no gate acts.
    """

    item = "micro.1b"

    def level_of(self, mean: float, offered: float = 100.0, encounters: int | None = 100) -> int:
        ev = CollaboRATE(mean=mean, offered_percent=offered, encounters=encounters)
        return rated_level(result(self.item, ev))

    @given(
        case=reals_by_band(COLLABORATE_MEAN), offered=OFFERED_ENOUGH, encounters=ENCOUNTERS_ENOUGH
    )
    def test_mean_inside_a_band_gets_that_band_level(
        self, case: tuple[int, float], offered: float, encounters: int
    ) -> None:
        """Any mean inside a band, typed or as a dict, rates at that band's level.

        Half or more were offered the questionnaire, and there were 25 or more encounters.
        """
        level, mean = case
        body = {
            "kind": "collaborate",
            "mean": mean,
            "offered_percent": offered,
            "encounters": encounters,
        }
        actual = (self.level_of(mean, offered, encounters), result(self.item, body).level)
        assert (level, level) == actual

    def test_mean_exactly_at_an_edge_gets_the_lower_level(self) -> None:
        """A mean of exactly 6, 7 or 8 is not "more than" it, so it stays below."""
        expected = [1, 2, 3]
        actual = [self.level_of(float(e)) for e in COLLABORATE_MEAN.edges]
        assert expected == actual

    def test_mean_just_below_an_edge_gets_the_lower_level(self) -> None:
        """The largest float under 6, 7 or 8 stays below."""
        expected = [1, 2, 3]
        actual = [self.level_of(float_below(e)) for e in COLLABORATE_MEAN.edges]
        assert expected == actual

    def test_mean_just_above_an_edge_gets_the_higher_level(self) -> None:
        """The smallest float over 6, 7 or 8 is "more than" it."""
        expected = [2, 3, 4]
        actual = [self.level_of(float_above(e)) for e in COLLABORATE_MEAN.edges]
        assert expected == actual

    @given(case=reals_near_edge(COLLABORATE_MEAN))
    def test_mean_within_a_point_of_an_edge_gets_the_level_on_its_side(
        self, case: tuple[int, float]
    ) -> None:
        """Means in ``(edge - 1, edge]`` rate below the edge; in ``(edge, edge + 1]``, above it."""
        index, mean = case
        expected = index + 1 if mean <= COLLABORATE_MEAN.edges[index] else index + 2
        assert expected == self.level_of(mean)

    @given(pair=ordered_reals(COLLABORATE_MEAN), offered=OFFERED_ENOUGH)
    def test_level_never_falls_as_the_mean_rises(
        self, pair: tuple[float, float], offered: float
    ) -> None:
        """A higher mean never gets a lower level, and both match the expected table."""
        low, high = pair
        actual = (self.level_of(low, offered), self.level_of(high, offered))
        assert (COLLABORATE_MEAN.level(low), COLLABORATE_MEAN.level(high)) == actual
        assert sorted(actual) == list(actual)

    def test_mean_ends_get_levels_1_and_4(self) -> None:
        """Means 0 and 9 are levels 1 and 4."""
        expected = [1, 4]
        actual = [self.level_of(0.0), self.level_of(9.0)]
        assert expected == actual


# --------------------------------------------------------------------------- gates


class TestMicro1bFewOfferedGate:
    """Micro principle 1B: level 1 if fewer than half of CYP were offered CollaboRATE.

    Source: level 1 when "less than half" had the chance to rate; levels 2-4
    need "at least 50%". D7: offered_percent < 50 caps the level at 1 whatever
    the mean; exactly 50 is not capped.
    """

    item = "micro.1b"

    @given(offered=st.floats(0, 50, exclude_max=True), mean=MEANS, encounters=ENCOUNTERS_ENOUGH)
    def test_offered_below_half_caps_any_mean_at_level_1(
        self, offered: float, mean: float, encounters: int
    ) -> None:
        """Under 50% offered, even a mean of 9 is level 1."""
        ev = CollaboRATE(mean=mean, offered_percent=offered, encounters=encounters)
        res = result(self.item, ev)
        assert (Status.RATED, 1) == (res.status, res.level)

    def test_offered_just_below_half_caps_the_top_mean(self) -> None:
        """The largest float under 50% still caps a mean of 9 at level 1."""
        ev = CollaboRATE(mean=9.0, offered_percent=float_below(50), encounters=100)
        assert 1 == result(self.item, ev).level

    def test_offered_exactly_half_is_not_capped(self) -> None:
        """Exactly 50% offered meets "at least 50%": means keep their band levels."""
        expected = [1, 2, 3, 4]
        actual = [
            result(self.item, CollaboRATE(mean=m, offered_percent=50.0, encounters=100)).level
            for m in (6.0, 7.0, 8.0, 9.0)
        ]
        assert expected == actual

    @given(offered=OFFERED_ENOUGH, mean=MEANS)
    def test_offered_at_least_half_leaves_the_mean_level(self, offered: float, mean: float) -> None:
        """From 50% offered up, the level is the mean's band level."""
        ev = CollaboRATE(mean=mean, offered_percent=offered, encounters=100)
        assert COLLABORATE_MEAN.level(mean) == result(self.item, ev).level


class TestMicro1bFewEncountersGate:
    """Micro principle 1B: CollaboRATE needs 25 complete encounters to be reliable.

    D7: fewer than 25 encounters still rates but warns with code
    ``few_encounters``; 25 or more does not warn; with the number of
    encounters missing the check cannot be made, warned as
    ``few_encounters_unchecked``.
    """

    item = "micro.1b"

    @given(encounters=st.integers(0, ENCOUNTERS_MINIMUM - 1), mean=MEANS)
    def test_fewer_than_25_encounters_warn_and_still_rate(
        self, encounters: int, mean: float
    ) -> None:
        """0-24 encounters: rated at the mean's level, with the warning ``few_encounters``."""
        res = result(self.item, CollaboRATE(mean=mean, offered_percent=80.0, encounters=encounters))
        assert (Status.RATED, COLLABORATE_MEAN.level(mean), frozenset({"few_encounters"})) == (
            res.status,
            res.level,
            codes(res),
        )

    @given(encounters=ENCOUNTERS_ENOUGH, mean=MEANS)
    def test_25_or_more_encounters_do_not_warn(self, encounters: int, mean: float) -> None:
        """25 encounters or more: rated, no warning."""
        res = result(self.item, CollaboRATE(mean=mean, offered_percent=80.0, encounters=encounters))
        assert (Status.RATED, COLLABORATE_MEAN.level(mean), NO_WARNINGS) == (
            res.status,
            res.level,
            codes(res),
        )

    def test_24_encounters_warn_and_25_do_not(self) -> None:
        """Both sides of the edge, with the same mean."""
        expected = [frozenset({"few_encounters"}), NO_WARNINGS]
        actual = [
            codes(result(self.item, CollaboRATE(mean=7.5, offered_percent=80.0, encounters=n)))
            for n in (24, 25)
        ]
        assert expected == actual

    def test_missing_encounters_warn_that_the_check_was_not_made(self) -> None:
        """Without the number of encounters: rated, warned ``few_encounters_unchecked``."""
        res = result(self.item, CollaboRATE(mean=7.5, offered_percent=80.0))
        assert (Status.RATED, 3, frozenset({"few_encounters_unchecked"})) == (
            res.status,
            res.level,
            codes(res),
        )


class TestMicro3aLowCompletionGate:
    """Micro principle 3A: the staff survey needs at least 50% completion.

    Source: "min. 50% completion rate". D8: completion (respondents /
    eligible) under 50% gives status ``insufficient_evidence`` and no level,
    with the reason in the explanation; exactly 50% rates normally.
    """

    item = "micro.3a"

    @given(survey=surveys_by_completion("below"))
    def test_completion_below_half_gives_insufficient_evidence(
        self, survey: tuple[int, int, int]
    ) -> None:
        """Under 50% completion (up to one short of it), no level, whatever the agreement."""
        agree, respondents, eligible = survey
        res = result(self.item, Survey(agree=agree, respondents=respondents, eligible=eligible))
        assert (Status.INSUFFICIENT_EVIDENCE, None) == (res.status, res.level)

    @given(survey=st.one_of(surveys_by_completion("at"), surveys_by_completion("above")))
    def test_completion_of_half_or_more_rates_normally(self, survey: tuple[int, int, int]) -> None:
        """Exactly 50% completion, or more (from one over it), meets the minimum."""
        agree, respondents, eligible = survey
        res = result(self.item, Survey(agree=agree, respondents=respondents, eligible=eligible))
        expected = (
            Status.RATED,
            AUDIT_PERCENT.level(Fraction(100 * agree, respondents)),
            NO_WARNINGS,
        )
        assert expected == (res.status, res.level, codes(res))

    def test_the_gate_reaches_down_to_a_single_respondent_of_a_million(self) -> None:
        """The gate covers completion from 0: 1 respondent of a million eligible has no level."""
        res = result(self.item, Survey(agree=1, respondents=1, eligible=10**6))
        assert (Status.INSUFFICIENT_EVIDENCE, None) == (res.status, res.level)

    def test_the_gate_reaches_up_to_a_millionth_short_of_half(self) -> None:
        """499 999 of a million eligible responding (49.9999%) is still short of the minimum."""
        res = result(self.item, Survey(agree=1, respondents=499_999, eligible=10**6))
        assert (Status.INSUFFICIENT_EVIDENCE, None) == (res.status, res.level)

    def test_one_short_of_half_is_insufficient_and_exactly_half_rates(self) -> None:
        """Both sides of the edge: 10 of 21 eligible (47.6%) has no level; 10 of 20 (50%) rates."""
        expected = [(Status.INSUFFICIENT_EVIDENCE, None), (Status.RATED, 3)]
        actual = [
            (res.status, res.level)
            for res in (
                result(self.item, Survey(agree=6, respondents=10, eligible=21)),
                result(self.item, Survey(agree=6, respondents=10, eligible=20)),
            )
        ]
        assert expected == actual


class TestMeso3bLowCompletionGate:
    """Meso principle 3B: the staff survey has no completion minimum in the source.

    D11: completion under 50% still rates, but warns with code
    ``low_completion``; 50% or more does not warn.
    """

    item = "meso.3b"

    @given(survey=surveys_by_completion("below"))
    def test_completion_below_half_warns_and_still_rates(
        self, survey: tuple[int, int, int]
    ) -> None:
        """Under 50% completion: rated at the agreement's level, warned ``low_completion``."""
        agree, respondents, eligible = survey
        res = result(self.item, Survey(agree=agree, respondents=respondents, eligible=eligible))
        level = AUDIT_PERCENT.level(Fraction(100 * agree, respondents))
        assert (Status.RATED, level, frozenset({"low_completion"})) == (
            res.status,
            res.level,
            codes(res),
        )

    @given(survey=st.one_of(surveys_by_completion("at"), surveys_by_completion("above")))
    def test_completion_of_half_or_more_does_not_warn(self, survey: tuple[int, int, int]) -> None:
        """Exactly 50% completion, or more: rated, no warning."""
        agree, respondents, eligible = survey
        res = result(self.item, Survey(agree=agree, respondents=respondents, eligible=eligible))
        expected = (
            Status.RATED,
            AUDIT_PERCENT.level(Fraction(100 * agree, respondents)),
            NO_WARNINGS,
        )
        assert expected == (res.status, res.level, codes(res))

    def test_the_gate_reaches_down_to_a_single_respondent_of_a_million(self) -> None:
        """The warning covers completion from 0: 1 respondent of a million eligible warns."""
        res = result(self.item, Survey(agree=1, respondents=1, eligible=10**6))
        assert (4, frozenset({"low_completion"})) == (res.level, codes(res))

    def test_the_gate_reaches_up_to_a_millionth_short_of_half(self) -> None:
        """499 999 of a million eligible responding (49.9999%) still warns."""
        res = result(self.item, Survey(agree=1, respondents=499_999, eligible=10**6))
        assert (1, frozenset({"low_completion"})) == (res.level, codes(res))

    def test_one_short_of_half_warns_and_exactly_half_does_not(self) -> None:
        """Both sides of the edge: 10 of 21 eligible warns; 10 of 20 does not; both are level 3."""
        expected = [(3, frozenset({"low_completion"})), (3, NO_WARNINGS)]
        actual = [
            (res.level, codes(res))
            for res in (
                result(self.item, Survey(agree=6, respondents=10, eligible=21)),
                result(self.item, Survey(agree=6, respondents=10, eligible=20)),
            )
        ]
        assert expected == actual
