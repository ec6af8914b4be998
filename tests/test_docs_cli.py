"""The command-line examples in the docs run and print what the docs say.

Every ```console block of the CLI reference and the guides is a transcript:
lines starting with ``$ `` are commands, the lines after them their output
(standard output and error together; a line ``...`` stands for any lines).
Each block runs in one bash session in a scratch folder that sees the
repository's ``examples/`` and ``docs/``, with ``ithrive`` running this checkout.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import ithrive

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(ithrive.__file__).resolve().parents[1]
PAGES = [
    ROOT / "docs" / "reference" / "cli.md",
    *sorted((ROOT / "docs" / "guides").glob("*.md")),
    *sorted((ROOT / "docs" / "how-to").glob("*.md")),
]
_BLOCK = re.compile(r"```console\n(.*?)```", re.S)
_MARK = "@@ithrive-docs-end@@"


def blocks() -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """Every console block: its place, and its (command, expected output lines) pairs."""
    out = []
    for page in PAGES:
        for n, match in enumerate(_BLOCK.finditer(page.read_text("utf-8")), start=1):
            steps: list[tuple[str, list[str]]] = []
            for line in match.group(1).splitlines():
                if line.startswith("$ "):
                    steps.append((line[2:], []))
                else:
                    steps[-1][1].append(line)
            out.append((f"{page.relative_to(ROOT)}#{n}", steps))
    return out


BLOCKS = blocks()


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` lines match ``expected``, where a ``...`` line is any lines."""
    pattern = "".join(
        r"(?:.*\n)*?" if line == "..." else re.escape(line) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(a + "\n" for a in actual)) is not None


def test_the_docs_have_console_examples() -> None:
    """The CLI reference shows commands, so the check below checks something."""
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize(("place", "steps"), BLOCKS, ids=[p for p, _ in BLOCKS])
def test_console_example_prints_what_the_docs_say(
    place: str, steps: list[tuple[str, list[str]]], tmp_path: Path
) -> None:
    """Run the block's commands in order; each prints exactly the lines shown."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "ithrive"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ithrive "$@"\n', "utf-8")
    wrapper.chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    (work / "examples").symlink_to(ROOT / "examples")
    (work / "docs").symlink_to(ROOT / "docs")
    script = "exec 2>&1\n" + "".join(
        f"{command}\n__rc=$?; echo {_MARK}; (exit $__rc)\n" for command, _ in steps
    )
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    got = subprocess.run(
        ["bash", "-c", script],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    outputs = got.stdout.split(_MARK + "\n")
    assert len(steps) + 1 == len(outputs), got.stderr
    for (command, expected), output in zip(steps, outputs, strict=False):
        actual = [line.rstrip() for line in output.splitlines()]
        assert matches([e.rstrip() for e in expected], actual), (
            f"{place}: $ {command}\nexpected:\n" + "\n".join(expected) + "\ngot:\n" + output
        )
