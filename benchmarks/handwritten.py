"""The pure-Python limit: the 22 items as hand-written if/elif chains.

:func:`assess` is the task every implementation is timed on: from one
assessment's JSON-like evidence (item id to one piece or a list of pieces) to
the 22 item levels, the 17 principles (level and verdict) and the overall
verdict, as an :data:`Outcome`. :func:`levels` gives the dict of the 22
levels, ``None`` where an item is not assessed or has insufficient evidence;
:func:`summary` adds principles and the verdict to 22 levels (the peers
share it). The functions make ithrive's decisions (bands, gates, macro.5
taking the lower of its two measures, measured evidence before a panel
rating, indicator criteria, a principle at the lowest level of its parts)
with the band edges and the principles written into the code, and do
nothing else: no validation, no explanations. They assume valid evidence.

Comparisons are exact, as ithrive's are: counts by integer
cross-multiplication (``100 * numerator < 40 * denominator``), floats
against whole-number edges as given. The criteria tables below were
transcribed from the packaged ruleset; the benchmark checks the function
against ithrive on every assessment before timing anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["CRITERIA", "ITEMS", "PRINCIPLES", "Outcome", "assess", "levels", "summary"]

#: The 22 items, in the assessment tool's order.
ITEMS: tuple[str, ...] = (
    "macro.1", "macro.2", "macro.3", "macro.4", "macro.5",
    "meso.1", "meso.2", "meso.3a", "meso.3b", "meso.4", "meso.5",
    "micro.1a", "micro.1b", "micro.2", "micro.3a", "micro.3b", "micro.3c",
    "micro.4", "micro.5a", "micro.5b", "micro.6", "micro.7",
)  # fmt: skip

#: The 17 principles, each as the positions of its items in :data:`ITEMS`.
PRINCIPLES: tuple[tuple[int, ...], ...] = (
    (0,), (1,), (2,), (3,), (4,),  # macro.1-5
    (5,), (6,), (7, 8), (9,), (10,),  # meso.1, meso.2, meso.3 (a, b), meso.4, meso.5
    (11, 12), (13,), (14, 15, 16), (17,), (18, 19), (20,), (21,),  # micro.1-7
)  # fmt: skip

#: What the timed task produces: the 22 levels in :data:`ITEMS` order, each
#: principle's ``(level, thrive_like)``, and whether the locality is THRIVE-like.
Outcome = tuple[tuple[int | None, ...], tuple[tuple[int | None, bool | None], ...], bool]

# Per indicator item: (criterion, lowest level it is needed for, the highest
# level each value allows). Level 1 is the floor.
CRITERIA: dict[str, dict[str, tuple[int, dict[Any, int]]]] = {
    "macro.1": {
        "policy_exists": (2, {True: 4, False: 1}),
        "policy_co_creation": (3, {"not_joint": 2, "some_agencies": 3, "all_agencies": 4}),
        "cyp_mh_in_ltp_stp": (2, {"neither": 1, "one": 2, "both": 4}),
        "implementation_plan": (3, {"none": 2, "partial": 3, "clear": 4}),
    },
    "macro.2": {
        "joint_commissioning": (
            2,
            {
                "not_routine": 1,
                "specific_projects": 2,
                "established_projects": 3,
                "all_agencies_active": 4,
            },
        ),
        "commissioning_governance": (
            2,
            {
                "separate": 1,
                "collaborating_boards": 2,
                "joint_board": 3,
                "one_board_common_strategy": 4,
            },
        ),
        "joint_budgets": (3, {"none": 2, "some_elements": 3, "in_operation": 4}),
        "outcome_frameworks": (3, {"separate": 2, "being_aligned": 3, "joint": 4}),
        "shared_accountability": (4, {True: 4, False: 3}),
    },
    "macro.3": {
        "contract_review": (
            2,
            {"no_regular_review": 1, "review_schedule": 3, "annual_plans": 4},
        ),
        "data_in_commissioning": (2, {"little": 1, "some": 2, "used_well": 3, "routine": 4}),
        "provider_data_systems": (3, {"lacking": 2, "developing": 3, "comprehensive": 4}),
        "joint_data_review": (
            3,
            {"not_constructive": 2, "good_relationship": 3, "joint_forums": 4},
        ),
        "provider_type_coverage": (
            3,
            {"none": 2, "one_or_two_types": 3, "several_types": 3, "all_types": 4},
        ),
        "data_agreements_in_contracts": (4, {True: 4, False: 3}),
    },
    "macro.4": {
        "preference_data_collection": (
            2,
            {"none": 1, "some_services": 2, "most_services": 3, "routine": 4},
        ),
        "preference_data_reported": (3, {True: 4, False: 2}),
        "used_in_commissioning": (4, {True: 4, False: 3}),
        "provider_reporting_systems": (4, {True: 4, False: 3}),
    },
    "meso.1": {
        "signposting_practice": (
            2,
            {"little": 1, "some_unsystematic": 2, "established": 3, "active_full_range": 4},
        ),
        "network_coverage": (2, {"none": 1, "partial": 2, "majority": 3, "full_range": 4}),
        "provider_relationships": (
            3,
            {"none": 2, "building_basic_criteria": 3, "good_criteria_known": 4},
        ),
        "service_directory": (
            2,
            {
                "none": 1,
                "partial_scattered": 2,
                "single_digital": 3,
                "single_digital_cyp_access": 4,
            },
        ),
        "signposting_effective": (3, {"poor": 2, "mostly_working": 3, "working": 4}),
        "assessors_own_advice_role": (4, {True: 4, False: 3}),
    },
    "meso.3a": {
        "groupings_implemented": (
            2,
            {"none_or_one": 1, "at_least_two": 2, "most": 3, "all_five": 4},
        ),
        "agencies_involved": (3, {"partial": 2, "all_not_mature": 3, "all": 4}),
        "needs_assessment_established": (3, {True: 4, False: 2}),
        "grouping_in_patient_record": (4, {True: 4, False: 3}),
        "reporting_by_grouping": (
            3,
            {"not_possible": 2, "being_established": 3, "possible": 4},
        ),
    },
    "meso.4": {
        "family_network_consideration": (
            2,
            {"inconsistent": 1, "some": 2, "active": 3, "systematic": 4},
        ),
        "care_plan_documentation": (
            2,
            {"absent": 1, "often_inconsistent": 2, "routine_auditable": 4},
        ),
        "family_in_care_planning": (4, {True: 4, False: 3}),
        "cyp_and_staff_agree": (4, {True: 4, False: 3}),
        "self_management_approach": (
            2,
            {"absent": 1, "part_of_approach": 2, "explicit": 3, "actively_promoted": 4},
        ),
        "practitioner_training": (3, {"none": 2, "some": 3, "programmes": 4}),
    },
    "micro.1a": {
        "collaborate_rollout": (
            2,
            {
                "not_implemented": 1,
                "partial": 2,
                "one_setting_systematic": 3,
                "la_third_sector_health": 4,
            },
        ),
        "sdm_in_strategy": (
            2,
            {"absent": 1, "aspiration": 2, "articulated": 3, "clear_priority": 4},
        ),
        "sdm_training": (3, {"none": 2, "some_delivered": 3, "all_staff_access": 4}),
    },
    "micro.3c": {
        "endings_training_access": (2, {"none": 1, "some_staff": 3, "all_staff": 4}),
        "endings_raised_at_start": (
            2,
            {"not_routine": 1, "some_clear": 2, "some_confident": 3, "all_confident": 4},
        ),
        "endings_seen_as_important": (3, {"not_all": 2, "most": 3, "all": 4}),
    },
    "micro.4": {
        "outcome_data_use": (
            2,
            {"none": 1, "planned_isolated_areas": 2, "most_services": 3, "throughout": 4},
        ),
        "data_systems": (3, {"none": 2, "many_services": 3, "in_strategy": 4}),
        "outcome_review_slots": (4, {True: 4, False: 3}),
        "qi_all_provider_types": (4, {True: 4, False: 3}),
        "staff_qi_skills": (3, {"many_untrained": 2, "most_familiar": 3, "confident": 4}),
    },
    "micro.6": {
        "senior_practitioner_involved": (2, {True: 4, False: 1}),
        "senior_support_reach": (
            2,
            {"none": 1, "most_supervised": 2, "most_linked_in": 3, "coherent_supervised_team": 4},
        ),
        "effectiveness_assurance": (3, {True: 4, False: 2}),
    },
}


def _pieces(entry: Any) -> Any:
    return entry if isinstance(entry, (list, tuple)) else (entry,)


def _audit(p: Mapping[str, Any]) -> int:
    """Bands [0, 40) [40, 60) [60, 80) [80, 100] of a proportion (D1, D3, D4, D5)."""
    n = p.get("numerator")
    if n is not None:
        d = p["denominator"]
        n *= 100
        if n < 40 * d:
            return 1
        elif n < 60 * d:
            return 2
        elif n < 80 * d:
            return 3
        return 4
    x = p["percent"]
    if x < 40:
        return 1
    elif x < 60:
        return 2
    elif x < 80:
        return 3
    return 4


def _chi_esq(p: Mapping[str, Any]) -> int:
    """CHI-ESQ bands [0, 70) [70, 80) [80, 90) [90, 100] (D2)."""
    n = p.get("numerator")
    if n is not None:
        d = p["denominator"]
        n *= 100
        if n < 70 * d:
            return 1
        elif n < 80 * d:
            return 2
        elif n < 90 * d:
            return 3
        return 4
    x = p["percent"]
    if x < 70:
        return 1
    elif x < 80:
        return 2
    elif x < 90:
        return 3
    return 4


def _agreement(p: Mapping[str, Any], minimum_completion: bool) -> int | None:
    """A staff survey: no level without respondents (D15) or, where required, under 50% (D8)."""
    r = p["respondents"]
    if r == 0:
        return None
    if minimum_completion and 100 * r < 50 * p["eligible"]:
        return None
    a = 100 * p["agree"]
    if a < 40 * r:
        return 1
    elif a < 60 * r:
        return 2
    elif a < 80 * r:
        return 3
    return 4


def _audit_item(entry: Any) -> int | None:
    level = rating = None
    for p in _pieces(entry):
        if p["kind"] == "rating":
            rating = p["level"]
        else:
            level = _audit(p)
    return rating if level is None else level


def _macro5(entry: Any) -> int | None:
    integrate = chi_esq = rating = None
    for p in _pieces(entry):
        if p["kind"] == "rating":
            rating = p["level"]
        elif p["measure"] == "integrate":
            integrate = _audit(p)
        else:
            chi_esq = _chi_esq(p)
    if integrate is None:
        return rating if chi_esq is None else chi_esq
    if chi_esq is None or integrate <= chi_esq:
        return integrate
    return chi_esq


def _meso2(entry: Any) -> int | None:
    level = rating = None
    for p in _pieces(entry):
        if p["kind"] == "rating":
            rating = p["level"]
        else:
            c = p["count"]
            if c <= 1:
                level = 1
            elif c == 2:
                level = 2
            elif c == 3:
                level = 3
            else:
                level = 4
    return rating if level is None else level


def _survey_item(entry: Any, minimum_completion: bool) -> int | None:
    level = rating = None
    for p in _pieces(entry):
        if p["kind"] == "rating":
            rating = p["level"]
        else:
            level = _agreement(p, minimum_completion)
    return rating if level is None else level


def _micro1b(entry: Any) -> int | None:
    level = rating = None
    for p in _pieces(entry):
        if p["kind"] == "rating":
            rating = p["level"]
        elif p["offered_percent"] < 50:  # fewer than half offered: capped at 1 (D7)
            level = 1
        else:
            m = p["mean"]
            if m <= 6:
                level = 1
            elif m <= 7:
                level = 2
            elif m <= 8:
                level = 3
            else:
                level = 4
    return rating if level is None else level


def _criteria(given: Mapping[str, Any], table: Mapping[str, tuple[int, dict[Any, int]]]) -> Any:
    """The highest level every given criterion allows, unless a missing one could lower it."""
    level = 5
    for name, value in given.items():
        allowed = table[name][1][value]
        level = min(level, allowed)
    if level == 5:  # no criteria given
        return None
    for name, (first, _) in table.items():
        if first <= level and name not in given:
            return None
    return level


def _indicator_item(entry: Any, table: Mapping[str, tuple[int, dict[Any, int]]]) -> int | None:
    level = rating = None
    for p in _pieces(entry):
        if p["kind"] == "rating":
            rating = p["level"]
        else:
            level = _criteria(p["criteria"], table)
    return rating if level is None else level


def levels(evidence: Mapping[str, Any]) -> dict[str, int | None]:
    """The 22 levels of one assessment's JSON-like evidence (``None``: no level)."""
    get = evidence.get
    out: dict[str, int | None] = {}
    for item in ("macro.1", "macro.2", "macro.3", "macro.4"):
        entry = get(item)
        out[item] = None if entry is None else _indicator_item(entry, CRITERIA[item])
    entry = get("macro.5")
    out["macro.5"] = None if entry is None else _macro5(entry)
    entry = get("meso.1")
    out["meso.1"] = None if entry is None else _indicator_item(entry, CRITERIA["meso.1"])
    entry = get("meso.2")
    out["meso.2"] = None if entry is None else _meso2(entry)
    entry = get("meso.3a")
    out["meso.3a"] = None if entry is None else _indicator_item(entry, CRITERIA["meso.3a"])
    entry = get("meso.3b")
    out["meso.3b"] = None if entry is None else _survey_item(entry, minimum_completion=False)
    entry = get("meso.4")
    out["meso.4"] = None if entry is None else _indicator_item(entry, CRITERIA["meso.4"])
    entry = get("meso.5")
    out["meso.5"] = None if entry is None else _audit_item(entry)
    entry = get("micro.1a")
    out["micro.1a"] = None if entry is None else _indicator_item(entry, CRITERIA["micro.1a"])
    entry = get("micro.1b")
    out["micro.1b"] = None if entry is None else _micro1b(entry)
    entry = get("micro.2")
    out["micro.2"] = None if entry is None else _audit_item(entry)
    entry = get("micro.3a")
    out["micro.3a"] = None if entry is None else _survey_item(entry, minimum_completion=True)
    entry = get("micro.3b")
    out["micro.3b"] = None if entry is None else _audit_item(entry)
    entry = get("micro.3c")
    out["micro.3c"] = None if entry is None else _indicator_item(entry, CRITERIA["micro.3c"])
    entry = get("micro.4")
    out["micro.4"] = None if entry is None else _indicator_item(entry, CRITERIA["micro.4"])
    for item in ("micro.5a", "micro.5b"):
        entry = get(item)
        out[item] = None if entry is None else _audit_item(entry)
    entry = get("micro.6")
    out["micro.6"] = None if entry is None else _indicator_item(entry, CRITERIA["micro.6"])
    entry = get("micro.7")
    out["micro.7"] = None if entry is None else _audit_item(entry)
    return out


def summary(item_levels: tuple[int | None, ...]) -> Outcome:
    """22 levels with each principle's level and verdict, and the overall verdict.

    A principle is at the lowest level of its items when all are rated; it is
    THRIVE-like at level 3 or above, known not to be as soon as one rated item
    is below 3, and undecided otherwise. The locality is THRIVE-like when
    every principle is.
    """
    principles = []
    every = True
    for parts in PRINCIPLES:
        level: int | None = 5
        low = False
        for i in parts:
            lv = item_levels[i]
            if lv is None:
                level = None
            else:
                if lv < 3:
                    low = True
                if level is not None and lv < level:
                    level = lv
        verdict = (level >= 3) if level is not None else (False if low else None)
        if not verdict:
            every = False
        principles.append((level, verdict))
    return item_levels, tuple(principles), every


def assess(evidence: Mapping[str, Any]) -> Outcome:
    """The timed task: one assessment's levels, principles and verdict."""
    got = levels(evidence)
    return summary(tuple([got[item] for item in ITEMS]))
