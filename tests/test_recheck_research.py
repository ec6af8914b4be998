"""Regressions found re-checking the research analysis (issue 12) on data its author did not try."""

from __future__ import annotations

import datetime
import io

import pandas as pd
import polars as pl
import pytest

from ithrive.assessment import Assessment, AssessmentCollection
from ithrive.dates import iso_date
from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.raters import FRAMEWORK, Workshop
from ithrive.spc import xmr


def site(date: object, locality: str = "A", notes: str = "") -> Assessment:
    """An assessment of one count item at ``date``."""
    return Assessment.from_evidence(
        {"meso.2": {"kind": "count", "count": 3}},
        locality=locality,
        date=date,  # type: ignore[arg-type]
        method="self_assessment",
        notes=notes,
    )


class TestMissingDates:
    """A missing date is refused, never stored as the text 'NaT'."""

    def test_pandas_nat_is_refused_as_invalid_date(self) -> None:
        """Regression: pandas' NaT is a datetime subclass and was stored as 'NaT'."""
        with pytest.raises(EvidenceError) as caught:
            iso_date(pd.NaT)
        assert ("invalid_date", "date") == (caught.value.code, caught.value.field)

    def test_a_missing_date_label_on_an_spc_chart_is_refused(self) -> None:
        """Regression: xmr(labels=[..., pd.NaT, ...]) labelled the point 'NaT'."""
        stamps = [pd.Timestamp("2017-01-01"), pd.NaT, pd.Timestamp("2017-03-01")]
        with pytest.raises(EvidenceError) as caught:
            xmr([50, 60, 55], labels=stamps)
        assert ("invalid_date", "labels") == (caught.value.code, caught.value.field)

    def test_evidence_table_with_a_missing_date_names_the_row(self) -> None:
        """A pandas datetime column with a gap is refused at its row."""
        frame = pd.DataFrame(
            {
                "locality": ["A", "B"],
                "date": pd.to_datetime(["2017-03-01", None]),
                "meso.2.count": [2, 3],
            }
        )
        with pytest.raises(EvidenceError, match=r"row 1 \(locality 'B'"):
            AssessmentCollection.from_evidence_table(frame, method="self_assessment")


class TestFramesReadFromFiles:
    """A collection's CSV read by pandas or polars, then from_frame, gives the collection back."""

    @pytest.mark.parametrize("reader", [pd.read_csv, pl.read_csv])
    def test_csv_read_by_a_frame_library_reads_back(self, reader: object) -> None:
        """Regression: empty notes read as NaN (pandas) or null (polars) were refused."""
        study = AssessmentCollection([site("2017-03"), site("2017-09", notes="second visit")])
        buffer = io.StringIO()
        study.to_csv(buffer)
        buffer.seek(0)
        frame = reader(buffer)  # type: ignore[operator]
        assert study == AssessmentCollection.from_frame(frame)


class TestAgreementIntervalOnSparseWorkshops:
    """The bootstrap interval of a sparse workshop is reported as unknown, never a crash."""

    def test_no_resample_with_a_defined_alpha_gives_no_interval(self) -> None:
        """Regression: seed 30 of 10 resamples raised a bare IndexError from numpy."""
        ids = list(FRAMEWORK.item_ids)
        ws = Workshop.from_matrix(
            {"R1": [3, 2] + [1] * 20, "R2": [3, 2] + [None] * 20}, items=ids
        )
        result = ws.agreement_interval(resamples=10, seed=30)
        assert (1.0, None, None, 0) == (result.alpha, result.lower, result.upper, result.used)
