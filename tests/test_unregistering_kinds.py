"""Unregistering a kind: cards scored with it still read; built-in kinds stay.

A scorecard writes its words and typed evidence when first read, so what it
reads them with must be what it was scored with, not whatever the registry
holds at the time of reading.
"""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from tests.likert_kind import LIKERT, RULESET_TOML

import ithrive
from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.evidence.kinds import KIND_REGISTRY, register_kind, unregister_kind

ONE_PIECE = {"meso.3b": {"kind": "likert", "mean": 3.5, "respondents": 40}}
WITH_RATING = {
    "meso.3b": [
        {"kind": "likert", "mean": "17/4", "respondents": 4},
        {"kind": "rating", "level": 2},
    ]
}


@pytest.mark.parametrize("evidence", [ONE_PIECE, WITH_RATING], ids=["one piece", "with a rating"])
def test_a_card_scored_with_a_kind_reads_the_same_after_it_is_unregistered(
    evidence: dict[str, Any],
) -> None:
    """Explanation, warnings and typed evidence are written as they would have been."""
    register_kind(LIKERT)
    try:
        local = ithrive.load_ruleset(tomllib.loads(RULESET_TOML))
        expected = ithrive.score(evidence, local).to_json()
        unread = ithrive.score(evidence, local)
    finally:
        unregister_kind("likert")
    assert unread.to_json() == expected
    assert type(unread["meso.3b"].evidence[0]).__name__ == "LikertSurvey"


@pytest.mark.parametrize(
    "name", ["rating", "proportion", "survey", "count", "collaborate", "indicators"]
)
def test_a_built_in_kind_cannot_be_unregistered(name: str) -> None:
    """invalid_kind, naming the kind; the kind stays registered and scores."""
    before = KIND_REGISTRY[name]
    with pytest.raises(EvidenceError) as info:
        unregister_kind(name)
    assert (info.value.code, info.value.field, info.value.value) == ("invalid_kind", "name", name)
    assert KIND_REGISTRY[name] is before
    assert ithrive.score({"meso.2": {"kind": "count", "count": 3}})["meso.2"].level == 3


def test_a_class_registered_under_another_name_is_named_as_the_clash() -> None:
    """Re-declaring the survey class as 'survey2' blames the class, not a free name."""
    import attrs

    from ithrive.evidence.kinds import kind

    with pytest.raises(InvalidEvidenceError) as info:
        register_kind(attrs.evolve(kind("survey"), name="survey2"))
    problems = [(e.field, e.message) for e in info.value.errors]
    assert ("cls", "evidence kind 'survey2': its class is registered already, as 'survey'") in (
        problems
    )
    assert "name" not in {field for field, _ in problems}
    assert "survey2" not in KIND_REGISTRY
