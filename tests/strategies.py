"""Shared hypothesis strategies, and the expected band tables they draw from.

The tables are the interpretation register's decisions written out by hand
(D1, D2, D5, D6, D7 and the gates of D7, D8, D11). Tests compare scoring with
these literals and never read an edge from the packaged ruleset, so moving a
threshold in ``thrive-assessment.toml`` fails a test instead of passing
unnoticed.

Values are kept exact: a proportion from counts is drawn as a pair
``(numerator, denominator)`` whose ratio is known as a fraction, and a float
percent is compared with the edges as the float it is.

Each strategy is built once (``functools.cache``) and draws few, fixed-range
integers: building strategies inside a test, or drawing from ranges that
change per example, is what makes property tests slow.
"""

from __future__ import annotations

import datetime
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, TypeVar

from hypothesis import strategies as st

from ithrive.rules import Ruleset, load_ruleset
from ithrive.studies.assessment import Assessment

__all__ = [
    "AUDIT_PERCENT",
    "CHI_ESQ_PERCENT",
    "COLLABORATE_MEAN",
    "COMPLETION_MINIMUM",
    "ENCOUNTERS_MINIMUM",
    "HOSTILE_NUMBERS",
    "HOSTILE_TEXT",
    "MAX_DENOMINATOR",
    "MINDFUL_COUNT",
    "OFFERED_MINIMUM",
    "PROPORTION_MEASURES",
    "SURVEY_ITEMS",
    "BandTable",
    "batch_cells",
    "counts_by_band",
    "counts_in_domain",
    "counts_near_edge",
    "edge_neighbours",
    "float_above",
    "float_below",
    "local_audit",
    "micro_2_audit",
    "odd_local_rulesets",
    "odd_rows",
    "ordered_counts",
    "ordered_reals",
    "reals_by_band",
    "reals_in_band",
    "reals_near_edge",
    "surveys_by_completion",
    "workshop_answers",
]

#: Largest denominator (or number of respondents) drawn for counts.
MAX_DENOMINATOR = 500


@dataclass(frozen=True)
class BandTable:
    """The expected level (1-4) of a measured value, as three edges between levels.

    ``edges[i]`` separates level ``i + 1`` from level ``i + 2``. With
    ``edge_goes_up`` an edge value belongs to the higher level (bands
    ``[0, 40) [40, 60) [60, 80) [80, 100]``); without it, to the lower one
    (bands ``[0, 6] (6, 7] (7, 8] (8, 9]``). Values outside ``[low, high]``
    have no level (they are errors). ``whole`` tables take only whole
    numbers (counts).
    """

    name: str
    edges: tuple[Fraction, Fraction, Fraction]
    low: Fraction
    high: Fraction
    edge_goes_up: bool = True
    whole: bool = False

    def level(self, value: int | float | Fraction) -> int | None:
        """The expected level of ``value``, or ``None`` when it is outside the domain."""
        v = Fraction(value)
        if not self.low <= v <= self.high:
            return None
        if self.edge_goes_up:
            return 1 + sum(1 for e in self.edges if v >= e)
        return 1 + sum(1 for e in self.edges if v > e)

    def bounds(self, level: int) -> tuple[Fraction, Fraction, bool, bool]:
        """The band of ``level`` as ``(lower, upper, lower_closed, upper_closed)``."""
        lows = (self.low, *self.edges)
        highs = (*self.edges, self.high)
        if self.edge_goes_up:
            return lows[level - 1], highs[level - 1], True, level == 4
        return lows[level - 1], highs[level - 1], level == 1, True


def _edges(a: int, b: int, c: int) -> tuple[Fraction, Fraction, Fraction]:
    return Fraction(a), Fraction(b), Fraction(c)


#: D1 (and D3, D4, D5): 20/40/60/80% are the lower bounds of levels 1-4.
AUDIT_PERCENT = BandTable("D1 percent", _edges(40, 60, 80), Fraction(0), Fraction(100))

#: D2: CHI-ESQ below 70% is level 1; 70, 80, 90% start levels 2, 3, 4.
CHI_ESQ_PERCENT = BandTable("D2 CHI-ESQ", _edges(70, 80, 90), Fraction(0), Fraction(100))

#: D7: a CollaboRATE mean must be *more than* 6, 7, 8 for levels 2, 3, 4.
COLLABORATE_MEAN = BandTable(
    "D7 CollaboRATE mean", _edges(6, 7, 8), Fraction(0), Fraction(9), edge_goes_up=False
)

#: D6: MINDFUL elements in place, 0-7: 0-1 -> 1, 2 -> 2, 3 -> 3, 4-7 -> 4.
MINDFUL_COUNT = BandTable("D6 MINDFUL count", _edges(2, 3, 4), Fraction(0), Fraction(7), whole=True)

#: Proportion measures: (item, measure name to give, or None) -> expected table.
PROPORTION_MEASURES: dict[tuple[str, str | None], BandTable] = {
    ("macro.5", "integrate"): AUDIT_PERCENT,
    ("macro.5", "chi_esq"): CHI_ESQ_PERCENT,
    ("meso.5", None): AUDIT_PERCENT,
    ("micro.2", None): AUDIT_PERCENT,
    ("micro.3b", None): AUDIT_PERCENT,
    ("micro.5a", None): AUDIT_PERCENT,
    ("micro.5b", None): AUDIT_PERCENT,
    ("micro.7", None): AUDIT_PERCENT,
}

#: Staff-survey items (agreement = agree / respondents) -> expected table.
SURVEY_ITEMS: dict[str, BandTable] = {"meso.3b": AUDIT_PERCENT, "micro.3a": AUDIT_PERCENT}

#: D8, D11: survey completion (respondents / eligible) below this percent is gated.
COMPLETION_MINIMUM = Fraction(50)

#: D7: CollaboRATE offered to fewer than this percent caps the level at 1.
OFFERED_MINIMUM = Fraction(50)

#: D7: fewer complete encounters than this gives the warning ``few_encounters``.
ENCOUNTERS_MINIMUM = 25


def float_below(value: int | float | Fraction) -> float:
    """The largest float below ``value`` (an integer edge, so exactly a float)."""
    return math.nextafter(float(value), -math.inf)


def float_above(value: int | float | Fraction) -> float:
    """The smallest float above ``value``."""
    return math.nextafter(float(value), math.inf)


# A position in [0, 1] drawn once and scaled onto a range that depends on
# earlier draws: cheaper than building ``st.integers(lo, hi)`` per example,
# and it still reaches both ends (0 and _UNIT) and shrinks towards the low end.
_UNIT = 2**16
_POSITION = st.integers(0, _UNIT)
_DENOMINATOR = st.integers(1, MAX_DENOMINATOR)


T = TypeVar("T")


def _tagged(tag: int) -> Callable[[T], tuple[int, T]]:
    """A function pairing ``tag`` with a drawn value (a level, or an edge index)."""

    def pair(value: T) -> tuple[int, T]:
        return tag, value

    return pair


def _pick(position: int, span: range) -> int:
    """The element of ``span`` at ``position`` (0 .. _UNIT), ends included."""
    return span[min(position * len(span) // _UNIT, len(span) - 1)]


@functools.cache
def reals_in_band(table: BandTable, level: int) -> st.SearchStrategy[float]:
    """Floats inside the band of ``level``, open and closed ends respected."""
    low, high, low_closed, high_closed = table.bounds(level)
    return st.floats(
        min_value=float(low),
        max_value=float(high),
        exclude_min=not low_closed,
        exclude_max=not high_closed,
    )


@functools.cache
def reals_by_band(table: BandTable) -> st.SearchStrategy[tuple[int, float]]:
    """``(level, value)``: a level 1-4 and a float inside its band."""
    return st.one_of(*(reals_in_band(table, lv).map(_tagged(lv)) for lv in range(1, 5)))


@functools.cache
def reals_near_edge(table: BandTable) -> st.SearchStrategy[tuple[int, float]]:
    """``(index, value)``: a float within 1 of ``edges[index]``, either side.

    The window is ``[edge - 1, edge + 1]``, less its lower end for tables
    whose edge values go down (there ``edge - 1`` may be the previous edge).
    """
    return st.one_of(
        *(
            st.floats(float(e) - 1, float(e) + 1, exclude_min=not table.edge_goes_up).map(
                _tagged(i)
            )
            for i, e in enumerate(table.edges)
        )
    )


@functools.cache
def ordered_reals(table: BandTable) -> st.SearchStrategy[tuple[float, float]]:
    """Two floats in the table's domain, the smaller first."""
    value = st.floats(min_value=float(table.low), max_value=float(table.high))
    return st.tuples(value, value).map(lambda p: (min(p), max(p)))


def _num_range(
    den: int, low: Fraction, high: Fraction, low_closed: bool, high_closed: bool
) -> range:
    """The numerators ``n`` with ``100 * n / den`` inside the given percent interval."""
    lo = low * den / 100
    hi = high * den / 100
    first = math.ceil(lo)
    if first == lo and not low_closed:
        first += 1
    last = math.floor(hi)
    if last == hi and not high_closed:
        last -= 1
    return range(max(first, 0), min(last, den) + 1)


@functools.cache
def counts_in_band(table: BandTable, level: int) -> st.SearchStrategy[tuple[int, int]]:
    """``(numerator, denominator <= 500)`` whose exact percent is in the band of ``level``."""
    bounds = table.bounds(level)
    spans = {d: _num_range(d, *bounds) for d in range(1, MAX_DENOMINATOR + 1)}
    dens = [d for d, span in spans.items() if span]
    return st.tuples(st.sampled_from(dens), _POSITION).map(
        lambda t: (_pick(t[1], spans[t[0]]), t[0])
    )


@functools.cache
def counts_by_band(table: BandTable) -> st.SearchStrategy[tuple[int, tuple[int, int]]]:
    """``(level, (numerator, denominator))``: a level 1-4 and counts whose ratio is in its band."""
    return st.one_of(*(counts_in_band(table, lv).map(_tagged(lv)) for lv in range(1, 5)))


@functools.cache
def counts_in_domain() -> st.SearchStrategy[tuple[int, int]]:
    """Any ``(numerator, denominator)`` with ``0 <= numerator <= denominator <= 500``."""
    return st.tuples(_DENOMINATOR, _POSITION).map(lambda t: (_pick(t[1], range(t[0] + 1)), t[0]))


@functools.cache
def ordered_counts() -> st.SearchStrategy[tuple[int, int, int]]:
    """``(fewer, more, denominator)`` with ``0 <= fewer <= more <= denominator <= 500``."""

    def build(t: tuple[int, int, int]) -> tuple[int, int, int]:
        den, a, b = t
        fewer = _pick(a, range(den + 1))
        return fewer, _pick(b, range(fewer, den + 1)), den

    return st.tuples(_DENOMINATOR, _POSITION, _POSITION).map(build)


def _below(edge: Fraction, den: int) -> tuple[int, int]:
    return math.ceil(edge * den / 100) - 1, den


def _above(edge: Fraction, den: int) -> tuple[int, int]:
    return math.floor(edge * den / 100) + 1, den


def _at(edge: Fraction, k: int) -> tuple[int, int]:
    step = (edge / 100).denominator  # den must be a multiple of step for the ratio to hit the edge
    den = k * step
    return int(edge * den / 100), den


@functools.cache
def counts_near_edge(edge: Fraction, side: str) -> st.SearchStrategy[tuple[int, int]]:
    """``(numerator, denominator)`` whose exact percent sits next to ``edge``.

    ``side`` is ``"below"`` (for the drawn denominator 1-500, the largest
    ratio under the edge), ``"at"`` (exactly the edge; only denominators up
    to 500 that allow it) or ``"above"`` (the smallest ratio over the edge).
    """
    e = Fraction(edge)
    if side == "below":
        return _DENOMINATOR.map(lambda d: _below(e, d))
    if side == "above":
        return _DENOMINATOR.map(lambda d: _above(e, d))
    if side == "at":
        step = (e / 100).denominator
        return st.integers(1, MAX_DENOMINATOR // step).map(lambda k: _at(e, k))
    raise ValueError(f"side must be 'below', 'at' or 'above', got {side!r}")


@functools.cache
def edge_neighbours(
    table: BandTable,
) -> st.SearchStrategy[tuple[int, tuple[int, int], tuple[int, int], tuple[int, int]]]:
    """``(index, below, at, above)``: counts just under, exactly on and just over ``edges[index]``.

    ``below`` and ``above`` share one denominator of 1-500; ``at`` has its own
    (a multiple that lets the ratio hit the edge exactly).
    """

    def build(
        t: tuple[int, int, int],
    ) -> tuple[int, tuple[int, int], tuple[int, int], tuple[int, int]]:
        index, den, position = t
        edge = table.edges[index]
        step = (edge / 100).denominator
        k = _pick(position, range(1, MAX_DENOMINATOR // step + 1))
        return index, _below(edge, den), _at(edge, k), _above(edge, den)

    return st.tuples(st.integers(0, 2), _DENOMINATOR, _POSITION).map(build)


@functools.cache
def surveys_by_completion(side: str) -> st.SearchStrategy[tuple[int, int, int]]:
    """``(agree, respondents, eligible)`` with completion below, exactly at, or above 50%.

    Respondents are 1-500, so agreement is always defined. ``"below"``
    reaches the nearest case ``eligible = 2 * respondents + 1`` (and up to
    ten times the respondents); ``"above"`` runs from every eligible
    responding to the nearest case ``eligible = 2 * respondents - 1``.
    """

    def eligible_for(respondents: int, position: int) -> int:
        if side == "below":
            return _pick(position, range(2 * respondents + 1, 10 * respondents + 2))
        if side == "at":
            return 2 * respondents
        return _pick(position, range(respondents, 2 * respondents))

    if side not in ("below", "at", "above"):
        raise ValueError(f"side must be 'below', 'at' or 'above', got {side!r}")

    def build(t: tuple[int, int, int]) -> tuple[int, int, int]:
        respondents, a, e = t
        return _pick(a, range(respondents + 1)), respondents, eligible_for(respondents, e)

    return st.tuples(_DENOMINATOR, _POSITION, _POSITION).map(build)


def local_variant(
    item: str,
    *,
    measure: str,
    kind: str,
    domain: str,
    bands: Sequence[tuple[int, str]],
    gates: Sequence[Mapping[str, object]] = (),
    citation: str = "local standard",
) -> Ruleset:
    """The packaged ruleset with ``item`` replaced by one measure of the given bands.

    ``bands`` are ``(level, interval)`` pairs; ``gates`` are gate tables as in
    the ruleset file. Loading verifies the variant as any ruleset is.
    """
    rule: dict[str, object] = {
        "name": measure,
        "kind": kind,
        "domain": domain,
        "bands": [{"level": level, "interval": interval} for level, interval in bands],
    }
    if gates:
        rule["gates"] = [dict(g) for g in gates]
    return load_ruleset(
        {
            "ruleset": {"name": "local", "version": "1", "extends": "default"},
            "items": {item: {"citation": citation, "measures": [rule]}},
        }
    )


def local_audit() -> Ruleset:
    """The packaged ruleset with micro.2's notes audit banded locally.

    Level 2 from 45.5%, level 3 from 65% to 85% inclusive, level 4 above 85%
    (no gates): a local variant whose edges fall between the packaged ones.
    """
    return local_variant(
        "micro.2",
        measure="notes_audit",
        kind="proportion",
        domain="[0, 100]",
        bands=[(1, "[0, 45.5)"), (2, "[45.5, 65)"), (3, "[65, 85]"), (4, "(85, 100]")],
        citation="local audit standard",
    )


def micro_2_audit(locality: str, k: int, n: int, date: str = "2018-03") -> Assessment:
    """An independent evaluation of ``locality`` at ``date``: ``k`` of ``n`` notes met micro.2."""
    return Assessment.from_evidence(
        {"micro.2": {"kind": "proportion", "numerator": k, "denominator": n}},
        locality=locality,
        date=date,
        method="independent_evaluation",
    )


def batch_cells(row: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """One evidence row in the batch column convention, written apart from ithrive.studies.batch.

    A rating goes in ``<item>.rating``; a measure's fields in
    ``<item>.<measure>.<field>``, or ``<item>.<field>`` for a piece without a measure.
    """
    cells: dict[str, Any] = {}
    for item, pieces in row.items():
        for piece in pieces:
            kind = piece["kind"]
            if kind == "rating":
                cells[f"{item}.rating"] = piece["level"]
                continue
            prefix = f"{item}.{piece['measure']}" if "measure" in piece else item
            for key, value in piece.items():
                if key not in ("kind", "measure"):
                    cells[f"{prefix}.{key}"] = value
    return cells


def iso_dates() -> st.SearchStrategy[str]:
    """Assessment dates in every ISO form ithrive accepts: year, quarter, month, day."""
    days = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2060, 12, 31))
    return st.one_of(
        days.map(lambda d: f"{d.year:04d}"),
        days.map(lambda d: f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"),
        days.map(lambda d: f"{d.year:04d}-{d.month:02d}"),
        days.map(lambda d: d.isoformat()),
    )


# --------------------------------------------------------------------------- workshops

#: The status texts a stakeholder might write in a sheet, by status code
#: (``None``: a blank cell). The form's wording and the codes, in several cases.
_WRITTEN: dict[str | None, tuple[str, ...]] = {
    "in_place": ("in_place", "In place", "Already in place in my local area", " IN PLACE "),
    "in_progress": ("in_progress", "work in progress", "Not yet in place but work in progress"),
    "not_started": ("not_started", "Not started", "not in place"),
    "dont_know": ("Don't know", "dont_know"),
    None: ("", "  "),
}


def _spellings(name: str) -> st.SearchStrategy[str]:
    """A name as people type it: as is, in other cases, with stray spaces."""
    return st.sampled_from([name, name.lower(), name.upper(), f" {name}", f"{name}  "])


@functools.cache
def workshop_answers() -> st.SearchStrategy[list[dict[str, object]]]:
    """Checklist answers of one workshop as JSON documents, one per stakeholder.

    1-8 stakeholders in one of two areas and one of three sectors, answering
    the first four actions with any wording (or blank); names are spelt
    inconsistently, as people type them. Each document also says which
    status code each answer means (``"_codes"``), to check the reading.
    """
    entries = ("ck.01", "ck.02", "ck.03", "ck.04")
    codes = st.sampled_from(list(_WRITTEN))

    @st.composite
    def one(draw: st.DrawFn, n: int) -> dict[str, object]:
        picked = [draw(codes) for _ in entries]
        return {
            "instrument": "checklist",
            "respondent": f"S{n}",
            "area": draw(st.sampled_from(["Ashcombe", "Northvale"]).flatmap(_spellings)),
            "sector": draw(
                st.sampled_from(["Health", "Education", "Social care"]).flatmap(_spellings)
            ),
            "answers": {
                e: draw(st.sampled_from(_WRITTEN[c])) for e, c in zip(entries, picked, strict=True)
            },
            "_codes": dict(zip(entries, picked, strict=True)),
        }

    return st.integers(min_value=1, max_value=8).flatmap(
        lambda k: st.tuples(*(one(n) for n in range(k))).map(list)
    )


# ------------------------------------------------ odd local rulesets and their evidence

#: Edges a local ruleset may put between bands: fractional, repeating as text, on a half.
_ODD_EDGES: tuple[Fraction, ...] = (
    Fraction(1, 4),
    Fraction(25, 2),
    Fraction(333, 10),
    Fraction(50),
    Fraction(595, 10),
    Fraction(80),
    Fraction(99),
)


def _edge_text(edge: Fraction) -> str:
    """An edge as ruleset interval text (a decimal; every odd edge has one)."""
    return str(edge.numerator) if edge.denominator == 1 else str(float(edge))


@st.composite
def _odd_bands(draw: st.DrawFn, high: int, whole: bool) -> list[dict[str, object]]:
    """Four bands, levels 1-4, split at three edges, each edge open or closed on either side."""
    pool = (
        [Fraction(n) for n in range(1, high + 1)] if whole else [e * high / 100 for e in _ODD_EDGES]
    )
    cuts = sorted(draw(st.lists(st.sampled_from(pool), min_size=3, max_size=3, unique=True)))
    bands: list[dict[str, object]] = []
    low, low_open = "0", False
    for level, cut in enumerate(cuts, start=1):
        if whole:
            interval = f"[{low}, {_edge_text(cut - 1)}]"
            low = _edge_text(cut)
        else:
            closed = draw(st.booleans())
            interval = f"{'(' if low_open else '['}{low}, {_edge_text(cut)}{']' if closed else ')'}"
            low, low_open = _edge_text(cut), closed
        bands.append({"level": level, "interval": interval})
    bands.append({"level": 4, "interval": f"{'(' if low_open else '['}{low}, {high}]"})
    return bands


@st.composite
def _odd_gates(draw: st.DrawFn, fields: Sequence[tuple[str, Sequence[str]]]) -> list[object]:
    """Gates on some of ``fields`` (name, edges), each capping, withholding or warning."""
    gates: list[object] = []
    for field, edges in fields:
        if not draw(st.booleans()):
            continue
        effect = draw(st.sampled_from(["cap", "insufficient_evidence", "warn"]))
        gate: dict[str, object] = {
            "id": f"low_{field}",
            "field": field,
            "when": f"[0, {draw(st.sampled_from(edges))})",
            "effect": effect,
            "reason": "local standard",
        }
        if effect == "cap":
            gate["level"] = draw(st.integers(1, 3))
        gates.append(gate)
    return gates


def _measure(name: str, kind: str, high: int, bands: object, gates: object) -> dict[str, object]:
    rule = {"name": name, "kind": kind, "domain": f"[0, {high}]", "bands": bands}
    return {**rule, "gates": gates} if gates else rule


@functools.cache
def odd_local_rulesets() -> st.SearchStrategy[dict[str, object]]:
    """Local ruleset documents with odd bands and gates of every effect.

    micro.2 has two proportion measures (``a``, ``b``; ``b`` gated on its
    denominator); micro.3a a survey gated on completion or respondents;
    micro.1b CollaboRATE gated on offered percent or encounters; meso.2 a
    count. Edges are fractional (33.3, 59.5, 0.25), on either side of a band.
    """

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, object]:
        small = ["5", "25"]
        items = {
            "micro.2": [
                _measure("a", "proportion", 100, draw(_odd_bands(100, False)), []),
                _measure(
                    "b",
                    "proportion",
                    100,
                    draw(_odd_bands(100, False)),
                    draw(_odd_gates([("denominator", small)])),
                ),
            ],
            "micro.3a": [
                _measure(
                    "staff",
                    "survey",
                    100,
                    draw(_odd_bands(100, False)),
                    draw(_odd_gates([("completion", ["50", "33.3"]), ("respondents", small)])),
                )
            ],
            "micro.1b": [
                _measure(
                    "collaborate",
                    "collaborate",
                    9,
                    draw(_odd_bands(9, False)),
                    draw(_odd_gates([("offered_percent", ["50", "33.3"]), ("encounters", small)])),
                )
            ],
            "meso.2": [_measure("mindful", "count", 7, draw(_odd_bands(7, True)), [])],
        }
        return {
            "ruleset": {"name": "odd", "version": "1", "extends": "default"},
            "items": {
                item: {"citation": "local standard", "measures": measures}
                for item, measures in items.items()
            },
        }

    return build()


_ODD_PERCENTS = st.sampled_from(
    [0.0, 0.25, 12.5, 33.3, math.nextafter(33.3, 100), 49.99999999999999, 50.0, 59.5, 80.0, 100.0]
) | st.floats(0, 100)


@st.composite
def _odd_proportion(draw: st.DrawFn, measure: str) -> dict[str, object]:
    piece: dict[str, object] = {"kind": "proportion", "measure": measure}
    if draw(st.booleans()):
        den = draw(st.sampled_from([3, 4, 10, 200, 1000]) | st.integers(1, 400))
        piece["numerator"] = draw(st.sampled_from([0, den // 3, den * 333 // 1000, den]))
        piece["denominator"] = den
    else:
        piece["percent"] = draw(_ODD_PERCENTS)
    return piece


@st.composite
def _odd_row(draw: st.DrawFn) -> dict[str, list[dict[str, object]]]:
    row: dict[str, list[dict[str, object]]] = {}
    pieces = [draw(_odd_proportion(m)) for m in sorted(draw(st.sets(st.sampled_from("ab"))))]
    if draw(st.booleans()):
        pieces.append({"kind": "rating", "level": draw(st.integers(1, 4))})
    if pieces:
        row["micro.2"] = pieces
    if draw(st.booleans()):
        eligible = draw(st.integers(1, 60))
        answered = draw(st.sampled_from([0, eligible // 2, eligible]) | st.integers(0, eligible))
        row["micro.3a"] = [
            {
                "kind": "survey",
                "agree": draw(st.integers(0, answered)),
                "respondents": answered,
                "eligible": eligible,
            }
        ]
        if draw(st.booleans()):
            row["micro.3a"].append({"kind": "rating", "level": draw(st.integers(1, 4))})
    if draw(st.booleans()):
        piece: dict[str, object] = {
            "kind": "collaborate",
            "mean": draw(st.sampled_from([0.0, 2.9970000000000003, 4.5, 9.0]) | st.floats(0, 9)),
            "offered_percent": draw(_ODD_PERCENTS),
        }
        if draw(st.booleans()):
            piece["encounters"] = draw(st.integers(0, 40))
        row["micro.1b"] = [piece]
    if draw(st.booleans()):
        row["meso.2"] = [{"kind": "count", "count": draw(st.integers(0, 7))}]
    return row


@functools.cache
def odd_rows() -> st.SearchStrategy[dict[str, list[dict[str, object]]]]:
    """Evidence for :func:`odd_local_rulesets`: several measures, ratings, nobody answering."""
    return _odd_row()


# ----------------------------------------------------------------------------- hostile input

#: Pieces of text an attacker would try: markup, Markdown, terminal sequences,
#: bidirectional controls, lone surrogates, line breaks of every kind.
_HOSTILE_PIECES = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "`",
    "``",
    "` <b>x</b> `",
    "|",
    "\\",
    "*",
    "_",
    "[x](javascript:alert(1))",
    "![x](http://e/x.png)",
    "&lt;b&gt;",
    "&#60;",
    "# ",
    "- ",
    "1. ",
    "---",
    "    ",
    "> ",
    "\r",
    "\n",
    "\r\n",
    "\u2028",
    "\x85",
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\x9b31m",
    "\x00",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200f",
    "שלום",
    "مرحبا",
    "\ud800",
    "\udcff",
    "\ufeff",
    "micro.2",
    "é",
)

#: Text built from hostile pieces and arbitrary characters (surrogates included).
HOSTILE_TEXT: st.SearchStrategy[str] = st.lists(
    st.one_of(st.sampled_from(_HOSTILE_PIECES), st.text(max_size=3)), max_size=6
).map("".join)

#: Whole numbers an attacker would try: huge, negative, at the edges of machine sizes.
HOSTILE_NUMBERS: st.SearchStrategy[int] = st.one_of(
    st.sampled_from([0, -1, 2**31, 2**63, 2**64, 2**70, 10**15 + 1]),
    # Built when drawn: a strategy holding 10**5000 could not show itself.
    st.builds(pow, st.sampled_from([10, -10]), st.sampled_from([400, 4301, 5000])),
    st.integers(),
)


_MISSING = object()


def _survey_piece(fields: dict[str, object]) -> dict[str, object]:
    return {"kind": "survey", **{k: v for k, v in fields.items() if v is not _MISSING}}


#: Survey pieces in every form, each field absent, null or a value in or out of range.
#: Pieces whose fields contradict one another (more agreeing than respondents, more
#: respondents than eligible) are left out: JSON Schema cannot compare two fields.
survey_pieces = (
    st.fixed_dictionaries(
        {
            "agree": st.sampled_from([_MISSING, None, -1, 0, 3]),
            "respondents": st.sampled_from([_MISSING, None, -1, 0, 1, 5]),
            "eligible": st.sampled_from([_MISSING, None, 0, 5, 8]),
            "agree_percent": st.sampled_from([_MISSING, None, -1, 0, 40, 62.5, "200/3", 101]),
            "measure": st.sampled_from([_MISSING, None, "staff_survey", "other"]),
        }
    )
    .map(_survey_piece)
    .filter(
        lambda p: (
            not (
                isinstance(p.get("respondents"), int)
                and (
                    (isinstance(p.get("eligible"), int) and p["respondents"] > p["eligible"])  # type: ignore[operator]
                    or (isinstance(p.get("agree"), int) and p["agree"] > p["respondents"])  # type: ignore[operator]
                )
            )
        )
    )
)
