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
from fractions import Fraction
from typing import Any, Final

import attrs

from ithrive.base.encoding import is_encodable
from ithrive.base.formatting import format_number
from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.evidence import (
    RATIO_PATTERN,
    CollaboRATE,
    Count,
    Indicators,
    Proportion,
    Rating,
    Survey,
    ratio_text,
)
from ithrive.limits import MAX_CRITERIA, MAX_INTEGER, MAX_NAMES, MAX_TEXT

__all__ = [
    "CASE_DENOMINATOR",
    "ENTRY_POINT_GROUP",
    "FORMS",
    "GATE_DOMAIN_TEXT",
    "IMPROVEMENTS",
    "KIND_REGISTRY",
    "MEASURE_FIELD",
    "MEASURE_HELP",
    "QUANTITIES",
    "Kind",
    "Reading",
    "Role",
    "all_kinds",
    "case_number",
    "failed_plugins_note",
    "kind",
    "kind_of_class",
    "load_plugins",
    "plain_criteria",
    "register_kind",
    "unregister_kind",
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


#: How what-it-would-take (:mod:`ithrive.analysis.improvement`) can change a measured piece:
#: ``counts`` (more of a numerator, or agreeing staff), ``percent``, ``mean`` (CollaboRATE),
#: ``count``; ``None``: it suggests no change to this kind of evidence.
IMPROVEMENTS: Final = frozenset({"counts", "percent", "mean", "count"})
#: The forms a banded value can be given in, for boundary cases (:mod:`ithrive.rules.cases`).
FORMS: Final = frozenset({"float", "counts", "integer"})


def _no_case(
    name: str, form: str, value: Fraction, gates: Mapping[str, Fraction]
) -> tuple[dict[str, Any], dict[str, Fraction]] | None:
    return None


@attrs.frozen
class Kind:
    """The declaration of one evidence kind: everything ithrive needs to know about it.

    - ``name``: the ``kind`` tag in JSON; ``cls``: the typed evidence class
      (an attrs class whose attributes are the JSON fields);
    - ``role``: :class:`Role`;
    - ``read_dict``: reads a JSON-like dict of this kind, returning ``None``
      for anything not plainly valid (the typed class then judges it, and
      reports every problem); ``read_typed``: reads a typed object. A
      measured kind gives a :data:`Reading`, a rating its level, indicators
      their criteria mapping;
    - ``description``: one line, for people (schema, template);
    - ``fields``: each field's JSON Schema; ``help``: each field's help line
      in ``ithrive template``; ``example``: a valid piece (no ``kind``, no
      ``measure``), the template's starting point; ``schema_extra``: more
      JSON Schema for the whole piece (such as a choice of field groups);
    - ``describe``: a short description of a typed piece, for explanations;
    - for a measured kind: ``quantity`` (what its bands apply to),
      ``unit`` (how a value is shown), ``integer`` (whole values only),
      ``value_domain`` (interval text every measure's domain must lie in),
      ``value_field`` (the field an out-of-range value is reported against),
      ``banded_field`` (the field that holds the banded value itself, when
      one does: the schema narrows it to the measure's domain),
      ``gate_fields`` with ``gate_units``, ``gate_domains`` (interval text)
      and ``gate_forms``; ``forms`` and ``case`` (evidence whose banded value
      is exactly a given number, for boundary cases); ``improve`` (see
      :data:`IMPROVEMENTS`); ``sample``: how to read (successes, trials)
      from a typed piece for uncertainty, or ``None`` with ``no_sample``
      saying why not;
    - ``gate_needs``: for gate fields that evidence may leave out, the
      evidence fields each is computed from. A gate that withholds the level
      (``insufficient_evidence``) on such a field cannot go unchecked:
      evidence without those fields is refused (``missing_field``). A gate
      field not listed, or a gate that caps or warns, is reported unchecked
      (``<gate>_unchecked``) instead.
    """

    name: str
    cls: type
    role: Role
    read_dict: Callable[[dict[str, Any]], Any]
    read_typed: Callable[[Any], Any]
    description: str
    fields: Mapping[str, Mapping[str, Any]]
    help: Mapping[str, str]
    example: Mapping[str, Any]
    describe: Callable[[Any], str]
    schema_extra: Mapping[str, Any] = attrs.field(factory=dict)
    quantity: str | None = None
    unit: str = ""
    integer: bool = False
    value_domain: str | None = None
    value_field: str | None = None
    banded_field: str | None = None
    gate_fields: tuple[str, ...] = ()
    gate_units: tuple[str, ...] = ()
    gate_domains: tuple[str, ...] = ()
    gate_forms: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    case: Callable[
        [str, str, Fraction, Mapping[str, Fraction]],
        tuple[dict[str, Any], dict[str, Fraction]] | None,
    ] = _no_case
    improve: str | None = None
    sample: Callable[[str, Any], tuple[int, int]] | None = None
    no_sample: str = ""
    gate_needs: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)


_REGISTRY: dict[str, Kind] = {}
_BY_CLASS: dict[type, Kind] = {}

#: Every registered kind by name (read-only view; add one with :func:`register_kind`).
KIND_REGISTRY: Mapping[str, Kind] = types.MappingProxyType(_REGISTRY)


_QUANTITIES: dict[str, tuple[str, tuple[str, ...]]] = {}
#: For each measured kind: the quantity its bands apply to, and the fields a gate may test.
QUANTITIES: Mapping[str, tuple[str, tuple[str, ...]]] = types.MappingProxyType(_QUANTITIES)
_GATE_DOMAINS: dict[str, str] = {}
#: The valid range of each field a gate may test, as interval text.
GATE_DOMAIN_TEXT: Mapping[str, str] = types.MappingProxyType(_GATE_DOMAINS)


def _refuse(declaration: Kind, field: str, why: str) -> EvidenceError:
    return EvidenceError(
        f"evidence kind {declaration.name!r}: {why}",
        code="invalid_kind",
        field=field,
        value=declaration.name,
    )


def _problems(declaration: Kind) -> list[EvidenceError]:
    """What is wrong with a declaration, so that no kind is half handled."""
    out = []
    if declaration.name in _REGISTRY:
        out.append(_refuse(declaration, "name", "registered already"))
    other = _BY_CLASS.get(declaration.cls)
    if other is not None and other.name != declaration.name:
        why = f"its class is registered already, as {other.name!r}"
        out.append(_refuse(declaration, "cls", why))
    if getattr(declaration.cls, "kind", None) != declaration.name:
        out.append(_refuse(declaration, "cls", "its class's 'kind' must be the kind's name"))
    if not attrs.has(declaration.cls):
        out.append(_refuse(declaration, "cls", "its class must be an attrs class"))
    else:
        names = {a.name for a in attrs.fields(declaration.cls)}
        if set(declaration.fields) != names:
            out.append(_refuse(declaration, "fields", "give a schema for each field, no more"))
        if set(declaration.help) != names:
            out.append(_refuse(declaration, "help", "give a help line for each field, no more"))
    if declaration.role is Role.MEASURED:
        gates = len(declaration.gate_fields)
        if not declaration.quantity:
            out.append(_refuse(declaration, "quantity", "a measured kind names its quantity"))
        if not declaration.forms or not set(declaration.forms) <= FORMS:
            out.append(_refuse(declaration, "forms", f"forms are some of {sorted(FORMS)}"))
        if declaration.case is _no_case:
            out.append(_refuse(declaration, "case", "a measured kind builds boundary cases"))
        if not (len(declaration.gate_units) == len(declaration.gate_domains) == gates):
            out.append(_refuse(declaration, "gate_fields", "one unit and domain per gate field"))
        if len(declaration.gate_forms) != gates or not set(declaration.gate_forms) <= FORMS:
            out.append(_refuse(declaration, "gate_forms", "one form per gate field"))
        for field, domain in zip(declaration.gate_fields, declaration.gate_domains, strict=False):
            if _GATE_DOMAINS.get(field, domain) != domain:
                out.append(_refuse(declaration, "gate_domains", f"{field} has another domain"))
        if not set(declaration.gate_needs) <= set(declaration.gate_fields):
            out.append(_refuse(declaration, "gate_needs", "name gate fields only"))
        if declaration.improve is not None and declaration.improve not in IMPROVEMENTS:
            out.append(_refuse(declaration, "improve", f"improve is one of {sorted(IMPROVEMENTS)}"))
    if declaration.sample is None and not declaration.no_sample:
        out.append(_refuse(declaration, "no_sample", "say why it is not a sample"))
    return out


def register_kind(declaration: Kind) -> Kind:
    """Register an evidence kind; a declaration with anything missing or clashing is refused.

    The kind's class becomes known to the scorer (``ithrive.KINDS``), the
    verifier (a measure of this kind), the schema, the template and the
    boundary cases. Raises :class:`~ithrive.errors.InvalidEvidenceError`
    (code ``invalid_kind``) listing every problem with the declaration.
    """
    if not isinstance(declaration, Kind):
        raise EvidenceError(
            f"expected a Kind declaration, got {type(declaration).__name__}",
            code="wrong_type",
            field="kind",
            value=repr(declaration)[:40],
        )
    problems = _problems(declaration)
    if problems:
        raise InvalidEvidenceError(problems)
    from ithrive.evidence import add_evidence_class

    add_evidence_class(declaration.cls)
    _REGISTRY[declaration.name] = declaration
    _BY_CLASS[declaration.cls] = declaration
    if declaration.role is Role.MEASURED:
        _QUANTITIES[declaration.name] = (declaration.quantity or "", declaration.gate_fields)
        _GATE_DOMAINS.update(zip(declaration.gate_fields, declaration.gate_domains, strict=True))
    return declaration


#: The entry point group third-party kinds are registered in: each entry point
#: names a :class:`Kind` declaration (``"mypackage.kinds:LIKERT"``).
ENTRY_POINT_GROUP: Final = "ithrive.kinds"
_PLUGINS_LOADED: list[bool] = []


#: Entry points that could not be loaded or registered: "name (value): why".
_PLUGIN_FAILURES: list[str] = []


def load_plugins() -> None:
    """Register every kind declared in the ``ithrive.kinds`` entry point group, once.

    Called when a kind is looked up that is not registered, and before every
    kind is listed (schema, template); installing a package that declares
    such an entry point is all a third-party kind needs. An entry point that
    fails to import, or names something :func:`register_kind` refuses, is
    skipped with a ``RuntimeWarning`` saying why, and named in the
    ``unknown_kind`` error of any kind that is then not found; the other
    entry points are registered, and scoring what needs none of them goes on.
    """
    if _PLUGINS_LOADED:
        return
    _PLUGINS_LOADED.append(True)
    import warnings
    from importlib.metadata import entry_points

    for point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            declaration = point.load()
            if not (
                isinstance(declaration, Kind) and _REGISTRY.get(declaration.name) is declaration
            ):
                register_kind(declaration)
        except Exception as exc:  # a broken package must not break scoring
            why = str(exc).replace("\n", " ") or type(exc).__name__
            failure = f"{point.name} ({point.value}): {type(exc).__name__}: {why}"
            _PLUGIN_FAILURES.append(failure)
            warnings.warn(
                f"ithrive: the {ENTRY_POINT_GROUP} entry point {failure}; it is skipped",
                RuntimeWarning,
                stacklevel=2,
            )


def failed_plugins_note() -> str:
    """For an unknown-kind message: the entry points that failed to load, or ``""``."""
    if not _PLUGIN_FAILURES:
        return ""
    return f"; entry points that failed to load: {'; '.join(_PLUGIN_FAILURES)}"


def all_kinds() -> Mapping[str, Kind]:
    """Every registered kind, third-party ones loaded first (read-only)."""
    load_plugins()
    return KIND_REGISTRY


def unregister_kind(name: str) -> Kind:
    """Remove kind ``name`` from the registry (a test's own kind, say); return its declaration.

    Rulesets compiled while it was registered keep their compiled rules, and
    scorecards scored with it read as before. The six built-in kinds cannot
    be unregistered (the packaged ruleset needs them): that is an
    ``invalid_kind`` error.
    """
    declared = kind(name)
    if name in _BUILT_IN:
        raise EvidenceError(
            f"{name!r} is a built-in evidence kind, which the packaged ruleset needs; "
            "only kinds registered later can be unregistered",
            code="invalid_kind",
            field="name",
            value=name,
        )
    del _REGISTRY[name]
    del _BY_CLASS[declared.cls]
    _QUANTITIES.pop(name, None)
    from ithrive.evidence import remove_evidence_class

    remove_evidence_class(declared.cls)
    _GATE_DOMAINS.clear()
    for other in _REGISTRY.values():
        _GATE_DOMAINS.update(zip(other.gate_fields, other.gate_domains, strict=True))
    return declared


def kind(name: str) -> Kind:
    """The declaration of kind ``name``; an unknown name is an ``unknown_kind`` error."""
    found = _REGISTRY.get(name) if isinstance(name, str) else None
    if found is None and not _PLUGINS_LOADED:
        load_plugins()
        found = _REGISTRY.get(name) if isinstance(name, str) else None
    if found is None:
        raise EvidenceError(
            f"unknown evidence kind (kinds: {', '.join(_REGISTRY)}){failed_plugins_note()}",
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
    return value is None or (type(value) is str and len(value) <= MAX_TEXT and is_encodable(value))


_PROPORTION: Final = frozenset({"kind", "numerator", "denominator", "percent", "measure"})
_SURVEY: Final = frozenset({"kind", "agree", "respondents", "eligible", "measure", "agree_percent"})
_COUNT: Final = frozenset({"kind", "count", "in_place", "measure"})
_COLLABORATE: Final = frozenset(
    {"kind", "mean", "offered_percent", "encounters", "measure", "top_score"}
)
_RATING: Final = frozenset({"kind", "level", "notes", "rater"})
_INDICATORS: Final = frozenset({"kind", "criteria"})
_NO_DENOMINATOR: Final = (None,)


def _proportion_dict(piece: dict[str, Any]) -> Reading | None:
    if not piece.keys() <= _PROPORTION:
        return None
    get = piece.get
    name, pct = get("measure"), get("percent")
    if not _text_ok(name):
        return None
    if pct is None:
        num, den = get("numerator"), get("denominator")
        if type(num) is int and type(den) is int and 0 <= num <= den <= MAX_INTEGER and den:
            return (name, 100 * num, den, ((den, 1),))
        return None
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


def _survey(
    name: Any, agree: Any, resp: int | None, elig: int | None, pct: tuple[int, int] | None
) -> Reading:
    """A survey read exactly: agreement from the counts or the percent; each gate value or None."""
    gates = (
        None if resp is None or elig is None else (100 * resp, elig),
        None if resp is None else (resp, 1),
        None if elig is None else (elig, 1),
    )
    if pct is not None:
        return (name, pct[0], pct[1], gates)
    if not resp:  # nobody answered: no agreement to band
        return (name, None, None, gates)
    return (name, 100 * agree, resp, gates)


def _survey_dict(piece: dict[str, Any]) -> Reading | None:
    if not piece.keys() <= _SURVEY:
        return None
    get = piece.get
    name = get("measure")
    agree: Any = get("agree")
    resp: Any = get("respondents")
    elig: Any = get("eligible")
    given_pct = get("agree_percent")
    if not _text_ok(name) or (elig is not None and (not _whole(elig, 1) or resp is None)):
        return None
    if resp is not None and (not _whole(resp, 0) or (elig is not None and resp > elig)):
        return None
    if given_pct is None:
        if not (_whole(agree, 0) and resp is not None and agree <= resp):
            return None
        return _survey(name, agree, resp, elig, None)
    pct = _real(given_pct, 0, 100)
    if pct is None or agree is not None or resp == 0:
        return None
    return _survey(name, None, resp, elig, pct)


def _survey_typed(piece: Survey) -> Reading:
    pct = piece.agree_percent
    return _survey(
        piece.measure,
        piece.agree,
        piece.respondents,
        piece.eligible,
        None if pct is None else pct.as_integer_ratio(),
    )


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
    top = piece.get("top_score")
    if top is not None and _real(top, 0, 100) is None:  # read, never banded: checked only
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


# ------------------------------------------------------------ descriptions


def _describe_rating(ev: Rating) -> str:
    who = f" by {ev.rater}" if ev.rater else ""
    return f"panel rating {int(ev.level)}{who}"


def _describe_proportion(ev: Proportion) -> str:
    label = f"{ev.measure} " if ev.measure else ""
    if ev.percent is None:
        return f"{label}{ev.numerator} of {ev.denominator}"
    return f"{label}{format_number(ev.percent, '%')}"


def _describe_survey(ev: Survey) -> str:
    if ev.agree_percent is None:
        said = f"staff survey: {ev.agree} of {ev.respondents} respondents agree"
    else:
        said = f"staff survey: {format_number(ev.agree_percent, '%')} of respondents agree"
        if ev.respondents is not None and ev.eligible is None:
            said += f" ({ev.respondents} responded)"
    if ev.eligible is not None:
        said += f", {ev.respondents} of {ev.eligible} eligible responded"
    return said


def _describe_count(ev: Count) -> str:
    names = f" ({', '.join(ev.in_place)})" if ev.in_place else ""
    return f"{ev.count} in place{names}"


def _describe_collaborate(ev: CollaboRATE) -> str:
    n = f" from {ev.encounters} encounters" if ev.encounters is not None else ""
    top = "" if ev.top_score is None else f", top score {format_number(ev.top_score, '%')}"
    return (
        f"CollaboRATE mean {format_number(ev.mean)}{n}{top}, "
        f"offered to {format_number(ev.offered_percent, '%')}"
    )


def _describe_indicators(ev: Indicators) -> str:
    pairs = ", ".join(f"{k}={v!r}" for k, v in ev.criteria)
    return f"indicators {pairs}" if pairs else "indicators (none given)"


# ------------------------------------------------------------ boundary cases

#: Denominator of boundary cases built from counts: fine enough to land within
#: 1e-4 percentage points of any edge on a whole or half percent.
CASE_DENOMINATOR: Final = 1_000_000


def case_number(value: Fraction) -> float | str:
    """A number for evidence JSON, exactly: a float when one equals it, else ``"p/q"`` text.

    Whole edges stay floats (``70.0``), so the float form of the evidence is
    the one tested at the edge as well as either side of it.
    """
    try:
        as_float = float(value)
    except OverflowError:
        return ratio_text(value)
    return as_float if Fraction(as_float) == value else ratio_text(value)


_Case = tuple[dict[str, Any], dict[str, Fraction]] | None


def _count_case(name: str, form: str, value: Fraction, gates: Mapping[str, Fraction]) -> _Case:
    if value.denominator != 1:
        return None
    return {"kind": "count", "measure": name, "count": int(value)}, {}


def _collaborate_case(
    name: str, form: str, value: Fraction, gates: Mapping[str, Fraction]
) -> _Case:
    offered = gates.get("offered_percent", Fraction(100))
    encounters = gates.get("encounters", Fraction(100))
    if encounters.denominator != 1:
        return None
    ev = {
        "kind": "collaborate",
        "measure": name,
        "mean": case_number(value),
        "offered_percent": case_number(offered),
        "encounters": int(encounters),
    }
    return ev, {"offered_percent": offered, "encounters": encounters}


def _proportion_case(name: str, form: str, value: Fraction, gates: Mapping[str, Fraction]) -> _Case:
    base = {"kind": "proportion", "measure": name}
    if form == "float":
        return {**base, "percent": case_number(value)}, {}
    denominator = gates.get("denominator", Fraction(CASE_DENOMINATOR))
    num = value * denominator / 100
    if num.denominator != 1 or denominator.denominator != 1 or denominator < 1:
        return None
    return {**base, "numerator": int(num), "denominator": int(denominator)}, {
        "denominator": denominator
    }


def _survey_case(name: str, form: str, value: Fraction, gates: Mapping[str, Fraction]) -> _Case:
    # respondents from completion unless given; agree from agreement
    if form == "float" and not gates:  # the share alone, as a report gives it
        return {"kind": "survey", "measure": name, "agree_percent": case_number(value)}, {}
    eligible = gates.get("eligible", Fraction(CASE_DENOMINATOR))
    if "respondents" in gates:
        respondents = gates["respondents"]
    else:
        respondents = gates.get("completion", Fraction(100)) * eligible / 100
    agree = value * respondents / 100
    if (
        eligible.denominator != 1
        or respondents.denominator != 1
        or (form != "float" and agree.denominator != 1)
        or not 0 < respondents <= eligible
    ):
        return None
    ev: dict[str, Any] = {"kind": "survey", "measure": name}
    if form == "float":  # the share as a percent, with the completion figures
        ev["agree_percent"] = case_number(value)
    else:
        ev["agree"] = int(agree)
    ev |= {"respondents": int(respondents), "eligible": int(eligible)}
    fields = {
        "completion": 100 * respondents / eligible,
        "respondents": respondents,
        "eligible": eligible,
    }
    return ev, fields


# ------------------------------------------------------------ samples


def _proportion_sample(item_id: str, ev: Proportion) -> tuple[int, int]:
    if ev.numerator is None or ev.denominator is None:
        raise EvidenceError(
            "given as a percent, so there are no counts to put an interval around; "
            "give numerator and denominator",
            code="no_counts",
            item=item_id,
            field="percent",
            value=ev.percent,
        )
    return ev.numerator, ev.denominator


def _survey_sample(item_id: str, ev: Survey) -> tuple[int, int]:
    if ev.agree is None:
        raise EvidenceError(
            "agreement given as a percent, so there are no counts to put an interval around; "
            "give agree and respondents",
            code="no_counts",
            item=item_id,
            field="agree_percent",
            value=ev.agree_percent,
        )
    if ev.respondents == 0:
        raise EvidenceError(
            "no staff responded, so there is no agreement rate to put an interval around",
            code="no_respondents",
            item=item_id,
            field="respondents",
            value=0,
        )
    return ev.agree, ev.respondents  # type: ignore[return-value]


# ------------------------------------------------------------ JSON Schema pieces

_NOTE: Final = {"type": ["string", "null"], "maxLength": MAX_TEXT}
#: The schema of a piece's optional ``measure`` field.
MEASURE_FIELD: Final = {
    "type": ["string", "null"],
    "maxLength": MAX_TEXT,
    "description": "The measure's name, where an item has several.",
}
_WHOLE: Final = {"type": "integer", "maximum": MAX_INTEGER}
#: Help line of the ``measure`` field.
MEASURE_HELP: Final = "optional: the measure's name"
_PERCENT: Final = "[0, 100]"
_NATURAL: Final = "[0, 1000000000000]"

for _declaration in (
    Kind(
        "rating",
        Rating,
        Role.RATING,
        _rating_dict,
        _rating_typed,
        "A panel's judgement of the item's level.",
        fields={
            "level": {"enum": [1, 2, 3, 4], "description": "The level chosen, 1-4."},
            "notes": {**_NOTE, "description": "Why the panel chose this level."},
            "rater": {**_NOTE, "description": "Who rated: a workshop, an evaluation team."},
        },
        help={
            "level": "required: the level chosen, 1-4",
            "notes": "optional text",
            "rater": "optional: who rated (a workshop, an evaluation team)",
        },
        example={"level": 1, "rater": "", "notes": ""},
        describe=_describe_rating,
        no_sample="a panel rating is a judgement, not a sample",
    ),
    Kind(
        "proportion",
        Proportion,
        Role.MEASURED,
        _proportion_dict,
        _proportion_typed,
        "A share from an audit or score: numerator and denominator, or percent.",
        fields={
            "numerator": {
                "type": ["integer", "null"],
                "minimum": 0,
                "maximum": MAX_INTEGER,
                "description": "How many met the standard (give with denominator).",
            },
            "denominator": {
                "type": ["integer", "null"],
                "minimum": 1,
                "maximum": MAX_INTEGER,
                "description": "How many were looked at (give with numerator).",
            },
            "percent": {
                "type": ["number", "string", "null"],
                "pattern": RATIO_PATTERN,
                "minimum": 0,
                "maximum": 100,
                "description": "The share as a percent, instead of numerator and denominator; "
                "an exact fraction as text such as '200/3'.",
            },
            "measure": MEASURE_FIELD,
        },
        help={
            "numerator": "how many met the standard; give with denominator",
            "denominator": "how many were looked at (at least 1)",
            "percent": "0-100, instead of numerator and denominator",
            "measure": "the measure's name; required where an item has several of this kind",
        },
        example={"numerator": 0, "denominator": 1},
        describe=_describe_proportion,
        schema_extra={
            "anyOf": [
                {
                    "required": ["numerator", "denominator"],
                    "properties": {
                        "numerator": {"type": "integer"},
                        "denominator": {"type": "integer"},
                        "percent": {"type": "null"},
                    },
                },
                {
                    "required": ["percent"],
                    "properties": {
                        "percent": {"type": ["number", "string"]},
                        "numerator": {"type": "null"},
                        "denominator": {"type": "null"},
                    },
                },
            ]
        },
        quantity="percent",
        unit="%",
        value_domain=_PERCENT,
        value_field="percent",
        gate_fields=("denominator",),
        gate_units=("",),
        gate_domains=(_NATURAL,),
        gate_forms=("integer",),
        forms=("float", "counts"),
        case=_proportion_case,
        improve="counts",
        sample=_proportion_sample,
    ),
    Kind(
        "survey",
        Survey,
        Role.MEASURED,
        _survey_dict,
        _survey_typed,
        "A staff survey: agreeing, responding and eligible staff, or the share agreeing.",
        fields={
            "agree": {
                **_WHOLE,
                "type": ["integer", "null"],
                "minimum": 0,
                "description": "Responding staff who agree (give with respondents).",
            },
            "respondents": {
                **_WHOLE,
                "type": ["integer", "null"],
                "minimum": 0,
                "description": "Staff who responded.",
            },
            "eligible": {
                **_WHOLE,
                "type": ["integer", "null"],
                "minimum": 1,
                "description": "Staff who were asked (give with respondents).",
            },
            "measure": MEASURE_FIELD,
            "agree_percent": {
                "type": ["number", "string", "null"],
                "pattern": RATIO_PATTERN,
                "minimum": 0,
                "maximum": 100,
                "description": "The percent of responding staff who agree, instead of agree "
                "(a report's '62% agreed'); an exact fraction as text such as '200/3'. Items "
                "with a completion gate (micro.3a) still need respondents and eligible.",
            },
        },
        help={
            "agree": "responding staff who agree; give with respondents (or give agree_percent)",
            "respondents": "staff who responded; needed with agree or eligible",
            "eligible": "staff who were asked (at least 1); micro.3a needs it and respondents",
            "measure": MEASURE_HELP,
            "agree_percent": "0-100: the share agreeing, instead of agree (no interval "
            "without counts)",
        },
        example={"agree": 0, "respondents": 0, "eligible": 1},
        describe=_describe_survey,
        schema_extra={
            "anyOf": [
                {
                    "required": ["agree", "respondents"],
                    "properties": {
                        "agree": {"type": "integer"},
                        "respondents": {"type": "integer"},
                        "agree_percent": {"type": "null"},
                    },
                },
                {
                    "required": ["agree_percent"],
                    "properties": {
                        "agree_percent": {"type": ["number", "string"]},
                        "agree": {"type": "null"},
                        "respondents": {"minimum": 1},  # a percent of no one is refused
                    },
                },
            ],
            # eligible (not null: the engine reads null as not given) needs respondents
            "if": {"required": ["eligible"], "properties": {"eligible": {"type": "integer"}}},
            "then": {
                "required": ["respondents"],
                "properties": {"respondents": {"type": "integer"}},
            },
        },
        quantity="agreement",
        unit="%",
        value_domain=_PERCENT,
        value_field="agree",
        gate_fields=("completion", "respondents", "eligible"),
        gate_units=("%", "", ""),
        gate_domains=(_PERCENT, _NATURAL, _NATURAL),
        gate_forms=("counts", "integer", "integer"),
        forms=("float", "counts"),
        case=_survey_case,
        improve="counts",
        sample=_survey_sample,
        gate_needs={
            "completion": ("respondents", "eligible"),
            "respondents": ("respondents",),
            "eligible": ("eligible",),
        },
    ),
    Kind(
        "count",
        Count,
        Role.MEASURED,
        _count_dict,
        _count_typed,
        "A count of things in place, such as the MINDFUL elements.",
        fields={
            "count": {**_WHOLE, "minimum": 0, "description": "How many are in place."},
            "in_place": {
                "type": ["array", "null"],
                "items": {"type": "string", "maxLength": MAX_TEXT},
                "maxItems": MAX_NAMES,
                "uniqueItems": True,
                "description": "Names of the things counted; as many as the count.",
            },
            "measure": MEASURE_FIELD,
        },
        help={
            "count": "required: how many are in place",
            "in_place": "optional: their names, as many as the count",
            "measure": MEASURE_HELP,
        },
        example={"count": 0},
        describe=_describe_count,
        quantity="count",
        integer=True,
        value_field="count",
        banded_field="count",
        forms=("integer",),
        case=_count_case,
        improve="count",
        no_sample="a count of elements in place is not a sample",
    ),
    Kind(
        "collaborate",
        CollaboRATE,
        Role.MEASURED,
        _collaborate_dict,
        _collaborate_typed,
        "CollaboRATE results: mean score and the percent offered it.",
        fields={
            "mean": {
                "type": ["number", "string"],
                "pattern": RATIO_PATTERN,
                "minimum": 0,
                "maximum": 9,
                "description": "The CollaboRATE mean score, 0-9; an exact fraction as text: "
                "'76/9'.",
            },
            "offered_percent": {
                "type": ["number", "string"],
                "pattern": RATIO_PATTERN,
                "minimum": 0,
                "maximum": 100,
                "description": "Percent of children and young people offered the questionnaire.",
            },
            "encounters": {
                "type": ["integer", "null"],
                "minimum": 0,
                "maximum": MAX_INTEGER,
                "description": "Complete responses behind the mean.",
            },
            "measure": MEASURE_FIELD,
            "top_score": {
                "type": ["number", "string", "null"],
                "pattern": RATIO_PATTERN,
                "minimum": 0,
                "maximum": 100,
                "description": "Percent of complete encounters scoring 9 on all three items "
                "(CollaboRATE's top score); shown beside the mean, not banded; an exact "
                "fraction as text: '1600/41'.",
            },
        },
        help={
            "mean": "required: CollaboRATE mean score, 0-9",
            "offered_percent": "required: percent of CYP offered the questionnaire",
            "encounters": "optional: complete responses behind the mean",
            "measure": MEASURE_HELP,
            "top_score": "optional: percent of encounters scoring 9 on all three items "
            "(shown, not banded)",
        },
        example={"mean": 0, "offered_percent": 0, "encounters": 0, "top_score": 0},
        describe=_describe_collaborate,
        quantity="mean",
        value_domain="[0, 9]",
        value_field="mean",
        banded_field="mean",
        gate_fields=("offered_percent", "encounters"),
        gate_units=("%", ""),
        gate_domains=(_PERCENT, _NATURAL),
        gate_forms=("float", "integer"),
        forms=("float",),
        case=_collaborate_case,
        improve="mean",
        no_sample="its level depends on a mean score, not a proportion of counts",
    ),
    Kind(
        "indicators",
        Indicators,
        Role.CRITERIA,
        _indicators_dict,
        _indicators_typed,
        "Named criteria from the level descriptors.",
        fields={
            "criteria": {
                "type": "object",
                "additionalProperties": {"type": ["boolean", "string"]},
                "maxProperties": MAX_CRITERIA,
                "description": "Criterion id to true/false or an ordinal label.",
            },
        },
        help={
            "criteria": "required: criterion id to true/false or a label; see the item's criteria",
        },
        example={"criteria": {}},
        describe=_describe_indicators,
        no_sample="indicator criteria are judgements, not a sample",
    ),
):
    register_kind(_declaration)

#: The kinds ithrive itself declares; these cannot be unregistered.
_BUILT_IN: Final = frozenset(_REGISTRY)
