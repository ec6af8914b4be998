"""Many raters: a stakeholder workshop's ratings, their consensus and their conflicts.

A self-assessment with the tool is made in a workshop: commissioners,
managers, team leaders and practitioners each say which level describes
their services best, item by item, and then discuss. A :class:`Workshop`
holds those ratings (each with the rater's sector, if known) and gives:

- the **consensus** per item (:meth:`Workshop.consensus`): the *lower
  median* of the ratings. With an even number of raters whose two middle
  ratings differ, the workshop takes the lower of the two, so an item is
  never credited with a level that fewer than half of its raters gave it
  (the same caution as the engine's "lowest of several measures");
- the **spread** (highest minus lowest rating) and the **share of raters at
  level 3 or above** (THRIVE-like);
- **conflict flags**, which are what the workshop discusses next:
  ``range`` when the ratings span ``conflict_range`` levels or more (2 by
  default), ``sectors`` when the consensus levels of sectors with at least
  two raters of the item fall on both sides of the THRIVE-like line (one
  sector at 3 or above, another below): one rater is a view, not a sector's;
- **agreement** (:meth:`Workshop.agreement`): Krippendorff's alpha for ordinal
  data over all items, from the ``krippendorff`` package (the ``agreement``
  extra), with a seeded bootstrap confidence interval
  (:meth:`Workshop.agreement_interval`) and the agreement on each item
  (:meth:`Workshop.item_agreement`).

:func:`compare_methods` sets a self-assessment beside an independent
evaluation of the same locality, item by item.

>>> from ithrive.studies.raters import Workshop
>>> ws = Workshop.from_records([
...     {"rater": "R1", "sector": "health", "item": "micro.2", "level": 3},
...     {"rater": "R2", "sector": "education", "item": "micro.2", "level": 2},
...     {"rater": "R3", "sector": "health", "item": "micro.2", "level": 4},
...     {"rater": "R4", "sector": "education", "item": "micro.2", "level": 1},
... ])
>>> row = ws.consensus().row("micro.2")
>>> row.level, row.spread, row.thrive_like_share, row.conflicts
(<Level.TWO: 2>, 3, Fraction(1, 2), ('range', 'sectors'))
"""

from __future__ import annotations

import math
import statistics
import warnings
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from ithrive.base._extras import eager_frame, require
from ithrive.base._tabular import Table
from ithrive.base.bounds import bounded_int
from ithrive.base.dates import iso_date
from ithrive.errors import (
    EvidenceError,
    InvalidEvidenceError,
    expect,
    expect_iterable,
    is_whole,
    short_repr,
    wrong_type,
)
from ithrive.evidence import Rating
from ithrive.model import FRAMEWORK
from ithrive.model.level import THRIVE_LIKE_AT, Level
from ithrive.rules.ruleset import Ruleset
from ithrive.scorecard import Scorecard
from ithrive.studies.assessment import Assessment, Method, check_columns, scorecard_of

__all__ = [
    "SECTOR_QUORUM",
    "AgreementInterval",
    "ConsensusRow",
    "ConsensusTable",
    "ItemAgreementRow",
    "ItemAgreementTable",
    "MethodComparison",
    "MethodComparisonRow",
    "Workshop",
    "WorkshopRating",
    "compare_methods",
    "consensus_level",
]

#: The smallest number of raters in a sector whose consensus can conflict with another's.
SECTOR_QUORUM = 2


def _deprecated_item(row: ConsensusRow | MethodComparisonRow) -> str:
    warnings.warn(
        f"{type(row).__name__}.item is deprecated; use .id (the same item id)",
        DeprecationWarning,
        stacklevel=3,
    )
    return row.id


def consensus_level(levels: Iterable[int]) -> Level:
    """The consensus of some ratings: their lower median (ties go to the lower level).

    >>> consensus_level([2, 3, 3, 4]), consensus_level([2, 2, 3, 3]), consensus_level([1, 4, 4])
    (<Level.THREE: 3>, <Level.TWO: 2>, <Level.FOUR: 4>)
    """
    values: list[int] = []
    for index, value in enumerate(expect_iterable(levels, field="levels", expected="levels")):
        level = _to_level(value)
        if not isinstance(level, Level):
            raise EvidenceError(
                f"expected a level 1, 2, 3 or 4, got {short_repr(value)}",
                code="out_of_range",
                field=f"levels[{index}]",
                value=value,
            )
        values.append(int(level))
    values.sort()
    if not values:
        raise EvidenceError(
            "no ratings to combine", code="no_ratings", field="levels", value=values
        )
    return Level(statistics.median_low(values))


def _to_level(value: object) -> object:
    """A level 1-4 as a :class:`Level` (any whole number, numpy's too, or a float such as 3.0)."""
    if isinstance(value, Level):
        return value
    if is_whole(value) and 1 <= value <= 4:  # type: ignore[operator]
        return Level(int(value))  # type: ignore[call-overload]
    if isinstance(value, float) and value.is_integer() and 1 <= value <= 4:
        return Level(int(value))
    return value


@attrs.frozen(kw_only=True)
class WorkshopRating:
    """One rater's rating (1-4) of one item, with the rater's sector if known.

    >>> WorkshopRating(rater="R1", item="micro.2", level=3, sector="health")
    WorkshopRating(rater='R1', item='micro.2', level=<Level.THREE: 3>, sector='health')
    """

    rater: str
    item: str
    level: Level = attrs.field(converter=_to_level)
    sector: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[EvidenceError] = []
        if not isinstance(self.rater, str) or not self.rater.strip():
            problems.append(
                EvidenceError(
                    f"expected a rater's name, got {self.rater!r}",
                    code="wrong_type",
                    field="rater",
                    value=self.rater,
                )
            )
        if not isinstance(self.item, str) or self.item not in FRAMEWORK:
            problems.append(FRAMEWORK.unknown_item(self.item))
        if not isinstance(self.level, Level):
            problems.append(
                EvidenceError(
                    f"expected a level 1, 2, 3 or 4, got {short_repr(self.level)}",
                    code="out_of_range",
                    item=self.item if isinstance(self.item, str) else None,
                    field="level",
                    value=self.level,
                )
            )
        if self.sector is not None and (not isinstance(self.sector, str) or not self.sector):
            problems.append(
                EvidenceError(
                    f"expected a sector name, got {self.sector!r}",
                    code="wrong_type",
                    field="sector",
                    value=self.sector,
                )
            )
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise InvalidEvidenceError(problems)


@attrs.frozen
class ConsensusRow:
    """The workshop's view of one item.

    ``raters`` counts the raters who rated it; ``level`` is their consensus
    (lower median), ``low`` and ``high`` the extreme ratings and ``spread``
    their difference; ``thrive_like_share`` the share rating it 3 or above;
    ``sectors`` each sector's own consensus; ``conflicts`` the flags raised
    (``range``, ``sectors``). Every value is ``None`` for an item nobody rated.
    A sector conflict counts only sectors with at least two raters of the item.
    ``id`` is the item (``item``, its earlier name, still reads it, deprecated).
    """

    id: str
    raters: int
    level: Level | None
    low: Level | None
    high: Level | None
    spread: int | None
    thrive_like_share: Fraction | None
    sectors: tuple[str, ...]
    conflicts: tuple[str, ...]

    @property
    def item(self) -> str:
        """Deprecated name of :attr:`id`."""
        return _deprecated_item(self)


@attrs.frozen
class ConsensusTable(Table[ConsensusRow]):
    """The consensus of a workshop, one row per item in the tool's order."""

    def row(self, item_id: str) -> ConsensusRow:
        """The row of item ``item_id``."""
        for r in self.rows:
            if r.id == item_id:
                return r
        raise FRAMEWORK.unknown_item(item_id)

    @property
    def conflicted(self) -> tuple[str, ...]:
        """The items with at least one conflict flag, in order."""
        return tuple(r.id for r in self.rows if r.conflicts)


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
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise InvalidEvidenceError(problems)

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
        conflict_range = bounded_int(conflict_range, field="conflict_range", low=1, high=3)
        rows = []
        for item in FRAMEWORK.item_ids:
            given = [r for r in self.ratings if r.item == item]
            if not given:
                rows.append(ConsensusRow(item, 0, None, None, None, None, None, (), ()))
                continue
            values = [int(r.level) for r in given]
            by_sector: dict[str, list[int]] = {}
            for r in given:
                if r.sector is not None:
                    by_sector.setdefault(r.sector, []).append(int(r.level))
            sector_levels = {s: consensus_level(v) for s, v in by_sector.items()}
            conflicts = []
            if max(values) - min(values) >= conflict_range:
                conflicts.append("range")
            verdicts = {
                level.thrive_like
                for s, level in sector_levels.items()
                if len(by_sector[s]) >= SECTOR_QUORUM
            }
            if len(verdicts) > 1:
                conflicts.append("sectors")
            rows.append(
                ConsensusRow(
                    id=item,
                    raters=len(values),
                    level=consensus_level(values),
                    low=Level(min(values)),
                    high=Level(max(values)),
                    spread=max(values) - min(values),
                    thrive_like_share=Fraction(
                        sum(1 for v in values if v >= THRIVE_LIKE_AT), len(values)
                    ),
                    sectors=tuple(f"{s} {int(v)}" for s, v in sorted(sector_levels.items())),
                    conflicts=tuple(conflicts),
                )
            )
        return ConsensusTable(rows)

    def agreement(self) -> float | None:
        """Krippendorff's alpha for ordinal ratings, over all items (``agreement`` extra).

        Items are the units and raters the coders; a rater who skipped an
        item is a missing value. Returns ``None`` when alpha is undefined:
        no item rated by two raters, or every rating the same.

        >>> ws = Workshop.from_matrix({"R1": [3, 2, 4], "R2": [3, 2, 3], "R3": [3, 1, 4]},
        ...                           items=["micro.2", "meso.2", "micro.7"])
        >>> round(ws.agreement(), 3)
        0.815
        """
        data, _ = self._matrix()
        return _alpha(data)

    def _matrix(self) -> tuple[Any, list[str]]:
        """Raters by items (rated ones, in the tool's order), NaN where not rated."""
        np = require("numpy", "agreement", "Krippendorff's alpha")
        items = [i for i in FRAMEWORK.item_ids if any(r.item == i for r in self.ratings)]
        data = np.full((len(self.raters), len(items)), np.nan)
        row_of = {name: k for k, name in enumerate(self.raters)}
        col_of = {item: k for k, item in enumerate(items)}
        for r in self.ratings:
            data[row_of[r.rater], col_of[r.item]] = int(r.level)
        return data, items

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

        >>> ws = Workshop.from_matrix(
        ...     {"R1": [3, 2, 4, 1, 3, 2], "R2": [3, 2, 3, 1, 3, 2], "R3": [3, 1, 4, 2, 4, 2]},
        ...     items=["micro.2", "meso.2", "micro.7", "macro.1", "macro.2", "meso.1"])
        >>> result = ws.agreement_interval(resamples=500, seed=1)
        >>> round(result.alpha, 3), round(result.lower, 3), round(result.upper, 3), result.used
        (0.828, 0.056, 0.908, 500)

        Six items give a wide interval: alpha is only as certain as the
        items it rests on.
        """
        np = require("numpy", "agreement", "Krippendorff's alpha")
        if not _a_probability(confidence):
            raise EvidenceError(
                f"expected a confidence level strictly between 0 and 1, got {confidence!r}",
                code="out_of_range",
                field="confidence",
                value=confidence,
            )
        if not is_whole(resamples) or isinstance(resamples, bool) or resamples < 10:
            raise EvidenceError(
                f"expected a whole number of resamples, 10 or more, got {resamples!r}",
                code="out_of_range",
                field="resamples",
                value=resamples,
            )
        if not is_whole(seed) or isinstance(seed, bool):
            raise wrong_type(seed, "a whole number", field="seed")
        alpha = self.agreement()
        data, items = self._matrix()
        if alpha is None:
            return AgreementInterval(
                None, None, None, float(confidence), int(resamples), int(seed), 0
            )
        rng = np.random.default_rng(int(seed))
        values = []
        for _ in range(int(resamples)):
            picked = data[:, rng.integers(0, len(items), len(items))]
            value = _alpha(picked)
            if value is not None:
                values.append(value)
        if not values:  # no resample kept two different levels on a shared item
            return AgreementInterval(
                alpha, None, None, float(confidence), int(resamples), int(seed), 0
            )
        tail = (1 - float(confidence)) / 2
        lower, upper = (float(x) for x in np.quantile(values, [tail, 1 - tail]))
        return AgreementInterval(
            alpha, lower, upper, float(confidence), int(resamples), int(seed), len(values)
        )

    def item_agreement(self) -> ItemAgreementTable:
        """How far the raters agree on each item: the shares of rater pairs agreeing.

        For each item rated by two or more, ``pairs`` counts the pairs of
        its raters, ``exact`` is the share of pairs giving the same level and
        ``within_one`` the share at most one level apart (both ``None`` with
        fewer than two raters).

        >>> ws = Workshop.from_matrix({"R1": [3], "R2": [3], "R3": [1]}, items=["micro.2"])
        >>> row = ws.item_agreement().row("micro.2")
        >>> row.pairs, row.exact, row.within_one
        (3, Fraction(1, 3), Fraction(1, 3))
        """
        rows = []
        for item in FRAMEWORK.item_ids:
            levels = [int(r.level) for r in self.ratings if r.item == item]
            pairs = [(a, b) for i, a in enumerate(levels) for b in levels[i + 1 :]]
            rows.append(
                ItemAgreementRow(
                    id=item,
                    raters=len(levels),
                    pairs=len(pairs),
                    exact=Fraction(sum(a == b for a, b in pairs), len(pairs)) if pairs else None,
                    within_one=(
                        Fraction(sum(abs(a - b) <= 1 for a, b in pairs), len(pairs))
                        if pairs
                        else None
                    ),
                )
            )
        return ItemAgreementTable(rows)

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


def _alpha(data: Any) -> float | None:
    """Ordinal Krippendorff's alpha of a raters-by-items matrix (NaN: not rated), or ``None``."""
    krippendorff = require("krippendorff", "agreement", "Krippendorff's alpha")
    np = require("numpy", "agreement", "Krippendorff's alpha")
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = data[:, pairable]
    if not pairable.any() or np.unique(values[~np.isnan(values)]).size < 2:
        return None
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        alpha = float(
            krippendorff.alpha(
                reliability_data=data,
                level_of_measurement="ordinal",
                value_domain=[1, 2, 3, 4],
            )
        )
    return None if math.isnan(alpha) else alpha


def _a_probability(value: object) -> bool:
    """Whether ``value`` is a number strictly between 0 and 1 (not a bool)."""
    return (
        isinstance(value, (int, float, Fraction)) and not isinstance(value, bool) and 0 < value < 1
    )


@attrs.frozen
class AgreementInterval:
    """Krippendorff's alpha with its bootstrap interval (see :meth:`Workshop.agreement_interval`).

    ``alpha``, ``lower`` and ``upper`` are ``None`` when alpha is undefined;
    ``used`` counts the resamples where it was defined, and ``lower`` and
    ``upper`` are ``None`` too when there were none (a sparse workshop and
    few resamples).
    """

    alpha: float | None
    lower: float | None
    upper: float | None
    confidence: float
    resamples: int
    seed: int
    used: int


@attrs.frozen
class ItemAgreementRow:
    """The raters' agreement on one item (see :meth:`Workshop.item_agreement`)."""

    id: str
    raters: int
    pairs: int
    exact: Fraction | None
    within_one: Fraction | None


@attrs.frozen
class ItemAgreementTable(Table[ItemAgreementRow]):
    """Agreement per item, in the tool's order."""

    def row(self, item_id: str) -> ItemAgreementRow:
        """The row of item ``item_id``."""
        for r in self.rows:
            if r.id == item_id:
                return r
        raise FRAMEWORK.unknown_item(item_id)


# ---------------------------------------------------------------------- comparison


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
        """Deprecated name of :attr:`id`."""
        return _deprecated_item(self)


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
