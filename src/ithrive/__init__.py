"""ithrive: the THRIVE Implementation Assessment Tool as a typed model and a rules engine.

Score a locality's evidence against the 22 items of the assessment tool:

>>> import ithrive
>>> card = ithrive.score({"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}})
>>> card["micro.2"].level
<Level.THREE: 3>

The core API is re-exported here; see the API reference for each name.
Features that need more than the core live in their own modules, imported
when used: :mod:`ithrive.evidence.measures` (evidence from raw records),
:mod:`ithrive.analysis.uncertainty`, :mod:`ithrive.analysis.improvement`,
:mod:`ithrive.studies.assessment`, :mod:`ithrive.studies.raters`, :mod:`ithrive.studies.trends`,
:mod:`ithrive.studies.groups`, :mod:`ithrive.studies.batch`, :mod:`ithrive.instruments`,
:mod:`ithrive.outputs.schema`, :mod:`ithrive.outputs.template`, :mod:`ithrive.scorecard.report` and
:mod:`ithrive.outputs.plot`.
"""

from __future__ import annotations

from ithrive._version import __version__

# ``typing`` is not imported at run time: importing it would be most of what
# ``import ithrive`` costs. Type checkers treat this name as ``typing``'s.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    from ithrive.errors import (
        EvidenceError,
        Finding,
        FrameBackendError,
        InputError,
        InstrumentError,
        InvalidEvidenceError,
        IthriveError,
        MissingExtraError,
        ReportError,
        ResponseError,
        RulesetError,
        UnknownAssessmentError,
        UnknownItemError,
    )
    from ithrive.evidence import (
        CollaboRATE,
        Count,
        Evidence,
        EvidenceSet,
        Indicators,
        Proportion,
        Rating,
        Survey,
    )
    from ithrive.model import (
        FRAMEWORK,
        THRIVE_LIKE_AT,
        Framework,
        Item,
        Level,
        Principle,
        Status,
    )
    from ithrive.rules import Ruleset, default_ruleset, load_ruleset
    from ithrive.rules.verify import verify
    from ithrive.scorecard import ItemResult, Notice, PrincipleResult, Scorecard, SystemResult
    from ithrive.scoring import read_evidence, score

# Every re-exported name is imported on first use, with the module that
# defines it: ``import ithrive`` itself imports nothing, so apps and command
# lines pay only for what they use (``ithrive.score`` brings in the engine:
# the model, evidence, rules, scorecards and cattrs behind them).
_LAZY = {
    **dict.fromkeys(
        (
            "EvidenceError",
            "Finding",
            "FrameBackendError",
            "InputError",
            "InstrumentError",
            "InvalidEvidenceError",
            "IthriveError",
            "MissingExtraError",
            "ReportError",
            "ResponseError",
            "RulesetError",
            "UnknownAssessmentError",
            "UnknownItemError",
        ),
        "ithrive.errors",
    ),
    **dict.fromkeys(
        (
            "CollaboRATE",
            "Count",
            "Evidence",
            "EvidenceSet",
            "Indicators",
            "Proportion",
            "Rating",
            "Survey",
        ),
        "ithrive.evidence",
    ),
    **dict.fromkeys(
        ("FRAMEWORK", "THRIVE_LIKE_AT", "Framework", "Item", "Level", "Principle", "Status"),
        "ithrive.model",
    ),
    **dict.fromkeys(("Ruleset", "default_ruleset", "load_ruleset", "verify"), "ithrive.rules"),
    **dict.fromkeys(
        ("ItemResult", "Notice", "PrincipleResult", "Scorecard", "SystemResult"),
        "ithrive.scorecard",
    ),
    **dict.fromkeys(("read_evidence", "score"), "ithrive.scoring"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ithrive' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "FRAMEWORK",
    "THRIVE_LIKE_AT",
    "CollaboRATE",
    "Count",
    "Evidence",
    "EvidenceError",
    "EvidenceSet",
    "Finding",
    "FrameBackendError",
    "Framework",
    "Indicators",
    "InputError",
    "InstrumentError",
    "InvalidEvidenceError",
    "Item",
    "ItemResult",
    "IthriveError",
    "Level",
    "MissingExtraError",
    "Notice",
    "Principle",
    "PrincipleResult",
    "Proportion",
    "Rating",
    "ReportError",
    "ResponseError",
    "Ruleset",
    "RulesetError",
    "Scorecard",
    "Status",
    "Survey",
    "SystemResult",
    "UnknownAssessmentError",
    "UnknownItemError",
    "__version__",
    "default_ruleset",
    "load_ruleset",
    "read_evidence",
    "score",
    "verify",
]
