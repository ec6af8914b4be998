"""Exact numbers in evidence JSON: a fraction no JSON number equals is written as ``"p/q"`` text.

Evidence keeps values exactly (a CollaboRATE mean of 20/3, a percent read
from a ``numpy.longdouble``); these helpers give such a value its JSON form
and say which text is read back as an exact fraction. Every evidence module,
and the layers above, use them.
"""

from __future__ import annotations

import numbers
from fractions import Fraction
from typing import Final

from ithrive.errors import wrong_type

__all__ = ["RATIO_PATTERN", "exact_number", "ratio_text"]

#: The text form of an exact fraction in JSON, such as ``"269/33"``.
RATIO_PATTERN: Final[str] = r"^[ \t\n\r]*[+-]?[0-9]{1,30}/[0-9]{1,30}[ \t\n\r]*$"


def ratio_text(value: Fraction) -> str:
    """A fraction as the ratio text evidence JSON accepts: ``"p/q"``, exactly.

    >>> from fractions import Fraction
    >>> from ithrive.evidence import ratio_text
    >>> ratio_text(Fraction(20, 3))
    '20/3'
    """
    _check(value)
    return f"{value.numerator}/{value.denominator}"


def exact_number(value: Fraction) -> int | float | str:
    """A fraction for JSON without loss: a whole number, a float it equals exactly, or ``"p/q"``.

    >>> from fractions import Fraction
    >>> from ithrive.evidence import exact_number
    >>> exact_number(Fraction(6, 2)), exact_number(Fraction(1, 4)), exact_number(Fraction(20, 3))
    (3, 0.25, '20/3')
    """
    _check(value)
    if value.denominator == 1:
        return value.numerator
    as_float = float(value)
    if Fraction(as_float) == value:
        return as_float
    return ratio_text(value)


def _check(value: object) -> None:
    """Refuse what is not an exact fraction (an int or a Fraction) as ``wrong_type``."""
    if type(value) is not Fraction and not isinstance(value, numbers.Rational):
        raise wrong_type(value, "an exact fraction (an int or a Fraction)", field="value")
