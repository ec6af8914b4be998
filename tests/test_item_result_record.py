"""An item result is a record that compares by its content, never as the tuple it is built on.

``ItemResult`` is a tuple subclass for speed; its layout (item, level,
status, basis, ..., the facts and the renderer) is an implementation detail.
It equals only another ``ItemResult`` with the same fields, hashes as it
compares, and is not ordered, as when it was an attrs class.
"""

from __future__ import annotations

import copy
import operator
import pickle
import threading
from collections.abc import Callable
from typing import Any

import pytest

import ithrive
from ithrive.scorecard import ITEM_RESULT_FIELDS, ItemResult


def scored() -> ithrive.Scorecard:
    """A card with a measured item, a gated one, a rated one and an unassessed one."""
    return ithrive.score(
        {
            "micro.2": [
                {"kind": "proportion", "numerator": 18, "denominator": 30},
                {"kind": "rating", "level": 2},
            ],
            "micro.1b": {"kind": "collaborate", "mean": 8.5, "offered_percent": 40},
            "meso.3b": {"kind": "survey", "agree": 0, "respondents": 0, "eligible": 9},
            "meso.1": {"kind": "rating", "level": 3},
        }
    )


def fields(result: ItemResult) -> dict[str, Any]:
    """The public fields of a result, by name."""
    return {name: getattr(result, name) for name in ITEM_RESULT_FIELDS}


class TestEquality:
    """Equal means the same fields; a plain tuple is never equal to a result."""

    def test_a_result_is_not_equal_to_the_tuple_of_its_record(self) -> None:
        """Neither side of == with a plain tuple of the record's contents is true."""
        result = scored()["micro.2"]
        plain = tuple(result)
        assert (result == plain, plain == result, result != plain, plain != result) == (
            False,
            False,
            True,
            True,
        )

    def test_equal_results_hash_alike_and_work_as_keys(self) -> None:
        """Two scorings of the same evidence give equal results with equal hashes."""
        first, second = scored(), scored()
        for a, b in zip(first, second, strict=True):
            assert a == b
            assert hash(a) == hash(b)
        assert {r: r.item for r in first}[second["micro.2"]] == "micro.2"

    def test_a_result_rebuilt_from_its_fields_is_equal(self) -> None:
        """The constructor takes the fields as they read; the rebuilt result equals the original."""
        for result in scored():
            rebuilt = ItemResult(**fields(result))
            assert rebuilt == result
            assert hash(rebuilt) == hash(result)
            assert repr(rebuilt) == repr(result)

    def test_results_with_one_field_changed_differ(self) -> None:
        """Changing the level, or only the words, makes a different result."""
        result = scored()["micro.2"]
        assert ItemResult(**{**fields(result), "level": ithrive.Level.TWO}) != result
        assert ItemResult(**{**fields(result), "explanation": "other words"}) != result

    @pytest.mark.parametrize("compare", [operator.lt, operator.le, operator.gt, operator.ge])
    def test_results_are_not_ordered(self, compare: Callable[[Any, Any], bool]) -> None:
        """Ordering two results, or a result and a tuple, is a TypeError, either way round."""
        card = scored()
        a, b = card["micro.2"], card["meso.1"]
        for left, right in ((a, b), (a, tuple(b)), (tuple(a), b)):
            with pytest.raises(TypeError, match="not ordered"):
                compare(left, right)

    def test_sorting_results_is_refused_rather_than_done_by_layout(self) -> None:
        """sorted() needs a key; without one it raises instead of comparing internals."""
        card = scored()
        with pytest.raises(TypeError):
            sorted(card.items)
        assert [r.item for r in sorted(card.items, key=lambda r: r.item)][:2] == [
            "macro.1",
            "macro.2",
        ]


class TestCopies:
    """Copies, pickles and stored forms equal the original, words included."""

    def test_copy_deepcopy_and_pickle_of_a_result_are_equal(self) -> None:
        """Each copy of each result equals it, before and after its words are read."""
        for result in scored():
            for made in (copy.copy(result), copy.deepcopy(result)):
                assert made == result
            assert pickle.loads(pickle.dumps(result)) == result

    def test_a_card_round_trips_through_to_dict_with_its_words(self) -> None:
        """from_dict(to_dict()) equals the card, and its stored words are the words."""
        card = scored()
        again = ithrive.Scorecard.from_dict(card.to_dict())
        assert again == card
        assert hash(again) == hash(card)
        assert [r.explanation for r in again] == [r.explanation for r in card]
        assert again.to_dict() == card.to_dict()

    def test_sixteen_threads_reading_one_card_read_the_same_words(self) -> None:
        """Words written lazily are the same whichever thread reads them first."""
        card = scored()
        expected = scored().to_json()
        seen: list[str] = []
        start = threading.Barrier(16)

        def read() -> None:
            start.wait()
            seen.append(card.to_json())

        threads = [threading.Thread(target=read) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert seen == [expected] * 16
