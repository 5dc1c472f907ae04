"""Exports and API answers in the language asked for: the report and the workbook with ?lang=, API errors by
Accept-Language."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.web import signed_in
from tocmap import i18n
from tocmap.services import accounts
from tocmap.services.access import SYSTEM
from tocmap.ui.exchange_ui import export_href, version_modal


def test_the_report_is_downloaded_in_the_language_asked_for(app):
    client = signed_in(app)
    page = client.get("/maps/1/report?lang=es").get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Marco de resultados" in page and "Propósito y socios" in page and "Results framework" not in page
    english = client.get("/maps/1/report").get_data(as_text=True)
    assert "Results framework" in english


def test_a_french_reader_gets_the_report_in_french_without_asking(app):
    page = signed_in(app).get("/maps/1/report", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).get_data(as_text=True)
    assert "Cadre de résultats" in page and '<html lang="fr">' in page


def test_an_unknown_language_gets_a_clear_page_not_a_500(app):
    response = signed_in(app).get("/maps/1/export/xlsx?lang=xx")
    assert response.status_code == 400
    assert "tocmap has no language" in response.get_data(as_text=True)


def test_an_api_error_answers_in_the_readers_language(app):
    client = app.server.test_client()
    response = client.get("/api/v1/maps", headers={"Authorization": "Bearer tm_forged", "Accept-Language": "fr"})
    assert response.status_code == 401
    assert response.get_json()["message"] == "Ce jeton d'API n'est pas valide."
    db = app.tocmap_db
    user = accounts.create_user(db, "ed@x.org", "Ed", "a long test password")
    accounts.set_member(db, 1, "ed@x.org", "editor", "moh", SYSTEM)
    auth = {"Authorization": f"Bearer {accounts.create_token(db, user, 'tests')}", "Accept-Language": "es"}
    missing = client.get("/api/v1/maps/1/elements/nope", headers=auth)
    assert missing.status_code == 404 and missing.get_json()["message"] == "El mapa 1 no tiene ningún elemento “nope”."


def test_the_workbook_is_downloaded_with_spanish_sheets_and_headings(app):
    response = signed_in(app).get("/maps/1/export/xlsx?lang=es")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert {"Acerca de", "Elementos", "Vínculos", "Indicadores"} <= set(book.sheetnames)
    headings = next(book["Elementos"].iter_rows(values_only=True))
    assert headings[:4] == ("ID", "Etiqueta", "Tipo", "Descripción")
    kinds = {row[2] for row in book["Elementos"].iter_rows(min_row=2, values_only=True)}
    assert "Efecto" in kinds and "Outcome" not in kinds


def test_the_export_dialog_offers_each_language_and_its_link_asks_for_it():
    with i18n.using("fr"):
        shown = str(version_modal(3))
    assert "Exporter une autre version" in shown and "español" in shown and "français" in shown
    assert export_href(3, "xlsx", revision=2, language="es") == "/maps/3/export/xlsx?revision=2&lang=es"
