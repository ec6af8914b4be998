"""The CollaboRATE top score carried into the evidence (issue #12, point 7; register D25)."""

from __future__ import annotations

import json
from fractions import Fraction

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ithrive
from ithrive.errors import InvalidEvidenceError
from ithrive.evidence import CollaboRATE, measures
from ithrive.outputs.schema import evidence_schema
from ithrive.outputs.template import evidence_template
from ithrive.scorecard.report import render_html, render_markdown
from ithrive.studies.assessment import Assessment, AssessmentCollection
from ithrive.studies.batch import evidence_columns, score_table

pd = pytest.importorskip("pandas")

EVIDENCE = jsonschema.Draft202012Validator(evidence_schema())


def scores() -> measures.CollaboRATEScores:
    """41 encounters, 16 of them 9 on all three items: top score 1600/41 percent."""
    rows = [(9, 9, 9)] * 16 + [(7, 7, 6)] * 14 + [(7, 6, 6)] * 11
    return measures.collaborate(rows, offered=41, eligible=49)


def card_of(piece: object) -> ithrive.Scorecard:
    """A scorecard with ``piece`` as micro.1b's evidence."""
    return ithrive.score({"evidence": {"micro.1b": piece}, "locality": "A", "date": "2018"})


class TestCarriedIntoTheEvidence:
    def test_to_evidence_keeps_the_top_score_exactly(self) -> None:
        """16 of 41 encounters at the top give a top score of exactly 1600/41 percent."""
        assert scores().to_evidence().top_score == Fraction(1600, 41)

    def test_the_top_score_is_optional(self) -> None:
        """CollaboRATE evidence without a top score is as before."""
        piece = CollaboRATE(mean=8.2, offered_percent=60)
        assert (piece.top_score, piece.exact_top_score()) == (None, None)

    def test_a_top_score_outside_0_to_100_is_refused_naming_item_field_and_value(self) -> None:
        """101 percent is out of range: the error names micro.1b, top_score and 101."""
        with pytest.raises(InvalidEvidenceError) as raised:
            card_of({"kind": "collaborate", "mean": 8, "offered_percent": 60, "top_score": 101})
        (problem,) = raised.value.errors
        assert (problem.code, problem.item, problem.field, problem.value) == (
            "out_of_range",
            "micro.1b",
            "top_score",
            101,
        )

    def test_a_top_score_of_text_that_is_no_number_is_refused(self) -> None:
        """'most' is not a number."""
        with pytest.raises(InvalidEvidenceError) as raised:
            card_of({"kind": "collaborate", "mean": 8, "offered_percent": 60, "top_score": "most"})
        assert [(e.field, e.value) for e in raised.value.errors] == [("top_score", "most")]


class TestShownButNotBanded:
    @given(
        top=st.one_of(st.none(), st.fractions(min_value=0, max_value=100, max_denominator=10**6))
    )
    def test_the_mean_alone_decides_the_level(self, top: Fraction | None) -> None:
        """Any top score (or none) leaves the level the mean gives: 307/41 is level 3."""
        piece = CollaboRATE(mean=Fraction(307, 41), offered_percent=100, top_score=top)
        assert card_of(piece)["micro.1b"].level == 3

    def test_the_explanation_shows_the_top_score_beside_the_mean(self) -> None:
        """The explanation gives the mean, then the top score, in decimals."""
        text = card_of(scores().to_evidence())["micro.1b"].explanation
        assert (
            "CollaboRATE mean 7.49 (exactly 307/41) from 41 encounters, "
            "top score 39.02% (exactly 1600/41), offered to 83.67% (exactly 4100/49) "
            "gives mean 7.49 (exactly 307/41)"
        ) in text

    def test_the_reports_show_the_top_score(self) -> None:
        """The HTML and Markdown reports show the top score in the evidence."""
        card = card_of(scores().to_evidence())
        for text in (render_html(card), render_markdown(card)):
            assert "top score 39.02% (exactly 1600/41)" in text


class TestInEveryOutput:
    def test_json_keeps_the_exact_top_score_and_reads_it_back(self) -> None:
        """The scorecard JSON holds '1600/41' and reads back to an equal scorecard."""
        card = card_of(scores().to_evidence())
        data = json.loads(card.to_json())
        assert data["items"]["micro.1b"]["evidence"][0]["top_score"] == "1600/41"
        assert ithrive.Scorecard.from_dict(json.loads(card.to_json())) == card

    def test_the_evidence_schema_takes_a_top_score_and_refuses_one_out_of_range(self) -> None:
        """The JSON Schema accepts 39, '1600/41' and null, and refuses 101."""
        base = {"kind": "collaborate", "mean": 8, "offered_percent": 60}

        def valid(top: object) -> bool:
            document = {"evidence": {"micro.1b": {**base, "top_score": top}}}
            return EVIDENCE.is_valid(document)

        assert [valid(39), valid("1600/41"), valid(None), valid(101)] == [True, True, True, False]

    def test_the_template_explains_the_top_score(self) -> None:
        """The template's help for collaborate evidence names the optional top score."""
        helped = evidence_template(["micro.1b"])["_help"]["kinds"]["collaborate"]
        assert helped["top_score"].startswith("optional")

    def test_a_batch_reads_the_top_score_column_without_banding_it(self) -> None:
        """micro.1b.top_score is an evidence column; levels equal the scalar path's."""
        assert "micro.1b.top_score" in evidence_columns()
        table = pd.DataFrame(
            {
                "micro.1b.mean": [8.2, 7.0, 7.0],
                "micro.1b.offered_percent": [60, 60, 60],
                "micro.1b.top_score": [40.5, None, 100.0],
            }
        )
        levels = score_table(table)["micro.1b.level"].tolist()
        scalar = [
            card_of(
                {"kind": "collaborate", "mean": m, "offered_percent": 60}
                | ({} if t is None else {"top_score": t})
            )["micro.1b"].level
            for m, t in ((8.2, 40.5), (7.0, None), (7.0, 100.0))
        ]
        assert levels == [int(level) for level in scalar] == [4, 2, 2]

    def test_a_batch_refuses_a_top_score_out_of_range_naming_the_row(self) -> None:
        """A top score of 140 in row 0 is out_of_range, named by column and row."""
        table = pd.DataFrame(
            {
                "micro.1b.mean": [8.2],
                "micro.1b.offered_percent": [60],
                "micro.1b.top_score": [140],
            }
        )
        with pytest.raises(InvalidEvidenceError) as raised:
            score_table(table)
        (problem,) = raised.value.errors
        assert (problem.code, problem.item, problem.value) == ("out_of_range", "micro.1b", 140)
        assert "top_score" in problem.field

    def test_the_tidy_export_fills_the_top_score_column(self) -> None:
        """The long table's top_score column holds the top score as a number."""
        assessment = Assessment.from_evidence(
            {"micro.1b": scores().to_evidence()},
            locality="A",
            date="2018",
            method="self_assessment",
        )
        rows = [r for r in AssessmentCollection([assessment]).to_rows() if r["id"] == "micro.1b"]
        assert rows[0]["top_score"] == pytest.approx(1600 / 41)
