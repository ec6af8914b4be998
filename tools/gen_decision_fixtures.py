"""Write tests/fixtures/decisions.json: what scoring decides today, kept to compare against.

Three corpora, each scored with :func:`ithrive.score`:

- every boundary case of the packaged ruleset (:func:`ithrive.rules.cases.boundary_cases`);
- every boundary case of a few generated local rulesets (kept in the fixture as
  ruleset documents, so the test reloads exactly the same rules);
- a seeded, fuzzed corpus of evidence documents, valid and invalid: plain
  pieces, lists of pieces, ratings beside measures, zero-respondent surveys,
  exact fractions as text, counts with named elements, and broken pieces
  (wrong types, values out of range, unknown fields, measures and criteria,
  duplicates, kinds an item does not take).

For a valid document the fixture keeps each assessed item's result as
``Scorecard.to_dict`` writes it (level, status, basis, decided_by, value,
unmet, warnings, explanation, citation, evidence) and the verdict; for an
invalid one, every error's code, item, field and message.

Run from the repository root: ``PYTHONPATH=src python tools/gen_decision_fixtures.py``.
The output is deterministic; ``tests/test_decision_fixtures.py`` reproduces it.
"""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path
from typing import Any

import ithrive
from ithrive.errors import InvalidEvidenceError
from ithrive.rules import Ruleset, default_ruleset, load_ruleset
from ithrive.rules.cases import boundary_cases

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "decisions.jsonl"
SEED = 20261207
DOCUMENTS = 200

#: Local rulesets (documents as a ruleset TOML file would give them).
LOCAL_RULESETS: dict[str, dict[str, Any]] = {
    "audit": {
        "ruleset": {"name": "local", "version": "1", "extends": "default"},
        "items": {
            "micro.2": {
                "citation": "local audit standard",
                "measures": [
                    {
                        "name": "notes_audit",
                        "kind": "proportion",
                        "domain": "[0, 100]",
                        "bands": [
                            {"level": 1, "interval": "[0, 45.5)"},
                            {"level": 2, "interval": "[45.5, 65)"},
                            {"level": 3, "interval": "[65, 85]"},
                            {"level": 4, "interval": "(85, 100]"},
                        ],
                        "gates": [
                            {
                                "id": "small_sample",
                                "field": "denominator",
                                "when": "[0, 20)",
                                "effect": "cap",
                                "level": 2,
                                "reason": "fewer than 20 notes audited",
                            }
                        ],
                    }
                ],
            }
        },
    },
    "collaborate": {
        "ruleset": {"name": "local", "version": "2", "extends": "default"},
        "items": {
            "micro.1b": {
                "citation": "local CollaboRATE standard",
                "measures": [
                    {
                        "name": "collaborate",
                        "kind": "collaborate",
                        "domain": "[0, 9]",
                        "bands": [
                            {"level": 1, "interval": "[0, 6]"},
                            {"level": 2, "interval": "(6, 7]"},
                            {"level": 3, "interval": "(7, 41/5)"},
                            {"level": 4, "interval": "[41/5, 9]"},
                        ],
                        "gates": [
                            {
                                "id": "few_offered",
                                "field": "offered_percent",
                                "when": "[0, 40)",
                                "effect": "insufficient_evidence",
                                "reason": "offered to fewer than 40%",
                            }
                        ],
                    }
                ],
            }
        },
    },
    "survey_and_count": {
        "ruleset": {"name": "local", "version": "3", "extends": "default"},
        "items": {
            "meso.3b": {
                "citation": "local survey standard",
                "measures": [
                    {
                        "name": "staff_survey",
                        "kind": "survey",
                        "domain": "[0, 100]",
                        "bands": [
                            {"level": 1, "interval": "[0, 30)"},
                            {"level": 2, "interval": "[30, 55)"},
                            {"level": 3, "interval": "[55, 200/3]"},
                            {"level": 4, "interval": "(200/3, 100]"},
                        ],
                        "gates": [
                            {
                                "id": "few_respondents",
                                "field": "respondents",
                                "when": "[0, 10)",
                                "effect": "cap",
                                "level": 3,
                                "reason": "fewer than 10 respondents",
                            }
                        ],
                    }
                ],
            },
            "meso.2": {
                "citation": "local MINDFUL count",
                "measures": [
                    {
                        "name": "mindful",
                        "kind": "count",
                        "domain": "[0, 7]",
                        "bands": [
                            {"level": 1, "interval": "[0, 1]"},
                            {"level": 2, "interval": "[2, 3]"},
                            {"level": 3, "interval": "[4, 5]"},
                            {"level": 4, "interval": "[6, 7]"},
                        ],
                    }
                ],
            },
        },
    },
}


def outcome(evidence: Any, rules: Ruleset | None = None) -> dict[str, Any]:
    """What scoring gives: assessed items' results and the verdict, or every error."""
    try:
        card = ithrive.score(evidence, rules)
    except InvalidEvidenceError as err:
        return {
            "errors": [
                {"code": e.code, "item": e.item, "field": e.field, "message": str(e)}
                for e in err.errors
            ]
        }
    data = card.to_dict()
    items = {k: v for k, v in data["items"].items() if v["status"] != "not_assessed"}
    for body in items.values():
        # The evidence is the input, as given; thrive_like follows from the level.
        del body["thrive_like"], body["evidence"]
    return {"items": items, "thrive_like": data["thrive_like"], "complete": data["complete"]}


def case_outcomes(rules: Ruleset) -> list[dict[str, Any]]:
    """Each boundary case of ``rules`` with its scored outcome."""
    return [
        {
            "evidence": {c.item: dict(c.evidence)},
            "outcome": outcome({c.item: dict(c.evidence)}, rules),
        }
        for c in boundary_cases(rules)
    ]


# ---------------------------------------------------------------- fuzzing


def _number(rng: random.Random, low: float, high: float, *, whole: bool = False) -> Any:
    r = rng.random()
    if whole or r < 0.35:
        return rng.randint(int(low), int(high))
    if r < 0.75:
        return round(rng.uniform(low, high), rng.choice((1, 2, 6)))
    if r < 0.9:
        den = rng.randint(2, 99)
        return f"{rng.randint(int(low * den), int(high * den))}/{den}"
    return rng.uniform(low, high)


_BAD_VALUES: tuple[Any, ...] = (
    -1,
    -0.5,
    101,
    1e300,
    10**40,
    "12",
    "1/0",
    "abc",
    None,
    True,
    [1],
    {"a": 1},
    math.inf,
)


def _valid_piece(rng: random.Random, kind: str, rule: Any, measure: Any) -> dict[str, Any]:
    piece: dict[str, Any] = {"kind": kind}
    if kind == "rating":
        piece["level"] = rng.randint(1, 4)
        if rng.random() < 0.3:
            piece["rater"] = rng.choice(("panel", "workshop <b>&</b>"))
        return piece
    if kind == "indicators":
        criteria: dict[str, Any] = {}
        for c in rule.indicators.criteria:
            if rng.random() < 0.85:
                criteria[c.id] = rng.choice(c.values) if c.is_ordinal else rng.random() < 0.6
        piece["criteria"] = criteria
        return piece
    if measure is not None and (
        len([m for m in rule.measures if m.kind == kind]) > 1 or rng.random() < 0.2
    ):
        piece["measure"] = measure.name
    if kind == "proportion":
        if rng.random() < 0.6:
            den = rng.randint(1, 300)
            piece.update(numerator=rng.randint(0, den), denominator=den)
        else:
            piece["percent"] = _number(rng, 0, 100)
    elif kind == "survey":
        elig = rng.randint(1, 200)
        resp = 0 if rng.random() < 0.15 else rng.randint(0, elig)
        piece.update(agree=rng.randint(0, resp), respondents=resp, eligible=elig)
    elif kind == "count":
        count = rng.randint(0, 7)
        piece["count"] = count
        if rng.random() < 0.3:
            piece["in_place"] = [f"element {i}" for i in range(count)]
    elif kind == "collaborate":
        piece["mean"] = _number(rng, 0, 9)
        piece["offered_percent"] = _number(rng, 0, 100)
        if rng.random() < 0.6:
            piece["encounters"] = rng.randint(0, 80)
    return piece


def _break(rng: random.Random, piece: dict[str, Any], rule: Any) -> dict[str, Any]:
    """A piece with one thing wrong."""
    broken = dict(piece)
    what = rng.randrange(6)
    fields = [k for k in broken if k != "kind"]
    if what == 0 and fields:
        broken[rng.choice(fields)] = rng.choice(_BAD_VALUES)
    elif what == 1:
        broken["colour"] = "blue"
    elif what == 2 and fields:
        del broken[rng.choice(fields)]
    elif what == 3:
        broken["kind"] = rng.choice(("propotion", "rating", "survey", "count", "indicators"))
    elif what == 4:
        if broken["kind"] == "indicators":
            broken["criteria"] = {**broken.get("criteria", {}), "not_a_criterion": True}
        else:
            broken["measure"] = "no_such_measure"
    elif broken["kind"] == "indicators" and rule.indicators is not None:
        c = rng.choice(rule.indicators.criteria)
        broken["criteria"] = {
            **broken.get("criteria", {}),
            c.id: "not_a_label" if c.is_ordinal else "yes",
        }
    else:
        broken.pop("level", None)
        broken["level"] = rng.choice((0, 5, "3", 2.5))
    return broken


def fuzzed_document(rng: random.Random, rules: Ruleset) -> dict[str, Any]:
    """One evidence document: most items given one way or another, a few broken."""
    broken = rng.random() < 0.4
    body: dict[str, Any] = {}
    for rule in rules:
        if rng.random() < 0.15:
            continue
        kinds = list(rule.accepts)
        pieces = []
        measured = [k for k in kinds if k != "rating"]
        for m in rule.measures:
            if rng.random() < 0.8:
                pieces.append(_valid_piece(rng, m.kind, rule, m))
        if "indicators" in measured and rng.random() < 0.85:
            pieces.append(_valid_piece(rng, "indicators", rule, None))
        if not pieces or rng.random() < 0.25:
            pieces.append(_valid_piece(rng, "rating", rule, None))
        if broken and rng.random() < 0.15:
            index = rng.randrange(len(pieces))
            pieces[index] = _break(rng, pieces[index], rule)
        if broken and rng.random() < 0.03:
            pieces.append(dict(pieces[0]))  # a duplicate
        rng.shuffle(pieces)
        body[rule.item] = pieces if len(pieces) > 1 or rng.random() < 0.3 else pieces[0]
    if broken and rng.random() < 0.1:
        body["micro.99"] = {"kind": "rating", "level": 2}
    if rng.random() < 0.5:
        return {"locality": "Northvale", "date": "2026-12", "evidence": body}
    return body


def main() -> int:
    rng = random.Random(SEED)
    packaged = default_ruleset()
    # One JSON record a line: a changed decision shows as a changed line.
    # {"ruleset_document": name, "document": {...}} defines a local ruleset;
    # {"corpus": ..., "ruleset": name or null, "evidence": ..., "outcome": ...} is one score.
    records: list[dict[str, Any]] = []
    for case in case_outcomes(packaged):
        records.append({"corpus": "cases", "ruleset": None, **case})
    for name, doc in LOCAL_RULESETS.items():
        rules = load_ruleset(doc)
        records.append({"ruleset_document": name, "document": doc})
        local_items = set(doc["items"])
        for case in case_outcomes(rules):
            if set(case["evidence"]) <= local_items:
                records.append({"corpus": "cases", "ruleset": name, **case})
        for _ in range(40):
            evidence = fuzzed_document(rng, rules)
            records.append(
                {
                    "corpus": "fuzzed",
                    "ruleset": name,
                    "evidence": evidence,
                    "outcome": outcome(evidence, rules),
                }
            )
    for _ in range(DOCUMENTS):
        evidence = fuzzed_document(rng, packaged)
        records.append(
            {
                "corpus": "fuzzed",
                "ruleset": None,
                "evidence": evidence,
                "outcome": outcome(evidence),
            }
        )
    OUT.write_text(
        "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    )
    print(f"wrote {len(records)} records to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
