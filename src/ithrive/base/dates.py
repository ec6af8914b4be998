"""Dates of assessments: ISO 8601 text, read once and ordered in time.

An assessment is dated by a year (``2017``), a quarter (``2017-Q1``), a
month (``2017-03``) or a day (``2017-03-31``). :func:`iso_date` reads any of
these, or a :class:`datetime.date`, a :class:`datetime.datetime` (pandas'
``Timestamp`` and polars' dates are such values) or a numpy ``datetime64``,
and returns the canonical ISO text; a date-time keeps only its date.
Anything else (``2017-9``, ``March 2017``, ``2017-13``) is refused with an
:class:`~ithrive.errors.EvidenceError` of code ``invalid_date``, so a date
is checked where it enters and is the same everywhere after.

Dates are ordered in time by :func:`date_key`, never as text: ``2017-09``
comes before ``2017-10``, and a period comes before a finer date that starts
on the same day (``2017`` before ``2017-Q1`` before ``2017-01`` before
``2017-01-01``).

>>> iso_date("2017-Q3"), iso_date(datetime.datetime(2017, 3, 1, 12, 30))
('2017-Q3', '2017-03-01')
>>> sorted(["2017-10", "2017-09", "2017", "2016-Q4"], key=date_key)
['2016-Q4', '2017', '2017-09', '2017-10']
>>> start_of("2017-Q2")
datetime.date(2017, 4, 1)
"""

from __future__ import annotations

import datetime
import re
from typing import Final

from ithrive.errors import EvidenceError

__all__ = ["DATE_FORMS", "date_key", "iso_date", "start_of"]

#: The forms of date text an assessment may carry.
DATE_FORMS: Final = ("2017", "2017-Q1", "2017-03", "2017-03-31")

_PATTERN: Final = re.compile(
    r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>\d{2})(?:-(?P<day>\d{2}))?))?$",
    re.ASCII,
)
#: Rank of each precision, coarsest first: ties on the start day sort by it.
_PRECISION: Final = {"year": 0, "quarter": 1, "month": 2, "day": 3}


def _invalid(value: object, field: str, why: str) -> EvidenceError:
    return EvidenceError(
        f"{why}; expected an ISO 8601 date such as {', '.join(DATE_FORMS)}, "
        "or a date or datetime value",
        code="invalid_date",
        field=field,
        value=value,
    )


def _parse(text: str, field: str) -> tuple[datetime.date, int]:
    match = _PATTERN.match(text)
    if match is None:
        raise _invalid(text, field, f"{text!r} is not a date")
    year = int(match["year"])
    if match["quarter"] is not None:
        month, day, precision = 3 * int(match["quarter"]) - 2, 1, "quarter"
    elif match["month"] is None:
        month, day, precision = 1, 1, "year"
    elif match["day"] is None:
        month, day, precision = int(match["month"]), 1, "month"
    else:
        month, day, precision = int(match["month"]), int(match["day"]), "day"
    try:
        return datetime.date(year, month, day), _PRECISION[precision]
    except ValueError as err:
        raise _invalid(text, field, f"{text!r} is not a date ({err})") from None


def iso_date(value: object, *, field: str = "date") -> str:
    """``value`` as canonical ISO text: year, quarter, month or day; else ``invalid_date``.

    Text must already be one of the forms in :data:`DATE_FORMS` (a quarter
    may also be written ``2017Q1``). A numpy ``datetime64`` of year or month
    unit (``numpy.datetime64("2017-03")``) keeps its precision, and so does a
    pandas ``Period`` of a year, quarter, month or day. Date and date-time values (standard
    library, pandas, polars, numpy) give their day, as written in their own
    time zone; a missing one (pandas ``NaT``, numpy ``NaT``) is refused.

    >>> iso_date("2017Q1"), iso_date(datetime.date(2017, 3, 1))
    ('2017-Q1', '2017-03-01')
    >>> iso_date("2017-9")
    Traceback (most recent call last):
    ...
    ithrive.errors.EvidenceError: date: '2017-9' is not a date; expected an ISO 8601 date ...
    """
    if type(value).__name__ == "NaTType":  # pandas' missing date: a datetime subclass
        raise _invalid(value, field, "a missing date (NaT)")
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if type(value).__name__ == "datetime64":  # numpy, without importing it
        unit = str(value.dtype).removeprefix("datetime64[").rstrip("]")  # type: ignore[attr-defined]
        if unit in ("Y", "M") and str(value) != "NaT":  # a year or a month, as numpy holds it
            return iso_date(str(value), field=field)
        as_day = value.astype("datetime64[D]").item()  # type: ignore[attr-defined]
        if isinstance(as_day, datetime.date):
            return as_day.isoformat()
        raise _invalid(value, field, "a missing date (NaT)")
    if type(value).__name__ == "Period" and hasattr(value, "freqstr"):  # pandas
        # Calendar years, quarters, months and days only: a fiscal quarter (Q-MAR)
        # prints as 2017Q1 but is another three months.
        if value.freqstr not in ("Y-DEC", "A-DEC", "Q-DEC", "M", "D"):
            raise _invalid(
                value, field, f"a period of frequency {value.freqstr} is not a calendar date"
            )
        return iso_date(str(value), field=field)  # 2017, 2017Q1, 2017-03 or 2017-03-31
    if not isinstance(value, str):
        raise _invalid(value, field, f"{type(value).__name__} {value!r} is not a date")
    text = value.strip()
    quarter = re.fullmatch(r"(\d{4})Q([1-4])", text, re.ASCII)
    if quarter is not None:
        text = f"{quarter[1]}-Q{quarter[2]}"
    _parse(text, field)
    return text


def date_key(value: object) -> tuple[datetime.date, int]:
    """The sort key of a date in time: its first day, then its precision (coarsest first).

    >>> date_key("2017-09") < date_key("2017-10") < date_key("2018")
    True
    """
    return _parse(iso_date(value), "date")


def start_of(value: object) -> datetime.date:
    """The first day of a date's period (``2017-Q2`` starts on 1 April 2017).

    >>> start_of("2017"), start_of("2017-03-31")
    (datetime.date(2017, 1, 1), datetime.date(2017, 3, 31))
    """
    return date_key(value)[0]
