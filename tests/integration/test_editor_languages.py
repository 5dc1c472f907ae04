"""The map editor answers in its reader's language: the page, the side panel's tabs and the messages of its edits."""

from __future__ import annotations

import json


from tests.web import post_callback, signed_in
from tocmap.services import maps
from tocmap.services.access import SYSTEM
from tocmap.ui import ids
from tocmap.ui.editor import ids as editor_ids
from tocmap.ui.editor.indicators import FIELDS

MAP = 1


def reader(app, language: str | None):
    """A signed-in client whose browser asks for ``language`` (None: says nothing, so English)."""
    client = signed_in(app)
    if language:
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def meta(app) -> dict:
    info, partnership, _state = maps.get_map(app.tocmap_db, MAP, who=SYSTEM)
    return {"map_id": MAP, "partnership_id": partnership.id, "revision": info.revision, "partner": None}


def an_element(app, kind: str = "outcome") -> str:
    state = maps.get_map(app.tocmap_db, MAP, who=SYSTEM)[2]
    return next(e.id for e in state.elements.values() if e.kind == kind)


def answer(app, language, callback: str, changed: list[str], values: dict, patterns: dict | None = None) -> str:
    status, body = post_callback(reader(app, language), app, callback, changed, values, patterns)
    assert status == 200, body[:500]
    return json.dumps(json.loads(body), ensure_ascii=False)


def test_the_editor_page_speaks_the_reader_language(app):
    values = {f"{ids.URL}.pathname": f"/maps/{MAP}"}
    french = answer(app, "fr-FR,fr;q=0.9", "show_page", [f"{ids.URL}.pathname"], values)
    for words in ("Ajouter", "Relier", "Historique", "Indicateurs", "Vérifications", "Partenaires", "Enregistrer",
                  "Sélectionnez un élément ou un lien pour le modifier"):
        assert words in french, words
    assert "Select an element or a link to edit it" not in french
    spanish = answer(app, "es", "show_page", [f"{ids.URL}.pathname"], values)
    assert "Añadir" in spanish and "Historial" in spanish and "Guardar" in spanish
    assert "Select an element or a link" in answer(app, None, "show_page", [f"{ids.URL}.pathname"], values)


def test_the_indicators_tab_speaks_the_reader_language(app):
    values = {f"{editor_ids.IND_DUE}.data": 1, f"{editor_ids.SELECTION}.data": {"type": "element", "id": an_element(app)},
              f"{editor_ids.EDITOR_MAP_SHOWN}.data": meta(app), f"{editor_ids.PANEL_TABS}.active_tab": "indicators"}
    french = answer(app, "fr", "show_indicators", [f"{editor_ids.IND_DUE}.data"], values)
    assert "Indicateurs de" in french and "Ajouter" in french and "Mesure" in french
    assert "Add indicator" not in french


def test_a_delete_question_counts_what_goes_in_the_reader_language(app):
    element = an_element(app)
    values = {f"{editor_ids.EL_DELETE}.n_clicks": 1, f"{editor_ids.SELECTION}.data": {"type": "element", "id": element},
              f"{ids.EDITOR_MAP}.data": meta(app)}
    french = answer(app, "fr", "ask_delete", [f"{editor_ids.EL_DELETE}.n_clicks"], values)
    assert "Supprimer « " in french and "Vous pourrez annuler" in french
    assert "seront supprimés avec lui" in french or "sera supprimé avec lui" in french
    spanish = answer(app, "es", "ask_delete", [f"{editor_ids.EL_DELETE}.n_clicks"], values)
    assert "¿Eliminar «" in spanish and "Puede deshacerlo" in spanish


def test_a_save_with_nothing_changed_says_so_in_the_reader_language(app):
    ask = {"form": "element", "id": an_element(app), "map": MAP, "base": 1, "at": 1, "set": {}, "n": 1}
    french = answer(app, "fr", "save", [f"{editor_ids.SAVE_ASK}.data"], {f"{editor_ids.SAVE_ASK}.data": ask})
    assert "Rien à enregistrer : aucun champ n'a changé." in french


def test_the_checks_tab_counts_in_the_reader_language(app):
    values = {f"{editor_ids.CHECKS_DUE}.data": 1, f"{ids.EDITOR_MAP}.data": meta(app)}
    french = answer(app, "fr", "show_checks", [f"{editor_ids.CHECKS_DUE}.data"], values)
    assert any(word in french for word in ("Erreurs", "Alertes", "Aucun problème trouvé."))
    assert "Warnings" not in french and "No problems found." not in french


def test_an_indicator_form_refuses_in_the_reader_language(app):
    fields = [({"type": editor_ids.IND_FIELD, "name": name}, "") for name in FIELDS]
    values = {f"{editor_ids.IND_SAVE}.n_clicks": 1, f"{editor_ids.IND_REASON}.value": "", f"{editor_ids.IND_VERSION}.data": 0,
              f"{editor_ids.IND_EDITING}.data": {"id": None, "element": an_element(app), "revision": 1},
              f"{ids.EDITOR_MAP}.data": meta(app), f"{editor_ids.UNDO}.data": None}
    french = answer(app, "fr", "save_indicator", [f"{editor_ids.IND_SAVE}.n_clicks"], values,
                    {editor_ids.IND_FIELD: fields, editor_ids.IND_TARGET: []})
    assert "Non enregistré" in french and "Donnez un nom à l'indicateur." in french
    spanish = answer(app, "es", "save_indicator", [f"{editor_ids.IND_SAVE}.n_clicks"], values,
                     {editor_ids.IND_FIELD: fields, editor_ids.IND_TARGET: []})
    assert "Dé un nombre al indicador." in spanish
