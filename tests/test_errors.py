"""Invalid evidence raises a documented ithrive exception naming the item, field and value.

Evidence is given to :func:`ithrive.score` as JSON-like dicts, as an
application would pass on what its users typed. Every problem is reported at
once in one :class:`ithrive.InvalidEvidenceError`, and nothing is scored.
"""

from __future__ import annotations

import inspect
import json
import math
from typing import Any

import pytest

import ithrive
from ithrive import (
    EvidenceError,
    InvalidEvidenceError,
    IthriveError,
    MissingExtraError,
    RulesetError,
    UnknownItemError,
)


def score_errors(evidence: Any) -> InvalidEvidenceError:
    """Score ``evidence`` expecting InvalidEvidenceError, and return it."""
    with pytest.raises(InvalidEvidenceError) as info:
        ithrive.score(evidence)
    return info.value


def described(evidence: Any) -> list[tuple[str | None, str | None, Any, str]]:
    """``(item, field, value, code)`` of each problem found when scoring ``evidence``."""
    return [(e.item, e.field, e.value, e.code) for e in score_errors(evidence).errors]


def prop(**fields: Any) -> dict[str, Any]:
    return {"kind": "proportion", **fields}


VALID = {
    "micro.2": prop(numerator=18, denominator=30),
    "meso.2": {"kind": "count", "count": 3},
    "macro.3": {"kind": "rating", "level": 2},
}


# --------------------------------------------------------------------------- done-when cases


class TestDoneWhenCases:
    """Each kind of invalid evidence named in the spec raises, naming item, field and value."""

    @pytest.mark.parametrize(
        ("evidence", "expected"),
        [
            (
                {"micro.8": {"kind": "rating", "level": 3}},
                ("micro.8", None, "micro.8", "unknown_item"),
            ),
            (
                {"micro.2": {"kind": "count", "count": 3}},
                ("micro.2", "kind", "count", "kind_not_accepted"),
            ),
            (
                {"micro.2": prop(numerator=31, denominator=30)},
                ("micro.2", "numerator", 31, "numerator_above_denominator"),
            ),
            (
                {"micro.2": prop(percent=120)},
                ("micro.2", "percent", 120, "out_of_range"),
            ),
            (
                {"meso.2": {"kind": "count", "count": -1}},
                ("meso.2", "count", -1, "out_of_range"),
            ),
            (
                {"micro.5a": prop(numerator=-3, denominator=30)},
                ("micro.5a", "numerator", -3, "out_of_range"),
            ),
            (
                {"meso.3b": {"kind": "survey", "agree": -1, "respondents": 5, "eligible": 10}},
                ("meso.3b", "agree", -1, "out_of_range"),
            ),
            (
                {"micro.7": {"kind": "rating", "level": 5}},
                ("micro.7", "level", 5, "out_of_range"),
            ),
            (
                {"micro.3a": {"kind": "survey", "agree": 3, "respondents": 5}},
                ("micro.3a", "eligible", None, "missing_field"),
            ),
            (
                {"micro.2": prop(numerator=18)},
                ("micro.2", "denominator", None, "missing_field"),
            ),
            (
                {"micro.1b": {"kind": "collaborate", "mean": 8}},
                ("micro.1b", "offered_percent", None, "missing_field"),
            ),
            (
                {"macro.1": {"kind": "indicators"}},
                ("macro.1", "criteria", None, "missing_field"),
            ),
        ],
        ids=[
            "unknown-item",
            "wrong-kind-for-item",
            "numerator-above-denominator",
            "percent-120",
            "negative-count",
            "negative-numerator",
            "negative-agree",
            "level-5",
            "missing-eligible",
            "missing-denominator",
            "missing-offered",
            "missing-criteria",
        ],
    )
    def test_names_item_field_value_and_code(
        self, evidence: dict[str, Any], expected: tuple[Any, ...]
    ) -> None:
        """The single problem carries the item id, the field, the value as given and its code."""
        assert [expected] == described(evidence)

    @pytest.mark.parametrize(
        ("item", "evidence", "field"),
        [
            ("micro.2", prop(percent=math.nan), "percent"),
            ("micro.1b", {"kind": "collaborate", "mean": math.nan, "offered_percent": 60}, "mean"),
            (
                "micro.1b",
                {"kind": "collaborate", "mean": 8, "offered_percent": math.nan},
                "offered_percent",
            ),
        ],
        ids=["percent", "mean", "offered"],
    )
    def test_rejects_nan(self, item: str, evidence: dict[str, Any], field: str) -> None:
        """NaN is not_finite, naming the item and field; the value is the NaN given."""
        ((got_item, got_field, value, code),) = described({item: evidence})
        assert (item, field, True, "not_finite") == (got_item, got_field, math.isnan(value), code)

    def test_unknown_item_suggests_the_nearest_ids(self) -> None:
        """'micro.8' is an UnknownItemError suggesting 'micro.7' first."""
        (err,) = score_errors({"micro.8": {"kind": "rating", "level": 3}}).errors
        suggestions: tuple[str, ...] = getattr(err, "suggestions", ())
        assert (UnknownItemError, "micro.7") == (type(err), suggestions[0])

    def test_wrong_kind_message_lists_the_accepted_kinds(self) -> None:
        """A count for micro.2 says micro.2 accepts rating and proportion."""
        (err,) = score_errors({"micro.2": {"kind": "count", "count": 3}}).errors
        assert "it accepts rating, proportion" in err.message

    @pytest.mark.parametrize(
        ("item", "evidence"),
        [
            ("macro.1", prop(percent=50)),
            ("meso.2", prop(percent=50)),
            ("micro.2", {"kind": "indicators", "criteria": {}}),
            ("micro.1b", {"kind": "survey", "agree": 1, "respondents": 1, "eligible": 1}),
            ("meso.3b", {"kind": "collaborate", "mean": 8, "offered_percent": 60}),
        ],
    )
    def test_rejects_each_kind_an_item_does_not_accept(
        self, item: str, evidence: dict[str, Any]
    ) -> None:
        """Evidence of a kind the item's rule does not list is kind_not_accepted on field 'kind'."""
        assert [(item, "kind", evidence["kind"], "kind_not_accepted")] == described(
            {item: evidence}
        )


# --------------------------------------------------------------------------- types and fields


class TestTypesAndFields:
    """Wrong types, unknown fields and unknown kinds are reported with hints."""

    def test_unknown_field_suggests_the_right_one(self) -> None:
        """'numerater' is unknown_field suggesting 'numerator'; numerator is then missing."""
        err, missing = score_errors({"micro.2": prop(numerater=18, denominator=30)}).errors
        assert (
            ("micro.2", "numerater", "numerater", "unknown_field", True),
            ("numerator", "missing_field"),
        ) == (
            (err.item, err.field, err.value, err.code, "did you mean 'numerator'" in err.message),
            (missing.field, missing.code),
        )

    def test_unknown_kind_suggests_the_right_one(self) -> None:
        """kind 'proportoin' is unknown_kind on field 'kind', suggesting 'proportion'."""
        (err,) = score_errors({"micro.2": {"kind": "proportoin", "percent": 50}}).errors
        assert ("micro.2", "kind", "proportoin", "unknown_kind", True) == (
            err.item,
            err.field,
            err.value,
            err.code,
            "did you mean 'proportion'" in err.message,
        )

    def test_missing_kind_is_a_missing_field(self) -> None:
        """Evidence without 'kind' is missing_field on 'kind'."""
        assert [("micro.2", "kind", None, "missing_field")] == described(
            {"micro.2": {"percent": 50}}
        )

    @pytest.mark.parametrize(
        ("evidence", "field", "value"),
        [
            (prop(numerator=True, denominator=30), "numerator", True),
            (prop(numerator=18, denominator=True), "denominator", True),
            (prop(numerator="18", denominator=30), "numerator", "18"),
            (prop(numerator=18, denominator="30"), "denominator", "30"),
            (prop(percent="60"), "percent", "60"),
            (prop(percent=False), "percent", False),
            (prop(numerator=18.0, denominator=30), "numerator", 18.0),
            (prop(numerator=18, denominator=30.5), "denominator", 30.5),
            (prop(numerator=None, denominator=30), "numerator", None),
        ],
        ids=[
            "bool-numerator",
            "bool-denominator",
            "text-numerator",
            "text-denominator",
            "text-percent",
            "bool-percent",
            "float-numerator",
            "float-denominator",
            "null-numerator",
        ],
    )
    def test_rejects_a_value_of_the_wrong_type(
        self, evidence: dict[str, Any], field: str, value: Any
    ) -> None:
        """Booleans, text and floats where whole numbers belong name the field and the value."""
        got = described({"micro.2": evidence})
        expected_code = "missing_field" if value is None else "wrong_type"
        assert [("micro.2", field, value, expected_code)] == got

    @pytest.mark.parametrize("value", [math.inf, -math.inf])
    def test_rejects_infinity(self, value: float) -> None:
        """An infinite percent is not_finite with the infinity as the value."""
        assert [("micro.2", "percent", value, "not_finite")] == described(
            {"micro.2": prop(percent=value)}
        )

    @pytest.mark.parametrize("level", ["3", 3.0, True])
    def test_rejects_a_level_that_is_not_a_whole_number(self, level: Any) -> None:
        """A rating level of '3', 3.0 or true is wrong_type on field 'level'."""
        assert [("micro.7", "level", level, "wrong_type")] == described(
            {"micro.7": {"kind": "rating", "level": level}}
        )

    @pytest.mark.parametrize("piece", [3, "rating", None, [3]])
    def test_rejects_evidence_that_is_not_an_object(self, piece: Any) -> None:
        """A bare number or text as evidence is wrong_type, naming the item."""
        assert [("micro.2", "wrong_type")] == [(g[0], g[3]) for g in described({"micro.2": piece})]

    def test_rejects_evidence_input_that_is_not_a_mapping(self) -> None:
        """score([...]) raises InvalidEvidenceError with code wrong_type, not TypeError."""
        err = score_errors([{"kind": "rating", "level": 3}])
        assert ["wrong_type"] == [e.code for e in err.errors]

    def test_rejects_a_non_text_item_key(self) -> None:
        """A numeric key is an unknown item."""
        assert ["unknown_item"] == [
            e.code for e in score_errors({3: {"kind": "rating", "level": 3}}).errors
        ]

    def test_rejects_a_value_outside_the_measure_domain(self) -> None:
        """A MINDFUL count of 8 (domain 0-7) is out_of_range on field 'count'."""
        assert [("meso.2", "count", 8, "out_of_range")] == described(
            {"meso.2": {"kind": "count", "count": 8}}
        )

    def test_rejects_a_document_whose_locality_is_not_text(self) -> None:
        """An evidence document with locality 3 is wrong_type on field 'locality'."""
        assert [(None, "locality", 3, "wrong_type")] == described({"locality": 3, "evidence": {}})


# --------------------------------------------------------------------------- indicators


class TestIndicatorProblems:
    """Indicator criteria must be the item's criteria, with values of the right form."""

    def test_unknown_criterion_suggests_the_nearest(self) -> None:
        """'policy_exist' is unknown_criterion at criteria.policy_exist, suggesting the real id."""
        (err,) = score_errors(
            {"macro.1": {"kind": "indicators", "criteria": {"policy_exist": True}}}
        ).errors
        assert ("macro.1", "criteria.policy_exist", "policy_exist", "unknown_criterion", True) == (
            err.item,
            err.field,
            err.value,
            err.code,
            "did you mean 'policy_exists'" in err.message,
        )

    def test_rejects_a_label_the_criterion_does_not_have(self) -> None:
        """policy_co_creation='everyone' is unknown_label, the message listing the labels."""
        (err,) = score_errors(
            {"macro.1": {"kind": "indicators", "criteria": {"policy_co_creation": "everyone"}}}
        ).errors
        assert ("criteria.policy_co_creation", "everyone", "unknown_label", True) == (
            err.field,
            err.value,
            err.code,
            "'some_agencies'" in err.message,
        )

    def test_rejects_a_boolean_for_an_ordinal_criterion(self) -> None:
        """True for the ordinal policy_co_creation is unknown_label with value True."""
        assert [("macro.1", "criteria.policy_co_creation", True, "unknown_label")] == described(
            {"macro.1": {"kind": "indicators", "criteria": {"policy_co_creation": True}}}
        )

    def test_rejects_a_label_for_a_boolean_criterion(self) -> None:
        """'yes' for the boolean policy_exists is wrong_type."""
        assert [("macro.1", "criteria.policy_exists", "yes", "wrong_type")] == described(
            {"macro.1": {"kind": "indicators", "criteria": {"policy_exists": "yes"}}}
        )

    def test_rejects_a_number_as_a_criterion_value(self) -> None:
        """1 as a criterion value is wrong_type (only true, false or a label)."""
        assert [("macro.1", "criteria.policy_exists", 1, "wrong_type")] == described(
            {"macro.1": {"kind": "indicators", "criteria": {"policy_exists": 1}}}
        )

    def test_reports_every_bad_criterion(self) -> None:
        """Three bad criteria in one indicators object give three problems."""
        got = described(
            {
                "macro.1": {
                    "kind": "indicators",
                    "criteria": {"policy_exists": "yes", "policy_co_creation": True, "nope": True},
                }
            }
        )
        assert {"wrong_type", "unknown_label", "unknown_criterion"} == {g[3] for g in got}

    def test_criteria_of_another_item_are_unknown(self) -> None:
        """A macro.2 criterion given for macro.1 is unknown_criterion."""
        assert ["unknown_criterion"] == [
            e.code
            for e in score_errors(
                {"macro.1": {"kind": "indicators", "criteria": {"joint_budgets": "none"}}}
            ).errors
        ]


# ---------------------------------------------------------------- measures and duplicates


class TestMeasuresAndDuplicates:
    """Items with several measures need the measure named; one piece per measure or rating."""

    def test_macro5_proportion_needs_a_measure(self) -> None:
        """A macro.5 proportion without 'measure' is measure_required, listing the measures."""
        (err,) = score_errors({"macro.5": prop(percent=50)}).errors
        assert ("macro.5", "measure", None, "measure_required", True) == (
            err.item,
            err.field,
            err.value,
            err.code,
            "'integrate'" in err.message and "'chi_esq'" in err.message,
        )

    def test_rejects_an_unknown_measure_name_with_a_suggestion(self) -> None:
        """measure='integrat' is unknown_measure suggesting 'integrate'."""
        (err,) = score_errors({"macro.5": prop(percent=50, measure="integrat")}).errors
        assert ("measure", "integrat", "unknown_measure", True) == (
            err.field,
            err.value,
            err.code,
            "did you mean 'integrate'" in err.message,
        )

    def test_rejects_a_measure_name_on_the_wrong_item(self) -> None:
        """measure='integrate' on micro.2 is unknown_measure."""
        assert [("micro.2", "measure", "integrate", "unknown_measure")] == described(
            {"micro.2": prop(percent=50, measure="integrate")}
        )

    def test_rejects_two_ratings_for_one_item(self) -> None:
        """Two ratings for micro.2 is duplicate_evidence, placed at the second piece."""
        assert [("micro.2", "[1].kind", "rating", "duplicate_evidence")] == described(
            {"micro.2": [{"kind": "rating", "level": 3}, {"kind": "rating", "level": 2}]}
        )

    def test_rejects_two_pieces_for_one_measure(self) -> None:
        """Two integrate proportions for macro.5 is duplicate_evidence on the measure."""
        assert [("macro.5", "[1].measure", "integrate", "duplicate_evidence")] == described(
            {
                "macro.5": [
                    prop(percent=50, measure="integrate"),
                    prop(percent=60, measure="integrate"),
                ]
            }
        )

    def test_rejects_two_indicator_sets(self) -> None:
        """Two indicators objects for one item is duplicate_evidence."""
        assert [("macro.1", "[1].kind", "indicators", "duplicate_evidence")] == described(
            {
                "macro.1": [
                    {"kind": "indicators", "criteria": {"policy_exists": True}},
                    {"kind": "indicators", "criteria": {"policy_exists": True}},
                ]
            }
        )

    def test_a_problem_in_a_list_is_placed_at_its_index(self) -> None:
        """A bad percent in the second piece of a list has field '[1].percent'."""
        assert [("micro.2", "[1].percent", 101, "out_of_range")] == described(
            {"micro.2": [{"kind": "rating", "level": 3}, prop(percent=101)]}
        )


# --------------------------------------------------------------------------- all at once


class TestAllProblemsAtOnce:
    """Every problem is reported together, and nothing is scored when any evidence is bad."""

    def test_a_piece_that_cannot_be_read_does_not_hide_a_duplicate_beside_it(self) -> None:
        """Ratings 9, 3 and 2 for one item: the bad level and the second rating are both
        reported, each at its own place in the list."""
        got = described(
            {
                "micro.2": [
                    {"kind": "rating", "level": 9},
                    {"kind": "rating", "level": 3},
                    {"kind": "rating", "level": 2},
                ]
            }
        )
        assert [
            ("micro.2", "[0].level", 9, "out_of_range"),
            ("micro.2", "[2].kind", "rating", "duplicate_evidence"),
        ] == got

    def test_reports_problems_across_items_together_in_source_order(self) -> None:
        """Bad evidence for four items, plus an unknown item, gives all five problems at once."""
        got = described(
            {
                "micro.2": prop(percent=120),
                "meso.2": {"kind": "count", "count": -1},
                "micro.9": {"kind": "rating", "level": 1},
                "micro.1b": {"kind": "collaborate", "mean": 10, "offered_percent": -1},
            }
        )
        expected = [
            ("micro.9", None, "micro.9", "unknown_item"),
            ("meso.2", "count", -1, "out_of_range"),
            ("micro.1b", "mean", 10, "out_of_range"),
            ("micro.1b", "offered_percent", -1, "out_of_range"),
            ("micro.2", "percent", 120, "out_of_range"),
        ]
        assert expected == got

    def test_order_of_problems_does_not_depend_on_input_order(self) -> None:
        """Reversing the evidence mapping gives the same list of problems."""
        evidence = {
            "micro.7": {"kind": "rating", "level": 5},
            "macro.5": prop(percent=50),
            "meso.2": {"kind": "count", "count": -1},
        }
        assert described(evidence) == described(dict(reversed(list(evidence.items()))))

    def test_reports_several_problems_in_one_piece(self) -> None:
        """numerator -1 and denominator 0 in one proportion are both reported."""
        assert [
            ("micro.2", "numerator", -1, "out_of_range"),
            ("micro.2", "denominator", 0, "out_of_range"),
        ] == described({"micro.2": prop(numerator=-1, denominator=0)})

    def test_reports_an_unknown_field_and_a_bad_value_together(self) -> None:
        """An unknown field does not hide numerator > denominator in the same piece."""
        assert {
            ("micro.2", "x", "unknown_field"),
            ("micro.2", "numerator", "numerator_above_denominator"),
        } == {
            (e.item, e.field, e.code)
            for e in score_errors({"micro.2": prop(numerator=31, denominator=30, x=1)}).errors
        }

    def test_reports_a_missing_field_and_a_bad_value_together(self) -> None:
        """A missing 'respondents' does not hide agree = -3 in the same survey."""
        got = {
            (e.field, e.code)
            for e in score_errors(
                {"meso.3b": {"kind": "survey", "agree": -3, "eligible": 5}}
            ).errors
        }
        assert {("respondents", "missing_field"), ("agree", "out_of_range")} == got

    def test_evidence_and_rule_problems_are_reported_together(self) -> None:
        """A malformed piece and pieces the item rules reject come back together."""
        got = described(
            {
                "micro.2": prop(percent=120),
                "macro.5": prop(percent=50),
                "micro.5a": {"kind": "count", "count": 3},
                "meso.2": {"kind": "count", "count": 8},
            }
        )
        expected = {
            ("micro.2", "out_of_range"),
            ("macro.5", "measure_required"),
            ("micro.5a", "kind_not_accepted"),
            ("meso.2", "out_of_range"),
        }
        assert expected == {(g[0], g[3]) for g in got}

    def test_nothing_is_scored_when_one_item_is_bad(self) -> None:
        """Valid evidence for three items plus one bad item raises; no scorecard is returned."""
        evidence = {**VALID, "micro.7": {"kind": "rating", "level": 5}}
        returned: list[Any] = []
        with pytest.raises(InvalidEvidenceError):
            returned.append(ithrive.score(evidence))
        assert ([], 3) == (returned, sum(r.level is not None for r in ithrive.score(VALID)))

    def test_read_evidence_reports_the_same_problems(self) -> None:
        """read_evidence raises the same problems as score for malformed evidence."""
        evidence = {"micro.2": prop(percent=120), "micro.8": {"kind": "rating", "level": 1}}
        with pytest.raises(InvalidEvidenceError) as info:
            ithrive.read_evidence(evidence)
        assert [(e.item, e.code) for e in info.value.errors] == [
            (e.item, e.code) for e in score_errors(evidence).errors
        ]

    def test_problems_in_a_document_are_reported_like_a_mapping(self) -> None:
        """An evidence document with bad evidence reports the same problems as the bare mapping."""
        body = {"micro.2": prop(percent=120)}
        assert described(body) == described({"locality": "X", "date": "2020", "evidence": body})

    def test_the_error_names_its_first_problem(self) -> None:
        """err.item, err.field and err.value are those of the first problem."""
        err = score_errors({"micro.2": prop(percent=120), "meso.2": {"kind": "count", "count": -1}})
        first = err.errors[0]
        assert (first.item, first.field, first.value) == (err.item, err.field, err.value)


# --------------------------------------------------------------------------- shape of errors


class TestErrorShape:
    """Errors are readable, JSON-ready and catchable as builtin exceptions."""

    def test_to_dict_is_json_serialisable(self) -> None:
        """err.to_dict() survives json.dumps, with one entry per problem."""
        err = score_errors(
            {
                "micro.2": prop(percent=math.nan),
                "micro.7": prop(percent=math.inf),
                "meso.2": {"kind": "count", "count": -1},
                "micro.5a": {"kind": "count", "count": 3.5},
            }
        )
        out = json.loads(json.dumps(err.to_dict(), allow_nan=False))
        assert (4, "invalid_evidence") == (len(out["errors"]), out["code"])

    def test_to_dict_keeps_item_field_value_code_and_message(self) -> None:
        """Each problem's dict has code, item, field, value and message."""
        err = score_errors({"micro.2": prop(percent=120)})
        (entry,) = err.to_dict()["errors"]
        assert {
            "code": "out_of_range",
            "item": "micro.2",
            "field": "percent",
            "value": 120,
            "message": "120 is above the maximum 100",
        } == entry

    def test_to_dict_writes_non_finite_values_as_text(self) -> None:
        """A NaN value is written as the text 'nan' so the dict stays strict JSON."""
        (entry,) = score_errors({"micro.2": prop(percent=math.nan)}).to_dict()["errors"]
        assert "nan" == entry["value"]

    def test_lines_give_one_readable_line_per_problem(self) -> None:
        """lines() reads 'item field: message [code]' for each problem."""
        err = score_errors({"micro.2": prop(percent=120), "meso.2": {"kind": "count", "count": -1}})
        assert [
            "meso.2 count: -1 is below the minimum 0 [out_of_range]",
            "micro.2 percent: 120 is above the maximum 100 [out_of_range]",
        ] == err.lines()

    def test_message_counts_the_problems(self) -> None:
        """str(err) starts with the number of problems."""
        err = score_errors({"micro.2": prop(percent=120), "meso.2": {"kind": "count", "count": -1}})
        assert str(err).startswith("2 problems in the evidence:")

    @pytest.mark.parametrize(
        ("cls", "bases"),
        [
            (IthriveError, (Exception,)),
            (EvidenceError, (IthriveError, ValueError)),
            (InvalidEvidenceError, (IthriveError, ValueError)),
            (UnknownItemError, (EvidenceError, LookupError, ValueError)),
            (RulesetError, (IthriveError, ValueError)),
            (MissingExtraError, (IthriveError, ImportError)),
        ],
    )
    def test_errors_inherit_the_documented_builtins(
        self, cls: type, bases: tuple[type, ...]
    ) -> None:
        """Each ithrive error is also the builtin exception its docs name."""
        assert [True] * len(bases) == [issubclass(cls, b) for b in bases]

    def test_invalid_evidence_is_caught_as_value_error(self) -> None:
        """Code catching ValueError catches invalid evidence from score()."""
        with pytest.raises(ValueError, match="percent"):
            ithrive.score({"micro.2": prop(percent=120)})

    def test_unknown_item_is_caught_as_lookup_error(self) -> None:
        """The unknown-item problem inside the error is a LookupError."""
        (err,) = score_errors({"mezo.2": {"kind": "rating", "level": 1}}).errors
        assert isinstance(err, LookupError)

    def test_invalid_evidence_needs_at_least_one_problem(self) -> None:
        """InvalidEvidenceError([]) is refused."""
        with pytest.raises(ValueError, match="at least one"):
            InvalidEvidenceError([])

    def test_missing_extra_names_the_extra_to_install(self) -> None:
        """MissingExtraError says which pip extra provides the package."""
        err = MissingExtraError("rich", "cli", "Pretty tables")
        assert ("missing_extra", "cli", "rich", True) == (
            err.code,
            err.extra,
            err.package,
            "pip install 'ithrive[cli]'" in str(err),
        )

    def test_evidence_error_at_places_a_copy(self) -> None:
        """EvidenceError.at(item, prefix) returns a placed copy and leaves the original alone."""
        err = EvidenceError("bad", code="x", field="percent", value=1)
        placed = err.at("micro.2", "[0]")
        assert (("micro.2", "[0].percent"), (None, "percent")) == (
            (placed.item, placed.field),
            (err.item, err.field),
        )

    def test_an_unreasonably_long_id_is_cut_in_the_message_but_kept_whole(self) -> None:
        """A 1 MB unknown item id gives a short message; err.item still holds all of it."""
        long_id = "x" * 1_000_000
        with pytest.raises(InvalidEvidenceError) as info:
            ithrive.score({long_id: {"kind": "rating", "level": 3}})
        (err,) = info.value.errors
        assert (True, long_id, True) == (
            len(str(info.value)) < 1000,
            err.item,
            "(1000000 characters)" in str(err),
        )


class TestErrorsAnAppCanPlace:
    """to_dict() gives values in the JSON form they were typed in, and document keys are fields."""

    def test_a_ratio_out_of_range_is_reported_as_the_ratio_text_given(self) -> None:
        """'150/1' as a percent comes back as value '150/1', not as a Python Fraction repr."""
        err = score_errors({"evidence": {"micro.2": prop(percent="150/1")}})
        assert [("out_of_range", "percent", "150/1")] == [
            (e["code"], e["field"], e["value"]) for e in err.to_dict()["errors"]
        ]

    def test_a_list_or_mapping_value_is_reported_as_json_not_as_its_repr(self) -> None:
        """A repeated in_place list and a list given as criteria come back as JSON lists."""
        err = score_errors(
            {
                "meso.2": {"kind": "count", "count": 2, "in_place": ["a", "a"]},
                "macro.1": {"kind": "indicators", "criteria": [["policy_exists", True]] * 2},
            }
        )
        values = {e["item"]: e["value"] for e in json.loads(json.dumps(err.to_dict()))["errors"]}
        assert {"meso.2": ["a", "a"], "macro.1": [["policy_exists", True]] * 2} == values

    def test_a_deep_or_long_value_is_still_shortened(self) -> None:
        """A list nested past the shown depth, or too long, is cut to a repr string."""
        deep: list[Any] = [[[[["x"]]]]]
        assert (str, str) == (
            type(EvidenceError("m", value=deep).to_dict()["value"][0][0][0]),
            type(EvidenceError("m", value=list(range(1000))).to_dict()["value"]),
        )

    @pytest.mark.parametrize(
        ("doc", "expected"),
        [
            (
                {"evidence": {}, "id": 7},
                [(None, "id", "id", "unknown_field")],
            ),
            (
                {"Locality": "X", "evidence": {}},
                [(None, "Locality", "Locality", "unknown_field")],
            ),
            (
                {"locality": "X", "micro.2": {"kind": "rating", "level": 3}},
                [
                    (None, "evidence", None, "missing_field"),
                    (None, "micro.2", "micro.2", "unknown_field"),
                ],
            ),
        ],
    )
    def test_an_unknown_document_key_is_an_unknown_field_not_an_unknown_item(
        self, doc: dict[str, Any], expected: list[tuple[Any, ...]]
    ) -> None:
        """A document with an extra key names that key, and not 'evidence', as the problem."""
        assert expected == described(doc)

    @pytest.mark.parametrize("text", ["\u0663/1", "3/\u0661", "\x1c3/1"])
    def test_a_ratio_with_non_ascii_digits_or_spaces_is_not_read_as_a_number(
        self, text: str
    ) -> None:
        """JSON Schema's regex dialect reads \\d in the ratio pattern as 0-9; so does the engine."""
        assert [("micro.2", "percent", text, "wrong_type")] == described(
            {"micro.2": prop(percent=text)}
        )


class TestErrorsCrossProcessBoundaries:
    """Every ithrive error survives pickle, copy and deepcopy with all its attributes.

    Errors raised in a worker process (multiprocessing, dask) are pickled to
    reach the caller, so a class that cannot be rebuilt from its pickle turns
    the real problem into an unrelated one.
    """

    @staticmethod
    def every_error_class() -> list[type[IthriveError]]:
        """IthriveError and every subclass, the internal ones included.

        Every module is imported first (the release check's list: internal
        modules too), so a subclass defined in any of them is found.
        """
        import importlib

        from tests.tools import load_tool

        for name in load_tool("check_dist").package_modules():
            importlib.import_module(name)
        found: list[type[IthriveError]] = [IthriveError]
        for cls in found:
            found += [sub for sub in cls.__subclasses__() if sub not in found]
        return found

    @staticmethod
    def example(cls: type[IthriveError]) -> IthriveError:  # noqa: PLW0211  (an error class)
        """An error of class ``cls`` with every attribute set, as its ``__init__`` takes them."""
        finding = ithrive.errors.Finding("bad_band", "micro.2", "bands[1]", "overlaps")
        if "findings" in inspect.signature(cls).parameters:
            return cls("x", [finding, finding])  # type: ignore[call-arg]
        if issubclass(cls, InvalidEvidenceError):
            problem = EvidenceError("too big", code="out_of_range", item="micro.2", value=[120])
            return cls([problem, problem.at(prefix="percent")])
        if issubclass(cls, MissingExtraError):
            return cls("narwhals", "frames", "Reading frames")
        if issubclass(cls, ithrive.errors.InputError):
            first = cls("bad", code="duplicate_key", item="a", field="b", value=1)
            return cls("2 problems", errors=[first, first], more=3)  # type: ignore[call-arg]
        if cls.__name__ == "IntervalSyntaxError":
            return cls({"not": "text"})  # type: ignore[call-arg]
        if issubclass(cls, UnknownItemError):
            return cls("unknown", item="micro.8", value="micro.8", suggestions=["micro.7"])
        return cls("bad", code="some_code", item="micro.2", field="numerator", value={"n": [1]})

    @staticmethod
    def described(err: IthriveError) -> dict[str, Any]:
        """Everything an error says: type, args, text, lines, dict and its other attributes."""
        extra = ("suggestions", "findings", "name", "package", "extra", "more")
        return {
            "type": type(err),
            "args": err.args,
            "str": str(err),
            "lines": err.lines(),
            "dict": err.to_dict(),
            "errors": [e.to_dict() for e in getattr(err, "errors", ())],
            **{name: getattr(err, name) for name in extra if hasattr(err, name)},
        }

    def test_every_error_class_round_trips_through_pickle_copy_and_deepcopy(self) -> None:
        """Each class's error, pickled or copied, is the same error with the same attributes."""
        import copy
        import pickle

        classes = self.every_error_class()
        assert len(classes) >= 15  # every class of the catalogue and the internal ones
        for cls in classes:
            err = self.example(cls)
            for again in (
                pickle.loads(pickle.dumps(err)),
                copy.copy(err),
                copy.deepcopy(err),
            ):
                assert self.described(err) == self.described(again), cls.__name__
