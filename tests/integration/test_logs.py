"""What an operator sees: a log line for each refusal, failed import, crash and slow request, with the request
id the person also sees; the recent refusals kept in the database and listed for administrators."""

from __future__ import annotations

import logging
import time

import pytest

from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD, post_callback, signed_in
from tocmap import logs
from tocmap.app import create_app
from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.services import accounts, exchange, maps, refusals
from tocmap.services.access import SYSTEM
from tocmap.settings import load_settings

PASSWORD = "a long test password"


def make_app(tmp_path, **settings):
    app = create_app(load_settings(database_url=f"sqlite:///{tmp_path / 'tocmap.db'}", load_example=True,
                                   admin_email=ADMIN_EMAIL, admin_password=ADMIN_PASSWORD, **settings))
    accounts.create_user(app.tocmap_db, "vera@x.org", "Vera", PASSWORD)
    accounts.set_member(app.tocmap_db, 1, "vera@x.org", "viewer", "moh", SYSTEM)
    return app


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


def token_of(app, email=ADMIN_EMAIL, password=ADMIN_PASSWORD) -> dict:
    user = accounts.authenticate(app.tocmap_db, email, password)
    return {"Authorization": f"Bearer {accounts.create_token(app.tocmap_db, user, 'logs')}"}


def lines(caplog, start: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("tocmap") and r.getMessage().startswith(start)]


def test_a_refused_api_request_is_logged_and_kept_although_its_transaction_rolled_back(app, caplog):
    caplog.set_level(logging.INFO, logger="tocmap")
    forged = {"change": {"op": "update_element", "id": "oc-1", "set": {"agreed_by": ["iph"]}}}
    response = app.server.test_client().post("/api/v1/maps/1/changes", json=forged,
                                             headers=token_of(app, "vera@x.org", PASSWORD))
    assert response.status_code == 403
    request_id = response.headers["X-Request-Id"]
    [line] = lines(caplog, "refused")
    assert f"request={request_id}" in line and "what=POST /api/v1/maps/1/changes" in line
    assert "who=an API token" in line and "may not" in line
    [kept] = refusals.recent(app.tocmap_db, accounts.author_of(accounts.authenticate(app.tocmap_db, ADMIN_EMAIL,
                                                                                       ADMIN_PASSWORD)))
    assert (kept.what, kept.request_id) == ("POST /api/v1/maps/1/changes", request_id) and "may not" in kept.why
    assert maps.list_maps(app.tocmap_db, who=SYSTEM)[0].revision == 1  # the refused change itself left nothing


def test_a_refused_callback_and_a_malformed_one_are_logged_with_who_and_what(app, caplog):
    caplog.set_level(logging.INFO, logger="tocmap")
    client = signed_in(app, "vera@x.org", PASSWORD)
    meta = {"map_id": 1, "partnership_id": "ps", "revision": 1, "partner": None}
    status, _ = post_callback(client, app, "start_thread", ["comment-send.n_clicks"],
                              {"comment-send.n_clicks": 1, "comment-text.value": "", "editor-map.data": meta})
    assert status == 200
    status, _ = post_callback(client, app, "start_thread", ["comment-send.n_clicks"],
                              {"comment-send.n_clicks": 1, "comment-text.value": "Hi", "editor-map.data": {}})
    assert status == 400
    found = lines(caplog, "refused")
    assert len(found) == 2 and all("who=vera@x.org" in line and "what=callback" in line for line in found)
    assert "editor-map.data must be an object with the map id" in found[1]


def test_a_crash_is_logged_with_its_traceback_and_the_person_sees_the_request_id(app, caplog, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(maps, "list_maps", broken)
    response = app.server.test_client().get("/api/v1/maps", headers=token_of(app))
    assert response.status_code == 500
    request_id = response.headers["X-Request-Id"]
    assert request_id in response.get_json()["message"] and response.get_json()["request_id"] == request_id
    [record] = [r for r in caplog.records if r.getMessage().startswith("crash")]
    assert record.levelno == logging.ERROR and f"request={request_id}" in record.getMessage()
    assert record.exc_info and "a bug" in str(record.exc_info[1])
    assert len([r for r in caplog.records if r.exc_info]) == 1  # one traceback, not Flask's and ours


def test_a_crashing_callback_shows_a_message_with_the_request_id(app, caplog, monkeypatch):
    from tocmap.services import comments

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in comments")

    monkeypatch.setattr(comments, "start_thread", broken)
    client = signed_in(app)
    meta = {"map_id": 1, "partnership_id": "ps", "revision": 1, "partner": None}
    status, body = post_callback(client, app, "start_thread", ["comment-send.n_clicks"],
                                 {"comment-send.n_clicks": 1, "comment-text.value": "Hello", "editor-map.data": meta})
    [line] = lines(caplog, "crash")
    request_id = line.split("request=")[1].split()[0]
    assert status == 200 and "went wrong on our side" in body and request_id in body


def test_a_request_sent_with_its_own_id_keeps_it(app):
    response = app.server.test_client().get("/api/v1/maps", headers={"X-Request-Id": "proxy-42"})
    assert response.headers["X-Request-Id"] == "proxy-42"
    forged = app.server.test_client().get("/api/v1/maps", headers={"X-Request-Id": "bad id; with spaces"})
    assert forged.headers["X-Request-Id"] != "bad id; with spaces" and len(forged.headers["X-Request-Id"]) == 16


def test_a_slow_request_is_logged_from_the_setting_on(tmp_path, caplog, monkeypatch):
    app = make_app(tmp_path, slow_request_ms=20)
    plain = maps.list_maps

    def slow(*args, **kwargs):
        time.sleep(0.05)
        return plain(*args, **kwargs)

    monkeypatch.setattr(maps, "list_maps", slow)
    response = app.server.test_client().get("/api/v1/maps", headers=token_of(app))
    [line] = lines(caplog, "slow")
    assert f"request={response.headers['X-Request-Id']}" in line and "what=GET /api/v1/maps" in line
    assert int(line.split("ms=")[1].split()[0]) >= 50


def test_a_failed_import_is_logged_with_the_file_and_why(app, caplog):
    with pytest.raises(InvalidInput):
        exchange.import_file(app.tocmap_db, b"{not json", "json", SYSTEM, filename="broken.json")
    [line] = lines(caplog, "import failed")
    assert "file=broken.json" in line and "format=json" in line and "who=tocmap" in line


def test_only_the_most_recent_refusals_are_kept(tmp_path):
    app = make_app(tmp_path, refusals_kept=3)
    client = app.server.test_client()
    sent = [client.get(f"/api/v1/maps/{n}", headers={"X-Request-Id": f"req-{n}"}) for n in range(5)]
    assert all(r.status_code == 401 for r in sent)
    admin = accounts.author_of(accounts.authenticate(app.tocmap_db, ADMIN_EMAIL, ADMIN_PASSWORD))
    assert [r.request_id for r in refusals.recent(app.tocmap_db, admin)] == ["req-4", "req-3", "req-2"]


def test_administrators_read_the_recent_refusals_and_nobody_else_does(app):
    app.server.test_client().post("/api/v1/maps/1/comments", json={"text": 5}, headers=token_of(app))
    page = signed_in(app).get("/admin/refusals")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "POST /api/v1/maps/1/comments" in text and "text" in text
    refused = signed_in(app, "vera@x.org", PASSWORD).get("/admin/refusals")
    assert refused.status_code == 403 and "Only administrators" in refused.get_data(as_text=True)
    assert "POST /api/v1/maps/1/comments" not in refused.get_data(as_text=True)


def test_under_gunicorn_the_lines_go_to_its_error_log():
    gunicorn = logging.getLogger("gunicorn.error")
    handler = logging.NullHandler()
    saved = (list(logs.LOG.handlers), logs.LOG.level, logs.LOG.propagate)
    gunicorn.addHandler(handler)
    try:
        logs.configure()
        assert logs.LOG.handlers == [handler] and not logs.LOG.propagate
    finally:
        gunicorn.removeHandler(handler)
        logs.LOG.handlers, logs.LOG.propagate = saved[0], saved[2]
        logs.LOG.setLevel(saved[1])


def test_the_refusals_table_keeps_the_newest_on_sqlite_and_postgresql(real_db):
    from tocmap.domain.people import Refusal

    refusals.record(real_db, [Refusal(n, "who", f"what {n}", "why", f"r{n}") for n in range(5)], keep=2)
    refusals.record(real_db, [Refusal(9, "who", "what 9", "why", "r9")], keep=2)
    admin = accounts.author_of(accounts.create_user(real_db, "boss@x.org", "Boss", PASSWORD, is_admin=True))
    assert [r.what for r in refusals.recent(real_db, admin)] == ["what 9", "what 4"]
    with pytest.raises(PermissionDenied, match="Only administrators"):
        refusals.recent(real_db, accounts.author_of(accounts.create_user(real_db, "x@x.org", "X", PASSWORD)))


def test_a_request_refused_outside_the_services_is_logged_from_its_answer(app, caplog):
    caplog.set_level(logging.INFO, logger="tocmap")
    client = signed_in(app, "vera@x.org", PASSWORD)
    client.environ_base.pop("HTTP_X_CSRFTOKEN")  # a forged request from another site carries no CSRF token
    response = client.post("/api/v1/maps", json={"title": "Forged"})
    assert response.status_code == 400
    [line] = lines(caplog, "refused")
    assert "what=POST /api/v1/maps" in line and "who=vera@x.org" in line and "CSRF" in line
    assert f"request={response.headers['X-Request-Id']}" in line
    assert client.get("/nowhere").status_code < 400 and len(lines(caplog, "refused")) == 1  # the app shows a page
