"""Responses: one respondent's statuses and comments for the entries of an instrument.

A :class:`Response` is one filled-in form: the checklist as one workshop
participant ticked it, a plan's step statuses, or the GM standards as a
locality rated them. Entries left blank have no :class:`Answer`; an answer
may carry a comment without a status.

The JSON form is::

    {"instrument": "checklist", "version": "1", "respondent": "R1", "area": "Northvale",
     "sector": "Health", "role": "Commissioner", "date": "2026-03-04",
     "answers": {"ck.01": "in_place",
                 "ck.02": {"status": "in_progress", "comment": "Draft goes to the board in May",
                           "support": "Help writing measurable goals",
                           "best_practice": ""}}}

``sector``, ``role`` and ``date`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``)
are optional. A status may be its code or the form's wording, in any letter
case ("Already in place in my local area", "In place", "IN_PLACE"); ``""``
and ``null`` are blanks.
``support`` names an issue the respondent would like support with and
``best_practice`` an example others could learn from (Group Exercise 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ithrive._messages import as_text
from ithrive.base._hints import suggest, suggestion_text
from ithrive.errors import Finding, ResponseError
from ithrive.instruments._answers import (
    Answer,
    Response,
    check_response_data,
    read_response_to,
)
from ithrive.instruments._kinds import Instrument, check_instrument
from ithrive.instruments._load import PACKAGED_IDS, packaged_instrument

__all__ = ["Answer", "Response", "read_response"]


def read_response(data: Mapping[str, Any], *, instrument: Instrument | None = None) -> Response:
    """Check a response in JSON form against its instrument and return it typed.

    ``instrument`` defaults to the packaged instrument the data names
    (``"checklist"``, ``"approach"`` or ``"gm_standards"``). Each answer is a
    status text, ``null`` for a blank, or ``{"status": ..., "comment": ...}``.
    Every problem is collected into one :class:`~ithrive.errors.ResponseError`
    whose findings name the entry:

    >>> read_response({"instrument": "checklist",
    ...                "answers": {"ck.05": "done", "ck.32": "in_place"}})
    Traceback (most recent call last):
    ...
    ithrive.errors.ResponseError: response to 'checklist' failed validation with 2 findings:
      - ck.05 answers.ck.05: unknown status 'done'; known statuses: ... [unknown_status]
      - ck.32 answers: not an entry of 'checklist'; did you mean ...? [unknown_entry]
    """
    check_response_data(data)
    instrument = check_instrument(instrument)
    name = data.get("instrument")
    if instrument is None:
        instrument = packaged_instrument(name)
        if instrument is None:
            hint = suggestion_text(suggest(as_text(name), PACKAGED_IDS))
            raise ResponseError(
                as_text(name),
                [Finding("unknown_instrument", None, "instrument", f"unknown instrument{hint}")],
            )
    return read_response_to(data, instrument)
