"""The code's layout: layers as folders, imports pointing downward, nothing private borrowed.

The layers and their order are declared once, in ``[tool.importlinter]`` of
``pyproject.toml``; the developers guide ("How the code is organised") draws
them. These tests hold the source to that declaration.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import inspect
import io
import re
import tomllib
import typing
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


#: Internal modules (``_name``) that layers other than their own import, and why. The
#: ground's are shared on purpose (every layer shows values, hints and frames alike); of
#: the others only the scorecard's builder, which scoring, studies and outputs share
#: without a public, checked constructor on their hot paths. Any other name a layer needs
#: from another is public: reached through that layer's public modules.
SHARED_INTERNALS = {
    "ithrive._messages": "how a value from outside is shown in a message",
    "ithrive._version": "the package's version",
    "ithrive.base": "the ground's internal helpers: hints, extras, tables, checks, structuring",
    "ithrive.scorecard._card": "card_of (a scorecard from its item results) and scorecards",
}


def _layer_of(name: str) -> str | None:
    """The declared layer ``name`` sits in (the longest match), or ``None``."""
    found = [layer for layer in LAYERS if name == layer or name.startswith(layer + ".")]
    return max(found, key=len) if found else None


def _internal_module(target: str) -> str | None:
    """The internal module a dotted import path goes through (``a._b.c`` -> ``a._b``)."""
    parts = target.split(".")
    for n, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[: n + 1])
    return None


def _borrowed_internals(name: str, path: Path) -> list[str]:
    """Imports of another layer's internal module that no entry of the shared list allows."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            targets = [node.module]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        for target in targets:
            internal = _internal_module(target) if target.startswith("ithrive.") else None
            if internal is None or _layer_of(internal) == _layer_of(name):
                continue
            if not any(internal == s or internal.startswith(s + ".") for s in SHARED_INTERNALS):
                found.append(f"{name}:{node.lineno} imports {target}")
    return found


def test_an_internal_module_serves_its_own_layer_only() -> None:
    """Another layer reaches a layer through its public modules, unless the module is shared."""
    found = [line for name, path in _modules() for line in _borrowed_internals(name, path)]
    assert found == []


def test_every_shared_internal_module_is_still_used_across_layers() -> None:
    """The shared list names only internal modules another layer does import."""
    used = set()
    for name, path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                internal = (
                    _internal_module(node.module) if node.module.startswith("ithrive.") else None
                )
                if internal is not None and _layer_of(internal) != _layer_of(name):
                    used.update(
                        s for s in SHARED_INTERNALS if internal == s or internal.startswith(s + ".")
                    )
    assert used == set(SHARED_INTERNALS)


def test_no_module_is_longer_than_the_layout_allows() -> None:
    """Modules are split by concept before they grow past about 600 lines."""
    long = {
        name: lines
        for name, path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def _may_import_paragraph(layer: str) -> str:
    init = PACKAGE.parent / layer.replace(".", "/") / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    return next(p for p in doc.split("\n\n") if "may import" in p.lower())


#: Each layer folder and the layers the contract puts right under it.
UNDER = {
    name: CONTRACT["layers"][index + 1].split(" | ")
    for index, line in enumerate(CONTRACT["layers"][:-1])
    for name in line.split(" | ")
    if (PACKAGE.parent / name.replace(".", "/")).is_dir()
}


@pytest.mark.parametrize(("layer", "below"), list(UNDER.items()), ids=list(UNDER))
def test_each_layer_may_import_the_layer_the_contract_puts_under_it(
    layer: str, below: list[str]
) -> None:
    """A layer's docstring names, as what it may import, the layer right under it in the contract.

    The instruments' said "the scoring layer" while the contract puts them
    beside the studies, over the analysis.
    """
    paragraph = _may_import_paragraph(layer)
    if layer == CONTRACT["layers"][0]:
        assert "every layer below" in paragraph
        return
    named = set(re.findall(r":mod:`~?(ithrive[\w.]*)`", paragraph))
    assert set(below) <= named, paragraph


def _moved_table() -> list[tuple[list[str], str]]:
    """The "was | now" rows of the CHANGELOG's layout entry: old paths and the new cell."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    start = text.index("| was | now |")
    rows = []
    for line in text[start:].splitlines()[2:]:
        if not line.strip().startswith("|"):
            break
        was, now = (cell.strip() for cell in line.strip().strip("|").split(" | "))
        rows.append((re.findall(r"`(ithrive[\w.]*)`", was), now))
    return rows


def test_the_changelog_says_where_each_moved_module_went() -> None:
    """Every old path in the CHANGELOG's table is gone, and every new one imports.

    A row "the same names under ``ithrive.studies``" means each old module
    ``ithrive.x`` is now ``ithrive.studies.x``.
    """
    rows = _moved_table()
    assert len(rows) >= 8
    for old, now in rows:
        new = re.findall(r"`(ithrive[\w.]*)`", now)
        if now.startswith("the same names under"):
            new = [f"{new[0]}.{path.rsplit('.', 1)[1]}" for path in old]
        for path in old:
            assert importlib.util.find_spec(path) is None, f"{path} still imports"
        for path in new:
            module, _, name = path.rpartition(".")
            found = importlib.util.find_spec(path) is not None or hasattr(
                importlib.import_module(module), name
            )
            assert found, f"{path}, which the CHANGELOG names, does not exist"


def _public_classes() -> list[tuple[str, type]]:
    """Every class a public module exports, once, with the first module exporting it."""
    seen: dict[int, tuple[str, type]] = {}
    for name, _ in _modules():
        if any(part.startswith("_") for part in name.split(".")) or name == "ithrive.data":
            continue
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            value = getattr(module, attr)
            if isinstance(value, type) and value.__module__.startswith("ithrive"):
                seen.setdefault(id(value), (f"{name}.{attr}", value))
    return list(seen.values())


def test_public_classes_keep_the_module_that_defines_them() -> None:
    """A class names its defining module (often private), so its annotations and source resolve.

    Setting ``__module__`` to the public package would break
    ``typing.get_type_hints`` (which result tables use on their row types,
    and attrs and cattrs on fields) and ``inspect.getsource``; the developers
    guide says to import from the package and to keep results as JSON, not
    pickles, across versions.
    """
    broken = []
    for path, cls in _public_classes():
        defining = importlib.import_module(cls.__module__)
        if getattr(defining, cls.__qualname__.split(".")[0], None) is None:
            broken.append(f"{path}: not found in {cls.__module__}")
            continue
        try:
            typing.get_type_hints(cls)
            inspect.getsource(cls)
        except Exception as error:  # any failure is what this test reports
            broken.append(f"{path}: {type(error).__name__}: {error}")
    assert broken == []
