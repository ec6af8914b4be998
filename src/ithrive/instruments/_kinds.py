"""The three instrument kinds as one type, and the check that a value is one of them.

:data:`Instrument` is what a function taking "an instrument" accepts (a
checklist, the approach or a standards instrument); :func:`check_instrument`
turns anything else into a ``wrong_type`` error. It sits just above the
record classes, so readers of responses and the loader can share it.
"""

from __future__ import annotations

from typing import cast

from ithrive.errors import expect
from ithrive.instruments.approach import Approach
from ithrive.instruments.checklist import Checklist
from ithrive.instruments.standards import Standards

__all__ = ["Instrument", "check_instrument"]

#: Any of the three instrument classes.
Instrument = Checklist | Approach | Standards


def check_instrument(instrument: object) -> Instrument | None:
    """``instrument`` if it is one (or ``None``); anything else is a ``wrong_type`` error."""
    if instrument is None:
        return None
    expected = "a Checklist, Approach or Standards, or None"
    kinds = (Checklist, Approach, Standards)
    return cast("Instrument", expect(instrument, kinds, field="instrument", expected=expected))
