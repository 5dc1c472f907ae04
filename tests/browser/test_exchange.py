"""A partnership lead downloads the map's picture and report for the board, and imports a funder's IATI file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree, html
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, import_dialog, screenshot

pytestmark = pytest.mark.browser

IATI = Path(__file__).parents[1] / "data" / "partnership-activities.xml"  # four activities of one funder


def export_item(page, text: str):
    """Open the Export menu of the map page and return one of its items."""
    page.locator(".tm-export-menu .dropdown-toggle").click()
    item = page.locator(".tm-export-menu .dropdown-item").filter(has_text=text)
    item.wait_for(state="visible")
    return item


def test_a_lead_downloads_the_picture_and_the_report(page, app_url, tmp_path):
    page.goto(app_url + "/maps/1")
    page.locator(".tm-map-title").wait_for()
    export_item(page, "Picture (PNG)")
    screenshot(page, "exchange-export-menu")
    with page.expect_download() as download:
        page.locator(".tm-export-menu .dropdown-item").filter(has_text="Picture (PNG)").click()
    png = tmp_path / download.value.suggested_filename
    download.value.save_as(png)
    assert png.name.endswith("-r1.png") and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png.read_bytes()[16:20], "big"), int.from_bytes(png.read_bytes()[20:24], "big")
    assert width >= 1200 and height >= 400

    with page.expect_download() as download:
        export_item(page, "Picture (SVG)").click()
    svg = etree.fromstring(Path(download.value.path()).read_bytes())
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and len(svg.findall(".//{*}g[@class]")) >= 3

    with page.expect_download() as download:
        export_item(page, "Logframe workbook (XLSX)").click()
    assert "xl/workbook.xml" in zipfile.ZipFile(download.value.path()).namelist()

    with page.context.expect_page() as opened:
        export_item(page, "Joint purpose map report").click()
    report = opened.value
    report.wait_for_load_state()
    expect(report.locator("h1")).to_contain_text("Surveillance data for decisions")
    expect(report.locator(".eyebrow")).to_have_text("Joint purpose map")
    assert report.locator("figure.map svg .node").count() == 39
    assert report.locator("table.indicators svg.spark").count() >= 7
    ARTIFACTS.mkdir(exist_ok=True)
    report.screenshot(path=str(ARTIFACTS / "exchange-report.png"), full_page=True)
    report.pdf(path=str(ARTIFACTS / "exchange-report.pdf"), format="A4", print_background=True)
    assert (ARTIFACTS / "exchange-report.pdf").read_bytes()[:5] == b"%PDF-"

    response = page.request.get(report.url)
    assert response.ok and response.headers["content-type"].startswith("text/html")
    document = html.document_fromstring(response.body())
    assert document.findtext(".//title").endswith("Joint purpose map")
    report.close()

    # another version: the report of a snapshot, from the form
    export_item(page, "Another version").click()
    dialog = page.locator("#export-version-modal")
    expect(dialog).to_be_visible()
    dialog.locator("#export-format").select_option("svg")
    with page.expect_download() as download:
        dialog.locator("#export-download").click()
    assert download.value.suggested_filename.endswith(".svg")


def test_a_lead_imports_an_iati_activity_from_the_home_page(page, app_url):
    dialog = import_dialog(page, app_url, IATI)
    expect(dialog).to_be_visible()
    expect(dialog.locator("#import-file")).to_contain_text(IATI.name)
    expect(dialog.locator("#import-format")).to_have_value("iati")
    expect(dialog.locator("#import-activity-row")).to_be_visible()
    dialog.locator("#import-activity").select_option("XM-DAC-41114-PRJ-0004")
    screenshot(page, "exchange-import-modal")
    expect(dialog.locator("#import-into")).to_have_value("new")
    dialog.locator("#import-confirm").click()
    expect(dialog).to_be_hidden()
    alert = page.locator("#home-alerts")
    expect(alert).to_contain_text("Farmer cooperatives in Busia")
    expect(page.locator('[data-map-id="2"]')).to_contain_text("Farmer cooperatives")
    screenshot(page, "exchange-imported")
    alert.get_by_role("link", name="Open it").click()
    page.wait_for_url("**/maps/2")
    expect(page.locator(".tm-map-title")).to_have_text("Farmer cooperatives in Busia")


def test_a_broken_file_gets_a_message_in_the_import_form(page, app_url, tmp_path):
    broken = tmp_path / "links.csv"
    broken.write_text("From,To\nA,A\n")
    dialog = import_dialog(page, app_url, broken)
    expect(dialog.locator("#import-file")).to_contain_text("links.csv")
    dialog.locator("#import-confirm").click()
    expect(dialog.locator("#import-alert")).to_contain_text("row 2: a link must join two different elements")
    expect(page.locator('[data-map-id="2"]')).to_have_count(0)
