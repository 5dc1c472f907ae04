"""Sessions that end when they should, one-time links under concurrency, rate limits, CSRF: the real app."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD, csrf_from, sign_in
from tocmap.app import create_app
from tocmap.services import account_admin, accounts, invitations
from tocmap.services.access import SYSTEM
from tocmap.settings import load_settings
from tocmap.ui.auth import REMEMBER_COOKIE

HOUR_MS = 3600 * 1000
PASSWORD = "plum kettle orbit lantern"
NO_LIMITS = {"limit_signin": "", "limit_join": "", "limit_links": "", "limit_api": ""}
HOME_CALLBACK = {
    "output": "page.children", "outputs": {"id": "page", "property": "children"},
    "inputs": [{"id": "url", "property": "pathname", "value": "/"}], "changedPropIds": ["url.pathname"],
}


def make_app(database_url: str, *, admin: bool = True, example: bool = True, **settings):
    """A real app on this database, with the administrator unless ``admin`` is False."""
    credentials = {"admin_email": ADMIN_EMAIL, "admin_password": ADMIN_PASSWORD} if admin else {}
    return create_app(load_settings(database_url=database_url, load_example=example, **credentials, **settings))


@pytest.fixture
def app(tmp_path):
    return make_app(f"sqlite:///{tmp_path / 'tocmap.db'}")


def url_of(real_db) -> str:
    return real_db.url.render_as_string(hide_password=False)


def copy_cookies(source, names=("session", REMEMBER_COOKIE)):
    """A new client of the same app holding copies of these cookies: a thief's browser."""
    thief = source.application.test_client()
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def alive(client) -> bool:
    """Whether the client is signed in (a signed-out one is sent to the sign-in page)."""
    return client.get("/whoami").status_code == 200


def set_cookie_headers(response) -> dict[str, str]:
    """Each cookie a response sets, by name, with its attributes."""
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


# --------------------------------------------------------------------------- sessions


def test_sessions_and_remember_tokens_copied_before_sign_out_fail_after_it(app):
    browser = sign_in(app.server.test_client())
    session_copy, remember_copy = copy_cookies(browser, ["session"]), copy_cookies(browser, [REMEMBER_COOKIE])
    assert alive(session_copy)
    other_device = sign_in(app.server.test_client())
    browser.post("/signout")
    assert not alive(browser)
    assert not alive(session_copy)
    assert not alive(remember_copy)
    assert not alive(other_device)  # sign-out ends every session of the account
    assert remember_copy.get_cookie(REMEMBER_COOKIE) is None  # the dead token is deleted from the browser


def test_the_remember_token_signs_in_again_once_and_is_replaced_each_time(app):
    browser = sign_in(app.server.test_client())
    first = browser.get_cookie(REMEMBER_COOKIE).value
    assert first != sign_in(app.server.test_client()).get_cookie(REMEMBER_COOKIE).value  # new at each sign-in
    restarted = copy_cookies(browser, [REMEMBER_COOKIE])  # the browser closed: only the remember cookie is left
    assert restarted.get("/whoami").get_json()["email"] == ADMIN_EMAIL
    second = restarted.get_cookie(REMEMBER_COOKIE).value
    assert second != first
    assert not alive(copy_cookies(browser, [REMEMBER_COOKIE]))  # the old one is spent
    assert alive(copy_cookies(restarted, [REMEMBER_COOKIE]))


def test_a_password_change_ends_every_other_session_and_keeps_this_one(app):
    browser = sign_in(app.server.test_client())
    stolen = copy_cookies(browser)
    other_device = sign_in(app.server.test_client())
    answer = browser.post("/account", data={"form": "password", "current": ADMIN_PASSWORD, "password": PASSWORD,
                                            "csrf_token": csrf_from(browser)})
    assert answer.status_code == 302 and "done=password" in answer.headers["Location"]
    assert alive(browser)
    assert not alive(stolen) and not alive(other_device)
    assert alive(copy_cookies(browser, [REMEMBER_COOKIE]))  # its new token works


def test_a_password_reset_and_disabling_an_account_end_its_sessions(app):
    db = app.tocmap_db
    user = accounts.create_user(db, "amina@moh.example", "Amina Diallo", PASSWORD)
    browser = sign_in(app.server.test_client(), "amina@moh.example", PASSWORD)
    stolen = copy_cookies(browser)
    admin = accounts.author_of(accounts.authenticate(db, ADMIN_EMAIL, ADMIN_PASSWORD))
    token = account_admin.reset_link(db, user.id, admin, base_url="http://x").rsplit("/", 1)[1]
    account_admin.reset_password(db, token, "copper meadow violin 7")
    assert not alive(browser) and not alive(stolen)

    browser = sign_in(app.server.test_client(), "amina@moh.example", "copper meadow violin 7")
    stolen = copy_cookies(browser, [REMEMBER_COOKIE])
    account_admin.set_disabled(db, user.id, True, admin)
    account_admin.set_disabled(db, user.id, False, admin)  # enabled again: the old sessions stay ended
    assert not alive(browser) and not alive(stolen)


def test_every_session_cookie_is_http_only_and_same_site_lax_and_secure_when_set(tmp_path):
    for secure in (False, True):
        app = make_app(f"sqlite:///{tmp_path / f'{secure}.db'}", secure_cookies=secure)
        client = app.server.test_client()
        client.get("/signin")
        answer = client.post("/signin", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD,
                                              "csrf_token": csrf_from(client)})
        cookies = set_cookie_headers(answer)
        assert {"session", REMEMBER_COOKIE} <= set(cookies)
        for name in ("session", REMEMBER_COOKIE):
            assert "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name], cookies[name]
            assert ("Secure" in cookies[name]) is secure
        csrf = set_cookie_headers(client.get("/"))
        for header in csrf.values():  # the CSRF cookie: the Dash renderer reads it, so it is not HttpOnly
            assert "SameSite=Lax" in header


def test_sessions_end_after_the_idle_time_and_after_the_absolute_time(tmp_path, monkeypatch):
    app = make_app(f"sqlite:///{tmp_path / 'tocmap.db'}", session_idle_minutes=60, session_max_hours=5)
    clock = {"now": 1_000_000_000_000}
    monkeypatch.setattr("tocmap.ui.auth.now_ms", lambda: clock["now"])
    monkeypatch.setattr("tocmap.services.accounts.now_ms", lambda: clock["now"])
    browser = sign_in(app.server.test_client())
    clock["now"] += 59 * 60 * 1000
    assert alive(browser)
    clock["now"] += 61 * 60 * 1000  # idle for 61 minutes: the session and the remember token both ended
    assert not alive(browser)

    browser = sign_in(app.server.test_client())
    for _ in range(9):  # active every 30 minutes, 4.5 hours in all
        clock["now"] += 30 * 60 * 1000
        assert alive(browser)
    clock["now"] += 31 * 60 * 1000  # five hours after signing in
    assert not alive(browser)
    assert not alive(copy_cookies(browser, [REMEMBER_COOKIE]))


# --------------------------------------------------------------------------- one-time links, 16 at once


def fire_at_once(clients, post) -> list[int]:
    """Run ``post(client)`` on every client at the same moment; their status codes."""
    start = threading.Barrier(len(clients))

    def one(client):
        start.wait()
        return post(client)

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(one, clients))


def form_clients(app, path: str, count: int = 16):
    """Clients that each opened the form at ``path`` (they hold its CSRF token)."""
    clients = []
    for _ in range(count):
        client = app.server.test_client()
        page = client.get(path).get_data(as_text=True)
        clients.append((client, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)))
    return clients


def test_a_set_up_link_fired_16_times_at_once_creates_exactly_one_administrator(real_db):
    app = make_app(url_of(real_db), admin=False, example=False, **NO_LIMITS)
    token = accounts.setup_token(app.tocmap_db)
    clients = form_clients(app, f"/setup/{token}")
    codes = fire_at_once(clients, lambda c: c[0].post(f"/setup/{token}", data={
        "csrf_token": c[1], "name": "Admin", "email": f"admin{id(c)}@moh.example", "password": PASSWORD,
    }).status_code)
    assert codes.count(302) == 1 and codes.count(200) == 15, codes
    assert sum(1 for u in _users(app) if u.is_admin) == 1


def test_an_invitation_link_fired_16_times_at_once_is_accepted_exactly_once(real_db):
    app = make_app(url_of(real_db), **NO_LIMITS)
    db = app.tocmap_db
    invitation = invitations.invite(db, 1, "kofi@unicef.example", "editor", None, SYSTEM, base_url="http://x")
    token = invitation.link.rsplit("/", 1)[1]
    clients = form_clients(app, f"/invite/{token}")
    codes = fire_at_once(clients, lambda c: c[0].post(f"/invite/{token}", data={
        "csrf_token": c[1], "name": "Kofi", "password": PASSWORD}).status_code)
    assert codes.count(302) == 1 and all(code in (200, 410) for code in codes if code != 302), codes
    assert sum(1 for u in _users(app) if u.email == "kofi@unicef.example") == 1


def test_a_password_reset_link_fired_16_times_at_once_sets_exactly_one_password(real_db):
    app = make_app(url_of(real_db), **NO_LIMITS)
    db = app.tocmap_db
    user = accounts.create_user(db, "amina@moh.example", "Amina Diallo", PASSWORD)
    admin = accounts.author_of(accounts.authenticate(db, ADMIN_EMAIL, ADMIN_PASSWORD))
    token = account_admin.reset_link(db, user.id, admin, base_url="http://x").rsplit("/", 1)[1]
    clients = form_clients(app, f"/reset/{token}")
    passwords = [f"copper meadow violin {n}" for n in range(16)]
    codes = fire_at_once(list(zip(clients, passwords)), lambda c: c[0][0].post(f"/reset/{token}", data={
        "csrf_token": c[0][1], "password": c[1]}).status_code)
    assert codes.count(302) == 1, codes
    winner = passwords[codes.index(302)]
    assert accounts.authenticate(db, "amina@moh.example", winner).id == user.id
    assert all(code in (200, 410) for code in codes if code != 302)


def _users(app):
    with app.tocmap_db.store() as store:
        return store.users()
