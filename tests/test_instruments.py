"""Instruments as data: the checklist, the approach and the GM standards against their sources.

The source documents live outside the repository (``../shared/seeds`` from
the main checkout, or wherever ``ITHRIVE_SOURCES`` points). The tests that
read them parse the extracted text themselves, count the checklist rows,
the phase steps and the GM standards, and compare numbers, lines and titles
with the packaged data.
"""

from __future__ import annotations

import copy
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest
from tests.sources import (
    APPROACH_SOURCE,
    CHECKLIST_SOURCE,
    STANDARDS_SOURCE,
    needs_sources,
    source_lines,
)

import ithrive
from ithrive import FRAMEWORK
from ithrive.errors import InstrumentError, ResponseError, UnknownItemError
from ithrive.instruments import (
    ImplementationStatus,
    LinkStrength,
    Response,
    default_approach,
    default_checklist,
    default_gm_standards,
    load_approach,
    load_checklist,
    load_standards,
    read_response,
)

# --------------------------------------------------------------------------- sources


def checklist_rows() -> list[tuple[int, str, int]]:
    """The checklist form's rows as ``(line, action text, tick boxes)``."""
    rows = []
    for number, line in enumerate(source_lines(CHECKLIST_SOURCE), start=1):
        if "<input" in line:
            rows.append((number, line.split("\t")[0], line.count('type="checkbox"')))
    return rows


def approach_steps() -> list[tuple[str, int]]:
    """The approach's numbered steps as ``(number, line)``; ``N.0`` phase markers excluded."""
    steps = []
    for number, line in enumerate(source_lines(APPROACH_SOURCE), start=1):
        match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", line)
        if match and int(match[2]) > 0:
            steps.append((f"{match[1]}.{match[2]}", number))
    return steps


def approach_phases() -> list[tuple[int, str, int]]:
    """The approach's phase headings as ``(number, title, line)``."""
    phases = []
    for number, line in enumerate(source_lines(APPROACH_SOURCE), start=1):
        match = re.search(r"Phase (\d+): (.+?)\s*$", line)
        if match:
            phases.append((int(match[1]), match[2], number))
    return phases


def plan_elements() -> list[tuple[int, str]]:
    """Step 3.3's minimum plan elements as ``(line, text)``."""
    return [
        (number, line.strip()[1:].strip())
        for number, line in enumerate(source_lines(APPROACH_SOURCE), start=1)
        if line.strip().startswith(">")
    ]


def standards_numbers() -> list[tuple[str, int]]:
    """The GM standards' numbers as ``(number, line)``."""
    found = []
    for number, line in enumerate(source_lines(STANDARDS_SOURCE), start=1):
        match = re.fullmatch(r"\s*(\d+)\.(\d+)\s*", line)
        if match:
            found.append((f"{match[1]}.{match[2]}", number))
    return found


def standards_sections() -> list[tuple[int, str, int]]:
    """The GM standards' section headings as ``(number, title, line)``."""
    found = []
    for number, line in enumerate(source_lines(STANDARDS_SOURCE), start=1):
        match = re.fullmatch(r"(\d)\. (.+?)\s*", line)
        if match:
            found.append((int(match[1]), match[2], number))
    return found


def _normal(text: str) -> str:
    """Text compared without letter case or spacing differences."""
    return " ".join(text.casefold().split())


@needs_sources
class TestChecklistAgainstSource:
    """The packaged checklist has exactly the form's 31 rows, in order, citing their lines."""

    def test_the_form_has_31_actions_and_the_data_has_all_of_them(self) -> None:
        """Counting the rows with tick boxes in the form gives the data's 31 actions."""
        rows = checklist_rows()
        assert 31 == len(rows)
        assert len(rows) == len(default_checklist())

    def test_each_action_cites_its_row_and_line(self) -> None:
        """Action k is row k of the form and cites the line that holds it."""
        expected = [(k, line) for k, (line, _, _) in enumerate(checklist_rows(), start=1)]
        actual = [(a.row, a.line) for a in default_checklist().actions]
        assert expected == actual

    def test_ids_are_ck_and_the_row_number(self) -> None:
        """Ids run ``ck.01`` to ``ck.31`` in form order."""
        expected = [f"ck.{k:02d}" for k in range(1, 32)]
        assert expected == [a.id for a in default_checklist().actions]

    def test_rows_that_lost_a_tick_box_still_take_every_status(self) -> None:
        """Rows 4-16 show two tick boxes in the extracted form; all three statuses still apply."""
        short = [k for k, (_, _, boxes) in enumerate(checklist_rows(), start=1) if boxes != 3]
        assert list(range(4, 17)) == short
        response = default_checklist().respond({f"ck.{k:02d}": "not_started" for k in short})
        assert len(short) == len(response)

    def test_titles_are_the_projects_own_shorter_wording(self) -> None:
        """No title copies the form's wording: each is shorter and differs from it."""
        for (_, text, _), action in zip(checklist_rows(), default_checklist().actions, strict=True):
            assert _normal(text) != _normal(action.title)
            assert len(action.title) < max(len(text), 70)


@needs_sources
class TestApproachAgainstSource:
    """The packaged approach has the source's five phases and 53 numbered steps."""

    def test_phases_match_the_headings(self) -> None:
        """Phases 0-4 with the source's short titles and heading lines."""
        expected = approach_phases()
        actual = [(p.number, p.title, p.line) for p in default_approach().phases]
        assert 5 == len(expected)
        assert expected == actual

    def test_every_numbered_step_is_present_in_order(self) -> None:
        """The steps' numbers and lines equal those found in the source, 0.1 to 4.5."""
        expected = approach_steps()
        actual = [(s.number, s.line) for s in default_approach().steps]
        assert 53 == len(expected)
        assert expected == actual

    def test_step_counts_per_phase(self) -> None:
        """Phase 0 has 10 steps, phase 1 has 16, phase 2 has 12, phase 3 has 10, phase 4 has 5."""
        counts: dict[int, int] = {}
        for number, _ in approach_steps():
            phase = int(number.split(".")[0])
            counts[phase] = counts.get(phase, 0) + 1
        assert counts == {p.number: len(p.steps) for p in default_approach().phases}

    def test_step_ids_carry_the_source_number(self) -> None:
        """Step ``0.10`` has id ``step.0.10`` and comes after ``step.0.9``."""
        ids = [s.id for s in default_approach().phase(0).steps]
        assert ["step.0.9", "step.0.10"] == ids[-2:]
        assert [f"step.{n}" for n, _ in approach_steps()] == list(default_approach().entry_ids)


@needs_sources
class TestPlanElementsAgainstSource:
    """Step 3.3's minimum elements are the 31 checklist actions, differences noted."""

    def test_there_are_31_elements_citing_their_lines(self) -> None:
        """The source lists 31 elements; the data cites each one's line."""
        expected = [line for line, _ in plan_elements()]
        actual = [e.line for e in default_approach().step("step.3.3").elements]
        assert 31 == len(expected)
        assert expected == actual

    def test_element_k_is_checklist_action_k(self) -> None:
        """The elements follow the checklist's order, each linked to the action of the same row."""
        expected = [f"ck.{k:02d}" for k in range(1, 32)]
        assert expected == [e.action for e in default_approach().minimum_elements]

    def test_a_difference_is_noted_exactly_where_the_wording_differs(self) -> None:
        """An element notes a difference if and only if its text differs from the form's row."""
        rows = {k: text for k, (_, text, _) in enumerate(checklist_rows(), start=1)}
        for k, ((_, text), element) in enumerate(
            zip(plan_elements(), default_approach().minimum_elements, strict=True), start=1
        ):
            differs = _normal(text) != _normal(rows[k])
            assert differs == bool(element.difference), element.action

    def test_seven_elements_differ(self) -> None:
        """Rows 2, 8, 10, 11, 12, 13 and 31 are worded differently in the older list."""
        expected = ["ck.02", "ck.08", "ck.10", "ck.11", "ck.12", "ck.13", "ck.31"]
        actual = [e.action for e in default_approach().minimum_elements if e.difference]
        assert expected == actual


@needs_sources
class TestStandardsAgainstSource:
    """The packaged GM standards have the source's five sections and 35 numbered standards."""

    def test_sections_match_the_headings(self) -> None:
        """Five sections, with the source's titles and heading lines."""
        expected = standards_sections()
        actual = [(s.number, s.title, s.line) for s in default_gm_standards().sections]
        assert 5 == len(expected)
        assert expected == actual

    def test_every_numbered_standard_is_present_in_order(self) -> None:
        """The standards' numbers and lines equal those found in the source."""
        expected = standards_numbers()
        actual = [(s.number, s.line) for s in default_gm_standards().standards]
        assert 35 == len(expected)
        assert expected == actual

    def test_standard_ids_carry_the_source_number(self) -> None:
        """Standard ``3.2`` has id ``gm.3.2``, even where its number shares a line with 3.1."""
        assert [f"gm.{n}" for n, _ in standards_numbers()] == list(default_gm_standards().entry_ids)

    def test_unnumbered_story_rows_are_not_standards_but_are_noted(self) -> None:
        """Four unnumbered rows point to implementation stories; their sections say so."""
        text = source_lines(STANDARDS_SOURCE)
        rows = [line for line in text if "implementation stories" in line]
        assert 4 == len(rows)
        noted = [s.number for s in default_gm_standards().sections if "stories" in s.note]
        assert [2, 3, 4] == noted

    def test_the_status_column_has_no_scale_so_the_checklist_statuses_apply(self) -> None:
        """Each section has a status column; the standards use the checklist's statuses.

        They add "not applicable", which the checklist (whose every action
        applies to every area) does not use.
        """
        headers = [
            line for line in source_lines(STANDARDS_SOURCE) if "Implementation status" in line
        ]
        assert 5 == len(headers)
        checklist = (*default_checklist().statuses, ImplementationStatus.NOT_APPLICABLE)
        assert checklist == default_gm_standards().statuses
        assert tuple(ImplementationStatus) == default_gm_standards().statuses

    def test_the_repeated_reconnect_standard_is_kept_in_both_sections(self) -> None:
        """Standards 3.8 and 4.5 share their wording; both are kept and noted."""
        gm = default_gm_standards()
        assert gm.standard("gm.3.8").title == gm.standard("gm.4.5").title
        assert "4.5" in gm.standard("gm.3.8").note
        assert "3.8" in gm.standard("gm.4.5").note


# --------------------------------------------------------------------------- data


class TestPackagedData:
    """Properties of the packaged data that hold whatever the sources say."""

    def test_an_item_may_have_no_checklist_action(self) -> None:
        """Links earn their place: macro.5, which no checklist row speaks to, has no action."""
        served = {item for a in default_checklist().actions for item in a.items}
        assert {"macro.5"} == set(FRAMEWORK.item_ids) - served

    def test_every_action_and_standard_has_reasoned_links_or_says_why_not(self) -> None:
        """Each entry links to items, each link with a reason, or says in ``unlinked`` why not."""
        for entry in (*default_checklist().actions, *default_gm_standards().standards):
            assert bool(entry.links) != bool(entry.unlinked.strip()), entry.id
            assert all(link.reason.strip() for link in entry.links), entry.id
            assert all(link.item in FRAMEWORK for link in entry.links), entry.id

    def test_entries_no_item_speaks_to_are_unlinked(self) -> None:
        """Outreach, engagement planning, arts and culture, reconnection and participation
        have no item in the assessment tool: those entries are left unlinked."""
        unlinked = [
            e.id
            for e in (*default_checklist().actions, *default_gm_standards().standards)
            if not e.links
        ]
        assert ["ck.24", "gm.1.7", "gm.3.5", "gm.3.8", "gm.4.4", "gm.4.5"] == unlinked

    def test_links_the_fidelity_review_found_unearned_are_gone(self) -> None:
        """Issue 15's links without a source (gm.1.12 and gm.4.4 to micro.1a, gm.3.5 to meso.2,
        the reconnection standards to micro.3, ck.25 to micro.1a, in-reach to macro.5) are gone."""
        items = {
            e.id: set(e.items)
            for e in (*default_checklist().actions, *default_gm_standards().standards)
        }
        gone = [
            ("gm.1.12", "micro.1a"),
            ("gm.3.5", "meso.2"),
            ("gm.3.8", "micro.3c"),
            ("gm.4.5", "micro.3a"),
            ("gm.4.4", "micro.1a"),
            ("ck.25", "micro.1a"),
            ("ck.22", "macro.5"),
            ("ck.23", "macro.5"),
            ("ck.24", "macro.5"),
        ]
        assert [] == [(e, i) for e, i in gone if i in items[e]]

    def test_a_direct_link_to_an_item_scored_from_criteria_cites_a_level(self) -> None:
        """A direct link meets a criterion at the level it cites, or is what the item's
        measure counts; an item with no measure has only criteria, so its direct links
        cite a level (ck.10 once cited micro.4's principle)."""
        measured = {r.item for r in ithrive.default_ruleset() if r.measures}
        loose = [
            (e.id, link.item)
            for e in (*default_checklist().actions, *default_gm_standards().standards)
            for link in e.links
            if link.strength is LinkStrength.DIRECT
            and link.level is None
            and link.item not in measured
        ]
        assert [] == loose

    def test_the_outcome_data_row_meets_micro4s_collection_criterion(self) -> None:
        """ck.10 serves micro.4 directly at level 4, on data collected and used."""
        link = next(k for k in default_checklist().action("ck.10").links if k.item == "micro.4")
        assert (LinkStrength.DIRECT, 4, True) == (
            link.strength,
            link.level,
            link.item_quote.startswith("Routine outcome data is collected and utilised"),
        )

    def test_the_data_sharing_row_rests_on_data_given_to_commissioners_not_contracts(
        self,
    ) -> None:
        """ck.07 (protocols to share data with commissioners) says nothing of contracts:
        its macro.3 link rests on data routinely provided to commissioners (level 4)."""
        link = next(k for k in default_checklist().action("ck.07").links if k.item == "macro.3")
        assert (4, "it is routinely and comprehensively provided to commissioners") == (
            link.level,
            link.item_quote,
        )
        assert "contracts contain" not in link.reason

    def test_the_last_section_notes_the_source_may_be_cut_off(self) -> None:
        """D34: section 5 ends the source at standard 5.3, and its note says so."""
        section = default_gm_standards().sections[-1]
        assert ("gm.5.3", True) == (section.standards[-1].id, "cut off" in section.note)

    def test_sections_name_the_groupings_they_are_about(self) -> None:
        """Section 1 is about no grouping; 2-5 about the five groupings, 4 about two."""
        expected = [
            (),
            ("thriving",),
            ("getting_advice",),
            ("getting_help", "getting_more_help"),
            ("getting_risk_support",),
        ]
        assert expected == [s.groupings for s in default_gm_standards().sections]

    def test_instruments_are_frozen(self) -> None:
        """Packaged instruments cannot be changed through a returned object."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            default_checklist().actions[0].title = "changed"  # type: ignore[misc]

    def test_packaged_instruments_are_loaded_once(self) -> None:
        """The default loaders return the same object on every call."""
        assert default_checklist() is default_checklist()

    def test_loading_the_packaged_file_by_path_gives_the_same_instrument(self) -> None:
        """``load_checklist(path)`` equals ``default_checklist()``."""
        path = resources.files("ithrive.instruments").joinpath("checklist.toml")
        with resources.as_file(path) as real:
            assert default_checklist() == load_checklist(real)

    def test_an_unknown_entry_id_suggests_the_nearest(self) -> None:
        """Looking up ``ck.5`` fails with code ``unknown_entry`` and suggests ``ck.05``."""
        with pytest.raises(UnknownItemError) as info:
            default_checklist().action("ck.5")
        assert "unknown_entry" == info.value.code
        assert "ck.05" in info.value.suggestions

    def test_groups_follow_phases_and_sections(self) -> None:
        """The approach groups by phase, the standards by section, the checklist as one."""
        assert ["phase.0", "phase.1", "phase.2", "phase.3", "phase.4"] == [
            g.id for g in default_approach().groups()
        ]
        assert ["gm.1", "gm.2", "gm.3", "gm.4", "gm.5"] == [
            g.id for g in default_gm_standards().groups()
        ]
        assert ["checklist"] == [g.id for g in default_checklist().groups()]


# --------------------------------------------------------------------------- invalid data


def _packaged(name: str) -> dict[str, Any]:
    """A fresh, mutable copy of a packaged instrument file."""
    text = resources.files("ithrive.instruments").joinpath(name).read_text("utf-8")
    return copy.deepcopy(tomllib.loads(text))


def _findings(err: InstrumentError) -> list[tuple[str, str | None]]:
    return [(f.code, f.item) for f in err.findings]


class TestInvalidChecklist:
    """A broken checklist fails to load, and every finding names the action."""

    def test_a_duplicate_id_names_the_action(self) -> None:
        """Two actions called ``ck.04`` give ``duplicate_id`` on ``ck.04``."""
        data = _packaged("checklist.toml")
        data["actions"][4]["id"] = "ck.04"
        with pytest.raises(InstrumentError) as info:
            load_checklist(data)
        assert [("duplicate_id", "ck.04")] == _findings(info.value)
        assert "ck.04 actions[4].id" in str(info.value)

    def test_a_dangling_item_link_names_the_action(self) -> None:
        """A link to ``micro.9`` gives ``dangling_link`` on the action, with suggestions."""
        data = _packaged("checklist.toml")
        data["actions"][4]["links"][0]["item"] = "micro.9"
        with pytest.raises(InstrumentError) as info:
            load_checklist(data)
        assert [("dangling_link", "ck.05")] == _findings(info.value)
        assert "did you mean" in info.value.findings[0].message

    def test_an_unknown_status_fails(self) -> None:
        """A status the library does not know, in the instrument's list, is ``unknown_status``."""
        data = _packaged("checklist.toml")
        data["instrument"]["statuses"] = ["in_place", "partly"]
        with pytest.raises(InstrumentError) as info:
            load_checklist(data)
        assert [("unknown_status", None)] == _findings(info.value)
        assert "instrument.statuses[1]" == info.value.findings[0].where

    def test_several_problems_are_reported_together(self) -> None:
        """Unknown keys, wrong types, gaps in rows and empty reasons all come back at once."""
        data = _packaged("checklist.toml")
        data["extra"] = 1
        data["actions"][0]["titel"] = "typo"
        data["actions"][1]["line"] = "61"
        data["actions"][2]["row"] = 5
        data["actions"][3]["links"][0]["reason"] = " "
        data["actions"][5]["links"].append(dict(data["actions"][5]["links"][0]))
        with pytest.raises(InstrumentError) as info:
            load_checklist(data)
        expected = [
            ("unknown_key", None),
            ("unknown_key", "ck.01"),
            ("invalid_value", "ck.02"),
            ("out_of_order", "ck.03"),
            ("missing_reason", "ck.04"),
            ("duplicate_link", "ck.06"),
        ]
        assert expected == _findings(info.value)
        assert 6 == len(info.value.lines())

    def test_lines_must_increase_through_the_file(self) -> None:
        """An action citing an earlier line than the one before it is ``out_of_order``."""
        data = _packaged("checklist.toml")
        data["actions"][10]["line"] = 60
        with pytest.raises(InstrumentError) as info:
            load_checklist(data)
        assert [("out_of_order", "ck.11")] == _findings(info.value)

    def test_an_action_without_links_fails_unless_it_says_why(self) -> None:
        """An action with no links is ``missing_link`` unless ``unlinked`` says why."""
        data = _packaged("checklist.toml")
        data["actions"][0]["links"] = []
        with pytest.raises(InstrumentError) as info:
            load_checklist(data)
        assert [("missing_link", "ck.01")] == _findings(info.value)
        data["actions"][0]["unlinked"] = "no item of the tool speaks to it"
        assert () == load_checklist(data).action("ck.01").links

    def test_an_action_with_links_cannot_also_be_unlinked(self) -> None:
        """Links and an ``unlinked`` reason together are ``conflicting_fields``."""
        data = _packaged("checklist.toml")
        data["actions"][0]["unlinked"] = "no item fits"
        with pytest.raises(InstrumentError) as info:
            load_checklist(data)
        assert [("conflicting_fields", "ck.01")] == _findings(info.value)

    @pytest.mark.parametrize(
        ("field", "value"), [("strength", "strong"), ("level", 5), ("level", 0)]
    )
    def test_a_link_strength_or_level_outside_the_scale_fails(
        self, field: str, value: object
    ) -> None:
        """A strength other than direct/related, or a level outside 1-4, is ``invalid_value``."""
        data = _packaged("checklist.toml")
        data["actions"][0]["links"][0][field] = value
        with pytest.raises(InstrumentError) as info:
            load_checklist(data)
        assert [("invalid_value", "ck.01")] == _findings(info.value)

    def test_a_link_without_a_strength_is_related(self) -> None:
        """A link from a local file that names no strength is read as ``related``."""
        data = _packaged("checklist.toml")
        del data["actions"][0]["links"][0]["strength"]
        link = load_checklist(data).action("ck.01").links[0]
        assert LinkStrength.RELATED == link.strength

    def test_a_list_where_an_array_belongs_is_one_finding(self) -> None:
        """``links = "macro.1"`` is one ``invalid_value``, not one per character."""
        data = _packaged("checklist.toml")
        data["actions"][0]["links"] = "macro.1"
        with pytest.raises(InstrumentError) as info:
            load_checklist(data)
        assert [("invalid_value", "ck.01")] == _findings(info.value)

    def test_a_missing_file_and_bad_toml_are_instrument_errors(self, tmp_path: Path) -> None:
        """Unreadable files and TOML syntax errors raise with their own codes."""
        with pytest.raises(InstrumentError) as info:
            load_checklist(tmp_path / "missing.toml")
        assert "unreadable" == info.value.findings[0].code
        bad = tmp_path / "bad.toml"
        bad.write_text("[instrument\n", "utf-8")
        with pytest.raises(InstrumentError) as info:
            load_checklist(bad)
        assert "toml_syntax" == info.value.findings[0].code
        latin1 = tmp_path / "latin1.toml"
        latin1.write_bytes('[instrument]\ntitle = "Région"\n'.encode("latin-1"))
        with pytest.raises(InstrumentError) as info:
            load_checklist(latin1)
        assert "unreadable" == info.value.findings[0].code

    def test_the_error_is_a_value_error_with_a_json_form(self) -> None:
        """``InstrumentError`` is a ``ValueError`` whose ``to_dict`` lists the findings."""
        data = _packaged("checklist.toml")
        data["actions"][4]["id"] = "ck.04"
        with pytest.raises(ValueError, match="duplicate_id") as info:
            load_checklist(data)
        out = info.value.to_dict()  # type: ignore[attr-defined]
        assert "invalid_instrument" == out["code"]
        assert "ck.04" == out["item"]
        assert "duplicate_id" == out["findings"][0]["code"]


class TestInvalidApproach:
    """A broken approach fails to load, naming the step or phase."""

    def test_a_dangling_plan_element_names_step_3_3(self) -> None:
        """An element linked to ``ck.32`` is a ``dangling_link`` on ``step.3.3``."""
        data = _packaged("approach.toml")
        data["phases"][3]["steps"][2]["elements"][0]["action"] = "ck.32"
        with pytest.raises(InstrumentError) as info:
            load_approach(data)
        assert [("dangling_link", "step.3.3")] == _findings(info.value)

    def test_an_action_used_twice_is_a_duplicate_link(self) -> None:
        """Two elements linked to ``ck.01`` give ``duplicate_link``."""
        data = _packaged("approach.toml")
        data["phases"][3]["steps"][2]["elements"][1]["action"] = "ck.01"
        with pytest.raises(InstrumentError) as info:
            load_approach(data)
        assert [("duplicate_link", "step.3.3")] == _findings(info.value)

    def test_steps_and_phases_must_be_numbered_in_order(self) -> None:
        """Swapped step numbers and a skipped phase are ``out_of_order``."""
        data = _packaged("approach.toml")
        steps = data["phases"][0]["steps"]
        steps[0]["number"], steps[1]["number"] = steps[1]["number"], steps[0]["number"]
        data["phases"][4]["number"] = 5
        with pytest.raises(InstrumentError) as info:
            load_approach(data)
        assert [
            ("out_of_order", "step.0.1"),
            ("out_of_order", "step.0.2"),
            ("out_of_order", "phase.4"),
        ] == _findings(info.value)

    def test_a_duplicate_step_id_names_the_step(self) -> None:
        """Two steps with id ``step.1.1`` give ``duplicate_id``."""
        data = _packaged("approach.toml")
        data["phases"][1]["steps"][1]["id"] = "step.1.1"
        with pytest.raises(InstrumentError) as info:
            load_approach(data)
        assert [("duplicate_id", "step.1.1")] == _findings(info.value)

    def test_elements_resolve_against_the_checklist_given(self) -> None:
        """Against a checklist of two actions, every other element dangles."""
        small = _packaged("checklist.toml")
        small["actions"] = small["actions"][:2]
        data = _packaged("approach.toml")
        with pytest.raises(InstrumentError) as info:
            load_approach(data, checklist=load_checklist(small))
        assert 29 == len(info.value.findings)


class TestInvalidStandards:
    """A broken standards file fails to load, naming the standard or section."""

    def test_an_unknown_grouping_names_the_section(self) -> None:
        """A section about ``thrivng`` is a ``dangling_link`` suggesting ``thriving``."""
        data = _packaged("gm_standards.toml")
        data["sections"][1]["groupings"] = ["thrivng"]
        with pytest.raises(InstrumentError) as info:
            load_standards(data)
        assert [("dangling_link", "gm.2")] == _findings(info.value)
        assert "'thriving'" in info.value.findings[0].message

    def test_a_duplicate_standard_id_across_sections_fails(self) -> None:
        """Ids are unique across the whole instrument, not only within a section."""
        data = _packaged("gm_standards.toml")
        data["sections"][4]["standards"][0]["id"] = "gm.1.1"
        with pytest.raises(InstrumentError) as info:
            load_standards(data)
        assert [("duplicate_id", "gm.1.1")] == _findings(info.value)

    def test_a_standard_numbered_in_the_wrong_section_fails(self) -> None:
        """Standard ``2.1`` inside section 3 is ``out_of_order``."""
        data = _packaged("gm_standards.toml")
        data["sections"][2]["standards"][0]["number"] = "2.1"
        with pytest.raises(InstrumentError) as info:
            load_standards(data)
        assert [("out_of_order", "gm.3.1")] == _findings(info.value)

    def test_a_dangling_item_link_names_the_standard(self) -> None:
        """A standard linked to ``meso.9`` fails on that standard."""
        data = _packaged("gm_standards.toml")
        data["sections"][0]["standards"][8]["links"][0]["item"] = "meso.9"
        with pytest.raises(InstrumentError) as info:
            load_standards(data)
        assert [("dangling_link", "gm.1.9")] == _findings(info.value)


# --------------------------------------------------------------------------- responses


class TestResponses:
    """One respondent's answers: recorded, checked, and round-tripped through JSON."""

    def test_a_response_keeps_the_instrument_order(self) -> None:
        """Answers come back in checklist order whatever order they were given in."""
        r = default_checklist().respond({"ck.10": "in_place", "ck.02": "not_started"})
        assert ["ck.02", "ck.10"] == [a.entry for a in r]

    def test_a_comment_without_a_status_is_kept(self) -> None:
        """A comment on a blank entry is kept, with no status."""
        r = default_checklist().respond({"ck.03": {"comment": " board meets quarterly "}})
        assert ("board meets quarterly", None) == (r.answer("ck.03").comment, r.status("ck.03"))  # type: ignore[union-attr]

    def test_json_round_trip_is_lossless(self) -> None:
        """``read_response(r.to_dict())`` equals ``r``."""
        r = default_gm_standards().respond(
            {"gm.1.1": "in_place", "gm.5.3": {"status": "in_progress", "comment": "AMBIT pilot"}},
            respondent="lead",
            area="Northvale",
        )
        assert r == read_response(r.to_dict())
        assert r == Response.from_dict(r.to_dict())

    def test_every_problem_is_reported_with_its_entry(self) -> None:
        """Unknown status, unknown entry, unknown key and wrong types come back together."""
        with pytest.raises(ResponseError) as info:
            read_response(
                {
                    "instrument": "checklist",
                    "answers": {
                        "ck.05": "done",
                        "ck.50": "in_place",
                        "ck.06": {"status": "in_place", "note": "x"},
                        "ck.07": {"status": "in_place", "comment": 7},
                    },
                }
            )
        expected = [
            ("unknown_status", "ck.05"),
            ("unknown_entry", "ck.50"),
            ("unknown_key", "ck.06"),
            ("invalid_value", "ck.07"),
        ]
        assert expected == _findings(info.value)
        assert "invalid_response" == info.value.code
        assert "ck.05" == info.value.item

    def test_a_response_names_its_instrument(self) -> None:
        """An unknown instrument suggests the nearest; a mismatched one is refused."""
        with pytest.raises(ResponseError) as info:
            read_response({"instrument": "gm_standard", "answers": {}})
        assert "'gm_standards'" in str(info.value)
        with pytest.raises(ResponseError) as info:
            read_response({"instrument": "approach", "answers": {}}, instrument=default_checklist())
        assert [("wrong_instrument", None)] == _findings(info.value)

    def test_a_response_to_another_version_is_refused(self) -> None:
        """A response made for version 2 of the checklist does not load against version 1."""
        with pytest.raises(ResponseError) as info:
            read_response({"instrument": "checklist", "version": "2", "answers": {}})
        assert [("version_mismatch", None)] == _findings(info.value)

    def test_a_status_the_instrument_does_not_use_is_refused(self) -> None:
        """An instrument listing only two statuses refuses the third."""
        data = _packaged("checklist.toml")
        data["instrument"]["statuses"] = ["in_place", "not_started"]
        two = load_checklist(data)
        with pytest.raises(ResponseError) as info:
            two.respond({"ck.01": "in_progress"})
        assert [("unknown_status", "ck.01")] == _findings(info.value)

    def test_statuses_are_ordered_by_rank(self) -> None:
        """``not_started`` < ``in_progress`` < ``in_place``; labels read as words."""
        ranks = {s.value: s.rank for s in ImplementationStatus}
        expected = {"not_started": 0, "in_progress": 1, "in_place": 2}
        assert {**expected, "dont_know": None, "not_applicable": None} == ranks
        assert "in progress" == ImplementationStatus.IN_PROGRESS.label


class TestLoaderEdgeCases:
    """Regressions: checks that once let bad data through or reported it badly."""

    def test_an_empty_title_is_a_missing_field(self) -> None:
        """An action titled ``"  "`` fails with ``missing_field`` on the action's title."""
        data = _packaged("checklist.toml")
        data["actions"][2]["title"] = "  "
        with pytest.raises(InstrumentError) as info:
            load_checklist(data)
        assert [("missing_field", "ck.03")] == _findings(info.value)
        assert "actions[2].title" == info.value.findings[0].where

    def test_a_link_given_as_text_is_expected_to_be_a_table(self) -> None:
        """``links = ["macro.1"]`` says a table was expected, not an internal AttributeError."""
        data = _packaged("checklist.toml")
        data["actions"][0]["links"] = ["macro.1"]
        with pytest.raises(InstrumentError) as info:
            load_checklist(data)
        assert [("invalid_value", "ck.01")] == _findings(info.value)
        assert "expected a table, got str 'macro.1'" == info.value.findings[0].message

    def test_a_step_number_with_a_leading_zero_is_refused(self) -> None:
        """``0.01`` is not the source's ``0.1``: ``invalid_value`` on the step."""
        data = _packaged("approach.toml")
        data["phases"][0]["steps"][0]["number"] = "0.01"
        with pytest.raises(InstrumentError) as info:
            load_approach(data)
        assert [("invalid_value", "step.0.1")] == _findings(info.value)

    def test_a_broken_first_section_does_not_put_the_others_out_of_order(self) -> None:
        """A first section that fails to load gives one finding, not one per later standard."""
        data = _packaged("gm_standards.toml")
        data["sections"][0]["groupings"] = "thriving"
        with pytest.raises(InstrumentError) as info:
            load_standards(data)
        assert [("invalid_value", "gm.1")] == _findings(info.value)

    def test_a_broken_first_phase_does_not_put_the_others_out_of_order(self) -> None:
        """The same for the approach: phase 0 unreadable, phases 1-4 still in order."""
        data = _packaged("approach.toml")
        data["phases"][0]["number"] = "0"
        with pytest.raises(InstrumentError) as info:
            load_approach(data)
        assert [("invalid_value", "phase.0")] == _findings(info.value)

    def test_a_grouping_listed_twice_is_a_duplicate_link(self) -> None:
        """Section 4 naming ``getting_help`` twice fails on that section."""
        data = _packaged("gm_standards.toml")
        data["sections"][3]["groupings"] = ["getting_help", "getting_help"]
        with pytest.raises(InstrumentError) as info:
            load_standards(data)
        assert [("duplicate_link", "gm.4")] == _findings(info.value)

    def test_a_version_that_is_not_text_is_an_invalid_value(self) -> None:
        """``"version": 1`` is reported as not text, not as a mismatch with ``'1'``."""
        with pytest.raises(ResponseError) as info:
            read_response({"instrument": "checklist", "version": 1, "answers": {}})
        assert [("invalid_value", None)] == _findings(info.value)
        assert "expected text, got 1" == info.value.findings[0].message
