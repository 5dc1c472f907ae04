"""The translation view and the side panel's texts, as the renderer POSTs them: refused for a viewer, in French
for a French reader, translations (not edits) for a reader of another language than the map's."""

import json

import pytest

from tests.web import example_app, shown_text, signed_in
from tocmap.services import accounts, maps, partners
from tocmap.services import translations as tl
from tocmap.services.access import SYSTEM
from tocmap.ui import ids
from tocmap.ui.editor import ids as editor_ids

PASSWORD = "a long test password"
KEY = "element:oc-1:label"
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


@pytest.fixture
def app(tmp_path):
    dash_app = example_app(tmp_path)
    db = dash_app.tocmap_db
    for email, name, role, partner in [("vera@x.org", "Vera", "viewer", "moh"), ("amelie@x.org", "Amélie", "editor",
                                                                                 "moh")]:
        accounts.create_user(db, email, name, PASSWORD)
        accounts.set_member(db, 1, email, role, partner, SYSTEM)
    partners.update_partner(db, 1, "moh", {"language": "fr"}, SYSTEM)
    return dash_app


def output_key(app, name: str) -> str:
    return next(key for key, spec in app.callback_map.items() if getattr(spec.get("callback"), "__name__", "") == name)


def save_row(app, client, text: str, headers=None, key: str = KEY):
    """The translation view's Save on one row."""
    body = {
        "output": output_key(app, "save_row"),
        "outputs": {"id": {"type": "tr-status", "key": key}, "property": "children"},
        "inputs": [{"id": {"type": "tr-save", "key": key}, "property": "n_clicks", "value": 1}],
        "state": [{"id": {"type": "tr-text", "key": key}, "property": "value", "value": text},
                  {"id": "tr-language", "property": "value", "value": "fr"},
                  {"id": "tr-map", "property": "data", "value": {"map_id": 1, "may": True}}],
        "changedPropIds": [json.dumps({"key": key, "type": "tr-save"}, separators=(",", ":")) + ".n_clicks"],
    }
    return client.post("/_dash-update-component", json=body, headers=headers or {})


def revision(app) -> int:
    return maps.list_maps(app.tocmap_db, who=SYSTEM)[0].revision


def label_in_french(app) -> str | None:
    found = tl.languages(app.tocmap_db, 1, who=SYSTEM).state.elements["oc-1"].translations.get("fr", {}).get("label")
    return found.text if found else None


def test_a_viewer_posting_a_translation_is_refused_and_nothing_changes(app):
    before = revision(app)
    answer = save_row(app, signed_in(app, "vera@x.org", PASSWORD), "Les districts agissent")
    assert answer.status_code == 200 and "may not translate" in answer.get_data(as_text=True)
    assert revision(app) == before and label_in_french(app) is None


def test_an_editor_saves_a_row_and_reads_the_answer_in_french(app):
    answer = save_row(app, signed_in(app, "amelie@x.org", PASSWORD), "Les districts agissent", FRENCH)
    assert "Traduction enregistrée." in shown_text(answer.get_data(as_text=True))
    assert label_in_french(app) == "Les districts agissent"


def test_the_translation_view_lists_the_texts_in_the_readers_language(app):
    client = signed_in(app, "amelie@x.org", PASSWORD)
    body = {"output": output_key(app, "show_rows"),
            "outputs": [{"id": "tr-rows", "property": "children"}, {"id": "tr-counts", "property": "children"}],
            "inputs": [{"id": "tr-language", "property": "value", "value": "fr"},
                       {"id": "tr-show", "property": "value", "value": "gaps"},
                       {"id": "tr-version", "property": "data", "value": 0}],
            "state": [{"id": "tr-map", "property": "data", "value": {"map_id": 1, "may": True}}],
            "changedPropIds": ["tr-language.value"]}
    shown = shown_text(client.post("/_dash-update-component", json=body, headers=FRENCH).get_data(as_text=True))
    assert "Libellé d'un élément" in shown and "Enregistrer la traduction" in shown and "non traduits" in shown
    assert "District health officers act on weekly surveillance data" in shown


def fill_panel(app, client, headers=None) -> dict:
    meta = {"map_id": 1, "partnership_id": "lumora-aldria-health", "revision": revision(app), "partner": "moh"}
    body = {"output": output_key(app, "fill_panel"), "outputs": [], "changedPropIds": [f"{editor_ids.SELECTION}.data"],
            "inputs": [{"id": editor_ids.SELECTION, "property": "data", "value": {"type": "element", "id": "oc-1"}}],
            "state": [{"id": ids.EDITOR_MAP, "property": "data", "value": meta}]}
    body["outputs"] = [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
                       for part in body["output"][2:-2].split("...")]
    answer = client.post("/_dash-update-component", json=body, headers=headers or {}).get_json()
    return answer["response"][editor_ids.LOADED]["data"]


def test_the_side_panel_gives_a_french_reader_the_french_label_and_marks_what_falls_back(app):
    client = signed_in(app, "amelie@x.org", PASSWORD)
    tl.translate(app.tocmap_db, 1, "element", "oc-1", "fr", "label", "Les districts agissent", SYSTEM)
    loaded = fill_panel(app, client, FRENCH)
    assert loaded["language"] == "fr" and loaded["values"]["label"] == "Les districts agissent"
    assert loaded["marks"] == {"description": {"fallback": "en", "needs_review": False, "source": "en"}}
    english = fill_panel(app, client)
    assert english["language"] is None and english["values"]["label"].startswith("District health officers")


def test_the_side_panel_gives_a_link_in_the_readers_language_too(app):
    client = signed_in(app, "amelie@x.org", PASSWORD)
    state = tl.languages(app.tocmap_db, 1, who=SYSTEM).state
    link = next(lk for lk in state.links.values() if lk.rationale)
    tl.translate(app.tocmap_db, 1, "link", link.id, "fr", "rationale", "Parce que", SYSTEM)
    meta = {"map_id": 1, "partnership_id": "lumora-aldria-health", "revision": revision(app), "partner": "moh"}
    body = {"output": output_key(app, "fill_panel"), "changedPropIds": [f"{editor_ids.SELECTION}.data"],
            "inputs": [{"id": editor_ids.SELECTION, "property": "data", "value": {"type": "link", "id": link.id}}],
            "state": [{"id": ids.EDITOR_MAP, "property": "data", "value": meta}]}
    body["outputs"] = [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
                       for part in body["output"][2:-2].split("...")]
    answer = client.post("/_dash-update-component", json=body, headers=FRENCH).get_json()["response"]
    assert answer[editor_ids.LINK_RATIONALE]["value"] == "Parce que"
    assert answer[editor_ids.LOADED]["data"]["language"] == "fr"


def test_the_maps_tables_list_the_texts_in_the_readers_language(app):
    client = signed_in(app, "amelie@x.org", PASSWORD)
    tl.translate(app.tocmap_db, 1, "element", "oc-1", "fr", "label", "Les districts agissent", SYSTEM)
    meta = {"map_id": 1, "partnership_id": "lumora-aldria-health", "revision": revision(app), "partner": "moh"}
    body = {"output": f"{editor_ids.TABLES}.children", "outputs": {"id": editor_ids.TABLES, "property": "children"},
            "inputs": [{"id": editor_ids.MAP_TABS, "property": "active_tab", "value": "tables"}],
            "state": [{"id": ids.EDITOR_MAP, "property": "data", "value": meta}],
            "changedPropIds": [f"{editor_ids.MAP_TABS}.active_tab"]}
    assert "Les districts agissent" in client.post("/_dash-update-component", json=body, headers=FRENCH).get_data(
        as_text=True)
    assert "Les districts agissent" not in client.post("/_dash-update-component", json=body).get_data(as_text=True)


def test_the_partnership_page_shows_the_purpose_and_principles_in_the_readers_language():
    from tocmap.domain.changes import (
        AddFoundation,
        Translate,
        UpdateFoundation,
        apply_change,
    )
    from tocmap.domain.model import MapState, Principle
    from tocmap.i18n import using
    from tocmap.ui.pages.foundations import principles_view, purpose_view

    state = MapState(title="m")
    for change in (UpdateFoundation(kind="purpose", id="purpose", set={"text": "Better data"}),
                   AddFoundation(principle=Principle(id="p1", text="Joint budget")),
                   Translate(kind="purpose", id="purpose", language="fr", field="text", text="De meilleures données"),
                   Translate(kind="principle", id="p1", language="fr", field="text", text="Budget commun")):
        state, _ = apply_change(state, change)
    with using("fr"):
        french = str(purpose_view(state, [], None)) + str(principles_view(state, [], None, False))
    english = str(purpose_view(state, [], None)) + str(principles_view(state, [], None, False))
    assert "De meilleures données" in french and "Budget commun" in french
    assert "Better data" in english and "Joint budget" in english


def test_the_learning_log_shows_each_entry_in_the_readers_language(app):
    from tocmap.services import learning

    client = signed_in(app, "amelie@x.org", PASSWORD)
    entry_id = learning.record_entry(app.tocmap_db, 1, text="SMS reports arrive on time", kind="reflection",
                                     date="2026-03-01", elements=(), indicators=(), source=None, who=SYSTEM)
    tl.translate(app.tocmap_db, 1, "learning", entry_id, "fr", "text", "Les rapports SMS arrivent à temps", SYSTEM)
    body = {"output": output_key(app, "show_log"), "changedPropIds": ["learning-version.data"],
            "inputs": [{"id": ids.LN_VERSION, "property": "data", "value": 1},
                       {"id": ids.LN_PARTNER, "property": "value", "value": None}],
            "state": [{"id": ids.LN_MAP, "property": "data", "value": {"map_id": 1}}]}
    body["outputs"] = [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
                       for part in body["output"][2:-2].split("...")]
    assert "Les rapports SMS arrivent" in client.post("/_dash-update-component", json=body, headers=FRENCH).get_data(
        as_text=True)
    assert "SMS reports arrive on time" in client.post("/_dash-update-component", json=body).get_data(as_text=True)


def test_the_translation_view_lists_and_saves_the_swot_cards_its_reader_may_see(app):
    from tocmap.services import swot

    exercise = swot.open_exercise(app.tocmap_db, 1, "Review", SYSTEM)
    card = swot.add_card(app.tocmap_db, 1, exercise.id, "threat", "Budget cuts", SYSTEM.model_copy(
        update={"partner": "moh"}))
    client = signed_in(app, "amelie@x.org", PASSWORD)
    body = {"output": output_key(app, "show_rows"),
            "outputs": [{"id": "tr-rows", "property": "children"}, {"id": "tr-counts", "property": "children"}],
            "inputs": [{"id": "tr-language", "property": "value", "value": "fr"},
                       {"id": "tr-show", "property": "value", "value": "gaps"},
                       {"id": "tr-version", "property": "data", "value": 0}],
            "state": [{"id": "tr-map", "property": "data", "value": {"map_id": 1, "may": True}}],
            "changedPropIds": ["tr-language.value"]}
    shown = shown_text(client.post("/_dash-update-component", json=body, headers=FRENCH).get_data(as_text=True))
    assert "Texte d'une carte FFOM" in shown and "Budget cuts" in shown
    answer = save_row(app, client, "Coupes budgétaires", FRENCH, key=f"swot:{exercise.id}.{card.id}:text")
    assert "Traduction enregistrée." in shown_text(answer.get_data(as_text=True))
    [kept] = swot.cards(app.tocmap_db, 1, exercise.id, SYSTEM)
    assert kept.translations["fr"]["text"].text == "Coupes budgétaires"
