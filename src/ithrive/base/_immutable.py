"""Pickling and copying of immutable attrs classes that keep read-only look-ups.

A frozen class such as :class:`~ithrive.rules.Ruleset` keeps derived indexes
(``types.MappingProxyType``) that :mod:`pickle` cannot store. Such a class
pickles as the call that builds it again from its own fields
(:func:`reduce_by_fields`), so the indexes are rebuilt, and checked, on
load; and since it never changes, a copy of it is the object itself
(:func:`same_object`).
"""

from __future__ import annotations

import types
from typing import Any

import attrs

__all__ = ["rebuilt", "reduce_by_fields", "same_object"]


def rebuilt(cls: type[Any], fields: dict[str, Any]) -> Any:
    """An instance of ``cls`` built again from the values of its ``__init__`` fields."""
    return cls(**fields)


def reduce_by_fields(self: Any) -> tuple[Any, ...]:
    """``__reduce__`` of an attrs class: rebuild from the fields ``__init__`` takes.

    Fields ``__init__`` does not take (derived indexes, caches) are left to
    be made again; a read-only mapping is given as a plain ``dict``.
    """
    fields = {
        field.alias: _plain(getattr(self, field.name))
        for field in attrs.fields(type(self))
        if field.init
    }
    return (rebuilt, (type(self), fields))


def same_object(self: Any, memo: object = None) -> Any:
    """``__copy__`` and ``__deepcopy__`` of an immutable object: the object itself."""
    return self


def _plain(value: Any) -> Any:
    return dict(value) if isinstance(value, types.MappingProxyType) else value
