"""The benchmark harness runs end to end on a tiny size (so it does not rot; nothing timed).

``benchmarks/run.py`` is not run by the test suite at its real sizes; this
runs every part of it (per assessment, batch, start-up processes, the
report) on a few assessments and rows, and checks the report it writes,
never the times in it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import run  # noqa: E402


def test_the_harness_writes_every_section_and_target_on_a_tiny_run(tmp_path: Path) -> None:
    """A tiny run writes a report with every section, every task row and a target table."""
    pytest.importorskip("numpy", reason="the batch part needs the frames extra")
    output = tmp_path / "RESULTS.md"
    args = ["--assessments", "12", "--rows", "300", "--repeats", "1", "--process-runs", "1"]
    assert run.main([*args, "--output", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Workload", "## Per assessment", "## Batch", "## Start-up"):
        assert heading in text
    for row in (run.HAND, run.DICTS, run.TYPED_BUILD, run.TYPED, run.JSON_ROW, run.REF, run.ARRAYS):
        assert f"| {row} |" in text
    assert "### 300 rows, 33 numeric evidence columns, 10% missing" in text
    assert "`ithrive score examples/northvale.json`" in text
    assert "| `import ithrive` ≤ 1.2x `import attrs, cattrs` |" in text
    assert "<!-- --8<-- [start:results] -->" in text
    assert text.rstrip().endswith("<!-- --8<-- [end:results] -->")


def test_the_harness_options_default_to_the_documented_sizes() -> None:
    """Without options the run uses 500 assessments, 10k and 1M rows, and no 10M rows."""
    args = run.parse([])
    assert (args.assessments, args.rows, args.huge) == (500, [10_000, 1_000_000], 0)
    assert run.parse(["--huge"]).huge == 10_000_000
    quick = run.parse(["--quick"])
    assert quick.assessments < args.assessments
    assert max(quick.rows) < max(args.rows)
