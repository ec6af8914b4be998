"""The ``rules`` commands: ``rules show``, ``rules verify`` and ``rules cases``.

``rules show`` prints a ruleset (a summary, or one item's bands, gates and
criteria) as text or JSON; ``rules verify`` checks a ruleset file and
``rules cases`` lists its boundary cases. An unsound ruleset's findings are
written on standard error and the exit code is 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from ithrive.base.escape import escape_terminal
from ithrive.cli._files import WIDTH, load_ruleset, ruleset_option, write
from ithrive.cli._problems import EXIT_FINDINGS, EXIT_OK, Problem, report_problems
from ithrive.errors import RulesetError

if TYPE_CHECKING:
    from ithrive.rules import Ruleset
    from ithrive.rules.ruleset import ItemRule

__all__ = ["run_rules_cases", "run_rules_show", "run_rules_verify"]


def _wrap(text: str, indent: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def _rule_summary(rule: ItemRule) -> str:
    parts = [f"{m.name} ({m.kind})" for m in rule.measures]
    if rule.indicators is not None:
        parts.append(f"{len(rule.indicators.criteria)} criteria")
    return ", ".join(parts) or "rating only"


def _show_ruleset(rules: Ruleset) -> str:
    import textwrap

    lines = [f"ruleset {rules.name} {rules.version}"]
    if rules.description:
        lines.extend(_wrap(rules.description, ""))
    lines.append("")
    lines.append(f"{'item':<9}{'accepts':<33}measures and criteria")
    for rule in rules:
        row = f"{rule.item:<9}{', '.join(rule.accepts):<33}{_rule_summary(rule)}"
        lines.extend(textwrap.wrap(row, WIDTH, subsequent_indent=" " * 42))
    lines.append("")
    lines.append("Show one item's bands, gates and criteria with: ithrive rules show ITEM")
    return "\n".join(lines) + "\n"


def _show_rule(rule: ItemRule) -> str:
    from ithrive.model import FRAMEWORK

    item = FRAMEWORK.item(rule.item)
    lines = [f"{item.id}: {item.title}"]
    lines.extend(_wrap(f"principle {item.principle} ({item.system}); {rule.citation}", "  "))
    lines.extend(_wrap(f"measure: {item.measure}", "  "))
    lines.append(f"  accepts: {', '.join(rule.accepts)}")
    for m in rule.measures:
        lines.append("")
        lines.extend(_wrap(f"measure {m.name} ({m.kind}, on {m.quantity}): {m.description}", ""))
        lines.append(f"  domain {m.domain}")
        lines.extend(f"  level {int(b.level)}: {b.interval}" for b in m.bands)
        for g in m.gates:
            effect = g.effect.value + (f" {int(g.level)}" if g.level is not None else "")
            lines.extend(_wrap(f"gate {g.id}: {g.field} in {g.when} -> {effect}: {g.reason}", "  "))
        if m.decisions:
            lines.append(f"  interpretation: {', '.join(m.decisions)}")
    if rule.indicators is not None:
        lines.append("")
        lines.append("criteria (give each as true/false or one of its labels):")
        for c in rule.indicators.criteria:
            if c.is_ordinal:
                needs = "; ".join(f"level {int(lv)} needs {label}" for lv, label in c.requires)
                values = " < ".join(c.values)
            else:
                needs = f"level {int(c.first_level)} needs true"
                values = "true/false"
            lines.extend(_wrap(f"{c.id}: {c.text}", "  "))
            lines.extend(_wrap(f"values: {values}; {needs}", "    "))
        if rule.indicators.decisions:
            lines.append(f"  interpretation: {', '.join(rule.indicators.decisions)}")
    if rule.decisions:
        lines.append(f"interpretation: {', '.join(rule.decisions)}")
    return "\n".join(lines) + "\n"


def _for_terminal(text: str) -> str:
    """Text shown on a terminal, line by line: a ruleset's own text may hold anything."""
    return "".join(escape_terminal(line) + "\n" for line in text.splitlines())


def run_rules_show(args: argparse.Namespace) -> int:
    """``ithrive rules show [ITEM]``: a summary of the ruleset, or one item's rules in full."""
    from ithrive.outputs.template import rule_help, select_items

    rules = ruleset_option(args.ruleset)
    if args.item is None:
        if args.format == "json":
            text = json.dumps(
                {
                    "ruleset": {"name": rules.name, "version": rules.version},
                    "items": {r.item: rule_help(r) for r in rules},
                },
                indent=2,
                ensure_ascii=False,
            )
            write(text + "\n", None)
        else:
            write(_for_terminal(_show_ruleset(rules)), None)
        return EXIT_OK
    ids = select_items([args.item])
    if args.format == "json":
        write(
            json.dumps({i: rule_help(rules.rule(i)) for i in ids}, indent=2, ensure_ascii=False)
            + "\n",
            None,
        )
    else:
        write(_for_terminal("\n".join(_show_rule(rules.rule(i)) for i in ids)), None)
    return EXIT_OK


def _report_findings(err: RulesetError, fmt: str = "text", source: str | None = None) -> int:
    """Write a ruleset's findings on standard error, as ``rules verify`` does; return 1."""
    if fmt == "json":
        report_problems(Problem.from_error(err, source), fmt)
    else:
        for finding in err.findings:
            print(escape_terminal(str(finding)), file=sys.stderr)
        print(f"{len(err.findings)} finding(s); the ruleset is not sound", file=sys.stderr)
    return EXIT_FINDINGS


def run_rules_verify(args: argparse.Namespace) -> int:
    """``ithrive rules verify [FILE]``: whether the ruleset is sound (exit code 1 if not)."""
    from ithrive.rules import verify

    try:
        rules = load_ruleset(args.file)
    except RulesetError as err:
        return _report_findings(err, args.errors, args.file)
    findings = verify(rules)
    print(
        f"ruleset {escape_terminal(rules.name)} {escape_terminal(rules.version)}: sound "
        f"({len(rules)} item rules, {len(findings)} findings)"
    )
    return EXIT_OK


def run_rules_cases(args: argparse.Namespace) -> int:
    """``ithrive rules cases [FILE]``: the boundary cases of the ruleset, as JSON."""
    from ithrive.outputs.template import select_items
    from ithrive.rules.cases import boundary_cases

    try:
        rules = load_ruleset(args.file)
    except RulesetError as err:
        return _report_findings(err, args.errors, args.file)
    cases = boundary_cases(rules)
    if args.item is not None:
        wanted = set(select_items([args.item]))
        cases = tuple(c for c in cases if c.item in wanted)
    # One case per line: still one JSON array, and easy to read, grep and diff.
    rows = [json.dumps(c.to_dict(), ensure_ascii=False) for c in cases]
    write("[\n" + ",\n".join(f"  {row}" for row in rows) + "\n]\n" if rows else "[]\n", args.output)
    return EXIT_OK
