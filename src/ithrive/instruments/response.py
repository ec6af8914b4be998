"""Responses: one respondent's statuses and comments for the entries of an instrument.

A :class:`Response` is one filled-in form: the checklist as one workshop
participant ticked it, a plan's step statuses, or the GM standards as a
locality rated them. Entries left blank have no :class:`Answer`; an answer
may carry a comment without a status.

The JSON form is::

    {"instrument": "checklist", "version": "1", "respondent": "R1", "area": "Northvale",
     "answers": {"ck.01": "in_place",
                 "ck.02": {"status": "in_progress", "comment": "Draft goes to the board in May"}}}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ithrive.errors import Finding, ResponseError, _short, _text
from ithrive.instruments.status import ImplementationStatus
from ithrive.limits import MAX_TEXT
from ithrive.model.framework import _did_you_mean, suggest

if TYPE_CHECKING:
    from ithrive.instruments.loader import Instrument

__all__ = ["Answer", "Response", "read_response"]

_DOC_KEYS = ("instrument", "version", "respondent", "area", "answers")
_ANSWER_KEYS = ("status", "comment")


@attrs.frozen
class Answer:
    """One entry of a filled-in form: a status (``None`` if left blank) and a comment."""

    entry: str
    status: ImplementationStatus | None = None
    comment: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The answer as a JSON-ready dict: ``status`` (text or null) and ``comment``."""
        return {
            "status": None if self.status is None else self.status.value,
            "comment": self.comment,
        }


@attrs.frozen
class Response:
    """One respondent's answers to one instrument, in the instrument's entry order.

    ``instrument`` and ``version`` name the instrument answered;
    ``respondent`` and ``area`` say who answered and for which local area
    (both optional, but a workshop needs areas).

    >>> from ithrive.instruments import default_checklist
    >>> r = default_checklist().respond(
    ...     {"ck.01": "in_place", "ck.02": {"status": "in_progress", "comment": "Board in May"}},
    ...     respondent="R1", area="Northvale")
    >>> r.status("ck.02"), r.status("ck.03")
    (<ImplementationStatus.IN_PROGRESS: 'in_progress'>, None)
    >>> r.to_dict()["answers"]["ck.02"]
    {'status': 'in_progress', 'comment': 'Board in May'}
    """

    instrument: str
    version: str
    answers: tuple[Answer, ...]
    respondent: str | None = None
    area: str | None = None

    def answer(self, entry_id: str) -> Answer | None:
        """The answer for ``entry_id``, or ``None`` when the entry was left blank."""
        for answer in self.answers:
            if answer.entry == entry_id:
                return answer
        return None

    def status(self, entry_id: str) -> ImplementationStatus | None:
        """The status given for ``entry_id``, or ``None`` when none was given."""
        answer = self.answer(entry_id)
        return None if answer is None else answer.status

    def __iter__(self) -> Iterator[Answer]:
        return iter(self.answers)

    def __len__(self) -> int:
        return len(self.answers)

    def to_dict(self) -> dict[str, Any]:
        """The response as a JSON-ready dict; :func:`read_response` reads it back."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "respondent": self.respondent,
            "area": self.area,
            "answers": {a.entry: a.to_dict() for a in self.answers},
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, instrument: Instrument | None = None
    ) -> Response:
        """Read a response from its JSON form; see :func:`read_response`."""
        return read_response(data, instrument=instrument)


def _status(
    value: Any, entry: str, where: str, findings: list[Finding]
) -> ImplementationStatus | None:
    from ithrive.instruments.loader import parse_status

    if value is None:
        return None
    try:
        return parse_status(value)
    except ValueError as err:
        findings.append(Finding("unknown_status", entry, where, str(err)))
        return None


def _too_long(entry: str | None, where: str, text: str) -> Finding:
    message = f"text of {len(text)} characters is longer than the limit {MAX_TEXT}"
    return Finding("too_large", entry, where, message)


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
    findings: list[Finding] = []
    if not isinstance(data, Mapping):
        raise ResponseError(
            "?", [Finding("invalid_value", None, "data", f"expected a mapping, got {_short(data)}")]
        )
    from ithrive.instruments.loader import PACKAGED_IDS, check_instrument, packaged_instrument

    instrument = check_instrument(instrument)
    name = data.get("instrument")
    if instrument is None:
        instrument = packaged_instrument(name)
        if instrument is None:
            hint = _did_you_mean(suggest(_text(name), PACKAGED_IDS))
            raise ResponseError(
                _text(name),
                [Finding("unknown_instrument", None, "instrument", f"unknown instrument{hint}")],
            )
    elif name is not None and name != instrument.id:
        findings.append(
            Finding(
                "wrong_instrument",
                None,
                "instrument",
                f"the response is to {_short(name)}, not to {instrument.id!r}",
            )
        )
    for key in data:
        if key not in _DOC_KEYS:
            hint = _did_you_mean(suggest(_text(key), _DOC_KEYS))
            findings.append(Finding("unknown_key", None, _text(key), f"unknown key{hint}"))
    version = data.get("version")
    if version is not None and not isinstance(version, str):
        findings.append(
            Finding("invalid_value", None, "version", f"expected text, got {_short(version)}")
        )
    elif version is not None and version != instrument.version:
        findings.append(
            Finding(
                "version_mismatch",
                None,
                "version",
                f"the response is to version {_short(version)}; the instrument is version "
                f"{instrument.version!r}",
            )
        )
    meta: dict[str, str | None] = {}
    for key in ("respondent", "area"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            findings.append(
                Finding("invalid_value", None, key, f"expected text, got {_short(value)}")
            )
            value = None
        elif value is not None and len(value) > MAX_TEXT:
            findings.append(_too_long(None, key, value))
            value = None
        meta[key] = value
    raw_answers = data.get("answers", {})
    if not isinstance(raw_answers, Mapping):
        findings.append(
            Finding("invalid_value", None, "answers", "expected a mapping of entry ids to answers")
        )
        raw_answers = {}
    given: dict[str, Answer] = {}
    allowed = set(instrument.statuses)
    for entry, raw in raw_answers.items():
        where = f"answers.{_text(entry)}"
        if entry not in instrument:
            err = instrument.unknown_entry(entry)
            findings.append(Finding("unknown_entry", _text(entry), "answers", err.message))
            continue
        comment: Any = ""
        if isinstance(raw, Mapping):
            for key in raw:
                if key not in _ANSWER_KEYS:
                    hint = _did_you_mean(suggest(_text(key), _ANSWER_KEYS))
                    findings.append(
                        Finding("unknown_key", entry, f"{where}.{_text(key)}", f"unknown key{hint}")
                    )
            status = _status(raw.get("status"), entry, f"{where}.status", findings)
            comment = raw.get("comment", "")
            if comment is None:
                comment = ""
            if not isinstance(comment, str):
                findings.append(
                    Finding(
                        "invalid_value",
                        entry,
                        f"{where}.comment",
                        f"expected text, got {_short(comment)}",
                    )
                )
                comment = ""
            elif len(comment) > MAX_TEXT:
                findings.append(_too_long(entry, f"{where}.comment", comment))
                comment = ""
        else:
            status = _status(raw, entry, where, findings)
        if status is not None and status not in allowed:
            findings.append(
                Finding(
                    "unknown_status",
                    entry,
                    where,
                    f"status {status.value!r} is not used by {instrument.id!r}",
                )
            )
        if status is None and not comment:
            continue
        given[entry] = Answer(entry, status, comment.strip())
    if findings:
        raise ResponseError(instrument.id, findings)
    return Response(
        instrument=instrument.id,
        version=instrument.version,
        answers=tuple(given[e] for e in instrument.entry_ids if e in given),
        respondent=meta["respondent"],
        area=meta["area"],
    )
