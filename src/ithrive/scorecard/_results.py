"""The results of scoring: one item's decision record, a principle's and a system's summary.

These are the values a :class:`~ithrive.scorecard.Scorecard` is made of, kept
apart from the scorecard itself so that the summaries (:mod:`._summary`), the
JSON document (:mod:`._document`) and the scorecard can each import them
without importing one another. Re-exported by :mod:`ithrive.scorecard`.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from operator import itemgetter
from typing import Any, Protocol

import attrs

from ithrive.evidence import Evidence
from ithrive.model.level import THRIVE_LIKE_AT, Level, Status

__all__ = [
    "ITEM_RESULT_FIELDS",
    "SCHEMA_VERSION",
    "CardView",
    "ItemResult",
    "Notice",
    "PrincipleResult",
    "Renderer",
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

    __match_args__ = _FIELDS

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


class CardView(Protocol):
    """What a scorecard shows, read-only: what its JSON document and its tables are made from.

    A :class:`~ithrive.scorecard.Scorecard` is one. The modules below the
    scorecard (its document, its summaries, its HTML tables) read it through
    this, so that they need not import it and the scorecard can import them.
    """

    @property
    def schema(self) -> int: ...
    @property
    def ruleset(self) -> str: ...
    @property
    def ruleset_version(self) -> str: ...
    @property
    def locality(self) -> str | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def thrive_like(self) -> bool: ...
    @property
    def complete(self) -> bool: ...
    @property
    def items(self) -> tuple[ItemResult, ...]: ...
    @property
    def principles(self) -> tuple[PrincipleResult, ...]: ...
    @property
    def systems(self) -> tuple[SystemResult, ...]: ...
    def __iter__(self) -> Iterator[ItemResult]: ...
