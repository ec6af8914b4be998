"""The answer template: its columns, and the empty CSV or Excel file a workshop fills in.

One row per stakeholder; the describing columns (:data:`META_COLUMNS`) come
first, then per entry its status column and its note columns
(:data:`NOTE_COLUMNS`). :func:`instrument_named` turns an instrument or a
packaged instrument's id into the instrument, for the template and for
reading it back.
"""

from __future__ import annotations

import csv
import io

from ithrive._messages import short_repr
from ithrive.base._extras import require
from ithrive.base._hints import did_you_mean
from ithrive.errors import Finding, ResponseError
from ithrive.instruments._kinds import Instrument, check_instrument
from ithrive.instruments._load import PACKAGED_IDS, packaged_instrument

__all__ = [
    "FORMATS",
    "META_COLUMNS",
    "NOTE_COLUMNS",
    "answer_template",
    "instrument_named",
    "template_columns",
]

#: The template formats: ``"csv"`` (always) and ``"xlsx"`` (with the ``excel`` extra).
FORMATS = ("csv", "xlsx")

#: The columns that describe the stakeholder, before the entries.
META_COLUMNS = ("respondent", "area", "sector", "role", "date")

#: The note columns of each entry, after its status column: column suffix and answer field.
NOTE_COLUMNS = (("comment", "comment"), ("support", "support"), ("best practice", "best_practice"))
#: What opens a formula when a spreadsheet reads a cell (as OWASP lists them).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def instrument_named(instrument: Instrument | str) -> Instrument:
    """The instrument itself, or the packaged one a text names (``"standards"`` too)."""
    if isinstance(instrument, str):
        found = packaged_instrument({"standards": "gm_standards"}.get(instrument, instrument))
        if found is None:
            message = f"unknown instrument{did_you_mean(instrument, PACKAGED_IDS)}"
            raise ResponseError(
                instrument, [Finding("unknown_instrument", None, "instrument", message)]
            )
        return found
    checked = check_instrument(instrument)
    if checked is None:
        raise ResponseError(
            "?", [Finding("invalid_value", None, "instrument", "expected an instrument, got None")]
        )
    return checked


def template_columns(instrument: Instrument | str) -> tuple[str, ...]:
    """The template's column names for ``instrument``, in order.

    >>> from ithrive.instruments.sheet import template_columns
    >>> template_columns("approach")[5:9]
    ('step.0.1', 'step.0.1 comment', 'step.0.1 support', 'step.0.1 best practice')
    """
    found = instrument_named(instrument)
    columns = list(META_COLUMNS)
    for entry in found.entry_ids:
        columns.append(entry)
        columns.extend(f"{entry} {suffix}" for suffix, _ in NOTE_COLUMNS)
    return tuple(columns)


def answer_template(instrument: Instrument | str, *, format: str = "csv") -> bytes:
    """The empty answer template for ``instrument``, as the bytes of a file.

    ``instrument`` is an instrument or a packaged one's id (``"checklist"``,
    ``"approach"``, ``"gm_standards"`` or ``"standards"``). ``format`` is
    ``"csv"`` (UTF-8 with a byte order mark, which Excel needs to show
    accents) or ``"xlsx"``, which needs the ``excel`` extra (openpyxl) and
    adds a drop-down list of statuses to each status cell and two more
    sheets listing the entries and the accepted wording.

    A template is made to be opened in a spreadsheet, so it never holds a
    formula: every cell of a workbook is a text cell (a title starting with
    ``=`` is shown, not run), and an instrument whose entry id starts with a
    character that opens a formula (``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return) is refused (``invalid_value``), since its column names
    would be formulas in a CSV file opened in Excel.
    """
    if format not in FORMATS:
        message = f"unknown format {short_repr(format)}{did_you_mean(format, FORMATS)}"
        raise ResponseError("template", [Finding("invalid_value", None, "format", message)])
    found = instrument_named(instrument)
    risky = [
        Finding(
            "invalid_value",
            e,
            "id",
            f"an id starting with {e[0]!r} would be a formula in a spreadsheet",
        )
        for e in found.entry_ids
        if e.startswith(_FORMULA_START)
    ]
    if risky:
        raise ResponseError(found.id, risky)
    columns = template_columns(found)
    if format == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow(columns)
        return out.getvalue().encode("utf-8-sig")
    return _xlsx_template(found, columns)


def _xlsx_template(instrument: Instrument, columns: tuple[str, ...]) -> bytes:
    openpyxl = require("openpyxl", "excel", "Excel answer templates")
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "answers"
    sheet.append(list(columns))
    sheet.freeze_panes = "B2"
    labels = [s.label for s in instrument.statuses]
    rule = DataValidation(
        type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True, showDropDown=False
    )
    sheet.add_data_validation(rule)
    for n, name in enumerate(columns, start=1):
        letter = get_column_letter(n)
        sheet.column_dimensions[letter].width = max(12, min(len(name) + 2, 30))
        if name in instrument.entry_ids:
            rule.add(f"{letter}2:{letter}500")
    entries = book.create_sheet("entries")
    entries.append(["id", "title", "source"])
    for e in instrument.entries:
        entries.append([e.id, e.title, e.citation])
    statuses = book.create_sheet("statuses")
    statuses.append(["status", "write it as", "also accepted"])
    from ithrive.instruments.status import WORDING

    for s in instrument.statuses:
        others = [w for w, status in WORDING.items() if status is s and w != s.label]
        statuses.append([s.value, s.label, "; ".join([s.value, *others])])
    for page in book.worksheets:  # text, never a formula, whatever it starts with
        for row in page.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
