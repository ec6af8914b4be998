"""One item's rule compiled into an item decider, and a ruleset's items compiled once.

:class:`ItemDecider` is the one place an item is decided. :meth:`ItemDecider.one`
decides a single plainly valid piece in one step (the path nearly every
item of every assessment takes); :meth:`ItemDecider.decide` takes any list,
reading every piece in full when it must, and gives the decision record or
every problem with the pieces.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.evidence.kinds import Kind, Reading, Role, kind, kind_of_class, plain_criteria
from ithrive.model.level import Status
from ithrive.rules.decide._criteria import LEVELS, CompiledCriteria
from ithrive.rules.decide._measure import CompiledMeasure
from ithrive.rules.decide._refusals import (
    duplicate,
    not_accepted,
    pick_measure,
    refused,
    structured,
)
from ithrive.rules.decide._words import Words
from ithrive.rules.ruleset import ItemRule, Ruleset
from ithrive.scorecard import ItemResult

__all__ = ["CompiledRules", "ItemDecider", "compiled", "decide_item", "decider"]

_RATED, _INSUFFICIENT, _NOT_ASSESSED = (
    Status.RATED,
    Status.INSUFFICIENT_EVIDENCE,
    Status.NOT_ASSESSED,
)
_MEASURED, _RATING, _CRITERIA = Role.MEASURED, Role.RATING, Role.CRITERIA

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
        "item",
        "kinds",
        "measures",
        "not_assessed",
        "rule",
        "seen",
        "table",
        "words",
    )

    def __init__(self, rule: ItemRule) -> None:
        self.rule = rule
        self.accepts = rule.accepts
        self.kinds = {name: kind(name) for name in rule.accepts}
        self.measures = tuple(CompiledMeasure(m) for m in rule.measures)
        self.by_name = {m.name: m for m in self.measures}
        by_kind: dict[str, list[CompiledMeasure]] = {}
        for m in self.measures:
            by_kind.setdefault(m.kind.name, []).append(m)
        # A kind with one measure needs no name; with several, the name is required.
        self.by_kind = {k: v[0] if len(v) == 1 else None for k, v in by_kind.items()}
        self.criteria = rule.indicators
        #: The criteria as lookup tables, judging criteria not yet seen.
        self.table = CompiledCriteria(rule.item, rule.indicators)
        self.first_levels = self.table.first_levels
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
                why = refused(self.item, m, found[1], pieces[found[0]])
                problems.append(why.at(prefix=f"[{found[0]}]" if several else None))
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
                    piece = structured(piece)
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
                problem = not_accepted(self.rule, declared.name)
            elif role is _MEASURED:
                measure = self._pick(declared, got[0])
                if isinstance(measure, EvidenceError):
                    problem = measure
                elif measure.name in chosen:
                    problem = duplicate(
                        item,
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
                problem = duplicate(
                    item, "more than one rating; combine raters' ratings first", "kind", "rating"
                )
            else:
                if criteria is None:
                    criteria = (index, got)
                    continue
                problem = duplicate(
                    item,
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
            record = (self.rule.item, LEVELS[rating[1]], _RATED, "rating", "rating", ())
            exact = None
        else:
            first = outcomes[0]
            record = (self.rule.item, None, _INSUFFICIENT, None, first[3], ())
            exact = first[2]
        return tuple.__new__(ItemResult, (*record, exact, facts, self.words))

    def _pick(self, declared: Kind, name: Any) -> CompiledMeasure | EvidenceError:
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
            return self.table.judge(index, given)
        if found is None:
            judged = self.table.judge(0, given)
            if isinstance(judged, list):
                return judged
            if len(self.seen) >= _SEEN_LIMIT:
                self.seen.clear()
            found = self.seen[key] = judged
        return found if index == 0 else (*found[:5], index, *found[6:])


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
