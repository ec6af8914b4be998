"""Reports for people: a standalone HTML page, Markdown, and HTML tables for notebooks.

:func:`render_html` writes one self-contained HTML file (inline CSS, no
scripts, no external assets; accessible colours with text beside every
colour; print-friendly) and :func:`render_markdown` the same report as
Markdown. Each shows, for one or several assessments, every item's level
against the THRIVE-like line at level 3, the evidence and the explanation,
the warnings, and the principle and system summaries.

Reports accept extra sections through ``extras``: a :class:`ReportSection`
has a title, optional text per item (shown as a column of the item table and
in each item's details) and an optional summary (shown as its own section).
This is how other analyses, such as uncertainty or what it would take to
reach the next level, join a report without the report knowing about them.
Give a list of sections (shown with every scorecard), or a function from a
scorecard to its sections.

For Jupyter, :func:`render_scorecard_html` is a scorecard's ``_repr_html_``
and :func:`render_collection_html` renders several assessments side by side.

>>> import ithrive
>>> from ithrive.scorecard.report import ReportSection, render_markdown
>>> card = ithrive.score({"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}})
>>> extra = ReportSection("Uncertainty", items={"micro.2": "95% interval 42%-76%"})
>>> text = render_markdown(card, extras=[extra])
>>> print(text.splitlines()[0])
# THRIVE assessment: Unnamed locality
>>> "| `micro.2` | Needs-based grouping recorded in case notes | 3 of 4 | yes |" in text
True
"""

from __future__ import annotations

from ithrive.errors import ReportError
from ithrive.scorecard._html import render_collection_html, render_html, render_scorecard_html
from ithrive.scorecard._markdown import render_markdown
from ithrive.scorecard._sections import Extras, ReportSection, card_label
from ithrive.scorecard._tables import PALETTE

__all__ = [
    "PALETTE",
    "Extras",
    "ReportError",
    "ReportSection",
    "card_label",
    "render_collection_html",
    "render_html",
    "render_markdown",
    "render_scorecard_html",
]
