"""Generate docs/scoring-guide.md from the packaged framework and ruleset.

The scoring guide documents every item of the assessment tool: its
principle, citation and measure, the evidence it accepts, its band table and
gates (measured items) or its criteria (indicator items), its four level
descriptors, the interpretation decisions that apply, and an evidence example
that is scored here, while generating, to show the level it gets.

Everything comes from ``ithrive.FRAMEWORK``, ``ithrive.default_ruleset()``
and the decision headings of ``docs/interpretation.md``, so the guide cannot
disagree with the code; ``tests/test_docs.py`` checks that the committed file
equals this script's output.

Usage (from the repository root)::

    python tools/gen_scoring_guide.py          # write docs/scoring-guide.md
    python tools/gen_scoring_guide.py --check  # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

import ithrive  # noqa: E402
from ithrive.model import Item, Level  # noqa: E402
from ithrive.rules import Criterion, Gate, GateEffect, ItemRule, Measure, Ruleset  # noqa: E402

OUTPUT = ROOT / "docs" / "scoring-guide.md"
REGISTER = ROOT / "docs" / "interpretation.md"

#: A decision heading in the interpretation register: ``## D7: Title {#d7}``.
_DECISION_HEADING = re.compile(r"^## (D\d+): (.+?) \{#(d\d+)\}\s*$", re.MULTILINE)

_LEVEL_LABELS = {
    1: "some way to go",
    2: "not yet THRIVE-like",
    3: "THRIVE-like",
    4: "very THRIVE-like",
}

_QUANTITY_WORDS = {
    "percent": "percent",
    "agreement": "percent of respondents who agree",
    "mean": "mean score",
    "count": "count",
}

#: Decisions the engine applies by kind of item, whatever the ruleset cites.
_GENERAL_SCOPE = {
    "D10": "every measured item",
    "D12": "every item",
    "D13": "every part of a multi-part principle",
    "D15": "every staff survey",
    "D16": "every measured item",
}

_EFFECT_WORDS = {
    GateEffect.CAP: "caps the level at {level}",
    GateEffect.INSUFFICIENT: "no level: insufficient evidence",
    GateEffect.WARN: "warning; the level stands",
}


def read_decisions(path: Path = REGISTER) -> dict[str, str]:
    """Map each decision id (``"D7"``) to its title, from the register's headings."""
    text = path.read_text("utf-8")
    found: dict[str, str] = {}
    for did, title, anchor in _DECISION_HEADING.findall(text):
        if anchor != did.lower():
            raise ValueError(f"{path}: heading {did} has anchor #{anchor}, expected #{did.lower()}")
        found[did] = title
    if not found:
        raise ValueError(f"{path}: no decision headings such as '## D1: Title {{#d1}}'")
    return found


#: A row of the register's summary table: ``| [D7](#d7) | one line | items |``.
_SUMMARY_ROW = re.compile(r"^\| \[(D\d+)\]\(#d\d+\) \| .+ \| (.+) \|\s*$", re.MULTILINE)

#: An item id as the register's summary table names it.
_ITEM_ID = re.compile(r"\b(?:macro|meso|micro)\.\d[abc]?\b")


def read_concerns(path: Path = REGISTER) -> dict[str, set[str]]:
    """Map each item id to the decisions whose row in the register's summary table names it.

    These include decisions the ruleset does not cite (what is counted before
    the evidence reaches ithrive, where a warning's figure comes from), which
    still apply to the item.
    """
    found: dict[str, set[str]] = {}
    for did, items in _SUMMARY_ROW.findall(path.read_text("utf-8")):
        for item_id in _ITEM_ID.findall(items):
            found.setdefault(item_id, set()).add(did)
    return found


def _escape(text: str) -> str:
    """Escape Markdown's active characters in prose taken from data."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _code(text: object) -> str:
    return f"`{text}`"


def _anchor(item_id: str) -> str:
    return item_id.replace(".", "-")


def _decision_key(did: str) -> int:
    return int(did[1:])


def _decisions_of(item: Item, rule: ItemRule) -> tuple[list[str], list[str]]:
    """The decisions about the item (cited by the ruleset, or naming the item in the
    register's summary table), and those the engine applies to it."""
    cited: list[str] = list(rule.decisions) + sorted(read_concerns().get(item.id, ()))
    for measure in rule.measures:
        cited.extend(measure.decisions)
        for gate in measure.gates:
            cited.extend(gate.decisions)
    if rule.indicators is not None:
        cited.extend(rule.indicators.decisions)
    general = ["D12"]
    if rule.measures:
        general += ["D10", "D16"]
    if any(m.kind == "survey" for m in rule.measures):
        general.append("D15")
    if len(ithrive.FRAMEWORK.principle(item.principle).items) > 1:
        general.append("D13")
    cited_set = set(cited)
    return (
        sorted(cited_set, key=_decision_key),
        sorted(set(general) - cited_set, key=_decision_key),
    )


# ---------------------------------------------------------------- bands and gates


def _fmt(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return str(float(value))


def _reads_as(measure: Measure, lower: Fraction, upper: Fraction, lo_c: bool, hi_c: bool) -> str:
    if measure.integer:
        values = [
            str(v) for v in range(int(lower) + (0 if lo_c else 1), int(upper) + (1 if hi_c else 0))
        ]
        return ", ".join(values)
    name = measure.quantity
    low = f"{_fmt(lower)} {'≤' if lo_c else '<'} {name}"
    return f"{low} {'≤' if hi_c else '<'} {_fmt(upper)}"


def _band_table(measure: Measure) -> list[str]:
    values_head = "values" if measure.integer else "reads as"
    lines = [f"| level | interval | {values_head} |", "|---|---|---|"]
    for band in measure.bands:
        iv = band.interval
        reads = _reads_as(measure, iv.lower, iv.upper, iv.lower_closed, iv.upper_closed)
        lines.append(f"| {int(band.level)} | {_code(iv)} | {reads} |")
    return lines


def _gate_table(gates: Iterable[Gate], decisions: dict[str, str]) -> list[str]:
    lines = ["| gate | when | effect | why | decision |", "|---|---|---|---|---|"]
    for gate in gates:
        effect = _EFFECT_WORDS[gate.effect].format(level=int(gate.level) if gate.level else "")
        links = ", ".join(f"[{d}](interpretation.md#{d.lower()})" for d in gate.decisions)
        lines.append(
            f"| {_code(gate.id)} | {_code(gate.field)} in {_code(gate.when)} | {effect} "
            f"| {_escape(gate.reason)} | {links} |"
        )
    return lines


# ---------------------------------------------------------------- criteria


def _criterion_type(c: Criterion) -> str:
    if not c.is_ordinal:
        return "true / false"
    return " < ".join(_code(v) for v in c.values)


def _criterion_needs(c: Criterion) -> str:
    if not c.is_ordinal:
        assert c.level is not None
        levels = f"level {int(c.level)}" if c.level == Level.FOUR else f"levels {int(c.level)}-4"
        return f"{levels}: true"
    parts = []
    for level, label in c.requires:
        top = label == c.values[-1]
        parts.append(f"level {int(level)}: {_code(label)}{'' if top else ' or higher'}")
    return "; ".join(parts)


def _criteria_table(criteria: Iterable[Criterion]) -> list[str]:
    lines = ["| criterion | values | needed for | what it records |", "|---|---|---|---|"]
    for c in criteria:
        lines.append(
            f"| {_code(c.id)} | {_criterion_type(c)} | {_criterion_needs(c)} | {_escape(c.text)} |"
        )
    return lines


# ---------------------------------------------------------------- examples


def _midpoint(measure: Measure, level: Level) -> Fraction:
    band = next(b for b in measure.bands if b.level == level)
    return Fraction(band.interval.lower + band.interval.upper, 2)


def _example_piece(measure: Measure, *, named: bool) -> dict[str, Any]:
    """A piece of evidence for ``measure`` whose value lies mid-way in its level 3 band."""
    mid = _midpoint(measure, Level.THREE)
    piece: dict[str, Any] = {"kind": measure.kind}
    if named:
        piece["measure"] = measure.name
    if measure.kind == "proportion":
        if named and measure.name == "integrate":
            piece["percent"] = int(mid) if mid.denominator == 1 else float(mid)
        else:
            piece.update(numerator=round(mid * 40 / 100), denominator=40)
    elif measure.kind == "survey":
        piece.update(agree=round(mid * 40 / 100), respondents=40, eligible=60)
    elif measure.kind == "count":
        band = next(b for b in measure.bands if b.level == Level.THREE)
        piece["count"] = band.interval.integers()[0]
    elif measure.kind == "collaborate":
        piece.update(mean=float(mid), offered_percent=60, encounters=40)
    else:  # pragma: no cover - the verifier allows no other measured kind
        raise ValueError(f"no example for {measure.kind} evidence")
    return piece


def _example_value(c: Criterion) -> bool | str:
    """The lowest value of the criterion that still allows level 3."""
    candidates: list[bool | str] = list(c.values) if c.is_ordinal else [False, True]
    return next(v for v in candidates if c.supports(v) >= Level.THREE)


def example_evidence(rule: ItemRule) -> Any:
    """Evidence for one item that the packaged ruleset scores at level 3."""
    if rule.measures:
        named = len(rule.measures) > 1
        pieces = [_example_piece(m, named=named) for m in rule.measures]
        return pieces[0] if len(pieces) == 1 else pieces
    if rule.indicators is not None:
        return {
            "kind": "indicators",
            "criteria": {c.id: _example_value(c) for c in rule.indicators.criteria},
        }
    return {"kind": "rating", "level": 3, "rater": "stakeholder workshop"}


# ---------------------------------------------------------------- pages


def _item_section(
    item: Item, rule: ItemRule, ruleset: Ruleset, decisions: dict[str, str]
) -> list[str]:
    principle = ithrive.FRAMEWORK.principle(item.principle)
    part = ""
    if item.part:
        part = f", part {item.part} of {len(principle.items)}"
    out = [
        f"### {item.id}: {_escape(item.title)} {{#{_anchor(item.id)}}}",
        "",
        f"**Principle.** {principle.id}{part}: {_escape(principle.title)}.",
        "",
        f"**Citation.** {_escape(item.citation)}.",
        "",
        f"**Measured by.** {_escape(item.measure)}",
        "",
        "**Accepts.** "
        + ", ".join(f"[`{k}`](reference/evidence.md#{k})" for k in rule.accepts)
        + " evidence.",
        "",
    ]
    for measure in rule.measures:
        where = f"measure {_code(measure.name)}: {_code(measure.kind)} evidence"
        out += [
            f"**Bands ({where}).** {_escape(measure.description)}; "
            f"banded on the {_QUANTITY_WORDS[measure.quantity]}, "
            f"valid range {_code(measure.domain)}.",
            "",
            *_band_table(measure),
            "",
        ]
        if measure.gates:
            out += [
                f"**Gates ({_code(measure.name)}).**",
                "",
                *_gate_table(measure.gates, decisions),
                "",
            ]
    if rule.indicators is not None:
        out += [
            "**Criteria.** Give each as a key of an `indicators` evidence's `criteria`.",
            "",
            *_criteria_table(rule.indicators.criteria),
            "",
        ]
    out += ["**Level descriptors.**", ""]
    for descriptor in item.levels:
        level = int(descriptor.level)
        out.append(f"- **Level {level}** ({_LEVEL_LABELS[level]})")
        out += [f"    - {_escape(text)}" for text in descriptor.criteria]
    out.append("")
    cited, general = _decisions_of(item, rule)
    out += ["**Decisions.**", ""]
    out += [f"- [{d}](interpretation.md#{d.lower()}): {decisions[d]}" for d in cited]
    out += [
        f"- [{d}](interpretation.md#{d.lower()}): {decisions[d]} (applies to {_GENERAL_SCOPE[d]})"
        for d in general
    ]
    out.append("")
    example = example_evidence(rule)
    result = ithrive.score({item.id: example}, ruleset)[item.id]
    if result.level != Level.THREE or result.warnings:
        raise AssertionError(f"{item.id}: the example should score level 3 cleanly, got {result}")
    out += [
        "**Example.** This evidence, scored on its own with the packaged ruleset, "
        f"gives level {int(result.level)}:",
        "",
        "```json",
        json.dumps({item.id: example}, indent=2),
        "```",
        "",
        f"> {_escape(result.explanation)}",
        "",
    ]
    return out


def render(ruleset: Ruleset | None = None, decisions: dict[str, str] | None = None) -> str:
    """The whole scoring guide as Markdown text."""
    rules = ithrive.default_ruleset() if ruleset is None else ruleset
    titles = read_decisions() if decisions is None else decisions
    fw = ithrive.FRAMEWORK
    out = [
        "<!-- Generated by tools/gen_scoring_guide.py from ithrive.FRAMEWORK and",
        "     ithrive.default_ruleset(); do not edit by hand. Regenerate with:",
        "     python tools/gen_scoring_guide.py -->",
        "",
        "# Scoring guide",
        "",
        f"How each of the {len(fw)} items of the assessment tool is scored by the packaged "
        f"ruleset {_code(rules.name)} {rules.version}. For every item: the principle it rates, "
        "where the assessment tool describes it, the evidence it accepts, its band table "
        "and gates or its criteria, its four level descriptors (summarised), the "
        "[interpretation decisions](interpretation.md) that apply, and an example that "
        "scores level 3.",
        "",
        "Every item also accepts a panel [`rating`](reference/evidence.md#rating) "
        "(level 1-4); measured or indicator evidence that yields a level takes "
        "precedence over it ([D12](interpretation.md#d12)). Intervals read as in "
        "mathematics: `[40, 60)` holds 40 and everything below 60. "
        "[How scoring works](explanation/scoring.md) explains bands, gates and criteria.",
        "",
        "| item | title | scored from | decisions |",
        "|---|---|---|---|",
    ]
    for item in fw:
        rule = rules.rule(item.id)
        kinds = ", ".join(_code(k) for k in rule.accepts)
        cited, _ = _decisions_of(item, rule)
        links = ", ".join(f"[{d}](interpretation.md#{d.lower()})" for d in cited)
        out.append(
            f"| [{item.id}](#{_anchor(item.id)}) | {_escape(item.title)} | {kinds} | {links} |"
        )
    out.append("")
    for system in fw.systems:
        out += [f"## {system.title} {{#{system.id}}}", "", _escape(system.scope), ""]
        for item in fw:
            if item.system == system.id:
                out += _item_section(item, rules.rule(item.id), rules, titles)
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the scoring guide, or with ``--check`` report whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="file to write")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text("utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; run: python tools/gen_scoring_guide.py")
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_text(text, "utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
