"""The app shell: top bar, URL routing to pages, and the not-found page."""

from __future__ import annotations

import re

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from tocmap.adapters.database import Database
from tocmap.domain.errors import TocmapError
from tocmap.ui import ids
from tocmap.ui import checks_panel, exchange_ui
from tocmap.ui.pages import framework, home, map_view


def layout() -> html.Div:
    """The page frame every screen sits in."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Store(id=ids.IDENTITY, storage_type="local"),
            topbar(),
            identity_modal(),
            html.Main(id=ids.PAGE, className="tm-page"),
        ]
    )


def topbar() -> dbc.Navbar:
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    [html.I(className="bi bi-diagram-3-fill me-2"), "tocmap"], href="/", className="tm-brand"
                ),
                dbc.Nav(
                    [
                        dbc.NavItem(dbc.NavLink("Maps", href="/", active="exact")),
                        dbc.NavItem(dbc.Button(
                            [html.I(className="bi bi-person-circle me-1"), html.Span("Set your name", id=ids.IDENTITY_TEXT)],
                            id=ids.IDENTITY_BUTTON, color="dark", className="tm-identity",
                        )),
                    ],
                    navbar=True, className="ms-auto align-items-center",
                ),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        className="tm-topbar",
    )


def identity_modal() -> dbc.Modal:
    """Asks for the name shown in the history next to each change this browser makes."""
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle("Who is editing?")),
            dbc.ModalBody([
                dbc.Label("Your name", html_for=ids.IDENTITY_NAME),
                dbc.Input(id=ids.IDENTITY_NAME, maxLength=200, placeholder="e.g. Amina Diallo", debounce=False),
                dbc.FormText("Shown in the map's history next to every change you make from this browser."),
            ]),
            dbc.ModalFooter(dbc.Button("Save", id=ids.IDENTITY_SAVE, color="primary")),
        ],
        id=ids.IDENTITY_MODAL, is_open=False,
    )


def problem_page(title: str, message: str) -> html.Div:
    """A friendly page for a missing map or a bad address."""
    return dbc.Container(
        html.Div(
            [
                html.H1(title, className="h3"),
                html.P(message, className="text-secondary"),
                dbc.Button([html.I(className="bi bi-arrow-left me-1"), "All maps"], href="/", color="primary"),
            ],
            className="tm-problem",
        )
    )


def route(db: Database, pathname: str | None):
    """The page for a path."""
    path = (pathname or "/").rstrip("/") or "/"
    if path == "/":
        return home.layout(db)
    match = re.fullmatch(r"/maps/(\d{1,12})(/framework)?", path)
    if match:
        page = framework if match.group(2) else map_view
        try:
            return page.layout(db, int(match.group(1)))
        except TocmapError as error:
            return problem_page("Map not found", str(error))
    return problem_page("Page not found", f"There is nothing at {path}.")


def register_callbacks(app, db: Database) -> None:
    """Wire routing and every page's callbacks onto this app instance."""

    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"))
    def show_page(pathname):
        return route(db, pathname)

    @app.callback(Output(ids.IDENTITY_TEXT, "children"), Input(ids.IDENTITY, "data"))
    def show_identity(identity):
        return ((identity or {}).get("name") or "").strip() or "Set your name"

    @app.callback(
        Output(ids.IDENTITY_MODAL, "is_open"), Output(ids.IDENTITY_NAME, "value"),
        Input(ids.IDENTITY_BUTTON, "n_clicks"), State(ids.IDENTITY, "data"), prevent_initial_call=True,
    )
    def ask_identity(_, identity):
        return True, (identity or {}).get("name", "")

    @app.callback(
        Output(ids.IDENTITY, "data", allow_duplicate=True), Output(ids.IDENTITY_MODAL, "is_open", allow_duplicate=True),
        Input(ids.IDENTITY_SAVE, "n_clicks"), Input(ids.IDENTITY_NAME, "n_submit"),
        State(ids.IDENTITY_NAME, "value"), State(ids.IDENTITY, "data"), prevent_initial_call=True,
    )
    def save_identity(_, __, name, identity):
        return {**(identity or {}), "name": (name or "").strip()[:200]}, False

    for page in (home, map_view, framework, checks_panel, exchange_ui):
        page.register_callbacks(app, db)
