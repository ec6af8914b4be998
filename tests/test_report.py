"""Reports for people: standalone HTML, Markdown, notebook tables, and extra sections."""

# The house style is `assert expected == actual`, which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.tools import load_tool

import ithrive
from ithrive.scorecard.report import (
    PALETTE,
    ReportError,
    ReportSection,
    card_label,
    render_collection_html,
    render_html,
    render_markdown,
    render_scorecard_html,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def card_of(name: str) -> ithrive.Scorecard:
    """The scorecard of an example document."""
    return ithrive.score(json.loads((EXAMPLES / name).read_text("utf-8")))


NORTHVALE = card_of("northvale.json")
WESTFORD = card_of("westford.json")
EASTBROOK = card_of("eastbrook-2019.json")

_VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class _Checker(HTMLParser):
    """Records tags, checks nesting, and collects external references."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.external: list[str] = []
        self.ids: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith(("#", "data:")):
                self.external.append(value)
            if name == "id" and value:
                self.ids.append(value)
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(page: str) -> _Checker:
    """Parse ``page`` and return what the checker found."""
    checker = _Checker()
    checker.feed(page)
    checker.close()
    return checker


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


class TestHtml:
    """``render_html``: one standalone, accessible, printable page."""

    def test_is_well_formed_and_self_contained(self, tmp_path: Path) -> None:
        """Tags nest, ids are unique, and nothing is fetched: no scripts, links or images."""
        page = render_html([NORTHVALE, WESTFORD])
        (tmp_path / "report.html").write_text(page, "utf-8")
        found = check_html(page)
        assert ([], [], []) == (found.errors, found.stack, found.external)
        assert not {"script", "img", "iframe", "object"} & set(found.tags)
        assert 1 == page.count("<link ")
        assert len(found.ids) == len(set(found.ids))
        assert "url(" not in page
        assert "@import" not in page

    def test_shows_every_item_with_level_evidence_and_explanation(self) -> None:
        """Each item id, title, explanation and warning of the scorecard is on the page."""
        text = html.unescape("".join(check_html(render_html(WESTFORD)).text))
        for r in WESTFORD:
            assert r.item in text
            if r.evidence or r.warnings:
                assert r.explanation in text
            assert all(w.message in text for w in r.warnings)
        assert "CollaboRATE mean 7.9 from 48 encounters, offered to 40%" in text
        assert "THRIVE-like from 3" in text

    def test_shows_principles_systems_and_the_overall_verdict(self) -> None:
        """Every principle and system level appears, with the overall sentence."""
        text = html.unescape("".join(check_html(render_html(NORTHVALE)).text))
        assert all(p.principle in text for p in NORTHVALE.principles)
        assert all(s in text for s in ("Macro", "Meso", "Micro"))
        assert "not THRIVE-like: 7 principle(s) below level 3" in text

    def test_every_level_meter_has_a_text_alternative(self) -> None:
        """Each meter is an image with an aria-label naming the level and the line."""
        page = render_html(NORTHVALE)
        assert page.count('role="img"') == page.count('aria-label="level ') + page.count(
            'aria-label="not rated'
        )
        assert 'aria-label="level 3 of 4; THRIVE-like from level 3"' in page

    def test_has_an_inline_icon(self) -> None:
        """The page names its icon as a data URI, so a browser asks the server for none."""
        page = render_html(NORTHVALE)
        assert '<link rel="icon" href="data:image/svg+xml,' in page

    def test_item_details_share_one_label_column(self) -> None:
        """The labels of every item's details take one fixed width, so the values line up."""
        page = render_html(NORTHVALE)
        assert "grid-template-columns: 12em minmax(0, 1fr)" in page
        assert "max-content" not in page

    def test_on_a_phone_a_wide_table_scrolls_in_its_own_box(self) -> None:
        """Below 36em a table scrolls sideways by itself, so the page (and its prose) does not.

        At 390 pixels the principles table is about 600 pixels wide; the
        level and verdict columns were off the page.
        """
        page = render_html(NORTHVALE)
        narrow = page[page.index("@media (max-width: 36em)") :]
        narrow = narrow[: narrow.index("\n}")]
        assert "table { display: block; overflow-x: auto; }" in narrow

    def test_on_a_phone_a_long_evidence_word_wraps(self) -> None:
        """Below 36em a detail too long for the line (``commissioning_governance='...'``) wraps.

        Otherwise one indicator criterion with its value pushes the page
        about 30 pixels wider than a 390-pixel screen.
        """
        page = render_html(NORTHVALE)
        narrow = page[page.index("@media (max-width: 36em)") :]
        narrow = narrow[: narrow.index("\n}")]
        assert "dd { margin-bottom: 0.3em; overflow-wrap: break-word; }" in narrow

    def test_items_not_assessed_share_one_line(self) -> None:
        """Items with no evidence are listed on one line per scorecard, not detailed one by one."""
        card = ithrive.score({"micro.2": {"kind": "rating", "level": 2}})
        page = render_html([card, card])
        bare = [r.item for r in card if r.item != "micro.2"]
        assert 2 == page.count("Not assessed (no evidence was given):")
        assert 0 == page.count("not assessed: no evidence was given")
        assert all(f'id="a1-{item}"' in page for item in bare)
        assert 2 == page.count('<article class="item"')

    def test_has_print_styles(self) -> None:
        """A print stylesheet keeps rows and items whole and colours exact."""
        page = render_html(NORTHVALE)
        assert "@media print" in page
        assert "print-color-adjust: exact" in page

    def test_several_scorecards_are_compared_then_reported_in_order(self) -> None:
        """With several scorecards the page opens with a comparison linking to each."""
        page = render_html([NORTHVALE, EASTBROOK])
        assert page.index("Assessments compared") < page.index('id="a1"') < page.index('id="a2"')
        assert '<a href="#a2">Eastbrook (example) 2019-09</a>' in page

    def test_escapes_text_from_the_evidence(self) -> None:
        """A locality or note with markup is shown as text, never as markup."""
        doc = {
            "locality": "<script>alert(1)</script> & co",
            "evidence": {"micro.3c": {"kind": "rating", "level": 3, "rater": "<b>panel</b>"}},
        }
        page = render_html(ithrive.score(doc))
        assert "<script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
        assert "&lt;b&gt;panel&lt;/b&gt;" in page

    def test_a_panel_rating_shows_its_notes_escaped(self) -> None:
        """A rating's notes (why the panel chose the level) are in the item's evidence, as text."""
        doc = {
            "evidence": {
                "micro.3c": {"kind": "rating", "level": 3, "rater": "R&D", "notes": "<i>x</i> & y"}
            }
        }
        page = render_html(ithrive.score(doc))
        expected = "<li>panel rating 3 by R&amp;D (notes: &lt;i&gt;x&lt;/i&gt; &amp; y)</li>"
        assert expected in page
        assert "<i>x</i>" not in page

    def test_same_input_gives_the_same_text(self) -> None:
        """Rendering is deterministic, and a scorecard read back from JSON renders the same."""
        again = ithrive.Scorecard.from_dict(json.loads(NORTHVALE.to_json()))
        assert render_html(NORTHVALE) == render_html(NORTHVALE) == render_html(again)

    def test_refuses_no_scorecards(self) -> None:
        """An empty list is a ReportError, as is something that is not a scorecard."""
        with pytest.raises(ReportError, match="no scorecards"):
            render_html([])
        with pytest.raises(ReportError, match="expected a Scorecard"):
            render_html([NORTHVALE.to_dict()])  # type: ignore[list-item]


class TestPalette:
    """The report colours meet WCAG 2.1 AA."""

    @pytest.mark.parametrize("verdict", ["yes", "no", "none"])
    def test_verdict_text_reads_on_its_background(self, verdict: str) -> None:
        """Badge text has at least 4.5:1 contrast on the badge."""
        ratio = contrast(PALETTE[f"{verdict}_text"], PALETTE[f"{verdict}_background"])
        assert ratio >= 4.5

    @pytest.mark.parametrize("name", ["text", "muted", "meter_fill"])
    def test_body_text_and_links_read_on_the_page(self, name: str) -> None:
        """Text, muted text and links have at least 4.5:1 contrast on the page."""
        assert contrast(PALETTE[name], PALETTE["background"]) >= 4.5

    @pytest.mark.parametrize("name", ["meter_fill", "meter_border", "meter_line", "rule"])
    def test_graphics_stand_out_from_the_page(self, name: str) -> None:
        """Meter cells, their borders, the THRIVE-like line and rules have at least 3:1."""
        assert contrast(PALETTE[name], PALETTE["background"]) >= 3

    def test_the_row_group_header_text_reads_on_its_background(self) -> None:
        """System headers in the item table are dark text on the light grey."""
        assert contrast(PALETTE["text"], PALETTE["none_background"]) >= 4.5


class TestMarkdown:
    """``render_markdown``: the same report as Markdown."""

    def test_tables_are_rectangular(self, tmp_path: Path) -> None:
        """Every row of every table has as many cells as its header."""
        text = render_markdown([NORTHVALE, WESTFORD])
        (tmp_path / "report.md").write_text(text, "utf-8")
        width = None
        for line in text.splitlines():
            if not line.startswith("|"):
                width = None
                continue
            cells = line.replace("\\|", "").count("|") - 1
            width = width or cells
            assert width == cells, line

    def test_shows_every_item_with_its_details(self) -> None:
        """Each item has a table row and a details section with level and explanation."""
        text = render_markdown(WESTFORD)
        for r in WESTFORD:
            assert f"| `{r.item}` |" in text
            assert f"### `{r.item}` " in text or not (r.evidence or r.warnings)
        assert "- **Warning:** no evidence for measure 'chi\\_esq'" in text
        assert "**Overall: not THRIVE-like:" in text

    def test_items_not_assessed_share_one_line(self) -> None:
        """Items with no evidence are named on one line, and get no details of their own."""
        card = ithrive.score({"micro.2": {"kind": "rating", "level": 2}})
        text = render_markdown(card)
        assert 1 == text.count("**Not assessed (no evidence was given):** `macro.1`, `macro.2`")
        assert "### `macro.1` " not in text
        assert "### `micro.2` " in text

    def test_escapes_table_breaking_characters(self) -> None:
        """A pipe or markup in a locality stays inside its cell."""
        card = ithrive.score({"locality": "A | B <i>", "evidence": {}})
        text = render_markdown(card)
        assert "# THRIVE assessment: A \\| B \\<i\\>" == text.splitlines()[0]

    def test_an_entity_in_user_text_is_shown_as_written(self) -> None:
        """A locality holding the text "&amp;" renders as "&amp;", not as "&"."""
        card = ithrive.score({"locality": "Bath &amp; Wells", "evidence": {}})
        text = render_markdown(card)
        assert "# THRIVE assessment: Bath &amp;amp; Wells" == text.splitlines()[0]

    def test_a_panel_rating_shows_its_notes(self) -> None:
        """A rating's notes appear, escaped, in the item's details."""
        doc = {"evidence": {"micro.3c": {"kind": "rating", "level": 3, "notes": "*all* staff"}}}
        text = render_markdown(ithrive.score(doc))
        assert "- **Evidence:** panel rating 3 (notes: \\*all\\* staff)" in text

    def test_several_scorecards_get_a_comparison_table(self) -> None:
        """Several scorecards: a comparison with a column each, then one section each."""
        text = render_markdown([NORTHVALE, EASTBROOK])
        assert "| Item | Northvale (example) 2018-03 | Eastbrook (example) 2019-09 |" in text
        assert "| `micro.3b` | 1 (no) | 3 (yes) |" in text
        assert "| **Overall THRIVE-like** | no | yes |" in text
        assert text.index("## Northvale (example) 2018-03") < text.index("## Eastbrook")


class TestExtras:
    """Extra sections join reports through ``extras``."""

    def test_a_list_of_sections_adds_a_column_details_and_a_summary(self) -> None:
        """Item text goes into the item table and details; the summary is its own section."""
        section = ReportSection(
            "Uncertainty",
            items={"micro.2": "95% interval 42%-76%"},
            summary="Jeffreys intervals.\n\nSecond paragraph.",
        )
        page = render_html(NORTHVALE, extras=[section])
        text = render_markdown(NORTHVALE, extras=[section])
        assert "<th>Uncertainty</th>" in page
        assert "<dt>Uncertainty</dt><dd>95% interval 42%-76%</dd>" in page
        assert "<p>Jeffreys intervals.</p>\n<p>Second paragraph.</p>" in page
        assert "- **Uncertainty:** 95% interval 42%-76%" in text
        assert "## Uncertainty\n\nJeffreys intervals.\n\nSecond paragraph.\n" in text

    def test_a_function_gives_each_scorecard_its_own_sections(self) -> None:
        """A callable is called once per scorecard with that scorecard."""
        seen: list[str] = []

        def extras(card: ithrive.Scorecard) -> list[ReportSection]:
            seen.append(card_label(card))
            return [ReportSection("Next step", items={"micro.3b": f"for {card.locality}"})]

        text = render_markdown([NORTHVALE, WESTFORD], extras=extras)
        assert [card_label(NORTHVALE), card_label(WESTFORD)] == seen
        assert "for Northvale (example)" in text
        assert "for Westford (example)" in text

    def test_sections_are_checked(self) -> None:
        """A blank title, text that is not text or an unknown item is refused."""
        with pytest.raises(ReportError, match="title"):
            ReportSection(" ")
        with pytest.raises(ReportError, match="expected text"):
            ReportSection("X", items={"micro.2": 3})  # type: ignore[dict-item]
        with pytest.raises(ithrive.UnknownItemError, match="unknown item"):
            ReportSection("X", items={"micro.8": "text"})
        with pytest.raises(ReportError, match="ReportSection"):
            render_html(NORTHVALE, extras=["not a section"])  # type: ignore[list-item]


class TestNotebooks:
    """HTML tables for Jupyter."""

    def test_a_scorecard_renders_as_an_html_table(self) -> None:
        """``_repr_html_`` is a well-formed table with every item and the warnings."""
        fragment = WESTFORD._repr_html_()
        found = check_html(fragment)
        assert ([], [], []) == (found.errors, found.stack, found.external)
        assert fragment == render_scorecard_html(WESTFORD)
        assert all(r.item in fragment for r in WESTFORD)
        assert "[rating_differs]" in fragment

    def test_a_collection_renders_side_by_side(self) -> None:
        """One column per scorecard, one row per item, verdict counts in the foot."""
        fragment = render_collection_html([NORTHVALE, EASTBROOK, WESTFORD])
        found = check_html(fragment)
        assert ([], []) == (found.errors, found.stack)
        assert fragment.count("<tr>") == 1 + len(ithrive.FRAMEWORK) + 2
        assert "<td>17 of 17</td>" in fragment


def test_the_sample_reports_in_the_docs_are_what_the_code_renders_now() -> None:
    """docs/examples holds the Northvale reports as rendered today (regenerate with
    ``python tools/gen_doc_images.py`` after changing the reports or the engine)."""
    gen = load_tool("gen_doc_images")
    card = gen._card(gen.ASSESSMENTS[0])
    assert (
        (gen.SAMPLES / "northvale-report.html").read_text("utf-8"),
        (gen.SAMPLES / "northvale-report.md").read_text("utf-8"),
    ) == (render_html(card), render_markdown(card))
