"""Reading a TOML document and structuring it into attrs classes, every problem a finding.

Rulesets and instrument files (:mod:`ithrive.instruments`) are both TOML
documents: :func:`read_toml` reads one within the documented limits (or
takes a mapping), and a strict cattrs converter structures it: :func:`strict` makes a
hook that takes a value only of its exact type, :class:`InvalidValue` is
what such a hook raises, and :func:`flatten` turns cattrs' tree of
validation errors into :class:`~ithrive.errors.Finding` objects with the
path of each problem.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from typing import Any

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from ithrive._messages import as_text, short_repr
from ithrive.base._hints import suggest, suggestion_text
from ithrive.base.encoding import unencodable_findings
from ithrive.errors import Finding, RulesetError, expect
from ithrive.limits import MAX_JSON_TEXT

__all__ = ["InvalidValue", "flatten", "read_toml", "strict"]


class InvalidValue(ValueError):
    """A value of the wrong type or form inside a ruleset or instrument file."""

    code = "invalid_value"


def strict(kind: type, label: str) -> Callable[[Any, Any], Any]:
    """A structure hook taking only values of type ``kind`` exactly (described as ``label``)."""

    def hook(value: Any, _: Any) -> Any:
        if type(value) is not kind:
            raise InvalidValue(f"expected {label}, got {type(value).__name__} {short_repr(value)}")
        return value

    return hook


def flatten(
    exc: BaseException, path: str, item: str | None, hidden: frozenset[str] = frozenset({"item"})
) -> list[Finding]:
    """Turn a cattrs validation error tree into findings with paths.

    ``hidden`` names fields the loader fills in itself, never suggested as keys.
    """
    if isinstance(exc, ClassValidationError | IterableValidationError):
        out: list[Finding] = []
        with_notes, without_notes = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(note, IterableValidationNote):
                sub_path = f"{path}[{note.index}]"
            else:
                sub_path = f"{path}.{note.name}" if path else str(note.name)
            out.extend(flatten(sub, sub_path, item, hidden))
        for sub in without_notes:
            out.extend(flatten(sub, path, item, hidden))
        return out
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = [a.name for a in attrs.fields(exc.cl) if a.init and a.name not in hidden]
        found = []
        for key in sorted(exc.extra_fields, key=as_text):
            hints = suggest(as_text(key), allowed)
            hint = suggestion_text(hints) or f"; known keys: {', '.join(allowed)}"
            found.append(Finding("unknown_key", item, path, f"unknown key {short_repr(key)}{hint}"))
        return found
    if isinstance(exc, KeyError):
        return [Finding("missing_field", item, path, "required key is missing")]
    if isinstance(exc, InvalidValue):
        return [Finding(exc.code, item, path, str(exc))]
    return [Finding("invalid_value", item, path, f"{type(exc).__name__}: {exc}")]


def _writable(
    data: Mapping[str, Any], shown: str, error: Callable[[str, list[Finding]], Exception]
) -> Mapping[str, Any]:
    """``data``, unless it holds text no UTF-8 output can hold (checked once, here)."""
    found = unencodable_findings(data)
    if found:
        raise error(shown, found)
    return data


def read_toml(
    source: str | os.PathLike[str] | Mapping[str, Any],
    error: Callable[[str, list[Finding]], Exception] = RulesetError,
) -> tuple[Mapping[str, Any], str]:
    """A TOML file's data and its path (a mapping is passed through); ``error`` if unreadable.

    Anything but a path or a mapping is refused (``wrong_type``, field ``source``).
    """
    if isinstance(source, Mapping):
        return _writable(source, "<mapping>", error), "<mapping>"
    expect(source, (str, bytes, os.PathLike), field="source", expected="a file path or a mapping")
    path = os.fspath(source)
    shown = os.fsdecode(path)  # a bytes path is named as text in findings
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_JSON_TEXT + 1)  # never all of /dev/zero
    except OSError as err:
        raise error(
            shown, [Finding("unreadable", None, shown, f"cannot read the file: {err.strerror}")]
        ) from None
    if len(raw) > MAX_JSON_TEXT:
        message = f"more than {MAX_JSON_TEXT} bytes (the limit)"
        raise error(shown, [Finding("too_large", None, shown, message)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error(
            shown, [Finding("unreadable", None, shown, "cannot read the file: not UTF-8 text")]
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error(
            shown, [Finding("toml_syntax", None, shown, f"not valid TOML: {err}")]
        ) from None
    except (ValueError, RecursionError) as err:
        # Python's own limits: a number of more than 4300 digits, nesting too deep.
        raise error(
            shown, [Finding("toml_syntax", None, shown, f"TOML that cannot be read: {err}")]
        ) from None
    return _writable(data, shown, error), shown
