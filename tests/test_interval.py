"""Intervals: exact bands written as in mathematics, such as ``[40, 60)``."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ithrive.rules import Interval, IntervalSyntaxError

# --------------------------------------------------------------------------- strategies

#: Decimal texts as a ruleset author writes them: up to 4 places, within +-1000.
decimal_texts = st.builds(
    lambda units, places: format(Decimal(units).scaleb(-places), "f"),
    st.integers(min_value=-10_000_000, max_value=10_000_000),
    st.integers(min_value=0, max_value=4),
)


@st.composite
def interval_texts(draw: st.DrawFn) -> str:
    """Text of an interval with decimal bounds, either end open or closed."""
    low, high = draw(decimal_texts), draw(decimal_texts)
    left, right = draw(st.sampled_from("[(")), draw(st.sampled_from("])"))
    spaces = draw(st.sampled_from(["", " ", "  "]))
    return f"{left}{spaces}{low},{spaces or ' '}{high}{spaces}{right}"


@st.composite
def intervals(draw: st.DrawFn) -> Interval:
    """An interval with rational bounds, not necessarily ordered."""
    return Interval.parse(draw(interval_texts()))


@st.composite
def small_intervals(draw: st.DrawFn) -> Interval:
    """An interval whose bounds lie within +-50, with up to two decimal places."""
    low, high = (
        Fraction(draw(st.integers(min_value=-5000, max_value=5000)), 100) for _ in range(2)
    )
    return Interval(low, high, draw(st.booleans()), draw(st.booleans()))


real_values = st.one_of(
    st.integers(min_value=-2000, max_value=2000),
    st.floats(min_value=-2000, max_value=2000, allow_nan=False),
    st.fractions(min_value=-2000, max_value=2000, max_denominator=10**6),
)


def _brute_member(iv: Interval, value: Fraction) -> bool:
    """Membership by plain Fraction comparison, the reference for the exact test."""
    low_ok = value > iv.lower or (value == iv.lower and iv.lower_closed)
    high_ok = value < iv.upper or (value == iv.upper and iv.upper_closed)
    return low_ok and high_ok


# --------------------------------------------------------------------------- parsing


class TestParsing:
    """Interval.parse reads mathematical interval text into exact bounds."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("[0, 40)", Interval(Fraction(0), Fraction(40), True, False)),
            ("(6, 7]", Interval(Fraction(6), Fraction(7), False, True)),
            ("[80, 100]", Interval(Fraction(80), Fraction(100), True, True)),
            ("(40, 40)", Interval(Fraction(40), Fraction(40), False, False)),
            ("[59.5, 60)", Interval(Fraction(119, 2), Fraction(60), True, False)),
            ("  [ .5 ,1. ]  ", Interval(Fraction(1, 2), Fraction(1), True, True)),
            ("[-3, +4)", Interval(Fraction(-3), Fraction(4), True, False)),
            ("[60, 40)", Interval(Fraction(60), Fraction(40), True, False)),
        ],
    )
    def test_reads_bounds_and_ends_exactly(self, text: str, expected: Interval) -> None:
        """Each bound is an exact Fraction and each bracket sets whether its end is closed."""
        assert expected == Interval.parse(text)

    def test_reads_a_decimal_bound_as_an_exact_fraction_not_a_float(self) -> None:
        """0.1 is parsed as 1/10 exactly, never as the nearest binary float."""
        assert Fraction(1, 10) == Interval.parse("[0.1, 1)").lower

    @pytest.mark.parametrize(
        "text",
        [
            "0, 40",
            "[0 40)",
            "[0; 40)",
            "{0, 40}",
            "[0, 40",
            "[a, 40)",
            "[0, 40) x",
            "[0, inf)",
            "[, 40)",
            "",
        ],
    )
    def test_rejects_text_that_is_not_an_interval(self, text: str) -> None:
        """Malformed text raises IntervalSyntaxError quoting the text."""
        with pytest.raises(IntervalSyntaxError) as info:
            Interval.parse(text)
        assert repr(text) in str(info.value)

    @pytest.mark.parametrize("value", [40, 40.0, None, ["[0, 40)"]])
    def test_rejects_a_value_that_is_not_text(self, value: object) -> None:
        """Only strings are parsed; a number or list raises IntervalSyntaxError."""
        with pytest.raises(IntervalSyntaxError):
            Interval.parse(value)  # type: ignore[arg-type]

    def test_syntax_error_is_a_value_error(self) -> None:
        """IntervalSyntaxError derives from ValueError so generic handlers catch it."""
        assert issubclass(IntervalSyntaxError, ValueError)


class TestStrRoundTrip:
    """str(interval) writes text that Interval.parse reads back to the same interval."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("[0, 40)", "[0, 40)"),
            ("(6,7]", "(6, 7]"),
            ("[ 59.50 , 60 )", "[59.5, 60)"),
            ("[-0, 1]", "[0, 1]"),
            ("[.25, 1.)", "[0.25, 1)"),
        ],
    )
    def test_writes_canonical_text(self, text: str, expected: str) -> None:
        """str() writes bounds in their shortest exact form with one space after the comma."""
        assert expected == str(Interval.parse(text))

    @settings(max_examples=200, deadline=None)
    @given(interval_texts())
    def test_parse_of_str_gives_back_the_same_interval(self, text: str) -> None:
        """For decimal bounds of up to four places, parse(str(iv)) == iv."""
        iv = Interval.parse(text)
        assert iv == Interval.parse(str(iv))

    @settings(max_examples=200, deadline=None)
    @given(interval_texts())
    def test_str_is_stable_after_one_round_trip(self, text: str) -> None:
        """str(parse(str(iv))) == str(iv): canonical text is a fixed point."""
        once = str(Interval.parse(text))
        assert once == str(Interval.parse(once))

    @pytest.mark.parametrize(
        "text",
        [
            "[0.00001, 1)",  # str() writes '1e-05', which parse() rejects
            "[0, 0.12345678901234567891)",  # str() writes a 'num/den' bound, which parse() rejects
        ],
    )
    def test_round_trips_bounds_that_a_float_repr_cannot_write_plainly(self, text: str) -> None:
        """An interval with a tiny or very long decimal bound reads back from its str()."""
        iv = Interval.parse(text)
        assert iv == Interval.parse(str(iv))


# --------------------------------------------------------------------------- membership


class TestMembership:
    """Membership is decided exactly, so no value lands in the wrong band through rounding."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (60, True),
            (60.0, True),
            (Fraction(119, 2), False),
            (Fraction(159, 2), True),
            (79.99999999999999, True),
            (80, False),
            (80.0, False),
            (Fraction(80), False),
            (Fraction(7999999, 100000), True),
            (59.99999999999999, False),
        ],
    )
    def test_decides_membership_of_a_half_open_band_exactly(
        self, value: object, expected: bool
    ) -> None:
        """[60, 80) holds 60 and 79.99999999999999 but not 80 or anything below 60."""
        assert expected == (value in Interval.parse("[60, 80)"))

    def test_open_and_closed_ends_decide_the_edge_values(self) -> None:
        """(6, 7] excludes 6 and includes 7, for ints, floats and Fractions alike."""
        band = Interval.parse("(6, 7]")
        expected = [False, False, False, True, True, True]
        assert expected == [v in band for v in (6, 6.0, Fraction(6), 7, 7.0, Fraction(7))]

    def test_a_float_just_below_a_band_edge_lands_below_it(self) -> None:
        """39.99999999999999 is in [0, 40) and not in [40, 60): the float's exact value decides."""
        value = 39.99999999999999
        expected = (True, False)
        assert expected == (value in Interval.parse("[0, 40)"), value in Interval.parse("[40, 60)"))

    @pytest.mark.parametrize("value", [True, False, "70", None, [70], complex(70, 0)])
    def test_non_numbers_are_never_members(self, value: object) -> None:
        """Booleans, text and other non-numbers are not in any interval."""
        assert (value in Interval.parse("[0, 100]")) is False

    @pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
    def test_nan_and_infinities_are_not_members_of_a_finite_interval(self, value: float) -> None:
        """NaN and the infinities are answered with False rather than an exception."""
        assert (value in Interval.parse("[0, 100]")) is False

    def test_contains_ratio_decides_num_over_den_exactly(self) -> None:
        """contains_ratio(2, 3) tests 2/3 without rounding against a bound of 0.6666666666666666."""
        band = Interval.parse("[0, 0.6666666666666666]")
        expected = (False, True)
        assert expected == (
            band.contains_ratio(2, 3),
            band.contains_ratio(6666666666666666, 10**16),
        )

    @settings(max_examples=250, deadline=None)
    @given(intervals(), real_values)
    def test_membership_agrees_with_exact_fraction_comparison(
        self, iv: Interval, value: int | float | Fraction
    ) -> None:
        """`value in iv` equals comparing Fraction(value) with the bounds."""
        assert _brute_member(iv, Fraction(value)) == (value in iv)

    @settings(max_examples=300, deadline=None)
    @given(st.floats(min_value=0, max_value=100, allow_nan=False))
    def test_every_percent_lies_in_exactly_one_default_band(self, value: float) -> None:
        """The bands [0, 40) [40, 60) [60, 80) [80, 100] cover every float percent exactly once."""
        bands = [Interval.parse(t) for t in ("[0, 40)", "[40, 60)", "[60, 80)", "[80, 100]")]
        assert 1 == sum(value in b for b in bands)


class TestEmptiness:
    """is_empty says whether any real number lies in the interval."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("(40, 40)", True),
            ("[40, 40)", True),
            ("(40, 40]", True),
            ("[40, 40]", False),
            ("[60, 40)", True),
            ("(1, 2)", False),
        ],
    )
    def test_reports_whether_the_interval_holds_a_value(self, text: str, expected: bool) -> None:
        """Only a point interval closed at both ends, or lower < upper, is non-empty."""
        assert expected == Interval.parse(text).is_empty

    @settings(max_examples=300, deadline=None)
    @given(intervals())
    def test_empty_exactly_when_neither_bound_nor_midpoint_is_inside(self, iv: Interval) -> None:
        """Non-empty exactly when its lower bound, upper bound or midpoint is in it."""
        probes = (iv.lower, iv.upper, (iv.lower + iv.upper) / 2)
        assert (not any(p in iv for p in probes)) == iv.is_empty


class TestIntegers:
    """integers() lists the whole numbers in an interval, used for count bands."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("[0, 7]", [0, 1, 2, 3, 4, 5, 6, 7]),
            ("[0, 1]", [0, 1]),
            ("[2, 2]", [2]),
            ("[4, 7]", [4, 5, 6, 7]),
            ("(1, 2)", []),
            ("(6, 7]", [7]),
            ("[0, 40)", list(range(40))),
            ("(0.5, 3.5)", [1, 2, 3]),
            ("[-1.5, 0)", [-1]),
            ("(40, 40)", []),
            ("[5, 3]", []),
        ],
    )
    def test_lists_the_whole_numbers_inside(self, text: str, expected: list[int]) -> None:
        """Closed ends include whole-number bounds; open ends exclude them."""
        assert expected == list(Interval.parse(text).integers())

    @settings(max_examples=300, deadline=None)
    @given(small_intervals())
    def test_integers_are_exactly_the_whole_numbers_that_are_members(self, iv: Interval) -> None:
        """integers() equals the members among the whole numbers around the bounds."""
        lo, hi = math.floor(min(iv.lower, iv.upper)) - 2, math.ceil(max(iv.lower, iv.upper)) + 2
        expected = [n for n in range(lo, hi + 1) if n in iv]
        assert expected == list(iv.integers())


class TestImmutability:
    """Intervals are frozen values."""

    def test_assigning_a_bound_raises(self) -> None:
        """Setting lower on a parsed interval raises FrozenInstanceError."""
        iv = Interval.parse("[0, 40)")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            iv.lower = Fraction(1)  # type: ignore[misc]

    def test_equal_text_gives_equal_and_hashable_intervals(self) -> None:
        """Two parses of the same text are equal and hash alike."""
        a, b = Interval.parse("[40, 60)"), Interval.parse("[ 40.0 , 60 )")
        assert (a, hash(a)) == (b, hash(b))


class TestUnreadableNumbers:
    """Bounds Python cannot turn into a fraction are syntax errors, never foreign exceptions."""

    @pytest.mark.parametrize("text", ["[0, 1/0]", "[0/0, 1]", "[0, " + "9" * 5000 + ")"])
    def test_a_zero_denominator_or_an_overlong_number_is_an_interval_syntax_error(
        self, text: str
    ) -> None:
        """``1/0`` and a 5000-digit bound raise :class:`IntervalSyntaxError`, text shortened."""
        with pytest.raises(IntervalSyntaxError) as info:
            Interval.parse(text)
        assert ("invalid_value", "text", text) == (
            info.value.code,
            info.value.field,
            info.value.value,
        )
        assert len(str(info.value)) < 300
