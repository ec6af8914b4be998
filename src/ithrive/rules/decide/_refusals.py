"""Why an item's evidence is refused: the errors the decision path reports.

A piece is refused when the item does not accept its kind, when it names no
measure (or one the item lacks) of its kind, when a measure, rating or set of
indicators is given twice, when a gate that withholds the level cannot be
checked, or when its value lies outside its measure's range. Each error names
the item, the field and the value, and suggests a name when one was mistyped.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ithrive.base._hints import suggest, suggestion_text
from ithrive.base.formatting import format_number
from ithrive.errors import EvidenceError
from ithrive.evidence import Evidence
from ithrive.evidence.kinds import Reading
from ithrive.rules.decide._measure import CompiledMeasure
from ithrive.rules.ruleset import ItemRule, Measure

__all__ = [
    "duplicate",
    "not_accepted",
    "pick_measure",
    "refused",
    "structured",
]


def structured(piece: Any) -> Evidence:
    """A piece as a typed evidence object (a dict is structured, every problem raised)."""
    from ithrive.evidence.reading import structure_evidence

    return structure_evidence(piece)


def pick_measure(
    item_id: str, rule: ItemRule, kind_name: str, name: str | None
) -> Measure | EvidenceError:
    """The measure of ``rule`` that a piece of kind ``kind_name`` naming ``name`` is for."""
    candidates = [m for m in rule.measures if m.kind == kind_name]
    if name is not None:
        chosen = rule.measure(name)
        if chosen is None or chosen.kind != kind_name:
            names = [m.name for m in candidates]
            return EvidenceError(
                f"unknown measure for {kind_name} evidence{suggestion_text(suggest(name, names))} "
                f"(measures: {', '.join(names)})",
                code="unknown_measure",
                item=item_id,
                field="measure",
                value=name,
            )
        return chosen
    if len(candidates) == 1:
        return candidates[0]
    return EvidenceError(
        f"this item has several {kind_name} measures; give 'measure' as one of "
        f"{', '.join(repr(m.name) for m in candidates)}",
        code="measure_required",
        item=item_id,
        field="measure",
        value=None,
    )


def not_accepted(rule: ItemRule, kind_name: str) -> EvidenceError:
    """The error for a piece of a kind the item's rule does not accept."""
    return EvidenceError(
        f"{rule.item} does not accept {kind_name} evidence; it accepts {', '.join(rule.accepts)}",
        code="kind_not_accepted",
        item=rule.item,
        field="kind",
        value=kind_name,
    )


def duplicate(item: str, text: str, field: str, value: str) -> EvidenceError:
    """The error for a measure, rating or set of indicators given more than once."""
    return EvidenceError(text, code="duplicate_evidence", item=item, field=field, value=value)


def refused(item: str, m: CompiledMeasure, reading: Reading, piece: Any) -> EvidenceError:
    """Why a piece was refused: a field a withholding gate needs, or a value out of range."""
    values = reading[3]
    for position in sorted(m.required):
        gate = m.measure.gates[position]
        if values[m.kind.gate_fields.index(gate.field)] is not None:
            continue
        typed = structured(piece)
        needed = m.kind.gate_needs[gate.field]
        missing = next((f for f in needed if getattr(typed, f, None) is None), needed[0])
        return EvidenceError(
            f"missing; {item} gives no level when {gate.field} lies in "
            f"{gate.when} ({gate.reason}), so its {m.kind.name} evidence needs "
            f"{' and '.join(needed)}",
            code="missing_field",
            item=item,
            field=missing,
            value=None,
        )
    return _out_of_range(item, m, reading, piece)


def _out_of_range(item: str, m: CompiledMeasure, reading: Reading, piece: Any) -> EvidenceError:
    value = Fraction(reading[1], reading[2])  # type: ignore[arg-type]
    field = m.kind.value_field
    return EvidenceError(
        f"{format_number(value, m.kind.unit)} is outside the valid range "
        f"{m.measure.domain} of measure {m.name!r}",
        code="out_of_range",
        item=item,
        field=field,
        value=getattr(structured(piece), field or "", None),
    )
