"""The indicators tab's callbacks POSTed directly, as the Dash renderer would: refusals save nothing."""

from __future__ import annotations

import json

import pytest

from tests.web import example_app, signed_in
from tocmap.services import accounts, maps
from tocmap.services.access import SYSTEM
from tocmap.ui.editor import ids
from tocmap.ui.editor.indicators import CELL_ROWS, OBS_FIELDS

MAP = 1
PASSWORD = "a long test password"
META = {"map_id": MAP, "partnership_id": "x", "revision": 1, "partner": "moh"}


@pytest.fixture
def app(tmp_path):
    dash_app = example_app(tmp_path)
    db = dash_app.tocmap_db
    for email, role in [("vera@moh.org", "viewer"), ("ed@moh.org", "editor"), ("mel@moh.org", "mel_lead")]:
        accounts.create_user(db, email, role.title(), PASSWORD)
        accounts.set_member(db, MAP, email, role, "moh", SYSTEM)
    META["partnership_id"] = maps.get_map(db, MAP, who=SYSTEM)[1].id
    yield dash_app
    db.dispose()


def revision(app) -> int:
    return maps.list_maps(app.tocmap_db, who=SYSTEM)[0].revision


def observations(app, indicator: str = "ind-completeness") -> int:
    return len(maps.get_map(app.tocmap_db, MAP, who=SYSTEM)[2].indicators[indicator].observations)


def record(app, email: str, value: str, day: str = "2026-03-31", cells=None, indicator="ind-completeness") -> str:
    """POST the "Record" button of the observation form."""
    key, spec = next((k, s) for k, s in app.callback_map.items()
                     if getattr(s.get("callback"), "__name__", None) == "save_observation")
    parts = key[2:-2].split("...")
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
    form = {"value": value, "date": day, "evidence": "DHIS2 export"}
    cells = cells or []
    state = [
        [{"id": {"type": ids.OBS_FIELD, "name": n}, "property": "value", "value": form.get(n, "")} for n in OBS_FIELDS],
        [{"id": {"type": ids.OBS_CELL, "row": r, "part": p}, "property": "value",
          "value": (cells[r] if r < len(cells) else {}).get(p, "")} for r in range(CELL_ROWS)
         for p in ("dimensions", "value")],
        {"id": ids.OBS_FOR, "property": "data", "value": {"indicator": indicator}},
        {"id": ids.IND_VERSION, "property": "data", "value": 0},
        {"id": ids.EDITOR_MAP, "property": "data", "value": META},
        {"id": ids.UNDO, "property": "data", "value": None},
    ]
    assert len(state) == len(spec["state"])
    body = {"output": key, "outputs": outputs,
            "inputs": [{"id": ids.OBS_SAVE, "property": "n_clicks", "value": 1}], "state": state,
            "changedPropIds": [f"{ids.OBS_SAVE}.n_clicks"]}
    response = signed_in(app, email, PASSWORD).post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return json.dumps(response.get_json(), ensure_ascii=False)


@pytest.mark.parametrize("email, role", [("vera@moh.org", "Viewers"), ("ed@moh.org", "Editors")])
def test_a_viewer_or_editor_posting_a_value_is_refused_and_nothing_is_saved(app, email, role):
    before, count = revision(app), observations(app)
    answer = record(app, email, "81")
    assert f"{role} of map 1 may not edit indicators" in answer
    assert (revision(app), observations(app)) == (before, count)


def test_text_in_a_number_field_is_refused_with_a_clear_message(app):
    before = revision(app)
    answer = record(app, "mel@moh.org", "eighty")
    assert "The value must be a number, not “eighty”" in answer and revision(app) == before


def test_a_mel_lead_records_a_value_and_is_warned_when_the_disaggregation_does_not_add_up(app):
    count = observations(app, "ind-trained")
    answer = record(app, "mel@moh.org", "81", cells=[{"dimensions": "region=north", "value": "40"},
                                                     {"dimensions": "region=south", "value": "30"}],
                    indicator="ind-trained")
    assert observations(app, "ind-trained") == count + 1
    assert "By region: north 40 + south 30 = 70, but the total is 81." in answer


def test_the_partner_of_a_value_comes_from_the_membership_not_the_page(app):
    META["partner"] = "iph"  # a forged page store
    try:
        record(app, "mel@moh.org", "82", indicator="ind-trained")
    finally:
        META["partner"] = "moh"
    last = maps.get_map(app.tocmap_db, MAP, who=SYSTEM)[2].indicators["ind-trained"].observations[-1]
    assert (last.value, last.partner, last.reported_by) == (82.0, "moh", "Mel_Lead")


def press(app, email: str, kind: str, how: str, indicator: str = "ind-trained") -> str:
    """POST a button of an indicator card: retire/reactivate, or agree/dispute/withdraw."""
    key, spec = next((k, s) for k, s in app.callback_map.items()
                     if getattr(s.get("callback"), "__name__", None) == "retire_or_stand")
    outputs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in key[2:-2].split("...")]
    pressed = {"id": {"type": kind, "id": indicator, "how": how}, "property": "n_clicks", "value": 1}
    if kind == ids.IND_DROP:
        pressed["id"] = {"type": kind, "id": indicator, "obs": how}
    inputs = [[pressed] if kind == k else [] for k in (ids.IND_RETIRE, ids.IND_STAND, ids.IND_DROP)]
    state = [{"id": ids.IND_VERSION, "property": "data", "value": 0},
             {"id": ids.EDITOR_MAP, "property": "data", "value": META},
             {"id": ids.UNDO, "property": "data", "value": None}]
    changed = json.dumps(pressed["id"], sort_keys=True, separators=(",", ":")) + ".n_clicks"
    body = {"output": key, "outputs": outputs, "inputs": inputs, "state": state, "changedPropIds": [changed]}
    response = signed_in(app, email, PASSWORD).post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return json.dumps(response.get_json(), ensure_ascii=False)


def trained(app):
    return maps.get_map(app.tocmap_db, MAP, who=SYSTEM)[2].indicators["ind-trained"]


def test_members_agree_for_their_own_partner_and_only_mel_leads_retire(app):
    before = trained(app)
    press(app, "ed@moh.org", ids.IND_STAND, "dispute")
    assert trained(app).disputed_by == ["moh"]
    assert "Viewers of map 1 may not agree" in press(app, "vera@moh.org", ids.IND_STAND, "agree")
    assert "Editors of map 1 may not edit indicators" in press(app, "ed@moh.org", ids.IND_RETIRE, "retire")
    assert trained(app).status == before.status == "active"
    press(app, "mel@moh.org", ids.IND_RETIRE, "retire")
    assert trained(app).status == "retired"


def test_a_mel_lead_removes_a_wrong_value_and_a_viewer_cannot(app):
    wrong = trained(app).observations[0].id
    assert "Viewers of map 1 may not edit indicators" in press(app, "vera@moh.org", ids.IND_DROP, wrong)
    press(app, "mel@moh.org", ids.IND_DROP, wrong)
    assert wrong not in [o.id for o in trained(app).observations]
