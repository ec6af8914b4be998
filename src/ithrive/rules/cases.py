"""Boundary cases: a test table, generated from any ruleset, for every band edge and gate.

For each edge between two bands, and each end of a gate's condition,
:func:`boundary_cases` builds evidence just below, exactly at and just above
the edge, with the level (or status) that evidence must get. The expected
outcome is read off the band table and gate by interval membership alone,
never by running the engine, so running the table through
:func:`ithrive.score` checks the engine against the ruleset's own words. A
locality writing a local variant gets such a table for free
(``ithrive rules cases FILE``).

"Just below" and "just above" mean the adjacent value in each form the
evidence can take: the next float for percents and means
(``math.nextafter``), one less or more for counts, and one case in a million
either side for audits and surveys given as counts.
"""

from __future__ import annotations

import math
import types
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

import attrs

from ithrive.model.level import Level
from ithrive.rules.interval import Interval
from ithrive.rules.ruleset import QUANTITIES, Gate, GateEffect, ItemRule, Measure, Ruleset
from ithrive.rules.verify import GATE_DOMAINS

__all__ = ["BoundaryCase", "boundary_cases"]

_SIDES = ("below", "at", "above")
#: Denominator used for audit cases built from counts: fine enough to land
#: within 1e-4 percentage points of any edge on a whole or half percent.
_AUDIT_DENOMINATOR = 1_000_000


def _read_only(evidence: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only copy, so that a case, once made, cannot be changed."""
    return types.MappingProxyType(dict(evidence))


@attrs.frozen
class BoundaryCase:
    """One row of a boundary table: evidence for an item and what it must score.

    ``edge`` is the value at the edge (a percent, a mean or a count),
    ``side`` is ``"below"``, ``"at"`` or ``"above"``; ``level`` is the
    expected level, or ``None`` with ``status`` ``"insufficient_evidence"``.
    ``warning`` names a gate warning the result must carry, if any.
    ``evidence`` is read-only; :meth:`to_dict` gives a plain copy.
    """

    item: str
    measure: str
    what: str
    edge: float
    side: str
    evidence: Mapping[str, Any] = attrs.field(eq=False, converter=_read_only)
    level: Level | None
    status: str = "rated"
    warning: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The case as a new JSON-ready dict: the evidence, and the outcome it must get.

        >>> case = boundary_cases()[0]
        >>> sorted(case.to_dict())
        ['edge', 'evidence', 'expected', 'item', 'measure', 'side', 'what']
        """
        return {
            "item": self.item,
            "measure": self.measure,
            "what": self.what,
            "edge": self.edge,
            "side": self.side,
            "evidence": dict(self.evidence),
            "expected": {
                "level": None if self.level is None else int(self.level),
                "status": self.status,
                "warning": self.warning,
            },
        }


_STEP = Fraction(100, _AUDIT_DENOMINATOR)


def _neighbours(edge: Fraction, mode: str) -> tuple[Fraction, Fraction, Fraction]:
    """The values just below, at and just above ``edge`` in one evidence form.

    ``integer``: one less and one more; ``counts``: one case in a million
    either side; ``float``: the adjacent floats (the edge itself must be a
    float, which every bound written with a few decimals in binary is not:
    then the nearest floats either side are used).
    """
    if mode == "integer":
        return edge - 1, edge, edge + 1
    if mode == "counts":
        return edge - _STEP, edge, edge + _STEP
    f = float(edge)
    below = Fraction(math.nextafter(f, -math.inf)) if Fraction(f) >= edge else Fraction(f)
    above = Fraction(math.nextafter(f, math.inf)) if Fraction(f) <= edge else Fraction(f)
    return below, edge, above


def _level_at(measure: Measure, value: Fraction) -> Level | None:
    for band in measure.bands:
        if band.interval.contains_ratio(value.numerator, value.denominator):
            return band.level
    return None


def _safe_gate_value(gate: Gate) -> Fraction:
    """A value of the gate's field that does not trigger it."""
    domain = GATE_DOMAINS[gate.field]
    for candidate in (Fraction(100), domain.upper, domain.lower, Fraction(1000)):
        in_domain = domain.contains_ratio(candidate.numerator, candidate.denominator)
        if in_domain and not gate.when.contains_ratio(candidate.numerator, candidate.denominator):
            return candidate
    return domain.upper  # pragma: no cover - a gate covering its whole domain


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def _forms(kind: str) -> tuple[str, ...]:
    """The evidence forms a measured kind's quantity can be given in."""
    return {
        "count": ("integer",),
        "collaborate": ("float",),
        "proportion": ("float", "counts"),
        "survey": ("counts",),
    }[kind]


def _gate_mode(field: str) -> str:
    return {"offered_percent": "float", "completion": "counts"}.get(field, "integer")


def _evidence(
    measure: Measure, form: str, value: Fraction, gates: dict[str, Fraction]
) -> dict[str, Any] | None:
    """An evidence dict whose banded quantity is exactly ``value``, or ``None``."""
    base: dict[str, Any] = {"kind": measure.kind, "measure": measure.name}
    if measure.kind == "count":
        return {**base, "count": int(value)}
    if measure.kind == "collaborate":
        return {
            **base,
            "mean": float(value),
            "offered_percent": float(gates.get("offered_percent", Fraction(100))),
            "encounters": int(gates.get("encounters", Fraction(100))),
        }
    if measure.kind == "proportion" and form == "float":
        return {**base, "percent": float(value)}
    if measure.kind == "proportion":
        num = value * _AUDIT_DENOMINATOR / 100
        if num.denominator != 1:
            return None
        return {**base, "numerator": int(num), "denominator": _AUDIT_DENOMINATOR}
    # survey: eligible staff fixed; respondents from completion, agree from agreement
    eligible = _AUDIT_DENOMINATOR
    respondents = gates.get("completion", Fraction(100)) * eligible / 100
    agree = value * respondents / 100
    if respondents.denominator != 1 or agree.denominator != 1 or respondents == 0:
        return None
    return {**base, "agree": int(agree), "respondents": int(respondents), "eligible": eligible}


def _band_cases(rule: ItemRule, measure: Measure) -> Iterator[BoundaryCase]:
    safe = {g.field: _safe_gate_value(g) for g in measure.gates}
    edges = sorted(
        {b.interval.lower for b in measure.bands} | {b.interval.upper for b in measure.bands}
    )
    for form in _forms(measure.kind):
        for edge in edges:
            for side, value in zip(_SIDES, _neighbours(edge, form), strict=True):
                if not measure.domain.contains_ratio(value.numerator, value.denominator):
                    continue
                ev = _evidence(measure, form, value, safe)
                if ev is None:
                    continue
                yield BoundaryCase(
                    item=rule.item,
                    measure=measure.name,
                    what=f"band edge {_number(edge)} ({form})",
                    edge=float(edge),
                    side=side,
                    evidence=ev,
                    level=_level_at(measure, value),
                )


def _gate_cases(rule: ItemRule, measure: Measure, gate: Gate) -> Iterator[BoundaryCase]:
    top = measure.domain.upper
    top_level = _level_at(measure, top) if measure.domain.upper_closed else None
    if top_level is None:  # pragma: no cover - the packaged domains are closed at the top
        return
    safe = {g.field: _safe_gate_value(g) for g in measure.gates if g is not gate}
    domain: Interval = GATE_DOMAINS[gate.field]
    mode = _gate_mode(gate.field)
    for edge in sorted({gate.when.lower, gate.when.upper}):
        for side, value in zip(_SIDES, _neighbours(edge, mode), strict=True):
            if not domain.contains_ratio(value.numerator, value.denominator):
                continue
            ev = _evidence(measure, _forms(measure.kind)[-1], top, {**safe, gate.field: value})
            if ev is None:
                continue
            fires = gate.when.contains_ratio(value.numerator, value.denominator)
            level: Level | None = top_level
            status, warning = "rated", None
            if fires and gate.effect is GateEffect.INSUFFICIENT:
                level, status = None, "insufficient_evidence"
            elif fires and gate.effect is GateEffect.CAP and gate.level is not None:
                level = min(top_level, gate.level)
            elif fires:
                warning = gate.id
            yield BoundaryCase(
                item=rule.item,
                measure=measure.name,
                what=f"gate {gate.id}: {gate.field} edge {_number(edge)}",
                edge=float(edge),
                side=side,
                evidence=ev,
                level=level,
                status=status,
                warning=warning,
            )


def boundary_cases(ruleset: Ruleset | None = None) -> tuple[BoundaryCase, ...]:
    """Every boundary case of ``ruleset`` (default: the packaged one), item by item.

    >>> cases = boundary_cases()
    >>> c = next(c for c in cases if c.item == "micro.7" and c.edge == 60 and c.side == "below")
    >>> c.evidence["percent"], int(c.level)
    (59.99999999999999, 2)
    """
    if ruleset is None:
        from ithrive.rules.loader import default_ruleset

        ruleset = default_ruleset()
    out: list[BoundaryCase] = []
    for rule in ruleset:
        for measure in rule.measures:
            if measure.kind not in QUANTITIES:  # pragma: no cover - the verifier forbids it
                continue
            out.extend(_band_cases(rule, measure))
            for gate in measure.gates:
                out.extend(_gate_cases(rule, measure, gate))
    return tuple(out)
