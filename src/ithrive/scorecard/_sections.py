"""What every report shares: extra sections, labels, colours and the checks of their arguments.

The HTML (:mod:`._html`) and Markdown (:mod:`._markdown`) renderings, and the
plots of :mod:`ithrive.outputs.plot`, take their scorecards, titles and extra
sections through these checks, so a wrong argument reads the same
everywhere. Re-exported (the public part) by :mod:`ithrive.scorecard.report`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeAlias

import attrs

from ithrive._messages import short_repr
from ithrive._version import __version__
from ithrive.base.encoding import is_encodable, unencodable_reason
from ithrive.errors import ReportError, wrong_argument
from ithrive.evidence import Evidence, Rating, describe
from ithrive.model import FRAMEWORK
from ithrive.model.level import Status
from ithrive.scorecard._card import Scorecard
from ithrive.scorecard._results import ItemResult
from ithrive.scorecard._tables import label_of

__all__ = [
    "BARE_TEXT",
    "Extras",
    "ReportSection",
    "card_label",
    "check_text",
    "default_heading",
    "describe_in_full",
    "is_bare",
    "ithrive_version",
    "level_text",
    "report_title",
    "sections_of",
]


def _to_pairs(value: object) -> object:
    if isinstance(value, Mapping):
        return tuple((k, v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(tuple(p) if isinstance(p, (list, tuple)) else p for p in value)
    return value


@attrs.frozen
class ReportSection:
    """An extra section of a report, such as uncertainty or what it would take.

    - ``title``: the section's heading, also the heading of its column;
    - ``items``: text per item id, shown in the item table and the item's
      details (items left out show nothing);
    - ``summary``: text shown as a section of its own; blank lines separate
      paragraphs.

    >>> from ithrive.scorecard.report import ReportSection
    >>> ReportSection("What it would take", items={"micro.3b": "7 more notes"}).items
    (('micro.3b', '7 more notes'),)
    """

    title: str
    items: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_to_pairs)
    summary: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.title, str) or not self.title.strip():
            raise ReportError(
                f"a section needs a title, got {short_repr(self.title)}",
                field="title",
                value=self.title,
            )
        if not isinstance(self.summary, str):
            raise ReportError(
                f"expected text, got {type(self.summary).__name__}",
                field="summary",
                value=self.summary,
            )
        pairs = self.items
        if not isinstance(pairs, tuple) or not all(
            isinstance(p, tuple) and len(p) == 2 for p in pairs
        ):
            raise ReportError(
                "expected a mapping of item ids to text", field="items", value=self.items
            )
        for item_id, text in pairs:
            if item_id not in FRAMEWORK:
                raise FRAMEWORK.unknown_item(item_id)
            if not isinstance(text, str):
                raise ReportError(
                    f"expected text, got {type(text).__name__}",
                    item=item_id,
                    field="items",
                    value=text,
                )
        check_text("title", self.title)
        check_text("summary", self.summary)
        for item_id, text in pairs:
            check_text("items", text, item=item_id)

    def text(self, item_id: str) -> str:
        """The section's text for ``item_id``, or ``""``."""
        if not isinstance(item_id, str):
            raise wrong_argument(item_id, "an item id", "item_id")
        return dict(self.items).get(item_id, "")


#: Extra sections: a list shown with every scorecard, or a function giving each scorecard's.
Extras: TypeAlias = Iterable[ReportSection] | Callable[[Scorecard], Iterable[ReportSection]]


def card_label(card: Scorecard) -> str:
    """A short label for a scorecard: its locality and date.

    >>> import ithrive
    >>> from ithrive.scorecard.report import card_label
    >>> card_label(ithrive.score({"evidence": {}, "locality": "Camden", "date": "2017-09"}))
    'Camden 2017-09'
    """
    if not isinstance(card, Scorecard):
        raise wrong_argument(card, "a Scorecard", "card")
    return label_of(card)


def default_heading(cards: Sequence[Scorecard], escape: Callable[[object], str]) -> str:
    """The default heading, the locality escaped (and isolated) on its own."""
    if len(cards) == 1:
        return f"THRIVE assessment: {escape(card_label(cards[0]))}"
    return "THRIVE assessments"


def check_text(field: str, text: str | None, *, item: str | None = None) -> None:
    """Refuse text no UTF-8 page can hold (a lone surrogate), naming where it is."""
    if text is not None and not is_encodable(text):
        raise ReportError(
            f"{field}: {unencodable_reason(text)}",
            code="unencodable_text",
            item=item,
            field=field,
            value=ascii(text[:40]),
        )


def report_title(title: object) -> str | None:
    """A report's ``title`` argument: ``None`` or text that can be written."""
    if title is not None and not isinstance(title, str):
        raise wrong_argument(title, "text or None", "title")
    check_text("title", title)
    return title


def sections_of(extras: Extras | None, card: Scorecard) -> tuple[ReportSection, ...]:
    """The extra sections of ``card``'s report, each checked to be a :class:`ReportSection`."""
    if extras is None:
        return ()
    got = extras(card) if callable(extras) else extras
    if not isinstance(got, Iterable) or isinstance(got, (str, bytes)):
        raise wrong_argument(got, "a list of ReportSections, or a function giving one", "extras")
    out = tuple(got)
    for section in out:
        if not isinstance(section, ReportSection):
            raise ReportError(
                f"expected a ReportSection, got {type(section).__name__}",
                field="extras",
                value=section,
            )
    return out


def level_text(level: int | None) -> str:
    """``"3 of 4"``, or ``"not rated"``."""
    return "not rated" if level is None else f"{level} of 4"


def is_bare(r: ItemResult, sections: Sequence[ReportSection]) -> bool:
    """Whether an item has nothing to detail: not assessed, no evidence, warning or section text."""
    return (
        r.status is Status.NOT_ASSESSED
        and not r.evidence
        and not r.warnings
        and not any(s.text(r.item) for s in sections)
    )


#: The one line that stands for every item with nothing to detail.
BARE_TEXT = "Not assessed (no evidence was given)"


def describe_in_full(evidence: Evidence) -> str:
    """One piece of evidence described in full: a rating with the panel's notes."""
    text = describe(evidence)
    if isinstance(evidence, Rating) and evidence.notes:
        text += f" (notes: {evidence.notes})"
    return text


def ithrive_version() -> str:
    """The version of ithrive that made a report (its footer says so)."""
    return __version__
