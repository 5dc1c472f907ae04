"""The JSON API lists only the elements or links whose value of one of the map's fields fits, when asked."""

import pytest

from tests.integration.test_api import bearer
from tests.web import example_app
from tocmap.services import fields
from tocmap.services.access import SYSTEM


@pytest.fixture
def app(tmp_path):
    app = example_app(tmp_path)
    db = app.tocmap_db
    fields.define_field(db, 1, SYSTEM, "Budget", "number")
    fields.define_field(db, 1, SYSTEM, "Priority", "choice", choices=["High", "Low"], applies_to="both")
    fields.define_field(db, 1, SYSTEM, "Start", "date")
    for element_id, values in (("oc-1", {"budget": "5000", "priority": "High", "start": "2025-02-01"}),
                               ("oc-2", {"budget": "50", "priority": "Low", "start": "2026-01-01"})):
        fields.set_values(db, 1, "element", element_id, values, SYSTEM)
    return app


def listed(app, query: str, kind: str = "elements") -> tuple[int, object]:
    """(status, sorted ids or the refusal's words) of a viewer's listing with this query."""
    if not hasattr(app, "viewer"):
        app.viewer = bearer(app, "viewer@x.org", "viewer")
    answer = app.server.test_client().get(f"/api/v1/maps/1/{kind}?{query}", headers=app.viewer)
    body = answer.get_json()
    return answer.status_code, sorted(e["id"] for e in body) if answer.status_code == 200 else body["message"]


def test_elements_are_filtered_by_a_range_an_option_or_a_date(app):
    assert listed(app, "field=budget&min=1000") == (200, ["oc-1"])
    assert listed(app, "field=budget&min=10&max=100") == (200, ["oc-2"])
    assert listed(app, "field=priority&value=High&value=Low") == (200, ["oc-1", "oc-2"])
    assert listed(app, "field=start&max=2025-12-31") == (200, ["oc-1"])
    assert listed(app, "field=priority&value=High", "links") == (200, [])
    status, everything = listed(app, "")
    assert status == 200 and len(everything) > 2


@pytest.mark.parametrize("query, words", [
    ("field=cost", "no field 'cost'"),
    ("field=budget&contains=5", "'Budget' is a number field"),
    ("field=budget&min=lots", "filter"),
    ("field=priority&value=Urgent", "no option 'Urgent'"),
    ("field=budget&min=9&max=1", "lower end"),
])
def test_a_filter_that_does_not_fit_gets_400_in_words(app, query, words):
    status, message = listed(app, query)
    assert status == 400 and words in message
