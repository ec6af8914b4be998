"""Responses as records, and reading one against an instrument it is known to answer.

:class:`Answer` and :class:`Response` are what a filled-in form becomes.
:func:`read_response_to` checks a response's JSON form against a given
instrument (anything with the :class:`Answerable` shape: every instrument
class has it); :meth:`~ithrive.instruments.InstrumentBase.respond` calls it
with the instrument itself, and :func:`~ithrive.instruments.read_response`
calls it once it has found the instrument a response names. The records
sit below the instruments, so the instrument classes can build responses
without importing their loader.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from ithrive._messages import as_text, short_repr
from ithrive.base._hints import did_you_mean, suggest, suggestion_text
from ithrive.base.encoding import unencodable_findings
from ithrive.errors import Finding, ResponseError, UnknownItemError
from ithrive.instruments.status import ImplementationStatus, is_blank, read_status, status_code
from ithrive.limits import MAX_TEXT

if TYPE_CHECKING:
    from ithrive.instruments._kinds import Instrument

__all__ = ["Answer", "Answerable", "Response", "check_response_data", "read_response_to"]

_DOC_KEYS = ("instrument", "version", "respondent", "area", "sector", "role", "date", "answers")
_META_KEYS = ("respondent", "area", "sector", "role", "date")
_ANSWER_KEYS = ("status", "comment", "support", "best_practice")
_TEXT_KEYS = ("comment", "support", "best_practice")
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _as_status(value: Any) -> Any:
    """A status code as text becomes the status; anything else is kept to be reported."""
    if isinstance(value, str) and not isinstance(value, ImplementationStatus):
        try:
            return ImplementationStatus(value)
        except ValueError:
            return value
    return value


#: A date as a spreadsheet shows it in the user's locale (``14/03/2019``, ``3.14.19``).
_LOCAL_DATE = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}")


def _check_date(value: object) -> str | None:
    """What is wrong with ``value`` as a response date, or ``None`` if it is one.

    A date is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, as a scorecard's.

    >>> _check_date("2026-03-04") is None, _check_date("2026-03") is None
    (True, True)
    >>> _check_date("2026-02-30")
    "no such day: '2026-02-30'"
    """
    match = _DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        hint = ""
        if isinstance(value, str) and _LOCAL_DATE.fullmatch(value.strip()):
            hint = (
                " (Excel writes dates this way when it saves a CSV file: format the date"
                " column as Text before typing, or keep the sheet as .xlsx)"
            )
        return f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got {short_repr(value)}{hint}"
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        return f"no such day: {value!r}"
    return None


@attrs.frozen
class Answer:
    """One entry of a filled-in form: a status (``None`` if left blank) and notes.

    ``comment`` is the form's comment; ``support`` an issue the respondent
    would like support with, and ``best_practice`` an example of good
    practice others could learn from (Group Exercise 2). A status given as
    its code (``"in_place"``) is read as the status.

    >>> from ithrive.instruments import Answer
    >>> Answer("ck.01", "in_place").status
    <ImplementationStatus.IN_PLACE: 'in_place'>
    """

    entry: str
    status: ImplementationStatus | None = attrs.field(default=None, converter=_as_status)
    comment: str = ""
    support: str = ""
    best_practice: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The answer as a JSON-ready dict: ``status`` (text or null) and the three texts."""
        return {
            "status": status_code(self.status),
            "comment": self.comment,
            "support": self.support,
            "best_practice": self.best_practice,
        }


@attrs.frozen
class Response:
    """One respondent's answers to one instrument, in the instrument's entry order.

    ``instrument`` and ``version`` name the instrument answered;
    ``respondent`` and ``area`` say who answered and for which local area
    (both optional, but a workshop needs areas); ``sector`` and ``role``
    describe the respondent and ``date`` (``YYYY-MM-DD``) says when they
    answered. ``source`` says where a response read from a file came from
    (``"answers.csv row 3"``), for messages; it is not part of the answer.

    >>> from ithrive.instruments import default_checklist
    >>> r = default_checklist().respond(
    ...     {"ck.01": "in_place", "ck.02": {"status": "in_progress", "comment": "Board in May"}},
    ...     respondent="R1", area="Northvale")
    >>> r.status("ck.02"), r.status("ck.03")
    (<ImplementationStatus.IN_PROGRESS: 'in_progress'>, None)
    >>> r.to_dict()["answers"]["ck.02"]
    {'status': 'in_progress', 'comment': 'Board in May', 'support': '', 'best_practice': ''}
    """

    instrument: str
    version: str
    answers: tuple[Answer, ...]
    respondent: str | None = None
    area: str | None = None
    sector: str | None = None
    role: str | None = None
    date: str | None = None
    source: str | None = attrs.field(default=None, eq=False, repr=False)

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
            "sector": self.sector,
            "role": self.role,
            "date": self.date,
            "answers": {a.entry: a.to_dict() for a in self.answers},
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, instrument: Instrument | None = None
    ) -> Response:
        """Read a response from its JSON form; see :func:`read_response`."""
        # The one import that points up: with no instrument, the response is
        # read against the packaged instrument it names, which the loader
        # (above these records) provides.
        from ithrive.instruments.response import read_response

        return read_response(data, instrument=instrument)


class Answerable(Protocol):
    """What a response is read against: an instrument's id, version, statuses and entries."""

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def statuses(self) -> tuple[ImplementationStatus, ...]: ...

    @property
    def entry_ids(self) -> tuple[str, ...]: ...

    def unknown_entry(self, entry_id: object) -> UnknownItemError: ...


def _status(
    value: Any,
    entry: str,
    where: str,
    findings: list[Finding],
    allowed: tuple[ImplementationStatus, ...],
) -> ImplementationStatus | None:
    if is_blank(value):
        return None
    try:
        return read_status(value, allowed)
    except ValueError as err:
        findings.append(Finding("unknown_status", entry, where, str(err)))
        return None


def _too_long(entry: str | None, where: str, text: str) -> Finding:
    message = f"text of {len(text)} characters is longer than the limit {MAX_TEXT}"
    return Finding("too_large", entry, where, message)


def check_response_data(data: object) -> None:
    """Refuse a response document that is not a mapping or holds text no file can keep."""
    if not isinstance(data, Mapping):
        raise ResponseError(
            "?",
            [Finding("invalid_value", None, "data", f"expected a mapping, got {short_repr(data)}")],
        )
    if unwritable := unencodable_findings(data):
        raise ResponseError(as_text(data.get("instrument")), unwritable)


def read_response_to(data: Mapping[str, Any], instrument: Answerable) -> Response:
    """Check a response document against ``instrument`` and return it typed.

    ``data`` has been through :func:`check_response_data`.

    Every problem is collected into one :class:`~ithrive.errors.ResponseError`.
    """
    findings: list[Finding] = []
    name = data.get("instrument")
    if name is not None and name != instrument.id:
        findings.append(
            Finding(
                "wrong_instrument",
                None,
                "instrument",
                f"the response is to {short_repr(name)}, not to {instrument.id!r}",
            )
        )
    for key in data:
        if key not in _DOC_KEYS:
            hint = suggestion_text(suggest(as_text(key), _DOC_KEYS))
            findings.append(Finding("unknown_key", None, as_text(key), f"unknown key{hint}"))
    version = data.get("version")
    if version is not None and not isinstance(version, str):
        findings.append(
            Finding("invalid_value", None, "version", f"expected text, got {short_repr(version)}")
        )
    elif version is not None and version != instrument.version:
        findings.append(
            Finding(
                "version_mismatch",
                None,
                "version",
                f"the response is to version {short_repr(version)}; the instrument is version "
                f"{instrument.version!r}",
            )
        )
    meta: dict[str, str | None] = {}
    for key in _META_KEYS:
        value = data.get(key)
        if is_blank(value):
            value = None
        if value is not None and not isinstance(value, str):
            findings.append(
                Finding("invalid_value", None, key, f"expected text, got {short_repr(value)}")
            )
            value = None
        elif value is not None and len(value) > MAX_TEXT:
            findings.append(_too_long(None, key, value))
            value = None
        elif value is not None and key == "date" and (problem := _check_date(value.strip())):
            findings.append(Finding("invalid_date", None, key, problem))
            value = None
        meta[key] = None if value is None else value.strip()
    raw_answers = data.get("answers", {})
    if not isinstance(raw_answers, Mapping):
        findings.append(
            Finding("invalid_value", None, "answers", "expected a mapping of entry ids to answers")
        )
        raw_answers = {}
    given: dict[str, Answer] = {}
    first_key: dict[str, str] = {}
    ids = {e.casefold(): e for e in instrument.entry_ids}
    for key, raw in raw_answers.items():
        where = f"answers.{as_text(key)}"
        entry = ids.get(key.strip().casefold()) if isinstance(key, str) else None
        if entry is None:
            err = instrument.unknown_entry(key)
            findings.append(Finding("unknown_entry", as_text(key), "answers", err.message))
            continue
        if entry in first_key:
            findings.append(
                Finding(
                    "duplicate_answer",
                    entry,
                    where,
                    f"answered twice (also as {first_key[entry]!r}); give each entry once",
                )
            )
            continue
        first_key[entry] = as_text(key)
        texts = dict.fromkeys(_TEXT_KEYS, "")
        if isinstance(raw, Mapping):
            for k in raw:
                if k not in _ANSWER_KEYS:
                    hint = did_you_mean(k, _ANSWER_KEYS)
                    findings.append(
                        Finding("unknown_key", entry, f"{where}.{as_text(k)}", f"unknown key{hint}")
                    )
            status = _status(
                raw.get("status"), entry, f"{where}.status", findings, instrument.statuses
            )
            for name in _TEXT_KEYS:
                text: Any = raw.get(name, "")
                if is_blank(text):
                    text = ""
                if not isinstance(text, str):
                    message = f"expected text, got {short_repr(text)}"
                    findings.append(Finding("invalid_value", entry, f"{where}.{name}", message))
                elif len(text) > MAX_TEXT:
                    findings.append(_too_long(entry, f"{where}.{name}", text))
                else:
                    texts[name] = text.strip()
        else:
            status = _status(raw, entry, where, findings, instrument.statuses)
        if status is None and not any(texts.values()):
            continue
        given[entry] = Answer(entry, status, **texts)
    if findings:
        raise ResponseError(instrument.id, findings)
    return Response(
        instrument=instrument.id,
        version=instrument.version,
        answers=tuple(given[e] for e in instrument.entry_ids if e in given),
        respondent=meta["respondent"],
        area=meta["area"],
        sector=meta["sector"],
        role=meta["role"],
        date=meta["date"],
    )
