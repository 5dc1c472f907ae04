"""A facilitator imports a Kumu project of two views: each is a saved view that places its elements as Kumu did."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.canvas import wait_for_canvas
from tests.browser.conftest import import_dialog, screenshot, sign_in
from tests.integration.test_exchange_kumu_views import two_view_project

pytestmark = pytest.mark.browser


@pytest.fixture
def room(browser, app_url):
    """A tab the size of a common projector, signed in as the administrator."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    sign_in(tab, app_url)
    yield tab
    context.close()


def where(page, element: str) -> list[float]:
    return page.evaluate("(id) => { const p = window.cy.getElementById(id).position(); return [p.x, p.y]; }", element)


def test_a_kumu_view_shows_its_elements_where_kumu_placed_them_until_show_all(room, app_url, tmp_path):
    project = tmp_path / "health-financing.json"
    project.write_text(json.dumps(two_view_project()), encoding="utf-8")
    dialog = import_dialog(room, app_url, project)
    expect(dialog.locator("#import-format")).to_have_value("kumu")
    dialog.locator("#import-confirm").click()
    alert = room.locator("#home-alerts")
    expect(alert).to_contain_text("2 Kumu views became saved views")
    screenshot(room, "kumu-views-imported-1366x768")
    alert.get_by_role("link", name="Open it").click()
    room.wait_for_url("**/maps/2")
    wait_for_canvas(room)
    assert where(room, "e-bank") == [300, 0]  # the map is laid out as the first view

    room.locator(".tm-view-menu .dropdown-toggle").click()
    room.locator(".tm-view-menu .dropdown-item").filter(has_text="Funders").click()
    room.wait_for_function("() => window.cy.getElementById('e-bank').position().y === 300")
    assert (where(room, "e-bank"), where(room, "e-fund")) == ([-200, 300], [200, 300])
    assert room.evaluate("() => window.cy.autoungrabify()")  # no drag moves the map's element from here
    unfocus = room.locator("#editor-unfocus-button")
    expect(unfocus).to_be_visible()
    room.wait_for_function("() => Number(window.cy.getElementById('e-moh').style('opacity')) < 1")  # not in the view
    screenshot(room, "kumu-view-funders-1366x768")

    unfocus.click()
    room.wait_for_function("() => window.cy.getElementById('e-bank').position().y === 0")
    assert where(room, "e-fund") == [900, 0]
    assert not room.evaluate("() => window.cy.autoungrabify()")
    room.wait_for_function("() => { const e = window.cy.extent(), b = window.cy.nodes().boundingBox();"
                           " return b.x1 >= e.x1 && b.x2 <= e.x2; }")  # the whole map is in sight again
    screenshot(room, "kumu-view-show-all-1366x768")
