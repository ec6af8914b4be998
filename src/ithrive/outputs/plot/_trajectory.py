"""Figures over time: a summary per locality, or one panel per item.

Dates are read as a scorecard's are (``2018``, ``2018-03``, ``2018-Q2``);
points on the same date are dodged apart so none hides another.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ithrive.model import FRAMEWORK
from ithrive.outputs.plot._figure import (
    PALETTE,
    card_labels,
    figure_class,
    levels_axis,
    new_axes,
    plotted_cards,
    plotted_items,
    shown_text,
    thrive_line,
)
from ithrive.scorecard import Scorecard
from ithrive.scorecard.report import ReportError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from ithrive.base._extras import require
from ithrive.base.dates import start_of
from ithrive.errors import EvidenceError

__all__ = ["TRAJECTORY_MEASURES", "parse_date", "plot_trajectories"]

_MARKERS = "osD^vP*X"
_STYLES = ("-", "--", "-.", ":")
#: Summaries :func:`plot_trajectories` can draw besides an item or principle level.
TRAJECTORY_MEASURES = ("principles_thrive_like", "items_thrive_like", "mean_level")


def parse_date(text: object) -> datetime.date:
    """The first day of a scorecard's date: ``2018``, ``2018-Q2``, ``2018-03`` or ``2018-03-15``.

    Read by :func:`ithrive.base.dates.iso_date`, as assessments read their dates.

    >>> from ithrive.outputs.plot import parse_date
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
            label=shown_text(name),
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
    many = plotted_cards(cards)
    names = card_labels(many, labels, default=lambda c: c.locality or "Unnamed locality")
    if items is not None:
        if ax is not None:
            raise ReportError(
                "one panel per item needs a figure of its own; leave out ax",
                field="ax",
                value=ax,
            )
        return _facets(many, names, plotted_items(items, many), dodge)
    label, line, kind = _measure_label(measure)
    fig, axes = new_axes(ax, (8, 4.5))
    lines = _draw_series(axes, _series(many, measure, names), dodge, discrete=kind != "mean")
    if line:
        thrive_line(axes)
    if kind == "level":
        levels_axis(axes)
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
    fig: Figure = figure_class()(
        figsize=(3.4 * columns + 0.8, 2.6 * rows + 0.6), layout="constrained"
    )
    grid = fig.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    lines: list[Any] = []
    for n, item in enumerate(items):
        axes = grid[n // columns][n % columns]
        lines = _draw_series(axes, _series(many, item, names), dodge)
        thrive_line(axes, label=False)
        levels_axis(axes)
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
