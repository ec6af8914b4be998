"""Intervals of exact rational numbers, written as in mathematics: ``[40, 60)``.

Bands, domains and gate conditions in a ruleset are intervals. A bound is
parsed from its text as an exact fraction (``59.5`` is 119/2, never a float),
and membership is decided by integer cross-multiplication, so a value never
lands in the wrong band through rounding.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import attrs

from ithrive._messages import short_repr
from ithrive.errors import EvidenceError, is_whole, wrong_type

__all__ = ["Interval", "IntervalSyntaxError"]

_NUMBER = r"[-+]?(?:\d+/\d+|\d+(?:\.\d*)?|\.\d+)"
_PATTERN = re.compile(rf"^\s*([\[(])\s*({_NUMBER})\s*,\s*({_NUMBER})\s*([\])])\s*$")


class IntervalSyntaxError(EvidenceError):
    """Text that is not an interval such as ``[0, 40)`` (an :class:`~ithrive.errors.EvidenceError`).

    Its ``field`` is ``text`` and its ``value`` the text; the code is
    ``wrong_type`` for something other than text, ``invalid_value`` for text
    that does not read as an interval.
    """

    code = "invalid_value"

    def __init__(self, text: object) -> None:
        super().__init__(
            f"expected an interval such as '[0, 40)', got {short_repr(text, 200)}",
            code=None if isinstance(text, str) else "wrong_type",
            field="text",
            value=text,
        )


def _fmt(value: Fraction) -> str:
    """Write a bound exactly: plain decimal when it terminates, else ``p/q``."""
    num, den = value.numerator, value.denominator
    if den == 1:
        return str(num)
    twos = fives = 0
    rest = den
    while rest % 2 == 0:
        rest //= 2
        twos += 1
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest != 1:
        return f"{num}/{den}"
    places = max(twos, fives)
    scaled = abs(num) * 10**places // den
    whole, frac = divmod(scaled, 10**places)
    sign = "-" if num < 0 else ""
    return f"{sign}{whole}.{str(frac).rjust(places, '0').rstrip('0')}"


@attrs.frozen(order=False)
class Interval:
    """An interval of the number line with each end open or closed.

    >>> band = Interval.parse("[40, 60)")
    >>> 40 in band, 59.999 in band, 60 in band
    (True, True, False)
    >>> str(band)
    '[40, 60)'
    """

    lower: Fraction
    upper: Fraction
    lower_closed: bool = True
    upper_closed: bool = False

    @classmethod
    def parse(cls, text: str) -> Interval:
        """Read an interval from text like ``"[0, 40)"`` or ``"(6, 7]"``.

        A bound is a decimal (``59.5``) or an exact fraction (``1/3``).
        """
        match = _PATTERN.match(text) if isinstance(text, str) else None
        if match is None:
            raise IntervalSyntaxError(text)
        left, low, high, right = match.groups()
        try:
            return cls(Fraction(low), Fraction(high), left == "[", right == "]")
        except (ZeroDivisionError, ValueError):
            # A zero denominator ("1/0"), or a number too long for Python to read.
            raise IntervalSyntaxError(text) from None

    def __str__(self) -> str:
        left = "[" if self.lower_closed else "("
        right = "]" if self.upper_closed else ")"
        return f"{left}{_fmt(self.lower)}, {_fmt(self.upper)}{right}"

    @property
    def is_empty(self) -> bool:
        """Whether no real number lies in the interval."""
        if self.lower < self.upper:
            return False
        return not (self.lower == self.upper and self.lower_closed and self.upper_closed)

    def contains_ratio(self, num: int, den: int) -> bool:
        """Whether ``num / den`` (``den > 0``) lies in the interval, decided exactly."""
        lo, hi = self.lower, self.upper
        try:
            a = num * lo.denominator
            b = lo.numerator * den
            if a < b or (a == b and not self.lower_closed):
                return False
            a = num * hi.denominator
            b = hi.numerator * den
            return not (a > b or (a == b and not self.upper_closed))
        except TypeError:
            # Checked only on failure: this is the engine's inner loop.
            for name, value in (("num", num), ("den", den)):
                if not is_whole(value):
                    raise wrong_type(value, "a whole number", field=name) from None
            raise  # pragma: no cover - whole numbers always compare

    def __contains__(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
        num, den = value.as_integer_ratio()
        return self.contains_ratio(num, den)

    def integers(self) -> range:
        """The whole numbers in the interval, as a range."""
        lo = self.lower.__ceil__()
        if lo == self.lower and not self.lower_closed:
            lo += 1
        hi = self.upper.__floor__()
        if hi == self.upper and not self.upper_closed:
            hi -= 1
        return range(lo, hi + 1)
