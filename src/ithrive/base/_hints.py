"""Hints for messages: the "did you mean" suggestions every module shares.

The one home of the suggestion logic: :func:`suggest` picks the known names
nearest a wrong one by spelling, :func:`nearest` puts first one that differs
only in zeros or letter case, :func:`suggestion_text` words suggestions for a
message, and :func:`did_you_mean` words :func:`nearest`'s.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

__all__ = ["did_you_mean", "nearest", "suggest", "suggestion_text"]

_NUMBER = re.compile(r"\d+")


def suggest(name: object, known: Sequence[str], n: int = 3) -> list[str]:
    """Return up to ``n`` of ``known`` most like ``name`` (none for long names, or not text).

    >>> suggest("micro.8", ["micro.1", "micro.2", "macro.1"], n=2)
    ['micro.2', 'micro.1']
    >>> suggest(3, ["micro.3a"])
    []
    """
    if not isinstance(name, str) or len(name) > 100:
        return []
    return difflib.get_close_matches(name, known, n=n, cutoff=0.5)


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


def suggestion_text(suggestions: Sequence[str]) -> str:
    """``"; did you mean 'x'?"`` naming ``suggestions``, or ``""`` if there are none.

    >>> suggestion_text(["a", "b", "c"])
    "; did you mean 'a', 'b' or 'c'?"
    >>> suggestion_text([])
    ''
    """
    if not suggestions:
        return ""
    quoted = [repr(s) for s in suggestions]
    if len(quoted) == 1:
        return f"; did you mean {quoted[0]}?"
    return f"; did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"


def did_you_mean(name: object, known: Sequence[str]) -> str:
    """``"; did you mean 'x'?"`` naming the nearest of ``known``, or ``""`` if none is near.

    A name that differs only in the zeros before its numbers (``ck.1`` for
    ``ck.01``) or in letter case comes first.

    >>> did_you_mean("ck.1", ["ck.01", "ck.10", "step.0.1"])
    "; did you mean 'ck.01' or 'ck.10'?"
    >>> did_you_mean("zzz", ["ck.01"])
    ''
    """
    return suggestion_text(nearest(name, known))
