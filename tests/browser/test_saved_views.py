"""Saved views in the editor: saved with a name, still there after a reload, applied with one choice, presented."""

import pytest
from playwright.sync_api import expect

from tests.browser.canvas import wait_for_canvas
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser



def choose(page, dropdown: str, option: str) -> None:
    """Pick an option of a dcc.Dropdown by its text."""
    page.locator(f"#{dropdown}").click()
    page.locator("[role=option]:not(option)").filter(has_text=option).first.click()
    page.keyboard.press("Escape")


def shown_kinds(page) -> set[str]:
    return set(page.evaluate("() => window.cy.nodes(':visible').map(n => n.data('kind'))"))


def test_a_saved_view_survives_a_reload_and_applies_with_one_choice(room, app_url):
    room.goto(app_url + "/maps/1")
    wait_for_canvas(room)
    choose(room, "editor-filter-kind", "Outcome")
    room.wait_for_function("() => window.cy.nodes(':visible').every(n => n.data('kind') === 'outcome')")
    room.evaluate("() => window.cy.viewport({zoom: 1.1, pan: {x: 40, y: 30}})")
    looked = room.evaluate("() => window.tocmapView.viewport()")

    room.locator(".tm-view-menu .dropdown-toggle").click()
    room.locator(".tm-view-menu .dropdown-item").filter(has_text="Save or manage views…").click()
    dialog = room.locator("#editor-view-modal")
    dialog.get_by_label("Name of this view").fill("Outcomes for the board")
    dialog.get_by_role("button", name="Save this view").click()
    expect(dialog.get_by_text("Saved the view “Outcomes for the board”.")).to_be_visible()
    expect(dialog.get_by_label("Name of the view “Outcomes for the board”")).to_have_value("Outcomes for the board")
    screenshot(room, "saved-views-dialog-1366x768")
    dialog.locator("#editor-view-close").click()

    room.reload()  # a fresh page: every filter off, the map fitted
    wait_for_canvas(room)
    assert len(shown_kinds(room)) > 1
    room.locator(".tm-view-menu .dropdown-toggle").click()
    room.locator(".tm-view-menu .dropdown-item").filter(has_text="Outcomes for the board").click()
    room.wait_for_function("() => window.cy.nodes(':visible').every(n => n.data('kind') === 'outcome')")
    room.wait_for_function("(z) => Math.abs(window.cy.zoom() - z) < 0.01", arg=looked["zoom"])
    now = room.evaluate("() => window.tocmapView.viewport()")
    assert abs(now["centre"][0] - looked["centre"][0]) < 1 and abs(now["centre"][1] - looked["centre"][1]) < 1
    expect(room.locator("#editor-filter-kind")).to_contain_text("Outcome")
    screenshot(room, "saved-view-applied-1366x768")

    # the history has it, and the presentation steps through the saved views
    room.locator(".tm-view-menu .dropdown-toggle").click()
    room.locator(".tm-view-menu .dropdown-item").filter(has_text="Save or manage views…").click()
    room.locator("#editor-view-modal").get_by_role("button", name="Present the saved views").click()
    caption = room.locator(".tm-present-caption")
    expect(caption).to_contain_text("View 1 of 1: Outcomes for the board")
    screenshot(room, "saved-view-presented-1366x768")
    room.keyboard.press("Escape")
    expect(caption).to_have_count(0)


def test_a_view_is_renamed_and_deleted_in_the_dialog(room, app_url, axe_source):
    room.goto(app_url + "/maps/1")
    wait_for_canvas(room)
    room.locator(".tm-view-menu .dropdown-toggle").click()
    room.locator(".tm-view-menu .dropdown-item").filter(has_text="Save or manage views…").click()
    dialog = room.locator("#editor-view-modal")
    dialog.get_by_label("Name of this view").fill("Everything")
    dialog.get_by_role("button", name="Save this view").click()
    expect(dialog.get_by_label("Name of the view “Everything”")).to_be_visible()
    assert violations(room, axe_source) == []  # the dialog, its list and the menu behind it

    dialog.get_by_label("Name of the view “Everything”").fill("The whole map")
    dialog.get_by_role("button", name="Rename").click()
    expect(dialog.get_by_text("Renamed the view to “The whole map”.")).to_be_visible()
    expect(dialog.get_by_label("Name of the view “The whole map”")).to_be_visible()

    dialog.get_by_role("button", name="Delete the view “The whole map”").click()
    expect(dialog.get_by_text("No saved views yet.")).to_be_visible()
