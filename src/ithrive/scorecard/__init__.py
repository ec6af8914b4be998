"""Scorecards: the result of scoring one locality's evidence.

A :class:`Scorecard` has one :class:`ItemResult` per item (all 22, in source
order), one :class:`PrincipleResult` per principle, one
:class:`SystemResult` per system level, and the locality's overall verdict.
Each item result is the decision record of its rule; its explanation is written from it.
Scorecards convert to and from JSON-ready dicts without loss
(:meth:`Scorecard.to_dict`, :meth:`Scorecard.from_dict`).

The scorecard layer (the result, its JSON document and its renderings as
text, HTML and Markdown) may import :mod:`ithrive.evidence`,
:mod:`ithrive.model`, :mod:`ithrive.base`, the errors and limits only.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from operator import itemgetter
from typing import Any, Protocol

import attrs

from ithrive.evidence import Evidence
from ithrive.model import FRAMEWORK
from ithrive.model.level import THRIVE_LIKE_AT, Level, Status

__all__ = [
    "ITEM_RESULT_FIELDS",
    "SCHEMA_VERSION",
    "ItemResult",
    "Notice",
    "PrincipleResult",
    "Scorecard",
    "SystemResult",
]

#: Version of the scorecard's JSON form; bumped on any incompatible change.
SCHEMA_VERSION = 1


@attrs.frozen
class Notice:
    """A warning attached to a result: a stable ``code`` and a readable ``message``."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"


_FIELDS = (
    "item",
    "level",
    "status",
    "explanation",
    "evidence",
    "basis",
    "value",
    "decided_by",
    "unmet",
    "warnings",
    "citation",
)


class Renderer(Protocol):
    """What writes a decided item's words from its decision record, once, on first use."""

    def render(self, result: ItemResult) -> tuple[str, str, tuple[Notice, ...]]:
        """The explanation, citation and warnings of ``result``."""
        ...

    def evidence(self, result: ItemResult) -> tuple[Evidence, ...]:
        """The typed evidence of ``result``."""
        ...


class ItemResult(tuple):  # type: ignore[type-arg]
    """The outcome for one item: the decision record the rule returned.

    - ``level``: 1-4, or ``None`` when the item could not be rated;
    - ``status``: ``rated``, ``insufficient_evidence`` or ``not_assessed``;
    - ``basis``: what decided the level: ``"rating"``, ``"indicators"`` or a
      measure name such as ``"notes_audit"`` (``None`` when not rated);
    - ``value``: the measured value that decided it (a percent, a mean or a
      count; for display: ``exact_value`` is the exact fraction the decision
      compared);
    - ``decided_by``: the band, gate or criteria that decided, as text;
    - ``unmet``: for indicator items, the criteria of the next level that do
      not hold;
    - ``warnings``: notices (a gate that warned, a rating that differs);
    - ``explanation``: one paragraph naming the evidence, the value, the band
      or criterion and the source citation; ``citation``: the source.

    The rule decides ``level`` to ``unmet`` and keeps the facts behind them
    (the pieces, the measures' values, the band, the gates that held); the
    explanation, citation, warnings and typed evidence are written from those
    facts the first time they are read, never by deciding again. A result is
    immutable and compares by its content.
    """

    __match_args__ = (
        "item",
        "level",
        "status",
        "explanation",
        "evidence",
        "basis",
        "value",
        "decided_by",
        "unmet",
        "warnings",
        "citation",
    )

    # Record layout: 0 item, 1 level, 2 status, 3 basis, 4 decided_by, 5 unmet,
    # 6 exact value as (numerator, denominator) or None, 7 the facts the words
    # are written from (None when given as words), 8 the renderer (or None).
    # The words, once written, are kept in the instance's own dict (made only
    # then): "_written" (explanation, citation, warnings) and "_typed".

    def __new__(  # noqa: PLR0917 - the fields in order, as ItemResult has always taken them
        cls,
        item: str,
        level: Level | None,
        status: Status,
        explanation: str,
        evidence: tuple[Evidence, ...] = (),
        basis: str | None = None,
        value: float | None = None,
        decided_by: str | None = None,
        unmet: tuple[str, ...] = (),
        warnings: tuple[Notice, ...] = (),
        citation: str = "",
    ) -> ItemResult:
        exact = None if value is None else value.as_integer_ratio()
        new = tuple.__new__(
            cls, (item, level, status, basis, decided_by, tuple(unmet), exact, None, None)
        )
        kept = new.__dict__
        kept["_written"] = (explanation, citation, tuple(warnings))
        kept["_typed"] = tuple(evidence)
        return new

    item: str = property(itemgetter(0))  # type: ignore[assignment]
    level: Level | None = property(itemgetter(1))  # type: ignore[assignment]
    status: Status = property(itemgetter(2))  # type: ignore[assignment]
    basis: str | None = property(itemgetter(3))  # type: ignore[assignment]
    decided_by: str | None = property(itemgetter(4))  # type: ignore[assignment]
    unmet: tuple[str, ...] = property(itemgetter(5))  # type: ignore[assignment]

    @property
    def value(self) -> float | None:
        """The deciding measured value as a float (for display)."""
        exact = self[6]
        return None if exact is None else exact[0] / exact[1]

    @property
    def exact_value(self) -> Fraction | None:
        """The deciding measured value exactly, as the rule compared it.

        A result read back with :meth:`Scorecard.from_dict` has only the
        stored float, so there it is that float's exact value.
        """
        exact = self[6]
        return None if exact is None else Fraction(exact[0], exact[1])

    def _words(self) -> tuple[str, str, tuple[Notice, ...]]:
        kept = self.__dict__
        words = kept.get("_written")
        if words is None:
            renderer: Renderer = self[8]
            words = kept["_written"] = renderer.render(self)
        return words

    @property
    def explanation(self) -> str:
        """One paragraph: the evidence, the value, the band or criteria, the source."""
        return self._words()[0]

    @property
    def citation(self) -> str:
        """Where the assessment tool says so (and which interpretation decisions apply)."""
        return self._words()[1]

    @property
    def warnings(self) -> tuple[Notice, ...]:
        """Notices about the result: gates that warned or could not be checked, and so on."""
        return self._words()[2]

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """The evidence the item was scored on, as typed objects."""
        kept = self.__dict__
        evidence = kept.get("_typed")
        if evidence is None:
            renderer: Renderer = self[8]
            evidence = kept["_typed"] = renderer.evidence(self)
        return evidence

    @property
    def thrive_like(self) -> bool | None:
        """``True`` at level 3 or above, ``False`` below, ``None`` when not rated."""
        level = self[1]
        return None if level is None else level >= THRIVE_LIKE_AT

    def _content(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            # A plain tuple would otherwise be compared with the record's layout.
            return False if isinstance(other, tuple) else NotImplemented
        return self._content() == other._content()

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def _unordered(self, other: object) -> bool:
        raise TypeError(
            f"item results are not ordered: cannot compare ItemResult with {type(other).__name__}"
        )

    __lt__ = __le__ = __gt__ = __ge__ = _unordered

    def __hash__(self) -> int:
        return hash(self._content())

    def __repr__(self) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"ItemResult({parts})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __reduce__(self) -> tuple[Any, ...]:
        return (_item_result, tuple(getattr(self, name) for name in _FIELDS))


def _item_result(*values: Any) -> ItemResult:
    return ItemResult(*values)


#: Every field of an item result, in order.
ITEM_RESULT_FIELDS: tuple[str, ...] = _FIELDS


@attrs.frozen
class PrincipleResult:
    """The outcome for one principle: the lowest level of its items.

    A multi-part principle has a level only when every part is rated. Its
    verdict is known to be ``False`` as soon as one rated part is below 3.
    """

    principle: str
    level: Level | None
    status: Status
    items: tuple[str, ...]
    thrive_like: bool | None


@attrs.frozen
class SystemResult:
    """Counts for one system level (macro, meso or micro).

    ``mean_level`` is the mean of the rated items' levels, or ``None`` when no
    item is rated.
    """

    system: str
    items_total: int
    items_rated: int
    items_thrive_like: int
    principles_total: int
    principles_rated: int
    principles_thrive_like: int
    mean_level: float | None


class _Lazy(Protocol):
    """How to build a scorecard's principle and system results on first use."""

    def principles(self) -> tuple[PrincipleResult, ...]: ...

    def systems(self) -> tuple[SystemResult, ...]: ...


#: Each item's place in a scorecard's items (source order).
_PLACE: dict[str, int] = {item_id: i for i, item_id in enumerate(FRAMEWORK.item_ids)}


@attrs.frozen(eq=False, repr=False)
class Scorecard:
    """The scored assessment of one locality.

    ``thrive_like`` is ``True`` only when every principle is rated and
    THRIVE-like; ``complete`` says whether every principle is rated at all.
    Principle and system results may be built on first use, and item
    results write their words when first read; either way a scorecard is
    immutable and compares by its content.

    >>> import ithrive
    >>> card = ithrive.score(
    ...     {"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}})
    >>> card["micro.2"].level, card["micro.2"].thrive_like, card.thrive_like
    (<Level.THREE: 3>, True, False)
    """

    _items: tuple[ItemResult, ...] = attrs.field(alias="items")
    _principles: tuple[PrincipleResult, ...] | None = attrs.field(alias="principles")
    _systems: tuple[SystemResult, ...] | None = attrs.field(alias="systems")
    thrive_like: bool
    ruleset: str
    ruleset_version: str
    locality: str | None = None
    date: str | None = None
    schema: int = SCHEMA_VERSION
    _lazy: _Lazy | None = attrs.field(default=None, alias="_lazy")

    @property
    def items(self) -> tuple[ItemResult, ...]:
        """One result per item, all 22, in source order."""
        return self._items

    @property
    def principles(self) -> tuple[PrincipleResult, ...]:
        """One result per principle, in source order."""
        if self._principles is None:
            assert self._lazy is not None
            object.__setattr__(self, "_principles", self._lazy.principles())
        return self._principles  # type: ignore[return-value]

    @property
    def systems(self) -> tuple[SystemResult, ...]:
        """One summary per system level: macro, meso, micro."""
        if self._systems is None:
            assert self._lazy is not None
            object.__setattr__(self, "_systems", self._lazy.systems())
        return self._systems  # type: ignore[return-value]

    def _content(self) -> tuple[Any, ...]:
        return (
            self.items,
            self.principles,
            self.systems,
            self.thrive_like,
            self.ruleset,
            self.ruleset_version,
            self.locality,
            self.date,
            self.schema,
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._content() == other._content()

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash(self._content())

    def __repr__(self) -> str:
        return (
            f"Scorecard(items={self.items!r}, principles={self.principles!r}, "
            f"systems={self.systems!r}, thrive_like={self.thrive_like!r}, "
            f"ruleset={self.ruleset!r}, ruleset_version={self.ruleset_version!r}, "
            f"locality={self.locality!r}, date={self.date!r}, schema={self.schema!r})"
        )

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the content, never the lazy builder."""
        return {
            "_items": self.items,
            "_principles": self.principles,
            "_systems": self.systems,
            "thrive_like": self.thrive_like,
            "ruleset": self.ruleset,
            "ruleset_version": self.ruleset_version,
            "locality": self.locality,
            "date": self.date,
            "schema": self.schema,
            "_lazy": None,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    @property
    def complete(self) -> bool:
        """Whether every principle has a level."""
        return all(p.level is not None for p in self.principles)

    def __getitem__(self, item_id: str) -> ItemResult:
        place = _PLACE.get(item_id) if type(item_id) is str else None
        items = self._items
        if place is not None and place < len(items) and items[place][0] == item_id:
            return items[place]
        for result in items:
            if result.item == item_id:
                return result
        from ithrive.model import FRAMEWORK

        raise FRAMEWORK.unknown_item(item_id)

    def __iter__(self) -> Iterator[ItemResult]:
        return iter(self.items)

    def principle(self, principle_id: str) -> PrincipleResult:
        """Return the result of principle ``principle_id``."""
        for result in self.principles:
            if result.principle == principle_id:
                return result
        from ithrive.model import FRAMEWORK

        FRAMEWORK.principle(principle_id)  # raises with suggestions
        raise LookupError(principle_id)  # pragma: no cover - every principle has a result

    def system(self, system_id: str) -> SystemResult:
        """Return the summary of system level ``system_id``."""
        for result in self.systems:
            if result.system == system_id:
                return result
        from ithrive.model import FRAMEWORK

        FRAMEWORK.system(system_id)  # raises with suggestions
        raise LookupError(system_id)  # pragma: no cover - every system has a result

    def to_dict(self) -> dict[str, Any]:
        """The scorecard as a JSON-ready dict (the documented scorecard schema)."""
        from ithrive.scorecard.document import unstructure_scorecard

        return unstructure_scorecard(self)

    @classmethod
    def from_dict(cls, data: Any) -> Scorecard:
        """Rebuild a scorecard from :meth:`to_dict`'s output."""
        from ithrive.scorecard.document import structure_scorecard

        return structure_scorecard(data)

    def _repr_html_(self) -> str:
        """Jupyter's HTML view: :func:`ithrive.scorecard.report.render_scorecard_html`."""
        from ithrive.scorecard.report import render_scorecard_html

        return render_scorecard_html(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The scorecard as JSON text; the same scorecard always gives the same bytes."""
        import json

        if indent is not None:
            from ithrive.base.bounds import bounded_int
            from ithrive.limits import MAX_INDENT

            indent = bounded_int(indent, field="indent", low=0, high=MAX_INDENT)
        if indent is None:
            return json.dumps(self.to_dict(), ensure_ascii=False, allow_nan=False)
        from ithrive.base.jsontext import dumps

        return dumps(self.to_dict(), indent)
