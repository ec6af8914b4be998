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

from ithrive.errors import wrong_argument
from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.scorecard._card import Scorecard, scorecards
from ithrive.scorecard._results import ItemResult
from ithrive.scorecard._sections import (
    BARE_TEXT,
    Extras,
    ReportSection,
    card_label,
    check_text,
    default_heading,
    describe_in_full,
    is_bare,
    ithrive_version,
    level_text,
    report_title,
    sections_of,
)
from ithrive.scorecard._summary import overall_text
from ithrive.scorecard._tables import (
    CSS,
    VERDICT,
    VERDICT_CLASS,
    css,
    html_attr,
    html_text,
    item_table_html,
    level_int,
    meter,
    notebook_html,
    principles_html,
    systems_html,
    verdict_badge,
)

__all__ = [
    "render_collection_html",
    "render_html",
    "render_scorecard_html",
]

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


def _paragraphs(text: str) -> str:
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "\n".join(f"<p>{html_text(p)}</p>" for p in paras)


def _item_details_html(r: ItemResult, sections: Sequence[ReportSection], anchor: str) -> str:
    item = FRAMEWORK.item(r.item)
    level = level_int(r.level)
    rows = [
        (
            "Level",
            f"{meter(level)} {verdict_badge(r.thrive_like)} "
            f'<span class="muted">({html_text(level_text(level))}; THRIVE-like from '
            f"{int(THRIVE_LIKE_AT)})</span>",
        ),
        ("Status", html_text(r.status.value.replace("_", " "))),
    ]
    if r.evidence:
        pieces = "".join(f"<li>{html_text(describe_in_full(ev))}</li>" for ev in r.evidence)
        rows.append(("Evidence", f"<ul>{pieces}</ul>"))
    else:
        rows.append(("Evidence", '<span class="muted">none given</span>'))
    rows.append(("Explanation", html_text(r.explanation)))
    if r.unmet:
        rows.append(
            (
                "Unmet for the next level",
                ", ".join(f"<code>{html_text(u)}</code>" for u in r.unmet),
            )
        )
    if r.warnings:
        warns = "".join(
            f"<li>{html_text(w.message)} <code>[{html_text(w.code)}]</code></li>"
            for w in r.warnings
        )
        rows.append(("Warnings", f"<ul>{warns}</ul>"))
    rows.extend((s.title, html_text(s.text(r.item))) for s in sections if s.text(r.item))
    body = "".join(f"<dt>{html_text(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f'<article class="item" id="{anchor}-{html_attr(r.item)}">'
        f"<h4><code>{html_text(r.item)}</code> {html_text(item.title)}</h4>"
        f"<dl>{body}</dl></article>"
    )


def _card_html(
    card: Scorecard, sections: Sequence[ReportSection], anchor: str, *, heading: bool
) -> str:
    verdict = overall_text(card)
    h = 2 if heading else 1
    out = [
        f'<section class="card" id="{anchor}">',
        f"<h{h}>{html_text(card_label(card))}</h{h}>" if heading else "",
        f'<p class="muted">Ruleset {html_text(card.ruleset)} {html_text(card.ruleset_version)}; '
        f"{'every' if card.complete else 'not every'} principle rated.</p>",
        f"<p><strong>Overall:</strong> {verdict_badge(card.thrive_like)} {html_text(verdict)}</p>",
        f"<h{h + 1}>System levels</h{h + 1}>",
        systems_html(card),
        f"<h{h + 1}>Principles</h{h + 1}>",
        principles_html(card),
        f"<h{h + 1}>Items</h{h + 1}>",
        item_table_html(card, sections, anchor),
    ]
    for s in sections:
        if s.summary:
            out += [f"<h{h + 1}>{html_text(s.title)}</h{h + 1}>", _paragraphs(s.summary)]
    out.append(f"<h{h + 1}>Item details</h{h + 1}>")
    bare = [r.item for r in card if is_bare(r, sections)]
    if bare:
        ids = " ".join(f'<code id="{anchor}-{html_attr(i)}">{html_text(i)}</code>' for i in bare)
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
    shown = html_text(heading) if title else default_heading(many, html_text)
    body = [f"<h1>{shown}</h1>"]
    if len(many) > 1:
        body.append(f"<h2>Assessments compared</h2>\n{_collection_table(many, link=True)}")
    for n, card in enumerate(many, start=1):
        body.append(_card_html(card, sections_of(extras, card), f"a{n}", heading=len(many) > 1))
    body.append(
        f'<footer class="muted"><p>Made with ithrive {html_text(ithrive_version())}. '
        "Levels run from 1 to 4; "
        f"an item or principle is THRIVE-like at level {int(THRIVE_LIKE_AT)} or above, and a "
        "locality when every principle is.</p></footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="icon" href="{_FAVICON}">\n'
        f"<title>{html_attr(heading)}</title>\n<style>{css(CSS)}{css(_PAGE_CSS)}</style>\n"
        '</head>\n<body class="ithrive">\n' + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _collection_table(
    cards: Sequence[Scorecard], *, link: bool = False, names: Sequence[str] | None = None
) -> str:
    labels = (
        [html_text(card_label(c)) for c in cards]
        if names is None
        else [html_text(n) for n in names]
    )
    if link:
        labels = [f'<a href="#a{n}">{text}</a>' for n, text in enumerate(labels, start=1)]
    heads = "".join(f'<th scope="col">{text}</th>' for text in labels)
    out = ["<table>", f"<thead><tr><th>Item</th><th>Title</th>{heads}</tr></thead>", "<tbody>"]
    for item in FRAMEWORK:
        cells = "".join(
            f"<td>{_cell(c[item.id].level, c[item.id].thrive_like)}</td>" for c in cards
        )
        out.append(
            f'<tr><th scope="row"><code>{html_text(item.id)}</code></th>'
            f"<td>{html_text(item.title)}</td>{cells}</tr>"
        )
    counts = "".join(
        f"<td>{sum(1 for p in c.principles if p.thrive_like)} of {len(c.principles)}</td>"
        for c in cards
    )
    overall = "".join(f"<td>{verdict_badge(c.thrive_like)}</td>" for c in cards)
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
    return f'<div class="ithrive"><style>{css(CSS)}</style>\n{table}\n</div>'


def render_scorecard_html(card: Scorecard) -> str:
    """A compact HTML table of one scorecard, for notebooks (``Scorecard._repr_html_``).

    >>> import ithrive
    >>> html = ithrive.score({"micro.2": {"kind": "rating", "level": 3}})._repr_html_()
    >>> html.startswith('<div class="ithrive">')
    True
    """
    return notebook_html(scorecards(card, field="card")[0])
