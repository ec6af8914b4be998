"""Checking a response against the instrument it answers.

A response read through :func:`~ithrive.instruments.read_response` is
already checked; one built by hand may hold anything. Before an analysis
uses a response, :func:`resolve_instrument` finds the instrument it answers
(the packaged one it names, by default) and :func:`answer_findings` lists
every problem with its version and answers, so nothing is dropped silently.
"""

from __future__ import annotations

from ithrive._messages import as_text, short_repr
from ithrive.base._hints import suggest, suggestion_text
from ithrive.errors import Finding, ResponseError
from ithrive.instruments._answers import Answer, Response
from ithrive.instruments._kinds import Instrument, check_instrument
from ithrive.instruments._load import PACKAGED_IDS, packaged_instrument
from ithrive.instruments.status import ImplementationStatus

__all__ = ["answer_findings", "resolve_instrument"]


def resolve_instrument(response: Response, instrument: Instrument | None) -> Instrument:
    """The instrument ``response`` answers, checked against it.

    Without ``instrument``, the packaged instrument the response names. The
    response must name that instrument and only its entries; otherwise a
    :class:`~ithrive.errors.ResponseError` lists every problem.
    """
    if not isinstance(response, Response):
        raise ResponseError(
            "?",
            [
                Finding(
                    "invalid_value",
                    None,
                    "response",
                    f"expected a Response, got {short_repr(response)}",
                )
            ],
        )
    instrument = check_instrument(instrument)
    if instrument is None:
        found = packaged_instrument(response.instrument)
        if found is None:
            hint = suggestion_text(suggest(response.instrument, PACKAGED_IDS))
            raise ResponseError(
                response.instrument,
                [Finding("unknown_instrument", None, "instrument", f"unknown instrument{hint}")],
            )
        instrument = found
    findings: list[Finding] = []
    if response.instrument != instrument.id:
        findings.append(
            Finding(
                "wrong_instrument",
                None,
                "instrument",
                f"the response is to {response.instrument!r}, not to {instrument.id!r}",
            )
        )
    findings.extend(answer_findings(response, instrument, "answers", version_where="version"))
    if findings:
        raise ResponseError(instrument.id, findings)
    return instrument


def answer_findings(
    response: Response, instrument: Instrument, where: str, *, version_where: str | None = None
) -> list[Finding]:
    """What is wrong with the version and answers of ``response`` against ``instrument``.

    A response built by hand, not through :func:`read_response`, may hold
    anything: every answer must be an :class:`Answer` to a known entry, at
    most one per entry, whose status is ``None`` or one the instrument uses,
    and the version must be the instrument's. Nothing is dropped silently.
    """
    findings: list[Finding] = []
    if response.version != instrument.version:
        findings.append(
            Finding(
                "version_mismatch",
                None,
                where if version_where is None else version_where,
                f"the response is to version {short_repr(response.version)}; the instrument is "
                f"version {instrument.version!r}",
            )
        )
    answers = response.answers
    if not isinstance(answers, tuple | list):
        message = f"expected a tuple of Answers, got {short_repr(answers)}"
        return [*findings, Finding("invalid_value", None, where, message)]
    seen: set[str] = set()
    for k, answer in enumerate(answers):
        if not isinstance(answer, Answer):
            message = f"answers[{k}]: expected an Answer, got {short_repr(answer)}"
            findings.append(Finding("invalid_value", None, where, message))
            continue
        entry = as_text(answer.entry)
        if answer.entry not in instrument:
            err = instrument.unknown_entry(answer.entry)
            findings.append(Finding("unknown_entry", entry, where, err.message))
            continue
        if entry in seen:
            findings.append(Finding("invalid_value", entry, where, "answered more than once"))
        seen.add(entry)
        status = answer.status
        if status is not None and (
            not isinstance(status, ImplementationStatus) or status not in instrument.statuses
        ):
            message = f"unknown status {short_repr(status)}; {instrument.id!r} uses " + ", ".join(
                s.value for s in instrument.statuses
            )
            findings.append(Finding("unknown_status", entry, where, message))
        if not isinstance(answer.comment, str):
            message = f"comment: expected text, got {short_repr(answer.comment)}"
            findings.append(Finding("invalid_value", entry, where, message))
    return findings
