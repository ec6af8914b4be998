"""Long-format rows on disk and in frames: JSON Lines, CSV, Parquet and DataFrames.

Each writer takes the rows of :meth:`~ithrive.studies.assessment.AssessmentCollection.to_rows`;
each reader gives rows back for
:meth:`~ithrive.studies.assessment.AssessmentCollection.from_rows`, with the JSON
columns parsed and empty cells read as missing. A file or frame that lacks
a stored column is refused before any row is read (``missing_column``), and
a cell that is not what its column holds names its row (``invalid_row``).
A file that cannot be opened, is not UTF-8 text (or not Parquet), is
``unreadable``; a path no file can be written to (a missing folder, a
folder, a NUL character) is ``unwritable``; a file opened in binary mode
is refused (``wrong_type``) where rows must be text (CSV, and every
writer); JSON Lines can be read from bytes. A CSV cell holds at most
:data:`~ithrive.limits.MAX_CSV_CELL` characters: the writer refuses a
longer one (``too_large``) before writing anything, and the reader reads
every cell up to that length, so what :func:`write_csv` writes
:func:`read_csv` reads back.
Parquet needs the ``parquet`` extra, frames the ``frames`` extra.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ithrive._messages import short_repr
from ithrive.base._extras import eager_frame, require
from ithrive.base._tabular import is_missing_cell, typed_frame
from ithrive.base._unwritable import reason_of, unwritable
from ithrive.errors import EvidenceError, InputError, wrong_type
from ithrive.limits import MAX_CSV_CELL
from ithrive.studies.assessment._columns import (
    COLUMN_TYPES,
    COLUMNS,
    DERIVED_COLUMNS,
    FLOAT_COLUMNS,
    INTEGER_COLUMNS,
    JSON_COLUMNS,
    NULLABLE_TEXT,
    STORED_COLUMNS,
    check_columns,
    current_row,
)
from ithrive.studies.assessment._problems import bad_row

__all__ = [
    "PathOrFile",
    "frame_rows",
    "read_csv",
    "read_jsonl",
    "read_parquet",
    "rows_frame",
    "write_csv",
    "write_jsonl",
    "write_parquet",
]

#: Where rows are written to or read from: a path, or a text file already open.
PathOrFile = str | os.PathLike[str] | IO[str]


def _path_or_file(value: object, field: str, method: str, *, text: bool = True) -> object:
    """``value`` if it is a path or a file with ``method`` (``read``, ``write``), else an
    error; with ``text``, a file opened in binary mode is an error too."""
    binary = isinstance(value, (io.RawIOBase, io.BufferedIOBase)) or "b" in str(
        getattr(value, "mode", "")
    )
    if isinstance(value, (str, os.PathLike)) or (hasattr(value, method) and not (text and binary)):
        return value
    doing = "reading" if method == "read" else "writing"
    kind = "a text file" if text else "a file"
    raise wrong_type(value, f"a file path or {kind} open for {doing}", field=field)


def _open(target: PathOrFile, mode: str, field: str, *, text: bool = True) -> tuple[IO[str], bool]:
    _path_or_file(target, field, "write" if "w" in mode else "read", text=text)
    if isinstance(target, (str, os.PathLike)):
        try:
            return open(target, mode, encoding="utf-8", newline=""), True
        except (OSError, ValueError) as err:  # ValueError: a NUL character in the path
            if "r" not in mode:
                raise unwritable(target, reason_of(err), field=field) from None
            raise _unreadable(target, err) from None
    return target, False


def _unreadable(source: PathOrFile, err: Exception) -> InputError:
    """The error for a source that cannot be opened or is not UTF-8 text (``unreadable``)."""
    reason = "not UTF-8 text" if isinstance(err, UnicodeDecodeError) else reason_of(err)
    path = source if isinstance(source, (str, os.PathLike)) else getattr(source, "name", None)
    name = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else None
    return InputError(
        f"cannot read {short_repr(name) if name is not None else 'the file'}: {reason}",
        code="unreadable",
        field="source",
        value=name,
    )


def _flat(row: Mapping[str, Any]) -> dict[str, Any]:
    """A long row with its JSON columns as JSON text (for CSV, Parquet and frames)."""
    out = dict(row)
    for column in JSON_COLUMNS:
        out[column] = json.dumps(row[column], ensure_ascii=False, separators=(",", ":"))
    return out


def _unflat(index: int, row: Mapping[str, Any]) -> dict[str, Any]:
    """Undo :func:`flat_row` for a row read from CSV, Parquet or a frame."""
    row = current_row(row)
    out: dict[str, Any] = {c: row.get(c) for c in STORED_COLUMNS}
    out.update({c: row[c] for c in DERIVED_COLUMNS if c in row})  # checked against the stored ones
    for column in JSON_COLUMNS:
        text = out[column]
        try:
            out[column] = json.loads(text) if isinstance(text, str) else text
        except json.JSONDecodeError as err:
            raise bad_row(index, f"{column} is not JSON: {err}", field=column) from None
    for column in ("level", "value", *NULLABLE_TEXT):
        if column in out and is_missing_cell(out[column]):
            out[column] = None
    if is_missing_cell(out["notes"]):  # an empty cell, as pandas and polars read a CSV: no notes
        out["notes"] = ""
    for column in ("level", "schema"):
        value = out[column]
        if isinstance(value, float) and value.is_integer():
            out[column] = int(value)
        elif hasattr(value, "item") and not isinstance(value, (str, bytes)):
            out[column] = value.item()  # a numpy scalar
    if hasattr(out["value"], "item"):
        out["value"] = out["value"].item()
    return out


def _csv_cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _csv_value(index: int, column: str, text: str) -> Any:
    if column in ("level", "schema"):
        if text == "":
            return None
        try:
            return int(text)
        except ValueError:
            raise bad_row(index, f"{column} {text!r} is not a whole number", field=column) from None
    if column == "value":
        if text == "":
            return None
        try:
            return float(text)
        except ValueError:
            raise bad_row(index, f"value {text!r} is not a number", field=column) from None
    if column == "thrive_like":
        return {"true": True, "false": False}.get(text)
    if column in INTEGER_COLUMNS or column in FLOAT_COLUMNS:  # derived: not read back
        return text or None
    if column in NULLABLE_TEXT and text == "":
        return None
    return text


def write_jsonl(rows: Iterable[Mapping[str, Any]], target: PathOrFile) -> None:
    """Write ``rows`` as JSON Lines (one JSON object per line) to a path or text file."""
    handle, close = _open(target, "w", "target")
    try:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n")
    finally:
        if close:
            handle.close()


def read_jsonl(source: PathOrFile) -> list[Any]:
    """The rows of a JSON Lines path or text file (blank lines skipped)."""
    handle, close = _open(source, "r", "source", text=False)  # json reads bytes lines too
    rows = []
    try:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise EvidenceError(
                    f"line {number} is not JSON: {err}", code="invalid_row", value=line
                ) from None
    except UnicodeDecodeError as err:
        raise _unreadable(source, err) from None
    finally:
        if close:
            handle.close()
    return rows


def write_csv(rows: Iterable[Mapping[str, Any]], target: PathOrFile) -> None:
    """Write ``rows`` as CSV, with a header of :data:`COLUMNS`, to a path or text file.

    A cell longer than :data:`~ithrive.limits.MAX_CSV_CELL` characters, which
    :func:`read_csv` would not read back, is refused (``too_large``) before
    anything is written.
    """
    _path_or_file(target, "target", "write")
    lines = [_csv_line(index, row) for index, row in enumerate(rows)]
    handle, close = _open(target, "w", "target")
    try:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(lines)
    finally:
        if close:
            handle.close()


def _csv_line(index: int, row: Mapping[str, Any]) -> list[str]:
    """The cells of one CSV line; a cell the reader could not read back is ``too_large``."""
    flat = _flat(row)
    cells = [_csv_cell(c, flat[c]) for c in COLUMNS]
    for column, cell in zip(COLUMNS, cells, strict=True):
        if len(cell) > MAX_CSV_CELL:
            raise EvidenceError(
                f"row {index}: a cell of {len(cell)} characters is longer than a CSV cell "
                f"may be ({MAX_CSV_CELL}); save as JSON Lines or Parquet instead",
                code="too_large",
                item=row.get("id") if isinstance(row.get("id"), str) else None,
                field=column,
                value=cell[:40] + "...",
            )
    return cells


class _FieldLimit:
    """Python's ``csv`` field limit, widened to :data:`~ithrive.limits.MAX_CSV_CELL` while
    :func:`read_csv` reads.

    The ``csv`` module has one limit for the whole process (131 072 characters
    by default) and no per-reader setting, while a cell :func:`write_csv`
    writes within the documented limits can be longer (20 pieces of evidence
    with 10 000-character notes). Raising the limit for good would change it
    for every other CSV reader in the process, so it is widened only while at
    least one of our readers runs and put back when the last one finishes.
    A lock and a count keep overlapping readers in several threads from
    putting it back under one another's feet; it is never lowered below what
    it was (a caller's wider limit stays), and it is not put back if other
    code changed it meanwhile (their setting wins). Other threads' CSV readers
    running at the same moment see the wider limit for that time: harmless,
    since it only lets them read longer cells.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._readers = 0
        self._saved = 0
        self._set = 0

    @contextlib.contextmanager
    def wide(self) -> Iterator[None]:
        with self._lock:
            if self._readers == 0:
                self._saved = csv.field_size_limit()
                self._set = max(self._saved, MAX_CSV_CELL)
                csv.field_size_limit(self._set)
            self._readers += 1
        try:
            yield
        finally:
            with self._lock:
                self._readers -= 1
                if self._readers == 0 and csv.field_size_limit() == self._set:
                    csv.field_size_limit(self._saved)


_FIELD_LIMIT = _FieldLimit()


def read_csv(source: PathOrFile) -> list[dict[str, Any]]:
    """The rows of a CSV path or text file written by :func:`write_csv`."""
    handle, close = _open(source, "r", "source")
    try:
        with _FIELD_LIMIT.wide():
            return _csv_rows(source, handle)
    finally:
        if close:
            handle.close()


def _csv_rows(source: PathOrFile, handle: IO[str]) -> list[dict[str, Any]]:
    """The rows of an open CSV file; the field limit is already wide enough."""
    reader = csv.DictReader(handle)
    try:
        rows = []
        if reader.fieldnames is not None:  # an empty file holds no assessment
            check_columns(reader.fieldnames, "CSV file")
        for index, raw in enumerate(reader):
            if None in raw or None in raw.values():  # a cell too many, or too few
                raise bad_row(
                    index,
                    f"has {'more' if None in raw else 'fewer'} cells than the header",
                    field="row",
                    value=index,
                )
            typed = {c: _csv_value(index, c, raw.get(c) or "") for c in raw if c is not None}
            rows.append(_unflat(index, typed))
    except UnicodeDecodeError as err:
        raise _unreadable(source, err) from None
    except csv.Error as err:  # a cell longer than the csv module's limit
        name = _unreadable(source, err).value
        raise InputError(
            f"cannot read {short_repr(name) if name is not None else 'the file'}: line "
            f"{reader.line_num + 1}: {err}",
            code="too_large" if "limit" in str(err) else "unreadable",
            field="source",
            value=name,
        ) from None
    return rows


def _arrow_table(rows: Iterable[Mapping[str, Any]]) -> Any:
    pa = require("pyarrow", "parquet", "Saving assessments to Parquet")
    flat = [_flat(r) for r in rows]
    arrow = {
        "level": pa.int8(),
        "int32": pa.int32(),
        "integer": pa.int64(),
        "float": pa.float64(),
        "boolean": pa.bool_(),
        "string": pa.string(),
    }
    schema = pa.schema([(c, arrow[COLUMN_TYPES.get(c, "string")]) for c in COLUMNS])
    return pa.table({c: [r[c] for r in flat] for c in COLUMNS}, schema=schema)


def write_parquet(rows: Iterable[Mapping[str, Any]], target: str | os.PathLike[str]) -> None:
    """Write ``rows`` to a Parquet file (needs the ``parquet`` extra)."""
    pq = require("pyarrow.parquet", "parquet", "Saving assessments to Parquet")
    _path_or_file(target, "target", "write", text=False)
    table = _arrow_table(rows)
    if isinstance(target, (str, os.PathLike)):
        try:  # made here, so that a bad path fails as open() says, before pyarrow sees it
            with open(target, "wb"):
                pass
        except (OSError, ValueError) as err:  # ValueError: a NUL character in the path
            raise unwritable(target, reason_of(err), field="target") from None
        try:
            pq.write_table(table, target)
        except (OSError, ValueError) as err:  # pyarrow's errors are OSError or ValueError
            raise unwritable(target, reason_of(err), field="target") from None
    else:
        pq.write_table(table, target)


def read_parquet(source: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The rows of a Parquet file written by :func:`write_parquet` (``parquet`` extra)."""
    pq = require("pyarrow.parquet", "parquet", "Reading assessments from Parquet")
    _path_or_file(source, "source", "read", text=False)
    try:
        table = pq.read_table(source)
    except (OSError, ValueError) as err:  # pyarrow's: no such file, a folder, not Parquet, NUL
        raise _unreadable(source, err) from None
    check_columns(table.column_names, "Parquet file")
    rows = table.to_pylist()
    return (_unflat(i, r) for i, r in enumerate(rows))


def rows_frame(rows: Iterable[Mapping[str, Any]], backend: str) -> Any:
    """``rows`` as a DataFrame of ``backend`` (``frames`` extra), JSON columns as JSON text."""
    flat = [_flat(r) for r in rows]
    data = {c: [r[c] for r in flat] for c in COLUMNS}
    return typed_frame(data, COLUMN_TYPES, backend, "Turning assessments into a DataFrame")


def frame_rows(frame: Any) -> Iterator[dict[str, Any]]:
    """The rows of a pandas, polars or pyarrow DataFrame in long format."""
    df = eager_frame(frame, "Reading assessments from a DataFrame")
    check_columns(df.columns, "frame")
    present = [c for c in COLUMNS if c in df.columns] + (["item"] if "item" in df.columns else [])
    rows = df.select(present).rows(named=True)
    return (_unflat(i, r) for i, r in enumerate(rows))
