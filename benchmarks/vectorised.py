"""The vectorised limit: each item's level from numpy columns, and nothing else.

:func:`levels` is the batch reference: the fastest correct numpy we could
write for the 22 levels. Per measure it computes the banded value once (a
float ratio for counts), then counts the band edges the value passes, one
comparison per edge (``x >= edge`` for a closed lower end, ``x > edge`` for
an open one), added into an int8 column: for four bands that is about 3.5x
faster than ``numpy.searchsorted`` into the same edges (kept as
:func:`levels_searchsorted` to show it). Gates are integer comparisons
(a completion share by cross-multiplication), a survey nobody answered has no
level (D15), macro.5 takes the lower of its two measures (D9), and a rating
applies where no measure gives a level (D12). Edges, open or closed ends,
gates and band levels are read from the ruleset once (:func:`compile_plan`).
No validation, no statuses, no principles, no frame. With ``gaps=True`` a
measure whose first field is NaN gives no level (the caller knows whether
its columns have gaps, so complete columns pay for no check).

The float ratio ``numerator * 100 / denominator`` is correctly rounded, so it
lands on the right side of every whole-number edge while denominators are
far below 2**53 / 100, as they are in the benchmark's columns; the benchmark
checks every row against :mod:`ithrive.studies.batch` before timing.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import Any

import numpy as np

from benchmarks.workload import ITEMS, column_names
from ithrive.rules import GateEffect, Measure, Ruleset, default_ruleset
from ithrive.rules.interval import Interval

__all__ = ["Plan", "compile_plan", "levels", "levels_searchsorted"]


def _exact(value: Fraction, what: str) -> float:
    f = float(value)
    if Fraction(f) != value:
        raise NotImplementedError(f"{what}: {value} is not exact as a float")
    return f


class _Measure:
    """One measure compiled: edges with their ends, band levels and gates."""

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        self.kind = measure.kind
        bands = sorted(measure.bands, key=lambda b: (b.interval.lower, not b.interval.lower_closed))
        # edge i is passed by x >= edge (closed lower end) or x > edge (open)
        self.edges = [
            (_exact(b.interval.lower, measure.name), b.interval.lower_closed) for b in bands[1:]
        ]
        self.band_levels = np.array([int(b.level) for b in bands], dtype=np.int8)
        first = int(bands[0].level)
        self.base = (
            first if list(self.band_levels) == list(range(first, first + len(bands))) else None
        )
        self.gates = [g for g in measure.gates if g.effect is not GateEffect.WARN]
        # for searchsorted: one side for every edge
        closed = {c for _, c in self.edges}
        self.side = "right" if closed == {True} else "left" if closed == {False} else None
        self.sorted_edges = np.array([e for e, _ in self.edges])


#: Per item, its compiled measures.
Plan = list[tuple[str, list[_Measure]]]


def compile_plan(ruleset: Ruleset | None = None) -> Plan:
    """Per item, its measures compiled (done once, like a compiled scorer)."""
    rules = default_ruleset() if ruleset is None else ruleset
    return [(item, [_Measure(m) for m in rules.rule(item).measures]) for item in ITEMS]


def _ratio_in(num: Any, den: Any, interval: Interval) -> Any:
    """Whether ``100 * num / den`` lies in ``interval``, in integers (num, den >= 0)."""
    lo, hi = interval.lower, interval.upper
    out = None
    if lo > 0 or not interval.lower_closed:
        a, b = num * (100 * lo.denominator), den * lo.numerator
        out = a >= b if interval.lower_closed else a > b
    a, b = num * (100 * hi.denominator), den * hi.numerator
    below = a <= b if interval.upper_closed else a < b
    return below if out is None else out & below


def _plain_in(x: Any, interval: Interval) -> Any:
    lo, hi = float(interval.lower), float(interval.upper)
    out = None
    if lo > 0 or not interval.lower_closed:
        out = x >= lo if interval.lower_closed else x > lo
    below = x <= hi if interval.upper_closed else x < hi
    return below if out is None else out & below


def _value(m: _Measure, f: dict[str, Any]) -> tuple[Any, dict[str, Any], Any]:
    """The banded value, the gate quantities and the rows nobody answered (or None)."""
    nobody = None
    if m.kind == "proportion":
        if "numerator" in f:
            num, den = f["numerator"], f["denominator"]
            return num * 100.0 / den, {"denominator": ("plain", den)}, None
        return f["percent"], {}, None
    if m.kind == "survey":
        agree, resp, elig = f["agree"], f["respondents"], f["eligible"]
        nobody = resp == 0
        with np.errstate(divide="ignore", invalid="ignore"):
            x = agree * 100.0 / resp
        gates = {
            "completion": ("ratio", resp, elig),
            "respondents": ("plain", resp),
            "eligible": ("plain", elig),
        }
        return x, gates, nobody
    if m.kind == "count":
        return f["count"], {}, None
    gates = {"offered_percent": ("plain", f["offered_percent"])}
    if "encounters" in f:
        gates["encounters"] = ("plain", f["encounters"])
    return f["mean"], gates, None


def _gate(m: _Measure, level: Any, gates: dict[str, Any], nobody: Any) -> Any:
    for gate in m.gates:
        if gate.field not in gates:
            continue
        how, *values = gates[gate.field]
        fires = _ratio_in(*values, gate.when) if how == "ratio" else _plain_in(*values, gate.when)
        if gate.effect is GateEffect.INSUFFICIENT:
            np.putmask(level, fires, 0)
        elif gate.level is not None:
            cap = int(gate.level)
            np.putmask(level, fires & (level > cap), cap)
    if nobody is not None:
        np.putmask(level, nobody, 0)
    return level


def _measure(m: _Measure, f: dict[str, Any], gaps: bool) -> Any:
    x, gates, nobody = _value(m, f)
    if m.base is not None:  # levels climb one per edge: count the edges passed
        level = np.full(len(x), m.base, dtype=np.int8)
        for edge, closed in m.edges:
            level += (x >= edge) if closed else (x > edge)
    else:
        passed = np.zeros(len(x), dtype=np.int8)
        for edge, closed in m.edges:
            passed += (x >= edge) if closed else (x > edge)
        level = m.band_levels[passed]
    level = _gate(m, level, gates, nobody)
    if gaps:
        np.putmask(level, np.isnan(x), 0)  # NaN: this measure was not given
    return level


def _measure_searchsorted(m: _Measure, f: dict[str, Any], gaps: bool) -> Any:
    x, gates, nobody = _value(m, f)
    if m.side is None:
        raise NotImplementedError(f"{m.measure.name}: mixed open and closed band edges")
    level = m.band_levels[np.searchsorted(m.sorted_edges, x, side=m.side)]
    level = _gate(m, level, gates, nobody)
    if gaps:
        np.putmask(level, np.isnan(x), 0)
    return level


def _lower(a: Any, b: Any) -> Any:
    """The lower of two levels per row, where 0 (no level) loses to any level."""
    # as uint8, 0 - 1 wraps to 255: the minimum then ignores a missing level
    low = np.minimum(a.view(np.uint8) - np.uint8(1), b.view(np.uint8) - np.uint8(1))
    low += np.uint8(1)
    return low.view(np.int8)


def _levels(
    columns: dict[str, Any],
    plan: Plan,
    names: dict[str, tuple[str, str | None, str]] | None,
    gaps: bool,
    one: Any,
) -> dict[str, Any]:
    names = column_names() if names is None else names
    given: dict[tuple[str, str | None], dict[str, Any]] = defaultdict(dict)
    for name, (item, measure, fld) in names.items():
        given[item, measure][fld] = columns[name]
    out: dict[str, Any] = {}
    for item, measures in plan:
        level = None
        for m in measures:
            f = given.get((item, m.measure.name))
            if f is None:
                continue
            got = one(m, f, gaps)
            level = got if level is None else _lower(level, got)
        rating = given.get((item, None))
        if rating is not None:
            r = rating["rating"]
            if gaps:
                r = np.where(np.isnan(r), 0, r)
            r = r.astype(np.int8)
            level = r if level is None else np.where(level > 0, level, r)
        out[item] = level
    return out


def levels(
    columns: dict[str, Any],
    plan: Plan,
    names: dict[str, tuple[str, str | None, str]] | None = None,
    *,
    gaps: bool = False,
) -> dict[str, Any]:
    """Each item's level per row as int8, 0 where it has none (comparison sums)."""
    return _levels(columns, plan, names, gaps, _measure)


def levels_searchsorted(
    columns: dict[str, Any],
    plan: Plan,
    names: dict[str, tuple[str, str | None, str]] | None = None,
    *,
    gaps: bool = False,
) -> dict[str, Any]:
    """The same levels with one ``numpy.searchsorted`` per measure instead."""
    return _levels(columns, plan, names, gaps, _measure_searchsorted)
