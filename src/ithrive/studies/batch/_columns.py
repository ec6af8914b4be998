"""Reading a table's columns: each checked once, its gaps filled, its problems listed by row.

A column arrives as numpy values and the rows that are missing. One whose
given values are all valid (shown by its smallest and largest value) is
taken as it is, without a copy where its type allows; any other is checked
row by row so that every bad cell is named with its row and value, and a
column of Python objects is read cell by cell. The result is a
:class:`Column`; what is wrong goes to the table's :class:`Problems`, which
keeps the first few in full and raises them together.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import Any, Final

from ithrive.base._tabular import is_missing_cell
from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.studies.batch._convention import MAX_WHOLE
from ithrive.studies.batch._rows import as_mask, intersect, numpy, rowset

__all__ = ["Column", "Problems", "cell", "check", "objects", "prepare"]

_MAX_PROBLEMS: Final = 50


class Problems:
    """Problems found in a table: the first few in full, then a count."""

    def __init__(self) -> None:
        self.errors: list[EvidenceError] = []
        self.more = 0
        # each column's cells reported so far (a boolean array by column name)
        self.cells: dict[str, Any] = {}

    def add(
        self,
        mask: Any,
        *,
        item: str | None,
        column: str,
        code: str,
        message: Callable[[int], str],
        values: Any = None,
        piece: bool = False,
    ) -> None:
        """Report the rows in ``mask``.

        A cell is reported once, for its first problem; a problem of the whole
        piece (``piece``: fields given together that conflict) is reported
        whatever its cells were reported for, as ``score`` reports it first.
        """
        np = numpy()
        mask = np.asarray(mask, dtype=bool)
        seen = self.cells.get(column)
        if seen is not None and mask.ndim == 1 and not piece:
            mask = mask & ~seen
        rows = np.flatnonzero(mask)
        if not rows.size:
            return
        if mask.ndim == 1:
            self.cells[column] = mask.copy() if seen is None else seen | mask
        room = max(_MAX_PROBLEMS - len(self.errors), 0)
        for row in rows[:room]:
            r = int(row)
            value = None if values is None else cell(values[r])
            self.errors.append(
                EvidenceError(
                    f"row {r}: {message(r)}", code=code, item=item, field=column, value=value
                )
            )
        self.more += max(rows.size - room, 0)

    def rows(self, cols: Iterable[Column]) -> Any:
        """The rows with a problem reported in any of ``cols`` (a boolean array, or None)."""
        found = [self.cells[c.name] for c in cols if c.name in self.cells]
        return numpy().logical_or.reduce(found) if found else None

    @property
    def total(self) -> int:
        """Problems found so far, listed or only counted."""
        return len(self.errors) + self.more

    def raise_if_any(self) -> None:
        """Raise :class:`~ithrive.errors.InvalidEvidenceError` listing the problems, if any."""
        if not self.errors:
            return
        errors = list(self.errors)
        if self.more:
            errors.append(
                EvidenceError(
                    f"and {self.more} more problem{'s' if self.more > 1 else ''}",
                    code="more_problems",
                    value=self.more,
                )
            )
        raise InvalidEvidenceError(errors)


class Column:
    """One input column: the values (missing ones filled with 0), the rows that give one.

    ``given`` is a row set (``True``: every row); ``raw`` holds the values as
    given, for messages; ``lo`` and ``hi`` are the smallest and largest given
    value, when known (the fast path knows them; ``None`` sends the checks
    of this column's measure down the row-by-row path).

    A column with gaps may be given ``make`` instead of its values: they are
    then filled in when first used, and :meth:`release` lets them go again,
    so that the filled copies of a table's columns do not all live at once.
    """

    __slots__ = ("_values", "given", "hi", "lo", "make", "name", "raw")

    def __init__(  # noqa: PLR0917 - a record of the package
        self,
        name: str,
        values: Any,
        given: Any,
        raw: Any,
        lo: Any = None,
        hi: Any = None,
        make: Callable[[], Any] | None = None,
    ) -> None:
        self.name, self._values, self.given, self.raw = name, values, given, raw
        self.lo, self.hi, self.make = lo, hi, make

    @property
    def values(self) -> Any:
        """The values, missing ones filled with 0."""
        values = self._values
        if values is None:
            assert self.make is not None
            values = self._values = self.make()
        return values

    @property
    def pending(self) -> bool:
        """Whether the values are still to be made (a column with NaN gaps, not filled yet)."""
        return self._values is None

    def release(self) -> None:
        """Let the filled values go, when they can be made again."""
        if self.make is not None:
            self._values = None

    @property
    def present(self) -> Any:
        """Which rows give a value, as a boolean array."""
        values = self._values
        return as_mask(self.given, (self.raw if values is None else values).shape[0])

    def flagged(self, cells: Any) -> Column:
        """This column with ``cells`` (reported already) given, as the largest whole number."""
        if cells is None:
            return self
        np = numpy()
        values = np.where(cells, MAX_WHOLE, self.values).astype(self.values.dtype, copy=False)
        return Column(self.name, values, rowset(self.present | cells), self.raw)

    def without(self, rows: Any) -> Column:
        """This column with ``rows`` (a boolean array, or None: none) taken as not given."""
        if rows is None:
            return self
        np = numpy()
        values = np.where(rows, 0, self.values).astype(self.values.dtype, copy=False)
        return Column(self.name, values, rowset(self.present & ~rows), self.raw)


def _absent(n: int, integer: bool, name: str = "") -> Column:
    """A column no row gives, of zeros."""
    np = numpy()
    dtype = np.int64 if integer else np.float64
    return Column(name, np.zeros(n, dtype=dtype), False, np.zeros(n, dtype=dtype))


def prepare(  # noqa: PLR0917 - a helper called in one place
    name: str,
    item: str,
    raw: Any,
    missing: Any,
    integer: bool,
    problems: Problems,
    edges: tuple[Fraction, ...] = (),
) -> Column:
    """Check one numeric column and fill its missing values, so arithmetic is defined.

    ``missing`` is a boolean array, or ``None`` when no value is missing (NaN
    in a float column is missing either way). A column whose given values
    are all valid is converted once, with a few reductions and no per-row
    mask (:func:`_fast_column`); any other goes through the row-by-row
    checks, which name every bad row (:func:`_checked_column`).
    """
    np = numpy()
    raw = np.asarray(raw)
    if raw.dtype.kind == "O":
        return _object_column(name, item, raw, missing, integer, problems, edges)
    if raw.shape[0] and raw.dtype.kind in "iuf":
        col = _fast_column(name, raw, missing, integer)
        if col is not None:
            return col
    if missing is None:
        missing = np.zeros(raw.shape[0], dtype=bool)
    return _checked_column(name, item, raw, missing, integer, problems)


def cell(value: Any) -> Any:
    """A cell as a plain Python value, for messages (numpy scalars unwrapped)."""
    return value.item() if isinstance(value, numpy().generic) else value


def objects(values: list[Any]) -> Any:
    """Python values as a one-dimensional numpy object array (nothing nested is unpacked)."""
    np = numpy()
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _is_number(value: Any) -> bool:
    """Whether a cell is a number (a boolean is not)."""
    np = numpy()
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def _is_gap(value: Any) -> bool:
    """Whether a cell is missing."""
    return value is None or is_missing_cell(value)


def _exact_cells(raw: Any, integer: bool, edges: tuple[Fraction, ...]) -> tuple[Any, Any]:
    """``raw`` with exact numbers (``Fraction``, ``Decimal``) as ints or floats; the rows refused.

    A whole value becomes an ``int``. Another becomes its float only when the
    float lies on the same side of every edge of the measure as the exact
    value (always, unless the value is within a float's precision of an
    edge, or on an edge no float can hold): the level is then the one the
    scalar engine gives. Those few are refused (second array), so a result
    is never decided on a rounded value.
    """
    np = numpy()
    out = raw.copy()
    refused = np.zeros(raw.shape[0], dtype=bool)
    for r, value in enumerate(raw):
        if not isinstance(value, (Fraction, decimal.Decimal)):
            continue
        try:
            exact = Fraction(value)
        except (ValueError, OverflowError):  # a Decimal NaN or infinity
            continue
        if exact.denominator == 1:
            out[r] = int(exact)
            continue
        if integer:
            continue  # not a whole number: refused as one
        try:
            near = float(exact)
        except OverflowError:
            continue
        got = Fraction(near)
        if all((got < e) == (exact < e) and (got == e) == (exact == e) for e in edges):
            out[r] = near
        else:
            refused[r] = True
    return out, refused


def _object_column(  # noqa: PLR0917 - a helper called in one place
    name: str,
    item: str,
    raw: Any,
    missing: Any,
    integer: bool,
    problems: Problems,
    edges: tuple[Fraction, ...] = (),
) -> Column:
    """A column of Python objects (pandas ``object``, text, booleans...), cell by cell.

    Numbers (not booleans) are scored as a numeric column would be, exact
    fractions and decimals included (see :func:`_exact_cells`); any other
    cell is reported with its row and value. ``None`` and NaN are missing.
    """
    np = numpy()
    given_raw = raw
    raw, refused = _exact_cells(raw, integer, edges)
    if refused.any():
        problems.add(
            refused,
            item=item,
            column=name,
            code="wrong_type",
            message=lambda r: (
                f"the exact value {given_raw[r]} lies too close to a band or gate edge "
                "for batch scoring to place it without rounding; score this row with "
                "ithrive.score"
            ),
            values=given_raw,
        )
        return _absent(raw.shape[0], integer, name)
    n = raw.shape[0]
    gaps = np.frompyfunc(_is_gap, 1, 1)(raw).astype(bool) if n else np.zeros(0, dtype=bool)
    if missing is not None:
        gaps |= np.asarray(missing, dtype=bool)
    numbers = np.frompyfunc(_is_number, 1, 1)(raw).astype(bool) if n else gaps
    wrong = ~gaps & ~numbers
    if wrong.any():
        problems.add(
            wrong,
            item=item,
            column=name,
            code="wrong_type",
            message=lambda r: f"expected a number, got {type(raw[r]).__name__} {cell(raw[r])!r}",
            values=raw,
        )
        return _absent(n, integer, name)
    given = raw[~gaps]
    whole = all(isinstance(v, (int, np.integer)) for v in given)
    # a whole number beyond float64 or int64 is far out of every range; clamped, it is
    # still refused, and the messages show it as given (``col.raw``)
    limit = 2**62
    if integer:
        huge = ~gaps & np.frompyfunc(lambda v: abs(v) > MAX_WHOLE, 1, 1)(
            np.where(gaps, 0, raw)
        ).astype(bool)
        problems.add(
            huge,
            item=item,
            column=name,
            code="too_large",
            message=lambda r: (
                f"{cell(raw[r])!r} is of magnitude above {MAX_WHOLE}, the largest whole "
                "number batch scoring takes"
            ),
            values=raw,
        )
        gaps = gaps | huge
    clamp = [
        0 if gap else max(min(v, limit), -limit) if isinstance(v, (int, np.integer)) else v
        for v, gap in zip(raw, gaps, strict=True)
    ]
    numeric = np.asarray(clamp, dtype=np.int64 if whole else np.float64)
    col = prepare(name, item, numeric, gaps, integer, problems)
    col.raw = given_raw
    return col


def _fast_column(name: str, raw: Any, missing: Any, integer: bool) -> Column | None:
    """The column, when its range shows every given value is valid; else ``None``.

    Two reductions (the smallest and largest given value) instead of a mask
    per check; NaN gaps are skipped by ``fmin``/``fmax`` and filled with 0 by
    ``fmax`` when no value is negative, so a column is converted once, with
    no copy when it has no gaps and is already int64 or float64.
    """
    np = numpy()
    n = raw.shape[0]
    real = raw.dtype.kind == "f"
    given = True if missing is None else rowset(~np.asarray(missing, dtype=bool))
    low: Any = None
    high: Any = None
    if given is True:
        missing = None  # any gap left is a NaN
        low = raw.min()  # NaN if any value is NaN: only then find them
        if real and math.isnan(low):
            given = rowset(~np.isnan(raw))
        else:
            high = raw.max()
    elif real and given is not False:
        given = intersect(given, ~np.isnan(raw))
    if given is False:
        return _absent(n, integer, name)
    if high is None:
        if missing is None:  # the gaps are NaN
            low, high = np.fmin.reduce(raw), np.fmax.reduce(raw)
        else:
            info = np.finfo(raw.dtype) if real else np.iinfo(raw.dtype)
            low = np.min(raw, where=given, initial=info.max)
            high = np.max(raw, where=given, initial=info.min)
    if real:
        if not (math.isfinite(low) and math.isfinite(high)):
            return None
        if given is not True and missing is None:
            # NaN gaps: filled when used (see Column.release), checked on the raw values
            # (a NaN is never below its floor, as the 0 filled in is not).
            if integer and (low < -MAX_WHOLE or high > MAX_WHOLE):
                return None
            if integer and bool((np.floor(raw) < raw).any()):
                return None
            dtype = np.int64 if integer else np.float64
            positive = low >= 0
            rows = given

            def make() -> Any:
                filled = np.fmax(raw, 0.0) if positive else np.where(rows, raw, 0.0)
                return filled.astype(dtype, copy=False)

            if integer:
                return Column(name, None, given, raw, int(low), int(high), make)
            return Column(name, None, given, raw, float(low), float(high), make)
        values = raw if given is True else np.where(given, raw, 0.0)
    else:
        values = raw if given is True else np.where(given, raw, 0)
    if not integer:
        return Column(
            name, values.astype(np.float64, copy=False), given, raw, float(low), float(high)
        )
    if low < -MAX_WHOLE or high > MAX_WHOLE:
        return None
    if real and bool((np.floor(values) < values).any()):
        return None
    return Column(name, values.astype(np.int64, copy=False), given, raw, int(low), int(high))


def _checked_column(  # noqa: PLR0917 - a helper called in one place
    name: str, item: str, raw: Any, missing: Any, integer: bool, problems: Problems
) -> Column:
    """:func:`prepare` row by row: every bad value is reported with its row."""
    np = numpy()
    missing = np.asarray(missing, dtype=bool)
    if raw.dtype.kind == "f":
        missing = missing | np.isnan(raw)
    present = ~missing
    if raw.dtype.kind == "b" or raw.dtype.kind not in "iuf":
        problems.add(
            present,
            item=item,
            column=name,
            code="wrong_type",
            message=lambda r: (
                f"expected a number, got {cell(raw[r])!r} (the column holds {raw.dtype})"
            ),
            values=raw,
        )
        return _absent(raw.shape[0], integer)
    if integer:
        if raw.dtype.kind == "f":
            finite = np.isfinite(raw)
            whole = finite & (np.floor(np.where(finite, raw, 0)) == np.where(finite, raw, 0))
            bad = present & ~whole
            problems.add(
                bad,
                item=item,
                column=name,
                code="wrong_type",
                message=lambda r: f"expected a whole number, got {raw[r].item()!r}",
                values=raw,
            )
            present_ok = present & ~bad
            big = present_ok & (np.abs(np.where(present_ok, raw, 0)) > MAX_WHOLE)
        elif raw.dtype.kind == "u":
            big = present & (raw > MAX_WHOLE)
            bad = np.zeros_like(present)
        else:
            big = present & (np.abs(raw) > MAX_WHOLE)
            bad = np.zeros_like(present)
        problems.add(
            big,
            item=item,
            column=name,
            code="too_large",
            message=lambda r: (
                f"{raw[r].item()!r} is of magnitude above {MAX_WHOLE}, the largest whole "
                "number batch scoring takes"
            ),
            values=raw,
        )
        usable = present & ~bad & ~big
        values = np.where(usable, raw, 0).astype(np.int64)
        return Column(name, values, rowset(present), raw)
    values = raw.astype(np.float64)
    infinite = present & ~np.isfinite(values)
    problems.add(
        infinite,
        item=item,
        column=name,
        code="not_finite",
        message=lambda r: f"{values[r].item()!r} is not a finite number",
        values=values,
    )
    return Column(name, np.where(present & ~infinite, values, 0.0), rowset(present), raw)


def check(  # noqa: PLR0917 - a helper called everywhere alike
    problems: Problems,
    mask: Any,
    col: Column,
    item: str,
    code: str,
    text: Callable[[Any], str],
    *,
    piece: bool = False,
) -> None:
    """Report the rows of ``col`` in ``mask``: ``text`` says what is wrong with a cell's value."""
    problems.add(
        mask,
        item=item,
        column=col.name,
        code=code,
        message=lambda r: text(cell(col.raw[r])),
        values=col.raw,
        piece=piece,
    )
