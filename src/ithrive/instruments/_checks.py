"""Whole-instrument checks: the header, unique ids, resolving links, order and lines.

:func:`read_header` checks an instrument file's top level and its
``[instrument]`` table; a :class:`Checker` then checks the entries as a
whole (ids unique, item links resolving to the framework, numbers and rows
in order, source lines increasing), adding every problem to one list of
findings so the loader can raise them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from ithrive._messages import as_text, short_repr
from ithrive.base._hints import suggest, suggestion_text
from ithrive.base.bounds import number_problem
from ithrive.errors import Finding, InstrumentError
from ithrive.instruments._structure import structure_entry
from ithrive.instruments.link import ItemLink
from ithrive.instruments.status import ImplementationStatus
from ithrive.limits import MAX_INTEGER

__all__ = ["SCHEMA", "Checker", "Header", "fail_or", "read_header"]

#: The instrument file format this version reads.
SCHEMA = 1
_T = TypeVar("_T")


@attrs.frozen
class Header:
    """An instrument file's ``[instrument]`` table."""

    id: str
    title: str
    version: str
    source: str
    statuses: tuple[ImplementationStatus, ...]


def read_header(
    data: Mapping[str, Any], body_key: str, findings: list[Finding], origin: str
) -> tuple[Header, list[Any]]:
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
        header = structure_entry(raw, Header, "instrument", findings, named=False)
    if header is None:
        name = raw.get("id") if isinstance(raw, Mapping) else None
        name = name if isinstance(name, str) and name else origin
        header = Header(name, name, "", "", tuple(ImplementationStatus))
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


class Checker:
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


def fail_or(name: str, findings: list[Finding], build: Callable[[], _T]) -> _T:
    """Raise the findings as one InstrumentError, or build the instrument if there are none."""
    if findings:
        raise InstrumentError(name, findings)
    return build()
