"""Downloads over HTTP, the Export menu's version form and the home page's Import form, without a browser."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.integration.test_home_callbacks import Browser
from tocmap.services import exchange, maps
from tocmap.services.access import SYSTEM
from tocmap.ui import ids
from tocmap.ui.exchange_ui import export_menu

IATI = Path(__file__).parents[1] / "data" / "partnership-activities.xml"  # four activities of one funder


def is_zip_with(data: bytes, name: str) -> bool:
    return name in zipfile.ZipFile(io.BytesIO(data)).namelist()


CHECKS = {
    "png": lambda d: d.startswith(b"\x89PNG\r\n\x1a\n"),
    "svg": lambda d: etree.fromstring(d).tag == "{http://www.w3.org/2000/svg}svg",
    "report": lambda d: d.startswith(b"<!DOCTYPE html>") and b"Joint purpose map" in d,
    "xlsx": lambda d: is_zip_with(d, "xl/workbook.xml"),
    "csv": lambda d: is_zip_with(d, "elements.csv") and is_zip_with(d, "observations.csv"),
    "iati": lambda d: etree.fromstring(d).tag == "iati-activities",
    "kumu": lambda d: {"elements", "connections", "loops", "maps"} <= set(json.loads(d)),
    "graphml": lambda d: etree.fromstring(d).tag.endswith("graphml"),
    "gexf": lambda d: etree.fromstring(d).tag.endswith("gexf"),
    "json": lambda d: json.loads(d)["format"] == "tocmap.map/1",
}


@pytest.mark.parametrize("fmt", exchange.EXPORTS)
def test_every_format_downloads_as_a_file_of_its_type(client, fmt):
    response = client.get(f"/maps/1/export/{fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=surveillance-data")
    assert response.headers["Cache-Control"] == "no-store"
    assert CHECKS[fmt](response.data)


def test_the_report_opens_as_a_page_at_a_snapshot(app, client):
    maps.add_snapshot(app.tocmap_db, 1, "Agreed at the March workshop", SYSTEM, endorsed_by=["moh"])
    response = client.get("/maps/1/report?snapshot=Agreed%20at%20the%20March%20workshop")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Disposition"].startswith("inline")
    page = response.get_data(as_text=True)
    assert "“Agreed at the March workshop”" in page and "Endorsed by: MoH Lumora" in page
    assert page.count("<svg") > 8  # the map and the indicators' charts


@pytest.mark.parametrize("address, status, message", [
    ("/maps/1/export/pdf", 400, "cannot export &#x27;pdf&#x27;"),
    ("/maps/1/export/json?revision=abc", 400, "A revision is a whole number"),
    ("/maps/1/export/json?revision=99", 404, "no revision 99"),
    ("/maps/1/report?snapshot=never", 404, "no snapshot named"),
    ("/maps/1/export/json?revision=1&amp;snapshot=x", 200, ""),
    ("/maps/42/export/xlsx", 404, "There is no map 42."),
])
def test_bad_addresses_get_a_page_with_the_reason(client, address, status, message):
    response = client.get(address)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_an_earlier_revision_downloads_as_it_was(app, client):
    maps.rename_map(app.tocmap_db, 1, "Renamed", SYSTEM)
    assert json.loads(client.get("/maps/1/export/json?revision=1").data)["revision"] == 1
    assert json.loads(client.get("/maps/1/export/json").data)["title"] == "Renamed"
    assert "history" in json.loads(client.get("/maps/1/export/json?history=1").data)


def test_signed_out_visitors_are_sent_to_sign_in(app):
    response = app.server.test_client().get("/maps/1/export/xlsx")
    assert response.status_code == 302 and response.headers["Location"].startswith("/signin")


def test_the_export_menu_links_every_format(app):
    links = json.dumps(export_menu(1).to_plotly_json(), default=lambda o: o.to_plotly_json())
    for fmt in exchange.EXPORTS:
        assert (f'"/maps/1/export/{fmt}"' in links) or (fmt == "report" and '"/maps/1/report"' in links)


# --------------------------------------------------------------------------- callbacks


@pytest.fixture
def browser(app):
    return Browser(app)


def test_the_version_form_lists_snapshots_and_builds_the_link(app, browser):
    maps.add_snapshot(app.tocmap_db, 1, "March", SYSTEM)
    meta = {"map_id": 1, "partnership_id": "x", "revision": 1}
    status, props = browser.call("open_versions", f"{ids.EXPORT_VERSION_OPEN}.n_clicks",
                                 **{f"{ids.EXPORT_VERSION_OPEN}.n_clicks": 1, f"{ids.EDITOR_MAP}.data": meta})
    assert status == 200 and props[f"{ids.EXPORT_VERSION_MODAL}.is_open"] is True
    assert props[f"{ids.EXPORT_VERSION}.value"] == "snapshot:March"
    status, props = browser.call("version_link", f"{ids.EXPORT_FORMAT}.value", **{
        f"{ids.EXPORT_VERSION}.value": "snapshot:March", f"{ids.EXPORT_FORMAT}.value": "xlsx",
        f"{ids.EDITOR_MAP}.data": meta})
    assert props[f"{ids.EXPORT_DOWNLOAD}.href"] == "/maps/1/export/xlsx?snapshot=March"
    status, props = browser.call("version_link", f"{ids.EXPORT_REVISION}.value", **{
        f"{ids.EXPORT_VERSION}.value": "revision", f"{ids.EXPORT_REVISION}.value": -3,
        f"{ids.EXPORT_FORMAT}.value": "report", f"{ids.EDITOR_MAP}.data": meta})
    assert props[f"{ids.EXPORT_DOWNLOAD}.disabled"] is True


def upload(data: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(data).decode()


def test_a_file_imported_from_the_home_page_becomes_a_map(app, browser):
    csv = b"Label,Type,Tags\nHealthier people,Impact,\nStaff use data,Outcome,data\n"
    status, props = browser.call("inspect", f"{ids.IMPORT_UPLOAD}.contents", **{
        f"{ids.IMPORT_UPLOAD}.contents": upload(csv), f"{ids.IMPORT_UPLOAD}.filename": "workshop.csv"})
    assert status == 200 and props[f"{ids.IMPORT_FORMAT}.value"] == "csv"
    status, props = browser.call("do_import", f"{ids.IMPORT_CONFIRM}.n_clicks", **{
        f"{ids.IMPORT_CONFIRM}.n_clicks": 1, f"{ids.IMPORT_UPLOAD}.contents": upload(csv),
        f"{ids.IMPORT_UPLOAD}.filename": "workshop.csv", f"{ids.IMPORT_FORMAT}.value": "",
        f"{ids.IMPORT_INTO}.value": ""})
    assert status == 200 and props[f"{ids.IMPORT_MODAL}.is_open"] is False
    assert "Imported" in json.dumps(props[f"{ids.HOME_ALERTS}.children"])
    assert [m.title for m in maps.list_maps(app.tocmap_db, who=SYSTEM)][0] == "Workshop"


def test_an_iati_file_offers_its_activities(browser):
    status, props = browser.call("inspect", f"{ids.IMPORT_UPLOAD}.contents", **{
        f"{ids.IMPORT_UPLOAD}.contents": upload(IATI.read_bytes()), f"{ids.IMPORT_UPLOAD}.filename": IATI.name})
    assert props[f"{ids.IMPORT_FORMAT}.value"] == "iati"
    assert len(props[f"{ids.IMPORT_ACTIVITY}.options"]) == 4
    assert props[f"{ids.IMPORT_ACTIVITY_ROW}.style"] == {"display": "block"}


def test_a_broken_upload_gets_a_message_and_creates_nothing(app, browser):
    status, props = browser.call("do_import", f"{ids.IMPORT_CONFIRM}.n_clicks", **{
        f"{ids.IMPORT_CONFIRM}.n_clicks": 1, f"{ids.IMPORT_UPLOAD}.contents": upload(b"From,To\nA,A\n"),
        f"{ids.IMPORT_UPLOAD}.filename": "links.csv", f"{ids.IMPORT_FORMAT}.value": "",
        f"{ids.IMPORT_INTO}.value": ""})
    assert status == 200 and "a link must join two different elements" in json.dumps(props[f"{ids.IMPORT_ALERT}.children"])
    assert len(maps.list_maps(app.tocmap_db, who=SYSTEM)) == 1


def test_a_file_imported_into_a_map_from_the_home_page_is_one_revision(app, browser):
    status, props = browser.call("do_import", f"{ids.IMPORT_CONFIRM}.n_clicks", **{
        f"{ids.IMPORT_CONFIRM}.n_clicks": 1, f"{ids.IMPORT_UPLOAD}.contents": upload(b"Label,Type\nNew outcome,Outcome\n"),
        f"{ids.IMPORT_UPLOAD}.filename": "more.csv", f"{ids.IMPORT_FORMAT}.value": "csv", f"{ids.IMPORT_INTO}.value": "1"})
    assert status == 200 and "as revision 2" in json.dumps(props[f"{ids.HOME_ALERTS}.children"])
    assert maps.list_maps(app.tocmap_db, who=SYSTEM)[0].revision == 2

