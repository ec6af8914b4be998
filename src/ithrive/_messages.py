"""How a value from outside is shown in a message or an error's JSON: cut short, safe for any value.

Every error ithrive raises names the value that caused it, and that value
is data from outside: text of any length holding lone surrogates, a whole
number too long for Python to write, a structure nested too deep, an object
whose ``repr`` fails. These helpers turn any such value into text (or
JSON) that can always be written, cut to a bound. They sit below
:mod:`ithrive.errors`, which re-exports them, so every layer may use them;
this module imports nothing of ithrive.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

__all__ = ["MAX_PLACE", "as_text", "jsonable", "short_repr", "shown_place"]

#: Item ids and field paths longer than this are cut in messages (never in the attributes).
MAX_PLACE = 200

#: Lists and mappings longer or deeper than this are shown as a shortened ``repr``.
_MAX_SHOWN_LEN = 20
_MAX_SHOWN_DEPTH = 3

#: Whole numbers longer than this (about 1200 digits) are never written out in full:
#: Python refuses to turn ints of more than 4300 digits into text.
_MAX_SHOWN_BITS = 4000

_SURROGATES = re.compile("[\ud800-\udfff]")


def short_repr(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters; safe for any value.

    Input is data from outside, so its ``repr`` may fail: a whole number too long
    for Python to write, a structure nested too deep, a broken ``__repr__``.

    >>> short_repr("x" * 100, 10)
    "'xxxxxx..."
    >>> short_repr(10**5000)
    '<int of 16610 bits>'
    """
    if isinstance(value, int) and value.bit_length() > _MAX_SHOWN_BITS:
        return f"<{type(value).__name__} of {value.bit_length()} bits>"
    try:
        text = repr(value)
    except Exception:  # a failing repr must not hide the problem
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def as_text(value: object) -> str:
    """``str(value)`` for looking up suggestions and naming places; safe for any value.

    >>> as_text("micro.2"), as_text(3)
    ('micro.2', '3')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, int) and value.bit_length() > _MAX_SHOWN_BITS:
        return short_repr(value)
    try:
        return str(value)
    except Exception:
        return short_repr(value)


def shown_place(text: str) -> str:
    """An item id or field path as shown in a message: cut when it is unreasonably long.

    >>> shown_place("micro.2")
    'micro.2'
    >>> shown_place("x" * 500).endswith("xxx... (500 characters)")
    True
    """
    text = _SURROGATES.sub("\ufffd", as_text(text))  # shown, so it must be writable
    if len(text) <= MAX_PLACE:
        return text
    return f"{text[: MAX_PLACE - 40]}... ({len(text)} characters)"


def jsonable(value: Any, depth: int = 0) -> Any:
    """Return ``value`` as JSON carries it, else its (shortened) ``repr``.

    An exact fraction is written as the ratio text evidence accepts
    (``"150/1"``), and a short list or mapping of such values as JSON, so
    that an app sees the value in the form it was given.

    >>> jsonable(Fraction(150, 1)), jsonable(float("nan")), jsonable(["a", 1])
    ('150/1', 'nan', ['a', 1])
    """
    if isinstance(value, str):  # as written: a lone surrogate (never writable) as U+FFFD
        return _SURROGATES.sub("\ufffd", value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if value.bit_length() <= _MAX_SHOWN_BITS else short_repr(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if (
        isinstance(value, Fraction)
        and max(value.numerator.bit_length(), value.denominator.bit_length()) <= _MAX_SHOWN_BITS
    ):
        return f"{value.numerator}/{value.denominator}"
    if depth < _MAX_SHOWN_DEPTH and type(value) in (list, tuple) and len(value) <= _MAX_SHOWN_LEN:
        return [jsonable(v, depth + 1) for v in value]
    if (
        depth < _MAX_SHOWN_DEPTH
        and type(value) is dict
        and len(value) <= _MAX_SHOWN_LEN
        and all(type(k) is str for k in value)
    ):
        return {jsonable(k): jsonable(v, depth + 1) for k, v in value.items()}
    return short_repr(value, 1000)
