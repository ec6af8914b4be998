"""Links from instrument entries to the assessment items they serve."""

from __future__ import annotations

import enum

import attrs

__all__ = ["ItemLink", "LinkStrength"]


class LinkStrength(enum.StrEnum):
    """How closely an entry serves an item.

    - ``direct``: the entry, once in place, meets (part of) a criterion of
      the item at the level the link cites, or is what the item's measure
      counts;
    - ``related``: the entry and the item's wording name the same practice,
      measure or group, but having the entry in place does not by itself
      meet a criterion.

    A shared general aim (joined-up care, better outcomes) is not enough for
    either: such an entry is left unlinked.
    """

    DIRECT = "direct"
    RELATED = "related"


@attrs.frozen
class ItemLink:
    """One assessment item an entry serves, how closely, and why, in one line.

    ``item`` is an item id of :data:`ithrive.FRAMEWORK` (``"micro.2"``);
    ``strength`` is :class:`LinkStrength`; ``reason`` says in the project's
    own words which place in each source the link rests on. ``quote`` is the
    few words of the entry's own source text the link turns on, and
    ``item_quote`` the few words of the assessment tool at ``level`` of the
    item (``None``: its principle and measure columns). The loader checks
    that every link resolves; the tests check the quotes against the
    sources where they are present.

    >>> from ithrive.instruments import default_checklist
    >>> link = default_checklist().action("ck.26").links[0]
    >>> link.item, link.strength.value, link.level, link.item_quote
    ('meso.5', 'direct', 4, 'alignment of therapy with NICE-based guidance')
    """

    item: str
    reason: str
    strength: LinkStrength = LinkStrength.RELATED
    level: int | None = None
    quote: str = ""
    item_quote: str = ""

    @property
    def place(self) -> str:
        """Where in the assessment tool the link reads: ``"level 3"`` or ``"principle"``."""
        return "principle" if self.level is None else f"level {self.level}"
