"""File formats a map can be exported to and imported from.

One module per format. Each exporting module has ``export(source: ExportSource) -> bytes``;
each importing module has ``read(data: bytes, options: ReadOptions) -> Parsed``. This
package holds the registry of formats (:data:`FORMATS`: key, title, file extension, media
type, what it can do), the limits every import obeys, and what exporters receive and
importers return. Modules are imported only when their format is used, so the command
line stays quick to start.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from tocmap.domain.errors import InvalidInput
from tocmap.i18n import N_, _

if TYPE_CHECKING:  # types only: the registry loads without the map model, so `tocmap --help` starts quickly
    from tocmap.domain.document import MapDocument
    from tocmap.domain.model import Snapshot

#: An uploaded or read file may be at most this large.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: A zipped file (XLSX, a zip of CSVs) may unpack to at most this much.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: At most this many elements, links, indicators and observations (in all) come from one file.
MAX_ELEMENTS = 20_000  # a national programme's systems map (bench/bigmaps.py imports 10,000)
MAX_LINKS = 50_000
MAX_INDICATORS = 2_000
MAX_OBSERVATIONS = 100_000


@dataclass(frozen=True)
class Format:
    """One file format: what it is called, its file name ending and media type, what it can do."""

    key: str
    title: str
    extension: str
    media_type: str
    module: str
    group: str
    exports: bool = True
    imports: bool = False
    #: File name endings recognised when importing (the extension first).
    import_extensions: tuple[str, ...] = ()
    binary: bool = False
    #: The function of the module that writes the format.
    export_function: str = "export"

    def exporter(self):
        """The module that writes this format."""
        return importlib.import_module(f"tocmap.adapters.exchange.{self.module}")

    def reader(self):
        """The module that reads this format."""
        return importlib.import_module(f"tocmap.adapters.exchange.{self.module}")


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("png", "Picture of the map (PNG)", ".png", "image/png", "picture", "Picture", binary=True,
               export_function="export_png"),
        Format("svg", "Picture of the map (SVG)", ".svg", "image/svg+xml", "picture", "Picture"),
        Format("report", "Joint purpose map report (HTML, prints to PDF)", ".html", "text/html",
               "report", "Report"),
        Format("xlsx", "Logframe workbook (XLSX)", ".xlsx",
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "workbook", "Spreadsheet",
               imports=True, import_extensions=(".xlsx", ".xlsm"), binary=True),
        Format("csv", "Logframe tables (CSV files in a zip)", ".zip", "application/zip", "csvzip", "Spreadsheet",
               imports=True, import_extensions=(".zip", ".csv"), binary=True),
        Format("iati", "IATI 2.03 results (XML)", ".xml", "application/xml", "iati", "Open data and other tools",
               imports=True, import_extensions=(".xml",)),
        Format("kumu", "Kumu (JSON)", ".kumu.json", "application/json", "kumu", "Open data and other tools",
               imports=True, import_extensions=(".kumu.json", ".json")),
        Format("graphml", "GraphML (yEd, Gephi, networkx)", ".graphml", "application/graphml+xml", "graphml",
               "Open data and other tools", imports=True, import_extensions=(".graphml", ".xml")),
        Format("gexf", "GEXF (Gephi)", ".gexf", "application/gexf+xml", "gexf", "Open data and other tools",
               imports=True, import_extensions=(".gexf", ".xml")),
        Format("json", "tocmap JSON (full fidelity)", ".json", "application/json", "jsonfile",
               "Open data and other tools", imports=True, import_extensions=(".json",)),
    )
}
EXPORTS: tuple[str, ...] = tuple(k for k, f in FORMATS.items() if f.exports)
IMPORTS: tuple[str, ...] = tuple(k for k, f in FORMATS.items() if f.imports)


def get_format(key: str | None, purpose: str = "export") -> Format:
    """The format with this key, or a clear error listing the ones there are.

    Examples
    --------
    >>> get_format("xlsx").extension
    '.xlsx'
    >>> get_format("pdf")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: tocmap cannot export 'pdf'. Formats: png, svg, report, xlsx, csv, iati, kumu, graphml, gexf, json.
    """
    keys = EXPORTS if purpose == "export" else IMPORTS
    found = FORMATS.get((key or "").strip().lower())
    if found is None or found.key not in keys:
        message = (N_("tocmap cannot export '{key}'. Formats: {formats}.") if purpose == "export"
                   else N_("tocmap cannot import '{key}'. Formats: {formats}."))
        raise InvalidInput(_(message, key=key, formats=", ".join(keys)))
    return found


# --------------------------------------------------------------------------- what exporters get


@dataclass(frozen=True)
class ExportSource:
    """Everything an exporter may show: the document at one revision, and when and how it was agreed."""

    document: MapDocument
    map_id: int
    #: When the revision shown was made (None for revision 0).
    revision_at: dt.datetime | None = None
    #: The snapshot that names this revision, if any (the one asked for, else the latest at it).
    snapshot: Snapshot | None = None
    #: The head revision of the map when exported (to say "an earlier revision").
    head_revision: int | None = None
    exported_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    #: The latest revealed partnership health check round (``tocmap.services.health.Results``), for the report.
    health: object | None = None
    #: The latest revealed SWOT board (``tocmap.services.swot.BoardView``), for the report.
    swot: object | None = None
    #: The partners' contributions (``tocmap.services.contributions.Overview``), for the report, workbook and IATI.
    contributions: object | None = None
    #: The map's actions and decisions (``tocmap.domain.actions.Action``, ``...decisions.Decision`` lists), for the report.
    actions: list = field(default_factory=list)
    decisions: list = field(default_factory=list)

    @property
    def state(self):
        return self.document.state()

    @property
    def partnership(self):
        return self.document.partnership

    @property
    def revision(self) -> int:
        return self.document.revision


# --------------------------------------------------------------------------- what importers return


@dataclass
class ReadOptions:
    """What a reader may need beyond the bytes."""

    filename: str | None = None
    #: IATI: the iati-identifier of the activity whose results to import.
    activity: str | None = None


@dataclass
class Parsed:
    """A file read into a map document, and what could not be brought along (sentences for users)."""

    document: MapDocument
    skipped: list[str] = field(default_factory=list)
    #: Whether element positions came from the file (else the importer may arrange the map).
    positioned: bool = True


def guess_format(filename: str | None, data: bytes | None = None) -> str:
    """The import format of a file, from its name and, when the name is not enough, its first bytes.

    Examples
    --------
    >>> guess_format("map.xlsx"), guess_format("MAP.GEXF"), guess_format("plan.kumu.json")
    ('xlsx', 'gexf', 'kumu')
    >>> guess_format("data.json", b'{"elements": [], "connections": []}')
    'kumu'
    >>> guess_format(None, b'<?xml version="1.0"?><iati-activities version="2.03"/>')
    'iati'
    """
    name = PurePath(filename or "").name.lower()
    head = (data or b"")[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.endswith(".kumu.json"):
        return "kumu"
    if name.endswith((".png", ".svg", ".html", ".htm", ".pdf")):
        raise InvalidInput(_("{file} is a picture or a report: tocmap cannot import it. Import one of: {formats}.",
                             file=filename, formats=", ".join(IMPORTS)))
    if head.startswith(b"<") or name.endswith(".xml"):
        root = _xml_root(head)
        return {"iati-activities": "iati", "iati-activity": "iati", "graphml": "graphml", "gexf": "gexf"}.get(
            root, {".graphml": "graphml", ".gexf": "gexf"}.get(PurePath(name).suffix, "iati"))
    if head.startswith((b"{", b"[")) or name.endswith(".json"):
        return _json_kind(data or b"")
    if head.startswith(b"PK"):
        return "csv" if name.endswith(".zip") else "xlsx"
    for f in FORMATS.values():
        if f.imports and any(name.endswith(ext) for ext in f.import_extensions):
            return f.key
    what = f"the name {filename!r}" if filename else "its content"
    raise InvalidInput(_("tocmap cannot tell the format of the file from {what}; choose one of: {formats}.",
                         what=what, formats=", ".join(IMPORTS)))


def _xml_root(head: bytes) -> str:
    """The local name of the first element in the start of an XML file ('' when none is found)."""
    text = head.decode("utf-8", "replace")
    text = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", text, flags=re.S)
    match = re.search(r"<\s*(?:[\w.-]+:)?([\w.-]+)", text)
    return match.group(1) if match else ""


def _json_kind(data: bytes) -> str:
    """'json' for a tocmap document, 'kumu' for Kumu's elements and connections."""
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return "json"  # the JSON reader says what is wrong
    if isinstance(value, dict) and value.get("format") != "tocmap.map/1" and (
        "connections" in value or ("elements" in value and "partnership" not in value)
    ):
        return "kumu"
    return "json"


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe version of a title.

    Examples
    --------
    >>> slug("Surveillance data: Lumora MoH & Aldria (2026)")
    'surveillance-data-lumora-moh-aldria-2026'
    >>> slug("A very long title about many things", 20)
    'a-very-long-title'
    """
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(words) > limit:
        cut = words[: limit + 1].rfind("-")
        words = words[: cut if cut > limit // 2 else limit]
    return words.strip("-") or "map"
