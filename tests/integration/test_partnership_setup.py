"""Setting up a partnership through the app's callbacks, the API and the pages, with no browser.

A non-facilitator POSTing a set-up callback or calling the API is refused, and nothing changes.
"""

import re

import pytest

from tests.web import example_app, post_callback, shown_text, signed_in
from tocmap.services import accounts, history, invitations, maps, partners
from tocmap.services.access import SYSTEM
from tocmap.ui import ids

PASSWORD = "a long test password"
FORM = {f"{ids.SETUP_PARTNER_NAME}.value": "University of Aldria", f"{ids.SETUP_PARTNER_SHORT}.value": "UA",
        f"{ids.SETUP_PARTNER_COLOUR}.value": "#2b8a3e", f"{ids.SETUP_PARTNER_LANGUAGE}.value": "en",
        f"{ids.SETUP_PARTNER_ORGS}.value": "", f"{ids.SETUP_MAP}.data": {"map_id": 1}}


@pytest.fixture
def app(tmp_path):
    """The worked example as map 1; Fay facilitates it, Ed edits it for moh."""
    dash_app = example_app(tmp_path)
    db = dash_app.tocmap_db
    for email, name, role, partner in [("fay@x.org", "Fay", "facilitator", None), ("ed@x.org", "Ed", "editor", "moh")]:
        accounts.create_user(db, email, name, PASSWORD)
        accounts.set_member(db, 1, email, role, partner, SYSTEM)
    return dash_app


def revision(app) -> int:
    return maps.get_map(app.tocmap_db, 1, who=SYSTEM)[0].revision


def add_partner(app, client):
    return post_callback(client, app, "change_partners", [f"{ids.SETUP_PARTNER_SAVE}.n_clicks"],
                         {**FORM, f"{ids.SETUP_PARTNER_SAVE}.n_clicks": 1})


def test_a_facilitator_adds_a_partner_through_the_callback(app):
    status, body = add_partner(app, signed_in(app, "fay@x.org", PASSWORD))
    assert status == 200 and "Added “University of Aldria”" in shown_text(body)
    added = partners.partnership_of(app.tocmap_db, 1, SYSTEM).find("ua")
    assert (added.name, added.colour, added.language) == ("University of Aldria", "#2b8a3e", "en")
    assert history.history(app.tocmap_db, 1, limit=1, who=SYSTEM)[0].author.name == "Fay"


def test_an_editor_posting_the_partner_callback_is_refused_and_nothing_changes(app):
    before = revision(app)
    status, body = add_partner(app, signed_in(app, "ed@x.org", PASSWORD))
    assert status == 200 and "Editors of map 1 may not manage" in shown_text(body)
    status, body = post_callback(signed_in(app, "ed@x.org", PASSWORD), app, "change_partners",
                                 [f'{{"how":"retire","id":"iph","type":"{ids.SETUP_PARTNER_ACTION}"}}.n_clicks'],
                                 {f"{ids.SETUP_MAP}.data": {"map_id": 1}},
                                 {ids.SETUP_PARTNER_ACTION: [({"type": ids.SETUP_PARTNER_ACTION, "how": "retire",
                                                               "id": "iph"}, 1)]})
    assert "may not manage" in shown_text(body)
    assert revision(app) == before and "iph" in partners.partnership_of(app.tocmap_db, 1, SYSTEM).partner_ids()


def test_an_editor_posting_the_invite_callback_is_refused(app):
    values = {f"{ids.SETUP_INVITE_EMAIL}.value": "new@x.org", f"{ids.SETUP_INVITE_PARTNER}.value": "moh",
              f"{ids.SETUP_INVITE_ROLE}.value": "facilitator", f"{ids.SETUP_MAP}.data": {"map_id": 1},
              f"{ids.SETUP_INVITE_SEND}.n_clicks": 1}
    status, body = post_callback(signed_in(app, "ed@x.org", PASSWORD), app, "invite_people",
                                 [f"{ids.SETUP_INVITE_SEND}.n_clicks"], values)
    assert "may not manage" in shown_text(body)
    assert invitations.open_invitations(app.tocmap_db, 1, SYSTEM) == []
    status, body = post_callback(signed_in(app, "fay@x.org", PASSWORD), app, "invite_people",
                                 [f"{ids.SETUP_INVITE_SEND}.n_clicks"], values)
    assert re.search(r"/invite/[\w-]{20,}", shown_text(body))
    assert "No mail server is set up" in shown_text(body)


def test_the_api_lets_facilitators_set_up_partners_and_invitations_and_refuses_others(app):
    fay, ed = signed_in(app, "fay@x.org", PASSWORD), signed_in(app, "ed@x.org", PASSWORD)
    added = fay.post("/api/v1/maps/1/partners", json={"name": "University of Aldria", "organisations": ["A", "B"]})
    assert added.status_code == 201 and added.json["id"] == "university-of-aldria"
    assert fay.patch("/api/v1/maps/1/partners/university-of-aldria", json={"language": "fr"}).status_code == 201
    listed = ed.get("/api/v1/maps/1/partners").json
    assert [p["id"] for p in listed["partners"]][-1] == "university-of-aldria"
    assert listed["partners"][-1]["organisations"] == ["A", "B"] and listed["partners"][-1]["language"] == "fr"
    duplicate = fay.post("/api/v1/maps/1/partners", json={"name": "university of aldria"})
    assert duplicate.status_code == 400 and "already a partner" in duplicate.json["message"]
    before = revision(app)
    for response in (ed.post("/api/v1/maps/1/partners", json={"name": "Another"}),
                     ed.post("/api/v1/maps/1/partners/iph/retire", json={}),
                     ed.post("/api/v1/maps/1/partners/iph/merge", json={"into": "moh"}),
                     ed.post("/api/v1/maps/1/invitations", json={"email": "new@x.org", "partner": "moh"}),
                     ed.get("/api/v1/maps/1/invitations")):
        assert response.status_code == 403, response.json
    assert revision(app) == before
    sent = fay.post("/api/v1/maps/1/invitations", json={"email": "new@x.org", "partner": "moh", "role": "viewer"})
    assert sent.status_code == 201 and sent.json["link"].startswith("http://localhost/invite/")
    assert [i["email"] for i in fay.get("/api/v1/maps/1/invitations").json] == ["new@x.org"]
    retired = fay.post("/api/v1/maps/1/partners/university-of-aldria/retire", json={})
    assert retired.json["summary"] == "Retired partner “University of Aldria”"
    refused = fay.post("/api/v1/maps/1/partners/moh/retire", json={})
    assert refused.status_code == 400 and "still has 1 member" in refused.json["message"]


def test_an_invitation_link_opened_twice_works_once(app):
    fay = signed_in(app, "fay@x.org", PASSWORD)
    link = fay.post("/api/v1/maps/1/invitations", json={"email": "new@x.org", "partner": "iph"}).json["link"]
    path = link.removeprefix("http://localhost")
    guest = app.server.test_client()
    page = guest.get(path).get_data(as_text=True)
    assert "You are invited" in page and "Aldria Institute of Public Health" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    accepted = guest.post(path, data={"name": "Nia", "password": PASSWORD, "csrf_token": token})
    assert accepted.status_code == 302 and accepted.location.endswith("/maps/1")
    assert guest.get("/maps/1").status_code == 200
    again = app.server.test_client().get(path)
    assert again.status_code == 410 and "expired or was already used" in again.get_data(as_text=True)


def test_only_administrators_reach_the_accounts_page(app):
    ed = signed_in(app, "ed@x.org", PASSWORD)
    assert ed.get("/admin/accounts").status_code == 403
    user_id = accounts.get_user(app.tocmap_db, 1).id
    refused = ed.post(f"/admin/accounts/{user_id}/disable")
    assert refused.status_code == 403 and not accounts.get_user(app.tocmap_db, user_id).disabled
    admin = signed_in(app)
    page = admin.get("/admin/accounts").get_data(as_text=True)
    assert "ed@x.org" in page and "fay@x.org" in page


def test_the_set_up_page_is_reached_from_a_new_map(app):
    client = signed_in(app, "fay@x.org", PASSWORD)
    status, body = post_callback(client, app, "create_map", [f"{ids.HOME_NEW_CREATE}.n_clicks"],
                                 {f"{ids.HOME_NEW_TITLE}.value": "Fresh", f"{ids.HOME_NEW_TEMPLATE}.value": ""})
    assert status == 200 and "/maps/2/setup" in shown_text(body).splitlines()
    status, body = post_callback(client, app, "show_page", ["url.pathname"], {"url.pathname": "/maps/2/setup"})
    assert status == 200 and "No partners yet" in shown_text(body)
