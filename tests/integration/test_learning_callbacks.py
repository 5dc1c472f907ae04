"""The learning page's and evidence panel's callbacks, POSTed directly as the Dash renderer would."""

from __future__ import annotations


import pytest

from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD, example_app, post_callback, signed_in
from tocmap.services import accounts, learning, maps
from tocmap.services.access import SYSTEM
from tocmap.ui import ids
from tocmap.ui.editor import ids as editor_ids

MAP = 1
PASSWORD = "a long test password"
META = {"map_id": MAP}
EDITOR_META = {"map_id": MAP, "partnership_id": "ps", "revision": 1, "partner": None}


@pytest.fixture
def app(tmp_path):
    dash_app = example_app(tmp_path)
    db = dash_app.tocmap_db
    for email, name, role, partner in [("mel@iph.org", "Mel", "mel_lead", "iph"), ("vic@moh.org", "Vic", "viewer", "moh")]:
        accounts.create_user(db, email, name, PASSWORD)
        accounts.set_member(db, MAP, email, role, partner, SYSTEM)
    yield dash_app
    db.dispose()


def run(app, email: str, callback: str, changed: list[str], values: dict, pattern: dict | None = None) -> tuple[int, str]:
    """Run a callback as ``email``; pattern-matching inputs are given as {type: [(id dict, value), ...]}."""
    client = signed_in(app, email, ADMIN_PASSWORD if email == ADMIN_EMAIL else PASSWORD)
    return post_callback(client, app, callback, changed, values, pattern)


def record(app, email, text="Reports arrive late in the rainy season", editing=None):
    return run(app, email, "record_entry", [f"{ids.LN_ADD}.n_clicks"], {
        f"{ids.LN_ADD}.n_clicks": 1, f"{ids.LN_TEXT}.value": text, f"{ids.LN_KIND}.value": "reflection",
        f"{ids.LN_DATE}.value": "2026-03-01", f"{ids.LN_ELEMENTS}.value": ["op-1"], f"{ids.LN_MAP}.data": META,
        f"{ids.LN_VERSION}.data": 0, f"{ids.LN_EDITING}.data": editing})


def log(app):
    return learning.learning_log(app.tocmap_db, MAP, who=SYSTEM)


def test_a_mel_lead_records_an_entry_through_the_callback(app):
    status, body = record(app, "mel@iph.org")
    assert status == 200 and "Recorded in the learning log" in body
    (entry,) = log(app).entries
    assert (entry.by, entry.partner, entry.elements) == ("Mel", "iph", ["op-1"])


def test_a_viewer_posting_the_record_callback_is_refused_and_nothing_is_saved(app):
    before = maps.get_map(app.tocmap_db, MAP, who=SYSTEM)[0].revision
    status, body = record(app, "vic@moh.org")
    assert status == 200 and "Viewers of map 1 may not record learning and evidence" in body
    assert log(app).entries == [] and maps.get_map(app.tocmap_db, MAP, who=SYSTEM)[0].revision == before


def test_a_mel_lead_changes_an_entry_and_a_viewer_posting_the_same_is_refused(app):
    entry_id = learning.record_entry(app.tocmap_db, MAP, text="Reports are late", who=SYSTEM)
    status, body = record(app, "vic@moh.org", "Nothing is late", editing=entry_id)
    assert "may not record learning" in body and log(app).state.learning[entry_id].text == "Reports are late"
    status, body = record(app, "mel@iph.org", "Reports are late in the rainy season", editing=entry_id)
    assert "Changed the entry" in body
    assert log(app).state.learning[entry_id].text == "Reports are late in the rainy season"


def test_a_viewer_cannot_start_a_course_correction_or_add_evidence(app):
    entry_id = learning.record_entry(app.tocmap_db, MAP, text="x", who=SYSTEM)
    status, body = run(app, "vic@moh.org", "correct_course", ['{"entry":"%s","type":"%s"}.n_clicks' % (entry_id, ids.LN_START)],
                       {f"{ids.LN_MAP}.data": META, f"{ids.LN_VERSION}.data": 0},
                       {ids.LN_START: [({"type": ids.LN_START, "entry": entry_id}, 1)], ids.LN_FINISH: [], ids.LN_REMOVE: []})
    assert "may not record learning" in body and log(app).active is None
    status, body = run(app, "vic@moh.org", "add_evidence", [f"{editor_ids.EV_ADD}.n_clicks"], {
        f"{editor_ids.EV_ADD}.n_clicks": 1, f"{editor_ids.EV_TEXT}.value": "Staff left", f"{editor_ids.EV_STATUS}.value": "disproved",
        f"{editor_ids.SELECTION}.data": {"type": "element", "id": "as-2"}, f"{ids.EDITOR_MAP}.data": EDITOR_META})
    assert "may not record learning" in body
    assert maps.get_map(app.tocmap_db, MAP, who=SYSTEM)[2].elements["as-2"].assumption_status == "holding"


def test_a_mel_lead_starts_and_finishes_a_course_correction(app):
    entry_id = learning.record_entry(app.tocmap_db, MAP, text="Use SMS", who=SYSTEM)
    for button in (ids.LN_START, ids.LN_FINISH):
        other = ids.LN_FINISH if button == ids.LN_START else ids.LN_START
        status, body = run(app, "mel@iph.org", "correct_course", ['{"entry":"%s","type":"%s"}.n_clicks' % (entry_id, button)],
                           {f"{ids.LN_MAP}.data": META, f"{ids.LN_VERSION}.data": 0},
                           {button: [({"type": button, "entry": entry_id}, 1)], other: [], ids.LN_REMOVE: []})
        assert status == 200, body
    assert log(app).state.learning[entry_id].correction == "finished"


def test_an_outsider_cannot_read_the_log(app):
    accounts.create_user(app.tocmap_db, "out@x.org", "Otto", PASSWORD)
    status, body = run(app, "out@x.org", "show_log", [f"{ids.LN_VERSION}.data"],
                       {f"{ids.LN_VERSION}.data": 0, f"{ids.LN_PARTNER}.value": None, f"{ids.LN_MAP}.data": META})
    assert "not a member of map 1" in body


def test_the_canvas_marks_assumptions_at_risk_with_their_own_style():
    from tocmap.domain.model import Element, Partnership
    from tocmap.ui.canvas import base_stylesheet, node

    partnership = Partnership(id="p", name="P")
    statuses = {s: node(Element(id="a", kind="assumption", label="A", assumption_status=s), partnership.partner_ids())
                for s in ("untested", "holding", "challenged", "disproved")}
    assert {s: n["data"].get("risk", "") for s, n in statuses.items()} == {
        "untested": "", "holding": "", "challenged": "challenged", "disproved": "disproved"}
    rules = {r["selector"]: r["style"] for r in base_stylesheet()}
    assert rules['node[risk = "challenged"]']["border-style"] == "dashed"
    assert rules['node[risk = "disproved"]']["border-color"] == "#c92a2a"


def test_the_api_lists_and_records_learning_for_the_caller_s_partner(app):
    client = signed_in(app, "mel@iph.org", PASSWORD)
    response = client.post(f"/api/v1/maps/{MAP}/learning", json={"text": "Sync fails in the rainy season",
                                                                  "kind": "decision", "elements": ["op-1"]})
    assert response.status_code == 201, response.get_json()
    listed = client.get(f"/api/v1/maps/{MAP}/learning").get_json()
    assert [(e["id"], e["partner"], e["by"]) for e in listed] == [(response.get_json()["id"], "iph", "Mel")]
    refused = signed_in(app, "vic@moh.org", PASSWORD).post(f"/api/v1/maps/{MAP}/learning", json={"text": "x"})
    assert refused.status_code == 403
    bad = client.post(f"/api/v1/maps/{MAP}/learning", json={"text": "x", "elements": ["ghost"]})
    assert bad.status_code == 400 and "no element 'ghost'" in bad.get_json()["message"]


@pytest.mark.parametrize("email, removed", [("vic@moh.org", False), ("mel@iph.org", True)])
def test_only_members_who_record_learning_remove_an_entry(app, email, removed):
    entry_id = learning.record_entry(app.tocmap_db, MAP, text="Typo", who=SYSTEM)
    status, body = run(app, email, "correct_course", ['{"entry":"%s","type":"%s"}.n_clicks' % (entry_id, ids.LN_REMOVE)],
                       {f"{ids.LN_MAP}.data": META, f"{ids.LN_VERSION}.data": 0},
                       {ids.LN_REMOVE: [({"type": ids.LN_REMOVE, "entry": entry_id}, 1)], ids.LN_START: [],
                        ids.LN_FINISH: []})
    assert status == 200 and ("Removed from the log" in body) == removed
    assert (entry_id not in log(app).state.learning) == removed
