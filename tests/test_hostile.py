"""Fuzzing with hostile input: every public entry point, every output format.

Where ``tests/test_fuzz.py`` throws malformed data at the readers, this suite
throws what an attacker would type into a locality name or a hand-edited
scorecard: markup, Markdown, terminal escape sequences, bidirectional
controls, lone surrogates and line breaks of every kind (``HOSTILE_TEXT``),
and huge and negative whole numbers (``HOSTILE_NUMBERS``). Each test asserts
only what ithrive promises:

- the call gives a result or an ithrive error whose code is in the error
  catalogue (``docs/reference/errors.md``); on the command line, exit code
  0 or 2 and no traceback;
- every output (JSON, HTML, Markdown, the table, error messages) encodes
  as UTF-8;
- rendered HTML and Markdown hold no element beyond those of the same
  report made from plain text: the report is made twice, from the hostile
  document and from a twin with every text replaced by a plain one, both
  are parsed (Markdown with python-markdown, then HTML with
  :mod:`html.parser`), and no element (nor attribute) may be more frequent
  in the hostile one, ``<bdi>`` (the isolation ithrive adds) left out. So
  no element can come from the input. (There may be fewer: an empty text
  leaves out its row, and an id that could close a code span is written
  as escaped text instead.)

Budget: about 600 examples in all under the ``ci`` profile (some 20 seconds);
``HYPOTHESIS_PROFILE=thorough`` runs twenty times as many.
"""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import ithrive
from ithrive.cli import example_evidence, main
from ithrive.evidence.jsonfile import parse_json
from ithrive.instruments import aggregate_responses, load_checklist, read_response
from ithrive.scorecard.report import (
    ReportSection,
    render_collection_html,
    render_html,
    render_markdown,
    render_scorecard_html,
)
from ithrive.scorecard.table import render_table

from .strategies import HOSTILE_NUMBERS, HOSTILE_TEXT

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(ithrive.__file__).resolve().parents[1]

#: Every code the error catalogue documents.
CODES = frozenset(
    re.findall(r"^\| `([a-z_]+)` \|", (ROOT / "docs/reference/errors.md").read_text("utf-8"), re.M)
)


def budget(n: int) -> Any:
    """Settings for ``n`` examples under ``ci`` (scaled by the profile); no deadline."""
    return settings(
        max_examples=max(1, n * settings.default.max_examples // 100),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def documented(err: ithrive.IthriveError) -> None:
    """The error and every problem it carries have documented codes and writable text."""
    codes = [err.code]
    codes += [e.code for e in getattr(err, "errors", ())]
    codes += [f.code for f in getattr(err, "findings", ())]
    assert set(codes) <= CODES, codes
    json.dumps(err.to_dict(), ensure_ascii=False).encode("utf-8")
    "\n".join(err.lines()).encode("utf-8")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "bdi":
            self.tags.append(tag)
            self.tags.extend(sorted(name for name, _ in attrs))


def elements(page: str) -> list[str]:
    """The start tags (and their attribute names) of an HTML text, ``<bdi>`` left out."""
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser.tags


def markdown_elements(text: str) -> list[str]:
    """The elements of Markdown text as python-markdown renders it (with tables)."""
    return elements(markdown.markdown(text, extensions=["tables"]))


def plain(value: Any) -> Any:
    """``value`` with every text replaced by a plain one of no markup (the twin)."""
    if isinstance(value, str):
        return "plain"
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def outputs(card: ithrive.Scorecard, **extra: Any) -> dict[str, str]:
    """Every output of a scorecard, each checked to encode as UTF-8."""
    out = {
        "json": card.to_json(),
        "html": render_html(card, **extra),
        "markdown": render_markdown(card, **extra),
        "table": render_table(card),
        "notebook": render_scorecard_html(card),
        "collection": render_collection_html([card, card]),
    }
    for text in out.values():
        text.encode("utf-8")
    return out


def same_elements(hostile: dict[str, str], twin: dict[str, str]) -> None:
    """The hostile outputs hold no element (or attribute) more often than the twin's."""
    for name in ("html", "notebook", "collection"):
        extra = Counter(elements(hostile[name])) - Counter(elements(twin[name]))
        assert not extra, (name, extra)
    extra = Counter(markdown_elements(hostile["markdown"])) - Counter(
        markdown_elements(twin["markdown"])
    )
    assert not extra, ("markdown", extra)


# ----------------------------------------------------------------------------- strategies


@st.composite
def hostile_evidence(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """An evidence document with hostile text in every text field, and its plain twin."""
    names = draw(st.lists(HOSTILE_TEXT, min_size=1, max_size=3, unique=True))
    doc = {
        "locality": draw(HOSTILE_TEXT),
        "date": draw(HOSTILE_TEXT),
        "evidence": {
            "micro.2": {
                "kind": "rating",
                "level": 3,
                "notes": draw(HOSTILE_TEXT),
                "rater": draw(HOSTILE_TEXT),
            },
            "meso.2": {"kind": "count", "count": len(names), "in_place": names},
        },
    }
    twin = copy.deepcopy(doc)
    twin["locality"], twin["date"] = "plain", "plain"
    twin["evidence"]["micro.2"].update(notes="plain", rater="plain")
    twin["evidence"]["meso.2"]["in_place"] = [f"n{i}" for i in range(len(names))]
    return doc, twin


CARD_DOC = ithrive.score(
    {
        "locality": "A",
        "evidence": {
            **example_evidence()["evidence"],
            "micro.2": {"kind": "rating", "level": 2, "notes": "n"},
        },
    }
).to_dict()

#: Text fields of a scorecard document that are not checked against the items' levels.
CARD_TEXT_PATHS = (
    ("ruleset", "name"),
    ("ruleset", "version"),
    ("locality",),
    ("date",),
    ("items", "micro.2", "explanation"),
    ("items", "micro.2", "basis"),
    ("items", "micro.2", "decided_by"),
    ("items", "micro.2", "citation"),
)


def hostile_scorecard(texts: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A scorecard document with ``texts`` in its free text, ids and codes; and a twin."""
    doc = copy.deepcopy(CARD_DOC)
    twin = copy.deepcopy(CARD_DOC)
    for path, text in zip(CARD_TEXT_PATHS, texts, strict=False):
        *parents, last = path
        node, other = doc, twin
        for key in parents:
            node, other = node[key], other[key]
        node[last], other[last] = text, "plain"
    unmet, code, message = texts[-3:]
    doc["items"]["micro.2"]["unmet"] = [unmet]
    twin["items"]["micro.2"]["unmet"] = ["plain"]
    doc["items"]["micro.2"]["warnings"] = [{"code": code, "message": message}]
    twin["items"]["micro.2"]["warnings"] = [{"code": "plain", "message": "plain"}]
    return doc, twin


# ----------------------------------------------------------------------------- tests


class TestScoreAndReports:
    """score, read_evidence and every output format, with hostile text in every field."""

    @budget(60)
    @given(hostile_evidence())
    def test_hostile_evidence_scores_with_safe_outputs_or_a_documented_error(
        self, pair: tuple[dict[str, Any], dict[str, Any]]
    ) -> None:
        """Scored: every output encodes and holds only the template's elements."""
        doc, twin = pair
        try:
            card = ithrive.score(doc)
            ithrive.read_evidence(doc)
        except ithrive.IthriveError as err:
            documented(err)
            return
        same_elements(outputs(card), outputs(ithrive.score(twin)))

    @budget(60)
    @given(
        st.lists(HOSTILE_TEXT, min_size=len(CARD_TEXT_PATHS) + 3, max_size=len(CARD_TEXT_PATHS) + 3)
    )
    def test_a_hostile_scorecard_document_reads_with_safe_outputs_or_a_documented_error(
        self, texts: list[str]
    ) -> None:
        """Scorecard.from_dict, then every format: ids, codes and names included."""
        doc, twin = hostile_scorecard(texts)
        try:
            card = ithrive.Scorecard.from_dict(doc)
        except ithrive.IthriveError as err:
            documented(err)
            return
        assert card == ithrive.Scorecard.from_dict(json.loads(card.to_json()))
        same_elements(outputs(card), outputs(ithrive.Scorecard.from_dict(twin)))

    @budget(40)
    @given(HOSTILE_TEXT, HOSTILE_TEXT, HOSTILE_TEXT)
    @example("", "h", "#x")  # found by this test: python-markdown needs no space after '#'
    def test_hostile_titles_and_sections_give_safe_reports_or_a_documented_error(
        self, title: str, heading: str, text: str
    ) -> None:
        """A report's title and an extra section's title, item text and summary."""
        card = ithrive.Scorecard.from_dict(CARD_DOC)
        try:
            section = ReportSection(heading, items={"micro.2": text}, summary=text)
            hostile = outputs(card, title=title, extras=[section])
        except ithrive.IthriveError as err:
            documented(err)
            return
        twin = outputs(
            card,
            title="plain",
            extras=[ReportSection("plain", items={"micro.2": "plain"}, summary="plain")],
        )
        same_elements(hostile, twin)


class TestReaders:
    """The other readers: JSON text, rulesets, instruments, responses, workshops."""

    @budget(60)
    @given(st.recursive(
        st.one_of(st.none(), st.booleans(), HOSTILE_NUMBERS, HOSTILE_TEXT),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(HOSTILE_TEXT, inner, max_size=4)
        ),
        max_leaves=12,
    ))  # fmt: skip
    def test_json_text_of_hostile_values_parses_or_gives_a_documented_error(
        self, value: Any
    ) -> None:
        """parse_json on JSON text written from hostile values (surrogates as escapes)."""
        try:
            text = json.dumps(value)
        except ValueError:  # a number Python will not write: nothing to parse
            return
        try:
            parsed = parse_json(text)
        except ithrive.IthriveError as err:
            documented(err)
            return
        json.dumps(parsed, ensure_ascii=False).encode("utf-8")

    @budget(40)
    @given(HOSTILE_TEXT, HOSTILE_TEXT, HOSTILE_NUMBERS)
    def test_a_hostile_ruleset_loads_or_gives_a_documented_error(
        self, name: str, citation: str, level: int
    ) -> None:
        """Text in the header and a rule, a number for a band's level."""
        rule = {
            "citation": citation,
            "measures": [
                {
                    "name": "notes_audit",
                    "kind": "proportion",
                    "domain": "[0, 100]",
                    "bands": [
                        {"level": level, "interval": "[0, 50)"},
                        {"level": 4, "interval": "[50, 100]"},
                    ],
                }
            ],
        }
        data = {"ruleset": {"name": name, "version": "1", "extends": "default"}, "items": {}}
        data["items"] = {"micro.2": rule}
        try:
            rules = ithrive.load_ruleset(data)
        except ithrive.IthriveError as err:
            documented(err)
            return
        card = ithrive.score({"evidence": {}}, rules)
        outputs(card)

    @budget(40)
    @given(HOSTILE_TEXT, HOSTILE_TEXT, HOSTILE_NUMBERS, HOSTILE_NUMBERS)
    def test_an_edited_checklist_loads_or_gives_a_documented_error(
        self, title: str, reason: str, line: int, row: int
    ) -> None:
        """Text in an action's title and link reason; any line and row numbers."""
        import tomllib
        from importlib import resources

        data = tomllib.loads(
            resources.files("ithrive.instruments").joinpath("checklist.toml").read_text("utf-8")
        )
        action = data["actions"][0]
        action.update(title=title, line=line, row=row)
        if action.get("links"):
            action["links"][0]["reason"] = reason
        try:
            load_checklist(data)
        except ithrive.IthriveError as err:
            documented(err)

    @budget(40)
    @given(HOSTILE_TEXT, HOSTILE_TEXT, HOSTILE_TEXT)
    def test_hostile_responses_read_and_aggregate_or_give_a_documented_error(
        self, status: str, comment: str, respondent: str
    ) -> None:
        """A response's status, comment and respondent; then a workshop of it."""
        data = {
            "instrument": "checklist",
            "respondent": respondent,
            "answers": {"ck.01": {"status": status, "comment": comment}, "ck.02": "in_place"},
        }
        try:
            response = read_response(data)
            aggregate_responses([response])
        except ithrive.IthriveError as err:
            documented(err)


class TestCommandLine:
    """The command line: exit 0 or 2, output and messages encodable, nothing raw on a terminal."""

    @budget(40)
    @given(hostile_evidence(), st.sampled_from(["json", "markdown", "html", "table"]))
    def test_score_in_process_exits_0_or_2_with_safe_output(
        self, pair: tuple[dict[str, Any], dict[str, Any]], fmt: str
    ) -> None:
        """Standard output and error encode as UTF-8; error lines carry no control character."""
        doc, _ = pair
        out, err = io.StringIO(), io.StringIO()
        old = sys.stdin, sys.stdout, sys.stderr
        sys.stdin = io.StringIO(json.dumps(doc))
        sys.stdout, sys.stderr = out, err
        try:
            code = main(["score", "-", "--format", fmt])
        finally:
            sys.stdin, sys.stdout, sys.stderr = old
        assert code in (0, 2)
        out.getvalue().encode("utf-8")
        messages = err.getvalue()
        messages.encode("utf-8")
        assert [] == [c for c in messages if c != "\n" and (ord(c) < 32 or 127 <= ord(c) < 160)]
        assert (code == 0) == (messages == "")

    @budget(5)
    @given(hostile_evidence(), HOSTILE_TEXT)
    def test_report_in_a_real_process_exits_0_or_2_without_a_traceback(
        self, pair: tuple[dict[str, Any], dict[str, Any]], title: str
    ) -> None:
        """``ithrive report`` as a subprocess: a hostile file and a hostile --title."""
        doc, _ = pair
        argv: list[str | bytes] = [sys.executable, "-m", "ithrive", "report", "-"]
        argv += ["--format", "markdown"]
        # As bytes, as a shell passes them: a lone surrogate becomes bytes that are not UTF-8.
        arg = title.encode("utf-8", "surrogatepass")
        if b"\x00" not in arg:
            argv += ["--title", arg]
        done = subprocess.run(
            argv,
            input=json.dumps(doc).encode("utf-8"),
            capture_output=True,
            env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
            timeout=60,
            check=False,
        )
        assert done.returncode in (0, 2), done.stderr[-500:]
        assert b"Traceback" not in done.stderr
        done.stdout.decode("utf-8")
        done.stderr.decode("utf-8")


def test_the_catalogue_lists_the_codes_these_tests_accept() -> None:
    """The new codes are in the catalogue this suite reads."""
    assert {
        "unencodable_text",
        "duplicate_key",
        "too_large",
        "unwritable",
        "more_problems",
    } <= CODES


@pytest.mark.parametrize("text", ["<b>x</b>", "`<i>`", "#h", "- - -", "1. x", "    code"])
def test_the_twin_comparison_would_catch_an_element_from_the_input(text: str) -> None:
    """Unescaped, each text would add an element: the comparison is not vacuous."""
    page = f"# THRIVE assessment: x\n\n{text}\n"
    assert markdown_elements(page) != markdown_elements("# THRIVE assessment: x\n\nplain\n")


# ----------------------------------------------------------------------------- numbers


def _workshop() -> Any:
    from ithrive.studies.raters import Workshop

    return Workshop.from_records([{"rater": "R1", "item": "micro.2", "level": 3}])


def _interval() -> Any:
    from ithrive.rules.interval import Interval

    return Interval.parse("[0, 100]")


def _uncertain() -> Any:
    from ithrive.analysis.uncertainty import item_uncertainty

    return item_uncertainty("micro.2", {"kind": "proportion", "numerator": 18, "denominator": 30})


#: Every public function (or method) that takes a number, called with ``n`` in its place.
NUMBER_CALLS: dict[str, Any] = {
    "Approach.phase": lambda n: (
        __import__("ithrive.instruments").instruments.default_approach().phase(n)
    ),
    "Standards.section": lambda n: (
        __import__("ithrive.instruments").instruments.default_gm_standards().section(n)
    ),
    "collaborate offered": lambda n: import_module("ithrive.evidence.measures").collaborate(
        [(9, 9, 9)], offered=n, eligible=10
    ),
    "collaborate eligible": lambda n: import_module("ithrive.evidence.measures").collaborate(
        [(9, 9, 9)], offered=1, eligible=n
    ),
    "collaborate offered_percent": lambda n: import_module("ithrive.evidence.measures").collaborate(
        [(9, 9, 9)], offered_percent=n
    ),
    "mindful": lambda n: import_module("ithrive.evidence.measures").mindful([n]),
    "staff_survey": lambda n: import_module("ithrive.evidence.measures").staff_survey(
        [True], eligible=n
    ),
    "audit": lambda n: import_module("ithrive.evidence.measures").audit([n]),
    "Item.descriptor": lambda n: ithrive.FRAMEWORK.item("micro.2").descriptor(n),
    "Workshop.consensus": lambda n: _workshop().consensus(conflict_range=n),
    "consensus_level": lambda n: import_module("ithrive.studies.raters").consensus_level([n]),
    "Interval.contains_ratio": lambda n: _interval().contains_ratio(n, 1),
    "Interval.contains_ratio den": lambda n: _interval().contains_ratio(1, n),
    "Scorecard.to_json": lambda n: ithrive.Scorecard.from_dict(CARD_DOC).to_json(indent=n),
    "render_table": lambda n: render_table(ithrive.Scorecard.from_dict(CARD_DOC), width=n),
    "first_reached": lambda n: import_module("ithrive.studies.trends").first_reached(
        import_module("ithrive.studies.assessment").AssessmentCollection([]), level=n
    ),
    "ItemUncertainty.probability": lambda n: _uncertain().probability(n),
    "item_uncertainty": lambda n: import_module("ithrive.analysis.uncertainty").item_uncertainty(
        "micro.2", {"kind": "proportion", "percent": 50}, confidence=n
    ),
    "jeffreys successes": lambda n: import_module("ithrive.analysis.uncertainty").jeffreys_interval(
        n, 10
    ),
    "jeffreys trials": lambda n: import_module("ithrive.analysis.uncertainty").jeffreys_interval(
        1, n
    ),
    "jeffreys confidence": lambda n: import_module(
        "ithrive.analysis.uncertainty"
    ).jeffreys_interval(1, 10, confidence=n),
    "sample_size expected": lambda n: import_module("ithrive.analysis.uncertainty").sample_size(
        n, 5
    ),
    "sample_size margin": lambda n: import_module("ithrive.analysis.uncertainty").sample_size(
        50, n
    ),
    "sample_size confidence": lambda n: import_module("ithrive.analysis.uncertainty").sample_size(
        50, 5, confidence=n
    ),
    "find_unencodable": lambda n: import_module("ithrive.base.encoding").find_unencodable(
        ["\ud800"], limit=n
    ),
}

#: Numbers beyond what any argument accepts: huge, negative, not finite, not numbers at all.
ODD_NUMBERS = st.one_of(
    HOSTILE_NUMBERS,
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 5e-324, True]),
    st.floats(),
)


@pytest.mark.parametrize("name", sorted(NUMBER_CALLS))
@budget(8)
@given(number=ODD_NUMBERS)
def test_every_numeric_argument_gives_a_result_or_a_documented_error(
    name: str, number: Any
) -> None:
    """Huge, negative, non-finite and boolean numbers in every numeric argument."""
    try:
        NUMBER_CALLS[name](number)
    except ithrive.IthriveError as err:
        documented(err)


# ----------------------------------------------------------------------------- board pack


def _responses(texts: list[str]) -> list[Any]:
    """Two checklist responses whose respondent, area and comment are ``texts``."""
    respondent, area, comment = texts
    return [
        read_response(
            {
                "instrument": "checklist",
                "respondent": who,
                "area": area,
                "answers": {"ck.01": {"status": "in_place", "comment": comment}, "ck.02": None},
            }
        )
        for who in (respondent, respondent + "2")
    ]


@budget(30)
@given(st.lists(HOSTILE_TEXT, min_size=4, max_size=4))
def test_a_hostile_board_pack_renders_safely_or_gives_a_documented_error(texts: list[str]) -> None:
    """The board pack (HTML and Markdown) with hostile names, area, comment and title."""
    from ithrive.outputs.boardpack import board_pack

    card = ithrive.Scorecard.from_dict(CARD_DOC)

    def pack(texts: list[str]) -> dict[str, str]:
        workshop = aggregate_responses(_responses(texts[:3]), by="area")
        made = board_pack(scorecard=card, workshop=workshop, title=texts[3])
        out = {"html": made.to_html(), "markdown": made.to_markdown()}
        for text in out.values():
            text.encode("utf-8")
        return out

    try:
        hostile = pack(texts)
    except ithrive.IthriveError as err:
        documented(err)
        return
    # A blank text is kept blank in the twin: a blank comment or name is no comment or name.
    twin = pack(["plain" if t.strip() else t for t in texts[:3]] + ["plain"])
    extra = Counter(elements(hostile["html"])) - Counter(elements(twin["html"]))
    assert not extra, ("html", extra)
    extra = Counter(markdown_elements(hostile["markdown"])) - Counter(
        markdown_elements(twin["markdown"])
    )
    assert not extra, ("markdown", extra)
