"""The frame edge: reading a pandas, polars or pyarrow table's columns, and building the result.

Tables are read through narwhals: a numeric column comes out as numpy
without a copy where its library allows. The result is a frame of the same
library, built once from the int8 result arrays: levels and verdicts as
nullable columns masked by their codes (level 0 and verdict -1 are null),
statuses as categorical columns straight from their codes, and the columns
carried over from the input in front.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ithrive.base._extras import require
from ithrive.errors import EvidenceError
from ithrive.studies.batch._columns import objects
from ithrive.studies.batch._convention import STATUSES
from ithrive.studies.batch._rows import numpy

__all__ = ["build_frame", "column_reader"]


def column_reader(nw: Any, df: Any) -> Callable[[str], tuple[Any, Any]]:
    """A function reading a column of the narwhals frame ``df`` by name, for scoring.

    It returns the values as numpy (no copy for a numeric column without
    gaps) and the missing rows (``None``: none, or marked NaN in the values);
    a column that is not numeric comes as Python objects, read cell by cell,
    and so does a column of 128-bit integers (polars' ``Int128``), which
    numpy cannot hold: each value is then checked as any whole number.
    """
    np = numpy()
    native = df.to_native()
    impl = df.implementation
    wide = tuple(getattr(nw, name) for name in ("Int128", "UInt128") if hasattr(nw, name))
    too_wide = {name for name, dtype in df.schema.items() if isinstance(dtype, wide)}

    def get(name: str) -> tuple[Any, Any]:
        # the values as numpy (no copy for a numeric column without gaps) and
        # the missing rows (None: none, or marked NaN in the values)
        if impl is nw.Implementation.PANDAS:
            column = native[name]
            if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iuf":
                return column.to_numpy(), None  # holds no null but NaN
        elif impl is nw.Implementation.POLARS and name not in too_wide:
            column = native.get_column(name)
            if column.dtype.is_numeric() and not column.null_count():
                return column.to_numpy(), None
        series = df.get_column(name)
        size, nulls = len(series), series.null_count()
        if nulls == size:
            return np.zeros(size, dtype=np.float64), np.ones(size, dtype=bool)
        if not series.dtype.is_numeric() or name in too_wide:
            # objects, text, booleans, 128-bit integers...: cell by cell
            return objects(series.to_list()), series.is_null().to_numpy()
        if nulls == 0:
            return series.to_numpy(), None
        if series.dtype.is_float():
            values = series.to_numpy()
            if values.dtype.kind == "f":  # nulls come out as NaN, missing too
                return values, None
        return series.fill_null(0).to_numpy(), series.is_null().to_numpy()

    return get


def build_frame(df: Any, kept: list[str], result: dict[str, Any], names: tuple[str, ...]) -> Any:
    """The output frame, built once from the result arrays, without copying them.

    ``df`` is the narwhals frame scored, ``kept`` the columns carried over
    from it, ``names`` the result columns in order.

    Levels and verdicts become nullable columns with a validity mask taken
    from their codes (level 0 and verdict -1 are null); statuses become
    categorical columns straight from their codes.
    """
    nw = require("narwhals", "frames", "Batch scoring")
    impl = df.implementation
    native = df.to_native()

    def kind(name: str) -> str:
        if name.endswith(".status"):
            return "status"
        if name.endswith(".level"):
            return "level"
        if name.endswith(".thrive_like"):
            return "bool"
        return "plain"

    if impl is nw.Implementation.PANDAS:
        pd = require("pandas", "pandas", "Batch scoring of pandas frames")
        status = pd.CategoricalDtype(list(STATUSES))
        kinds = [kind(name) for name in names]
        # a principle of one item shares its item's arrays: it gets its own
        # copy, as pandas owns its columns; the masks and copies are rows of
        # one block each (see ._evaluation)
        seen: set[int] = set()
        repeated = []
        for name in names:
            repeated.append(id(result[name]) in seen)
            seen.add(id(result[name]))
        np = numpy()
        n = len(native)
        masks = iter(np.empty((kinds.count("level") + 2 * kinds.count("bool"), n), dtype=bool))
        copies = iter(np.empty((sum(repeated), n), dtype=np.int8))
        columns: dict[str, Any] = {}
        for name, what, again in zip(names, kinds, repeated, strict=True):
            data = result[name]
            if again:
                copy = next(copies)
                np.copyto(copy, data)
                data = copy
            if what == "status":
                columns[name] = pd.Categorical.from_codes(data, dtype=status, validate=False)
            elif what == "level":
                columns[name] = pd.arrays.IntegerArray(data, np.equal(data, 0, out=next(masks)))
            elif what == "bool":
                columns[name] = pd.arrays.BooleanArray(
                    np.equal(data, 1, out=next(masks)), np.equal(data, -1, out=next(masks))
                )
            else:
                columns[name] = data
        results = pd.DataFrame(columns, index=native.index, copy=False)
        if not kept:
            return results
        return pd.concat([native[kept], results], axis=1)
    if impl is nw.Implementation.POLARS:
        pl = require("polars", "polars", "Batch scoring of polars frames")
        return _polars_frame(pl, native.select(kept), result, names, kind)
    if impl is nw.Implementation.PYARROW:
        pa = require("pyarrow", "parquet", "Batch scoring of pyarrow tables")
        dictionary = pa.array(list(STATUSES))
        arrays = []
        for name in names:
            data = result[name]
            what = kind(name)
            if what == "status":
                array = pa.DictionaryArray.from_arrays(pa.array(data), dictionary)
            elif what == "level":
                array = pa.array(data, mask=data == 0, type=pa.int8())
            elif what == "bool":
                array = pa.array(data == 1, mask=data == -1, type=pa.bool_())
            else:
                array = pa.array(data)
            arrays.append(array)
        carried = native.select(kept)
        return pa.Table.from_arrays(
            [*carried.columns, *arrays], names=[*carried.column_names, *names]
        )
    raise EvidenceError(
        f"batch scoring returns pandas, polars or pyarrow frames, not {impl}",
        code="unsupported_frame",
        value=str(impl),
    )


def _polars_frame(
    pl: Any, carried: Any, result: dict[str, Any], names: tuple[str, ...], kind: Any
) -> Any:
    """The polars output: the codes as one frame (no copy), then one parallel ``select``."""
    np = numpy()
    enum = pl.Enum(list(STATUSES))
    categories = pl.Series("status", list(STATUSES), dtype=enum)
    physical = categories.to_physical().dtype
    from_codes = hasattr(pl.col("status").cat, "to")  # polars >= 1.32
    data = {}
    exprs = []
    for name in names:
        c = pl.col(name)
        what = kind(name)
        data[name] = result[name]
        if what == "status":
            if from_codes:
                # the codes as the enum's physical type (uint8: a view, no copy)
                unsigned = np.dtype(np.uint8) if physical == pl.UInt8 else np.dtype(np.uint32)
                data[name] = result[name].view(np.uint8).astype(unsigned, copy=False)
                exprs.append(c.cast(physical).cat.to(enum))
            else:
                statuses = categories.gather(result[name].astype(np.uint32))
                exprs.append(pl.lit(statuses.alias(name)))
        elif what == "level":
            exprs.append(pl.when(c != 0).then(c))
        elif what == "bool":
            exprs.append(pl.when(c >= 0).then(c == 1))
        else:
            exprs.append(c)
    results = pl.DataFrame(data).select(exprs)
    if not carried.width:
        return results
    return pl.concat([carried, results], how="horizontal")
