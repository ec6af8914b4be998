"""JSON Schemas: generated from the model and checked against it, so they cannot drift.

The evidence schema must accept every document the engine accepts (it may
be looser, never stricter), reject the documented invalid examples the engine
rejects, and name exactly the fields of the evidence classes. The scorecard
schema must accept every scorecard the engine writes and name exactly the
fields of :meth:`Scorecard.to_dict`. Every JSON example in the docs validates.
"""

# The house style is `assert expected == actual`, which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ithrive
from ithrive.cli import example_evidence
from ithrive.evidence import KINDS
from ithrive.outputs.schema import HELP_KEY, KIND_FIELDS, evidence_schema, scorecard_schema
from ithrive.outputs.template import evidence_template
from ithrive.rules.ruleset import ItemRule
from ithrive.scorecard import ITEM_RESULT_FIELDS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
VALID = sorted(EXAMPLES.glob("*.json"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.json"))
RULES = ithrive.default_ruleset()

EVIDENCE = jsonschema.Draft202012Validator(evidence_schema())
SCORECARD = jsonschema.Draft202012Validator(scorecard_schema())


def schema_problems(validator: jsonschema.Draft202012Validator, doc: Any) -> list[str]:
    """Every schema error, as ``path: message``."""
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(doc)]


def engine_codes(doc: Any) -> list[str] | None:
    """The engine's error codes for ``doc``, or ``None`` when it scores."""
    try:
        ithrive.score(doc)
    except ithrive.InvalidEvidenceError as err:
        return [e.code for e in err.errors]
    except ithrive.IthriveError as err:
        return [err.code]
    return None


# --------------------------------------------------------------------------- strategies

text = st.text(max_size=12)
percent = st.floats(min_value=0, max_value=100, allow_nan=False)


@st.composite
def piece(draw: st.DrawFn, rule: ItemRule, slot: str) -> dict[str, Any]:
    """One valid piece of evidence for ``rule``: a rating, indicators or a named measure."""
    if slot == "rating":
        out: dict[str, Any] = {"kind": "rating", "level": draw(st.integers(1, 4))}
        for key in ("rater", "notes"):
            if draw(st.booleans()):
                out[key] = draw(st.none() | text)
        return out
    if slot == "indicators":
        assert rule.indicators is not None
        criteria = {
            c.id: draw(st.sampled_from(c.values) if c.is_ordinal else st.booleans())
            for c in rule.indicators.criteria
            if draw(st.booleans())
        }
        return {"kind": "indicators", "criteria": criteria}
    measure = rule.measure(slot)
    assert measure is not None
    several = sum(1 for m in rule.measures if m.kind == measure.kind) > 1
    out = {"kind": measure.kind}
    if several or draw(st.booleans()):
        out["measure"] = measure.name
    if measure.kind == "proportion":
        if draw(st.booleans()):
            den = draw(st.integers(1, 500))
            out.update(numerator=draw(st.integers(0, den)), denominator=den)
        else:
            out["percent"] = draw(percent)
    elif measure.kind == "survey":
        eligible = draw(st.integers(1, 500))
        respondents = draw(st.integers(0, eligible))
        out.update(agree=draw(st.integers(0, respondents)), respondents=respondents)
        out["eligible"] = eligible
    elif measure.kind == "count":
        count = draw(st.sampled_from(measure.domain.integers()))
        out["count"] = count
        if draw(st.booleans()):
            out["in_place"] = [f"element {n}" for n in range(count)]
    else:
        out["mean"] = draw(st.floats(min_value=0, max_value=9, allow_nan=False))
        out["offered_percent"] = draw(percent)
        if draw(st.booleans()):
            out["encounters"] = draw(st.integers(0, 200))
    return out


@st.composite
def entry(draw: st.DrawFn, rule: ItemRule) -> Any:
    """An item's evidence: one piece, or a list of pieces for distinct slots (maybe empty)."""
    slots = ["rating", *(m.name for m in rule.measures)]
    if rule.indicators is not None:
        slots.append("indicators")
    chosen = draw(st.lists(st.sampled_from(slots), unique=True, max_size=len(slots)))
    pieces = [draw(piece(rule, s)) for s in chosen]
    if len(pieces) == 1 and draw(st.booleans()):
        return pieces[0]
    return pieces


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid evidence document under the packaged ruleset."""
    items = draw(st.lists(st.sampled_from(ithrive.FRAMEWORK.item_ids), unique=True))
    doc: dict[str, Any] = {"evidence": {i: draw(entry(RULES.rule(i))) for i in items}}
    for key in ("locality", "date"):
        if draw(st.booleans()):
            doc[key] = draw(st.none() | text)
    return doc


BAD_VALUES = st.sampled_from(
    [None, True, -1, 0, 1, 3.5, 5, 120, 1e9, "", "x", "3", [], [1], {}, {"a": 1}]
)


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document with one thing changed, often (not always) making it invalid."""
    doc = copy.deepcopy(draw(documents()))
    ev = doc["evidence"]
    pieces = [
        p for e in ev.values() for p in (e if isinstance(e, list) else [e]) if isinstance(p, dict)
    ]
    how = draw(st.sampled_from(["field", "drop", "extra", "kind", "item", "criterion", "top"]))
    if how == "item":
        ev[draw(st.sampled_from(["micro.8", "macro", "meso.3", ""]))] = []
    elif how == "top":
        doc[draw(st.sampled_from(["locality", "date", "evidence", "notes"]))] = draw(BAD_VALUES)
    elif pieces:
        p = draw(st.sampled_from(pieces))
        keys = sorted(p)
        if how == "field":
            p[draw(st.sampled_from(keys))] = draw(BAD_VALUES)
        elif how == "drop":
            del p[draw(st.sampled_from(keys))]
        elif how == "extra":
            p[draw(st.sampled_from(["numerater", "levels", "comment"]))] = 1
        elif how == "kind":
            p["kind"] = draw(st.sampled_from([*KINDS, "audit"]))
        elif "criteria" in p:
            p["criteria"][draw(st.sampled_from(["policy_exist", "x"]))] = draw(BAD_VALUES)
    return doc


# --------------------------------------------------------------------------- tests


class TestSchemasAreWellFormed:
    """Both schemas are valid draft 2020-12 schemas."""

    @pytest.mark.parametrize("make", [evidence_schema, scorecard_schema])
    def test_is_a_valid_draft_2020_12_schema(self, make: Any) -> None:
        """jsonschema's meta-schema check passes."""
        jsonschema.Draft202012Validator.check_schema(make())

    def test_generation_is_deterministic(self) -> None:
        """Generating twice gives equal schemas, so the committed files are stable."""
        assert (evidence_schema(), scorecard_schema()) == (evidence_schema(), scorecard_schema())


class TestSchemaMatchesTheModel:
    """The schemas name exactly what the model has."""

    def test_evidence_kinds_are_the_evidence_classes(self) -> None:
        """Every kind has a definition, and no definition names an unknown kind."""
        schema = evidence_schema()
        assert list(KINDS) == list(KIND_FIELDS)
        assert list(KINDS) == schema["$defs"]["evidence"]["properties"]["kind"]["enum"]

    @pytest.mark.parametrize("kind", list(KINDS))
    def test_each_kinds_fields_are_the_attrs_fields(self, kind: str) -> None:
        """Properties: ``kind`` plus the class's fields; required: those without a default."""
        fields = attrs.fields(KINDS[kind])
        definition = evidence_schema()["$defs"][kind]
        assert ["kind", *(a.name for a in fields)] == list(definition["properties"])
        assert ["kind", *(a.name for a in fields if a.default is attrs.NOTHING)] == definition[
            "required"
        ]

    def test_every_item_accepts_the_kinds_of_its_rule(self) -> None:
        """Per item, the schema's kinds are the rule's, and its criteria the rule's criteria."""
        schema = evidence_schema()
        for rule in RULES:
            piece = schema["$defs"][rule.item]
            assert list(rule.accepts) == piece["properties"]["kind"]["enum"]
            if rule.indicators is not None:
                (indicators,) = [
                    c["then"]
                    for c in piece["allOf"]
                    if c["if"]["properties"]["kind"]["const"] == "indicators"
                ]
                criteria = indicators["allOf"][1]["properties"]["criteria"]["properties"]
                assert [c.id for c in rule.indicators.criteria] == list(criteria)

    def test_every_item_is_in_the_evidence_schema(self) -> None:
        """The evidence object lists all 22 items and nothing else."""
        props = evidence_schema()["properties"]["evidence"]["properties"]
        assert list(ithrive.FRAMEWORK.item_ids) == list(props)

    def test_scorecard_fields_are_those_to_dict_writes(self) -> None:
        """Top level, item, principle and system properties equal ``to_dict``'s keys."""
        card = ithrive.score(json.loads((EXAMPLES / "westford.json").read_text("utf-8"))).to_dict()
        schema = scorecard_schema()
        defs = schema["$defs"]
        assert list(card) == list(schema["properties"])
        assert list(card["items"]["micro.2"]) == list(defs["item"]["properties"])
        assert list(card["principles"]["micro.3"]) == list(defs["principle"]["properties"])
        assert list(card["systems"]["meso"]) == list(defs["system"]["properties"])

    def test_item_result_fields_all_appear_in_the_scorecard_schema(self) -> None:
        """Every ItemResult field but its id (the key) is a property, plus the verdict."""
        names = set(ITEM_RESULT_FIELDS) - {"item"} | {"thrive_like"}
        assert names == set(scorecard_schema()["$defs"]["item"]["properties"])


class TestExamples:
    """The example documents, valid and invalid."""

    @pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
    def test_valid_examples_pass_schema_and_engine(self, path: Path) -> None:
        """Each valid example validates, scores, and its scorecard validates."""
        doc = json.loads(path.read_text("utf-8"))
        assert ([], None) == (schema_problems(EVIDENCE, doc), engine_codes(doc))
        assert [] == schema_problems(SCORECARD, ithrive.score(doc).to_dict())

    @pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
    def test_invalid_examples_fail_schema_and_engine_alike(self, path: Path) -> None:
        """Each invalid example fails the schema, and the engine with the code in its name."""
        doc = json.loads(path.read_text("utf-8"))
        codes = engine_codes(doc)
        assert schema_problems(EVIDENCE, doc)
        assert codes is not None
        assert path.stem.split("-")[0] in codes

    def test_the_bundled_example_is_the_northvale_example(self) -> None:
        """examples/northvale.json is the package's bundled example locality."""
        from ithrive.cli import example_evidence

        assert example_evidence() == json.loads((EXAMPLES / "northvale.json").read_text("utf-8"))

    def test_the_template_and_its_examples_validate(self) -> None:
        """The blank template validates, and so does each item's example evidence."""
        doc = evidence_template()
        assert [] == schema_problems(EVIDENCE, doc)
        for item_id, help_ in doc[HELP_KEY]["items"].items():
            for example in help_["examples"]:
                filled = {"evidence": {item_id: example}}
                assert ([], None) == (schema_problems(EVIDENCE, filled), engine_codes(filled))


def _at_limit(n: int) -> dict[str, dict[str, Any]]:
    """Evidence at each size limit (``n=0``) or one past it (``n=1``), by what the limit bounds."""
    from ithrive import limits

    rating = {"kind": "rating", "level": 3}
    most = limits.MAX_INTEGER + n
    return {
        "notes": {"macro.3": {**rating, "notes": "x" * (limits.MAX_TEXT + n)}},
        "rater": {"macro.3": {**rating, "rater": "x" * (limits.MAX_TEXT + n)}},
        "survey": {"meso.3b": {"kind": "survey", "agree": 1, "respondents": 1, "eligible": most}},
        "counts": {"micro.2": {"kind": "proportion", "numerator": 1, "denominator": most}},
        "encounters": {
            "micro.1b": {"kind": "collaborate", "mean": 5, "offered_percent": 6, "encounters": most}
        },
    }


@pytest.mark.parametrize("what", sorted(_at_limit(0)))
def test_the_evidence_schema_holds_the_engines_size_limits(what: str) -> None:
    """Evidence at a size limit passes schema and engine; one past it fails both."""
    at, past = {"evidence": _at_limit(0)[what]}, {"evidence": _at_limit(1)[what]}
    assert ([], None) == (schema_problems(EVIDENCE, at), engine_codes(at))
    codes = engine_codes(past) or []
    assert (True, True) == (bool(schema_problems(EVIDENCE, past)), "too_large" in codes)


def test_the_evidence_schema_refuses_more_pieces_or_names_than_the_engine() -> None:
    """More pieces of evidence for one item, or names in one count, than the limits allow."""
    from ithrive import limits

    names = [str(i) for i in range(limits.MAX_NAMES + 1)]
    for doc in (
        {"evidence": {"macro.3": [{"kind": "rating", "level": 3}] * (limits.MAX_PIECES + 1)}},
        {"evidence": {"meso.2": {"kind": "count", "count": len(names), "in_place": names}}},
    ):
        assert (True, True) == (
            bool(schema_problems(EVIDENCE, doc)),
            "too_large" in (engine_codes(doc) or []),
        )


class TestSchemaAgreesWithTheEngine:
    """Generated documents: the schema never rejects what the engine accepts."""

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(documents())
    def test_valid_documents_pass_both_and_their_scorecards_validate(
        self, doc: dict[str, Any]
    ) -> None:
        """A generated valid document validates and scores; its scorecard validates too."""
        assert [] == schema_problems(EVIDENCE, doc)
        card = ithrive.score(doc)
        data = card.to_dict()
        assert [] == schema_problems(SCORECARD, data)
        assert card.to_json() == ithrive.Scorecard.from_dict(json.loads(card.to_json())).to_json()

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated())
    def test_a_document_the_schema_rejects_the_engine_rejects(self, doc: dict[str, Any]) -> None:
        """Schema-invalid implies engine-invalid: the schema is never stricter than the engine."""
        if schema_problems(EVIDENCE, doc):
            assert engine_codes(doc) is not None

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(documents())
    def test_the_same_document_gives_the_same_bytes(self, doc: dict[str, Any]) -> None:
        """Scoring a document twice, or a copy of it, gives byte-identical JSON."""
        assert ithrive.score(doc).to_json() == ithrive.score(copy.deepcopy(doc)).to_json()


# --------------------------------------------------------------------------- docs

_FENCE = re.compile(r"(<!-- *invalid *-->\s*)?```json[^\n]*\n(.*?)```", re.S)


def json_examples() -> list[tuple[str, bool, str]]:
    """Every ```json fence in docs/ and the README: (place, marked invalid, text)."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    out = []
    for page in pages:
        for n, match in enumerate(_FENCE.finditer(page.read_text("utf-8")), start=1):
            out.append((f"{page.relative_to(ROOT)}#{n}", bool(match.group(1)), match.group(2)))
    return out


DOC_EXAMPLES = json_examples()


def test_the_docs_have_json_examples() -> None:
    """The guides show evidence and scorecard JSON, so the check below checks something."""
    assert len(DOC_EXAMPLES) >= 3


@pytest.mark.parametrize(
    ("place", "invalid", "text"), DOC_EXAMPLES, ids=[p for p, _, _ in DOC_EXAMPLES]
)
def test_every_json_example_in_the_docs_validates(place: str, invalid: bool, text: str) -> None:
    """Evidence documents, scorecards and evidence pieces in the docs satisfy their schema.

    A fence just after ``<!-- invalid -->`` is an example of a mistake and must
    fail instead. A fence abridged with ``...`` cannot be parsed and is skipped.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        assert "..." in text, f"{place}: not valid JSON and not marked as abridged"
        return
    if isinstance(data, dict) and "schema" in data and "items" in data:
        validator, doc = SCORECARD, data
    elif isinstance(data, dict) and "evidence" in data:
        validator, doc = EVIDENCE, data
    elif isinstance(data, dict) and "kind" in data:
        defs = evidence_schema()["$defs"]
        validator = jsonschema.Draft202012Validator({"$defs": defs, "$ref": "#/$defs/evidence"})
        doc = data
    else:
        return
    problems = schema_problems(validator, doc)
    assert bool(problems) == invalid, f"{place}: {problems}"


# --------------------------------------------------------------------------- reading scorecards

#: A scorecard document with evidence of several kinds, warnings and unmet criteria.
CARD_DOC = ithrive.score(example_evidence()).to_dict()


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def edit(doc: dict[str, Any]) -> None:
        for key in path[:-1]:
            doc = doc[key]
        doc[path[-1]] = value

    return edit


def _drop(path: tuple[Any, ...]) -> Any:
    def edit(doc: dict[str, Any]) -> None:
        for key in path[:-1]:
            doc = doc[key]
        del doc[path[-1]]

    return edit


#: One way to break each keyword of the scorecard schema (and the engine's own number
#: checks): the keyword, the edit, and the (item, field, value) the reader names.
BREAKS: list[tuple[str, Any, tuple[Any, ...]]] = [
    ("type", _set(("locality",), 3), (None, "locality", 3)),
    ("type", _set(("items",), []), (None, "items", [])),
    ("type", _set(("items", "micro.2", "explanation"), 5), ("micro.2", "explanation", 5)),
    ("whole", _set(("items", "micro.2", "level"), 3.0), ("micro.2", "level", 3.0)),
    ("enum", _set(("items", "micro.2", "status"), "done"), ("micro.2", "status", "done")),
    (
        "enum",
        _set(("principles", "micro.2", "level"), True),
        (None, "principles.micro.2.level", True),
    ),
    ("const", _set(("schema",), True), (None, "schema", True)),
    ("required", _drop(("ruleset", "version")), (None, "ruleset.version", None)),
    ("required", _drop(("items", "meso.1")), (None, "items.meso.1", None)),
    (
        "additionalProperties",
        _set(("systems", "meso", "extra"), 1),
        (None, "systems.meso.extra", "extra"),
    ),
    ("additionalProperties", _set(("items", "micro.2", "note"), ""), ("micro.2", "note", "note")),
    ("items", _set(("items", "micro.2", "unmet"), [1]), ("micro.2", "unmet[0]", 1)),
    (
        "items",
        _set(("principles", "micro.2", "items"), ["micro.9"]),
        (None, "principles.micro.2.items[0]", "micro.9"),
    ),
    (
        "minItems",
        _set(("principles", "micro.2", "items"), []),
        (None, "principles.micro.2.items", 0),
    ),
    (
        "minimum",
        _set(("systems", "meso", "items_rated"), -1),
        (None, "systems.meso.items_rated", -1),
    ),
    (
        "maximum",
        _set(("systems", "meso", "mean_level"), 4.5),
        (None, "systems.meso.mean_level", 4.5),
    ),
    ("finite", _set(("items", "micro.2", "value"), float("nan")), ("micro.2", "value", None)),
    (
        "magnitude",
        _set(("systems", "meso", "items_total"), 10**16),
        (None, "systems.meso.items_total", None),
    ),
]


def _schema_keywords(root: dict[str, Any]) -> set[str]:
    """Every keyword the scorecard schema uses, following its references but the evidence's."""
    seen: set[str] = set()

    def keywords(node: dict[str, Any]) -> set[str]:
        ref = node.get("$ref")
        if ref is not None:
            name = ref.rpartition("/")[2]
            if ref == "#/$defs/evidence" or name in seen:
                return {"$ref"}
            seen.add(name)
            return {"$ref"} | keywords(root["$defs"][name])
        found = set(node)
        for sub in node.get("properties", {}).values():
            found |= keywords(sub)
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                found |= keywords(node[key])
        return found

    return keywords(root)


def test_every_keyword_of_the_scorecard_schema_has_a_way_to_break_it_below() -> None:
    """A keyword added to the scorecard schema needs a case in ``BREAKS``, so reading checks it."""
    annotations = {"$schema", "$id", "$defs", "title", "description", "$ref"}
    applied = {"properties"}  # through the keywords of its subschemas
    covered = {k for k, _, _ in BREAKS}
    assert set() == _schema_keywords(scorecard_schema()) - annotations - applied - covered


@pytest.mark.parametrize(("keyword", "edit", "where"), BREAKS, ids=[k for k, _, _ in BREAKS])
def test_reading_a_scorecard_refuses_what_its_schema_refuses(
    keyword: str, edit: Any, where: tuple[Any, ...]
) -> None:
    """``Scorecard.from_dict`` names the item, field and value of each way the schema is broken."""
    doc = copy.deepcopy(CARD_DOC)
    edit(doc)
    # Stricter than the schema: JSON has no NaN, the schema no size limit, and to JSON
    # Schema 3.0 is the integer 3.
    if keyword not in ("finite", "magnitude", "whole"):
        assert schema_problems(SCORECARD, doc)
    with pytest.raises(ithrive.EvidenceError) as caught:
        ithrive.Scorecard.from_dict(doc)
    item, field, value = where
    assert ("invalid_scorecard", item, field) == (
        caught.value.code,
        caught.value.item,
        caught.value.field,
    )
    if value is not None:
        assert value == caught.value.value


def test_reading_a_scorecard_reports_every_problem_at_once() -> None:
    """Several problems: one ``InvalidEvidenceError`` listing each, coded ``invalid_scorecard``."""
    chosen = [BREAKS[i] for i in (0, 2, 4, 5, 7, 9)]  # edits that leave each other's places
    doc = copy.deepcopy(CARD_DOC)
    for _, edit, _ in chosen:
        edit(doc)
    with pytest.raises(ithrive.InvalidEvidenceError) as caught:
        ithrive.Scorecard.from_dict(doc)
    assert ("invalid_scorecard", True) == (
        caught.value.code,
        caught.value.message.startswith("6 problems in the scorecard document:"),
    )
    assert sorted((str(i), f) for _, _, (i, f, _) in chosen) == sorted(
        (str(e.item), e.field) for e in caught.value.errors
    )


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(-5, 5) | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2)
    ),
    max_leaves=4,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists (the evidence left out)."""
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            if key != "evidence":
                out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*prefix, i))
    return out


CARD_PATHS = _paths(CARD_DOC)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(CARD_PATHS), how=st.sampled_from(("set", "drop")), value=_JSON)
def test_a_scorecard_the_schema_rejects_is_never_read(
    path: tuple[Any, ...], how: str, value: Any
) -> None:
    """Reading is never looser than the published schema: what it rejects is refused."""
    doc = copy.deepcopy(CARD_DOC)
    (_set(path, value) if how == "set" else _drop(path))(doc)
    if schema_problems(SCORECARD, doc):
        with pytest.raises(ithrive.EvidenceError):
            ithrive.Scorecard.from_dict(doc)
