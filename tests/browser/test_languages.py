"""The interface in the reader's language in a real browser: French from the browser's language, a switch to
Spanish in the top bar, and an Arabic reader's map page laid out from the right with its labels still drawn."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.canvas import wait_for_canvas
from tests.browser.conftest import PROJECTOR, running_app, screenshot, sign_in

pytestmark = pytest.mark.browser

ARABIC = Path(__file__).resolve().parents[1] / "data" / "locales"


@pytest.fixture
def app_url(tmp_path):
    """The app on a fresh SQLite file, also offering the test catalogue's Arabic."""
    with running_app(f"sqlite:///{tmp_path / 'tocmap.db'}", {"TOCMAP_LOCALES_DIR": str(ARABIC)}) as url:
        yield url


def reader(browser, locale: str):
    """A new tab of a browser set to ``locale``, at projector size."""
    context = browser.new_context(locale=locale, viewport=PROJECTOR)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


def test_a_french_browser_reads_french_and_switches_to_spanish_in_the_top_bar(browser, app_url):
    tab = reader(browser, "fr-FR")
    tab.goto(app_url + "/signin")
    assert tab.locator("html").get_attribute("lang") == "fr"
    assert tab.locator("button[type=submit]").inner_text() == "Se connecter"
    assert tab.get_by_text("Mot de passe oublié ?").is_visible()
    screenshot(tab, "languages-signin-fr")

    sign_in(tab, app_url)
    topbar = tab.locator(".tm-topbar")
    topbar.get_by_text("Se déconnecter").wait_for()
    assert topbar.get_by_role("link", name="Cartes").is_visible()
    tab.goto(app_url + "/maps/1")  # the scripts speak French too: the live status of the map
    wait_for_canvas(tab)
    tab.locator("#live-status", has_text="En direct").wait_for()
    tab.goto(app_url + "/")
    switch = tab.locator(".tm-language-toggle")
    assert switch.get_attribute("aria-label") == "Langue : Français"
    switch.focus()
    tab.keyboard.press("Enter")  # the menu opens from the keyboard
    screenshot(tab, "languages-menu-fr")
    tab.get_by_role("button", name="Español").click()
    topbar.get_by_text("Cerrar sesión").wait_for()
    assert tab.locator("html").get_attribute("lang") == "es"
    assert topbar.get_by_role("link", name="Mapas").is_visible()
    screenshot(tab, "languages-home-es")

    tab.goto(app_url + "/account")  # the account page offers the same languages, the chosen one selected
    assert tab.locator("#language").input_value() == "es"
    assert tab.get_by_role("heading", name="Nombre e idioma").is_visible()
    screenshot(tab, "languages-account-es")
    tab.context.close()


def test_an_arabic_reader_map_is_laid_out_from_the_right_with_readable_labels(browser, app_url):
    tab = reader(browser, "ar")
    tab.goto(app_url + "/signin")
    assert tab.locator("html").get_attribute("dir") == "rtl"
    screenshot(tab, "languages-signin-ar")
    sign_in(tab, app_url)
    assert tab.locator("html").get_attribute("dir") == "rtl"
    tab.locator(".tm-topbar").get_by_text("تسجيل الخروج").wait_for()  # the top bar reads Arabic
    tab.goto(app_url + "/maps/1")
    wait_for_canvas(tab)
    drawn = tab.evaluate("""() => {
        const cy = window.cy, box = cy.container().getBoundingClientRect();
        const shown = cy.nodes().filter(n => n.visible() && n.style('label'));
        const inside = shown.filter(n => {
            const b = n.renderedBoundingBox();
            return b.x2 > 0 && b.y2 > 0 && b.x1 < cy.width() && b.y1 < cy.height();
        });
        return {direction: getComputedStyle(cy.container()).direction, nodes: cy.nodes().length,
                labelled: shown.length, inView: inside.length, width: box.width,
                fontPx: parseFloat(cy.nodes().first().style('font-size')) * cy.zoom()};
    }""")
    assert drawn["direction"] == "rtl"
    assert drawn["labelled"] == drawn["nodes"] and drawn["inView"] > 0 and drawn["width"] > 600
    assert drawn["fontPx"] >= 9, drawn  # drawn big enough to read on a projector
    brand, signout = (tab.locator(selector).bounding_box() for selector in (".tm-brand", ".tm-signout"))
    assert brand["x"] > signout["x"], "right to left: the brand is on the right, the account on the left"
    screenshot(tab, "languages-map-ar")
    tab.goto(app_url + "/account")
    tab.locator(".tm-language-toggle").click()
    screenshot(tab, "languages-account-ar")
    tab.context.close()
