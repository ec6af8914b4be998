"""The evidence template: blank, valid as it stands, and full of help the scorer ignores."""

# The house style is `assert expected == actual`, which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import pytest

import ithrive
from ithrive.outputs.template import evidence_template, rule_help, select_items
from ithrive.rules import load_ruleset


def test_the_blank_template_scores_as_not_assessed() -> None:
    """Every item is an empty list: the scorecard has no level at all."""
    card = ithrive.score(evidence_template())
    assert {"not_assessed"} == {r.status.value for r in card}


def test_the_help_section_does_not_change_the_score() -> None:
    """A filled-in template scores the same with or without ``_help``."""
    doc = evidence_template(["micro.2"])
    doc["evidence"]["micro.2"] = [{"kind": "proportion", "numerator": 18, "denominator": 30}]
    without = {k: v for k, v in doc.items() if k != "_help"}
    assert ithrive.score(without).to_json() == ithrive.score(doc).to_json()


def test_each_help_example_scores_for_its_item() -> None:
    """The example of every kind an item accepts is valid evidence for that item."""
    doc = evidence_template()
    for item_id, help_ in doc["_help"]["items"].items():
        kinds = [e["kind"] for e in help_["examples"]]
        assert help_["accepts"] == kinds
        for example in help_["examples"]:
            card = ithrive.score({item_id: example})
            assert card[item_id].status.value in ("rated", "insufficient_evidence")


def test_indicator_help_gives_what_each_level_needs() -> None:
    """Boolean criteria need true from a level; ordinal ones name the label per level."""
    help_ = rule_help(ithrive.default_ruleset().rule("macro.1"))
    assert {"meaning", "values", "needs"} == set(help_["criteria"]["policy_exists"])
    assert {"2": True} == help_["criteria"]["policy_exists"]["needs"]
    assert ["neither", "one", "both"] == help_["criteria"]["cyp_mh_in_ltp_stp"]["values"]


def test_measure_help_gives_bands_and_gates() -> None:
    """Measured items list their bands and gates."""
    help_ = rule_help(ithrive.default_ruleset().rule("micro.1b"))
    measure = help_["measures"]["collaborate"]
    assert {"1": "[0, 6]", "2": "(6, 7]", "3": "(7, 8]", "4": "(8, 9]"} == measure["bands"]
    assert ["few_offered", "few_encounters"] == [g["id"] for g in measure["gates"]]


def test_a_measure_name_is_given_where_an_item_has_several() -> None:
    """macro.5's proportion example names its measure, since macro.5 has two."""
    (_, example) = rule_help(ithrive.default_ruleset().rule("macro.5"))["examples"]
    assert "integrate" == example["measure"]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["micro.2"], ("micro.2",)),
        (["micro.5", "micro.2"], ("micro.2", "micro.5a", "micro.5b")),
        (["macro"], ("macro.1", "macro.2", "macro.3", "macro.4", "macro.5")),
        (["meso.3b", "meso.3"], ("meso.3a", "meso.3b")),
    ],
)
def test_selects_items_principles_and_systems(names: list[str], expected: tuple[str, ...]) -> None:
    """Ids are resolved to items in framework order, without repeats."""
    assert expected == select_items(names)


def test_unknown_ids_are_all_reported() -> None:
    """Each unknown id is one problem, with suggestions."""
    with pytest.raises(ithrive.InvalidEvidenceError) as info:
        select_items(["micro.9", "micro.2", "maso.1"])
    assert [("micro.9", "unknown_item"), ("maso.1", "unknown_item")] == [
        (e.item, e.code) for e in info.value.errors
    ]


def test_follows_a_local_ruleset() -> None:
    """The help describes the ruleset given, not the packaged one."""
    local = load_ruleset(
        {
            "ruleset": {"name": "local", "version": "1", "extends": "default"},
            "items": {"micro.2": {"citation": "local"}},
        }
    )
    doc = evidence_template(["micro.2"], ruleset=local)
    assert (["rating"], {"name": "local", "version": "1"}) == (
        doc["_help"]["items"]["micro.2"]["accepts"],
        doc["_help"]["ruleset"],
    )
