"""Rules as data: the ruleset, its loader and verifier, the one decision path, boundary cases.

The packaged ruleset (``thrive-assessment.toml``) encodes the assessment
tool. Load a local variant with :func:`load_ruleset`; it is verified the same
way before it can score anything.

May import: :mod:`ithrive.scorecard` (a decision is recorded as an item
result), :mod:`ithrive.evidence`, :mod:`ithrive.model`, :mod:`ithrive.base`,
the errors and limits. Never scoring or anything above it.
"""

from __future__ import annotations

from ithrive.rules.interval import Interval, IntervalSyntaxError
from ithrive.rules.loader import DEFAULT_RULESET_FILE, default_ruleset, load_ruleset
from ithrive.rules.ruleset import (
    Band,
    CriteriaRule,
    Criterion,
    Gate,
    GateEffect,
    ItemRule,
    Measure,
    Ruleset,
)
from ithrive.rules.verify import verify

# Where the code is: ruleset, the rule records; interval, band intervals;
# loader, a ruleset read from TOML (read and structured by the ground's
# base._structuring); _shape, the type check of a rule built by hand; verify;
# decide, the one decision path (a package of its own); cases, the boundary
# cases of each rule.

__all__ = [
    "DEFAULT_RULESET_FILE",
    "Band",
    "CriteriaRule",
    "Criterion",
    "Gate",
    "GateEffect",
    "Interval",
    "IntervalSyntaxError",
    "ItemRule",
    "Measure",
    "Ruleset",
    "default_ruleset",
    "load_ruleset",
    "verify",
]
