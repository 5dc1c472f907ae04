"""The results framework page: the map read as a logframe, one table per level.

Below the levels, a target-versus-actual table lists every indicator with its status;
clicking one opens its chart.

The rows are the map's own elements (one model, two views): editing a narrative here
changes the element on the map, through the same history service, from the revision the
tables show (kept in the ``FW_MAP`` store and moved on after every edit). A reader whose language
the map has, and who does not read the map's own language, edits the translation, as in the
editor's side panel: the form says so, shows the marks ("no translation yet", "needs review") and
saves translations, leaving the source text and its agreement as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain import indicators as ind
from tocmap.domain.changes import parse_change
from tocmap.domain.errors import Conflict, TocmapError
from tocmap.domain.framework import LEVELS, level_of
from tocmap.domain.model import LABEL_MAX, TEXT_MAX, MapState, Partnership
from tocmap.domain.translations import as_read, language_name
from tocmap.i18n import N_, _, format_date, ngettext
from tocmap.presentation import KIND_STYLE, ink_on
from tocmap.services import history, maps
from tocmap.ui import ids
from tocmap.ui import logframe as lf
from tocmap.ui.auth import current_author
from tocmap.ui.charts import graph_config
from tocmap.ui.components import error_alert
from tocmap.ui.editor import languages
from tocmap.ui.editor.indicators import (
    figure,
    observation_rows,
    revision_list,
    status_badge,
    today,
)
from tocmap.ui.map_nav import map_head

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

#: Columns of every level's table: (field, header, flex, min width, Markdown cell).
COLUMNS = [
    ("level", N_("Level"), 0, 118, False),
    ("narrative", N_("Narrative"), 4, 260, True),
    ("owner", N_("Owner"), 1, 128, False),
    ("indicators", N_("Indicators"), 4, 250, True),
    ("verification", N_("Means of verification"), 2, 170, True),
    ("assumptions", N_("Assumptions"), 3, 210, True),
]
#: Clicking these cells opens the narrative editor.
EDIT_COLUMNS = ("level", "narrative")


# --------------------------------------------------------------------------- layout


def layout(db: Database, map_id: int) -> html.Div:
    info, partnership, state = maps.get_map(db, map_id, who=current_author())
    levels = lf.framework(state, partnership)
    note = lf.outside_note(state)
    return html.Div(
        [
            dcc.Store(id=ids.FW_MAP, data={"map_id": map_id, "partnership_id": partnership.id,
                                           "revision": info.revision}),
            dcc.Store(id=ids.FW_EDITING),
            _header(map_id, info.revision, partnership, state),
            html.P(
                [html.I(className="bi bi-pencil-square me-2"),
                 _("Click a narrative to edit its wording. It is the same element as on the map, so the map "
                   "changes too, and the history records who changed it.")],
                className="tm-fw-hint",
            ),
            html.Div(id=ids.FW_ALERTS, className="tm-fw-alerts"),
            *[_level_section(level) for level in levels],
            html.P([html.I(className="bi bi-info-circle me-2"), note], className="tm-fw-note") if note else None,
            _target_actual_section(state),
            _edit_modal(),
            _chart_modal(),
        ],
        className="tm-fw-page",
    )


def _header(map_id: int, revision: int, partnership: Partnership, state: MapState) -> html.Div:
    revision_badge = html.Span(_("Revision {number}", number=revision), id=ids.FW_REVISION, className="tm-fw-revision")
    return map_head(map_id, as_read(state).title, partnership.partners, "framework", [revision_badge])


def _level_section(level: dict) -> html.Section:
    kind, rows = level["kind"], level["rows"]
    colour = KIND_STYLE[kind][0]
    return html.Section(
        [
            html.Div(
                [
                    html.Span(className="tm-fw-dot", style={"background": colour}),
                    html.H2(level["title"], className="h5 mb-0"),
                    html.Span(lf.count_text(len(rows), level_of(kind)) if rows else "", className="tm-fw-count"),
                ],
                className="tm-fw-level-head",
                style={"borderColor": colour},
            ),
            html.P(_("Nothing at this level on this map yet. Add elements on the map and they appear here."),
                   id={"type": ids.FW_EMPTY, "level": kind}, hidden=bool(rows), className="tm-fw-empty"),
            html.Div(_grid(kind, rows), id={"type": ids.FW_BODY, "level": kind}, hidden=not rows),
        ],
        className="tm-fw-level",
        **{"data-level": kind},
    )


def _grid(kind: str, rows: list[dict]) -> dag.AgGrid:
    columns = []
    for field, header, flex, min_width, markdown in COLUMNS:
        column = {"field": field, "headerName": _(header), "minWidth": min_width}
        column.update({"flex": flex} if flex else {"width": min_width, "maxWidth": min_width + 40})
        if markdown:
            column["cellRenderer"] = "markdown"
        if field in EDIT_COLUMNS:
            column["cellClass"] = f"tm-fw-editable tm-fw-cell-{field}"
        columns.append(column)
    return dag.AgGrid(
        id={"type": ids.FW_GRID, "level": kind},
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": False, "resizable": True, "wrapText": True, "autoHeight": True,
                       "wrapHeaderText": True, "autoHeaderHeight": True,  # French and Spanish headers run longer
                       "suppressMovable": True},
        getRowId="params.data.id",
        dashGridOptions={"domLayout": "autoHeight", "suppressCellFocus": False, "enableCellTextSelection": True},
        className="ag-theme-quartz tm-grid tm-fw-grid",
    )


#: The colour of each status code in the targets-and-actuals table (keyed by code, so it holds in every language).
STATUS_COLOURS = {code: colour for code, (_label, colour) in ind.STATUS_LOOK.items()} | {"retired": "#ced4da"}


def _target_actual_section(state: MapState) -> html.Section:
    """Target versus actual for every indicator of the map, grouped by results level."""
    rows = lf.target_actual_rows(state, today())
    columns = [
        {"field": "level", "headerName": _("Level"), "width": 120},
        {"field": "element", "headerName": _("Result"), "flex": 3, "minWidth": 200},
        {"field": "indicator", "headerName": _("Indicator"), "flex": 3, "minWidth": 200,
         "cellClass": "tm-fw-editable", "tooltipField": "rule"},
        {"field": "baseline", "headerName": _("Baseline"), "width": 130},
        {"field": "period", "headerName": _("Period"), "width": 105},
        {"field": "target", "headerName": _("Target"), "width": 110},
        {"field": "actual", "headerName": _("Actual"), "width": 110},
        {"field": "progress", "headerName": _("Progress"), "width": 136,
         "headerTooltip": _("Share of the way from the baseline to the target")},
        {"field": "status", "headerName": _("Status"), "width": 120, "cellStyle": {"styleConditions": [
            {"condition": f"params.data.code === '{code}'",
             "style": {"backgroundColor": colour, "color": ink_on(colour), "fontWeight": 600}}
            for code, colour in STATUS_COLOURS.items()]}},
    ]
    grid = dag.AgGrid(
        id=ids.FW_TVA_GRID, rowData=rows, columnDefs=columns, getRowId="params.data.id",
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapText": True, "autoHeight": True,
                       "wrapHeaderText": True, "autoHeaderHeight": True},
        dashGridOptions={"domLayout": "autoHeight", "tooltipShowDelay": 300, "enableCellTextSelection": True},
        className="ag-theme-quartz tm-grid tm-fw-tva",
    )
    return html.Section(
        [
            html.Div([html.Span(className="tm-fw-dot", style={"background": "#2f9e44"}),
                      html.H2(_("Targets and actuals"), className="h5 mb-0"),
                      html.Span(ngettext("{n} indicator, status on {date}", "{n} indicators, status on {date}",
                                         len(rows), date=format_date(today())), className="tm-fw-count")],
                     className="tm-fw-level-head", style={"borderColor": "#2f9e44"}),
            html.P(_("Each indicator against its current target. Click an indicator to see its chart and the rule "
                     "behind its status."), className="tm-fw-empty"),
            grid,
        ],
        className="tm-fw-level", **{"data-level": "targets"},
    )


def _chart_modal() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(id=ids.FW_CHART_TITLE)),
            dbc.ModalBody([html.Div(id=ids.FW_CHART_RULE, className="mb-2"),
                           dcc.Graph(id=ids.FW_CHART, config=graph_config(displayModeBar=False)),
                           html.Div(id=ids.FW_CHART_VALUES)]),
            dbc.ModalFooter(dbc.Button([html.I(className="bi bi-pencil-square me-1"),
                                        _("Edit, revise or record values in the editor")],
                                       id=ids.FW_CHART_EDIT, color="primary", outline=True, size="sm")),
        ],
        id=ids.FW_CHART_MODAL, is_open=False, size="lg", centered=True,
    )


def _edit_modal() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Edit the narrative"), id=ids.FW_MODAL_TITLE)),
            dbc.ModalBody(
                [
                    html.Div(id=ids.FW_MESSAGE),
                    html.Div(
                        [
                            dbc.Label(_("Narrative"), html_for=ids.FW_LABEL, className="fw-semibold"),
                            dbc.Input(id=ids.FW_LABEL, maxLength=LABEL_MAX, autoFocus=True, className="tm-fw-input"),
                            dbc.FormText(_("What changes, in a few words: shown on the map and in this table "
                                           "(at most {count} characters). Press Enter to save.", count=LABEL_MAX),
                                         className="d-block"),
                        ],
                        className="mb-3",
                    ),
                    html.Div(
                        [
                            dbc.Label(_("Description"), html_for=ids.FW_DESCRIPTION, className="fw-semibold"),
                            dbc.Textarea(id=ids.FW_DESCRIPTION, rows=5, maxLength=TEXT_MAX, className="tm-fw-input"),
                            dbc.FormText(_("Optional: who, where, by when, and how you will know."), className="d-block"),
                        ]
                    ),
                ]
            ),
            dbc.ModalFooter(
                [
                    dbc.Button(_("Cancel"), id=ids.FW_CANCEL, color="secondary", outline=True),
                    dbc.Button([html.I(className="bi bi-check2 me-1"), _("Save")], id=ids.FW_SAVE, color="primary"),
                ]
            ),
        ],
        id=ids.FW_MODAL, is_open=False, size="lg", centered=True, className="tm-fw-modal",
    )


# --------------------------------------------------------------------------- callbacks


def refreshed(state: MapState, partnership: Partnership, meta: dict, revision: int) -> tuple:
    """Values for REFRESH outputs: every level's rows, which parts show, and the new revision."""
    rows = lf.rows_by_level(state, partnership)
    ordered = [rows[level.kind.value] for level in LEVELS]
    return ordered, [bool(r) for r in ordered], [not r for r in ordered], {**meta, "revision": revision}


def _refresh_outputs(duplicate: bool) -> list[Output]:
    return [
        Output({"type": ids.FW_GRID, "level": ALL}, "rowData", allow_duplicate=duplicate),
        Output({"type": ids.FW_EMPTY, "level": ALL}, "hidden", allow_duplicate=duplicate),
        Output({"type": ids.FW_BODY, "level": ALL}, "hidden", allow_duplicate=duplicate),
        Output(ids.FW_MAP, "data", allow_duplicate=duplicate),
    ]


#: REFRESH outputs left as they are (a wildcard output wants one value per level).
KEEP = ([no_update] * len(LEVELS),) * 3 + (no_update,)


def register_callbacks(app, db: Database) -> None:
    """Wire the results framework page's callbacks onto this app instance."""

    @app.callback(Output(ids.FW_REVISION, "children"), Input(ids.FW_MAP, "data"))
    def show_revision(meta):
        return _("Revision {number}", number=meta["revision"])

    @app.callback(
        Output(ids.FW_MODAL, "is_open"), Output(ids.FW_MODAL_TITLE, "children"), Output(ids.FW_LABEL, "value"),
        Output(ids.FW_DESCRIPTION, "value"), Output(ids.FW_EDITING, "data"), Output(ids.FW_MESSAGE, "children"),
        *_refresh_outputs(duplicate=True),
        Input({"type": ids.FW_GRID, "level": ALL}, "cellClicked"), State(ids.FW_MAP, "data"),
        prevent_initial_call=True,
    )
    def open_editor(clicks, meta):
        clicked = ctx.triggered[0]["value"] if ctx.triggered else None
        if not clicked or clicked.get("colId") not in EDIT_COLUMNS or not clicked.get("rowId"):
            return (no_update,) * 6 + KEEP
        info, partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
        fresh = refreshed(state, partnership, meta, info.revision) if info.revision != meta["revision"] else KEEP
        element = state.elements.get(clicked["rowId"])
        if element is None:
            return (False, no_update, no_update, no_update, None, None) + fresh
        level = level_of(element.kind)
        title = _("Edit the {level}", level=level.name().lower()) if level else _("Edit the element")
        editing = _editing(state, partnership, element.id)
        return (True, title, editing["label"], editing["description"], editing, _translating_note(editing)) + fresh

    @app.callback(
        *_refresh_outputs(duplicate=False),
        Output(ids.FW_MODAL, "is_open", allow_duplicate=True), Output(ids.FW_MESSAGE, "children", allow_duplicate=True),
        Output(ids.FW_ALERTS, "children"), Output(ids.FW_EDITING, "data", allow_duplicate=True),
        Input(ids.FW_SAVE, "n_clicks"), Input(ids.FW_LABEL, "n_submit"),
        State(ids.FW_LABEL, "value"), State(ids.FW_DESCRIPTION, "value"), State(ids.FW_EDITING, "data"),
        State(ids.FW_MAP, "data"),
        prevent_initial_call=True,
    )
    def save_narrative(_clicks, __, label, description, editing, meta):
        if not _well_formed(editing, meta):
            return KEEP + (False, no_update, no_update, no_update)
        try:
            fields = lf.narrative_changes(editing, label, description)
            if not fields:
                return KEEP + (False, None, no_update, None)
            if editing.get("language"):
                loaded = {"type": "element", "id": editing["id"], "language": editing["language"]}
                applied = languages.save(db, meta["map_id"], loaded, fields, current_author(), meta["revision"])
            else:
                change = parse_change({"op": "update_element", "id": editing["id"], "set": fields})
                applied = history.apply(db, meta["map_id"], change, current_author(), meta["revision"])
        except TocmapError as error:
            return _refused(db, meta, editing, error)
        partnership = maps.get_partnership(db, meta["partnership_id"])
        shown = _editing(applied.state, partnership, editing["id"])["label"]
        saved = dbc.Alert([html.I(className="bi bi-check2-circle me-2"),
                           _("Saved “{label}”. The map shows it too.", label=shown)],
                          color="success", dismissable=True, duration=6000, className="mb-2")
        return refreshed(applied.state, partnership, meta, applied.revision) + (False, None, saved, None)

    @app.callback(
        Output(ids.FW_MODAL, "is_open", allow_duplicate=True), Output(ids.FW_EDITING, "data", allow_duplicate=True),
        Input(ids.FW_CANCEL, "n_clicks"), prevent_initial_call=True,
    )
    def cancel_edit(_clicks):
        return False, None

    @app.callback(
        Output(ids.FW_CHART_MODAL, "is_open"), Output(ids.FW_CHART_TITLE, "children"),
        Output(ids.FW_CHART_RULE, "children"), Output(ids.FW_CHART, "figure"), Output(ids.FW_CHART_EDIT, "href"),
        Input(ids.FW_TVA_GRID, "cellClicked"), State(ids.FW_MAP, "data"), prevent_initial_call=True,
    )
    def open_chart(clicked, meta):
        if not isinstance(clicked, dict) or not clicked.get("rowId") or not isinstance(meta, dict):
            return (no_update,) * 5
        *_map, state = maps.get_map(db, meta["map_id"], who=current_author())
        state = as_read(state)
        indicator = state.indicators.get(clicked["rowId"])
        if indicator is None:
            gone = error_alert(_("This indicator is no longer on the map."))
            return True, _("Indicator not found"), gone, {}, None
        status = ind.status(indicator, today())
        rule = html.Div([status_badge(status), html.Small(status.rule, className="ms-2")])
        editor = f"/maps/{meta['map_id']}?select={indicator.element}&tab=indicators"
        return True, f"{indicator.name} · {state.label_of(indicator.element)}", rule, figure(indicator), editor

    @app.callback(Output(ids.FW_CHART_VALUES, "children"), Input(ids.FW_TVA_GRID, "cellClicked"),
                  State(ids.FW_MAP, "data"), prevent_initial_call=True)
    def show_values(clicked, meta):
        if not isinstance(clicked, dict) or not clicked.get("rowId") or not isinstance(meta, dict):
            return no_update
        *_map, state = maps.get_map(db, meta["map_id"], who=current_author())
        indicator = state.indicators.get(clicked["rowId"])
        return [observation_rows(indicator), revision_list(indicator)] if indicator else None


def _editing(state: MapState, partnership: Partnership, element_id: str) -> dict:
    """What the narrative form edits: the element's texts in the reader's language when they read a translation
    (then ``language`` and the ``marks`` are set), else its own texts."""
    element = state.elements[element_id]
    language = languages.reading_language(state, partnership)
    source = {"label": element.label, "description": element.description}
    values, marks = languages.in_reader_language(state, "element", element_id, source, language)
    return {"id": element_id, **values, "language": language, "marks": marks}


def _translating_note(editing: dict) -> list | None:
    """Above the form, when it edits a translation: which one, and the marks of its texts."""
    if not editing.get("language"):
        return None
    note = html.P([html.I(className="bi bi-translate me-2"),
                   _("You are editing the {language} translation: the text in the map's own language stays as it "
                     "is, and so does its agreement.", language=language_name(editing["language"]))],
                  className="tm-fw-translating small mb-2")
    return [note, *languages.marks_view({"type": "element", **editing})]


def _well_formed(editing, meta) -> bool:
    """True when the form and page stores hold what this page put there (not a forged request's junk)."""
    return (
        isinstance(editing, dict) and isinstance(editing.get("id"), str)
        and isinstance(meta, dict) and isinstance(meta.get("map_id"), int) and isinstance(meta.get("revision"), int)
        and isinstance(meta.get("partnership_id"), str)
    )


def _refused(db: Database, meta: dict, editing: dict, error: TocmapError) -> tuple:
    """Keep the form open with the person's text and say why; show the saved values in the table."""
    if isinstance(error, Conflict) or error.status == 404:
        info, partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
        fresh = refreshed(state, partnership, meta, info.revision)
        element = state.elements.get(editing["id"])
        if element is None:
            who = next((c.get("user") for c in getattr(error, "conflicts", []) if c.get("user")), None)
            gone = (_("{who} removed “{label}” from the map since you opened it; it is no longer in the table.",
                      who=who, label=editing["label"]) if who else
                    _("Someone removed “{label}” from the map since you opened it; it is no longer in the table.",
                      label=editing["label"]))
            return fresh + (no_update, error_alert(gone, _("Not saved")), no_update, None)
        hint = _("The table shows the saved version now; press Save again to replace it with yours, or Cancel.")
        editing = _editing(state, partnership, element.id)
        return fresh + (no_update, error_alert(f"{error} {hint}", _("Not saved")), no_update, editing)
    return KEEP + (no_update, error_alert(str(error), _("Not saved")), no_update, no_update)
