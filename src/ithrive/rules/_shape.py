"""The shape of a rule built by hand: every part of the type it is declared to be.

A rule loaded from TOML is structured by a strict converter, so its parts
always have their declared types; a rule built in Python (or evolved with
:func:`attrs.evolve`) may not. :func:`ithrive.rules.verify` checks the shape
first, and checks a rule with a wrong type inside no further, so its other
checks may read every part as the type it is declared to be.
"""

from __future__ import annotations

import numbers

from ithrive._messages import short_repr
from ithrive.errors import Finding
from ithrive.model.level import Level
from ithrive.rules.interval import Interval
from ithrive.rules.ruleset import Band, CriteriaRule, Criterion, Gate, GateEffect, ItemRule, Measure

__all__ = ["shape_findings"]


def shape_findings(rule: ItemRule) -> list[Finding]:
    """Wrong types inside a rule built by hand (a loaded rule never has any).

    The other checks read the rule's parts as the types they are declared to
    be, so a rule with any finding here is checked no further.
    """
    item = rule.item if isinstance(rule.item, str) else short_repr(rule.item)
    out: list[Finding] = []

    def want(value: object, kinds: type | tuple[type, ...], what: str, where: str) -> bool:
        allowed = kinds if isinstance(kinds, tuple) else (kinds,)
        if isinstance(value, allowed) and not (isinstance(value, bool) and bool not in allowed):
            return True
        out.append(
            Finding(
                "invalid_value",
                item,
                where,
                f"expected {what}, got {type(value).__name__} {short_repr(value)}",
            )
        )
        return False

    def texts(value: object, where: str) -> None:
        if isinstance(value, tuple):
            for j, text in enumerate(value):
                want(text, str, "text", f"{where}[{j}]")
        else:
            want(value, tuple, "a tuple of text", where)

    def interval(value: object, where: str) -> None:
        if want(value, Interval, "an Interval", where):
            for end in ("lower", "upper"):
                want(getattr(value, end), numbers.Rational, "an exact number", f"{where}.{end}")
            for end in ("lower_closed", "upper_closed"):
                want(getattr(value, end), bool, "true or false", f"{where}.{end}")

    want(rule.item, str, "an item id", "item")
    want(rule.citation, str, "text", "citation")
    texts(rule.decisions, "decisions")
    if want(rule.measures, tuple, "a tuple of Measure", "measures"):
        for i, m in enumerate(rule.measures):
            where = f"measures[{i}]"
            if not want(m, Measure, "a Measure", where):
                continue
            want(m.name, str, "text", f"{where}.name")
            want(m.kind, str, "text", f"{where}.kind")
            want(m.description, str, "text", f"{where}.description")
            texts(m.decisions, f"{where}.decisions")
            interval(m.domain, f"{where}.domain")
            if want(m.bands, tuple, "a tuple of Band", f"{where}.bands"):
                for j, band in enumerate(m.bands):
                    bw = f"{where}.bands[{j}]"
                    if want(band, Band, "a Band", bw):
                        want(band.level, Level, "a Level", f"{bw}.level")
                        interval(band.interval, f"{bw}.interval")
            if want(m.gates, tuple, "a tuple of Gate", f"{where}.gates"):
                for j, gate in enumerate(m.gates):
                    gw = f"{where}.gates[{j}]"
                    if want(gate, Gate, "a Gate", gw):
                        for name in ("id", "field", "reason"):
                            want(getattr(gate, name), str, "text", f"{gw}.{name}")
                        interval(gate.when, f"{gw}.when")
                        want(gate.effect, GateEffect, "a GateEffect", f"{gw}.effect")
                        want(gate.level, (Level, type(None)), "a Level or None", f"{gw}.level")
                        texts(gate.decisions, f"{gw}.decisions")
    indicators = rule.indicators
    if indicators is not None and want(
        indicators, CriteriaRule, "a CriteriaRule or None", "indicators"
    ):
        texts(indicators.decisions, "indicators.decisions")
        if want(indicators.criteria, tuple, "a tuple of Criterion", "indicators.criteria"):
            for j, c in enumerate(indicators.criteria):
                cw = f"indicators.criteria[{j}]"
                if not want(c, Criterion, "a Criterion", cw):
                    continue
                want(c.id, str, "text", f"{cw}.id")
                want(c.text, str, "text", f"{cw}.text")
                want(c.level, (Level, type(None)), "a Level or None", f"{cw}.level")
                texts(c.values, f"{cw}.values")
                if want(c.requires, tuple, "a tuple of (Level, label) pairs", f"{cw}.requires"):
                    for k, pair in enumerate(c.requires):
                        rw = f"{cw}.requires[{k}]"
                        if not want(pair, tuple, "a (Level, label) pair", rw):
                            continue
                        if len(pair) != 2:
                            out.append(
                                Finding("invalid_value", item, rw, "expected a (Level, label) pair")
                            )
                            continue
                        want(pair[0], Level, "a Level", f"{rw}[0]")
                        want(pair[1], str, "text", f"{rw}[1]")
    return out
