"""JSON Schemas (draft 2020-12) for the evidence document and the scorecard.

Both schemas are built from the model, so they cannot drift from it: the
evidence kinds and their fields come from the evidence classes, the item ids
from :data:`~ithrive.model.FRAMEWORK`, and, in the evidence schema, the kinds
each item accepts, its measure names and its indicator criteria (with their
labels) from the ruleset. Nothing here needs a validator at run time; apps
validate with any draft 2020-12 implementation.

A schema checks shape, types, ranges and the size limits of
:mod:`ithrive.limits`. Some rules only the engine can check, because they
relate two fields or pieces of evidence or depend on exact arithmetic: a
numerator above its denominator, agreeing staff outnumbering respondents, a
count with a different number of names, two ratings of one item, a fraction
such as ``'150/1'`` out of range, a whole number written as ``3.0``. So an
evidence document the schema rejects is always rejected by
:func:`ithrive.score`, but not the other way round. (:func:`ithrive.score`
also takes a bare mapping of item ids to evidence, without the document's
``evidence`` key; the schema describes only the document.)

>>> from ithrive.outputs.schema import evidence_schema, scorecard_schema
>>> evidence_schema()["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> sorted(scorecard_schema()["properties"])
['complete', 'date', 'items', 'locality', 'principles', 'ruleset', 'schema', ...]
"""

from __future__ import annotations

import copy
import functools
import json
import math
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

import attrs

from ithrive.errors import EvidenceError, as_text, expect, short_repr, wrong_type
from ithrive.evidence.kinds import KIND_REGISTRY, all_kinds, kind
from ithrive.limits import MAX_INTEGER, MAX_PIECES, MAX_TEXT
from ithrive.model import FRAMEWORK
from ithrive.model.level import Level, Status
from ithrive.rules.interval import Interval
from ithrive.rules.loader import ruleset_or_default
from ithrive.rules.ruleset import GateEffect, ItemRule, Ruleset
from ithrive.scorecard import SCHEMA_VERSION

__all__ = [
    "DRAFT",
    "EVIDENCE_SCHEMA_ID",
    "HELP_KEY",
    "KIND_FIELDS",
    "SCORECARD_SCHEMA_ID",
    "check_scorecard_document",
    "evidence_schema",
    "schema_json",
    "scorecard_schema",
]

#: The JSON Schema dialect of both schemas.
DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: ``$id`` of the evidence document schema.
EVIDENCE_SCHEMA_ID = "urn:ithrive:schema:evidence-document"
#: ``$id`` of the scorecard schema (its version is the scorecard's ``schema`` field).
SCORECARD_SCHEMA_ID = f"urn:ithrive:schema:scorecard:{SCHEMA_VERSION}"
#: The evidence document's optional help section, written by ``ithrive template``
#: and ignored by the scorer.
HELP_KEY = "_help"

_TEXT = {"type": ["string", "null"]}
#: Free text in a piece of evidence: at most MAX_TEXT characters, as the engine requires.
_NOTE = {**_TEXT, "maxLength": MAX_TEXT}


class _KindFields(Mapping[str, Mapping[str, Mapping[str, Any]]]):
    """Each registered kind's field schemas, by kind."""

    def __getitem__(self, name: str) -> Mapping[str, Mapping[str, Any]]:
        return kind(name).fields

    def __iter__(self) -> Iterator[str]:
        return iter(all_kinds())

    def __len__(self) -> int:
        return len(all_kinds())


#: Each evidence kind's fields, by field name: the schema of the field's JSON value,
#: as the kind declares it (:attr:`ithrive.evidence.kinds.Kind.fields`). Which fields are
#: required comes from the evidence classes themselves. Read-only; it follows the registry.
KIND_FIELDS: Mapping[str, Mapping[str, Mapping[str, Any]]] = _KindFields()


def _required(kind_name: str) -> list[str]:
    cls = kind(kind_name).cls
    return [a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING]


def _kind_schema(kind_name: str) -> dict[str, Any]:
    """The schema of one evidence kind, any item, from the kind's declaration."""
    declared = kind(kind_name)
    props: dict[str, Any] = {"kind": {"const": kind_name}}
    for a in attrs.fields(declared.cls):
        props[a.name] = copy.deepcopy(dict(declared.fields[a.name]))
    out: dict[str, Any] = {
        "type": "object",
        "description": declared.description,
        "properties": props,
        "required": ["kind", *_required(kind_name)],
        "additionalProperties": False,
    }
    out.update(copy.deepcopy(dict(declared.schema_extra)))
    return out


def _dispatch(kinds: tuple[str, ...], ref: Any) -> dict[str, Any]:
    """One piece of evidence whose ``kind`` is one of ``kinds``; ``ref(kind)`` gives its schema."""
    return {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(kinds)}},
        "allOf": [{"if": {"properties": {"kind": {"const": k}}}, "then": ref(k)} for k in kinds],
    }


def _number(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


def _bounds(interval: Interval) -> dict[str, Any]:
    low = "minimum" if interval.lower_closed else "exclusiveMinimum"
    high = "maximum" if interval.upper_closed else "exclusiveMaximum"
    return {low: _number(interval.lower), high: _number(interval.upper)}


def _item_kind_schema(rule: ItemRule, kind: str) -> dict[str, Any]:
    """The schema of ``kind`` evidence for one item: the kind, narrowed by the rule."""
    base: dict[str, Any] = {"$ref": f"#/$defs/{kind}"}
    if kind == "rating":
        return base
    props: dict[str, Any] = {}
    required: list[str] = []
    props_extra: dict[str, Any] = {}
    if kind == "indicators":
        assert rule.indicators is not None
        criteria: dict[str, Any] = {}
        for c in rule.indicators.criteria:
            if c.is_ordinal:
                needs = ", ".join(f"level {int(lv)}: {label}" for lv, label in c.requires)
                criteria[c.id] = {"enum": list(c.values), "description": f"{c.text} ({needs})."}
            else:
                criteria[c.id] = {
                    "type": "boolean",
                    "description": f"{c.text} (needed for level {int(c.first_level)} and up).",
                }
        props["criteria"] = {"properties": criteria, "additionalProperties": False}
    else:
        measures = [m for m in rule.measures if m.kind == kind]
        names: list[Any] = [m.name for m in measures]
        if len(measures) == 1:
            props["measure"] = {"enum": [*names, None]}
            field = KIND_REGISTRY[kind].banded_field
            if field is not None:
                props[field] = _bounds(measures[0].domain)
            # a gate that withholds the level needs the fields it is computed from (D35)
            declared = KIND_REGISTRY[kind]
            needed: list[str] = []
            for gate in measures[0].gates:
                if gate.effect is GateEffect.INSUFFICIENT and gate.field in declared.gate_needs:
                    needed.extend(f for f in declared.gate_needs[gate.field] if f not in needed)
            if needed:
                # given, and not as null (the engine reads null as not given) ...
                given = {
                    "required": needed,
                    "properties": {f: {"not": {"type": "null"}} for f in needed},
                }
                # ... unless no one responded: no value, so no gate to check (D15)
                nobody = {"required": ["respondents"], "properties": {"respondents": {"const": 0}}}
                narrowed_needs = [given, nobody] if "respondents" in declared.fields else [given]
                props_extra = {"anyOf": narrowed_needs}
        else:
            props["measure"] = {"enum": names}
            required.append("measure")
    narrowed: dict[str, Any] = {"properties": props, **props_extra}
    if required:
        narrowed["required"] = required
    return {"allOf": [base, narrowed]}


def _item_schema(rule: ItemRule) -> dict[str, Any]:
    item = FRAMEWORK.item(rule.item)
    piece = {"$ref": f"#/$defs/{rule.item}"}
    return {
        "description": f"{item.id}: {item.title}. Accepts {', '.join(rule.accepts)}; "
        "one piece of evidence or a list (an empty list means not assessed).",
        "if": {"type": "array"},
        "then": {"items": piece, "maxItems": MAX_PIECES},
        "else": piece,
    }


def evidence_schema(ruleset: Ruleset | None = None) -> dict[str, Any]:
    """The JSON Schema of an evidence document scored under ``ruleset`` (default: packaged).

    The document is ``{"locality": ..., "date": ..., "evidence": {ITEM: EVIDENCE
    or [EVIDENCE, ...]}}``; per item the schema lists the evidence kinds the
    ruleset accepts, its measure names and its indicator criteria with their
    labels. An optional ``_help`` section (written by ``ithrive template``)
    is allowed and ignored.

    >>> schema = evidence_schema()
    >>> schema["properties"]["evidence"]["properties"]["micro.2"]["description"]
    'micro.2: Needs-based grouping recorded in case notes. Accepts rating, proportion; ...'
    """
    rules = ruleset_or_default(ruleset)
    kinds = tuple(all_kinds())
    defs: dict[str, Any] = {name: _kind_schema(name) for name in kinds}
    defs["evidence"] = _dispatch(kinds, lambda k: {"$ref": f"#/$defs/{k}"})
    for rule in rules:
        defs[rule.item] = _dispatch(rule.accepts, lambda k, r=rule: _item_kind_schema(r, k))
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": EVIDENCE_SCHEMA_ID,
        "title": "ithrive evidence document",
        "description": "One locality's evidence for the THRIVE Implementation Assessment Tool, "
        f"as scored under ruleset {rules.name} {rules.version}.",
        "type": "object",
        "properties": {
            "locality": {**_NOTE, "description": "The locality assessed."},
            "date": {**_NOTE, "description": "When: an ISO date or month such as 2018-03."},
            "evidence": {
                "type": "object",
                "description": "Evidence by item id; items left out are not assessed.",
                "properties": {r.item: _item_schema(r) for r in rules},
                "additionalProperties": False,
            },
            HELP_KEY: {"description": "Help written by 'ithrive template'; ignored when scoring."},
        },
        "required": ["evidence"],
        "additionalProperties": False,
        "$defs": defs,
    }
    # A copy: the parts schemas share are module data that no caller may change.
    return copy.deepcopy(schema)


_LEVEL_OR_NULL = {"enum": [*(int(v) for v in Level), None]}
_VERDICT = {"type": ["boolean", "null"]}
_STATUS = {"enum": [s.value for s in Status]}
_COUNT = {"type": "integer", "minimum": 0}


def _object(props: dict[str, Any], description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    if description:
        out["description"] = description
    out.update({"properties": props, "required": list(props), "additionalProperties": False})
    return out


def scorecard_schema() -> dict[str, Any]:
    """The JSON Schema of a scorecard's JSON form (:meth:`~ithrive.Scorecard.to_dict`).

    Every item, principle and system level of the framework appears, keyed by
    id; every key is always present (``null`` where there is no value).

    >>> schema = scorecard_schema()
    >>> len(schema["properties"]["items"]["required"])
    22
    """
    item = _object(
        {
            "level": _LEVEL_OR_NULL,
            "thrive_like": _VERDICT,
            "status": _STATUS,
            "basis": {"type": ["string", "null"]},
            "value": {"type": ["number", "null"]},
            "decided_by": {"type": ["string", "null"]},
            "unmet": {"type": "array", "items": {"type": "string"}},
            "warnings": {
                "type": "array",
                "items": _object({"code": {"type": "string"}, "message": {"type": "string"}}),
            },
            "explanation": {"type": "string"},
            "citation": {"type": "string"},
            "evidence": {"type": "array", "items": {"$ref": "#/$defs/evidence"}},
        },
        "The result of one item.",
    )
    principle = _object(
        {
            "level": _LEVEL_OR_NULL,
            "thrive_like": _VERDICT,
            "status": _STATUS,
            "items": {"type": "array", "items": {"enum": list(FRAMEWORK.item_ids)}, "minItems": 1},
        },
        "The result of one principle: the lowest level of its items.",
    )
    system = _object(
        {
            "items_total": _COUNT,
            "items_rated": _COUNT,
            "items_thrive_like": _COUNT,
            "principles_total": _COUNT,
            "principles_rated": _COUNT,
            "principles_thrive_like": _COUNT,
            "mean_level": {"type": ["number", "null"], "minimum": 1, "maximum": 4},
        },
        "Counts for one system level.",
    )
    defs: dict[str, Any] = {
        "item": item,
        "principle": principle,
        "system": system,
        **{name: _kind_schema(name) for name in all_kinds()},
    }
    defs["evidence"] = _dispatch(tuple(all_kinds()), lambda k: {"$ref": f"#/$defs/{k}"})
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": SCORECARD_SCHEMA_ID,
        "title": "ithrive scorecard",
        "description": "The scored assessment of one locality, as written by ithrive.",
        **_object(
            {
                "schema": {"const": SCHEMA_VERSION},
                "ruleset": _object({"name": {"type": "string"}, "version": {"type": "string"}}),
                "locality": {"type": ["string", "null"]},
                "date": {"type": ["string", "null"]},
                "thrive_like": {"type": "boolean"},
                "complete": {"type": "boolean"},
                "items": _object({i: {"$ref": "#/$defs/item"} for i in FRAMEWORK.item_ids}),
                "principles": _object(
                    {p.id: {"$ref": "#/$defs/principle"} for p in FRAMEWORK.principles}
                ),
                "systems": _object({s.id: {"$ref": "#/$defs/system"} for s in FRAMEWORK.systems}),
            }
        ),
        "$defs": defs,
    }
    # A copy: the parts schemas share are module data that no caller may change.
    return copy.deepcopy(schema)


def schema_json(schema: dict[str, Any]) -> str:
    """A schema as JSON text, two-space indented with a final newline: always the same bytes."""
    expected = "a JSON Schema (a dict of JSON values)"
    expect(schema, dict, field="schema", expected=expected)
    try:
        return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    except (TypeError, ValueError):
        raise wrong_type(schema, expected, field="schema") from None


# ----------------------------------------------------------------------------- checking documents

#: Keywords that only annotate a schema; the checker ignores them.
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description"})
#: Keywords the checker enforces; the scorecard schema uses no others (pinned by a test).
_CHECKED = frozenset(
    {"$ref", "type", "enum", "const", "properties", "required", "additionalProperties"}
    | {"items", "minItems", "minimum", "maximum"}
)
_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, Mapping),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


def _problems(
    value: Any, node: Mapping[str, Any], root: Mapping[str, Any], path: str, out: list[Any]
) -> None:
    """Append ``(path, value, message)`` for each way ``value`` breaks the schema ``node``.

    Only the keywords the scorecard schema uses are known; the evidence inside
    a scorecard is left to :func:`~ithrive.evidence.reading.structure_evidence`.
    """
    if "$ref" in node:
        if node["$ref"] != "#/$defs/evidence":
            _problems(value, root["$defs"][node["$ref"].rpartition("/")[2]], root, path, out)
        return
    where = path or "the document"
    kinds = node.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(_TYPES[k](value) for k in kinds):
            out.append((path, value, f"expected {' or '.join(kinds)}, got {type(value).__name__}"))
            return
    if "enum" in node and not any(_same(value, v) for v in node["enum"]):
        out.append((path, value, f"expected one of {node['enum']}, got {short_repr(value)}"))
        return
    if "const" in node and not _same(value, node["const"]):
        out.append((path, value, f"expected {node['const']!r}, got {short_repr(value)}"))
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            out.append((path, value, f"{value!r} is not a finite number"))
            return
        if isinstance(value, int) and abs(value) > MAX_INTEGER:
            out.append((path, short_repr(value), f"a number of magnitude above {MAX_INTEGER:.0e}"))
            return
        for key, bad in (("minimum", value < node.get("minimum", value)),
                         ("maximum", value > node.get("maximum", value))):  # fmt: skip
            if bad:
                out.append((path, value, f"{value!r} is outside the {key} {node[key]}"))
    if isinstance(value, Mapping):
        props = node.get("properties", {})
        for key in node.get("required", ()):
            if key not in value:
                out.append((_join(path, key), None, f"required in {where}, but missing"))
        extra = node.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                _problems(item, props[key], root, _join(path, key), out)
            elif extra is False:
                out.append((_join(path, as_text(key)), key, f"not a key of {where}"))
            elif isinstance(extra, Mapping):
                _problems(item, extra, root, _join(path, as_text(key)), out)
    if isinstance(value, list):
        if len(value) < node.get("minItems", 0):
            out.append((path, len(value), f"needs at least {node['minItems']} entries"))
        for i, item in enumerate(value):
            if "items" in node:
                _problems(item, node["items"], root, f"{path}[{i}]", out)


def _same(value: Any, expected: Any) -> bool:
    """JSON equality: ``true`` is not ``1``."""
    return type(value) is type(expected) and bool(value == expected)


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


@functools.cache
def _scorecard_schema() -> dict[str, Any]:
    return scorecard_schema()


def check_scorecard_document(data: Any) -> None:
    """Check a scorecard document against :func:`scorecard_schema`, all of it at once.

    Raises :class:`~ithrive.errors.EvidenceError` with the code
    ``invalid_scorecard``, whose ``field`` and ``value`` are those of the first
    problem and whose message lists them all. The evidence inside the
    document is checked when it is structured.

    >>> check_scorecard_document({"schema": 1, "locality": 3})
    Traceback (most recent call last):
    ...
    ithrive.errors.EvidenceError: complete: 8 problems in the scorecard document: ...
    ...locality: expected string or null, got int; ...
    """
    found: list[tuple[str, Any, str]] = []
    _problems(data, _scorecard_schema(), _scorecard_schema(), "", found)
    if not found:
        return
    found.sort(key=lambda p: p[0])
    shown = "; ".join(f"{path or 'the document'}: {message}" for path, _, message in found[:10])
    more = f"; and {len(found) - 10} more" if len(found) > 10 else ""
    n = len(found)
    raise EvidenceError(
        f"{n} problem{'s' if n > 1 else ''} in the scorecard document: {shown}{more}",
        code="invalid_scorecard",
        field=found[0][0] or "data",
        value=found[0][1],
    )
