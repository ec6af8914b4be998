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

import ithrive
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


def _row(evidence: dict[str, Any], rules: Ruleset) -> dict[str, Any] | None:
    """The batch row of a document's measured pieces and ratings (None: not a batch row).

    Batch rows hold numbers only: indicators are left out (batch scoring has
    no columns for them), and a document with named elements or text has no
    row, and is left to the scalar tests.
    """
    body = evidence.get("evidence", evidence)
    row: dict[str, Any] = {}
    for item, entry in body.items():
        rule = rules.rule(item)
        for piece in entry if isinstance(entry, list) else [entry]:
            if piece.get("kind") == "rating":
                row[f"{item}.rating"] = piece["level"]
                continue
            if piece.get("kind") == "indicators":
                continue
            measures = [m for m in rule.measures if m.kind == piece.get("kind")]
            name = piece.get("measure") or (measures[0].name if len(measures) == 1 else None)
            if name is None:
                return None
            for field, value in piece.items():
                if field in ("kind", "measure"):
                    continue
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    return None
                row[f"{item}.{name}.{field}"] = value
    return row


@pytest.mark.parametrize("ruleset", [None, *RULESETS], ids=lambda name: name or "packaged")
def test_batch_scores_the_corpus_as_the_scalar_path_does(ruleset: str | None) -> None:
    """Every valid document that is a batch row: batch levels and statuses equal score's."""
    np = pytest.importorskip("numpy")
    from ithrive.studies import batch

    rules = default_ruleset() if ruleset is None else RULESETS[ruleset]
    records = [r for r in RECORDS if r["ruleset"] == ruleset and "items" in r["outcome"]]
    rows = [row for r in records if (row := _row(r["evidence"], rules))]
    assert len(rows) > 0.6 * len(records)
    scorer = batch.scorer(rules)
    names = sorted({name for row in rows for name in row})
    columns = {
        name: np.array([row.get(name, np.nan) for row in rows], dtype=float) for name in names
    }
    out = scorer.score_arrays(columns)
    for index, row in enumerate(rows):
        card = ithrive.score(batch.row_evidence(row, ruleset=rules), rules)
        for result in card:
            got = (
                int(out[f"{result.item}.level"][index]),
                batch.STATUSES[out[f"{result.item}.status"][index]],
            )
            assert got == (int(result.level or 0), result.status.value), (row, result.item)
