"""The compiled plan: a ruleset's items, measures, bands and gates made ready for whole columns.

Compiling is done once per ruleset (see :func:`~ithrive.studies.batch.scorer`):
each measure's bands become the ascending :class:`~._exact.Cut` edges
between them with a level per band, its gates the fields and intervals to
test, and its columns the names a table may give each field by
(``<item>.<measure>.<field>``, and ``<item>.<field>`` where the item has one
measure). A ruleset batch scoring cannot follow (bands that do not
partition the domain, a kind or gate it cannot read) is refused here, with a
:class:`~ithrive.errors.RulesetError`, before any table is read.
"""

from __future__ import annotations

import itertools
import types
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Final

import attrs

from ithrive.errors import Finding, RulesetError
from ithrive.evidence.kinds import KIND_REGISTRY, Role
from ithrive.model import FRAMEWORK
from ithrive.rules.interval import Interval
from ithrive.rules.ruleset import GateEffect, Measure, Ruleset
from ithrive.studies.batch._convention import FIELDS
from ithrive.studies.batch._exact import Cut

__all__ = ["ColumnNames", "GatePlan", "ItemPlan", "MeasurePlan", "compile_plans"]

#: Every accepted evidence column, mapped to ``(item, measure, field)`` (``measure``
#: is ``None`` for ``<item>.rating``).
ColumnNames = Mapping[str, tuple[str, str | None, str]]


@attrs.frozen
class GatePlan:
    """A gate of a measure: the field it tests, when it fires, and what it does then."""

    id: str
    field: str
    when: Interval
    effect: GateEffect
    level: int | None


@attrs.frozen
class MeasurePlan:
    """A measure compiled: its columns, band edges and levels, domain, gates and edges."""

    item: str
    measure: Measure
    columns: tuple[tuple[str, tuple[str, ...]], ...]  # field -> accepted column names
    cuts: tuple[Cut, ...]
    levels: tuple[int, ...]
    domain: Interval
    gates: tuple[GatePlan, ...]
    check_domain: bool
    #: every bound of the domain, bands and gates (for placing exact values, see ._columns)
    edges: tuple[Fraction, ...]

    @property
    def kind(self) -> str:
        """The name of the measure's evidence kind."""
        return self.measure.kind


@attrs.frozen
class ItemPlan:
    """An item compiled: its measures, and the name of its rating column."""

    item: str
    measures: tuple[MeasurePlan, ...]
    rating: str


def _band_plan(item: str, measure: Measure) -> tuple[tuple[Cut, ...], tuple[int, ...]]:
    """The ascending cuts between a measure's bands, and each band's level."""
    where = f"measures.{measure.name}.bands"
    bands = sorted(measure.bands, key=lambda b: (b.interval.lower, not b.interval.lower_closed))
    if measure.integer:
        spans = [b.interval.integers() for b in bands]
        whole = measure.domain.integers()
        ok = (
            bool(spans)
            and spans[0].start == whole.start
            and spans[-1].stop == whole.stop
            and all(a.stop == b.start for a, b in itertools.pairwise(spans))
            and all(len(s) for s in spans)
        )
        cuts = tuple(Cut(Fraction(s.start), True) for s in spans[1:])
    else:
        ivs = [b.interval for b in bands]
        dom = measure.domain
        ok = (
            bool(ivs)
            and (ivs[0].lower, ivs[0].lower_closed) == (dom.lower, dom.lower_closed)
            and (ivs[-1].upper, ivs[-1].upper_closed) == (dom.upper, dom.upper_closed)
            and all(
                a.upper == b.lower and a.upper_closed != b.lower_closed
                for a, b in itertools.pairwise(ivs)
            )
        )
        cuts = tuple(Cut(iv.lower, iv.lower_closed) for iv in ivs[1:])
    if not ok:
        raise RulesetError(
            "batch",
            [
                Finding(
                    "not_a_partition",
                    item,
                    where,
                    "batch scoring needs bands that cover the domain with no gap or overlap; "
                    "verify the ruleset",
                )
            ],
        )
    return cuts, tuple(int(b.level) for b in bands)


def _natural_range(kind_name: str) -> tuple[Any, Any]:
    """The values a kind's quantity can take once its evidence is valid (None: no upper bound)."""
    domain = KIND_REGISTRY[kind_name].value_domain
    if domain is None:
        return 0, None
    interval = Interval.parse(domain)
    return interval.lower, interval.upper


_BUILT_IN: Final = frozenset({"proportion", "survey", "count", "collaborate"})


def _unsupported(kind_name: str, gate_fields: Iterable[str]) -> str | None:
    """Why batch scoring cannot score a kind, or ``None``.

    The four built-in measured kinds have their own column arithmetic; any
    other measured kind is scored generically when its banded value is a
    field of its own (``banded_field``) and every gate tests a field.
    """
    if kind_name in _BUILT_IN:
        return None
    declared = KIND_REGISTRY.get(kind_name)
    if declared is None or declared.role is not Role.MEASURED:
        return f"batch scoring does not know {kind_name!r} evidence"
    fields = FIELDS[kind_name]
    if declared.banded_field not in fields:
        return f"{kind_name!r} evidence declares no banded field batch scoring can read"
    missing = [g for g in gate_fields if g not in fields]
    if missing:
        return f"batch scoring cannot test {missing[0]!r}: it is not a field"
    return None


def _covers(domain: Interval, low: int, high: int | None) -> bool:
    """Whether every value in ``[low, high]`` lies in ``domain`` (so no check is needed)."""
    if high is None:
        return False
    low_ok = domain.lower < low or (domain.lower == low and domain.lower_closed)
    high_ok = domain.upper > high or (domain.upper == high and domain.upper_closed)
    return low_ok and high_ok


def compile_plans(ruleset: Ruleset) -> tuple[tuple[ItemPlan, ...], ColumnNames]:
    """Each item of ``ruleset`` compiled, in the tool's order, and every column name it accepts.

    Raises :class:`~ithrive.errors.RulesetError` for a measure batch scoring cannot score.
    """
    items = []
    names: dict[str, tuple[str, str | None, str]] = {}
    for item in FRAMEWORK.item_ids:
        rule = ruleset.rule(item)
        plans = []
        for measure in rule.measures:
            why = _unsupported(measure.kind, (g.field for g in measure.gates))
            if why is not None:
                raise RulesetError(
                    ruleset.name,
                    [Finding("unsupported_kind", item, f"measures.{measure.name}", why)],
                )
            columns = []
            for field in FIELDS[measure.kind]:
                accepted = [f"{item}.{measure.name}.{field}"]
                if len(rule.measures) == 1:
                    accepted.append(f"{item}.{field}")
                for name in accepted:
                    names[name] = (item, measure.name, field)
                columns.append((field, tuple(accepted)))
            gates = []
            for gate in measure.gates:
                if gate.field not in KIND_REGISTRY[measure.kind].gate_fields:
                    raise RulesetError(
                        ruleset.name,
                        [
                            Finding(
                                "unsupported_gate",
                                item,
                                f"measures.{measure.name}.gates.{gate.id}",
                                f"batch scoring cannot test {gate.field!r}",
                            )
                        ],
                    )
                gates.append(
                    GatePlan(
                        gate.id,
                        gate.field,
                        gate.when,
                        gate.effect,
                        None if gate.level is None else int(gate.level),
                    )
                )
            cuts, levels = _band_plan(item, measure)
            plans.append(
                MeasurePlan(
                    item,
                    measure,
                    tuple(columns),
                    cuts,
                    levels,
                    measure.domain,
                    tuple(gates),
                    not _covers(measure.domain, *_natural_range(measure.kind)),
                    _edges(measure),
                )
            )
        rating = f"{item}.rating"
        names[rating] = (item, None, "rating")
        items.append(ItemPlan(item, tuple(plans), rating))
    return tuple(items), types.MappingProxyType(names)


def _edges(measure: Measure) -> tuple[Fraction, ...]:
    """Every bound of a measure's domain, bands and gates: where a rounded value could go wrong."""
    spans = [measure.domain, *(b.interval for b in measure.bands), *(g.when for g in measure.gates)]
    return tuple(sorted({bound for i in spans for bound in (i.lower, i.upper)}))
