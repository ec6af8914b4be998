"""The evidence kind registry: each kind of evidence declared once.

A :class:`Kind` says what the decision path needs to know about one kind of
evidence: its class, its role (a panel rating, a measured value banded by a
measure, or indicator criteria), for a measured kind the quantity its bands
apply to and the gate quantities it yields, and how to read a piece of it,
typed or a JSON-like dict, into exact integer ratios. The decision path
(:mod:`ithrive.rules.decide`) reads pieces only through these declarations.

Like cattrs' structure hooks, the registry is a table looked up by name:
:func:`register_kind` adds a declaration, :func:`kind` finds one and refuses
an unknown name with an error naming the kinds there are. There is no
fall-through: a kind that is not registered is an error where it is used.

>>> kind("survey").quantity, kind("survey").gate_fields
('agreement', ('completion', 'respondents', 'eligible'))
"""

from __future__ import annotations

import enum
import math
import types
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from ithrive.errors import EvidenceError
from ithrive.evidence import CollaboRATE, Count, Indicators, Proportion, Rating, Survey
from ithrive.limits import MAX_CRITERIA, MAX_INTEGER, MAX_TEXT

__all__ = [
    "KIND_REGISTRY",
    "Kind",
    "Reading",
    "Role",
    "kind",
    "kind_of_class",
    "plain_criteria",
    "register_kind",
]

#: A measured piece, read exactly: (measure name or None, value numerator,
#: value denominator, gate values). The value is ``None, None`` when it cannot
#: be computed (a survey nobody answered); each gate value, in the order of
#: the kind's ``gate_fields``, is an exact ``(numerator, denominator)`` or
#: ``None`` when not given. Denominators are positive.
Reading = tuple[Any, int | None, int | None, tuple[tuple[int, int] | None, ...]]


class Role(enum.StrEnum):
    """What a kind of evidence does in a decision."""

    RATING = "rating"
    MEASURED = "measured"
    CRITERIA = "criteria"


@attrs.frozen
class Kind:
    """The declaration of one evidence kind.

    - ``name``: the ``kind`` tag in JSON; ``cls``: the typed evidence class;
    - ``role``: :class:`Role`;
    - ``quantity``, ``unit``, ``value_field``: for a measured kind, what its
      bands apply to (``"percent"``), how a value is shown (``"%"``), and the
      field an out-of-range value is reported against;
    - ``gate_fields`` and ``gate_units``: the gate quantities it yields;
    - ``read_dict``: reads a JSON-like dict of this kind, returning ``None``
      for anything not plainly valid (the typed class then judges it, and
      reports every problem); ``read_typed``: reads a typed object; both give
      a :data:`Reading` (a rating's level, an indicators' criteria mapping).
    - ``description``: one line, for people.
    """

    name: str
    cls: type
    role: Role
    read_dict: Callable[[dict[str, Any]], Any]
    read_typed: Callable[[Any], Any]
    description: str
    quantity: str | None = None
    unit: str = ""
    value_field: str | None = None
    gate_fields: tuple[str, ...] = ()
    gate_units: tuple[str, ...] = ()


_REGISTRY: dict[str, Kind] = {}
_BY_CLASS: dict[type, Kind] = {}

#: Every registered kind by name (read-only view; add one with :func:`register_kind`).
KIND_REGISTRY: Mapping[str, Kind] = types.MappingProxyType(_REGISTRY)


def register_kind(declaration: Kind) -> Kind:
    """Register ``declaration``; a name or class registered already is refused."""
    if not isinstance(declaration, Kind):
        raise EvidenceError(
            f"expected a Kind declaration, got {type(declaration).__name__}",
            code="wrong_type",
            field="kind",
            value=repr(declaration)[:40],
        )
    if declaration.name in _REGISTRY or declaration.cls in _BY_CLASS:
        raise EvidenceError(
            f"evidence kind {declaration.name!r} is registered already",
            code="invalid_ruleset",
            field="kind",
            value=declaration.name,
        )
    if len(declaration.gate_units) != len(declaration.gate_fields):
        raise EvidenceError(
            "gate_units must give one unit per gate field",
            code="invalid_ruleset",
            field="gate_units",
            value=declaration.name,
        )
    _REGISTRY[declaration.name] = declaration
    _BY_CLASS[declaration.cls] = declaration
    return declaration


def kind(name: str) -> Kind:
    """The declaration of kind ``name``; an unknown name is an ``unknown_kind`` error."""
    found = _REGISTRY.get(name) if isinstance(name, str) else None
    if found is None:
        raise EvidenceError(
            f"unknown evidence kind (kinds: {', '.join(_REGISTRY)})",
            code="unknown_kind",
            field="kind",
            value=name,
        )
    return found


def kind_of_class(cls: type) -> Kind | None:
    """The declaration whose class is exactly ``cls``, or ``None``."""
    return _BY_CLASS.get(cls)


# ------------------------------------------------------------------ readers
# Dict readers accept a strict subset of valid input: plain ints, finite
# floats and short text, every field known. Anything else returns None, and
# the typed class reads (or refuses) the piece.


def _whole(value: Any, minimum: int) -> bool:
    return type(value) is int and minimum <= value <= MAX_INTEGER


def _real(value: Any, low: int, high: int) -> tuple[int, int] | None:
    """An int or finite float in [low, high] as an exact ratio; anything else: None."""
    cls = type(value)
    if cls is int:
        return (value, 1) if low <= value <= high else None
    if cls is float and math.isfinite(value) and low <= value <= high:
        return value.as_integer_ratio()  # type: ignore[no-any-return]
    return None


def _text_ok(value: Any) -> bool:
    return value is None or (type(value) is str and len(value) <= MAX_TEXT)


_PROPORTION: Final = frozenset({"kind", "numerator", "denominator", "percent", "measure"})
_SURVEY: Final = frozenset({"kind", "agree", "respondents", "eligible", "measure"})
_COUNT: Final = frozenset({"kind", "count", "in_place", "measure"})
_COLLABORATE: Final = frozenset({"kind", "mean", "offered_percent", "encounters", "measure"})
_RATING: Final = frozenset({"kind", "level", "notes", "rater"})
_INDICATORS: Final = frozenset({"kind", "criteria"})
_NO_DENOMINATOR: Final = (None,)


def _proportion_dict(piece: dict[str, Any]) -> Reading | None:
    if not piece.keys() <= _PROPORTION:
        return None
    get = piece.get
    name, pct = get("measure"), get("percent")
    if name is not None and (type(name) is not str or len(name) > MAX_TEXT):
        return None
    if pct is None:
        num, den = get("numerator"), get("denominator")
        if type(num) is int and type(den) is int and 0 <= num <= den <= MAX_INTEGER and den:
            return (name, 100 * num, den, ((den, 1),))
        return None
    if "numerator" in piece or "denominator" in piece:
        if get("numerator") is not None or get("denominator") is not None:
            return None
    exact = _real(pct, 0, 100)
    if exact is None:
        return None
    return (name, exact[0], exact[1], _NO_DENOMINATOR)


def _proportion_typed(piece: Proportion) -> Reading:
    if piece.percent is not None:
        num, den = piece.percent.as_integer_ratio()
        return (piece.measure, num, den, _NO_DENOMINATOR)
    d: int = piece.denominator  # type: ignore[assignment]
    return (piece.measure, 100 * piece.numerator, d, ((d, 1),))  # type: ignore[operator]


def _survey(name: Any, agree: int, resp: int, elig: int) -> Reading:
    gates = ((100 * resp, elig), (resp, 1), (elig, 1))
    if resp == 0:  # nobody answered: no agreement to band
        return (name, None, None, gates)
    return (name, 100 * agree, resp, gates)


def _survey_dict(piece: dict[str, Any]) -> Reading | None:
    if not piece.keys() <= _SURVEY:
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
    return _survey(name, agree, resp, elig)


def _survey_typed(piece: Survey) -> Reading:
    return _survey(piece.measure, piece.agree, piece.respondents, piece.eligible)


def _count_dict(piece: dict[str, Any]) -> Reading | None:
    if not piece.keys() <= _COUNT or piece.get("in_place") is not None:
        return None
    name, count = piece.get("measure"), piece.get("count")
    if not (_text_ok(name) and _whole(count, 0)):
        return None
    return (name, count, 1, ())


def _count_typed(piece: Count) -> Reading:
    return (piece.measure, piece.count, 1, ())


def _collaborate_dict(piece: dict[str, Any]) -> Reading | None:
    if not piece.keys() <= _COLLABORATE:
        return None
    name, enc = piece.get("measure"), piece.get("encounters")
    mean = _real(piece.get("mean"), 0, 9)
    offered = _real(piece.get("offered_percent"), 0, 100)
    if mean is None or offered is None or not _text_ok(name):
        return None
    if enc is None:
        return (name, mean[0], mean[1], (offered, None))
    if not _whole(enc, 0):
        return None
    return (name, mean[0], mean[1], (offered, (enc, 1)))


def _collaborate_typed(piece: CollaboRATE) -> Reading:
    mean = piece.mean.as_integer_ratio()
    enc = piece.encounters
    return (
        piece.measure,
        mean[0],
        mean[1],
        (piece.offered_percent.as_integer_ratio(), None if enc is None else (enc, 1)),
    )


def _rating_dict(piece: dict[str, Any]) -> int | None:
    if not piece.keys() <= _RATING:
        return None
    level = piece.get("level")
    if type(level) is not int or not 1 <= level <= 4:
        return None
    if len(piece) > 2 and not (_text_ok(piece.get("notes")) and _text_ok(piece.get("rater"))):
        return None
    return level


def _rating_typed(piece: Rating) -> int:
    return int(piece.level)


def _indicators_dict(piece: dict[str, Any]) -> dict[str, Any] | None:
    """The criteria mapping, checked for shape only.

    Each criterion's id and value are checked against the item's rule when
    deciding (an id or label the rule has is short text); where that finds a
    problem, the piece is read by its typed class, which reports it.
    """
    if not piece.keys() <= _INDICATORS:
        return None
    given = piece.get("criteria")
    if type(given) is not dict or len(given) > MAX_CRITERIA:
        return None
    return given


def plain_criteria(given: dict[str, Any]) -> bool:
    """Whether every criterion id is short text and every value true, false or short text."""
    for name, value in given.items():
        if type(name) is not str or len(name) > MAX_TEXT:
            return False
        if type(value) is not bool and (type(value) is not str or len(value) > MAX_TEXT):
            return False
    return True


def _indicators_typed(piece: Indicators) -> dict[str, Any]:
    return dict(piece.criteria)


for _declaration in (
    Kind(
        "rating",
        Rating,
        Role.RATING,
        _rating_dict,
        _rating_typed,
        "a panel's judgement of the level, valid for every item",
    ),
    Kind(
        "proportion",
        Proportion,
        Role.MEASURED,
        _proportion_dict,
        _proportion_typed,
        "an audit or score as a share: counts, or a percent",
        quantity="percent",
        unit="%",
        value_field="percent",
        gate_fields=("denominator",),
        gate_units=("",),
    ),
    Kind(
        "survey",
        Survey,
        Role.MEASURED,
        _survey_dict,
        _survey_typed,
        "a staff survey: agreeing, responding and eligible staff",
        quantity="agreement",
        unit="%",
        value_field="agree",
        gate_fields=("completion", "respondents", "eligible"),
        gate_units=("%", "", ""),
    ),
    Kind(
        "count",
        Count,
        Role.MEASURED,
        _count_dict,
        _count_typed,
        "a count of things in place",
        quantity="count",
        value_field="count",
    ),
    Kind(
        "collaborate",
        CollaboRATE,
        Role.MEASURED,
        _collaborate_dict,
        _collaborate_typed,
        "the CollaboRATE mean and the share offered it",
        quantity="mean",
        value_field="mean",
        gate_fields=("offered_percent", "encounters"),
        gate_units=("%", ""),
    ),
    Kind(
        "indicators",
        Indicators,
        Role.CRITERIA,
        _indicators_dict,
        _indicators_typed,
        "named criteria from the level descriptors",
    ),
):
    register_kind(_declaration)
