"""Documented size limits on inputs, enforced with a clear error (code ``too_large``).

Evidence and rulesets are data from outside: an application may pass on
whatever its users type. These limits keep memory and time bounded and every
message printable, far above anything a real assessment needs.
"""

from __future__ import annotations

__all__ = [
    "MAX_CRITERIA",
    "MAX_CSV_CELL",
    "MAX_INDENT",
    "MAX_INTEGER",
    "MAX_ITEMS",
    "MAX_JSON_CONTAINERS",
    "MAX_JSON_DEPTH",
    "MAX_JSON_KEYS",
    "MAX_JSON_TEXT",
    "MAX_JSON_VALUES",
    "MAX_NAMES",
    "MAX_PIECES",
    "MAX_PROBLEMS",
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
#: Records in one call of :mod:`ithrive.evidence.measures`: audited notes, survey returns,
#: CollaboRATE encounters, MINDFUL elements.
MAX_RECORDS = 100_000
#: Characters in one cell of a CSV file of assessments
#: (:meth:`ithrive.studies.assessment.AssessmentCollection.to_csv` refuses a longer
#: one; ``from_csv`` reads every cell up to it, above Python's ``csv`` default of 131 072).
MAX_CSV_CELL = 20_000_000
#: Characters in one JSON file read by the command line (evidence or a scorecard).
MAX_JSON_TEXT = 20_000_000
#: Nesting of arrays and objects in one JSON file read by the command line (an
#: evidence document needs 6).
MAX_JSON_DEPTH = 100
#: Keys in one JSON object read by the command line (an evidence document has
#: at most 100 items, a piece of evidence a dozen fields, indicators 100 criteria).
MAX_JSON_KEYS = 1_000
#: Opening brackets (``{`` and ``[``, strings included) in one JSON file read by
#: the command line: a bound on its arrays and objects (a scorecard has about 200).
MAX_JSON_CONTAINERS = 100_000
#: Commas (strings included) in one JSON file read by the command line: a bound on
#: its values (a scorecard has about 1 000). With the limit above, this keeps the
#: memory a file takes a small multiple of its size.
MAX_JSON_VALUES = 1_000_000
#: Problems listed in one error (evidence problems, problems in a JSON file):
#: the rest are counted, not listed (a ``more_problems`` entry, "and K more").
MAX_PROBLEMS = 100
#: Spaces of indentation :meth:`ithrive.Scorecard.to_json` accepts.
MAX_INDENT = 16
