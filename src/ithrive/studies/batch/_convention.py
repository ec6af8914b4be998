"""The column convention of a batch table: which columns hold evidence, and how results are coded.

An evidence column is named after an item, a measure and a field of the
measure's kind; the fields are the numeric fields the kind registry
(:mod:`ithrive.evidence.kinds`) declares, so a kind registered later has
columns too. This module says which fields a kind has, which of them take
whole numbers, which are required and what range each allows, what counts
as a missing value, and the codes the result columns use for an item's
status. Reading a column (:mod:`._columns`) and compiling a ruleset
(:mod:`._plan`) both start from here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

import attrs

from ithrive.evidence.kinds import KIND_REGISTRY, Role, all_kinds
from ithrive.limits import MAX_INTEGER
from ithrive.model import FRAMEWORK

__all__ = [
    "FIELDS",
    "INSUFFICIENT",
    "MAX_WHOLE",
    "NOT_ASSESSED",
    "PREFIXES",
    "RATED",
    "STATUSES",
    "field_range",
    "integer_fields",
    "required_fields",
]


def _numeric(schema: Mapping[str, Any]) -> bool:
    kinds = schema.get("type", ())
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    return "integer" in kinds or "number" in kinds


def _integer_field(schema: Mapping[str, Any]) -> bool:
    kinds = schema.get("type", ())
    return "integer" in ((kinds,) if isinstance(kinds, str) else kinds)


class _Fields(Mapping[str, tuple[str, ...]]):
    """The numeric fields of each measured kind, as its declaration gives them."""

    def __getitem__(self, name: str) -> tuple[str, ...]:
        declared = KIND_REGISTRY.get(name)
        if declared is None or declared.role is not Role.MEASURED:
            raise KeyError(name)
        return tuple(f for f, schema in declared.fields.items() if _numeric(schema))

    def __iter__(self) -> Iterator[str]:
        return (k.name for k in all_kinds().values() if k.role is Role.MEASURED)

    def __len__(self) -> int:
        return sum(1 for _ in self)


#: The evidence fields of each measured kind, as batch columns name them (its
#: numeric fields, from the kind registry, :mod:`ithrive.evidence.kinds`; read-only).
FIELDS: Final[Mapping[str, tuple[str, ...]]] = _Fields()


_INTEGERS: dict[str, tuple[Any, frozenset[str]]] = {}


def integer_fields(kind_name: str) -> frozenset[str]:
    """The fields of a kind that take whole numbers only (kept per declaration)."""
    declared = KIND_REGISTRY[kind_name]
    known = _INTEGERS.get(kind_name)
    if known is None or known[0] is not declared:
        fields = frozenset(f for f, schema in declared.fields.items() if _integer_field(schema))
        known = _INTEGERS[kind_name] = (declared, fields)
    return known[1]


def required_fields(kind_name: str) -> tuple[str, ...]:
    """The fields a piece of this kind cannot do without (its class's fields with no default)."""
    cls = KIND_REGISTRY[kind_name].cls
    return tuple(a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING)


def field_range(kind_name: str, field: str) -> tuple[Any, Any]:
    """The minimum and maximum a field's schema gives (``None``: no bound)."""
    schema = KIND_REGISTRY[kind_name].fields[field]
    return schema.get("minimum"), schema.get("maximum")


#: The largest whole number an integer field may hold: the same limit as :func:`ithrive.score`.
MAX_WHOLE: Final = MAX_INTEGER

#: Item statuses, in the order of their codes in the output.
STATUSES: Final = ("rated", "insufficient_evidence", "not_assessed")
#: The codes of :data:`STATUSES`, by name.
RATED, INSUFFICIENT, NOT_ASSESSED = 0, 1, 2
#: What every evidence column's name starts with (a system's id and a dot).
PREFIXES: Final = tuple(f"{s.id}." for s in FRAMEWORK.systems)
