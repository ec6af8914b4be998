"""The exact search behind every step: the smallest count, size or value that reaches a level.

Changed evidence is scored again under the item's rule (:func:`evaluate`);
the smallest change is found exactly, against each band's lower edge open
or closed as the ruleset says, and past any gate that withholds or caps the
level while the sample is too small.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import attrs

from ithrive.base.formatting import format_number
from ithrive.evidence import Evidence
from ithrive.model.level import Level
from ithrive.rules.decide import decide_item
from ithrive.rules.interval import Interval
from ithrive.rules.ruleset import Gate, GateEffect, ItemRule, Measure
from ithrive.scorecard import ItemResult

__all__ = [
    "band_pairs",
    "blocks",
    "escape",
    "evaluate",
    "float_above",
    "next_size",
    "one_measure",
    "pct",
    "reaches",
    "smallest_count",
    "smallest_value",
]


def evaluate(rule: ItemRule, pieces: Sequence[Evidence]) -> ItemResult:
    """The item decided on ``pieces`` under ``rule``, as scoring would decide it."""
    return decide_item(rule, pieces)


def reaches(level: Level | None, target: Level) -> bool:
    """Whether ``level`` is a level at least ``target``."""
    return level is not None and level >= target


def one_measure(rule: ItemRule, measure: Measure) -> ItemRule:
    """``rule`` with ``measure`` alone: what one piece of that measure decides."""
    return attrs.evolve(rule, measures=(measure,), indicators=None)


def pct(value: Fraction) -> str:
    """A percent in words."""
    return format_number(value, "%")


def smallest_count(
    bands: Sequence[tuple[Interval, Level]],
    target: Level,
    *,
    minimum: int,
    maximum: int,
    scale: int,
    den: int,
) -> int | None:
    """The smallest whole j in [minimum, maximum] with scale * j / den in a band >= target."""
    best: int | None = None
    for interval, level in bands:
        if level < target:
            continue
        bound = interval.lower * den / scale
        j = math.ceil(bound)
        if j == bound and not interval.lower_closed:
            j += 1
        j = max(j, minimum)
        if j <= maximum and interval.contains_ratio(scale * j, den) and (best is None or j < best):
            best = j
    return best


def band_pairs(measure: Measure) -> list[tuple[Interval, Level]]:
    """Each band of ``measure`` as (interval, level)."""
    return [(b.interval, b.level) for b in measure.bands]


def float_above(value: Fraction, *, strict: bool) -> float:
    """The smallest float at least ``value`` (above it when ``strict``)."""
    f = float(value)
    while Fraction(f) < value or (strict and Fraction(f) == value):
        f = math.nextafter(f, math.inf)
    return f


def smallest_value(
    measure: Measure, target: Level, current: Fraction
) -> tuple[Interval, float] | None:
    """The smallest float at least ``current`` in a band of level >= target, with that band."""
    best: tuple[Interval, float] | None = None
    for interval, level in band_pairs(measure):
        if level < target:
            continue
        if current in interval:
            f = float_above(current, strict=False)
        else:
            f = float_above(interval.lower, strict=not interval.lower_closed)
            if Fraction(f) < current:
                continue  # the band lies below the current value
        if f in interval and (best is None or f < best[1]):
            best = (interval, f)
    return best


def blocks(gate: Gate, target: Level) -> bool:
    """Whether a gate, when it applies, keeps the level below ``target``."""
    return gate.effect is GateEffect.INSUFFICIENT or (
        gate.effect is GateEffect.CAP and gate.level is not None and gate.level < target
    )


def next_size(measure: Measure, target: Level, size: int, eligible: int | None) -> int | None:
    """The smallest size above ``size`` that leaves every blocking gate applying at ``size``.

    Sizes are respondents (with their completion of ``eligible``) or audited
    notes; ``None`` when a gate cannot be left by growing the sample.
    """
    following = size + 1
    for gate in measure.gates:
        if not blocks(gate, target):
            continue
        if gate.field in ("respondents", "denominator") and size in gate.when:
            following = max(following, gate.when.integers().stop)
        elif gate.field == "completion" and eligible is not None:
            if Fraction(100 * size, eligible) in gate.when:
                bound = gate.when.upper * eligible / 100
                first = math.ceil(bound)
                if first == bound and gate.when.upper_closed:
                    first += 1
                following = max(following, first)
        elif gate.field == "eligible" and eligible is not None and eligible in gate.when:
            return None  # growing the sample cannot change the headcount
    return following


def escape(gate_when: Interval, *, whole: bool) -> Fraction:
    """The smallest value above every value of ``gate_when`` (a whole number when ``whole``)."""
    if whole:
        return Fraction(gate_when.integers().stop)
    if gate_when.upper_closed:
        return Fraction(float_above(gate_when.upper, strict=True))
    return gate_when.upper
