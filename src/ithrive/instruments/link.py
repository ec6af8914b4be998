"""Links from instrument entries to the assessment items they serve."""

from __future__ import annotations

import attrs

__all__ = ["ItemLink"]


@attrs.frozen
class ItemLink:
    """One assessment item an entry serves, and why, in one line.

    ``item`` is an item id of :data:`ithrive.FRAMEWORK` (``"micro.2"``);
    ``reason`` says which of the item's level descriptors the entry helps
    meet. The loader checks that every link resolves.
    """

    item: str
    reason: str
