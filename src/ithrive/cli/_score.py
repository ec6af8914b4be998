"""The commands that score and report: ``demo``, ``score`` and ``report``.

``demo`` scores the bundled example locality; ``score`` scores one evidence
document; ``report`` writes an HTML or Markdown report of one or several
assessments (evidence documents, scored here, or stored scorecards), and
hands over to the board pack (:mod:`ithrive.cli._boardpack`) when a
workshop's answers are given.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ithrive.cli._files import (
    WIDTH,
    card_from,
    evidence_document,
    example_evidence,
    is_scorecard,
    read_json,
    ruleset_option,
    write,
)
from ithrive.cli._problems import EXIT_OK, Problem, Problems
from ithrive.errors import InputError, IthriveError

if TYPE_CHECKING:
    from ithrive.rules import Ruleset
    from ithrive.scorecard import Scorecard

__all__ = ["render_card", "run_demo", "run_report", "run_score", "score_file"]


def render_card(card: Scorecard, fmt: str) -> str:
    """A scorecard as ``fmt`` says: ``json``, ``markdown``, ``html`` or a terminal ``table``."""
    if fmt == "json":
        return card.to_json() + "\n"
    if fmt in ("markdown", "html"):
        from ithrive.scorecard.report import render_html, render_markdown

        return render_markdown(card) if fmt == "markdown" else render_html(card)
    from ithrive.scorecard.table import render_table

    return render_table(card, width=WIDTH)


def score_file(path: str, rules: Ruleset) -> Scorecard:
    """The evidence document at ``path`` scored; every problem named by the file."""
    from ithrive.scoring import score

    try:
        data = read_json(path)
        if is_scorecard(data):  # one clear problem, not one per scorecard key
            raise InputError(
                "a scorecard, not an evidence document; 'ithrive report' takes scorecards",
                code="wrong_type",
                value=path,
            )
        return score(evidence_document(data, path), rules)
    except IthriveError as err:
        raise Problems(Problem.from_error(err, path)) from None


def run_demo(args: argparse.Namespace) -> int:
    """``ithrive demo``: the bundled example locality's scorecard."""
    from ithrive.scoring import score

    write(render_card(score(example_evidence()), args.format), None)
    return EXIT_OK


def run_score(args: argparse.Namespace) -> int:
    """``ithrive score FILE``: one evidence document's scorecard."""
    rules = ruleset_option(args.ruleset)
    card = score_file(args.file, rules)
    write(render_card(card, args.format), args.output)
    return EXIT_OK


def _wants_board_pack(args: argparse.Namespace) -> bool:
    return bool(args.workshop or args.plan or args.standards or args.before)


def run_report(args: argparse.Namespace) -> int:
    """``ithrive report FILE...``: a report of the assessments, or a board pack of a workshop."""
    from ithrive.scorecard.report import render_html, render_markdown

    if _wants_board_pack(args):
        from ithrive.cli._boardpack import run_board_pack

        return run_board_pack(args)
    if not args.files:
        raise InputError(
            "give at least one FILE, or --workshop, --plan or --standards for a board pack",
            code="usage",
        )
    rules = ruleset_option(args.ruleset)
    if args.files.count("-") > 1:
        raise InputError("standard input ('-') can be read only once", code="usage", value="-")
    cards: list[Scorecard] = []
    problems: list[Problem] = []
    for path in args.files:
        try:
            cards.append(card_from(path, rules))
        except IthriveError as err:
            problems.extend(Problem.from_error(err, path))
    if problems:
        raise Problems(problems)
    render = render_html if args.format == "html" else render_markdown
    write(render(cards, title=args.title), args.output)
    return EXIT_OK
