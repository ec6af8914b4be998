"""Audit planning: how many case notes must we audit?

An audit's level comes from the band its observed rate falls in. With a
true rate of 70% (level 3 of a 60-80% band) an audit of 10 notes lands in
another band quite often; an audit of 100 rarely does. This module answers,
with exact binomial probabilities (no normal approximation):

- :func:`level_agreement`: the probability that an audit of ``n`` notes
  gets the level of the true rate. The number of notes meeting the standard
  is Binomial(n, p) for a true rate p; the probability is the binomial
  probability of the counts whose rate lies in p's own band, summed exactly
  from scipy's binomial distribution function at the band's edges (the
  counts k with k/n in the band, edges open or closed as the ruleset says).
- :func:`sample_for_level`: the smallest audit giving a chosen probability
  (0.8 by default) of the right level. The probability does not rise
  smoothly with n (the counts jump across the band edges), so the plan also
  gives the smallest n from which *every* larger audit, up to the search
  limit, reaches the probability: the safer number to plan with.
- :func:`sample_for_width`: the smallest audit whose 95% Jeffreys interval
  (the one :mod:`ithrive.analysis.uncertainty` reports) is expected to be no wider
  than a chosen width, averaging the width exactly over the binomial
  distribution of the count the audit may find.
- :func:`audit_plan`: both, for a range of expected rates, as a table.

A true rate close to a band edge needs a very large audit to be placed
reliably; exactly on an edge, the probability settles at about even odds as
audits grow. A very small audit can still reach the chosen probability by
the coarseness of its counts (one note at a true 80% lands in level 4, 80-100%,
four times in five), which is why ``assured`` is the number to plan with: on
an edge it is ``None``. The search stops at :data:`MAX_NOTES` notes and
reports ``None`` beyond.

>>> from ithrive.analysis.planning import sample_for_level
>>> edge = sample_for_level(80, item="micro.2")
>>> edge.smallest, edge.assured
(1, None)

Needs the ``stats`` extra (scipy).

>>> round(level_agreement(30, 70, item="micro.2"), 3)
0.756
>>> plan = sample_for_level(70, item="micro.2")
>>> plan.smallest, round(plan.achieved, 3), plan.assured
(33, 0.817, 38)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction
from typing import Any, Final

import attrs

from ithrive.base._extras import require
from ithrive.base._tabular import Table
from ithrive.errors import EvidenceError, expect_iterable, is_real, is_whole, wrong_type
from ithrive.model.level import Level
from ithrive.rules.interval import Interval
from ithrive.rules.loader import ruleset_or_default
from ithrive.rules.ruleset import Measure, Ruleset

__all__ = [
    "MAX_NOTES",
    "AuditPlanRow",
    "AuditPlanTable",
    "LevelSample",
    "audit_plan",
    "level_agreement",
    "sample_for_level",
    "sample_for_width",
]

#: The largest audit the searches consider.
MAX_NOTES: Final = 2000


def _stats() -> Any:
    return require("scipy.stats", "stats", "Audit planning")


def _rate(value: object, field: str, *, low: float = 0, high: float = 100) -> Fraction:
    if not is_real(value) or isinstance(value, bool):
        raise wrong_type(value, "a number", field=field)
    number: Any = value
    if not low <= number <= high:
        raise EvidenceError(
            f"{value!r} is outside [{low:g}, {high:g}]",
            code="out_of_range",
            field=field,
            value=value,
        )
    return Fraction(number)


def _probability(value: object, field: str) -> float:
    if not is_real(value) or isinstance(value, bool) or not 0 < value < 1:  # type: ignore[operator]
        raise EvidenceError(
            f"expected a probability strictly between 0 and 1, got {value!r}",
            code="out_of_range",
            field=field,
            value=value,
        )
    return float(value)  # type: ignore[arg-type]


def _measure(item: str, measure: str | None, ruleset: Ruleset | None) -> Measure:
    rule = ruleset_or_default(ruleset).rule(item)
    counted = [m for m in rule.measures if m.kind in ("proportion", "survey")]
    chosen = counted if measure is None else [m for m in counted if m.name == measure]
    if len(chosen) == 1:
        return chosen[0]
    names = ", ".join(repr(m.name) for m in counted) or "none"
    if not counted:
        raise EvidenceError(
            f"{item} is not rated from an audit or survey, so it has no sample to plan",
            code="not_from_counts",
            item=item,
            field="item",
            value=item,
        )
    raise EvidenceError(
        f"give 'measure' as one of {names}",
        code="measure_required",
        item=item,
        field="measure",
        value=measure,
    )


def _band_of(measure: Measure, rate: Fraction) -> Interval:
    return next(b.interval for b in measure.bands if rate in b.interval)


def _count_range(interval: Interval, n: int) -> tuple[int, int]:
    """The counts k (0 <= k <= n) whose rate 100 k / n lies in ``interval``."""
    lo = interval.lower * n / 100
    hi = interval.upper * n / 100
    first = math.ceil(lo) if interval.lower_closed else math.floor(lo) + 1
    last = math.floor(hi) if interval.upper_closed else math.ceil(hi) - 1
    return max(first, 0), min(last, n)


def _agreement(binom: Any, n: int, p: float, interval: Interval) -> float:
    first, last = _count_range(interval, n)
    if first > last:
        return 0.0
    top = float(binom.cdf(last, n, p))
    return max(top - (float(binom.cdf(first - 1, n, p)) if first > 0 else 0.0), 0.0)


def level_agreement(
    notes: int,
    expected: float,
    *,
    item: str,
    measure: str | None = None,
    ruleset: Ruleset | None = None,
) -> float:
    """The probability that an audit of ``notes`` gets the level of the true rate ``expected`` (%).

    Exact: the Binomial(notes, expected) probability of the counts in the
    band holding ``expected``. ``item`` (and ``measure``, if it has several
    counted measures) picks the bands from the ruleset.
    """
    if not is_whole(notes) or isinstance(notes, bool) or notes < 1:
        raise wrong_type(notes, "a whole number of notes, 1 or more", field="notes")
    rate = _rate(expected, "expected")
    chosen = _measure(item, measure, ruleset)
    return _agreement(_stats().binom, int(notes), float(rate) / 100, _band_of(chosen, rate))


@attrs.frozen
class LevelSample:
    """How many notes place an expected rate in its level with a chosen probability.

    ``level`` is the level of ``expected``; ``smallest`` the smallest audit
    reaching ``probability`` (``None`` if none up to :data:`MAX_NOTES`) and
    ``achieved`` its probability; ``assured`` the smallest audit from which
    every larger one up to :data:`MAX_NOTES` reaches it.
    """

    expected: Fraction
    level: Level
    probability: float
    smallest: int | None
    achieved: float | None
    assured: int | None


def _curve(binom: Any, p: float, interval: Interval) -> list[float]:
    return [_agreement(binom, n, p, interval) for n in range(1, MAX_NOTES + 1)]


def sample_for_level(
    expected: float,
    *,
    item: str,
    probability: float = 0.8,
    measure: str | None = None,
    ruleset: Ruleset | None = None,
) -> LevelSample:
    """The audit size that gets the level of ``expected`` (%) right with ``probability``.

    See :func:`level_agreement` for the probability; the search runs over
    every audit of 1 to :data:`MAX_NOTES` notes.
    """
    rate = _rate(expected, "expected")
    wanted = _probability(probability, "probability")
    chosen = _measure(item, measure, ruleset)
    band = next(b for b in chosen.bands if rate in b.interval)
    curve = _curve(_stats().binom, float(rate) / 100, band.interval)
    smallest = next((n for n, q in enumerate(curve, start=1) if q >= wanted), None)
    assured: int | None = None
    if curve[-1] >= wanted:
        assured = MAX_NOTES
        while assured > 1 and curve[assured - 2] >= wanted:
            assured -= 1
    return LevelSample(
        expected=rate,
        level=band.level,
        probability=wanted,
        smallest=smallest,
        achieved=None if smallest is None else curve[smallest - 1],
        assured=assured,
    )


def _expected_width(stats: Any, n: int, p: float, confidence: float) -> float:
    np = require("numpy", "stats", "Audit planning")
    k = np.arange(n + 1)
    tail = (1 - confidence) / 2
    a, b = k + 0.5, n - k + 0.5
    lower = np.where(k == 0, 0.0, stats.beta.ppf(tail, a, b))
    upper = np.where(k == n, 1.0, stats.beta.isf(tail, a, b))
    weights = stats.binom.pmf(k, n, p)
    return 100 * float(np.sum(weights * (upper - lower)))


def sample_for_width(expected: float, width: float, *, confidence: float = 0.95) -> int | None:
    """The smallest audit whose Jeffreys interval is expected to be at most ``width`` points wide.

    The expected width is averaged exactly over the Binomial(n, expected)
    count; ``None`` when no audit up to :data:`MAX_NOTES` is narrow enough.

    >>> sample_for_width(70, 30), sample_for_width(70, 20)
    (33, 78)
    """
    rate = float(_rate(expected, "expected")) / 100
    target = float(_rate(width, "width", low=0, high=100))
    if target == 0:
        raise EvidenceError(
            "a width of 0 needs every note", code="out_of_range", field="width", value=width
        )
    conf = _probability(confidence, "confidence")
    stats = _stats()
    if _expected_width(stats, MAX_NOTES, rate, conf) > target:
        return None
    low, high = 0, MAX_NOTES  # width(high) <= target; width(low) > target (or low is 0)
    while high - low > 1:
        mid = (low + high) // 2
        if _expected_width(stats, mid, rate, conf) <= target:
            high = mid
        else:
            low = mid
    return high


@attrs.frozen
class AuditPlanRow:
    """The audit sizes for one expected rate (see :func:`audit_plan`)."""

    expected: Fraction
    level: Level
    smallest: int | None
    assured: int | None
    for_width: int | None


@attrs.frozen
class AuditPlanTable(Table[AuditPlanRow]):
    """Audit sizes over expected rates, for one item's bands."""


def audit_plan(
    item: str,
    expected: Iterable[float],
    *,
    probability: float = 0.8,
    width: float = 20,
    confidence: float = 0.95,
    measure: str | None = None,
    ruleset: Ruleset | None = None,
) -> AuditPlanTable:
    """For each expected rate (%), the audit sizes that place it in its level and measure it.

    ``smallest`` and ``assured`` are those of :func:`sample_for_level` at
    ``probability``; ``for_width`` that of :func:`sample_for_width` at
    ``width`` points and ``confidence``.

    >>> print(audit_plan("micro.2", [50, 70, 90]))
    expected  level  smallest  assured  for_width
    50        2      37        44       93
    70        3      33        38       78
    90        4      1         10       32

    At 90% a single note already lands in level 4 (80-100%) nine times in
    ten, but a few more notes can land it at 7 of 9: plan with ``assured``.
    """
    rates = list(expect_iterable(expected, field="expected", expected="a list of rates"))
    if not all(is_real(r) and not isinstance(r, bool) for r in rates):
        raise wrong_type(expected, "a list of rates in percent", field="expected")
    rows = []
    for rate in rates:
        plan = sample_for_level(
            rate, item=item, probability=probability, measure=measure, ruleset=ruleset
        )
        rows.append(
            AuditPlanRow(
                expected=plan.expected,
                level=plan.level,
                smallest=plan.smallest,
                assured=plan.assured,
                for_width=sample_for_width(rate, width, confidence=confidence),
            )
        )
    return AuditPlanTable(rows)
