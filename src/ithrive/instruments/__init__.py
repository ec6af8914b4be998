"""Implementation instruments: what to do next, linked to the assessment.

The assessment tool says where a locality stands; three instruments say what
to do next, and they are used in the same workshops:

- the implementation **checklist** (31 actions, source ``001``),
- the i-THRIVE **Approach to Implementation** (phases 0-4 and their steps,
  source ``000``),
- the **GM i-THRIVE Standards** (five sections, source ``002``).

Each is a packaged, versioned TOML file loaded and checked like a ruleset.
Checklist actions and standards are linked to the assessment items they
serve, which is what :func:`gap_analysis` reads; :func:`aggregate_responses`
tallies a workshop; :func:`progress` summarises a plan by phase or the
standards by section.
"""

from __future__ import annotations

from ithrive.instruments.approach import Approach, Phase, PlanElement, Step
from ithrive.instruments.checklist import Action, Checklist
from ithrive.instruments.gaps import ActionGap, GapAnalysis, ItemGap, SecondLook, gap_analysis
from ithrive.instruments.instrument import Group, InstrumentBase
from ithrive.instruments.link import ItemLink, LinkStrength
from ithrive.instruments.loader import (
    default_approach,
    default_checklist,
    default_gm_standards,
    load_approach,
    load_checklist,
    load_standards,
)
from ithrive.instruments.progress import GroupProgress, Progress, progress
from ithrive.instruments.response import Answer, Response, read_response
from ithrive.instruments.standards import Standard, Standards, StandardsSection
from ithrive.instruments.status import ImplementationStatus
from ithrive.instruments.workshop import (
    AreaTally,
    Comment,
    EntryTally,
    StatusTally,
    WorkshopSummary,
    aggregate_responses,
)

__all__ = [
    "Action",
    "ActionGap",
    "Answer",
    "Approach",
    "AreaTally",
    "Checklist",
    "Comment",
    "EntryTally",
    "GapAnalysis",
    "Group",
    "GroupProgress",
    "ImplementationStatus",
    "InstrumentBase",
    "ItemGap",
    "ItemLink",
    "LinkStrength",
    "Phase",
    "PlanElement",
    "Progress",
    "Response",
    "SecondLook",
    "Standard",
    "Standards",
    "StandardsSection",
    "StatusTally",
    "Step",
    "WorkshopSummary",
    "aggregate_responses",
    "default_approach",
    "default_checklist",
    "default_gm_standards",
    "gap_analysis",
    "load_approach",
    "load_checklist",
    "load_standards",
    "progress",
    "read_response",
]
