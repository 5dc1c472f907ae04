"""The canvas holds only what it draws, and still shows what is not agreed, after edits too."""

import pytest

from tests.browser.canvas import wait_for_canvas
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

STYLE = "([id, p]) => window.cy.getElementById(id).style(p)"


def test_the_agreement_view_marks_what_is_not_agreed_and_nothing_else(page, app_url):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{app_url}/maps/1")
    wait_for_canvas(page)
    proposed = page.evaluate("() => window.cy.nodes('[^agreement]').map(n => n.id())")
    agreed = page.evaluate("() => window.cy.nodes('[agreement = \"agreed\"]').map(n => n.id())")
    attachment = page.evaluate("() => window.cy.edges('[kind = \"attachment\"]')[0].id()")
    assert proposed and agreed
    assert page.evaluate("() => window.cy.nodes().every(n => n.data('stands') === undefined)")

    page.locator("#editor-agreement-view").click()
    page.wait_for_function("(id) => window.cy.getElementById(id).style('border-style') === 'dashed'", arg=proposed[0])
    assert page.evaluate(STYLE, [agreed[0], "border-style"]) != "dashed"
    assert page.evaluate(STYLE, [attachment, "line-style"]) == "dotted"  # attachments are not links to agree on
    screenshot(page, "agreement-view-light-canvas")
