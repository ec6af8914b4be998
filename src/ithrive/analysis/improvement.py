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

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from ithrive.base.formatting import format_number
from ithrive.errors import EvidenceError, InvalidEvidenceError, naming, wrong_type
from ithrive.evidence import (
    CollaboRATE,
    Count,
    Evidence,
    Indicators,
    Proportion,
    Rating,
    Survey,
)
from ithrive.evidence.kinds import kind
from ithrive.evidence.measures import AUDIT_ITEMS, MINDFUL_ELEMENTS, missing_elements
from ithrive.evidence.reading import structure_evidence, unstructure_evidence
from ithrive.model import FRAMEWORK
from ithrive.model.level import THRIVE_LIKE_AT, Level
from ithrive.rules.decide import decide_item, pick_measure
from ithrive.rules.interval import Interval
from ithrive.rules.loader import ruleset_or_default
from ithrive.rules.ruleset import Criterion, Gate, GateEffect, ItemRule, Measure, Ruleset
from ithrive.scorecard import ItemResult, Scorecard

__all__ = [
    "Action",
    "Change",
    "ItemPlan",
    "Step",
    "action_list",
    "what_it_would_take",
]

#: How far past the current denominator an audit is searched when a gate on
#: the number of notes withholds the level (only local rulesets have one).
_MAX_EXTRA_NOTES = 10_000


@attrs.frozen
class Change:
    """One change to one piece of an item's evidence.

    - ``kind``: ``more_meeting_standard``, ``more_notes``, ``more_agreeing``,
      ``more_respondents``, ``higher_percent``, ``higher_mean``,
      ``more_offered``, ``more_encounters``, ``more_elements``, ``criteria``,
      ``criteria_unrecorded``, ``descriptors``, or ``unreachable`` (no change
      of this evidence reaches the target);
    - ``measure``: the measure changed (``"indicators"`` for criteria,
      ``None`` for descriptors);
    - ``additional``: how many more notes, staff, encounters or elements;
    - ``needed``: the value needed: the new count, percent, mean or count of
      elements (exact);
    - ``strict``: whether the value must be *above* ``needed`` rather than
      at least it (a band open at its lower end, such as CollaboRATE's, or a
      gate that holds up to and including its edge);
    - ``names``: the criteria, missing elements or descriptors concerned;
    - ``text``: the change in words.
    """

    kind: str
    measure: str | None
    text: str
    additional: int | None = None
    needed: Fraction | None = None
    strict: bool = False
    names: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``needed`` as an exact number (``"p/q"`` when not a float)."""
        from ithrive.evidence import exact_number

        return {
            "kind": self.kind,
            "measure": self.measure,
            "text": self.text,
            "additional": self.additional,
            "needed": None if self.needed is None else exact_number(self.needed),
            "strict": self.strict,
            "names": list(self.names),
        }


@attrs.frozen
class Step:
    """The smallest change that takes one item to ``target``.

    - ``reaches``: the level the item gets when the changed ``evidence`` is
      scored again (at least ``target``); ``None`` for a panel judgement
      (nothing to re-score) or when the target cannot be reached;
    - ``reachable``: whether any change of this kind reaches the target;
    - ``changes``: what to change, piece by piece;
    - ``evidence``: the item's evidence with the changes applied (empty for
      a judgement);
    - ``gap``: the size of the largest change as a share of its scale
      (notes of the audit, points of the percent or mean scale, elements,
      criteria), from 0 to 1; ``None`` for a judgement.
    """

    item: str
    target: Level
    reaches: Level | None
    reachable: bool
    changes: tuple[Change, ...]
    evidence: tuple[Evidence, ...] = ()
    gap: float | None = None

    @property
    def text(self) -> str:
        """Every change in words, joined."""
        return "; ".join(c.text for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the step, with the changed evidence in evidence JSON."""
        return {
            "item": self.item,
            "target": int(self.target),
            "reaches": None if self.reaches is None else int(self.reaches),
            "reachable": self.reachable,
            "gap": self.gap,
            "text": self.text,
            "changes": [c.to_dict() for c in self.changes],
            "evidence": [unstructure_evidence(e) for e in self.evidence],
        }


@attrs.frozen
class ItemPlan:
    """What it would take for one item: its level now and the steps up.

    ``steps`` holds the step to the next level, then the step to level 3 when
    that is further. An item at level 4, or not assessed, has no steps. An
    item with evidence but no level (for example a survey under its
    completion minimum) gets a step to any level at all (target 1) and one
    to level 3.
    """

    item: str
    level: Level | None
    steps: tuple[Step, ...]

    @property
    def next_level(self) -> Step | None:
        """The step to the next level up, or ``None`` at level 4 or when not assessed."""
        return self.steps[0] if self.steps else None

    @property
    def to_thrive_like(self) -> Step | None:
        """The step to level 3, or ``None`` when the item is there already or not assessed."""
        for step in self.steps:
            if step.target == THRIVE_LIKE_AT:
                return step
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the plan."""
        return {
            "item": self.item,
            "level": None if self.level is None else int(self.level),
            "steps": [s.to_dict() for s in self.steps],
        }


@attrs.frozen
class Action:
    """One entry of a locality's prioritised action list (see :func:`action_list`)."""

    rank: int
    item: str
    level: Level | None
    step: Step

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the action."""
        return {
            "rank": self.rank,
            "item": self.item,
            "level": None if self.level is None else int(self.level),
            "step": self.step.to_dict(),
        }

    def __str__(self) -> str:
        now = "no level" if self.level is None else f"level {int(self.level)}"
        return f"{self.rank}. {self.item} ({now} -> {int(self.step.target)}): {self.step.text}"


# ---------------------------------------------------------------- evaluation


def _evaluate(rule: ItemRule, pieces: Sequence[Evidence]) -> ItemResult:
    return decide_item(rule, pieces)


def _reaches(level: Level | None, target: Level) -> bool:
    return level is not None and level >= target


def _single(rule: ItemRule, measure: Measure) -> ItemRule:
    return attrs.evolve(rule, measures=(measure,), indicators=None)


def _pct(value: Fraction) -> str:
    return format_number(value, "%")


def _smallest_count(
    bands: Sequence[tuple[Interval, Level]],
    target: Level,
    *,
    minimum: int,
    maximum: int,
    scale: int,
    den: int,
) -> int | None:
    """The smallest whole j in [minimum, maximum] with scale * j / den in a band >= target."""
    best: int | None = None
    for interval, level in bands:
        if level < target:
            continue
        bound = interval.lower * den / scale
        j = math.ceil(bound)
        if j == bound and not interval.lower_closed:
            j += 1
        j = max(j, minimum)
        if j <= maximum and interval.contains_ratio(scale * j, den) and (best is None or j < best):
            best = j
    return best


def _bands(measure: Measure) -> list[tuple[Interval, Level]]:
    return [(b.interval, b.level) for b in measure.bands]


def _float_above(value: Fraction, *, strict: bool) -> float:
    """The smallest float at least ``value`` (above it when ``strict``)."""
    f = float(value)
    while Fraction(f) < value or (strict and Fraction(f) == value):
        f = math.nextafter(f, math.inf)
    return f


def _smallest_value(
    measure: Measure, target: Level, current: Fraction
) -> tuple[Interval, float] | None:
    """The smallest float at least ``current`` in a band of level >= target, with that band."""
    best: tuple[Interval, float] | None = None
    for interval, level in _bands(measure):
        if level < target:
            continue
        if current in interval:
            f = _float_above(current, strict=False)
        else:
            f = _float_above(interval.lower, strict=not interval.lower_closed)
            if Fraction(f) < current:
                continue  # the band lies below the current value
        if f in interval and (best is None or f < best[1]):
            best = (interval, f)
    return best


# ---------------------------------------------------------------- per kind

#: A change to one piece: the new piece, what changed, and the gap (0-1).
_Fix = tuple[Evidence, list[Change], float]


def _pair_fix(
    item_id: str, rule: ItemRule, measure: Measure, ev: Proportion | Survey, target: Level
) -> _Fix | None:
    """Audits and surveys: more successes at the same size, more respondents first if gated."""
    single = _single(rule, measure)
    if isinstance(ev, Proportion):
        assert ev.numerator is not None
        assert ev.denominator is not None
        k, n = ev.numerator, ev.denominator
        limit = n if not measure.gates else n + _MAX_EXTRA_NOTES

        def build(k2: int, n2: int) -> Evidence:
            return Proportion(numerator=k2, denominator=n2, measure=ev.measure)

    else:
        assert ev.agree is not None
        assert ev.respondents is not None
        k, n = ev.agree, ev.respondents
        eligible = ev.eligible
        # without the headcount, more agreeing staff among those who responded
        limit = max(n, 1) if eligible is None else eligible

        def build(k2: int, n2: int) -> Evidence:
            return Survey(agree=k2, respondents=n2, eligible=eligible, measure=ev.measure)

    bands = _bands(measure)
    eligible_staff = ev.eligible if isinstance(ev, Survey) else None
    n2: int | None = max(n, 1)
    while n2 is not None and n2 <= limit:
        k2 = _smallest_count(bands, target, minimum=k, maximum=n2, scale=100, den=n2)
        if k2 is None:
            n2 += 1
            continue
        new = build(k2, n2)
        if not _reaches(_evaluate(single, [new]).level, target):
            # A gate on the size withholds or caps the level: jump past it.
            n2 = _next_size(measure, target, n2, eligible_staff)
            continue
        changes: list[Change] = []
        gap = 0.0
        value = Fraction(100 * k2, n2)
        if isinstance(ev, Survey):
            if n2 > n and eligible is None:
                changes.append(
                    Change(
                        "more_respondents",
                        measure.name,
                        f"{n2 - n} more staff must respond ({n2} in all; now {n})",
                        additional=n2 - n,
                        needed=Fraction(n2),
                    )
                )
                gap = (n2 - n) / n2
            elif n2 > n:
                assert eligible is not None
                changes.append(
                    Change(
                        "more_respondents",
                        measure.name,
                        f"{n2 - n} more of the {eligible} eligible staff must respond "
                        f"({n2} in all, completion {_pct(Fraction(100 * n2, eligible))}; "
                        f"now {n})",
                        additional=n2 - n,
                        needed=Fraction(n2),
                    )
                )
                gap = (n2 - n) / eligible
            if k2 > k:
                changes.append(
                    Change(
                        "more_agreeing",
                        measure.name,
                        f"{k2 - k} more staff must agree ({k2} of {n2} respondents, "
                        f"{_pct(value)}; now {k} of {n})",
                        additional=k2 - k,
                        needed=Fraction(k2),
                    )
                )
                gap = max(gap, (k2 - k) / n2)
        else:
            # Only the audit items count notes; macro.5's measures count respondents or scores.
            audited = item_id in AUDIT_ITEMS
            if audited:
                meeting, more = "audited notes must meet the standard", "notes must be audited"
            else:
                meeting = f"must count towards {measure.name}"
                more = f"must be counted for {measure.name}"

            if n2 > n:
                changes.append(
                    Change(
                        "more_notes",
                        measure.name,
                        f"{n2 - n} more {more} ({n2} in all; now {n})",
                        additional=n2 - n,
                        needed=Fraction(n2),
                    )
                )
                gap = (n2 - n) / n2
            if k2 > k:
                changes.append(
                    Change(
                        "more_meeting_standard",
                        measure.name,
                        f"{k2 - k} more of the {n2} {meeting} "
                        f"({k2} of {n2}, {_pct(value)}; now {k} of {n})",
                        additional=k2 - k,
                        needed=Fraction(k2),
                    )
                )
                gap = max(gap, (k2 - k) / n2)
        return new, changes, gap
    return None


def _blocks(gate: Gate, target: Level) -> bool:
    """Whether a gate, when it applies, keeps the level below ``target``."""
    return gate.effect is GateEffect.INSUFFICIENT or (
        gate.effect is GateEffect.CAP and gate.level is not None and gate.level < target
    )


def _next_size(measure: Measure, target: Level, size: int, eligible: int | None) -> int | None:
    """The smallest size above ``size`` that leaves every blocking gate applying at ``size``.

    Sizes are respondents (with their completion of ``eligible``) or audited
    notes; ``None`` when a gate cannot be left by growing the sample.
    """
    following = size + 1
    for gate in measure.gates:
        if not _blocks(gate, target):
            continue
        if gate.field in ("respondents", "denominator") and size in gate.when:
            following = max(following, gate.when.integers().stop)
        elif gate.field == "completion" and eligible is not None:
            if Fraction(100 * size, eligible) in gate.when:
                bound = gate.when.upper * eligible / 100
                first = math.ceil(bound)
                if first == bound and gate.when.upper_closed:
                    first += 1
                following = max(following, first)
        elif gate.field == "eligible" and eligible is not None and eligible in gate.when:
            return None  # growing the sample cannot change the headcount
    return following


def _percent_fix(
    rule: ItemRule, measure: Measure, ev: Proportion | Survey, target: Level
) -> _Fix | None:
    """A share given as a percent (an audit's, or staff agreement's): the smallest that reaches."""
    given = ev.percent if isinstance(ev, Proportion) else ev.agree_percent
    assert given is not None
    current = Fraction(given)
    found = _smallest_value(measure, target, current)
    if found is None:
        return None
    interval, value = found
    new: Evidence = (
        Proportion(percent=value, measure=ev.measure)
        if isinstance(ev, Proportion)
        else attrs.evolve(ev, agree_percent=value)
    )
    changes: list[Change] = []
    gap = 0.0
    single = _single(rule, measure)
    if isinstance(ev, Survey) and ev.respondents is not None and ev.eligible is not None:
        # A completion gate withholds the level: more of the eligible staff must respond,
        # as for a survey given as counts.
        respondents: int | None = ev.respondents
        while not _reaches(_evaluate(single, [new]).level, target):
            assert respondents is not None
            respondents = _next_size(measure, target, respondents, ev.eligible)
            if respondents is None or respondents > ev.eligible:
                return None
            new = attrs.evolve(ev, agree_percent=value, respondents=respondents)
        if respondents is not None and respondents > ev.respondents:
            more = respondents - ev.respondents
            changes.append(
                Change(
                    "more_respondents",
                    measure.name,
                    f"{more} more of the {ev.eligible} eligible staff must respond "
                    f"({respondents} in all, completion "
                    f"{_pct(Fraction(100 * respondents, ev.eligible))}; now {ev.respondents})",
                    additional=more,
                    needed=Fraction(respondents),
                )
            )
            gap = more / ev.eligible
    if not _reaches(_evaluate(single, [new]).level, target):
        return None
    if Fraction(value) > current or not changes:
        needed = interval.lower
        strict = not interval.lower_closed
        words = "more than" if strict else "at least"
        changes.append(
            Change(
                "higher_percent",
                measure.name,
                f"the {kind(ev.kind).quantity} must be {words} {_pct(needed)} "
                f"(now {_pct(current)})",
                needed=needed,
                strict=strict,
            )
        )
        gap = max(gap, float(Fraction(value) - current) / 100)
    return new, changes, gap


def _escape(gate_when: Interval, *, whole: bool) -> Fraction:
    """The smallest value above every value of ``gate_when`` (a whole number when ``whole``)."""
    if whole:
        return Fraction(gate_when.integers().stop)
    if gate_when.upper_closed:
        return Fraction(_float_above(gate_when.upper, strict=True))
    return gate_when.upper


def _collaborate_fix(
    rule: ItemRule, measure: Measure, ev: CollaboRATE, target: Level
) -> _Fix | None:
    single = _single(rule, measure)
    changes: list[Change] = []
    gap = 0.0
    offered = ev.exact_offered()
    offered_edge: tuple[Fraction, bool] = (offered, False)  # the edge to pass, and if strictly
    encounters = ev.encounters
    # Gates that withhold or cap the level below the target must be left first.
    for _ in range(len(measure.gates) + 1):
        moved = False
        for gate in measure.gates:
            if not _blocks(gate, target):
                continue
            if gate.field == "offered_percent" and offered in gate.when:
                offered = _escape(gate.when, whole=False)
                offered_edge = (gate.when.upper, gate.when.upper_closed)
                moved = True
            elif (
                gate.field == "encounters"
                and encounters is not None
                and Fraction(encounters) in gate.when
            ):
                encounters = int(_escape(gate.when, whole=True))
                moved = True
        if not moved:
            break
    if offered > 100:
        return None
    current = ev.exact_mean()
    bands = _bands(measure)
    mean: Fraction | float
    mean_strict = False
    needed_mean: Fraction | None = None
    level_now = next(level for interval, level in bands if current in interval)
    if level_now >= target:
        mean = ev.mean
    elif encounters:
        answers = 3 * encounters
        j = _smallest_count(bands, target, minimum=0, maximum=9 * answers, scale=1, den=answers)
        if j is None:
            return None
        mean = Fraction(j, answers)
    else:
        found = _smallest_value(measure, target, current)
        if found is None:
            return None
        mean = found[1]
    if mean != ev.mean:
        interval = next(i for i, level in bands if level >= target and Fraction(mean) in i)
        needed_mean = interval.lower
        mean_strict = not interval.lower_closed
        words = "more than" if mean_strict else "at least"
        text = (
            f"the CollaboRATE mean must be {words} {format_number(needed_mean)} "
            f"(now {format_number(current)})"
        )
        if encounters and isinstance(mean, Fraction):
            text += (
                f"; with {encounters} complete encounters the smallest such mean is "
                f"{format_number(mean)}"
            )
        changes.append(
            Change("higher_mean", measure.name, text, needed=needed_mean, strict=mean_strict)
        )
        gap = max(gap, float(Fraction(mean) - current) / 9)
    if offered != ev.exact_offered():
        edge, above = offered_edge
        changes.append(
            Change(
                "more_offered",
                measure.name,
                f"{'more than' if above else 'at least'} {_pct(edge)} of children and young "
                f"people must be offered the questionnaire (now {_pct(ev.exact_offered())})",
                needed=edge,
                strict=above,
            )
        )
        gap = max(gap, float(offered - ev.exact_offered()) / 100)
    if encounters != ev.encounters:
        assert encounters is not None
        assert ev.encounters is not None
        changes.append(
            Change(
                "more_encounters",
                measure.name,
                f"{encounters - ev.encounters} more complete encounters are needed "
                f"({encounters} in all; now {ev.encounters})",
                additional=encounters - ev.encounters,
                needed=Fraction(encounters),
            )
        )
    # a higher mean changes the top score in ways the mean does not tell: it is left out
    new = CollaboRATE(
        mean=mean,
        offered_percent=offered if offered != ev.exact_offered() else ev.offered_percent,
        encounters=encounters,
        measure=ev.measure,
    )
    if not _reaches(_evaluate(single, [new]).level, target):
        return None
    return new, changes, gap


def _count_fix(rule: ItemRule, measure: Measure, ev: Count, target: Level) -> _Fix | None:
    best: int | None = None
    for b in measure.bands:
        if b.level < target:
            continue
        whole = b.interval.integers()
        c = max(whole.start, ev.count)
        if c in whole:
            best = c if best is None else min(best, c)
    if best is None:
        return None
    more = best - ev.count
    missing = missing_elements(ev) if rule.item == "meso.2" else None
    if missing is not None:
        assert ev.in_place is not None
        added = {e.value for e in missing[:more]}
        names = tuple(
            e.value for e in MINDFUL_ELEMENTS if e.value in added or e.value in ev.in_place
        )
        new = Count(count=best, in_place=names, measure=ev.measure)
        text = (
            f"{more} more MINDFUL element{'s' if more != 1 else ''} must be reliably in place "
            f"({best} in all; now {ev.count}); not yet in place: "
            f"{', '.join(e.value for e in missing)}"
        )
        listed = tuple(e.value for e in missing)
    else:
        new = Count(count=best, measure=ev.measure)
        text = f"{more} more must be in place ({best} in all; now {ev.count})"
        if rule.item == "meso.2":
            text = (
                f"{more} more of the seven MINDFUL elements must be reliably in place "
                f"({best} in all; now {ev.count})"
            )
        listed = ()
    if not _reaches(_evaluate(_single(rule, measure), [new]).level, target):
        return None
    width = measure.domain.upper - measure.domain.lower
    change = Change(
        "more_elements",
        measure.name,
        text,
        additional=more,
        needed=Fraction(best),
        names=listed,
    )
    return new, [change], float(more / width) if width else 1.0


def _label(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _criteria_fix(rule: ItemRule, ev: Indicators, target: Level) -> _Fix | None:
    assert rule.indicators is not None
    criteria = rule.indicators.criteria
    given = dict(ev.criteria)
    fixes: dict[str, bool | str] = {}
    parts: list[str] = []
    for c in criteria:
        needed = c.needed_for(target)
        if needed is None:
            continue
        now = given.get(c.id)
        if now is None or c.supports(now) < target:
            fixes[c.id] = needed
            was = "not given" if now is None else f"now {_label(now)}"
            parts.append(f"{c.id} = {_label(needed)} ({was})")
    single = attrs.evolve(rule, measures=())
    after = {**given, **fixes}
    changes: list[Change] = []
    unrecorded: list[Criterion] = []
    if fixes:
        changes.append(
            Change(
                "criteria",
                "indicators",
                f"for level {int(target)}: {'; '.join(parts)}",
                additional=len(fixes),
                names=tuple(fixes),
            )
        )
    result = _evaluate(single, [Indicators(criteria=after)])
    if result.level is None:
        unrecorded = [c for c in criteria if c.id not in after]
        for c in unrecorded:
            after[c.id] = _lowest(c)
        if unrecorded:
            changes.append(
                Change(
                    "criteria_unrecorded",
                    "indicators",
                    "record also "
                    + ", ".join(c.id for c in unrecorded)
                    + " (not given; the level cannot be decided without them, and is "
                    f"{int(target)} if they are not yet met)",
                    additional=len(unrecorded),
                    names=tuple(c.id for c in unrecorded),
                )
            )
        result = _evaluate(single, [Indicators(criteria=after)])
    if not _reaches(result.level, target):
        return None
    return Indicators(criteria=after), changes, (len(fixes) + len(unrecorded)) / len(criteria)


def _lowest(c: Criterion) -> bool | str:
    return c.values[0] if c.is_ordinal else False


# ---------------------------------------------------------------- planning


def _pieces(evidence: object) -> tuple[Evidence, ...]:
    raw: Sequence[Any] = evidence if isinstance(evidence, (list, tuple)) else (evidence,)
    problems: list[EvidenceError] = []
    out: list[Evidence] = []
    for index, piece in enumerate(raw):
        prefix = f"[{index}]" if isinstance(evidence, (list, tuple)) else None
        try:
            out.append(structure_evidence(piece))
        except InvalidEvidenceError as group:
            problems.extend(e.at(prefix=prefix) for e in group.errors)
        except EvidenceError as err:
            problems.append(err.at(prefix=prefix))
    if problems:
        raise naming(InvalidEvidenceError(problems), "evidence")
    return tuple(out)


def _descriptors(item_id: str, target: Level) -> Step:
    descriptor = FRAMEWORK.item(item_id).descriptor(target)
    return Step(
        item=item_id,
        target=target,
        reaches=None,
        reachable=True,
        changes=(
            Change(
                "descriptors",
                None,
                f"the panel must judge that the level {int(target)} descriptors hold: "
                + "; ".join(descriptor.criteria),
                names=descriptor.criteria,
            ),
        ),
    )


def _step(rule: ItemRule, pieces: tuple[Evidence, ...], target: Level) -> Step:
    item_id = rule.item
    measured = [ev for ev in pieces if not isinstance(ev, Rating)]
    if not measured:
        return _descriptors(item_id, target)
    after = list(pieces)
    changes: list[Change] = []
    gaps: list[float] = []
    unreachable: list[str] = []
    for index, ev in enumerate(pieces):
        if isinstance(ev, Rating):
            continue
        fix: _Fix | None
        if isinstance(ev, Indicators):
            single = attrs.evolve(rule, measures=())
            if _reaches(_evaluate(single, [ev]).level, target):
                continue
            fix = _criteria_fix(rule, ev, target)
            label = "indicators"
        else:
            measure = pick_measure(item_id, rule, ev.kind, getattr(ev, "measure", None))
            assert not isinstance(measure, EvidenceError)  # evaluated before
            label = measure.name
            if _reaches(_evaluate(_single(rule, measure), [ev]).level, target):
                continue
            fix = _fix(rule, measure, ev, target)
        if fix is None:
            unreachable.append(label)
            continue
        after[index] = fix[0]
        changes.extend(fix[1])
        gaps.append(fix[2])
    if unreachable:
        return Step(
            item=item_id,
            target=target,
            reaches=None,
            reachable=False,
            changes=(
                Change(
                    "unreachable",
                    unreachable[0],
                    f"level {int(target)} cannot be reached by changing "
                    f"{', '.join(unreachable)} alone",
                ),
            ),
            gap=1.0,
        )
    reached = _evaluate(rule, after).level
    return Step(
        item=item_id,
        target=target,
        reaches=reached,
        reachable=_reaches(reached, target),
        changes=tuple(changes),
        evidence=tuple(after),
        gap=max(gaps, default=0.0),
    )


def _fix(rule: ItemRule, measure: Measure, ev: Evidence, target: Level) -> _Fix | None:
    """The change to ``ev`` that reaches ``target``, as the kind declares it can be changed."""
    how = kind(ev.kind).improve
    if how == "counts":
        if (isinstance(ev, Proportion) and ev.denominator is None) or (
            isinstance(ev, Survey) and ev.agree_percent is not None
        ):
            return _percent_fix(rule, measure, ev, target)
        return _pair_fix(rule.item, rule, measure, ev, target)  # type: ignore[arg-type]
    if how == "mean":
        return _collaborate_fix(rule, measure, ev, target)  # type: ignore[arg-type]
    if how == "count":
        return _count_fix(rule, measure, ev, target)  # type: ignore[arg-type]
    if how == "percent":
        return _percent_fix(rule, measure, ev, target)  # type: ignore[arg-type]
    return None  # the kind declares no way to change it


def _targets(level: Level | None) -> tuple[Level, ...]:
    if level is None:
        return (Level.ONE, THRIVE_LIKE_AT)
    if level == Level.FOUR:
        return ()
    up = Level(level + 1)
    return (up, THRIVE_LIKE_AT) if up < THRIVE_LIKE_AT else (up,)


def what_it_would_take(
    item: ItemResult | str,
    evidence: object = None,
    *,
    ruleset: Ruleset | None = None,
) -> ItemPlan:
    """The smallest changes that take one item to its next level and to level 3.

    Give an :class:`~ithrive.scorecard.ItemResult` (its evidence is used), or
    an item id with its ``evidence`` (one piece or a list; typed or
    JSON-like dicts). The evidence is scored again under ``ruleset`` (the
    packaged one by default).

    >>> plan = what_it_would_take(
    ...     "micro.2", {"kind": "proportion", "numerator": 17, "denominator": 30})
    >>> plan.level, plan.next_level.target, plan.next_level.reaches
    (<Level.TWO: 2>, <Level.THREE: 3>, <Level.THREE: 3>)
    >>> plan.next_level.text
    '1 more of the 30 audited notes must meet the standard (18 of 30, 60%; now 17 of 30)'
    """
    rules = ruleset_or_default(ruleset)
    if isinstance(item, ItemResult):
        item_id, pieces = item.item, item.evidence
        if evidence is not None:
            raise EvidenceError(
                "give an item result, or an item id with its evidence, not both",
                code="conflicting_fields",
                field="evidence",
                value=None,
            )
    elif isinstance(item, str):
        item_id = item
        pieces = () if evidence is None else _pieces(evidence)
    else:
        raise wrong_type(item, "an ItemResult or an item id", field="item")
    rule = rules.rule(item_id)
    result = _evaluate(rule, pieces)
    if not pieces:
        return ItemPlan(item=item_id, level=None, steps=())
    steps = tuple(_step(rule, pieces, t) for t in _targets(result.level))
    return ItemPlan(item=item_id, level=result.level, steps=steps)


def _priority(plan: ItemPlan, order: int) -> tuple[Step, tuple[int, int, int, float, int]] | None:
    if not plan.steps:
        return None
    level = plan.level
    if level is not None and level >= THRIVE_LIKE_AT:
        step, tier, distance = plan.steps[0], 1, 1
    else:
        thrive = plan.to_thrive_like
        assert thrive is not None
        step, tier = thrive, 0
        distance = 1 if level == Level.TWO else 2
    gap = 1.0 if step.gap is None else step.gap
    return step, (tier, 0 if step.reachable else 1, distance, gap, order)


def action_list(card: Scorecard, *, ruleset: Ruleset | None = None) -> tuple[Action, ...]:
    """A locality's prioritised actions: one per item below level 4 that was assessed.

    Items that are not THRIVE-like come first, with the step that takes each
    to level 3; then items at level 3, with the step to level 4. Within each
    group, items one level from the target come first (level 2 before level 1
    and unrated items), then the smallest gap (see :attr:`Step.gap`; a panel
    judgement counts as the largest), then the assessment tool's order; steps
    that cannot be reached go last in their group.

    >>> import ithrive
    >>> card = ithrive.score({
    ...     "micro.2": {"kind": "proportion", "numerator": 17, "denominator": 30},
    ...     "meso.2": {"kind": "count", "count": 1},
    ...     "micro.7": {"kind": "proportion", "numerator": 22, "denominator": 40},
    ... })
    >>> for action in action_list(card):
    ...     print(action)
    1. micro.2 (level 2 -> 3): 1 more of the 30 audited notes must meet the standard
       (18 of 30, 60%; now 17 of 30)
    2. micro.7 (level 2 -> 3): 2 more of the 40 audited notes must meet the standard
       (24 of 40, 60%; now 22 of 40)
    3. meso.2 (level 1 -> 3): 2 more of the seven MINDFUL elements must be reliably in place
       (3 in all; now 1)
    """
    rules = ruleset_or_default(ruleset)
    if not isinstance(card, Scorecard):
        raise wrong_type(card, "a Scorecard", field="card")
    if card.ruleset != rules.name:
        raise EvidenceError(
            f"the scorecard was scored with ruleset {card.ruleset!r}, not {rules.name!r}; "
            "pass that ruleset",
            code="ruleset_mismatch",
            field="ruleset",
            value=rules.name,
        )
    ranked: list[tuple[tuple[int, int, int, float, int], ItemPlan, Step]] = []
    for order, result in enumerate(card.items):
        plan = what_it_would_take(result, ruleset=rules)
        got = _priority(plan, order)
        if got is not None:
            ranked.append((got[1], plan, got[0]))
    ranked.sort(key=lambda entry: entry[0])
    return tuple(
        Action(rank=i, item=plan.item, level=plan.level, step=step)
        for i, (_, plan, step) in enumerate(ranked, start=1)
    )
