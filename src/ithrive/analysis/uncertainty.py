"""Uncertainty: how sure a level from a small audit or survey is.

An audit of 30 notes at 59% and one at 61% sit either side of a band edge,
yet the two are statistically indistinguishable. For every item scored from
counts (a case-note audit with numerator and denominator, or a staff survey's
agreeing respondents), this module reports beside the level:

- a 95% *Jeffreys interval* for the true rate: the central interval of the
  Beta(k + 1/2, n - k + 1/2) posterior (the Jeffreys prior updated with k of
  n), with the lower end set to 0 when k = 0 and the upper end to 100% when
  k = n (Brown, Cai and DasGupta, 2001);
- the probability, under that posterior, that the true rate lies in each
  level's band, using the item's bands *from the ruleset*, so a local variant
  is honoured;
- whether the interval straddles the THRIVE-like boundary (the lower edge of
  level 3's band), i.e. whether the data cannot tell THRIVE-like from not.

:func:`sample_size` says how many notes to audit for a given precision.

What is *not* given an interval, and why: a percent given without counts
(there is nothing to count); CollaboRATE (its level depends on a mean score,
not a proportion, and the share offered the questionnaire is a complete count
of those eligible, not a sample); MINDFUL counts, indicators and ratings
(judgements, not samples). Staff surveys are treated like audits: the
interval describes the rate behind the returns and applies no finite-population
correction, so it is conservative when most eligible staff replied.

The statistics need scipy, an optional extra (``pip install
'ithrive[stats]'``); without it, these functions raise
:class:`~ithrive.errors.MissingExtraError` and the rest of ithrive works.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Protocol

import attrs

from ithrive._messages import short_repr
from ithrive.base._checks import too_large
from ithrive.base._extras import require
from ithrive.base.formatting import format_number
from ithrive.errors import EvidenceError, check_confidence, is_real, is_whole, naming, wrong_type
from ithrive.evidence import Evidence, exact_number
from ithrive.evidence.kinds import kind
from ithrive.evidence.reading import structure_evidence
from ithrive.limits import MAX_INTEGER
from ithrive.model.level import THRIVE_LIKE_AT, Level, as_level
from ithrive.rules.decide import pick_measure
from ithrive.rules.interval import Interval
from ithrive.rules.loader import ruleset_or_default
from ithrive.rules.ruleset import Measure, Ruleset
from ithrive.scorecard import ItemResult, Scorecard


class HasScorecard(Protocol):
    """Anything that carries one scorecard (an :class:`~ithrive.studies.assessment.Assessment`)."""

    @property
    def scorecard(self) -> Scorecard: ...


__all__ = [
    "CONFIDENCE",
    "BandProbability",
    "HasScorecard",
    "ItemUncertainty",
    "assess",
    "item_uncertainty",
    "jeffreys_interval",
    "sample_size",
]

#: The default confidence level of intervals.
CONFIDENCE = 0.95

#: The largest sample :func:`sample_size` searches.
_MAX_SAMPLE = 10_000_000


def _beta() -> Any:
    """scipy's Beta distribution, imported only when an interval is asked for."""
    return require("scipy.stats", "stats", "Uncertainty intervals").beta


def _check_counts(successes: object, trials: object) -> tuple[int, int]:
    counts: dict[str, int] = {}
    for name, value, low in (("trials", trials, 1), ("successes", successes, 0)):
        if not is_whole(value):
            raise wrong_type(value, "a whole number", field=name)
        if abs(value) > MAX_INTEGER:  # type: ignore[arg-type]
            raise too_large(name, value)
        if value < low:  # type: ignore[operator]
            raise EvidenceError(
                f"{short_repr(value)} is below the minimum {low}",
                code="out_of_range",
                field=name,
                value=value,
            )
        counts[name] = int(value)  # type: ignore[call-overload]
    if counts["successes"] > counts["trials"]:
        raise EvidenceError(
            f"{short_repr(successes)} is greater than the trials {short_repr(trials)}",
            code="numerator_above_denominator",
            field="successes",
            value=successes,
        )
    return counts["successes"], counts["trials"]


def _interval(beta: Any, k: float, n: float, confidence: float) -> tuple[float, float]:
    """The Jeffreys interval in 0-1 for a (possibly fractional) count ``k`` of ``n``."""
    tail = (1 - confidence) / 2
    a, b = k + 0.5, n - k + 0.5
    lower = 0.0 if k == 0 else float(beta.ppf(tail, a, b))
    upper = 1.0 if k == n else float(beta.isf(tail, a, b))
    return lower, upper


def jeffreys_interval(
    successes: int, trials: int, *, confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """The Jeffreys interval for ``successes`` of ``trials``, in percent.

    The central ``confidence`` interval of Beta(k + 1/2, n - k + 1/2), with
    the lower end 0 when k = 0 and the upper end 100 when k = n. Needs the
    ``stats`` extra (scipy).

    >>> low, high = jeffreys_interval(18, 30)
    >>> round(low, 1), round(high, 1)
    (42.2, 76.0)
    """
    k, n = _check_counts(successes, trials)
    lower, upper = _interval(_beta(), k, n, check_confidence(confidence))
    return 100 * lower, 100 * upper


@attrs.frozen
class BandProbability:
    """The probability that the true rate lies in one level's band (percent)."""

    level: Level
    interval: Interval
    probability: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: level, interval as text, probability."""
        return {
            "level": int(self.level),
            "interval": str(self.interval),
            "probability": self.probability,
        }


@attrs.frozen
class ItemUncertainty:
    """How sure the level of one item's audit or survey is.

    - ``item``, ``measure``: where the counts come from;
    - ``successes`` of ``trials``: notes meeting the standard of those
      audited, or staff agreeing of those who responded;
    - ``observed``: the observed rate in percent, exactly;
    - ``observed_level``: the level of the band holding ``observed`` (before
      any gate, such as a survey's completion minimum);
    - ``lower``, ``upper``: the Jeffreys interval in percent, at
      ``confidence``;
    - ``bands``: for each band of the measure, the probability that the true
      rate lies in it; they sum to 1;
    - ``boundary``: the THRIVE-like boundary, the lower edge of level 3's
      band (``None`` when the measure has no such band);
    - ``straddles``: whether ``boundary`` lies strictly inside the interval.
    """

    item: str
    measure: str
    successes: int
    trials: int
    observed: Fraction
    observed_level: Level
    lower: float
    upper: float
    confidence: float
    bands: tuple[BandProbability, ...]
    boundary: Fraction | None
    straddles: bool

    @property
    def probability_thrive_like(self) -> float:
        """The probability that the true rate lies in a band of level 3 or above."""
        return math.fsum(b.probability for b in self.bands if b.level >= THRIVE_LIKE_AT)

    @property
    def most_probable(self) -> Level:
        """The level whose band most probably holds the true rate."""
        return max(self.bands, key=lambda b: b.probability).level

    def probability(self, level: int) -> float:
        """The probability that the true rate lies in the band(s) of ``level``."""
        level = as_level(level)
        return math.fsum(b.probability for b in self.bands if b.level == level)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field, with the derived probabilities."""
        return {
            "item": self.item,
            "measure": self.measure,
            "successes": self.successes,
            "trials": self.trials,
            "observed": exact_number(self.observed),
            "observed_level": int(self.observed_level),
            "interval": {"lower": self.lower, "upper": self.upper, "confidence": self.confidence},
            "bands": [b.to_dict() for b in self.bands],
            "boundary": None if self.boundary is None else exact_number(self.boundary),
            "straddles": self.straddles,
            "probability_thrive_like": self.probability_thrive_like,
            "most_probable": int(self.most_probable),
        }

    def __str__(self) -> str:
        # not rounded to whole percents: 1199 of 2000 would read "60%" beside level 2
        observed = self.observed
        pct = format_number(observed if observed.denominator == 1 else float(observed), "%")
        probs = ", ".join(
            f"{int(b.level)}: {format_number(b.probability, places=2)}" for b in self.bands
        )
        confidence = format_number(100 * self.confidence, "%", places=0)
        lower = format_number(self.lower, "%", places=1)
        upper = format_number(self.upper, "%", places=1)
        text = (
            f"{self.item} {self.measure}: {self.successes} of {self.trials} ({pct}), "
            f"level {int(self.observed_level)}; {confidence} interval "
            f"{lower}-{upper}; P(band) {probs}"
        )
        if self.straddles:
            text += f"; straddles the THRIVE-like boundary {format_number(self.boundary or 0, '%')}"
        return text


def _counts(item_id: str, ev: Evidence) -> tuple[int, int]:
    """(successes, trials) of a piece, as its kind declares them; or why it is not a sample."""
    declared = kind(ev.kind)
    if declared.sample is not None:
        return declared.sample(item_id, ev)
    raise EvidenceError(
        f"no interval for {ev.kind} evidence: {declared.no_sample}",
        code="not_from_counts",
        item=item_id,
        field="kind",
        value=ev.kind,
    )


def _band_probabilities(beta: Any, a: float, b: float, measure: Measure) -> list[float]:
    out = []
    for band in measure.bands:
        lo = float(band.interval.lower) / 100
        hi = float(band.interval.upper) / 100
        below = float(beta.cdf(lo, a, b))
        if below < 0.5:
            p = float(beta.cdf(hi, a, b)) - below
        else:  # the upper tail, where cdf differences lose precision
            p = float(beta.sf(lo, a, b)) - float(beta.sf(hi, a, b))
        out.append(max(p, 0.0))
    return out


def _uncertainty(
    item_id: str, measure: Measure, ev: Evidence, confidence: float, beta: Any
) -> ItemUncertainty:
    k, n = _counts(item_id, ev)
    observed = Fraction(100 * k, n)
    band = next(b for b in measure.bands if b.interval.contains_ratio(100 * k, n))
    lower, upper = _interval(beta, k, n, confidence)
    probabilities = _band_probabilities(beta, k + 0.5, n - k + 0.5, measure)
    upper_bands = [b.interval.lower for b in measure.bands if b.level >= THRIVE_LIKE_AT]
    boundary = min(upper_bands) if upper_bands else None
    straddles = boundary is not None and 100 * lower < boundary < 100 * upper
    return ItemUncertainty(
        item=item_id,
        measure=measure.name,
        successes=k,
        trials=n,
        observed=observed,
        observed_level=band.level,
        lower=100 * lower,
        upper=100 * upper,
        confidence=confidence,
        bands=tuple(
            BandProbability(b.level, b.interval, p)
            for b, p in zip(measure.bands, probabilities, strict=True)
        ),
        boundary=boundary,
        straddles=straddles,
    )


def item_uncertainty(
    item_id: str,
    evidence: Evidence | Mapping[str, Any],
    *,
    ruleset: Ruleset | None = None,
    confidence: float = CONFIDENCE,
) -> ItemUncertainty:
    """The uncertainty of one item's audit or survey, under the item's bands.

    ``evidence`` is a :class:`~ithrive.evidence.Proportion` with counts or a
    :class:`~ithrive.evidence.Survey` (typed, or a JSON-like dict). Other
    evidence raises :class:`~ithrive.errors.EvidenceError` with code
    ``no_counts``, ``no_respondents`` or ``not_from_counts``, saying why it
    has no interval. Needs the ``stats`` extra (scipy).

    >>> u = item_uncertainty("micro.2", {"kind": "proportion", "numerator": 18, "denominator": 30})
    >>> u.observed_level, u.straddles, round(u.probability_thrive_like, 2)
    (<Level.THREE: 3>, True, 0.49)
    """
    rule = ruleset_or_default(ruleset).rule(item_id)
    try:
        ev = structure_evidence(evidence)
    except EvidenceError as err:
        raise naming(err, "evidence") from None
    conf = check_confidence(confidence)
    if ev.kind not in rule.accepts:
        raise EvidenceError(
            f"{item_id} does not accept {ev.kind} evidence; it accepts {', '.join(rule.accepts)}",
            code="kind_not_accepted",
            item=item_id,
            field="kind",
            value=ev.kind,
        )
    _counts(item_id, ev)
    measure = pick_measure(item_id, rule, ev.kind, getattr(ev, "measure", None))
    if isinstance(measure, EvidenceError):
        raise measure
    return _uncertainty(item_id, measure, ev, conf, _beta())


def _from_counts(ev: Evidence) -> bool:
    try:
        _counts("", ev)
    except EvidenceError:
        return False
    return True


def assess(
    source: Scorecard | ItemResult | HasScorecard,
    *,
    ruleset: Ruleset | None = None,
    confidence: float = CONFIDENCE,
) -> tuple[ItemUncertainty, ...]:
    """The uncertainty of every audit and survey behind a scorecard (or one item result).

    An :class:`~ithrive.studies.assessment.Assessment` gives its scorecard's; for
    many assessments as one table, see :func:`ithrive.studies.intervals.interval_table`.

    Evidence without counts (percents, CollaboRATE, counts of elements,
    indicators, ratings) is left out; see the module notes for why. Pass the
    ruleset the scorecard was scored with when it is not the packaged one; a
    scorecard scored under another ruleset raises
    :class:`~ithrive.errors.EvidenceError` (``ruleset_mismatch``). Needs the
    ``stats`` extra (scipy).

    >>> import ithrive
    >>> card = ithrive.score({
    ...     "micro.2": {"kind": "proportion", "numerator": 18, "denominator": 30},
    ...     "micro.3a": {"kind": "survey", "agree": 30, "respondents": 40, "eligible": 60},
    ... })
    >>> [(u.item, u.most_probable, u.straddles) for u in assess(card)]
    [('micro.2', <Level.TWO: 2>, True), ('micro.3a', <Level.THREE: 3>, False)]
    """
    if not isinstance(source, (Scorecard, ItemResult)):  # an assessment gives its scorecard
        source = getattr(source, "scorecard", source)
    rules = ruleset_or_default(ruleset)
    conf = check_confidence(confidence)
    if isinstance(source, Scorecard):
        if source.ruleset != rules.name:
            raise EvidenceError(
                f"the scorecard was scored with ruleset {source.ruleset!r}, "
                f"not {rules.name!r}; pass that ruleset",
                code="ruleset_mismatch",
                field="ruleset",
                value=rules.name,
            )
        results: tuple[ItemResult, ...] = source.items
    elif isinstance(source, ItemResult):
        results = (source,)
    else:
        raise wrong_type(source, "a Scorecard or an ItemResult", field="source")
    pieces = [(r.item, ev) for r in results for ev in r.evidence if _from_counts(ev)]
    if not pieces:
        return ()
    beta = _beta()
    out = []
    for item_id, ev in pieces:
        measure = pick_measure(item_id, rules.rule(item_id), ev.kind, getattr(ev, "measure", None))
        if isinstance(measure, EvidenceError):
            raise measure
        out.append(_uncertainty(item_id, measure, ev, conf, beta))
    return tuple(out)


def _half_width(beta: Any, p: float, n: int, confidence: float) -> float:
    lower, upper = _interval(beta, p * n, n, confidence)
    return (upper - lower) / 2


def sample_size(expected: float, margin: float, *, confidence: float = CONFIDENCE) -> int:
    """How many notes to audit so the Jeffreys interval's half-width is at most ``margin``.

    ``expected`` is the rate you expect, in percent (0-100); ``margin`` the
    half-width you can accept, in percentage points. Method: at each
    candidate size n, the interval is computed as if exactly the expected
    share of the n notes met the standard (k = n x expected, not rounded),
    so the half-width falls smoothly as n grows; the smallest n whose
    half-width is within the margin is found by doubling and then bisecting
    over whole numbers, each step using scipy's Beta quantiles. A real
    audit's interval varies a little with the count it finds. Needs the
    ``stats`` extra (scipy).

    >>> sample_size(60, 10)
    90
    >>> sample_size(60, 15)
    39
    """
    conf = check_confidence(confidence)
    for name, value, low, high in (("expected", expected, 0, 100), ("margin", margin, 0, 50)):
        if not is_real(value):
            raise wrong_type(value, "a number", field=name)
        if not low <= value <= high or (name == "margin" and value == 0):
            bounds = "(0, 50]" if name == "margin" else "[0, 100]"
            raise EvidenceError(
                f"{short_repr(value)} is outside {bounds}",
                code="out_of_range",
                field=name,
                value=value,
            )
    beta = _beta()
    p, target = float(expected) / 100, float(margin) / 100

    def within(n: int) -> bool:
        return _half_width(beta, p, n, conf) <= target

    high = 1
    while not within(high):
        if high >= _MAX_SAMPLE:
            raise EvidenceError(
                f"no sample of up to {_MAX_SAMPLE} gives a half-width of "
                f"{short_repr(margin)} points",
                code="out_of_range",
                field="margin",
                value=margin,
            )
        high *= 2
    low = high // 2  # within(low) is false, or low is 0
    while high - low > 1:
        mid = (low + high) // 2
        if within(mid):
            high = mid
        else:
            low = mid
    return high
