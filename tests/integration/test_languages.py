"""Each request in its reader's language: the account's choice, else the browser's, else English."""

from pathlib import Path

import pytest

from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD, example_app, sign_in
from tocmap import i18n
from tocmap.services import accounts
from tocmap.services.account_admin import update_profile

ARABIC = Path(__file__).resolve().parents[1] / "data" / "locales"


@pytest.fixture
def app(tmp_path):
    return example_app(tmp_path)


@pytest.fixture
def arabic():
    i18n.add_catalogues(ARABIC)
    yield
    i18n.remove_catalogues(ARABIC)


def page(client, **headers) -> str:
    return client.get("/", headers=headers).get_data(as_text=True)


def test_the_browser_language_is_used_until_the_reader_chooses_one(app):
    client = sign_in(app.server.test_client())
    assert '<html lang="fr" dir="ltr">' in page(client, **{"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"})
    assert '<html lang="en" dir="ltr">' in page(client, **{"Accept-Language": "de"})  # not offered: English
    admin = accounts.authenticate(app.tocmap_db, ADMIN_EMAIL, ADMIN_PASSWORD)
    update_profile(app.tocmap_db, accounts.author_of(admin), language="es")
    assert '<html lang="es" dir="ltr">' in page(client, **{"Accept-Language": "fr"})


def test_the_top_bar_speaks_the_reader_language(app):
    client = sign_in(app.server.test_client())
    layout = client.get("/_dash-layout", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Se d\\u00e9connecter" in layout or "Se déconnecter" in layout
    assert "Sign out" in client.get("/_dash-layout").get_data(as_text=True)


def test_a_language_an_operator_adds_right_to_left_lays_out_from_the_right(app, arabic):
    client = sign_in(app.server.test_client())
    assert '<html lang="ar" dir="rtl">' in page(client, **{"Accept-Language": "ar"})
    assert "العربية" in i18n.available().values()


def test_the_language_of_one_request_does_not_leak_into_the_next(app):
    client = sign_in(app.server.test_client())
    page(client, **{"Accept-Language": "fr"})
    assert i18n.current() == "en"
    assert '<html lang="en" dir="ltr">' in page(client)
