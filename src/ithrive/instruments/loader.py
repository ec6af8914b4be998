"""Loading instruments from TOML files or mappings, and the packaged instruments.

Each instrument file has a ``schema`` number, an ``[instrument]`` table
(``id``, ``title``, ``version``, ``source`` and the ``statuses`` a respondent
may give) and its entries: ``[[actions]]`` for a checklist, ``[[phases]]``
with ``[[phases.steps]]`` for the approach, ``[[sections]]`` with
``[[sections.standards]]`` for standards. Entries are structured with cattrs,
unknown keys rejected, and then checked as a whole:

- every id is unique within the instrument;
- every link resolves: item links to :data:`ithrive.FRAMEWORK`, plan
  elements to the checklist, section groupings to the framework's groupings;
- every link has a reason and a strength (``direct`` or ``related``), and
  a cited level is 1-4; a checklist action or standard with no link says
  why in ``unlinked``;
- rows, phases, sections and the steps or standards inside them are numbered
  in order without gaps, and source lines increase through the file;
- every status named is one of :class:`ImplementationStatus`.

Every problem found is collected; an instrument with any problem raises one
:class:`~ithrive.errors.InstrumentError` whose findings name the entry.
"""

from __future__ import annotations

from ithrive.instruments._checks import SCHEMA
from ithrive.instruments._kinds import Instrument
from ithrive.instruments._load import (
    APPROACH_FILE,
    CHECKLIST_FILE,
    GM_STANDARDS_FILE,
    PACKAGED_IDS,
    default_approach,
    default_checklist,
    default_gm_standards,
    load_approach,
    load_checklist,
    load_standards,
    packaged_instrument,
    packaged_instruments,
)
from ithrive.instruments._resolve import answer_findings, resolve_instrument
from ithrive.instruments._structure import parse_status

__all__ = [
    "APPROACH_FILE",
    "CHECKLIST_FILE",
    "GM_STANDARDS_FILE",
    "PACKAGED_IDS",
    "SCHEMA",
    "Instrument",
    "answer_findings",
    "default_approach",
    "default_checklist",
    "default_gm_standards",
    "load_approach",
    "load_checklist",
    "load_standards",
    "packaged_instrument",
    "packaged_instruments",
    "parse_status",
    "resolve_instrument",
]
