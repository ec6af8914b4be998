"""The scorecard's JSON document: written from a scorecard, read back and checked whole.

Reading is structuring: each value is checked as it becomes part of an item,
principle or system result (:mod:`._checks`), and every problem is
collected, each naming its item (or place), its field and its value, under
the code ``invalid_scorecard``. The evidence inside is structured as evidence is
everywhere (:mod:`ithrive.evidence.reading`), and the principles, systems and
verdict must be what the item levels give (:mod:`._summary`). The published
JSON Schema (:func:`ithrive.outputs.schema.scorecard_schema`) describes the
same document; nothing here interprets it.

This module knows the results but not the scorecard: :func:`read_document`
returns the scorecard's fields, so the scorecard can import it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ithrive._messages import short_repr
from ithrive.base.encoding import find_unencodable
from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.evidence import Evidence
from ithrive.evidence.reading import structure_evidence, unstructure_evidence
from ithrive.limits import MAX_TEXT
from ithrive.model import FRAMEWORK
from ithrive.model.level import Level, Status
from ithrive.scorecard._checks import (
    ARRAY,
    BAD,
    BOOLEAN,
    BOOLEAN_OR_NULL,
    CODE,
    INTEGER,
    NUMBER_OR_NULL,
    STRING,
    STRING_OR_NULL,
    Choices,
    Place,
    Reading,
    any_bad,
)
from ithrive.scorecard._results import (
    SCHEMA_VERSION,
    CardView,
    ItemResult,
    Notice,
    PrincipleResult,
    SystemResult,
)
from ithrive.scorecard._summary import principle_results, system_results

__all__ = ["read_document", "write_document"]


def _write_item(result: ItemResult) -> dict[str, Any]:
    return {
        "level": None if result.level is None else int(result.level),
        "thrive_like": result.thrive_like,
        "status": result.status.value,
        "basis": result.basis,
        "value": result.value,
        "decided_by": result.decided_by,
        "unmet": list(result.unmet),
        "warnings": [{"code": w.code, "message": w.message} for w in result.warnings],
        "explanation": result.explanation,
        "citation": result.citation,
        "evidence": [unstructure_evidence(e) for e in result.evidence],
    }


def write_document(card: CardView) -> dict[str, Any]:
    """The scorecard as a JSON-ready dict in the documented schema."""
    return {
        "schema": card.schema,
        "ruleset": {"name": card.ruleset, "version": card.ruleset_version},
        "locality": card.locality,
        "date": card.date,
        "thrive_like": card.thrive_like,
        "complete": card.complete,
        "items": {r.item: _write_item(r) for r in card.items},
        "principles": {
            p.principle: {
                "level": None if p.level is None else int(p.level),
                "thrive_like": p.thrive_like,
                "status": p.status.value,
                "items": list(p.items),
            }
            for p in card.principles
        },
        "systems": {
            s.system: {
                "items_total": s.items_total,
                "items_rated": s.items_rated,
                "items_thrive_like": s.items_thrive_like,
                "principles_total": s.principles_total,
                "principles_rated": s.principles_rated,
                "principles_thrive_like": s.principles_thrive_like,
                "mean_level": s.mean_level,
            }
            for s in card.systems
        },
    }


# ----------------------------------------------------------------------------- reading

_LEVELS = Choices([*(int(v) for v in Level), None])
_STATUSES = Choices([s.value for s in Status])
_ITEM_IDS = Choices(list(FRAMEWORK.item_ids))


def _level(value: Any) -> Level | None:
    return None if value is None else Level(value)


def _notices(r: Reading, value: Any, at: Place, key: str) -> Any:
    """An item's warnings, as notices."""
    if r.typed(value, at, key, ARRAY) is BAD:
        return BAD
    here = at[key]
    out = []
    for i, w in enumerate(value):
        body = r.fields(w, here[i], ("code", "message"))
        if body is None:
            out.append(BAD)
            continue
        code = r.typed(body.get("code", BAD), here[i], "code", STRING)
        message = r.typed(body.get("message", BAD), here[i], "message", STRING)
        out.append(BAD if any_bad((code, message)) else Notice(code, message))
    return BAD if any_bad(out) else tuple(out)


def _evidence(r: Reading, value: Any, at: Place, key: str) -> Any:
    """An item's evidence, each problem placed at the item and piece."""
    if r.typed(value, at, key, ARRAY) is BAD:
        return BAD
    out: list[Evidence] = []
    for index, piece in enumerate(value):
        where = f"evidence[{index}]"
        try:
            out.append(structure_evidence(piece))
        except InvalidEvidenceError as err:
            r.problems.extend(e.at(item=at.item, prefix=where) for e in err.errors)
        except EvidenceError as err:
            r.problems.append(err.at(item=at.item, prefix=where))
    return tuple(out) if len(out) == len(value) else BAD


_ITEM_KEYS = (
    "level",
    "thrive_like",
    "status",
    "basis",
    "value",
    "decided_by",
    "unmet",
    "warnings",
    "explanation",
    "citation",
    "evidence",
)


def _item(r: Reading, item_id: str, value: Any, _: Place) -> ItemResult | None:
    here = Place(item_id, "")
    body = r.fields(value, here, _ITEM_KEYS)
    if body is None:
        return None
    get = body.get
    got = (
        r.one_of(get("level", BAD), here, "level", _LEVELS),
        r.typed(get("thrive_like", BAD), here, "thrive_like", BOOLEAN_OR_NULL),
        r.one_of(get("status", BAD), here, "status", _STATUSES),
        r.typed(get("basis", BAD), here, "basis", STRING_OR_NULL),
        r.typed(get("value", BAD), here, "value", NUMBER_OR_NULL),
        r.typed(get("decided_by", BAD), here, "decided_by", STRING_OR_NULL),
        r.texts(get("unmet", BAD), here, "unmet"),
        _notices(r, get("warnings", BAD), here, "warnings"),
        r.typed(get("explanation", BAD), here, "explanation", STRING),
        r.typed(get("citation", BAD), here, "citation", STRING),
        _evidence(r, get("evidence", BAD), here, "evidence"),
    )
    if any_bad(got):
        return None
    level, _, status, basis, number, decided_by, unmet, warnings, explanation, citation, ev = got
    return ItemResult(
        item=item_id,
        level=_level(level),
        status=Status(status),
        explanation=explanation,
        evidence=ev,
        basis=basis,
        value=number,
        decided_by=decided_by,
        unmet=unmet,
        warnings=warnings,
        citation=citation,
    )


def _principle(r: Reading, pid: str, value: Any, here: Place) -> PrincipleResult | None:
    body = r.fields(value, here, ("level", "thrive_like", "status", "items"))
    if body is None:
        return None
    get = body.get
    items = r.typed(get("items", BAD), here, "items", ARRAY)
    if items is not BAD:
        if not items:
            items = r.problem(here["items"], 0, "needs at least 1 entries")
        else:
            items = tuple(r.one_of(v, here["items"], i, _ITEM_IDS) for i, v in enumerate(items))
    got = (
        r.one_of(get("level", BAD), here, "level", _LEVELS),
        r.typed(get("thrive_like", BAD), here, "thrive_like", BOOLEAN_OR_NULL),
        r.one_of(get("status", BAD), here, "status", _STATUSES),
        BAD if items is BAD or any_bad(items) else items,
    )
    if any_bad(got):
        return None
    level, thrive_like, status, items = got
    return PrincipleResult(pid, _level(level), Status(status), items, thrive_like)


_COUNTS = (
    "items_total",
    "items_rated",
    "items_thrive_like",
    "principles_total",
    "principles_rated",
    "principles_thrive_like",
)


def _system(r: Reading, sid: str, value: Any, here: Place) -> SystemResult | None:
    body = r.fields(value, here, (*_COUNTS, "mean_level"))
    if body is None:
        return None
    got = {k: r.between(r.typed(body.get(k, BAD), here, k, INTEGER), here, k, 0) for k in _COUNTS}
    mean = r.typed(body.get("mean_level", BAD), here, "mean_level", NUMBER_OR_NULL)
    got["mean_level"] = r.between(mean, here, "mean_level", 1, 4)
    return None if any_bad(got.values()) else SystemResult(system=sid, **got)


def _each(
    r: Reading, value: Any, at: Place, key: str, *, ids: tuple[str, ...], read: Callable[..., Any]
) -> Any:
    """The results of an object keyed by ``ids`` (every one, no other), in the framework's order.

    A JSON object's keys have no order (PostgreSQL's ``jsonb`` sorts them),
    so a document is read as a value: the same content in any key order
    gives the same scorecard and the same bytes of JSON.
    """
    here = at[key]
    body = r.fields(value, here, ids)
    if body is None:
        return BAD
    got = [read(r, i, body[i], here[i]) for i in ids if i in body]
    return BAD if len(got) < len(ids) or any(g is None for g in got) else tuple(got)


def _text(r: Reading, value: Any, at: Place, key: str) -> Any:
    """The locality or date: text or null, held to the evidence's text limit."""
    value = r.typed(value, at, key, STRING_OR_NULL)
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return r.problem(
            at[key],
            len(value),
            f"text of {len(value)} characters is longer than the limit {MAX_TEXT}",
            code="too_large",
        )
    return value


def _derived(r: Reading, fields: Mapping[str, Any]) -> None:
    """Principles, systems and the verdict must be what the item levels give.

    A document edited by hand (a principle raised, the verdict set to true)
    would otherwise be reported as if the engine had decided it.
    """
    items: tuple[ItemResult, ...] = fields["items"]
    for result in items:
        if (result.level is not None) != (result.status is Status.RATED):
            r.problem(
                Place(result.item, "status"),
                result.status.value,
                f"level {_int_or_none(result.level)} does not go with status "
                f"{result.status.value!r}: a rated item has a level, any other has none",
            )
    levels = {res.item: (res.level, res.status) for res in items}
    principles = principle_results(levels)
    for got, want in zip(fields["principles"], principles, strict=True):
        if got != want:
            r.problems.append(
                EvidenceError(
                    f"principle {want.principle} does not follow from its items' levels "
                    f"(the document says level {_int_or_none(got.level)}, "
                    f"thrive_like {got.thrive_like}; the items give level "
                    f"{_int_or_none(want.level)}, thrive_like {want.thrive_like})",
                    code=CODE,
                    item=want.principle,
                    field=f"principles.{want.principle}",
                    value=attrs.asdict(got, recurse=False),
                )
            )
    for got_s, want_s in zip(fields["systems"], system_results(levels, principles), strict=True):
        if got_s != want_s:
            r.problem(
                Place(None, f"systems.{want_s.system}"),
                attrs.asdict(got_s),
                f"the {want_s.system} summary does not follow from the item and principle results",
            )
    verdict = all(p.thrive_like for p in principles)
    if fields["thrive_like"] != verdict:
        r.problem(
            Place(None, "thrive_like"),
            fields["thrive_like"],
            f"thrive_like is {fields['thrive_like']} but the principles give {verdict}",
        )


def _int_or_none(level: Level | None) -> int | None:
    return None if level is None else int(level)


_DOCUMENT_KEYS = (
    "schema",
    "ruleset",
    "locality",
    "date",
    "thrive_like",
    "complete",
    "items",
    "principles",
    "systems",
)
_PRINCIPLE_IDS = tuple(p.id for p in FRAMEWORK.principles)
_SYSTEM_IDS = tuple(s.id for s in FRAMEWORK.systems)


def _read(r: Reading, data: Mapping[Any, Any]) -> dict[str, Any] | None:
    """The scorecard's fields from ``data``, every problem collected in ``r``."""
    top = Place(None, "")
    r.fields(data, top, _DOCUMENT_KEYS)
    get = data.get
    ruleset = r.fields(get("ruleset", BAD), top["ruleset"], ("name", "version"))
    name = version = BAD
    if ruleset is not None:
        name = r.typed(ruleset.get("name", BAD), top["ruleset"], "name", STRING)
        version = r.typed(ruleset.get("version", BAD), top["ruleset"], "version", STRING)
    r.typed(get("complete", BAD), top, "complete", BOOLEAN)  # recomputed, but checked
    fields = {
        "schema": data["schema"],
        "ruleset": name,
        "ruleset_version": version,
        "locality": _text(r, get("locality", BAD), top, "locality"),
        "date": _text(r, get("date", BAD), top, "date"),
        "thrive_like": r.typed(get("thrive_like", BAD), top, "thrive_like", BOOLEAN),
        "items": _each(r, get("items", BAD), top, "items", ids=FRAMEWORK.item_ids, read=_item),
        "principles": _each(
            r, get("principles", BAD), top, "principles", ids=_PRINCIPLE_IDS, read=_principle
        ),
        "systems": _each(r, get("systems", BAD), top, "systems", ids=_SYSTEM_IDS, read=_system),
    }
    if r.problems or any_bad(fields.values()):
        return None
    _derived(r, fields)
    return None if r.problems else fields


def _refused(problems: list[EvidenceError]) -> EvidenceError:
    """One problem as itself; several together, as ``invalid_scorecard`` when any is."""
    if len(problems) == 1:
        return problems[0]
    err = InvalidEvidenceError(problems)
    if any(p.code == CODE for p in problems):
        err.code = CODE
        err.message = err.message.replace("in the evidence:", "in the scorecard document:", 1)
        err.args = (err.message,)
    return err


def read_document(data: Any) -> dict[str, Any]:
    """A scorecard's fields (keyword arguments of the scorecard) from its JSON-ready dict.

    Derived fields (``thrive_like`` of items, ``complete``) are recomputed.
    A document of another schema version raises
    :class:`~ithrive.errors.EvidenceError` with code ``invalid_scorecard``;
    one of the wrong shape, every problem at once (one as itself, several as
    :class:`~ithrive.errors.InvalidEvidenceError`).
    """
    if not isinstance(data, Mapping):
        raise EvidenceError(
            f"expected a scorecard document (a mapping), got {type(data).__name__}",
            code=CODE,
            field="data",
            value=data,
        )
    if "schema" not in data:
        raise EvidenceError(
            "not a scorecard document: the key 'schema' is missing",
            code=CODE,
            field="schema",
            value=None,
        )
    schema = data["schema"]
    if not (type(schema) is int and schema == SCHEMA_VERSION):
        raise EvidenceError(
            f"scorecard schema {short_repr(schema)} is not supported (this is {SCHEMA_VERSION})",
            code=CODE,
            field="schema",
            value=schema,
        )
    found = find_unencodable(data, limit=1)  # first: later messages may quote the document's text
    if found:
        path, reason = found[0]
        raise EvidenceError(reason, code="unencodable_text", field=path, value=None)
    r = Reading()
    fields = _read(r, data)
    if fields is None:
        raise _refused(r.problems)
    return fields
