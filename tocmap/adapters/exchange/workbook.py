"""The logframe workbook (XLSX, through openpyxl): the tables of :mod:`tables`, one sheet each."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from tocmap.adapters.exchange import (
    MAX_ELEMENTS,
    MAX_OBSERVATIONS,
    MAX_UNPACKED_BYTES,
    ExportSource,
    Parsed,
    ReadOptions,
)
from tocmap.adapters.exchange import building as b
from tocmap.adapters.exchange.tables import (
    Sheet,
    document_from_sheets,
    sheet_key,
    tables,
)
from tocmap.domain.errors import InvalidInput
from tocmap.i18n import _, format_number

HEADER_FILL = PatternFill("solid", fgColor="1F2A44")
HEADER_FONT = Font(bold=True, color="FFFFFF")
LEVEL_FILLS = {"Impact": "F3EAFB", "Outcome": "E7F1FB", "Output": "E6F6F1", "Activity": "FEF3E2"}
MAX_ROWS = MAX_OBSERVATIONS + 10


def export(source: ExportSource) -> bytes:
    """The workbook, styled for reading: frozen and filterable headings, wrapped long text, dates as dates."""
    book = Workbook()
    book.remove(book.active)
    book.properties.title = source.state.title
    book.properties.creator = "tocmap"
    for table in tables(source):
        sheet = book.create_sheet(_(table.name))
        sheet.append([c.heading() for c in table.columns])
        for cell in sheet[1]:
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # text that starts with "=" is text, never a formula
                    cell.data_type = "s"
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width
            if column.style in ("wrap", "date"):
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    if column.style == "wrap":
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
                    elif cell.value is not None:
                        cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2" if table.name != "About" else None
        if table.rows and table.name != "About":
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"
        if table.name == "About":
            for (cell,) in sheet.iter_rows(min_row=2, max_col=1):
                cell.font = Font(bold=True)
        if table.name == "Results framework":
            for row in sheet.iter_rows(min_row=2):
                colour = LEVEL_FILLS.get(row[0].value)
                if colour:
                    for cell in row[:3]:
                        cell.fill = PatternFill("solid", fgColor=colour)
                row[2].font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "|".join(map(str, value))
    return value


def check_zip(data: bytes, source: str, what: str) -> zipfile.ZipFile:
    """The zip inside an XLSX (or a zip of CSVs), refused when it unpacks to too much."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InvalidInput(_("{source} is not {what}: it is not a zip archive (an .xlsx file is one).", source=source, what=what)) from None
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise InvalidInput(_("{source} unpacks to more than {size} MB; tocmap does not read it.", source=source,
                             size=MAX_UNPACKED_BYTES // 2**20))
    return archive


def read(data: bytes, options: ReadOptions) -> Parsed:
    """A map from a logframe workbook written by tocmap, or a spreadsheet in Kumu's layout."""
    source = options.filename or "The workbook"
    check_zip(data, source, "an XLSX workbook")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        raise InvalidInput(_("{source} is not an XLSX workbook tocmap can read ({error}).", source=source, error=error)) from None
    sheets: dict[str, Sheet] = {}
    skipped = []
    try:
        for worksheet in book.worksheets:
            key = sheet_key(worksheet.title)
            if key is None or key in sheets:
                skipped.append(worksheet)
                continue
            sheets[key] = read_sheet(worksheet.title, worksheet.iter_rows(values_only=True))
        if "elements" not in sheets:
            for worksheet in skipped:  # a single-sheet Kumu spreadsheet with any sheet name
                sheet = read_sheet(worksheet.title, worksheet.iter_rows(values_only=True))
                if "label" in {b.word(h) for h in sheet.headers}:
                    sheets["elements"] = sheet
                    skipped.remove(worksheet)
                    break
    finally:
        book.close()
    parsed = document_from_sheets(sheets, source, _stem(options.filename))
    parsed.skipped = [f"sheet “{w.title}” is not imported" for w in skipped] + parsed.skipped
    return parsed


def read_sheet(name: str, rows) -> Sheet:
    """The rows of one sheet (or CSV file) as dicts by normalised heading; blank rows dropped."""
    headers: list[str] = []
    found: list[tuple[int, dict]] = []
    for number, values in enumerate(rows, start=1):
        values = list(values)
        if not headers:
            if any(b.text(v) for v in values):
                headers = [b.text(v) for v in values]
                keys = [b.word(h) for h in headers]
            continue
        if not any(v is not None and b.text(v) for v in values):
            continue
        if len(found) > MAX_ROWS:
            raise InvalidInput(_("Sheet “{name}” has more than {rows} rows; one import may bring at most "
                                 "{elements} elements and {observations} observations.", name=name,
                                 rows=format_number(MAX_ROWS), elements=format_number(MAX_ELEMENTS),
                                 observations=format_number(MAX_OBSERVATIONS)))
        row = {}
        for key, value in zip(keys, values, strict=False):
            if key and (key not in row or row[key] in (None, "")):
                row[key] = value.replace(tzinfo=None) if isinstance(value, dt.datetime) else value
        found.append((number, row))
    return Sheet(name, headers, found)


def _stem(filename: str | None) -> str:
    if not filename:
        return ""
    name = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return name.replace("-", " ").replace("_", " ").strip().capitalize()
