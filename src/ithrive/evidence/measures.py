"""Measures: evidence built from raw data (questionnaire returns, audited notes).

Evaluators start from records, not percentages. The functions here count
them exactly and return the evidence the scoring engine takes:

- :func:`audit`: per-case records of a case-note audit (true when the note
  meets the standard) become :class:`~ithrive.evidence.Proportion` evidence
  with the counts kept, for the audited items in :data:`AUDIT_ITEMS`;
- :func:`staff_survey`: individual returns (agree or not) and the eligible
  headcount become :class:`~ithrive.evidence.Survey` evidence;
- :func:`collaborate`: per-encounter answers to CollaboRATE's three items
  become :class:`CollaboRATEScores` (mean, top score, encounters used and
  excluded), whose :meth:`~CollaboRATEScores.to_evidence` gives
  :class:`~ithrive.evidence.CollaboRATE` evidence with the mean kept as an
  exact fraction;
- :func:`mindful`: the :class:`MindfulElement` s in place become
  :class:`~ithrive.evidence.Count` evidence that remembers which.

Records may be plain Python sequences or, with the ``frames`` extra
(narwhals), a column of a pandas, polars or other DataFrame. Every problem in
the records is reported at once, each with its position.
"""

from __future__ import annotations

from ithrive.errors import EvidenceError
from ithrive.evidence._mindful import MINDFUL_ELEMENTS, MindfulElement, mindful, missing_elements
from ithrive.evidence._records import booleans, read_records
from ithrive.evidence._responses import (
    COLLABORATE_ITEMS,
    MINIMUM_ENCOUNTERS,
    CollaboRATEScores,
    collaborate,
)
from ithrive.evidence.proportion import Proportion
from ithrive.evidence.survey import Survey

__all__ = [
    "AUDIT_ITEMS",
    "COLLABORATE_ITEMS",
    "MINDFUL_ELEMENTS",
    "MINIMUM_ENCOUNTERS",
    "CollaboRATEScores",
    "MindfulElement",
    "audit",
    "collaborate",
    "mindful",
    "missing_elements",
    "staff_survey",
]

#: Items rated from a case-note audit: the share of audited notes (or cases)
#: that meet the item's standard.
AUDIT_ITEMS: tuple[str, ...] = ("meso.5", "micro.2", "micro.3b", "micro.5a", "micro.5b", "micro.7")


def audit(
    records: object,
    *,
    column: str | None = None,
    measure: str | None = None,
) -> Proportion:
    """Count a case-note audit: one record per audited note, true when it meets the standard.

    ``records`` is an iterable of booleans (or 1/0), a Series, or a DataFrame
    with ``column`` naming the column to read (DataFrames need the
    ``frames`` extra). The result keeps the counts, so the level is decided
    exactly and an interval can be put around the rate
    (:mod:`ithrive.analysis.uncertainty`). A missing record is an error: decide
    whether it counts before auditing.

    >>> audit([True, True, False, True, False])
    Proportion(numerator=3, denominator=5, percent=None, measure=None)
    """
    read = read_records(records, column, "Reading audit records from a DataFrame", "records")
    flags = booleans(read, "records")
    if not flags:
        raise EvidenceError(
            "no records: an audit needs at least one note",
            code="no_records",
            field="records",
            value=0,
        )
    return Proportion(numerator=sum(flags), denominator=len(flags), measure=measure)


def staff_survey(
    returns: object,
    *,
    eligible: int,
    column: str | None = None,
    measure: str | None = None,
) -> Survey:
    """Count a staff survey: one return per responding member of staff, true when they agree.

    ``eligible`` is the headcount of staff who were asked; completion is the
    number of returns over it. ``returns`` is an iterable of booleans (or
    1/0), a Series, or a DataFrame with ``column`` naming the column.

    >>> staff_survey([True, False, True, True], eligible=6)
    Survey(agree=3, respondents=4, eligible=6, measure=None, agree_percent=None)
    """
    read = read_records(returns, column, "Reading survey returns from a DataFrame", "returns")
    flags = booleans(read, "returns")
    return Survey(agree=sum(flags), respondents=len(flags), eligible=eligible, measure=measure)
