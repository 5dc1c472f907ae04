"""Actions, decisions and the journey through their Dash callbacks and routes, as the renderer would POST them."""

import datetime as dt

import pytest

from tests.integration.test_callback_permissions import output_key
from tests.web import example_app, signed_in
from tocmap.services import accounts, actions, decisions, reminders
from tocmap.services.access import SYSTEM

PASSWORD = "a long test password"
DUE = (dt.date.today() + dt.timedelta(days=5)).isoformat()


@pytest.fixture
def app(tmp_path):
    dash_app = example_app(tmp_path)
    for email, name, role, partner in [("ana@x.org", "Ana", "editor", "moh"), ("vera@x.org", "Vera", "viewer", "iph"),
                                       ("otto@x.org", "Otto", None, None)]:
        accounts.create_user(dash_app.tocmap_db, email, name, PASSWORD)
        if role:
            accounts.set_member(dash_app.tocmap_db, 1, email, role, partner, SYSTEM)
    return dash_app


def member_id(app, email):
    return next(m.user_id for m in accounts.members(app.tocmap_db, 1, SYSTEM) if m.email == email)


def add_action(app, client, **fields):
    values = {"ac-title": "Draft the MoU", "ac-source": None, "ac-owner": member_id(app, "ana@x.org"),
              "ac-partner": None, "ac-due": DUE, "ac-items": [], "ac-notes": "", **fields}
    body = {
        "output": output_key(app, "add_action"),
        "outputs": [{"id": "ac-version", "property": "data"}, {"id": "ac-message", "property": "children"},
                    {"id": "ac-title", "property": "value"}, {"id": "ac-notes", "property": "value"}],
        "inputs": [{"id": "ac-add", "property": "n_clicks", "value": 1}],
        "state": [*[{"id": key, "property": "value", "value": value} for key, value in values.items()],
                  {"id": "ac-map", "property": "data", "value": {"map_id": 1}},
                  {"id": "ac-version", "property": "data", "value": 0}],
        "changedPropIds": ["ac-add.n_clicks"],
    }
    return client.post("/_dash-update-component", json=body).get_data(as_text=True)


def test_an_editor_adds_an_action_through_its_callback(app):
    said = add_action(app, signed_in(app, "ana@x.org", PASSWORD))
    assert "Action added for Ana" in said
    assert [a.title for a in actions.actions(app.tocmap_db, 1, SYSTEM)] == ["Draft the MoU"]


@pytest.mark.parametrize("email, fields, words", [
    ("vera@x.org", {}, "Viewers of map 1 may not record learning"),
    ("otto@x.org", {}, "not a member of map 1"),
    ("ana@x.org", {"ac-due": "2020-01-01"}, "has passed"),
    ("ana@x.org", {"ac-owner": 99999}, "must be a member of this map"),
    ("ana@x.org", {"ac-source": "nonsense"}, "made from"),
])
def test_a_refused_action_posted_directly_gets_its_message_and_nothing_is_written(app, email, fields, words):
    said = add_action(app, signed_in(app, email, PASSWORD), **fields)
    assert words in said
    assert actions.actions(app.tocmap_db, 1, SYSTEM) == []


def test_a_stand_posted_for_another_partner_is_the_posters_own_partners(app):
    made = decisions.propose(app.tocmap_db, 1, text="Meet monthly", rule="each_partner", who=SYSTEM)
    body = {
        "output": output_key(app, "stand"),
        "outputs": [{"id": "ac-version", "property": "data"}, {"id": "ac-message", "property": "children"}],
        "inputs": [[{"id": {"type": "dc-stand", "decision": made.id, "stand": "agree"}, "property": "n_clicks",
                     "value": 1}]],
        "state": [{"id": "ac-map", "property": "data", "value": {"map_id": 1}},
                  {"id": "ac-version", "property": "data", "value": 0}],
        "changedPropIds": [f'{{"decision":{made.id},"stand":"agree","type":"dc-stand"}}.n_clicks'],
    }
    said = signed_in(app, "vera@x.org", PASSWORD).post("/_dash-update-component", json=body).get_data(as_text=True)
    assert "may not agree on behalf of a partner" in said
    signed_in(app, "ana@x.org", PASSWORD).post("/_dash-update-component", json=body)
    assert decisions.decisions(app.tocmap_db, 1, SYSTEM)[0].stands == {"moh": "agree"}


def test_downloads_and_the_calendar_feed_answer_with_the_right_status(app):
    ana = signed_in(app, "ana@x.org", PASSWORD)
    add_action(app, ana)
    assert ana.get("/maps/1/actions.csv").status_code == 200
    assert ana.get("/maps/1/actions.pdf").status_code == 400
    assert signed_in(app, "otto@x.org", PASSWORD).get("/maps/1/actions.csv").status_code == 403
    token = reminders.renew_calendar(app.tocmap_db, accounts.author_of(
        accounts.authenticate(app.tocmap_db, "ana@x.org", PASSWORD)))
    anonymous = app.server.test_client()
    feed = anonymous.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200 and b"SUMMARY:Draft the MoU" in feed.data
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404
    assert anonymous.get("/maps/1/pack").status_code == 302  # the pack needs signing in
    assert ana.get("/maps/1/pack").status_code == 200
