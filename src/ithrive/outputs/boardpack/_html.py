"""The board pack as one self-contained HTML page: inline CSS and SVG, no scripts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ithrive.instruments.compare import WorkshopComparison
from ithrive.instruments.facilitator import FacilitatorSummary
from ithrive.instruments.gaps import GapAnalysis
from ithrive.instruments.plan import PlanPosition
from ithrive.instruments.progress import Progress
from ithrive.instruments.status import normal_text
from ithrive.instruments.workshop import EntryTally, WorkshopSummary
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
from ithrive.outputs.boardpack._svg import esc, legend, levels_chart, stacked_bars
from ithrive.scorecard import Scorecard
from ithrive.scorecard.report import PALETTE

__all__ = ["HtmlPage"]

_CSS = """
body { margin: 2em auto; max-width: 74em; padding: 0 1em; color: %(text)s;
  background: %(background)s; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
  Arial, sans-serif; }
h1, h2, h3, p, li { overflow-wrap: anywhere; }
td, th { overflow-wrap: break-word; }
.name { overflow-wrap: anywhere; }
table.many { font-size: 0.8em; }
h1, h2, h3 { line-height: 1.2; }
h2 { border-bottom: 2px solid %(text)s; padding-bottom: 0.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0 1.2em; width: 100%%; }
th, td { border-bottom: 1px solid %(rule)s; padding: 0.25em 0.6em; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 2px solid %(text)s; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.92em;
  white-space: nowrap; }
.muted { color: %(muted)s; }
.flag { font-weight: 600; color: %(no_text)s; }
.ok { color: %(yes_text)s; }
.cards { display: flex; flex-wrap: wrap; gap: 0.8em; margin: 1em 0; }
.cards div { border: 1px solid %(rule)s; border-radius: 0.3em; padding: 0.5em 0.9em;
  min-width: 11em; }
.cards b { display: block; font-size: 1.6em; }
.legend span { display: inline-block; margin-right: 1em; white-space: nowrap; }
.legend i { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.3em;
  vertical-align: middle; border: 1px solid %(rule)s; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  fill: %(text)s; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-before: page; }
  tr, svg { break-inside: avoid; }
}
@page { margin: 15mm; }
"""


class HtmlPage:
    """The HTML rendering of one board pack."""

    def __init__(self, pack: PackContents) -> None:
        self.p = pack

    def page(self) -> str:
        p = self.p
        body = [f"<h1>{esc(p.title)}</h1>", self.glance()]
        if p.scorecard is not None:
            body.append(self.assessment(p.scorecard))
        if p.workshop is not None:
            body.append(self.workshop(p.workshop))
        if p.facilitator is not None:
            body.append(self.facilitator(p.facilitator))
        if p.gaps is not None:
            body.append(self.gaps(p.gaps, "Gap analysis: the checklist", "actions"))
        if p.plan_progress is not None and p.position is not None:
            body.append(self.approach(p.plan_progress, p.position))
        if p.standards_progress is not None:
            body.append(self.standards(p.standards_progress))
        if p.standards_gaps is not None:
            body.append(self.gaps(p.standards_gaps, "Gap analysis: the GM standards", "standards"))
        if p.comparison is not None:
            body.append(self.comparison(p.comparison))
        body.append(
            '<footer class="muted"><p>Made with ithrive. Levels run from 1 to 4; an item is '
            f"THRIVE-like at level {int(THRIVE_LIKE_AT)} or above.</p></footer>"
        )
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(p.title)}</title>\n<style>{_CSS % dict(PALETTE)}</style>\n"
            "</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
        )

    def glance(self) -> str:
        p = self.p
        cards: list[tuple[str, str]] = []
        if p.scorecard is not None:
            rated = [r for r in p.scorecard.items if r.level is not None]
            good = sum(1 for r in rated if int(r.level or 0) >= int(THRIVE_LIKE_AT))
            cards.append((f"{good} of {len(p.scorecard.items)}", "items THRIVE-like"))
        if p.workshop is not None:
            w = p.workshop
            cards.append((str(w.respondents), f"stakeholders from {len(w.areas)} {w.by}s"))
            cards.append((str(len(w.conflicting)), "actions the groups disagree on"))
        if p.gaps is not None:
            cards.append((str(len(p.gaps.actions)), "actions on the to-do list"))
        if p.position is not None:
            phase = p.position.current_phase
            text = "complete" if phase is None else f"phase {phase.number}"
            cards.append((text, "where the plan is"))
        inner = "".join(f"<div><b>{esc(a)}</b>{esc(b)}</div>" for a, b in cards)
        return f'<div class="cards">{inner}</div>'

    def assessment(self, card: Scorecard) -> str:
        low = [r for r in card.items if r.level is None or int(r.level) < int(THRIVE_LIKE_AT)]
        rows = "".join(
            f"<tr><td><code>{esc(r.item)}</code></td><td>{esc(FRAMEWORK.item(r.item).title)}"
            f"</td><td>{esc(level_text(r.level))}</td></tr>"
            for r in low
        )
        label = " ".join(x for x in (card.locality, card.date) if x) or "Unnamed locality"
        table = (
            "<table><thead><tr><th>Item below level 3</th><th>Title</th><th>Level</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
            if low
            else "<p>Every item is THRIVE-like.</p>"
        )
        return (
            f"<h2>The assessment</h2>\n<p>{esc(label)}: each item's level, with the "
            f"THRIVE-like line at level {int(THRIVE_LIKE_AT)} (dashed). Green items are "
            f"THRIVE-like; the {len(low)} below the line are listed.</p>\n"
            + levels_chart(card)
            + "\n"
            + table
        )

    def workshop(self, w: WorkshopSummary) -> str:
        groups = [g for g, _ in w.areas]
        who = ", ".join(f"{g} ({n})" for g, n in w.areas)
        date = f" on {w.date}" if w.date else ""
        rows = [(f"{e.entry} {e.title}", e.entry, series_counts(e.overall)) for e in w.entries]
        head = "".join(f'<th class="name">{esc(g)}</th>' for g in groups)
        order = sorted(w.entries, key=lambda e: (e.agreement != "conflict", -(e.spread or 0)))
        wide = ' class="many"' if len(groups) > 6 else ""  # a smaller font to fit the page
        trs = []
        for e in order:
            cells = []
            by_group = group_tallies(e)
            for g in groups:
                t = by_group[normal_text(g)]
                text = "-" if t.modal is None else t.modal.label
                cells.append(f"<td>{esc(text)}{' (tie)' if t.tied else ''}</td>")
            agreement = e.agreement.replace("_", " ")
            css = "flag" if e.agreement == "conflict" else ""
            trs.append(
                f"<tr><td><code>{esc(e.entry)}</code> {esc(e.title)}</td>{''.join(cells)}"
                f'<td class="{css}">{esc(agreement)}</td><td>{esc(spread_text(e.spread))}</td>'
                f"<td>{esc(spread_text(e.overall.spread))}</td></tr>"
            )
        comments = "".join(
            f"<li><code>{esc(entry)}</code> {esc(c.area)}"
            f"{', ' + esc(c.respondent) if c.respondent else ''} ({esc(status_text(c.status))}): "
            f"{esc(c.text)}</li>"
            for entry, c in w.comments
        )
        return (
            f"<h2>The checklist workshop</h2>\n<p>{w.respondents} stakeholders{esc(date)}, "
            f"grouped by {esc(w.by)}: {esc(who)}. Blank answers are counted, never guessed.</p>\n"
            + legend([k for k, _, _ in SERIES])
            + stacked_bars(rows, "Answers to each checklist action")
            + f"\n<h3>Views by {esc(w.by)}</h3>\n<p>Each group's view is the status most of "
            "its members gave; disagreements come first. <em>Spread</em> is how far apart "
            "the views are (2: one group has the action in place where another has not "
            "started); <em>spread of answers</em> is the same across all respondents.</p>\n"
            f"<table{wide}><thead><tr><th>Action</th>"
            f"{head}<th>Agreement</th><th>Spread</th>"
            "<th>Spread of answers</th></tr></thead><tbody>"
            + "".join(trs)
            + "</tbody></table>\n<h3>Comments</h3>\n"
            + (f"<ul>{comments}</ul>" if comments else "<p>No comments.</p>")
        )

    def facilitator(self, f: FacilitatorSummary) -> str:
        def tallies(items: Sequence[EntryTally], empty: str) -> str:
            if not items:
                return f"<p>{esc(empty)}</p>"
            lis = "".join(
                f"<li><code>{esc(e.entry)}</code> {esc(e.title)}: {esc(views_text(e))}</li>"
                for e in items
            )
            return f"<ul>{lis}</ul>"

        def notes(items: Sequence[Any], empty: str) -> str:
            if not items:
                return f"<p>{esc(empty)}</p>"
            lis = "".join(
                f"<li><code>{esc(n.entry)}</code> {esc(n.title)}: {esc(n.text)} "
                f'<span class="muted">({esc(n.group)}'
                f"{', ' + esc(n.respondent) if n.respondent else ''})</span></li>"
                for n in items
            )
            return f"<ul>{lis}</ul>"

        return (
            "<h2>Facilitator's summary (Group Exercise 2)</h2>\n"
            f"<h3>1. Common responses</h3>\n<p>Actions every {esc(f.by)} sees alike.</p>\n"
            + tallies(f.common, "None.")
            + f"\n<h3>2. Conflicting responses</h3>\n<p>Actions the {esc(f.by)}s see "
            "differently, widest spread first.</p>\n"
            + tallies(f.conflicting, "None.")
            + "\n<h3>3. Issues needing support</h3>\n"
            + notes(f.support, "No one asked for support.")
            + "\n<h3>4. Examples of best practice</h3>\n"
            + notes(f.best_practice, "No examples given.")
        )

    def gaps(self, g: GapAnalysis, heading: str, what: str) -> str:
        rule = ""
        flagged = g.rule is not None  # ties and dissent exist only for a workshop
        if g.rule is not None:
            rule = f"<p>Consensus rule <code>{esc(g.rule)}</code>: {esc(RULE_TEXT[g.rule])}.</p>"
        items = "".join(
            f"<tr><td><code>{esc(i.item)}</code> {esc(i.title)}</td><td>{esc(level_text(i.level))}"
            f"</td><td>{esc(', '.join(i.actions) or '-')}</td>"
            f"<td>{esc(', '.join(i.in_place) or '-')}</td></tr>"
            for i in g.items
        )
        flag_head = "<th>Tie or dissent</th>" if flagged else ""

        def flags(tied: bool, dissent: tuple[str, ...]) -> str:
            return f'<td class="name">{esc(flags_text(tied, dissent))}</td>' if flagged else ""

        todo = "".join(
            f"<tr><td>{n}</td><td><code>{esc(a.action)}</code> {esc(a.title)}</td>"
            f"<td>{esc(status_text(a.status))}</td><td>{esc(', '.join(a.items))}</td>"
            f"{flags(a.tied, a.dissent)}</tr>"
            for n, a in enumerate(g.actions, start=1)
        )
        second = "".join(
            f"<tr><td><code>{esc(s.action)}</code> {esc(s.title)}</td><td>{esc(', '.join(s.items))}"
            f"</td><td>{esc(level_text(s.lowest_level))}</td>{flags(s.tied, s.dissent)}</tr>"
            for s in g.second_look
        )
        return (
            f"<h2>{esc(heading)}</h2>\n{rule}\n<h3>Items below level 3</h3>\n"
            "<table><thead><tr><th>Item</th><th>Level</th><th>To do</th>"
            f"<th>In place</th></tr></thead><tbody>{items}</tbody></table>\n"
            f"<h3>To-do list</h3>\n<p>The {esc(what)} not in place that serve a low "
            "item, the ones to start with first.</p>\n<table><thead><tr><th>#</th>"
            f"<th>Entry</th><th>Status</th><th>Serves</th>{flag_head}</tr></thead>"
            f"<tbody>{todo}</tbody></table>\n<h3>Second look</h3>\n<p>Marked in place, but the "
            "items they serve are still below level 3: what is in place may not be working "
            "yet.</p>\n"
            + (
                "<table><thead><tr><th>Entry</th><th>Serves</th><th>Lowest level</th>"
                f"{flag_head}</tr></thead><tbody>{second}</tbody></table>"
                if second
                else "<p>None.</p>"
            )
        )

    def approach(self, prog: Progress, where: PlanPosition) -> str:
        rows = [(g.title, g.group, series_counts(g)) for g in prog.groups]
        if where.current_phase is None:
            now = "<p>Every step that applies is in place.</p>"
        else:
            steps = "".join(
                f"<li>Step {esc(s.step.number)}: {esc(s.step.title)} "
                f'<span class="muted">({esc(status_text(s.status))})</span></li>'
                for s in where.next_steps
            )
            now = (
                f"<p>The plan is in <b>phase {where.current_phase.number}: "
                f"{esc(where.current_phase.title)}</b>. Its open steps:</p><ol>{steps}</ol>"
            )
        shares = "".join(
            f"<tr><td>{esc(g.title)}</td><td>{g.applicable} of {g.entries}</td>"
            f"<td>{percent(g.share('in_place'))}</td><td>{percent(g.share('in_progress'))}</td></tr>"
            for g in (*prog.groups, prog.total)
        )
        elements = ""
        if where.elements:
            counts: dict[str, int] = {}
            for el in where.elements:
                counts[status_text(el.status)] = counts.get(status_text(el.status), 0) + 1
            text = ", ".join(f"{n} {k}" for k, n in counts.items())
            elements = (
                f"<h3>Step 3.3: the plan's minimum elements</h3>\n<p>The "
                f"{len(where.elements)} elements are the checklist's actions; from the "
                f"workshop: {esc(text)}.</p>"
            )
        return (
            "<h2>The Approach to Implementation</h2>\n"
            + now
            + "\n"
            + legend([k for k, _, _ in SERIES])
            + stacked_bars(rows, "Steps of each phase by status")
            + "\n<p>Shares are of the steps that apply; steps marked not applicable are left "
            "out.</p><table><thead><tr><th>Phase</th><th>Steps that apply</th><th>In place</th>"
            f"<th>In progress</th></tr></thead><tbody>{shares}</tbody></table>" + elements
        )

    def standards(self, prog: Progress) -> str:
        rows = [(g.title, g.group, series_counts(g)) for g in prog.groups]
        shares = "".join(
            f"<tr><td>{esc(g.title)}</td><td>{g.applicable} of {g.entries}</td>"
            f"<td>{percent(g.share('in_place'))}</td><td>{percent(g.share('in_progress'))}</td>"
            f"<td>{g.dont_know}</td></tr>"
            for g in (*prog.groups, prog.total)
        )
        return (
            "<h2>The GM i-THRIVE Standards</h2>\n"
            + legend([k for k, _, _ in SERIES])
            + stacked_bars(rows, "Standards of each section by status")
            + "\n<table><thead><tr><th>Section</th><th>Standards that apply</th>"
            "<th>In place</th><th>In progress</th><th>Don't know</th></tr></thead>"
            f"<tbody>{shares}</tbody></table>"
        )

    def comparison(self, c: WorkshopComparison) -> str:
        def block(title: str, changes: Sequence[Any]) -> str:
            if not changes:
                return f"<h3>{esc(title)}</h3><p>None.</p>"
            lis = "".join(
                f"<li><code>{esc(x.entry)}</code> {esc(x.title)}: {esc(status_text(x.before))} to "
                f"{esc(status_text(x.after))}</li>"
                for x in changes
            )
            return f"<h3>{esc(title)}</h3><ul>{lis}</ul>"

        span = f"{c.before_date or 'earlier'} to {c.after_date or 'now'}"
        return (
            f"<h2>Since the last workshop ({esc(span)})</h2>\n"
            + block("Moved forward", c.moved_forward)
            + block("Moved back", c.moved_back)
            + block("Newly answered", c.newly_answered)
        )
