"""Evaluation: one item's evidence, under its rule, becomes an :class:`ItemResult`.

The rule that decides writes the explanation: which evidence, what value,
which band, gate or criteria, and where the tool says so. Values are compared
exactly (integers and fractions), so a value on a band edge always lands on
the side the ruleset says.

Precedence (interpretation register D12): measured or indicator evidence
that yields a level decides the item, with several measures combined by their
lowest level; a panel rating decides only when no measured or indicator
evidence yields a level; a rating that differs from the measured level is
kept as a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import attrs

from ithrive.errors import EvidenceError
from ithrive.evidence import (
    CollaboRATE,
    Count,
    Evidence,
    Indicators,
    Proportion,
    Rating,
    Survey,
    describe,
)
from ithrive.model.framework import _did_you_mean, suggest
from ithrive.model.level import Level, Status
from ithrive.rules.interval import Interval
from ithrive.rules.ruleset import CriteriaRule, Criterion, GateEffect, ItemRule, Measure
from ithrive.scorecard import ItemResult, Notice

__all__ = ["evaluate_item", "format_value"]


def format_value(value: Fraction, unit: str = "") -> str:
    """Show an exact value: whole numbers plainly, others to 2 places with the exact fraction."""
    if value.denominator == 1:
        return f"{value.numerator}{unit}"
    as_float = float(value)
    if Fraction(as_float) == value:
        return f"{as_float!r}{unit}"
    return f"{as_float:.2f}{unit} (exactly {value.numerator}/{value.denominator})"


_UNITS = {"percent": "%", "agreement": "%", "mean": "", "count": ""}


@attrs.frozen
class _Outcome:
    """What one measure or the criteria said about an item."""

    basis: str
    level: Level | None
    value: Fraction | None
    decided_by: str
    text: str
    decisions: tuple[str, ...] = ()
    warnings: tuple[Notice, ...] = ()
    unmet: tuple[str, ...] = ()


def _quantity(measure: Measure, ev: Evidence) -> Fraction | None:
    if isinstance(ev, Proportion):
        return ev.exact_percent()
    if isinstance(ev, Survey):
        return ev.exact_agreement()
    if isinstance(ev, Count):
        return Fraction(ev.count)
    if isinstance(ev, CollaboRATE):
        return ev.exact_mean()
    raise AssertionError(f"not a measured kind: {measure.kind}")  # pragma: no cover


def _gate_value(field: str, ev: Evidence) -> Fraction | None:
    if isinstance(ev, Survey):
        if field == "completion":
            return ev.exact_completion()
        return Fraction(getattr(ev, field))
    if isinstance(ev, CollaboRATE):
        if field == "offered_percent":
            return ev.exact_offered()
        return None if ev.encounters is None else Fraction(ev.encounters)
    if isinstance(ev, Proportion):
        return None if ev.denominator is None else Fraction(ev.denominator)
    return None  # pragma: no cover - the verifier allows no gate on counts


def _inside(interval: Interval, value: Fraction) -> bool:
    return interval.contains_ratio(value.numerator, value.denominator)


def _measure(item_id: str, measure: Measure, ev: Evidence) -> _Outcome | EvidenceError:
    unit = _UNITS[measure.quantity]
    value = _quantity(measure, ev)
    said = describe(ev)
    if value is None:
        return _Outcome(
            measure.name,
            None,
            None,
            "no respondents",
            f"{said}: no staff responded, so agreement cannot be computed",
            measure.decisions,
        )
    if not _inside(measure.domain, value):
        field = {"percent": "percent", "agreement": "agree", "mean": "mean", "count": "count"}[
            measure.quantity
        ]
        return EvidenceError(
            f"{format_value(value, unit)} is outside the valid range {measure.domain} "
            f"of measure {measure.name!r}",
            code="out_of_range",
            item=item_id,
            field=field,
            value=getattr(ev, field, None),
        )
    band = next(b for b in measure.bands if _inside(b.interval, value))
    level: Level | None = band.level
    decided_by = f"band {band.interval}"
    text = (
        f"{said} gives {measure.quantity} {format_value(value, unit)}, "
        f"in band {band.interval} (level {int(band.level)})"
    )
    warnings: list[Notice] = []
    decisions = list(measure.decisions)
    for gate in measure.gates:
        gv = _gate_value(gate.field, ev)
        if gv is None:
            warnings.append(
                Notice(
                    f"{gate.id}_unchecked",
                    f"{gate.field} was not given, so the check '{gate.reason}' could not be made",
                )
            )
            continue
        if not _inside(gate.when, gv):
            continue
        gunit = "%" if gate.field in ("completion", "offered_percent") else ""
        cond = f"{gate.field} {format_value(gv, gunit)} lies in {gate.when}"
        decisions.extend(d for d in gate.decisions if d not in decisions)
        if gate.effect is GateEffect.INSUFFICIENT:
            return _Outcome(
                measure.name,
                None,
                value,
                f"gate {gate.id}",
                f"{said}: no level, because {cond}: {gate.reason}",
                tuple(decisions),
                tuple(warnings),
            )
        if gate.effect is GateEffect.CAP:
            if gate.level is not None and level is not None and gate.level < level:
                text += f"; but {cond} ({gate.reason}), so the level is capped at {int(gate.level)}"
                level = gate.level
                decided_by = f"gate {gate.id}"
        else:
            warnings.append(Notice(gate.id, f"{gate.reason} ({cond})"))
    return _Outcome(measure.name, level, value, decided_by, text, tuple(decisions), tuple(warnings))


def _criteria(item_id: str, rule: CriteriaRule, ev: Indicators) -> _Outcome | list[EvidenceError]:
    errors: list[EvidenceError] = []
    known: list[tuple[Criterion, Level]] = []
    given = dict(ev.criteria)
    ids = [c.id for c in rule.criteria]
    for name, value in ev.criteria:
        crit = rule.criterion(name)
        if crit is None:
            hints = suggest(name, ids)
            errors.append(
                EvidenceError(
                    f"unknown criterion{_did_you_mean(hints)} (criteria: {', '.join(ids)})",
                    code="unknown_criterion",
                    item=item_id,
                    field=f"criteria.{name}",
                    value=name,
                )
            )
        elif not crit.is_ordinal and not isinstance(value, bool):
            errors.append(
                EvidenceError(
                    f"expected true or false, got {value!r}",
                    code="wrong_type",
                    item=item_id,
                    field=f"criteria.{name}",
                    value=value,
                )
            )
        elif crit.is_ordinal and (isinstance(value, bool) or value not in crit.values):
            errors.append(
                EvidenceError(
                    f"expected one of {', '.join(map(repr, crit.values))}, got {value!r}",
                    code="unknown_label",
                    item=item_id,
                    field=f"criteria.{name}",
                    value=value,
                )
            )
        else:
            known.append((crit, crit.supports(value)))
    if errors:
        return errors
    missing = [c for c in rule.criteria if c.id not in given]
    if not known:
        return _Outcome(
            "indicators",
            None,
            None,
            "criteria",
            "no criteria were given",
            rule.decisions,
        )
    level = min(s for _, s in known)
    undecided = [c for c in missing if c.first_level <= level]
    if undecided:
        names = ", ".join(c.id for c in undecided)
        return _Outcome(
            "indicators",
            None,
            None,
            "criteria",
            f"the given criteria allow up to level {int(level)}, but {names} "
            f"{'is' if len(undecided) == 1 else 'are'} missing and could lower it",
            rule.decisions,
        )
    if level == Level.FOUR:
        text = "every criterion for level 4 holds"
        unmet: tuple[str, ...] = ()
    else:
        unmet = tuple(c.id for c, s in known if s == level)
        text = (
            f"every criterion for level {int(level)} holds; "
            f"for level {int(level) + 1}, unmet: {', '.join(unmet)}"
        )
    return _Outcome("indicators", level, None, "criteria", text, rule.decisions, (), unmet)


def _pick_measure(item_id: str, rule: ItemRule, ev: Evidence) -> Measure | EvidenceError:
    name = getattr(ev, "measure", None)
    candidates = [m for m in rule.measures if m.kind == ev.kind]
    if name is not None:
        chosen = rule.measure(name)
        if chosen is None or chosen.kind != ev.kind:
            names = [m.name for m in candidates]
            return EvidenceError(
                f"unknown measure for {ev.kind} evidence{_did_you_mean(suggest(name, names))} "
                f"(measures: {', '.join(names)})",
                code="unknown_measure",
                item=item_id,
                field="measure",
                value=name,
            )
        return chosen
    if len(candidates) == 1:
        return candidates[0]
    return EvidenceError(
        f"this item has several {ev.kind} measures; give 'measure' as one of "
        f"{', '.join(repr(m.name) for m in candidates)}",
        code="measure_required",
        item=item_id,
        field="measure",
        value=None,
    )


def evaluate_item(
    rule: ItemRule, pieces: Sequence[Evidence], *, places: Sequence[int] | None = None
) -> ItemResult | list[EvidenceError]:
    """Score one item's evidence under its rule, or return every problem found.

    Problems (wrong kind for the item, a duplicate, an unknown measure or
    criterion, a value outside the measure's domain) come back as errors with
    the item, field and value; the caller reports them all. ``places`` gives
    each piece's index in the list the caller was given, where some pieces
    of it could not be read.
    """
    item_id = rule.item
    errors: list[EvidenceError] = []
    rating: Rating | None = None
    chosen: dict[str, tuple[Measure, Evidence]] = {}
    indicators: Indicators | None = None
    for index, ev in enumerate(pieces):
        if places is not None:
            where: str | None = f"[{places[index]}]"
        else:
            where = f"[{index}]" if len(pieces) > 1 else None
        if ev.kind not in rule.accepts:
            errors.append(
                EvidenceError(
                    f"{item_id} does not accept {ev.kind} evidence; "
                    f"it accepts {', '.join(rule.accepts)}",
                    code="kind_not_accepted",
                    item=item_id,
                    field="kind",
                    value=ev.kind,
                ).at(prefix=where)
            )
            continue
        if isinstance(ev, Rating):
            if rating is not None:
                errors.append(
                    EvidenceError(
                        "more than one rating; combine raters' ratings first",
                        code="duplicate_evidence",
                        item=item_id,
                        field="kind",
                        value="rating",
                    ).at(prefix=where)
                )
            rating = ev
        elif isinstance(ev, Indicators):
            if indicators is not None:
                errors.append(
                    EvidenceError(
                        "more than one set of indicators; give all criteria in one",
                        code="duplicate_evidence",
                        item=item_id,
                        field="kind",
                        value="indicators",
                    ).at(prefix=where)
                )
            indicators = ev
        else:
            measure = _pick_measure(item_id, rule, ev)
            if isinstance(measure, EvidenceError):
                errors.append(measure.at(prefix=where))
            elif measure.name in chosen:
                errors.append(
                    EvidenceError(
                        f"more than one piece of evidence for measure {measure.name!r}",
                        code="duplicate_evidence",
                        item=item_id,
                        field="measure",
                        value=measure.name,
                    ).at(prefix=where)
                )
            else:
                chosen[measure.name] = (measure, ev)
    outcomes: list[_Outcome] = []
    # In the rule's order, not the evidence's: on a tie the first measure decides (D17).
    for measure, ev in sorted(chosen.values(), key=lambda p: rule.measures.index(p[0])):
        got = _measure(item_id, measure, ev)
        if isinstance(got, EvidenceError):
            errors.append(got)
        else:
            outcomes.append(got)
    if indicators is not None and rule.indicators is not None:
        crit = _criteria(item_id, rule.indicators, indicators)
        if isinstance(crit, list):
            errors.extend(crit)
        else:
            outcomes.append(crit)
    if errors:
        return errors
    return _combine(rule, pieces, rating, outcomes)


def _citation(rule: ItemRule, level: Level | None, decisions: Sequence[str]) -> str:
    text = rule.citation if level is None else f"{rule.citation}, level {int(level)}"
    if decisions:
        text += f"; interpretation {', '.join(decisions)}"
    return text


def _combine(
    rule: ItemRule,
    pieces: Sequence[Evidence],
    rating: Rating | None,
    outcomes: list[_Outcome],
) -> ItemResult:
    item_id = rule.item
    evidence = tuple(pieces)
    if not pieces:
        return ItemResult(
            item=item_id,
            level=None,
            status=Status.NOT_ASSESSED,
            explanation=f"{item_id} not assessed: no evidence was given.",
            citation=rule.citation,
        )
    warnings: list[Notice] = []
    for o in outcomes:
        warnings.extend(o.warnings)
    rated = [o for o in outcomes if o.level is not None]
    unrated = [o for o in outcomes if o.level is None]
    decisions: list[str] = list(rule.decisions)
    if rated:
        decider = min(rated, key=lambda o: o.level)  # type: ignore[arg-type,return-value]
        level = decider.level
        assert level is not None
        for o in rated:
            decisions.extend(d for d in o.decisions if d not in decisions)
        given = {o.basis for o in outcomes}
        for m in rule.measures:
            if len(rule.measures) > 1 and m.name not in given:
                warnings.append(
                    Notice(
                        "measure_missing",
                        f"no evidence for measure {m.name!r}; the level rests on the others",
                    )
                )
        for o in unrated:
            warnings.append(Notice("measure_unrated", f"{o.basis} gave no level: {o.text}"))
        if rating is not None and rating.level != level:
            warnings.append(
                Notice(
                    "rating_differs",
                    f"the panel rating {int(rating.level)} differs from the measured level "
                    f"{int(level)}; the measured level stands",
                )
            )
        parts = [o.text for o in rated]
        text = "; ".join(parts)
        if len(rated) > 1:
            text += f"; the item takes the lowest, level {int(level)}"
        citation = _citation(rule, level, decisions)
        verdict = "THRIVE-like" if level.thrive_like else "not THRIVE-like"
        return ItemResult(
            item=item_id,
            level=level,
            status=Status.RATED,
            explanation=f"{item_id} level {int(level)} ({verdict}): {text}. Source: {citation}.",
            evidence=evidence,
            basis=decider.basis,
            value=None if decider.value is None else float(decider.value),
            decided_by=decider.decided_by
            if len(rated) == 1
            else f"lowest of {', '.join(o.basis for o in rated)}",
            unmet=decider.unmet,
            warnings=tuple(warnings),
            citation=citation,
        )
    for o in unrated:
        decisions.extend(d for d in o.decisions if d not in decisions)
    if rating is not None:
        level = rating.level
        for o in unrated:
            warnings.append(
                Notice(
                    "measure_unrated",
                    f"{o.basis} gave no level ({o.text}); the panel rating decides",
                )
            )
        citation = _citation(rule, level, decisions)
        verdict = "THRIVE-like" if level.thrive_like else "not THRIVE-like"
        return ItemResult(
            item=item_id,
            level=level,
            status=Status.RATED,
            explanation=(
                f"{item_id} level {int(level)} ({verdict}): {describe(rating)}. Source: {citation}."
            ),
            evidence=evidence,
            basis="rating",
            decided_by="rating",
            warnings=tuple(warnings),
            citation=citation,
        )
    reasons = "; ".join(f"{o.basis}: {o.text}" for o in unrated)
    citation = _citation(rule, None, decisions)
    return ItemResult(
        item=item_id,
        level=None,
        status=Status.INSUFFICIENT_EVIDENCE,
        explanation=f"{item_id} has insufficient evidence: {reasons}. Source: {citation}.",
        evidence=evidence,
        basis=None,
        value=None if unrated[0].value is None else float(unrated[0].value),
        decided_by=unrated[0].decided_by,
        warnings=tuple(warnings),
        citation=citation,
    )
