"""The workshop end to end: answers in, names and people, agreement by sector, board pack.

Issue 18 tried the instruments as an implementation lead would: eight
stakeholders from four sectors of one area answer the checklist in a
spreadsheet. Each bug it found has a regression test here, named after what
now happens. The example (``examples/workshop/answers-2019.csv``, used by
``docs/guides/workshop.md`` too) is that workshop: Northvale, eight
stakeholders from four sectors, 35 blank answers, and ck.22 in place for
Health and Education but not started for Social care.
"""

from __future__ import annotations

import csv
import json
import math
import re
from functools import cache
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given
from tests.strategies import workshop_answers

import ithrive
from ithrive.cli import example_evidence, main
from ithrive.errors import ReportError, ResponseError
from ithrive.instruments import (
    Answer,
    ImplementationStatus,
    Response,
    WorkshopSummary,
    aggregate_responses,
    answer_template,
    compare_workshops,
    default_approach,
    default_checklist,
    facilitator_summary,
    gap_analysis,
    plan_position,
    progress,
    read_answers,
    read_response,
)
from ithrive.instruments.loader import packaged_instrument
from ithrive.outputs.boardpack import board_pack

S = ImplementationStatus
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def data_path(name: str) -> Path:
    """The path of an example file of the workshop guide."""
    return EXAMPLES / "workshop" / name


@cache
def sector_responses() -> tuple[Response, ...]:
    """The eight responses of the bundled one-area, four-sector workshop."""
    return read_answers(data_path("answers-2019.csv"))


@cache
def by_sector() -> WorkshopSummary:
    """The bundled workshop, compared by sector."""
    return aggregate_responses(sector_responses(), by="sector")


def codes(err: ResponseError) -> list[tuple[str, str | None]]:
    """The findings of an error as (code, entry) pairs."""
    return [(f.code, f.item) for f in err.findings]


def respond(answers: dict[str, object], **meta: str) -> Response:
    """One checklist response."""
    return default_checklist().respond(answers, **meta)


# --------------------------------------------------------------------------- answers in


class TestStatusesAreReadAsStakeholdersWriteThem:
    """Blank = not answered; codes and the form's wording, whatever the case and spacing."""

    @pytest.mark.parametrize("blank", ["", "   ", None, float("nan")])
    def test_a_blank_or_nan_answer_is_not_answered(self, blank: object) -> None:
        """``""`` and NaN (from a DataFrame) were refused as unknown statuses; now blanks."""
        r = read_response({"instrument": "checklist", "answers": {"ck.01": blank}})
        assert None is r.status("ck.01")
        assert () == r.answers

    @pytest.mark.parametrize(
        ("text", "status"),
        [
            ("Already in place in my local area", S.IN_PLACE),
            ("In place", S.IN_PLACE),
            ("IN_PLACE", S.IN_PLACE),
            ("  in   place. ", S.IN_PLACE),
            ("Not yet in place but work in progress", S.IN_PROGRESS),
            ("Not in place and no work towards this yet", S.NOT_STARTED),
            ("not-started", S.NOT_STARTED),
            ("Don't know", S.DONT_KNOW),
            ("Not yet in place, but work in progress", S.IN_PROGRESS),
            ("Not in place, and no work towards this yet", S.NOT_STARTED),
        ],
    )
    def test_the_forms_wording_is_accepted(self, text: str, status: S) -> None:
        """The form's column headings and the codes read in any letter case and spacing."""
        r = read_response({"instrument": "checklist", "answers": {"ck.01": text}})
        assert status == r.status("ck.01")

    def test_the_forms_wording_misspelt_gets_a_hint(self) -> None:
        """A misspelt form wording was refused with only the list of codes."""
        with pytest.raises(ResponseError) as info:
            respond({"ck.01": "Not yet in place but work in progres"})
        assert info.value.findings[0].message.endswith(
            "did you mean 'not yet in place but work in progress' (in_progress)?"
        )
        with pytest.raises(ResponseError) as info:
            respond({"ck.01": "sort of"})
        assert "did you mean" not in info.value.findings[0].message  # not "dont know"

    def test_a_status_the_instrument_does_not_use_is_refused_with_the_list(self) -> None:
        """The checklist has no "not applicable": every action applies to every area."""
        with pytest.raises(ResponseError) as info:
            read_response({"instrument": "checklist", "answers": {"ck.01": "n/a"}})
        assert [("unknown_status", "ck.01")] == codes(info.value)
        assert "in_place, in_progress, not_started, dont_know" in info.value.findings[0].message

    def test_a_response_built_with_a_status_code_as_text_is_accepted(self) -> None:
        """``Answer("ck.01", "in_place")`` was "unknown status 'in_place'"; now it is read."""
        r = Response("checklist", "1", (Answer("ck.01", "in_place"),), area="A")
        assert S.IN_PLACE == r.status("ck.01")
        assert 1 == progress(r).total.in_place
        assert 1 == aggregate_responses([r]).entry("ck.01").overall.in_place

    def test_one_entry_given_twice_in_a_document_is_refused(self) -> None:
        """``ck.01`` and ``CK.01 `` name one action: the second is a duplicate, not a new key."""
        with pytest.raises(ResponseError) as info:
            read_response(
                {"instrument": "checklist", "answers": {"ck.01": "in_place", "CK.01 ": "no"}}
            )
        assert [("duplicate_answer", "ck.01")] == codes(info.value)


class TestNotApplicableAndDontKnow:
    """Not applicable leaves every share; don't know is counted but is not a view."""

    def test_a_step_that_does_not_apply_leaves_the_phase_complete(self) -> None:
        """Step 0.7 is for multi-site programmes: marked not applicable, phase 0 is 100%."""
        done = {f"step.0.{n}": "in_place" for n in (1, 2, 3, 4, 5, 6, 8, 9, 10)}
        blank = progress(default_approach().respond(done)).groups[0]
        marked = progress(default_approach().respond(done | {"step.0.7": "n/a"})).groups[0]
        assert (0.9, 1.0) == (blank.share("in_place"), marked.share("in_place"))
        assert (10, 9, 0.1) == (marked.entries, marked.applicable, marked.share("not_applicable"))

    def test_dont_know_is_counted_but_is_not_a_view(self) -> None:
        """Two don't-knows and one not-started: the view is not started, untied."""
        rs = [
            respond({"ck.01": "Don't know"}, respondent="A", area="X"),
            respond({"ck.01": "dont_know"}, respondent="B", area="X"),
            respond({"ck.01": "not started"}, respondent="C", area="X"),
        ]
        t = aggregate_responses(rs).entry("ck.01").overall
        assert (2, 1, S.NOT_STARTED, False) == (t.dont_know, t.answered, t.modal, t.tied)

    def test_a_consensus_keeps_not_applicable_and_dont_know(self) -> None:
        """Several answers to the standards: everyone's "not applicable" became a blank.

        The board pack's shares then counted those standards, and gap analysis
        put them on the to-do list.
        """
        standards = packaged_instrument("gm_standards")
        assert standards is not None
        answers = dict.fromkeys(standards.entry_ids, "not_applicable")
        answers |= {"gm.1.1": "in_place", "gm.1.2": "dont_know", "gm.1.3": "dont_know"}
        rs = [standards.respond(answers, respondent=n, area="X") for n in "AB"]
        rs.append(standards.respond({"gm.1.3": "n/a"}, respondent="C", area="X"))
        summary = aggregate_responses(rs)
        consensus = summary.consensus()
        assert (S.IN_PLACE, S.DONT_KNOW, S.DONT_KNOW, S.NOT_APPLICABLE) == tuple(
            consensus.status(e) for e in ("gm.1.1", "gm.1.2", "gm.1.3", "gm.1.4")
        )
        section = progress(consensus).groups[0]
        assert (1, 2, section.entries - 3) == (
            section.in_place,
            section.dont_know,
            section.not_applicable,
        )
        todo = {a.action for a in gap_analysis(ithrive.score(example_evidence()), summary).actions}
        assert todo <= {"gm.1.2", "gm.1.3"}  # never one that everyone said does not apply


class TestTemplateRoundTrip:
    """The template is written by ithrive, filled in by people and read back."""

    def fill(self, header: list[str]) -> list[list[str]]:
        """Two stakeholders' rows for a template's header, with blanks and notes."""
        first = dict.fromkeys(header, "")
        first.update(
            {
                "respondent": "SCH1",
                "area": "Ashcombe",
                "sector": "Health",
                "role": "Commissioner",
                "date": "2026-03-04",
                "ck.01": "Already in place in my local area",
                "ck.02": "in progress",
                "ck.22": "IN_PLACE",
                "ck.22 best practice": "Weekly joint huddle",
            }
        )
        second = dict.fromkeys(header, "")
        second.update(
            {
                "respondent": "SCH2",
                "area": "Ashcombe",
                "sector": "Education",
                "ck.01": "Not started",
                "ck.22": "not started",
                "ck.22 support": "How to start joint reviews",
                "ck.05 comment": "Board in May",
            }
        )
        return [[row[c] for c in header] for row in (first, second)]

    def check(self, responses: tuple[Response, ...], name: str) -> None:
        """The two stakeholders read back with their statuses, blanks, notes and source."""
        a, b = responses
        assert ("SCH1", "Ashcombe", "Health", "Commissioner", "2026-03-04") == (
            a.respondent,
            a.area,
            a.sector,
            a.role,
            a.date,
        )
        assert (S.IN_PLACE, S.IN_PROGRESS, None) == (
            a.status("ck.01"),
            a.status("ck.02"),
            a.status("ck.03"),
        )
        assert "Weekly joint huddle" == a.answer("ck.22").best_practice  # type: ignore[union-attr]
        assert "How to start joint reviews" == b.answer("ck.22").support  # type: ignore[union-attr]
        assert (None, "Board in May") == (b.status("ck.05"), b.answer("ck.05").comment)  # type: ignore[union-attr]
        assert (f"{name} row 2", f"{name} row 3") == (a.source, b.source)

    def test_csv_round_trip(self, tmp_path: Path) -> None:
        """Write the CSV template, fill two rows, read two responses back."""
        path = tmp_path / "answers.csv"
        path.write_bytes(answer_template("checklist"))
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(self.fill(header))
        self.check(read_answers(path), "answers.csv")

    def test_excel_round_trip(self, tmp_path: Path) -> None:
        """Write the Excel template, fill two rows (a real date cell), read them back."""
        openpyxl = pytest.importorskip("openpyxl")
        import datetime

        path = tmp_path / "answers.xlsx"
        path.write_bytes(answer_template("checklist", format="xlsx"))
        book = openpyxl.load_workbook(path)
        sheet = book["answers"]
        header = [c.value for c in sheet[1]]
        assert ["answers", "entries", "statuses"] == book.sheetnames
        for row in self.fill(header):
            sheet.append([None if v == "" else v for v in row])
        sheet.cell(row=2, column=header.index("date") + 1, value=datetime.date(2026, 3, 4))
        book.save(path)
        self.check(read_answers(path), "answers.xlsx")

    def test_an_output_ending_in_xlsx_gets_a_workbook(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--output answers.xlsx`` wrote CSV text that Excel refuses to open."""
        pytest.importorskip("openpyxl")
        book = tmp_path / "answers.xlsx"
        assert 0 == main(["instruments", "template", "checklist", "--output", str(book)])
        assert book.read_bytes().startswith(b"PK")
        assert () == read_answers(book)
        clash = tmp_path / "other.xlsx"
        args = ["instruments", "template", "checklist", "--format", "csv", "--output", str(clash)]
        assert 2 == main(args)
        assert "--format csv does not match --output" in capsys.readouterr().err
        assert not clash.exists()

    def test_a_renamed_answer_sheet_behind_the_others_is_found(self, tmp_path: Path) -> None:
        """Renaming the "answers" tab made ithrive read the "entries" tab and find no entry."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "answers.xlsx"
        path.write_bytes(answer_template("checklist", format="xlsx"))
        book = openpyxl.load_workbook(path)
        sheet = book["answers"]
        header = [c.value for c in sheet[1]]
        for row in self.fill(header):
            sheet.append([None if v == "" else v for v in row])
        sheet.title = "Ashcombe 2026"
        book.move_sheet(sheet, offset=2)
        book.save(path)
        assert ["entries", "statuses", "Ashcombe 2026"] == openpyxl.load_workbook(path).sheetnames
        self.check(read_answers(path), "answers.xlsx")

    def test_answers_on_several_sheets_are_all_read(self, tmp_path: Path) -> None:
        """One sheet per sector: only the first was read, the others dropped silently."""
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "answers.xlsx"
        path.write_bytes(answer_template("checklist", format="xlsx"))
        book = openpyxl.load_workbook(path)
        health = book["answers"]
        health.title = "Health"
        education = book.copy_worksheet(health)
        education.title = "Education"
        health.append(["H1", "Ashcombe", "Health", None, None, "in place"])
        education.append(["E1", "Ashcombe", "Education", None, None, "not started"])
        book.save(path)
        rs = read_answers(path)
        assert [("H1", "answers.xlsx sheet 'Health' row 2"),
                ("E1", "answers.xlsx sheet 'Education' row 2")] == [
            (r.respondent, r.source) for r in rs
        ]  # fmt: skip

    def test_the_cli_writes_each_template(self, tmp_path: Path) -> None:
        """``ithrive instruments template approach`` names every step; xlsx needs --output."""
        out = tmp_path / "plan.csv"
        assert 0 == main(["instruments", "template", "approach", "--output", str(out)])
        header = out.read_text("utf-8").splitlines()[0].split(",")
        assert 5 + 4 * len(default_approach()) == len(header)
        book = tmp_path / "standards.xlsx"
        assert 0 == main(["instruments", "template", "standards", "--format", "xlsx",
                          "--output", str(book)])  # fmt: skip
        assert book.read_bytes().startswith(b"PK")
        assert 2 == main(["instruments", "template", "checklist", "--format", "xlsx"])


class TestProblemsAreNamedByFileRowStakeholderAndAction:
    """Every problem in every file, at once, named so a lead can find the cell."""

    def test_every_problem_in_a_sheet_is_named(self, tmp_path: Path) -> None:
        """Errors named ``responses[7]``; now file, row, stakeholder and column, all at once."""
        path = tmp_path / "answers.csv"
        path.write_text(
            "respondent,area,ck.01,ck.02,ck.02 coment\n"
            "SCH1,Ashcombe,done,,\n"
            "SCH2,Ashcombe,,sort of,\n",
            "utf-8",
        )
        with pytest.raises(ResponseError) as info:
            read_answers(path)
        where = [(f.code, f.item, f.where) for f in info.value.findings]
        assert [
            ("unknown_key", None, "answers.csv row 1, column 5"),
            ("unknown_status", "ck.01", "answers.csv row 2 (SCH1), column ck.01"),
            ("unknown_status", "ck.02", "answers.csv row 3 (SCH2), column ck.02"),
        ] == where
        assert "did you mean 'ck.02 comment'" in info.value.findings[0].message

    def test_a_stakeholder_in_two_rows_is_named_by_both_rows(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """ "SCH1" and "sch1 " of one area: the second row is refused, naming the first."""
        path = tmp_path / "answers.csv"
        path.write_text("respondent,area,ck.01\nSCH1,Ashcombe,in place\nsch1 ,ashcombe,\n", "utf-8")
        with pytest.raises(ResponseError) as info:
            aggregate_responses(read_answers(path))
        assert [("duplicate_respondent", "answers.csv row 3")] == [
            (f.code, f.where) for f in info.value.findings
        ]
        assert "already answered at answers.csv row 2" in info.value.findings[0].message
        assert 2 == main(["report", "--workshop", str(path)])
        err = capsys.readouterr().err
        assert err.startswith("error: answers.csv row 3: 'sch1' of 'ashcombe' already answered")

    def test_an_action_given_twice_in_a_json_file_is_refused(self, tmp_path: Path) -> None:
        """A hand-edited JSON response kept the last of two answers silently; now refused."""
        path = tmp_path / "sch1.json"
        path.write_text(
            '{"instrument": "checklist", "respondent": "SCH1", "area": "A",'
            ' "answers": {"ck.01": "in_place", "ck.01": "not_started"}}',
            "utf-8",
        )
        with pytest.raises(ResponseError) as info:
            read_answers(path)
        assert [("duplicate_answer", "ck.01", "sch1.json (SCH1), answers.ck.01")] == [
            (f.code, f.item, f.where) for f in info.value.findings
        ]

    def test_two_files_of_one_name_are_told_apart_by_their_folders(self, tmp_path: Path) -> None:
        """health/answers.csv and education/answers.csv were both named "answers.csv"."""
        paths = []
        for folder in ("health", "education"):
            (tmp_path / folder).mkdir()
            path = tmp_path / folder / "answers.csv"
            path.write_text("respondent,area,ck.01\nA,X,in place\n", "utf-8")
            paths.append(path)
        with pytest.raises(ResponseError) as info:
            aggregate_responses(read_answers(paths))
        (finding,) = info.value.findings
        assert str(paths[1]) + " row 2" == finding.where
        assert finding.message.endswith(f"already answered at {paths[0]} row 2")

    def test_a_field_given_twice_in_one_answer_names_the_action(self, tmp_path: Path) -> None:
        """``{"ck.01": {"status": ..., "status": ...}}`` was named only "status"."""
        path = tmp_path / "sch1.json"
        path.write_text(
            '{"instrument": "checklist", "respondent": "SCH1", "area": "A", "area": "B",'
            ' "answers": {"ck.01": {"status": "in_place", "status": "not_started"}}}',
            "utf-8",
        )
        with pytest.raises(ResponseError) as info:
            read_answers(path)
        assert {
            ("duplicate_key", None, "sch1.json (SCH1), area"),
            ("duplicate_key", "ck.01", "sch1.json (SCH1), answers.ck.01.status"),
        } == {(f.code, f.item, f.where) for f in info.value.findings}

    def test_problems_of_several_files_come_together(self, tmp_path: Path) -> None:
        """A bad sheet and a bad JSON file: both reported in one error."""
        (tmp_path / "a.csv").write_text("respondent,ck.01\nX,maybe\n", "utf-8")
        (tmp_path / "b.json").write_text('{"instrument": "checklist", "answers": []}', "utf-8")
        with pytest.raises(ResponseError) as info:
            read_answers([tmp_path / "a.csv", tmp_path / "b.json"])
        assert ["a.csv row 2 (X), column ck.01", "b.json (no respondent id), answers"] == [
            f.where for f in info.value.findings
        ]


class TestSheetsAsSpreadsheetsSaveThem:
    """CSV files as Excel and other programs write them, not only as ithrive does."""

    @pytest.mark.parametrize("sep", [";", "\t"])
    def test_a_semicolon_or_tab_separated_sheet_is_read(self, tmp_path: Path, sep: str) -> None:
        """Excel in much of Europe saves CSV with ``;``; it was refused as naming no entry."""
        path = tmp_path / "answers.csv"
        rows = [["respondent", "area", "ck.01", "ck.01 comment"], ["A", "X", "In place", "a, b"]]
        path.write_bytes(("\ufeff" + "\r\n".join(sep.join(r) for r in rows) + "\r\n").encode())
        (r,) = read_answers(path)
        assert (S.IN_PLACE, "a, b") == (r.status("ck.01"), r.answer("ck.01").comment)  # type: ignore[union-attr]

    def test_an_entry_written_without_its_zero_is_suggested_first(self, tmp_path: Path) -> None:
        """``ck.1`` suggested ck.31, ck.21 and ck.19 but not ck.01, as column and as JSON key."""
        sheet = tmp_path / "answers.csv"
        sheet.write_text("respondent,area,ck.1,ck.02\nA,X,in place,\n", "utf-8")
        doc = tmp_path / "a.json"
        doc.write_text('{"instrument": "checklist", "answers": {"ck.1": "in place"}}', "utf-8")
        with pytest.raises(ResponseError) as info:
            read_answers([sheet, doc])
        for finding in info.value.findings:
            assert "did you mean 'ck.01'," in finding.message, finding

    def test_a_value_under_a_column_with_no_name_is_refused(self, tmp_path: Path) -> None:
        """A note typed in a column without a heading was dropped without a word."""
        path = tmp_path / "answers.csv"
        path.write_text("respondent,area,,ck.01,\nA,X,my note,in place,\n", "utf-8")
        with pytest.raises(ResponseError) as info:
            read_answers(path)
        assert [("invalid_value", "answers.csv row 2 (A), column 3")] == [
            (f.code, f.where) for f in info.value.findings
        ]
        assert "'my note'" in info.value.findings[0].message

    def test_a_quote_never_closed_is_refused_rather_than_swallowing_rows(
        self, tmp_path: Path
    ) -> None:
        """An open quote in a comment read every later row into that comment, silently."""
        path = tmp_path / "answers.csv"
        path.write_text(
            'respondent,area,ck.01,ck.01 comment\nA,X,in place,"oops\n'
            "B,X,in place,\nC,X,not started,\n",
            "utf-8",
        )
        with pytest.raises(ResponseError) as info:
            read_answers(path)
        assert [("unreadable", "answers.csv line 2")] == [
            (f.code, f.where) for f in info.value.findings
        ]
        assert "a quote that is never closed" in info.value.findings[0].message

    def test_bom_windows_line_endings_and_reordered_columns_are_read(self, tmp_path: Path) -> None:
        """Columns in any order, a byte order mark, CRLF and blank trailing rows all read."""
        path = tmp_path / "answers.csv"
        text = "ck.02,Area,RESPONDENT,ck.01\r\nnot started,X,A,Don't know\r\n,,,\r\n"
        path.write_bytes(("\ufeff" + text).encode())
        (r,) = read_answers(path)
        assert ("A", "X", S.DONT_KNOW, S.NOT_STARTED) == (
            r.respondent,
            r.area,
            r.status("ck.01"),
            r.status("ck.02"),
        )


# --------------------------------------------------------------------------- names and people


class TestNamesAreComparedTrimmedAndCaseFolded:
    """Areas and stakeholders: trimmed, case-folded, shown as first written."""

    def test_an_area_with_a_trailing_space_is_the_same_area(self) -> None:
        """ "Ashcombe" and "Ashcombe " were two areas, ck.22 a conflict between them."""
        rs = [
            respond({"ck.22": "in_place"}, respondent="A", area="Ashcombe"),
            respond({"ck.22": "not_started"}, respondent="B", area="Ashcombe "),
            respond({"ck.22": "in_place"}, respondent="C", area="ASHCOMBE"),
        ]
        summary = aggregate_responses(rs)
        assert (("Ashcombe", 3),) == summary.areas
        assert "single_area" == summary.entry("ck.22").agreement
        assert 1 == summary.entry("ck.22").area("ashcombe").tally.count("not_started")

    def test_one_stakeholder_written_three_ways_is_a_duplicate(self) -> None:
        """ "SCH1", "SCH1 " and "sch1" were three stakeholders; now the second and third repeat."""
        rs = [respond({}, respondent=name, area="Ashcombe") for name in ("SCH1", "SCH1 ", "sch1")]
        with pytest.raises(ResponseError) as info:
            aggregate_responses(rs)
        assert [("duplicate_respondent", None)] * 2 == codes(info.value)
        assert "'SCH1' of 'Ashcombe' already answered at responses[0]" in str(info.value)

    def test_an_anonymous_response_passed_twice_is_refused(self) -> None:
        """A response without a respondent id counted twice; now the repeat is refused."""
        r = respond({"ck.01": "in_place"}, area="Ashcombe")
        with pytest.raises(ResponseError) as info:
            aggregate_responses([r, r])
        assert [("duplicate_respondent", None)] == codes(info.value)
        assert "anonymous" in info.value.findings[0].message

    def test_two_anonymous_stakeholders_who_answered_alike_both_count(self) -> None:
        """Equal answers from two people are not a duplicate: only the same response object is."""
        a = respond({"ck.01": "in_place"}, area="Ashcombe")
        b = respond({"ck.01": "in_place"}, area="Ashcombe")
        assert 2 == aggregate_responses([a, b]).entry("ck.01").overall.in_place

    def test_a_response_carries_sector_role_and_date(self) -> None:
        """``read_response`` rejected sector, role and date; now they are kept, trimmed."""
        r = read_response(
            {"instrument": "checklist", "sector": " Health ", "role": "GP", "date": "2026-03-04",
             "answers": {}}
        )  # fmt: skip
        assert ("Health", "GP", "2026-03-04") == (r.sector, r.role, r.date)
        assert {"sector": "Health", "role": "GP", "date": "2026-03-04"}.items() <= (
            r.to_dict().items()
        )
        assert r == read_response(r.to_dict())

    def test_a_date_that_is_not_a_day_is_refused(self) -> None:
        """``2026-02-30``, ``2026-13`` and ``March 2026`` are not dates of a workshop."""
        for date in ("2026-02-30", "2026-13", "March 2026"):
            with pytest.raises(ResponseError) as info:
                read_response({"instrument": "checklist", "date": date, "answers": {}})
            assert [("invalid_date", None)] == codes(info.value)

    def test_a_date_as_excel_saves_it_in_a_csv_says_how_to_keep_it(self, tmp_path: Path) -> None:
        """Excel saves a typed 2019-03-14 as 14/03/2019 in a CSV; the error now says why."""
        path = tmp_path / "answers.csv"
        path.write_text("respondent,area,date,ck.01\nA,X,14/03/2019,in place\n", "utf-8")
        with pytest.raises(ResponseError) as info:
            read_answers(path)
        (finding,) = info.value.findings
        assert ("invalid_date", "answers.csv row 2 (A), column date") == (
            finding.code,
            finding.where,
        )
        assert "format the date column as Text" in finding.message


# --------------------------------------------------------------------------- agreement


class TestAgreementWithinOneArea:
    """A one-area workshop compares its sectors (or roles)."""

    def test_the_example_has_four_sectors_of_two(self) -> None:
        """Eight stakeholders of Northvale in four sectors; 35 answers left blank."""
        s = by_sector()
        assert (("Education", 2), ("Health", 2), ("Social care", 2), ("Voluntary sector", 2)) == (
            s.groups
        )
        assert ("sector", 35, "2019-03-14") == (
            s.by,
            sum(e.overall.blank for e in s.entries),
            s.date,
        )

    def test_grouped_by_area_the_one_area_is_single_but_by_sector_it_has_views(self) -> None:
        """By area every action was single_area, 0 agreed; by sector, agreed and conflicting."""
        by_area = aggregate_responses(sector_responses())
        assert {"single_area"} == {e.agreement for e in by_area.entries}
        assert (15, 16) == (len(by_sector().agreed), len(by_sector().conflicting))

    def test_ck22_shows_the_dissent_and_its_spread(self) -> None:
        """ck.22: four of eight in place, Social care not started: a conflict of spread 2."""
        e = by_sector().entry("ck.22")
        assert (4, 1, 2, 1) == (
            e.overall.in_place,
            e.overall.in_progress,
            e.overall.not_started,
            e.overall.blank,
        )
        assert ("conflict", 2, 2) == (e.agreement, e.spread, e.overall.spread)
        assert S.NOT_STARTED == e.views["Social care"]

    def test_grouping_by_role_and_keeping_one_area(self) -> None:
        """``by="role"`` compares roles; ``area=`` keeps one area, named any way."""
        s = aggregate_responses(sector_responses(), by="role", area=" NORTHVALE")
        assert 8 == len(s.groups)
        with pytest.raises(ResponseError) as info:
            aggregate_responses(sector_responses(), area="Ashcombe")
        assert [("unknown_area", None)] == codes(info.value)

    def test_an_unknown_area_lists_each_area_once_as_first_written(self) -> None:
        """The example spells Northvale two ways; the error listed "Northvale, northvale"."""
        assert {"Northvale", "northvale"} <= {r.area for r in sector_responses()}
        with pytest.raises(ResponseError) as info:
            aggregate_responses(sector_responses(), area="Ashcombe")
        assert info.value.findings[0].message.endswith("; areas: Northvale")

    def test_a_response_without_the_grouping_column_is_named(self) -> None:
        """Grouping by sector needs every response to give one."""
        rs = [
            respond({}, respondent="A", area="X", sector="Health"),
            respond({}, respondent="B", area="X"),
        ]
        with pytest.raises(ResponseError) as info:
            aggregate_responses(rs, by="sector")
        assert [("missing_field", None)] == codes(info.value)
        assert "'B' gives no sector" in str(info.value) or "B gives no sector" in str(info.value)


class TestTieAndDissentThroughGapAnalysis:
    """The plurality no longer hides a sector that has not started; the tie flag is kept."""

    def test_ck22_is_not_in_place_for_planning_while_a_sector_has_not_started(self) -> None:
        """Plurality said in place (4 of 8); the default rule says in progress, with dissent."""
        view = by_sector().entry("ck.22").planning()
        assert (S.IN_PROGRESS, "no_dissent") == (view.status, view.rule)
        assert ("Social care", "Voluntary sector") == view.dissent
        assert S.IN_PLACE == by_sector().entry("ck.22").planning("plurality").status
        assert S.NOT_STARTED == by_sector().entry("ck.22").planning("least_advanced").status

    def test_least_advanced_is_never_ahead_of_a_room_split_three_ways(self) -> None:
        """Sectors say in place and in progress, the room 2/2/2: least_advanced is not started.

        It took only the sectors' views and said in progress, ahead of the
        plurality's not started (hypothesis found it).
        """
        rs = [read_response(d) for d in _THREE_WAY_SPLIT]
        entry = aggregate_responses(rs, by="sector").entry("ck.04")
        assert {"Education": S.IN_PLACE, "Social care": S.IN_PROGRESS} == entry.views
        got = [entry.planning(r).status for r in ("least_advanced", "no_dissent", "plurality")]
        assert [S.NOT_STARTED, S.NOT_STARTED, S.NOT_STARTED] == got

    def test_gap_analysis_keeps_the_tie_flag_and_names_the_dissenting_groups(self) -> None:
        """Each to-do row from a workshop carries ``tied`` and ``dissent``; the rule is stated."""
        card = ithrive.score(example_evidence())
        gaps = gap_analysis(card, by_sector())
        assert "no_dissent" == gaps.rule
        ck05 = next(a for a in gaps.actions if a.action == "ck.05")
        assert (True, ("Voluntary sector",)) == (ck05.tied, ck05.dissent)
        assert {"tied": True, "dissent": ["Voluntary sector"]}.items() <= ck05.to_dict().items()

    def test_an_unknown_rule_is_refused(self) -> None:
        """A misspelt rule is an error naming the rules, not silently the default."""
        card = ithrive.score(example_evidence())
        with pytest.raises(ResponseError) as info:
            gap_analysis(card, by_sector(), rule="majority")
        (finding,) = info.value.findings
        assert (
            "rule",
            "expected one of plurality, no_dissent, least_advanced, got 'majority'",
        ) == (
            finding.where,
            finding.message,
        )  # the field was named twice: "rule: rule: expected ..."
        with pytest.raises(ResponseError):
            gap_analysis(card, respond({}), rule="majority")


# --------------------------------------------------------------------------- outputs


class TestFacilitatorSummary:
    """Group Exercise 2's four outputs, from the example."""

    def test_the_four_outputs(self) -> None:
        """Common and conflicting by sector; support and best practice from the notes."""
        f = facilitator_summary(by_sector())
        assert (15, 16) == (len(f.common), len(f.conflicting))
        assert "ck.22" == f.conflicting[0].entry
        assert [
            ("ck.08", "Voluntary sector"),
            ("ck.22", "Social care"),
            ("ck.27", "Voluntary sector"),
        ] == [(n.entry, n.group) for n in f.support]
        assert [("ck.16", "Education", "NV-E1"), ("ck.22", "Health", "NV-H1")] == [
            (n.entry, n.group, n.respondent) for n in f.best_practice
        ]
        assert json.loads(json.dumps(f.to_dict()))["by"] == "sector"


class TestPlanPosition:
    """Where the plan is and what comes next."""

    def test_the_example_plan_is_in_phase_1(self) -> None:
        """Phase 0 is done (0.7 not applicable); phase 1's open steps come next, in order."""
        (plan,) = read_answers(data_path("plan-2019.json"))
        where = plan_position(plan, checklist=by_sector())
        assert 1 == where.current_phase.number  # type: ignore[union-attr]
        assert ["1.6", "1.10", "1.11"] == [s.step.number for s in where.next_steps][:3]
        assert 31 == len(where.elements)
        ck22 = next(e for e in where.elements if e.element.action == "ck.22")
        assert S.IN_PROGRESS == ck22.status

    def test_a_complete_plan_has_no_current_phase(self) -> None:
        """Every step in place or not applicable: complete."""
        approach = default_approach()
        plan = approach.respond({s.id: "in_place" for s in approach.steps} | {"step.0.7": "n/a"})
        assert (None, (), True) == (
            plan_position(plan).current_phase,
            plan_position(plan).next_steps,
            plan_position(plan).complete,
        )


class TestWorkshopsOverTime:
    """Two dated workshops compared."""

    def test_moved_forward_back_and_newly_answered(self) -> None:
        """A year later: one action forward, one back, one newly answered."""
        before = aggregate_responses(
            [respond({"ck.01": "not_started", "ck.02": "in_place", "ck.03": "dont_know"},
                     respondent="A", area="X", date="2025-03-01")]
        )  # fmt: skip
        after = aggregate_responses(
            [respond({"ck.01": "in_progress", "ck.02": "in_progress", "ck.03": "in_place"},
                     respondent="A", area="X", date="2026-03-01")]
        )  # fmt: skip
        c = compare_workshops(before, after)
        assert (("2025-03-01", "2026-03-01"), ["ck.01"], ["ck.02"], ["ck.03"]) == (
            (c.before_date, c.after_date),
            [x.entry for x in c.moved_forward],
            [x.entry for x in c.moved_back],
            [x.entry for x in c.newly_answered],
        )
        with pytest.raises(ResponseError) as info:
            compare_workshops(after, before)
        assert [("out_of_order", None)] == codes(info.value)


# --------------------------------------------------------------------------- board pack


class TestBoardPack:
    """One report combining everything; every value escaped."""

    def test_hostile_names_are_escaped_in_html_and_markdown(self) -> None:
        """An area, sector and note with markup appear as text, never as markup."""
        hostile = '<script>alert("x")</script>'
        rs = [
            respond({"ck.29": {"status": "in_place", "best_practice": hostile}},
                    respondent=hostile, area=hostile, sector=hostile),
            respond({"ck.29": {"status": "not_started", "comment": "a | b"}},
                    respondent="B", area=hostile, sector="Health"),
        ]  # fmt: skip
        pack = board_pack(
            scorecard=ithrive.score(example_evidence()),
            workshop=aggregate_responses(rs, by="sector"),
            title=hostile,
        )
        page = pack.to_html()
        assert "<script" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        text = pack.to_markdown()
        assert [] == re.findall(r"(?<!\\)[<>]", text)  # every angle bracket escaped
        assert "a \\| b" in text

    def test_bidi_controls_cannot_reorder_the_page(self) -> None:
        """A right-to-left override in an area reversed the rest of its line; now isolated."""
        evil = "\u202eevil\u202c"
        rs = [
            respond({"ck.29": {"status": "in_place", "comment": evil}},
                    respondent=evil, area="North", sector=evil),
            respond({"ck.29": "not_started"}, respondent="B", area="North", sector="Health"),
        ]  # fmt: skip
        pack = board_pack(workshop=aggregate_responses(rs, by="sector"), title=evil)
        for text in (pack.to_html(), pack.to_markdown()):
            assert "\u202e" not in text
            assert "\u202c" not in text
            assert "\u2068evil\u2069" in text

    def test_lone_surrogates_are_refused_and_control_characters_shown_as_spaces(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Half a character crashed the writer (UnicodeEncodeError); ESC reached the HTML."""
        broken = tmp_path / "broken.json"
        broken.write_text(
            '{"instrument": "checklist", "respondent": "x", "area": "No\\udc00rth",'
            ' "answers": {"ck.01": "in_place"}}',
            "utf-8",
        )
        assert 2 == main(["report", "--workshop", str(broken)])
        err = capsys.readouterr().err
        assert "broken.json" in err
        assert "[unencodable_text]" in err
        path = tmp_path / "a.json"
        path.write_text(
            '{"instrument": "checklist", "respondent": "x", "area": "North",'
            ' "sector": "H\\u001b[31m", "answers": {"ck.01": {"status": "in_place",'
            ' "comment": "bad \\u001b]0;title\\u0007"}}}',
            "utf-8",
        )
        for form in ("html", "markdown"):
            out = tmp_path / f"pack.{form}"
            code = main(["report", "--workshop", str(path), "--format", form,
                         "--output", str(out)])  # fmt: skip
            assert (0, "") == (code, capsys.readouterr().err)
            page = out.read_text("utf-8")
            assert "\x1b" not in page
            assert "\x07" not in page

    def test_every_field_stays_inert_when_parsed(self) -> None:
        """Hostile text in every field: the HTML parses to the pack's own tags only."""
        from html.parser import HTMLParser

        payloads = [
            '"><img src=x onerror=alert(1)>',
            "</svg><script>x</script>",
            "`code` [a](javascript:x) ![i](http://x/y.png)",
            "<!-- c",
            "# h\n- l",
        ]
        rs = [
            respond(
                {"ck.29": {"status": "in_place", "comment": p, "support": p, "best_practice": p}},
                respondent=p,
                area="North",
                sector=p,
                role=p,
            )
            for p in payloads
        ]
        pack = board_pack(
            scorecard=ithrive.score(example_evidence()),
            workshop=aggregate_responses(rs, by="sector"),
            title=payloads[0],
        )
        found: list[tuple[str, list[tuple[str, str | None]]]] = []

        class Tags(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                found.append((tag, attrs))

            def handle_comment(self, data: str) -> None:
                found.append(("!--", []))

        Tags().feed(pack.to_html())
        assert {"img", "script", "a", "!--"}.isdisjoint(t for t, _ in found)
        assert [] == [a for _, attrs in found for a, _ in attrs if a.startswith("on")]
        markdown = pytest.importorskip("markdown")
        found.clear()
        Tags().feed(markdown.markdown(pack.to_markdown(), extensions=["tables"]))
        assert {"img", "script", "a", "code", "!--"}.isdisjoint(t for t, _ in found)

    def test_long_names_wrap_and_chart_labels_are_clipped(self) -> None:
        """A 300-letter sector ran off the page, and wide labels ran into the bars."""
        long = "W" * 300
        rs = [
            respond({"ck.29": "in_place"}, respondent=name, area="North", sector=sector)
            for name, sector in (("A", long), ("B", "Health"))
        ]
        page = board_pack(workshop=aggregate_responses(rs, by="sector")).to_html()
        assert f'<th class="name">{long}</th>' in page
        assert ".name { overflow-wrap: anywhere; }" in page
        assert '<svg x="0" y="5" width="274" height="20" overflow="hidden"><text' in page

    def test_a_bars_hover_text_names_its_status_as_the_legend_does(self) -> None:
        """The hover text said "dont know" where the legend says "don't know"."""
        rs = [respond({"ck.29": "dont_know"}, respondent="A", area="North", sector="Health")]
        page = board_pack(workshop=aggregate_responses(rs, by="sector")).to_html()
        assert "<title>ck.29: don&#x27;t know 1</title>" in page

    def test_a_pack_needs_something_to_show(self) -> None:
        """No parts, or a part of the wrong kind, is a ReportError."""
        with pytest.raises(ReportError):
            board_pack()
        with pytest.raises(ReportError):
            board_pack(workshop=sector_responses())  # type: ignore[arg-type]

    def test_one_command_makes_the_board_pack_of_a_one_area_four_sector_workshop(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The spreadsheet, plan, standards and assessment in; one HTML board pack out."""
        out = tmp_path / "pack.html"
        code = main(
            [
                "report",
                "--workshop", str(data_path("answers-2019.csv")),
                "--plan", str(data_path("plan-2019.json")),
                "--standards", str(data_path("standards-2019.json")),
                str(EXAMPLES / "northvale.json"),
                "--output", str(out),
            ]
        )  # fmt: skip
        assert (0, "") == (code, capsys.readouterr().err)
        page = out.read_text("utf-8")
        for heading in (
            "The assessment",
            "The checklist workshop",
            "Views by sector",
            "1. Common responses",
            "2. Conflicting responses",
            "3. Issues needing support",
            "4. Examples of best practice",
            "Gap analysis: the checklist",
            "Second look",
            "The Approach to Implementation",
            "The GM i-THRIVE Standards",
        ):
            assert heading in page, heading
        assert (
            "grouped by sector: Education (2), Health (2), Social care (2), Voluntary sector (2)"
            in page
        )
        assert page.count('<svg role="img"') == 4
        assert "How other areas set up joint case reviews with schools" in page

    def test_the_markdown_pack_and_a_comparison(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--format markdown --before`` adds what moved since the earlier workshop."""
        earlier = tmp_path / "2018.json"
        earlier.write_text(
            json.dumps({"instrument": "checklist", "respondent": "NV-H1", "area": "Northvale",
                        "sector": "Health", "date": "2018-03-14",
                        "answers": {"ck.22": "not_started", "ck.03": "in_place"}}),
            "utf-8",
        )  # fmt: skip
        code = main(
            ["report", "--workshop", str(data_path("answers-2019.csv")),
             "--before", str(earlier), "--format", "markdown"]
        )  # fmt: skip
        captured = capsys.readouterr()
        assert (0, "") == (code, captured.err)
        assert "## Since the last workshop (2018-03-14)" in captured.out
        assert "- ck.22 CAMHS in-reach to schools: not started to in progress" in captured.out

    def test_one_area_with_a_sector_left_blank_names_that_row(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One blank sector cell silently turned the pack into a one-area comparison."""
        sheet = tmp_path / "answers.csv"
        sheet.write_text(
            "respondent,area,sector,ck.01\nA,X,Health,in place\nB,X,,not started\n", "utf-8"
        )
        assert 2 == main(["report", "--workshop", str(sheet)])
        assert "error: answers.csv row 3: B gives no sector" in capsys.readouterr().err
        assert 0 == main(["report", "--workshop", str(sheet), "--by", "area",
                          "--format", "markdown"])  # fmt: skip
        assert "grouped by area: X (2)" in capsys.readouterr().out

    def test_bad_answers_are_reported_one_line_each(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each problem of a sheet given to the CLI is its own line, naming file and row."""
        bad = tmp_path / "bad.csv"
        bad.write_text("respondent,area,ck.01,ck.02\nA,X,done,maybe\n", "utf-8")
        assert 2 == main(["report", "--workshop", str(bad)])
        lines = capsys.readouterr().err.splitlines()
        assert 2 == len(lines)
        assert lines[0].startswith("error: ck.01 bad.csv row 2 (A), column ck.01: unknown status")
        assert 2 == main(["report"])


def _stakeholder(n: int, sector: str, ck04: str) -> dict[str, object]:
    """One checklist document answering ck.04 only."""
    return {
        "instrument": "checklist",
        "respondent": f"S{n}",
        "area": "Ashcombe",
        "sector": sector,
        "answers": {"ck.04": ck04},
    }


#: Hypothesis's case: two sectors each with a clear view (Education in
#: place, Social care in progress), a room split 2/2/2.
_THREE_WAY_SPLIT = [
    _stakeholder(n, sector, status)
    for n, (sector, status) in enumerate(
        [
            ("Education", "in_place"),
            ("Education", "in_place"),
            ("Education", "not_started"),
            ("Social care", "in_progress"),
            ("Social care", "in_progress"),
            ("Social care", "not_started"),
        ]
    )
]


class TestWorkshopProperties:
    """Rules that hold for any workshop, however its answers and names are written."""

    @given(workshop_answers())
    def test_every_wording_reads_as_its_status_and_round_trips(
        self, docs: list[dict[str, object]]
    ) -> None:
        """Each answer reads as the status it means; ``to_dict`` reads back equal."""
        for doc in docs:
            meant = doc.pop("_codes")
            r = read_response(doc)
            assert meant == {  # type: ignore[comparison-overlap]
                e: None if r.status(e) is None else r.status(e).value  # type: ignore[union-attr]
                for e in meant  # type: ignore[attr-defined]
            }
            assert r == read_response(r.to_dict())

    @given(workshop_answers())
    def test_names_spelt_differently_are_one_group(self, docs: list[dict[str, object]]) -> None:
        """Grouped by sector or area, names differing in case or spaces are one group."""
        responses = [read_response({k: v for k, v in d.items() if k != "_codes"}) for d in docs]
        for by in ("area", "sector"):
            summary = aggregate_responses(responses, by=by)
            keys = [name.strip().casefold() for name, _ in summary.groups]
            assert len(set(keys)) == len(keys)
            assert sum(n for _, n in summary.groups) == len(responses)
            for e in summary.entries:
                t = e.overall
                total = t.answered + t.dont_know + t.not_applicable + t.blank
                assert len(responses) == total

    @given(workshop_answers())
    @example(_THREE_WAY_SPLIT)
    def test_the_rules_order_from_cautious_to_plurality(
        self, docs: list[dict[str, object]]
    ) -> None:
        """least_advanced <= no_dissent <= plurality; no_dissent is never in place over a no.

        The explicit example is the case hypothesis found: no sector's view
        is ``not_started``, but the room is split three ways, so its
        plurality is; ``least_advanced`` was once ahead of it.
        """
        responses = [read_response({k: v for k, v in d.items() if k != "_codes"}) for d in docs]
        for e in aggregate_responses(responses, by="sector").entries:
            views = {r: e.planning(r).status for r in ("least_advanced", "no_dissent", "plurality")}
            if views["plurality"] is None:
                assert set(views.values()) == {None}
                continue
            ranks = [views[r].rank for r in ("least_advanced", "no_dissent", "plurality")]  # type: ignore[union-attr]
            assert ranks == sorted(ranks)  # type: ignore[type-var]
            if S.NOT_STARTED in e.views.values():
                assert S.IN_PLACE != views["no_dissent"]


def test_the_readme_home_page_and_tutorial_lead_to_the_workshop_guide() -> None:
    """Nothing mentioned the checklist, Approach or GM standards; now each page links the guide."""
    root = EXAMPLES.parent
    for page, link in (
        ("README.md", "docs/guides/workshop.md"),
        ("docs/index.md", "guides/workshop.md"),
        ("docs/tutorial.md", "guides/workshop.md"),
        ("mkdocs.yml", "guides/workshop.md"),
    ):
        assert link in (root / page).read_text("utf-8"), page


def test_a_nan_status_in_a_tally_is_never_a_view() -> None:
    """NaN read from a DataFrame cell is a blank in a response, so tallies never see it."""
    r = read_response({"instrument": "checklist", "area": "A", "answers": {"ck.01": math.nan}})
    assert attrs.evolve(r, area="A") == r
    assert 1 == aggregate_responses([r]).entry("ck.01").overall.blank
