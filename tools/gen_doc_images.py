"""Render the documentation's images and sample reports from the example evidence.

Run from the repository root after changing plots, reports or examples:

    python tools/gen_doc_images.py

It writes ``docs/images/{profile,heatmap,trajectories,study-facets}.png`` from
the example documents, and ``docs/images/{study-trajectories,funnel,spc}.png``
from the synthetic case-note audits in ``examples/case-note-audits.csv`` (the
researchers' guide builds the same study step by step), all with matplotlib's
Agg backend, and the sample reports ``docs/examples/northvale-report.html``
and ``docs/examples/northvale-report.md``. When WeasyPrint and pypdfium2 happen to
be installed it also renders the first page of the HTML report as it prints,
to ``docs/images/report-html.png``; neither is a dependency of ithrive.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import ithrive
from ithrive.evidence import measures
from ithrive.outputs.plot import (
    plot_funnel,
    plot_heatmap,
    plot_profile,
    plot_spc,
    plot_trajectories,
    save_figure,
)
from ithrive.scorecard.report import render_html, render_markdown
from ithrive.studies.assessment import Assessment, AssessmentCollection
from ithrive.studies.funnel import funnel
from ithrive.studies.spc import audit_chart

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


def study() -> AssessmentCollection:
    """Five localities audited every quarter, from the raw case-note records."""
    import pandas as pd

    notes = pd.read_csv(EXAMPLES / "case-note-audits.csv")
    notes["meets"] = notes["meets_standard"] == "yes"
    return AssessmentCollection(
        Assessment.from_evidence(
            {"micro.2": measures.audit(group, column="meets")},
            locality=locality,
            date=date,
            method="independent_evaluation",
        )
        for (locality, date), group in notes.groupby(["locality", "date"], sort=False)
    )


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
    written = []
    sites = study()
    for name, fig in (
        ("profile.png", plot_profile(cards[0])),
        ("heatmap.png", plot_heatmap(cards)),
        ("trajectories.png", plot_trajectories(cards)),
        ("study-trajectories.png", plot_trajectories(sites, measure="micro.2")),
        ("study-facets.png", plot_trajectories(cards, items=["micro.2", "micro.3b", "meso.2"])),
        ("funnel.png", plot_funnel(funnel(sites, "micro.2", date="2018-Q4"))),
        ("spc.png", plot_spc(audit_chart(sites, "Ashby", "micro.2"))),
    ):
        save_figure(fig, IMAGES / name, dpi=110)
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
