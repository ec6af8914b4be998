"""Evaluation: each row's level, status and verdict, for every item, principle and the whole.

:func:`score_columns` is the work of batch scoring once a table's columns
can be read: it reads and checks them all (:mod:`._columns`,
:mod:`._checks`), then gives each measure's rows their level under its
bands, lowered or withheld by its gates, with a sum of one exact comparison
per band edge (:mod:`._exact`). An item takes the lowest level of its
measures, or its panel rating; statuses, verdicts and principles follow
with a few integer operations on int8 columns, kept as rows of one block.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ithrive.evidence.kinds import KIND_REGISTRY
from ithrive.model import FRAMEWORK
from ithrive.rules.ruleset import GateEffect
from ithrive.studies.batch._checks import bounded, leave_out, passes, validate
from ithrive.studies.batch._columns import Column, Problems, check, prepare
from ithrive.studies.batch._convention import NOT_ASSESSED, integer_fields
from ithrive.studies.batch._exact import Real, Share, Whole, inside
from ithrive.studies.batch._plan import ItemPlan, MeasurePlan
from ithrive.studies.batch._rows import as_mask, complement, intersect, numpy, union

__all__ = ["score_columns"]


def _levels(value: Any, m: MeasurePlan, n: int) -> Any:
    """Each row's level under the measure's bands, as a fresh int8 array."""
    np = numpy()
    passed = 0
    band = None
    for cut in m.cuts:
        holds = value.at_least(cut)
        if holds is True:
            passed += 1
        elif holds is not False:
            if band is None:
                band = holds.view(np.int8)
            else:
                band += holds
    levels = m.levels
    if levels == tuple(range(levels[0], levels[0] + len(levels))):
        if band is None:
            return np.full(n, levels[0] + passed, dtype=np.int8)
        band += levels[0] + passed
        return band
    lookup = np.asarray(levels, dtype=np.int8)
    if band is None:
        return np.full(n, lookup[passed], dtype=np.int8)
    if passed:
        band += passed
    return lookup[band]


def _top(col: Column) -> int:
    """The largest value of a whole-number column (0 if none)."""
    if col.hi is not None:
        return max(int(col.hi), 0)
    return max(int(col.values.max()), 0) if col.values.size else 0


def _evaluate(m: MeasurePlan, f: dict[str, Column], problems: Problems, n: int) -> tuple[Any, Any]:
    """Which rows give this measure (a row set), and each row's level.

    The level is a fresh int8 array, 0 where the row has none, or ``None``
    when no row gives the measure.
    """
    np = numpy()
    present = union(*(c.given for c in f.values()))
    if present is False:
        return False, None
    # each way a row can give the value: the rows, the value, the column to blame
    choices: list[tuple[Any, Any, Column]] = []
    gates: dict[str, tuple[Callable[[], Any], Any]] = {}
    if m.kind == "proportion":
        num, den, pct = f["numerator"], f["denominator"], f["percent"]
        counts = intersect(num.given, den.given)
        percent = intersect(pct.given, complement(counts))
        has_value = present
        if counts is not False:
            # denominators are >= 1 where given (checked), 0 where not
            whole_den = den.values if counts is True else np.maximum(den.values, 1)
            share = Share(num.values, whole_den, _top(num), max(_top(den), 1))
            choices.append((counts, share, num))
        if percent is not False:
            choices.append((percent, Real(pct.values, pct.lo, pct.hi), pct))
        gates["denominator"] = (lambda: Whole(den.values, den.lo, den.hi), counts)
    elif m.kind == "survey":
        agree, resp, elig, pct = f["agree"], f["respondents"], f["eligible"], f["agree_percent"]
        counts = agree.given
        answered = resp.lo is not None and resp.lo > 0
        agreeing = counts if answered else intersect(counts, resp.values > 0)
        if counts is not False:
            # respondents and eligible staff are >= 0 and >= 1 where given, 0 where not
            everyone = counts is True and answered
            answers = resp.values if everyone else np.maximum(resp.values, 1)
            share = Share(agree.values, answers, _top(agree), max(_top(resp), 1))
            choices.append((agreeing, share, agree))
        if pct.given is not False:  # agreement as a percent (checked: not with agree)
            choices.append((pct.given, Real(pct.values, pct.lo, pct.hi), pct))
        has_value = union(agreeing, pct.given)
        known = intersect(resp.given, elig.given)

        def completion() -> Share:
            staff = elig.values if known is True else np.maximum(elig.values, 1)
            return Share(resp.values, staff, _top(resp), max(_top(elig), 1))

        gates["completion"] = (completion, known)
        gates["respondents"] = (lambda: Whole(resp.values, resp.lo, resp.hi), resp.given)
        gates["eligible"] = (lambda: Whole(elig.values, elig.lo, elig.hi), elig.given)
    elif m.kind == "count":
        col = f["count"]
        has_value = present
        choices.append((present, Whole(col.values, col.lo, col.hi), col))
    elif m.kind == "collaborate":
        mean, offered, enc = f["mean"], f["offered_percent"], f["encounters"]
        has_value = present
        choices.append((present, Real(mean.values, mean.lo, mean.hi), mean))
        gates["offered_percent"] = (
            lambda: Real(offered.values, offered.lo, offered.hi),
            present,
        )
        gates["encounters"] = (lambda: Whole(enc.values, enc.lo, enc.hi), enc.given)
    else:  # a registered kind: its banded field is the value, its gate fields are columns
        declared = KIND_REGISTRY[m.kind]
        integers = integer_fields(m.kind)
        assert declared.banded_field is not None  # checked when the plan was compiled

        def plain(col: Column, whole: bool) -> Any:
            return (Whole if whole else Real)(col.values, col.lo, col.hi)

        banded = f[declared.banded_field]
        has_value = present
        choices.append((present, plain(banded, declared.banded_field in integers), banded))
        for field in declared.gate_fields:
            col = f[field]
            gates[field] = (functools.partial(plain, col, field in integers), col.given)
    if m.check_domain:
        for rows, value, col in choices:
            outside = intersect(intersect(rows, has_value), complement(inside(value, m.domain)))
            if outside is not False:
                check(problems, as_mask(outside, n), col, m.item, "out_of_range", _outside(m))
    # masked numpy operations are slow on scattered rows: select by arithmetic
    level = None
    for rows, value, _ in choices:
        if rows is False:
            continue
        got = _levels(value, m, n)
        if level is None:
            level = got
        else:  # the rows of the second way (percent) take its level
            got -= level
            got *= as_mask(rows, n)
            level += got
    if level is None:  # a survey nobody answered
        return present, np.zeros(n, dtype=np.int8)
    if has_value is not True:
        level *= as_mask(has_value, n)
    withheld: Any = False
    for gate in m.gates:
        if gate.effect is GateEffect.WARN:
            continue
        make, known = gates[gate.field]
        fires = intersect(intersect(known, has_value), inside(make(), gate.when))
        if fires is False:
            continue
        if gate.effect is GateEffect.INSUFFICIENT:
            withheld = union(withheld, fires)
        elif gate.level is not None:  # cap: lower the level by what exceeds the cap
            excess = level - np.int8(gate.level)
            np.maximum(excess, 0, out=excess)
            if fires is not True:
                excess *= fires
            level -= excess
    if withheld is not False:
        level *= as_mask(complement(withheld), n)
    return present, level


def _outside(m: MeasurePlan) -> Callable[[Any], str]:
    return lambda v: f"outside the valid range {m.domain} of measure {m.measure.name!r}"


def score_columns(
    plans: tuple[ItemPlan, ...],
    get: Callable[[str], tuple[Any, Any]],
    given: set[str],
    n: int,
    principles: bool,
) -> dict[str, Any]:
    """Score the columns ``get`` reads (``given``: the names a table has) under ``plans``.

    ``get`` returns a column's values as numpy and its missing rows (``None``:
    none, or marked NaN). Every column is read and checked first, every
    problem in the table listed at once
    (:class:`~ithrive.errors.InvalidEvidenceError`); then each item's level,
    status and verdict, each principle's, and the overall verdict, as the
    arrays :meth:`~ithrive.studies.batch.BatchScorer.score_arrays` returns.
    """
    np = numpy()
    problems = Problems()
    cols: dict[str, dict[str, Column]] = {}
    blanks: dict[bool, Any] = {}

    def blank(integer: bool) -> Any:
        """Zeros for the columns not given, one read-only array per type."""
        if integer not in blanks:
            blanks[integer] = np.zeros(n, dtype=np.int64 if integer else np.float64)
            blanks[integer].flags.writeable = False
        return blanks[integer]

    def column(
        item: str, names: tuple[str, ...], integer: bool, edges: tuple[Fraction, ...] = ()
    ) -> Column:
        for name in names:
            if name in given:
                raw, missing = get(name)
                return prepare(name, item, raw, missing, integer, problems, edges)
        return Column(names[0], blank(integer), False, blank(integer))

    # Every problem is reported at once, each cell once. A measure whose
    # columns have a problem at one stage (wrong types and sizes, then
    # structure, then the domain) is checked at the later stages with the
    # cells reported taken as given but unusable (structure) or its rows
    # with a problem left out (domain); it is not scored.
    bad: set[str] = set()
    for plan in plans:
        for m in plan.measures:
            key, before = f"{plan.item}/{m.measure.name}", problems.total
            cols[key] = {
                field: column(plan.item, names, field in integer_fields(m.kind), m.edges)
                for field, names in m.columns
            }
            if problems.total > before:
                bad.add(key)
        key, before = f"{plan.item}/rating", problems.total
        cols[key] = {"rating": column(plan.item, (plan.rating,), True)}
        if problems.total > before:
            bad.add(key)

    # structure checks, as the evidence classes make them: row by row only
    # where the columns' ranges and rows do not already show them passed
    for plan in plans:
        for m in plan.measures:
            key, before = f"{plan.item}/{m.measure.name}", problems.total
            fields = cols[key]
            if key in bad:
                # checked still, every problem reported at once: a cell reported
                # already counts as given, and large, so no check blames another cell
                validate(
                    m,
                    {f: c.flagged(problems.cells.get(c.name)) for f, c in fields.items()},
                    problems,
                )
            elif not passes(m, fields):
                validate(m, fields, problems)
                if problems.total > before:
                    bad.add(key)
            for col in fields.values():
                col.release()
        r = cols[f"{plan.item}/rating"]["rating"]
        if f"{plan.item}/rating" in bad:
            r = r.without(problems.cells.get(r.name))  # the other rows are checked still
        if f"{plan.item}/rating" in bad or not bounded(r, 1, 4):
            check(
                problems,
                r.present & ((r.values < 1) | (r.values > 4)),
                r,
                plan.item,
                "out_of_range",
                lambda v: f"expected a level 1, 2, 3 or 4, got {v!r}",
            )
        r.release()

    # The results kept are rows of one int8 block: a million rows make it
    # large enough for huge pages, where a separate array per column
    # would pay its page faults 4 KB at a time. Temporaries are reused.
    multi = [p for p in FRAMEWORK.principles if len(p.items) > 1]
    block = np.empty((3 * len(plans) + 2 * len(multi), n), dtype=np.int8)
    rows = iter(block)
    out: dict[str, Any] = {}
    levels: dict[str, Any] = {}
    verdicts: dict[str, Any] = {}
    for plan in plans:
        level = None
        any_measure: Any = False
        for m in plan.measures:
            fields = cols.pop(f"{plan.item}/{m.measure.name}")
            if f"{plan.item}/{m.measure.name}" in bad:
                # the table is refused; the rows without a problem are still checked
                _evaluate(m, leave_out(fields, problems.rows(fields.values())), problems, n)
                continue
            present, got = _evaluate(m, fields, problems, n)
            for col in fields.values():
                col.release()
            any_measure = union(any_measure, present)
            if got is None:
                continue
            if level is None:
                level = got
            else:
                lower = (got > 0) & ((level == 0) | (got < level))
                level = np.where(lower, got, level)
        rating = cols[f"{plan.item}/rating"]["rating"]
        kept = next(rows)
        if level is None:
            np.copyto(kept, rating.values, casting="unsafe")  # 0 where not given
        elif rating.given is False:
            np.copyto(kept, level)
        else:
            np.copyto(kept, np.where(level > 0, level, rating.values), casting="unsafe")
        rating.release()
        level = kept
        none = (level == 0).view(np.int8)
        status = next(rows)
        if any_measure is True:
            np.copyto(status, none)
        elif any_measure is False:
            np.multiply(none, np.int8(NOT_ASSESSED), out=status)
        else:
            np.multiply(none, NOT_ASSESSED - any_measure.view(np.int8), out=status)
        # 1: THRIVE-like; 0: known not to be; -1: not known
        verdict = next(rows)
        np.greater_equal(level, 3, out=verdict.view(bool))
        verdict -= none
        levels[plan.item] = level
        verdicts[plan.item] = verdict
        out[f"{plan.item}.level"] = level
        out[f"{plan.item}.status"] = status
        out[f"{plan.item}.thrive_like"] = verdict
    problems.raise_if_any()

    overall, complete = np.ones((2, n), dtype=bool)
    for p in FRAMEWORK.principles:
        if len(p.items) == 1:
            plevel = levels[p.items[0]]
            pverdict = verdicts[p.items[0]]
            good = plevel >= 3
        else:
            # levels are 0 where unrated, so the lowest is 0 unless all are rated
            plevel = next(rows)
            np.minimum(levels[p.items[0]], levels[p.items[1]], out=plevel)
            for i in p.items[2:]:
                np.minimum(plevel, levels[i], out=plevel)
            good = plevel >= 3
            known_low = functools.reduce(np.logical_or, [verdicts[i] == 0 for i in p.items])
            pverdict = next(rows)
            np.subtract(good.view(np.int8), ~(good | known_low), out=pverdict)
        overall &= good
        complete &= plevel > 0
        if principles:
            out[f"principle.{p.id}.level"] = plevel
            out[f"principle.{p.id}.thrive_like"] = pverdict
    out["thrive_like"] = overall
    out["complete"] = complete
    return out
