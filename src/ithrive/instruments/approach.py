"""The i-THRIVE Approach to Implementation: phases 0-4 and their numbered steps.

A locality's implementation plan follows five phases (source ``000``): set
up, engagement and planning, building capacity, implementation, embedding.
Step 3.3, delivering the plan, lists the minimum elements a plan needs for
the site to be assessed THRIVE-like; they are the checklist's 31 actions in
older wording, so each :class:`PlanElement` links to its checklist action
and notes where the wording differs.
"""

from __future__ import annotations

import attrs

from ithrive._messages import short_repr
from ithrive.instruments.instrument import Group, InstrumentBase
from ithrive.instruments.status import ImplementationStatus

__all__ = ["Approach", "Phase", "PlanElement", "Step"]


@attrs.frozen
class PlanElement:
    """A minimum element of the implementation plan (step 3.3), as a checklist action.

    ``difference`` says, in the project's words, how the plan's older
    wording differs from the checklist's; it is empty when they agree apart
    from letter case.
    """

    action: str
    line: int
    difference: str = ""


@attrs.frozen
class Step:
    """One numbered step of a phase.

    ``number`` is the source's number (``"0.10"`` is the tenth step of phase
    0, after ``"0.9"``); ``topics`` lists unnumbered sub-topics the source
    gives under a step; ``elements`` is non-empty only for step 3.3.

    >>> from ithrive.instruments import default_approach
    >>> step = default_approach().step("step.0.10")
    >>> step.phase, step.position, step.citation
    (0, 10, 'Approach to Implementation, step 0.10 (line 41)')
    """

    id: str
    number: str
    line: int
    title: str
    note: str = ""
    topics: tuple[str, ...] = ()
    elements: tuple[PlanElement, ...] = ()

    @property
    def phase(self) -> int:
        """The number of the phase the step belongs to."""
        return int(self.number.partition(".")[0])

    @property
    def position(self) -> int:
        """The step's position within its phase, from 1."""
        return int(self.number.partition(".")[2])

    @property
    def citation(self) -> str:
        """Where the step is in the source document."""
        return f"Approach to Implementation, step {self.number} (line {self.line})"


@attrs.frozen
class Phase:
    """A phase of the approach, with its steps in order."""

    id: str
    number: int
    title: str
    line: int
    steps: tuple[Step, ...]

    @property
    def citation(self) -> str:
        """Where the phase heading is in the source document."""
        return f"Approach to Implementation, phase {self.number} (line {self.line})"


@attrs.frozen
class Approach(InstrumentBase):
    """The approach: five phases of numbered steps; a plan's progress is reported by phase.

    >>> from ithrive.instruments import default_approach
    >>> approach = default_approach()
    >>> [(p.number, len(p.steps)) for p in approach.phases]
    [(0, 10), (1, 16), (2, 12), (3, 10), (4, 5)]
    >>> len(approach.minimum_elements)
    31
    """

    id: str
    title: str
    version: str
    source: str
    statuses: tuple[ImplementationStatus, ...]
    phases: tuple[Phase, ...]

    @property
    def entries(self) -> tuple[Step, ...]:
        """Every step, phase by phase."""
        return tuple(s for p in self.phases for s in p.steps)

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every step, phase by phase (the same as :attr:`entries`)."""
        return self.entries

    def groups(self) -> tuple[Group, ...]:
        """One group per phase."""
        return tuple(
            Group(p.id, f"Phase {p.number}: {p.title}", tuple(s.id for s in p.steps))
            for p in self.phases
        )

    def step(self, step_id: str) -> Step:
        """Return the step with id ``step_id`` (for example ``"step.3.3"``)."""
        for step in self.entries:
            if step.id == step_id:
                return step
        raise self.unknown_entry(step_id)

    def phase(self, number: int) -> Phase:
        """Return phase ``number`` (0-4)."""
        for phase in self.phases:
            if phase.number == number:
                return phase
        raise self.unknown_entry(f"phase.{short_repr(number)}")

    @property
    def minimum_elements(self) -> tuple[PlanElement, ...]:
        """The minimum plan elements of every step (step 3.3), in source order."""
        return tuple(e for s in self.entries for e in s.elements)
