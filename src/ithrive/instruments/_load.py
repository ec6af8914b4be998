"""Loading the three instruments from TOML files or mappings, and the packaged ones.

:func:`load_checklist`, :func:`load_approach` and :func:`load_standards`
structure each entry (:mod:`._structure`), check the whole (:mod:`._checks`)
and raise every problem at once; the ``default_*`` functions load the
packaged files once and keep them.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs

from ithrive.base._hints import suggest, suggestion_text
from ithrive.errors import Finding, expect
from ithrive.instruments._checks import Checker, fail_or, read_header
from ithrive.instruments._kinds import Instrument
from ithrive.instruments._structure import Source, read_source, split_children, structure_entry
from ithrive.instruments.approach import Approach, Phase, Step
from ithrive.instruments.checklist import Action, Checklist
from ithrive.instruments.standards import Standard, Standards, StandardsSection

__all__ = [
    "APPROACH_FILE",
    "CHECKLIST_FILE",
    "GM_STANDARDS_FILE",
    "PACKAGED_IDS",
    "default_approach",
    "default_checklist",
    "default_gm_standards",
    "load_approach",
    "load_checklist",
    "load_standards",
    "packaged_instrument",
    "packaged_instruments",
]

#: File name of the packaged implementation checklist inside ``ithrive.instruments``.
CHECKLIST_FILE = "checklist.toml"
#: File name of the packaged Approach to Implementation inside ``ithrive.instruments``.
APPROACH_FILE = "approach.toml"
#: File name of the packaged GM i-THRIVE Standards inside ``ithrive.instruments``.
GM_STANDARDS_FILE = "gm_standards.toml"

#: Ids of the packaged instruments.
PACKAGED_IDS = ("checklist", "approach", "gm_standards")


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
    data, origin = read_source(source)
    findings: list[Finding] = []
    header, body = read_header(data, "actions", findings, origin)
    check = Checker(findings)
    actions: list[Action] = []
    for i, raw in enumerate(body):
        where = f"actions[{i}]"
        action = structure_entry(raw, Action, where, findings)
        if action is None:
            continue
        check.id(action.id, where)
        check.title(action.id, where, action.title)
        check.sequence(action.id, f"{where}.row", action.row, i + 1, "row")
        check.line(action.line, action.id, where)
        check.links(action.id, where, action.links, action.unlinked)
        actions.append(action)
    return fail_or(
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
    data, origin = read_source(source)
    findings: list[Finding] = []
    header, body = read_header(data, "phases", findings, origin)
    check = Checker(findings)
    phases: list[Phase] = []
    used: dict[str, str] = {}
    first: tuple[int, int] | None = None
    for i, raw in enumerate(body):
        where = f"phases[{i}]"
        head_raw, raw_steps = split_children(raw, "steps")
        head = structure_entry(head_raw, Phase, where, findings, steps=[])
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
            step = structure_entry(raw_step, Step, at, findings)
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
    return fail_or(
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
    data, origin = read_source(source)
    findings: list[Finding] = []
    header, body = read_header(data, "sections", findings, origin)
    check = Checker(findings)
    sections: list[StandardsSection] = []
    first: tuple[int, int] | None = None
    for i, raw in enumerate(body):
        where = f"sections[{i}]"
        head_raw, raw_standards = split_children(raw, "standards")
        head = structure_entry(head_raw, StandardsSection, where, findings, standards=[])
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
            standard = structure_entry(raw_standard, Standard, at, findings)
            if standard is None:
                continue
            check.id(standard.id, at)
            check.title(standard.id, at, standard.title)
            check.number(standard.id, at, standard.number, expected_section, j + 1)
            check.line(standard.line, standard.id, at)
            check.links(standard.id, at, standard.links, standard.unlinked)
            standards.append(standard)
        sections.append(attrs.evolve(head, standards=tuple(standards)))
    return fail_or(
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
