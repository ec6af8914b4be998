"""Value checks shared by the evidence classes and the readers built on them.

Each evidence class validates itself when built: a fast path for plainly
valid values, then, only when that fails, checks that collect every problem
as an :class:`~ithrive.errors.EvidenceError` naming the field and value. The
checks here are that second step (``check_*``), the fast path's one-step
tests (``short_text``, ``real_within``, ``whole``, ``real_ratio``), and the
conversion of numpy's and other libraries' numbers to plain Python ones
(``make_plain``); the raw-record builders use them too. The checks every
layer shares (text, a number too large) are in :mod:`ithrive.base._checks`.
"""

from __future__ import annotations

import math
import operator
from fractions import Fraction
from typing import Any, Final

from ithrive._messages import short_repr
from ithrive.base._checks import too_large
from ithrive.base.encoding import is_encodable
from ithrive.errors import EvidenceError, is_real, is_whole
from ithrive.evidence._exact import ratio_text
from ithrive.limits import MAX_INTEGER, MAX_TEXT

__all__ = [
    "MAX_FRACTION",
    "check_exact",
    "check_int",
    "check_real",
    "is_pairs",
    "make_plain",
    "plain_criteria",
    "plain_real",
    "plain_whole",
    "real_ratio",
    "real_within",
    "short_text",
    "show_number",
    "whole",
]


def check_int(
    problems: list[EvidenceError], field: str, value: object, *, minimum: int = 0
) -> bool:
    """Check a whole number of at least ``minimum``: add any problem; return whether sound."""
    if not is_whole(value):
        problems.append(
            EvidenceError(
                f"expected a whole number, got {type(value).__name__} {short_repr(value)}",
                code="wrong_type",
                field=field,
                value=value,
            )
        )
        return False
    if abs(value) > MAX_INTEGER:  # type: ignore[arg-type]
        problems.append(too_large(field, value))
        return False
    if value < minimum:  # type: ignore[operator]
        problems.append(
            EvidenceError(
                f"{value!r} is below the minimum {minimum}",
                code="out_of_range",
                field=field,
                value=value,
            )
        )
        return False
    return True


def check_real(
    problems: list[EvidenceError], field: str, value: object, low: float, high: float
) -> bool:
    """Check a finite number in [``low``, ``high``]: add any problem; return whether sound."""
    if not is_real(value):
        problems.append(
            EvidenceError(
                f"expected a number, got {type(value).__name__} {short_repr(value)}",
                code="wrong_type",
                field=field,
                value=value,
            )
        )
        return False
    if is_whole(value) and abs(value) > MAX_INTEGER:  # type: ignore[arg-type]
        problems.append(too_large(field, value))
        return False
    if not math.isfinite(value):  # type: ignore[arg-type]
        problems.append(
            EvidenceError(
                f"{value!r} is not a finite number", code="not_finite", field=field, value=value
            )
        )
        return False
    for bad, word, bound in (
        (value < low, "below the minimum", low),  # type: ignore[operator]
        (value > high, "above the maximum", high),  # type: ignore[operator]
    ):
        if bad:
            problems.append(
                EvidenceError(
                    f"{show_number(value)} is {word} {bound:g}",
                    code="out_of_range",
                    field=field,
                    value=value,
                )
            )
            return False
    return True


#: The largest numerator or denominator of an exact fraction: 30 digits, as the
#: schema's ratio pattern allows (a float or ``numpy.longdouble`` read exactly
#: fits; arithmetic on such integers stays cheap).
MAX_FRACTION = 10**30 - 1


def show_number(value: object) -> str:
    """A number as a user wrote it: a fraction as ``p/q``, anything else by its ``repr``."""
    return ratio_text(value) if isinstance(value, Fraction) else repr(value)


def check_exact(
    problems: list[EvidenceError], field: str, value: object, low: float, high: float
) -> None:
    """Check a number that may be a fraction, whose size is bounded before anything else."""
    if isinstance(value, Fraction) and (
        abs(value.numerator) > MAX_FRACTION or value.denominator > MAX_FRACTION
    ):
        problems.append(
            EvidenceError(
                "an exact fraction whose numerator or denominator has more than 30 digits "
                "is not accepted",
                code="too_large",
                field=field,
                value=f"<{type(value).__name__} too large to show>",
            )
        )
    else:
        check_real(problems, field, value, low, high)


def plain_whole(value: object) -> object:
    """A whole number of another type (numpy's, an ``int`` subclass) as a plain ``int``.

    Fixed-width integers wrap around silently (``100 * numpy.uint8(200)``), so
    every whole number is made a Python ``int`` before any arithmetic. Anything
    else is returned unchanged, for the validator to judge.
    """
    if type(value) is int or not is_whole(value):
        return value
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except Exception:
        return value


def plain_real(value: object) -> object:
    """A real number of another type (numpy's) as an ``int``, a ``float`` or an exact fraction.

    The value is kept exactly: a float32 becomes the float it equals, a
    ``numpy.longdouble`` that no float equals becomes a :class:`Fraction`.
    ``int``, ``float``, :class:`Fraction` and anything that is not a real
    number are returned unchanged.
    """
    if type(value) in (int, float) or isinstance(value, Fraction) or not is_real(value):
        return value
    if is_whole(value):
        return plain_whole(value)
    try:
        as_float = float(value)  # type: ignore[arg-type]
        if not math.isfinite(as_float):
            return as_float
        ratio = getattr(value, "as_integer_ratio", None)
        exact = Fraction(*ratio()) if ratio is not None else Fraction(as_float)
    except Exception:
        return value
    return as_float if Fraction(as_float) == exact else exact


def make_plain(obj: object, whole: tuple[str, ...], real: tuple[str, ...] = ()) -> None:
    """Replace the named fields of a new (frozen) evidence object by their plain forms."""
    for names, plain in ((whole, plain_whole), (real, plain_real)):
        for name in names:
            value = getattr(obj, name)
            converted = plain(value)
            if converted is not value:
                object.__setattr__(obj, name, converted)


def short_text(value: object) -> bool:
    """``None`` or writable text within the length limit: the common case, in one step."""
    return value is None or (type(value) is str and len(value) <= MAX_TEXT and is_encodable(value))


def real_within(value: object, high: int) -> bool:
    """A plain int or float in [0, high] (so finite): the common case, checked in one step."""
    return (type(value) is int or type(value) is float) and 0 <= value <= high


# ------------------------------------------------------------------ fast reads of JSON-like dicts
# Dict readers accept a strict subset of valid input: plain ints, finite
# floats and short text, every field known. Anything else returns None, and
# the typed class reads (or refuses) the piece.


def whole(value: Any, minimum: int) -> bool:
    """Whether ``value`` is a plain ``int`` from ``minimum`` to ``MAX_INTEGER``."""
    return type(value) is int and minimum <= value <= MAX_INTEGER


def real_ratio(value: Any, low: int, high: int) -> tuple[int, int] | None:
    """An int or finite float in [low, high] as an exact ratio; anything else: None."""
    cls = type(value)
    if cls is int:
        return (value, 1) if low <= value <= high else None
    if cls is float and math.isfinite(value) and low <= value <= high:
        return value.as_integer_ratio()  # type: ignore[no-any-return]
    return None


def plain_criteria(given: dict[str, Any]) -> bool:
    """Whether every criterion id is short text and every value true, false or short text."""
    for name, value in given.items():
        if type(name) is not str or len(name) > MAX_TEXT:
            return False
        if type(value) is not bool and (type(value) is not str or len(value) > MAX_TEXT):
            return False
    return True


# ------------------------------------------------------------------ mappings stored as pairs


_TUPLE: Final = frozenset({tuple})


_PAIR: Final = frozenset({2})


def _tuple_pairs(value: tuple[Any, ...]) -> bool:
    """Whether every element of ``value`` is exactly a tuple of two (checked in C, not a loop)."""
    return _TUPLE.issuperset(map(type, value)) and _PAIR.issuperset(map(len, value))


def is_pairs(value: object) -> bool:
    """Whether ``value`` is the stored form of a mapping: a tuple of (key, value) tuples."""
    if type(value) is tuple and _tuple_pairs(value):
        return True
    return isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value)
