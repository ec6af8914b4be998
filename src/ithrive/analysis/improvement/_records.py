"""What it would take, as records: a change, a step, an item's plan, an action.

Each record is a frozen value with a ``to_dict`` giving its JSON form, so a
plan or an action list can be written out as it is read.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs

from ithrive.evidence import Evidence
from ithrive.evidence.reading import unstructure_evidence
from ithrive.model.level import THRIVE_LIKE_AT, Level

__all__ = ["Action", "Change", "ItemPlan", "Step"]


@attrs.frozen
class Change:
    """One change to one piece of an item's evidence.

    - ``kind``: ``more_meeting_standard``, ``more_notes``, ``more_agreeing``,
      ``more_respondents``, ``higher_percent``, ``higher_mean``,
      ``more_offered``, ``more_encounters``, ``more_elements``, ``criteria``,
      ``criteria_unrecorded``, ``descriptors``, or ``unreachable`` (no change
      of this evidence reaches the target);
    - ``measure``: the measure changed (``"indicators"`` for criteria,
      ``None`` for descriptors);
    - ``additional``: how many more notes, staff, encounters or elements;
    - ``needed``: the value needed: the new count, percent, mean or count of
      elements (exact);
    - ``strict``: whether the value must be *above* ``needed`` rather than
      at least it (a band open at its lower end, such as CollaboRATE's, or a
      gate that holds up to and including its edge);
    - ``names``: the criteria, missing elements or descriptors concerned;
    - ``text``: the change in words.
    """

    kind: str
    measure: str | None
    text: str
    additional: int | None = None
    needed: Fraction | None = None
    strict: bool = False
    names: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``needed`` as an exact number (``"p/q"`` when not a float)."""
        from ithrive.evidence import exact_number

        return {
            "kind": self.kind,
            "measure": self.measure,
            "text": self.text,
            "additional": self.additional,
            "needed": None if self.needed is None else exact_number(self.needed),
            "strict": self.strict,
            "names": list(self.names),
        }


@attrs.frozen
class Step:
    """The smallest change that takes one item to ``target``.

    - ``reaches``: the level the item gets when the changed ``evidence`` is
      scored again (at least ``target``); ``None`` for a panel judgement
      (nothing to re-score) or when the target cannot be reached;
    - ``reachable``: whether any change of this kind reaches the target;
    - ``changes``: what to change, piece by piece;
    - ``evidence``: the item's evidence with the changes applied (empty for
      a judgement);
    - ``gap``: the size of the largest change as a share of its scale
      (notes of the audit, points of the percent or mean scale, elements,
      criteria), from 0 to 1; ``None`` for a judgement.
    """

    item: str
    target: Level
    reaches: Level | None
    reachable: bool
    changes: tuple[Change, ...]
    evidence: tuple[Evidence, ...] = ()
    gap: float | None = None

    @property
    def text(self) -> str:
        """Every change in words, joined."""
        return "; ".join(c.text for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the step, with the changed evidence in evidence JSON."""
        return {
            "item": self.item,
            "target": int(self.target),
            "reaches": None if self.reaches is None else int(self.reaches),
            "reachable": self.reachable,
            "gap": self.gap,
            "text": self.text,
            "changes": [c.to_dict() for c in self.changes],
            "evidence": [unstructure_evidence(e) for e in self.evidence],
        }


@attrs.frozen
class ItemPlan:
    """What it would take for one item: its level now and the steps up.

    ``steps`` holds the step to the next level, then the step to level 3 when
    that is further. An item at level 4, or not assessed, has no steps. An
    item with evidence but no level (for example a survey under its
    completion minimum) gets a step to any level at all (target 1) and one
    to level 3.
    """

    item: str
    level: Level | None
    steps: tuple[Step, ...]

    @property
    def next_level(self) -> Step | None:
        """The step to the next level up, or ``None`` at level 4 or when not assessed."""
        return self.steps[0] if self.steps else None

    @property
    def to_thrive_like(self) -> Step | None:
        """The step to level 3, or ``None`` when the item is there already or not assessed."""
        for step in self.steps:
            if step.target == THRIVE_LIKE_AT:
                return step
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the plan."""
        return {
            "item": self.item,
            "level": None if self.level is None else int(self.level),
            "steps": [s.to_dict() for s in self.steps],
        }


@attrs.frozen
class Action:
    """One entry of a locality's prioritised action list (see :func:`action_list`)."""

    rank: int
    item: str
    level: Level | None
    step: Step

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the action."""
        return {
            "rank": self.rank,
            "item": self.item,
            "level": None if self.level is None else int(self.level),
            "step": self.step.to_dict(),
        }

    def __str__(self) -> str:
        now = "no level" if self.level is None else f"level {int(self.level)}"
        return f"{self.rank}. {self.item} ({now} -> {int(self.step.target)}): {self.step.text}"
