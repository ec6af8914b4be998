"""Every threshold in the packaged ruleset is pinned: moving any one fails a test.

The packaged ruleset is read as a plain dict. For every numeric bound of every
band interval, measure domain and gate condition, mutants move that bound a
little (+-1, +-0.5 and +-0.01 for percents and means, +-1 for counts); where
moving one bound alone only opens a gap or an overlap, a coordinated mutant
also moves the same edge in the neighbouring band (or the domain). The
mutants come from ``tools/mutate_thresholds.py``, which also runs them
against the whole rule test suite in a subprocess. Each mutant must
either be refused by :func:`ithrive.load_ruleset` (:class:`ithrive.RulesetError`)
or score some probe differently from the expected model below, which is
written from the interpretation register with literal tables, never read
from the ruleset. A surviving mutant is a threshold no test would notice.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from types import ModuleType
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
from tests.tools import load_tool

import ithrive
from ithrive import CollaboRATE, Count, Proportion, Status, Survey

Evidence = Any
Outcome = tuple[Any, ...]

# ----------------------------------------------------------------------------- the ruleset as data


def _tool() -> ModuleType:
    """``tools/mutate_thresholds.py``, which generates the mutants."""
    return load_tool("mutate_thresholds")


MUTATE = _tool()
Mutant = MUTATE.Mutant

#: The ruleset of the package under test (a mutated copy, when the mutation tool runs us).
_TEXT = resources.files("ithrive.rules").joinpath("thrive-assessment.toml").read_text("utf-8")
PACKAGED: dict[str, Any] = tomllib.loads(_TEXT)


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


def verdict(mutant: Any) -> str | None:
    """``None`` when the mutant is caught (refused, or a probe scores differently), else why not."""
    try:
        ruleset = ithrive.load_ruleset(mutant.build(PACKAGED))
    except ithrive.RulesetError:
        return None
    near = sorted(probes(mutant.item), key=lambda p: min(abs(p.value - f) for f in mutant.focus))
    for probe in near:
        if expected_outcome(probe.item, probe.evidence) != actual_outcome(
            probe.item, probe.evidence, ruleset
        ):
            return None
    return f"{mutant.label}: loads, and agrees with the expected model at all {len(near)} probes"


def survivors(mutants: Iterator[Any]) -> list[str]:
    """Why each surviving mutant survived; empty when every mutant is caught."""
    out = [why for m in mutants if (why := verdict(m)) is not None]
    assert tomllib.loads(_TEXT) == PACKAGED, "a mutant leaked into the shared packaged dict"
    return out


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
        assert EXPECTED_MEASURES == {(m.item, m.name) for m in MUTATE.measures(PACKAGED)}

    def test_the_ruleset_has_exactly_the_gates_the_model_expects(self) -> None:
        """A new gate needs an expected behaviour before its edge can be pinned."""
        actual = {
            (m.item, gate_id, field)
            for m in MUTATE.measures(PACKAGED)
            for _, gate_id, field in m.gates
        }
        assert EXPECTED_GATES == actual

    def test_every_bound_is_found(self) -> None:
        """12 measures x (domain + 4 bands) x 2 bounds, plus 4 gates x 2 bounds: 128 bounds."""
        assert 128 == len(MUTATE.all_bounds(PACKAGED))

    def test_every_band_table_has_four_bands_meeting_edge_to_edge(self) -> None:
        """3 shared edges between bands, and 2 domain ends, per measure."""
        assert 12 * 5 == len(MUTATE.shared_edges(PACKAGED))

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
        for bound in MUTATE.all_bounds(data):
            MUTATE.put(data, bound.path, str(bound.interval(data)))
        assert PACKAGED == data


class TestNoThresholdMutantSurvives:
    """Moving any single threshold in ``thrive-assessment.toml`` must fail a test.

    Every mutant is either refused when loaded (``RulesetError``: a gap, an
    overlap, a bound outside the domain) or scores some probe differently from
    the expected model.
    """

    def test_no_single_bound_mutant_survives(self) -> None:
        """Each bound of each domain, band and gate moved alone by +-1 (and +-0.5 for reals)."""
        assert [] == survivors(MUTATE.single_bound_mutants(PACKAGED))

    def test_no_coordinated_edge_mutant_survives(self) -> None:
        """Each shared edge moved in both neighbouring bands (or band and domain) together."""
        assert [] == survivors(MUTATE.coordinated_mutants(PACKAGED))

    def test_no_open_closed_swap_survives(self) -> None:
        """Each shared band edge handed to the other band; each gate's upper edge made inclusive."""
        assert [] == survivors(MUTATE.closedness_mutants(PACKAGED))

    def test_no_gate_effect_mutant_survives(self) -> None:
        """Each gate with another effect, and the cap gate capping at level 2, 3 or 4."""
        assert [] == survivors(MUTATE.gate_effect_mutants(PACKAGED))


class TestMalformedThresholdsAreRefused:
    """A threshold that is not a number, or an interval that is not one, fails when loaded."""

    @pytest.mark.parametrize("text", ["[40, 60", "40-60", "[forty, 60)", "[40; 60)", ""])
    def test_an_unparseable_interval_is_refused_with_a_ruleset_error(self, text: str) -> None:
        """The loader reports a bad interval as a finding, not as a foreign exception."""
        data = copy.deepcopy(PACKAGED)
        MUTATE.put(data, ("items", "micro.2", "measures", 0, "bands", 1, "interval"), text)
        with pytest.raises(ithrive.RulesetError) as caught:
            ithrive.load_ruleset(data)
        assert {"micro.2"} == {f.item for f in caught.value.findings}

    def test_a_number_instead_of_an_interval_is_refused(self) -> None:
        """``interval = 40`` is not an interval."""
        data = copy.deepcopy(PACKAGED)
        MUTATE.put(data, ("items", "micro.2", "measures", 0, "bands", 1, "interval"), 40)
        with pytest.raises(ithrive.RulesetError):
            ithrive.load_ruleset(data)
