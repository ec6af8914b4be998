"""An item's indicator criteria, compiled into lookup tables and judged.

Boolean criteria become (level supported when true, when false); ordinal
criteria a table from label to the level it supports. Judging a set of
criteria is then a lookup per criterion and a minimum: the level that every
given criterion supports, unless a criterion not given could still lower it.
Criteria that do not fit the rule get every problem back, as errors naming
item, field and value.
"""

from __future__ import annotations

from typing import Any, Final

from ithrive.base._hints import suggest, suggestion_text
from ithrive.errors import EvidenceError
from ithrive.model.level import Level
from ithrive.rules.ruleset import CriteriaRule

__all__ = ["LEVELS", "CompiledCriteria"]

#: Each level by its number (0 holds ``None``).
LEVELS: Final = (None, Level.ONE, Level.TWO, Level.THREE, Level.FOUR)


class CompiledCriteria:
    """An item's criteria as lookup tables: judges the criteria a piece gives."""

    __slots__ = ("first_levels", "flags", "item", "labels", "rule")

    def __init__(self, item: str, rule: CriteriaRule | None) -> None:
        self.item = item
        self.rule = rule
        # Boolean criteria: (level when true, level when false); ordinal: label -> level.
        self.flags: dict[str, tuple[int, int]] = {}
        self.labels: dict[str, dict[str, int]] = {}
        first_levels = []
        if rule is not None:
            for c in rule.criteria:
                if c.is_ordinal:
                    self.labels[c.id] = {label: int(c.supports(label)) for label in c.values}
                else:
                    self.flags[c.id] = (int(c.supports(True)), int(c.supports(False)))
                first_levels.append((c.id, int(c.first_level)))
        #: Each criterion with the first level it can hold an item below.
        self.first_levels = tuple(first_levels)

    def judge(self, index: int, given: dict[str, Any]) -> tuple[Any, ...] | list[EvidenceError]:
        """The outcome of criteria ``given`` (piece ``index``), or every problem with them.

        The outcome has the shape of a measure's (see
        ``CompiledMeasure.evaluate``), its
        last but one part saying how the level was found: ``("none",)`` for no
        criteria, ``("missing", level)`` when a criterion not given could
        lower ``level``, ``("met",)`` otherwise.
        """
        flags, labels = self.flags, self.labels
        level = 5
        supported = []
        for name, value in given.items():
            if type(value) is bool:
                pair = flags.get(name)
                if pair is None:
                    return self.problems(given)
                supports = pair[0] if value else pair[1]
            elif type(value) is str:
                table = labels.get(name)
                if table is None or value not in table:
                    return self.problems(given)
                supports = table[value]
            else:
                return self.problems(given)
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
        return ("indicators", LEVELS[level], None, "criteria", unmet, index, None, ("met",), "")

    def problems(self, given: dict[str, Any]) -> list[EvidenceError]:
        """Every criterion of ``given`` that the rule does not know or whose value does not fit."""
        assert self.rule is not None
        item = self.item
        ids = [c.id for c in self.rule.criteria]
        out = []
        for name, value in sorted(given.items(), key=lambda kv: str(kv[0])):
            crit = self.rule.criterion(name)
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
