"""Per-site intervals: the uncertainty of every audit and survey, as one tidy table."""

from __future__ import annotations

import pytest

from ithrive.analysis.uncertainty import assess
from ithrive.errors import EvidenceError
from ithrive.studies.assessment import Assessment, AssessmentCollection
from ithrive.studies.intervals import interval_table

EVIDENCE = {
    "micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30},
    "micro.3a": {"kind": "survey", "agree": 30, "respondents": 40, "eligible": 60},
    "meso.2": {"kind": "count", "count": 3},
}


def site(name: str) -> Assessment:
    """An evaluation with an audit, a survey and a count."""
    return Assessment.from_evidence(
        EVIDENCE, locality=name, date="2018-03", method="independent_evaluation"
    )


def test_rows_repeat_assess_for_each_assessment() -> None:
    """Each row is the uncertainty assess gives, with the assessment's context."""
    sites = AssessmentCollection([site("A"), site("B")])
    table = interval_table(sites)
    expected = [
        (name, u.item, u.successes, u.trials, u.lower, u.upper)
        for name in ("A", "B")
        for u in assess(site(name).scorecard)
    ]
    assert expected == [(r.locality, r.id, r.successes, r.trials, r.lower, r.upper) for r in table]


def test_items_keeps_the_items_named() -> None:
    """items= selects; an unknown id is refused as unknown_item."""
    assert ["micro.3a"] == [r.id for r in interval_table(site("A"), items=["micro.3a"])]
    with pytest.raises(EvidenceError) as caught:
        interval_table(site("A"), items=["micro.99"])
    assert "unknown_item" == caught.value.code


def test_to_frame_has_typed_columns() -> None:
    """Counts as integers, the interval as floats, levels as nullable integers."""
    frame = interval_table(site("A")).to_frame()
    assert ["A", "A"] == list(frame["locality"])
    assert str(frame["successes"].dtype) in {"Int64", "int64"}
    assert 18 == frame["successes"][0]


def test_anything_else_is_refused() -> None:
    """A number is not a source of assessments."""
    with pytest.raises(EvidenceError) as caught:
        interval_table(3)
    assert "wrong_type" == caught.value.code


def test_assess_accepts_an_assessment() -> None:
    """Regression: uncertainty.assess refused an Assessment; it now reads its scorecard."""
    a = site("A")
    assert assess(a.scorecard) == assess(a)


def macro_5(name: str, measure: str) -> Assessment:
    """An evaluation counting macro.5 by ``measure``."""
    evidence = {"macro.5": {"kind": "proportion", "numerator": 8, "denominator": 10}}
    evidence["macro.5"]["measure"] = measure
    return Assessment.from_evidence(
        evidence, locality=name, date="2018-03", method="independent_evaluation"
    )


def test_of_one_measure_refuses_an_item_counted_two_ways_unless_one_is_named() -> None:
    """Two measures of one item need 'measure'; naming one keeps only its rows."""
    table = interval_table([macro_5("A", "integrate"), macro_5("B", "chi_esq")])
    with pytest.raises(EvidenceError) as info:
        table.of_one_measure("macro.5")
    assert ("measure_required", "macro.5", "measure") == (
        info.value.code,
        info.value.item,
        info.value.field,
    )
    assert "was measured by chi_esq, integrate;" in str(info.value)
    assert ["B"] == [r.locality for r in table.of_one_measure("macro.5", "chi_esq")]
    assert ["A"] == [r.locality for r in table.of_one_measure("macro.5", "integrate")]
