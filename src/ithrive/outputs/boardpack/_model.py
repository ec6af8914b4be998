"""What a board pack holds, and the few facts both renderings state the same way.

:class:`PackContents` is every part a pack may show (computed once by
:func:`~ithrive.outputs.boardpack.board_pack`); the HTML and Markdown
renderings read it. The chart series, the wording of each consensus rule
and the short texts for a status, a level, a spread or a share live here so
both renderings say the same thing.
"""

from __future__ import annotations

from typing import Any

import attrs

from ithrive.base.formatting import format_number
from ithrive.instruments.compare import WorkshopComparison
from ithrive.instruments.facilitator import FacilitatorSummary
from ithrive.instruments.gaps import GapAnalysis
from ithrive.instruments.plan import PlanPosition
from ithrive.instruments.progress import Progress
from ithrive.instruments.response import Response
from ithrive.instruments.status import ImplementationStatus, normal_text
from ithrive.instruments.workshop import EntryTally, WorkshopSummary
from ithrive.scorecard import Scorecard

__all__ = [
    "RULE_TEXT",
    "SERIES",
    "PackContents",
    "flags_text",
    "group_tallies",
    "level_text",
    "percent",
    "series_counts",
    "spread_text",
    "status_text",
    "views_text",
]

#: Chart colours per count, with the text that always goes beside them.
SERIES = (
    ("in_place", "in place", "#1a7f37"),
    ("in_progress", "in progress", "#e0a400"),
    ("not_started", "not started", "#b42318"),
    ("dont_know", "don't know", "#7a5195"),
    ("not_applicable", "not applicable", "#9e9e9e"),
    ("blank", "blank", "#e6e6e6"),
)

RULE_TEXT = {
    "plurality": "each action takes the status most respondents gave (a tie goes to the "
    "less advanced status)",
    "no_dissent": "each action takes the status most respondents gave (a tie goes to the "
    "less advanced status), but is never counted in place while any group's view is "
    "'not started': it then counts as in progress",
    "least_advanced": "each action takes the least advanced of the groups' views and of "
    "the status most respondents gave",
}


@attrs.frozen
class PackContents:
    """Everything a board pack shows, computed once."""

    title: str
    rule: str
    scorecard: Scorecard | None = None
    workshop: WorkshopSummary | None = None
    facilitator: FacilitatorSummary | None = None
    gaps: GapAnalysis | None = None
    plan: Response | None = None
    plan_progress: Progress | None = None
    position: PlanPosition | None = None
    standards_progress: Progress | None = None
    standards_gaps: GapAnalysis | None = None
    comparison: WorkshopComparison | None = None


def status_text(status: ImplementationStatus | None) -> str:
    """A status as the form words it, or ``blank``."""
    return "blank" if status is None else status.label


def group_tallies(entry: EntryTally) -> dict[str, Any]:
    """An entry's tally per group, by the group's name as :meth:`EntryTally.area` compares it.

    Looked up once per entry: asking ``entry.area(g)`` for every group scans
    every group, so a workshop of a few thousand groups took minutes.
    """
    out: dict[str, Any] = {}
    for a in entry.areas:
        out.setdefault(normal_text(a.area), a.tally)  # the first, as ``area`` finds it
    return out


def series_counts(tally: Any) -> list[tuple[str, int]]:
    """A tally's count per chart series, in the series' order."""
    return [(key, int(getattr(tally, key))) for key, _, _ in SERIES]


def level_text(level: Any) -> str:
    """A level as ``3 of 4``, or ``not rated``."""
    return "not rated" if level is None else f"{int(level)} of 4"


def views_text(e: EntryTally) -> str:
    """Each group's view of an entry, as one line."""
    return "; ".join(f"{g}: {s.label}" for g, s in e.views.items()) or "no views"


def spread_text(value: int | None) -> str:
    """A spread, or ``-`` when there is none."""
    return "-" if value is None else str(value)


def percent(share: float) -> str:
    """A share as a whole percentage."""
    return format_number(share * 100, "%", places=0)


def flags_text(tied: bool, dissent: tuple[str, ...]) -> str:
    """A tie and the dissenting groups, or ``-``."""
    parts = (["tie"] if tied else []) + ([f"differs: {', '.join(dissent)}"] if dissent else [])
    return "; ".join(parts) or "-"
