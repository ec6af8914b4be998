"""The assessment record: one scorecard with its locality, date, method and assessors.

An :class:`Assessment` is what a study counts: the scorecard of one
locality at one date (or period), made one way (:class:`Method`), with who
assessed and free notes. It checks its own fields when made, reporting
every problem at once, and gives its long-format rows
(:meth:`Assessment.to_rows`).
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from ithrive.base._checks import check_text
from ithrive.base.dates import iso_date
from ithrive.errors import EvidenceError, naming, raise_problems
from ithrive.rules.ruleset import Ruleset
from ithrive.scorecard import ItemResult, Scorecard
from ithrive.scoring import EvidenceInput, score
from ithrive.studies.assessment._columns import COLUMNS, evidence_columns

__all__ = ["Assessment", "Method", "method_of", "scorecard_of"]


class Method(enum.StrEnum):
    """How an assessment was made (the tool's "How to Score Services").

    - ``self_assessment``: stakeholders of the locality discussed each
      principle together and chose the best-fitting description;
    - ``independent_evaluation``: an independent team weighed evidence from
      commissioners and providers (interviews, focus groups, data).
    """

    SELF_ASSESSMENT = "self_assessment"
    INDEPENDENT_EVALUATION = "independent_evaluation"


def _to_date(value: object) -> object:
    """The canonical ISO text of a date; anything else as given, for the check to report."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return value
    try:
        return iso_date(value)
    except EvidenceError:
        return value


def _to_method(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Method):
        try:
            return Method(value)
        except ValueError:
            return value
    return value


def _to_names(value: object) -> object:
    if isinstance(value, list):
        return tuple(value)
    return value


def _names_of(value: object) -> object:
    """Names given as any iterable, as a tuple; anything else as given, for the check to report."""
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        names = tuple(value)
        if all(isinstance(n, str) for n in names):
            return names
    return value


def _text_problem(field: str, value: object, *, empty_ok: bool = False) -> EvidenceError | None:
    if not isinstance(value, str):
        return EvidenceError(
            f"expected text, got {type(value).__name__} {value!r}",
            code="wrong_type",
            field=field,
            value=value,
        )
    if not empty_ok and not value.strip():
        return EvidenceError("must not be empty", code="empty_text", field=field, value=value)
    found: list[EvidenceError] = []
    check_text(found, field, value)  # as evidence text: at most MAX_TEXT, writable as UTF-8
    return found[0] if found else None


def _mismatch(name: str, theirs: str, ours: str, *, code: str) -> EvidenceError:
    """The scorecard names another locality or date than its assessment."""
    return EvidenceError(
        f"the scorecard is for {name} {theirs!r}, not {ours!r}",
        code=code,
        field=name,
        value=theirs,
    )


@attrs.frozen(kw_only=True)
class Assessment:
    """One scored assessment of one locality, at one date, made one way.

    The scorecard's own ``locality`` and ``date`` are set to the
    assessment's (a scorecard that names another locality or date is an
    error). ``ruleset`` and ``ruleset_version`` come from the scorecard.
    ``assessors`` names who assessed (raters, or the evaluation team);
    ``notes`` is free text. The locality, each assessor and the notes are
    text of at most :data:`~ithrive.limits.MAX_TEXT` characters (longer is
    ``too_large``, naming the field), as evidence text is.

    >>> from ithrive.studies.assessment import Assessment
    >>> import ithrive
    >>> card = ithrive.score({"meso.2": {"kind": "count", "count": 3}})
    >>> a = Assessment(scorecard=card, locality="Site B", date="2017-09",
    ...                method="self_assessment", assessors=["workshop"])
    >>> a.method, a.assessors, a.scorecard.locality
    (<Method.SELF_ASSESSMENT: 'self_assessment'>, ('workshop',), 'Site B')
    """

    scorecard: Scorecard
    locality: str
    date: str = attrs.field(converter=_to_date)
    method: Method = attrs.field(converter=_to_method)
    assessors: tuple[str, ...] = attrs.field(default=(), converter=_to_names)
    notes: str = ""

    def __attrs_post_init__(self) -> None:
        problems: list[EvidenceError] = []
        card = self.scorecard
        if not isinstance(card, Scorecard):
            problems.append(
                EvidenceError(
                    f"expected a Scorecard, got {type(card).__name__}",
                    code="wrong_type",
                    field="scorecard",
                    value=card,
                )
            )
        for name in ("locality", "date"):
            problem = _text_problem(name, getattr(self, name))
            if name == "date" and (problem is None or problem.code == "wrong_type"):
                try:  # the date error says which forms and values a date may take
                    iso_date(self.date)
                    problem = None
                except EvidenceError as err:
                    problem = err
            if problem is not None:
                problems.append(problem)
        if not isinstance(self.method, Method):
            problems.append(
                EvidenceError(
                    f"expected one of {', '.join(repr(m.value) for m in Method)}, "
                    f"got {self.method!r}",
                    code="unknown_method",
                    field="method",
                    value=self.method,
                )
            )
        if not isinstance(self.assessors, tuple) or not all(
            isinstance(a, str) and a.strip() for a in self.assessors
        ):
            problems.append(
                EvidenceError(
                    f"expected a list of names, got {self.assessors!r}",
                    code="wrong_type",
                    field="assessors",
                    value=self.assessors,
                )
            )
        else:
            for name in self.assessors:
                check_text(problems, "assessors", name)
        problem = _text_problem("notes", self.notes, empty_ok=True)
        if problem is not None:
            problems.append(problem)
        if not problems and isinstance(card, Scorecard):
            if card.locality is not None and card.locality != self.locality:
                problems.append(
                    _mismatch("locality", card.locality, self.locality, code="locality_mismatch")
                )
            if card.date is not None and _to_date(card.date) != self.date:
                problems.append(_mismatch("date", card.date, self.date, code="date_mismatch"))
            if not problems and (card.locality, card.date) != (self.locality, self.date):
                card = attrs.evolve(card, locality=self.locality, date=self.date)
                object.__setattr__(self, "scorecard", card)
        raise_problems(problems)

    @classmethod
    def from_evidence(
        cls,
        evidence: EvidenceInput,
        *,
        method: Method | str,
        locality: str | None = None,
        date: str | datetime.date | None = None,
        assessors: Iterable[str] = (),
        notes: str = "",
        ruleset: Ruleset | None = None,
    ) -> Assessment:
        """Score ``evidence`` and wrap the scorecard with its context.

        ``locality`` and ``date`` default to those of an evidence document.
        """
        try:
            card = score(evidence, ruleset)
        except EvidenceError as err:
            raise naming(err, "evidence") from None
        return cls(
            scorecard=card,
            locality=locality if locality is not None else card.locality,  # type: ignore[arg-type]
            date=date if date is not None else card.date,
            method=method,
            assessors=_names_of(assessors),
            notes=notes,
        )

    @property
    def key(self) -> tuple[str, str, str]:
        """``(locality, date, method)``: unique within a collection."""
        return (self.locality, self.date, self.method.value)

    @property
    def ruleset(self) -> str:
        """The name of the ruleset the scorecard was made with."""
        return self.scorecard.ruleset

    @property
    def ruleset_version(self) -> str:
        """The version of the ruleset the scorecard was made with."""
        return self.scorecard.ruleset_version

    @property
    def thrive_like(self) -> bool:
        """The scorecard's overall verdict."""
        return self.scorecard.thrive_like

    def __getitem__(self, item_id: str) -> ItemResult:
        return self.scorecard[item_id]

    def to_rows(self) -> list[dict[str, Any]]:
        """The assessment in long format: one dict per item, principle and system (:data:`COLUMNS`).

        The 22 items come first, then the 17 principles, then the 3 systems.
        """
        card = self.scorecard
        context: dict[str, Any] = {
            "locality": self.locality,
            "date": self.date,
            "method": self.method.value,
            "assessors": list(self.assessors),
            "notes": self.notes,
            "ruleset": self.ruleset,
            "ruleset_version": self.ruleset_version,
            "schema": card.schema,
        }
        blank = dict.fromkeys(COLUMNS)
        blank.update(context)
        blank.update({"unmet": [], "warnings": [], "evidence": []})
        out = []
        # An item's row holds what the scorecard document writes for the item.
        written = card.to_dict()["items"]
        for r in card.items:
            row = dict(blank)
            row.update({"kind": "item", "id": r.item, **written[r.item]})
            row.update(evidence_columns(r.evidence))
            out.append(row)
        for p in card.principles:
            row = dict(blank)
            row.update(
                {
                    "kind": "principle",
                    "id": p.principle,
                    "level": None if p.level is None else int(p.level),
                    "status": p.status.value,
                    "thrive_like": p.thrive_like,
                }
            )
            out.append(row)
        for system in card.systems:
            row = dict(blank)
            row.update(
                {
                    "kind": "system",
                    "id": system.system,
                    "value": system.mean_level,
                    "items_thrive_like": system.items_thrive_like,
                    "principles_thrive_like": system.principles_thrive_like,
                }
            )
            out.append(row)
        return out


def method_of(value: Method | str) -> Method:
    """``value`` as a :class:`Method`; anything else is refused (``unknown_method``)."""
    converted = _to_method(value)
    if not isinstance(converted, Method):
        raise EvidenceError(
            f"expected one of {', '.join(repr(m.value) for m in Method)}, got {value!r}",
            code="unknown_method",
            field="method",
            value=value,
        )
    return converted


def scorecard_of(value: Assessment | Scorecard, field: str) -> Scorecard:
    """The scorecard of an assessment, or the scorecard itself; anything else is refused."""
    if isinstance(value, Assessment):
        return value.scorecard
    if isinstance(value, Scorecard):
        return value
    raise EvidenceError(
        f"expected an Assessment or Scorecard, got {type(value).__name__}",
        code="wrong_type",
        field=field,
        value=value,
    )
