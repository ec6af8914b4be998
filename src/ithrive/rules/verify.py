"""Verification: a ruleset is sound before anything is scored with it.

:func:`verify` returns every finding at once. It checks that every item of
the framework has a rule, that every band table covers its domain with no gap
and no overlap, that bounds are ordered and levels rise with the value, that
gates test known fields inside their domain, that criteria are well formed,
and that every level 1-4 can be reached. A rule built by hand is first
checked for the types of its parts.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping

from ithrive.errors import Finding, RulesetError, expect
from ithrive.evidence.kinds import (
    GATE_DOMAIN_TEXT,
    KIND_REGISTRY,
    failed_plugins_note,
    load_plugins,
)
from ithrive.model.framework import Framework
from ithrive.model.level import Level
from ithrive.rules._shape import shape_findings
from ithrive.rules.interval import Interval
from ithrive.rules.ruleset import (
    QUANTITIES,
    Band,
    CriteriaRule,
    GateEffect,
    ItemRule,
    Measure,
    Ruleset,
)

__all__ = ["GATE_DOMAINS", "verify"]


class _GateDomains(Mapping[str, Interval]):
    """The valid range of each field a gate may test, as the evidence kinds declare them."""

    def __getitem__(self, field: str) -> Interval:
        return _interval(GATE_DOMAIN_TEXT[field])

    def __iter__(self) -> Iterator[str]:
        return iter(GATE_DOMAIN_TEXT)

    def __len__(self) -> int:
        return len(GATE_DOMAIN_TEXT)


@functools.cache
def _interval(text: str) -> Interval:
    return Interval.parse(text)


#: The valid range of each field a gate may test (read-only; it follows the kind registry).
GATE_DOMAINS: Mapping[str, Interval] = _GateDomains()

_ALL_LEVELS = frozenset(Level)


def _levels(levels: Iterable[int]) -> str:
    return ", ".join(str(int(v)) for v in sorted(levels))


def _within(inner: Interval, outer: Interval) -> bool:
    low_ok = inner.lower > outer.lower or (
        inner.lower == outer.lower and (outer.lower_closed or not inner.lower_closed)
    )
    high_ok = inner.upper < outer.upper or (
        inner.upper == outer.upper and (outer.upper_closed or not inner.upper_closed)
    )
    return low_ok and high_ok


def _check_real_cover(
    item: str, where: str, domain: Interval, bands: tuple[Band, ...]
) -> list[Finding]:
    out: list[Finding] = []
    order = sorted(
        range(len(bands)),
        key=lambda i: (bands[i].interval.lower, not bands[i].interval.lower_closed),
    )
    if list(order) != list(range(len(bands))):
        out.append(Finding("unsorted_bands", item, where, "bands are not in ascending order"))
    ivs = [bands[i].interval for i in order]
    first = ivs[0]
    if first.lower > domain.lower or (
        first.lower == domain.lower and domain.lower_closed and not first.lower_closed
    ):
        gap = Interval(domain.lower, first.lower, domain.lower_closed, not first.lower_closed)
        out.append(Finding("gap", item, where, f"no band covers {gap}"))
    reach = first
    for b in ivs[1:]:
        if reach.upper < b.lower or (
            reach.upper == b.lower and not reach.upper_closed and not b.lower_closed
        ):
            gap = Interval(reach.upper, b.lower, not reach.upper_closed, not b.lower_closed)
            out.append(
                Finding("gap", item, where, f"no band covers {gap} (between {reach} and {b})")
            )
        elif reach.upper > b.lower or (
            reach.upper == b.lower and reach.upper_closed and b.lower_closed
        ):
            both = Interval(
                b.lower,
                min(reach.upper, b.upper),
                b.lower_closed,
                reach.upper_closed if reach.upper <= b.upper else b.upper_closed,
            )
            out.append(Finding("overlap", item, where, f"bands {reach} and {b} overlap on {both}"))
        if b.upper > reach.upper or (b.upper == reach.upper and b.upper_closed):
            reach = b
    if reach.upper < domain.upper or (
        reach.upper == domain.upper and domain.upper_closed and not reach.upper_closed
    ):
        gap = Interval(reach.upper, domain.upper, not reach.upper_closed, domain.upper_closed)
        out.append(Finding("gap", item, where, f"no band covers {gap}"))
    return out


def _check_integer_cover(
    item: str, where: str, domain: Interval, bands: tuple[Band, ...]
) -> list[Finding]:
    out: list[Finding] = []
    whole = domain.integers()
    spans = [b.interval.integers() for b in bands]
    order = sorted(range(len(spans)), key=lambda i: spans[i].start)
    if order != list(range(len(spans))):
        out.append(Finding("unsorted_bands", item, where, "bands are not in ascending order"))
    spans = [spans[i] for i in order]
    if spans[0].start > whole.start:
        out.append(
            Finding("gap", item, where, f"no band covers {whole.start}..{spans[0].start - 1}")
        )
    reach = spans[0].stop
    for b in spans[1:]:
        if reach < b.start:
            out.append(Finding("gap", item, where, f"no band covers {reach}..{b.start - 1}"))
        elif reach > b.start:
            out.append(
                Finding(
                    "overlap", item, where, f"bands overlap on {b.start}..{min(reach, b.stop) - 1}"
                )
            )
        reach = max(reach, b.stop)
    if reach < whole.stop:
        out.append(Finding("gap", item, where, f"no band covers {reach}..{whole.stop - 1}"))
    return out


def _check_measure(item: str, measure: Measure, where: str) -> list[Finding]:
    out: list[Finding] = []
    if measure.kind not in QUANTITIES:
        load_plugins()  # a kind a third-party package declares
    if measure.kind not in QUANTITIES:
        known = ", ".join(sorted(QUANTITIES))
        return [
            Finding(
                "unknown_kind",
                item,
                where,
                f"unknown evidence kind {measure.kind!r}; measured kinds are {known}"
                f"{failed_plugins_note()}",
            )
        ]
    domain = measure.domain
    if domain.is_empty or (measure.integer and not domain.integers()):
        return [Finding("empty_interval", item, f"{where}.domain", f"domain {domain} is empty")]
    if domain.lower < 0:
        out.append(
            Finding("outside_domain", item, f"{where}.domain", f"domain {domain} goes below 0")
        )
    allowed = KIND_REGISTRY[measure.kind].value_domain
    if allowed is not None and not _within(domain, _interval(allowed)):
        out.append(
            Finding(
                "outside_domain",
                item,
                f"{where}.domain",
                f"domain {domain} is not within {_interval(allowed)}",
            )
        )
    if not measure.bands:
        return [*out, Finding("no_bands", item, f"{where}.bands", "the measure has no bands")]
    sound = True
    for i, band in enumerate(measure.bands):
        iv = band.interval
        if iv.lower > iv.upper:
            out.append(
                Finding(
                    "unordered_bounds",
                    item,
                    f"{where}.bands[{i}]",
                    f"lower bound above upper bound in {iv}",
                )
            )
            sound = False
        elif iv.is_empty or (measure.integer and not iv.integers()):
            out.append(
                Finding("empty_interval", item, f"{where}.bands[{i}]", f"band {iv} holds no value")
            )
            sound = False
        elif not _within(iv, domain):
            out.append(
                Finding(
                    "outside_domain",
                    item,
                    f"{where}.bands[{i}]",
                    f"band {iv} reaches outside the domain {domain}",
                )
            )
            sound = False
    if sound:
        check = _check_integer_cover if measure.integer else _check_real_cover
        out.extend(check(item, f"{where}.bands", domain, measure.bands))
        ordered = sorted(
            measure.bands, key=lambda b: (b.interval.lower, not b.interval.lower_closed)
        )
        levels = [b.level for b in ordered]
        if levels != sorted(levels):
            out.append(
                Finding(
                    "not_monotonic",
                    item,
                    f"{where}.bands",
                    "levels do not rise with the value "
                    f"(in value order: {', '.join(str(int(v)) for v in levels)})",
                )
            )
    reachable = {b.level for b in measure.bands}
    gate_ids: set[str] = set()
    for j, gate in enumerate(measure.gates):
        gw = f"{where}.gates[{j}]"
        if gate.id in gate_ids:
            out.append(Finding("duplicate_id", item, gw, f"gate id {gate.id!r} is used twice"))
        gate_ids.add(gate.id)
        fields = QUANTITIES[measure.kind][1]
        if gate.field not in fields:
            allowed = ", ".join(fields) if fields else "none"
            out.append(
                Finding(
                    "unknown_field",
                    item,
                    f"{gw}.field",
                    f"{measure.kind} evidence has no gate field {gate.field!r} "
                    f"(gate fields: {allowed})",
                )
            )
        else:
            gdom = GATE_DOMAINS[gate.field]
            if gate.when.lower > gate.when.upper:
                out.append(
                    Finding(
                        "unordered_bounds",
                        item,
                        f"{gw}.when",
                        f"lower bound above upper bound in {gate.when}",
                    )
                )
            elif gate.when.is_empty:
                out.append(
                    Finding(
                        "empty_interval",
                        item,
                        f"{gw}.when",
                        f"condition {gate.when} holds no value",
                    )
                )
            elif not _within(gate.when, gdom):
                out.append(
                    Finding(
                        "outside_domain",
                        item,
                        f"{gw}.when",
                        f"condition {gate.when} reaches outside {gate.field}'s domain {gdom}",
                    )
                )
        if gate.effect is GateEffect.CAP:
            if gate.level is None:
                out.append(
                    Finding(
                        "missing_field",
                        item,
                        f"{gw}.level",
                        "a cap gate needs the level it caps at",
                    )
                )
            else:
                reachable.add(gate.level)
        elif gate.level is not None:
            out.append(
                Finding(
                    "unexpected_field",
                    item,
                    f"{gw}.level",
                    f"only a cap gate takes a level; this gate has effect {gate.effect.value!r}",
                )
            )
    missing = _ALL_LEVELS - reachable
    if missing:
        out.append(
            Finding("unreachable_level", item, where, f"level {_levels(missing)} cannot be reached")
        )
    return out


def _check_criteria(item: str, rule: CriteriaRule, where: str) -> list[Finding]:
    out: list[Finding] = []
    if not rule.criteria:
        return [Finding("no_criteria", item, where, "the indicator rule has no criteria")]
    seen: set[str] = set()
    reachable: set[Level] = {Level.FOUR}
    for i, c in enumerate(rule.criteria):
        cw = f"{where}.criteria[{i}]"
        if c.id in seen:
            out.append(Finding("duplicate_id", item, cw, f"criterion id {c.id!r} is used twice"))
        seen.add(c.id)
        if c.level is not None and c.values:
            out.append(
                Finding(
                    "conflicting_fields",
                    item,
                    cw,
                    f"criterion {c.id!r} has both a level (boolean) and values (ordinal)",
                )
            )
            continue
        if c.level is None and not c.values:
            out.append(
                Finding(
                    "missing_field",
                    item,
                    cw,
                    f"criterion {c.id!r} needs a level (boolean) or values and requires (ordinal)",
                )
            )
            continue
        if c.level is not None:
            if c.requires:
                out.append(
                    Finding(
                        "unexpected_field",
                        item,
                        f"{cw}.requires",
                        f"boolean criterion {c.id!r} takes no requires",
                    )
                )
            if c.level == Level.ONE:
                out.append(
                    Finding(
                        "unreachable_level",
                        item,
                        f"{cw}.level",
                        f"criterion {c.id!r} is set at level 1, which is the floor; use 2, 3 or 4",
                    )
                )
            else:
                reachable.add(Level(c.level - 1))
            continue
        if len(set(c.values)) != len(c.values):
            out.append(
                Finding("duplicate_id", item, f"{cw}.values", f"criterion {c.id!r} repeats a label")
            )
            continue
        if len(c.values) < 2:
            out.append(
                Finding(
                    "too_few_values",
                    item,
                    f"{cw}.values",
                    f"ordinal criterion {c.id!r} needs at least two labels",
                )
            )
            continue
        if not c.requires:
            out.append(
                Finding(
                    "missing_field",
                    item,
                    f"{cw}.requires",
                    f"ordinal criterion {c.id!r} needs requires",
                )
            )
            continue
        ranks = []
        ok = True
        for level, label in c.requires:
            if level == Level.ONE:
                out.append(
                    Finding(
                        "unreachable_level",
                        item,
                        f"{cw}.requires",
                        f"criterion {c.id!r} requires something at level 1, which is the floor",
                    )
                )
                ok = False
            if label not in c.values:
                out.append(
                    Finding(
                        "unknown_label",
                        item,
                        f"{cw}.requires",
                        f"label {label!r} is not one of {list(c.values)}",
                    )
                )
                ok = False
            else:
                ranks.append(c.values.index(label))
        if not ok:
            continue
        if ranks != sorted(ranks):
            out.append(
                Finding(
                    "unordered_bounds",
                    item,
                    f"{cw}.requires",
                    f"criterion {c.id!r} requires a lower label for a higher level",
                )
            )
            continue
        if ranks[0] == 0:
            out.append(
                Finding(
                    "unreachable_level",
                    item,
                    f"{cw}.requires",
                    f"criterion {c.id!r} requires its lowest label, which every value meets",
                )
            )
        reachable.update(c.supports(v) for v in c.values)
    missing = _ALL_LEVELS - reachable
    if missing and not out:
        out.append(
            Finding("unreachable_level", item, where, f"level {_levels(missing)} cannot be reached")
        )
    return out


def _check_rule(rule: ItemRule) -> list[Finding]:
    out: list[Finding] = []
    names: set[str] = set()
    for i, m in enumerate(rule.measures):
        where = f"measures[{i}]"
        if m.name in names:
            out.append(
                Finding("duplicate_id", rule.item, where, f"measure name {m.name!r} is used twice")
            )
        names.add(m.name)
        out.extend(_check_measure(rule.item, m, where))
    if rule.indicators is not None:
        out.extend(_check_criteria(rule.item, rule.indicators, "indicators"))
    return out


def verify(ruleset: Ruleset, framework: Framework | None = None) -> list[Finding]:
    """Return every finding about ``ruleset``; an empty list means it is sound.

    >>> from ithrive.rules import default_ruleset
    >>> verify(default_ruleset())
    []
    """
    expect(ruleset, Ruleset, field="ruleset", expected="a Ruleset")
    if framework is None:
        from ithrive.model import FRAMEWORK

        framework = FRAMEWORK
    expect(framework, Framework, field="framework", expected="a Framework or None")
    out: list[Finding] = []
    for item in framework:
        if item.id not in ruleset:
            out.append(Finding("missing_rule", item.id, "", "no rule for this item"))
    seen: set[str] = set()
    for rule in ruleset:
        shape = shape_findings(rule)
        if shape:
            out.extend(shape)
            continue
        if rule.item in seen:
            out.append(Finding("duplicate_id", rule.item, "", "more than one rule for this item"))
        seen.add(rule.item)
        if rule.item not in framework:
            out.append(Finding("unknown_item", rule.item, "", "the framework has no such item"))
        out.extend(_check_rule(rule))
    return out


def checked(ruleset: Ruleset) -> Ruleset:
    """Return ``ruleset`` once it is known sound, else raise :class:`~ithrive.errors.RulesetError`.

    A ruleset from :func:`~ithrive.rules.load_ruleset` is already verified; one
    built or evolved by hand is verified here, once, before it may score.
    Anything other than a :class:`~ithrive.rules.Ruleset` is refused
    (``wrong_type``, field ``ruleset``).
    """
    expect(ruleset, Ruleset, field="ruleset", expected="a Ruleset or None")
    if not ruleset._verified:
        findings = verify(ruleset)
        if findings:
            raise RulesetError(ruleset.name, findings)
        object.__setattr__(ruleset, "_verified", True)
    return ruleset
