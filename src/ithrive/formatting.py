"""How ithrive shows a number to people: one formatter for every explanation, report and table.

Evidence and decisions keep values exact (a CollaboRATE mean computed from
responses is the fraction ``307/41``, not a float near it). People read
decimals, so every number shown in prose goes through :func:`format_number`:

- a whole number plainly: ``7``, ``70%``;
- a float as given (``7.5``, ``8.15``), or rounded to ``places`` when it is a
  statistic ithrive computed (a mean level, a probability);
- an exact fraction that is not whole as two decimals, with the exact form in
  brackets only where the decimals are not the whole story: ``15/2`` reads
  ``7.5``, ``307/41`` reads ``7.49 (exactly 307/41)``.

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
        if places is not None and math.isfinite(value):
            return f"{value:.{places}f}{unit}"
        return f"{value!r}{unit}"
    exact = Fraction(value)
    if exact.denominator == 1:
        return f"{exact.numerator}{unit}"
    ratio = f"{exact.numerator}/{exact.denominator}"
    try:
        as_float = float(exact)
    except OverflowError:  # too large for a float: the exact form alone is exact
        return f"{ratio}{unit}"
    if Fraction(as_float) == exact:
        return f"{as_float!r}{unit}"
    return f"{as_float:.2f}{unit} (exactly {ratio})"
