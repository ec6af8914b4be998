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

import ithrive

ROOT = Path(__file__).resolve().parent.parent


def _modules_after(code: str) -> list[str]:
    """The ``ithrive`` modules a fresh interpreter has imported after running ``code``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    probe = (
        code
        + "\nimport sys\nprint(' '.join(sorted(m for m in sys.modules if m.startswith('ithrive'))))"
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
