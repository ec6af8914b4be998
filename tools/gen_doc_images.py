"""Render the documentation's images and sample reports from the example evidence.

Run from the repository root after changing plots, reports or examples:

    python tools/gen_doc_images.py

It writes ``docs/images/{profile,heatmap,trajectories}.png`` (matplotlib,
Agg backend) and the sample reports ``docs/examples/northvale-report.html`` and
``docs/examples/northvale-report.md``. When WeasyPrint and pypdfium2 happen to
be installed it also renders the first page of the HTML report as it prints,
to ``docs/images/report-html.png``; neither is a dependency of ithrive.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import ithrive
from ithrive.plot import plot_heatmap, plot_profile, plot_trajectories
from ithrive.report import render_html, render_markdown

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
IMAGES = ROOT / "docs" / "images"
SAMPLES = ROOT / "docs" / "examples"

#: The assessments the images show, in column order.
ASSESSMENTS = (
    "northvale.json",
    "northvale-2019.json",
    "eastbrook.json",
    "eastbrook-2019.json",
    "westford.json",
)


def _card(name: str) -> ithrive.Scorecard:
    return ithrive.score(json.loads((EXAMPLES / name).read_text("utf-8")))


def _report_png(html_file: Path, png_file: Path) -> bool:
    try:
        import pypdfium2
        import weasyprint
    except ImportError:
        return False
    pdf = weasyprint.HTML(filename=str(html_file)).write_pdf()
    page = pypdfium2.PdfDocument(pdf)[0]
    page.render(scale=1.2).to_pil().save(png_file, optimize=True)
    return True


def main() -> int:
    """Write every image and sample; print what was written."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    SAMPLES.mkdir(parents=True, exist_ok=True)
    cards = [_card(name) for name in ASSESSMENTS]
    meta = {"Software": None}  # keep PNG bytes free of version stamps
    written = []
    for name, fig in (
        ("profile.png", plot_profile(cards[0])),
        ("heatmap.png", plot_heatmap(cards)),
        ("trajectories.png", plot_trajectories(cards)),
    ):
        fig.savefig(IMAGES / name, dpi=110, metadata=meta)
        written.append(IMAGES / name)
    html_file = SAMPLES / "northvale-report.html"
    html_file.write_text(render_html(cards[0]), "utf-8")
    md_file = SAMPLES / "northvale-report.md"
    md_file.write_text(render_markdown(cards[0]), "utf-8")
    written += [html_file, md_file]
    if _report_png(html_file, IMAGES / "report-html.png"):
        written.append(IMAGES / "report-html.png")
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
