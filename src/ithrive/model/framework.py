"""The THRIVE Framework as the assessment tool describes it.

Three system levels (macro, meso, micro), five needs-based groupings, 17
principles and the 22 items they are rated in. The content lives in the
packaged data file ``framework.toml``; these classes give it types, order and
look-up. Nothing here knows about evidence or rules: the model says what
THRIVE is, the rules say how evidence maps to levels.
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping
from typing import TypeVar

import attrs

from ithrive._messages import as_text
from ithrive.base._hints import suggest, suggestion_text
from ithrive.base._immutable import reduce_by_fields, same_object
from ithrive.errors import EvidenceError, UnknownItemError
from ithrive.model.level import Level, as_level

__all__ = [
    "Framework",
    "Item",
    "LevelDescriptor",
    "NeedsGrouping",
    "Principle",
    "SystemLevel",
]


@attrs.frozen
class SystemLevel:
    """One of the three levels of the system the tool looks at.

    ``macro`` covers populations, commissioning and interagency working;
    ``meso`` the needs-based groupings and their services; ``micro`` the
    relationships between professionals and children, young people and
    families.
    """

    id: str
    title: str
    scope: str


@attrs.frozen
class NeedsGrouping:
    """One of the five needs-based groupings of the THRIVE Framework."""

    id: str
    title: str
    description: str


@attrs.frozen
class LevelDescriptor:
    """What one level of one item looks like, as a few short criteria.

    ``citation`` names the place in the assessment tool the descriptor
    summarises.
    """

    level: Level
    criteria: tuple[str, ...]
    citation: str


@attrs.frozen
class Item:
    """One rated item: a principle, or one part of a multi-part principle.

    ``id`` is the stable identifier (``"micro.3b"``); ``part`` is ``"A"``,
    ``"B"`` or ``"C"`` for parts and ``""`` for single-part principles.
    ``levels`` holds the four descriptors, level 1 first.
    """

    id: str
    principle: str
    system: str
    part: str
    title: str
    measure: str
    citation: str
    levels: tuple[LevelDescriptor, ...]

    def descriptor(self, level: int) -> LevelDescriptor:
        """Return the descriptor of ``level`` (1-4); another value is an error naming this item."""
        try:
            return self.levels[as_level(level) - 1]
        except EvidenceError as err:
            raise err.at(item=self.id) from None


@attrs.frozen
class Principle:
    """A principle of a THRIVE-like system, rated through one or more items.

    A multi-part principle is THRIVE-like only when every part is.
    """

    id: str
    system: str
    number: int
    title: str
    summary: str
    items: tuple[str, ...]


_T = TypeVar("_T", SystemLevel, NeedsGrouping, Principle, Item)


def _index(entries: tuple[_T, ...]) -> Mapping[str, _T]:
    return types.MappingProxyType({e.id: e for e in entries})


@attrs.frozen
class Framework:
    """The whole framework: systems, groupings, principles and items, in source order.

    Iterating a framework yields its 22 items in the order of the assessment
    tool; ``item``, ``principle`` and ``system`` look entries up by id and
    raise :class:`~ithrive.errors.UnknownItemError` (suggesting the nearest
    ids) for an id they do not know.

    >>> from ithrive import FRAMEWORK
    >>> len(FRAMEWORK), FRAMEWORK.item("micro.3b").principle
    (22, 'micro.3')
    >>> [i.id for i in FRAMEWORK.items_of("micro.3")]
    ['micro.3a', 'micro.3b', 'micro.3c']
    """

    title: str
    source: str
    systems: tuple[SystemLevel, ...]
    groupings: tuple[NeedsGrouping, ...]
    principles: tuple[Principle, ...]
    items: tuple[Item, ...]
    _items: Mapping[str, Item] = attrs.field(init=False, eq=False, repr=False)
    _principles: Mapping[str, Principle] = attrs.field(init=False, eq=False, repr=False)
    _systems: Mapping[str, SystemLevel] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_items", _index(self.items))
        object.__setattr__(self, "_principles", _index(self.principles))
        object.__setattr__(self, "_systems", _index(self.systems))

    # Pickled as the call that builds it again (its look-ups cannot be
    # pickled); copied as itself, since it never changes.
    __reduce__ = reduce_by_fields
    __copy__ = __deepcopy__ = same_object

    @property
    def item_ids(self) -> tuple[str, ...]:
        """The 22 item ids in source order."""
        return tuple(self._items)

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, item_id: object) -> bool:
        return isinstance(item_id, str) and item_id in self._items

    def item(self, item_id: str) -> Item:
        """Return the item with id ``item_id`` (for example ``"micro.2"``)."""
        try:
            return self._items[item_id]
        except (KeyError, TypeError):
            raise self.unknown_item(item_id) from None

    def unknown_item(self, item_id: object) -> UnknownItemError:
        """Build the error for an item id the framework does not have."""
        hints = suggest(as_text(item_id), self.item_ids)
        return UnknownItemError(
            f"unknown item{suggestion_text(hints)}",
            item=as_text(item_id),
            value=item_id,
            suggestions=hints,
        )

    def principle(self, principle_id: str) -> Principle:
        """Return the principle with id ``principle_id`` (for example ``"micro.3"``)."""
        try:
            return self._principles[principle_id]
        except (KeyError, TypeError):
            hints = suggest(as_text(principle_id), tuple(self._principles))
            raise UnknownItemError(
                f"unknown principle{suggestion_text(hints)}",
                code="unknown_principle",
                item=as_text(principle_id),
                value=principle_id,
                suggestions=hints,
            ) from None

    def system(self, system_id: str) -> SystemLevel:
        """Return the system level ``"macro"``, ``"meso"`` or ``"micro"``."""
        try:
            return self._systems[system_id]
        except (KeyError, TypeError):
            hints = suggest(as_text(system_id), tuple(self._systems))
            raise UnknownItemError(
                f"unknown system level{suggestion_text(hints)}",
                code="unknown_system",
                item=as_text(system_id),
                value=system_id,
                suggestions=hints,
            ) from None

    def items_of(self, principle_id: str) -> tuple[Item, ...]:
        """Return the items that rate principle ``principle_id``, in order."""
        return tuple(self._items[i] for i in self.principle(principle_id).items)
