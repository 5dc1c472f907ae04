"""Sign-in, the gate, CSRF and workshop join, through the real Flask server."""

import pytest

from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD, csrf_from, example_app, sign_in
from tocmap.services import accounts
from tocmap.services.access import SYSTEM

HOME_CALLBACK = {
    "output": "page.children", "outputs": {"id": "page", "property": "children"},
    "inputs": [{"id": "url", "property": "pathname", "value": "/"}], "changedPropIds": ["url.pathname"],
}


@pytest.fixture
def app(tmp_path):
    return example_app(tmp_path)


def test_signed_out_visitors_are_sent_to_sign_in_and_callbacks_refused(app):
    client = app.server.test_client()
    assert client.get("/maps/1").headers["Location"] == "/signin?next=/maps/1"
    assert client.post("/_dash-update-component", json=HOME_CALLBACK).status_code in (400, 401)
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/signin").status_code == 200


def test_signing_in_opens_the_app_and_wrong_passwords_do_not(app):
    client = app.server.test_client()
    page = client.post("/signin", data={"email": ADMIN_EMAIL, "password": "wrong one!", "csrf_token": csrf_from(client)})
    assert "do not match an account" in page.get_data(as_text=True)
    sign_in(client)
    assert client.get("/").status_code == 200
    assert client.post("/_dash-update-component", json=HOME_CALLBACK).status_code == 200


def test_a_callback_posted_without_the_csrf_token_is_refused(app):
    client = sign_in(app.server.test_client())
    del client.environ_base["HTTP_X_CSRFTOKEN"]
    response = client.post("/_dash-update-component", json=HOME_CALLBACK)
    assert response.status_code == 400 and "CSRF" in response.get_json()["message"]


def test_the_csrf_cookie_is_handed_out_once_not_re_signed_on_every_answer(app):
    client = sign_in(app.server.test_client())
    client.get("/")
    answers = [client.post("/_dash-update-component", json=HOME_CALLBACK) for _ in range(3)]
    assert all(a.status_code == 200 and "_csrf_token" not in a.headers.get("Set-Cookie", "") for a in answers)
    client.delete_cookie("_csrf_token")  # a browser that lost it gets a new one with the next answer
    assert "_csrf_token=" in client.get("/").headers.get("Set-Cookie", "")


def test_sign_in_without_the_form_token_is_refused(app):
    response = app.server.test_client().post("/signin", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert response.status_code == 400


def test_sign_in_never_redirects_to_another_site(app):
    client = app.server.test_client()
    response = client.post("/signin?next=//evil.example/x", data={
        "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": csrf_from(client)})
    assert response.headers["Location"] == "/"


def test_signing_out_ends_the_session(app):
    client = sign_in(app.server.test_client())
    client.post("/signout", data={"csrf_token": csrf_from(client)})
    assert client.get("/").status_code == 302


def test_a_participant_joins_a_workshop_with_its_code(app):
    db = app.tocmap_db
    workshop = accounts.open_workshop(db, 1, SYSTEM)
    client = app.server.test_client()
    form = client.get(f"/join/{workshop.code}").get_data(as_text=True)
    assert "Lumora" in form or "Surveillance" in form
    response = client.post(f"/join/{workshop.code}", data={"name": "Kofi Mensah", "partner": "iph",
                                                            "csrf_token": csrf_from(client)})
    assert response.headers["Location"] == "/maps/1"
    assert client.get("/whoami").get_json()["guest"] is True
    assert client.get("/join/NOPE42").status_code == 404
