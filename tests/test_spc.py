"""SPC charts: the Making Data Count rules as NHSRplotthedots applies them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ithrive.errors import EvidenceError
from ithrive.studies.assessment import Assessment, AssessmentCollection
from ithrive.studies.spc import audit_chart, p_chart, xmr


def flags(chart: object, rule: str) -> list[int]:
    """The 1-based positions a rule flags."""
    return [i for i, r in enumerate(chart.rows, start=1) if getattr(r, rule)]  # type: ignore[attr-defined]


class TestXmRLimits:
    """Centre and limits of the XmR chart, worked by hand."""

    def test_limits_are_the_mean_plus_or_minus_266_mean_moving_ranges(self) -> None:
        """Values 10, 12, 11, 13: mean 11.5, moving ranges 2, 1, 2 (mean 5/3)."""
        chart = xmr([10, 12, 11, 13])
        row = chart.rows[0]
        mr = 5 / 3
        expected = (11.5, 11.5 - 2.66 * mr, 11.5 + 2.66 * mr, 11.5 + 2 * 2.66 / 3 * mr)
        assert expected == pytest.approx((row.centre, row.lower, row.upper, row.near_upper))

    def test_a_huge_moving_range_is_screened_out(self) -> None:
        """The jump to 90 (range 30, above 3.267 x 6.857) is left out: mean range 3."""
        screened = xmr([60, 62, 58, 61, 59, 63, 60, 90])
        plain = xmr([60, 62, 58, 61, 59, 63, 60, 90], screen_outliers=False)
        assert (64.125 + 2.66 * 3, 64.125 + 2.66 * 48 / 7) == pytest.approx(
            (screened.rows[0].upper, plain.rows[0].upper)
        )
        assert [8] == flags(screened, "beyond_limits")


class TestShift:
    """Seven or more points in a row on one side of the mean."""

    def test_seven_below_then_seven_above_is_two_shifts(self) -> None:
        """Every point of each run is flagged."""
        chart = xmr([50, 52, 49, 51, 50, 48, 51, 58, 59, 57, 58, 60, 59, 58])
        assert list(range(1, 15)) == flags(chart, "shift")

    def test_six_in_a_row_is_not_a_shift(self) -> None:
        """Six above, then alternation: no shift."""
        chart = xmr([60, 61, 62, 61, 60, 62, 40, 60, 40, 60, 40, 41])
        assert [] == flags(chart, "shift")

    def test_a_point_on_the_mean_breaks_the_run(self) -> None:
        """Mean 50: seven 51s and seven 49s, each run split by a 50 on the mean."""
        chart = xmr([51, 51, 51, 50, 51, 51, 51, 51, 49, 49, 49, 50, 49, 49, 49, 49])
        assert 50 == chart.centre
        assert [] == flags(chart, "shift")


class TestTrend:
    """Seven or more points each strictly above (or below) the one before."""

    def test_seven_rising_points_are_a_trend(self) -> None:
        """Points 2-8 rise; point 1 is not part of it."""
        chart = xmr([55, 50, 51, 52, 53, 54, 55, 56, 50])
        assert [2, 3, 4, 5, 6, 7, 8] == flags(chart, "trend")

    def test_a_tie_breaks_a_trend(self) -> None:
        """50, 51, 52, 52, 53, 54, 55: a repeat is not a rise."""
        chart = xmr([50, 51, 52, 52, 53, 54, 55, 50])
        assert [] == flags(chart, "trend")

    def test_seven_falling_points_are_a_trend(self) -> None:
        """Falling counts as well as rising."""
        chart = xmr([60, 59, 58, 57, 56, 55, 54, 60])
        assert [1, 2, 3, 4, 5, 6, 7] == flags(chart, "trend")


class TestTwoOfThree:
    """Two of three points in a row near a limit, all three on one side of the mean.

    The p-chart fixes the limits by hand: 100 notes each, pooled rate 50%,
    sigma 5 points, so the two-sigma line is 60% and the limit 65%.
    """

    def chart(self, first: int) -> object:
        """Rates (of 100) with points 2 and 3 near the upper limit."""
        rest = [62, 63, 100 - first, 40, 45, 55, 50, 50, 45, 40, 50]
        counts = [first, *rest]
        assert 600 == sum(counts)
        return p_chart(counts, [100] * 12)

    def test_two_near_points_with_a_third_on_their_side_are_flagged(self) -> None:
        """52, 62, 63: all above 50, two beyond 60; the two are flagged, not the 52."""
        chart = self.chart(52)
        assert (60.0, 65.0) == pytest.approx((chart.rows[0].near_upper, chart.rows[0].upper))  # type: ignore[attr-defined]
        assert [2, 3] == flags(chart, "two_of_three")

    def test_a_point_on_the_mean_spoils_the_three(self) -> None:
        """50, 62, 63, 48: each window of three holds a point on or below the mean."""
        assert [] == flags(self.chart(50), "two_of_three")


class TestPointType:
    """Improvement or concern, by the side of the mean and the direction that is better."""

    @pytest.mark.parametrize(
        ("improvement", "first", "last"),
        [
            ("increase", "special_cause_concern", "special_cause_improvement"),
            ("decrease", "special_cause_improvement", "special_cause_concern"),
            ("neutral", "special_cause_neutral_low", "special_cause_neutral_high"),
        ],
    )
    def test_point_type_follows_the_direction(
        self, improvement: str, first: str, last: str
    ) -> None:
        """A shift up: the low run and the high run are read by the direction given."""
        chart = xmr(
            [50, 52, 49, 51, 50, 48, 51, 58, 59, 57, 58, 60, 59, 58], improvement=improvement
        )
        assert (first, last) == (chart.rows[0].point_type, chart.rows[-1].point_type)

    def test_common_cause_when_no_rule_fires(self) -> None:
        """Noise alone is common cause."""
        chart = xmr([50, 55, 48, 53, 51, 49])
        assert {"common_cause"} == {r.point_type for r in chart.rows}


class TestPChart:
    """The p-chart's limits at each point's own sample size."""

    def test_limits_follow_each_sample_size(self) -> None:
        """Pooled 60 of 100; limits 60 +/- 3 sqrt(0.24 / n) in percent."""
        chart = p_chart([12, 18, 30], [20, 30, 50])
        expected = [60 + 300 * (0.24 / n) ** 0.5 for n in (20, 30, 50)]
        assert expected == pytest.approx([r.upper for r in chart.rows])
        assert [(12, 20), (18, 30), (30, 50)] == [(r.successes, r.trials) for r in chart.rows]

    @pytest.mark.parametrize(
        ("successes", "trials", "code"),
        [
            ([5, 40], [30, 30], "numerator_above_denominator"),
            ([5], [30], "out_of_range"),
            ([5, 6], [30], "length_mismatch"),
            ([5, 6], [30, 0], "out_of_range"),
        ],
    )
    def test_bad_counts_are_refused(
        self, successes: list[int], trials: list[int], code: str
    ) -> None:
        """Counts are checked like audit counts, with the field named."""
        with pytest.raises(EvidenceError) as caught:
            p_chart(successes, trials)
        assert code == caught.value.code


class TestAuditChart:
    """A locality's repeated audits, from a collection."""

    def test_chart_of_a_locality_is_labelled_by_date_in_time_order(self) -> None:
        """Audits at 2017-09, 2017-10 and 2018: in time order, with their counts."""
        sites = AssessmentCollection(
            [
                Assessment.from_evidence(
                    {"micro.2": {"kind": "proportion", "numerator": k, "denominator": 30}},
                    locality="A",
                    date=date,
                    method="independent_evaluation",
                )
                for date, k in (("2018", 20), ("2017-10", 19), ("2017-09", 18))
            ]
        )
        chart = audit_chart(sites, "A", "micro.2")
        assert ["2017-09", "2017-10", "2018"] == [r.date for r in chart.rows]
        assert [18, 19, 20] == [r.successes for r in chart.rows]
        assert "xmr" == audit_chart(sites, "A", "micro.2", chart="xmr").chart


class TestAgreesWithNHSRplotthedots:
    """The rules, transcribed from NHSRplotthedots' R (padding and all), flag the same points.

    The transcription follows ``ptd_calculate_point_type.R`` and
    ``ptd_spc_standard.R`` of the nhs-r-community/NHSRplotthedots package:
    a padded look-back for shifts, trends of seven over a six-step window
    spread back to the seven points, and three windows around each point
    for two in three. It shares no code with ``ithrive.studies.spc``.
    """

    @staticmethod
    def reference(y: list[float]) -> list[str]:
        """point_type of NHSRplotthedots for an XmR chart, outlier screening, improvement up."""
        n = len(y)
        mean = sum(y) / n
        mr = [abs(y[i] - y[i - 1]) for i in range(1, n)]
        amr = sum(mr) / len(mr)
        mr = [m for m in mr if m < 3.267 * amr]
        amr = sum(mr) / len(mr) if mr else amr
        upl, lpl = mean + 2.66 * amr, mean - 2.66 * amr
        nupl, nlpl = mean + 2 * 2.66 / 3 * amr, mean - 2 * 2.66 / 3 * amr
        outside = [v > upl or v < lpl for v in y]
        rtm = [(v > mean) - (v < mean) for v in y]
        close = [not o and (v < nlpl or v > nupl) for v, o in zip(y, outside, strict=True)]

        def spread(v: list[int]) -> list[bool]:  # ptd_part_of_seven_trend
            vp = v + [0] * 6
            return [any(vp[i + k] == 1 or vp[i + k] == -1 for k in range(7)) for i in range(n)]

        vp = [0] * 6 + rtm
        seven_side = [
            int(all(vp[i] == vp[i - k] for k in range(1, 7)) and vp[i] != 0)
            for i in range(6, n + 6)
        ]
        trend = [0] * n
        for i in range(6, n):
            d = [(y[i - k] > y[i - k - 1]) - (y[i - k] < y[i - k - 1]) for k in range(6)]
            trend[i] = 1 if all(x == 1 for x in d) else (-1 if all(x == -1 for x in d) else 0)
        cp = [0, 0, *[int(c) for c in close], 0, 0]
        rp = [0, 0, *rtm, 0, 0]
        two = [
            any(
                sum(cp[i + a : i + a + 3]) >= 2 and abs(sum(rp[i + a : i + a + 3])) == 3
                for a in range(3)
            )
            for i in range(n)
        ]
        part_two = [t and c for t, c in zip(two, close, strict=True)]
        side, tr = spread(seven_side), spread(trend)
        sdy = [(y[i + 1] > y[i]) - (y[i + 1] < y[i]) for i in range(n - 1)]
        right = [*sdy, sdy[-1]]  # c(sdy, tail(sdy, 1))
        left = [0, *sdy]  # c(0, sdy)
        nxt = [*tr[1:], False]
        sdy = [right[i] if (nxt[i] and tr[i]) else left[i] for i in range(n)]
        out = []
        for i in range(n):  # case_when, first match wins
            if outside[i]:
                v = 1 if rtm[i] == 1 else -1
            elif tr[i]:
                v = 1 if sdy[i] == 1 else -1
            elif part_two[i] or side[i]:
                v = 1 if rtm[i] > 0 else -1
            else:
                v = 0
            out.append(
                {1: "special_cause_improvement", -1: "special_cause_concern"}.get(v, "common_cause")
            )
        return out

    @given(
        st.lists(st.integers(min_value=0, max_value=20), min_size=2, max_size=30).map(
            lambda xs: [float(x) for x in xs]
        )
    )
    def test_point_types_equal_the_transcription(self, values: list[float]) -> None:
        """Integer-valued series, so ties with the mean and flat runs are common."""
        expected = self.reference(values)
        assert expected == [r.point_type for r in xmr(values).rows]

    def test_a_low_point_in_a_rising_trend_is_an_improvement(self) -> None:
        """The trend's direction, not the side of the mean, reads a trend point."""
        chart = xmr([50, 52, 54, 56, 58, 60, 62, 50, 70, 50, 70, 50])
        first = chart.rows[0]
        assert (True, -1, "special_cause_improvement") == (
            first.trend,
            (first.value > first.centre) - (first.value < first.centre),
            first.point_type,
        )
