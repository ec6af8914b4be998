"""Batch scoring: a whole table of evidence in one call, vectorised and exact.

:func:`score_table` scores a DataFrame with one row per locality (and date)
and one column per evidence field, and returns a DataFrame of the same
library (pandas, polars or pyarrow, read through narwhals) with a level,
status and verdict per item, a level and verdict per principle, and the
overall verdict. The work is done on whole numpy columns: no Python runs per
row, and a million rows take a few tenths of a second. Results are identical
to the scalar engine :func:`ithrive.score` row by row, including rows with
missing or insufficient evidence, because the band tables, domains and gates
are compiled *from the ruleset* (a local ruleset works the same way) and
every comparison is exact (interpretation register, D16).

**Column convention.** An evidence column is named ``<item>.<field>``, or
``<item>.<measure>.<field>`` (always accepted; required where an item has
several measures, as macro.5 has ``integrate`` and ``chi_esq``). The fields:

- proportion: ``numerator`` and ``denominator``, or ``percent``;
- survey: ``agree``, ``respondents``, ``eligible``; or ``agree_percent``
  instead of ``agree`` (``respondents`` and ``eligible`` are then optional,
  as ``eligible`` is with ``agree``, except where a gate withholds the level
  below a completion figure: micro.3a);
- count: ``count``;
- collaborate: ``mean``, ``offered_percent``, optional ``encounters`` and
  ``top_score`` (read and checked, not banded: the mean decides the level);
- a panel rating, for every item: ``<item>.rating`` (1-4).

For example ``micro.2.numerator``, ``macro.5.integrate.percent``,
``micro.3a.agree``, ``micro.1b.mean``, ``meso.2.count`` and
``macro.1.rating``. Indicator items (macro.1, meso.1, ...) take a panel
rating only in a batch table; score named criteria with
:func:`ithrive.score`. Every other column (``locality``, ``date``,
``group``...) is passed through unchanged. A column whose name starts with
``macro.``, ``meso.`` or ``micro.`` must be an evidence column.

A missing value (null, or NaN, as pandas stores a missing number) means the
field was not given; a measure with none of its fields given is not part of
the evidence. Whole numbers may arrive in float columns (pandas stores an
integer column with gaps as floats); a fraction there is an error. Integer
fields above :data:`~ithrive.limits.MAX_INTEGER` (10**15) are refused
(``too_large``), as :func:`~ithrive.score` refuses them: below 2**53 they are
held exactly even in a float column, and no real audit has that many notes.
A column of Python objects (pandas ``object``) is read cell by cell: numbers
count as in a numeric column; text, booleans and anything else are refused,
each cell with its row and value, as in a text or boolean column.

**Output columns.** ``<item>.level`` (nullable integer), ``<item>.status``
(categorical: ``rated``, ``insufficient_evidence``, ``not_assessed``),
``<item>.thrive_like`` (nullable boolean); ``principle.<id>.level`` and
``principle.<id>.thrive_like``; ``thrive_like`` and ``complete``. Invalid
evidence anywhere raises :class:`~ithrive.errors.InvalidEvidenceError`
listing the first problems with their row numbers (0-based positions).

**Exactness.** Counts are compared with the band edges as whole numbers. A
ratio such as ``100 * numerator / denominator`` is compared with an edge
``p/q`` as ``100*q*numerator / denominator`` against the whole number ``p``:
in float64 while ``100*q*numerator`` plus the denominator stays within
2**53, where a correctly rounded quotient cannot cross a whole number;
else by int64 floor division while the product fits; else in floating point
with the rows on the edge decided again in Python integers. A float percent
or mean is compared as the binary fraction it is: each edge becomes the
smallest float that satisfies it (an edge like 59.5 is exact in binary; for
an edge like 33.3 the comparison moves to the float on the right side), so
no value lands on the wrong side of an edge.

**Cost.** Each column is read once without a copy where its type allows
(int64 or float64 without gaps); its validity is shown by its smallest and
largest value and one comparison per ordered pair of fields, and only a
column that fails is checked row by row, to name the rows. A measure's
level is a sum of one comparison per band edge; statuses, verdicts and
principles are a few integer operations on int8 columns; the output frame
is built once from those columns.


>>> import pandas as pd
>>> from ithrive.studies.batch import score_table
>>> table = pd.DataFrame({
...     "locality": ["A", "B", "C"],
...     "micro.2.numerator": [24, 23, None],
...     "micro.2.denominator": [40, 40, None],
...     "micro.2.rating": [None, None, 4],
... })
>>> scored = score_table(table)
>>> scored[["locality", "micro.2.level", "micro.2.status", "micro.2.thrive_like"]]
  locality  micro.2.level micro.2.status  micro.2.thrive_like
0        A              3          rated                 True
1        B              2          rated                False
2        C              4          rated                 True
"""

from __future__ import annotations

from ithrive.studies.batch._convention import FIELDS, MAX_WHOLE, STATUSES
from ithrive.studies.batch._scorer import (
    BatchScorer,
    evidence_columns,
    output_columns,
    row_evidence,
    score_table,
    scorer,
)

# Where the code is: one private module per part of the work, re-exported here.
# _convention: which columns hold evidence, and the result codes; _plan: a
# ruleset compiled once for whole columns; _columns: reading and checking each
# column, the problems found; _checks: the evidence classes' checks on whole
# columns; _exact: exact comparisons with band edges; _rows: row sets;
# _evaluation: levels, statuses and verdicts; _frames: reading a frame and
# building the result; _scorer: BatchScorer and the public calls.

__all__ = [
    "FIELDS",
    "MAX_WHOLE",
    "STATUSES",
    "BatchScorer",
    "evidence_columns",
    "output_columns",
    "row_evidence",
    "score_table",
    "scorer",
]
