"""The editor's Save and drop, POSTed as the browser sends them: only what changed goes, one store comes back.

The browser side (assets/editor.js) is driven in tests/browser/test_editor.py; these tests hold the server's
half: the fields the form was filled with are read again at the revision it was filled at, conflicts stay per
field, "Keep mine" still wins, and a forged request is refused before anything is read.
"""

from __future__ import annotations

import json

import pytest

from tests.web import post_callback, signed_in
from tocmap.domain.changes import UpdateElement
from tocmap.services import history, maps
from tocmap.services.access import SYSTEM
from tocmap.ui.editor import ids

MAP = 1
ELEMENT = "oc-1"


def head(app) -> int:
    return maps.get_map(app.tocmap_db, MAP, who=SYSTEM)[0].revision


def element(app):
    return maps.get_map(app.tocmap_db, MAP, who=SYSTEM)[2].elements[ELEMENT]


def save(app, changed: dict, base: int | None = None, keep: bool = False, form: str = "element",
         item: str = ELEMENT) -> tuple[int, dict | str, int]:
    """POST a Save of ``changed`` as askSave builds it; the status, the answer store and the bytes both ways."""
    revision = head(app) if base is None else base
    ask = {"form": form, "id": item, "map": MAP, "base": revision, "at": head(app), "set": changed, "n": 1,
           **({"keep": True} if keep else {})}
    status, body = post_callback(signed_in(app), app, "save", [f"{ids.SAVE_ASK}.data"], {f"{ids.SAVE_ASK}.data": ask})
    sent = len(json.dumps({"output": f"{ids.SAVE_ANSWER}.data", "inputs": [ask]}, separators=(",", ":")))
    if status != 200:
        return status, body, sent + len(body)
    return status, json.loads(body)["response"][ids.SAVE_ANSWER]["data"], sent + len(body.encode())


def test_a_label_save_sends_the_label_and_answers_with_the_delta_revision_and_undo_entry(app):
    before = head(app)
    status, answer, _size = save(app, {"label": "Officers act on weekly data"})
    assert status == 200 and answer["said"] == "saved"
    assert element(app).label == "Officers act on weekly data"
    assert answer["revision"] == answer["undo"] == before + 1
    assert answer["delta"]["upsert"][0]["data"]["label"] == "Officers act on weekly data"
    assert answer["loaded"] == {"id": ELEMENT, "revision": before + 1, "values": {"label": "Officers act on weekly data"}}


def test_a_save_and_its_answer_weigh_under_a_kilobyte(app):
    assert save(app, {"label": "A label of an ordinary length for a workshop"})[2] < 1000


def test_fields_the_browser_did_not_send_keep_their_values(app):
    description, tags = element(app).description, element(app).tags
    save(app, {"label": "Only the label"})
    assert (element(app).description, element(app).tags) == (description, tags)


def test_tags_typed_as_text_are_saved_as_a_list(app):
    _status, answer, _size = save(app, {"tags": "data,  policy,"})
    assert element(app).tags == ["data", "policy"]
    assert answer["loaded"]["values"] == {"tags": "data, policy"}


def test_a_field_someone_else_changed_since_is_a_conflict_and_keep_mine_wins(app):
    seen = head(app)
    history.apply(app.tocmap_db, MAP, UpdateElement(id=ELEMENT, set={"label": "Theirs"}), SYSTEM)
    _status, answer, _size = save(app, {"label": "Mine"}, base=seen)
    assert "Keep mine" in json.dumps(answer["said"]) and "revision" not in answer
    assert element(app).label == "Theirs"
    _status, answer, _size = save(app, {"label": "Mine"}, base=seen, keep=True)
    assert answer["said"] == "saved" and element(app).label == "Mine"


def test_another_field_changed_since_saves_without_a_conflict(app):
    seen = head(app)
    history.apply(app.tocmap_db, MAP, UpdateElement(id=ELEMENT, set={"description": "Theirs"}), SYSTEM)
    _status, answer, _size = save(app, {"label": "Mine"}, base=seen)
    assert answer["said"] == "saved"
    assert (element(app).label, element(app).description) == ("Mine", "Theirs")


def test_a_link_save_sends_its_changed_fields_only(app):
    link = next(iter(maps.get_map(app.tocmap_db, MAP, who=SYSTEM)[2].links.values()))
    _status, answer, _size = save(app, {"rationale": "Because data travels weekly"}, form="link", item=link.id)
    assert answer["said"] == "saved"
    assert maps.get_map(app.tocmap_db, MAP, who=SYSTEM)[2].links[link.id].rationale == "Because data travels weekly"


def test_an_item_that_was_not_on_the_map_at_that_revision_is_refused_with_a_message(app):
    status, answer, _size = save(app, {"label": "x"}, item="no-such-element")
    assert status == 200 and "not on the map at the revision you saw" in json.dumps(answer["said"])


def test_fields_a_form_does_not_have_are_ignored(app):
    before = head(app)
    _status, answer, _size = save(app, {"agreed_by": "moh"})
    assert "Nothing to save" in json.dumps(answer["said"]) and head(app) == before


@pytest.mark.parametrize("ask", [
    {"form": "element", "id": ELEMENT, "map": MAP, "base": 1, "at": 1, "set": {"label": {"nested": 1}}},
    {"form": "indicator", "id": ELEMENT, "map": MAP, "base": 1, "at": 1, "set": {}},
    {"form": "element", "id": ELEMENT, "map": "1", "base": 1, "at": 1, "set": {}},
])
def test_a_forged_save_is_refused_before_anything_is_read(app, ask):
    status, body = post_callback(signed_in(app), app, "save", [f"{ids.SAVE_ASK}.data"], {f"{ids.SAVE_ASK}.data": ask})
    assert status == 400 and "a Save" in json.loads(body)["message"]
    assert head(app) == 1


def drop(app, moved: dict) -> tuple[int, str]:
    return post_callback(signed_in(app), app, "move_elements", [f"{ids.MOVED}.data"], {f"{ids.MOVED}.data": moved})


def test_a_drop_answers_with_its_revision_only(app):
    _status, body = drop(app, {"positions": {ELEMENT: [900, 250]}, "seq": 1, "map": MAP, "at": head(app)})
    answer = json.loads(body)["response"][ids.MOVE_ANSWER]["data"]
    assert answer == {"delta": {"seq": 2}, "revision": 2, "undo": 2}
    assert (element(app).x, element(app).y) == (900, 250)


def test_a_drop_without_its_map_is_refused(app):
    status, _body = drop(app, {"positions": {ELEMENT: [900, 250]}, "seq": 1})
    assert status == 400 and head(app) == 1
