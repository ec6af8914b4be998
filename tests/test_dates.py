"""Dates: one ISO form, read where it enters, ordered in time everywhere."""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from tests.strategies import iso_dates

from ithrive.base.dates import date_key, iso_date, start_of
from ithrive.errors import EvidenceError
from ithrive.outputs.plot import plot_trajectories
from ithrive.studies.assessment import Assessment, AssessmentCollection
from ithrive.studies.groups import compare_groups
from ithrive.studies.trends import first_reached, trajectory


def site(date: object, count: int = 3, locality: str = "A") -> Assessment:
    """An assessment of one count item at ``date``."""
    return Assessment.from_evidence(
        {"meso.2": {"kind": "count", "count": count}},
        locality=locality,
        date=date,  # type: ignore[arg-type]
        method="self_assessment",
    )


class TestIsoDate:
    """Every accepted form gives its canonical text; everything else is refused."""

    @pytest.mark.parametrize(
        ("given", "expected"),
        [
            ("2017", "2017"),
            ("2017-Q1", "2017-Q1"),
            ("2017Q4", "2017-Q4"),
            ("2017-03", "2017-03"),
            ("2017-03-31", "2017-03-31"),
            (datetime.date(2017, 3, 1), "2017-03-01"),
            (datetime.datetime(2017, 3, 1, 23, 59), "2017-03-01"),
            (pd.Timestamp("2017-03-01"), "2017-03-01"),
            (np.datetime64("2017-03-01T10:00"), "2017-03-01"),
        ],
    )
    def test_reads_each_form_as_its_iso_text(self, given: object, expected: str) -> None:
        """Text, standard, pandas and numpy dates all become one ISO text."""
        assert expected == iso_date(given)

    @pytest.mark.parametrize(
        "bad", ["2017-9", "2017-13", "2017-02-30", "March 2017", "2017-Q5", "", 2017, None]
    )
    def test_refuses_anything_else_with_invalid_date(self, bad: object) -> None:
        """Non-ISO text, impossible days and non-dates are refused, naming the value."""
        with pytest.raises(EvidenceError) as caught:
            iso_date(bad)
        assert ("invalid_date", "date", bad) == (
            caught.value.code,
            caught.value.field,
            caught.value.value,
        )

    @given(iso_dates())
    def test_canonical_text_reads_back_unchanged(self, text: str) -> None:
        """A canonical date is its own canonical form."""
        assert text == iso_date(text)

    @given(iso_dates(), iso_dates())
    def test_order_follows_the_first_day(self, a: str, b: str) -> None:
        """Dates sort by the day their period starts on, whatever their precision."""
        if start_of(a) < start_of(b):
            assert date_key(a) < date_key(b)

    def test_a_period_comes_before_finer_dates_starting_the_same_day(self) -> None:
        """Year, quarter, month, day: coarsest first on a tie."""
        expected = ["2017", "2017-Q1", "2017-01", "2017-01-01"]
        shuffled = ["2017-01-01", "2017-Q1", "2017", "2017-01"]
        assert expected == sorted(shuffled, key=date_key)


class TestChronologicalEverywhere:
    """Regression: "2017-9" sorted after "2017-10" as text; now one order in time."""

    def test_assessment_refuses_a_month_without_its_zero(self) -> None:
        """The date is checked when the assessment is made."""
        with pytest.raises(EvidenceError) as caught:
            site("2017-9")
        assert ("invalid_date", "2017-9") == (caught.value.code, caught.value.value)

    def test_collection_dates_and_series_are_in_time_order(self) -> None:
        """2017-06, 2017-09, 2017-10: not the text order 2017-06, 2017-10, 2017-9."""
        sites = AssessmentCollection([site("2017-10"), site("2017-06"), site("2017-09")])
        expected = ("2017-06", "2017-09", "2017-10")
        assert (expected, expected) == (sites.dates, tuple(a.date for a in sites.series("A")))

    def test_first_reached_is_the_earliest_date_in_time(self) -> None:
        """Level 3 reached in September and October: September is first."""
        sites = AssessmentCollection([site("2017-10"), site("2017-06", 2), site("2017-09")])
        row = first_reached(sites).where(lambda r: r.id == "meso.2")[0]
        assert "2017-09" == row.date

    def test_trajectory_and_groups_order_quarters_in_time(self) -> None:
        """Quarters are dates like any other, in trajectories and group tables."""
        sites = AssessmentCollection(
            [site("2018-Q1"), site("2017-Q4", 2), site("2018-Q1", locality="B")]
        )
        rows = trajectory(sites).where(lambda r: r.id == "meso.2" and r.locality == "A")
        result = compare_groups(sites, {"A": "x", "B": "y"}, reference="y")
        assert (["2017-Q4", "2018-Q1"], "2017-Q4") == ([r.date for r in rows], result.baseline)

    def test_select_and_get_read_dates_in_any_accepted_form(self) -> None:
        """A date object finds the assessment stored under its ISO text."""
        sites = AssessmentCollection([site("2017-03-01")])
        found = sites.get("A", datetime.datetime(2017, 3, 1, 9, 0))
        assert "2017-03-01" == found.date

    @pytest.mark.parametrize("backend", ["pandas", "polars"])
    def test_datetime_column_is_stored_as_its_iso_day(self, backend: str) -> None:
        """Regression: a pandas datetime column was stored as 2017-03-01T00:00:00."""
        data = {
            "locality": ["A", "A"],
            "date": [datetime.datetime(2017, 3, 1), datetime.datetime(2017, 9, 1)],
            "meso.2.count": [2, 3],
        }
        frame = pd.DataFrame(data) if backend == "pandas" else pl.DataFrame(data)
        sites = AssessmentCollection.from_evidence_table(frame, method="self_assessment")
        assert ("2017-03-01", "2017-09-01") == sites.dates
        fig = plot_trajectories(sites, measure="meso.2")
        assert 1 == len(fig.axes[0].get_lines()) - 1  # one locality, and the level-3 line

    def test_plot_trajectories_accepts_quarters(self) -> None:
        """Regression: "2017Q1" was accepted everywhere but plot_trajectories."""
        cards = [site("2017Q1").scorecard, site("2017Q2").scorecard]
        assert "2017-Q1" == cards[0].date
        fig = plot_trajectories(cards, measure="meso.2")
        assert [datetime.date(2017, 1, 1), datetime.date(2017, 4, 1)] == [
            d.date() if isinstance(d, datetime.datetime) else d
            for d in fig.axes[0].get_lines()[0].get_xdata()
        ]

    def test_scorecard_date_in_another_form_is_not_a_mismatch(self) -> None:
        """An evidence document dated 2017Q1 matches an assessment dated 2017-Q1."""
        a = Assessment.from_evidence(
            {"evidence": {}, "date": "2017Q1"},
            locality="A",
            date="2017-Q1",
            method="self_assessment",
        )
        assert ("2017-Q1", "2017-Q1") == (a.date, a.scorecard.date)
