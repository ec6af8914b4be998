"""The board pack: one report of a workshop, the assessment, the plan and the standards.

:func:`board_pack` gathers what an implementation lead takes to the
programme board after a workshop, and :meth:`BoardPack.to_html` (one
self-contained page with charts drawn as inline SVG, no scripts) or
:meth:`BoardPack.to_markdown` renders it:

- the **assessment**: every item's level against the THRIVE-like line;
- the **checklist workshop**: each action's answers, the groups' views
  (areas, or sectors within an area), agreement and spread, with the
  disagreements first, and every comment;
- the **facilitator's summary**: Group Exercise 2's four outputs;
- the **gap analysis** with its to-do list and second look, stating the
  consensus rule and keeping ties and dissent;
- the **Approach**: progress by phase, the current phase and next steps,
  and the step 3.3 plan elements;
- the **GM standards**: progress by section;
- optionally, a **comparison** with an earlier workshop.

Every part is optional except that a pack needs at least one. Every value
shown is escaped for HTML or Markdown.

>>> import ithrive
>>> from ithrive.instruments import aggregate_responses, default_checklist
>>> ck = default_checklist()
>>> rs = [ck.respond({"ck.29": s}, respondent=f"S{i}", area="Northvale", sector=sec)
...       for i, (s, sec) in enumerate([("in_place", "Health"), ("not_started", "Education")])]
>>> card = ithrive.score({"micro.3b": {"kind": "proportion", "numerator": 9, "denominator": 30}})
>>> pack = board_pack(scorecard=card, workshop=aggregate_responses(rs, by="sector"))
>>> page = pack.to_html()
>>> page.startswith("<!DOCTYPE html>"), "<svg" in page, "<script" in page
(True, True, False)
>>> print(pack.to_markdown().splitlines()[0])
# Board pack: Northvale
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs

from ithrive.base.encoding import is_encodable, unencodable_reason
from ithrive.base.escape import BIDI_CONTROLS, escape_html, escape_markdown, needs_isolation
from ithrive.base.formatting import format_number
from ithrive.errors import ReportError, short_repr
from ithrive.instruments.compare import WorkshopComparison, compare_workshops
from ithrive.instruments.facilitator import FacilitatorSummary, facilitator_summary
from ithrive.instruments.gaps import GapAnalysis, gap_analysis
from ithrive.instruments.plan import PlanPosition, plan_position
from ithrive.instruments.progress import GroupProgress, Progress, progress
from ithrive.instruments.response import Response
from ithrive.instruments.status import ImplementationStatus, normal_text
from ithrive.instruments.workshop import CONSENSUS_RULES, EntryTally, WorkshopSummary
from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.scorecard import Scorecard
from ithrive.scorecard.report import PALETTE

__all__ = ["BoardPack", "board_pack"]

_S = ImplementationStatus

#: Chart colours per count, with the text that always goes beside them.
_SERIES = (
    ("in_place", "in place", "#1a7f37"),
    ("in_progress", "in progress", "#e0a400"),
    ("not_started", "not started", "#b42318"),
    ("dont_know", "don't know", "#7a5195"),
    ("not_applicable", "not applicable", "#9e9e9e"),
    ("blank", "blank", "#e6e6e6"),
)

_RULE_TEXT = {
    "plurality": "each action takes the status most respondents gave (a tie goes to the "
    "less advanced status)",
    "no_dissent": "each action takes the status most respondents gave (a tie goes to the "
    "less advanced status), but is never counted in place while any group's view is "
    "'not started': it then counts as in progress",
    "least_advanced": "each action takes the least advanced of the groups' views and of "
    "the status most respondents gave",
}


@attrs.frozen
class BoardPack:
    """Everything a board pack shows, computed once; render with :meth:`to_html`."""

    title: str
    rule: str
    scorecard: Scorecard | None = None
    workshop: WorkshopSummary | None = None
    facilitator: FacilitatorSummary | None = None
    gaps: GapAnalysis | None = None
    plan: Response | None = None
    plan_progress: Progress | None = None
    position: PlanPosition | None = None
    standards_progress: Progress | None = None
    standards_gaps: GapAnalysis | None = None
    comparison: WorkshopComparison | None = None

    def to_html(self) -> str:
        """The pack as one self-contained HTML page (inline CSS and SVG, no scripts)."""
        return _Html(self).page()

    def to_markdown(self) -> str:
        """The pack as Markdown, with tables in place of charts."""
        return _Markdown(self).page()


def board_pack(
    *,
    scorecard: Scorecard | None = None,
    workshop: WorkshopSummary | None = None,
    plan: Response | None = None,
    standards: Response | WorkshopSummary | None = None,
    before: Response | WorkshopSummary | None = None,
    rule: str = "no_dissent",
    title: str | None = None,
) -> BoardPack:
    """Gather a board pack: give any of the assessment, workshop, plan and standards.

    - ``scorecard``: the locality's assessment; with a workshop it drives the
      gap analysis (and with standards, theirs);
    - ``workshop``: the checklist workshop as a
      :class:`~ithrive.instruments.WorkshopSummary` (grouped by area, or by
      sector or role within an area);
    - ``plan``: a response to the Approach; ``standards``: the GM standards
      (a response, or a summary read through its consensus);
    - ``before``: an earlier workshop (or consensus) to compare with;
    - ``rule``: the consensus rule for planning (see
      :data:`~ithrive.instruments.CONSENSUS_RULES`);
    - ``title``: the heading (default: "Board pack: " and the area).
    """
    problems: list[str] = []
    if rule not in CONSENSUS_RULES:
        problems.append(
            f"rule: expected one of {', '.join(CONSENSUS_RULES)}, got {short_repr(rule)}"
        )
    either = (Response, WorkshopSummary)
    checks: list[tuple[str, object, Any, str]] = [
        ("scorecard", scorecard, Scorecard, "a Scorecard"),
        ("workshop", workshop, WorkshopSummary, "a WorkshopSummary"),
        ("plan", plan, Response, "a Response to the approach"),
        ("standards", standards, either, "a Response or a WorkshopSummary"),
        ("before", before, either, "a Response or a WorkshopSummary"),
    ]
    for name, value, kind, expected in checks:
        if value is not None and not isinstance(value, kind):
            problems.append(f"{name}: expected {expected}, got {short_repr(value)}")
    if title is not None and not isinstance(title, str):
        problems.append(f"title: expected text, got {short_repr(title)}")
    elif title is not None and not is_encodable(title):
        raise ReportError(
            f"title: {unencodable_reason(title)}", code="unencodable_text", field="title"
        )
    if all(v is None for _, v, _, _ in checks[:4]):
        problems.append("nothing to show; give a scorecard, workshop, plan or standards")
    if before is not None and workshop is None:
        problems.append("before: a comparison needs the workshop to compare it with")
    if problems:
        first, colon, _ = problems[0].partition(":")
        field = first if colon else "board_pack"
        raise ReportError("; ".join(problems), field=field)
    facilitator = gaps = None
    if workshop is not None:
        facilitator = facilitator_summary(workshop)
        if scorecard is not None:
            gaps = gap_analysis(scorecard, workshop, rule=rule)
    plan_progress = position = None
    if plan is not None:
        plan_progress = progress(plan)
        position = plan_position(plan, checklist=workshop)
    standards_progress = standards_gaps = None
    if standards is not None:
        answers = (
            standards.consensus(rule=rule) if isinstance(standards, WorkshopSummary) else standards
        )
        standards_progress = progress(answers)
        if scorecard is not None:
            standards_gaps = gap_analysis(scorecard, standards, rule=rule)
    comparison = (
        None
        if before is None or workshop is None
        else compare_workshops(before, workshop, rule=rule)
    )
    return BoardPack(
        title=title or f"Board pack: {_place(scorecard, workshop, plan, standards)}",
        rule=rule,
        scorecard=scorecard,
        workshop=workshop,
        facilitator=facilitator,
        gaps=gaps,
        plan=plan,
        plan_progress=plan_progress,
        position=position,
        standards_progress=standards_progress,
        standards_gaps=standards_gaps,
        comparison=comparison,
    )


def _place(
    card: Scorecard | None,
    workshop: WorkshopSummary | None,
    plan: Response | None,
    standards: Response | WorkshopSummary | None,
) -> str:
    for r in (
        *(workshop.responses if workshop is not None else ()),
        *(x for x in (plan, standards) if isinstance(x, Response)),
    ):
        if r.area and r.area.strip():
            return r.area.strip()
    if card is not None and card.locality:
        return card.locality
    return "Unnamed area"


def _status(status: ImplementationStatus | None) -> str:
    return "blank" if status is None else status.label


def _tallies(entry: EntryTally) -> dict[str, Any]:
    """An entry's tally per group, by the group's name as :meth:`EntryTally.area` compares it.

    Looked up once per entry: asking ``entry.area(g)`` for every group scans
    every group, so a workshop of a few thousand groups took minutes.
    """
    out: dict[str, Any] = {}
    for a in entry.areas:
        out.setdefault(normal_text(a.area), a.tally)  # the first, as ``area`` finds it
    return out


def _counts(tally: Any) -> list[tuple[str, int]]:
    return [(key, int(getattr(tally, key))) for key, _, _ in _SERIES]


def _level(level: Any) -> str:
    return "not rated" if level is None else f"{int(level)} of 4"


def _views(e: EntryTally) -> str:
    return "; ".join(f"{g}: {s.label}" for g, s in e.views.items()) or "no views"


# ----------------------------------------------------------------------------- HTML


#: Control characters other than tab and line breaks: shown as spaces.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _shown(value: object) -> str:
    """``value`` as text to show in HTML: controls as spaces, bidirectional text isolated.

    Text for which :func:`~ithrive.base.escape.needs_isolation` holds loses its
    own bidirectional controls and is wrapped in a first-strong isolate (U+2068
    ... U+2069) rather than ``<bdi>``, because the same text goes into SVG
    labels and titles, where no HTML element may stand.
    """
    text = _CONTROL.sub(" ", str(value))
    if needs_isolation(text):
        return "\u2068" + "".join(c for c in text if c not in BIDI_CONTROLS) + "\u2069"
    return text


def _e(value: object) -> str:
    """Any value as HTML text (element content, SVG text, titles): ``escape_html``, isolated."""
    return escape_html(_shown(value))


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


def _legend(keys: Sequence[str]) -> str:
    parts = [
        f'<span><i style="background:{colour}"></i>{_e(label)}</span>'
        for key, label, colour in _SERIES
        if key in keys
    ]
    return f'<p class="legend">{"".join(parts)}</p>'


def _stacked(rows: Sequence[tuple[str, str, list[tuple[str, int]]]], caption: str) -> str:
    """A horizontal stacked bar per row: (label, hover text, counts), drawn as inline SVG."""
    label_w, bar_w, row_h = 280, 440, 20
    height = row_h * len(rows) + 10
    out = [
        f'<svg role="img" width="{label_w + bar_w + 60}" height="{height}" '
        f'viewBox="0 0 {label_w + bar_w + 60} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_e(caption)}</title>",
    ]
    for n, (label, hover, counts) in enumerate(rows):
        y = 5 + n * row_h
        total = sum(c for _, c in counts) or 1
        short = label if len(label) <= 40 else label[:38] + "…"
        # a nested svg clips a label too wide for its column (wide letters, long names)
        out.append(
            f'<svg x="0" y="{y}" width="{label_w - 6}" height="{row_h}" overflow="hidden">'
            f'<text x="0" y="14">{_e(short)}</text></svg>'
        )
        x = float(label_w)
        for key, count in counts:
            if not count:
                continue
            w = bar_w * count / total
            name, colour = next((n, c) for k, n, c in _SERIES if k == key)
            out.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 5}" '
                f'fill="{colour}"><title>{_e(hover)}: {_e(name)} '
                f"{count}</title></rect>"
            )
            x += w
        out.append(
            f'<text x="{label_w + bar_w + 6}" y="{y + 14}">{_e(sum(c for _, c in counts))}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _levels_chart(card: Scorecard) -> str:
    """One bar per item, its height the level, with the THRIVE-like line at level 3."""
    items = list(card.items)
    w, h, top, bottom = 30, 36, 10, 70
    width, height = 40 + w * len(items), top + 4 * h + bottom
    out = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_e('Levels of the 22 items; THRIVE-like from level 3')}</title>",
    ]
    base = top + 4 * h
    for lv in range(1, 5):
        out.append(f'<text x="0" y="{base - lv * h + 12}">{lv}</text>')
    for n, r in enumerate(items):
        x = 30 + n * w
        level = 0 if r.level is None else int(r.level)
        good = level >= int(THRIVE_LIKE_AT)
        colour = PALETTE["yes_text"] if good else PALETTE["no_text"]
        if level:
            out.append(
                f'<rect x="{x}" y="{base - level * h}" width="{w - 6}" height="{level * h}" '
                f'fill="{colour}"><title>{_e(r.item)}: {_e(_level(r.level))}</title></rect>'
            )
        else:
            out.append(f'<text x="{x + 4}" y="{base - 4}">-</text>')
        out.append(
            f'<text x="{x + 10}" y="{base + 8}" transform="rotate(60 {x + 10} {base + 8})">'
            f"{_e(r.item)}</text>"
        )
    line = base - int(THRIVE_LIKE_AT) * h
    out.append(
        f'<line x1="26" x2="{width}" y1="{line}" y2="{line}" stroke="{PALETTE["text"]}" '
        'stroke-dasharray="4 3"/>'
    )
    out.append("</svg>")
    return "\n".join(out)


class _Html:
    def __init__(self, pack: BoardPack) -> None:
        self.p = pack

    def page(self) -> str:
        p = self.p
        body = [f"<h1>{_e(p.title)}</h1>", self.glance()]
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
            f"<title>{_e(p.title)}</title>\n<style>{_CSS % dict(PALETTE)}</style>\n"
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
        inner = "".join(f"<div><b>{_e(a)}</b>{_e(b)}</div>" for a, b in cards)
        return f'<div class="cards">{inner}</div>'

    def assessment(self, card: Scorecard) -> str:
        low = [r for r in card.items if r.level is None or int(r.level) < int(THRIVE_LIKE_AT)]
        rows = "".join(
            f"<tr><td><code>{_e(r.item)}</code></td><td>{_e(FRAMEWORK.item(r.item).title)}"
            f"</td><td>{_e(_level(r.level))}</td></tr>"
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
            f"<h2>The assessment</h2>\n<p>{_e(label)}: each item's level, with the "
            f"THRIVE-like line at level {int(THRIVE_LIKE_AT)} (dashed). Green items are "
            f"THRIVE-like; the {len(low)} below the line are listed.</p>\n"
            + _levels_chart(card)
            + "\n"
            + table
        )

    def workshop(self, w: WorkshopSummary) -> str:
        groups = [g for g, _ in w.areas]
        who = ", ".join(f"{g} ({n})" for g, n in w.areas)
        date = f" on {w.date}" if w.date else ""
        rows = [(f"{e.entry} {e.title}", e.entry, _counts(e.overall)) for e in w.entries]
        head = "".join(f'<th class="name">{_e(g)}</th>' for g in groups)
        order = sorted(w.entries, key=lambda e: (e.agreement != "conflict", -(e.spread or 0)))
        wide = ' class="many"' if len(groups) > 6 else ""  # a smaller font to fit the page
        trs = []
        for e in order:
            cells = []
            by_group = _tallies(e)
            for g in groups:
                t = by_group[normal_text(g)]
                text = "-" if t.modal is None else t.modal.label
                cells.append(f"<td>{_e(text)}{' (tie)' if t.tied else ''}</td>")
            agreement = e.agreement.replace("_", " ")
            css = "flag" if e.agreement == "conflict" else ""
            trs.append(
                f"<tr><td><code>{_e(e.entry)}</code> {_e(e.title)}</td>{''.join(cells)}"
                f'<td class="{css}">{_e(agreement)}</td><td>{_e(_spread(e.spread))}</td>'
                f"<td>{_e(_spread(e.overall.spread))}</td></tr>"
            )
        comments = "".join(
            f"<li><code>{_e(entry)}</code> {_e(c.area)}"
            f"{', ' + _e(c.respondent) if c.respondent else ''} ({_e(_status(c.status))}): "
            f"{_e(c.text)}</li>"
            for entry, c in w.comments
        )
        return (
            f"<h2>The checklist workshop</h2>\n<p>{w.respondents} stakeholders{_e(date)}, "
            f"grouped by {_e(w.by)}: {_e(who)}. Blank answers are counted, never guessed.</p>\n"
            + _legend([k for k, _, _ in _SERIES])
            + _stacked(rows, "Answers to each checklist action")
            + f"\n<h3>Views by {_e(w.by)}</h3>\n<p>Each group's view is the status most of "
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
                return f"<p>{_e(empty)}</p>"
            lis = "".join(
                f"<li><code>{_e(e.entry)}</code> {_e(e.title)}: {_e(_views(e))}</li>" for e in items
            )
            return f"<ul>{lis}</ul>"

        def notes(items: Sequence[Any], empty: str) -> str:
            if not items:
                return f"<p>{_e(empty)}</p>"
            lis = "".join(
                f"<li><code>{_e(n.entry)}</code> {_e(n.title)}: {_e(n.text)} "
                f'<span class="muted">({_e(n.group)}'
                f"{', ' + _e(n.respondent) if n.respondent else ''})</span></li>"
                for n in items
            )
            return f"<ul>{lis}</ul>"

        return (
            "<h2>Facilitator's summary (Group Exercise 2)</h2>\n"
            f"<h3>1. Common responses</h3>\n<p>Actions every {_e(f.by)} sees alike.</p>\n"
            + tallies(f.common, "None.")
            + f"\n<h3>2. Conflicting responses</h3>\n<p>Actions the {_e(f.by)}s see "
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
            rule = f"<p>Consensus rule <code>{_e(g.rule)}</code>: {_e(_RULE_TEXT[g.rule])}.</p>"
        items = "".join(
            f"<tr><td><code>{_e(i.item)}</code> {_e(i.title)}</td><td>{_e(_level(i.level))}"
            f"</td><td>{_e(', '.join(i.actions) or '-')}</td>"
            f"<td>{_e(', '.join(i.in_place) or '-')}</td></tr>"
            for i in g.items
        )
        flag_head = "<th>Tie or dissent</th>" if flagged else ""

        def flags(tied: bool, dissent: tuple[str, ...]) -> str:
            return f'<td class="name">{_e(_flags(tied, dissent))}</td>' if flagged else ""

        todo = "".join(
            f"<tr><td>{n}</td><td><code>{_e(a.action)}</code> {_e(a.title)}</td>"
            f"<td>{_e(_status(a.status))}</td><td>{_e(', '.join(a.items))}</td>"
            f"{flags(a.tied, a.dissent)}</tr>"
            for n, a in enumerate(g.actions, start=1)
        )
        second = "".join(
            f"<tr><td><code>{_e(s.action)}</code> {_e(s.title)}</td><td>{_e(', '.join(s.items))}"
            f"</td><td>{_e(_level(s.lowest_level))}</td>{flags(s.tied, s.dissent)}</tr>"
            for s in g.second_look
        )
        return (
            f"<h2>{_e(heading)}</h2>\n{rule}\n<h3>Items below level 3</h3>\n"
            "<table><thead><tr><th>Item</th><th>Level</th><th>To do</th>"
            f"<th>In place</th></tr></thead><tbody>{items}</tbody></table>\n"
            f"<h3>To-do list</h3>\n<p>The {_e(what)} not in place that serve a low "
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
        rows = [(g.title, g.group, _counts(g)) for g in prog.groups]
        if where.current_phase is None:
            now = "<p>Every step that applies is in place.</p>"
        else:
            steps = "".join(
                f"<li>Step {_e(s.step.number)}: {_e(s.step.title)} "
                f'<span class="muted">({_e(_status(s.status))})</span></li>'
                for s in where.next_steps
            )
            now = (
                f"<p>The plan is in <b>phase {where.current_phase.number}: "
                f"{_e(where.current_phase.title)}</b>. Its open steps:</p><ol>{steps}</ol>"
            )
        shares = "".join(
            f"<tr><td>{_e(g.title)}</td><td>{g.applicable} of {g.entries}</td>"
            f"<td>{_pct(g.share('in_place'))}</td><td>{_pct(g.share('in_progress'))}</td></tr>"
            for g in (*prog.groups, prog.total)
        )
        elements = ""
        if where.elements:
            counts: dict[str, int] = {}
            for el in where.elements:
                counts[_status(el.status)] = counts.get(_status(el.status), 0) + 1
            text = ", ".join(f"{n} {k}" for k, n in counts.items())
            elements = (
                f"<h3>Step 3.3: the plan's minimum elements</h3>\n<p>The "
                f"{len(where.elements)} elements are the checklist's actions; from the "
                f"workshop: {_e(text)}.</p>"
            )
        return (
            "<h2>The Approach to Implementation</h2>\n"
            + now
            + "\n"
            + _legend([k for k, _, _ in _SERIES])
            + _stacked(rows, "Steps of each phase by status")
            + "\n<p>Shares are of the steps that apply; steps marked not applicable are left "
            "out.</p><table><thead><tr><th>Phase</th><th>Steps that apply</th><th>In place</th>"
            f"<th>In progress</th></tr></thead><tbody>{shares}</tbody></table>" + elements
        )

    def standards(self, prog: Progress) -> str:
        rows = [(g.title, g.group, _counts(g)) for g in prog.groups]
        shares = "".join(
            f"<tr><td>{_e(g.title)}</td><td>{g.applicable} of {g.entries}</td>"
            f"<td>{_pct(g.share('in_place'))}</td><td>{_pct(g.share('in_progress'))}</td>"
            f"<td>{g.dont_know}</td></tr>"
            for g in (*prog.groups, prog.total)
        )
        return (
            "<h2>The GM i-THRIVE Standards</h2>\n"
            + _legend([k for k, _, _ in _SERIES])
            + _stacked(rows, "Standards of each section by status")
            + "\n<table><thead><tr><th>Section</th><th>Standards that apply</th>"
            "<th>In place</th><th>In progress</th><th>Don't know</th></tr></thead>"
            f"<tbody>{shares}</tbody></table>"
        )

    def comparison(self, c: WorkshopComparison) -> str:
        def block(title: str, changes: Sequence[Any]) -> str:
            if not changes:
                return f"<h3>{_e(title)}</h3><p>None.</p>"
            lis = "".join(
                f"<li><code>{_e(x.entry)}</code> {_e(x.title)}: {_e(_status(x.before))} to "
                f"{_e(_status(x.after))}</li>"
                for x in changes
            )
            return f"<h3>{_e(title)}</h3><ul>{lis}</ul>"

        span = f"{c.before_date or 'earlier'} to {c.after_date or 'now'}"
        return (
            f"<h2>Since the last workshop ({_e(span)})</h2>\n"
            + block("Moved forward", c.moved_forward)
            + block("Moved back", c.moved_back)
            + block("Newly answered", c.newly_answered)
        )


def _spread(value: int | None) -> str:
    return "-" if value is None else str(value)


def _pct(share: float) -> str:
    return format_number(share * 100, "%", places=0)


def _flags(tied: bool, dissent: tuple[str, ...]) -> str:
    parts = (["tie"] if tied else []) + ([f"differs: {', '.join(dissent)}"] if dissent else [])
    return "; ".join(parts) or "-"


# ----------------------------------------------------------------------------- Markdown


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


class _Markdown:
    def __init__(self, pack: BoardPack) -> None:
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
                        _level(r.level),
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
            keys = [label for _, label, _ in _SERIES]
            out += _table(
                ["Action", *keys],
                [(f"{e.entry} {e.title}", *(c for _, c in _counts(e.overall))) for e in w.entries],
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
                            for by_group in [_tallies(e)]
                            for g in groups
                        ),
                        e.agreement.replace("_", " "),
                        _spread(e.spread),
                        _spread(e.overall.spread),
                    )
                    for e in order
                ],
            )
            if w.comments:
                out += ["### Comments", ""]
                out += [
                    f"- {_md(entry)} {_md(c.area)}: {_md(c.text)} ({_md(_status(c.status))})"
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
                out += [f"- {_md(e.entry)} {_md(e.title)}: {_md(_views(e))}" for e in tallies]
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
                out += [_md(f"Consensus rule {gaps.rule}: {_RULE_TEXT[gaps.rule]}."), ""]
            flagged = gaps.rule is not None  # ties and dissent exist only for a workshop
            extra = ["Tie or dissent"] if flagged else []
            out += ["### To-do list", ""]
            out += _table(
                ["#", "Entry", "Status", "Serves", *extra],
                [
                    (n, f"{a.action} {a.title}", _status(a.status), ", ".join(a.items),
                     *([_flags(a.tied, a.dissent)] if flagged else []))
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
                    (f"{s.action} {s.title}", ", ".join(s.items), _level(s.lowest_level),
                     *([_flags(s.tied, s.dissent)] if flagged else []))
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
                    f"- Step {_md(s.step.number)}: {_md(s.step.title)} ({_md(_status(s.status))})"
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
                    f"- {_md(x.entry)} {_md(x.title)}: {_md(_status(x.before))} to "
                    f"{_md(_status(x.after))}"
                    for x in changes
                ]
                out += [""] if changes else ["None.", ""]
        return "\n".join(out).rstrip("\n") + "\n"


def _progress_table(prog: Progress, what: str) -> list[str]:
    groups: tuple[GroupProgress, ...] = (*prog.groups, prog.total)
    return _table(
        [what, "Apply", "In place", "In progress", "Not started", "Don't know", "Blank"],
        [
            (g.title, f"{g.applicable} of {g.entries}", _pct(g.share("in_place")),
             _pct(g.share("in_progress")), g.not_started, g.dont_know, g.blank)
            for g in groups
        ],
    )  # fmt: skip
