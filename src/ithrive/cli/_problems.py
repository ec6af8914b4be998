"""A command's problems and exit codes: every problem found, one line each on standard error.

A command that fails reports every problem it found, not the first: each
names its file, item, field and value, its code and its message, as a line
of text or (``--errors json``) a JSON object. Every part may come from the
input, so each is escaped for the terminal and cut to a bound.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import attrs

from ithrive._messages import jsonable, short_repr
from ithrive.base.encoding import is_encodable
from ithrive.base.escape import escape_terminal
from ithrive.errors import InputError, InvalidEvidenceError, IthriveError, RulesetError

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INVALID",
    "EXIT_OK",
    "MAX_MESSAGE",
    "MAX_PLACE",
    "Problem",
    "Problems",
    "cut",
    "problem_line",
    "report_problems",
]

#: Exit code: success.
EXIT_OK: int = 0
#: Exit code: ``rules verify`` found the ruleset unsound.
EXIT_FINDINGS: int = 1
#: Exit code: invalid input or usage; nothing was written.
EXIT_INVALID: int = 2

#: Characters of a place (file, item, field) and of a message on standard error;
#: longer ones, which only a hostile input gives, are cut.
MAX_PLACE = 200
MAX_MESSAGE = 2_000


@attrs.frozen
class Problem:
    """One problem to report: where it is (file, item, field), its value, code and message."""

    source: str | None
    code: str
    item: str | None
    field: str | None
    value: Any
    message: str

    @classmethod
    def from_error(cls, err: IthriveError, source: str | None) -> list[Problem]:
        if isinstance(err, InvalidEvidenceError):
            return [p for e in err.errors for p in cls.from_error(e, source)]
        if isinstance(err, InputError) and err.errors:
            listed = [p for e in err.errors for p in cls.from_error(e, source)]
            more = f"and {err.more} more problems"
            return listed + (
                [cls(source, "more_problems", None, None, err.more, more)] if err.more else []
            )
        if isinstance(err, RulesetError):
            return [
                cls(source or err.name, f.code, f.item, f.where or None, None, f.message)
                for f in err.findings
            ]
        return [cls(source, err.code, err.item, err.field, err.value, err.message)]


class Problems(Exception):
    """Every problem found, to write on standard error before exiting with code 2."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _shown(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return short_repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def cut(text: str | None, limit: int) -> str | None:
    """``text`` cut to about ``limit`` characters, saying how long it was."""
    if text is None or len(text) <= limit:
        return text
    return f"{text[: limit - 30]}... ({len(text)} characters)"


def problem_line(p: Problem, fmt: str) -> str:
    """One problem as a line of text or of JSON, safe to write to a terminal.

    Every part may come from the input, so each is escaped for the terminal
    (control characters, lone surrogates, bidirectional controls); a JSON
    line escapes what JSON can only hold as ``\\u`` escapes. Places and
    messages are cut to a bound, so a huge argument or file name is not
    echoed whole.
    """
    if fmt == "json":
        value = cut(p.value, MAX_MESSAGE) if isinstance(p.value, str) else p.value
        record = {
            "file": cut(p.source, MAX_PLACE),
            "code": p.code,
            "item": cut(p.item, MAX_PLACE),
            "field": cut(p.field, MAX_PLACE),
            "value": jsonable(value),
            "message": cut(p.message, MAX_MESSAGE),
        }
        text = json.dumps(record, ensure_ascii=False)
        return text if is_encodable(text) else json.dumps(record, ensure_ascii=True)
    place = [escape_terminal(cut(x, MAX_PLACE)) for x in (p.item, p.field) if x and x != p.source]
    if p.value is not None and p.value not in (p.item, p.source, p.field):
        shown = escape_terminal(_shown(p.value))
        if p.field:
            place[-1] = f"{place[-1]}={shown}"
        else:
            place.append(f"value={shown}")
    source = "<stdin>" if p.source == "-" else cut(p.source, MAX_PLACE)
    parts = [escape_terminal(source)] if source else []
    if place:
        parts.append(" ".join(place))
    message = escape_terminal(cut(p.message, MAX_MESSAGE))
    return f"error: {': '.join([*parts, message])} [{escape_terminal(p.code)}]"


def report_problems(problems: Sequence[Problem], fmt: str) -> None:
    """Write each problem on standard error, one line each (``fmt``: ``text`` or ``json``)."""
    for p in problems:
        print(problem_line(p, fmt), file=sys.stderr)
