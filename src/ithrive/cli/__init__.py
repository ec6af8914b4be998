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

The command line is the top layer: it may import every layer below it. Each
command imports its own modules when it runs, so its start-up costs only its
own work.
"""

from __future__ import annotations

from ithrive.cli._files import EXAMPLE_FILE, example_evidence
from ithrive.cli._main import main
from ithrive.cli._problems import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK

# Where the code is: _parser, every command and its options; _main, main();
# _problems, the problems a command reports and the exit codes; _files, what
# the commands read and write; then the commands by what they do: _score
# (demo, score, report), _boardpack (report --workshop), _rules (rules show,
# verify, cases), _templates (template, schema, instruments template).

__all__ = ["EXAMPLE_FILE", "EXIT_FINDINGS", "EXIT_INVALID", "EXIT_OK", "example_evidence", "main"]
