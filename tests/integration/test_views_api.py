"""Saved views through the JSON API: listed by readers, saved, renamed and removed by editors."""

import pytest

from tests.integration.test_api import bearer
from tests.web import example_app


@pytest.fixture
def app(tmp_path):
    return example_app(tmp_path)


def test_an_editor_saves_renames_and_removes_a_view_a_viewer_reads(app):
    client = app.server.test_client()
    editor, viewer = bearer(app, "ed@x.org", "editor"), bearer(app, "view@x.org", "viewer")
    saved = client.post("/api/v1/maps/1/views", headers=editor,
                        json={"name": "For the board", "kinds": ["outcome", "impact"], "zoom": 0.8, "centre": [5, 6]})
    assert saved.status_code == 201 and saved.get_json()["summary"] == "Saved the view “For the board”"
    view_id = saved.get_json()["id"]
    listed = client.get("/api/v1/maps/1/views", headers=viewer).get_json()
    assert [(v["id"], v["name"], v["kinds"], v["centre"]) for v in listed] == [
        (view_id, "For the board", ["outcome", "impact"], [5.0, 6.0])]
    renamed = client.patch(f"/api/v1/maps/1/views/{view_id}", headers=editor, json={"name": "Board, March"})
    assert renamed.status_code == 201 and "Board, March" in renamed.get_json()["summary"]
    assert client.get("/api/v1/maps/1", headers=viewer).get_json()["views"][0]["name"] == "Board, March"
    assert client.delete(f"/api/v1/maps/1/views/{view_id}", headers=editor).status_code == 201
    assert client.get("/api/v1/maps/1/views", headers=viewer).get_json() == []


def test_a_viewer_cannot_save_or_remove_views(app):
    client = app.server.test_client()
    editor, viewer = bearer(app, "ed@x.org", "editor"), bearer(app, "view@x.org", "viewer")
    view_id = client.post("/api/v1/maps/1/views", headers=editor, json={"name": "Ours"}).get_json()["id"]
    assert client.post("/api/v1/maps/1/views", headers=viewer, json={"name": "Mine"}).status_code == 403
    assert client.delete(f"/api/v1/maps/1/views/{view_id}", headers=viewer).status_code == 403
    assert client.get("/api/v1/maps/1/views", headers=bearer(app, "out@x.org", None)).status_code == 403


def test_bad_views_get_a_clear_400_or_404(app):
    client, editor = app.server.test_client(), bearer(app, "ed@x.org", "editor")
    empty = client.post("/api/v1/maps/1/views", headers=editor, json={"name": ""})
    assert empty.status_code == 400 and "name" in empty.get_json()["message"]
    assert client.post("/api/v1/maps/1/views", headers=editor, json={"name": "x", "zoom": "far"}).status_code == 400
    assert client.post("/api/v1/maps/1/views", headers=editor, json={"name": "x", "unknown": 1}).status_code == 400
    assert client.patch("/api/v1/maps/1/views/vw-none", headers=editor, json={"name": "y"}).status_code == 404
    assert client.delete("/api/v1/maps/1/views/vw-none", headers=editor).status_code == 404
    twice = client.post("/api/v1/maps/1/views", headers=editor, json={"name": "x"})
    assert twice.status_code == 201
    again = client.post("/api/v1/maps/1/views", headers=editor, json={"name": "X"})
    assert again.status_code == 400 and "already a view" in again.get_json()["message"]
