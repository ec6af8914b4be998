"""Indented JSON text, byte for byte what :func:`json.dumps` writes, faster.

On CPython 3.11 ``json.dumps`` leaves its C encoder for a pure-Python
generator as soon as ``indent`` is set, and pays a generator frame per
container and several calls per value. :func:`dumps` writes the same text
(``ensure_ascii=False``, ``allow_nan=False``, the default separators for an
indent) with one plain recursive function; strings are escaped by the C
escaper ``json.dumps`` itself uses. Anything out of the ordinary (a key that
is not text, a number that is not finite, a type other than dict, list,
tuple, str, int, float, bool or None, or a subclass of one) is handed to
``json.dumps`` whole, so its text or its error is exactly the standard one.

>>> from ithrive.base.jsontext import dumps
>>> print(dumps({"level": 3, "unmet": [], "warnings": ["a\\"b"]}, 2))
{
  "level": 3,
  "unmet": [],
  "warnings": [
    "a\\"b"
  ]
}
"""

from __future__ import annotations

import json
import math
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

__all__ = ["dumps"]


class _Unusual(Exception):
    """Something :func:`dumps` leaves to ``json.dumps``."""


def _unusual(value: Any) -> Any:
    raise _Unusual


_float_repr = float.__repr__
_int_repr = int.__repr__
_isfinite = math.isfinite
_SCALARS = frozenset({str, int, float, bool, type(None)})

#: Per element indentation: the C encoder writing a flat container's elements
#: separated by a comma and that indentation (it leaves ``indent`` itself unused).
_FLAT: dict[str, Any] = {}


def _flat(inner: str) -> Any:
    encoder = _FLAT.get(inner)
    if encoder is None:
        encoder = _FLAT[inner] = c_make_encoder(
            None, _unusual, encode_basestring, None, ": ", "," + inner, False, False, False
        )
    return encoder


def _write(value: Any, newline: str, step: str, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(_int_repr(value))
    elif kind is float:
        if not _isfinite(value):
            raise _Unusual
        out.append(_float_repr(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + step
        if _SCALARS.issuperset(map(type, value.values())) and str_keys(value):
            # Only text, numbers, booleans and null inside: the C encoder writes
            # them, and the indentation goes round its text.
            text = "".join(_flat(inner)(value, 0))
            out.append("{" + inner + text[1:-1] + newline + "}")
            return
        opener = "{" + inner
        between = "," + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            head = opener + encode_basestring(key) + ": "
            opener = between
            kind = type(item)
            if kind is str:
                out.append(head + encode_basestring(item))
            elif item is None:
                out.append(head + "null")
            elif item is True:
                out.append(head + "true")
            elif item is False:
                out.append(head + "false")
            elif kind is int:
                out.append(head + _int_repr(item))
            else:
                out.append(head)
                _write(item, inner, step, out)
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + step
        if _SCALARS.issuperset(map(type, value)):
            text = "".join(_flat(inner)(value, 0))
            out.append("[" + inner + text[1:-1] + newline + "]")
            return
        opener = "[" + inner
        between = "," + inner
        for item in value:
            if type(item) is str:
                out.append(opener + encode_basestring(item))
            else:
                out.append(opener)
                _write(item, inner, step, out)
            opener = between
        out.append(newline + "]")
    else:
        raise _Unusual


def str_keys(value: dict[Any, Any]) -> bool:
    """Whether every key of ``value`` is exactly text."""
    return _TEXT_ONLY.issuperset(map(type, value))


_TEXT_ONLY = frozenset({str})


def dumps(value: Any, indent: int) -> str:
    """``json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=False)``, the same text."""
    out: list[str] = []
    try:
        _write(value, "\n", " " * indent, out)
    except (_Unusual, RecursionError, ValueError):
        return json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=False)
    return "".join(out)
