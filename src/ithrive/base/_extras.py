"""Optional dependencies, imported only when a feature needs them.

``import ithrive`` needs attrs and cattrs only. Frames, batch scoring,
Parquet files and agreement statistics import their packages lazily through
:func:`require`, which turns a missing package into a
:class:`~ithrive.errors.MissingExtraError` naming the extra to install.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from ithrive.errors import EvidenceError, MissingExtraError, wrong_type

__all__ = ["duplicate_columns", "eager_frame", "require"]


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module``, or raise :class:`MissingExtraError` naming ``extra``.

    >>> require("json", "none", "Reading JSON").__name__
    'json'
    >>> require("no_such_module_here", "frames", "Batch scoring")
    Traceback (most recent call last):
    ...
    ithrive.errors.MissingExtraError: Batch scoring needs the optional package
    'no_such_module_here'; install it with: pip install 'ithrive[frames]'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(module.split(".", maxsplit=1)[0], extra, purpose) from None


def eager_frame(frame: object, purpose: str, *, field: str = "frame") -> Any:
    """``frame`` as an eager narwhals DataFrame; needs the ``frames`` extra.

    Anything but a pandas, polars or pyarrow (or other eager) DataFrame is
    refused with a ``wrong_type`` error naming ``field`` and the value.
    """
    nw = require("narwhals", "frames", purpose)
    try:
        return nw.from_native(frame, eager_only=True)
    except TypeError:
        raise wrong_type(frame, "a pandas, polars or pyarrow DataFrame", field=field) from None
    except nw.exceptions.DuplicateError as err:
        raise duplicate_columns(err, field) from None


def duplicate_columns(err: Exception, field: str = "frame") -> EvidenceError:
    """narwhals' refusal of a frame with a repeated column name, as an ithrive error."""
    return EvidenceError(
        f"the frame has repeated column names: {' '.join(str(err).split())}",
        code="duplicate_column",
        field=field,
        value=str(err),
    )
