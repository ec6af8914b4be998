"""A blank evidence document to fill in, with help on every item it lists.

:func:`evidence_template` returns a document that is valid as it stands:
every item's evidence is an empty list (not assessed), so it scores, and it
validates against the evidence schema. The help lives beside the evidence in
a ``_help`` section that the scorer ignores: for each item its title, the
evidence kinds it accepts with a valid example of each, its measures with
their bands and gates, and, for indicator items, every criterion with its
meaning, its allowed values and what each level needs. Fill in ``locality``,
``date`` and the lists under ``evidence``; keep or delete ``_help``.

>>> doc = evidence_template(["micro.2"])
>>> doc["evidence"]
{'micro.2': []}
>>> doc["_help"]["items"]["micro.2"]["accepts"]
['rating', 'proportion']
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from ithrive.errors import InvalidEvidenceError, UnknownItemError, expect, expect_iterable
from ithrive.evidence.kinds import Role, kind
from ithrive.model import FRAMEWORK
from ithrive.outputs.schema import HELP_KEY
from ithrive.rules.loader import ruleset_or_default
from ithrive.rules.ruleset import Criterion, ItemRule, Measure, Ruleset

__all__ = ["evidence_template", "rule_help", "select_items"]

_ABOUT = (
    "Fill in 'locality', 'date' (such as 2018-03) and, under 'evidence', a list of evidence "
    "pieces for each item you assess (leave a list empty for an item not assessed). Each "
    "piece is an object with a 'kind' the item accepts; see 'items' below for the kinds, "
    "examples and criteria. The scorer ignores this '_help' section; delete it if you like."
)


def _select(names: object, field: str) -> tuple[str, ...]:
    """:func:`select_items`, with a wrong type reported under the caller's parameter name."""
    expect_iterable(names, field=field, expected="a list of ids")
    return select_items(names)  # type: ignore[arg-type]


def select_items(names: Iterable[str]) -> tuple[str, ...]:
    """Resolve item, principle or system ids to item ids in framework order.

    A principle id (``"micro.3"``) stands for all its items and a system id
    (``"micro"``) for all of its items. Unknown ids raise
    :class:`~ithrive.errors.InvalidEvidenceError` listing each with suggestions.

    >>> select_items(["micro.3", "macro.1"])
    ('macro.1', 'micro.3a', 'micro.3b', 'micro.3c')
    """
    wanted: set[str] = set()
    errors: list[UnknownItemError] = []
    principles = {p.id for p in FRAMEWORK.principles}
    systems = {s.id for s in FRAMEWORK.systems}
    for name in expect_iterable(names, field="names", expected="a list of ids"):
        if not isinstance(name, str):
            errors.append(FRAMEWORK.unknown_item(name))
        elif name in FRAMEWORK:
            wanted.add(name)
        elif name in principles:
            wanted.update(FRAMEWORK.principle(name).items)
        elif name in systems:
            wanted.update(i.id for i in FRAMEWORK if i.system == name)
        else:
            errors.append(FRAMEWORK.unknown_item(name))
    if errors:
        raise InvalidEvidenceError(errors)
    return tuple(i for i in FRAMEWORK.item_ids if i in wanted)


def _criterion_help(c: Criterion) -> dict[str, Any]:
    if c.is_ordinal:
        return {
            "meaning": c.text,
            "values": list(c.values),
            "needs": {str(int(level)): label for level, label in c.requires},
        }
    return {"meaning": c.text, "values": [True, False], "needs": {str(int(c.first_level)): True}}


def _measure_help(m: Measure) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": m.kind,
        "meaning": m.description,
        "value": m.quantity,
        "bands": {str(int(b.level)): str(b.interval) for b in m.bands},
    }
    if m.gates:
        out["gates"] = [
            {
                "id": g.id,
                "when": f"{g.field} in {g.when}",
                "effect": g.effect.value
                + (f" at level {int(g.level)}" if g.level is not None else ""),
                "reason": g.reason,
            }
            for g in m.gates
        ]
    return out


def _example(rule: ItemRule, kind_name: str) -> dict[str, Any]:
    """A valid piece of ``kind`` evidence for the item, to copy and edit (the kind's example)."""
    declared = kind(kind_name)
    if declared.role is Role.CRITERIA:
        assert rule.indicators is not None
        return {
            "kind": kind_name,
            "criteria": {
                c.id: (c.values[0] if c.is_ordinal else False) for c in rule.indicators.criteria
            },
        }
    named = [m for m in rule.measures if m.kind == kind_name]
    measure = {"measure": named[0].name} if len(named) > 1 else {}
    return {"kind": kind_name, **measure, **copy.deepcopy(dict(declared.example))}


def rule_help(rule: ItemRule) -> dict[str, Any]:
    """What to give for one item under ``rule``, as a JSON-ready dict.

    Holds the item's title, the kinds it accepts, an example of each, its
    measures (bands, gates) and its indicator criteria (meaning, values and
    what each level needs).

    >>> from ithrive.rules import default_ruleset
    >>> help = rule_help(default_ruleset().rule("macro.1"))
    >>> help["criteria"]["policy_co_creation"]["needs"]
    {'3': 'some_agencies', '4': 'all_agencies'}
    """
    expect(rule, ItemRule, field="rule", expected="an ItemRule")
    item = FRAMEWORK.item(rule.item)
    out: dict[str, Any] = {
        "title": item.title,
        "principle": item.principle,
        "measure": item.measure,
        "accepts": list(rule.accepts),
        "examples": [_example(rule, k) for k in rule.accepts],
    }
    if rule.measures:
        out["measures"] = {m.name: _measure_help(m) for m in rule.measures}
    if rule.indicators is not None:
        out["criteria"] = {c.id: _criterion_help(c) for c in rule.indicators.criteria}
    out["citation"] = rule.citation
    return out


def evidence_template(
    items: Iterable[str] | None = None, *, ruleset: Ruleset | None = None
) -> dict[str, Any]:
    """A blank evidence document for ``items`` (default: all 22), with a ``_help`` section.

    ``items`` may name items, principles or system levels (see
    :func:`select_items`). The document scores as it stands (nothing
    assessed); fill in the evidence lists, ``locality`` and ``date``.

    >>> import ithrive
    >>> card = ithrive.score(evidence_template())
    >>> {r.status.value for r in card}
    {'not_assessed'}
    """
    rules = ruleset_or_default(ruleset)
    ids = FRAMEWORK.item_ids if items is None else _select(items, "items")
    kinds = sorted({k for i in ids for k in rules.rule(i).accepts})
    return {
        "locality": None,
        "date": None,
        "evidence": {i: [] for i in ids},
        HELP_KEY: {
            "about": _ABOUT,
            "ruleset": {"name": rules.name, "version": rules.version},
            "kinds": {k: dict(kind(k).help) for k in kinds},
            "items": {i: rule_help(rules.rule(i)) for i in ids},
        },
    }
