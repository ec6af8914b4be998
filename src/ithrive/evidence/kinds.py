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

The six kinds ithrive brings are declared beside their classes, one module
each in :mod:`ithrive.evidence` (``rating``, ``proportion``, ``survey``,
``count``, ``collaborate``, ``indicators``), and registered, in that order,
when :mod:`ithrive.evidence` is first imported; kinds of other packages
arrive through the ``ithrive.kinds`` entry point group (:func:`load_plugins`).
This module imports none of them: the kinds depend on the registry, never
the other way round.

>>> kind("survey").quantity, kind("survey").gate_fields
('agreement', ('completion', 'respondents', 'eligible'))
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any, Final

import attrs

from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.evidence._checks import plain_criteria
from ithrive.evidence._exact import ratio_text
from ithrive.limits import MAX_INTEGER, MAX_TEXT

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

#: A boundary case built by a kind's ``case``: the evidence (a JSON-like dict) and the
#: value of each gate field it sets, or ``None`` when no such evidence exists.
Case = tuple[dict[str, Any], dict[str, Fraction]] | None


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


def _no_case(name: str, form: str, value: Fraction, gates: Mapping[str, Fraction]) -> Case:
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

_CLASSES: dict[str, type[Any]] = {}

#: Evidence classes by their ``kind`` tag: the six built in, and any registered
#: with :func:`register_kind` (read-only; it follows the registry). Re-exported,
#: typed, as :data:`ithrive.evidence.KINDS`.
KINDS: Mapping[str, type[Any]] = types.MappingProxyType(_CLASSES)

#: The kinds ithrive itself declares; these cannot be unregistered.
_BUILT_IN: set[str] = set()


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

    The kind's class becomes known to the scorer (``ithrive.evidence.KINDS``), the
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
    add_evidence_class(declaration.cls)
    _REGISTRY[declaration.name] = declaration
    _BY_CLASS[declaration.cls] = declaration
    if declaration.role is Role.MEASURED:
        _QUANTITIES[declaration.name] = (declaration.quantity or "", declaration.gate_fields)
        _GATE_DOMAINS.update(zip(declaration.gate_fields, declaration.gate_domains, strict=True))
    return declaration


def register_built_in_kinds(declarations: Iterable[Kind]) -> None:
    """Register ithrive's own kinds, in the order given; these cannot be unregistered.

    Called once, by :mod:`ithrive.evidence` as it is first imported, with the
    declarations that sit beside the six evidence classes.
    """
    for declaration in declarations:
        register_kind(declaration)
        _BUILT_IN.add(declaration.name)


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


# ------------------------------------------------------------ pieces every declaration uses

#: The schema of a piece's optional ``measure`` field.
MEASURE_FIELD: Final = {
    "type": ["string", "null"],
    "maxLength": MAX_TEXT,
    "description": "The measure's name, where an item has several.",
}
#: Help line of the ``measure`` field.
MEASURE_HELP: Final = "optional: the measure's name"
#: The schema of a whole-number field, up to :data:`~ithrive.limits.MAX_INTEGER`.
WHOLE_FIELD: Final = {"type": "integer", "maximum": MAX_INTEGER}
#: The domain of a percent, as interval text.
PERCENT_DOMAIN: Final = "[0, 100]"
#: The domain of a whole-number gate field (a count of staff, of encounters), as interval text.
NATURAL_DOMAIN: Final = "[0, 1000000000000]"

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
