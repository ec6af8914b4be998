"""HTML tables of a scorecard's results: the blocks of every HTML report, and the notebook view.

They read a scorecard through :class:`~ithrive.scorecard._results.CardView`
and never check what they are given, so the scorecard itself can show its
table in Jupyter (``Scorecard._repr_html_``) without importing the reports
that check their arguments (:mod:`._html`). Every interpolated value is
escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ithrive.base.escape import escape_html
from ithrive.base.formatting import format_number
from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.scorecard._results import CardView
from ithrive.scorecard._summary import overall_text

__all__ = [
    "CSS",
    "PALETTE",
    "VERDICT",
    "VERDICT_CLASS",
    "Column",
    "css",
    "html_attr",
    "html_text",
    "item_table_html",
    "label_of",
    "level_int",
    "meter",
    "notebook_html",
    "principles_html",
    "systems_html",
    "verdict_badge",
]


class Column(Protocol):
    """An extra column of the item table: a heading and each item's text (a report section)."""

    @property
    def title(self) -> str:
        """The column's heading."""
        ...

    def text(self, item_id: str) -> str:
        """The text for ``item_id``, or ``""``."""
        ...


#: Colours of the reports: (text, background) pairs for verdicts, and the level
#: meter's fill, empty cell border and THRIVE-like line. Text pairs have a
#: contrast ratio of at least 4.5:1 and the meter at least 3:1 on white (WCAG
#: 2.1 AA), and every colour is paired with words, so nothing relies on colour.
PALETTE: Mapping[str, str] = {
    "text": "#1b1b1b",
    "muted": "#4a4a4a",
    "background": "#ffffff",
    "rule": "#767676",
    "yes_text": "#0b5b2a",
    "yes_background": "#dcf2e3",
    "no_text": "#8a1f11",
    "no_background": "#fbe4df",
    "none_text": "#3b3b3b",
    "none_background": "#ebebeb",
    "meter_fill": "#1f5fa8",
    "meter_empty": "#ffffff",
    "meter_border": "#767676",
    "meter_line": "#1b1b1b",
}

VERDICT = {True: "yes", False: "no", None: "not rated"}
VERDICT_CLASS = {True: "yes", False: "no", None: "none"}


def level_int(level: Any) -> int | None:
    """A level as a plain number, or ``None``."""
    return None if level is None else int(level)


def label_of(card: CardView) -> str:
    """A scorecard's locality and date, as a label (``"Unnamed locality"`` when it has none)."""
    return " ".join(p for p in (card.locality or "Unnamed locality", card.date) if p)


CSS = """
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


def html_attr(text: object) -> str:
    """Text for an attribute value or the page's ``<title>``: escaped, never isolated."""
    return escape_html(text)


def html_text(text: object) -> str:
    """Text for element content: escaped, and isolated in ``<bdi>`` when it is right-to-left."""
    return escape_html(text, isolate=True)


def css(template: str) -> str:
    """A style sheet ``template`` with the report colours of :data:`PALETTE` filled in."""
    return template % dict(PALETTE)


def meter(level: int | None) -> str:
    """A level as four cells, filled up to the level, with a line at THRIVE-like, and the number."""
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


def verdict_badge(value: bool | None) -> str:
    """A THRIVE-like verdict as a coloured word: yes, no or not rated."""
    return f'<span class="v v-{VERDICT_CLASS[value]}">{VERDICT[value]}</span>'


def item_table_html(
    card: CardView, sections: Sequence[Column], anchor: str | None, caption: str = ""
) -> str:
    """The table of a scorecard's items by system level, with a column per extra section.

    With ``anchor``, each item id links to its details (``#{anchor}-{item}``).
    """
    heads = ["Item", "Title", "Level", "THRIVE-like", "Decided by"] + [s.title for s in sections]
    out = [
        "<table>",
        caption,
        "<thead><tr>" + "".join(f"<th>{html_text(h)}</th>" for h in heads) + "</tr></thead>",
    ]
    for system in FRAMEWORK.systems:
        out.append("<tbody>")
        out.append(
            f'<tr><th colspan="{len(heads)}" scope="rowgroup">{html_text(system.title)}</th></tr>'
        )
        for r in card:
            item = FRAMEWORK.item(r.item)
            if item.system != system.id:
                continue
            basis = r.basis or r.status.value.replace("_", " ")
            code = f"<code>{html_text(r.item)}</code>"
            if anchor is not None:
                code = f'<a href="#{anchor}-{html_attr(r.item)}">{code}</a>'
            cells = [
                f'<th scope="row">{code}</th>',
                f"<td>{html_text(item.title)}</td>",
                f"<td>{meter(level_int(r.level))}</td>",
                f"<td>{verdict_badge(r.thrive_like)}</td>",
                f"<td>{html_text(basis)}</td>",
                *(f"<td>{html_text(s.text(r.item))}</td>" for s in sections),
            ]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def principles_html(card: CardView) -> str:
    """The table of a scorecard's principles: items, level and verdict."""
    out = [
        "<table>",
        "<thead><tr><th>Principle</th><th>Title</th><th>Items</th><th>Level</th>"
        "<th>THRIVE-like</th></tr></thead>",
        "<tbody>",
    ]
    for p in card.principles:
        title = FRAMEWORK.principle(p.principle).title
        items = ", ".join(f"<code>{html_text(i)}</code>" for i in p.items)
        out.append(
            f'<tr><th scope="row"><code>{html_text(p.principle)}</code></th>'
            f"<td>{html_text(title)}</td>"
            f"<td>{items}</td><td>{meter(level_int(p.level))}</td>"
            f"<td>{verdict_badge(p.thrive_like)}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def systems_html(card: CardView) -> str:
    """The table of a scorecard's system levels: items rated and THRIVE-like, mean level."""
    out = [
        "<table>",
        "<thead><tr><th>System level</th><th>Items rated</th><th>Items THRIVE-like</th>"
        "<th>Principles THRIVE-like</th><th>Mean item level</th></tr></thead>",
        "<tbody>",
    ]
    for s in card.systems:
        mean = "-" if s.mean_level is None else format_number(s.mean_level, places=2)
        out.append(
            f'<tr><th scope="row">{html_text(FRAMEWORK.system(s.system).title)}</th>'
            f"<td>{s.items_rated} of {s.items_total}</td><td>{s.items_thrive_like}</td>"
            f"<td>{s.principles_thrive_like} of {s.principles_total}</td><td>{mean}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def notebook_html(card: CardView) -> str:
    """A compact HTML table of one scorecard with its warnings, for notebooks."""
    caption = (
        f"<caption><strong>{html_text(label_of(card))}</strong>: "
        f"{verdict_badge(card.thrive_like)} "
        f"{html_text(overall_text(card))}</caption>"
    )
    table = item_table_html(card, (), None, caption)
    warnings = [(r.item, w) for r in card for w in r.warnings]
    notes = ""
    if warnings:
        notes = (
            "<ul>"
            + "".join(
                f"<li><code>{html_text(i)}</code> {html_text(w.message)} "
                f"<code>[{html_text(w.code)}]</code></li>"
                for i, w in warnings
            )
            + "</ul>"
        )
    return f'<div class="ithrive"><style>{css(CSS)}</style>\n{table}\n{notes}</div>'
