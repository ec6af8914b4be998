"""Text that can be written: the one check on every text that enters ithrive.

Python text can hold lone surrogates (U+D800-U+DFFF on their own): JSON
escapes such as ``"\\ud800"`` produce them, and so do command-line arguments
that are not valid in the locale's encoding. No UTF-8 file, terminal or web
page can hold them, so text carrying one would be accepted and then fail,
much later, when the result is written. ithrive refuses such text where it
enters (evidence, scorecard documents, rulesets, instrument responses,
report titles and sections, command-line files and arguments) with the code
``unencodable_text``, naming where it is.

>>> is_encodable("Camden"), is_encodable("North\\ud800vale")
(True, False)
>>> unencodable_reason("North\\ud800vale")
'text holds U+D800 at character 6, a lone surrogate that UTF-8 cannot hold'
>>> [path for path, _ in find_unencodable({"evidence": {"micro.2": {"notes": ["\\udcff"]}}})]
['evidence.micro.2.notes[0]']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ithrive._messages import short_repr
from ithrive.errors import Finding

__all__ = [
    "find_unencodable",
    "is_encodable",
    "unencodable_findings",
    "unencodable_reason",
]

_SURROGATE = re.compile("[\ud800-\udfff]")


def is_encodable(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8: it holds no lone surrogate."""
    return text.isascii() or _SURROGATE.search(text) is None


def unencodable_reason(text: str) -> str:
    """Why ``text`` cannot be written: the first lone surrogate and where it is (1-based)."""
    match = _SURROGATE.search(text)
    if match is None:
        return "text can be written as UTF-8"
    return (
        f"text holds U+{ord(match.group()):04X} at character {match.start() + 1}, "
        "a lone surrogate that UTF-8 cannot hold"
    )


def _path(entry: tuple[Any, Any, Any] | None) -> str:
    """The path of a walk entry ``(value, parent entry, key)``, built only when needed."""
    keys: list[Any] = []
    while entry is not None and entry[1] is not None:
        keys.append(entry[2])
        entry = entry[1]
    out = ""
    for key in reversed(keys):
        if isinstance(key, tuple):  # (position,) in a list
            out += f"[{key[0]}]"
        else:
            shown = _SURROGATE.sub("\ufffd", key) if isinstance(key, str) else short_repr(key)
            out = f"{out}.{shown}" if out else shown
    return out


def find_unencodable(data: Any, *, limit: int = 100) -> list[tuple[str, str]]:
    """``(path, reason)`` for each text in ``data`` that cannot be written, at most ``limit``.

    ``data`` is JSON-like (mappings, lists and tuples of texts and other
    values); mapping keys are checked too. Paths are written as in error
    messages (``evidence.micro.2.notes[0]``); a key that cannot be written
    is shown with its surrogates as U+FFFD. The walk is iterative and visits
    each value once, so any depth and size take linear time.
    """
    from ithrive.base.bounds import bounded_int

    limit = bounded_int(limit, field="limit", low=1)
    out: list[tuple[str, str]] = []
    root: tuple[Any, Any, Any] = (data, None, None)
    stack = [root]
    seen: set[int] = set()  # a container that holds itself is walked once
    while stack and len(out) < limit:
        entry = stack.pop()
        value = entry[0]
        if isinstance(value, str):
            if not is_encodable(value):
                out.append((_path(entry), unencodable_reason(value)))
            continue
        if not isinstance(value, (Mapping, list, tuple)) or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, Mapping):
            children = []
            for key, child in value.items():
                if isinstance(key, str) and not is_encodable(key):
                    where = _path((None, entry, key))
                    out.append((where, "the key: " + unencodable_reason(key)))
                    continue
                children.append((child, entry, key))
            stack.extend(reversed(children))
        else:
            stack.extend((child, entry, (i,)) for i, child in reversed(list(enumerate(value))))
    return out[:limit]


def unencodable_findings(data: Any, *, limit: int = 100) -> list[Finding]:
    """:func:`find_unencodable` as findings (for rulesets, instruments and responses)."""
    return [
        Finding("unencodable_text", None, path, reason)
        for path, reason in find_unencodable(data, limit=limit)
    ]
