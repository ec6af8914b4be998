"""A workshop's consensus: per item, the agreed level, the spread and the conflicts.

Each item's row gives the lower median of its ratings, the lowest and
highest, the share at THRIVE-like levels, each sector's own consensus, and
the flags the workshop discusses next: ``range`` (ratings too far apart)
and ``sectors`` (sectors of at least :data:`SECTOR_QUORUM` raters on both
sides of the THRIVE-like line).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from fractions import Fraction
from typing import Protocol

import attrs

from ithrive.base._tabular import Table
from ithrive.base.bounds import bounded_int
from ithrive.model import FRAMEWORK
from ithrive.model.level import THRIVE_LIKE_AT, Level
from ithrive.studies.raters._ratings import WorkshopRating, consensus_level

__all__ = [
    "SECTOR_QUORUM",
    "ConsensusRow",
    "ConsensusTable",
    "consensus_table",
    "deprecated_item",
]

#: The smallest number of raters in a sector whose consensus can conflict with another's.
SECTOR_QUORUM = 2


class _ItemRow(Protocol):
    """A table row whose item is its ``id``."""

    @property
    def id(self) -> str: ...


def deprecated_item(row: _ItemRow) -> str:
    """The ``id`` of a row read by its earlier name ``item``, with a deprecation warning."""
    warnings.warn(
        f"{type(row).__name__}.item is deprecated; use .id (the same item id)",
        DeprecationWarning,
        stacklevel=3,
    )
    return row.id


@attrs.frozen
class ConsensusRow:
    """The workshop's view of one item.

    ``raters`` counts the raters who rated it; ``level`` is their consensus
    (lower median), ``low`` and ``high`` the extreme ratings and ``spread``
    their difference; ``thrive_like_share`` the share rating it 3 or above;
    ``sectors`` each sector's own consensus; ``conflicts`` the flags raised
    (``range``, ``sectors``). Every value is ``None`` for an item nobody rated.
    A sector conflict counts only sectors with at least two raters of the item.
    ``id`` is the item (``item``, its earlier name, still reads it, deprecated).
    """

    id: str
    raters: int
    level: Level | None
    low: Level | None
    high: Level | None
    spread: int | None
    thrive_like_share: Fraction | None
    sectors: tuple[str, ...]
    conflicts: tuple[str, ...]

    @property
    def item(self) -> str:
        """Deprecated name of ``id``."""
        return deprecated_item(self)


@attrs.frozen
class ConsensusTable(Table[ConsensusRow]):
    """The consensus of a workshop, one row per item in the tool's order."""

    def row(self, item_id: str) -> ConsensusRow:
        """The row of item ``item_id``."""
        for r in self.rows:
            if r.id == item_id:
                return r
        raise FRAMEWORK.unknown_item(item_id)

    @property
    def conflicted(self) -> tuple[str, ...]:
        """The items with at least one conflict flag, in order."""
        return tuple(r.id for r in self.rows if r.conflicts)


def consensus_table(
    ratings: Sequence[WorkshopRating], *, conflict_range: int = 2
) -> ConsensusTable:
    """The consensus of ``ratings``: one row per item in the tool's order, conflicts flagged.

    ``conflict_range`` is the spread (in levels) at which raters are said to
    conflict (1 to 3).
    """
    conflict_range = bounded_int(conflict_range, field="conflict_range", low=1, high=3)
    rows = []
    for item in FRAMEWORK.item_ids:
        given = [r for r in ratings if r.item == item]
        if not given:
            rows.append(ConsensusRow(item, 0, None, None, None, None, None, (), ()))
            continue
        values = [int(r.level) for r in given]
        by_sector: dict[str, list[int]] = {}
        for r in given:
            if r.sector is not None:
                by_sector.setdefault(r.sector, []).append(int(r.level))
        sector_levels = {s: consensus_level(v) for s, v in by_sector.items()}
        conflicts = []
        if max(values) - min(values) >= conflict_range:
            conflicts.append("range")
        verdicts = {
            level.thrive_like
            for s, level in sector_levels.items()
            if len(by_sector[s]) >= SECTOR_QUORUM
        }
        if len(verdicts) > 1:
            conflicts.append("sectors")
        rows.append(
            ConsensusRow(
                id=item,
                raters=len(values),
                level=consensus_level(values),
                low=Level(min(values)),
                high=Level(max(values)),
                spread=max(values) - min(values),
                thrive_like_share=Fraction(
                    sum(1 for v in values if v >= THRIVE_LIKE_AT), len(values)
                ),
                sectors=tuple(f"{s} {int(v)}" for s, v in sorted(sector_levels.items())),
                conflicts=tuple(conflicts),
            )
        )
    return ConsensusTable(rows)
