"""Immutability and determinism: the model, the rules and the results cannot be changed.

- Every model, rule, evidence and result object is a frozen attrs class:
  setting or deleting an attribute raises ``attrs.exceptions.FrozenInstanceError``,
  and every container inside one is immutable (tuples, read-only mappings), all
  the way down.
- What a function returns (``to_dict``, ``as_dict``, templates, schemas, help)
  is a new object: changing it cannot reach :data:`ithrive.FRAMEWORK`,
  :func:`ithrive.default_ruleset` or any later result.
- Scoring is a pure function: the same evidence twice, or its items and
  pieces in another order, gives equal scorecards (each item result records
  its evidence in the order given, the only thing the order changes).
"""

from __future__ import annotations

import copy
import enum
import json
import types
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_scorecard import evidence_mappings

import ithrive
from ithrive import FRAMEWORK
from ithrive.cli import example_evidence
from ithrive.evidence import KINDS, measures
from ithrive.instruments import default_approach, default_checklist, default_gm_standards
from ithrive.outputs.schema import evidence_schema, scorecard_schema
from ithrive.outputs.template import evidence_template, rule_help
from ithrive.rules.cases import boundary_cases
from ithrive.rules.ruleset import QUANTITIES
from ithrive.rules.verify import GATE_DOMAINS
from ithrive.scorecard import ITEM_RESULT_FIELDS

CARD = ithrive.score(example_evidence())


def _evidence() -> list[Any]:
    """Every piece of the example locality's evidence, typed."""
    return [e for _, pieces in ithrive.read_evidence(example_evidence()).items() for e in pieces]


def _response() -> Any:
    return default_checklist().respond(
        {"ck.01": "in_place", "ck.02": {"status": "in_progress", "comment": "soon"}},
        respondent="R1",
        area="Northvale",
    )


def _frozen_objects() -> Iterator[tuple[str, Any]]:
    """One object of every frozen class a caller can get hold of, named."""
    rules = ithrive.default_ruleset()
    micro1b = rules.rule("micro.1b")
    macro1 = rules.rule("macro.1")
    item = FRAMEWORK.item("micro.2")
    yield "Framework", FRAMEWORK
    yield "SystemLevel", FRAMEWORK.systems[0]
    yield "NeedsGrouping", FRAMEWORK.groupings[0]
    yield "Principle", FRAMEWORK.principles[0]
    yield "Item", item
    yield "LevelDescriptor", item.levels[0]
    yield "Ruleset", rules
    yield "ItemRule", micro1b
    yield "Measure", micro1b.measures[0]
    yield "Band", micro1b.measures[0].bands[0]
    yield "Gate", micro1b.measures[0].gates[0]
    yield "Interval", micro1b.measures[0].domain
    assert macro1.indicators is not None
    yield "CriteriaRule", macro1.indicators
    yield "Criterion", macro1.indicators.criteria[0]
    yield "Scorecard", CARD
    yield "ItemResult", CARD["micro.1b"]
    yield (
        "Notice",
        CARD["micro.1b"].warnings[0] if CARD["micro.1b"].warnings else ithrive.Notice("x", "y"),
    )
    yield "PrincipleResult", CARD.principles[0]
    yield "SystemResult", CARD.systems[0]
    yield "EvidenceSet", ithrive.read_evidence(example_evidence())
    for evidence in _evidence():
        yield type(evidence).__name__, evidence
    yield "Finding", ithrive.Finding("code", "micro.2", "where", "message")
    yield "BoundaryCase", boundary_cases()[0]
    yield "Checklist", default_checklist()
    yield "Approach", default_approach()
    yield "Standards", default_gm_standards()
    yield "Response", _response()
    yield "Answer", _response().answers[0]
    yield "CollaboRATEScores", measures.collaborate([(9, 9, 9)], offered=1, eligible=2)


FROZEN = list(_frozen_objects())


class TestPickleAndCopy:
    """Every frozen object survives pickle, copy and deepcopy, equal to what it was.

    Objects cross process boundaries (multiprocessing, dask) pickled; the
    ruleset, the framework and the boundary cases keep read-only look-ups
    that pickle cannot store, so they are pickled as the call that builds
    them again, and copied as themselves.
    """

    @pytest.mark.parametrize(("name", "obj"), FROZEN, ids=[name for name, _ in FROZEN])
    def test_a_frozen_object_round_trips_equal(self, name: str, obj: Any) -> None:
        """pickle.loads(pickle.dumps(x)), copy.copy(x) and copy.deepcopy(x) equal x."""
        import pickle

        assert obj == pickle.loads(pickle.dumps(obj))
        assert obj == copy.copy(obj)
        assert obj == copy.deepcopy(obj)

    @pytest.mark.parametrize(
        "obj", [FRAMEWORK, ithrive.default_ruleset(), boundary_cases()[0]], ids=type
    )
    def test_a_copy_of_an_object_with_read_only_lookups_is_the_object_itself(
        self, obj: Any
    ) -> None:
        """It never changes, so copy and deepcopy return it as it is."""
        assert copy.copy(obj) is obj
        assert copy.deepcopy(obj) is obj

    def test_the_boundary_cases_round_trip_with_their_evidence(self) -> None:
        """Every case, pickled in one tuple, comes back equal, evidence included."""
        import pickle

        cases = boundary_cases()
        again = pickle.loads(pickle.dumps(cases))
        assert cases == again
        assert [c.to_dict() for c in cases] == [c.to_dict() for c in again]
        assert isinstance(again[0].evidence, types.MappingProxyType)

    def test_a_ruleset_back_from_pickle_looks_up_and_scores_as_before(self) -> None:
        """The rebuilt ruleset finds its rules by id and gives the same scorecard."""
        import pickle

        rules = ithrive.default_ruleset()
        again = pickle.loads(pickle.dumps(rules))
        assert rules.rule("micro.2") == again.rule("micro.2")
        assert CARD == ithrive.score(example_evidence(), ruleset=again)

    def test_the_framework_back_from_pickle_looks_up_by_id(self) -> None:
        """The rebuilt framework finds items, principles and systems by id."""
        import pickle

        again = pickle.loads(pickle.dumps(FRAMEWORK))
        assert FRAMEWORK.item("micro.3b") == again.item("micro.3b")
        assert FRAMEWORK.items_of("micro.3") == again.items_of("micro.3")
        assert FRAMEWORK.system("meso") == again.system("meso")


def test_every_kind_of_evidence_is_among_the_objects_checked() -> None:
    """The example locality has evidence of all six kinds, so all six are checked below."""
    kinds = tuple(KINDS.values())
    assert set(KINDS) == {obj.kind for _, obj in FROZEN if isinstance(obj, kinds)}


def test_every_attrs_class_any_module_defines_is_frozen() -> None:
    """Every attrs class of every module, a package's internal modules included, is frozen.

    The objects above are the ones a caller can get hold of; this scan finds
    the classes themselves, so a class added (or moved into an internal
    module) without ``frozen`` is caught even before it has an example here.
    """
    import importlib

    from tests.tools import load_tool

    found = [
        cls
        for name in load_tool("check_dist").package_modules()
        for cls in vars(importlib.import_module(name)).values()
        if isinstance(cls, type) and attrs.has(cls) and cls.__module__ == name
    ]
    assert len(found) > 100  # the scan reaches the internal modules (114 classes today)
    assert {type(obj) for _, obj in FROZEN if attrs.has(type(obj))} <= set(found)
    thawed = []
    for cls in found:
        obj = object.__new__(cls)
        fields = attrs.fields(cls)
        try:
            setattr(obj, fields[0].name if fields else "probe", None)
        except attrs.exceptions.FrozenInstanceError:
            continue
        thawed.append(f"{cls.__module__}.{cls.__qualname__}")
    assert [] == thawed


@pytest.mark.parametrize(("name", "obj"), FROZEN, ids=[name for name, _ in FROZEN])
class TestFrozen:
    """Model, rules, evidence and results refuse every change."""

    def test_setting_any_field_raises(self, name: str, obj: Any) -> None:
        """Every field (of an attrs class, or an item result's record) refuses a new value."""
        for field in field_names(obj):
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(obj, field, None)

    def test_adding_or_deleting_an_attribute_raises(self, name: str, obj: Any) -> None:
        """No new attribute can be added, and no field removed."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            obj.extra = 1
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            delattr(obj, field_names(obj)[0])

    def test_every_container_inside_is_immutable(self, name: str, obj: Any) -> None:
        """All the way down: tuples, frozensets, read-only mappings and frozen objects only."""
        assert [] == mutable_parts(obj, name)


#: Private caches derived from an object's frozen data (the compiled rules of a
#: ruleset; a fast-path scorecard's recipe for its results). Never handed out.
CACHES = frozenset({"_compiled", "_lazy"})


def field_names(obj: Any) -> list[str]:
    """The fields of an attrs object, or of an item result (a decision record)."""
    if isinstance(obj, ithrive.ItemResult):
        return list(ITEM_RESULT_FIELDS)
    return [f.name for f in attrs.fields(type(obj))]


def mutable_parts(obj: Any, path: str, seen: set[int] | None = None) -> list[str]:
    """The paths inside ``obj`` that hold a mutable container (a list, dict, set, ...)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or isinstance(
        obj, (str, bytes, int, float, Fraction, enum.Enum, type, type(None))
    ):
        return []
    seen.add(id(obj))
    if isinstance(obj, ithrive.ItemResult):
        # A decision record: what it shows is its fields (its facts are private).
        return [
            p
            for name in ITEM_RESULT_FIELDS
            for p in mutable_parts(getattr(obj, name), f"{path}.{name}", seen)
        ]
    if attrs.has(type(obj)):
        if not attrs.fields(type(obj)) or type(obj).__setattr__ is object.__setattr__:
            return [f"{path} (not frozen)"]
        return [
            p
            for f in attrs.fields(type(obj))
            if f.name not in CACHES
            for p in mutable_parts(getattr(obj, f.name), f"{path}.{f.name}", seen)
        ]
    if isinstance(obj, (tuple, frozenset)):
        return [p for i, v in enumerate(obj) for p in mutable_parts(v, f"{path}[{i}]", seen)]
    if isinstance(obj, types.MappingProxyType):
        return [p for k, v in obj.items() for p in mutable_parts(v, f"{path}[{k!r}]", seen)]
    return [f"{path} ({type(obj).__name__})"]


@pytest.mark.parametrize(
    ("name", "table"),
    [("KINDS", KINDS), ("QUANTITIES", QUANTITIES), ("GATE_DOMAINS", GATE_DOMAINS)],
)
def test_module_tables_the_engine_reads_are_read_only(name: str, table: Any) -> None:
    """The evidence kinds, measured quantities and gate domains cannot be changed in place."""
    with pytest.raises(TypeError):
        table["x"] = None
    with pytest.raises(TypeError):
        del table[next(iter(table))]


# ----------------------------------------------------------------------------- returned objects


def scramble(data: Any) -> None:
    """Change every list and dict inside ``data`` in place: clear, refill with junk, nest."""
    if isinstance(data, dict):
        children = list(data.values())
        for child in children:
            scramble(child)
        data.clear()
        data["scrambled"] = children
    elif isinstance(data, list):
        for child in data:
            scramble(child)
        data.reverse()
        data.append("scrambled")


def snapshot() -> Any:
    """Everything packaged, as plain data: the framework, the default ruleset, a score."""
    return (
        attrs.asdict(FRAMEWORK),
        attrs.asdict(ithrive.default_ruleset()),
        ithrive.score(example_evidence()).to_json(),
        [c.to_dict() for c in boundary_cases()],
        attrs.asdict(default_checklist()),
    )


BEFORE = snapshot()

#: Functions that return new mutable data; each is called, its result scrambled,
#: and then called again.
RETURNED: dict[str, Callable[[], Any]] = {
    "Scorecard.to_dict": CARD.to_dict,
    "EvidenceSet.as_dict": lambda: ithrive.read_evidence(example_evidence()).as_dict(),
    "Indicators.as_dict": lambda: ithrive.Indicators(criteria={"policy_exists": True}).as_dict(),
    "BoundaryCase.to_dict": boundary_cases()[0].to_dict,
    "example_evidence": example_evidence,
    "evidence_template": evidence_template,
    "rule_help": lambda: rule_help(ithrive.default_ruleset().rule("micro.1b")),
    "rule_help(indicators)": lambda: rule_help(ithrive.default_ruleset().rule("macro.1")),
    "evidence_schema": evidence_schema,
    "scorecard_schema": scorecard_schema,
    "Response.to_dict": _response().to_dict,
    "CollaboRATEScores.to_dict": measures.collaborate([(9, 8, 7)], offered=1, eligible=2).to_dict,
    "RulesetError.to_dict": lambda: _ruleset_error().to_dict(),
    "InvalidEvidenceError.to_dict": lambda: _evidence_error().to_dict(),
}


def _ruleset_error() -> ithrive.RulesetError:
    try:
        ithrive.load_ruleset({"ruleset": {"name": "x", "version": "1"}, "items": {}})
    except ithrive.RulesetError as err:
        return err
    raise AssertionError("unreachable")  # pragma: no cover


def _evidence_error() -> ithrive.InvalidEvidenceError:
    try:
        ithrive.score({"micro.2": {"kind": "proportion", "percent": 120}})
    except ithrive.InvalidEvidenceError as err:
        return err
    raise AssertionError("unreachable")  # pragma: no cover


@pytest.mark.parametrize("name", sorted(RETURNED))
def test_changing_a_returned_object_changes_nothing_else(name: str) -> None:
    """Scramble what the function returns: calling it again gives what it gave before, and
    the framework, the default ruleset and a new score are untouched."""
    make = RETURNED[name]
    first = make()
    expected = copy.deepcopy(first)
    scramble(first)
    assert expected == make()
    assert snapshot() == BEFORE


def test_the_packaged_data_is_unchanged_after_every_test_above() -> None:
    """One last check, after all the scrambling in this module."""
    assert snapshot() == BEFORE


# ----------------------------------------------------------------------------- determinism


def _normalised(card: ithrive.Scorecard) -> ithrive.Scorecard:
    """The scorecard with each item's evidence in a canonical order (the order given is kept)."""
    return attrs.evolve(
        card,
        items=tuple(
            ithrive.ItemResult(
                *[
                    tuple(sorted(r.evidence, key=repr)) if name == "evidence" else getattr(r, name)
                    for name in ITEM_RESULT_FIELDS
                ]
            )
            for r in card
        ),
    )


#: 30 examples under the ``ci`` profile, scaled with the profile chosen.
SCALED_30 = max(1, 30 * settings.default.max_examples // 100)


class TestDeterminism:
    """Scoring is a pure function of the evidence, whatever the order it comes in."""

    @settings(max_examples=SCALED_30, deadline=None)
    @given(evidence=evidence_mappings())
    def test_the_same_evidence_twice_gives_equal_scorecards_and_bytes(
        self, evidence: dict[str, Any]
    ) -> None:
        """Twice, and once more after the first result's JSON form has been scrambled."""
        first = ithrive.score(evidence)
        scramble(first.to_dict())
        second = ithrive.score(copy.deepcopy(evidence))
        assert (first, first.to_json()) == (second, second.to_json())

    @settings(max_examples=SCALED_30, deadline=None)
    @given(evidence=evidence_mappings(), rnd=st.randoms(use_true_random=False))
    def test_items_and_pieces_in_another_order_give_equal_scorecards(
        self, evidence: dict[str, Any], rnd: Any
    ) -> None:
        """Shuffle the items and each item's pieces: every level, status, value, explanation,
        warning, principle and system is the same; only each result's record of its
        evidence follows the order given."""
        keys = list(evidence)
        rnd.shuffle(keys)
        shuffled = {}
        for key in keys:
            entry = evidence[key]
            if isinstance(entry, list):
                entry = list(entry)
                rnd.shuffle(entry)
            shuffled[key] = entry
        a, b = ithrive.score(evidence), ithrive.score(shuffled)
        assert _normalised(a) == _normalised(b)
        for ra, rb in zip(a, b, strict=True):
            assert sorted(map(repr, ra.evidence)) == sorted(map(repr, rb.evidence))

    def test_scoring_does_not_change_the_evidence_it_is_given(self) -> None:
        """The caller's dicts and lists are read, never written."""
        evidence = example_evidence()
        before = json.dumps(evidence, sort_keys=True)
        ithrive.score(evidence)
        ithrive.read_evidence(evidence)
        assert before == json.dumps(evidence, sort_keys=True)
