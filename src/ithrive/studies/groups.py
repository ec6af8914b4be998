"""Across sites: descriptive comparison of groups of localities over time.

The i-THRIVE evaluation set accelerator sites beside matched comparison
sites and assessed them at baseline and repeatedly after (annual report,
section 9). :func:`compare_groups` summarises such a design, per item (or
principle) and date:

- in each group, the number of localities assessed and rated, their **mean
  level** and the **share THRIVE-like** (level 3 or above);
- in each group, the **mean change from baseline** over the localities rated
  at both dates, and its **difference from the reference group** (a
  difference in differences).

These are descriptive statistics of the localities at hand, computed
exactly (as fractions). They are labelled as such and make no claim of
statistical significance: with a handful of sites, a difference may be
chance, and the design (matching, timing) decides what it can mean.

For inference about each site, ``compare_groups(..., intervals=True)`` adds
the 95% Jeffreys interval of every audit and survey behind the items
compared, per locality and date, with its group (see
:mod:`ithrive.studies.intervals`; needs the ``stats`` extra). To compare localities'
rates with control limits, draw a funnel plot (:mod:`ithrive.studies.funnel`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from fractions import Fraction
from typing import ClassVar, Literal

import attrs

from ithrive.base._tabular import Table
from ithrive.base.dates import date_key, iso_date
from ithrive.errors import EvidenceError, expect, wrong_type
from ithrive.model.level import THRIVE_LIKE_AT, Level
from ithrive.studies.assessment import Assessment, AssessmentCollection, Method

__all__ = [
    "DESCRIPTIVE",
    "GroupChangeRow",
    "GroupChangeTable",
    "GroupComparison",
    "GroupIntervalRow",
    "GroupIntervalTable",
    "GroupLevelRow",
    "GroupLevelTable",
    "compare_groups",
]

#: The label every group table carries.
DESCRIPTIVE = "Descriptive statistics only (no test of significance)."


@attrs.frozen
class GroupLevelRow:
    """One group's localities on one item (or principle) at one date.

    ``localities`` counts the group's localities assessed at the date,
    ``rated`` those with a level for this item; ``mean_level`` and
    ``thrive_like_share`` are over the rated ones (``None`` if none).
    """

    group: str
    date: str
    id: str
    localities: int
    rated: int
    mean_level: Fraction | None
    thrive_like_share: Fraction | None


@attrs.frozen
class GroupLevelTable(Table[GroupLevelRow]):
    """Mean level and share THRIVE-like per group, item and date."""

    caption: ClassVar[str] = DESCRIPTIVE


@attrs.frozen
class GroupChangeRow:
    """One group's mean change from baseline on one item at one date.

    ``localities`` counts the group's localities rated at both the baseline
    and this date; ``mean_change`` is their mean change in level;
    ``difference`` is ``mean_change`` minus the reference group's (``None``
    for the reference group itself, or when either mean is missing).
    """

    group: str
    date: str
    id: str
    localities: int
    mean_change: Fraction | None
    difference: Fraction | None


@attrs.frozen
class GroupChangeTable(Table[GroupChangeRow]):
    """Mean change from baseline per group, and its difference from the reference group."""

    caption: ClassVar[str] = DESCRIPTIVE


@attrs.frozen
class GroupIntervalRow:
    """One locality's audit or survey on one item at one date, with its group and interval.

    The fields after ``group`` are those of
    :class:`ithrive.studies.intervals.IntervalRow`: the counts, the observed rate
    and level, and the Jeffreys interval (percent) at ``confidence``.
    """

    group: str
    locality: str
    date: str
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
    straddles: bool


@attrs.frozen
class GroupIntervalTable(Table[GroupIntervalRow]):
    """Per-site intervals of the audits and surveys behind a group comparison."""


@attrs.frozen
class GroupComparison:
    """The tables of a group comparison, with their design.

    ``levels`` has mean levels and shares THRIVE-like; ``change`` the
    change from ``baseline`` and the difference from ``reference``;
    ``intervals`` (when asked for) each site's Jeffreys intervals.
    """

    levels: GroupLevelTable
    change: GroupChangeTable
    groups: tuple[str, ...]
    reference: str
    baseline: str
    label: str = DESCRIPTIVE
    intervals: GroupIntervalTable | None = None


def _levels_of(a: Assessment, by: str) -> dict[str, Level | None]:
    if by == "item":
        return {r.item: r.level for r in a.scorecard.items}
    return {p.principle: p.level for p in a.scorecard.principles}


def _mean(values: list[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def compare_groups(
    collection: AssessmentCollection,
    groups: Mapping[str, str],
    *,
    reference: str,
    baseline: str | datetime.date | None = None,
    method: Method | str | None = None,
    by: Literal["item", "principle"] = "item",
    intervals: bool = False,
) -> GroupComparison:
    """Compare groups of localities per item (or principle) and date, descriptively.

    ``groups`` maps each locality to its group (for example ``"accelerator"``
    or ``"comparison"``); localities not in it are left out. ``reference``
    is the group the others are compared with. ``baseline`` defaults to the
    earliest date assessed. ``method`` keeps one assessment method when the
    collection holds both. ``intervals=True`` adds each site's Jeffreys
    intervals (``stats`` extra), in the order of the localities and dates.

    >>> import ithrive
    >>> from ithrive.studies.assessment import Assessment, AssessmentCollection
    >>> def site(name, date, count):
    ...     return Assessment.from_evidence({"meso.2": {"kind": "count", "count": count}},
    ...                                     locality=name, date=date, method="self_assessment")
    >>> sites = AssessmentCollection([
    ...     site("A", "2017-03", 1), site("A", "2018-03", 3),
    ...     site("B", "2017-03", 2), site("B", "2018-03", 4),
    ...     site("C", "2017-03", 2), site("C", "2018-03", 2)])
    >>> result = compare_groups(sites, {"A": "accelerator", "B": "accelerator", "C": "comparison"},
    ...                         reference="comparison")
    >>> print(result.change.where(lambda r: r.id == "meso.2"))
    Descriptive statistics only (no test of significance).
    group        date     id      localities  mean_change  difference
    accelerator  2017-03  meso.2  2           0            0
    comparison   2017-03  meso.2  1           0            -
    accelerator  2018-03  meso.2  2           2            2
    comparison   2018-03  meso.2  1           0            -
    """
    expect(collection, AssessmentCollection, field="collection", expected="an AssessmentCollection")
    expected = "a mapping of localities to groups"
    expect(groups, (Mapping,), field="groups", expected=expected)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in groups.items()):
        raise wrong_type(groups, expected + ", both text", field="groups")
    if by not in ("item", "principle"):
        raise EvidenceError(
            f"expected 'item' or 'principle', got {by!r}", code="unknown_unit", field="by", value=by
        )
    chosen = collection if method is None else collection.select(method=method)
    unknown = sorted(set(groups) - set(chosen.localities))
    if unknown:
        raise EvidenceError(
            f"no assessment of {', '.join(map(repr, unknown))} in the collection",
            code="unknown_locality",
            field="groups",
            value=unknown[0],
        )
    names = tuple(dict.fromkeys(groups[loc] for loc in chosen.localities if loc in groups))
    if reference not in names:
        raise EvidenceError(
            f"reference group {reference!r} is not one of {', '.join(map(repr, names))}",
            code="unknown_group",
            field="reference",
            value=reference,
        )
    members = [a for a in chosen if a.locality in groups]
    dates = sorted({a.date for a in members}, key=date_key)
    start = dates[0] if baseline is None else iso_date(baseline, field="baseline")
    if start not in dates:
        raise EvidenceError(
            f"no assessment at baseline {start!r} (dates: {', '.join(dates)})",
            code="unknown_date",
            field="baseline",
            value=start,
        )
    table: dict[tuple[str, str], dict[str, Level | None]] = {}
    for a in members:
        key = (a.locality, a.date)
        if key in table:
            raise EvidenceError(
                f"{a.locality!r} has more than one assessment at {a.date}; give method",
                code="ambiguous_assessment",
                field="method",
                value=a.date,
            )
        table[key] = _levels_of(a, by)
    units = list(next(iter(table.values())))
    level_rows = []
    change_rows = []
    for date in dates:
        for unit in units:
            means: dict[str, Fraction | None] = {}
            counts: dict[str, int] = {}
            for group in names:
                locs = [loc for loc in groups if groups[loc] == group and (loc, date) in table]
                levels = [table[(loc, date)][unit] for loc in locs]
                rated = [int(v) for v in levels if v is not None]
                level_rows.append(
                    GroupLevelRow(
                        group=group,
                        date=date,
                        id=unit,
                        localities=len(locs),
                        rated=len(rated),
                        mean_level=_mean(rated),
                        thrive_like_share=(
                            Fraction(sum(1 for v in rated if v >= THRIVE_LIKE_AT), len(rated))
                            if rated
                            else None
                        ),
                    )
                )
                deltas = []
                for loc in locs:
                    now = table[(loc, date)][unit]
                    then = table.get((loc, start), {}).get(unit)
                    if now is not None and then is not None:
                        deltas.append(int(now) - int(then))
                means[group] = _mean(deltas)
                counts[group] = len(deltas)
            base = means[reference]
            for group in names:
                mine = means[group]
                change_rows.append(
                    GroupChangeRow(
                        group=group,
                        date=date,
                        id=unit,
                        localities=counts[group],
                        mean_change=mine,
                        difference=(
                            None
                            if group == reference or mine is None or base is None
                            else mine - base
                        ),
                    )
                )
    return GroupComparison(
        levels=GroupLevelTable(level_rows),
        change=GroupChangeTable(change_rows),
        groups=names,
        reference=reference,
        baseline=start,
        intervals=_intervals(members, groups) if intervals else None,
    )


def _intervals(members: list[Assessment], groups: Mapping[str, str]) -> GroupIntervalTable:
    # Imported when used: only ``compare_groups(..., intervals=True)`` needs the
    # uncertainty analysis behind the interval tables.
    from ithrive.studies.intervals import interval_table

    ordered = sorted(members, key=lambda a: date_key(a.date))
    rows = [
        GroupIntervalRow(
            group=groups[str(r.locality)],
            locality=str(r.locality),
            date=str(r.date),
            id=r.id,
            measure=r.measure,
            successes=r.successes,
            trials=r.trials,
            observed=r.observed,
            observed_level=r.observed_level,
            lower=r.lower,
            upper=r.upper,
            confidence=r.confidence,
            probability_thrive_like=r.probability_thrive_like,
            straddles=r.straddles,
        )
        for r in interval_table(ordered)
    ]
    return GroupIntervalTable(rows)
