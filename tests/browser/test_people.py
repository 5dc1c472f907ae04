"""A facilitator opens a workshop; a participant joins with its code and edits; the workshop closes."""

import pytest

from tests.browser.canvas import wait_for_canvas
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_a_participant_joins_a_workshop_with_the_code_the_facilitator_shows(page, app_url, browser):
    page.goto(app_url + "/maps/1")
    wait_for_canvas(page)
    page.get_by_role("tab", name="People").click()
    page.get_by_role("button", name="Open a workshop").click()
    code = page.locator(".tm-join-code").inner_text().strip()
    assert len(code) == 6
    screenshot(page, "people-workshop-open")

    guest = browser.new_context(viewport={"width": 1366, "height": 850}).new_page()
    guest.goto(app_url + "/join")
    guest.fill("#code", code)
    guest.click("button[type=submit]")
    guest.fill("#name", "Kofi Mensah")
    guest.select_option("#partner", "iph")
    guest.click("button[type=submit]")
    guest.wait_for_url(app_url + "/maps/1")
    wait_for_canvas(guest)
    assert "Kofi Mensah · AIPH · Editor" in guest.inner_text(".tm-you")

    page.get_by_role("tab", name="Edit").click()
    page.get_by_role("tab", name="People").click()
    page.locator(".tm-members").get_by_text("Kofi Mensah").wait_for()
    page.get_by_role("button", name="Close the workshop").click()
    page.get_by_role("button", name="Open a workshop").wait_for()
    assert "Kofi Mensah" not in page.inner_text(".tm-members")
    guest.context.close()


def test_a_facilitator_names_the_current_revision(page, app_url):
    page.goto(app_url + "/maps/1")
    wait_for_canvas(page)
    page.get_by_role("button", name="History").click()
    page.fill("#snapshot-name", "Agreed at the March workshop")
    page.click("#snapshot-add")
    page.get_by_text("Agreed at the March workshop").wait_for()
    assert "Not endorsed yet" in page.inner_text("#snapshot-list")
    screenshot(page, "history-snapshots")


def test_a_facilitator_renews_the_join_code_and_the_old_one_stops_working(page, app_url, browser):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(app_url + "/maps/1")
    wait_for_canvas(page)
    page.get_by_role("tab", name="People").click()
    page.get_by_role("button", name="Open a workshop").click()
    old = page.locator(".tm-join-code").inner_text().strip()
    assert "The code works for 12 more hours" in page.inner_text(".tm-join-code-time")
    page.get_by_role("button", name="Renew the code").click()
    page.wait_for_function(f"document.querySelector('.tm-join-code').innerText.trim() !== '{old}'")
    new = page.locator(".tm-join-code").inner_text().strip()
    assert len(new) == 6 and new != old
    screenshot(page, "people-workshop-renewed")

    guest = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    guest.goto(app_url + f"/join/{old}")
    assert "no open workshop with that code" in guest.inner_text(".alert")
    guest.goto(app_url + f"/join/{new}")
    guest.fill("#name", "Kofi Mensah")
    guest.click("button[type=submit]")
    guest.wait_for_url(app_url + "/maps/1")
    guest.context.close()
