"""The logframe tables as CSV files (UTF-8 with a byte-order mark, so spreadsheets open them right).

Export: a zip with one CSV per table. Import: that zip, a zip of Kumu CSVs, or one CSV in
Kumu's layout (elements with a ``Label`` column, or connections with ``From`` and ``To``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from tocmap.adapters.exchange import ExportSource, Parsed, ReadOptions
from tocmap.adapters.exchange import building as b
from tocmap.adapters.exchange.tables import Sheet, document_from_sheets, sheet_key, tables
from tocmap.adapters.exchange.workbook import _stem, check_zip, read_sheet
from tocmap.domain.errors import InvalidInput
from tocmap.i18n import _

README = """These CSV files hold the logframe of “{title}” (revision {revision}), exported by tocmap.
Each file is one table: elements and links (Kumu's spreadsheet layout), the results framework,
indicators, targets, observations and partners. Import the zip back into tocmap as it is, or
open any file in a spreadsheet.
"""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return b.text(value)


def export(source: ExportSource) -> bytes:
    """A zip of CSV files, one per table."""
    out = io.BytesIO()
    stamp = (source.exported_at.year, source.exported_at.month, source.exported_at.day,
             source.exported_at.hour, source.exported_at.minute, source.exported_at.second)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables(source):
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow([c.heading() for c in table.columns])
            writer.writerows([[_text(v) for v in row] for row in table.rows])
            archive.writestr(zipfile.ZipInfo(table.file, stamp), ("\ufeff" + text.getvalue()).encode("utf-8"),
                             zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo("README.txt", stamp),
                         README.format(title=source.state.title, revision=source.revision))
    return out.getvalue()


def _rows(data: bytes, name: str):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # spreadsheets on Windows often save this
    try:
        return read_sheet(name, csv.reader(io.StringIO(text), dialect_of(text)))
    except csv.Error as error:
        raise InvalidInput(_("{name} is not a CSV file tocmap can read: {error}.", name=name, error=error)) from None


def dialect_of(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The CSV dialect of a text: the one tocmap writes (Excel's: commas, doubled quotes) when it
    reads the text evenly, else what the sniffer guesses (semicolons, tabs...).

    Examples
    --------
    >>> dialect_of('Label,Description\\r\\nA,"He said ""yes"", and ""no"" then"\\r\\n') is csv.excel
    True
    >>> dialect_of("Label;Type\\nA;Outcome\\n").delimiter
    ';'
    """
    if _fits(text, csv.excel):
        return csv.excel
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _fits(text: str, dialect) -> bool:
    """Whether every row of the text has as many cells as its header row (more than one) in this dialect."""
    try:
        rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row)]
    except csv.Error:
        return False
    if not rows or len(rows[0]) < 2:
        return False
    width = len(rows[0])
    return all(len(row) <= width for row in rows)


def read(data: bytes, options: ReadOptions) -> Parsed:
    """A map from a zip of CSV files, or from one CSV in Kumu's layout."""
    source = options.filename or "The file"
    if data[:2] == b"PK":
        archive = check_zip(data, source, "a zip of CSV files")
        sheets: dict[str, Sheet] = {}
        ignored = []
        for info in archive.infolist():
            if info.is_dir() or not info.filename.lower().endswith(".csv"):
                if not info.is_dir() and not info.filename.lower().endswith((".txt", ".md")):
                    ignored.append(info.filename)
                continue
            key = sheet_key(info.filename)
            if key is None or key in sheets:
                ignored.append(info.filename)
                continue
            sheets[key] = _rows(archive.read(info), info.filename.rsplit("/", 1)[-1])
        if not sheets:
            raise InvalidInput(_("{source} holds no CSV file tocmap knows (elements.csv, links.csv or "
                                 "connections.csv, indicators.csv, targets.csv, observations.csv, partners.csv).",
                                 source=source))
        parsed = document_from_sheets(sheets, source, _stem(options.filename))
        parsed.skipped = [f"file “{name}” in the zip is not imported" for name in ignored] + parsed.skipped
        return parsed
    sheet = _rows(data, options.filename or "the CSV file")
    keys = {b.word(h) for h in sheet.headers}
    if {"from", "to"} <= keys:
        sheets = {"elements": Sheet("Elements", ["Label"], []), "links": sheet}
    elif "label" in keys:
        sheets = {"elements": sheet}
    else:
        raise InvalidInput(_("{source}: its first row must name the columns: “Label” (and “Type”, “Description”, "
                             "“Tags”) for elements, or “From” and “To” for connections.", source=source))
    return document_from_sheets(sheets, source, _stem(options.filename))
