"""Exact comparisons of whole columns with band and gate edges.

A ruleset's edges are exact fractions; the values in a table are int64 or
float64. A :class:`Cut` is one edge compiled for arrays (its whole-number
and float thresholds), and the value wrappers compare a column with it:
:class:`Whole` numbers in int64, :class:`Real` numbers as the binary
fractions they are, and a :class:`Share` (``100 * num / den``) in float64,
int64 or Python integers by the size of the numbers, so no row lands on the
wrong side of an edge. Each comparison returns a row set (:mod:`._rows`).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Final

import attrs

from ithrive.rules.interval import Interval
from ithrive.studies.batch._rows import complement, intersect, numpy

__all__ = ["Cut", "Real", "Share", "Whole", "inside"]

_INT64_LIMIT: Final = 2**63 - 1
_FAST_NUMERATOR: Final = 2**53 // 100
_FLOAT_EXACT: Final = 2**53


@attrs.frozen
class Cut:
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


def _ratio_exact(num: Any, den: Any, cut: Cut) -> Any:
    """``100 * num / den`` against ``cut``, decided in integers."""
    np = numpy()
    p, q = cut.value.numerator, cut.value.denominator
    top = int(num.max()) * 100 * q if num.size else 0
    bottom = abs(p) * int(den.max()) if den.size else 0
    if top > _INT64_LIMIT or bottom > _INT64_LIMIT:
        num, den = num.astype(object), den.astype(object)
    lhs = num * 100 * q
    rhs = den * p
    out = lhs >= rhs if cut.inclusive else lhs > rhs
    return np.asarray(out, dtype=bool)


def _ratio_beyond_int64(num: Any, den: Any, cut: Cut) -> Any:
    """``100 * num / den`` against an edge whose products overflow int64, exactly.

    Classified in floating point; only the rows whose float equals the
    edge's nearest float (or whose numerator is beyond float precision) are
    decided again in integers, which is exact because correctly rounded
    division is monotonic.
    """
    np = numpy()
    approx = (num * 100).astype(np.float64) / den.astype(np.float64)
    said = approx >= cut.float_threshold
    rows = np.flatnonzero((approx == cut.nearest) | (num > _FAST_NUMERATOR))
    if rows.size:
        said[rows] = _ratio_exact(num[rows], den[rows], cut)
    return said


class Whole:
    """Whole numbers per row (counts, respondents), compared with each cut in int64.

    ``lo`` and ``hi`` bound the values on the rows that use them (``None``:
    not known); a cut every such value passes, or none does, costs nothing.
    """

    __slots__ = ("hi", "lo", "x")

    def __init__(self, x: Any, lo: Any, hi: Any) -> None:
        self.x, self.lo, self.hi = x, lo, hi

    def at_least(self, cut: Cut) -> Any:
        """The rows whose value satisfies ``cut``: a row set (a fresh array if some)."""
        t = self._threshold(cut)
        if self.lo is not None and self.lo >= t:
            return True
        if self.hi is not None and self.hi < t:
            return False
        return self.x >= t

    @staticmethod
    def _threshold(cut: Cut) -> Any:
        return cut.int_threshold


class Real(Whole):
    """Floats per row (percents, means), compared with each cut's exact float threshold."""

    __slots__ = ()

    @staticmethod
    def _threshold(cut: Cut) -> Any:
        return cut.float_threshold


class Share:
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

    def at_least(self, cut: Cut) -> Any:
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


def inside(value: Any, interval: Interval) -> Any:
    """The rows whose value lies in ``interval``, as a row set."""
    low = Cut(interval.lower, interval.lower_closed)
    above = Cut(interval.upper, not interval.upper_closed)
    return intersect(value.at_least(low), complement(value.at_least(above)))
