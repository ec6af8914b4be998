"""The error for an output path that cannot be written, worded once.

The command line's ``--output`` (:func:`~ithrive.base.output.write_output`)
and the collection writers (``AssessmentCollection.to_csv`` and its kin)
refuse a path no file can be written to (a missing folder, a folder, a
read-only file, a NUL character) with the same code, ``unwritable``, and
the path as the value, instead of the bare ``OSError`` or ``ValueError``
that ``open`` raises.
"""

from __future__ import annotations

import os

from ithrive.errors import InputError

__all__ = ["reason_of", "unwritable"]


def unwritable(
    path: str | bytes | os.PathLike[str] | os.PathLike[bytes],
    reason: str | None,
    *,
    field: str | None = None,
) -> InputError:
    """The error for ``path`` that cannot be written, saying why (``unwritable``)."""
    return InputError(
        f"cannot write: {reason or 'unknown error'}",
        code="unwritable",
        field=field,
        value=os.fsdecode(path),
    )


def reason_of(err: Exception) -> str:
    """Why ``open`` (or a library writing a file) failed, in words."""
    return (err.strerror if isinstance(err, OSError) else None) or str(err)
