"""Assessments: a scorecard with its context, and collections of them on disk.

An :class:`Assessment` is one scored assessment of one locality at one date
(or period), made one way: a self-assessment by a stakeholder workshop or an
independent evaluation (the tool's "How to Score Services"). It keeps who
assessed, free notes, and the ruleset the scorecard was made with.

An :class:`AssessmentCollection` holds many assessments (many localities,
many dates, both methods) and saves them to JSON Lines, CSV or Parquet in long
format: one row per locality, date, method and item, principle or system
(``kind`` and ``id``), with the evidence both as typed numeric columns
(:data:`EVIDENCE_COLUMNS`) and as JSON. Reading a file back gives an equal
collection: nothing is lost (principle and system results, being functions of
the item results, are recomputed exactly and checked against their rows).

Dates are ISO 8601 text: a year (``2017``), a quarter (``2017-Q1``), a
month (``2017-03``) or a day (``2017-03-31``), read by
:func:`ithrive.base.dates.iso_date` and ordered in time, never as text. A
:class:`datetime.date`, a :class:`datetime.datetime` or a pandas, polars or
numpy date is stored as its ISO day; anything else is refused
(``invalid_date``) when the assessment is made.

>>> import ithrive
>>> from ithrive.studies.assessment import Assessment, AssessmentCollection
>>> a = Assessment.from_evidence(
...     {"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}},
...     locality="Site A", date="2017-03", method="independent_evaluation",
...     assessors=("evaluation team",))
>>> a.key, a["micro.2"].level, a.ruleset
(('Site A', '2017-03', 'independent_evaluation'), <Level.THREE: 3>, 'thrive-assessment')
>>> rows = AssessmentCollection([a]).to_rows()
>>> len(rows), rows[13]["kind"], rows[13]["id"], rows[13]["level"], rows[13]["percent"]
(42, 'item', 'micro.2', 3, 60.0)
"""

from __future__ import annotations

from ithrive.errors import UnknownAssessmentError
from ithrive.studies.assessment._collection import AssessmentCollection
from ithrive.studies.assessment._columns import (
    COLUMNS,
    EVIDENCE_COLUMNS,
    STORED_COLUMNS,
    evidence_columns,
)
from ithrive.studies.assessment._record import Assessment, Method

# Where the code is: one private module per part, re-exported here.
# _record: Method and the Assessment record; _columns: the long format's
# columns, types and typed evidence columns; _rows: assessments rebuilt from
# rows, derived cells checked; _files: rows to and from JSON Lines, CSV,
# Parquet and frames; _collection: AssessmentCollection; _problems: reporting
# every problem at once, placed at its row.

__all__ = [
    "COLUMNS",
    "EVIDENCE_COLUMNS",
    "STORED_COLUMNS",
    "Assessment",
    "AssessmentCollection",
    "Method",
    "UnknownAssessmentError",
    "evidence_columns",
]
