"""Funnel plots: exact binomial limits (Spiegelhalter 2005) and FunnelPlotR's arcsine limits."""

from __future__ import annotations

import math
from fractions import Fraction
from statistics import NormalDist

import pytest
from tests.strategies import micro_2_audit

from ithrive.errors import EvidenceError
from ithrive.studies.assessment import Assessment, AssessmentCollection
from ithrive.studies.funnel import arcsine_limits, binomial_limits, funnel


def exact_limit(n: int, target: Fraction, p: Fraction) -> float:
    """Spiegelhalter's interpolated limit, worked with exact fractions (no scipy)."""

    def cdf(r: int) -> Fraction:
        return sum(
            (math.comb(n, k) * target**k * (1 - target) ** (n - k) for k in range(r + 1)),
            Fraction(0),
        )

    r = 0
    while cdf(r) < p:
        r += 1
    a = (cdf(r) - p) / (cdf(r) - cdf(r - 1))
    return float(min(max((r - a) / n, Fraction(0)), Fraction(1)) * 100)


class TestExactLimits:
    """The exact limits equal the interpolated binomial quantiles worked by hand."""

    @pytest.mark.parametrize(
        ("n", "target"), [(30, Fraction(3, 5)), (10, Fraction(1, 2)), (120, Fraction(7, 10))]
    )
    @pytest.mark.parametrize("confidence", [Fraction(95, 100), Fraction(998, 1000)])
    def test_limits_equal_the_hand_worked_quantiles(
        self, n: int, target: Fraction, confidence: Fraction
    ) -> None:
        """Lower at (1 - c) / 2, upper at (1 + c) / 2, to 1e-9 percentage points."""
        tail = (1 - confidence) / 2
        expected = (exact_limit(n, target, tail), exact_limit(n, target, 1 - tail))
        actual = binomial_limits(n, float(100 * target), confidence=float(confidence))
        assert expected == pytest.approx(actual, abs=1e-9)

    def test_thirty_notes_at_sixty_percent_by_hand(self) -> None:
        """n = 30, t = 0.6, p = 0.025: r = 13, F(13) = 0.04811, F(12) = 0.02124, limit 40.47%."""
        lower, upper = binomial_limits(30, 60)
        assert (40.466, 75.677) == (round(lower, 3), round(upper, 3))

    def test_limits_narrow_as_the_sample_grows(self) -> None:
        """The funnel: wider at 10 notes than at 100."""
        small, large = binomial_limits(10, 60), binomial_limits(100, 60)
        assert small[0] < large[0] < 60 < large[1] < small[1]

    def test_limits_are_clipped_to_zero_and_a_hundred(self) -> None:
        """At a small sample and a low target, the lower limit is 0, not negative."""
        assert 0.0 == binomial_limits(5, 5, confidence=0.998)[0]


class TestArcsineLimits:
    """FunnelPlotR's unadjusted limits for proportions."""

    @pytest.mark.parametrize("confidence", [0.95, 0.998])
    def test_limits_equal_the_closed_form(self, confidence: float) -> None:
        """sin(asin(sqrt(t)) +/- z / (2 sqrt(n)))^2 with z the normal quantile."""
        z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
        centre, spread = math.asin(math.sqrt(0.6)), z / (2 * math.sqrt(30))
        expected = (100 * math.sin(centre - spread) ** 2, 100 * math.sin(centre + spread) ** 2)
        assert expected == pytest.approx(arcsine_limits(30, 60, confidence=confidence))

    def test_funnelplotr_multipliers(self) -> None:
        """The z values FunnelPlotR writes out: 1.959964 and 3.090232."""
        centre = math.asin(math.sqrt(0.6))
        expected = 100 * math.sin(centre + 3.090232 / (2 * math.sqrt(30))) ** 2
        assert expected == pytest.approx(arcsine_limits(30, 60, confidence=0.998)[1], abs=1e-5)


class TestFunnel:
    """A funnel of localities from a collection."""

    SITES = AssessmentCollection(
        [micro_2_audit("A", 18, 30), micro_2_audit("B", 50, 60), micro_2_audit("C", 9, 40)]
    )

    def test_target_is_the_pooled_rate(self) -> None:
        """77 of 130 notes: 59.23%."""
        f = funnel(self.SITES, "micro.2")
        assert (float(Fraction(7700, 130)), "pooled") == (f.target, f.target_from)

    def test_each_point_is_judged_at_its_own_sample_size(self) -> None:
        """Signals follow the limits computed independently at each n."""
        f = funnel(self.SITES, "micro.2")
        target = Fraction(77, 130)
        expected = []
        for k, n in ((18, 30), (50, 60), (9, 40)):
            rate = 100 * k / n
            if rate > exact_limit(n, target, Fraction(999, 1000)):
                expected.append("above 99.8%")
            elif rate < exact_limit(n, target, Fraction(1, 1000)):
                expected.append("below 99.8%")
            else:
                expected.append("within")
        assert expected == [r.signal for r in f.rows]
        assert ("B", "C") == f.signals

    def test_a_given_target_and_the_level_edges(self) -> None:
        """target=60 tests against the lower edge of level 3; the bands' edges are carried."""
        f = funnel(self.SITES, "micro.2", target=60)
        assert (60.0, "given") == (f.target, f.target_from)
        assert (40.0, 60.0, 80.0) == tuple(edge for _, edge in f.edges)

    def test_curve_gives_the_limits_at_every_size(self) -> None:
        """The curve drawn is the limits at 1, 2, ... notes."""
        f = funnel(self.SITES, "micro.2", limits="arcsine")
        curve = f.curve(upto=5)
        assert [1, 2, 3, 4, 5] == [n for n, _, _ in curve]
        assert curve[4][1:] == arcsine_limits(5, f.target)

    def test_a_locality_twice_needs_a_date(self) -> None:
        """Two dates of one locality are not two sites: ambiguous_assessment."""
        sites = self.SITES + AssessmentCollection([micro_2_audit("A", 20, 30, "2019-03")])
        with pytest.raises(EvidenceError) as caught:
            funnel(sites, "micro.2")
        assert "ambiguous_assessment" == caught.value.code
        assert 3 == len(funnel(sites, "micro.2", date="2018-03").rows)

    def test_an_item_without_counts_is_refused(self) -> None:
        """No audit of micro.3a: no_counts, naming the item."""
        with pytest.raises(EvidenceError) as caught:
            funnel(self.SITES, "micro.3a")
        assert ("no_counts", "micro.3a") == (caught.value.code, caught.value.item)

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [({"limits": "normal"}, "limits"), ({"target": 100}, "target"), ({"target": 0}, "target")],
    )
    def test_bad_options_are_refused(self, kwargs: dict[str, object], field: str) -> None:
        """An unknown limit method or a target outside (0, 100): out_of_range."""
        with pytest.raises(EvidenceError) as caught:
            funnel(self.SITES, "micro.2", **kwargs)  # type: ignore[arg-type]
        assert ("out_of_range", field) == (caught.value.code, caught.value.field)


def test_a_staff_survey_funnel_uses_agreeing_of_respondents() -> None:
    """Surveys are rates too: agree of respondents, as the level is decided (D21)."""
    sites = AssessmentCollection(
        [
            Assessment.from_evidence(
                {"micro.3a": {"kind": "survey", "agree": k, "respondents": n, "eligible": 2 * n}},
                locality=name,
                date="2018",
                method="independent_evaluation",
            )
            for name, k, n in (("A", 30, 40), ("B", 10, 40))
        ]
    )
    f = funnel(sites, "micro.3a")
    assert ("staff_survey", [(30, 40), (10, 40)]) == (
        f.measure,
        [(r.successes, r.trials) for r in f.rows],
    )
    assert 50.0 == f.target
