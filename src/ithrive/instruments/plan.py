"""Where a plan stands: the current phase of the Approach and the next open steps.

:func:`plan_position` reads a response to the Approach to Implementation
(source ``000``) and says which phase the locality is in and which steps of
it are still open. The rules:

- a step is **open** unless it is ``in_place`` or ``not_applicable`` (a
  blank or "don't know" step is open: nobody has said it is done);
- the **current phase** is the first phase with an open step; when no phase
  has one, the plan is complete and there is no current phase;
- the **next steps** are the current phase's open steps, in the source's
  order.

Step 3.3 (delivering the plan) lists the minimum elements a plan needs, which
are the checklist's actions; give the checklist answers (a response or a
workshop summary) as ``checklist`` and each element carries its action's
status.
"""

from __future__ import annotations

from typing import Any

import attrs

from ithrive._messages import short_repr
from ithrive.errors import Finding, ResponseError
from ithrive.instruments.approach import Approach, Phase, PlanElement, Step
from ithrive.instruments.response import Response
from ithrive.instruments.status import ImplementationStatus, status_code
from ithrive.instruments.workshop import WorkshopSummary

__all__ = ["ElementStatus", "PlanPosition", "StepStatus", "plan_position"]

_DONE = (ImplementationStatus.IN_PLACE, ImplementationStatus.NOT_APPLICABLE)


@attrs.frozen
class StepStatus:
    """A step of the plan with the status the response gives it (``None`` if blank)."""

    step: Step
    status: ImplementationStatus | None

    @property
    def open(self) -> bool:
        """Whether the step still needs doing: not in place, and not marked not applicable."""
        return self.status not in _DONE

    def to_dict(self) -> dict[str, Any]:
        """The step as a JSON-ready dict."""
        return {
            "step": self.step.id,
            "number": self.step.number,
            "title": self.step.title,
            "status": status_code(self.status),
        }


@attrs.frozen
class ElementStatus:
    """A minimum element of the plan (step 3.3) with its checklist action's status."""

    element: PlanElement
    title: str
    status: ImplementationStatus | None

    def to_dict(self) -> dict[str, Any]:
        """The element as a JSON-ready dict."""
        return {
            "action": self.element.action,
            "title": self.title,
            "status": status_code(self.status),
            "difference": self.element.difference,
        }


@attrs.frozen
class PlanPosition:
    """The current phase (``None`` when every phase is done), its open steps, and step 3.3.

    ``steps`` holds every step with its status, phase by phase; ``elements``
    the minimum plan elements with their checklist statuses (empty without
    checklist answers).
    """

    current_phase: Phase | None
    next_steps: tuple[StepStatus, ...]
    steps: tuple[StepStatus, ...]
    elements: tuple[ElementStatus, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every step that applies is in place."""
        return self.current_phase is None

    def to_dict(self) -> dict[str, Any]:
        """The position as a JSON-ready dict."""
        phase = self.current_phase
        return {
            "current_phase": None
            if phase is None
            else {"id": phase.id, "number": phase.number, "title": phase.title},
            "next_steps": [s.to_dict() for s in self.next_steps],
            "steps": [s.to_dict() for s in self.steps],
            "elements": [e.to_dict() for e in self.elements],
        }


def plan_position(
    plan: Response,
    *,
    checklist: Response | WorkshopSummary | None = None,
    instrument: Approach | None = None,
) -> PlanPosition:
    """Where ``plan`` (a response to the Approach) stands: current phase and next open steps.

    >>> from ithrive.instruments import default_approach
    >>> plan = default_approach().respond(
    ...     {f"step.0.{n}": "in_place" for n in (1, 2, 3, 4, 5, 6, 8, 9, 10)}
    ...     | {"step.0.7": "not_applicable", "step.1.1": "in_place", "step.1.2": "in_progress"})
    >>> where = plan_position(plan)
    >>> where.current_phase.number, [s.step.number for s in where.next_steps][:3]
    (1, ['1.2', '1.3', '1.4'])
    """
    from ithrive.instruments.loader import default_checklist, resolve_instrument

    resolved = resolve_instrument(plan, instrument)
    if not isinstance(resolved, Approach):
        message = f"expected a response to the approach, got one to {resolved.id!r}"
        raise ResponseError(resolved.id, [Finding("wrong_instrument", None, "plan", message)])
    steps = tuple(StepStatus(s, plan.status(s.id)) for s in resolved.steps)
    by_phase = {p.id: [st for st in steps if st.step in p.steps] for p in resolved.phases}
    current = next((p for p in resolved.phases if any(s.open for s in by_phase[p.id])), None)
    upcoming = () if current is None else tuple(s for s in by_phase[current.id] if s.open)
    elements: tuple[ElementStatus, ...] = ()
    if checklist is not None:
        if isinstance(checklist, WorkshopSummary):
            answers = checklist.consensus(rule="no_dissent")
        elif isinstance(checklist, Response):
            answers = checklist
        else:
            message = f"expected a checklist response or summary, got {short_repr(checklist)}"
            raise ResponseError(resolved.id, [Finding("invalid_value", None, "checklist", message)])
        ck = resolve_instrument(answers, default_checklist())
        titles = {e.id: e.title for e in ck.entries}
        elements = tuple(
            ElementStatus(e, titles.get(e.action, ""), answers.status(e.action))
            for e in resolved.minimum_elements
        )
    return PlanPosition(current, upcoming, steps, elements)
