"""Typed rule objects: what a ruleset file says, as frozen values.

A :class:`Ruleset` holds one :class:`ItemRule` per assessment item. An item
rule has zero or more :class:`Measure` band tables (each for one evidence
kind, with optional :class:`Gate` conditions) and optionally a
:class:`CriteriaRule` of named :class:`Criterion` checks. Every item also
accepts a panel :class:`~ithrive.evidence.Rating`.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from ithrive._messages import as_text
from ithrive.base._hints import suggest
from ithrive.base._immutable import reduce_by_fields, same_object
from ithrive.errors import EvidenceError, UnknownItemError, wrong_type
from ithrive.evidence.kinds import KIND_REGISTRY
from ithrive.evidence.kinds import QUANTITIES as _KIND_QUANTITIES
from ithrive.model.level import Level, as_level
from ithrive.rules.interval import Interval

__all__ = [
    "QUANTITIES",
    "Band",
    "CriteriaRule",
    "Criterion",
    "Gate",
    "GateEffect",
    "ItemRule",
    "Measure",
    "Ruleset",
]

#: For each measured evidence kind: the quantity its bands apply to, and the
#: fields a gate may test (read-only; it follows the kind registry, :mod:`ithrive.evidence.kinds`).
QUANTITIES: Mapping[str, tuple[str, tuple[str, ...]]] = _KIND_QUANTITIES


class GateEffect(enum.StrEnum):
    """What a gate does when its condition holds.

    - ``cap``: the level is at most the gate's ``level``;
    - ``insufficient_evidence``: no level is given, with the gate's reason;
    - ``warn``: the level stands, with the gate's reason as a warning.
    """

    CAP = "cap"
    INSUFFICIENT = "insufficient_evidence"
    WARN = "warn"


@attrs.frozen
class Band:
    """Values in ``interval`` get ``level``."""

    level: Level
    interval: Interval

    def __str__(self) -> str:
        return f"{self.interval} -> {int(self.level)}"


@attrs.frozen
class Gate:
    """A condition on a secondary field that caps, withholds or warns.

    When the evidence's ``field`` lies in ``when``, the ``effect`` applies;
    ``id`` names the gate in warnings and explanations.
    ``reason`` says why in words; ``decisions`` cite the interpretation
    register.
    """

    id: str
    field: str
    when: Interval
    effect: GateEffect
    reason: str
    level: Level | None = None
    decisions: tuple[str, ...] = ()


@attrs.frozen
class Measure:
    """A band table for one evidence kind of one item.

    ``domain`` is the set of valid values of the banded quantity (a value
    outside it is an error, never clamped); ``bands`` partition it. Counts
    take only whole numbers.
    """

    name: str
    kind: str
    domain: Interval
    bands: tuple[Band, ...]
    description: str = ""
    gates: tuple[Gate, ...] = ()
    decisions: tuple[str, ...] = ()

    @property
    def integer(self) -> bool:
        """Whether only whole numbers are valid (counts)."""
        declared = KIND_REGISTRY.get(self.kind)
        return declared is not None and declared.integer

    @property
    def quantity(self) -> str:
        """The quantity the bands apply to: percent, agreement, mean or count."""
        return QUANTITIES[self.kind][0] if self.kind in QUANTITIES else self.kind


@attrs.frozen
class Criterion:
    """A named check taken from the level descriptors.

    A boolean criterion (``level`` set) must be true for that level and
    above. An ordinal criterion (``values`` set, lowest first) must reach the
    label ``requires`` gives for each level, and for levels above it.
    """

    id: str
    text: str
    level: Level | None = None
    values: tuple[str, ...] = ()
    requires: tuple[tuple[Level, str], ...] = ()

    @property
    def is_ordinal(self) -> bool:
        """Whether the criterion takes labels rather than true/false."""
        return bool(self.values)

    @property
    def first_level(self) -> Level:
        """The lowest level this criterion is needed for."""
        if self.level is not None:
            return self.level
        return min(level for level, _ in self.requires)

    def supports(self, value: bool | str) -> Level:
        """The highest level ``value`` allows, as far as this criterion goes."""
        if self.level is not None:
            return Level.FOUR if value is True else Level(self.level - 1)
        try:
            rank = self.values.index(value)  # type: ignore[arg-type,unused-ignore]
        except ValueError:
            raise EvidenceError(
                f"criterion {self.id!r} takes one of {', '.join(map(repr, self.values))}, "
                f"got {value!r}",
                code="unknown_label",
                field="value",
                value=value,
            ) from None
        for level, label in self.requires:
            if rank < self.values.index(label):
                return Level(level - 1)
        return Level.FOUR

    def needed_for(self, level: Level) -> str | bool | None:
        """What value this criterion needs for ``level`` (``None``: nothing)."""
        level = as_level(level)
        if self.level is not None:
            return True if level >= self.level else None
        needed = None
        for at, label in self.requires:
            if at <= level:
                needed = label
        return needed


@attrs.frozen
class CriteriaRule:
    """The indicator criteria of a qualitative item."""

    criteria: tuple[Criterion, ...]
    decisions: tuple[str, ...] = ()

    def criterion(self, criterion_id: str) -> Criterion | None:
        """Return the criterion with this id, or ``None``."""
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        return None


@attrs.frozen
class ItemRule:
    """How one item's evidence maps to a level.

    Every item accepts a ``rating``; measured items list their measures and
    qualitative items their criteria. Where several measures are given, the
    item takes the lowest of their levels.
    """

    item: str
    citation: str
    measures: tuple[Measure, ...] = ()
    indicators: CriteriaRule | None = None
    decisions: tuple[str, ...] = ()

    @property
    def accepts(self) -> tuple[str, ...]:
        """The evidence kinds this item accepts, ``rating`` first."""
        kinds = ["rating"]
        for m in self.measures:
            if m.kind not in kinds:
                kinds.append(m.kind)
        if self.indicators is not None:
            kinds.append("indicators")
        return tuple(kinds)

    def measure(self, name: str) -> Measure | None:
        """Return the measure called ``name``, or ``None``."""
        for m in self.measures:
            if m.name == name:
                return m
        return None


@attrs.frozen
class Ruleset:
    """A verified set of item rules: the declarative core of scoring.

    Build one with :func:`ithrive.rules.load_ruleset` (which verifies it);
    the packaged default is :func:`ithrive.rules.default_ruleset`.
    """

    name: str
    version: str
    rules: tuple[ItemRule, ...]
    description: str = ""
    source: str = ""
    _by_id: Mapping[str, ItemRule] = attrs.field(init=False, eq=False, repr=False)
    # Set once this very object has passed verification (see rules.verify.checked).
    _verified: bool = attrs.field(init=False, eq=False, repr=False, default=False)
    # The compiled rules (rules.decide.compiled), built on first use.
    _compiled: Any = attrs.field(init=False, eq=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.rules, list):  # kept immutable, as every part of a ruleset
            object.__setattr__(self, "rules", tuple(self.rules))
        if not isinstance(self.rules, tuple) or not all(
            isinstance(r, ItemRule) for r in self.rules
        ):
            raise wrong_type(self.rules, "a tuple of ItemRule", field="rules")
        for name in ("name", "version", "description", "source"):
            if not isinstance(getattr(self, name), str):
                raise wrong_type(getattr(self, name), "text", field=name)
        object.__setattr__(self, "_by_id", types.MappingProxyType({r.item: r for r in self.rules}))

    # Pickled as the call that builds it again from its rules (verified again
    # before it scores); copied as itself, since it never changes.
    __reduce__ = reduce_by_fields
    __copy__ = __deepcopy__ = same_object

    def rule(self, item_id: str) -> ItemRule:
        """Return the rule of item ``item_id``."""
        try:
            return self._by_id[item_id]
        except (KeyError, TypeError):
            hints = suggest(as_text(item_id), tuple(self._by_id))
            raise UnknownItemError(
                "no rule for this item"
                + (f"; did you mean {', '.join(map(repr, hints))}?" if hints else ""),
                item=as_text(item_id),
                value=item_id,
                suggestions=hints,
            ) from None

    def __iter__(self) -> Iterator[ItemRule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, item_id: object) -> bool:
        return isinstance(item_id, str) and item_id in self._by_id
