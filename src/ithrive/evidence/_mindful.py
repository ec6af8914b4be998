"""The seven MINDFUL elements meso.2 counts, and Count evidence built from those in place.

See :mod:`ithrive.evidence.measures`, which re-exports these names.
"""

from __future__ import annotations

import enum
import numbers
from collections.abc import Iterable, Mapping

from ithrive._messages import short_repr
from ithrive.base._hints import suggest, suggestion_text
from ithrive.errors import EvidenceError, raise_problems
from ithrive.evidence._records import bounded
from ithrive.evidence.count import Count

__all__ = ["MINDFUL_ELEMENTS", "MindfulElement", "mindful", "missing_elements"]


class MindfulElement(enum.StrEnum):
    """One of the seven MINDFUL elements that meso principle 2 counts.

    The assessment tool (Meso principle 2) lists seven elements of the CORC
    MINDFUL approach that a THRIVE-like system would have in place; the level
    depends on how many are reliably in place (interpretation register D6).
    Each member's :attr:`number` is its place in the tool's list and
    :attr:`description` says what it covers.

    >>> from ithrive.evidence.measures import MindfulElement
    >>> MindfulElement.LEARNING_FORUMS.number
    6
    """

    #: 1. Outcome and process measures are collected routinely and shape services.
    ROUTINE_MEASURES = "routine_measures"
    #: 2. An outcomes framework covers every THRIVE needs-based grouping.
    OUTCOMES_FRAMEWORK = "outcomes_framework"
    #: 3. Data is collated and fed back to staff to support QI work.
    DATA_FEEDBACK = "data_feedback"
    #: 4. Staff have systems to discuss and explore variation in quality data.
    VARIATION_REVIEW = "variation_review"
    #: 5. QI projects follow a recognised method such as PDSA.
    QI_METHOD = "qi_method"
    #: 6. Regular (e.g. quarterly) learning forums involve every sector.
    LEARNING_FORUMS = "learning_forums"
    #: 7. Services are reviewed every year.
    ANNUAL_REVIEW = "annual_review"

    @property
    def number(self) -> int:
        """The element's number (1-7) in the assessment tool's list."""
        return list(MindfulElement).index(self) + 1

    @property
    def description(self) -> str:
        """What the element covers, in a sentence."""
        return _MINDFUL_TEXT[self]


_MINDFUL_TEXT: dict[MindfulElement, str] = {
    MindfulElement.ROUTINE_MEASURES: (
        "Outcome and process measures are collected routinely and used to shape services."
    ),
    MindfulElement.OUTCOMES_FRAMEWORK: (
        "An outcomes framework covers every THRIVE needs-based grouping."
    ),
    MindfulElement.DATA_FEEDBACK: "Data is collated and fed back to staff to support QI work.",
    MindfulElement.VARIATION_REVIEW: (
        "Staff have systems to discuss and explore variation in quality data."
    ),
    MindfulElement.QI_METHOD: (
        "QI projects follow a recognised method such as PDSA to reduce variation."
    ),
    MindfulElement.LEARNING_FORUMS: (
        "Regular (for example quarterly) learning forums involve every sector."
    ),
    MindfulElement.ANNUAL_REVIEW: "Services are reviewed every year.",
}


#: The seven MINDFUL elements, in the assessment tool's order.
MINDFUL_ELEMENTS: tuple[MindfulElement, ...] = tuple(MindfulElement)


def _element(value: object, index: int) -> MindfulElement | EvidenceError:
    field = f"elements[{index}]"
    if isinstance(value, MindfulElement):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        number = int(value)
        if 1 <= number <= len(MINDFUL_ELEMENTS):
            return MINDFUL_ELEMENTS[number - 1]
        return EvidenceError(
            f"MINDFUL elements are numbered 1-{len(MINDFUL_ELEMENTS)}, got {short_repr(value)}",
            code="out_of_range",
            field=field,
            value=value,
        )
    if isinstance(value, str):
        try:
            return MindfulElement(value)
        except ValueError:
            names = [e.value for e in MINDFUL_ELEMENTS]
            return EvidenceError(
                f"unknown MINDFUL element {short_repr(value)}"
                f"{suggestion_text(suggest(value, names))} "
                f"(elements: {', '.join(names)})",
                code="unknown_element",
                field=field,
                value=value,
            )
    return EvidenceError(
        "expected a MINDFUL element name or number, got "
        f"{type(value).__name__} {short_repr(value)}",
        code="wrong_type",
        field=field,
        value=value,
    )


def mindful(elements: Iterable[MindfulElement | str | int], *, measure: str | None = None) -> Count:
    """Count the MINDFUL elements in place, for meso.2; the evidence remembers which.

    Give each element as a :class:`MindfulElement`, its name
    (``"learning_forums"``) or its number in the tool's list (1-7). Names are
    checked (with a suggestion for a near miss) and stored in the tool's
    order, so :func:`missing_elements` and :mod:`ithrive.analysis.improvement` can say
    which are missing.

    >>> from ithrive.evidence.measures import MindfulElement, mindful
    >>> mindful(["annual_review", MindfulElement.ROUTINE_MEASURES, 3])
    Count(count=3, in_place=('routine_measures', 'data_feedback', 'annual_review'), measure=None)
    """
    if isinstance(elements, (str, bytes, Mapping)) or not isinstance(elements, Iterable):
        hint = (
            " (a mapping would count its keys whatever their values; "
            "pass the keys of the elements in place)"
            if isinstance(elements, Mapping)
            else ""
        )
        raise EvidenceError(
            "expected a list of MINDFUL elements, "
            f"got {type(elements).__name__} {short_repr(elements)}{hint}",
            code="wrong_type",
            field="elements",
            value=elements,
        )
    problems: list[EvidenceError] = []
    found: list[MindfulElement] = []
    for index, value in enumerate(bounded(elements, "elements")):
        got = _element(value, index)
        if isinstance(got, EvidenceError):
            problems.append(got)
        elif got in found:
            problems.append(
                EvidenceError(
                    f"{got.value!r} is given twice",
                    code="duplicate_name",
                    field=f"elements[{index}]",
                    value=value,
                )
            )
        else:
            found.append(got)
    raise_problems(problems)
    in_place = tuple(e.value for e in MINDFUL_ELEMENTS if e in found)
    return Count(count=len(in_place), in_place=in_place, measure=measure)


def missing_elements(evidence: Count) -> tuple[MindfulElement, ...] | None:
    """The MINDFUL elements not in place, or ``None`` when the evidence does not name them.

    >>> from ithrive.evidence import Count
    >>> from ithrive.evidence.measures import mindful, missing_elements
    >>> [e.value for e in missing_elements(mindful([1, 2, 3, 4, 5]))]
    ['learning_forums', 'annual_review']
    >>> missing_elements(Count(count=5)) is None
    True
    """
    if not isinstance(evidence, Count):
        raise EvidenceError(
            f"expected Count evidence, got {type(evidence).__name__} {short_repr(evidence)}",
            code="wrong_type",
            field="evidence",
            value=evidence,
        )
    names = evidence.in_place
    known = {e.value for e in MINDFUL_ELEMENTS}
    if names is None or not set(names) <= known:
        return None
    return tuple(e for e in MINDFUL_ELEMENTS if e.value not in names)
