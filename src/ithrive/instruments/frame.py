"""DataFrames for instrument summaries, through narwhals (an optional extra, imported lazily)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ithrive._messages import short_repr
from ithrive.base._tabular import frame_from_columns
from ithrive.errors import FrameBackendError

__all__ = ["BACKENDS", "FrameBackendError", "to_frame"]

#: The DataFrame libraries a summary can be returned in.
BACKENDS = ("pandas", "polars", "pyarrow")


def to_frame(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], *, backend: str, purpose: str
) -> Any:
    """Build a native DataFrame of ``backend`` with ``columns`` from ``rows``.

    narwhals and the backend are imported here, not at ``import ithrive``; a
    missing one raises :class:`~ithrive.errors.MissingExtraError` naming the
    extra to install.
    """
    if backend not in BACKENDS:
        raise FrameBackendError(
            f"unknown DataFrame backend {short_repr(backend)}; use one of {', '.join(BACKENDS)}",
            field="backend",
            value=backend,
        )
    data = {c: [row[c] for row in rows] for c in columns}
    return frame_from_columns(data, backend, purpose)
