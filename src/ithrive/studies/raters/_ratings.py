"""One rater's rating of one item, and the consensus of several ratings.

A :class:`WorkshopRating` is the unit a workshop is made of: who rated,
which item, at which level (1-4), and the rater's sector if known. The
consensus of some ratings (:func:`consensus_level`) is their lower median,
so an item is never credited with a level fewer than half its raters gave.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable

import attrs

from ithrive._messages import short_repr
from ithrive.errors import (
    EvidenceError,
    expect_iterable,
    is_whole,
    raise_problems,
)
from ithrive.model import FRAMEWORK
from ithrive.model.level import Level

__all__ = ["WorkshopRating", "consensus_level", "to_level"]


def consensus_level(levels: Iterable[int]) -> Level:
    """The consensus of some ratings: their lower median (ties go to the lower level).

    >>> from ithrive.studies.raters import consensus_level
    >>> consensus_level([2, 3, 3, 4]), consensus_level([2, 2, 3, 3]), consensus_level([1, 4, 4])
    (<Level.THREE: 3>, <Level.TWO: 2>, <Level.FOUR: 4>)
    """
    values: list[int] = []
    for index, value in enumerate(expect_iterable(levels, field="levels", expected="levels")):
        level = to_level(value)
        if not isinstance(level, Level):
            raise EvidenceError(
                f"expected a level 1, 2, 3 or 4, got {short_repr(value)}",
                code="out_of_range",
                field=f"levels[{index}]",
                value=value,
            )
        values.append(int(level))
    values.sort()
    if not values:
        raise EvidenceError(
            "no ratings to combine", code="no_ratings", field="levels", value=values
        )
    return Level(statistics.median_low(values))


def to_level(value: object) -> object:
    """A level 1-4 as a :class:`Level` (any whole number, numpy's too, or a float such as 3.0)."""
    if isinstance(value, Level):
        return value
    if is_whole(value) and 1 <= value <= 4:  # type: ignore[operator]
        return Level(int(value))  # type: ignore[call-overload]
    if isinstance(value, float) and value.is_integer() and 1 <= value <= 4:
        return Level(int(value))
    return value


@attrs.frozen(kw_only=True)
class WorkshopRating:
    """One rater's rating (1-4) of one item, with the rater's sector if known.

    >>> from ithrive.studies.raters import WorkshopRating
    >>> WorkshopRating(rater="R1", item="micro.2", level=3, sector="health")
    WorkshopRating(rater='R1', item='micro.2', level=<Level.THREE: 3>, sector='health')
    """

    rater: str
    item: str
    level: Level = attrs.field(converter=to_level)
    sector: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[EvidenceError] = []
        if not isinstance(self.rater, str) or not self.rater.strip():
            problems.append(
                EvidenceError(
                    f"expected a rater's name, got {self.rater!r}",
                    code="wrong_type",
                    field="rater",
                    value=self.rater,
                )
            )
        if not isinstance(self.item, str) or self.item not in FRAMEWORK:
            problems.append(FRAMEWORK.unknown_item(self.item))
        if not isinstance(self.level, Level):
            problems.append(
                EvidenceError(
                    f"expected a level 1, 2, 3 or 4, got {short_repr(self.level)}",
                    code="out_of_range",
                    item=self.item if isinstance(self.item, str) else None,
                    field="level",
                    value=self.level,
                )
            )
        if self.sector is not None and (not isinstance(self.sector, str) or not self.sector):
            problems.append(
                EvidenceError(
                    f"expected a sector name, got {self.sector!r}",
                    code="wrong_type",
                    field="sector",
                    value=self.sector,
                )
            )
        raise_problems(problems)
