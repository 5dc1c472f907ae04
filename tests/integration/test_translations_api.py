"""The API's translation routes: the map's languages and gaps, writing a text in a language."""

import pytest

from tests.integration.test_api import bearer
from tests.web import example_app


@pytest.fixture
def app(tmp_path):
    return example_app(tmp_path)


def test_an_editor_translates_through_the_api_and_the_gaps_shrink(app):
    client, auth = app.server.test_client(), bearer(app, "ed@x.org", "editor")
    before = client.get("/api/v1/maps/1/translations?language=fr&gaps=1", headers=auth).get_json()
    assert before["source"] == "en" and before["language"] == "fr"
    assert {"kind": "element", "id": "oc-1", "field": "label"}.items() <= next(
        t for t in before["texts"] if t["id"] == "oc-1").items()
    put = client.put("/api/v1/maps/1/translations", headers=auth, json={
        "kind": "element", "id": "oc-1", "language": "fr", "field": "label", "text": "Les districts agissent"})
    assert put.status_code == 201 and put.get_json()["summary"].startswith("Translated")
    after = client.get("/api/v1/maps/1/translations?language=fr&gaps=1", headers=auth).get_json()
    assert len(after["texts"]) == len(before["texts"]) - 1
    assert after["languages"] == ["en", "fr"] and after["counts"]["fr"]["done"] == 1
    element = client.get("/api/v1/maps/1/elements/oc-1", headers=auth).get_json()
    assert element["translations"]["fr"]["label"]["text"] == "Les districts agissent"


def test_a_viewer_cannot_translate_and_a_bad_body_is_refused(app):
    client = app.server.test_client()
    viewer = bearer(app, "vi@x.org", "viewer")
    body = {"kind": "element", "id": "oc-1", "language": "fr", "field": "label", "text": "Non"}
    assert client.put("/api/v1/maps/1/translations", headers=viewer, json=body).status_code == 403
    editor = bearer(app, "ed@x.org", "editor")
    assert client.put("/api/v1/maps/1/translations", headers=editor, json={**body, "text": 3}).status_code == 400
    assert client.put("/api/v1/maps/1/translations", headers=editor,
                      json={**body, "language": "en"}).status_code == 400
    assert client.put("/api/v1/maps/1/translations", headers=editor, json={**body, "id": "gone"}).status_code == 404
