"""A worked example of a third-party evidence kind: a 1-5 Likert staff survey.

The developers guide ("Adding an evidence kind") walks through this module.
It declares the kind (:data:`LIKERT`) and a local ruleset that bands it for
meso.3b (:data:`RULESET_TOML`); ``tests/test_adding_a_kind.py`` scores it
through every interface. Nothing here is registered on import: a test
registers :data:`LIKERT` with :func:`ithrive.evidence.kinds.register_kind` (and
removes it after), and a command line finds it through the ``ithrive.evidence.kinds``
entry point group, as an installed package would declare it.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, ClassVar, Literal

import attrs

from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.evidence import RATIO_PATTERN
from ithrive.evidence.kinds import MEASURE_FIELD, MEASURE_HELP, Kind, Role, case_number
from ithrive.limits import MAX_INTEGER, MAX_TEXT

__all__ = ["LIKERT", "RULESET_TOML", "LikertSurvey"]


@attrs.frozen
class LikertSurvey:
    """Staff answers on a 1-5 scale: their ``mean`` and how many ``respondents`` gave it."""

    kind: ClassVar[Literal["likert"]] = "likert"
    mean: float | Fraction
    respondents: int
    measure: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = []
        mean, respondents = self.mean, self.respondents
        if isinstance(mean, bool) or not isinstance(mean, (int, float, Fraction)):
            problems.append(
                EvidenceError("expected a number", code="wrong_type", field="mean", value=mean)
            )
        elif not (math.isfinite(mean) and 1 <= mean <= 5):
            problems.append(
                EvidenceError("expected 1 to 5", code="out_of_range", field="mean", value=mean)
            )
        if type(respondents) is not int:
            problems.append(
                EvidenceError(
                    "expected a whole number",
                    code="wrong_type",
                    field="respondents",
                    value=respondents,
                )
            )
        elif not 1 <= respondents <= MAX_INTEGER:
            problems.append(
                EvidenceError(
                    "expected at least 1",
                    code="out_of_range",
                    field="respondents",
                    value=respondents,
                )
            )
        if self.measure is not None and not (
            isinstance(self.measure, str) and len(self.measure) <= MAX_TEXT
        ):
            problems.append(
                EvidenceError(
                    "expected text", code="wrong_type", field="measure", value=self.measure
                )
            )
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise InvalidEvidenceError(problems)


_FIELDS = frozenset({"kind", "mean", "respondents", "measure"})


def _read_dict(piece: dict[str, Any]) -> Any:
    """A plainly valid dict as (measure, mean as a ratio, gate values); None for the rest."""
    if not piece.keys() <= _FIELDS:
        return None
    mean, respondents, name = piece.get("mean"), piece.get("respondents"), piece.get("measure")
    if type(mean) not in (int, float) or not 1 <= mean <= 5:
        return None
    if type(respondents) is not int or not 1 <= respondents <= MAX_INTEGER:
        return None
    if name is not None and (type(name) is not str or len(name) > MAX_TEXT):
        return None
    num, den = mean.as_integer_ratio()
    return (name, num, den, ((respondents, 1),))


def _read_typed(piece: LikertSurvey) -> Any:
    num, den = piece.mean.as_integer_ratio()
    return (piece.measure, num, den, ((piece.respondents, 1),))


def _case(name: str, form: str, value: Fraction, gates: Any) -> Any:
    """Evidence whose mean is exactly ``value`` (a boundary case), and its gate values."""
    respondents = gates.get("respondents", Fraction(100))
    if respondents.denominator != 1 or respondents < 1:
        return None
    piece = {
        "kind": "likert",
        "measure": name,
        "mean": case_number(value),
        "respondents": int(respondents),
    }
    return piece, {"respondents": respondents}


#: The declaration: everything ithrive needs to know about the kind, in one place.
LIKERT = Kind(
    name="likert",
    cls=LikertSurvey,
    role=Role.MEASURED,
    read_dict=_read_dict,
    read_typed=_read_typed,
    description="A staff survey on a 1-5 agreement scale: the mean answer and respondents.",
    fields={
        "mean": {
            "type": ["number", "string"],
            "pattern": RATIO_PATTERN,
            "minimum": 1,
            "maximum": 5,
            "description": "The mean answer, 1 (strongly disagree) to 5 (strongly agree).",
        },
        "respondents": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_INTEGER,
            "description": "Staff who answered.",
        },
        "measure": MEASURE_FIELD,
    },
    help={
        "mean": "required: the mean answer, 1-5",
        "respondents": "required: staff who answered (at least 1)",
        "measure": MEASURE_HELP,
    },
    example={"mean": 3, "respondents": 1},
    describe=lambda ev: f"Likert survey: mean {ev.mean} from {ev.respondents} staff",
    quantity="mean answer",
    value_domain="[1, 5]",
    value_field="mean",
    banded_field="mean",
    gate_fields=("respondents",),
    gate_units=("",),
    gate_domains=("[0, 1000000000000]",),
    gate_forms=("integer",),
    forms=("float",),
    case=_case,
    no_sample="a mean of answers on a scale is not a proportion of counts",
)

#: A local ruleset that bands the Likert mean for meso.3b, as a locality would write it.
RULESET_TOML = """\
[ruleset]
name = "northvale-likert"
version = "1"
extends = "default"

[items."meso.3b"]
citation = "Northvale staff survey standard"

[[items."meso.3b".measures]]
name = "staff_likert"
kind = "likert"
domain = "[1, 5]"
bands = [
  { level = 1, interval = "[1, 2.5)" },
  { level = 2, interval = "[2.5, 3.25)" },
  { level = 3, interval = "[3.25, 4)" },
  { level = 4, interval = "[4, 5]" },
]

[[items."meso.3b".measures.gates]]
id = "few_staff"
field = "respondents"
when = "[0, 10)"
effect = "cap"
level = 2
reason = "fewer than 10 staff answered"
"""
