"""Levels 1-4 and the THRIVE-like verdict."""

from __future__ import annotations

import enum

__all__ = ["THRIVE_LIKE_AT", "Level", "Status"]


class Level(enum.IntEnum):
    """How THRIVE-like a locality is on one item, from 1 to 4.

    The assessment tool rates every item on four levels: 1 means there is
    some way to go, 4 that practice is very THRIVE-like. Levels are totally
    ordered and compare as integers.

    >>> Level(3).thrive_like
    True
    >>> Level.TWO < Level.THREE
    True
    """

    ONE = 1
    TWO = 2
    THREE = 3
    FOUR = 4

    @property
    def thrive_like(self) -> bool:
        """Whether this level counts as THRIVE-like (level 3 or above)."""
        return self >= THRIVE_LIKE_AT

    def __str__(self) -> str:
        return str(int(self))


#: The lowest level at which a principle counts as THRIVE-like.
THRIVE_LIKE_AT = Level.THREE


class Status(enum.StrEnum):
    """Whether an item (or principle) could be given a level.

    - ``rated``: the evidence decided a level;
    - ``insufficient_evidence``: evidence was given but cannot decide a level
      (for example a staff survey completed by too few staff);
    - ``not_assessed``: no evidence was given.
    """

    RATED = "rated"
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"
    NOT_ASSESSED = "not_assessed"
