"""Evidence: what an assessment rates items on.

Six kinds, told apart by their ``kind`` tag in JSON:

- :class:`Rating`: a panel's judgement of the level, valid for every item;
- :class:`Proportion`: an audit or score as a share (counts or a percent);
- :class:`Survey`: a staff survey (agreeing, responding and eligible staff);
- :class:`Count`: a count of things in place (the MINDFUL elements);
- :class:`CollaboRATE`: the CollaboRATE mean and the share offered it;
- :class:`Indicators`: named criteria taken from the level descriptors.

Every class validates itself when built, so a typed evidence object is
always internally consistent; whether an *item* accepts it is the ruleset's
business and is checked when scoring. Values are kept exactly as given:
``exact_*`` methods return them as exact fractions so that no rounding can
move a value across a band edge.

The evidence layer may import :mod:`ithrive.model`, :mod:`ithrive.base`,
the errors and limits only.
"""

from __future__ import annotations

import math
import operator
import types
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any, ClassVar, Final, Literal, TypeAlias, Union

import attrs

from ithrive.base.encoding import is_encodable, unencodable_reason
from ithrive.errors import (
    EvidenceError,
    InvalidEvidenceError,
    is_real,
    is_whole,
    short_repr,
    wrong_type,
)
from ithrive.limits import MAX_CRITERIA, MAX_INTEGER, MAX_NAMES, MAX_TEXT
from ithrive.model import FRAMEWORK
from ithrive.model.level import Level

__all__ = [
    "KINDS",
    "CollaboRATE",
    "Count",
    "CriterionValue",
    "Evidence",
    "EvidenceSet",
    "Indicators",
    "Proportion",
    "Rating",
    "Survey",
    "add_evidence_class",
    "remove_evidence_class",
]

#: An indicator criterion's value: a boolean, or an ordinal label.
CriterionValue: TypeAlias = bool | str


def _raise(problems: list[EvidenceError]) -> None:
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise InvalidEvidenceError(problems)


_is_int = is_whole


_is_real = is_real


def _too_large(field: str, value: object) -> EvidenceError:
    """The error for a number too large to handle, described without printing it."""
    return EvidenceError(
        f"a number of magnitude above {MAX_INTEGER:.0e} is not accepted",
        code="too_large",
        field=field,
        value=f"<{type(value).__name__} too large to show>",
    )


def _check_int(
    problems: list[EvidenceError], field: str, value: object, *, minimum: int = 0
) -> bool:
    if not _is_int(value):
        problems.append(
            EvidenceError(
                f"expected a whole number, got {type(value).__name__} {short_repr(value)}",
                code="wrong_type",
                field=field,
                value=value,
            )
        )
        return False
    if abs(value) > MAX_INTEGER:  # type: ignore[arg-type]
        problems.append(_too_large(field, value))
        return False
    if value < minimum:  # type: ignore[operator]
        problems.append(
            EvidenceError(
                f"{value!r} is below the minimum {minimum}",
                code="out_of_range",
                field=field,
                value=value,
            )
        )
        return False
    return True


def _check_real(
    problems: list[EvidenceError], field: str, value: object, low: float, high: float
) -> bool:
    if not _is_real(value):
        problems.append(
            EvidenceError(
                f"expected a number, got {type(value).__name__} {short_repr(value)}",
                code="wrong_type",
                field=field,
                value=value,
            )
        )
        return False
    if _is_int(value) and abs(value) > MAX_INTEGER:  # type: ignore[arg-type]
        problems.append(_too_large(field, value))
        return False
    if not math.isfinite(value):  # type: ignore[arg-type]
        problems.append(
            EvidenceError(
                f"{value!r} is not a finite number", code="not_finite", field=field, value=value
            )
        )
        return False
    for bad, word, bound in (
        (value < low, "below the minimum", low),  # type: ignore[operator]
        (value > high, "above the maximum", high),  # type: ignore[operator]
    ):
        if bad:
            problems.append(
                EvidenceError(
                    f"{_show_number(value)} is {word} {bound:g}",
                    code="out_of_range",
                    field=field,
                    value=value,
                )
            )
            return False
    return True


#: The largest numerator or denominator of an exact fraction: 30 digits, as the
#: schema's ratio pattern allows (a float or ``numpy.longdouble`` read exactly
#: fits; arithmetic on such integers stays cheap).
_MAX_FRACTION = 10**30 - 1


def ratio_text(value: Fraction) -> str:
    """A fraction as the ratio text evidence JSON accepts: ``"p/q"``, exactly."""
    return f"{value.numerator}/{value.denominator}"


def _show_number(value: object) -> str:
    """A number as a user wrote it: a fraction as ``p/q``, anything else by its ``repr``."""
    return ratio_text(value) if isinstance(value, Fraction) else repr(value)


def _check_exact(
    problems: list[EvidenceError], field: str, value: object, low: float, high: float
) -> None:
    """Check a number that may be a fraction, whose size is bounded before anything else."""
    if isinstance(value, Fraction) and (
        abs(value.numerator) > _MAX_FRACTION or value.denominator > _MAX_FRACTION
    ):
        problems.append(
            EvidenceError(
                "an exact fraction whose numerator or denominator has more than 30 digits "
                "is not accepted",
                code="too_large",
                field=field,
                value=f"<{type(value).__name__} too large to show>",
            )
        )
    else:
        _check_real(problems, field, value, low, high)


def _check_text(problems: list[EvidenceError], field: str, value: object) -> None:
    if value is not None and not isinstance(value, str):
        problems.append(
            EvidenceError(
                f"expected text, got {type(value).__name__} {short_repr(value)}",
                code="wrong_type",
                field=field,
                value=value,
            )
        )
    elif isinstance(value, str) and len(value) > MAX_TEXT:
        problems.append(
            EvidenceError(
                f"text of {len(value)} characters is longer than the limit {MAX_TEXT}",
                code="too_large",
                field=field,
                value=value[:40] + "...",
            )
        )
    elif isinstance(value, str) and not is_encodable(value):
        problems.append(_unencodable(field, value))


def _unencodable(field: str, value: str) -> EvidenceError:
    """The problem of text holding a lone surrogate, which no UTF-8 output can hold."""
    return EvidenceError(
        unencodable_reason(value), code="unencodable_text", field=field, value=ascii(value[:40])
    )


def _plain_whole(value: object) -> object:
    """A whole number of another type (numpy's, an ``int`` subclass) as a plain ``int``.

    Fixed-width integers wrap around silently (``100 * numpy.uint8(200)``), so
    every whole number is made a Python ``int`` before any arithmetic. Anything
    else is returned unchanged, for the validator to judge.
    """
    if type(value) is int or not _is_int(value):
        return value
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except Exception:
        return value


def _plain_real(value: object) -> object:
    """A real number of another type (numpy's) as an ``int``, a ``float`` or an exact fraction.

    The value is kept exactly: a float32 becomes the float it equals, a
    ``numpy.longdouble`` that no float equals becomes a :class:`Fraction`.
    ``int``, ``float``, :class:`Fraction` and anything that is not a real
    number are returned unchanged.
    """
    if type(value) in (int, float) or isinstance(value, Fraction) or not _is_real(value):
        return value
    if _is_int(value):
        return _plain_whole(value)
    try:
        as_float = float(value)  # type: ignore[arg-type]
        if not math.isfinite(as_float):
            return as_float
        ratio = getattr(value, "as_integer_ratio", None)
        exact = Fraction(*ratio()) if ratio is not None else Fraction(as_float)
    except Exception:
        return value
    return as_float if Fraction(as_float) == exact else exact


def _make_plain(obj: object, whole: tuple[str, ...], real: tuple[str, ...] = ()) -> None:
    """Replace the named fields of a new (frozen) evidence object by their plain forms."""
    for names, plain in ((whole, _plain_whole), (real, _plain_real)):
        for name in names:
            value = getattr(obj, name)
            converted = plain(value)
            if converted is not value:
                object.__setattr__(obj, name, converted)


def _short_text(value: object) -> bool:
    """``None`` or writable text within the length limit: the common case, in one step."""
    return value is None or (type(value) is str and len(value) <= MAX_TEXT and is_encodable(value))


def _real_within(value: object, high: int) -> bool:
    """A plain int or float in [0, high] (so finite): the common case, checked in one step."""
    return (type(value) is int or type(value) is float) and 0 <= value <= high


_LEVEL_OF = {int(level): level for level in Level}


def _to_level(value: object) -> object:
    """Turn an integer 1-4 into a :class:`Level`; leave anything else for the validator."""
    if type(value) is int:
        found = _LEVEL_OF.get(value)
        if found is not None:
            return found
    if isinstance(value, Level):
        return value
    if _is_int(value) and 1 <= value <= 4:  # type: ignore[operator]
        return Level(int(value))  # type: ignore[call-overload]
    return value


@attrs.frozen
class Rating:
    """A panel's judgement of an item's level (1-4), valid for every item.

    This is how the assessment tool is used in a stakeholder workshop or by an
    independent evaluation team: choose the level whose descriptor fits best.

    >>> Rating(level=3, rater="workshop")
    Rating(level=<Level.THREE: 3>, notes=None, rater='workshop')
    """

    kind: ClassVar[Literal["rating"]] = "rating"
    level: Level = attrs.field(converter=_to_level)
    notes: str | None = None
    rater: str | None = None

    def __attrs_post_init__(self) -> None:
        if type(self.level) is Level and _short_text(self.notes) and _short_text(self.rater):
            return
        problems: list[EvidenceError] = []
        if not isinstance(self.level, Level):
            problems.append(
                EvidenceError(
                    f"expected a level 1, 2, 3 or 4, got {short_repr(self.level)}",
                    code="out_of_range" if _is_int(self.level) else "wrong_type",
                    field="level",
                    value=self.level,
                )
            )
        _check_text(problems, "notes", self.notes)
        _check_text(problems, "rater", self.rater)
        _raise(problems)


@attrs.frozen
class Proportion:
    """A share, from counts (``numerator`` of ``denominator``) or as a ``percent``.

    Case-note audits give counts; some scores (IntegRATE, CHI-ESQ) arrive as
    a percent. Give either both counts or the percent, not both. A percent
    may be an exact :class:`~fractions.Fraction`; in JSON it is then written
    as text, ``"200/3"``. ``measure``
    names the measure where an item has several (macro.5: ``integrate``,
    ``chi_esq``).

    >>> Proportion(numerator=18, denominator=30).exact_percent()
    Fraction(60, 1)
    >>> Proportion(percent=79.99999999999999).exact_percent() < 80
    True
    """

    kind: ClassVar[Literal["proportion"]] = "proportion"
    numerator: int | None = None
    denominator: int | None = None
    percent: float | Fraction | None = None
    measure: str | None = None

    def __attrs_post_init__(self) -> None:
        num, den, percent = self.numerator, self.denominator, self.percent
        if _short_text(self.measure) and (
            (
                percent is None
                and type(num) is int
                and type(den) is int
                and 0 <= num <= den <= MAX_INTEGER
                and den
            )
            or (num is None and den is None and _real_within(percent, 100))
        ):
            return
        _make_plain(self, ("numerator", "denominator"), ("percent",))
        problems: list[EvidenceError] = []
        counts = self.numerator is not None or self.denominator is not None
        if counts and self.percent is not None:
            problems.append(
                EvidenceError(
                    "give either numerator and denominator, or percent, not both",
                    code="conflicting_fields",
                    field="percent",
                    value=self.percent,
                )
            )
        elif counts:
            for name in ("numerator", "denominator"):
                if getattr(self, name) is None:
                    problems.append(
                        EvidenceError(
                            "missing; give numerator and denominator together",
                            code="missing_field",
                            field=name,
                            value=None,
                        )
                    )
            num_ok = self.numerator is not None and _check_int(
                problems, "numerator", self.numerator
            )
            den_ok = self.denominator is not None and _check_int(
                problems, "denominator", self.denominator, minimum=1
            )
            if num_ok and den_ok and self.numerator > self.denominator:  # type: ignore[operator]
                problems.append(
                    EvidenceError(
                        f"{self.numerator!r} is greater than the denominator {self.denominator!r}",
                        code="numerator_above_denominator",
                        field="numerator",
                        value=self.numerator,
                    )
                )
        elif self.percent is not None:
            _check_exact(problems, "percent", self.percent, 0, 100)
        else:
            problems.append(
                EvidenceError(
                    "missing; give numerator and denominator, or percent",
                    code="missing_field",
                    field="percent",
                    value=None,
                )
            )
        _check_text(problems, "measure", self.measure)
        _raise(problems)

    def exact_percent(self) -> Fraction:
        """The share as an exact percent."""
        if self.percent is None:
            return Fraction(100 * self.numerator, self.denominator)  # type: ignore[operator]
        return Fraction(self.percent)


@attrs.frozen
class Survey:
    """A staff survey: ``agree`` of ``respondents`` agreed; ``eligible`` staff were asked.

    Completion is respondents over eligible; agreement is agree over
    respondents. Where only the share is known (a report's "62% agreed"),
    give it as ``agree_percent`` instead of ``agree``; ``respondents`` and
    ``eligible`` are then optional, as ``eligible`` is with counts. An item
    whose level is withheld below a completion figure (micro.3a) still needs
    ``respondents`` and ``eligible``: scoring refuses evidence without them
    (interpretation register D35).

    >>> s = Survey(agree=30, respondents=40, eligible=60)
    >>> s.exact_agreement(), s.exact_completion()
    (Fraction(75, 1), Fraction(200, 3))
    >>> Survey(agree_percent=62).exact_agreement(), Survey(agree_percent=62).exact_completion()
    (Fraction(62, 1), None)
    """

    kind: ClassVar[Literal["survey"]] = "survey"
    agree: int | None = None
    respondents: int | None = None
    eligible: int | None = None
    measure: str | None = None
    agree_percent: float | Fraction | None = None

    def __attrs_post_init__(self) -> None:
        agree, respondents, eligible = self.agree, self.respondents, self.eligible
        if (
            type(agree) is int
            and type(respondents) is int
            and type(eligible) is int
            and 0 <= agree <= respondents <= eligible <= MAX_INTEGER
            and eligible
            and self.agree_percent is None
            and _short_text(self.measure)
        ):
            return
        _make_plain(self, ("agree", "respondents", "eligible"), ("agree_percent",))
        problems: list[EvidenceError] = []
        agree_ok = respondents_ok = eligible_ok = False
        if self.agree is not None and self.agree_percent is not None:
            problems.append(
                EvidenceError(
                    "give either agree (with respondents) or agree_percent, not both",
                    code="conflicting_fields",
                    field="agree_percent",
                    value=self.agree_percent,
                )
            )
        elif self.agree is None and self.agree_percent is None:
            problems.append(
                EvidenceError(
                    "missing; give agree with respondents, or agree_percent",
                    code="missing_field",
                    field="agree",
                    value=None,
                )
            )
        elif self.agree_percent is not None:
            _check_exact(problems, "agree_percent", self.agree_percent, 0, 100)
        else:
            agree_ok = _check_int(problems, "agree", self.agree)
        if self.respondents is not None:
            low = 0 if self.agree_percent is None else 1
            respondents_ok = _check_int(problems, "respondents", self.respondents, minimum=low)
        elif self.agree is not None or self.eligible is not None:
            problems.append(
                EvidenceError(
                    "missing; give respondents with "
                    + ("agree" if self.agree is not None else "eligible"),
                    code="missing_field",
                    field="respondents",
                    value=None,
                )
            )
        if self.eligible is not None:
            eligible_ok = _check_int(problems, "eligible", self.eligible, minimum=1)
        # Each comparison is made when its two fields are sound, whatever the third.
        if agree_ok and respondents_ok and self.agree > self.respondents:  # type: ignore[operator]
            problems.append(
                EvidenceError(
                    f"{self.agree!r} is greater than the respondents {self.respondents!r}",
                    code="agree_above_respondents",
                    field="agree",
                    value=self.agree,
                )
            )
        if respondents_ok and eligible_ok and self.respondents > self.eligible:  # type: ignore[operator]
            problems.append(
                EvidenceError(
                    f"{self.respondents!r} is greater than the eligible staff {self.eligible!r}",
                    code="respondents_above_eligible",
                    field="respondents",
                    value=self.respondents,
                )
            )
        _check_text(problems, "measure", self.measure)
        _raise(problems)

    def exact_agreement(self) -> Fraction | None:
        """Agreement as an exact percent of respondents, or ``None`` with no respondents."""
        if self.agree_percent is not None:
            return Fraction(self.agree_percent)
        if not self.respondents:
            return None
        return Fraction(100 * self.agree, self.respondents)  # type: ignore[operator]

    def exact_completion(self) -> Fraction | None:
        """Completion as an exact percent of eligible staff, or ``None`` when not known."""
        if self.respondents is None or self.eligible is None:
            return None
        return Fraction(100 * self.respondents, self.eligible)


def _to_names(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


@attrs.frozen
class Count:
    """A count of things in place, such as the MINDFUL elements of meso.2.

    ``in_place`` may name the elements counted; when given, its length must
    equal ``count`` and its names must be distinct.

    >>> Count(count=3).count
    3
    """

    kind: ClassVar[Literal["count"]] = "count"
    count: int
    in_place: tuple[str, ...] | None = attrs.field(default=None, converter=_to_names)
    measure: str | None = None

    def __attrs_post_init__(self) -> None:
        count = self.count
        if (
            self.in_place is None
            and type(count) is int
            and 0 <= count <= MAX_INTEGER
            and _short_text(self.measure)
        ):
            return
        _make_plain(self, ("count",))
        problems: list[EvidenceError] = []
        ok = _check_int(problems, "count", self.count)
        if self.in_place is not None:
            names = self.in_place
            if isinstance(names, tuple) and len(names) > MAX_NAMES:
                problems.append(
                    EvidenceError(
                        f"{len(names)} names is more than the limit {MAX_NAMES}",
                        code="too_large",
                        field="in_place",
                        value=len(names),
                    )
                )
            elif not isinstance(names, tuple) or not all(isinstance(n, str) for n in names):
                problems.append(
                    EvidenceError(
                        f"expected a list of names, got {short_repr(names)}",
                        code="wrong_type",
                        field="in_place",
                        value=names,
                    )
                )
            elif (long := next((n for n in names if len(n) > MAX_TEXT), None)) is not None:
                problems.append(
                    EvidenceError(
                        f"a name is longer than the limit {MAX_TEXT} characters",
                        code="too_large",
                        field="in_place",
                        value=long[:40] + "...",
                    )
                )
            elif (bad := next((n for n in names if not is_encodable(n)), None)) is not None:
                problems.append(_unencodable("in_place", bad))
            elif len(set(names)) != len(names):
                problems.append(
                    EvidenceError(
                        f"names repeat: {sorted(n for n in set(names) if names.count(n) > 1)!r}",
                        code="duplicate_name",
                        field="in_place",
                        value=list(names),
                    )
                )
            elif ok and len(names) != self.count:
                problems.append(
                    EvidenceError(
                        f"{len(names)} names given for a count of {self.count}",
                        code="count_mismatch",
                        field="in_place",
                        value=list(names),
                    )
                )
        _check_text(problems, "measure", self.measure)
        _raise(problems)


@attrs.frozen
class CollaboRATE:
    """CollaboRATE results: the ``mean`` score (0-9) and the share offered it.

    ``offered_percent`` is the percent of children and young people who were
    given the chance to fill in the questionnaire; ``encounters`` is the
    number of complete responses behind the mean, if known.

    ``top_score``, optional, is CollaboRATE's recommended summary: the percent
    of complete encounters scoring 9 on all three items (interpretation
    register D25). It is reported beside the mean; the mean alone decides
    the level, as the assessment tool says.

    ``mean``, ``offered_percent`` and ``top_score`` may be given as a number or, to keep a
    mean computed from responses exact, as a :class:`~fractions.Fraction`. A
    mean of exactly 6 is then 6, not a float a hair above it (interpretation
    register D16). In evidence JSON an exact fraction is written as text,
    ``"20/3"``. A fraction's numerator and
    denominator may not exceed 100 times ``MAX_INTEGER``.

    >>> CollaboRATE(mean=8.15, offered_percent=60, encounters=33).exact_mean() > 8
    True
    >>> CollaboRATE(mean=Fraction(20, 3), offered_percent=100).exact_mean()
    Fraction(20, 3)
    """

    kind: ClassVar[Literal["collaborate"]] = "collaborate"
    mean: float | Fraction
    offered_percent: float | Fraction
    encounters: int | None = None
    measure: str | None = None
    top_score: float | Fraction | None = None

    def __attrs_post_init__(self) -> None:
        encounters = self.encounters
        if (
            _real_within(self.mean, 9)
            and _real_within(self.offered_percent, 100)
            and (encounters is None or (type(encounters) is int and 0 <= encounters <= MAX_INTEGER))
            and _short_text(self.measure)
            and (self.top_score is None or _real_within(self.top_score, 100))
        ):
            return
        _make_plain(self, ("encounters",), ("mean", "offered_percent", "top_score"))
        problems: list[EvidenceError] = []
        _check_exact(problems, "mean", self.mean, 0, 9)
        _check_exact(problems, "offered_percent", self.offered_percent, 0, 100)
        if self.top_score is not None:
            _check_exact(problems, "top_score", self.top_score, 0, 100)
        if self.encounters is not None:
            _check_int(problems, "encounters", self.encounters)
        _check_text(problems, "measure", self.measure)
        _raise(problems)

    def exact_mean(self) -> Fraction:
        """The mean as an exact fraction of the number given (a fraction is returned as is)."""
        return Fraction(self.mean)

    def exact_offered(self) -> Fraction:
        """The offered share as an exact percent."""
        return Fraction(self.offered_percent)

    def exact_top_score(self) -> Fraction | None:
        """The top score as an exact percent, or ``None`` when not given."""
        return None if self.top_score is None else Fraction(self.top_score)


_TUPLE: Final = frozenset({tuple})
_PAIR: Final = frozenset({2})


def _tuple_pairs(value: tuple[Any, ...]) -> bool:
    """Whether every element of ``value`` is exactly a tuple of two (checked in C, not a loop)."""
    return _TUPLE.issuperset(map(type, value)) and _PAIR.issuperset(map(len, value))


def _is_pairs(value: object) -> bool:
    """Whether ``value`` is the stored form of a mapping: a tuple of (key, value) tuples."""
    if type(value) is tuple and _tuple_pairs(value):
        return True
    return isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value)


def _plain_criteria(pairs: object) -> bool:
    """Sorted (id, value) pairs of short text ids, each once, with true, false or short labels."""
    if type(pairs) is not tuple or len(pairs) > MAX_CRITERIA:
        return False
    before = None
    for pair in pairs:
        if type(pair) is not tuple or len(pair) != 2:
            return False
        name, value = pair
        if type(name) is not str or len(name) > MAX_TEXT or name == before:
            return False
        if type(value) is not bool and (type(value) is not str or len(value) > MAX_TEXT):
            return False
        before = name
    return True


def _to_criteria(value: object) -> object:
    """A mapping becomes sorted pairs; the stored form (a tuple of pairs) stays as it is.

    A list (a JSON array) is left for the validator to refuse: in JSON,
    criteria are an object, as the evidence schema says.
    """
    if type(value) is dict or isinstance(value, Mapping):
        try:  # text ids, each once: sorted by id alone
            return tuple(sorted(value.items()))
        except TypeError:
            return tuple(sorted(value.items(), key=lambda kv: str(kv[0])))
    if isinstance(value, tuple):
        pairs = tuple(tuple(p) if isinstance(p, (list, tuple)) else p for p in value)
        if _is_pairs(pairs):
            # The same criteria in another order are the same evidence.
            return tuple(sorted(pairs, key=lambda kv: str(kv[0])))
        return pairs
    return value


@attrs.frozen
class Indicators:
    """Named criteria from an item's level descriptors, each true/false or an ordinal label.

    Give ``criteria`` as a mapping from criterion id to value; it is stored as
    sorted pairs so the object stays immutable and hashable. ``ithrive
    template`` and the scoring guide list each item's criteria.

    >>> ev = Indicators(criteria={"policy_exists": True, "plans_include_cyp": "both"})
    >>> ev.as_dict()
    {'plans_include_cyp': 'both', 'policy_exists': True}
    """

    kind: ClassVar[Literal["indicators"]] = "indicators"
    criteria: tuple[tuple[str, CriterionValue], ...] = attrs.field(converter=_to_criteria)

    def __attrs_post_init__(self) -> None:
        if _plain_criteria(self.criteria):
            return
        problems: list[EvidenceError] = []
        pairs = self.criteria
        if not _is_pairs(pairs):
            problems.append(
                EvidenceError(
                    f"expected a mapping of criterion ids to values, got {short_repr(pairs)}",
                    code="wrong_type",
                    field="criteria",
                    value=pairs,
                )
            )
        elif len(pairs) > MAX_CRITERIA:
            problems.append(
                EvidenceError(
                    f"{len(pairs)} criteria is more than the limit {MAX_CRITERIA}",
                    code="too_large",
                    field="criteria",
                    value=len(pairs),
                )
            )
        else:
            seen: set[str] = set()
            for name, value in pairs:
                if not isinstance(name, str):
                    problems.append(
                        EvidenceError(
                            f"criterion ids are text, got {short_repr(name)}",
                            code="wrong_type",
                            field="criteria",
                            value=name,
                        )
                    )
                elif name in seen:
                    problems.append(
                        EvidenceError(
                            f"criterion {name!r} is given more than once",
                            code="duplicate_name",
                            field=f"criteria.{name}",
                            value=name,
                        )
                    )
                elif len(name) > MAX_TEXT or (isinstance(value, str) and len(value) > MAX_TEXT):
                    problems.append(
                        EvidenceError(
                            f"criterion id or label longer than the limit {MAX_TEXT}",
                            code="too_large",
                            field="criteria",
                            value=name[:40],
                        )
                    )
                elif not isinstance(value, (bool, str)):
                    problems.append(
                        EvidenceError(
                            "expected true, false or a label, "
                            f"got {type(value).__name__} {short_repr(value)}",
                            code="wrong_type",
                            field=f"criteria.{name}",
                            value=value,
                        )
                    )
                if isinstance(name, str):
                    seen.add(name)
        _raise(problems)

    def as_dict(self) -> dict[str, CriterionValue]:
        """The criteria as a new plain dict."""
        return dict(self.criteria)

    def __iter__(self) -> Iterator[tuple[str, CriterionValue]]:
        return iter(self.criteria)


#: Any one piece of evidence.
Evidence: TypeAlias = Union[Rating, Proportion, Survey, Count, CollaboRATE, Indicators]  # noqa: UP007

_CLASSES: dict[str, type[Evidence]] = {}

#: Evidence classes by their ``kind`` tag: the six built in, and any registered
#: with :func:`ithrive.evidence.kinds.register_kind` (read-only; it follows the registry).
KINDS: Mapping[str, type[Evidence]] = types.MappingProxyType(_CLASSES)


def add_evidence_class(cls: type) -> None:
    """Make ``cls`` the class of evidence tagged ``cls.kind``.

    Called by :func:`ithrive.evidence.kinds.register_kind`, which checks the whole
    declaration first; register a kind there, not here.
    """
    _CLASSES[cls.kind] = cls  # type: ignore[attr-defined]


def remove_evidence_class(cls: type) -> None:
    """Forget the class of evidence tagged ``cls.kind`` (see ``unregister_kind``)."""
    if _CLASSES.get(cls.kind) is cls:  # type: ignore[attr-defined]
        del _CLASSES[cls.kind]


def _to_evidence_map(value: object) -> object:
    """A mapping, or a sequence of ``(item_id, pieces)`` pairs, as a tuple of pairs.

    Anything of another shape is left for the validator to refuse.
    """
    if type(value) is dict:  # the usual form: every pair is an item id and its pieces
        return tuple(
            [
                (item_id, entry if type(entry) is tuple else _pieces(entry))
                for item_id, entry in value.items()
            ]
        )
    if isinstance(value, Mapping):
        pairs: list[object] = list(value.items())
    elif isinstance(value, (list, tuple)):
        pairs = list(value)
    else:
        return value
    out: list[object] = []
    for pair in pairs:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            return value
        item_id, entry = pair
        out.append((item_id, _pieces(entry)))
    return tuple(out)


def _pieces(entry: object) -> tuple[object, ...]:
    """An item's evidence as a tuple of pieces: a list or tuple of them, or one piece."""
    return tuple(entry) if isinstance(entry, (list, tuple)) else (entry,)


@attrs.frozen
class EvidenceSet:
    """The evidence for one assessment of one locality: per item, one or more pieces.

    ``evidence`` maps item ids to a piece of evidence or a list of pieces (an
    item with several measures, or a measure plus a panel rating); it is
    stored as a tuple of ``(item_id, pieces)`` pairs in the order given.

    >>> es = EvidenceSet(evidence={"micro.2": Proportion(numerator=18, denominator=30)},
    ...                  locality="Camden", date="2017-09")
    >>> es["micro.2"]
    (Proportion(numerator=18, denominator=30, percent=None, measure=None),)
    """

    evidence: tuple[tuple[str, tuple[Evidence, ...]], ...] = attrs.field(
        converter=_to_evidence_map, factory=tuple
    )
    locality: str | None = None
    date: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[EvidenceError] = []
        pairs = self.evidence
        if not _is_pairs(pairs):
            problems.append(
                wrong_type(
                    pairs,
                    "a mapping of item ids to evidence, or (item id, pieces) pairs",
                    field="evidence",
                )
            )
        for name in ("locality", "date"):
            _check_text(problems, name, getattr(self, name))
        _raise(problems)

    def __getitem__(self, item_id: str) -> tuple[Evidence, ...]:
        """The pieces given for ``item_id``.

        An item of the framework that was given no evidence raises
        ``KeyError``, as a mapping does; an id the framework does not have
        raises :class:`~ithrive.errors.UnknownItemError`, and anything but
        text a ``wrong_type`` error.
        """
        for key, pieces in self.evidence:
            if key == item_id:
                return pieces
        if not isinstance(item_id, str):
            raise wrong_type(item_id, "an item id", field="item_id")
        if item_id not in FRAMEWORK:
            raise FRAMEWORK.unknown_item(item_id)
        raise KeyError(item_id)

    def items(self) -> Iterator[tuple[str, tuple[Evidence, ...]]]:
        """Iterate ``(item_id, pieces)`` pairs in the order given."""
        return iter(self.evidence)

    def as_dict(self) -> dict[str, tuple[Evidence, ...]]:
        """The evidence as a new plain dict from item id to pieces."""
        return dict(self.evidence)


#: The text form of an exact fraction in JSON, such as ``"269/33"``.
RATIO_PATTERN = r"^[ \t\n\r]*[+-]?[0-9]{1,30}/[0-9]{1,30}[ \t\n\r]*$"


def exact_number(value: Fraction) -> int | float | str:
    """A fraction for JSON without loss: a whole number, a float it equals exactly, or ``"p/q"``."""
    if value.denominator == 1:
        return value.numerator
    as_float = float(value)
    if Fraction(as_float) == value:
        return as_float
    return ratio_text(value)


def describe(evidence: Evidence) -> str:
    """A short human description of one piece of evidence, for explanations."""
    from ithrive.evidence.kinds import kind

    return kind(evidence.kind).describe(evidence)


def _declare_built_in_kinds() -> None:
    """Register the six kinds (their declarations live in :mod:`ithrive.evidence.kinds`)."""
    from importlib import import_module

    import_module("ithrive.evidence.kinds")  # registering is what importing it does


_declare_built_in_kinds()
