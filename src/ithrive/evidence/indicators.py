"""Indicators evidence: named criteria taken from an item's level descriptors.

Each criterion is true or false, or an ordinal label; the item's rule says
which criteria reach which level. This module holds the :class:`Indicators`
class and its kind declaration.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Final, Literal, TypeAlias

import attrs

from ithrive._messages import short_repr
from ithrive.errors import EvidenceError, raise_problems
from ithrive.evidence._checks import is_pairs
from ithrive.evidence.kinds import Kind, Role
from ithrive.limits import MAX_CRITERIA, MAX_TEXT

__all__ = ["CriterionValue", "Indicators"]


#: An indicator criterion's value: a boolean, or an ordinal label.
CriterionValue: TypeAlias = bool | str


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
        if is_pairs(pairs):
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
        if not is_pairs(pairs):
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
        raise_problems(problems)

    def as_dict(self) -> dict[str, CriterionValue]:
        """The criteria as a new plain dict."""
        return dict(self.criteria)

    def __iter__(self) -> Iterator[tuple[str, CriterionValue]]:
        return iter(self.criteria)


# ------------------------------------------------------------------ its declaration


_INDICATORS: Final = frozenset({"kind", "criteria"})


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


def _indicators_typed(piece: Indicators) -> dict[str, Any]:
    return dict(piece.criteria)


def _describe_indicators(ev: Indicators) -> str:
    pairs = ", ".join(f"{k}={v!r}" for k, v in ev.criteria)
    return f"indicators {pairs}" if pairs else "indicators (none given)"


#: The declaration of the ``indicators`` kind; :mod:`ithrive.evidence` registers it.
DECLARATION: Final = Kind(
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
)
