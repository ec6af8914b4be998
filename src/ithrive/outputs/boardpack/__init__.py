"""The board pack: one report of a workshop, the assessment, the plan and the standards.

:func:`board_pack` gathers what an implementation lead takes to the
programme board after a workshop, and :meth:`BoardPack.to_html` (one
self-contained page with charts drawn as inline SVG, no scripts) or
:meth:`BoardPack.to_markdown` renders it:

- the **assessment**: every item's level against the THRIVE-like line;
- the **checklist workshop**: each action's answers, the groups' views
  (areas, or sectors within an area), agreement and spread, with the
  disagreements first, and every comment;
- the **facilitator's summary**: Group Exercise 2's four outputs;
- the **gap analysis** with its to-do list and second look, stating the
  consensus rule and keeping ties and dissent;
- the **Approach**: progress by phase, the current phase and next steps,
  and the step 3.3 plan elements;
- the **GM standards**: progress by section;
- optionally, a **comparison** with an earlier workshop.

Every part is optional except that a pack needs at least one. Every value
shown is escaped for HTML or Markdown.

>>> import ithrive
>>> from ithrive.instruments import aggregate_responses, default_checklist
>>> ck = default_checklist()
>>> rs = [ck.respond({"ck.29": s}, respondent=f"S{i}", area="Northvale", sector=sec)
...       for i, (s, sec) in enumerate([("in_place", "Health"), ("not_started", "Education")])]
>>> card = ithrive.score({"micro.3b": {"kind": "proportion", "numerator": 9, "denominator": 30}})
>>> pack = board_pack(scorecard=card, workshop=aggregate_responses(rs, by="sector"))
>>> page = pack.to_html()
>>> page.startswith("<!DOCTYPE html>"), "<svg" in page, "<script" in page
(True, True, False)
>>> print(pack.to_markdown().splitlines()[0])
# Board pack: Northvale
"""

from __future__ import annotations

from ithrive.outputs.boardpack._pack import BoardPack, board_pack

# Where the code is: _model, what a pack holds and the texts both renderings
# share; _svg, the inline charts and HTML text; _html and _markdown, the two
# renderings; _pack, BoardPack and board_pack, which gathers the parts.

__all__ = ["BoardPack", "board_pack"]
