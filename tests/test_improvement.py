"""Tests for ithrive.analysis.improvement: what it would take, and the locality's action list."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import local_variant

import ithrive
from ithrive import CollaboRATE, Count, Indicators, Level, Proportion, Survey
from ithrive.analysis.improvement import Action, ItemPlan, Step, action_list, what_it_would_take
from ithrive.evidence.measures import AUDIT_ITEMS, MINDFUL_ELEMENTS, mindful
from ithrive.rules import load_ruleset

SURVEY_ITEMS = ("micro.3a", "meso.3b")
INDICATOR_ITEMS = tuple(r.item for r in ithrive.default_ruleset() if r.indicators is not None)


def local(item: str, measure: dict[str, Any]) -> ithrive.Ruleset:
    """The default ruleset with one item's single measure replaced."""
    return load_ruleset(
        {
            "ruleset": {"name": "local", "version": "1", "extends": "default"},
            "items": {item: {"citation": "local", "measures": [measure]}},
        }
    )


#: micro.2 with bands open at their lower ends: 60% itself is still level 2.
OPEN_BANDS = local(
    "micro.2",
    {
        "name": "notes_audit",
        "kind": "proportion",
        "domain": "[0, 100]",
        "bands": [
            {"level": 1, "interval": "[0, 40]"},
            {"level": 2, "interval": "(40, 60]"},
            {"level": 3, "interval": "(60, 80]"},
            {"level": 4, "interval": "(80, 100]"},
        ],
    },
)

#: micro.2 where an audit of fewer than 20 notes gives no level.
MIN_NOTES = local(
    "micro.2",
    {
        "name": "notes_audit",
        "kind": "proportion",
        "domain": "[0, 100]",
        "bands": [
            {"level": 1, "interval": "[0, 40)"},
            {"level": 2, "interval": "[40, 60)"},
            {"level": 3, "interval": "[60, 80)"},
            {"level": 4, "interval": "[80, 100]"},
        ],
        "gates": [
            {
                "id": "few_notes",
                "field": "denominator",
                "when": "[0, 20)",
                "effect": "insufficient_evidence",
                "reason": "fewer than 20 notes audited",
            }
        ],
    },
)


def level_of(item: str, evidence: Any, ruleset: ithrive.Ruleset | None = None) -> Level | None:
    """The item's level when scored alone."""
    return ithrive.score({item: evidence}, ruleset)[item].level


def below(level: Level | None, target: Level) -> bool:
    """Whether a level (or no level) falls short of the target."""
    return level is None or level < target


def check_steps(item: str, plan: ItemPlan, ruleset: ithrive.Ruleset | None = None) -> list[Step]:
    """Every checkable step reaches exactly its promised level when re-scored."""
    checked = []
    for step in plan.steps:
        assert step.item == item
        if step.reaches is None:
            continue
        assert step.reachable
        assert step.reaches >= step.target
        assert step.reaches == ithrive.score({item: list(step.evidence)}, ruleset)[item].level
        checked.append(step)
    return checked


# ------------------------------------------------------------------ examples


class TestExamples:
    """Hand-checked plans for each kind of evidence."""

    def test_an_audit_one_note_short_needs_one_more_note(self) -> None:
        """17 of 30 (level 2): 18 of 30 is 60%, level 3."""
        plan = what_it_would_take("micro.2", Proportion(numerator=17, denominator=30))
        step = plan.next_level
        assert step is not None
        assert (Level.TWO, Level.THREE, Level.THREE) == (plan.level, step.target, step.reaches)
        (change,) = step.changes
        assert ("more_meeting_standard", 1, Fraction(18)) == (
            change.kind,
            change.additional,
            change.needed,
        )
        assert step is plan.to_thrive_like

    def test_level_one_gets_a_step_to_two_and_a_step_to_three(self) -> None:
        """5 of 30: 12 of 30 for level 2, 18 of 30 for level 3."""
        plan = what_it_would_take(
            "micro.7", {"kind": "proportion", "numerator": 5, "denominator": 30}
        )
        assert [(Level.TWO, 7), (Level.THREE, 13)] == [
            (s.target, s.changes[0].additional) for s in plan.steps
        ]

    def test_level_four_and_not_assessed_need_nothing(self) -> None:
        """No steps above level 4, and none for an item without evidence."""
        top = what_it_would_take("micro.2", Proportion(numerator=30, denominator=30))
        none = what_it_would_take("micro.2")
        assert ((), None, None) == (top.steps, top.next_level, top.to_thrive_like)
        assert ((), None) == (none.steps, none.level)

    def test_an_open_band_edge_is_not_enough(self) -> None:
        """Where level 3 starts above 60%, 18 of 30 (exactly 60%) is not enough: 19 is."""
        plan = what_it_would_take(
            "micro.2", Proportion(numerator=17, denominator=30), ruleset=OPEN_BANDS
        )
        step = plan.next_level
        assert step is not None
        assert (Fraction(19), Level.THREE) == (step.changes[0].needed, step.reaches)

    def test_a_band_with_no_value_at_this_denominator_is_skipped_upwards(self) -> None:
        """1 of 2 (50%): the next count, 2 of 2, is 100%, level 4."""
        plan = what_it_would_take("micro.2", Proportion(numerator=1, denominator=2))
        step = plan.next_level
        assert step is not None
        assert (Level.THREE, Level.FOUR) == (step.target, step.reaches)

    def test_a_survey_short_of_completion_needs_respondents_first(self) -> None:
        """micro.3a at 25 of 60 returns has no level (D8); 5 more returns make 50%."""
        plan = what_it_would_take("micro.3a", Survey(agree=12, respondents=25, eligible=60))
        assert plan.level is None
        assert [Level.ONE, Level.THREE] == [s.target for s in plan.steps]
        first, thrive = plan.steps
        assert [("more_respondents", 5)] == [(c.kind, c.additional) for c in first.changes]
        assert Level.TWO == first.reaches
        assert [("more_respondents", 5), ("more_agreeing", 6)] == [
            (c.kind, c.additional) for c in thrive.changes
        ]
        assert "5 more of the 60 eligible staff must respond" in thrive.text

    def test_a_large_headcount_is_planned_by_arithmetic(self) -> None:
        """The completion gate is left in one jump, however many staff are eligible."""
        plan = what_it_would_take("micro.3a", Survey(agree=1, respondents=1, eligible=10**12))
        (first, thrive) = plan.steps
        assert 5 * 10**11 - 1 == first.changes[0].additional
        assert [5 * 10**11 - 1, 3 * 10**11 - 1] == [c.additional for c in thrive.changes]

    def test_a_survey_nobody_answered_needs_respondents(self) -> None:
        """Zero returns (D15): half the eligible staff must respond."""
        plan = what_it_would_take("micro.3a", Survey(agree=0, respondents=0, eligible=10))
        assert 5 == plan.steps[0].changes[0].additional

    def test_low_completion_that_only_warns_needs_no_respondents(self) -> None:
        """meso.3b warns on low completion but rates; only agreement must rise."""
        plan = what_it_would_take("meso.3b", Survey(agree=5, respondents=10, eligible=60))
        step = plan.next_level
        assert step is not None
        assert ["more_agreeing"] == [c.kind for c in step.changes]

    def test_a_percent_needs_the_band_edge(self) -> None:
        """A percent without counts: at least 60%."""
        plan = what_it_would_take("micro.2", {"kind": "proportion", "percent": 55.5})
        step = plan.next_level
        assert step is not None
        (change,) = step.changes
        assert ("higher_percent", Fraction(60), False) == (
            change.kind,
            change.needed,
            change.strict,
        )
        assert "the percent must be at least 60% (now 55.5%)" == change.text

    def test_two_measures_change_only_the_lower_one(self) -> None:
        """macro.5 at integrate 70% and CHI-ESQ 75%: CHI-ESQ must reach 80% for level 3."""
        plan = what_it_would_take(
            "macro.5",
            [
                {"kind": "proportion", "percent": 70, "measure": "integrate"},
                {"kind": "proportion", "percent": 75, "measure": "chi_esq"},
            ],
        )
        step = plan.next_level
        assert step is not None
        assert [("chi_esq", Fraction(80))] == [(c.measure, c.needed) for c in step.changes]
        assert Level.THREE == step.reaches

    def test_collaborate_needs_a_mean_strictly_above_seven_and_half_offered(self) -> None:
        """Mean 6.5 from 22 encounters, 40% offered: the smallest mean above 7 is 463/66."""
        plan = what_it_would_take(
            "micro.1b", CollaboRATE(mean=6.5, offered_percent=40, encounters=22)
        )
        to_two, to_three = plan.steps
        assert [("more_offered", Fraction(50))] == [(c.kind, c.needed) for c in to_two.changes]
        mean, offered = to_three.changes
        assert ("higher_mean", Fraction(7), True) == (mean.kind, mean.needed, mean.strict)
        assert "more than 7" in mean.text
        assert "the smallest such mean is 7.02 (exactly 463/66)" in mean.text
        assert ("more_offered", Fraction(50)) == (offered.kind, offered.needed)
        new = to_three.evidence[0]
        assert isinstance(new, CollaboRATE)
        assert Fraction(463, 66) == new.exact_mean()

    def test_collaborate_without_encounters_needs_just_above_the_edge(self) -> None:
        """Without the encounter count, the changed mean is the next float above 8."""
        plan = what_it_would_take("micro.1b", CollaboRATE(mean=7.6, offered_percent=60))
        step = plan.next_level
        assert step is not None
        new = step.evidence[0]
        assert isinstance(new, CollaboRATE)
        assert math.nextafter(8.0, math.inf) == new.mean

    def test_mindful_names_the_missing_elements(self) -> None:
        """Two in place: one more for level 3, and the five not in place are listed."""
        plan = what_it_would_take("meso.2", mindful(["routine_measures", "annual_review"]))
        step = plan.next_level
        assert step is not None
        (change,) = step.changes
        assert 1 == change.additional
        assert tuple(e.value for e in MINDFUL_ELEMENTS[1:6]) == change.names
        new = step.evidence[0]
        assert isinstance(new, Count)
        assert ("routine_measures", "outcomes_framework", "annual_review") == new.in_place

    def test_a_bare_mindful_count_cannot_name_what_is_missing(self) -> None:
        """Without names, only the number is said."""
        plan = what_it_would_take("meso.2", Count(count=0))
        assert [2, 3] == [s.changes[0].additional for s in plan.steps]
        assert all(s.changes[0].names == () for s in plan.steps)

    def test_indicators_list_the_unmet_criteria_and_their_values(self) -> None:
        """macro.1 at level 2: three criteria must change for level 3."""
        plan = what_it_would_take(
            "macro.1",
            Indicators(
                criteria={
                    "policy_exists": True,
                    "policy_co_creation": "not_joint",
                    "cyp_mh_in_ltp_stp": "one",
                    "implementation_plan": "none",
                }
            ),
        )
        step = plan.next_level
        assert step is not None
        (change,) = step.changes
        assert ("policy_co_creation", "cyp_mh_in_ltp_stp", "implementation_plan") == change.names
        assert "policy_co_creation = 'some_agencies' (now 'not_joint')" in change.text

    def test_a_missing_criterion_that_decides_the_level_must_be_recorded(self) -> None:
        """macro.2 at 3 lacking a level-4 criterion: set it, and record it as given."""
        plan = what_it_would_take(
            "macro.2",
            {
                "kind": "indicators",
                "criteria": {
                    "joint_commissioning": "all_agencies_active",
                    "commissioning_governance": "one_board_common_strategy",
                    "joint_budgets": "in_operation",
                    "outcome_frameworks": "being_aligned",
                },
            },
        )
        step = plan.next_level
        assert step is not None
        assert (Level.FOUR, Level.FOUR) == (step.target, step.reaches)
        assert ("outcome_frameworks", "shared_accountability") == step.changes[0].names

    def test_unrecorded_criteria_are_asked_for_when_the_level_is_undecided(self) -> None:
        """Criteria needed to decide the level, not to reach it, are recorded as not yet met."""
        plan = what_it_would_take(
            "macro.4",
            {
                "kind": "indicators",
                "criteria": {
                    "preference_data_collection": "routine",
                    "preference_data_reported": True,
                },
            },
        )
        assert plan.level is None
        step = plan.to_thrive_like
        assert step is not None
        assert ["criteria_unrecorded"] == [c.kind for c in step.changes]
        assert ("used_in_commissioning", "provider_reporting_systems") == step.changes[0].names
        assert Level.THREE == step.reaches

    def test_a_rating_alone_gets_the_descriptors_of_the_target_level(self) -> None:
        """The panel must judge the next level's descriptors; nothing can be re-scored."""
        plan = what_it_would_take("micro.6", {"kind": "rating", "level": 2})
        step = plan.next_level
        assert step is not None
        (change,) = step.changes
        expected = ithrive.FRAMEWORK.item("micro.6").descriptor(3).criteria
        assert ("descriptors", expected, None, ()) == (
            change.kind,
            change.names,
            step.reaches,
            step.evidence,
        )
        assert (True, None) == (step.reachable, step.gap)

    def test_a_plan_can_be_built_from_an_item_result(self) -> None:
        """An ItemResult from a scorecard gives the same plan as its evidence."""
        card = ithrive.score({"micro.2": Proportion(numerator=17, denominator=30)})
        assert what_it_would_take("micro.2", Proportion(numerator=17, denominator=30)) == (
            what_it_would_take(card["micro.2"])
        )

    def test_a_result_and_evidence_together_are_refused(self) -> None:
        """Evidence comes with an item id, not with a result that has its own."""
        card = ithrive.score({"micro.2": Proportion(numerator=17, denominator=30)})
        with pytest.raises(ithrive.EvidenceError) as info:
            what_it_would_take(card["micro.2"], Proportion(numerator=1, denominator=2))
        assert "conflicting_fields" == info.value.code

    def test_bad_evidence_and_bad_items_are_reported(self) -> None:
        """Invalid evidence raises the usual errors; so does a wrong argument."""
        with pytest.raises(ithrive.InvalidEvidenceError):
            what_it_would_take("micro.2", [{"kind": "proportion"}, {"kind": "nope"}])
        with pytest.raises(ithrive.EvidenceError):
            what_it_would_take("micro.2", {"kind": "proportion", "percent": 101})
        with pytest.raises(ithrive.InvalidEvidenceError):
            what_it_would_take("micro.2", {"kind": "count", "count": 1})
        with pytest.raises(ithrive.UnknownItemError):
            what_it_would_take("micro.9", {"kind": "rating", "level": 1})
        with pytest.raises(ithrive.EvidenceError) as info:
            what_it_would_take(3)  # type: ignore[arg-type]
        assert "wrong_type" == info.value.code

    def test_a_gate_on_the_number_of_notes_asks_for_more_notes(self) -> None:
        """With a 20-note minimum, 10 of 12 needs 8 more notes audited, then 12 of 20 for 3."""
        plan = what_it_would_take(
            "micro.2", Proportion(numerator=10, denominator=12), ruleset=MIN_NOTES
        )
        assert plan.level is None
        first, thrive = plan.steps
        assert [("more_notes", 8)] == [(c.kind, c.additional) for c in first.changes]
        assert [("more_notes", 8), ("more_meeting_standard", 2)] == [
            (c.kind, c.additional) for c in thrive.changes
        ]
        check_steps("micro.2", plan, MIN_NOTES)

    def test_a_closed_offered_gate_asks_for_more_than_its_edge(self) -> None:
        """With the cap at "[0, 50]", the plan says "more than 50%", not 50.00000000000001%."""
        gate = {
            "id": "few_offered",
            "field": "offered_percent",
            "when": "[0, 50]",
            "effect": "cap",
            "level": 1,
            "reason": "half or fewer offered",
        }
        closed = local_variant(
            "micro.1b",
            measure="collaborate",
            kind="collaborate",
            domain="[0, 9]",
            bands=[(1, "[0, 6]"), (2, "(6, 7]"), (3, "(7, 8]"), (4, "(8, 9]")],
            gates=[gate],
            citation="local",
        )
        ev = CollaboRATE(mean=7.5, offered_percent=50, encounters=30)
        plan = what_it_would_take("micro.1b", ev, ruleset=closed)
        assert Level.ONE == plan.level
        (offered,) = plan.next_level.changes if plan.next_level else ()
        assert ("more_offered", Fraction(50), True) == (
            offered.kind,
            offered.needed,
            offered.strict,
        )
        assert offered.text.startswith("more than 50% of children and young people")
        check_steps("micro.1b", plan, closed)

    def test_macro_5_measures_are_not_called_audited_notes(self) -> None:
        """CHI-ESQ counts respondents, so the plan names the measure, not audited notes."""
        ev = Proportion(numerator=5, denominator=10, measure="chi_esq")
        step = what_it_would_take("macro.5", ev).next_level
        assert step is not None
        assert "2 more of the 10 must count towards chi_esq (7 of 10, 70%; now 5 of 10)" == (
            step.text
        )

    def test_plans_are_json_ready(self) -> None:
        """to_dict of a plan goes through json with exact numbers."""
        plan = what_it_would_take(
            "micro.1b", CollaboRATE(mean=6.5, offered_percent=40, encounters=22)
        )
        data = json.loads(json.dumps(plan.to_dict()))
        assert (1, [2, 3]) == (data["level"], [s["target"] for s in data["steps"]])
        assert "463/66" == data["steps"][1]["evidence"][0]["mean"]
        assert (7, True) == (
            data["steps"][1]["changes"][0]["needed"],
            data["steps"][1]["changes"][0]["strict"],
        )


# ------------------------------------------------------------------ properties


class TestReachesExactlyThePromisedLevel:
    """Applying a step reaches exactly its promised level; one count fewer does not."""

    @settings(deadline=None)
    @given(
        st.sampled_from(AUDIT_ITEMS),
        st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    )
    def test_audits(self, item: str, kn: tuple[int, int]) -> None:
        """Same denominator; the numerator one lower falls short of the target."""
        k, n = kn
        plan = what_it_would_take(item, Proportion(numerator=k, denominator=n))
        for step in check_steps(item, plan):
            (new,) = step.evidence
            assert isinstance(new, Proportion)
            assert n == new.denominator
            assert new.numerator is not None
            assert new.numerator > k
            assert below(
                level_of(item, Proportion(numerator=new.numerator - 1, denominator=n)),
                step.target,
            )

    @settings(deadline=None)
    @given(
        st.sampled_from(SURVEY_ITEMS),
        st.integers(1, 150).flatmap(
            lambda e: st.integers(0, e).flatmap(
                lambda r: st.tuples(st.integers(0, r), st.just(r), st.just(e))
            )
        ),
    )
    def test_surveys(self, item: str, kre: tuple[int, int, int]) -> None:
        """One agreeing fewer, or one respondent fewer, falls short of the target."""
        k, r, e = kre
        plan = what_it_would_take(item, Survey(agree=k, respondents=r, eligible=e))
        assert all(s.reachable for s in plan.steps)
        for step in check_steps(item, plan):
            (new,) = step.evidence
            assert isinstance(new, Survey)
            assert new.agree >= k
            assert new.respondents >= r
            if new.agree > k:
                fewer = Survey(agree=new.agree - 1, respondents=new.respondents, eligible=e)
                assert below(level_of(item, fewer), step.target)
            if new.respondents > r:
                for agree in {min(new.agree, new.respondents - 1), new.respondents - 1}:
                    fewer = Survey(agree=agree, respondents=new.respondents - 1, eligible=e)
                    assert below(level_of(item, fewer), step.target)

    @settings(deadline=None)
    @given(
        st.sampled_from([("micro.2", None), ("macro.5", "integrate"), ("macro.5", "chi_esq")]),
        st.floats(0, 100),
    )
    def test_percents(self, where: tuple[str, str | None], percent: float) -> None:
        """The smallest float that reaches; the float just below does not."""
        item, measure = where
        plan = what_it_would_take(item, Proportion(percent=percent, measure=measure))
        for step in check_steps(item, plan):
            (new,) = step.evidence
            assert isinstance(new, Proportion)
            assert new.percent is not None
            lower = math.nextafter(new.percent, -math.inf)
            if lower >= percent:
                shy = Proportion(percent=lower, measure=measure)
                assert below(level_of(item, shy), step.target)

    @settings(deadline=None)
    @given(
        st.integers(1, 60).flatmap(
            lambda e: st.tuples(st.integers(0, 27 * e), st.just(e), st.booleans())
        ),
        st.integers(0, 100),
    )
    def test_collaborate(self, jeb: tuple[int, int, bool], offered: int) -> None:
        """The next mean down on the encounters' grid, or a hair less offered, falls short."""
        j, e, known = jeb
        ev = CollaboRATE(
            mean=Fraction(j, 3 * e), offered_percent=offered, encounters=e if known else None
        )
        plan = what_it_would_take("micro.1b", ev)
        for step in check_steps("micro.1b", plan):
            (new,) = step.evidence
            assert isinstance(new, CollaboRATE)
            kinds = {c.kind for c in step.changes}
            if "higher_mean" in kinds:
                if known:
                    grid = new.exact_mean() * 3 * e
                    assert 1 == grid.denominator
                    shy: Any = Fraction(int(grid) - 1, 3 * e)
                else:
                    shy = math.nextafter(float(new.mean), -math.inf)
                fewer = CollaboRATE(
                    mean=shy, offered_percent=new.offered_percent, encounters=new.encounters
                )
                assert below(level_of("micro.1b", fewer), step.target)
            if "more_offered" in kinds:
                fewer = CollaboRATE(
                    mean=new.mean,
                    offered_percent=math.nextafter(float(new.offered_percent), -math.inf),
                    encounters=new.encounters,
                )
                assert below(level_of("micro.1b", fewer), step.target)

    @settings(deadline=None)
    @given(st.sets(st.sampled_from(MINDFUL_ELEMENTS)), st.booleans())
    def test_mindful(self, chosen: set[Any], named: bool) -> None:
        """One element fewer than the step asks for falls short."""
        ev = mindful(chosen) if named else Count(count=len(chosen))
        plan = what_it_would_take("meso.2", ev)
        for step in check_steps("meso.2", plan):
            (new,) = step.evidence
            assert isinstance(new, Count)
            assert below(level_of("meso.2", Count(count=new.count - 1)), step.target)
            if named:
                assert ev.in_place is not None
                assert new.in_place is not None
                assert set(ev.in_place) < set(new.in_place)

    @settings(deadline=None)
    @given(st.data())
    def test_indicators(self, data: st.DataObject) -> None:
        """Undoing any one criterion the step changes falls short."""
        item = data.draw(st.sampled_from(INDICATOR_ITEMS))
        rule = ithrive.default_ruleset().rule(item).indicators
        assert rule is not None
        criteria: dict[str, bool | str] = {}
        for c in rule.criteria:
            if data.draw(st.integers(0, 4)) == 0:
                continue  # sometimes leave a criterion out
            criteria[c.id] = data.draw(st.sampled_from(c.values) if c.is_ordinal else st.booleans())
        plan = what_it_would_take(item, Indicators(criteria=criteria))
        for step in check_steps(item, plan):
            (new,) = step.evidence
            assert isinstance(new, Indicators)
            changed = [n for c in step.changes if c.kind == "criteria" for n in c.names]
            for name in changed:
                undone = new.as_dict()
                if name in criteria:
                    undone[name] = criteria[name]
                else:
                    del undone[name]
                assert below(level_of(item, Indicators(criteria=undone)), step.target)

    @settings(deadline=None)
    @given(st.integers(1, 60).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
    def test_local_rulesets(self, kn: tuple[int, int]) -> None:
        """Open band edges and a minimum number of notes are honoured."""
        k, n = kn
        for ruleset in (OPEN_BANDS, MIN_NOTES):
            plan = what_it_would_take(
                "micro.2", Proportion(numerator=k, denominator=n), ruleset=ruleset
            )
            for step in check_steps("micro.2", plan, ruleset):
                (new,) = step.evidence
                assert isinstance(new, Proportion)
                assert new.numerator is not None
                assert new.denominator is not None
                if new.numerator > k:
                    fewer = Proportion(numerator=new.numerator - 1, denominator=new.denominator)
                    assert below(level_of("micro.2", fewer, ruleset), step.target)
                if new.denominator > n:
                    fewer = Proportion(
                        numerator=min(new.numerator, new.denominator - 1),
                        denominator=new.denominator - 1,
                    )
                    assert below(level_of("micro.2", fewer, ruleset), step.target)


# ------------------------------------------------------------------ action list


class TestActionList:
    """A locality's prioritised list of actions."""

    def card(self) -> ithrive.Scorecard:
        """A locality with items at every level and of every kind."""
        return ithrive.score(
            {
                "micro.2": Proportion(numerator=17, denominator=30),
                "micro.7": Proportion(numerator=10, denominator=40),
                "micro.5a": Proportion(numerator=20, denominator=30),
                "micro.5b": Proportion(numerator=30, denominator=30),
                "meso.2": Count(count=2),
                "micro.3a": Survey(agree=10, respondents=20, eligible=60),
                "micro.6": {"kind": "rating", "level": 2},
                "macro.4": {"kind": "rating", "level": 3},
            }
        )

    def test_items_one_level_from_three_come_first_then_by_gap(self) -> None:
        """Not THRIVE-like first (level 2 before level 1 and no level), then level 3."""
        found = [(a.rank, a.item, a.step.target) for a in action_list(self.card())]
        assert [
            (1, "micro.2", Level.THREE),
            (2, "meso.2", Level.THREE),
            (3, "micro.6", Level.THREE),
            (4, "micro.3a", Level.THREE),
            (5, "micro.7", Level.THREE),
            (6, "micro.5a", Level.FOUR),
            (7, "macro.4", Level.FOUR),
        ] == found

    def test_items_at_level_four_and_not_assessed_are_left_out(self) -> None:
        """micro.5b is at 4; items without evidence have no action."""
        items = {a.item for a in action_list(self.card())}
        assert "micro.5b" not in items
        assert "micro.1a" not in items

    def test_actions_read_as_lines_and_convert_to_json(self) -> None:
        """str gives one line; to_dict goes through json."""
        (first, *_) = action_list(self.card())
        assert isinstance(first, Action)
        assert str(first).startswith("1. micro.2 (level 2 -> 3): 1 more of the 30 audited notes")
        json.dumps([a.to_dict() for a in action_list(self.card())])

    def test_an_unrated_item_reads_as_no_level(self) -> None:
        """An item withheld by a gate is listed with 'no level'."""
        card = ithrive.score({"micro.3a": Survey(agree=10, respondents=20, eligible=60)})
        (action,) = action_list(card)
        assert str(action).startswith("1. micro.3a (no level -> 3): 10 more of the 60")

    def test_a_scorecard_from_another_ruleset_needs_that_ruleset(self) -> None:
        """Plans must use the ruleset that scored the card."""
        card = ithrive.score({"micro.2": Proportion(numerator=17, denominator=30)}, OPEN_BANDS)
        with pytest.raises(ithrive.EvidenceError) as info:
            action_list(card)
        assert "ruleset_mismatch" == info.value.code
        (action,) = action_list(card, ruleset=OPEN_BANDS)
        assert 2 == action.step.changes[0].additional

    def test_only_scorecards_are_accepted(self) -> None:
        """Anything else is refused."""
        with pytest.raises(ithrive.EvidenceError) as info:
            action_list({"micro.2": 1})  # type: ignore[arg-type]
        assert "wrong_type" == info.value.code
