"""Loading rulesets from TOML files or mappings, and the packaged default.

A ruleset file has a ``[ruleset]`` table (``name``, ``version``, optional
``description``, ``source`` and ``extends``) and an ``[items."<id>"]`` table
per item. With ``extends = "default"`` the file starts from the packaged
ruleset and replaces only the items it lists: a local variant in a few lines.
Whatever the source, the result is verified before it is returned; a ruleset
that fails raises one :class:`~ithrive.errors.RulesetError` listing every
finding.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Mapping
from typing import Any

import cattrs

from ithrive._messages import as_text, short_repr
from ithrive.base._hints import suggest
from ithrive.base._structuring import InvalidValue, flatten, read_toml, strict
from ithrive.errors import Finding, RulesetError, expect
from ithrive.model.level import Level
from ithrive.rules.interval import Interval, IntervalSyntaxError
from ithrive.rules.ruleset import (
    GateEffect,
    ItemRule,
    Ruleset,
)
from ithrive.rules.verify import verify

__all__ = ["DEFAULT_RULESET_FILE", "default_ruleset", "load_ruleset"]

#: File name of the packaged ruleset inside ``ithrive.rules``.
DEFAULT_RULESET_FILE = "thrive-assessment.toml"

_HEADER_KEYS = ("name", "version", "description", "source", "extends")


def _level(value: Any, _: Any) -> Level:
    if type(value) is not int or not 1 <= value <= 4:
        raise InvalidValue(f"expected a level 1, 2, 3 or 4, got {short_repr(value)}")
    return Level(value)


def _interval(value: Any, _: Any) -> Interval:
    try:
        return Interval.parse(value)
    except IntervalSyntaxError as err:
        raise InvalidValue(err.message) from None


def _effect(value: Any, _: Any) -> GateEffect:
    try:
        return GateEffect(value)
    except ValueError:
        known = ", ".join(repr(e.value) for e in GateEffect)
        raise InvalidValue(f"expected one of {known}, got {short_repr(value)}") from None


def _requires(value: Any, _: Any) -> tuple[tuple[Level, str], ...]:
    if not isinstance(value, Mapping):
        raise InvalidValue(f"expected a table of level = label, got {short_repr(value)}")
    out = []
    for key, label in value.items():
        if key not in ("1", "2", "3", "4"):
            raise InvalidValue(f"expected level keys '2', '3' or '4', got {short_repr(key)}")
        if type(label) is not str:
            raise InvalidValue(f"expected a label for level {key}, got {short_repr(label)}")
        out.append((Level(int(key)), label))
    return tuple(sorted(out))


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, strict(str, "text"))
    conv.register_structure_hook(bool, strict(bool, "true or false"))
    conv.register_structure_hook(Level, _level)
    conv.register_structure_hook(Interval, _interval)
    conv.register_structure_hook(GateEffect, _effect)
    conv.register_structure_hook_func(lambda t: t == tuple[tuple[Level, str], ...], _requires)

    def _text_tuple(value: Any, _: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(type(v) is str for v in value):
            raise InvalidValue(f"expected a list of text, got {short_repr(value)}")
        return tuple(value)

    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _text_tuple)
    return conv


_CONVERTER = _make_converter()


def _structure_rule(item: str, body: Any) -> tuple[ItemRule | None, list[Finding]]:
    if not isinstance(body, Mapping):
        return None, [
            Finding("invalid_value", item, "", f"expected a table, got {short_repr(body)}")
        ]
    try:
        rule = _CONVERTER.structure({**body, "item": item}, ItemRule)
    except Exception as exc:
        findings = flatten(exc, "", item)
        return None, findings or [Finding("invalid_value", item, "", str(exc))]
    return rule, []


def load_ruleset(
    source: str | os.PathLike[str] | Mapping[str, Any],
    *,
    base: Ruleset | None = None,
) -> Ruleset:
    """Load, structure and verify a ruleset from a TOML file path or a mapping.

    Items the source does not define come from ``base`` (or from the packaged
    default when the source says ``extends = "default"``). The returned
    ruleset has passed :func:`~ithrive.rules.verify`; otherwise a
    :class:`~ithrive.errors.RulesetError` lists every finding.

    >>> local = load_ruleset({
    ...     "ruleset": {"name": "local", "version": "1", "extends": "default"},
    ...     "items": {"micro.2": {"citation": "local audit", "measures": [{
    ...         "name": "notes_audit", "kind": "proportion", "domain": "[0, 100]",
    ...         "bands": [{"level": 1, "interval": "[0, 50)"}, {"level": 2, "interval": "[50, 70)"},
    ...                   {"level": 3, "interval": "[70, 90)"},
    ...                   {"level": 4, "interval": "[90, 100]"}]}]}},
    ... })
    >>> str(local.rule("micro.2").measures[0].bands[2])
    '[70, 90) -> 3'
    """
    if base is not None:
        expect(base, Ruleset, field="base", expected="a Ruleset or None")
    data, origin = read_toml(source)
    findings: list[Finding] = []
    for key in data:
        if key not in ("ruleset", "items"):
            hints = suggest(as_text(key), ["ruleset", "items"])
            hint = f"; did you mean {hints[0]!r}?" if hints else ""
            findings.append(
                Finding("unknown_key", None, as_text(key), f"unknown top-level key{hint}")
            )
    header = data.get("ruleset", {})
    if not isinstance(header, Mapping):
        header = {}
        findings.append(Finding("invalid_value", None, "ruleset", "expected a table"))
    for key in header:
        if key not in _HEADER_KEYS:
            hints = suggest(as_text(key), _HEADER_KEYS)
            hint = f"; did you mean {hints[0]!r}?" if hints else ""
            findings.append(
                Finding("unknown_key", None, f"ruleset.{as_text(key)}", f"unknown key{hint}")
            )
    meta: dict[str, str] = {}
    for key in _HEADER_KEYS:
        value = header.get(key, "")
        if not isinstance(value, str):
            findings.append(
                Finding(
                    "invalid_value",
                    None,
                    f"ruleset.{key}",
                    f"expected text, got {short_repr(value)}",
                )
            )
            value = ""
        meta[key] = value
    for key in ("name", "version"):
        if not meta[key]:
            findings.append(Finding("missing_field", None, f"ruleset.{key}", "required"))
    name = meta["name"] or origin
    if meta["extends"]:
        if meta["extends"] != "default":
            findings.append(
                Finding(
                    "invalid_value",
                    None,
                    "ruleset.extends",
                    f"only 'default' can be extended, got {short_repr(meta['extends'])}",
                )
            )
        elif base is None:
            base = default_ruleset()
    items = data.get("items", {})
    if not isinstance(items, Mapping):
        findings.append(Finding("invalid_value", None, "items", "expected a table of item rules"))
        items = {}
    from ithrive.model import FRAMEWORK

    rules: dict[str, ItemRule] = {r.item: r for r in base} if base is not None else {}
    for item_id, body in items.items():
        if item_id not in FRAMEWORK:
            err = FRAMEWORK.unknown_item(item_id)
            findings.append(Finding("unknown_item", as_text(item_id), "", err.message))
            continue
        rule, problems = _structure_rule(item_id, body)
        findings.extend(problems)
        if rule is not None:
            rules[item_id] = rule
    ordered = tuple(rules[i.id] for i in FRAMEWORK if i.id in rules)
    ruleset = Ruleset(
        name=name,
        version=meta["version"],
        rules=ordered,
        description=meta["description"] or (base.description if base else ""),
        source=meta["source"] or (base.source if base else ""),
    )
    findings.extend(verify(ruleset))
    if findings:
        raise RulesetError(name, findings)
    object.__setattr__(ruleset, "_verified", True)
    return ruleset


def ruleset_or_default(ruleset: object) -> Ruleset:
    """The ruleset a function was given, or the packaged one for ``None``.

    Anything else is refused with a ``wrong_type`` error naming the
    ``ruleset`` parameter and the value given.
    """
    if ruleset is None:
        return default_ruleset()
    return expect(ruleset, Ruleset, field="ruleset", expected="a Ruleset or None")


@functools.cache
def default_ruleset() -> Ruleset:
    """The packaged ruleset: the assessment tool with the documented interpretations."""
    from importlib import resources  # only when the packaged ruleset is first needed

    text = resources.files("ithrive.rules").joinpath(DEFAULT_RULESET_FILE).read_bytes()
    return load_ruleset(tomllib.loads(text.decode("utf-8")))
