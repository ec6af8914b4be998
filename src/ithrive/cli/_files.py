"""What the commands read and write: JSON files, the ``--ruleset`` option, the output.

Shared by the commands that read evidence, scorecards or rulesets: a file
is read strictly and within limits (:func:`ithrive.evidence.jsonfile.read_json`;
``-`` is standard input), a ruleset's problems name its file, and output is
written whole or not at all (:func:`ithrive.base.output.write_output`). The
modules behind each are imported when first used, so a command pays only for
what it reads.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ithrive.cli._problems import Problem, Problems
from ithrive.errors import EvidenceError, RulesetError

if TYPE_CHECKING:
    from ithrive.rules import Ruleset
    from ithrive.scorecard import Scorecard

__all__ = [
    "EXAMPLE_FILE",
    "WIDTH",
    "card_from",
    "evidence_document",
    "example_evidence",
    "is_scorecard",
    "load_ruleset",
    "read_json",
    "ruleset_option",
    "write",
]

#: The bundled example locality's evidence document, inside ``ithrive.data``.
EXAMPLE_FILE: str = "example-locality.json"

#: Width of the text the commands write for a terminal (tables, rule summaries).
WIDTH = 100


def example_evidence() -> dict[str, Any]:
    """The bundled example locality's evidence document, as a new dict."""
    from importlib import resources

    text = resources.files("ithrive.data").joinpath(EXAMPLE_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def read_json(path: str) -> Any:
    """A JSON file (``-``: standard input), read strictly (:mod:`ithrive.evidence.jsonfile`)."""
    from ithrive.evidence.jsonfile import read_json as read

    return read(path)


def write(data: str | bytes, output: str | None) -> None:
    """Write to standard output or ``output``: :func:`ithrive.base.output.write_output`."""
    from ithrive.base.output import write_output

    write_output(data, output)


def load_ruleset(path: str | None) -> Ruleset:
    """The ruleset file at ``path``, or the packaged ruleset (``None``); its errors as raised."""
    from ithrive.rules import default_ruleset
    from ithrive.rules import load_ruleset as load

    return default_ruleset() if path is None else load(path)


def ruleset_option(path: str | None) -> Ruleset:
    """The ruleset of ``--ruleset``: its problems are reported naming the file, not the ruleset."""
    try:
        return load_ruleset(path)
    except RulesetError as err:
        raise Problems(Problem.from_error(err, path)) from None


def is_scorecard(data: Any) -> bool:
    """Whether a JSON document is a scorecard (it has ``schema`` and ``items``)."""
    return isinstance(data, dict) and "schema" in data and "items" in data


def evidence_document(data: Any, path: str) -> Any:
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


def card_from(path: str, rules: Ruleset) -> Scorecard:
    """The scorecard a report FILE holds, or scores: a stored scorecard, or an evidence document."""
    from ithrive.scorecard import Scorecard
    from ithrive.scoring import score

    data = read_json(path)
    if is_scorecard(data):
        return Scorecard.from_dict(data)
    return score(evidence_document(data, path), rules)
