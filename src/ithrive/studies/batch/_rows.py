"""Row sets: which rows of a table something holds for, without a mask when it is all or none.

A row set is ``True`` (every row), ``False`` (no row) or a boolean numpy
array (some rows). A column with no gaps, or a band edge every value
passes, stays a scalar: it costs no mask and no pass over the rows, which
is much of why batch scoring is fast on real tables. numpy itself is
imported here, when batch scoring first needs it (the ``frames`` extra).
"""

from __future__ import annotations

from typing import Any

from ithrive.base._extras import require

__all__ = ["as_mask", "complement", "intersect", "numpy", "rowset", "union"]


def numpy() -> Any:
    """The numpy module, imported on first use (it comes with the ``frames`` extra)."""
    return require("numpy", "frames", "Batch scoring")


def rowset(mask: Any) -> Any:
    """A boolean array as a row set: ``True`` or ``False`` when it is all one value."""
    if mask.all():
        return True
    if not mask.any():
        return False
    return mask


def intersect(a: Any, b: Any) -> Any:
    """The rows in both row sets."""
    if a is False or b is False:
        return False
    if a is True:
        return b
    if b is True:
        return a
    return rowset(a & b)


def union(*sets: Any) -> Any:
    """The rows in any of the row sets."""
    arrays = []
    for s in sets:
        if s is True:
            return True
        if s is not False:
            arrays.append(s)
    if not arrays:
        return False
    if len(arrays) == 1:
        return arrays[0]
    return rowset(numpy().logical_or.reduce(arrays))


def complement(a: Any) -> Any:
    """The rows not in the row set."""
    if a is True:
        return False
    if a is False:
        return True
    return ~a


def as_mask(a: Any, n: int) -> Any:
    """A row set as a boolean array of ``n`` rows."""
    np = numpy()
    if a is True:
        return np.ones(n, dtype=bool)
    if a is False:
        return np.zeros(n, dtype=bool)
    return a
