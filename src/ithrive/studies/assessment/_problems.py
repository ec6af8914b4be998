"""How building assessments reports its problems: every one at once, each placed.

Making an assessment, rebuilding a collection from rows or scoring an
evidence table finds every problem it can before raising, so one run names
them all (:func:`~ithrive.errors.raise_problems` raises one as itself,
several as an :class:`~ithrive.errors.InvalidEvidenceError`). A problem of
a row of a file or table says which row; one found inside a group is placed
at its row.
"""

from __future__ import annotations

import copy
from typing import Any

from ithrive.errors import EvidenceError, InvalidEvidenceError

__all__ = ["bad_row", "placed", "problems_of"]


def bad_row(
    index: int, message: str, *, field: str | None = None, value: Any = None
) -> EvidenceError:
    """A problem of row ``index`` of a file or table (``invalid_row``)."""
    return EvidenceError(f"row {index}: {message}", code="invalid_row", field=field, value=value)


def problems_of(err: EvidenceError) -> tuple[EvidenceError, ...]:
    """The problems an error stands for: a group's members, or the error itself."""
    return err.errors if isinstance(err, InvalidEvidenceError) else (err,)


def placed(err: EvidenceError, where: str) -> EvidenceError:
    """A copy of ``err`` whose message starts with ``where`` (a row of a table)."""
    moved = copy.copy(err)
    moved.message = f"{where}: {err.message}"
    moved.args = (moved.message,)
    return moved
