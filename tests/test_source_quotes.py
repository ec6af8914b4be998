"""The words each link, register entry and kept criterion turns on are in the sources.

Every instrument link quotes a few words of its entry's source (the
checklist row, the GM standard) and of the assessment tool at the level it
cites; every register entry quotes the few words its decision turns on; the
criteria D24 keeps above their level are kept by named words at each higher
level. These tests find each quote at its cited place, comparing text
without markup, case or spacing. They read the source documents where they
are present (see ``tests/sources.py``) and are skipped elsewhere; the tests
that need no sources check that the tables below cover what they claim to.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from tests.sources import (
    CHECKLIST_SOURCE,
    REPORT_SOURCE,
    STANDARDS_SOURCE,
    TOOL_SOURCE,
    needs_sources,
    normal,
    source_lines,
    tool_text,
)

import ithrive
from ithrive.instruments import default_checklist, default_gm_standards
from ithrive.instruments.checklist import Action
from ithrive.instruments.standards import Standard
from ithrive.model import FRAMEWORK

ROOT = Path(__file__).resolve().parent.parent

#: A place: an assessment-tool item and level (``None``: principle and
#: measure columns), or a source document and a line number.
ToolPlace = tuple[str, int | None]
LinePlace = tuple[str, int]

#: Register entry -> (place, the words its decision turns on), for every
#: entry that quotes a source document. Quotes from outside the sources
#: (CollaboRATE's scoring guidance, D25) are in :data:`OUTSIDE_THE_SOURCES`.
REGISTER_QUOTES: dict[str, list[tuple[ToolPlace | LinePlace, str]]] = {
    "D1": [(("meso.5", 1), "at least")],
    "D2": [(("macro.5", 1), "<70%")],
    "D5": [(("micro.7", 2), "40-69")],
    "D6": [(("meso.2", 4), "four or five")],
    "D7": [(("micro.1b", 2), "more than")],
    "D10": [(("micro.3b", 4), "80-100%")],
    "D14": [((TOOL_SOURCE, 13), "How to Score Services")],
    "D19": [(("macro.1", 2), "not jointly created with all agencies")],
    "D20": [
        (("meso.3a", 1), "none or only one"),
        (("meso.3a", 2), "at least two"),
        (("meso.3a", 3), "for the most part"),
    ],
    "D21": [
        (("meso.3b", 1), "20% staff across the locality agree"),
        (("micro.3a", 1), "20% staff agree"),
    ],
    "D22": [
        (("micro.3c", 2), "that this is an"),
        (("micro.3c", 1), "important part of all therapy sessions"),
    ],
    "D23": [
        (("micro.2", 1), "recorded"),
        (("micro.2", None), "explicitly discussed with CYP and families"),
    ],
    "D24": [
        (("micro.4", 2), "plans to collect data routinely"),
        (("micro.4", 2), "in isolated areas"),
        (("macro.3", 2), "have a schedule in place for reviewing contracts"),
        (("macro.3", 3), "have a schedule in place for reviewing contracts"),
        (("macro.3", 4), "annual commissioning plans"),
        (("macro.1", 3), "There is a policy"),
        (("macro.4", 4), "collect and report this"),
        (("meso.3a", 4), "an effective assessment process"),
    ],
    "D25": [
        (("micro.1b", 1), "average score"),
        ((REPORT_SOURCE, 785), "ranging from one being the lowest and nine being the highest"),
        ((REPORT_SOURCE, 785), "Top Score"),
    ],
    "D26": [
        (("macro.5", None), "a four item scale"),
        (("macro.5", 1), "IntegRATE: Average score for services is"),
        ((REPORT_SOURCE, 347), "IntegRATE"),
    ],
    "D27": [(("macro.5", 1), "strongly endorse the service")],
    "D28": [
        (("micro.1b", 2), "at least 50% or more of CYP in a service"),
        (("micro.1b", 1), "within the service"),
    ],
    "D29": [
        (
            ("meso.5", None),
            "using the 19 sub categories of needs as set out in the payment systems work",
        ),
        (("meso.5", 1), "where clearly relevant (e.g. CBT for anxiety)"),
        (("meso.5", 1), "of relevant cases"),
    ],
    "D30": [
        (("micro.5a", 1), "managed within the recommended number of therapy sessions"),
        (("micro.5a", None), "the likely timeframe"),
        (("micro.7", 1), "documented and up to date"),
    ],
    "D31": [
        ((TOOL_SOURCE, 9), "in the delivery of this principle"),
        ((TOOL_SOURCE, 9), "at least 3 out of 4"),
    ],
    "D32": [
        (("macro.3", 3), "is limited to one or two provider types"),
        (("macro.3", 4), "across the full range of providers"),
    ],
    "D33": [
        ((CHECKLIST_SOURCE, 83), "(band 8 or above) involved in all advice and signposting"),
        (("micro.6", 2), "at least one Grade 8 or above"),
    ],
    "D34": [((STANDARDS_SOURCE, 373), "AMBIT train the trainer")],
    "D35": [(("meso.3b", 1), "20% staff across the locality agree")],
    "D36": [
        (
            (TOOL_SOURCE, 21),
            "should be completed after discussion with a range of stakeholders in the system, "
            "including commissioners, managers, team leaders, professionals working with "
            "children and young people day to day",
        )
    ],
}

#: Quoted words a register entry takes from outside the source documents.
OUTSIDE_THE_SOURCES = {
    "D25": {"Scoring collaboRATE", "at least 25 clinical encounters", "Top Score"},
}

#: D24: each boolean criterion needed below level 4, and the words that keep
#: it at its own level and every level above.
KEPT_CRITERIA: dict[tuple[str, str], dict[int, str]] = {
    ("macro.1", "policy_exists"): {
        2: "There is a policy on how a locality will deliver improved outcomes",
        3: "There is a policy on how a locality will deliver improved outcomes",
        4: "There is a policy statement/document",
    },
    ("macro.4", "preference_data_reported"): {
        3: "This is collated and reported on",
        4: "Providers have systems in place to collect and report this",
    },
    ("meso.3a", "needs_assessment_established"): {
        3: "Assessment of need is established",
        4: "There is an effective assessment process",
    },
    ("micro.6", "senior_practitioner_involved"): {
        2: "at least one Grade 8 or above mental health practitioner involved",
        3: "at least one Grade 8 or above mental health practitioner involved",
        4: "at least one Grade 8 or above mental health practitioner involved",
    },
    ("micro.6", "effectiveness_assurance"): {
        3: "can be assured that the advice and signposting systems are operating effectively",
        4: "can be assured that the advice and signposting systems are operating effectively",
    },
}

#: The needs-based groupings' descriptions rest on these words of the annual
#: report (source 003), at these lines.
GROUPING_QUOTES: dict[str, list[tuple[int, str]]] = {
    "getting_risk_support": [
        (545, "individually tailored support"),
        (545, "explicit collaborative shared plan for each family"),
        (545, "aim of reducing the risk of harm"),
        (545, "ongoing process dependent on the young person's needs"),
        (347, "one single multi-agency plan"),
        (965, "a clearer distinction between treatments on the one hand and support on the other"),
    ],
}


def at(place: ToolPlace | LinePlace) -> str:
    """The normalised source text at ``place``."""
    where, index = place
    if where.endswith(".txt"):
        assert isinstance(index, int)
        return normal(source_lines(where)[index - 1])
    return tool_text(where, index)


def standard_blocks() -> dict[str, str]:
    """Each GM standard's source text, from its number's line to the next standard's."""
    lines = source_lines(STANDARDS_SOURCE)
    standards = default_gm_standards().standards
    starts = [s.line for s in standards] + [len(lines) + 1]
    # A section heading ends the last standard of the section before it.
    heads = [s.line for s in default_gm_standards().sections]
    blocks = {}
    for standard, start, nxt in zip(standards, starts, starts[1:], strict=False):
        end = min([nxt, *(h for h in heads if h > start)])
        blocks[standard.id] = normal(" ".join(lines[start - 1 : end - 1]))
    return blocks


def _register_entries() -> dict[str, str]:
    text = (ROOT / "docs" / "interpretation.md").read_text("utf-8")
    parts = re.split(r"^## (D\d+):", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _links() -> list[tuple[str, str, int, str, int | None, str, str]]:
    """Every packaged link as (entry, source, line, item, level, quote, item_quote)."""
    entries: list[tuple[Action | Standard, str]]
    entries = [(a, CHECKLIST_SOURCE) for a in default_checklist().actions]
    entries += [(s, STANDARDS_SOURCE) for s in default_gm_standards().standards]
    return [
        (entry.id, source, entry.line, link.item, link.level, link.quote, link.item_quote)
        for entry, source in entries
        for link in entry.links
    ]


LINKS = _links()


@needs_sources
class TestLinkQuotes:
    """Each link's quotes are at its entry's place and at the item's cited level."""

    @pytest.mark.parametrize(
        ("entry", "item", "quote"),
        [(e, i, q) for e, s, _, i, _, q, _ in LINKS if s == CHECKLIST_SOURCE],
    )
    def test_the_checklist_row_holds_the_quote(self, entry: str, item: str, quote: str) -> None:
        """The words a checklist link turns on are in the action's row of the form."""
        line = default_checklist().action(entry).line
        assert normal(quote) in normal(source_lines(CHECKLIST_SOURCE)[line - 1])

    @pytest.mark.parametrize(
        ("entry", "item", "quote"),
        [(e, i, q) for e, s, _, i, _, q, _ in LINKS if s == STANDARDS_SOURCE],
    )
    def test_the_standard_holds_the_quote(self, entry: str, item: str, quote: str) -> None:
        """The words a standards link turns on are in the standard's text or guidance."""
        assert normal(quote) in standard_blocks()[entry]

    @pytest.mark.parametrize(
        ("entry", "item", "level", "item_quote"),
        [(e, i, lv, iq) for e, _, _, i, lv, _, iq in LINKS],
    )
    def test_the_tool_holds_the_item_quote_at_the_cited_level(
        self, entry: str, item: str, level: int | None, item_quote: str
    ) -> None:
        """The words of the assessment tool a link turns on are at the item and level it cites."""
        assert normal(item_quote) in tool_text(item, level)


class TestLinkQuotesAreGiven:
    """Every packaged link names its strength and quotes both sources (no sources needed)."""

    def test_every_packaged_link_states_its_strength_and_quotes(self) -> None:
        """In the packaged files each link sets ``strength``, ``quote`` and ``item_quote``."""
        missing = []
        for name, key in (("checklist.toml", "actions"), ("gm_standards.toml", "sections")):
            text = resources.files("ithrive.instruments").joinpath(name).read_text("utf-8")
            data = tomllib.loads(text)
            entries = data[key]
            if key == "sections":
                entries = [s for section in entries for s in section["standards"]]
            for entry in entries:
                for link in entry["links"]:
                    for field in ("strength", "quote", "item_quote"):
                        if not str(link.get(field, "")).strip():
                            missing.append((entry["id"], link["item"], field))
        assert [] == missing


@needs_sources
class TestRegisterQuotes:
    """The words each register entry turns on are at the place it cites."""

    @pytest.mark.parametrize(
        ("decision", "place", "words"),
        [(d, p, w) for d, rows in REGISTER_QUOTES.items() for p, w in rows],
    )
    def test_the_cited_place_holds_the_words(
        self, decision: str, place: ToolPlace | LinePlace, words: str
    ) -> None:
        """Each quoted phrase occurs at its cited item and level, or document and line."""
        assert normal(words) in at(place)


class TestRegisterQuotesAreListed:
    """The quotes table covers the register (no sources needed)."""

    def test_each_listed_quote_is_in_its_register_entry(self) -> None:
        """The register entry says the words the table checks."""
        entries = {d: normal(text) for d, text in _register_entries().items()}
        missing = [
            (d, w)
            for d, rows in REGISTER_QUOTES.items()
            for _, w in rows
            if normal(w) not in entries[d]
        ]
        assert [] == missing

    def test_words_checked_at_a_document_line_are_credited_to_that_document(self) -> None:
        """A phrase the table finds at a line of a document is, in the entry, said in a
        sentence that names that document (D25 once credited the report's "Top Score" to
        CollaboRATE's guidance only)."""
        names = {
            TOOL_SOURCE: ("tool",),
            CHECKLIST_SOURCE: ("001", "checklist"),
            STANDARDS_SOURCE: ("002", "gm standards"),
            REPORT_SOURCE: ("003", "year one report"),
        }
        entries = _register_entries()
        uncredited = []
        for decision, rows in REGISTER_QUOTES.items():
            flat = " ".join(entries[decision].split())
            sentences = [normal(s) for s in re.split(r"(?<=[.;])\s+", flat)]
            for place, words in rows:
                document = place[0]
                if not document.endswith(".txt"):
                    continue
                if not any(
                    normal(words) in s and any(n in s for n in names[document]) for s in sentences
                ):
                    uncredited.append((decision, words))
        assert [] == uncredited

    def test_every_quote_in_a_source_paragraph_is_listed(self) -> None:
        """Each phrase quoted in an entry's **Source.** paragraph is checked against a source."""
        unlisted = []
        for decision, text in _register_entries().items():
            source = text.split("**Problem.**")[0]
            listed = {normal(w) for _, w in REGISTER_QUOTES.get(decision, [])}
            listed |= {normal(w) for w in OUTSIDE_THE_SOURCES.get(decision, set())}
            for quote in re.findall(r'"([^"]+)"', source):
                words = normal(quote.strip(". "))
                if not any(words in w or w in words for w in listed):
                    unlisted.append((decision, quote))
        assert [] == unlisted


class TestKeptCriteriaAreListed:
    """D24's table of kept criteria names every boolean criterion needed below level 4."""

    def test_every_boolean_below_level_4_is_in_the_table(self) -> None:
        """A new boolean criterion below level 4 must say which words keep it higher up."""
        booleans = {
            (rule.item, c.id): int(c.level)
            for rule in ithrive.default_ruleset()
            if rule.indicators is not None
            for c in rule.indicators.criteria
            if c.level is not None and c.level < 4
        }
        expected = {key: list(range(level, 5)) for key, level in booleans.items()}
        assert expected == {key: sorted(levels) for key, levels in KEPT_CRITERIA.items()}


@needs_sources
class TestKeptCriteria:
    """D24: a boolean criterion below level 4 is worded again at every higher level."""

    @pytest.mark.parametrize(
        ("item", "criterion", "level", "words"),
        [(i, c, lv, w) for (i, c), levels in KEPT_CRITERIA.items() for lv, w in levels.items()],
    )
    def test_the_level_keeps_the_criterion(
        self, item: str, criterion: str, level: int, words: str
    ) -> None:
        """The words that keep the criterion occur in the tool at that level of the item."""
        assert normal(words) in tool_text(item, level)


@needs_sources
class TestGroupingDescriptions:
    """Each needs-based grouping's description rests on words of the annual report."""

    @pytest.mark.parametrize(
        ("grouping", "line", "words"),
        [(g, n, w) for g, rows in GROUPING_QUOTES.items() for n, w in rows],
    )
    def test_the_report_holds_the_words(self, grouping: str, line: int, words: str) -> None:
        """The words a description turns on are at the cited line of source 003."""
        assert normal(words) in at((REPORT_SOURCE, line))

    def test_getting_risk_support_says_nothing_the_sources_do_not(self) -> None:
        """The description no longer speaks of those not benefiting from treatment."""
        description = next(
            g.description for g in FRAMEWORK.groupings if g.id == "getting_risk_support"
        )
        assert ("benefiting" in description, "harm" in description) == (False, True)
