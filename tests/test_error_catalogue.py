"""Every example in the error catalogue produces its code.

``docs/reference/errors.md`` lists every error, finding and warning code in
tables whose first column is the code and whose last is an example. Each
example is one thing in backticks, in one of the forms the page describes:

- **Python**: run after ``import ithrive`` and the ```` ```python ```` block
  that opens its section, then (in the ruleset and instrument file sections)
  the call that section names, such as ``ithrive.load_ruleset(rules)``. It
  must raise an ithrive error carrying the code. A cell may add ``without
  `package` installed``: the example then runs as if that package were
  missing.
- **evidence**: ``"item": evidence`` as in an evidence document, read as
  strict JSON and scored with :func:`ithrive.score`. It must raise an
  :class:`ithrive.InvalidEvidenceError` carrying the code or, in the warnings
  section, be scored with a warning of that code.
- **command**: ``$ ithrive ...``, optionally ``$ echo '...' | ithrive ...`` to
  give standard input, run with the installed ``ithrive`` script in an empty
  folder. It must exit with status 2 and report the code on standard error.

"Carrying the code" is exact: an error that collects problems (``errors`` or
``findings``) must hold problems of that one code (see ``ALSO`` for the one
code that cannot come alone), so each example shows its code and nothing
else. Rows whose code no input produces are listed in ``NOT_RAISED``. The
page is parsed once; every table row must be recognised, so a row cannot be
skipped silently.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import pytest

import ithrive

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "reference" / "errors.md"
SRC = Path(ithrive.__file__).resolve().parents[1]

#: The console script of this interpreter's environment, else the module.
SCRIPT = shutil.which("ithrive", path=str(Path(sys.executable).parent))
COMMAND = [SCRIPT] if SCRIPT is not None else [sys.executable, "-m", "ithrive"]

#: Every section that has code tables, with the call that follows each of
#: its Python examples (``None``: the example raises by itself).
SECTIONS: dict[str, str | None] = {
    "class-codes": None,
    "evidence-error-codes": None,
    "ruleset-findings": "ithrive.load_ruleset(rules)",
    "warnings": None,
    "raw-data": None,
    "uncertainty-and-improvement": None,
    "studies": None,
    "batch-scoring": None,
    "instruments": None,
    "instrument-files": "load_checklist(data)",
    "command-line-and-reports": None,
}

#: The section whose examples are scored and must give a warning, not an error.
WARNINGS = "warnings"

#: Rows whose code no input can produce, so their example cell says so instead.
#: Keep this tiny; each entry needs a reason.
NOT_RAISED = {
    # The base class's default; every error raised on purpose is a subclass
    # with a code of its own (checked in the test below).
    ("class-codes", "ithrive_error"),
    # The evidence reader's safety net: it turns a foreign exception from
    # structuring into an error rather than let it escape. Every input found
    # so far (JSON values of every type in every field, and odd Python values
    # such as Decimal, complex, numpy scalars and huge integers) gets a more
    # specific code.
    ("evidence-error-codes", "invalid_value"),
}

#: Codes an example gives besides its own, because its code cannot come alone.
ALSO = {
    # more_problems counts the problems after the first 50 listed, so it
    # follows 50 problems of their own code.
    ("batch-scoring", "more_problems"): {"out_of_range"},
}

_HEADING = re.compile(r"^#{2,3} .*\{#([\w-]+)\}\s*$")
_FENCE = re.compile(r"^```(\w*)\s*$")
_EXAMPLE = re.compile(r"`(?P<example>[^`]+)`(?: without `(?P<missing>[\w.]+)` installed)?")
_STDIN = re.compile(r"echo '(?P<stdin>[^']*)' \| (?P<command>ithrive .*)")


@attrs.frozen
class Row:
    """One row of a code table: its section, code and example cell."""

    section: str
    code: str
    cell: str
    line: int

    @property
    def id(self) -> str:
        return f"{self.section}:{self.code}"

    def example(self) -> re.Match[str] | None:
        """The example and any package it runs without, if the cell is one example."""
        return _EXAMPLE.fullmatch(self.cell)


def cells(line: str) -> list[str]:
    """The cells of a table row; a ``|`` inside a code span does not split a cell."""
    out: list[str] = []
    cell: list[str] = []
    in_code = False
    for char in line.strip()[1:-1]:
        if char == "`":
            in_code = not in_code
        if char == "|" and not in_code:
            out.append("".join(cell).strip())
            cell = []
        else:
            cell.append(char)
    out.append("".join(cell).strip())
    return out


@attrs.frozen
class Catalogue:
    """The page read once: its sections' setup code, its code tables and their rows."""

    setups: dict[str, str]
    tables: list[tuple[str | None, list[str]]]
    rows: list[Row]


def read_catalogue(text: str) -> Catalogue:
    """Every setup block, code table (with its section) and row of the page."""
    setups: dict[str, str] = {}
    tables: list[tuple[str | None, list[str]]] = []
    rows: list[Row] = []
    section: str | None = None
    fence: list[str] | None = None
    fence_lang = ""
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if fence is not None:
            if line.startswith("```"):
                if fence_lang == "python" and section is not None:
                    setups.setdefault(section, "\n".join(fence))
                fence = None
            else:
                fence.append(line)
            continue
        if match := _FENCE.match(line):
            fence, fence_lang = [], match.group(1)
            continue
        if line.startswith("#"):
            heading = _HEADING.match(line)
            section = heading.group(1) if heading else None
            continue
        if not line.startswith("|"):
            header = None
            continue
        if header is None:
            header = [c.lower() for c in cells(line)]
            if header[0] == "code":
                tables.append((section, header))
            continue
        if header[0] != "code" or set(line) <= set("|-: "):
            continue
        row = cells(line)
        code = re.fullmatch(r"`([a-z_]+)`", row[0])
        assert code is not None, f"line {number}: the first cell is not a code: {row[0]!r}"
        assert len(row) == len(header), f"line {number}: {len(row)} cells, {len(header)} headers"
        rows.append(Row(section or "?", code.group(1), row[-1], number))
    return Catalogue(setups, tables, rows)


CATALOGUE = read_catalogue(PAGE.read_text("utf-8"))
EXAMPLES = [row for row in CATALOGUE.rows if (row.section, row.code) not in NOT_RAISED]


# ------------------------------------------------------------------ running examples


def problem_codes(err: ithrive.IthriveError) -> list[str]:
    """The codes an error carries: those of its collected problems, or its own."""
    if isinstance(err, ithrive.InvalidEvidenceError):
        return [e.code for e in err.errors]
    findings = getattr(err, "findings", None)
    if findings:
        return [f.code for f in findings]
    return [err.code]


def evidence(fragment: str) -> dict[str, Any]:
    """An evidence fragment ``"item": ...`` read as strict JSON (no NaN or Infinity)."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    data = json.loads("{" + fragment + "}", parse_constant=refuse)
    assert isinstance(data, dict)
    return data


def run_python(row: Row, example: str, missing: str | None, monkeypatch: Any) -> None:
    """Run a Python example in a fresh namespace after its section's setup."""
    namespace: dict[str, Any] = {"ithrive": ithrive}
    setup = CATALOGUE.setups.get(row.section, "")
    exec(compile(setup, f"{PAGE.name}: setup of #{row.section}", "exec"), namespace)
    if missing is not None:
        monkeypatch.setitem(sys.modules, missing, None)  # import now raises ImportError
    code = example + ("\n" + then if (then := SECTIONS[row.section]) else "")
    exec(compile(code, f"{PAGE.name}:{row.line}", "exec"), namespace)


def run_command(command: str, folder: Path) -> tuple[int, list[str]]:
    """Run an ``ithrive`` command line in ``folder``; return its exit status and codes."""
    stdin = ""
    if match := _STDIN.fullmatch(command):
        stdin, command = match.group("stdin"), match.group("command")
    args = shlex.split(command)
    assert args[0] == "ithrive", f"not an ithrive command: {command!r}"
    json_errors = args[1] in ("score", "report")  # the commands with --errors json
    if json_errors:
        args += ["--errors", "json"]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    done = subprocess.run(
        [*COMMAND, *args[1:]],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=folder,
        env=env,
        timeout=60,
        check=False,
    )
    lines = done.stderr.splitlines()
    if json_errors:
        codes = [json.loads(line)["code"] for line in lines]
    else:
        codes = [m.group(1) for line in lines if (m := re.search(r"\[([a-z_]+)\]$", line))]
    return done.returncode, codes


def command(row: Row) -> str | None:
    """The command line of a command example, without its ``$``."""
    match = row.example()
    example = match.group("example") if match else ""
    return example[2:] if example.startswith("$ ") else None


@pytest.fixture(scope="module")
def commands(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, list[str]]]:
    """Every command example, run at once, each in an empty folder: row id -> result."""
    lines = {row.id: line for row in EXAMPLES if (line := command(row)) is not None}
    with ThreadPoolExecutor() as pool:
        running = {
            row_id: pool.submit(run_command, line, tmp_path_factory.mktemp("cli"))
            for row_id, line in lines.items()
        }
        return {row_id: future.result() for row_id, future in running.items()}


def raised(action: Callable[[], object]) -> ithrive.IthriveError:
    """The ithrive error ``action`` raises (any other outcome fails the test)."""
    with pytest.raises(ithrive.IthriveError) as info:
        action()
    return info.value


def outcome(row: Row, request: pytest.FixtureRequest, monkeypatch: Any) -> list[str]:
    """Run the row's example as its form says; return the codes it produced."""
    match = row.example()
    assert match is not None, f"line {row.line}: the example is not one thing in backticks"
    example, missing = match.group("example"), match.group("missing")
    if command(row) is not None:
        status, codes = request.getfixturevalue("commands")[row.id]
        assert status == 2, f"exit status {status}, codes {codes}"
        return codes
    if example.startswith('"'):
        data = evidence(example)
        if row.section == WARNINGS:
            card = ithrive.score(data)
            return [w.code for result in card.items for w in result.warnings]
        err = raised(lambda: ithrive.score(data))
    else:
        err = raised(lambda: run_python(row, example, missing, monkeypatch))
    return [err.code] if row.section == "class-codes" else problem_codes(err)


# ------------------------------------------------------------------ the tests


@pytest.mark.parametrize("row", EXAMPLES, ids=[row.id for row in EXAMPLES])
def test_example_produces_its_code(
    row: Row, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run the example in an empty folder: it gives its code, and no other."""
    monkeypatch.chdir(tmp_path)
    expected = {row.code} | ALSO.get((row.section, row.code), set())
    assert sorted(expected) == sorted(set(outcome(row, request, monkeypatch)))


def test_every_row_is_recognised() -> None:
    """Each code table belongs to a known section and each row is an example or listed."""
    text = PAGE.read_text("utf-8")
    rows = re.findall(r"^\| `([a-z_]+)` \|", text, re.MULTILINE)  # as test_docs.py reads them
    assert len(rows) == len(CATALOGUE.rows)
    assert [] == [s for s, _ in CATALOGUE.tables if s not in SECTIONS]
    assert [] == [h for _, h in CATALOGUE.tables if not h[-1].startswith("example")]
    assert set() == set(SECTIONS) - {row.section for row in CATALOGUE.rows}
    listed = {(row.section, row.code) for row in CATALOGUE.rows}
    assert (set(), set()) == (NOT_RAISED - listed, set(ALSO) - listed)
    assert [] == [row.id for row in EXAMPLES if row.example() is None]
    assert [] == [r.id for r in CATALOGUE.rows if r not in EXAMPLES and r.example() is not None]
    ids = [row.id for row in CATALOGUE.rows]
    assert [] == sorted({i for i in ids if ids.count(i) > 1})


def test_every_section_states_the_call_after_its_examples() -> None:
    """A section whose examples are followed by a call names that call on the page."""
    text = PAGE.read_text("utf-8")
    for section, then in SECTIONS.items():
        if then is not None:
            body = text.split(f"{{#{section}}}", 1)[1].split("\n## ", 1)[0]
            assert f"`{then}`" in body, section


def test_the_base_code_is_never_carried_by_a_raised_error() -> None:
    """``ithrive_error`` is only IthriveError's default: every subclass has its own (every
    module imported first, so a subclass in any of them is found)."""
    import importlib

    from tests.tools import load_tool

    for name in load_tool("check_dist").package_modules():
        importlib.import_module(name)

    def subclasses(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    assert "ithrive_error" == ithrive.IthriveError.code
    public = [c for c in subclasses(ithrive.IthriveError) if not c.__name__.startswith("_")]
    assert [] == [c.__name__ for c in public if c.code == "ithrive_error"]


CLASS_EXAMPLES = [row for row in EXAMPLES if row.section == "class-codes"]


@pytest.mark.parametrize("row", CLASS_EXAMPLES, ids=[row.id for row in CLASS_EXAMPLES])
def test_each_class_example_error_round_trips_through_pickle_and_copies(
    row: Row, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error each class's example raises is rebuilt whole by pickle, copy and deepcopy."""
    import copy
    import pickle

    monkeypatch.chdir(tmp_path)
    match = row.example()
    assert match is not None
    err = raised(
        lambda: run_python(row, match.group("example"), match.group("missing"), monkeypatch)
    )
    for again in (pickle.loads(pickle.dumps(err)), copy.copy(err), copy.deepcopy(err)):
        assert type(err) is type(again)
        assert (err.args, str(err), err.lines()) == (again.args, str(again), again.lines())
        assert err.to_dict() == again.to_dict()
        assert [getattr(err, name, None) for name in ("findings", "suggestions", "package")] == [
            getattr(again, name, None) for name in ("findings", "suggestions", "package")
        ]
