"""What the three instruments share: entries looked up by id, groups, responses.

An instrument is a versioned list of entries (checklist actions, plan steps,
GM standards), gathered into ordered groups (one group for the checklist,
the phases of the plan, the sections of the standards). Each entry has a
stable ``id``, a short ``title`` and a citation of the source line it comes
from. :class:`InstrumentBase` gives every instrument look-up by id,
iteration in source order and :meth:`~InstrumentBase.respond`.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

import attrs

from ithrive._messages import as_text
from ithrive.base._hints import nearest, suggestion_text
from ithrive.errors import UnknownItemError
from ithrive.instruments._answers import Response, check_response_data, read_response_to
from ithrive.instruments.link import ItemLink
from ithrive.instruments.status import ImplementationStatus

__all__ = ["Entry", "Group", "InstrumentBase", "LinkedEntry"]


class Entry(Protocol):
    """An entry of an instrument: an action, a plan step or a standard."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def citation(self) -> str: ...


class LinkedEntry(Entry, Protocol):
    """An entry linked to the assessment items it serves."""

    @property
    def links(self) -> tuple[ItemLink, ...]: ...

    @property
    def items(self) -> tuple[str, ...]: ...


@attrs.frozen
class Group:
    """An ordered group of entries: a phase of the plan or a section of the standards."""

    id: str
    title: str
    entries: tuple[str, ...]


class InstrumentBase(abc.ABC):
    """Look-up, iteration and responses shared by every instrument class.

    Subclasses are frozen attrs classes with ``id``, ``title``, ``version``,
    ``source`` and ``statuses`` fields and an ``entries`` property.
    """

    __slots__ = ()

    id: str
    title: str
    version: str
    source: str
    statuses: tuple[ImplementationStatus, ...]

    @property
    @abc.abstractmethod
    def entries(self) -> tuple[Entry, ...]:
        """Every entry, in source order."""

    def groups(self) -> tuple[Group, ...]:
        """The entries gathered into ordered groups; one group unless overridden."""
        return (Group(self.id, self.title, self.entry_ids),)

    @property
    def entry_ids(self) -> tuple[str, ...]:
        """Every entry id, in source order."""
        return tuple(e.id for e in self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return any(e.id == entry_id for e in self.entries)

    def entry(self, entry_id: str) -> Entry:
        """Return the entry with id ``entry_id``; an unknown id raises with suggestions."""
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise self.unknown_entry(entry_id)

    def unknown_entry(self, entry_id: object) -> UnknownItemError:
        """Build the error for an entry id this instrument does not have."""
        hints = nearest(as_text(entry_id), self.entry_ids)
        return UnknownItemError(
            f"not an entry of {self.id!r}{suggestion_text(hints)}",
            code="unknown_entry",
            item=as_text(entry_id),
            value=entry_id,
            suggestions=hints,
        )

    def respond(
        self,
        answers: Mapping[str, Any],
        *,
        respondent: str | None = None,
        area: str | None = None,
        sector: str | None = None,
        role: str | None = None,
        date: str | None = None,
    ) -> Response:
        """Record one respondent's answers: entry id to status, or to ``{status, comment, ...}``.

        A status is its code or the form's wording; an answer may also carry
        ``support`` and ``best_practice`` texts (see
        :func:`~ithrive.instruments.read_response`). ``sector``, ``role`` and
        ``date`` (``YYYY-MM-DD``) describe the respondent and when they answered.

        Every problem (unknown entry, unknown status, wrong type) is reported
        together in one :class:`~ithrive.errors.ResponseError`.
        """
        data = {
            "instrument": self.id,
            "version": self.version,
            "respondent": respondent,
            "area": area,
            "sector": sector,
            "role": role,
            "date": date,
            "answers": answers,
        }
        check_response_data(data)
        return read_response_to(data, self)
