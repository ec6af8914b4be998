"""Improvement: what it would take for an item to reach the next level, or level 3.

For each item below level 4, :func:`what_it_would_take` finds the smallest
change to its evidence that reaches the next level, and the smallest that
reaches level 3 (THRIVE-like) when that is further away:

- a case-note audit: how many more of the audited notes must meet the
  standard, at the same denominator (exact integer arithmetic against the
  band's lower edge, open or closed as the ruleset says);
- a staff survey: how many more staff must agree and, when a completion
  minimum withholds the level (micro.3a, decision D8), how many more must
  respond first;
- a percent given without counts: the percent needed;
- CollaboRATE: the mean needed (strictly above the band's edge, decision D7:
  "more than 7") and, when under half were offered the questionnaire, the
  offer rate needed;
- MINDFUL (meso.2): how many more elements, and which are missing when the
  evidence names those in place;
- indicators: which criteria must change, and to what;
- a panel rating alone: the descriptors of the target level, for the panel
  to judge.

Every change that can be checked is checked: the changed evidence is scored
again under the same ruleset, and :attr:`Step.reaches` is the level it gets
(it can exceed the target when a band holds no value at that denominator).
One count fewer than a step asks for does not reach its target. Changes are
minimal in order: first more respondents (or audited notes, or encounters)
where a gate demands it, then the fewest further successes at that size.

:func:`action_list` turns a scorecard into a prioritised list for the whole
locality.
"""

from __future__ import annotations

from ithrive.analysis.improvement._plans import action_list, what_it_would_take
from ithrive.analysis.improvement._records import Action, Change, ItemPlan, Step

# Where the code is: one private module per concept, re-exported here.
# _records: Change, Step, ItemPlan, Action; _search: the exact search for the
# smallest count, size or value that reaches a level; _fixes: the change to one
# piece, by what its kind lets change; _plans: what_it_would_take, action_list.

__all__ = [
    "Action",
    "Change",
    "ItemPlan",
    "Step",
    "action_list",
    "what_it_would_take",
]
