"""Safety: evidence and rulesets are data, inputs are bounded, and nothing outside crashes us.

- Text in evidence, rulesets, instrument responses and command-line files is
  never evaluated, imported, run or opened as a path: a Python audit hook
  watches for any file, import, compile, exec or process event that mentions
  a marker planted in every text field.
- Every documented size limit (:mod:`ithrive.limits`) is enforced with the
  code ``too_large``, and the check does not read an unbounded input first.
- The foreign exceptions fuzzing found (``tests/test_fuzz.py``) stay fixed:
  each has a regression test named for the behaviour.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ithrive
from ithrive import limits
from ithrive.cli import example_evidence, main
from ithrive.evidence import measures
from ithrive.instruments import default_checklist, read_response
from ithrive.scorecard.report import render_html, render_markdown

# ----------------------------------------------------------------------------- inert data

MARKER = "ithrive_payload_7f3a"
PAYLOADS = (
    f"__import__('{MARKER}')",
    f"eval('{MARKER}')",
    f"../../{MARKER}/etc/passwd",
    f"/tmp/{MARKER}.toml",
    f"{MARKER}:main",
    f"$(touch {MARKER})",
    f"{{0.__class__.__mro__}}{MARKER}",
    f"<script>{MARKER}</script>",
)

#: Audit events that would mean input was used as code, a module or a path.
_WATCHED = (
    "open",
    "import",
    "exec",
    "compile",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "subprocess.Popen",
    "os.listdir",
    "os.scandir",
    "os.remove",
    "os.rename",
    "shutil.",
    "glob.glob",
    "pathlib.Path.glob",
    "ctypes.",
    "pickle.find_class",
    "marshal.loads",
    "urllib.Request",
    "socket.",
)
_seen: list[tuple[str, str]] = []
_watching: list[bool] = []


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _watching or not event.startswith(_WATCHED):
        return
    try:
        text = " ".join(str(a) for a in args)
    except Exception:  # an argument whose str() fails names no marker
        return
    if MARKER in text:
        _seen.append((event, text[:200]))


sys.addaudithook(_hook)


@contextlib.contextmanager
def watched() -> Iterator[list[tuple[str, str]]]:
    """Record every watched audit event that mentions the marker, while inside the block."""
    _seen.clear()
    _watching.append(True)
    try:
        yield _seen
    finally:
        _watching.pop()


def test_the_audit_hook_sees_a_marked_path_being_opened(tmp_path: Path) -> None:
    """The watch works: opening a file whose name carries the marker is recorded."""
    path = tmp_path / f"{MARKER}.txt"
    with watched() as seen:
        path.write_text("x", "utf-8")
    assert [event for event, _ in seen] == ["open"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_in_evidence_is_kept_as_text_and_never_run_or_opened(payload: str) -> None:
    """Notes, rater, locality and date carry the text through; nothing is evaluated."""
    doc = {
        "locality": payload,
        "date": payload,
        "evidence": {
            "micro.2": {"kind": "rating", "level": 3, "notes": payload, "rater": payload},
            "meso.2": {"kind": "count", "count": 2, "in_place": [payload, payload + "2"]},
        },
    }
    with watched() as seen:
        card = ithrive.score(doc)
        text = card.to_json()
        html = render_html(card)
        render_markdown(card)
    assert [] == seen
    assert (payload, payload) == (card.locality, card.date)
    assert payload in json.loads(text)["items"]["micro.2"]["evidence"][0]["notes"]
    assert f"<script>{MARKER}" not in html  # text is escaped in HTML, never markup


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_in_structural_fields_of_evidence_is_an_error_and_never_run(payload: str) -> None:
    """Item ids, kinds, field names, measures and criteria that are code or paths are refused."""
    evidence = {
        payload: {"kind": "rating", "level": 3},
        "micro.7": {"kind": payload},
        "micro.2": {"kind": "proportion", "percent": 50, payload: 1},
        "macro.5": {"kind": "proportion", "percent": 50, "measure": payload},
        "macro.1": {"kind": "indicators", "criteria": {payload: payload}},
        "micro.3b": {"kind": "proportion", "percent": payload},
    }
    with watched() as seen, pytest.raises(ithrive.InvalidEvidenceError) as caught:
        ithrive.score(evidence)
    assert [] == seen
    codes = {e.code for e in caught.value.errors}
    assert {"unknown_item", "unknown_kind", "unknown_field", "unknown_measure"} <= codes


def _ruleset_with(payload: str) -> dict[str, Any]:
    """A sound local variant whose every text field (but ids that must match) is ``payload``."""
    return {
        "ruleset": {
            "name": payload,
            "version": payload,
            "description": payload,
            "source": payload,
            "extends": "default",
        },
        "items": {
            "micro.1b": {
                "citation": payload,
                "decisions": [payload],
                "measures": [
                    {
                        "name": payload,
                        "kind": "collaborate",
                        "description": payload,
                        "domain": "[0, 9]",
                        "decisions": [payload],
                        "bands": [
                            {"level": 1, "interval": "[0, 6]"},
                            {"level": 2, "interval": "(6, 7]"},
                            {"level": 3, "interval": "(7, 8]"},
                            {"level": 4, "interval": "(8, 9]"},
                        ],
                        "gates": [
                            {
                                "id": payload,
                                "field": "encounters",
                                "when": "[0, 25)",
                                "effect": "warn",
                                "reason": payload,
                                "decisions": [payload],
                            }
                        ],
                    }
                ],
            },
            "macro.1": {
                "citation": payload,
                "indicators": {
                    "decisions": [payload],
                    "criteria": [
                        {"id": payload, "text": payload, "level": 2},
                        {
                            "id": payload + "2",
                            "text": payload,
                            "values": [payload + "a", payload + "b", payload + "c"],
                            "requires": {"3": payload + "b", "4": payload + "c"},
                        },
                    ],
                },
            },
        },
    }


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_in_a_ruleset_is_kept_as_text_and_never_run_or_opened(payload: str) -> None:
    """Every text field of a ruleset is data: it loads, scores and explains, inertly."""
    with watched() as seen:
        rules = ithrive.load_ruleset(_ruleset_with(payload))
        card = ithrive.score(
            {
                "micro.1b": {"kind": "collaborate", "mean": 8.5, "offered_percent": 90},
                "macro.1": {
                    "kind": "indicators",
                    "criteria": {payload: True, payload + "2": payload + "c"},
                },
            },
            rules,
        )
        card.to_json()
    assert [] == seen
    assert (payload, payload) == (rules.name, card.ruleset_version)
    assert 4 == card["macro.1"].level
    assert payload in card["micro.1b"].citation


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_path_in_extends_or_an_item_id_is_never_opened(payload: str) -> None:
    """``extends`` takes only ``"default"``: a path there is refused, never read."""
    data = {"ruleset": {"name": "x", "version": "1", "extends": payload}, "items": {payload: {}}}
    with watched() as seen, pytest.raises(ithrive.RulesetError) as caught:
        ithrive.load_ruleset(data)
    assert [] == seen
    assert {"invalid_value", "unknown_item"} <= {f.code for f in caught.value.findings}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_in_an_instrument_response_is_never_run_or_opened(payload: str) -> None:
    """Respondent, area and comments are text; an unknown instrument name is an error."""
    with watched() as seen:
        response = read_response(
            {
                "instrument": "checklist",
                "respondent": payload,
                "area": payload,
                "answers": {"ck.01": {"status": "in_place", "comment": payload}},
            }
        )
        with pytest.raises(ithrive.ResponseError):
            read_response({"instrument": payload, "answers": {payload: payload}})
        with pytest.raises(ithrive.ResponseError):
            read_response({"answers": {payload: payload}}, instrument=default_checklist())
    assert [] == seen
    assert payload == response.respondent


def test_text_in_a_file_given_to_the_command_line_is_never_run_or_opened(tmp_path: Path) -> None:
    """Only the files named on the command line are opened; paths inside them are data."""
    path = tmp_path / "evidence.json"
    doc = {
        "locality": PAYLOADS[2],
        "evidence": {"micro.2": {"kind": "rating", "level": 3, "notes": PAYLOADS[3]}},
    }
    path.write_text(json.dumps(doc), "utf-8")
    out = io.StringIO()
    with watched() as seen, contextlib.redirect_stdout(out):
        assert 0 == main(["score", str(path), "--format", "json"])
    assert [] == seen
    assert PAYLOADS[2] == json.loads(out.getvalue())["locality"]


# ----------------------------------------------------------------------------- size limits


def _too_large(err: ithrive.IthriveError) -> list[ithrive.EvidenceError]:
    inner = err.errors if isinstance(err, ithrive.InvalidEvidenceError) else (err,)
    return [e for e in inner if e.code == "too_large"]


class TestEvidenceLimits:
    """Each limit on evidence is enforced with ``too_large``; the limit itself is accepted."""

    def test_limits_cover_every_unbounded_part_of_the_input(self) -> None:
        """Items, pieces, text, criteria, names, whole numbers, records, JSON files, CSV cells,
        problems."""
        assert set(limits.__all__) == {
            "MAX_CRITERIA",
            "MAX_CSV_CELL",
            "MAX_INDENT",
            "MAX_INTEGER",
            "MAX_ITEMS",
            "MAX_JSON_CONTAINERS",
            "MAX_JSON_DEPTH",
            "MAX_JSON_KEYS",
            "MAX_JSON_TEXT",
            "MAX_JSON_VALUES",
            "MAX_PROBLEMS",
            "MAX_NAMES",
            "MAX_PIECES",
            "MAX_RECORDS",
            "MAX_TEXT",
        }

    def test_items(self) -> None:
        """More entries than MAX_ITEMS in one mapping are refused before any is read."""
        evidence = {f"x{i}": None for i in range(limits.MAX_ITEMS + 1)}
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            ithrive.score(evidence)
        assert [limits.MAX_ITEMS + 1] == [e.value for e in caught.value.errors]
        assert "too_large" == caught.value.errors[0].code

    def test_pieces(self) -> None:
        """More than MAX_PIECES pieces for one item."""
        pieces = [{"kind": "rating", "level": 3}] * (limits.MAX_PIECES + 1)
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            ithrive.score({"micro.2": pieces})
        assert [("micro.2", limits.MAX_PIECES + 1)] == [
            (e.item, e.value) for e in _too_large(caught.value)
        ]

    @pytest.mark.parametrize("field", ["notes", "rater"])
    def test_text(self, field: str) -> None:
        """A text field of MAX_TEXT characters is fine; one more is too large."""
        ok = {"kind": "rating", "level": 3, field: "x" * limits.MAX_TEXT}
        assert 3 == ithrive.score({"micro.2": ok})["micro.2"].level
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            ithrive.score({"micro.2": {**ok, field: "x" * (limits.MAX_TEXT + 1)}})
        assert [field] == [e.field for e in _too_large(caught.value)]

    @pytest.mark.parametrize("field", ["locality", "date"])
    def test_document_text(self, field: str) -> None:
        """A document's locality or date of MAX_TEXT characters is kept; one more is too large,
        from a document and from an EvidenceSet alike."""
        ok = {field: "x" * limits.MAX_TEXT, "evidence": {}}
        assert limits.MAX_TEXT == len(getattr(ithrive.score(ok), field))
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            ithrive.score({**ok, field: "x" * (limits.MAX_TEXT + 1)})
        with pytest.raises(ithrive.EvidenceError) as built:
            ithrive.EvidenceSet(evidence={}, **{field: "x" * (limits.MAX_TEXT + 1)})
        assert ([field], "too_large") == (
            [e.field for e in _too_large(caught.value)],
            built.value.code,
        )

    def test_a_long_name(self) -> None:
        """A name in a count's in_place longer than MAX_TEXT characters is too large."""
        evidence = {"kind": "count", "count": 1, "in_place": ["n" * (limits.MAX_TEXT + 1)]}
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            ithrive.score({"meso.2": evidence})
        assert ["in_place"] == [e.field for e in _too_large(caught.value)]

    def test_criteria(self) -> None:
        """More than MAX_CRITERIA criteria in one indicators object."""
        criteria = {f"c{i}": True for i in range(limits.MAX_CRITERIA + 1)}
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            ithrive.score({"macro.1": {"kind": "indicators", "criteria": criteria}})
        assert ["criteria"] == [e.field for e in _too_large(caught.value)]

    def test_names(self) -> None:
        """More than MAX_NAMES names in a count's in_place."""
        names = [f"n{i}" for i in range(limits.MAX_NAMES + 1)]
        evidence = {"kind": "count", "count": len(names), "in_place": names}
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            ithrive.score({"meso.2": evidence})
        assert ["in_place"] == [e.field for e in _too_large(caught.value)]

    def test_integers(self) -> None:
        """A whole number above MAX_INTEGER, without writing it out in the error."""
        evidence = {"kind": "proportion", "numerator": 1, "denominator": limits.MAX_INTEGER + 1}
        with pytest.raises(ithrive.InvalidEvidenceError) as caught:
            ithrive.score({"micro.2": evidence})
        (err,) = _too_large(caught.value)
        assert "denominator" == err.field
        assert str(limits.MAX_INTEGER + 1) not in str(caught.value)


class TestRecordLimits:
    """``ithrive.evidence.measures`` reads at most MAX_RECORDS records per call."""

    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (measures.audit, "records"),
            (lambda records: measures.staff_survey(records, eligible=10**6), "returns"),
            (measures.collaborate, "responses"),
            (measures.mindful, "elements"),
        ],
        ids=["audit", "staff_survey", "collaborate", "mindful"],
    )
    def test_more_records_than_the_limit_are_too_large(self, call: Any, field: str) -> None:
        """A list one record over the limit is refused, naming its length."""
        records = [True] * (limits.MAX_RECORDS + 1)
        with pytest.raises(ithrive.EvidenceError) as caught:
            call(records)
        assert ("too_large", field, limits.MAX_RECORDS + 1) == (
            caught.value.code,
            caught.value.field,
            caught.value.value,
        )

    def test_the_limit_itself_is_accepted(self) -> None:
        """Exactly MAX_RECORDS records are counted."""
        evidence = measures.audit([True, False] * (limits.MAX_RECORDS // 2))
        assert limits.MAX_RECORDS == evidence.denominator

    def test_an_endless_iterator_is_read_only_just_past_the_limit(self) -> None:
        """An unbounded generator is refused after MAX_RECORDS + 1 values, not read forever."""
        drawn = itertools.count()
        endless = (True for _ in drawn)
        with pytest.raises(ithrive.EvidenceError) as caught:
            measures.audit(endless)
        assert ("too_large", None) == (caught.value.code, caught.value.value)
        assert limits.MAX_RECORDS + 1 == next(drawn)


def _cli(argv: list[str]) -> tuple[int, str, list[dict[str, Any]]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*argv, "--errors", "json"])
    return code, out.getvalue(), [json.loads(line) for line in err.getvalue().splitlines()]


class TestCommandLineLimits:
    """JSON files the command line reads are bounded in size and nesting."""

    def test_a_file_over_the_size_limit_is_too_large(self, tmp_path: Path) -> None:
        """More than MAX_JSON_TEXT characters are refused before parsing."""
        path = tmp_path / "big.json"
        path.write_text('{"micro.2": []' + " " * limits.MAX_JSON_TEXT + "}", "utf-8")
        code, out, problems = _cli(["score", str(path)])
        assert (2, "") == (code, out)
        assert ["too_large"] == [p["code"] for p in problems]

    @pytest.mark.parametrize("depth", [limits.MAX_JSON_DEPTH + 1, 900, 100_000])
    def test_nesting_over_the_limit_is_too_large(self, tmp_path: Path, depth: int) -> None:
        """Deep arrays, parsable or not by Python's own parser, are one too_large problem."""
        path = tmp_path / "deep.json"
        path.write_text("[" * depth + "]" * depth, "utf-8")
        code, _, problems = _cli(["score", str(path)])
        assert (2, ["too_large"]) == (code, [p["code"] for p in problems])

    def test_nesting_at_the_limit_is_read(self, tmp_path: Path) -> None:
        """A document nested exactly MAX_JSON_DEPTH deep is parsed (and then judged)."""
        depth = limits.MAX_JSON_DEPTH
        path = tmp_path / "deep.json"
        path.write_text('{"micro.2": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}", "utf-8")
        code, _, problems = _cli(["score", str(path)])
        assert 2 == code
        assert "too_large" not in [p["code"] for p in problems]

    def test_a_number_with_too_many_digits_is_too_large(self, tmp_path: Path) -> None:
        """JSON numbers longer than Python will read (4300 digits) are too_large, not a crash."""
        path = tmp_path / "digits.json"
        path.write_text('{"meso.2": {"kind": "count", "count": ' + "9" * 5000 + "}}", "utf-8")
        code, _, problems = _cli(["score", str(path)])
        assert (2, ["too_large"]) == (code, [p["code"] for p in problems])


# ----------------------------------------------------------------------------- regressions

#: A whole number Python refuses to write as text (more than 4300 digits).
UNWRITABLE = 10**5000


class TestFoundByFuzzing:
    """Foreign exceptions the fuzz tests found, each now an ithrive error (or a result)."""

    def test_a_whole_number_too_long_to_write_is_reported_not_raised(self) -> None:
        """As an item id, a piece, a locality and a field, it is reported, shortened."""
        for evidence in (
            {UNWRITABLE: {"kind": "rating", "level": 3}},
            {"micro.2": UNWRITABLE},
            {"micro.2": {"kind": UNWRITABLE}},
            {"micro.2": {"kind": "rating", "level": 3, UNWRITABLE: 1}},
            {"locality": UNWRITABLE, "evidence": {}},
            {"micro.2": {"kind": "rating", "level": 3, "notes": UNWRITABLE}},
        ):
            with pytest.raises(ithrive.InvalidEvidenceError) as caught:
                ithrive.score(evidence)
            json.dumps(caught.value.to_dict())
            assert all(len(line) < 300 for line in caught.value.lines())

    def test_a_whole_number_too_long_to_write_in_a_ruleset_is_a_finding(self) -> None:
        """In the header, as an item rule and as a key, it is a finding, not a ValueError."""
        for data in (
            {"ruleset": {"name": UNWRITABLE, "version": "1", "extends": "default"}},
            {
                "ruleset": {"name": "x", "version": "1", "extends": "default"},
                "items": {"micro.2": UNWRITABLE},
            },
            {UNWRITABLE: 1, "ruleset": {"name": "x", "version": "1", "extends": "default"}},
            {"ruleset": {"name": "x", "version": "1", "extends": "default", UNWRITABLE: 1}},
        ):
            with pytest.raises(ithrive.RulesetError) as caught:
                ithrive.load_ruleset(data)
            assert caught.value.findings

    def test_a_ruleset_source_that_is_neither_a_path_nor_a_mapping_is_a_wrong_type(self) -> None:
        """``load_ruleset(None)`` or a list names the argument; no TypeError from ``os.fspath``."""
        for source in (None, [], 3):
            with pytest.raises(ithrive.EvidenceError) as caught:
                ithrive.load_ruleset(source)  # type: ignore[arg-type]
            assert ("wrong_type", "source") == (caught.value.code, caught.value.field)

    def test_an_instrument_source_that_is_neither_a_path_nor_a_mapping_is_a_wrong_type(
        self,
    ) -> None:
        """The instrument loaders name such a source as the wrong argument too."""
        from ithrive.instruments import load_checklist

        for source in (None, [], 3):
            with pytest.raises(ithrive.EvidenceError) as caught:
                load_checklist(source)  # type: ignore[arg-type]
            assert ("wrong_type", "source") == (caught.value.code, caught.value.field)

    def test_a_response_with_a_whole_number_too_long_to_write_is_a_response_error(self) -> None:
        """As the instrument, a key, an area or a comment."""
        for data in (
            {"instrument": UNWRITABLE},
            {"instrument": "checklist", UNWRITABLE: 1},
            {"instrument": "checklist", "area": UNWRITABLE},
            {"instrument": "checklist", "answers": {"ck.01": {"comment": UNWRITABLE}}},
            {"instrument": "checklist", "answers": {UNWRITABLE: "in_place"}},
        ):
            with pytest.raises(ithrive.ResponseError):
                read_response(data)

    def test_a_collaborate_score_too_large_for_a_float_is_out_of_range(self) -> None:
        """An answer of 10**400 is an out_of_range problem, not an OverflowError."""
        with pytest.raises(ithrive.EvidenceError) as caught:
            measures.collaborate([(9, 9, 10**400)])
        assert "out_of_range" == caught.value.code

    def test_measures_report_a_whole_number_too_long_to_write(self) -> None:
        """Records, elements and counts of 5000 digits are reported, shortened."""
        for call in (
            lambda: measures.audit([UNWRITABLE]),
            lambda: measures.mindful([UNWRITABLE]),
            lambda: measures.collaborate([(1, 2, 3)], offered=UNWRITABLE, eligible=1),
            lambda: measures.collaborate([(1, 2, UNWRITABLE)]),
        ):
            with pytest.raises(ithrive.EvidenceError) as caught:
                call()
            json.dumps(caught.value.to_dict())

    def test_a_ruleset_file_too_deep_or_too_long_for_python_is_a_toml_finding(
        self, tmp_path: Path
    ) -> None:
        """TOML with a 5000-digit number, or nested 5000 deep, is ``toml_syntax``."""
        for text in ("n = " + "9" * 5000, "a = " + "[" * 5000 + "]" * 5000):
            path = tmp_path / "rules.toml"
            path.write_text(text, "utf-8")
            with pytest.raises(ithrive.RulesetError) as caught:
                ithrive.load_ruleset(path)
            assert ["toml_syntax"] == [f.code for f in caught.value.findings]

    def test_a_scorecard_document_of_the_wrong_types_is_refused(self) -> None:
        """``from_dict`` checks the scorecard schema, so a report never meets a bad field."""
        data = ithrive.score(example_evidence()).to_dict()
        data["locality"] = ["not", "text"]
        data["items"]["micro.2"]["explanation"] = 5
        data["items"]["micro.2"]["value"] = float("nan")
        data["systems"]["meso"]["items_total"] = UNWRITABLE
        with pytest.raises(ithrive.EvidenceError) as caught:
            ithrive.Scorecard.from_dict(data)
        assert "invalid_scorecard" == caught.value.code
        assert "4 problems" in caught.value.message

    def test_report_on_a_scorecard_file_of_the_wrong_types_exits_2(self, tmp_path: Path) -> None:
        """``ithrive report`` used to crash with a TypeError on such a file."""
        data = ithrive.score(example_evidence()).to_dict()
        data["locality"] = ["not", "text"]
        path = tmp_path / "card.json"
        path.write_text(json.dumps(data), "utf-8")
        code, out, problems = _cli(["report", str(path)])
        assert (2, "", ["invalid_scorecard"]) == (code, out, [p["code"] for p in problems])

    def test_an_offered_percent_that_is_not_a_percent_is_refused_when_counting(self) -> None:
        """``collaborate(offered_percent=...)`` is checked at once (it was kept unchecked, and a
        5000-digit number made ``CollaboRATEScores.to_dict`` unwritable as JSON)."""
        cases = [
            (UNWRITABLE, "too_large"),
            (float("nan"), "not_finite"),
            (101, "out_of_range"),
            ("60", "wrong_type"),
            (True, "wrong_type"),
        ]
        for bad, code in cases:
            with pytest.raises(ithrive.EvidenceError) as caught:
                measures.collaborate([(9, 9, 9)], offered_percent=bad)
            assert (code, "offered_percent") == (caught.value.code, caught.value.field)
        assert 60 == measures.collaborate([(9, 9, 9)], offered_percent=60).offered_percent


class TestResponseLimits:
    """Text in an instrument response is bounded like text in evidence."""

    @pytest.mark.parametrize("where", ["respondent", "area", "comment"])
    def test_text_longer_than_max_text_is_too_large(self, where: str) -> None:
        """MAX_TEXT characters are kept; one more is a ``too_large`` finding."""
        for size, ok in ((limits.MAX_TEXT, True), (limits.MAX_TEXT + 1, False)):
            text = "x" * size
            data: dict[str, Any] = {"instrument": "checklist", "answers": {"ck.01": "in_place"}}
            if where == "comment":
                data["answers"] = {"ck.01": {"status": "in_place", "comment": text}}
            else:
                data[where] = text
            if ok:
                read_response(data)
                continue
            with pytest.raises(ithrive.ResponseError) as caught:
                read_response(data)
            assert ["too_large"] == [f.code for f in caught.value.findings]
