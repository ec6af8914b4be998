"""The ``ithrive`` command line (standard library argparse); ``python -m ithrive`` is the same.

Commands: ``demo``, ``score``, ``template``, ``rules show``, ``rules verify``,
``rules cases``, ``schema``, ``report`` (with ``--workshop``, a board pack)
and ``instruments template``; ``ithrive COMMAND --help`` describes each.

Exit codes: 0 success; 1 a ruleset failed verification (``rules verify``,
``rules cases``); 2 invalid input or usage, with one message per problem on
standard error naming the file, item, field and value (``--errors json``
writes each problem as a JSON object on its own line instead), escaped for
the terminal. A command that fails writes nothing to its ``--output`` file
(:func:`ithrive.base.output.write_output`). JSON input is read strictly and
within limits by :func:`ithrive.evidence.jsonfile.read_json`: a file beyond one is a
``too_large`` problem, never a crash.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import attrs

from ithrive.base.encoding import is_encodable, unencodable_reason
from ithrive.base.escape import escape_terminal
from ithrive.errors import (
    EvidenceError,
    InputError,
    InvalidEvidenceError,
    IthriveError,
    RulesetError,
    jsonable,
    short_repr,
)

if TYPE_CHECKING:
    from ithrive.rules import Ruleset
    from ithrive.rules.ruleset import ItemRule
    from ithrive.scorecard import Scorecard

# Each command imports what it needs when it runs (``ithrive score`` never
# imports the schema, template or report modules), so that a command's start-up
# costs only its own work.

__all__ = ["EXAMPLE_FILE", "EXIT_FINDINGS", "EXIT_INVALID", "EXIT_OK", "example_evidence", "main"]

#: The bundled example locality's evidence document, inside ``ithrive.data``.
EXAMPLE_FILE = "example-locality.json"

#: Exit code: success.
EXIT_OK = 0
#: Exit code: ``rules verify`` found the ruleset unsound.
EXIT_FINDINGS = 1
#: Exit code: invalid input or usage; nothing was written.
EXIT_INVALID = 2

_WIDTH = 100


def example_evidence() -> dict[str, Any]:
    """The bundled example locality's evidence document, as a new dict."""
    from importlib import resources

    text = resources.files("ithrive.data").joinpath(EXAMPLE_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _read_json(path: str) -> Any:
    """A JSON file (``-``: standard input), read strictly (:mod:`ithrive.evidence.jsonfile`)."""
    from ithrive.evidence.jsonfile import read_json

    return read_json(path)


def _write(data: str | bytes, output: str | None) -> None:
    """Write to standard output or ``output``: :func:`ithrive.base.output.write_output`."""
    from ithrive.base.output import write_output

    write_output(data, output)


def _load_ruleset(path: str | None) -> Ruleset:
    from ithrive.rules import default_ruleset, load_ruleset

    return default_ruleset() if path is None else load_ruleset(path)


def _ruleset(path: str | None) -> Ruleset:
    """The ruleset of ``--ruleset``: its problems are reported naming the file, not the ruleset."""
    try:
        return _load_ruleset(path)
    except RulesetError as err:
        raise _Problems(_Problem.from_error(err, path)) from None


def _render(card: Scorecard, fmt: str) -> str:
    if fmt == "json":
        return card.to_json() + "\n"
    if fmt in ("markdown", "html"):
        from ithrive.scorecard.report import render_html, render_markdown

        return render_markdown(card) if fmt == "markdown" else render_html(card)
    from ithrive.scorecard.table import render_table

    return render_table(card, width=_WIDTH)


@attrs.frozen
class _Problem:
    """One problem to report: where it is (file, item, field), its value, code and message."""

    source: str | None
    code: str
    item: str | None
    field: str | None
    value: Any
    message: str

    @classmethod
    def from_error(cls, err: IthriveError, source: str | None) -> list[_Problem]:
        if isinstance(err, InvalidEvidenceError):
            return [p for e in err.errors for p in cls.from_error(e, source)]
        if isinstance(err, InputError) and err.errors:
            listed = [p for e in err.errors for p in cls.from_error(e, source)]
            more = f"and {err.more} more problems"
            return listed + (
                [cls(source, "more_problems", None, None, err.more, more)] if err.more else []
            )
        if isinstance(err, RulesetError):
            return [
                cls(source or err.name, f.code, f.item, f.where or None, None, f.message)
                for f in err.findings
            ]
        return [cls(source, err.code, err.item, err.field, err.value, err.message)]


class _Problems(Exception):
    """Every problem found, to write on standard error before exiting with code 2."""

    def __init__(self, problems: list[_Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _evidence_document(data: Any, path: str) -> Any:
    """``data`` if it is an evidence document as its schema says: an object with ``evidence``.

    A file is a document, never a bare mapping of item ids (which
    :func:`ithrive.score` also takes, from Python): ``{}`` or
    ``{"micro.2": ...}`` is refused with ``missing_field``, so the command
    line accepts exactly what ``ithrive schema evidence`` describes.
    """
    if isinstance(data, dict) and "evidence" not in data:
        raise EvidenceError(
            "an evidence document needs the key 'evidence', with the items under it "
            "('ithrive template' writes one)",
            code="missing_field",
            field="evidence",
            value=None,
        )
    return data


def _score_file(path: str, rules: Ruleset) -> Scorecard:
    from ithrive.scoring import score

    try:
        data = _read_json(path)
        if _is_scorecard(data):  # one clear problem, not one per scorecard key
            raise InputError(
                "a scorecard, not an evidence document; 'ithrive report' takes scorecards",
                code="wrong_type",
                value=path,
            )
        return score(_evidence_document(data, path), rules)
    except IthriveError as err:
        raise _Problems(_Problem.from_error(err, path)) from None


def _cmd_demo(args: argparse.Namespace) -> int:
    from ithrive.scoring import score

    _write(_render(score(example_evidence()), args.format), None)
    return EXIT_OK


def _cmd_score(args: argparse.Namespace) -> int:
    rules = _ruleset(args.ruleset)
    card = _score_file(args.file, rules)
    _write(_render(card, args.format), args.output)
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from ithrive.outputs.template import evidence_template

    rules = _ruleset(args.ruleset)
    doc = evidence_template(args.items, ruleset=rules)
    _write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", args.output)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from ithrive.outputs.schema import evidence_schema, schema_json, scorecard_schema

    if args.which == "evidence":
        schema = evidence_schema(_ruleset(args.ruleset))
    else:
        schema = scorecard_schema()
    _write(schema_json(schema), args.output)
    return EXIT_OK


def _is_scorecard(data: Any) -> bool:
    return isinstance(data, dict) and "schema" in data and "items" in data


def _card_from(path: str, rules: Ruleset) -> Scorecard:
    """The scorecard a report FILE holds, or scores: a stored scorecard, or an evidence document."""
    from ithrive.scorecard import Scorecard
    from ithrive.scoring import score

    data = _read_json(path)
    if _is_scorecard(data):
        return Scorecard.from_dict(data)
    return score(_evidence_document(data, path), rules)


def _cmd_report(args: argparse.Namespace) -> int:
    from ithrive.scorecard.report import render_html, render_markdown

    if _wants_board_pack(args):
        return _cmd_board_pack(args)
    if not args.files:
        raise InputError(
            "give at least one FILE, or --workshop, --plan or --standards for a board pack",
            code="usage",
        )
    rules = _ruleset(args.ruleset)
    if args.files.count("-") > 1:
        raise InputError("standard input ('-') can be read only once", code="usage", value="-")
    cards: list[Scorecard] = []
    problems: list[_Problem] = []
    for path in args.files:
        try:
            cards.append(_card_from(path, rules))
        except IthriveError as err:
            problems.extend(_Problem.from_error(err, path))
    if problems:
        raise _Problems(problems)
    render = render_html if args.format == "html" else render_markdown
    _write(render(cards, title=args.title), args.output)
    return EXIT_OK


# ----------------------------------------------------------------------------- workshops


def _board_pack_options(rep: argparse.ArgumentParser) -> None:
    """The ``report`` options that make a board pack of a workshop."""
    pack = rep.add_argument_group(
        "board pack",
        "With any of these, the report is a board pack: the assessment (at most one FILE), "
        "the checklist workshop, its facilitator's summary and gap analysis, the Approach "
        "and the GM standards. Answer files are filled-in templates (.csv, .xlsx; see "
        "'ithrive instruments template') or JSON responses (.json, one per stakeholder).",
    )
    pack.add_argument(
        "--workshop",
        action="append",
        default=[],
        metavar="ANSWERS",
        help="the checklist answers of the workshop (repeat for several files)",
    )
    pack.add_argument("--plan", metavar="ANSWERS", help="the plan: one response to the Approach")
    pack.add_argument(
        "--standards",
        action="append",
        default=[],
        metavar="ANSWERS",
        help="answers to the GM standards (several responses are read through their consensus)",
    )
    pack.add_argument(
        "--before",
        action="append",
        default=[],
        metavar="ANSWERS",
        help="an earlier workshop's checklist answers, to compare with",
    )
    pack.add_argument(
        "--by",
        choices=("auto", "area", "sector", "role"),
        default="auto",
        help="compare the workshop's groups by this column (default: sector when every "
        "answer is from one area, else area)",
    )
    pack.add_argument("--area", help="keep only this area's answers")
    pack.add_argument(
        "--rule", choices=("no_dissent", "plurality", "least_advanced"), default="no_dissent",
        help="how the workshop's answers become one status per action for planning "
        "(default: no_dissent)",
    )  # fmt: skip


def _wants_board_pack(args: argparse.Namespace) -> bool:
    return bool(args.workshop or args.plan or args.standards or args.before)


def _answers(paths: Sequence[str], what: str) -> tuple[Any, ...]:
    """Responses read from answer files; every problem named by file, row and stakeholder."""
    from ithrive.errors import ResponseError
    from ithrive.instruments import read_answers

    if "-" in paths:
        raise InputError(
            f"{what}: answer files are read by name, not from standard input", code="usage"
        )
    try:
        return read_answers(paths)
    except ResponseError as err:
        raise _finding_problems(err) from None


def _finding_problems(err: Any) -> _Problems:
    """A ResponseError's findings as problems, one line each."""
    return _Problems(
        [_Problem(None, f.code, f.item, f.where, None, f.message) for f in err.findings]
    )


def _workshop(responses: Sequence[Any], by: str, area: str | None) -> Any:
    """The responses tallied; problems (a stakeholder twice, no area) one line each."""
    from ithrive.errors import ResponseError
    from ithrive.instruments import aggregate_responses

    try:
        return aggregate_responses(responses, by=by, area=area)
    except ResponseError as err:
        raise _finding_problems(err) from None


def _only(responses: Sequence[Any], instrument: str, what: str) -> None:
    wrong = [r for r in responses if r.instrument != instrument]
    if wrong:
        problems = [
            _Problem(
                None, "wrong_instrument", None, r.source or what, None,
                f"{what} takes answers to {instrument!r}; this answers {r.instrument!r}",
            )
            for r in wrong
        ]  # fmt: skip
        raise _Problems(problems)


def _grouping(responses: Sequence[Any], by: str, area: str | None) -> str:
    if by != "auto":
        return by
    from ithrive.instruments.status import normal_text

    if area is not None:
        responses = [r for r in responses if normal_text(r.area or "") == normal_text(area)]
    areas = {normal_text(r.area) for r in responses if isinstance(r.area, str)}
    # one sector given is enough: a row missing its sector is then named, rather
    # than the whole pack silently compared by its one area
    sectors = any(isinstance(r.sector, str) and r.sector.strip() for r in responses)
    return "sector" if len(areas) == 1 and sectors else "area"


def _cmd_board_pack(args: argparse.Namespace) -> int:
    from ithrive.outputs.boardpack import board_pack

    if len(args.files) > 1:
        raise InputError(
            "a board pack takes at most one assessment FILE", code="usage", value=args.files[1]
        )
    card = None
    if args.files:
        rules = _ruleset(args.ruleset)
        path = args.files[0]
        try:
            card = _card_from(path, rules)
        except IthriveError as err:
            raise _Problems(_Problem.from_error(err, path)) from None
    workshop = before = plan = standards = None
    if args.workshop:
        answers = _answers(args.workshop, "--workshop")
        _only(answers, "checklist", "--workshop")
        by = _grouping(answers, args.by, args.area)
        workshop = _workshop(answers, by, args.area)
        if args.before:
            earlier = _answers(args.before, "--before")
            _only(earlier, "checklist", "--before")
            before = _workshop(earlier, by, args.area)
    elif args.before:
        raise InputError("--before needs --workshop to compare with", code="usage")
    if args.plan:
        plans = _answers([args.plan], "--plan")
        _only(plans, "approach", "--plan")
        if len(plans) != 1:
            raise InputError(
                f"--plan takes one response to the Approach; {args.plan} has {len(plans)}",
                code="usage",
                value=args.plan,
            )
        plan = plans[0]
    if args.standards:
        found = _answers(args.standards, "--standards")
        _only(found, "gm_standards", "--standards")
        standards = found[0] if len(found) == 1 else _workshop(found, "area", None)
    pack = board_pack(
        scorecard=card,
        workshop=workshop,
        plan=plan,
        standards=standards,
        before=before,
        rule=args.rule,
        title=args.title,
    )
    _write(pack.to_html() if args.format == "html" else pack.to_markdown(), args.output)
    return EXIT_OK


def _instruments_parser(sub: Any) -> None:
    """The ``instruments`` command: the answer templates of the three instruments."""
    ins = sub.add_parser("instruments", help="answer templates for the implementation instruments")
    isub = ins.add_subparsers(dest="instruments_command", required=True, metavar="COMMAND")
    tp = isub.add_parser(
        "template",
        help="write the spreadsheet a workshop fills in: one row per stakeholder",
        description="Columns: respondent, area, sector, role, date, then per entry its status "
        "and its comment, support and best practice notes. A blank cell is not answered.",
    )
    tp.add_argument("instrument", choices=("checklist", "approach", "standards"))
    tp.add_argument(
        "--format", choices=("csv", "xlsx"), default=None,
        help="csv or xlsx (needs: pip install 'ithrive[excel]'; needs --output); "
        "default: xlsx for an --output ending in .xlsx, else csv",
    )  # fmt: skip
    tp.add_argument("--output", help="write here instead of standard output")
    _errors_option(tp)
    tp.set_defaults(run=_cmd_instruments_template)


def _cmd_instruments_template(args: argparse.Namespace) -> int:
    from ithrive.instruments import answer_template

    to_file = args.output is not None and args.output != "-"
    suffix = os.path.splitext(args.output)[1].casefold() if to_file else ""
    if args.format is None:
        args.format = "xlsx" if suffix == ".xlsx" else "csv"
    elif (args.format, suffix) in (("csv", ".xlsx"), ("xlsx", ".csv")):
        raise InputError(
            f"--format {args.format} does not match --output {args.output}: Excel would "
            "not open it",
            code="usage",
            value=args.output,
        )
    if args.format == "xlsx" and (args.output is None or args.output == "-"):
        raise InputError(
            "an Excel workbook is not text: give --output FILE.xlsx", code="usage", value="-"
        )
    data = answer_template(args.instrument, format=args.format)
    if args.output is None or args.output == "-":
        _write(data.decode("utf-8-sig"), None)  # text on a terminal: no byte order mark
    else:
        _write(data, args.output)
    return EXIT_OK


# ----------------------------------------------------------------------------- rules


def _wrap(text: str, indent: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def _rule_summary(rule: ItemRule) -> str:
    parts = [f"{m.name} ({m.kind})" for m in rule.measures]
    if rule.indicators is not None:
        parts.append(f"{len(rule.indicators.criteria)} criteria")
    return ", ".join(parts) or "rating only"


def _show_ruleset(rules: Ruleset) -> str:
    import textwrap

    lines = [f"ruleset {rules.name} {rules.version}"]
    if rules.description:
        lines.extend(_wrap(rules.description, ""))
    lines.append("")
    lines.append(f"{'item':<9}{'accepts':<33}measures and criteria")
    for rule in rules:
        row = f"{rule.item:<9}{', '.join(rule.accepts):<33}{_rule_summary(rule)}"
        lines.extend(textwrap.wrap(row, _WIDTH, subsequent_indent=" " * 42))
    lines.append("")
    lines.append("Show one item's bands, gates and criteria with: ithrive rules show ITEM")
    return "\n".join(lines) + "\n"


def _show_rule(rule: ItemRule) -> str:
    from ithrive.model import FRAMEWORK

    item = FRAMEWORK.item(rule.item)
    lines = [f"{item.id}: {item.title}"]
    lines.extend(_wrap(f"principle {item.principle} ({item.system}); {rule.citation}", "  "))
    lines.extend(_wrap(f"measure: {item.measure}", "  "))
    lines.append(f"  accepts: {', '.join(rule.accepts)}")
    for m in rule.measures:
        lines.append("")
        lines.extend(_wrap(f"measure {m.name} ({m.kind}, on {m.quantity}): {m.description}", ""))
        lines.append(f"  domain {m.domain}")
        lines.extend(f"  level {int(b.level)}: {b.interval}" for b in m.bands)
        for g in m.gates:
            effect = g.effect.value + (f" {int(g.level)}" if g.level is not None else "")
            lines.extend(_wrap(f"gate {g.id}: {g.field} in {g.when} -> {effect}: {g.reason}", "  "))
        if m.decisions:
            lines.append(f"  interpretation: {', '.join(m.decisions)}")
    if rule.indicators is not None:
        lines.append("")
        lines.append("criteria (give each as true/false or one of its labels):")
        for c in rule.indicators.criteria:
            if c.is_ordinal:
                needs = "; ".join(f"level {int(lv)} needs {label}" for lv, label in c.requires)
                values = " < ".join(c.values)
            else:
                needs = f"level {int(c.first_level)} needs true"
                values = "true/false"
            lines.extend(_wrap(f"{c.id}: {c.text}", "  "))
            lines.extend(_wrap(f"values: {values}; {needs}", "    "))
        if rule.indicators.decisions:
            lines.append(f"  interpretation: {', '.join(rule.indicators.decisions)}")
    if rule.decisions:
        lines.append(f"interpretation: {', '.join(rule.decisions)}")
    return "\n".join(lines) + "\n"


def _for_terminal(text: str) -> str:
    """Text shown on a terminal, line by line: a ruleset's own text may hold anything."""
    return "".join(escape_terminal(line) + "\n" for line in text.splitlines())


def _cmd_rules_show(args: argparse.Namespace) -> int:
    from ithrive.outputs.template import rule_help, select_items

    rules = _ruleset(args.ruleset)
    if args.item is None:
        if args.format == "json":
            text = json.dumps(
                {
                    "ruleset": {"name": rules.name, "version": rules.version},
                    "items": {r.item: rule_help(r) for r in rules},
                },
                indent=2,
                ensure_ascii=False,
            )
            _write(text + "\n", None)
        else:
            _write(_for_terminal(_show_ruleset(rules)), None)
        return EXIT_OK
    ids = select_items([args.item])
    if args.format == "json":
        _write(
            json.dumps({i: rule_help(rules.rule(i)) for i in ids}, indent=2, ensure_ascii=False)
            + "\n",
            None,
        )
    else:
        _write(_for_terminal("\n".join(_show_rule(rules.rule(i)) for i in ids)), None)
    return EXIT_OK


def _report_findings(err: RulesetError, fmt: str = "text", source: str | None = None) -> int:
    """Write a ruleset's findings on standard error, as ``rules verify`` does; return 1."""
    if fmt == "json":
        _report(_Problem.from_error(err, source), fmt)
    else:
        for finding in err.findings:
            print(escape_terminal(str(finding)), file=sys.stderr)
        print(f"{len(err.findings)} finding(s); the ruleset is not sound", file=sys.stderr)
    return EXIT_FINDINGS


def _cmd_rules_verify(args: argparse.Namespace) -> int:
    from ithrive.rules import verify

    try:
        rules = _load_ruleset(args.file)
    except RulesetError as err:
        return _report_findings(err, args.errors, args.file)
    findings = verify(rules)
    print(
        f"ruleset {escape_terminal(rules.name)} {escape_terminal(rules.version)}: sound "
        f"({len(rules)} item rules, {len(findings)} findings)"
    )
    return EXIT_OK


def _cmd_rules_cases(args: argparse.Namespace) -> int:
    from ithrive.outputs.template import select_items
    from ithrive.rules.cases import boundary_cases

    try:
        rules = _load_ruleset(args.file)
    except RulesetError as err:
        return _report_findings(err, args.errors, args.file)
    cases = boundary_cases(rules)
    if args.item is not None:
        wanted = set(select_items([args.item]))
        cases = tuple(c for c in cases if c.item in wanted)
    # One case per line: still one JSON array, and easy to read, grep and diff.
    rows = [json.dumps(c.to_dict(), ensure_ascii=False) for c in cases]
    _write(
        "[\n" + ",\n".join(f"  {row}" for row in rows) + "\n]\n" if rows else "[]\n", args.output
    )
    return EXIT_OK


# ----------------------------------------------------------------------------- parser

_FORMATS = ("table", "json", "markdown", "html")


def _errors_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--errors",
        choices=("text", "json"),
        default="text",
        help="how to write problems on standard error: readable lines (default) "
        "or one JSON object per line with code, item, field, value and message",
    )


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors are escaped for the terminal and cut.

    argparse quotes the arguments it cannot place ("unrecognized arguments:
    ..."), so an argument holding an escape sequence would reach the terminal.
    """

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        shown = escape_terminal(_cut(message, _MAX_MESSAGE))
        self.exit(EXIT_INVALID, f"{self.prog}: error: {shown}\n")


def _parser() -> argparse.ArgumentParser:
    from ithrive._version import __version__

    parser = _Parser(
        prog="ithrive",
        description="Score localities with the THRIVE Implementation Assessment Tool.",
        epilog="Exit codes: 0 success; 1 'rules verify' or 'rules cases' found problems; "
        "2 invalid input or usage (nothing is written).",
    )
    parser.add_argument("--version", action="version", version=f"ithrive {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="score the bundled example locality and print its scorecard")
    demo.add_argument("--format", choices=_FORMATS, default="table")
    demo.set_defaults(run=_cmd_demo)

    sc = sub.add_parser("score", help="score an evidence document (JSON; '-' reads standard input)")
    sc.add_argument("file", help="the evidence document, or '-' for standard input")
    sc.add_argument("--ruleset", help="a ruleset TOML file (default: the packaged ruleset)")
    sc.add_argument("--format", choices=_FORMATS, default="table", help="default: table")
    sc.add_argument("--output", help="write here instead of standard output")
    _errors_option(sc)
    sc.set_defaults(run=_cmd_score)

    tp = sub.add_parser(
        "template", help="print a blank evidence document with help on every item to fill in"
    )
    tp.add_argument(
        "--items",
        nargs="+",
        metavar="ID",
        help="only these items (item, principle or system ids; default: all 22)",
    )
    tp.add_argument("--ruleset", help="a ruleset TOML file (default: the packaged ruleset)")
    tp.add_argument("--output", help="write here instead of standard output")
    _errors_option(tp)
    tp.set_defaults(run=_cmd_template)

    rules = sub.add_parser("rules", help="show and verify rulesets, and list their boundary cases")
    rsub = rules.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    show = rsub.add_parser("show", help="show the rules: all items, or one item in full")
    show.add_argument("item", nargs="?", help="an item or principle id (default: a summary)")
    show.add_argument("--ruleset", help="a ruleset TOML file (default: the packaged ruleset)")
    show.add_argument("--format", choices=("text", "json"), default="text")
    _errors_option(show)
    show.set_defaults(run=_cmd_rules_show)
    ver = rsub.add_parser("verify", help="verify a ruleset file (default: the packaged one)")
    ver.add_argument("file", nargs="?", help="a ruleset TOML file (default: the packaged one)")
    _errors_option(ver)
    ver.set_defaults(run=_cmd_rules_verify)
    cases = rsub.add_parser(
        "cases",
        help="print the boundary cases of a ruleset as JSON: a test table for every band "
        "edge and gate",
        description="For every band edge and gate of the ruleset (FILE, default: the packaged "
        "one), evidence just below, at and just above the edge, with the level and status it "
        "must get. An unsound ruleset is reported as 'rules verify' does (exit code 1).",
    )
    cases.add_argument("file", nargs="?", help="a ruleset TOML file (default: the packaged one)")
    cases.add_argument("--item", help="only this item (or the items of this principle)")
    cases.add_argument("--output", help="write here instead of standard output")
    _errors_option(cases)
    cases.set_defaults(run=_cmd_rules_cases)

    sch = sub.add_parser("schema", help="print the JSON Schema of evidence documents or scorecards")
    sch.add_argument("which", choices=("evidence", "scorecard"))
    sch.add_argument("--ruleset", help="for 'evidence': the ruleset whose items to describe")
    sch.add_argument("--output", help="write here instead of standard output")
    sch.set_defaults(run=_cmd_schema)

    rep = sub.add_parser(
        "report",
        help="write an HTML or Markdown report of one or several assessments",
        description="Each FILE is an evidence document (scored here) or a scorecard JSON "
        "(as written by 'ithrive score --format json'); '-' reads standard input once.",
    )
    rep.add_argument("files", nargs="*", metavar="FILE")
    rep.add_argument("--format", choices=("html", "markdown"), default="html")
    rep.add_argument("--ruleset", help="the ruleset for evidence documents (default: packaged)")
    rep.add_argument("--title", help="the report's heading")
    rep.add_argument("--output", help="write here instead of standard output")
    _board_pack_options(rep)
    _errors_option(rep)
    rep.set_defaults(run=_cmd_report)
    _instruments_parser(sub)
    return parser


# ----------------------------------------------------------------------------- errors


def _shown(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return short_repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


#: Characters of a place (file, item, field) and of a message on standard error;
#: longer ones, which only a hostile input gives, are cut.
_MAX_PLACE = 200
_MAX_MESSAGE = 2_000


def _cut(text: str | None, limit: int) -> str | None:
    """``text`` cut to about ``limit`` characters, saying how long it was."""
    if text is None or len(text) <= limit:
        return text
    return f"{text[: limit - 30]}... ({len(text)} characters)"


def _line(p: _Problem, fmt: str) -> str:
    """One problem as a line of text or of JSON, safe to write to a terminal.

    Every part may come from the input, so each is escaped for the terminal
    (control characters, lone surrogates, bidirectional controls); a JSON
    line escapes what JSON can only hold as ``\\u`` escapes. Places and
    messages are cut to a bound, so a huge argument or file name is not
    echoed whole.
    """
    if fmt == "json":
        value = _cut(p.value, _MAX_MESSAGE) if isinstance(p.value, str) else p.value
        record = {
            "file": _cut(p.source, _MAX_PLACE),
            "code": p.code,
            "item": _cut(p.item, _MAX_PLACE),
            "field": _cut(p.field, _MAX_PLACE),
            "value": jsonable(value),
            "message": _cut(p.message, _MAX_MESSAGE),
        }
        text = json.dumps(record, ensure_ascii=False)
        return text if is_encodable(text) else json.dumps(record, ensure_ascii=True)
    place = [escape_terminal(_cut(x, _MAX_PLACE)) for x in (p.item, p.field) if x and x != p.source]
    if p.value is not None and p.value not in (p.item, p.source, p.field):
        shown = escape_terminal(_shown(p.value))
        if p.field:
            place[-1] = f"{place[-1]}={shown}"
        else:
            place.append(f"value={shown}")
    source = "<stdin>" if p.source == "-" else _cut(p.source, _MAX_PLACE)
    parts = [escape_terminal(source)] if source else []
    if place:
        parts.append(" ".join(place))
    message = escape_terminal(_cut(p.message, _MAX_MESSAGE))
    return f"error: {': '.join([*parts, message])} [{escape_terminal(p.code)}]"


def _report(problems: Sequence[_Problem], fmt: str) -> None:
    for p in problems:
        print(_line(p, fmt), file=sys.stderr)


#: Arguments that name files: any text the system allows is a file name.
_PATH_ARGUMENTS = frozenset({"file", "files", "output", "ruleset"})


def _check_arguments(args: argparse.Namespace) -> None:
    """Refuse a text argument (``--title``, ``--items``, an item id) that cannot be written.

    An argument not valid in the locale's encoding reaches Python as lone
    surrogates; it would fail only when the output is written.
    """
    problems = []
    for name, value in sorted(vars(args).items()):
        if name in _PATH_ARGUMENTS:
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and not is_encodable(text):
                problems.append(
                    _Problem(
                        None, "unencodable_text", None, f"--{name}", None, unencodable_reason(text)
                    )
                )
    if problems:
        raise _Problems(problems)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    fmt = getattr(args, "errors", "text")
    try:
        _check_arguments(args)
        code: int = args.run(args)
    except _Problems as group:
        _report(group.problems, fmt)
        return EXIT_INVALID
    except IthriveError as err:
        _report(_Problem.from_error(err, None), fmt)
        return EXIT_INVALID
    except BrokenPipeError:
        # The reader went away (``ithrive demo | head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return code
