"""Count evidence: a count of things in place, such as the MINDFUL elements of meso.2.

The count may name what it counts, so that what is missing can be said.
This module holds the :class:`Count` class and its kind declaration; the
MINDFUL elements themselves, and building a count from them, are in
:mod:`ithrive.evidence.measures`.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, ClassVar, Final, Literal

import attrs

from ithrive._messages import short_repr
from ithrive.base._checks import check_text, unencodable
from ithrive.base.encoding import is_encodable
from ithrive.errors import EvidenceError, raise_problems
from ithrive.evidence._checks import check_int, make_plain, short_text, whole
from ithrive.evidence.kinds import (
    MEASURE_FIELD,
    MEASURE_HELP,
    WHOLE_FIELD,
    Case,
    Kind,
    Reading,
    Role,
)
from ithrive.limits import MAX_INTEGER, MAX_NAMES, MAX_TEXT

__all__ = ["Count"]


def _to_names(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


@attrs.frozen
class Count:
    """A count of things in place, such as the MINDFUL elements of meso.2.

    ``in_place`` may name the elements counted; when given, its length must
    equal ``count`` and its names must be distinct.

    >>> Count(count=3).count
    3
    """

    kind: ClassVar[Literal["count"]] = "count"
    count: int
    in_place: tuple[str, ...] | None = attrs.field(default=None, converter=_to_names)
    measure: str | None = None

    def __attrs_post_init__(self) -> None:
        count = self.count
        if (
            self.in_place is None
            and type(count) is int
            and 0 <= count <= MAX_INTEGER
            and short_text(self.measure)
        ):
            return
        make_plain(self, ("count",))
        problems: list[EvidenceError] = []
        ok = check_int(problems, "count", self.count)
        if self.in_place is not None:
            names = self.in_place
            if isinstance(names, tuple) and len(names) > MAX_NAMES:
                problems.append(
                    EvidenceError(
                        f"{len(names)} names is more than the limit {MAX_NAMES}",
                        code="too_large",
                        field="in_place",
                        value=len(names),
                    )
                )
            elif not isinstance(names, tuple) or not all(isinstance(n, str) for n in names):
                problems.append(
                    EvidenceError(
                        f"expected a list of names, got {short_repr(names)}",
                        code="wrong_type",
                        field="in_place",
                        value=names,
                    )
                )
            elif (long := next((n for n in names if len(n) > MAX_TEXT), None)) is not None:
                problems.append(
                    EvidenceError(
                        f"a name is longer than the limit {MAX_TEXT} characters",
                        code="too_large",
                        field="in_place",
                        value=long[:40] + "...",
                    )
                )
            elif (bad := next((n for n in names if not is_encodable(n)), None)) is not None:
                problems.append(unencodable("in_place", bad))
            elif len(set(names)) != len(names):
                problems.append(
                    EvidenceError(
                        f"names repeat: {sorted(n for n in set(names) if names.count(n) > 1)!r}",
                        code="duplicate_name",
                        field="in_place",
                        value=list(names),
                    )
                )
            elif ok and len(names) != self.count:
                problems.append(
                    EvidenceError(
                        f"{len(names)} names given for a count of {self.count}",
                        code="count_mismatch",
                        field="in_place",
                        value=list(names),
                    )
                )
        check_text(problems, "measure", self.measure)
        raise_problems(problems)


# ------------------------------------------------------------------ its declaration


_COUNT: Final = frozenset({"kind", "count", "in_place", "measure"})


def _count_dict(piece: dict[str, Any]) -> Reading | None:
    if not piece.keys() <= _COUNT or piece.get("in_place") is not None:
        return None
    name, count = piece.get("measure"), piece.get("count")
    if not (short_text(name) and whole(count, 0)):
        return None
    return (name, count, 1, ())


def _count_typed(piece: Count) -> Reading:
    return (piece.measure, piece.count, 1, ())


def _describe_count(ev: Count) -> str:
    names = f" ({', '.join(ev.in_place)})" if ev.in_place else ""
    return f"{ev.count} in place{names}"


def _count_case(name: str, form: str, value: Fraction, gates: Mapping[str, Fraction]) -> Case:
    if value.denominator != 1:
        return None
    return {"kind": "count", "measure": name, "count": int(value)}, {}


#: The declaration of the ``count`` kind; :mod:`ithrive.evidence` registers it.
DECLARATION: Final = Kind(
    "count",
    Count,
    Role.MEASURED,
    _count_dict,
    _count_typed,
    "A count of things in place, such as the MINDFUL elements.",
    fields={
        "count": {**WHOLE_FIELD, "minimum": 0, "description": "How many are in place."},
        "in_place": {
            "type": ["array", "null"],
            "items": {"type": "string", "maxLength": MAX_TEXT},
            "maxItems": MAX_NAMES,
            "uniqueItems": True,
            "description": "Names of the things counted; as many as the count.",
        },
        "measure": MEASURE_FIELD,
    },
    help={
        "count": "required: how many are in place",
        "in_place": "optional: their names, as many as the count",
        "measure": MEASURE_HELP,
    },
    example={"count": 0},
    describe=_describe_count,
    quantity="count",
    integer=True,
    value_field="count",
    banded_field="count",
    forms=("integer",),
    case=_count_case,
    improve="count",
    no_sample="a count of elements in place is not a sample",
)
