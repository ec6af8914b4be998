"""The benchmark's implementations agree with ithrive (agreement only, nothing timed).

``benchmarks/run.py`` refuses to time anything that disagrees with
:func:`ithrive.score`; these tests run the same checks on a small workload so
that a change to the engine or the ruleset that breaks the comparison shows
up in the test suite, not only when the benchmark is next run. Every task is
compared on what users read: the 22 levels, each principle's level and
verdict, and the overall verdict.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import ithrive

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import handwritten, peers, tasks, workload  # noqa: E402


@pytest.fixture(scope="module")
def assessments() -> list[dict]:
    return workload.assessments(300, seed=11)


@pytest.fixture(scope="module")
def expected(assessments: list[dict]) -> list[handwritten.Outcome]:
    return [tasks.score_read(e) for e in assessments]


def test_the_workload_exercises_every_band_kind_and_gate(assessments: list[dict]) -> None:
    """The generated assessments reach every band, evidence kind, gate and level."""
    cards = [ithrive.score(e) for e in assessments]
    cov = workload.coverage(assessments, cards)
    assert cov["missing_bands"] == []
    assert cov["missing_kinds"] == []
    assert cov["gates"][0] == cov["gates"][1]
    assert cov["levels"] == (88, 88)
    assert {"micro.3a", "meso.3b", "macro.1"} <= set(cov["insufficient"])


def test_the_hand_written_items_and_principles_are_the_frameworks() -> None:
    """The baseline's transcribed item order and principle parts match the framework."""
    assert handwritten.ITEMS == workload.ITEMS
    parts = tuple(
        tuple(handwritten.ITEMS.index(i) for i in p.items) for p in ithrive.FRAMEWORK.principles
    )
    assert handwritten.PRINCIPLES == parts


def test_typed_evidence_built_or_prebuilt_scores_as_its_dicts(
    assessments: list[dict], expected: list[handwritten.Outcome]
) -> None:
    """Typed evidence, built inside the task or beforehand, gives the dicts' outcome."""
    recipes = [workload.recipe(e) for e in assessments]
    assert [tasks.typed_build_score_read(r) for r in recipes] == expected
    assert [tasks.score_read(workload.build(r)) for r in recipes] == expected


def test_the_hand_written_baseline_agrees_with_ithrive(
    assessments: list[dict], expected: list[handwritten.Outcome]
) -> None:
    """Levels, principles and verdict from the if/elif baseline equal ithrive's."""
    assert [handwritten.assess(e) for e in assessments] == expected


def test_the_json_task_carries_the_same_outcome(
    assessments: list[dict], expected: list[handwritten.Outcome]
) -> None:
    """``score(...).to_json()`` holds the levels, principles and verdict read directly."""
    for evidence, want in zip(assessments[:60], expected, strict=False):
        data = json.loads(tasks.score_json(evidence))
        got = (
            tuple(data["items"][i]["level"] for i in workload.ITEMS),
            tuple((p["level"], p["thrive_like"]) for p in data["principles"].values()),
            data["thrive_like"],
        )
        assert got == want


@pytest.mark.parametrize("gaps", [False, True], ids=["complete", "10% missing"])
def test_the_numpy_references_agree_with_score_arrays_and_score_table(gaps: bool) -> None:
    """Comparison sums and searchsorted give score_arrays' and score_table's levels."""
    np = pytest.importorskip("numpy", reason="batch scoring needs the frames extra")
    pd = pytest.importorskip("pandas", reason="score_table is checked on a pandas frame")
    pytest.importorskip("narwhals", reason="batch scoring needs the frames extra")
    from benchmarks import vectorised

    from ithrive.studies.batch import evidence_columns, score_table, scorer

    columns = workload.batch_columns(5000, seed=3)
    assert set(columns) <= set(evidence_columns())
    if gaps:
        columns = workload.with_gaps(columns, 0.1, seed=3)
        assert all(np.isnan(c).any() for c in columns.values())
    plan = vectorised.compile_plan()
    reference = vectorised.levels(columns, plan, gaps=gaps)
    searched = vectorised.levels_searchsorted(columns, plan, gaps=gaps)
    arrays = scorer().score_arrays(columns)
    scored = score_table(pd.DataFrame(columns))
    for item in workload.ITEMS:
        np.testing.assert_array_equal(searched[item], reference[item], err_msg=item)
        np.testing.assert_array_equal(arrays[f"{item}.level"], reference[item], err_msg=item)
        got = scored[f"{item}.level"].to_numpy(dtype="int8", na_value=0)
        np.testing.assert_array_equal(got, reference[item], err_msg=item)
        assert set(np.unique(reference[item])) >= {1, 2, 3, 4}, item
        if gaps:  # every item lost some rows' evidence
            assert (reference[item] == 0).any(), item


@pytest.mark.parametrize(
    ("dist", "module", "peer"),
    [
        ("zen-engine", "zen", peers.ZenPeer),
        ("rule-engine", "rule_engine", peers.RuleEnginePeer),
        ("json-logic-qubit", "json_logic", peers.JsonLogicPeer),
    ],
)
def test_peer_engines_agree_with_ithrive_on_the_whole_task(
    assessments: list[dict],
    expected: list[handwritten.Outcome],
    dist: str,
    module: str,
    peer: type,
) -> None:
    """Each peer's task (evaluate, read levels, principles, verdict) equals ithrive's."""
    pytest.importorskip(module, reason=f"{dist} is in the bench extra only")
    task = tasks.PeerTask(peer())
    some = assessments[:120]
    got = [task(task.prepare(peers.flat(e))) for e in some]
    assert got == expected[: len(some)]
