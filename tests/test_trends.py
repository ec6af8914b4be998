"""Trends: change between dates, first date at a level, tidy trajectories."""

from __future__ import annotations

import polars as pl
import pytest

import ithrive
from ithrive.errors import EvidenceError
from ithrive.model.level import Level, Status
from ithrive.studies.assessment import Assessment, AssessmentCollection, UnknownAssessmentError
from ithrive.studies.trends import change, change_between, first_reached, trajectory


def site(
    locality: str, date: str, levels: dict[str, int], method: str = "self_assessment"
) -> Assessment:
    """An assessment from panel ratings."""
    return Assessment.from_evidence(
        {item: {"kind": "rating", "level": v} for item, v in levels.items()},
        locality=locality,
        date=date,
        method=method,
    )


SITES = AssessmentCollection(
    [
        site(
            "A", "2017-03", {"micro.2": 2, "micro.3a": 3, "micro.3b": 3, "micro.3c": 3, "meso.2": 3}
        ),
        site("A", "2017-09", {"micro.2": 3, "micro.3a": 2, "micro.3b": 3, "micro.3c": 3}),
        site(
            "A", "2018-03", {"micro.2": 4, "micro.3a": 3, "micro.3b": 3, "micro.3c": 4, "meso.2": 1}
        ),
        site("B", "2017-03", {"micro.2": 1}),
        site("B", "2018-03", {"micro.2": 2}),
    ]
)


def test_change_gives_every_item_then_every_principle() -> None:
    """22 item rows, then 17 principle rows, with exact changes."""
    table = change_between(SITES, locality="A", start="2017-03", end="2018-03")
    expected = 22 + 17
    assert expected == len(table)
    rows = {(r.kind, r.id): r for r in table}
    expected = (Level.TWO, Level.FOUR, 2, True, False)
    assert expected == (
        rows["item", "micro.2"].start,
        rows["item", "micro.2"].end,
        rows["item", "micro.2"].change,
        rows["item", "micro.2"].became_thrive_like,
        rows["item", "micro.2"].fell_back,
    )
    expected = (3, 3, 0)
    assert expected == (
        rows["principle", "micro.3"].start,
        rows["principle", "micro.3"].end,
        rows["principle", "micro.3"].change,
    )
    expected = ("micro.2",)
    assert expected == table.became_thrive_like
    expected = ("meso.2",)
    assert expected == table.fell_back
    expected = 22
    assert expected == len(table.items())
    expected = 17
    assert expected == len(table.principles())


def test_change_of_an_unrated_item_is_none_and_neither_rises_nor_falls() -> None:
    """An item assessed at one end only has no change."""
    table = change(SITES.get("A", "2017-09"), SITES.get("A", "2018-03"))
    row = next(r for r in table if r.id == "meso.2" and r.kind == "item")
    expected = (None, Level.ONE, None, False, False)
    assert expected == (
        row.start,
        row.end,
        row.change,
        row.became_thrive_like,
        row.fell_back,
    )


def test_change_accepts_scorecards() -> None:
    """Two scorecards work as well as two assessments."""
    before = ithrive.score({"micro.2": {"kind": "proportion", "percent": 60}})
    after = ithrive.score({"micro.2": {"kind": "proportion", "percent": 59.99999999999999}})
    expected = ("micro.2",)
    assert expected == change(before, after).fell_back
    with pytest.raises(EvidenceError):
        change(before, "after")  # type: ignore[arg-type]


def test_first_reached_gives_the_first_date_at_level_three_or_none() -> None:
    """Per locality and item; a dip after reaching the level does not matter."""
    table = first_reached(SITES)
    rows = {(r.locality, r.id): r for r in table}
    expected = ("2017-09", Level.THREE)
    assert expected == (rows["A", "micro.2"].date, rows["A", "micro.2"].level)
    expected = "2017-03"
    assert expected == rows["A", "micro.3a"].date
    expected = (None, None)
    assert expected == (rows["B", "micro.2"].date, rows["B", "micro.2"].level)
    expected = 44
    assert expected == len(table)


def test_first_reached_takes_another_level_and_principles() -> None:
    """Level 4, and principle rows after the items."""
    table = first_reached(SITES.select(locality="A"), level=4, principles=True)
    rows = {(r.kind, r.id): r for r in table}
    expected = "2018-03"
    assert expected == rows["item", "micro.2"].date
    assert rows["principle", "micro.3"].date is None
    expected = 22 + 17
    assert expected == len(table)
    with pytest.raises(EvidenceError):
        first_reached(SITES, level=5)


def test_a_series_with_two_methods_at_one_date_needs_a_method() -> None:
    """Self-assessment and evaluation at one date are not one series."""
    both = SITES + AssessmentCollection(
        [site("A", "2017-03", {"micro.2": 1}, "independent_evaluation")]
    )
    with pytest.raises(UnknownAssessmentError):
        first_reached(both)
    expected = "2017-09"
    assert expected == first_reached(both, method="self_assessment")[13].date


def test_the_trajectory_is_tidy_and_ordered() -> None:
    """One row per locality, date and item, in that order; principles on request."""
    table = trajectory(SITES)
    expected = 5 * 22
    assert expected == len(table)
    first = table[0]
    expected = ("A", "2017-03", "item", "macro.1", None, None, Status.NOT_ASSESSED)
    assert expected == (
        first.locality,
        first.date,
        first.kind,
        first.id,
        first.level,
        first.thrive_like,
        first.status,
    )
    expected = ["2017-03", "2017-09", "2018-03"]
    assert expected == sorted({r.date for r in table if r.locality == "A"})
    with_principles = trajectory(SITES, principles=True)
    expected = 5 * (22 + 17)
    assert expected == len(with_principles)
    micro3 = next(
        r
        for r in with_principles
        if r.kind == "principle" and r.id == "micro.3" and r.date == "2017-09"
    )
    expected = (Level.TWO, False)
    assert expected == (micro3.level, micro3.thrive_like)


def test_the_trajectory_becomes_a_frame_for_plotting() -> None:
    """Levels as integers, methods and statuses as text."""
    frame = trajectory(SITES.select(locality="B")).to_frame("polars")
    micro2 = frame.filter(pl.col("id") == "micro.2")
    expected = [1, 2]
    assert expected == micro2["level"].to_list()
    expected = ["self_assessment"]
    assert expected == frame["method"].unique().to_list()
    expected = {"rated", "not_assessed"}
    assert expected == set(frame["status"].to_list())


def test_dates_may_be_given_as_date_objects_as_assessments_accept_them() -> None:
    """change_between, get and select read a datetime.date as its ISO form."""
    import datetime

    def made(when: datetime.date, level: int) -> Assessment:
        return Assessment(
            scorecard=ithrive.score({"micro.2": {"kind": "rating", "level": level}}),
            locality="A",
            date=when,
            method="self_assessment",
        )

    march, september = datetime.date(2017, 3, 1), datetime.date(2017, 9, 1)
    sites = AssessmentCollection([made(march, 2), made(september, 3)])
    table = change_between(sites, locality="A", start=march, end=september)
    row = next(r for r in table.rows if r.kind == "item" and r.id == "micro.2")
    assert ("2017-03-01", 1, (True, 1), 1) == (
        sites.get("A", march).date,
        len(sites.select(date=[september])),
        (row.became_thrive_like, row.change),
        len(sites.select(date=march)),
    )


def test_a_series_mixing_methods_at_different_dates_needs_a_method() -> None:
    """A self-assessment then an evaluation is not one series: first_reached asks for method."""
    sites = AssessmentCollection(
        [
            site("A", "2017-03", {"micro.2": 2}, "self_assessment"),
            site("A", "2017-09", {"micro.2": 3}, "independent_evaluation"),
        ]
    )
    with pytest.raises(UnknownAssessmentError) as info:
        first_reached(sites)
    by_method = first_reached(sites, method="self_assessment").where(lambda r: r.id == "micro.2")
    assert ("ambiguous_assessment", "method", None) == (
        info.value.code,
        info.value.field,
        by_method[0].date,
    )


def test_trajectory_frame_has_the_collections_nullable_dtypes() -> None:
    """Regression: levels came out float64 with NaN; now Int8 with <NA>, as the collection's."""
    frame = trajectory(SITES).to_frame()
    long = SITES.to_frame()
    assert (str(long["level"].dtype), str(long["thrive_like"].dtype)) == (
        str(frame["level"].dtype),
        str(frame["thrive_like"].dtype),
    )
    assert "Int8" == str(frame["level"].dtype)
    assert frame["level"].isna().any()
    polars = trajectory(SITES).to_frame("polars")
    assert pl.Int8 == polars.schema["level"]
