"""Levels 1-4 and the THRIVE-like verdict."""

from __future__ import annotations

import enum

from ithrive._messages import short_repr
from ithrive.errors import EvidenceError, is_whole, wrong_type

__all__ = ["THRIVE_LIKE_AT", "Level", "Status", "as_level"]


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


def as_level(value: object, *, field: str = "level") -> Level:
    """``value`` as a :class:`Level`: a level, or a whole number 1-4 (numpy's too).

    Anything else is refused with an error naming ``field`` and the value:
    ``out_of_range`` for another whole number, ``wrong_type`` otherwise.

    >>> as_level(3)
    <Level.THREE: 3>
    >>> as_level(5)
    Traceback (most recent call last):
    ...
    ithrive.errors.EvidenceError: level: expected a level 1, 2, 3 or 4, got 5
    """
    if isinstance(value, Level):
        return value
    if not is_whole(value):
        raise wrong_type(value, "a level 1, 2, 3 or 4", field=field)
    if not 1 <= value <= 4:  # type: ignore[operator]
        raise EvidenceError(
            f"expected a level 1, 2, 3 or 4, got {short_repr(value)}",
            code="out_of_range",
            field=field,
            value=value,
        )
    return Level(int(value))  # type: ignore[call-overload]


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
