"""The THRIVE Framework model: system levels, groupings, principles, items and levels.

``FRAMEWORK`` is the packaged framework, loaded from ``framework.toml`` once
at import. The model says what THRIVE is; :mod:`ithrive.rules` says how
evidence maps to levels.

The first layer above the ground: it may import :mod:`ithrive.base`,
:mod:`ithrive.errors` and :mod:`ithrive.limits` only; every other layer may
import it.
"""

from __future__ import annotations

import os
import tomllib
from typing import Any

from ithrive.model.framework import (
    Framework,
    Item,
    LevelDescriptor,
    NeedsGrouping,
    Principle,
    SystemLevel,
)
from ithrive.model.level import THRIVE_LIKE_AT, Level, Status

__all__ = [
    "FRAMEWORK",
    "THRIVE_LIKE_AT",
    "Framework",
    "Item",
    "Level",
    "LevelDescriptor",
    "NeedsGrouping",
    "Principle",
    "Status",
    "SystemLevel",
]


def _build(data: dict[str, Any]) -> Framework:
    principles_raw = data["principles"]
    system_of = {p["id"]: p["system"] for p in principles_raw}
    items = tuple(
        Item(
            id=i["id"],
            principle=i["principle"],
            system=system_of[i["principle"]],
            part=i["part"],
            title=i["title"],
            measure=i["measure"],
            citation=i["citation"],
            levels=tuple(
                LevelDescriptor(
                    level=Level(lv["level"]),
                    criteria=tuple(lv["criteria"]),
                    citation=f"{i['citation']}, level {lv['level']}",
                )
                for lv in i["levels"]
            ),
        )
        for i in data["items"]
    )
    principles = tuple(
        Principle(
            id=p["id"],
            system=p["system"],
            number=p["number"],
            title=p["title"],
            summary=p["summary"],
            items=tuple(i.id for i in items if i.principle == p["id"]),
        )
        for p in principles_raw
    )
    return Framework(
        title=data["title"],
        source=data["source"],
        systems=tuple(SystemLevel(**s) for s in data["systems"]),
        groupings=tuple(NeedsGrouping(**g) for g in data["groupings"]),
        principles=principles,
        items=items,
    )


def _load() -> Framework:
    # A plain file read: importlib.resources would double the cost of ``import ithrive``.
    with open(os.path.join(os.path.dirname(__file__), "framework.toml"), "rb") as handle:
        return _build(tomllib.load(handle))


#: The packaged THRIVE Framework: 3 system levels, 5 groupings, 17 principles, 22 items.
FRAMEWORK: Framework = _load()
