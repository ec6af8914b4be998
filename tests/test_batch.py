"""Batch scoring: the vectorised engine agrees with the scalar engine, row by row."""

from __future__ import annotations

import math
import sys
import tomllib
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import batch_cells

import ithrive
from ithrive.errors import EvidenceError, InvalidEvidenceError, MissingExtraError
from ithrive.studies import batch
from ithrive.studies.batch import (
    MAX_WHOLE,
    evidence_columns,
    output_columns,
    row_evidence,
    score_table,
    scorer,
)

ITEMS = ithrive.FRAMEWORK.item_ids
PROPORTION = ("micro.2", "micro.3b", "micro.5a", "micro.5b", "micro.7", "meso.5")
SURVEY = ("micro.3a", "meso.3b")

# ---------------------------------------------------------------------- strategies

EDGE_PERCENTS = [0.0, 39.99999999999999, 40.0, 59.5, 60.0, 79.99999999999999, 80.0, 100.0]
EDGE_MEANS = [0.0, 6.0, math.nextafter(6.0, 7), 7.0, 7.000000000000001, 8.0, 8.15, 9.0]


def percents() -> st.SearchStrategy[float]:
    """Percents, with the band edges and their float neighbours often."""
    return st.one_of(st.sampled_from(EDGE_PERCENTS), st.floats(0, 100))


@st.composite
def counts(draw: st.DrawFn) -> tuple[int, int]:
    """A numerator and denominator, often exactly on a band edge."""
    den = draw(st.sampled_from([5, 10, 40, 200]) | st.integers(1, 300))
    num = draw(
        st.sampled_from([0, den * 2 // 5, den * 3 // 5, den * 4 // 5, den]) | st.integers(0, den)
    )
    return min(num, den), den


@st.composite
def proportion(draw: st.DrawFn, measure: str | None = None) -> dict[str, Any]:
    """A proportion as counts or a percent."""
    body: dict[str, Any] = {"kind": "proportion"}
    if draw(st.booleans()):
        body["numerator"], body["denominator"] = draw(counts())
    else:
        body["percent"] = draw(percents())
    if measure is not None:
        body["measure"] = measure
    return body


@st.composite
def survey(draw: st.DrawFn) -> dict[str, Any]:
    """A staff survey: completion often near the 50% gate, sometimes nobody responding."""
    eligible = draw(st.integers(1, 80))
    respondents = draw(st.sampled_from([0, eligible // 2, eligible]) | st.integers(0, eligible))
    agree = draw(st.integers(0, respondents))
    return {"kind": "survey", "agree": agree, "respondents": respondents, "eligible": eligible}


@st.composite
def collaborate(draw: st.DrawFn) -> dict[str, Any]:
    """CollaboRATE results around the band edges and both gates."""
    body: dict[str, Any] = {
        "kind": "collaborate",
        "mean": draw(st.sampled_from(EDGE_MEANS) | st.floats(0, 9)),
        "offered_percent": draw(
            st.sampled_from([0.0, 49.99999999999999, 50.0, 100.0]) | st.floats(0, 100)
        ),
    }
    if draw(st.booleans()):
        body["encounters"] = draw(st.integers(0, 60))
    return body


@st.composite
def evidence_row(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """Evidence for one locality: any mix of measures and panel ratings, or nothing."""
    out: dict[str, list[dict[str, Any]]] = {}
    for item in ITEMS:
        pieces: list[dict[str, Any]] = []
        if draw(st.integers(0, 2)) == 0:
            if item in PROPORTION:
                pieces.append(draw(proportion()))
            elif item in SURVEY:
                pieces.append(draw(survey()))
            elif item == "meso.2":
                pieces.append({"kind": "count", "count": draw(st.integers(0, 7))})
            elif item == "micro.1b":
                pieces.append(draw(collaborate()))
            elif item == "macro.5":
                for name in draw(st.sets(st.sampled_from(["integrate", "chi_esq"]))):
                    pieces.append(draw(proportion(name)))
        if draw(st.integers(0, 3)) == 0:
            pieces.append({"kind": "rating", "level": draw(st.integers(1, 4))})
        if pieces:
            out[item] = pieces
    return out


def broken(row: dict[str, list[dict[str, Any]]], how: int) -> None:
    """Make one piece of evidence invalid, in one of several ways."""
    bad: dict[str, Any] = [
        {"kind": "proportion", "numerator": 31, "denominator": 30},
        {"kind": "proportion", "percent": 100.5},
        {"kind": "rating", "level": 5},
        {"kind": "count", "count": 8},
        {"kind": "survey", "agree": 5, "respondents": 4, "eligible": 10},
        {"kind": "collaborate", "mean": 9.5, "offered_percent": 60},
    ][how]
    item = {
        "proportion": "micro.2",
        "rating": "macro.1",
        "count": "meso.2",
        "survey": "micro.3a",
        "collaborate": "micro.1b",
    }[bad["kind"]]
    row[item] = [bad]


def table_of(rows: list[dict[str, list[dict[str, Any]]]]) -> dict[str, list[Any]]:
    """Rows of evidence as columns (None where a row gives no value)."""
    cells = [batch_cells(r) for r in rows]
    names = sorted({name for c in cells for name in c})
    columns = {"site": [f"S{i}" for i in range(len(rows))]}
    columns.update({name: [c.get(name) for c in cells] for name in names})
    return columns


def polars_frame(columns: dict[str, list[Any]]) -> pl.DataFrame:
    """A polars frame, integer columns as Int64 and real ones as Float64."""
    schema = {}
    for name, values in columns.items():
        if name == "site":
            schema[name] = pl.String
        elif any(isinstance(v, float) for v in values):
            schema[name] = pl.Float64
        else:
            schema[name] = pl.Int64
    return pl.DataFrame(columns, schema=schema)


def assert_same_as_scalar(rows: list[dict[str, Any]], scored: pl.DataFrame, **kw: Any) -> None:
    """Every output cell equals what ithrive.score gives for that row."""
    out = scored.to_dicts()
    for index, row in enumerate(rows):
        card = ithrive.score(row, **kw)
        got = out[index]
        for r in card.items:
            expected = None if r.level is None else int(r.level)
            assert expected == got[f"{r.item}.level"]
            assert r.status.value == got[f"{r.item}.status"]
            assert r.thrive_like == got[f"{r.item}.thrive_like"]
        for p in card.principles:
            assert (None if p.level is None else int(p.level)) == got[
                f"principle.{p.principle}.level"
            ]
            assert p.thrive_like == got[f"principle.{p.principle}.thrive_like"]
        assert card.thrive_like == got["thrive_like"]
        assert card.complete == got["complete"]


def scalar_valid(row: dict[str, Any], **kw: Any) -> bool:
    """Whether the scalar engine accepts this row."""
    try:
        ithrive.score(row, **kw)
    except InvalidEvidenceError:
        return False
    return True


# ---------------------------------------------------------------------- agreement


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(evidence_row(), min_size=1, max_size=8))
def test_vectorised_scoring_equals_the_scalar_engine_on_generated_tables(rows: list[Any]) -> None:
    """Levels, statuses and verdicts of every item, principle and row match ithrive.score."""
    scored = score_table(polars_frame(table_of(rows)))
    assert_same_as_scalar(rows, scored)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(evidence_row(), min_size=1, max_size=5),
    st.integers(0, 5),
    st.data(),
)
def test_a_table_is_refused_exactly_when_the_scalar_engine_refuses_a_row(
    rows: list[Any], how: int, data: st.DataObject
) -> None:
    """Invalid evidence in any row raises, as ithrive.score raises for that row."""
    victim = data.draw(st.integers(0, len(rows) - 1))
    broken(rows[victim], how)
    assert not scalar_valid(rows[victim])
    with pytest.raises(InvalidEvidenceError) as caught:
        score_table(polars_frame(table_of(rows)))
    assert any(f"row {victim}:" in line for line in caught.value.lines())


@settings(max_examples=25, deadline=None)
@given(st.lists(evidence_row(), min_size=1, max_size=6))
def test_pandas_polars_and_pyarrow_give_the_same_results(rows: list[Any]) -> None:
    """One code path serves the three libraries; results agree cell by cell."""
    columns = table_of(rows)
    from_polars = score_table(polars_frame(columns))
    from_pandas = pl.from_pandas(score_table(polars_frame(columns).to_pandas()))
    from_arrow = pl.from_arrow(score_table(polars_frame(columns).to_arrow()))
    assert from_polars.to_dicts() == from_pandas.to_dicts()
    assert from_polars.to_dicts() == from_arrow.to_dicts()  # type: ignore[union-attr]


def test_missing_and_insufficient_evidence_match_the_scalar_engine() -> None:
    """No evidence, a survey nobody answered, and a survey below the completion gate."""
    rows = [
        {},
        {"micro.3a": [{"kind": "survey", "agree": 0, "respondents": 0, "eligible": 10}]},
        {"micro.3a": [{"kind": "survey", "agree": 3, "respondents": 4, "eligible": 10}]},
        {
            "micro.3a": [
                {"kind": "survey", "agree": 3, "respondents": 4, "eligible": 10},
                {"kind": "rating", "level": 2},
            ]
        },
        {"micro.1b": [{"kind": "collaborate", "mean": 8.5, "offered_percent": 40}]},
    ]
    scored = score_table(polars_frame(table_of(rows)))
    assert_same_as_scalar(rows, scored)
    expected = [
        "not_assessed",
        "insufficient_evidence",
        "insufficient_evidence",
        "rated",
        "not_assessed",
    ]
    assert expected == scored["micro.3a.status"].to_list()
    expected = 1
    assert expected == scored["micro.1b.level"][4]


# ---------------------------------------------------------------------- exactness


def local_ruleset(bands: list[tuple[int, str]]) -> ithrive.Ruleset:
    """The packaged ruleset with micro.2's bands replaced."""
    text = resources.files("ithrive.rules").joinpath("thrive-assessment.toml").read_text("utf-8")
    data = tomllib.loads(text)
    data["items"]["micro.2"]["measures"][0]["bands"] = [
        {"level": level, "interval": interval} for level, interval in bands
    ]
    return ithrive.load_ruleset(data)


NON_DYADIC = local_ruleset(
    [(1, "[0, 33.3)"), (2, "[33.3, 59.5]"), (3, "(59.5, 80)"), (4, "[80, 100]")]
)


@pytest.mark.parametrize(
    "cells",
    [
        {"micro.2.percent": 33.3},
        {"micro.2.percent": math.nextafter(33.3, 100)},
        {"micro.2.percent": 59.5},
        {"micro.2.percent": math.nextafter(59.5, 100)},
        {"micro.2.numerator": 333, "micro.2.denominator": 1000},
        {"micro.2.numerator": 332, "micro.2.denominator": 1000},
        {"micro.2.numerator": 119, "micro.2.denominator": 200},
        {"micro.2.numerator": 1, "micro.2.denominator": 3},
    ],
)
def test_a_local_ruleset_with_non_dyadic_and_open_edges_is_compiled_exactly(
    cells: dict[str, Any],
) -> None:
    """33.3 as a float is just below the exact edge 333/10; 333 of 1000 is exactly on it."""
    frame = pl.DataFrame({k: [v] for k, v in cells.items()})
    scored = score_table(frame, ruleset=NON_DYADIC).to_dicts()[0]
    card = ithrive.score(row_evidence(cells, ruleset=NON_DYADIC), NON_DYADIC)
    assert int(card["micro.2"].level) == scored["micro.2.level"]  # type: ignore[arg-type]


def test_the_float_33_3_is_below_the_edge_33_3_but_333_of_1000_is_on_it() -> None:
    """The documented D16 consequence, pinned for this local ruleset."""
    frame = pl.DataFrame(
        {
            "micro.2.percent": [33.3, None],
            "micro.2.numerator": [None, 333],
            "micro.2.denominator": [None, 1000],
        }
    )
    expected = [1, 2]
    assert expected == score_table(frame, ruleset=NON_DYADIC)["micro.2.level"].to_list()
    assert Fraction(33.3) < Fraction(333, 10)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, MAX_WHOLE),
    st.sampled_from([Fraction(2, 5), Fraction(3, 5), Fraction(4, 5), Fraction(333, 1000)]),
    st.integers(-2, 2),
)
def test_huge_counts_near_an_edge_are_decided_exactly(
    den: int, share: Fraction, nudge: int
) -> None:
    """Counts beyond the float fast path (and products beyond int64) are exact too."""
    num = min(max(int(den * share) + nudge, 0), den)
    frame = pl.DataFrame({"micro.2.numerator": [num], "micro.2.denominator": [den]})
    for rules in (None, NON_DYADIC):
        scored = score_table(frame, ruleset=rules)["micro.2.level"][0]
        card = ithrive.score(
            {"micro.2": {"kind": "proportion", "numerator": num, "denominator": den}}, rules
        )
        assert int(card["micro.2"].level) == scored  # type: ignore[arg-type]


def test_an_edge_with_a_large_denominator_falls_back_to_python_integers() -> None:
    """An edge like 33.333333333333 makes int64 products overflow; the result stays exact."""
    rules = local_ruleset(
        [
            (1, "[0, 33.333333333333)"),
            (2, "[33.333333333333, 60)"),
            (3, "[60, 80)"),
            (4, "[80, 100]"),
        ]
    )
    den = 3 * 10**14
    on_edge = 33333333333333 * 3  # 100 * on_edge / den is exactly 33.333333333333
    nums = [on_edge - 1, on_edge, on_edge + 1]
    frame = pl.DataFrame({"micro.2.numerator": nums, "micro.2.denominator": [den] * 3})
    got = score_table(frame, ruleset=rules)["micro.2.level"].to_list()
    expected = [1, 2, 2]
    assert expected == got
    for n, level in zip(nums, got, strict=True):
        card = ithrive.score(
            {"micro.2": {"kind": "proportion", "numerator": n, "denominator": den}}, rules
        )
        assert int(card["micro.2"].level) == level  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2**53 // 400, 2**53 // 60),
    st.sampled_from([Fraction(2, 5), Fraction(3, 5), Fraction(4, 5), Fraction(333, 1000)]),
    st.integers(-1, 1),
)
def test_counts_either_side_of_the_float_division_limit_are_exact(
    den: int, share: Fraction, nudge: int
) -> None:
    """Around 2**53 / 100, where a ratio leaves float64 division for int64 division."""
    nums = [min(max(int(den * share) + nudge + k, 0), den) for k in (-1, 0, 1)]
    frame = pl.DataFrame({"micro.2.numerator": nums, "micro.2.denominator": [den] * 3})
    for rules in (None, NON_DYADIC):
        got = score_table(frame, ruleset=rules)["micro.2.level"].to_list()
        for num, level in zip(nums, got, strict=True):
            card = ithrive.score(
                {"micro.2": {"kind": "proportion", "numerator": num, "denominator": den}}, rules
            )
            assert int(card["micro.2"].level) == level  # type: ignore[arg-type]


def test_counts_above_the_integer_limit_are_refused_with_a_clear_error() -> None:
    """Batch scoring refuses what score() refuses, instead of rounding."""
    frame = pl.DataFrame({"micro.2.numerator": [1], "micro.2.denominator": [MAX_WHOLE + 1]})
    with pytest.raises(InvalidEvidenceError) as caught:
        score_table(frame)
    expected = "too_large"
    assert expected == caught.value.errors[0].code


# ---------------------------------------------------------------------- columns and frames


def test_the_column_convention_lists_short_and_long_names() -> None:
    """Single-measure items take short names; macro.5 names its measures."""
    short = evidence_columns()
    assert "micro.2.numerator" in short
    assert "macro.5.chi_esq.percent" in short
    assert "micro.2.notes_audit.numerator" in evidence_columns(short=False)
    assert len(ITEMS) == sum(1 for c in short if c.endswith(".rating"))
    expected = ("thrive_like", "complete")
    assert expected == output_columns()[-2:]
    width = 22 * 3 + 2
    assert width == len(output_columns(principles=False))


def test_long_and_short_names_for_one_field_are_refused_together() -> None:
    """Two columns naming the same field are ambiguous."""
    frame = pl.DataFrame({"micro.2.percent": [50.0], "micro.2.notes_audit.percent": [60.0]})
    with pytest.raises(InvalidEvidenceError) as caught:
        score_table(frame)
    expected = "duplicate_column"
    assert expected == caught.value.errors[0].code


def test_an_unknown_evidence_column_is_refused_with_a_suggestion() -> None:
    """A typo in an evidence column is not silently passed through."""
    with pytest.raises(InvalidEvidenceError) as caught:
        score_table(pl.DataFrame({"micro.2.numerater": [1], "micro.2.denominator": [2]}))
    expected = "unknown_column"
    assert expected == caught.value.errors[0].code
    assert "micro.2.numerator" in str(caught.value)


def test_other_columns_pass_through_and_keep_selects_them() -> None:
    """Identity columns come first, in their order; keep narrows them."""
    frame = pd.DataFrame({"site": ["A"], "date": ["2017-03"], "meso.2.count": [3]})
    expected = ["site", "date"]
    assert expected == list(score_table(frame).columns[:2])
    expected = "macro.1.level"
    assert expected == score_table(frame, keep=["date"]).columns[1]
    expected = "macro.1.level"
    assert expected == score_table(frame, keep=[]).columns[0]


def test_keep_takes_one_column_name_as_text() -> None:
    """``keep="site"`` keeps the column ``site``, not columns named by its letters."""
    frame = pd.DataFrame({"site": ["A"], "group": ["x"], "meso.2.count": [3]})
    columns = list(score_table(frame, keep="site").columns)
    expected = ["site", "macro.1.level"]
    assert expected == columns[:2]
    assert "group" not in columns


@pytest.mark.parametrize("keep", [3, 2.5, True, object()], ids=repr)
def test_keep_that_is_not_a_name_or_list_of_names_is_a_wrong_type_naming_keep(
    keep: object,
) -> None:
    """``keep=3`` is refused as ``wrong_type`` naming ``keep`` and the value, not a TypeError."""
    frame = pd.DataFrame({"site": ["A"], "meso.2.count": [3]})
    with pytest.raises(EvidenceError) as caught:
        score_table(frame, keep=keep)  # type: ignore[arg-type]
    expected = ("wrong_type", "keep", keep)
    assert expected == (caught.value.code, caught.value.field, caught.value.value)


def test_an_unhashable_name_in_keep_is_a_wrong_type_naming_keep() -> None:
    """A list inside ``keep`` is not a column name."""
    frame = pd.DataFrame({"site": ["A"], "meso.2.count": [3]})
    with pytest.raises(EvidenceError) as caught:
        score_table(frame, keep=[["site"]])  # type: ignore[list-item]
    expected = ("wrong_type", "keep", ["site"])
    assert expected == (caught.value.code, caught.value.field, caught.value.value)


@pytest.mark.parametrize("library", ["pandas", "polars", "pyarrow"])
def test_a_name_listed_twice_in_keep_is_a_duplicate_column_naming_keep(library: str) -> None:
    """Every library refuses ``keep=["site", "site"]`` alike; polars raised its DuplicateError."""
    data = {"site": ["A"], "meso.2.count": [3]}
    frame = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.table}[library](data)
    with pytest.raises(EvidenceError) as caught:
        score_table(frame, keep=["site", "date", "site"])
    expected = ("duplicate_column", "keep", "site")
    assert expected == (caught.value.code, caught.value.field, caught.value.value)
    assert "'site' listed more than once" in str(caught.value)


@pytest.mark.parametrize("dtype", ["Int128", "UInt128"])
def test_a_polars_column_of_128_bit_integers_is_read_value_by_value(dtype: str) -> None:
    """numpy has no 128-bit integers: such a column is checked cell by cell and scores."""
    frame = pl.DataFrame({"meso.2.count": pl.Series([3, None], dtype=getattr(pl, dtype))})
    out = score_table(frame, principles=False)
    expected = [3, None]
    assert expected == out["meso.2.level"].to_list()


def test_a_huge_integer_in_a_polars_int128_column_is_too_large_naming_column_and_row() -> None:
    """A value beyond int64 in an Int128 column is ``too_large``, not a polars exception."""
    huge = 2**70
    frame = pl.DataFrame({"meso.2.count": pl.Series([3, huge], dtype=pl.Int128)})
    with pytest.raises(InvalidEvidenceError) as caught:
        score_table(frame)
    (err,) = caught.value.errors
    expected = ("too_large", "meso.2", "meso.2.count", huge)
    assert expected == (err.code, err.item, err.field, err.value)
    assert "row 1" in str(err)


def test_a_kept_column_may_not_clash_with_a_result_column() -> None:
    """A pass-through column named like a result would be overwritten."""
    with pytest.raises(EvidenceError) as caught:
        score_table(pd.DataFrame({"thrive_like": [True], "meso.2.count": [3]}))
    expected = "duplicate_column"
    assert expected == caught.value.code


def test_pandas_results_use_nullable_and_categorical_dtypes_and_keep_the_index() -> None:
    """Levels are nullable Int8, statuses categorical, verdicts nullable booleans."""
    frame = pd.DataFrame({"meso.2.count": [3.0, np.nan]}, index=[10, 11])
    scored = score_table(frame)
    expected = [10, 11]
    assert expected == list(scored.index)
    expected = "Int8"
    assert expected == str(scored["meso.2.level"].dtype)
    expected = "category"
    assert expected == str(scored["meso.2.status"].dtype)
    expected = "boolean"
    assert expected == str(scored["meso.2.thrive_like"].dtype)
    assert scored["meso.2.level"].isna().tolist() == [False, True]


def test_pandas_result_columns_do_not_share_memory() -> None:
    """A principle of one item has its own columns: editing one leaves the other."""
    scored = score_table(pd.DataFrame({"micro.2.percent": [70.0, 90.0]}))
    scored.loc[0, "principle.micro.2.level"] = 1
    expected = [3, 4]
    assert expected == scored["micro.2.level"].tolist()


def test_pyarrow_results_are_a_table_with_a_dictionary_status() -> None:
    """A pyarrow Table in, a pyarrow Table out."""
    scored = score_table(pa.table({"meso.2.count": [3, None]}))
    assert isinstance(scored, pa.Table)
    assert pa.types.is_dictionary(scored.schema.field("meso.2.status").type)
    expected = [3, None]
    assert expected == scored.column("meso.2.level").to_pylist()


def test_nan_counts_as_missing_in_every_library() -> None:
    """polars keeps NaN apart from null; batch scoring treats both as not given."""
    scored = score_table(pl.DataFrame({"micro.2.percent": [float("nan"), 70.0]}))
    expected = ["not_assessed", "rated"]
    assert expected == scored["micro.2.status"].to_list()


def test_whole_floats_are_accepted_in_integer_fields_but_fractions_are_not() -> None:
    """pandas stores integers with gaps as floats; 18.5 notes is an error."""
    ok = score_table(pd.DataFrame({"micro.2.numerator": [18.0], "micro.2.denominator": [30.0]}))
    expected = 3
    assert expected == ok["micro.2.level"][0]
    with pytest.raises(InvalidEvidenceError) as caught:
        score_table(pd.DataFrame({"micro.2.numerator": [18.5], "micro.2.denominator": [30.0]}))
    expected = "wrong_type"
    assert expected == caught.value.errors[0].code


def test_a_text_column_of_evidence_is_a_type_error() -> None:
    """Evidence columns must be numeric."""
    with pytest.raises(InvalidEvidenceError) as caught:
        score_table(pl.DataFrame({"meso.2.count": ["three"]}))
    expected = "wrong_type"
    assert expected == caught.value.errors[0].code


@pytest.mark.parametrize(
    "frame",
    [
        pl.DataFrame({"meso.2.count": [None, "three"]}),
        pd.DataFrame({"meso.2.count": pd.array([None, "three"], dtype="string")}),
        pd.DataFrame({"meso.2.count": pd.Series([2, "three"], dtype=object)}),
        pa.table({"meso.2.count": [None, "three"]}),
    ],
)
def test_a_text_cell_of_evidence_is_named_with_its_row_column_and_value(frame: Any) -> None:
    """A wrong type is reported at its row, with the item, the column and the value given."""
    with pytest.raises(InvalidEvidenceError) as caught:
        score_table(frame)
    expected = [("wrong_type", "meso.2", "meso.2.count", "three")]
    assert expected == [(e.code, e.item, e.field, e.value) for e in caught.value.errors]
    assert caught.value.errors[0].message.startswith("row 1: ")


def test_a_boolean_column_of_evidence_names_each_value() -> None:
    """True is not a level: the error shows the value, not only the column's type."""
    with pytest.raises(InvalidEvidenceError) as caught:
        score_table(pd.DataFrame({"micro.2.rating": [True, False]}))
    expected = [True, False]
    assert expected == [e.value for e in caught.value.errors]


@settings(max_examples=25, deadline=None)
@given(st.lists(evidence_row(), min_size=1, max_size=6))
def test_object_columns_of_numbers_score_as_numeric_columns(rows: list[Any]) -> None:
    """A pandas frame of object columns (numbers and None) gives the scalar engine's results."""
    columns = table_of(rows)
    frame = pd.DataFrame({name: pd.Series(v, dtype=object) for name, v in columns.items()})
    assert_same_as_scalar(rows, pl.from_pandas(score_table(frame)))


def test_huge_whole_numbers_in_an_object_column_are_refused_as_given() -> None:
    """A Python int beyond int64 is reported with its own value, not a clamped one."""
    frame = pd.DataFrame({"meso.2.count": pd.Series([3, -(10**30)], dtype=object)})
    with pytest.raises(InvalidEvidenceError) as caught:
        score_table(frame)
    expected = [("too_large", -(10**30))]
    assert expected == [(e.code, e.value) for e in caught.value.errors]
    assert "magnitude above" in caught.value.errors[0].message


def test_repeated_column_names_are_an_ithrive_error() -> None:
    """narwhals refuses a pandas frame with a repeated name; ithrive says so in its own terms."""
    frame = pd.DataFrame([[50, 60]], columns=["micro.2.percent", "micro.2.percent"])
    with pytest.raises(EvidenceError) as caught:
        score_table(frame)
    expected = ("duplicate_column", "frame")
    assert expected == (caught.value.code, caught.value.field)


def test_errors_name_the_row_and_stop_listing_after_fifty() -> None:
    """Many bad rows give the first fifty and a count of the rest."""
    frame = pl.DataFrame({"meso.2.rating": [9] * 60})
    with pytest.raises(InvalidEvidenceError) as caught:
        score_table(frame)
    lines = caught.value.lines()
    expected = 51
    assert expected == len(lines)
    assert lines[0].startswith("meso.2 meso.2.rating: row 0: ")
    expected = "and 10 more problems [more_problems]"
    assert expected == lines[-1]


def test_something_that_is_not_a_frame_is_refused() -> None:
    """A list of dicts is not a DataFrame."""
    with pytest.raises(EvidenceError) as caught:
        score_table([{"meso.2.count": 3}])
    expected = "unsupported_frame"
    assert expected == caught.value.code


def test_score_arrays_takes_numpy_and_masked_columns() -> None:
    """The numpy core: NaN or a mask is a missing value; levels come back as int8 codes."""
    result = scorer().score_arrays(
        {
            "micro.2.percent": np.array([65.0, np.nan]),
            "meso.2.count": np.ma.masked_array([3, 0], mask=[False, True]),
        }
    )
    expected = [3, 0]
    assert expected == result["micro.2.level"].tolist()
    expected = [0, 2]
    assert expected == result["meso.2.status"].tolist()
    expected = [1, -1]
    assert expected == result["meso.2.thrive_like"].tolist()


def test_nan_gaps_in_integer_fields_of_numpy_columns_are_missing() -> None:
    """Counts with gaps as float arrays: whole values score, the gaps are not given."""
    result = scorer().score_arrays(
        {
            "micro.2.numerator": np.array([24.0, np.nan, 0.0]),
            "micro.2.denominator": np.array([40.0, np.nan, 5.0]),
            "micro.3a.agree": np.array([np.nan, 3, 9]),
            "micro.3a.respondents": np.array([np.nan, 4, 10]),
            "micro.3a.eligible": np.array([np.nan, 10, 10]),
        }
    )
    expected = [3, 0, 1]
    assert expected == result["micro.2.level"].tolist()
    expected = [0, 2, 0]
    assert expected == result["micro.2.status"].tolist()
    expected = [0, 0, 4]  # 4 of 10 staff answered: below the completion gate
    assert expected == result["micro.3a.level"].tolist()
    expected = [2, 1, 0]
    assert expected == result["micro.3a.status"].tolist()


def test_row_evidence_turns_a_row_into_scalar_evidence() -> None:
    """Missing cells are left out; macro.5 names its measure; whole floats become ints."""
    evidence = row_evidence(
        {
            "site": "A",
            "macro.5.chi_esq.percent": 85.0,
            "micro.2.numerator": 18.0,
            "micro.2.denominator": 30,
            "micro.2.rating": float("nan"),
        }
    )
    expected = {
        "macro.5": [{"kind": "proportion", "percent": 85.0, "measure": "chi_esq"}],
        "micro.2": [{"kind": "proportion", "numerator": 18, "denominator": 30}],
    }
    assert expected == evidence


def test_a_million_rows_are_scored_in_one_call() -> None:
    """A smoke test of scale: one million rows, two measures and a rating."""
    n = 1_000_000
    rng = np.random.default_rng(7)
    den = rng.integers(1, 60, n)
    frame = pl.DataFrame(
        {
            "micro.2.numerator": (rng.random(n) * (den + 1)).astype(np.int64).clip(0, den),
            "micro.2.denominator": den,
            "micro.1b.mean": rng.random(n) * 9,
            "micro.1b.offered_percent": rng.random(n) * 100,
            "macro.1.rating": rng.integers(1, 5, n),
        }
    )
    scored = score_table(frame, principles=False)
    assert n == scored.height
    expected = 0
    assert expected == scored["micro.2.level"].null_count()


# ---------------------------------------------------------------------- Dask and extras


def test_the_same_function_runs_unchanged_on_dask_partitions() -> None:
    """Dask's map_partitions applies score_table to each pandas partition."""
    import dask.dataframe as dd

    rows = [
        {"micro.2": [{"kind": "proportion", "numerator": n, "denominator": 40}]}
        for n in range(0, 41, 4)
    ]
    frame = polars_frame(table_of(rows)).to_pandas()
    parts = dd.from_pandas(frame, npartitions=3)
    scored = parts.map_partitions(score_table, meta=score_table(frame.head(0))).compute()
    expected = score_table(frame)
    results = list(output_columns())
    pd.testing.assert_frame_equal(expected[results], scored[results])


@pytest.mark.parametrize("module", ["numpy", "narwhals"])
def test_batch_scoring_without_the_frames_extra_names_it(
    monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    """A missing numpy or narwhals gives MissingExtraError naming 'frames'."""
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingExtraError) as caught:
        batch.score_table(pd.DataFrame({"meso.2.count": [3]}))
    expected = ("frames", module)
    assert expected == (caught.value.extra, caught.value.package)


def test_problems_of_every_kind_are_reported_at_once() -> None:
    """A wrong type, a structure problem and two values out of range, in different
    columns, come back together in one error, each naming its item, column and row."""
    table = pd.DataFrame(
        {
            "micro.2.numerator": [5, 3, 2],
            "micro.2.denominator": [10, 2, 5],
            "meso.2.count": [3, 10, 2],
            "micro.3b.percent": ["x", 50, 60],
            "micro.5a.percent": [120, 50, 50],
        }
    )
    with pytest.raises(InvalidEvidenceError) as info:
        score_table(table)
    assert [
        ("micro.3b", "micro.3b.percent", "wrong_type"),
        ("micro.2", "micro.2.numerator", "numerator_above_denominator"),
        ("micro.5a", "micro.5a.percent", "out_of_range"),
        ("meso.2", "meso.2.count", "out_of_range"),
    ] == [(e.item, e.field, e.code) for e in info.value.errors]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.fractions(min_value=0, max_value=100, max_denominator=60),
            st.fractions(min_value=0, max_value=9, max_denominator=90),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_exact_fractions_in_object_columns_give_the_scalar_engines_levels(
    values: list[tuple[Fraction, Fraction]],
) -> None:
    """Percents and CollaboRATE means given as Fractions (as ithrive.evidence.measures writes them)
    score in a batch exactly as ithrive.score scores the same evidence."""
    frame = pd.DataFrame(
        {
            "micro.2.percent": pd.Series([p for p, _ in values], dtype=object),
            "micro.1b.mean": pd.Series([m for _, m in values], dtype=object),
            "micro.1b.offered_percent": [75] * len(values),
            "micro.1b.encounters": [30] * len(values),
        }
    )
    scored = score_table(frame).to_dict("records")
    expected = [
        ithrive.score(
            {
                "micro.2": ithrive.Proportion(percent=p),
                "micro.1b": ithrive.CollaboRATE(mean=m, offered_percent=75, encounters=30),
            }
        )
        for p, m in values
    ]
    assert [(int(c["micro.2"].level or 0), int(c["micro.1b"].level or 0)) for c in expected] == [
        (row["micro.2.level"], row["micro.1b.level"]) for row in scored
    ]


def test_decimals_in_an_object_column_are_read_exactly() -> None:
    """Decimal("59.5") is level 2 and Decimal("60") level 3, as for the scalar engine."""
    frame = pd.DataFrame({"micro.2.percent": pd.Series([Decimal("59.5"), Decimal("60")])})
    assert [2, 3] == list(score_table(frame)["micro.2.level"])


def test_a_fraction_on_an_edge_no_float_can_hold_is_refused_not_rounded() -> None:
    """Under a local band starting at 33.3, the exact 333/10 cannot be placed by floats:
    batch scoring refuses that cell (wrong_type, naming it) instead of rounding it."""
    frame = pd.DataFrame({"micro.2.percent": pd.Series([Fraction(333, 10), 50], dtype=object)})
    with pytest.raises(InvalidEvidenceError) as caught:
        score_table(frame, ruleset=NON_DYADIC)
    assert [("micro.2", "micro.2.percent", "wrong_type", Fraction(333, 10))] == [
        (e.item, e.field, e.code, e.value) for e in caught.value.errors
    ]


# ---------------------------------------------------------------------- chunks


def numpy_columns(rows: list[dict[str, list[dict[str, Any]]]]) -> dict[str, Any]:
    """Rows of evidence as float64 numpy columns, NaN where a row gives no value."""
    columns = table_of(rows)
    del columns["site"]
    return {
        name: np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        for name, values in columns.items()
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(evidence_row(), min_size=2, max_size=9), st.integers(1, 4))
def test_scoring_arrays_a_few_rows_at_a_time_gives_the_whole_tables_results(
    rows: list[Any], chunk: int
) -> None:
    """Chunked score_arrays equals the unchunked call column by column, aliases included."""
    columns = numpy_columns(rows)
    whole = scorer().score_arrays(columns)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("ithrive.studies.batch._scorer._CHUNK", chunk)
        parts = scorer().score_arrays(columns)
    assert list(parts) == list(whole)
    for name, values in whole.items():
        assert parts[name].dtype == values.dtype
        assert parts[name].tolist() == values.tolist()
    assert parts["principle.micro.2.level"] is parts["micro.2.level"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(evidence_row(), min_size=2, max_size=6), st.integers(0, 5), st.data())
def test_a_table_refused_in_chunks_lists_the_problems_of_the_whole_table(
    rows: list[Any], how: int, data: st.DataObject
) -> None:
    """When any chunk is refused, the problems are those of scoring the table at once."""
    victim = data.draw(st.integers(0, len(rows) - 1))
    broken(rows[victim], how)
    columns = numpy_columns(rows)
    with pytest.raises((EvidenceError, InvalidEvidenceError)) as whole:
        scorer().score_arrays(columns)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("ithrive.studies.batch._scorer._CHUNK", 1)
        with pytest.raises((EvidenceError, InvalidEvidenceError)) as parts:
            scorer().score_arrays(columns)
    assert str(parts.value) == str(whole.value)
