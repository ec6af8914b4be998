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
    "MAX_JSON_DEPTH",
    "MAX_JSON_TEXT",
    "MAX_NAMES",
    "MAX_PIECES",
    "MAX_RECORDS",
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
#: Records in one call of :mod:`ithrive.measures`: audited notes, survey returns,
#: CollaboRATE encounters, MINDFUL elements.
MAX_RECORDS = 100_000
#: Characters in one JSON file read by the command line (evidence or a scorecard).
MAX_JSON_TEXT = 20_000_000
#: Nesting of arrays and objects in one JSON file read by the command line (an
#: evidence document needs 6).
MAX_JSON_DEPTH = 100
