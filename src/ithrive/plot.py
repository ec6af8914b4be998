"""Plots of scorecards with matplotlib (the optional extra ``ithrive[plot]``).

- :func:`plot_profile`: one scorecard's items, grouped by system level, as
  bars against the THRIVE-like line at level 3;
- :func:`plot_heatmap`: items by assessment (locality and date), each cell
  coloured and labelled by its level;
- :func:`plot_trajectories`: a summary over time, one line per locality.

Each function returns the matplotlib :class:`~matplotlib.figure.Figure` for
further styling or saving, or draws into the ``ax`` it is given. Figures are
built without pyplot, so no global state or interactive backend is touched.
matplotlib is imported only when a plot is made; without it the call raises
:class:`~ithrive.errors.MissingExtraError` naming ``ithrive[plot]``.

Colours are safe for the common forms of colour blindness (an orange-purple
scale for levels, blue and orange for the verdict), and every colour is
backed by a number or a label.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from ithrive._extras import require
from ithrive.dates import start_of
from ithrive.errors import EvidenceError
from ithrive.model import FRAMEWORK, THRIVE_LIKE_AT
from ithrive.report import ReportError, _scorecards, _wrong, card_label
from ithrive.scorecard import Scorecard

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "LEVEL_COLOURS",
    "NOT_RATED_COLOUR",
    "TRAJECTORY_MEASURES",
    "VERDICT_COLOURS",
    "parse_date",
    "plot_heatmap",
    "plot_profile",
    "plot_trajectories",
]

#: Fill colour of levels 1-4 (ColorBrewer PuOr, safe for colour blindness).
LEVEL_COLOURS: dict[int, str] = {1: "#b35806", 2: "#f1a340", 3: "#998ec3", 4: "#542788"}
#: Text colour that reads on each level's fill.
_LEVEL_TEXT: dict[int, str] = {1: "#ffffff", 2: "#1b1b1b", 3: "#1b1b1b", 4: "#ffffff"}
#: Fill of an item that is not rated.
NOT_RATED_COLOUR = "#e6e6e6"
#: Bar colours: THRIVE-like (level 3 or above) and not.
VERDICT_COLOURS: dict[bool, str] = {True: "#1f5fa8", False: "#d36f00"}
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


def _label(text: str) -> str:
    """User text (a locality, a date) shown as written: a ``$`` never starts mathtext."""
    return text.replace("$", r"\$")


def _cards(cards: Scorecard | Sequence[Scorecard], field: str = "cards") -> tuple[Scorecard, ...]:
    """The scorecards to plot; assessments (or a collection of them) give theirs."""
    from ithrive.assessment import Assessment, AssessmentCollection

    given: Any = cards
    if isinstance(given, AssessmentCollection):
        given = given.assessments
    if isinstance(given, Assessment):
        given = given.scorecard
    elif isinstance(given, Sequence) and not isinstance(given, (str, bytes)):
        given = [a.scorecard if isinstance(a, Assessment) else a for a in given]
    return _scorecards(given, field=field, purpose="plot")


def plot_profile(card: Scorecard, *, ax: Axes | None = None) -> Figure:
    """One scorecard's profile: a bar per item at its level, grouped by system level.

    Bars at level 3 or above are blue, below it orange; an item that is not
    rated has no bar and is marked "n/r". A dashed line marks level 3, where
    an item becomes THRIVE-like.

    >>> import ithrive
    >>> from ithrive.plot import plot_profile
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
    fig, axes = _new(ax, (11, 4.8))
    xs: list[float] = []
    x = 0.0
    system = None
    starts: list[tuple[str, float]] = []
    for result in card:
        item = FRAMEWORK.item(result.item)
        if item.system != system:
            if system is not None:
                x += 0.8
                axes.axvline(x - 0.9, color="#b0b0b0", linewidth=0.8)
            system = item.system
            starts.append((FRAMEWORK.system(system).title, x))
        xs.append(x)
        x += 1
    levels = [None if r.level is None else int(r.level) for r in card]
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
    axes.set_xticks(xs, [r.item for r in card], rotation=90, fontsize=8)
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
    axes.set_title(
        f"{_label(card_label(card))}: {verdict} ({thriving} of {len(card.principles)} principles)",
        loc="left",
        pad=22,
    )
    return fig


def plot_heatmap(cards: Sequence[Scorecard], *, ax: Axes | None = None) -> Figure:
    """Items (rows) by assessments (columns), each cell coloured and labelled by its level.

    Columns are labelled by locality and date, in the order given; rows
    follow the framework, with lines between system levels. Items not rated
    are grey with a dash.

    >>> import ithrive
    >>> from ithrive.plot import plot_heatmap
    >>> a = ithrive.score({"evidence": {}, "locality": "A"})
    >>> b = ithrive.score({"evidence": {"micro.2": {"kind": "rating", "level": 4}},
    ...                    "locality": "B"})
    >>> [t.get_text() for t in plot_heatmap([a, b]).axes[0].get_xticklabels()]
    ['A', 'B']
    """
    many = _cards(cards)
    fig, axes = _new(ax, (2.6 + 1.15 * len(many), 8))
    from matplotlib.patches import Patch, Rectangle

    for col, card in enumerate(many):
        for row, result in enumerate(card):
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
    row = 0
    for system in FRAMEWORK.systems[:-1]:
        row += sum(1 for i in FRAMEWORK if i.system == system.id)
        axes.axhline(row, color="#1b1b1b", linewidth=1.5)
    axes.set_xlim(0, len(many))
    axes.set_ylim(len(FRAMEWORK), 0)
    axes.set_xticks([c + 0.5 for c in range(len(many))], [_label(card_label(c)) for c in many])
    axes.tick_params(axis="x", labelrotation=30 if len(many) > 2 else 0, labelsize=8)
    axes.set_yticks([r + 0.5 for r in range(len(FRAMEWORK))], list(FRAMEWORK.item_ids))
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

    Read by :func:`ithrive.dates.iso_date`, as assessments read their dates.

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


def _measure_label(measure: str) -> tuple[str, float | None, tuple[float, float]]:
    """Axis label, the THRIVE-like line (if any) and the y range of ``measure``."""
    if measure == "principles_thrive_like":
        return "Principles THRIVE-like", None, (0, len(FRAMEWORK.principles) + 0.5)
    if measure == "items_thrive_like":
        return "Items THRIVE-like", None, (0, len(FRAMEWORK) + 0.5)
    if measure == "mean_level":
        return "Mean item level", float(int(THRIVE_LIKE_AT)), (1, 4.2)
    if measure in FRAMEWORK:
        return f"Level of {measure}", float(int(THRIVE_LIKE_AT)), (0.8, 4.2)
    if isinstance(measure, str) and measure in {p.id for p in FRAMEWORK.principles}:
        return f"Level of principle {measure}", float(int(THRIVE_LIKE_AT)), (0.8, 4.2)
    known = ", ".join(TRAJECTORY_MEASURES)
    raise ReportError(
        f"unknown measure; use one of {known}, an item id or a principle id",
        code="unknown_measure",
        field="measure",
        value=measure,
    )


def plot_trajectories(
    cards: Sequence[Scorecard],
    *,
    measure: str = "principles_thrive_like",
    ax: Axes | None = None,
) -> Figure:
    """A summary of each locality's scorecards over time, one line per locality.

    Scorecards are grouped by ``locality`` and ordered by ``date`` (each
    needs one: ``2018``, ``2018-03`` or ``2018-03-15``). ``measure`` is
    ``"principles_thrive_like"`` (the default: how many of the 17 principles
    are THRIVE-like), ``"items_thrive_like"``, ``"mean_level"`` (mean level of
    the rated items), or an item or principle id (its level; a dashed line
    marks level 3). A point that cannot be computed (an item not rated) leaves
    a gap.

    >>> import ithrive
    >>> from ithrive.plot import plot_trajectories
    >>> cards = [ithrive.score({"evidence": {"micro.2": {"kind": "rating", "level": n}},
    ...                         "locality": "A", "date": f"201{n}"}) for n in (2, 3)]
    >>> plot_trajectories(cards, measure="micro.2").axes[0].get_ylabel()
    'Level of micro.2'
    """
    many = _cards(cards)
    label, line, limits = _measure_label(measure)
    fig, axes = _new(ax, (8, 4.5))
    series: dict[str, list[tuple[datetime.date, float | None]]] = {}
    seen: set[tuple[str, datetime.date]] = set()
    for card in many:
        when = parse_date(card.date)
        name = card.locality or "Unnamed locality"
        if (name, when) in seen:
            raise ReportError(
                f"{name!r} has more than one scorecard at {card.date}; a trajectory "
                "takes one per date (for assessments, select one method first)",
                field="cards",
                value=card.date,
            )
        seen.add((name, when))
        series.setdefault(name, []).append((when, _measure_value(card, measure)))
    markers = "osD^vP*X"
    lines: list[Any] = []
    for n, (locality, points) in enumerate(series.items()):
        points.sort(key=lambda p: p[0])
        xs: list[Any] = [p[0] for p in points]  # matplotlib converts dates itself
        ys = [float("nan") if p[1] is None else p[1] for p in points]
        lines += axes.plot(
            xs, ys, marker=markers[n % len(markers)], label=_label(locality), linewidth=1.8
        )
    if line is not None:
        axes.axhline(line, **_LINE)
        axes.text(
            1.0,
            line,
            " THRIVE-like",
            transform=axes.get_yaxis_transform(),
            va="center",
            fontsize=8,
        )
    axes.set_ylim(*limits)
    axes.set_ylabel(label)
    axes.set_xlabel("Date of assessment")
    axes.spines[["top", "right"]].set_visible(False)
    # Labels given explicitly: matplotlib would leave out a locality starting with "_".
    axes.legend(lines, [ln.get_label() for ln in lines], frameon=False, fontsize=8)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    return fig
