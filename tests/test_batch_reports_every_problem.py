"""Batch scoring reports every problem in a table at once, as ``ithrive.score`` does per row.

A cell of the wrong type used to hide every other problem of its measure,
in every row: the table had to be fixed and scored again to learn of the
next one. Now a cell is reported once, for its first problem, and the rest
of the measure's cells and rows are checked still.
"""

from __future__ import annotations

import math
import re
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ithrive
from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.studies.batch import evidence_columns, row_evidence, score_table


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


_VALUES = st.sampled_from([-1.0, 0.0, 1.0, 3.0, 8.0, 31.0, 50.5, 101.0, 2.5, 9.5, 1e13, math.inf])


def problems(error: EvidenceError) -> set[tuple[int | None, str | None, str]]:
    """(row, item, code) of each problem; the row is read from a batch message."""
    out = set()
    for e in getattr(error, "errors", [error]):
        row = re.match(r"row (\d+):", e.message)
        out.add((int(row.group(1)) if row else None, e.item, e.code))
    return out


def test_a_wrong_rating_in_one_row_hides_no_rating_out_of_range_in_another() -> None:
    """A rating of 2.5 and a rating of 5 in the same column are both reported."""
    got = problems_of_table({"micro.2.rating": [2.5, 5.0, 3.0]})
    assert got == {
        ("micro.2", "micro.2.rating", "wrong_type"),
        ("micro.2", "micro.2.rating", "out_of_range"),
    }


def test_survey_counts_are_compared_in_pairs_whatever_the_third() -> None:
    """More respondents than eligible staff is reported even when agree is missing."""
    got = problems_of_table({"meso.3b.respondents": [30.0], "meso.3b.eligible": [8.0]})
    assert got == {
        ("meso.3b", "meso.3b.staff_survey.agree", "missing_field"),
        ("meso.3b", "meso.3b.respondents", "respondents_above_eligible"),
    }


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(evidence_columns()), min_size=1, max_size=6, unique=True),
    st.integers(1, 3),
    st.data(),
)
def test_each_row_has_the_problems_score_finds_in_it(
    names: list[str], n: int, data: st.DataObject
) -> None:
    """Rows, items and codes of the problems agree with ithrive.score on each row's evidence.

    ``score`` stops at conflicting fields (counts and a percent both given)
    where batch scoring also reports a count's wrong type, so such pieces
    are compared by their conflict only.
    """
    rows = [{name: data.draw(st.none() | _VALUES) for name in names} for _ in range(n)]
    scalar: set[tuple[int | None, str | None, str]] = set()
    for index, row in enumerate(rows):
        try:
            ithrive.score(row_evidence(row))
        except EvidenceError as error:
            scalar |= {(index, item, code) for _, item, code in problems(error)}
    frame = pl.DataFrame(
        {name: [row[name] for row in rows] for name in names},
        schema=dict.fromkeys(names, pl.Float64),
    )
    try:
        score_table(frame)
        batch: set[tuple[int | None, str | None, str]] = set()
    except EvidenceError as error:
        batch = problems(error)
    conflicted = {(r, item) for r, item, code in scalar if code == "conflicting_fields"}
    assert {p for p in batch if p[:2] not in conflicted} == {
        p for p in scalar if p[:2] not in conflicted
    }
    assert {p for p in batch if p[:2] in conflicted} >= {p for p in scalar if p[:2] in conflicted}


def test_a_percent_out_of_range_at_a_gated_item_is_not_also_missing_its_counts() -> None:
    """micro.3a's agree_percent of -1 is out of range only, as score() says of that row.

    The completion gate's need for respondents and eligible staff is checked
    on a survey that is otherwise sound, as score() refuses a piece with a
    problem of its own before the rule sees it.
    """
    with pytest.raises(InvalidEvidenceError) as info:
        ithrive.score({"micro.3a": {"kind": "survey", "agree_percent": -1.0}})
    assert {(e.item, e.code) for e in info.value.errors} == {("micro.3a", "out_of_range")}
    got = problems_of_table({"micro.3a.agree_percent": [-1.0]})
    assert got == {("micro.3a", "micro.3a.agree_percent", "out_of_range")}


def test_counts_beside_an_infinite_percent_are_still_a_conflict() -> None:
    """A piece giving counts and a percent conflicts, even where the percent is not finite.

    score() reports the conflict first; batch scoring reports it too, beside
    the percent cell's own problem, rather than hiding it behind that cell.
    """
    with pytest.raises(InvalidEvidenceError) as info:
        ithrive.score({"micro.2": {"kind": "proportion", "numerator": -1, "percent": math.inf}})
    assert ("micro.2", "conflicting_fields") in {(e.item, e.code) for e in info.value.errors}
    got = problems_of_table({"micro.2.numerator": [-1.0], "micro.2.percent": [math.inf]})
    assert ("micro.2", "micro.2.percent", "conflicting_fields") in got


def test_a_gated_survey_nobody_answered_needs_no_eligible_count() -> None:
    """micro.3a with 0 of 0 respondents is insufficient evidence in batch, as in score()."""
    card = ithrive.score({"micro.3a": {"kind": "survey", "agree": 0, "respondents": 0}})
    assert "insufficient_evidence" == card["micro.3a"].status
    scored = score_table(pl.DataFrame({"micro.3a.agree": [0.0], "micro.3a.respondents": [0.0]}))
    assert ["insufficient_evidence"] == scored["micro.3a.status"].cast(pl.String).to_list()
