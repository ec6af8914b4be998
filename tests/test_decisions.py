"""The interpretation register: one class per rule decision, plus exactness.

Where the assessment tool is ambiguous (overlapping or gapped ranges, a count
with no level, a survey with too few respondents), the register decides. Each
class states its decision and pins it with named examples, so that changing
the interpretation fails a test that says which decision moved. Expected
levels are literals here, never read from the packaged ruleset.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import AUDIT_PERCENT, float_below, local_variant, reals_in_band

import ithrive
from ithrive import CollaboRATE, Count, Level, Proportion, Rating, Status, Survey

AUDIT_ITEMS = ("meso.5", "micro.2", "micro.3b", "micro.5a", "micro.5b", "micro.7")
SURVEY_ITEMS = ("meso.3b", "micro.3a")


def result(item: str, evidence: Any) -> ithrive.ItemResult:
    """Score one item's evidence alone and return its result."""
    return ithrive.score({item: evidence})[item]


def level(item: str, evidence: Any) -> int | None:
    """The level one item's evidence gets alone."""
    return result(item, evidence).level


def codes(res: ithrive.ItemResult) -> list[str]:
    """The warning codes of a result, in order."""
    return [w.code for w in res.warnings]


def integrate(percent: float) -> Proportion:
    return Proportion(percent=percent, measure="integrate")


def chi_esq(percent: float) -> Proportion:
    return Proportion(percent=percent, measure="chi_esq")


class TestD1OneValuePerLevelIsItsLowerBound:
    """D1: where the tool gives one value per level (20%, 40%, 60%, 80%), each is
    the lower bound of its level, and 20% names level 1's range from 0.

    Bands are half-open: [0,40) -> 1, [40,60) -> 2, [60,80) -> 3, [80,100] -> 4.
    Applies to macro.5 ``integrate``, meso.3b (survey), meso.5, micro.2,
    micro.3a (survey) and micro.3b; micro.5a, micro.5b (D4) and micro.7 (D5)
    reach the same bands by their own decisions, so they are probed here too.
    """

    PROBES = (0.0, 20.0, 39.9, 40.0, 59.9, 60.0, 79.9, 80.0, 100.0)
    LEVELS = (1, 1, 1, 2, 2, 3, 3, 4, 4)

    @pytest.mark.parametrize("item", AUDIT_ITEMS)
    def test_each_listed_value_starts_its_level_for_audits(self, item: str) -> None:
        """For every audit item, 40/60/80 start levels 2/3/4 and 20% is level 1."""
        assert list(self.LEVELS) == [level(item, Proportion(percent=p)) for p in self.PROBES]

    def test_each_listed_value_starts_its_level_for_integrate(self) -> None:
        """The IntegRATE measure of macro.5 reads its values the same way."""
        assert list(self.LEVELS) == [level("macro.5", integrate(p)) for p in self.PROBES]

    @pytest.mark.parametrize("item", SURVEY_ITEMS)
    def test_each_listed_value_starts_its_level_for_staff_surveys(self, item: str) -> None:
        """Staff agreement of 20/40/60/80 out of 100 respondents reads the same way."""
        agree = (0, 20, 39, 40, 59, 60, 79, 80, 100)
        expected = [1, 1, 1, 2, 2, 3, 3, 4, 4]
        actual = [level(item, Survey(agree=a, respondents=100, eligible=100)) for a in agree]
        assert expected == actual

    def test_twenty_percent_is_level_1_not_a_threshold(self) -> None:
        """Nothing between 0 and 40 is special: 0, 19.9, 20 and 20.1 are all level 1."""
        assert [1, 1, 1, 1] == [
            level("micro.2", Proportion(percent=p)) for p in (0.0, 19.9, 20.0, 20.1)
        ]


class TestD2ChiEsqBands:
    """D2: macro.5 CHI-ESQ (``<70%``, 70%, 80%, 90%): [0,70) -> 1, [70,80) -> 2,
    [80,90) -> 3, [90,100] -> 4.
    """

    def test_chi_esq_edges_are_70_80_and_90(self) -> None:
        """Either side of each CHI-ESQ edge."""
        probes = (0.0, 69.9, 70.0, 79.9, 80.0, 89.9, 90.0, 100.0)
        expected = [1, 1, 2, 2, 3, 3, 4, 4]
        assert expected == [level("macro.5", chi_esq(p)) for p in probes]

    def test_chi_esq_is_not_banded_like_integrate(self) -> None:
        """65% is level 3 for IntegRATE but level 1 for CHI-ESQ: each measure has its own table."""
        assert [3, 1] == [level("macro.5", integrate(65.0)), level("macro.5", chi_esq(65.0))]


class TestD3FortyPercentOfEndingsProformasIsLevel2:
    """D3: micro.3b's source ranges 0-40% (level 1) and 40%-59% (level 2) share
    40; 40 is level 2.
    """

    def test_forty_percent_is_level_2(self) -> None:
        """40% as a percent and as 2 of 5 notes is level 2."""
        actual = [
            level("micro.3b", Proportion(percent=40.0)),
            level("micro.3b", Proportion(numerator=2, denominator=5)),
        ]
        assert [2, 2] == actual

    def test_just_under_forty_percent_is_level_1(self) -> None:
        """39.9%, and 79 of 200 notes (39.5%), are level 1."""
        actual = [
            level("micro.3b", Proportion(percent=39.9)),
            level("micro.3b", Proportion(numerator=79, denominator=200)),
        ]
        assert [1, 1] == actual


class TestD4GapsBetweenWholePercentRangesAreClosed:
    """D4: micro.5a and micro.5b list 0-39%, 40-59%, 60-79%, 80-100%, leaving gaps
    such as 39.5; the bands are half-open, so 39.5 -> 1 and 59.5 -> 2.
    """

    @pytest.mark.parametrize("item", ["micro.5a", "micro.5b"])
    def test_values_in_the_gaps_go_to_the_lower_level(self, item: str) -> None:
        """39.5 -> 1, 59.5 -> 2, 79.5 -> 3, as percents and as counts out of 200."""
        percents = [level(item, Proportion(percent=p)) for p in (39.5, 59.5, 79.5)]
        counts = [level(item, Proportion(numerator=n, denominator=200)) for n in (79, 119, 159)]
        assert [1, 2, 3, 1, 2, 3] == percents + counts

    @pytest.mark.parametrize("item", ["micro.5a", "micro.5b"])
    def test_whole_percent_range_ends_keep_their_levels(self, item: str) -> None:
        """39 -> 1, 40 -> 2, 59 -> 2, 60 -> 3, 79 -> 3, 80 -> 4."""
        probes = (39.0, 40.0, 59.0, 60.0, 79.0, 80.0)
        assert [1, 2, 2, 3, 3, 4] == [level(item, Proportion(percent=p)) for p in probes]


class TestD5RiskPlanLevel2EndsAtSixty:
    """D5: micro.7's source gives 40-69% for level 2, overlapping 60-79% for level 3;
    level 2 is read as [40,60), so 60-69 is level 3 (65 -> 3).
    """

    def test_sixty_five_percent_is_level_3(self) -> None:
        """65%, and 13 of 20 cases, are level 3, not 2."""
        actual = [
            level("micro.7", Proportion(percent=65.0)),
            level("micro.7", Proportion(numerator=13, denominator=20)),
        ]
        assert [3, 3] == actual

    def test_the_overlap_60_to_69_is_level_3(self) -> None:
        """60, 61, 69 and 69.9 are level 3; 59.9 is level 2."""
        probes = (59.9, 60.0, 61.0, 69.0, 69.9)
        assert [2, 3, 3, 3, 3] == [level("micro.7", Proportion(percent=p)) for p in probes]


class TestD6MindfulCount:
    """D6: meso.2 counts MINDFUL elements (0-7): 0-1 -> 1, 2 -> 2, 3 -> 3, 4-7 -> 4.

    The source names none, two, three and "four or five"; one, six and seven
    are placed by this decision. 8 or -1 is an error, never clamped.
    """

    def test_every_count_from_0_to_7_has_its_level(self) -> None:
        """The whole table, count by count."""
        assert [1, 1, 2, 3, 4, 4, 4, 4] == [level("meso.2", Count(count=c)) for c in range(8)]

    def test_eight_elements_is_an_error(self) -> None:
        """There are seven elements: 8 raises :class:`ithrive.InvalidEvidenceError`."""
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            result("meso.2", Count(count=8))
        assert [("meso.2", "out_of_range")] == [(e.item, e.code) for e in caught.value.errors]

    def test_a_negative_count_is_refused_when_built(self) -> None:
        """``Count(count=-1)`` fails when built, naming the field."""
        with pytest.raises(ithrive.EvidenceError) as caught:
            Count(count=-1)
        assert ("count", "out_of_range") == (caught.value.field, caught.value.code)

    def test_a_negative_count_given_as_a_dict_is_invalid_evidence(self) -> None:
        """``{"kind": "count", "count": -1}`` raises InvalidEvidenceError naming the item."""
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            result("meso.2", {"kind": "count", "count": -1})
        assert [("meso.2", "count", "out_of_range")] == [
            (e.item, e.field, e.code) for e in caught.value.errors
        ]


class TestD7CollaborateOfferedGateAndMeanBands:
    """D7: micro.1b CollaboRATE. Offered to under 50% -> level 1 whatever the mean
    (the gate caps at 1). Otherwise mean <= 6 -> 1, (6,7] -> 2, (7,8] -> 3,
    (8,9] -> 4. Under 25 encounters -> warning ``few_encounters``, still rated;
    encounters not given -> warning ``few_encounters_unchecked``.
    """

    def test_under_half_offered_is_level_1_even_with_the_top_mean(self) -> None:
        """Mean 9 offered to 49.9%: level 1."""
        assert 1 == level("micro.1b", CollaboRATE(mean=9.0, offered_percent=49.9, encounters=100))

    def test_means_are_banded_by_more_than_6_7_and_8(self) -> None:
        """At 50% offered: 6 -> 1, 6.5 -> 2, 7 -> 2, 7.5 -> 3, 8 -> 3, 8.01 -> 4, 9 -> 4."""
        means = (6.0, 6.5, 7.0, 7.5, 8.0, 8.01, 9.0)
        actual = [
            level("micro.1b", CollaboRATE(mean=m, offered_percent=50.0, encounters=100))
            for m in means
        ]
        assert [1, 2, 2, 3, 3, 4, 4] == actual

    def test_a_mean_of_5_or_just_over_is_level_1(self) -> None:
        """The source's "more than 5" for level 1 is not a threshold: 0, 5 and 5.5 are level 1."""
        actual = [
            level("micro.1b", CollaboRATE(mean=m, offered_percent=80.0, encounters=100))
            for m in (0.0, 5.0, 5.5)
        ]
        assert [1, 1, 1] == actual

    def test_24_encounters_warn_and_still_rate(self) -> None:
        """Mean 8.5 from 24 encounters: level 4 with warning ``few_encounters``."""
        res = result("micro.1b", CollaboRATE(mean=8.5, offered_percent=80.0, encounters=24))
        assert (Status.RATED, 4, ["few_encounters"]) == (res.status, res.level, codes(res))

    def test_missing_encounters_warn_that_the_check_was_not_made(self) -> None:
        """Encounters not given: rated, warning ``few_encounters_unchecked``."""
        res = result("micro.1b", CollaboRATE(mean=8.5, offered_percent=80.0))
        assert (Status.RATED, 4, ["few_encounters_unchecked"]) == (
            res.status,
            res.level,
            codes(res),
        )

    def test_capped_and_few_encounters_together(self) -> None:
        """Both gates at once: capped at level 1 and warned ``few_encounters``."""
        res = result("micro.1b", CollaboRATE(mean=8.5, offered_percent=10.0, encounters=3))
        assert (1, ["few_encounters"]) == (res.level, codes(res))


class TestD8StaffSurveyBelowHalfCompletionHasNoLevel:
    """D8: micro.3a staff survey with completion (respondents / eligible) under 50%
    -> status ``insufficient_evidence``, level None, with the reason in the
    explanation. Exactly 50% completion rates normally.
    """

    def test_under_half_completion_is_insufficient_evidence(self) -> None:
        """49 of 100 eligible responded, all agreeing: no level."""
        res = result("micro.3a", Survey(agree=49, respondents=49, eligible=100))
        assert (Status.INSUFFICIENT_EVIDENCE, None) == (res.status, res.level)

    def test_the_explanation_gives_the_completion_reason(self) -> None:
        """The explanation names the completion, the 50% edge and the rule."""
        res = result("micro.3a", Survey(agree=49, respondents=49, eligible=100))
        text = res.explanation
        assert (True, True, True) == ("completion" in text, "49%" in text, "50" in text)

    def test_exactly_half_completion_rates_normally(self) -> None:
        """50 of 100 eligible responded, 40 agreeing (80%): level 4."""
        res = result("micro.3a", Survey(agree=40, respondents=50, eligible=100))
        assert (Status.RATED, 4, []) == (res.status, res.level, codes(res))

    def test_no_respondents_is_insufficient_evidence(self) -> None:
        """0 of 10 responded: nothing to rate."""
        res = result("micro.3a", Survey(agree=0, respondents=0, eligible=10))
        assert (Status.INSUFFICIENT_EVIDENCE, None) == (res.status, res.level)


class TestD9Macro5TakesTheLowerOfItsTwoMeasures:
    """D9: macro.5 has two measures (IntegRATE and CHI-ESQ). Both given -> the
    lower of their levels; one given -> its level, with warning ``measure_missing``.
    """

    def test_both_measures_take_the_lower_level(self) -> None:
        """IntegRATE 85 (4) with CHI-ESQ 75 (2) is 2; IntegRATE 45 (2) with CHI-ESQ 95 (4) is 2."""
        actual = [
            level("macro.5", [integrate(85.0), chi_esq(75.0)]),
            level("macro.5", [integrate(45.0), chi_esq(95.0)]),
        ]
        assert [2, 2] == actual

    def test_both_measures_given_do_not_warn(self) -> None:
        """With both measures there is nothing missing to warn about."""
        res = result("macro.5", [integrate(85.0), chi_esq(85.0)])
        assert (3, []) == (res.level, codes(res))

    def test_one_measure_gives_its_level_and_warns(self) -> None:
        """IntegRATE alone (85 -> 4) and CHI-ESQ alone (85 -> 3), each warns ``measure_missing``."""
        only_integrate = result("macro.5", integrate(85.0))
        only_chi_esq = result("macro.5", chi_esq(85.0))
        actual = [(r.level, codes(r)) for r in (only_integrate, only_chi_esq)]
        assert [(4, ["measure_missing"]), (3, ["measure_missing"])] == actual

    @given(a=st.floats(0, 100), b=st.floats(0, 100))
    def test_the_item_level_is_the_minimum_of_the_measure_levels(self, a: float, b: float) -> None:
        """For any pair of percents, the item level is the lower of the two measure levels."""
        by_integrate, by_chi_esq = level("macro.5", integrate(a)), level("macro.5", chi_esq(b))
        assert by_integrate is not None
        assert by_chi_esq is not None
        assert min(by_integrate, by_chi_esq) == level("macro.5", [integrate(a), chi_esq(b)])

    def test_a_proportion_without_a_measure_name_is_refused(self) -> None:
        """macro.5 needs ``measure`` on a proportion: it has two."""
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            result("macro.5", Proportion(percent=50.0))
        assert ["measure_required"] == [e.code for e in caught.value.errors]


class TestD17TiesBetweenMeasuresFollowTheRuleset:
    """D17: when macro.5's measures tie, the first in the ruleset is the basis."""

    @given(a=st.floats(0, 100), b=st.floats(0, 100))
    def test_the_order_of_the_evidence_does_not_change_the_result(self, a: float, b: float) -> None:
        """The same two pieces in either order give the same result, explanation included."""
        forward = result("macro.5", [integrate(a), chi_esq(b)])
        backward = result("macro.5", [chi_esq(b), integrate(a)])
        assert (forward.level, forward.basis, forward.explanation) == (
            backward.level,
            backward.basis,
            backward.explanation,
        )

    def test_on_a_tie_integrate_is_the_basis(self) -> None:
        """IntegRATE 85 and CHI-ESQ 95 are both level 4; IntegRATE, listed first, is the basis."""
        res = result("macro.5", [chi_esq(95.0), integrate(85.0)])
        assert (4, "integrate") == (res.level, res.basis)


class TestD10PercentDomainIsClosedAndNeverClamped:
    """D10: a percent of exactly 100 is level 4; values outside the domain
    (100.0001, -0.1) are errors (:class:`ithrive.InvalidEvidenceError`), never
    clamped to 100 or 0.
    """

    def test_exactly_100_percent_is_level_4(self) -> None:
        """100.0 as a percent and 7 of 7 as counts are level 4."""
        actual = [
            level("micro.2", Proportion(percent=100.0)),
            level("micro.2", Proportion(numerator=7, denominator=7)),
        ]
        assert [4, 4] == actual

    @pytest.mark.parametrize("percent", [100.0001, -0.1])
    def test_a_percent_outside_0_to_100_given_as_a_dict_is_invalid_evidence(
        self, percent: float
    ) -> None:
        """A dict with percent 100.0001 (or -0.1): InvalidEvidenceError naming item and field."""
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            result("micro.2", {"kind": "proportion", "percent": percent})
        assert [("micro.2", "percent", "out_of_range")] == [
            (e.item, e.field, e.code) for e in caught.value.errors
        ]

    @pytest.mark.parametrize("percent", [100.0001, -0.1])
    def test_a_percent_outside_0_to_100_is_refused_when_built(self, percent: float) -> None:
        """Typed evidence fails when built: ``Proportion(percent=100.0001)`` is an EvidenceError."""
        with pytest.raises(ithrive.EvidenceError) as caught:
            Proportion(percent=percent)
        assert ("percent", "out_of_range") == (caught.value.field, caught.value.code)

    def test_the_next_float_above_100_is_refused(self) -> None:
        """Not even the smallest excess is clamped."""
        with pytest.raises(ithrive.EvidenceError):
            Proportion(percent=100.00000000000001)

    @pytest.mark.parametrize(
        ("field", "value"), [("mean", 9.0001), ("mean", -0.1), ("offered_percent", 100.0001)]
    )
    def test_collaborate_values_outside_their_range_are_refused(
        self, field: str, value: float
    ) -> None:
        """A mean above 9 or below 0, or an offered share above 100, is an error."""
        fields: dict[str, Any] = {"mean": 7.0, "offered_percent": 80.0, field: value}
        with pytest.raises(ithrive.EvidenceError) as caught:
            CollaboRATE(**fields)
        assert (field, "out_of_range") == (caught.value.field, caught.value.code)


class TestD11LowCompletionOfTheGroupingsSurveyOnlyWarns:
    """D11: meso.3b staff survey with completion under 50% -> warning
    ``low_completion``, still rated (the tool sets no minimum for this item).
    """

    def test_under_half_completion_warns_and_rates(self) -> None:
        """30 of 100 eligible responded, 18 agreeing (60%): level 3 with ``low_completion``."""
        res = result("meso.3b", Survey(agree=18, respondents=30, eligible=100))
        assert (Status.RATED, 3, ["low_completion"]) == (res.status, res.level, codes(res))

    def test_exactly_half_completion_does_not_warn(self) -> None:
        """50 of 100 responded: level 3, no warning."""
        res = result("meso.3b", Survey(agree=30, respondents=50, eligible=100))
        assert (Status.RATED, 3, []) == (res.status, res.level, codes(res))

    def test_the_same_survey_has_no_level_for_micro_3a(self) -> None:
        """The contrast with D8: the same low-completion survey is unrated for micro.3a."""
        survey = Survey(agree=18, respondents=30, eligible=100)
        assert [3, None] == [level("meso.3b", survey), level("micro.3a", survey)]


class TestD12MeasuredEvidenceBeatsAPanelRating:
    """D12: measured evidence beats a panel rating; when they differ, warning
    ``rating_differs``. When the measure gives no level (e.g. micro.3a with low
    completion) the rating decides.
    """

    def test_the_measured_level_stands_over_a_different_rating(self) -> None:
        """85% of notes (level 4) with a panel rating of 2: level 4, warned ``rating_differs``."""
        res = result("micro.2", [Proportion(percent=85.0), Rating(level=2)])
        assert (4, "notes_audit", ["rating_differs"]) == (res.level, res.basis, codes(res))

    def test_a_rating_in_either_order_does_not_change_the_level(self) -> None:
        """Evidence order does not matter: rating first or last, the measure decides."""
        first = result("micro.2", [Rating(level=1), Proportion(percent=65.0)])
        last = result("micro.2", [Proportion(percent=65.0), Rating(level=1)])
        assert [(3, ["rating_differs"]), (3, ["rating_differs"])] == [
            (r.level, codes(r)) for r in (first, last)
        ]

    def test_an_agreeing_rating_does_not_warn(self) -> None:
        """85% with a panel rating of 4: level 4, no warning."""
        res = result("micro.2", [Proportion(percent=85.0), Rating(level=4)])
        assert (4, []) == (res.level, codes(res))

    def test_a_rating_decides_when_the_measure_gives_no_level(self) -> None:
        """micro.3a with 45% completion has no measured level, so the panel's 2 decides."""
        res = result("micro.3a", [Survey(agree=40, respondents=45, eligible=100), Rating(level=2)])
        assert (Status.RATED, 2, "rating") == (res.status, res.level, res.basis)

    def test_a_rating_alone_decides(self) -> None:
        """With no measured evidence, the panel rating is the level."""
        assert 3 == level("micro.7", Rating(level=3))

    @given(percent=reals_in_band(AUDIT_PERCENT, 1), rating=st.integers(1, 4))
    def test_any_rating_leaves_a_level_1_measure_at_level_1(
        self, percent: float, rating: int
    ) -> None:
        """Under 40% stays level 1 whatever the panel says; a differing rating is warned."""
        res = result("micro.2", [Proportion(percent=percent), Rating(level=rating)])
        expected_codes = [] if rating == 1 else ["rating_differs"]
        assert (1, expected_codes) == (res.level, codes(res))


class TestExactComparisonNeverRounds:
    """Exactness: counts are compared exactly as numerator/denominator integers,
    floats given as a percent are compared as given, never rounded:
    79.99999999999999 -> 3, 59.99999999999999 -> 2, 80.0 -> 4; 3 of 5 = 60%
    exactly -> 3; 119 of 200 (59.5%) -> 2.
    """

    def test_floats_just_under_an_edge_are_not_rounded_up(self) -> None:
        """79.99999999999999 -> 3, 59.99999999999999 -> 2, and 80.0 -> 4."""
        probes = (79.99999999999999, 59.99999999999999, 80.0)
        assert [3, 2, 4] == [level("micro.2", Proportion(percent=p)) for p in probes]

    def test_the_largest_float_under_each_edge_stays_below(self) -> None:
        """``math.nextafter`` under 40, 60 and 80 gives levels 1, 2, 3."""
        assert [1, 2, 3] == [
            level("micro.2", Proportion(percent=float_below(e))) for e in (40, 60, 80)
        ]

    def test_three_of_five_is_exactly_sixty_percent(self) -> None:
        """3 of 5 is 60% exactly: level 3, as are 30 of 50 and 300 of 500."""
        probes = ((3, 5), (30, 50), (300, 500))
        assert [3, 3, 3] == [
            level("micro.2", Proportion(numerator=n, denominator=d)) for n, d in probes
        ]

    def test_counts_just_under_an_edge_are_not_rounded(self) -> None:
        """119 of 200 (59.5%) -> 2, and 599 of 1000 (59.9%) -> 2, 2999 of 5000 (59.98%) -> 2."""
        probes = ((119, 200), (599, 1000), (2999, 5000))
        assert [2, 2, 2] == [
            level("micro.2", Proportion(numerator=n, denominator=d)) for n, d in probes
        ]

    def test_one_third_style_ratios_are_exact(self) -> None:
        """2 of 3 (66.67%) -> 3, 1 of 3 (33.33%) -> 1, 4 of 7 (57.14%) -> 2."""
        probes = ((2, 3), (1, 3), (4, 7))
        assert [3, 1, 2] == [
            level("micro.2", Proportion(numerator=n, denominator=d)) for n, d in probes
        ]

    def test_survey_agreement_is_exact(self) -> None:
        """3 of 5 respondents agree = 60% -> 3; 119 of 200 = 59.5% -> 2; 4 of 5 = 80% -> 4."""
        probes = ((3, 5), (119, 200), (4, 5))
        actual = [level("meso.3b", Survey(agree=a, respondents=r, eligible=r)) for a, r in probes]
        assert [3, 2, 4] == actual

    def test_survey_completion_is_exact(self) -> None:
        """Completion 1 of 2 is exactly 50% and rates; 100 of 201 (49.75%) does not."""
        actual = [
            result("micro.3a", Survey(agree=1, respondents=1, eligible=2)).status,
            result("micro.3a", Survey(agree=100, respondents=100, eligible=201)).status,
        ]
        assert [Status.RATED, Status.INSUFFICIENT_EVIDENCE] == actual

    def test_a_mean_just_over_an_edge_is_not_rounded_down(self) -> None:
        """CollaboRATE 7.000000000000001 is "more than 7": level 3; 7.0 is level 2."""
        actual = [
            level("micro.1b", CollaboRATE(mean=m, offered_percent=60.0, encounters=30))
            for m in (7.0, 7.000000000000001)
        ]
        assert [2, 3] == actual

    def test_a_float_is_below_a_local_bound_no_float_can_hold(self) -> None:
        """Under a local band starting at 8.2, the float 8.2 (a little under 41/5) stays
        below it; the exact "41/5" and a mean from responses of exactly 41/5 reach it."""
        from ithrive.evidence.measures import collaborate

        local = local_variant(
            "micro.1b",
            measure="collaborate",
            kind="collaborate",
            domain="[0, 9]",
            bands=[(1, "[0, 6]"), (2, "(6, 7]"), (3, "(7, 41/5)"), (4, "[41/5, 9]")],
        )

        def rated(mean: object) -> int | None:
            piece: object = mean
            if not isinstance(mean, ithrive.CollaboRATE):
                piece = {"kind": "collaborate", "mean": mean, "offered_percent": 60}
            got = ithrive.score({"micro.1b": piece}, ruleset=local)["micro.1b"].level
            return None if got is None else int(got)

        # Five encounters whose item means average exactly 41/5.
        responses = [(8, 8, 9)] * 3 + [(8, 8, 8)] * 2
        from_responses = collaborate(responses, offered=6, eligible=10)
        assert [3, 4, 4] == [rated(8.2), rated("41/5"), rated(from_responses.to_evidence())]


# Each qualitative item's four level descriptors, read from the assessment tool
# and written out by hand as criteria: DESCRIPTOR_CRITERIA[item][n - 1] is what
# level n's descriptor says. Literals, never read from the packaged ruleset.
Criteria = dict[str, bool | str]
_T, _F = True, False


def _descriptors(names: str, *rows: tuple[bool | str, ...]) -> tuple[Criteria, ...]:
    """The four descriptors of an item: criterion names (space-separated) and one row per level."""
    return tuple(dict(zip(names.split(), row, strict=True)) for row in rows)


DESCRIPTOR_CRITERIA: dict[str, tuple[Criteria, ...]] = {
    "macro.1": _descriptors(
        "policy_exists policy_co_creation cyp_mh_in_ltp_stp implementation_plan",
        (_F, "not_joint", "neither", "none"),
        (_T, "not_joint", "one", "none"),
        (_T, "some_agencies", "both", "partial"),
        (_T, "all_agencies", "both", "clear"),
    ),
    "macro.2": _descriptors(
        "joint_commissioning commissioning_governance joint_budgets outcome_frameworks"
        " shared_accountability",
        ("not_routine", "separate", "none", "separate", _F),
        ("specific_projects", "collaborating_boards", "none", "separate", _F),
        ("established_projects", "joint_board", "some_elements", "being_aligned", _F),
        ("all_agencies_active", "one_board_common_strategy", "in_operation", "joint", _T),
    ),
    "macro.3": _descriptors(
        "contract_review data_in_commissioning provider_data_systems joint_data_review"
        " provider_type_coverage data_agreements_in_contracts",
        ("no_regular_review", "little", "lacking", "not_constructive", "none", _F),
        ("review_schedule", "some", "lacking", "not_constructive", "none", _F),
        ("review_schedule", "used_well", "developing", "good_relationship", "one_or_two_types",
         _F),
        ("annual_plans", "routine", "comprehensive", "joint_forums", "all_types", _T),
    ),
    "macro.4": _descriptors(
        "preference_data_collection preference_data_reported used_in_commissioning"
        " provider_reporting_systems",
        ("none", _F, _F, _F),
        ("some_services", _F, _F, _F),
        ("most_services", _T, _F, _F),
        ("routine", _T, _T, _T),
    ),
    "meso.1": _descriptors(
        "signposting_practice network_coverage provider_relationships service_directory"
        " signposting_effective assessors_own_advice_role",
        ("little", "none", "none", "none", "poor", _F),
        ("some_unsystematic", "partial", "none", "partial_scattered", "poor", _F),
        ("established", "majority", "building_basic_criteria", "single_digital",
         "mostly_working", _F),
        ("active_full_range", "full_range", "good_criteria_known", "single_digital_cyp_access",
         "working", _T),
    ),
    "meso.3a": _descriptors(
        "groupings_implemented agencies_involved needs_assessment_established"
        " grouping_in_patient_record reporting_by_grouping",
        ("none_or_one", "partial", _F, _F, "not_possible"),
        ("at_least_two", "partial", _F, _F, "not_possible"),
        ("most", "all_not_mature", _T, _F, "being_established"),
        ("all_five", "all", _T, _T, "possible"),
    ),
    "meso.4": _descriptors(
        "family_network_consideration care_plan_documentation family_in_care_planning"
        " cyp_and_staff_agree self_management_approach practitioner_training",
        ("inconsistent", "absent", _F, _F, "absent", "none"),
        ("some", "often_inconsistent", _F, _F, "part_of_approach", "none"),
        ("active", "routine_auditable", _F, _F, "explicit", "some"),
        ("systematic", "routine_auditable", _T, _T, "actively_promoted", "programmes"),
    ),
    "micro.1a": _descriptors(
        "collaborate_rollout sdm_in_strategy sdm_training",
        ("not_implemented", "absent", "none"),
        ("partial", "aspiration", "none"),
        ("one_setting_systematic", "articulated", "some_delivered"),
        ("la_third_sector_health", "clear_priority", "all_staff_access"),
    ),
    "micro.3c": _descriptors(
        "endings_training_access endings_raised_at_start endings_seen_as_important",
        ("none", "not_routine", "not_all"),
        ("some_staff", "some_clear", "not_all"),
        ("some_staff", "some_confident", "most"),
        ("all_staff", "all_confident", "all"),
    ),
    "micro.4": _descriptors(
        "outcome_data_use data_systems outcome_review_slots qi_all_provider_types"
        " staff_qi_skills",
        ("none", "none", _F, _F, "many_untrained"),
        ("planned_isolated_areas", "none", _F, _F, "many_untrained"),
        ("most_services", "many_services", _F, _F, "most_familiar"),
        ("throughout", "in_strategy", _T, _T, "confident"),
    ),
    "micro.6": _descriptors(
        "senior_practitioner_involved senior_support_reach effectiveness_assurance",
        (_F, "none", _F),
        (_T, "most_supervised", _F),
        (_T, "most_linked_in", _T),
        (_T, "coherent_supervised_team", _T),
    ),
}  # fmt: skip

#: (item, level n, criterion) for every criterion whose value differs between
#: the descriptors of levels n - 1 and n.
STEPS = [
    (item, n, name)
    for item, rows in DESCRIPTOR_CRITERIA.items()
    for n in (2, 3, 4)
    for name in rows[n - 1]
    if rows[n - 1][name] != rows[n - 2][name]
]


def indicators(criteria: Criteria) -> dict[str, Any]:
    """Indicator evidence, as a plain dict, for the given criteria."""
    return {"kind": "indicators", "criteria": dict(criteria)}


class TestD14IndicatorLevelsNeedEveryCriterion:
    """D14: a qualitative item's level is the highest level whose criteria all
    hold, with those of every lower level; level 1 is the floor. Each item's
    four descriptors, written out as criteria, score levels 1-4; every
    criterion that differs between adjacent descriptors decides between them;
    one lagging criterion outweighs the best fit.
    """

    def test_the_items_written_out_are_the_eleven_qualitative_items(self) -> None:
        """Every item scored from indicators has its descriptors written out here."""
        expected = {
            "macro.1", "macro.2", "macro.3", "macro.4", "meso.1", "meso.3a", "meso.4",
            "micro.1a", "micro.3c", "micro.4", "micro.6",
        }  # fmt: skip
        assert expected == set(DESCRIPTOR_CRITERIA)

    @pytest.mark.parametrize("item", sorted(DESCRIPTOR_CRITERIA))
    def test_each_descriptor_scores_its_own_level(self, item: str) -> None:
        """The criteria of the level n descriptor give level n, for n = 1-4."""
        rows = DESCRIPTOR_CRITERIA[item]
        assert [1, 2, 3, 4] == [level(item, indicators(row)) for row in rows]

    @pytest.mark.parametrize(("item", "n", "name"), STEPS)
    def test_a_criterion_held_at_the_level_below_holds_the_item_there(
        self, item: str, n: int, name: str
    ) -> None:
        """Level n's descriptor with one criterion at its level n - 1 value scores n - 1."""
        rows = DESCRIPTOR_CRITERIA[item]
        criteria = {**rows[n - 1], name: rows[n - 2][name]}
        assert n - 1 == level(item, indicators(criteria))

    def test_one_lagging_criterion_outweighs_the_best_fit(self) -> None:
        """macro.1 at level 4 on three criteria but in one transformation plan only: level 2."""
        criteria = {**DESCRIPTOR_CRITERIA["macro.1"][3], "cyp_mh_in_ltp_stp": "one"}
        res = result("macro.1", indicators(criteria))
        assert (2, Status.RATED) == (res.level, res.status)

    def test_a_rating_alone_gives_the_panels_best_fit(self) -> None:
        """A panel's best-fit rating of 4, given without indicators, is the level."""
        assert 4 == level("macro.1", Rating(level=4))


class TestD19PolicyWrittenByOneAgencyIsLevel2:
    """D19: macro.1 ``policy_co_creation``: ``not_joint`` (one agency) allows at
    most level 2, ``some_agencies`` is enough for 3, ``all_agencies`` is needed for 4.
    """

    @pytest.mark.parametrize(
        ("authors", "expected"), [("not_joint", 2), ("some_agencies", 3), ("all_agencies", 3)]
    )
    def test_authorship_decides_between_levels_2_and_3(self, authors: str, expected: int) -> None:
        """Level 3's descriptor with each authorship label."""
        criteria = {**DESCRIPTOR_CRITERIA["macro.1"][2], "policy_co_creation": authors}
        assert expected == level("macro.1", indicators(criteria))

    def test_level_4_needs_all_agencies(self) -> None:
        """Level 4's descriptor with a policy from some agencies only is level 3."""
        criteria = {**DESCRIPTOR_CRITERIA["macro.1"][3], "policy_co_creation": "some_agencies"}
        assert 3 == level("macro.1", indicators(criteria))


class TestD20GroupingsImplementedIsOrdinal:
    """D20: meso.3a ``groupings_implemented`` is ordered ``none_or_one`` <
    ``at_least_two`` < ``most`` < ``all_five``; "at least two" is level 2 and
    "for the most part" level 3, whatever the count.
    """

    @pytest.mark.parametrize(
        ("groupings", "expected"),
        [("none_or_one", 1), ("at_least_two", 2), ("most", 3), ("all_five", 3)],
    )
    def test_each_label_caps_level_3s_descriptor(self, groupings: str, expected: int) -> None:
        """Level 3's descriptor with each label of the groupings criterion."""
        criteria = {**DESCRIPTOR_CRITERIA["meso.3a"][2], "groupings_implemented": groupings}
        assert expected == level("meso.3a", indicators(criteria))

    def test_level_4_needs_all_five(self) -> None:
        """Level 4's descriptor with the groupings implemented only for the most part: 3."""
        criteria = {**DESCRIPTOR_CRITERIA["meso.3a"][3], "groupings_implemented": "most"}
        assert 3 == level("meso.3a", indicators(criteria))


class TestD21AgreementIsAShareOfRespondents:
    """D21: staff-survey agreement is agree / respondents, not agree / eligible;
    completion (respondents / eligible) is left to the gates (D8, D11).
    """

    @pytest.mark.parametrize("item", SURVEY_ITEMS)
    def test_agreement_is_counted_among_respondents(self, item: str) -> None:
        """45 of 60 respondents (75%) agree, of 100 eligible: level 3, not 45% (level 2)."""
        assert 3 == level(item, Survey(agree=45, respondents=60, eligible=100))

    @pytest.mark.parametrize("item", SURVEY_ITEMS)
    def test_more_eligible_staff_do_not_dilute_agreement(self, item: str) -> None:
        """The same 48 of 60 respondents agreeing is level 4 with 60, 100 or 120 eligible."""
        actual = [level(item, Survey(agree=48, respondents=60, eligible=e)) for e in (60, 100, 120)]
        assert [4, 4, 4] == actual

    def test_the_explanation_reports_agreement_among_respondents(self) -> None:
        """meso.3b's explanation names the 75% and the respondents it is a share of."""
        res = result("meso.3b", Survey(agree=30, respondents=40, eligible=100))
        assert (True, True) == ("75%" in res.explanation, "30 of 40 respondents" in res.explanation)


class TestD24SupersededCriteriaGiveWayToHigherOnes:
    """D24: a criterion drawn from one level's wording holds above that level only
    where the higher wording keeps it; where a higher level supersedes it, the
    higher criteria decide. micro.4's plans to collect data (level 2) give way to
    data collected throughout (level 4); macro.3's contract review schedule
    (levels 2-3) gives way to annual commissioning plans (level 4).
    """

    def test_micro4_collecting_throughout_is_level_4_without_a_plans_criterion(self) -> None:
        """Every level 4 criterion of micro.4 met, and no plans criterion exists: level 4."""
        res = result("micro.4", indicators(DESCRIPTOR_CRITERIA["micro.4"][3]))
        assert (4, Status.RATED, ()) == (res.level, res.status, res.unmet)

    def test_micro4_no_longer_has_a_plans_criterion(self) -> None:
        """``collection_plans`` is folded into ``outcome_data_use``'s level 2 label."""
        criteria = ithrive.default_ruleset().rule("micro.4").indicators
        assert criteria is not None
        outcome = criteria.criterion("outcome_data_use")
        assert (None, "planned_isolated_areas") == (
            criteria.criterion("collection_plans"),
            None if outcome is None else outcome.values[1],
        )

    def test_micro4_plans_in_isolated_areas_are_level_2(self) -> None:
        """Level 4's other criteria with data only planned and used in isolated areas: level 2."""
        criteria = {
            **DESCRIPTOR_CRITERIA["micro.4"][3],
            "outcome_data_use": "planned_isolated_areas",
        }
        assert 2 == level("micro.4", indicators(criteria))

    def test_macro3_annual_plans_are_level_4_in_place_of_a_review_schedule(self) -> None:
        """macro.3's level 4 wording, annual commissioning plans, meets the review criterion."""
        res = result("macro.3", indicators(DESCRIPTOR_CRITERIA["macro.3"][3]))
        assert (4, ()) == (res.level, res.unmet)

    def test_macro3_a_review_schedule_alone_stops_at_level_3(self) -> None:
        """Level 4's other criteria with contracts reviewed to a schedule only: level 3."""
        criteria = {**DESCRIPTOR_CRITERIA["macro.3"][3], "contract_review": "review_schedule"}
        res = result("macro.3", indicators(criteria))
        assert (3, ("contract_review",)) == (res.level, res.unmet)

    @pytest.mark.parametrize("item", sorted(DESCRIPTOR_CRITERIA))
    def test_each_level_needs_what_its_own_descriptor_says_and_no_more(self, item: str) -> None:
        """For levels 2-4, each criterion needs exactly the value level n's descriptor
        gives where that differs from level 1's, and nothing where the descriptor is
        silent: no criterion is carried to a level whose wording drops it, none starts
        below the level whose wording introduces it, and no label is lower or higher
        than the wording (D32's ``several_types`` is in no descriptor)."""
        rows = DESCRIPTOR_CRITERIA[item]
        rule = ithrive.default_ruleset().rule(item).indicators
        assert rule is not None
        expected = {
            (c.id, n): (rows[n - 1][c.id] if rows[n - 1][c.id] != rows[0][c.id] else None)
            for c in rule.criteria
            for n in (2, 3, 4)
        }
        actual = {(c.id, n): c.needed_for(Level(n)) for c in rule.criteria for n in (2, 3, 4)}
        assert expected == actual

    @pytest.mark.parametrize(
        ("item", "descriptor", "changes", "expected"),
        [
            ("micro.4", 3, {}, 3),
            ("micro.4", 4, {"outcome_data_use": "planned_isolated_areas"}, 2),
            ("macro.3", 3, {"contract_review": "annual_plans"}, 3),
            ("macro.3", 3, {"provider_type_coverage": "several_types"}, 3),
            ("macro.3", 4, {"provider_type_coverage": "several_types"}, 3),
            ("macro.3", 2, {"contract_review": "annual_plans"}, 2),
        ],
    )
    def test_localities_described_with_the_new_labels_score_as_the_wording_says(
        self, item: str, descriptor: int, changes: dict[str, str], expected: int
    ) -> None:
        """micro.4 at level 3's wording, which names no plans, is 3; at level 4's with data
        only planned and collected in isolated areas, 2. macro.3 at level 3's wording with
        annual plans instead of a schedule is still 3, and at level 2's is still 2; three
        or more provider types short of the full range is 3 (D32)."""
        criteria = {**DESCRIPTOR_CRITERIA[item][descriptor - 1], **changes}
        assert expected == level(item, indicators(criteria))

    def test_macro3_no_regular_review_is_level_1(self) -> None:
        """Level 3's descriptor with no regular review of contracts: level 1."""
        criteria = {**DESCRIPTOR_CRITERIA["macro.3"][2], "contract_review": "no_regular_review"}
        assert 1 == level("macro.3", indicators(criteria))


class TestD25CollaborateGuidance:
    """D25: the 25-encounter minimum is CollaboRATE's own scoring guidance, the
    tool names none; the mean decides the level; the mean's domain is 0-9."""

    def test_the_warning_cites_the_guidance_and_the_tools_silence(self) -> None:
        """``few_encounters`` names CollaboRATE's scoring guidance and says the tool sets none."""
        res = result("micro.1b", CollaboRATE(mean=7.5, offered_percent=60, encounters=20))
        (warning,) = res.warnings
        assert ("few_encounters", True, True) == (
            warning.code,
            "CollaboRATE's own scoring guidance" in warning.message,
            "the assessment tool sets no minimum" in warning.message,
        )

    def test_the_top_score_does_not_decide_the_level(self) -> None:
        """Raw responses with a top score of 0% and a mean of 8.5 are level 4, by the mean."""
        from ithrive.evidence.measures import collaborate

        scores = collaborate([(9, 9, 8), (8, 9, 8)] * 15, offered=30, eligible=40)
        assert (0, 4) == (
            scores.top_score,
            level("micro.1b", scores.to_evidence()),
        )

    def test_a_mean_under_one_is_valid_and_level_1(self) -> None:
        """CollaboRATE's items run 0-9, so a mean of 0.5 is valid evidence, at level 1."""
        assert 1 == level("micro.1b", CollaboRATE(mean=0.5, offered_percent=60, encounters=30))


class TestD26IntegrateAverageForServices:
    """D26: IntegRATE's figure is each service's percent, averaged with each service
    counted once, given as ``percent``; counts are one pooled share."""

    def test_the_measure_says_each_service_counts_once(self) -> None:
        """The item's measure and the ruleset describe the average over services."""
        measure = ithrive.default_ruleset().rule("macro.5").measure("integrate")
        assert measure is not None
        assert (True, True) == (
            "each service counted once" in measure.description,
            "each service counted once" in ithrive.FRAMEWORK.item("macro.5").measure,
        )

    def test_the_measure_names_the_sum_score_not_the_top_score(self) -> None:
        """IntegRATE can be scored two ways; the item's measure and the ruleset say each
        service's figure is the sum score as a percent of the highest possible sum."""
        measure = ithrive.default_ruleset().rule("macro.5").measure("integrate")
        assert measure is not None
        texts = (measure.description, ithrive.FRAMEWORK.item("macro.5").measure)
        assert [(True, True), (True, True)] == [
            ("sum score" in t, "highest possible sum (not the top score)" in t) for t in texts
        ]

    def test_an_average_of_service_percents_is_banded_as_given(self) -> None:
        """Services at 50% and 70% average 60%: level 3, whatever their sizes."""
        assert 3 == level("macro.5", integrate((50 + 70) / 2))

    def test_counts_are_one_pooled_share(self) -> None:
        """Counts 30 of 60 and 7 of 10 pooled are 37 of 70 (52.9%): level 2, not the 60% mean."""
        pooled = Proportion(numerator=30 + 7, denominator=60 + 10, measure="integrate")
        assert 2 == level("macro.5", pooled)


class TestD27ChiEsqStrongEndorsement:
    """D27: "strongly endorse" is the most positive answer to the overall question."""

    def test_the_measure_names_the_overall_question(self) -> None:
        """The ruleset's and the item's measure say which answer counts."""
        measure = ithrive.default_ruleset().rule("macro.5").measure("chi_esq")
        assert measure is not None
        assert (True, True) == (
            "most positive answer to the overall question" in measure.description,
            "most positive answer to the overall question"
            in ithrive.FRAMEWORK.item("macro.5").measure,
        )

    def test_blanks_are_left_out_of_the_share(self) -> None:
        """The item's measure leaves blanks and don't-know answers out of both counts."""
        assert "blanks and don't-know answers left out" in ithrive.FRAMEWORK.item("macro.5").measure


class TestD28OfferRateIsTheLocalitys:
    """D28: ``offered_percent`` is the locality's CYP offered the questionnaire,
    pooled across services, and the gate reads that one figure."""

    def test_the_offer_rate_is_pooled_across_services(self) -> None:
        """A service offering 45 of 50 and one offering 5 of 50 pool to 50 of 100: not capped."""
        from ithrive.evidence.measures import collaborate

        scores = collaborate([(9, 9, 9)] * 30, offered=45 + 5, eligible=50 + 50)
        res = result("micro.1b", scores.to_evidence())
        assert (4, []) == (res.level, codes(res))

    def test_one_fewer_offered_is_capped(self) -> None:
        """49 of 100 offered caps the item at level 1 (gate ``few_offered``)."""
        from ithrive.evidence.measures import collaborate

        scores = collaborate([(9, 9, 9)] * 30, offered=49, eligible=100)
        res = result("micro.1b", scores.to_evidence())
        assert (1, Status.RATED) == (res.level, res.status)


class TestD32SeveralProviderTypesIsLevel3:
    """D32: macro.3's ``provider_type_coverage`` has ``several_types`` (three or more,
    not the full range) between ``one_or_two_types`` and ``all_types``: level 3."""

    @pytest.mark.parametrize(
        ("coverage", "expected"),
        [("none", 2), ("one_or_two_types", 3), ("several_types", 3), ("all_types", 4)],
    )
    def test_level_4s_descriptor_needs_the_full_range(self, coverage: str, expected: int) -> None:
        """Level 4's descriptor with each coverage label: only the full range reaches 4."""
        criteria = {**DESCRIPTOR_CRITERIA["macro.3"][3], "provider_type_coverage": coverage}
        assert expected == level("macro.3", indicators(criteria))


class TestD35AgreementAsAPercent:
    """D35: staff agreement may be a percent, or counts without eligible; a gate that
    withholds the level (micro.3a's completion) still needs respondents and eligible."""

    def test_a_survey_given_as_a_percent_rates_meso_3b(self) -> None:
        """``{"kind": "survey", "agree_percent": 62}``: meso.3b level 3, completion unchecked."""
        res = result("meso.3b", {"kind": "survey", "agree_percent": 62})
        assert (3, ["low_completion_unchecked"]) == (res.level, codes(res))

    def test_counts_without_eligible_rate_meso_3b(self) -> None:
        """25 of 40 agreeing, headcount unknown: 62.5%, level 3."""
        assert 3 == level("meso.3b", Survey(agree=25, respondents=40))

    def test_micro_3a_refuses_a_percent_without_the_completion_figures(self) -> None:
        """micro.3a names the missing field: respondents for a bare percent."""
        with pytest.raises(ithrive.InvalidEvidenceError) as info:
            ithrive.score({"micro.3a": {"kind": "survey", "agree_percent": 62}})
        assert [("missing_field", "micro.3a", "respondents", None)] == [
            (e.code, e.item, e.field, e.value) for e in info.value.errors
        ]

    def test_micro_3a_rates_a_percent_with_the_completion_figures(self) -> None:
        """62% of 40 respondents out of 60 eligible: level 3."""
        assert 3 == level("micro.3a", Survey(agree_percent=62, respondents=40, eligible=60))

    @given(reals_in_band(AUDIT_PERCENT, 3))
    def test_the_percent_form_is_banded_like_counts(self, value: float) -> None:
        """Any percent in [60, 80) is level 3 at meso.3b, as counts with that share are."""
        assert 3 == level("meso.3b", Survey(agree_percent=value))

    def test_a_rating_can_still_carry_the_percentage_in_its_notes(self) -> None:
        """62% agreeing, entered as a rating of 3 with a note, rates meso.3b at 3."""
        res = result("meso.3b", Rating(level=3, notes="staff survey: 62% agreed"))
        assert (3, Status.RATED) == (res.level, res.status)
