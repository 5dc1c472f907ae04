"""The map page: the editor (canvas, side panel, history) and the map's tables.

Every edit is one small request: the callback calls a service, and the browser receives
only what changed (a canvas delta applied by assets/editor.js), never the whole map.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import dash_cytoscape as cyto
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain import layout as arrange
from tocmap.domain.changes import (
    AddElement,
    AddLink,
    MoveElements,
    RemoveElement,
    RemoveLink,
    UpdateElement,
    UpdateLink,
    summarize,
)
from tocmap.domain.errors import Conflict, InvalidInput, TocmapError
from tocmap.domain.graph import pathway
from tocmap.domain.model import ElementKind, Element, Link, new_id
from tocmap.domain.roles import Role
from tocmap.i18n import N_, _, format_date, format_datetime, format_number, ngettext
from tocmap.services import accounts, history, maps
from tocmap.ui import exchange_ui
from tocmap.ui.editor import ids
from tocmap.ui.editor import contributions as contributions_panel
from tocmap.ui.editor import fields as fields_panel
from tocmap.ui.editor import systems as systems_panel
from tocmap.ui.editor import checks as checks_panel, comments as comments_panel, forms
from tocmap.ui.editor import indicators as indicators_panel, learning as learning_panel, people as people_panel
from tocmap.ui.editor import languages as languages_panel
from tocmap.ui.editor import views as views_panel
from tocmap.ui.editor.machinery import EDIT_OUTPUTS, EDIT_STATES, NOTHING, UNDO_DEPTH, Editor, push
from tocmap.ui.canvas import cy_elements, view_patch, view_stylesheet
from tocmap.ui.auth import current_author
from tocmap.ui.map_nav import map_head
from tocmap.ui.components import error_alert
from tocmap.ui.presenters import (
    KIND_STYLE,
    agreement_of,
    ownership_balance,
    ago,
    element_rows,
    field_columns,
    history_rows,
    indicator_rows,
    link_rows,
)

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

HISTORY_SHOWN = 200
#: Holds the words the browser-side callbacks show, in the reader's language.
WORDS = "editor-words"
#: The label a new element gets, per kind (a whole phrase each: the adjective agrees with the kind in French).
NEW_LABELS = {
    ElementKind.ACTOR: N_("New actor"), ElementKind.INTERVENTION: N_("New intervention"),
    ElementKind.OUTPUT: N_("New output"), ElementKind.OUTCOME: N_("New outcome"), ElementKind.IMPACT: N_("New impact"),
    ElementKind.ASSUMPTION: N_("New assumption"), ElementKind.EXTERNAL_FACTOR: N_("New external factor"),
}
#: A partner's stand on an item, as shown under "Agreement".
STANDS = {"agreed": N_("agreed"), "disputed": N_("disputed"), "pending": N_("pending")}
#: The side panel's forms: each field and the control that holds it, in the order the browser sends them.
SAVED_FIELDS = {
    "element": {"label": ids.EL_LABEL, "kind": ids.EL_KIND, "description": ids.EL_DESCRIPTION, "owner": ids.EL_OWNER,
                "tags": ids.EL_TAGS, "actor": ids.EL_ACTOR, "attached_to": ids.EL_ATTACHED,
                "assumption_status": ids.EL_STATUS},
    "link": {"kind": ids.LINK_KIND, "polarity": ids.LINK_POLARITY, "confidence": ids.LINK_CONFIDENCE,
             "label": ids.LINK_LABEL, "rationale": ids.LINK_RATIONALE, "evidence": ids.LINK_EVIDENCE},
}
#: Texts of a link's form that hold "" rather than nothing.
LINK_TEXTS = ("label", "rationale", "evidence")
#: The fields a change shows in the history, by their names in the forms.
FIELD_NAMES = {
    "label": N_("Label"), "kind": N_("Kind"), "description": N_("Description"), "owner": N_("Owner"),
    "tags": N_("Tags"), "actor": N_("Whose change is it?"), "attached_to": N_("Underpins"),
    "assumption_status": N_("Status"), "polarity": N_("Polarity"), "confidence": N_("Confidence"),
    "rationale": N_("Rationale"), "evidence": N_("Evidence"),
}


def grid(grid_id: str, rows: list[dict], columns: list[tuple[str, str, int]]) -> dag.AgGrid:
    """A read-only, sortable, filterable table; columns are (field, header, flex)."""
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=[{"field": f, "headerName": h, "flex": flex, "minWidth": 70 + 40 * flex} for f, h, flex in columns],
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapText": True, "autoHeight": True},
        dashGridOptions={"domLayout": "autoHeight", "pagination": len(rows) > 50, "paginationPageSize": 50},
        className="ag-theme-quartz tm-grid",
    )


# --------------------------------------------------------------------------- layout


def layout(db: Database, map_id: int) -> html.Div:
    info, partnership, state = maps.get_map(db, map_id, who=current_author())
    me = accounts.membership_of(db, map_id, current_author())
    meta = {"map_id": map_id, "partnership_id": partnership.id, "revision": info.revision,
            "partner": me.partner if me else None}
    return html.Div(
        [
            dcc.Store(id=ids.EDITOR_MAP, data=meta),
            dcc.Store(id=ids.EDITOR_MAP_SHOWN, data=meta),
            dcc.Store(id=ids.DELTA),
            dcc.Store(id=ids.DELTA_APPLIED),
            dcc.Store(id=ids.FIT_DONE),
            dcc.Store(id=ids.MOVED),
            dcc.Store(id=ids.MOVE_ANSWER),
            dcc.Store(id=ids.SAVE_ASK),
            dcc.Store(id=ids.SAVE_ANSWER),
            dcc.Store(id=ids.MARKS_DUE),
            dcc.Store(id=ids.LEARNING_DUE),
            dcc.Store(id=ids.SELECTION),
            dcc.Store(id=ids.LOADED),
            dcc.Store(id=ids.CONNECT_FROM),
            dcc.Store(id=ids.CONNECT_PAIR),
            dcc.Store(id=ids.FOCUS, data=[]),
            dcc.Store(id=ids.FOCUS_ON),
            dcc.Store(id=ids.UNDO, storage_type="session"),
            dcc.Store(id=ids.LIVE),
            dcc.Store(id=ids.AGREEMENT_DUE),
            dcc.Store(id=ids.BALANCE_DUE),
            dcc.Store(id=ids.HISTORY_DUE),
            dcc.Store(id=ids.LEGEND_OPEN, storage_type="local", data=True),
            dcc.Store(id=ids.LABEL_FOCUSED),
            dcc.Store(id=ids.PRESENT_DONE),
            dcc.Store(id=WORDS, data=_browser_words()),
            *fields_panel.stores(state),
            _header(info, partnership, state, _you(me, partnership)),
            html.Div(learning_panel.banner(db, map_id), id=ids.LN_BANNER, className="tm-ln-banner"),
            dbc.Tabs(
                [
                    dbc.Tab(_editor(state, partnership), label=_("Map"), tab_id="map"),
                    dbc.Tab(html.Div(id=ids.TABLES, className="tm-tables"), label=_("Tables"), tab_id="tables"),
                ],
                id=ids.MAP_TABS,
                active_tab="map",
                className="tm-map-tabs",
            ),
            _history_panel(),
            _delete_modal(),
            views_panel.dialog(),
        ],
        className="tm-map-page",
    )


def _browser_words() -> dict:
    """What the browser-side callbacks say, in the reader's language (they run without a request)."""
    return {
        "revision": _("Revision {n}"),
        "connect_start": _("Connect: click the element the link starts from. Esc, a click on empty canvas or "
                           "“Connect” ends."),
        "connect_next": _("Now click the element it leads to. Esc, a click on empty canvas or “Connect” ends."),
        "saved": _("Saved."),
    }


def _header(info, partnership, state, you: str) -> html.Div:
    purpose = html.Div([html.I(className="bi bi-bullseye me-1"), html.Span(state.purpose.text)], id=ids.MAP_PURPOSE,
                       className="tm-map-purpose", title=_("The partners' joint purpose")) if state.purpose.text else None
    actions = [
        html.Span(id=ids.LIVE_PEOPLE, className="tm-live-people"),
        html.Span([html.I(className="bi bi-person-badge me-1"), you], className="tm-you",
                  title=_("You, the partner you speak for on this map, and your role")),
        dbc.ButtonGroup(
            [
                dbc.Button(html.I(className="bi bi-arrow-counterclockwise"), id=ids.UNDO_BUTTON, color="light",
                           title=_("Undo my last change"), disabled=True),
                dbc.Button(html.I(className="bi bi-arrow-clockwise"), id=ids.REDO_BUTTON, color="light",
                           title=_("Redo"), disabled=True),
            ],
            size="sm",
        ),
        dbc.Button([html.I(className="bi bi-clock-history me-1"), _("History")], id=ids.HISTORY_BUTTON, color="light",
                   size="sm"),
        exchange_ui.export_menu(info.id),
        dbc.Button([html.I(className="bi bi-easel me-1"), _("Present")], id=ids.PRESENT, color="light", size="sm",
                   title=_("Full screen, revealed level by level (the selected element's pathway, or the whole "
                           "map); arrow keys step, Esc ends")),
        html.Span(_("Revision {n}", n=format_number(info.revision)), id=ids.REVISION_BADGE, className="tm-revision"),
    ]
    return map_head(info.id, state.title, partnership.partners, "map", actions, note=purpose)


def _toolbar(state, partnership) -> html.Div:
    add_items = [
        dbc.DropdownMenuItem(
            [html.Span(className="tm-kind-dot", style={"background": KIND_STYLE[kind][0]}), kind.title],
            id={"type": ids.ADD_KIND, "kind": kind.value},
        )
        for kind in ElementKind
    ]
    tags = sorted({t for e in state.elements.values() for t in e.tags})
    return html.Div(
        [
            dbc.DropdownMenu(add_items, label=[html.I(className="bi bi-plus-lg me-1"), _("Add")], color="primary",
                             size="sm", className="tm-add-menu"),
            dbc.Button([html.I(className="bi bi-bezier2 me-1"), _("Connect")], id=ids.CONNECT, color="light", size="sm",
                       title=_("Click an element, then the element it leads to; Esc or a click on empty canvas ends")),
            dbc.DropdownMenu(
                [
                    dbc.DropdownMenuItem(_("By results level"), id={"type": ids.ARRANGE, "how": "level"}),
                    dbc.DropdownMenuItem(_("Free (systems map)"), id={"type": ids.ARRANGE, "how": "free"}),
                ],
                label=[html.I(className="bi bi-grid-3x3-gap me-1"), _("Arrange")], color="light", size="sm",
            ),
            html.Div([
                dbc.Input(id=ids.SEARCH, type="search", placeholder=_("Search"), size="sm", className="tm-search",
                          debounce=False),
                html.Span(id=ids.SEARCH_COUNT, className="tm-search-count", role="status"),
            ], className="tm-search-box", title=_("Search the labels on the map")),
            dcc.Dropdown(id=ids.FILTER_KIND, options=forms.kind_options(), multi=True, placeholder=_("Kinds"),
                         className="tm-filter"),
            dcc.Dropdown(id=ids.FILTER_PARTNER, options=[{"label": p.name, "value": p.id} for p in partnership.partners],
                         multi=True, placeholder=_("Owner"), className="tm-filter"),
            dcc.Dropdown(id=ids.FILTER_TAG, options=tags, multi=True, placeholder=_("Tags"), className="tm-filter"),
            fields_panel.toolbar_toggle(),
            dbc.Button([html.I(className="bi bi-hand-thumbs-up me-1"), _("Agreement")], id=ids.AGREEMENT_VIEW,
                       color="light", size="sm", title=_("Highlight what not every partner has agreed yet")),
            indicators_panel.toolbar_toggle(),
            dbc.ButtonGroup([
                dbc.Button([html.I(className="bi bi-bullseye me-1"), _("Focus")], id=ids.FOCUS_BUTTON, color="light",
                           title=_("Show only the selected element's pathway")),
                dbc.Button([html.I(className="bi bi-x-lg"), html.Span(_("Show all"), className="visually-hidden")],
                           id=ids.UNFOCUS_BUTTON, color="light", title=_("Show all"), style={"display": "none"}),
            ], size="sm"),
            dbc.Button(html.I(className="bi bi-arrows-fullscreen"), id=ids.FIT, color="light", size="sm",
                       title=_("Fit the map on screen, as far as labels stay readable")),
            dbc.Button([html.I(className="bi bi-list-ul"), html.Span(_("Legend"), className="visually-hidden")],
                       id=ids.LEGEND_TOGGLE, color="light",
                       size="sm", title=_("Show or fold the legend"), active=True),
            views_panel.toolbar(list(state.views.values())),
        ],
        className="tm-toolbar",
    )


def _legend(state) -> html.Div:
    """What shapes, colours and lines mean: a strip above the canvas (never over it) that folds away."""
    return html.Div(
        [html.Span([html.Span(className="tm-kind-dot", style={"background": colour}), kind.title], className="tm-legend-item")
         for kind, (colour, _shape) in KIND_STYLE.items()]
        + [html.Span(_("— contributes"), className="tm-legend-item"),
           html.Span(_("- - influences"), className="tm-legend-item"),
           html.Span(_("red: negative (−)"), className="tm-legend-item tm-legend-negative"),
           html.Span(_("violet glow: open comments"), className="tm-legend-item tm-legend-talk"),
           html.Span(_("dashed amber/red: assumption challenged/disproved"),
                     className="tm-legend-item tm-legend-risk"),
           html.Span(fields_panel.legend(state), id=fields_panel.LEGEND, className="tm-legend-fields")],
        id=ids.LEGEND, className="tm-legend",
    )


def _editor(state, partnership) -> html.Div:
    return html.Div(
        [
            _toolbar(state, partnership),
            html.Div(
                [
                    html.Div([
                        _legend(state),
                        fields_panel.bar(state),
                        html.Div(
                            [
                                cyto.Cytoscape(
                                    id=ids.CANVAS,
                                    elements=cy_elements(state, partnership, views=False),
                                    stylesheet=view_stylesheet(display=fields_panel.display_stylesheet(state)),
                                    # the first view is set by assets/canvas_view.js: fit, but never below legibility
                                    layout={"name": "preset", "fit": False},
                                    minZoom=0.05, maxZoom=3,
                                    boxSelectionEnabled=True,
                                    className="tm-canvas",
                                    style={"width": "100%", "height": "100%"},
                                ),
                                html.Div(  # floats over the canvas so the canvas never moves under the pointer
                                    [html.Div(id=ids.CONNECT_HINT), html.Div(id=ids.ALERTS)],
                                    className="tm-canvas-messages",
                                ),
                            ],
                            id=ids.CANVAS_WRAP, className="tm-canvas-wrap",
                        ),
                    ], className="tm-canvas-column"),
                    html.Aside(
                        dbc.Tabs(
                            [
                                dbc.Tab(
                                    [
                                        html.Div(
                                            [html.I(className="bi bi-cursor me-2"),
                                             _("Select an element or a link to edit it, or add one with “Add”.")],
                                            id=ids.PANEL_EMPTY, className="tm-panel-empty",
                                        ),
                                        forms.element_form(),
                                        forms.link_form(),
                                        fields_panel.values_block(),
                                        html.Div(id=ids.AGREEMENT, className="tm-agreement"),
                                        learning_panel.evidence_panel(),
                                    ],
                                    label=_("Edit"), tab_id="edit",
                                ),
                                dbc.Tab(indicators_panel.panel(), label=_("Indicators"), tab_id="indicators"),
                                dbc.Tab(checks_panel.panel(), label=_("Checks"), tab_id="checks"),
                                dbc.Tab(systems_panel.panel(), label=_("System"), tab_id=systems_panel.TAB),
                                dbc.Tab(fields_panel.panel(state), label=_("Fields"), tab_id=fields_panel.TAB),
                                dbc.Tab([html.Div(id=ids.BALANCE), contributions_panel.panel()], label=_("Partners"), tab_id="partners"),
                                dbc.Tab(people_panel.panel(), label=_("People"), tab_id="people"),
                                dbc.Tab(comments_panel.panel(), label=_("Discuss"), tab_id=comments_panel.TAB),
                            ],
                            id=ids.PANEL_TABS, active_tab="edit", className="tm-panel-tabs",
                        ),
                        className="tm-panel",
                    ),
                ],
                className="tm-editor",
            ),
        ],
        className="tm-editor-area",
    )


def _history_panel() -> dbc.Offcanvas:
    return dbc.Offcanvas(
        [
            html.Div(_("Snapshots"), className="tm-field-label"),
            html.Div(id=ids.SNAPSHOT_LIST),
            dbc.InputGroup([
                dbc.Input(id=ids.SNAPSHOT_NAME, placeholder=_("Name this revision, e.g. Agreed in March"), maxLength=200),
                dbc.Button(_("Name"), id=ids.SNAPSHOT_ADD, color="primary"),
            ], size="sm", className="mb-3"),
            html.Div(_("Changes"), className="tm-field-label"),
            html.Div(id=ids.HISTORY_DETAIL), html.Div(id=ids.HISTORY_LIST),
        ],
        id=ids.HISTORY_PANEL, title=_("History"), placement="end", is_open=False, scrollable=True,
        className="tm-history",
    )


def _delete_modal() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Delete?"))),
            dbc.ModalBody(id=ids.DELETE_TEXT),
            dbc.ModalFooter([
                dbc.Button(_("Cancel"), id=ids.DELETE_CANCEL, color="secondary", outline=True),
                dbc.Button(_("Delete"), id=ids.DELETE_CONFIRM, color="danger"),
            ]),
        ],
        id=ids.DELETE_MODAL, is_open=False,
    )


def tables(db: Database, map_id: int) -> list:
    """The map's tables, built from its current state, its texts in the reader's language."""
    info, partnership, state = maps.get_map(db, map_id, who=current_author())
    state = languages_panel.as_read(state)
    records = history.history(db, map_id, limit=500, who=current_author())
    return dbc.Tabs(
        [
            dbc.Tab(grid(ids.ELEMENTS_GRID, element_rows(state, partnership), [
                ("label", _("Element"), 3), ("kind", _("Kind"), 1), ("owner", _("Owner"), 1),
                ("agreement", _("Agreement"), 1), ("tags", _("Tags"), 1), ("description", _("Description"), 4),
                *field_columns(state, "element"),
            ]), tab_id="elements", label=_("Elements ({n})", n=format_number(len(state.elements)))),
            dbc.Tab(grid(ids.LINKS_GRID, link_rows(state, partnership), [
                ("source", _("From"), 3), ("kind", _("Link"), 1), ("target", _("To"), 3), ("polarity", "+/-", 1),
                ("confidence", _("Confidence"), 1), ("rationale", _("Rationale"), 4),
                *field_columns(state, "link"),
            ]), tab_id="links", label=_("Links ({n})", n=format_number(len(state.links)))),
            dbc.Tab(grid(ids.INDICATORS_GRID, indicator_rows(state, partnership), [
                ("name", _("Indicator"), 3), ("element", _("Measures"), 3), ("measure", _("Type"), 1),
                ("baseline", _("Baseline"), 1), ("target", _("Latest target"), 2), ("latest", _("Latest value"), 1),
                ("progress", _("Status"), 1), ("responsible", _("Responsible"), 1),
            ]), tab_id="indicators", label=_("Indicators ({n})", n=format_number(len(state.indicators)))),
            dbc.Tab(grid(ids.HISTORY_GRID, history_rows(records, partnership), [
                ("revision", _("Rev."), 1), ("time", _("Time (UTC)"), 2), ("user", _("Who"), 2),
                ("partner", _("Partner"), 1), ("summary", _("What changed"), 6),
            ]), tab_id="history", label=_("History ({n})", n=format_number(info.revision))),
        ],
        active_tab="elements",
        className="mt-2",
    )


# --------------------------------------------------------------------------- editing


def register_callbacks(app, db: Database) -> None:
    """Wire the editor's callbacks onto this app instance."""
    editor = Editor(db)
    systems_panel.register_callbacks(app, db)
    views_panel.register_callbacks(app, db)
    fields_panel.register_callbacks(app, db)

    app.clientside_callback(
        "function(d) { return window.dash_clientside.tocmap.applyDelta(d); }",
        Output(ids.DELTA_APPLIED, "data"), Input(ids.DELTA, "data"), prevent_initial_call=True,
    )
    app.clientside_callback(
        "function(meta) { return window.dash_clientside.tocmap.followMap(meta); }",
        Output(ids.LIVE, "data"), Input(ids.EDITOR_MAP, "data"),
    )
    # the panels follow the map once per change: the push and an edit's own answer often bring the same revision
    app.clientside_callback(
        """function(meta, shown) {
            return JSON.stringify(meta) === JSON.stringify(shown) ? window.dash_clientside.no_update : meta;
        }""",
        Output(ids.EDITOR_MAP_SHOWN, "data"), Input(ids.EDITOR_MAP, "data"), State(ids.EDITOR_MAP_SHOWN, "data"),
    )
    app.clientside_callback(
        "function(n) { return window.dash_clientside.tocmap.fitCanvas(n); }",
        Output(ids.FIT_DONE, "data"), Input(ids.FIT, "n_clicks"), prevent_initial_call=True,
    )

    @app.callback(Output(ids.TABLES, "children"), Input(ids.MAP_TABS, "active_tab"), State(ids.EDITOR_MAP, "data"),
                  prevent_initial_call=True)  # the page opens on the map
    def show_tables(active_tab, meta):
        return tables(db, meta["map_id"]) if active_tab == "tables" else no_update

    # small view updates run in the browser: no request
    app.clientside_callback(
        """function(meta, words) {
            return words.revision.replace('{n}', meta.revision.toLocaleString(document.documentElement.lang));
        }""",
        Output(ids.REVISION_BADGE, "children"), Input(ids.EDITOR_MAP, "data"), State(WORDS, "data"),
    )
    app.clientside_callback(
        """function(undo, meta) {
            const mine = undo && undo.map_id === meta.map_id ? undo : {undo: [], redo: []};
            return [mine.undo.length === 0, mine.redo.length === 0];
        }""",
        Output(ids.UNDO_BUTTON, "disabled"), Output(ids.REDO_BUTTON, "disabled"),
        Input(ids.UNDO, "data"), State(ids.EDITOR_MAP, "data"),
    )

    # ------------------------------------------------------------- add, move, arrange

    @app.callback(
        *EDIT_OUTPUTS, Output(ids.SELECTION, "data", allow_duplicate=True),
        Input({"type": ids.ADD_KIND, "kind": ALL}, "n_clicks"),
        State(ids.CANVAS, "extent"), State(ids.SELECTION, "data"), *EDIT_STATES, prevent_initial_call=True,
    )
    def add_element(clicks, extent, selection, meta, undo):
        if not any(clicks):
            return *NOTHING, no_update
        kind = ElementKind(ctx.triggered_id["kind"])
        beside = selection["id"] if isinstance(selection, dict) and selection.get("type") == "element" else None
        state = maps.get_map(db, meta["map_id"], who=current_author())[2]
        x, y = arrange.spot_for_new(state, kind, _centre(extent), beside=beside)
        element = Element(id=new_id("el"), kind=kind, label=_(NEW_LABELS[kind]), x=x, y=y,
                          owner=meta.get("partner"), proposed_by=meta.get("partner"),
                          assumption_status="untested" if kind == ElementKind.ASSUMPTION else None)
        outputs = editor.commit(meta, undo, editor.apply(meta, AddElement(element=element)),
                                select=element.id, center=True)
        return *outputs, ({"type": "element", "id": element.id, "new": True} if outputs[0] is not no_update else no_update)

    @app.callback(Output(ids.MOVE_ANSWER, "data"), Input(ids.MOVED, "data"), prevent_initial_call=True)
    def move_elements(moved):
        positions = {i: tuple(p) for i, p in ((moved or {}).get("positions") or {}).items()}
        if not positions or not moved.get("map"):
            return no_update
        meta = editor.meta_of(moved["map"], moved["at"])
        try:
            applied = history.apply(db, meta["map_id"], MoveElements(positions=positions), current_author(),
                                    meta["revision"])
        except TocmapError as error:
            return {"alert": error_alert(str(error))}
        answer = editor.lean_answer(meta, applied)
        if "replace" not in answer["delta"]:
            answer["delta"] = {"seq": applied.revision}  # the browser already shows the new positions
        return answer

    @app.callback(*EDIT_OUTPUTS, Input({"type": ids.ARRANGE, "how": ALL}, "n_clicks"), *EDIT_STATES,
                  prevent_initial_call=True)
    def arrange_map(clicks, meta, undo):
        if not any(clicks):
            return NOTHING
        _info, _partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
        positions = (arrange.level_layout if ctx.triggered_id["how"] == "level" else arrange.free_layout)(state)
        if not positions:
            return NOTHING
        outputs = editor.commit(meta, undo, editor.apply(meta, MoveElements(positions=positions)))
        if outputs[0] is not no_update:
            outputs[0]["fit"] = True
        return outputs

    # ------------------------------------------------------------- select and connect

    app.clientside_callback(
        "function(n, active) { return [!active, null]; }",
        Output(ids.CONNECT, "active"), Output(ids.CONNECT_FROM, "data", allow_duplicate=True),
        Input(ids.CONNECT, "n_clicks"), State(ids.CONNECT, "active"), prevent_initial_call=True,
    )

    # connect mode shows itself: the button pressed, a framed canvas, and what to click next (no request)
    app.clientside_callback(
        """function(active, source, words) {
            const wrap = 'tm-canvas-wrap' + (active ? ' tm-connecting' : '');
            if (!active) { return [null, wrap]; }
            return [source ? words.connect_next : words.connect_start, wrap];
        }""",
        Output(ids.CONNECT_HINT, "children"), Output(ids.CANVAS_WRAP, "className"),
        Input(ids.CONNECT, "active"), Input(ids.CONNECT_FROM, "data"), State(WORDS, "data"),
    )

    app.clientside_callback(
        "function(n, a, s) { return window.dash_clientside.tocmap.connectTap(n, a, s); }",
        Output(ids.CONNECT_FROM, "data"), Output(ids.CONNECT_PAIR, "data"),
        Input(ids.CANVAS, "tapNodeData"), State(ids.CONNECT, "active"), State(ids.CONNECT_FROM, "data"),
        prevent_initial_call=True,
    )

    @app.callback(*EDIT_OUTPUTS, Input(ids.CONNECT_PAIR, "data"), *EDIT_STATES, prevent_initial_call=True)
    def connect(pair, meta, undo):
        if not pair:
            return NOTHING
        return _connected(editor, meta, undo, pair["source"], pair["target"])

    # the keyboard path: the selected element leads to one chosen from a list
    app.clientside_callback(
        """function(selection) {
            const cy = window.cy;
            if (!cy || !selection || selection.type !== 'element') { return [[], null]; }
            const others = cy.nodes().filter(n => n.id() !== selection.id)
                .map(n => ({label: n.data('label'), value: n.id()}))
                .sort((a, b) => a.label.localeCompare(b.label));
            return [others, null];
        }""",
        Output(ids.CONNECT_TO, "options"), Output(ids.CONNECT_TO, "value"), Input(ids.SELECTION, "data"),
    )

    @app.callback(*EDIT_OUTPUTS, Input(ids.CONNECT_TO_BUTTON, "n_clicks"), State(ids.CONNECT_TO, "value"),
                  State(ids.SELECTION, "data"), *EDIT_STATES, prevent_initial_call=True)
    def connect_to(_event, target, selection, meta, undo):
        if not target or not selection or selection.get("type") != "element":
            return no_update, no_update, error_alert(_("Choose the element it leads to first."), _("Not connected")), \
                no_update
        return _connected(editor, meta, undo, selection["id"], target)

    @app.callback(
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Input(ids.CANVAS, "tapNodeData"), Input(ids.CANVAS, "tapEdgeData"), State(ids.CONNECT, "active"),
        prevent_initial_call=True,
    )
    def select(node_data, edge_data, connecting):
        tapped_edge = ctx.triggered[0]["prop_id"].endswith("tapEdgeData")
        data = edge_data if tapped_edge else node_data
        if not data or data.get("kind") == "attachment" or (connecting and not tapped_edge):
            return no_update
        return {"type": "link" if tapped_edge else "element", "id": data["id"]}

    # ------------------------------------------------------------- the side panel

    @app.callback(
        Output(ids.PANEL_EMPTY, "style"), Output(ids.ELEMENT_FORM, "style"), Output(ids.LINK_FORM, "style"),
        Output(ids.LOADED, "data"),
        Output(ids.EL_LABEL, "value"), Output(ids.EL_KIND, "value"), Output(ids.EL_DESCRIPTION, "value"),
        Output(ids.EL_OWNER, "value"), Output(ids.EL_OWNER, "options"), Output(ids.EL_TAGS, "value"),
        Output(ids.EL_ACTOR, "value"), Output(ids.EL_ACTOR, "options"), Output(ids.EL_ACTOR_ROW, "style"),
        Output(ids.EL_ATTACHED, "value"), Output(ids.EL_ATTACHED, "options"), Output(ids.EL_STATUS, "value"),
        Output(ids.EL_ASSUMPTION_ROWS, "style"), Output(ids.EL_MESSAGE, "children"),
        Output(ids.LINK_ENDS, "children"), Output(ids.LINK_KIND, "value"), Output(ids.LINK_POLARITY, "value"),
        Output(ids.LINK_CONFIDENCE, "value"), Output(ids.LINK_LABEL, "value"), Output(ids.LINK_RATIONALE, "value"),
        Output(ids.LINK_EVIDENCE, "value"), Output(ids.LINK_MESSAGE, "children"),
        Input(ids.SELECTION, "data"), State(ids.EDITOR_MAP, "data"),
        prevent_initial_call=True,  # the page opens with nothing selected: the panel says so already
    )
    def fill_panel(selection, meta):
        return _panel(db, meta, selection)

    # selecting opens the Edit tab, unless a tab that follows the selection is open
    app.clientside_callback(
        """function(selection, tab) {
            return selection && !FOLLOWS_SELECTION.includes(tab) ? 'edit' : window.dash_clientside.no_update;
        }""".replace("FOLLOWS_SELECTION", str(["edit", "indicators", comments_panel.TAB])),
        Output(ids.PANEL_TABS, "active_tab"), Input(ids.SELECTION, "data"), State(ids.PANEL_TABS, "active_tab"),
        prevent_initial_call=True,
    )

    # Save: the browser sends only the fields that differ from what the form was filled with, and spreads the
    # one store it gets back over the canvas, the revision, the undo stack, the form's message (assets/editor.js)
    app.clientside_callback(
        "function() { return window.dash_clientside.tocmap.askSave(FORMS, arguments); }".replace(
            "FORMS", json.dumps({form: {"save": button, "fields": list(SAVED_FIELDS[form])}
                                 for form, button in (("element", ids.EL_SAVE), ("link", ids.LINK_SAVE))})),
        Output(ids.SAVE_ASK, "data"),
        Input(ids.EL_SAVE, "n_clicks"), Input(ids.LINK_SAVE, "n_clicks"),
        Input({"type": ids.KEEP_MINE, "form": ALL}, "n_clicks"),
        *[State(component, "value") for fields in SAVED_FIELDS.values() for component in fields.values()],
        State(ids.LOADED, "data"), State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )

    @app.callback(Output(ids.SAVE_ANSWER, "data"), Input(ids.SAVE_ASK, "data"), prevent_initial_call=True)
    def save(ask):
        return _save(editor, ask) if ask else no_update

    app.clientside_callback(
        "function(save, move, meta, undo, loaded, words) {"
        " return window.dash_clientside.tocmap.spreadAnswer(DEPTH, meta, undo, loaded, words); }".replace(
            "DEPTH", str(UNDO_DEPTH)),
        Output(ids.DELTA, "data", allow_duplicate=True), Output(ids.EDITOR_MAP, "data", allow_duplicate=True),
        Output(ids.ALERTS, "children", allow_duplicate=True), Output(ids.UNDO, "data", allow_duplicate=True),
        Output(ids.EL_MESSAGE, "children", allow_duplicate=True),
        Output(ids.LINK_MESSAGE, "children", allow_duplicate=True), Output(ids.LOADED, "data", allow_duplicate=True),
        Input(ids.SAVE_ANSWER, "data"), Input(ids.MOVE_ANSWER, "data"),
        State(ids.EDITOR_MAP, "data"), State(ids.UNDO, "data"), State(ids.LOADED, "data"), State(WORDS, "data"),
        prevent_initial_call=True,
    )

    @app.callback(Output(ids.SELECTION, "data", allow_duplicate=True),
                  Input({"type": ids.TAKE_THEIRS, "form": ALL}, "n_clicks"), State(ids.SELECTION, "data"),
                  prevent_initial_call=True)
    def take_theirs(clicks, selection):
        return {**selection, "reloaded": sum(c or 0 for c in clicks)} if any(clicks) and selection else no_update

    # ------------------------------------------------------------- delete

    @app.callback(
        Output(ids.DELETE_MODAL, "is_open"), Output(ids.DELETE_TEXT, "children"),
        Input(ids.EL_DELETE, "n_clicks"), Input(ids.LINK_DELETE, "n_clicks"), Input(ids.DELETE_CANCEL, "n_clicks"),
        State(ids.SELECTION, "data"), State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def ask_delete(_event, __, ___, selection, meta):
        if ctx.triggered_id == ids.DELETE_CANCEL or not selection:
            return False, no_update
        _info, _partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
        return True, _delete_question(state, selection)

    @app.callback(
        *EDIT_OUTPUTS, Output(ids.DELETE_MODAL, "is_open", allow_duplicate=True),
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Input(ids.DELETE_CONFIRM, "n_clicks"), State(ids.SELECTION, "data"), *EDIT_STATES, prevent_initial_call=True,
    )
    def delete(_event, selection, meta, undo):
        if not selection:
            return *NOTHING, False, no_update
        removal = RemoveLink(id=selection["id"]) if selection["type"] == "link" else RemoveElement(id=selection["id"])
        outputs = editor.commit(meta, undo, editor.apply(meta, removal))
        return *outputs, False, (None if outputs[0] is not no_update else no_update)

    # ------------------------------------------------------------- undo and redo

    @app.callback(*EDIT_OUTPUTS, Input(ids.UNDO_BUTTON, "n_clicks"), Input(ids.REDO_BUTTON, "n_clicks"),
                  *EDIT_STATES, prevent_initial_call=True)
    def undo_redo(_event, __, meta, undo):
        redoing = ctx.triggered_id == ids.REDO_BUTTON
        take, give = ("redo", "undo") if redoing else ("undo", "redo")
        mine = undo if undo and undo.get("map_id") == meta["map_id"] else None
        if not mine or not mine[take]:
            return NOTHING
        revision = mine[take][-1]
        try:
            applied = history.undo(db, meta["map_id"], revision, current_author())
        except TocmapError as error:
            return no_update, no_update, error_alert(str(error), _("Cannot undo")), no_update
        remaining = {**mine, take: mine[take][:-1]}
        return editor.answer(meta, applied, undo=push(remaining, meta["map_id"], applied.revision, give, clear_redo=False))

    # ------------------------------------------------------------- view: search, filters, focus

    @app.callback(
        Output(ids.CANVAS, "stylesheet"),
        Input(ids.FILTER_KIND, "value"), Input(ids.FILTER_PARTNER, "value"),
        Input(ids.FILTER_TAG, "value"), Input(ids.FOCUS, "data"), Input(ids.AGREEMENT_VIEW, "active"),
        Input(ids.MEASURE_STYLE, "data"), Input(ids.IND_STYLE, "data"),
        Input(fields_panel.FILTER_STYLE, "data"), Input(fields_panel.DISPLAY_STYLE, "data"),
        prevent_initial_call=True,  # the page opens with this very stylesheet: restyling it would redraw the map
    )
    def restyle(kinds, partners, tags, focus, agreement, measure, by_status=None, by_field=None, display=None):
        return (view_stylesheet(kinds, partners, tags, focus, unagreed=bool(agreement), by_field=by_field,
                                display=display) + (measure or []) + (by_status or []))

    # search dims what does not match and counts the matches as you type, in the browser
    app.clientside_callback(
        "function(text) { return window.tocmapView.search(text); }",
        Output(ids.SEARCH_COUNT, "children"), Input(ids.SEARCH, "value"),
    )

    # the legend folds away; the canvas takes the room it leaves (remembered in this browser)
    app.clientside_callback(
        "function(n, open) { return !open; }",
        Output(ids.LEGEND_OPEN, "data"), Input(ids.LEGEND_TOGGLE, "n_clicks"), State(ids.LEGEND_OPEN, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        """function(open) {
            window.tocmapView.resizeSoon();
            return [open === false ? {display: 'none'} : null, open !== false];
        }""",
        Output(ids.LEGEND, "style"), Output(ids.LEGEND_TOGGLE, "active"), Input(ids.LEGEND_OPEN, "data"),
    )

    app.clientside_callback(
        "function(n) { return window.tocmapView.present(); }",
        Output(ids.PRESENT_DONE, "data"), Input(ids.PRESENT, "n_clicks"), prevent_initial_call=True,
    )

    # after Add, the new element's label has the focus with its text selected (Enter saves)
    app.clientside_callback(
        "function(loaded, selection) { return window.tocmapView.focusNewLabel(loaded, selection); }",
        Output(ids.LABEL_FOCUSED, "data"), Input(ids.LOADED, "data"), State(ids.SELECTION, "data"),
        prevent_initial_call=True,
    )

    # what only the partner and tag filters and the Agreement view read comes once one of them is used
    @app.callback(Output(ids.DELTA, "data", allow_duplicate=True), Input(ids.FILTER_PARTNER, "value"),
                  Input(ids.FILTER_TAG, "value"), Input(ids.AGREEMENT_VIEW, "active"), State(ids.EDITOR_MAP, "data"),
                  prevent_initial_call=True)
    def send_view_fields(partners, tags, agreement, meta):
        if not (partners or tags or agreement) or not meta:
            return no_update
        _info, partnership, state = maps.get_map(db, meta["map_id"], meta.get("revision"), who=current_author())
        return view_patch(state, partnership)

    app.clientside_callback(
        "function(n, active) { return !active; }",
        Output(ids.AGREEMENT_VIEW, "active"), Input(ids.AGREEMENT_VIEW, "n_clicks"),
        State(ids.AGREEMENT_VIEW, "active"), prevent_initial_call=True,
    )

    # refresh the agreement and balance views only when they are on screen: no request otherwise
    # the agreement panel redraws only when an edit changed the selected item's agreement (assets/editor.js
    # notes it from each delta), so that a click on its buttons is never lost to a redraw caused by
    # someone else's unrelated edit, and a Save that leaves the agreement as it was asks nothing more
    app.clientside_callback(
        """function(meta, selection, tab, _applied) {
            const none = window.dash_clientside.no_update;
            const before = window.tmAgreementKey || '';
            const touched = selection && (window.tmTouched === true || (window.tmTouched || []).includes(selection.id));
            window.tmTouched = [];
            const key = !selection ? '' : before.startsWith(selection.id + ':') && !touched ? before
                                                : selection.id + ':' + meta.revision;
            const agreement = key !== before ? key : none;
            window.tmAgreementKey = key;
            return [agreement, tab === 'partners' ? meta.revision : none];
        }""",
        Output(ids.AGREEMENT_DUE, "data"), Output(ids.BALANCE_DUE, "data"),
        Input(ids.EDITOR_MAP_SHOWN, "data"), Input(ids.SELECTION, "data"), Input(ids.PANEL_TABS, "active_tab"),
        Input(ids.DELTA_APPLIED, "data"),
    )

    @app.callback(Output(ids.AGREEMENT, "children"), Input(ids.AGREEMENT_DUE, "data"), State(ids.SELECTION, "data"),
                  State(ids.EDITOR_MAP, "data"), prevent_initial_call=True)
    def show_agreement(_event, selection, meta):
        return _agreement(db, meta, selection)

    @app.callback(Output(ids.BALANCE, "children"), Input(ids.BALANCE_DUE, "data"), State(ids.EDITOR_MAP, "data"),
                  prevent_initial_call=True)
    def show_balance(_event, meta):
        _info, partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
        return _balance(ownership_balance(state, partnership), meta["map_id"])

    @app.callback(*EDIT_OUTPUTS, Input({"type": ids.AGREE, "how": ALL}, "n_clicks"), State(ids.SELECTION, "data"),
                  *EDIT_STATES, prevent_initial_call=True)
    def agree(clicks, selection, meta, undo):
        if not any(clicks) or not selection or not meta.get("partner"):
            return NOTHING
        how, kind, item_id = ctx.triggered_id["how"], selection["type"], selection["id"]
        return editor.commit(meta, undo, lambda author, _: history.set_stand(db, meta["map_id"], kind, item_id, how,
                                                                            author))

    @app.callback(
        Output(ids.FOCUS, "data"), Output(ids.FOCUS_ON, "data"), Output(ids.ALERTS, "children", allow_duplicate=True),
        Input(ids.FOCUS_BUTTON, "n_clicks"), Input(ids.UNFOCUS_BUTTON, "n_clicks"),
        State(ids.SELECTION, "data"), State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def focus(_event, __, selection, meta):
        if ctx.triggered_id == ids.UNFOCUS_BUTTON:
            return [], None, None
        if not selection or selection.get("type") != "element":
            return no_update, no_update, dbc.Alert(_("Select an element first, then “Focus” shows its pathway."),
                                                   color="info", dismissable=True, duration=5000)
        _info, _partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
        return sorted(pathway(state, selection["id"])), selection["id"], None

    # "Show all" is offered only while a pathway or a check's elements are in focus
    app.clientside_callback(
        "function(focus) { return (focus && focus.length) ? {} : {display: 'none'}; }",
        Output(ids.UNFOCUS_BUTTON, "style"), Input(ids.FOCUS, "data"),
    )

    # ------------------------------------------------------------- history

    @app.callback(
        Output(ids.HISTORY_PANEL, "is_open"), Output(ids.HISTORY_LIST, "children"),
        Output(ids.HISTORY_DETAIL, "children"),
        Input(ids.HISTORY_BUTTON, "n_clicks"), State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def open_history(_event, meta):
        return True, _history_list(db, meta["map_id"]), None

    # while the history panel is open, others' changes appear in it too (no request when it is closed)
    app.clientside_callback(
        "function(meta, open) { return open ? meta.revision : window.dash_clientside.no_update; }",
        Output(ids.HISTORY_DUE, "data"), Input(ids.EDITOR_MAP_SHOWN, "data"), State(ids.HISTORY_PANEL, "is_open"),
        prevent_initial_call=True,
    )

    @app.callback(Output(ids.HISTORY_LIST, "children", allow_duplicate=True), Input(ids.HISTORY_DUE, "data"),
                  State(ids.EDITOR_MAP, "data"), prevent_initial_call=True)
    def refresh_history(_event, meta):
        return _history_list(db, meta["map_id"])

    @app.callback(
        Output(ids.SNAPSHOT_LIST, "children"), Output(ids.SNAPSHOT_NAME, "value"),
        Input(ids.HISTORY_BUTTON, "n_clicks"), Input(ids.SNAPSHOT_ADD, "n_clicks"),
        Input({"type": ids.SNAPSHOT_ENDORSE, "name": ALL, "how": ALL}, "n_clicks"),
        State(ids.SNAPSHOT_NAME, "value"), State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def snapshots(_event, __, endorsements, name, meta):
        trigger, cleared = ctx.triggered_id, no_update
        if trigger == ids.SNAPSHOT_ADD:
            maps.add_snapshot(db, meta["map_id"], name or "", current_author())
            cleared = ""
        elif isinstance(trigger, dict) and any(endorsements):
            maps.endorse_snapshot(db, meta["map_id"], trigger["name"], current_author(), trigger["how"] == "endorse")
        return _snapshot_list(db, meta), cleared

    @app.callback(Output(ids.HISTORY_DETAIL, "children", allow_duplicate=True),
                  Input({"type": ids.HISTORY_ENTRY, "revision": ALL}, "n_clicks"), State(ids.EDITOR_MAP, "data"),
                  prevent_initial_call=True)
    def show_change(clicks, meta):
        if not any(clicks):
            return no_update
        return _change_detail(db, meta, ctx.triggered_id["revision"])

    @app.callback(
        *EDIT_OUTPUTS, Output(ids.HISTORY_PANEL, "is_open", allow_duplicate=True),
        Input({"type": ids.RESTORE, "revision": ALL}, "n_clicks"), *EDIT_STATES, prevent_initial_call=True,
    )
    def restore(clicks, meta, undo):
        if not any(clicks):
            return *NOTHING, no_update
        revision = ctx.triggered_id["revision"]
        make = lambda author, base: history.restore(db, meta["map_id"], revision, author)  # noqa: E731
        outputs = editor.commit(meta, undo, make)
        if outputs[0] is not no_update:
            partnership = maps.get_partnership(db, meta["partnership_id"])
            _info, _partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
            outputs = ({"replace": cy_elements(state, partnership), "seq": outputs[1]["revision"]}, *outputs[1:])
        return *outputs, outputs[0] is no_update


# --------------------------------------------------------------------------- helpers


def _you(me, partnership) -> str:
    """ "Amina · Ministry · Editor" for the header."""
    names = {p.id: p.short_name or p.name for p in partnership.partners}
    if me is None:
        return _("{name} · administrator", name=current_author().name)
    role = Role(me.role).title
    return " · ".join(filter(None, [me.name, names.get(me.partner, ""), role]))


def _pressed(form: str) -> bool:
    """Whether this form's Save, or its "Keep mine" after a conflict, triggered the callback."""
    trigger = ctx.triggered_id
    if isinstance(trigger, dict):
        return trigger.get("form") == form and bool(ctx.triggered[0]["value"])
    return trigger == (ids.EL_SAVE if form == "element" else ids.LINK_SAVE)


def _centre(extent: dict | None) -> tuple[float, float]:
    """The middle of what the canvas shows (where a new element appears)."""
    if not extent:
        return 0.0, 0.0
    return round((extent["x1"] + extent["x2"]) / 2, 1), round((extent["y1"] + extent["y2"]) / 2, 1)


def _connect(db: Database, meta: dict, source: str, target: str):
    """A function that links two tapped elements, or attaches an assumption to what was tapped next."""

    def make(author, base):
        _info, _partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
        start, end = state.elements.get(source), state.elements.get(target)
        if start is None or end is None:
            raise TocmapError(_("One of the two elements is no longer on the map."))
        if start.kind == ElementKind.ASSUMPTION:
            change = UpdateElement(id=start.id, set={"attached_to": [*start.attached_to, end.id]})
        else:
            link = Link(id=new_id("ln"), source=source, target=target, kind=forms.link_kind_for(start.kind, end.kind),
                        proposed_by=meta.get("partner"))
            change = AddLink(link=link)
        return history.apply(db, meta["map_id"], change, author, base)

    return make


def _connected(editor: Editor, meta: dict, undo, source: str, target: str) -> tuple:
    """Connect two elements and say so: a link nobody sees made is a link nobody wanted."""
    outputs = editor.commit(meta, undo, _connect(editor.db, meta, source, target))
    if outputs[0] is no_update:
        return outputs
    _info, _partnership, state = maps.get_map(editor.db, meta["map_id"], who=current_author())
    said = dbc.Alert([html.I(className="bi bi-bezier2 me-2"),
                      _("Linked “{source}” → “{target}”. Undo takes it back.", source=state.label_of(source),
                        target=state.label_of(target))],
                     color="success", duration=4000, className="py-1 px-3 mb-2")
    return outputs[0], outputs[1], said, outputs[3]


def _panel(db: Database, meta: dict, selection: dict | None) -> tuple:
    hide, show = {"display": "none"}, {"display": "block"}
    empty = (show, hide, hide, None) + (no_update,) * 22
    if not selection:
        return empty
    info, partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
    language = languages_panel.reading_language(state, partnership)
    if selection["type"] == "element" and selection["id"] in state.elements:
        values, marks = _form_values(state, "element", selection["id"], language)
        kind = values["kind"]
        loaded = {"type": "element", "id": selection["id"], "values": values, "revision": info.revision,
                  "language": language, "marks": marks}
        return (
            hide, show, hide, loaded,
            values["label"], kind, values["description"], values["owner"], forms.partner_options(partnership),
            values["tags"], values["actor"], forms.actor_options(state), show if kind == "outcome" else hide,
            values["attached_to"], forms.attachable_options(state, selection["id"]), values["assumption_status"],
            show if kind == "assumption" else hide, None,
        ) + (no_update,) * 8
    if selection["type"] == "link" and selection["id"] in state.links:
        link = state.links[selection["id"]]
        values, marks = _form_values(state, "link", link.id, language)
        loaded = {"type": "link", "id": link.id, "values": values, "revision": info.revision, "language": language,
                  "marks": marks}
        ends = [html.Strong(state.label_of(link.source)), html.I(className="bi bi-arrow-right mx-2"),
                html.Strong(state.label_of(link.target))]
        return (hide, hide, show, loaded) + (no_update,) * 14 + (
            ends, values["kind"], values["polarity"], values["confidence"], values["label"], values["rationale"],
            values["evidence"], None,
        )
    return empty


STAND_ICON = {"agreed": "bi-check-circle-fill text-success", "disputed": "bi-x-octagon-fill text-danger",
              "pending": "bi-hourglass text-secondary"}


def _agreement(db: Database, meta: dict, selection: dict | None):
    """Each partner's stand on the selected item, and the buttons of the viewer's own partner."""
    if not selection:
        return None
    _info, partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
    item = (state.elements if selection["type"] == "element" else state.links).get(selection["id"])
    if item is None or not partnership.partners:
        return None
    rows = [html.Div([html.I(className=f"bi {STAND_ICON[r['stand']]} me-2"), html.Span(r["name"], className="me-2"),
                      html.Small(_(STANDS[r["stand"]]), className="text-secondary")], className="tm-stand")
            for r in agreement_of(item, partnership)]
    mine = meta.get("partner")
    if mine:
        buttons = html.Div([
            dbc.Button(_("Agree"), id={"type": ids.AGREE, "how": "agree"}, size="sm", color="success", outline=True),
            dbc.Button(_("Dispute"), id={"type": ids.AGREE, "how": "dispute"}, size="sm", color="danger", outline=True),
            dbc.Button(_("Withdraw"), id={"type": ids.AGREE, "how": "withdraw"}, size="sm", color="secondary",
                       outline=True),
        ], className="tm-agree-buttons")
    else:
        buttons = html.Small(_("Members who speak for a partner agree on its behalf."), className="text-secondary")
    return html.Div([html.Div(_("Agreement"), className="tm-field-label"), *rows, buttons])


def _balance(rows: list[dict], map_id: int) -> html.Div:
    """Who shapes the map: per partner, what it proposed, owns and agreed."""
    set_up = dcc.Link([html.I(className="bi bi-sliders me-1"), _("Set up the partners and invite people")],
                      href=f"/maps/{map_id}/setup", className="small tm-balance-setup")
    if not rows:
        return html.Div([html.P(_("This partnership has no partners yet."), className="text-secondary"), set_up],
                        className="p-2")
    total = max(rows[0]["total"], 1)

    def bar(value: int, colour: str) -> html.Div:
        return html.Div(html.Div(style={"width": f"{100 * value / total:.0f}%", "background": colour},
                                 className="tm-bar-fill"), className="tm-bar", title=_("{value} of {total}", value=format_number(value), total=format_number(total)))

    body = [html.Tr([html.Td(r["name"], className="tm-balance-name"),
                     *[html.Td([bar(r[k], r["colour"]), html.Small(r[k])]) for k in ("proposed", "owns", "agreed")]])
            for r in rows]
    return html.Div([
        html.P(_("Who shapes this map: elements and links each partner proposed, elements it owns, and what it has "
                 "agreed."), className="small text-secondary"),
        dbc.Table([html.Thead(html.Tr([html.Th(_("Partner")), html.Th(_("Proposes")), html.Th(_("Owns")),
                                       html.Th(_("Agrees"))])),
                   html.Tbody(body)], size="sm", className="tm-balance"),
        set_up,
    ])


def _save(editor: Editor, ask: dict) -> dict:
    """Save the fields a form changed (``ask``: see assets/editor.js, askSave) from the revision it was filled at.

    The values the form was filled with are read again at that revision, so the browser sends only what changed;
    the answer is one store (the form's message, the canvas delta, the revision, the undo entry and what changed
    in the loaded values) that the browser spreads over the page.
    """
    form, item_id, language = ask["form"], ask["id"], ask.get("language")
    author = current_author()
    try:
        before = maps.get_map(editor.db, ask["map"], ask["base"], who=author)[2]
        loaded = _form_values(before, form, item_id, language)[0]
    except TocmapError as error:
        return {"form": form, "said": error_alert(str(error), _("Not saved"))}
    asked = {f: v for f, v in ask["set"].items() if f in SAVED_FIELDS[form]}
    if form == "element":
        fields = forms.changed_fields(loaded, {**loaded, **asked})
    else:
        asked = {f: (v or "") if f in LINK_TEXTS else v for f, v in asked.items()}
        fields = {f: v for f, v in asked.items() if v != loaded.get(f)}
    if not fields:
        return {"form": form, "said": dbc.Alert(_("Nothing to save: no field changed."), color="secondary",
                                                duration=3000, className="py-1 mb-2")}
    base = None if ask.get("keep") else ask["base"]
    try:
        if language:  # the reader writes texts in their language: translations
            applied = languages_panel.save(editor.db, ask["map"], {"type": form, "id": item_id, "language": language},
                                           fields, author, base)
        else:
            update = UpdateElement if form == "element" else UpdateLink
            applied = history.apply(editor.db, ask["map"], update(id=item_id, set=fields), author, base)
    except Conflict as conflict:
        return {"form": form, "said": forms.conflict_message(str(conflict), form)}
    except TocmapError as error:
        return {"form": form, "said": error_alert(str(error), _("Not saved"))}
    answer = {"form": form, "said": "saved",
              **editor.lean_answer(editor.meta_of(ask["map"], ask["at"]), applied, select=item_id)}
    try:
        values, marks = _form_values(applied.state, form, item_id, language)
    except InvalidInput:  # the save took the item away
        return {**answer, "loaded": {"id": item_id, "gone": True}}
    changed = {f: v for f, v in values.items() if v != loaded.get(f)}
    return {**answer, "loaded": {"id": item_id, "revision": applied.revision, "values": changed,
                                 **({"marks": marks} if language else {})}}


def _form_values(state, form: str, item_id: str, language: str | None) -> tuple[dict, dict]:
    """The values a form is filled with for an element or a link, in the reader's language, and their marks."""
    if item_id not in (state.elements if form == "element" else state.links):
        raise InvalidInput(_("What you edited is not on the map at the revision you saw."))
    values = forms.element_values(state, item_id) if form == "element" else forms.link_values(state.links[item_id])
    return languages_panel.in_reader_language(state, form, item_id, values, language)


def _delete_question(state, selection: dict) -> str:
    if selection["type"] == "link":
        return _("Delete the link {label}?", label=state.label_of(selection["id"]))
    element = state.elements.get(selection["id"])
    if element is None:
        return _("This element is no longer on the map.")
    links = sum(1 for lk in state.links.values() if element.id in (lk.source, lk.target))
    indicators = sum(1 for i in state.indicators.values() if i.element == element.id)
    sentences = [_("Delete “{label}”?", label=element.label), _with_it(links, indicators),
                 _("You can undo this, and the history keeps everything.")]
    return " ".join(filter(None, sentences))


def _with_it(links: int, indicators: int) -> str:
    """The sentence that says what goes with a deleted element ("" when nothing does)."""
    if links and indicators:
        return _("Its {links} and {indicators} will be deleted with it.",
                 links=ngettext("{n} link", "{n} links", links),
                 indicators=ngettext("{n} indicator", "{n} indicators", indicators))
    if links:
        return ngettext("Its link will be deleted with it.", "Its {n} links will be deleted with it.", links)
    if indicators:
        return ngettext("Its indicator will be deleted with it.", "Its {n} indicators will be deleted with it.",
                        indicators)
    return ""


def _snapshot_list(db: Database, meta: dict) -> html.Div:
    """Named revisions, who endorsed each, and the viewer's partner's endorse button."""
    partnership = maps.get_partnership(db, meta["partnership_id"])
    names = {p.id: p.short_name or p.name for p in partnership.everyone}
    mine = meta.get("partner")
    items = []
    for snap in reversed(maps.snapshots(db, meta["map_id"], who=current_author())):
        endorsed = [names.get(p, p) for p in snap.endorsed_by]
        how = "withdraw" if mine in snap.endorsed_by else "endorse"
        button = dbc.Button(_("Withdraw") if how == "withdraw" else _("Endorse for {partner}",
                                                                     partner=names.get(mine, mine)),
                            id={"type": ids.SNAPSHOT_ENDORSE, "name": snap.name, "how": how}, size="sm",
                            color="success", outline=how == "withdraw") if mine else None
        items.append(dbc.ListGroupItem([
            html.Div([html.I(className="bi bi-bookmark-star me-1"), html.Strong(snap.name),
                      html.Small(_(" · revision {n} · {date}", n=format_number(snap.revision),
                                   date=format_date(snap.created_at)), className="text-secondary")]),
            html.Small(_("Endorsed by {partners}", partners=", ".join(endorsed)) if endorsed
                       else _("Not endorsed yet"),
                       className="d-block mb-1 " + ("text-success" if len(endorsed) == len(names) else "text-secondary")),
            button,
        ]))
    return dbc.ListGroup(items, flush=True, className="mb-2") if items else html.Small(
        _("No named revisions yet."), className="text-secondary d-block mb-2")


def _history_list(db: Database, map_id: int) -> html.Div:
    entries = history.history(db, map_id, limit=HISTORY_SHOWN, who=current_author())
    because = learning_panel.correction_names(db, map_id, entries)
    items = [
        dbc.ListGroupItem(
            [
                html.Div([html.Strong(f"#{e.revision} "), e.summary], className="tm-history-summary"),
                learning_panel.correction_badge(because, e, map_id),
                html.Small(f"{e.author.name}{' · ' + e.author.partner if e.author.partner else ''} · {ago(e.at)}",
                           className="text-secondary"),
            ],
            id={"type": ids.HISTORY_ENTRY, "revision": e.revision}, action=True, n_clicks=0,
        )
        for e in entries
    ]
    return dbc.ListGroup(items, flush=True)


def _change_detail(db: Database, meta: dict, revision: int) -> html.Div:
    entries = [e for e in history.history(db, meta["map_id"], before=revision + 1, limit=1, who=current_author())]
    if not entries:
        return error_alert(_("There is no revision {n}.", n=revision))
    entry = entries[0]
    rows = [html.Tr([html.Td(_(FIELD_NAMES[field]) if field in FIELD_NAMES else field.replace("_", " ")),
                     html.Td(str(before)), html.Td(str(after))])
            for field, before, after in _diff_rows(entry.change)]
    table = dbc.Table([html.Thead(html.Tr([html.Th(_("Field")), html.Th(_("Before")), html.Th(_("After"))])),
                       html.Tbody(rows)], size="sm", bordered=True, className="tm-diff") if rows else None
    return dbc.Card(
        dbc.CardBody([
            html.H6(_("Revision {n}: {summary}", n=format_number(entry.revision), summary=summarize(entry.change))),
            html.Small(_("{name} · {time} UTC", name=entry.author.name, time=format_datetime(entry.at, "short")),
                       className="text-secondary"),
            table,
            dbc.Button([html.I(className="bi bi-arrow-counterclockwise me-1"), _("Restore the map to this revision")],
                       id={"type": ids.RESTORE, "revision": entry.revision}, color="warning", size="sm",
                       className="mt-2"),
        ]),
        className="mb-3 tm-history-detail",
    )


def _diff_rows(change) -> list[tuple[str, object, object]]:
    """(field, before, after) for updates; (what, "", summary) for other changes."""
    if getattr(change, "before", None) is not None and hasattr(change, "set"):
        return [(f, change.before.get(f, ""), v) for f, v in change.set.items()]
    if change.op == "batch":
        return [(op.op.replace("_", " "), "", summarize(op)) for op in change.ops[:50]]
    return []
