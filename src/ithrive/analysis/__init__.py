"""Questions about one scorecard: how sure its levels are, and what it would take.

Uncertainty from the sample sizes behind each rate, the smallest change of
evidence that moves an item, and how many case notes an audit should sample.

May import: :mod:`ithrive.scoring` and what lies under it
(:mod:`~ithrive.rules`, :mod:`~ithrive.scorecard`, :mod:`~ithrive.evidence`,
:mod:`~ithrive.model`, :mod:`~ithrive.base`, the errors and limits). Never a
study, an instrument, an output or the command line.
"""
