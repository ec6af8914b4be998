"""Reading JSON from outside: strict, in linear time and bounded memory.

:func:`parse_json` (text) and :func:`read_json` (a file, or ``"-"`` for
standard input) are what the command line reads evidence documents and
scorecards with; an app that takes JSON from its users can use them too.
Beyond the JSON grammar they refuse, each with an
:class:`~ithrive.errors.InputError` naming where the problem is:

- a key repeated in one object (``duplicate_key``): parsers disagree on
  which value wins, so ithrive takes neither; the check takes linear time;
- ``NaN``, ``Infinity`` and ``-Infinity``, which are not JSON (``invalid_json``);
- text that cannot be written as UTF-8, such as ``"\\ud800"``
  (``unencodable_text``);
- input beyond a limit (``too_large``): more than
  :data:`~ithrive.limits.MAX_JSON_TEXT` characters, arrays and objects
  nested more than :data:`~ithrive.limits.MAX_JSON_DEPTH` deep, more than
  :data:`~ithrive.limits.MAX_JSON_CONTAINERS` opening brackets (``{`` and
  ``[``) or :data:`~ithrive.limits.MAX_JSON_VALUES` commas, wherever they
  are, an object of more than :data:`~ithrive.limits.MAX_JSON_KEYS` keys, or
  a number of more than 4300 digits. The brackets and commas are counted
  before anything is built (an upper bound on the arrays, objects and
  values), so the memory a text takes stays a small multiple of its size.

Problems found after parsing (repeated keys, unwritable text) are all
reported together, the first :data:`~ithrive.limits.MAX_PROBLEMS` listed and
the rest counted. A problem inside an item's evidence names the item.

>>> parse_json('{"evidence": {"micro.2": {"kind": "rating", "level": 3, "level": 4}}}')
Traceback (most recent call last):
...
ithrive.errors.InputError: micro.2 level: the key 'level' appears 2 times in one object
>>> parse_json('{"evidence": {}}')
{'evidence': {}}
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

from ithrive._messages import short_repr
from ithrive.base.encoding import is_encodable, unencodable_reason
from ithrive.errors import InputError
from ithrive.limits import (
    MAX_JSON_CONTAINERS,
    MAX_JSON_DEPTH,
    MAX_JSON_KEYS,
    MAX_JSON_TEXT,
    MAX_JSON_VALUES,
    MAX_PROBLEMS,
)

__all__ = ["parse_json", "read_json"]

#: A \u escape of a surrogate: the only way JSON text read as UTF-8 can hold one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")
_RAW_SURROGATE = re.compile("[\ud800-\udfff]")


class _Duplicates(dict[str, Any]):
    """An object whose key list repeated some keys: ``repeated`` maps each to its count."""

    __slots__ = ("repeated",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        counts: dict[str, int] = {}
        for key, _ in pairs:
            counts[key] = counts.get(key, 0) + 1
        self.repeated = {k: n for k, n in counts.items() if n > 1}


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len(pairs) > MAX_JSON_KEYS:
        raise InputError(
            f"an object with {len(pairs)} keys, more than the limit of {MAX_JSON_KEYS}",
            code="too_large",
            value=len(pairs),
        )
    out = dict(pairs)
    return out if len(out) == len(pairs) else _Duplicates(pairs)


def _constant(name: str) -> Any:
    raise InputError(f"{name} is not valid JSON", code="invalid_json", value=name)


def _structure_problem(text: str) -> str | None:
    """Why ``text`` may hold too many arrays and objects, or values, to build; else ``None``.

    The counts are of the characters ``{`` and ``[`` (each array or object
    opens with one) and ``,`` (each value but the first in an array or object
    follows one), anywhere in the text, strings included: an upper bound
    made at C speed, before anything is built. A real document is far below
    both limits, whatever its text says.
    """
    if text.count("{") + text.count("[") > MAX_JSON_CONTAINERS:
        return f"more than the limit of {MAX_JSON_CONTAINERS} brackets ('{{' and '[')"
    if text.count(",") >= MAX_JSON_VALUES:
        return f"more than the limit of {MAX_JSON_VALUES} values (commas)"
    return None


def _place(path: list[Any]) -> tuple[str | None, str | None]:
    """The item a path passes through (``evidence.micro.2...``), if any, and the field.

    Inside an item, the field is the path from the item on (``level``,
    ``criteria.x``), as in the engine's own errors; elsewhere, the whole path.
    """
    from ithrive.model import FRAMEWORK  # only when a problem is found

    for index, key in enumerate(path):
        if isinstance(key, str) and key in FRAMEWORK.item_ids:
            return key, _path_text(path[index + 1 :]) or None
    return None, _path_text(path) or None


def _path_text(path: list[Any]) -> str:
    out = ""
    for key in path:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            shown = _RAW_SURROGATE.sub("\ufffd", key)
            out = f"{out}.{shown}" if out else shown
    return out


def _check_tree(data: Any, *, strings: bool) -> tuple[list[InputError], int, bool]:
    """Repeated keys and (with ``strings``) unwritable text, with their paths; and depth.

    Returns the problems (at most :data:`MAX_PROBLEMS`), how many more there
    were, and whether the nesting is deeper than :data:`MAX_JSON_DEPTH`.
    Each node is visited once; a path is built only for a problem.
    """
    found: list[InputError] = []
    more = 0
    # (value, depth, parent entry, key): parents link up, so paths cost nothing until needed.
    stack: list[tuple[Any, int, Any, Any]] = [(data, 0, None, None)]

    def path_of(entry: Any) -> list[Any]:
        keys: list[Any] = []
        while entry is not None and entry[2] is not None:
            keys.append(entry[3])
            entry = entry[2]
        return keys[::-1]

    def add(entry: Any, extra: Any, message: str, *, code: str, value: Any = None) -> None:
        nonlocal more
        if len(found) >= MAX_PROBLEMS:
            more += 1
            return
        item, field = _place(path_of(entry) + ([extra] if extra is not None else []))
        found.append(InputError(message, code=code, item=item, field=field, value=value))

    while stack:
        entry = stack.pop()
        value, depth = entry[0], entry[1]
        if isinstance(value, dict):
            if depth >= MAX_JSON_DEPTH:
                return found, more, True
            if isinstance(value, _Duplicates):
                for key, n in value.repeated.items():
                    shown = _RAW_SURROGATE.sub("\ufffd", key)
                    message = f"the key {shown!r} appears {n} times in one object"
                    add(entry, key, message, code="duplicate_key", value=shown)
            for key, child in value.items():
                if strings and not is_encodable(key):
                    reason = "the key: " + unencodable_reason(key)
                    add(entry, key, reason, code="unencodable_text")
                if isinstance(child, (dict, list)) or (strings and isinstance(child, str)):
                    stack.append((child, depth + 1, entry, key))
        elif isinstance(value, list):
            if depth >= MAX_JSON_DEPTH:
                return found, more, True
            for index, child in enumerate(value):
                if isinstance(child, (dict, list)) or (strings and isinstance(child, str)):
                    stack.append((child, depth + 1, entry, index))
        elif isinstance(value, str) and not is_encodable(value):
            add(entry, None, unencodable_reason(value), code="unencodable_text")
    return found, more, False


def parse_json(text: str, *, source: str | None = None) -> Any:
    """Parse ``text`` as strict JSON within the limits; ``source`` names it in messages.

    Raises :class:`~ithrive.errors.InputError` (see the module's description).
    """
    if not isinstance(text, str):
        raise InputError(
            f"expected JSON text, got {type(text).__name__} {short_repr(text)}",
            code="wrong_type",
            field="text",
            value=source,
        )
    if text.startswith("\ufeff"):  # a byte order mark, as some Windows editors write
        text = text[1:]
    if len(text) > MAX_JSON_TEXT:
        raise InputError(
            f"more than the limit of {MAX_JSON_TEXT} characters", code="too_large", value=source
        )
    if (problem := _structure_problem(text)) is not None:
        raise InputError(problem, code="too_large", value=source)
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
    except InputError as err:
        err.value = source if err.value is None or err.code == "too_large" else err.value
        raise
    except json.JSONDecodeError as err:
        raise InputError(f"not valid JSON: {err}", code="invalid_json", value=source) from None
    except RecursionError:  # nested too deep even for Python's parser
        raise _too_deep(source) from None
    except ValueError as err:  # a number of more than 4300 digits: Python's own limit
        raise InputError(
            f"a number with too many digits to read ({err})", code="too_large", value=source
        ) from None
    strings = bool(_SURROGATE_ESCAPE.search(text) or not is_encodable(text))
    found, more, deep = _check_tree(data, strings=strings)
    if deep:
        raise _too_deep(source)
    if len(found) == 1 and not more:
        raise found[0]
    if found:
        n = len(found) + more
        raise InputError(f"{n} problems in the JSON", errors=found, more=more)
    return data


def _too_deep(source: str | None) -> InputError:
    return InputError(
        f"arrays and objects nested more than {MAX_JSON_DEPTH} deep", code="too_large", value=source
    )


def read_json(path: str | os.PathLike[str]) -> Any:
    """Read the JSON file at ``path`` (``"-"``: standard input) with :func:`parse_json`.

    The file must be UTF-8 (a byte order mark is allowed); at most
    :data:`~ithrive.limits.MAX_JSON_TEXT` characters are read.
    """
    name = os.fspath(path) if isinstance(path, (str, os.PathLike)) else None
    if name is None:
        raise InputError(
            f"expected a path, got {type(path).__name__} {short_repr(path)}",
            code="wrong_type",
            field="path",
            value=short_repr(path),
        )
    try:
        if name == "-":
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:  # a text stream put in place of standard input
                text = sys.stdin.read(MAX_JSON_TEXT + 1)
            else:
                text = stream.read(4 * MAX_JSON_TEXT + 4).decode("utf-8")
        else:
            with open(name, encoding="utf-8") as handle:
                text = handle.read(MAX_JSON_TEXT + 1)
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) else "not UTF-8 text"
        raise InputError(f"cannot read: {reason}", code="unreadable", value=name) from None
    return parse_json(text, source=name)
