"""Two partners, two languages, one element: each reads and writes it in their own language."""

import pytest
from playwright.sync_api import expect

from tests.browser.canvas import node_label, wait_for_canvas
from tests.browser.conftest import (
    example_with_members,
    running_app,
    screenshot,
    sign_in,
)
from tests.web import ADMIN_PASSWORD

pytestmark = pytest.mark.browser

SOURCE = "District health officers act on weekly surveillance data"
FRENCH = "Les médecins-chefs de district agissent sur les données de surveillance"
CHANGED = "District health officers act on daily surveillance data"


@pytest.fixture
def app_url(tmp_path):
    """The worked example with a French-speaking ministry (Amélie) and an English-speaking institute (Edward)."""
    url = f"sqlite:///{tmp_path / 'tocmap.db'}"
    example_with_members(url, [("amelie@x.org", "Amélie", "editor", "moh"), ("edward@x.org", "Edward", "editor", "iph")])
    from tocmap.adapters.database import Database
    from tocmap.services import partners
    from tocmap.services.access import SYSTEM

    db = Database(url)
    partners.update_partner(db, 1, "moh", {"language": "fr"}, SYSTEM)
    db.dispose()
    with running_app(url) as running:
        yield running


def open_in(browser, url: str, email: str, locale: str, path: str):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale=locale)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    sign_in(tab, url, email, ADMIN_PASSWORD)
    tab.goto(url + path)
    return tab


def test_each_partner_reads_and_writes_the_element_in_their_language(browser, app_url):
    french = open_in(browser, app_url, "amelie@x.org", "fr-FR", "/maps/1?select=oc-1")
    wait_for_canvas(french)
    label = french.locator("#element-label")
    expect(label).to_have_value(SOURCE)
    expect(french.locator(".tm-fallback").first).to_contain_text("Libellé et description affichés en anglais")
    screenshot(french, "content-languages-1-fallback-fr")

    label.fill(FRENCH)
    french.locator("#element-save").click()
    french.locator("#element-message .alert-success").wait_for()
    french.wait_for_function("(t) => window.cy.getElementById('oc-1').data('label') === t", arg=FRENCH)

    english = open_in(browser, app_url, "edward@x.org", "en-GB", "/maps/1?select=oc-1")
    wait_for_canvas(english)
    expect(english.locator("#element-label")).to_have_value(SOURCE)
    assert node_label(english, "oc-1") == SOURCE
    expect(english.locator(".tm-fallback")).to_have_count(0)
    english.locator("#element-label").fill(CHANGED)
    english.locator("#element-save").click()
    english.locator("#element-message .alert-success").wait_for()
    screenshot(english, "content-languages-2-source-edit-en")

    french.goto(app_url + "/maps/1?select=oc-1")
    wait_for_canvas(french)
    expect(french.locator("#element-label")).to_have_value(FRENCH)
    expect(french.locator(".tm-needs-review")).to_have_text("À revoir")
    screenshot(french, "content-languages-3-needs-review-fr")

    french.goto(app_url + "/maps/1/translations")
    french.get_by_label("À revoir", exact=True).check()
    rows = french.locator(".tm-tr-row")
    expect(rows).to_have_count(1)
    row = rows.filter(has=french.locator(".tm-tr-source", has_text=CHANGED))
    expect(row.locator(".tm-tr-status")).to_have_text("À revoir")
    expect(row.locator("input")).to_have_value(FRENCH)
    screenshot(french, "content-languages-4-translation-view-fr")
    row.locator("input").fill("Les médecins-chefs de district agissent sur les données quotidiennes")
    row.locator("input").press("Tab")
    french.keyboard.press("Enter")  # Tab reaches the row's Save button
    expect(row.locator(".tm-tr-status")).to_have_text("Traduit")
    french.context.close()
    english.context.close()
