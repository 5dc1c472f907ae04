"""Every API route, called with random path values, query strings and JSON bodies, answers below 500,
and a refused request changes nothing in the database."""

from __future__ import annotations

import os
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.forge import (
    JSON,
    NUMBERS,
    app_for_fuzzing,
    facts_of_an_app,
    fingerprint,
)
from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD
from tocmap import api_bodies
from tocmap.domain.model import Element, Link
from tocmap.services import accounts

EXAMPLES = int(os.environ.get("TOCMAP_FUZZ_EXAMPLES", "4")) * 4

#: Every field name an API body knows, so that random bodies often name real fields with wrong values.
FIELDS = sorted({name for model in vars(api_bodies).values() if isinstance(model, type)
                 and issubclass(model, api_bodies.Body) for name in model.model_fields}
                | set(Element.model_fields) | set(Link.model_fields) | {"op", "ops"})
BODIES = JSON | st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=5) | st.fixed_dictionaries(
    {"change": st.fixed_dictionaries({"op": st.sampled_from(["update_element", "add_element", "batch", "note"]),
                                      "id": st.sampled_from(["oc-1", "x"]), "set": JSON})},
    optional={"base_revision": JSON})
PATH_INTS = st.sampled_from([0, 1, 2, 2**53, 2**53 + 1, 10**20]) | st.integers(0, 10**6)
PATH_TEXT = st.sampled_from(["oc-1", "moh", "iph", "merge", "retire", "reinstate", "x"]) | st.text(min_size=1,
                                                                                              max_size=8)
QUERIES = st.dictionaries(st.sampled_from(["limit", "before", "revision", "base_revision", "subject_kind",
                                           "subject_id", "partner"]),
                          NUMBERS.map(str) | st.text(max_size=6) | st.sampled_from(["true", "-1", "1e3"]), max_size=3)


@pytest.fixture(scope="module")
def fuzz_api(tmp_path_factory):
    """The app with the worked example, rate limits out of the way, and the administrator's API token."""
    app = app_for_fuzzing(tmp_path_factory.mktemp("fuzz-api"))
    db = app.tocmap_db
    token = accounts.create_token(db, accounts.authenticate(db, ADMIN_EMAIL, ADMIN_PASSWORD), "fuzz")
    return app, {"Authorization": f"Bearer {token}"}


def api_routes(app) -> list[tuple[str, str]]:
    """(method, rule) of every /api/ route."""
    return sorted({(method, rule.rule) for rule in app.server.url_map.iter_rules() if rule.rule.startswith("/api/")
                   for method in rule.methods - {"HEAD", "OPTIONS"}})


ROUTES = facts_of_an_app(api_routes)


def test_the_fuzz_covers_the_api():
    assert len(ROUTES) >= 20 and ("POST", "/api/v1/maps/<int:map_id>/changes") in ROUTES


@pytest.mark.parametrize("method, rule", ROUTES)
def test_a_random_api_request_never_answers_500(fuzz_api, method, rule):
    app, headers = fuzz_api
    client = app.server.test_client()
    db = app.tocmap_db

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.data())
    def check(data):
        path = re.sub(r"<int:\w+>", lambda _: str(data.draw(PATH_INTS)), rule)
        path = re.sub(r"<\w+>", lambda _: quote(data.draw(PATH_TEXT), safe=""), path)
        query = data.draw(QUERIES)
        body = data.draw(BODIES) if method in ("POST", "PATCH", "PUT") else None
        before = fingerprint(db)
        response = client.open(path, method=method, query_string=query, headers=headers,
                               **({"json": body} if body is not None or method != "GET" else {}))
        assert response.status_code < 500, (method, path, query, body, response.get_data(as_text=True)[:300])
        if response.status_code >= 400:
            assert fingerprint(db) == before, (method, path, body)
        if response.is_json and response.status_code >= 400:
            assert response.get_json().get("message"), "a refusal says why"

    check()


@pytest.mark.parametrize("path, body, field", [
    ("/api/v1/maps/1/changes", {"change": {"op": "note", "text": "x"}, "base_revision": True}, "base_revision"),
    ("/api/v1/maps", {"title": "T", "template": 5}, "template"),
    ("/api/v1/maps/1/changes", {"change": {"op": "note", "text": "x"}, "base_revision": 10**20}, "base_revision"),
    ("/api/v1/maps/1/comments", {"text": ["not", "text"]}, "text"),
    ("/api/v1/maps/1/comments/1/resolve", {"resolved": "yes"}, "resolved"),
])
def test_a_body_of_the_wrong_type_gets_400_naming_the_field(fuzz_api, path, body, field):
    app, headers = fuzz_api
    before = fingerprint(app.tocmap_db)
    response = app.server.test_client().post(path, json=body, headers=headers)
    assert response.status_code == 400 and field in response.get_json()["message"]
    assert fingerprint(app.tocmap_db) == before


@pytest.mark.parametrize("path", ["/api/v1/maps/100000000000000000000", "/api/v1/maps/1/history?limit=100000000000000000000",
                                  "/api/v1/maps/1/history?before=100000000000000000000",
                                  "/api/v1/maps/1?revision=100000000000000000000"])
def test_numbers_beyond_two_to_the_53_are_refused_cleanly(fuzz_api, path):
    app, headers = fuzz_api
    response = app.server.test_client().get(path, headers=headers)
    assert response.status_code in (400, 404) and response.get_json()["message"]


@pytest.mark.parametrize("body", ["[1, 2]", "3", '"text"', "null", "{not json"])
def test_a_body_that_is_not_a_json_object_gets_400(fuzz_api, body):
    app, headers = fuzz_api
    response = app.server.test_client().post("/api/v1/maps", data=body, headers=headers,
                                             content_type="application/json")
    assert response.status_code == 400 and "JSON object" in response.get_json()["message"]
