"""ithrive: the THRIVE Implementation Assessment Tool as a typed model and a rules engine.

Score a locality's evidence against the 22 items of the assessment tool:

>>> import ithrive
>>> card = ithrive.score({"micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30}})
>>> card["micro.2"].level
<Level.THREE: 3>

The public API is re-exported here; see the API reference for each name.
"""

from __future__ import annotations

from ithrive.errors import (
    EvidenceError,
    Finding,
    InvalidEvidenceError,
    IthriveError,
    MissingExtraError,
    RulesetError,
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
from ithrive.rules import Ruleset, default_ruleset, load_ruleset, verify
from ithrive.scorecard import ItemResult, Notice, PrincipleResult, Scorecard, SystemResult
from ithrive.scoring import read_evidence, score

__version__ = "0.1.0.dev0"

__all__ = [
    "FRAMEWORK",
    "THRIVE_LIKE_AT",
    "CollaboRATE",
    "Count",
    "Evidence",
    "EvidenceError",
    "EvidenceSet",
    "Finding",
    "Framework",
    "Indicators",
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
    "Ruleset",
    "RulesetError",
    "Scorecard",
    "Status",
    "Survey",
    "SystemResult",
    "UnknownItemError",
    "__version__",
    "default_ruleset",
    "load_ruleset",
    "read_evidence",
    "score",
    "verify",
]
