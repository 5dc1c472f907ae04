"""Limits over HTTP: a clear 413 for requests over the upload size, a 400 for JSON nested too deeply,
and the map limit through the API and the Import form; never a 500, and nothing written."""

from __future__ import annotations

import json

import pytest

from tests.integration.test_api import bearer
from tests.integration.test_exchange_downloads import upload
from tests.integration.test_home_callbacks import Browser
from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD
from tocmap.services import maps
from tocmap.services.access import SYSTEM
from tocmap.ui import ids

UPLOAD_BYTES = 300_000


@pytest.fixture
def app(tmp_path):
    from tocmap.app import create_app
    from tocmap.settings import load_settings

    dash_app = create_app(load_settings(
        database_url=f"sqlite:///{tmp_path / 'tocmap.db'}", load_example=True, admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD, max_upload_bytes=UPLOAD_BYTES, max_json_depth=6, max_elements=40))
    yield dash_app
    dash_app.tocmap_db.dispose()


def revisions(app) -> list[tuple[int, int]]:
    return [(m.id, m.revision) for m in maps.list_maps(app.tocmap_db, include_archived=True, who=SYSTEM)]


def test_the_settings_reach_flask_and_the_services(app):
    assert app.server.config["MAX_CONTENT_LENGTH"] == UPLOAD_BYTES * 4 // 3 + 2**20
    assert app.tocmap_db.limits.elements == 40


def test_a_request_larger_than_an_upload_is_a_413_with_a_clear_message(app):
    client, auth = app.server.test_client(), bearer(app, "ed@x.org", "editor")
    before = revisions(app)
    body = json.dumps({"kind": "outcome", "label": "Big", "description": "x" * (UPLOAD_BYTES * 2 + 2**20)})
    response = client.post("/api/v1/maps/1/elements", headers={**auth, "Content-Type": "application/json"},
                           data=body)
    assert response.status_code == 413
    assert response.get_json()["message"].startswith("The request is too large: files of up to 293 KB")
    callback = Browser(app).client.post("/_dash-update-component", data=body, content_type="application/json")
    assert callback.status_code == 413 and "too large" in callback.get_json()["message"]
    assert revisions(app) == before


def test_json_nested_deeper_than_the_limit_is_a_400_naming_the_limit(app):
    client, auth = app.server.test_client(), bearer(app, "ed@x.org", "editor")
    before = revisions(app)
    deep = {"kind": "outcome", "label": "Deep", "custom": {"a": [[[[["x"]]]]]}}
    response = client.post("/api/v1/maps/1/elements", headers=auth, json=deep)
    assert response.status_code == 400 and "more than 6 deep" in response.get_json()["message"]
    abyss = '{"label": ' + "[" * 100_000 + "]" * 100_000 + "}"  # deeper than the JSON parser goes
    response = client.post("/api/v1/maps/1/elements", headers={**auth, "Content-Type": "application/json"},
                           data=abyss)
    assert response.status_code == 400 and "more than 6 deep" in response.get_json()["message"]
    assert revisions(app) == before


def test_the_api_refuses_an_element_past_the_map_limit_and_writes_nothing(app):
    client, auth = app.server.test_client(), bearer(app, "ed@x.org", "editor")
    state = client.get("/api/v1/maps/1", headers=auth).get_json()
    room = 40 - len(state["elements"])
    for n in range(room):
        assert client.post("/api/v1/maps/1/elements", headers=auth,
                           json={"kind": "outcome", "label": f"Room {n}"}).status_code == 201
    before = revisions(app)
    response = client.post("/api/v1/maps/1/elements", headers=auth, json={"kind": "outcome", "label": "One more"})
    assert response.status_code == 400
    assert response.get_json()["message"] == "A map may hold at most 40 elements; this change would leave it with 41."
    assert revisions(app) == before


def test_the_import_form_refuses_a_file_over_the_upload_limit_with_a_message(app):
    csv = b"Label,Type\n" + b"Outcome of many words,Outcome\n" * (UPLOAD_BYTES // 28 + 10)
    before = revisions(app)
    status, props = Browser(app).call("do_import", f"{ids.IMPORT_CONFIRM}.n_clicks", **{
        f"{ids.IMPORT_CONFIRM}.n_clicks": 1, f"{ids.IMPORT_UPLOAD}.contents": upload(csv),
        f"{ids.IMPORT_UPLOAD}.filename": "big.csv", f"{ids.IMPORT_FORMAT}.value": "",
        f"{ids.IMPORT_INTO}.value": ""})
    assert status == 200 and "big.csv is larger than" in json.dumps(props[f"{ids.IMPORT_ALERT}.children"])
    assert revisions(app) == before


def test_the_import_form_refuses_a_map_past_the_limit(app):
    csv = b"Label,Type\n" + b"".join(b"Outcome %d,Outcome\n" % i for i in range(41))
    before = revisions(app)
    status, props = Browser(app).call("do_import", f"{ids.IMPORT_CONFIRM}.n_clicks", **{
        f"{ids.IMPORT_CONFIRM}.n_clicks": 1, f"{ids.IMPORT_UPLOAD}.contents": upload(csv),
        f"{ids.IMPORT_UPLOAD}.filename": "many.csv", f"{ids.IMPORT_FORMAT}.value": "",
        f"{ids.IMPORT_INTO}.value": ""})
    assert status == 200 and "at most 40 elements" in json.dumps(props[f"{ids.IMPORT_ALERT}.children"])
    assert revisions(app) == before


def test_the_import_form_states_the_instance_limits():
    from tocmap.domain.limits import Limits
    from tocmap.ui.exchange_ui import import_modal

    shown = json.dumps(import_modal(Limits(upload_bytes=300_000, import_elements=40)).to_plotly_json(),
                       default=lambda c: c.to_plotly_json())
    assert "Up to 293 KB and 40 elements." in shown
