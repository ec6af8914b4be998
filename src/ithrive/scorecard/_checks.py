"""Checks of JSON values as a document is read: each problem collected with its place.

A document is read in one pass; each value is checked where it is read
(:meth:`Reading.typed`, :meth:`Reading.one_of`, :meth:`Reading.fields`,
...), and a value that fails stands as :data:`BAD` so that everything
built from it is skipped while the rest is still checked. The messages
name the JSON types as the published schemas do. Used by :mod:`._document`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar

from ithrive._messages import as_text, short_repr
from ithrive.errors import EvidenceError
from ithrive.limits import MAX_INTEGER

__all__ = [
    "ARRAY",
    "BAD",
    "BOOLEAN",
    "BOOLEAN_OR_NULL",
    "CODE",
    "INTEGER",
    "NUMBER_OR_NULL",
    "STRING",
    "STRING_OR_NULL",
    "Choices",
    "JsonType",
    "Place",
    "Reading",
    "any_bad",
]

#: The code of a problem with a scorecard document's shape or content.
CODE = "invalid_scorecard"

#: A value that could not be read (its problem is already collected, or it is missing).
BAD: Any = object()


def any_bad(values: Any) -> bool:
    """Whether any of ``values`` is :data:`BAD`."""
    return any(v is BAD for v in values)


class JsonType:
    """The JSON type or types a value may have, named as the published schema names them."""

    __slots__ = ("bool_ok", "name", "numeric", "types")

    _PYTHON: ClassVar[dict[str, tuple[type, ...]]] = {
        "object": (Mapping,),
        "array": (list,),
        "string": (str,),
        "boolean": (bool,),
        "null": (type(None),),
        "integer": (int,),
        "number": (int, float),
    }

    def __init__(self, *names: str) -> None:
        self.name = " or ".join(names)
        self.types = tuple(t for n in names for t in self._PYTHON[n])
        self.bool_ok = "boolean" in names  # JSON's true is not the number 1
        self.numeric = not {"integer", "number"}.isdisjoint(names)


ARRAY = JsonType("array")
STRING = JsonType("string")
STRING_OR_NULL = JsonType("string", "null")
BOOLEAN = JsonType("boolean")
BOOLEAN_OR_NULL = JsonType("boolean", "null")
INTEGER = JsonType("integer")
NUMBER_OR_NULL = JsonType("number", "null")


class Choices:
    """The values a field may take, compared as JSON compares them (``true`` is not ``1``)."""

    __slots__ = ("keys", "shown")

    def __init__(self, values: list[Any]) -> None:
        self.shown = values
        self.keys = frozenset((type(v), v) for v in values)

    def __contains__(self, value: Any) -> bool:
        try:
            return (type(value), value) in self.keys
        except TypeError:  # unhashable: a list or an object
            return False


class Place:
    """A place in the document: the item whose result it is in (or ``None``), and the path."""

    __slots__ = ("item", "path")

    def __init__(self, item: str | None, path: str) -> None:
        self.item = item
        self.path = path

    def __getitem__(self, key: Any) -> Place:
        if type(key) is int:
            return Place(self.item, f"{self.path}[{key}]")
        name = as_text(key)
        return Place(self.item, f"{self.path}.{name}" if self.path else name)

    def name(self) -> str:
        """The place as the document has it, for messages: ``items.micro.2.unmet``."""
        if self.item is None:
            return self.path or "the document"
        return f"items.{self.item}" + (f".{self.path}" if self.path else "")


class Reading:
    """One document being read: the problems found so far.

    Each check takes the place of the value's container and the value's key,
    and works out the value's own place only when there is a problem. A
    missing value (``BAD``, already reported) passes every check unreported.
    """

    def __init__(self) -> None:
        self.problems: list[EvidenceError] = []

    def problem(self, at: Place, value: Any, message: str, code: str = CODE) -> Any:
        """Record a problem at ``at``; return ``BAD``.

        A problem with an item's whole entry (not an object, say) has the
        entry's place in the document as its field (``items.micro.2``), so
        it does not read as a problem with a field of the entry.
        """
        field = at.path or (at.name() if at.item is not None else None)
        self.problems.append(
            EvidenceError(message, code=code, item=at.item, field=field, value=value)
        )
        return BAD

    def typed(self, value: Any, at: Place, key: Any, kind: JsonType) -> Any:
        """``value`` if it is of JSON type ``kind`` (a number: finite, not huge), else ``BAD``."""
        if value is BAD:
            return BAD
        if not isinstance(value, kind.types) or (type(value) is bool and not kind.bool_ok):
            message = f"expected {kind.name}, got {type(value).__name__}"
            return self.problem(at[key], value, message)
        if kind.numeric:
            if isinstance(value, float) and not math.isfinite(value):
                return self.problem(at[key], value, f"{value!r} is not a finite number")
            if isinstance(value, int) and abs(value) > MAX_INTEGER:
                message = f"a number of magnitude above {MAX_INTEGER:.0e}"
                return self.problem(at[key], short_repr(value), message)
        return value

    def one_of(self, value: Any, at: Place, key: Any, choices: Choices) -> Any:
        """``value`` if it is one of ``choices``, else ``BAD``."""
        if value is BAD or value in choices:
            return value
        message = f"expected one of {choices.shown}, got {short_repr(value)}"
        return self.problem(at[key], value, message)

    def between(self, value: Any, at: Place, key: Any, low: int, high: int | None = None) -> Any:
        """``value`` (a number, or null) if it is at least ``low`` and at most ``high``."""
        if value is BAD or value is None:
            return value
        if value < low:
            return self.problem(at[key], value, f"{value!r} is outside the minimum {low}")
        if high is not None and value > high:
            return self.problem(at[key], value, f"{value!r} is outside the maximum {high}")
        return value

    def fields(self, value: Any, here: Place, keys: tuple[str, ...]) -> Mapping[Any, Any] | None:
        """``value`` as an object with exactly ``keys``, each missing or extra key a problem.

        Returns the object (its keys that are there can still be read) or ``None``.
        """
        if value is BAD:
            return None
        if not isinstance(value, Mapping):
            return (
                self.problem(here, value, f"expected object, got {type(value).__name__}") and None
            )
        if len(value) != len(keys) or any(key not in value for key in keys):
            for key in keys:
                if key not in value:
                    self.problem(here[key], None, f"required in {here.name()}, but missing")
            for key in value:
                if key not in keys:
                    self.problem(here[key], key, f"not a key of {here.name()}")
        return value

    def texts(self, value: Any, at: Place, key: str) -> Any:
        """A list of texts, as a tuple."""
        if self.typed(value, at, key, ARRAY) is BAD:
            return BAD
        here = at[key]
        got = tuple(self.typed(v, here, i, STRING) for i, v in enumerate(value))
        return BAD if any_bad(got) else got
