"""Assessments rebuilt from long-format rows, with every derived cell checked.

Item rows are grouped by locality, date and method and each group becomes
an :class:`~ithrive.studies.assessment.Assessment` again; principle and
system rows, and the derived columns of every row, are recomputed from the
item rows and compared with what was read, so an edit to a derived cell is
refused (``invalid_row``) rather than lost. Every problem of every row is
reported at once.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from ithrive._messages import short_repr
from ithrive.base._tabular import is_missing_cell
from ithrive.errors import EvidenceError, InvalidEvidenceError, expect_iterable, raise_problems
from ithrive.evidence.reading import structure_evidence
from ithrive.model import FRAMEWORK
from ithrive.model.level import Level, Status
from ithrive.scorecard import SCHEMA_VERSION, ItemResult, Notice
from ithrive.scorecard._card import card_of
from ithrive.studies.assessment._columns import (
    CONTEXT_COLUMNS,
    DERIVED_COLUMNS,
    STORED_COLUMNS,
    current_row,
)
from ithrive.studies.assessment._problems import bad_row
from ithrive.studies.assessment._record import Assessment

__all__ = ["assessments_from_rows"]


def _item_result(index: int, row: Mapping[str, Any]) -> ItemResult:
    try:
        level = row["level"]
        if level is not None and (isinstance(level, bool) or not isinstance(level, int)):
            raise bad_row(
                index, f"level {short_repr(level)} is not 1-4", field="level", value=level
            )
        value = row["value"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise bad_row(
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
        raise bad_row(index, f"not an item result: {type(err).__name__}: {err}") from None


#: The columns that identify an assessment, with what each must be.
_KEY_COLUMNS = {
    "locality": "text",
    "date": "a date (ISO 8601 text such as 2017-03, or a date value)",
    "method": "'self_assessment' or 'independent_evaluation'",
}


def _not_a_key(index: int, column: str, value: Any) -> EvidenceError:
    """The problem of a row whose locality, date or method is a list or mapping (``wrong_type``)."""
    return EvidenceError(
        f"row {index}: expected {_KEY_COLUMNS[column]}, got {type(value).__name__} "
        f"{short_repr(value)}",
        code="wrong_type",
        field=column,
        value=value,
    )


class _Empty:
    """The one grouping key of every empty cell (``None``, NaN, pandas' NA or NaT)."""

    def __repr__(self) -> str:
        return "<empty>"


_EMPTY = _Empty()


def _empty(value: Any) -> bool:
    """Whether a cell is empty: ``None``, pandas' NA or NaT, or a NaN of any number type."""
    if is_missing_cell(value):
        return True
    try:
        return math.isnan(value)
    except (TypeError, ValueError, OverflowError):  # not a number, or no float holds it
        return False


def _same(first: Any, second: Any) -> bool:
    """Whether two cells hold one value: empty cells are one value, and NaN equals NaN.

    Plain ``==`` says a NaN differs from itself and raises on pandas' NA, so
    rows of one assessment read from a frame with an empty cell were split
    or refused with a bare ``TypeError``.
    """
    if _empty(first) or _empty(second):
        return _empty(first) and _empty(second)
    try:
        return bool(first == second)
    except (TypeError, ValueError):
        return first is second


def assessments_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[Assessment]:
    """Group long-format rows by (locality, date, method) and rebuild each assessment."""
    groups: dict[tuple[Any, ...], list[tuple[int, Mapping[str, Any]]]] = {}
    derived: dict[tuple[Any, ...], list[tuple[int, Mapping[str, Any]]]] = {}
    systems: dict[tuple[Any, ...], list[tuple[int, Mapping[str, Any]]]] = {}
    problems: list[EvidenceError] = []
    rows = expect_iterable(rows, field="rows", expected="a list of rows")
    for index, given in enumerate(rows):
        if not isinstance(given, Mapping):
            problems.append(
                bad_row(
                    index,
                    f"expected a mapping, got {type(given).__name__}",
                    field=f"rows[{index}]",
                    value=given,
                )
            )
            continue
        row = current_row(given)
        missing = [c for c in STORED_COLUMNS if c not in row]
        if missing:
            problems.append(
                bad_row(
                    index,
                    f"missing column(s) {', '.join(missing)}",
                    field=missing[0],
                    value=missing,
                )
            )
            continue
        unusable = [c for c in _KEY_COLUMNS if not isinstance(row[c], Hashable)]
        for column in unusable:
            problems.append(_not_a_key(index, column, row[column]))
        if unusable:
            continue
        key = tuple(_EMPTY if _empty(row[c]) else row[c] for c in _KEY_COLUMNS)
        if _same(row["kind"], "item"):
            groups.setdefault(key, []).append((index, row))
        elif _same(row["kind"], "principle"):
            derived.setdefault(key, []).append((index, row))
        elif _same(row["kind"], "system"):
            systems.setdefault(key, []).append((index, row))
        else:
            problems.append(
                bad_row(
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
            bad_row(index, f"principle rows of {key!r} have no item rows", field="kind")
        )
    raise_problems(problems)
    out = []
    for key, members in groups.items():
        first_index, first = members[0]
        for index, row in members[1:]:
            for column in (*CONTEXT_COLUMNS, "schema"):
                if not _same(row[column], first[column]):
                    problems.append(
                        bad_row(
                            index,
                            f"{column} {row[column]!r} differs from {first[column]!r} in row "
                            f"{first_index} of the same assessment {key!r}",
                            field=column,
                            value=row[column],
                        )
                    )
        if first["schema"] != SCHEMA_VERSION:
            problems.append(
                bad_row(
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
                problems.append(bad_row(index, f"unknown item {item!r}", field="id", value=item))
            elif item in by_item:
                problems.append(
                    bad_row(index, f"item {item!r} appears twice in {key!r}", field="id")
                )
            else:
                try:
                    by_item[item] = _item_result(index, row)
                except EvidenceError as err:
                    problems.append(err)
        absent = [i for i in FRAMEWORK.item_ids if i not in by_item]
        if absent and len(absent) < len(FRAMEWORK):
            problems.append(
                bad_row(
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
            if row["id"] not in levels or not _same(
                given,
                None if levels[row["id"]] is None else int(levels[row["id"]]),  # type: ignore[arg-type]
            ):
                problems.append(
                    bad_row(
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
    raise_problems(problems)
    return out


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
                    bad_row(index, f"unknown system {row['id']!r}", field="id", value=row["id"])
                )
            continue
        columns = [*DERIVED_COLUMNS, "value"] if row["kind"] == "system" else DERIVED_COLUMNS
        for column in columns:
            given = row.get(column)
            if is_missing_cell(given) or _agrees(given, expected[column]):
                continue
            problems.append(
                bad_row(
                    index,
                    f"{column} {given!r} of {row['kind']} {row['id']!r} does not follow from the "
                    f"stored columns ({expected[column]!r}); derived columns are recomputed on "
                    "reading, so change the evidence or level instead",
                    field=column,
                    value=given,
                )
            )
    return problems
