"""The code's layout: layers as folders, imports pointing downward, no borrowed private names.

The layers and their order are declared once, in ``[tool.importlinter]`` of
``pyproject.toml``; the developers guide ("How the code is organised") draws
them. These tests hold the source to that declaration.
"""

from __future__ import annotations

import ast
import contextlib
import io
import tomllib
from pathlib import Path

import pytest
from importlinter.application.use_cases import lint_imports
from importlinter.configuration import configure

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "ithrive"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONTRACT = PYPROJECT["tool"]["importlinter"]["contracts"][0]
#: The layer packages and top-level modules, as the contract names them, top first.
LAYERS = [name for line in CONTRACT["layers"] for name in line.split(" | ")]
#: Longest module the layout allows, in lines ("about 600" in the layout's issue).
MAX_LINES = 600


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out.append((".".join(parts), path))
    return out


def test_imports_point_downward_through_the_declared_layers() -> None:
    """No module imports from a layer above its own (import-linter's layers contract)."""
    configure()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        kept = lint_imports(
            config_filename=str(ROOT / "pyproject.toml"), no_logo=True, cache_dir=None
        )
    assert kept, out.getvalue()


def test_every_module_belongs_to_a_layer() -> None:
    """Each module sits in one declared layer (beside the package's face, version and data)."""
    outside = [
        name
        for name, _ in _modules()
        if name not in {"ithrive", "ithrive.__main__", "ithrive._version", "ithrive.data"}
        and not any(name == layer or name.startswith(layer + ".") for layer in LAYERS)
    ]
    assert outside == []


@pytest.mark.parametrize(
    "layer", [n for n in LAYERS if (PACKAGE.parent / n.replace(".", "/")).is_dir()]
)
def test_each_layer_says_what_it_is_and_what_it_may_import(layer: str) -> None:
    """A layer folder's ``__init__`` docstring names what the layer may import."""
    init = PACKAGE.parent / layer.replace(".", "/") / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    assert "may import" in doc.lower(), f"{init} does not say what {layer} may import"


def _private_imports(name: str, path: Path) -> list[str]:
    """``from other import _private`` and ``other._private`` uses in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if not node.module.startswith("ithrive") or node.module == name:
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{name}:{node.lineno} takes {alias.name} from {node.module}")
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append(f"{name}:{node.lineno} imports relatively from {own}")
    return found


def test_no_module_takes_a_private_name_from_another() -> None:
    """A helper shared by modules has a home of its own with a public name."""
    found = [line for name, path in _modules() for line in _private_imports(name, path)]
    assert found == []


def test_no_module_is_longer_than_the_layout_allows() -> None:
    """Modules are split by concept before they grow past about 600 lines."""
    long = {
        name: lines
        for name, path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
