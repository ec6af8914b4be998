"""Evidence: what an assessment rates items on.

Six kinds, told apart by their ``kind`` tag in JSON:

- :class:`Rating`: a panel's judgement of the level, valid for every item;
- :class:`Proportion`: an audit or score as a share (counts or a percent);
- :class:`Survey`: a staff survey (agreeing, responding and eligible staff);
- :class:`Count`: a count of things in place (the MINDFUL elements);
- :class:`CollaboRATE`: the CollaboRATE mean and the share offered it;
- :class:`Indicators`: named criteria taken from the level descriptors.

Every class validates itself when built, so a typed evidence object is
always internally consistent; whether an *item* accepts it is the ruleset's
business and is checked when scoring. Values are kept exactly as given:
``exact_*`` methods return them as exact fractions so that no rounding can
move a value across a band edge.

The folder lists what users can bring: one module per kind (``rating``,
``proportion``, ``survey``, ``count``, ``collaborate``, ``indicators``), each
holding the kind's class and its declaration; ``evidence_set`` (the evidence
of one assessment); :mod:`ithrive.evidence.kinds` (the registry every kind,
built in or a plugin, is declared to); :mod:`ithrive.evidence.measures`
(evidence counted from raw records); :mod:`ithrive.evidence.reading`
(evidence to and from JSON) and :mod:`ithrive.evidence.jsonfile` (reading a
JSON file safely). This package re-exports the classes, and registers the
six kinds, in the order above, when it is first imported. A value kept as an
exact fraction has an exact JSON form (:func:`exact_number`, :func:`ratio_text`,
:data:`RATIO_PATTERN`), which every kind, built in or a plugin, writes and reads.

The evidence layer may import :mod:`ithrive.model`, :mod:`ithrive.base`,
the errors and limits only.
"""

from __future__ import annotations

from collections.abc import Mapping

from ithrive.errors import wrong_type
from ithrive.evidence import collaborate, count, indicators, kinds, proportion, rating, survey
from ithrive.evidence._exact import RATIO_PATTERN, exact_number, ratio_text
from ithrive.evidence.collaborate import CollaboRATE
from ithrive.evidence.count import Count
from ithrive.evidence.evidence_set import Evidence, EvidenceSet
from ithrive.evidence.indicators import CriterionValue, Indicators
from ithrive.evidence.kinds import add_evidence_class, remove_evidence_class
from ithrive.evidence.proportion import Proportion
from ithrive.evidence.rating import Rating
from ithrive.evidence.survey import Survey

# Where the code is, besides the public modules the docstring names: _exact,
# the JSON form of an exact fraction; _checks, the checks every evidence class
# runs when built; _records, raw records read from a list or a frame column;
# _responses, CollaboRATE scored from per-encounter responses; _mindful, the
# MINDFUL elements counted. measures re-exports the last two.

__all__ = [
    "KINDS",
    "RATIO_PATTERN",
    "CollaboRATE",
    "Count",
    "CriterionValue",
    "Evidence",
    "EvidenceSet",
    "Indicators",
    "Proportion",
    "Rating",
    "Survey",
    "add_evidence_class",
    "describe",
    "exact_number",
    "ratio_text",
    "remove_evidence_class",
]

#: Evidence classes by their ``kind`` tag: the six built in, and any registered
#: with :func:`ithrive.evidence.kinds.register_kind` (read-only; it follows the registry).
KINDS: Mapping[str, type[Evidence]] = kinds.KINDS


def describe(evidence: Evidence) -> str:
    """A short human description of one piece of evidence, as explanations and reports show it.

    >>> from ithrive.evidence import Proportion, Rating, describe
    >>> describe(Proportion(numerator=18, denominator=30)), describe(Rating(level=3))
    ('18 of 30', 'panel rating 3')
    """
    if not isinstance(getattr(evidence, "kind", None), str):  # not tagged with a kind
        raise wrong_type(evidence, "a piece of evidence such as a Proportion", field="evidence")
    return kinds.kind(evidence.kind).describe(evidence)


kinds.register_built_in_kinds(
    module.DECLARATION for module in (rating, proportion, survey, count, collaborate, indicators)
)
