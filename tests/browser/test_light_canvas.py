"""The canvas opens with only what it draws; the filters and the Agreement view bring what they read."""

import json

import pytest

from tests.browser.canvas import wait_for_canvas
from tests.browser.conftest import screenshot
from tocmap.ui import ids

pytestmark = pytest.mark.browser

STYLE = "([id, p]) => window.cy.getElementById(id).style(p)"


def test_the_agreement_view_and_the_owner_filter_bring_what_they_read(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{app_url}/maps/1")
    wait_for_canvas(page)
    assert page.evaluate("() => window.cy.nodes().every(n => n.data('owner') === undefined "
                         "&& n.data('stands') === undefined && n.data('agreement') !== 'agreed')")
    attachment = page.evaluate("() => window.cy.edges('[kind = \"attachment\"]')[0].id()")

    page.locator("#editor-agreement-view").click()
    page.wait_for_function("() => window.cy.nodes('[agreement = \"agreed\"]').length > 0")
    proposed = page.evaluate("() => window.cy.nodes('[^agreement]').map(n => n.id())")
    agreed = page.evaluate("() => window.cy.nodes('[agreement = \"agreed\"]').map(n => n.id())")
    page.wait_for_function("(id) => window.cy.getElementById(id).style('border-style') === 'dashed'", arg=proposed[0])
    assert page.evaluate(STYLE, [agreed[0], "border-style"]) != "dashed"
    assert page.evaluate(STYLE, [attachment, "line-style"]) == "dotted"  # attachments are not links to agree on
    screenshot(page, "agreement-view-light-canvas")

    page.reload()  # the view is off again: the owner filter alone brings the owners
    wait_for_canvas(page)
    page.locator("#editor-filter-partner").click()
    page.get_by_role("option", name="Ministry of Health, Republic of Lumora").click()
    page.wait_for_function("() => window.cy.nodes().some(n => n.data('owner'))")
    owned = page.evaluate("() => window.cy.nodes().filter(n => n.data('owner') === 'moh').map(n => n.id())")
    others = page.evaluate("() => window.cy.nodes().filter(n => n.data('owner') !== 'moh').map(n => n.id())")
    assert owned and others
    page.wait_for_function("(id) => Number(window.cy.getElementById(id).style('opacity')) < 0.5", arg=others[0])
    assert float(page.evaluate(STYLE, [owned[0], "opacity"])) == 1
    screenshot(page, "owner-filter-light-canvas")


def test_the_editor_opens_with_one_request_to_the_server_and_plotly_waits_for_its_chart(page, app_url):
    page = page.context.new_page()  # a fresh tab: nothing the home page still asks after signing in is counted
    page.set_viewport_size({"width": 1366, "height": 768})
    asked, fetched = [], []
    page.on("request", lambda r: asked.append(json.loads(r.post_data)["output"])
            if "_dash-update-component" in r.url else fetched.append(r.url))
    page.goto(f"{app_url}/maps/1")
    wait_for_canvas(page)
    page.wait_for_timeout(1500)  # what the page would ask right after it shows
    assert asked == [f"{ids.PAGE}.children"]  # the page itself: every panel opens with what it shows
    assert not [url for url in fetched if "plotly" in url]

    page.get_by_role("tab", name="Partners").click()  # the one chart of the editor: Plotly comes with it
    page.locator("#co-shares .js-plotly-plot").wait_for()
    assert [url for url in fetched if "plotly" in url]
    screenshot(page, "partners-tab-chart-on-demand")
