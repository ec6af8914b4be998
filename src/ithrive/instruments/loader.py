"""Loading instruments from TOML files or mappings, and the packaged instruments.

Each instrument file has a ``schema`` number, an ``[instrument]`` table
(``id``, ``title``, ``version``, ``source`` and the ``statuses`` a respondent
may give) and its entries: ``[[actions]]`` for a checklist, ``[[phases]]``
with ``[[phases.steps]]`` for the approach, ``[[sections]]`` with
``[[sections.standards]]`` for standards. Entries are structured with cattrs,
unknown keys rejected, and then checked as a whole:

- every id is unique within the instrument;
- every link resolves: item links to :data:`ithrive.FRAMEWORK`, plan
  elements to the checklist, section groupings to the framework's groupings;
- every link has a reason and a strength (``direct`` or ``related``), and
  a cited level is 1-4; a checklist action or standard with no link says
  why in ``unlinked``;
- rows, phases, sections and the steps or standards inside them are numbered
  in order without gaps, and source lines increase through the file;
- every status named is one of :class:`ImplementationStatus`.

Every problem found is collected; an instrument with any problem raises one
:class:`~ithrive.errors.InstrumentError` whose findings name the entry.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any, TypeVar, cast

import attrs
import cattrs

from ithrive.base._hints import suggest, suggestion_text
from ithrive.base.bounds import number_problem
from ithrive.errors import Finding, InstrumentError, ResponseError, as_text, expect, short_repr
from ithrive.instruments.approach import Approach, Phase, PlanElement, Step
from ithrive.instruments.checklist import Action, Checklist
from ithrive.instruments.link import ItemLink, LinkStrength
from ithrive.instruments.response import Response
from ithrive.instruments.standards import Standard, Standards, StandardsSection
from ithrive.instruments.status import ImplementationStatus
from ithrive.limits import MAX_INTEGER
from ithrive.rules._structuring import InvalidValue as _Invalid
from ithrive.rules._structuring import flatten as _flatten
from ithrive.rules._structuring import strict as _strict
from ithrive.rules.loader import read_toml

__all__ = [
    "APPROACH_FILE",
    "CHECKLIST_FILE",
    "GM_STANDARDS_FILE",
    "PACKAGED_IDS",
    "SCHEMA",
    "Instrument",
    "answer_findings",
    "default_approach",
    "default_checklist",
    "default_gm_standards",
    "load_approach",
    "load_checklist",
    "load_standards",
    "packaged_instrument",
    "packaged_instruments",
    "parse_status",
    "resolve_instrument",
]

#: File name of the packaged implementation checklist inside ``ithrive.instruments``.
CHECKLIST_FILE = "checklist.toml"
#: File name of the packaged Approach to Implementation inside ``ithrive.instruments``.
APPROACH_FILE = "approach.toml"
#: File name of the packaged GM i-THRIVE Standards inside ``ithrive.instruments``.
GM_STANDARDS_FILE = "gm_standards.toml"

#: The instrument file format this version reads.
SCHEMA = 1

Source = str | os.PathLike[str] | Mapping[str, Any]

#: Any of the three instrument classes.
Instrument = Checklist | Approach | Standards

#: Ids of the packaged instruments.
PACKAGED_IDS = ("checklist", "approach", "gm_standards")
_T = TypeVar("_T")


class _UnknownStatus(_Invalid):
    code = "unknown_status"


# --------------------------------------------------------------------------- structuring


def parse_status(value: Any) -> ImplementationStatus:
    """Read a status from its text (``"in_place"``); anything else raises ``ValueError``."""
    if isinstance(value, ImplementationStatus):
        return value
    try:
        return ImplementationStatus(value)
    except (ValueError, TypeError):
        known = [s.value for s in ImplementationStatus]
        hint = suggestion_text(suggest(as_text(value), known))
        raise _UnknownStatus(
            f"unknown status {short_repr(value)}{hint or '; known statuses: ' + ', '.join(known)}"
        ) from None


def _strength(value: Any) -> LinkStrength:
    if isinstance(value, LinkStrength):
        return value
    try:
        return LinkStrength(value)
    except (ValueError, TypeError):
        known = [s.value for s in LinkStrength]
        raise _Invalid(
            f"unknown link strength {short_repr(value)}; known strengths: {', '.join(known)}"
        ) from None


def _text_tuple(value: Any, _: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(type(v) is str for v in value):
        raise _Invalid(f"expected a list of text, got {short_repr(value)}")
    return tuple(value)


@functools.cache
def _converter() -> cattrs.Converter:
    """The converter for instrument files, built on first use."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _strict(str, "text"))
    conv.register_structure_hook(int, _strict(int, "a whole number"))
    conv.register_structure_hook(ImplementationStatus, lambda v, _: parse_status(v))
    conv.register_structure_hook(LinkStrength, lambda v, _: _strength(v))
    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _text_tuple)
    # Arrays must be arrays: a text or a table where a list belongs is one clear
    # finding, not one finding per character or key.
    for kind in (tuple[ItemLink, ...], tuple[PlanElement, ...], tuple[ImplementationStatus, ...]):
        conv.register_structure_hook_func(_is(kind), _list_only(conv.get_structure_hook(kind)))
    # A text where a link or a plan element belongs is "expected a table", not
    # an internal AttributeError.
    for cls in (ItemLink, PlanElement):
        conv.register_structure_hook(cls, _table_only(conv.get_structure_hook(cls)))
    return conv


def _table_only(inner: Callable[[Any, Any], _T]) -> Callable[[Any, Any], _T]:
    def hook(value: Any, kind: Any) -> _T:
        if not isinstance(value, Mapping):
            raise _Invalid(f"expected a table, got {type(value).__name__} {short_repr(value)}")
        return inner(value, kind)

    return hook


def _is(kind: Any) -> Callable[[Any], bool]:
    def predicate(t: Any) -> bool:
        return bool(t == kind)

    return predicate


def _list_only(inner: Callable[[Any, Any], _T]) -> Callable[[Any, Any], _T]:
    def hook(value: Any, kind: Any) -> _T:
        if not isinstance(value, list):
            raise _Invalid(f"expected an array, got {type(value).__name__} {short_repr(value)}")
        return inner(value, kind)

    return hook


def _structure(
    raw: Any,
    cls: type[_T],
    where: str,
    findings: list[Finding],
    *,
    named: bool = True,
    **extra: Any,
) -> _T | None:
    """Structure one entry; on failure add findings naming the entry by its id."""
    entry = raw.get("id") if isinstance(raw, Mapping) and named else None
    entry = entry if isinstance(entry, str) else None
    if not isinstance(raw, Mapping):
        findings.append(
            Finding("invalid_value", entry, where, f"expected a table, got {short_repr(raw)}")
        )
        return None
    try:
        return _converter().structure({**raw, **extra}, cls)
    except Exception as exc:
        found = _flatten(exc, "", entry, frozenset())
        for f in found:
            findings.append(attrs.evolve(f, where=f"{where}.{f.where}" if f.where else where))
        if not found:  # pragma: no cover - cattrs always says why
            findings.append(Finding("invalid_value", entry, where, str(exc)))
        return None


# --------------------------------------------------------------------------- reading


def _read(source: Source) -> tuple[Mapping[str, Any], str]:
    return read_toml(source, InstrumentError)


@attrs.frozen
class _Header:
    id: str
    title: str
    version: str
    source: str
    statuses: tuple[ImplementationStatus, ...]


def _header(
    data: Mapping[str, Any], body_key: str, findings: list[Finding], origin: str
) -> tuple[_Header, list[Any]]:
    """Check the top level and the ``[instrument]`` table; return the header and the entries."""
    allowed = ("schema", "instrument", body_key)
    for key in data:
        if key not in allowed:
            hint = suggestion_text(suggest(as_text(key), allowed))
            findings.append(
                Finding("unknown_key", None, as_text(key), f"unknown top-level key{hint}")
            )
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA or type(schema) is not int:
        findings.append(
            Finding(
                "invalid_value",
                None,
                "schema",
                f"expected schema {SCHEMA}, got {short_repr(schema)}",
            )
        )
    raw = data.get("instrument")
    header = None
    if raw is None:
        findings.append(Finding("missing_field", None, "instrument", "required table is missing"))
    else:
        header = _structure(raw, _Header, "instrument", findings, named=False)
    if header is None:
        name = raw.get("id") if isinstance(raw, Mapping) else None
        name = name if isinstance(name, str) and name else origin
        header = _Header(name, name, "", "", tuple(ImplementationStatus))
    else:
        for key in ("id", "title", "version"):
            if not getattr(header, key).strip():
                findings.append(Finding("missing_field", None, f"instrument.{key}", "empty"))
        seen: set[ImplementationStatus] = set()
        for i, status in enumerate(header.statuses):
            if status in seen:
                findings.append(
                    Finding(
                        "duplicate_status",
                        None,
                        f"instrument.statuses[{i}]",
                        f"status {status.value!r} listed twice",
                    )
                )
            seen.add(status)
        if not header.statuses:
            findings.append(
                Finding("missing_field", None, "instrument.statuses", "no statuses listed")
            )
    body = data.get(body_key, [])
    if not isinstance(body, list):
        findings.append(Finding("invalid_value", None, body_key, "expected an array of tables"))
        body = []
    if not body:
        findings.append(Finding("missing_field", None, body_key, "no entries"))
    return header, body


# --------------------------------------------------------------------------- checks


class _Checker:
    """Whole-instrument checks: unique ids, resolving links, order, lines."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.ids: dict[str, str] = {}
        self.last_line: tuple[int, str] | None = None

    def add(self, code: str, entry: str | None, where: str, message: str) -> None:
        self.findings.append(Finding(code, entry, where, message))

    def id(self, entry_id: str, where: str) -> None:
        if not entry_id.strip():
            self.add("missing_field", None, f"{where}.id", "empty id")
        elif entry_id in self.ids:
            self.add(
                "duplicate_id",
                entry_id,
                f"{where}.id",
                f"id {entry_id!r} is already used at {self.ids[entry_id]}",
            )
        else:
            self.ids[entry_id] = where

    def line(self, line: int, entry: str, where: str) -> None:
        if (problem := number_problem(line, low=1, high=MAX_INTEGER)) is not None:
            self.add("invalid_value", entry, f"{where}.line", f"not a line number: {problem}")
            return
        elif self.last_line is not None and line <= self.last_line[0]:
            self.add(
                "out_of_order",
                entry,
                f"{where}.line",
                f"line {line} does not come after line {self.last_line[0]} ({self.last_line[1]})",
            )
        self.last_line = (line, entry)

    def links(
        self, entry: str, where: str, links: tuple[ItemLink, ...], unlinked: str = ""
    ) -> None:
        from ithrive.model import FRAMEWORK

        if not links and not unlinked.strip():
            self.add(
                "missing_link",
                entry,
                f"{where}.links",
                "not linked to any assessment item; say why in 'unlinked'",
            )
        elif links and unlinked.strip():
            self.add(
                "conflicting_fields",
                entry,
                f"{where}.unlinked",
                "an entry with links cannot also say why it has none",
            )
        seen: set[str] = set()
        for i, link in enumerate(links):
            at = f"{where}.links[{i}]"
            if link.item not in FRAMEWORK:
                hint = suggestion_text(suggest(link.item, FRAMEWORK.item_ids))
                self.add(
                    "dangling_link",
                    entry,
                    f"{at}.item",
                    f"unknown assessment item {link.item!r}{hint}",
                )
            elif link.item in seen:
                self.add("duplicate_link", entry, f"{at}.item", f"{link.item!r} linked twice")
            seen.add(link.item)
            if not link.reason.strip():
                self.add("missing_reason", entry, f"{at}.reason", "a link needs a reason")
            if link.level is not None and not 1 <= link.level <= 4:
                self.add(
                    "invalid_value", entry, f"{at}.level", f"expected a level 1-4, got {link.level}"
                )

    def title(self, entry: str, where: str, title: str) -> None:
        if not title.strip():
            self.add("missing_field", entry, f"{where}.title", "empty title")

    def number(self, entry: str, where: str, number: str, parent: int, expected: int) -> None:
        # No leading zeros: '0.01' is not the source's '0.1'.
        match = re.fullmatch(r"(0|[1-9]\d*)\.([1-9]\d*)", number)
        if match is None:
            self.add(
                "invalid_value",
                entry,
                f"{where}.number",
                f"expected a number such as '{parent}.{expected}', got {number!r}",
            )
        elif (int(match[1]), int(match[2])) != (parent, expected):
            self.add(
                "out_of_order",
                entry,
                f"{where}.number",
                f"expected number {parent}.{expected}, got {number!r}",
            )

    def sequence(self, entry: str, where: str, got: int, expected: int, what: str) -> None:
        if got != expected:
            self.add(
                "out_of_order", entry, where, f"expected {what} {expected}, got {short_repr(got)}"
            )


def _fail_or(name: str, findings: list[Finding], build: Callable[[], _T]) -> _T:
    if findings:
        raise InstrumentError(name, findings)
    return build()


def load_checklist(source: Source) -> Checklist:
    """Load and check a checklist from a TOML file path or a mapping.

    >>> from ithrive.instruments import load_checklist
    >>> load_checklist({
    ...     "instrument": {"id": "mini", "title": "Mini", "version": "1", "source": "s",
    ...                    "statuses": ["in_place", "in_progress", "not_started"]},
    ...     "actions": [
    ...         {"id": "a", "row": 1, "line": 3, "title": "A",
    ...          "links": [{"item": "micro.2", "reason": "r"}]},
    ...         {"id": "a", "row": 2, "line": 4, "title": "B",
    ...          "links": [{"item": "micro.9", "reason": "r"}]}]})
    Traceback (most recent call last):
    ...
    ithrive.errors.InstrumentError: instrument 'mini' failed validation with 2 findings:
      - a actions[1].id: id 'a' is already used at actions[0] [duplicate_id]
      - a actions[1].links[0].item: unknown assessment item 'micro.9'; ... [dangling_link]
    """
    data, origin = _read(source)
    findings: list[Finding] = []
    header, body = _header(data, "actions", findings, origin)
    check = _Checker(findings)
    actions: list[Action] = []
    for i, raw in enumerate(body):
        where = f"actions[{i}]"
        action = _structure(raw, Action, where, findings)
        if action is None:
            continue
        check.id(action.id, where)
        check.title(action.id, where, action.title)
        check.sequence(action.id, f"{where}.row", action.row, i + 1, "row")
        check.line(action.line, action.id, where)
        check.links(action.id, where, action.links, action.unlinked)
        actions.append(action)
    return _fail_or(
        header.id,
        findings,
        lambda: Checklist(
            id=header.id,
            title=header.title,
            version=header.version,
            source=header.source,
            statuses=header.statuses,
            actions=tuple(actions),
        ),
    )


def load_approach(source: Source, *, checklist: Checklist | None = None) -> Approach:
    """Load and check the implementation approach from a TOML file path or a mapping.

    Plan elements link to the actions of ``checklist`` (by default the
    packaged checklist).
    """
    if checklist is None:
        checklist = default_checklist()
    expect(checklist, Checklist, field="checklist", expected="a Checklist or None")
    data, origin = _read(source)
    findings: list[Finding] = []
    header, body = _header(data, "phases", findings, origin)
    check = _Checker(findings)
    phases: list[Phase] = []
    used: dict[str, str] = {}
    first: tuple[int, int] | None = None
    for i, raw in enumerate(body):
        where = f"phases[{i}]"
        raw_steps = raw.get("steps", []) if isinstance(raw, Mapping) else []
        head_raw = (
            {k: v for k, v in raw.items() if k != "steps"} if isinstance(raw, Mapping) else raw
        )
        head = _structure(head_raw, Phase, where, findings, steps=[])
        if head is None:
            continue
        check.id(head.id, where)
        check.title(head.id, where, head.title)
        # Count from the first phase that loaded, so one broken phase does not
        # put every later one out of order.
        first = (i, head.number) if first is None else first
        expected_phase = first[1] + i - first[0]
        check.sequence(head.id, f"{where}.number", head.number, expected_phase, "phase")
        check.line(head.line, head.id, where)
        steps: list[Step] = []
        if not isinstance(raw_steps, list) or not raw_steps:
            check.add("missing_field", head.id, f"{where}.steps", "a phase needs steps")
            raw_steps = []
        for j, raw_step in enumerate(raw_steps):
            at = f"{where}.steps[{j}]"
            step = _structure(raw_step, Step, at, findings)
            if step is None:
                continue
            check.id(step.id, at)
            check.title(step.id, at, step.title)
            check.number(step.id, at, step.number, expected_phase, j + 1)
            check.line(step.line, step.id, at)
            for k, element in enumerate(step.elements):
                el_at = f"{at}.elements[{k}]"
                if element.action not in checklist:
                    hint = suggestion_text(suggest(element.action, checklist.entry_ids))
                    check.add(
                        "dangling_link",
                        step.id,
                        f"{el_at}.action",
                        f"not an action of checklist {checklist.id!r}: {element.action!r}{hint}",
                    )
                elif element.action in used:
                    check.add(
                        "duplicate_link",
                        step.id,
                        f"{el_at}.action",
                        f"{element.action!r} is already an element at {used[element.action]}",
                    )
                else:
                    used[element.action] = el_at
                check.line(element.line, step.id, el_at)
            steps.append(step)
        phases.append(attrs.evolve(head, steps=tuple(steps)))
    return _fail_or(
        header.id,
        findings,
        lambda: Approach(
            id=header.id,
            title=header.title,
            version=header.version,
            source=header.source,
            statuses=header.statuses,
            phases=tuple(phases),
        ),
    )


def load_standards(source: Source) -> Standards:
    """Load and check a standards instrument (such as the GM standards) from TOML or a mapping."""
    from ithrive.model import FRAMEWORK

    groupings = tuple(g.id for g in FRAMEWORK.groupings)
    data, origin = _read(source)
    findings: list[Finding] = []
    header, body = _header(data, "sections", findings, origin)
    check = _Checker(findings)
    sections: list[StandardsSection] = []
    first: tuple[int, int] | None = None
    for i, raw in enumerate(body):
        where = f"sections[{i}]"
        raw_standards = raw.get("standards", []) if isinstance(raw, Mapping) else []
        head_raw = (
            {k: v for k, v in raw.items() if k != "standards"} if isinstance(raw, Mapping) else raw
        )
        head = _structure(head_raw, StandardsSection, where, findings, standards=[])
        if head is None:
            continue
        check.id(head.id, where)
        check.title(head.id, where, head.title)
        first = (i, head.number) if first is None else first
        expected_section = first[1] + i - first[0]
        check.sequence(head.id, f"{where}.number", head.number, expected_section, "section")
        check.line(head.line, head.id, where)
        for k, grouping in enumerate(head.groupings):
            if grouping in head.groupings[:k]:
                check.add(
                    "duplicate_link",
                    head.id,
                    f"{where}.groupings[{k}]",
                    f"grouping {grouping!r} listed twice",
                )
            elif grouping not in groupings:
                check.add(
                    "dangling_link",
                    head.id,
                    f"{where}.groupings[{k}]",
                    f"unknown needs-based grouping {grouping!r}"
                    f"{suggestion_text(suggest(grouping, groupings))}",
                )
        standards: list[Standard] = []
        if not isinstance(raw_standards, list) or not raw_standards:
            check.add("missing_field", head.id, f"{where}.standards", "a section needs standards")
            raw_standards = []
        for j, raw_standard in enumerate(raw_standards):
            at = f"{where}.standards[{j}]"
            standard = _structure(raw_standard, Standard, at, findings)
            if standard is None:
                continue
            check.id(standard.id, at)
            check.title(standard.id, at, standard.title)
            check.number(standard.id, at, standard.number, expected_section, j + 1)
            check.line(standard.line, standard.id, at)
            check.links(standard.id, at, standard.links, standard.unlinked)
            standards.append(standard)
        sections.append(attrs.evolve(head, standards=tuple(standards)))
    return _fail_or(
        header.id,
        findings,
        lambda: Standards(
            id=header.id,
            title=header.title,
            version=header.version,
            source=header.source,
            statuses=header.statuses,
            sections=tuple(sections),
        ),
    )


# --------------------------------------------------------------------------- packaged


def _packaged(name: str) -> Mapping[str, Any]:
    text = resources.files("ithrive.instruments").joinpath(name).read_text("utf-8")
    return tomllib.loads(text)


@functools.cache
def default_checklist() -> Checklist:
    """The packaged implementation checklist (31 actions)."""
    return load_checklist(_packaged(CHECKLIST_FILE))


@functools.cache
def default_approach() -> Approach:
    """The packaged i-THRIVE Approach to Implementation (phases 0-4, 53 steps)."""
    return load_approach(_packaged(APPROACH_FILE), checklist=default_checklist())


@functools.cache
def default_gm_standards() -> Standards:
    """The packaged GM i-THRIVE Standards (five sections, 35 standards)."""
    return load_standards(_packaged(GM_STANDARDS_FILE))


def packaged_instruments() -> tuple[Instrument, ...]:
    """The three packaged instruments: checklist, approach, GM standards."""
    return (default_checklist(), default_approach(), default_gm_standards())


def packaged_instrument(name: object) -> Instrument | None:
    """The packaged instrument with id ``name``, or ``None``."""
    for instrument in packaged_instruments():
        if instrument.id == name:
            return instrument
    return None


def check_instrument(instrument: object) -> Instrument | None:
    """``instrument`` if it is one (or ``None``); anything else is a ``wrong_type`` error."""
    if instrument is None:
        return None
    expected = "a Checklist, Approach or Standards, or None"
    kinds = (Checklist, Approach, Standards)
    return cast("Instrument", expect(instrument, kinds, field="instrument", expected=expected))


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
    from ithrive.instruments.response import Answer

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
