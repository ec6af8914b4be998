"""A scorecard's principle and system results, worked out from its item levels.

A principle's result follows from its items' levels and statuses alone (the
lowest level, rated only when every part is), and a system's summary counts
its items and principles; no rule is needed. Scoring builds them on first use
(:class:`Summaries`), and a scorecard document read back is checked against
them. :func:`overall_text` says the overall verdict in one sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from operator import itemgetter
from typing import Any, TypeAlias

from ithrive.errors import wrong_type
from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.model.level import Level, Status
from ithrive.scorecard._results import CardView, ItemResult, PrincipleResult, SystemResult

__all__ = [
    "Levels",
    "Summaries",
    "overall_text",
    "principle_results",
    "principles_of_items",
    "system_results",
]

#: Each item's level (or None) and status, by item id.
Levels: TypeAlias = Mapping[str, tuple[Level | None, Status]]


def principle_results(levels: Levels, only: str | None = None) -> tuple[PrincipleResult, ...]:
    """The result of every principle (or of principle ``only``) given its items' levels."""
    out = []
    for principle in FRAMEWORK.principles:
        if only is not None and principle.id != only:
            continue
        parts = [levels[i] for i in principle.items]
        rated = [lv for lv, _ in parts if lv is not None]
        if len(rated) == len(parts):
            level: Level | None = min(rated)
            status = Status.RATED
        else:
            level = None
            none_given = all(st is Status.NOT_ASSESSED for _, st in parts)
            status = Status.NOT_ASSESSED if none_given else Status.INSUFFICIENT_EVIDENCE
        if level is not None:
            verdict: bool | None = level.thrive_like
        elif any(not lv.thrive_like for lv in rated):
            verdict = False
        else:
            verdict = None
        out.append(PrincipleResult(principle.id, level, status, principle.items, verdict))
    return tuple(out)


def system_results(
    levels: Levels, principles: Sequence[PrincipleResult]
) -> tuple[SystemResult, ...]:
    """The summary of each system level given its items' levels and its principles' results."""
    out = []
    for system in FRAMEWORK.systems:
        its = [levels[i.id][0] for i in FRAMEWORK if i.system == system.id]
        prs = [p for p in principles if FRAMEWORK.principle(p.principle).system == system.id]
        rated = [int(lv) for lv in its if lv is not None]
        out.append(
            SystemResult(
                system=system.id,
                items_total=len(its),
                items_rated=len(rated),
                items_thrive_like=sum(1 for lv in rated if lv >= THRIVE_LIKE_AT),
                principles_total=len(prs),
                principles_rated=sum(1 for p in prs if p.level is not None),
                principles_thrive_like=sum(1 for p in prs if p.thrive_like),
                mean_level=float(Fraction(sum(rated), len(rated))) if rated else None,
            )
        )
    return tuple(out)


_ORDER = {item_id: i for i, item_id in enumerate(FRAMEWORK.item_ids)}

#: Per principle: its id, its items, their places in a scorecard's items, and its results
#: so far by what its items say (a principle's result follows from its items' levels and
#: statuses; an item says its level, or its status when it has none).
_PRINCIPLE_PLACES: tuple[
    tuple[str, tuple[str, ...], tuple[int, ...], dict[Any, PrincipleResult], Any], ...
] = tuple(
    (p.id, p.items, places, {}, itemgetter(*places))
    for p in FRAMEWORK.principles
    for places in [tuple(_ORDER[i] for i in p.items)]
)


def principles_of_items(items: tuple[ItemResult, ...]) -> tuple[PrincipleResult, ...]:
    """Every principle's result from 22 item results in source order, each worked out once.

    The same levels and statuses always give the same results, so each
    principle's result is kept by what its items say and reused.
    """
    # What each item says: its level, or its status when it has none. A
    # principle's key is its item's, or the tuple of its items' (itemgetter
    # gives the one value for one place and a tuple for several).
    says = [r[1] or r[2] for r in items]
    out = []
    for pid, ids, places, known, what in _PRINCIPLE_PLACES:
        key = what(says)
        found = known.get(key)
        if found is None:
            levels = {ids[n]: items[i][1:3] for n, i in enumerate(places)}
            found = principle_results(levels, pid)[0]
            known[key] = found
        out.append(found)
    return tuple(out)


class Summaries:
    """A scorecard's principle and system results, worked out from its item levels on first use."""

    __slots__ = ("_principles", "items")

    def __init__(self, items: tuple[ItemResult, ...]) -> None:
        self.items = items
        self._principles: tuple[PrincipleResult, ...] | None = None

    def principles(self) -> tuple[PrincipleResult, ...]:
        """Every principle's result, in source order."""
        if self._principles is None:
            self._principles = principles_of_items(self.items)
        return self._principles

    def systems(self) -> tuple[SystemResult, ...]:
        """Every system level's summary: macro, meso, micro."""
        levels = {r[0]: (r[1], r[2]) for r in self.items}
        return system_results(levels, self.principles())


def overall_text(card: CardView) -> str:
    """The locality's verdict in one sentence, naming the principles that keep it from THRIVE-like.

    ``card`` is a :class:`~ithrive.scorecard.Scorecard` (or anything that
    reads like one: its items, principles and verdict).

    >>> import ithrive
    >>> from ithrive.scorecard.table import overall_text
    >>> overall_text(ithrive.score({"micro.2": {"kind": "rating", "level": 3}}))
    'not THRIVE-like: 16 not rated (macro.1, macro.2, ..., micro.7).'
    """
    if not all(hasattr(card, name) for name in ("principles", "thrive_like")):
        raise wrong_type(card, "a Scorecard", field="card")
    below = [p.principle for p in card.principles if p.thrive_like is False]
    unknown = [p.principle for p in card.principles if p.thrive_like is None]
    if card.thrive_like:
        return "THRIVE-like: every principle is rated at level 3 or above."
    reasons = []
    if below:
        reasons.append(f"{len(below)} principle(s) below level 3 ({', '.join(below)})")
    if unknown:
        reasons.append(f"{len(unknown)} not rated ({', '.join(unknown)})")
    return "not THRIVE-like: " + "; ".join(reasons) + "."
