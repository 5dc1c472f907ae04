"""Control characters: refused by the API naming the field, the map unchanged; old data still exports."""

import pytest
from sqlalchemy import text

from tests.integration.test_api import bearer
from tests.web import example_app, signed_in
from tocmap.adapters.exchange import EXPORTS, FORMATS


@pytest.fixture
def app(tmp_path):
    return example_app(tmp_path)


def _map(client, auth) -> dict:
    """The map as the API shows it, without the moment it was read."""
    shown = client.get("/api/v1/maps/1", headers=auth).get_json()
    shown.pop("exported_at", None)
    return shown


@pytest.mark.parametrize("label", ["Districts\x00publish", "Bell\x07", "Escape\x1b[2J", "Del\x7f", "Lone\ud800half",
                                   "Not a character\uffff"])
def test_a_label_with_a_control_character_is_a_400_naming_the_field_and_the_map_is_unchanged(app, label):
    client, auth = app.server.test_client(), bearer(app, "ed@x.org", "editor")
    before = _map(client, auth)
    added = client.post("/api/v1/maps/1/elements", headers=auth, json={"id": "oc-nul", "kind": "outcome",
                                                                       "label": label})
    assert added.status_code in (400, 422)
    assert "label" in added.get_json()["message"]
    changed = client.patch("/api/v1/maps/1/elements/oc-1", headers=auth, json={"label": label})
    assert changed.status_code in (400, 422) and "label" in changed.get_json()["message"]
    assert _map(client, auth) == before


def test_a_description_with_crlf_is_kept_with_plain_newlines(app):
    client, auth = app.server.test_client(), bearer(app, "ed@x.org", "editor")
    added = client.post("/api/v1/maps/1/elements", headers=auth, json={
        "id": "oc-crlf", "kind": "outcome", "label": "Two lines", "description": "first\r\nsecond"})
    assert added.status_code == 201
    assert client.get("/api/v1/maps/1/elements/oc-crlf", headers=auth).get_json()["description"] == "first\nsecond"


def test_old_data_holding_control_characters_still_opens_and_exports_in_every_format(app):
    """A database written before control characters were refused: the characters are dropped on the way out."""
    client, auth = app.server.test_client(), bearer(app, "ed@x.org", "editor")
    added = client.post("/api/v1/maps/1/elements", headers=auth, json={
        "id": "oc-old", "kind": "outcome", "label": "Old MARK label", "description": "was MARK written"})
    assert added.status_code == 201
    db = app.tocmap_db
    with db.engine.begin() as connection:  # what an earlier version let through, as stored JSON escapes it
        connection.execute(text("UPDATE changes SET change = replace(change, 'MARK', '\\u0000\\u001b\\ufffe')"))
        connection.execute(text("UPDATE checkpoints SET map_id = map_id"))
    db.cache = type(db.cache)()
    element = client.get("/api/v1/maps/1/elements/oc-old", headers=auth).get_json()
    assert element["label"] == "Old  label" and element["description"] == "was  written"
    browser = signed_in(app)
    for fmt in EXPORTS:
        response = browser.get(f"/maps/1/export/{fmt}")
        assert response.status_code == 200, (fmt, response.get_data(as_text=True)[:300])
        if not FORMATS[fmt].binary:
            assert b"\x00" not in response.data and b"\x1b" not in response.data, fmt


def test_an_old_comment_holding_a_control_character_still_reads(app):
    """Rows other than the map's (comments here) are read back the same way: the character is dropped."""
    from tocmap.services import comments
    from tocmap.services.access import SYSTEM

    db = app.tocmap_db
    thread = comments.start_thread(db, 1, "element", "oc-1", "Check MARK this", SYSTEM)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE comments SET text = replace(text, 'MARK', char(27) || char(7))"))
    [again] = [t for t in comments.threads(db, 1, who=SYSTEM) if t.id == thread.id]
    assert again.comments[0].text == "Check  this"
