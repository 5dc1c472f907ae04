"""A Dash callback POSTed directly gets the same refusal as the UI would."""

import pytest

from tests.web import example_app, signed_in
from tocmap.services import accounts, comments, maps
from tocmap.services.access import SYSTEM

PASSWORD = "a long test password"


@pytest.fixture
def app(tmp_path):
    dash_app = example_app(tmp_path)
    accounts.create_user(dash_app.tocmap_db, "viewer@x.org", "Vera", PASSWORD)
    accounts.set_member(dash_app.tocmap_db, 1, "viewer@x.org", "viewer", "moh", SYSTEM)
    accounts.create_user(dash_app.tocmap_db, "outsider@x.org", "Otto", PASSWORD)
    return dash_app


def output_key(app, name: str) -> str:
    """The output key the renderer sends for the callback function with this name."""
    return next(key for key, spec in app.callback_map.items() if getattr(spec.get("callback"), "__name__", "") == name)


def add_outcome(app, client, map_id: int = 1):
    """The editor's "Add > Outcome" callback, as the renderer would POST it."""
    meta = {"map_id": map_id, "partnership_id": "ps", "revision": 1, "partner": None}
    body = {
        "output": output_key(app, "add_element"),
        "outputs": [{"id": i, "property": p} for i, p in [("canvas-delta", "data"), ("editor-map", "data"),
                    ("editor-alerts", "children"), ("editor-undo", "data"), ("editor-selection", "data")]],
        "inputs": [[{"id": {"type": "editor-add-kind", "kind": "outcome"}, "property": "n_clicks", "value": 1}]],
        "state": [{"id": "canvas", "property": "extent", "value": None},
                  {"id": "editor-selection", "property": "data", "value": None},
                  {"id": "editor-map", "property": "data", "value": meta},
                  {"id": "editor-undo", "property": "data", "value": None}],
        "changedPropIds": ['{"kind":"outcome","type":"editor-add-kind"}.n_clicks'],
    }
    return client.post("/_dash-update-component", json=body)


def revision(app) -> int:
    return maps.list_maps(app.tocmap_db, who=SYSTEM)[0].revision


def test_a_viewer_posting_the_add_callback_is_refused_and_nothing_changes(app):
    before = revision(app)
    response = add_outcome(app, signed_in(app, "viewer@x.org", PASSWORD))
    assert response.status_code == 200
    assert "Viewers of map 1 may not edit the map" in response.get_data(as_text=True)
    assert revision(app) == before


def test_someone_who_is_not_a_member_cannot_read_or_change_the_map(app):
    client = signed_in(app, "outsider@x.org", PASSWORD)
    assert "not a member of map 1" in add_outcome(app, client).get_data(as_text=True)
    assert client.get("/live/maps/1?since=0").status_code == 403
    assert revision(app) == 1


def test_the_administrator_may_add(app):
    response = add_outcome(app, signed_in(app))
    assert response.status_code == 200 and revision(app) == 2


def start_thread_as(app, client, text: str = "Where is the evidence?"):
    """The Discuss tab's "Comment" callback, as the renderer would POST it."""
    meta = {"map_id": 1, "partnership_id": "ps", "revision": 1, "partner": None}
    body = {
        "output": output_key(app, "start_thread"),
        "outputs": [{"id": "comments-list", "property": "children"}, {"id": "comment-text", "property": "value"}],
        "inputs": [{"id": "comment-send", "property": "n_clicks", "value": 1}],
        "state": [{"id": "comment-text", "property": "value", "value": text},
                  {"id": "editor-selection", "property": "data", "value": {"type": "element", "id": "oc-1"}},
                  {"id": "comments-show-resolved", "property": "value", "value": False},
                  {"id": "editor-map", "property": "data", "value": meta}],
        "changedPropIds": ["comment-send.n_clicks"],
    }
    return client.post("/_dash-update-component", json=body)


def test_a_comment_posted_by_someone_off_the_map_or_signed_out_is_refused(app):
    outsider = start_thread_as(app, signed_in(app, "outsider@x.org", PASSWORD))
    assert "not a member of map 1" in outsider.get_data(as_text=True)
    signed_out = start_thread_as(app, app.server.test_client())
    assert signed_out.status_code >= 400 or "Sign in" in signed_out.get_data(as_text=True)
    assert comments.threads(app.tocmap_db, 1, who=SYSTEM) == []
    viewer = start_thread_as(app, signed_in(app, "viewer@x.org", PASSWORD))
    assert viewer.status_code == 200 and "Where is the evidence?" in viewer.get_data(as_text=True)
    assert [t.started.author for t in comments.threads(app.tocmap_db, 1, who=SYSTEM)] == ["Vera"]
