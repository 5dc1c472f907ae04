"""Sessions that end when they should, one-time links under concurrency, rate limits, CSRF: the real app."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD, csrf_from, sign_in
from tocmap.app import create_app
from tocmap.services import account_admin, accounts, invitations, maps
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


# --------------------------------------------------------------------------- rate limits


def from_address(client, address: str):
    """Make the client's requests come from this address."""
    client.environ_base["REMOTE_ADDR"] = address
    return client


def wrong_sign_in(client, email: str = ADMIN_EMAIL, password: str = "not the password 1"):
    return client.post("/signin", data={"email": email, "password": password, "csrf_token": csrf_from(client)})


def test_wrong_passwords_are_limited_per_address_and_per_account_with_a_clear_page(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'tocmap.db'}", limit_signin="5/minute;30/hour")
    guesser = from_address(app.server.test_client(), "203.0.113.7")
    assert [wrong_sign_in(guesser).status_code for _ in range(5)] == [200] * 5
    refused = wrong_sign_in(guesser)
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    page = refused.get_data(as_text=True)
    assert "Too many attempts: wait" in page and "<html" in page
    assert wrong_sign_in(guesser, password=ADMIN_PASSWORD).status_code == 429  # even the right one, for now
    assert wrong_sign_in(guesser, "someone@else.example").status_code == 429  # this address tried too often
    elsewhere = from_address(app.server.test_client(), "198.51.100.9")
    assert wrong_sign_in(elsewhere).status_code == 429  # this account was guessed at too often
    assert wrong_sign_in(elsewhere, "someone@else.example").status_code == 200


def test_successful_sign_ins_are_not_counted(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'tocmap.db'}", limit_signin="3/minute")
    for _ in range(8):
        sign_in(app.server.test_client())


def test_wrong_join_codes_are_limited_and_a_room_joining_together_is_not(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'tocmap.db'}", limit_join="5/minute")
    facilitator = accounts.author_of(accounts.authenticate(app.tocmap_db, ADMIN_EMAIL, ADMIN_PASSWORD))
    code = accounts.open_workshop(app.tocmap_db, 1, facilitator).code
    for n in range(12):  # twelve people behind one address join: only wrong codes count
        person = app.server.test_client()
        page = person.get(f"/join/{code}").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert person.post(f"/join/{code}", data={"name": f"P{n}", "partner": "moh", "csrf_token": token}
                           ).status_code == 302
    guesser = app.server.test_client()
    assert [guesser.get(f"/join/ZZZZ{n:02d}").status_code for n in range(6)] == [404] * 5 + [429]
    assert guesser.get(f"/join/{code}").status_code == 429


def test_one_time_links_and_the_api_are_limited(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'tocmap.db'}", limit_links="4/minute", limit_api="3/minute")
    client = app.server.test_client()
    assert [client.get(f"/reset/guess{n}").status_code for n in range(3)] == [410] * 3
    assert [client.get(f"/invite/guess{n}").status_code for n in range(2)] == [410, 429]  # one count for all links
    assert client.get("/setup/guess").status_code == 429
    user = accounts.authenticate(app.tocmap_db, ADMIN_EMAIL, ADMIN_PASSWORD)
    bearer = {"Authorization": f"Bearer {accounts.create_token(app.tocmap_db, user, 'tests')}"}
    assert [client.get("/api/v1/maps", headers=bearer).status_code for _ in range(4)] == [200] * 3 + [429]
    refused = client.get("/api/v1/maps", headers=bearer)
    assert "Too many attempts" in refused.get_json()["message"] and int(refused.headers["Retry-After"]) >= 1


def test_an_empty_limit_switches_it_off(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'tocmap.db'}", **NO_LIMITS)
    client = app.server.test_client()
    assert {wrong_sign_in(client).status_code for _ in range(40)} == {200}
    assert {client.get(f"/join/ZZZZ{n:02d}").status_code for n in range(40)} == {404}


def test_a_limit_that_does_not_read_as_one_is_refused_at_start_naming_its_variable(tmp_path):
    from tocmap.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="TOCMAP_LIMIT_JOIN must read like 10/minute;30/hour"):
        make_app(f"sqlite:///{tmp_path / 'tocmap.db'}", limit_join="twenty a minute")


@pytest.mark.redis
def test_with_redis_every_process_counts_together(tmp_path):
    import os
    import uuid

    redis_url = os.environ.get("TOCMAP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    url = f"sqlite:///{tmp_path / 'tocmap.db'}"
    first, second = (make_app(url, redis_url=redis_url, limit_signin="4/minute") for _ in range(2))
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    email = f"{uuid.uuid4().hex}@nobody.example"  # new keys: counts left by other runs do not matter
    one, two = (from_address(app.server.test_client(), address) for app in (first, second))
    assert [wrong_sign_in(c, email).status_code for c in (one, two, one, two)] == [200] * 4
    assert wrong_sign_in(one, email).status_code == 429 and wrong_sign_in(two, email).status_code == 429


# --------------------------------------------------------------------------- CSRF


def test_a_bearer_header_does_not_excuse_a_cookie_request_from_the_csrf_check(app):
    client = sign_in(app.server.test_client())
    del client.environ_base["HTTP_X_CSRFTOKEN"]
    for header in ("Bearer x", "Bearer tm_forged", "Bearer "):
        answer = client.post("/_dash-update-component", json=HOME_CALLBACK, headers={"Authorization": header})
        assert answer.status_code == 400 and "CSRF" in answer.get_json()["message"]
    remembered = copy_cookies(client, [REMEMBER_COOKIE])
    answer = remembered.post("/api/v1/maps", json={"title": "Forged"}, headers={"Authorization": "Bearer x"})
    assert answer.status_code == 400
    assert "Forged" not in {m.title for m in maps.list_maps(app.tocmap_db, who=SYSTEM)}


def test_a_real_api_token_without_cookies_needs_no_csrf_token(app):
    user = accounts.authenticate(app.tocmap_db, ADMIN_EMAIL, ADMIN_PASSWORD)
    bearer = {"Authorization": f"Bearer {accounts.create_token(app.tocmap_db, user, 'tests')}"}
    assert app.server.test_client().post("/api/v1/maps", json={"title": "By script"}, headers=bearer).status_code == 201


# --------------------------------------------------------------------------- join codes


def test_an_expired_join_code_gets_a_clear_page_and_the_renewed_code_works(tmp_path, monkeypatch):
    app = make_app(f"sqlite:///{tmp_path / 'tocmap.db'}", join_code_hours=2)
    facilitator = accounts.author_of(accounts.authenticate(app.tocmap_db, ADMIN_EMAIL, ADMIN_PASSWORD))
    clock = {"now": 10**12}
    monkeypatch.setattr("tocmap.services.accounts.now_ms", lambda: clock["now"])
    code = accounts.open_workshop(app.tocmap_db, 1, facilitator).code
    client = app.server.test_client()
    assert client.get(f"/join/{code}").status_code == 200
    clock["now"] += 2 * HOUR_MS
    expired = client.get(f"/join/{code}")
    assert expired.status_code == 404 and "code has expired" in expired.get_data(as_text=True)
    renewed = accounts.renew_workshop_code(app.tocmap_db, 1, facilitator).code
    assert client.get(f"/join/{renewed}").status_code == 200


# --------------------------------------------------------------------------- passwords from the command line


def test_the_cli_refuses_a_weak_password_saying_why_and_takes_a_strong_one(tmp_path, monkeypatch, capsys):
    import io

    from tocmap.cli import main

    monkeypatch.setenv("TOCMAP_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setattr("sys.stdin", io.StringIO("password123\n"))
    assert main(["users", "add", "a@moh.example", "--name", "A", "--password-stdin"]) == 1
    assert "too easy to guess: this is a very common password" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "a@moh.example", "--name", "A", "--password-stdin"]) == 0


# --------------------------------------------------------------------------- live push


def test_a_session_copied_before_sign_out_cannot_follow_a_map_live_after_it(tmp_path):
    import copy
    import urllib.error
    import urllib.parse
    import urllib.request

    from tests.browser.conftest import running_app
    from tests.test_push import Browser

    with running_app(f"sqlite:///{tmp_path / 'push.db'}") as base:
        browser = Browser(base, None)
        browser.opener.open(base + "/signin").read()
        csrf = next(c.value for c in browser.jar if c.name == "_csrf_token")
        form = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": csrf}
        browser.opener.open(base + "/signin", urllib.parse.urlencode(form).encode()).read()
        stream = browser.follow()
        assert stream.response.status == 200
        stream.response.close()
        thief = Browser(base, None)
        for cookie in browser.jar:
            if cookie.name == "session":
                thief.jar.set_cookie(copy.copy(cookie))
        csrf = next(c.value for c in browser.jar if c.name == "_csrf_token")
        browser.opener.open(urllib.request.Request(base + "/signout", data=urllib.parse.urlencode(
            {"csrf_token": csrf}).encode())).read()
        with pytest.raises(urllib.error.HTTPError) as refused:
            thief.follow()
        assert refused.value.code in (401, 403)
