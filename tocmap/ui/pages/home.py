"""The home page: the maps in this database; create, open, rename, duplicate, archive and restore them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from tocmap.domain.errors import NotFound, TocmapError
from tocmap.i18n import _, format_number, ngettext
from tocmap.services import maps
from tocmap.ui import exchange_ui, ids
from tocmap.ui.auth import current_author
from tocmap.ui.components import error_alert, notice
from tocmap.ui.map_list import listing
from tocmap.ui.pages import sentence
from tocmap.ui.presenters import copy_title, title_problem

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database
    from tocmap.domain.catalogue import MapInfo

#: The value of the "Blank map" choice in the new-map form (template names are never empty).
BLANK = ""


# --------------------------------------------------------------------------- layout


def layout(db: Database) -> dbc.Container:
    """The list of maps, its actions and the forms they open."""
    cards, count = listing(db, show_archived=False)
    return dbc.Container(
        [
            dcc.Store(id=ids.HOME_TITLE_TARGET),
            dcc.Store(id=ids.HOME_ARCHIVE_TARGET),
            html.Div(
                [
                    html.Div(
                        [html.H1(_("Maps"), className="h3 mb-0"), html.Span(count, id=ids.HOME_COUNT, className="text-secondary")],
                        className="tm-home-title",
                    ),
                    html.Div(
                        [
                            dbc.Switch(id=ids.HOME_SHOW_ARCHIVED, label=_("Show archived"), value=False, class_name="mb-0"),
                            exchange_ui.import_button(),
                            dbc.Button([html.I(className="bi bi-plus-lg me-1"), _("New map")], id=ids.HOME_NEW, color="primary"),
                        ],
                        className="tm-home-actions",
                    ),
                ],
                className="tm-page-head",
            ),
            html.Div(id=ids.HOME_ALERTS),
            html.Div(cards, id=ids.HOME_MAPS),
            new_map_modal(),
            title_modal(),
            archive_modal(),
            exchange_ui.import_modal(db.limits),
        ],
        fluid="lg",
    )


def template_choices() -> list[dict]:
    """The starting points of a new map: a blank map, then each template in ``models/``."""
    def choice(value: str, title: str, description: str, elements: int) -> dict:
        label = html.Div(
            [
                html.Div([html.Span(title, className="tm-choice-title"),
                          html.Span(ngettext("{n} element", "{n} elements", elements, n=format_number(elements)),
                                    className="tm-choice-count")], className="tm-choice-head"),
                html.Div(description, className="tm-choice-description", title=description),
            ]
        )
        return {"label": label, "value": value}

    blank = choice(BLANK, _("Blank map"), _("Nothing on it yet: add the partners and elements yourself."), 0)
    return [blank] + [choice(t.name, t.title, t.description, t.elements) for t in maps.list_templates()]


def new_map_modal() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("New map"))),
            dbc.ModalBody(
                [
                    html.Div(id=ids.HOME_NEW_ALERT),
                    html.Div(
                        [
                            dbc.Label(_("Title"), html_for=ids.HOME_NEW_TITLE),
                            dbc.Input(id=ids.HOME_NEW_TITLE, placeholder=_("e.g. Health data partnership 2026–2028"),
                                      autoFocus=True, autoComplete="off"),
                            dbc.FormFeedback(id=ids.HOME_NEW_TITLE_FEEDBACK, type="invalid"),
                        ],
                        className="mb-3",
                    ),
                    html.Fieldset(
                        [
                            html.Legend(_("Start from"), className="form-label fs-6 mb-2"),
                            dbc.RadioItems(id=ids.HOME_NEW_TEMPLATE, options=template_choices(), value=BLANK,
                                           class_name="tm-choices"),
                        ]
                    ),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.HOME_NEW_CANCEL, color="secondary", outline=True),
                    dbc.Button(_("Create map"), id=ids.HOME_NEW_CREATE, color="primary"),
                ]
            ),
        ],
        id=ids.HOME_NEW_MODAL, is_open=False, size="lg", scrollable=True,
    )


def title_modal() -> dbc.Modal:
    """Asks for a title: the new one (rename) or the copy's (duplicate)."""
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id=ids.HOME_TITLE_HEADER)),
            dbc.ModalBody(
                [
                    html.Div(id=ids.HOME_TITLE_ALERT),
                    dbc.Label(_("Title"), id=ids.HOME_TITLE_LABEL, html_for=ids.HOME_TITLE_INPUT),
                    dbc.Input(id=ids.HOME_TITLE_INPUT, autoFocus=True, autoComplete="off"),
                    dbc.FormFeedback(id=ids.HOME_TITLE_FEEDBACK, type="invalid"),
                    dbc.FormText(id=ids.HOME_TITLE_HELP),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.HOME_TITLE_CANCEL, color="secondary", outline=True),
                    dbc.Button(_("Save"), id=ids.HOME_TITLE_SAVE, color="primary"),
                ]
            ),
        ],
        id=ids.HOME_TITLE_MODAL, is_open=False,
    )


def archive_modal() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Archive this map?"))),
            dbc.ModalBody([html.Div(id=ids.HOME_ARCHIVE_ALERT), html.P(id=ids.HOME_ARCHIVE_TEXT, className="mb-0")]),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.HOME_ARCHIVE_CANCEL, color="secondary", outline=True),
                    dbc.Button([html.I(className="bi bi-archive me-1"), _("Archive")], id=ids.HOME_ARCHIVE_CONFIRM, color="danger"),
                ]
            ),
        ],
        id=ids.HOME_ARCHIVE_MODAL, is_open=False,
    )


# --------------------------------------------------------------------------- helpers of the callbacks


def _map_id(value) -> int:
    """A map id that came from the browser (a pattern id or a store)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise NotFound(_("That map is not known here; reload the page."))


def _info(db: Database, map_id) -> MapInfo:
    map_id = _map_id(map_id)
    for info in maps.list_maps(db, include_archived=True, who=current_author()):
        if info.id == map_id:
            return info
    raise NotFound(_("There is no map {number}.", number=map_id))


def _clicked() -> dict | None:
    """The pattern id of the menu item just clicked (None when cards were only re-rendered)."""
    trigger = ctx.triggered[0] if ctx.triggered else {}
    return ctx.triggered_id if trigger.get("value") and isinstance(ctx.triggered_id, dict) else None


def _refreshed(db: Database, show_archived, message=None) -> tuple:
    """The values of LIST_OUTPUTS after a change."""
    return *listing(db, bool(show_archived)), message


def _bold(title: str) -> html.Strong:
    return html.Strong(title)


# --------------------------------------------------------------------------- callbacks


def register_callbacks(app, db: Database) -> None:
    """Wire the home page's forms and menus onto this app instance."""
    list_outputs = (
        Output(ids.HOME_MAPS, "children", allow_duplicate=True),
        Output(ids.HOME_COUNT, "children", allow_duplicate=True),
        Output(ids.HOME_ALERTS, "children", allow_duplicate=True),
    )

    @app.callback(Output(ids.HOME_MAPS, "children"), Output(ids.HOME_COUNT, "children"),
                  Input(ids.HOME_SHOW_ARCHIVED, "value"), prevent_initial_call=True)
    def show_archived(show):
        return listing(db, bool(show))

    # ------------------------------------------------------------- new map

    @app.callback(
        Output(ids.HOME_NEW_MODAL, "is_open"), Output(ids.HOME_NEW_TITLE, "value"),
        Output(ids.HOME_NEW_TITLE, "invalid"), Output(ids.HOME_NEW_ALERT, "children"),
        Output(ids.HOME_NEW_TEMPLATE, "value"),
        Input(ids.HOME_NEW, "n_clicks"), Input(ids.HOME_NEW_CANCEL, "n_clicks"), prevent_initial_call=True,
    )
    def open_new_map(_clicks, __):
        if ctx.triggered_id == ids.HOME_NEW_CANCEL:
            return False, no_update, no_update, no_update, no_update
        return True, "", False, None, BLANK

    @app.callback(
        Output(ids.URL, "pathname", allow_duplicate=True), Output(ids.HOME_NEW_MODAL, "is_open", allow_duplicate=True),
        Output(ids.HOME_NEW_TITLE, "invalid", allow_duplicate=True), Output(ids.HOME_NEW_TITLE_FEEDBACK, "children"),
        Output(ids.HOME_NEW_ALERT, "children", allow_duplicate=True),
        Input(ids.HOME_NEW_CREATE, "n_clicks"), Input(ids.HOME_NEW_TITLE, "n_submit"),
        State(ids.HOME_NEW_TITLE, "value"), State(ids.HOME_NEW_TEMPLATE, "value"),
        prevent_initial_call=True,
    )
    def create_map(_clicks, __, title, template):
        problem = title_problem(title)
        if problem:
            return no_update, no_update, True, problem, None
        try:
            if template is not None and not isinstance(template, str):
                raise NotFound(_("Choose a starting point: a blank map or one of the templates."))
            map_id = maps.create_map(db, title, current_author(), template or None)
        except TocmapError as error:
            return no_update, no_update, False, None, error_alert(str(error))
        return f"/maps/{map_id}/setup", False, False, None, None  # led through setting up the partnership

    # ------------------------------------------------------------- rename and duplicate

    @app.callback(
        Output(ids.HOME_TITLE_TARGET, "data"), Output(ids.HOME_TITLE_MODAL, "is_open"),
        Output(ids.HOME_TITLE_HEADER, "children"), Output(ids.HOME_TITLE_LABEL, "children"),
        Output(ids.HOME_TITLE_INPUT, "value"), Output(ids.HOME_TITLE_INPUT, "invalid"),
        Output(ids.HOME_TITLE_HELP, "children"), Output(ids.HOME_TITLE_SAVE, "children"),
        Output(ids.HOME_TITLE_ALERT, "children"), Output(ids.HOME_ALERTS, "children", allow_duplicate=True),
        Input({"type": ids.HOME_MENU_RENAME, "index": ALL}, "n_clicks"),
        Input({"type": ids.HOME_MENU_DUPLICATE, "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def ask_title(_clicks, __):
        clicked = _clicked()
        if clicked is None:
            raise PreventUpdate
        try:
            info = _info(db, clicked.get("index"))
        except TocmapError as error:
            return *[no_update] * 9, error_alert(str(error))
        target = {"map_id": info.id, "title": info.title, "revision": info.revision}
        if clicked["type"] == ids.HOME_MENU_DUPLICATE:
            help_text = _("A new map with the same partners and content; the history stays with the original.")
            return ({**target, "action": "duplicate"}, True, _("Duplicate map"), _("Title of the copy"),
                    copy_title(info.title), False, help_text, _("Duplicate"), None, None)
        return ({**target, "action": "rename"}, True, _("Rename map"), _("Title"), info.title, False,
                _("The new title is recorded in the map's history."), _("Rename"), None, None)

    @app.callback(Output(ids.HOME_TITLE_MODAL, "is_open", allow_duplicate=True),
                  Input(ids.HOME_TITLE_CANCEL, "n_clicks"), prevent_initial_call=True)
    def cancel_title(_clicks):
        return False

    @app.callback(
        Output(ids.HOME_TITLE_MODAL, "is_open", allow_duplicate=True),
        Output(ids.HOME_TITLE_INPUT, "invalid", allow_duplicate=True), Output(ids.HOME_TITLE_FEEDBACK, "children"),
        Output(ids.HOME_TITLE_ALERT, "children", allow_duplicate=True), *list_outputs,
        Input(ids.HOME_TITLE_SAVE, "n_clicks"), Input(ids.HOME_TITLE_INPUT, "n_submit"),
        State(ids.HOME_TITLE_INPUT, "value"), State(ids.HOME_TITLE_TARGET, "data"),
        State(ids.HOME_SHOW_ARCHIVED, "value"), prevent_initial_call=True,
    )
    def save_title(_clicks, __, title, target, show):
        problem = title_problem(title)
        if problem:
            return no_update, True, problem, None, no_update, no_update, no_update
        target = target if isinstance(target, dict) else {}
        try:
            map_id, title = _map_id(target.get("map_id")), title.strip()
            if target.get("action") == "duplicate":
                copy = maps.duplicate_map(db, map_id, title, current_author())
                message = notice(*sentence(_("Created “{title}”. {open_it}"), title=_bold(title),
                                           open_it=dcc.Link(_("Open it"), href=f"/maps/{copy}", className="alert-link")))
            elif target.get("action") == "rename":
                if title != target.get("title"):
                    revision = target.get("revision")
                    maps.rename_map(db, map_id, title, current_author(),
                                    revision if isinstance(revision, int) and not isinstance(revision, bool) else None)
                message = None
            else:
                raise NotFound(_("Nothing to save: open Rename or Duplicate from a map's menu."))
        except TocmapError as error:
            return no_update, False, None, error_alert(str(error)), no_update, no_update, no_update
        return False, False, None, None, *_refreshed(db, show, message)

    # ------------------------------------------------------------- archive and restore

    @app.callback(
        Output(ids.HOME_ARCHIVE_TARGET, "data"), Output(ids.HOME_ARCHIVE_MODAL, "is_open"),
        Output(ids.HOME_ARCHIVE_TEXT, "children"), Output(ids.HOME_ARCHIVE_ALERT, "children"),
        Output(ids.HOME_ALERTS, "children", allow_duplicate=True),
        Input({"type": ids.HOME_MENU_ARCHIVE, "index": ALL}, "n_clicks"), prevent_initial_call=True,
    )
    def ask_archive(_clicks):
        clicked = _clicked()
        if clicked is None:
            raise PreventUpdate
        try:
            info = _info(db, clicked.get("index"))
        except TocmapError as error:
            return no_update, no_update, no_update, no_update, error_alert(str(error))
        text = sentence(_("Archive “{title}”? It disappears from the list of maps. Nothing is deleted: "
                          "turn on “Show archived” to see it again and restore it."), title=_bold(info.title))
        return {"map_id": info.id, "title": info.title}, True, text, None, None

    @app.callback(Output(ids.HOME_ARCHIVE_MODAL, "is_open", allow_duplicate=True),
                  Input(ids.HOME_ARCHIVE_CANCEL, "n_clicks"), prevent_initial_call=True)
    def cancel_archive(_clicks):
        return False

    @app.callback(
        Output(ids.HOME_ARCHIVE_MODAL, "is_open", allow_duplicate=True),
        Output(ids.HOME_ARCHIVE_ALERT, "children", allow_duplicate=True), *list_outputs,
        Input(ids.HOME_ARCHIVE_CONFIRM, "n_clicks"), State(ids.HOME_ARCHIVE_TARGET, "data"),
        State(ids.HOME_SHOW_ARCHIVED, "value"), prevent_initial_call=True,
    )
    def archive(_clicks, target, show):
        try:
            info = _info(db, (target if isinstance(target, dict) else {}).get("map_id"))
            maps.archive_map(db, info.id, current_author())
        except TocmapError as error:
            return no_update, error_alert(str(error)), no_update, no_update, no_update
        message = notice(*sentence(_("Archived “{title}”. Turn on “Show archived” to restore it."), title=_bold(info.title)))
        return False, None, *_refreshed(db, show, message)

    @app.callback(*list_outputs, Input({"type": ids.HOME_MENU_RESTORE, "index": ALL}, "n_clicks"),
                  State(ids.HOME_SHOW_ARCHIVED, "value"), prevent_initial_call=True)
    def restore(_clicks, show):
        clicked = _clicked()
        if clicked is None:
            raise PreventUpdate
        try:
            info = _info(db, clicked.get("index"))
            maps.archive_map(db, info.id, current_author(), archived=False)
        except TocmapError as error:
            return no_update, no_update, error_alert(str(error))
        return _refreshed(db, show, notice(*sentence(_("Restored “{title}”."), title=_bold(info.title))))

    # typing in a title field clears its error (in the browser, no request)
    for field in (ids.HOME_NEW_TITLE, ids.HOME_TITLE_INPUT):
        app.clientside_callback(
            "function (value) { return false; }",
            Output(field, "invalid", allow_duplicate=True), Input(field, "value"), prevent_initial_call=True,
        )
