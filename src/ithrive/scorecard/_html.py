"""The HTML reports: a standalone page, and tables for notebooks.

:func:`render_html` writes one self-contained page (inline CSS, no scripts,
no external assets; accessible colours with text beside every colour;
print-friendly); :func:`render_scorecard_html` is a scorecard's table in
Jupyter and :func:`render_collection_html` several assessments side by side.
Every interpolated value is escaped. Re-exported by
:mod:`ithrive.scorecard.report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ithrive.base.escape import escape_html
from ithrive.base.formatting import format_number
from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.scorecard._card import Scorecard
from ithrive.scorecard._results import ItemResult
from ithrive.scorecard._sections import (
    BARE_TEXT,
    PALETTE,
    VERDICT,
    VERDICT_CLASS,
    Extras,
    ReportSection,
    card_label,
    check_text,
    default_heading,
    describe_in_full,
    is_bare,
    ithrive_version,
    level_int,
    level_text,
    report_title,
    scorecards,
    sections_of,
    wrong_argument,
)
from ithrive.scorecard.table import overall_text

__all__ = [
    "render_collection_html",
    "render_html",
    "render_scorecard_html",
]

_CSS = """
.ithrive { color: %(text)s; background: %(background)s; font: 15px/1.45 system-ui,
  -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.ithrive table { border-collapse: collapse; margin: 0.5em 0 1.2em; }
.ithrive th, .ithrive td { border-bottom: 1px solid %(rule)s; padding: 0.25em 0.6em;
  text-align: left; vertical-align: top; }
.ithrive thead th { border-bottom: 2px solid %(text)s; }
.ithrive tbody th[colspan] { background: %(none_background)s; color: %(text)s; }
.ithrive code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.92em;
  white-space: nowrap; }
.ithrive .lv { white-space: nowrap; }
.ithrive .muted { color: %(muted)s; }
.ithrive .v { display: inline-block; padding: 0 0.45em; border-radius: 0.25em;
  white-space: nowrap; font-weight: 600; }
.ithrive .v-yes { color: %(yes_text)s; background: %(yes_background)s; }
.ithrive .v-no { color: %(no_text)s; background: %(no_background)s; }
.ithrive .v-none { color: %(none_text)s; background: %(none_background)s; }
.ithrive .meter { display: inline-block; white-space: nowrap; vertical-align: middle;
  margin-right: 0.4em; line-height: 0; }
.ithrive .meter span { display: inline-block; width: 0.9em; height: 0.9em;
  border: 1px solid %(meter_border)s; background: %(meter_empty)s; margin-right: 1px; }
.ithrive .meter span.on { background: %(meter_fill)s; border-color: %(meter_fill)s; }
.ithrive .meter span.line { margin-left: 3px; box-shadow: -3px 0 0 0 %(meter_line)s; }
.ithrive .meter, .ithrive .v { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
"""

_PAGE_CSS = """
body { margin: 2em auto; max-width: 72em; padding: 0 1em; }
h1, h2, h3, h4 { line-height: 1.2; }
table { width: 100%%; }
h2 { border-bottom: 2px solid %(text)s; padding-bottom: 0.2em; margin-top: 2em; }
dl { display: grid; grid-template-columns: 12em minmax(0, 1fr); gap: 0.2em 1em; margin: 0.4em 0; }
dt { font-weight: 600; }
@media (max-width: 36em) {
  dl { grid-template-columns: minmax(0, 1fr); }
  dd { margin-bottom: 0.3em; overflow-wrap: break-word; }
  table { display: block; overflow-x: auto; }
}
.bare code { margin-right: 0.3em; }
dd { margin: 0; }
dd ul { margin: 0; padding-left: 1.1em; }
.item { border-top: 1px solid %(rule)s; padding: 0.3em 0 0.6em; }
.item h4 { margin: 0.4em 0; }
a { color: %(meter_fill)s; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  section.card ~ section.card { break-before: page; }
  h1, h2, h3, h4 { break-after: avoid; }
  tr, .item { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 15mm; }
"""


#: The report's icon, inline (a data URI), so that a saved report fetches nothing.
_FAVICON = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E"
    "%3Crect width='32' height='32' rx='6' fill='%2300796b'/%3E"
    "%3Cpath fill='%23fff' d='M5 20h4v7H5zM11 15h4v12h-4zM17 10h4v17h-4zM23 5h4v22h-4z'/%3E"
    "%3C/svg%3E"
)


def _e(text: object) -> str:
    """Text for an attribute value or the page's ``<title>``: escaped, never isolated."""
    return escape_html(text)


def _u(text: object) -> str:
    """Text for element content: escaped, and isolated in ``<bdi>`` when it is right-to-left."""
    return escape_html(text, isolate=True)


def _css(template: str) -> str:
    return template % dict(PALETTE)


def _meter(level: int | None) -> str:
    cells = []
    for n in range(1, 5):
        classes = []
        if level is not None and n <= level:
            classes.append("on")
        if n == int(THRIVE_LIKE_AT):
            classes.append("line")
        attr = f' class="{" ".join(classes)}"' if classes else ""
        cells.append(f"<span{attr}></span>")
    label = (
        f"level {level} of 4" if level is not None else "not rated"
    ) + f"; THRIVE-like from level {int(THRIVE_LIKE_AT)}"
    return (
        f'<span class="lv"><span class="meter" role="img" aria-label="{label}">'
        f"{''.join(cells)}</span>{'-' if level is None else level}</span>"
    )


def _verdict(value: bool | None) -> str:
    return f'<span class="v v-{VERDICT_CLASS[value]}">{VERDICT[value]}</span>'


def _item_table_html(
    card: Scorecard, sections: Sequence[ReportSection], anchor: str | None, caption: str = ""
) -> str:
    heads = ["Item", "Title", "Level", "THRIVE-like", "Decided by"] + [s.title for s in sections]
    out = [
        "<table>",
        caption,
        "<thead><tr>" + "".join(f"<th>{_u(h)}</th>" for h in heads) + "</tr></thead>",
    ]
    for system in FRAMEWORK.systems:
        out.append("<tbody>")
        out.append(f'<tr><th colspan="{len(heads)}" scope="rowgroup">{_u(system.title)}</th></tr>')
        for r in card:
            item = FRAMEWORK.item(r.item)
            if item.system != system.id:
                continue
            basis = r.basis or r.status.value.replace("_", " ")
            code = f"<code>{_u(r.item)}</code>"
            if anchor is not None:
                code = f'<a href="#{anchor}-{_e(r.item)}">{code}</a>'
            cells = [
                f'<th scope="row">{code}</th>',
                f"<td>{_u(item.title)}</td>",
                f"<td>{_meter(level_int(r.level))}</td>",
                f"<td>{_verdict(r.thrive_like)}</td>",
                f"<td>{_u(basis)}</td>",
                *(f"<td>{_u(s.text(r.item))}</td>" for s in sections),
            ]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _principles_html(card: Scorecard) -> str:
    out = [
        "<table>",
        "<thead><tr><th>Principle</th><th>Title</th><th>Items</th><th>Level</th>"
        "<th>THRIVE-like</th></tr></thead>",
        "<tbody>",
    ]
    for p in card.principles:
        title = FRAMEWORK.principle(p.principle).title
        items = ", ".join(f"<code>{_u(i)}</code>" for i in p.items)
        out.append(
            f'<tr><th scope="row"><code>{_u(p.principle)}</code></th><td>{_u(title)}</td>'
            f"<td>{items}</td><td>{_meter(level_int(p.level))}</td>"
            f"<td>{_verdict(p.thrive_like)}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _systems_html(card: Scorecard) -> str:
    out = [
        "<table>",
        "<thead><tr><th>System level</th><th>Items rated</th><th>Items THRIVE-like</th>"
        "<th>Principles THRIVE-like</th><th>Mean item level</th></tr></thead>",
        "<tbody>",
    ]
    for s in card.systems:
        mean = "-" if s.mean_level is None else format_number(s.mean_level, places=2)
        out.append(
            f'<tr><th scope="row">{_u(FRAMEWORK.system(s.system).title)}</th>'
            f"<td>{s.items_rated} of {s.items_total}</td><td>{s.items_thrive_like}</td>"
            f"<td>{s.principles_thrive_like} of {s.principles_total}</td><td>{mean}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _paragraphs(text: str) -> str:
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "\n".join(f"<p>{_u(p)}</p>" for p in paras)


def _item_details_html(r: ItemResult, sections: Sequence[ReportSection], anchor: str) -> str:
    item = FRAMEWORK.item(r.item)
    level = level_int(r.level)
    rows = [
        (
            "Level",
            f"{_meter(level)} {_verdict(r.thrive_like)} "
            f'<span class="muted">({_u(level_text(level))}; THRIVE-like from '
            f"{int(THRIVE_LIKE_AT)})</span>",
        ),
        ("Status", _u(r.status.value.replace("_", " "))),
    ]
    if r.evidence:
        pieces = "".join(f"<li>{_u(describe_in_full(ev))}</li>" for ev in r.evidence)
        rows.append(("Evidence", f"<ul>{pieces}</ul>"))
    else:
        rows.append(("Evidence", '<span class="muted">none given</span>'))
    rows.append(("Explanation", _u(r.explanation)))
    if r.unmet:
        rows.append(
            ("Unmet for the next level", ", ".join(f"<code>{_u(u)}</code>" for u in r.unmet))
        )
    if r.warnings:
        warns = "".join(f"<li>{_u(w.message)} <code>[{_u(w.code)}]</code></li>" for w in r.warnings)
        rows.append(("Warnings", f"<ul>{warns}</ul>"))
    rows.extend((s.title, _u(s.text(r.item))) for s in sections if s.text(r.item))
    body = "".join(f"<dt>{_u(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f'<article class="item" id="{anchor}-{_e(r.item)}">'
        f"<h4><code>{_u(r.item)}</code> {_u(item.title)}</h4><dl>{body}</dl></article>"
    )


def _card_html(
    card: Scorecard, sections: Sequence[ReportSection], anchor: str, *, heading: bool
) -> str:
    verdict = overall_text(card)
    h = 2 if heading else 1
    out = [
        f'<section class="card" id="{anchor}">',
        f"<h{h}>{_u(card_label(card))}</h{h}>" if heading else "",
        f'<p class="muted">Ruleset {_u(card.ruleset)} {_u(card.ruleset_version)}; '
        f"{'every' if card.complete else 'not every'} principle rated.</p>",
        f"<p><strong>Overall:</strong> {_verdict(card.thrive_like)} {_u(verdict)}</p>",
        f"<h{h + 1}>System levels</h{h + 1}>",
        _systems_html(card),
        f"<h{h + 1}>Principles</h{h + 1}>",
        _principles_html(card),
        f"<h{h + 1}>Items</h{h + 1}>",
        _item_table_html(card, sections, anchor),
    ]
    for s in sections:
        if s.summary:
            out += [f"<h{h + 1}>{_u(s.title)}</h{h + 1}>", _paragraphs(s.summary)]
    out.append(f"<h{h + 1}>Item details</h{h + 1}>")
    bare = [r.item for r in card if is_bare(r, sections)]
    if bare:
        ids = " ".join(f'<code id="{anchor}-{_e(i)}">{_u(i)}</code>' for i in bare)
        out.append(f'<p class="bare"><strong>{BARE_TEXT}:</strong> {ids}</p>')
    out.extend(_item_details_html(r, sections, anchor) for r in card if not is_bare(r, sections))
    out.append("</section>")
    return "\n".join(out)


def render_html(
    cards: Scorecard | Sequence[Scorecard],
    *,
    extras: Extras | None = None,
    title: str | None = None,
) -> str:
    """A standalone HTML report of one or several scorecards, as text.

    The page holds everything it needs (inline CSS, no scripts, fonts or
    images) and prints cleanly. With several scorecards it opens with a
    table comparing them item by item. ``extras`` adds sections (see
    :class:`ReportSection`); ``title`` replaces the default heading. The
    same input always gives the same text.

    >>> import ithrive
    >>> from ithrive.scorecard.report import render_html
    >>> page = render_html(ithrive.score({"micro.2": {"kind": "rating", "level": 2}}))
    >>> page.startswith("<!DOCTYPE html>"), "micro.2" in page, "<script" in page
    (True, True, False)
    """
    many = scorecards(cards)
    heading = report_title(title) or (
        f"THRIVE assessment: {card_label(many[0])}" if len(many) == 1 else "THRIVE assessments"
    )
    shown = _u(heading) if title else default_heading(many, _u)
    body = [f"<h1>{shown}</h1>"]
    if len(many) > 1:
        body.append(f"<h2>Assessments compared</h2>\n{_collection_table(many, link=True)}")
    for n, card in enumerate(many, start=1):
        body.append(_card_html(card, sections_of(extras, card), f"a{n}", heading=len(many) > 1))
    body.append(
        f'<footer class="muted"><p>Made with ithrive {_u(ithrive_version())}. '
        "Levels run from 1 to 4; "
        f"an item or principle is THRIVE-like at level {int(THRIVE_LIKE_AT)} or above, and a "
        "locality when every principle is.</p></footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="icon" href="{_FAVICON}">\n'
        f"<title>{_e(heading)}</title>\n<style>{_css(_CSS)}{_css(_PAGE_CSS)}</style>\n"
        '</head>\n<body class="ithrive">\n' + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _collection_table(
    cards: Sequence[Scorecard], *, link: bool = False, names: Sequence[str] | None = None
) -> str:
    labels = [_u(card_label(c)) for c in cards] if names is None else [_u(n) for n in names]
    if link:
        labels = [f'<a href="#a{n}">{text}</a>' for n, text in enumerate(labels, start=1)]
    heads = "".join(f'<th scope="col">{text}</th>' for text in labels)
    out = ["<table>", f"<thead><tr><th>Item</th><th>Title</th>{heads}</tr></thead>", "<tbody>"]
    for item in FRAMEWORK:
        cells = "".join(
            f"<td>{_cell(c[item.id].level, c[item.id].thrive_like)}</td>" for c in cards
        )
        out.append(
            f'<tr><th scope="row"><code>{_u(item.id)}</code></th>'
            f"<td>{_u(item.title)}</td>{cells}</tr>"
        )
    counts = "".join(
        f"<td>{sum(1 for p in c.principles if p.thrive_like)} of {len(c.principles)}</td>"
        for c in cards
    )
    overall = "".join(f"<td>{_verdict(c.thrive_like)}</td>" for c in cards)
    out += [
        "</tbody>",
        "<tfoot>",
        f'<tr><th scope="row" colspan="2">Principles THRIVE-like</th>{counts}</tr>',
        f'<tr><th scope="row" colspan="2">Overall THRIVE-like</th>{overall}</tr>',
        "</tfoot>",
        "</table>",
    ]
    return "\n".join(out)


def _cell(level: Any, thrive_like: bool | None) -> str:
    text = "-" if level is None else str(int(level))
    word = VERDICT[thrive_like]
    return (
        f'<span class="v v-{VERDICT_CLASS[thrive_like]}" title="{word}">{text}</span>'
        f'<span class="muted" style="font-size:0.8em"> {"" if level is None else word}</span>'
    )


def render_collection_html(
    cards: Sequence[Scorecard], *, labels: Sequence[str] | None = None
) -> str:
    """An HTML table of several assessments side by side, for notebooks.

    One row per item, one column per scorecard (labelled by locality and
    date), each cell the level with its THRIVE-like verdict; the foot counts
    THRIVE-like principles and gives each locality's verdict. ``labels``, one
    text per scorecard, replace the column headings. Collections of
    assessments use it as their ``_repr_html_``, labelled by locality, date
    and method.

    >>> import ithrive
    >>> from ithrive.scorecard.report import render_collection_html
    >>> a = ithrive.score({"evidence": {}, "locality": "A", "date": "2018"})
    >>> b = ithrive.score({"evidence": {"micro.2": {"kind": "rating", "level": 3}},
    ...                    "locality": "B", "date": "2018"})
    >>> "<th scope=\\"col\\">B 2018</th>" in render_collection_html([a, b])
    True
    """
    many = scorecards(cards)
    names: list[str] | None = None
    if labels is not None:
        if isinstance(labels, str) or not isinstance(labels, Sequence):
            raise wrong_argument(labels, "a list of texts, one per scorecard", "labels")
        names = list(labels)
        if len(names) != len(many) or not all(isinstance(n, str) for n in names):
            raise wrong_argument(labels, f"{len(many)} texts, one per scorecard", "labels")
        for name in names:
            check_text("labels", name)
    table = _collection_table(many, names=names)
    return f'<div class="ithrive"><style>{_css(_CSS)}</style>\n{table}\n</div>'


def render_scorecard_html(card: Scorecard) -> str:
    """A compact HTML table of one scorecard, for notebooks (``Scorecard._repr_html_``).

    >>> import ithrive
    >>> html = ithrive.score({"micro.2": {"kind": "rating", "level": 3}})._repr_html_()
    >>> html.startswith('<div class="ithrive">')
    True
    """
    one = scorecards(card, field="card")[0]
    caption = (
        f"<caption><strong>{_u(card_label(one))}</strong>: {_verdict(one.thrive_like)} "
        f"{_u(overall_text(one))}</caption>"
    )
    table = _item_table_html(one, (), None, caption)
    warnings = [(r.item, w) for r in one for w in r.warnings]
    notes = ""
    if warnings:
        notes = (
            "<ul>"
            + "".join(
                f"<li><code>{_u(i)}</code> {_u(w.message)} <code>[{_u(w.code)}]</code></li>"
                for i, w in warnings
            )
            + "</ul>"
        )
    return f'<div class="ithrive"><style>{_css(_CSS)}</style>\n{table}\n{notes}</div>'
