"""The board pack command: ``ithrive report`` with a workshop's answers (``--workshop``, ...).

The answer files (filled-in templates or JSON responses) are read and
tallied here, every problem named by file, row and stakeholder, and the
pack is made by :func:`ithrive.outputs.boardpack.board_pack`: the
assessment, the checklist workshop, its facilitator's summary and gap
analysis, the Approach and the GM standards.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from ithrive.cli._files import card_from, ruleset_option, write
from ithrive.cli._problems import EXIT_OK, Problem, Problems
from ithrive.errors import InputError, IthriveError

__all__ = ["run_board_pack"]


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


def _finding_problems(err: Any) -> Problems:
    """A ResponseError's findings as problems, one line each."""
    return Problems([Problem(None, f.code, f.item, f.where, None, f.message) for f in err.findings])


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
            Problem(
                None, "wrong_instrument", None, r.source or what, None,
                f"{what} takes answers to {instrument!r}; this answers {r.instrument!r}",
            )
            for r in wrong
        ]  # fmt: skip
        raise Problems(problems)


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


def run_board_pack(args: argparse.Namespace) -> int:
    """``ithrive report --workshop ANSWERS ...``: the board pack, as HTML or Markdown."""
    from ithrive.outputs.boardpack import board_pack

    if len(args.files) > 1:
        raise InputError(
            "a board pack takes at most one assessment FILE", code="usage", value=args.files[1]
        )
    card = None
    if args.files:
        rules = ruleset_option(args.ruleset)
        path = args.files[0]
        try:
            card = card_from(path, rules)
        except IthriveError as err:
            raise Problems(Problem.from_error(err, path)) from None
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
    write(pack.to_html() if args.format == "html" else pack.to_markdown(), args.output)
    return EXIT_OK
