"""The terminal table fits 100 columns whatever the evidence."""

# The house style is `assert expected == actual`, which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ithrive
from ithrive.scorecard.table import overall_text, render_table

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))

ratings = st.dictionaries(
    st.sampled_from(ithrive.FRAMEWORK.item_ids),
    st.builds(
        lambda level, rater: {"kind": "rating", "level": level, "rater": rater},
        st.integers(1, 4),
        st.text(max_size=200),
    ),
)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_fits_100_columns(path: Path) -> None:
    """No line of any example's table is wider than 100 characters."""
    card = ithrive.score(json.loads(path.read_text("utf-8")))
    assert [] == [line for line in render_table(card).splitlines() if len(line) > 100]


@settings(max_examples=50, deadline=None)
@given(ratings, st.text(max_size=300), st.integers(72, 140))
def test_any_scorecard_fits_the_width_asked_for(
    evidence: dict[str, object], locality: str, width: int
) -> None:
    """Long localities and notes never push a line past ``width``."""
    card = ithrive.score({"locality": locality, "evidence": evidence})
    text = render_table(card, width=width)
    assert [] == [line for line in text.splitlines() if len(line) > width]


def test_warnings_and_gaps_are_listed() -> None:
    """Warnings and items with insufficient evidence are listed with their codes."""
    card = ithrive.score(json.loads((ROOT / "examples" / "westford.json").read_text("utf-8")))
    text = render_table(card)
    assert "[rating_differs]" in text
    assert "macro.1" in text.split("Warnings and gaps:")[1]


def test_the_overall_sentence_names_what_is_missing() -> None:
    """The verdict names principles below 3 and principles not rated."""
    card = ithrive.score(
        {"micro.2": {"kind": "rating", "level": 2}, "micro.7": {"kind": "rating", "level": 3}}
    )
    text = overall_text(card)
    assert text.startswith("not THRIVE-like: 1 principle(s) below level 3 (micro.2); 15 not rated")


def test_a_thrive_like_locality_says_so() -> None:
    """Every principle at 3 or above gives the THRIVE-like sentence."""
    card = ithrive.score({i: {"kind": "rating", "level": 3} for i in ithrive.FRAMEWORK.item_ids})
    assert "THRIVE-like: every principle is rated at level 3 or above." == overall_text(card)


def test_a_long_locality_is_clipped_but_the_date_and_ruleset_stay() -> None:
    """A locality too long for the first line is shortened; its date and ruleset still show."""
    card = ithrive.score({"locality": "Long name " * 20, "date": "2019-03", "evidence": {}})
    head = render_table(card).splitlines()[0]
    assert (100, True) == (len(head), head.endswith(" | 2019-03 | ruleset thrive-assessment 1.0.0"))


def test_control_characters_in_user_text_never_reach_the_terminal() -> None:
    """Newlines, tabs and escape sequences in a locality or rater are written as spaces."""
    card = ithrive.score(
        {
            "locality": "North\nvale\t\x1b[31m",
            "evidence": {"macro.3": {"kind": "rating", "level": 3, "rater": "A\x1b]0;x\x07"}},
        }
    )
    text = render_table(card)
    assert "North vale  [31m | ruleset thrive-assessment 1.0.0" == text.splitlines()[0]
    assert [] == [ch for ch in text if ch != "\n" and (ord(ch) < 32 or 127 <= ord(ch) < 160)]


def test_wide_characters_count_as_two_columns() -> None:
    """A locality in Japanese is clipped by the columns it takes on screen, not its length."""
    import unicodedata

    def columns(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    card = ithrive.score(
        {"locality": "北部地域の児童精神保健" * 10, "date": "2018-03", "evidence": {}}
    )
    head = render_table(card).splitlines()[0]
    assert (True, True) == (
        columns(head) <= 100,
        head.endswith("| 2018-03 | ruleset thrive-assessment 1.0.0"),
    )


@pytest.mark.parametrize(
    "junk", [None, {}, "card", ithrive.default_ruleset()], ids=["None", "dict", "str", "Ruleset"]
)
def test_overall_text_of_something_not_a_scorecard_is_a_wrong_type_naming_card(
    junk: object,
) -> None:
    """``overall_text`` of anything without a scorecard's principles and verdict is
    ``wrong_type`` naming ``card``, not a bare ``AttributeError``."""
    with pytest.raises(ithrive.EvidenceError) as caught:
        overall_text(junk)  # type: ignore[arg-type]
    assert ("wrong_type", "card", junk) == (
        caught.value.code,
        caught.value.field,
        caught.value.value,
    )
