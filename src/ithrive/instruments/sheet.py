"""Answers in: a spreadsheet template, and a reader for it and for JSON responses.

A workshop's answers usually arrive in a spreadsheet. :func:`answer_template`
writes the template for an instrument (CSV, or Excel with the ``excel``
extra): one row per stakeholder, and the columns

- ``respondent``, ``area``, ``sector``, ``role``, ``date`` (``YYYY-MM-DD``),
  all optional, but a workshop needs areas;
- per entry, its id (``ck.01``) for the status, then ``ck.01 comment``,
  ``ck.01 support`` (an issue to get support with) and ``ck.01 best
  practice`` (an example others could learn from).

:func:`read_answers` reads filled-in templates (``.csv``, ``.xlsx``) and JSON
responses (``.json``, one per stakeholder), and returns one
:class:`~ithrive.instruments.Response` per stakeholder. A blank cell is "not
answered"; a status may be its code or the form's wording, in any letter
case ("Already in place in my local area", "in place", "IN_PLACE"). Column
names are compared the same way. Every problem in every file is reported at
once, in one :class:`~ithrive.errors.ResponseError` whose findings name the
file, the row, the stakeholder and the column or action.

>>> import tempfile, pathlib
>>> from ithrive.instruments import default_checklist
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = folder / "answers.csv"
>>> _ = path.write_bytes(answer_template(default_checklist()))
>>> header = path.read_text("utf-8-sig").splitlines()[0]
>>> header.split(",")[:7]
['respondent', 'area', 'sector', 'role', 'date', 'ck.01', 'ck.01 comment']
>>> _ = path.write_text(header + "\\nSCH1,Ashcombe,Health,,2026-03-04,In place,,,,\\n", "utf-8")
>>> [r] = read_answers(path)
>>> r.respondent, r.sector, r.status("ck.01").value, r.status("ck.02")
('SCH1', 'Health', 'in_place', None)
>>> import shutil
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ithrive._messages import short_repr
from ithrive.base._extras import require
from ithrive.base._hints import did_you_mean
from ithrive.errors import Finding, ResponseError
from ithrive.instruments._template import (
    FORMATS,
    META_COLUMNS,
    NOTE_COLUMNS,
    answer_template,
    instrument_named,
    template_columns,
)
from ithrive.instruments.response import Response, read_response
from ithrive.instruments.status import is_blank, normal_text
from ithrive.limits import (
    MAX_JSON_CONTAINERS,
    MAX_JSON_KEYS,
    MAX_JSON_TEXT,
    MAX_JSON_VALUES,
    MAX_RECORDS,
)

if TYPE_CHECKING:
    from ithrive.instruments.loader import Instrument

__all__ = [
    "FORMATS",
    "META_COLUMNS",
    "NOTE_COLUMNS",
    "answer_template",
    "read_answers",
    "template_columns",
]

#: Other names accepted for a describing column (as :func:`normal_text` gives them).
_META_ALIASES = {"stakeholder": "respondent", "local area": "area"}
_NOTES = {normal_text(suffix): field for suffix, field in NOTE_COLUMNS}
_SUFFIX = re.compile(r"^(\S+)(?: (.+))?$")

Source = str | os.PathLike[str]

# ----------------------------------------------------------------------------- reading


class _Collect:
    """Findings of every file, each named by file, row, stakeholder and column."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.instrument: str | None = None
        self.shared_names: set[str] = set()

    def add(self, code: str, entry: str | None, where: str, message: str) -> None:
        self.findings.append(Finding(code, entry, where, message))


def _name(path: Path, out: _Collect) -> str:
    """How findings and sources name a file: its name, or its path if two files share a name."""
    return str(path) if path.name in out.shared_names else path.name


def read_answers(
    sources: Source | Iterable[Source], *, instrument: Instrument | str | None = None
) -> tuple[Response, ...]:
    """Read filled-in answer templates (``.csv``, ``.xlsx``) and JSON responses (``.json``).

    ``sources`` is a file or a list of files. Each spreadsheet row with
    anything in it is one stakeholder's response (a CSV file may separate its
    cells with commas, semicolons or tabs; every sheet of answers of a
    workbook is read, and a value under a column with no name is refused); each JSON file is one
    response (see :func:`~ithrive.instruments.read_response`), in which an
    entry or key given twice is refused. ``instrument`` (an instrument or a
    packaged id) is found from the columns or the JSON document when not
    given. Every problem in every file is reported together in one
    :class:`~ithrive.errors.ResponseError`; each finding's ``where`` names
    the file, the row and the stakeholder, and its ``item`` the entry.
    Responses keep where they came from in ``source``.
    """
    out = _Collect()
    paths: list[Path] = []
    if isinstance(sources, str | os.PathLike):
        paths.append(Path(sources))
    elif isinstance(sources, Iterable) and not isinstance(sources, bytes | Mapping):
        for n, source in enumerate(sources):
            if isinstance(source, str | os.PathLike):
                paths.append(Path(source))
            else:
                message = f"expected a file name, got {short_repr(source)}"
                out.add("invalid_value", None, f"sources[{n}]", message)
    else:
        message = f"expected a file name or a list of them, got {short_repr(sources)}"
        out.add("invalid_value", None, "sources", message)
    fixed = None if instrument is None else instrument_named(instrument)
    if not paths and not out.findings:
        out.add("missing_field", None, "sources", "no files to read")
    names = [p.name for p in paths]
    out.shared_names = {n for n in names if names.count(n) > 1}
    responses: list[Response] = []
    seen: dict[Path, str] = {}
    for path in paths:
        key = path.resolve()
        if key in seen:
            out.add(
                "duplicate_respondent", None, str(path), f"the file was given twice ({seen[key]})"
            )
            continue
        seen[key] = str(path)
        suffix = path.suffix.casefold()
        if suffix == ".json":
            responses.extend(_read_json(path, fixed, out))
        elif suffix == ".csv":
            rows = _csv_rows(path, out)
            if rows is not None:
                responses.extend(_read_rows(path, rows, fixed, out))
        elif suffix == ".xlsx":
            sheets = _xlsx_sheets(path, out)
            for sheet, rows in sheets:
                # a workbook with answers on several sheets names the sheet too
                named = sheet if len(sheets) > 1 else None
                responses.extend(_read_rows(path, rows, fixed, out, sheet=named))
        else:
            message = "expected a .csv, .xlsx or .json file"
            out.add("unreadable", None, str(path), message)
    if out.findings:
        found = responses[0].instrument if responses else out.instrument
        name = fixed.id if fixed is not None else (found or "?")
        raise ResponseError(name, out.findings)
    return tuple(responses)


def _csv_rows(path: Path, out: _Collect) -> list[list[Any]] | None:
    try:
        text = _bounded_text(path)
        if text is None:
            out.add("too_large", None, str(path), f"more than {MAX_JSON_TEXT} bytes")
            return None
    except (OSError, UnicodeDecodeError) as err:
        reason = (
            err.strerror
            if isinstance(err, OSError)
            else "not UTF-8 text (in Excel, save as 'CSV UTF-8 (Comma delimited)')"
        )
        out.add("unreadable", None, str(path), f"cannot read: {reason}")
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[list[Any]] = []
    started = 1  # the line the row being read starts on
    try:
        for row in reader:
            if len(rows) > MAX_RECORDS:
                _too_many_rows(path, out)
                return None
            if _too_wide(row, len(rows) + 1, path, out):
                return None
            rows.append(list(row[:MAX_JSON_KEYS]))  # past it, all blank (checked above)
            started = reader.line_num + 1
        return rows
    except csv.Error as err:
        hint = " (a quote that is never closed?)" if "end of data" in str(err) else ""
        where = f"{_name(path, out)} line {started}"
        out.add("unreadable", None, where, f"not a CSV file: {err}{hint}")
        return None


def _bounded_text(path: Path) -> str | None:
    """The file's text (UTF-8, a byte order mark dropped), or ``None`` past the size limit.

    At most one byte past the limit is read, whatever the file claims to
    be: a link to ``/dev/zero`` states a size of 0 and never ends.
    """
    with path.open("rb") as handle:
        raw = handle.read(MAX_JSON_TEXT + 1)
    return None if len(raw) > MAX_JSON_TEXT else raw.decode("utf-8-sig")


def _too_many_rows(path: Path, out: _Collect) -> None:
    """Report a sheet of more than :data:`~ithrive.limits.MAX_RECORDS` stakeholders."""
    message = f"more than {MAX_RECORDS} rows after the header (the limit)"
    out.add("too_large", None, str(path), message)


def _too_wide(row: Sequence[Any], number: int, path: Path, out: _Collect) -> bool:
    """Whether ``row`` has a value past column :data:`~ithrive.limits.MAX_JSON_KEYS` (reported).

    The widest template has 217 columns; a value past the limit is refused
    rather than dropped.
    """
    if len(row) > MAX_JSON_KEYS and any(not is_blank(c) for c in row[MAX_JSON_KEYS:]):
        message = f"more than {MAX_JSON_KEYS} columns (the limit)"
        out.add("too_large", None, f"{_name(path, out)} row {number}", message)
        return True
    return False


def _sheet_rows(sheet: Any, path: Path, out: _Collect) -> list[list[Any]] | None:
    """The rows of a workbook's sheet, read one at a time within the row and column limits.

    A sheet may state a size far beyond what it holds (one cell at row
    1 048 576, column XFD): rows are read one past the column limit, and
    blank rows are kept as empty lists, so the padding takes no memory.
    """
    rows: list[list[Any]] = []
    for row in sheet.iter_rows(max_col=MAX_JSON_KEYS + 1, values_only=True):
        if len(rows) > MAX_RECORDS:
            _too_many_rows(path, out)
            return None
        if _too_wide(row, len(rows) + 1, path, out):
            return None
        rows.append([] if all(is_blank(c) for c in row) else list(row[:MAX_JSON_KEYS]))
    return rows


#: The separators a CSV file may use: Excel writes ``;`` where the decimal
#: separator is a comma (much of Europe), and tabs come from copy and paste.
_DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    """The separator of a CSV file: whichever of ``,``, ``;`` and tab its first line uses most.

    Quoted text on that line is not counted; a tie goes to the comma.
    """
    line = text.split("\n", 1)[0]
    unquoted = "".join(line.split('"')[::2])
    return max(_DELIMITERS, key=unquoted.count)


def _xlsx_sheets(path: Path, out: _Collect) -> list[tuple[str, list[list[Any]]]]:
    """The rows of each sheet of answers of a workbook, with the sheet's name.

    The sheets of answers are the sheet named ``answers``, and every sheet
    whose first row names an entry of a packaged instrument (a renamed
    answers sheet, or one sheet per sector); without any, the first sheet
    (whose columns are then reported). No sheet of answers is left unread.
    """
    openpyxl = require("openpyxl", "excel", "Reading Excel answer sheets")
    from ithrive.instruments.loader import packaged_instruments

    try:
        import zipfile

        with zipfile.ZipFile(path) as archive:  # sizes as stated; reading never passes them
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_JSON_TEXT:
            message = f"more than {MAX_JSON_TEXT} bytes once unpacked (the limit)"
            out.add("too_large", None, str(path), message)
            return []
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        out.add("unreadable", None, str(path), f"cannot read as an Excel workbook: {err}")
        return []
    ids = {e.casefold() for found in packaged_instruments() for e in found.entry_ids}
    try:
        found = []
        for sheet in book.worksheets:
            rows = _sheet_rows(sheet, path, out)
            if rows is None:
                return []
            heads = {
                normal_text(c).split(" ")[0]
                for c in (rows[0] if rows else [])
                if isinstance(c, str) and c.strip()
            }
            if sheet.title == "answers" or heads & ids:
                found.append((sheet.title, rows))
        if not found and book.worksheets:
            first = book.worksheets[0]
            rows = _sheet_rows(first, path, out)
            if rows is None:
                return []
            found.append((first.title, rows))
        return found
    except Exception as err:  # a sheet is parsed only as it is read: broken XML, a bad cell
        message = f"cannot read as an Excel workbook: {short_repr(str(err), 200)}"
        out.add("unreadable", None, str(path), message)
        return []
    finally:
        book.close()


def _cell_text(value: Any) -> Any:
    """A spreadsheet cell as the text a response holds; other values are kept to be reported."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _columns(
    header: list[Any], file: str, out: _Collect, fixed: Instrument | None
) -> tuple[Instrument | None, dict[int, tuple[str, str | None]]]:
    """Map each column to ``(meta name, None)`` or ``(entry id, answer field)``."""
    from ithrive.instruments.loader import packaged_instruments

    names = [normal_text(h) if isinstance(h, str) else None for h in header]
    candidates = [fixed] if fixed is not None else list(packaged_instruments())
    matches = [_SUFFIX.match(n) if n else None for n in names]
    heads = [m.group(1) if m is not None else None for m in matches]

    def hits(instrument: Instrument) -> int:
        ids = {e.casefold() for e in instrument.entry_ids}
        return sum(1 for h in heads if h in ids)

    best = max(candidates, key=hits)
    if hits(best) == 0 and fixed is None:
        message = (
            "no column names an entry of the checklist, the approach or the GM standards; "
            "write the template with: ithrive instruments template checklist"
        )
        out.add("unknown_instrument", None, f"{file} row 1", message)
        return None, {}
    ids = {e.casefold(): e for e in best.entry_ids}
    known = [*META_COLUMNS, *template_columns(best)[len(META_COLUMNS) :]]
    mapping: dict[int, tuple[str, str | None]] = {}
    first: dict[tuple[str, str | None], int] = {}
    for n, (raw, name) in enumerate(zip(header, names, strict=True), start=1):
        place = f"{file} row 1, column {n}"
        if name is None or not name:
            if not is_blank(raw):
                out.add(
                    "invalid_value", None, place, f"expected a column name, got {short_repr(raw)}"
                )
            continue
        target: tuple[str, str | None] | None = None
        meta = _META_ALIASES.get(name, name)
        if meta in META_COLUMNS:
            target = (meta, None)
        else:
            match = _SUFFIX.match(name)
            if match is not None and match.group(1) in ids:
                suffix = match.group(2)
                if suffix is None:
                    target = (ids[match.group(1)], "status")
                elif suffix in _NOTES:
                    target = (ids[match.group(1)], _NOTES[suffix])
        if target is None:
            hint = did_you_mean(str(raw).strip(), known)
            out.add("unknown_key", None, place, f"unknown column {short_repr(raw)}{hint}")
            continue
        if target in first:
            code = "duplicate_key" if target[1] is None else "duplicate_answer"
            message = f"column {short_repr(raw)} repeats column {first[target]}"
            out.add(code, target[0] if target[1] else None, place, message)
            continue
        first[target] = n
        mapping[n - 1] = target
    return best, mapping


def _read_rows(
    path: Path,
    rows: list[list[Any]],
    fixed: Instrument | None,
    out: _Collect,
    *,
    sheet: str | None = None,
) -> Iterator[Response]:
    file = _name(path, out) + ("" if sheet is None else f" sheet {sheet!r}")
    if not rows or all(is_blank(c) for c in rows[0]):
        out.add("missing_field", None, f"{file} row 1", "no column names in the first row")
        return
    instrument, columns = _columns(rows[0], file, out, fixed)
    if instrument is None:
        return
    out.instrument = out.instrument or instrument.id
    unnamed = [k for k, h in enumerate(rows[0]) if is_blank(h)]
    for number, row in enumerate(rows[1:], start=2):
        if all(is_blank(c) for c in row):
            continue
        doc: dict[str, Any] = {"instrument": instrument.id, "answers": {}}
        answers: dict[str, dict[str, Any]] = doc["answers"]
        where_of: dict[str, str] = {}
        for k, (name, field) in columns.items():
            value = _cell_text(row[k]) if k < len(row) else None
            header = str(rows[0][k]).strip()
            if field is None:
                doc[name] = value
                where_of[name] = header
            else:
                answers.setdefault(name, {})[field] = value
                where_of[f"answers.{name}.{field}"] = header
                if field == "status":
                    where_of[f"answers.{name}"] = header
        who = doc.get("respondent")
        stakeholder = who if isinstance(who, str) and who.strip() else "no respondent id"
        place = f"{file} row {number} ({stakeholder})"
        stray = False
        if len(row) > len(rows[0]) and any(not is_blank(c) for c in row[len(rows[0]) :]):
            out.add("invalid_value", None, place, "values beyond the last named column")
            stray = True
        for k in unnamed:
            if k < len(row) and not is_blank(row[k]):
                message = f"a value in a column with no name: {short_repr(row[k])}; name the column"
                out.add("invalid_value", None, f"{place}, column {k + 1}", message)
                stray = True
        try:
            response = read_response(doc, instrument=instrument)
        except ResponseError as err:
            for f in err.findings:
                column = where_of.get(f.where, f.where)
                out.add(f.code, f.item, f"{place}, column {column}", f.message)
            continue
        if not stray:
            yield _sourced(response, f"{file} row {number}")


def _sourced(response: Response, source: str) -> Response:
    import attrs

    return attrs.evolve(response, source=source)


class _TooLarge(Exception):
    """A JSON response beyond a limit (:mod:`ithrive.evidence.jsonfile`), found while reading."""


def _json_bounds(text: str) -> str | None:
    """Why ``text`` holds too many arrays, objects or values to build, as the CLI's reader counts.

    The same upper bounds as :func:`ithrive.evidence.jsonfile.parse_json` applies,
    counted before anything is built, so a response file takes memory a
    small multiple of its size.
    """
    if text.count("{") + text.count("[") > MAX_JSON_CONTAINERS:
        return f"more than {MAX_JSON_CONTAINERS} brackets ('{{' and '[')"
    if text.count(",") >= MAX_JSON_VALUES:
        return f"more than {MAX_JSON_VALUES} values (commas)"
    return None


class _Duplicates:
    """A JSON object hook that records keys given twice, with their path."""

    def __init__(self) -> None:
        self.repeated: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        if len(pairs) > MAX_JSON_KEYS:
            raise _TooLarge(f"an object with {len(pairs)} keys, more than {MAX_JSON_KEYS}")
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                self.repeated.append((key, out))  # the object, to find where it sits
            out[key] = value
        return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _read_json(path: Path, fixed: Instrument | None, out: _Collect) -> Iterator[Response]:
    file = _name(path, out)
    try:
        text = _bounded_text(path)
        if text is None:
            out.add("too_large", None, file, f"more than {MAX_JSON_TEXT} bytes")
            return
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) else "not UTF-8 text"
        out.add("unreadable", None, file, f"cannot read: {reason}")
        return
    if (problem := _json_bounds(text)) is not None:
        out.add("too_large", None, file, problem)
        return
    hook = _Duplicates()
    try:
        data = json.loads(text, object_pairs_hook=hook, parse_constant=_reject_constant)
    except _TooLarge as err:
        out.add("too_large", None, file, str(err))
        return
    except (ValueError, RecursionError) as err:
        out.add("invalid_json", None, file, f"not valid JSON: {err}")
        return
    who = data.get("respondent") if isinstance(data, Mapping) else None
    stakeholder = who if isinstance(who, str) and who.strip() else "no respondent id"
    place = f"{file} ({stakeholder})"
    answers = data.get("answers") if isinstance(data, Mapping) else None
    owners = (
        {id(v): e for e, v in answers.items() if isinstance(v, dict)}
        if isinstance(answers, Mapping)
        else {}
    )
    failed = False
    for key, holder in hook.repeated:
        if holder is answers:
            message = "answered twice in the file; give each entry once"
            out.add("duplicate_answer", key, f"{place}, answers.{key}", message)
        elif id(holder) in owners:  # a field of one answer, such as its status
            entry = owners[id(holder)]
            message = "key given twice in the file"
            out.add("duplicate_key", entry, f"{place}, answers.{entry}.{key}", message)
        else:
            out.add("duplicate_key", None, f"{place}, {key}", "key given twice in the file")
        failed = True
    try:
        target = fixed if fixed is not None else None
        response = read_response(data, instrument=target)
    except ResponseError as err:
        for f in err.findings:
            out.add(f.code, f.item, f"{place}, {f.where}", f.message)
        return
    if not failed:
        yield _sourced(response, file)
