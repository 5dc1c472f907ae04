"""The health check page's callbacks, POSTed directly as the Dash renderer would, by different members."""

from __future__ import annotations

import json

import pytest

from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD, example_app, post_callback, shown_text, signed_in
from tocmap.services import accounts, health
from tocmap.services.access import SYSTEM
from tocmap.ui import ids

MAP = 1
PASSWORD = "a long test password"
DIMS = ["trust", "mutuality", "communication"]
SECRET = "Our peers never share their data plans"


@pytest.fixture
def app(tmp_path):
    dash_app = example_app(tmp_path)
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


#: The pattern-matching components made per dimension: (type, property).
PER_DIMENSION = [(ids.HC_SCORE, "value"), (ids.HC_COMMENT, "value"), (ids.HC_ACT, "n_clicks")]


def run(app, email: str, callback: str, changed: list[str], values: dict, dims: list[str] = ()) -> tuple[int, str]:
    """Run a page callback as ``email``; pattern states are given as "type.property": {dim: value}."""
    patterns = {kind: [({"type": kind, "dim": d}, values.get(f"{kind}.{prop}", {}).get(d)) for d in dims]
                for kind, prop in PER_DIMENSION}
    client = signed_in(app, email, ADMIN_PASSWORD if email == ADMIN_EMAIL else PASSWORD)
    return post_callback(client, app, callback, changed, values, patterns)


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
    assert "Each partner scores the relationship privately" in route("fac@x.org") and "Start the round" in route("fac@x.org")
    assert "Each partner scores the relationship privately" in route("ben@iph.org") and "Start the round" not in route("ben@iph.org")


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
    assert status in (200, 204, 400)  # 400: refused before the callback runs (wrong type for the property)


def revealed_round(app, round_id):
    db = app.tocmap_db
    save(app, "ana@moh.org", round_id, {"trust": 5, "mutuality": 4, "communication": 4})
    save(app, "ben@iph.org", round_id, {"trust": 4, "mutuality": 2, "communication": 4})
    health.reveal(db, MAP, round_id, author(db, "fac@x.org"))


def act(app, email, round_id, what, kind="outcome", label="A named joint goal", text=None, dim="mutuality"):
    return run(app, email, "save_act", [f"{ids.HC_ACT_SAVE}.n_clicks"],
               {f"{ids.HC_ACT_SAVE}.n_clicks": 1, f"{ids.HC_ACT_WHAT}.value": what, f"{ids.HC_ACT_KIND}.value": kind,
                f"{ids.HC_ACT_LABEL}.value": label, f"{ids.HC_ACT_TEXT}.value": text, f"{ids.HC_ACT_DIM}.data": dim,
                f"{ids.HC_ROUND}.value": round_id, f"{ids.HC_MAP}.data": {"map_id": MAP}, f"{ids.HC_VERSION}.data": 0})


def test_a_gap_becomes_a_map_element_and_the_results_list_it(app, round_id):
    revealed_round(app, round_id)
    status, body = act(app, "ana@moh.org", round_id, "element")
    assert status == 200 and "Added “A named joint goal” to the map" in shown_text(body)
    status, body = show(app, "ben@iph.org", round_id)
    assert status == 200 and ids.HC_ACTIONS in body and "A named joint goal" in body
    assert "from the gap on Mutuality and two-way learning" in body
    assert ids.HC_EXPORT in body and f"/maps/{MAP}/health/{round_id}/results.csv" in json.dumps(json.loads(body))


def test_a_viewer_cannot_act_on_a_gap_by_posting_directly(app, round_id):
    db = app.tocmap_db
    accounts.create_user(db, "vic@iph.org", "Vic", PASSWORD)
    accounts.set_member(db, MAP, "vic@iph.org", "viewer", "iph", SYSTEM)
    revealed_round(app, round_id)
    status, body = show(app, "vic@iph.org", round_id)
    assert ids.HC_ACT not in body.replace(ids.HC_ACTIONS, "")
    status, body = act(app, "vic@iph.org", round_id, "element")
    assert status == 200 and "Not created" in body and "may not" in body
    assert health.rounds(db, MAP, SYSTEM)[0].actions == []


@pytest.mark.parametrize("title, points, names, words", [
    ("", 5, "", "needs a title"), ("Data", 1, "", "needs 2 to 11 points"), ("Data", 3, "Low, High", "named 2"),
    ("Trust", 5, "", None),
])
def test_adding_an_own_dimension_checks_it_at_once(app, title, points, names, words):
    status, body = run(app, "fac@x.org", "edit_custom", [f"{ids.HC_CUSTOM_ADD}.n_clicks"],
                       {f"{ids.HC_CUSTOM_ADD}.n_clicks": 1, f"{ids.HC_CUSTOM_TITLE}.value": title,
                        f"{ids.HC_CUSTOM_POINTS}.value": points, f"{ids.HC_CUSTOM_NAMES}.value": names,
                        f"{ids.HC_CUSTOM}.data": []})
    assert status == 200
    if words:
        assert "Not added" in body and words in body
    else:
        added = json.loads(body)["response"][ids.HC_CUSTOM]["data"]
        assert added == [{"title": "Trust", "statement": "", "points": ["1", "2", "3", "4", "5"]}]


def test_a_round_starts_with_the_facilitators_own_dimension(app):
    own = [{"title": "Data sharing", "statement": "We share data.", "points": ["Never", "Sometimes", "Always"]}]
    status, body = run(app, "fac@x.org", "start_round", [f"{ids.HC_START}.n_clicks"],
                       {f"{ids.HC_START}.n_clicks": 1, f"{ids.HC_START_TITLE}.value": "Mine",
                        f"{ids.HC_START_DIMS}.value": DIMS, f"{ids.HC_MAP}.data": {"map_id": MAP},
                        f"{ids.HC_CUSTOM}.data": own})
    assert status == 200 and "Started “Mine”" in shown_text(body)
    round_ = health.rounds(app.tocmap_db, MAP, SYSTEM)[0]
    assert [d.key for d in round_.dimensions] == [*DIMS, "data_sharing"] and round_.dimensions[-1].scale_max == 3


def test_a_gap_becomes_a_learning_log_entry_from_the_dialog(app, round_id):
    revealed_round(app, round_id)
    status, body = act(app, "ben@iph.org", round_id, "learning", text="No goal of our own has been named yet.")
    assert status == 200 and "Wrote a learning-log entry" in body
    status, body = show(app, "ana@moh.org", round_id)
    assert "in the learning log" in body and f"/maps/{MAP}/learning" in json.dumps(json.loads(body))
    status, body = act(app, "ben@iph.org", round_id, "poem")
    assert "Choose a map element or a learning-log entry" in body


def test_results_download_with_permission_checks(app, round_id):
    accounts.create_user(app.tocmap_db, "out@x.org", "Out", PASSWORD)
    url = f"/maps/{MAP}/health/{round_id}/results"
    ben = signed_in(app, "ben@iph.org", PASSWORD)
    save(app, "ana@moh.org", round_id, {"trust": 5, "mutuality": 4, "communication": 4}, {"trust": SECRET})
    response = ben.get(url + ".csv")
    assert response.status_code == 403 and "not been revealed" in response.get_data(as_text=True)
    health.reveal(app.tocmap_db, MAP, round_id, author(app.tocmap_db, "fac@x.org"))
    response = ben.get(url + ".csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"] and SECRET in response.get_data(as_text=True)
    response = ben.get(url + ".png")
    assert response.status_code == 200 and response.data[:4] == b"\x89PNG"
    assert ben.get(url + ".svg").mimetype == "image/svg+xml"
    assert ben.get(url + ".exe").status_code == 400
    assert ben.get(f"/maps/{MAP}/health/{round_id + 9}/results.csv").status_code == 404
    outsider = signed_in(app, "out@x.org", PASSWORD).get(url + ".csv")
    assert outsider.status_code == 403 and SECRET not in outsider.get_data(as_text=True)


@pytest.mark.parametrize("what, kind, label, dim", [
    ("element", ["outcome"], "Goal", "trust"), ("element", "outcome", {"x": 1}, "trust"),
    ("element", "outcome", "Goal", ["trust"]), (None, None, None, None), ("learning", "outcome", "Goal", 7),
])
def test_forged_actions_get_a_message_without_a_crash_and_change_nothing(app, round_id, what, kind, label, dim):
    revealed_round(app, round_id)
    status, body = act(app, "ana@moh.org", round_id, what, kind=kind, label=label, dim=dim)
    assert (status == 200 and "Not created" in body) or (status == 400 and "Refused" in body)
    assert health.rounds(app.tocmap_db, MAP, SYSTEM)[0].actions == []


@pytest.mark.parametrize("custom", [[{"title": ["x"]}], "nope", [{"title": "A", "points": {"a": 1}}], [None, 3]])
def test_forged_own_dimensions_are_refused_without_a_crash(app, custom):
    status, body = run(app, "fac@x.org", "start_round", [f"{ids.HC_START}.n_clicks"],
                       {f"{ids.HC_START}.n_clicks": 1, f"{ids.HC_START_TITLE}.value": "Mine",
                        f"{ids.HC_START_DIMS}.value": DIMS, f"{ids.HC_MAP}.data": {"map_id": MAP},
                        f"{ids.HC_CUSTOM}.data": custom})
    assert status == 200 and "Not started" in body and health.rounds(app.tocmap_db, MAP, SYSTEM) == []
    status, body = run(app, "fac@x.org", "edit_custom", [f"{ids.HC_CUSTOM_ADD}.n_clicks"],
                       {f"{ids.HC_CUSTOM_ADD}.n_clicks": 1, f"{ids.HC_CUSTOM_TITLE}.value": "Fine",
                        f"{ids.HC_CUSTOM_POINTS}.value": "x", f"{ids.HC_CUSTOM}.data": custom})
    assert status == 200 and ("Not added" in body or ids.HC_CUSTOM in body)
