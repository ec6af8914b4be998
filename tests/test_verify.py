"""The ruleset verifier: a ruleset is sound before anything is scored with it.

Bad rulesets are built by taking the packaged TOML as a dict and changing one
thing, or as ``extends = "default"`` local variants that replace one item;
generated band tables check the verifier against every kind of perturbation.
"""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ithrive
from ithrive import Finding, RulesetError
from ithrive.rules import (
    DEFAULT_RULESET_FILE,
    Band,
    Interval,
    Measure,
    Ruleset,
    default_ruleset,
    load_ruleset,
    verify,
)

FIXTURES = Path(__file__).parent / "fixtures"
PACKAGED_TEXT = resources.files("ithrive.rules").joinpath(DEFAULT_RULESET_FILE).read_text("utf-8")
_PACKAGED = tomllib.loads(PACKAGED_TEXT)


# --------------------------------------------------------------------------- helpers


def packaged() -> dict[str, Any]:
    """A fresh deep copy of the packaged ruleset as a plain dict."""
    return copy.deepcopy(_PACKAGED)


def variant(items: Mapping[str, Any], **header: Any) -> dict[str, Any]:
    """A local variant that extends the default and replaces ``items``."""
    head = {"name": "local", "version": "1", "extends": "default", **header}
    return {"ruleset": head, "items": dict(items)}


def table(
    bands: list[tuple[int, str]],
    *,
    kind: str = "proportion",
    domain: str = "[0, 100]",
    name: str = "audit",
    **extra: Any,
) -> dict[str, Any]:
    """An item rule with one measure whose bands are ``(level, interval)`` pairs."""
    measure = {
        "name": name,
        "kind": kind,
        "domain": domain,
        "bands": [{"level": level, "interval": text} for level, text in bands],
        **extra,
    }
    return {"citation": "local audit", "measures": [measure]}


STANDARD = [(1, "[0, 40)"), (2, "[40, 60)"), (3, "[60, 80)"), (4, "[80, 100]")]
MINDFUL = [(1, "[0, 1]"), (2, "[2, 2]"), (3, "[3, 3]"), (4, "[4, 7]")]


def findings_of(source: Any) -> tuple[Finding, ...]:
    """Load ``source`` expecting a RulesetError, and return its findings."""
    with pytest.raises(RulesetError) as info:
        load_ruleset(source)
    return info.value.findings


def codes(findings: tuple[Finding, ...] | list[Finding]) -> set[str]:
    """The set of finding codes."""
    return {f.code for f in findings}


def only(
    findings: tuple[Finding, ...] | list[Finding], code: str
) -> list[tuple[str, str | None, str]]:
    """``(code, item, where)`` of the findings with ``code``."""
    return [(f.code, f.item, f.where) for f in findings if f.code == code]


def with_measure(item_id: str, *measures: Measure) -> Ruleset:
    """The default ruleset with ``item_id``'s measures replaced (typed, not verified)."""
    base = default_ruleset()
    rules = tuple(attrs.evolve(r, measures=measures) if r.item == item_id else r for r in base)
    return Ruleset(name="typed", version="1", rules=rules)


# --------------------------------------------------------------------------- packaged


class TestPackagedRuleset:
    """The packaged ruleset passes verification with no findings."""

    def test_verify_finds_nothing_in_the_packaged_ruleset(self) -> None:
        """verify(default_ruleset()) is the empty list."""
        assert [] == verify(default_ruleset())

    def test_public_verify_is_the_rules_verify(self) -> None:
        """ithrive.verify is ithrive.rules.verify and also finds nothing."""
        assert (verify, []) == (ithrive.verify, ithrive.verify(ithrive.default_ruleset()))

    def test_packaged_dict_loads_to_the_default(self) -> None:
        """Loading the packaged TOML as a dict gives a ruleset equal to default_ruleset()."""
        assert default_ruleset() == load_ruleset(packaged())

    def test_packaged_file_loads_from_its_path(self) -> None:
        """The packaged TOML file loads from a filesystem path."""
        with resources.as_file(
            resources.files("ithrive.rules").joinpath(DEFAULT_RULESET_FILE)
        ) as path:
            loaded = load_ruleset(path)
        assert default_ruleset() == loaded

    def test_default_has_a_rule_per_item_in_source_order(self) -> None:
        """default_ruleset() holds one rule for each of the 22 items, in framework order."""
        assert ithrive.FRAMEWORK.item_ids == tuple(r.item for r in default_ruleset())

    def test_a_variant_with_no_items_is_the_default_renamed(self) -> None:
        """extends = 'default' with no items keeps every default rule."""
        local = load_ruleset(variant({}))
        assert (default_ruleset().rules, "local") == (local.rules, local.name)

    def test_a_sound_variant_replaces_only_its_item(self) -> None:
        """A sound micro.7 variant loads; its micro.7 rule is the new one, the rest default."""
        local = load_ruleset(
            variant(
                {
                    "micro.7": table(
                        [(1, "[0, 50)"), (2, "[50, 70)"), (3, "[70, 90)"), (4, "[90, 100]")]
                    )
                }
            )
        )
        others = [r for r in local if r.item != "micro.7"]
        assert (
            [r for r in default_ruleset() if r.item != "micro.7"],
            "[50, 70) -> 2",
        ) == (others, str(local.rule("micro.7").measures[0].bands[1]))


# --------------------------------------------------------------------------- bands


class TestBandCover:
    """Bands must cover their measure's domain with no gap and no overlap."""

    def test_reports_a_gap_between_bands(self) -> None:
        """[0, 40) then [45, 60) leaves [40, 45) uncovered: a gap finding naming micro.7."""
        bands = [(1, "[0, 40)"), (2, "[45, 60)"), (3, "[60, 80)"), (4, "[80, 100]")]
        found = findings_of(variant({"micro.7": table(bands)}))
        assert [("gap", "micro.7", "measures[0].bands")] == [
            (f.code, f.item, f.where) for f in found
        ]

    def test_gap_message_names_the_uncovered_interval(self) -> None:
        """The gap finding says which values no band covers."""
        bands = [(1, "[0, 40)"), (2, "[45, 60)"), (3, "[60, 80)"), (4, "[80, 100]")]
        (found,) = findings_of(variant({"micro.7": table(bands)}))
        assert "[40, 45)" in found.message

    def test_reports_a_single_point_gap_between_two_open_ends(self) -> None:
        """[0, 40) then (40, 60) leaves the single value 40 uncovered."""
        bands = [(1, "[0, 40)"), (2, "(40, 60)"), (3, "[60, 80)"), (4, "[80, 100]")]
        (found,) = findings_of(variant({"micro.7": table(bands)}))
        assert ("gap", True) == (found.code, "[40, 40]" in found.message)

    @pytest.mark.parametrize(
        ("bands", "uncovered"),
        [
            ([(1, "(0, 40)"), (2, "[40, 60)"), (3, "[60, 80)"), (4, "[80, 100]")], "[0, 0]"),
            ([(1, "[5, 40)"), (2, "[40, 60)"), (3, "[60, 80)"), (4, "[80, 100]")], "[0, 5)"),
            ([(1, "[0, 40)"), (2, "[40, 60)"), (3, "[60, 80)"), (4, "[80, 100)")], "[100, 100]"),
            ([(1, "[0, 40)"), (2, "[40, 60)"), (3, "[60, 80)"), (4, "[80, 95]")], "(95, 100]"),
        ],
        ids=["open-at-0", "starts-at-5", "open-at-100", "ends-at-95"],
    )
    def test_reports_a_gap_at_either_end_of_the_domain(
        self, bands: list[tuple[int, str]], uncovered: str
    ) -> None:
        """Bands that stop short of the domain's ends leave a gap there."""
        (found,) = findings_of(variant({"micro.7": table(bands)}))
        assert ("gap", True) == (found.code, uncovered in found.message)

    def test_reports_an_overlap(self) -> None:
        """[40, 70) and [60, 80) overlap on [60, 70)."""
        bands = [(1, "[0, 40)"), (2, "[40, 70)"), (3, "[60, 80)"), (4, "[80, 100]")]
        (found,) = findings_of(variant({"micro.7": table(bands)}))
        assert ("overlap", "micro.7", True) == (found.code, found.item, "[60, 70)" in found.message)

    def test_reports_an_overlap_on_a_shared_closed_end(self) -> None:
        """[0, 40] and [40, 60) both hold 40."""
        bands = [(1, "[0, 40]"), (2, "[40, 60)"), (3, "[60, 80)"), (4, "[80, 100]")]
        (found,) = findings_of(variant({"micro.7": table(bands)}))
        assert ("overlap", True) == (found.code, "[40, 40]" in found.message)

    def test_reports_a_band_nested_in_another_as_an_overlap(self) -> None:
        """A band inside another overlaps it."""
        bands = [(1, "[0, 60)"), (2, "[40, 50)"), (3, "[60, 80)"), (4, "[80, 100]")]
        assert "overlap" in codes(findings_of(variant({"micro.7": table(bands)})))

    def test_a_nested_band_is_an_overlap_and_not_a_gap(self) -> None:
        """[0, 60) holding [40, 50) overlaps it; [50, 60) is still covered, so there is no gap."""
        bands = [(1, "[0, 60)"), (2, "[40, 50)"), (3, "[60, 80)"), (4, "[80, 100]")]
        found = findings_of(variant({"micro.7": table(bands)}))
        assert {"overlap"} == codes(found)

    def test_a_wide_first_band_covering_the_top_leaves_no_gap_at_the_top(self) -> None:
        """[0, 100] covers (80, 100], so bands ending at 80 after it leave no gap there."""
        bands = [(1, "[0, 100]"), (2, "[50, 60)"), (3, "[60, 70)"), (4, "[70, 80]")]
        found = findings_of(variant({"micro.7": table(bands)}))
        assert [] == [f.message for f in found if f.code == "gap"]

    def test_reports_bands_out_of_order(self) -> None:
        """Sound bands listed out of value order give unsorted_bands and nothing else."""
        bands = [STANDARD[1], STANDARD[0], STANDARD[2], STANDARD[3]]
        assert [("unsorted_bands", "micro.7", "measures[0].bands")] == only(
            findings_of(variant({"micro.7": table(bands)})), "unsorted_bands"
        )

    def test_reports_a_count_gap_between_whole_numbers(self) -> None:
        """For counts, [0, 1] then [3, 3] leaves 2 uncovered."""
        bands = [(1, "[0, 1]"), (2, "[3, 3]"), (3, "[4, 4]"), (4, "[5, 7]")]
        (found,) = findings_of(variant({"meso.2": table(bands, kind="count", domain="[0, 7]")}))
        assert ("gap", "meso.2", True) == (found.code, found.item, "2..2" in found.message)

    def test_count_bands_need_only_cover_whole_numbers(self) -> None:
        """[0, 1.5], (1.9, 2.1), [2.5, 3.5], (3.5, 7] hold 0-1, 2, 3 and 4-7: sound for counts."""
        bands = [(1, "[0, 1.5]"), (2, "(1.9, 2.1)"), (3, "[2.5, 3.5]"), (4, "(3.5, 7]")]
        local = load_ruleset(variant({"meso.2": table(bands, kind="count", domain="[0, 7]")}))
        assert "meso.2" in local

    def test_reports_a_count_overlap(self) -> None:
        """For counts, [0, 2] and [2, 2] overlap on 2."""
        bands = [(1, "[0, 2]"), (2, "[2, 2]"), (3, "[3, 3]"), (4, "[4, 7]")]
        (found,) = findings_of(variant({"meso.2": table(bands, kind="count", domain="[0, 7]")}))
        assert ("overlap", "meso.2") == (found.code, found.item)


class TestBandShape:
    """Each band is non-empty, ordered, inside the domain, and levels rise with the value."""

    def test_reports_unordered_bounds(self) -> None:
        """'[60, 40)' has its lower bound above its upper bound: unordered_bounds at that band."""
        bands = [(1, "[0, 40)"), (2, "[60, 40)"), (3, "[60, 80)"), (4, "[80, 100]")]
        found = findings_of(variant({"micro.7": table(bands)}))
        assert [("unordered_bounds", "micro.7", "measures[0].bands[1]")] == [
            (f.code, f.item, f.where) for f in found
        ]

    def test_reports_levels_that_do_not_rise_with_the_value(self) -> None:
        """Levels 1, 3, 2, 4 in value order: not_monotonic."""
        bands = [(1, "[0, 40)"), (3, "[40, 60)"), (2, "[60, 80)"), (4, "[80, 100]")]
        (found,) = findings_of(variant({"micro.7": table(bands)}))
        assert ("not_monotonic", "micro.7", "measures[0].bands") == (
            found.code,
            found.item,
            found.where,
        )

    def test_monotonic_check_uses_value_order_not_list_order(self) -> None:
        """Bands listed in reverse but rising in value are unsorted, not non-monotonic."""
        found = findings_of(variant({"micro.7": table(list(reversed(STANDARD)))}))
        assert {"unsorted_bands"} == codes(found)

    def test_reports_an_unreachable_level(self) -> None:
        """Levels 1, 2, 2, 4: level 3 cannot be reached."""
        bands = [(1, "[0, 40)"), (2, "[40, 60)"), (2, "[60, 80)"), (4, "[80, 100]")]
        (found,) = findings_of(variant({"micro.7": table(bands)}))
        assert ("unreachable_level", "micro.7", True) == (
            found.code,
            found.item,
            "level 3" in found.message,
        )

    def test_reports_a_band_outside_the_domain(self) -> None:
        """'[80, 110]' reaches past the domain [0, 100]."""
        bands = [(1, "[0, 40)"), (2, "[40, 60)"), (3, "[60, 80)"), (4, "[80, 110]")]
        found = findings_of(variant({"micro.7": table(bands)}))
        assert [("outside_domain", "micro.7", "measures[0].bands[3]")] == [
            (f.code, f.item, f.where) for f in found
        ]

    @pytest.mark.parametrize(
        ("kind", "domain"),
        [("proportion", "[0, 120]"), ("survey", "[-10, 100]"), ("collaborate", "[0, 10]")],
    )
    def test_reports_a_domain_outside_the_quantity_range(self, kind: str, domain: str) -> None:
        """A percent domain beyond [0, 100] or a mean domain beyond [0, 9] is outside_domain."""
        lo, hi = Interval.parse(domain).lower, Interval.parse(domain).upper
        cuts = [lo + (hi - lo) * k / 4 for k in range(5)]
        bands = [
            (k + 1, f"[{float(cuts[k])!r}, {float(cuts[k + 1])!r}{']' if k == 3 else ')'}")
            for k in range(4)
        ]
        found = findings_of(variant({"micro.7": table(bands, kind=kind, domain=domain)}))
        assert [("outside_domain", "micro.7", "measures[0].domain")] == only(
            found, "outside_domain"
        )[:1]

    def test_reports_an_empty_band(self) -> None:
        """'(40, 40)' holds no value: empty_interval at that band."""
        bands = [(1, "[0, 40)"), (2, "(40, 40)"), (3, "[40, 80)"), (4, "[80, 100]")]
        found = findings_of(variant({"micro.7": table(bands)}))
        assert [("empty_interval", "micro.7", "measures[0].bands[1]")] == [
            (f.code, f.item, f.where) for f in found
        ]

    def test_reports_a_count_band_with_no_whole_number(self) -> None:
        """For counts, '(1, 2)' holds no whole number: empty_interval."""
        bands = [(1, "[0, 1]"), (2, "(1, 2)"), (3, "[2, 3]"), (4, "[4, 7]")]
        found = findings_of(variant({"meso.2": table(bands, kind="count", domain="[0, 7]")}))
        assert [("empty_interval", "meso.2", "measures[0].bands[1]")] == [
            (f.code, f.item, f.where) for f in found
        ]

    def test_the_same_open_band_is_fine_for_a_percent(self) -> None:
        """'(1, 2)' is not empty for a real-valued percent (it is only a gap/overlap question)."""
        bands = [(1, "[0, 1]"), (2, "(1, 2)"), (3, "[2, 80)"), (4, "[80, 100]")]
        assert "micro.7" in load_ruleset(variant({"micro.7": table(bands)}))

    def test_reports_an_empty_domain(self) -> None:
        """A domain '(50, 50)' is empty."""
        found = findings_of(variant({"micro.7": table(STANDARD, domain="(50, 50)")}))
        assert [("empty_interval", "micro.7", "measures[0].domain")] == only(
            found, "empty_interval"
        )

    def test_reports_a_measure_with_no_bands(self) -> None:
        """A measure with bands = [] gives no_bands."""
        found = findings_of(variant({"micro.7": table([])}))
        assert [("no_bands", "micro.7", "measures[0].bands")] == only(found, "no_bands")

    def test_reports_an_unknown_measure_kind(self) -> None:
        """kind = 'survy' is not a measured kind: unknown_kind."""
        found = findings_of(variant({"micro.7": table(STANDARD, kind="survy")}))
        assert [("unknown_kind", "micro.7", "measures[0]")] == only(found, "unknown_kind")

    def test_reports_a_measure_name_used_twice(self) -> None:
        """Two measures of one item with the same name: duplicate_id."""
        rule = packaged()["items"]["macro.5"]
        rule["measures"][1]["name"] = "integrate"
        found = findings_of(variant({"macro.5": rule}))
        assert [("duplicate_id", "macro.5", "measures[1]")] == only(found, "duplicate_id")


# --------------------------------------------------------------------------- items


class TestItemCoverage:
    """Every framework item has a rule, and no rule names an unknown item."""

    def test_reports_a_missing_item_rule(self) -> None:
        """The packaged dict without micro.7 gives missing_rule for micro.7."""
        data = packaged()
        del data["items"]["micro.7"]
        assert [("missing_rule", "micro.7", "")] == [
            (f.code, f.item, f.where) for f in findings_of(data)
        ]

    def test_reports_every_missing_rule(self) -> None:
        """A ruleset with no items reports missing_rule for all 22 items, in order."""
        found = findings_of({"ruleset": {"name": "x", "version": "1"}, "items": {}})
        assert [("missing_rule", i) for i in ithrive.FRAMEWORK.item_ids] == [
            (f.code, f.item) for f in found
        ]

    def test_reports_an_unknown_item_with_a_suggestion(self) -> None:
        """A rule for 'micro.8' is unknown_item and suggests 'micro.7'."""
        data = packaged()
        data["items"]["micro.8"] = copy.deepcopy(data["items"]["micro.7"])
        (found,) = findings_of(data)
        assert ("unknown_item", "micro.8", True) == (
            found.code,
            found.item,
            "did you mean 'micro.7'" in found.message,
        )

    def test_verify_reports_an_unknown_item_in_a_typed_ruleset(self) -> None:
        """verify() on a Ruleset holding a rule for 'micro.8' reports unknown_item."""
        base = default_ruleset()
        stray = attrs.evolve(base.rule("micro.7"), item="micro.8")
        ruleset = Ruleset(name="typed", version="1", rules=(*base.rules, stray))
        assert [("unknown_item", "micro.8", "")] == only(verify(ruleset), "unknown_item")

    def test_verify_reports_a_missing_rule_in_a_typed_ruleset(self) -> None:
        """verify() on a Ruleset without micro.2 reports missing_rule for micro.2."""
        rules = tuple(r for r in default_ruleset() if r.item != "micro.2")
        assert [("missing_rule", "micro.2", "")] == [
            (f.code, f.item, f.where) for f in verify(Ruleset(name="t", version="1", rules=rules))
        ]


# --------------------------------------------------------------------------- structure


class TestStructure:
    """Unknown keys, wrong types and malformed intervals are findings, with hints."""

    @pytest.mark.parametrize(
        ("path", "key", "where", "hint"),
        [
            ((), "citaton", "", "citation"),
            (("measures", 0), "domian", "measures[0]", "domain"),
            (("measures", 0, "bands", 0), "levle", "measures[0].bands[0]", "level"),
        ],
        ids=["item", "measure", "band"],
    )
    def test_reports_an_unknown_key_with_did_you_mean(
        self, path: tuple[Any, ...], key: str, where: str, hint: str
    ) -> None:
        """A misspelt key is unknown_key, located, and suggests the right key."""
        data = packaged()
        node: Any = data["items"]["micro.7"]
        for step in path:
            node = node[step]
        node[key] = node.get(hint, "x")
        found = findings_of(data)
        matching = [f for f in found if f.code == "unknown_key"]
        assert [("micro.7", where, True)] == [
            (f.item, f.where, f"did you mean {hint!r}" in f.message) for f in matching
        ]

    def test_reports_an_unknown_key_in_a_gate(self) -> None:
        """A misspelt gate key ('efect') is unknown_key suggesting 'effect'."""
        rule = packaged()["items"]["micro.1b"]
        rule["measures"][0]["gates"][1]["efect"] = "warn"
        found = findings_of(variant({"micro.1b": rule}))
        assert [("micro.1b", "measures[0].gates[1]", True)] == [
            (f.item, f.where, "did you mean 'effect'" in f.message)
            for f in found
            if f.code == "unknown_key"
        ]

    def test_reports_an_unknown_top_level_key_with_did_you_mean(self) -> None:
        """'rulset' at the top level is unknown_key suggesting 'ruleset'."""
        data = packaged()
        data["rulset"] = {}
        (found,) = findings_of(data)
        assert ("unknown_key", None, "rulset", True) == (
            found.code,
            found.item,
            found.where,
            "did you mean 'ruleset'" in found.message,
        )

    def test_reports_an_unknown_header_key_with_did_you_mean(self) -> None:
        """'verison' in [ruleset] is unknown_key suggesting 'version'."""
        data = packaged()
        data["ruleset"]["verison"] = "2"
        (found,) = findings_of(data)
        assert ("unknown_key", "ruleset.verison", True) == (
            found.code,
            found.where,
            "did you mean 'version'" in found.message,
        )

    @pytest.mark.parametrize(
        ("change", "where"),
        [
            (
                lambda r: r["measures"][0]["bands"][0].update(level="1"),
                "measures[0].bands[0].level",
            ),
            (lambda r: r["measures"][0]["bands"][0].update(level=5), "measures[0].bands[0].level"),
            (
                lambda r: r["measures"][0]["bands"][0].update(level=True),
                "measures[0].bands[0].level",
            ),
            (lambda r: r.update(citation=3), "citation"),
            (lambda r: r["measures"][0].update(domain=100), "measures[0].domain"),
            (lambda r: r.update(decisions="D5"), "decisions"),
        ],
        ids=[
            "level-text",
            "level-5",
            "level-bool",
            "citation-int",
            "domain-number",
            "decisions-text",
        ],
    )
    def test_reports_a_wrong_type_as_invalid_value(self, change: Any, where: str) -> None:
        """A value of the wrong type is invalid_value at its path in the item."""
        rule = packaged()["items"]["micro.7"]
        change(rule)
        found = findings_of(variant({"micro.7": rule}))
        assert [("invalid_value", "micro.7", where)] == only(found, "invalid_value")

    @pytest.mark.parametrize("text", ["[0; 40)", "0-39", "[0, 40", "[zero, 40)"])
    def test_reports_bad_interval_syntax(self, text: str) -> None:
        """A band interval that does not parse is invalid_value quoting the text."""
        rule = packaged()["items"]["micro.7"]
        rule["measures"][0]["bands"][0]["interval"] = text
        found = findings_of(variant({"micro.7": rule}))
        assert [("micro.7", "measures[0].bands[0].interval", True)] == [
            (f.item, f.where, repr(text) in f.message) for f in found if f.code == "invalid_value"
        ]

    def test_reports_a_missing_required_key(self) -> None:
        """An item rule without 'citation' is missing_field at 'citation'."""
        rule = packaged()["items"]["micro.7"]
        del rule["citation"]
        found = findings_of(variant({"micro.7": rule}))
        assert [("missing_field", "micro.7", "citation")] == only(found, "missing_field")

    def test_reports_a_header_value_of_the_wrong_type(self) -> None:
        """version = 1 (a number) is invalid_value at ruleset.version."""
        data = packaged()
        data["ruleset"]["version"] = 1
        assert ("invalid_value", "ruleset.version") in [
            (f.code, f.where) for f in findings_of(data)
        ]

    @pytest.mark.parametrize("key", ["name", "version"])
    def test_reports_a_missing_name_or_version(self, key: str) -> None:
        """A ruleset header without name or version is missing_field."""
        data = packaged()
        del data["ruleset"][key]
        assert [("missing_field", None, f"ruleset.{key}")] == only(
            findings_of(data), "missing_field"
        )

    def test_reports_extending_anything_but_default(self) -> None:
        """extends = 'nhs' is invalid_value: only 'default' can be extended."""
        data = packaged()
        data["ruleset"]["extends"] = "nhs"
        assert [("invalid_value", None, "ruleset.extends")] == only(
            findings_of(data), "invalid_value"
        )

    def test_reports_items_that_are_not_a_table(self) -> None:
        """items = [] is invalid_value at 'items'."""
        found = findings_of(
            {"ruleset": {"name": "x", "version": "1", "extends": "default"}, "items": []}
        )
        assert [("invalid_value", None, "items")] == only(found, "invalid_value")

    def test_reports_an_item_rule_that_is_not_a_table(self) -> None:
        """items.'micro.7' = 'x' is invalid_value for micro.7."""
        found = findings_of(variant({"micro.7": "x"}))
        assert [("invalid_value", "micro.7", "")] == only(found, "invalid_value")


# --------------------------------------------------------------------------- gates


class TestGates:
    """Gates test a field the evidence kind has, inside its range, with the right shape."""

    def test_reports_a_gate_on_a_field_the_kind_lacks(self) -> None:
        """A proportion measure gated on 'completion' (a survey field) is unknown_field."""
        rule = packaged()["items"]["micro.2"]
        rule["measures"][0]["gates"] = [
            {"id": "g", "field": "completion", "when": "[0, 50)", "effect": "warn", "reason": "r"}
        ]
        found = findings_of(variant({"micro.2": rule}))
        assert [("unknown_field", "micro.2", "measures[0].gates[0].field")] == [
            (f.code, f.item, f.where) for f in found
        ]

    def test_reports_any_gate_on_a_count(self) -> None:
        """Counts have no gate fields, so any gate on meso.2 is unknown_field."""
        rule = packaged()["items"]["meso.2"]
        rule["measures"][0]["gates"] = [
            {"id": "g", "field": "count", "when": "[0, 1]", "effect": "warn", "reason": "r"}
        ]
        found = findings_of(variant({"meso.2": rule}))
        assert ["unknown_field"] == [f.code for f in found]

    def test_reports_a_cap_gate_without_a_level(self) -> None:
        """micro.1b's cap gate with its level removed is missing_field at the gate's level."""
        data = packaged()
        del data["items"]["micro.1b"]["measures"][0]["gates"][0]["level"]
        found = findings_of(data)
        assert [("missing_field", "micro.1b", "measures[0].gates[0].level")] == [
            (f.code, f.item, f.where) for f in found
        ]

    def test_reports_a_level_on_a_warn_gate(self) -> None:
        """A warn gate with a level is unexpected_field."""
        data = packaged()
        data["items"]["micro.1b"]["measures"][0]["gates"][1]["level"] = 2
        assert [("unexpected_field", "micro.1b", "measures[0].gates[1].level")] == only(
            findings_of(data), "unexpected_field"
        )

    @pytest.mark.parametrize(
        ("when", "code"),
        [
            ("[0, 150)", "outside_domain"),
            ("[50, 0)", "unordered_bounds"),
            ("(50, 50)", "empty_interval"),
        ],
    )
    def test_reports_a_bad_gate_condition(self, when: str, code: str) -> None:
        """A gate condition outside its field's range, reversed or empty is reported at .when."""
        data = packaged()
        data["items"]["micro.1b"]["measures"][0]["gates"][0]["when"] = when
        assert [(code, "micro.1b", "measures[0].gates[0].when")] == [
            (f.code, f.item, f.where) for f in findings_of(data)
        ]

    def test_reports_a_gate_id_used_twice(self) -> None:
        """Two gates of one measure with the same id: duplicate_id."""
        data = packaged()
        data["items"]["micro.1b"]["measures"][0]["gates"][1]["id"] = "few_offered"
        assert [("duplicate_id", "micro.1b", "measures[0].gates[1]")] == only(
            findings_of(data), "duplicate_id"
        )

    def test_reports_an_unknown_gate_effect(self) -> None:
        """effect = 'block' is invalid_value at the gate's effect."""
        data = packaged()
        data["items"]["micro.1b"]["measures"][0]["gates"][1]["effect"] = "block"
        assert [("invalid_value", "micro.1b", "measures[0].gates[1].effect")] == only(
            findings_of(variant({"micro.1b": data["items"]["micro.1b"]})), "invalid_value"
        )

    def test_a_cap_gate_can_make_a_level_reachable(self) -> None:
        """Bands giving 2-4 plus a cap gate at level 1 reach every level: sound."""
        rule = packaged()["items"]["micro.1b"]
        rule["measures"][0]["bands"] = [
            {"level": 2, "interval": "[0, 7]"},
            {"level": 3, "interval": "(7, 8]"},
            {"level": 4, "interval": "(8, 9]"},
        ]
        assert "micro.1b" in load_ruleset(variant({"micro.1b": rule}))


# --------------------------------------------------------------------------- criteria


def criteria_rule(*criteria: dict[str, Any]) -> dict[str, Any]:
    """An item rule with only indicator criteria."""
    return {"citation": "local", "indicators": {"criteria": list(criteria)}}


SOUND_ORDINAL = {
    "id": "scope",
    "text": "t",
    "values": ["none", "some", "most", "all"],
    "requires": {"2": "some", "3": "most", "4": "all"},
}


class TestCriteria:
    """Indicator criteria are well formed and reach every level."""

    def test_a_single_sound_ordinal_criterion_is_accepted(self) -> None:
        """One ordinal criterion requiring a higher label for each level is sound."""
        assert "macro.1" in load_ruleset(variant({"macro.1": criteria_rule(SOUND_ORDINAL)}))

    def test_reports_duplicate_criterion_ids(self) -> None:
        """Two criteria of macro.1 with id 'policy_exists': duplicate_id at the second."""
        data = packaged()
        data["items"]["macro.1"]["indicators"]["criteria"][1]["id"] = "policy_exists"
        assert [("duplicate_id", "macro.1", "indicators.criteria[1]")] == [
            (f.code, f.item, f.where) for f in findings_of(data)
        ]

    def test_reports_requires_with_an_unknown_label(self) -> None:
        """requires naming a label not in values is unknown_label, quoting the label."""
        data = packaged()
        data["items"]["macro.1"]["indicators"]["criteria"][1]["requires"]["4"] = "everyone"
        (found,) = findings_of(data)
        assert ("unknown_label", "indicators.criteria[1].requires", True) == (
            found.code,
            found.where,
            "'everyone'" in found.message,
        )

    def test_reports_requires_that_decrease_with_the_level(self) -> None:
        """Level 3 needing 'all_agencies' but level 4 only 'some_agencies' is unordered_bounds."""
        data = packaged()
        data["items"]["macro.1"]["indicators"]["criteria"][1]["requires"] = {
            "3": "all_agencies",
            "4": "some_agencies",
        }
        assert [("unordered_bounds", "macro.1", "indicators.criteria[1].requires")] == [
            (f.code, f.item, f.where) for f in findings_of(data)
        ]

    def test_reports_a_boolean_criterion_at_level_one(self) -> None:
        """A boolean criterion at level 1 is unreachable_level: level 1 is the floor."""
        data = packaged()
        data["items"]["macro.1"]["indicators"]["criteria"][0]["level"] = 1
        assert [("unreachable_level", "macro.1", "indicators.criteria[0].level")] == [
            (f.code, f.item, f.where) for f in findings_of(data)
        ]

    def test_reports_an_ordinal_requirement_at_level_one(self) -> None:
        """requires = {'1': ...} is unreachable_level."""
        crit = {**SOUND_ORDINAL, "requires": {"1": "some", "3": "most", "4": "all"}}
        found = findings_of(variant({"macro.1": criteria_rule(crit)}))
        assert ("unreachable_level", "indicators.criteria[0].requires") in [
            (f.code, f.where) for f in found
        ]

    def test_reports_requiring_the_lowest_label(self) -> None:
        """requires naming the lowest label is met by every value: unreachable_level."""
        crit = {**SOUND_ORDINAL, "requires": {"2": "none", "3": "most", "4": "all"}}
        found = findings_of(variant({"macro.1": criteria_rule(crit)}))
        assert [("unreachable_level", "macro.1", "indicators.criteria[0].requires")] == only(
            found, "unreachable_level"
        )

    def test_reports_a_criterion_with_both_level_and_values(self) -> None:
        """A criterion with a level and values is conflicting_fields."""
        crit = {**SOUND_ORDINAL, "level": 3}
        found = findings_of(variant({"macro.1": criteria_rule(crit)}))
        assert [("conflicting_fields", "macro.1", "indicators.criteria[0]")] == only(
            found, "conflicting_fields"
        )

    def test_reports_a_criterion_with_neither_level_nor_values(self) -> None:
        """A criterion with only id and text is missing_field."""
        found = findings_of(
            variant({"macro.1": criteria_rule({"id": "x", "text": "t"}, SOUND_ORDINAL)})
        )
        assert [("missing_field", "macro.1", "indicators.criteria[0]")] == only(
            found, "missing_field"
        )

    def test_reports_an_ordinal_criterion_with_one_label(self) -> None:
        """values = ['only'] is too_few_values."""
        crit = {"id": "x", "text": "t", "values": ["only"], "requires": {"2": "only"}}
        found = findings_of(variant({"macro.1": criteria_rule(crit, SOUND_ORDINAL)}))
        assert [("too_few_values", "macro.1", "indicators.criteria[0].values")] == only(
            found, "too_few_values"
        )

    def test_reports_a_repeated_label(self) -> None:
        """values with a label twice is duplicate_id at .values."""
        crit = {**SOUND_ORDINAL, "values": ["none", "some", "some", "all"]}
        found = findings_of(variant({"macro.1": criteria_rule(crit)}))
        assert [("duplicate_id", "macro.1", "indicators.criteria[0].values")] == only(
            found, "duplicate_id"
        )

    def test_reports_an_ordinal_criterion_without_requires(self) -> None:
        """An ordinal criterion with no requires is missing_field at .requires."""
        crit = {k: v for k, v in SOUND_ORDINAL.items() if k != "requires"}
        found = findings_of(variant({"macro.1": criteria_rule(crit)}))
        assert [("missing_field", "macro.1", "indicators.criteria[0].requires")] == only(
            found, "missing_field"
        )

    def test_reports_requires_on_a_boolean_criterion(self) -> None:
        """A boolean criterion with requires is unexpected_field."""
        crit = {"id": "x", "text": "t", "level": 2, "requires": {"3": "a"}}
        found = findings_of(variant({"macro.1": criteria_rule(crit, SOUND_ORDINAL)}))
        assert [("unexpected_field", "macro.1", "indicators.criteria[0].requires")] == only(
            found, "unexpected_field"
        )

    def test_reports_no_criteria(self) -> None:
        """An indicator rule with an empty criteria list is no_criteria."""
        found = findings_of(variant({"macro.1": criteria_rule()}))
        assert [("no_criteria", "macro.1", "indicators")] == only(found, "no_criteria")

    def test_reports_criteria_that_cannot_reach_a_level(self) -> None:
        """A single boolean criterion at level 4 reaches only 3 and 4: unreachable_level 1, 2."""
        found = findings_of(
            variant({"macro.1": criteria_rule({"id": "x", "text": "t", "level": 4})})
        )
        assert [("unreachable_level", "macro.1", "indicators", True)] == [
            (f.code, f.item, f.where, "level 1, 2" in f.message) for f in found
        ]

    def test_reports_a_requires_key_that_is_not_a_level(self) -> None:
        """requires = {'5': ...} is invalid_value at .requires."""
        crit = {**SOUND_ORDINAL, "requires": {"5": "all"}}
        found = findings_of(variant({"macro.1": criteria_rule(crit)}))
        assert [("invalid_value", "macro.1", "indicators.criteria[0].requires")] == only(
            found, "invalid_value"
        )


# --------------------------------------------------------------------------- all at once


class TestEveryFindingAtOnce:
    """One RulesetError lists every finding, across items and kinds of problem."""

    def test_lists_every_problem_in_one_error(self) -> None:
        """Overlap, empty count band, duplicate criterion, unknown item and more: all at once."""
        data = packaged()
        data["items"]["micro.7"]["measures"][0]["bands"][1]["interval"] = "[40, 70)"
        data["items"]["meso.2"]["measures"][0]["bands"][1]["interval"] = "(1, 2)"
        data["items"]["macro.1"]["indicators"]["criteria"][1]["id"] = "policy_exists"
        data["items"]["micro.9"] = copy.deepcopy(data["items"]["micro.7"])
        del data["items"]["micro.1b"]["measures"][0]["gates"][0]["level"]
        found = findings_of(data)
        expected = {
            ("overlap", "micro.7"),
            ("empty_interval", "meso.2"),
            ("duplicate_id", "macro.1"),
            ("unknown_item", "micro.9"),
            ("missing_field", "micro.1b"),
        }
        assert expected == {(f.code, f.item) for f in found}

    def test_lists_several_problems_within_one_measure(self) -> None:
        """An unordered band and an out-of-domain band in one table give two findings."""
        bands = [(1, "[0, 40)"), (2, "[60, 40)"), (3, "[60, 80)"), (4, "[80, 120]")]
        found = findings_of(variant({"micro.7": table(bands)}))
        assert [
            ("unordered_bounds", "measures[0].bands[1]"),
            ("outside_domain", "measures[0].bands[3]"),
        ] == [(f.code, f.where) for f in found]

    def test_header_and_item_problems_are_reported_together(self) -> None:
        """A bad header key and a gap in an item come back in the same error."""
        data = variant(
            {
                "micro.7": table(
                    [(1, "[0, 40)"), (2, "[45, 60)"), (3, "[60, 80)"), (4, "[80, 100]")]
                )
            },
            verison="2",
        )
        assert {"unknown_key", "gap"} == codes(findings_of(data))

    def test_structural_and_verification_problems_are_reported_together(self) -> None:
        """A misspelt key in one item and an overlap in another come back in one error."""
        data = packaged()
        data["items"]["micro.2"]["citaton"] = "x"
        data["items"]["micro.7"]["measures"][0]["bands"][1]["interval"] = "[40, 70)"
        found = findings_of(data)
        assert {("unknown_key", "micro.2"), ("overlap", "micro.7")} <= {
            (f.code, f.item) for f in found
        }


class TestRulesetError:
    """RulesetError carries its findings and serialises to JSON."""

    def _error(self) -> RulesetError:
        data = packaged()
        data["items"]["micro.7"]["measures"][0]["bands"][1]["interval"] = "[40, 70)"
        del data["items"]["micro.2"]
        with pytest.raises(RulesetError) as info:
            load_ruleset(data)
        return info.value

    def test_findings_are_finding_objects(self) -> None:
        """err.findings is a tuple of Finding(code, item, where, message)."""
        err = self._error()
        assert (tuple, {Finding}) == (type(err.findings), {type(f) for f in err.findings})

    def test_is_a_value_error_with_the_ruleset_name(self) -> None:
        """RulesetError is an IthriveError and a ValueError; its value is the ruleset's name."""
        err = self._error()
        assert (True, True, "invalid_ruleset", "thrive-assessment") == (
            isinstance(err, ValueError),
            isinstance(err, ithrive.IthriveError),
            err.code,
            err.value,
        )

    def test_message_lists_every_finding(self) -> None:
        """str(err) has one line per finding, each in Finding's str form."""
        err = self._error()
        assert all(f"  - {f}" in str(err) for f in err.findings)

    def test_first_finding_sets_item_and_field(self) -> None:
        """err.item and err.field are the first finding's item and where."""
        err = self._error()
        assert (err.findings[0].item, err.findings[0].where) == (err.item, err.field)

    def test_to_dict_is_json_serialisable(self) -> None:
        """err.to_dict() survives json.dumps and lists each finding's fields."""
        err = self._error()
        out = json.loads(json.dumps(err.to_dict()))
        expected = [
            {"code": f.code, "item": f.item, "where": f.where, "message": f.message}
            for f in err.findings
        ]
        assert expected == out["findings"]

    def test_finding_str_reads_item_place_message_and_code(self) -> None:
        """str(Finding) is 'item where: message [code]'."""
        f = Finding("gap", "micro.7", "measures[0].bands", "no band covers [40, 45)")
        assert "micro.7 measures[0].bands: no band covers [40, 45) [gap]" == str(f)

    def test_finding_is_frozen(self) -> None:
        """Findings are immutable values."""
        f = Finding("gap", "micro.7", "", "m")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            f.code = "overlap"  # type: ignore[misc]


class TestScoringNeedsASoundRuleset:
    """Only a verified ruleset scores; an unsound one is refused with a RulesetError."""

    def test_score_refuses_a_typed_ruleset_with_a_gap(self) -> None:
        """A Ruleset built directly with a gap in micro.7 is refused with RulesetError."""
        m = default_ruleset().rule("micro.7").measures[0]
        bands = tuple(
            attrs.evolve(b, interval=Interval.parse("[45, 60)")) if i == 1 else b
            for i, b in enumerate(m.bands)
        )
        unsound = with_measure("micro.7", attrs.evolve(m, bands=bands))
        with pytest.raises(RulesetError):
            ithrive.score({"micro.7": {"kind": "proportion", "percent": 42}}, unsound)


# --------------------------------------------------------------------------- files


class TestFiles:
    """Rulesets load from TOML files; file problems are findings too."""

    def test_rejects_the_literal_micro7_table_with_an_overlap(self) -> None:
        """The micro.7 table as printed (40-69 -> 2, 60-79 -> 3) overlaps on [60, 70)."""
        found = findings_of(FIXTURES / "micro7_literal.toml")
        assert [("overlap", "micro.7", "measures[0].bands", True)] == [
            (f.code, f.item, f.where, "[60, 70)" in f.message) for f in found
        ]

    def test_literal_fixture_differs_from_the_packaged_table_only_in_level_two(self) -> None:
        """The fixture keeps the source's bands; the packaged table resolves level 2 to [40, 60)."""
        fixture = tomllib.loads((FIXTURES / "micro7_literal.toml").read_text("utf-8"))
        literal = [b["interval"] for b in fixture["items"]["micro.7"]["measures"][0]["bands"]]
        packaged_bands = [
            str(b.interval) for b in default_ruleset().rule("micro.7").measures[0].bands
        ]
        assert (
            ["[0, 40)", "[40, 70)", "[60, 80)", "[80, 100]"],
            ["[0, 40)", "[40, 60)", "[60, 80)", "[80, 100]"],
        ) == (
            literal,
            packaged_bands,
        )

    def test_a_bytes_path_is_named_as_text_in_the_finding(self, tmp_path: Path) -> None:
        """``load_ruleset(b"...")`` of a missing file is an ``unreadable`` finding, no TypeError."""
        path = tmp_path / "missing.toml"
        with pytest.raises(RulesetError) as info:
            load_ruleset(bytes(path))
        assert [("unreadable", None, str(path))] == [
            (f.code, f.item, f.where) for f in info.value.findings
        ]
        assert str(path) in str(info.value)

    def test_a_bytes_path_to_a_sound_file_loads(self, tmp_path: Path) -> None:
        """A bytes path is as good as a text one."""
        path = tmp_path / "local.toml"
        path.write_text(
            '[ruleset]\nname = "local"\nversion = "1"\nextends = "default"\n', encoding="utf-8"
        )
        assert default_ruleset().rules == load_ruleset(bytes(path)).rules

    def test_reports_toml_syntax_errors(self, tmp_path: Path) -> None:
        """A file that is not valid TOML gives one toml_syntax finding at the path."""
        path = tmp_path / "bad.toml"
        path.write_text('[ruleset]\nname = "x\nversion = 1\n', encoding="utf-8")
        found = findings_of(path)
        assert [("toml_syntax", None, str(path))] == [(f.code, f.item, f.where) for f in found]

    def test_reports_a_file_that_is_not_utf8_as_unreadable(self, tmp_path: Path) -> None:
        """A TOML file of bytes that are not UTF-8 is ``unreadable``, not a TOML syntax error."""
        path = tmp_path / "latin1.toml"
        path.write_bytes('[ruleset]\nname = "Région"\nversion = "1"\n'.encode("latin-1"))
        found = findings_of(path)
        assert [("unreadable", None, str(path))] == [(f.code, f.item, f.where) for f in found]
        assert "not UTF-8 text" in found[0].message

    def test_reports_an_unreadable_path(self, tmp_path: Path) -> None:
        """A path that does not exist gives one unreadable finding."""
        path = tmp_path / "missing.toml"
        found = findings_of(path)
        assert [("unreadable", None, str(path))] == [(f.code, f.item, f.where) for f in found]

    def test_reports_a_directory_as_unreadable(self, tmp_path: Path) -> None:
        """A directory is not a ruleset file: unreadable."""
        assert ["unreadable"] == [f.code for f in findings_of(tmp_path)]

    def test_accepts_a_string_path(self, tmp_path: Path) -> None:
        """load_ruleset takes a str path as well as a Path."""
        path = tmp_path / "ok.toml"
        path.write_text(
            '[ruleset]\nname = "ok"\nversion = "1"\nextends = "default"\n', encoding="utf-8"
        )
        assert "ok" == load_ruleset(str(path)).name

    def test_a_local_variant_from_a_file_scores_differently(self, tmp_path: Path) -> None:
        """A file variant raising micro.2's bands scores 60% at 2 where the default gives 3."""
        path = tmp_path / "local.toml"
        path.write_text(
            """
[ruleset]
name = "stricter-notes"
version = "2024.1"
extends = "default"

[items."micro.2"]
citation = "Local audit standard"

[[items."micro.2".measures]]
name = "notes_audit"
kind = "proportion"
domain = "[0, 100]"
bands = [
  { level = 1, interval = "[0, 50)" },
  { level = 2, interval = "[50, 70)" },
  { level = 3, interval = "[70, 90)" },
  { level = 4, interval = "[90, 100]" },
]
""",
            encoding="utf-8",
        )
        local = load_ruleset(path)
        evidence = {"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}}
        default_card, local_card = ithrive.score(evidence), ithrive.score(evidence, local)
        assert (
            (ithrive.Level.THREE, "thrive-assessment"),
            (ithrive.Level.TWO, "stricter-notes", "2024.1"),
        ) == (
            (default_card["micro.2"].level, default_card.ruleset),
            (local_card["micro.2"].level, local_card.ruleset, local_card.ruleset_version),
        )

    def test_a_variant_leaves_other_items_scored_as_by_default(self, tmp_path: Path) -> None:
        """Items the variant does not list score exactly as under the default."""
        local = load_ruleset(
            variant(
                {
                    "micro.2": table(
                        [(1, "[0, 50)"), (2, "[50, 70)"), (3, "[70, 90)"), (4, "[90, 100]")]
                    )
                }
            )
        )
        evidence = {"micro.7": {"kind": "proportion", "numerator": 14, "denominator": 20}}
        assert ithrive.score(evidence)["micro.7"] == ithrive.score(evidence, local)["micro.7"]


# --------------------------------------------------------------------------- generated tables

_HUNDREDTHS = st.lists(
    st.integers(min_value=1, max_value=9_999), min_size=3, max_size=3, unique=True
).map(sorted)


def _num(value: Fraction) -> str:
    """A Fraction with a terminating decimal expansion, written plainly."""
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@attrs.frozen
class _Band:
    level: int
    lower: Fraction
    upper: Fraction
    lower_closed: bool
    upper_closed: bool

    def text(self) -> str:
        left = "[" if self.lower_closed else "("
        right = "]" if self.upper_closed else ")"
        return f"{left}{_num(self.lower)}, {_num(self.upper)}{right}"


@st.composite
def percent_partitions(draw: st.DrawFn) -> list[_Band]:
    """Four contiguous bands partitioning [0, 100], levels 1-4 rising with the value.

    Either every band is closed at its lower end ([a, b) ... [c, 100]) or
    every band is closed at its upper end ([0, a] ... (c, 100]).
    """
    cuts = [Fraction(0), *(Fraction(k, 100) for k in draw(_HUNDREDTHS)), Fraction(100)]
    lower_closed = draw(st.booleans())
    return [
        _Band(
            i + 1,
            cuts[i],
            cuts[i + 1],
            lower_closed or i == 0,
            (not lower_closed) or i == 3,
        )
        for i in range(4)
    ]


PERTURBATIONS = [
    "drop",
    "shift_gap",
    "point_gap",
    "shift_overlap",
    "point_overlap",
    "swap_levels",
    "reverse_bounds",
    "shuffle",
    "past_domain",
]


@st.composite
def perturbed_percent_tables(draw: st.DrawFn) -> tuple[list[_Band], set[str], str]:
    """A sound partition with one thing broken, and the finding codes that must result."""
    bands = draw(percent_partitions())
    how = draw(st.sampled_from(PERTURBATIONS))
    i = draw(st.integers(min_value=0, max_value=3))
    j = draw(st.integers(min_value=0, max_value=2))  # a junction: between band j and j + 1
    ev = attrs.evolve
    if how == "drop":
        return [b for k, b in enumerate(bands) if k != i], {"gap", "unreachable_level"}, how
    if how == "shift_gap":
        a, b = bands[j], bands[j + 1]
        if draw(st.booleans()):
            bands[j] = ev(a, upper=(a.lower + a.upper) / 2)
        else:
            bands[j + 1] = ev(b, lower=(b.lower + b.upper) / 2)
        return bands, {"gap"}, how
    if how == "point_gap":
        a, b = bands[j], bands[j + 1]
        if a.upper_closed:
            bands[j] = ev(a, upper_closed=False)
        else:
            bands[j + 1] = ev(b, lower_closed=False)
        return bands, {"gap"}, how
    if how == "shift_overlap":
        a, b = bands[j], bands[j + 1]
        if draw(st.booleans()):
            bands[j] = ev(a, upper=(b.lower + b.upper) / 2)
        else:
            bands[j + 1] = ev(b, lower=(a.lower + a.upper) / 2)
        return bands, {"overlap"}, how
    if how == "point_overlap":
        a, b = bands[j], bands[j + 1]
        if a.upper_closed:
            bands[j + 1] = ev(b, lower_closed=True)
        else:
            bands[j] = ev(a, upper_closed=True)
        return bands, {"overlap"}, how
    if how == "swap_levels":
        k = draw(st.integers(min_value=0, max_value=3).filter(lambda k: k != i))
        bands[i], bands[k] = ev(bands[i], level=bands[k].level), ev(bands[k], level=bands[i].level)
        return bands, {"not_monotonic"}, how
    if how == "reverse_bounds":
        b = bands[i]
        bands[i] = ev(b, lower=b.upper, upper=b.lower)
        return bands, {"unordered_bounds"}, how
    if how == "shuffle":
        order = draw(st.permutations(range(4)).filter(lambda p: list(p) != [0, 1, 2, 3]))
        return [bands[k] for k in order], {"unsorted_bands"}, how
    # past_domain: stretch the last band beyond 100
    bands[3] = ev(bands[3], upper=Fraction(100) + Fraction(draw(st.integers(1, 500)), 10))
    return bands, {"outside_domain"}, how


def _percent_variant(bands: list[_Band]) -> dict[str, Any]:
    return variant({"micro.7": table([(b.level, b.text()) for b in bands])})


def _typed_measure(
    bands: list[_Band], kind: str = "proportion", domain: str = "[0, 100]"
) -> Measure:
    return Measure(
        name="audit",
        kind=kind,
        domain=Interval.parse(domain),
        bands=tuple(
            Band(ithrive.Level(b.level), Interval(b.lower, b.upper, b.lower_closed, b.upper_closed))
            for b in bands
        ),
    )


class TestGeneratedPercentTables:
    """Random partitions of [0, 100] verify clean; each perturbation gives its own finding."""

    @settings(max_examples=100, deadline=None)
    @given(percent_partitions())
    def test_accepts_any_contiguous_partition_with_rising_levels(self, bands: list[_Band]) -> None:
        """Four contiguous bands covering [0, 100] with levels 1-4 load without findings."""
        local = load_ruleset(_percent_variant(bands))
        assert [b.text() for b in bands] == [
            str(b.interval) for b in local.rule("micro.7").measures[0].bands
        ]

    @settings(max_examples=200, deadline=None)
    @given(perturbed_percent_tables())
    def test_reports_the_code_matching_the_perturbation(
        self, case: tuple[list[_Band], set[str], str]
    ) -> None:
        """Dropping, shifting, reopening, swapping, reversing or stretching a band: its code."""
        bands, expected, _how = case
        found = verify(with_measure("micro.7", _typed_measure(bands)))
        assert (expected, {"micro.7"}) == (codes(found), {f.item for f in found})

    @settings(max_examples=60, deadline=None)
    @given(perturbed_percent_tables())
    def test_loader_reports_the_same_findings_as_verify(
        self, case: tuple[list[_Band], set[str], str]
    ) -> None:
        """Loading the perturbed table as a variant raises with exactly verify()'s findings."""
        bands, _expected, _how = case
        typed = verify(with_measure("micro.7", _typed_measure(bands)))
        assert tuple(typed) == findings_of(_percent_variant(bands))

    @settings(max_examples=60, deadline=None)
    @given(percent_partitions(), st.floats(min_value=0, max_value=100, allow_nan=False))
    def test_a_generated_table_scores_each_percent_in_its_band(
        self, bands: list[_Band], pct: float
    ) -> None:
        """Under a generated sound table, a percent scores the level of the band holding it."""
        local = load_ruleset(_percent_variant(bands))
        expected = next(
            b.level
            for b in bands
            if Interval(b.lower, b.upper, b.lower_closed, b.upper_closed).contains_ratio(
                *pct.as_integer_ratio()
            )
        )
        card = ithrive.score({"micro.7": {"kind": "proportion", "percent": pct}}, local)
        assert expected == card["micro.7"].level


@attrs.frozen
class _Span:
    level: int
    first: int
    last: int


@st.composite
def count_partitions(draw: st.DrawFn) -> list[_Span]:
    """Four contiguous runs of whole numbers partitioning 0..7, levels 1-4 rising."""
    cuts = [0, *sorted(draw(st.lists(st.integers(1, 7), min_size=3, max_size=3, unique=True))), 8]
    return [_Span(i + 1, cuts[i], cuts[i + 1] - 1) for i in range(4)]


@st.composite
def count_texts(draw: st.DrawFn, spans: list[_Span]) -> list[tuple[int, str]]:
    """Write each run as '[a, b]', '[a, b + 1)' or '(a - 1, b]' where that stays within [0, 7]."""
    out = []
    for s in spans:
        if s.first > s.last:  # reversed
            out.append((s.level, f"[{s.first}, {s.last}]"))
            continue
        forms = [f"[{s.first}, {s.last}]"]
        if s.last + 1 <= 7:
            forms.append(f"[{s.first}, {s.last + 1})")
        if s.first - 1 >= 0:
            forms.append(f"({s.first - 1}, {s.last}]")
        out.append((s.level, draw(st.sampled_from(forms))))
    return out


@st.composite
def perturbed_count_tables(draw: st.DrawFn) -> tuple[list[_Span], set[str], str]:
    """A sound count partition of 0..7 with one thing broken, and the codes that must result."""
    spans = draw(count_partitions())
    how = draw(
        st.sampled_from(["drop", "gap", "overlap", "swap_levels", "reverse_bounds", "shuffle"])
    )
    i = draw(st.integers(0, 3))
    ev = attrs.evolve
    if how == "drop":
        return [s for k, s in enumerate(spans) if k != i], {"gap", "unreachable_level"}, how
    if how == "gap":
        wide = [k for k, s in enumerate(spans) if s.last > s.first]
        k = draw(st.sampled_from(wide))  # some run always holds two numbers: 8 numbers, 4 runs
        s = spans[k]
        spans[k] = ev(s, first=s.first + 1) if k == 3 else ev(s, last=s.last - 1)
        return spans, {"gap"}, how
    if how == "overlap":
        j = min(i, 2)
        spans[j] = ev(spans[j], last=spans[j].last + 1)
        return spans, {"overlap"}, how
    if how == "swap_levels":
        k = draw(st.integers(0, 3).filter(lambda k: k != i))
        spans[i], spans[k] = ev(spans[i], level=spans[k].level), ev(spans[k], level=spans[i].level)
        return spans, {"not_monotonic"}, how
    if how == "reverse_bounds":
        wide = [k for k, s in enumerate(spans) if s.last > s.first]
        k = draw(st.sampled_from(wide))
        spans[k] = ev(spans[k], first=spans[k].last, last=spans[k].first)
        return spans, {"unordered_bounds"}, how
    order = draw(st.permutations(range(4)).filter(lambda p: list(p) != [0, 1, 2, 3]))
    return [spans[k] for k in order], {"unsorted_bands"}, how


def _count_variant(bands: list[tuple[int, str]]) -> dict[str, Any]:
    return variant({"meso.2": table(bands, kind="count", domain="[0, 7]", name="mindful")})


class TestGeneratedCountTables:
    """Random partitions of the counts 0..7 verify clean; each perturbation has its finding."""

    @settings(max_examples=100, deadline=None)
    @given(st.data())
    def test_accepts_any_contiguous_count_partition(self, data: st.DataObject) -> None:
        """Four runs covering 0..7 with levels 1-4, however their ends are written, load cleanly."""
        spans = data.draw(count_partitions())
        texts = data.draw(count_texts(spans))
        local = load_ruleset(_count_variant(texts))
        levels = [
            ithrive.score({"meso.2": {"kind": "count", "count": n}}, local)["meso.2"].level
            for n in range(8)
        ]
        expected = [s.level for s in spans for _ in range(s.first, s.last + 1)]
        assert expected == levels

    @settings(max_examples=200, deadline=None)
    @given(st.data())
    def test_reports_the_code_matching_the_perturbation(self, data: st.DataObject) -> None:
        """Dropping, shrinking, extending, swapping, reversing or shuffling a run: its code."""
        spans, expected, _how = data.draw(perturbed_count_tables())
        texts = data.draw(count_texts(spans))
        found = findings_of(_count_variant(texts))
        assert (expected, {"meso.2"}) == (codes(found), {f.item for f in found})


class TestHandBuiltRulesetsOfTheWrongShape:
    """A ruleset built by hand with parts of the wrong type gives findings, not AttributeError."""

    def test_a_band_that_is_not_a_band_is_a_finding(self) -> None:
        """``bands=("x",)`` is an ``invalid_value`` finding at the band, and scoring refuses it."""
        ruleset = with_measure(
            "micro.2", attrs.evolve(default_ruleset().rule("micro.2").measures[0], bands=("x",))
        )
        assert [("invalid_value", "micro.2", "measures[0].bands[0]")] == [
            (f.code, f.item, f.where) for f in verify(ruleset)
        ]
        with pytest.raises(RulesetError):
            ithrive.score({}, ruleset=ruleset)

    def test_a_float_bound_is_a_finding(self) -> None:
        """Interval bounds must be exact numbers."""
        measure = attrs.evolve(
            default_ruleset().rule("micro.2").measures[0],
            domain=Interval(0.0, 100.0, True, True),  # type: ignore[arg-type]
        )
        assert [
            ("invalid_value", "micro.2", "measures[0].domain.lower"),
            ("invalid_value", "micro.2", "measures[0].domain.upper"),
        ] == [(f.code, f.item, f.where) for f in verify(with_measure("micro.2", measure))]

    def test_two_rules_for_one_item_are_a_finding(self) -> None:
        """A second rule for macro.1 would silently replace the first: ``duplicate_id``."""
        base = default_ruleset()
        ruleset = Ruleset(name="t", version="1", rules=(*base.rules, base.rule("macro.1")))
        assert [("duplicate_id", "macro.1", "")] == [
            (f.code, f.item, f.where) for f in verify(ruleset)
        ]

    def test_rules_that_are_not_item_rules_are_a_wrong_type_error(self) -> None:
        """``Ruleset(rules=(5,))`` names the field and value."""
        with pytest.raises(ithrive.EvidenceError) as info:
            Ruleset(name="t", version="1", rules=(5,))  # type: ignore[arg-type]
        assert ("wrong_type", "rules", (5,)) == (
            info.value.code,
            info.value.field,
            info.value.value,
        )
