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

import enum
import itertools
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence, Sized
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ithrive.base._extras import require
from ithrive.base._hints import suggest, suggestion_text
from ithrive.base.formatting import format_number
from ithrive.errors import EvidenceError, InvalidEvidenceError, as_text, short_repr
from ithrive.evidence import (
    CollaboRATE,
    Count,
    Proportion,
    Survey,
    _check_exact,
    _check_int,
)
from ithrive.limits import MAX_RECORDS

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

#: Number of CollaboRATE items answered per encounter, each scored 0-9.
COLLABORATE_ITEMS = 3

#: Complete encounters below which a CollaboRATE score is flagged as resting
#: on too few responses (the packaged ruleset's ``few_encounters`` warning).
MINIMUM_ENCOUNTERS = 25

_FRAME_LIBRARIES = frozenset(
    {"pandas", "polars", "pyarrow", "modin", "cudf", "dask", "duckdb", "ibis", "narwhals"}
)


def _raise(problems: list[EvidenceError]) -> None:
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise InvalidEvidenceError(problems)


# ----------------------------------------------------------------- frames


def _is_frame_like(data: object) -> bool:
    """Whether ``data`` comes from a DataFrame library (judged by its module, importing nothing)."""
    return type(data).__module__.partition(".")[0] in _FRAME_LIBRARIES


def _narwhals(purpose: str) -> Any:
    return require("narwhals", "frames", purpose)


def _frame_columns(
    data: object, columns: Sequence[str] | None, purpose: str, *, parameter: str = "column"
) -> list[list[Any]]:
    """The values of ``columns`` of a frame (or of a series), nulls as ``None``.

    ``parameter`` is the caller's keyword naming the columns, for the error
    raised when a DataFrame comes without it.
    """
    nw = _narwhals(purpose)
    try:
        native = nw.from_native(data, allow_series=True)
    except TypeError as err:
        raise EvidenceError(
            f"expected a DataFrame or a Series, got {type(data).__name__}",
            code="wrong_type",
            value=type(data).__name__,
        ) from err
    if isinstance(native, nw.LazyFrame):
        native = native.collect()
    if isinstance(native, nw.Series):
        if columns is not None and len(columns) > 1:
            raise EvidenceError(
                f"a single column was given, but {len(columns)} columns are needed",
                code="wrong_shape",
                field="columns",
                value=list(columns),
            )
        series = [native]
    else:
        if columns is None:
            raise EvidenceError(
                f"a DataFrame was given; name the column(s) to read with {parameter!r}",
                code="missing_field",
                field=parameter,
                value=None,
            )
        known = list(native.columns)
        problems = []
        for name in columns:
            if name not in known:
                problems.append(
                    EvidenceError(
                        f"no such column{suggestion_text(suggest(as_text(name), known))} "
                        f"(columns: {', '.join(map(str, known))})",
                        code="unknown_column",
                        field="column",
                        value=name,
                    )
                )
        _raise(problems)
        series = [native.get_column(name) for name in columns]
    out = []
    for s in series:
        values = s.to_list()
        nulls = s.is_null().to_list()
        out.append([None if null else v for v, null in zip(values, nulls, strict=True)])
    return out


def _bounded(values: Iterable[Any], field: str) -> list[Any]:
    """``values`` as a list, refused (``too_large``) beyond :data:`~ithrive.limits.MAX_RECORDS`.

    An iterator is read no further than one value past the limit.
    """
    if isinstance(values, Sized) and len(values) > MAX_RECORDS:
        message, count = f"{len(values)} {field} is more than", len(values)
    else:
        out = list(itertools.islice(values, MAX_RECORDS + 1))
        if len(out) <= MAX_RECORDS:
            return out
        message, count = f"more {field} than", None
    raise EvidenceError(
        f"{message} the limit {MAX_RECORDS}", code="too_large", field=field, value=count
    )


def _records(data: object, column: str | None, purpose: str, field: str) -> list[Any]:
    """One value per record, from a plain iterable or from a frame's column."""
    if _is_frame_like(data):
        column_values = _frame_columns(data, None if column is None else (column,), purpose)[0]
        return _bounded(column_values, field)
    if column is not None:
        raise EvidenceError(
            f"'column' applies only to a DataFrame; got {type(data).__name__}",
            code="unexpected_field",
            field="column",
            value=column,
        )
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise EvidenceError(
            f"expected records (a list, or a DataFrame column), got {type(data).__name__}",
            code="wrong_type",
            value=type(data).__name__,
        )
    if isinstance(data, Mapping):  # iterating would count its keys, not its values
        raise EvidenceError(
            "expected records (a list, or a DataFrame column), got a mapping; "
            "pass its values, e.g. list(records.values())",
            code="wrong_type",
            value=type(data).__name__,
        )
    return _bounded(data, field)


def _is_missing(value: object) -> bool:
    """Whether ``value`` marks a missing value: ``None``, pandas' ``NA``, or a NaN."""
    if value is None or type(value).__name__ == "NAType":  # pandas.NA
        return True
    if isinstance(value, Decimal):
        return value.is_nan()
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        try:
            return math.isnan(float(value))
        except OverflowError:
            return False
    return False


def _as_bool(value: object) -> bool | None:
    """``True``/``False`` for a boolean or 0/1 (numpy ones too); ``None`` for anything else."""
    if isinstance(value, bool):
        return value
    if getattr(getattr(value, "dtype", None), "kind", None) == "b":
        return bool(value)  # a numpy boolean
    if isinstance(value, numbers.Integral) and value in (0, 1):
        return bool(value)
    return None


def _booleans(values: list[Any], field: str) -> list[bool]:
    problems: list[EvidenceError] = []
    out: list[bool] = []
    for i, value in enumerate(values):
        flag = _as_bool(value)
        if flag is None:
            missing = _is_missing(value)
            problems.append(
                EvidenceError(
                    "missing; every record must say true or false (drop or complete it first)"
                    if missing
                    else "expected true or false (or 1/0), "
                    f"got {type(value).__name__} {short_repr(value)}",
                    code="missing_value" if missing else "wrong_type",
                    field=f"{field}[{i}]",
                    value=value,
                )
            )
        else:
            out.append(flag)
    _raise(problems)
    return out


# ----------------------------------------------------------------- audits and surveys


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
    flags = _booleans(
        _records(records, column, "Reading audit records from a DataFrame", "records"), "records"
    )
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
    flags = _booleans(
        _records(returns, column, "Reading survey returns from a DataFrame", "returns"), "returns"
    )
    return Survey(agree=sum(flags), respondents=len(flags), eligible=eligible, measure=measure)


# ----------------------------------------------------------------- MINDFUL


class MindfulElement(enum.StrEnum):
    """One of the seven MINDFUL elements that meso principle 2 counts.

    The assessment tool (Meso principle 2) lists seven elements of the CORC
    MINDFUL approach that a THRIVE-like system would have in place; the level
    depends on how many are reliably in place (interpretation register D6).
    Each member's :attr:`number` is its place in the tool's list and
    :attr:`description` says what it covers.

    >>> MindfulElement.LEARNING_FORUMS.number
    6
    """

    #: 1. Outcome and process measures are collected routinely and shape services.
    ROUTINE_MEASURES = "routine_measures"
    #: 2. An outcomes framework covers every THRIVE needs-based grouping.
    OUTCOMES_FRAMEWORK = "outcomes_framework"
    #: 3. Data is collated and fed back to staff to support QI work.
    DATA_FEEDBACK = "data_feedback"
    #: 4. Staff have systems to discuss and explore variation in quality data.
    VARIATION_REVIEW = "variation_review"
    #: 5. QI projects follow a recognised method such as PDSA.
    QI_METHOD = "qi_method"
    #: 6. Regular (e.g. quarterly) learning forums involve every sector.
    LEARNING_FORUMS = "learning_forums"
    #: 7. Services are reviewed every year.
    ANNUAL_REVIEW = "annual_review"

    @property
    def number(self) -> int:
        """The element's number (1-7) in the assessment tool's list."""
        return list(MindfulElement).index(self) + 1

    @property
    def description(self) -> str:
        """What the element covers, in a sentence."""
        return _MINDFUL_TEXT[self]


_MINDFUL_TEXT: dict[MindfulElement, str] = {
    MindfulElement.ROUTINE_MEASURES: (
        "Outcome and process measures are collected routinely and used to shape services."
    ),
    MindfulElement.OUTCOMES_FRAMEWORK: (
        "An outcomes framework covers every THRIVE needs-based grouping."
    ),
    MindfulElement.DATA_FEEDBACK: "Data is collated and fed back to staff to support QI work.",
    MindfulElement.VARIATION_REVIEW: (
        "Staff have systems to discuss and explore variation in quality data."
    ),
    MindfulElement.QI_METHOD: (
        "QI projects follow a recognised method such as PDSA to reduce variation."
    ),
    MindfulElement.LEARNING_FORUMS: (
        "Regular (for example quarterly) learning forums involve every sector."
    ),
    MindfulElement.ANNUAL_REVIEW: "Services are reviewed every year.",
}

#: The seven MINDFUL elements, in the assessment tool's order.
MINDFUL_ELEMENTS: tuple[MindfulElement, ...] = tuple(MindfulElement)


def _element(value: object, index: int) -> MindfulElement | EvidenceError:
    field = f"elements[{index}]"
    if isinstance(value, MindfulElement):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        number = int(value)
        if 1 <= number <= len(MINDFUL_ELEMENTS):
            return MINDFUL_ELEMENTS[number - 1]
        return EvidenceError(
            f"MINDFUL elements are numbered 1-{len(MINDFUL_ELEMENTS)}, got {short_repr(value)}",
            code="out_of_range",
            field=field,
            value=value,
        )
    if isinstance(value, str):
        try:
            return MindfulElement(value)
        except ValueError:
            names = [e.value for e in MINDFUL_ELEMENTS]
            return EvidenceError(
                f"unknown MINDFUL element {short_repr(value)}"
                f"{suggestion_text(suggest(value, names))} "
                f"(elements: {', '.join(names)})",
                code="unknown_element",
                field=field,
                value=value,
            )
    return EvidenceError(
        "expected a MINDFUL element name or number, got "
        f"{type(value).__name__} {short_repr(value)}",
        code="wrong_type",
        field=field,
        value=value,
    )


def mindful(elements: Iterable[MindfulElement | str | int], *, measure: str | None = None) -> Count:
    """Count the MINDFUL elements in place, for meso.2; the evidence remembers which.

    Give each element as a :class:`MindfulElement`, its name
    (``"learning_forums"``) or its number in the tool's list (1-7). Names are
    checked (with a suggestion for a near miss) and stored in the tool's
    order, so :func:`missing_elements` and :mod:`ithrive.analysis.improvement` can say
    which are missing.

    >>> mindful(["annual_review", MindfulElement.ROUTINE_MEASURES, 3])
    Count(count=3, in_place=('routine_measures', 'data_feedback', 'annual_review'), measure=None)
    """
    if isinstance(elements, (str, bytes, Mapping)) or not isinstance(elements, Iterable):
        hint = (
            " (a mapping would count its keys whatever their values; "
            "pass the keys of the elements in place)"
            if isinstance(elements, Mapping)
            else ""
        )
        raise EvidenceError(
            "expected a list of MINDFUL elements, "
            f"got {type(elements).__name__} {short_repr(elements)}{hint}",
            code="wrong_type",
            field="elements",
            value=elements,
        )
    problems: list[EvidenceError] = []
    found: list[MindfulElement] = []
    for index, value in enumerate(_bounded(elements, "elements")):
        got = _element(value, index)
        if isinstance(got, EvidenceError):
            problems.append(got)
        elif got in found:
            problems.append(
                EvidenceError(
                    f"{got.value!r} is given twice",
                    code="duplicate_name",
                    field=f"elements[{index}]",
                    value=value,
                )
            )
        else:
            found.append(got)
    _raise(problems)
    in_place = tuple(e.value for e in MINDFUL_ELEMENTS if e in found)
    return Count(count=len(in_place), in_place=in_place, measure=measure)


def missing_elements(evidence: Count) -> tuple[MindfulElement, ...] | None:
    """The MINDFUL elements not in place, or ``None`` when the evidence does not name them.

    >>> [e.value for e in missing_elements(mindful([1, 2, 3, 4, 5]))]
    ['learning_forums', 'annual_review']
    >>> missing_elements(Count(count=5)) is None
    True
    """
    if not isinstance(evidence, Count):
        raise EvidenceError(
            f"expected Count evidence, got {type(evidence).__name__} {short_repr(evidence)}",
            code="wrong_type",
            field="evidence",
            value=evidence,
        )
    names = evidence.in_place
    known = {e.value for e in MINDFUL_ELEMENTS}
    if names is None or not set(names) <= known:
        return None
    return tuple(e for e in MINDFUL_ELEMENTS if e.value not in names)


# ----------------------------------------------------------------- CollaboRATE


def _score(value: object) -> int | tuple[str, str] | None:
    """A CollaboRATE answer as 0-9, ``None`` when missing, or a problem (code, words)."""
    if _is_missing(value):
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
            _check_int(problems, name, getattr(self, name))
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
            _check_exact(problems, "offered_percent", self.offered_percent, 0, 100)
        _raise(problems)

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
        _raise(problems)
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
        _raise(problems)
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
        from ithrive.evidence import exact_number

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
    if _is_frame_like(responses):
        if columns is not None and (isinstance(columns, str) or len(columns) != COLLABORATE_ITEMS):
            raise EvidenceError(
                f"name the {COLLABORATE_ITEMS} columns holding the item scores",
                code="wrong_shape",
                field="columns",
                value=columns,
            )
        cols = _frame_columns(
            responses,
            columns,
            "Reading CollaboRATE responses from a DataFrame",
            parameter="columns",
        )
        return _bounded([tuple(row) for row in zip(*cols, strict=True)], "responses")
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
    return [_row(row) for row in _bounded(responses, "responses")]


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
        _check_exact(problems, "offered_percent", offered_percent, 0, 100)
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
