"""MkDocs hook: the Python API reference, one small page per public module.

Each module page (``docs/reference/api/<module>.md``) holds one line,
``::: <module>``. This hook fills in, when the page is built:

- which names the page renders: the module's ``__all__``, less what its
  parent package (when that has a page of its own) already re-exports, so
  each object is documented once;
- for the ``ithrive`` package, a table of its re-exports, each linked to the
  page that documents it;
- a "Values" section listing each constant's value, which the entry of the
  constant links to (the entry itself shows only its name and type);
- once a page is rendered, each constant's link to its value pointing at
  its own page, and no hover title naming a private module (the defining
  module of a type no page documents).

Task-area pages list their modules with a marker line
``<!-- api-summary: ithrive.evidence.measures ithrive.analysis.uncertainty -->``, which becomes
a table per module: every public name, its kind and its summary line.

Everything is computed from the package, so a new public module needs only
its one-line page, a line in ``mkdocs.yml`` and a module name in a marker.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pprint
import re
import sys
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent.parent
API_DIR = "reference/api/"
#: Values longer than this are described, not printed.
MAX_VALUE_CHARS = 3000

_SUMMARY = re.compile(r"^<!-- api-summary: ([\w. ]+) -->$", re.MULTILINE)
_DIRECTIVE = re.compile(r"^::: (ithrive[\w.]*)\s*$", re.MULTILINE)

if str(ROOT / "src") not in sys.path:  # pragma: no cover - depends on how mkdocs is run
    sys.path.insert(0, str(ROOT / "src"))


def module_pages() -> list[str]:
    """The modules that have a page, from the files in ``docs/reference/api``."""
    return sorted(path.stem for path in (ROOT / "docs" / API_DIR).glob("ithrive*.md"))


def public_names(module: str) -> list[str]:
    """A module's ``__all__``, in its own order."""
    return list(getattr(importlib.import_module(module), "__all__", ()))


def rendered_names(module: str) -> list[str]:
    """The names a module's page documents.

    A package's page documents what it re-exports, so a submodule's page
    documents only the names its package does not; the ``ithrive`` page
    documents none (it links each re-export to its own page).
    """
    if module == "ithrive":
        return []
    mod = importlib.import_module(module)
    return [
        name
        for name in _own_names(module)
        if (home := defined_in(getattr(mod, name))) in (None, module)
        or home not in module_pages()
        or getattr(importlib.import_module(home), name, None) is not getattr(mod, name)
        or name not in _own_names(home)
    ]


def _own_names(module: str) -> list[str]:
    """A module's ``__all__`` less what its parent package, when that has a page, re-exports."""
    names = public_names(module)
    parent = module.rsplit(".", 1)[0]
    if parent != "ithrive" and parent in module_pages():
        shared = set(public_names(parent))
        names = [name for name in names if name not in shared]
    return names


def defined_in(value: Any) -> str | None:
    """The module a class or function is defined in (``None`` for a value).

    A class that a feature module re-exports from the module defining it
    (``ReportError``, defined in ``ithrive.errors``, in ``ithrive.scorecard.report``'s
    ``__all__``) is documented on the defining module's page only.
    """
    if inspect.isclass(value) or inspect.isroutine(value):
        return getattr(value, "__module__", None)
    return None


def shadowed(module: str, name: str) -> bool:
    """Whether a name is a function that shares its name with a submodule (``rules.verify``).

    The docs loader sees the submodule under that name, so the page renders
    the function by its own path, ``<module>.<name>.<name>``.
    """
    value = getattr(importlib.import_module(module), name)
    if isinstance(value, types.ModuleType):
        return False
    return (
        importlib.util.find_spec(f"{module}.{name}") is not None if _is_package(module) else False
    )


def _is_package(module: str) -> bool:
    return hasattr(importlib.import_module(module), "__path__")


def anchor(module: str, name: str) -> str:
    """The identifier of a name's entry on its module's page."""
    if shadowed(module, name):
        value = getattr(importlib.import_module(module), name)
        return f"{value.__module__}.{value.__qualname__}"
    return f"{module}.{name}"


def kind_of(value: Any) -> str:
    """What a public name is, in one word or two."""
    if inspect.isclass(value):
        return "exception" if issubclass(value, BaseException) else "class"
    if inspect.isroutine(value):
        return "function"
    if isinstance(value, types.ModuleType):
        return "module"
    if isinstance(value, (types.UnionType, types.GenericAlias)) or typing.get_origin(value):
        return "type alias"
    return "constant"


def is_constant(module: str, name: str) -> bool:
    """Whether a name is a value (not a class, function, module or type alias)."""
    return kind_of(getattr(importlib.import_module(module), name)) == "constant"


@cache
def _griffe_package() -> Any:
    """ithrive as the API reference sees it: docstrings already turned into Markdown."""
    import griffe

    extension = str(ROOT / "docs" / "_griffe" / "docstrings.py") + ":DocstringsAsMarkdown"
    return griffe.load(
        "ithrive",
        search_paths=[str(ROOT / "src")],
        extensions=griffe.load_extensions(extension),
    )


def summary_line(module: str, name: str) -> str:
    """The first paragraph of a name's docstring, on one line, safe in a table cell."""
    package = _griffe_package()
    path = f"{module}.{name}".split(".", 1)[1]
    try:
        obj = package.get_member(path)
        docstring = obj.docstring
    except Exception:  # an alias that griffe cannot resolve: no summary rather than no page
        docstring = None
    if docstring is None:
        return ""
    text = re.sub(r"\[Value\]\[value-\w+\]", "", docstring.value).strip()
    first = text.split("\n\n", 1)[0]
    return " ".join(first.split()).replace("|", "\\|")


def documented_at(name: str, value: Any) -> str | None:
    """The identifier under which a re-exported object is documented, if any page renders it."""
    for module in module_pages():
        mod = importlib.import_module(module)
        if name in rendered_names(module) and getattr(mod, name, None) is value:
            return anchor(module, name)
    return None


def _table(module: str, names: list[str], link_module: bool) -> list[str]:
    mod = importlib.import_module(module)
    rows = ["| name | kind | what it is |", "|---|---|---|"]
    for name in names:
        value = getattr(mod, name)
        here = not link_module and name in rendered_names(module)
        target = anchor(module, name) if here else documented_at(name, value)
        shown = f"[`{name}`][{target}]" if target else f"`{name}`"
        summary = summary_line(target.rsplit(".", 1)[0] if target else module, name)
        if name == "__version__":  # no docstring of its own, and no entry to link to
            summary = "The installed version of ithrive, a string such as `1.0.0`."
        rows.append(f"| {shown} | {kind_of(value)} | {summary} |")
    return rows


def summary_tables(modules: list[str]) -> str:
    """One heading and table per module: every name it documents, with kind and summary."""
    known = module_pages()
    out: list[str] = []
    for module in modules:
        if module not in known:
            raise PluginError(f"api-summary names {module}, which has no page in {API_DIR}")
        doc = inspect.getdoc(importlib.import_module(module)) or ""
        first = " ".join(doc.split("\n\n", 1)[0].split())
        first = re.sub(r":\w+:`~?([\w.]+)`", r"`\1`", first).replace("``", "`")
        out += [f"## [`{module}`]({module}.md)", "", first, ""]
        # Every public name of the module, linked to where it is documented.
        names = public_names(module) if module == "ithrive" else _own_names(module)
        if names:
            out += [*_table(module, names, link_module=module == "ithrive"), ""]
        else:
            out += ["Its public names are documented with its package.", ""]
    return "\n".join(out)


def _value_text(value: Any) -> str:
    if isinstance(value, types.MappingProxyType):
        value = dict(value)
    text = pprint.pformat(value, width=88, sort_dicts=False)
    if len(text) > MAX_VALUE_CHARS:
        return ""
    return text


def values_section(module: str) -> str:
    """A "Values" section: every constant the page documents, printed."""
    mod = importlib.import_module(module)
    names = [name for name in rendered_names(module) if is_constant(module, name)]
    if not names:
        return ""
    out = ["", "## Values {#values}", ""]
    for name in names:
        value = getattr(mod, name)
        out += [f"### `{name}` {{#value-{name}}}", ""]
        text = _value_text(value)
        if text:
            out += ["```python", text, "```", ""]
        else:
            size = len(repr(value))
            out += [
                f"A `{type(value).__name__}` whose `repr` runs to {size:,} characters; "
                f"`print({module}.{name})` shows it.",
                "",
            ]
    return "\n".join(out)


def module_page(module: str, markdown: str) -> str:
    """Fill in a module page: the names to render, the re-export table and the values."""
    if module == "ithrive":
        options = "    options:\n      members: false\n"
        table = "\n".join(
            ["", "## Re-exported names", "", *_table(module, public_names(module), True)]
        )
        extra = table + "\n\nThe package version is `ithrive.__version__`, a string.\n"
    else:
        names = rendered_names(module)
        own = [name for name in names if not shadowed(module, name)]
        listed = ", ".join(own)
        options = (
            f"    options:\n      members: [{listed}]\n"
            if own
            else "    options:\n      members: false\n"
        )
        for name in names:
            if name not in own:
                options += f"\n::: {anchor(module, name)}\n    options:\n      heading_level: 2\n"
        extra = values_section(module)

    def directive(match: re.Match[str]) -> str:
        if match.group(1) != module:
            raise PluginError(f"{API_DIR}{module}.md must render {module}, not {match.group(1)}")
        return f"::: {module}\n{options}"

    text, count = _DIRECTIVE.subn(directive, markdown)
    if count != 1:
        raise PluginError(f"{API_DIR}{module}.md must hold exactly one '::: {module}' line")
    return text + extra


#: The hover title of a type that no page documents, when it names a private
#: module: ``<span title="ithrive.instruments._structure.Source">``.
_PRIVATE_TITLE = re.compile(r'<span title="ithrive(?:\.[a-z]\w*)*\._\w+(?:\.\w+)*">')


#: A constant's link to its value, before autorefs resolves it (``[Value][value-NAME]``).
_VALUE_REF = re.compile(r'<autoref [^>]*\bidentifier="value-(\w+)"[^>]*>(.*?)</autoref>', re.DOTALL)


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    """Point each constant's "Value" link at the Values section of its own page.

    Left to autorefs, a name with a value on two pages (``PALETTE``: the
    reports' colours and the plots') would link both entries to one page.
    """
    if not page.file.src_uri.startswith(API_DIR):
        return html
    return _VALUE_REF.sub(r'<a href="#value-\1">\2</a>', html)


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    """Drop hover titles that would show a reader a private module's path.

    A type in a signature that no page documents (a type alias such as
    ``Source``) is shown as plain text with its full path as hover title;
    for a name defined in a private module, that path is one a reader must
    not import from. The name itself stays.
    """
    return _PRIVATE_TITLE.sub("<span>", output)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Expand API module pages and api-summary markers."""
    uri = page.file.src_uri
    if uri.startswith(API_DIR) and Path(uri).stem.startswith("ithrive"):
        markdown = module_page(Path(uri).stem, markdown)
    return _SUMMARY.sub(lambda m: summary_tables(m.group(1).split()), markdown)
