"""Hints for messages: "did you mean" suggestions, shared by newer modules.

A public home for the suggestion text, so that modules need not import a
private helper of another module.
"""

from __future__ import annotations

from collections.abc import Sequence

from ithrive.model.framework import suggest

__all__ = ["did_you_mean"]


def did_you_mean(name: object, known: Sequence[str]) -> str:
    """``"; did you mean 'x'?"`` naming the nearest of ``known``, or ``""`` if none is near.

    >>> did_you_mean("ck.1", ["ck.01", "ck.10", "step.0.1"])
    "; did you mean 'ck.10' or 'ck.01'?"
    >>> did_you_mean("zzz", ["ck.01"])
    ''
    """
    hints = suggest(name, tuple(known))
    if not hints:
        return ""
    quoted = [repr(s) for s in hints]
    if len(quoted) == 1:
        return f"; did you mean {quoted[0]}?"
    return f"; did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"
