"""The commands that write blank documents: ``template``, ``schema`` and ``instruments template``.

``template`` writes an evidence document to fill in, with help on every
item; ``schema`` the JSON Schema of evidence documents or scorecards;
``instruments template`` the spreadsheet a workshop fills in (CSV or Excel).
"""

from __future__ import annotations

import argparse
import json
import os

from ithrive.cli._files import ruleset_option, write
from ithrive.cli._problems import EXIT_OK
from ithrive.errors import InputError

__all__ = ["run_instruments_template", "run_schema", "run_template"]


def run_template(args: argparse.Namespace) -> int:
    """``ithrive template``: a blank evidence document with help on every item."""
    from ithrive.outputs.template import evidence_template

    rules = ruleset_option(args.ruleset)
    doc = evidence_template(args.items, ruleset=rules)
    write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", args.output)
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    """``ithrive schema evidence|scorecard``: the JSON Schema of the documents."""
    from ithrive.outputs.schema import evidence_schema, schema_json, scorecard_schema

    if args.which == "evidence":
        schema = evidence_schema(ruleset_option(args.ruleset))
    else:
        schema = scorecard_schema()
    write(schema_json(schema), args.output)
    return EXIT_OK


def run_instruments_template(args: argparse.Namespace) -> int:
    """``ithrive instruments template INSTRUMENT``: the answer spreadsheet, CSV or Excel."""
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
        write(data.decode("utf-8-sig"), None)  # text on a terminal: no byte order mark
    else:
        write(data, args.output)
    return EXIT_OK
