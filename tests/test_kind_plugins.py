"""A broken ``ithrive.kinds`` entry point is skipped with a warning, never a crash.

A package whose entry point fails to import, or names something that is
not a :class:`~ithrive.evidence.kinds.Kind`, must not stop scoring that needs none
of its kinds, nor stop the other packages' kinds from registering; a kind
then not found names the entry points that failed. Each test runs a fresh
process, since entry points are loaded once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.likert_kind import RULESET_TOML

ROOT = Path(__file__).resolve().parent.parent


def package(site: Path, name: str, target: str, module: str | None = None) -> None:
    """Installed metadata of a package declaring ``target`` in the ithrive.kinds group."""
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[ithrive.kinds]\n{name} = {target}\n")
    if module is not None:
        (site / f"{target.split(':', maxsplit=1)[0]}.py").write_text(module)


@pytest.fixture
def broken_site(tmp_path: Path) -> dict[str, str]:
    """One package that raises on import, one that declares a dict, one good (the Likert kind)."""
    site = tmp_path / "site"
    site.mkdir()
    package(site, "a_boom", "boom_kinds:KIND", "raise RuntimeError('boom on import')\n")
    package(site, "b_junk", "junk_kinds:KIND", "KIND = {'name': 'junk'}\n")
    package(site, "c_likert", "tests.likert_kind:LIKERT")
    path = os.pathsep.join([str(ROOT / "src"), str(ROOT), str(site)])
    return {**os.environ, "PYTHONPATH": path}


def run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run Python code in a fresh process with warnings shown."""
    return subprocess.run(
        [sys.executable, "-W", "always", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


SCORE_UNKNOWN = """
import ithrive
try:
    ithrive.score({"meso.2": {"kind": "nope"}})
except ithrive.InvalidEvidenceError as e:
    print(e.errors[0].code, "|", e.errors[0].item, "|", e.errors[0].message)
print(ithrive.score({"micro.2": {"kind": "proportion", "percent": 60}})["micro.2"].level)
"""


def test_a_broken_entry_point_warns_and_scoring_goes_on(broken_site: dict[str, str]) -> None:
    """The unknown kind is the user's unknown_kind error, naming both failed entry points."""
    done = run(SCORE_UNKNOWN, broken_site)
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    assert first.startswith("unknown_kind | meso.2 |")
    assert "a_boom (boom_kinds:KIND): RuntimeError: boom on import" in first
    assert "b_junk (junk_kinds:KIND): EvidenceError" in first
    assert second == "3"
    assert done.stderr.count("RuntimeWarning") == 2


def test_the_good_entry_points_are_registered_beside_a_broken_one(
    broken_site: dict[str, str], tmp_path: Path
) -> None:
    """The Likert kind still scores through the command line, with a warning on stderr."""
    (tmp_path / "local.toml").write_text(RULESET_TOML)
    evidence = {"meso.3b": {"kind": "likert", "mean": 3.5, "respondents": 40}}
    (tmp_path / "evidence.json").write_text(json.dumps({"evidence": evidence}))
    done = run(
        "from ithrive.cli import main; raise SystemExit(main(["
        f"'score', {str(tmp_path / 'evidence.json')!r}, "
        f"'--ruleset', {str(tmp_path / 'local.toml')!r}, '--format', 'json']))",
        broken_site,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["items"]["meso.3b"]["level"] == 3
    assert "boom on import; it is skipped" in done.stderr
