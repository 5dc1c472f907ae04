"""A MEL lead attaches an indicator to the worked example, records three values, sees the chart and the status."""

import datetime as dt

import pytest

from tests.browser.canvas import click_node, wait_for_canvas
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

ELEMENT = "op-1"  # "Weekly district surveillance dashboards live in DHIS2": no indicator yet
GREEN = "rgb(43,128,53)"  # on track (#2b8035)
YEAR = dt.date.today().year


def field(page, name: str):
    return page.locator(f"[id='{{\"name\":\"{name}\",\"type\":\"ind-field\"}}']")


def target(page, row: int, part: str):
    return page.locator(f"[id='{{\"part\":\"{part}\",\"row\":{row},\"type\":\"ind-target\"}}']")


def obs_field(page, name: str):
    return page.locator(f"[id='{{\"name\":\"{name}\",\"type\":\"obs-field\"}}']")


def cell(page, row: int, part: str):
    return page.locator(f"[id='{{\"part\":\"{part}\",\"row\":{row},\"type\":\"obs-cell\"}}']")


def record(page, value: str, day: str, cells: tuple[tuple[str, str], ...] = ()) -> None:
    page.locator(".tm-ind-actions button", has_text="Record a value").first.click()
    page.locator("#obs-modal").wait_for(state="visible")
    obs_field(page, "value").fill(value)
    obs_field(page, "date").fill(day)
    obs_field(page, "evidence").fill("DHIS2 dashboard usage log")
    for row, (dimensions, cell_value) in enumerate(cells):
        cell(page, row, "dimensions").fill(dimensions)
        cell(page, row, "value").fill(cell_value)
    page.locator("#obs-save").click()


def test_an_indicator_is_attached_measured_charted_and_colours_the_map(page, app_url):
    page.goto(app_url + "/maps/1")
    wait_for_canvas(page)
    click_node(page, ELEMENT)
    page.get_by_role("tab", name="Indicators").click()
    page.locator("#ind-add").click()
    page.locator("#ind-modal").wait_for(state="visible")
    field(page, "name").fill("Districts whose dashboard was opened weekly")
    field(page, "unit").fill("districts")
    field(page, "baseline").fill("0")
    field(page, "means_of_verification").fill("DHIS2 usage analytics")
    target(page, 0, "label").fill(str(YEAR))
    target(page, 0, "start").fill(f"{YEAR}-12-31")
    target(page, 0, "end").fill(f"{YEAR}-01-01")
    target(page, 0, "value").fill("30")
    page.locator("#ind-save").click()
    page.get_by_text("ends").filter(has_text="before it starts").wait_for()  # nothing saved: the form stays open
    screenshot(page, "indicator-form-refused")
    target(page, 0, "start").fill(f"{YEAR}-01-01")
    target(page, 0, "end").fill(f"{YEAR}-12-31")
    page.locator("#ind-save").click()
    page.locator("#ind-modal").wait_for(state="hidden")
    page.locator(".tm-ind-name", has_text="Districts whose dashboard was opened weekly").wait_for()

    record(page, "lots", f"{YEAR}-02-01")
    page.get_by_text("The value must be a number, not “lots”").wait_for()
    page.locator("#obs-modal").wait_for(state="visible")
    obs_field(page, "value").fill("12")
    page.locator("#obs-save").click()
    page.locator("#obs-modal").wait_for(state="hidden")
    page.get_by_text("Recorded").first.wait_for()
    record(page, "20", f"{YEAR}-05-01")
    page.locator("#obs-modal").wait_for(state="hidden")
    page.get_by_text("Recorded").first.wait_for()  # by region: the parts say 27 of the 28 districts
    record(page, "28", f"{YEAR}-08-01", (("region=north", "15"), ("region=south", "12")))
    page.locator("#obs-modal").wait_for(state="hidden")
    page.locator(".tm-ind-warning").get_by_text("By region: north 15 + south 12 = 27, but the total is 28.").wait_for()
    screenshot(page, "indicator-disaggregation-warning")
    page.locator(".tm-ind-values tbody tr").nth(2).wait_for()
    assert page.locator(".tm-ind-values tbody tr").count() == 3

    page.wait_for_function(
        """() => { const g = document.querySelector('.tm-ind-chart .js-plotly-plot');
                   return g && g.data && g.data.some(t => t.name === 'Actual' && t.y.length === 3); }""")
    traces = page.evaluate("() => document.querySelector('.tm-ind-chart .js-plotly-plot').data.map(t => t.name)")
    assert traces == ["Baseline", "Target", "Actual"]
    badge = page.locator(".tm-ind-title .tm-ind-status").first
    assert badge.get_attribute("data-status") == "on_track"  # 28 of 30: 93 % of the way
    assert "93 % of the way" in page.locator(".tm-ind-rule").first.inner_text()
    screenshot(page, "indicator-panel")

    # lowering the target is a revision: refused without a reason, kept with one, and no value is lost
    page.locator(".tm-ind-actions button", has_text="Edit").first.click()
    page.locator("#ind-modal").wait_for(state="visible")
    target(page, 0, "value").fill("25")
    page.locator("#ind-save").click()
    page.get_by_text("is a revision: give the reason for it").wait_for()
    page.locator("#ind-reason").fill("Two districts lost connectivity for the year")
    page.locator("#ind-save").click()
    page.locator("#ind-modal").wait_for(state="hidden")
    page.get_by_text("Definition 2 in force").wait_for()
    assert "Two districts lost connectivity for the year" in page.locator(".tm-ind-revisions").inner_text()
    assert page.locator(".tm-ind-values tbody tr").count() == 3
    assert page.locator(".tm-ind-values tbody tr", has_text="def. 1").count() == 3
    page.locator(".tm-ind-list").screenshot(path=str(screenshot(page, "indicator-revised").with_name(
        "indicator-revised-panel.png")))

    page.locator("#ind-colour").click()
    page.wait_for_function("([id, c]) => window.cy.getElementById(id).style('border-color').replace(/ /g, '') === c",
                           arg=[ELEMENT, GREEN])
    screenshot(page, "indicator-map-status")

    page.goto(app_url + "/maps/1/framework")
    row = page.locator(".tm-fw-tva .ag-row[row-id^='ind-']").filter(has_text="dashboard was opened weekly")
    row.wait_for()
    assert "On track" in row.inner_text()
    row.locator("[col-id='indicator']").click()
    page.locator("#framework-chart-modal").wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('#framework-chart-modal .js-plotly-plot')")
    page.locator("#framework-chart-modal .tm-ind-values tbody tr").nth(2).wait_for()
    screenshot(page, "framework-targets-actuals")

    # from the results framework back to the editor, on the element's Indicators tab
    page.locator("#framework-chart-edit").click()
    page.wait_for_url(f"**/maps/1?select={ELEMENT}&tab=indicators")
    wait_for_canvas(page)
    page.wait_for_function(f"() => window.cy.getElementById('{ELEMENT}').selected()")
    page.locator(".tm-ind-name", has_text="Districts whose dashboard was opened weekly").wait_for()
