"""Scorecards: the result of scoring one locality's evidence.

A :class:`Scorecard` has one :class:`ItemResult` per item (all 22, in source
order), one :class:`PrincipleResult` per principle, one
:class:`SystemResult` per system level, and the locality's overall verdict.
Each item result is the decision record of its rule; its explanation is written from it.
Scorecards convert to and from JSON-ready dicts without loss
(:meth:`Scorecard.to_dict`, :meth:`Scorecard.from_dict`).

The scorecard layer (the result, its JSON document and its renderings as
text, HTML and Markdown) may import :mod:`ithrive.evidence`,
:mod:`ithrive.model`, :mod:`ithrive.base`, the errors and limits only.
"""

from __future__ import annotations

from typing import Any

from ithrive.scorecard._card import Scorecard
from ithrive.scorecard._results import (
    ITEM_RESULT_FIELDS,
    SCHEMA_VERSION,
    ItemResult,
    Notice,
    PrincipleResult,
    SystemResult,
)

# Where the code is, the arrows pointing one way: the results (_results),
# then the summaries worked out from item levels (_summary), the JSON
# document (_document, with the checks of its values in _checks; it knows
# the results but not the scorecard), the HTML tables that every report and
# the notebook view share (_tables), the scorecard (_card, with card_of and
# scorecards, which scoring, studies and plots use), and at the edge
# the public document, table and report (whose parts are _sections, _html
# and _markdown). The modules under the scorecard read one through CardView
# (what a scorecard shows), so none imports it: its _repr_html_ (Jupyter) is
# _tables' notebook view, and no arrow points back. The scorecard imports its
# JSON document and its notebook view only when they are first used
# (to_dict, from_dict, _repr_html_), so importing this package imports
# neither cattrs nor the HTML escaping.

__all__ = [
    "ITEM_RESULT_FIELDS",
    "SCHEMA_VERSION",
    "ItemResult",
    "Notice",
    "PrincipleResult",
    "Scorecard",
    "SystemResult",
]


def _item_result(*values: Any) -> ItemResult:
    """An item result from its fields in order, for pickles written before the layout move.

    Those pickles name this function here (``ithrive.scorecard._item_result``),
    where the item result's class then lived; this keeps them loading.
    """
    return ItemResult(*values)
