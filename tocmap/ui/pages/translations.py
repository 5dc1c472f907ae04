"""The translation view: every text of a map beside its translation in one language, to fill the gaps.

A facilitator or translator chooses a language and sees, row by row, the text as written
(source) and the text in that language, each row marked missing, needs review or done; a
filter keeps only what is missing or needs review. Each row is saved on its own (Tab reaches
its Save button), so the list and the place in it stay as they are. Saving goes through
:mod:`tocmap.services.translations`: viewers read, editors, MEL leads and facilitators write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain import translations as tr
from tocmap.domain.errors import TocmapError
from tocmap.domain.model import LABEL_MAX, TEXT_MAX
from tocmap.i18n import N_, _, available, current, ngettext
from tocmap.services import swot
from tocmap.services import translations as translating
from tocmap.ui.auth import current_author
from tocmap.ui.map_nav import map_head

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

MAP = "tr-map"
LANGUAGE = "tr-language"
SHOW = "tr-show"
ROWS = "tr-rows"
COUNTS = "tr-counts"
HINT = "tr-hint"
VERSION = "tr-version"
SOURCE = "tr-source-language"
SOURCE_SAVE = "tr-source-save"
SOURCE_MESSAGE = "tr-source-message"
TEXT = "tr-text"
SAVE = "tr-save"
STATUS = "tr-status"
#: At most this many rows at once: the filter and the language narrow the rest.
ROWS_SHOWN = 300
#: The fields whose texts are short (one line to write).
SHORT_FIELDS = ("label", "name", "title")


#: What each text is, as a row names it.
ROW_TITLES = {
    ("map", "title"): N_("Title of the map"), ("map", "description"): N_("Description of the map"),
    ("purpose", "text"): N_("Text of the joint purpose"), ("principle", "text"): N_("Text of a principle"),
    ("responsibility", "text"): N_("Text of a responsibility"), ("element", "label"): N_("Label of an element"),
    ("element", "description"): N_("Description of an element"), ("link", "label"): N_("Label of a link"),
    ("link", "rationale"): N_("Rationale of a link"), ("indicator", "name"): N_("Name of an indicator"),
    ("indicator", "definition"): N_("Definition of an indicator"), ("learning", "text"): N_("Text of a learning entry"),
    ("swot", "text"): N_("Text of a SWOT card"),
}


def _status_titles() -> dict[str, str]:
    return {"missing": _("Not translated"), "needs_review": _("Needs review"), "done": _("Translated")}


STATUS_COLOUR = {"missing": "secondary", "needs_review": "warning", "done": "success"}


# --------------------------------------------------------------------------- layout


def layout(db: Database, map_id: int) -> html.Div:
    found = translating.languages(db, map_id, who=current_author())
    targets = target_languages(found.languages, found.source)
    chosen = current() if current() in targets else (targets[0] if targets else "")
    note = None if found.may_translate else dbc.Alert(
        [html.I(className="bi bi-eye me-2"), _("You can read the translations; writing them needs an editor, "
                                               "MEL lead or facilitator role on this map.")],
        color="light", className="tm-tr-readonly")
    return html.Div(
        [
            dcc.Store(id=MAP, data={"map_id": map_id, "may": found.may_translate}),
            dcc.Store(id=VERSION, data=0),
            map_head(map_id, tr.read_in(found.state, current()).title, [], "translations",
                     actions=[_source_control(found)] if found.may_manage else None),
            html.P(_hint(found.source), id=HINT, className="tm-tr-hint"),
            html.Div(id=SOURCE_MESSAGE, role="status"),
            note,
            html.Div(
                [
                    html.Div([dbc.Label(_("Translate into"), html_for=LANGUAGE, className="me-2 mb-0"),
                              dbc.Select(id=LANGUAGE, options=_options(targets), value=chosen, size="sm",
                                         className="tm-tr-language")], className="d-flex align-items-center"),
                    dbc.RadioItems(id=SHOW, inline=True, value="gaps", className="tm-tr-show", options=[
                        {"label": _("Not translated or needs review"), "value": "gaps"},
                        {"label": _("Needs review"), "value": "needs_review"},
                        {"label": _("All texts"), "value": "all"},
                    ]),
                    html.Div(id=COUNTS, className="tm-tr-counts", role="status"),
                ],
                className="tm-tr-controls",
            ),
            html.Div(id=ROWS, className="tm-tr-rows"),
        ],
        className="tm-tr-page",
    )


def _hint(source: str) -> str:
    return _("Every text of the map as written in {language}, beside its translation. Choose a language, then "
             "write or check each text and save it on its own row.", language=tr.language_name(source))


def _options(codes: list[str]) -> list[dict]:
    return [{"label": f"{tr.language_name(code)} ({code})", "value": code} for code in codes]


def _source_control(found: translating.Languages) -> html.Div:
    """For a facilitator: which language the map is written in."""
    codes = list(dict.fromkeys([found.source, *found.languages, *available()]))
    return html.Div([
        dbc.Label(_("Written in"), html_for=SOURCE, className="me-2 mb-0 text-nowrap"),
        dbc.Select(id=SOURCE, options=_options(codes), value=found.source, size="sm", className="tm-tr-language"),
        dbc.Button(_("Change the language"), id=SOURCE_SAVE, size="sm", color="secondary", outline=True,
                   className="ms-2 text-nowrap"),
    ], className="d-flex align-items-center")


def target_languages(languages: list[str], source: str) -> list[str]:
    """The languages a text can be translated into: the map's, then those the app is offered in, not the source.

    Examples
    --------
    >>> target_languages(["en", "pt"], "en")
    ['pt', 'fr', 'es']
    """
    return [code for code in dict.fromkeys([*languages, *available()]) if not tr.reads_source(code, source)]


def rows_view(rows: list[tr.TextToTranslate], may: bool, source: str = "en", target: str = "") -> list:
    """One row per text: what it is, the source text, the text in the language (to write), its status, Save.

    Each side says its language (``lang``), so that screen readers and spelling checkers read it right.
    """
    if not rows:
        return [dbc.Alert([html.I(className="bi bi-check2-all me-2"), _("Nothing to show: every text here is "
                                                                       "translated.")], color="success")]
    shown = [_row(row, may, source, target) for row in rows[:ROWS_SHOWN]]
    if len(rows) > ROWS_SHOWN:
        shown.append(html.P(_("{shown} of {total} texts shown: save these, or filter, to see the others.",
                              shown=ROWS_SHOWN, total=len(rows)), className="text-secondary"))
    return shown


def _row(row: tr.TextToTranslate, may: bool, source: str, target: str) -> html.Div:
    short = row.field in SHORT_FIELDS
    box = (dbc.Input if short else dbc.Textarea)(
        id={"type": TEXT, "key": row.key}, value=row.translation, disabled=not may,
        maxLength=LABEL_MAX if short else TEXT_MAX, className="tm-tr-input",
        **({} if short else {"rows": min(6, 2 + len(row.source) // 90)}),
    )
    what = _(ROW_TITLES[row.kind, row.field])
    box = html.Label([html.Span(_("{what}, in the chosen language", what=what), className="visually-hidden"), box],
                     className="d-block", lang=target or None)
    return html.Div(
        [
            html.Div([html.Small(what, className="tm-tr-what"),
                      html.Small(row.about, className="tm-tr-about d-block text-secondary") if row.about else None,
                      html.Div(row.source, className="tm-tr-source", lang=source)], className="tm-tr-left"),
            html.Div([box,
                      html.Div([html.Span(status_badge(row.status), id={"type": STATUS, "key": row.key},
                                          role="status"),
                                dbc.Button([html.I(className="bi bi-check2 me-1"), _("Save translation")],
                                           id={"type": SAVE, "key": row.key}, size="sm", color="primary",
                                           outline=True, disabled=not may, className="tm-tr-save")],
                               className="tm-tr-actions")], className="tm-tr-right"),
        ],
        className="tm-tr-row",
    )


def status_badge(status: str, message: str = "") -> list:
    """A row's status, and what saving it did."""
    badge = dbc.Badge(_status_titles()[status], color=STATUS_COLOUR[status],
                      text_color="dark" if status == "needs_review" else None, className="tm-tr-status")
    return [badge, html.Small(message, className="ms-2 text-secondary")] if message else [badge]


def counts_view(rows: list[tr.TextToTranslate]) -> str:
    """ "12 not translated · 3 need review · 40 translated" for the chosen language."""
    count = {status: sum(r.status == status for r in rows) for status in ("missing", "needs_review", "done")}
    return " · ".join([ngettext("{n} not translated", "{n} not translated", count["missing"]),
                       ngettext("{n} needs review", "{n} need review", count["needs_review"]),
                       ngettext("{n} translated", "{n} translated", count["done"])])


# --------------------------------------------------------------------------- callbacks


def register_callbacks(app, db: Database) -> None:
    """List the texts for the chosen language and filter; save each row on its own."""

    @app.callback(Output(ROWS, "children"), Output(COUNTS, "children"), Input(LANGUAGE, "value"),
                  Input(SHOW, "value"), Input(VERSION, "data"), State(MAP, "data"))
    def show_rows(language, show, _version, page):
        if not isinstance(page, dict) or not isinstance(page.get("map_id"), int) or not language:
            return [], ""
        try:
            found = translating.languages(db, page["map_id"], who=current_author())
            code = translating.language(language)
            rows = tr.texts(found.state, code) + card_rows(db, page["map_id"], code)
        except TocmapError as error:
            return [dbc.Alert(str(error), color="danger")], ""
        wanted = {"gaps": ("missing", "needs_review"), "needs_review": ("needs_review",)}.get(show)
        shown = [r for r in rows if wanted is None or r.status in wanted]
        return rows_view(shown, found.may_translate, found.source, str(language)), counts_view(rows)

    @app.callback(Output(LANGUAGE, "options"), Output(LANGUAGE, "value"), Output(HINT, "children"),
                  Output(VERSION, "data"), Output(SOURCE_MESSAGE, "children"), Input(SOURCE_SAVE, "n_clicks"),
                  State(SOURCE, "value"), State(LANGUAGE, "value"), State(VERSION, "data"), State(MAP, "data"),
                  prevent_initial_call=True)
    def set_source(clicks, source, language, version, page):
        if not clicks or not isinstance(page, dict) or not isinstance(page.get("map_id"), int):
            return (no_update,) * 5
        try:
            translating.set_source_language(db, page.get("map_id"), source, current_author())
            found = translating.languages(db, page.get("map_id"), who=current_author())
        except TocmapError as error:
            return (no_update,) * 4 + (dbc.Alert(str(error), color="danger", className="py-1"),)
        targets = target_languages(found.languages, found.source)
        chosen = language if language in targets else (targets[0] if targets else "")
        said = dbc.Alert(_("This map is now written in {language}.", language=tr.language_name(found.source)),
                         color="success", duration=4000, className="py-1")
        return _options(targets), chosen, _hint(found.source), (version or 0) + 1, said

    @app.callback(Output({"type": STATUS, "key": MATCH}, "children"), Input({"type": SAVE, "key": MATCH}, "n_clicks"),
                  State({"type": TEXT, "key": MATCH}, "value"), State(LANGUAGE, "value"), State(MAP, "data"),
                  prevent_initial_call=True)
    def save_row(clicks, text, language, page):
        key = str((ctx.triggered_id or {}).get("key", ""))
        if not clicks or not isinstance(page, dict) or not isinstance(page.get("map_id"), int) or key.count(":") < 2:
            return no_update
        kind, item_id, field = row_of(key)
        try:
            if kind == "swot":  # a SWOT card, kept beside its exercise
                exercise_id, card_id = (int(n) for n in item_id.split(".", 1))
                item = swot.translate_card(db, page["map_id"], exercise_id, card_id, language, text or "",
                                           current_author())
            else:
                applied = translating.translate(db, page["map_id"], kind, item_id, language, field, text or "",
                                                current_author())
                item = tr.item_of(applied.state, kind, item_id)
        except (TocmapError, ValueError) as error:
            return [dbc.Badge(_("Translation not saved"), color="danger", className="tm-tr-status"),
                    html.Small(str(error), className="ms-2 text-danger")]
        status = tr.status_of(item, field, translating.language(language)) if item is not None else "missing"
        return status_badge(status, _("Translation saved."))


def card_rows(db: Database, map_id: int, language: str) -> list[tr.TextToTranslate]:
    """The cards of the latest SWOT exercise the reader may see, as rows to translate (id "exercise.card")."""
    exercises = swot.exercises(db, map_id, current_author())
    if not exercises:
        return []
    latest, rows = exercises[-1], []
    for card in swot.cards(db, map_id, latest.id, current_author()):
        found = card.translations.get(language, {}).get("text")
        rows.append(tr.TextToTranslate("swot", f"{latest.id}.{card.id}", "text", card.text, found.text if found else "",
                                       tr.status_of(card, "text", language)))
    return rows


def row_of(key: str) -> tuple[str, str, str]:
    """The kind, item id and field a row's key names (ids may hold a colon).

    Examples
    --------
    >>> row_of("element:oc:1:label")
    ('element', 'oc:1', 'label')
    """
    kind, rest = key.split(":", 1)
    item_id, field = rest.rsplit(":", 1)
    return kind, item_id, field
