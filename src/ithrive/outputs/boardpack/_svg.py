"""The board pack's charts, drawn as inline SVG, and the HTML text they and the page share.

:func:`esc` is how every value reaches the page or a chart: escaped,
control characters shown as spaces and bidirectional text isolated.
:func:`stacked_bars` draws a workshop's answers per entry or group;
:func:`levels_chart` an assessment's 22 levels against the THRIVE-like line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ithrive.base.escape import BIDI_CONTROLS, escape_html, needs_isolation
from ithrive.model import THRIVE_LIKE_AT
from ithrive.outputs.boardpack._model import SERIES, level_text
from ithrive.scorecard import Scorecard
from ithrive.scorecard.report import PALETTE

__all__ = ["esc", "legend", "levels_chart", "stacked_bars"]


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


def esc(value: object) -> str:
    """Any value as HTML text (element content, SVG text, titles): ``escape_html``, isolated."""
    return escape_html(_shown(value))


def legend(keys: Sequence[str]) -> str:
    """The colour key of the series in ``keys``."""
    parts = [
        f'<span><i style="background:{colour}"></i>{esc(label)}</span>'
        for key, label, colour in SERIES
        if key in keys
    ]
    return f'<p class="legend">{"".join(parts)}</p>'


def stacked_bars(rows: Sequence[tuple[str, str, list[tuple[str, int]]]], caption: str) -> str:
    """A horizontal stacked bar per row: (label, hover text, counts), drawn as inline SVG."""
    label_w, bar_w, row_h = 280, 440, 20
    height = row_h * len(rows) + 10
    out = [
        f'<svg role="img" width="{label_w + bar_w + 60}" height="{height}" '
        f'viewBox="0 0 {label_w + bar_w + 60} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{esc(caption)}</title>",
    ]
    for n, (label, hover, counts) in enumerate(rows):
        y = 5 + n * row_h
        total = sum(c for _, c in counts) or 1
        short = label if len(label) <= 40 else label[:38] + "…"
        # a nested svg clips a label too wide for its column (wide letters, long names)
        out.append(
            f'<svg x="0" y="{y}" width="{label_w - 6}" height="{row_h}" overflow="hidden">'
            f'<text x="0" y="14">{esc(short)}</text></svg>'
        )
        x = float(label_w)
        for key, count in counts:
            if not count:
                continue
            w = bar_w * count / total
            name, colour = next((n, c) for k, n, c in SERIES if k == key)
            out.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 5}" '
                f'fill="{colour}"><title>{esc(hover)}: {esc(name)} '
                f"{count}</title></rect>"
            )
            x += w
        out.append(
            f'<text x="{label_w + bar_w + 6}" y="{y + 14}">{esc(sum(c for _, c in counts))}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def levels_chart(card: Scorecard) -> str:
    """One bar per item, its height the level, with the THRIVE-like line at level 3."""
    items = list(card.items)
    w, h, top, bottom = 30, 36, 10, 70
    width, height = 40 + w * len(items), top + 4 * h + bottom
    out = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{esc('Levels of the 22 items; THRIVE-like from level 3')}</title>",
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
                f'fill="{colour}"><title>{esc(r.item)}: {esc(level_text(r.level))}</title></rect>'
            )
        else:
            out.append(f'<text x="{x + 4}" y="{base - 4}">-</text>')
        out.append(
            f'<text x="{x + 10}" y="{base + 8}" transform="rotate(60 {x + 10} {base + 8})">'
            f"{esc(r.item)}</text>"
        )
    line = base - int(THRIVE_LIKE_AT) * h
    out.append(
        f'<line x1="26" x2="{width}" y1="{line}" y2="{line}" stroke="{PALETTE["text"]}" '
        'stroke-dasharray="4 3"/>'
    )
    out.append("</svg>")
    return "\n".join(out)
