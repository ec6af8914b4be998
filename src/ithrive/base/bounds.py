"""One helper that bounds every whole-number argument of the public API.

A number from outside can be anything Python can hold: ``10**5000`` (which
Python refuses to turn into text, so even an error message about it can
fail), ``2**70`` (too large for an index), a negative count, ``True``. Every
public function that takes a whole number (a width, an indent, a line or row
number, a number of draws) checks it here, so each gets the same treatment:
the value is returned when it is a whole number in range, and otherwise an
ithrive error names the argument and shows the value safely shortened.

>>> bounded_int(4, field="indent", low=0, high=16)
4
>>> bounded_int(2**70, field="indent", low=0, high=16)
Traceback (most recent call last):
...
ithrive.errors.EvidenceError: indent: 1180591620717411303424 is above the maximum 16
>>> bounded_int(10**5000, field="width", low=72, high=10_000)
Traceback (most recent call last):
...
ithrive.errors.EvidenceError: width: <int of 16610 bits> is above the maximum 10000
"""

from __future__ import annotations

from collections.abc import Callable

from ithrive._messages import short_repr
from ithrive.errors import EvidenceError, IthriveError, is_whole

__all__ = ["bounded_int", "number_problem"]


def number_problem(value: object, *, low: int | None = None, high: int | None = None) -> str | None:
    """Why ``value`` is not a whole number in ``[low, high]``, or ``None`` when it is.

    The reason shows the value shortened (a number of thousands of digits is
    shown by its size), so it is always safe to put in a message.

    >>> number_problem(3, low=1), number_problem(0, low=1), number_problem(2.5)
    (None, '0 is below the minimum 1', 'expected a whole number, got float 2.5')
    """
    if not is_whole(value):
        return f"expected a whole number, got {type(value).__name__} {short_repr(value)}"
    number = int(value)  # type: ignore[call-overload]
    if low is not None and number < low:
        return f"{short_repr(number)} is below the minimum {low}"
    if high is not None and number > high:
        return f"{short_repr(number)} is above the maximum {high}"
    return None


def bounded_int(
    value: object,
    *,
    field: str,
    low: int | None = None,
    high: int | None = None,
    error: Callable[..., IthriveError] = EvidenceError,
    item: str | None = None,
) -> int:
    """``value`` as an ``int`` if it is a whole number in ``[low, high]``, else an ithrive error.

    ``error`` is the class to raise (an :class:`~ithrive.errors.EvidenceError`
    unless the caller's module has its own, such as
    :class:`~ithrive.errors.ReportError`); its code is ``wrong_type`` for a
    value that is not a whole number (``bool`` included) and
    ``out_of_range`` for one outside the bounds.
    """
    reason = number_problem(value, low=low, high=high)
    if reason is None:
        return int(value)  # type: ignore[call-overload, no-any-return]
    code = "wrong_type" if not is_whole(value) else "out_of_range"
    # An EvidenceError names its field itself; other errors carry it in the message.
    names_field = isinstance(error, type) and issubclass(error, EvidenceError)
    message = reason if names_field else f"{field}: {reason}"
    raise error(message, code=code, item=item, field=field, value=value)
