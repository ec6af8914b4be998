"""Reports for people: a standalone HTML page, Markdown, and HTML tables for notebooks.

:func:`render_html` writes one self-contained HTML file (inline CSS, no
scripts, no external assets; accessible colours with text beside every
colour; print-friendly) and :func:`render_markdown` the same report as
Markdown. Each shows, for one or several assessments, every item's level
against the THRIVE-like line at level 3, the evidence and the explanation,
the warnings, and the principle and system summaries.

Reports accept extra sections through ``extras``: a :class:`ReportSection`
has a title, optional text per item (shown as a column of the item table and
in each item's details) and an optional summary (shown as its own section).
This is how other analyses, such as uncertainty or what it would take to
reach the next level, join a report without the report knowing about them.
Give a list of sections (shown with every scorecard), or a function from a
scorecard to its sections.

For Jupyter, :func:`render_scorecard_html` is a scorecard's ``_repr_html_``
and :func:`render_collection_html` renders several assessments side by side.

>>> import ithrive
>>> from ithrive.scorecard.report import ReportSection, render_markdown
>>> card = ithrive.score({"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}})
>>> extra = ReportSection("Uncertainty", items={"micro.2": "95% interval 42%-76%"})
>>> text = render_markdown(card, extras=[extra])
>>> print(text.splitlines()[0])
# THRIVE assessment: Unnamed locality
>>> "| `micro.2` | Needs-based grouping recorded in case notes | 3 of 4 | yes |" in text
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import attrs

from ithrive._version import __version__
from ithrive.base.encoding import is_encodable, unencodable_reason
from ithrive.base.escape import escape_html, escape_markdown
from ithrive.base.formatting import format_number
from ithrive.errors import ReportError, short_repr
from ithrive.evidence import Evidence, Rating, describe
from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.model.level import Status
from ithrive.scorecard import ItemResult, Scorecard
from ithrive.scorecard.table import overall_text

__all__ = [
    "PALETTE",
    "Extras",
    "ReportError",
    "ReportSection",
    "card_label",
    "render_collection_html",
    "render_html",
    "render_markdown",
    "render_scorecard_html",
]


def _to_pairs(value: object) -> object:
    if isinstance(value, Mapping):
        return tuple((k, v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(tuple(p) if isinstance(p, (list, tuple)) else p for p in value)
    return value


@attrs.frozen
class ReportSection:
    """An extra section of a report, such as uncertainty or what it would take.

    - ``title``: the section's heading, also the heading of its column;
    - ``items``: text per item id, shown in the item table and the item's
      details (items left out show nothing);
    - ``summary``: text shown as a section of its own; blank lines separate
      paragraphs.

    >>> ReportSection("What it would take", items={"micro.3b": "7 more notes"}).items
    (('micro.3b', '7 more notes'),)
    """

    title: str
    items: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_to_pairs)
    summary: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.title, str) or not self.title.strip():
            raise ReportError(
                f"a section needs a title, got {short_repr(self.title)}",
                field="title",
                value=self.title,
            )
        if not isinstance(self.summary, str):
            raise ReportError(
                f"expected text, got {type(self.summary).__name__}",
                field="summary",
                value=self.summary,
            )
        pairs = self.items
        if not isinstance(pairs, tuple) or not all(
            isinstance(p, tuple) and len(p) == 2 for p in pairs
        ):
            raise ReportError(
                "expected a mapping of item ids to text", field="items", value=self.items
            )
        for item_id, text in pairs:
            if item_id not in FRAMEWORK:
                raise FRAMEWORK.unknown_item(item_id)
            if not isinstance(text, str):
                raise ReportError(
                    f"expected text, got {type(text).__name__}",
                    item=item_id,
                    field="items",
                    value=text,
                )
        _check_text("title", self.title)
        _check_text("summary", self.summary)
        for item_id, text in pairs:
            _check_text("items", text, item=item_id)

    def text(self, item_id: str) -> str:
        """The section's text for ``item_id``, or ``""``."""
        if not isinstance(item_id, str):
            raise _wrong(item_id, "an item id", "item_id")
        return dict(self.items).get(item_id, "")


#: Extra sections: a list shown with every scorecard, or a function giving each scorecard's.
Extras: TypeAlias = Iterable[ReportSection] | Callable[[Scorecard], Iterable[ReportSection]]

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

_VERDICT = {True: "yes", False: "no", None: "not rated"}
_VERDICT_CLASS = {True: "yes", False: "no", None: "none"}


def card_label(card: Scorecard) -> str:
    """A short label for a scorecard: its locality and date.

    >>> import ithrive
    >>> card_label(ithrive.score({"evidence": {}, "locality": "Camden", "date": "2017-09"}))
    'Camden 2017-09'
    """
    if not isinstance(card, Scorecard):
        raise _wrong(card, "a Scorecard", "card")
    return " ".join(p for p in (card.locality or "Unnamed locality", card.date) if p)


def _heading(cards: Sequence[Scorecard], escape: Callable[[object], str]) -> str:
    """The default heading, the locality escaped (and isolated) on its own."""
    if len(cards) == 1:
        return f"THRIVE assessment: {escape(card_label(cards[0]))}"
    return "THRIVE assessments"


def _check_text(field: str, text: str | None, *, item: str | None = None) -> None:
    """Refuse text no UTF-8 page can hold (a lone surrogate), naming where it is."""
    if text is not None and not is_encodable(text):
        raise ReportError(
            f"{field}: {unencodable_reason(text)}",
            code="unencodable_text",
            item=item,
            field=field,
            value=ascii(text[:40]),
        )


def _title(title: object) -> str | None:
    """A report's ``title`` argument: ``None`` or text that can be written."""
    if title is not None and not isinstance(title, str):
        raise _wrong(title, "text or None", "title")
    _check_text("title", title)
    return title


def _wrong(value: object, expected: str, field: str) -> ReportError:
    """The error for an argument a report or plot cannot use, naming it and its value."""
    return ReportError(
        f"{field}: expected {expected}, got {type(value).__name__} {short_repr(value)}",
        field=field,
        value=value,
    )


def _scorecards(
    cards: Scorecard | Sequence[Scorecard], *, field: str = "cards", purpose: str = "report on"
) -> tuple[Scorecard, ...]:
    """One scorecard or several as a tuple; none, or anything else, is a :class:`ReportError`."""
    if isinstance(cards, Scorecard):
        return (cards,)
    if not isinstance(cards, Iterable) or isinstance(cards, (str, bytes)):
        raise _wrong(cards, "a Scorecard or a list of Scorecards", field)
    out = tuple(cards)
    if not out:
        raise ReportError(f"no scorecards to {purpose}", field=field, value=[])
    for card in out:
        if not isinstance(card, Scorecard):
            raise ReportError(
                f"expected a Scorecard, got {type(card).__name__}", field=field, value=card
            )
    return out


def _sections(extras: Extras | None, card: Scorecard) -> tuple[ReportSection, ...]:
    if extras is None:
        return ()
    got = extras(card) if callable(extras) else extras
    if not isinstance(got, Iterable) or isinstance(got, (str, bytes)):
        raise _wrong(got, "a list of ReportSections, or a function giving one", "extras")
    out = tuple(got)
    for section in out:
        if not isinstance(section, ReportSection):
            raise ReportError(
                f"expected a ReportSection, got {type(section).__name__}",
                field="extras",
                value=section,
            )
    return out


def _level_text(level: int | None) -> str:
    return "not rated" if level is None else f"{level} of 4"


def _bare(r: ItemResult, sections: Sequence[ReportSection]) -> bool:
    """Whether an item has nothing to detail: not assessed, no evidence, warning or section text."""
    return (
        r.status is Status.NOT_ASSESSED
        and not r.evidence
        and not r.warnings
        and not any(s.text(r.item) for s in sections)
    )


#: The one line that stands for every item with nothing to detail.
_BARE_TEXT = "Not assessed (no evidence was given)"


# ----------------------------------------------------------------------------- HTML

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


def _detail(evidence: Evidence) -> str:
    """One piece of evidence described in full: a rating with the panel's notes."""
    text = describe(evidence)
    if isinstance(evidence, Rating) and evidence.notes:
        text += f" (notes: {evidence.notes})"
    return text


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
    return f'<span class="v v-{_VERDICT_CLASS[value]}">{_VERDICT[value]}</span>'


def _int(level: Any) -> int | None:
    return None if level is None else int(level)


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
                f"<td>{_meter(_int(r.level))}</td>",
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
            f"<td>{items}</td><td>{_meter(_int(p.level))}</td>"
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
    level = _int(r.level)
    rows = [
        (
            "Level",
            f"{_meter(level)} {_verdict(r.thrive_like)} "
            f'<span class="muted">({_u(_level_text(level))}; THRIVE-like from '
            f"{int(THRIVE_LIKE_AT)})</span>",
        ),
        ("Status", _u(r.status.value.replace("_", " "))),
    ]
    if r.evidence:
        pieces = "".join(f"<li>{_u(_detail(ev))}</li>" for ev in r.evidence)
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
    bare = [r.item for r in card if _bare(r, sections)]
    if bare:
        ids = " ".join(f'<code id="{anchor}-{_e(i)}">{_u(i)}</code>' for i in bare)
        out.append(f'<p class="bare"><strong>{_BARE_TEXT}:</strong> {ids}</p>')
    out.extend(_item_details_html(r, sections, anchor) for r in card if not _bare(r, sections))
    out.append("</section>")
    return "\n".join(out)


def _version() -> str:
    return __version__


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
    >>> page = render_html(ithrive.score({"micro.2": {"kind": "rating", "level": 2}}))
    >>> page.startswith("<!DOCTYPE html>"), "micro.2" in page, "<script" in page
    (True, True, False)
    """
    many = _scorecards(cards)
    heading = _title(title) or (
        f"THRIVE assessment: {card_label(many[0])}" if len(many) == 1 else "THRIVE assessments"
    )
    shown = _u(heading) if title else _heading(many, _u)
    body = [f"<h1>{shown}</h1>"]
    if len(many) > 1:
        body.append(f"<h2>Assessments compared</h2>\n{_collection_table(many, link=True)}")
    for n, card in enumerate(many, start=1):
        body.append(_card_html(card, _sections(extras, card), f"a{n}", heading=len(many) > 1))
    body.append(
        f'<footer class="muted"><p>Made with ithrive {_u(_version())}. Levels run from 1 to 4; '
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
    word = _VERDICT[thrive_like]
    return (
        f'<span class="v v-{_VERDICT_CLASS[thrive_like]}" title="{word}">{text}</span>'
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
    >>> a = ithrive.score({"evidence": {}, "locality": "A", "date": "2018"})
    >>> b = ithrive.score({"evidence": {"micro.2": {"kind": "rating", "level": 3}},
    ...                    "locality": "B", "date": "2018"})
    >>> "<th scope=\\"col\\">B 2018</th>" in render_collection_html([a, b])
    True
    """
    many = _scorecards(cards)
    names: list[str] | None = None
    if labels is not None:
        if isinstance(labels, str) or not isinstance(labels, Sequence):
            raise _wrong(labels, "a list of texts, one per scorecard", "labels")
        names = list(labels)
        if len(names) != len(many) or not all(isinstance(n, str) for n in names):
            raise _wrong(labels, f"{len(many)} texts, one per scorecard", "labels")
        for name in names:
            _check_text("labels", name)
    table = _collection_table(many, names=names)
    return f'<div class="ithrive"><style>{_css(_CSS)}</style>\n{table}\n</div>'


def render_scorecard_html(card: Scorecard) -> str:
    """A compact HTML table of one scorecard, for notebooks (``Scorecard._repr_html_``).

    >>> import ithrive
    >>> html = ithrive.score({"micro.2": {"kind": "rating", "level": 3}})._repr_html_()
    >>> html.startswith('<div class="ithrive">')
    True
    """
    one = _scorecards(card, field="card")[0]
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


# ----------------------------------------------------------------------------- Markdown


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
                _level_text(_int(p.level)),
                _VERDICT[p.thrive_like],
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
                _level_text(_int(r.level)),
                _VERDICT[r.thrive_like],
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
    bare = [r.item for r in card if _bare(r, sections)]
    if bare:
        out += ["", f"**{_BARE_TEXT}:** " + ", ".join(_mdc(i) for i in bare)]
    for r in card:
        if _bare(r, sections):
            continue
        level = _int(r.level)
        out += [
            "",
            f"{h}## {_mdc(r.item)} {_md(FRAMEWORK.item(r.item).title)}",
            "",
            f"- **Level:** {_level_text(level)}, THRIVE-like: {_VERDICT[r.thrive_like]} "
            f"(THRIVE-like from level {int(THRIVE_LIKE_AT)})",
            f"- **Evidence:** {_md('; '.join(_detail(ev) for ev in r.evidence) or 'none given')}",
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
    >>> text = render_markdown(ithrive.score({"micro.2": {"kind": "rating", "level": 2}}))
    >>> "- **Level:** 2 of 4, THRIVE-like: no (THRIVE-like from level 3)" in text
    True
    """
    many = _scorecards(cards)
    heading = _title(title) or (
        f"THRIVE assessment: {card_label(many[0])}" if len(many) == 1 else "THRIVE assessments"
    )
    out = [f"# {_md(heading) if title else _heading(many, _md)}", ""]
    if len(many) == 1:
        out += _md_card(many[0], _sections(extras, many[0]), "#")
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
            "| **Overall THRIVE-like** | "
            + " | ".join(_VERDICT[c.thrive_like] for c in many)
            + " |"
        )
        for card in many:
            out += ["", f"## {_md(card_label(card))}", ""]
            out += _md_card(card, _sections(extras, card), "##")
    out += [
        "",
        "---",
        "",
        f"Made with ithrive {_md(_version())}.",
    ]
    return "\n".join(out) + "\n"


def _md_level(r: ItemResult) -> str:
    if r.level is None:
        return "-"
    return f"{int(r.level)} ({_VERDICT[r.thrive_like]})"
