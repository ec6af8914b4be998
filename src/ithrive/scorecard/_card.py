"""The scorecard: one locality's item results, with its principle and system summaries.

The scorecard's JSON document is written and read by :mod:`._document`,
and its notebook view drawn by :mod:`._tables`; both read the scorecard
through :class:`~ithrive.scorecard._results.CardView` and do not import it,
so the arrows point one way. The scorecard imports them when they are first
used (``to_dict``, ``from_dict``, ``_repr_html_``): scoring and reading
results need neither, and ``import ithrive.scorecard`` stays light (no
cattrs, no HTML escaping), as it was before the layout move.
:class:`Scorecard` is re-exported by :mod:`ithrive.scorecard`. Beside it
are how the layers above make and take scorecards without a public,
checked constructor on their hot paths: :func:`card_of` builds one from its
22 item results (scoring, and assessments read back from rows), and
:func:`scorecards` takes one scorecard or several as an argument (reports
and plots). This is the one internal module of a layer that other layers
import (``tests/test_layout.py`` says so).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

import attrs

from ithrive.errors import ReportError, wrong_argument
from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.scorecard._results import SCHEMA_VERSION, ItemResult, PrincipleResult, SystemResult
from ithrive.scorecard._summary import Summaries

__all__ = ["Scorecard", "card_of", "scorecards"]


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
        raise FRAMEWORK.unknown_item(item_id)

    def __iter__(self) -> Iterator[ItemResult]:
        return iter(self.items)

    def principle(self, principle_id: str) -> PrincipleResult:
        """Return the result of principle ``principle_id``."""
        for result in self.principles:
            if result.principle == principle_id:
                return result
        FRAMEWORK.principle(principle_id)  # raises with suggestions
        raise LookupError(principle_id)  # pragma: no cover - every principle has a result

    def system(self, system_id: str) -> SystemResult:
        """Return the summary of system level ``system_id``."""
        for result in self.systems:
            if result.system == system_id:
                return result
        FRAMEWORK.system(system_id)  # raises with suggestions
        raise LookupError(system_id)  # pragma: no cover - every system has a result

    def to_dict(self) -> dict[str, Any]:
        """The scorecard as a JSON-ready dict (the documented scorecard schema)."""
        from ithrive.scorecard._document import write_document  # imported when used

        return write_document(self)

    @classmethod
    def from_dict(cls, data: Any) -> Scorecard:
        """Rebuild a scorecard from :meth:`to_dict`'s output.

        The document is checked whole and every problem reported at once
        (:func:`ithrive.scorecard.document.structure_scorecard`).
        """
        from ithrive.scorecard._document import read_document  # imported when used

        return cls(**read_document(data))

    def _repr_html_(self) -> str:
        """Jupyter's HTML view: :func:`ithrive.scorecard.report.render_scorecard_html`."""
        from ithrive.scorecard._tables import notebook_html  # imported when used

        return notebook_html(self)

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


def card_of(
    items: tuple[ItemResult, ...],
    *,
    ruleset: str,
    ruleset_version: str,
    locality: str | None,
    date: str | None,
    schema: int = SCHEMA_VERSION,
) -> Scorecard:
    """The scorecard of 22 item results in source order, as scoring and rebuilding make it.

    The verdict follows from the items (every principle is THRIVE-like when
    every item is rated at level 3 or above); the principle and system
    results are worked out from the items' levels when first read
    (:class:`~ithrive.scorecard._summary.Summaries`). The items are not
    checked: the callers build them.
    """
    every = True
    for r in items:
        if r[1] is None or r[1] < THRIVE_LIKE_AT:
            every = False
            break
    return Scorecard(
        items=items,
        principles=None,
        systems=None,
        thrive_like=every,
        ruleset=ruleset,
        ruleset_version=ruleset_version,
        locality=locality,
        date=date,
        schema=schema,
        _lazy=Summaries(items),
    )


def scorecards(
    cards: Scorecard | Sequence[Scorecard], *, field: str = "cards", purpose: str = "report on"
) -> tuple[Scorecard, ...]:
    """One scorecard or several as a tuple; none, or anything else, is a ``ReportError``."""
    if isinstance(cards, Scorecard):
        return (cards,)
    if not isinstance(cards, Iterable) or isinstance(cards, (str, bytes)):
        raise wrong_argument(cards, "a Scorecard or a list of Scorecards", field)
    out = tuple(cards)
    if not out:
        raise ReportError(f"no scorecards to {purpose}", field=field, value=[])
    for card in out:
        if not isinstance(card, Scorecard):
            raise ReportError(
                f"expected a Scorecard, got {type(card).__name__}", field=field, value=card
            )
    return out
