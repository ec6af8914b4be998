"""The vectorised limit: each item's level with raw ``numpy.searchsorted``.

:func:`levels` computes every item's level for whole columns, with nothing
but numpy: the banded value per row (a float ratio for counts), one
``searchsorted`` into the measure's band edges, the gates as integer
comparisons, the lower of macro.5's two measures, the rating where no
measure gives a level. The band edges, their open or closed ends (``side``)
and the gates are read from the ruleset. No validation, no statuses, no
principles, no frame: the least work that gives the levels.

The float ratio ``numerator * 100 / denominator`` is correctly rounded, so
it lands on the right side of every whole-number edge while denominators are
far below 2**53 / 100, as they are in the benchmark's columns; the benchmark
checks every row against :func:`ithrive.batch.score_table` before timing.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import Any

import numpy as np

from benchmarks.workload import ITEMS, column_names
from ithrive.rules import GateEffect, Measure, Ruleset, default_ruleset
from ithrive.rules.interval import Interval

__all__ = ["compile_plan", "levels"]


def _ratio_in(num: Any, den: Any, interval: Interval) -> Any:
    """Whether ``100 * num / den`` lies in ``interval``, in integers."""
    lo, hi = interval.lower, interval.upper
    a, b = num * (100 * lo.denominator), den * lo.numerator
    above = a >= b if interval.lower_closed else a > b
    a, b = num * (100 * hi.denominator), den * hi.numerator
    below = a <= b if interval.upper_closed else a < b
    return above & below


def _plain_in(x: Any, interval: Interval) -> Any:
    lo, hi = float(interval.lower), float(interval.upper)
    above = x >= lo if interval.lower_closed else x > lo
    below = x <= hi if interval.upper_closed else x < hi
    return above & below


def _cuts(measure: Measure) -> tuple[Any, str, Any]:
    """Band edges for ``searchsorted``, the side, and each band's level."""
    bands = sorted(measure.bands, key=lambda b: (b.interval.lower, not b.interval.lower_closed))
    lowers = [b.interval for b in bands[1:]]
    closed = {iv.lower_closed for iv in lowers}
    if len(closed) != 1:
        raise NotImplementedError(f"{measure.name}: mixed open and closed band edges")
    for iv in lowers:
        if Fraction(float(iv.lower)) != iv.lower:
            raise NotImplementedError(f"{measure.name}: edge {iv.lower} is not a float")
    edges = np.array([float(iv.lower) for iv in lowers])
    # A value on a closed lower edge belongs to the band above it: side "right".
    side = "right" if closed.pop() else "left"
    return edges, side, np.array([int(b.level) for b in bands], dtype=np.int8)


def compile_plan(ruleset: Ruleset | None = None) -> list[tuple[str, list[tuple[Measure, Any]]]]:
    """Per item, its measures with their cuts (done once, like a compiled scorer)."""
    rules = default_ruleset() if ruleset is None else ruleset
    return [(item, [(m, _cuts(m)) for m in rules.rule(item).measures]) for item in ITEMS]


def _measure(measure: Measure, cuts: tuple[Any, str, Any], f: dict[str, Any]) -> Any:
    edges, side, band_levels = cuts
    nobody = None
    if measure.kind == "proportion":
        if "numerator" in f:
            num, den = f["numerator"], f["denominator"]
            x = num * 100.0 / den
            gate_values: dict[str, Any] = {"denominator": ("plain", den)}
        else:
            x = f["percent"]
            gate_values = {}
    elif measure.kind == "survey":
        agree, resp, elig = f["agree"], f["respondents"], f["eligible"]
        nobody = resp == 0
        x = agree * 100.0 / np.where(nobody, 1, resp)
        gate_values = {
            "completion": ("ratio", resp, elig),
            "respondents": ("plain", resp),
            "eligible": ("plain", elig),
        }
    elif measure.kind == "count":
        x = f["count"]
        gate_values = {}
    else:
        x = f["mean"]
        gate_values = {"offered_percent": ("plain", f["offered_percent"])}
        if "encounters" in f:
            gate_values["encounters"] = ("plain", f["encounters"])
    level = band_levels[np.searchsorted(edges, x, side=side)]
    for gate in measure.gates:
        if gate.effect is GateEffect.WARN or gate.field not in gate_values:
            continue
        how, *values = gate_values[gate.field]
        fires = _ratio_in(*values, gate.when) if how == "ratio" else _plain_in(*values, gate.when)
        if gate.effect is GateEffect.INSUFFICIENT:
            level = np.where(fires, 0, level)
        elif gate.level is not None:
            level = np.where(fires, np.minimum(level, int(gate.level)), level)
    if nobody is not None:
        level = np.where(nobody, 0, level)
    return level


def levels(
    columns: dict[str, Any],
    plan: list[tuple[str, list[tuple[Measure, Any]]]],
    names: dict[str, tuple[str, str | None, str]] | None = None,
) -> dict[str, Any]:
    """Each item's level per row as int8, 0 where it has none."""
    names = column_names() if names is None else names
    given: dict[tuple[str, str | None], dict[str, Any]] = defaultdict(dict)
    for name, (item, measure, fld) in names.items():
        given[item, measure][fld] = columns[name]
    out: dict[str, Any] = {}
    for item, measures in plan:
        level = None
        for m, cuts in measures:
            f = given.get((item, m.name))
            if f is None:
                continue
            got = _measure(m, cuts, f)
            level = (
                got
                if level is None
                else np.where((got > 0) & ((level == 0) | (got < level)), got, level)
            )
        rating = given.get((item, None))
        if rating is not None:
            r = rating["rating"].astype(np.int8)
            level = r if level is None else np.where(level > 0, level, r)
        out[item] = level
    return out
