"""The facilitator's summary: Group Exercise 2's four outputs from one workshop.

The checklist workshop (source ``001``) asks each table to identify, by the
end of Group Exercise 2:

1. **common** responses: actions the groups see alike;
2. **conflicting** responses: actions the groups see differently;
3. issues the participants would like **support** with;
4. examples of **best practice** that could help others.

:func:`facilitator_summary` gathers the four from a
:class:`~ithrive.instruments.WorkshopSummary`: the first two from the
groups' views (areas, or sectors or roles with ``by``), the last two from
the ``support`` and ``best_practice`` notes respondents wrote against an
action.
"""

from __future__ import annotations

from typing import Any

import attrs

from ithrive.errors import expect
from ithrive.instruments.status import ImplementationStatus, status_code
from ithrive.instruments.workshop import EntryTally, WorkshopSummary

__all__ = ["FacilitatorSummary", "Note", "facilitator_summary"]


@attrs.frozen
class Note:
    """A note a respondent wrote against an entry: an issue needing support, or good practice.

    ``group`` is the respondent's group in the summary (area, sector or
    role); ``area`` their local area.
    """

    entry: str
    title: str
    group: str
    area: str | None
    respondent: str | None
    status: ImplementationStatus | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        """The note as a JSON-ready dict."""
        return {
            "entry": self.entry,
            "title": self.title,
            "group": self.group,
            "area": self.area,
            "respondent": self.respondent,
            "status": status_code(self.status),
            "text": self.text,
        }


@attrs.frozen
class FacilitatorSummary:
    """Group Exercise 2's four outputs: common, conflicting, support needed, best practice.

    ``common`` and ``conflicting`` are entry tallies (conflicting widest
    spread first); ``support`` and ``best_practice`` are notes in
    instrument order. ``by`` names the grouping the first two compare.
    """

    by: str
    common: tuple[EntryTally, ...]
    conflicting: tuple[EntryTally, ...]
    support: tuple[Note, ...]
    best_practice: tuple[Note, ...]

    def to_dict(self) -> dict[str, Any]:
        """The summary as a JSON-ready dict."""

        def views(e: EntryTally) -> dict[str, Any]:
            return {
                "entry": e.entry,
                "title": e.title,
                "views": {g: s.value for g, s in e.views.items()},
                "spread": e.spread,
            }

        return {
            "by": self.by,
            "common": [views(e) for e in self.common],
            "conflicting": [views(e) for e in self.conflicting],
            "support": [n.to_dict() for n in self.support],
            "best_practice": [n.to_dict() for n in self.best_practice],
        }


def facilitator_summary(summary: WorkshopSummary) -> FacilitatorSummary:
    """Group Exercise 2's four outputs from a workshop summary.

    >>> from ithrive.instruments import aggregate_responses, default_checklist
    >>> ck = default_checklist()
    >>> rs = [
    ...     ck.respond({"ck.01": "in_place", "ck.22": {"status": "in_place",
    ...                 "best_practice": "Weekly joint huddle"}},
    ...                respondent="H1", area="Northvale", sector="Health"),
    ...     ck.respond({"ck.01": "in_place", "ck.22": {"status": "not_started",
    ...                 "support": "How to start joint reviews"}},
    ...                respondent="E1", area="Northvale", sector="Education"),
    ... ]
    >>> out = facilitator_summary(aggregate_responses(rs, by="sector"))
    >>> [e.entry for e in out.common], [e.entry for e in out.conflicting]
    (['ck.01'], ['ck.22'])
    >>> [(n.entry, n.group, n.text) for n in out.support]
    [('ck.22', 'Education', 'How to start joint reviews')]
    >>> [(n.entry, n.group, n.text) for n in out.best_practice]
    [('ck.22', 'Health', 'Weekly joint huddle')]
    """
    expect(summary, WorkshopSummary, field="summary", expected="a WorkshopSummary")
    titles = {e.entry: e.title for e in summary.entries}
    order = {e.entry: i for i, e in enumerate(summary.entries)}
    support: list[Note] = []
    practice: list[Note] = []
    for r in summary.responses:
        group = (getattr(r, summary.by) or "").strip()
        for answer in r.answers:
            for text, out in ((answer.support, support), (answer.best_practice, practice)):
                if text:
                    out.append(
                        Note(
                            entry=answer.entry,
                            title=titles.get(answer.entry, ""),
                            group=group,
                            area=r.area.strip() if r.area else None,
                            respondent=r.respondent.strip() if r.respondent else None,
                            status=answer.status,
                            text=text,
                        )
                    )

    def key(n: Note) -> tuple[int, str]:
        return (order.get(n.entry, len(order)), n.group.casefold())

    return FacilitatorSummary(
        by=summary.by,
        common=summary.agreed,
        conflicting=summary.conflicting,
        support=tuple(sorted(support, key=key)),
        best_practice=tuple(sorted(practice, key=key)),
    )
