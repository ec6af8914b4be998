"""JSON forms of scorecards: the documented document, written and read back.

A scorecard document read back is checked whole: its evidence is structured
as evidence is everywhere (:mod:`ithrive.evidence.reading`), and its
principles, systems and verdict must be what its item levels give.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ithrive.base.encoding import find_unencodable
from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.evidence import Evidence
from ithrive.evidence.reading import structure_evidence, unstructure_evidence
from ithrive.limits import MAX_TEXT
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

__all__ = ["structure_scorecard", "unstructure_scorecard"]


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
        from ithrive.outputs.schema import check_scorecard_document

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
