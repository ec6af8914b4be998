"""Many scorecards at once: sites, dates, raters, and whole tables of evidence.

Assessments (a scorecard with its locality, date and method), trajectories
over time, comparisons of groups of sites, agreement between raters, batch
scoring of tables, intervals per site, funnel plots and SPC charts.

May import: :mod:`ithrive.analysis` and what lies under it. Never an
instrument, an output or the command line.
"""
