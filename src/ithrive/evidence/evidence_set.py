"""An evidence set: the evidence for one assessment of one locality, per item.

:data:`Evidence` is any one piece, of one of the six kinds; an
:class:`EvidenceSet` maps item ids to one or more pieces, with the locality
and date the assessment is of. This is what :func:`ithrive.score` takes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeAlias, Union

import attrs

from ithrive.base._checks import check_text
from ithrive.errors import EvidenceError, raise_problems, wrong_type
from ithrive.evidence._checks import is_pairs
from ithrive.evidence.collaborate import CollaboRATE
from ithrive.evidence.count import Count
from ithrive.evidence.indicators import Indicators
from ithrive.evidence.proportion import Proportion
from ithrive.evidence.rating import Rating
from ithrive.evidence.survey import Survey
from ithrive.model import FRAMEWORK

__all__ = ["Evidence", "EvidenceSet"]

#: Any one piece of evidence.
Evidence: TypeAlias = Union[Rating, Proportion, Survey, Count, CollaboRATE, Indicators]  # noqa: UP007


def _to_evidence_map(value: object) -> object:
    """A mapping, or a sequence of ``(item_id, pieces)`` pairs, as a tuple of pairs.

    Anything of another shape is left for the validator to refuse.
    """
    if type(value) is dict:  # the usual form: every pair is an item id and its pieces
        return tuple(
            [
                (item_id, entry if type(entry) is tuple else _pieces(entry))
                for item_id, entry in value.items()
            ]
        )
    if isinstance(value, Mapping):
        pairs: list[object] = list(value.items())
    elif isinstance(value, (list, tuple)):
        pairs = list(value)
    else:
        return value
    out: list[object] = []
    for pair in pairs:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            return value
        item_id, entry = pair
        out.append((item_id, _pieces(entry)))
    return tuple(out)


def _pieces(entry: object) -> tuple[object, ...]:
    """An item's evidence as a tuple of pieces: a list or tuple of them, or one piece."""
    return tuple(entry) if isinstance(entry, (list, tuple)) else (entry,)


@attrs.frozen
class EvidenceSet:
    """The evidence for one assessment of one locality: per item, one or more pieces.

    ``evidence`` maps item ids to a piece of evidence or a list of pieces (an
    item with several measures, or a measure plus a panel rating); it is
    stored as a tuple of ``(item_id, pieces)`` pairs in the order given.

    >>> es = EvidenceSet(evidence={"micro.2": Proportion(numerator=18, denominator=30)},
    ...                  locality="Camden", date="2017-09")
    >>> es["micro.2"]
    (Proportion(numerator=18, denominator=30, percent=None, measure=None),)
    """

    evidence: tuple[tuple[str, tuple[Evidence, ...]], ...] = attrs.field(
        converter=_to_evidence_map, factory=tuple
    )
    locality: str | None = None
    date: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[EvidenceError] = []
        pairs = self.evidence
        if not is_pairs(pairs):
            problems.append(
                wrong_type(
                    pairs,
                    "a mapping of item ids to evidence, or (item id, pieces) pairs",
                    field="evidence",
                )
            )
        for name in ("locality", "date"):
            check_text(problems, name, getattr(self, name))
        raise_problems(problems)

    def __getitem__(self, item_id: str) -> tuple[Evidence, ...]:
        """The pieces given for ``item_id``.

        An item of the framework that was given no evidence raises
        ``KeyError``, as a mapping does; an id the framework does not have
        raises :class:`~ithrive.errors.UnknownItemError`, and anything but
        text a ``wrong_type`` error.
        """
        for key, pieces in self.evidence:
            if key == item_id:
                return pieces
        if not isinstance(item_id, str):
            raise wrong_type(item_id, "an item id", field="item_id")
        if item_id not in FRAMEWORK:
            raise FRAMEWORK.unknown_item(item_id)
        raise KeyError(item_id)

    def items(self) -> Iterator[tuple[str, tuple[Evidence, ...]]]:
        """Iterate ``(item_id, pieces)`` pairs in the order given."""
        return iter(self.evidence)

    def as_dict(self) -> dict[str, tuple[Evidence, ...]]:
        """The evidence as a new plain dict from item id to pieces."""
        return dict(self.evidence)
