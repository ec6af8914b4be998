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

from ithrive.outputs.plot._charts import plot_funnel, plot_spc
from ithrive.outputs.plot._figure import (
    LEVEL_COLOURS,
    NOT_RATED_COLOUR,
    PALETTE,
    VERDICT_COLOURS,
    save_figure,
)
from ithrive.outputs.plot._profile import plot_heatmap, plot_profile
from ithrive.outputs.plot._trajectory import TRAJECTORY_MEASURES, parse_date, plot_trajectories

# Where the code is: _figure, what every figure shares (palette, axes, safe
# text, scorecards and items to draw, saving); one module per figure family
# above it: _profile (profile and heatmap), _trajectory (over time), _charts
# (funnel and SPC).

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
