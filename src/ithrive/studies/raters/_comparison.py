"""A self-assessment beside an independent evaluation of one locality, item by item.

Each item rated both ways gives the difference of the two levels
(self-assessed minus evaluated) and whether exactly one of them is
THRIVE-like; the comparison gives the shares of such items that agree.
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from ithrive.base._tabular import Table
from ithrive.errors import EvidenceError
from ithrive.model.level import Level
from ithrive.scorecard import Scorecard
from ithrive.studies.assessment import Assessment, Method
from ithrive.studies.assessment._record import scorecard_of
from ithrive.studies.raters._consensus import deprecated_item

__all__ = ["MethodComparison", "MethodComparisonRow", "compare_methods"]


@attrs.frozen
class MethodComparisonRow:
    """One item rated two ways.

    ``difference`` is the self-assessed level minus the evaluated one
    (positive: the locality rated itself higher); ``verdicts_differ`` says
    whether exactly one of them is THRIVE-like. Both are ``None`` unless the
    item is rated both ways. ``id`` is the item (``item``, its earlier name,
    still reads it, deprecated).
    """

    id: str
    self_assessment: Level | None
    evaluation: Level | None
    difference: int | None
    verdicts_differ: bool | None

    @property
    def item(self) -> str:
        """Deprecated name of ``id``."""
        return deprecated_item(self)


@attrs.frozen
class MethodComparison(Table[MethodComparisonRow]):
    """A self-assessment beside an independent evaluation, item by item."""

    @property
    def exact_agreement(self) -> Fraction | None:
        """The share of items rated both ways that got the same level."""
        both = [r for r in self.rows if r.difference is not None]
        return Fraction(sum(1 for r in both if r.difference == 0), len(both)) if both else None

    @property
    def verdict_agreement(self) -> Fraction | None:
        """The share of items rated both ways with the same THRIVE-like verdict."""
        both = [r for r in self.rows if r.verdicts_differ is not None]
        return Fraction(sum(1 for r in both if not r.verdicts_differ), len(both)) if both else None


def _card(value: Assessment | Scorecard, field: str, method: Method) -> Scorecard:
    if isinstance(value, Assessment) and value.method is not method:
        raise EvidenceError(
            f"expected an assessment by {method.value}, got one by {value.method.value}",
            code="wrong_method",
            field=field,
            value=value.method.value,
        )
    return scorecard_of(value, field)


def compare_methods(
    self_assessment: Assessment | Scorecard, evaluation: Assessment | Scorecard
) -> MethodComparison:
    """Compare a self-assessment with an independent evaluation of the same locality.

    Given :class:`~ithrive.studies.assessment.Assessment` objects, their methods must
    be ``self_assessment`` and ``independent_evaluation``; both must be of the
    same locality when they name one.

    >>> from ithrive.studies.raters import compare_methods
    >>> import ithrive
    >>> own = ithrive.score({"micro.2": {"kind": "rating", "level": 4}})
    >>> theirs = ithrive.score({"micro.2": {"kind": "proportion", "percent": 55}})
    >>> row = compare_methods(own, theirs).where(lambda r: r.id == "micro.2")[0]
    >>> row.self_assessment, row.evaluation, row.difference, row.verdicts_differ
    (<Level.FOUR: 4>, <Level.TWO: 2>, 2, True)
    """
    own = _card(self_assessment, "self_assessment", Method.SELF_ASSESSMENT)
    theirs = _card(evaluation, "evaluation", Method.INDEPENDENT_EVALUATION)
    if own.locality is not None and theirs.locality is not None and own.locality != theirs.locality:
        raise EvidenceError(
            f"the self-assessment is of {own.locality!r}, the evaluation of {theirs.locality!r}",
            code="locality_mismatch",
            field="locality",
            value=theirs.locality,
        )
    rows = []
    for a, b in zip(own.items, theirs.items, strict=True):
        both = a.level is not None and b.level is not None
        rows.append(
            MethodComparisonRow(
                id=a.item,
                self_assessment=a.level,
                evaluation=b.level,
                difference=int(a.level) - int(b.level) if both else None,  # type: ignore[arg-type]
                verdicts_differ=a.thrive_like != b.thrive_like if both else None,
            )
        )
    return MethodComparison(rows)
