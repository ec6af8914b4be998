"""CollaboRATE scored from per-encounter responses, exactly.

Each encounter answers CollaboRATE's three items, 0-9; the counts kept here
give the official mean and top score as exact fractions, and
:class:`~ithrive.evidence.CollaboRATE` evidence. See
:mod:`ithrive.evidence.measures`, which re-exports these names.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ithrive._messages import short_repr
from ithrive.base.formatting import format_number
from ithrive.errors import EvidenceError, raise_problems
from ithrive.evidence._checks import check_exact, check_int
from ithrive.evidence._exact import exact_number
from ithrive.evidence._records import bounded, frame_columns, is_frame_like, is_missing
from ithrive.evidence.collaborate import CollaboRATE

__all__ = ["COLLABORATE_ITEMS", "MINIMUM_ENCOUNTERS", "CollaboRATEScores", "collaborate"]

#: Number of CollaboRATE items answered per encounter, each scored 0-9.
COLLABORATE_ITEMS = 3


#: Complete encounters below which a CollaboRATE score is flagged as resting
#: on too few responses (the packaged ruleset's ``few_encounters`` warning).
MINIMUM_ENCOUNTERS = 25


def _score(value: object) -> int | tuple[str, str] | None:
    """A CollaboRATE answer as 0-9, ``None`` when missing, or a problem (code, words)."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return "wrong_type", f"expected a score 0-9, got bool {short_repr(value)}"
    if isinstance(value, Decimal):  # from a database; not a numbers.Real
        if value.is_finite() and value == value.to_integral_value() and 0 <= value <= 9:
            return int(value)
        return "out_of_range", f"expected a whole score 0-9, got {short_repr(value)}"
    if isinstance(value, numbers.Integral):
        number = int(value)
        if 0 <= number <= 9:
            return number
        return "out_of_range", f"expected a whole score 0-9, got {short_repr(value)}"
    if isinstance(value, numbers.Real):
        try:
            as_float = float(value)
        except OverflowError:
            return "out_of_range", f"expected a whole score 0-9, got {short_repr(value)}"
        if as_float.is_integer() and 0 <= as_float <= 9:
            return int(as_float)
        return "out_of_range", f"expected a whole score 0-9, got {short_repr(value)}"
    return "wrong_type", f"expected a score 0-9, got {type(value).__name__} {short_repr(value)}"


@attrs.frozen
class CollaboRATEScores:
    """CollaboRATE's official scores, counted from per-encounter responses.

    Each encounter answers three items scored 0-9. An encounter with any
    item missing is excluded. The *mean* is the mean over complete
    encounters of each encounter's item mean (0-9); the *top score* is the
    percent of complete encounters with 9 on all three items. Both are
    computed from the integer counts kept here, so they are exact fractions.

    - ``encounters``: complete encounters used;
    - ``excluded``: encounters excluded for a missing answer;
    - ``score_total``: the sum of every answer of the complete encounters;
    - ``top_scores``: complete encounters with 9 on all three items;
    - ``offered_percent``: percent of children and young people offered the
      questionnaire (of those eligible), if known.

    >>> from ithrive.evidence.measures import collaborate
    >>> scores = collaborate([(9, 9, 9), (8, 7, 9), (9, None, 9)], offered=3, eligible=4)
    >>> scores.mean, scores.top_score, scores.excluded
    (Fraction(17, 2), Fraction(50, 1), 1)
    """

    encounters: int
    excluded: int
    score_total: int
    top_scores: int
    offered_percent: Fraction | float | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[EvidenceError] = []
        checked = [  # every field, so that every problem is reported
            check_int(problems, name, getattr(self, name))
            for name in ("encounters", "excluded", "score_total", "top_scores")
        ]
        if all(checked):
            for name, value, most, what in (
                ("top_scores", self.top_scores, self.encounters, "the encounters"),
                (
                    "score_total",
                    self.score_total,
                    9 * COLLABORATE_ITEMS * self.encounters,
                    "9 per answer of the encounters",
                ),
            ):
                if value > most:
                    problems.append(
                        EvidenceError(
                            f"{short_repr(value)} is more than {what} allow ({most})",
                            code="out_of_range",
                            field=name,
                            value=value,
                        )
                    )
        if self.offered_percent is not None:
            check_exact(problems, "offered_percent", self.offered_percent, 0, 100)
        raise_problems(problems)

    @classmethod
    def from_responses(
        cls,
        responses: object,
        *,
        columns: Sequence[str] | None = None,
        offered: int | None = None,
        eligible: int | None = None,
        offered_percent: float | Fraction | None = None,
    ) -> CollaboRATEScores:
        """Count CollaboRATE responses; see :func:`collaborate`."""
        rows = _responses(responses, columns)
        problems: list[EvidenceError] = []
        encounters = excluded = total = top = 0
        for i, row in enumerate(rows):
            if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
                problems.append(
                    EvidenceError(
                        f"expected the {COLLABORATE_ITEMS} item scores of one encounter, "
                        f"got {type(row).__name__} {short_repr(row)}",
                        code="wrong_type",
                        field=f"responses[{i}]",
                        value=row,
                    )
                )
                continue
            if len(row) != COLLABORATE_ITEMS:
                problems.append(
                    EvidenceError(
                        f"expected {COLLABORATE_ITEMS} item scores, got {len(row)}",
                        code="wrong_shape",
                        field=f"responses[{i}]",
                        value=list(row),
                    )
                )
                continue
            scores: list[int | None] = []
            for j, value in enumerate(row):
                got = _score(value)
                if isinstance(got, tuple):
                    code, message = got
                    problems.append(
                        EvidenceError(message, code=code, field=f"responses[{i}][{j}]", value=value)
                    )
                else:
                    scores.append(got)
            if len(scores) != COLLABORATE_ITEMS:
                continue
            if any(s is None for s in scores):
                excluded += 1
                continue
            whole = [s for s in scores if s is not None]
            encounters += 1
            total += sum(whole)
            top += all(s == 9 for s in whole)
        percent = _offered(offered, eligible, offered_percent, problems)
        raise_problems(problems)
        return cls(
            encounters=encounters,
            excluded=excluded,
            score_total=total,
            top_scores=top,
            offered_percent=percent,
        )

    @property
    def mean(self) -> Fraction | None:
        """The mean score (0-9) as an exact fraction, or ``None`` with no complete encounter."""
        if self.encounters == 0:
            return None
        return Fraction(self.score_total, COLLABORATE_ITEMS * self.encounters)

    @property
    def top_score(self) -> Fraction | None:
        """The percent of complete encounters scoring 9 on every item, exactly."""
        if self.encounters == 0:
            return None
        return Fraction(100 * self.top_scores, self.encounters)

    @property
    def few_encounters(self) -> bool:
        """Whether fewer than :data:`MINIMUM_ENCOUNTERS` complete encounters were counted."""
        return self.encounters < MINIMUM_ENCOUNTERS

    def to_evidence(self, *, measure: str | None = None) -> CollaboRATE:
        """The :class:`~ithrive.evidence.CollaboRATE` evidence, with the exact mean and top score.

        Raises :class:`~ithrive.errors.EvidenceError` when there is no
        complete encounter or the offered share is not known.
        """
        problems: list[EvidenceError] = []
        if self.mean is None:
            problems.append(
                EvidenceError(
                    "no complete encounter, so there is no mean score",
                    code="no_encounters",
                    field="mean",
                    value=None,
                )
            )
        if self.offered_percent is None:
            problems.append(
                EvidenceError(
                    "missing; give offered and eligible (or offered_percent) to make evidence",
                    code="missing_field",
                    field="offered_percent",
                    value=None,
                )
            )
        raise_problems(problems)
        assert self.mean is not None
        assert self.offered_percent is not None
        return CollaboRATE(
            mean=self.mean,
            offered_percent=self.offered_percent,
            encounters=self.encounters,
            measure=measure,
            top_score=self.top_score,
        )

    def to_dict(self) -> dict[str, Any]:
        """The counts and scores as a JSON-ready dict; fractions as in evidence JSON (``"p/q"``)."""

        def exact(value: Fraction | float | None) -> int | float | str | None:
            if isinstance(value, Fraction):
                return exact_number(value)
            return value

        return {
            "encounters": self.encounters,
            "excluded": self.excluded,
            "score_total": self.score_total,
            "top_scores": self.top_scores,
            "mean": exact(self.mean),
            "top_score": exact(self.top_score),
            "offered_percent": exact(self.offered_percent),
            "few_encounters": self.few_encounters,
        }

    def __str__(self) -> str:
        if self.mean is None or self.top_score is None:
            return f"no complete encounter ({self.excluded} excluded)"
        return (
            f"{self.encounters} complete encounters ({self.excluded} excluded): "
            f"mean {format_number(self.mean)}; top score {format_number(self.top_score, '%')}, "
            f"{self.top_scores} of {self.encounters}"
        )


def _responses(responses: object, columns: Sequence[str] | None) -> list[Any]:
    if is_frame_like(responses):
        if columns is not None and (isinstance(columns, str) or len(columns) != COLLABORATE_ITEMS):
            raise EvidenceError(
                f"name the {COLLABORATE_ITEMS} columns holding the item scores",
                code="wrong_shape",
                field="columns",
                value=columns,
            )
        cols = frame_columns(
            responses,
            columns,
            "Reading CollaboRATE responses from a DataFrame",
            parameter="columns",
        )
        return bounded([tuple(row) for row in zip(*cols, strict=True)], "responses")
    if columns is not None:
        raise EvidenceError(
            f"'columns' applies only to a DataFrame; got {type(responses).__name__}",
            code="unexpected_field",
            field="columns",
            value=list(columns),
        )
    if (
        isinstance(responses, (str, bytes, Mapping))
        or not isinstance(responses, Iterable)
        or getattr(responses, "ndim", 2) != 2  # a numpy array holds one row per encounter
    ):
        raise EvidenceError(
            "expected encounters (a list of item-score triples, or a DataFrame), "
            f"got {type(responses).__name__}",
            code="wrong_type",
            value=type(responses).__name__,
        )
    return [_row(row) for row in bounded(responses, "responses")]


def _row(row: object) -> object:
    """One encounter's answers; a row of a numpy array becomes a list of its values."""
    if getattr(row, "ndim", None) == 1 and callable(getattr(row, "tolist", None)):
        return row.tolist()  # type: ignore[attr-defined]
    return row


def _offered(
    offered: int | None,
    eligible: int | None,
    offered_percent: float | Fraction | None,
    problems: list[EvidenceError],
) -> Fraction | float | None:
    counts = offered is not None or eligible is not None
    if counts and offered_percent is not None:
        problems.append(
            EvidenceError(
                "give either offered and eligible, or offered_percent, not both",
                code="conflicting_fields",
                field="offered_percent",
                value=offered_percent,
            )
        )
        return None
    if offered_percent is not None:
        before = len(problems)
        check_exact(problems, "offered_percent", offered_percent, 0, 100)
        return offered_percent if len(problems) == before else None
    if not counts:
        return None
    ok = True
    for name, value, low in (("offered", offered, 0), ("eligible", eligible, 1)):
        if value is None:
            problems.append(
                EvidenceError(
                    "missing; give offered and eligible together",
                    code="missing_field",
                    field=name,
                    value=None,
                )
            )
            ok = False
        elif not isinstance(value, numbers.Integral) or isinstance(value, bool):
            problems.append(
                EvidenceError(
                    f"expected a whole number, got {type(value).__name__} {short_repr(value)}",
                    code="wrong_type",
                    field=name,
                    value=value,
                )
            )
            ok = False
        elif value < low:
            problems.append(
                EvidenceError(
                    f"{short_repr(value)} is below the minimum {low}",
                    code="out_of_range",
                    field=name,
                    value=value,
                )
            )
            ok = False
    if not ok:
        return None
    assert offered is not None
    assert eligible is not None
    if offered > eligible:
        problems.append(
            EvidenceError(
                f"{short_repr(offered)} is greater than the eligible {short_repr(eligible)}",
                code="offered_above_eligible",
                field="offered",
                value=offered,
            )
        )
        return None
    return Fraction(100 * int(offered), int(eligible))


def collaborate(
    responses: object,
    *,
    columns: Sequence[str] | None = None,
    offered: int | None = None,
    eligible: int | None = None,
    offered_percent: float | Fraction | None = None,
) -> CollaboRATEScores:
    """Score CollaboRATE from per-encounter responses, exactly.

    ``responses`` holds one triple of item scores (0-9; ``None``, NaN or
    ``pandas.NA`` when missing) per encounter, or is a 2-D numpy array with
    one row per encounter, or a DataFrame whose ``columns`` name the three
    items (nulls and NaN are missing; needs the ``frames`` extra).
    The offered share comes from ``offered`` children and young people
    offered the questionnaire of ``eligible`` (or give ``offered_percent``).

    The mean is kept as a fraction, so a mean of exactly 6 rates as 6
    (level 1) even where adding up floats would give a hair more:

    >>> from ithrive.evidence.measures import collaborate
    >>> scores = collaborate([(6, 6, 7), (6, 6, 5)] * 15, offered=30, eligible=40)
    >>> scores.mean, scores.encounters, scores.few_encounters
    (Fraction(6, 1), 30, False)
    >>> evidence = scores.to_evidence()
    >>> evidence.mean, evidence.offered_percent, evidence.top_score
    (Fraction(6, 1), Fraction(75, 1), Fraction(0, 1))
    """
    return CollaboRATEScores.from_responses(
        responses,
        columns=columns,
        offered=offered,
        eligible=eligible,
        offered_percent=offered_percent,
    )
