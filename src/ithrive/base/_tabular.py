"""Result tables of the analysis modules: typed rows, text, dicts and DataFrames.

Every analysis (consensus, comparisons, change, trajectories, groups) returns
a :class:`Table`: a frozen tuple of typed rows that reads well in Python
(``table[0].level``), prints as aligned text for notebooks and terminals, and
turns into plain dicts or a pandas, polars or pyarrow DataFrame for plotting.
Values stay exact in the rows (levels, :class:`~fractions.Fraction` means and
shares); dicts and frames carry them as ``int`` and ``float``. Reading
goes the other way: :func:`is_missing_cell` says whether a cell read from a
file or a frame is empty, alike for every study that reads tables.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction
from typing import Any, ClassVar, Generic, Self, TypeVar

import attrs

from ithrive.base._extras import require
from ithrive.errors import EvidenceError, expect, wrong_type

__all__ = [
    "BACKENDS",
    "COLUMN_TYPES",
    "Table",
    "column_type",
    "format_cell",
    "is_missing_cell",
    "plain",
    "typed_frame",
]

#: DataFrame libraries a table can be turned into.
BACKENDS = ("pandas", "polars", "pyarrow")

R = TypeVar("R")


class _NoRow(EvidenceError, IndexError):
    """A row number past the end of a table: also an ``IndexError``, as sequences raise."""


def plain(value: Any) -> Any:
    """A cell as a plain Python value: levels as ``int``, fractions as ``float``, tuples as text."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, enum.IntEnum):
        return int(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, tuple):
        return ", ".join(str(plain(v)) for v in value)
    return value


def format_cell(value: Any) -> str:
    """A cell as text: ``-`` for none, ``yes``/``no``, fractions to three places."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.IntEnum):
        return str(int(value))
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        text = f"{float(value):.3f}".rstrip("0")
        return "0" if text in ("-0.", "0.") else text
    if isinstance(value, tuple):
        return ", ".join(format_cell(v) for v in value) if value else "-"
    return str(value)


def check_backend(backend: object) -> str:
    """Return ``backend`` if it names a supported DataFrame library, else raise."""
    if backend not in BACKENDS:
        raise EvidenceError(
            f"unknown DataFrame backend {backend!r}; choose one of {', '.join(BACKENDS)}",
            code="unknown_backend",
            field="backend",
            value=backend,
        )
    return str(backend)


#: The column types of every frame ithrive makes, each as (pandas dtype, narwhals type):
#: the same nullable types in every ``to_frame``, whatever the values.
COLUMN_TYPES: dict[str, tuple[str, str]] = {
    "level": ("Int8", "Int8"),
    "int32": ("Int32", "Int32"),
    "integer": ("Int64", "Int64"),
    "float": ("Float64", "Float64"),
    "boolean": ("boolean", "Boolean"),
    "string": ("string", "String"),
}


def column_type(hint: Any) -> str:
    """The :data:`COLUMN_TYPES` key of a row field's type (``Level | None`` is ``"level"``)."""
    import types
    import typing

    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        hint = args[0]
    if isinstance(hint, type):
        if hint.__name__ == "Level" and issubclass(hint, enum.IntEnum):
            return "level"
        if issubclass(hint, bool):
            return "boolean"
        if issubclass(hint, int) and not issubclass(hint, enum.Enum):
            return "integer"
        if issubclass(hint, (float, Fraction)):
            return "float"
    return "string"


def typed_frame(
    columns: dict[str, list[Any]], types: dict[str, str], backend: str, purpose: str
) -> Any:
    """A native DataFrame of ``backend`` whose columns have the nullable :data:`COLUMN_TYPES`.

    ``types`` names each column's type key (text when not named); values are
    plain Python values, ``None`` for missing (pandas ``<NA>``, polars null).
    """
    check_backend(backend)
    nw = require("narwhals", "frames", purpose)
    require(backend, backend if backend != "pyarrow" else "parquet", purpose)
    if backend == "pandas":
        pd = require("pandas", "pandas", purpose)
        return pd.DataFrame(
            {
                c: pd.array(values, dtype=COLUMN_TYPES[types.get(c, "string")][0])
                for c, values in columns.items()
            }
        )
    schema = {c: getattr(nw, COLUMN_TYPES[types.get(c, "string")][1])() for c in columns}
    return nw.from_dict(columns, schema=schema, backend=backend).to_native()


def frame_from_columns(columns: dict[str, list[Any]], backend: str, purpose: str) -> Any:
    """Build a native DataFrame of ``backend`` from plain column lists, through narwhals."""
    check_backend(backend)
    nw = require("narwhals", "frames", purpose)
    require(backend, backend if backend != "pyarrow" else "parquet", purpose)
    return nw.from_dict(columns, backend=backend).to_native()


def _to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class Table(Generic[R]):
    """An immutable table of typed rows, in a fixed order.

    Iterate it, index it, filter it with :meth:`where`, print it, or turn it
    into dicts (:meth:`to_dicts`) or a DataFrame (:meth:`to_frame`).
    """

    rows: tuple[R, ...] = attrs.field(converter=_to_tuple)

    #: A line printed above the text table (descriptive labels, for example).
    caption: ClassVar[str] = ""

    def __iter__(self) -> Iterator[R]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> R:
        expect(index, int, field="index", expected="a row number")
        try:
            return self.rows[index]
        except IndexError:
            raise _NoRow(
                f"no row {index}; the table has {len(self.rows)}",
                code="out_of_range",
                field="index",
                value=index,
            ) from None

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names, in order."""
        if self.rows:
            return tuple(f.name for f in attrs.fields(type(self.rows[0])))  # type: ignore[arg-type]
        return self._row_columns()

    def _row_columns(self) -> tuple[str, ...]:
        row_type = _row_type(type(self))
        return tuple(f.name for f in attrs.fields(row_type)) if row_type is not None else ()

    def where(self, predicate: Callable[[R], bool]) -> Self:
        """A table of the same kind with only the rows for which ``predicate`` holds."""
        if not callable(predicate):
            raise wrong_type(predicate, "a function of a row", field="predicate")
        return attrs.evolve(self, rows=tuple(r for r in self.rows if predicate(r)))

    def to_dicts(self) -> list[dict[str, Any]]:
        """The rows as plain dicts: levels as ``int``, fractions as ``float``, tuples as text."""
        names = self.columns
        return [{n: plain(getattr(row, n)) for n in names} for row in self.rows]

    def to_frame(self, backend: str = "pandas") -> Any:
        """The table as a DataFrame of ``backend``: ``"pandas"``, ``"polars"`` or ``"pyarrow"``.

        Needs the ``frames`` extra and the chosen library.
        """
        names = self.columns
        dicts = self.to_dicts()
        columns = {n: [d[n] for d in dicts] for n in names}
        return typed_frame(columns, self._types(), backend, "Turning a table into a DataFrame")

    def _types(self) -> dict[str, str]:
        """Each column's type key, from the row class's annotations."""
        import typing

        row_type = type(self.rows[0]) if self.rows else _row_type(type(self))
        if row_type is None:
            return {}
        try:
            hints = typing.get_type_hints(row_type)
        except (NameError, TypeError):  # an annotation that cannot be resolved: text
            return {}
        return {n: column_type(hints[n]) for n in self.columns if n in hints}

    def to_text(self) -> str:
        """The table as aligned plain text, one line per row, under a header."""
        names = self.columns
        cells = [[format_cell(getattr(row, n)) for n in names] for row in self.rows]
        widths = [max([len(n)] + [len(c[i]) for c in cells]) for i, n in enumerate(names)]
        lines = []
        if self.caption:
            lines.append(self.caption)
        lines.append("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip())
        for row in cells:
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def _row_type(table_type: type) -> type | None:
    for base in getattr(table_type, "__orig_bases__", ()):
        args = getattr(base, "__args__", ())
        if args and isinstance(args[0], type) and attrs.has(args[0]):
            return args[0]
    return None


def is_missing_cell(value: Any) -> bool:
    """Whether a cell read from a file or frame is empty (``None``, NaN, pandas' NA or NaT).

    >>> from ithrive.base._tabular import is_missing_cell
    >>> is_missing_cell(None), is_missing_cell(float("nan")), is_missing_cell(0)
    (True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):  # NaN, as pandas stores a missing number
        return True
    return type(value).__name__ in ("NAType", "NaTType")
