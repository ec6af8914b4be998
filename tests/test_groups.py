"""Group comparison: exact descriptive statistics per group, item and date."""

from __future__ import annotations

from fractions import Fraction

import pytest

from ithrive.errors import EvidenceError
from ithrive.studies.assessment import Assessment, AssessmentCollection
from ithrive.studies.groups import DESCRIPTIVE, compare_groups


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
        site("A1", "2017-03", {"micro.2": 1, "micro.3a": 2}),
        site("A1", "2018-03", {"micro.2": 3, "micro.3a": 3}),
        site("A2", "2017-03", {"micro.2": 2}),
        site("A2", "2018-03", {"micro.2": 4}),
        site("A3", "2018-03", {"micro.2": 3}),
        site("C1", "2017-03", {"micro.2": 2}),
        site("C1", "2018-03", {"micro.2": 3}),
        site("C2", "2017-03", {"micro.2": 2}),
        site("C2", "2018-03", {"micro.2": 2}),
        site("X", "2017-03", {"micro.2": 4}),
    ]
)
GROUPS = {
    "A1": "accelerator",
    "A2": "accelerator",
    "A3": "accelerator",
    "C1": "comparison",
    "C2": "comparison",
}


def test_mean_level_and_share_thrive_like_are_exact_per_group_and_date() -> None:
    """Means over rated localities; X is in no group and left out."""
    result = compare_groups(SITES, GROUPS, reference="comparison")
    rows = {(r.group, r.date, r.id): r for r in result.levels}
    accel = rows["accelerator", "2018-03", "micro.2"]
    expected = (3, 3, Fraction(10, 3), Fraction(1))
    assert expected == (accel.localities, accel.rated, accel.mean_level, accel.thrive_like_share)
    comp = rows["comparison", "2017-03", "micro.2"]
    expected = (2, 2, Fraction(2), Fraction(0))
    assert expected == (comp.localities, comp.rated, comp.mean_level, comp.thrive_like_share)
    unrated = rows["comparison", "2018-03", "micro.3a"]
    expected = (2, 0, None, None)
    assert expected == (
        unrated.localities,
        unrated.rated,
        unrated.mean_level,
        unrated.thrive_like_share,
    )
    expected = ("accelerator", "comparison")
    assert expected == result.groups
    expected = ("comparison", "2017-03", DESCRIPTIVE)
    assert expected == (result.reference, result.baseline, result.label)


def test_change_from_baseline_and_the_difference_between_groups() -> None:
    """Only localities rated at both dates count; the reference group has no difference."""
    result = compare_groups(SITES, GROUPS, reference="comparison")
    rows = {(r.group, r.date, r.id): r for r in result.change}
    accel = rows["accelerator", "2018-03", "micro.2"]
    expected = (2, Fraction(2), Fraction(3, 2))
    assert expected == (accel.localities, accel.mean_change, accel.difference)
    comp = rows["comparison", "2018-03", "micro.2"]
    expected = (2, Fraction(1, 2), None)
    assert expected == (comp.localities, comp.mean_change, comp.difference)
    assert (1, Fraction(1), None) == (
        rows["accelerator", "2018-03", "micro.3a"].localities,
        rows["accelerator", "2018-03", "micro.3a"].mean_change,
        rows["accelerator", "2018-03", "micro.3a"].difference,
    )


def test_every_table_is_labelled_descriptive() -> None:
    """The label is the first line of the printed tables."""
    result = compare_groups(SITES, GROUPS, reference="comparison")
    for table in (result.levels, result.change):
        expected = DESCRIPTIVE
        assert expected == str(table).splitlines()[0]
    assert "significance" in DESCRIPTIVE


def test_a_later_baseline_and_principles_can_be_chosen() -> None:
    """Baseline 2018-03 makes every change zero; by='principle' compares principles."""
    result = compare_groups(
        SITES, GROUPS, reference="comparison", baseline="2018-03", by="principle"
    )
    row = next(
        r
        for r in result.change
        if r.id == "micro.2" and r.date == "2018-03" and r.group == "accelerator"
    )
    expected = (3, Fraction(0), Fraction(0))
    assert expected == (row.localities, row.mean_change, row.difference)
    assert {"micro.3"} <= {r.id for r in result.levels}


def test_the_levels_table_becomes_a_frame() -> None:
    """Fractions become floats in frames."""
    frame = compare_groups(SITES, GROUPS, reference="comparison").levels.to_frame("pandas")
    value = frame[
        (frame["group"] == "accelerator")
        & (frame["date"] == "2018-03")
        & (frame["id"] == "micro.2")
    ]
    expected = [10 / 3]
    assert expected == value["mean_level"].tolist()


def test_bad_designs_are_refused_with_clear_errors() -> None:
    """An unknown locality, reference group, baseline or unit."""
    cases = [
        ({"Z": "accelerator"}, {"reference": "accelerator"}, "unknown_locality"),
        (GROUPS, {"reference": "control"}, "unknown_group"),
        (GROUPS, {"reference": "comparison", "baseline": "2016-01"}, "unknown_date"),
        (GROUPS, {"reference": "comparison", "by": "system"}, "unknown_unit"),
    ]
    for groups, options, code in cases:
        with pytest.raises(EvidenceError) as caught:
            compare_groups(SITES, groups, **options)  # type: ignore[arg-type]
        assert code == caught.value.code


def test_two_methods_at_one_date_need_a_method() -> None:
    """A self-assessment and an evaluation of one site and date are not averaged together."""
    both = SITES + AssessmentCollection(
        [site("A1", "2017-03", {"micro.2": 2}, "independent_evaluation")]
    )
    with pytest.raises(EvidenceError) as caught:
        compare_groups(both, GROUPS, reference="comparison")
    expected = "ambiguous_assessment"
    assert expected == caught.value.code
    result = compare_groups(both, GROUPS, reference="comparison", method="self_assessment")
    assert result == compare_groups(SITES, GROUPS, reference="comparison")


class TestIntervals:
    """Per-site intervals beside the descriptive tables (issue: no inference across sites)."""

    @staticmethod
    def audited(name: str, k: int) -> Assessment:
        """An evaluation with a case-note audit of micro.2, k of 30."""
        return Assessment.from_evidence(
            {"micro.2": {"kind": "proportion", "numerator": k, "denominator": 30}},
            locality=name,
            date="2018-03",
            method="independent_evaluation",
        )

    def test_intervals_are_each_sites_jeffreys_interval_with_its_group(self) -> None:
        """The rows equal jeffreys_interval of each site's counts."""
        from ithrive.analysis.uncertainty import jeffreys_interval

        sites = AssessmentCollection([self.audited("A", 18), self.audited("B", 25)])
        result = compare_groups(sites, {"A": "x", "B": "y"}, reference="y", intervals=True)
        assert result.intervals is not None
        expected = [("x", "A", *jeffreys_interval(18, 30)), ("y", "B", *jeffreys_interval(25, 30))]
        assert expected == [(r.group, r.locality, r.lower, r.upper) for r in result.intervals]
        assert 2 == len(result.intervals.to_frame())

    def test_no_intervals_unless_asked(self) -> None:
        """The default stays descriptive, with no scipy needed."""
        sites = AssessmentCollection([self.audited("A", 18), self.audited("B", 25)])
        assert None is compare_groups(sites, {"A": "x", "B": "y"}, reference="y").intervals
