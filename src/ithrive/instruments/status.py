"""Implementation statuses: how far an action, plan step or standard has got."""

from __future__ import annotations

import enum

from ithrive.errors import Finding, ResponseError

__all__ = ["COUNT_KEYS", "ImplementationStatus", "count_key"]

#: What a tally counts: the three statuses and ``blank``.
COUNT_KEYS = ("in_place", "in_progress", "not_started", "blank")


class ImplementationStatus(enum.StrEnum):
    """Where a locality stands on one entry of an instrument.

    The three values are the checklist form's three columns:

    - ``in_place``: already in place in the local area;
    - ``in_progress``: not yet in place, but work towards it has started;
    - ``not_started``: not in place and no work towards it yet.

    The GM standards and the implementation plan use the same scale (their
    sources name none of their own). Statuses are ordered by ``rank``, from
    ``not_started`` (0) to ``in_place`` (2).

    >>> ImplementationStatus("in_progress").rank
    1
    >>> sorted(ImplementationStatus, key=lambda s: s.rank)
    [<ImplementationStatus.NOT_STARTED: 'not_started'>, ...]
    """

    IN_PLACE = "in_place"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"

    @property
    def rank(self) -> int:
        """How far along: 0 not started, 1 in progress, 2 in place."""
        return _RANK[self]

    @property
    def label(self) -> str:
        """A short readable label (``"in place"``, ``"in progress"``, ``"not started"``)."""
        return self.value.replace("_", " ")


def count_key(status: object, name: str) -> str:
    """The tally field of ``status`` (a status or ``"blank"``); else a :class:`ResponseError`.

    ``name`` names the tally (a group, an entry) in the error.
    """
    key = status.value if isinstance(status, ImplementationStatus) else status
    if not isinstance(key, str) or key not in COUNT_KEYS:
        raise ResponseError(
            name, [Finding("unknown_status", None, "status", f"unknown status {key!r}")]
        )
    return key


_RANK = {
    ImplementationStatus.NOT_STARTED: 0,
    ImplementationStatus.IN_PROGRESS: 1,
    ImplementationStatus.IN_PLACE: 2,
}
