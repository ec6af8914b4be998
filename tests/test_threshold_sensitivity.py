"""Every threshold in the packaged ruleset is pinned: moving any one fails a test.

The packaged ruleset is read as a plain dict. For every numeric bound of every
band interval, measure domain and gate condition, mutants move that bound a
little (+-1 and +-0.5 for percents and means, +-1 for counts); where moving one
bound alone only opens a gap or an overlap, a coordinated mutant also moves
the same edge in the neighbouring band (or the domain). Each mutant must
either be refused by :func:`ithrive.load_ruleset` (:class:`ithrive.RulesetError`)
or score some probe differently from the expected model below, which is
written from the interpretation register with literal tables, never read
from the ruleset. A surviving mutant is a threshold no test would notice.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from typing import Any

import pytest
from tests.strategies import (
    COLLABORATE_MEAN,
    COMPLETION_MINIMUM,
    ENCOUNTERS_MINIMUM,
    MINDFUL_COUNT,
    OFFERED_MINIMUM,
    PROPORTION_MEASURES,
    SURVEY_ITEMS,
    BandTable,
)

import ithrive
from ithrive import CollaboRATE, Count, Proportion, Status, Survey

Evidence = Any
Outcome = tuple[Any, ...]
Path = tuple[Any, ...]

# ----------------------------------------------------------------------------- the ruleset as data

_TEXT = resources.files("ithrive.rules").joinpath("thrive-assessment.toml").read_text("utf-8")
PACKAGED: dict[str, Any] = tomllib.loads(_TEXT)

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_INTERVAL = re.compile(rf"^\s*([\[(])\s*({_NUMBER})\s*,\s*({_NUMBER})\s*([\])])\s*$")


@dataclass(frozen=True)
class Interval:
    """An interval as written in the ruleset: two bounds, each end open or closed."""

    lower: Fraction
    upper: Fraction
    lower_closed: bool
    upper_closed: bool

    @classmethod
    def parse(cls, text: str) -> Interval:
        match = _INTERVAL.match(text)
        assert match is not None, f"not an interval: {text!r}"
        left, low, high, right = match.groups()
        return cls(Fraction(low), Fraction(high), left == "[", right == "]")

    def bound(self, side: int) -> Fraction:
        return self.lower if side == 0 else self.upper

    def moved(self, side: int, delta: Fraction) -> Interval:
        if side == 0:
            return Interval(self.lower + delta, self.upper, self.lower_closed, self.upper_closed)
        return Interval(self.lower, self.upper + delta, self.lower_closed, self.upper_closed)

    def flipped(self, side: int) -> Interval:
        if side == 0:
            return Interval(self.lower, self.upper, not self.lower_closed, self.upper_closed)
        return Interval(self.lower, self.upper, self.lower_closed, not self.upper_closed)

    def __str__(self) -> str:
        def fmt(v: Fraction) -> str:
            if v.denominator == 1:
                return str(v.numerator)
            text = repr(float(v))
            assert Fraction(text) == v, f"{v} has no short decimal form"
            return text

        left = "[" if self.lower_closed else "("
        right = "]" if self.upper_closed else ")"
        return f"{left}{fmt(self.lower)}, {fmt(self.upper)}{right}"


@dataclass(frozen=True)
class Bound:
    """One numeric bound of one interval string in the ruleset dict."""

    item: str
    path: Path  # keys from the top of the dict to the interval string
    side: int  # 0: lower bound, 1: upper bound
    whole: bool  # the bounded quantity takes whole numbers only

    def interval(self, data: dict[str, Any]) -> Interval:
        return Interval.parse(_get(data, self.path))

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.path[2:])
        return f"{self.item} {where} {'lower' if self.side == 0 else 'upper'}"


def _get(data: Any, path: Path) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(data: Any, path: Path, value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


_WHOLE_GATE_FIELDS = frozenset({"encounters", "respondents", "eligible", "denominator"})


@dataclass(frozen=True)
class MeasureBounds:
    """The interval paths of one measure: its domain, its bands in order, its gates."""

    item: str
    name: str
    whole: bool
    domain: Path
    bands: tuple[Path, ...]
    gates: tuple[tuple[Path, str, str], ...]  # (path of `when`, gate id, gate field)


def measures(data: dict[str, Any]) -> list[MeasureBounds]:
    """Every measure of every item, with the paths of its interval strings."""
    out = []
    for item, body in data["items"].items():
        for mi, m in enumerate(body.get("measures", [])):
            base: Path = ("items", item, "measures", mi)
            out.append(
                MeasureBounds(
                    item=item,
                    name=m["name"],
                    whole=m["kind"] == "count",
                    domain=(*base, "domain"),
                    bands=tuple((*base, "bands", bi, "interval") for bi in range(len(m["bands"]))),
                    gates=tuple(
                        ((*base, "gates", gi, "when"), g["id"], g["field"])
                        for gi, g in enumerate(m.get("gates", []))
                    ),
                )
            )
    return out


def all_bounds(data: dict[str, Any]) -> list[Bound]:
    """Every numeric bound of every domain, band and gate interval."""
    out: list[Bound] = []
    for m in measures(data):
        for path in (m.domain, *m.bands):
            out.extend(Bound(m.item, path, side, m.whole) for side in (0, 1))
        for path, _, field in m.gates:
            out.extend(Bound(m.item, path, side, field in _WHOLE_GATE_FIELDS) for side in (0, 1))
    return out


def shared_edges(data: dict[str, Any]) -> list[tuple[Bound, Bound]]:
    """Pairs of bounds that are one edge: adjacent bands, and domain ends with the end bands.

    For real-valued bands the two bounds are equal (``[40, 60)`` and
    ``[60, 80)``); for whole-number bands they are one apart (``[2, 2]`` and
    ``[3, 3]``).
    """
    out = []
    for m in measures(data):
        bands = [Bound(m.item, p, 0, m.whole) for p in m.bands]
        uppers = [Bound(m.item, p, 1, m.whole) for p in m.bands]
        step = 1 if m.whole else 0
        for upper, lower in zip(uppers, bands[1:], strict=False):
            hi, lo = upper.interval(data).upper, lower.interval(data).lower
            assert hi + step == lo, f"{m.item} {m.name}: bands do not meet at {hi} / {lo}"
            out.append((upper, lower))
        out.append((Bound(m.item, m.domain, 0, m.whole), bands[0]))
        out.append((Bound(m.item, m.domain, 1, m.whole), uppers[-1]))
    return out


def deltas(bound: Bound) -> tuple[Fraction, ...]:
    """How far mutants move a bound: +-1 for whole numbers, +-1 and +-0.5 otherwise."""
    if bound.whole:
        return (Fraction(1), Fraction(-1))
    return (Fraction(1), Fraction(-1), Fraction(1, 2), Fraction(-1, 2))


@dataclass(frozen=True)
class Mutant:
    """The packaged ruleset with one edit: some interval strings replaced, or a gate changed."""

    item: str
    label: str
    edit: Callable[[dict[str, Any]], None]
    focus: tuple[Fraction, ...]  # values near the change, probed first

    def build(self) -> dict[str, Any]:
        """A new dict: the packaged one, with a private copy of the mutated item edited."""
        items = dict(PACKAGED["items"])
        items[self.item] = copy.deepcopy(items[self.item])
        data = {**PACKAGED, "items": items}
        self.edit(data)
        return data


def _replace(changes: list[tuple[Path, str]]) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        for path, text in changes:
            _set(data, path, text)

    return edit


def moved(bounds: tuple[Bound, ...], delta: Fraction) -> Mutant:
    changes = []
    focus = []
    for b in bounds:
        iv = b.interval(PACKAGED)
        changes.append((b.path, str(iv.moved(b.side, delta))))
        focus += [iv.bound(b.side), iv.bound(b.side) + delta]
    label = " & ".join(str(b) for b in bounds) + f" moved by {delta}"
    return Mutant(bounds[0].item, label, _replace(changes), tuple(focus))


def flipped(bounds: tuple[Bound, ...]) -> Mutant:
    changes = []
    focus = []
    for b in bounds:
        iv = b.interval(PACKAGED)
        changes.append((b.path, str(iv.flipped(b.side))))
        focus.append(iv.bound(b.side))
    label = " & ".join(str(b) for b in bounds) + " open/closed swapped"
    return Mutant(bounds[0].item, label, _replace(changes), tuple(focus))


# ----------------------------------------------------------------------------- the expected model


def _percent_of(num: int, den: int) -> Fraction:
    return Fraction(100 * num, den)


def expected_outcome(item: str, ev: Evidence) -> Outcome:
    """What the interpretation register says one piece of evidence scores, from literals.

    ``("error",)`` for evidence outside a measure's domain, else
    ``(status, level, warning codes)``.
    """
    if isinstance(ev, Proportion):
        table = PROPORTION_MEASURES[(item, ev.measure)]
        assert ev.numerator is not None
        assert ev.denominator is not None
        warn = {"measure_missing"} if item == "macro.5" else set()
        return _rated(table, _percent_of(ev.numerator, ev.denominator), warn)
    if isinstance(ev, Survey):
        completion = _percent_of(ev.respondents, ev.eligible)
        low = completion < COMPLETION_MINIMUM
        if item == "micro.3a" and low:
            return (Status.INSUFFICIENT_EVIDENCE, None, frozenset())
        warn = {"low_completion"} if item == "meso.3b" and low else set()
        return _rated(SURVEY_ITEMS[item], _percent_of(ev.agree, ev.respondents), warn)
    if isinstance(ev, Count):
        return _rated(MINDFUL_COUNT, Fraction(ev.count), set())
    if isinstance(ev, CollaboRATE):
        if ev.encounters is None:
            warn = {"few_encounters_unchecked"}
        else:
            warn = {"few_encounters"} if ev.encounters < ENCOUNTERS_MINIMUM else set()
        outcome = _rated(COLLABORATE_MEAN, Fraction(ev.mean), warn)
        if Fraction(ev.offered_percent) < OFFERED_MINIMUM and outcome[0] is Status.RATED:
            return (Status.RATED, 1, outcome[2])
        return outcome
    raise AssertionError(f"no expectation for {ev!r}")


def _rated(table: BandTable, value: Fraction, warn: set[str]) -> Outcome:
    level = table.level(value)
    if level is None:
        return ("error",)
    return (Status.RATED, level, frozenset(warn))


def actual_outcome(item: str, ev: Evidence, ruleset: ithrive.Ruleset) -> Outcome:
    """What scoring under ``ruleset`` gives, in the same form as :func:`expected_outcome`."""
    try:
        res = ithrive.score({item: ev}, ruleset=ruleset)[item]
    except ithrive.InvalidEvidenceError:
        return ("error",)
    return (
        res.status,
        None if res.level is None else int(res.level),
        frozenset(w.code for w in res.warnings),
    )


# ----------------------------------------------------------------------------- probes

_NEAR = (
    Fraction(-1),
    Fraction(-1, 2),
    Fraction(-1, 1000),
    Fraction(0),
    Fraction(1, 1000),
    Fraction(1, 2),
    Fraction(1),
)
_NEAR_DYADIC = (
    Fraction(-1),
    Fraction(-1, 2),
    Fraction(-1, 1024),
    Fraction(0),
    Fraction(1, 1024),
    Fraction(1, 2),
    Fraction(1),
)


def _around(
    points: tuple[Fraction, ...], low: Fraction, high: Fraction, near: tuple[Fraction, ...] = _NEAR
) -> list[Fraction]:
    return sorted({p + d for p in points for d in near if low <= p + d <= high})


def _as_counts(percent: Fraction) -> tuple[int, int]:
    """Counts whose exact ratio is ``percent``: n of 100 m for percent n / m."""
    return percent.numerator, 100 * percent.denominator


@dataclass(frozen=True)
class Probe:
    """One piece of evidence for one item, and the value near which it tests."""

    item: str
    evidence: Evidence
    value: Fraction


def probes_for(item: str) -> list[Probe]:
    """Evidence for ``item`` near every literal edge and domain end, and near each gate's edge."""
    out: list[Probe] = []
    zero, hundred = Fraction(0), Fraction(100)
    for (it, measure), table in PROPORTION_MEASURES.items():
        if it != item:
            continue
        for v in _around((zero, hundred, *table.edges), zero, hundred):
            num, den = _as_counts(v)
            out.append(Probe(item, Proportion(numerator=num, denominator=den, measure=measure), v))
    if item in SURVEY_ITEMS:
        for v in _around((zero, hundred, *SURVEY_ITEMS[item].edges), zero, hundred):
            agree, respondents = _as_counts(v)
            out.append(
                Probe(item, Survey(agree=agree, respondents=respondents, eligible=respondents), v)
            )
        for c in _around((zero, COMPLETION_MINIMUM, hundred), zero, hundred):
            if c == 0:
                continue  # no respondents: no agreement to rate either way
            respondents, eligible = _as_counts(c)
            out.append(
                Probe(
                    item, Survey(agree=respondents, respondents=respondents, eligible=eligible), c
                )
            )
    if item == "meso.2":
        out += [Probe(item, Count(count=c), Fraction(c)) for c in range(10)]
    if item == "micro.1b":
        nine = Fraction(9)
        for m in _around((zero, nine, *COLLABORATE_MEAN.edges), zero, nine, _NEAR_DYADIC):
            out.append(
                Probe(item, CollaboRATE(mean=float(m), offered_percent=100.0, encounters=100), m)
            )
        for o in _around((zero, OFFERED_MINIMUM, hundred), zero, hundred, _NEAR_DYADIC):
            out.append(
                Probe(item, CollaboRATE(mean=9.0, offered_percent=float(o), encounters=100), o)
            )
        for n in (0, 1, 2, 23, 24, 25, 26, 27, 100):
            out.append(
                Probe(item, CollaboRATE(mean=9.0, offered_percent=100.0, encounters=n), Fraction(n))
            )
        out.append(Probe(item, CollaboRATE(mean=9.0, offered_percent=100.0), Fraction(-100)))
    return out


_PROBES: dict[str, list[Probe]] = {}


def probes(item: str) -> list[Probe]:
    if item not in _PROBES:
        _PROBES[item] = probes_for(item)
    return _PROBES[item]


# ----------------------------------------------------------------------------- running mutants


def verdict(mutant: Mutant) -> str | None:
    """``None`` when the mutant is caught (refused, or a probe scores differently), else why not."""
    try:
        ruleset = ithrive.load_ruleset(mutant.build())
    except ithrive.RulesetError:
        return None
    near = sorted(probes(mutant.item), key=lambda p: min(abs(p.value - f) for f in mutant.focus))
    for probe in near:
        if expected_outcome(probe.item, probe.evidence) != actual_outcome(
            probe.item, probe.evidence, ruleset
        ):
            return None
    return f"{mutant.label}: loads, and agrees with the expected model at all {len(near)} probes"


def survivors(mutants: Iterator[Mutant]) -> list[str]:
    """Why each surviving mutant survived; empty when every mutant is caught."""
    out = [why for m in mutants if (why := verdict(m)) is not None]
    assert tomllib.loads(_TEXT) == PACKAGED, "a mutant leaked into the shared packaged dict"
    return out


def single_bound_mutants() -> Iterator[Mutant]:
    for bound in all_bounds(PACKAGED):
        for delta in deltas(bound):
            yield moved((bound,), delta)


def coordinated_mutants() -> Iterator[Mutant]:
    for a, b in shared_edges(PACKAGED):
        for delta in deltas(a):
            yield moved((a, b), delta)


def closedness_mutants() -> Iterator[Mutant]:
    for a, b in shared_edges(PACKAGED):
        if not a.whole:
            yield flipped((a, b))
    for m in measures(PACKAGED):
        for path, _, _ in m.gates:
            yield flipped((Bound(m.item, path, 1, False),))


def gate_effect_mutants() -> Iterator[Mutant]:
    """Each gate with another effect, and the cap gate capping at another level."""
    for m in measures(PACKAGED):
        for path, gate_id, _ in m.gates:
            gate_path = path[:-1]
            gate = _get(PACKAGED, gate_path)
            for effect in ("cap", "warn", "insufficient_evidence"):
                if effect != gate["effect"]:
                    yield _gate_mutant(
                        m.item, gate_path, gate_id, effect, 1 if effect == "cap" else None
                    )
            if gate["effect"] == "cap":
                for level in (2, 3, 4):
                    yield _gate_mutant(m.item, gate_path, gate_id, "cap", level)


def _gate_mutant(
    item: str, gate_path: Path, gate_id: str, effect: str, level: int | None
) -> Mutant:
    def edit(data: dict[str, Any]) -> None:
        gate = _get(data, gate_path)
        gate["effect"] = effect
        gate.pop("level", None)
        if level is not None:
            gate["level"] = level

    when = Interval.parse(_get(PACKAGED, (*gate_path, "when")))
    label = f"{item} gate {gate_id} as {effect}" + (f" at level {level}" if level else "")
    return Mutant(item, label, edit, (when.lower, when.upper))


# ----------------------------------------------------------------------------- tests

#: The measured items and their measures, as the register lists them.
EXPECTED_MEASURES = {
    ("macro.5", "integrate"),
    ("macro.5", "chi_esq"),
    ("meso.2", "mindful"),
    ("meso.3b", "staff_survey"),
    ("meso.5", "nice_alignment_audit"),
    ("micro.1b", "collaborate"),
    ("micro.2", "notes_audit"),
    ("micro.3a", "staff_survey"),
    ("micro.3b", "endings_audit"),
    ("micro.5a", "sessions_audit"),
    ("micro.5b", "goals_audit"),
    ("micro.7", "risk_plan_audit"),
}

#: The gates, as the register lists them: (item, gate id, field).
EXPECTED_GATES = {
    ("meso.3b", "low_completion", "completion"),
    ("micro.1b", "few_offered", "offered_percent"),
    ("micro.1b", "few_encounters", "encounters"),
    ("micro.3a", "low_completion", "completion"),
}


class TestTheMutantsReachEveryThreshold:
    """The mutation run is only as good as its reach: it must see every measure,
    band and gate of the packaged ruleset, and the unmutated ruleset must agree
    with the expected model everywhere it probes.
    """

    def test_the_ruleset_has_exactly_the_measured_items_the_model_expects(self) -> None:
        """A new measure needs an expected table before its thresholds can be pinned."""
        assert EXPECTED_MEASURES == {(m.item, m.name) for m in measures(PACKAGED)}

    def test_the_ruleset_has_exactly_the_gates_the_model_expects(self) -> None:
        """A new gate needs an expected behaviour before its edge can be pinned."""
        actual = {
            (m.item, gate_id, field) for m in measures(PACKAGED) for _, gate_id, field in m.gates
        }
        assert EXPECTED_GATES == actual

    def test_every_bound_is_found(self) -> None:
        """12 measures x (domain + 4 bands) x 2 bounds, plus 4 gates x 2 bounds: 128 bounds."""
        assert 128 == len(all_bounds(PACKAGED))

    def test_every_band_table_has_four_bands_meeting_edge_to_edge(self) -> None:
        """3 shared edges between bands, and 2 domain ends, per measure."""
        assert 12 * 5 == len(shared_edges(PACKAGED))

    @pytest.mark.parametrize("item", sorted({m[0] for m in EXPECTED_MEASURES}))
    def test_the_packaged_ruleset_agrees_with_the_expected_model_at_every_probe(
        self, item: str
    ) -> None:
        """Unmutated, every probe scores as the literal model says (else mutants prove nothing)."""
        ruleset = ithrive.load_ruleset(copy.deepcopy(PACKAGED))
        expected = [(p.evidence, expected_outcome(item, p.evidence)) for p in probes(item)]
        actual = [(p.evidence, actual_outcome(item, p.evidence, ruleset)) for p in probes(item)]
        assert expected == actual

    def test_a_mutant_that_changes_nothing_is_reported_as_a_survivor(self) -> None:
        """The harness can fail: an edit that leaves the ruleset as it is survives every probe."""
        unchanged = Mutant("micro.2", "micro.2 unchanged", lambda data: None, (Fraction(60),))
        assert [
            f"micro.2 unchanged: loads, and agrees with the expected model"
            f" at all {len(probes('micro.2'))} probes"
        ] == survivors(iter([unchanged]))

    def test_a_mutated_copy_loads_unchanged_when_nothing_moves(self) -> None:
        """Rewriting every interval string through this module's parser changes nothing."""
        data = copy.deepcopy(PACKAGED)
        for bound in all_bounds(data):
            _set(data, bound.path, str(bound.interval(data)))
        assert PACKAGED == data


class TestNoThresholdMutantSurvives:
    """Moving any single threshold in ``thrive-assessment.toml`` must fail a test.

    Every mutant is either refused when loaded (``RulesetError``: a gap, an
    overlap, a bound outside the domain) or scores some probe differently from
    the expected model.
    """

    def test_no_single_bound_mutant_survives(self) -> None:
        """Each bound of each domain, band and gate moved alone by +-1 (and +-0.5 for reals)."""
        assert [] == survivors(single_bound_mutants())

    def test_no_coordinated_edge_mutant_survives(self) -> None:
        """Each shared edge moved in both neighbouring bands (or band and domain) together."""
        assert [] == survivors(coordinated_mutants())

    def test_no_open_closed_swap_survives(self) -> None:
        """Each shared band edge handed to the other band; each gate's upper edge made inclusive."""
        assert [] == survivors(closedness_mutants())

    def test_no_gate_effect_mutant_survives(self) -> None:
        """Each gate with another effect, and the cap gate capping at level 2, 3 or 4."""
        assert [] == survivors(gate_effect_mutants())


class TestMalformedThresholdsAreRefused:
    """A threshold that is not a number, or an interval that is not one, fails when loaded."""

    @pytest.mark.parametrize("text", ["[40, 60", "40-60", "[forty, 60)", "[40; 60)", ""])
    def test_an_unparseable_interval_is_refused_with_a_ruleset_error(self, text: str) -> None:
        """The loader reports a bad interval as a finding, not as a foreign exception."""
        data = copy.deepcopy(PACKAGED)
        _set(data, ("items", "micro.2", "measures", 0, "bands", 1, "interval"), text)
        with pytest.raises(ithrive.RulesetError) as caught:
            ithrive.load_ruleset(data)
        assert {"micro.2"} == {f.item for f in caught.value.findings}

    def test_a_number_instead_of_an_interval_is_refused(self) -> None:
        """``interval = 40`` is not an interval."""
        data = copy.deepcopy(PACKAGED)
        _set(data, ("items", "micro.2", "measures", 0, "bands", 1, "interval"), 40)
        with pytest.raises(ithrive.RulesetError):
            ithrive.load_ruleset(data)
