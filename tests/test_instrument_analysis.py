"""Workshop tallies, gap analysis and progress summaries, on the realistic example.

The example is the bundled workshop (``ithrive/data/example-workshop.json``):
twelve respondents from three local areas fill in the checklist; Northvale's
scorecard is the bundled example locality. The same example runs, executed,
in ``docs/guides/instruments.md``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from importlib import resources

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ithrive
from ithrive.cli import example_evidence
from ithrive.errors import MissingExtraError, ResponseError
from ithrive.instruments import (
    Answer,
    ImplementationStatus,
    LinkStrength,
    Response,
    StatusTally,
    WorkshopSummary,
    aggregate_responses,
    default_approach,
    default_checklist,
    default_gm_standards,
    gap_analysis,
    progress,
    read_response,
)
from ithrive.instruments.frame import FrameBackendError
from ithrive.scorecard import Scorecard

S = ImplementationStatus
STATUSES = st.sampled_from([S.IN_PLACE, S.IN_PROGRESS, S.NOT_STARTED, None])


@cache
def workshop() -> dict[str, object]:
    """The bundled example workshop document."""
    text = resources.files("ithrive.data").joinpath("example-workshop.json").read_text("utf-8")
    data: dict[str, object] = json.loads(text)
    return data


@cache
def responses() -> tuple[Response, ...]:
    """The twelve responses of the example workshop."""
    return tuple(read_response(r) for r in workshop()["responses"])  # type: ignore[attr-defined]


@cache
def summary() -> WorkshopSummary:
    """The example workshop, tallied."""
    return aggregate_responses(responses())


@cache
def northvale_card() -> Scorecard:
    """The bundled example locality's scorecard."""
    return ithrive.score(example_evidence())


# --------------------------------------------------------------------------- workshop


class TestWorkshopExample:
    """Twelve respondents from three areas, tallied per action and per area."""

    def test_three_areas_of_four_respondents(self) -> None:
        """Areas are sorted by name, each with its number of respondents."""
        assert (("Eastbrook", 4), ("Northvale", 4), ("Westmere", 4)) == summary().areas
        assert 12 == summary().respondents

    def test_counts_add_up_to_the_respondents_for_every_action(self) -> None:
        """Per action and per area, the four counts sum to the respondents."""
        for e in summary().entries:
            t = e.overall
            assert 12 == t.in_place + t.in_progress + t.not_started + t.blank
            for a in e.areas:
                assert a.respondents == a.tally.answered + a.tally.blank

    def test_the_endings_proforma_tally(self) -> None:
        """ck.29: Eastbrook has it in place; Northvale and Westmere have not started."""
        e = summary().entry("ck.29")
        assert (3, 1, 8, 0) == (
            e.overall.in_place,
            e.overall.in_progress,
            e.overall.not_started,
            e.overall.blank,
        )
        assert {"Eastbrook": S.IN_PLACE, "Northvale": S.NOT_STARTED, "Westmere": S.NOT_STARTED} == (
            e.views
        )
        assert ("conflict", 2) == (e.agreement, e.spread)
        assert (("Eastbrook",), ("Northvale", "Westmere")) == (e.ahead, e.behind)

    def test_blanks_are_counted_not_guessed(self) -> None:
        """NV3 left ck.21 blank: Northvale has one blank and three answers for it."""
        t = summary().entry("ck.21").area("Northvale").tally
        assert (1, 3, S.IN_PLACE) == (t.blank, t.answered, t.modal)

    def test_a_tie_goes_to_the_less_advanced_status(self) -> None:
        """Northvale splits 2-2 on ck.26 (in place, in progress): the mode is in progress, tied."""
        t = summary().entry("ck.26").area("Northvale").tally
        assert (2, 2, S.IN_PROGRESS, True) == (t.in_place, t.in_progress, t.modal, t.tied)

    def test_a_three_way_tie_goes_to_not_started(self) -> None:
        """ck.07 has four of each status overall: the mode is not started, tied."""
        t = summary().entry("ck.07").overall
        assert (S.NOT_STARTED, True) == (t.modal, t.tied)

    def test_actions_the_areas_agree_on(self) -> None:
        """Eight actions have the same modal status in every area."""
        expected = ["ck.01", "ck.06", "ck.15", "ck.16", "ck.19", "ck.21", "ck.22", "ck.24"]
        assert expected == [e.entry for e in summary().agreed]
        assert all(e.spread == 0 for e in summary().agreed)

    def test_conflicts_come_widest_first(self) -> None:
        """23 actions conflict; the eleven with spread 2 come first, in checklist order."""
        conflicting = summary().conflicting
        assert 23 == len(conflicting)
        spreads = [e.spread for e in conflicting]
        assert [2] * 11 + [1] * 12 == spreads
        assert "ck.04" == conflicting[0].entry

    def test_comments_are_gathered_with_who_and_where(self) -> None:
        """Eleven comments, each with its area, respondent and status, in checklist order."""
        comments = summary().comments
        assert 11 == len(comments)
        entry, first = comments[0]
        assert ("ck.01", "Westmere", "WM4", S.IN_PLACE) == (
            entry,
            first.area,
            first.respondent,
            first.status,
        )
        assert 2 == len(summary().entry("ck.06").comments)

    def test_consensus_per_area_is_the_modal_status(self) -> None:
        """Northvale's consensus response gives each action Northvale's modal status."""
        r = summary().consensus("Northvale")
        assert ("Northvale", "consensus", 31) == (r.area, r.respondent, len(r))
        assert S.IN_PROGRESS == r.status("ck.26")

    def test_an_unknown_area_is_an_error(self) -> None:
        """Asking for the consensus of an area that did not take part fails."""
        with pytest.raises(ResponseError, match="unknown_area"):
            summary().consensus("Southport")

    def test_the_summary_is_json_ready(self) -> None:
        """``to_dict`` survives ``json.dumps`` and lists agreed and conflicting actions."""
        out = json.loads(json.dumps(summary().to_dict()))
        assert 31 == len(out["entries"])
        assert "ck.01" == out["agreed"][0]
        assert {"respondents": 4, **summary().entry("ck.29").area("Eastbrook").tally.to_dict()} == (
            out["entries"][28]["areas"]["Eastbrook"]
        )

    def test_the_long_table_has_a_row_per_action_and_area(self) -> None:
        """31 actions times (three areas and ``all``) rows, in pandas and in polars."""
        pandas_frame = summary().to_frame()
        polars_frame = summary().to_frame("polars")
        assert (124, 14) == pandas_frame.shape == polars_frame.shape
        assert list(pandas_frame.columns) == polars_frame.columns


class TestWorkshopErrors:
    """A workshop whose responses cannot be compared fails with every problem listed."""

    def test_responses_need_an_area_and_distinct_respondents(self) -> None:
        """A missing area and a repeated respondent are both reported."""
        one, two = responses()[0], responses()[1]
        with pytest.raises(ResponseError) as info:
            aggregate_responses(
                [one, attrs.evolve(two, area=None), attrs.evolve(two, respondent="NV1")]
            )
        codes = [f.code for f in info.value.findings]
        assert ["missing_area", "duplicate_respondent"] == codes

    def test_responses_to_different_instruments_are_refused(self) -> None:
        """A GM standards response in a checklist workshop is ``wrong_instrument``."""
        gm = default_gm_standards().respond({"gm.1.1": "in_place"}, area="Northvale")
        with pytest.raises(ResponseError) as info:
            aggregate_responses([responses()[0], gm])
        assert "wrong_instrument" in [f.code for f in info.value.findings]

    def test_answers_to_unknown_entries_are_refused(self) -> None:
        """A response built by hand with an unknown action is ``unknown_entry``."""
        bad = Response("checklist", "1", (Answer("ck.99", S.IN_PLACE),), "X", "Northvale")
        with pytest.raises(ResponseError) as info:
            aggregate_responses([bad])
        assert [("unknown_entry", "ck.99")] == [(f.code, f.item) for f in info.value.findings]

    def test_something_that_is_not_a_response_is_refused_even_first(self) -> None:
        """A non-response is ``invalid_value`` at its index, wherever it is in the list."""
        with pytest.raises(ResponseError) as info:
            aggregate_responses([None, responses()[0], "NV2"])  # type: ignore[list-item]
        expected = [("invalid_value", "responses[0]"), ("invalid_value", "responses[2]")]
        assert expected == [(f.code, f.where) for f in info.value.findings]

    def test_no_responses_is_an_error(self) -> None:
        """An empty workshop cannot be tallied."""
        with pytest.raises(ResponseError):
            aggregate_responses([])


@st.composite
def workshops(draw: st.DrawFn) -> list[Response]:
    """Random workshops: 1-6 respondents in 1-3 areas, answering the first five actions."""
    n = draw(st.integers(min_value=1, max_value=6))
    out = []
    for i in range(n):
        area = draw(st.sampled_from(["A", "B", "C"]))
        statuses = draw(st.lists(STATUSES, min_size=5, max_size=5))
        answers = tuple(Answer(f"ck.0{k + 1}", s) for k, s in enumerate(statuses) if s is not None)
        out.append(Response("checklist", "1", answers, f"r{i}", area))
    return out


class TestWorkshopProperties:
    """Properties of the tally that hold for any workshop."""

    @given(st.lists(STATUSES, max_size=12))
    def test_the_mode_is_the_least_advanced_of_the_most_common(
        self, statuses: list[ImplementationStatus | None]
    ) -> None:
        """The modal status has the top count, and no less advanced status shares it."""
        tally = StatusTally.of(statuses)
        counts = {s: statuses.count(s) for s in ImplementationStatus}
        if tally.modal is None:
            assert 0 == tally.answered
            return
        top = max(counts.values())
        assert top == counts[tally.modal]
        tied = [s for s in ImplementationStatus if counts[s] == top]
        assert min(tied, key=lambda s: s.rank) == tally.modal
        assert (len(tied) > 1) == tally.tied

    @given(workshops(), st.randoms(use_true_random=False))
    def test_the_order_of_responses_does_not_matter(
        self, given_: list[Response], rnd: object
    ) -> None:
        """Shuffling the responses gives the same summary."""
        shuffled = list(given_)
        rnd.shuffle(shuffled)  # type: ignore[attr-defined]
        assert aggregate_responses(given_) == aggregate_responses(shuffled)

    @given(workshops())
    def test_agreement_matches_the_area_views(self, given_: list[Response]) -> None:
        """Agree means one view across two or more areas; conflict means several views."""
        for e in aggregate_responses(given_).entries:
            views = set(e.views.values())
            if len(e.views) >= 2:
                assert ("agree" if len(views) == 1 else "conflict") == e.agreement
            assert (e.agreement == "conflict") == bool(e.ahead)


# --------------------------------------------------------------------------- gap analysis


class TestGapAnalysisExample:
    """Northvale's scorecard and its workshop consensus, side by side."""

    def gaps(self) -> ithrive.instruments.GapAnalysis:
        """The example's gap analysis."""
        return gap_analysis(northvale_card(), summary().consensus("Northvale"))

    def test_low_items_come_lowest_level_first(self) -> None:
        """micro.3b (level 1) first, then the seven level 2 items in framework order."""
        expected = [
            ("micro.3b", 1),
            ("macro.2", 2),
            ("macro.3", 2),
            ("macro.4", 2),
            ("meso.3a", 2),
            ("meso.3b", 2),
            ("meso.5", 2),
            ("micro.5b", 2),
        ]
        assert expected == [(g.item, g.level) for g in self.gaps().items]

    def test_each_low_item_lists_its_actions_not_in_place(self) -> None:
        """macro.2's open direct actions, in to-do order, and the one already in place."""
        g = self.gaps().item("macro.2")
        assert ("ck.06", "ck.04") == g.actions
        assert ("ck.03",) == g.in_place
        assert LinkStrength.DIRECT == g.strength

    def test_the_to_do_list_order(self) -> None:
        """Level 1 first; then more low items served; then not started before in progress."""
        expected = [
            "ck.29",
            "ck.05",
            "ck.11",
            "ck.06",
            "ck.08",
            "ck.04",
            "ck.07",
            "ck.12",
            "ck.26",
            "ck.27",
        ]
        assert expected == [a.action for a in self.gaps().actions]
        first = self.gaps().actions[0]
        assert (S.NOT_STARTED, ("micro.3b",), 1) == (first.status, first.items, first.lowest_level)

    def test_the_second_look(self) -> None:
        """The board is in place, yet macro.2 is low; ck.10 and ck.16, in place too, are only
        related to their low items, which have direct links, so they are not flagged."""
        expected = [("ck.03", ("macro.2",))]
        assert expected == [(s.action, s.items) for s in self.gaps().second_look]

    def test_no_action_in_place_is_on_the_to_do_list(self) -> None:
        """Every action in the to-do list is not in place."""
        consensus = summary().consensus("Northvale")
        assert all(consensus.status(a.action) is not S.IN_PLACE for a in self.gaps().actions)

    def test_the_analysis_is_json_ready(self) -> None:
        """``to_dict`` survives ``json.dumps`` and keeps the locality and area."""
        out = json.loads(json.dumps(self.gaps().to_dict()))
        assert ("Northvale (example)", "Northvale", "checklist") == (
            out["locality"],
            out["area"],
            out["instrument"],
        )
        assert (10, "direct") == (len(out["actions"]), out["items"][0]["strength"])

    def test_a_workshop_summary_uses_the_consensus_of_its_rule(self) -> None:
        """Passing the summary plans from ``summary.consensus(rule=...)``, keeping the flags."""
        for rule in ("plurality", "no_dissent", "least_advanced"):
            whole = gap_analysis(northvale_card(), summary(), rule=rule)
            plain = gap_analysis(northvale_card(), summary().consensus(rule=rule))
            strip = [(a.action, a.status, a.items) for a in whole.actions]
            assert [(a.action, a.status, a.items) for a in plain.actions] == strip
            assert [s.action for s in plain.second_look] == [s.action for s in whole.second_look]
            assert (rule, None) == (whole.rule, plain.rule)

    def test_a_plain_mapping_is_read_as_a_checklist(self) -> None:
        """``{"ck.29": "in_place"}`` puts ck.29 in the second look."""
        gaps = gap_analysis(northvale_card(), {"ck.29": "in_place"})
        assert ["ck.29"] == [s.action for s in gaps.second_look]


class TestGapAnalysisRules:
    """Unrated items, other instruments and bad input."""

    def test_unrated_items_are_low_and_listed_last(self) -> None:
        """With only micro.3b rated, the 21 unrated items follow it, in framework order."""
        card = ithrive.score(
            {"micro.3b": {"kind": "proportion", "numerator": 9, "denominator": 30}}
        )
        gaps = gap_analysis(card, {})
        assert 22 == len(gaps.items)
        assert ("micro.3b", ithrive.Level.ONE) == (gaps.items[0].item, gaps.items[0].level)
        assert all(g.level is None for g in gaps.items[1:])
        assert "ck.29" == gaps.actions[0].action
        assert gaps.actions[-1].lowest_level is None

    def test_unrated_items_can_be_left_out(self) -> None:
        """``include_unrated=False`` keeps only rated items below 3."""
        card = ithrive.score(
            {"micro.3b": {"kind": "proportion", "numerator": 9, "denominator": 30}}
        )
        gaps = gap_analysis(card, {"ck.01": "in_place"}, include_unrated=False)
        assert ["micro.3b"] == [g.item for g in gaps.items]
        assert () == gaps.second_look

    def test_unrated_items_never_enter_the_second_look(self) -> None:
        """An action in place whose items are only unrated is not flagged."""
        card = ithrive.score({})
        gaps = gap_analysis(card, {"ck.31": "in_place"})
        assert () == gaps.second_look

    def test_a_thrive_like_locality_has_no_gaps(self) -> None:
        """Every item rated 3 or 4 leaves nothing to do and nothing to re-check."""
        card = ithrive.score(
            {i: {"kind": "rating", "level": 3} for i in ithrive.FRAMEWORK.item_ids}
        )
        gaps = gap_analysis(card, {"ck.01": "in_place"})
        assert ((), (), ()) == (gaps.items, gaps.actions, gaps.second_look)

    def test_the_gm_standards_work_the_same_way(self) -> None:
        """A GM standards response gives a gap analysis over standards."""
        rated = default_gm_standards().respond({"gm.1.9": "in_place", "gm.4.3": "not_started"})
        gaps = gap_analysis(northvale_card(), rated)
        assert "gm_standards" == gaps.instrument
        assert "gm.4.3" not in [a.action for a in gaps.actions]  # serves no low item
        assert ["gm.1.9"] == [s.action for s in gaps.second_look]

    def test_a_plan_response_is_refused(self) -> None:
        """The approach's steps carry no item links: ``no_links``."""
        plan = default_approach().respond({"step.0.1": "in_place"})
        with pytest.raises(ResponseError) as info:
            gap_analysis(northvale_card(), plan)
        assert "no_links" == info.value.findings[0].code

    def test_a_response_to_another_instrument_is_refused(self) -> None:
        """A checklist response checked against the GM standards is ``wrong_instrument``."""
        with pytest.raises(ResponseError, match="wrong_instrument"):
            gap_analysis(
                northvale_card(),
                default_checklist().respond({}),
                instrument=default_gm_standards(),
            )

    @given(st.lists(STATUSES, min_size=31, max_size=31))
    def test_the_to_do_list_is_sorted_by_its_documented_key(
        self, statuses: list[ImplementationStatus | None]
    ) -> None:
        """Lowest level, then more items, then status urgency, then checklist order."""
        answers = {f"ck.{k + 1:02d}": s.value for k, s in enumerate(statuses) if s is not None}
        gaps = gap_analysis(northvale_card(), answers)
        urgency = {S.NOT_STARTED: 0, None: 1, S.IN_PROGRESS: 2}
        keys = [
            (int(a.lowest_level or 3), -len(a.items), urgency[a.status], a.action)
            for a in gaps.actions
        ]
        assert sorted(keys) == keys
        low = {g.item for g in gaps.items}
        for a in gaps.actions:
            assert a.status is not S.IN_PLACE
            assert set(a.items) <= low
        for s in gaps.second_look:
            assert S.IN_PLACE == answers.get(s.action)


# --------------------------------------------------------------------------- progress


class TestProgress:
    """Counts and shares per status, by phase and by section."""

    def plan(self) -> Response:
        """A plan with phase 0 done, most of phase 1 done, and phase 2 begun."""
        answers: dict[str, str] = {f"step.0.{k}": "in_place" for k in range(1, 11)}
        answers |= {f"step.1.{k}": "in_place" for k in range(1, 12)}
        answers |= {"step.1.12": "in_progress", "step.2.1": "not_started"}
        return default_approach().respond(answers, area="Northvale")

    def test_a_plan_is_summarised_by_phase(self) -> None:
        """Five phase rows with counts, and a total over the 53 steps."""
        p = progress(self.plan())
        expected = [
            ("phase.0", 10, 0, 0, 0),
            ("phase.1", 11, 1, 0, 4),
            ("phase.2", 0, 0, 1, 11),
            ("phase.3", 0, 0, 0, 10),
            ("phase.4", 0, 0, 0, 5),
        ]
        actual = [(g.group, g.in_place, g.in_progress, g.not_started, g.blank) for g in p.groups]
        assert expected == actual
        assert (53, 21) == (p.total.entries, p.total.in_place)
        assert "Northvale" == p.area

    def test_shares_are_of_all_entries_and_add_up_to_one(self) -> None:
        """Phase 1: 11 of 16 in place is 0.6875; the four shares sum to 1."""
        g = progress(self.plan()).group("phase.1")
        assert 0.6875 == g.share("in_place")
        assert 1.0 == pytest.approx(
            sum(g.share(k) for k in ("in_place", "in_progress", "not_started", "blank"))
        )

    def test_standards_are_summarised_by_section(self) -> None:
        """Five section rows, titled by section."""
        rated = default_gm_standards().respond({"gm.2.1": "in_place", "gm.2.2": "in_progress"})
        p = progress(rated)
        assert ["gm.1", "gm.2", "gm.3", "gm.4", "gm.5"] == [g.group for g in p.groups]
        assert ("2. Thriving", 6, 1, 1) == (
            p.group("gm.2").title,
            p.group("gm.2").entries,
            p.group("gm.2").in_place,
            p.group("gm.2").in_progress,
        )

    def test_a_checklist_is_one_group(self) -> None:
        """The checklist has a single group, the same as the total."""
        p = progress(summary().consensus("Eastbrook"))
        assert 1 == len(p.groups)
        assert attrs.evolve(p.groups[0], group="total") == p.total

    def test_the_summary_is_json_ready(self) -> None:
        """``to_dict`` survives ``json.dumps`` with counts and shares per group."""
        out = json.loads(json.dumps(progress(self.plan()).to_dict()))
        counts = {"in_place": 10, "in_progress": 0, "not_started": 0, "blank": 0}
        assert {**counts, "dont_know": 0, "not_applicable": 0} == out["groups"][0]["counts"]
        assert 1.0 == out["groups"][0]["shares"]["in_place"]

    def test_an_unknown_group_or_status_is_an_error(self) -> None:
        """Asking for ``phase.9`` or the count of ``done`` fails with an ithrive error."""
        p = progress(self.plan())
        with pytest.raises(ResponseError):
            p.group("phase.9")
        with pytest.raises(ResponseError):
            p.total.count("done")

    @pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
    def test_the_frame_has_a_row_per_group_and_a_total(self, backend: str) -> None:
        """Six rows (five phases and the total) and eleven columns, in each backend."""
        frame = progress(self.plan()).to_frame(backend)
        assert (6, 16) == frame.shape
        assert backend == type(frame).__module__.split(".")[0]


class TestFrameExtras:
    """DataFrames need optional packages, imported only when asked for."""

    def test_missing_narwhals_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without narwhals, ``to_frame`` raises ``MissingExtraError`` for the ``frames`` extra."""
        monkeypatch.setitem(sys.modules, "narwhals", None)
        with pytest.raises(MissingExtraError) as info:
            summary().to_frame()
        assert ("narwhals", "frames") == (info.value.package, info.value.extra)

    def test_a_missing_backend_names_itself(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without polars, ``to_frame("polars")`` says to install it."""
        monkeypatch.setitem(sys.modules, "polars", None)
        with pytest.raises(MissingExtraError) as info:
            progress(default_approach().respond({})).to_frame("polars")
        assert "polars" == info.value.package

    def test_an_unknown_backend_is_refused(self) -> None:
        """``to_frame("excel")`` raises ``FrameBackendError`` (a ``ValueError``)."""
        with pytest.raises(FrameBackendError) as info:
            summary().to_frame("excel")
        assert isinstance(info.value, ValueError)
        assert "unknown_backend" == info.value.code

    def test_importing_the_instruments_imports_no_frame_library(self) -> None:
        """``import ithrive.instruments`` leaves narwhals, pandas and polars unimported."""
        code = (
            "import sys, ithrive, ithrive.instruments; "
            "print(sorted(m for m in ('narwhals', 'pandas', 'polars', 'pyarrow') "
            "if m in sys.modules))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert "[]" == out.stdout.strip()


class TestArguments:
    """Arguments of the wrong kind are ithrive errors, not crashes."""

    def test_gap_analysis_checks_its_arguments(self) -> None:
        """A non-scorecard, a non-boolean flag and a non-response are all reported."""
        with pytest.raises(ResponseError) as info:
            gap_analysis("card", 3, include_unrated="yes")  # type: ignore[arg-type]
        assert ["scorecard", "include_unrated", "responses"] == [
            f.where for f in info.value.findings
        ]

    def test_progress_needs_a_response(self) -> None:
        """``progress`` of something that is not a response is ``invalid_value``."""
        with pytest.raises(ResponseError, match="invalid_value"):
            progress({"ck.01": "in_place"})  # type: ignore[arg-type]


# --------------------------------------------------------------------------- regressions


def _codes(err: ResponseError) -> list[tuple[str, str | None]]:
    """The findings of an error as ``(code, entry)``."""
    return [(f.code, f.item) for f in err.findings]


class TestHandBuiltResponses:
    """Responses built directly, not read, are checked before they are counted."""

    def test_an_unknown_status_is_refused_not_dropped(self) -> None:
        """``Answer("ck.01", "done")`` in a workshop is ``unknown_status`` on ck.01."""
        bad = Response("checklist", "1", (Answer("ck.01", "done"),), "R1", "A")  # type: ignore[arg-type]
        with pytest.raises(ResponseError) as info:
            aggregate_responses([bad, responses()[0]])
        assert [("unknown_status", "ck.01")] == _codes(info.value)
        assert "responses[0]" == info.value.findings[0].where

    def test_an_area_that_is_not_text_is_an_invalid_value(self) -> None:
        """An area of ``5`` is reported, not a TypeError from sorting the areas."""
        odd = Response("checklist", "1", (), "R1", 5)  # type: ignore[arg-type]
        with pytest.raises(ResponseError) as info:
            aggregate_responses([odd, responses()[0]])
        assert [("invalid_value", None)] == _codes(info.value)

    def test_a_blank_area_is_a_missing_area(self) -> None:
        """An area of spaces names no area."""
        with pytest.raises(ResponseError) as info:
            aggregate_responses([attrs.evolve(responses()[0], area="  ")])
        assert [("missing_area", None)] == _codes(info.value)

    def test_an_action_answered_twice_is_refused(self) -> None:
        """Two answers to ck.01 in one response: the second is not silently ignored."""
        twice = (Answer("ck.01", S.IN_PLACE), Answer("ck.01", S.NOT_STARTED))
        with pytest.raises(ResponseError) as info:
            aggregate_responses([Response("checklist", "1", twice, "R1", "A")])
        assert [("invalid_value", "ck.01")] == _codes(info.value)

    def test_a_response_to_another_version_is_refused(self) -> None:
        """A hand-built response to version 2 is not tallied against version 1."""
        with pytest.raises(ResponseError) as info:
            aggregate_responses([attrs.evolve(responses()[0], version="2"), responses()[1]])
        assert [("version_mismatch", None)] == _codes(info.value)
        assert "responses[0]" == info.value.findings[0].where

    def test_answers_that_are_not_answers_are_refused(self) -> None:
        """``answers=None`` and a bare text answer are ``invalid_value``, not crashes."""
        with pytest.raises(ResponseError) as info:
            aggregate_responses(
                [
                    Response("checklist", "1", None, "R1", "A"),  # type: ignore[arg-type]
                    Response("checklist", "1", ("ck.01",), "R2", "A"),  # type: ignore[arg-type]
                ]
            )
        assert [("invalid_value", None), ("invalid_value", None)] == _codes(info.value)

    def test_gap_analysis_and_progress_refuse_an_unknown_status(self) -> None:
        """A bad status is an error in both, not a KeyError or a short count."""
        bad = Response("checklist", "1", (Answer("ck.29", "done"),))  # type: ignore[arg-type]
        with pytest.raises(ResponseError) as info:
            gap_analysis(northvale_card(), bad)
        assert [("unknown_status", "ck.29")] == _codes(info.value)
        with pytest.raises(ResponseError) as info:
            progress(bad)
        assert [("unknown_status", "ck.29")] == _codes(info.value)

    def test_a_tally_refuses_what_is_not_a_status(self) -> None:
        """``StatusTally.of`` names each bad value; status texts are read as statuses."""
        with pytest.raises(ResponseError) as info:
            StatusTally.of(["in_place", "done", 1])  # type: ignore[list-item]
        assert ["statuses[1]", "statuses[2]"] == [f.where for f in info.value.findings]
        assert 1 == StatusTally.of(["in_place"]).in_place  # type: ignore[list-item]


class TestItemGapOrder:
    """Each low item's actions follow the to-do list."""

    @given(
        st.lists(st.sampled_from([1, 2, 3, 4, None]), min_size=22, max_size=22),
        st.lists(STATUSES, min_size=31, max_size=31),
    )
    def test_each_items_actions_are_in_to_do_order(
        self, levels: list[int | None], statuses: list[ImplementationStatus | None]
    ) -> None:
        """An item's open actions appear in the same order as in ``gaps.actions``."""
        evidence = {
            i: {"kind": "rating", "level": lv}
            for i, lv in zip(ithrive.FRAMEWORK.item_ids, levels, strict=True)
            if lv is not None
        }
        answers = {f"ck.{k + 1:02d}": s.value for k, s in enumerate(statuses) if s is not None}
        gaps = gap_analysis(ithrive.score(evidence), answers)
        rank = {a.action: i for i, a in enumerate(gaps.actions)}
        for g in gaps.items:
            assert sorted(g.actions, key=rank.__getitem__) == list(g.actions)

    def test_an_action_serving_a_lower_item_comes_first_in_the_item(self) -> None:
        """macro.3 unrated, macro.4 at 2: ck.05 (also serves macro.4) leads macro.3's list,
        though ck.07 has not started and ck.05 is in progress."""
        card = ithrive.score({"macro.4": {"kind": "rating", "level": 2}})
        gaps = gap_analysis(card, {"ck.05": "in_progress", "ck.07": "not_started"})
        assert ("ck.05", "ck.07") == gaps.item("macro.3").actions


class TestLinkStrength:
    """Gap analysis uses direct links first and says which kind it used."""

    def test_an_item_with_direct_links_uses_only_those(self) -> None:
        """macro.2 at level 2: ck.03, ck.04 and ck.06 (direct), not ck.02 or ck.05 (related)."""
        gaps = gap_analysis(ithrive.score({"macro.2": {"kind": "rating", "level": 2}}), {})
        g = gaps.item("macro.2")
        assert (LinkStrength.DIRECT, ("ck.03", "ck.04", "ck.06")) == (
            g.strength,
            tuple(sorted(g.actions)),
        )

    def test_an_item_with_only_related_links_uses_them_and_says_so(self) -> None:
        """meso.3b has no direct checklist link: its related action ck.11 is listed."""
        gaps = gap_analysis(ithrive.score({"meso.3b": {"kind": "rating", "level": 1}}), {})
        assert (LinkStrength.RELATED, ("ck.11",)) == (
            gaps.item("meso.3b").strength,
            gaps.item("meso.3b").actions,
        )

    def test_an_action_related_to_an_item_with_direct_links_does_not_serve_it(self) -> None:
        """ck.05 is direct to macro.3 and related to macro.2: with both at level 2 it
        serves macro.3 only, and macro.2's list holds its direct actions alone."""
        card = ithrive.score(
            {"macro.2": {"kind": "rating", "level": 2}, "macro.3": {"kind": "rating", "level": 2}}
        )
        gaps = gap_analysis(card, {}, include_unrated=False)
        todo = {a.action: a.items for a in gaps.actions}
        assert (("macro.3",), ("ck.03", "ck.04", "ck.06")) == (
            todo["ck.05"],
            tuple(sorted(gaps.item("macro.2").actions)),
        )

    def test_one_action_serves_one_item_directly_and_another_by_its_only_links(self) -> None:
        """ck.11 is direct to meso.3a and meso.3b's only checklist link: with both low it
        serves both, and each item says which kind of link found it."""
        card = ithrive.score(
            {"meso.3a": {"kind": "rating", "level": 1}, "meso.3b": {"kind": "rating", "level": 2}}
        )
        gaps = gap_analysis(card, {}, include_unrated=False)
        todo = {a.action: a.items for a in gaps.actions}
        assert (("meso.3a", "meso.3b"), LinkStrength.DIRECT, LinkStrength.RELATED) == (
            todo["ck.11"],
            gaps.item("meso.3a").strength,
            gaps.item("meso.3b").strength,
        )

    def test_direct_links_all_in_place_leave_no_action_and_ask_for_a_second_look(self) -> None:
        """macro.2 at 2 with ck.03, ck.04 and ck.06 in place: the related ck.02 and ck.05
        are not offered instead; the three direct actions get a second look."""
        card = ithrive.score({"macro.2": {"kind": "rating", "level": 2}})
        answers = {"ck.03": "in_place", "ck.04": "in_place", "ck.06": "in_place"}
        gaps = gap_analysis(card, answers, include_unrated=False)
        g = gaps.item("macro.2")
        assert ((), ("ck.03", "ck.04", "ck.06"), ["ck.03", "ck.04", "ck.06"]) == (
            g.actions,
            g.in_place,
            [s.action for s in gaps.second_look],
        )

    def test_an_item_the_standards_serve_only_by_related_links_uses_them(self) -> None:
        """macro.5 against the GM standards: its only link, gm.1.10's evaluation plan
        with surveys, is related, and is listed as such."""
        card = ithrive.score({"macro.5": {"kind": "rating", "level": 1}})
        gaps = gap_analysis(card, {}, instrument=default_gm_standards(), include_unrated=False)
        g = gaps.item("macro.5")
        assert (LinkStrength.RELATED, ("gm.1.10",)) == (g.strength, g.actions)

    def test_an_item_no_entry_serves_lists_nothing(self) -> None:
        """macro.5 has no checklist link: no actions, and no kind of link."""
        gaps = gap_analysis(ithrive.score({"macro.5": {"kind": "rating", "level": 1}}), {})
        g = gaps.item("macro.5")
        assert (None, (), None) == (g.strength, g.actions, g.to_dict()["strength"])

    def test_a_related_action_in_place_is_no_second_look_where_direct_links_exist(self) -> None:
        """ck.10 (related to macro.3) in place with macro.3 at 2 is not flagged; ck.07 is."""
        card = ithrive.score({"macro.3": {"kind": "rating", "level": 2}})
        gaps = gap_analysis(card, {"ck.10": "in_place", "ck.07": "in_place"})
        assert ["ck.07"] == [s.action for s in gaps.second_look]

    def test_the_gm_standards_use_their_direct_link_for_shared_decision_making(self) -> None:
        """micro.1a at 2 against the standards: gm.2.4 (direct), not gm.1.8 (related)."""
        card = ithrive.score({"micro.1a": {"kind": "rating", "level": 2}})
        gaps = gap_analysis(card, {}, instrument=default_gm_standards())
        g = gaps.item("micro.1a")
        assert (LinkStrength.DIRECT, ("gm.2.4",)) == (g.strength, g.actions)

    def test_the_senior_practitioner_action_is_a_direct_link(self) -> None:
        """D33: ck.20 serves micro.6 directly, at level 2's Grade 8 practitioner criterion."""
        link = default_checklist().action("ck.20").links[0]
        assert ("micro.6", LinkStrength.DIRECT, 2) == (link.item, link.strength, link.level)
