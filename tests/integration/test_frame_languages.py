"""The app's frame in the reader's language: sign-in and account pages, the top bar's language switch,
the administration pages, refusals, and the words handed to the scripts."""

import re

import pytest

from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD, csrf_from, example_app, sign_in
from tocmap import i18n
from tocmap.services import account_admin, accounts
from tocmap.ui import language
from tocmap.ui.rate_limits import wait_words

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


@pytest.fixture
def app(tmp_path):
    return example_app(tmp_path)


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_sign_in_page_speaks_the_browser_language(app):
    page = text(app.server.test_client().get("/signin", headers=FRENCH))
    assert '<html lang="fr" dir="ltr">' in page
    assert "Mot de passe oublié ?" in page and ">Se connecter</button>" in page
    spanish = text(app.server.test_client().get("/join", headers={"Accept-Language": "es"}))
    assert "Unirse a un taller" in spanish and "Código del taller" in spanish


def test_translated_pages_still_escape_what_people_typed(app):
    client = app.server.test_client()
    page = text(client.post("/signin", data={"email": "<b>x</b>@x.org", "password": "no",
                                              "csrf_token": csrf_from(client)}, headers=FRENCH))
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_the_account_page_offers_the_languages_the_interface_speaks(app):
    page = text(sign_in(app.server.test_client()).get("/account", headers=FRENCH))
    offered = re.findall(r'<option value="(\w+)" lang=', page)
    assert offered == list(i18n.available())
    assert "Nom et langue" in page and ">Français</option>" in page


def test_choosing_a_language_in_the_top_bar_saves_it_and_shows_the_page_again_in_it(app):
    client = sign_in(app.server.test_client())
    answer = client.post("/language", data={"language": "es", "csrf_token": csrf_from(client)},
                         headers={"Referer": "http://localhost/account"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/account")
    assert accounts.authenticate(app.tocmap_db, ADMIN_EMAIL, ADMIN_PASSWORD).language == "es"
    page = text(client.get("/account", headers=FRENCH))  # the choice comes before the browser's
    assert '<html lang="es" dir="ltr">' in page and "Nombre e idioma" in page
    layout = client.get("/_dash-layout", headers=FRENCH).get_data(as_text=True)
    assert "Cerrar sesi" in layout and '"value": "fr"' in layout.replace('":"', '": "')


def test_a_language_the_interface_does_not_speak_is_not_saved(app):
    client = sign_in(app.server.test_client())
    client.post("/language", data={"language": "xx", "csrf_token": csrf_from(client)})
    assert accounts.authenticate(app.tocmap_db, ADMIN_EMAIL, ADMIN_PASSWORD).language != "xx"


def test_the_administration_pages_speak_the_reader_language(app):
    client = sign_in(app.server.test_client())
    page = text(client.get("/admin/accounts", headers=FRENCH))
    assert "Refus récents" in page and "<th>Statut</th>" in page
    assert "Rien n&#39;a encore été refusé." in text(client.get("/admin/refusals", headers=FRENCH))


def test_waits_and_refusals_are_in_the_reader_language():
    with i18n.using("fr"):
        assert wait_words(1) == "1 seconde" and wait_words(150) == "3 minutes"
    with i18n.using("es"):
        assert wait_words(45) == "45 segundos"


def test_the_scripts_get_their_words_in_the_reader_language(app):
    assert "Live" in language.script_texts()
    with i18n.using("fr"):
        words = language.script_words()
    assert words["Live"] != "Live"
    client = sign_in(app.server.test_client())
    assert "window.tocmapWords = {" in text(client.get("/", headers=FRENCH))


def test_a_malformed_callback_call_is_refused_in_the_reader_language_and_logged_in_english(app, caplog):
    client = sign_in(app.server.test_client())
    answer = client.post("/_dash-update-component", json=[], headers=FRENCH)
    assert answer.status_code == 400
    assert answer.get_json()["message"].startswith("Refusé : Envoyez l'appel de callback sous forme d'objet JSON.")
    assert "Send a callback call as a JSON object." in caplog.text


def test_the_map_list_and_the_logframe_speak_the_reader_language():
    from tocmap.domain.framework import LEVELS
    from tocmap.domain.model import Element, MapState
    from tocmap.ui import logframe, presenters

    state = MapState(title="m", elements={"a": Element(id="a", kind="actor", label="Ministry")})
    with i18n.using("fr"):
        assert logframe.count_text(2, LEVELS[1]) == "2 effets"
        assert logframe.outside_note(state).startswith("Hors de la chaîne de résultats")
        assert presenters.title_problem(" ") == "Donnez un titre à la carte."
    with i18n.using("es"):
        assert presenters.copy_title("Nuestro mapa") == "Copia de Nuestro mapa"


def test_saving_a_language_on_the_account_page_switches_the_interface_at_once(app):
    client = sign_in(app.server.test_client())
    saved = client.post("/account", data={"form": "profile", "name": "Ada", "language": "fr",
                                          "csrf_token": csrf_from(client)}, follow_redirects=True)
    assert '<html lang="fr" dir="ltr">' in text(saved)
    assert "Votre nom et votre langue sont enregistrés." in text(saved)


def test_an_administrator_action_is_confirmed_in_the_reader_language(app):
    accounts.create_user(app.tocmap_db, "amina@moh.example", "Amina", "a long test password")
    client = sign_in(app.server.test_client())
    amina = next(a.user.id for a in account_admin.accounts(app.tocmap_db, admin_author(app)) if a.user.name == "Amina")
    answer = client.post(f"/admin/accounts/{amina}/disable", data={"csrf_token": csrf_from(client)}, headers=FRENCH)
    assert answer.status_code == 200 and "Amina est désactivé." in text(answer)
    link = client.post(f"/admin/accounts/{amina}/reset-link", data={"csrf_token": csrf_from(client)}, headers=FRENCH)
    assert "/reset/" in text(link) and "Copiez-le et envoyez-le vous-même" in text(link)


def admin_author(app):
    return accounts.author_of(accounts.authenticate(app.tocmap_db, ADMIN_EMAIL, ADMIN_PASSWORD))


def test_a_workshop_guest_switches_language_too(app):
    from tocmap.services.access import SYSTEM

    workshop = accounts.open_workshop(app.tocmap_db, 1, SYSTEM)
    client = app.server.test_client()
    client.post(f"/join/{workshop.code}", data={"name": "Kofi", "partner": "iph", "csrf_token": csrf_from(client)})
    client.post("/language", data={"language": "fr", "csrf_token": csrf_from(client)},
                headers={"Referer": "http://localhost/maps/1"})
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "Se d\\u00e9connecter" in layout or "Se déconnecter" in layout
    assert " (invit" in layout
