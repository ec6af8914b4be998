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

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ithrive._messages import as_text, short_repr
from ithrive.base._hints import did_you_mean, suggest, suggestion_text
from ithrive.errors import Finding, ResponseError, expect, expect_iterable
from ithrive.instruments._tally import (
    CONSENSUS_RULES,
    AreaTally,
    Comment,
    EntryTally,
    PlanningView,
    StatusTally,
    check_rule,
)
from ithrive.instruments.response import Answer, Response
from ithrive.instruments.status import (
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


#: The response fields a workshop can be grouped by.
GROUPINGS = ("area", "sector", "role")


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
        check_rule(rule)
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
        check_rule(rule)
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
