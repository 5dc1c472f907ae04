"""Contributions end to end: two partners record what they put in and see the shares beside the map's,
and, once they take decisions, who decides."""

import pytest

from tests.browser.canvas import wait_for_canvas
from tests.browser.conftest import (
    example_with_members,
    open_as,
    running_app,
    screenshot,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def app_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'equity.db'}"
    example_with_members(url, [("ana@moh.org", "Ana", "editor", "moh"), ("ben@iph.org", "Ben", "editor", "iph")])
    with running_app(url) as running:
        yield running


def open_partners_tab(browser, url, email):
    page = open_as(browser, url, email)
    wait_for_canvas(page)
    page.get_by_role("tab", name="Partners").click()
    page.locator("#co-record").wait_for()
    page.wait_for_function("() => document.querySelectorAll('#co-partner option[value]:not([value=\"\"])').length > 0")
    return page


def record(page, amount, currency="EUR", kind="Money", status="Planned"):
    page.locator("#co-kind").select_option(label=kind)
    page.locator("#co-status").select_option(label=status)
    page.locator("#co-amount").fill(amount)
    page.locator("#co-currency").fill(currency)
    page.locator("#co-evidence").fill("Budget annex 2")
    page.locator("#co-record").click()


def shares(page):
    return page.evaluate("() => document.querySelector('#co-shares .js-plotly-plot').data"
                         ".map(t => [t.name, t.y.slice().reverse(), t.x.slice().reverse().map(Math.round)])")


def decide(page, text, threshold=None):
    """Propose a decision on the actions page and agree it for one's partner."""
    if threshold:
        page.locator("#dc-rule").get_by_text("A vote with a threshold").click()
        page.locator("#dc-threshold").fill(threshold)
    page.locator("#dc-text").fill(text)
    page.locator("#dc-propose").click()
    card = page.locator(".tm-dc-card", has_text=text)
    card.get_by_role("button", name="Agree").click()
    return card


def wait_for_row(page, label_start):
    page.wait_for_function("start => { const plot = document.querySelector('#co-shares .js-plotly-plot');"
                           " return plot && plot.data && plot.data.some(t => t.y.some(y => y.startsWith(start))); }",
                           arg=label_start)


def test_two_partners_record_contributions_and_see_who_pays_beside_who_shapes_the_map(browser, app_url):
    ana = open_partners_tab(browser, app_url, "ana@moh.org")
    assert [o for o in ana.locator("#co-partner option").all_inner_texts() if o] == ["MoH Lumora"]  # her own only
    record(ana, "-5")
    ana.get_by_text("An amount cannot be negative").wait_for()
    record(ana, "1000", currency="EUX")
    ana.get_by_text("not an ISO 4217 currency code").wait_for()
    assert ana.get_by_text("No contributions recorded yet").is_visible()
    record(ana, "10000")
    ana.get_by_text("Recorded 10,000 EUR").wait_for()
    wait_for_row(ana, "Pays (EUR, planned)")
    assert not any(label.startswith("Decides") for _, rows, _ in shares(ana) for label in rows)  # no decisions yet

    ben = open_partners_tab(browser, app_url, "ben@iph.org")
    record(ben, "30000")
    ben.get_by_text("Recorded 30,000 EUR").wait_for()
    record(ben, "20", kind="Staff time", status="Actual")
    ben.get_by_text("Recorded 20 person-days").wait_for()

    deciding = open_as(browser, app_url, "ana@moh.org", "/maps/1/actions")
    decide(deciding, "Share district data every month").locator(".tm-dc-open", has_text="waiting for AIPH").wait_for()
    decide(deciding, "Move the training budget to the ministry", threshold="50%").locator(".tm-dc-taken").wait_for()
    ben.goto(app_url + "/maps/1/actions")
    both = ben.locator(".tm-dc-card", has_text="Share district data every month")
    both.get_by_role("button", name="Agree").click()
    both.locator(".tm-dc-taken").wait_for()

    ana.get_by_role("tab", name="Edit").click()
    ana.get_by_role("tab", name="Partners").click()
    ana.get_by_text("30,000 EUR").wait_for()
    ana.wait_for_function("() => { const plot = document.querySelector('#co-shares .js-plotly-plot');"
                          " return plot && plot.data && plot.data.some(t => t.y.includes("
                          "'Staff time (person-days, actual)')); }")  # the chart may follow the list
    found = {name: dict(zip(rows, values)) for name, rows, values in shares(ana)}
    assert found["MoH Lumora"]["Pays (EUR, planned)"] == 25 and found["AIPH"]["Pays (EUR, planned)"] == 75
    assert found["AIPH"]["Staff time (person-days, actual)"] == 100
    assert {"Proposes (map items)", "Owns (elements)", "Agrees (map items)"} <= set(found["AIPH"])
    wait_for_row(ana, "Decides")
    found = {name: dict(zip(rows, values)) for name, rows, values in shares(ana)}
    decides = "Decides (2 taken decisions)"  # both agreed one; MoH carried the vote alone
    assert (found["MoH Lumora"][decides], found["AIPH"][decides]) == (67, 33)
    ana.locator(".tm-panel").evaluate("panel => panel.scrollTop = 0")
    ana.set_viewport_size({"width": 1366, "height": 768})
    ana.screenshot(path=str(screenshot(ana, "contributions-partners-tab")))
    ana.locator("#co-shares").evaluate("chart => chart.scrollIntoView({block: 'end'})")
    screenshot(ana, "contributions-who-decides")
