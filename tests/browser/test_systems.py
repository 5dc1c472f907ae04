"""The editor's System tab: the map's type changes which checks apply."""

import pytest
from playwright.sync_api import expect

from tests.browser.canvas import wait_for_canvas
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_making_the_map_a_systems_map_drops_the_results_chain_checks(page, app_url):
    page.goto(f"{app_url}/maps/1")
    wait_for_canvas(page)
    page.get_by_role("tab", name="Checks").click()
    page.locator(".tm-count-tile").first.wait_for()
    expect(page.locator(".tm-rule", has_text="Outcomes and outputs without an indicator")).to_have_count(1)

    page.get_by_role("tab", name="System").click()
    expect(page.locator("#systems-map-type-help")).to_contain_text("Checked as a results chain")
    page.get_by_label("Systems map (causal loops, stakeholders)").check()
    expect(page.locator("#systems-message")).to_contain_text("The map is now a systems map")
    expect(page.locator("#systems-map-type-help")).to_contain_text("do not apply")
    screenshot(page, "systems-map-type")

    page.reload()
    wait_for_canvas(page)
    page.get_by_role("tab", name="Checks").click()
    page.locator(".tm-count-tile").first.wait_for()
    expect(page.locator(".tm-rule", has_text="Outcomes and outputs without an indicator")).to_have_count(0)
