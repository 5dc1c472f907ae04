"""The pages beside the editor answer in the reader's language: French for a French browser, Spanish for a Spanish one.

Each page and callback is POSTed as the Dash renderer would, with the browser's Accept-Language; the words a
participant reads (headings, buttons, table headers, messages) and the dates are the reader's, not English.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.web import example_app, post_callback, shown_text, signed_in
from tocmap import i18n
from tocmap.services import accounts, foundations, health
from tocmap.services.access import SYSTEM
from tocmap.ui import ids

MAP = 1
PASSWORD = "a long test password"
FACILITATOR = "fac@x.org"


@pytest.fixture
def app(tmp_path):
    dash_app = example_app(tmp_path)
    db = dash_app.tocmap_db
    accounts.create_user(db, FACILITATOR, "Fac", PASSWORD)
    accounts.set_member(db, MAP, FACILITATOR, "facilitator", "moh", SYSTEM)
    yield dash_app
    db.dispose()


def run(app, language: str, callback: str, changed: list[str], values: dict, patterns: dict | None = None) -> str:
    """POST one callback as the facilitator whose browser asks for ``language``; the text it shows."""
    client = signed_in(app, FACILITATOR, PASSWORD)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    status, body = post_callback(client, app, callback, changed, values, patterns)
    assert status == 200, body[:500]
    return shown_text(body)


def facilitator(app):
    with app.tocmap_db.store() as store:
        return accounts.author_of(store.user_by_email(FACILITATOR))


def page(app, language: str, path: str) -> str:
    return run(app, language, "show_page", [f"{ids.URL}.pathname"], {f"{ids.URL}.pathname": path})


@pytest.mark.parametrize(("path", "french", "english"), [
    ("/", "Nouvelle carte", "New map"),
    ("/", "Afficher les archives", "Show archived"),
    (f"/maps/{MAP}/framework", "Cibles et réalisations", "Targets and actuals"),
    (f"/maps/{MAP}/framework", "Moyens de vérification", "Means of verification"),
    (f"/maps/{MAP}/health", "Lancer le cycle", "Start the round"),
    (f"/maps/{MAP}/health", "Points de revue", "Review points"),
    (f"/maps/{MAP}/foundations", "Objectif commun", "Joint purpose"),
    (f"/maps/{MAP}/foundations", "Ouvrir un exercice FFOM", "Open a SWOT exercise"),
    (f"/maps/{MAP}/setup", "Fusionner deux partenaires", "Merge two partners"),
    (f"/maps/{MAP}/learning", "Journal d'apprentissage", "Learning log"),
    (f"/maps/{MAP}/actions", "Soumettre une décision aux partenaires", "Put a decision to the partners"),
    (f"/maps/{MAP}/journey", "Ajouter une étape", "Add a stage"),
    ("/actions", "Abonnement d'agenda", "Calendar feed"),
])
def test_each_page_reads_in_french_for_a_french_browser(app, path, french, english):
    shown = page(app, "fr-FR,fr;q=0.9", path)
    assert french in shown and english not in shown
    assert english in page(app, "en", path)


def test_the_framework_dates_its_status_the_french_way(app):
    with i18n.using("fr"):
        today = i18n.format_date(dt.date.today())
    assert f"statut au {today}" in page(app, "fr", f"/maps/{MAP}/framework")


def test_the_framework_revision_badge_follows_the_reader(app):
    values = {f"{ids.FW_MAP}.data": {"map_id": MAP, "partnership_id": "p", "revision": 7}}
    assert run(app, "fr", "show_revision", [f"{ids.FW_MAP}.data"], values) == "Révision 7"
    assert run(app, "es", "show_revision", [f"{ids.FW_MAP}.data"], values) == "Revisión 7"


def test_starting_a_health_round_is_confirmed_in_french(app):
    shown = run(app, "fr", "start_round", [f"{ids.HC_START}.n_clicks"],
                {f"{ids.HC_START}.n_clicks": 1, f"{ids.HC_START_TITLE}.value": "Atelier de mars",
                 f"{ids.HC_START_DIMS}.value": ["trust", "mutuality", "communication"],
                 f"{ids.HC_MAP}.data": {"map_id": MAP}, f"{ids.HC_CUSTOM}.data": []})
    assert "«\u00a0Atelier de mars\u00a0» lancé" in shown and "ouvert aux réponses" in shown
    assert "Started" not in shown


def test_an_open_health_round_asks_for_answers_in_spanish(app):
    round_id = health.start_round(app.tocmap_db, MAP, "Marzo", ["trust", "mutuality", "communication"],
                                  facilitator(app)).id
    shown = run(app, "es", "show_round", [f"{ids.HC_ROUND}.value"],
                {f"{ids.HC_ROUND}.value": round_id, f"{ids.HC_VERSION}.data": 0, f"{ids.HC_MAP}.data": {"map_id": MAP}})
    assert "Guardar mi respuesta" in shown and "Revelar las respuestas" in shown
    assert "Save my answer" not in shown


def test_adding_a_principle_is_confirmed_in_french(app):
    values = {f"{ids.FD_PRINCIPLE_ADD}.n_clicks": 1, f"{ids.FD_PRINCIPLE_TEXT}.value": "Décider ensemble",
              f"{ids.FD_MAP}.data": {"map_id": MAP}, f"{ids.FD_VERSION}.data": 0}
    assert "Principe ajouté." in run(app, "fr", "edit_foundations", [f"{ids.FD_PRINCIPLE_ADD}.n_clicks"], values)


def test_a_principle_s_status_and_buttons_read_in_spanish(app):
    foundations.add_principle(app.tocmap_db, MAP, "Decidir juntos", facilitator(app))
    shown = run(app, "es", "show_foundations", [f"{ids.FD_VERSION}.data"],
                {f"{ids.FD_VERSION}.data": 0, f"{ids.FD_MAP}.data": {"map_id": MAP}})
    assert "Propuesto" in shown and "Acordar" in shown and "Cuestionar" in shown
    assert "Proposed" not in shown and "Dispute" not in shown


def test_archiving_a_map_asks_in_spanish(app):
    pressed = {"type": ids.HOME_MENU_ARCHIVE, "index": MAP}
    shown = run(app, "es", "ask_archive", [f'{{"index":{MAP},"type":"{ids.HOME_MENU_ARCHIVE}"}}.n_clicks'], {},
                {ids.HOME_MENU_ARCHIVE: [(pressed, 1)]})
    assert "¿Archivar “" in shown and "Mostrar archivados" in shown


def test_the_framework_reads_the_map_in_the_readers_language_marking_what_is_not_translated(app):
    from tocmap.services import maps, translations

    *_info, state = maps.get_map(app.tocmap_db, MAP, who=SYSTEM)
    outcome = next(e for e in state.elements.values() if e.kind == "outcome")
    translations.translate(app.tocmap_db, MAP, "element", outcome.id, "fr", "label", "Des données pour décider",
                           facilitator(app))
    shown = page(app, "fr", f"/maps/{MAP}/framework")
    assert "Des données pour décider" in shown and outcome.label not in shown
    assert "affichés en anglais : pas encore de traduction" in shown, "an untranslated narrative says it is English"
    english = page(app, "en", f"/maps/{MAP}/framework")
    assert outcome.label in english and "no translation yet" not in english
