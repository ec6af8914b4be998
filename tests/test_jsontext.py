"""The indented JSON writer writes exactly what ``json.dumps`` writes, or defers to it."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ithrive
from ithrive.base.jsontext import dumps

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(),
)

#: JSON-like values, with the odd ones json.dumps also takes or refuses: tuples,
#: keys that are not text, numbers that are not finite.
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=6), inner, max_size=4),
        st.dictionaries(st.one_of(st.integers(), st.booleans(), st.none()), inner, max_size=2),
    ),
    max_leaves=25,
)


def _standard(value: Any, indent: int) -> str:
    """``json.dumps`` as the scorecard writes it, or its error's type and text."""
    try:
        return json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=False)
    except ValueError as err:
        return f"ValueError: {err}"


def _ours(value: Any, indent: int) -> str:
    """:func:`dumps`, or its error's type and text."""
    try:
        return dumps(value, indent)
    except ValueError as err:
        return f"ValueError: {err}"


@given(_VALUES, st.integers(-1, 4))
def test_the_writer_gives_json_dumps_text_for_any_json_like_value(value: Any, indent: int) -> None:
    """Any nesting of dicts, lists, tuples and scalars gives json.dumps' exact text or error."""
    assert _ours(value, indent) == _standard(value, indent)


@pytest.mark.parametrize(
    "value",
    [
        {"a": math.nan},
        [math.inf],
        {"x": [True, False, None, 1.5, -0.0, 1e300, 'é\u2028\x00"\\']},
        {1: "one", None: [], False: {}},
        [[], {}, [[]], {"a": {}}],
        (1, "2"),
        {"level": ithrive.Level.THREE},
    ],
)
def test_the_writer_gives_json_dumps_text_for_unusual_values(value: Any) -> None:
    """Non-finite numbers, non-text keys, empty containers, enum members: as json.dumps has them."""
    for indent in (0, 2):
        assert _ours(value, indent) == _standard(value, indent)


def test_a_scorecard_as_json_is_json_dumps_of_its_dict() -> None:
    """``to_json`` gives the bytes ``json.dumps`` gives for ``to_dict``, at any indent."""
    card = ithrive.score(
        {
            "micro.2": {"kind": "proportion", "numerator": 111, "denominator": 140},
            "macro.1": {"kind": "rating", "level": 2},
        },
    )
    for indent in (None, 0, 2, 4):
        assert card.to_json(indent=indent) == json.dumps(
            card.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False
        )
