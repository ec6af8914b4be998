"""The checks of the evidence classes, made on whole columns.

A measure's evidence is valid in a table when every row would build its
evidence class (:class:`~ithrive.evidence.Proportion`,
:class:`~ithrive.evidence.Survey`, ...): fields given together, each within
its range, a numerator no larger than its denominator. :func:`passes` shows
that cheaply, from the columns' ranges and rows; only a measure it cannot
clear goes through :func:`validate`, which checks row by row and reports
each bad cell with the code and message :func:`ithrive.score` would give.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ithrive.evidence.kinds import KIND_REGISTRY
from ithrive.limits import MAX_INTEGER
from ithrive.rules.ruleset import GateEffect
from ithrive.studies.batch._columns import Column, Problems, check
from ithrive.studies.batch._convention import field_range, required_fields
from ithrive.studies.batch._plan import MeasurePlan
from ithrive.studies.batch._rows import complement, intersect, numpy

__all__ = ["bounded", "leave_out", "passes", "validate"]


def leave_out(fields: dict[str, Column], rows: Any) -> dict[str, Column]:
    """A measure's columns with ``rows`` (already reported) taken as not given."""
    return {field: col.without(rows) for field, col in fields.items()}


def _below(low: int) -> Callable[[Any], str]:
    """The message for a value below ``low``."""
    return lambda v: f"{v!r} is below the minimum {low}"


def _same_rows(*cols: Column) -> bool:
    """Whether the columns give values on exactly the same rows."""
    np = numpy()
    first = cols[0].given
    for col in cols[1:]:
        g = col.given
        if isinstance(first, bool) or isinstance(g, bool):
            if g is not first:
                return False
        elif g is not first and not np.array_equal(g, first):
            return False
    return True


def bounded(col: Column, low: int, high: int | None = None) -> bool:
    """Whether every given value of ``col`` is known to lie in ``[low, high]``."""
    if col.given is False:
        return True
    if col.lo is None:
        return False
    return bool(col.lo >= low and (high is None or col.hi <= high))


def _never_above(a: Column, b: Column) -> bool:
    """Whether ``a`` is at most ``b`` on every row (both filled with 0 where missing)."""
    np = numpy()
    if a.make is not None and b.make is not None and a.pending and b.pending:
        # NaN gaps, not filled yet: compared as given (a NaN is never greater), no copy made
        return not bool(np.greater(a.raw, b.raw).any())
    return not bool(np.greater(a.values, b.values).any())


def passes(m: MeasurePlan, f: dict[str, Column]) -> bool:
    """Whether the evidence of ``m`` passes every check of :func:`validate`, shown cheaply.

    From the columns' ranges and rows, and one comparison per ordered pair
    of fields. ``False`` means "not shown": :func:`validate` then checks
    row by row, and names the rows.
    """
    if m.kind == "proportion":
        num, den, pct = f["numerator"], f["denominator"], f["percent"]
        return (
            _same_rows(num, den)
            and intersect(num.given, pct.given) is False
            and bounded(num, 0)
            and bounded(den, 1)
            and bounded(pct, 0, 100)
            and (num.given is False or _never_above(num, den))
        )
    if m.kind == "survey":
        agree, resp, elig = f["agree"], f["respondents"], f["eligible"]
        if f["agree_percent"].given is not False:
            return False  # the share as a percent: checked row by row
        return _same_rows(agree, resp, elig) and (
            agree.given is False
            or (
                bounded(agree, 0)
                and bounded(resp, 0)
                and bounded(elig, 1)
                and _never_above(agree, resp)
                and _never_above(resp, elig)
            )
        )
    if m.kind == "count":
        return bounded(f["count"], 0)
    if m.kind == "collaborate":
        mean, offered, enc = f["mean"], f["offered_percent"], f["encounters"]
        top = f["top_score"]
        return (
            _same_rows(mean, offered)
            and intersect(enc.given, complement(mean.given)) is False
            and intersect(top.given, complement(mean.given)) is False
            and bounded(mean, 0, 9)
            and bounded(offered, 0, 100)
            and bounded(enc, 0)
            and bounded(top, 0, 100)
        )
    # a registered kind: its required fields together, every field within its range
    required = [f[name] for name in required_fields(m.kind)]
    if required and not _same_rows(*required):
        return False
    for name, col in f.items():
        optional = required and name not in required_fields(m.kind)
        if optional and intersect(col.given, complement(required[0].given)) is not False:
            return False
        low, high = field_range(m.kind, name)
        if not bounded(col, low if low is not None else -MAX_INTEGER, high):
            return False
    return True


def validate(m: MeasurePlan, f: dict[str, Column], problems: Problems) -> None:
    """The checks the evidence class of ``m`` makes when built, on whole columns."""
    np = numpy()
    item = m.item
    if m.kind == "proportion":
        num, den, pct = f["numerator"], f["denominator"], f["percent"]
        counts = num.present | den.present
        both = counts & pct.present
        check(
            problems,
            both,
            pct,
            item,
            "conflicting_fields",
            lambda v: "give either numerator and denominator, or percent, not both",
            piece=True,
        )
        rows = counts & ~pct.present
        for col in (num, den):
            check(
                problems,
                rows & ~col.present,
                col,
                item,
                "missing_field",
                lambda v: "missing; give numerator and denominator together",
            )
        check(
            problems,
            rows & num.present & (num.values < 0),
            num,
            item,
            "out_of_range",
            lambda v: f"{v!r} is below the minimum 0",
        )
        check(
            problems,
            rows & den.present & (den.values < 1),
            den,
            item,
            "out_of_range",
            lambda v: f"{v!r} is below the minimum 1",
        )
        above = rows & num.present & den.present & (num.values >= 0) & (den.values >= 1)
        check(
            problems,
            above & (num.values > den.values),
            num,
            item,
            "numerator_above_denominator",
            lambda v: f"{v!r} is greater than the denominator",
        )
        check(
            problems,
            pct.present & ~counts & ((pct.values < 0) | (pct.values > 100)),
            pct,
            item,
            "out_of_range",
            lambda v: f"{v!r} is outside 0-100",
        )
        return
    present = np.logical_or.reduce([c.present for c in f.values()])
    for field in required_fields(m.kind):
        col = f[field]
        check(
            problems,
            present & ~col.present,
            col,
            item,
            "missing_field",
            lambda v: "required field is missing",
        )
    if m.kind == "survey":
        _validate_survey(m, f, present, problems)
    elif m.kind == "count":
        col = f["count"]
        check(
            problems,
            col.present & (col.values < 0),
            col,
            item,
            "out_of_range",
            lambda v: f"{v!r} is below the minimum 0",
        )
    elif m.kind == "collaborate":
        mean, offered, enc = f["mean"], f["offered_percent"], f["encounters"]
        check(
            problems,
            mean.present & ((mean.values < 0) | (mean.values > 9)),
            mean,
            item,
            "out_of_range",
            lambda v: f"{v!r} is outside 0-9",
        )
        check(
            problems,
            offered.present & ((offered.values < 0) | (offered.values > 100)),
            offered,
            item,
            "out_of_range",
            lambda v: f"{v!r} is outside 0-100",
        )
        check(
            problems,
            enc.present & (enc.values < 0),
            enc,
            item,
            "out_of_range",
            lambda v: f"{v!r} is below the minimum 0",
        )
        top = f["top_score"]
        check(
            problems,
            top.present & ((top.values < 0) | (top.values > 100)),
            top,
            item,
            "out_of_range",
            lambda v: f"{v!r} is outside 0-100",
        )

    else:  # a registered kind: each field within the range its schema gives
        for name, col in f.items():
            low, high = field_range(m.kind, name)
            outside = col.present & False
            if low is not None:
                outside = outside | (col.values < low)
            if high is not None:
                outside = outside | (col.values > high)
            check(
                problems,
                col.present & outside,
                col,
                item,
                "out_of_range",
                _outside_range(low, high),
            )


def _validate_survey(
    m: MeasurePlan, f: dict[str, Column], present: Any, problems: Problems
) -> None:
    """What a :class:`~ithrive.evidence.Survey` checks, and the fields withholding gates need."""
    item = m.item
    agree, resp, elig, pct = f["agree"], f["respondents"], f["eligible"], f["agree_percent"]
    check(
        problems,
        agree.present & pct.present,
        pct,
        item,
        "conflicting_fields",
        lambda v: "give either agree (with respondents) or agree_percent, not both",
        piece=True,
    )
    check(
        problems,
        present & ~agree.present & ~pct.present,
        agree,
        item,
        "missing_field",
        lambda v: "missing; give agree with respondents, or agree_percent",
    )
    check(
        problems,
        (agree.present | elig.present) & ~resp.present,
        resp,
        item,
        "missing_field",
        lambda v: "missing; give respondents with agree or eligible",
    )
    for col, low in ((agree, 0), (elig, 1)):
        check(problems, col.present & (col.values < low), col, item, "out_of_range", _below(low))
    for rows, low in ((~pct.present, 0), (pct.present & ~agree.present, 1)):
        check(
            problems,
            rows & resp.present & (resp.values < low),
            resp,
            item,
            "out_of_range",
            _below(low),
        )
    check(
        problems,
        pct.present & ((pct.values < 0) | (pct.values > 100)),
        pct,
        item,
        "out_of_range",
        lambda v: f"{v!r} is outside 0-100",
    )
    # each comparison is made where its two fields are sound, whatever the third
    sound_agree = agree.present & (agree.values >= 0)
    sound_resp = resp.present & (resp.values >= 0)
    sound_elig = elig.present & (elig.values >= 1)
    check(
        problems,
        sound_agree & sound_resp & (agree.values > resp.values),
        agree,
        item,
        "agree_above_respondents",
        lambda v: f"{v!r} is greater than the respondents",
    )
    check(
        problems,
        sound_resp & sound_elig & (resp.values > elig.values),
        resp,
        item,
        "respondents_above_eligible",
        lambda v: f"{v!r} is greater than the eligible staff",
    )
    # a gate that withholds the level needs the fields its own field is computed from (D35)
    needs = KIND_REGISTRY[m.kind].gate_needs
    needed = {
        name
        for gate in m.gates
        if gate.effect is GateEffect.INSUFFICIENT
        for name in needs.get(gate.field, ())
    }
    why = f"missing; {item} gives no level below its completion gate, so it needs respondents"
    # As score() does, the gate's needs are checked on a survey that is otherwise sound:
    # a piece with a problem of its own is refused before the rule sees it.
    bad = problems.rows((agree, resp, elig, pct))
    sound = numpy().ones(len(pct.present), dtype=bool) if bad is None else ~bad
    if "respondents" in needed:
        check(
            problems,
            sound & pct.present & ~agree.present & ~resp.present & ~elig.present,
            resp,
            item,
            "missing_field",
            lambda v: why + " and eligible",
        )
    if "eligible" in needed:
        check(
            problems,
            # nobody responded: no agreement to band, so no gate to check (D15)
            sound
            & (agree.present | pct.present)
            & resp.present
            & (resp.values != 0)
            & ~elig.present,
            elig,
            item,
            "missing_field",
            lambda v: why + " and eligible",
        )


def _outside_range(low: Any, high: Any) -> Callable[[Any], str]:
    """The message for a value outside ``low``-``high``."""
    return lambda v: f"{v!r} is outside {low}-{high}"
