"""The benchmark's implementations agree with ithrive (agreement only, nothing timed).

``benchmarks/run.py`` refuses to time anything that disagrees with
:func:`ithrive.score`; these tests run the same checks on a small workload so
that a change to the engine or the ruleset that breaks the comparison shows
up in the test suite, not only when the benchmark is next run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import ithrive

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import handwritten, peers, workload  # noqa: E402


def _levels(card: ithrive.Scorecard) -> tuple[int | None, ...]:
    return tuple(None if r.level is None else int(r.level) for r in card)


@pytest.fixture(scope="module")
def assessments() -> list[dict]:
    return workload.assessments(300, seed=11)


@pytest.fixture(scope="module")
def expected(assessments: list[dict]) -> list[tuple[int | None, ...]]:
    return [_levels(ithrive.score(e)) for e in assessments]


def test_the_workload_exercises_every_band_kind_and_gate(assessments: list[dict]) -> None:
    cards = [ithrive.score(e) for e in assessments]
    cov = workload.coverage(assessments, cards)
    assert cov["missing_bands"] == []
    assert cov["missing_kinds"] == []
    assert cov["gates"][0] == cov["gates"][1]
    assert cov["levels"] == (88, 88)
    assert {"micro.3a", "meso.3b", "macro.1"} <= set(cov["insufficient"])


def test_typed_evidence_scores_as_its_dicts(
    assessments: list[dict], expected: list[tuple[int | None, ...]]
) -> None:
    assert [_levels(ithrive.score(workload.typed(e))) for e in assessments] == expected


def test_the_hand_written_baseline_agrees_with_ithrive(
    assessments: list[dict], expected: list[tuple[int | None, ...]]
) -> None:
    got = [tuple(handwritten.levels(e)[i] for i in workload.ITEMS) for e in assessments]
    assert got == expected


def test_searchsorted_agrees_with_score_table() -> None:
    np = pytest.importorskip("numpy", reason="batch scoring needs the frames extra")
    pd = pytest.importorskip("pandas", reason="score_table is checked on a pandas frame")
    pytest.importorskip("narwhals", reason="batch scoring needs the frames extra")
    from benchmarks import vectorised

    from ithrive.batch import evidence_columns, score_table

    columns = workload.batch_columns(5000, seed=3)
    assert set(columns) <= set(evidence_columns())
    reference = vectorised.levels(columns, vectorised.compile_plan())
    scored = score_table(pd.DataFrame(columns))
    for item in workload.ITEMS:
        got = scored[f"{item}.level"].to_numpy(dtype="int8", na_value=0)
        np.testing.assert_array_equal(got, reference[item], err_msg=item)
        assert set(np.unique(reference[item])) >= {1, 2, 3, 4}, item


@pytest.mark.parametrize(
    ("dist", "module", "peer"),
    [
        ("zen-engine", "zen", peers.ZenPeer),
        ("rule-engine", "rule_engine", peers.RuleEnginePeer),
        ("json-logic-qubit", "json_logic", peers.JsonLogicPeer),
    ],
)
def test_peer_engines_agree_with_ithrive(
    assessments: list[dict],
    expected: list[tuple[int | None, ...]],
    dist: str,
    module: str,
    peer: type,
) -> None:
    pytest.importorskip(module, reason=f"{dist} is in the bench extra only")
    engine = peer()
    some = assessments[:120]
    got = [engine.levels(engine.evaluate(engine.prepare(peers.flat(e)))) for e in some]
    assert got == expected[: len(some)]
