"""Assessments: a scorecard with its context, and collections of them on disk.

An :class:`Assessment` is one scored assessment of one locality at one date
(or period), made one way: a self-assessment by a stakeholder workshop or an
independent evaluation (the tool's "How to Score Services"). It keeps who
assessed, free notes, and the ruleset the scorecard was made with.

An :class:`AssessmentCollection` holds many assessments (many localities,
many dates, both methods) and saves them to JSON Lines, CSV or Parquet in long
format: one row per locality, date, method and item, principle or system
(``kind`` and ``id``), with the evidence both as typed numeric columns
(:data:`EVIDENCE_COLUMNS`) and as JSON. Reading a file back gives an equal
collection: nothing is lost (principle and system results, being functions of
the item results, are recomputed exactly and checked against their rows).

Dates are ISO 8601 text: a year (``2017``), a quarter (``2017-Q1``), a
month (``2017-03``) or a day (``2017-03-31``), read by
:func:`ithrive.base.dates.iso_date` and ordered in time, never as text. A
:class:`datetime.date`, a :class:`datetime.datetime` or a pandas, polars or
numpy date is stored as its ISO day; anything else is refused
(``invalid_date``) when the assessment is made.

>>> import ithrive
>>> from ithrive.studies.assessment import Assessment, AssessmentCollection
>>> a = Assessment.from_evidence(
...     {"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}},
...     locality="Site A", date="2017-03", method="independent_evaluation",
...     assessors=("evaluation team",))
>>> a.key, a["micro.2"].level, a.ruleset
(('Site A', '2017-03', 'independent_evaluation'), <Level.THREE: 3>, 'thrive-assessment')
>>> rows = AssessmentCollection([a]).to_rows()
>>> len(rows), rows[13]["kind"], rows[13]["id"], rows[13]["level"], rows[13]["percent"]
(42, 'item', 'micro.2', 3, 60.0)
"""

from __future__ import annotations

import copy
import csv
import datetime
import enum
import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, Final

import attrs

from ithrive.base._extras import eager_frame, require
from ithrive.base._tabular import typed_frame
from ithrive.base.dates import date_key, iso_date
from ithrive.errors import (
    EvidenceError,
    InvalidEvidenceError,
    UnknownAssessmentError,
    expect,
    expect_iterable,
    is_whole,
    naming,
    short_repr,
    wrong_type,
)
from ithrive.evidence import CollaboRATE, Count, Indicators, Proportion, Rating, Survey
from ithrive.evidence.reading import structure_evidence, unstructure_evidence
from ithrive.model import FRAMEWORK
from ithrive.model.level import Level, Status
from ithrive.rules.ruleset import Ruleset
from ithrive.scorecard import SCHEMA_VERSION, ItemResult, Notice, Scorecard
from ithrive.scorecard._card import card_of
from ithrive.scoring import EvidenceInput, score

__all__ = [
    "COLUMNS",
    "EVIDENCE_COLUMNS",
    "STORED_COLUMNS",
    "Assessment",
    "AssessmentCollection",
    "Method",
    "UnknownAssessmentError",
    "evidence_columns",
]


class Method(enum.StrEnum):
    """How an assessment was made (the tool's "How to Score Services").

    - ``self_assessment``: stakeholders of the locality discussed each
      principle together and chose the best-fitting description;
    - ``independent_evaluation``: an independent team weighed evidence from
      commissioners and providers (interviews, focus groups, data).
    """

    SELF_ASSESSMENT = "self_assessment"
    INDEPENDENT_EVALUATION = "independent_evaluation"


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
_JSON_COLUMNS: Final = frozenset({"assessors", "unmet", "warnings", "evidence"})
_CONTEXT: Final = ("locality", "date", "method", "assessors", "notes", "ruleset", "ruleset_version")
_NULLABLE_TEXT: Final = frozenset(
    {"basis", "decided_by", "status", "explanation", "citation", "evidence_kind", "measure"}
)
#: Column types beyond text: "level" (1-4), whole numbers, floats and booleans.
_INTEGERS: Final = frozenset(
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
_FLOATS: Final = frozenset({"value", "percent", "mean", "top_score", "offered_percent"})
#: The frame and Parquet type of each column that is not text.
_COLUMN_TYPES: Final = {
    "level": "level",
    "schema": "int32",
    "thrive_like": "boolean",
    **dict.fromkeys(_INTEGERS, "integer"),
    **dict.fromkeys(_FLOATS, "float"),
}


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def evidence_columns(evidence: Sequence[Any]) -> dict[str, Any]:
    """The typed :data:`EVIDENCE_COLUMNS` of an item's evidence (all ``None`` unless one piece).

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


PathOrFile = str | os.PathLike[str] | IO[str]


def _to_date(value: object) -> object:
    """The canonical ISO text of a date; anything else as given, for the check to report."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return value
    try:
        return iso_date(value)
    except EvidenceError:
        return value


def _to_method(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Method):
        try:
            return Method(value)
        except ValueError:
            return value
    return value


def _to_names(value: object) -> object:
    if isinstance(value, list):
        return tuple(value)
    return value


def _names_of(value: object) -> object:
    """Names given as any iterable, as a tuple; anything else as given, for the check to report."""
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        names = tuple(value)
        if all(isinstance(n, str) for n in names):
            return names
    return value


def _text_problem(field: str, value: object, *, empty_ok: bool = False) -> EvidenceError | None:
    if not isinstance(value, str):
        return EvidenceError(
            f"expected text, got {type(value).__name__} {value!r}",
            code="wrong_type",
            field=field,
            value=value,
        )
    if not empty_ok and not value.strip():
        return EvidenceError("must not be empty", code="empty_text", field=field, value=value)
    return None


def _raise(problems: Sequence[EvidenceError]) -> None:
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise InvalidEvidenceError(problems)


def _mismatch(name: str, theirs: str, ours: str, *, code: str) -> EvidenceError:
    """The scorecard names another locality or date than its assessment."""
    return EvidenceError(
        f"the scorecard is for {name} {theirs!r}, not {ours!r}",
        code=code,
        field=name,
        value=theirs,
    )


@attrs.frozen(kw_only=True)
class Assessment:
    """One scored assessment of one locality, at one date, made one way.

    The scorecard's own ``locality`` and ``date`` are set to the
    assessment's (a scorecard that names another locality or date is an
    error). ``ruleset`` and ``ruleset_version`` come from the scorecard.
    ``assessors`` names who assessed (raters, or the evaluation team);
    ``notes`` is free text.

    >>> import ithrive
    >>> card = ithrive.score({"meso.2": {"kind": "count", "count": 3}})
    >>> a = Assessment(scorecard=card, locality="Site B", date="2017-09",
    ...                method="self_assessment", assessors=["workshop"])
    >>> a.method, a.assessors, a.scorecard.locality
    (<Method.SELF_ASSESSMENT: 'self_assessment'>, ('workshop',), 'Site B')
    """

    scorecard: Scorecard
    locality: str
    date: str = attrs.field(converter=_to_date)
    method: Method = attrs.field(converter=_to_method)
    assessors: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    notes: str = ""

    def __attrs_post_init__(self) -> None:
        problems: list[EvidenceError] = []
        card = self.scorecard
        if not isinstance(card, Scorecard):
            problems.append(
                EvidenceError(
                    f"expected a Scorecard, got {type(card).__name__}",
                    code="wrong_type",
                    field="scorecard",
                    value=card,
                )
            )
        for name in ("locality", "date"):
            problem = _text_problem(name, getattr(self, name))
            if name == "date" and (problem is None or problem.code == "wrong_type"):
                try:  # the date error says which forms and values a date may take
                    iso_date(self.date)
                    problem = None
                except EvidenceError as err:
                    problem = err
            if problem is not None:
                problems.append(problem)
        if not isinstance(self.method, Method):
            problems.append(
                EvidenceError(
                    f"expected one of {', '.join(repr(m.value) for m in Method)}, "
                    f"got {self.method!r}",
                    code="unknown_method",
                    field="method",
                    value=self.method,
                )
            )
        if not isinstance(self.assessors, tuple) or not all(
            isinstance(a, str) and a.strip() for a in self.assessors
        ):
            problems.append(
                EvidenceError(
                    f"expected a list of names, got {self.assessors!r}",
                    code="wrong_type",
                    field="assessors",
                    value=self.assessors,
                )
            )
        problem = _text_problem("notes", self.notes, empty_ok=True)
        if problem is not None:
            problems.append(problem)
        if not problems and isinstance(card, Scorecard):
            if card.locality is not None and card.locality != self.locality:
                problems.append(
                    _mismatch("locality", card.locality, self.locality, code="locality_mismatch")
                )
            if card.date is not None and _to_date(card.date) != self.date:
                problems.append(_mismatch("date", card.date, self.date, code="date_mismatch"))
            if not problems and (card.locality, card.date) != (self.locality, self.date):
                card = attrs.evolve(card, locality=self.locality, date=self.date)
                object.__setattr__(self, "scorecard", card)
        _raise(problems)

    @classmethod
    def from_evidence(
        cls,
        evidence: EvidenceInput,
        *,
        method: Method | str,
        locality: str | None = None,
        date: str | datetime.date | None = None,
        assessors: Iterable[str] = (),
        notes: str = "",
        ruleset: Ruleset | None = None,
    ) -> Assessment:
        """Score ``evidence`` and wrap the scorecard with its context.

        ``locality`` and ``date`` default to those of an evidence document.
        """
        try:
            card = score(evidence, ruleset)
        except EvidenceError as err:
            raise naming(err, "evidence") from None
        return cls(
            scorecard=card,
            locality=locality if locality is not None else card.locality,  # type: ignore[arg-type]
            date=date if date is not None else card.date,
            method=method,
            assessors=_names_of(assessors),
            notes=notes,
        )

    @property
    def key(self) -> tuple[str, str, str]:
        """``(locality, date, method)``: unique within a collection."""
        return (self.locality, self.date, self.method.value)

    @property
    def ruleset(self) -> str:
        """The name of the ruleset the scorecard was made with."""
        return self.scorecard.ruleset

    @property
    def ruleset_version(self) -> str:
        """The version of the ruleset the scorecard was made with."""
        return self.scorecard.ruleset_version

    @property
    def thrive_like(self) -> bool:
        """The scorecard's overall verdict."""
        return self.scorecard.thrive_like

    def __getitem__(self, item_id: str) -> ItemResult:
        return self.scorecard[item_id]

    def to_rows(self) -> list[dict[str, Any]]:
        """The assessment in long format: one dict per item, principle and system (:data:`COLUMNS`).

        The 22 items come first, then the 17 principles, then the 3 systems.
        """
        card = self.scorecard
        context: dict[str, Any] = {
            "locality": self.locality,
            "date": self.date,
            "method": self.method.value,
            "assessors": list(self.assessors),
            "notes": self.notes,
            "ruleset": self.ruleset,
            "ruleset_version": self.ruleset_version,
            "schema": card.schema,
        }
        blank = dict.fromkeys(COLUMNS)
        blank.update(context)
        blank.update({"unmet": [], "warnings": [], "evidence": []})
        out = []
        for r in card.items:
            row = dict(blank)
            row.update(
                {
                    "kind": "item",
                    "id": r.item,
                    "level": None if r.level is None else int(r.level),
                    "status": r.status.value,
                    "thrive_like": r.thrive_like,
                    "basis": r.basis,
                    "value": r.value,
                    "decided_by": r.decided_by,
                    "unmet": list(r.unmet),
                    "warnings": [{"code": w.code, "message": w.message} for w in r.warnings],
                    "explanation": r.explanation,
                    "citation": r.citation,
                    "evidence": [unstructure_evidence(e) for e in r.evidence],
                }
            )
            row.update(evidence_columns(r.evidence))
            out.append(row)
        for p in card.principles:
            row = dict(blank)
            row.update(
                {
                    "kind": "principle",
                    "id": p.principle,
                    "level": None if p.level is None else int(p.level),
                    "status": p.status.value,
                    "thrive_like": p.thrive_like,
                }
            )
            out.append(row)
        for system in card.systems:
            row = dict(blank)
            row.update(
                {
                    "kind": "system",
                    "id": system.system,
                    "value": system.mean_level,
                    "items_thrive_like": system.items_thrive_like,
                    "principles_thrive_like": system.principles_thrive_like,
                }
            )
            out.append(row)
        return out


def _bad_row(
    index: int, message: str, *, field: str | None = None, value: Any = None
) -> EvidenceError:
    return EvidenceError(f"row {index}: {message}", code="invalid_row", field=field, value=value)


def _item_result(index: int, row: Mapping[str, Any]) -> ItemResult:
    try:
        level = row["level"]
        if level is not None and (isinstance(level, bool) or not isinstance(level, int)):
            raise _bad_row(
                index, f"level {short_repr(level)} is not 1-4", field="level", value=level
            )
        value = row["value"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise _bad_row(
                index, f"value {short_repr(value)} is not a number", field="value", value=value
            )
        return ItemResult(
            item=row["id"],
            level=None if level is None else Level(level),
            status=Status(row["status"]),
            explanation=row["explanation"] or "",
            evidence=tuple(structure_evidence(e) for e in row["evidence"]),
            basis=row["basis"],
            value=None if value is None else float(value),
            decided_by=row["decided_by"],
            unmet=tuple(row["unmet"]),
            warnings=tuple(Notice(w["code"], w["message"]) for w in row["warnings"]),
            citation=row["citation"] or "",
        )
    except EvidenceError:
        raise
    except (KeyError, TypeError, ValueError, InvalidEvidenceError) as err:
        raise _bad_row(index, f"not an item result: {type(err).__name__}: {err}") from None


def _current(row: Mapping[str, Any]) -> Mapping[str, Any]:
    """A row of a file written before ``kind`` and ``id``: ``item`` read as an item row's id."""
    if "id" not in row and "item" in row:
        return {**row, "id": row["item"], "kind": row.get("kind", "item")}
    return row


def _assessments_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Assessment]:
    """Group long-format rows by (locality, date, method) and rebuild each assessment."""
    groups: dict[tuple[Any, ...], list[tuple[int, Mapping[str, Any]]]] = {}
    derived: dict[tuple[Any, ...], list[tuple[int, Mapping[str, Any]]]] = {}
    systems: dict[tuple[Any, ...], list[tuple[int, Mapping[str, Any]]]] = {}
    problems: list[EvidenceError] = []
    rows = expect_iterable(rows, field="rows", expected="a list of rows")
    for index, given in enumerate(rows):
        if not isinstance(given, Mapping):
            problems.append(
                _bad_row(
                    index,
                    f"expected a mapping, got {type(given).__name__}",
                    field=f"rows[{index}]",
                    value=given,
                )
            )
            continue
        row = _current(given)
        missing = [c for c in STORED_COLUMNS if c not in row]
        if missing:
            problems.append(
                _bad_row(
                    index,
                    f"missing column(s) {', '.join(missing)}",
                    field=missing[0],
                    value=missing,
                )
            )
            continue
        key = (row["locality"], row["date"], row["method"])
        if row["kind"] == "item":
            groups.setdefault(key, []).append((index, row))
        elif row["kind"] == "principle":
            derived.setdefault(key, []).append((index, row))
        elif row["kind"] == "system":
            systems.setdefault(key, []).append((index, row))
        else:
            problems.append(
                _bad_row(
                    index,
                    f"kind {row['kind']!r} is not 'item', 'principle' or 'system'",
                    field="kind",
                    value=row["kind"],
                )
            )
    unmatched = [k for k in derived if k not in groups]
    for key in unmatched:
        index = derived[key][0][0]
        problems.append(
            _bad_row(index, f"principle rows of {key!r} have no item rows", field="kind")
        )
    _raise(problems)
    out = []
    for key, members in groups.items():
        first_index, first = members[0]
        for index, row in members[1:]:
            for column in (*_CONTEXT, "schema"):
                if row[column] != first[column]:
                    problems.append(
                        _bad_row(
                            index,
                            f"{column} {row[column]!r} differs from {first[column]!r} in row "
                            f"{first_index} of the same assessment {key!r}",
                            field=column,
                            value=row[column],
                        )
                    )
        if first["schema"] != SCHEMA_VERSION:
            problems.append(
                _bad_row(
                    first_index,
                    f"scorecard schema {first['schema']!r} is not supported "
                    f"(this is {SCHEMA_VERSION})",
                    field="schema",
                    value=first["schema"],
                )
            )
        by_item: dict[str, ItemResult] = {}
        for index, row in members:
            item = row["id"]
            if not isinstance(item, str) or item not in FRAMEWORK:
                problems.append(_bad_row(index, f"unknown item {item!r}", field="id", value=item))
            elif item in by_item:
                problems.append(
                    _bad_row(index, f"item {item!r} appears twice in {key!r}", field="id")
                )
            else:
                try:
                    by_item[item] = _item_result(index, row)
                except EvidenceError as err:
                    problems.append(err)
        absent = [i for i in FRAMEWORK.item_ids if i not in by_item]
        if absent and len(absent) < len(FRAMEWORK):
            problems.append(
                _bad_row(
                    first_index,
                    f"assessment {key!r} lacks item(s) {', '.join(absent)}",
                    field="id",
                )
            )
        if problems:
            continue
        card = card_of(
            tuple(by_item[i] for i in FRAMEWORK.item_ids),
            ruleset=first["ruleset"],
            ruleset_version=first["ruleset_version"],
            locality=first["locality"],
            date=first["date"],
            schema=first["schema"],
        )
        levels = {p.principle: p.level for p in card.principles}
        for index, row in derived.get(key, ()):
            given = row["level"]
            if row["id"] not in levels or given != (
                None if levels[row["id"]] is None else int(levels[row["id"]])  # type: ignore[arg-type]
            ):
                problems.append(
                    _bad_row(
                        index,
                        f"principle {row['id']!r} at level {given!r} does not follow from "
                        "the item rows",
                        field="level",
                        value=given,
                    )
                )
        if problems:
            continue
        try:
            rebuilt = Assessment(
                scorecard=card,
                locality=first["locality"],
                date=first["date"],
                method=first["method"],
                assessors=tuple(first["assessors"]),
                notes=first["notes"],
            )
            problems += _derived_problems(
                rebuilt, [*members, *derived.get(key, ()), *systems.get(key, ())]
            )
            out.append(rebuilt)
        except InvalidEvidenceError as group:
            problems.extend(e.at(prefix=f"row {first_index}") for e in group.errors)
        except EvidenceError as err:
            problems.append(err.at(prefix=f"row {first_index}"))
    _raise(problems)
    return out


#: Columns derived from the stored ones: read back only to check they still agree.
_DERIVED: Final = ("thrive_like", *EVIDENCE_COLUMNS, "items_thrive_like", "principles_thrive_like")


def _agrees(given: Any, expected: Any) -> bool:
    """Whether a derived cell read back equals the value derived again (text, as CSV holds it)."""
    if isinstance(expected, str) or expected is None:
        return expected is not None and str(given) == expected
    if isinstance(expected, bool):
        text = str(given).strip().lower()
        return text in ("true", "1", "1.0") if expected else text in ("false", "0", "0.0")
    try:
        number = float(given)
    except (TypeError, ValueError):
        return False
    return math.isclose(number, float(expected), rel_tol=1e-12, abs_tol=1e-12)


def _derived_problems(
    assessment: Assessment, members: Sequence[tuple[int, Mapping[str, Any]]]
) -> list[EvidenceError]:
    """Rows whose derived cells (verdicts, typed evidence, system counts) were changed.

    Those cells are recomputed from the stored ones, so an edit there would be
    lost without a word: it is refused, naming the row, the column and both values.
    """
    again = {(r["kind"], r["id"]): r for r in assessment.to_rows()}
    problems = []
    for index, row in members:
        expected = again.get((row["kind"], row["id"]))
        if expected is None:  # an unknown principle or system: reported elsewhere or below
            if row["kind"] == "system":
                problems.append(
                    _bad_row(index, f"unknown system {row['id']!r}", field="id", value=row["id"])
                )
            continue
        columns = [*_DERIVED, "value"] if row["kind"] == "system" else _DERIVED
        for column in columns:
            given = row.get(column)
            if _missing(given) or _agrees(given, expected[column]):
                continue
            problems.append(
                _bad_row(
                    index,
                    f"{column} {given!r} of {row['kind']} {row['id']!r} does not follow from the "
                    f"stored columns ({expected[column]!r}); derived columns are recomputed on "
                    "reading, so change the evidence or level instead",
                    field=column,
                    value=given,
                )
            )
    return problems


def _problems_of(err: EvidenceError) -> tuple[EvidenceError, ...]:
    return err.errors if isinstance(err, InvalidEvidenceError) else (err,)


def _placed(err: EvidenceError, where: str) -> EvidenceError:
    """A copy of ``err`` whose message starts with ``where`` (a row of a table)."""
    moved = copy.copy(err)
    moved.message = f"{where}: {err.message}"
    moved.args = (moved.message,)
    return moved


def _path_or_file(value: object, field: str, method: str) -> object:
    """``value`` if it is a path or a file with ``method`` (``read``, ``write``), else an error."""
    if isinstance(value, (str, os.PathLike)) or hasattr(value, method):
        return value
    raise wrong_type(value, f"a file path or a file open for {method}ing", field=field)


def _open(target: PathOrFile, mode: str, field: str) -> tuple[IO[str], bool]:
    _path_or_file(target, field, "write" if "w" in mode else "read")
    if isinstance(target, (str, os.PathLike)):
        return open(target, mode, encoding="utf-8", newline=""), True
    return target, False


def _flat(row: Mapping[str, Any]) -> dict[str, Any]:
    """A long row with its JSON columns as JSON text (for CSV, Parquet and frames)."""
    out = dict(row)
    for column in _JSON_COLUMNS:
        out[column] = json.dumps(row[column], ensure_ascii=False, separators=(",", ":"))
    return out


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):  # NaN, as pandas stores a missing number
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _unflat(index: int, row: Mapping[str, Any]) -> dict[str, Any]:
    """Undo :func:`_flat` for a row read from CSV, Parquet or a frame."""
    row = _current(row)
    out: dict[str, Any] = {c: row.get(c) for c in STORED_COLUMNS}
    out.update({c: row[c] for c in _DERIVED if c in row})  # checked against the stored ones
    for column in _JSON_COLUMNS:
        text = out[column]
        try:
            out[column] = json.loads(text) if isinstance(text, str) else text
        except json.JSONDecodeError as err:
            raise _bad_row(index, f"{column} is not JSON: {err}", field=column) from None
    for column in ("level", "value", *_NULLABLE_TEXT):
        if column in out and _missing(out[column]):
            out[column] = None
    if _missing(out["notes"]):  # an empty cell, as pandas and polars read a CSV: no notes
        out["notes"] = ""
    for column in ("level", "schema"):
        value = out[column]
        if isinstance(value, float) and value.is_integer():
            out[column] = int(value)
        elif hasattr(value, "item") and not isinstance(value, (str, bytes)):
            out[column] = value.item()  # a numpy scalar
    if hasattr(out["value"], "item"):
        out["value"] = out["value"].item()
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


def _csv_cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _csv_value(index: int, column: str, text: str) -> Any:
    if column in ("level", "schema"):
        if text == "":
            return None
        try:
            return int(text)
        except ValueError:
            raise _bad_row(
                index, f"{column} {text!r} is not a whole number", field=column
            ) from None
    if column == "value":
        if text == "":
            return None
        try:
            return float(text)
        except ValueError:
            raise _bad_row(index, f"value {text!r} is not a number", field=column) from None
    if column == "thrive_like":
        return {"true": True, "false": False}.get(text)
    if column in _INTEGERS or column in _FLOATS:  # derived: not read back
        return text or None
    if column in _NULLABLE_TEXT and text == "":
        return None
    return text


def _to_tuple(value: Iterable[Assessment]) -> tuple[Assessment, ...]:
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        return tuple(value)
    return value  # refused after conversion


class _NoAssessmentAt(UnknownAssessmentError, IndexError):
    """An index past the end of a collection: also an ``IndexError``, as sequences raise."""


@attrs.frozen
class AssessmentCollection:
    """Many assessments: localities, dates and methods, each at most once.

    ``(locality, date, method)`` identifies an assessment; a collection holds
    each at most once, in the order given. Select with :meth:`select`,
    :meth:`get` and :meth:`series`; save and load with ``to_*`` and ``from_*``
    for JSON Lines, CSV and Parquet.

    >>> import ithrive
    >>> from ithrive.studies.assessment import Assessment, AssessmentCollection
    >>> def rated(site, date, level):
    ...     return Assessment.from_evidence({"meso.2": {"kind": "count", "count": level}},
    ...                                     locality=site, date=date, method="self_assessment")
    >>> sites = AssessmentCollection([rated("A", "2017-03", 2), rated("A", "2017-09", 3),
    ...                               rated("B", "2017-03", 1)])
    >>> sites.localities, sites.dates
    (('A', 'B'), ('2017-03', '2017-09'))
    >>> [a.date for a in sites.series("A")]
    ['2017-03', '2017-09']
    """

    assessments: tuple[Assessment, ...] = attrs.field(converter=_to_tuple, factory=tuple)

    def __attrs_post_init__(self) -> None:
        expect(self.assessments, tuple, field="assessments", expected="a list of Assessments")
        problems: list[EvidenceError] = []
        seen: set[tuple[str, str, str]] = set()
        for index, a in enumerate(self.assessments):
            if not isinstance(a, Assessment):
                problems.append(
                    EvidenceError(
                        f"expected an Assessment, got {type(a).__name__}",
                        code="wrong_type",
                        field=f"assessments[{index}]",
                        value=a,
                    )
                )
            elif a.key in seen:
                problems.append(
                    EvidenceError(
                        f"{a.key!r} appears more than once",
                        code="duplicate_assessment",
                        field=f"assessments[{index}]",
                        value=a.key,
                    )
                )
            else:
                seen.add(a.key)
        _raise(problems)

    def __iter__(self) -> Iterator[Assessment]:
        return iter(self.assessments)

    def __len__(self) -> int:
        return len(self.assessments)

    def __getitem__(self, index: int) -> Assessment:
        if isinstance(index, slice):
            return self.assessments[index]
        if not is_whole(index):
            raise wrong_type(index, "a whole-number index", field="index")
        try:
            return self.assessments[index]
        except IndexError:
            raise _NoAssessmentAt(
                f"no assessment at index {index}; the collection holds {len(self)}",
                field="index",
                value=index,
            ) from None

    def __add__(self, other: AssessmentCollection) -> AssessmentCollection:
        if not isinstance(other, AssessmentCollection):
            return NotImplemented
        return AssessmentCollection(self.assessments + other.assessments)

    @property
    def localities(self) -> tuple[str, ...]:
        """The localities, in order of first appearance."""
        return tuple(dict.fromkeys(a.locality for a in self.assessments))

    @property
    def dates(self) -> tuple[str, ...]:
        """The dates, in time order (see :func:`ithrive.base.dates.date_key`)."""
        return tuple(sorted({a.date for a in self.assessments}, key=date_key))

    def select(
        self,
        *,
        locality: str | Iterable[str] | None = None,
        date: str | datetime.date | Iterable[str | datetime.date] | None = None,
        method: Method | str | None = None,
    ) -> AssessmentCollection:
        """The assessments matching every criterion given (a value or several).

        A date may be given in any form :class:`Assessment` accepts (read as
        the ISO text it stores).
        """

        def wanted(value: object, field: str) -> set[str] | None:
            if value is None:
                return None
            if field == "date" and (isinstance(value, (str, datetime.date))):
                return {iso_date(value)}
            if isinstance(value, str):
                return {value}
            names = tuple(expect_iterable(value, field=field, expected="text or a list of texts"))
            if field == "date":
                names = tuple(iso_date(n) for n in names)
            if not all(isinstance(n, str) for n in names):
                raise wrong_type(value, "text or a list of texts", field=field)
            return set(names)

        places, dates = wanted(locality, "locality"), wanted(date, "date")
        how = None if method is None else _method(method)
        return AssessmentCollection(
            a
            for a in self.assessments
            if (places is None or a.locality in places)
            and (dates is None or a.date in dates)
            and (how is None or a.method is how)
        )

    def _repr_html_(self) -> str:
        """An HTML table for notebooks: one column per assessment, one row per item."""
        from ithrive.scorecard.report import render_collection_html

        if not self.assessments:
            return '<div class="ithrive"><p>An empty collection of assessments.</p></div>'
        labels = [f"{a.locality} {a.date} ({a.method.value})" for a in self.assessments]
        return render_collection_html([a.scorecard for a in self.assessments], labels=labels)

    def get(
        self, locality: str, date: str | datetime.date, method: Method | str | None = None
    ) -> Assessment:
        """The one assessment of ``locality`` at ``date`` (by ``method``, if several).

        ``date`` is any form :class:`Assessment` accepts, read as its ISO text.
        """
        expect(locality, str, field="locality", expected="a locality")
        date = iso_date(date)
        found = self.select(locality=locality, date=date, method=method).assessments
        if len(found) == 1:
            return found[0]
        if not found:
            raise UnknownAssessmentError(
                f"no assessment of {locality!r} at {date!r}"
                + (f" by {_method(method).value}" if method is not None else ""),
                item=locality,
                field="date",
                value=date,
            )
        raise UnknownAssessmentError(
            f"{len(found)} assessments of {locality!r} at {date!r} "
            f"({', '.join(a.method.value for a in found)}); give method",
            code="ambiguous_assessment",
            item=locality,
            field="method",
            value=date,
        )

    def series(self, locality: str, method: Method | str | None = None) -> tuple[Assessment, ...]:
        """The assessments of ``locality`` in date order, one per date, all by one method.

        Raises :class:`UnknownAssessmentError` when the locality has none, or
        when ``method`` is not given and its assessments were made by more
        than one method (``ambiguous_assessment``): a self-assessment followed
        by an independent evaluation is not a follow-up of the same kind, so
        a change between them would mix two ways of rating. Give ``method``,
        or compare the two with :func:`ithrive.studies.raters.compare_methods`.
        """
        expect(locality, str, field="locality", expected="a locality")
        found = sorted(
            self.select(locality=locality, method=method).assessments,
            key=lambda a: date_key(a.date),
        )
        if not found:
            raise UnknownAssessmentError(
                f"no assessment of {locality!r}"
                + (f" by {_method(method).value}" if method is not None else ""),
                item=locality,
                field="locality",
                value=locality,
            )
        methods = sorted({a.method.value for a in found})
        if len(methods) > 1:
            raise UnknownAssessmentError(
                f"{locality!r} was assessed by {' and '.join(methods)}; give method",
                code="ambiguous_assessment",
                item=locality,
                field="method",
                value=methods,
            )
        # One method: the collection holds each (locality, date, method) once.
        return tuple(found)

    # ------------------------------------------------------------------ long rows

    def to_rows(self) -> list[dict[str, Any]]:
        """Every assessment in long format, one dict per item (see :data:`COLUMNS`)."""
        return [row for a in self.assessments for row in a.to_rows()]

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> AssessmentCollection:
        """Rebuild a collection from :meth:`to_rows` output (rows in any order)."""
        return cls(_assessments_from_rows(rows))

    # ------------------------------------------------------------------ JSON Lines

    def to_jsonl(self, target: PathOrFile) -> None:
        """Write the long rows as JSON Lines (one JSON object per line) to a path or text file."""
        handle, close = _open(target, "w", "target")
        try:
            for row in self.to_rows():
                handle.write(json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n")
        finally:
            if close:
                handle.close()

    @classmethod
    def from_jsonl(cls, source: PathOrFile) -> AssessmentCollection:
        """Read a collection written by :meth:`to_jsonl` from a path or text file."""
        handle, close = _open(source, "r", "source")
        rows = []
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise EvidenceError(
                        f"line {number} is not JSON: {err}", code="invalid_row", value=line
                    ) from None
        finally:
            if close:
                handle.close()
        return cls.from_rows(rows)

    # ------------------------------------------------------------------ CSV

    def to_csv(self, target: PathOrFile) -> None:
        """Write the long rows as CSV (header of :data:`COLUMNS`) to a path or text file.

        An empty cell is a missing value; the JSON columns hold JSON text;
        ``value`` is written with all the digits its float needs.
        """
        handle, close = _open(target, "w", "target")
        try:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for row in self.to_rows():
                flat = _flat(row)
                writer.writerow([_csv_cell(c, flat[c]) for c in COLUMNS])
        finally:
            if close:
                handle.close()

    @classmethod
    def from_csv(cls, source: PathOrFile) -> AssessmentCollection:
        """Read a collection written by :meth:`to_csv` from a path or text file."""
        handle, close = _open(source, "r", "source")
        try:
            reader = csv.DictReader(handle)
            rows = []
            if reader.fieldnames is not None:  # an empty file holds no assessment
                check_columns(reader.fieldnames, "CSV file")
            for index, raw in enumerate(reader):
                if None in raw or None in raw.values():  # a cell too many, or too few
                    raise _bad_row(
                        index,
                        f"has {'more' if None in raw else 'fewer'} cells than the header",
                        field="row",
                        value=index,
                    )
                typed = {c: _csv_value(index, c, raw.get(c) or "") for c in raw if c is not None}
                rows.append(_unflat(index, typed))
        finally:
            if close:
                handle.close()
        return cls.from_rows(rows)

    # ------------------------------------------------------------------ Parquet and frames

    def _arrow_table(self) -> Any:
        pa = require("pyarrow", "parquet", "Saving assessments to Parquet")
        rows = [_flat(r) for r in self.to_rows()]
        arrow = {
            "level": pa.int8(),
            "int32": pa.int32(),
            "integer": pa.int64(),
            "float": pa.float64(),
            "boolean": pa.bool_(),
            "string": pa.string(),
        }
        schema = pa.schema([(c, arrow[_COLUMN_TYPES.get(c, "string")]) for c in COLUMNS])
        return pa.table({c: [r[c] for r in rows] for c in COLUMNS}, schema=schema)

    def to_parquet(self, target: str | os.PathLike[str]) -> None:
        """Write the long rows to a Parquet file (needs the ``parquet`` extra)."""
        pq = require("pyarrow.parquet", "parquet", "Saving assessments to Parquet")
        pq.write_table(self._arrow_table(), _path_or_file(target, "target", "write"))

    @classmethod
    def from_parquet(cls, source: str | os.PathLike[str]) -> AssessmentCollection:
        """Read a collection written by :meth:`to_parquet` (needs the ``parquet`` extra)."""
        pq = require("pyarrow.parquet", "parquet", "Reading assessments from Parquet")
        table = pq.read_table(_path_or_file(source, "source", "read"))
        check_columns(table.column_names, "Parquet file")
        rows = table.to_pylist()
        return cls.from_rows(_unflat(i, r) for i, r in enumerate(rows))

    def to_frame(self, backend: str = "pandas") -> Any:
        """The long rows as a DataFrame of ``backend``: ``"pandas"``, ``"polars"`` or ``"pyarrow"``.

        Needs the ``frames`` extra and the chosen library. The JSON columns
        hold JSON text; :meth:`from_frame` reads the frame back.
        """
        rows = [_flat(r) for r in self.to_rows()]
        data = {c: [r[c] for r in rows] for c in COLUMNS}
        return typed_frame(data, _COLUMN_TYPES, backend, "Turning assessments into a DataFrame")

    @classmethod
    def from_frame(cls, frame: Any) -> AssessmentCollection:
        """Read a collection from a pandas, polars or pyarrow DataFrame in long format."""
        df = eager_frame(frame, "Reading assessments from a DataFrame")
        check_columns(df.columns, "frame")
        present = [c for c in COLUMNS if c in df.columns] + (
            ["item"] if "item" in df.columns else []
        )
        rows = df.select(present).rows(named=True)
        return cls.from_rows(_unflat(i, r) for i, r in enumerate(rows))

    @classmethod
    def from_evidence_table(
        cls,
        frame: Any,
        *,
        method: Method | str,
        locality: str = "locality",
        date: str = "date",
        ruleset: Ruleset | None = None,
    ) -> AssessmentCollection:
        """Score each row of an evidence table (the batch column convention) into an assessment.

        One row per locality and date; ``locality`` and ``date`` name their
        columns. Each row is scored by the scalar engine, so every item keeps
        its explanation; for speed on large tables use
        :func:`ithrive.studies.batch.score_table`.
        """
        from ithrive.studies.batch import row_evidence

        df = eager_frame(frame, "Reading an evidence table")
        for field, name in (("locality", locality), ("date", date)):
            expect(name, str, field=field, expected="a column name")
            if name not in df.columns:
                raise EvidenceError(
                    f"the frame has no {field} column {name!r}",
                    code="missing_column",
                    field=field,
                    value=name,
                )
        out = []
        problems: list[EvidenceError] = []
        for index, row in enumerate(df.rows(named=True)):
            try:
                out.append(
                    Assessment.from_evidence(
                        row_evidence(row, ruleset=ruleset),
                        locality=row[locality],
                        date=row[date],
                        method=method,
                        ruleset=ruleset,
                    )
                )
            except EvidenceError as err:
                where = f"row {index} (locality {row[locality]!r}, date {row[date]!r})"
                problems.extend(_placed(e, where) for e in _problems_of(err))
        _raise(problems)
        return cls(out)


def _method(value: Method | str) -> Method:
    converted = _to_method(value)
    if not isinstance(converted, Method):
        raise EvidenceError(
            f"expected one of {', '.join(repr(m.value) for m in Method)}, got {value!r}",
            code="unknown_method",
            field="method",
            value=value,
        )
    return converted


def scorecard_of(value: Assessment | Scorecard, field: str) -> Scorecard:
    """The scorecard of an assessment, or the scorecard itself; anything else is refused."""
    if isinstance(value, Assessment):
        return value.scorecard
    if isinstance(value, Scorecard):
        return value
    raise EvidenceError(
        f"expected an Assessment or Scorecard, got {type(value).__name__}",
        code="wrong_type",
        field=field,
        value=value,
    )
