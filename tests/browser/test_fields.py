"""The map's own fields in the editor: defined, valued, filtered by, and colouring and sizing the map."""

import pytest
from playwright.sync_api import expect

from tests.browser.canvas import click_node, wait_for_canvas
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser


def define(page, name: str, kind: str, options: str = "") -> None:
    """Add a field in the Fields tab."""
    page.fill("#fields-name", name)
    page.select_option("#fields-type", kind)
    if options:
        page.fill("#fields-choices", options)
    page.click("#fields-save")
    expect(page.locator("#fields-message")).to_contain_text(f"Saved the field “{name}”")


def give_values(page, node_id: str, priority: str, budget: str) -> None:
    """Select an element and save its values of the two fields."""
    click_node(page, node_id)
    block = page.locator(f'#fields-values [data-item="{node_id}"]')
    block.locator("select").select_option(priority)
    block.locator("input").fill(budget)
    page.click("#fields-values-save")
    expect(page.locator("#fields-values-message")).to_contain_text("Saved")


def style_of(page, node_id: str, name: str) -> str:
    return page.evaluate("([id, name]) => window.cy.getElementById(id).style(name)", [node_id, name])


def test_a_field_is_defined_valued_filtered_by_and_colours_and_sizes_the_map_for_everyone(page, app_url, axe_source):
    page.goto(f"{app_url}/maps/1")
    wait_for_canvas(page)
    page.get_by_role("tab", name="Fields").click()
    define(page, "Priority", "choice", "High\nLow")
    define(page, "Budget", "number")
    expect(page.locator("#fields-list")).to_contain_text("High, Low")
    page.set_viewport_size({"width": 1366, "height": 768})
    screenshot(page, "fields-tab")

    give_values(page, "oc-1", "High", "5000")
    give_values(page, "oc-2", "Low", "200")

    page.click("#fields-toggle")
    page.locator("#fields-filter-field").click()
    page.locator("#fields-bar").get_by_role("option", name="Priority").click()
    page.locator("#fields-filter-choices").click()
    page.locator("#fields-bar").get_by_role("option", name="High").click()
    page.keyboard.press("Escape")
    expect(page.locator("#fields-filter-count")).to_contain_text("1 of")
    page.wait_for_function("() => Number(window.cy.getElementById('oc-2').style('opacity')) < 0.5")
    assert float(style_of(page, "oc-1", "opacity")) == 1

    page.locator("#fields-colour-by").click()
    page.locator("#fields-bar").get_by_role("option", name="Priority").click()
    page.wait_for_function("() => window.cy.getElementById('oc-1').style('border-color') === 'rgb(0,114,178)'")
    expect(page.locator("#fields-legend")).to_contain_text("Priority: High")
    page.locator("#fields-size-by").click()
    page.locator("#fields-bar").get_by_role("option", name="Budget").click()
    page.wait_for_function("() => window.cy.getElementById('oc-1').width() > window.cy.getElementById('oc-2').width()")
    expect(page.locator("#fields-legend")).to_contain_text("Size: Budget, from 200 to 5,000")

    expect(page.locator("#fields-none-yet")).to_be_hidden()
    expect(page.locator('#fields-values [data-item="oc-2"] select')).to_have_value("Low")
    assert violations(page, axe_source) == []  # the strip, the legend, the values and the Fields tab
    page.set_viewport_size({"width": 1366, "height": 768})
    page.click("#editor-fit")
    page.wait_for_timeout(600)
    screenshot(page, "fields-filter-and-colour")

    page.reload()  # the colours and sizes are the map's: they come back for anyone who opens it
    wait_for_canvas(page)
    page.wait_for_function("() => window.cy.getElementById('oc-1').style('border-color') === 'rgb(0,114,178)'")
    assert float(style_of(page, "oc-2", "opacity")) == 1  # the filter was this viewer's only
    page.get_by_role("tab", name="Tables").click()  # the values are in the elements' table too
    expect(page.locator(".ag-header-cell-text", has_text="Budget")).to_be_visible()
    expect(page.locator('.ag-cell[col-id="custom.budget"]', has_text="5000")).to_have_count(1)
