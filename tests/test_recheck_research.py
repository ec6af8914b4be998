"""Regressions found re-checking the research analysis (issue 12) on data its author did not try."""

from __future__ import annotations

import datetime
import io

import pandas as pd
import polars as pl
import pytest
from tests.strategies import micro_2_audit

from ithrive.base.dates import iso_date
from ithrive.errors import EvidenceError
from ithrive.model import FRAMEWORK
from ithrive.studies.assessment import Assessment, AssessmentCollection
from ithrive.studies.raters import Workshop
from ithrive.studies.spc import xmr


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
        ws = Workshop.from_matrix({"R1": [3, 2] + [1] * 20, "R2": [3, 2] + [None] * 20}, items=ids)
        result = ws.agreement_interval(resamples=10, seed=30)
        assert (1.0, None, None, 0) == (result.alpha, result.lower, result.upper, result.used)


LONG_NAME = "Borough of Much Longer Name Upon Thames and District Integrated Care Partnership"


class TestAwkwardFigures:
    """Figures of one locality, nothing rated and long names stay readable, or are refused."""

    @pytest.mark.parametrize("plot", ["plot_profile", "plot_heatmap", "plot_trajectories"])
    def test_rated_items_when_none_is_rated_is_refused(self, plot: str) -> None:
        """Regression: plot_profile raised a bare ValueError, plot_heatmap drew an empty grid."""
        from ithrive.outputs import plot as plots
        from ithrive.scorecard.report import ReportError

        nothing = Assessment.from_evidence({}, locality="A", date="2018", method="self_assessment")
        with pytest.raises(ReportError, match="no items to draw") as caught:
            getattr(plots, plot)(nothing if plot == "plot_profile" else [nothing], items="rated")
        assert "items" == caught.value.field

    def test_dates_with_nothing_rated_stay_on_the_time_axis(self) -> None:
        """Regression: with no value to draw the date axis showed 1 January 1970."""
        import matplotlib.dates as mdates

        from ithrive.outputs.plot import plot_trajectories

        nothing = AssessmentCollection(
            Assessment.from_evidence({}, locality="A", date=d, method="self_assessment")
            for d in ("2018", "2019-06")
        )
        low, high = (
            mdates.num2date(x).date()
            for x in plot_trajectories(nothing, measure="micro.2").axes[0].get_xlim()
        )
        assert datetime.date(2017, 1, 1) < low < datetime.date(2018, 1, 1)
        assert datetime.date(2019, 6, 1) < high < datetime.date(2020, 1, 1)

    def test_a_mean_level_of_one_is_inside_the_axes(self) -> None:
        """Regression: the mean-level axis started at exactly 1, cutting a point there in half."""
        from ithrive.outputs.plot import plot_trajectories

        study = AssessmentCollection(
            [micro_2_audit("A", 3, 30, "2017"), micro_2_audit("A", 25, 30, "2018")]
        )
        low, _ = plot_trajectories(study, measure="mean_level").axes[0].get_ylim()
        assert low < 1

    def test_long_titles_are_wrapped_not_cut_off(self) -> None:
        """Regression: a long locality's SPC and profile titles ran off the figure."""
        from ithrive.outputs.plot import plot_profile, plot_spc
        from ithrive.studies.spc import audit_chart

        study = AssessmentCollection(
            [
                micro_2_audit(LONG_NAME, k, 30, d)
                for d, k in (("2017", 10), ("2018", 20), ("2019", 25))
            ]
        )
        spc_title = plot_spc(audit_chart(study, LONG_NAME, "micro.2")).axes[0].get_title("left")
        profile_title = plot_profile(study[0], items=["micro.2"]).axes[0].get_title("left")
        assert all("\n" in t for t in (spc_title, profile_title))
        assert LONG_NAME.rsplit(maxsplit=1)[-1] in spc_title.replace("\n", " ")

    def test_heatmap_makes_room_for_long_column_labels(self) -> None:
        """Regression: long labels over one item row were cut off, with half the key."""
        from ithrive.outputs.plot import plot_heatmap

        short = [micro_2_audit(f"S{i}", 20, 30, "2018") for i in range(3)]
        long = [micro_2_audit(f"{LONG_NAME} {i}", 20, 30, "2018") for i in range(3)]
        heights = [plot_heatmap(c, items=["micro.2"]).get_figheight() for c in (short, long)]
        assert heights[0] < heights[1]
        labels = plot_heatmap(long, items=["micro.2"]).axes[0].get_xticklabels()
        assert all("\n" in t.get_text() for t in labels)

    def test_two_dates_starting_the_same_day_are_refused_by_name(self) -> None:
        """Regression: 2017 and 2017-Q1 were refused as "more than one scorecard at 2017-Q1"."""
        from ithrive.outputs.plot import plot_trajectories
        from ithrive.scorecard.report import ReportError

        study = AssessmentCollection(
            [micro_2_audit("A", 10, 30, "2017"), micro_2_audit("A", 20, 30, "2017-Q1")]
        )
        with pytest.raises(
            ReportError, match="at 2017 and 2017-Q1, which both start on 2017-01-01"
        ):
            plot_trajectories(study, measure="micro.2")


class TestDerivedColumnsReadBack:
    """A derived cell changed in a frame is refused, never silently replaced."""

    def study(self) -> AssessmentCollection:
        """Two audits and a count, at two dates."""
        return AssessmentCollection(
            [micro_2_audit("A", 10, 30, "2017"), micro_2_audit("A", 25, 30, "2018")]
        )

    @pytest.mark.parametrize(
        ("kind", "column", "value"),
        [
            ("item", "numerator", 29),
            ("item", "percent", 99.0),
            ("item", "thrive_like", True),
            ("principle", "thrive_like", True),
            ("system", "items_thrive_like", 5),
        ],
    )
    def test_an_edited_derived_cell_is_refused(self, kind: str, column: str, value: object) -> None:
        """Regression: edited numerators, verdicts and system counts were dropped without a word."""
        frame = self.study().to_frame()
        chosen = (frame["kind"] == kind) & (frame["date"] == "2017")
        if kind == "item":
            chosen &= frame["id"] == "micro.2"
        frame.loc[frame.index[chosen][0], column] = value
        with pytest.raises(EvidenceError) as caught:
            AssessmentCollection.from_frame(frame)
        errors = getattr(caught.value, "errors", (caught.value,))
        assert [("invalid_row", column)] == [(e.code, e.field) for e in errors]

    def test_blank_derived_cells_are_recomputed(self) -> None:
        """Derived columns left out or emptied are filled in again, as documented."""
        study = self.study()
        frame = study.to_frame()
        frame["numerator"] = pd.array([None] * len(frame), dtype="Int64")
        assert study == AssessmentCollection.from_frame(frame.drop(columns=["thrive_like"]))


class TestShortSeries:
    """Fewer than twelve points: the limits are provisional, as NHSRplotthedots warns."""

    def test_eleven_points_are_short_and_twelve_are_not(self) -> None:
        """The threshold is NHSRplotthedots' warning_threshold of 12."""
        assert (True, False) == (xmr(list(range(11))).short, xmr(list(range(12))).short)

    def test_the_plot_of_a_short_series_says_so(self) -> None:
        """Regression: six audits drew limits as firm as a long series'."""
        from ithrive.outputs.plot import plot_spc
        from ithrive.studies.spc import p_chart

        title = plot_spc(p_chart([20, 22, 19, 25, 21, 24], [30] * 6)).axes[0].get_title("left")
        assert "6 points, fewer than 12: the limits are provisional" in title


class TestNumpyPrecision:
    """A numpy year or month keeps its precision; it is not turned into its first day."""

    @pytest.mark.parametrize(
        ("given", "expected"),
        [("2017-03", "2017-03"), ("2017", "2017"), ("2017-03-05", "2017-03-05")],
    )
    def test_numpy_units_give_the_same_form(self, given: str, expected: str) -> None:
        """Regression: numpy.datetime64("2017-03") became the day 2017-03-01."""
        import numpy as np

        assert expected == iso_date(np.datetime64(given))

    def test_a_numpy_year_beyond_four_digits_is_refused(self) -> None:
        """A year ISO text cannot hold is refused, as in text."""
        import numpy as np

        with pytest.raises(EvidenceError, match=r"is not a date"):
            iso_date(np.datetime64("10000-01"))


class TestAuditChartInputs:
    """audit_chart takes what funnel takes: a collection or a list of assessments."""

    def test_a_list_of_assessments_gives_the_collections_chart(self) -> None:
        """Regression: a list was refused though funnel and interval_table take one."""
        from ithrive.studies.spc import audit_chart

        audits = [
            micro_2_audit("A", k, 30, d) for d, k in (("2019", 25), ("2017", 10), ("2018", 20))
        ]
        expected = audit_chart(AssessmentCollection(audits), "A", "micro.2")
        assert expected == audit_chart(audits, "A", "micro.2")
        assert ("2017", "2018", "2019") == tuple(r.date for r in expected.rows)


class TestFunnelOfGatedSurveys:
    """A survey the tool sets aside is marked on the funnel, not shown as a rated level."""

    def test_a_survey_completed_by_too_few_staff_is_marked_not_rated(self) -> None:
        """Regression: micro.3a at 40% completion showed on the funnel at level 2, unmarked."""
        from ithrive.outputs.plot import plot_funnel
        from ithrive.studies.funnel import funnel

        def survey(locality: str, agree: int, respondents: int, eligible: int) -> Assessment:
            """A staff survey of micro.3a."""
            return Assessment.from_evidence(
                {
                    "micro.3a": {
                        "kind": "survey",
                        "agree": agree,
                        "respondents": respondents,
                        "eligible": eligible,
                    }
                },
                locality=locality,
                date="2018",
                method="self_assessment",
            )

        study = AssessmentCollection([survey("A", 10, 20, 50), survey("B", 30, 40, 50)])
        f = funnel(study, "micro.3a")
        assert ["insufficient_evidence", "rated"] == [str(r.status) for r in f.rows]
        texts = [t.get_text() for t in plot_funnel(f).axes[0].texts]
        assert "A (not rated)" in texts
        assert "B" in texts


class TestPandasPeriods:
    """pandas periods of a calendar year, quarter, month or day are dates; others are refused."""

    @pytest.mark.parametrize(
        ("period", "expected"),
        [
            (pd.Period("2017", freq="Y"), "2017"),
            (pd.Period("2017Q3", freq="Q"), "2017-Q3"),
            (pd.Period("2017-03", freq="M"), "2017-03"),
            (pd.Period("2017-03-05", freq="D"), "2017-03-05"),
        ],
    )
    def test_calendar_periods_keep_their_precision(self, period: object, expected: str) -> None:
        """A quarterly period column from pandas reads as quarters."""
        assert expected == iso_date(period)

    @pytest.mark.parametrize(
        "period",
        [pd.Period("2017Q1", freq="Q-MAR"), pd.Period("2017-03-06", freq="W")],
    )
    def test_fiscal_quarters_and_weeks_are_refused(self, period: object) -> None:
        """A fiscal 2017Q1 (April to June 2016) must not pass for the calendar quarter."""
        with pytest.raises(EvidenceError) as caught:
            iso_date(period)
        assert "invalid_date" == caught.value.code

    def test_a_missing_assessment_date_says_what_a_date_is(self) -> None:
        """Regression: a None or NaT date was refused as "expected text"."""
        with pytest.raises(EvidenceError) as caught:
            Assessment.from_evidence({}, locality="A", date=None, method="self_assessment")
        assert ("invalid_date", "date") == (caught.value.code, caught.value.field)
