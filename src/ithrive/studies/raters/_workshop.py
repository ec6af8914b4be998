"""A stakeholder workshop: the ratings it gave, and what they add up to.

A :class:`Workshop` holds at most one rating per rater and item, each rater
in one sector (or none). It is built from records, a matrix of levels or a
DataFrame, and gives the consensus table, the raters' agreement, and the
consensus as evidence or as a scored
:class:`~ithrive.studies.assessment.Assessment`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ithrive._messages import short_repr
from ithrive.base._extras import eager_frame
from ithrive.base.dates import iso_date
from ithrive.errors import (
    EvidenceError,
    InvalidEvidenceError,
    expect,
    expect_iterable,
    raise_problems,
)
from ithrive.evidence import Rating
from ithrive.model import FRAMEWORK
from ithrive.model.level import Level
from ithrive.rules.ruleset import Ruleset
from ithrive.studies.assessment import Assessment, Method
from ithrive.studies.assessment._columns import check_columns
from ithrive.studies.raters._agreement import (
    AgreementInterval,
    ItemAgreementTable,
    bootstrap_alpha,
    item_agreement_table,
    ordinal_alpha,
    rating_matrix,
)
from ithrive.studies.raters._consensus import ConsensusTable, consensus_table
from ithrive.studies.raters._ratings import WorkshopRating

__all__ = ["Workshop"]


def _to_date(value: object) -> str | None:
    """A workshop's date as its ISO text (see :mod:`ithrive.base.dates`), or ``None``."""
    return None if value is None else iso_date(value)


def _to_tuple(value: Iterable[WorkshopRating]) -> tuple[WorkshopRating, ...]:
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        return tuple(value)
    return value  # refused after conversion


@attrs.frozen(kw_only=True)
class Workshop:
    """The ratings a stakeholder workshop gave, one per rater and item at most.

    A rater belongs to one sector (or none). Build one from records
    (:meth:`from_records`), from a matrix of levels (:meth:`from_matrix`) or
    from a DataFrame (:meth:`from_frame`).
    """

    ratings: tuple[WorkshopRating, ...] = attrs.field(converter=_to_tuple)
    locality: str | None = None
    date: str | None = attrs.field(default=None, converter=_to_date)

    def __attrs_post_init__(self) -> None:
        expect(self.ratings, tuple, field="ratings", expected="a list of WorkshopRatings")
        problems: list[EvidenceError] = []
        seen: set[tuple[str, str]] = set()
        sector_of: dict[str, str | None] = {}
        for index, r in enumerate(self.ratings):
            if not isinstance(r, WorkshopRating):
                problems.append(
                    EvidenceError(
                        f"expected a WorkshopRating, got {type(r).__name__}",
                        code="wrong_type",
                        field=f"ratings[{index}]",
                        value=r,
                    )
                )
                continue
            if (r.rater, r.item) in seen:
                problems.append(
                    EvidenceError(
                        f"rater {r.rater!r} rated this item more than once",
                        code="duplicate_rating",
                        item=r.item,
                        field="rater",
                        value=r.rater,
                    )
                )
            seen.add((r.rater, r.item))
            if r.rater in sector_of and sector_of[r.rater] != r.sector:
                problems.append(
                    EvidenceError(
                        f"rater {r.rater!r} is in sector {sector_of[r.rater]!r} and {r.sector!r}",
                        code="conflicting_sector",
                        item=r.item,
                        field="sector",
                        value=r.sector,
                    )
                )
            sector_of.setdefault(r.rater, r.sector)
        raise_problems(problems)

    # ------------------------------------------------------------------ constructors

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        locality: str | None = None,
        date: str | None = None,
    ) -> Workshop:
        """Build a workshop from dicts of ``rater``, ``item``, ``level`` and optional ``sector``."""
        ratings = []
        problems: list[EvidenceError] = []
        records = expect_iterable(records, field="records", expected="a list of records")
        for index, rec in enumerate(records):
            if not isinstance(rec, Mapping):
                problems.append(
                    EvidenceError(
                        f"expected a record of rater, item and level, got {short_repr(rec)}",
                        code="wrong_type",
                        field=f"records[{index}]",
                        value=rec,
                    )
                )
                continue
            try:
                ratings.append(
                    WorkshopRating(
                        rater=rec["rater"],
                        item=rec["item"],
                        level=rec["level"],
                        sector=rec.get("sector"),
                    )
                )
            except KeyError as err:
                problems.append(
                    EvidenceError(
                        f"record {index} lacks {err.args[0]!r}",
                        code="missing_field",
                        field=str(err.args[0]),
                        value=None,
                    )
                )
            except InvalidEvidenceError as group:
                problems.extend(e.at(prefix=f"records[{index}]") for e in group.errors)
            except EvidenceError as err:
                problems.append(err.at(prefix=f"records[{index}]"))
        if problems:
            raise InvalidEvidenceError(problems)
        return cls(ratings=ratings, locality=locality, date=date)

    @classmethod
    def from_matrix(
        cls,
        levels: Mapping[str, Sequence[int | None]],
        *,
        items: Sequence[str] | None = None,
        sectors: Mapping[str, str] | None = None,
        locality: str | None = None,
        date: str | None = None,
    ) -> Workshop:
        """Build a workshop from each rater's levels in item order (``None``: not rated).

        ``items`` defaults to the 22 items in the tool's order; ``sectors``
        maps raters to their sectors.

        >>> from ithrive.studies.raters import Workshop
        >>> ws = Workshop.from_matrix({"R1": [3, 2], "R2": [3, None]},
        ...                           items=["micro.2", "meso.2"], sectors={"R1": "health"})
        >>> [(r.rater, r.item, int(r.level), r.sector) for r in ws.ratings]
        [('R1', 'micro.2', 3, 'health'), ('R1', 'meso.2', 2, 'health'), ('R2', 'micro.2', 3, None)]
        """
        expect(
            levels, (Mapping,), field="levels", expected="a mapping of raters to lists of levels"
        )
        if items is None:
            order = FRAMEWORK.item_ids
        else:
            order = tuple(expect_iterable(items, field="items", expected="a list of item ids"))
        if sectors is not None:
            expect(sectors, (Mapping,), field="sectors", expected="a mapping of raters to sectors")
        sector_of = dict(sectors or {})
        records = []
        for rater, row in levels.items():
            if not hasattr(row, "__len__") or isinstance(row, str):
                raise EvidenceError(
                    f"expected a list of levels for rater {rater!r}, got {short_repr(row)}",
                    code="wrong_type",
                    field="levels",
                    value=rater,
                )
            if len(row) != len(order):
                raise EvidenceError(
                    f"rater {rater!r} gave {len(row)} levels for {len(order)} items",
                    code="length_mismatch",
                    field="levels",
                    value=rater,
                )
            for item, level in zip(order, row, strict=True):
                if level is not None:
                    records.append(
                        {
                            "rater": rater,
                            "item": item,
                            "level": level,
                            "sector": sector_of.get(rater),
                        }
                    )
        return cls.from_records(records, locality=locality, date=date)

    @classmethod
    def from_frame(
        cls, frame: Any, *, locality: str | None = None, date: str | None = None
    ) -> Workshop:
        """Build a workshop from a pandas, polars or pyarrow frame of records (``frames`` extra).

        Columns ``rater``, ``item`` and ``level``, and optionally ``sector``;
        rows with a missing level are skipped.
        """
        df = eager_frame(frame, "Reading workshop ratings from a DataFrame")
        # else every rating would be skipped, or refused row by row
        check_columns(df.columns, "frame", ("rater", "item", "level"))
        records = []
        for rec in df.rows(named=True):
            level = rec.get("level")
            if level is None or (isinstance(level, float) and math.isnan(level)):
                continue
            sector = rec.get("sector")
            if isinstance(sector, float) and math.isnan(sector):
                sector = None
            records.append({**rec, "sector": sector})
        return cls.from_records(records, locality=locality, date=date)

    # ------------------------------------------------------------------ views

    @property
    def raters(self) -> tuple[str, ...]:
        """The raters, in order of first appearance."""
        return tuple(dict.fromkeys(r.rater for r in self.ratings))

    @property
    def sectors(self) -> dict[str, str | None]:
        """Each rater's sector (``None`` when not given)."""
        return {r.rater: r.sector for r in self.ratings}

    def levels(self, item_id: str) -> tuple[Level, ...]:
        """The levels given to item ``item_id``, in rater order."""
        FRAMEWORK.item(item_id)
        return tuple(r.level for r in self.ratings if r.item == item_id)

    # ------------------------------------------------------------------ aggregation

    def consensus(self, *, conflict_range: int = 2) -> ConsensusTable:
        """The consensus table: one row per item, conflicts flagged.

        ``conflict_range`` is the spread (in levels) at which raters are
        said to conflict; the default 2 flags, say, a 2 beside a 4.
        """
        return consensus_table(self.ratings, conflict_range=conflict_range)

    def agreement(self) -> float | None:
        """Krippendorff's alpha for ordinal ratings, over all items (``agreement`` extra).

        Items are the units and raters the coders; a rater who skipped an
        item is a missing value. Returns ``None`` when alpha is undefined:
        no item rated by two raters, or every rating the same.

        >>> from ithrive.studies.raters import Workshop
        >>> ws = Workshop.from_matrix({"R1": [3, 2, 4], "R2": [3, 2, 3], "R3": [3, 1, 4]},
        ...                           items=["micro.2", "meso.2", "micro.7"])
        >>> round(ws.agreement(), 3)
        0.815
        """
        data, _ = rating_matrix(self.ratings)
        return ordinal_alpha(data)

    def agreement_interval(
        self, *, confidence: float = 0.95, resamples: int = 2000, seed: int = 0
    ) -> AgreementInterval:
        """Krippendorff's alpha with a bootstrap percentile interval over items (``agreement``).

        The items are resampled with replacement ``resamples`` times by
        numpy's default generator seeded with ``seed``, so the interval is
        the same on every run; alpha is recomputed on each resample (the
        ``krippendorff`` package, ordinal), resamples where alpha is
        undefined (all one level) are left out, and the interval is the
        central ``confidence`` share of the rest (numpy's linear quantiles).
        Items are the units resampled because the workshop's question is
        how far the raters agree across the tool's items.

        >>> from ithrive.studies.raters import Workshop
        >>> ws = Workshop.from_matrix(
        ...     {"R1": [3, 2, 4, 1, 3, 2], "R2": [3, 2, 3, 1, 3, 2], "R3": [3, 1, 4, 2, 4, 2]},
        ...     items=["micro.2", "meso.2", "micro.7", "macro.1", "macro.2", "meso.1"])
        >>> result = ws.agreement_interval(resamples=500, seed=1)
        >>> round(result.alpha, 3), round(result.lower, 3), round(result.upper, 3), result.used
        (0.828, 0.056, 0.908, 500)

        Six items give a wide interval: alpha is only as certain as the
        items it rests on.
        """
        return bootstrap_alpha(self.ratings, confidence=confidence, resamples=resamples, seed=seed)

    def item_agreement(self) -> ItemAgreementTable:
        """How far the raters agree on each item: the shares of rater pairs agreeing.

        For each item rated by two or more, ``pairs`` counts the pairs of
        its raters, ``exact`` is the share of pairs giving the same level and
        ``within_one`` the share at most one level apart (both ``None`` with
        fewer than two raters).

        >>> from ithrive.studies.raters import Workshop
        >>> ws = Workshop.from_matrix({"R1": [3], "R2": [3], "R3": [1]}, items=["micro.2"])
        >>> row = ws.item_agreement().row("micro.2")
        >>> row.pairs, row.exact, row.within_one
        (3, Fraction(1, 3), Fraction(1, 3))
        """
        return item_agreement_table(self.ratings)

    def to_evidence(self) -> dict[str, Rating]:
        """The consensus as evidence: a panel :class:`~ithrive.evidence.Rating` per rated item."""
        return {
            r.id: Rating(level=r.level, rater="workshop consensus")
            for r in self.consensus().rows
            if r.level is not None
        }

    def assessment(
        self,
        *,
        locality: str | None = None,
        date: str | None = None,
        method: Method | str = Method.SELF_ASSESSMENT,
        notes: str = "",
        ruleset: Ruleset | None = None,
    ) -> Assessment:
        """Score the consensus into an :class:`~ithrive.studies.assessment.Assessment`.

        The raters are the assessors; ``locality`` and ``date`` default to
        the workshop's.
        """
        return Assessment.from_evidence(
            self.to_evidence(),
            locality=locality if locality is not None else self.locality,
            date=date if date is not None else self.date,
            method=method,
            assessors=self.raters,
            notes=notes,
            ruleset=ruleset,
        )
