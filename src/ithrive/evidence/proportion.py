"""Proportion evidence: a share from an audit or a score, as counts or a percent.

Case-note audits give counts (so an interval can be put around the rate);
some scores (IntegRATE, CHI-ESQ) arrive as a percent. This module holds the
:class:`Proportion` class and its kind declaration: how a piece is read
exactly, described, sampled for uncertainty and built for boundary cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, ClassVar, Final, Literal

import attrs

from ithrive.base._checks import check_text
from ithrive.base.formatting import format_number
from ithrive.errors import EvidenceError, raise_problems
from ithrive.evidence._checks import (
    check_exact,
    check_int,
    make_plain,
    real_ratio,
    real_within,
    short_text,
)
from ithrive.evidence._exact import RATIO_PATTERN
from ithrive.evidence.kinds import (
    CASE_DENOMINATOR,
    MEASURE_FIELD,
    NATURAL_DOMAIN,
    PERCENT_DOMAIN,
    Case,
    Kind,
    Reading,
    Role,
    case_number,
)
from ithrive.limits import MAX_INTEGER

__all__ = ["Proportion"]


@attrs.frozen
class Proportion:
    """A share, from counts (``numerator`` of ``denominator``) or as a ``percent``.

    Case-note audits give counts; some scores (IntegRATE, CHI-ESQ) arrive as
    a percent. Give either both counts or the percent, not both. A percent
    may be an exact :class:`~fractions.Fraction`; in JSON it is then written
    as text, ``"200/3"``. ``measure``
    names the measure where an item has several (macro.5: ``integrate``,
    ``chi_esq``).

    >>> Proportion(numerator=18, denominator=30).exact_percent()
    Fraction(60, 1)
    >>> Proportion(percent=79.99999999999999).exact_percent() < 80
    True
    """

    kind: ClassVar[Literal["proportion"]] = "proportion"
    numerator: int | None = None
    denominator: int | None = None
    percent: float | Fraction | None = None
    measure: str | None = None

    def __attrs_post_init__(self) -> None:
        num, den, percent = self.numerator, self.denominator, self.percent
        if short_text(self.measure) and (
            (
                percent is None
                and type(num) is int
                and type(den) is int
                and 0 <= num <= den <= MAX_INTEGER
                and den
            )
            or (num is None and den is None and real_within(percent, 100))
        ):
            return
        make_plain(self, ("numerator", "denominator"), ("percent",))
        problems: list[EvidenceError] = []
        counts = self.numerator is not None or self.denominator is not None
        if counts and self.percent is not None:
            problems.append(
                EvidenceError(
                    "give either numerator and denominator, or percent, not both",
                    code="conflicting_fields",
                    field="percent",
                    value=self.percent,
                )
            )
        elif counts:
            for name in ("numerator", "denominator"):
                if getattr(self, name) is None:
                    problems.append(
                        EvidenceError(
                            "missing; give numerator and denominator together",
                            code="missing_field",
                            field=name,
                            value=None,
                        )
                    )
            num_ok = self.numerator is not None and check_int(problems, "numerator", self.numerator)
            den_ok = self.denominator is not None and check_int(
                problems, "denominator", self.denominator, minimum=1
            )
            if num_ok and den_ok and self.numerator > self.denominator:  # type: ignore[operator]
                problems.append(
                    EvidenceError(
                        f"{self.numerator!r} is greater than the denominator {self.denominator!r}",
                        code="numerator_above_denominator",
                        field="numerator",
                        value=self.numerator,
                    )
                )
        elif self.percent is not None:
            check_exact(problems, "percent", self.percent, 0, 100)
        else:
            problems.append(
                EvidenceError(
                    "missing; give numerator and denominator, or percent",
                    code="missing_field",
                    field="percent",
                    value=None,
                )
            )
        check_text(problems, "measure", self.measure)
        raise_problems(problems)

    def exact_percent(self) -> Fraction:
        """The share as an exact percent."""
        if self.percent is None:
            return Fraction(100 * self.numerator, self.denominator)  # type: ignore[operator]
        return Fraction(self.percent)


# ------------------------------------------------------------------ its declaration


_PROPORTION: Final = frozenset({"kind", "numerator", "denominator", "percent", "measure"})


_NO_DENOMINATOR: Final = (None,)


def _proportion_dict(piece: dict[str, Any]) -> Reading | None:
    if not piece.keys() <= _PROPORTION:
        return None
    get = piece.get
    name, pct = get("measure"), get("percent")
    if not short_text(name):
        return None
    if pct is None:
        num, den = get("numerator"), get("denominator")
        if type(num) is int and type(den) is int and 0 <= num <= den <= MAX_INTEGER and den:
            return (name, 100 * num, den, ((den, 1),))
        return None
    if get("numerator") is not None or get("denominator") is not None:
        return None
    exact = real_ratio(pct, 0, 100)
    if exact is None:
        return None
    return (name, exact[0], exact[1], _NO_DENOMINATOR)


def _proportion_typed(piece: Proportion) -> Reading:
    if piece.percent is not None:
        num, den = piece.percent.as_integer_ratio()
        return (piece.measure, num, den, _NO_DENOMINATOR)
    d: int = piece.denominator  # type: ignore[assignment]
    return (piece.measure, 100 * piece.numerator, d, ((d, 1),))  # type: ignore[operator]


def _describe_proportion(ev: Proportion) -> str:
    label = f"{ev.measure} " if ev.measure else ""
    if ev.percent is None:
        return f"{label}{ev.numerator} of {ev.denominator}"
    return f"{label}{format_number(ev.percent, '%')}"


def _proportion_case(name: str, form: str, value: Fraction, gates: Mapping[str, Fraction]) -> Case:
    base = {"kind": "proportion", "measure": name}
    if form == "float":
        return {**base, "percent": case_number(value)}, {}
    denominator = gates.get("denominator", Fraction(CASE_DENOMINATOR))
    num = value * denominator / 100
    if num.denominator != 1 or denominator.denominator != 1 or denominator < 1:
        return None
    return {**base, "numerator": int(num), "denominator": int(denominator)}, {
        "denominator": denominator
    }


def _proportion_sample(item_id: str, ev: Proportion) -> tuple[int, int]:
    if ev.numerator is None or ev.denominator is None:
        raise EvidenceError(
            "given as a percent, so there are no counts to put an interval around; "
            "give numerator and denominator",
            code="no_counts",
            item=item_id,
            field="percent",
            value=ev.percent,
        )
    return ev.numerator, ev.denominator


#: The declaration of the ``proportion`` kind; :mod:`ithrive.evidence` registers it.
DECLARATION: Final = Kind(
    "proportion",
    Proportion,
    Role.MEASURED,
    _proportion_dict,
    _proportion_typed,
    "A share from an audit or score: numerator and denominator, or percent.",
    fields={
        "numerator": {
            "type": ["integer", "null"],
            "minimum": 0,
            "maximum": MAX_INTEGER,
            "description": "How many met the standard (give with denominator).",
        },
        "denominator": {
            "type": ["integer", "null"],
            "minimum": 1,
            "maximum": MAX_INTEGER,
            "description": "How many were looked at (give with numerator).",
        },
        "percent": {
            "type": ["number", "string", "null"],
            "pattern": RATIO_PATTERN,
            "minimum": 0,
            "maximum": 100,
            "description": "The share as a percent, instead of numerator and denominator; "
            "an exact fraction as text such as '200/3'.",
        },
        "measure": MEASURE_FIELD,
    },
    help={
        "numerator": "how many met the standard; give with denominator",
        "denominator": "how many were looked at (at least 1)",
        "percent": "0-100, instead of numerator and denominator",
        "measure": "the measure's name; required where an item has several of this kind",
    },
    example={"numerator": 0, "denominator": 1},
    describe=_describe_proportion,
    schema_extra={
        "anyOf": [
            {
                "required": ["numerator", "denominator"],
                "properties": {
                    "numerator": {"type": "integer"},
                    "denominator": {"type": "integer"},
                    "percent": {"type": "null"},
                },
            },
            {
                "required": ["percent"],
                "properties": {
                    "percent": {"type": ["number", "string"]},
                    "numerator": {"type": "null"},
                    "denominator": {"type": "null"},
                },
            },
        ]
    },
    quantity="percent",
    unit="%",
    value_domain=PERCENT_DOMAIN,
    value_field="percent",
    gate_fields=("denominator",),
    gate_units=("",),
    gate_domains=(NATURAL_DOMAIN,),
    gate_forms=("integer",),
    forms=("float", "counts"),
    case=_proportion_case,
    improve="counts",
    sample=_proportion_sample,
)
