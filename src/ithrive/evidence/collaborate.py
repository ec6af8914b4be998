"""CollaboRATE evidence: the CollaboRATE mean score and the share offered the questionnaire.

The mean (0-9) is banded; the share offered and the number of encounters
are what gates test; the top score is shown beside the mean. This module
holds the :class:`CollaboRATE` class and its kind declaration; scoring
CollaboRATE from per-encounter responses is in :mod:`ithrive.evidence.measures`.
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
    whole,
)
from ithrive.evidence._exact import RATIO_PATTERN
from ithrive.evidence.kinds import (
    MEASURE_FIELD,
    MEASURE_HELP,
    NATURAL_DOMAIN,
    PERCENT_DOMAIN,
    Case,
    Kind,
    Reading,
    Role,
    case_number,
)
from ithrive.limits import MAX_INTEGER

__all__ = ["CollaboRATE"]


@attrs.frozen
class CollaboRATE:
    """CollaboRATE results: the ``mean`` score (0-9) and the share offered it.

    ``offered_percent`` is the percent of children and young people who were
    given the chance to fill in the questionnaire; ``encounters`` is the
    number of complete responses behind the mean, if known.

    ``top_score``, optional, is CollaboRATE's recommended summary: the percent
    of complete encounters scoring 9 on all three items (interpretation
    register D25). It is reported beside the mean; the mean alone decides
    the level, as the assessment tool says.

    ``mean``, ``offered_percent`` and ``top_score`` may be given as a number or, to keep a
    mean computed from responses exact, as a :class:`~fractions.Fraction`. A
    mean of exactly 6 is then 6, not a float a hair above it (interpretation
    register D16). In evidence JSON an exact fraction is written as text,
    ``"20/3"``. A fraction's numerator and
    denominator may not exceed 100 times ``MAX_INTEGER``.

    >>> CollaboRATE(mean=8.15, offered_percent=60, encounters=33).exact_mean() > 8
    True
    >>> CollaboRATE(mean=Fraction(20, 3), offered_percent=100).exact_mean()
    Fraction(20, 3)
    """

    kind: ClassVar[Literal["collaborate"]] = "collaborate"
    mean: float | Fraction
    offered_percent: float | Fraction
    encounters: int | None = None
    measure: str | None = None
    top_score: float | Fraction | None = None

    def __attrs_post_init__(self) -> None:
        encounters = self.encounters
        if (
            real_within(self.mean, 9)
            and real_within(self.offered_percent, 100)
            and (encounters is None or (type(encounters) is int and 0 <= encounters <= MAX_INTEGER))
            and short_text(self.measure)
            and (self.top_score is None or real_within(self.top_score, 100))
        ):
            return
        make_plain(self, ("encounters",), ("mean", "offered_percent", "top_score"))
        problems: list[EvidenceError] = []
        check_exact(problems, "mean", self.mean, 0, 9)
        check_exact(problems, "offered_percent", self.offered_percent, 0, 100)
        if self.top_score is not None:
            check_exact(problems, "top_score", self.top_score, 0, 100)
        if self.encounters is not None:
            check_int(problems, "encounters", self.encounters)
        check_text(problems, "measure", self.measure)
        raise_problems(problems)

    def exact_mean(self) -> Fraction:
        """The mean as an exact fraction of the number given (a fraction is returned as is)."""
        return Fraction(self.mean)

    def exact_offered(self) -> Fraction:
        """The offered share as an exact percent."""
        return Fraction(self.offered_percent)

    def exact_top_score(self) -> Fraction | None:
        """The top score as an exact percent, or ``None`` when not given."""
        return None if self.top_score is None else Fraction(self.top_score)


# ------------------------------------------------------------------ its declaration


_COLLABORATE: Final = frozenset(
    {"kind", "mean", "offered_percent", "encounters", "measure", "top_score"}
)


def _collaborate_dict(piece: dict[str, Any]) -> Reading | None:
    if not piece.keys() <= _COLLABORATE:
        return None
    name, enc = piece.get("measure"), piece.get("encounters")
    mean = real_ratio(piece.get("mean"), 0, 9)
    offered = real_ratio(piece.get("offered_percent"), 0, 100)
    if mean is None or offered is None or not short_text(name):
        return None
    top = piece.get("top_score")
    if top is not None and real_ratio(top, 0, 100) is None:  # read, never banded: checked only
        return None
    if enc is None:
        return (name, mean[0], mean[1], (offered, None))
    if not whole(enc, 0):
        return None
    return (name, mean[0], mean[1], (offered, (enc, 1)))


def _collaborate_typed(piece: CollaboRATE) -> Reading:
    mean = piece.mean.as_integer_ratio()
    enc = piece.encounters
    return (
        piece.measure,
        mean[0],
        mean[1],
        (piece.offered_percent.as_integer_ratio(), None if enc is None else (enc, 1)),
    )


def _describe_collaborate(ev: CollaboRATE) -> str:
    n = f" from {ev.encounters} encounters" if ev.encounters is not None else ""
    top = "" if ev.top_score is None else f", top score {format_number(ev.top_score, '%')}"
    return (
        f"CollaboRATE mean {format_number(ev.mean)}{n}{top}, "
        f"offered to {format_number(ev.offered_percent, '%')}"
    )


def _collaborate_case(name: str, form: str, value: Fraction, gates: Mapping[str, Fraction]) -> Case:
    offered = gates.get("offered_percent", Fraction(100))
    encounters = gates.get("encounters", Fraction(100))
    if encounters.denominator != 1:
        return None
    ev = {
        "kind": "collaborate",
        "measure": name,
        "mean": case_number(value),
        "offered_percent": case_number(offered),
        "encounters": int(encounters),
    }
    return ev, {"offered_percent": offered, "encounters": encounters}


#: The declaration of the ``collaborate`` kind; :mod:`ithrive.evidence` registers it.
DECLARATION: Final = Kind(
    "collaborate",
    CollaboRATE,
    Role.MEASURED,
    _collaborate_dict,
    _collaborate_typed,
    "CollaboRATE results: mean score and the percent offered it.",
    fields={
        "mean": {
            "type": ["number", "string"],
            "pattern": RATIO_PATTERN,
            "minimum": 0,
            "maximum": 9,
            "description": "The CollaboRATE mean score, 0-9; an exact fraction as text: '76/9'.",
        },
        "offered_percent": {
            "type": ["number", "string"],
            "pattern": RATIO_PATTERN,
            "minimum": 0,
            "maximum": 100,
            "description": "Percent of children and young people offered the questionnaire.",
        },
        "encounters": {
            "type": ["integer", "null"],
            "minimum": 0,
            "maximum": MAX_INTEGER,
            "description": "Complete responses behind the mean.",
        },
        "measure": MEASURE_FIELD,
        "top_score": {
            "type": ["number", "string", "null"],
            "pattern": RATIO_PATTERN,
            "minimum": 0,
            "maximum": 100,
            "description": "Percent of complete encounters scoring 9 on all three items "
            "(CollaboRATE's top score); shown beside the mean, not banded; an exact "
            "fraction as text: '1600/41'.",
        },
    },
    help={
        "mean": "required: CollaboRATE mean score, 0-9",
        "offered_percent": "required: percent of CYP offered the questionnaire",
        "encounters": "optional: complete responses behind the mean",
        "measure": MEASURE_HELP,
        "top_score": "optional: percent of encounters scoring 9 on all three items "
        "(shown, not banded)",
    },
    example={"mean": 0, "offered_percent": 0, "encounters": 0, "top_score": 0},
    describe=_describe_collaborate,
    quantity="mean",
    value_domain="[0, 9]",
    value_field="mean",
    banded_field="mean",
    gate_fields=("offered_percent", "encounters"),
    gate_units=("%", ""),
    gate_domains=(PERCENT_DOMAIN, NATURAL_DOMAIN),
    gate_forms=("float", "integer"),
    forms=("float",),
    case=_collaborate_case,
    improve="mean",
    no_sample="its level depends on a mean score, not a proportion of counts",
)
