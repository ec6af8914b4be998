"""The ``ithrive`` command line (standard library argparse).

Exit codes: 0 success; 1 a ruleset failed verification (``rules verify``);
2 invalid input or usage, with one message per problem on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib import resources
from typing import Any

from ithrive.errors import IthriveError, RulesetError
from ithrive.rules import Ruleset, default_ruleset, load_ruleset, verify
from ithrive.scorecard import Scorecard
from ithrive.scoring import score
from ithrive.table import render_table

__all__ = ["EXAMPLE_FILE", "example_evidence", "main"]

#: The bundled example locality's evidence document, inside ``ithrive.data``.
EXAMPLE_FILE = "example-locality.json"


def example_evidence() -> dict[str, Any]:
    """The bundled example locality's evidence document, as a new dict."""
    text = resources.files("ithrive.data").joinpath(EXAMPLE_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise _UsageError(f"duplicate key(s) in JSON object: {', '.join(dupes)}")
    return dict(pairs)


class _UsageError(Exception):
    """A problem with the command's input that is not an ithrive error."""


def _read_json(path: str) -> Any:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as err:
        raise _UsageError(f"{path}: cannot read: {err.strerror}") from None
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as err:
        raise _UsageError(f"{path}: not valid JSON: {err}") from None


def _render(card: Scorecard, fmt: str) -> str:
    if fmt == "json":
        return card.to_json() + "\n"
    return render_table(card)


def _emit(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(text)


def _ruleset(path: str | None) -> Ruleset:
    return default_ruleset() if path is None else load_ruleset(path)


def _cmd_demo(args: argparse.Namespace) -> int:
    _emit(_render(score(example_evidence()), args.format), None)
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    rules = _ruleset(args.ruleset)
    card = score(_read_json(args.file), rules)
    _emit(_render(card, args.format), args.output)
    return 0


def _cmd_rules_verify(args: argparse.Namespace) -> int:
    try:
        rules = _ruleset(args.file)
    except RulesetError as err:
        for finding in err.findings:
            print(str(finding), file=sys.stderr)
        print(f"{len(err.findings)} finding(s); the ruleset is not sound", file=sys.stderr)
        return 1
    findings = verify(rules)
    print(
        f"ruleset {rules.name} {rules.version}: sound "
        f"({len(rules)} item rules, {len(findings)} findings)"
    )
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ithrive",
        description="Score localities with the THRIVE Implementation Assessment Tool.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = sub.add_parser("demo", help="score the bundled example locality and print its scorecard")
    demo.add_argument("--format", choices=("table", "json"), default="table")
    demo.set_defaults(run=_cmd_demo)
    sc = sub.add_parser("score", help="score an evidence document (JSON; '-' reads standard input)")
    sc.add_argument("file")
    sc.add_argument("--ruleset", help="a ruleset TOML file (default: the packaged ruleset)")
    sc.add_argument("--format", choices=("table", "json"), default="table")
    sc.add_argument("--output", help="write here instead of standard output")
    sc.set_defaults(run=_cmd_score)
    rules = sub.add_parser("rules", help="inspect and verify rulesets")
    rsub = rules.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    ver = rsub.add_parser("verify", help="verify a ruleset file (default: the packaged one)")
    ver.add_argument("file", nargs="?")
    ver.set_defaults(run=_cmd_rules_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except _UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except RulesetError as err:
        for finding in err.findings:
            print(f"ruleset: {finding}", file=sys.stderr)
        return 2
    except IthriveError as err:
        for line in err.lines():
            print(f"error: {line}", file=sys.stderr)
        return 2
    return code
