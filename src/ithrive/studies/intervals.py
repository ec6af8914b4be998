"""Intervals per site: the uncertainty of every audit and survey, as one tidy table.

:func:`ithrive.analysis.uncertainty.assess` gives the Jeffreys interval of each audit
and survey behind one scorecard. :func:`interval_table` does the same for
many assessments at once (a collection, a list, one assessment or one
scorecard) and lays the results out tidily: one row per locality, date,
method, item and measure, with the counts, the observed rate and level, the
interval and the probability of a THRIVE-like true rate. It is what the
site comparisons (:func:`ithrive.studies.groups.compare_groups`, the funnel plot of
:mod:`ithrive.studies.funnel`) build on, and it turns into a DataFrame with
``to_frame()``.

Needs the ``stats`` extra (scipy), as every interval does.

>>> from ithrive.studies.assessment import Assessment
>>> a = Assessment.from_evidence(
...     {"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}},
...     locality="A", date="2017-03", method="independent_evaluation")
>>> row = interval_table(a)[0]
>>> row.locality, row.id, row.successes, row.trials, round(row.lower, 1), round(row.upper, 1)
('A', 'micro.2', 18, 30, 42.2, 76.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import attrs

from ithrive.analysis.uncertainty import CONFIDENCE, ItemUncertainty, assess
from ithrive.base._tabular import Table
from ithrive.errors import EvidenceError, expect, wrong_type
from ithrive.model import FRAMEWORK
from ithrive.model.level import Level
from ithrive.rules.ruleset import Ruleset
from ithrive.scorecard import Scorecard

__all__ = ["IntervalRow", "IntervalTable", "interval_table", "sources_of"]


@attrs.frozen
class IntervalRow:
    """One audit or survey of one assessment, with its interval.

    ``locality``, ``date`` and ``method`` say whose assessment (``None``
    for a bare scorecard without them); ``id`` is the item; ``successes`` of
    ``trials`` the counts; ``observed`` the rate in percent, exactly, and
    ``observed_level`` its band's level; ``lower`` and ``upper`` the
    Jeffreys interval in percent at ``confidence``;
    ``probability_thrive_like`` the probability that the true rate lies in a
    band of level 3 or above; ``straddles`` whether the interval holds the
    THRIVE-like boundary.
    """

    locality: str | None
    date: str | None
    method: str | None
    id: str
    measure: str
    successes: int
    trials: int
    observed: Fraction
    observed_level: Level
    lower: float
    upper: float
    confidence: float
    probability_thrive_like: float
    most_probable: Level
    straddles: bool


@attrs.frozen
class IntervalTable(Table[IntervalRow]):
    """Jeffreys intervals of audits and surveys, one row per assessment, item and measure."""

    def of_one_measure(self, item: str, measure: str | None = None) -> IntervalTable:
        """The rows of ``item``'s ``measure``; with no ``measure``, all rows, if of one measure.

        A site comparison or chart plots one measure of one item: an item
        counted by two measures here (an audit and a survey, say) without
        ``measure`` to choose is refused (``measure_required``), naming them.

        >>> from ithrive.studies.assessment import Assessment
        >>> a = Assessment.from_evidence(
        ...     {"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}},
        ...     locality="A", date="2017-03", method="independent_evaluation")
        >>> [r.measure for r in interval_table(a).of_one_measure("micro.2")]
        ['notes_audit']
        """
        expect(item, str, field="item", expected="an item id")
        table = self if measure is None else self.where(lambda r: r.measure == measure)
        measures = sorted({r.measure for r in table})
        if len(measures) > 1:
            raise EvidenceError(
                f"{item} was measured by {', '.join(measures)}; give 'measure' as one of them",
                code="measure_required",
                item=item,
                field="measure",
                value=None,
            )
        return table


def sources_of(
    source: object, field: str = "source"
) -> list[tuple[str | None, str | None, str | None, Scorecard]]:
    """``(locality, date, method, scorecard)`` of each assessment or scorecard in ``source``.

    ``source`` is an :class:`~ithrive.studies.assessment.AssessmentCollection`, an
    :class:`~ithrive.studies.assessment.Assessment`, a
    :class:`~ithrive.scorecard.Scorecard`, or a list of assessments and
    scorecards. Anything else is refused (``wrong_type``).
    """
    # Imported when used: interval tables of scorecards need no assessment files (csv).
    from ithrive.studies.assessment import Assessment, AssessmentCollection

    expected = "an Assessment, a Scorecard, a collection or a list of them"
    given: Any = source
    if isinstance(given, AssessmentCollection):
        given = given.assessments
    if isinstance(given, (Assessment, Scorecard)):
        given = (given,)
    if not isinstance(given, Iterable) or isinstance(given, (str, bytes)):
        raise wrong_type(source, expected, field=field)
    out: list[tuple[str | None, str | None, str | None, Scorecard]] = []
    for value in given:
        if isinstance(value, Assessment):
            out.append((value.locality, value.date, value.method.value, value.scorecard))
        elif isinstance(value, Scorecard):
            out.append((value.locality, value.date, None, value))
        else:  # the argument is named, as every wrong argument is
            raise wrong_type(source, expected, field=field)
    return out


def _row(
    where: tuple[str | None, str | None, str | None, Scorecard], u: ItemUncertainty
) -> IntervalRow:
    locality, date, method, _ = where
    return IntervalRow(
        locality=locality,
        date=date,
        method=method,
        id=u.item,
        measure=u.measure,
        successes=u.successes,
        trials=u.trials,
        observed=u.observed,
        observed_level=u.observed_level,
        lower=u.lower,
        upper=u.upper,
        confidence=u.confidence,
        probability_thrive_like=u.probability_thrive_like,
        most_probable=u.most_probable,
        straddles=u.straddles,
    )


def interval_table(
    source: object,
    *,
    items: Sequence[str] | None = None,
    ruleset: Ruleset | None = None,
    confidence: float = CONFIDENCE,
) -> IntervalTable:
    """The Jeffreys interval of every audit and survey in ``source``, as a tidy table.

    ``items`` keeps only those items (ids checked against the framework).
    Evidence without counts is left out, as in
    :func:`ithrive.analysis.uncertainty.assess`. Needs the ``stats`` extra (scipy).
    """
    wanted: set[str] | None = None
    if items is not None:
        if isinstance(items, str) or not isinstance(items, Iterable):
            raise wrong_type(items, "a list of item ids", field="items")
        wanted = set()
        for item in items:
            if not isinstance(item, str) or item not in FRAMEWORK:
                raise FRAMEWORK.unknown_item(item)
            wanted.add(item)
    rows = []
    for where in sources_of(source):
        try:
            found = assess(where[3], ruleset=ruleset, confidence=confidence)
        except EvidenceError as err:
            if where[0] is not None:
                err.add_note(f"in the assessment of {where[0]!r} at {where[1]!r}")
            raise
        rows += [_row(where, u) for u in found if wanted is None or u.item in wanted]
    return IntervalTable(rows)
