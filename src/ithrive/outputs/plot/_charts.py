"""Figures of the study charts: a funnel plot of audits, and an SPC chart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ithrive.errors import wrong_argument
from ithrive.outputs.plot._figure import LEVEL_COLOURS, PALETTE, new_axes, shown_text, wrapped

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_funnel", "plot_spc"]


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
    >>> from ithrive.outputs.plot import plot_funnel
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
        raise wrong_argument(funnel, "a Funnel from ithrive.studies.funnel.funnel", "funnel")
    if labels is not None and not isinstance(labels, Mapping):
        raise wrong_argument(labels, "a mapping of localities to labels", "labels")
    fig, axes = new_axes(ax, (7.5, 4.8))
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
            shown_text(wrapped(name, 24)),
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

    >>> from ithrive.outputs.plot import plot_spc
    >>> from ithrive.studies.spc import p_chart
    >>> fig = plot_spc(p_chart([24, 25, 23, 24, 12, 25], [30] * 6))
    >>> fig.axes[0].get_ylabel()
    'Percent'
    """
    from ithrive.studies.spc import SPCChart

    if not isinstance(chart, SPCChart):
        raise wrong_argument(chart, "an SPCChart from ithrive.studies.spc", "chart")
    if labels is not None and not isinstance(labels, Mapping):
        raise wrong_argument(labels, "a mapping of point labels to labels", "labels")
    fig, axes = new_axes(ax, (8, 4.2))
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
    axes.set_xticks(xs, [shown_text(str(mapping.get(r.date, r.date))) for r in rows])
    axes.tick_params(axis="x", labelrotation=30 if len(rows) > 6 else 0, labelsize=8)
    axes.set_ylabel("Percent")
    kind = "p-chart" if chart.chart == "p" else "XmR chart"
    title = wrapped(f"{chart.title}: {kind}" if chart.title else kind, 70)
    if chart.short:  # as NHSRplotthedots warns
        title += f"\n{len(rows)} points, fewer than 12: the limits are provisional"
    axes.set_title(shown_text(title), loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig
