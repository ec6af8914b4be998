"""Progress: how far a plan has got phase by phase, or the standards section by section.

:func:`progress` counts, for each group of an instrument (the phases of the
approach, the sections of the GM standards, the single group of the
checklist), how many entries a response marks ``in_place``, ``in_progress``,
``not_started``, ``dont_know`` and ``not_applicable``, and how many it
leaves blank. Entries that do not apply are left out of every share:
shares are of the group's **applicable** entries, so the shares of the
other five counts add up to 1 (up to rounding to four places); the share of
``not_applicable`` itself is of all the group's entries. Summaries are
JSON-ready (:meth:`Progress.to_dict`) and convert to a DataFrame
(:meth:`Progress.to_frame`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from ithrive.errors import Finding, ResponseError
from ithrive.instruments.response import Response
from ithrive.instruments.status import COUNT_KEYS, ImplementationStatus, count_key

if TYPE_CHECKING:
    from ithrive.instruments.loader import Instrument

__all__ = ["GroupProgress", "Progress", "progress"]


@attrs.frozen
class GroupProgress:
    """Counts and shares per status for one group (a phase, a section, or the total)."""

    group: str
    title: str
    entries: int
    in_place: int
    in_progress: int
    not_started: int
    blank: int
    dont_know: int = 0
    not_applicable: int = 0

    @property
    def applicable(self) -> int:
        """How many of the group's entries apply (all but those marked not applicable)."""
        return self.entries - self.not_applicable

    def count(self, status: ImplementationStatus | str) -> int:
        """The count of ``status`` (``"blank"`` counts entries left blank)."""
        value: int = getattr(self, count_key(status, self.group))
        return value

    def share(self, status: ImplementationStatus | str) -> float:
        """The share of the group's applicable entries with ``status``, to four places.

        ``not_applicable`` is a share of all the group's entries.
        """
        count = self.count(status)
        whole = (
            self.entries if count_key(status, self.group) == "not_applicable" else self.applicable
        )
        return round(count / whole, 4) if whole else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The group's progress as a JSON-ready dict: counts and shares by status."""
        return {
            "group": self.group,
            "title": self.title,
            "entries": self.entries,
            "applicable": self.applicable,
            "counts": {k: self.count(k) for k in COUNT_KEYS},
            "shares": {k: self.share(k) for k in COUNT_KEYS},
        }

    def row(self) -> dict[str, Any]:
        """The group's progress as one flat table row."""
        return {
            "group": self.group,
            "title": self.title,
            "entries": self.entries,
            "applicable": self.applicable,
            **{k: self.count(k) for k in COUNT_KEYS},
            **{f"share_{k}": self.share(k) for k in COUNT_KEYS},
        }


@attrs.frozen
class Progress:
    """A response's progress per group of its instrument, and in total.

    >>> from ithrive.instruments import default_approach, progress
    >>> plan = default_approach().respond(
    ...     {"step.0.1": "in_place", "step.0.2": "in_place", "step.0.3": "in_progress"})
    >>> p = progress(plan)
    >>> p.groups[0].to_dict()["counts"]
    {'in_place': 2, 'in_progress': 1, 'not_started': 0, 'dont_know': 0, 'not_applicable': 0, ...}
    >>> p.groups[0].blank
    7
    >>> p.groups[0].share("in_place"), p.total.share("in_place")
    (0.2, 0.0377)

    A step that does not apply leaves the shares: step 0.7 is for
    programmes spanning several sites.

    >>> single_site = default_approach().respond(
    ...     {f"step.0.{n}": "in_place" for n in (1, 2, 3, 4, 5, 6, 8, 9, 10)}
    ...     | {"step.0.7": "not_applicable"})
    >>> progress(single_site).groups[0].share("in_place")
    1.0
    """

    instrument: str
    version: str
    groups: tuple[GroupProgress, ...]
    total: GroupProgress
    respondent: str | None = None
    area: str | None = None

    def group(self, group_id: str) -> GroupProgress:
        """The progress of group ``group_id`` (``"phase.1"``, ``"gm.3"``, ``"total"``)."""
        for g in (*self.groups, self.total):
            if g.group == group_id:
                return g
        raise ResponseError(
            self.instrument, [Finding("unknown_group", None, "group", f"no group {group_id!r}")]
        )

    def to_dict(self) -> dict[str, Any]:
        """The summary as a JSON-ready dict."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "respondent": self.respondent,
            "area": self.area,
            "groups": [g.to_dict() for g in self.groups],
            "total": self.total.to_dict(),
        }

    def to_frame(self, backend: str = "pandas") -> Any:
        """One row per group and a last ``total`` row, with counts and ``share_*`` columns.

        Needs narwhals and ``backend`` (``"pandas"``, ``"polars"`` or ``"pyarrow"``).
        """
        from ithrive.instruments.frame import to_frame

        rows = [g.row() for g in (*self.groups, self.total)]
        return to_frame(
            rows, list(rows[0]), backend=backend, purpose="Progress summaries as DataFrames"
        )


def _tally(group: str, title: str, ids: tuple[str, ...], response: Response) -> GroupProgress:
    statuses = [response.status(e) for e in ids]
    return GroupProgress(
        group=group,
        title=title,
        entries=len(ids),
        in_place=statuses.count(ImplementationStatus.IN_PLACE),
        in_progress=statuses.count(ImplementationStatus.IN_PROGRESS),
        not_started=statuses.count(ImplementationStatus.NOT_STARTED),
        blank=statuses.count(None),
        dont_know=statuses.count(ImplementationStatus.DONT_KNOW),
        not_applicable=statuses.count(ImplementationStatus.NOT_APPLICABLE),
    )


def progress(response: Response, *, instrument: Instrument | None = None) -> Progress:
    """Summarise a response by the groups of its instrument: phases, sections, or the checklist.

    ``instrument`` defaults to the packaged instrument the response names.
    """
    from ithrive.instruments.loader import resolve_instrument

    instrument = resolve_instrument(response, instrument)
    groups = tuple(_tally(g.id, g.title, g.entries, response) for g in instrument.groups())
    total = _tally("total", instrument.title, instrument.entry_ids, response)
    return Progress(
        instrument=instrument.id,
        version=instrument.version,
        groups=groups,
        total=total,
        respondent=response.respondent,
        area=response.area,
    )
