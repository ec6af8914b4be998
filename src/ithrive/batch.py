"""Batch scoring: a whole table of evidence in one call, vectorised and exact.

:func:`score_table` scores a DataFrame with one row per locality (and date)
and one column per evidence field, and returns a DataFrame of the same
library (pandas, polars or pyarrow, read through narwhals) with a level,
status and verdict per item, a level and verdict per principle, and the
overall verdict. The work is done on whole numpy columns: no Python runs per
row, so a million rows take about a second. Results are identical to the
scalar engine :func:`ithrive.score` row by row, including rows with missing
or insufficient evidence, because the band tables, domains and gates are
compiled *from the ruleset* (a local ruleset works the same way) and every
comparison is exact (interpretation register, D16).

**Column convention.** An evidence column is named ``<item>.<field>``, or
``<item>.<measure>.<field>`` (always accepted; required where an item has
several measures, as macro.5 has ``integrate`` and ``chi_esq``). The fields:

- proportion: ``numerator`` and ``denominator``, or ``percent``;
- survey: ``agree``, ``respondents``, ``eligible``;
- count: ``count``;
- collaborate: ``mean``, ``offered_percent``, optional ``encounters``;
- a panel rating, for every item: ``<item>.rating`` (1-4).

For example ``micro.2.numerator``, ``macro.5.integrate.percent``,
``micro.3a.agree``, ``micro.1b.mean``, ``meso.2.count`` and
``macro.1.rating``. Indicator items (macro.1, meso.1, ...) take a panel
rating only in a batch table; score named criteria with
:func:`ithrive.score`. Every other column (``locality``, ``date``,
``group``...) is passed through unchanged. A column whose name starts with
``macro.``, ``meso.`` or ``micro.`` must be an evidence column.

A missing value (null, or NaN, as pandas stores a missing number) means the
field was not given; a measure with none of its fields given is not part of
the evidence. Whole numbers may arrive in float columns (pandas stores an
integer column with gaps as floats); a fraction there is an error. Integer
fields above :data:`~ithrive.limits.MAX_INTEGER` (10**15) are refused
(``too_large``), as :func:`~ithrive.score` refuses them: below 2**53 they are
held exactly even in a float column, and no real audit has that many notes.

**Output columns.** ``<item>.level`` (nullable integer), ``<item>.status``
(categorical: ``rated``, ``insufficient_evidence``, ``not_assessed``),
``<item>.thrive_like`` (nullable boolean); ``principle.<id>.level`` and
``principle.<id>.thrive_like``; ``thrive_like`` and ``complete``. Invalid
evidence anywhere raises :class:`~ithrive.errors.InvalidEvidenceError`
listing the first problems with their row numbers (0-based positions).

**Exactness.** Counts are compared with the band edges by integer
cross-multiplication. A ratio such as ``100 * numerator / denominator`` is
first classified in floating point; only rows whose float value equals an
edge's nearest float are decided again in integers (in int64 while the
products fit, else with Python integers), which is exact because correctly
rounded division is monotonic. A float percent or mean is compared as the
binary fraction it is: each edge becomes the smallest float that satisfies
it (an edge like 59.5 is exact in binary; for an edge like 33.3 the
comparison moves to the float on the right side), so no value lands on the
wrong side of an edge.

>>> import pandas as pd
>>> from ithrive.batch import score_table
>>> table = pd.DataFrame({
...     "locality": ["A", "B", "C"],
...     "micro.2.numerator": [24, 23, None],
...     "micro.2.denominator": [40, 40, None],
...     "micro.2.rating": [None, None, 4],
... })
>>> scored = score_table(table)
>>> scored[["locality", "micro.2.level", "micro.2.status", "micro.2.thrive_like"]]
  locality  micro.2.level micro.2.status  micro.2.thrive_like
0        A              3          rated                 True
1        B              2          rated                False
2        C              4          rated                 True
"""

from __future__ import annotations

import functools
import itertools
import math
import types
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any, Final

import attrs

from ithrive._extras import require
from ithrive.errors import EvidenceError, Finding, InvalidEvidenceError, RulesetError
from ithrive.limits import MAX_INTEGER
from ithrive.model import FRAMEWORK
from ithrive.model.framework import suggest
from ithrive.rules.interval import Interval
from ithrive.rules.loader import default_ruleset
from ithrive.rules.ruleset import GateEffect, Measure, Ruleset

__all__ = [
    "FIELDS",
    "MAX_WHOLE",
    "STATUSES",
    "BatchScorer",
    "evidence_columns",
    "output_columns",
    "row_evidence",
    "score_table",
    "scorer",
]

#: The evidence fields of each measured kind, as batch columns name them.
FIELDS: Final[Mapping[str, tuple[str, ...]]] = types.MappingProxyType(
    {
        "proportion": ("numerator", "denominator", "percent"),
        "survey": ("agree", "respondents", "eligible"),
        "count": ("count",),
        "collaborate": ("mean", "offered_percent", "encounters"),
    }
)
_INTEGER: Final = frozenset(
    {"numerator", "denominator", "agree", "respondents", "eligible", "count", "encounters"}
)
_REQUIRED: Final[Mapping[str, tuple[str, ...]]] = types.MappingProxyType(
    {
        "survey": ("agree", "respondents", "eligible"),
        "count": ("count",),
        "collaborate": ("mean", "offered_percent"),
    }
)

#: The largest whole number an integer field may hold: the same limit as :func:`ithrive.score`.
MAX_WHOLE: Final = MAX_INTEGER

#: Item statuses, in the order of their codes in the output.
STATUSES: Final = ("rated", "insufficient_evidence", "not_assessed")
_RATED, _INSUFFICIENT, _NOT_ASSESSED = 0, 1, 2
_PREFIXES: Final = tuple(f"{s.id}." for s in FRAMEWORK.systems)
_MAX_PROBLEMS: Final = 50
_INT64_LIMIT: Final = 2**63 - 1
_FAST_NUMERATOR: Final = 2**53 // 100


def _numpy() -> Any:
    return require("numpy", "frames", "Batch scoring")


# ---------------------------------------------------------------------- exact cuts


@attrs.frozen
class _Cut:
    """The predicate ``x >= value`` (``inclusive``) or ``x > value``, compiled for arrays."""

    value: Fraction
    inclusive: bool
    int_threshold: int = attrs.field(init=False)
    float_threshold: float = attrs.field(init=False)
    nearest: float = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        v = self.value
        whole = math.ceil(v) if self.inclusive else math.floor(v) + 1
        object.__setattr__(self, "int_threshold", max(min(whole, 2**62), -(2**62)))
        nearest = float(v)
        exact = Fraction(nearest)
        if exact == v:
            threshold = nearest if self.inclusive else math.nextafter(nearest, math.inf)
        elif exact > v:
            threshold = nearest
        else:
            threshold = math.nextafter(nearest, math.inf)
        object.__setattr__(self, "nearest", nearest)
        object.__setattr__(self, "float_threshold", threshold)


@attrs.frozen
class _Value:
    """A quantity per row: whole numbers, floats, or a ratio ``100 * num / den``."""

    kind: str  # "int", "float" or "ratio"
    x: Any = None
    num: Any = None
    den: Any = None


def _ratio_exact(num: Any, den: Any, cut: _Cut) -> Any:
    """``100 * num / den`` against ``cut``, decided in integers."""
    np = _numpy()
    p, q = cut.value.numerator, cut.value.denominator
    top = int(num.max()) * 100 * q if num.size else 0
    bottom = abs(p) * int(den.max()) if den.size else 0
    if top > _INT64_LIMIT or bottom > _INT64_LIMIT:
        num, den = num.astype(object), den.astype(object)
    lhs = num * 100 * q
    rhs = den * p
    out = lhs >= rhs if cut.inclusive else lhs > rhs
    return np.asarray(out, dtype=bool)


def _count(value: _Value, cuts: tuple[_Cut, ...]) -> Any:
    """How many of ``cuts`` (ascending) each row's value satisfies, exactly."""
    np = _numpy()
    if value.kind == "int":
        n = value.x.shape[0]
        out = np.zeros(n, dtype=np.int8)
        for cut in cuts:
            out += value.x >= cut.int_threshold
        return out
    if value.kind == "float":
        n = value.x.shape[0]
        out = np.zeros(n, dtype=np.int8)
        for cut in cuts:
            out += value.x >= cut.float_threshold
        return out
    num, den = value.num, value.den
    n = num.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        approx = (num * 100).astype(np.float64) / den.astype(np.float64)
    slow = num > _FAST_NUMERATOR
    any_slow = bool(slow.any())
    out = np.zeros(n, dtype=np.int8)
    for cut in cuts:
        said = approx >= cut.float_threshold
        check = approx == cut.nearest
        if any_slow:
            check |= slow
        rows = np.flatnonzero(check)
        if rows.size:
            said[rows] = _ratio_exact(num[rows], den[rows], cut)
        out += said
    return out


def _holds(value: _Value, cut: _Cut) -> Any:
    np = _numpy()
    return np.asarray(_count(value, (cut,)), dtype=bool)


def _inside(value: _Value, interval: Interval) -> Any:
    low = _Cut(interval.lower, interval.lower_closed)
    above = _Cut(interval.upper, not interval.upper_closed)
    return _holds(value, low) & ~_holds(value, above)


# ---------------------------------------------------------------------- compiled plan


@attrs.frozen
class _GatePlan:
    id: str
    field: str
    when: Interval
    effect: GateEffect
    level: int | None


@attrs.frozen
class _MeasurePlan:
    item: str
    measure: Measure
    columns: tuple[tuple[str, tuple[str, ...]], ...]  # field -> accepted column names
    cuts: tuple[_Cut, ...]
    levels: tuple[int, ...]
    domain: Interval
    gates: tuple[_GatePlan, ...]
    check_domain: bool

    @property
    def kind(self) -> str:
        return self.measure.kind


@attrs.frozen
class _ItemPlan:
    item: str
    measures: tuple[_MeasurePlan, ...]
    rating: str


def _band_plan(item: str, measure: Measure) -> tuple[tuple[_Cut, ...], tuple[int, ...]]:
    """The ascending cuts between a measure's bands, and each band's level."""
    where = f"measures.{measure.name}.bands"
    bands = sorted(measure.bands, key=lambda b: (b.interval.lower, not b.interval.lower_closed))
    if measure.integer:
        spans = [b.interval.integers() for b in bands]
        whole = measure.domain.integers()
        ok = (
            bool(spans)
            and spans[0].start == whole.start
            and spans[-1].stop == whole.stop
            and all(a.stop == b.start for a, b in itertools.pairwise(spans))
            and all(len(s) for s in spans)
        )
        cuts = tuple(_Cut(Fraction(s.start), True) for s in spans[1:])
    else:
        ivs = [b.interval for b in bands]
        dom = measure.domain
        ok = (
            bool(ivs)
            and (ivs[0].lower, ivs[0].lower_closed) == (dom.lower, dom.lower_closed)
            and (ivs[-1].upper, ivs[-1].upper_closed) == (dom.upper, dom.upper_closed)
            and all(
                a.upper == b.lower and a.upper_closed != b.lower_closed
                for a, b in itertools.pairwise(ivs)
            )
        )
        cuts = tuple(_Cut(iv.lower, iv.lower_closed) for iv in ivs[1:])
    if not ok:
        raise RulesetError(
            "batch",
            [
                Finding(
                    "not_a_partition",
                    item,
                    where,
                    "batch scoring needs bands that cover the domain with no gap or overlap; "
                    "verify the ruleset",
                )
            ],
        )
    return cuts, tuple(int(b.level) for b in bands)


_GATE_FIELDS: Final[Mapping[str, frozenset[str]]] = types.MappingProxyType(
    {
        "proportion": frozenset({"denominator"}),
        "survey": frozenset({"completion", "respondents", "eligible"}),
        "collaborate": frozenset({"offered_percent", "encounters"}),
        "count": frozenset(),
    }
)


#: The values each kind's quantity can take once its evidence is valid (None: no upper bound).
_NATURAL_RANGE: Final[Mapping[str, tuple[int, int | None]]] = types.MappingProxyType(
    {"proportion": (0, 100), "survey": (0, 100), "count": (0, None), "collaborate": (0, 9)}
)


def _covers(domain: Interval, low: int, high: int | None) -> bool:
    """Whether every value in ``[low, high]`` lies in ``domain`` (so no check is needed)."""
    if high is None:
        return False
    low_ok = domain.lower < low or (domain.lower == low and domain.lower_closed)
    high_ok = domain.upper > high or (domain.upper == high and domain.upper_closed)
    return low_ok and high_ok


def _compile(ruleset: Ruleset) -> BatchScorer:
    items = []
    names: dict[str, tuple[str, str | None, str]] = {}
    for item in FRAMEWORK.item_ids:
        rule = ruleset.rule(item)
        plans = []
        for measure in rule.measures:
            if measure.kind not in FIELDS:
                raise RulesetError(
                    ruleset.name,
                    [
                        Finding(
                            "unsupported_kind",
                            item,
                            f"measures.{measure.name}",
                            f"batch scoring does not know {measure.kind!r} evidence",
                        )
                    ],
                )
            columns = []
            for field in FIELDS[measure.kind]:
                accepted = [f"{item}.{measure.name}.{field}"]
                if len(rule.measures) == 1:
                    accepted.append(f"{item}.{field}")
                for name in accepted:
                    names[name] = (item, measure.name, field)
                columns.append((field, tuple(accepted)))
            gates = []
            for gate in measure.gates:
                if gate.field not in _GATE_FIELDS[measure.kind]:
                    raise RulesetError(
                        ruleset.name,
                        [
                            Finding(
                                "unsupported_gate",
                                item,
                                f"measures.{measure.name}.gates.{gate.id}",
                                f"batch scoring cannot test {gate.field!r}",
                            )
                        ],
                    )
                gates.append(
                    _GatePlan(
                        gate.id,
                        gate.field,
                        gate.when,
                        gate.effect,
                        None if gate.level is None else int(gate.level),
                    )
                )
            cuts, levels = _band_plan(item, measure)
            plans.append(
                _MeasurePlan(
                    item,
                    measure,
                    tuple(columns),
                    cuts,
                    levels,
                    measure.domain,
                    tuple(gates),
                    not _covers(measure.domain, *_NATURAL_RANGE[measure.kind]),
                )
            )
        rating = f"{item}.rating"
        names[rating] = (item, None, "rating")
        items.append(_ItemPlan(item, tuple(plans), rating))
    return BatchScorer(ruleset=ruleset, plans=tuple(items), names=types.MappingProxyType(names))


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


# ---------------------------------------------------------------------- input columns


class _Problems:
    """Problems found in a table: the first few in full, then a count."""

    def __init__(self) -> None:
        self.errors: list[EvidenceError] = []
        self.more = 0

    def add(
        self,
        mask: Any,
        *,
        item: str | None,
        column: str,
        code: str,
        message: Callable[[int], str],
        values: Any = None,
    ) -> None:
        np = _numpy()
        rows = np.flatnonzero(mask)
        if not rows.size:
            return
        room = max(_MAX_PROBLEMS - len(self.errors), 0)
        for row in rows[:room]:
            r = int(row)
            value = None if values is None else values[r].item()
            self.errors.append(
                EvidenceError(
                    f"row {r}: {message(r)}", code=code, item=item, field=column, value=value
                )
            )
        self.more += max(rows.size - room, 0)

    def raise_if_any(self) -> None:
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


@attrs.frozen
class _Col:
    """One input column: values (missing ones filled) and which rows give a value."""

    name: str
    values: Any
    present: Any
    raw: Any  # the values as given, for messages


def _absent(n: int, integer: bool) -> _Col:
    np = _numpy()
    dtype = np.int64 if integer else np.float64
    return _Col("", np.zeros(n, dtype=dtype), np.zeros(n, dtype=bool), np.zeros(n, dtype=dtype))


def _prepare(  # noqa: PLR0917 - a private helper called in one place
    name: str, item: str, raw: Any, missing: Any, integer: bool, problems: _Problems
) -> _Col:
    """Check one numeric column and fill its missing values, so arithmetic is defined."""
    np = _numpy()
    raw = np.asarray(raw)
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
            message=lambda r: f"expected a number, the column holds {raw.dtype}",
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
                f"{raw[r].item()!r} is above {MAX_WHOLE}, the largest whole "
                "number batch scoring takes"
            ),
            values=raw,
        )
        usable = present & ~bad & ~big
        values = np.where(usable, raw, 0).astype(np.int64)
        return _Col(name, values, present, raw)
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
    return _Col(name, np.where(present & ~infinite, values, 0.0), present, raw)


def _check(  # noqa: PLR0917 - a private helper called everywhere alike
    problems: _Problems,
    mask: Any,
    col: _Col,
    item: str,
    code: str,
    text: Callable[[Any], str],
) -> None:
    problems.add(
        mask,
        item=item,
        column=col.name,
        code=code,
        message=lambda r: text(col.raw[r].item()),
        values=col.raw,
    )


# ---------------------------------------------------------------------- the scorer


@attrs.frozen
class BatchScorer:
    """A ruleset compiled for whole columns; get one with :func:`scorer`.

    ``names`` maps every accepted evidence column to ``(item, measure,
    field)`` (``measure`` is ``None`` for ``<item>.rating``).
    """

    ruleset: Ruleset
    plans: tuple[_ItemPlan, ...] = attrs.field(repr=False)
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
            elif isinstance(name, str) and name.startswith(_PREFIXES):
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
        np = _numpy()
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
            arr = np.asarray(data)
            return arr, np.zeros(arr.shape[0], dtype=bool)

        return self._score(get, set(evidence), n, principles)

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
        evidence, other = self._evidence_names(df.columns)
        kept = other if keep is None else list(keep)
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

        def get(name: str) -> tuple[Any, Any]:
            series = df.get_column(name)
            missing = series.is_null().to_numpy()
            if missing.all():
                np = _numpy()
                return np.zeros(len(missing), dtype=np.float64), missing
            if series.dtype.is_numeric():
                return series.fill_null(0).to_numpy(), missing
            return _Unsupported(series.dtype, len(missing)), missing

        result = self._score(get, set(evidence), len(df), principles)
        return _build(df, kept, result, self, principles)

    def _score(
        self,
        get: Callable[[str], tuple[Any, Any]],
        given: set[str],
        n: int,
        principles: bool,
    ) -> dict[str, Any]:
        np = _numpy()
        problems = _Problems()
        cols: dict[str, dict[str, _Col]] = {}

        def column(item: str, names: tuple[str, ...], integer: bool) -> _Col:
            for name in names:
                if name in given:
                    raw, missing = get(name)
                    if isinstance(raw, _Unsupported):
                        text = f"expected a number, the column holds {raw.dtype}"
                        problems.add(
                            ~missing,
                            item=item,
                            column=name,
                            code="wrong_type",
                            message=_constant(text),
                        )
                        return _absent(n, integer)
                    return _prepare(name, item, raw, missing, integer, problems)
            return attrs.evolve(_absent(n, integer), name=names[0])

        for plan in self.plans:
            for m in plan.measures:
                cols[f"{plan.item}/{m.measure.name}"] = {
                    field: column(plan.item, names, field in _INTEGER) for field, names in m.columns
                }
            cols[f"{plan.item}/rating"] = {"rating": column(plan.item, (plan.rating,), True)}

        problems.raise_if_any()  # wrong types and sizes first, alone
        # structure checks, as the evidence classes make them
        for plan in self.plans:
            for m in plan.measures:
                fields = cols[f"{plan.item}/{m.measure.name}"]
                _validate(m, fields, problems)
            r = cols[f"{plan.item}/rating"]["rating"]
            _check(
                problems,
                r.present & ((r.values < 1) | (r.values > 4)),
                r,
                plan.item,
                "out_of_range",
                lambda v: f"expected a level 1, 2, 3 or 4, got {v!r}",
            )
        problems.raise_if_any()

        levels: dict[str, Any] = {}
        statuses: dict[str, Any] = {}
        for plan in self.plans:
            level = None
            any_measure = None
            for m in plan.measures:
                present, got = _evaluate(m, cols[f"{plan.item}/{m.measure.name}"], problems)
                if level is None:
                    level, any_measure = got, present
                else:
                    lower = (got > 0) & ((level == 0) | (got < level))
                    level = np.where(lower, got, level)
                    any_measure = any_measure | present
            rating = cols[f"{plan.item}/rating"]["rating"]
            if rating.present.any():
                panel = rating.values.astype(np.int8)
                level = panel if level is None else np.where(level > 0, level, panel)
            elif level is None:
                level = np.zeros(n, dtype=np.int8)
            status = np.full(n, _NOT_ASSESSED, dtype=np.int8)
            if any_measure is not None:
                status -= any_measure
            status[level > 0] = _RATED
            levels[plan.item] = level
            statuses[plan.item] = status
        problems.raise_if_any()

        out: dict[str, Any] = {}
        for plan in self.plans:
            level = levels[plan.item]
            out[f"{plan.item}.level"] = level
            out[f"{plan.item}.status"] = statuses[plan.item]
            out[f"{plan.item}.thrive_like"] = (level >= 3).view(np.int8) - (level == 0)
        overall = np.ones(n, dtype=bool)
        complete = np.ones(n, dtype=bool)
        for p in FRAMEWORK.principles:
            parts = [levels[i] for i in p.items]
            if len(parts) == 1:
                plevel = parts[0]
                rated = plevel > 0
                known_low = rated & (plevel < 3)
            else:
                rated = np.logical_and.reduce([lv > 0 for lv in parts])
                plevel = np.where(rated, np.minimum.reduce(parts), 0).astype(np.int8, copy=False)
                known_low = np.logical_or.reduce([(lv > 0) & (lv < 3) for lv in parts])
            good = plevel >= 3
            # 1: THRIVE-like; 0: known not to be; -1: not known
            verdict = good.view(np.int8) - (~good & ~known_low)
            overall &= good
            complete &= rated
            if principles:
                out[f"principle.{p.id}.level"] = plevel
                out[f"principle.{p.id}.thrive_like"] = verdict
        out["thrive_like"] = overall
        out["complete"] = complete
        return out


@attrs.frozen
class _Unsupported:
    dtype: Any
    length: int


def _constant(text: str) -> Callable[[int], str]:
    return lambda r: text


def _below(low: int) -> Callable[[Any], str]:
    return lambda v: f"{v!r} is below the minimum {low}"


def _validate(m: _MeasurePlan, f: dict[str, _Col], problems: _Problems) -> None:
    """The checks the evidence class of ``m`` makes when built, on whole columns."""
    np = _numpy()
    item = m.item
    if m.kind == "proportion":
        num, den, pct = f["numerator"], f["denominator"], f["percent"]
        counts = num.present | den.present
        both = counts & pct.present
        _check(
            problems,
            both,
            pct,
            item,
            "conflicting_fields",
            lambda v: "give either numerator and denominator, or percent, not both",
        )
        rows = counts & ~pct.present
        for col in (num, den):
            _check(
                problems,
                rows & ~col.present,
                col,
                item,
                "missing_field",
                lambda v: "missing; give numerator and denominator together",
            )
        _check(
            problems,
            rows & num.present & (num.values < 0),
            num,
            item,
            "out_of_range",
            lambda v: f"{v!r} is below the minimum 0",
        )
        _check(
            problems,
            rows & den.present & (den.values < 1),
            den,
            item,
            "out_of_range",
            lambda v: f"{v!r} is below the minimum 1",
        )
        above = rows & num.present & den.present & (num.values >= 0) & (den.values >= 1)
        _check(
            problems,
            above & (num.values > den.values),
            num,
            item,
            "numerator_above_denominator",
            lambda v: f"{v!r} is greater than the denominator",
        )
        _check(
            problems,
            pct.present & ~counts & ((pct.values < 0) | (pct.values > 100)),
            pct,
            item,
            "out_of_range",
            lambda v: f"{v!r} is outside 0-100",
        )
        return
    present = np.logical_or.reduce([c.present for c in f.values()])
    for field in _REQUIRED[m.kind]:
        col = f[field]
        _check(
            problems,
            present & ~col.present,
            col,
            item,
            "missing_field",
            lambda v: "required field is missing",
        )
    if m.kind == "survey":
        agree, resp, elig = f["agree"], f["respondents"], f["eligible"]
        for col, low in ((agree, 0), (resp, 0), (elig, 1)):
            _check(
                problems,
                col.present & (col.values < low),
                col,
                item,
                "out_of_range",
                _below(low),
            )
        full = agree.present & resp.present & elig.present
        ok = full & (agree.values >= 0) & (resp.values >= 0) & (elig.values >= 1)
        _check(
            problems,
            ok & (agree.values > resp.values),
            agree,
            item,
            "agree_above_respondents",
            lambda v: f"{v!r} is greater than the respondents",
        )
        _check(
            problems,
            ok & (resp.values > elig.values),
            resp,
            item,
            "respondents_above_eligible",
            lambda v: f"{v!r} is greater than the eligible staff",
        )
    elif m.kind == "count":
        col = f["count"]
        _check(
            problems,
            col.present & (col.values < 0),
            col,
            item,
            "out_of_range",
            lambda v: f"{v!r} is below the minimum 0",
        )
    else:
        mean, offered, enc = f["mean"], f["offered_percent"], f["encounters"]
        _check(
            problems,
            mean.present & ((mean.values < 0) | (mean.values > 9)),
            mean,
            item,
            "out_of_range",
            lambda v: f"{v!r} is outside 0-9",
        )
        _check(
            problems,
            offered.present & ((offered.values < 0) | (offered.values > 100)),
            offered,
            item,
            "out_of_range",
            lambda v: f"{v!r} is outside 0-100",
        )
        _check(
            problems,
            enc.present & (enc.values < 0),
            enc,
            item,
            "out_of_range",
            lambda v: f"{v!r} is below the minimum 0",
        )


def _evaluate(m: _MeasurePlan, f: dict[str, _Col], problems: _Problems) -> tuple[Any, Any]:
    """Which rows give this measure, and the level each gets (0: no level)."""
    np = _numpy()
    item = m.item
    n = next(iter(f.values())).present.shape[0]
    present = np.logical_or.reduce([c.present for c in f.values()])
    if not present.any():
        return present, np.zeros(n, dtype=np.int8)
    gate_values: dict[str, tuple[_Value, Any]] = {}
    checked: list[tuple[Any, _Col]] = []  # rows outside the domain, and the column to blame
    if m.kind == "proportion":
        num, den, pct = f["numerator"], f["denominator"], f["percent"]
        counts = num.present & den.present
        has_value = present
        band = np.zeros(n, dtype=np.int8)
        in_domain = np.ones(n, dtype=bool)
        if counts.any():
            ratio = _Value("ratio", num=num.values, den=np.where(counts, den.values, 1))
            band = np.where(counts, _count(ratio, m.cuts), band)
            if m.check_domain:
                in_domain &= ~counts | _inside(ratio, m.domain)
                checked.append((counts, num))
        percent = pct.present & ~counts
        if percent.any():
            fl = _Value("float", x=pct.values)
            band = np.where(percent, _count(fl, m.cuts), band)
            if m.check_domain:
                in_domain &= ~percent | _inside(fl, m.domain)
                checked.append((percent, pct))
        if m.gates:
            gate_values["denominator"] = (_Value("int", x=den.values), counts)
    elif m.kind == "survey":
        agree, resp, elig = f["agree"], f["respondents"], f["eligible"]
        has_value = present & (resp.values > 0)
        ratio = _Value("ratio", num=agree.values, den=np.where(has_value, resp.values, 1))
        band = _count(ratio, m.cuts)
        in_domain = _inside(ratio, m.domain) if m.check_domain else True
        checked.append((has_value, agree))
        if m.gates:
            completion = _Value("ratio", num=resp.values, den=np.where(present, elig.values, 1))
            gate_values["completion"] = (completion, present)
            gate_values["respondents"] = (_Value("int", x=resp.values), present)
            gate_values["eligible"] = (_Value("int", x=elig.values), present)
    elif m.kind == "count":
        col = f["count"]
        has_value = present
        value = _Value("int", x=col.values)
        band = _count(value, m.cuts)
        in_domain = _inside(value, m.domain) if m.check_domain else True
        checked.append((present, col))
    else:
        mean, offered, enc = f["mean"], f["offered_percent"], f["encounters"]
        has_value = present
        value = _Value("float", x=mean.values)
        band = _count(value, m.cuts)
        in_domain = _inside(value, m.domain) if m.check_domain else True
        checked.append((present, mean))
        if m.gates:
            gate_values["offered_percent"] = (_Value("float", x=offered.values), present)
            gate_values["encounters"] = (_Value("int", x=enc.values), enc.present)
    if m.check_domain:
        outside = has_value & ~in_domain
        for rows, col in checked:
            _check(
                problems,
                outside & rows,
                col,
                item,
                "out_of_range",
                _outside(m),
            )
        has_value = has_value & in_domain
    lookup = np.asarray(m.levels, dtype=np.int8)
    level = np.where(has_value, lookup[np.minimum(band, len(lookup) - 1)], 0).astype(
        np.int8, copy=False
    )
    withheld = None
    for gate in m.gates:
        if gate.effect is GateEffect.WARN:
            continue
        value, known = gate_values[gate.field]
        fires = known & has_value & _inside(value, gate.when)
        if gate.effect is GateEffect.INSUFFICIENT:
            withheld = fires if withheld is None else withheld | fires
        elif gate.level is not None:
            level = np.where(fires & (level > gate.level), gate.level, level).astype(
                np.int8, copy=False
            )
    if withheld is not None:
        level = np.where(withheld, 0, level).astype(np.int8, copy=False)
    return present, level


def _outside(m: _MeasurePlan) -> Callable[[Any], str]:
    return lambda v: f"outside the valid range {m.domain} of measure {m.measure.name!r}"


# ---------------------------------------------------------------------- output frames


def _build(
    df: Any, kept: list[str], result: dict[str, Any], plan: BatchScorer, principles: bool
) -> Any:
    nw = require("narwhals", "frames", "Batch scoring")
    np = _numpy()
    impl = df.implementation
    native = df.to_native()
    names = plan.output_columns(principles=principles)

    def parts(name: str) -> tuple[str, Any, Any]:
        data = result[name]
        if name.endswith(".status"):
            return "status", data, None
        if name.endswith(".level"):
            return "level", data, data == 0
        if name.endswith(".thrive_like"):
            return "bool", data == 1, data == -1
        return "plain", data, None

    if impl is nw.Implementation.PANDAS:
        pd = require("pandas", "pandas", "Batch scoring of pandas frames")
        status = pd.CategoricalDtype(list(STATUSES))
        columns: dict[str, Any] = {}
        for name in names:
            kind, data, mask = parts(name)
            if kind == "status":
                columns[name] = pd.Categorical.from_codes(data, dtype=status)
            elif kind == "level":
                columns[name] = pd.arrays.IntegerArray(data, mask)
            elif kind == "bool":
                columns[name] = pd.arrays.BooleanArray(data, mask)
            else:
                columns[name] = data
        results = pd.DataFrame(columns, index=native.index)
        if not kept:
            return results
        return pd.concat([native[kept], results], axis=1)
    if impl is nw.Implementation.POLARS:
        pl = require("polars", "polars", "Batch scoring of polars frames")
        enum = pl.Series("status", list(STATUSES), dtype=pl.Enum(list(STATUSES)))
        series = []
        for name in names:
            kind, data, mask = parts(name)
            if kind == "status":
                series.append(enum.gather(data.astype(np.uint32)).alias(name))
            elif kind in ("level", "bool"):
                series.append(pl.Series(name, np.ma.masked_array(data, mask)))
            else:
                series.append(pl.Series(name, data))
        if not kept:
            return pl.DataFrame(series)
        return native.select(kept).hstack(series)
    if impl is nw.Implementation.PYARROW:
        pa = require("pyarrow", "parquet", "Batch scoring of pyarrow tables")
        dictionary = pa.array(list(STATUSES))
        arrays = []
        for name in names:
            kind, data, mask = parts(name)
            if kind == "status":
                array = pa.DictionaryArray.from_arrays(pa.array(data), dictionary)
            elif kind == "level":
                array = pa.array(data, mask=mask, type=pa.int8())
            elif kind == "bool":
                array = pa.array(data, mask=mask, type=pa.bool_())
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


# ---------------------------------------------------------------------- public functions


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
    carry over (default: every column that is not evidence); with
    ``principles=False`` the principle columns are left out. Needs the
    ``frames`` extra and the frame's library.

    The same function scores each partition of a Dask DataFrame, unchanged::

        ddf.map_partitions(score_table, meta=score_table(ddf._meta))
    """
    return scorer(ruleset).score_table(frame, keep=keep, principles=principles)


def evidence_columns(ruleset: Ruleset | None = None, *, short: bool = True) -> tuple[str, ...]:
    """Every evidence column a batch table may have, in the tool's item order.

    >>> [c for c in evidence_columns() if c.startswith("micro.2.")]
    ['micro.2.numerator', 'micro.2.denominator', 'micro.2.percent', 'micro.2.rating']
    >>> [c for c in evidence_columns() if c.startswith("macro.5.")][:3]
    ['macro.5.integrate.numerator', 'macro.5.integrate.denominator', 'macro.5.integrate.percent']
    """
    return scorer(ruleset).evidence_columns(short=short)


def output_columns(ruleset: Ruleset | None = None, *, principles: bool = True) -> tuple[str, ...]:
    """The result columns :func:`score_table` adds, in order."""
    return scorer(ruleset).output_columns(principles=principles)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _python(value: Any, integer: bool) -> Any:
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
        if _missing(value):
            continue
        item, measure, field = plan.names[name]
        integer = field in _INTEGER or field == "rating"
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
