"""The batch scorer: a ruleset compiled for whole columns, and the calls that score a table.

:class:`BatchScorer` holds the compiled plan of one ruleset
(:mod:`._plan`); :func:`scorer` compiles each ruleset once and caches it.
Its methods check a table's column names against the convention, read the
columns (:mod:`._frames` for a frame, numpy arrays as given), score them
(:mod:`._evaluation`), a million rows at a time on a larger table, and
build the output frame. The module-level functions are the package's
public calls, each on the scorer of the ruleset asked for.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Final

import attrs

from ithrive.base._extras import duplicate_columns, require
from ithrive.base._hints import suggest
from ithrive.base._tabular import is_missing_cell
from ithrive.errors import EvidenceError, InvalidEvidenceError, expect_iterable, wrong_type
from ithrive.model import FRAMEWORK
from ithrive.rules.loader import default_ruleset
from ithrive.rules.ruleset import Ruleset
from ithrive.studies.batch._convention import FIELDS, PREFIXES, integer_fields
from ithrive.studies.batch._evaluation import score_columns
from ithrive.studies.batch._frames import build_frame, column_reader
from ithrive.studies.batch._plan import ItemPlan, compile_plans
from ithrive.studies.batch._rows import numpy

__all__ = [
    "BatchScorer",
    "evidence_columns",
    "output_columns",
    "row_evidence",
    "score_table",
    "scorer",
]

#: Rows scored at a time by ``score_arrays`` on a larger table.
_CHUNK: Final = 1 << 20


def _compile(ruleset: Ruleset) -> BatchScorer:
    plans, names = compile_plans(ruleset)
    return BatchScorer(ruleset=ruleset, plans=plans, names=names)


@functools.lru_cache(maxsize=8)
def _compiled(ruleset: Ruleset) -> BatchScorer:
    return _compile(ruleset)


_DEFAULT: list[BatchScorer] = []


def scorer(ruleset: Ruleset | None = None) -> BatchScorer:
    """The batch scorer of ``ruleset`` (default: the packaged one), compiled once and cached."""
    if ruleset is None:
        if not _DEFAULT:
            _DEFAULT.append(_compile(default_ruleset()))
        return _DEFAULT[0]
    if not isinstance(ruleset, Ruleset):
        raise EvidenceError(
            f"expected a Ruleset, got {type(ruleset).__name__}",
            code="wrong_type",
            field="ruleset",
            value=ruleset,
        )
    return _compiled(ruleset)


@attrs.frozen
class BatchScorer:
    """A ruleset compiled for whole columns; get one with :func:`scorer`.

    ``names`` maps every accepted evidence column to ``(item, measure,
    field)`` (``measure`` is ``None`` for ``<item>.rating``).
    """

    ruleset: Ruleset
    plans: tuple[ItemPlan, ...] = attrs.field(repr=False)
    names: Mapping[str, tuple[str, str | None, str]] = attrs.field(repr=False, eq=False)

    # -- columns

    def evidence_columns(self, *, short: bool = True) -> tuple[str, ...]:
        """Every evidence column, in the tool's item order (short names where allowed)."""
        out = []
        for plan in self.plans:
            for m in plan.measures:
                for _, accepted in m.columns:
                    out.append(accepted[-1] if short else accepted[0])
            out.append(plan.rating)
        return tuple(out)

    def output_columns(self, *, principles: bool = True) -> tuple[str, ...]:
        """The result columns :meth:`score_table` adds, in order."""
        out = [
            f"{plan.item}.{what}"
            for plan in self.plans
            for what in ("level", "status", "thrive_like")
        ]
        if principles:
            out += [
                f"principle.{p.id}.{what}"
                for p in FRAMEWORK.principles
                for what in ("level", "thrive_like")
            ]
        return (*out, "thrive_like", "complete")

    def _evidence_names(self, columns: Iterable[str]) -> tuple[list[str], list[str]]:
        """Split columns into evidence and pass-through; raise on unknown evidence columns."""
        evidence, other, problems = [], [], []
        fields_seen: dict[tuple[str, str | None, str], str] = {}
        for name in columns:
            if name in self.names:
                key = self.names[name]
                if key in fields_seen:
                    problems.append(
                        EvidenceError(
                            f"{fields_seen[key]!r} and {name!r} name the same field",
                            code="duplicate_column",
                            item=key[0],
                            field=name,
                            value=name,
                        )
                    )
                fields_seen[key] = name
                evidence.append(name)
            elif isinstance(name, str) and name.startswith(PREFIXES):
                hints = suggest(name, list(self.names))
                problems.append(
                    EvidenceError(
                        "unknown evidence column"
                        + (f"; did you mean {', '.join(map(repr, hints))}?" if hints else ""),
                        code="unknown_column",
                        item=".".join(name.split(".")[:2]),
                        field=name,
                        value=name,
                    )
                )
            else:
                other.append(name)
        if problems:
            raise InvalidEvidenceError(problems)
        return evidence, other

    # -- scoring

    def score_arrays(
        self, columns: Mapping[str, Any], *, principles: bool = True
    ) -> dict[str, Any]:
        """Score numpy columns; the core of :meth:`score_table`.

        ``columns`` maps evidence column names to numpy arrays (NaN, or a
        masked entry of a ``numpy.ma`` array, is a missing value); every
        array has the same length. Returns the output columns as numpy
        arrays: ``.level`` as int8 with 0 for none, ``.status`` as int8 codes
        into :data:`STATUSES`, ``.thrive_like`` as int8 with -1 for none, 0
        for no and 1 for yes; ``thrive_like`` and ``complete`` as booleans.
        """
        np = numpy()
        evidence, other = self._evidence_names(columns)
        if other:
            raise EvidenceError(
                f"not evidence columns: {', '.join(map(repr, other))}",
                code="unknown_column",
                field=other[0],
                value=other[0],
            )
        lengths = {np.shape(columns[c])[0] for c in evidence}
        if len(lengths) > 1:
            raise EvidenceError(
                f"columns differ in length: {sorted(lengths)}",
                code="length_mismatch",
                value=sorted(lengths),
            )
        n = lengths.pop() if lengths else 0

        def get(name: str) -> tuple[Any, Any]:
            data = columns[name]
            if isinstance(data, np.ma.MaskedArray):
                return np.ma.getdata(data), np.ma.getmaskarray(data)
            return np.asarray(data), None

        if n > _CHUNK:
            chunked = self._score_chunks(get, set(evidence), n, principles)
            if chunked is not None:
                return chunked
        return self._score(get, set(evidence), n, principles)

    def _score_chunks(
        self, get: Callable[[str], tuple[Any, Any]], given: set[str], n: int, principles: bool
    ) -> dict[str, Any] | None:
        """Score ``_CHUNK`` rows at a time into the whole output; ``None`` if any are refused.

        Each chunk's temporaries are small enough for the allocator to reuse
        (a large array is mapped afresh each time, every page faulted in) and
        to stay in cache. A refused table is scored whole again by the
        caller, so its problems are found and listed exactly as unchunked.
        """
        np = numpy()
        out: dict[str, Any] = {}
        read: dict[str, tuple[Any, Any]] = {}
        for start in range(0, n, _CHUNK):
            stop = min(start + _CHUNK, n)

            def part(name: str, start: int = start, stop: int = stop) -> tuple[Any, Any]:
                if name not in read:
                    read[name] = get(name)
                data, missing = read[name]
                return data[start:stop], None if missing is None else missing[start:stop]

            try:
                got = self._score(part, given, stop - start, principles)
            except (EvidenceError, InvalidEvidenceError):
                return None
            if not out:
                # As _score makes them: the int8 results rows of one block, a
                # one-item principle's columns its item's own.
                first: dict[int, str] = {}
                for k, v in got.items():
                    first.setdefault(id(v), k)
                small = [k for k, v in got.items() if first[id(v)] == k and v.dtype == np.int8]
                out = dict(zip(small, np.empty((len(small), n), dtype=np.int8), strict=True))
                for k, v in got.items():
                    if first[id(v)] != k:
                        out[k] = out[first[id(v)]]
                    elif k not in out:
                        out[k] = np.empty(n, dtype=v.dtype)
                out = {k: out[k] for k in got}
                copied = [k for k, v in got.items() if first[id(v)] == k]
            for k in copied:
                out[k][start:stop] = got[k]
        return out

    def score_table(
        self, frame: Any, *, keep: Iterable[str] | None = None, principles: bool = True
    ) -> Any:
        """Score a pandas, polars or pyarrow table; see :func:`score_table`."""
        nw = require("narwhals", "frames", "Batch scoring")
        try:
            df = nw.from_native(frame, eager_only=True)
        except TypeError:
            raise EvidenceError(
                f"expected a pandas, polars or pyarrow DataFrame, got {type(frame).__name__}; "
                "for Dask, run score_table on each partition with map_partitions",
                code="unsupported_frame",
                value=type(frame).__name__,
            ) from None
        except nw.exceptions.DuplicateError as err:
            raise duplicate_columns(err) from None
        evidence, other = self._evidence_names(df.columns)
        kept = other if keep is None else _kept(keep)
        missing_kept = [c for c in kept if c not in df.columns]
        if missing_kept:
            raise EvidenceError(
                f"no column(s) {', '.join(map(repr, missing_kept))} to keep",
                code="missing_column",
                field=missing_kept[0],
                value=missing_kept[0],
            )
        outputs = self.output_columns(principles=principles)
        clash = [c for c in kept if c in outputs]
        if clash:
            raise EvidenceError(
                f"column(s) {', '.join(map(repr, clash))} would be overwritten by the results",
                code="duplicate_column",
                field=clash[0],
                value=clash[0],
            )

        get = column_reader(nw, df)
        result = self._score(get, set(evidence), len(df), principles)
        return build_frame(df, kept, result, outputs)

    def _score(
        self,
        get: Callable[[str], tuple[Any, Any]],
        given: set[str],
        n: int,
        principles: bool,
    ) -> dict[str, Any]:
        return score_columns(self.plans, get, given, n, principles)


def _kept(keep: object) -> list[Any]:
    """The column names ``keep`` gives (one name, or several, each once), else raise."""
    if isinstance(keep, str):
        return [keep]
    expected = "a column name or a list of column names"
    names = list(expect_iterable(keep, field="keep", expected=expected))
    for name in names:
        if not isinstance(name, Hashable):
            raise wrong_type(name, "a column name", field="keep")
    twice = [name for name in dict.fromkeys(names) if names.count(name) > 1]
    if twice:
        raise EvidenceError(
            f"column(s) {', '.join(map(repr, twice))} listed more than once",
            code="duplicate_column",
            field="keep",
            value=twice[0],
        )
    return names


def score_table(
    frame: Any,
    *,
    ruleset: Ruleset | None = None,
    keep: Iterable[str] | None = None,
    principles: bool = True,
) -> Any:
    """Score every row of an evidence table; return a frame of the same library.

    ``frame`` is a pandas or polars DataFrame or a pyarrow Table following
    the column convention of this module. ``keep`` lists the columns to
    carry over (one name or several, each once; default: every column that is not evidence); with
    ``principles=False`` the principle columns are left out. Needs the
    ``frames`` extra and the frame's library.

    The same function scores each partition of a Dask DataFrame, unchanged::

        ddf.map_partitions(score_table, meta=score_table(ddf._meta))
    """
    return scorer(ruleset).score_table(frame, keep=keep, principles=principles)


def evidence_columns(ruleset: Ruleset | None = None, *, short: bool = True) -> tuple[str, ...]:
    """Every evidence column a batch table may have, in the tool's item order.

    >>> from ithrive.studies.batch import evidence_columns
    >>> [c for c in evidence_columns() if c.startswith("micro.2.")]
    ['micro.2.numerator', 'micro.2.denominator', 'micro.2.percent', 'micro.2.rating']
    >>> [c for c in evidence_columns() if c.startswith("macro.5.")][:3]
    ['macro.5.integrate.numerator', 'macro.5.integrate.denominator', 'macro.5.integrate.percent']
    """
    return scorer(ruleset).evidence_columns(short=short)


def output_columns(ruleset: Ruleset | None = None, *, principles: bool = True) -> tuple[str, ...]:
    """The result columns :func:`score_table` adds, in order."""
    return scorer(ruleset).output_columns(principles=principles)


def _python(value: Any, integer: bool) -> Any:
    """A cell as a plain Python value for evidence (a whole float in an integer field as an int)."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if integer and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def row_evidence(row: Mapping[str, Any], *, ruleset: Ruleset | None = None) -> dict[str, Any]:
    """One row of a batch table as evidence for :func:`ithrive.score` (JSON-like dicts).

    Columns outside the convention are ignored; missing values (None, NaN)
    are left out; whole floats in integer fields become ints, as in batch
    scoring.

    >>> from ithrive.studies.batch import row_evidence
    >>> row_evidence({"locality": "A", "micro.2.numerator": 18.0,
    ...               "micro.2.denominator": 30, "micro.2.percent": None, "meso.2.rating": 2})
    {'meso.2': [{'kind': 'rating', 'level': 2}],
     'micro.2': [{'kind': 'proportion', 'numerator': 18, 'denominator': 30}]}
    """
    plan = scorer(ruleset)
    evidence, _ = plan._evidence_names(row)
    pieces: dict[str, dict[str | None, dict[str, Any]]] = {}
    for name in evidence:
        value = row[name]
        if is_missing_cell(value):
            continue
        item, measure, field = plan.names[name]
        integer = field == "rating" or any(field in integer_fields(k) for k in FIELDS)
        pieces.setdefault(item, {}).setdefault(measure, {})[field] = _python(value, integer)
    out: dict[str, Any] = {}
    for item_plan in plan.plans:
        given = pieces.get(item_plan.item)
        if not given:
            continue
        entries = []
        for m in item_plan.measures:
            fields = given.get(m.measure.name)
            if fields:
                body: dict[str, Any] = {"kind": m.kind}
                body.update((k, fields[k]) for k, _ in m.columns if k in fields)
                if len(item_plan.measures) > 1:
                    body["measure"] = m.measure.name
                entries.append(body)
        if None in given:
            entries.append({"kind": "rating", "level": given[None]["rating"]})
        out[item_plan.item] = entries
    return out
