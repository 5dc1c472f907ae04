"""Every page passes axe-core with no critical and no serious violation, and says its language."""

import pytest

from tests.browser.canvas import wait_for_canvas

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "map editor": "/maps/1",
    "results framework": "/maps/1/framework",
    "learning": "/maps/1/learning",
    "health check": "/maps/1/health",
    "partnership": "/maps/1/foundations",
    "swot": "/maps/1/swot",
}
GRAVE = ("critical", "serious")


def violations(page, axe_source: str) -> list[str]:
    """axe-core's critical and serious findings on the page as it is, one line each."""
    page.add_script_tag(content=axe_source)
    found = page.evaluate("() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
    return [f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
            for v in found if v["impact"] in GRAVE]


def settle(page, path: str) -> None:
    if path == "/maps/1":
        wait_for_canvas(page)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)


@pytest.mark.parametrize("name", PAGES)
def test_a_page_has_no_critical_or_serious_accessibility_violation(page, app_url, axe_source, name):
    page.goto(app_url + PAGES[name])
    settle(page, PAGES[name])
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert violations(page, axe_source) == []


def test_the_editor_with_an_element_selected_and_the_tables_open_stays_accessible(page, app_url, axe_source):
    page.goto(app_url + "/maps/1?select=oc-2")
    settle(page, "/maps/1")
    page.locator("#element-label").wait_for()
    assert violations(page, axe_source) == []
    page.get_by_role("tab", name="Tables").click()
    page.locator("#elements-grid .ag-row").first.wait_for()
    assert violations(page, axe_source) == []


def test_the_sign_in_page_is_accessible(browser, app_url, axe_source):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    tab = context.new_page()
    tab.goto(app_url + "/signin")
    assert tab.evaluate("() => document.documentElement.lang") == "en"
    assert violations(tab, axe_source) == []
    context.close()
