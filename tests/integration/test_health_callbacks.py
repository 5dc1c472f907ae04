"""The health check page's callbacks, POSTed directly as the Dash renderer would, by different members."""

from __future__ import annotations

import json

import pytest

from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD, signed_in
from tocmap.app import create_app
from tocmap.services import accounts, health
from tocmap.services.access import SYSTEM
from tocmap.settings import load_settings
from tocmap.ui import ids

MAP = 1
PASSWORD = "a long test password"
DIMS = ["trust", "mutuality", "communication"]
SECRET = "Our peers never share their data plans"


@pytest.fixture
def app(tmp_path):
    dash_app = create_app(load_settings(database_url=f"sqlite:///{tmp_path}/x.db", load_example=True,
                                        admin_email=ADMIN_EMAIL, admin_password=ADMIN_PASSWORD))
    db = dash_app.tocmap_db
    for email, name, role, partner in [("fac@x.org", "Fac", "facilitator", "moh"), ("ana@moh.org", "Ana", "editor", "moh"),
                                       ("ben@iph.org", "Ben", "editor", "iph")]:
        accounts.create_user(db, email, name, PASSWORD)
        accounts.set_member(db, MAP, email, role, partner, SYSTEM)
    yield dash_app
    db.dispose()


def author(db, email):
    with db.store() as store:
        return accounts.author_of(store.user_by_email(email))


def run(app, email: str, callback: str, changed: list[str], values: dict, dims: list[str] = ()) -> tuple[int, str]:
    """Run a page callback as ``email``; pattern states are given as "type.property": {dim: value}."""
    key, spec = next((k, s) for k, s in app.callback_map.items()
                     if getattr(s.get("callback"), "__name__", None) == callback)
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]

    def entry(dependency):
        component, prop = dependency["id"], dependency["property"]
        if component.startswith("{"):
            kind = json.loads(component)["type"]
            given = values.get(f"{kind}.{prop}", {})
            return [{"id": {"type": kind, "dim": d}, "property": prop, "value": given.get(d)} for d in dims]
        return {"id": component, "property": prop, "value": values.get(f"{component}.{prop}")}

    body = {"output": key, "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": [entry(d) for d in spec["inputs"]], "state": [entry(d) for d in spec["state"]],
            "changedPropIds": changed}
    response = signed_in(app, email, ADMIN_PASSWORD if email == ADMIN_EMAIL else PASSWORD).post(
        "/_dash-update-component", json=body)
    return response.status_code, response.get_data(as_text=True)


def show(app, email, round_id):
    return run(app, email, "show_round", [f"{ids.HC_ROUND}.value"],
               {f"{ids.HC_ROUND}.value": round_id, f"{ids.HC_VERSION}.data": 0, f"{ids.HC_MAP}.data": {"map_id": MAP}})


def save(app, email, round_id, scores, comments=None):
    return run(app, email, "save_answer", [f"{ids.HC_SAVE}.n_clicks"],
               {f"{ids.HC_SAVE}.n_clicks": 1, f"{ids.HC_SCORE}.value": scores, f"{ids.HC_COMMENT}.value": comments or {},
                f"{ids.HC_ROUND}.value": round_id, f"{ids.HC_MAP}.data": {"map_id": MAP}, f"{ids.HC_VERSION}.data": 0},
               dims=DIMS)


@pytest.fixture
def round_id(app):
    db = app.tocmap_db
    return health.start_round(db, MAP, "March workshop", DIMS, author(db, "fac@x.org")).id


def test_the_page_routes_and_offers_the_start_form_to_facilitators_only(app):
    route = lambda email: run(app, email, "show_page", [f"{ids.URL}.pathname"],
                              {f"{ids.URL}.pathname": f"/maps/{MAP}/health"})[1]
    assert "Partnership health check" in route("fac@x.org") and "Start the round" in route("fac@x.org")
    assert "Partnership health check" in route("ben@iph.org") and "Start the round" not in route("ben@iph.org")


def test_a_member_of_the_other_partner_gets_no_answers_before_reveal(app, round_id):
    status, _ = save(app, "ana@moh.org", round_id, {"trust": 5, "mutuality": 2, "communication": 3}, {"trust": SECRET})
    assert status == 200
    db = app.tocmap_db
    assert health.my_answer(db, MAP, round_id, author(db, "ana@moh.org")).comments == {"trust": SECRET}

    status, body = show(app, "ben@iph.org", round_id)
    assert status == 200 and SECRET not in body and "Ana" not in body
    assert "Your answer for" in body and ids.HC_RADAR not in body
    # even the facilitator's view shows who answered, not what
    status, body = show(app, "fac@x.org", round_id)
    assert "Ana (MoH Lumora)" in body and SECRET not in body and "Reveal the answers" in body

    health.reveal(db, MAP, round_id, author(db, "fac@x.org"))
    status, body = show(app, "ben@iph.org", round_id)
    assert SECRET in body and ids.HC_RADAR in body and "scatterpolar" in body


def test_a_score_outside_the_scale_posted_directly_is_refused_and_nothing_is_saved(app, round_id):
    status, body = save(app, "ben@iph.org", round_id, {"trust": 9, "mutuality": 3, "communication": 3})
    assert status == 200 and "must be a whole number from 1 to 5, not 9" in body
    db = app.tocmap_db
    assert health.answers(db, MAP, round_id, author(db, "fac@x.org")) == []


def test_a_member_cannot_reveal_or_start_by_posting_directly(app, round_id):
    save(app, "ben@iph.org", round_id, {"trust": 3, "mutuality": 3, "communication": 3})
    status, body = run(app, "ben@iph.org", "reveal_round", [f"{ids.HC_REVEAL}.n_clicks"],
                       {f"{ids.HC_REVEAL}.n_clicks": 1, f"{ids.HC_ROUND}.value": round_id,
                        f"{ids.HC_MAP}.data": {"map_id": MAP}, f"{ids.HC_VERSION}.data": 0})
    assert status == 200 and "may not manage" in body
    status, body = run(app, "ben@iph.org", "start_round", [f"{ids.HC_START}.n_clicks"],
                       {f"{ids.HC_START}.n_clicks": 1, f"{ids.HC_START_TITLE}.value": "Mine",
                        f"{ids.HC_START_DIMS}.value": DIMS, f"{ids.HC_MAP}.data": {"map_id": MAP}})
    db = app.tocmap_db
    assert "may not manage" in body and len(health.rounds(db, MAP, SYSTEM)) == 1
    assert not health.rounds(db, MAP, SYSTEM)[0].revealed


@pytest.mark.parametrize("meta, round_value", [(None, 1), ({"map_id": "1"}, 1), ({"map_id": 1}, "1; drop"),
                                               ({"map_id": 1}, [1]), ({"map_id": 99}, 1)])
def test_forged_values_are_refused_without_a_crash(app, round_id, meta, round_value):
    status, body = run(app, "ben@iph.org", "show_round", [f"{ids.HC_ROUND}.value"],
                       {f"{ids.HC_ROUND}.value": round_value, f"{ids.HC_MAP}.data": meta})
    assert status in (200, 204)
