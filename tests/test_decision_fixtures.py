"""Scoring reproduces the decisions kept in ``tests/fixtures/decisions.jsonl``.

The fixture was written by ``tools/gen_decision_fixtures.py`` from the engine
as it was before the single decision path: every boundary case of the
packaged ruleset and of generated local rulesets, and a seeded fuzzed corpus
of evidence documents, valid and invalid. Each record keeps the assessed
items' results (level, status, basis, decided_by, value, unmet, warnings,
explanation, citation) and the verdict, or every error's code, item, field
and message. A deliberate difference is listed in the changelog and the
fixture regenerated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from ithrive import read_evidence
from ithrive.errors import InvalidEvidenceError
from ithrive.rules import Ruleset, default_ruleset, load_ruleset

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from gen_decision_fixtures import outcome

FIXTURE = Path(__file__).parent / "fixtures" / "decisions.jsonl"


def _records() -> tuple[dict[str, Ruleset], list[dict[str, Any]]]:
    rulesets: dict[str, Ruleset] = {}
    scored = []
    for line in FIXTURE.read_text("utf-8").splitlines():
        record = json.loads(line)
        if "ruleset_document" in record:
            rulesets[record["ruleset_document"]] = load_ruleset(record["document"])
        else:
            scored.append(record)
    return rulesets, scored


RULESETS, RECORDS = _records()


def _rules(record: dict[str, Any]) -> Ruleset:
    name = record["ruleset"]
    return default_ruleset() if name is None else RULESETS[name]


def _id(record: dict[str, Any]) -> str:
    return f"{record['corpus']}-{record['ruleset'] or 'packaged'}"


def test_the_fixture_covers_every_corpus() -> None:
    """Boundary cases and fuzzed documents, packaged and local, valid and invalid, are kept."""
    kinds = {(r["corpus"], r["ruleset"] is None, "errors" in r["outcome"]) for r in RECORDS}
    assert kinds >= {
        ("cases", True, False),
        ("cases", False, False),
        ("fuzzed", True, False),
        ("fuzzed", True, True),
        ("fuzzed", False, False),
        ("fuzzed", False, True),
    }


@pytest.mark.parametrize("record", RECORDS, ids=_id)
def test_scoring_reproduces_the_kept_decision(record: dict[str, Any]) -> None:
    """The same evidence under the same rules gives the same results, or the same errors."""
    assert outcome(record["evidence"], _rules(record)) == record["outcome"]


@pytest.mark.parametrize("record", [r for r in RECORDS if "items" in r["outcome"]], ids=_id)
def test_typed_evidence_is_decided_as_its_dicts_are(record: dict[str, Any]) -> None:
    """Valid evidence read into typed objects first scores exactly as the dicts do."""
    try:
        typed = read_evidence(record["evidence"])
    except InvalidEvidenceError:  # pragma: no cover - the record is of valid evidence
        pytest.fail("valid evidence could not be read")
    assert outcome(typed, _rules(record)) == record["outcome"]
