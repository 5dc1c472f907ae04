"""A map's page: its elements, links, indicators and history as tables."""

from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import html

from tocmap.adapters.database import Database
from tocmap.services import history, maps
from tocmap.ui import ids
from tocmap.ui.presenters import element_rows, history_rows, indicator_rows, link_rows

HISTORY_SHOWN = 500


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


def layout(db: Database, map_id: int) -> dbc.Container:
    info, partnership, state = maps.get_map(db, map_id)
    records = history.history(db, map_id, limit=HISTORY_SHOWN)
    partners = [dbc.Badge(p.name, color="light", text_color="dark", className="me-1 tm-partner") for p in partnership.partners]
    tabs = dbc.Tabs(
        [
            dbc.Tab(grid(ids.ELEMENTS_GRID, element_rows(state, partnership), [
                ("label", "Element", 3), ("kind", "Kind", 1), ("owner", "Owner", 1),
                ("agreement", "Agreement", 1), ("tags", "Tags", 1), ("description", "Description", 4),
            ]), label=f"Elements ({len(state.elements)})", tab_id="elements"),
            dbc.Tab(grid(ids.LINKS_GRID, link_rows(state, partnership), [
                ("source", "From", 3), ("kind", "Link", 1), ("target", "To", 3), ("polarity", "+/-", 1),
                ("confidence", "Confidence", 1), ("rationale", "Rationale", 4),
            ]), label=f"Links ({len(state.links)})", tab_id="links"),
            dbc.Tab(grid(ids.INDICATORS_GRID, indicator_rows(state, partnership), [
                ("name", "Indicator", 3), ("element", "Measures", 3), ("measure", "Type", 1),
                ("baseline", "Baseline", 1), ("target", "Latest target", 2), ("latest", "Latest value", 1),
                ("responsible", "Responsible", 1),
            ]), label=f"Indicators ({len(state.indicators)})", tab_id="indicators"),
            dbc.Tab(grid(ids.HISTORY_GRID, history_rows(records, partnership), [
                ("revision", "Rev.", 1), ("time", "Time (UTC)", 2), ("user", "Who", 2),
                ("partner", "Partner", 1), ("summary", "What changed", 6),
            ]), label=f"History ({info.revision})", tab_id="history"),
        ],
        id=ids.MAP_TABS,
        active_tab="elements",
        className="mb-3",
    )
    return dbc.Container(
        [
            html.Div(
                [
                    html.Div([
                        html.A([html.I(className="bi bi-arrow-left me-1"), "All maps"], href="/", className="tm-back"),
                        html.H1(state.title, className="h3 mb-1"),
                        html.Div(partners),
                    ]),
                    html.Div(f"Revision {info.revision}", className="text-secondary"),
                ],
                className="tm-page-head",
            ),
            html.P(state.description, className="tm-description") if state.description else None,
            tabs,
        ],
        fluid="lg",
    )


def register_callbacks(app, db: Database) -> None:
    """The read-only map page has no callbacks of its own."""
