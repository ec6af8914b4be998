"""Collections of assessments: many localities, dates and methods, each at most once.

An :class:`AssessmentCollection` is what studies read: it selects
assessments by locality, date and method, gives one locality's series in
time order, shows itself in a notebook as one table, and saves and loads
the long format (JSON Lines, CSV, Parquet, DataFrames). It can also score
an evidence table in the batch column convention, row by row.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from ithrive.base._extras import eager_frame
from ithrive.base.dates import date_key, iso_date
from ithrive.errors import (
    EvidenceError,
    UnknownAssessmentError,
    expect,
    expect_iterable,
    is_whole,
    raise_problems,
    wrong_type,
)
from ithrive.rules.ruleset import Ruleset
from ithrive.studies.assessment._files import (
    PathOrFile,
    frame_rows,
    read_csv,
    read_jsonl,
    read_parquet,
    rows_frame,
    write_csv,
    write_jsonl,
    write_parquet,
)
from ithrive.studies.assessment._problems import placed, problems_of
from ithrive.studies.assessment._record import Assessment, Method, method_of
from ithrive.studies.assessment._rows import assessments_from_rows

__all__ = ["AssessmentCollection"]


def _to_tuple(value: Iterable[Assessment]) -> tuple[Assessment, ...]:
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        return tuple(value)
    return value  # refused after conversion


class _NoAssessmentAt(UnknownAssessmentError, IndexError):
    """An index past the end of a collection: also an ``IndexError``, as sequences raise."""


@attrs.frozen
class AssessmentCollection:
    """Many assessments: localities, dates and methods, each at most once.

    ``(locality, date, method)`` identifies an assessment; a collection holds
    each at most once, in the order given. Select with :meth:`select`,
    :meth:`get` and :meth:`series`; save and load with ``to_*`` and ``from_*``
    for JSON Lines, CSV and Parquet.

    >>> import ithrive
    >>> from ithrive.studies.assessment import Assessment, AssessmentCollection
    >>> def rated(site, date, level):
    ...     return Assessment.from_evidence({"meso.2": {"kind": "count", "count": level}},
    ...                                     locality=site, date=date, method="self_assessment")
    >>> sites = AssessmentCollection([rated("A", "2017-03", 2), rated("A", "2017-09", 3),
    ...                               rated("B", "2017-03", 1)])
    >>> sites.localities, sites.dates
    (('A', 'B'), ('2017-03', '2017-09'))
    >>> [a.date for a in sites.series("A")]
    ['2017-03', '2017-09']
    """

    assessments: tuple[Assessment, ...] = attrs.field(converter=_to_tuple, factory=tuple)

    def __attrs_post_init__(self) -> None:
        expect(self.assessments, tuple, field="assessments", expected="a list of Assessments")
        problems: list[EvidenceError] = []
        seen: set[tuple[str, str, str]] = set()
        for index, a in enumerate(self.assessments):
            if not isinstance(a, Assessment):
                problems.append(
                    EvidenceError(
                        f"expected an Assessment, got {type(a).__name__}",
                        code="wrong_type",
                        field=f"assessments[{index}]",
                        value=a,
                    )
                )
            elif a.key in seen:
                problems.append(
                    EvidenceError(
                        f"{a.key!r} appears more than once",
                        code="duplicate_assessment",
                        field=f"assessments[{index}]",
                        value=a.key,
                    )
                )
            else:
                seen.add(a.key)
        raise_problems(problems)

    def __iter__(self) -> Iterator[Assessment]:
        return iter(self.assessments)

    def __len__(self) -> int:
        return len(self.assessments)

    def __getitem__(self, index: int) -> Assessment:
        if isinstance(index, slice):
            return self.assessments[index]
        if not is_whole(index):
            raise wrong_type(index, "a whole-number index", field="index")
        try:
            return self.assessments[index]
        except IndexError:
            raise _NoAssessmentAt(
                f"no assessment at index {index}; the collection holds {len(self)}",
                field="index",
                value=index,
            ) from None

    def __add__(self, other: AssessmentCollection) -> AssessmentCollection:
        if not isinstance(other, AssessmentCollection):
            return NotImplemented
        return AssessmentCollection(self.assessments + other.assessments)

    @property
    def localities(self) -> tuple[str, ...]:
        """The localities, in order of first appearance."""
        return tuple(dict.fromkeys(a.locality for a in self.assessments))

    @property
    def dates(self) -> tuple[str, ...]:
        """The dates, in time order (see :func:`ithrive.base.dates.date_key`)."""
        return tuple(sorted({a.date for a in self.assessments}, key=date_key))

    def select(
        self,
        *,
        locality: str | Iterable[str] | None = None,
        date: str | datetime.date | Iterable[str | datetime.date] | None = None,
        method: Method | str | None = None,
    ) -> AssessmentCollection:
        """The assessments matching every criterion given (a value or several).

        A date may be given in any form :class:`Assessment` accepts (read as
        the ISO text it stores).
        """

        def wanted(value: object, field: str) -> set[str] | None:
            if value is None:
                return None
            if field == "date" and (isinstance(value, (str, datetime.date))):
                return {iso_date(value)}
            if isinstance(value, str):
                return {value}
            names = tuple(expect_iterable(value, field=field, expected="text or a list of texts"))
            if field == "date":
                names = tuple(iso_date(n) for n in names)
            if not all(isinstance(n, str) for n in names):
                raise wrong_type(value, "text or a list of texts", field=field)
            return set(names)

        places, dates = wanted(locality, "locality"), wanted(date, "date")
        how = None if method is None else method_of(method)
        return AssessmentCollection(
            a
            for a in self.assessments
            if (places is None or a.locality in places)
            and (dates is None or a.date in dates)
            and (how is None or a.method is how)
        )

    def _repr_html_(self) -> str:
        """An HTML table for notebooks: one column per assessment, one row per item."""
        from ithrive.scorecard.report import render_collection_html

        if not self.assessments:
            return '<div class="ithrive"><p>An empty collection of assessments.</p></div>'
        labels = [f"{a.locality} {a.date} ({a.method.value})" for a in self.assessments]
        return render_collection_html([a.scorecard for a in self.assessments], labels=labels)

    def get(
        self, locality: str, date: str | datetime.date, method: Method | str | None = None
    ) -> Assessment:
        """The one assessment of ``locality`` at ``date`` (by ``method``, if several).

        ``date`` is any form :class:`Assessment` accepts, read as its ISO text.
        """
        expect(locality, str, field="locality", expected="a locality")
        date = iso_date(date)
        found = self.select(locality=locality, date=date, method=method).assessments
        if len(found) == 1:
            return found[0]
        if not found:
            raise UnknownAssessmentError(
                f"no assessment of {locality!r} at {date!r}"
                + (f" by {method_of(method).value}" if method is not None else ""),
                item=locality,
                field="date",
                value=date,
            )
        raise UnknownAssessmentError(
            f"{len(found)} assessments of {locality!r} at {date!r} "
            f"({', '.join(a.method.value for a in found)}); give method",
            code="ambiguous_assessment",
            item=locality,
            field="method",
            value=date,
        )

    def series(self, locality: str, method: Method | str | None = None) -> tuple[Assessment, ...]:
        """The assessments of ``locality`` in date order, one per date, all by one method.

        Raises :class:`UnknownAssessmentError` when the locality has none, or
        when ``method`` is not given and its assessments were made by more
        than one method (``ambiguous_assessment``): a self-assessment followed
        by an independent evaluation is not a follow-up of the same kind, so
        a change between them would mix two ways of rating. Give ``method``,
        or compare the two with :func:`ithrive.studies.raters.compare_methods`.
        """
        expect(locality, str, field="locality", expected="a locality")
        found = sorted(
            self.select(locality=locality, method=method).assessments,
            key=lambda a: date_key(a.date),
        )
        if not found:
            raise UnknownAssessmentError(
                f"no assessment of {locality!r}"
                + (f" by {method_of(method).value}" if method is not None else ""),
                item=locality,
                field="locality",
                value=locality,
            )
        methods = sorted({a.method.value for a in found})
        if len(methods) > 1:
            raise UnknownAssessmentError(
                f"{locality!r} was assessed by {' and '.join(methods)}; give method",
                code="ambiguous_assessment",
                item=locality,
                field="method",
                value=methods,
            )
        # One method: the collection holds each (locality, date, method) once.
        return tuple(found)

    # ------------------------------------------------------------------ long rows

    def to_rows(self) -> list[dict[str, Any]]:
        """Every assessment in long format, one dict per item (see :data:`COLUMNS`)."""
        return [row for a in self.assessments for row in a.to_rows()]

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> AssessmentCollection:
        """Rebuild a collection from :meth:`to_rows` output (rows in any order)."""
        return cls(assessments_from_rows(rows))

    # ------------------------------------------------------------------ JSON Lines

    def to_jsonl(self, target: PathOrFile) -> None:
        """Write the long rows as JSON Lines (one JSON object per line) to a path or text file."""
        write_jsonl(self.to_rows(), target)

    @classmethod
    def from_jsonl(cls, source: PathOrFile) -> AssessmentCollection:
        """Read a collection written by :meth:`to_jsonl` from a path or text file."""
        return cls.from_rows(read_jsonl(source))

    # ------------------------------------------------------------------ CSV

    def to_csv(self, target: PathOrFile) -> None:
        """Write the long rows as CSV (header of :data:`COLUMNS`) to a path or text file.

        An empty cell is a missing value; the JSON columns hold JSON text;
        ``value`` is written with all the digits its float needs.
        """
        write_csv(self.to_rows(), target)

    @classmethod
    def from_csv(cls, source: PathOrFile) -> AssessmentCollection:
        """Read a collection written by :meth:`to_csv` from a path or text file."""
        return cls.from_rows(read_csv(source))

    # ------------------------------------------------------------------ Parquet and frames

    def to_parquet(self, target: str | os.PathLike[str]) -> None:
        """Write the long rows to a Parquet file (needs the ``parquet`` extra)."""
        write_parquet(self.to_rows(), target)

    @classmethod
    def from_parquet(cls, source: str | os.PathLike[str]) -> AssessmentCollection:
        """Read a collection written by :meth:`to_parquet` (needs the ``parquet`` extra)."""
        return cls.from_rows(read_parquet(source))

    def to_frame(self, backend: str = "pandas") -> Any:
        """The long rows as a DataFrame of ``backend``: ``"pandas"``, ``"polars"`` or ``"pyarrow"``.

        Needs the ``frames`` extra and the chosen library. The JSON columns
        hold JSON text; :meth:`from_frame` reads the frame back.
        """
        return rows_frame(self.to_rows(), backend)

    @classmethod
    def from_frame(cls, frame: Any) -> AssessmentCollection:
        """Read a collection from a pandas, polars or pyarrow DataFrame in long format."""
        return cls.from_rows(frame_rows(frame))

    @classmethod
    def from_evidence_table(
        cls,
        frame: Any,
        *,
        method: Method | str,
        locality: str = "locality",
        date: str = "date",
        ruleset: Ruleset | None = None,
    ) -> AssessmentCollection:
        """Score each row of an evidence table (the batch column convention) into an assessment.

        One row per locality and date; ``locality`` and ``date`` name their
        columns. Each row is scored by the scalar engine, so every item keeps
        its explanation; for speed on large tables use
        :func:`ithrive.studies.batch.score_table`.
        """
        from ithrive.studies.batch import row_evidence

        df = eager_frame(frame, "Reading an evidence table")
        for field, name in (("locality", locality), ("date", date)):
            expect(name, str, field=field, expected="a column name")
            if name not in df.columns:
                raise EvidenceError(
                    f"the frame has no {field} column {name!r}",
                    code="missing_column",
                    field=field,
                    value=name,
                )
        out = []
        problems: list[EvidenceError] = []
        for index, row in enumerate(df.rows(named=True)):
            try:
                out.append(
                    Assessment.from_evidence(
                        row_evidence(row, ruleset=ruleset),
                        locality=row[locality],
                        date=row[date],
                        method=method,
                        ruleset=ruleset,
                    )
                )
            except EvidenceError as err:
                where = f"row {index} (locality {row[locality]!r}, date {row[date]!r})"
                problems.extend(placed(e, where) for e in problems_of(err))
        raise_problems(problems)
        return cls(out)
