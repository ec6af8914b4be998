"""Raw records, read: one value per record, from a plain iterable or a DataFrame column.

The raw-record builders of :mod:`ithrive.evidence.measures` take records as
Python sequences or, with the ``frames`` extra (narwhals), as columns of a
pandas, polars or other DataFrame. This module reads either, bounded by
:data:`~ithrive.limits.MAX_RECORDS`, tells a missing value from a present
one, and checks true/false records, reporting every problem with its
position.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence, Sized
from decimal import Decimal
from typing import Any

from ithrive._messages import as_text, short_repr
from ithrive.base._extras import require
from ithrive.base._hints import suggest, suggestion_text
from ithrive.errors import EvidenceError, raise_problems
from ithrive.limits import MAX_RECORDS

__all__ = ["booleans", "bounded", "frame_columns", "is_frame_like", "is_missing", "read_records"]

_FRAME_LIBRARIES = frozenset(
    {"pandas", "polars", "pyarrow", "modin", "cudf", "dask", "duckdb", "ibis", "narwhals"}
)


def is_frame_like(data: object) -> bool:
    """Whether ``data`` comes from a DataFrame library (judged by its module, importing nothing)."""
    return type(data).__module__.partition(".")[0] in _FRAME_LIBRARIES


def _narwhals(purpose: str) -> Any:
    return require("narwhals", "frames", purpose)


def frame_columns(
    data: object, columns: Sequence[str] | None, purpose: str, *, parameter: str = "column"
) -> list[list[Any]]:
    """The values of ``columns`` of a frame (or of a series), nulls as ``None``.

    ``parameter`` is the caller's keyword naming the columns, for the error
    raised when a DataFrame comes without it.
    """
    nw = _narwhals(purpose)
    try:
        native = nw.from_native(data, allow_series=True)
    except TypeError as err:
        raise EvidenceError(
            f"expected a DataFrame or a Series, got {type(data).__name__}",
            code="wrong_type",
            value=type(data).__name__,
        ) from err
    if isinstance(native, nw.LazyFrame):
        native = native.collect()
    if isinstance(native, nw.Series):
        if columns is not None and len(columns) > 1:
            raise EvidenceError(
                f"a single column was given, but {len(columns)} columns are needed",
                code="wrong_shape",
                field="columns",
                value=list(columns),
            )
        series = [native]
    else:
        if columns is None:
            raise EvidenceError(
                f"a DataFrame was given; name the column(s) to read with {parameter!r}",
                code="missing_field",
                field=parameter,
                value=None,
            )
        known = list(native.columns)
        problems = []
        for name in columns:
            if name not in known:
                problems.append(
                    EvidenceError(
                        f"no such column{suggestion_text(suggest(as_text(name), known))} "
                        f"(columns: {', '.join(map(str, known))})",
                        code="unknown_column",
                        field="column",
                        value=name,
                    )
                )
        raise_problems(problems)
        series = [native.get_column(name) for name in columns]
    out = []
    for s in series:
        values = s.to_list()
        nulls = s.is_null().to_list()
        out.append([None if null else v for v, null in zip(values, nulls, strict=True)])
    return out


def bounded(values: Iterable[Any], field: str) -> list[Any]:
    """``values`` as a list, refused (``too_large``) beyond :data:`~ithrive.limits.MAX_RECORDS`.

    An iterator is read no further than one value past the limit.
    """
    if isinstance(values, Sized) and len(values) > MAX_RECORDS:
        message, count = f"{len(values)} {field} is more than", len(values)
    else:
        out = list(itertools.islice(values, MAX_RECORDS + 1))
        if len(out) <= MAX_RECORDS:
            return out
        message, count = f"more {field} than", None
    raise EvidenceError(
        f"{message} the limit {MAX_RECORDS}", code="too_large", field=field, value=count
    )


def read_records(data: object, column: str | None, purpose: str, field: str) -> list[Any]:
    """One value per record, from a plain iterable or from a frame's column."""
    if is_frame_like(data):
        column_values = frame_columns(data, None if column is None else (column,), purpose)[0]
        return bounded(column_values, field)
    if column is not None:
        raise EvidenceError(
            f"'column' applies only to a DataFrame; got {type(data).__name__}",
            code="unexpected_field",
            field="column",
            value=column,
        )
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise EvidenceError(
            f"expected records (a list, or a DataFrame column), got {type(data).__name__}",
            code="wrong_type",
            value=type(data).__name__,
        )
    if isinstance(data, Mapping):  # iterating would count its keys, not its values
        raise EvidenceError(
            "expected records (a list, or a DataFrame column), got a mapping; "
            "pass its values, e.g. list(records.values())",
            code="wrong_type",
            value=type(data).__name__,
        )
    return bounded(data, field)


def is_missing(value: object) -> bool:
    """Whether ``value`` marks a missing value: ``None``, pandas' ``NA``, or a NaN."""
    if value is None or type(value).__name__ == "NAType":  # pandas.NA
        return True
    if isinstance(value, Decimal):
        return value.is_nan()
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        try:
            return math.isnan(float(value))
        except OverflowError:
            return False
    return False


def _as_bool(value: object) -> bool | None:
    """``True``/``False`` for a boolean or 0/1 (numpy ones too); ``None`` for anything else."""
    if isinstance(value, bool):
        return value
    if getattr(getattr(value, "dtype", None), "kind", None) == "b":
        return bool(value)  # a numpy boolean
    if isinstance(value, numbers.Integral) and value in (0, 1):
        return bool(value)
    return None


def booleans(values: list[Any], field: str) -> list[bool]:
    """Each record as ``True`` or ``False``; every missing or non-boolean record is reported."""
    problems: list[EvidenceError] = []
    out: list[bool] = []
    for i, value in enumerate(values):
        flag = _as_bool(value)
        if flag is None:
            missing = is_missing(value)
            problems.append(
                EvidenceError(
                    "missing; every record must say true or false (drop or complete it first)"
                    if missing
                    else "expected true or false (or 1/0), "
                    f"got {type(value).__name__} {short_repr(value)}",
                    code="missing_value" if missing else "wrong_type",
                    field=f"{field}[{i}]",
                    value=value,
                )
            )
        else:
            out.append(flag)
    raise_problems(problems)
    return out
