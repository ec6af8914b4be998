"""The decision path: one item's evidence, under its compiled rule, becomes a decision record.

Each item rule is compiled once (and kept with its ruleset) into a
:class:`ItemDecider`: band and gate edges as exact integer bounds, criteria
as lookup tables, the measures by name and kind. :meth:`ItemDecider.decide`
reads each piece (typed, or a JSON-like dict) through its kind's declaration
(:mod:`ithrive.evidence.kinds`), places the values exactly, and returns an
:class:`~ithrive.scorecard.ItemResult`: level, status, basis, what decided,
the exact value, unmet criteria, and the facts behind them. The explanation,
citation and warnings are written from those facts when first read
(:class:`Words`), never by deciding again. Invalid evidence gets every
problem back instead, as errors naming item, field and value.

Precedence (interpretation register D12): measured or indicator evidence
that yields a level decides the item, with several measures combined by their
lowest level (on a tie the first in the rule, D17); a panel rating decides
only when no measured or indicator evidence yields a level; a rating that
differs from the measured level is kept as a warning.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, Final

from ithrive.base._hints import suggest, suggestion_text
from ithrive.base.formatting import format_number
from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.evidence import Evidence
from ithrive.evidence.kinds import Kind, Reading, Role, kind, kind_of_class, plain_criteria
from ithrive.model.level import Level, Status
from ithrive.rules.interval import Interval
from ithrive.rules.ruleset import GateEffect, ItemRule, Measure, Ruleset
from ithrive.scorecard import ItemResult, Notice

__all__ = [
    "CompiledRules",
    "ItemDecider",
    "Words",
    "compiled",
    "decide_item",
    "decider",
    "pick_measure",
]

_LEVELS: Final = (None, Level.ONE, Level.TWO, Level.THREE, Level.FOUR)
_RATED, _INSUFFICIENT, _NOT_ASSESSED = (
    Status.RATED,
    Status.INSUFFICIENT_EVIDENCE,
    Status.NOT_ASSESSED,
)
_CAP, _WITHHOLD = GateEffect.CAP, GateEffect.INSUFFICIENT
_MEASURED, _RATING, _CRITERIA = Role.MEASURED, Role.RATING, Role.CRITERIA

#: An exact interval: (lower num, lower den, lower closed, upper num, upper den, upper closed).
_Bounds = tuple[int, int, bool, int, int, bool]


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


class _Measure:
    """One measure of an item: its band table and gates as integer bounds."""

    __slots__ = ("bands", "domain", "gates", "kind", "measure", "name", "required")

    def __init__(self, measure: Measure) -> None:
        self.measure = measure
        self.name = measure.name
        self.kind: Kind = kind(measure.kind)
        # The domain's lower end; its upper end is the last band's.
        self.domain = _bounds(measure.domain)[:3]
        # The bands partition the domain (the verifier makes sure), so, in
        # order, the first whose upper end the value does not pass is its band.
        self.bands = tuple(
            (
                b.interval.upper.numerator,
                b.interval.upper.denominator,
                b.interval.upper_closed,
                b.level,
                f"band {b.interval}",
                f"in band {b.interval} (level {int(b.level)})",
            )
            for b in sorted(measure.bands, key=lambda b: (b.interval.lower, b.interval.upper))
        )
        fields = self.kind.gate_fields
        self.gates = tuple(
            (fields.index(g.field), _bounds(g.when), g.effect, g.level, f"gate {g.id}")
            for g in measure.gates
        )
        # Withholding gates that cannot go unchecked: evidence without their field is refused.
        needs = self.kind.gate_needs
        self.required = frozenset(
            position
            for position, g in enumerate(measure.gates)
            if g.effect is GateEffect.INSUFFICIENT and g.field in needs
        )

    def evaluate(self, index: int, reading: Reading) -> tuple[Any, ...] | None:
        """The measure's outcome for one reading; ``None`` when the value is outside its domain.

        An outcome is (basis, level, exact value, decided_by, unmet, piece
        index, measure, gates met): ``gates met`` lists, in the rule's order,
        each gate whose field was not given (value ``None``) or whose
        condition held, as (gate position, exact field value). ``None`` also
        when a gate that withholds the level lacks a field the kind says it
        needs (:attr:`ithrive.evidence.kinds.Kind.gate_needs`).
        """
        _, num, den, values = reading
        if num is None:
            return (self.name, None, None, "no respondents", (), index, self, (), "")
        lo_num, lo_den, lo_closed = self.domain
        a, c = num * lo_den, lo_num * den  # type: ignore[operator]
        if a < c or (a == c and not lo_closed):
            return None
        for band in self.bands:
            a, c = num * band[1], band[0] * den  # type: ignore[operator]
            if a < c or (a == c and band[2]):
                break
        else:  # above the last band: above the domain
            return None
        level, decided_by = band[3], band[4]
        if not self.gates:
            return (self.name, level, (num, den), decided_by, (), index, self, (), band[5])
        met: tuple[tuple[int, Any], ...] = ()
        for position, (field, when, effect, cap, text) in enumerate(self.gates):
            value = values[field]
            if value is None:
                if position in self.required:
                    return None
                met += ((position, None),)
                continue
            if not _inside(when, value[0], value[1]):
                continue
            met += ((position, value),)
            if effect is _WITHHOLD:
                return (self.name, None, (num, den), text, (), index, self, met, band[5])
            if effect is _CAP and cap is not None and cap < level:
                level, decided_by = cap, text
        return (self.name, level, (num, den), decided_by, (), index, self, met, band[5])


#: How many distinct sets of criteria an item keeps judged outcomes for.
_SEEN_LIMIT = 1024


class ItemDecider:
    """One item's rule, compiled once: decides a list of pieces into an :class:`ItemResult`."""

    __slots__ = (
        "accepts",
        "by_class",
        "by_kind",
        "by_name",
        "by_tag",
        "criteria",
        "first_levels",
        "flags",
        "item",
        "kinds",
        "labels",
        "measures",
        "not_assessed",
        "rule",
        "seen",
        "words",
    )

    def __init__(self, rule: ItemRule) -> None:
        self.rule = rule
        self.accepts = rule.accepts
        self.kinds = {name: kind(name) for name in rule.accepts}
        self.measures = tuple(_Measure(m) for m in rule.measures)
        self.by_name = {m.name: m for m in self.measures}
        by_kind: dict[str, list[_Measure]] = {}
        for m in self.measures:
            by_kind.setdefault(m.kind.name, []).append(m)
        # A kind with one measure needs no name; with several, the name is required.
        self.by_kind = {k: v[0] if len(v) == 1 else None for k, v in by_kind.items()}
        self.criteria = rule.indicators
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
        #: Criteria already judged: (criteria as given, their values' types) -> outcome.
        self.seen: dict[Any, tuple[Any, ...]] = {}
        self.item = rule.item
        # Per kind the item accepts: (reader, role, declaration, its one measure or None).
        self.by_tag = {
            k.name: (k.read_dict, k.role, k, self.by_kind.get(k.name)) for k in self.kinds.values()
        }
        self.by_class = {
            k.cls: (k.read_typed, k.role, k, self.by_kind.get(k.name)) for k in self.kinds.values()
        }
        self.words = Words(self)
        self.not_assessed = tuple.__new__(
            ItemResult,
            (rule.item, None, _NOT_ASSESSED, None, None, (), None, (), self.words),
        )

    # ------------------------------------------------------------ deciding

    def decide(
        self, pieces: Sequence[Any], listed: bool = False
    ) -> ItemResult | list[EvidenceError]:
        """The decision record of the item on ``pieces``, or every problem with them.

        ``listed`` says the pieces were given as a list, so a problem reading
        one is placed at its index even when it is the only one.
        """
        if len(pieces) == 1:
            done = self.one(pieces[0])
            if done is not None:
                return done
        elif not pieces:
            return self.not_assessed
        else:
            several = self._several(pieces)
            if several is not None:
                return several
        return self._check(pieces, listed)

    def _several(self, pieces: Sequence[Any]) -> ItemResult | list[EvidenceError] | None:
        """Plainly read pieces, each for its own measure, the rating or the criteria, at once.

        ``None`` for anything else (a piece to read in full, a measure,
        rating or set of indicators given twice): :meth:`_check` then reads
        them all. The result is the record :meth:`_check` makes of the same
        pieces, or the same problems when a value is outside its measure's range.
        """
        kept: list[Any] = []
        rating: tuple[int, int] | None = None
        chosen: dict[str, tuple[int, Reading]] = {}
        criteria: tuple[int, dict[str, Any]] | None = None
        for index, given in enumerate(pieces):
            plain = self._plain(given)
            if plain is None:
                return None
            piece, got, role, declared, single = plain
            kept.append(piece)
            if role is _MEASURED:
                name = got[0]
                measure = single if name is None else self.by_name.get(name)
                if measure is None or measure.kind is not declared or measure.name in chosen:
                    return None
                chosen[measure.name] = (index, got)
            elif role is _RATING:
                if rating is not None:
                    return None
                rating = (index, got)
            else:
                if criteria is not None:
                    return None
                if type(piece) is dict:
                    piece["criteria"] = got = dict(got)
                    if not plain_criteria(got):
                        return None
                criteria = (index, got)
        outcomes, problems = self._outcomes(chosen, criteria, pieces, several=True)
        if problems:
            return problems
        return self._record(tuple(kept), rating, tuple(outcomes))

    def _outcomes(
        self,
        chosen: dict[str, tuple[int, Any]],
        criteria: tuple[int, dict[str, Any]] | None,
        pieces: Sequence[Any],
        *,
        several: bool,
    ) -> tuple[list[tuple[Any, ...]], list[EvidenceError]]:
        """Each chosen measure's outcome and the criteria's, or the problems they meet.

        Measures are taken in the rule's order, not the evidence's: on a tie the
        first measure decides (D17). A measure that gives no outcome is refused
        (a withholding gate's missing field, or a value out of range).
        """
        outcomes: list[tuple[Any, ...]] = []
        problems: list[EvidenceError] = []
        for m in self.measures:
            found = chosen.get(m.name)
            if found is None:
                continue
            outcome = m.evaluate(*found)
            if outcome is None:
                refused = self._refused(m, found[1], pieces[found[0]])
                problems.append(refused.at(prefix=f"[{found[0]}]" if several else None))
            else:
                outcomes.append(outcome)
        if criteria is not None:
            judged = self._criteria(*criteria)
            if isinstance(judged, list):
                problems.extend(judged)
            else:
                outcomes.append(judged)
        return outcomes, problems

    def _check(self, pieces: Sequence[Any], listed: bool) -> ItemResult | list[EvidenceError]:
        """Read every piece (typed classes judge the unusual): the record, or every problem."""
        item = self.rule.item
        several = len(pieces) > 1
        kept: list[Any] = []
        rating: tuple[int, int] | None = None
        chosen: dict[str, tuple[int, Reading]] = {}
        criteria: tuple[int, dict[str, Any]] | None = None
        problems: list[EvidenceError] | None = None
        read_problems: list[EvidenceError] | None = None
        for index, given in enumerate(pieces):
            piece = given
            got: Any = None
            declared: Kind | None
            if type(piece) is dict:
                name = piece.get("kind")
                declared = self.kinds.get(name) if type(name) is str else None
                if declared is not None and (got := declared.read_dict(piece)) is not None:
                    piece = dict(piece)
                    if declared.role is _CRITERIA:
                        # Read for its shape only; the values are checked here.
                        piece["criteria"] = got = dict(got)
                        if not plain_criteria(got):
                            got = None
            elif (declared := kind_of_class(type(piece))) is not None:
                got = declared.read_typed(piece)
            if got is None:
                try:
                    piece = _typed(piece)
                except (EvidenceError, InvalidEvidenceError) as err:
                    where = f"[{index}]" if listed else None
                    errs = err.errors if isinstance(err, InvalidEvidenceError) else (err,)
                    read_problems = (read_problems or []) + [e.at(item, where) for e in errs]
                    continue
                declared = kind(piece.kind)
                got = declared.read_typed(piece)
            assert declared is not None
            kept.append(piece)
            role = declared.role
            if declared.name not in self.kinds:
                problem = EvidenceError(
                    f"{item} does not accept {declared.name} evidence; "
                    f"it accepts {', '.join(self.accepts)}",
                    code="kind_not_accepted",
                    item=item,
                    field="kind",
                    value=declared.name,
                )
            elif role is _MEASURED:
                measure = self._pick(declared, got[0])
                if isinstance(measure, EvidenceError):
                    problem = measure
                elif measure.name in chosen:
                    problem = self._twice(
                        f"more than one piece of evidence for measure {measure.name!r}",
                        "measure",
                        measure.name,
                    )
                else:
                    chosen[measure.name] = (index, got)
                    continue
            elif role is _RATING:
                if rating is None:
                    rating = (index, got)
                    continue
                problem = self._twice(
                    "more than one rating; combine raters' ratings first", "kind", "rating"
                )
            else:
                if criteria is None:
                    criteria = (index, got)
                    continue
                problem = self._twice(
                    "more than one set of indicators; give all criteria in one",
                    "kind",
                    "indicators",
                )
            problems = (problems or []) + [problem.at(prefix=f"[{index}]" if several else None)]
        outcomes, found = self._outcomes(chosen, criteria, pieces, several=several)
        if found:
            problems = (problems or []) + found
        if read_problems or problems:
            return (read_problems or []) + (problems or [])
        return self._record(tuple(kept), rating, tuple(outcomes))

    def _plain(self, piece: Any) -> tuple[Any, Any, Any, Any, Any] | None:
        """A plainly valid piece read by its kind: (the piece kept, its reading, role,
        declaration, the item's one measure of that kind); ``None`` for anything else.

        A dict is kept as a copy, so a later change by the caller cannot reach the result.
        """
        if type(piece) is dict:
            try:
                read, role, declared, single = self.by_tag[piece["kind"]]
            except (KeyError, TypeError):
                return None
            got = read(piece)
            if got is None:
                return None
            return dict(piece), got, role, declared, single
        try:
            read, role, declared, single = self.by_class[type(piece)]
        except KeyError:
            return None
        return piece, read(piece), role, declared, single

    def one(self, piece: Any) -> ItemResult | None:
        """One plainly valid piece, decided in one step; ``None`` for anything else.

        ``None`` says nothing about the piece: :meth:`decide` then reads it
        in full, and decides it or reports every problem.
        """
        # _plain written out: this runs once per item on the hot path of every score().
        if type(piece) is dict:
            try:
                read, role, declared, single = self.by_tag[piece["kind"]]
            except (KeyError, TypeError):
                return None
            got = read(piece)
            if got is None:
                return None
            piece = dict(piece)
        else:
            try:
                read, role, declared, single = self.by_class[type(piece)]
            except KeyError:
                return None
            got = read(piece)
        if role is _MEASURED:
            name = got[0]
            measure = single if name is None else self.by_name.get(name)
            if measure is None or measure.kind is not declared:
                return None
            outcome: Any = measure.evaluate(0, got)
            if outcome is None:
                return None
        elif role is _RATING:
            return self._record((piece,), (0, got), ())
        else:
            if type(piece) is dict:
                piece["criteria"] = got = dict(got)
            outcome = self._criteria(0, got)
            if isinstance(outcome, list):
                return None
        level = outcome[1]
        return tuple.__new__(
            ItemResult,
            (
                self.item,
                level,
                _INSUFFICIENT if level is None else _RATED,
                None if level is None else outcome[0],
                outcome[3],
                outcome[4],
                outcome[2],
                ((piece,), None, (outcome,)),
                self.words,
            ),
        )

    def _record(
        self,
        kept: tuple[Any, ...],
        rating: tuple[int, int] | None,
        outcomes: tuple[tuple[Any, ...], ...],
    ) -> ItemResult:
        decider = None
        rated = 0
        for o in outcomes:
            if o[1] is not None:
                rated += 1
                if decider is None or o[1] < decider[1]:
                    decider = o
        facts = (kept, rating, outcomes)
        if decider is not None:
            decided_by = decider[3]
            if rated > 1:
                decided_by = "lowest of " + ", ".join(o[0] for o in outcomes if o[1] is not None)
            record = (self.rule.item, decider[1], _RATED, decider[0], decided_by, decider[4])
            exact = decider[2]
        elif rating is not None:
            record = (self.rule.item, _LEVELS[rating[1]], _RATED, "rating", "rating", ())
            exact = None
        else:
            first = outcomes[0]
            record = (self.rule.item, None, _INSUFFICIENT, None, first[3], ())
            exact = first[2]
        return tuple.__new__(ItemResult, (*record, exact, facts, self.words))

    def _twice(self, text: str, field: str, value: str) -> EvidenceError:
        item = self.rule.item
        return EvidenceError(text, code="duplicate_evidence", item=item, field=field, value=value)

    def _pick(self, declared: Kind, name: Any) -> _Measure | EvidenceError:
        if name is None:
            found = self.by_kind.get(declared.name)
            if found is not None:
                return found
        else:
            named = self.by_name.get(name)
            if named is not None and named.kind is declared:
                return named
        picked = pick_measure(self.rule.item, self.rule, declared.name, name)
        assert isinstance(picked, EvidenceError)
        return picked

    def _refused(self, m: _Measure, reading: Reading, piece: Any) -> EvidenceError:
        """Why a piece was refused: a field a withholding gate needs, or a value out of range."""
        values = reading[3]
        for position in sorted(m.required):
            gate = m.measure.gates[position]
            if values[m.kind.gate_fields.index(gate.field)] is not None:
                continue
            typed = _typed(piece)
            needed = m.kind.gate_needs[gate.field]
            missing = next((f for f in needed if getattr(typed, f, None) is None), needed[0])
            return EvidenceError(
                f"missing; {self.rule.item} gives no level when {gate.field} lies in "
                f"{gate.when} ({gate.reason}), so its {m.kind.name} evidence needs "
                f"{' and '.join(needed)}",
                code="missing_field",
                item=self.rule.item,
                field=missing,
                value=None,
            )
        return self._out_of_range(m, reading, piece)

    def _out_of_range(self, m: _Measure, reading: Reading, piece: Any) -> EvidenceError:
        value = Fraction(reading[1], reading[2])  # type: ignore[arg-type]
        field = m.kind.value_field
        return EvidenceError(
            f"{format_number(value, m.kind.unit)} is outside the valid range "
            f"{m.measure.domain} of measure {m.name!r}",
            code="out_of_range",
            item=self.rule.item,
            field=field,
            value=getattr(_typed(piece), field or "", None),
        )

    def _criteria(self, index: int, given: dict[str, Any]) -> tuple[Any, ...] | list[EvidenceError]:
        """The outcome of criteria ``given`` (piece ``index``), or every problem with them.

        Assessments give the same criteria again and again, and the outcome
        depends on nothing else, so a valid outcome is kept, keyed by the
        criteria and their values' exact types (``True`` is not ``1``).
        """
        try:
            key = (tuple(given.items()), tuple(map(type, given.values())))
            found: tuple[Any, ...] | None = self.seen.get(key)
        except TypeError:  # an unhashable value: judged, and refused, below
            return self._judge_criteria(index, given)
        if found is None:
            judged = self._judge_criteria(0, given)
            if isinstance(judged, list):
                return judged
            if len(self.seen) >= _SEEN_LIMIT:
                self.seen.clear()
            found = self.seen[key] = judged
        return found if index == 0 else (*found[:5], index, *found[6:])

    def _judge_criteria(
        self, index: int, given: dict[str, Any]
    ) -> tuple[Any, ...] | list[EvidenceError]:
        flags, labels = self.flags, self.labels
        level = 5
        supported = []
        for name, value in given.items():
            if type(value) is bool:
                pair = flags.get(name)
                if pair is None:
                    return self._criteria_problems(given)
                supports = pair[0] if value else pair[1]
            elif type(value) is str:
                table = labels.get(name)
                if table is None or value not in table:
                    return self._criteria_problems(given)
                supports = table[value]
            else:
                return self._criteria_problems(given)
            supported.append((supports, name))
            level = min(level, supports)
        if level == 5:
            return ("indicators", None, None, "criteria", (), index, None, ("none",), "")
        for n, first in self.first_levels:
            if first <= level and n not in given:
                return (
                    "indicators",
                    None,
                    None,
                    "criteria",
                    (),
                    index,
                    None,
                    ("missing", level),
                    "",
                )
        unmet: tuple[str, ...] = ()
        if level < 4:
            unmet = tuple(sorted([n for s, n in supported if s == level]))
        return ("indicators", _LEVELS[level], None, "criteria", unmet, index, None, ("met",), "")

    def _criteria_problems(self, given: dict[str, Any]) -> list[EvidenceError]:
        assert self.criteria is not None
        item = self.rule.item
        ids = [c.id for c in self.criteria.criteria]
        out = []
        for name, value in sorted(given.items(), key=lambda kv: str(kv[0])):
            crit = self.criteria.criterion(name)
            if crit is None:
                out.append(
                    EvidenceError(
                        f"unknown criterion{suggestion_text(suggest(name, ids))} "
                        f"(criteria: {', '.join(ids)})",
                        code="unknown_criterion",
                        item=item,
                        field=f"criteria.{name}",
                        value=name,
                    )
                )
            elif not crit.is_ordinal and not isinstance(value, bool):
                out.append(
                    EvidenceError(
                        f"expected true or false, got {value!r}",
                        code="wrong_type",
                        item=item,
                        field=f"criteria.{name}",
                        value=value,
                    )
                )
            elif crit.is_ordinal and (isinstance(value, bool) or value not in crit.values):
                out.append(
                    EvidenceError(
                        f"expected one of {', '.join(map(repr, crit.values))}, got {value!r}",
                        code="unknown_label",
                        item=item,
                        field=f"criteria.{name}",
                        value=value,
                    )
                )
        return out


def _typed(piece: Any) -> Evidence:
    """A piece as a typed evidence object (a dict is structured, every problem raised)."""
    from ithrive.evidence.reading import structure_evidence

    return structure_evidence(piece)


def _band_level(measure: _Measure, exact: tuple[int, int]) -> Level:
    num, den = exact
    for band in measure.bands:
        a, c = num * band[1], band[0] * den
        if a < c or (a == c and band[2]):
            return band[3]
    raise AssertionError("a decided value lies in a band")  # pragma: no cover


def _show_ratio(num: int, den: int, unit: str = "") -> str:
    """``format_number`` of ``num / den``, building no needless fraction."""
    if num % den == 0:
        return f"{num // den}{unit}"
    as_float = num / den
    ratio = as_float.as_integer_ratio()
    common = math.gcd(num, den)
    if ratio == (num // common, den // common):
        return format_number(as_float, unit)
    return format_number(Fraction(num, den), unit)


def _kept_typed(piece: Any, kinds: Mapping[str, Kind]) -> Evidence:
    """A kept piece as a typed object (a dict kept was read as valid: its class takes it as is).

    The class is the one the rule was compiled with, so a card reads the same
    after its kind is unregistered.
    """
    if type(piece) is not dict:
        return piece  # type: ignore[no-any-return]
    fields = dict(piece)
    return kinds[fields.pop("kind")].cls(**fields)  # type: ignore[no-any-return]


def pick_measure(
    item_id: str, rule: ItemRule, kind_name: str, name: str | None
) -> Measure | EvidenceError:
    """The measure of ``rule`` that a piece of kind ``kind_name`` naming ``name`` is for."""
    candidates = [m for m in rule.measures if m.kind == kind_name]
    if name is not None:
        chosen = rule.measure(name)
        if chosen is None or chosen.kind != kind_name:
            names = [m.name for m in candidates]
            return EvidenceError(
                f"unknown measure for {kind_name} evidence{suggestion_text(suggest(name, names))} "
                f"(measures: {', '.join(names)})",
                code="unknown_measure",
                item=item_id,
                field="measure",
                value=name,
            )
        return chosen
    if len(candidates) == 1:
        return candidates[0]
    return EvidenceError(
        f"this item has several {kind_name} measures; give 'measure' as one of "
        f"{', '.join(repr(m.name) for m in candidates)}",
        code="measure_required",
        item=item_id,
        field="measure",
        value=None,
    )


# ------------------------------------------------------------------ words


class Words:
    """Writes an item's explanation, citation and warnings from its decision record."""

    __slots__ = ("decider",)

    def __init__(self, decider: ItemDecider) -> None:
        self.decider = decider

    def evidence(self, result: ItemResult) -> tuple[Evidence, ...]:
        """The record's pieces as typed evidence objects."""
        facts = result[7]
        kinds = self.decider.kinds
        return tuple(_kept_typed(p, kinds) for p in facts[0]) if facts else ()

    def _describe(self, piece: Evidence) -> str:
        """A piece described by the kind the rule was compiled with (registered or not now)."""
        return self.decider.kinds[piece.kind].describe(piece)

    def render(self, result: ItemResult) -> tuple[str, str, tuple[Notice, ...]]:
        """The explanation, citation and warnings of ``result``."""
        rule = self.decider.rule
        item = rule.item
        facts = result[7]
        if not facts:
            return f"{item} not assessed: no evidence was given.", rule.citation, ()
        _, rating, outcomes = facts
        evidence = result.evidence
        texts = [self._text(o, evidence) for o in outcomes]
        warnings: list[Notice] = []
        for o in outcomes:
            warnings.extend(self._gate_warnings(o))
        rated = [(o, t) for o, t in zip(outcomes, texts, strict=True) if o[1] is not None]
        unrated = [(o, t) for o, t in zip(outcomes, texts, strict=True) if o[1] is None]
        decisions: list[str] = list(rule.decisions)
        level = result.level
        for o, _ in rated if rated else unrated:
            decisions.extend(d for d in self._decisions(o) if d not in decisions)
        citation = rule.citation if level is None else f"{rule.citation}, level {int(level)}"
        if decisions:
            citation += f"; interpretation {', '.join(decisions)}"
        if level is None:
            reasons = "; ".join(f"{o[0]}: {t}" for o, t in unrated)
            text = f"{item} has insufficient evidence: {reasons}. Source: {citation}."
            return text, citation, tuple(warnings)
        verdict = "THRIVE-like" if level.thrive_like else "not THRIVE-like"
        if rated:
            given = {o[0] for o in outcomes}
            if len(rule.measures) > 1:
                for m in rule.measures:
                    if m.name not in given:
                        warnings.append(
                            Notice(
                                "measure_missing",
                                f"no evidence for measure {m.name!r}; "
                                "the level rests on the others",
                            )
                        )
            for o, t in unrated:
                warnings.append(Notice("measure_unrated", f"{o[0]} gave no level: {t}"))
            if rating is not None and rating[1] != level:
                warnings.append(
                    Notice(
                        "rating_differs",
                        f"the panel rating {rating[1]} differs from the measured level "
                        f"{int(level)}; the measured level stands",
                    )
                )
            said = "; ".join(t for _, t in rated)
            if len(rated) > 1:
                said += f"; the item takes the lowest, level {int(level)}"
        else:
            for o, t in unrated:
                warnings.append(
                    Notice(
                        "measure_unrated",
                        f"{o[0]} gave no level ({t}); the panel rating decides",
                    )
                )
            assert rating is not None
            said = self._describe(evidence[rating[0]])
        text = f"{item} level {int(level)} ({verdict}): {said}. Source: {citation}."
        return text, citation, tuple(warnings)

    def _decisions(self, outcome: tuple[Any, ...]) -> list[str]:
        measure: _Measure | None = outcome[6]
        if measure is None:
            assert self.decider.criteria is not None
            return list(self.decider.criteria.decisions)
        out = list(measure.measure.decisions)
        for position, value in outcome[7]:
            if value is not None:
                gate = measure.measure.gates[position]
                out.extend(d for d in gate.decisions if d not in out)
        return out

    def _gate_warnings(self, outcome: tuple[Any, ...]) -> list[Notice]:
        measure: _Measure | None = outcome[6]
        if measure is None:
            return []
        out = []
        for position, value in outcome[7]:
            gate = measure.measure.gates[position]
            if value is None:
                out.append(
                    Notice(
                        f"{gate.id}_unchecked",
                        f"{gate.field} was not given, so the check '{gate.reason}' "
                        "could not be made",
                    )
                )
            elif gate.effect is GateEffect.WARN:
                out.append(
                    Notice(gate.id, f"{gate.reason} ({self._condition(measure, position, value)})")
                )
        return out

    @staticmethod
    def _condition(measure: _Measure, position: int, value: tuple[int, int]) -> str:
        gate = measure.measure.gates[position]
        unit = measure.kind.gate_units[measure.kind.gate_fields.index(gate.field)]
        return f"{gate.field} {format_number(Fraction(*value), unit)} lies in {gate.when}"

    def _text(self, outcome: tuple[Any, ...], evidence: tuple[Evidence, ...]) -> str:
        exact, index, measure, more = outcome[2], outcome[5], outcome[6], outcome[7]
        if measure is None:
            return self._criteria_text(outcome, evidence[index])
        said = self._describe(evidence[index])
        if exact is None:
            return f"{said}: no staff responded, so agreement cannot be computed"
        m = measure.measure
        for position, gate_value in more:
            gate = m.gates[position]
            if gate_value is not None and gate.effect is GateEffect.INSUFFICIENT:
                cond = self._condition(measure, position, gate_value)
                return f"{said}: no level, because {cond}: {gate.reason}"
        text = (
            f"{said} gives {measure.kind.quantity} "
            f"{_show_ratio(exact[0], exact[1], measure.kind.unit)}, "
            f"{outcome[8]}"
        )
        if not more:
            return text
        current = _band_level(measure, exact)  # the caps are replayed from the band's level
        for position, gate_value in more:
            gate = m.gates[position]
            if (
                gate_value is not None
                and gate.effect is GateEffect.CAP
                and gate.level is not None
                and gate.level < current
            ):
                cond = self._condition(measure, position, gate_value)
                text += f"; but {cond} ({gate.reason}), so the level is capped at {int(gate.level)}"
                current = gate.level
        return text

    def _criteria_text(self, outcome: tuple[Any, ...], piece: Evidence) -> str:
        level, unmet, how = outcome[1], outcome[4], outcome[7]
        if how[0] == "none":
            return "no criteria were given"
        if how[0] == "missing":
            at = how[1]
            names = [n for n, first in self.decider.first_levels if first <= at]
            given = dict(getattr(piece, "criteria", ()))
            undecided = [n for n in names if n not in given]
            verb = "is" if len(undecided) == 1 else "are"
            return (
                f"the given criteria allow up to level {at}, but {', '.join(undecided)} "
                f"{verb} missing and could lower it"
            )
        if level == Level.FOUR:
            return "every criterion for level 4 holds"
        return (
            f"every criterion for level {int(level)} holds; "
            f"for level {int(level) + 1}, unmet: {', '.join(unmet)}"
        )


class CompiledRules:
    """Every item of a verified ruleset, compiled: ``deciders`` by item id, in source order."""

    __slots__ = ("deciders", "empty", "empty_card")

    def __init__(self, ruleset: Ruleset) -> None:
        from ithrive.model import FRAMEWORK

        self.deciders = {i: ItemDecider(ruleset.rule(i)) for i in FRAMEWORK.item_ids}
        #: Each item id with its result when not assessed, in source order.
        self.empty = tuple((i, d.not_assessed) for i, d in self.deciders.items())
        self.empty_card = tuple(d.not_assessed for d in self.deciders.values())


def compiled(ruleset: Ruleset) -> CompiledRules:
    """Every item of a verified ``ruleset``, compiled once and kept with it."""
    done: CompiledRules | None = ruleset._compiled
    if done is None:
        done = CompiledRules(ruleset)
        object.__setattr__(ruleset, "_compiled", done)
    return done


def decider(ruleset: Ruleset, item_id: str) -> ItemDecider:
    """The compiled rule of ``item_id`` in a verified ``ruleset``, built once and kept."""
    return compiled(ruleset).deciders[item_id]


def decide_item(rule: ItemRule, pieces: Sequence[Any]) -> ItemResult:
    """Decide one item's pieces under ``rule`` (compiled for the call); raise every problem."""
    got = ItemDecider(rule).decide(pieces, listed=len(pieces) > 1)
    if isinstance(got, list):
        raise InvalidEvidenceError(got)
    return got
