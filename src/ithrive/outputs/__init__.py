"""What is handed to people and programs beyond one scorecard's own forms.

Plots, the workshop board pack, the published JSON Schemas and the blank
evidence template.

May import: :mod:`ithrive.studies`, :mod:`ithrive.instruments`,
:mod:`ithrive.analysis` and what lies under them. Only the command line
imports this layer.
"""
