"""The JSON API: tokens, the same permission and conflict rules as the app."""

import pytest

from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD, example_app, sign_in
from tocmap.services import accounts
from tocmap.services.access import SYSTEM

PASSWORD = "a long test password"


@pytest.fixture
def app(tmp_path):
    return example_app(tmp_path)


def bearer(app, email: str, role: str | None, partner: str | None = "moh") -> dict:
    db = app.tocmap_db
    user = accounts.create_user(db, email, email.split("@")[0].title(), PASSWORD)
    if role:
        accounts.set_member(db, 1, email, role, partner, SYSTEM)
    return {"Authorization": f"Bearer {accounts.create_token(db, user, 'tests')}"}


def test_a_token_lists_only_the_maps_of_its_user(app):
    client = app.server.test_client()
    assert [m["id"] for m in client.get("/api/v1/maps", headers=bearer(app, "ed@x.org", "editor")).get_json()] == [1]
    assert client.get("/api/v1/maps", headers=bearer(app, "out@x.org", None)).get_json() == []
    assert client.get("/api/v1/maps").status_code == 401
    assert client.get("/api/v1/maps", headers={"Authorization": "Bearer tm_forged"}).status_code == 401


def test_an_editor_adds_updates_and_removes_elements(app):
    client, auth = app.server.test_client(), bearer(app, "ed@x.org", "editor")
    added = client.post("/api/v1/maps/1/elements", headers=auth, json={"id": "oc-new", "kind": "outcome",
                                                                        "label": "Districts publish data"})
    assert added.status_code == 201
    element = client.get("/api/v1/maps/1/elements/oc-new", headers=auth).get_json()
    assert element["label"] == "Districts publish data" and element["proposed_by"] is None
    assert client.patch("/api/v1/maps/1/elements/oc-new", headers=auth, json={"label": "Sharper"}).status_code == 201
    history = client.get("/api/v1/maps/1/history?limit=1", headers=auth).get_json()
    assert history[0]["user"] == "Ed" and history[0]["partner"] == "moh"
    assert client.delete("/api/v1/maps/1/elements/oc-new", headers=auth).status_code == 201
    assert client.get("/api/v1/maps/1/elements/oc-new", headers=auth).status_code == 404


def test_the_same_field_from_the_same_base_gets_409_naming_the_value(app):
    client, auth = app.server.test_client(), bearer(app, "ed@x.org", "editor")
    base = client.get("/api/v1/maps/1", headers=auth).get_json()["revision"]
    first = client.patch("/api/v1/maps/1/elements/oc-1", headers=auth, json={"label": "First", "base_revision": base})
    second = client.patch("/api/v1/maps/1/elements/oc-1", headers=auth,
                          json={"label": "Second", "base_revision": base})
    assert first.status_code == 201 and second.status_code == 409
    assert second.get_json()["conflicts"][0]["current"] == "First"


def test_a_viewer_is_refused_and_nothing_changes(app):
    client, auth = app.server.test_client(), bearer(app, "view@x.org", "viewer")
    before = client.get("/api/v1/maps/1", headers=auth).get_json()["revision"]
    refused = client.post("/api/v1/maps/1/elements", headers=auth, json={"kind": "outcome", "label": "Sneaky"})
    assert refused.status_code == 403 and "Viewers" in refused.get_json()["message"]
    assert client.get("/api/v1/maps/1", headers=auth).get_json()["revision"] == before


def test_bad_input_gets_a_clear_400(app):
    client, auth = app.server.test_client(), bearer(app, "ed@x.org", "editor")
    assert client.post("/api/v1/maps/1/elements", headers=auth, json={"kind": "outcome", "label": ""}).status_code == 400
    assert client.post("/api/v1/maps/1/changes", headers=auth, json={"change": {"op": "explode"}}).status_code == 400
    assert client.post("/api/v1/maps/1/elements", headers=auth, data="not json").status_code == 400


def test_session_requests_need_the_csrf_token(app):
    client = sign_in(app.server.test_client())
    assert client.post("/api/v1/maps", json={"title": "From the session"}).status_code == 201
    del client.environ_base["HTTP_X_CSRFTOKEN"]
    assert client.post("/api/v1/maps", json={"title": "Forged"}).status_code == 400


def test_a_signed_in_user_makes_a_token(app):
    client = sign_in(app.server.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD)
    token = client.post("/api/v1/tokens", json={"name": "MEL system"}).get_json()["token"]
    me = app.server.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert me["email"] == ADMIN_EMAIL


def test_comment_threads_through_the_api(app):
    client = app.server.test_client()
    ed, viewer, out = bearer(app, "ed@x.org", "editor"), bearer(app, "vi@x.org", "viewer", "iph"), bearer(
        app, "out@x.org", None)
    started = client.post("/api/v1/maps/1/comments", headers=ed,
                          json={"subject_kind": "element", "subject_id": "oc-1", "text": "Is this realistic?"})
    assert started.status_code == 201
    thread = started.get_json()
    assert thread["open"] and thread["comments"][0]["author"] == "Ed" and thread["comments"][0]["partner"] == "moh"
    replied = client.post(f"/api/v1/maps/1/comments/{thread['id']}/replies", headers=viewer, json={"text": "Yes."})
    assert [c["partner"] for c in replied.get_json()["comments"]] == ["moh", "iph"]
    resolved = client.post(f"/api/v1/maps/1/comments/{thread['id']}/resolve", headers=viewer, json={})
    assert resolved.status_code == 200 and resolved.get_json()["resolved_by"] == "Vi"
    listed = client.get("/api/v1/maps/1/comments?subject_kind=element&subject_id=oc-1", headers=ed).get_json()
    assert [t["id"] for t in listed] == [thread["id"]] and not listed[0]["open"]
    assert client.post("/api/v1/maps/1/comments", headers=ed, json={"subject_kind": "element", "subject_id": "oc-1",
                                                                     "text": " "}).status_code == 400
    assert client.post("/api/v1/maps/1/comments", headers=out, json={"text": "Let me in"}).status_code == 403
    assert client.get("/api/v1/maps/1/comments").status_code == 401
    assert len(client.get("/api/v1/maps/1/comments", headers=ed).get_json()) == 1


def test_a_learning_entry_sent_as_a_raw_change_is_written_in_the_sender_s_name(app):
    client, auth = app.server.test_client(), bearer(app, "ed@x.org", "editor", "moh")
    entry = {"id": "le-forged", "date": "2026-11-23", "text": "We learned a lot.", "by": "Someone else",
             "partner": "iph"}
    assert client.post("/api/v1/maps/1/changes", headers=auth,
                       json={"change": {"op": "add_learning", "entry": entry}}).status_code == 201
    saved = next(e for e in client.get("/api/v1/maps/1/learning", headers=auth).get_json() if e["id"] == "le-forged")
    assert (saved["by"], saved["partner"]) == ("Ed", "moh")
    refused = client.post("/api/v1/maps/1/changes", headers=auth, json={"change": {
        "op": "update_learning", "id": "le-forged", "set": {"partner": "iph"}}})
    assert refused.status_code == 400 and "cannot be changed" in refused.get_json()["message"]
