"""A workshop reads the example map as a results framework and rewords a result in the table."""

import re

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

NEW_LABEL = "District health officers act on surveillance data within two days"


def row(page, element_id: str):
    return page.locator(f".tm-fw-grid .ag-row[row-id='{element_id}']")


def test_the_framework_lists_every_level_and_a_narrative_edit_reaches_the_map(page, app_url):
    page.goto(app_url + "/maps/1/framework")
    for level, title in (("impact", "Impact"), ("outcome", "Outcomes"), ("output", "Outputs"),
                         ("intervention", "Activities")):
        section = page.locator(f"section[data-level='{level}']")
        section.locator(".ag-row").first.wait_for()
        assert section.locator("h2").inner_text() == title
    assert page.locator("section[data-level='intervention'] .ag-row").count() == 8
    assert "Activity 1" in page.locator("section[data-level='intervention']").inner_text()
    outcome = row(page, "oc-1")
    assert "Alerts investigated within 48 hours" in outcome.inner_text()  # its indicator
    assert "District alert logs" in outcome.inner_text()  # means of verification
    assert "challenged" in outcome.inner_text()  # an assumption on one of its links
    assert "Not in the results chain" in page.inner_text("main")
    screenshot(page, "framework")

    # an empty narrative is refused, and the form keeps what was there
    outcome.locator("[col-id='narrative']").click()
    label = page.locator("#framework-edit-label")
    label.wait_for(state="visible")
    old_label = label.input_value()
    label.fill("")
    page.locator("#framework-edit-save").click()
    page.get_by_text("The narrative cannot be empty").wait_for()
    screenshot(page, "framework-refused")
    assert old_label in outcome.inner_text()

    label.fill(NEW_LABEL)
    page.locator("#framework-edit-save").click()
    page.locator("#framework-edit-modal").wait_for(state="hidden")
    outcome.get_by_text(NEW_LABEL).wait_for()
    assert "Revision 2" in page.locator("#framework-revision").inner_text()
    screenshot(page, "framework-edited")

    page.reload()
    row(page, "oc-1").get_by_text(NEW_LABEL).wait_for()

    page.locator(".tm-map-nav-map").click()
    page.wait_for_url("**/maps/1")
    page.get_by_role("tab", name=re.compile("^(Tables|Elements)")).first.wait_for()
    tables = page.get_by_role("tab", name="Tables")
    if tables.count():  # the tables sit in a tab of their own next to the editor
        tables.click()
    page.get_by_role("tab", name="Elements").click()
    page.locator("#elements-grid").get_by_text(NEW_LABEL).wait_for()


def test_a_framework_for_an_unknown_map_gets_a_friendly_page(page, app_url):
    page.goto(app_url + "/maps/4242/framework")
    page.get_by_text("Map not found").wait_for()
    assert "There is no map 4242." in page.inner_text("main")
