"""Assessments and collections: context, look-ups, and lossless files."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ithrive
from ithrive import limits
from ithrive.cli import example_evidence
from ithrive.errors import EvidenceError, InvalidEvidenceError, MissingExtraError
from ithrive.studies.assessment import (
    COLUMNS,
    Assessment,
    AssessmentCollection,
    Method,
    UnknownAssessmentError,
)

# ---------------------------------------------------------------------- strategies

TEXT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), min_size=1, max_size=12
).filter(lambda t: t.strip() != "")


@st.composite
def evidence(draw: st.DrawFn) -> dict[str, Any]:
    """Evidence of several kinds, with raters' notes in awkward text."""
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["micro.2"] = {
            "kind": "proportion",
            "percent": draw(st.floats(0, 100) | st.integers(0, 100)),
        }
    if draw(st.booleans()):
        den = draw(st.integers(1, 50))
        out["micro.7"] = {
            "kind": "proportion",
            "numerator": draw(st.integers(0, den)),
            "denominator": den,
        }
    if draw(st.booleans()):
        eligible = draw(st.integers(1, 40))
        respondents = draw(st.integers(0, eligible))
        out["micro.3a"] = {
            "kind": "survey",
            "agree": draw(st.integers(0, respondents)),
            "respondents": respondents,
            "eligible": eligible,
        }
    if draw(st.booleans()):
        out["meso.2"] = {"kind": "count", "count": draw(st.integers(0, 7))}
    if draw(st.booleans()):
        out["micro.1b"] = {
            "kind": "collaborate",
            "mean": draw(st.floats(0, 9)),
            "offered_percent": draw(st.floats(0, 100)),
        }
    if draw(st.booleans()):
        out["macro.1"] = {
            "kind": "indicators",
            "criteria": {"policy_exists": draw(st.booleans()), "cyp_mh_in_ltp_stp": "both"},
        }
    for item in draw(st.sets(st.sampled_from(["meso.1", "micro.4", "micro.2"]))):
        rating = {"kind": "rating", "level": draw(st.integers(1, 4))}
        if draw(st.booleans()):
            rating["notes"] = draw(st.text(max_size=10))
            rating["rater"] = draw(TEXT)
        out[item] = [out[item], rating] if item in out else rating
    return out


@st.composite
def collections(draw: st.DrawFn) -> AssessmentCollection:
    """A few assessments of a few localities, with awkward context text."""
    keys = draw(
        st.lists(
            st.tuples(
                TEXT,
                st.sampled_from(["2017-03", "2017-09", "2018-03"]),
                st.sampled_from(list(Method)),
            ),
            min_size=0,
            max_size=3,
            unique=True,
        )
    )
    out = []
    for locality, date, method in keys:
        out.append(
            Assessment.from_evidence(
                draw(evidence()),
                locality=locality,
                date=date,
                method=method,
                assessors=draw(st.lists(TEXT, max_size=3)),
                notes=draw(st.text(max_size=20)),
            )
        )
    return AssessmentCollection(out)


def site(locality: str, date: str, count: int, method: str = "self_assessment") -> Assessment:
    """A small assessment rated on meso.2 only."""
    return Assessment.from_evidence(
        {"meso.2": {"kind": "count", "count": count}}, locality=locality, date=date, method=method
    )


# ---------------------------------------------------------------------- round trips


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(collections())
def test_collections_round_trip_through_json_lines_csv_and_parquet_losslessly(
    collection: AssessmentCollection,
) -> None:
    """Writing and reading gives an equal collection, in every format."""
    with tempfile.TemporaryDirectory() as folder:
        for kind in ("jsonl", "csv", "parquet"):
            path = os.path.join(folder, f"sites.{kind}")
            getattr(collection, f"to_{kind}")(path)
            assert collection == getattr(AssessmentCollection, f"from_{kind}")(path)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(collections())
def test_collections_round_trip_through_pandas_polars_and_pyarrow_frames(
    collection: AssessmentCollection,
) -> None:
    """A frame of the long rows reads back into an equal collection."""
    for backend in ("pandas", "polars", "pyarrow"):
        assert collection == AssessmentCollection.from_frame(collection.to_frame(backend))


def test_json_lines_and_csv_also_read_and_write_open_text_files() -> None:
    """A file object works as well as a path."""
    sites = AssessmentCollection([site("A", "2017-03", 2)])
    for kind in ("jsonl", "csv"):
        buffer = io.StringIO()
        getattr(sites, f"to_{kind}")(buffer)
        buffer.seek(0)
        assert sites == getattr(AssessmentCollection, f"from_{kind}")(buffer)


def test_the_long_format_has_a_row_per_item_principle_and_system(tmp_path: Path) -> None:
    """CSV header and row count (22 items, 17 principles, 3 systems); JSON columns hold JSON."""
    sites = AssessmentCollection([site("A", "2017-03", 2), site("B", "2017-03", 3)])
    sites.to_csv(tmp_path / "sites.csv")
    frame = pd.read_csv(tmp_path / "sites.csv")
    assert list(COLUMNS) == list(frame.columns)
    assert 2 * (22 + 17 + 3) == len(frame)
    assert {"item": 44, "principle": 34, "system": 6} == frame["kind"].value_counts().to_dict()
    row = frame[(frame["locality"] == "B") & (frame["id"] == "meso.2")].iloc[0]
    assert (3, "item", "count", 3) == (
        row["level"],
        row["kind"],
        row["evidence_kind"],
        row["count"],
    )
    expected = [{"kind": "count", "count": 3}]
    assert expected == json.loads(row["evidence"])


class TestTidyColumns:
    """Regression: evidence was one JSON string per cell, principles were missing."""

    EVIDENCE: ClassVar[dict[str, Any]] = {
        "micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30},
        "micro.3a": {"kind": "survey", "agree": 30, "respondents": 40, "eligible": 60},
        "micro.1b": {"kind": "collaborate", "mean": 8.2, "offered_percent": 60, "encounters": 48},
        "meso.2": {"kind": "count", "count": 3},
        "micro.7": {"kind": "rating", "level": 2},
    }

    def frame(self, backend: str = "pandas") -> Any:
        """The long frame of one assessment with every kind of numeric evidence."""
        a = Assessment.from_evidence(
            self.EVIDENCE, locality="A", date="2018-03", method="independent_evaluation"
        )
        return AssessmentCollection([a]).to_frame(backend)

    def test_evidence_fields_are_typed_numeric_columns(self) -> None:
        """Counts as Int64, rates and means as Float64, one row per item."""
        f = self.frame()
        f = f[f["kind"] == "item"].set_index("id")
        assert (18, 30, 60.0) == tuple(f.loc["micro.2", ["numerator", "denominator", "percent"]])
        assert (30, 40, 75.0, 60) == tuple(
            f.loc["micro.3a", ["numerator", "denominator", "percent", "eligible"]]
        )
        assert (8.2, 60.0, 48) == tuple(
            f.loc["micro.1b", ["mean", "offered_percent", "encounters"]]
        )
        assert (3, 2) == (f.loc["meso.2", "count"], f.loc["micro.7", "rating"])
        dtypes = {c: str(f[c].dtype) for c in ("numerator", "percent", "level", "thrive_like")}
        assert {
            "numerator": "Int64",
            "percent": "Float64",
            "level": "Int8",
            "thrive_like": "boolean",
        } == dtypes

    def test_principles_and_systems_are_rows_of_their_own(self) -> None:
        """A principle row carries its level; a system row its counts THRIVE-like."""
        f = self.frame("polars")
        principle = f.filter((f["kind"] == "principle") & (f["id"] == "micro.2")).row(0, named=True)
        system = f.filter(f["kind"] == "system").row(0, named=True)
        assert ("micro.2", 3) == (principle["id"], principle["level"])
        assert system["principles_thrive_like"] is not None

    def test_round_trip_through_the_frame_loses_nothing(self) -> None:
        """Reading the typed frame back gives the same assessment."""
        back = AssessmentCollection.from_frame(self.frame())
        a = Assessment.from_evidence(
            self.EVIDENCE, locality="A", date="2018-03", method="independent_evaluation"
        )
        assert a == back[0]

    def test_a_principle_row_that_contradicts_the_items_is_refused(self) -> None:
        """Derived rows are checked, not silently dropped."""
        rows = AssessmentCollection([site("A", "2017-03", 3)]).to_rows()
        principle = next(r for r in rows if r["kind"] == "principle" and r["level"] is not None)
        principle["level"] = 1 if principle["level"] != 1 else 2
        with pytest.raises(EvidenceError, match="does not follow"):
            AssessmentCollection.from_rows(rows)

    def test_a_file_of_the_earlier_format_is_still_read(self) -> None:
        """Rows with ``item`` and no ``kind`` or ``id`` are read as item rows."""
        rows = AssessmentCollection([site("A", "2017-03", 3)]).to_rows()
        old = [
            {("item" if k == "id" else k): v for k, v in r.items() if k != "kind"}
            for r in rows
            if r["kind"] == "item"
        ]
        assert AssessmentCollection.from_rows(rows) == AssessmentCollection.from_rows(old)


def test_the_scorecard_is_rebuilt_with_principles_and_systems() -> None:
    """Derived results come back equal to the originals."""
    a = Assessment.from_evidence(
        example_evidence(), method="independent_evaluation", assessors=["team"]
    )
    back = AssessmentCollection.from_rows(AssessmentCollection([a]).to_rows())[0]
    assert a.scorecard.to_dict() == back.scorecard.to_dict()


# ---------------------------------------------------------------------- bad files


def test_rows_of_one_assessment_that_disagree_on_context_are_refused() -> None:
    """Two rows of one assessment must agree on the assessors, ruleset and so on."""
    rows = AssessmentCollection([site("A", "2017-03", 2)]).to_rows()
    rows[3]["notes"] = "changed"
    with pytest.raises(EvidenceError) as caught:
        AssessmentCollection.from_rows(rows)
    expected = "invalid_row"
    assert expected == caught.value.code
    assert "row 3" in str(caught.value)


def test_a_missing_or_repeated_item_row_is_refused() -> None:
    """An assessment needs each of the 22 items once."""
    rows = AssessmentCollection([site("A", "2017-03", 2)]).to_rows()
    with pytest.raises(EvidenceError, match="lacks item"):
        AssessmentCollection.from_rows(rows[:21])
    with pytest.raises(EvidenceError, match="appears twice"):
        AssessmentCollection.from_rows([*rows, rows[0]])


def test_a_row_without_a_column_or_with_another_schema_is_refused() -> None:
    """Every column is required; the scorecard schema must be this one."""
    rows = AssessmentCollection([site("A", "2017-03", 2)]).to_rows()
    del rows[0]["citation"]
    with pytest.raises(EvidenceError, match="missing column"):
        AssessmentCollection.from_rows(rows)
    rows = AssessmentCollection([site("A", "2017-03", 2)]).to_rows()
    for row in rows:
        row["schema"] = 99
    with pytest.raises(EvidenceError, match="schema 99"):
        AssessmentCollection.from_rows(rows)


def test_a_line_that_is_not_json_is_reported_with_its_number() -> None:
    """JSON Lines errors name the line."""
    with pytest.raises(EvidenceError, match="line 2"):
        AssessmentCollection.from_jsonl(io.StringIO('{"a": 1}\nnot json\n'))


@pytest.mark.parametrize("column", ["locality", "date", "method"])
@pytest.mark.parametrize("junk", [{"x": 1}, ["A"]], ids=["dict", "list"])
def test_a_list_or_mapping_as_locality_date_or_method_is_a_wrong_type_naming_row_and_column(
    column: str, junk: Any
) -> None:
    """from_rows refuses an unhashable key cell as ``wrong_type``, not ``TypeError: unhashable``."""
    rows = AssessmentCollection([site("A", "2017-03", 2)]).to_rows()
    rows[3][column] = junk
    with pytest.raises(EvidenceError) as caught:
        AssessmentCollection.from_rows(rows)
    expected = ("wrong_type", column, junk)
    assert expected == (caught.value.code, caught.value.field, caught.value.value)
    assert str(caught.value).startswith(f"{column}: row 3: expected ")


EMPTY_CELLS = [float("nan"), pd.NA, pd.NaT, None]


@pytest.mark.parametrize(
    ("column", "code"),
    [("locality", "wrong_type"), ("date", "invalid_date"), ("method", "unknown_method")],
)
@pytest.mark.parametrize("empty", EMPTY_CELLS, ids=["nan", "NA", "NaT", "None"])
def test_an_empty_locality_date_or_method_is_one_problem_of_its_own_code(
    column: str, code: str, empty: Any
) -> None:
    """An empty key cell in every row of an assessment (as a frame's records give it) is one
    problem naming row 0 and the column: rows with NaN stay one assessment, and pandas' NA
    is compared without a bare ``TypeError``."""
    rows = AssessmentCollection([site("A", "2017-03", 2)]).to_rows()
    for row in rows:
        row[column] = float("nan") if isinstance(empty, float) else empty
    with pytest.raises(EvidenceError) as caught:
        AssessmentCollection.from_rows(rows)
    assert not isinstance(caught.value, InvalidEvidenceError), str(caught.value)
    assert (code, f"row 0.{column}") == (caught.value.code, caught.value.field)


def test_an_empty_kind_or_principle_level_cell_is_reported_not_a_type_error() -> None:
    """pandas' NA as a row's kind, or as a rated principle's level, is named as a bad row."""
    rows = AssessmentCollection([site("A", "2017-03", 2)]).to_rows()
    rows[0]["kind"] = pd.NA
    with pytest.raises(EvidenceError, match="kind <NA> is not"):
        AssessmentCollection.from_rows(rows)
    rows = AssessmentCollection([site("A", "2017-03", 2)]).to_rows()
    principle = next(r for r in rows if r["kind"] == "principle" and r["level"] is not None)
    principle["level"] = pd.NA
    with pytest.raises(EvidenceError, match="at level <NA> does not follow"):
        AssessmentCollection.from_rows(rows)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_path_with_a_nul_character_is_unreadable_naming_the_path(fmt: str) -> None:
    """A path no file can have is ``unreadable`` (field ``source``), not a bare ValueError."""
    with pytest.raises(ithrive.InputError) as caught:
        getattr(AssessmentCollection, f"from_{fmt}")("sites\x00.csv")
    assert ("unreadable", "source", "sites\x00.csv") == (
        caught.value.code,
        caught.value.field,
        caught.value.value,
    )


def test_a_csv_file_opened_in_binary_mode_is_a_wrong_type_naming_source_and_target() -> None:
    """CSV is text: a binary handle is ``wrong_type``, not ``csv.Error`` or ``TypeError``;
    JSON Lines still reads from one."""
    collection = AssessmentCollection([site("A", "2017-03", 2)])
    text = io.StringIO()
    collection.to_jsonl(text)
    assert collection == AssessmentCollection.from_jsonl(io.BytesIO(text.getvalue().encode()))
    calls = {
        "source": lambda: AssessmentCollection.from_csv(io.BytesIO(b"locality\n")),
        "target": lambda: collection.to_csv(io.BytesIO()),
    }
    for field, call in calls.items():
        with pytest.raises(EvidenceError) as caught:
            call()
        assert ("wrong_type", field) == (caught.value.code, caught.value.field)
        assert "a text file open for" in str(caught.value)
    with pytest.raises(EvidenceError, match="a text file open for writing"):
        collection.to_jsonl(io.BytesIO())


def test_a_csv_cell_beyond_the_csv_readers_limit_is_too_large_naming_the_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cell longer than the reader takes (MAX_CSV_CELL, here lowered to 150,000) is
    ``too_large`` naming the line, not a bare ``csv.Error``."""
    monkeypatch.setattr("ithrive.studies.assessment._files.MAX_CSV_CELL", 150_000)
    collection = AssessmentCollection([site("A", "2017-03", 2)])
    text = io.StringIO()
    collection.to_csv(text)
    header, first, *rest = text.getvalue().splitlines()
    long = first.replace("2017-03", "2017-03" + "x" * 200_000, 1)
    with pytest.raises(ithrive.InputError) as caught:
        AssessmentCollection.from_csv(io.StringIO("\n".join([header, long, *rest])))
    assert ("too_large", "source") == (caught.value.code, caught.value.field)
    assert "line 2: field larger than field limit" in str(caught.value)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_file_that_is_not_utf8_is_unreadable_naming_the_file(fmt: str, tmp_path: Path) -> None:
    """from_csv and from_jsonl of bytes not UTF-8: an InputError, not a UnicodeDecodeError."""
    path = tmp_path / f"sites.{fmt}"
    text = io.StringIO()
    getattr(AssessmentCollection([site("A", "2017-03", 2)]), f"to_{fmt}")(text)
    path.write_bytes(text.getvalue().encode("utf-8").replace(b"2017-03", b"2017-03\xff", 1))
    read = getattr(AssessmentCollection, f"from_{fmt}")
    with path.open(encoding="utf-8") as handle:
        for source in (path, str(path), handle):
            with pytest.raises(ithrive.InputError) as caught:
                read(source)
            expected = ("unreadable", "source", str(path))
            assert expected == (caught.value.code, caught.value.field, caught.value.value)
            assert "not UTF-8 text" in str(caught.value)


def test_a_file_that_does_not_exist_is_unreadable_naming_the_file(tmp_path: Path) -> None:
    """A missing path is an ``unreadable`` InputError (still an ithrive error), as for evidence."""
    path = tmp_path / "missing.csv"
    with pytest.raises(ithrive.InputError) as caught:
        AssessmentCollection.from_csv(path)
    expected = ("unreadable", "source", str(path))
    assert expected == (caught.value.code, caught.value.field, caught.value.value)


def test_a_frame_without_the_long_columns_is_refused() -> None:
    """from_frame names the first missing column."""
    with pytest.raises(EvidenceError) as caught:
        AssessmentCollection.from_frame(pl.DataFrame({"locality": ["A"]}))
    expected = "missing_column"
    assert expected == caught.value.code


# ---------------------------------------------------------------------- assessments


def test_an_assessment_takes_locality_and_date_from_an_evidence_document() -> None:
    """from_evidence reads the document's locality and date; a date object becomes text."""
    a = Assessment.from_evidence(
        {"locality": "Camden", "date": "2017-09", "evidence": {}}, method="self_assessment"
    )
    expected = ("Camden", "2017-09", "self_assessment")
    assert expected == a.key
    b = Assessment(
        scorecard=ithrive.score({}),
        locality="Camden",
        date=datetime.date(2017, 9, 1),
        method=Method.SELF_ASSESSMENT,
    )
    assert "2017-09-01" == b.date == b.scorecard.date


def test_an_assessment_reports_every_problem_with_its_context() -> None:
    """Empty locality, unknown method and bad assessors, all at once."""
    card = ithrive.score({})
    with pytest.raises(InvalidEvidenceError) as caught:
        Assessment(scorecard=card, locality=" ", date="2017", method="guess", assessors=[1])  # type: ignore[list-item]
    expected = ["empty_text", "unknown_method", "wrong_type"]
    assert expected == [e.code for e in caught.value.errors]


def test_a_scorecard_of_another_locality_is_refused() -> None:
    """The assessment and its scorecard must name the same locality."""
    card = ithrive.score({"locality": "Camden", "evidence": {}})
    with pytest.raises(EvidenceError) as caught:
        Assessment(scorecard=card, locality="Hackney", date="2017", method="self_assessment")
    expected = "locality_mismatch"
    assert expected == caught.value.code


def test_an_assessment_exposes_ruleset_verdict_and_items() -> None:
    """The ruleset name and version come from the scorecard."""
    a = site("A", "2017-03", 4)
    expected = ("thrive-assessment", "1.0.0")
    assert expected == (a.ruleset, a.ruleset_version)
    assert a.thrive_like is False
    expected = ithrive.Level.FOUR
    assert expected == a["meso.2"].level


# ---------------------------------------------------------------------- collections


def test_a_collection_refuses_the_same_locality_date_and_method_twice() -> None:
    """The key of an assessment is unique in a collection."""
    with pytest.raises(EvidenceError) as caught:
        AssessmentCollection([site("A", "2017-03", 2), site("A", "2017-03", 3)])
    expected = "duplicate_assessment"
    assert expected == caught.value.code


def test_select_get_and_series_find_assessments() -> None:
    """Look-ups by locality, date and method; series sort by date."""
    sites = AssessmentCollection(
        [
            site("A", "2017-09", 3),
            site("A", "2017-03", 2),
            site("A", "2017-03", 1, "independent_evaluation"),
            site("B", "2017-03", 1),
        ]
    )
    expected = 2
    assert expected == len(sites.select(locality="A", date="2017-03"))
    expected = 1
    assert expected == len(sites.select(method="independent_evaluation"))
    expected = ["2017-03", "2017-09"]
    assert expected == [a.date for a in sites.series("A", "self_assessment")]
    expected = 1
    assert expected == sites.get("A", "2017-03", "independent_evaluation")["meso.2"].level
    with pytest.raises(UnknownAssessmentError) as caught:
        sites.get("A", "2017-03")
    expected = "ambiguous_assessment"
    assert expected == caught.value.code
    with pytest.raises(LookupError):
        sites.get("C", "2017-03")
    with pytest.raises(UnknownAssessmentError, match="give method"):
        sites.series("A")
    with pytest.raises(EvidenceError, match="expected one of"):
        sites.select(method="survey")
    expected = 4
    assert expected == len(sites + AssessmentCollection())


def test_a_collection_scores_an_evidence_table_row_by_row() -> None:
    """from_evidence_table uses the batch column convention and the scalar engine."""
    table = pd.DataFrame(
        {
            "locality": ["A", "B"],
            "date": ["2017-03", "2017-03"],
            "micro.2.numerator": [24, None],
            "micro.2.denominator": [40, None],
            "micro.2.rating": [None, 2],
        }
    )
    sites = AssessmentCollection.from_evidence_table(table, method="independent_evaluation")
    expected = [3, 2]
    assert expected == [int(a["micro.2"].level) for a in sites]  # type: ignore[arg-type]
    expected = "independent_evaluation"
    assert expected == sites[0].method


# ---------------------------------------------------------------------- extras


def test_parquet_without_pyarrow_names_the_parquet_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A missing pyarrow gives MissingExtraError naming 'parquet'."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingExtraError) as caught:
        AssessmentCollection([site("A", "2017", 2)]).to_parquet(tmp_path / "x.parquet")
    expected = ("parquet", "pyarrow")
    assert expected == (caught.value.extra, caught.value.package)


def test_frames_without_narwhals_name_the_frames_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing narwhals gives MissingExtraError naming 'frames'."""
    monkeypatch.setitem(sys.modules, "narwhals", None)
    with pytest.raises(MissingExtraError) as caught:
        AssessmentCollection([site("A", "2017", 2)]).to_frame("polars")
    expected = "frames"
    assert expected == caught.value.extra


def test_the_core_imports_and_works_without_any_optional_extra() -> None:
    """With numpy, frames, Parquet, Dask and krippendorff blocked, the core still runs.

    Each missing extra then gives a MissingExtraError naming it.
    """
    script = textwrap.dedent(
        """
        import io, sys
        for name in ("numpy", "narwhals", "pandas", "polars", "pyarrow", "pyarrow.parquet",
                     "krippendorff", "dask", "scipy"):
            sys.modules[name] = None
        import ithrive
        from ithrive.studies import assessment, batch, groups, raters, trends
        from ithrive.errors import MissingExtraError
        a = assessment.Assessment.from_evidence(
            {"meso.2": {"kind": "count", "count": 3}}, locality="A", date="2017",
            method="self_assessment")
        b = assessment.Assessment.from_evidence(
            {"meso.2": {"kind": "count", "count": 1}}, locality="B", date="2018",
            method="self_assessment")
        sites = assessment.AssessmentCollection([a, b])
        for kind in ("jsonl", "csv"):
            text = io.StringIO()
            getattr(sites, "to_" + kind)(text)
            text.seek(0)
            assert getattr(assessment.AssessmentCollection, "from_" + kind)(text) == sites
        ws = raters.Workshop.from_matrix({"R1": [3], "R2": [2]}, items=["meso.2"])
        print(ws.consensus().row("meso.2").level)
        print(trends.change(a, b).fell_back)
        groups.compare_groups(sites, {"A": "x", "B": "y"}, reference="y")
        for call in (lambda: batch.score_table(None), lambda: ws.agreement(),
                     lambda: sites.to_parquet("x.parquet"), lambda: sites.to_frame("pandas")):
            try:
                call()
            except MissingExtraError as err:
                print(err.extra)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    expected = ""
    assert expected == done.stderr
    expected = "2\n('meso.2',)\nframes\nagreement\nparquet\nframes\n"
    assert expected == done.stdout


def _without(text: str, column: str) -> str:
    """CSV text with one column left out."""
    rows = list(csv.reader(io.StringIO(text)))
    drop = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out).writerows(r[:drop] + r[drop + 1 :] for r in rows)
    return out.getvalue()


@pytest.mark.parametrize("column", ["notes", "basis", "explanation", "value", "citation"])
def test_a_csv_or_parquet_file_lacking_a_column_is_refused_not_read_as_empty(
    column: str, tmp_path: Path
) -> None:
    """A lacking column would lose its values (notes, explanations) without a word."""
    collection = AssessmentCollection([site("A", "2017-03", 3)])
    text = io.StringIO()
    collection.to_csv(text)
    with pytest.raises(EvidenceError) as caught:
        AssessmentCollection.from_csv(io.StringIO(_without(text.getvalue(), column)))
    expected = ("missing_column", column)
    assert expected == (caught.value.code, caught.value.field)
    pq = pytest.importorskip("pyarrow.parquet")
    collection.to_parquet(tmp_path / "sites.parquet")
    table = pq.read_table(tmp_path / "sites.parquet").drop_columns([column])
    pq.write_table(table, tmp_path / "lacking.parquet")
    with pytest.raises(EvidenceError) as caught:
        AssessmentCollection.from_parquet(tmp_path / "lacking.parquet")
    assert expected == (caught.value.code, caught.value.field)


def test_a_csv_row_with_too_few_or_too_many_cells_is_refused() -> None:
    """A truncated line is not read with empty cells in place of the lost ones."""
    text = io.StringIO()
    AssessmentCollection([site("A", "2017-03", 3)]).to_csv(text)
    lines = text.getvalue().split("\r\n")
    for changed in (lines[3].rsplit(",", 1)[0], lines[3] + ",extra"):
        edited = "\r\n".join([*lines[:3], changed, *lines[4:]])
        with pytest.raises(EvidenceError) as caught:
            AssessmentCollection.from_csv(io.StringIO(edited))
        expected = ("invalid_row", "row")
        assert expected == (caught.value.code, caught.value.field)
        assert caught.value.message.startswith("row 2: ")


def test_scoring_an_evidence_table_names_the_row_and_locality_of_each_problem() -> None:
    """Every bad row is reported, each with its position, locality and date."""
    table = pd.DataFrame(
        {
            "locality": ["A", "B", None],
            "date": ["2017", "2017", "2018"],
            "micro.2.numerator": [3, 12, 1],
            "micro.2.denominator": [10, 10, 1],
        }
    )
    with pytest.raises(InvalidEvidenceError) as caught:
        AssessmentCollection.from_evidence_table(table, method="self_assessment")
    expected = [("numerator_above_denominator", "micro.2"), ("wrong_type", None)]
    assert expected == [(e.code, e.item) for e in caught.value.errors]
    first, second = (e.message for e in caught.value.errors)
    assert first.startswith("row 1 (locality 'B', date '2017'): ")
    assert second.startswith("row 2 (locality nan, date '2018'): ")


class TestNotebookDisplay:
    """A collection shows in a notebook as one HTML table, a column per assessment."""

    def test_collection_renders_one_column_per_assessment_labelled_and_escaped(self) -> None:
        """Columns are labelled by locality, date and method, with user text escaped."""
        from ithrive.studies.assessment import Assessment, AssessmentCollection

        def made(method: str, count: int) -> Assessment:
            return Assessment.from_evidence(
                {"meso.2": {"kind": "count", "count": count}},
                locality="A<b>",
                date="2017-03",
                method=method,
            )

        html = AssessmentCollection(
            [made("self_assessment", 3), made("independent_evaluation", 1)]
        )._repr_html_()
        assert (True, True, False) == (
            '<th scope="col">A&lt;b&gt; 2017-03 (self_assessment)</th>' in html,
            '<th scope="col">A&lt;b&gt; 2017-03 (independent_evaluation)</th>' in html,
            "A<b>" in html,
        )

    def test_empty_collection_renders_a_note_not_an_error(self) -> None:
        """An empty collection has nothing to tabulate; its display says so."""
        from ithrive.studies.assessment import AssessmentCollection

        assert "empty" in AssessmentCollection([])._repr_html_()

    def test_collection_html_refuses_labels_that_do_not_match_the_scorecards(self) -> None:
        """labels must be one text per scorecard; anything else is a ReportError naming labels."""
        from ithrive.errors import ReportError
        from ithrive.scorecard.report import render_collection_html

        card = ithrive.score({})
        with pytest.raises(ReportError) as info:
            render_collection_html([card, card], labels=["only one"])
        assert "labels" == info.value.field


def test_csv_round_trips_cells_longer_than_pythons_csv_field_limit() -> None:
    """Text within the documented limits can make a cell far past the ``csv`` module's
    131,072 characters (here the evidence cells of a rating and of a count with seven
    10,000-character names, control characters escaped six-fold in JSON): ``from_csv``
    reads back what ``to_csv`` wrote, and leaves the process-wide field limit as it was."""
    long_names = [f"{i}" + "\x01" * 9_999 for i in range(7)]
    assessment = Assessment.from_evidence(
        {
            "meso.2": {"kind": "count", "count": 7, "in_place": long_names},
            "micro.2": {
                "kind": "rating",
                "level": 3,
                "notes": "\x01" * 10_000,
                "rater": '"' * 10_000,
            },
        },
        locality="A",
        date="2017-09",
        method="self_assessment",
        notes="n" * limits.MAX_TEXT,
    )
    collection = AssessmentCollection([assessment])
    text = io.StringIO()
    collection.to_csv(text)
    before = csv.field_size_limit()
    csv.field_size_limit(limits.MAX_CSV_CELL)  # only to measure the widest cell written
    try:
        widest = max(len(c) for line in csv.reader(io.StringIO(text.getvalue())) for c in line)
    finally:
        csv.field_size_limit(before)
    assert widest > 131_072
    assert collection == AssessmentCollection.from_csv(io.StringIO(text.getvalue()))
    assert before == csv.field_size_limit()


def test_csv_writer_refuses_a_cell_the_reader_cannot_take_and_reads_one_at_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With MAX_CSV_CELL lowered (and the csv module's own limit below it), a cell of exactly
    MAX_CSV_CELL characters (notes) round-trips; one more is ``too_large`` naming the row's item and
    column before anything is written; the csv module's limit is put back after reading."""
    assessment = Assessment.from_evidence(
        {"meso.2": {"kind": "count", "count": 3}},
        locality="A",
        date="2017-09",
        method="self_assessment",
        notes="n" * 3_000,
    )
    collection = AssessmentCollection([assessment])
    text = io.StringIO()
    collection.to_csv(text)
    before = csv.field_size_limit(1_000)
    try:
        monkeypatch.setattr("ithrive.studies.assessment._files.MAX_CSV_CELL", 3_000)
        assert collection == AssessmentCollection.from_csv(io.StringIO(text.getvalue()))
        assert 1_000 == csv.field_size_limit()
        monkeypatch.setattr("ithrive.studies.assessment._files.MAX_CSV_CELL", 2_999)
        target = io.StringIO()
        with pytest.raises(EvidenceError) as caught:
            collection.to_csv(target)
        assert ("too_large", "notes", "macro.1") == (
            caught.value.code,
            caught.value.field,
            caught.value.item,
        )
        assert "" == target.getvalue()
    finally:
        csv.field_size_limit(before)


@pytest.mark.parametrize("field", ["notes", "locality", "assessors"])
def test_assessment_text_longer_than_max_text_is_too_large_naming_the_field(field: str) -> None:
    """An assessment's notes, locality and assessors are held to MAX_TEXT as evidence text is:
    ``too_large`` naming the field; MAX_TEXT characters are accepted."""
    card = ithrive.score({"meso.2": {"kind": "count", "count": 3}})
    context: dict[str, Any] = {"locality": "A", "notes": "", "assessors": ["panel"]}

    def made(text: str) -> Assessment:
        value: Any = [text] if field == "assessors" else text
        given = {**context, field: value}
        return Assessment(scorecard=card, date="2017-09", method="self_assessment", **given)

    assert made("x" * limits.MAX_TEXT)
    with pytest.raises(EvidenceError) as caught:
        made("x" * (limits.MAX_TEXT + 1))
    assert ("too_large", field) == (caught.value.code, caught.value.field)


def test_assessment_notes_with_a_lone_surrogate_are_unencodable_text() -> None:
    """Notes no UTF-8 file can hold are refused when made, not when a writer fails."""
    card = ithrive.score({"meso.2": {"kind": "count", "count": 3}})
    with pytest.raises(EvidenceError) as caught:
        Assessment(
            scorecard=card, locality="A", date="2017-09", method="self_assessment", notes="\ud800"
        )
    assert ("unencodable_text", "notes") == (caught.value.code, caught.value.field)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
@pytest.mark.parametrize("where", ["missing folder", "folder", "nul"])
def test_writers_given_a_path_no_file_can_have_raise_unwritable_naming_it(
    fmt: str, where: str, tmp_path: Path
) -> None:
    """A missing folder, a folder or a NUL character in the path is an ``unwritable``
    InputError (field ``target``, the path as value), not a bare OSError or ValueError."""
    path = {
        "missing folder": str(tmp_path / "no" / f"sites.{fmt}"),
        "folder": str(tmp_path),
        "nul": str(tmp_path / f"sites\x00.{fmt}"),
    }[where]
    collection = AssessmentCollection([site("A", "2017-03", 2)])
    with pytest.raises(ithrive.InputError) as caught:
        getattr(collection, f"to_{fmt}")(path)
    assert ("unwritable", "target", path) == (
        caught.value.code,
        caught.value.field,
        caught.value.value,
    )


@pytest.mark.parametrize("where", ["missing file", "nul", "not parquet"])
def test_from_parquet_of_a_path_that_is_not_a_parquet_file_is_unreadable_naming_it(
    where: str, tmp_path: Path
) -> None:
    """A missing file, a NUL character or a file that is not Parquet is an ``unreadable``
    InputError (field ``source``), not pyarrow's bare OSError or ValueError. (A folder is
    read by pyarrow as a dataset of Parquet files, so it is not refused here.)"""
    text_file = tmp_path / "sites.csv"
    text_file.write_text("locality\n", "utf-8")
    path = {
        "missing file": str(tmp_path / "missing.parquet"),
        "nul": str(tmp_path / "sites\x00.parquet"),
        "not parquet": str(text_file),
    }[where]
    with pytest.raises(ithrive.InputError) as caught:
        AssessmentCollection.from_parquet(path)
    assert ("unreadable", "source", path) == (
        caught.value.code,
        caught.value.field,
        caught.value.value,
    )
