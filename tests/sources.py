"""The source documents, found and read for the tests that check data against them.

The documents live outside the repository (``../shared/seeds`` from the main
checkout, or wherever ``ITHRIVE_SOURCES`` points); tests that read them are
marked :data:`needs_sources` and skipped where they are absent.

:func:`tool_cells` reads the assessment tool (``004``) into one text per
rated item and place: the principle and measure columns (``None``) and each
level's descriptor (1-4). Rows split across a page are joined to the row
they continue, so a cell holds its whole text.
"""

from __future__ import annotations

import functools
import html
import os
import re
from pathlib import Path

import pytest

CHECKLIST_SOURCE = "001_3313131289515f03.txt"
APPROACH_SOURCE = "000_59d66b52f7a9bb99.txt"
STANDARDS_SOURCE = "002_386777952234fecd.txt"
REPORT_SOURCE = "003_6e56bc953a2e8eec.txt"
TOOL_SOURCE = "004_d17448aaf93e4da9.txt"


def _find_sources() -> Path | None:
    """The directory holding the source documents, or ``None`` when it is not on this machine."""
    env = os.environ.get("ITHRIVE_SOURCES")
    if env:
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "seeds"
        if (candidate / CHECKLIST_SOURCE).exists():
            return candidate
    return None


SOURCES = _find_sources()
needs_sources = pytest.mark.skipif(
    SOURCES is None, reason="source documents not found (set ITHRIVE_SOURCES)"
)


def source_lines(name: str) -> list[str]:
    """The lines of a source document, numbered from 1 by their list index + 1."""
    assert SOURCES is not None
    return (SOURCES / name).read_text("utf-8").splitlines()


def normal(text: str) -> str:
    """Text compared without markup, letter case, curly quotes or spacing differences."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    for curly, plain in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, plain)
    return " ".join(text.casefold().split())


#: A place in the assessment tool: an item id and a level, or ``None`` for the
#: principle and measure columns.
Place = tuple[str, int | None]


@functools.cache
def tool_cells() -> dict[Place, str]:
    """The assessment tool's text by item and place, normalised with :func:`normal`."""
    cells: dict[Place, list[str]] = {}
    in_table = False
    item: str | None = None
    principle: str | None = None
    for line in source_lines(TOOL_SOURCE):
        cols = line.split("\t")
        if line.startswith("THRIVE Framework Principle"):
            in_table = len(cols) > 1 and cols[1].startswith("Measure")
            continue
        if not in_table or len(cols) < 6 or all(set(c.strip()) <= {"-"} for c in cols):
            continue
        head = re.search(r"(MACRO|MESO|MICRO) PRINCIPLE (\d+)", cols[0])
        part = re.match(r"\s*(?:<p>)?([ABC]):", cols[1])
        if head is not None:
            principle = f"{head[1].lower()}.{head[2]}"
        if principle is None:
            continue
        if head is not None or part is not None:
            item = principle + (part[1].lower() if part is not None else "")
        assert item is not None
        for place, text in zip((None, None, 1, 2, 3, 4), cols[:6], strict=True):
            cells.setdefault((item, place), []).append(text)
    return {place: normal(" ".join(texts)) for place, texts in cells.items()}


def tool_text(item: str, level: int | None) -> str:
    """The tool's normalised text for ``item`` at ``level`` (``None``: principle and measure).

    The principle column of a multi-part item is on its first part's row, so
    the principle text of a later part is read from there too.
    """
    cells = tool_cells()
    text = cells.get((item, level), "")
    if level is None and item[-1].isalpha():
        text = " ".join((cells.get((item[:-1] + "a", None), ""), text))
    return text
