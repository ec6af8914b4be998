"""Structuring instrument files: TOML values into the record classes, with cattrs.

One converter, built on first use, reads the entries of an instrument file
into :class:`~ithrive.instruments.Action`, :class:`~ithrive.instruments.Step`
and the rest: unknown keys are refused, text must be text and whole numbers
whole, statuses and link strengths are read from their codes, and a list or
a table where the other belongs is one clear finding. :func:`structure_entry`
turns every failure into findings that name the entry by its id.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs
import cattrs

from ithrive._messages import as_text, short_repr
from ithrive.base._hints import suggest, suggestion_text
from ithrive.base._structuring import InvalidValue, flatten, read_toml, strict
from ithrive.errors import Finding, InstrumentError
from ithrive.instruments.approach import PlanElement
from ithrive.instruments.link import ItemLink, LinkStrength
from ithrive.instruments.status import ImplementationStatus

__all__ = ["Source", "parse_status", "read_source", "structure_entry"]

#: Where an instrument comes from: a TOML file path or an already-read mapping.
Source = str | os.PathLike[str] | Mapping[str, Any]
_T = TypeVar("_T")


class _UnknownStatus(InvalidValue):
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
        raise InvalidValue(
            f"unknown link strength {short_repr(value)}; known strengths: {', '.join(known)}"
        ) from None


def _text_tuple(value: Any, _: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(type(v) is str for v in value):
        raise InvalidValue(f"expected a list of text, got {short_repr(value)}")
    return tuple(value)


@functools.cache
def _converter() -> cattrs.Converter:
    """The converter for instrument files, built on first use."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, strict(str, "text"))
    conv.register_structure_hook(int, strict(int, "a whole number"))
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
            raise InvalidValue(f"expected a table, got {type(value).__name__} {short_repr(value)}")
        return inner(value, kind)

    return hook


def _is(kind: Any) -> Callable[[Any], bool]:
    def predicate(t: Any) -> bool:
        return bool(t == kind)

    return predicate


def _list_only(inner: Callable[[Any, Any], _T]) -> Callable[[Any, Any], _T]:
    def hook(value: Any, kind: Any) -> _T:
        if not isinstance(value, list):
            raise InvalidValue(f"expected an array, got {type(value).__name__} {short_repr(value)}")
        return inner(value, kind)

    return hook


def structure_entry(
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
        found = flatten(exc, "", entry, frozenset())
        for f in found:
            findings.append(attrs.evolve(f, where=f"{where}.{f.where}" if f.where else where))
        if not found:  # pragma: no cover - cattrs always says why
            findings.append(Finding("invalid_value", entry, where, str(exc)))
        return None


def split_children(raw: Any, key: str) -> tuple[Any, Any]:
    """An entry without its list of children (a phase's ``steps``), and that list.

    The head is structured on its own, so a broken child does not hide the
    head's own problems; anything but a table is passed on whole for
    :func:`structure_entry` to refuse.
    """
    if not isinstance(raw, Mapping):
        return raw, []
    return {k: v for k, v in raw.items() if k != key}, raw.get(key, [])


def read_source(source: Source) -> tuple[Mapping[str, Any], str]:
    """The mapping in ``source`` and a name for it; unreadable TOML is an InstrumentError."""
    return read_toml(source, InstrumentError)
