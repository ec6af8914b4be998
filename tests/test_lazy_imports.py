"""``import ithrive`` and the command line import only what they use.

The package re-exports its public names lazily (module ``__getattr__``), and
each ``ithrive`` command imports its own modules when it runs; these tests pin
what a fresh process has imported, never how long it took.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.tools import load_tool

import ithrive

ROOT = Path(__file__).resolve().parent.parent


def _modules_after(code: str, prefix: str = "ithrive") -> list[str]:
    """The modules (``ithrive``'s by default) a fresh interpreter has imported after ``code``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    probe = (
        code
        + "\nimport sys\n"
        + f"print(' '.join(sorted(m for m in sys.modules if m.startswith({prefix!r}))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    return done.stdout.split()


_HOMES = (
    "ithrive.errors",
    "ithrive.evidence",
    "ithrive.model",
    "ithrive.rules",
    "ithrive.scorecard",
    "ithrive.scoring",
)


@pytest.mark.parametrize("name", sorted(set(ithrive.__all__) - {"__version__"}))
def test_every_public_name_resolves_to_the_object_its_module_defines(name: str) -> None:
    """Each name in ``__all__`` is reached through the package and is a core module's object."""
    value = getattr(ithrive, name)
    homes = [m for m in _HOMES if getattr(importlib.import_module(m), name, None) is value]
    assert homes, name


def test_dir_lists_every_public_name_and_unknown_names_raise_attribute_error() -> None:
    """``dir(ithrive)`` shows every exported name; a misspelt one is an AttributeError."""
    assert set(ithrive.__all__) <= set(dir(ithrive))
    with pytest.raises(AttributeError, match="no attribute 'scroe'"):
        ithrive.scroe


def test_import_ithrive_imports_no_submodule() -> None:
    """A fresh ``import ithrive`` loads the package and its version alone: the engine waits."""
    assert _modules_after("import ithrive") == ["ithrive", "ithrive._version"]
    engine = _modules_after("import ithrive; ithrive.score")
    assert {"ithrive.scoring", "ithrive.rules", "ithrive.evidence"} <= set(engine)


def test_the_score_command_imports_no_other_commands_modules() -> None:
    """``ithrive score FILE`` does not import the schema, template, report or batch modules."""
    code = (
        "import contextlib, io\nfrom ithrive.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['score', 'examples/minimal.json']) == 0"
    )
    loaded = set(_modules_after(code))
    assert "ithrive.scoring" in loaded
    unused = {
        "ithrive.outputs.schema",
        "ithrive.outputs.template",
        "ithrive.scorecard.report",
        "ithrive.studies.batch",
    }
    assert loaded.isdisjoint(unused)


#: The optional extras (``pyproject.toml``): imported only by the call that needs one.
_EXTRAS = (
    "dask",
    "krippendorff",
    "matplotlib",
    "narwhals",
    "numpy",
    "openpyxl",
    "pandas",
    "polars",
    "pyarrow",
    "scipy",
)


def _top_level_names(modules: list[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_importing_every_module_imports_no_optional_extra() -> None:
    """Every module (the release check's list: a package's internal ones too) imports
    without numpy, pandas, scipy, matplotlib or the rest.

    Internal modules count: a package loads some of them only when a call
    needs them (the command line's commands), so importing the public
    modules alone would not import their code.
    """
    every = load_tool("check_dist").package_modules()
    assert {"ithrive.studies.batch", "ithrive.outputs.plot", "ithrive.cli._score"} <= set(every)
    loaded = _modules_after(f"for m in {every!r}: __import__(m)", prefix="")
    assert set(every) <= set(loaded)
    extras = _top_level_names(loaded)
    assert extras.isdisjoint(_EXTRAS), sorted(extras & set(_EXTRAS))


def test_ready_to_score_imports_neither_the_json_document_nor_the_notebook_view() -> None:
    """``ithrive.score`` loads the engine; writing JSON and drawing HTML wait until asked for."""
    engine = set(_modules_after("import ithrive; ithrive.score"))
    assert "ithrive.scoring" in engine
    unused = {"ithrive.scorecard._document", "ithrive.scorecard._tables", "ithrive.base.escape"}
    assert engine.isdisjoint(unused), sorted(engine & unused)


def test_importing_the_scorecard_imports_no_cattrs_and_no_html_escaping() -> None:
    """``import ithrive.scorecard`` (as the report, table and plot modules do) stays light."""
    loaded = _modules_after("import ithrive.scorecard", prefix="")
    assert "ithrive.scorecard" in loaded
    heavy = {"cattrs", "html", "ithrive.evidence.reading", "ithrive.scorecard._document"}
    assert set(loaded).isdisjoint(heavy), sorted(set(loaded) & heavy)


def test_documents_and_the_notebook_view_are_imported_when_first_used() -> None:
    """A scorecard's ``to_dict``, ``from_dict`` and ``_repr_html_`` work in a fresh process."""
    code = (
        "import ithrive\ncard = ithrive.score({'micro.2': {'kind': 'rating', 'level': 3}})\n"
        "assert ithrive.Scorecard.from_dict(card.to_dict()) == card\n"
        "assert card._repr_html_().startswith('<div')"
    )
    loaded = set(_modules_after(code))
    assert {"ithrive.scorecard._document", "ithrive.scorecard._tables"} <= loaded


def test_control_charts_of_plain_counts_import_no_scoring_engine() -> None:
    """``import ithrive.studies.spc`` (xmr, p_chart) needs neither rules nor assessments."""
    loaded = set(_modules_after("import ithrive.studies.spc"))
    engine = {
        "ithrive.rules",
        "ithrive.scoring",
        "ithrive.studies.assessment",
        "ithrive.studies.intervals",
    }
    assert loaded.isdisjoint(engine), sorted(loaded & engine)


def test_interval_tables_and_group_comparisons_import_only_what_they_use() -> None:
    """Intervals import assessments when given some; groups import intervals when asked."""
    intervals = set(_modules_after("import ithrive.studies.intervals"))
    assert "ithrive.studies.assessment" not in intervals
    groups = set(_modules_after("import ithrive.studies.groups"))
    assert groups.isdisjoint({"ithrive.studies.intervals", "ithrive.analysis.uncertainty"})
