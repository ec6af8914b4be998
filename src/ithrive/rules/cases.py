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

from ithrive.base._immutable import reduce_by_fields, same_object
from ithrive.evidence.kinds import CASE_DENOMINATOR, Kind, kind
from ithrive.model.level import Level
from ithrive.rules.interval import Interval
from ithrive.rules.ruleset import QUANTITIES, Gate, GateEffect, ItemRule, Measure, Ruleset
from ithrive.rules.verify import GATE_DOMAINS

__all__ = ["BoundaryCase", "boundary_cases"]

_SIDES = ("below", "at", "above")
#: Denominator used for audit cases built from counts: fine enough to land
#: within 1e-4 percentage points of any edge on a whole or half percent.
_AUDIT_DENOMINATOR = CASE_DENOMINATOR


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

    # Pickled as the call that builds it again (its read-only evidence cannot
    # be pickled); copied as itself, since it never changes.
    __reduce__ = reduce_by_fields
    __copy__ = __deepcopy__ = same_object

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


def _neighbours(edge: Fraction, mode: str) -> tuple[Fraction | None, Fraction | None, Fraction]:
    """The values just below, at and just above ``edge`` in one evidence form.

    ``integer``: one less and one more; for an edge between whole numbers,
    the whole numbers either side and no case at the edge (``None``).
    ``counts``: one case in a million either side. ``float``: the adjacent
    floats (the edge itself must be a float, which every bound written with
    a few decimals in binary is not: then the nearest floats either side are
    used, and the edge itself is given exactly, as a fraction).
    """
    if mode == "integer":
        if edge.denominator != 1:
            return Fraction(math.floor(edge)), None, Fraction(math.ceil(edge))
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


def _forms(kind_name: str) -> tuple[str, ...]:
    """The evidence forms a measured kind's quantity can be given in."""
    return kind(kind_name).forms


def _gate_mode(declared: Kind, field: str) -> str:
    return declared.gate_forms[declared.gate_fields.index(field)]


#: Gate fields that fix a count the evidence is built from; band cases leave them at
#: their fine-grained defaults, and the outcome is read off every gate all the same.
_COUNT_FIELDS = frozenset({"denominator", "respondents", "eligible"})


def _evidence(
    measure: Measure, form: str, value: Fraction, gates: Mapping[str, Fraction]
) -> tuple[dict[str, Any], dict[str, Fraction]] | None:
    """Evidence whose banded quantity is exactly ``value``, and its gate fields; or ``None``.

    ``gates`` gives values for gate fields; a field it does not give takes a
    default that keeps the evidence fine-grained (a million cases, everyone
    offered, 100 encounters). ``None`` when no valid evidence has these values.
    The kind's declaration builds it (:attr:`ithrive.evidence.kinds.Kind.case`).
    """
    return kind(measure.kind).case(measure.name, form, value, gates)


def _outcome(
    measure: Measure, value: Fraction, fields: Mapping[str, Fraction], gate: Gate | None = None
) -> tuple[Level | None, str, str | None]:
    """The level, status and gate warning that evidence with ``value`` and ``fields`` must get.

    Read off the band table and every gate by interval membership, in the
    ruleset's order: a gate withholding the level ends it, a cap lowers it. The
    warning named is ``gate``'s own when it warns, else the first that warns.
    """
    level = _level_at(measure, value)
    warnings: list[str] = []
    for g in measure.gates:
        got = fields.get(g.field)
        if got is None or not g.when.contains_ratio(got.numerator, got.denominator):
            continue
        if g.effect is GateEffect.INSUFFICIENT:
            return None, "insufficient_evidence", None
        if g.effect is GateEffect.CAP:
            if g.level is not None and level is not None and g.level < level:
                level = g.level
        else:
            warnings.append(g.id)
    if gate is not None and gate.id in warnings:
        return level, "rated", gate.id
    return level, "rated", warnings[0] if warnings else None


def _band_cases(rule: ItemRule, measure: Measure) -> Iterator[BoundaryCase]:
    safe = {g.field: _safe_gate_value(g) for g in measure.gates if g.field not in _COUNT_FIELDS}
    edges = sorted(
        {b.interval.lower for b in measure.bands} | {b.interval.upper for b in measure.bands}
    )
    for form in _forms(measure.kind):
        for edge in edges:
            for side, value in zip(_SIDES, _neighbours(edge, form), strict=True):
                if value is None or not measure.domain.contains_ratio(
                    value.numerator, value.denominator
                ):
                    continue
                built = _evidence(measure, form, value, safe)
                if built is None:
                    continue
                ev, fields = built
                level, status, warning = _outcome(measure, value, fields)
                yield BoundaryCase(
                    item=rule.item,
                    measure=measure.name,
                    what=f"band edge {_number(edge)} ({form})",
                    edge=float(edge),
                    side=side,
                    evidence=ev,
                    level=level,
                    status=status,
                    warning=warning,
                )


def _gate_cases(rule: ItemRule, measure: Measure, gate: Gate) -> Iterator[BoundaryCase]:
    top = measure.domain.upper
    if _level_at(measure, top) is None or not measure.domain.upper_closed:
        return  # pragma: no cover - the packaged domains are closed at the top
    safe = {
        g.field: _safe_gate_value(g)
        for g in measure.gates
        if g is not gate and g.field != gate.field and g.field not in _COUNT_FIELDS
    }
    domain: Interval = GATE_DOMAINS[gate.field]
    mode = _gate_mode(kind(measure.kind), gate.field)
    for edge in sorted({gate.when.lower, gate.when.upper}):
        for side, value in zip(_SIDES, _neighbours(edge, mode), strict=True):
            if value is None or not domain.contains_ratio(value.numerator, value.denominator):
                continue
            built = _evidence(measure, _forms(measure.kind)[-1], top, {**safe, gate.field: value})
            if built is None:
                continue
            ev, fields = built
            level, status, warning = _outcome(measure, top, fields, gate)
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
