"""The words of a decision: an item's explanation, citation and warnings, written when read.

Deciding an item records why (the pieces kept, the rating, each measure's or
the criteria's outcome); nothing is written then. :class:`Words` writes the
text from that record the first time someone reads it, so scoring pays for
no sentence nobody reads, and no part of the text decides again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Protocol

from ithrive.base.formatting import format_number
from ithrive.evidence import Evidence
from ithrive.evidence.kinds import Kind
from ithrive.model.level import Level
from ithrive.rules.decide._measure import CompiledMeasure, band_level
from ithrive.rules.ruleset import CriteriaRule, GateEffect, ItemRule
from ithrive.scorecard import ItemResult, Notice

__all__ = ["CompiledItem", "Words"]


class CompiledItem(Protocol):
    """What the words read of an item's compiled rule (an item decider)."""

    @property
    def rule(self) -> ItemRule: ...

    @property
    def kinds(self) -> dict[str, Kind]: ...

    @property
    def criteria(self) -> CriteriaRule | None: ...

    @property
    def first_levels(self) -> tuple[tuple[str, int], ...]: ...


def _show_ratio(num: int, den: int, unit: str = "") -> str:
    """``format_number`` of ``num / den``, building no needless fraction."""
    if num % den == 0:
        return f"{num // den}{unit}"
    as_float = num / den
    ratio = as_float.as_integer_ratio()
    common = math.gcd(num, den)
    if ratio == (num // common, den // common):
        return format_number(as_float, unit)
    return format_number(Fraction(num, den), unit)


def _kept_typed(piece: Any, kinds: Mapping[str, Kind]) -> Evidence:
    """A kept piece as a typed object (a dict kept was read as valid: its class takes it as is).

    The class is the one the rule was compiled with, so a card reads the same
    after its kind is unregistered.
    """
    if type(piece) is not dict:
        return piece  # type: ignore[no-any-return]
    fields = dict(piece)
    return kinds[fields.pop("kind")].cls(**fields)  # type: ignore[no-any-return]


class Words:
    """Writes an item's explanation, citation and warnings from its decision record.

    ``decider`` is the item's compiled rule, an
    :class:`~ithrive.rules.decide.ItemDecider` (or anything with its
    ``rule``, ``kinds``, ``criteria`` and ``first_levels``).
    """

    __slots__ = ("decider",)

    def __init__(self, decider: CompiledItem) -> None:
        self.decider = decider

    def evidence(self, result: ItemResult) -> tuple[Evidence, ...]:
        """The record's pieces as typed evidence objects."""
        facts = result[7]
        kinds = self.decider.kinds
        return tuple(_kept_typed(p, kinds) for p in facts[0]) if facts else ()

    def _describe(self, piece: Evidence) -> str:
        """A piece described by the kind the rule was compiled with (registered or not now)."""
        return self.decider.kinds[piece.kind].describe(piece)

    def render(self, result: ItemResult) -> tuple[str, str, tuple[Notice, ...]]:
        """The explanation, citation and warnings of ``result``."""
        rule = self.decider.rule
        item = rule.item
        facts = result[7]
        if not facts:
            return f"{item} not assessed: no evidence was given.", rule.citation, ()
        _, rating, outcomes = facts
        evidence = result.evidence
        texts = [self._text(o, evidence) for o in outcomes]
        warnings: list[Notice] = []
        for o in outcomes:
            warnings.extend(self._gate_warnings(o))
        rated = [(o, t) for o, t in zip(outcomes, texts, strict=True) if o[1] is not None]
        unrated = [(o, t) for o, t in zip(outcomes, texts, strict=True) if o[1] is None]
        decisions: list[str] = list(rule.decisions)
        level = result.level
        for o, _ in rated if rated else unrated:
            decisions.extend(d for d in self._decisions(o) if d not in decisions)
        citation = rule.citation if level is None else f"{rule.citation}, level {int(level)}"
        if decisions:
            citation += f"; interpretation {', '.join(decisions)}"
        if level is None:
            reasons = "; ".join(f"{o[0]}: {t}" for o, t in unrated)
            text = f"{item} has insufficient evidence: {reasons}. Source: {citation}."
            return text, citation, tuple(warnings)
        verdict = "THRIVE-like" if level.thrive_like else "not THRIVE-like"
        if rated:
            given = {o[0] for o in outcomes}
            if len(rule.measures) > 1:
                for m in rule.measures:
                    if m.name not in given:
                        warnings.append(
                            Notice(
                                "measure_missing",
                                f"no evidence for measure {m.name!r}; "
                                "the level rests on the others",
                            )
                        )
            for o, t in unrated:
                warnings.append(Notice("measure_unrated", f"{o[0]} gave no level: {t}"))
            if rating is not None and rating[1] != level:
                warnings.append(
                    Notice(
                        "rating_differs",
                        f"the panel rating {rating[1]} differs from the measured level "
                        f"{int(level)}; the measured level stands",
                    )
                )
            said = "; ".join(t for _, t in rated)
            if len(rated) > 1:
                said += f"; the item takes the lowest, level {int(level)}"
        else:
            for o, t in unrated:
                warnings.append(
                    Notice(
                        "measure_unrated",
                        f"{o[0]} gave no level ({t}); the panel rating decides",
                    )
                )
            assert rating is not None
            said = self._describe(evidence[rating[0]])
        text = f"{item} level {int(level)} ({verdict}): {said}. Source: {citation}."
        return text, citation, tuple(warnings)

    def _decisions(self, outcome: tuple[Any, ...]) -> list[str]:
        measure: CompiledMeasure | None = outcome[6]
        if measure is None:
            assert self.decider.criteria is not None
            return list(self.decider.criteria.decisions)
        out = list(measure.measure.decisions)
        for position, value in outcome[7]:
            if value is not None:
                gate = measure.measure.gates[position]
                out.extend(d for d in gate.decisions if d not in out)
        return out

    def _gate_warnings(self, outcome: tuple[Any, ...]) -> list[Notice]:
        measure: CompiledMeasure | None = outcome[6]
        if measure is None:
            return []
        out = []
        for position, value in outcome[7]:
            gate = measure.measure.gates[position]
            if value is None:
                out.append(
                    Notice(
                        f"{gate.id}_unchecked",
                        f"{gate.field} was not given, so the check '{gate.reason}' "
                        "could not be made",
                    )
                )
            elif gate.effect is GateEffect.WARN:
                out.append(
                    Notice(gate.id, f"{gate.reason} ({self._condition(measure, position, value)})")
                )
        return out

    @staticmethod
    def _condition(measure: CompiledMeasure, position: int, value: tuple[int, int]) -> str:
        gate = measure.measure.gates[position]
        unit = measure.kind.gate_units[measure.kind.gate_fields.index(gate.field)]
        return f"{gate.field} {format_number(Fraction(*value), unit)} lies in {gate.when}"

    def _text(self, outcome: tuple[Any, ...], evidence: tuple[Evidence, ...]) -> str:
        exact, index, measure, more = outcome[2], outcome[5], outcome[6], outcome[7]
        if measure is None:
            return self._criteria_text(outcome, evidence[index])
        said = self._describe(evidence[index])
        if exact is None:
            return f"{said}: no staff responded, so agreement cannot be computed"
        m = measure.measure
        for position, gate_value in more:
            gate = m.gates[position]
            if gate_value is not None and gate.effect is GateEffect.INSUFFICIENT:
                cond = self._condition(measure, position, gate_value)
                return f"{said}: no level, because {cond}: {gate.reason}"
        text = (
            f"{said} gives {measure.kind.quantity} "
            f"{_show_ratio(exact[0], exact[1], measure.kind.unit)}, "
            f"{outcome[8]}"
        )
        if not more:
            return text
        current = band_level(measure, exact)  # the caps are replayed from the band's level
        for position, gate_value in more:
            gate = m.gates[position]
            if (
                gate_value is not None
                and gate.effect is GateEffect.CAP
                and gate.level is not None
                and gate.level < current
            ):
                cond = self._condition(measure, position, gate_value)
                text += f"; but {cond} ({gate.reason}), so the level is capped at {int(gate.level)}"
                current = gate.level
        return text

    def _criteria_text(self, outcome: tuple[Any, ...], piece: Evidence) -> str:
        level, unmet, how = outcome[1], outcome[4], outcome[7]
        if how[0] == "none":
            return "no criteria were given"
        if how[0] == "missing":
            at = how[1]
            names = [n for n, first in self.decider.first_levels if first <= at]
            given = dict(getattr(piece, "criteria", ()))
            undecided = [n for n in names if n not in given]
            verb = "is" if len(undecided) == 1 else "are"
            return (
                f"the given criteria allow up to level {at}, but {', '.join(undecided)} "
                f"{verb} missing and could lower it"
            )
        if level == Level.FOUR:
            return "every criterion for level 4 holds"
        return (
            f"every criterion for level {int(level)} holds; "
            f"for level {int(level) + 1}, unmet: {', '.join(unmet)}"
        )
