"""One measure of an item's rule, compiled: its band table and gates as exact integer bounds.

A measure's intervals are turned, once, into integer numerators and
denominators, so that placing a value (``num / den``) in a band or a gate's
condition is two integer products compared: exact, and fast enough to run
for every piece of every assessment. :meth:`CompiledMeasure.evaluate` gives a
reading's outcome (level, what decided, the gates that held) as a plain
tuple, which the item's decision record keeps and its words are later
written from.
"""

from __future__ import annotations

from typing import Any

from ithrive.evidence.kinds import Kind, Reading, kind
from ithrive.model.level import Level
from ithrive.rules.interval import Interval
from ithrive.rules.ruleset import GateEffect, Measure

__all__ = ["CompiledMeasure", "band_level"]

_CAP, _WITHHOLD = GateEffect.CAP, GateEffect.INSUFFICIENT

#: An exact interval: (lower num, lower den, lower closed, upper num, upper den, upper closed).
_Bounds = tuple[int, int, bool, int, int, bool]


def _bounds(interval: Interval) -> _Bounds:
    lo, hi = interval.lower, interval.upper
    return (
        lo.numerator,
        lo.denominator,
        interval.lower_closed,
        hi.numerator,
        hi.denominator,
        interval.upper_closed,
    )


def _inside(b: _Bounds, num: int, den: int) -> bool:
    """Whether ``num / den`` (``den > 0``) lies in ``b``, decided exactly."""
    a, c = num * b[1], b[0] * den
    if a < c or (a == c and not b[2]):
        return False
    a, c = num * b[4], b[3] * den
    return a < c or (a == c and b[5])


class CompiledMeasure:
    """One measure of an item: its band table and gates as integer bounds."""

    __slots__ = ("bands", "domain", "gates", "kind", "measure", "name", "required")

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        self.name = measure.name
        self.kind: Kind = kind(measure.kind)
        # The domain's lower end; its upper end is the last band's.
        self.domain = _bounds(measure.domain)[:3]
        # The bands partition the domain (the verifier makes sure), so, in
        # order, the first whose upper end the value does not pass is its band.
        self.bands = tuple(
            (
                b.interval.upper.numerator,
                b.interval.upper.denominator,
                b.interval.upper_closed,
                b.level,
                f"band {b.interval}",
                f"in band {b.interval} (level {int(b.level)})",
            )
            for b in sorted(measure.bands, key=lambda b: (b.interval.lower, b.interval.upper))
        )
        fields = self.kind.gate_fields
        self.gates = tuple(
            (fields.index(g.field), _bounds(g.when), g.effect, g.level, f"gate {g.id}")
            for g in measure.gates
        )
        # Withholding gates that cannot go unchecked: evidence without their field is refused.
        needs = self.kind.gate_needs
        self.required = frozenset(
            position
            for position, g in enumerate(measure.gates)
            if g.effect is GateEffect.INSUFFICIENT and g.field in needs
        )

    def evaluate(self, index: int, reading: Reading) -> tuple[Any, ...] | None:
        """The measure's outcome for one reading; ``None`` when the value is outside its domain.

        An outcome is (basis, level, exact value, decided_by, unmet, piece
        index, measure, gates met): ``gates met`` lists, in the rule's order,
        each gate whose field was not given (value ``None``) or whose
        condition held, as (gate position, exact field value). ``None`` also
        when a gate that withholds the level lacks a field the kind says it
        needs (:attr:`ithrive.evidence.kinds.Kind.gate_needs`).
        """
        _, num, den, values = reading
        if num is None:
            return (self.name, None, None, "no respondents", (), index, self, (), "")
        lo_num, lo_den, lo_closed = self.domain
        a, c = num * lo_den, lo_num * den  # type: ignore[operator]
        if a < c or (a == c and not lo_closed):
            return None
        for band in self.bands:
            a, c = num * band[1], band[0] * den  # type: ignore[operator]
            if a < c or (a == c and band[2]):
                break
        else:  # above the last band: above the domain
            return None
        level, decided_by = band[3], band[4]
        if not self.gates:
            return (self.name, level, (num, den), decided_by, (), index, self, (), band[5])
        met: tuple[tuple[int, Any], ...] = ()
        for position, (field, when, effect, cap, text) in enumerate(self.gates):
            value = values[field]
            if value is None:
                if position in self.required:
                    return None
                met += ((position, None),)
                continue
            if not _inside(when, value[0], value[1]):
                continue
            met += ((position, value),)
            if effect is _WITHHOLD:
                return (self.name, None, (num, den), text, (), index, self, met, band[5])
            if effect is _CAP and cap is not None and cap < level:
                level, decided_by = cap, text
        return (self.name, level, (num, den), decided_by, (), index, self, met, band[5])


def band_level(measure: CompiledMeasure, exact: tuple[int, int]) -> Level:
    """The level of the band that the exact value ``exact`` (num, den) lies in."""
    num, den = exact
    for band in measure.bands:
        a, c = num * band[1], band[0] * den
        if a < c or (a == c and band[2]):
            return band[3]
    raise AssertionError("a decided value lies in a band")  # pragma: no cover
