"""Text and numbers from outside, within the documented limits: the problems, worded once.

Evidence, a scorecard's locality and date, the uncertainty analysis's
counts: every layer that takes text or a number from a user refuses the
same things with the same words. :func:`check_text` checks optional text
(text, not longer than :data:`~ithrive.limits.MAX_TEXT`, writable as UTF-8),
:func:`unencodable` is its problem with text no UTF-8 output can hold, and
:func:`too_large` the problem of a number beyond
:data:`~ithrive.limits.MAX_INTEGER`, described without printing it.
"""

from __future__ import annotations

from ithrive._messages import short_repr
from ithrive.base.encoding import is_encodable, unencodable_reason
from ithrive.errors import EvidenceError
from ithrive.limits import MAX_INTEGER, MAX_TEXT

__all__ = ["check_text", "too_large", "unencodable"]


def too_large(field: str, value: object) -> EvidenceError:
    """The error for a number too large to handle, described without printing it."""
    return EvidenceError(
        f"a number of magnitude above {MAX_INTEGER:.0e} is not accepted",
        code="too_large",
        field=field,
        value=f"<{type(value).__name__} too large to show>",
    )


def check_text(problems: list[EvidenceError], field: str, value: object) -> None:
    """Check optional text: text, within :data:`~ithrive.limits.MAX_TEXT`, writable as UTF-8."""
    if value is not None and not isinstance(value, str):
        problems.append(
            EvidenceError(
                f"expected text, got {type(value).__name__} {short_repr(value)}",
                code="wrong_type",
                field=field,
                value=value,
            )
        )
    elif isinstance(value, str) and len(value) > MAX_TEXT:
        problems.append(
            EvidenceError(
                f"text of {len(value)} characters is longer than the limit {MAX_TEXT}",
                code="too_large",
                field=field,
                value=value[:40] + "...",
            )
        )
    elif isinstance(value, str) and not is_encodable(value):
        problems.append(unencodable(field, value))


def unencodable(field: str, value: str) -> EvidenceError:
    """The problem of text holding a lone surrogate, which no UTF-8 output can hold."""
    return EvidenceError(
        unencodable_reason(value), code="unencodable_text", field=field, value=ascii(value[:40])
    )
