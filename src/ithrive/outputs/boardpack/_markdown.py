"""The board pack as Markdown, with tables in place of charts."""

from __future__ import annotations

from collections.abc import Sequence

from ithrive.base.escape import escape_markdown
from ithrive.instruments.progress import GroupProgress, Progress
from ithrive.instruments.status import normal_text
from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.outputs.boardpack._model import (
    RULE_TEXT,
    SERIES,
    PackContents,
    flags_text,
    group_tallies,
    level_text,
    percent,
    series_counts,
    spread_text,
    status_text,
    views_text,
)

__all__ = ["MarkdownPage"]


def _md(value: object) -> str:
    """Any value as inert Markdown text on one line: ``escape_markdown``."""
    return escape_markdown(value)


def _table(heads: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    out = [
        "| " + " | ".join(_md(h) for h in heads) + " |",
        "|" + "|".join("---" for _ in heads) + "|",
    ]
    out.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in rows)
    return [*out, ""]


class MarkdownPage:
    """The Markdown rendering of one board pack."""

    def __init__(self, pack: PackContents) -> None:
        self.p = pack

    def page(self) -> str:
        p = self.p
        out = [f"# {_md(p.title)}", ""]
        if p.scorecard is not None:
            out += ["## The assessment", ""]
            out += _table(
                ["Item", "Title", "Level", "THRIVE-like"],
                [
                    (
                        r.item,
                        FRAMEWORK.item(r.item).title,
                        level_text(r.level),
                        "yes"
                        if r.level is not None and int(r.level) >= int(THRIVE_LIKE_AT)
                        else "no",
                    )
                    for r in p.scorecard.items
                ],
            )
        if p.workshop is not None:
            w = p.workshop
            groups = [g for g, _ in w.areas]
            out += [
                "## The checklist workshop",
                "",
                _md(
                    f"{w.respondents} stakeholders"
                    + (f" on {w.date}" if w.date else "")
                    + f", grouped by {w.by}: "
                    + ", ".join(f"{g} ({n})" for g, n in w.areas)
                    + "."
                ),
                "",
            ]
            keys = [label for _, label, _ in SERIES]
            out += _table(
                ["Action", *keys],
                [
                    (f"{e.entry} {e.title}", *(c for _, c in series_counts(e.overall)))
                    for e in w.entries
                ],
            )
            out += [f"### Views by {_md(w.by)}", ""]
            order = sorted(w.entries, key=lambda e: (e.agreement != "conflict", -(e.spread or 0)))
            out += _table(
                ["Action", *groups, "Agreement", "Spread", "Spread of answers"],
                [
                    (
                        e.entry,
                        *(
                            "-" if (t := by_group[normal_text(g)]).modal is None else t.modal.label
                            for by_group in [group_tallies(e)]
                            for g in groups
                        ),
                        e.agreement.replace("_", " "),
                        spread_text(e.spread),
                        spread_text(e.overall.spread),
                    )
                    for e in order
                ],
            )
            if w.comments:
                out += ["### Comments", ""]
                out += [
                    f"- {_md(entry)} {_md(c.area)}: {_md(c.text)} ({_md(status_text(c.status))})"
                    for entry, c in w.comments
                ]
                out.append("")
        if p.facilitator is not None:
            f = p.facilitator
            out += ["## Facilitator's summary (Group Exercise 2)", ""]
            for title, tallies in (
                ("1. Common responses", f.common),
                ("2. Conflicting responses", f.conflicting),
            ):
                out += [f"### {title}", ""]
                out += [f"- {_md(e.entry)} {_md(e.title)}: {_md(views_text(e))}" for e in tallies]
                out += [""] if tallies else ["None.", ""]
            for title, notes in (
                ("3. Issues needing support", f.support),
                ("4. Examples of best practice", f.best_practice),
            ):
                out += [f"### {title}", ""]
                out += [f"- {_md(n.entry)}: {_md(n.text)} ({_md(n.group)})" for n in notes]
                out += [""] if notes else ["None.", ""]
        for gaps, heading in ((p.gaps, "checklist"), (p.standards_gaps, "GM standards")):
            if gaps is None:
                continue
            out += [f"## Gap analysis: the {heading}", ""]
            if gaps.rule is not None:
                out += [_md(f"Consensus rule {gaps.rule}: {RULE_TEXT[gaps.rule]}."), ""]
            flagged = gaps.rule is not None  # ties and dissent exist only for a workshop
            extra = ["Tie or dissent"] if flagged else []
            out += ["### To-do list", ""]
            out += _table(
                ["#", "Entry", "Status", "Serves", *extra],
                [
                    (n, f"{a.action} {a.title}", status_text(a.status), ", ".join(a.items),
                     *([flags_text(a.tied, a.dissent)] if flagged else []))
                    for n, a in enumerate(gaps.actions, start=1)
                ],
            )  # fmt: skip
            out += ["### Second look", ""]
            if not gaps.second_look:
                out += ["None.", ""]
                continue
            out += _table(
                ["Entry", "Serves", "Lowest level", *extra],
                [
                    (f"{s.action} {s.title}", ", ".join(s.items), level_text(s.lowest_level),
                     *([flags_text(s.tied, s.dissent)] if flagged else []))
                    for s in gaps.second_look
                ],
            )  # fmt: skip
        if p.plan_progress is not None and p.position is not None:
            where = p.position
            out += ["## The Approach to Implementation", ""]
            if where.current_phase is None:
                out += ["Every step that applies is in place.", ""]
            else:
                phase = where.current_phase
                out += [_md(f"The plan is in phase {phase.number}: {phase.title}."), ""]
                out += [
                    f"- Step {_md(s.step.number)}: {_md(s.step.title)} "
                    f"({_md(status_text(s.status))})"
                    for s in where.next_steps
                ]
                out.append("")
            out += _progress_table(p.plan_progress, "Phase")
        if p.standards_progress is not None:
            out += ["## The GM i-THRIVE Standards", ""]
            out += _progress_table(p.standards_progress, "Section")
        if p.comparison is not None:
            c = p.comparison
            out += [f"## Since the last workshop ({_md(c.before_date or 'earlier')})", ""]
            for title, changes in (
                ("Moved forward", c.moved_forward),
                ("Moved back", c.moved_back),
                ("Newly answered", c.newly_answered),
            ):
                out += [f"### {title}", ""]
                out += [
                    f"- {_md(x.entry)} {_md(x.title)}: {_md(status_text(x.before))} to "
                    f"{_md(status_text(x.after))}"
                    for x in changes
                ]
                out += [""] if changes else ["None.", ""]
        return "\n".join(out).rstrip("\n") + "\n"


def _progress_table(prog: Progress, what: str) -> list[str]:
    groups: tuple[GroupProgress, ...] = (*prog.groups, prog.total)
    return _table(
        [what, "Apply", "In place", "In progress", "Not started", "Don't know", "Blank"],
        [
            (g.title, f"{g.applicable} of {g.entries}", percent(g.share("in_place")),
             percent(g.share("in_progress")), g.not_started, g.dont_know, g.blank)
            for g in groups
        ],
    )  # fmt: skip
