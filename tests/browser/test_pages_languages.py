"""A workshop in Spanish: the map list, the results framework, the health check and the partnership page read in
Spanish in a Spanish browser, and fit a projected 1366×768 screen."""

import pytest

from tests.browser.conftest import screenshot, signed_in_tab

pytestmark = pytest.mark.browser


@pytest.fixture
def spanish(browser, app_url):
    """A tab of a browser set to Spanish, at projector size, signed in as the administrator."""
    with signed_in_tab(browser, app_url, "es-ES") as tab:
        yield tab


def fits_the_width(page) -> bool:
    """Nothing makes the page scroll sideways."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_pages_beside_the_editor_read_in_spanish(spanish, app_url):
    page = spanish
    page.goto(app_url + "/")
    page.get_by_role("button", name="Nuevo mapa").wait_for()
    assert "Mostrar archivados" in page.inner_text("main")
    assert fits_the_width(page)
    screenshot(page, "languages-es-home")

    page.goto(app_url + "/maps/1/framework")
    page.get_by_text("Metas y logros").wait_for()
    page.locator(".tm-fw-grid .ag-row").first.wait_for()
    headers = page.locator(".tm-fw-grid .ag-header-cell-text").all_inner_texts()
    assert "Medios de verificación" in headers and "Supuestos" in headers
    assert "Means of verification" not in page.inner_text("main")
    assert fits_the_width(page)
    screenshot(page, "languages-es-framework")

    page.goto(app_url + "/maps/1/health")
    page.get_by_role("button", name="Iniciar la ronda").wait_for()
    page.fill("#health-start-title", "Taller de marzo")
    page.get_by_role("button", name="Iniciar la ronda").click()
    page.get_by_text("Se inició “Taller de marzo”").wait_for()
    main = page.inner_text("main")
    assert "Puntos de revisión" in main and "Start the round" not in main
    assert fits_the_width(page)
    screenshot(page, "languages-es-health")

    page.goto(app_url + "/maps/1/foundations")
    page.get_by_text("Propósito común").first.wait_for()
    main = page.inner_text("main")
    assert "Principios" in main and "Responsabilidades" in main and "Joint purpose" not in main
    assert fits_the_width(page)
    screenshot(page, "languages-es-foundations")
    page.get_by_role("tab", name="FODA").click()
    page.get_by_text("Abrir un ejercicio FODA").wait_for()
    screenshot(page, "languages-es-swot")


def test_the_set_up_steps_lead_on_in_spanish(spanish, app_url):
    page = spanish
    page.goto(app_url + "/maps/1/setup")
    page.get_by_role("button", name="Siguiente: personas").click()
    page.get_by_role("button", name="Siguiente: propósito común").wait_for()
    page.get_by_text("Invitados, aún sin aceptar").or_(page.get_by_text("Miembros de este mapa")).first.wait_for()
    assert fits_the_width(page)
    screenshot(page, "languages-es-setup")
