"""Batch scoring: a whole table of evidence in one call, vectorised and exact.

:func:`score_table` scores a DataFrame with one row per locality (and date)
and one column per evidence field, and returns a DataFrame of the same
library (pandas, polars or pyarrow, read through narwhals) with a level,
status and verdict per item, a level and verdict per principle, and the
overall verdict. The work is done on whole numpy columns: no Python runs per
row, and a million rows take a few tenths of a second. Results are identical
to the scalar engine :func:`ithrive.score` row by row, including rows with
missing or insufficient evidence, because the band tables, domains and gates
are compiled *from the ruleset* (a local ruleset works the same way) and
every comparison is exact (interpretation register, D16).

**Column convention.** An evidence column is named ``<item>.<field>``, or
``<item>.<measure>.<field>`` (always accepted; required where an item has
several measures, as macro.5 has ``integrate`` and ``chi_esq``). The fields:

- proportion: ``numerator`` and ``denominator``, or ``percent``;
- survey: ``agree``, ``respondents``, ``eligible``; or ``agree_percent``
  instead of ``agree`` (``respondents`` and ``eligible`` are then optional,
  as ``eligible`` is with ``agree``, except where a gate withholds the level
  below a completion figure: micro.3a);
- count: ``count``;
- collaborate: ``mean``, ``offered_percent``, optional ``encounters`` and
  ``top_score`` (read and checked, not banded: the mean decides the level);
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
A column of Python objects (pandas ``object``) is read cell by cell: numbers
count as in a numeric column; text, booleans and anything else are refused,
each cell with its row and value, as in a text or boolean column.

**Output columns.** ``<item>.level`` (nullable integer), ``<item>.status``
(categorical: ``rated``, ``insufficient_evidence``, ``not_assessed``),
``<item>.thrive_like`` (nullable boolean); ``principle.<id>.level`` and
``principle.<id>.thrive_like``; ``thrive_like`` and ``complete``. Invalid
evidence anywhere raises :class:`~ithrive.errors.InvalidEvidenceError`
listing the first problems with their row numbers (0-based positions).

**Exactness.** Counts are compared with the band edges as whole numbers. A
ratio such as ``100 * numerator / denominator`` is compared with an edge
``p/q`` as ``100*q*numerator / denominator`` against the whole number ``p``:
in float64 while ``100*q*numerator`` plus the denominator stays within
2**53, where a correctly rounded quotient cannot cross a whole number;
else by int64 floor division while the product fits; else in floating point
with the rows on the edge decided again in Python integers. A float percent
or mean is compared as the binary fraction it is: each edge becomes the
smallest float that satisfies it (an edge like 59.5 is exact in binary; for
an edge like 33.3 the comparison moves to the float on the right side), so
no value lands on the wrong side of an edge.

**Cost.** Each column is read once without a copy where its type allows
(int64 or float64 without gaps); its validity is shown by its smallest and
largest value and one comparison per ordered pair of fields, and only a
column that fails is checked row by row, to name the rows. A measure's
level is a sum of one comparison per band edge; statuses, verdicts and
principles are a few integer operations on int8 columns; the output frame
is built once from those columns.

>>> import pandas as pd
>>> from ithrive.studies.batch import score_table
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

import decimal
import functools
import itertools
import math
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any, Final

import attrs

from ithrive.base._extras import duplicate_columns, require
from ithrive.base._hints import suggest
from ithrive.errors import EvidenceError, Finding, InvalidEvidenceError, RulesetError
from ithrive.evidence.kinds import KIND_REGISTRY, Role, all_kinds
from ithrive.limits import MAX_INTEGER
from ithrive.model import FRAMEWORK
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


def _numeric(schema: Mapping[str, Any]) -> bool:
    kinds = schema.get("type", ())
    kinds = (kinds,) if isinstance(kinds, str) else kinds
    return "integer" in kinds or "number" in kinds


def _integer_field(schema: Mapping[str, Any]) -> bool:
    kinds = schema.get("type", ())
    return "integer" in ((kinds,) if isinstance(kinds, str) else kinds)


class _Fields(Mapping[str, tuple[str, ...]]):
    """The numeric fields of each measured kind, as its declaration gives them."""

    def __getitem__(self, name: str) -> tuple[str, ...]:
        declared = KIND_REGISTRY.get(name)
        if declared is None or declared.role is not Role.MEASURED:
            raise KeyError(name)
        return tuple(f for f, schema in declared.fields.items() if _numeric(schema))

    def __iter__(self) -> Iterator[str]:
        return (k.name for k in all_kinds().values() if k.role is Role.MEASURED)

    def __len__(self) -> int:
        return sum(1 for _ in self)


#: The evidence fields of each measured kind, as batch columns name them (its
#: numeric fields, from the kind registry, :mod:`ithrive.evidence.kinds`; read-only).
FIELDS: Final[Mapping[str, tuple[str, ...]]] = _Fields()


_INTEGERS: dict[str, tuple[Any, frozenset[str]]] = {}


def _integers(kind_name: str) -> frozenset[str]:
    """The fields of a kind that take whole numbers only (kept per declaration)."""
    declared = KIND_REGISTRY[kind_name]
    known = _INTEGERS.get(kind_name)
    if known is None or known[0] is not declared:
        fields = frozenset(f for f, schema in declared.fields.items() if _integer_field(schema))
        known = _INTEGERS[kind_name] = (declared, fields)
    return known[1]


def _required(kind_name: str) -> tuple[str, ...]:
    """The fields a piece of this kind cannot do without (its class's fields with no default)."""
    cls = KIND_REGISTRY[kind_name].cls
    return tuple(a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING)


def _range(kind_name: str, field: str) -> tuple[Any, Any]:
    """The minimum and maximum a field's schema gives (``None``: no bound)."""
    schema = KIND_REGISTRY[kind_name].fields[field]
    return schema.get("minimum"), schema.get("maximum")


#: The largest whole number an integer field may hold: the same limit as :func:`ithrive.score`.
MAX_WHOLE: Final = MAX_INTEGER

#: Item statuses, in the order of their codes in the output.
STATUSES: Final = ("rated", "insufficient_evidence", "not_assessed")
_RATED, _INSUFFICIENT, _NOT_ASSESSED = 0, 1, 2
_PREFIXES: Final = tuple(f"{s.id}." for s in FRAMEWORK.systems)
_MAX_PROBLEMS: Final = 50
_INT64_LIMIT: Final = 2**63 - 1
_FAST_NUMERATOR: Final = 2**53 // 100
_FLOAT_EXACT: Final = 2**53


#: Rows scored at a time by ``score_arrays`` on a larger table.
_CHUNK: Final = 1 << 20


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


def _ratio_beyond_int64(num: Any, den: Any, cut: _Cut) -> Any:
    """``100 * num / den`` against an edge whose products overflow int64, exactly.

    Classified in floating point; only the rows whose float equals the
    edge's nearest float (or whose numerator is beyond float precision) are
    decided again in integers, which is exact because correctly rounded
    division is monotonic.
    """
    np = _numpy()
    approx = (num * 100).astype(np.float64) / den.astype(np.float64)
    said = approx >= cut.float_threshold
    rows = np.flatnonzero((approx == cut.nearest) | (num > _FAST_NUMERATOR))
    if rows.size:
        said[rows] = _ratio_exact(num[rows], den[rows], cut)
    return said


# Row sets: ``True`` (every row), ``False`` (no row) or a boolean array (some
# rows). A column with no gaps, or a cut every value passes, stays a scalar:
# it costs no mask and no pass over the rows.


def _norm(mask: Any) -> Any:
    """A boolean array as a row set: ``True`` or ``False`` when it is all one value."""
    if mask.all():
        return True
    if not mask.any():
        return False
    return mask


def _and(a: Any, b: Any) -> Any:
    if a is False or b is False:
        return False
    if a is True:
        return b
    if b is True:
        return a
    return _norm(a & b)


def _or(*sets: Any) -> Any:
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
    return _norm(_numpy().logical_or.reduce(arrays))


def _not(a: Any) -> Any:
    if a is True:
        return False
    if a is False:
        return True
    return ~a


def _mask(a: Any, n: int) -> Any:
    """A row set as a boolean array of ``n`` rows."""
    np = _numpy()
    if a is True:
        return np.ones(n, dtype=bool)
    if a is False:
        return np.zeros(n, dtype=bool)
    return a


class _Whole:
    """Whole numbers per row (counts, respondents), compared with each cut in int64.

    ``lo`` and ``hi`` bound the values on the rows that use them (``None``:
    not known); a cut every such value passes, or none does, costs nothing.
    """

    __slots__ = ("hi", "lo", "x")

    def __init__(self, x: Any, lo: Any, hi: Any) -> None:
        self.x, self.lo, self.hi = x, lo, hi

    def at_least(self, cut: _Cut) -> Any:
        """The rows whose value satisfies ``cut``: a row set (a fresh array if some)."""
        t = self._threshold(cut)
        if self.lo is not None and self.lo >= t:
            return True
        if self.hi is not None and self.hi < t:
            return False
        return self.x >= t

    @staticmethod
    def _threshold(cut: _Cut) -> Any:
        return cut.int_threshold


class _Real(_Whole):
    """Floats per row (percents, means), compared with each cut's exact float threshold."""

    __slots__ = ()

    @staticmethod
    def _threshold(cut: _Cut) -> Any:
        return cut.float_threshold


class _Share:
    """``100 * num / den`` per row, with ``0 <= num <= den`` and ``den >= 1``, compared exactly.

    An edge ``p/q`` holds when ``a / den >= p`` (``x >= p/q``), or ``a / den
    > p`` (``x > p/q``), where ``a = 100*q*num`` and ``p`` is a whole number.
    One of three ways, by the size of the numbers (``top``: the largest
    numerator; ``den_top``: the largest denominator), computed once per
    ``q`` and shared by the edges with that ``q``:

    - ``a + den_top <= 2**53``: one float64 division. ``a`` and ``den`` are
      exact in floats; a quotient not equal to ``p`` is at least ``1/den``
      from it, and correct rounding could only carry it onto or across ``p``
      if ``p * den >= 2**53``, which would put ``a`` within ``den`` of
      ``2**53``. So the float comparison with ``p`` is exact: every real
      audit takes this way.
    - ``a`` fits in int64: integer division, ``a // den >= p`` or ``(a - 1)
      // den >= p``; whole-number and one-decimal edges at every count batch
      scoring takes (up to 10**15).
    - otherwise, :func:`_ratio_beyond_int64`: a float classification with
      the rows on the edge decided again in Python integers.
    """

    __slots__ = ("_cache", "den", "den_top", "num", "top")

    def __init__(self, num: Any, den: Any, top: int, den_top: int) -> None:
        self.num, self.den, self.top, self.den_top = num, den, top, den_top
        self._cache: dict[tuple[int, bool], Any] = {}

    def at_least(self, cut: _Cut) -> Any:
        v = cut.value
        if (v <= 0) if cut.inclusive else (v < 0):
            return True
        if self.top == 0 or ((v > 100) if cut.inclusive else (v >= 100)):
            return False
        p, q = v.numerator, v.denominator
        scale = 100 * q
        if self.top * scale + self.den_top <= _FLOAT_EXACT:
            quotient = self._cache.get((q, True))
            if quotient is None:
                quotient = self.num * float(scale)
                quotient /= self.den
                self._cache[q, True] = quotient  # q alone decides the way: no clash
            return quotient >= p if cut.inclusive else quotient > p
        if self.top * scale > _INT64_LIMIT:
            return _ratio_beyond_int64(self.num, self.den, cut)
        key = (q, cut.inclusive)
        floors = self._cache.get(key)
        if floors is None:
            floors = self.num * scale
            if not cut.inclusive:
                floors -= 1
            floors //= self.den
            self._cache[key] = floors
        return floors >= p


def _inside(value: Any, interval: Interval) -> Any:
    """The rows whose value lies in ``interval``, as a row set."""
    low = _Cut(interval.lower, interval.lower_closed)
    above = _Cut(interval.upper, not interval.upper_closed)
    return _and(value.at_least(low), _not(value.at_least(above)))


def _levels(value: Any, m: _MeasurePlan, n: int) -> Any:
    """Each row's level under the measure's bands, as a fresh int8 array."""
    np = _numpy()
    passed = 0
    band = None
    for cut in m.cuts:
        holds = value.at_least(cut)
        if holds is True:
            passed += 1
        elif holds is not False:
            if band is None:
                band = holds.view(np.int8)
            else:
                band += holds
    levels = m.levels
    if levels == tuple(range(levels[0], levels[0] + len(levels))):
        if band is None:
            return np.full(n, levels[0] + passed, dtype=np.int8)
        band += levels[0] + passed
        return band
    lookup = np.asarray(levels, dtype=np.int8)
    if band is None:
        return np.full(n, lookup[passed], dtype=np.int8)
    if passed:
        band += passed
    return lookup[band]


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
    #: every bound of the domain, bands and gates (for placing exact values, see _exact_cells)
    edges: tuple[Fraction, ...]

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


def _natural_range(kind_name: str) -> tuple[Any, Any]:
    """The values a kind's quantity can take once its evidence is valid (None: no upper bound)."""
    domain = KIND_REGISTRY[kind_name].value_domain
    if domain is None:
        return 0, None
    interval = Interval.parse(domain)
    return interval.lower, interval.upper


_BUILT_IN: Final = frozenset({"proportion", "survey", "count", "collaborate"})


def _unsupported(kind_name: str, gate_fields: Iterable[str]) -> str | None:
    """Why batch scoring cannot score a kind, or ``None``.

    The four built-in measured kinds have their own column arithmetic; any
    other measured kind is scored generically when its banded value is a
    field of its own (``banded_field``) and every gate tests a field.
    """
    if kind_name in _BUILT_IN:
        return None
    declared = KIND_REGISTRY.get(kind_name)
    if declared is None or declared.role is not Role.MEASURED:
        return f"batch scoring does not know {kind_name!r} evidence"
    fields = FIELDS[kind_name]
    if declared.banded_field not in fields:
        return f"{kind_name!r} evidence declares no banded field batch scoring can read"
    missing = [g for g in gate_fields if g not in fields]
    if missing:
        return f"batch scoring cannot test {missing[0]!r}: it is not a field"
    return None


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
            why = _unsupported(measure.kind, (g.field for g in measure.gates))
            if why is not None:
                raise RulesetError(
                    ruleset.name,
                    [Finding("unsupported_kind", item, f"measures.{measure.name}", why)],
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
                if gate.field not in KIND_REGISTRY[measure.kind].gate_fields:
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
                    not _covers(measure.domain, *_natural_range(measure.kind)),
                    _edges(measure),
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
        np = _numpy()
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
            value = None if values is None else _cell(values[r])
            self.errors.append(
                EvidenceError(
                    f"row {r}: {message(r)}", code=code, item=item, field=column, value=value
                )
            )
        self.more += max(rows.size - room, 0)

    def rows(self, cols: Iterable[_Col]) -> Any:
        """The rows with a problem reported in any of ``cols`` (a boolean array, or None)."""
        found = [self.cells[c.name] for c in cols if c.name in self.cells]
        return _numpy().logical_or.reduce(found) if found else None

    @property
    def total(self) -> int:
        """Problems found so far, listed or only counted."""
        return len(self.errors) + self.more

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


class _Col:
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

    def __init__(  # noqa: PLR0917 - a private record
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

    def release(self) -> None:
        """Let the filled values go, when they can be made again."""
        if self.make is not None:
            self._values = None

    @property
    def present(self) -> Any:
        """Which rows give a value, as a boolean array."""
        values = self._values
        return _mask(self.given, (self.raw if values is None else values).shape[0])

    def flagged(self, cells: Any) -> _Col:
        """This column with ``cells`` (reported already) given, as the largest whole number."""
        if cells is None:
            return self
        np = _numpy()
        values = np.where(cells, MAX_WHOLE, self.values).astype(self.values.dtype, copy=False)
        return _Col(self.name, values, _norm(self.present | cells), self.raw)

    def without(self, rows: Any) -> _Col:
        """This column with ``rows`` (a boolean array, or None: none) taken as not given."""
        if rows is None:
            return self
        np = _numpy()
        values = np.where(rows, 0, self.values).astype(self.values.dtype, copy=False)
        return _Col(self.name, values, _norm(self.present & ~rows), self.raw)


def _absent(n: int, integer: bool, name: str = "") -> _Col:
    np = _numpy()
    dtype = np.int64 if integer else np.float64
    return _Col(name, np.zeros(n, dtype=dtype), False, np.zeros(n, dtype=dtype))


def _prepare(  # noqa: PLR0917 - a private helper called in one place
    name: str,
    item: str,
    raw: Any,
    missing: Any,
    integer: bool,
    problems: _Problems,
    edges: tuple[Fraction, ...] = (),
) -> _Col:
    """Check one numeric column and fill its missing values, so arithmetic is defined.

    ``missing`` is a boolean array, or ``None`` when no value is missing (NaN
    in a float column is missing either way). A column whose given values
    are all valid is converted once, with a few reductions and no per-row
    mask (:func:`_fast_column`); any other goes through the row-by-row
    checks, which name every bad row (:func:`_checked_column`).
    """
    np = _numpy()
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


def _cell(value: Any) -> Any:
    """A cell as a plain Python value, for messages (numpy scalars unwrapped)."""
    return value.item() if isinstance(value, _numpy().generic) else value


def _objects(values: list[Any]) -> Any:
    """Python values as a one-dimensional numpy object array (nothing nested is unpacked)."""
    np = _numpy()
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _is_number(value: Any) -> bool:
    np = _numpy()
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def _is_gap(value: Any) -> bool:
    return value is None or _missing(value)


def _edges(measure: Measure) -> tuple[Fraction, ...]:
    """Every bound of a measure's domain, bands and gates: where a rounded value could go wrong."""
    spans = [measure.domain, *(b.interval for b in measure.bands), *(g.when for g in measure.gates)]
    return tuple(sorted({bound for i in spans for bound in (i.lower, i.upper)}))


def _exact_cells(raw: Any, integer: bool, edges: tuple[Fraction, ...]) -> tuple[Any, Any]:
    """``raw`` with exact numbers (``Fraction``, ``Decimal``) as ints or floats; the rows refused.

    A whole value becomes an ``int``. Another becomes its float only when the
    float lies on the same side of every edge of the measure as the exact
    value (always, unless the value is within a float's precision of an
    edge, or on an edge no float can hold): the level is then the one the
    scalar engine gives. Those few are refused (second array), so a result
    is never decided on a rounded value.
    """
    np = _numpy()
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


def _object_column(  # noqa: PLR0917 - a private helper called in one place
    name: str,
    item: str,
    raw: Any,
    missing: Any,
    integer: bool,
    problems: _Problems,
    edges: tuple[Fraction, ...] = (),
) -> _Col:
    """A column of Python objects (pandas ``object``, text, booleans...), cell by cell.

    Numbers (not booleans) are scored as a numeric column would be, exact
    fractions and decimals included (see :func:`_exact_cells`); any other
    cell is reported with its row and value. ``None`` and NaN are missing.
    """
    np = _numpy()
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
            message=lambda r: f"expected a number, got {type(raw[r]).__name__} {_cell(raw[r])!r}",
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
                f"{_cell(raw[r])!r} is of magnitude above {MAX_WHOLE}, the largest whole "
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
    col = _prepare(name, item, numeric, gaps, integer, problems)
    col.raw = given_raw
    return col


def _fast_column(name: str, raw: Any, missing: Any, integer: bool) -> _Col | None:
    """The column, when its range shows every given value is valid; else ``None``.

    Two reductions (the smallest and largest given value) instead of a mask
    per check; NaN gaps are skipped by ``fmin``/``fmax`` and filled with 0 by
    ``fmax`` when no value is negative, so a column is converted once, with
    no copy when it has no gaps and is already int64 or float64.
    """
    np = _numpy()
    n = raw.shape[0]
    real = raw.dtype.kind == "f"
    given = True if missing is None else _norm(~np.asarray(missing, dtype=bool))
    low: Any = None
    high: Any = None
    if given is True:
        missing = None  # any gap left is a NaN
        low = raw.min()  # NaN if any value is NaN: only then find them
        if real and math.isnan(low):
            given = _norm(~np.isnan(raw))
        else:
            high = raw.max()
    elif real and given is not False:
        given = _and(given, ~np.isnan(raw))
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
            # NaN gaps: filled when used (see _Col.release), checked on the raw values
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
                return _Col(name, None, given, raw, int(low), int(high), make)
            return _Col(name, None, given, raw, float(low), float(high), make)
        values = raw if given is True else np.where(given, raw, 0.0)
    else:
        values = raw if given is True else np.where(given, raw, 0)
    if not integer:
        return _Col(
            name, values.astype(np.float64, copy=False), given, raw, float(low), float(high)
        )
    if low < -MAX_WHOLE or high > MAX_WHOLE:
        return None
    if real and bool((np.floor(values) < values).any()):
        return None
    return _Col(name, values.astype(np.int64, copy=False), given, raw, int(low), int(high))


def _checked_column(  # noqa: PLR0917 - a private helper called in one place
    name: str, item: str, raw: Any, missing: Any, integer: bool, problems: _Problems
) -> _Col:
    """:func:`_prepare` row by row: every bad value is reported with its row."""
    np = _numpy()
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
                f"expected a number, got {_cell(raw[r])!r} (the column holds {raw.dtype})"
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
        return _Col(name, values, _norm(present), raw)
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
    return _Col(name, np.where(present & ~infinite, values, 0.0), _norm(present), raw)


def _check(  # noqa: PLR0917 - a private helper called everywhere alike
    problems: _Problems,
    mask: Any,
    col: _Col,
    item: str,
    code: str,
    text: Callable[[Any], str],
    *,
    piece: bool = False,
) -> None:
    problems.add(
        mask,
        item=item,
        column=col.name,
        code=code,
        message=lambda r: text(_cell(col.raw[r])),
        values=col.raw,
        piece=piece,
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
        np = _numpy()
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
        kept = other if keep is None else [keep] if isinstance(keep, str) else list(keep)
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

        np = _numpy()
        native = df.to_native()
        impl = df.implementation

        def get(name: str) -> tuple[Any, Any]:
            # the values as numpy (no copy for a numeric column without gaps) and
            # the missing rows (None: none, or marked NaN in the values)
            if impl is nw.Implementation.PANDAS:
                column = native[name]
                if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iuf":
                    return column.to_numpy(), None  # holds no null but NaN
            elif impl is nw.Implementation.POLARS:
                column = native.get_column(name)
                if column.dtype.is_numeric() and not column.null_count():
                    return column.to_numpy(), None
            series = df.get_column(name)
            size, nulls = len(series), series.null_count()
            if nulls == size:
                return np.zeros(size, dtype=np.float64), np.ones(size, dtype=bool)
            if not series.dtype.is_numeric():  # objects, text, booleans...: cell by cell
                return _objects(series.to_list()), series.is_null().to_numpy()
            if nulls == 0:
                return series.to_numpy(), None
            if series.dtype.is_float():
                values = series.to_numpy()
                if values.dtype.kind == "f":  # nulls come out as NaN, missing too
                    return values, None
            return series.fill_null(0).to_numpy(), series.is_null().to_numpy()

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
        blanks: dict[bool, Any] = {}

        def blank(integer: bool) -> Any:
            """Zeros for the columns not given, one read-only array per type."""
            if integer not in blanks:
                blanks[integer] = np.zeros(n, dtype=np.int64 if integer else np.float64)
                blanks[integer].flags.writeable = False
            return blanks[integer]

        def column(
            item: str, names: tuple[str, ...], integer: bool, edges: tuple[Fraction, ...] = ()
        ) -> _Col:
            for name in names:
                if name in given:
                    raw, missing = get(name)
                    return _prepare(name, item, raw, missing, integer, problems, edges)
            return _Col(names[0], blank(integer), False, blank(integer))

        # Every problem is reported at once, each cell once. A measure whose
        # columns have a problem at one stage (wrong types and sizes, then
        # structure, then the domain) is checked at the later stages with the
        # cells reported taken as given but unusable (structure) or its rows
        # with a problem left out (domain); it is not scored.
        bad: set[str] = set()
        for plan in self.plans:
            for m in plan.measures:
                key, before = f"{plan.item}/{m.measure.name}", problems.total
                cols[key] = {
                    field: column(plan.item, names, field in _integers(m.kind), m.edges)
                    for field, names in m.columns
                }
                if problems.total > before:
                    bad.add(key)
            key, before = f"{plan.item}/rating", problems.total
            cols[key] = {"rating": column(plan.item, (plan.rating,), True)}
            if problems.total > before:
                bad.add(key)

        # structure checks, as the evidence classes make them: row by row only
        # where the columns' ranges and rows do not already show them passed
        for plan in self.plans:
            for m in plan.measures:
                key, before = f"{plan.item}/{m.measure.name}", problems.total
                fields = cols[key]
                if key in bad:
                    # checked still, every problem reported at once: a cell reported
                    # already counts as given, and large, so no check blames another cell
                    _validate(
                        m,
                        {f: c.flagged(problems.cells.get(c.name)) for f, c in fields.items()},
                        problems,
                    )
                elif not _passes(m, fields):
                    _validate(m, fields, problems)
                    if problems.total > before:
                        bad.add(key)
                for col in fields.values():
                    col.release()
            r = cols[f"{plan.item}/rating"]["rating"]
            if f"{plan.item}/rating" in bad:
                r = r.without(problems.cells.get(r.name))  # the other rows are checked still
            if f"{plan.item}/rating" in bad or not _bounded(r, 1, 4):
                _check(
                    problems,
                    r.present & ((r.values < 1) | (r.values > 4)),
                    r,
                    plan.item,
                    "out_of_range",
                    lambda v: f"expected a level 1, 2, 3 or 4, got {v!r}",
                )
            r.release()

        # The results kept are rows of one int8 block: a million rows make it
        # large enough for huge pages, where a separate array per column
        # would pay its page faults 4 KB at a time. Temporaries are reused.
        multi = [p for p in FRAMEWORK.principles if len(p.items) > 1]
        block = np.empty((3 * len(self.plans) + 2 * len(multi), n), dtype=np.int8)
        rows = iter(block)
        out: dict[str, Any] = {}
        levels: dict[str, Any] = {}
        verdicts: dict[str, Any] = {}
        for plan in self.plans:
            level = None
            any_measure: Any = False
            for m in plan.measures:
                fields = cols.pop(f"{plan.item}/{m.measure.name}")
                if f"{plan.item}/{m.measure.name}" in bad:
                    # the table is refused; the rows without a problem are still checked
                    _evaluate(m, _without(fields, problems.rows(fields.values())), problems, n)
                    continue
                present, got = _evaluate(m, fields, problems, n)
                for col in fields.values():
                    col.release()
                any_measure = _or(any_measure, present)
                if got is None:
                    continue
                if level is None:
                    level = got
                else:
                    lower = (got > 0) & ((level == 0) | (got < level))
                    level = np.where(lower, got, level)
            rating = cols[f"{plan.item}/rating"]["rating"]
            kept = next(rows)
            if level is None:
                np.copyto(kept, rating.values, casting="unsafe")  # 0 where not given
            elif rating.given is False:
                np.copyto(kept, level)
            else:
                np.copyto(kept, np.where(level > 0, level, rating.values), casting="unsafe")
            rating.release()
            level = kept
            none = (level == 0).view(np.int8)
            status = next(rows)
            if any_measure is True:
                np.copyto(status, none)
            elif any_measure is False:
                np.multiply(none, np.int8(_NOT_ASSESSED), out=status)
            else:
                np.multiply(none, _NOT_ASSESSED - any_measure.view(np.int8), out=status)
            # 1: THRIVE-like; 0: known not to be; -1: not known
            verdict = next(rows)
            np.greater_equal(level, 3, out=verdict.view(bool))
            verdict -= none
            levels[plan.item] = level
            verdicts[plan.item] = verdict
            out[f"{plan.item}.level"] = level
            out[f"{plan.item}.status"] = status
            out[f"{plan.item}.thrive_like"] = verdict
        problems.raise_if_any()

        overall, complete = np.ones((2, n), dtype=bool)
        for p in FRAMEWORK.principles:
            if len(p.items) == 1:
                plevel = levels[p.items[0]]
                pverdict = verdicts[p.items[0]]
                good = plevel >= 3
            else:
                # levels are 0 where unrated, so the lowest is 0 unless all are rated
                plevel = next(rows)
                np.minimum(levels[p.items[0]], levels[p.items[1]], out=plevel)
                for i in p.items[2:]:
                    np.minimum(plevel, levels[i], out=plevel)
                good = plevel >= 3
                known_low = functools.reduce(np.logical_or, [verdicts[i] == 0 for i in p.items])
                pverdict = next(rows)
                np.subtract(good.view(np.int8), ~(good | known_low), out=pverdict)
            overall &= good
            complete &= plevel > 0
            if principles:
                out[f"principle.{p.id}.level"] = plevel
                out[f"principle.{p.id}.thrive_like"] = pverdict
        out["thrive_like"] = overall
        out["complete"] = complete
        return out


def _without(fields: dict[str, _Col], rows: Any) -> dict[str, _Col]:
    """A measure's columns with ``rows`` (already reported) taken as not given."""
    return {field: col.without(rows) for field, col in fields.items()}


def _below(low: int) -> Callable[[Any], str]:
    return lambda v: f"{v!r} is below the minimum {low}"


def _same_rows(*cols: _Col) -> bool:
    """Whether the columns give values on exactly the same rows."""
    np = _numpy()
    first = cols[0].given
    for col in cols[1:]:
        g = col.given
        if isinstance(first, bool) or isinstance(g, bool):
            if g is not first:
                return False
        elif g is not first and not np.array_equal(g, first):
            return False
    return True


def _bounded(col: _Col, low: int, high: int | None = None) -> bool:
    """Whether every given value of ``col`` is known to lie in ``[low, high]``."""
    if col.given is False:
        return True
    if col.lo is None:
        return False
    return bool(col.lo >= low and (high is None or col.hi <= high))


def _never_above(a: _Col, b: _Col) -> bool:
    """Whether ``a`` is at most ``b`` on every row (both filled with 0 where missing)."""
    np = _numpy()
    if a.make is not None and b.make is not None and a._values is None and b._values is None:
        # NaN gaps, not filled yet: compared as given (a NaN is never greater), no copy made
        return not bool(np.greater(a.raw, b.raw).any())
    return not bool(np.greater(a.values, b.values).any())


def _passes(m: _MeasurePlan, f: dict[str, _Col]) -> bool:
    """Whether the evidence of ``m`` passes every check of :func:`_validate`, shown cheaply.

    From the columns' ranges and rows, and one comparison per ordered pair
    of fields. ``False`` means "not shown": :func:`_validate` then checks
    row by row, and names the rows.
    """
    if m.kind == "proportion":
        num, den, pct = f["numerator"], f["denominator"], f["percent"]
        return (
            _same_rows(num, den)
            and _and(num.given, pct.given) is False
            and _bounded(num, 0)
            and _bounded(den, 1)
            and _bounded(pct, 0, 100)
            and (num.given is False or _never_above(num, den))
        )
    if m.kind == "survey":
        agree, resp, elig = f["agree"], f["respondents"], f["eligible"]
        if f["agree_percent"].given is not False:
            return False  # the share as a percent: checked row by row
        return _same_rows(agree, resp, elig) and (
            agree.given is False
            or (
                _bounded(agree, 0)
                and _bounded(resp, 0)
                and _bounded(elig, 1)
                and _never_above(agree, resp)
                and _never_above(resp, elig)
            )
        )
    if m.kind == "count":
        return _bounded(f["count"], 0)
    if m.kind == "collaborate":
        mean, offered, enc = f["mean"], f["offered_percent"], f["encounters"]
        top = f["top_score"]
        return (
            _same_rows(mean, offered)
            and _and(enc.given, _not(mean.given)) is False
            and _and(top.given, _not(mean.given)) is False
            and _bounded(mean, 0, 9)
            and _bounded(offered, 0, 100)
            and _bounded(enc, 0)
            and _bounded(top, 0, 100)
        )
    # a registered kind: its required fields together, every field within its range
    required = [f[name] for name in _required(m.kind)]
    if required and not _same_rows(*required):
        return False
    for name, col in f.items():
        optional = required and name not in _required(m.kind)
        if optional and _and(col.given, _not(required[0].given)) is not False:
            return False
        low, high = _range(m.kind, name)
        if not _bounded(col, low if low is not None else -MAX_INTEGER, high):
            return False
    return True


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
            piece=True,
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
    for field in _required(m.kind):
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
        _validate_survey(m, f, present, problems)
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
    elif m.kind == "collaborate":
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
        top = f["top_score"]
        _check(
            problems,
            top.present & ((top.values < 0) | (top.values > 100)),
            top,
            item,
            "out_of_range",
            lambda v: f"{v!r} is outside 0-100",
        )

    else:  # a registered kind: each field within the range its schema gives
        for name, col in f.items():
            low, high = _range(m.kind, name)
            outside = col.present & False
            if low is not None:
                outside = outside | (col.values < low)
            if high is not None:
                outside = outside | (col.values > high)
            _check(
                problems,
                col.present & outside,
                col,
                item,
                "out_of_range",
                _outside_range(low, high),
            )


def _validate_survey(
    m: _MeasurePlan, f: dict[str, _Col], present: Any, problems: _Problems
) -> None:
    """What a :class:`~ithrive.evidence.Survey` checks, and the fields withholding gates need."""
    item = m.item
    agree, resp, elig, pct = f["agree"], f["respondents"], f["eligible"], f["agree_percent"]
    _check(
        problems,
        agree.present & pct.present,
        pct,
        item,
        "conflicting_fields",
        lambda v: "give either agree (with respondents) or agree_percent, not both",
        piece=True,
    )
    _check(
        problems,
        present & ~agree.present & ~pct.present,
        agree,
        item,
        "missing_field",
        lambda v: "missing; give agree with respondents, or agree_percent",
    )
    _check(
        problems,
        (agree.present | elig.present) & ~resp.present,
        resp,
        item,
        "missing_field",
        lambda v: "missing; give respondents with agree or eligible",
    )
    for col, low in ((agree, 0), (elig, 1)):
        _check(problems, col.present & (col.values < low), col, item, "out_of_range", _below(low))
    for rows, low in ((~pct.present, 0), (pct.present & ~agree.present, 1)):
        _check(
            problems,
            rows & resp.present & (resp.values < low),
            resp,
            item,
            "out_of_range",
            _below(low),
        )
    _check(
        problems,
        pct.present & ((pct.values < 0) | (pct.values > 100)),
        pct,
        item,
        "out_of_range",
        lambda v: f"{v!r} is outside 0-100",
    )
    # each comparison is made where its two fields are sound, whatever the third
    sound_agree = agree.present & (agree.values >= 0)
    sound_resp = resp.present & (resp.values >= 0)
    sound_elig = elig.present & (elig.values >= 1)
    _check(
        problems,
        sound_agree & sound_resp & (agree.values > resp.values),
        agree,
        item,
        "agree_above_respondents",
        lambda v: f"{v!r} is greater than the respondents",
    )
    _check(
        problems,
        sound_resp & sound_elig & (resp.values > elig.values),
        resp,
        item,
        "respondents_above_eligible",
        lambda v: f"{v!r} is greater than the eligible staff",
    )
    # a gate that withholds the level needs the fields its own field is computed from (D35)
    needs = KIND_REGISTRY[m.kind].gate_needs
    needed = {
        name
        for gate in m.gates
        if gate.effect is GateEffect.INSUFFICIENT
        for name in needs.get(gate.field, ())
    }
    why = f"missing; {item} gives no level below its completion gate, so it needs respondents"
    # As score() does, the gate's needs are checked on a survey that is otherwise sound:
    # a piece with a problem of its own is refused before the rule sees it.
    bad = problems.rows((agree, resp, elig, pct))
    sound = _numpy().ones(len(pct.present), dtype=bool) if bad is None else ~bad
    if "respondents" in needed:
        _check(
            problems,
            sound & pct.present & ~agree.present & ~resp.present & ~elig.present,
            resp,
            item,
            "missing_field",
            lambda v: why + " and eligible",
        )
    if "eligible" in needed:
        _check(
            problems,
            # nobody responded: no agreement to band, so no gate to check (D15)
            sound
            & (agree.present | pct.present)
            & resp.present
            & (resp.values != 0)
            & ~elig.present,
            elig,
            item,
            "missing_field",
            lambda v: why + " and eligible",
        )


def _outside_range(low: Any, high: Any) -> Callable[[Any], str]:
    return lambda v: f"{v!r} is outside {low}-{high}"


def _top(col: _Col) -> int:
    """The largest value of a whole-number column (0 if none)."""
    if col.hi is not None:
        return max(int(col.hi), 0)
    return max(int(col.values.max()), 0) if col.values.size else 0


def _evaluate(m: _MeasurePlan, f: dict[str, _Col], problems: _Problems, n: int) -> tuple[Any, Any]:
    """Which rows give this measure (a row set), and each row's level.

    The level is a fresh int8 array, 0 where the row has none, or ``None``
    when no row gives the measure.
    """
    np = _numpy()
    present = _or(*(c.given for c in f.values()))
    if present is False:
        return False, None
    # each way a row can give the value: the rows, the value, the column to blame
    choices: list[tuple[Any, Any, _Col]] = []
    gates: dict[str, tuple[Callable[[], Any], Any]] = {}
    if m.kind == "proportion":
        num, den, pct = f["numerator"], f["denominator"], f["percent"]
        counts = _and(num.given, den.given)
        percent = _and(pct.given, _not(counts))
        has_value = present
        if counts is not False:
            # denominators are >= 1 where given (checked), 0 where not
            whole_den = den.values if counts is True else np.maximum(den.values, 1)
            share = _Share(num.values, whole_den, _top(num), max(_top(den), 1))
            choices.append((counts, share, num))
        if percent is not False:
            choices.append((percent, _Real(pct.values, pct.lo, pct.hi), pct))
        gates["denominator"] = (lambda: _Whole(den.values, den.lo, den.hi), counts)
    elif m.kind == "survey":
        agree, resp, elig, pct = f["agree"], f["respondents"], f["eligible"], f["agree_percent"]
        counts = agree.given
        answered = resp.lo is not None and resp.lo > 0
        agreeing = counts if answered else _and(counts, resp.values > 0)
        if counts is not False:
            # respondents and eligible staff are >= 0 and >= 1 where given, 0 where not
            everyone = counts is True and answered
            answers = resp.values if everyone else np.maximum(resp.values, 1)
            share = _Share(agree.values, answers, _top(agree), max(_top(resp), 1))
            choices.append((agreeing, share, agree))
        if pct.given is not False:  # agreement as a percent (checked: not with agree)
            choices.append((pct.given, _Real(pct.values, pct.lo, pct.hi), pct))
        has_value = _or(agreeing, pct.given)
        known = _and(resp.given, elig.given)

        def completion() -> _Share:
            staff = elig.values if known is True else np.maximum(elig.values, 1)
            return _Share(resp.values, staff, _top(resp), max(_top(elig), 1))

        gates["completion"] = (completion, known)
        gates["respondents"] = (lambda: _Whole(resp.values, resp.lo, resp.hi), resp.given)
        gates["eligible"] = (lambda: _Whole(elig.values, elig.lo, elig.hi), elig.given)
    elif m.kind == "count":
        col = f["count"]
        has_value = present
        choices.append((present, _Whole(col.values, col.lo, col.hi), col))
    elif m.kind == "collaborate":
        mean, offered, enc = f["mean"], f["offered_percent"], f["encounters"]
        has_value = present
        choices.append((present, _Real(mean.values, mean.lo, mean.hi), mean))
        gates["offered_percent"] = (
            lambda: _Real(offered.values, offered.lo, offered.hi),
            present,
        )
        gates["encounters"] = (lambda: _Whole(enc.values, enc.lo, enc.hi), enc.given)
    else:  # a registered kind: its banded field is the value, its gate fields are columns
        declared = KIND_REGISTRY[m.kind]
        integers = _integers(m.kind)
        assert declared.banded_field is not None  # checked when the plan was compiled

        def plain(col: _Col, whole: bool) -> Any:
            return (_Whole if whole else _Real)(col.values, col.lo, col.hi)

        banded = f[declared.banded_field]
        has_value = present
        choices.append((present, plain(banded, declared.banded_field in integers), banded))
        for field in declared.gate_fields:
            col = f[field]
            gates[field] = (functools.partial(plain, col, field in integers), col.given)
    if m.check_domain:
        for rows, value, col in choices:
            outside = _and(_and(rows, has_value), _not(_inside(value, m.domain)))
            if outside is not False:
                _check(problems, _mask(outside, n), col, m.item, "out_of_range", _outside(m))
    # masked numpy operations are slow on scattered rows: select by arithmetic
    level = None
    for rows, value, _ in choices:
        if rows is False:
            continue
        got = _levels(value, m, n)
        if level is None:
            level = got
        else:  # the rows of the second way (percent) take its level
            got -= level
            got *= _mask(rows, n)
            level += got
    if level is None:  # a survey nobody answered
        return present, np.zeros(n, dtype=np.int8)
    if has_value is not True:
        level *= _mask(has_value, n)
    withheld: Any = False
    for gate in m.gates:
        if gate.effect is GateEffect.WARN:
            continue
        make, known = gates[gate.field]
        fires = _and(_and(known, has_value), _inside(make(), gate.when))
        if fires is False:
            continue
        if gate.effect is GateEffect.INSUFFICIENT:
            withheld = _or(withheld, fires)
        elif gate.level is not None:  # cap: lower the level by what exceeds the cap
            excess = level - np.int8(gate.level)
            np.maximum(excess, 0, out=excess)
            if fires is not True:
                excess *= fires
            level -= excess
    if withheld is not False:
        level *= _mask(_not(withheld), n)
    return present, level


def _outside(m: _MeasurePlan) -> Callable[[Any], str]:
    return lambda v: f"outside the valid range {m.domain} of measure {m.measure.name!r}"


# ---------------------------------------------------------------------- output frames


def _build(
    df: Any, kept: list[str], result: dict[str, Any], plan: BatchScorer, principles: bool
) -> Any:
    """The output frame, built once from the result arrays, without copying them.

    Levels and verdicts become nullable columns with a validity mask taken
    from their codes (level 0 and verdict -1 are null); statuses become
    categorical columns straight from their codes.
    """
    nw = require("narwhals", "frames", "Batch scoring")
    impl = df.implementation
    native = df.to_native()
    names = plan.output_columns(principles=principles)

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
        # one block each (see _score)
        seen: set[int] = set()
        repeated = []
        for name in names:
            repeated.append(id(result[name]) in seen)
            seen.add(id(result[name]))
        np = _numpy()
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
    np = _numpy()
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
    carry over (one name or several; default: every column that is not evidence); with
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
        integer = field == "rating" or any(field in _integers(k) for k in FIELDS)
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
