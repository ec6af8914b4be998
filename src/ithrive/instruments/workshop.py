"""Workshop responses: many respondents from several local areas, tallied.

In Group Exercise 1 of the checklist workshop each participant marks every
action for their own local area; in Group Exercise 2 the tables look for
actions the areas see alike, actions where they differ, and the comments
behind them. :func:`aggregate_responses` does the counting for both.

Responses are grouped by area (the default) or by any other column of a
response, such as ``by="sector"`` or ``by="role"``, which is how a one-area
workshop compares its sectors; ``area=`` keeps one area's responses.
Area, stakeholder and group names are compared trimmed and case-folded
(``"Ashcombe"`` and ``"ashcombe "`` are one area) and shown as first
written.

Rules (documented in the instruments guide):

- a group's view of an entry is the **modal status** of its respondents,
  among the three steps of progress;
- **ties** go to the least advanced of the tied statuses (``not_started``
  before ``in_progress`` before ``in_place``) and are flagged, because a
  split room has not shown the action is further along;
- blanks, "don't know" and "not applicable" are counted, never guessed, and
  are not views;
- groups **agree** on an entry when at least two groups answered it and all
  their modal statuses are the same; they **conflict** when the modal
  statuses differ. ``spread`` is how far apart the groups' views are: 2
  means one group has the action in place where another has not started.
  Each tally's own ``spread`` shows how far apart its respondents are,
  whatever the grouping.

For planning, :meth:`WorkshopSummary.consensus` turns the tallies into one
status per entry by a stated rule (:data:`CONSENSUS_RULES`); the default for
gap analysis, ``"no_dissent"``, counts an entry as in place only when no
group's view is ``not_started``; ``"least_advanced"`` takes the least
advanced of the groups' views and the room's, so the three rules never
disagree in the wrong order (``least_advanced`` <= ``no_dissent`` <=
``plurality``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ithrive.base._hints import did_you_mean, suggest, suggestion_text
from ithrive.errors import Finding, ResponseError, as_text, expect, expect_iterable, short_repr
from ithrive.instruments.response import Answer, Response
from ithrive.instruments.status import (
    PROGRESS_STATUSES,
    ImplementationStatus,
    count_key,
    normal_text,
)

if TYPE_CHECKING:
    from ithrive.instruments.loader import Instrument

__all__ = [
    "CONSENSUS_RULES",
    "GROUPINGS",
    "AreaTally",
    "Comment",
    "EntryTally",
    "PlanningView",
    "StatusTally",
    "WorkshopSummary",
    "aggregate_responses",
]

Agreement = Literal["agree", "conflict", "single_area", "no_answers"]

#: The response fields a workshop can be grouped by.
GROUPINGS = ("area", "sector", "role")

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
        from ithrive.instruments.loader import parse_status

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
            "status": None if self.status is None else self.status.value,
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
            "status": None if self.status is None else self.status.value,
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
        _check_rule(rule)
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


@attrs.frozen
class WorkshopSummary:
    """A workshop's responses tallied per entry and per group (area, sector or role).

    ``by`` names the grouping; ``areas`` holds each group's name and number
    of respondents, sorted by name (the areas by default, the sectors with
    ``by="sector"``); ``entries`` follows the instrument's order;
    ``responses`` keeps the responses tallied, for the facilitator's summary.
    """

    instrument: str
    version: str
    areas: tuple[tuple[str, int], ...]
    entries: tuple[EntryTally, ...]
    by: str = "area"
    responses: tuple[Response, ...] = attrs.field(default=(), eq=False, repr=False)

    @property
    def groups(self) -> tuple[tuple[str, int], ...]:
        """The same as :attr:`areas`: each group's name and number of respondents."""
        return self.areas

    @property
    def date(self) -> str | None:
        """The latest date among the responses (as written), or ``None`` if none is dated."""
        dates = [r.date for r in self.responses if r.date]
        return max(dates) if dates else None

    @property
    def respondents(self) -> int:
        """How many responses were tallied."""
        return sum(n for _, n in self.areas)

    def entry(self, entry_id: str) -> EntryTally:
        """The tally of entry ``entry_id``."""
        expect(entry_id, str, field="entry_id", expected="an entry id")
        for tally in self.entries:
            if tally.entry == entry_id:
                return tally
        raise ResponseError(
            self.instrument,
            [Finding("unknown_entry", entry_id, "entry", "no such entry in the summary")],
        )

    @property
    def agreed(self) -> tuple[EntryTally, ...]:
        """Entries every answering area sees alike (at least two areas), in instrument order."""
        return tuple(e for e in self.entries if e.agreement == "agree")

    @property
    def conflicting(self) -> tuple[EntryTally, ...]:
        """Entries the areas see differently, widest spread first, then instrument order."""
        found = [e for e in self.entries if e.agreement == "conflict"]
        return tuple(sorted(found, key=lambda e: -(e.spread or 0)))

    @property
    def comments(self) -> tuple[tuple[str, Comment], ...]:
        """Every comment, as ``(entry id, comment)``, in instrument order."""
        return tuple((e.entry, c) for e in self.entries for c in e.comments)

    def planning(self, rule: str = "no_dissent") -> tuple[PlanningView, ...]:
        """Every entry's status for planning under ``rule``, with ties and dissent kept."""
        _check_rule(rule)
        return tuple(e.planning(rule) for e in self.entries)

    def consensus(self, area: str | None = None, *, rule: str = "plurality") -> Response:
        """One status per entry as a response (of one group ``area``, or of everyone).

        Without ``area``, ``rule`` (one of :data:`CONSENSUS_RULES`) decides:
        ``"plurality"`` (the default here) takes the modal status,
        ``"no_dissent"`` never counts an entry in place while a group's view
        is ``not_started``, ``"least_advanced"`` takes the least advanced
        of the groups' views and the room's modal status. With ``area``,
        that group's modal status. An entry nobody placed on the scale is
        "not applicable" when most of those who answered it said so, else
        "don't know"; entries nobody answered are left blank. Feed this to
        :func:`~ithrive.instruments.gap_analysis` (which takes the summary
        itself, and keeps ties and dissent).
        """
        _check_rule(rule)
        answers = []
        names = [a for a, _ in self.areas]
        keys = {normal_text(a): a for a in names}
        shown = area
        if area is not None:
            if not isinstance(area, str) or normal_text(area) not in keys:
                message = f"no {self.by} {short_repr(area)}; {self.by}s: {', '.join(names)}"
                raise ResponseError(
                    self.instrument, [Finding("unknown_area", None, "area", message)]
                )
            shown = keys[normal_text(area)]
        for e in self.entries:
            tally = e.overall if area is None else e.area(area).tally
            status = e.planning(rule).status if area is None else tally.modal
            if status is None:
                status = tally.unplaced  # nobody placed it: "not applicable" or "don't know"
            if status is not None:
                answers.append(Answer(e.entry, status))
        return Response(
            instrument=self.instrument,
            version=self.version,
            answers=tuple(answers),
            respondent="consensus",
            area=shown if self.by == "area" else self._single_area(),
            date=self.date,
        )

    def _single_area(self) -> str | None:
        areas = {normal_text(r.area): r.area for r in self.responses if r.area}
        return next(iter(areas.values())) if len(areas) == 1 else None

    def to_dict(self) -> dict[str, Any]:
        """The summary as a JSON-ready dict."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "by": self.by,
            "date": self.date,
            "areas": [{"area": a, "respondents": n} for a, n in self.areas],
            "entries": [e.to_dict() for e in self.entries],
            "agreed": [e.entry for e in self.agreed],
            "conflicting": [e.entry for e in self.conflicting],
        }

    def to_frame(self, backend: str = "pandas") -> Any:
        """A long table: one row per entry and group, plus one ``area="all"`` row per entry.

        Columns: ``entry``, ``title``, ``area`` (the group), ``respondents``,
        the six counts, ``modal``, ``tied``, ``spread`` and ``agreement``. Needs narwhals and
        ``backend`` (``"pandas"``, ``"polars"`` or ``"pyarrow"``).
        """
        from ithrive.instruments.frame import to_frame

        rows = []
        for e in self.entries:
            parts = [("all", self.respondents, e.overall)] + [
                (a.area, a.respondents, a.tally) for a in e.areas
            ]
            for area, n, t in parts:
                rows.append(
                    {
                        "entry": e.entry,
                        "title": e.title,
                        "area": area,
                        "respondents": n,
                        **t.to_dict(),
                        "agreement": e.agreement,
                    }
                )
        columns = [
            "entry", "title", "area", "respondents", "in_place", "in_progress",
            "not_started", "dont_know", "not_applicable", "blank", "modal", "tied",
            "spread", "agreement",
        ]  # fmt: skip
        return to_frame(rows, columns, backend=backend, purpose="Workshop summaries as DataFrames")


def _check_rule(rule: object) -> None:
    if rule not in CONSENSUS_RULES:
        hint = did_you_mean(rule, CONSENSUS_RULES)
        message = (
            f"unknown consensus rule {short_repr(rule)}{hint}; rules: {', '.join(CONSENSUS_RULES)}"
        )
        raise ResponseError("consensus", [Finding("invalid_value", None, "rule", message)])


def _label(value: object) -> str | None:
    """A name as shown (trimmed), or ``None`` when it is missing, blank or not text."""
    return value.strip() or None if isinstance(value, str) else None


def _place(r: Response, i: int) -> str:
    """Where a response came from: its file and row when read from one, else its position."""
    return r.source if r.source else f"responses[{i}]"


def aggregate_responses(
    responses: Sequence[Response],
    *,
    instrument: Instrument | None = None,
    by: str = "area",
    area: str | None = None,
) -> WorkshopSummary:
    """Tally a workshop's responses to one instrument per entry and per group.

    ``by`` is the grouping (one of :data:`GROUPINGS`): ``"area"`` compares
    local areas; ``"sector"`` or ``"role"`` compares the sectors or roles,
    within one area when ``area`` keeps only that area's responses. Every
    response needs an ``area`` and a value for ``by``; all must answer the
    same instrument (by default the packaged one they name). Names are
    compared trimmed and case-folded; a stakeholder of an area may answer
    once, and one response object may not be passed twice. Problems are
    collected into one :class:`~ithrive.errors.ResponseError` naming the
    stakeholder and, for responses read from a file, the file and row.

    >>> from ithrive.instruments import default_checklist
    >>> ck = default_checklist()
    >>> rs = [ck.respond({"ck.22": s}, respondent=f"S{i}", area="Ashcombe", sector=sector)
    ...       for i, (s, sector) in enumerate([("in_place", "Health"), ("in place", "health "),
    ...                                        ("not_started", "Education")])]
    >>> summary = aggregate_responses(rs, by="sector")
    >>> summary.groups
    (('Education', 1), ('Health', 2))
    >>> e = summary.entry("ck.22")
    >>> e.agreement, e.spread, e.planning().status.value, e.planning().dissent
    ('conflict', 2, 'in_progress', ('Education',))
    """
    from ithrive.instruments._kinds import check_instrument
    from ithrive.instruments.loader import PACKAGED_IDS, answer_findings, packaged_instrument

    findings: list[Finding] = []
    instrument = check_instrument(instrument)
    if by not in GROUPINGS:
        hint = did_you_mean(by, GROUPINGS)
        message = f"cannot group by {short_repr(by)}{hint}; groupings: {', '.join(GROUPINGS)}"
        raise ResponseError("workshop", [Finding("invalid_value", None, "by", message)])
    if area is not None and _label(area) is None:
        message = f"expected an area name, got {short_repr(area)}"
        raise ResponseError("workshop", [Finding("invalid_value", None, "area", message)])
    responses = list(expect_iterable(responses, field="responses", expected="a list of Responses"))
    if not responses:
        raise ResponseError("?", [Finding("missing_field", None, "responses", "no responses")])
    if instrument is None:
        first = next((r for r in responses if isinstance(r, Response)), None)
        if first is None:
            raise ResponseError(
                "?",
                [
                    Finding(
                        "invalid_value",
                        None,
                        f"responses[{i}]",
                        f"expected a Response, got {short_repr(r)}",
                    )
                    for i, r in enumerate(responses)
                ],
            )
        found = packaged_instrument(first.instrument)
        if found is None:
            hint = suggestion_text(suggest(as_text(first.instrument), PACKAGED_IDS))
            raise ResponseError(
                as_text(first.instrument),
                [Finding("unknown_instrument", None, "instrument", f"unknown instrument{hint}")],
            )
        instrument = found
    seen: dict[tuple[str, str], str] = {}
    passed: dict[int, str] = {}
    for i, r in enumerate(responses):
        if not isinstance(r, Response):
            message = f"expected a Response, got {short_repr(r)}"
            findings.append(Finding("invalid_value", None, f"responses[{i}]", message))
            continue
        where = _place(r, i)
        who = _label(r.respondent) or "an anonymous respondent"
        if id(r) in passed:
            message = f"the same response (of {who}) was already given at {passed[id(r)]}"
            findings.append(Finding("duplicate_respondent", None, f"responses[{i}]", message))
            continue
        passed[id(r)] = f"responses[{i}]"
        if r.instrument != instrument.id:
            findings.append(
                Finding(
                    "wrong_instrument",
                    None,
                    where,
                    f"{who} answered {r.instrument!r}, not {instrument.id!r}",
                )
            )
        for field in dict.fromkeys(("area", by)):
            value = getattr(r, field)
            if value is not None and not isinstance(value, str):
                message = f"{who}: {field}: expected text, got {short_repr(value)}"
                findings.append(Finding("invalid_value", None, where, message))
            elif _label(value) is None:
                code = "missing_area" if field == "area" else "missing_field"
                findings.append(Finding(code, None, where, f"{who} gives no {field}"))
        if r.respondent is not None and not isinstance(r.respondent, str):
            message = f"respondent: expected text, got {short_repr(r.respondent)}"
            findings.append(Finding("invalid_value", None, where, message))
        findings.extend(answer_findings(r, instrument, where))
        name, place = _label(r.respondent), _label(r.area)
        if name is not None and place is not None:
            key = (normal_text(place), normal_text(name))
            if key in seen:
                findings.append(
                    Finding(
                        "duplicate_respondent",
                        None,
                        where,
                        f"{name!r} of {place!r} already answered at {seen[key]}",
                    )
                )
            seen.setdefault(key, where)
    if findings:
        raise ResponseError(instrument.id, findings)
    kept = list(responses)
    if area is not None:
        wanted = normal_text(area)
        kept = [r for r in responses if normal_text(r.area or "") == wanted]
        if not kept:
            named = {normal_text(n): n for r in reversed(responses) if (n := _label(r.area))}
            areas = sorted(named.values(), key=lambda n: (n.casefold(), n))
            message = f"no responses from area {area!r}; areas: {', '.join(areas)}"
            raise ResponseError(instrument.id, [Finding("unknown_area", None, "area", message)])
    shown: dict[str, str] = {}
    members: dict[str, list[Response]] = {}
    for r in kept:
        label = _label(getattr(r, by)) or ""
        group = normal_text(label)
        shown.setdefault(group, label)
        members.setdefault(group, []).append(r)
    order = sorted(shown, key=lambda k: (shown[k].casefold(), shown[k]))
    entries = []
    for e in instrument.entries:
        comments = tuple(
            Comment(shown[k], _label(r.respondent), ans.status, ans.comment)
            for k in order
            for r in members[k]
            if (ans := r.answer(e.id)) is not None and ans.comment
        )
        entries.append(
            EntryTally(
                entry=e.id,
                title=e.title,
                overall=StatusTally.of(r.status(e.id) for r in kept),
                areas=tuple(
                    AreaTally(
                        shown[k],
                        len(members[k]),
                        StatusTally.of(r.status(e.id) for r in members[k]),
                    )
                    for k in order
                ),
                comments=comments,
            )
        )
    return WorkshopSummary(
        instrument=instrument.id,
        version=instrument.version,
        areas=tuple((shown[k], len(members[k])) for k in order),
        entries=tuple(entries),
        by=by,
        responses=tuple(kept),
    )
