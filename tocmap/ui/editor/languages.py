"""The side panel in the reader's language: an element's or a link's texts as they read them, marked, saved as
translations.

When the map has the reader's language (the interface language, :func:`tocmap.i18n.current`)
and it is not the language the map is written in, an element's label and description (a link's
label and rationale) show in it, with
"shown in English" where a text has no translation yet and "needs review" where its source
changed since; a save of those texts writes translations, not edits (agreement stays).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html

from tocmap.domain import translations as tr
from tocmap.domain.changes import UpdateElement, UpdateLink
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import MapState, Partnership
from tocmap.domain.translations import as_read  # noqa: F401 - the editor's tables read the map with it
from tocmap.i18n import N_, _, current
from tocmap.services import history
from tocmap.services import translations as translating
from tocmap.ui.editor import ids

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database
    from tocmap.domain.model import Author

#: Where the marks of the element's texts show (under its label), and the link's (above its fields).
EL_LANGUAGE = "el-language"
LINK_LANGUAGE = "link-language"
#: The texts a reader writes in their language, per kind of item.
TEXT_FIELDS = {"element": ("label", "description"), "link": ("label", "rationale")}
#: The marks of each text: no translation yet (the source shows), or its source changed since.
FALLBACK = {"label": N_("Label shown in {language}: no translation yet"),
            "description": N_("Description shown in {language}: no translation yet"),
            "rationale": N_("Rationale shown in {language}: no translation yet")}
BOTH_FALLBACK = {"element": N_("Label and description shown in {language}: no translation yet"),
                 "link": N_("Label and rationale shown in {language}: no translation yet")}
CHANGED = {"label": N_("The {language} label changed since this translation."),
           "description": N_("The {language} description changed since this translation."),
           "rationale": N_("The {language} rationale changed since this translation.")}


def reading_language(state: MapState, partnership: Partnership) -> str | None:
    """The reader's language when the map has it and it is not the map's own (then texts are translations)."""
    reader = current()
    languages = tr.map_languages(state, [p.language for p in partnership.partners])
    if tr.reads_source(reader, state.language) or not any(tr.primary(code) == reader for code in languages):
        return None
    return reader


def in_reader_language(state: MapState, kind: str, item_id: str, values: dict, language: str | None
                       ) -> tuple[dict, dict]:
    """The form's values with the texts in ``language`` (as they are when None), and the marks for each text.

    Examples
    --------
    >>> from tocmap.domain.model import Element
    >>> state = MapState(title="m", elements={"a": Element(id="a", kind="outcome", label="Data")})
    >>> in_reader_language(state, "element", "a", {"label": "Data", "description": ""}, "fr")
    ({'label': 'Data', 'description': ''}, {'label': {'fallback': 'en', 'needs_review': False, 'source': 'en'}})
    """
    if language is None:
        return values, {}
    item = tr.item_of(state, kind, item_id)
    values, marks = dict(values), {}
    for field in TEXT_FIELDS[kind]:
        seen = tr.shown(item, field, language, state.language)
        values[field] = seen.text
        if seen.fallback or seen.needs_review:
            marks[field] = {"fallback": seen.language if seen.fallback else "", "needs_review": seen.needs_review,
                            "source": state.language}
    return values, marks


def marks_view(loaded: dict | None) -> list:
    """The marks beside the texts: "shown in English" where it falls back, "needs review" where it is stale."""
    if not isinstance(loaded, dict) or not loaded.get("language") or not isinstance(loaded.get("marks"), dict):
        return []
    fields = TEXT_FIELDS.get(loaded.get("type"), ())
    marks = {field: mark for field, mark in loaded["marks"].items() if field in fields and isinstance(mark, dict)}
    fallback = [field for field in fields if marks.get(field, {}).get("fallback")]
    shown = []
    if fallback:
        said = BOTH_FALLBACK[loaded["type"]] if len(fallback) == len(fields) else FALLBACK[fallback[0]]
        shown.append(html.Small([html.I(className="bi bi-translate me-1"),
                                 _(said, language=tr.language_name(str(marks[fallback[0]]["fallback"])))],
                                className="tm-fallback d-block text-secondary"))
    for field, mark in marks.items():
        if mark.get("needs_review"):
            source = tr.language_name(str(mark.get("source") or "en"))
            shown.append(html.Div([dbc.Badge(_("Needs review"), color="warning", text_color="dark",
                                             className="me-1 tm-needs-review"),
                                   html.Small(_(CHANGED[field], language=source), className="text-secondary")],
                                  className="mb-1"))
    return shown


def save(db: Database, map_id: int, loaded: dict, fields: dict, author: Author, base: int | None) -> history.Applied:
    """Save an element's or a link's changed fields from the reader's language: its texts as translations, the
    rest as an edit."""
    kind = loaded["type"]
    texts = {f: fields.pop(f) or "" for f in TEXT_FIELDS[kind] if f in fields}
    update = {"element": UpdateElement, "link": UpdateLink}[kind]
    applied = [history.apply(db, map_id, update(id=loaded["id"], set=fields), author, base)] if fields else []
    if texts:
        applied += translating.write(db, map_id, kind, loaded["id"], loaded["language"], texts, author, base)
    if not applied:
        raise InvalidInput(_("Nothing to save: the texts are as they were."))
    return applied[-1]


def register_callbacks(app, db: Database) -> None:
    """Show the marks of the element's or the link's texts whenever the side panel is filled."""

    # asked only when the language or the marks change, not at every Save (the loaded revision moves then)
    app.clientside_callback(
        """function(loaded, shown) {
            const marks = loaded && loaded.language ? {type: loaded.type, language: loaded.language,
                                                       marks: loaded.marks} : null;
            return JSON.stringify(marks) === JSON.stringify(shown) ? window.dash_clientside.no_update : marks;
        }""",
        Output(ids.MARKS_DUE, "data"), Input(ids.LOADED, "data"), State(ids.MARKS_DUE, "data"),
        prevent_initial_call=True,
    )

    @app.callback(Output(EL_LANGUAGE, "children"), Output(LINK_LANGUAGE, "children"), Input(ids.MARKS_DUE, "data"),
                  prevent_initial_call=True)
    def show_marks(loaded):
        marks = marks_view(loaded)
        return (marks, []) if isinstance(loaded, dict) and loaded.get("type") == "element" else ([], marks)
