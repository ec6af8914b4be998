"""The Markdown report: the HTML report's content as Markdown, every value escaped.

Re-exported by :mod:`ithrive.scorecard.report`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ithrive.base.escape import escape_markdown
from ithrive.base.formatting import format_number
from ithrive.evidence import describe
from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.scorecard._card import Scorecard, scorecards
from ithrive.scorecard._results import ItemResult
from ithrive.scorecard._sections import (
    BARE_TEXT,
    Extras,
    ReportSection,
    card_label,
    default_heading,
    describe_in_full,
    is_bare,
    ithrive_version,
    level_text,
    report_title,
    sections_of,
)
from ithrive.scorecard._summary import overall_text
from ithrive.scorecard._tables import VERDICT, level_int

__all__ = [
    "render_markdown",
]


def _md(text: object) -> str:
    """Text for a Markdown table cell, heading, list entry or paragraph: inert, one line."""
    return escape_markdown(text)


def _md_tag(code: str) -> str:
    """A warning's code in brackets, as a code span when that is safe."""
    span = _mdc(code)
    return f"`[{span[1:-1]}]`" if span.startswith("`") else f"\\[{span}\\]"


def _mdc(text: object) -> str:
    """An id, code or name for Markdown: a code span when that is safe, else escaped text."""
    return escape_markdown(text, code=True)


def _md_table(heads: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(heads) + " |", "|" + "|".join("---" for _ in heads) + "|"]
    out.extend("| " + " | ".join(row) + " |" for row in rows)
    return out


def _md_card(card: Scorecard, sections: Sequence[ReportSection], h: str) -> list[str]:
    out = [
        f"Ruleset {_mdc(card.ruleset)} {_md(card.ruleset_version)}; "
        f"{'every' if card.complete else 'not every'} principle rated.",
        "",
        f"**Overall: {_md(overall_text(card))}**",
        "",
        f"{h}# System levels",
        "",
    ]
    out += _md_table(
        [
            "System level",
            "Items rated",
            "Items THRIVE-like",
            "Principles THRIVE-like",
            "Mean item level",
        ],
        (
            [
                FRAMEWORK.system(s.system).title,
                f"{s.items_rated} of {s.items_total}",
                str(s.items_thrive_like),
                f"{s.principles_thrive_like} of {s.principles_total}",
                "-" if s.mean_level is None else format_number(s.mean_level, places=2),
            ]
            for s in card.systems
        ),
    )
    out += ["", f"{h}# Principles", ""]
    out += _md_table(
        ["Principle", "Title", "Items", "Level", "THRIVE-like"],
        (
            [
                _mdc(p.principle),
                _md(FRAMEWORK.principle(p.principle).title),
                ", ".join(_mdc(i) for i in p.items),
                level_text(level_int(p.level)),
                VERDICT[p.thrive_like],
            ]
            for p in card.principles
        ),
    )
    out += [
        "",
        f"{h}# Items",
        "",
        f"Levels run from 1 to 4; an item is THRIVE-like at level {int(THRIVE_LIKE_AT)} or above.",
        "",
    ]
    out += _md_table(
        ["Item", "Title", "Level", "THRIVE-like", "Decided by", "Evidence"]
        + [_md(s.title) for s in sections],
        (
            [
                _mdc(r.item),
                _md(FRAMEWORK.item(r.item).title),
                level_text(level_int(r.level)),
                VERDICT[r.thrive_like],
                _md(r.basis or r.status.value.replace("_", " ")),
                _md("; ".join(describe(ev) for ev in r.evidence) or "none"),
                *(_md(s.text(r.item)) for s in sections),
            ]
            for r in card
        ),
    )
    for s in sections:
        if s.summary:
            out += ["", f"{h}# {_md(s.title)}", ""]
            paras = [p.strip() for p in s.summary.split("\n\n") if p.strip()]
            for para in paras:
                out += [_md(para), ""]
            out.pop()
    out += ["", f"{h}# Item details"]
    bare = [r.item for r in card if is_bare(r, sections)]
    if bare:
        out += ["", f"**{BARE_TEXT}:** " + ", ".join(_mdc(i) for i in bare)]
    for r in card:
        if is_bare(r, sections):
            continue
        level = level_int(r.level)
        evidence = "; ".join(describe_in_full(ev) for ev in r.evidence)
        out += [
            "",
            f"{h}## {_mdc(r.item)} {_md(FRAMEWORK.item(r.item).title)}",
            "",
            f"- **Level:** {level_text(level)}, THRIVE-like: {VERDICT[r.thrive_like]} "
            f"(THRIVE-like from level {int(THRIVE_LIKE_AT)})",
            f"- **Evidence:** {_md(evidence or 'none given')}",
            f"- **Explanation:** {_md(r.explanation)}",
        ]
        if r.unmet:
            out.append(f"- **Unmet for the next level:** {', '.join(_mdc(u) for u in r.unmet)}")
        out.extend(f"- **Warning:** {_md(w.message)} {_md_tag(w.code)}" for w in r.warnings)
        out.extend(
            f"- **{_md(s.title)}:** {_md(s.text(r.item))}" for s in sections if s.text(r.item)
        )
    return out


def render_markdown(
    cards: Scorecard | Sequence[Scorecard],
    *,
    extras: Extras | None = None,
    title: str | None = None,
) -> str:
    """A Markdown report of one or several scorecards (the same content as :func:`render_html`).

    >>> import ithrive
    >>> from ithrive.scorecard.report import render_markdown
    >>> text = render_markdown(ithrive.score({"micro.2": {"kind": "rating", "level": 2}}))
    >>> "- **Level:** 2 of 4, THRIVE-like: no (THRIVE-like from level 3)" in text
    True
    """
    many = scorecards(cards)
    heading = report_title(title) or (
        f"THRIVE assessment: {card_label(many[0])}" if len(many) == 1 else "THRIVE assessments"
    )
    out = [f"# {_md(heading) if title else default_heading(many, _md)}", ""]
    if len(many) == 1:
        out += _md_card(many[0], sections_of(extras, many[0]), "#")
    else:
        out += ["## Assessments compared", ""]
        out += _md_table(
            ["Item", *(_md(card_label(c)) for c in many)],
            ([_mdc(item.id), *(_md_level(c[item.id]) for c in many)] for item in FRAMEWORK),
        )
        out.append(
            "| **Principles THRIVE-like** | "
            + " | ".join(
                f"{sum(1 for p in c.principles if p.thrive_like)} of {len(c.principles)}"
                for c in many
            )
            + " |"
        )
        out.append(
            "| **Overall THRIVE-like** | " + " | ".join(VERDICT[c.thrive_like] for c in many) + " |"
        )
        for card in many:
            out += ["", f"## {_md(card_label(card))}", ""]
            out += _md_card(card, sections_of(extras, card), "##")
    out += [
        "",
        "---",
        "",
        f"Made with ithrive {_md(ithrive_version())}.",
    ]
    return "\n".join(out) + "\n"


def _md_level(r: ItemResult) -> str:
    if r.level is None:
        return "-"
    return f"{int(r.level)} ({VERDICT[r.thrive_like]})"
