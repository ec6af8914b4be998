"""Tallies of a workshop's answers: per status, per group, per entry, and for planning.

:class:`StatusTally` counts what a set of respondents said about one entry
and takes its modal status (ties to the least advanced); :class:`EntryTally`
holds one entry's tallies overall and per group, with the comments, and says
whether the groups agree; :class:`PlanningView` is the entry's status under a
consensus rule (:data:`CONSENSUS_RULES`). The rules themselves are described
in :mod:`ithrive.instruments.workshop`, which builds these records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from ithrive._messages import short_repr
from ithrive.base._hints import did_you_mean
from ithrive.errors import Finding, ResponseError, expect_iterable
from ithrive.instruments._structure import parse_status
from ithrive.instruments.status import (
    PROGRESS_STATUSES,
    ImplementationStatus,
    count_key,
    normal_text,
    status_code,
)

__all__ = [
    "CONSENSUS_RULES",
    "Agreement",
    "AreaTally",
    "Comment",
    "EntryTally",
    "PlanningView",
    "StatusTally",
    "check_rule",
]

Agreement = Literal["agree", "conflict", "single_area", "no_answers"]

#: How :meth:`WorkshopSummary.consensus` picks one status per entry:
#:
#: - ``"plurality"``: the modal status of all respondents (ties to the least
#:   advanced);
#: - ``"no_dissent"``: the same, except that an entry is not in place while any
#:   group's view is ``not_started``: it then counts as ``in_progress``;
#: - ``"least_advanced"``: the least advanced of every view there is, each
#:   group's and the whole room's (so never ahead of ``"plurality"``: a room
#:   split three ways counts as not started even when no group's own view is).
#:
#: The rules are ordered from cautious to not: for every entry,
#: ``least_advanced`` <= ``no_dissent`` <= ``plurality``.
CONSENSUS_RULES = ("plurality", "no_dissent", "least_advanced")

_BY_RANK = PROGRESS_STATUSES
_RANK = {s: i for i, s in enumerate(PROGRESS_STATUSES)}


@attrs.frozen
class StatusTally:
    """Counts per status among a set of respondents, and their modal status.

    ``modal`` is ``None`` when nobody gave a step of progress; ``tied`` says
    the modal status won a tie (the least advanced of the tied statuses is
    taken). "Don't know" and "not applicable" are counted but are not views.

    >>> from ithrive.instruments import StatusTally
    >>> from ithrive.instruments import ImplementationStatus as S
    >>> tally = StatusTally.of([S.IN_PLACE, S.NOT_STARTED, None, S.DONT_KNOW])
    >>> tally.answered, tally.blank, tally.dont_know, tally.modal.value, tally.tied
    (2, 1, 1, 'not_started', True)
    >>> tally.spread
    2
    """

    in_place: int
    in_progress: int
    not_started: int
    blank: int
    modal: ImplementationStatus | None
    tied: bool
    dont_know: int = 0
    not_applicable: int = 0

    @classmethod
    def of(cls, statuses: Iterable[ImplementationStatus | None]) -> StatusTally:
        """Tally a sequence of statuses (``None`` for a blank); anything else is an error.

        A value that is not a status is refused, never left out of the counts.
        """
        given = list(expect_iterable(statuses, field="statuses", expected="a list of statuses"))
        counts: Counter[ImplementationStatus | None] = Counter()
        findings = []
        for k, value in enumerate(given):
            try:
                counts[None if value is None else parse_status(value)] += 1
            except ValueError as err:
                findings.append(Finding("unknown_status", None, f"statuses[{k}]", str(err)))
        if findings:
            raise ResponseError("tally", findings)
        top = max((counts[s] for s in _BY_RANK), default=0)
        winners = [s for s in _BY_RANK if counts[s] == top] if top else []
        return cls(
            in_place=counts[ImplementationStatus.IN_PLACE],
            in_progress=counts[ImplementationStatus.IN_PROGRESS],
            not_started=counts[ImplementationStatus.NOT_STARTED],
            blank=counts[None],
            modal=winners[0] if winners else None,
            tied=len(winners) > 1,
            dont_know=counts[ImplementationStatus.DONT_KNOW],
            not_applicable=counts[ImplementationStatus.NOT_APPLICABLE],
        )

    @property
    def answered(self) -> int:
        """How many respondents gave a step of progress (the counts the modal is taken from)."""
        return self.in_place + self.in_progress + self.not_started

    @property
    def unplaced(self) -> ImplementationStatus | None:
        """What was said when nobody gave a step of progress; ``None`` otherwise or if all blank.

        ``not_applicable`` when more said so than "don't know", else
        ``dont_know`` (a tie stays in the shares: it may apply).
        """
        if self.answered or not (self.dont_know or self.not_applicable):
            return None
        if self.not_applicable > self.dont_know:
            return ImplementationStatus.NOT_APPLICABLE
        return ImplementationStatus.DONT_KNOW

    @property
    def spread(self) -> int | None:
        """How far apart the respondents' steps of progress are (0-2); ``None`` without any."""
        ranks = [_RANK[s] for s in _BY_RANK if self.count(s)]
        return max(ranks) - min(ranks) if ranks else None

    def count(self, status: ImplementationStatus | str) -> int:
        """The count of ``status`` (``"blank"`` counts blanks)."""
        value: int = getattr(self, count_key(status, "tally"))
        return value

    def to_dict(self) -> dict[str, Any]:
        """The tally as a JSON-ready dict."""
        return {
            "in_place": self.in_place,
            "in_progress": self.in_progress,
            "not_started": self.not_started,
            "dont_know": self.dont_know,
            "not_applicable": self.not_applicable,
            "blank": self.blank,
            "modal": None if self.modal is None else self.modal.value,
            "tied": self.tied,
            "spread": self.spread,
        }


@attrs.frozen
class AreaTally:
    """One group's tally for one entry: an area's, or a sector's or role's with ``by``."""

    area: str
    respondents: int
    tally: StatusTally


@attrs.frozen
class Comment:
    """A comment a respondent wrote against an entry, with who, where and what status.

    ``area`` is the respondent's group (their area, or their sector or role
    when the summary is grouped ``by`` one).
    """

    area: str
    respondent: str | None
    status: ImplementationStatus | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        """The comment as a JSON-ready dict."""
        return {
            "area": self.area,
            "respondent": self.respondent,
            "status": status_code(self.status),
            "text": self.text,
        }


@attrs.frozen
class PlanningView:
    """One entry's status for planning under a consensus rule, with the tie and dissent kept.

    ``status`` is what the rule gives (``None`` when nobody gave a step of
    progress); ``tied`` says the room was split between statuses; ``dissent``
    names the groups whose view differs from the room's modal status.
    """

    entry: str
    status: ImplementationStatus | None
    rule: str
    tied: bool
    dissent: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The view as a JSON-ready dict."""
        return {
            "entry": self.entry,
            "status": status_code(self.status),
            "rule": self.rule,
            "tied": self.tied,
            "dissent": list(self.dissent),
        }


@attrs.frozen
class EntryTally:
    """Everything the workshop said about one entry: overall, per area, and comments."""

    entry: str
    title: str
    overall: StatusTally
    areas: tuple[AreaTally, ...]
    comments: tuple[Comment, ...]

    @property
    def views(self) -> dict[str, ImplementationStatus]:
        """Each answering area's modal status, by area."""
        return {a.area: a.tally.modal for a in self.areas if a.tally.modal is not None}

    @property
    def agreement(self) -> Agreement:
        """``agree``, ``conflict``, ``single_area`` (one area answered) or ``no_answers``."""
        views = set(self.views.values())
        answered = len(self.views)
        if answered == 0:
            return "no_answers"
        if answered == 1:
            return "single_area"
        return "agree" if len(views) == 1 else "conflict"

    @property
    def spread(self) -> int | None:
        """How far apart the groups' modal statuses are (0-2), or ``None`` with no answers.

        ``overall.spread`` is how far apart the respondents themselves are.
        """
        ranks = [_RANK[s] for s in self.views.values()]
        return max(ranks) - min(ranks) if ranks else None

    def planning(self, rule: str = "no_dissent") -> PlanningView:
        """The entry's status for planning under ``rule`` (one of :data:`CONSENSUS_RULES`)."""
        check_rule(rule)
        views = self.views
        status = self.overall.modal
        if rule == "least_advanced" and status is not None:
            status = min((status, *views.values()), key=_RANK.__getitem__)
        elif (
            rule == "no_dissent"
            and status is ImplementationStatus.IN_PLACE
            and ImplementationStatus.NOT_STARTED in views.values()
        ):
            status = ImplementationStatus.IN_PROGRESS
        majority = self.overall.modal
        dissent = tuple(g for g, v in views.items() if v is not majority)
        return PlanningView(self.entry, status, rule, self.overall.tied, dissent)

    @property
    def ahead(self) -> tuple[str, ...]:
        """In a conflict, the areas with the most advanced view: who could share practice."""
        return self._at_rank(max) if self.agreement == "conflict" else ()

    @property
    def behind(self) -> tuple[str, ...]:
        """In a conflict, the areas with the least advanced view: who may want support."""
        return self._at_rank(min) if self.agreement == "conflict" else ()

    def _at_rank(self, pick: Any) -> tuple[str, ...]:
        views = self.views
        rank = pick(_RANK[s] for s in views.values())
        return tuple(a for a, s in views.items() if _RANK[s] == rank)

    def area(self, name: str) -> AreaTally:
        """The tally of area (or group) ``name``, compared trimmed and case-folded."""
        key = normal_text(name) if isinstance(name, str) else name
        for tally in self.areas:
            if normal_text(tally.area) == key:
                return tally
        raise ResponseError(
            self.entry, [Finding("unknown_area", self.entry, "area", f"no area {name!r}")]
        )

    def to_dict(self) -> dict[str, Any]:
        """The entry's tallies as a JSON-ready dict."""
        return {
            "entry": self.entry,
            "title": self.title,
            "overall": self.overall.to_dict(),
            "areas": {
                a.area: {"respondents": a.respondents, **a.tally.to_dict()} for a in self.areas
            },
            "agreement": self.agreement,
            "spread": self.spread,
            "comments": [c.to_dict() for c in self.comments],
        }


def check_rule(rule: object) -> None:
    """Refuse a consensus rule that is not one of :data:`CONSENSUS_RULES`."""
    if rule not in CONSENSUS_RULES:
        hint = did_you_mean(rule, CONSENSUS_RULES)
        message = (
            f"unknown consensus rule {short_repr(rule)}{hint}; rules: {', '.join(CONSENSUS_RULES)}"
        )
        raise ResponseError("consensus", [Finding("invalid_value", None, "rule", message)])
