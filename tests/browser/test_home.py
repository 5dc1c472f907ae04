"""A partnership lead manages maps from the home page: create, open, rename, duplicate, archive, restore."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

TITLE = "Ministry and agency: learning together"


def card(page, map_id: int):
    return page.locator(f'[data-map-id="{map_id}"] .tm-map-card')


def menu_item(page, map_id: int, item: str):
    """Open a card's three-dots menu and return one of its items."""
    card(page, map_id).locator(".tm-card-menu-toggle").click()
    entry = card(page, map_id).locator(".dropdown-item").filter(has_text=item)
    entry.wait_for(state="visible")
    return entry


def test_a_lead_creates_renames_duplicates_archives_and_restores_maps(page, app_url):
    page.goto(app_url + "/")
    card(page, 1).wait_for()

    # create from the peer-partnership template
    page.get_by_role("button", name="New map").click()
    title = page.get_by_label("Title")
    expect(title).to_be_focused()
    page.get_by_role("button", name="Create map").click()
    expect(page.get_by_text("Give the map a title.")).to_be_visible()
    title.fill(TITLE)
    expect(page.get_by_text("Give the map a title.")).to_be_hidden()
    page.get_by_text("Peer-to-peer institutional partnership").click()
    expect(page.get_by_role("radio", name="Peer-to-peer institutional partnership")).to_be_checked()
    expect(title).not_to_have_class("is-invalid")
    page.wait_for_timeout(300)  # let the field's colour transition end
    screenshot(page, "home-new-map-modal")
    title.press("Enter")
    page.wait_for_url("**/maps/2/setup")  # a new map leads to setting up its partnership
    expect(page.locator(".tm-map-title")).to_have_text(TITLE)

    # back home: the new map is listed first
    page.get_by_role("link", name="Maps", exact=True).click()
    page.wait_for_url(app_url + "/")
    expect(card(page, 2)).to_contain_text(TITLE)
    expect(card(page, 2)).to_contain_text("21 elements")

    # rename (Enter saves)
    menu_item(page, 2, "Rename").click()
    field = page.locator("#home-title-input")
    expect(field).to_have_value(TITLE)
    field.fill("")
    page.get_by_role("button", name="Rename", exact=True).click()
    expect(page.get_by_text("Give the map a title.")).to_be_visible()
    screenshot(page, "home-rename-modal")
    field.fill("Peer learning map")
    field.press("Enter")
    expect(card(page, 2)).to_contain_text("Peer learning map")
    expect(page.locator("#home-title-modal")).to_have_count(0)

    # duplicate, with the suggested title
    menu_item(page, 2, "Duplicate").click()
    expect(field).to_have_value("Copy of Peer learning map")
    page.get_by_role("button", name="Duplicate", exact=True).click()
    expect(card(page, 3)).to_contain_text("Copy of Peer learning map")
    expect(page.locator("#home-alerts")).to_contain_text("Created")
    expect(page.locator("#home-count")).to_have_text("3 maps")

    # archive the duplicate, after a confirmation naming it
    menu_item(page, 3, "Archive").click()
    dialog = page.locator("#home-archive-modal")
    expect(dialog).to_contain_text("Copy of Peer learning map")
    dialog.get_by_role("button", name="Archive").click()
    expect(card(page, 3)).to_have_count(0)
    expect(page.locator("#home-count")).to_have_text("2 maps · 1 archived")

    # show archived maps, marked as such, and restore the duplicate
    page.get_by_label("Show archived").check()
    expect(card(page, 3)).to_contain_text("Archived")
    card(page, 3).locator(".tm-card-menu-toggle").click()
    expect(card(page, 3).locator(".dropdown-item").filter(has_text="Archive…")).to_have_count(0)
    screenshot(page, "home-card-menu")
    card(page, 3).locator(".dropdown-item").filter(has_text="Restore").click()
    expect(page.locator("#home-alerts")).to_contain_text("Restored")
    expect(card(page, 3)).not_to_contain_text("Archived")
    expect(page.locator("#home-count")).to_have_text("3 maps")
    screenshot(page, "home-cards")

    # a card still opens its map on click
    card(page, 3).click()
    page.wait_for_url("**/maps/3")
    expect(page.locator(".tm-map-title")).to_have_text("Copy of Peer learning map")
