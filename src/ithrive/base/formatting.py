"""How ithrive shows a number to people: one formatter for every explanation, report and table.

Evidence and decisions keep values exact (a CollaboRATE mean computed from
responses is the fraction ``307/41``, not a float near it). People read
decimals, so every number shown in prose goes through :func:`format_number`:

- a whole number plainly: ``7``, ``70%``;
- a float as given (``7.5``, ``8.15``) when that reads plainly (no exponent,
  at most 15 significant digits; ``-0.0`` reads ``0.0``), else as two decimals like
  a fraction, without the binary noise or an exponent (``0.1 + 0.2`` reads
  ``0.3``, ``1e-07`` reads ``0.0000001``, ``1e+16`` reads ``10000000000000000``);
  or rounded to ``places`` when it is a
  statistic ithrive computed (a mean level, a probability);
- an exact fraction that is not whole as two decimals, with the exact form in
  brackets only where the decimals are not the whole story: ``15/2`` reads
  ``7.5``, ``307/41`` reads ``7.49 (exactly 307/41)``;
- never a whole number a value is not: band edges are whole (``[40, 60)``),
  so a value within 0.005 of one gets more decimals (``119999/2000`` reads
  ``59.9995 (exactly 119999/2000)``, not ``60.00``), and one closer than
  ``1e-12`` reads ``just below 60``.

JSON outputs keep the exact forms (``"307/41"``): that is data, not prose
(:func:`ithrive.evidence.exact_number`).

>>> from fractions import Fraction
>>> format_number(Fraction(307, 41))
'7.49 (exactly 307/41)'
>>> format_number(Fraction(4100, 49), "%")
'83.67% (exactly 4100/49)'
>>> format_number(Fraction(15, 2)), format_number(70, "%"), format_number(8.15)
('7.5', '70%', '8.15')
>>> format_number(2.3333333333333335, places=2)
'2.33'
>>> format_number(Fraction(119999, 2000), "%"), format_number(0.1 + 0.2), format_number(-0.0)
('59.9995% (exactly 119999/2000)', '0.3', '0.0')
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = ["format_number"]


def format_number(
    value: int | float | Fraction, unit: str = "", *, places: int | None = None
) -> str:
    """``value`` for people, followed by ``unit`` (``"%"``): see the module's rules.

    ``places`` rounds a float to that many decimals (for statistics ithrive
    computed); a whole number or an exact fraction is shown by the rules
    whatever ``places`` says. A bool is shown as the number it stands for.
    """
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return f"{value}{unit}"
    if isinstance(value, float):
        return _float_text(value, places) + unit
    exact = Fraction(value)
    if exact.denominator == 1:
        return f"{exact.numerator}{unit}"
    ratio = f"{exact.numerator}/{exact.denominator}"
    try:
        as_float = float(exact)
    except OverflowError:  # too large for a float: the exact form alone is exact
        return f"{ratio}{unit}"
    if Fraction(as_float) == exact:
        return _float_text(as_float, None) + unit
    return f"{_decimals(exact)}{unit} (exactly {ratio})"


#: The most decimals shown when a value lies very close to a whole number.
_MOST_DECIMALS = 12


def _plain(text: str) -> bool:
    """Whether a float's shortest form reads plainly: no exponent, at most 15 digits.

    A float with 16 or 17 significant digits (``0.1 + 0.2`` is
    ``0.30000000000000004``) carries binary noise from arithmetic.
    """
    digits = text.lstrip("-").replace(".", "").lstrip("0")
    return "e" not in text and len(digits) <= 15


def _decimals(exact: Fraction, *, trim: bool = False) -> str:
    """``exact`` to two decimals, never showing a whole number it is not.

    Band edges are whole numbers ("[40, 60)", "(7, 8]"), so a value within
    0.005 of one would read as the edge itself (59.9995 as "60.00", beside
    a level that says below 60). Such a value gets more decimals, up to
    :data:`_MOST_DECIMALS`, until the figure shown is not whole; nearer still
    it reads "just below 60" or "just above 7".
    """
    places = 2
    shown = round(exact, places)
    while shown.denominator == 1 and places < _MOST_DECIMALS:
        places += 1
        shown = round(exact, places)
    if shown.denominator == 1:
        side = "below" if exact < shown else "above"
        return f"just {side} {shown.numerator}"
    whole, rest = divmod(abs(shown) * 10**places, 10**places)
    text = f"{'-' if shown < 0 else ''}{whole}.{int(rest):0{places}d}"
    return text.rstrip("0").rstrip(".") if trim else text


def _float_text(value: float, places: int | None) -> str:
    """A float for people: as given when it reads plainly, else as decimals.

    Negative zero reads "0.0"; a float whose shortest form has an exponent or
    16 or more digits (``0.1 + 0.2``, ``1e-07``, ``1e+16``) reads as a whole
    number if it is one, else as two decimals by the rule of :func:`_decimals`
    (``0.3``, ``0.0000001``; ``59.99999999999999`` reads "just below 60").
    """
    if not math.isfinite(value):
        return repr(value)
    if value == 0:
        value = 0.0  # negative zero reads as zero
    if places is not None:
        text = f"{value:.{places}f}"
        return text[1:] if text.lstrip("-0.") == "" and text.startswith("-") else text
    text = repr(value)
    if _plain(text):
        return text
    exact = Fraction(value)
    if exact.denominator == 1:
        return str(exact.numerator)
    return _decimals(exact, trim=True)
