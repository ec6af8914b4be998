"""Tests for ithrive.analysis.uncertainty: Jeffreys intervals, band probabilities, sample sizes."""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats
from tests.strategies import local_variant

import ithrive
from ithrive import Level, Proportion, Survey
from ithrive.analysis.uncertainty import (
    BandProbability,
    ItemUncertainty,
    assess,
    item_uncertainty,
    jeffreys_interval,
    sample_size,
)
from ithrive.evidence.measures import AUDIT_ITEMS

#: A local variant of micro.2 with higher bands: THRIVE-like from 70%.
LOCAL = local_variant(
    "micro.2",
    measure="notes_audit",
    kind="proportion",
    domain="[0, 100]",
    bands=[(1, "[0, 50)"), (2, "[50, 70)"), (3, "[70, 90)"), (4, "[90, 100]")],
    citation="local audit",
)

COUNTED_ITEMS = (*AUDIT_ITEMS, "micro.3a", "meso.3b")


def counts(max_n: int = 400) -> st.SearchStrategy[tuple[int, int]]:
    """Pairs (k, n) with 0 <= k <= n and 1 <= n <= max_n."""
    return st.integers(1, max_n).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


def evidence_for(item: str, k: int, n: int) -> Proportion | Survey:
    """Audit evidence for an audit item, survey evidence for a survey item."""
    if item in ("micro.3a", "meso.3b"):
        return Survey(agree=k, respondents=n, eligible=n)
    return Proportion(numerator=k, denominator=n)


def oracle(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Jeffreys interval computed directly from scipy, in percent."""
    tail = (1 - confidence) / 2
    low = 0.0 if k == 0 else stats.beta.ppf(tail, k + 0.5, n - k + 0.5)
    high = 1.0 if k == n else stats.beta.ppf(1 - tail, k + 0.5, n - k + 0.5)
    return 100 * float(low), 100 * float(high)


# ------------------------------------------------------------------ intervals


class TestJeffreysInterval:
    """The interval is the Beta(k + 1/2, n - k + 1/2) central interval, in percent."""

    def test_eighteen_of_thirty_matches_the_beta_quantiles(self) -> None:
        """18 of 30: about 42.2% to 76.0%."""
        low, high = jeffreys_interval(18, 30)
        assert oracle(18, 30) == pytest.approx((low, high), abs=1e-9)
        assert (42.2, 76.0) == (round(low, 1), round(high, 1))

    def test_no_successes_starts_at_zero_and_all_successes_end_at_one_hundred(self) -> None:
        """The ends at k = 0 and k = n are pinned (Brown, Cai and DasGupta)."""
        assert 0.0 == jeffreys_interval(0, 20)[0]
        assert 100.0 == jeffreys_interval(20, 20)[1]

    def test_a_higher_confidence_gives_a_wider_interval(self) -> None:
        """99% contains 95%."""
        low95, high95 = jeffreys_interval(18, 30)
        low99, high99 = jeffreys_interval(18, 30, confidence=0.99)
        assert low99 < low95 < high95 < high99

    @pytest.mark.parametrize(
        ("args", "code"),
        [
            ((5, 0), "out_of_range"),
            ((-1, 5), "out_of_range"),
            ((6, 5), "numerator_above_denominator"),
            ((1.5, 5), "wrong_type"),
            ((True, 5), "wrong_type"),
            ((10**400, 2 * 10**400), "too_large"),
            ((1, 10**16), "too_large"),
        ],
    )
    def test_impossible_counts_are_refused(self, args: tuple[object, object], code: str) -> None:
        """Counts must be whole, non-negative and k <= n >= 1."""
        with pytest.raises(ithrive.EvidenceError) as info:
            jeffreys_interval(*args)  # type: ignore[arg-type]
        assert code == info.value.code

    @pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1, "95%", True])
    def test_a_confidence_outside_zero_to_one_is_refused(self, confidence: object) -> None:
        """Confidence is strictly between 0 and 1."""
        with pytest.raises(ithrive.EvidenceError) as info:
            jeffreys_interval(1, 2, confidence=confidence)  # type: ignore[arg-type]
        assert ("out_of_range", "confidence") == (info.value.code, info.value.field)

    @settings(deadline=None)
    @given(counts())
    def test_the_interval_agrees_with_scipy_and_holds_the_observed_rate(
        self, kn: tuple[int, int]
    ) -> None:
        """Lower <= observed <= upper, within 0-100, equal to the direct quantiles."""
        k, n = kn
        low, high = jeffreys_interval(k, n)
        assert oracle(k, n) == pytest.approx((low, high), abs=1e-9)
        assert 0 <= low <= 100 * k / n <= high <= 100


# ------------------------------------------------------------------ one item


class TestItemUncertainty:
    """An item's audit or survey, under the item's own bands."""

    def test_sixty_percent_of_thirty_is_level_three_but_barely(self) -> None:
        """18 of 30 is level 3, straddles the boundary, and level 2 is as likely."""
        u = item_uncertainty("micro.2", Proportion(numerator=18, denominator=30))
        assert (Level.THREE, True, Fraction(60)) == (u.observed_level, u.straddles, u.boundary)
        assert Level.TWO == u.most_probable
        assert 0.49 == round(u.probability_thrive_like, 2)

    def test_a_large_clear_audit_does_not_straddle(self) -> None:
        """30 of 40 (75%): the interval lies above 60%."""
        u = item_uncertainty("micro.2", {"kind": "proportion", "numerator": 30, "denominator": 40})
        assert (False, Level.THREE) == (u.straddles, u.most_probable)
        assert u.lower > 60

    def test_a_survey_uses_agreeing_staff_of_respondents(self) -> None:
        """Survey agreement: agree of respondents; completion plays no part."""
        u = item_uncertainty("micro.3a", Survey(agree=30, respondents=40, eligible=200))
        assert (30, 40, Fraction(75)) == (u.successes, u.trials, u.observed)
        assert ("staff_survey", Level.THREE) == (u.measure, u.observed_level)

    def test_band_probabilities_are_the_posterior_mass_of_each_band(self) -> None:
        """Each band's probability is the Beta cdf difference over its ends."""
        u = item_uncertainty("micro.2", Proportion(numerator=18, denominator=30))
        edges = [0, 0.4, 0.6, 0.8, 1]
        cdf = [float(stats.beta.cdf(x, 18.5, 12.5)) for x in edges]
        expected = [b - a for a, b in itertools.pairwise(cdf)]
        assert expected == pytest.approx([b.probability for b in u.bands], abs=1e-12)
        assert [1, 2, 3, 4] == [int(b.level) for b in u.bands]

    def test_a_local_ruleset_s_bands_are_used(self) -> None:
        """With level 3 from 70%, 18 of 30 is level 2, below a boundary of 70."""
        u = item_uncertainty("micro.2", Proportion(numerator=18, denominator=30), ruleset=LOCAL)
        assert (Level.TWO, Fraction(70), True) == (u.observed_level, u.boundary, u.straddles)
        assert ["[0, 50)", "[50, 70)", "[70, 90)", "[90, 100]"] == [
            str(b.interval) for b in u.bands
        ]
        cdf = [float(stats.beta.cdf(x, 18.5, 12.5)) for x in (0.7, 1.0)]
        assert cdf[1] - cdf[0] == pytest.approx(u.probability_thrive_like, abs=1e-12)

    def test_several_measures_need_the_measure_name(self) -> None:
        """macro.5 has two proportion measures; counts for CHI-ESQ use its bands."""
        with pytest.raises(ithrive.EvidenceError) as info:
            item_uncertainty("macro.5", Proportion(numerator=8, denominator=10))
        assert "measure_required" == info.value.code
        u = item_uncertainty("macro.5", Proportion(numerator=17, denominator=20, measure="chi_esq"))
        assert (Fraction(80), Level.THREE) == (u.boundary, u.observed_level)

    @pytest.mark.parametrize(
        ("item", "evidence", "code"),
        [
            ("micro.2", {"kind": "proportion", "percent": 60}, "no_counts"),
            (
                "micro.3a",
                {"kind": "survey", "agree": 0, "respondents": 0, "eligible": 9},
                ("no_respondents"),
            ),
            (
                "micro.1b",
                {"kind": "collaborate", "mean": 7.6, "offered_percent": 60},
                ("not_from_counts"),
            ),
            ("meso.2", {"kind": "count", "count": 3}, "not_from_counts"),
            ("micro.2", {"kind": "rating", "level": 3}, "not_from_counts"),
            ("macro.1", {"kind": "indicators", "criteria": {}}, "not_from_counts"),
            (
                "micro.2",
                {"kind": "survey", "agree": 1, "respondents": 2, "eligible": 3},
                ("kind_not_accepted"),
            ),
        ],
    )
    def test_evidence_without_counts_says_why_it_has_no_interval(
        self, item: str, evidence: dict[str, object], code: str
    ) -> None:
        """Percents, CollaboRATE, counts and judgements have no interval; the code says why."""
        with pytest.raises(ithrive.EvidenceError) as info:
            item_uncertainty(item, evidence)
        assert (code, item) == (info.value.code, info.value.item)

    def test_an_unknown_item_suggests_the_nearest(self) -> None:
        """A misspelt item id raises UnknownItemError."""
        with pytest.raises(ithrive.UnknownItemError):
            item_uncertainty("micro.22", Proportion(numerator=1, denominator=2))

    def test_to_dict_is_json_ready(self) -> None:
        """Every field, the interval and the derived probabilities, as JSON."""
        u = item_uncertainty("micro.2", Proportion(numerator=2, denominator=3))
        data = json.loads(json.dumps(u.to_dict()))
        assert ("200/3", 3, 60, True, 4) == (
            data["observed"],
            data["observed_level"],
            data["boundary"],
            data["straddles"],
            len(data["bands"]),
        )
        assert {"level": 1, "interval": "[0, 40)", "probability": u.bands[0].probability} == (
            data["bands"][0]
        )

    def test_str_reads_as_a_sentence(self) -> None:
        """The summary names the counts, interval, probabilities and the straddle."""
        u = item_uncertainty("micro.2", Proportion(numerator=18, denominator=30))
        assert (
            "micro.2 notes_audit: 18 of 30 (60%), level 3; 95% interval 42.2%-76.0%; "
            "P(band) 1: 0.01, 2: 0.49, 3: 0.49, 4: 0.01; "
            "straddles the THRIVE-like boundary 60%"
        ) == str(u)

    def test_str_never_rounds_the_observed_percent_onto_a_band_edge(self) -> None:
        """1199 of 2000 is level 2 and reads 59.95%, not "60%" beside "level 2"."""
        text = str(item_uncertainty("micro.2", Proportion(numerator=1199, denominator=2000)))
        assert text.startswith("micro.2 notes_audit: 1199 of 2000 (59.95%), level 2;")
        text = str(item_uncertainty("micro.2", Proportion(numerator=3999, denominator=10000)))
        assert text.startswith("micro.2 notes_audit: 3999 of 10000 (39.99%), level 1;")

    @settings(deadline=None)
    @given(st.sampled_from(COUNTED_ITEMS), counts(), st.sampled_from([None, LOCAL]))
    def test_band_probabilities_sum_to_one(
        self, item: str, kn: tuple[int, int], ruleset: ithrive.Ruleset | None
    ) -> None:
        """Over the four bands, the probabilities add up to 1."""
        u = item_uncertainty(item, evidence_for(item, *kn), ruleset=ruleset)
        assert 4 == len(u.bands)
        assert all(0 <= b.probability <= 1 for b in u.bands)
        assert 1 == pytest.approx(math.fsum(b.probability for b in u.bands), abs=1e-9)

    @settings(deadline=None)
    @given(st.sampled_from(COUNTED_ITEMS), counts())
    def test_the_straddle_flag_is_the_boundary_inside_the_interval(
        self, item: str, kn: tuple[int, int]
    ) -> None:
        """straddles exactly when lower < boundary < upper; the level is the observed band's."""
        k, n = kn
        u = item_uncertainty(item, evidence_for(item, k, n))
        assert u.boundary is not None
        assert (u.lower < u.boundary < u.upper) == u.straddles
        expected = ithrive.score({item: evidence_for(item, k, n)})[item]
        if expected.level is not None:
            assert expected.level == u.observed_level

    @settings(deadline=None)
    @given(
        st.sampled_from(["[0, 40)", "[40, 60)", "[60, 80)", "[80, 100]"]),
        st.floats(0, 1),
        st.integers(2_000, 20_000),
    )
    def test_for_large_samples_the_observed_band_is_the_most_probable(
        self, band: str, where: float, n: int
    ) -> None:
        """Away from an edge by three posterior deviations, the observed band wins."""
        low, high = {
            "[0, 40)": (0, 40),
            "[40, 60)": (40, 60),
            "[60, 80)": (60, 80),
            "[80, 100]": (80, 100),
        }[band]
        k = round(n * (low + where * (high - low)) / 100)
        k = min(max(k, 0), n)
        rate = 100 * k / n
        sd = 100 * math.sqrt(max(rate / 100 * (1 - rate / 100), 1 / n) / n)
        inner = [e for e in (low, high) if 0 < e < 100]
        assume(low <= rate < high or (high == 100 and rate == 100))
        assume(all(abs(rate - e) > 3 * sd for e in inner))
        u = item_uncertainty("micro.2", Proportion(numerator=k, denominator=n))
        assert u.observed_level == u.most_probable


# ------------------------------------------------------------------ scorecards


class TestAssess:
    """Every audit and survey behind a scorecard."""

    def test_only_evidence_with_counts_is_assessed_in_item_order(self) -> None:
        """Audits with counts and answered surveys; not percents, CollaboRATE or ratings."""
        card = ithrive.score(
            {
                "micro.7": {"kind": "proportion", "numerator": 9, "denominator": 20},
                "micro.2": {"kind": "proportion", "percent": 61},
                "micro.1b": {"kind": "collaborate", "mean": 7.6, "offered_percent": 60},
                "meso.3b": {"kind": "survey", "agree": 40, "respondents": 50, "eligible": 60},
                "micro.3a": {"kind": "survey", "agree": 0, "respondents": 0, "eligible": 60},
                "meso.5": [
                    {"kind": "proportion", "numerator": 25, "denominator": 30},
                    {"kind": "rating", "level": 2},
                ],
            }
        )
        found = [(u.item, u.successes, u.trials) for u in assess(card)]
        assert [("meso.3b", 40, 50), ("meso.5", 25, 30), ("micro.7", 9, 20)] == found

    def test_one_item_result_can_be_assessed(self) -> None:
        """An ItemResult gives the uncertainty of its own evidence."""
        card = ithrive.score({"micro.2": {"kind": "proportion", "numerator": 3, "denominator": 4}})
        (u,) = assess(card["micro.2"])
        assert isinstance(u, ItemUncertainty)
        assert isinstance(u.bands[0], BandProbability)

    def test_a_card_from_a_local_ruleset_needs_that_ruleset(self) -> None:
        """Bands of the wrong ruleset would mislead, so a mismatch is refused."""
        card = ithrive.score(
            {"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}}, LOCAL
        )
        with pytest.raises(ithrive.EvidenceError) as info:
            assess(card)
        assert "ruleset_mismatch" == info.value.code
        (u,) = assess(card, ruleset=LOCAL)
        assert Fraction(70) == u.boundary

    def test_a_card_without_counts_gives_nothing(self) -> None:
        """No audit or survey: an empty tuple."""
        assert () == assess(ithrive.score({"micro.2": {"kind": "rating", "level": 2}}))

    def test_anything_else_is_refused(self) -> None:
        """Only scorecards and item results are assessed."""
        with pytest.raises(ithrive.EvidenceError) as info:
            assess({"micro.2": 1})  # type: ignore[arg-type]
        assert "wrong_type" == info.value.code


# ------------------------------------------------------------------ sample size


def half_width(p: float, n: int, confidence: float = 0.95) -> float:
    """The half-width in points at k = n * p, computed directly."""
    tail = (1 - confidence) / 2
    k = p * n
    low = 0.0 if k == 0 else stats.beta.ppf(tail, k + 0.5, n - k + 0.5)
    high = 1.0 if k == n else stats.beta.ppf(1 - tail, k + 0.5, n - k + 0.5)
    return 100 * float(high - low) / 2


class TestSampleSize:
    """How many notes to audit for a given half-width."""

    def test_sixty_percent_within_ten_points_needs_ninety_notes(self) -> None:
        """90 notes; 89 would not do."""
        assert 90 == sample_size(60, 10)
        assert half_width(0.6, 90) <= 10 < half_width(0.6, 89)

    def test_a_tighter_margin_needs_more_notes(self) -> None:
        """Halving the margin roughly quadruples the notes."""
        assert sample_size(60, 10) < sample_size(60, 5)

    @settings(deadline=None, max_examples=30)
    @given(st.floats(0, 100), st.floats(2, 50))
    def test_the_size_is_the_smallest_that_meets_the_margin(
        self, expected: float, margin: float
    ) -> None:
        """n meets the margin and n - 1 does not."""
        n = sample_size(expected, margin)
        assert half_width(expected / 100, n) <= margin
        if n > 1:
            assert half_width(expected / 100, n - 1) > margin

    @pytest.mark.parametrize(
        ("expected", "margin", "field"),
        [(101, 10, "expected"), (-1, 10, "expected"), (50, 0, "margin"), (50, 51, "margin")],
    )
    def test_values_outside_their_ranges_are_refused(
        self, expected: float, margin: float, field: str
    ) -> None:
        """Expected is a percent; the margin is above 0 and at most 50 points."""
        with pytest.raises(ithrive.EvidenceError) as info:
            sample_size(expected, margin)
        assert ("out_of_range", field) == (info.value.code, info.value.field)

    def test_a_margin_given_as_text_is_refused(self) -> None:
        """Numbers only."""
        with pytest.raises(ithrive.EvidenceError) as info:
            sample_size(60, "10")  # type: ignore[arg-type]
        assert "wrong_type" == info.value.code

    def test_a_margin_too_fine_for_any_audit_is_refused(self) -> None:
        """A margin needing more than ten million notes raises."""
        with pytest.raises(ithrive.EvidenceError) as info:
            sample_size(50, 1e-5)
        assert ("out_of_range", "margin") == (info.value.code, info.value.field)


# ------------------------------------------------------------------ without scipy


class TestWithoutScipy:
    """The stats extra is optional: its absence is reported clearly, and nothing else breaks."""

    @pytest.fixture
    def no_scipy(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Make scipy unimportable for the test."""
        for name in [m for m in sys.modules if m == "scipy" or m.startswith("scipy.")]:
            monkeypatch.setitem(sys.modules, name, None)
        monkeypatch.setitem(sys.modules, "scipy", None)

    @pytest.mark.usefixtures("no_scipy")
    @pytest.mark.parametrize(
        "call",
        [
            lambda: jeffreys_interval(18, 30),
            lambda: item_uncertainty("micro.2", Proportion(numerator=18, denominator=30)),
            lambda: assess(ithrive.score({"micro.2": Proportion(numerator=18, denominator=30)})),
            lambda: sample_size(60, 10),
        ],
        ids=["jeffreys_interval", "item_uncertainty", "assess", "sample_size"],
    )
    def test_each_uncertainty_call_names_the_extra_to_install(self, call: object) -> None:
        """MissingExtraError names scipy and 'pip install ithrive[stats]'."""
        with pytest.raises(ithrive.MissingExtraError, match=r"ithrive\[stats\]") as info:
            call()  # type: ignore[operator]
        assert ("scipy", "stats", "missing_extra") == (
            info.value.package,
            info.value.extra,
            info.value.code,
        )
        assert isinstance(info.value, ImportError)

    @pytest.mark.usefixtures("no_scipy")
    def test_scoring_measures_and_improvement_work_without_scipy(self) -> None:
        """Everything outside ithrive.analysis.uncertainty runs as usual."""
        from ithrive.analysis.improvement import action_list
        from ithrive.evidence.measures import audit

        card = ithrive.score({"micro.2": audit([True] * 17 + [False] * 13)})
        assert Level.TWO == card["micro.2"].level
        assert 1 == len(action_list(card))
        assert () == assess(ithrive.score({"micro.2": {"kind": "rating", "level": 2}}))

    def test_importing_ithrive_imports_no_optional_package(self) -> None:
        """import ithrive (and its new modules) loads neither scipy nor narwhals."""
        code = (
            "import sys, ithrive, ithrive.evidence.measures, ithrive.analysis.uncertainty, "
            "ithrive.analysis.improvement\n"
            "print(sorted(m for m in ('scipy', 'narwhals', 'numpy', 'pandas', 'polars')"
            " if m in sys.modules))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "[]" == out.stdout.strip()
