"""Workshop responses: many respondents from several local areas, tallied.

In Group Exercise 1 of the checklist workshop each participant marks every
action for their own local area; in Group Exercise 2 the tables look for
actions the areas see alike, actions where they differ, and the comments
behind them. :func:`aggregate_responses` does the counting for both.

Rules (documented in the instruments guide):

- an area's view of an entry is the **modal status** of its respondents;
- **ties** go to the least advanced of the tied statuses (``not_started``
  before ``in_progress`` before ``in_place``) and are flagged, because a
  split room has not shown the action is further along;
- blanks are counted, never guessed;
- areas **agree** on an entry when at least two areas answered it and all
  their modal statuses are the same; they **conflict** when the modal
  statuses differ. ``spread`` is how far apart the areas' views are: 2
  means one area has the action in place where another has not started.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ithrive.errors import Finding, ResponseError, _short, _text, expect, expect_iterable
from ithrive.instruments.response import Answer, Response
from ithrive.instruments.status import ImplementationStatus, count_key
from ithrive.model.framework import _did_you_mean, suggest

if TYPE_CHECKING:
    from ithrive.instruments.loader import Instrument

__all__ = [
    "AreaTally",
    "Comment",
    "EntryTally",
    "StatusTally",
    "WorkshopSummary",
    "aggregate_responses",
]

Agreement = Literal["agree", "conflict", "single_area", "no_answers"]

_BY_RANK = sorted(ImplementationStatus, key=lambda s: s.rank)


@attrs.frozen
class StatusTally:
    """Counts per status among a set of respondents, and their modal status.

    ``modal`` is ``None`` when nobody gave a status; ``tied`` says the modal
    status won a tie (the least advanced of the tied statuses is taken).

    >>> from ithrive.instruments import ImplementationStatus as S
    >>> tally = StatusTally.of([S.IN_PLACE, S.NOT_STARTED, None])
    >>> tally.answered, tally.blank, tally.modal.value, tally.tied
    (2, 1, 'not_started', True)
    """

    in_place: int
    in_progress: int
    not_started: int
    blank: int
    modal: ImplementationStatus | None
    tied: bool

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
        top = max((counts[s] for s in ImplementationStatus), default=0)
        winners = [s for s in _BY_RANK if counts[s] == top] if top else []
        return cls(
            in_place=counts[ImplementationStatus.IN_PLACE],
            in_progress=counts[ImplementationStatus.IN_PROGRESS],
            not_started=counts[ImplementationStatus.NOT_STARTED],
            blank=counts[None],
            modal=winners[0] if winners else None,
            tied=len(winners) > 1,
        )

    @property
    def answered(self) -> int:
        """How many respondents gave a status."""
        return self.in_place + self.in_progress + self.not_started

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
            "blank": self.blank,
            "modal": None if self.modal is None else self.modal.value,
            "tied": self.tied,
        }


@attrs.frozen
class AreaTally:
    """One area's tally for one entry."""

    area: str
    respondents: int
    tally: StatusTally


@attrs.frozen
class Comment:
    """A comment a respondent wrote against an entry, with who, where and what status."""

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
        """How far apart the areas' modal statuses are (0-2), or ``None`` with no answers."""
        ranks = [s.rank for s in self.views.values()]
        return max(ranks) - min(ranks) if ranks else None

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
        rank = pick(s.rank for s in views.values())
        return tuple(a for a, s in views.items() if s.rank == rank)

    def area(self, name: str) -> AreaTally:
        """The tally of area ``name``."""
        for tally in self.areas:
            if tally.area == name:
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
    """A workshop's responses tallied per entry and per area.

    ``areas`` holds each area's name and number of respondents, sorted by
    name; ``entries`` follows the instrument's order.
    """

    instrument: str
    version: str
    areas: tuple[tuple[str, int], ...]
    entries: tuple[EntryTally, ...]

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

    def consensus(self, area: str | None = None) -> Response:
        """The modal status per entry as a response (of one ``area``, or of everyone).

        Entries nobody answered are left blank. Feed this to
        :func:`~ithrive.instruments.gap_analysis`.
        """
        answers = []
        names = [a for a, _ in self.areas]
        if area is not None and area not in names:
            raise ResponseError(
                self.instrument,
                [
                    Finding(
                        "unknown_area", None, "area", f"no area {area!r}; areas: {', '.join(names)}"
                    )
                ],
            )
        for e in self.entries:
            tally = e.overall if area is None else e.area(area).tally
            if tally.modal is not None:
                answers.append(Answer(e.entry, tally.modal))
        return Response(
            instrument=self.instrument,
            version=self.version,
            answers=tuple(answers),
            respondent="consensus",
            area=area,
        )

    def to_dict(self) -> dict[str, Any]:
        """The summary as a JSON-ready dict."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "areas": [{"area": a, "respondents": n} for a, n in self.areas],
            "entries": [e.to_dict() for e in self.entries],
            "agreed": [e.entry for e in self.agreed],
            "conflicting": [e.entry for e in self.conflicting],
        }

    def to_frame(self, backend: str = "pandas") -> Any:
        """A long table: one row per entry and area, plus one ``area="all"`` row per entry.

        Columns: ``entry``, ``title``, ``area``, ``respondents``, the four
        counts, ``modal``, ``tied`` and ``agreement``. Needs narwhals and
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
            "not_started", "blank", "modal", "tied", "agreement",
        ]  # fmt: skip
        return to_frame(rows, columns, backend=backend, purpose="Workshop summaries as DataFrames")


def aggregate_responses(
    responses: Sequence[Response], *, instrument: Instrument | None = None
) -> WorkshopSummary:
    """Tally a workshop's responses to one instrument per entry and per area.

    Every response needs an ``area``; all must answer the same instrument
    (by default the packaged one they name). Problems are collected into one
    :class:`~ithrive.errors.ResponseError`.
    """
    from ithrive.instruments.loader import (
        PACKAGED_IDS,
        answer_findings,
        check_instrument,
        packaged_instrument,
    )

    findings: list[Finding] = []
    instrument = check_instrument(instrument)
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
                        "invalid_value", None, f"responses[{i}]", f"expected a Response, got {r!r}"
                    )
                    for i, r in enumerate(responses)
                ],
            )
        found = packaged_instrument(first.instrument)
        if found is None:
            hint = _did_you_mean(suggest(_text(first.instrument), PACKAGED_IDS))
            raise ResponseError(
                _text(first.instrument),
                [Finding("unknown_instrument", None, "instrument", f"unknown instrument{hint}")],
            )
        instrument = found
    seen: dict[tuple[str, str], int] = {}
    for i, r in enumerate(responses):
        where = f"responses[{i}]"
        if not isinstance(r, Response):
            findings.append(
                Finding("invalid_value", None, where, f"expected a Response, got {r!r}")
            )
            continue
        who = r.respondent or f"response {i}"
        if r.instrument != instrument.id:
            findings.append(
                Finding(
                    "wrong_instrument",
                    None,
                    where,
                    f"{who} answered {r.instrument!r}, not {instrument.id!r}",
                )
            )
        if r.area is not None and not isinstance(r.area, str):
            message = f"{who}: area: expected text, got {_short(r.area)}"
            findings.append(Finding("invalid_value", None, where, message))
        elif not r.area or not r.area.strip():
            findings.append(Finding("missing_area", None, where, f"{who} gives no local area"))
        if r.respondent is not None and not isinstance(r.respondent, str):
            message = f"respondent: expected text, got {_short(r.respondent)}"
            findings.append(Finding("invalid_value", None, where, message))
        findings.extend(answer_findings(r, instrument, where))
        if isinstance(r.respondent, str) and isinstance(r.area, str) and r.area.strip():
            key = (r.area, r.respondent)
            if key in seen:
                findings.append(
                    Finding(
                        "duplicate_respondent",
                        None,
                        where,
                        f"{r.respondent!r} of {r.area!r} already answered "
                        f"at responses[{seen[key]}]",
                    )
                )
            seen.setdefault(key, i)
    if findings:
        raise ResponseError(instrument.id, findings)
    areas = sorted({r.area for r in responses if r.area})
    by_area = {a: [r for r in responses if r.area == a] for a in areas}
    entries = []
    for e in instrument.entries:
        comments = tuple(
            Comment(r.area or "", r.respondent, ans.status, ans.comment)
            for a in areas
            for r in by_area[a]
            if (ans := r.answer(e.id)) is not None and ans.comment
        )
        entries.append(
            EntryTally(
                entry=e.id,
                title=e.title,
                overall=StatusTally.of(r.status(e.id) for r in responses),
                areas=tuple(
                    AreaTally(
                        a, len(by_area[a]), StatusTally.of(r.status(e.id) for r in by_area[a])
                    )
                    for a in areas
                ),
                comments=comments,
            )
        )
    return WorkshopSummary(
        instrument=instrument.id,
        version=instrument.version,
        areas=tuple((a, len(by_area[a])) for a in areas),
        entries=tuple(entries),
    )
