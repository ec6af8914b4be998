"""Plots (``ithrive[plot]``): profile, heatmap and trajectories, saved as PNG with Agg."""

# The house style is `assert expected == actual`, which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from tests.strategies import micro_2_audit

import ithrive
from ithrive.outputs.plot import (
    parse_date,
    plot_heatmap,
    plot_profile,
    plot_trajectories,
)
from ithrive.scorecard.report import ReportError
from ithrive.studies.assessment import Assessment, AssessmentCollection

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PNG = b"\x89PNG\r\n\x1a\n"


def card_of(name: str) -> ithrive.Scorecard:
    """The scorecard of an example document."""
    return ithrive.score(json.loads((EXAMPLES / name).read_text("utf-8")))


CARDS = [
    card_of(n)
    for n in (
        "northvale.json",
        "northvale-2019.json",
        "eastbrook.json",
        "eastbrook-2019.json",
        "westford.json",
    )
]


def saved(fig: Figure, path: Path) -> bytes:
    """Save ``fig`` as PNG at ``path`` and return the file's bytes."""
    fig.savefig(path, dpi=60)
    return path.read_bytes()


class TestProfile:
    """``plot_profile``: one scorecard's items against the level-3 line."""

    def test_draws_a_bar_per_rated_item_and_the_line(self, tmp_path: Path) -> None:
        """22 bars for a fully rated scorecard, a dashed line at 3, saved as a PNG."""
        fig = plot_profile(CARDS[0])
        ax = fig.axes[0]
        assert PNG == saved(fig, tmp_path / "profile.png")[:8]
        assert 22 == len(ax.patches)
        assert [3.0, 3.0] == list(ax.lines[-1].get_ydata())
        assert list(ithrive.FRAMEWORK.item_ids) == [t.get_text() for t in ax.get_xticklabels()]

    def test_marks_items_not_rated(self, tmp_path: Path) -> None:
        """Unrated items get no bar and an "n/r" label."""
        fig = plot_profile(CARDS[4])
        rated = sum(1 for r in CARDS[4] if r.level is not None)
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert (rated, 22 - rated) == (len(fig.axes[0].patches), texts.count("n/r"))
        saved(fig, tmp_path / "profile.png")

    def test_draws_into_given_axes(self) -> None:
        """With ``ax``, it draws there and returns that axes' figure."""
        fig = Figure()
        ax = fig.add_subplot()
        assert fig is plot_profile(CARDS[0], ax=ax)


class TestHeatmap:
    """``plot_heatmap``: items by assessment."""

    def test_has_a_cell_per_item_and_assessment(self, tmp_path: Path) -> None:
        """22 cells per column, each labelled with its level or a dash."""
        fig = plot_heatmap(CARDS)
        ax = fig.axes[0]
        cells = [p for p in ax.patches if isinstance(p, Rectangle)]
        labels = [t.get_text() for t in ax.texts]
        assert 22 * len(CARDS) == len(cells)
        assert [ithrive.scorecard.report.card_label(c) for c in CARDS] == [
            t.get_text() for t in ax.get_xticklabels()
        ]
        expected = ["-" if r.level is None else str(int(r.level)) for c in CARDS for r in c]
        assert expected == labels
        assert PNG == saved(fig, tmp_path / "heatmap.png")[:8]


class TestTrajectories:
    """``plot_trajectories``: summaries over time, one line per locality."""

    def test_draws_one_line_per_locality_in_date_order(self, tmp_path: Path) -> None:
        """Three localities give three lines; points are sorted by date."""
        fig = plot_trajectories(list(reversed(CARDS)), dodge=False)
        lines = [
            ln
            for ln in fig.axes[0].lines
            if ln.get_label()
            in {"Northvale (example)", "Eastbrook (example)", "Westford (example)"}
        ]
        assert 3 == len(lines)
        northvale = next(ln for ln in lines if ln.get_label() == "Northvale (example)")
        assert [10.0, 16.0] == list(northvale.get_ydata())
        assert PNG == saved(fig, tmp_path / "trajectories.png")[:8]

    @pytest.mark.parametrize(
        ("measure", "label"),
        [
            ("items_thrive_like", "Items THRIVE-like"),
            ("mean_level", "Mean item level"),
            ("micro.3b", "Level of micro.3b"),
            ("micro.3", "Level of principle micro.3"),
        ],
    )
    def test_draws_each_measure(self, tmp_path: Path, measure: str, label: str) -> None:
        """Every measure has its axis label; levels get the THRIVE-like line."""
        fig = plot_trajectories(CARDS, measure=measure)
        assert label == fig.axes[0].get_ylabel()
        saved(fig, tmp_path / f"{measure}.png")

    def test_rejects_an_unknown_measure(self) -> None:
        """An unknown measure is a ReportError naming the choices."""
        with pytest.raises(ReportError, match="unknown measure") as info:
            plot_trajectories(CARDS, measure="median")
        assert ("unknown_measure", "median") == (info.value.code, info.value.value)

    @pytest.mark.parametrize("date", [None, "March 2018", "2018-13"])
    def test_needs_a_readable_date(self, date: str | None) -> None:
        """A scorecard without a date, or with one that is not ISO, cannot be placed."""
        card = ithrive.score({"locality": "A", "date": date, "evidence": {}})
        with pytest.raises(ReportError) as info:
            plot_trajectories([card])
        assert ("invalid_date", date) == (info.value.code, info.value.value)

    @pytest.mark.parametrize(
        ("text", "expected"), [("2018", (2018, 1, 1)), ("2018-03-15", (2018, 3, 15))]
    )
    def test_reads_years_months_and_days(self, text: str, expected: tuple[int, int, int]) -> None:
        """A year, a month or a day is read as the first day it covers."""
        got = parse_date(text)
        assert expected == (got.year, got.month, got.day)


class TestUserText:
    """Localities and dates are drawn as written, whatever characters they hold."""

    LOCALITY = r"Site $\frac$ & costs $5 to $10"

    def test_a_dollar_sign_never_starts_mathtext(self, tmp_path: Path) -> None:
        """A ``$`` in a locality is drawn as a dollar; mathtext would misdraw or fail to save."""
        card = ithrive.score({"locality": self.LOCALITY, "date": "2018", "evidence": {}})
        figs = [plot_profile(card), plot_heatmap([card]), plot_trajectories([card])]
        for n, fig in enumerate(figs):
            assert PNG == saved(fig, tmp_path / f"plot{n}.png")[:8]
        texts = [
            figs[0].axes[0].get_title(loc="left"),
            figs[1].axes[0].get_xticklabels()[0].get_text(),
            figs[2].axes[0].get_legend().get_texts()[0].get_text(),
        ]
        escaped = self.LOCALITY.replace("$", r"\$")
        # Long labels are wrapped onto lines of their own: compare the words.
        assert [True, True, True] == [t.replace("\n", " ").startswith(escaped) for t in texts]

    def test_a_lone_surrogate_in_a_label_is_drawn_as_a_replacement_character(
        self, tmp_path: Path
    ) -> None:
        """Labels given to a plot are not checked on entry: a lone surrogate still saves."""
        card = ithrive.score({"locality": "A", "date": "2018", "evidence": {}})
        fig = plot_trajectories([card], labels=["North\ud800vale $x$"])
        assert PNG == saved(fig, tmp_path / "plot.png")[:8]
        legend = fig.axes[0].get_legend()
        assert ["North\ufffdvale \\$x\\$"] == [t.get_text() for t in legend.get_texts()]

    def test_a_locality_starting_with_an_underscore_keeps_its_legend_entry(self) -> None:
        """Matplotlib leaves ``_``-labels out of a legend; every locality is still listed."""
        cards = [
            ithrive.score({"locality": name, "date": "2018", "evidence": {}})
            for name in ("_pilot", "Northvale")
        ]
        legend = plot_trajectories(cards).axes[0].get_legend()
        assert ["_pilot", "Northvale"] == [t.get_text() for t in legend.get_texts()]


class TestWithoutMatplotlib:
    """Without the extra, plotting says what to install and the rest still works."""

    @pytest.mark.parametrize("plot", [plot_profile, plot_heatmap, plot_trajectories])
    def test_each_plot_names_the_extra(self, monkeypatch: pytest.MonkeyPatch, plot: object) -> None:
        """MissingExtraError names matplotlib and ``ithrive[plot]``."""
        for name in ("matplotlib", "matplotlib.figure", "matplotlib.patches"):
            monkeypatch.setitem(sys.modules, name, None)
        arg = CARDS[0] if plot is plot_profile else CARDS
        with pytest.raises(ithrive.MissingExtraError, match=r"ithrive\[plot\]") as info:
            plot(arg)  # type: ignore[operator]
        assert ("matplotlib", "plot") == (info.value.package, info.value.extra)

    def test_importing_ithrive_does_not_import_matplotlib(self) -> None:
        """``import ithrive`` and its report and plot modules leave matplotlib unloaded."""
        code = (
            "import sys, ithrive, ithrive.outputs.plot, ithrive.scorecard.report, ithrive.cli, "
            "ithrive.outputs.schema; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('matplotlib', 'jsonschema', 'numpy')))"
        )
        src = str(Path(ithrive.__file__).resolve().parents[1])
        got = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={"PYTHONPATH": src},
            check=True,
        )
        assert "[]\n" == got.stdout


class TestAssessmentsAsInput:
    """Plots take assessments and collections as well as scorecards."""

    @staticmethod
    def _collection() -> AssessmentCollection:
        def one(site: str, date: str, count: int, method: str) -> Assessment:
            return Assessment.from_evidence(
                {"meso.2": {"kind": "count", "count": count}},
                locality=site,
                date=date,
                method=method,
            )

        return AssessmentCollection(
            [
                one("A", "2024-01", 2, "independent_evaluation"),
                one("A", "2024-07", 4, "independent_evaluation"),
                one("A", "2024-07", 3, "self_assessment"),
            ]
        )

    def test_a_collection_plots_like_its_scorecards(self) -> None:
        """A collection of one method draws the same line as its scorecards do."""
        chosen = self._collection().select(method="independent_evaluation")
        cards = [a.scorecard for a in chosen.assessments]
        expected = list(plot_trajectories(cards, measure="meso.2").axes[0].lines[0].get_ydata())
        actual = list(plot_trajectories(chosen, measure="meso.2").axes[0].lines[0].get_ydata())
        assert expected == actual

    def test_an_assessment_gives_a_profile(self) -> None:
        """One assessment is plotted as its scorecard's profile."""
        assessment = self._collection().assessments[0]
        assert isinstance(plot_profile(assessment), Figure)

    def test_two_scorecards_of_a_locality_at_one_date_are_refused(self) -> None:
        """Mixed methods at one date would draw a zig-zag, so they are an error naming the date."""
        with pytest.raises(ReportError, match="more than one scorecard at 2024-07") as caught:
            plot_trajectories(self._collection())
        assert ("cards", "2024-07") == (caught.value.field, caught.value.value)


class TestPublishable:
    """Regression (issue 12): figures fit for publication."""

    def test_items_and_labels_on_the_plots_of_scorecards(self) -> None:
        """items= keeps rows and bars; labels= renames columns, series and titles."""
        heat = plot_heatmap(CARDS[:2], items=["micro.2", "meso.2"], labels=["before", "after"])
        ax = heat.axes[0]
        assert (["meso.2", "micro.2"], ["before", "after"]) == (
            [t.get_text() for t in ax.get_yticklabels()],
            [t.get_text() for t in ax.get_xticklabels()],
        )
        profile = plot_profile(
            CARDS[0], items=["micro.2", "meso.2"], labels={"Northvale (example)": "NV"}
        )
        assert ["meso.2", "micro.2"] == [t.get_text() for t in profile.axes[0].get_xticklabels()]
        assert profile.axes[0].get_title(loc="left").startswith("NV:")
        lines = plot_trajectories(CARDS, labels={"Westford (example)": "W"}).axes[0].get_legend()
        assert "W" in [t.get_text() for t in lines.get_texts()]

    def test_rated_keeps_the_items_some_scorecard_rated(self) -> None:
        """Regression: 16 of 22 rows 'not rated' in a real study; items='rated' drops them."""
        card = ithrive.score(
            {"locality": "A", "evidence": {"micro.2": {"kind": "rating", "level": 3}}}
        )
        labels = [
            t.get_text() for t in plot_heatmap([card], items="rated").axes[0].get_yticklabels()
        ]
        assert ["micro.2"] == labels

    def test_an_unknown_item_is_refused(self) -> None:
        """items= names framework items only."""
        with pytest.raises(ithrive.UnknownItemError):
            plot_heatmap(CARDS, items=["micro.99"])

    def test_level_axes_tick_at_whole_levels_only(self) -> None:
        """Regression: 0.5, 1.0, 1.5, ... on an ordinal axis."""
        ax = plot_trajectories(CARDS, measure="micro.2").axes[0]
        assert [1, 2, 3, 4] == [float(t) for t in ax.get_yticks()]
        counts = plot_trajectories(CARDS).axes[0]
        assert all(float(t).is_integer() for t in counts.get_yticks())

    def test_no_thrive_like_line_for_a_mean_level(self) -> None:
        """Regression: the tool defines THRIVE-like per item and principle, not for a mean."""
        mean = plot_trajectories(CARDS, measure="mean_level").axes[0]
        level = plot_trajectories(CARDS, measure="micro.2").axes[0]
        assert (0, 1) == (len(mean.patches), len(level.patches))  # the shaded 3-or-above band
        assert [] == [t.get_text() for t in mean.texts if "THRIVE" in t.get_text()]

    def test_identical_series_are_dodged_apart(self) -> None:
        """Regression: identical series hid each other; dodged, they differ by under a third."""
        a = ithrive.score(
            {"locality": "A", "date": "2018", "evidence": {"meso.2": {"kind": "count", "count": 3}}}
        )
        b = ithrive.score(
            {"locality": "B", "date": "2018", "evidence": {"meso.2": {"kind": "count", "count": 3}}}
        )
        c = ithrive.score(
            {"locality": "A", "date": "2019", "evidence": {"meso.2": {"kind": "count", "count": 3}}}
        )
        d = ithrive.score(
            {"locality": "B", "date": "2019", "evidence": {"meso.2": {"kind": "count", "count": 3}}}
        )
        lines = plot_trajectories([a, b, c, d], measure="meso.2").axes[0].lines[:2]
        ys = [list(ln.get_ydata()) for ln in lines]
        assert ys[0] != ys[1]
        assert all(abs(y - 3) < 1 / 3 for y in ys[0] + ys[1])
        exact = plot_trajectories([a, b, c, d], measure="meso.2", dodge=False).axes[0].lines[:2]
        assert [[3.0, 3.0], [3.0, 3.0]] == [list(ln.get_ydata()) for ln in exact]

    def test_items_draws_one_panel_per_item(self) -> None:
        """Faceted: a panel per item, sharing the level axis."""
        fig = plot_trajectories(CARDS, items=["micro.2", "meso.2", "micro.3b", "macro.1"])
        visible = [ax for ax in fig.axes if ax.get_visible()]
        assert ["macro.1", "meso.2", "micro.2", "micro.3b"] == [
            ax.get_title(loc="left") for ax in visible
        ]

    def test_one_palette_for_every_plot(self) -> None:
        """Levels, verdicts and series all take their colours from PALETTE."""
        from matplotlib.colors import to_hex

        from ithrive.outputs.plot import LEVEL_COLOURS, PALETTE, VERDICT_COLOURS

        used = {to_hex(ln.get_color()).upper() for ln in plot_trajectories(CARDS).axes[0].lines}
        assert used <= {c.upper() for c in PALETTE} | {"#1B1B1B"}
        assert set(LEVEL_COLOURS.values()) | set(VERDICT_COLOURS.values()) <= set(PALETTE)

    @pytest.mark.parametrize(
        ("suffix", "magic"), [(".svg", b"<?xml"), (".pdf", b"%PDF"), (".png", PNG)]
    )
    def test_save_figure_writes_svg_pdf_and_png(
        self, tmp_path: Path, suffix: str, magic: bytes
    ) -> None:
        """SVG keeps text as text; PNG and PDF carry no stamp, so saving twice gives equal bytes."""
        from ithrive.outputs.plot import save_figure

        fig = plot_profile(CARDS[0])
        save_figure(fig, tmp_path / f"a{suffix}")
        save_figure(fig, tmp_path / f"b{suffix}")
        data = (tmp_path / f"a{suffix}").read_bytes()
        assert magic == data[: len(magic)]
        if suffix == ".svg":  # clip-path ids vary; the text is there as text
            assert b"micro.2" in data
        else:
            assert data == (tmp_path / f"b{suffix}").read_bytes()

    def test_save_figure_refuses_another_format(self, tmp_path: Path) -> None:
        """Only PNG, SVG and PDF."""
        from ithrive.outputs.plot import save_figure

        with pytest.raises(ReportError):
            save_figure(plot_profile(CARDS[0]), tmp_path / "a.jpg")


class TestFunnelAndSPCPlots:
    """The figures of the site comparison and the SPC chart."""

    def test_funnel_draws_every_locality_and_both_limits(self) -> None:
        """A point per locality, labelled; 95% and 99.8% limits in the legend."""
        from ithrive.outputs.plot import plot_funnel
        from ithrive.studies.funnel import funnel

        sites = AssessmentCollection(
            [
                micro_2_audit(name, k, n, "2018")
                for name, k, n in (("A", 18, 30), ("B", 50, 60), ("C", 9, 40))
            ]
        )
        ax = plot_funnel(funnel(sites, "micro.2"), labels={"C": "Carrow"}).axes[0]
        assert {"A", "B", "Carrow"} == {
            t.get_text() for t in ax.texts if t.get_text() in {"A", "B", "Carrow"}
        }
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert ["95% limits", "99.8% limits"] == legend[:2]

    def test_spc_marks_special_causes(self) -> None:
        """Beyond-limit points are drawn as special causes with their own marker."""
        from ithrive.outputs.plot import plot_spc
        from ithrive.studies.spc import p_chart

        ax = plot_spc(p_chart([24, 25, 23, 24, 12, 25], [30] * 6)).axes[0]
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "special cause: concern" in legend

    def test_wrong_objects_are_refused(self) -> None:
        """A scorecard is not a funnel or a chart."""
        from ithrive.outputs.plot import plot_funnel, plot_spc

        with pytest.raises(ReportError):
            plot_funnel(CARDS[0])
        with pytest.raises(ReportError):
            plot_spc(CARDS[0])
