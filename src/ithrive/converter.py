"""JSON forms of evidence and scorecards, through one configured cattrs setup.

Models do not know how they are serialised; this module does. Evidence
arrives as plain JSON-like dicts tagged by ``kind`` and is structured with
cattrs, unknown fields rejected. The fast path runs first; only when it fails
is the input structured again with detailed validation, so that every
problem is reported at once with its item, field and value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
import cattrs
from cattrs.errors import ClassValidationError

from ithrive._hints import suggest, suggestion_text
from ithrive.encoding import find_unencodable
from ithrive.errors import EvidenceError, InvalidEvidenceError, _short, _text
from ithrive.evidence import (
    KINDS,
    RATIO_PATTERN,
    CriterionValue,
    Evidence,
    Indicators,
    exact_number,
)
from ithrive.kinds import failed_plugins_note, kind_of_class, load_plugins
from ithrive.limits import MAX_PROBLEMS, MAX_TEXT
from ithrive.model import FRAMEWORK
from ithrive.model.level import Level, Status
from ithrive.scorecard import (
    SCHEMA_VERSION,
    ItemResult,
    Notice,
    PrincipleResult,
    Scorecard,
    SystemResult,
)

__all__ = [
    "structure_evidence",
    "structure_scorecard",
    "unstructure_evidence",
    "unstructure_scorecard",
]


def _passthrough(value: Any, _: Any) -> Any:
    """Hand the raw value to the class, whose validators give the precise error."""
    return value


#: Text read as an exact number: a ratio such as ``"269/33"``, the form written for a
#: fraction no JSON number equals. Any other text stays text and is refused as a number.
#: ASCII only, as the schema's pattern means in JSON Schema's (ECMA-262) regex dialect:
#: ``\d`` is 0-9 there, so text such as ``"\u0663/1"`` must not be read as 3.
_EXACT_TEXT = re.compile(RATIO_PATTERN, re.ASCII)


def _exact(value: Any, _: Any) -> Any:
    """Read text such as ``"20/3"`` as an exact fraction; pass the rest on."""
    if isinstance(value, str) and _EXACT_TEXT.match(value):
        try:
            return Fraction(value.strip())
        except ZeroDivisionError:
            return value
    return value


_EXACT_TYPES: tuple[Any, ...] = (float | Fraction, float | Fraction | None)


def _make(detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(
        forbid_extra_keys=True, detailed_validation=detailed, prefer_attrib_converters=True
    )
    for kind in (int, float, str, bool, Level):
        conv.register_structure_hook(kind, _passthrough)
    conv.register_structure_hook_func(lambda t: t in _RAW_TYPES, _passthrough)
    conv.register_structure_hook_func(lambda t: t in _EXACT_TYPES, _exact)
    return conv


_RAW_TYPES: tuple[Any, ...] = (
    tuple[str, ...],
    tuple[tuple[str, CriterionValue], ...],
    tuple[str, ...] | None,
    int | None,
    float | None,
    str | None,
)
_FAST = _make(detailed=False)
_DETAILED = _make(detailed=True)


def _extra_key_errors(cls: type, extra: set[str]) -> list[EvidenceError]:
    allowed = [a.name for a in cls.__attrs_attrs__]  # type: ignore[attr-defined]
    out = []
    keys = sorted(extra, key=_text)
    for key in keys[:MAX_PROBLEMS]:  # a suggestion costs time: the rest are counted
        hints = suggest(_text(key), allowed)
        out.append(
            EvidenceError(
                f"unknown field for {cls.kind} evidence{suggestion_text(hints)}",  # type: ignore[attr-defined]
                code="unknown_field",
                field=_text(key),
                value=key,
            )
        )
    if len(keys) > MAX_PROBLEMS:
        more = len(keys) - MAX_PROBLEMS
        out.append(
            EvidenceError(f"and {more} more unknown fields", code="more_problems", value=more)
        )
    return out


_ABSENT = object()


def _present_field_errors(
    cls: type, known: Mapping[str, Any], missing: list[str]
) -> list[EvidenceError]:
    """Problems with the fields that *are* given, when required ones are missing.

    The class is built with a stand-in for each missing field; its own
    validators then judge the rest, and complaints about the stand-ins
    (already reported as missing) are dropped.
    """
    try:
        cls(**known, **dict.fromkeys(missing, _ABSENT))
    except InvalidEvidenceError as group:
        found: list[EvidenceError] = list(group.errors)
    except EvidenceError as err:
        found = [err]
    except Exception:  # pragma: no cover - validators raise EvidenceError only
        return []
    else:  # pragma: no cover - a stand-in is never a valid value
        return []
    return [e for e in found if e.value is not _ABSENT and e.field not in missing]


def _detailed_errors(cls: type, body: Mapping[str, Any]) -> list[EvidenceError]:
    """Every problem with ``body`` as ``cls``: unknown fields first, then the rest."""
    allowed = {a.name for a in cls.__attrs_attrs__}  # type: ignore[attr-defined]
    extra = {k for k in body if k not in allowed}
    out = _extra_key_errors(cls, extra)
    known = {k: v for k, v in body.items() if k in allowed}
    try:
        _DETAILED.structure(known, cls)
    except ClassValidationError as group:
        with_notes, without_notes = group.group_exceptions()
        for exc in without_notes:
            out.extend(getattr(exc, "errors", (exc,)) if isinstance(exc, EvidenceError) else ())
        missing: list[str] = []
        for exc, note in with_notes:
            if isinstance(exc, KeyError):
                missing.append(str(note.name))
                out.append(
                    EvidenceError(
                        "required field is missing",
                        code="missing_field",
                        field=str(note.name),
                        value=None,
                    )
                )
            elif isinstance(exc, EvidenceError):  # pragma: no cover - hooks pass values through
                out.extend(getattr(exc, "errors", (exc,)))
        if missing:
            out.extend(_present_field_errors(cls, known, missing))
    except EvidenceError as exc:
        out.extend(getattr(exc, "errors", (exc,)))
    except Exception as exc:  # never let a foreign error through
        out.append(
            EvidenceError(f"cannot read this evidence: {type(exc).__name__}", code="invalid_value")
        )
    if not out:  # pragma: no cover - the fast path failed, so something is wrong
        out.append(EvidenceError("cannot read this evidence", code="invalid_value"))
    return out


def structure_evidence(data: Any) -> Evidence:
    """Build one typed evidence object from a JSON-like dict tagged by ``kind``.

    Raises :class:`~ithrive.errors.EvidenceError` (one problem) or
    :class:`~ithrive.errors.InvalidEvidenceError` (several), without item
    ids: the caller places them.

    >>> structure_evidence({"kind": "proportion", "numerator": 18, "denominator": 30})
    Proportion(numerator=18, denominator=30, percent=None, measure=None)
    """
    if kind_of_class(type(data)) is not None or isinstance(data, tuple(KINDS.values())):
        return data  # type: ignore[no-any-return]
    if not isinstance(data, Mapping):
        raise EvidenceError(
            f"expected an evidence object with a 'kind', got {type(data).__name__} {_short(data)}",
            code="wrong_type",
            value=data,
        )
    kind = data.get("kind")
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None and isinstance(kind, str):
        load_plugins()  # a kind a third-party package declares
        cls = KINDS.get(kind)
    if cls is None:
        if "kind" not in data:
            raise EvidenceError(
                f"required field is missing; kinds are {', '.join(KINDS)}",
                code="missing_field",
                field="kind",
                value=None,
            )
        hints = suggest(_text(kind), list(KINDS))
        raise EvidenceError(
            f"unknown evidence kind{suggestion_text(hints)} (kinds: {', '.join(KINDS)})"
            f"{failed_plugins_note()}",
            code="unknown_kind",
            field="kind",
            value=kind,
        )
    body = {k: v for k, v in data.items() if k != "kind"}
    try:
        return _FAST.structure(body, cls)
    except Exception:
        problems = _detailed_errors(cls, body)
    if len(problems) == 1:
        raise problems[0]
    raise InvalidEvidenceError(problems)


def unstructure_evidence(evidence: Evidence) -> dict[str, Any]:
    """The JSON-ready dict of one piece of evidence, ``kind`` first, unset fields left out."""
    out: dict[str, Any] = {"kind": evidence.kind}
    if isinstance(evidence, Indicators):
        out["criteria"] = evidence.as_dict()
        return out
    for attribute in evidence.__attrs_attrs__:
        value = getattr(evidence, attribute.name)
        if value is None:
            continue
        if isinstance(value, Level):
            value = int(value)
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Fraction):
            value = exact_number(value)
        out[attribute.name] = value
    return out


def _unstructure_item(result: ItemResult) -> dict[str, Any]:
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


def unstructure_scorecard(card: Scorecard) -> dict[str, Any]:
    """The scorecard as a JSON-ready dict in the documented schema."""
    return {
        "schema": card.schema,
        "ruleset": {"name": card.ruleset, "version": card.ruleset_version},
        "locality": card.locality,
        "date": card.date,
        "thrive_like": card.thrive_like,
        "complete": card.complete,
        "items": {r.item: _unstructure_item(r) for r in card.items},
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


def _level(value: Any) -> Level | None:
    return None if value is None else Level(value)


def _card_evidence(item_id: str, pieces: Any) -> tuple[Evidence, ...]:
    """A scorecard item's evidence, each problem placed at the item and piece."""
    out = []
    for index, piece in enumerate(pieces):
        where = f"evidence[{index}]"
        try:
            out.append(structure_evidence(piece))
        except InvalidEvidenceError as err:
            raise InvalidEvidenceError(
                [e.at(item=item_id, prefix=where) for e in err.errors]
            ) from None
        except EvidenceError as err:
            raise err.at(item=item_id, prefix=where) from None
    return tuple(out)


def _check_derived(card: Scorecard) -> None:
    """Principles, systems and the verdict must be what the item levels give.

    A document edited by hand (a principle raised, the verdict set to true)
    would otherwise be reported as if the engine had decided it.
    """
    from ithrive.scoring import card_of

    for result in card.items:
        if (result.level is not None) != (result.status is Status.RATED):
            raise EvidenceError(
                f"level {_int_or_none(result.level)} does not go with status "
                f"{result.status.value!r}: a rated item has a level, any other has none",
                code="invalid_scorecard",
                item=result.item,
                field="status",
                value=result.status.value,
            )
    expected = card_of(
        card.items,
        ruleset=card.ruleset,
        ruleset_version=card.ruleset_version,
        locality=card.locality,
        date=card.date,
        schema=card.schema,
    )
    for got, want in zip(card.principles, expected.principles, strict=True):
        if got != want:
            raise EvidenceError(
                f"principle {want.principle} does not follow from its items' levels "
                f"(the document says level {_int_or_none(got.level)}, "
                f"thrive_like {got.thrive_like}; the items give level "
                f"{_int_or_none(want.level)}, thrive_like {want.thrive_like})",
                code="invalid_scorecard",
                item=want.principle,
                field=f"principles.{want.principle}",
                value=attrs.asdict(got, recurse=False),
            )
    for got_s, want_s in zip(card.systems, expected.systems, strict=True):
        if got_s != want_s:
            raise EvidenceError(
                f"the {want_s.system} summary does not follow from the item and principle results",
                code="invalid_scorecard",
                field=f"systems.{want_s.system}",
                value=attrs.asdict(got_s),
            )
    if card.thrive_like != expected.thrive_like:
        raise EvidenceError(
            f"thrive_like is {card.thrive_like} but the principles give {expected.thrive_like}",
            code="invalid_scorecard",
            field="thrive_like",
            value=card.thrive_like,
        )


def _in_order(mapping: Mapping[str, Any], ids: Sequence[str]) -> list[tuple[str, Any]]:
    """The entries of ``mapping`` in the framework's order of ``ids``, whatever the key order.

    A JSON object's keys have no order (PostgreSQL's ``jsonb`` sorts them),
    so a document is read as a value: the same content in any key order
    gives the same scorecard and the same bytes of JSON.
    """
    return [(key, mapping[key]) for key in ids if key in mapping]


def _check_encodable(data: Mapping[str, Any]) -> None:
    """Refuse a document holding text that no UTF-8 output can hold (a lone surrogate)."""
    found = find_unencodable(data, limit=1)
    if found:
        path, reason = found[0]
        raise EvidenceError(reason, code="unencodable_text", field=path, value=None)


def _int_or_none(level: Level | None) -> int | None:
    return None if level is None else int(level)


def structure_scorecard(data: Any) -> Scorecard:
    """Rebuild a :class:`~ithrive.scorecard.Scorecard` from its JSON-ready dict.

    Derived fields (``thrive_like`` of items, ``complete``) are recomputed.
    A document of another schema version, or of the wrong shape, raises
    :class:`~ithrive.errors.EvidenceError` with code ``invalid_scorecard``.
    """
    if not isinstance(data, Mapping):
        raise EvidenceError(
            f"expected a scorecard document (a mapping), got {type(data).__name__}",
            code="invalid_scorecard",
            field="data",
            value=data,
        )
    try:
        if data["schema"] != SCHEMA_VERSION:
            raise EvidenceError(
                f"scorecard schema {data['schema']!r} is not supported (this is {SCHEMA_VERSION})",
                code="invalid_scorecard",
                field="schema",
                value=data["schema"],
            )
        from ithrive.schema import check_scorecard_document

        _check_encodable(data)  # first: later messages may quote the document's text
        check_scorecard_document(data)
        for key in ("locality", "date"):  # copied from evidence, where MAX_TEXT bounds them
            text = data[key]
            if isinstance(text, str) and len(text) > MAX_TEXT:
                raise EvidenceError(
                    f"text of {len(text)} characters is longer than the limit {MAX_TEXT}",
                    code="too_large",
                    field=key,
                    value=len(text),
                )
        items = tuple(
            ItemResult(
                item=item_id,
                level=_level(body["level"]),
                status=Status(body["status"]),
                explanation=body["explanation"],
                evidence=_card_evidence(item_id, body["evidence"]),
                basis=body["basis"],
                value=body["value"],
                decided_by=body["decided_by"],
                unmet=tuple(body["unmet"]),
                warnings=tuple(Notice(w["code"], w["message"]) for w in body["warnings"]),
                citation=body["citation"],
            )
            for item_id, body in _in_order(data["items"], FRAMEWORK.item_ids)
        )
        principles = tuple(
            PrincipleResult(
                principle=pid,
                level=_level(body["level"]),
                status=Status(body["status"]),
                items=tuple(body["items"]),
                thrive_like=body["thrive_like"],
            )
            for pid, body in _in_order(data["principles"], [p.id for p in FRAMEWORK.principles])
        )
        systems = tuple(
            SystemResult(system=sid, **body)
            for sid, body in _in_order(data["systems"], [s.id for s in FRAMEWORK.systems])
        )
        card = Scorecard(
            items=items,
            principles=principles,
            systems=systems,
            thrive_like=data["thrive_like"],
            ruleset=data["ruleset"]["name"],
            ruleset_version=data["ruleset"]["version"],
            locality=data["locality"],
            date=data["date"],
            schema=data["schema"],
        )
        _check_derived(card)
        return card
    except EvidenceError:
        raise
    except KeyError as err:
        raise EvidenceError(
            f"not a scorecard document: the key {err.args[0]!r} is missing",
            code="invalid_scorecard",
            field=str(err.args[0]),
            value=None,
        ) from None
    except (TypeError, ValueError, AttributeError) as err:
        raise EvidenceError(
            f"not a scorecard document: {type(err).__name__}: {err}",
            code="invalid_scorecard",
            field="data",
            value=None,
        ) from None
