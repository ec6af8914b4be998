"""Workshops over time: what moved forward, what moved back, what is newly answered.

:func:`compare_workshops` sets two answers to one instrument side by side,
usually two dated workshops of one area a year apart. Each may be a
:class:`~ithrive.instruments.Response` (one plan, one stakeholder, or a
consensus) or a :class:`~ithrive.instruments.WorkshopSummary`, read through
its consensus under ``rule`` (default ``"no_dissent"``, as gap analysis).

An entry **moved forward** when both give a step of progress and the later
one is further along (``not_started`` to ``in_progress``, say); **moved
back** when it is less far along; it is **newly answered** when only the
later one gives a step of progress, and **no longer answered** when only the
earlier one does. "Don't know" and "not applicable" are not steps of
progress: an entry going from "don't know" to "in place" is newly answered.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

from ithrive._messages import short_repr
from ithrive.errors import Finding, ResponseError
from ithrive.instruments.response import Response
from ithrive.instruments.status import ImplementationStatus, status_code
from ithrive.instruments.workshop import WorkshopSummary

__all__ = ["Change", "WorkshopComparison", "compare_workshops"]

Movement = Literal["forward", "back", "new", "dropped", "same", "unanswered"]


@attrs.frozen
class Change:
    """One entry's status before and after, and how it moved."""

    entry: str
    title: str
    before: ImplementationStatus | None
    after: ImplementationStatus | None

    @property
    def movement(self) -> Movement:
        """``forward``, ``back``, ``new``, ``dropped``, ``same`` or ``unanswered``."""
        a = self.before.rank if self.before is not None else None
        b = self.after.rank if self.after is not None else None
        if a is None and b is None:
            return "unanswered" if self.before is None and self.after is None else "same"
        if a is None:
            return "new"
        if b is None:
            return "dropped"
        return "forward" if b > a else "back" if b < a else "same"

    def to_dict(self) -> dict[str, Any]:
        """The change as a JSON-ready dict."""
        return {
            "entry": self.entry,
            "title": self.title,
            "before": status_code(self.before),
            "after": status_code(self.after),
            "movement": self.movement,
        }


@attrs.frozen
class WorkshopComparison:
    """Two answers to one instrument compared entry by entry, in the instrument's order."""

    instrument: str
    before_date: str | None
    after_date: str | None
    changes: tuple[Change, ...]

    def _moved(self, movement: Movement) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.movement == movement)

    @property
    def moved_forward(self) -> tuple[Change, ...]:
        """Entries further along than before."""
        return self._moved("forward")

    @property
    def moved_back(self) -> tuple[Change, ...]:
        """Entries less far along than before."""
        return self._moved("back")

    @property
    def newly_answered(self) -> tuple[Change, ...]:
        """Entries with a step of progress now and none before."""
        return self._moved("new")

    @property
    def no_longer_answered(self) -> tuple[Change, ...]:
        """Entries with a step of progress before and none now."""
        return self._moved("dropped")

    def to_dict(self) -> dict[str, Any]:
        """The comparison as a JSON-ready dict."""
        return {
            "instrument": self.instrument,
            "before_date": self.before_date,
            "after_date": self.after_date,
            "changes": [c.to_dict() for c in self.changes],
            "moved_forward": [c.entry for c in self.moved_forward],
            "moved_back": [c.entry for c in self.moved_back],
            "newly_answered": [c.entry for c in self.newly_answered],
            "no_longer_answered": [c.entry for c in self.no_longer_answered],
        }


def _answers(value: object, rule: str, name: str) -> tuple[Response, str | None]:
    if isinstance(value, WorkshopSummary):
        return value.consensus(rule=rule), value.date
    if isinstance(value, Response):
        return value, value.date
    message = f"expected a Response or a WorkshopSummary, got {short_repr(value)}"
    raise ResponseError("comparison", [Finding("invalid_value", None, name, message)])


def compare_workshops(
    before: Response | WorkshopSummary,
    after: Response | WorkshopSummary,
    *,
    rule: str = "no_dissent",
) -> WorkshopComparison:
    """Compare two answers to one instrument: moved forward, moved back, newly answered.

    When both are dated (a summary's date is its latest
    response's), ``before`` must not be later than ``after``.

    >>> from ithrive.instruments import default_checklist
    >>> ck = default_checklist()
    >>> year1 = ck.respond({"ck.01": "not_started", "ck.02": "in_place"}, date="2025-03-01")
    >>> year2 = ck.respond({"ck.01": "in_progress", "ck.02": "in_progress",
    ...                     "ck.03": "in_place"}, date="2026-03-01")
    >>> c = compare_workshops(year1, year2)
    >>> [x.entry for x in c.moved_forward], [x.entry for x in c.moved_back]
    (['ck.01'], ['ck.02'])
    >>> [x.entry for x in c.newly_answered]
    ['ck.03']
    """
    from ithrive.instruments.loader import resolve_instrument

    first, first_date = _answers(before, rule, "before")
    second, second_date = _answers(after, rule, "after")
    instrument = resolve_instrument(first, None)
    resolve_instrument(second, instrument)
    if first_date and second_date and first_date > second_date:
        message = f"'before' is dated {first_date}, after 'after' ({second_date})"
        raise ResponseError(instrument.id, [Finding("out_of_order", None, "before", message)])
    changes = tuple(
        Change(e.id, e.title, first.status(e.id), second.status(e.id)) for e in instrument.entries
    )
    return WorkshopComparison(instrument.id, first_date, second_date, changes)
