"""A plain-text scorecard for terminals: levels, verdicts and warnings within 100 columns."""

from __future__ import annotations

import re
import textwrap
import unicodedata

from ithrive.base.bounds import bounded_int
from ithrive.base.escape import escape_terminal
from ithrive.base.formatting import format_number
from ithrive.errors import wrong_type
from ithrive.model import FRAMEWORK
from ithrive.scorecard._card import Scorecard
from ithrive.scorecard._summary import overall_text

__all__ = ["overall_text", "render_table"]

_BAR = {None: "    ", 1: "#   ", 2: "##  ", 3: "### ", 4: "####"}
_VERDICT = {None: "-", True: "yes", False: "no"}

#: The widest table :func:`render_table` draws.
MAX_WIDTH = 1_000


#: Control characters (newlines, tabs, terminal escapes): never written to a terminal as given.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _columns(text: str) -> int:
    """Terminal columns ``text`` takes: wide (East Asian) characters two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` terminal columns, ending in "..." when cut."""
    if _columns(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        used += _columns(c)
        if used > width - 3:
            break
        out.append(c)
    return "".join(out) + "..."


def _plain(text: str) -> str:
    """``text`` with each control character (from a locality, rater or note) as a space."""
    return _CONTROL.sub(" ", text)


def render_table(card: Scorecard, *, width: int = 100) -> str:
    """Render ``card`` as a text table no wider than ``width`` columns (72 to 1000).

    Every item appears with its level, a bar against the THRIVE-like line,
    its verdict, what decided it and its title; warnings and insufficient
    evidence follow, then the principle, system and overall summaries.
    """
    if not isinstance(card, Scorecard):
        raise wrong_type(card, "a Scorecard", field="card")
    width = max(bounded_int(width, field="width", high=MAX_WIDTH), 72)
    lines: list[str] = []
    # Text from the input is escaped (and right-to-left text isolated) before the layout.
    name = escape_terminal(card.locality or "Unnamed locality")
    date = escape_terminal(card.date) if card.date else None
    ruleset = f"ruleset {escape_terminal(card.ruleset)} {escape_terminal(card.ruleset_version)}"
    tail = " | ".join(p for p in (date, ruleset) if p)
    head = f"{name} | {tail}"
    if _columns(head) > width and width - _columns(tail) - 3 >= 20:
        # Clip a long locality rather than lose the date and the ruleset.
        head = f"{_clip(name, width - _columns(tail) - 3)} | {tail}"
    lines.append(_clip(head, width))
    lines.append("=" * min(width, max(_columns(head), 60)))
    fixed = 9 + 6 + 5 + 8 + 22
    lines.append(f"{'item':<9}{'level':<6}{'':<5}{'THRIVE':<8}{'decided by':<22}title")
    system = None
    for result in card:
        item = FRAMEWORK.item(result.item)
        if item.system != system:
            system = item.system
            lines.append(f"-- {FRAMEWORK.system(system).title} " + "-" * (width - 7 - len(system)))
        level = "-" if result.level is None else str(int(result.level))
        bar = _BAR[None if result.level is None else int(result.level)]
        basis = escape_terminal(result.basis or result.status.value.replace("_", " "))
        lines.append(
            f"{result.item:<9}{level:<6}{bar:<5}{_VERDICT[result.thrive_like]:<8}"
            f"{_clip(basis, 21):<22}{_clip(item.title, width - fixed)}"
        )
    notes = [(r.item, escape_terminal(str(w))) for r in card for w in r.warnings] + [
        (r.item, escape_terminal(r.explanation.split(": ", 1)[-1]))
        for r in card
        if r.status.value == "insufficient_evidence"
    ]
    if notes:
        lines.append("")
        lines.append("Warnings and gaps:")
        for item_id, text in notes:
            wrapped = textwrap.wrap(text, width - 12)
            lines.append(f"  {item_id:<9} {wrapped[0]}")
            lines.extend(f"  {'':<9} {more}" for more in wrapped[1:])
    lines.append("")
    lines.append("Principles:")
    for p in card.principles:
        level = "-" if p.level is None else str(int(p.level))
        parts = f" ({', '.join(p.items)})" if len(p.items) > 1 else ""
        title = FRAMEWORK.principle(p.principle).title
        lines.append(
            _clip(f"  {p.principle:<9}{level:<3}{_VERDICT[p.thrive_like]:<5}{title}{parts}", width)
        )
    lines.append("")
    for s in card.systems:
        mean = "-" if s.mean_level is None else format_number(s.mean_level, places=2)
        summary = (
            f"{FRAMEWORK.system(s.system).title + ':':<7} "
            f"items rated {s.items_rated}/{s.items_total}, "
            f"THRIVE-like {s.items_thrive_like}; principles THRIVE-like "
            f"{s.principles_thrive_like}/{s.principles_total}; mean item level {mean}"
        )
        lines.extend(textwrap.wrap(summary, width, subsequent_indent=" " * 8))
    lines.extend(textwrap.wrap("Overall: " + overall_text(card), width, subsequent_indent="  "))
    return "\n".join(_plain(line) for line in lines) + "\n"
