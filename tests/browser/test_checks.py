"""The checks panel in the editor: findings highlight their elements, the panel follows edits."""

import pytest
from playwright.sync_api import expect

from tests.browser.canvas import node_ids, wait_for_canvas
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

OPACITY = "(id) => Number(window.cy.getElementById(id).style('opacity'))"


def open_checks(page, app_url: str) -> None:
    page.goto(f"{app_url}/maps/1")
    wait_for_canvas(page)
    page.get_by_role("tab", name="Checks").click()
    page.locator(".tm-count-tile").first.wait_for()


def opacities(page) -> dict[str, float]:
    return page.evaluate("() => Object.fromEntries(window.cy.elements().map(e => [e.id(), Number(e.style('opacity'))]))")


def test_clicking_a_finding_highlights_its_elements_and_show_all_brings_the_map_back(page, app_url):
    open_checks(page, app_url)
    expect(page.locator(".tm-count-tile.tm-sev-warning .tm-count")).to_have_text("7")  # incl. disproved as-4
    expect(page.locator(".tm-count-tile.tm-sev-error")).to_contain_text("0")

    finding = page.locator(".tm-finding", has_text="is disputed by MoH Lumora")
    finding.click()
    page.wait_for_function(f"() => ({OPACITY})('in-8') === 1 && ({OPACITY})('impact-1') < 0.5")
    seen = opacities(page)
    assert seen["in-8"] == 1
    assert all(value < 0.5 for element_id, value in seen.items() if element_id != "in-8")
    expect(page.locator("#checks-banner")).to_be_visible()
    expect(page.locator("#checks-banner-text")).to_contain_text("Joint technical review of national alert thresholds")
    screenshot(page, "checks-finding-highlighted")

    page.locator("#checks-clear").click()
    page.wait_for_function(f"() => ({OPACITY})('impact-1') === 1")
    assert set(opacities(page).values()) == {1}
    expect(page.locator("#checks-banner")).to_be_hidden()


def test_a_finding_about_a_link_highlights_the_link_and_both_its_ends(page, app_url):
    open_checks(page, app_url)
    page.locator(".tm-finding", has_text="runs backwards in the results chain").click()
    page.wait_for_function(f"() => ({OPACITY})('oc-4_to_in-2') === 1 && ({OPACITY})('impact-1') < 0.5")
    seen = opacities(page)
    assert {i for i, value in seen.items() if value == 1} == {"oc-4", "in-2", "oc-4_to_in-2"}


def test_the_panel_follows_every_edit(page, app_url):
    open_checks(page, app_url)
    expect(page.locator(".tm-rule", has_text="Not connected to anything")).to_have_count(0)
    before = set(node_ids(page))
    page.locator(".tm-add-menu > button").click()
    page.locator(".tm-add-menu .dropdown-item").filter(has_text="External factor").click()
    page.wait_for_function("(n) => window.cy.nodes().length > n", arg=len(before))
    (new,) = set(node_ids(page)) - before
    page.get_by_role("tab", name="Checks").click()
    orphan = page.locator(".tm-rule", has_text="Not connected to anything")
    expect(orphan).to_contain_text("The external factor “New external factor” is not connected to anything.")
    orphan.locator(".tm-finding").click()
    page.wait_for_function(f"(id) => ({OPACITY})(id) === 1 && ({OPACITY})('impact-1') < 0.5", arg=new)


def test_insights_show_loops_pathways_leverage_and_partners(page, app_url):
    open_checks(page, app_url)
    page.locator("label", has_text="Insights").click()
    loop = page.locator(".tm-insight", has_text="Reinforcing")
    expect(loop).to_contain_text("Ministry disease surveillance department")

    expect(page.locator("#insights-path-from")).to_contain_text("Configure district dashboards")
    page.locator(".tm-insight", has_text="Pathway 2").click()
    path = ["in-1", "op-1", "oc-3", "oc-1", "impact-1", "in-1_to_op-1", "op-1_to_oc-3", "oc-3_to_oc-1",
            "oc-1_to_impact-1"]
    page.wait_for_function(f"(ids) => ids.every(id => ({OPACITY})(id) === 1) && ({OPACITY})('in-8') < 0.5", arg=path)
    lit = {i for i, value in opacities(page).items() if value == 1}
    assert set(path) <= lit and "as-6" in lit  # with the assumption attached to an outcome on the way
    assert not lit & {"in-2", "op-2", "oc-2", "ac-ps"}

    page.get_by_role("button", name="Leverage points").click()
    expect(page.locator(".tm-rank-row").first).to_be_visible()
    page.locator("#insights-measure").select_option("reach")
    expect(page.locator(".tm-rank-row").first).to_contain_text("Cuts in bilateral health aid budgets")

    page.get_by_role("button", name="Partners' pathways").click()
    expect(page.locator(".tm-partner-card")).to_have_count(2)
    expect(page.locator(".tm-partner-card").first).to_contain_text("MoH Lumora")
    page.locator(".tm-partner-card").first.locator(".tm-partner-path").first.click()
    page.wait_for_function(f"() => ({OPACITY})('impact-1') === 1 && ({OPACITY})('ac-ps') < 0.5")
    screenshot(page, "checks-insights")
