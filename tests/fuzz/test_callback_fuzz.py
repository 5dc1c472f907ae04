"""Every Dash callback, POSTed with random values for its inputs and states, answers below 500 and a refusal
changes nothing: forged bodies get a clear 400 or a harmless answer, never a crash."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.forge import (
    JSON,
    app_for_fuzzing,
    callback_body,
    facts_of_an_app,
    fingerprint,
)
from tests.web import signed_in

MAP = {"map_id": 1, "partnership_id": "ps", "revision": 1, "partner": None}
#: Plausible values for the stores most callbacks read, so that random values also reach past the first check.
PLAUSIBLE = {"editor-map.data": MAP, "url.pathname": "/maps/1", "url.search": ""}
EXAMPLES = int(os.environ.get("TOCMAP_FUZZ_EXAMPLES", "4"))


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    """The app with the worked example, rate limits out of the way, and the administrator signed in."""
    app = app_for_fuzzing(tmp_path_factory.mktemp("fuzz"))
    return app, signed_in(app)


def server_callbacks(app) -> list[str]:
    """The output key of every callback that runs on the server (clientside ones never reach it)."""
    return sorted(k for k, s in app.callback_map.items() if s.get("callback"))


CALLBACKS = facts_of_an_app(server_callbacks)


@pytest.mark.parametrize("key", CALLBACKS)
def test_a_forged_callback_never_answers_500(fuzz_app, key):
    app, client = fuzz_app
    spec = app.callback_map[key]

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(body=callback_body(key, spec, PLAUSIBLE))
    def check(body):
        before = fingerprint(app.tocmap_db)
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code < 500, (body, response.get_data(as_text=True)[:300])
        assert "went wrong on our side" not in response.get_data(as_text=True), body  # a crash shown as a message
        if response.status_code >= 400:
            assert fingerprint(app.tocmap_db) == before

    check()


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=JSON | st.fixed_dictionaries({}, optional={"output": JSON, "outputs": JSON, "inputs": JSON,
                                                       "state": JSON, "changedPropIds": JSON}))
def test_a_malformed_callback_body_answers_400(fuzz_app, body):
    app, client = fuzz_app
    before = fingerprint(app.tocmap_db)
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert fingerprint(app.tocmap_db) == before


def test_a_missing_map_store_or_a_wrong_click_count_is_named_in_the_refusal(fuzz_app):
    from tests.web import post_callback

    app, client = fuzz_app
    before = fingerprint(app.tocmap_db)
    status, body = post_callback(client, app, "start_thread", ["comment-send.n_clicks"],
                                 {"comment-send.n_clicks": 1, "comment-text.value": "Hello", "editor-map.data": {}})
    assert status == 400 and "editor-map.data must be an object with the map id" in body
    status, body = post_callback(client, app, "start_thread", ["comment-send.n_clicks"],
                                 {"comment-send.n_clicks": "1", "comment-text.value": "Hello", "editor-map.data": MAP})
    assert status == 400 and "comment-send.n_clicks must be a count" in body
    assert fingerprint(app.tocmap_db) == before
    status, body = post_callback(client, app, "start_thread", ["comment-send.n_clicks"],
                                 {"comment-send.n_clicks": 1, "comment-text.value": "Hello", "editor-map.data": MAP})
    assert status == 200 and "Hello" in body  # the same call, well formed, goes through


def test_a_call_to_a_callback_the_app_does_not_have_is_refused(fuzz_app):
    _, client = fuzz_app
    response = client.post("/_dash-update-component", json={"output": "nowhere.children", "outputs": {},
                                                            "inputs": [], "state": [], "changedPropIds": []})
    assert response.status_code == 400 and "no callback for nowhere.children" in response.get_json()["message"]
