"""The long format of assessments: its columns, their types, and how a row is read.

One row per locality, date, method and item, principle or system. The
stored columns are what an assessment is rebuilt from; the derived ones
(verdicts, typed evidence, system counts) are written for the reader and
checked, not trusted, on reading. A file of the earlier format (``item``,
no ``kind`` or ``id``) reads as item rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from ithrive.errors import EvidenceError, expect_iterable, wrong_type
from ithrive.evidence import CollaboRATE, Count, Indicators, Proportion, Rating, Survey

__all__ = [
    "COLUMNS",
    "COLUMN_TYPES",
    "CONTEXT_COLUMNS",
    "DERIVED_COLUMNS",
    "EVIDENCE_COLUMNS",
    "FLOAT_COLUMNS",
    "INTEGER_COLUMNS",
    "JSON_COLUMNS",
    "NULLABLE_TEXT",
    "STORED_COLUMNS",
    "check_columns",
    "current_row",
    "evidence_columns",
]

#: Typed evidence columns of the long format, filled for an item with one piece of
#: evidence: a proportion's counts and percent; a survey's agreeing staff and
#: respondents (as numerator and denominator), percent and eligible staff; a
#: CollaboRATE mean, top score (when the evidence carries one), share offered and
#: encounters; a count of elements; a panel's rating. Derived from ``evidence``.
EVIDENCE_COLUMNS: Final = (
    "evidence_kind",
    "measure",
    "numerator",
    "denominator",
    "percent",
    "eligible",
    "mean",
    "top_score",
    "offered_percent",
    "encounters",
    "count",
    "rating",
)
#: The columns of the long format, in order: one row per locality, date, method
#: and item, principle or system (``kind`` and ``id``). ``assessors``,
#: ``unmet``, ``warnings`` and ``evidence`` hold JSON text in CSV, Parquet and
#: frames (JSON values in JSON Lines). Only item rows and the columns in
#: :data:`STORED_COLUMNS` are read back; the rest (``thrive_like``, the
#: :data:`EVIDENCE_COLUMNS`, the principle and system rows and their counts) are
#: derived, recomputed on reading and checked against what is read: a derived
#: cell that was changed is refused (``invalid_row``) rather than lost.
COLUMNS: Final = (
    "locality",
    "date",
    "method",
    "assessors",
    "notes",
    "ruleset",
    "ruleset_version",
    "schema",
    "kind",
    "id",
    "level",
    "status",
    "thrive_like",
    "basis",
    "value",
    "decided_by",
    "unmet",
    "warnings",
    "explanation",
    "citation",
    "evidence",
    *EVIDENCE_COLUMNS,
    "items_thrive_like",
    "principles_thrive_like",
)
#: The columns an assessment is rebuilt from. Files written before 0.x name
#: ``id`` as ``item`` and have no ``kind``; they are read as item rows.
STORED_COLUMNS: Final = tuple(
    c
    for c in COLUMNS
    if c not in ("thrive_like", "items_thrive_like", "principles_thrive_like", *EVIDENCE_COLUMNS)
)
#: The columns holding JSON (lists and objects; JSON text in CSV, Parquet and frames).
JSON_COLUMNS: Final = frozenset({"assessors", "unmet", "warnings", "evidence"})
#: The columns that describe a whole assessment, the same on each of its rows.
CONTEXT_COLUMNS: Final = (
    "locality",
    "date",
    "method",
    "assessors",
    "notes",
    "ruleset",
    "ruleset_version",
)
#: Text columns where an empty cell is a missing value.
NULLABLE_TEXT: Final = frozenset(
    {"basis", "decided_by", "status", "explanation", "citation", "evidence_kind", "measure"}
)
#: Column types beyond text: "level" (1-4), whole numbers, floats and booleans.
INTEGER_COLUMNS: Final = frozenset(
    {
        "numerator",
        "denominator",
        "eligible",
        "encounters",
        "count",
        "rating",
        "items_thrive_like",
        "principles_thrive_like",
    }
)
FLOAT_COLUMNS: Final = frozenset({"value", "percent", "mean", "top_score", "offered_percent"})
#: The frame and Parquet type of each column that is not text.
COLUMN_TYPES: Final = {
    "level": "level",
    "schema": "int32",
    "thrive_like": "boolean",
    **dict.fromkeys(INTEGER_COLUMNS, "integer"),
    **dict.fromkeys(FLOAT_COLUMNS, "float"),
}


#: Columns derived from the stored ones: read back only to check they still agree.
DERIVED_COLUMNS: Final = (
    "thrive_like",
    *EVIDENCE_COLUMNS,
    "items_thrive_like",
    "principles_thrive_like",
)


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def evidence_columns(evidence: Sequence[Any]) -> dict[str, Any]:
    """The typed :data:`EVIDENCE_COLUMNS` of an item's evidence (all ``None`` unless one piece).

    >>> from ithrive.studies.assessment import evidence_columns
    >>> from ithrive.evidence import Survey
    >>> cols = evidence_columns([Survey(agree=30, respondents=40, eligible=60)])
    >>> cols["evidence_kind"], cols["numerator"], cols["denominator"], cols["percent"]
    ('survey', 30, 40, 75.0)
    """
    pieces = tuple(expect_iterable(evidence, field="evidence", expected="a list of evidence"))
    for piece in pieces:
        if not isinstance(piece, (Proportion, Survey, CollaboRATE, Count, Rating, Indicators)):
            raise wrong_type(evidence, "a list of evidence (Proportion, ...)", field="evidence")
    evidence = pieces
    out: dict[str, Any] = dict.fromkeys(EVIDENCE_COLUMNS)
    if not evidence:
        return out
    out["evidence_kind"] = ", ".join(e.kind for e in evidence)
    if len(evidence) > 1:
        return out
    ev = evidence[0]
    out["measure"] = getattr(ev, "measure", None)
    if ev.kind == "proportion":
        out["numerator"], out["denominator"] = ev.numerator, ev.denominator
        if ev.percent is not None:
            out["percent"] = float(ev.percent)
        elif ev.denominator:
            out["percent"] = 100 * ev.numerator / ev.denominator
    elif ev.kind == "survey":
        out["numerator"], out["denominator"], out["eligible"] = (
            ev.agree,
            ev.respondents,
            ev.eligible,
        )
        agreement = ev.exact_agreement()
        out["percent"] = None if agreement is None else float(agreement)
    elif ev.kind == "collaborate":
        out["mean"] = _number(ev.mean)
        out["offered_percent"] = _number(ev.offered_percent)
        out["encounters"] = ev.encounters
        out["top_score"] = _number(ev.top_score)
    elif ev.kind == "count":
        out["count"] = ev.count
    elif ev.kind == "rating":
        out["rating"] = int(ev.level)
    return out


def check_columns(
    present: Iterable[str] | None, what: str, required: Sequence[str] = STORED_COLUMNS
) -> None:
    """Refuse a file or frame that lacks any of the ``required`` columns (``missing_column``).

    By default these are the long format's :data:`STORED_COLUMNS` (a file
    of the earlier format, with ``item`` and no ``kind`` or ``id``, passes).
    A lacking column would otherwise read as empty cells, and its values
    (notes, explanations, ratings) would be lost without a word.
    """
    have = set(present or ())
    if "item" in have and "id" not in have:
        have |= {"id", "kind"}
    missing = [c for c in required if c not in have]
    if missing:
        raise EvidenceError(
            f"the {what} lacks column(s) {', '.join(missing)}",
            code="missing_column",
            field=missing[0],
            value=missing,
        )


def current_row(row: Mapping[str, Any]) -> Mapping[str, Any]:
    """A row of a file written before ``kind`` and ``id``: ``item`` read as an item row's id."""
    if "id" not in row and "item" in row:
        return {**row, "id": row["item"], "kind": row.get("kind", "item")}
    return row
