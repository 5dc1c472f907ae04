"""A visitor opens the app, finds the example map and reads its elements, links and history."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_the_home_page_lists_the_example_and_opens_it(page, app_url):
    page.goto(app_url + "/")
    card = page.locator(".tm-map-card").first
    card.wait_for()
    assert "Lumora" in card.inner_text()
    screenshot(page, "home")

    card.click()
    page.wait_for_url("**/maps/1")
    page.get_by_role("tab", name="Tables").click()
    page.get_by_role("tab", name="Elements (39)").wait_for()
    page.locator("#elements-grid .ag-row").first.wait_for()
    assert page.locator("#elements-grid .ag-row").count() >= 25
    screenshot(page, "map-elements")

    page.get_by_role("tab", name="History").click()
    page.locator("#history-grid .ag-row").first.wait_for()
    assert "Imported from a file" in page.locator("#history-grid").inner_text()
    screenshot(page, "map-history")


def test_an_unknown_map_gets_a_friendly_page(page, app_url):
    page.goto(app_url + "/maps/4242")
    page.get_by_text("Map not found").wait_for()
    assert "There is no map 4242." in page.inner_text("main")
