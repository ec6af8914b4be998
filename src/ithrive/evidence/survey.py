"""Survey evidence: a staff survey's agreeing, responding and eligible staff.

Agreement (agree over respondents) is banded; completion (respondents over
eligible) and the counts themselves are what gates test. This module holds
the :class:`Survey` class and its kind declaration: how a piece is read
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
    short_text,
    whole,
)
from ithrive.evidence._exact import RATIO_PATTERN
from ithrive.evidence.kinds import (
    CASE_DENOMINATOR,
    MEASURE_FIELD,
    MEASURE_HELP,
    NATURAL_DOMAIN,
    PERCENT_DOMAIN,
    WHOLE_FIELD,
    Case,
    Kind,
    Reading,
    Role,
    case_number,
)
from ithrive.limits import MAX_INTEGER

__all__ = ["Survey"]


@attrs.frozen
class Survey:
    """A staff survey: ``agree`` of ``respondents`` agreed; ``eligible`` staff were asked.

    Completion is respondents over eligible; agreement is agree over
    respondents. Where only the share is known (a report's "62% agreed"),
    give it as ``agree_percent`` instead of ``agree``; ``respondents`` and
    ``eligible`` are then optional, as ``eligible`` is with counts. An item
    whose level is withheld below a completion figure (micro.3a) still needs
    ``respondents`` and ``eligible``: scoring refuses evidence without them
    (interpretation register D35).

    >>> s = Survey(agree=30, respondents=40, eligible=60)
    >>> s.exact_agreement(), s.exact_completion()
    (Fraction(75, 1), Fraction(200, 3))
    >>> Survey(agree_percent=62).exact_agreement(), Survey(agree_percent=62).exact_completion()
    (Fraction(62, 1), None)
    """

    kind: ClassVar[Literal["survey"]] = "survey"
    agree: int | None = None
    respondents: int | None = None
    eligible: int | None = None
    measure: str | None = None
    agree_percent: float | Fraction | None = None

    def __attrs_post_init__(self) -> None:
        agree, respondents, eligible = self.agree, self.respondents, self.eligible
        if (
            type(agree) is int
            and type(respondents) is int
            and type(eligible) is int
            and 0 <= agree <= respondents <= eligible <= MAX_INTEGER
            and eligible
            and self.agree_percent is None
            and short_text(self.measure)
        ):
            return
        make_plain(self, ("agree", "respondents", "eligible"), ("agree_percent",))
        problems: list[EvidenceError] = []
        agree_ok = respondents_ok = eligible_ok = False
        if self.agree is not None and self.agree_percent is not None:
            problems.append(
                EvidenceError(
                    "give either agree (with respondents) or agree_percent, not both",
                    code="conflicting_fields",
                    field="agree_percent",
                    value=self.agree_percent,
                )
            )
        elif self.agree is None and self.agree_percent is None:
            problems.append(
                EvidenceError(
                    "missing; give agree with respondents, or agree_percent",
                    code="missing_field",
                    field="agree",
                    value=None,
                )
            )
        elif self.agree_percent is not None:
            check_exact(problems, "agree_percent", self.agree_percent, 0, 100)
        else:
            agree_ok = check_int(problems, "agree", self.agree)
        if self.respondents is not None:
            low = 0 if self.agree_percent is None else 1
            respondents_ok = check_int(problems, "respondents", self.respondents, minimum=low)
        elif self.agree is not None or self.eligible is not None:
            problems.append(
                EvidenceError(
                    "missing; give respondents with "
                    + ("agree" if self.agree is not None else "eligible"),
                    code="missing_field",
                    field="respondents",
                    value=None,
                )
            )
        if self.eligible is not None:
            eligible_ok = check_int(problems, "eligible", self.eligible, minimum=1)
        # Each comparison is made when its two fields are sound, whatever the third.
        if agree_ok and respondents_ok and self.agree > self.respondents:  # type: ignore[operator]
            problems.append(
                EvidenceError(
                    f"{self.agree!r} is greater than the respondents {self.respondents!r}",
                    code="agree_above_respondents",
                    field="agree",
                    value=self.agree,
                )
            )
        if respondents_ok and eligible_ok and self.respondents > self.eligible:  # type: ignore[operator]
            problems.append(
                EvidenceError(
                    f"{self.respondents!r} is greater than the eligible staff {self.eligible!r}",
                    code="respondents_above_eligible",
                    field="respondents",
                    value=self.respondents,
                )
            )
        check_text(problems, "measure", self.measure)
        raise_problems(problems)

    def exact_agreement(self) -> Fraction | None:
        """Agreement as an exact percent of respondents, or ``None`` with no respondents."""
        if self.agree_percent is not None:
            return Fraction(self.agree_percent)
        if not self.respondents:
            return None
        return Fraction(100 * self.agree, self.respondents)  # type: ignore[operator]

    def exact_completion(self) -> Fraction | None:
        """Completion as an exact percent of eligible staff, or ``None`` when not known."""
        if self.respondents is None or self.eligible is None:
            return None
        return Fraction(100 * self.respondents, self.eligible)


# ------------------------------------------------------------------ its declaration


_SURVEY: Final = frozenset({"kind", "agree", "respondents", "eligible", "measure", "agree_percent"})


def _survey(
    name: Any, agree: Any, resp: int | None, elig: int | None, pct: tuple[int, int] | None
) -> Reading:
    """A survey read exactly: agreement from the counts or the percent; each gate value or None."""
    gates = (
        None if resp is None or elig is None else (100 * resp, elig),
        None if resp is None else (resp, 1),
        None if elig is None else (elig, 1),
    )
    if pct is not None:
        return (name, pct[0], pct[1], gates)
    if not resp:  # nobody answered: no agreement to band
        return (name, None, None, gates)
    return (name, 100 * agree, resp, gates)


def _survey_dict(piece: dict[str, Any]) -> Reading | None:
    if not piece.keys() <= _SURVEY:
        return None
    get = piece.get
    name = get("measure")
    agree: Any = get("agree")
    resp: Any = get("respondents")
    elig: Any = get("eligible")
    given_pct = get("agree_percent")
    if not short_text(name) or (elig is not None and (not whole(elig, 1) or resp is None)):
        return None
    if resp is not None and (not whole(resp, 0) or (elig is not None and resp > elig)):
        return None
    if given_pct is None:
        if not (whole(agree, 0) and resp is not None and agree <= resp):
            return None
        return _survey(name, agree, resp, elig, None)
    pct = real_ratio(given_pct, 0, 100)
    if pct is None or agree is not None or resp == 0:
        return None
    return _survey(name, None, resp, elig, pct)


def _survey_typed(piece: Survey) -> Reading:
    pct = piece.agree_percent
    return _survey(
        piece.measure,
        piece.agree,
        piece.respondents,
        piece.eligible,
        None if pct is None else pct.as_integer_ratio(),
    )


def _describe_survey(ev: Survey) -> str:
    if ev.agree_percent is None:
        said = f"staff survey: {ev.agree} of {ev.respondents} respondents agree"
    else:
        said = f"staff survey: {format_number(ev.agree_percent, '%')} of respondents agree"
        if ev.respondents is not None and ev.eligible is None:
            said += f" ({ev.respondents} responded)"
    if ev.eligible is not None:
        said += f", {ev.respondents} of {ev.eligible} eligible responded"
    return said


def _survey_case(name: str, form: str, value: Fraction, gates: Mapping[str, Fraction]) -> Case:
    # respondents from completion unless given; agree from agreement
    if form == "float" and not gates:  # the share alone, as a report gives it
        return {"kind": "survey", "measure": name, "agree_percent": case_number(value)}, {}
    eligible = gates.get("eligible", Fraction(CASE_DENOMINATOR))
    if "respondents" in gates:
        respondents = gates["respondents"]
    else:
        respondents = gates.get("completion", Fraction(100)) * eligible / 100
    agree = value * respondents / 100
    if (
        eligible.denominator != 1
        or respondents.denominator != 1
        or (form != "float" and agree.denominator != 1)
        or not 0 < respondents <= eligible
    ):
        return None
    ev: dict[str, Any] = {"kind": "survey", "measure": name}
    if form == "float":  # the share as a percent, with the completion figures
        ev["agree_percent"] = case_number(value)
    else:
        ev["agree"] = int(agree)
    ev |= {"respondents": int(respondents), "eligible": int(eligible)}
    fields = {
        "completion": 100 * respondents / eligible,
        "respondents": respondents,
        "eligible": eligible,
    }
    return ev, fields


def _survey_sample(item_id: str, ev: Survey) -> tuple[int, int]:
    if ev.agree is None:
        raise EvidenceError(
            "agreement given as a percent, so there are no counts to put an interval around; "
            "give agree and respondents",
            code="no_counts",
            item=item_id,
            field="agree_percent",
            value=ev.agree_percent,
        )
    if ev.respondents == 0:
        raise EvidenceError(
            "no staff responded, so there is no agreement rate to put an interval around",
            code="no_respondents",
            item=item_id,
            field="respondents",
            value=0,
        )
    return ev.agree, ev.respondents  # type: ignore[return-value]


#: The declaration of the ``survey`` kind; :mod:`ithrive.evidence` registers it.
DECLARATION: Final = Kind(
    "survey",
    Survey,
    Role.MEASURED,
    _survey_dict,
    _survey_typed,
    "A staff survey: agreeing, responding and eligible staff, or the share agreeing.",
    fields={
        "agree": {
            **WHOLE_FIELD,
            "type": ["integer", "null"],
            "minimum": 0,
            "description": "Responding staff who agree (give with respondents).",
        },
        "respondents": {
            **WHOLE_FIELD,
            "type": ["integer", "null"],
            "minimum": 0,
            "description": "Staff who responded.",
        },
        "eligible": {
            **WHOLE_FIELD,
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "Staff who were asked (give with respondents).",
        },
        "measure": MEASURE_FIELD,
        "agree_percent": {
            "type": ["number", "string", "null"],
            "pattern": RATIO_PATTERN,
            "minimum": 0,
            "maximum": 100,
            "description": "The percent of responding staff who agree, instead of agree "
            "(a report's '62% agreed'); an exact fraction as text such as '200/3'. Items "
            "with a completion gate (micro.3a) still need respondents and eligible.",
        },
    },
    help={
        "agree": "responding staff who agree; give with respondents (or give agree_percent)",
        "respondents": "staff who responded; needed with agree or eligible",
        "eligible": "staff who were asked (at least 1); micro.3a needs it and respondents",
        "measure": MEASURE_HELP,
        "agree_percent": "0-100: the share agreeing, instead of agree (no interval without counts)",
    },
    example={"agree": 0, "respondents": 0, "eligible": 1},
    describe=_describe_survey,
    schema_extra={
        "anyOf": [
            {
                "required": ["agree", "respondents"],
                "properties": {
                    "agree": {"type": "integer"},
                    "respondents": {"type": "integer"},
                    "agree_percent": {"type": "null"},
                },
            },
            {
                "required": ["agree_percent"],
                "properties": {
                    "agree_percent": {"type": ["number", "string"]},
                    "agree": {"type": "null"},
                    "respondents": {"minimum": 1},  # a percent of no one is refused
                },
            },
        ],
        # eligible (not null: the engine reads null as not given) needs respondents
        "if": {"required": ["eligible"], "properties": {"eligible": {"type": "integer"}}},
        "then": {
            "required": ["respondents"],
            "properties": {"respondents": {"type": "integer"}},
        },
    },
    quantity="agreement",
    unit="%",
    value_domain=PERCENT_DOMAIN,
    value_field="agree",
    gate_fields=("completion", "respondents", "eligible"),
    gate_units=("%", "", ""),
    gate_domains=(PERCENT_DOMAIN, NATURAL_DOMAIN, NATURAL_DOMAIN),
    gate_forms=("counts", "integer", "integer"),
    forms=("float", "counts"),
    case=_survey_case,
    improve="counts",
    sample=_survey_sample,
    gate_needs={
        "completion": ("respondents", "eligible"),
        "respondents": ("respondents",),
        "eligible": ("eligible",),
    },
)
