"""The benchmark workload: seeded assessments and batch columns, generated from the ruleset.

:func:`assessments` makes JSON-like evidence documents (item id to one piece
or a list of pieces) that exercise every item, every band of every item,
every evidence kind each item accepts, panel ratings alongside measured
evidence, items not assessed and insufficient evidence (no respondents, the
micro.3a completion gate, indicator criteria missing). A share of measured
pieces are the ruleset's own boundary cases
(:func:`ithrive.rules.cases.boundary_cases`): values just below, at and just
above every band edge and gate edge.

:func:`typed` turns the same evidence into typed evidence objects, and
:func:`batch_columns` makes numeric columns for batch scoring in the
:mod:`ithrive.studies.batch` column convention.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import ithrive
from ithrive.model import FRAMEWORK
from ithrive.rules import Measure, Ruleset, default_ruleset
from ithrive.rules.cases import boundary_cases

__all__ = [
    "ITEMS",
    "TYPED",
    "Recipe",
    "assessments",
    "batch_columns",
    "build",
    "column_names",
    "coverage",
    "recipe",
    "typed",
    "with_gaps",
]

#: The 22 items in the assessment tool's order.
ITEMS: tuple[str, ...] = tuple(FRAMEWORK.item_ids)

# Shares of items, per assessment, given each way.
_NOT_ASSESSED = 0.06
_RATING_ONLY = 0.10
_RATING_TOO = 0.20
_BOUNDARY = 0.30


def _edges(measure: Measure) -> list[Fraction]:
    return sorted(
        {b.interval.lower for b in measure.bands} | {b.interval.upper for b in measure.bands}
    )


def _near(rng: random.Random, edge: Fraction) -> float:
    """A float at, or one step either side of, ``edge``."""
    f = float(edge)
    return rng.choice((math.nextafter(f, -math.inf), f, math.nextafter(f, math.inf)))


def _percent(rng: random.Random, measure: Measure) -> float | int:
    low, high = float(measure.domain.lower), float(measure.domain.upper)
    r = rng.random()
    if r < 0.2:
        value: float | int = min(max(_near(rng, rng.choice(_edges(measure))), low), high)
    elif r < 0.3:
        value = int(rng.choice(_edges(measure)))
    elif r < 0.6:
        value = round(rng.uniform(low, high), 1)
    else:
        value = rng.uniform(low, high)
    return value


def _counts(rng: random.Random, measure: Measure) -> tuple[int, int]:
    if rng.random() < 0.3:  # on an edge, or one case either side
        den = 20 * rng.randint(1, 25)
        edge = rng.choice(_edges(measure))
        num = int(edge * den / 100) + rng.choice((-1, 0, 1))
        return min(max(num, 0), den), den
    den = rng.randint(1, 400)
    return rng.randint(0, den), den


def _measured(rng: random.Random, item: str, measure: Measure, several: bool) -> dict[str, Any]:
    piece: dict[str, Any] = {"kind": measure.kind}
    if several or rng.random() < 0.2:
        piece["measure"] = measure.name
    if measure.kind == "proportion":
        if rng.random() < 0.5:
            piece["numerator"], piece["denominator"] = _counts(rng, measure)
        else:
            piece["percent"] = _percent(rng, measure)
    elif measure.kind == "survey":
        eligible = rng.randint(1, 300)
        r = rng.random()
        if r < 0.05:
            respondents = 0  # nobody answered: no agreement (D15)
        elif r < 0.3:
            respondents = max(1, eligible // 2 + rng.choice((-1, 0, 1)))  # the completion gate
            respondents = min(respondents, eligible)
        else:
            respondents = rng.randint(0, eligible)
        if respondents and rng.random() < 0.3:
            edge = rng.choice(_edges(measure))
            agree = int(edge * respondents / 100) + rng.choice((-1, 0, 1))
            agree = min(max(agree, 0), respondents)
        else:
            agree = rng.randint(0, respondents)
        piece.update(agree=agree, respondents=respondents, eligible=eligible)
    elif measure.kind == "count":
        values = measure.domain.integers()
        piece["count"] = rng.randint(values.start, values.stop - 1)
    elif measure.kind == "collaborate":
        r = rng.random()
        if r < 0.3:
            piece["mean"] = _near(rng, rng.choice(_edges(measure)))
        elif r < 0.4:
            piece["mean"] = int(rng.choice(_edges(measure)))
        else:
            piece["mean"] = round(rng.uniform(0, 9), 2)
        piece["mean"] = min(max(piece["mean"], 0), 9)
        offered = rng.random()
        piece["offered_percent"] = (
            _near(rng, Fraction(50)) if offered < 0.2 else round(rng.uniform(0, 100), 1)
        )
        if rng.random() < 0.7:
            piece["encounters"] = rng.randint(0, 60)
    else:  # pragma: no cover - the packaged ruleset has no other kind
        raise AssertionError(f"{item}: unknown measured kind {measure.kind}")
    return piece


def _indicators(rng: random.Random, rule: Any) -> dict[str, Any]:
    criteria = rule.indicators.criteria
    r = rng.random()
    if r < 0.08:
        return {"kind": "indicators", "criteria": {}}  # none given: insufficient evidence
    target = rng.randint(1, 4)  # aim at a level, so every level is reached
    given: dict[str, Any] = {}
    for c in criteria:
        values = list(c.values) if c.is_ordinal else [True, False]
        fits = [v for v in values if c.supports(v) >= target] or values
        given[c.id] = rng.choice(fits)
    if target < 4:
        exact = [
            (c, v)
            for c in criteria
            for v in (c.values if c.is_ordinal else (True, False))
            if c.supports(v) == target
        ]
        if exact:
            c, v = rng.choice(exact)
            given[c.id] = v
    if r > 0.70:  # leave some out: insufficient evidence, or not, depending on which
        given = {k: v for k, v in given.items() if rng.random() < 0.7}
    return {"kind": "indicators", "criteria": given}


def _boundary_pool(ruleset: Ruleset) -> dict[tuple[str, str], list[dict[str, Any]]]:
    pool: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for case in boundary_cases(ruleset):
        if "agree_percent" in case.evidence:
            continue  # the benchmark task gives surveys as counts, as the peers model them
        pool[case.item, case.measure].append(case.evidence)
    return pool


def assessments(n: int, seed: int = 7, ruleset: Ruleset | None = None) -> list[dict[str, Any]]:
    """``n`` JSON-like evidence mappings (item id to one piece or a list), seeded."""
    rules = default_ruleset() if ruleset is None else ruleset
    rng = random.Random(seed)
    pool = _boundary_pool(rules)
    out = []
    for _ in range(n):
        evidence: dict[str, Any] = {}
        for item in ITEMS:
            rule = rules.rule(item)
            r = rng.random()
            if r < _NOT_ASSESSED:
                continue
            rating = {"kind": "rating", "level": rng.randint(1, 4)}
            if rng.random() < 0.1:
                rating["rater"] = "panel"
            if r < _NOT_ASSESSED + _RATING_ONLY:
                evidence[item] = rating if rng.random() < 0.5 else [rating]
                continue
            pieces: list[dict[str, Any]] = []
            measures = list(rule.measures)
            if len(measures) > 1:
                pick = rng.random()
                if pick < 0.25:
                    measures = measures[:1]
                elif pick < 0.5:
                    measures = measures[1:]
            for m in measures:
                cases = pool.get((item, m.name))
                if cases and rng.random() < _BOUNDARY:
                    pieces.append(dict(rng.choice(cases)))
                else:
                    pieces.append(_measured(rng, item, m, len(rule.measures) > 1))
            if rule.indicators is not None:
                pieces.append(_indicators(rng, rule))
            if rng.random() < _RATING_TOO:
                pieces.append(rating)
            rng.shuffle(pieces)
            if len(pieces) == 1 and rng.random() < 0.5:
                evidence[item] = pieces[0]
            else:
                evidence[item] = pieces
        out.append(evidence)
    return out


#: Each JSON ``kind`` to the public ithrive class of typed evidence.
TYPED: dict[str, type[Any]] = {
    "proportion": ithrive.Proportion,
    "survey": ithrive.Survey,
    "count": ithrive.Count,
    "collaborate": ithrive.CollaboRATE,
    "rating": ithrive.Rating,
    "indicators": ithrive.Indicators,
}

#: One assessment's evidence as what a caller writes to build typed objects:
#: per item, the class and keyword arguments of each piece.
Recipe = tuple[tuple[str, tuple[tuple[type[Any], dict[str, Any]], ...]], ...]


def recipe(evidence: dict[str, Any]) -> Recipe:
    """The class and keyword arguments of every piece, per item (nothing built yet)."""
    return tuple(
        (
            item,
            tuple(
                (TYPED[p["kind"]], {k: v for k, v in p.items() if k != "kind"})
                for p in (entry if isinstance(entry, list) else [entry])
            ),
        )
        for item, entry in evidence.items()
    )


def build(prepared: Recipe) -> ithrive.EvidenceSet:
    """Build the typed evidence objects and their :class:`~ithrive.EvidenceSet`."""
    return ithrive.EvidenceSet(
        evidence={item: tuple([cls(**kw) for cls, kw in pieces]) for item, pieces in prepared}
    )


def typed(evidence: dict[str, Any]) -> ithrive.EvidenceSet:
    """The same evidence as typed objects in an :class:`~ithrive.EvidenceSet`."""
    return build(recipe(evidence))


# ---------------------------------------------------------------------- coverage


def coverage(evidence: Sequence[dict[str, Any]], cards: Sequence[Any]) -> dict[str, Any]:
    """What the workload exercises, read off the evidence and the ruleset (not the engine)."""
    rules = default_ruleset()
    bands: set[tuple[str, str, int]] = set()
    kinds: set[tuple[str, str]] = set()
    gates: set[tuple[str, str]] = set()
    for ev in evidence:
        for item, entry in ev.items():
            rule = rules.rule(item)
            for piece in entry if isinstance(entry, list) else [entry]:
                kinds.add((item, piece["kind"]))
                if piece["kind"] in ("rating", "indicators"):
                    continue
                name = piece.get("measure")
                (m,) = (
                    [rules.rule(item).measure(name)]
                    if name
                    else [m for m in rule.measures if m.kind == piece["kind"]]
                )
                value = _quantity(piece)
                if value is None:
                    continue
                for b in m.bands:
                    if b.interval.contains_ratio(value.numerator, value.denominator):
                        bands.add((item, m.name, int(b.level)))
                for g in m.gates:
                    gv = _gate_value(piece, g.field)
                    if gv is not None and g.when.contains_ratio(gv.numerator, gv.denominator):
                        gates.add((item, g.id))
    all_bands = {(r.item, m.name, int(b.level)) for r in rules for m in r.measures for b in m.bands}
    all_kinds = {(r.item, k) for r in rules for k in r.accepts}
    all_gates = {(r.item, g.id) for r in rules for m in r.measures for g in m.gates}
    statuses: dict[str, set[str]] = {}
    for card in cards:
        for r in card:
            statuses.setdefault(r.item, set()).add(getattr(r.status, "value", str(r.status)))
    levels = {(r.item, int(r.level)) for card in cards for r in card if r.level is not None}
    return {
        "bands": (len(bands & all_bands), len(all_bands)),
        "kinds": (len(kinds & all_kinds), len(all_kinds)),
        "gates": (len(gates & all_gates), len(all_gates)),
        "levels": (len(levels), 4 * len(ITEMS)),
        "insufficient": sorted(i for i, s in statuses.items() if "insufficient_evidence" in s),
        "not_assessed": sum(1 for s in statuses.values() if "not_assessed" in s),
        "missing_bands": sorted(all_bands - bands),
        "missing_kinds": sorted(all_kinds - kinds),
    }


def _quantity(piece: dict[str, Any]) -> Fraction | None:
    kind = piece["kind"]
    if kind == "proportion":
        if piece.get("numerator") is not None:
            return Fraction(100 * piece["numerator"], piece["denominator"])
        return Fraction(piece["percent"])
    if kind == "survey":
        if piece["respondents"] == 0:
            return None
        return Fraction(100 * piece["agree"], piece["respondents"])
    if kind == "count":
        return Fraction(piece["count"])
    return Fraction(piece["mean"])


def _gate_value(piece: dict[str, Any], name: str) -> Fraction | None:
    if name == "completion":
        return Fraction(100 * piece["respondents"], piece["eligible"])
    value = piece.get(name)
    return None if value is None else Fraction(value)


# ---------------------------------------------------------------------- batch columns


def column_names(ruleset: Ruleset | None = None) -> dict[str, tuple[str, str | None, str]]:
    """The batch columns used, each to ``(item, measure, field)`` (``measure`` None: rating).

    Every measured item gets numeric evidence, proportions alternately as
    counts and as percents; every item without a measure gets a rating.
    """
    rules = default_ruleset() if ruleset is None else ruleset
    out: dict[str, tuple[str, str | None, str]] = {}
    proportion = 0
    for item in ITEMS:
        rule = rules.rule(item)
        if not rule.measures:
            out[f"{item}.rating"] = (item, None, "rating")
            continue
        for m in rule.measures:
            prefix = f"{item}.{m.name}." if len(rule.measures) > 1 else f"{item}."
            if m.kind == "proportion":
                fields: tuple[str, ...] = (
                    ("numerator", "denominator") if proportion % 2 == 0 else ("percent",)
                )
                proportion += 1
            else:
                fields = {
                    "survey": ("agree", "respondents", "eligible"),
                    "count": ("count",),
                    "collaborate": ("mean", "offered_percent", "encounters"),
                }[m.kind]
            for field in fields:
                out[prefix + field] = (item, m.name, field)
    return out


def batch_columns(n: int, seed: int = 7, ruleset: Ruleset | None = None) -> dict[str, Any]:
    """``n`` rows of numeric evidence for every item, as numpy arrays by column name.

    Values are uniform over each domain, with one row in ten on a band or
    gate edge or one step either side of it, and some surveys nobody
    answered.
    """
    import numpy as np

    rules = default_ruleset() if ruleset is None else ruleset
    rng = np.random.default_rng(seed)
    names = column_names(rules)
    by_measure: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for name, (item, measure, _) in names.items():
        by_measure[item, measure].append(name)
    out: dict[str, Any] = {}

    def near(edges: list[Fraction], size: int) -> Any:
        base = rng.choice(np.array([float(e) for e in edges]), size)
        step = rng.integers(-1, 2, size)
        return np.where(
            step < 0,
            np.nextafter(base, -np.inf),
            np.where(step > 0, np.nextafter(base, np.inf), base),
        )

    for (item, measure_name), cols in by_measure.items():
        if measure_name is None:
            out[cols[0]] = rng.integers(1, 5, n)
            continue
        m = rules.rule(item).measure(measure_name)
        assert m is not None
        edges = _edges(m)
        fields = {names[c][2]: c for c in cols}
        edge_rows = rng.random(n) < 0.1
        if m.kind == "proportion" and "numerator" in fields:
            den = rng.integers(1, 1001, n)
            num = np.floor(rng.random(n) * (den + 1)).astype(np.int64)
            eden = 20 * rng.integers(1, 51, n)
            enum = (rng.choice(np.array([int(e) for e in edges]), n) * eden) // 100
            enum = np.clip(enum + rng.integers(-1, 2, n), 0, eden)
            out[fields["numerator"]] = np.where(edge_rows, enum, num)
            out[fields["denominator"]] = np.where(edge_rows, eden, den)
        elif m.kind == "proportion":
            pct = rng.random(n) * 100
            out[fields["percent"]] = np.clip(np.where(edge_rows, near(edges, n), pct), 0, 100)
        elif m.kind == "survey":
            elig = rng.integers(1, 501, n)
            resp = np.floor(rng.random(n) * (elig + 1)).astype(np.int64)
            resp = np.where(rng.random(n) < 0.03, 0, resp)
            half = rng.random(n) < 0.1  # completion at or next to 50%
            resp = np.where(half, np.clip(elig // 2 + rng.integers(-1, 2, n), 0, elig), resp)
            agree = np.floor(rng.random(n) * (resp + 1)).astype(np.int64)
            eresp = 20 * rng.integers(1, 26, n)
            eagree = (rng.choice(np.array([int(e) for e in edges]), n) * eresp) // 100
            eagree = np.clip(eagree + rng.integers(-1, 2, n), 0, eresp)
            out[fields["agree"]] = np.where(edge_rows, eagree, agree)
            out[fields["respondents"]] = np.where(edge_rows, eresp, resp)
            out[fields["eligible"]] = np.where(edge_rows, eresp * rng.integers(1, 3, n), elig)
        elif m.kind == "count":
            values = m.domain.integers()
            out[fields["count"]] = rng.integers(values.start, values.stop, n)
        else:  # collaborate
            mean = rng.random(n) * 9
            out[fields["mean"]] = np.clip(np.where(edge_rows, near(edges, n), mean), 0, 9)
            offered = rng.random(n) * 100
            offered_edge = rng.random(n) < 0.1
            out[fields["offered_percent"]] = np.clip(
                np.where(offered_edge, near([Fraction(50)], n), offered), 0, 100
            )
            out[fields["encounters"]] = rng.integers(0, 61, n)
    return {name: out[name] for name in names}


def with_gaps(columns: dict[str, Any], share: float = 0.1, seed: int = 7) -> dict[str, Any]:
    """The same columns with ``share`` of each item's evidence missing, as NaN.

    For every measure (and every rating column) a seeded ``share`` of rows
    lose all of that measure's fields at once, as when a locality did not
    run that audit or survey; the columns become float64.
    """
    import numpy as np

    rng = np.random.default_rng(seed + 1)
    groups: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for name, (item, measure, _) in column_names().items():
        if name in columns:
            groups[item, measure].append(name)
    out = dict(columns)
    for names in groups.values():
        gone = rng.random(len(columns[names[0]])) < share
        for name in names:
            col = columns[name].astype(np.float64)
            col[gone] = np.nan
            out[name] = col
    return out
