"""Over time: how a locality's assessments change from one date to another.

The i-THRIVE evaluation assessed sites at baseline and then every six months
(annual report, section 9). For a locality's series of assessments this
module gives:

- :func:`change`: the change per item and per principle between two
  assessments, and which items became THRIVE-like or fell back;
- :func:`change_between`: the same, looked up in a collection by locality
  and dates;
- :func:`first_reached`: the first date each item reached a level (3, the
  THRIVE-like line, by default);
- :func:`trajectory`: a tidy table (one row per locality, date and item or
  principle) for plotting.

An item *became THRIVE-like* when it was rated below 3 at the start and 3 or
above at the end; it *fell back* when it went the other way. An item not
rated at either end does neither, and its change is ``None``.
"""

from __future__ import annotations

import datetime
from typing import Literal

import attrs

from ithrive.base._tabular import Table
from ithrive.base.dates import date_key, iso_date
from ithrive.errors import expect
from ithrive.model.level import THRIVE_LIKE_AT, Level, Status, as_level
from ithrive.scorecard import Scorecard
from ithrive.studies.assessment import Assessment, AssessmentCollection, Method
from ithrive.studies.assessment._record import scorecard_of

__all__ = [
    "ChangeRow",
    "ChangeTable",
    "FirstReachedRow",
    "FirstReachedTable",
    "TrajectoryRow",
    "TrajectoryTable",
    "change",
    "change_between",
    "first_reached",
    "trajectory",
]

Kind = Literal["item", "principle"]


@attrs.frozen
class ChangeRow:
    """One item or principle at the start and the end.

    ``kind`` is ``"item"`` or ``"principle"``; ``change`` is the end level
    minus the start level, ``None`` unless both are rated.
    """

    kind: str
    id: str
    start: Level | None
    end: Level | None
    change: int | None
    became_thrive_like: bool
    fell_back: bool


@attrs.frozen
class ChangeTable(Table[ChangeRow]):
    """The change between two assessments: the 22 items, then the 17 principles."""

    @property
    def became_thrive_like(self) -> tuple[str, ...]:
        """The items that went from below 3 to 3 or above."""
        return tuple(r.id for r in self.rows if r.kind == "item" and r.became_thrive_like)

    @property
    def fell_back(self) -> tuple[str, ...]:
        """The items that went from 3 or above to below 3."""
        return tuple(r.id for r in self.rows if r.kind == "item" and r.fell_back)

    def items(self) -> ChangeTable:
        """Only the item rows."""
        return self.where(lambda r: r.kind == "item")

    def principles(self) -> ChangeTable:
        """Only the principle rows."""
        return self.where(lambda r: r.kind == "principle")


def _row(kind: str, unit: str, start: Level | None, end: Level | None) -> ChangeRow:
    both = start is not None and end is not None
    return ChangeRow(
        kind=kind,
        id=unit,
        start=start,
        end=end,
        change=int(end) - int(start) if both else None,  # type: ignore[arg-type]
        became_thrive_like=both and start < THRIVE_LIKE_AT <= end,  # type: ignore[operator]
        fell_back=both and end < THRIVE_LIKE_AT <= start,  # type: ignore[operator]
    )


def change(before: Assessment | Scorecard, after: Assessment | Scorecard) -> ChangeTable:
    """The change per item and principle from ``before`` to ``after``.

    >>> import ithrive
    >>> before = ithrive.score({"micro.2": {"kind": "proportion", "percent": 50}})
    >>> after = ithrive.score({"micro.2": {"kind": "proportion", "percent": 65}})
    >>> table = change(before, after)
    >>> table.became_thrive_like
    ('micro.2',)
    >>> print(table.where(lambda r: r.id == "micro.2"))
    kind       id       start  end  change  became_thrive_like  fell_back
    item       micro.2  2      3    1       yes                 no
    principle  micro.2  2      3    1       yes                 no
    """
    a = scorecard_of(before, "before")
    b = scorecard_of(after, "after")
    rows = [_row("item", x.item, x.level, y.level) for x, y in zip(a.items, b.items, strict=True)]
    rows += [
        _row("principle", x.principle, x.level, y.level)
        for x, y in zip(a.principles, b.principles, strict=True)
    ]
    return ChangeTable(rows)


def change_between(
    collection: AssessmentCollection,
    *,
    locality: str,
    start: str | datetime.date,
    end: str | datetime.date,
    method: Method | str | None = None,
) -> ChangeTable:
    """The change for ``locality`` from date ``start`` to date ``end`` in ``collection``.

    Dates take any form :class:`Assessment` accepts (see :mod:`ithrive.base.dates`).
    """
    _check_collection(collection)
    start = iso_date(start, field="start")
    end = iso_date(end, field="end")
    return change(collection.get(locality, start, method), collection.get(locality, end, method))


@attrs.frozen
class FirstReachedRow:
    """When one item (or principle) of one locality first reached the level asked for.

    ``date`` is ``None`` when it never did in the series; ``level`` is the
    level it had then.
    """

    locality: str
    kind: str
    id: str
    date: str | None
    level: Level | None


@attrs.frozen
class FirstReachedTable(Table[FirstReachedRow]):
    """The first date each item reached a level, per locality."""


def _check_collection(collection: object) -> None:
    expect(collection, AssessmentCollection, field="collection", expected="an AssessmentCollection")


_Unit = tuple[str, str, Level | None, Status, bool | None]


def _units(card: Scorecard, principles: bool) -> list[_Unit]:
    out: list[_Unit] = [("item", r.item, r.level, r.status, r.thrive_like) for r in card.items]
    if principles:
        out += [
            ("principle", p.principle, p.level, p.status, p.thrive_like) for p in card.principles
        ]
    return out


def first_reached(
    collection: AssessmentCollection,
    *,
    level: int = 3,
    method: Method | str | None = None,
    principles: bool = False,
) -> FirstReachedTable:
    """For every locality and item, the first date at ``level`` or above.

    With ``principles=True`` the principles follow the items.

    >>> import ithrive
    >>> from ithrive.studies.assessment import Assessment, AssessmentCollection
    >>> def site(date, count):
    ...     return Assessment.from_evidence({"meso.2": {"kind": "count", "count": count}},
    ...                                     locality="A", date=date, method="self_assessment")
    >>> sites = AssessmentCollection([site("2017-03", 2), site("2017-09", 3), site("2018-03", 2)])
    >>> first_reached(sites).where(lambda r: r.id == "meso.2")[0]
    FirstReachedRow(locality='A', kind='item', id='meso.2', date='2017-09', level=<Level.THREE: 3>)
    """
    _check_collection(collection)
    target = as_level(level)
    rows = []
    for locality in collection.localities:
        series = collection.series(locality, method)
        reached: dict[tuple[str, str], tuple[str, Level]] = {}
        order: dict[tuple[str, str], None] = {}
        for a in series:
            for kind, unit, got, _, _ in _units(a.scorecard, principles):
                order[kind, unit] = None
                if got is not None and got >= target and (kind, unit) not in reached:
                    reached[kind, unit] = (a.date, got)
        for kind, unit in order:
            when = reached.get((kind, unit))
            rows.append(
                FirstReachedRow(
                    locality,
                    kind,
                    unit,
                    None if when is None else when[0],
                    None if when is None else when[1],
                )
            )
    return FirstReachedTable(rows)


@attrs.frozen
class TrajectoryRow:
    """One item or principle of one locality at one date (tidy, for plotting)."""

    locality: str
    method: Method
    date: str
    kind: str
    id: str
    level: Level | None
    thrive_like: bool | None
    status: Status


@attrs.frozen
class TrajectoryTable(Table[TrajectoryRow]):
    """Tidy trajectories: one row per locality, date and item (or principle)."""


def trajectory(
    collection: AssessmentCollection,
    *,
    method: Method | str | None = None,
    principles: bool = False,
) -> TrajectoryTable:
    """Every assessment's item levels (and principle levels) as a tidy table.

    Rows are ordered by locality (first appearance), method, date and item
    (the tool's order). ``to_frame()`` gives a frame ready for plotting.
    """
    _check_collection(collection)
    chosen = collection if method is None else collection.select(method=method)
    order = {name: k for k, name in enumerate(chosen.localities)}
    rows = []
    for a in sorted(chosen, key=lambda a: (order[a.locality], a.method.value, date_key(a.date))):
        for kind, unit, got, status, verdict in _units(a.scorecard, principles):
            rows.append(
                TrajectoryRow(
                    locality=a.locality,
                    method=a.method,
                    date=a.date,
                    kind=kind,
                    id=unit,
                    level=got,
                    thrive_like=verdict,
                    status=status,
                )
            )
    return TrajectoryTable(rows)
