"""Many raters: a stakeholder workshop's ratings, their consensus and their conflicts.

A self-assessment with the tool is made in a workshop: commissioners,
managers, team leaders and practitioners each say which level describes
their services best, item by item, and then discuss. A :class:`Workshop`
holds those ratings (each with the rater's sector, if known) and gives:

- the **consensus** per item (:meth:`Workshop.consensus`): the *lower
  median* of the ratings. With an even number of raters whose two middle
  ratings differ, the workshop takes the lower of the two, so an item is
  never credited with a level that fewer than half of its raters gave it
  (the same caution as the engine's "lowest of several measures");
- the **spread** (highest minus lowest rating) and the **share of raters at
  level 3 or above** (THRIVE-like);
- **conflict flags**, which are what the workshop discusses next:
  ``range`` when the ratings span ``conflict_range`` levels or more (2 by
  default), ``sectors`` when the consensus levels of sectors with at least
  two raters of the item fall on both sides of the THRIVE-like line (one
  sector at 3 or above, another below): one rater is a view, not a sector's;
- **agreement** (:meth:`Workshop.agreement`): Krippendorff's alpha for ordinal
  data over all items, from the ``krippendorff`` package (the ``agreement``
  extra), with a seeded bootstrap confidence interval
  (:meth:`Workshop.agreement_interval`) and the agreement on each item
  (:meth:`Workshop.item_agreement`).

:func:`compare_methods` sets a self-assessment beside an independent
evaluation of the same locality, item by item.

>>> from ithrive.studies.raters import Workshop
>>> ws = Workshop.from_records([
...     {"rater": "R1", "sector": "health", "item": "micro.2", "level": 3},
...     {"rater": "R2", "sector": "education", "item": "micro.2", "level": 2},
...     {"rater": "R3", "sector": "health", "item": "micro.2", "level": 4},
...     {"rater": "R4", "sector": "education", "item": "micro.2", "level": 1},
... ])
>>> row = ws.consensus().row("micro.2")
>>> row.level, row.spread, row.thrive_like_share, row.conflicts
(<Level.TWO: 2>, 3, Fraction(1, 2), ('range', 'sectors'))
"""

from __future__ import annotations

from ithrive.studies.raters._agreement import (
    AgreementInterval,
    ItemAgreementRow,
    ItemAgreementTable,
)
from ithrive.studies.raters._comparison import (
    MethodComparison,
    MethodComparisonRow,
    compare_methods,
)
from ithrive.studies.raters._consensus import SECTOR_QUORUM, ConsensusRow, ConsensusTable
from ithrive.studies.raters._ratings import WorkshopRating, consensus_level
from ithrive.studies.raters._workshop import Workshop

# Where the code is: one private module per part, re-exported here.
# _ratings: one rating, and the consensus level of several; _consensus: the
# consensus table and its conflict flags; _agreement: Krippendorff's alpha,
# its bootstrap interval, agreement per item; _workshop: Workshop;
# _comparison: a self-assessment beside an independent evaluation.

__all__ = [
    "SECTOR_QUORUM",
    "AgreementInterval",
    "ConsensusRow",
    "ConsensusTable",
    "ItemAgreementRow",
    "ItemAgreementTable",
    "MethodComparison",
    "MethodComparisonRow",
    "Workshop",
    "WorkshopRating",
    "compare_methods",
    "consensus_level",
]
