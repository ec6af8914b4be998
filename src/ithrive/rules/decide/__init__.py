"""The decision path: one item's evidence, under its compiled rule, becomes a decision record.

Each item rule is compiled once (and kept with its ruleset) into a
:class:`ItemDecider`: band and gate edges as exact integer bounds, criteria
as lookup tables, the measures by name and kind. :meth:`ItemDecider.decide`
reads each piece (typed, or a JSON-like dict) through its kind's declaration
(:mod:`ithrive.evidence.kinds`), places the values exactly, and returns an
:class:`~ithrive.scorecard.ItemResult`: level, status, basis, what decided,
the exact value, unmet criteria, and the facts behind them. The explanation,
citation and warnings are written from those facts when first read
(:class:`Words`), never by deciding again. Invalid evidence gets every
problem back instead, as errors naming item, field and value.

Precedence (interpretation register D12): measured or indicator evidence
that yields a level decides the item, with several measures combined by their
lowest level (on a tie the first in the rule, D17); a panel rating decides
only when no measured or indicator evidence yields a level; a rating that
differs from the measured level is kept as a warning.
"""

from __future__ import annotations

from ithrive.rules.decide._item import (
    CompiledRules,
    ItemDecider,
    compiled,
    decide_item,
    decider,
)
from ithrive.rules.decide._refusals import pick_measure
from ithrive.rules.decide._words import Words

# Where the code is: one private module per concept, re-exported here.
# _item: an item's rule compiled into an ItemDecider, deciding it, and a
# ruleset's items compiled once; _measure: a measure's bands and gates as exact
# integer bounds; _criteria: criteria as lookup tables, judged; _refusals: the
# errors for evidence refused; _words: the explanation written from the record.

__all__ = [
    "CompiledRules",
    "ItemDecider",
    "Words",
    "compiled",
    "decide_item",
    "decider",
    "pick_measure",
]
