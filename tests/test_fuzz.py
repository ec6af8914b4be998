"""Fuzzing: arbitrary JSON-like data thrown at everything that reads input from outside.

The only outcomes allowed are a valid result or an :class:`ithrive.IthriveError`
(on the command line: exit code 0 or 2, with the problems as JSON lines on
standard error and never a traceback). Data is drawn to hit the usual
failures: wrong types, missing and extra fields, huge and tiny numbers, NaN
and infinities, booleans for numbers, deep nesting, very long text, unknown
ids, ratio text such as ``"1/0"``; and, for the command line, raw JSON text
with duplicate keys, invalid UTF-8, ``1e999`` and numbers of 5000 digits.

A valid result is checked too: a scorecard has all 22 items and survives a
JSON round trip; a loaded ruleset verifies and its boundary table agrees with
the engine; evidence round-trips through its JSON form.

The number of examples follows the hypothesis profile (``tests/conftest.py``):
a few thousand in all under the default ``ci`` profile, twenty times more with
``HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ithrive
from ithrive import FRAMEWORK, limits
from ithrive.cli import main
from ithrive.evidence import KINDS
from ithrive.evidence.reading import structure_evidence, unstructure_evidence
from ithrive.instruments import (
    load_approach,
    load_checklist,
    load_standards,
    read_response,
)
from ithrive.outputs.template import evidence_template
from ithrive.rules.cases import boundary_cases

SRC = Path(ithrive.__file__).resolve().parents[1]


def examples(n: int) -> int:
    """``n`` examples under the ``ci`` profile (100 per test), scaled for other profiles."""
    return max(1, n * settings.default.max_examples // 100)


def fuzz(n: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Settings for a fuzz test of ``n`` examples under ``ci``; no deadline, no slow-data checks."""
    return settings(
        max_examples=examples(n),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# ----------------------------------------------------------------------------- strategies

ITEM_IDS = FRAMEWORK.item_ids
DOCUMENT_KEYS = ("evidence", "locality", "date", "_help")
FIELDS = (
    "kind",
    "level",
    "notes",
    "rater",
    "numerator",
    "denominator",
    "percent",
    "measure",
    "agree",
    "respondents",
    "eligible",
    "count",
    "in_place",
    "mean",
    "offered_percent",
    "encounters",
    "criteria",
)
KIND_NAMES = (*KINDS, "proprtion", "Rating", "", "kind")
NASTY_TEXT = (
    "1/0",
    "0/0",
    "-1/0",
    "20/3",
    " 269/33 ",
    "-1/3",
    "1/3/",
    "9" * 31 + "/1",
    "1" * 30 + "/" + "3" * 30,
    "NaN",
    "Infinity",
    "1e999",
    "60",
    "60.0",
    "true",
    "null",
    "",
    " ",
    "\x00",
    "\u202e",
    "é",
    "micro.2",
    "micro.8",
    "in_place",
    "notes_audit",
    "integrate",
    "policy_exists",
    "both",
    "__import__('os').system('echo pwned')",
    "../../etc/passwd",
    "{0.__class__}",
    "%s%s%n",
)
HUGE_NUMBERS = (
    2**31,
    2**63,
    limits.MAX_INTEGER,
    limits.MAX_INTEGER + 1,
    10**30,
    -(10**30),
    10**400,
    1e308,
    -1e308,
    5e-324,
    -0.0,
    math.nan,
    math.inf,
    -math.inf,
    59.99999999999999,
    100.00000000000001,
)

texts = st.one_of(
    st.text(max_size=12),
    st.sampled_from(NASTY_TEXT),
    st.sampled_from((limits.MAX_TEXT, limits.MAX_TEXT + 1, 50_000)).map(lambda n: "x" * n),
)
#: More digits than Python turns into text by default: even ``repr`` fails on these
#: (built on draw, so that hypothesis never has to show the strategy).
too_long_to_show = st.sampled_from((1, -1)).map(lambda sign: sign * 10**5000)
numbers = st.one_of(
    st.integers(min_value=-5, max_value=120),
    st.integers(),
    st.floats(),
    st.sampled_from(HUGE_NUMBERS),
    too_long_to_show,
)
leaves = st.one_of(st.none(), st.booleans(), numbers, texts)
keys = st.one_of(st.sampled_from((*FIELDS, *ITEM_IDS, "evidence", "locality")), st.text(max_size=8))


def nested(leaf: Any, depth: int) -> Any:
    """``leaf`` inside ``depth`` lists and objects, alternating, built without recursion."""
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"a": value}
    return value


#: Deep, but not so deep that comparing or copying the value breaks the test itself;
#: deeper values are thrown at each entry point below, one by one.
deep = st.builds(nested, leaves, st.sampled_from((30, 300)))
json_like = st.recursive(
    leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=8,
)
#: One more name or criterion than a list or object may hold (built, not drawn one by one).
too_many = leaves.map(lambda leaf: [leaf] * (limits.MAX_NAMES + 1))
junk = st.one_of(json_like, deep, too_many)
json_objects = st.dictionaries(keys, json_like, max_size=4)

#: Valid evidence: for every item, a valid example of each kind it accepts.
_HELP = evidence_template()["_help"]["items"]
VALID_PIECES: list[tuple[str, dict[str, Any]]] = [
    (item, piece) for item in ITEM_IDS for piece in _HELP[item]["examples"]
] + [
    ("micro.2", {"kind": "proportion", "numerator": 18, "denominator": 30}),
    ("micro.7", {"kind": "proportion", "percent": "179/3"}),
    ("micro.1b", {"kind": "collaborate", "mean": "20/3", "offered_percent": 62, "encounters": 30}),
    ("meso.2", {"kind": "count", "count": 2, "in_place": ["a", "b"]}),
    ("meso.3b", {"kind": "survey", "agree": 20, "respondents": 30, "eligible": 50}),
    ("macro.5", {"kind": "proportion", "percent": 75.5, "measure": "chi_esq"}),
    ("micro.4", {"kind": "rating", "level": 4, "rater": "panel", "notes": "ok"}),
]


@st.composite
def mutated(draw: st.DrawFn, piece: dict[str, Any]) -> dict[str, Any]:
    """A valid piece with a field replaced by junk, dropped, or an extra field added."""
    out = dict(piece)
    how = draw(st.sampled_from(("replace", "drop", "add", "kind")))
    if how == "replace":
        out[draw(st.sampled_from(sorted(out)))] = draw(junk)
    elif how == "drop":
        out.pop(draw(st.sampled_from(sorted(out))))
    elif how == "add":
        out[draw(keys)] = draw(junk)
    else:
        out["kind"] = draw(st.sampled_from(KIND_NAMES))
    return out


valid_entries = st.sampled_from(VALID_PIECES)
shaped = st.fixed_dictionaries(
    {"kind": st.sampled_from(KIND_NAMES)}, optional=dict.fromkeys(FIELDS[1:], junk)
)


@st.composite
def entries(draw: st.DrawFn) -> tuple[Any, Any]:
    """An (item id, evidence) pair: valid, mutated, shaped by kind, or junk."""
    item, piece = draw(valid_entries)
    how = draw(st.sampled_from(("valid", "valid", "mutated", "shaped", "junk", "other_item")))
    if how == "mutated":
        piece = draw(mutated(piece))
    elif how == "shaped":
        piece = draw(shaped)
    elif how == "junk":
        piece = draw(junk)
    elif how == "other_item":
        item = draw(st.one_of(st.sampled_from(ITEM_IDS), keys, numbers))
    if draw(st.booleans()):
        piece = [piece, *draw(st.lists(st.one_of(st.just(piece), shaped), max_size=2))]
    return item, piece


evidence_maps = st.lists(entries(), max_size=6).map(dict)
documents = st.fixed_dictionaries(
    {"evidence": st.one_of(evidence_maps, evidence_maps, junk)},
    optional={"locality": st.one_of(texts, leaves), "date": leaves, "_help": json_like},
)
evidence_inputs = st.one_of(evidence_maps, documents, junk)


# ----------------------------------------------------------------------------- checks


def jsonable(err: ithrive.IthriveError) -> dict[str, Any]:
    """The error's JSON form, which must serialise; and every problem line is text."""
    assert all(isinstance(line, str) for line in err.lines())
    assert str(err)
    out = err.to_dict()
    json.dumps(out, allow_nan=False)
    return out


def check_scorecard(card: ithrive.Scorecard) -> None:
    """A valid scorecard is whole: 22 items in order, every principle and system, JSON-safe."""
    assert FRAMEWORK.item_ids == tuple(r.item for r in card.items)
    assert len(FRAMEWORK.principles) == len(card.principles)
    assert ("macro", "meso", "micro") == tuple(s.system for s in card.systems)
    assert card == ithrive.Scorecard.from_dict(json.loads(card.to_json()))


def outcome(run: Callable[[], Any]) -> tuple[str, Any]:
    """``("ok", result)`` or ``("error", error)``; any other exception fails the test."""
    try:
        return "ok", run()
    except ithrive.IthriveError as err:
        jsonable(err)
        return "error", err


def problems(err: ithrive.IthriveError) -> list[tuple[Any, ...]]:
    """The problems of an evidence error, as comparable tuples."""
    assert isinstance(err, ithrive.EvidenceError)
    inner = err.errors if isinstance(err, ithrive.InvalidEvidenceError) else (err,)
    return [(e.code, e.item, e.field) for e in inner]


# ----------------------------------------------------------------------------- evidence


class TestEvidence:
    """Structuring one piece of evidence: a typed piece, or an evidence error."""

    @fuzz(300)
    @given(piece=st.one_of(shaped, junk, valid_entries.map(lambda e: e[1]).flatmap(mutated)))
    def test_structure_evidence_gives_evidence_or_an_evidence_error(self, piece: Any) -> None:
        """A piece that structures round-trips through its JSON form; else an EvidenceError."""
        kind, got = outcome(lambda: structure_evidence(piece))
        if kind == "ok":
            assert isinstance(got, tuple(KINDS.values()))
            assert got == structure_evidence(json.loads(json.dumps(unstructure_evidence(got))))
        else:
            assert isinstance(got, ithrive.EvidenceError)
            assert problems(got)

    @fuzz(100)
    @given(entry=valid_entries)
    def test_every_valid_example_structures(self, entry: tuple[str, dict[str, Any]]) -> None:
        """The valid pieces the other tests mix in are valid, so mixing means something."""
        item, piece = entry
        assert isinstance(ithrive.score({item: piece})[item], ithrive.ItemResult)


class TestScore:
    """Scoring whole documents and mappings: a whole scorecard, or every problem and nothing."""

    @fuzz(400)
    @given(evidence=evidence_inputs)
    def test_score_gives_a_whole_scorecard_or_an_invalid_evidence_error(
        self, evidence: Any
    ) -> None:
        """Never a foreign exception, never a partial scorecard."""
        kind, got = outcome(lambda: ithrive.score(evidence))
        if kind == "ok":
            check_scorecard(got)
        else:
            assert isinstance(got, ithrive.InvalidEvidenceError)
            assert got.errors

    @fuzz(200)
    @given(evidence=evidence_maps)
    def test_a_mapping_scores_exactly_when_each_of_its_items_does(
        self, evidence: dict[Any, Any]
    ) -> None:
        """The whole succeeds only if every item alone does, with the same results; else the
        whole reports exactly the problems of its items, all of them."""
        # {"evidence": ...} alone is a document, not the mapping of one unknown item
        evidence = {k: v for k, v in evidence.items() if k not in DOCUMENT_KEYS}
        kind, whole = outcome(lambda: ithrive.score(evidence))
        parts = {
            key: outcome(lambda key=key: ithrive.score({key: evidence[key]})) for key in evidence
        }
        if kind == "ok":
            for key, (part_kind, part) in parts.items():
                assert "ok" == part_kind
                assert part[key] == whole[key]
        else:
            expected = sorted(
                (
                    p
                    for part_kind, part in parts.values()
                    if part_kind == "error"
                    for p in problems(part)
                ),
                key=repr,
            )
            assert expected == sorted(problems(whole), key=repr)

    @fuzz(100)
    @given(
        valid=st.lists(valid_entries, max_size=5).map(dict),
        bad_item=st.sampled_from(ITEM_IDS),
        bad=st.one_of(
            st.just({"kind": "proportion", "percent": 120}),
            st.just({"kind": "rating", "level": 5}),
            st.just({"kind": "count", "count": True}),
            st.just({"kind": "survey", "agree": 1.5, "respondents": 2, "eligible": 2}),
            st.just({"kind": "collaborate", "mean": math.nan, "offered_percent": 50}),
        ),
    )
    def test_one_invalid_piece_among_valid_ones_means_nothing_is_returned(
        self, valid: dict[str, Any], bad_item: str, bad: dict[str, Any]
    ) -> None:
        """However many valid pieces surround it, one bad piece fails the whole call."""
        evidence = dict(valid)
        evidence[bad_item] = [*([evidence[bad_item]] if bad_item in evidence else []), bad]
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            ithrive.score(evidence)
        assert bad_item in {e.item for e in caught.value.errors}
        jsonable(caught.value)

    @fuzz(100)
    @given(evidence=evidence_inputs)
    def test_read_evidence_agrees_with_score(self, evidence: Any) -> None:
        """``read_evidence`` reads what ``score`` reads: it fails only where scoring does."""
        read_kind, read = outcome(lambda: ithrive.read_evidence(evidence))
        score_kind, _ = outcome(lambda: ithrive.score(evidence))
        if read_kind == "error":
            assert "error" == score_kind
            assert isinstance(read, ithrive.InvalidEvidenceError)
        else:
            assert isinstance(read, ithrive.EvidenceSet)


# ----------------------------------------------------------------------------- scorecards

_CARD = ithrive.score(ithrive.cli.example_evidence()).to_dict()


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*prefix, i))


_CARD_PATHS = [p for p in _paths(_CARD) if p]


def _edit(data: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    """A copy of ``data`` with the value at ``path`` replaced or dropped, or a key added there.

    Only the containers along ``path`` are copied; the rest is shared, never changed.
    """
    out = copy.copy(data)
    parent = out
    for key in path[:-1]:
        parent[key] = copy.copy(parent[key])
        parent = parent[key]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "drop":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last] = {**parent[last], "extra": value}
    else:
        parent[last] = [parent[last], value]
    return out


@st.composite
def edited(draw: st.DrawFn, data: Any, paths: list[tuple[Any, ...]], n: int = 3) -> Any:
    """``data`` with one to ``n`` random edits."""
    for _ in range(draw(st.integers(1, n))):
        live = [p for p in paths if _exists(data, p)]
        if not live:
            break
        path = draw(st.sampled_from(live))
        data = _edit(data, path, draw(st.sampled_from(("replace", "drop", "add"))), draw(junk))
    return data


def _exists(data: Any, path: tuple[Any, ...]) -> bool:
    """Whether ``path`` still leads somewhere in ``data`` (an earlier edit may have cut it)."""
    for key in path:
        in_dict = isinstance(data, dict) and key in data
        in_list = isinstance(data, list) and isinstance(key, int) and key < len(data)
        if not (in_dict or in_list):
            return False
        data = data[key]
    return True


class TestScorecardFromDict:
    """Reading a scorecard document back: the scorecard, or an evidence error."""

    @fuzz(300)
    @given(doc=st.one_of(edited(_CARD, _CARD_PATHS), junk))
    def test_from_dict_gives_a_scorecard_or_an_evidence_error(self, doc: Any) -> None:
        """A scorecard read back can be written out again, the same."""
        kind, got = outcome(lambda: ithrive.Scorecard.from_dict(doc))
        if kind == "ok":
            assert isinstance(got, ithrive.Scorecard)
            assert got == ithrive.Scorecard.from_dict(json.loads(got.to_json()))
        else:
            assert isinstance(got, ithrive.EvidenceError)


# ----------------------------------------------------------------------------- rulesets

_RULES_TEXT = resources.files("ithrive.rules").joinpath("thrive-assessment.toml").read_text("utf-8")
PACKAGED_RULES: dict[str, Any] = tomllib.loads(_RULES_TEXT)
_RULE_PATHS = [p for p in _paths(PACKAGED_RULES) if p]
_MEASURED = [
    (item, i)
    for item, body in PACKAGED_RULES["items"].items()
    for i, _ in enumerate(body.get("measures", []))
]

bounds = st.one_of(
    st.integers(-5, 110).map(str),
    st.sampled_from(("0", "100", "9", "7", "6.5", "1/3", "59.5", "1e3", "1/0", "-0", "+1", "")),
)
intervals = st.one_of(
    st.builds(
        lambda left, low, high, right: f"{left}{low}, {high}{right}",
        st.sampled_from("[("),
        bounds,
        bounds,
        st.sampled_from("])"),
    ),
    junk,
)


@st.composite
def random_bands(draw: st.DrawFn) -> dict[str, Any]:
    """The packaged ruleset with one measure's bands, domain or gates replaced at random."""
    item, index = draw(st.sampled_from(_MEASURED))
    data = copy.deepcopy(PACKAGED_RULES)
    measure = data["items"][item]["measures"][index]
    n = draw(st.integers(0, 5))
    measure["bands"] = [
        {"level": draw(st.one_of(st.integers(0, 5), junk)), "interval": draw(intervals)}
        for _ in range(n)
    ]
    if draw(st.booleans()):
        measure["domain"] = draw(intervals)
    for gate in measure.get("gates", []):
        gate["when"] = draw(intervals)
        gate["effect"] = draw(st.sampled_from(("cap", "warn", "insufficient_evidence", "block")))
        if draw(st.booleans()):
            gate["level"] = draw(st.integers(0, 5))
    return data


@st.composite
def generated_rulesets(draw: st.DrawFn) -> Any:
    """A ruleset built from scratch: a header, and item rules of plausible shape."""
    header = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "name": texts,
                "version": texts,
                "extends": st.sampled_from(("default", "defualt", "../../etc/passwd", "")),
                "description": leaves,
                "bogus": leaves,
            },
        )
    )
    measure = st.fixed_dictionaries(
        {
            "name": texts,
            "kind": st.sampled_from(("proportion", "survey", "count", "collaborate", "rating")),
        },
        optional={
            "domain": intervals,
            "bands": st.lists(
                st.fixed_dictionaries(
                    {}, optional={"level": st.integers(0, 5), "interval": intervals}
                ),
                max_size=5,
            ),
            "gates": st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "id": texts,
                        "field": st.sampled_from(
                            ("completion", "encounters", "offered_percent", "percent")
                        ),
                        "when": intervals,
                        "effect": st.sampled_from(("cap", "warn", "insufficient_evidence", "x")),
                        "reason": texts,
                        "level": leaves,
                    },
                ),
                max_size=2,
            ),
        },
    )
    criterion = st.fixed_dictionaries(
        {"id": texts, "text": texts},
        optional={
            "level": st.one_of(st.integers(0, 5), leaves),
            "values": st.lists(texts, max_size=4),
            "requires": st.dictionaries(
                st.sampled_from(("1", "2", "3", "4", "5", "x")), texts, max_size=3
            ),
        },
    )
    rule = st.fixed_dictionaries(
        {"citation": texts},
        optional={
            "measures": st.lists(measure, max_size=2),
            "indicators": st.fixed_dictionaries({"criteria": st.lists(criterion, max_size=3)}),
            "decisions": st.lists(texts, max_size=2),
        },
    )
    items = draw(
        st.dictionaries(
            st.one_of(st.sampled_from(ITEM_IDS), keys), st.one_of(rule, junk), max_size=4
        )
    )
    doc: dict[str, Any] = {"ruleset": header, "items": items}
    if draw(st.booleans()):
        doc[draw(keys)] = draw(junk)
    return doc


def check_ruleset_outcome(source: Any) -> ithrive.Ruleset | None:
    """Load ``source``: a sound ruleset, or a RulesetError with at least one finding."""
    kind, got = outcome(lambda: ithrive.load_ruleset(source))
    if kind == "error":
        assert isinstance(got, ithrive.RulesetError), got
        assert got.findings
        assert all(isinstance(f, ithrive.Finding) for f in got.findings)
        return None
    assert isinstance(got, ithrive.Ruleset)
    assert [] == ithrive.verify(got)
    return got


def check_boundary_table(ruleset: ithrive.Ruleset, items: set[str]) -> None:
    """Every boundary case of the given items scores as the ruleset's own table says."""
    for case in boundary_cases(ruleset):
        if case.item not in items:
            continue
        result = ithrive.score({case.item: case.evidence}, ruleset)[case.item]
        assert (case.level, case.status) == (result.level, result.status.value), case.to_dict()


class TestRulesets:
    """Generated rulesets either load (and are sound) or raise RulesetError with findings."""

    @fuzz(300)
    @given(data=edited(PACKAGED_RULES, _RULE_PATHS, n=2))
    def test_a_mutated_packaged_ruleset_loads_or_fails_with_findings(self, data: Any) -> None:
        """Values replaced by junk, keys dropped or added, anywhere in the packaged ruleset."""
        check_ruleset_outcome(data)

    @fuzz(200)
    @given(data=random_bands())
    def test_random_intervals_load_or_fail_and_a_loaded_table_agrees_with_the_engine(
        self, data: dict[str, Any]
    ) -> None:
        """Random bands, domains and gates; a ruleset that loads scores its own boundary table."""
        ruleset = check_ruleset_outcome(data)
        if ruleset is not None:
            changed = {
                item
                for item, body in data["items"].items()
                if body != PACKAGED_RULES["items"][item]
            }
            check_boundary_table(ruleset, changed)

    @fuzz(200)
    @given(data=st.one_of(generated_rulesets(), json_objects))
    def test_a_generated_ruleset_loads_or_fails_with_findings(self, data: Any) -> None:
        """Rulesets built from scratch, most of them unsound in several ways at once."""
        check_ruleset_outcome(data)

    @fuzz(50)
    @given(text=st.one_of(st.text(max_size=200), st.sampled_from(NASTY_TEXT)))
    def test_a_ruleset_file_of_any_text_loads_or_fails_with_findings(self, text: str) -> None:
        """Whatever a ruleset file holds, including TOML too deep or numbers too long."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "rules.toml"
            path.write_text(text, "utf-8", errors="surrogatepass")
            check_ruleset_outcome(path)


@pytest.mark.parametrize(
    "text",
    [
        "[ruleset]\nname = 'x'\nversion = '1'\nn = " + "9" * 5000 + "\n",
        "a = " + "[" * 5000 + "]" * 5000 + "\n",
        "a = " + "{b = " * 2000 + "1" + "}" * 2000 + "\n",
    ],
    ids=["5000-digit-number", "deep-array", "deep-table"],
)
def test_a_ruleset_file_python_cannot_parse_is_a_ruleset_error(text: str, tmp_path: Path) -> None:
    """TOML that makes Python's own parser fail (digit limit, recursion) is a finding."""
    path = tmp_path / "rules.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ithrive.RulesetError) as caught:
        ithrive.load_ruleset(path)
    assert caught.value.findings


# ----------------------------------------------------------------------------- instruments


def _packaged_instrument(name: str) -> dict[str, Any]:
    text = resources.files("ithrive.instruments").joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


_INSTRUMENTS = {
    "checklist": (_packaged_instrument("checklist"), load_checklist),
    "approach": (_packaged_instrument("approach"), load_approach),
    "gm_standards": (_packaged_instrument("gm_standards"), load_standards),
}
_INSTRUMENT_PATHS = {name: [p for p in _paths(d) if p] for name, (d, _) in _INSTRUMENTS.items()}


@st.composite
def instrument_files(draw: st.DrawFn) -> tuple[str, Any]:
    name = draw(st.sampled_from(sorted(_INSTRUMENTS)))
    data, _ = _INSTRUMENTS[name]
    return name, draw(st.one_of(edited(data, _INSTRUMENT_PATHS[name], n=2), junk))


_CHECKLIST_IDS = [f"ck.{n:02d}" for n in range(1, 33)]
answers = st.one_of(
    st.sampled_from(("in_place", "in_progress", "not_started", "done", None)),
    st.fixed_dictionaries({}, optional={"status": leaves, "comment": texts, "extra": leaves}),
    junk,
)
responses = st.fixed_dictionaries(
    {},
    optional={
        "instrument": st.one_of(st.sampled_from(("checklist", "approach", "gm_standards")), leaves),
        "version": leaves,
        "respondent": leaves,
        "area": leaves,
        "answers": st.one_of(
            st.dictionaries(st.one_of(st.sampled_from(_CHECKLIST_IDS), keys), answers, max_size=5),
            junk,
        ),
        "bogus": leaves,
    },
)


class TestInstruments:
    """Instrument files and responses: the typed object, or an instrument error."""

    @fuzz(150)
    @given(case=instrument_files())
    def test_an_edited_instrument_loads_or_fails_with_findings(self, case: tuple[str, Any]) -> None:
        """Junk anywhere in a packaged instrument file is reported as findings."""
        name, data = case
        load = _INSTRUMENTS[name][1]
        kind, got = outcome(lambda: load(data))
        if kind == "error" and not isinstance(data, (Mapping, str, bytes)):
            # Not a file path nor a mapping: a wrong argument, named as such.
            assert ("wrong_type", "source") == (got.code, got.field)
        elif kind == "error":
            assert isinstance(got, ithrive.InstrumentError)
            assert got.findings

    @fuzz(200)
    @given(data=st.one_of(responses, junk))
    def test_read_response_gives_a_response_or_a_response_error(self, data: Any) -> None:
        """A response that reads back writes out and reads again the same."""
        kind, got = outcome(lambda: read_response(data))
        if kind == "ok":
            assert got == read_response(json.loads(json.dumps(got.to_dict())))
        else:
            assert isinstance(got, ithrive.ResponseError)


# ----------------------------------------------------------------------------- measures

records = st.one_of(
    st.lists(st.one_of(st.booleans(), st.sampled_from((0, 1)), leaves), max_size=8),
    junk,
)
triples = st.one_of(
    st.lists(
        st.one_of(
            st.tuples(*[st.one_of(st.integers(0, 9), st.none())] * 3),
            st.lists(leaves, max_size=4),
            leaves,
        ),
        max_size=6,
    ),
    junk,
)


class TestMeasures:
    """Evidence built from raw records: evidence that scores, or an evidence error."""

    @fuzz(150)
    @given(data=st.data())
    def test_measures_give_evidence_or_an_evidence_error(self, data: st.DataObject) -> None:
        """``audit``, ``staff_survey``, ``collaborate`` and ``mindful`` with arbitrary input."""
        from ithrive.evidence import measures

        which = data.draw(st.sampled_from(("audit", "staff_survey", "collaborate", "mindful")))
        if which == "audit":
            run: Callable[[], Any] = lambda: measures.audit(  # noqa: E731
                data.draw(records), measure=data.draw(st.one_of(st.none(), texts, leaves))
            )
        elif which == "staff_survey":
            run = lambda: measures.staff_survey(  # noqa: E731
                data.draw(records), eligible=data.draw(st.one_of(numbers, leaves))
            )
        elif which == "mindful":
            run = lambda: measures.mindful(  # noqa: E731
                data.draw(
                    st.one_of(
                        st.lists(
                            st.one_of(
                                st.integers(-1, 9),
                                st.sampled_from(measures.MINDFUL_ELEMENTS),
                                texts,
                                leaves,
                            ),
                            max_size=9,
                        ),
                        junk,
                    )
                )
            )
        else:
            optional = data.draw(
                st.fixed_dictionaries(
                    {}, optional={"offered": leaves, "eligible": leaves, "offered_percent": leaves}
                )
            )
            run = lambda: measures.collaborate(data.draw(triples), **optional)  # noqa: E731
        kind, got = outcome(run)
        if kind == "error":
            assert isinstance(got, ithrive.EvidenceError)
            return
        if isinstance(got, measures.CollaboRATEScores):
            json.dumps(got.to_dict(), allow_nan=False, default=str)
            str(got)
            kind, got = outcome(got.to_evidence)
            if kind == "error":
                return
        assert isinstance(got, tuple(KINDS.values()))
        item = {"Proportion": "micro.2", "Survey": "meso.3b", "Count": "meso.2"}.get(
            type(got).__name__, "micro.1b"
        )
        if getattr(got, "measure", None) is not None:
            return  # an arbitrary measure name is the scorer's business, checked above
        check_scorecard(ithrive.score({item: got}))


# ----------------------------------------------------------------------------- command line


def _with_duplicate(text: str) -> str:
    """JSON text whose first object repeats its first key."""
    start = text.find("{")
    if start < 0 or text[start + 1 : start + 2] == "}":
        return '{"micro.2": 1, "micro.2": 2}'
    return text[: start + 1] + '"micro.2": null, "micro.2": null, ' + text[start + 1 :]


@st.composite
def raw_json(draw: st.DrawFn) -> bytes:
    """The bytes of an evidence file: usually JSON, often with something wrong in it."""
    doc = draw(st.one_of(evidence_inputs, st.builds(dict, st.lists(valid_entries, max_size=4))))
    try:
        text = json.dumps(doc, allow_nan=True)
    except (ValueError, RecursionError):  # a number too long to write, a structure too deep
        text = "{}"
    how = draw(
        st.sampled_from(("as_is", "as_is", "duplicate", "bad_utf8", "deep", "huge", "nan", "cut"))
    )
    if how == "duplicate":
        text = _with_duplicate(text)
    elif how == "deep":
        depth = draw(st.sampled_from((50, 1000, 100_000)))
        text = '{"micro.2": ' + "[" * depth + "]" * depth + "}"
    elif how == "huge":
        number = draw(st.sampled_from(("1e999", "-1e999", "9" * 5000, "1" + "0" * 400, "1e-999")))
        text = '{"micro.2": {"kind": "proportion", "percent": ' + number + "}}"
    elif how == "nan":
        text = '{"micro.2": {"kind": "proportion", "percent": NaN}}'
    elif how == "cut":
        text = text[: draw(st.integers(0, max(0, len(text) - 1)))]
    data = text.encode("utf-8", errors="surrogatepass")
    if how == "bad_utf8":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from((b"\xff", b"\xc3", b"\xed\xa0\x80"))) + data[at:]
    return data


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """Run ``ithrive ARGV`` in this process; return the exit code, standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def check_error_lines(stderr: str, path: str) -> list[dict[str, Any]]:
    """Every line of standard error is one JSON problem naming the file and a code."""
    assert "Traceback" not in stderr
    lines = stderr.split("\n")  # JSON lines end in a newline; U+0085 inside a string is text
    assert "" == lines.pop()
    assert lines
    out = []
    for line in lines:
        record = json.loads(line)
        assert {"file", "code", "item", "field", "value", "message"} == set(record)
        assert path == record["file"] or record["file"] is None
        assert isinstance(record["code"], str)
        out.append(record)
    return out


class TestCommandLine:
    """``ithrive score`` on generated files: exit 0 with a scorecard, or 2 with JSON problems."""

    @fuzz(200)
    @given(data=raw_json())
    def test_score_exits_0_with_a_scorecard_or_2_with_json_problems(self, data: bytes) -> None:
        """No traceback, whatever the bytes of the file."""
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "evidence.json")
            Path(path).write_bytes(data)
            code, out, err = run_cli(["score", path, "--format", "json", "--errors", "json"])
        if code == 0:
            assert "" == err
            card = ithrive.Scorecard.from_dict(json.loads(out))
            check_scorecard(card)
        else:
            assert 2 == code
            assert "" == out
            check_error_lines(err, path)

    @fuzz(100)
    @given(doc=edited(_CARD, _CARD_PATHS))
    def test_report_on_an_edited_scorecard_exits_0_or_2_with_json_problems(self, doc: Any) -> None:
        """``ithrive report`` reads scorecard files back: a bad one is problems, not a crash."""
        try:
            text = json.dumps(doc, allow_nan=False)
        except ValueError:  # NaN or a number too long to write: JSON cannot carry it
            text = "{}"
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "card.json")
            Path(path).write_text(text, "utf-8")
            code, out, err = run_cli(["report", path, "--format", "markdown", "--errors", "json"])
        if code == 0:
            assert ("", True) == (err, out.startswith("# THRIVE assessment"))
        else:
            assert (2, "") == (code, out)
            check_error_lines(err, path)


NASTY_FILES = {
    "deep-nesting": b'{"micro.2": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "deep-but-parsable": b'{"micro.2": ' + b"[" * 900 + b"]" * 900 + b"}",
    "5000-digits": b'{"micro.2": {"kind": "count", "count": ' + b"9" * 5000 + b"}}",
    "1e999": b'{"micro.2": {"kind": "proportion", "percent": 1e999}}',
    "invalid-utf8": b'{"micro.2": {"kind": "rating", "level": 3, "notes": "\xff"}}',
    "duplicate-keys": b'{"micro.2": {"kind": "rating", "level": 3, "level": 2}}',
    "nan": b'{"micro.2": {"kind": "proportion", "percent": NaN}}',
    "not-an-object": b"[1, 2, 3]",
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(NASTY_FILES))
def test_score_reports_a_nasty_file_as_json_problems_in_process(name: str, tmp_path: Path) -> None:
    """Each file fails with exit code 2 and JSON problems, in process."""
    path = tmp_path / f"{name}.json"
    path.write_bytes(NASTY_FILES[name])
    code, out, err = run_cli(["score", str(path), "--errors", "json"])
    assert (2, "") == (code, out)
    check_error_lines(err, str(path))


def test_score_reports_nasty_files_without_a_traceback_in_a_real_process(tmp_path: Path) -> None:
    """The same files through ``python -m ithrive``: exit code 2, JSON problems, no traceback."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    for name in ("deep-nesting", "5000-digits", "invalid-utf8", "duplicate-keys"):
        path = tmp_path / f"{name}.json"
        path.write_bytes(NASTY_FILES[name])
        got = subprocess.run(
            [sys.executable, "-m", "ithrive", "score", str(path), "--errors", "json"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=60,
            check=False,
        )
        assert 2 == got.returncode, (name, got.stderr)
        assert "" == got.stdout
        check_error_lines(got.stderr, str(path))
