"""The board pack itself: gathering the parts, and the record that renders them."""

from __future__ import annotations

from typing import Any

import attrs

from ithrive._messages import short_repr
from ithrive.base.encoding import is_encodable, unencodable_reason
from ithrive.errors import ReportError
from ithrive.instruments.compare import compare_workshops
from ithrive.instruments.facilitator import facilitator_summary
from ithrive.instruments.gaps import gap_analysis
from ithrive.instruments.plan import plan_position
from ithrive.instruments.progress import progress
from ithrive.instruments.response import Response
from ithrive.instruments.workshop import CONSENSUS_RULES, WorkshopSummary
from ithrive.outputs.boardpack._html import HtmlPage
from ithrive.outputs.boardpack._markdown import MarkdownPage
from ithrive.outputs.boardpack._model import PackContents
from ithrive.scorecard import Scorecard

__all__ = ["BoardPack", "board_pack"]


@attrs.frozen
class BoardPack(PackContents):
    """Everything a board pack shows, computed once; render with :meth:`to_html`.

    Its parts are ``title``, the consensus ``rule`` and each part given or
    computed (``scorecard``, ``workshop``, ``facilitator``, ``gaps``,
    ``plan``, ``plan_progress``, ``position``, ``standards_progress``,
    ``standards_gaps``, ``comparison``), ``None`` when absent.
    """

    def to_html(self) -> str:
        """The pack as one self-contained HTML page (inline CSS and SVG, no scripts)."""
        return HtmlPage(self).page()

    def to_markdown(self) -> str:
        """The pack as Markdown, with tables in place of charts."""
        return MarkdownPage(self).page()


def board_pack(
    *,
    scorecard: Scorecard | None = None,
    workshop: WorkshopSummary | None = None,
    plan: Response | None = None,
    standards: Response | WorkshopSummary | None = None,
    before: Response | WorkshopSummary | None = None,
    rule: str = "no_dissent",
    title: str | None = None,
) -> BoardPack:
    """Gather a board pack: give any of the assessment, workshop, plan and standards.

    - ``scorecard``: the locality's assessment; with a workshop it drives the
      gap analysis (and with standards, theirs);
    - ``workshop``: the checklist workshop as a
      :class:`~ithrive.instruments.WorkshopSummary` (grouped by area, or by
      sector or role within an area);
    - ``plan``: a response to the Approach; ``standards``: the GM standards
      (a response, or a summary read through its consensus);
    - ``before``: an earlier workshop (or consensus) to compare with;
    - ``rule``: the consensus rule for planning (see
      :data:`~ithrive.instruments.CONSENSUS_RULES`);
    - ``title``: the heading (default: "Board pack: " and the area).
    """
    problems: list[str] = []
    if rule not in CONSENSUS_RULES:
        problems.append(
            f"rule: expected one of {', '.join(CONSENSUS_RULES)}, got {short_repr(rule)}"
        )
    either = (Response, WorkshopSummary)
    checks: list[tuple[str, object, Any, str]] = [
        ("scorecard", scorecard, Scorecard, "a Scorecard"),
        ("workshop", workshop, WorkshopSummary, "a WorkshopSummary"),
        ("plan", plan, Response, "a Response to the approach"),
        ("standards", standards, either, "a Response or a WorkshopSummary"),
        ("before", before, either, "a Response or a WorkshopSummary"),
    ]
    for name, value, kind, expected in checks:
        if value is not None and not isinstance(value, kind):
            problems.append(f"{name}: expected {expected}, got {short_repr(value)}")
    if title is not None and not isinstance(title, str):
        problems.append(f"title: expected text, got {short_repr(title)}")
    elif title is not None and not is_encodable(title):
        raise ReportError(
            f"title: {unencodable_reason(title)}", code="unencodable_text", field="title"
        )
    if all(v is None for _, v, _, _ in checks[:4]):
        problems.append("nothing to show; give a scorecard, workshop, plan or standards")
    if before is not None and workshop is None:
        problems.append("before: a comparison needs the workshop to compare it with")
    if problems:
        first, colon, _ = problems[0].partition(":")
        field = first if colon else "board_pack"
        raise ReportError("; ".join(problems), field=field)
    facilitator = gaps = None
    if workshop is not None:
        facilitator = facilitator_summary(workshop)
        if scorecard is not None:
            gaps = gap_analysis(scorecard, workshop, rule=rule)
    plan_progress = position = None
    if plan is not None:
        plan_progress = progress(plan)
        position = plan_position(plan, checklist=workshop)
    standards_progress = standards_gaps = None
    if standards is not None:
        answers = (
            standards.consensus(rule=rule) if isinstance(standards, WorkshopSummary) else standards
        )
        standards_progress = progress(answers)
        if scorecard is not None:
            standards_gaps = gap_analysis(scorecard, standards, rule=rule)
    comparison = (
        None
        if before is None or workshop is None
        else compare_workshops(before, workshop, rule=rule)
    )
    return BoardPack(
        title=title or f"Board pack: {_place(scorecard, workshop, plan, standards)}",
        rule=rule,
        scorecard=scorecard,
        workshop=workshop,
        facilitator=facilitator,
        gaps=gaps,
        plan=plan,
        plan_progress=plan_progress,
        position=position,
        standards_progress=standards_progress,
        standards_gaps=standards_gaps,
        comparison=comparison,
    )


def _place(
    card: Scorecard | None,
    workshop: WorkshopSummary | None,
    plan: Response | None,
    standards: Response | WorkshopSummary | None,
) -> str:
    for r in (
        *(workshop.responses if workshop is not None else ()),
        *(x for x in (plan, standards) if isinstance(x, Response)),
    ):
        if r.area and r.area.strip():
            return r.area.strip()
    if card is not None and card.locality:
        return card.locality
    return "Unnamed area"
