"""The implementation checklist: 31 actions a THRIVE-like system has in place.

The checklist is a workshop form (source ``001``): each respondent marks every
action ``in_place``, ``in_progress`` or ``not_started`` for their local area
and may comment. Each :class:`Action` cites its row of the form and is
linked to the assessment items it serves.
"""

from __future__ import annotations

import attrs

from ithrive.instruments.instrument import InstrumentBase
from ithrive.instruments.link import ItemLink
from ithrive.instruments.status import ImplementationStatus

__all__ = ["Action", "Checklist"]


@attrs.frozen
class Action:
    """One action of the checklist.

    ``id`` is stable across versions (``"ck.05"``); ``row`` is the action's
    position in the source form (1-31) and ``line`` the source line holding
    it; ``title`` is the project's short wording; ``links`` name the
    assessment items it serves, each with a strength and a reason. An action
    no item's wording supports has no links, and ``unlinked`` says why.

    >>> from ithrive.instruments import default_checklist
    >>> action = default_checklist().action("ck.13")
    >>> action.items, action.citation
    (('micro.2', 'meso.3a'), 'Implementation checklist, row 13 (line 72)')
    """

    id: str
    row: int
    line: int
    title: str
    links: tuple[ItemLink, ...]
    unlinked: str = ""

    @property
    def items(self) -> tuple[str, ...]:
        """The ids of the assessment items this action serves, in link order."""
        return tuple(link.item for link in self.links)

    @property
    def citation(self) -> str:
        """Where the action is in the source form."""
        return f"Implementation checklist, row {self.row} (line {self.line})"


@attrs.frozen
class Checklist(InstrumentBase):
    """The checklist: its actions in form order, and the statuses a respondent may give.

    >>> from ithrive.instruments import default_checklist
    >>> checklist = default_checklist()
    >>> len(checklist), checklist.actions[0].id, checklist.actions[-1].id
    (31, 'ck.01', 'ck.31')
    >>> [a.id for a in checklist.actions_for("micro.7")]
    ['ck.30', 'ck.31']
    """

    id: str
    title: str
    version: str
    source: str
    statuses: tuple[ImplementationStatus, ...]
    actions: tuple[Action, ...]

    @property
    def entries(self) -> tuple[Action, ...]:
        """The actions, in form order."""
        return self.actions

    def action(self, action_id: str) -> Action:
        """Return the action with id ``action_id`` (for example ``"ck.05"``)."""
        for action in self.actions:
            if action.id == action_id:
                return action
        raise self.unknown_entry(action_id)

    def actions_for(self, item_id: str) -> tuple[Action, ...]:
        """The actions linked to assessment item ``item_id``, in form order."""
        from ithrive.model import FRAMEWORK

        FRAMEWORK.item(item_id)  # raises for an unknown item, with suggestions
        return tuple(a for a in self.actions if item_id in a.items)
