"""The exceptions ithrive raises.

Every error ithrive raises on purpose derives from :class:`IthriveError` and
carries machine-readable fields so an application can put the message next to
the input that caused it:

- ``code``: a stable identifier for the kind of problem (see the error
  catalogue in the docs);
- ``item``: the assessment item id concerned (``"micro.2"``), or ``None``;
- ``field``: the evidence or ruleset field concerned (``"numerator"``), or
  ``None``;
- ``value``: the offending value, as given.

Each subclass also inherits the matching builtin (``ValueError``,
``LookupError``, ``ImportError``), so code that already catches those keeps
working.
"""

from __future__ import annotations

import copy
import numbers
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, overload

import attrs

# How values are shown in messages lives below, in its own module, which
# every layer imports for itself.
from ithrive._messages import MAX_PLACE, jsonable, short_repr, shown_place
from ithrive.limits import MAX_PROBLEMS

__all__ = [
    "EvidenceError",
    "Finding",
    "FrameBackendError",
    "InputError",
    "InstrumentError",
    "InvalidEvidenceError",
    "IthriveError",
    "MissingExtraError",
    "ReportError",
    "ResponseError",
    "RulesetError",
    "UnknownAssessmentError",
    "UnknownItemError",
]

_T = TypeVar("_T")


class IthriveError(Exception):
    """Base of every error ithrive raises on purpose.

    >>> err = IthriveError("bad", code="example", item="micro.2", field="numerator", value=-1)
    >>> (err.code, err.item, err.field, err.value)
    ('example', 'micro.2', 'numerator', -1)
    """

    code: str = "ithrive_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        item: str | None = None,
        field: str | None = None,
        value: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.item = item
        self.field = field
        self.value = value

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        """Rebuild from the attributes, not ``cls(*args)`` (subclasses take other arguments).

        So every error survives pickle, copy and deepcopy, and crosses process boundaries.
        """
        return (_restored, (type(self), self.args), self.__dict__)

    def lines(self) -> list[str]:
        """One readable line per problem, each ending in its ``[code]``."""
        return [f"{self} [{self.code}]"]

    def to_dict(self) -> dict[str, Any]:
        """Return the error as a JSON-ready dict: code, item, field, value and message."""
        return {
            "code": self.code,
            "item": jsonable(self.item),
            "field": jsonable(self.field),
            "value": jsonable(self.value),
            "message": jsonable(self.message),
        }


def _restored(cls: type[IthriveError], args: tuple[Any, ...]) -> IthriveError:
    """An error of class ``cls`` with ``args``, its ``__init__`` not run (the state follows)."""
    return cls.__new__(cls, *args)


class EvidenceError(IthriveError, ValueError):
    """One problem with one piece of evidence.

    >>> from ithrive import Proportion
    >>> Proportion(numerator=31, denominator=30)
    Traceback (most recent call last):
    ...
    ithrive.errors.EvidenceError: numerator: 31 is greater than the denominator 30
    """

    code = "invalid_evidence"

    def __str__(self) -> str:
        where = " ".join(shown_place(p) for p in (self.item, self.field) if p)
        return f"{where}: {self.message}" if where else self.message

    def at(self, item: str | None = None, prefix: str | None = None) -> EvidenceError:
        """Return a copy placed at ``item``, with ``prefix`` put before the field path."""
        field = self.field
        if prefix is not None:
            field = prefix if field is None else f"{prefix}.{field}"
        err = copy.copy(self)
        err.item = item if item is not None else self.item
        err.field = field
        return err


class UnknownItemError(EvidenceError, LookupError):
    """An item id that the framework does not have.

    ``suggestions`` holds the nearest known ids.

    >>> from ithrive import FRAMEWORK
    >>> FRAMEWORK.item("micro.8")
    Traceback (most recent call last):
    ...
    ithrive.errors.UnknownItemError: micro.8: unknown item; did you mean ...?
    """

    code = "unknown_item"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        item: str | None = None,
        field: str | None = None,
        value: Any = None,
        suggestions: Sequence[str] = (),
    ) -> None:
        super().__init__(message, code=code, item=item, field=field, value=value)
        self.suggestions = tuple(suggestions)


class InvalidEvidenceError(EvidenceError):
    """Evidence with one or more problems, all reported together.

    ``errors`` holds one :class:`EvidenceError` per problem; ``item``,
    ``field`` and ``value`` are those of the first. Nothing is scored when this
    is raised.

    >>> import ithrive
    >>> try:
    ...     ithrive.score({"micro.2": {"kind": "proportion", "percent": 120},
    ...                    "meso.2": {"kind": "count", "count": -1}})
    ... except ithrive.InvalidEvidenceError as err:
    ...     for line in err.lines():
    ...         print(line)
    meso.2 count: -1 is below the minimum 0 [out_of_range]
    micro.2 percent: 120 is above the maximum 100 [out_of_range]
    """

    code = "invalid_evidence"

    def __init__(self, errors: Iterable[EvidenceError]) -> None:
        self.errors: tuple[EvidenceError, ...] = _capped(tuple(errors))
        if not self.errors:
            raise ValueError("InvalidEvidenceError needs at least one error")
        first = self.errors[0]
        # every problem found: those listed, and those a ``more_problems`` entry counts
        n = sum(_counted(e) for e in self.errors)
        head = f"{n} problem{'s' if n > 1 else ''} in the evidence:\n"
        super().__init__(
            head + "\n".join(f"  - {line}" for line in self.lines()),
            item=first.item,
            field=first.field,
            value=first.value,
        )

    def __str__(self) -> str:
        return self.message

    def lines(self) -> list[str]:
        """One readable line per problem: ``item field: message [code]``."""
        return [f"{err} [{err.code}]" for err in self.errors]

    def to_dict(self) -> dict[str, Any]:
        """Return the error and every problem as a JSON-ready dict."""
        out = super().to_dict()
        out["errors"] = [e.to_dict() for e in self.errors]
        return out


def _counted(err: EvidenceError) -> int:
    """How many problems ``err`` stands for: one, or the count of a ``more_problems`` entry."""
    return int(err.value) if err.code == "more_problems" and is_whole(err.value) else 1


def _capped(errors: tuple[EvidenceError, ...]) -> tuple[EvidenceError, ...]:
    """The first :data:`~ithrive.limits.MAX_PROBLEMS` problems, the rest counted in one.

    The count is a ``more_problems`` problem ("and K more problems") at the
    end; counts already given that way are added to it.
    """
    listed = [e for e in errors if e.code != "more_problems"]
    counted = [e for e in errors if e.code == "more_problems"]
    if len(listed) <= MAX_PROBLEMS and len(counted) <= 1:
        return errors
    more = len(listed) - min(len(listed), MAX_PROBLEMS)
    more += sum(e.value for e in counted if is_whole(e.value))
    kept = listed[:MAX_PROBLEMS]
    if more:
        kept.append(
            EvidenceError(
                f"and {more} more problem{'s' if more > 1 else ''}",
                code="more_problems",
                value=more,
            )
        )
    return tuple(kept)


@attrs.frozen
class Finding:
    """One thing wrong with a ruleset, found when it was verified.

    ``where`` locates the problem inside the item's rule, for example
    ``"measures.notes_audit.bands[2]"``.
    """

    code: str
    item: str | None
    where: str
    message: str

    def __str__(self) -> str:
        place = " ".join(shown_place(p) for p in (self.item, self.where) if p)
        return (
            f"{place}: {self.message} [{self.code}]" if place else f"{self.message} [{self.code}]"
        )


class _FindingsError(IthriveError, ValueError):
    """Data that failed checking, with every problem in ``findings``."""

    _what = "data"
    _verb = "checking"

    def __init__(self, name: str, findings: Iterable[Finding]) -> None:
        self.findings: tuple[Finding, ...] = tuple(findings)
        n = len(self.findings)
        lines = "\n".join(f"  - {f}" for f in self.findings[:MAX_PROBLEMS])
        if n > MAX_PROBLEMS:
            lines += f"\n  - and {n - MAX_PROBLEMS} more"
        first = self.findings[0] if self.findings else None
        super().__init__(
            f"{self._what} {short_repr(name, MAX_PLACE)} failed {self._verb} with "
            f"{n} finding{'s' if n != 1 else ''}:\n{lines}",
            item=first.item if first else None,
            field=first.where if first else None,
            value=name,
        )
        self.name = name

    def lines(self) -> list[str]:
        """One readable line per finding, each ending in its ``[code]``."""
        return [str(f) for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        """Return the error and every finding as a JSON-ready dict."""
        out = super().to_dict()
        out["findings"] = [attrs.asdict(f) for f in self.findings]
        return out


class RulesetError(_FindingsError):
    """A ruleset that failed to load or verify; ``findings`` lists every problem.

    >>> from ithrive.rules import load_ruleset
    >>> load_ruleset({"ruleset": {"name": "x", "version": "1"}, "items": {}})
    Traceback (most recent call last):
    ...
    ithrive.errors.RulesetError: ruleset 'x' failed verification with 22 findings:
      - macro.1: no rule for this item [missing_rule]
    ...
    """

    code = "invalid_ruleset"
    _what = "ruleset"
    _verb = "verification"


class InstrumentError(_FindingsError):
    """Instrument data that failed to load; ``findings`` lists every problem.

    In an instrument finding, ``item`` names the entry concerned (a checklist
    action such as ``"ck.05"``, a plan step, a GM standard) and ``where`` the
    place in the data file.

    >>> from ithrive.instruments import load_checklist
    >>> load_checklist({"instrument": {"id": "x", "title": "X", "version": "1", "source": "s",
    ...                                "statuses": ["in_place", "done"]}, "actions": []})
    Traceback (most recent call last):
    ...
    ithrive.errors.InstrumentError: instrument 'x' failed validation with 2 findings:
      - instrument.statuses[1]: unknown status 'done'; known statuses: ... [unknown_status]
      - actions: no entries [missing_field]
    """

    code = "invalid_instrument"
    _what = "instrument"
    _verb = "validation"


class ResponseError(InstrumentError):
    """Responses to an instrument (statuses, comments) with problems, all listed in ``findings``.

    ``item`` names the first entry concerned, for example the checklist action
    given an unknown status.
    """

    code = "invalid_response"
    _what = "response to"
    _verb = "validation"


class UnknownAssessmentError(IthriveError, LookupError):
    """No assessment, or more than one, matches a look-up in a collection."""

    code = "unknown_assessment"


class ReportError(IthriveError, ValueError):
    """Input a report or a plot cannot be made from: no scorecards, a bad section or date."""

    code = "invalid_report"


class InputError(IthriveError, ValueError):
    """A file or text that cannot be read as JSON, or an output that cannot be written.

    ``code`` says which: ``invalid_json``, ``duplicate_key``, ``too_large``,
    ``unencodable_text``, ``unreadable`` or ``unwritable``. When a text has
    several problems, ``errors`` holds one :class:`InputError` per problem
    (at most :data:`~ithrive.limits.MAX_PROBLEMS`; the message counts the
    rest) and ``item``, ``field``, ``value`` and ``code`` are those of the first.

    >>> from ithrive.evidence.jsonfile import parse_json
    >>> parse_json('{"locality": "A", "locality": "B"}')
    Traceback (most recent call last):
    ...
    ithrive.errors.InputError: locality: the key 'locality' appears 2 times in one object
    """

    code = "invalid_json"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        item: str | None = None,
        field: str | None = None,
        value: Any = None,
        errors: Sequence[InputError] = (),
        more: int = 0,
    ) -> None:
        self.errors: tuple[InputError, ...] = tuple(errors)
        self.more = more
        if self.errors:
            first = self.errors[0]
            listed = "\n".join(f"  - {line}" for line in (f"{e} [{e.code}]" for e in self.errors))
            extra = f"\n  - and {more} more" if more else ""
            message = f"{message}:\n{listed}{extra}"
            code, item, field, value = first.code, first.item, first.field, first.value
        super().__init__(message, code=code, item=item, field=field, value=value)

    def __str__(self) -> str:
        where = " ".join(shown_place(p) for p in (self.item, self.field) if p)
        return f"{where}: {self.message}" if where and not self.errors else self.message

    def lines(self) -> list[str]:
        """One readable line per problem, each ending in its ``[code]``."""
        if not self.errors:
            return super().lines()
        out = [f"{e} [{e.code}]" for e in self.errors]
        return out + ([f"and {self.more} more [more_problems]"] if self.more else [])


class FrameBackendError(IthriveError, ValueError):
    """A DataFrame backend that ithrive does not support."""

    code = "unknown_backend"


class MissingExtraError(IthriveError, ImportError):
    """An optional dependency is needed and not installed; the message names the extra."""

    code = "missing_extra"

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the optional package {package!r}; "
            f"install it with: pip install 'ithrive[{extra}]'",
            field=extra,
            value=package,
        )
        self.package = package
        self.extra = extra


# ------------------------------------------------------------------ arguments


def wrong_type(
    value: object, expected: str, *, field: str, item: str | None = None
) -> EvidenceError:
    """The error for an argument (or field) of the wrong type, naming it and its value.

    >>> err = wrong_type(5, "a Scorecard", field="card")
    >>> (str(err), err.code, err.field, err.value)
    ('card: expected a Scorecard, got int 5', 'wrong_type', 'card', 5)
    """
    return EvidenceError(
        f"expected {expected}, got {type(value).__name__} {short_repr(value)}",
        code="wrong_type",
        item=item,
        field=field,
        value=value,
    )


def wrong_argument(value: object, expected: str, field: str) -> ReportError:
    """The error for an argument a report or plot cannot use, naming it and its value.

    >>> err = wrong_argument(5, "a Scorecard", "card")
    >>> (str(err), err.field, err.value)
    ('card: expected a Scorecard, got int 5', 'card', 5)
    """
    return ReportError(
        f"{field}: expected {expected}, got {type(value).__name__} {short_repr(value)}",
        field=field,
        value=value,
    )


def raise_problems(problems: Sequence[EvidenceError]) -> None:
    """Raise the one problem found as itself, several as one group; nothing when there is none.

    >>> raise_problems([])
    >>> raise_problems([wrong_type(5, "text", field="a"), wrong_type(6, "text", field="b")])
    Traceback (most recent call last):
    ...
    ithrive.errors.InvalidEvidenceError: 2 problems in the evidence:
    ...
    """
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise InvalidEvidenceError(problems)


def naming(err: EvidenceError, field: str) -> EvidenceError:
    """``err`` with ``field`` set on each problem that names neither an item nor a field.

    Such a problem is about a whole argument (evidence that is not a mapping,
    say), so the argument's name is the place to point at.

    >>> naming(EvidenceError("expected a mapping", code="wrong_type"), "evidence").field
    'evidence'
    """
    if isinstance(err, InvalidEvidenceError):
        return InvalidEvidenceError(naming(e, field) for e in err.errors)
    if err.item is None and err.field is None:
        return err.at(prefix=field)
    return err


def is_whole(value: object) -> bool:
    """Whether ``value`` is a whole number: any :class:`numbers.Integral` (numpy's too) but bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_real(value: object) -> bool:
    """Whether ``value`` is a real number: any :class:`numbers.Real` (numpy's too) but bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_confidence(confidence: object) -> float:
    """Return ``confidence`` as a float if it is a real number strictly between 0 and 1, else raise.

    The one check of every ``confidence`` argument (an interval's or a
    control limit's level); a wrong one is an ``out_of_range`` error.

    >>> check_confidence(0.95)
    0.95
    >>> check_confidence(95)
    Traceback (most recent call last):
    ...
    ithrive.errors.EvidenceError: confidence: expected a confidence level ... got 95
    """
    if not is_real(confidence) or not 0 < confidence < 1:  # type: ignore[operator]
        raise EvidenceError(
            f"expected a confidence level strictly between 0 and 1, got {short_repr(confidence)}",
            code="out_of_range",
            field="confidence",
            value=confidence,
        )
    return float(confidence)  # type: ignore[arg-type]


def expect_one_of(value: object, choices: Sequence[str], *, field: str) -> str:
    """Return ``value`` if it is one of ``choices``, else raise an ``out_of_range`` error.

    >>> expect_one_of("exact", ("exact", "arcsine"), field="limits")
    'exact'
    >>> expect_one_of("wide", ("exact", "arcsine"), field="limits")
    Traceback (most recent call last):
    ...
    ithrive.errors.EvidenceError: limits: expected one of 'exact', 'arcsine', got 'wide'
    """
    if value not in choices:
        raise EvidenceError(
            f"expected one of {', '.join(map(repr, choices))}, got {short_repr(value)}",
            code="out_of_range",
            field=field,
            value=value,
        )
    return str(value)


@overload
def expect(value: object, types: type[_T], *, field: str, expected: str) -> _T: ...


@overload
def expect(value: object, types: tuple[type, ...], *, field: str, expected: str) -> Any: ...


def expect(value: object, types: type | tuple[type, ...], *, field: str, expected: str) -> Any:
    """Return ``value`` if it is an instance of ``types``, else raise a ``wrong_type`` error.

    A public function checks its arguments with this at its boundary, so a
    caller who passes the wrong kind of object learns which parameter
    (``field``) and what value, rather than meeting a bare ``TypeError`` or
    ``AttributeError`` from deep inside. ``bool`` passes only where it is
    listed itself, not as an ``int``.

    >>> expect("micro.2", str, field="item_id", expected="an item id")
    'micro.2'
    >>> expect(True, int, field="level", expected="a whole number")
    Traceback (most recent call last):
    ...
    ithrive.errors.EvidenceError: level: expected a whole number, got bool True
    """
    allowed = types if isinstance(types, tuple) else (types,)
    if isinstance(value, allowed) and (not isinstance(value, bool) or bool in allowed):
        return value
    raise wrong_type(value, expected, field=field)


def expect_iterable(value: object, *, field: str, expected: str) -> Iterable[Any]:
    """Return ``value`` if it is an iterable other than text, else raise a ``wrong_type`` error.

    >>> expect_iterable(["micro.2"], field="items", expected="a list of item ids")
    ['micro.2']
    >>> expect_iterable("micro.2", field="items", expected="a list of item ids")
    Traceback (most recent call last):
    ...
    ithrive.errors.EvidenceError: items: expected a list of item ids, got str 'micro.2'
    """
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        return value
    raise wrong_type(value, expected, field=field)
