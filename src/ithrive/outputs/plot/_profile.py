"""Figures of scorecards by item: one scorecard's profile, and a heatmap of several."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.outputs.plot._figure import (
    LEVEL_COLOURS,
    NOT_RATED_COLOUR,
    THRIVE_LINE,
    VERDICT_COLOURS,
    card_labels,
    new_axes,
    plotted_cards,
    plotted_items,
    shown_text,
    wrapped,
)
from ithrive.scorecard import Scorecard
from ithrive.scorecard.report import ReportError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_heatmap", "plot_profile"]

#: Text colour that reads on each level's fill.
_LEVEL_TEXT: dict[int, str] = {1: "#000000", 2: "#000000", 3: "#000000", 4: "#ffffff"}


def plot_profile(
    card: Scorecard,
    *,
    items: object = None,
    labels: object = None,
    ax: Axes | None = None,
) -> Figure:
    """One scorecard's profile: a bar per item at its level, grouped by system level.

    Bars at level 3 or above are blue, below it vermilion; an item that is
    not rated has no bar and is marked "n/r". A dashed line marks level 3,
    where an item becomes THRIVE-like. ``items`` keeps some items (or
    ``"rated"``); ``labels`` names the scorecard in the title (a list of one,
    or a mapping of its locality).

    >>> import ithrive
    >>> from ithrive.outputs.plot import plot_profile
    >>> fig = plot_profile(ithrive.score({"micro.2": {"kind": "rating", "level": 3}}))
    >>> type(fig).__name__, fig.axes[0].get_ylabel()
    ('Figure', 'Level')
    """
    many = plotted_cards(card, "card")
    if len(many) != 1:
        raise ReportError(
            f"a profile shows one scorecard, got {len(many)}", field="card", value=card
        )
    card = many[0]
    shown = set(plotted_items(items, many))
    title_label = card_labels(many, labels)[0]
    fig, axes = new_axes(ax, (max(6.5, 0.42 * len(shown) + 1.8), 4.8))
    xs: list[float] = []
    x = 0.0
    system = None
    starts: list[tuple[str, float]] = []
    results = [r for r in card if r.item in shown]
    for result in results:
        item = FRAMEWORK.item(result.item)
        if item.system != system:
            if system is not None:
                x += 0.8
                axes.axvline(x - 0.9, color="#b0b0b0", linewidth=0.8)
            system = item.system
            starts.append((FRAMEWORK.system(system).title, x))
        xs.append(x)
        x += 1
    levels = [None if r.level is None else int(r.level) for r in results]
    for xi, level in zip(xs, levels, strict=True):
        if level is None:
            axes.text(xi, 0.08, "n/r", ha="center", va="bottom", fontsize=8, color="#4a4a4a")
            continue
        axes.bar(xi, level, width=0.7, color=VERDICT_COLOURS[level >= THRIVE_LIKE_AT])
        axes.text(xi, level + 0.05, str(level), ha="center", va="bottom", fontsize=8)
    axes.axhline(int(THRIVE_LIKE_AT), **THRIVE_LINE)
    ends = [*(s for _, s in starts[1:]), x + 0.8]
    for (title, start), end in zip(starts, ends, strict=True):
        axes.text((start + end - 1.8) / 2, 4.55, title, ha="center", va="bottom", fontweight="bold")
    axes.set_xticks(xs, [r.item for r in results], rotation=90, fontsize=8)
    axes.set_yticks([1, 2, 3, 4])
    axes.set_ylim(0, 4.9)
    axes.set_xlim(-0.7, x - 0.3)
    axes.set_ylabel("Level")
    axes.spines[["top", "right"]].set_visible(False)
    from matplotlib.patches import Patch

    axes.legend(
        handles=[
            Patch(color=VERDICT_COLOURS[True], label="THRIVE-like (3 or above)"),
            Patch(color=VERDICT_COLOURS[False], label="below 3"),
        ],
        loc="upper right",
        bbox_to_anchor=(1.0, 1.13),
        ncols=2,
        frameon=False,
        fontsize=8,
    )
    verdict = "THRIVE-like" if card.thrive_like else "not THRIVE-like"
    thriving = sum(1 for p in card.principles if p.thrive_like)
    title = f"{title_label}: {verdict} ({thriving} of {len(card.principles)} principles)"
    # The key sits at the top right: the title keeps to the room on its left.
    room = max(30, int((fig.get_figwidth() - 3.6) / 0.085))
    axes.set_title(shown_text(wrapped(title, room)), loc="left", pad=22)
    return fig


def plot_heatmap(
    cards: Sequence[Scorecard],
    *,
    items: object = None,
    labels: object = None,
    ax: Axes | None = None,
) -> Figure:
    """Items (rows) by assessments (columns), each cell coloured and labelled by its level.

    Columns are labelled by locality and date (or ``labels``), in the order
    given; rows follow the framework, with lines between system levels.
    Items not rated are grey with a dash. ``items`` keeps some rows:
    ``items="rated"`` drops the items no assessment rated.

    >>> import ithrive
    >>> from ithrive.outputs.plot import plot_heatmap
    >>> a = ithrive.score({"evidence": {}, "locality": "A"})
    >>> b = ithrive.score({"evidence": {"micro.2": {"kind": "rating", "level": 4}},
    ...                    "locality": "B"})
    >>> [t.get_text() for t in plot_heatmap([a, b]).axes[0].get_xticklabels()]
    ['A', 'B']
    >>> [t.get_text() for t in plot_heatmap([a, b], items="rated").axes[0].get_yticklabels()]
    ['micro.2']
    """
    many = plotted_cards(cards)
    rows = plotted_items(items, many)
    names = [wrapped(n, 28) for n in card_labels(many, labels)]
    # Room above the cells for the column labels (rotated past two columns) and below for the key.
    longest = max(len(line) for n in names for line in n.splitlines())
    lines = max(n.count("\n") + 1 for n in names)
    above = 0.16 * lines + (0.035 * longest if len(many) > 2 else 0.0)
    fig, axes = new_axes(ax, (3.2 + 1.15 * len(many), 1.9 + 0.31 * max(len(rows), 3) + above))
    from matplotlib.patches import Patch, Rectangle

    for col, card in enumerate(many):
        for row, item in enumerate(rows):
            result = card[item]
            level = None if result.level is None else int(result.level)
            fill = NOT_RATED_COLOUR if level is None else LEVEL_COLOURS[level]
            axes.add_patch(Rectangle((col, row), 1, 1, facecolor=fill, edgecolor="#ffffff"))
            axes.text(
                col + 0.5,
                row + 0.5,
                "-" if level is None else str(level),
                ha="center",
                va="center",
                fontsize=9,
                color="#1b1b1b" if level is None else _LEVEL_TEXT[level],
            )
    for n in range(1, len(rows)):
        if FRAMEWORK.item(rows[n]).system != FRAMEWORK.item(rows[n - 1]).system:
            axes.axhline(n, color="#1b1b1b", linewidth=1.5)
    axes.set_xlim(0, len(many))
    axes.set_ylim(len(rows), 0)
    axes.set_xticks([c + 0.5 for c in range(len(many))], [shown_text(n) for n in names])
    axes.tick_params(axis="x", labelrotation=30 if len(many) > 2 else 0, labelsize=8)
    axes.set_yticks([r + 0.5 for r in range(len(rows))], rows)
    axes.tick_params(axis="y", labelsize=8, length=0)
    axes.xaxis.tick_top()
    for spine in axes.spines.values():
        spine.set_visible(False)
    handles = [Patch(color=LEVEL_COLOURS[n], label=f"level {n}") for n in (1, 2, 3, 4)]
    handles.append(Patch(color=NOT_RATED_COLOUR, label="not rated"))
    axes.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncols=3,
        frameon=False,
        fontsize=8,
    )
    return fig
