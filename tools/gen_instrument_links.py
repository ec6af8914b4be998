"""Generate docs/reference/instrument-links.md from the packaged instrument files.

The page documents every link from a checklist action or a GM standard to an
assessment item, with its strength, the reason recorded for it and the words
it turns on in each source, and why each unlinked entry has no link; the step 3.3 plan elements
and the checklist actions they correspond to, with the wording differences;
and which items each instrument covers. Everything comes from
``ithrive.instruments`` and ``ithrive.FRAMEWORK``, so the page cannot
disagree with the data; ``tests/test_instrument_links.py`` checks that the
committed file equals this script's output.

Usage (from the repository root)::

    python tools/gen_instrument_links.py          # write docs/reference/instrument-links.md
    python tools/gen_instrument_links.py --check  # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from ithrive import FRAMEWORK  # noqa: E402
from ithrive.instruments import (  # noqa: E402
    Action,
    Checklist,
    Standard,
    Standards,
    default_approach,
    default_checklist,
    default_gm_standards,
)
from ithrive.instruments.link import ItemLink  # noqa: E402

OUTPUT = ROOT / "docs" / "reference" / "instrument-links.md"


def _cell(text: str) -> str:
    """Text made safe for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _item(item_id: str) -> str:
    """An item id linked to its entry in the scoring guide."""
    return f"[{item_id}](../scoring-guide.md#{item_id.replace('.', '-')})"


def _turns_on(where: str, link: ItemLink) -> str:
    """The words a link turns on, in the entry's source and in the assessment tool."""
    return _cell(f'{where}: "{link.quote}"; {link.item}, {link.place}: "{link.item_quote}"')


def _served(entries: tuple[Action, ...] | tuple[Standard, ...], item_id: str) -> str:
    """The entries linked to an item, direct ones in bold."""
    names = [
        f"**{entry.id}**" if link.strength.value == "direct" else entry.id
        for entry in entries
        for link in entry.links
        if link.item == item_id
    ]
    return ", ".join(names) or "none"


def _coverage(checklist: Checklist, standards: Standards) -> list[str]:
    lines = [
        "## Coverage",
        "",
        "Which checklist actions and GM standards serve each assessment item; direct links "
        "are in bold. An item may have none: a link must rest on words of both sources.",
        "",
        "| item | title | checklist actions | GM standards |",
        "|---|---|---|---|",
    ]
    for item in FRAMEWORK:
        lines.append(
            f"| {_item(item.id)} | {_cell(item.title)} | "
            f"{_served(checklist.actions, item.id)} | {_served(standards.standards, item.id)} |"
        )
    return lines


def _unlinked(entries: tuple[Action, ...] | tuple[Standard, ...]) -> list[str]:
    rows = [
        f"| **{e.id}** | {_cell(e.title)} | {_cell(e.unlinked)} |" for e in entries if not e.links
    ]
    if not rows:
        return []
    return ["", "Not linked to any item:", "", "| entry | title | why |", "|---|---|---|", *rows]


def _checklist(checklist: Checklist) -> list[str]:
    lines = [
        "## Checklist actions",
        "",
        f"The {len(checklist)} actions of the implementation checklist "
        f"(`{checklist.source}`, version {checklist.version}), in form order. "
        "*Row* is the action's row in the form and *line* the source line.",
        "",
        "| action | title | row (line) | item | strength | reason | turns on |",
        "|---|---|---|---|---|---|---|",
    ]
    for action in checklist.actions:
        for i, link in enumerate(action.links):
            head = (
                f"**{action.id}** | {_cell(action.title)} | {action.row} ({action.line})"
                if i == 0
                else " | | "
            )
            lines.append(
                f"| {head} | {_item(link.item)} | {link.strength.value} | {_cell(link.reason)} "
                f"| {_turns_on(f'row {action.row}', link)} |"
            )
    return [*lines, *_unlinked(checklist.actions)]


def _elements(checklist: Checklist) -> list[str]:
    approach = default_approach()
    step = next(s for s in approach.steps if s.elements)
    lines = [
        "## Minimum plan elements (step 3.3)",
        "",
        f"Step {step.number} of the Approach to Implementation (`{approach.source}`) lists "
        f"{len(step.elements)} minimum elements of a plan; each is a checklist action in older "
        "wording. Where the wording differs beyond letter case, the difference is noted.",
        "",
        "| line | action | title | older wording |",
        "|---|---|---|---|",
    ]
    for element in step.elements:
        action = checklist.action(element.action)
        lines.append(
            f"| {element.line} | {action.id} | {_cell(action.title)} | "
            f"{_cell(element.difference) or 'same'} |"
        )
    return lines


def _standards(standards: Standards) -> list[str]:
    lines = [
        "## GM standards",
        "",
        f"The {len(standards)} standards of the {standards.title} (`{standards.source}`, "
        f"version {standards.version}), section by section. *Line* is the source line of the "
        "standard's number.",
    ]
    for section in standards.sections:
        groupings = ", ".join(g.title for g in FRAMEWORK.groupings if g.id in section.groupings)
        lines += [
            "",
            f"### {section.number}. {section.title}",
            "",
        ]
        if groupings:
            lines += [f"Needs-based groupings: {groupings}.", ""]
        if section.note:
            lines += [section.note, ""]
        lines += [
            "| standard | title | line | item | strength | reason | turns on |",
            "|---|---|---|---|---|---|---|",
        ]
        for standard in section.standards:
            for i, link in enumerate(standard.links):
                head = (
                    f"**{standard.id}** | {_cell(standard.title)} | {standard.line}"
                    if i == 0
                    else " | | "
                )
                lines.append(
                    f"| {head} | {_item(link.item)} | {link.strength.value} | "
                    f"{_cell(link.reason)} | {_turns_on(f'standard {standard.number}', link)} |"
                )
        lines += _unlinked(section.standards)
    return lines


def render() -> str:
    """The page's Markdown text."""
    checklist = default_checklist()
    standards = default_gm_standards()
    lines = [
        "<!-- Generated by tools/gen_instrument_links.py from the packaged instrument files;",
        "     do not edit by hand. Regenerate with: python tools/gen_instrument_links.py -->",
        "",
        "# Instrument links",
        "",
        "Checklist actions and GM standards are linked to the assessment items they serve. "
        "A link is **direct** when the entry, once in place, meets (part of) a criterion of "
        "the item at the level it cites, or is what the item's measure counts; **related** "
        "when the entry and the item's wording name the same practice, measure or group "
        "without the entry meeting a criterion. A shared general aim is not enough: an entry "
        "no item's wording supports is left unlinked, and says why. Each link gives its "
        "reason in one line and the few words it turns on: in the entry's source (the "
        "checklist row, the standard) and in the assessment tool (the item's level, or its "
        "principle and measure columns); a test finds each of them there. The descriptors "
        "are summarised in the [scoring guide](../scoring-guide.md). The "
        "[gap analysis](../guides/instruments.md) reads direct links first. The links live "
        "in `src/ithrive/instruments/checklist.toml` and `gm_standards.toml`; this page is "
        "generated from them.",
        "",
        *_coverage(checklist, standards),
        "",
        *_checklist(checklist),
        "",
        *_elements(checklist),
        "",
        *_standards(standards),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the page, or with ``--check`` report whether the committed page is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUTPUT.read_text("utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale; run tools/gen_instrument_links.py")
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, "utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
