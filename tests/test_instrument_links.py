"""The generated instrument links page is up to date and documents every link."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from tests.tools import load_tool

from ithrive.instruments import default_checklist, default_gm_standards

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "reference" / "instrument-links.md"


def generator() -> ModuleType:
    """The page generator, ``tools/gen_instrument_links.py``, imported from its path."""
    return load_tool("gen_instrument_links")


def test_the_committed_page_equals_the_generator_output() -> None:
    """``docs/reference/instrument-links.md`` is exactly what the generator writes."""
    assert generator().render() == PAGE.read_text("utf-8")


def test_every_link_and_its_reason_appear_on_the_page() -> None:
    """Each action's and standard's links are documented with their strength, reason and
    quotes; each unlinked entry with why it has no link."""
    text = PAGE.read_text("utf-8")
    for entry in (*default_checklist().actions, *default_gm_standards().standards):
        assert f"**{entry.id}**" in text
        for link in entry.links:
            assert f"| {link.strength.value} | {link.reason} |" in text
            assert f'"{link.quote}"; {link.item}, {link.place}: "{link.item_quote}"' in text
        if not entry.links:
            assert f"| {entry.unlinked} |" in text


def test_the_check_option_reports_a_stale_page(tmp_path: Path) -> None:
    """``--check`` exits 0 on the committed page and 1 on a stale one."""
    gen = generator()
    assert 0 == gen.main(["--check"])
    stale = tmp_path / "page.md"
    stale.write_text("old", "utf-8")
    gen.OUTPUT = stale
    gen.ROOT = tmp_path
    assert 1 == gen.main(["--check"])
