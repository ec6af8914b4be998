"""Implementation instruments: what to do next, linked to the assessment.

The assessment tool says where a locality stands; three instruments say what
to do next, and they are used in the same workshops:

- the implementation **checklist** (31 actions, a workshop form),
- the i-THRIVE **Approach to Implementation** (phases 0-4 and their steps),
- the **GM i-THRIVE Standards** (Greater Manchester's, in five sections).

Each is a packaged, versioned TOML file loaded and checked like a ruleset.
Checklist actions and standards are linked to the assessment items they
serve, which is what :func:`gap_analysis` reads; :func:`aggregate_responses`
tallies a workshop (by area, or by sector or role within an area);
:func:`facilitator_summary` gives Group Exercise 2's four outputs;
:func:`progress` summarises a plan by phase or the standards by section and
:func:`plan_position` says which phase a plan is in and what comes next;
:func:`compare_workshops` compares two dated workshops.
:func:`answer_template` writes the spreadsheet a workshop fills in and
:func:`read_answers` reads it back.

May import: :mod:`ithrive.analysis` and what lies under it (today it uses
only the model, scorecards and the ground's TOML reading). Never a study
(its sibling layer), an output or the command line; the board pack
(:mod:`ithrive.outputs.boardpack`) reads instruments, not the other way
round.
"""

from __future__ import annotations

from ithrive.instruments.approach import Approach, Phase, PlanElement, Step
from ithrive.instruments.checklist import Action, Checklist
from ithrive.instruments.compare import Change, WorkshopComparison, compare_workshops
from ithrive.instruments.facilitator import FacilitatorSummary, Note, facilitator_summary
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
from ithrive.instruments.plan import ElementStatus, PlanPosition, StepStatus, plan_position
from ithrive.instruments.progress import GroupProgress, Progress, progress
from ithrive.instruments.response import Answer, Response, read_response
from ithrive.instruments.sheet import answer_template, read_answers
from ithrive.instruments.standards import Standard, Standards, StandardsSection
from ithrive.instruments.status import ImplementationStatus
from ithrive.instruments.workshop import (
    CONSENSUS_RULES,
    GROUPINGS,
    AreaTally,
    Comment,
    EntryTally,
    PlanningView,
    StatusTally,
    WorkshopSummary,
    aggregate_responses,
)

# Where the code is. Records, bottom up: status, link; _answers (Answer,
# Response, reading a response against a given instrument); instrument (what
# every instrument shares); checklist, approach, standards; _kinds (the three
# as one type). Loading: _structure (cattrs structuring of entries), _checks
# (whole-instrument checks), _load (the loaders and the packaged instruments),
# _resolve (a response checked against its instrument); loader and response
# are their public faces. Above them: _tally and workshop, _template and sheet,
# then gaps, progress, plan, compare and facilitator. Imports point down this
# list, except Response.from_dict, which reads a response against the packaged
# instrument it names (the one import that points up).

__all__ = [
    "CONSENSUS_RULES",
    "GROUPINGS",
    "Action",
    "ActionGap",
    "Answer",
    "Approach",
    "AreaTally",
    "Change",
    "Checklist",
    "Comment",
    "ElementStatus",
    "EntryTally",
    "FacilitatorSummary",
    "GapAnalysis",
    "Group",
    "GroupProgress",
    "ImplementationStatus",
    "InstrumentBase",
    "ItemGap",
    "ItemLink",
    "LinkStrength",
    "Note",
    "Phase",
    "PlanElement",
    "PlanPosition",
    "PlanningView",
    "Progress",
    "Response",
    "SecondLook",
    "Standard",
    "Standards",
    "StandardsSection",
    "StatusTally",
    "Step",
    "StepStatus",
    "WorkshopComparison",
    "WorkshopSummary",
    "aggregate_responses",
    "answer_template",
    "compare_workshops",
    "default_approach",
    "default_checklist",
    "default_gm_standards",
    "facilitator_summary",
    "gap_analysis",
    "load_approach",
    "load_checklist",
    "load_standards",
    "plan_position",
    "progress",
    "read_answers",
    "read_response",
]
