"""Structuring a TOML document into attrs classes, with every problem as a finding.

Rulesets and instrument files (:mod:`ithrive.instruments`) are both TOML
documents structured by a strict cattrs converter: :func:`strict` makes a
hook that takes a value only of its exact type, :class:`InvalidValue` is
what such a hook raises, and :func:`flatten` turns cattrs' tree of
validation errors into :class:`~ithrive.errors.Finding` objects with the
path of each problem.
"""

from __future__ import annotations

from collections.abc import Callable
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
from ithrive.errors import Finding

__all__ = ["InvalidValue", "flatten", "strict"]


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
