"""The THRIVE Framework model: systems, groupings, principles, items and their levels."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ithrive
from ithrive import FRAMEWORK, EvidenceError, Level, UnknownItemError

EXPECTED_ITEM_IDS = (
    "macro.1", "macro.2", "macro.3", "macro.4", "macro.5",
    "meso.1", "meso.2", "meso.3a", "meso.3b", "meso.4", "meso.5",
    "micro.1a", "micro.1b", "micro.2", "micro.3a", "micro.3b", "micro.3c",
    "micro.4", "micro.5a", "micro.5b", "micro.6", "micro.7",
)  # fmt: skip

EXPECTED_PRINCIPLE_IDS = (
    "macro.1", "macro.2", "macro.3", "macro.4", "macro.5",
    "meso.1", "meso.2", "meso.3", "meso.4", "meso.5",
    "micro.1", "micro.2", "micro.3", "micro.4", "micro.5", "micro.6", "micro.7",
)  # fmt: skip

MULTI_PART = {
    "meso.3": ("meso.3a", "meso.3b"),
    "micro.1": ("micro.1a", "micro.1b"),
    "micro.3": ("micro.3a", "micro.3b", "micro.3c"),
    "micro.5": ("micro.5a", "micro.5b"),
}


class TestItems:
    """The framework has the 22 items of the assessment tool, in source order."""

    def test_has_the_22_items_in_source_order(self) -> None:
        """Iterating the framework yields exactly the 22 item ids, in the tool's order."""
        assert EXPECTED_ITEM_IDS == tuple(item.id for item in FRAMEWORK)

    def test_item_ids_property_matches_iteration(self) -> None:
        """FRAMEWORK.item_ids lists the same ids as iteration, and len() is 22."""
        assert (EXPECTED_ITEM_IDS, 22) == (FRAMEWORK.item_ids, len(FRAMEWORK))

    def test_public_framework_is_the_model_framework(self) -> None:
        """ithrive.FRAMEWORK is the packaged Framework instance."""
        assert isinstance(ithrive.FRAMEWORK, ithrive.Framework)

    @pytest.mark.parametrize("item_id", EXPECTED_ITEM_IDS)
    def test_looks_up_each_item_by_id(self, item_id: str) -> None:
        """FRAMEWORK.item(id) returns the item with that id, and `in` agrees."""
        assert (item_id, True) == (FRAMEWORK.item(item_id).id, item_id in FRAMEWORK)

    @pytest.mark.parametrize("item_id", EXPECTED_ITEM_IDS)
    def test_each_item_belongs_to_a_principle_of_its_system(self, item_id: str) -> None:
        """An item's principle exists and shares the item's system level."""
        item = FRAMEWORK.item(item_id)
        principle = FRAMEWORK.principle(item.principle)
        assert (item.system, True) == (principle.system, item_id in principle.items)

    @pytest.mark.parametrize("item_id", EXPECTED_ITEM_IDS)
    def test_part_letter_matches_the_id_suffix(self, item_id: str) -> None:
        """A part item such as micro.3b has part 'B'; a single-part item has part ''."""
        suffix = item_id[-1] if item_id[-1].isalpha() else ""
        assert suffix.upper() == FRAMEWORK.item(item_id).part

    def test_items_per_system(self) -> None:
        """Macro has 5 items, meso 6, micro 11."""
        counts = {s.id: sum(1 for i in FRAMEWORK if i.system == s.id) for s in FRAMEWORK.systems}
        assert {"macro": 5, "meso": 6, "micro": 11} == counts


class TestLevelDescriptors:
    """Each item has four level descriptors that cite the assessment tool."""

    @pytest.mark.parametrize("item_id", EXPECTED_ITEM_IDS)
    def test_has_four_levels_in_order(self, item_id: str) -> None:
        """An item's levels are the descriptors of levels 1, 2, 3 and 4, in that order."""
        expected = [Level.ONE, Level.TWO, Level.THREE, Level.FOUR]
        assert expected == [d.level for d in FRAMEWORK.item(item_id).levels]

    @pytest.mark.parametrize("item_id", EXPECTED_ITEM_IDS)
    def test_each_descriptor_cites_the_item_and_level(self, item_id: str) -> None:
        """A descriptor's citation is the item's citation followed by ', level N'."""
        item = FRAMEWORK.item(item_id)
        expected = [f"{item.citation}, level {n}" for n in (1, 2, 3, 4)]
        assert expected == [d.citation for d in item.levels]

    @pytest.mark.parametrize("item_id", EXPECTED_ITEM_IDS)
    def test_item_citation_points_into_the_assessment_tool(self, item_id: str) -> None:
        """Every item cites a principle of the assessment tool."""
        item = FRAMEWORK.item(item_id)
        system = item.system.capitalize()
        number = item.principle.split(".")[1]
        expected = f"Assessment tool, {system} principle {number}" + (
            f", part {item.part}" if item.part else ""
        )
        assert expected == item.citation

    @pytest.mark.parametrize("item_id", EXPECTED_ITEM_IDS)
    def test_each_descriptor_has_non_empty_criteria(self, item_id: str) -> None:
        """Every level descriptor lists at least one non-blank criterion."""
        levels = FRAMEWORK.item(item_id).levels
        assert [True] * 4 == [
            bool(d.criteria) and all(c.strip() for c in d.criteria) for d in levels
        ]

    @settings(max_examples=50, deadline=None)
    @given(st.sampled_from(EXPECTED_ITEM_IDS), st.integers(min_value=1, max_value=4))
    def test_descriptor_returns_the_level_asked_for(self, item_id: str, level: int) -> None:
        """item.descriptor(n) is the descriptor whose level is n."""
        assert Level(level) == FRAMEWORK.item(item_id).descriptor(level).level

    @pytest.mark.parametrize("level", [0, 5, -1])
    def test_descriptor_rejects_a_level_outside_1_to_4(self, level: int) -> None:
        """descriptor(0) or descriptor(5) raises ValueError rather than wrapping round."""
        with pytest.raises(ValueError, match=str(level)):
            FRAMEWORK.item("micro.2").descriptor(level)

    def test_descriptor_error_names_the_item_field_and_value(self) -> None:
        """descriptor(5) is out_of_range on micro.2's level, with the value 5."""
        with pytest.raises(EvidenceError) as info:
            FRAMEWORK.item("micro.2").descriptor(5)
        err = info.value
        assert ("micro.2", "level", 5, "out_of_range") == (err.item, err.field, err.value, err.code)


class TestPrinciples:
    """17 principles; a multi-part principle is rated through its parts."""

    def test_has_17_principles_in_order(self) -> None:
        """The principles are macro.1-5, meso.1-5 and micro.1-7, in that order."""
        assert EXPECTED_PRINCIPLE_IDS == tuple(p.id for p in FRAMEWORK.principles)

    @pytest.mark.parametrize("principle_id", EXPECTED_PRINCIPLE_IDS)
    def test_principle_items_are_its_parts_in_order(self, principle_id: str) -> None:
        """A principle lists its parts (or itself, single-part) in source order."""
        expected = MULTI_PART.get(principle_id, (principle_id,))
        assert expected == FRAMEWORK.principle(principle_id).items

    @pytest.mark.parametrize("principle_id", EXPECTED_PRINCIPLE_IDS)
    def test_items_of_returns_the_item_objects(self, principle_id: str) -> None:
        """items_of(principle) returns the Item objects named by the principle."""
        expected = FRAMEWORK.principle(principle_id).items
        assert expected == tuple(i.id for i in FRAMEWORK.items_of(principle_id))

    @pytest.mark.parametrize("principle_id", EXPECTED_PRINCIPLE_IDS)
    def test_principle_number_and_system_match_its_id(self, principle_id: str) -> None:
        """Principle 'micro.3' has system 'micro' and number 3."""
        system, number = principle_id.split(".")
        p = FRAMEWORK.principle(principle_id)
        assert (system, int(number)) == (p.system, p.number)

    def test_every_item_is_in_exactly_one_principle(self) -> None:
        """The principles' item lists partition the 22 items, in source order."""
        flat = tuple(i for p in FRAMEWORK.principles for i in p.items)
        assert EXPECTED_ITEM_IDS == flat

    def test_principles_per_system(self) -> None:
        """Macro has 5 principles, meso 5, micro 7."""
        counts = {
            s.id: sum(1 for p in FRAMEWORK.principles if p.system == s.id)
            for s in FRAMEWORK.systems
        }
        assert {"macro": 5, "meso": 5, "micro": 7} == counts


class TestSystemsAndGroupings:
    """Three system levels and the five needs-based groupings."""

    def test_has_three_system_levels(self) -> None:
        """The system levels are macro, meso and micro, in that order."""
        assert ("macro", "meso", "micro") == tuple(s.id for s in FRAMEWORK.systems)

    def test_has_five_needs_based_groupings(self) -> None:
        """The groupings run from Thriving to Getting Risk Support."""
        expected = (
            "thriving",
            "getting_advice",
            "getting_help",
            "getting_more_help",
            "getting_risk_support",
        )
        assert expected == tuple(g.id for g in FRAMEWORK.groupings)

    @pytest.mark.parametrize("system_id", ["macro", "meso", "micro"])
    def test_looks_up_a_system_by_id(self, system_id: str) -> None:
        """FRAMEWORK.system(id) returns that system level."""
        assert system_id == FRAMEWORK.system(system_id).id

    def test_groupings_have_titles_and_descriptions(self) -> None:
        """Each grouping has a non-empty title and description."""
        assert all(g.title and g.description for g in FRAMEWORK.groupings)


class TestUnknownIds:
    """An unknown id raises UnknownItemError (a LookupError) with the nearest ids."""

    def test_unknown_item_raises_with_suggestions(self) -> None:
        """FRAMEWORK.item('micro.8') suggests micro.7 first, and names the id."""
        with pytest.raises(UnknownItemError) as info:
            FRAMEWORK.item("micro.8")
        err = info.value
        assert ("unknown_item", "micro.8", "micro.8", "micro.7") == (
            err.code,
            err.item,
            err.value,
            err.suggestions[0],
        )

    def test_unknown_item_error_is_a_lookup_error_and_a_value_error(self) -> None:
        """Code catching LookupError or ValueError also catches an unknown item."""
        with pytest.raises(LookupError) as info:
            FRAMEWORK.item("meso.9")
        assert isinstance(info.value, ValueError)

    def test_suggestions_are_a_tuple_of_known_ids(self) -> None:
        """Every suggestion is a real item id."""
        with pytest.raises(UnknownItemError) as info:
            FRAMEWORK.item("mircro.3")
        suggestions = info.value.suggestions
        assert (tuple, True) == (type(suggestions), all(s in FRAMEWORK for s in suggestions))

    def test_nothing_like_any_id_gives_no_suggestions(self) -> None:
        """An id resembling nothing gets an empty suggestion tuple."""
        with pytest.raises(UnknownItemError) as info:
            FRAMEWORK.item("zzzzzzzz")
        assert () == info.value.suggestions

    @pytest.mark.parametrize("bad", [None, 3, ["micro.2"]])
    def test_a_non_text_id_raises_unknown_item_not_type_error(self, bad: object) -> None:
        """A non-string or unhashable id raises UnknownItemError, not TypeError."""
        with pytest.raises(UnknownItemError):
            FRAMEWORK.item(bad)  # type: ignore[arg-type]

    def test_unknown_principle_raises_with_code_unknown_principle(self) -> None:
        """FRAMEWORK.principle('micro.9') raises UnknownItemError with code unknown_principle."""
        with pytest.raises(UnknownItemError) as info:
            FRAMEWORK.principle("micro.9")
        assert ("unknown_principle", "micro.9") == (info.value.code, info.value.item)

    def test_an_item_part_is_not_a_principle(self) -> None:
        """'micro.3a' is an item, not a principle, and suggests 'micro.3'."""
        with pytest.raises(UnknownItemError) as info:
            FRAMEWORK.principle("micro.3a")
        assert "micro.3" in info.value.suggestions

    def test_unknown_system_suggests_the_nearest(self) -> None:
        """FRAMEWORK.system('mezo') raises with code unknown_system and suggests 'meso'."""
        with pytest.raises(UnknownItemError) as info:
            FRAMEWORK.system("mezo")
        assert ("unknown_system", ("meso",)) == (info.value.code, info.value.suggestions)

    def test_message_names_the_suggestions(self) -> None:
        """The message reads 'unknown item; did you mean ...?' with the ids quoted."""
        with pytest.raises(UnknownItemError) as info:
            FRAMEWORK.item("micro.8")
        assert "micro.8: unknown item; did you mean 'micro.7'" in str(info.value)

    @settings(max_examples=100, deadline=None)
    @given(st.text(max_size=12).filter(lambda s: s not in EXPECTED_ITEM_IDS))
    def test_any_other_text_is_unknown(self, text: str) -> None:
        """Any text that is not one of the 22 ids raises UnknownItemError naming it."""
        with pytest.raises(UnknownItemError) as info:
            FRAMEWORK.item(text)
        assert text == info.value.item


class TestImmutability:
    """Model objects are frozen: assigning to a field raises FrozenInstanceError."""

    @pytest.mark.parametrize(
        ("obj", "field", "value"),
        [
            (FRAMEWORK, "title", "x"),
            (FRAMEWORK.item("micro.2"), "id", "micro.99"),
            (FRAMEWORK.item("micro.2").levels[0], "criteria", ()),
            (FRAMEWORK.principle("micro.3"), "items", ()),
            (FRAMEWORK.system("macro"), "title", "x"),
            (FRAMEWORK.groupings[0], "title", "x"),
        ],
        ids=["framework", "item", "descriptor", "principle", "system", "grouping"],
    )
    def test_assigning_a_field_raises(self, obj: object, field: str, value: object) -> None:
        """Assignment to any model object's field raises attrs' FrozenInstanceError."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(obj, field, value)

    def test_collections_are_tuples(self) -> None:
        """Items, principles, systems, groupings and each item's levels are tuples, not lists."""
        kinds = {
            type(FRAMEWORK.items),
            type(FRAMEWORK.principles),
            type(FRAMEWORK.systems),
            type(FRAMEWORK.groupings),
            *(type(i.levels) for i in FRAMEWORK),
            *(type(p.items) for p in FRAMEWORK.principles),
        }
        assert {tuple} == kinds


class TestLevel:
    """Levels 1-4 and the THRIVE-like verdict at level 3."""

    @pytest.mark.parametrize(("level", "expected"), [(1, False), (2, False), (3, True), (4, True)])
    def test_level_three_and_above_is_thrive_like(self, level: int, expected: bool) -> None:
        """Level.thrive_like is True from THRIVE_LIKE_AT (level 3) upwards."""
        assert expected == Level(level).thrive_like

    def test_threshold_is_level_three(self) -> None:
        """THRIVE_LIKE_AT is Level.THREE."""
        assert Level.THREE == ithrive.THRIVE_LIKE_AT

    def test_levels_are_ordered_and_compare_as_integers(self) -> None:
        """Levels sort like integers and str() gives the digit."""
        assert ([1, 2, 3, 4], "3") == (sorted(Level), str(Level.THREE))


class TestSourceReadings:
    """Descriptors and measures follow the register's readings of the source text."""

    def test_micro3c_descriptors_complete_the_cut_off_sentence(self) -> None:
        """D22: each micro.3c level says which staff see endings as important in all therapy."""
        levels = FRAMEWORK.item("micro.3c").levels
        expected = [
            "Not all staff see endings as important in all therapy",
            "Not all staff see endings as important in all therapy",
            "Most staff see endings as important in all therapy",
            "All staff see endings as important in all therapy",
        ]
        assert expected == [d.criteria[-1] for d in levels]

    @pytest.mark.parametrize(
        ("item_id", "parts"),
        [
            ("micro.2", ("grouping", "discussion with the CYP and family", "at assessment")),
            ("micro.3b", ("reasons-for-ending proforma", "discussed", "at the start")),
            ("micro.5b", ("goals and expected outcomes", "recorded", "a plan for when")),
        ],
    )
    def test_audit_measures_count_a_note_only_when_it_meets_the_whole_standard(
        self, item_id: str, parts: tuple[str, ...]
    ) -> None:
        """D23: the measure of each multi-part audit names every part a note must show."""
        measure = FRAMEWORK.item(item_id).measure
        assert [] == [part for part in parts if part not in measure]

    def test_meso5_measure_defines_a_relevant_case(self) -> None:
        """D29: a relevant case has clearly applicable guidance; the 19 sub-categories guide
        which guidance applies and do not enter the score."""
        measure = FRAMEWORK.item("meso.5").measure
        parts = (
            "A relevant case is one whose need has clearly applicable NICE-based guidance",
            "left out of both counts",
            "do not enter the score",
        )
        assert [] == [part for part in parts if part not in measure]

    @pytest.mark.parametrize(
        ("item_id", "parts"),
        [
            ("micro.5a", ("the number set for the case at the start", "none recorded does not")),
            ("micro.7", ("reviewed by the review date", "no review date is not current")),
        ],
    )
    def test_audit_measures_define_their_terms(self, item_id: str, parts: tuple[str, ...]) -> None:
        """D30: micro.5a says which number of sessions counts, micro.7 what up to date is."""
        measure = FRAMEWORK.item(item_id).measure
        assert [] == [part for part in parts if part not in measure]

    @pytest.mark.parametrize(
        ("item_id", "level", "phrase"),
        [
            ("meso.4", 1, "not consistently documented"),
            ("micro.3c", 4, "All staff raise endings"),
        ],
        ids=["meso.4 documentation is inconsistent", "micro.3c level 4 means all staff"],
    )
    def test_descriptors_say_no_more_and_no_less_than_the_source(
        self, item_id: str, level: int, phrase: str
    ) -> None:
        """Descriptors once overstated the source (meso.4's "not documented") or left out whom it
        means (micro.3c level 4's "all staff ... are confident"); they now read as it does."""
        criteria = FRAMEWORK.item(item_id).descriptor(level).criteria
        assert [True] == [any(phrase in c for c in criteria)]
