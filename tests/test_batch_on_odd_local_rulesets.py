"""Batch scoring equals ``ithrive.score`` under generated local rulesets with odd bands.

Bands split at fractional edges (33.3, 59.5, 0.25) open or closed on either
side, gates that cap, withhold or warn, two measures for one item, panel
ratings beside measures and surveys nobody answered: for every row, every
item's level, status and verdict, every principle and the locality verdict
are the same from ``score_table``, ``score_arrays`` and ``ithrive.score``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import batch_cells, odd_local_rulesets, odd_rows

import ithrive
from ithrive.studies.batch import score_table, scorer


def columns(rows: list[dict[str, list[dict[str, Any]]]]) -> dict[str, list[Any]]:
    """The rows in the batch column convention (each row as ``batch_cells`` writes it)."""
    cells = [batch_cells(row) for row in rows]
    names = sorted({name for cell in cells for name in cell} | {"micro.2.rating"})
    return {name: [cell.get(name) for cell in cells] for name in names}


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(odd_local_rulesets(), st.lists(odd_rows(), min_size=1, max_size=4))
def test_batch_and_scalar_agree_under_odd_local_rulesets(
    document: dict[str, Any], rows: list[dict[str, list[dict[str, Any]]]]
) -> None:
    """Every item, principle and verdict of every row, from frames, arrays and score()."""
    local = ithrive.load_ruleset(document)
    cols = columns(rows)
    float_columns = {
        name: pl.Float64 if any(isinstance(v, float) for v in values) else pl.Int64
        for name, values in cols.items()
    }
    table = score_table(pl.DataFrame(cols, schema=float_columns), ruleset=local).to_dicts()
    arrays = scorer(local).score_arrays(
        {
            name: np.array([np.nan if v is None else v for v in values], dtype=float)
            for name, values in cols.items()
        }
    )
    for index, row in enumerate(rows):
        card = ithrive.score(row, local)
        got = table[index]
        for result in card:
            level = None if result.level is None else int(result.level)
            assert got[f"{result.item}.level"] == level, result.explanation
            assert got[f"{result.item}.status"] == result.status.value, result.explanation
            assert got[f"{result.item}.thrive_like"] == result.thrive_like
            assert arrays[f"{result.item}.level"][index] == (level or 0), result.explanation
        for principle in card.principles:
            level = None if principle.level is None else int(principle.level)
            assert got[f"principle.{principle.principle}.level"] == level
            assert got[f"principle.{principle.principle}.thrive_like"] == principle.thrive_like
        assert (got["thrive_like"], got["complete"]) == (card.thrive_like, card.complete)
