"""Survey evidence as a percent, or counts without eligible (issue #15; register D35)."""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import (
    AUDIT_PERCENT,
    counts_in_domain,
    reals_by_band,
    reals_near_edge,
    survey_pieces,
)

import ithrive
from ithrive.analysis.improvement import what_it_would_take
from ithrive.analysis.uncertainty import item_uncertainty
from ithrive.base.formatting import format_number
from ithrive.errors import EvidenceError, InvalidEvidenceError
from ithrive.evidence import Survey
from ithrive.outputs.schema import evidence_schema
from ithrive.outputs.template import evidence_template
from ithrive.rules import default_ruleset
from ithrive.rules.cases import boundary_cases
from ithrive.studies.batch import score_table

SCHEMA = jsonschema.Draft202012Validator(evidence_schema())
#: meso.3b's band edges, read from the packaged ruleset (not from the test's own table).
MESO_3B_EDGES = sorted(
    {b.interval.lower for b in default_ruleset().rule("meso.3b").measures[0].bands} - {0}
)


def scored(item: str, evidence: Any) -> ithrive.ItemResult:
    """The item's result when scored alone."""
    return ithrive.score({item: evidence})[item]


def errors(item: str, evidence: Any) -> list[tuple[str, str | None, str | None, object]]:
    """(code, item, field, value) of every problem scoring the evidence raises."""
    with pytest.raises(InvalidEvidenceError) as raised:
        ithrive.score({item: evidence})
    return [(e.code, e.item, e.field, e.value) for e in raised.value.errors]


def percent(value: object, **more: object) -> dict[str, object]:
    """Survey evidence giving agreement as a percent."""
    return {"kind": "survey", "agree_percent": value, **more}


class TestMeso3bTakesAgreementAsAPercent:
    def test_a_reports_62_percent_agreed_is_level_3(self) -> None:
        """A report's 62% agreed alone rates meso.3b at 3; unchecked completion is warned."""
        res = scored("meso.3b", percent(62))
        assert (res.level, [w.code for w in res.warnings]) == (3, ["low_completion_unchecked"])
        assert "staff survey: 62% of respondents agree gives agreement 62%" in res.explanation

    def test_counts_without_eligible_are_banded(self) -> None:
        """30 of 40 respondents agreeing, with no headcount, is 75%: level 3."""
        res = scored("meso.3b", {"kind": "survey", "agree": 30, "respondents": 40})
        assert (res.level, res.value) == (3, 75.0)

    @pytest.mark.parametrize("edge", MESO_3B_EDGES, ids=lambda e: f"edge-{e}")
    def test_every_band_edge_belongs_to_the_band_above(self, edge: Fraction) -> None:
        """Just below each edge is the lower level, at and just above it the higher (D1)."""
        below, above = math.nextafter(float(edge), -math.inf), math.nextafter(float(edge), math.inf)
        got = [scored("meso.3b", percent(v)).level for v in (below, float(edge), above)]
        expected = [AUDIT_PERCENT.level(v) for v in (below, edge, above)]
        assert got == expected
        assert expected[0] == expected[1] - 1 == expected[2] - 1

    @given(reals_by_band(AUDIT_PERCENT))
    def test_any_percent_gets_the_level_of_its_band(self, drawn: tuple[int, float]) -> None:
        """A float anywhere in a band's interval gets that band's level."""
        expected, value = drawn
        assert scored("meso.3b", percent(value)).level == expected

    @given(reals_near_edge(AUDIT_PERCENT))
    def test_percents_near_an_edge_fall_on_its_right_side(self, drawn: tuple[int, float]) -> None:
        """Within 1 of each edge, the level is the one the exact value's band gives."""
        _, value = drawn
        assert scored("meso.3b", percent(value)).level == AUDIT_PERCENT.level(value)

    @given(counts_in_domain().filter(lambda c: c[1] > 0))
    def test_the_percent_form_agrees_with_the_counts_it_stands_for(
        self, counts: tuple[int, int]
    ) -> None:
        """agree/respondents and the exact percent they make ('p/q' text) give the same level."""
        agree, respondents = counts
        share = Fraction(100 * agree, respondents)
        text = f"{share.numerator}/{share.denominator}"
        by_counts = scored(
            "meso.3b", {"kind": "survey", "agree": agree, "respondents": respondents}
        )
        by_percent = scored("meso.3b", percent(text))
        assert by_counts.level == by_percent.level == AUDIT_PERCENT.level(share)

    def test_an_exact_percent_round_trips_through_json(self) -> None:
        """'200/3' stays exact in the scorecard JSON and reads back equal."""
        card = ithrive.score({"meso.3b": percent("200/3")})
        data = json.loads(card.to_json())
        assert data["items"]["meso.3b"]["evidence"] == [
            {"kind": "survey", "agree_percent": "200/3"}
        ]
        assert ithrive.Scorecard.from_dict(data) == card


class TestMicro3aStillNeedsTheCompletionFigures:
    def test_a_percent_alone_is_refused_naming_item_field_and_value(self) -> None:
        """micro.3a withholds its level below 50% completion: a bare percent names respondents."""
        assert errors("micro.3a", percent(62)) == [
            ("missing_field", "micro.3a", "respondents", None)
        ]

    def test_counts_without_eligible_are_refused_naming_eligible(self) -> None:
        """agree and respondents without the headcount name eligible."""
        assert errors("micro.3a", {"kind": "survey", "agree": 30, "respondents": 40}) == [
            ("missing_field", "micro.3a", "eligible", None)
        ]

    def test_the_error_says_why_the_figures_are_needed(self) -> None:
        """The message names the completion gate and the fields it needs."""
        with pytest.raises(InvalidEvidenceError) as raised:
            ithrive.score({"micro.3a": percent(62)})
        message = str(raised.value.errors[0])
        assert "completion lies in [0, 50)" in message
        assert "needs respondents and eligible" in message

    def test_a_percent_with_the_completion_figures_is_rated(self) -> None:
        """62% agreeing, 40 of 60 responding (67% completion): level 3."""
        res = scored("micro.3a", percent(62, respondents=40, eligible=60))
        assert (res.level, res.warnings) == (3, ())

    def test_a_percent_below_half_completion_gets_no_level(self) -> None:
        """62% agreeing but only 20 of 60 responding: insufficient evidence (D8)."""
        res = scored("micro.3a", percent(62, respondents=20, eligible=60))
        assert (res.level, res.status.value) == (None, "insufficient_evidence")


class TestBadSurveysAreRefused:
    def test_agree_and_agree_percent_together_conflict(self) -> None:
        """Both forms at once: conflicting_fields on agree_percent."""
        assert errors("meso.3b", percent(62, agree=3, respondents=5)) == [
            ("conflicting_fields", "meso.3b", "agree_percent", 62)
        ]

    def test_a_percent_above_100_is_out_of_range(self) -> None:
        """162%: out_of_range, with the value."""
        assert errors("meso.3b", percent(162)) == [
            ("out_of_range", "meso.3b", "agree_percent", 162)
        ]

    def test_a_percent_of_no_respondents_is_out_of_range(self) -> None:
        """A share of nobody: respondents must be at least 1 with agree_percent."""
        assert errors("meso.3b", percent(62, respondents=0)) == [
            ("out_of_range", "meso.3b", "respondents", 0)
        ]

    def test_eligible_without_respondents_is_missing_respondents(self) -> None:
        """A headcount alone cannot give completion: respondents is missing."""
        assert errors("meso.3b", percent(62, eligible=60)) == [
            ("missing_field", "meso.3b", "respondents", None)
        ]

    def test_nothing_but_the_kind_names_the_missing_agreement(self) -> None:
        """A survey with no agreement at all names agree."""
        assert errors("meso.3b", {"kind": "survey"}) == [
            ("missing_field", "meso.3b", "agree", None)
        ]


class TestEveryOutputHandlesThePercentForm:
    def test_uncertainty_says_a_percent_has_no_interval(self) -> None:
        """A percent without counts has no interval: no_counts, naming agree_percent."""
        with pytest.raises(EvidenceError) as raised:
            item_uncertainty("meso.3b", percent(62))
        err = raised.value
        assert (err.code, err.item, err.field, err.value) == (
            "no_counts",
            "meso.3b",
            "agree_percent",
            62,
        )
        assert "no counts to put an interval around" in str(err)

    def test_uncertainty_of_counts_without_eligible_is_a_jeffreys_interval(self) -> None:
        """agree and respondents alone are a sample: 30 of 40."""
        got = item_uncertainty("meso.3b", {"kind": "survey", "agree": 30, "respondents": 40})
        assert (got.successes, got.trials) == (30, 40)

    def test_what_it_would_take_raises_the_percent(self) -> None:
        """From 55% to level 3: the agreement must be at least 60%."""
        plan = what_it_would_take("meso.3b", percent(55))
        assert plan.next_level is not None
        assert plan.next_level.text == "the agreement must be at least 60% (now 55%)"
        assert scored("meso.3b", plan.next_level.evidence[0]).level == 3

    def test_what_it_would_take_with_counts_and_no_headcount(self) -> None:
        """30 of 60 agreeing to level 3: 6 more staff must agree, respondents unchanged."""
        plan = what_it_would_take("meso.3b", {"kind": "survey", "agree": 30, "respondents": 60})
        assert plan.next_level is not None
        assert plan.next_level.text == (
            "6 more staff must agree (36 of 60 respondents, 60%; now 30 of 60)"
        )

    def test_the_schema_takes_the_percent_for_meso_3b_but_not_alone_for_micro_3a(self) -> None:
        """The JSON Schema follows the engine: micro.3a needs respondents and eligible."""

        def valid(item: str, piece: dict[str, object]) -> bool:
            return SCHEMA.is_valid({"evidence": {item: piece}})

        assert valid("meso.3b", percent(62))
        assert valid("meso.3b", percent("200/3"))
        assert valid("meso.3b", {"kind": "survey", "agree": 30, "respondents": 40})
        assert not valid("micro.3a", percent(62))
        assert valid("micro.3a", percent(62, respondents=40, eligible=60))
        assert not valid("meso.3b", percent(62, agree=3, respondents=5))

    def test_the_template_explains_agree_percent(self) -> None:
        """The template's survey help names agree_percent and micro.3a's need for eligible."""
        helped = evidence_template(["meso.3b"])["_help"]["kinds"]["survey"]
        assert "instead of agree" in helped["agree_percent"]
        assert "micro.3a" in helped["eligible"]

    def test_boundary_cases_include_the_percent_form_and_hold(self) -> None:
        """Every meso.3b band edge has percent-form cases, and each scores as expected."""
        cases = [
            c
            for c in boundary_cases()
            if c.item == "meso.3b" and "agree_percent" in c.evidence and "band edge" in c.what
        ]
        assert {c.edge for c in cases} >= {float(e) for e in MESO_3B_EDGES}
        for case in cases:
            res = scored(case.item, dict(case.evidence))
            assert (res.level, res.status.value) == (case.level, case.status)

    def test_the_long_export_gives_the_percent(self) -> None:
        """The tidy row of a percent-form survey has its percent, and no counts."""
        from ithrive.studies.assessment import evidence_columns

        cols = evidence_columns([Survey(agree_percent=62)])
        assert (cols["percent"], cols["numerator"], cols["denominator"]) == (62.0, None, None)

    def test_a_batch_scores_the_percent_column_as_the_scalar_path_does(self) -> None:
        """meso.3b.agree_percent rows get the scalar levels; micro.3a without eligible fails."""
        pd = pytest.importorskip("pandas")
        values = [39.99999999999999, 40.0, 62.0, 80.0, 100.0]
        table = pd.DataFrame({"meso.3b.agree_percent": values})
        levels = score_table(table)["meso.3b.level"].tolist()
        assert levels == [scored("meso.3b", percent(v)).level for v in values] == [1, 2, 3, 4, 4]
        with pytest.raises(InvalidEvidenceError) as raised:
            score_table(pd.DataFrame({"micro.3a.agree_percent": [62.0]}))
        (problem,) = raised.value.errors
        assert (problem.code, problem.item) == ("missing_field", "micro.3a")
        assert problem.field.endswith("respondents")

    @given(st.floats(0, 100))
    def test_describing_a_percent_survey_never_shows_a_bare_fraction(self, value: float) -> None:
        """The explanation shows the percent by the shared formatter, never as p/q."""
        text = scored("meso.3b", percent(value)).explanation
        assert f"staff survey: {format_number(value, '%')} of respondents agree" in text
        assert re.search(r"(?<![\d/])\d+/\d+(?![\d/])", text) is None


class TestRefusalNamesThePiece:
    """A micro.3a refusal names the piece, as every other problem with several pieces does."""

    def test_a_refused_percent_survey_among_several_pieces_names_its_index(self) -> None:
        """The survey at [1] lacking eligible is refused at field '[1].eligible'."""
        evidence = [{"kind": "rating", "level": 2}, Survey(agree_percent=62, respondents=4)]
        with pytest.raises(InvalidEvidenceError) as raised:
            ithrive.score({"evidence": {"micro.3a": evidence}})
        (problem,) = raised.value.errors
        assert (problem.code, problem.item, problem.field) == (
            "missing_field",
            "micro.3a",
            "[1].eligible",
        )

    def test_a_lone_refused_percent_survey_names_the_bare_field(self) -> None:
        """With one piece there is no index to give: the field is 'respondents'."""
        with pytest.raises(InvalidEvidenceError) as raised:
            ithrive.score({"evidence": {"micro.3a": Survey(agree_percent=62)}})
        (problem,) = raised.value.errors
        assert (problem.code, problem.item, problem.field) == (
            "missing_field",
            "micro.3a",
            "respondents",
        )


class TestWhatItWouldTakeBelowTheCompletionGate:
    """A percent survey withheld by micro.3a's completion gate gets the same way out as counts."""

    def test_more_respondents_lift_a_withheld_percent_survey(self) -> None:
        """62% agreeing, 2 of 5 responded: one more must respond, as with agree=2 of 2."""
        item = scored("micro.3a", percent(62, respondents=2, eligible=5))
        step = what_it_would_take(item).steps[-1]
        assert step.reachable
        assert [c.text for c in step.changes] == [
            "1 more of the 5 eligible staff must respond (3 in all, completion 60%; now 2)"
        ]
        assert [c.kind for c in step.changes] == ["more_respondents"]

    def test_a_low_percent_below_the_gate_needs_both_changes(self) -> None:
        """10% agreeing, 2 of 5 responded: one more must respond and agreement reach 60%."""
        item = scored("micro.3a", percent(10, respondents=2, eligible=5))
        step = what_it_would_take(item).steps[-1]
        assert step.reachable
        assert [c.kind for c in step.changes] == ["more_respondents", "higher_percent"]
        assert scored("micro.3a", step.evidence[0]).level == 3


class TestTheSchemaAcceptsWhatTheEngineAccepts:
    """Survey pieces in every form, with fields absent or null, pass the schema iff they score."""

    @settings(max_examples=300, deadline=None)
    @given(survey_pieces, st.sampled_from(["meso.3b", "micro.3a"]), st.booleans())
    def test_schema_and_engine_agree_on_every_survey_form(
        self, piece: dict[str, object], item: str, beside_a_rating: bool
    ) -> None:
        """Null respondents or eligible is 'not given' to both; a percent of 0 people fails both."""
        evidence = [{"kind": "rating", "level": 2}, piece] if beside_a_rating else piece
        document = {"evidence": {item: evidence}}
        try:
            ithrive.score(document)
            scored_ok = True
        except InvalidEvidenceError:
            scored_ok = False
        assert SCHEMA.is_valid(document) == scored_ok

    def test_no_respondents_needs_no_eligible_in_the_schema_as_in_scoring(self) -> None:
        """micro.3a with 0 of 0 and no eligible scores (no staff responded): the schema takes it."""
        zero = {"kind": "survey", "agree": 0, "respondents": 0}
        for piece in (zero, {**zero, "eligible": None}):
            assert SCHEMA.is_valid({"evidence": {"micro.3a": piece}})
            assert scored("micro.3a", piece).status.value == "insufficient_evidence"

    def test_a_null_eligible_on_micro_3a_fails_the_schema_as_it_fails_scoring(self) -> None:
        """{"agree_percent": 62, "respondents": 4, "eligible": null} is refused by both."""
        document = {"evidence": {"micro.3a": percent(62, respondents=4, eligible=None)}}
        assert not SCHEMA.is_valid(document)
        with pytest.raises(InvalidEvidenceError):
            ithrive.score(document)


class TestBatchEqualsScalarForThePercentForm:
    """score_table gives each row the level, status and problem codes ithrive.score gives."""

    @settings(max_examples=60, deadline=None)
    @given(
        st.sampled_from(["meso.3b", "micro.3a"]),
        st.floats(-1, 101, allow_nan=False),
        st.one_of(st.none(), st.integers(0, 8)),
        st.one_of(st.none(), st.integers(1, 8)),
    )
    def test_a_percent_survey_row_scores_as_its_evidence(
        self, item: str, value: float, respondents: int | None, eligible: int | None
    ) -> None:
        """Levels agree, and so do the codes of the problems when the row is refused."""
        pd = pytest.importorskip("pandas")
        fields = {"agree_percent": value, "respondents": respondents, "eligible": eligible}
        given_fields = {k: v for k, v in fields.items() if v is not None}
        try:
            expected: object = scored(item, {"kind": "survey", **given_fields}).level
        except InvalidEvidenceError as error:
            expected = {e.code for e in error.errors}
        table = pd.DataFrame({f"{item}.{k}": [float(v)] for k, v in given_fields.items()})
        try:
            level = score_table(table)[f"{item}.level"].iloc[0]
            got: object = None if pd.isna(level) else int(level)
        except InvalidEvidenceError as error:
            got = {e.code for e in error.errors}
        if isinstance(expected, set) and isinstance(got, set):
            assert expected <= got  # batch reports every problem; score stops at the first
        else:
            assert got == expected
