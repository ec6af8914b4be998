"""Implementation statuses: how far an action, plan step or standard has got.

Besides the three steps of progress, a respondent may say they do not know,
or (where the instrument allows it) that an entry does not apply to their
area. :func:`read_status` reads a status from its code or from the form's
own wording, whatever the letter case and spacing; :func:`status_code` is
how every record writes one to JSON.
"""

from __future__ import annotations

import difflib
import enum
import math
import re
from collections.abc import Mapping

from ithrive._messages import short_repr
from ithrive.base._hints import did_you_mean
from ithrive.errors import Finding, ResponseError

__all__ = [
    "COUNT_KEYS",
    "PROGRESS_STATUSES",
    "WORDING",
    "ImplementationStatus",
    "count_key",
    "is_blank",
    "normal_text",
    "read_status",
    "status_code",
]

#: What a tally counts: the five statuses and ``blank``.
COUNT_KEYS = ("in_place", "in_progress", "not_started", "dont_know", "not_applicable", "blank")


class ImplementationStatus(enum.StrEnum):
    """Where a locality stands on one entry of an instrument.

    The first three values are the checklist form's three columns:

    - ``in_place``: already in place in the local area;
    - ``in_progress``: not yet in place, but work towards it has started;
    - ``not_started``: not in place and no work towards it yet.

    Two more record what a respondent could not place on that scale:

    - ``dont_know``: the respondent does not know (counted, never guessed,
      and not a view of progress);
    - ``not_applicable``: the entry does not apply to the area (such as a
      step for programmes spanning several sites); left out of every share.

    Each instrument lists the statuses it accepts. The three steps of
    progress are ordered by ``rank``, from ``not_started`` (0) to ``in_place``
    (2); the other two have no rank.

    >>> ImplementationStatus("in_progress").rank
    1
    >>> ImplementationStatus.DONT_KNOW.rank is None
    True
    >>> [s.value for s in PROGRESS_STATUSES]
    ['not_started', 'in_progress', 'in_place']
    """

    IN_PLACE = "in_place"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    DONT_KNOW = "dont_know"
    NOT_APPLICABLE = "not_applicable"

    @property
    def rank(self) -> int | None:
        """How far along: 0 not started, 1 in progress, 2 in place; ``None`` otherwise."""
        return _RANK.get(self)

    @property
    def is_progress(self) -> bool:
        """Whether the status is a step of progress (it has a rank)."""
        return self in _RANK

    @property
    def label(self) -> str:
        """A short readable label (``"in place"``, ``"don't know"``, ``"not applicable"``)."""
        return _LABELS[self]


_RANK = {
    ImplementationStatus.NOT_STARTED: 0,
    ImplementationStatus.IN_PROGRESS: 1,
    ImplementationStatus.IN_PLACE: 2,
}

_LABELS = {
    ImplementationStatus.IN_PLACE: "in place",
    ImplementationStatus.IN_PROGRESS: "in progress",
    ImplementationStatus.NOT_STARTED: "not started",
    ImplementationStatus.DONT_KNOW: "don't know",
    ImplementationStatus.NOT_APPLICABLE: "not applicable",
}

#: The three steps of progress, least advanced first.
PROGRESS_STATUSES = (
    ImplementationStatus.NOT_STARTED,
    ImplementationStatus.IN_PROGRESS,
    ImplementationStatus.IN_PLACE,
)

_S = ImplementationStatus

#: Wording accepted for each status besides its code, as :func:`normal_text`
#: gives it. The first three lines of each status are the implementation
#: checklist form's own column headings.
WORDING: Mapping[str, ImplementationStatus] = {
    "already in place in my local area": _S.IN_PLACE,
    "already in place": _S.IN_PLACE,
    "in place": _S.IN_PLACE,
    "not yet in place but work in progress": _S.IN_PROGRESS,
    "work in progress": _S.IN_PROGRESS,
    "in progress": _S.IN_PROGRESS,
    "not in place and no work towards this yet": _S.NOT_STARTED,
    "not in place": _S.NOT_STARTED,
    "not started": _S.NOT_STARTED,
    "dont know": _S.DONT_KNOW,
    "do not know": _S.DONT_KNOW,
    "not applicable": _S.NOT_APPLICABLE,
    "n/a": _S.NOT_APPLICABLE,
}

_SEPARATORS = re.compile(r"[\s_\-]+")
_PUNCTUATION = re.compile(r"[,;:!]")


def normal_text(text: str) -> str:
    """``text`` trimmed, case-folded, with runs of spaces, ``_`` and ``-`` as one space.

    Apostrophes and a final full stop are dropped, so ``"Don't know."`` and
    ``"DONT_KNOW"`` read alike. Names (areas, stakeholders) and statuses are
    compared in this form.

    >>> normal_text("  Already in place in my   LOCAL area. ")
    'already in place in my local area'
    >>> normal_text("Don\u2019t_know")
    'dont know'
    """
    out = text.replace("'", "").replace("\u2019", "").strip().rstrip(".")
    return _SEPARATORS.sub(" ", out).strip().casefold()


def is_blank(value: object) -> bool:
    """Whether a cell or answer means "not answered": ``None``, empty text or NaN."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def read_status(
    value: object, allowed: tuple[ImplementationStatus, ...] | None = None
) -> ImplementationStatus:
    """Read a status from its code or from the form's wording; else ``ValueError``.

    Letter case, spaces, ``_`` and ``-`` do not matter (see
    :func:`normal_text`). ``allowed`` (an instrument's statuses) limits the
    result; the message then lists what the instrument accepts.

    >>> read_status("Already in place in my local area").value
    'in_place'
    >>> read_status(" IN_PLACE ").value, read_status("Not started").value
    ('in_place', 'not_started')
    >>> read_status("Not yet in place, but work in progress").value
    'in_progress'
    >>> read_status("Already in plce in my local area")
    Traceback (most recent call last):
    ...
    ValueError: unknown status ...; did you mean 'already in place in my local area' (in_place)?
    >>> read_status("done")
    Traceback (most recent call last):
    ...
    ValueError: unknown status 'done'; known statuses: in_place, in_progress, ...
    """
    found: ImplementationStatus | None = None
    if isinstance(value, ImplementationStatus):
        found = value
    elif isinstance(value, str):
        # commas and the like are punctuation in the form's wording ("Not yet in
        # place, but work in progress"), not part of it
        key = normal_text(_PUNCTUATION.sub(" ", value))
        found = WORDING.get(key)
        if found is None:
            try:
                found = ImplementationStatus(key.replace(" ", "_"))
            except ValueError:
                found = None
    usable = tuple(ImplementationStatus) if allowed is None else allowed
    codes = [s.value for s in usable]
    if found is None:
        hint = did_you_mean(value, codes)
        if not hint and isinstance(value, str):  # the form's wording, misspelt
            wordings = [w for w, s in WORDING.items() if s in usable]
            # close only: a loose match ("sort of" for "dont know") would mislead
            near = difflib.get_close_matches(normal_text(value), wordings, n=1, cutoff=0.8)
            if near:
                hint = f"; did you mean {near[0]!r} ({WORDING[near[0]].value})?"
        raise ValueError(
            f"unknown status {short_repr(value)}{hint or '; known statuses: ' + ', '.join(codes)}"
        )
    if found not in usable:
        raise ValueError(
            f"status {found.value!r} is not used here; the statuses are {', '.join(codes)}"
        )
    return found


def count_key(status: object, name: str) -> str:
    """The tally field of ``status`` (a status or ``"blank"``); else a :class:`ResponseError`.

    ``name`` names the tally (a group, an entry) in the error.
    """
    key = status.value if isinstance(status, ImplementationStatus) else status
    if not isinstance(key, str) or key not in COUNT_KEYS:
        raise ResponseError(
            name, [Finding("unknown_status", None, "status", f"unknown status {key!r}")]
        )
    return key


def status_code(status: ImplementationStatus | None) -> str | None:
    """A status as JSON writes it: its code, or ``None`` for an entry left blank.

    >>> from ithrive.instruments.status import ImplementationStatus, status_code
    >>> status_code(ImplementationStatus.IN_PLACE), status_code(None)
    ('in_place', None)
    """
    return None if status is None else status.value
