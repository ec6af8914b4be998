"""Rating evidence: a panel's judgement of an item's level, valid for every item.

A stakeholder workshop or an evaluation team reads an item's level
descriptors and chooses the level that fits best. This module holds the
:class:`Rating` class and its kind declaration (how it is read, described
and shown in the schema and template).
"""

from __future__ import annotations

from typing import Any, ClassVar, Final, Literal

import attrs

from ithrive._messages import short_repr
from ithrive.base._checks import check_text
from ithrive.errors import EvidenceError, is_whole, raise_problems
from ithrive.evidence._checks import short_text
from ithrive.evidence.kinds import Kind, Role
from ithrive.limits import MAX_TEXT
from ithrive.model.level import Level

__all__ = ["Rating"]


_LEVEL_OF = {int(level): level for level in Level}


def _to_level(value: object) -> object:
    """Turn an integer 1-4 into a :class:`Level`; leave anything else for the validator."""
    if type(value) is int:
        found = _LEVEL_OF.get(value)
        if found is not None:
            return found
    if isinstance(value, Level):
        return value
    if is_whole(value) and 1 <= value <= 4:  # type: ignore[operator]
        return Level(int(value))  # type: ignore[call-overload]
    return value


@attrs.frozen
class Rating:
    """A panel's judgement of an item's level (1-4), valid for every item.

    This is how the assessment tool is used in a stakeholder workshop or by an
    independent evaluation team: choose the level whose descriptor fits best.

    >>> Rating(level=3, rater="workshop")
    Rating(level=<Level.THREE: 3>, notes=None, rater='workshop')
    """

    kind: ClassVar[Literal["rating"]] = "rating"
    level: Level = attrs.field(converter=_to_level)
    notes: str | None = None
    rater: str | None = None

    def __attrs_post_init__(self) -> None:
        if type(self.level) is Level and short_text(self.notes) and short_text(self.rater):
            return
        problems: list[EvidenceError] = []
        if not isinstance(self.level, Level):
            problems.append(
                EvidenceError(
                    f"expected a level 1, 2, 3 or 4, got {short_repr(self.level)}",
                    code="out_of_range" if is_whole(self.level) else "wrong_type",
                    field="level",
                    value=self.level,
                )
            )
        check_text(problems, "notes", self.notes)
        check_text(problems, "rater", self.rater)
        raise_problems(problems)


# ------------------------------------------------------------------ its declaration


_RATING: Final = frozenset({"kind", "level", "notes", "rater"})


def _rating_dict(piece: dict[str, Any]) -> int | None:
    if not piece.keys() <= _RATING:
        return None
    level = piece.get("level")
    if type(level) is not int or not 1 <= level <= 4:
        return None
    if len(piece) > 2 and not (short_text(piece.get("notes")) and short_text(piece.get("rater"))):
        return None
    return level


def _rating_typed(piece: Rating) -> int:
    return int(piece.level)


def _describe_rating(ev: Rating) -> str:
    who = f" by {ev.rater}" if ev.rater else ""
    return f"panel rating {int(ev.level)}{who}"


_NOTE: Final = {"type": ["string", "null"], "maxLength": MAX_TEXT}


#: The declaration of the ``rating`` kind; :mod:`ithrive.evidence` registers it.
DECLARATION: Final = Kind(
    "rating",
    Rating,
    Role.RATING,
    _rating_dict,
    _rating_typed,
    "A panel's judgement of the item's level.",
    fields={
        "level": {"enum": [1, 2, 3, 4], "description": "The level chosen, 1-4."},
        "notes": {**_NOTE, "description": "Why the panel chose this level."},
        "rater": {**_NOTE, "description": "Who rated: a workshop, an evaluation team."},
    },
    help={
        "level": "required: the level chosen, 1-4",
        "notes": "optional text",
        "rater": "optional: who rated (a workshop, an evaluation team)",
    },
    example={"level": 1, "rater": "", "notes": ""},
    describe=_describe_rating,
    no_sample="a panel rating is a judgement, not a sample",
)
