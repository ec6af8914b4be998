"""Griffe extension used by the docs build: render ithrive's docstrings as Markdown.

ithrive's docstrings are written for Python's ``help()`` and for doctest:
bare ``>>>`` examples and Sphinx roles such as ``:class:`Level```. Rendered
as Markdown by mkdocstrings, a bare example would become a paragraph (and a
bracketed result such as ``['micro.3a', 'micro.3b']`` a broken
cross-reference). This extension, loaded from ``mkdocs.yml``, rewrites each
docstring once the package is loaded:

- every run of ``>>>`` lines and their output becomes a fenced ``pycon`` block,
  which starts with the imports it needs: doctest runs an example with its
  module's names at hand, a reader who copies it into ``python`` has none
  (``>>> from ithrive.evidence.measures import audit`` is added above ``audit(...)``);
- ``:role:`target``` becomes a cross-reference when the target is an object
  the API reference renders, and inline code otherwise;
- a module attribute documented by ``#:`` comments above it (the Sphinx
  convention, which griffe does not read) gets those comments as docstring;
- a public module constant gets its type (from its value, when it has no
  annotation) and a link to its value, which the page prints in its
  "Values" section (see ``docs/_hooks/api.py``) instead of in the entry;
- reStructuredText that Markdown would misread is rewritten: a paragraph
  ending in ``::`` introduces a literal block (fenced here), and a ``*``
  between two letters, digits or brackets (``10**15``) is a literal star;
- base classes with private names (``_FindingsError``) are not listed, nor
  are bases from private modules that no page documents (their public
  members are listed on the subclass).

The source files are not changed; the doctests still run from them.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import re
import types
from pathlib import Path
from typing import Any

import griffe

_ROLE = re.compile(
    r":(?:py:)?(?:class|func|meth|mod|attr|data|exc|obj|const):`(~?)([\w.]+)(?:\(\))?`"
)

#: The API reference has one page per module, named after it.
_API_DIR = Path(__file__).resolve().parent.parent / "reference" / "api"

#: Literal stars: between a letter, digit or bracket and another (``10**15``, ``a*b``),
#: where reStructuredText reads no emphasis and Markdown would.
_STAR = re.compile(r"(?<=[\w)\]])(\*\*?)(?=[\w(])")
_CODE_SPAN = re.compile(r"(``.+?``|`[^`]+`)")


def _rendered_modules() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in _API_DIR.glob("ithrive.*.md")))


def _literal_blocks(text: str) -> str:
    """Turn reST ``text::`` plus an indented block into ``text:`` and a fenced block."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    in_fence = False
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        if line.strip().startswith("```"):
            in_fence = not in_fence
        if in_fence or not line.rstrip().endswith("::") or line.lstrip().startswith(">>>"):
            continue
        head = line.rstrip()[:-2]
        out[-1] = head.rstrip() if head.endswith(" ") or not head.strip() else head + ":"
        base = len(line) - len(line.lstrip())
        block: list[str] = []
        while index < len(lines) and (
            not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip()) > base
        ):
            block.append(lines[index])
            index += 1
        while block and not block[-1].strip():
            block.pop()
        body = [b for b in block if b.strip()]
        if not body:
            continue
        cut = min(len(b) - len(b.lstrip()) for b in body)
        pad = " " * base
        out += ["", f"{pad}```text", *(pad + b[cut:] if b.strip() else "" for b in block)]
        out += [f"{pad}```", ""]
    return "\n".join(out)


def _literal_stars(text: str) -> str:
    """Escape stars that reST reads literally and Markdown would read as emphasis."""
    out: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if line.strip().startswith("```"):
            in_fence = not in_fence
        if in_fence or line.strip().startswith("```"):
            out.append(line)
            continue
        parts = _CODE_SPAN.split(line)
        out.append(
            "".join(
                p if i % 2 else _STAR.sub(lambda m: "\\*" * len(m.group(1)), p)
                for i, p in enumerate(parts)
            )
        )
    return "\n".join(out)


def _resolve(obj: griffe.Object | griffe.Alias) -> griffe.Object | None:
    """The object an alias points to (the object itself if it is none), or ``None``."""
    if isinstance(obj, griffe.Object):
        return obj
    try:
        return obj.final_target
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None


def _example_code(lines: list[str]) -> str:
    """The code of a doctest example (its ``>>>`` and ``...`` lines, prompts removed)."""
    code: list[str] = []
    in_statement = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(">>>"):
            in_statement = True
            code.append(stripped[4:] if stripped.startswith(">>> ") else stripped[3:])
        elif stripped.startswith("...") and in_statement:
            code.append(stripped[4:] if stripped.startswith("... ") else stripped[3:])
        else:
            in_statement = False
    return "\n".join(code)


def _names(code: str) -> tuple[list[str], set[str], dict[str, str]]:
    """The names an example reads (in order of first use), the names it binds,
    and for each name it imports, the import statement (``from m import n``)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return [], set(), {}
    read: list[str] = []
    bound: set[str] = set()
    imports: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                if node.id not in read:
                    read.append(node.id)
            else:
                bound.add(node.id)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                name = alias.asname or alias.name
                bound.add(name)
                shown = alias.name if alias.asname is None else f"{alias.name} as {name}"
                imports[name] = f"from {node.module} import {shown}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                name = (alias.asname or alias.name).split(".")[0]
                bound.add(name)
                imports[name] = f"import {alias.name}" + (
                    f" as {alias.asname}" if alias.asname else ""
                )
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return read, bound, imports


def _public_home(name: str, value: Any, module: str, modules: tuple[str, ...]) -> str:
    """The module to import ``name`` from: its own if that has a page, else the shortest public one.

    ``Interval``, documented in ``ithrive.rules.interval`` (a module with no
    page of its own), is imported from ``ithrive.rules``.
    """
    own = [module] if module in modules else []
    candidates: list[str] = [*own, "ithrive", *sorted(modules, key=len)]
    for candidate in candidates:
        try:
            found = importlib.import_module(candidate)
        except ImportError:  # pragma: no cover - every rendered module imports
            continue
        if name in getattr(found, "__all__", ()) and getattr(found, name, None) is value:
            return candidate
    return module


def _import_lines(missing: list[str], module: str) -> list[str]:
    """``>>>`` import lines for names an example takes from its module's namespace."""
    namespace = vars(importlib.import_module(module))
    modules: list[str] = []
    by_home: dict[str, list[str]] = {}
    for name in missing:
        value = namespace[name]
        if isinstance(value, types.ModuleType):
            real = value.__name__
            modules.append(real if real.rsplit(".", 1)[-1] == name else f"{real} as {name}")
            continue
        home = _public_home(name, value, module, _rendered_modules())
        by_home.setdefault(home, []).append(name)
    lines = [f">>> import {m}" for m in modules]
    lines += [f">>> from {home} import {', '.join(names)}" for home, names in by_home.items()]
    return lines


def _merged(statements: list[str]) -> list[str]:
    """Import statements with one ``from m import a, b`` per module."""
    plain: list[str] = []
    names: dict[str, list[str]] = {}
    for statement in statements:
        if statement.startswith("from "):
            module, name = statement[5:].split(" import ", 1)
            names.setdefault(module, []).append(name)
        else:
            plain.append(statement)
    return plain + [f"from {module} import {', '.join(n)}" for module, n in names.items()]


def _public_face(module: str) -> str | None:
    """The public module that shows ``module``'s names: ``a.b`` for ``a.b._c``.

    A package split into private modules re-exports their names from its
    face, and its page documents them there. ``None`` for a dunder module
    (``ithrive.__main__`` must not be imported).
    """
    parts = module.split(".")
    for index, part in enumerate(parts):
        if part.startswith("__"):
            return None
        if part.startswith("_"):
            return ".".join(parts[:index])
    return module


def _exported(module: str, name: str, value: Any) -> bool:
    """Whether a page documents ``name`` of ``module``: its own ``__all__`` or a public one's.

    A constant defined in a private module (``MINIMUM_ENCOUNTERS``, in
    ``ithrive.evidence._responses``) is documented by the public module that
    re-exports it (``ithrive.evidence.measures``), not always its package.
    """
    if _public_face(module) == module:
        return name in getattr(importlib.import_module(module), "__all__", ())
    for public in _rendered_modules():
        found = importlib.import_module(public)
        if name in getattr(found, "__all__", ()) and getattr(found, name, None) is value:
            return True
    return False


def _add_imports(text: str, module: str | None) -> str:
    """Start each ``pycon`` block with imports of the module names it uses but does not import.

    A name an earlier example of the same docstring imported is imported
    again, so that each example pastes on its own; a name an earlier example
    computed (``plan = ...``) counts as known (doctest runs a docstring's
    examples in one namespace, and so does a reader who pastes them in order).
    """
    module = None if module is None else _public_face(module)
    if module is None:
        return text  # not rendered (and ``ithrive.__main__`` must not be imported)
    try:
        namespace = vars(importlib.import_module(module))
    except ImportError:
        return text
    lines = text.split("\n")
    out: list[str] = []
    known: set[str] = set(dir(builtins))
    earlier: dict[str, str] = {}  # names imported by an earlier example, and how
    index = 0
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        if line.strip() != "```pycon":
            continue
        indent = line[: len(line) - len(line.lstrip())]
        end = index
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        read, bound, imports = _names(_example_code(lines[index:end]))
        again = list(dict.fromkeys(earlier[n] for n in read if n in earlier and n not in bound))
        missing = [n for n in read if n not in known | bound | set(earlier) and n in namespace]
        out += [f"{indent}>>> {statement}" for statement in _merged(again)]
        out += [indent + line for line in _import_lines(missing, module)]
        known |= (bound - set(imports)) | set(missing)
        earlier.update(imports)
    return "\n".join(out)


def _fence_examples(text: str) -> str:
    out: list[str] = []
    in_fence = False
    in_example = False
    for line in text.split("\n"):
        stripped = line.strip()
        if in_example:
            if stripped:
                out.append(line)
                continue
            out.append("```")
            in_example = False
        if stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            if out and out[-1].strip():
                out.append("")
            out.append(f"{indent}```pycon")
            in_example = True
        out.append(line)
    if in_example:
        out.append("```")
    return "\n".join(out)


class DocstringsAsMarkdown(griffe.Extension):
    """Fence doctest examples and turn Sphinx roles into Markdown."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Rewrite every docstring of the package once it is fully loaded."""
        if pkg.path != "ithrive":
            return
        self._pkg = pkg
        self._comment_docstrings(pkg, set())
        self._rendered = self._rendered_paths(pkg)
        self._walk(pkg, set())

    def _comment_docstrings(self, obj: griffe.Object, seen: set[str]) -> None:
        """Give each attribute documented by ``#:`` comments its docstring, before any link."""
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.is_attribute and obj.docstring is None:
            self._comment_docstring(obj)
        for member in obj.members.values():
            if isinstance(member, griffe.Object):
                self._comment_docstrings(member, seen)

    def _rendered_paths(self, pkg: griffe.Module) -> set[str]:
        paths: set[str] = set()

        def add(obj: griffe.Object | griffe.Alias, public: str) -> None:
            paths.add(public)
            target = _resolve(obj)
            if target is None:
                return
            paths.add(target.path)
            last = public.rsplit(".", 1)[-1]
            if target.is_module and last in target.members:  # a function shadowed by its module
                paths.add(f"{target.path}.{last}")
            if target.is_class:
                # A member is rendered only if it has a docstring (an attrs field such
                # as ``ConsensusRow.id`` has none): a link to any other would be left
                # on the page as ``[id][...]``.
                for name, member in target.members.items():
                    resolved = _resolve(member)
                    if name.startswith("_") or resolved is None or resolved.docstring is None:
                        continue
                    paths.add(f"{public}.{name}")
                    paths.add(f"{target.path}.{name}")
                    paths.add(resolved.path)

        paths.add("ithrive")
        for module_path in _rendered_modules():
            module = pkg.get_member(module_path.split(".", 1)[1])
            paths.add(module_path)
            for name in module.exports or ():
                if isinstance(name, str) and name in module.members:
                    add(module.members[name], f"{module_path}.{name}")
        return paths

    def _walk(self, obj: griffe.Object, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.is_class:
            obj.bases = self._shown_bases(obj)
        if obj.docstring is not None:
            obj.docstring.value = self._convert(obj.docstring.value, obj)
        if obj.is_attribute and obj.parent is not None and obj.parent.is_module:
            self._constant(obj)
        for member in obj.members.values():
            if isinstance(member, griffe.Object):
                self._walk(member, seen)

    def _shown_bases(self, cls: griffe.Object) -> list[Any]:
        """The bases a class's entry lists: none that the reference does not document.

        A private base (``_FindingsError``) is left out. So is a base defined in
        a private module and documented on no page (``Table``, from
        ``ithrive.base._tabular``, which every result table extends;
        ``PackContents`` under ``BoardPack``): the reader could neither look it
        up nor import it. Such a base's public members are listed on the
        class itself instead, so ``to_frame`` stays documented.
        """
        kept: list[Any] = []
        for base in cls.bases:
            if str(base).rsplit(".", 1)[-1].startswith("_"):
                continue
            target = self._base_class(base)
            if target is None or _public_face(target.path) == target.path:
                kept.append(base)
                continue
            if target.path in self._rendered:
                kept.append(base)
                continue
            for name, member in target.all_members.items():
                if not name.startswith("_") and name not in cls.members:
                    cls.set_member(name, griffe.Alias(name, member, parent=cls))
        return kept

    def _base_class(self, base: Any) -> griffe.Object | None:
        """The class a base expression names, if it is one of ithrive's."""
        path = getattr(base, "canonical_path", None) or str(base)
        if not isinstance(path, str) or not path.startswith("ithrive."):
            return None
        try:
            found = _resolve(self._pkg.get_member(path.split(".", 1)[1]))
        except (KeyError, ValueError, griffe.AliasResolutionError):
            return None
        return found if found is not None and found.is_class else None

    @staticmethod
    def _comment_docstring(obj: griffe.Object) -> None:
        """Give an attribute the ``#:`` comment lines right above it as its docstring."""
        if obj.lineno is None or isinstance(obj.filepath, list):
            return
        try:
            lines = obj.lines_collection[obj.filepath]
        except KeyError:
            return
        comment: list[str] = []
        index = obj.lineno - 2
        while index >= 0 and lines[index].strip().startswith("#:"):
            comment.insert(0, lines[index].strip()[2:].strip())
            index -= 1
        if comment:
            parent = obj.module.docstring
            obj.docstring = griffe.Docstring(
                "\n".join(comment),
                lineno=index + 2,
                endlineno=obj.lineno - 1,
                parent=obj,
                parser=parent.parser if parent is not None else None,
                parser_options=parent.parser_options if parent is not None else None,
            )

    @staticmethod
    def _constant(obj: griffe.Object) -> None:
        """Give a public module constant a type and a link to its printed value."""
        module = obj.parent
        if module is None or _public_face(module.path) is None or obj.name.startswith("_"):
            return
        try:
            value = getattr(importlib.import_module(module.path), obj.name)
        except (ImportError, AttributeError):
            return
        if not _exported(module.path, obj.name, value):
            return
        if isinstance(value, type) or callable(value) or type(value).__module__ == "typing":
            return
        if type(value).__name__ in {"UnionType", "ModuleType", "GenericAlias"}:
            return
        if obj.annotation is None:
            kind = type(value)
            obj.annotation = kind.__name__ if kind.__module__ == "builtins" else kind.__qualname__
        link = f"[Value][value-{obj.name}]"
        if obj.docstring is None:
            obj.docstring = griffe.Docstring(link, parent=obj)
        elif link not in obj.docstring.value:
            obj.docstring.value = f"{obj.docstring.value}\n\n{link}"

    def _unshadow(self, path: str) -> str:
        """Map a module path ``a.b.f`` to the function ``a.b.f.f`` it shadows, if any."""
        if not path.startswith("ithrive."):
            return path
        try:
            found = self._pkg.get_member(path.split(".", 1)[1])
        except (KeyError, ValueError, griffe.AliasResolutionError):
            return path
        last = path.rsplit(".", 1)[-1]
        if found.is_module and last in found.members and not found.members[last].is_module:
            return f"{path}.{last}"
        return path

    def _convert(self, text: str, obj: griffe.Object) -> str:
        def role(match: re.Match[str]) -> str:
            short, target = match.groups()
            shown = target.rsplit(".", 1)[-1] if short else target
            path = target
            if "." not in target or not target.startswith("ithrive"):
                try:
                    path = obj.resolve(target)
                except (griffe.NameResolutionError, ValueError, KeyError):
                    path = ""
            path = self._unshadow(path)
            if path not in self._rendered and path.startswith("ithrive."):
                path = self._canonical(path)
            if path in self._rendered:
                return f"[`{shown}`][{path}]"
            return f"`{shown}`"

        text = _literal_stars(_fence_examples(_literal_blocks(text)))
        text = _add_imports(text, obj.module.path if obj.module is not None else None)
        return _ROLE.sub(role, text)

    def _canonical(self, path: str) -> str:
        """The path an ``ithrive.name`` re-export points to (the path itself if none)."""
        try:
            found = self._pkg.get_member(path.split(".", 1)[1])
        except (KeyError, ValueError, griffe.AliasResolutionError):
            return path
        target = _resolve(found)
        return self._unshadow(target.path) if target is not None else path
