"""Plots of scorecards with matplotlib (the optional extra ``ithrive[plot]``).

- :func:`plot_profile`: one scorecard's items, grouped by system level, as
  bars against the THRIVE-like line at level 3;
- :func:`plot_heatmap`: items by assessment (locality and date), each cell
  coloured and labelled by its level;
- :func:`plot_trajectories`: a summary over time, one line per locality,
  or one panel per item (``items=``);
- :func:`plot_funnel`: a funnel plot of one item's audits across
  localities (:mod:`ithrive.studies.funnel`);
- :func:`plot_spc`: an SPC chart of a locality's repeated audits
  (:mod:`ithrive.studies.spc`).

Each function returns the matplotlib :class:`~matplotlib.figure.Figure` for
further styling or saving, or draws into the ``ax`` it is given. Figures are
built without pyplot, so no global state or interactive backend is touched.
matplotlib is imported only when a plot is made; without it the call raises
:class:`~ithrive.errors.MissingExtraError` naming ``ithrive[plot]``.
:func:`save_figure` writes PNG, SVG (text kept as text) or PDF (fonts
embedded).

Every plot takes ``labels=``: a list (one label per scorecard, in order) or
a mapping of localities to labels; the plots of scorecards take ``items=``
(item ids, or ``"rated"`` for the items rated in any scorecard). One
palette, Okabe and Ito's, safe for the common forms of colour blindness,
serves every plot (:data:`PALETTE`): warm colours below level 3, blue from
it; every colour is backed by a number, a marker or a label. Levels are
ordinal, so level axes tick at 1, 2, 3 and 4 only, and counts at whole
numbers. A THRIVE-like line is drawn only where the tool defines
THRIVE-like: at level 3 of an item or a principle (not for a mean level).
"""

from __future__ import annotations

import datetime
import itertools
import os
import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from ithrive.base._extras import require
from ithrive.base.dates import start_of
from ithrive.errors import EvidenceError, is_real
from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.scorecard import Scorecard
from ithrive.scorecard._sections import scorecards as _scorecards
from ithrive.scorecard._sections import wrong_argument as _wrong
from ithrive.scorecard.report import ReportError, card_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "LEVEL_COLOURS",
    "NOT_RATED_COLOUR",
    "PALETTE",
    "TRAJECTORY_MEASURES",
    "VERDICT_COLOURS",
    "parse_date",
    "plot_funnel",
    "plot_heatmap",
    "plot_profile",
    "plot_spc",
    "plot_trajectories",
    "save_figure",
]

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
#: Text colour that reads on each level's fill.
_LEVEL_TEXT: dict[int, str] = {1: "#000000", 2: "#000000", 3: "#000000", 4: "#ffffff"}
#: Fill of an item that is not rated.
NOT_RATED_COLOUR = "#e6e6e6"
#: Bar colours: THRIVE-like (level 3 or above) and not, from :data:`PALETTE`.
VERDICT_COLOURS: dict[bool, str] = {True: "#0072B2", False: "#D55E00"}
_MARKERS = "osD^vP*X"
_STYLES = ("-", "--", "-.", ":")
#: Summaries :func:`plot_trajectories` can draw besides an item or principle level.
TRAJECTORY_MEASURES = ("principles_thrive_like", "items_thrive_like", "mean_level")

_LINE: dict[str, Any] = {"color": "#1b1b1b", "linestyle": "--", "linewidth": 1.2}


def _figure_class() -> Any:
    return require("matplotlib.figure", "plot", "Plotting scorecards").Figure


def _new(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        if not isinstance(ax, require("matplotlib.axes", "plot", "Plotting scorecards").Axes):
            raise _wrong(ax, "matplotlib Axes or None", "ax")
        return cast("Figure", ax.figure), ax
    fig = _figure_class()(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


_SURROGATE = re.compile("[\ud800-\udfff]")


def _label(text: str) -> str:
    """User text (a locality, a date, a label) shown as written: a ``$`` never starts mathtext.

    A lone surrogate, which no font or file can hold, is drawn as U+FFFD
    (as :func:`~ithrive.base.escape.escape_html` writes it) rather than failing
    when the figure is saved.
    """
    return _SURROGATE.sub("\ufffd", text).replace("$", r"\$")


def _wrapped(text: str, width: int) -> str:
    """User text broken into lines of at most ``width`` characters, so it fits the figure."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=True)) or text


def _cards(cards: Scorecard | Sequence[Scorecard], field: str = "cards") -> tuple[Scorecard, ...]:
    """The scorecards to plot; assessments (or a collection of them) give theirs."""
    from ithrive.studies.assessment import Assessment, AssessmentCollection

    given: Any = cards
    if isinstance(given, AssessmentCollection):
        given = given.assessments
    if isinstance(given, Assessment):
        given = given.scorecard
    elif isinstance(given, Sequence) and not isinstance(given, (str, bytes)):
        given = [a.scorecard if isinstance(a, Assessment) else a for a in given]
    return _scorecards(given, field=field, purpose="plot")


def _items(items: object, cards: Sequence[Scorecard]) -> list[str]:
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
        raise _wrong(items, 'a list of item ids, or "rated"', "items")
    for item in items:
        if not isinstance(item, str) or item not in FRAMEWORK:
            raise FRAMEWORK.unknown_item(item)
    wanted = set(items)
    if not wanted:
        raise ReportError("no items to draw", field="items", value=items)
    return [i for i in FRAMEWORK.item_ids if i in wanted]


def _card_labels(cards: Sequence[Scorecard], labels: object, default: Any = None) -> list[str]:
    """One label per scorecard: from a list (in order), a mapping of localities, or the default."""
    fallback = [card_label(c) if default is None else default(c) for c in cards]
    if labels is None:
        return fallback
    if isinstance(labels, Mapping):
        return [str(labels.get(c.locality, f)) for c, f in zip(cards, fallback, strict=True)]
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise _wrong(labels, "a list of labels or a mapping of localities to labels", "labels")
    if len(labels) != len(cards):
        raise ReportError(
            f"{len(labels)} labels for {len(cards)} scorecards",
            field="labels",
            value=len(labels),
        )
    return [str(x) for x in labels]


def _levels_axis(axes: Axes, *, low: float = 0.6, high: float = 4.4) -> None:
    """An ordinal level axis: ticks at 1-4 only."""
    axes.set_yticks([1, 2, 3, 4])
    axes.set_ylim(low, high)


def _thrive_line(axes: Axes, *, label: bool = True) -> None:
    """The THRIVE-like region of a level axis: level 3 or above, shaded above 2.5.

    Levels are ordinal, so "3 or above" is the region past the midpoint
    between 2 and 3; dodged points at level 3 stay inside it.
    """
    edge = int(THRIVE_LIKE_AT) - 0.5
    axes.axhspan(edge, 4.5, color=VERDICT_COLOURS[True], alpha=0.07, linewidth=0)
    axes.axhline(edge, **_LINE)
    if label:
        axes.text(
            1.0,
            edge,
            " THRIVE-like\n (3 or above)",
            transform=axes.get_yaxis_transform(),
            va="bottom",
            fontsize=8,
        )


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
    many = _cards(card, "card")
    if len(many) != 1:
        raise ReportError(
            f"a profile shows one scorecard, got {len(many)}", field="card", value=card
        )
    card = many[0]
    shown = set(_items(items, many))
    title_label = _card_labels(many, labels)[0]
    fig, axes = _new(ax, (max(6.5, 0.42 * len(shown) + 1.8), 4.8))
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
    axes.axhline(int(THRIVE_LIKE_AT), **_LINE)
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
    axes.set_title(_label(_wrapped(title, room)), loc="left", pad=22)
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
    many = _cards(cards)
    rows = _items(items, many)
    names = [_wrapped(n, 28) for n in _card_labels(many, labels)]
    # Room above the cells for the column labels (rotated past two columns) and below for the key.
    longest = max(len(line) for n in names for line in n.splitlines())
    lines = max(n.count("\n") + 1 for n in names)
    above = 0.16 * lines + (0.035 * longest if len(many) > 2 else 0.0)
    fig, axes = _new(ax, (3.2 + 1.15 * len(many), 1.9 + 0.31 * max(len(rows), 3) + above))
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
    axes.set_xticks([c + 0.5 for c in range(len(many))], [_label(n) for n in names])
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


def parse_date(text: object) -> datetime.date:
    """The first day of a scorecard's date: ``2018``, ``2018-Q2``, ``2018-03`` or ``2018-03-15``.

    Read by :func:`ithrive.base.dates.iso_date`, as assessments read their dates.

    >>> parse_date("2018-03"), parse_date("2018-Q2")
    (datetime.date(2018, 3, 1), datetime.date(2018, 4, 1))
    """
    try:
        return start_of(text)
    except EvidenceError as err:
        raise ReportError(err.message, code="invalid_date", field="date", value=text) from None


def _measure_value(card: Scorecard, measure: str) -> float | None:
    if measure == "principles_thrive_like":
        return float(sum(1 for p in card.principles if p.thrive_like))
    if measure == "items_thrive_like":
        return float(sum(1 for r in card if r.thrive_like))
    if measure == "mean_level":
        levels = [int(r.level) for r in card if r.level is not None]
        return sum(levels) / len(levels) if levels else None
    level = card[measure].level if measure in FRAMEWORK else card.principle(measure).level
    return None if level is None else float(int(level))


def _measure_label(measure: str) -> tuple[str, bool, str]:
    """Axis label, whether the THRIVE-like line applies, and the axis kind of ``measure``."""
    if measure == "principles_thrive_like":
        return "Principles THRIVE-like", False, "count"
    if measure == "items_thrive_like":
        return "Items THRIVE-like", False, "count"
    if measure == "mean_level":  # a mean of levels is not a level: no THRIVE-like line
        return "Mean item level", False, "mean"
    if measure in FRAMEWORK:
        return f"Level of {measure}", True, "level"
    if isinstance(measure, str) and measure in {p.id for p in FRAMEWORK.principles}:
        return f"Level of principle {measure}", True, "level"
    known = ", ".join(TRAJECTORY_MEASURES)
    raise ReportError(
        f"unknown measure; use one of {known}, an item id or a principle id",
        code="unknown_measure",
        field="measure",
        value=measure,
    )


def _series(
    many: Sequence[Scorecard], measure: str, names: Sequence[str]
) -> dict[str, list[tuple[datetime.date, float | None]]]:
    series: dict[str, list[tuple[datetime.date, float | None]]] = {}
    seen: dict[tuple[str, datetime.date], str | None] = {}
    for card, name in zip(many, names, strict=True):
        when = parse_date(card.date)
        if (name, when) in seen:
            earlier = seen[name, when]
            if earlier != card.date:  # two dates of different precision, one first day
                raise ReportError(
                    f"{name!r} has scorecards at {earlier} and {card.date}, which both start "
                    f"on {when.isoformat()}; a trajectory places each date at its first day, "
                    "so give its dates in one form (all quarters, say)",
                    field="cards",
                    value=card.date,
                )
            raise ReportError(
                f"{name!r} has more than one scorecard at {card.date}; a trajectory "
                "takes one per date (for assessments, select one method first)",
                field="cards",
                value=card.date,
            )
        seen[name, when] = card.date
        series.setdefault(name, []).append((when, _measure_value(card, measure)))
    for points in series.values():
        points.sort(key=lambda p: p[0])
    return series


def _draw_series(
    axes: Axes,
    series: dict[str, list[tuple[datetime.date, float | None]]],
    dodge: bool,
    *,
    discrete: bool = True,
) -> list[Any]:
    """One line per series, each with its own colour, marker and dash.

    Dodged, the series are set a little apart in time and, when the values
    are whole (levels, counts), a little apart vertically too (at most 0.3
    of a step in all), so identical series stay visible; the offsets are
    small enough that no point can be read as the next level.
    """
    days = sorted({p[0] for points in series.values() for p in points})
    gaps = [(b - a).days for a, b in itertools.pairwise(days)]
    many = dodge and len(series) > 1
    step = 0.25 * min(gaps) / (len(series) - 1) if (many and gaps) else 0.0
    rise = min(0.08, 0.3 / (len(series) - 1)) if (many and discrete) else 0.0
    lines: list[Any] = []
    placed: list[datetime.datetime] = []
    for n, (name, points) in enumerate(series.items()):
        place = n - (len(series) - 1) / 2
        shift = datetime.timedelta(days=place * step)
        xs: list[Any] = [datetime.datetime.combine(p[0], datetime.time()) + shift for p in points]
        placed += xs
        ys = [float("nan") if p[1] is None else p[1] + place * rise for p in points]
        lines += axes.plot(
            xs,
            ys,
            marker=_MARKERS[n % len(_MARKERS)],
            linestyle=_STYLES[n // len(PALETTE) % len(_STYLES)],
            color=PALETTE[n % len(PALETTE)],
            label=_label(name),
            linewidth=1.8,
            markersize=6,
        )
    # Every date on the axis, even where nothing was rated (matplotlib would leave it out,
    # and with no value at all would show 1970).
    first, last = min(placed), max(placed)
    margin = (last - first) * 0.05 if last > first else datetime.timedelta(days=180)
    bounds: tuple[Any, Any] = (first - margin, last + margin)  # matplotlib takes datetimes
    axes.set_xlim(*bounds)
    return lines


def _date_axis(axes: Axes) -> None:
    dates: Any = require("matplotlib.dates", "plot", "Plotting scorecards")
    locator = dates.AutoDateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))


def plot_trajectories(
    cards: Sequence[Scorecard],
    *,
    measure: str = "principles_thrive_like",
    items: object = None,
    labels: object = None,
    dodge: bool = True,
    ax: Axes | None = None,
) -> Figure:
    """A summary of each locality's scorecards over time, one line per locality.

    Scorecards are grouped by ``locality`` (or by ``labels``) and ordered by
    ``date`` (any ISO date, :mod:`ithrive.base.dates`). ``measure`` is
    ``"principles_thrive_like"`` (the default: how many of the 17 principles
    are THRIVE-like), ``"items_thrive_like"``, ``"mean_level"`` (mean level of
    the rated items), or an item or principle id (its level; a dashed line
    marks level 3, where the tool defines THRIVE-like). A point that cannot
    be computed (an item not rated) leaves a gap.

    ``items`` draws one panel per item instead (small multiples sharing
    their axes), each with the items' levels. With ``dodge`` (the default)
    the localities' points are set slightly apart in time and, for levels
    and counts, by less than a third of a level vertically, so identical
    series stay visible; each line also has its own colour and marker.
    ``dodge=False`` draws the values exactly.

    >>> import ithrive
    >>> from ithrive.outputs.plot import plot_trajectories
    >>> cards = [ithrive.score({"evidence": {"micro.2": {"kind": "rating", "level": n}},
    ...                         "locality": "A", "date": f"201{n}"}) for n in (2, 3)]
    >>> fig = plot_trajectories(cards, measure="micro.2")
    >>> fig.axes[0].get_ylabel(), [int(t) for t in fig.axes[0].get_yticks()]
    ('Level of micro.2', [1, 2, 3, 4])
    >>> len(plot_trajectories(cards, items=["micro.2", "meso.2"]).axes)
    2
    """
    many = _cards(cards)
    names = _card_labels(many, labels, default=lambda c: c.locality or "Unnamed locality")
    if items is not None:
        if ax is not None:
            raise ReportError(
                "one panel per item needs a figure of its own; leave out ax",
                field="ax",
                value=ax,
            )
        return _facets(many, names, _items(items, many), dodge)
    label, line, kind = _measure_label(measure)
    fig, axes = _new(ax, (8, 4.5))
    lines = _draw_series(axes, _series(many, measure, names), dodge, discrete=kind != "mean")
    if line:
        _thrive_line(axes)
    if kind == "level":
        _levels_axis(axes)
    elif kind == "count":
        from matplotlib.ticker import MaxNLocator

        top = len(FRAMEWORK.principles) if measure == "principles_thrive_like" else len(FRAMEWORK)
        axes.set_ylim(0, top + 0.5)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        axes.set_ylim(0.8, 4.2)  # a mean of 1 stays inside the axes
    axes.set_ylabel(label)
    axes.set_xlabel("Date of assessment")
    _date_axis(axes)
    axes.spines[["top", "right"]].set_visible(False)
    # Labels given explicitly: matplotlib would leave out a locality starting with "_".
    axes.legend(
        lines,
        [ln.get_label() for ln in lines],
        frameon=False,
        fontsize=8,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncols=min(len(lines), 5),
    )
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    return fig


def _facets(
    many: Sequence[Scorecard], names: Sequence[str], items: Sequence[str], dodge: bool
) -> Figure:
    if not items:
        raise ReportError("no items to draw", field="items", value=list(items))
    columns = min(3, len(items))
    rows = -(-len(items) // columns)
    fig: Figure = _figure_class()(
        figsize=(3.4 * columns + 0.8, 2.6 * rows + 0.6), layout="constrained"
    )
    grid = fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    lines: list[Any] = []
    for n, item in enumerate(items):
        axes = grid[n // columns][n % columns]
        lines = _draw_series(axes, _series(many, item, names), dodge)
        _thrive_line(axes, label=False)
        _levels_axis(axes)
        axes.set_title(item, loc="left", fontsize=10)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        _date_axis(axes)
    for n in range(len(items), rows * columns):
        grid[n // columns][n % columns].set_visible(False)
    for row in grid:
        row[0].set_ylabel("Level")
    fig.legend(
        lines,
        [ln.get_label() for ln in lines],
        loc="outside lower center",
        ncols=min(len(lines), 4),
        frameon=False,
        fontsize=8,
    )
    return fig


def plot_funnel(
    funnel: Any, *, labels: object = None, edges: bool = True, ax: Axes | None = None
) -> Figure:
    """A funnel plot (:func:`~ithrive.studies.funnel.funnel`): rates against sample sizes.

    Each locality is a point labelled by name (or by ``labels``, a mapping of
    localities), hollow and marked "(not rated)" where the item is not rated
    (a survey completed by too few staff); the target is a solid line, the 95% limits dashed and the
    99.8% limits dotted. With ``edges`` the item's band edges are drawn as
    faint lines labelled with the level they start.

    >>> from ithrive.studies.assessment import Assessment, AssessmentCollection
    >>> from ithrive.studies.funnel import funnel
    >>> def audit(site, k, n):
    ...     return Assessment.from_evidence(
    ...         {"micro.2": {"kind": "proportion", "numerator": k, "denominator": n}},
    ...         locality=site, date="2018-03", method="independent_evaluation")
    >>> f = funnel(AssessmentCollection([audit("A", 18, 30), audit("B", 50, 60)]), "micro.2")
    >>> plot_funnel(f).axes[0].get_xlabel()
    'Notes audited (or staff responding)'
    """
    from ithrive.studies.funnel import Funnel

    if not isinstance(funnel, Funnel):
        raise _wrong(funnel, "a Funnel from ithrive.studies.funnel.funnel", "funnel")
    if labels is not None and not isinstance(labels, Mapping):
        raise _wrong(labels, "a mapping of localities to labels", "labels")
    fig, axes = _new(ax, (7.5, 4.8))
    curve = funnel.curve()
    wide = funnel.curve(confidence=0.998)
    ns = [c[0] for c in curve]
    grey = "#4a4a4a"
    axes.plot(
        ns, [c[1] for c in curve], color=grey, linestyle="--", linewidth=1, label="95% limits"
    )
    axes.plot(ns, [c[2] for c in curve], color=grey, linestyle="--", linewidth=1)
    axes.plot(
        ns, [c[1] for c in wide], color=grey, linestyle=":", linewidth=1.2, label="99.8% limits"
    )
    axes.plot(ns, [c[2] for c in wide], color=grey, linestyle=":", linewidth=1.2)
    axes.axhline(
        funnel.target, color="#000000", linewidth=1.2, label=f"target {funnel.target:.1f}%"
    )
    if edges:
        for level, edge in funnel.edges:
            axes.axhline(edge, color=LEVEL_COLOURS[int(level)], linewidth=0.8, alpha=0.7)
            axes.text(
                1.0,
                edge,
                f" level {int(level)} from {edge:g}%",
                transform=axes.get_yaxis_transform(),
                va="center",
                fontsize=7,
                color="#1b1b1b",
            )
    mapping = labels if isinstance(labels, Mapping) else {}
    marker_of = {
        "within": "o",
        "above 95%": "^",
        "below 95%": "v",
        "above 99.8%": "^",
        "below 99.8%": "v",
    }
    for row in funnel.rows:
        outside = "99.8" in row.signal
        colour = PALETTE[3] if outside else PALETTE[0]
        rated = row.status == "rated"
        axes.plot(
            row.trials,
            float(row.percent),
            marker=marker_of[row.signal],
            color=colour,
            markerfacecolor=colour if rated else "none",  # hollow: the item is not rated
            markersize=8 if outside else 6,
            linestyle="none",
        )
        name = str(mapping.get(row.locality, row.locality)) + ("" if rated else " (not rated)")
        axes.annotate(
            _label(_wrapped(name, 24)),
            (row.trials, float(row.percent)),
            xytext=(5, 3),
            textcoords="offset points",
            fontsize=8,
        )
    axes.set_xlim(0, max(ns) + 1)
    axes.set_ylim(0, 100)
    axes.set_xlabel("Notes audited (or staff responding)")
    axes.set_ylabel(f"Rate meeting the standard (%), {funnel.item}")
    how = "exact binomial" if funnel.limits_method == "exact" else "arcsine"
    axes.set_title(f"{funnel.item} ({funnel.measure}): {how} limits", loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, fontsize=8, loc="lower right")
    return fig


def plot_spc(chart: Any, *, labels: object = None, ax: Axes | None = None) -> Figure:
    """An SPC chart (:mod:`~ithrive.studies.spc`): values, centre line, limits, special causes.

    Common-cause points are grey; special causes are blue (improvement),
    vermilion (concern) or purple (neutral), each with its own marker.
    ``labels`` (a mapping) renames the points on the x axis.

    >>> from ithrive.studies.spc import p_chart
    >>> fig = plot_spc(p_chart([24, 25, 23, 24, 12, 25], [30] * 6))
    >>> fig.axes[0].get_ylabel()
    'Percent'
    """
    from ithrive.studies.spc import SPCChart

    if not isinstance(chart, SPCChart):
        raise _wrong(chart, "an SPCChart from ithrive.studies.spc", "chart")
    if labels is not None and not isinstance(labels, Mapping):
        raise _wrong(labels, "a mapping of point labels to labels", "labels")
    fig, axes = _new(ax, (8, 4.2))
    rows = list(chart.rows)
    xs = list(range(len(rows)))
    axes.plot(xs, [r.value for r in rows], color="#7a7a7a", linewidth=1.2, zorder=1)
    axes.step(
        xs, [r.centre for r in rows], where="mid", color="#000000", linewidth=1.2, label="mean"
    )
    axes.step(
        xs,
        [r.upper for r in rows],
        where="mid",
        color="#4a4a4a",
        linestyle="--",
        linewidth=1,
        label="process limits",
    )
    axes.step(
        xs, [r.lower for r in rows], where="mid", color="#4a4a4a", linestyle="--", linewidth=1
    )
    style = {
        "common_cause": ("#9a9a9a", "o", "common cause"),
        "special_cause_improvement": (PALETTE[0], "^", "special cause: improvement"),
        "special_cause_concern": (PALETTE[3], "v", "special cause: concern"),
        "special_cause_neutral_high": (PALETTE[4], "D", "special cause: neutral"),
        "special_cause_neutral_low": (PALETTE[4], "D", "special cause: neutral"),
    }
    drawn: set[str] = set()
    for x, r in zip(xs, rows, strict=True):
        colour, marker, name = style[r.point_type]
        axes.plot(
            x,
            r.value,
            marker=marker,
            color=colour,
            markersize=7,
            linestyle="none",
            zorder=2,
            label=None if name in drawn else name,
        )
        drawn.add(name)
    mapping = labels if isinstance(labels, Mapping) else {}
    axes.set_xticks(xs, [_label(str(mapping.get(r.date, r.date))) for r in rows])
    axes.tick_params(axis="x", labelrotation=30 if len(rows) > 6 else 0, labelsize=8)
    axes.set_ylabel("Percent")
    kind = "p-chart" if chart.chart == "p" else "XmR chart"
    title = _wrapped(f"{chart.title}: {kind}" if chart.title else kind, 70)
    if chart.short:  # as NHSRplotthedots warns
        title += f"\n{len(rows)} points, fewer than 12: the limits are provisional"
    axes.set_title(_label(title), loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def save_figure(fig: Figure, target: str | os.PathLike[str], *, dpi: int = 150) -> None:
    """Save ``fig`` as PNG, SVG or PDF (by the file's suffix), ready for publication.

    SVG keeps text as text (editable, searchable); PDF embeds TrueType
    fonts; no file carries a software stamp or a date, so a PNG or PDF
    depends only on the figure.
    """
    figure_class = require("matplotlib.figure", "plot", "Saving figures").Figure
    if not isinstance(fig, figure_class):
        raise _wrong(fig, "a matplotlib Figure", "fig")
    if not isinstance(target, (str, os.PathLike)):
        raise _wrong(target, "a file path", "target")
    if not is_real(dpi) or isinstance(dpi, bool) or not 10 <= dpi <= 2400:
        raise _wrong(dpi, "a resolution between 10 and 2400 dots per inch", "dpi")
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
