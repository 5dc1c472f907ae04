"""The editor's saved views: a toolbar menu that applies one with a click, and a dialog to save, rename and delete.

A view keeps what the toolbar sets (kinds, owners, tags, search, focus, the agreement and
status highlights) and where the canvas looks (zoom and the map point at its centre). A view
that places its elements (one brought from Kumu) shows only those, where it places them, until
"Show all" or another view (assets/canvas_view.js). Saved
views belong to the map: every reader sees them, editors change them, and each change is
in the history. The dialog also starts a presentation that steps through the saved views.
The list follows the map: assets/editor.js marks ``ids.VIEWS_DUE`` when a change touched a view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain.graph import pathway
from tocmap.domain.model import SavedView
from tocmap.i18n import _
from tocmap.services import maps
from tocmap.services import views as saved
from tocmap.ui.editor import ids
from tocmap.ui.auth import current_author
from tocmap.ui.components import error_alert
from tocmap.ui.editor.machinery import EDIT_OUTPUTS, EDIT_STATES, NOTHING, Editor

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database


def toolbar(views: list[SavedView]) -> dbc.DropdownMenu:
    """The toolbar's menu of saved views (a click applies one), and the way to save or manage them."""
    return dbc.DropdownMenu(
        [
            html.Div(_items(views), id=ids.VIEW_ITEMS),
            dbc.DropdownMenuItem(divider=True),
            dbc.DropdownMenuItem([html.I(className="bi bi-bookmark-plus me-1"), _("Save or manage views…")],
                                 id=ids.VIEW_OPEN),
        ],
        label=[html.I(className="bi bi-bookmarks me-1"), _("Views")], color="light", size="sm",
        className="tm-view-menu", toggle_class_name="tm-view-toggle",
    )


def dialog() -> dbc.Modal:
    """Save this view; the saved views, each renamed or deleted in place; present them in turn."""
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Saved views"), id=ids.VIEW_TITLE)),
            dbc.ModalBody([
                dcc.Store(id=ids.VIEW_PORT),
                dcc.Store(id=ids.VIEW_GO),
                dcc.Store(id=ids.VIEW_STEPS),
                dcc.Store(id=ids.VIEWS_DUE),
                dbc.Label(_("Name of this view"), html_for=ids.VIEW_NAME),
                dbc.InputGroup([
                    dbc.Input(id=ids.VIEW_NAME, maxLength=200, type="text"),
                    dbc.Button(_("Save this view"), id=ids.VIEW_SAVE, color="primary"),
                ], className="mb-2"),
                html.Div(_("It keeps the kinds, owners, tags and search chosen, the focused pathway, the agreement "
                           "and status highlights, and where the map is zoomed."), className="text-muted small mb-3"),
                html.Div(id=ids.VIEW_MESSAGE),
                html.Div(id=ids.VIEW_LIST),
            ]),
            dbc.ModalFooter([
                dbc.Button([html.I(className="bi bi-easel me-1"), _("Present the saved views")], id=ids.VIEW_PRESENT,
                           color="light"),
                dbc.Button(_("Close"), id=ids.VIEW_CLOSE, color="secondary", outline=True),
            ]),
        ],
        id=ids.VIEW_MODAL, is_open=False, labelledby=ids.VIEW_TITLE,
    )


def _items(views: list[SavedView]) -> list:
    """One menu item per saved view, or a word saying there is none yet."""
    if not views:
        return [dbc.DropdownMenuItem(_("No saved views yet."), disabled=True)]
    return [dbc.DropdownMenuItem(v.name, id={"type": ids.VIEW_APPLY, "id": v.id}) for v in views]


def _rows(views: list[SavedView]) -> html.Div:
    if not views:
        return html.Div(_("No saved views yet."), className="text-muted")
    return html.Div([
        html.Div([
            html.Label([html.Span(_("Name of the view “{name}”", name=v.name), className="visually-hidden"),
                        dbc.Input(id={"type": ids.VIEW_RENAME_NAME, "id": v.id}, value=v.name, maxLength=200,
                                  size="sm")], className="flex-grow-1 mb-0"),
            dbc.Button(_("Rename"), id={"type": ids.VIEW_RENAME, "id": v.id}, color="light", size="sm"),
            dbc.Button([html.I(className="bi bi-trash"), html.Span(_("Delete the view “{name}”", name=v.name),
                                                                   className="visually-hidden")],
                       id={"type": ids.VIEW_DELETE, "id": v.id}, color="light", size="sm"),
        ], className="d-flex gap-1 mb-1")
        for v in views
    ], className="tm-view-list")


def register_callbacks(app, db: Database) -> None:
    """Open the dialog, list the views, save, rename, delete, apply and present them."""
    editor = Editor(db)

    @app.callback(Output(ids.VIEW_MODAL, "is_open"), Input(ids.VIEW_OPEN, "n_clicks"), Input(ids.VIEW_CLOSE, "n_clicks"),
                  prevent_initial_call=True)
    def open_dialog(opened, _close):
        return ctx.triggered_id == ids.VIEW_OPEN and bool(opened)

    @app.callback(Output(ids.VIEW_ITEMS, "children"), Output(ids.VIEW_LIST, "children"),
                  Input(ids.VIEWS_DUE, "data"), Input(ids.VIEW_MODAL, "is_open"), State(ids.EDITOR_MAP, "data"),
                  prevent_initial_call=True)
    def list_views(_due, is_open, meta):
        if ctx.triggered_id == ids.VIEW_MODAL and not is_open:
            return no_update, no_update
        views = saved.saved_views(db, meta["map_id"], current_author())
        return _items(views), _rows(views)

    # where the canvas looks is read in the browser, then the view is saved with it
    app.clientside_callback(
        "function(n) { return window.tocmapView.viewport(); }",
        Output(ids.VIEW_PORT, "data"), Input(ids.VIEW_SAVE, "n_clicks"), prevent_initial_call=True,
    )

    @app.callback(
        *EDIT_OUTPUTS, Output(ids.VIEW_MESSAGE, "children"), Output(ids.VIEW_NAME, "value"),
        Input(ids.VIEW_PORT, "data"), State(ids.VIEW_NAME, "value"),
        State(ids.FILTER_KIND, "value"), State(ids.FILTER_PARTNER, "value"), State(ids.FILTER_TAG, "value"),
        State(ids.SEARCH, "value"), State(ids.FOCUS_ON, "data"), State(ids.AGREEMENT_VIEW, "active"),
        State(ids.IND_COLOUR, "active"), *EDIT_STATES, prevent_initial_call=True,
    )
    def save_view(port, name, kinds, owners, tags, search, focus, agreement, status, meta, undo):
        port = port if isinstance(port, dict) else {}
        fields = {"name": name or "", "kinds": kinds or [], "owners": owners or [], "tags": tags or [],
                  "search": search or "", "focus": focus or None, "agreement": bool(agreement),
                  "status": bool(status), "zoom": port.get("zoom"), "centre": port.get("centre")}
        outputs = editor.commit(meta, undo, lambda author, base: saved.save_view(db, meta["map_id"], fields, author,
                                                                                base))
        return _said(outputs, _("Saved the view “{name}”.", name=fields["name"].strip()), clear=True)

    @app.callback(
        *EDIT_OUTPUTS, Output(ids.VIEW_MESSAGE, "children", allow_duplicate=True),
        Input({"type": ids.VIEW_RENAME, "id": ALL}, "n_clicks"), Input({"type": ids.VIEW_DELETE, "id": ALL}, "n_clicks"),
        State({"type": ids.VIEW_RENAME_NAME, "id": ALL}, "value"), State({"type": ids.VIEW_RENAME_NAME, "id": ALL}, "id"),
        *EDIT_STATES, prevent_initial_call=True,
    )
    def rename_or_delete(renames, deletes, names, name_ids, meta, undo):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any((renames or []) + (deletes or [])):
            return *NOTHING, no_update
        view_id = trigger["id"]
        if trigger["type"] == ids.VIEW_DELETE:
            outputs = editor.commit(meta, undo, lambda author, base: saved.remove_view(db, meta["map_id"], view_id,
                                                                                      author, base))
            return _said(outputs, _("The view was deleted; Undo brings it back."))[:-1]
        name = dict(zip([i["id"] for i in name_ids], names, strict=False)).get(view_id) or ""
        outputs = editor.commit(meta, undo, lambda author, base: saved.rename_view(db, meta["map_id"], view_id, name,
                                                                                  author, base))
        return _said(outputs, _("Renamed the view to “{name}”.", name=name.strip()))[:-1]

    @app.callback(
        Output(ids.FILTER_KIND, "value"), Output(ids.FILTER_PARTNER, "value"), Output(ids.FILTER_TAG, "value"),
        Output(ids.SEARCH, "value"), Output(ids.FOCUS, "data", allow_duplicate=True),
        Output(ids.FOCUS_ON, "data", allow_duplicate=True), Output(ids.AGREEMENT_VIEW, "active", allow_duplicate=True),
        Output(ids.IND_COLOUR, "active", allow_duplicate=True), Output(ids.VIEW_GO, "data"),
        Output(ids.ALERTS, "children", allow_duplicate=True),
        Input({"type": ids.VIEW_APPLY, "id": ALL}, "n_clicks"), State(ids.EDITOR_MAP, "data"),
        prevent_initial_call=True,
    )
    def apply_view(clicks, meta):
        if not isinstance(ctx.triggered_id, dict) or not any(clicks or []):  # the menu was redrawn, not clicked
            return (no_update,) * 10
        view_id = ctx.triggered_id["id"]
        state = maps.get_map(db, meta["map_id"], who=current_author())[2]
        view = state.views.get(view_id)
        if view is None:
            return *(no_update,) * 9, error_alert(_("That view is no longer saved; someone may have deleted it."))
        focus = view.focus if view.focus in state.elements else None
        places = {i: list(at) for i, at in view.places.items() if i in state.elements}
        shown = pathway(state, focus) if focus else set()
        if places:  # a view that places its elements shows those only, there
            shown = (shown & places.keys()) if focus else set(places)
        go = {"zoom": view.zoom, "centre": list(view.centre) if view.centre else None, "view": view.id,
              "places": places or None}
        return (list(view.kinds), view.owners, view.tags, view.search, sorted(shown), focus, view.agreement,
                view.status, go, None)

    # "Show all" puts back what a view placed its own way
    app.clientside_callback(
        "function(focus) { return window.tocmapView.focused(focus); }",
        Output(ids.PRESENT_DONE, "data", allow_duplicate=True), Input(ids.FOCUS, "data"), prevent_initial_call=True,
    )

    # the filters restyle the canvas first; then it looks where the view looked
    app.clientside_callback(
        "function(go) { return window.tocmapView.look(go); }",
        Output(ids.PRESENT_DONE, "data", allow_duplicate=True), Input(ids.VIEW_GO, "data"), prevent_initial_call=True,
    )

    @app.callback(Output(ids.VIEW_STEPS, "data"), Output(ids.VIEW_MODAL, "is_open", allow_duplicate=True),
                  Output(ids.VIEW_MESSAGE, "children", allow_duplicate=True),
                  Input(ids.VIEW_PRESENT, "n_clicks"), State(ids.EDITOR_MAP, "data"), prevent_initial_call=True)
    def present_views(_clicks, meta):
        steps = saved.view_steps(db, meta["map_id"], current_author())
        if not steps:
            return no_update, no_update, dbc.Alert(_("Save a view first: the presentation steps through the saved "
                                                     "views."), color="info", className="mb-2")
        return steps, False, None

    app.clientside_callback(
        "function(steps) { return window.tocmapView.presentViews(steps); }",
        Output(ids.PRESENT_DONE, "data", allow_duplicate=True), Input(ids.VIEW_STEPS, "data"),
        prevent_initial_call=True,
    )


def _said(outputs: tuple, done: str, clear: bool = False) -> tuple:
    """The edit outputs, then a line in the dialog: the error when it failed, else ``done``; the name field."""
    failed = outputs[2] is not None and outputs[2] is not no_update
    message = outputs[2] if failed else dbc.Alert(done, color="success", className="mb-2", duration=4000)
    return (*outputs[:2], None, outputs[3], message, "" if clear and not failed else no_update)
