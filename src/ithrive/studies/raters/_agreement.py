"""How far a workshop's raters agree: Krippendorff's alpha, its interval, and per item.

Alpha is ordinal, over all items (items the units, raters the coders), from
the ``krippendorff`` package (the ``agreement`` extra); its interval is a
seeded bootstrap over items, so it is the same on every run. Per item, the
shares of rater pairs giving the same level, or levels at most one apart.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from ithrive.base._extras import require
from ithrive.base._tabular import Table
from ithrive.errors import EvidenceError, is_whole, wrong_type
from ithrive.model import FRAMEWORK
from ithrive.studies.raters._ratings import WorkshopRating

__all__ = [
    "AgreementInterval",
    "ItemAgreementRow",
    "ItemAgreementTable",
    "bootstrap_alpha",
    "item_agreement_table",
    "ordinal_alpha",
    "rating_matrix",
]


def rating_matrix(ratings: Sequence[WorkshopRating]) -> tuple[Any, list[str]]:
    """Raters by items (rated ones, in the tool's order), NaN where not rated (``agreement``)."""
    raters = tuple(dict.fromkeys(r.rater for r in ratings))
    np = require("numpy", "agreement", "Krippendorff's alpha")
    items = [i for i in FRAMEWORK.item_ids if any(r.item == i for r in ratings)]
    data = np.full((len(raters), len(items)), np.nan)
    row_of = {name: k for k, name in enumerate(raters)}
    col_of = {item: k for k, item in enumerate(items)}
    for r in ratings:
        data[row_of[r.rater], col_of[r.item]] = int(r.level)
    return data, items


def ordinal_alpha(data: Any) -> float | None:
    """Ordinal Krippendorff's alpha of a raters-by-items matrix (NaN: not rated), or ``None``."""
    krippendorff = require("krippendorff", "agreement", "Krippendorff's alpha")
    np = require("numpy", "agreement", "Krippendorff's alpha")
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = data[:, pairable]
    if not pairable.any() or np.unique(values[~np.isnan(values)]).size < 2:
        return None
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        alpha = float(
            krippendorff.alpha(
                reliability_data=data,
                level_of_measurement="ordinal",
                value_domain=[1, 2, 3, 4],
            )
        )
    return None if math.isnan(alpha) else alpha


def _a_probability(value: object) -> bool:
    """Whether ``value`` is a number strictly between 0 and 1 (not a bool)."""
    return (
        isinstance(value, (int, float, Fraction)) and not isinstance(value, bool) and 0 < value < 1
    )


@attrs.frozen
class AgreementInterval:
    """Krippendorff's alpha with its bootstrap interval (see :meth:`Workshop.agreement_interval`).

    ``alpha``, ``lower`` and ``upper`` are ``None`` when alpha is undefined;
    ``used`` counts the resamples where it was defined, and ``lower`` and
    ``upper`` are ``None`` too when there were none (a sparse workshop and
    few resamples).
    """

    alpha: float | None
    lower: float | None
    upper: float | None
    confidence: float
    resamples: int
    seed: int
    used: int


@attrs.frozen
class ItemAgreementRow:
    """The raters' agreement on one item (see :meth:`Workshop.item_agreement`)."""

    id: str
    raters: int
    pairs: int
    exact: Fraction | None
    within_one: Fraction | None


@attrs.frozen
class ItemAgreementTable(Table[ItemAgreementRow]):
    """Agreement per item, in the tool's order."""

    def row(self, item_id: str) -> ItemAgreementRow:
        """The row of item ``item_id``."""
        for r in self.rows:
            if r.id == item_id:
                return r
        raise FRAMEWORK.unknown_item(item_id)


def bootstrap_alpha(
    ratings: Sequence[WorkshopRating], *, confidence: float, resamples: int, seed: int
) -> AgreementInterval:
    """Alpha of ``ratings`` with a bootstrap percentile interval over items (see the workshop's)."""
    np = require("numpy", "agreement", "Krippendorff's alpha")
    if not _a_probability(confidence):
        raise EvidenceError(
            f"expected a confidence level strictly between 0 and 1, got {confidence!r}",
            code="out_of_range",
            field="confidence",
            value=confidence,
        )
    if not is_whole(resamples) or isinstance(resamples, bool) or resamples < 10:
        raise EvidenceError(
            f"expected a whole number of resamples, 10 or more, got {resamples!r}",
            code="out_of_range",
            field="resamples",
            value=resamples,
        )
    if not is_whole(seed) or isinstance(seed, bool):
        raise wrong_type(seed, "a whole number", field="seed")
    data, items = rating_matrix(ratings)
    alpha = ordinal_alpha(data)
    if alpha is None:
        return AgreementInterval(None, None, None, float(confidence), int(resamples), int(seed), 0)
    rng = np.random.default_rng(int(seed))
    values = []
    for _ in range(int(resamples)):
        picked = data[:, rng.integers(0, len(items), len(items))]
        value = ordinal_alpha(picked)
        if value is not None:
            values.append(value)
    if not values:  # no resample kept two different levels on a shared item
        return AgreementInterval(alpha, None, None, float(confidence), int(resamples), int(seed), 0)
    tail = (1 - float(confidence)) / 2
    lower, upper = (float(x) for x in np.quantile(values, [tail, 1 - tail]))
    return AgreementInterval(
        alpha, lower, upper, float(confidence), int(resamples), int(seed), len(values)
    )


def item_agreement_table(ratings: Sequence[WorkshopRating]) -> ItemAgreementTable:
    """The shares of rater pairs agreeing on each item, in the tool's order."""
    rows = []
    for item in FRAMEWORK.item_ids:
        levels = [int(r.level) for r in ratings if r.item == item]
        pairs = [(a, b) for i, a in enumerate(levels) for b in levels[i + 1 :]]
        rows.append(
            ItemAgreementRow(
                id=item,
                raters=len(levels),
                pairs=len(pairs),
                exact=Fraction(sum(a == b for a, b in pairs), len(pairs)) if pairs else None,
                within_one=(
                    Fraction(sum(abs(a - b) <= 1 for a, b in pairs), len(pairs)) if pairs else None
                ),
            )
        )
    return ItemAgreementTable(rows)
