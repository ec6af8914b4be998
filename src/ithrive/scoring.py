"""Scoring: a locality's evidence, under a ruleset, becomes a :class:`Scorecard`.

:func:`score` validates everything first and reports every problem at once;
it never returns a scorecard built from part of the evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ithrive._messages import as_text
from ithrive.base._checks import check_text
from ithrive.base._hints import suggest, suggestion_text
from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.evidence import Evidence, EvidenceSet
from ithrive.evidence.reading import structure_evidence
from ithrive.limits import MAX_ITEMS, MAX_PIECES
from ithrive.model import FRAMEWORK
from ithrive.rules.decide import compiled
from ithrive.rules.loader import default_ruleset
from ithrive.rules.ruleset import Ruleset
from ithrive.rules.verify import checked
from ithrive.scorecard import ItemResult, Scorecard
from ithrive.scorecard._card import card_of

__all__ = ["EvidenceInput", "read_evidence", "score"]

#: What :func:`score` accepts: an :class:`EvidenceSet`, an evidence document
#: (``{"locality": ..., "date": ..., "evidence": {...}}``) or a mapping from
#: item id to evidence (typed or JSON-like dicts, one or a list).
EvidenceInput = EvidenceSet | Mapping[str, Any]

# "_help" is the help section ``ithrive template`` writes; it is never read.
_DOCUMENT_KEYS = frozenset({"locality", "date", "evidence", "_help"})


def _document_key_errors(doc: Mapping[Any, Any]) -> list[EvidenceError]:
    """The evidence document's missing ``evidence`` and its keys it does not have."""
    out = []
    if "evidence" not in doc:
        out.append(
            EvidenceError(
                "required in an evidence document, but missing",
                code="missing_field",
                field="evidence",
                value=None,
            )
        )
    known = sorted(_DOCUMENT_KEYS)
    for key in doc:
        if key not in _DOCUMENT_KEYS:
            if isinstance(key, str) and key in FRAMEWORK:
                hint = "; an item's evidence goes under 'evidence'"
            else:
                hint = suggestion_text(suggest(as_text(key), known))
            out.append(
                EvidenceError(
                    f"unknown key of the evidence document{hint} (keys: {', '.join(known)})",
                    code="unknown_field",
                    field=as_text(key),
                    value=key,
                )
            )
    return out


def _text_field(doc: Mapping[str, Any], key: str, errors: list[EvidenceError]) -> str | None:
    value = doc.get(key)
    before = len(errors)
    check_text(errors, key, value)
    return value if len(errors) == before else None


def read_evidence(evidence: EvidenceInput) -> EvidenceSet:
    """Check and structure evidence in any accepted form into an :class:`EvidenceSet`.

    Every problem (unknown item, unknown or malformed evidence) is collected
    and raised together as :class:`~ithrive.errors.InvalidEvidenceError`.
    """
    errors: list[EvidenceError] = []
    evidence_set = _read(evidence, errors)
    if errors:
        raise _invalid(errors)
    return evidence_set


def _read(evidence: EvidenceInput, errors: list[EvidenceError]) -> EvidenceSet:
    """Structure what can be structured; append every problem to ``errors``.

    Items whose evidence has a problem are left out of the returned set, so
    the caller can still check the rest before reporting everything.
    """
    locality, date, entries = _entries(evidence, errors)
    entries = list(entries)
    _check_size(entries)
    out: list[tuple[str, tuple[Evidence, ...]]] = []
    seen: set[str] = set()
    for item_id, entry in entries:
        if not isinstance(item_id, str) or item_id not in FRAMEWORK:
            errors.append(FRAMEWORK.unknown_item(item_id))
            continue
        if item_id in seen:
            errors.append(_twice(item_id))
            continue
        seen.add(item_id)
        raw: Sequence[Any] = entry if isinstance(entry, (list, tuple)) else (entry,)
        if len(raw) > MAX_PIECES:
            errors.append(
                EvidenceError(
                    f"{len(raw)} pieces of evidence is more than the limit {MAX_PIECES}",
                    code="too_large",
                    item=item_id,
                    value=len(raw),
                )
            )
            continue
        pieces: list[Evidence] = []
        before = len(errors)
        for index, piece in enumerate(raw):
            prefix = f"[{index}]" if isinstance(entry, (list, tuple)) else None
            try:
                pieces.append(structure_evidence(piece))
            except InvalidEvidenceError as group:
                errors.extend(e.at(item_id, prefix) for e in group.errors)
            except EvidenceError as err:
                errors.append(err.at(item_id, prefix))
        if len(errors) == before:
            out.append((item_id, tuple(pieces)))
    return EvidenceSet(evidence=tuple(out), locality=locality, date=date)


_ORDER = {item_id: i for i, item_id in enumerate(FRAMEWORK.item_ids)}


def _twice(item_id: str) -> EvidenceError:
    """An item given twice in one document (its evidence belongs in one list)."""
    return EvidenceError(
        "the item appears twice; give its evidence as one list",
        code="duplicate_item",
        item=item_id,
        value=item_id,
    )


def _invalid(errors: list[EvidenceError]) -> InvalidEvidenceError:
    """All problems in item source order (then as found), whatever the input order."""
    ranked = sorted(enumerate(errors), key=lambda p: (_ORDER.get(str(p[1].item), -1), p[0]))
    return InvalidEvidenceError([e for _, e in ranked])


def _check_size(entries: Any) -> None:
    """Refuse more item entries than :data:`~ithrive.limits.MAX_ITEMS`, before reading any."""
    if len(entries) > MAX_ITEMS:
        raise InvalidEvidenceError(
            [
                EvidenceError(
                    f"{len(entries)} entries is more than the limit {MAX_ITEMS}",
                    code="too_large",
                    field="evidence",
                    value=len(entries),
                )
            ]
        )


def _entries(evidence: EvidenceInput, errors: list[EvidenceError]) -> tuple[Any, Any, Any]:
    """(locality, date, the (item id, evidence) pairs) of any accepted form of evidence."""
    if type(evidence) is dict and _DOCUMENT_KEYS.isdisjoint(evidence):
        return None, None, evidence.items()
    if isinstance(evidence, EvidenceSet):
        return evidence.locality, evidence.date, evidence.evidence
    if not isinstance(evidence, Mapping):
        raise InvalidEvidenceError(
            [
                EvidenceError(
                    "expected an evidence document or a mapping of item ids, "
                    f"got {type(evidence).__name__}",
                    code="wrong_type",
                    field="evidence",
                    value=evidence,
                )
            ]
        )
    if not any(isinstance(k, str) and k in _DOCUMENT_KEYS for k in evidence):
        return None, None, evidence.items()
    # No item id is a document key, so this is a document: report its
    # other keys as unknown fields, not as unknown items beside 'evidence'.
    errors.extend(_document_key_errors(evidence))
    locality = _text_field(evidence, "locality", errors)
    date = _text_field(evidence, "date", errors)
    body = evidence.get("evidence", {})
    if not isinstance(body, Mapping):
        errors.append(
            EvidenceError(
                f"expected a mapping of item ids to evidence, got {type(body).__name__}",
                code="wrong_type",
                field="evidence",
                value=body,
            )
        )
        body = {}
    return locality, date, body.items()


def score(evidence: EvidenceInput, ruleset: Ruleset | None = None) -> Scorecard:
    """Score one locality's evidence and return its scorecard for all 22 items.

    ``evidence`` is an :class:`~ithrive.evidence.EvidenceSet`, an evidence
    document ``{"locality": ..., "date": ..., "evidence": {...}}``, or a
    mapping from item id to evidence; evidence is typed or JSON-like dicts,
    one piece or a list per item. ``ruleset`` defaults to the packaged one.

    Each item's compiled rule decides once and returns its decision record
    (the :class:`~ithrive.scorecard.ItemResult`); explanations are written
    from the records when first read.

    Raises :class:`~ithrive.errors.InvalidEvidenceError` listing every
    problem when any evidence is invalid; nothing is scored then.

    >>> import ithrive
    >>> card = ithrive.score({
    ...     "micro.2": ithrive.Proportion(numerator=18, denominator=30),
    ...     "meso.2": {"kind": "count", "count": 2},
    ... })
    >>> [(r.item, r.level) for r in card if r.level is not None]
    [('meso.2', <Level.TWO: 2>), ('micro.2', <Level.THREE: 3>)]
    """
    rules = default_ruleset() if ruleset is None else checked(ruleset)
    plan = compiled(rules)
    deciders = plan.deciders
    errors: list[EvidenceError] = []
    locality, date, entries = _entries(evidence, errors)
    _check_size(entries)
    decided: dict[str, ItemResult] = {}
    failed: set[str] = set()
    for item_id, entry in entries:
        try:
            item = deciders[item_id]
        except (KeyError, TypeError):
            errors.append(FRAMEWORK.unknown_item(item_id))
            continue
        if item_id in decided or (failed and item_id in failed):
            errors.append(_twice(item_id))
            continue
        if type(entry) is list or isinstance(entry, (list, tuple)):
            if len(entry) > MAX_PIECES:
                failed.add(item_id)
                errors.append(
                    EvidenceError(
                        f"{len(entry)} pieces of evidence is more than the limit {MAX_PIECES}",
                        code="too_large",
                        item=item_id,
                        value=len(entry),
                    )
                )
                continue
            # One plain piece is decided in one step; anything else by the whole check.
            got = (item.one(entry[0]) if len(entry) == 1 else None) or item.decide(entry, True)
        else:
            got = item.one(entry) or item.decide((entry,))
        if type(got) is list:
            failed.add(item_id)
            errors.extend(got)
        else:
            decided[item_id] = got  # type: ignore[assignment]
    if errors:
        raise _invalid(errors)
    if decided:
        items = tuple([decided.get(i) or empty for i, empty in plan.empty])
    else:
        items = plan.empty_card
    return card_of(
        items,
        ruleset=rules.name,
        ruleset_version=rules.version,
        locality=locality,
        date=date,
    )
