"""Workshops: consensus, spread, conflicts, agreement, and method comparison."""

from __future__ import annotations

import sys
from fractions import Fraction
from typing import ClassVar

import krippendorff
import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ithrive
from ithrive.errors import EvidenceError, InvalidEvidenceError, MissingExtraError
from ithrive.model.level import Level
from ithrive.studies.assessment import Assessment, Method
from ithrive.studies.raters import Workshop, WorkshopRating, compare_methods, consensus_level


def workshop(
    levels: dict[str, list[int | None]], sectors: dict[str, str] | None = None
) -> Workshop:
    """A workshop rating micro.2 and meso.2 only."""
    return Workshop.from_matrix(
        levels, items=["micro.2", "meso.2"], sectors=sectors, locality="A", date="2017-03"
    )


# ---------------------------------------------------------------------- consensus


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=12))
def test_the_consensus_is_a_median_that_never_rounds_up(levels: list[int]) -> None:
    """At least half the raters are at or below it, more than half at or above it."""
    level = consensus_level(levels)
    n = len(levels)
    assert 2 * sum(1 for v in levels if v <= level) >= n
    assert 2 * sum(1 for v in levels if v >= level) > n
    assert min(levels) <= level <= max(levels)


def test_a_tie_between_the_two_middle_ratings_goes_to_the_lower_level() -> None:
    """Four raters at 2, 2, 3, 3 agree on 2, not 2.5 or 3."""
    expected = Level.TWO
    assert expected == consensus_level([3, 2, 3, 2])


def test_no_ratings_have_no_consensus() -> None:
    """An empty list is an error, not level 1."""
    with pytest.raises(EvidenceError) as caught:
        consensus_level([])
    expected = "no_ratings"
    assert expected == caught.value.code


@pytest.mark.parametrize("bad", [0, 5, 2.5, "3", None, True])
def test_a_consensus_of_a_value_that_is_not_a_level_is_an_error(bad: object) -> None:
    """Only levels 1-4 combine: anything else is ``out_of_range`` at its index, not rounded."""
    with pytest.raises(EvidenceError) as caught:
        consensus_level([3, bad])  # type: ignore[list-item]
    expected = ("out_of_range", "levels[1]")
    assert expected == (caught.value.code, caught.value.field)


def test_the_consensus_table_gives_level_spread_share_and_sectors() -> None:
    """Eight raters, two sectors: one row per item, every figure exact."""
    ws = workshop(
        {
            "R1": [3, 2],
            "R2": [3, 2],
            "R3": [4, 2],
            "R4": [2, 3],
            "R5": [3, 2],
            "R6": [1, 2],
            "R7": [3, None],
            "R8": [2, 2],
        },
        sectors={
            r: ("health" if r in ("R1", "R2", "R3", "R4") else "education")
            for r in ["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"]
        },
    )
    table = ws.consensus()
    row = table.row("micro.2")
    expected = ("micro.2", 8, Level.THREE, Level.ONE, Level.FOUR, 3, Fraction(5, 8))
    assert expected == (
        row.id,
        row.raters,
        row.level,
        row.low,
        row.high,
        row.spread,
        row.thrive_like_share,
    )
    expected = ("education 2", "health 3")
    assert expected == row.sectors
    expected = ("range", "sectors")
    assert expected == row.conflicts
    meso = table.row("meso.2")
    expected = (7, Level.TWO, 1, ())
    assert expected == (meso.raters, meso.level, meso.spread, meso.conflicts)
    expected = ("micro.2",)
    assert expected == table.conflicted
    expected = 22
    assert expected == len(table)
    expected = 0
    assert expected == table.row("macro.1").raters


def test_the_conflict_range_can_be_narrowed() -> None:
    """With conflict_range=1 any disagreement is flagged."""
    ws = workshop({"R1": [3, 2], "R2": [2, 2]})
    expected = ("range",)
    assert expected == ws.consensus(conflict_range=1).row("micro.2").conflicts
    expected = ()
    assert expected == ws.consensus().row("micro.2").conflicts
    for bad in (0, 4, True, 1.5):
        with pytest.raises(EvidenceError):
            ws.consensus(conflict_range=bad)  # type: ignore[arg-type]


def test_the_consensus_table_prints_and_becomes_a_frame() -> None:
    """Text for notebooks, a DataFrame for analysis."""
    ws = workshop({"R1": [3, 2], "R2": [1, 2]})
    text = str(ws.consensus().where(lambda r: r.id == "micro.2"))
    expected = (
        "id       raters  level  low  high  spread  thrive_like_share  sectors  conflicts\n"
        "micro.2  2       1      1    3     2       0.5                -        range"
    )
    assert expected == text
    frame = ws.consensus().to_frame("polars")
    expected = [2, 1]  # meso.2, then micro.2, in the tool's order
    assert expected == frame.filter(pl.col("raters") > 0)["level"].to_list()


# ---------------------------------------------------------------------- building workshops


def test_a_rater_may_rate_an_item_once_and_belong_to_one_sector() -> None:
    """Duplicates and two sectors for one rater are reported together."""
    records = [
        {"rater": "R1", "item": "micro.2", "level": 3, "sector": "health"},
        {"rater": "R1", "item": "micro.2", "level": 2, "sector": "education"},
    ]
    with pytest.raises(InvalidEvidenceError) as caught:
        Workshop.from_records(records)
    expected = ["duplicate_rating", "conflicting_sector"]
    assert expected == [e.code for e in caught.value.errors]


def test_a_record_that_is_not_a_mapping_is_reported_with_its_index() -> None:
    """A record of the wrong type is ``wrong_type``, alongside the other records' problems."""
    records = [{"rater": "R1", "item": "micro.2", "level": 5}, None]
    with pytest.raises(InvalidEvidenceError) as caught:
        Workshop.from_records(records)  # type: ignore[list-item]
    expected = [("out_of_range", "records[0].level"), ("wrong_type", "records[1]")]
    assert expected == [(e.code, e.field) for e in caught.value.errors]


def test_a_rater_whose_levels_are_not_a_list_is_refused() -> None:
    """``from_matrix`` needs a list of levels per rater, not a single level."""
    with pytest.raises(EvidenceError) as caught:
        Workshop.from_matrix({"R1": 3}, items=["micro.2"])  # type: ignore[dict-item]
    expected = ("wrong_type", "levels", "R1")
    assert expected == (caught.value.code, caught.value.field, caught.value.value)


def test_bad_records_are_reported_with_their_index() -> None:
    """An unknown item, a level 5 and a missing field."""
    records = [
        {"rater": "R1", "item": "micro.8", "level": 3},
        {"rater": "R2", "item": "micro.2", "level": 5},
        {"rater": "R3", "item": "micro.2"},
    ]
    with pytest.raises(InvalidEvidenceError) as caught:
        Workshop.from_records(records)
    expected = ["unknown_item", "out_of_range", "missing_field"]
    assert expected == [e.code for e in caught.value.errors]
    expected = "records[1].level"
    assert expected == caught.value.errors[1].field


def test_a_matrix_row_of_the_wrong_length_is_refused() -> None:
    """Each rater gives one level (or None) per item."""
    with pytest.raises(EvidenceError) as caught:
        workshop({"R1": [3]})
    expected = "length_mismatch"
    assert expected == caught.value.code


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_a_workshop_reads_a_frame_of_records(library: str) -> None:
    """Rows with a missing level are skipped; a missing sector is None."""
    data = {
        "rater": ["R1", "R2", "R3"],
        "item": ["micro.2", "micro.2", "micro.2"],
        "level": [3, None, 2],
        "sector": ["health", None, None],
    }
    frame = pd.DataFrame(data) if library == "pandas" else pl.DataFrame(data)
    ws = Workshop.from_frame(frame)
    expected = ("R1", "R3")
    assert expected == ws.raters
    expected = {"R1": "health", "R3": None}
    assert expected == ws.sectors
    expected = (Level.THREE, Level.TWO)
    assert expected == ws.levels("micro.2")


def test_a_rating_takes_a_whole_float_level() -> None:
    """Frames store levels with gaps as floats."""
    expected = Level.THREE
    assert expected == WorkshopRating(rater="R1", item="micro.2", level=3.0).level  # type: ignore[arg-type]


# ---------------------------------------------------------------------- agreement


def test_agreement_is_krippendorffs_ordinal_alpha_over_items() -> None:
    """The value equals the krippendorff package's, raters as coders and items as units."""
    ws = workshop({"R1": [3, 2], "R2": [3, 1], "R3": [4, 2], "R4": [2, None]})
    data = np.array([[3, 2], [3, 1], [4, 2], [2, np.nan]])
    expected = krippendorff.alpha(
        reliability_data=data[:, [1, 0]], level_of_measurement="ordinal", value_domain=[1, 2, 3, 4]
    )
    assert expected == pytest.approx(ws.agreement(), abs=1e-12)


def test_agreement_is_none_when_undefined() -> None:
    """Every rating the same, or no item rated twice, leaves alpha undefined."""
    assert workshop({"R1": [3, 3], "R2": [3, 3]}).agreement() is None
    assert workshop({"R1": [3, None], "R2": [None, 2]}).agreement() is None


def test_agreement_without_krippendorff_names_the_agreement_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The statistic is an optional extra; the consensus is not."""
    monkeypatch.setitem(sys.modules, "krippendorff", None)
    ws = workshop({"R1": [3, 2], "R2": [2, 2]})
    expected = Level.TWO
    assert expected == ws.consensus().row("micro.2").level
    with pytest.raises(MissingExtraError) as caught:
        ws.agreement()
    expected = ("agreement", "krippendorff")
    assert expected == (caught.value.extra, caught.value.package)


# ---------------------------------------------------------------------- to assessments


def test_a_workshop_becomes_a_self_assessment_of_its_consensus() -> None:
    """The consensus levels are panel ratings; the raters are the assessors."""
    ws = workshop({"R1": [3, 2], "R2": [4, 1], "R3": [3, 3]})
    a = ws.assessment()
    expected = ("A", "2017-03", "self_assessment")
    assert expected == a.key
    expected = ("R1", "R2", "R3")
    assert expected == a.assessors
    expected = (Level.THREE, Level.TWO)
    assert expected == (a["micro.2"].level, a["meso.2"].level)
    expected = "rating"
    assert expected == a["micro.2"].basis


# ---------------------------------------------------------------------- comparison


def evaluated(evidence: dict[str, object], method: str) -> Assessment:
    """An assessment of locality A by ``method``."""
    return Assessment.from_evidence(evidence, locality="A", date="2017-03", method=method)


def test_a_self_assessment_is_compared_with_an_evaluation_item_by_item() -> None:
    """Differences, verdicts and agreement shares, exactly."""
    own = evaluated(
        {
            "micro.2": {"kind": "rating", "level": 4},
            "meso.2": {"kind": "rating", "level": 2},
            "micro.7": {"kind": "rating", "level": 3},
        },
        "self_assessment",
    )
    theirs = evaluated(
        {
            "micro.2": {"kind": "proportion", "percent": 55},
            "meso.2": {"kind": "count", "count": 2},
            "micro.7": {"kind": "rating", "level": 4},
        },
        "independent_evaluation",
    )
    table = compare_methods(own, theirs)
    rows = {r.id: r for r in table}
    expected = (2, True)
    assert expected == (rows["micro.2"].difference, rows["micro.2"].verdicts_differ)
    expected = (0, False)
    assert expected == (rows["meso.2"].difference, rows["meso.2"].verdicts_differ)
    expected = (-1, False)
    assert expected == (rows["micro.7"].difference, rows["micro.7"].verdicts_differ)
    expected = (None, None)
    assert expected == (rows["macro.1"].difference, rows["macro.1"].verdicts_differ)
    assert Fraction(1, 3) == table.exact_agreement
    assert Fraction(2, 3) == table.verdict_agreement


def test_methods_must_be_the_right_way_round_and_of_one_locality() -> None:
    """Two self-assessments, or two localities, are refused."""
    own = evaluated({}, "self_assessment")
    with pytest.raises(EvidenceError) as caught:
        compare_methods(own, own)
    expected = "wrong_method"
    assert expected == caught.value.code
    other = Assessment.from_evidence(
        {}, locality="B", date="2017", method=Method.INDEPENDENT_EVALUATION
    )
    with pytest.raises(EvidenceError) as caught:
        compare_methods(own, other)
    expected = "locality_mismatch"
    assert expected == caught.value.code
    with pytest.raises(EvidenceError):
        compare_methods(own, "evaluation")  # type: ignore[arg-type]


def test_scorecards_compare_without_a_method_check() -> None:
    """Plain scorecards are taken as given."""
    card = ithrive.score({"micro.2": {"kind": "rating", "level": 3}})
    assert Fraction(1) == compare_methods(card, card).exact_agreement
    assert compare_methods(ithrive.score({}), ithrive.score({})).exact_agreement is None


def test_a_ratings_frame_without_a_level_column_is_refused_not_read_as_empty() -> None:
    """Rows with a missing level are skipped, but a frame with no level column is an error."""
    frame = pd.DataFrame({"rater": ["R1", "R2"], "item": ["micro.2", "micro.2"]})
    with pytest.raises(EvidenceError) as caught:
        Workshop.from_frame(frame)
    expected = ("missing_column", "level")
    assert expected == (caught.value.code, caught.value.field)


class TestAgreementInterval:
    """Krippendorff's alpha with a seeded bootstrap over items."""

    LEVELS: ClassVar[dict[str, list[int]]] = {
        "R1": [3, 2, 4, 1, 3, 2, 4, 3],
        "R2": [3, 2, 3, 1, 3, 2, 4, 2],
        "R3": [3, 1, 4, 2, 4, 2, 3, 3],
    }
    ITEMS: ClassVar[list[str]] = [
        "micro.2",
        "meso.2",
        "micro.7",
        "macro.1",
        "macro.2",
        "meso.1",
        "meso.3a",
        "micro.5a",
    ]

    def workshop(self) -> Workshop:
        """Three raters on eight items."""
        return Workshop.from_matrix(self.LEVELS, items=self.ITEMS)

    def test_interval_equals_an_independent_bootstrap(self) -> None:
        """The same seed, resampling item columns, and krippendorff's ordinal alpha."""
        import krippendorff
        import numpy as np

        order = [i for i in ithrive.FRAMEWORK.item_ids if i in self.ITEMS]
        data = np.array(
            [[self.LEVELS[r][self.ITEMS.index(i)] for i in order] for r in self.LEVELS],
            dtype=float,
        )
        rng = np.random.default_rng(7)
        values = []
        for _ in range(300):
            picked = data[:, rng.integers(0, len(order), len(order))]
            if np.unique(picked).size > 1:
                values.append(
                    krippendorff.alpha(
                        reliability_data=picked,
                        level_of_measurement="ordinal",
                        value_domain=[1, 2, 3, 4],
                    )
                )
        expected = tuple(np.quantile(values, [0.025, 0.975]))
        result = self.workshop().agreement_interval(resamples=300, seed=7)
        assert expected == pytest.approx((result.lower, result.upper), abs=1e-12)
        assert (len(values), self.workshop().agreement()) == (result.used, result.alpha)

    def test_same_seed_same_interval(self) -> None:
        """Reproducible: the seed decides every resample."""
        ws = self.workshop()
        assert ws.agreement_interval(resamples=200, seed=3) == ws.agreement_interval(
            resamples=200, seed=3
        )

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"confidence": 1}, "confidence"),
            ({"resamples": 5}, "resamples"),
            ({"seed": 1.5}, "seed"),
        ],
    )
    def test_bad_options_are_refused(self, kwargs: dict[str, object], field: str) -> None:
        """Confidence in (0, 1), at least 10 resamples, a whole seed."""
        with pytest.raises(EvidenceError) as caught:
            self.workshop().agreement_interval(**kwargs)  # type: ignore[arg-type]
        assert field == caught.value.field


class TestItemAgreement:
    """Shares of rater pairs agreeing on each item."""

    def test_pairs_exact_and_within_one_by_hand(self) -> None:
        """Levels 3, 3, 2, 1: six pairs, one equal, four within one level (all but 3-1 twice)."""
        ws = Workshop.from_matrix({"R1": [3], "R2": [3], "R3": [2], "R4": [1]}, items=["micro.2"])
        row = ws.item_agreement().row("micro.2")
        assert (4, 6, Fraction(1, 6), Fraction(4, 6)) == (
            row.raters,
            row.pairs,
            row.exact,
            row.within_one,
        )

    def test_an_item_with_one_rater_has_no_agreement(self) -> None:
        """One rater: no pairs, None."""
        ws = Workshop.from_matrix({"R1": [3]}, items=["micro.2"])
        assert (0, None) == (
            ws.item_agreement().row("micro.2").pairs,
            ws.item_agreement().row("micro.2").exact,
        )


class TestSectorQuorum:
    """A sector conflict needs at least two raters in each sector compared."""

    def test_one_rater_alone_does_not_make_a_sector_conflict(self) -> None:
        """Health (two raters, level 3) beside one education rater at 2: no 'sectors' flag."""
        ws = Workshop.from_records(
            [
                {"rater": "R1", "sector": "health", "item": "micro.2", "level": 3},
                {"rater": "R2", "sector": "health", "item": "micro.2", "level": 3},
                {"rater": "R3", "sector": "education", "item": "micro.2", "level": 2},
            ]
        )
        assert () == ws.consensus().row("micro.2").conflicts

    def test_two_raters_a_side_do(self) -> None:
        """With a second education rater at 2, the sectors conflict."""
        ws = Workshop.from_records(
            [
                {"rater": "R1", "sector": "health", "item": "micro.2", "level": 3},
                {"rater": "R2", "sector": "health", "item": "micro.2", "level": 3},
                {"rater": "R3", "sector": "education", "item": "micro.2", "level": 2},
                {"rater": "R4", "sector": "education", "item": "micro.2", "level": 2},
            ]
        )
        assert ("sectors",) == ws.consensus().row("micro.2").conflicts


def test_item_is_a_deprecated_alias_of_id() -> None:
    """Rows name the item ``id`` as every table does; ``item`` still reads it, with a warning."""
    ws = Workshop.from_matrix({"R1": [3]}, items=["micro.2"])
    row = ws.consensus().row("micro.2")
    with pytest.warns(DeprecationWarning, match="use .id"):
        alias = row.item
    assert "micro.2" == alias
    card = ithrive.score({"micro.2": {"kind": "rating", "level": 3}})
    compared = compare_methods(card, card)[0]
    with pytest.warns(DeprecationWarning, match="MethodComparisonRow.item"):
        alias = compared.item
    assert compared.id == alias
