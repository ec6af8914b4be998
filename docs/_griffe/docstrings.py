"""Griffe extension used by the docs build: render ithrive's docstrings as Markdown.

ithrive's docstrings are written for Python's ``help()`` and for doctest:
bare ``>>>`` examples and Sphinx roles such as ``:class:`Level```. Rendered
as Markdown by mkdocstrings, a bare example would become a paragraph (and a
bracketed result such as ``['micro.3a', 'micro.3b']`` a broken
cross-reference). This extension, loaded from ``mkdocs.yml``, rewrites each
docstring once the package is loaded:

- every run of ``>>>`` lines and their output becomes a fenced ``pycon`` block;
- ``:role:`target``` becomes a cross-reference when the target is an object
  the API reference renders, and inline code otherwise;
- a module attribute documented by ``#:`` comments above it (the Sphinx
  convention, which griffe does not read) gets those comments as docstring.

The source files are not changed; the doctests still run from them.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(
    r":(?:py:)?(?:class|func|meth|mod|attr|data|exc|obj|const):`(~?)([\w.]+)(?:\(\))?`"
)

#: Pages of the API reference render these modules (and ``ithrive``'s ``__all__``).
_RENDERED_MODULES = ("ithrive.rules", "ithrive.errors")

#: Objects the API reference renders on their own, by canonical path. The
#: function ``verify`` shares its name with its module, so ``::: ithrive``
#: and ``::: ithrive.rules`` see the module and docs/reference/api.md renders
#: the function explicitly.
_RENDERED_EXTRA = ("ithrive.rules.verify.verify",)


def _resolve(obj: griffe.Object | griffe.Alias) -> griffe.Object | None:
    """The object an alias points to (the object itself if it is none), or ``None``."""
    if isinstance(obj, griffe.Object):
        return obj
    try:
        return obj.final_target
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None


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
        self._rendered = self._rendered_paths(pkg) | set(_RENDERED_EXTRA)
        self._walk(pkg, set())

    def _rendered_paths(self, pkg: griffe.Module) -> set[str]:
        paths: set[str] = set()

        def add(obj: griffe.Object | griffe.Alias, public: str) -> None:
            paths.add(public)
            target = _resolve(obj)
            if target is None:
                return
            paths.add(target.path)
            if target.is_class:
                for name, member in target.members.items():
                    if not name.startswith("_"):
                        paths.add(f"{public}.{name}")
                        paths.add(f"{target.path}.{name}")
                        resolved = _resolve(member)
                        if resolved is not None:
                            paths.add(resolved.path)

        for name in pkg.exports or ():
            if isinstance(name, str) and name in pkg.members:
                add(pkg.members[name], f"ithrive.{name}")
        for module_path in _RENDERED_MODULES:
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
        if obj.is_attribute and obj.docstring is None:
            self._comment_docstring(obj)
        if obj.docstring is not None:
            obj.docstring.value = self._convert(obj.docstring.value, obj)
        for member in obj.members.values():
            if isinstance(member, griffe.Object):
                self._walk(member, seen)

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
            if path in self._rendered:
                return f"[`{shown}`][{path}]"
            return f"`{shown}`"

        return _ROLE.sub(role, _fence_examples(text))
