"""A French participant opens the worked example's editor: the toolbar, the side panel and the indicators are French."""

import pytest

from tests.browser.canvas import click_node, wait_for_canvas
from tests.browser.conftest import screenshot, signed_in_tab

pytestmark = pytest.mark.browser

MEASURED = "oc-3"  # an outcome with two indicators in the worked example


@pytest.fixture
def french(browser, app_url):
    """A tab of a browser set to French, at a projector's 1366x768, signed in."""
    with signed_in_tab(browser, app_url, "fr-FR") as tab:
        yield tab


def fits(page, selector: str) -> list[str]:
    """The texts of the buttons or tabs under ``selector`` that overflow their box or wrap onto two lines."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(e => e.offsetParent !== null)
            .filter(e => e.scrollWidth > e.clientWidth + 1
                         || e.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(e).lineHeight) + 2)
            .map(e => e.innerText.trim())""",
        selector,
    )


def on_one_line(page, selector: str) -> bool:
    """Whether every visible child of ``selector`` sits on the first line (a flex row that wraps)."""
    return page.evaluate(
        """(selector) => {
            const items = [...document.querySelector(selector).children].filter(e => e.offsetParent !== null);
            const tops = items.map(e => e.getBoundingClientRect().top);
            return Math.max(...tops) - Math.min(...tops) < 10;
        }""",
        selector,
    )


def open_editor(page, app_url: str) -> None:
    """The worked example's editor, its toolbar's dropdowns drawn (Dash loads them after the page)."""
    page.goto(app_url + "/maps/1")
    wait_for_canvas(page)
    page.locator(".tm-toolbar .tm-filter .Select-placeholder, .tm-toolbar .tm-filter [class*=placeholder]").first.wait_for()
    page.wait_for_timeout(300)


def test_the_editor_side_panel_and_indicators_are_french(french, app_url):
    page = french
    open_editor(page, app_url)
    toolbar = page.locator(".tm-toolbar")
    for words in ("Ajouter", "Relier", "Disposer", "Accord", "Focus"):
        assert toolbar.get_by_text(words).first.is_visible(), words
    assert page.get_by_text("Sélectionnez un élément ou un lien pour le modifier").is_visible()
    assert not fits(page, ".tm-toolbar .btn, .tm-panel-tabs .nav-link"), "a toolbar button or tab wraps"
    screenshot(page, "editor-fr-map")
    assert on_one_line(page, ".tm-toolbar"), "the toolbar takes a second line from the canvas"

    click_node(page, MEASURED)
    page.locator("#element-form").get_by_text("Libellé").first.wait_for()
    for words in ("Description", "Responsable", "Étiquettes", "Qui change ?", "Mène à", "Enregistrer", "Supprimer"):
        assert page.locator(".tm-panel").get_by_text(words).first.is_visible(), words
    assert not fits(page, ".tm-panel-actions .btn, .tm-agree-buttons .btn"), "a side-panel button wraps"
    screenshot(page, "editor-fr-element")

    show_all = page.locator(".tm-toolbar").get_by_role("button", name="Tout voir")
    assert not show_all.is_visible(), "“Show all” is offered with nothing in focus"
    page.locator(".tm-toolbar").get_by_text("Focus").click()
    show_all.wait_for()
    screenshot(page, "editor-fr-focus")
    assert on_one_line(page, ".tm-toolbar"), "“Show all” pushes the toolbar onto a second line"
    show_all.click()
    show_all.wait_for(state="hidden")

    page.get_by_role("tab", name="Indicateurs").click()
    panel = page.locator("#ind-panel")
    panel.get_by_text("Indicateurs de").wait_for()
    assert page.locator("#ind-add").inner_text().strip() == "Ajouter"
    assert panel.get_by_text("Mesure", exact=True).first.is_visible()
    assert panel.get_by_text("Référence", exact=True).first.is_visible()
    assert "Add indicator" not in panel.inner_text() and "Record a value" not in panel.inner_text()
    panel.locator(".tm-ind-rule").first.wait_for()
    for english in ("Off track", "On track", "At risk", "No data", "Higher is better", "of the way", "agreed",
                    "proposed"):
        assert english not in panel.inner_text(), f"the indicator panel still says “{english}” in French"
    assert panel.get_by_text("Hors trajectoire").first.is_visible() or panel.get_by_text("En bonne voie").first.is_visible()
    assert not fits(page, ".tm-ind-actions .btn, .tm-ind-head .btn"), "an indicator button wraps"
    assert on_one_line(page, ".tm-ind-actions"), "an indicator's buttons take two lines"
    screenshot(page, "editor-fr-indicators")

    page.get_by_role("tab", name="Vérifications").click()
    page.locator(".tm-count-tile").first.wait_for()
    assert not fits(page, ".tm-count-word"), "a count's word overflows its tile"
    screenshot(page, "editor-fr-checks")
    page.get_by_role("tab", name="Partenaires").click()
    page.locator(".tm-balance").wait_for()
    assert page.evaluate("() => { const t = document.querySelector('.tm-balance');"
                         " return t.scrollWidth <= t.parentElement.clientWidth + 1; }"), "the balance table overflows"
    screenshot(page, "editor-fr-partners")
    page.get_by_role("tab", name="Personnes").click()
    page.wait_for_timeout(500)
    screenshot(page, "editor-fr-people")
    page.get_by_role("tab", name="Discussion").click()
    page.wait_for_timeout(500)
    screenshot(page, "editor-fr-discussion")


def test_the_spanish_toolbar_fits_on_one_line(browser, app_url):
    with signed_in_tab(browser, app_url, "es-ES") as page:
        open_editor(page, app_url)
        assert page.locator(".tm-toolbar").get_by_text("Vincular").is_visible()
        screenshot(page, "editor-es-map")
        assert on_one_line(page, ".tm-toolbar"), "the toolbar takes a second line from the canvas"
