"""Hints for messages: "did you mean" suggestions, shared by newer modules.

A public home for the suggestion text, so that modules need not import a
private helper of another module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ithrive.model.framework import suggest

__all__ = ["did_you_mean", "nearest"]

_NUMBER = re.compile(r"\d+")


def _unpadded(text: str) -> str:
    """``text`` case-folded, each number without leading zeros (``CK.01`` -> ``ck.1``)."""
    return _NUMBER.sub(lambda m: str(int(m.group())), text.casefold())


def nearest(name: object, known: Sequence[str]) -> list[str]:
    """Up to three of ``known`` most like ``name``; one that differs only in zeros or case first.

    >>> nearest("CK.1", ["ck.10", "ck.01"])  # difflib alone would not say ck.01
    ['ck.01']
    """
    same = []
    if isinstance(name, str) and len(name) <= 100:
        same = [k for k in known if _unpadded(k) == _unpadded(name)]
    return [*same, *(h for h in suggest(name, tuple(known)) if h not in same)][:3]


def did_you_mean(name: object, known: Sequence[str]) -> str:
    """``"; did you mean 'x'?"`` naming the nearest of ``known``, or ``""`` if none is near.

    A name that differs only in the zeros before its numbers (``ck.1`` for
    ``ck.01``) or in letter case comes first.

    >>> did_you_mean("ck.1", ["ck.01", "ck.10", "step.0.1"])
    "; did you mean 'ck.01' or 'ck.10'?"
    >>> did_you_mean("zzz", ["ck.01"])
    ''
    """
    hints = nearest(name, known)
    if not hints:
        return ""
    quoted = [repr(s) for s in hints]
    if len(quoted) == 1:
        return f"; did you mean {quoted[0]}?"
    return f"; did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"
