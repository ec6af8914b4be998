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
``evidence`` key; the schema describes only the document.) Likewise a
scorecard document the scorecard schema rejects is always refused by
:meth:`ithrive.Scorecard.from_dict`, which checks the document as it reads it
(:func:`ithrive.scorecard.document.structure_scorecard`) and also refuses
principles, systems or a verdict that do not follow from the item levels.

>>> from ithrive.outputs.schema import evidence_schema, scorecard_schema
>>> evidence_schema()["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> sorted(scorecard_schema()["properties"])
['complete', 'date', 'items', 'locality', 'principles', 'ruleset', 'schema', ...]
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

import attrs

from ithrive.errors import expect, wrong_type
from ithrive.evidence.kinds import KIND_REGISTRY, all_kinds, kind
from ithrive.limits import MAX_PIECES, MAX_TEXT
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
