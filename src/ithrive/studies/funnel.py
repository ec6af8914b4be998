"""Funnel plots: which localities' audit or survey rates differ from the rest by more than chance.

A funnel plot sets each locality's rate on one item (notes meeting the
standard, staff agreeing) against its sample size, with control limits
around a target that narrow as samples grow. A point outside the 99.8%
limits is a signal worth looking into; one outside 95% a weaker alert;
inside, the difference from the target is within what chance gives.

The limits follow Spiegelhalter's "Funnel plots for comparing institutional
performance" (Statistics in Medicine 24, 2005), as the NHS-R community's
FunnelPlotR draws them at 95% and 99.8%:

- ``limits="exact"`` (the default): exact binomial limits. For a sample of
  n at target rate t, the limit at probability p is (r - a) / n, where r is
  the p-quantile of Binomial(n, t) (the smallest r with P(R <= r) >= p) and
  a = (P(R <= r) - p) / (P(R <= r) - P(R <= r - 1)) interpolates between
  counts, so the funnel is smooth. The 95% limits use p = 0.025 and 0.975,
  the 99.8% limits p = 0.001 and 0.999. Limits are clipped to 0-100%.
- ``limits="arcsine"``: FunnelPlotR's unadjusted limits for proportions,
  sin(asin(sqrt(t)) +/- z / (2 sqrt(n)))^2 with z = 1.959964 (95%) and
  3.090232 (99.8%), the angle kept within 0 to pi/2.

The target is the pooled rate of the localities shown (total successes over
total trials) unless one is given, such as a band edge: ``target=60`` asks
which localities differ from the lower edge of level 3 of a 60% standard.
The level edges of the item's bands (from the ruleset) are carried with the
funnel so a plot can draw them. No overdispersion adjustment is made: with
a handful of localities there is too little to estimate it from.

Needs the ``stats`` extra (scipy).

>>> lower, upper = binomial_limits(30, 60)
>>> round(lower, 2), round(upper, 2)
(40.47, 75.68)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Final

import attrs

from ithrive.base._extras import require
from ithrive.base._tabular import Table
from ithrive.base.dates import iso_date
from ithrive.errors import (
    EvidenceError,
    check_confidence,
    expect_one_of,
    is_real,
    is_whole,
    wrong_type,
)
from ithrive.model.level import Level, Status
from ithrive.rules.loader import ruleset_or_default
from ithrive.rules.ruleset import Ruleset
from ithrive.studies.intervals import interval_table, sources_of

__all__ = [
    "CONTROL_LEVELS",
    "LIMIT_METHODS",
    "Funnel",
    "FunnelRow",
    "FunnelTable",
    "arcsine_limits",
    "binomial_limits",
    "funnel",
]

#: The two control levels drawn, as FunnelPlotR draws them.
CONTROL_LEVELS: Final = (0.95, 0.998)
#: How the limits can be computed.
LIMIT_METHODS: Final = ("exact", "arcsine")


def _binom() -> Any:
    return require("scipy.stats", "stats", "Funnel plot limits").binom


def _check_trials(trials: object) -> int:
    if not is_whole(trials) or isinstance(trials, bool):
        raise wrong_type(trials, "a whole number of trials", field="trials")
    count: Any = trials
    if count < 1:
        raise EvidenceError(
            f"{trials!r} is below the minimum 1", code="out_of_range", field="trials", value=trials
        )
    return int(count)


def _check_target(target: object) -> float:
    if not is_real(target) or isinstance(target, bool):
        raise wrong_type(target, "a rate in percent", field="target")
    if not 0 < target < 100:  # type: ignore[operator]
        raise EvidenceError(
            f"{target!r} is not strictly between 0 and 100",
            code="out_of_range",
            field="target",
            value=target,
        )
    return float(target) / 100  # type: ignore[arg-type]


def _exact(binom: Any, n: int, t: float, p: float) -> float:
    """Spiegelhalter's interpolated binomial limit at probability ``p``, as a rate in 0-1."""
    r = int(binom.ppf(p, n, t))
    while r > 0 and binom.cdf(r - 1, n, t) >= p:  # guard scipy's rounding, both ways
        r -= 1
    while binom.cdf(r, n, t) < p:
        r += 1
    at = float(binom.cdf(r, n, t))
    below = float(binom.cdf(r - 1, n, t)) if r > 0 else 0.0
    a = (at - p) / (at - below)
    return min(max((r - a) / n, 0.0), 1.0)


def binomial_limits(trials: int, target: float, *, confidence: float = 0.95) -> tuple[float, float]:
    """Exact binomial control limits, in percent, for a sample of ``trials`` at ``target`` %.

    Spiegelhalter's interpolated limits (see the module notes). Needs the
    ``stats`` extra (scipy).

    >>> [round(x, 2) for x in binomial_limits(30, 60, confidence=0.998)]
    [30.24, 84.75]
    """
    n, t, c = _check_trials(trials), _check_target(target), check_confidence(confidence)
    binom = _binom()
    tail = (1 - c) / 2
    return 100 * _exact(binom, n, t, tail), 100 * _exact(binom, n, t, 1 - tail)


def arcsine_limits(trials: int, target: float, *, confidence: float = 0.95) -> tuple[float, float]:
    """FunnelPlotR's unadjusted limits for proportions, in percent (see the module notes).

    >>> [round(x, 2) for x in arcsine_limits(30, 60)]
    [42.21, 76.53]
    """
    n, t, c = _check_trials(trials), _check_target(target), check_confidence(confidence)
    z = float(require("scipy.stats", "stats", "Funnel plot limits").norm.isf((1 - c) / 2))
    centre, spread = math.asin(math.sqrt(t)), z / (2 * math.sqrt(n))
    low, high = max(centre - spread, 0.0), min(centre + spread, math.pi / 2)
    return 100 * math.sin(low) ** 2, 100 * math.sin(high) ** 2


@attrs.frozen
class FunnelRow:
    """One locality on the funnel.

    ``successes`` of ``trials`` at ``percent`` (exact), whose band gives
    ``level``; the limits at its sample size; ``signal`` is ``"within"``,
    ``"above 95%"``, ``"above 99.8%"``, ``"below 95%"`` or ``"below 99.8%"``
    (strictly outside the limits named). ``level`` is the band's level before
    any gate; ``status`` is the item's status in the assessment, so a survey
    the tool sets aside (for micro.3a, one fewer than half of staff completed)
    shows as ``insufficient_evidence`` rather than passing for a rated one.
    """

    locality: str | None
    date: str | None
    method: str | None
    id: str
    successes: int
    trials: int
    percent: Fraction
    level: Level
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float
    signal: str
    status: Status


@attrs.frozen
class FunnelTable(Table[FunnelRow]):
    """The localities of a funnel plot, in the order given."""


@attrs.frozen
class Funnel:
    """A funnel plot's data: the localities, the target, the limits and the level edges.

    ``target`` is in percent, ``target_from`` says whether it is the pooled
    rate (``"pooled"``) or was given (``"given"``); ``limits_method`` is one
    of :data:`LIMIT_METHODS`; ``edges`` holds, for each band of the measure
    but the lowest, its level and its lower edge in percent.
    """

    item: str
    measure: str
    target: float
    target_from: str
    limits_method: str
    rows: FunnelTable
    edges: tuple[tuple[Level, float], ...]

    def limits(self, trials: int, *, confidence: float = 0.95) -> tuple[float, float]:
        """The control limits, in percent, at a sample of ``trials``."""
        how = binomial_limits if self.limits_method == "exact" else arcsine_limits
        return how(trials, self.target, confidence=confidence)

    def curve(
        self, *, confidence: float = 0.95, upto: int | None = None
    ) -> list[tuple[int, float, float]]:
        """``(trials, lower, upper)`` for every sample size from 1 to ``upto``, for drawing.

        ``upto`` defaults to 1.1 times the largest sample shown.
        """
        top = (
            upto if upto is not None else max(2, math.ceil(1.1 * max(r.trials for r in self.rows)))
        )
        top = _check_trials(top)
        return [(n, *self.limits(n, confidence=confidence)) for n in range(1, top + 1)]

    @property
    def signals(self) -> tuple[str, ...]:
        """The localities outside the 99.8% limits (above or below)."""
        return tuple(str(r.locality) for r in self.rows if "99.8" in r.signal)


def _signal(value: float, low95: float, high95: float, low998: float, high998: float) -> str:
    if value > high998:
        return "above 99.8%"
    if value < low998:
        return "below 99.8%"
    if value > high95:
        return "above 95%"
    if value < low95:
        return "below 95%"
    return "within"


def funnel(
    source: object,
    item: str,
    *,
    date: object = None,
    method: str | None = None,
    measure: str | None = None,
    target: float | None = None,
    limits: str = "exact",
    ruleset: Ruleset | None = None,
) -> Funnel:
    """The funnel plot of one item's audits or surveys across localities.

    ``source`` is a collection, a list of assessments or scorecards, or one
    of them (see :func:`ithrive.studies.intervals.sources_of`); ``date`` and
    ``method`` keep the assessments at that date and by that method. Each
    locality may appear once (``ambiguous_assessment`` otherwise: give
    ``date`` or ``method``); an item with several measures needs
    ``measure``. ``target`` (percent) defaults to the pooled rate;
    ``limits`` is ``"exact"`` or ``"arcsine"`` (see the module notes).
    Needs the ``stats`` extra (scipy).

    >>> from ithrive.studies.assessment import Assessment, AssessmentCollection
    >>> def audit(site, k, n):
    ...     return Assessment.from_evidence(
    ...         {"micro.2": {"kind": "proportion", "numerator": k, "denominator": n}},
    ...         locality=site, date="2018-03", method="independent_evaluation")
    >>> sites = AssessmentCollection([audit("A", 18, 30), audit("B", 50, 60), audit("C", 9, 40)])
    >>> f = funnel(sites, "micro.2")
    >>> round(f.target, 2), [(r.locality, r.signal) for r in f.rows]
    (59.23, [('A', 'within'), ('B', 'above 99.8%'), ('C', 'below 99.8%')])
    """
    expect_one_of(limits, LIMIT_METHODS, field="limits")
    table = interval_table(source, items=[item], ruleset=ruleset)
    if date is not None:
        when = iso_date(date)
        table = table.where(lambda r: r.date == when)
    if method is not None:
        table = table.where(lambda r: r.method == str(getattr(method, "value", method)))
    table = table.of_one_measure(item, measure)
    if not table.rows:
        raise EvidenceError(
            f"no audit or survey with counts for {item} in the assessments chosen",
            code="no_counts",
            item=item,
            field="source",
            value=item,
        )
    seen: set[object] = set()
    for r in table:
        if r.locality in seen:
            raise EvidenceError(
                f"{r.locality!r} appears more than once; a funnel compares localities at one "
                "time, so give date (and method)",
                code="ambiguous_assessment",
                item=item,
                field="date",
                value=r.locality,
            )
        seen.add(r.locality)
    if target is None:
        pooled = Fraction(100 * sum(r.successes for r in table), sum(r.trials for r in table))
        if not 0 < pooled < 100:
            raise EvidenceError(
                f"the pooled rate is {float(pooled):g}%, so there is no funnel around it; "
                "give target",
                code="out_of_range",
                item=item,
                field="target",
                value=float(pooled),
            )
        centre, origin = float(pooled), "pooled"
    else:
        centre, origin = 100 * _check_target(target), "given"
    how = binomial_limits if limits == "exact" else arcsine_limits
    status = {
        (locality, when, way): card[item].status for locality, when, way, card in sources_of(source)
    }
    rows = []
    for r in table:
        low95, high95 = how(r.trials, centre, confidence=CONTROL_LEVELS[0])
        low998, high998 = how(r.trials, centre, confidence=CONTROL_LEVELS[1])
        value = float(r.observed)
        rows.append(
            FunnelRow(
                locality=r.locality,
                date=r.date,
                method=r.method,
                id=r.id,
                successes=r.successes,
                trials=r.trials,
                percent=r.observed,
                level=r.observed_level,
                lower_95=low95,
                upper_95=high95,
                lower_998=low998,
                upper_998=high998,
                signal=_signal(value, low95, high95, low998, high998),
                status=status[r.locality, r.date, r.method],
            )
        )
    chosen = ruleset_or_default(ruleset).rule(item).measure(table[0].measure)
    bands: Sequence[Any] = chosen.bands if chosen is not None else ()
    edges = tuple(sorted((b.level, float(b.interval.lower)) for b in bands if b.interval.lower > 0))
    return Funnel(
        item=item,
        measure=table[0].measure,
        target=centre,
        target_from=origin,
        limits_method=limits,
        rows=FunnelTable(rows),
        edges=edges,
    )
