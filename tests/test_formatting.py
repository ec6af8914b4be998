"""One formatter for every number shown to people (issue #12, point 2)."""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ithrive
from ithrive.analysis.improvement import action_list, what_it_would_take
from ithrive.base.formatting import format_number
from ithrive.evidence import measures
from ithrive.outputs.boardpack import board_pack
from ithrive.scorecard.report import render_html, render_markdown
from ithrive.scorecard.table import render_table

#: A fraction written bare, "307/41", not inside the "(exactly ...)" bracket.
BARE_FRACTION = re.compile(r"(?<!exactly )(?<![\d/])\d+/\d+(?![\d/])")


def issue_example() -> measures.CollaboRATEScores:
    """The issue's example: mean 307/41 from 41 encounters, offered to 41 of 49 (4100/49%)."""
    rows = [(9, 9, 9)] * 16 + [(7, 7, 6)] * 14 + [(7, 6, 6)] * 11
    return measures.collaborate(rows, offered=41, eligible=49)


def bare_fractions(text: str) -> list[str]:
    """The fractions in ``text`` not shown as the exact form beside a decimal."""
    return BARE_FRACTION.findall(text)


class TestFormatNumber:
    def test_the_issue_mean_reads_as_decimals_with_the_exact_form_in_brackets(self) -> None:
        """307/41 reads '7.49 (exactly 307/41)'."""
        assert format_number(Fraction(307, 41)) == "7.49 (exactly 307/41)"

    def test_a_percent_keeps_its_unit_before_the_bracket(self) -> None:
        """4100/49 percent reads '83.67% (exactly 4100/49)'."""
        assert format_number(Fraction(4100, 49), "%") == "83.67% (exactly 4100/49)"

    def test_whole_numbers_read_plainly(self) -> None:
        """An int, or a fraction that is whole, has no decimals and no bracket."""
        assert [format_number(7), format_number(Fraction(140, 2), "%")] == ["7", "70%"]

    def test_floats_read_as_given(self) -> None:
        """A float is shown as written, 70.0 as 70.0 and 8.15 as 8.15."""
        assert [format_number(70.0, "%"), format_number(8.15)] == ["70.0%", "8.15"]

    def test_a_fraction_a_float_equals_needs_no_bracket(self) -> None:
        """15/2 is exactly 7.5: the decimals are the whole story."""
        assert format_number(Fraction(15, 2)) == "7.5"

    def test_places_round_a_computed_statistic(self) -> None:
        """A mean level of 7/3 computed as a float reads 2.33 with places=2."""
        assert format_number(7 / 3, places=2) == "2.33"

    def test_a_bool_reads_as_its_number(self) -> None:
        """True is 1, not 'True'."""
        assert format_number(True) == "1"

    @given(
        st.fractions(min_value=0, max_value=100).filter(
            lambda f: Fraction(float(f)) != f and f.denominator != 1
        )
    )
    def test_every_inexact_fraction_reads_as_decimals_then_exactly(self, value: Fraction) -> None:
        """A fraction no float equals reads 'd.dd (exactly p/q)', the decimals rounding it."""
        text = format_number(value)
        match = re.fullmatch(r"(\d+\.\d\d+|just (?:below|above) \d+) \(exactly (\d+/\d+)\)", text)
        assert match is not None, text
        shown, exact = match.groups()
        assert Fraction(exact) == value
        if not shown.startswith("just"):
            assert abs(Fraction(shown) - value) <= Fraction(1, 200)

    @given(
        st.one_of(
            st.fractions(min_value=-200, max_value=200),
            st.floats(min_value=-200, max_value=200, allow_nan=False),
        ),
    )
    def test_the_figure_shown_never_crosses_a_whole_number(self, value: Fraction | float) -> None:
        """Band edges are whole, so the figure shown sits on the same side of each whole number."""
        text = format_number(value)
        if text.startswith("just"):
            edge = Fraction(text.split()[2])
            assert (value < edge) == (text.split()[1] == "below")
            return
        shown = Fraction(text.split()[0])
        assert math.floor(shown) == math.floor(value)
        assert (shown == math.floor(shown)) == (value == math.floor(value))

    def test_a_value_just_below_an_edge_never_reads_as_the_edge(self) -> None:
        """59.9995% (level 2, [40, 60)) does not read '60.00%'; 7.0001 ((7, 8]) not '7.00'."""
        assert format_number(Fraction(119999, 2000), "%") == "59.9995% (exactly 119999/2000)"
        assert format_number(Fraction(70001, 10000)) == "7.0001 (exactly 70001/10000)"
        assert format_number(60 - Fraction(1, 10**15), "%").startswith("just below 60%")

    def test_a_float_reads_without_binary_noise_or_exponent(self) -> None:
        """0.1 + 0.2 reads 0.3, -0.0 reads 0.0, 1e-07 and 1e+16 read as plain decimals."""
        assert [format_number(v) for v in (0.1 + 0.2, -0.0, 1e-7, 1e16)] == [
            "0.3",
            "0.0",
            "0.0000001",
            "10000000000000000",
        ]
        assert format_number(-0.001, places=2) == "0.00"


class TestNoBareFractionInProse:
    """Issue #12: from measures.collaborate(...).to_evidence(), no prose shows a bare fraction."""

    @pytest.fixture
    def card(self) -> ithrive.Scorecard:
        """The issue's CollaboRATE evidence, scored."""
        evidence = issue_example().to_evidence()
        return ithrive.score({"evidence": {"micro.1b": evidence}, "locality": "A", "date": "2018"})

    def test_the_explanation_reads_decimals_with_the_exact_forms(
        self, card: ithrive.Scorecard
    ) -> None:
        """The explanation gives 7.49 (exactly 307/41) and 83.67% (exactly 4100/49)."""
        text = card["micro.1b"].explanation
        assert "CollaboRATE mean 7.49 (exactly 307/41)" in text
        assert "offered to 83.67% (exactly 4100/49)" in text
        assert bare_fractions(text) == []

    def test_the_html_markdown_and_terminal_reports_show_no_bare_fraction(
        self, card: ithrive.Scorecard
    ) -> None:
        """Every report for people shows the exact forms only in brackets."""
        for text in (render_html(card), render_markdown(card)):
            assert "7.49 (exactly 307/41)" in text
            assert bare_fractions(re.sub(r"<[^>]+>", " ", text)) == []
        assert "mean item level 3.00" in render_table(card)

    def test_the_board_pack_shows_no_bare_fraction(self, card: ithrive.Scorecard) -> None:
        """The board pack's assessment pages read decimals too."""
        pack = board_pack(scorecard=card)
        for text in (pack.to_html(), pack.to_markdown()):
            assert bare_fractions(re.sub(r"<[^>]+>", " ", text)) == []

    def test_what_it_would_take_shows_no_bare_fraction(self, card: ithrive.Scorecard) -> None:
        """The step to level 4 names the current mean in decimals, the exact form beside it."""
        plan = what_it_would_take(card["micro.1b"])
        text = plan.next_level.text
        assert "now 7.49 (exactly 307/41)" in text
        assert bare_fractions(text) == []
        assert all(bare_fractions(a.step.text) == [] for a in action_list(card))

    def test_json_keeps_the_exact_forms(self, card: ithrive.Scorecard) -> None:
        """JSON is data: the mean stays the exact text '307/41'."""
        micro = json.loads(card.to_json())["items"]["micro.1b"]
        assert micro["evidence"][0]["mean"] == "307/41"
        assert micro["evidence"][0]["offered_percent"] == "4100/49"

    def test_the_scores_summary_reads_decimals(self) -> None:
        """str() of the CollaboRATE scores gives the mean and top score in decimals."""
        text = str(issue_example())
        assert "mean 7.49 (exactly 307/41)" in text
        assert "top score 39.02% (exactly 1600/41), 16 of 41" in text
