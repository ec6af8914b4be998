"""What it would take for one item, and the prioritised action list of a locality."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from ithrive.analysis.improvement._fixes import Fix, criteria_fix, fix_piece
from ithrive.analysis.improvement._records import Action, Change, ItemPlan, Step
from ithrive.analysis.improvement._search import evaluate, one_measure, reaches
from ithrive.errors import EvidenceError, InvalidEvidenceError, naming, wrong_type
from ithrive.evidence import Evidence, Indicators, Rating
from ithrive.evidence.reading import structure_evidence
from ithrive.model import FRAMEWORK
from ithrive.model.level import THRIVE_LIKE_AT, Level
from ithrive.rules.decide import pick_measure
from ithrive.rules.loader import ruleset_or_default
from ithrive.rules.ruleset import ItemRule, Ruleset
from ithrive.scorecard import ItemResult, Scorecard

__all__ = ["action_list", "what_it_would_take"]


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
        fix: Fix | None
        if isinstance(ev, Indicators):
            single = attrs.evolve(rule, measures=())
            if reaches(evaluate(single, [ev]).level, target):
                continue
            fix = criteria_fix(rule, ev, target)
            label = "indicators"
        else:
            measure = pick_measure(item_id, rule, ev.kind, getattr(ev, "measure", None))
            assert not isinstance(measure, EvidenceError)  # evaluated before
            label = measure.name
            if reaches(evaluate(one_measure(rule, measure), [ev]).level, target):
                continue
            fix = fix_piece(rule, measure, ev, target)
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
    reached = evaluate(rule, after).level
    return Step(
        item=item_id,
        target=target,
        reaches=reached,
        reachable=reaches(reached, target),
        changes=tuple(changes),
        evidence=tuple(after),
        gap=max(gaps, default=0.0),
    )


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

    >>> from ithrive.analysis.improvement import what_it_would_take
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
    result = evaluate(rule, pieces)
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
    >>> from ithrive.analysis.improvement import action_list
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
