"""The smallest change to one piece of evidence, by what its kind lets change.

Audits and surveys get more successes at the same size (more respondents or
notes first when a gate demands it), a percent the percent needed,
CollaboRATE the mean and offer rate needed, counts the elements to add, and
indicators the criteria to change. Each change found is checked by scoring
the changed piece again.
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from ithrive.analysis.improvement._records import Change
from ithrive.analysis.improvement._search import (
    band_pairs,
    blocks,
    escape,
    evaluate,
    next_size,
    one_measure,
    pct,
    reaches,
    smallest_count,
    smallest_value,
)
from ithrive.base.formatting import format_number
from ithrive.evidence import CollaboRATE, Count, Evidence, Indicators, Proportion, Survey
from ithrive.evidence.kinds import kind
from ithrive.evidence.measures import AUDIT_ITEMS, MINDFUL_ELEMENTS, missing_elements
from ithrive.model.level import Level
from ithrive.rules.ruleset import Criterion, ItemRule, Measure

__all__ = ["Fix", "criteria_fix", "fix_piece"]


#: How far past the current denominator an audit is searched when a gate on
#: the number of notes withholds the level (only local rulesets have one).
_MAX_EXTRA_NOTES = 10_000

#: A change to one piece: the new piece, what changed, and the gap (0-1).
Fix = tuple[Evidence, list[Change], float]


def _pair_fix(
    item_id: str, rule: ItemRule, measure: Measure, ev: Proportion | Survey, target: Level
) -> Fix | None:
    """Audits and surveys: more successes at the same size, more respondents first if gated."""
    single = one_measure(rule, measure)
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

    bands = band_pairs(measure)
    eligible_staff = ev.eligible if isinstance(ev, Survey) else None
    n2: int | None = max(n, 1)
    while n2 is not None and n2 <= limit:
        k2 = smallest_count(bands, target, minimum=k, maximum=n2, scale=100, den=n2)
        if k2 is None:
            n2 += 1
            continue
        new = build(k2, n2)
        if not reaches(evaluate(single, [new]).level, target):
            # A gate on the size withholds or caps the level: jump past it.
            n2 = next_size(measure, target, n2, eligible_staff)
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
                        f"({n2} in all, completion {pct(Fraction(100 * n2, eligible))}; "
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
                        f"{pct(value)}; now {k} of {n})",
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
                        f"({k2} of {n2}, {pct(value)}; now {k} of {n})",
                        additional=k2 - k,
                        needed=Fraction(k2),
                    )
                )
                gap = max(gap, (k2 - k) / n2)
        return new, changes, gap
    return None


def _percent_fix(
    rule: ItemRule, measure: Measure, ev: Proportion | Survey, target: Level
) -> Fix | None:
    """A share given as a percent (an audit's, or staff agreement's): the smallest that reaches."""
    given = ev.percent if isinstance(ev, Proportion) else ev.agree_percent
    assert given is not None
    current = Fraction(given)
    found = smallest_value(measure, target, current)
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
    single = one_measure(rule, measure)
    if isinstance(ev, Survey) and ev.respondents is not None and ev.eligible is not None:
        # A completion gate withholds the level: more of the eligible staff must respond,
        # as for a survey given as counts.
        respondents: int | None = ev.respondents
        while not reaches(evaluate(single, [new]).level, target):
            assert respondents is not None
            respondents = next_size(measure, target, respondents, ev.eligible)
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
                    f"{pct(Fraction(100 * respondents, ev.eligible))}; now {ev.respondents})",
                    additional=more,
                    needed=Fraction(respondents),
                )
            )
            gap = more / ev.eligible
    if not reaches(evaluate(single, [new]).level, target):
        return None
    if Fraction(value) > current or not changes:
        needed = interval.lower
        strict = not interval.lower_closed
        words = "more than" if strict else "at least"
        changes.append(
            Change(
                "higher_percent",
                measure.name,
                f"the {kind(ev.kind).quantity} must be {words} {pct(needed)} (now {pct(current)})",
                needed=needed,
                strict=strict,
            )
        )
        gap = max(gap, float(Fraction(value) - current) / 100)
    return new, changes, gap


def _collaborate_fix(
    rule: ItemRule, measure: Measure, ev: CollaboRATE, target: Level
) -> Fix | None:
    single = one_measure(rule, measure)
    changes: list[Change] = []
    gap = 0.0
    offered = ev.exact_offered()
    offered_edge: tuple[Fraction, bool] = (offered, False)  # the edge to pass, and if strictly
    encounters = ev.encounters
    # Gates that withhold or cap the level below the target must be left first.
    for _ in range(len(measure.gates) + 1):
        moved = False
        for gate in measure.gates:
            if not blocks(gate, target):
                continue
            if gate.field == "offered_percent" and offered in gate.when:
                offered = escape(gate.when, whole=False)
                offered_edge = (gate.when.upper, gate.when.upper_closed)
                moved = True
            elif (
                gate.field == "encounters"
                and encounters is not None
                and Fraction(encounters) in gate.when
            ):
                encounters = int(escape(gate.when, whole=True))
                moved = True
        if not moved:
            break
    if offered > 100:
        return None
    current = ev.exact_mean()
    bands = band_pairs(measure)
    mean: Fraction | float
    mean_strict = False
    needed_mean: Fraction | None = None
    level_now = next(level for interval, level in bands if current in interval)
    if level_now >= target:
        mean = ev.mean
    elif encounters:
        answers = 3 * encounters
        j = smallest_count(bands, target, minimum=0, maximum=9 * answers, scale=1, den=answers)
        if j is None:
            return None
        mean = Fraction(j, answers)
    else:
        found = smallest_value(measure, target, current)
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
                f"{'more than' if above else 'at least'} {pct(edge)} of children and young "
                f"people must be offered the questionnaire (now {pct(ev.exact_offered())})",
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
    if not reaches(evaluate(single, [new]).level, target):
        return None
    return new, changes, gap


def _count_fix(rule: ItemRule, measure: Measure, ev: Count, target: Level) -> Fix | None:
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
    if not reaches(evaluate(one_measure(rule, measure), [new]).level, target):
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


def criteria_fix(rule: ItemRule, ev: Indicators, target: Level) -> Fix | None:
    """Indicators: the criteria to change, and those to record when missing ones leave no level."""
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
    result = evaluate(single, [Indicators(criteria=after)])
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
        result = evaluate(single, [Indicators(criteria=after)])
    if not reaches(result.level, target):
        return None
    return Indicators(criteria=after), changes, (len(fixes) + len(unrecorded)) / len(criteria)


def _lowest(c: Criterion) -> bool | str:
    return c.values[0] if c.is_ordinal else False


def fix_piece(rule: ItemRule, measure: Measure, ev: Evidence, target: Level) -> Fix | None:
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
