"""The threshold mutation script, ``tools/mutate_thresholds.py``, on a small seeded sample.

The full run (every mutant against the rule tests, several minutes) is
documented in ``docs/explanation/robustness.md`` and kept out of CI; here the
script runs on five mutants drawn with seed 0, and once more against a test
file that cannot notice a threshold, to show that it reports survivors.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

from tests.tools import load_tool

import ithrive

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "mutate_thresholds.py"
SRC = Path(ithrive.__file__).resolve().parents[1]


def _tool() -> ModuleType:
    return load_tool("mutate_thresholds")


MUTATE = _tool()
DATA = tomllib.loads((ROOT / MUTATE.RULESET).read_text("utf-8"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """``python tools/mutate_thresholds.py ARGS`` from the repository root."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_mutants_are_written_as_toml_that_reads_back_as_the_mutant() -> None:
    """What the script writes into the copy is exactly the mutated ruleset (one mutant of
    each kind here; the script itself checks every one it writes)."""
    assert DATA == tomllib.loads(MUTATE.to_toml(DATA))
    for kind, generate in MUTATE.GENERATORS.items():
        mutant = next(iter(generate(DATA)))
        built = mutant.build(DATA)
        assert built != DATA, kind
        assert built == tomllib.loads(MUTATE.to_toml(built)), mutant.label
    assert tomllib.loads((ROOT / MUTATE.RULESET).read_text("utf-8")) == DATA


def test_there_are_mutants_of_every_kind_for_every_measure() -> None:
    """Every measure's bounds are moved, and every gate is changed."""
    mutants = MUTATE.all_mutants(DATA)
    assert len(mutants) > 1000
    measured = {m.item for m in MUTATE.measures(DATA)}
    assert measured == {m.item for m in mutants}
    gates = {g[1] for m in MUTATE.measures(DATA) for g in m.gates}
    assert all(any(f"gate {g} as" in m.label for m in mutants) for g in gates)


def test_a_seeded_sample_of_five_mutants_has_no_survivor() -> None:
    """Five mutants, seed 0: those the loader accepts are each killed by a rule test."""
    got = run("--sample", "5", "--seed", "0", "--skip-baseline", "--jobs", "2")
    assert 0 == got.returncode, got.stdout + got.stderr
    summary = next(line for line in got.stdout.splitlines() if line.startswith("5 mutants"))
    assert "0 survived" in summary
    assert "0 killed" not in summary  # the sample reaches the tests, not only the loader


def test_a_mutant_no_test_can_notice_is_reported_as_a_survivor() -> None:
    """Against a test file about something else, a loadable mutant survives: exit code 1."""
    label = (
        "micro.7 measures.0.bands.2.interval upper & "
        "micro.7 measures.0.bands.3.interval lower moved by -1/100"
    )
    got = run("--match", label, "--tests", "tests/test_table.py", "--skip-baseline")
    assert 1 == got.returncode, got.stdout + got.stderr
    assert f"SURVIVED: {label}" in got.stdout.splitlines()
