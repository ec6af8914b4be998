"""Statistical process control: is a locality's repeated audit changing, or just varying?

A locality that audits the same standard every few months gets a series of
rates. An SPC chart separates *common cause* variation (the noise any
process has) from *special cause* variation (a real change), using the rules
of NHS England's "Making Data Count" as the NHS-R community's
NHSRplotthedots package applies them:

- **points beyond the process limits**: a value above the upper or below the
  lower limit;
- **a shift**: seven or more points in a row on the same side of the mean (a
  point exactly on the mean breaks the run); every point of the run is
  flagged;
- **a trend**: seven or more points in a row each strictly higher (or each
  strictly lower) than the one before; every point of the run is flagged;
- **two of three near a limit**: in three points in a row all on the same
  side of the mean, at least two lie between the two-sigma line and the
  process limit; those two (or three) are flagged.

A flagged point is a special cause, read as NHSRplotthedots reads it: the
first rule that flags it, in the order limits, trend, two of three, shift,
gives its direction (the side of the mean; for a trend, the direction of
the trend), and the direction that counts as better
(``improvement="increase"``, the default, ``"decrease"`` or ``"neutral"``)
makes it an *improvement* or a *concern*. So a low point in a rising trend
is an improvement when higher is better.

Two charts:

- :func:`xmr`, the XmR (individuals) chart of NHSRplotthedots: the centre is
  the mean, and the limits are the mean +/- 2.66 times the mean moving range
  (the two-sigma lines at two thirds of that). With ``screen_outliers``
  (the default, as in NHSRplotthedots) moving ranges of 3.267 times the mean
  moving range or more are left out and the mean moving range recomputed.
- :func:`p_chart`, for rates from counts: the centre is the pooled rate
  p = total successes / total trials, and each point's limits are
  p +/- 3 sqrt(p (1 - p) / n) at its own sample size n (two-sigma lines at 2),
  clipped to 0-100%. The same four rules apply.

:func:`audit_chart` draws either from a locality's assessments in a
collection. All values are in percent. No scipy is needed.

Making Data Count advises at least :data:`SHORT_SERIES` points (twelve) for
the limits; with fewer, NHSRplotthedots warns that they are provisional, and
so does ithrive: :attr:`SPCChart.short` is true and :func:`ithrive.outputs.plot.plot_spc`
says so under the title. The rules still apply.

>>> chart = xmr([50, 52, 49, 51, 50, 48, 51, 58, 59, 57, 58, 60, 59, 58])
>>> round(chart.centre, 2), all(r.shift for r in chart.rows)
(54.29, True)
>>> chart.rows[0].point_type, chart.rows[-1].point_type
('special_cause_concern', 'special_cause_improvement')
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from ithrive.base._tabular import Table
from ithrive.base.dates import iso_date
from ithrive.errors import (
    EvidenceError,
    expect,
    expect_iterable,
    expect_one_of,
    is_real,
    is_whole,
    wrong_type,
)

__all__ = [
    "IMPROVEMENT",
    "RUN_LENGTH",
    "SHORT_SERIES",
    "SPCChart",
    "SPCRow",
    "SPCTable",
    "audit_chart",
    "p_chart",
    "xmr",
]

#: Points in a row that make a shift or a trend (NHSRplotthedots' rule).
RUN_LENGTH: Final = 7
#: Fewer points than this and the limits are provisional (NHSRplotthedots warns).
SHORT_SERIES: Final = 12
#: The directions of improvement a chart can be read in.
IMPROVEMENT: Final = ("increase", "decrease", "neutral")
_LIMIT: Final = 2.66
_Flags = tuple[
    Sequence[bool], Sequence[bool], Sequence[bool], Sequence[bool], Sequence[int], Sequence[int]
]
_SCREEN: Final = 3.267


@attrs.frozen
class SPCRow:
    """One point of an SPC chart.

    ``date`` labels the point (a date, or its position from 1); ``value`` is
    in percent; ``centre``, ``lower`` and ``upper`` the centre line and
    process limits at this point, ``near_lower`` and ``near_upper`` the
    two-sigma lines. ``beyond_limits``, ``shift``, ``trend`` and
    ``two_of_three`` say which rules flag the point; ``special_cause`` is
    any of them; ``point_type`` is ``"common_cause"``,
    ``"special_cause_improvement"``, ``"special_cause_concern"``,
    ``"special_cause_neutral_high"`` or ``"special_cause_neutral_low"``.
    ``successes`` and ``trials`` are the counts of a p-chart (else ``None``).
    """

    date: str
    value: float
    centre: float
    lower: float
    upper: float
    near_lower: float
    near_upper: float
    beyond_limits: bool
    shift: bool
    trend: bool
    two_of_three: bool
    special_cause: bool
    point_type: str
    successes: int | None = None
    trials: int | None = None


@attrs.frozen
class SPCTable(Table[SPCRow]):
    """The points of an SPC chart, in time order."""


@attrs.frozen
class SPCChart:
    """An SPC chart: its kind (``"xmr"`` or ``"p"``), centre line and points."""

    chart: str
    centre: float
    improvement: str
    rows: SPCTable
    title: str = ""

    @property
    def short(self) -> bool:
        """Whether the chart has fewer than :data:`SHORT_SERIES` points (provisional limits).

        >>> from ithrive.studies.spc import xmr
        >>> xmr([50, 52, 49]).short
        True
        """
        return len(self.rows) < SHORT_SERIES

    @property
    def special_causes(self) -> tuple[str, ...]:
        """The labels of the points any rule flags."""
        return tuple(r.date for r in self.rows if r.special_cause)


def _shift(side: Sequence[int]) -> list[bool]:
    """Points in a run of RUN_LENGTH or more on one side of the mean (0: on it)."""
    flags = [False] * len(side)
    for end in range(RUN_LENGTH - 1, len(side)):
        window = side[end - RUN_LENGTH + 1 : end + 1]
        if window[0] != 0 and all(s == window[0] for s in window):
            for i in range(end - RUN_LENGTH + 1, end + 1):
                flags[i] = True
    return flags


def _trend(values: Sequence[float]) -> list[bool]:
    """Points in a run of RUN_LENGTH or more, each strictly above (or below) the one before."""
    flags = [False] * len(values)
    for end in range(RUN_LENGTH - 1, len(values)):
        steps = [values[i] - values[i - 1] for i in range(end - RUN_LENGTH + 2, end + 1)]
        if all(d > 0 for d in steps) or all(d < 0 for d in steps):
            for i in range(end - RUN_LENGTH + 1, end + 1):
                flags[i] = True
    return flags


def _two_of_three(near: Sequence[bool], side: Sequence[int]) -> list[bool]:
    """Near-limit points in three in a row on one side with at least two near a limit."""
    flags = [False] * len(near)
    for start in range(len(near) - 2):
        span = range(start, start + 3)
        same_side = abs(sum(side[i] for i in span)) == 3
        if same_side and sum(near[i] for i in span) >= 2:
            for i in span:
                flags[i] = flags[i] or near[i]
    return flags


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _trend_directions(values: Sequence[float], trend: Sequence[bool]) -> list[int]:
    """Each point's step direction as NHSRplotthedots reads it for a trend.

    A point followed by another point of a trend takes the direction of the
    step after it; any other point the step before it (the first point 0).
    """
    steps = [_sign(b - a) for a, b in itertools.pairwise(values)]
    out = []
    for i in range(len(values)):
        if trend[i] and i + 1 < len(values) and trend[i + 1]:
            out.append(steps[i])
        else:
            out.append(steps[i - 1] if i > 0 else 0)
    return out


def _direction(i: int, flags: _Flags) -> int:
    """+1 (high, increasing), -1 (low, decreasing) or 0 (common cause), by the first rule.

    NHSRplotthedots' order: beyond the limits (by side of the mean), a trend
    (by its direction), two of three near a limit, a shift (both by side).
    """
    beyond, trend, two, shift, side, steps = flags
    if beyond[i]:
        return 1 if side[i] == 1 else -1
    if trend[i]:
        return 1 if steps[i] == 1 else -1
    if two[i] or shift[i]:
        return 1 if side[i] > 0 else -1
    return 0


def _point_type(direction: int, improvement: str) -> str:
    if direction == 0:
        return "common_cause"
    if improvement == "neutral":
        return "special_cause_neutral_" + ("high" if direction > 0 else "low")
    better = 1 if improvement == "increase" else -1
    return "special_cause_improvement" if direction == better else "special_cause_concern"


def _labels(labels: Iterable[object] | None, count: int) -> list[str]:
    if labels is None:
        return [str(i) for i in range(1, count + 1)]
    given = list(expect_iterable(labels, field="labels", expected="a list of labels"))
    if len(given) != count:
        raise EvidenceError(
            f"{len(given)} labels for {count} points",
            code="length_mismatch",
            field="labels",
            value=len(given),
        )
    return [iso_date(x, field="labels") if not isinstance(x, str) else x for x in given]


def _finish(  # noqa: PLR0917 (one private call site per chart)
    kind: str,
    labels: list[str],
    values: list[float],
    centre: float,
    limits: list[tuple[float, float, float, float]],
    improvement: str,
    counts: list[tuple[int, int]] | None = None,
    title: str = "",
) -> SPCChart:
    side = [_sign(v - centre) for v in values]
    beyond = [v > up or v < lo for v, (lo, up, _, _) in zip(values, limits, strict=True)]
    near = [
        not out and (v < nlo or v > nup)
        for v, out, (_, _, nlo, nup) in zip(values, beyond, limits, strict=True)
    ]
    shift, trend, two = _shift(side), _trend(values), _two_of_three(near, side)
    flags = (beyond, trend, two, shift, side, _trend_directions(values, trend))
    rows = []
    for i, v in enumerate(values):
        special = beyond[i] or shift[i] or trend[i] or two[i]
        lo, up, nlo, nup = limits[i]
        rows.append(
            SPCRow(
                date=labels[i],
                value=v,
                centre=centre,
                lower=lo,
                upper=up,
                near_lower=nlo,
                near_upper=nup,
                beyond_limits=beyond[i],
                shift=shift[i],
                trend=trend[i],
                two_of_three=two[i],
                special_cause=special,
                point_type=_point_type(_direction(i, flags), improvement),
                successes=None if counts is None else counts[i][0],
                trials=None if counts is None else counts[i][1],
            )
        )
    return SPCChart(
        chart=kind, centre=centre, improvement=improvement, rows=SPCTable(rows), title=title
    )


def xmr(
    values: Iterable[float],
    *,
    labels: Iterable[object] | None = None,
    improvement: str = "increase",
    screen_outliers: bool = True,
) -> SPCChart:
    """The XmR chart of a series of values (in time order), with the Making Data Count rules.

    ``labels`` names the points (dates, say); by default they are numbered
    from 1. Needs at least two values.

    The jump to 90 makes a moving range of 30, screened out; the limits come
    from the other ranges (mean 3), so 90 lies beyond the upper limit. The
    seven points before it are a shift below the mean it pulls up.

    >>> chart = xmr([60, 62, 58, 61, 59, 63, 60, 90])
    >>> round(chart.centre, 3), round(chart.rows[0].upper, 3)
    (64.125, 72.105)
    >>> [(r.date, r.beyond_limits, r.shift) for r in chart.rows][-2:]
    [('7', False, True), ('8', True, False)]
    """
    numbers = []
    for index, v in enumerate(expect_iterable(values, field="values", expected="numbers")):
        if not is_real(v) or isinstance(v, bool) or not math.isfinite(v):
            raise wrong_type(v, "a finite number", field=f"values[{index}]")
        numbers.append(float(v))
    if len(numbers) < 2:
        raise EvidenceError(
            f"an XmR chart needs at least 2 points, got {len(numbers)}",
            code="out_of_range",
            field="values",
            value=len(numbers),
        )
    way = expect_one_of(improvement, IMPROVEMENT, field="improvement")
    names = _labels(labels, len(numbers))
    centre = math.fsum(numbers) / len(numbers)
    ranges = [abs(b - a) for a, b in itertools.pairwise(numbers)]
    mean_range = math.fsum(ranges) / len(ranges)
    if screen_outliers:
        kept = [r for r in ranges if r < _SCREEN * mean_range]
        mean_range = math.fsum(kept) / len(kept) if kept else mean_range
    spread, near = _LIMIT * mean_range, 2 * _LIMIT / 3 * mean_range
    limits = [(centre - spread, centre + spread, centre - near, centre + near)] * len(numbers)
    return _finish("xmr", names, numbers, centre, limits, way)


def p_chart(
    successes: Iterable[int],
    trials: Iterable[int],
    *,
    labels: Iterable[object] | None = None,
    improvement: str = "increase",
) -> SPCChart:
    """The p-chart of rates from counts (in time order), with the Making Data Count rules.

    Limits are three sigma at each point's own sample size around the pooled
    rate; values and limits are in percent.

    >>> chart = p_chart([24, 25, 23, 24, 12, 25], [30] * 6)
    >>> round(chart.centre, 2), round(chart.rows[0].lower, 2), chart.special_causes
    (73.89, 49.83, ('5',))
    """
    ks = list(expect_iterable(successes, field="successes", expected="counts"))
    ns = list(expect_iterable(trials, field="trials", expected="counts"))
    if len(ks) != len(ns):
        raise EvidenceError(
            f"{len(ks)} successes for {len(ns)} trials",
            code="length_mismatch",
            field="trials",
            value=len(ns),
        )
    for index, (k, n) in enumerate(zip(ks, ns, strict=True)):
        for name, v, low in (("trials", n, 1), ("successes", k, 0)):
            if not is_whole(v) or isinstance(v, bool):
                raise wrong_type(v, "a whole number", field=f"{name}[{index}]")
            if v < low:
                raise EvidenceError(
                    f"{v!r} is below the minimum {low}",
                    code="out_of_range",
                    field=f"{name}[{index}]",
                    value=v,
                )
        if k > n:
            raise EvidenceError(
                f"{k!r} is greater than the trials {n!r}",
                code="numerator_above_denominator",
                field=f"successes[{index}]",
                value=k,
            )
    if len(ks) < 2:
        raise EvidenceError(
            f"a p-chart needs at least 2 points, got {len(ks)}",
            code="out_of_range",
            field="successes",
            value=len(ks),
        )
    way = expect_one_of(improvement, IMPROVEMENT, field="improvement")
    names = _labels(labels, len(ks))
    p = sum(int(k) for k in ks) / sum(int(n) for n in ns)
    limits = []
    for n in ns:
        sigma = math.sqrt(p * (1 - p) / int(n))
        limits.append(tuple(100 * min(max(p + z * sigma, 0.0), 1.0) for z in (-3, 3, -2, 2)))
    values = [100 * int(k) / int(n) for k, n in zip(ks, ns, strict=True)]
    counts = [(int(k), int(n)) for k, n in zip(ks, ns, strict=True)]
    return _finish("p", names, values, 100 * p, limits, way, counts)  # type: ignore[arg-type]


def audit_chart(
    collection: object,
    locality: str,
    item: str,
    *,
    chart: str = "p",
    method: str | None = None,
    measure: str | None = None,
    improvement: str = "increase",
    ruleset: object = None,
) -> SPCChart:
    """The SPC chart of one locality's repeated audits (or surveys) of one item.

    ``collection`` is an assessment collection or a list of assessments.
    Takes the locality's series of assessments (one method; see
    :meth:`~ithrive.studies.assessment.AssessmentCollection.series`), the counts
    behind ``item`` at each date, and draws a p-chart (``chart="p"``, the
    default) or an XmR chart of the rates (``chart="xmr"``), labelled by
    date. Dates without counts for the item are left out. Needs the
    ``stats`` extra (scipy) to read the counts.
    """
    # Imported when used: the charts of plain counts above need no scoring engine.
    from ithrive.studies.assessment import Assessment, AssessmentCollection
    from ithrive.studies.intervals import interval_table

    if isinstance(collection, (list, tuple)) and all(
        isinstance(a, Assessment) for a in collection
    ):  # a list of assessments, as the funnel takes
        collection = AssessmentCollection(collection)
    expect(
        collection,
        AssessmentCollection,
        field="collection",
        expected="an AssessmentCollection or a list of assessments",
    )
    if chart not in ("p", "xmr"):
        raise EvidenceError(
            f"expected 'p' or 'xmr', got {chart!r}", code="out_of_range", field="chart", value=chart
        )
    series = collection.series(locality, method)  # type: ignore[attr-defined]
    table = interval_table(list(series), items=[item], ruleset=ruleset)  # type: ignore[arg-type]
    table = table.of_one_measure(item, measure)
    if len(table) < 2:
        raise EvidenceError(
            f"{locality!r} has {len(table)} audit(s) with counts for {item}; a chart needs 2",
            code="no_counts",
            item=item,
            field="locality",
            value=locality,
        )
    labels = [str(r.date) for r in table]
    title = f"{locality}: {item} ({table[0].measure})"
    if chart == "p":
        result = p_chart(
            [r.successes for r in table],
            [r.trials for r in table],
            labels=labels,
            improvement=improvement,
        )
    else:
        result = xmr([float(r.observed) for r in table], labels=labels, improvement=improvement)
    return attrs.evolve(result, title=title)
