"""The results framework page's callbacks, run without a browser: JSON POSTs to /_dash-update-component.

Each request carries the body the Dash renderer sends (output, outputs, inputs, state,
changedPropIds), so the real routing, validation and database are exercised.
"""

from __future__ import annotations

import json

import pytest
from plotly.utils import PlotlyJSONEncoder

from tests.web import signed_in
from tocmap.domain.changes import RemoveElement, UpdateElement
from tocmap.domain.framework import LEVELS
from tocmap.domain.model import SystemAuthor
from tocmap.services import history, maps
from tocmap.ui import ids
from tocmap.services.access import SYSTEM

MAP = 1  # the worked example
OUTCOME = "oc-1"
LEVEL_KINDS = [level.kind.value for level in LEVELS]


@pytest.fixture
def db(app):
    """The database of the app with the worked example."""
    return app.tocmap_db


def _pattern(pattern_id: str, level: str) -> dict:
    return {"type": json.loads(pattern_id)["type"], "level": level}


def _key(component) -> str:
    """How the renderer and the response name a component id (pattern ids as sorted, compact JSON)."""
    return component if isinstance(component, str) else json.dumps(component, sort_keys=True, separators=(",", ":"))


def run(app, callback: str, changed: list[str], values: dict) -> tuple[int, dict]:
    """Run the page callback named ``callback`` as the browser would.

    ``values`` maps "id.property" to a value; a pattern-matched input is given per level as
    "type.property": {level: value}. ``changed`` lists the "id.property" that triggered it.
    Returns the status code and the props the callback set, as {"id.property": value}.
    """
    key, spec = next((k, s) for k, s in app.callback_map.items()
                     if getattr(s.get("callback"), "__name__", None) == callback)
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    outputs = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        if component.startswith("{"):
            outputs.append([{"id": _pattern(component, kind), "property": prop} for kind in LEVEL_KINDS])
        else:
            outputs.append({"id": component, "property": prop})

    def entry(dependency):
        component, prop = dependency["id"], dependency["property"]
        if component.startswith("{"):
            per_level = values.get(f"{json.loads(component)['type']}.{prop}", {})
            return [{"id": _pattern(component, kind), "property": prop, "value": per_level.get(kind)}
                    for kind in LEVEL_KINDS]
        return {"id": component, "property": prop, "value": values.get(f"{component}.{prop}")}

    body = {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": [entry(d) for d in spec["inputs"]],
        "state": [entry(d) for d in spec["state"]],
        "changedPropIds": changed,
    }
    response = signed_in(app).post("/_dash-update-component", json=body)
    if response.status_code != 200:
        return response.status_code, {}
    props = {}
    for component, changes in response.get_json()["response"].items():
        for prop, value in changes.items():
            props[f"{component}.{prop}"] = value
    return 200, props


def page_meta(db) -> dict:
    info, partnership, _ = maps.get_map(db, MAP, who=SYSTEM)
    return {"map_id": MAP, "partnership_id": partnership.id, "revision": info.revision}


def editing(db, element_id: str = OUTCOME) -> dict:
    """What the edit form holds after the narrative of ``element_id`` was clicked, by a reader of its own language."""
    _, _, state = maps.get_map(db, MAP, who=SYSTEM)
    element = state.elements[element_id]
    return {"id": element.id, "label": element.label, "description": element.description, "language": None,
            "marks": {}}


def save(app, meta, form, label, description, identity=None):
    values = {
        f"{ids.FW_SAVE}.n_clicks": 1, f"{ids.FW_LABEL}.value": label, f"{ids.FW_DESCRIPTION}.value": description,
        f"{ids.FW_EDITING}.data": form, f"{ids.FW_MAP}.data": meta, "identity.data": identity  # ignored: the author is the signed-in account,
    }
    return run(app, "save_narrative", [f"{ids.FW_SAVE}.n_clicks"], values)


def label_of(db, element_id: str = OUTCOME) -> str:
    return maps.get_map(db, MAP, who=SYSTEM)[2].elements[element_id].label


def grid_rows(props: dict, level: str) -> list[dict]:
    return props[f"{_key({'type': ids.FW_GRID, 'level': level})}.rowData"]


def text(component) -> str:
    """All the text in a rendered component (as JSON), for checking messages."""
    return json.dumps(component, ensure_ascii=False, cls=PlotlyJSONEncoder)


# --------------------------------------------------------------------------- the page


def test_the_page_shows_every_level_of_the_example(app):
    _, props = run(app, "show_page", [f"{ids.URL}.pathname"], {f"{ids.URL}.pathname": f"/maps/{MAP}/framework"})
    page = text(props[f"{ids.PAGE}.children"])
    for title in ("Impact", "Outcomes", "Outputs", "Activities", "Results framework", "Learning", "Health check"):
        assert title in page
    assert "District data managers submit complete, timely weekly IDSR reports" in page
    assert "Not in the results chain" in page


def test_the_address_routes_to_the_page_and_an_unknown_map_gets_a_message(app):
    status, props = run(app, "show_page", [f"{ids.URL}.pathname"], {f"{ids.URL}.pathname": "/maps/1/framework"})
    assert status == 200 and "Results framework" in text(props[f"{ids.PAGE}.children"])
    status, props = run(app, "show_page", [f"{ids.URL}.pathname"], {f"{ids.URL}.pathname": "/maps/99/framework"})
    assert "There is no map 99." in text(props[f"{ids.PAGE}.children"])


def test_clicking_a_narrative_opens_the_form_with_the_current_wording(app, db):
    clicked = {"colId": "narrative", "rowId": OUTCOME, "rowIndex": 0, "value": "...", "timestamp": 1}
    status, props = run(app, "open_editor", [_key({"type": ids.FW_GRID, "level": "outcome"}) + ".cellClicked"],
                        {f"{ids.FW_GRID}.cellClicked": {"outcome": clicked}, f"{ids.FW_MAP}.data": page_meta(db)})
    assert status == 200
    assert props[f"{ids.FW_MODAL}.is_open"] is True
    assert props[f"{ids.FW_LABEL}.value"] == label_of(db)
    assert props[f"{ids.FW_EDITING}.data"] == editing(db)
    assert props[f"{ids.FW_MODAL_TITLE}.children"] == "Edit the outcome"


def test_clicking_an_indicator_cell_does_not_open_the_form(app, db):
    clicked = {"colId": "indicators", "rowId": OUTCOME, "rowIndex": 0, "value": "...", "timestamp": 1}
    status, props = run(app, "open_editor", [_key({"type": ids.FW_GRID, "level": "outcome"}) + ".cellClicked"],
                        {f"{ids.FW_GRID}.cellClicked": {"outcome": clicked}, f"{ids.FW_MAP}.data": page_meta(db)})
    assert status == 204 or f"{ids.FW_MODAL}.is_open" not in props


def test_opening_the_form_on_a_stale_page_shows_the_latest_map(app, db):
    meta = page_meta(db)
    history.apply(db, MAP, UpdateElement(id=OUTCOME, set={"label": "Changed on the map"}), SystemAuthor(name="Ben"))
    clicked = {"colId": "narrative", "rowId": OUTCOME, "rowIndex": 0, "value": "...", "timestamp": 1}
    _, props = run(app, "open_editor", [_key({"type": ids.FW_GRID, "level": "outcome"}) + ".cellClicked"],
                   {f"{ids.FW_GRID}.cellClicked": {"outcome": clicked}, f"{ids.FW_MAP}.data": meta})
    assert props[f"{ids.FW_LABEL}.value"] == "Changed on the map"
    assert props[f"{ids.FW_MAP}.data"]["revision"] == meta["revision"] + 1
    assert any(row["label"] == "Changed on the map" for row in grid_rows(props, "outcome"))


# --------------------------------------------------------------------------- editing


def test_saving_a_narrative_edits_the_element_on_the_map(app, db):
    meta = page_meta(db)
    status, props = save(app, meta, editing(db), "  Districts report on time  ", "Every week.", {"name": "Amina"})
    assert status == 200
    assert label_of(db) == "Districts report on time"
    assert maps.get_map(db, MAP, who=SYSTEM)[2].elements[OUTCOME].description == "Every week."
    assert props[f"{ids.FW_MAP}.data"]["revision"] == meta["revision"] + 1
    assert props[f"{ids.FW_MODAL}.is_open"] is False
    assert any(row["label"] == "Districts report on time" for row in grid_rows(props, "outcome"))
    assert "Saved" in text(props[f"{ids.FW_ALERTS}.children"])
    last = history.history(db, MAP, limit=1, who=SYSTEM)[0]
    assert last.author.name == "Administrator" and last.change.set == {"label": "Districts report on time",
                                                                        "description": "Every week."}


def test_the_author_is_the_signed_in_account_whatever_the_browser_claims(app, db):
    meta = page_meta(db)
    forged = {"name": "Someone else", "partners": {meta["partnership_id"]: "iph"}}
    save(app, meta, editing(db), "Districts report on time", editing(db)["description"], forged)
    last = history.history(db, MAP, limit=1, who=SYSTEM)[0]
    assert (last.author.name, last.author.partner) == ("Administrator", None)


def test_an_unchanged_form_closes_without_a_new_revision(app, db):
    meta, form = page_meta(db), editing(db)
    status, props = save(app, meta, form, form["label"], form["description"])
    assert status == 200 and props[f"{ids.FW_MODAL}.is_open"] is False
    assert page_meta(db)["revision"] == meta["revision"]


@pytest.mark.parametrize("label, words", [
    ("", "The narrative cannot be empty"), ("   ", "The narrative cannot be empty"),
    ("x" * 201, "201 characters long; keep it to 200"),
])
def test_an_empty_or_overlong_narrative_is_refused_and_nothing_changes(app, db, label, words):
    meta, before = page_meta(db), label_of(db)
    status, props = save(app, meta, editing(db), label, "")
    assert status == 200
    assert words in text(props[f"{ids.FW_MESSAGE}.children"])
    assert f"{ids.FW_MODAL}.is_open" not in props  # the form stays open with what was typed
    assert label_of(db) == before and page_meta(db)["revision"] == meta["revision"]


def test_a_clash_with_someone_elses_edit_names_them_and_keeps_their_value(app, db):
    meta, form = page_meta(db), editing(db)
    history.apply(db, MAP, UpdateElement(id=OUTCOME, set={"label": "Ben's wording"}), SystemAuthor(name="Ben"))
    status, props = save(app, meta, form, "Amina's wording", form["description"], {"name": "Amina"})
    assert status == 200
    message = text(props[f"{ids.FW_MESSAGE}.children"])
    assert "Ben changed the label" in message and "Ben's wording" in message
    assert label_of(db) == "Ben's wording"
    assert any(row["label"] == "Ben's wording" for row in grid_rows(props, "outcome"))  # the table shows what is saved
    assert props[f"{ids.FW_MAP}.data"]["revision"] == meta["revision"] + 1
    # having seen Ben's wording, Amina may save hers on purpose
    save(app, props[f"{ids.FW_MAP}.data"], props[f"{ids.FW_EDITING}.data"], "Amina's wording",
         form["description"], {"name": "Amina"})
    assert label_of(db) == "Amina's wording"


def test_edits_of_different_fields_from_the_same_revision_both_count(app, db):
    meta, form = page_meta(db), editing(db)
    history.apply(db, MAP, UpdateElement(id=OUTCOME, set={"label": "Ben's wording"}), SystemAuthor(name="Ben"))
    status, _ = save(app, meta, form, form["label"], "A clearer description.")
    assert status == 200
    _, _, state = maps.get_map(db, MAP, who=SYSTEM)
    assert state.elements[OUTCOME].label == "Ben's wording"
    assert state.elements[OUTCOME].description == "A clearer description."


def test_editing_an_element_someone_removed_says_so(app, db):
    meta, form = page_meta(db), editing(db)
    history.apply(db, MAP, RemoveElement(id=OUTCOME), SystemAuthor(name="Ben"))
    status, props = save(app, meta, form, "Too late", "")
    assert status == 200
    assert f"Ben removed “{form['label']}”" in text(props[f"{ids.FW_MESSAGE}.children"])
    assert all(row["id"] != OUTCOME for row in grid_rows(props, "outcome"))
    assert OUTCOME not in maps.get_map(db, MAP, who=SYSTEM)[2].elements


def test_a_forged_request_without_a_form_changes_nothing(app, db):
    meta = page_meta(db)
    status, _ = save(app, meta, None, "Sneaky", "")
    assert status in (200, 204)
    assert page_meta(db)["revision"] == meta["revision"]


@pytest.mark.parametrize("form, meta, label", [
    ({"id": "not an id!"}, "page", "Sneaky"),
    ("oc-1", None, "Sneaky"),
    ({"id": OUTCOME, "label": "x"}, {"map_id": "1", "revision": "x", "partnership_id": "p"}, "Sneaky"),
    ({"id": OUTCOME, "label": "x"}, "page", ["not", "text"]),
    ({"id": OUTCOME, "label": "x"}, "page", {"label": 3}),
])
def test_forged_values_are_refused_without_a_crash(app, db, form, meta, label):
    before = page_meta(db)
    status, _ = save(app, before if meta == "page" else meta, form, label, "", identity=["not", "a", "dict"])
    assert status in (200, 204, 400)  # 400: refused before the callback runs (wrong type for the property)
    assert page_meta(db)["revision"] == before["revision"] and label_of(db) != "Sneaky"
