"""The built documentation site: every public module has a page, and pages render as written.

The site is built once (``mkdocs build --strict``, a few seconds) into a
temporary folder; the tests read its HTML. Layout in a real browser is
checked by hand with ``tools/screenshots.py``.
"""

from __future__ import annotations

import code
import html
import importlib
import importlib.util
import inspect
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import ithrive

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
API = DOCS / "reference" / "api"

_COPY = re.compile(r'data-copy="([^"]*)">(?:<span></span>)?<code><span class="gp">([^<]*)</span>')
_TAG = re.compile(r"<[^>]+>")


def public_modules() -> list[str]:
    """Modules a user imports from: no ``_`` in the path, and names of their own.

    A submodule whose every public name its package re-exports is an
    implementation detail of the package (its names are documented there).
    """
    found = ["ithrive"]
    for info in pkgutil.walk_packages(ithrive.__path__, "ithrive."):
        name = info.name
        if any(part.startswith("_") for part in name.split(".")) or name == "ithrive.data":
            continue
        module = importlib.import_module(name)
        names = set(getattr(module, "__all__", ()))
        parent = name.rsplit(".", 1)[0]
        if parent != "ithrive":
            names -= set(getattr(importlib.import_module(parent), "__all__", ()))
        if names:
            found.append(name)
    return sorted(found)


def nav_pages() -> set[str]:
    """Every page named in the navigation of ``mkdocs.yml``."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    return set(re.findall(r"(\S+\.md)\s*$", text, re.MULTILINE))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation, built strictly into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert 0 == done.returncode, done.stderr
    return out


def api_pages(site: Path) -> dict[str, str]:
    """The HTML of every module page of the API reference, by module."""
    return {
        path.parent.name: path.read_text("utf-8")
        for path in sorted((site / "reference" / "api").glob("ithrive*/index.html"))
    }


def prose(page: str) -> str:
    """The article of a page with code blocks and inline code removed."""
    start, end = page.find("<article"), page.find("</article>")
    text = page[start:end]
    text = re.sub(r"<pre\b.*?</pre>", "", text, flags=re.DOTALL)
    return re.sub(r"<code\b.*?</code>", "", text, flags=re.DOTALL)


def sessions(page: str, prompt: str = "&gt;&gt;&gt;") -> list[str]:
    """The copy text of every Python session on a page (or shell session, with ``prompt="$"``)."""
    return [html.unescape(text) for text, first in _COPY.findall(page) if first.strip() == prompt]


class TestApiReferenceStructure:
    """One small page per public module, each in the navigation and in a task page's table."""

    def test_every_public_module_has_a_page(self) -> None:
        """``docs/reference/api/<module>.md`` exists for every public module."""
        missing = [m for m in public_modules() if not (API / f"{m}.md").exists()]
        assert [] == missing

    def test_every_page_is_of_a_public_module(self) -> None:
        """No page is left over from a module that was removed or made private."""
        pages = sorted(path.stem for path in API.glob("ithrive*.md"))
        assert public_modules() == pages

    def test_every_module_page_is_in_the_navigation(self) -> None:
        """Each module page is listed in ``mkdocs.yml``, under its task area."""
        nav = nav_pages()
        missing = [m for m in public_modules() if f"reference/api/{m}.md" not in nav]
        assert [] == missing

    def test_every_module_is_in_a_task_page_summary(self) -> None:
        """Each module appears in an ``api-summary`` marker of a task-area page."""
        listed: set[str] = set()
        for path in API.glob("*.md"):
            for found in re.findall(r"<!-- api-summary: ([\w. ]+) -->", path.read_text("utf-8")):
                listed.update(found.split())
        assert [] == [m for m in public_modules() if m not in listed]

    def test_the_index_names_every_module(self) -> None:
        """The index's task table names each public module.

        A cell names modules as ``evidence`` (``kinds``, ``reading``) or
        ``rules`` and its modules; ``model.level`` was missing.
        """
        text = (API / "index.md").read_text("utf-8")
        named: set[str] = set()
        entry = re.compile(r"`([\w.]+)`(?: \(([^)]*)\))?( and its modules)?")
        for cell in re.findall(r"^\|[^|]+\| (.+) \|$", text, re.MULTILINE)[1:]:
            for head, subs, rest in entry.findall(cell):
                module = head if head == "ithrive" else f"ithrive.{head}"
                named.add(module)
                named.update(f"{module}.{sub}" for sub in re.findall(r"`(\w+)`", subs))
                if rest:
                    named.update(m for m in public_modules() if m.startswith(module + "."))
        assert [] == [m for m in public_modules() if m not in named]


class TestApiReferenceRendering:
    """Docstrings render as written: no reST or Markdown markup left over or misread."""

    @pytest.mark.parametrize(
        ("fault", "why"),
        [
            (r"(?<!\d)\*\*|\*\*(?!\d)", "bold left as stars, or a misread 10**15"),
            ("::", "a reST literal-block marker shown as text"),
            (":class:", "a Sphinx role not turned into a link"),
            (":func:", "a Sphinx role not turned into a link"),
            ("`", "a stray backtick: inline code not rendered"),
            ("&gt;&gt;&gt;", "a doctest outside a code block"),
            (r"\d\*?<(?:em|strong)>", "emphasis after a digit: 10**15 read as bold"),
        ],
    )
    def test_no_module_page_shows_markup_as_text(self, site: Path, fault: str, why: str) -> None:
        """The prose of every module page is free of a known rendering fault."""
        pattern = re.compile(fault if "\\" in fault else re.escape(fault))
        found = {
            module: len(pattern.findall(prose(page)))
            for module, page in api_pages(site).items()
            if pattern.search(prose(page))
        }
        assert {} == found, why

    def test_no_class_or_function_is_documented_on_two_pages(self, site: Path) -> None:
        """An object a feature module re-exports (``ReportError``) has one entry, on its page."""
        pages: dict[int, list[str]] = {}
        for module, page in api_pages(site).items():
            for path in re.findall(
                rf'<h2 id="({re.escape(module)}\.\w+)" class="doc doc-heading"', page
            ):
                value = getattr(importlib.import_module(module), path.rsplit(".", 1)[1])
                if inspect.isclass(value) or inspect.isroutine(value):
                    pages.setdefault(id(value), []).append(path)
        assert [] == [paths for paths in pages.values() if len(paths) > 1]

    def test_no_page_names_a_source_document_by_its_file_number(self, site: Path) -> None:
        """Instruments are named by title: "source ``001``" means nothing to a reader."""
        pattern = re.compile(r"source <code>\d{3}</code>|\b00\d_[0-9a-f]{16}\b")
        found = [module for module, page in api_pages(site).items() if pattern.search(page)]
        assert [] == found

    def test_every_summary_row_says_what_the_name_is(self, site: Path) -> None:
        """No row of a summary table has an empty "what it is" cell (``__version__`` had one)."""
        empty: list[str] = []
        for path in sorted((site / "reference" / "api").glob("*/index.html")):
            page = path.read_text("utf-8")
            for row in re.findall(r"<tr>(.*?)</tr>", page, re.DOTALL):
                cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
                if len(cells) == 3 and not _TAG.sub("", cells[2]).strip():
                    empty.append(f"{path.parent.name}: {_TAG.sub('', cells[0]).strip()}")
        assert [] == empty

    def test_a_power_reads_as_written(self, site: Path) -> None:
        """``10**15`` in a docstring is shown as ``10**15``, not as bold text."""
        assert "(10**15)" in prose(api_pages(site)["ithrive.studies.batch"])

    def test_no_private_name_is_shown(self, site: Path) -> None:
        """Headings, signatures and base classes name no ``_private`` object."""
        shown: dict[str, list[str]] = {}
        for module, page in api_pages(site).items():
            parts = re.findall(
                r'class="doc doc-heading".*?</h\d>|class="doc-signature.*?</pre>|Bases:.*?</p>',
                page,
                re.DOTALL,
            )
            names = re.findall(r"(?<![\w.])_[A-Za-z]\w*", _TAG.sub("", " ".join(parts)))
            if names:
                shown[module] = sorted(set(names))
        assert {} == shown

    def test_no_page_names_a_private_module(self, site: Path) -> None:
        """No API page shows a private module's path, in its text or a hover title.

        Names are defined in private submodules (``ithrive.studies.batch._scorer``)
        and imported from their package; a path a reader copies from a page
        must be the package's.
        """
        private = re.compile(r"\bithrive(?:\.[a-z]\w*)*\._[a-z]\w*\.")
        found = {
            module: sorted(set(private.findall(page)))
            for module, page in api_pages(site).items()
            if private.search(page)
        }
        assert {} == found

    def test_no_page_maps_a_package_by_its_private_modules(self, site: Path) -> None:
        """A package's map of its ``_`` modules is for contributors: a comment, not a docstring."""
        private = {
            path.stem
            for path in (ROOT / "src" / "ithrive").rglob("_*.py")
            if not path.stem.startswith("__")
        }
        named = re.compile(r"(?<![\w.])(_[a-z]\w*)(?!\w)")
        found: dict[str, list[str]] = {}
        for module, page in api_pages(site).items():
            article = page[page.find("<article") : page.find("</article>")]
            text = html.unescape(_TAG.sub("", re.sub(r"<pre\b.*?</pre>", "", article, flags=re.S)))
            if shown := sorted(set(named.findall(text)) & private):
                found[module] = shown
        assert {} == found

    def test_no_cross_reference_is_left_as_text(self, site: Path) -> None:
        """A docstring's role that found no entry is not shown as ``[id][ithrive....]``."""
        left = re.compile(r"\]\[ithrive[\w.]*\]")
        found = [
            str(path.relative_to(site))
            for path in site.rglob("*.html")
            if left.search(path.read_text("utf-8"))
        ]
        assert [] == found

    def test_a_result_table_lists_what_every_table_offers(self, site: Path) -> None:
        """``ConsensusTable`` documents ``to_frame`` and ``where``, and lists no private base.

        Its base, ``Table``, lives in a private module no page documents.
        """
        page = api_pages(site)["ithrive.studies.raters"]
        for name in ("to_frame", "where", "to_dicts", "to_text"):
            assert f'id="ithrive.studies.raters.ConsensusTable.{name}"' in page
        entry = page[page.index('id="ithrive.studies.raters.ConsensusTable"') :]
        entry = entry[: entry.index('id="ithrive.studies.raters.ConsensusTable.')]
        assert "Bases:" not in entry

    def test_constants_show_their_type_and_link_to_their_value(self, site: Path) -> None:
        """A constant's entry has a type and a link to the page's Values section."""
        page = api_pages(site)["ithrive.outputs.schema"]
        entry = page[page.index('<h2 id="ithrive.outputs.schema.KIND_FIELDS"') :]
        entry = entry[: entry.index('<div class="doc doc-object')]
        assert 'href="#value-KIND_FIELDS"' in entry
        assert "Mapping" in _TAG.sub("", entry)
        assert 'id="value-KIND_FIELDS"' in page

    def test_a_constant_links_to_the_value_on_its_own_page(self, site: Path) -> None:
        """The reports' ``PALETTE`` links to the reports' colours, not to the plots' ones."""
        wrong: list[str] = []
        for module, page in api_pages(site).items():
            for href in re.findall(r'href="([^"]*)#value-(\w+)"', page):
                target, name = href
                if target or f'id="value-{name}"' not in page:
                    wrong.append(f"{module}: {target}#value-{name}")
        assert [] == wrong
        report = api_pages(site)["ithrive.scorecard.report"]
        entry = report[report.index('id="ithrive.scorecard.report.PALETTE"') :]
        assert 'href="#value-PALETTE"' in entry[: entry.index("<h2 ")]

    def test_the_package_page_links_every_reexport(self, site: Path) -> None:
        """``ithrive``'s page lists each name of its ``__all__`` with a link to its entry."""
        page = api_pages(site)["ithrive"].replace("<wbr>", "")
        table = page[page.index('id="re-exported-names"') :]
        linked = set(re.findall(r"<a [^>]*href=\"[^\"]*#ithrive\.[\w.]+\"[^>]*><code>(\w+)", table))
        assert set(ithrive.__all__) - {"__version__"} <= linked


class TestCopyButtons:
    """The copy button of a Python session copies code that runs when pasted into ``python``."""

    def test_every_session_copies_code_that_compiles(self, site: Path) -> None:
        """Across the site, each session's copy text is valid Python, with no prompt."""
        bad: list[str] = []
        count = 0
        for path in site.rglob("*.html"):
            for text in sessions(path.read_text("utf-8")):
                count += 1
                try:
                    compile(text, str(path), "exec")
                except SyntaxError:
                    bad.append(f"{path.relative_to(site)}: {text[:60]!r}")
                if ">>>" in text.split("\n", 1)[0]:
                    bad.append(f"{path.relative_to(site)}: prompt copied")
        assert count > 100
        assert [] == bad

    def test_tutorial_blocks_run_when_pasted_one_by_one(
        self, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Each tutorial block, pasted line by line into an interactive console, runs cleanly."""
        monkeypatch.chdir(tmp_path)
        blocks = sessions((site / "tutorial" / "index.html").read_text("utf-8"))
        assert len(blocks) > 5
        assert [] == paste(*blocks)

    def test_api_examples_run_when_pasted_alone(
        self, site: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A docstring example copied from an API page brings its imports: no ``NameError``.

        Doctest runs a docstring's examples with the module's names at hand;
        a reader pasting one into a fresh ``python`` has only what it imports.
        """
        monkeypatch.chdir(ROOT)
        missing: list[str] = []
        count = 0
        for page in sorted((site / "reference" / "api").glob("ithrive*/index.html")):
            for block in sessions(page.read_text("utf-8")):
                count += 1
                missing += [
                    f"{page.parent.name}: {error} in {block[:50]!r}"
                    for error in paste(block)
                    if error.startswith("NameError")
                ]
        assert count > 50
        assert [] == missing

    def test_the_page_still_shows_the_session(self, site: Path) -> None:
        """The prompts and the output are still on the page (and doctest still runs them)."""
        page = (site / "tutorial" / "index.html").read_text("utf-8")
        assert '<span class="gp">&gt;&gt;&gt; </span>' in page
        assert '<span class="go">' in page


def paste(*texts: str) -> list[str]:
    """Paste texts one after another into one interactive console, as into ``python``; its errors.

    Each text is pasted line by line and ended with an empty line, so a
    later text sees the names an earlier one made.
    """
    errors: list[str] = []

    class Console(code.InteractiveConsole):
        def showtraceback(self) -> None:
            errors.append(repr(sys.exc_info()[1]))

        def showsyntaxerror(self, filename: str | None = None, **kwargs: object) -> None:
            errors.append(repr(sys.exc_info()[1]))

    console = Console()
    for text in texts:
        for line in text.rstrip().split("\n"):  # the copy button trims the end
            console.push(line)
        console.push("")
    return errors


def session_source(session: str) -> str:
    """The copy text the docs' hook makes of a session."""
    spec = importlib.util.spec_from_file_location("sessions_hook", DOCS / "_hooks" / "sessions.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    source: str = module.session_source(session)
    return source


class TestShellCopyText:
    """The copy button of a shell session copies its commands: no prompt, no output."""

    def test_every_shell_session_copies_its_commands_alone(self, site: Path) -> None:
        """Pasting a ``$ ithrive ...`` block into a terminal runs the commands, not ``$``."""
        found = {
            str(path.relative_to(site)): sessions(path.read_text("utf-8"), "$")
            for path in site.rglob("*.html")
        }
        copied = [text for texts in found.values() for text in texts]
        assert len(copied) > 10
        bad = [text for text in copied if text.startswith("$") or "\n$ " in text]
        assert [] == bad

    def test_the_apps_guide_copies_the_command_and_the_status_check(self, site: Path) -> None:
        """The errors-as-JSON example copies two commands and none of the JSON it prints."""
        page = (site / "guides" / "apps" / "index.html").read_text("utf-8")
        (text,) = sessions(page, "$")
        assert text.endswith("| ithrive score - --errors json\necho $?\n")
        assert len(text.splitlines()) == 2


class TestCopyText:
    """Sessions a page may hold, copied and pasted: each runs as doctest ran it."""

    @pytest.mark.parametrize(
        "session",
        [
            ">>> for i in range(2): print(i)\n0\n1\n>>> x = 1\n>>> x\n1\n",
            ">>> if True: q = 1\n>>> q\n1\n",
            ">>> import contextlib\n>>> with contextlib.nullcontext(3) as n: m = n + 1\n>>> m\n4\n",
        ],
        ids=["one-line for", "one-line if", "one-line with"],
    )
    def test_a_one_line_block_is_closed_before_the_next_statement(self, session: str) -> None:
        """``for x in y: ...`` on one line still opens a block: a blank line follows it."""
        assert [] == paste(session_source(session))

    def test_a_blank_line_inside_a_class_is_left_out(self) -> None:
        """A blank ``...`` line between two methods would end the class at the prompt."""
        session = (
            ">>> class A:\n...     a = 1\n...\n...     def f(self):\n"
            "...         return 2\n>>> A().f()\n2\n"
        )
        text = session_source(session)
        assert "\n\n    def" not in text
        assert [] == paste(text)

    def test_a_blank_line_inside_a_string_is_kept(self) -> None:
        """A triple-quoted string keeps its blank line: the value pasted is the value shown."""
        text = session_source('>>> s = """a\n...\n... b"""\n>>> assert s == "a\\n\\nb"\n')
        assert 's = """a\n\nb"""' in text
        assert [] == paste(text)


class TestLayout:
    """What the stylesheet and the theme promise, as built."""

    def test_inline_code_wraps_only_at_joints(self, site: Path) -> None:
        """Identifiers in the error catalogue carry break points after ``_`` and ``.``."""
        page = (site / "reference" / "errors" / "index.html").read_text("utf-8")
        assert "<code>respondents_<wbr>above_<wbr>eligible</code>" in page
        assert "word-break: normal" in (DOCS / "stylesheets" / "extra.css").read_text("utf-8")

    def test_a_long_test_name_wraps_at_its_humps(self, site: Path) -> None:
        """``TestD3FortyPercentOfEndingsProformasIsLevel2`` may wrap: a phone showed it 43 px wide.

        A short name (``InvalidEvidenceError``) keeps no such break point.
        """
        page = (site / "interpretation" / "index.html").read_text("utf-8")
        assert "::Test<wbr>D3<wbr>Forty<wbr>Percent" in page
        errors = (site / "reference" / "errors" / "index.html").read_text("utf-8")
        assert "<code>InvalidEvidenceError</code>" in errors

    def test_no_page_asks_for_web_fonts(self, site: Path) -> None:
        """System fonts only: no request to Google Fonts from any page."""
        assert [] == [
            str(p.relative_to(site))
            for p in site.rglob("*.html")
            if "fonts.googleapis.com" in p.read_text("utf-8")
        ]

    def test_pages_offer_a_dark_palette(self) -> None:
        """The theme has a light and a dark scheme, each with a toggle."""
        config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
        schemes = [p["scheme"] for p in config["theme"]["palette"] if "toggle" in p]
        assert ["default", "slate"] == schemes
