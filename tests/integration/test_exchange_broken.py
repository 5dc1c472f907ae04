"""Every importer refuses a broken file with one sentence naming where it is wrong; nothing is written."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from tocmap.adapters import exchange as formats
from tocmap.domain.errors import InvalidInput
from tocmap.services import exchange, maps
from tocmap.services.access import SYSTEM


@pytest.fixture
def example(db, ana) -> int:
    return maps.create_map(db, "Example", ana, template=maps.EXAMPLE)


def refused(db, data: bytes, fmt: str | None, ana, message: str, filename: str | None = None, into: int | None = None):
    before = [(m.id, m.revision) for m in maps.list_maps(db, include_archived=True, who=SYSTEM)]
    with pytest.raises(InvalidInput) as error:
        exchange.import_file(db, data, fmt, ana, filename=filename, into=into)
    assert message in str(error.value), str(error.value)
    assert [(m.id, m.revision) for m in maps.list_maps(db, include_archived=True, who=SYSTEM)] == before
    return str(error.value)


def workbook(db, map_id: int, edit) -> bytes:
    """The map's workbook after ``edit(book)``."""
    book = load_workbook(io.BytesIO(exchange.export_map(db, map_id, "xlsx", who=SYSTEM).data))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cell(book, sheet: str, row: int, header: str, value) -> None:
    headers = [c.value for c in book[sheet][1]]
    book[sheet].cell(row=row, column=headers.index(header) + 1).value = value


@pytest.mark.parametrize("edit, message", [
    (lambda b: cell(b, "Elements", 3, "Label", None), "Sheet “Elements”, row 3, column “Label”: the element has no label"),
    (lambda b: cell(b, "Elements", 4, "ID", "impact-1"), "Sheet “Elements”, row 4, column “ID”: the id 'impact-1' is already used in row 2"),
    (lambda b: cell(b, "Elements", 2, "Owner", "Nobody Inc"), "Sheet “Elements”, row 2, column “Owner”: 'Nobody Inc' is not a partner"),
    (lambda b: cell(b, "Elements", 2, "X", None), "Sheet “Elements”, row 2, column “X”: a position needs both X and Y"),
    (lambda b: cell(b, "Links", 2, "From", "nowhere"), "Sheet “Links”, row 2, column “From”: there is no element 'nowhere'"),
    (lambda b: cell(b, "Links", 2, "Type", "influences"), "Sheet “Links”, row 2: 'influences' links cannot"),
    (lambda b: cell(b, "Indicators", 2, "Measure", "vibes"), "Sheet “Indicators”, row 2, column “Measure”: “vibes” is not a measure"),
    (lambda b: cell(b, "Indicators", 2, "Baseline", "lots"), "Sheet “Indicators”, row 2, column “Baseline”: “lots” is not a number"),
    (lambda b: cell(b, "Targets", 2, "Start", "next spring"), "Sheet “Targets”, row 2, column “Start”: 'next spring' is not a date"),
    (lambda b: cell(b, "Observations", 2, "Indicator", "ind-gone"), "Sheet “Observations”, row 2, column “Indicator”: there is no indicator 'ind-gone'"),
    (lambda b: cell(b, "Observations", 2, "Disaggregation", "female 9"), "Sheet “Observations”, row 2, column “Disaggregation”"),
    (lambda b: b.remove(b["Elements"]), "has no Elements sheet (sheets found:"),
])
def test_a_broken_workbook_is_refused_naming_the_sheet_row_and_column(db, example, ana, edit, message):
    refused(db, workbook(db, example, edit), "xlsx", ana, message, filename="board.xlsx")


def test_an_ordinal_value_off_its_scale_is_named(db, example, ana):
    def edit(book):
        headers = [c.value for c in book["Observations"][1]]
        for row in range(2, book["Observations"].max_row + 1):
            if book["Observations"].cell(row=row, column=headers.index("Value") + 1).value == "piloted":
                cell(book, "Observations", row, "Value", "finished")
    refused(db, workbook(db, example, edit), "xlsx", ana, "is not one of the scale's levels")


def test_a_broken_workbook_imported_into_a_map_leaves_the_map_as_it_was(db, example, ana):
    data = workbook(db, example, lambda b: cell(b, "Elements", 2, "Type", "Impact") or cell(b, "Elements", 2, "Y", "up"))
    refused(db, data, "xlsx", ana, "Sheet “Elements”, row 2", into=example)


@pytest.mark.parametrize("data, fmt, message", [
    (b"not a zip at all", "xlsx", "is not an XLSX workbook: it is not a zip archive"),
    (b"PK\x03\x04broken", "xlsx", "is not an XLSX workbook"),
    (b"{not json", "json", "is not valid JSON"),
    (b'{"format": "tocmap.map/1"}', "json", "is not a tocmap map"),
    (b"[1, 2]", "kumu", "expected an object with lists of elements and connections"),
    (json.dumps({"elements": [{"label": "A"}, {"type": "Outcome"}]}).encode(), "kumu", "element 2: an element needs a label"),
    (json.dumps({"elements": [{"_id": "a", "label": "A"}, {"_id": "a", "label": "B"}]}).encode(), "kumu", "its id 'a' is used twice"),
    (json.dumps({"elements": [{"label": "A"}], "connections": [{"from": "A"}]}).encode(), "kumu", "connection 1: it has no “to”"),
    (b"<graphml><graph><node id='a'>", "graphml", "is not well-formed XML (line 1)"),
    (b"<gexf/>", "graphml", "is not GraphML: its root element is <gexf>"),
    (b"<graphml xmlns='http://graphml.graphdrawing.org/xmlns'><key id='k' for='node' attr.name='indicators' "
     b"attr.type='string'/><graph edgedefault='directed'><node id='a'><data key='k'>[oops</data></node></graph></graphml>",
     "graphml", "node 'a', indicators: “[oops” is not a valid JSON list"),
    (b"<gexf xmlns='http://www.gexf.net/1.2draft'><graph><nodes><node id='a'></nodes></graph></gexf>", "gexf",
     "is not well-formed XML"),
    (b"<graphml/>", "gexf", "is not GEXF"),
    (b"Name,Kind\nA,Outcome\n", "csv", "its first row must name the columns"),
    (b"Label,Type\nA,Outcome\n,Outcome\n", "csv", "row 3, column “Label”: the element has no label"),
    (b"From,To\nA,A\n", "csv", "row 2: a link must join two different elements"),
])
def test_a_broken_file_of_any_format_is_refused_with_a_reason(db, ana, data, fmt, message):
    refused(db, data, fmt, ana, message)


def test_a_zip_without_tables_and_a_zip_that_unpacks_too_far_are_refused(db, ana, monkeypatch):
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("notes.pdf", b"%PDF")
    refused(db, empty.getvalue(), "csv", ana, "holds no CSV file tocmap knows")
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("elements.csv", b"Label\n" + b"A" * 200_000)
    monkeypatch.setattr(formats.workbook, "MAX_UNPACKED_BYTES", 100_000)
    refused(db, big.getvalue(), "csv", ana, "unpacks to more than")


def test_a_kumu_spreadsheet_with_unknown_types_and_columns_imports_and_says_so(db, ana):
    csv = "Label,Type,Description,Tags,Favourite colour\nHealth,Vision,,a|b,blue\nClinics,Stakeholder,,,\n"
    result = exchange.import_file(db, csv.encode(), None, ana, filename="kumu-elements.csv")
    state = maps.get_map(db, result.map_id, who=SYSTEM)[2]
    health = next(e for e in state.elements.values() if e.label == "Health")
    assert (health.kind.value, health.tags) == ("impact", ["a", "b"])
    assert health.custom == {"favourite_colour": "blue"}
    assert state.fields["favourite_colour"].name == "Favourite colour"
    assert any("Favourite colour" in s and "own fields" in s for s in result.skipped)


@pytest.mark.parametrize("data, fmt, message", [
    (b"Name,Kind\nA,Outcome\n", "csv", "sa première ligne doit nommer les colonnes"),
    (b'{"format": "tocmap.map/1"}', "json", "le fichier n'est pas une carte tocmap : titre : est obligatoire"),
    (b"{not json", "json", "(ligne 1, colonne 2)"),
    ((b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed"><node id="a"/>'
      b'<edge source="a" target="ghost"/></graph></graphml>'), "graphml", "sa destination « ghost » n'est pas un nœud"),
])
def test_a_french_reader_is_told_why_a_file_is_refused_in_french(db, ana, data, fmt, message):
    from tocmap import i18n

    with i18n.using("fr"):
        refused(db, data, fmt, ana, message)
