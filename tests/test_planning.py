"""Audit planning: exact binomial probabilities of the right level, and interval widths."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import scipy.stats

from ithrive.analysis.planning import (
    MAX_NOTES,
    audit_plan,
    level_agreement,
    sample_for_level,
    sample_for_width,
)
from ithrive.errors import EvidenceError


def by_hand(n: int, rate: Fraction, low: Fraction, high: Fraction, *, top: bool = False) -> float:
    """P(low <= 100 K / n < high) for K ~ Binomial(n, rate / 100), exactly (``top``: <= high)."""
    p = rate / 100
    total = Fraction(0)
    for k in range(n + 1):
        r = Fraction(100 * k, n)
        if low <= r and (r < high or (top and r == high)):
            total += math.comb(n, k) * p**k * (1 - p) ** (n - k)
    return float(total)


class TestLevelAgreement:
    """The probability that an audit lands in the true rate's band."""

    @pytest.mark.parametrize("n", [1, 7, 10, 30, 45, 99])
    def test_equals_the_binomial_sum_over_the_band(self, n: int) -> None:
        """True rate 70%: band [60, 80) of micro.2's notes audit."""
        expected = by_hand(n, Fraction(70), Fraction(60), Fraction(80))
        assert expected == pytest.approx(level_agreement(n, 70, item="micro.2"), abs=1e-12)

    def test_band_edges_are_honoured_exactly(self) -> None:
        """At 10 notes, 6 of 10 is exactly 60%: level 3, counted in [60, 80)."""
        expected = by_hand(10, Fraction(65), Fraction(60), Fraction(80))
        assert expected == pytest.approx(level_agreement(10, 65, item="micro.2"), abs=1e-12)

    def test_the_top_band_is_closed(self) -> None:
        """Level 4 is [80, 100]: every note meeting the standard counts."""
        expected = by_hand(20, Fraction(90), Fraction(80), Fraction(100), top=True)
        assert expected == pytest.approx(level_agreement(20, 90, item="micro.2"), abs=1e-12)

    def test_an_item_without_audits_is_refused(self) -> None:
        """meso.2 is a count of elements: not_from_counts."""
        with pytest.raises(EvidenceError) as caught:
            level_agreement(30, 70, item="meso.2")
        assert "not_from_counts" == caught.value.code


class TestSampleForLevel:
    """The smallest audit, and the assured one."""

    def test_smallest_is_the_first_size_reaching_the_probability(self) -> None:
        """Checked against the hand-worked probability at every size up to it."""
        plan = sample_for_level(70, item="micro.2", probability=0.8)
        curve = [by_hand(n, Fraction(70), Fraction(60), Fraction(80)) for n in range(1, 50)]
        first = next(n for n, q in enumerate(curve, start=1) if q >= 0.8)
        assert (first, 3) == (plan.smallest, int(plan.level))
        assert curve[first - 1] == pytest.approx(plan.achieved)

    def test_assured_is_where_every_larger_audit_stays_above(self) -> None:
        """Below assured some size falls short; from it on (checked to 200) none does."""
        plan = sample_for_level(70, item="micro.2", probability=0.8)
        assert plan.assured is not None
        assert plan.smallest is not None
        assert plan.smallest <= plan.assured
        assert by_hand(plan.assured - 1, Fraction(70), Fraction(60), Fraction(80)) < 0.8
        assert all(level_agreement(n, 70, item="micro.2") >= 0.8 for n in range(plan.assured, 200))

    def test_a_rate_on_an_edge_never_gets_there(self) -> None:
        """At exactly 60%, about half the audits fall below: no size up to the limit."""
        plan = sample_for_level(60, item="micro.2", probability=0.8)
        assert (None, None) == (plan.smallest, plan.assured)
        assert level_agreement(MAX_NOTES, 60, item="micro.2") < 0.6


class TestSampleForWidth:
    """The expected Jeffreys width, averaged over the binomial count."""

    @staticmethod
    def width(n: int, p: float) -> float:
        """Expected 95% Jeffreys width in points, one count at a time."""
        total = 0.0
        for k in range(n + 1):
            low = 0.0 if k == 0 else scipy.stats.beta.ppf(0.025, k + 0.5, n - k + 0.5)
            high = 1.0 if k == n else scipy.stats.beta.ppf(0.975, k + 0.5, n - k + 0.5)
            total += scipy.stats.binom.pmf(k, n, p) * (high - low)
        return 100 * total

    @pytest.mark.parametrize(("rate", "width"), [(70, 30), (70, 20), (50, 25)])
    def test_the_answer_is_the_first_size_narrow_enough(self, rate: int, width: int) -> None:
        """Width at n is within the target; at n - 1 it is not."""
        n = sample_for_width(rate, width)
        assert n is not None
        assert self.width(n, rate / 100) <= width < self.width(n - 1, rate / 100)

    def test_zero_width_is_refused(self) -> None:
        """No sample gives a zero-width interval."""
        with pytest.raises(EvidenceError):
            sample_for_width(70, 0)


def test_plan_table_has_one_row_per_rate() -> None:
    """The table over rates repeats the single answers."""
    table = audit_plan("micro.2", [50, 70])
    expected = [
        (sample_for_level(r, item="micro.2").smallest, sample_for_width(r, 20)) for r in (50, 70)
    ]
    assert expected == [(row.smallest, row.for_width) for row in table]
