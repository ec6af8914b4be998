"""JSON forms of scorecards: the documented document, written and read back.

A scorecard document read back is checked whole, and every problem is
reported at once, each naming its item or place, its field and its value:
its shape and types (as the published
:func:`~ithrive.outputs.schema.scorecard_schema` describes them), its
evidence (structured as evidence is everywhere,
:mod:`ithrive.evidence.reading`), and its principles, systems and verdict,
which must be what its item levels give.

>>> import ithrive
>>> card = ithrive.score({"micro.2": {"kind": "rating", "level": 3}})
>>> doc = unstructure_scorecard(card)
>>> structure_scorecard(doc) == card
True
>>> doc["locality"], doc["items"]["micro.2"]["level"] = 3, "3"
>>> structure_scorecard(doc)
Traceback (most recent call last):
...
ithrive.errors.InvalidEvidenceError: 2 problems in the scorecard document:
  - locality: expected string or null, got int [invalid_scorecard]
  - micro.2 level: expected one of [1, 2, 3, 4, None], got '3' [invalid_scorecard]
"""

from __future__ import annotations

from typing import Any

from ithrive.errors import expect
from ithrive.scorecard._card import Scorecard
from ithrive.scorecard._document import write_document

__all__ = ["structure_scorecard", "unstructure_scorecard"]


def unstructure_scorecard(card: Scorecard) -> dict[str, Any]:
    """The scorecard as a JSON-ready dict in the documented schema.

    Anything but a :class:`~ithrive.scorecard.Scorecard` is refused
    (``wrong_type``, field ``card``).
    """
    return write_document(expect(card, Scorecard, field="card", expected="a Scorecard"))


def structure_scorecard(data: Any) -> Scorecard:
    """Rebuild a :class:`~ithrive.scorecard.Scorecard` from its JSON-ready dict.

    Derived fields (``thrive_like`` of items, ``complete``) are recomputed.
    A document of another schema version, or of the wrong shape, raises
    :class:`~ithrive.errors.EvidenceError` with code ``invalid_scorecard``;
    when it has several problems, an
    :class:`~ithrive.errors.InvalidEvidenceError` lists every one.
    """
    return Scorecard.from_dict(data)
