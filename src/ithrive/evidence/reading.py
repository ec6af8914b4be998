"""JSON forms of evidence, through one configured cattrs setup.

Models do not know how they are serialised; this module does. Evidence
arrives as plain JSON-like dicts tagged by ``kind`` and is structured with
cattrs, unknown fields rejected. The fast path runs first; only when it fails
is the input structured again with detailed validation, so that every
problem is reported at once with its item, field and value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs
import cattrs
from cattrs.errors import ClassValidationError

from ithrive._messages import as_text, short_repr
from ithrive.base._hints import suggest, suggestion_text
from ithrive.errors import EvidenceError, InvalidEvidenceError, wrong_type
from ithrive.evidence import (
    KINDS,
    RATIO_PATTERN,
    CriterionValue,
    Evidence,
    Indicators,
    exact_number,
)
from ithrive.evidence.kinds import failed_plugins_note, kind_of_class, load_plugins
from ithrive.limits import MAX_PROBLEMS
from ithrive.model.level import Level

__all__ = ["structure_evidence", "unstructure_evidence"]


def _passthrough(value: Any, _: Any) -> Any:
    """Hand the raw value to the class, whose validators give the precise error."""
    return value


#: Text read as an exact number: a ratio such as ``"269/33"``, the form written for a
#: fraction no JSON number equals. Any other text stays text and is refused as a number.
#: ASCII only, as the schema's pattern means in JSON Schema's (ECMA-262) regex dialect:
#: ``\d`` is 0-9 there, so text such as ``"\u0663/1"`` must not be read as 3.
_EXACT_TEXT = re.compile(RATIO_PATTERN, re.ASCII)


def _exact(value: Any, _: Any) -> Any:
    """Read text such as ``"20/3"`` as an exact fraction; pass the rest on."""
    if isinstance(value, str) and _EXACT_TEXT.match(value):
        try:
            return Fraction(value.strip())
        except ZeroDivisionError:
            return value
    return value


_EXACT_TYPES: tuple[Any, ...] = (float | Fraction, float | Fraction | None)


def _make(detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(
        forbid_extra_keys=True, detailed_validation=detailed, prefer_attrib_converters=True
    )
    for kind in (int, float, str, bool, Level):
        conv.register_structure_hook(kind, _passthrough)
    conv.register_structure_hook_func(lambda t: t in _RAW_TYPES, _passthrough)
    conv.register_structure_hook_func(lambda t: t in _EXACT_TYPES, _exact)
    return conv


_RAW_TYPES: tuple[Any, ...] = (
    tuple[str, ...],
    tuple[tuple[str, CriterionValue], ...],
    tuple[str, ...] | None,
    int | None,
    float | None,
    str | None,
)
_FAST = _make(detailed=False)
_DETAILED = _make(detailed=True)


def _extra_key_errors(cls: type, extra: set[str]) -> list[EvidenceError]:
    allowed = [a.name for a in cls.__attrs_attrs__]  # type: ignore[attr-defined]
    out = []
    keys = sorted(extra, key=as_text)
    for key in keys[:MAX_PROBLEMS]:  # a suggestion costs time: the rest are counted
        hints = suggest(as_text(key), allowed)
        out.append(
            EvidenceError(
                f"unknown field for {cls.kind} evidence{suggestion_text(hints)}",  # type: ignore[attr-defined]
                code="unknown_field",
                field=as_text(key),
                value=key,
            )
        )
    if len(keys) > MAX_PROBLEMS:
        more = len(keys) - MAX_PROBLEMS
        out.append(
            EvidenceError(f"and {more} more unknown fields", code="more_problems", value=more)
        )
    return out


_ABSENT = object()


def _present_field_errors(
    cls: type, known: Mapping[str, Any], missing: list[str]
) -> list[EvidenceError]:
    """Problems with the fields that *are* given, when required ones are missing.

    The class is built with a stand-in for each missing field; its own
    validators then judge the rest, and complaints about the stand-ins
    (already reported as missing) are dropped.
    """
    try:
        cls(**known, **dict.fromkeys(missing, _ABSENT))
    except InvalidEvidenceError as group:
        found: list[EvidenceError] = list(group.errors)
    except EvidenceError as err:
        found = [err]
    except Exception:  # pragma: no cover - validators raise EvidenceError only
        return []
    else:  # pragma: no cover - a stand-in is never a valid value
        return []
    return [e for e in found if e.value is not _ABSENT and e.field not in missing]


def _detailed_errors(cls: type, body: Mapping[str, Any]) -> list[EvidenceError]:
    """Every problem with ``body`` as ``cls``: unknown fields first, then the rest."""
    allowed = {a.name for a in cls.__attrs_attrs__}  # type: ignore[attr-defined]
    extra = {k for k in body if k not in allowed}
    out = _extra_key_errors(cls, extra)
    known = {k: v for k, v in body.items() if k in allowed}
    try:
        _DETAILED.structure(known, cls)
    except ClassValidationError as group:
        with_notes, without_notes = group.group_exceptions()
        for exc in without_notes:
            out.extend(getattr(exc, "errors", (exc,)) if isinstance(exc, EvidenceError) else ())
        missing: list[str] = []
        for exc, note in with_notes:
            if isinstance(exc, KeyError):
                missing.append(str(note.name))
                out.append(
                    EvidenceError(
                        "required field is missing",
                        code="missing_field",
                        field=str(note.name),
                        value=None,
                    )
                )
            elif isinstance(exc, EvidenceError):  # pragma: no cover - hooks pass values through
                out.extend(getattr(exc, "errors", (exc,)))
        if missing:
            out.extend(_present_field_errors(cls, known, missing))
    except EvidenceError as exc:
        out.extend(getattr(exc, "errors", (exc,)))
    except Exception as exc:  # never let a foreign error through
        out.append(
            EvidenceError(f"cannot read this evidence: {type(exc).__name__}", code="invalid_value")
        )
    if not out:  # pragma: no cover - the fast path failed, so something is wrong
        out.append(EvidenceError("cannot read this evidence", code="invalid_value"))
    return out


def structure_evidence(data: Any) -> Evidence:
    """Build one typed evidence object from a JSON-like dict tagged by ``kind``.

    Raises :class:`~ithrive.errors.EvidenceError` (one problem) or
    :class:`~ithrive.errors.InvalidEvidenceError` (several), without item
    ids: the caller places them.

    >>> structure_evidence({"kind": "proportion", "numerator": 18, "denominator": 30})
    Proportion(numerator=18, denominator=30, percent=None, measure=None)
    """
    if kind_of_class(type(data)) is not None or isinstance(data, tuple(KINDS.values())):
        return data  # type: ignore[no-any-return]
    if not isinstance(data, Mapping):
        raise EvidenceError(
            "expected an evidence object with a 'kind', got "
            f"{type(data).__name__} {short_repr(data)}",
            code="wrong_type",
            value=data,
        )
    kind = data.get("kind")
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None and isinstance(kind, str):
        load_plugins()  # a kind a third-party package declares
        cls = KINDS.get(kind)
    if cls is None:
        if "kind" not in data:
            raise EvidenceError(
                f"required field is missing; kinds are {', '.join(KINDS)}",
                code="missing_field",
                field="kind",
                value=None,
            )
        hints = suggest(as_text(kind), list(KINDS))
        raise EvidenceError(
            f"unknown evidence kind{suggestion_text(hints)} (kinds: {', '.join(KINDS)})"
            f"{failed_plugins_note()}",
            code="unknown_kind",
            field="kind",
            value=kind,
        )
    body = {k: v for k, v in data.items() if k != "kind"}
    try:
        return _FAST.structure(body, cls)
    except Exception:
        problems = _detailed_errors(cls, body)
    if len(problems) == 1:
        raise problems[0]
    raise InvalidEvidenceError(problems)


def unstructure_evidence(evidence: Evidence) -> dict[str, Any]:
    """The JSON-ready dict of one piece of evidence, ``kind`` first, unset fields left out.

    Anything but a piece of evidence (a :class:`~ithrive.evidence.Proportion`,
    say: an attrs class tagged with its ``kind``) is refused (``wrong_type``,
    field ``evidence``). A piece of a kind since unregistered is still written
    as it is, so a scorecard scored with it reads the same afterwards.
    """
    if not (attrs.has(type(evidence)) and isinstance(getattr(evidence, "kind", None), str)):
        raise wrong_type(evidence, "a piece of evidence such as a Proportion", field="evidence")
    out: dict[str, Any] = {"kind": evidence.kind}
    if isinstance(evidence, Indicators):
        out["criteria"] = evidence.as_dict()
        return out
    for attribute in evidence.__attrs_attrs__:
        value = getattr(evidence, attribute.name)
        if value is None:
            continue
        if isinstance(value, Level):
            value = int(value)
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Fraction):
            value = exact_number(value)
        out[attribute.name] = value
    return out
