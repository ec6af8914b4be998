"""What every figure shares: the palette, a new figure or the given axes, safe text.

The colours (:data:`PALETTE` and the colours taken from it), the scorecards
and items a plot draws, one label per scorecard, the ordinal level axis and
the THRIVE-like region, and :func:`save_figure`. matplotlib is imported
only when a figure is made.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from ithrive.base._extras import require
from ithrive.errors import is_real, wrong_argument
from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.scorecard import Scorecard
from ithrive.scorecard._card import scorecards
from ithrive.scorecard.report import ReportError, card_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "LEVEL_COLOURS",
    "NOT_RATED_COLOUR",
    "PALETTE",
    "THRIVE_LINE",
    "VERDICT_COLOURS",
    "card_labels",
    "figure_class",
    "levels_axis",
    "new_axes",
    "plotted_cards",
    "plotted_items",
    "save_figure",
    "shown_text",
    "thrive_line",
    "wrapped",
]

#: The error for an argument of the wrong type or shape, as every report gives it.

#: The one palette of every plot: Okabe and Ito's colours, safe for colour blindness,
#: in the order series take them (blue, orange, bluish green, vermilion, reddish
#: purple, sky blue, black; yellow, hard to see on white, is left out).
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#000000",
)
#: Fill colour of levels 1-4, from :data:`PALETTE`: warm below 3, blue from it.
LEVEL_COLOURS: dict[int, str] = {1: "#D55E00", 2: "#E69F00", 3: "#56B4E9", 4: "#0072B2"}
#: Fill of an item that is not rated.
NOT_RATED_COLOUR = "#e6e6e6"
#: Bar colours: THRIVE-like (level 3 or above) and not, from :data:`PALETTE`.
VERDICT_COLOURS: dict[bool, str] = {True: "#0072B2", False: "#D55E00"}

THRIVE_LINE: dict[str, Any] = {"color": "#1b1b1b", "linestyle": "--", "linewidth": 1.2}


def figure_class() -> Any:
    """matplotlib's Figure class, imported on first use (the ``plot`` extra)."""
    return require("matplotlib.figure", "plot", "Plotting scorecards").Figure


def new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """The figure and axes to draw on: ``ax`` and its figure, or a new figure of ``size``."""
    if ax is not None:
        if not isinstance(ax, require("matplotlib.axes", "plot", "Plotting scorecards").Axes):
            raise wrong_argument(ax, "matplotlib Axes or None", "ax")
        return cast("Figure", ax.figure), ax
    fig = figure_class()(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


_SURROGATE = re.compile("[\ud800-\udfff]")


def shown_text(text: str) -> str:
    """User text (a locality, a date, a label) shown as written: a ``$`` never starts mathtext.

    A lone surrogate, which no font or file can hold, is drawn as U+FFFD
    (as :func:`~ithrive.base.escape.escape_html` writes it) rather than failing
    when the figure is saved.
    """
    return _SURROGATE.sub("\ufffd", text).replace("$", r"\$")


def wrapped(text: str, width: int) -> str:
    """User text broken into lines of at most ``width`` characters, so it fits the figure."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=True)) or text


def plotted_cards(
    cards: Scorecard | Sequence[Scorecard], field: str = "cards"
) -> tuple[Scorecard, ...]:
    """The scorecards to plot; assessments (or a collection of them) give theirs."""
    from ithrive.studies.assessment import Assessment, AssessmentCollection

    given: Any = cards
    if isinstance(given, AssessmentCollection):
        given = given.assessments
    if isinstance(given, Assessment):
        given = given.scorecard
    elif isinstance(given, Sequence) and not isinstance(given, (str, bytes)):
        given = [a.scorecard if isinstance(a, Assessment) else a for a in given]
    return scorecards(given, field=field, purpose="plot")


def plotted_items(items: object, cards: Sequence[Scorecard]) -> list[str]:
    """The item ids to draw, in the tool's order: all, the ``"rated"`` ones, or those named."""
    if items is None:
        return list(FRAMEWORK.item_ids)
    if items == "rated":
        rated = {r.item for card in cards for r in card if r.level is not None}
        if not rated:
            raise ReportError(
                'no items to draw: items="rated" and no item is rated', field="items", value=items
            )
        return [i for i in FRAMEWORK.item_ids if i in rated]
    if isinstance(items, str) or not isinstance(items, Sequence):
        raise wrong_argument(items, 'a list of item ids, or "rated"', "items")
    for item in items:
        if not isinstance(item, str) or item not in FRAMEWORK:
            raise FRAMEWORK.unknown_item(item)
    wanted = set(items)
    if not wanted:
        raise ReportError("no items to draw", field="items", value=items)
    return [i for i in FRAMEWORK.item_ids if i in wanted]


def card_labels(cards: Sequence[Scorecard], labels: object, default: Any = None) -> list[str]:
    """One label per scorecard: from a list (in order), a mapping of localities, or the default."""
    fallback = [card_label(c) if default is None else default(c) for c in cards]
    if labels is None:
        return fallback
    if isinstance(labels, Mapping):
        return [str(labels.get(c.locality, f)) for c, f in zip(cards, fallback, strict=True)]
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise wrong_argument(
            labels, "a list of labels or a mapping of localities to labels", "labels"
        )
    if len(labels) != len(cards):
        raise ReportError(
            f"{len(labels)} labels for {len(cards)} scorecards",
            field="labels",
            value=len(labels),
        )
    return [str(x) for x in labels]


def levels_axis(axes: Axes, *, low: float = 0.6, high: float = 4.4) -> None:
    """An ordinal level axis: ticks at 1-4 only."""
    axes.set_yticks([1, 2, 3, 4])
    axes.set_ylim(low, high)


def thrive_line(axes: Axes, *, label: bool = True) -> None:
    """The THRIVE-like region of a level axis: level 3 or above, shaded above 2.5.

    Levels are ordinal, so "3 or above" is the region past the midpoint
    between 2 and 3; dodged points at level 3 stay inside it.
    """
    edge = int(THRIVE_LIKE_AT) - 0.5
    axes.axhspan(edge, 4.5, color=VERDICT_COLOURS[True], alpha=0.07, linewidth=0)
    axes.axhline(edge, **THRIVE_LINE)
    if label:
        axes.text(
            1.0,
            edge,
            " THRIVE-like\n (3 or above)",
            transform=axes.get_yaxis_transform(),
            va="bottom",
            fontsize=8,
        )


def save_figure(fig: Figure, target: str | os.PathLike[str], *, dpi: int = 150) -> None:
    """Save ``fig`` as PNG, SVG or PDF (by the file's suffix), ready for publication.

    SVG keeps text as text (editable, searchable); PDF embeds TrueType
    fonts; no file carries a software stamp or a date, so a PNG or PDF
    depends only on the figure.
    """
    figure_class = require("matplotlib.figure", "plot", "Saving figures").Figure
    if not isinstance(fig, figure_class):
        raise wrong_argument(fig, "a matplotlib Figure", "fig")
    if not isinstance(target, (str, os.PathLike)):
        raise wrong_argument(target, "a file path", "target")
    if not is_real(dpi) or isinstance(dpi, bool) or not 10 <= dpi <= 2400:
        raise wrong_argument(dpi, "a resolution between 10 and 2400 dots per inch", "dpi")
    path = os.fspath(target)
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise ReportError(
            f"expected a .png, .svg or .pdf file, got {path!r}", field="target", value=path
        )
    matplotlib = require("matplotlib", "plot", "Saving figures")
    meta: dict[str, Any] = {
        ".png": {"Software": None},
        ".svg": {"Creator": None, "Date": None},
        ".pdf": {"Creator": None, "Producer": None, "CreationDate": None},
    }[suffix]
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "ithrive"}
    ):
        fig.savefig(path, dpi=dpi, metadata=meta)
