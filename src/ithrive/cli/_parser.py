"""The command line's grammar: every command, its options and the function that runs it.

Each command's function is named here by its module (:class:`Command`) and
imported only when that command runs, so that ``ithrive score`` never loads
the modules of the schema, template, rules or board pack commands: the
command line is timed as a whole process, and start-up is part of it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any, NoReturn

import attrs

from ithrive.base.escape import escape_terminal
from ithrive.cli._problems import EXIT_INVALID, MAX_MESSAGE, cut

__all__ = ["Command", "build_parser"]


@attrs.frozen
class Command:
    """A command's function, named by its module in :mod:`ithrive.cli` and imported when it runs.

    ``set_defaults(run=Command(...))`` puts one in a parsed command's
    arguments; :func:`ithrive.cli.main` calls it.
    """

    module: str
    function: str

    def __call__(self, args: argparse.Namespace) -> int:
        """Import the command's module and run its function with ``args``; return the exit code."""
        run: Callable[[argparse.Namespace], int] = getattr(
            import_module(f"ithrive.cli.{self.module}"), self.function
        )
        return run(args)


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
        shown = escape_terminal(cut(message, MAX_MESSAGE))
        self.exit(EXIT_INVALID, f"{self.prog}: error: {shown}\n")


def build_parser() -> argparse.ArgumentParser:
    """The ``ithrive`` command line's parser: every command, its options and its function."""
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
    demo.set_defaults(run=Command("_score", "run_demo"))

    sc = sub.add_parser("score", help="score an evidence document (JSON; '-' reads standard input)")
    sc.add_argument("file", help="the evidence document, or '-' for standard input")
    sc.add_argument("--ruleset", help="a ruleset TOML file (default: the packaged ruleset)")
    sc.add_argument("--format", choices=_FORMATS, default="table", help="default: table")
    sc.add_argument("--output", help="write here instead of standard output")
    _errors_option(sc)
    sc.set_defaults(run=Command("_score", "run_score"))

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
    tp.set_defaults(run=Command("_templates", "run_template"))

    rules = sub.add_parser("rules", help="show and verify rulesets, and list their boundary cases")
    rsub = rules.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    show = rsub.add_parser("show", help="show the rules: all items, or one item in full")
    show.add_argument("item", nargs="?", help="an item or principle id (default: a summary)")
    show.add_argument("--ruleset", help="a ruleset TOML file (default: the packaged ruleset)")
    show.add_argument("--format", choices=("text", "json"), default="text")
    _errors_option(show)
    show.set_defaults(run=Command("_rules", "run_rules_show"))
    ver = rsub.add_parser("verify", help="verify a ruleset file (default: the packaged one)")
    ver.add_argument("file", nargs="?", help="a ruleset TOML file (default: the packaged one)")
    _errors_option(ver)
    ver.set_defaults(run=Command("_rules", "run_rules_verify"))
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
    cases.set_defaults(run=Command("_rules", "run_rules_cases"))

    sch = sub.add_parser("schema", help="print the JSON Schema of evidence documents or scorecards")
    sch.add_argument("which", choices=("evidence", "scorecard"))
    sch.add_argument("--ruleset", help="for 'evidence': the ruleset whose items to describe")
    sch.add_argument("--output", help="write here instead of standard output")
    sch.set_defaults(run=Command("_templates", "run_schema"))

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
    rep.set_defaults(run=Command("_score", "run_report"))
    _instruments_parser(sub)
    return parser


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
    tp.set_defaults(run=Command("_templates", "run_instruments_template"))
