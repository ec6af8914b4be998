"""Gap analysis: from where a locality stands to what it should do first.

:func:`gap_analysis` reads a :class:`~ithrive.scorecard.Scorecard` and a
completed checklist (or GM standards) and lists:

- for each **low item** (rated below level 3, or not rated), the linked
  entries not yet in place;
- one **to-do list** of those entries, each once, ordered so the first rows
  are the ones to start with;
- a **second look**: entries marked in place whose linked items are still
  rated below 3, where what is in place may not be working yet.

The order of the to-do list, from the first key to the last:

1. entries serving the item furthest below level 3 first (a level 1 item
   before a level 2 item; entries serving only unrated items come after);
2. then entries serving more low items first;
3. then ``not_started`` before blank before ``in_progress`` (work already
   moving needs less of a push than work not begun; a blank is not known to
   have started);
4. then the instrument's own order.

Low items are listed level 1 first, then level 2, then unrated items, each
in framework order. Entries marked ``not_applicable`` are left out;
``dont_know`` is ordered with blanks.

Direct links come first: an item's entries are those linked to it
``direct``; only when the instrument has no direct link to the item are its
``related`` links used (see :class:`~ithrive.instruments.LinkStrength`).
Each :class:`ItemGap` says which kind it used in ``strength``, and an entry
serves (in the to-do list and the second look) only the items whose chosen
links include it.

From a workshop (a :class:`~ithrive.instruments.WorkshopSummary`), each
entry's status comes from a stated **consensus rule** (``rule``, one of
:data:`~ithrive.instruments.workshop.CONSENSUS_RULES`). The default,
``"no_dissent"``, counts an entry in place only when no group's view is
``not_started``; either way each to-do row and second-look row keeps the
tie flag and the groups that see it differently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ithrive.errors import Finding, ResponseError, expect
from ithrive.instruments.link import LinkStrength
from ithrive.instruments.response import Response
from ithrive.instruments.status import ImplementationStatus, status_code
from ithrive.instruments.workshop import CONSENSUS_RULES, PlanningView, WorkshopSummary
from ithrive.model.level import THRIVE_LIKE_AT, Level, Status
from ithrive.scorecard import ItemResult, Scorecard

if TYPE_CHECKING:
    from ithrive.instruments.checklist import Checklist
    from ithrive.instruments.instrument import LinkedEntry
    from ithrive.instruments.loader import Instrument
    from ithrive.instruments.standards import Standards

__all__ = ["ActionGap", "GapAnalysis", "ItemGap", "SecondLook", "gap_analysis"]

#: Urgency of an entry's status in the to-do list: lower comes first.
_STATUS_ORDER: dict[ImplementationStatus | None, int] = {
    ImplementationStatus.NOT_STARTED: 0,
    None: 1,
    ImplementationStatus.DONT_KNOW: 1,
    ImplementationStatus.IN_PROGRESS: 2,
}


#: Statuses that keep an entry off the to-do list.
_NOT_TO_DO = (ImplementationStatus.IN_PLACE, ImplementationStatus.NOT_APPLICABLE)


@attrs.frozen
class ItemGap:
    """One low item: its level (``None`` when not rated) and the linked entries.

    ``actions`` are the linked entries not in place, in to-do order;
    ``in_place`` the linked entries already in place. ``strength`` is the
    kind of link they were found by: ``direct`` when the instrument links
    any entry directly to the item, else ``related``; ``None`` when no entry
    is linked to the item at all.
    """

    item: str
    title: str
    level: Level | None
    status: Status
    actions: tuple[str, ...]
    in_place: tuple[str, ...]
    strength: LinkStrength | None = None

    def to_dict(self) -> dict[str, Any]:
        """The item gap as a JSON-ready dict."""
        return {
            "item": self.item,
            "title": self.title,
            "level": None if self.level is None else int(self.level),
            "status": self.status.value,
            "actions": list(self.actions),
            "in_place": list(self.in_place),
            "strength": None if self.strength is None else self.strength.value,
        }


@attrs.frozen
class ActionGap:
    """An entry to work on: its status and the low items it serves, lowest level first.

    ``lowest_level`` is the lowest level among the rated items it serves
    (``None`` if it serves only unrated items). From a workshop, ``tied``
    says the room was split and ``dissent`` names the groups whose view
    differs from the room's modal status.
    """

    action: str
    title: str
    status: ImplementationStatus | None
    items: tuple[str, ...]
    lowest_level: Level | None
    tied: bool = False
    dissent: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The entry as a JSON-ready dict."""
        return {
            "action": self.action,
            "title": self.title,
            "status": status_code(self.status),
            "items": list(self.items),
            "lowest_level": None if self.lowest_level is None else int(self.lowest_level),
            "tied": self.tied,
            "dissent": list(self.dissent),
        }


@attrs.frozen
class SecondLook:
    """An entry marked in place whose linked items are still rated below level 3.

    From a workshop, ``tied`` and ``dissent`` are as in :class:`ActionGap`.
    """

    action: str
    title: str
    items: tuple[str, ...]
    lowest_level: Level
    tied: bool = False
    dissent: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The entry as a JSON-ready dict."""
        return {
            "action": self.action,
            "title": self.title,
            "items": list(self.items),
            "lowest_level": int(self.lowest_level),
            "tied": self.tied,
            "dissent": list(self.dissent),
        }


@attrs.frozen
class GapAnalysis:
    """The result of :func:`gap_analysis`: low items, a to-do list and a second look.

    ``rule`` is the consensus rule used for a workshop, ``None`` for one response.
    """

    instrument: str
    version: str
    items: tuple[ItemGap, ...]
    actions: tuple[ActionGap, ...]
    second_look: tuple[SecondLook, ...]
    locality: str | None = None
    area: str | None = None
    rule: str | None = None

    def item(self, item_id: str) -> ItemGap:
        """The gap of low item ``item_id``."""
        expect(item_id, str, field="item_id", expected="an item id")
        for gap in self.items:
            if gap.item == item_id:
                return gap
        raise ResponseError(
            self.instrument,
            [Finding("not_low", item_id, "items", "the item is not below level 3")],
        )

    def to_dict(self) -> dict[str, Any]:
        """The analysis as a JSON-ready dict."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "locality": self.locality,
            "area": self.area,
            "rule": self.rule,
            "items": [g.to_dict() for g in self.items],
            "actions": [a.to_dict() for a in self.actions],
            "second_look": [s.to_dict() for s in self.second_look],
        }


def _is_low(result: ItemResult, include_unrated: bool) -> bool:
    if result.level is None:
        return include_unrated
    return result.level < THRIVE_LIKE_AT


def _item_key(result: ItemResult, order: dict[str, int]) -> tuple[int, int]:
    level = int(result.level) if result.level is not None else int(THRIVE_LIKE_AT)
    return (level, order[result.item])


def _chosen_links(
    entries: tuple[LinkedEntry, ...], item_ids: list[str]
) -> dict[str, tuple[LinkStrength | None, frozenset[str]]]:
    """For each item, the kind of link used and the entries linked by it: direct first."""
    chosen: dict[str, tuple[LinkStrength | None, frozenset[str]]] = {}
    for item_id in item_ids:
        by_kind: dict[LinkStrength, set[str]] = {kind: set() for kind in LinkStrength}
        for e in entries:
            for link in e.links:
                if link.item == item_id:
                    by_kind[link.strength].add(e.id)
        kind = next((k for k in LinkStrength if by_kind[k]), None)
        chosen[item_id] = (kind, frozenset(by_kind[kind]) if kind is not None else frozenset())
    return chosen


def _as_response(
    responses: Response | WorkshopSummary | Mapping[str, Any],
    instrument: Instrument | None,
    rule: str,
) -> Response:
    from ithrive.instruments.loader import default_checklist
    from ithrive.instruments.response import read_response

    if isinstance(responses, Response):
        return responses
    if isinstance(responses, WorkshopSummary):
        return responses.consensus(rule=rule)
    target = instrument if instrument is not None else default_checklist()
    if "answers" in responses:
        return read_response(responses, instrument=target)
    return target.respond(responses)


def gap_analysis(
    scorecard: Scorecard,
    responses: Response | WorkshopSummary | Mapping[str, Any],
    *,
    instrument: Checklist | Standards | None = None,
    include_unrated: bool = True,
    rule: str = "no_dissent",
) -> GapAnalysis:
    """List, for each item below level 3, the linked actions not yet in place, in to-do order.

    ``responses`` is a completed checklist (a :class:`Response`, a
    :class:`WorkshopSummary` whose overall modal statuses are used, or a
    mapping of action id to status); a response to the GM standards works
    the same way. From a workshop summary, ``rule`` (default
    ``"no_dissent"``) turns the tallies into one status per entry and the
    tie and dissent are kept on each row. Unrated items count as low unless
    ``include_unrated`` is false; they come after every rated item. The
    module docstring gives the ordering rules.

    >>> import ithrive
    >>> from ithrive.instruments import gap_analysis
    >>> card = ithrive.score({"micro.3b": {"kind": "proportion", "numerator": 9, "denominator": 30},
    ...                      "micro.2": {"kind": "proportion", "numerator": 21, "denominator": 30}})
    >>> gaps = gap_analysis(card, {"ck.29": "in_progress", "ck.13": "in_place"},
    ...                     include_unrated=False)
    >>> [(g.item, int(g.level), g.actions) for g in gaps.items]
    [('micro.3b', 1, ('ck.29',))]
    """
    from ithrive.instruments._kinds import check_instrument
    from ithrive.instruments.approach import Approach
    from ithrive.instruments.loader import resolve_instrument
    from ithrive.model import FRAMEWORK

    check_instrument(instrument)
    problems: list[str] = []
    if not isinstance(scorecard, Scorecard):
        problems.append(f"scorecard: expected a Scorecard, got {type(scorecard).__name__}")
    if not isinstance(include_unrated, bool):
        problems.append(f"include_unrated: expected true or false, got {include_unrated!r}")
    if not isinstance(responses, Response | Mapping | WorkshopSummary):
        problems.append(f"responses: expected a response, got {type(responses).__name__}")
    if rule not in CONSENSUS_RULES:
        problems.append(f"rule: expected one of {', '.join(CONSENSUS_RULES)}, got {rule!r}")
    if problems:
        raise ResponseError(
            "gap analysis",
            [
                Finding("invalid_value", None, field, text.strip())
                for field, _, text in (p.partition(":") for p in problems)
            ],
        )
    views: dict[str, PlanningView] = {}
    if isinstance(responses, WorkshopSummary):
        views = {v.entry: v for v in responses.planning(rule)}
    response = _as_response(responses, instrument, rule)
    resolved = resolve_instrument(response, instrument)
    if isinstance(resolved, Approach):
        raise ResponseError(
            resolved.id,
            [
                Finding(
                    "no_links",
                    None,
                    "instrument",
                    f"the entries of {resolved.id!r} are not linked to assessment items; "
                    "use the checklist or the standards",
                )
            ],
        )
    entries: tuple[LinkedEntry, ...] = resolved.entries
    order = {item_id: i for i, item_id in enumerate(FRAMEWORK.item_ids)}
    position = {e.id: i for i, e in enumerate(entries)}
    results = {r.item: r for r in scorecard.items}
    low = sorted(
        (r for r in scorecard.items if _is_low(r, include_unrated)),
        key=lambda r: _item_key(r, order),
    )
    low_ids = [r.item for r in low]
    rank = {item_id: i for i, item_id in enumerate(low_ids)}
    status = {e.id: response.status(e.id) for e in entries}
    chosen = _chosen_links(entries, low_ids)

    def served(entry: LinkedEntry) -> list[str]:
        return sorted(
            (i for i in entry.items if i in rank and entry.id in chosen[i][1]),
            key=rank.__getitem__,
        )

    def lowest(items: list[str]) -> Level | None:
        levels = [results[i].level for i in items if results[i].level is not None]
        return min(levels) if levels else None  # type: ignore[type-var]

    def flags(entry_id: str) -> tuple[bool, tuple[str, ...]]:
        view = views.get(entry_id)
        return (False, ()) if view is None else (view.tied, view.dissent)

    todo: list[ActionGap] = []
    for e in entries:
        items = served(e)
        if not items or status[e.id] in _NOT_TO_DO:
            continue
        todo.append(
            ActionGap(e.id, e.title, status[e.id], tuple(items), lowest(items), *flags(e.id))
        )

    def todo_key(gap: ActionGap) -> tuple[int, int, int, int]:
        severity = int(gap.lowest_level) if gap.lowest_level is not None else int(THRIVE_LIKE_AT)
        return (severity, -len(gap.items), _STATUS_ORDER[gap.status], position[gap.action])

    todo.sort(key=todo_key)
    todo_rank = {g.action: i for i, g in enumerate(todo)}
    item_gaps = []
    for r in low:
        strength, ids = chosen[r.item]
        linked = [e for e in entries if e.id in ids]
        item_gaps.append(
            ItemGap(
                item=r.item,
                title=FRAMEWORK.item(r.item).title,
                level=r.level,
                status=r.status,
                actions=tuple(
                    sorted((e.id for e in linked if e.id in todo_rank), key=todo_rank.__getitem__)
                ),
                in_place=tuple(
                    e.id for e in linked if status[e.id] is ImplementationStatus.IN_PLACE
                ),
                strength=strength,
            )
        )
    second: list[SecondLook] = []
    for e in entries:
        if status[e.id] is not ImplementationStatus.IN_PLACE:
            continue
        rated_low = [i for i in served(e) if results[i].level is not None]
        level = lowest(rated_low)
        if level is not None:
            second.append(SecondLook(e.id, e.title, tuple(rated_low), level, *flags(e.id)))
    second.sort(key=lambda s: (int(s.lowest_level), -len(s.items), position[s.action]))
    return GapAnalysis(
        instrument=resolved.id,
        version=resolved.version,
        items=tuple(item_gaps),
        actions=tuple(todo),
        second_look=tuple(second),
        locality=scorecard.locality,
        area=response.area,
        rule=rule if views else None,
    )
