"""The command line's one entry point, :func:`main`: parse, check, run, report.

A command raises its problems (:class:`~ithrive.cli._problems.Problems`, or
any ithrive error); they are written here on standard error, as text or
JSON lines, and the exit code is 2. A reader that goes away
(``ithrive demo | head``) ends the command quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ithrive.base.encoding import is_encodable, unencodable_reason
from ithrive.cli._parser import build_parser
from ithrive.cli._problems import EXIT_INVALID, EXIT_OK, Problem, Problems, report_problems
from ithrive.errors import IthriveError

__all__ = ["main"]

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
                    Problem(
                        None, "unencodable_text", None, f"--{name}", None, unencodable_reason(text)
                    )
                )
    if problems:
        raise Problems(problems)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = build_parser().parse_args(argv)
    fmt = getattr(args, "errors", "text")
    try:
        _check_arguments(args)
        code: int = args.run(args)
    except Problems as group:
        report_problems(group.problems, fmt)
        return EXIT_INVALID
    except IthriveError as err:
        report_problems(Problem.from_error(err, None), fmt)
        return EXIT_INVALID
    except BrokenPipeError:
        # The reader went away (``ithrive demo | head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return code
