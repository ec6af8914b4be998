"""A ruleset compiled for speed: levels decided on plain numbers, exactly.

:func:`ithrive.score` first tries this fast path. Each item's rule becomes a
table of integer bounds; evidence (typed objects or JSON-like dicts) is read
into exact integer ratios and placed in its band by cross-multiplication, as
the engine does. Only the level and status are decided here; explanations,
warnings and the typed evidence are built by the full engine
(:mod:`ithrive.rules.engine`) when a result is first looked at.

The fast path accepts a strict subset of valid input: plain, unambiguous
evidence. Anything else (any problem, any unusual form such as an exact
fraction written as text, a count with named elements, a survey nobody
answered, two pieces that might clash) makes it give up, and the full engine
decides, reporting every problem. So it can only ever agree with the engine;
the tests check that it does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from ithrive.evidence import CollaboRATE, Count, Indicators, Proportion, Rating, Survey
from ithrive.limits import MAX_CRITERIA, MAX_INTEGER, MAX_TEXT
from ithrive.rules.interval import Interval
from ithrive.rules.ruleset import GateEffect, ItemRule, Measure, Ruleset

__all__ = ["INSUFFICIENT", "NOT_ASSESSED", "RATED", "CompiledRuleset"]

#: Status codes of a fast decision (see :class:`~ithrive.model.Status`).
RATED: Final = 0
INSUFFICIENT: Final = 1
NOT_ASSESSED: Final = 2

#: An exact interval: (lower num, lower den, lower closed, upper num, upper den, upper closed).
_Bounds = tuple[int, int, bool, int, int, bool]
#: A decision: (level 1-4, or 0 for none; status code).
Decision = tuple[int, int]
#: A read measured value: (measure name or None, value num, value den, gate field values).
_Reading = tuple[Any, int, int, Mapping[str, tuple[int, int] | None]]

_FIELDS: Final[Mapping[str, frozenset[str]]] = {
    "rating": frozenset({"kind", "level", "notes", "rater"}),
    "proportion": frozenset({"kind", "numerator", "denominator", "percent", "measure"}),
    "survey": frozenset({"kind", "agree", "respondents", "eligible", "measure"}),
    "count": frozenset({"kind", "count", "in_place", "measure"}),
    "collaborate": frozenset({"kind", "mean", "offered_percent", "encounters", "measure"}),
    "indicators": frozenset({"kind", "criteria"}),
}
_TYPED: Final[Mapping[type, str]] = {
    Rating: "rating",
    Proportion: "proportion",
    Survey: "survey",
    Count: "count",
    CollaboRATE: "collaborate",
    Indicators: "indicators",
}


def _bounds(interval: Interval) -> _Bounds:
    lo, hi = interval.lower, interval.upper
    return (
        lo.numerator,
        lo.denominator,
        interval.lower_closed,
        hi.numerator,
        hi.denominator,
        interval.upper_closed,
    )


def _inside(b: _Bounds, num: int, den: int) -> bool:
    """Whether ``num / den`` (``den > 0``) lies in ``b``, decided exactly."""
    a, c = num * b[1], b[0] * den
    if a < c or (a == c and not b[2]):
        return False
    a, c = num * b[4], b[3] * den
    return a < c or (a == c and b[5])


def _whole(value: Any, minimum: int) -> bool:
    return type(value) is int and minimum <= value <= MAX_INTEGER


def _real(value: Any, low: int, high: int) -> tuple[int, int] | None:
    """An int or finite float in [low, high] as an exact ratio; anything else: None."""
    kind = type(value)
    if kind is int:
        return (value, 1) if low <= value <= high else None
    if kind is float and math.isfinite(value) and low <= value <= high:
        return value.as_integer_ratio()  # type: ignore[no-any-return]
    return None


def _text_ok(value: Any) -> bool:
    return value is None or (type(value) is str and len(value) <= MAX_TEXT)


# ----------------------------------------------------------------- readers
# Each reader takes one piece (typed or a dict already known to be of its
# kind) and returns what the decision needs, or None to give up.


def _read_proportion(piece: Any) -> _Reading | None:
    if type(piece) is Proportion:
        name, num, den, pct = piece.measure, piece.numerator, piece.denominator, piece.percent
        if pct is not None:
            pn, pd = pct.as_integer_ratio()
            return (name, pn, pd, {"denominator": None})
        return (name, 100 * num, den, {"denominator": (den, 1)})  # type: ignore[operator,dict-item,return-value]
    if not piece.keys() <= _FIELDS["proportion"]:
        return None
    name = piece.get("measure")
    num, den, pct = piece.get("numerator"), piece.get("denominator"), piece.get("percent")
    if not _text_ok(name):
        return None
    if pct is None:
        if not (_whole(num, 0) and _whole(den, 1) and num <= den):
            return None
        return (name, 100 * num, den, {"denominator": (den, 1)})
    if num is not None or den is not None:
        return None
    exact = _real(pct, 0, 100)
    if exact is None:
        return None
    return (name, exact[0], exact[1], {"denominator": None})


def _read_survey(piece: Any) -> _Reading | None:
    if type(piece) is Survey:
        name, agree, resp, elig = piece.measure, piece.agree, piece.respondents, piece.eligible
    else:
        if not piece.keys() <= _FIELDS["survey"]:
            return None
        name = piece.get("measure")
        agree, resp, elig = piece.get("agree"), piece.get("respondents"), piece.get("eligible")
        if not (
            _text_ok(name)
            and _whole(agree, 0)
            and _whole(resp, 0)
            and _whole(elig, 1)
            and agree <= resp <= elig
        ):
            return None
    if resp == 0:  # no agreement to band: the engine explains
        return None
    fields = {"completion": (100 * resp, elig), "respondents": (resp, 1), "eligible": (elig, 1)}
    return (name, 100 * agree, resp, fields)


def _read_count(piece: Any) -> _Reading | None:
    if type(piece) is Count:
        return (piece.measure, piece.count, 1, {})
    if not piece.keys() <= _FIELDS["count"] or piece.get("in_place") is not None:
        return None
    name, count = piece.get("measure"), piece.get("count")
    if not (_text_ok(name) and _whole(count, 0)):
        return None
    return (name, count, 1, {})


def _read_collaborate(piece: Any) -> _Reading | None:
    if type(piece) is CollaboRATE:
        name, enc = piece.measure, piece.encounters
        mean = piece.mean.as_integer_ratio()
        offered = piece.offered_percent.as_integer_ratio()
    else:
        if not piece.keys() <= _FIELDS["collaborate"]:
            return None
        name, enc = piece.get("measure"), piece.get("encounters")
        got_mean = _real(piece.get("mean"), 0, 9)
        got_offered = _real(piece.get("offered_percent"), 0, 100)
        if got_mean is None or got_offered is None or not _text_ok(name):
            return None
        if enc is not None and not _whole(enc, 0):
            return None
        mean, offered = got_mean, got_offered
    fields = {"offered_percent": offered, "encounters": None if enc is None else (enc, 1)}
    return (name, mean[0], mean[1], fields)


_READERS: Final[Mapping[str, Callable[[Any], _Reading | None]]] = {
    "proportion": _read_proportion,
    "survey": _read_survey,
    "count": _read_count,
    "collaborate": _read_collaborate,
}


class _CompiledMeasure:
    """One band table as integer bounds."""

    __slots__ = ("bands", "domain", "gates", "name")

    def __init__(self, measure: Measure) -> None:
        self.name = measure.name
        self.domain = _bounds(measure.domain)
        self.bands = tuple((_bounds(b.interval), int(b.level)) for b in measure.bands)
        self.gates = tuple(
            (g.field, _bounds(g.when), g.effect, 0 if g.level is None else int(g.level))
            for g in measure.gates
            if g.effect is not GateEffect.WARN
        )

    def level(self, reading: _Reading) -> int | None:
        """The level (0: insufficient evidence), or None when the value is outside the domain."""
        _, num, den, fields = reading
        if not _inside(self.domain, num, den):
            return None
        level = 0
        for bounds, band_level in self.bands:
            if _inside(bounds, num, den):
                level = band_level
                break
        for field, when, effect, cap in self.gates:
            value = fields.get(field)
            if value is None or not _inside(when, value[0], value[1]):
                continue
            if effect is GateEffect.INSUFFICIENT:
                return 0
            if cap and cap < level:
                level = cap
        return level


class _CompiledItem:
    """One item's rule, ready to decide from plain evidence."""

    __slots__ = ("by_kind", "by_name", "first_levels", "flags", "kinds", "labels")

    def __init__(self, rule: ItemRule) -> None:
        self.kinds = frozenset(rule.accepts)
        self.by_name = {m.name: (m.kind, _CompiledMeasure(m)) for m in rule.measures}
        by_kind: dict[str, list[_CompiledMeasure]] = {}
        for m in rule.measures:
            by_kind.setdefault(m.kind, []).append(self.by_name[m.name][1])
        # A kind with one measure needs no name; with several, the name is required.
        self.by_kind = {k: v[0] if len(v) == 1 else None for k, v in by_kind.items()}
        # Boolean criteria: (level when true, level when false); ordinal: label -> level.
        self.flags: dict[str, tuple[int, int]] = {}
        self.labels: dict[str, dict[str, int]] = {}
        first_levels = []
        if rule.indicators is not None:
            for c in rule.indicators.criteria:
                if c.is_ordinal:
                    self.labels[c.id] = {label: int(c.supports(label)) for label in c.values}
                else:
                    self.flags[c.id] = (int(c.supports(True)), int(c.supports(False)))
                first_levels.append((c.id, int(c.first_level)))
        self.first_levels = tuple(first_levels)

    def _measure(self, kind: str, reading: _Reading) -> _CompiledMeasure | None:
        name = reading[0]
        if name is None:
            return self.by_kind.get(kind)
        found = self.by_name.get(name)
        return found[1] if found is not None and found[0] == kind else None

    def _indicators(self, piece: Any) -> int | None:
        if type(piece) is Indicators:
            given: Any = dict(piece.criteria)
        else:
            if not piece.keys() <= _FIELDS["indicators"]:
                return None
            given = piece.get("criteria")
            if type(given) is not dict or len(given) > MAX_CRITERIA:
                return None
        flags, labels = self.flags, self.labels
        level = 5
        for name, value in given.items():
            kind = type(value)
            if kind is bool:
                pair = flags.get(name)
                if pair is None:
                    return None
                supports = pair[0] if value else pair[1]
            elif kind is str:
                table = labels.get(name)
                if table is None or value not in table:
                    return None
                supports = table[value]
            else:
                return None
            level = min(level, supports)
        if level == 5:
            return 0  # no criteria given
        for name, first in self.first_levels:
            if first <= level and name not in given:
                return 0  # a missing criterion could lower the level
        return level

    def decide(self, pieces: Sequence[Any]) -> Decision | None:
        """The level and status of the item, or None to let the full engine decide."""
        if not pieces:
            return (0, NOT_ASSESSED)
        rating = 0
        measured = 5
        used: set[str] = set()
        for piece in pieces:
            kind = _TYPED.get(type(piece))
            if kind is None:
                if type(piece) is not dict:
                    return None
                kind = piece.get("kind")
                if type(kind) is not str or kind not in self.kinds:
                    return None
            elif kind not in self.kinds:
                return None
            if kind == "rating":
                if rating:
                    return None
                rating = self._rating(piece)
                if not rating:
                    return None
                continue
            if kind == "indicators":
                if "indicators" in used:
                    return None
                used.add("indicators")
                got = self._indicators(piece)
            else:
                reading = _READERS[kind](piece)
                if reading is None:
                    return None
                measure = self._measure(kind, reading)
                if measure is None or measure.name in used:
                    return None
                used.add(measure.name)
                got = measure.level(reading)
            if got is None:
                return None
            if got:
                measured = min(measured, got)
        if measured < 5:
            return (measured, RATED)
        if rating:
            return (rating, RATED)
        return (0, INSUFFICIENT)

    @staticmethod
    def _rating(piece: Any) -> int:
        if type(piece) is Rating:
            return int(piece.level)
        if not piece.keys() <= _FIELDS["rating"]:
            return 0
        level = piece.get("level")
        if type(level) is not int or not 1 <= level <= 4:
            return 0
        if not (_text_ok(piece.get("notes")) and _text_ok(piece.get("rater"))):
            return 0
        return level


class CompiledRuleset:
    """Every item of a verified ruleset, compiled; see the module's description."""

    __slots__ = ("items",)

    def __init__(self, ruleset: Ruleset) -> None:
        self.items = {rule.item: _CompiledItem(rule) for rule in ruleset}


def compiled(ruleset: Ruleset) -> CompiledRuleset:
    """The compiled form of a verified ``ruleset``, built once and kept with it."""
    done: CompiledRuleset | None = ruleset._compiled
    if done is None:
        done = CompiledRuleset(ruleset)
        object.__setattr__(ruleset, "_compiled", done)
    return done
