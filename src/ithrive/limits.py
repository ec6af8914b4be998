"""Documented size limits on inputs, enforced with a clear error (code ``too_large``).

Evidence and rulesets are data from outside: an application may pass on
whatever its users type. These limits keep memory and time bounded and every
message printable, far above anything a real assessment needs.
"""

from __future__ import annotations

__all__ = [
    "MAX_CRITERIA",
    "MAX_INTEGER",
    "MAX_ITEMS",
    "MAX_NAMES",
    "MAX_PIECES",
    "MAX_TEXT",
]

#: Keys in one evidence mapping (there are 22 items; unknown ids are errors).
MAX_ITEMS = 100
#: Pieces of evidence for one item (a rating plus a few measures).
MAX_PIECES = 20
#: Characters in any text field (notes, rater, measure names, labels).
MAX_TEXT = 10_000
#: Criteria in one indicators object.
MAX_CRITERIA = 100
#: Names in a count's ``in_place`` list.
MAX_NAMES = 100
#: Largest magnitude of any whole number (counts, numerators, denominators).
MAX_INTEGER = 10**15
