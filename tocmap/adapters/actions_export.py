"""A map's actions as files: CSV, and an XLSX workbook with overdue actions marked."""

from __future__ import annotations

import csv
import datetime as dt
import io

from tocmap.adapters.spreadsheet import safe_cell
from tocmap.domain.actions import STATUS_TITLES, Action
from tocmap.domain.model import MapState, Partnership
from tocmap.i18n import _

COLUMNS = ["action", "title", "owner", "partner", "due", "status", "overdue", "serves", "made_from", "notes",
           "made_by", "made_on"]


def rows(actions: list[Action], partnership: Partnership, state: MapState, today: dt.date) -> list[list[object]]:
    """One row per action, in the order given."""
    names = {p.id: p.name for p in partnership.partners}
    return [[a.id, a.title, a.owner_name, names.get(a.partner, a.partner or ""), a.due.isoformat(),
             STATUS_TITLES[a.status], "yes" if a.overdue(today) else "", "; ".join(state.label_of(i) for i in a.items),
             a.source.label if a.source else "", a.notes, a.created_by, a.created_at.date().isoformat()]
            for a in actions]


def to_csv(table: list[list[object]]) -> bytes:
    """The actions as CSV (UTF-8 with a BOM, so spreadsheet programs read accents right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in table:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(table: list[list[object]], title: str) -> bytes:
    """A workbook with one sheet of actions; overdue rows in red."""
    from openpyxl import Workbook  # openpyxl loads only when someone downloads a workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = _("Actions")
    sheet.append(COLUMNS)
    for row in table:
        sheet.append([safe_cell(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F2A44")
    late = COLUMNS.index("overdue")
    for row in sheet.iter_rows(min_row=2):
        if row[late].value == "yes":
            for cell in row:
                cell.font = Font(color="C92A2A", bold=cell.column == 2)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJKL", (8, 44, 20, 24, 12, 10, 9, 40, 44, 40, 18, 12), strict=True):
        sheet.column_dimensions[column].width = width
    book.properties.title = f"{title[:200]}: actions"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
