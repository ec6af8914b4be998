"""The timed tasks: what a user does, from evidence to the results they read.

Every per-assessment task ends with the same :data:`~benchmarks.handwritten.Outcome`:
the 22 item levels, each principle's level and verdict, and the overall
verdict, so that every implementation can be checked against every other
before anything is timed. Only ithrive's public API is used (``ithrive.score``,
the evidence classes, ``Scorecard``), so the tasks keep their meaning when
the engine behind them changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ithrive
from benchmarks import workload
from benchmarks.handwritten import Outcome, summary

__all__ = [
    "PeerTask",
    "outcome",
    "score_json",
    "score_only",
    "score_read",
    "typed_build_score_read",
]


def outcome(card: ithrive.Scorecard) -> Outcome:
    """Read a scorecard as a user does: every item's level, every principle, the verdict."""
    return (
        tuple([r.level for r in card]),
        tuple([(p.level, p.thrive_like) for p in card.principles]),
        card.thrive_like,
    )


def score_read(evidence: Any) -> Outcome:
    """``ithrive.score`` (JSON-like dicts or typed evidence), then read the results."""
    return outcome(ithrive.score(evidence))


def typed_build_score_read(prepared: workload.Recipe) -> Outcome:
    """Build the typed evidence objects and their ``EvidenceSet``, score, read."""
    return outcome(ithrive.score(workload.build(prepared)))


def score_json(evidence: Any) -> str:
    """``ithrive.score``, then the scorecard as JSON text (``to_json()``)."""
    return ithrive.score(evidence).to_json()


def score_only(evidence: Any) -> ithrive.Scorecard:
    """``ithrive.score`` and nothing read: not a user's task, shown for comparison."""
    return ithrive.score(evidence)


class PeerTask:
    """A peer engine's whole task: evaluate, read its 22 levels, add principles and verdict.

    The peer's input (the flat record, in the form it reads fastest) is
    prepared before timing; principles and verdict are computed by the same
    hand-written :func:`~benchmarks.handwritten.summary` as the baseline's.
    """

    def __init__(self, peer: Any) -> None:
        self.peer = peer
        self.name: str = peer.name
        self._evaluate: Callable[[Any], Any] = peer.evaluate
        self._levels: Callable[[Any], tuple[int | None, ...]] = peer.levels

    def prepare(self, record: dict[str, Any]) -> Any:
        return self.peer.prepare(record)

    def __call__(self, prepared: Any) -> Outcome:
        return summary(self._levels(self._evaluate(prepared)))
