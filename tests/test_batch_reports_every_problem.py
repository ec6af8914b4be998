"""Batch scoring reports every problem in a table at once, as ``ithrive.score`` does per row.

A cell of the wrong type used to hide every other problem of its measure,
in every row: the table had to be fixed and scored again to learn of the
next one. Now a cell is reported once, for its first problem, and the rest
of the measure's cells and rows are checked still.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ithrive
from ithrive.batch import evidence_columns, row_evidence, score_table
from ithrive.errors import EvidenceError, InvalidEvidenceError


def problems_of_table(columns: dict[str, list[Any]]) -> set[tuple[str | None, str | None, str]]:
    """(item, column, code) of every problem batch scoring reports, with the row in front."""
    frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.Float64))
    with pytest.raises(InvalidEvidenceError) as info:
        score_table(frame)
    return {(e.item, e.field, e.code) for e in info.value.errors}


def test_a_wrong_type_in_one_row_hides_no_problem_of_the_others() -> None:
    """Each row's problem is reported, whichever row holds a fractional count."""
    columns = {
        "micro.2.numerator": [2.5, 3.0, 40.0, None],
        "micro.2.denominator": [10.0, None, 30.0, 5.0],
    }
    frame = pl.DataFrame(columns)
    with pytest.raises(InvalidEvidenceError) as info:
        score_table(frame)
    assert sorted((e.message.split(":")[0], e.field, e.code) for e in info.value.errors) == [
        ("row 0", "micro.2.numerator", "wrong_type"),
        ("row 1", "micro.2.denominator", "missing_field"),
        ("row 2", "micro.2.numerator", "numerator_above_denominator"),
        ("row 3", "micro.2.numerator", "missing_field"),
    ]


def test_a_cell_is_reported_once_and_blames_no_other_cell() -> None:
    """A fractional respondents count is one wrong_type; agree is not said to exceed it."""
    got = problems_of_table(
        {"micro.3a.agree": [3.0], "micro.3a.respondents": [2.5], "micro.3a.eligible": [9.0]}
    )
    assert got == {("micro.3a", "micro.3a.respondents", "wrong_type")}


_VALUES = st.sampled_from([-1.0, 0.0, 1.0, 3.0, 8.0, 31.0, 50.5, 101.0, 2.5, 9.5, 1e13])


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(evidence_columns()), st.none() | _VALUES, min_size=1, max_size=6
    )
)
def test_one_row_has_the_problems_score_finds_in_it(cells: dict[str, Any]) -> None:
    """Items and codes of the problems agree with ithrive.score on the row's evidence.

    ``score`` stops at conflicting fields (counts and a percent both given)
    where batch scoring also reports a count's wrong type, so such pieces
    are compared by their conflict only.
    """
    evidence = row_evidence(cells)
    try:
        ithrive.score(evidence)
        scalar: set[tuple[str | None, str]] = set()
    except EvidenceError as error:
        scalar = {(e.item, e.code) for e in getattr(error, "errors", [error])}
    frame = pl.DataFrame(
        {k: [v] for k, v in cells.items()}, schema=dict.fromkeys(cells, pl.Float64)
    )
    try:
        score_table(frame)
        batch: set[tuple[str | None, str]] = set()
    except EvidenceError as error:
        batch = {(e.item, e.code) for e in getattr(error, "errors", [error])}
    conflicted = {item for item, code in scalar if code == "conflicting_fields"}
    assert {p for p in batch if p[0] not in conflicted} == {
        p for p in scalar if p[0] not in conflicted
    }
    assert {p for p in batch if p[0] in conflicted} >= {p for p in scalar if p[0] in conflicted}
