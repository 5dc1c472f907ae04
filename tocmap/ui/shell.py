"""The app shell: top bar, URL routing to pages, and the not-found page."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, html, set_props
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from tocmap import i18n, logs
from tocmap.domain.errors import TocmapError
from tocmap.i18n import _
from tocmap.ui import ids
from tocmap.ui import editor, exchange_ui
from tocmap.ui.components import error_alert
from tocmap.ui.language import own_names
from tocmap.ui.pages import framework, health, home
from tocmap.ui.pages import learning
from tocmap.ui.pages import foundations, swot_page
from tocmap.ui.pages import setup
from tocmap.ui.pages import actions, journey, my_actions
from tocmap.ui.pages import translations

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database


def layout() -> html.Div:
    """The page frame every screen sits in."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            topbar(),
            html.Div(id=ids.TOAST, className="tm-toast", role="status"),
            html.Main(id=ids.PAGE, className="tm-page"),
        ]
    )


def topbar() -> dbc.Navbar:
    """The top bar: brand, maps, and who is signed in."""
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(
                    [html.I(className="bi bi-diagram-3-fill me-2"), "tocmap"], href="/", className="tm-brand"
                ),
                dbc.Nav(
                    [dbc.NavItem(dbc.NavLink(_("Maps"), href="/", active="exact")),
                     dbc.NavItem(dbc.NavLink([html.I(className="bi bi-check2-square me-1"), _("My actions")],
                                             href="/actions", active="exact", className="tm-my-actions-link")),
                     _account_menu()],
                    navbar=True, className="ms-auto align-items-center",
                ),
            ],
            fluid=True,
        ),
        color="dark",
        dark=True,
        className="tm-topbar",
    )


def _account_menu():
    if not current_user.is_authenticated:
        return None
    user = current_user.user
    sign_out = html.Form(
        [dbc.Input(type="hidden", name="csrf_token", value=generate_csrf()),
         html.Button([html.I(className="bi bi-box-arrow-right me-1"), _("Sign out")], type="submit",
                     className="btn btn-link nav-link tm-signout")],
        action="/signout", method="POST",
    )
    badge = _(" (guest)") if user.is_guest else _(" (admin)") if user.is_admin else ""
    accounts = [dcc.Link(_("Accounts"), href="/admin/accounts", refresh=True, className="nav-link tm-admin-link")
                ] if user.is_admin else []
    return html.Span(
        [*accounts,
         language_menu(),
         html.A([html.I(className="bi bi-person-circle me-1"), user.name + badge], href="/account", className="tm-user",
                title=_("Your account: name, language, password")),
         sign_out],
        className="tm-account",
    )


def language_menu() -> html.Details:
    """The language switch: the languages the interface speaks, each in its own name; choosing one saves it as
    the reader's language and shows the page again in it (a plain form: keyboard and screen readers know it)."""
    names, current = own_names(), i18n.current()
    choices = [html.Button(name, type="submit", name="language", value=code, lang=code, className="tm-language-item",
                           **({"aria-current": "true"} if code == current else {}))
               for code, name in names.items()]
    return html.Details(
        [html.Summary([html.I(className="bi bi-translate me-1", **{"aria-hidden": "true"}), current.upper()],
                      className="nav-link tm-language-toggle",
                      **{"aria-label": _("Language: {language}", language=names.get(current, current))}),
         html.Form([dbc.Input(type="hidden", name="csrf_token", value=generate_csrf()), *choices],
                   action="/language", method="POST", className="tm-language-menu")],
        className="tm-language",
    )


def report_error(error: Exception):
    """Every callback's refusal (no permission, bad input, gone) as one clear message; a bug is logged
    with its traceback and the person sees the request id to quote."""
    if isinstance(error, TocmapError):
        alert = error_alert(str(error), _("Not done"))
    else:
        alert = error_alert(logs.crash(error), _("Not done"), refused=False)
    set_props(ids.TOAST, {"children": alert})  # and nothing else on the page changes


def problem_page(title: str, message: str) -> html.Div:
    """A friendly page for a missing map or a bad address."""
    return dbc.Container(
        html.Div(
            [
                html.H1(title, className="h3"),
                html.P(message, className="text-secondary"),
                dbc.Button([html.I(className="bi bi-arrow-left me-1"), _("All maps")], href="/", color="primary"),
            ],
            className="tm-problem",
        )
    )


def route(db: Database, pathname: str | None):
    """The page for a path."""
    path = (pathname or "/").rstrip("/") or "/"
    if path == "/":
        return home.layout(db)
    if path == "/actions":
        return my_actions.layout(db)
    match = re.fullmatch(r"/maps/(\d{1,12})(/framework|/health|/learning|/foundations|/swot|/setup|/actions|/journey"
                         r"|/translations)?",
                         path)
    if match:
        page = {"/framework": framework, "/health": health, "/learning": learning, "/foundations": foundations,
                "/swot": swot_page, "/setup": setup, "/actions": actions, "/journey": journey,
                "/translations": translations}.get(match.group(2) or "", editor)
        try:
            return page.layout(db, int(match.group(1)))
        except TocmapError as error:
            return problem_page(_("Map not found"), str(error))
    return problem_page(_("Page not found"), _("There is nothing at {path}.", path=path))


def register_callbacks(app, db: Database) -> None:
    """Wire routing and every page's callbacks onto this app instance."""

    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"))
    def show_page(pathname):
        return route(db, pathname)

    for page in (home, editor, framework, health, exchange_ui, learning, actions, journey, my_actions, translations):
        page.register_callbacks(app, db)
    foundations.register_callbacks(app, db)
    setup.register_callbacks(app, db)
