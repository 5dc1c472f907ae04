"""Export then import gives an equal map, positions included, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from tocmap import i18n
from tocmap.domain.changes import AddIndicator, UpdateElement
from tocmap.domain.model import Baseline, Disaggregated, Indicator, Observation, Period, Target
from tocmap.services import exchange, history, maps
from tocmap.services.access import SYSTEM

ROUND_TRIPS = ["json", "graphml", "gexf", "xlsx", "csv", "kumu"]


def content(db, map_id: int):
    info, partnership, state = maps.get_map(db, map_id, who=SYSTEM)
    return state, partnership


@pytest.fixture
def rich_map(real_db, ana) -> int:
    """The worked example plus what is easy to lose: odd text, a currency indicator, a milestone, disaggregation."""
    map_id = maps.create_map(real_db, "Round trip: “quotes”, <tags> & ümlauts", ana, template=maps.EXAMPLE)
    period = Period(label="FY 2025/26", start=dt.date(2025, 4, 1), end=dt.date(2026, 3, 31))
    budget = Indicator(
        id="ind-budget", element="oc-1", name="Budget for rapid response, per district", measure="currency",
        currency="EUR", direction="increase", aggregation="cumulative", frequency="Yearly", proxy_for="commitment",
        baseline=Baseline(value=1200.5, date=dt.date(2024, 12, 31), note="Line 4; see \"annex\"."),
        targets=[Target(period=period, value=5000.0, note="Agreed | revised")],
        observations=[Observation(id="o-1", value=2400.0, period=period, date=dt.date(2026, 3, 31),
                                  disaggregation=[Disaggregated(dimensions={"region": "north"}, value=1400.0),
                                                  Disaggregated(dimensions={"region": "south"}, value=1000.0)],
                                  evidence="Treasury; line 4", reported_by="Finance unit", partner="moh")],
        proposed_by="iph", agreed_by=["moh"],
    )
    milestone = Indicator(id="ind-law", element="op-1", name="Decree signed", measure="milestone",
                          observations=[Observation(id="m1", value=True, date=dt.date(2025, 5, 2))])
    history.apply(real_db, map_id, AddIndicator(indicator=budget), ana)
    history.apply(real_db, map_id, AddIndicator(indicator=milestone), ana)
    history.apply(real_db, map_id, UpdateElement(id="oc-1", set={
        "description": "Line one\nline two, with a tab\tand “quotes”", "tags": ["data-use", "a,b"],
        "x": -120.25, "y": 44.5}), ana)
    return map_id


@pytest.mark.parametrize("fmt", ROUND_TRIPS)
def test_export_then_import_gives_an_equal_map(real_db, rich_map, ana, fmt):
    exported = exchange.export_map(real_db, rich_map, fmt, who=SYSTEM)
    result = exchange.import_file(real_db, exported.data, None, ana, filename=exported.filename)
    assert result.format == fmt and result.created and result.skipped == []
    (original, partners_before), (copy, partners_after) = content(real_db, rich_map), content(real_db, result.map_id)
    assert copy == original
    assert partners_after == partners_before
    assert copy.elements["oc-1"].x == -120.25 and copy.elements["oc-1"].y == 44.5


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv", "kumu"])
def test_a_file_exported_in_another_language_imports_as_the_same_map(real_db, rich_map, ana, fmt, language):
    with i18n.using(language):
        exported = exchange.export_map(real_db, rich_map, fmt, who=SYSTEM)
    result = exchange.import_file(real_db, exported.data, None, ana, filename=exported.filename)
    assert result.format == fmt and result.created and result.skipped == []
    assert content(real_db, result.map_id) == content(real_db, rich_map)


@pytest.mark.parametrize("fmt", ROUND_TRIPS)
def test_a_round_trip_into_the_same_map_finds_nothing_to_change(real_db, rich_map, ana, fmt):
    exported = exchange.export_map(real_db, rich_map, fmt, who=SYSTEM)
    with pytest.raises(Exception, match="already holds everything"):
        exchange.import_file(real_db, exported.data, fmt, ana, into=rich_map)


def test_an_edited_workbook_imported_into_its_map_changes_just_what_was_edited(real_db, rich_map, ana):
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(exchange.export_map(real_db, rich_map, "xlsx", who=SYSTEM).data))
    sheet = book["Elements"]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headers.index("ID")].value == "impact-1":
            row[headers.index("Label")].value = "Fewer deaths from outbreaks"
    out = BytesIO()
    book.save(out)
    result = exchange.import_file(real_db, out.getvalue(), "xlsx", ana, into=rich_map, filename="edited.xlsx")
    record = history.history(real_db, rich_map, limit=1, who=SYSTEM)[0]
    assert result.revision == record.revision
    assert [op.op for op in record.change.ops] == ["update_element"]
    assert content(real_db, rich_map)[0].elements["impact-1"].label == "Fewer deaths from outbreaks"


def test_the_full_history_comes_along_in_json(real_db, rich_map, ana):
    exported = exchange.export_map(real_db, rich_map, "json", with_history=True, who=SYSTEM)
    result = exchange.import_file(real_db, exported.data, "json", ana)
    assert result.revision == maps.get_map(real_db, rich_map, who=SYSTEM)[0].revision
    assert len(history.history(real_db, result.map_id, who=SYSTEM)) == result.revision
