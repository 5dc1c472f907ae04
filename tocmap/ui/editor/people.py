"""The editor's People tab: who works on the map, and the facilitator's workshop controls.

Everyone sees the members; facilitators add and remove them and open or close a
workshop, whose short code participants enter at /join. The services decide who may.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain.roles import Role
from tocmap.domain.errors import TocmapError
from tocmap.i18n import _, ngettext
from tocmap.services import accounts, invitations, maps
from tocmap.ui.editor import ids
from tocmap.ui.auth import current_author
from tocmap.ui.components import error_alert

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

def _role_options() -> list[dict]:
    """Every role, by its title in the reader's language."""
    return [{"label": role.title, "value": role.value} for role in Role]


def panel() -> html.Div:
    """The tab's frame; its content is drawn when the tab is opened."""
    return html.Div(
        [
            dcc.Store(id=ids.PEOPLE_OPEN_CLOSE),
            html.Div(id=ids.PEOPLE_MESSAGE),
            html.Div(id=ids.PEOPLE_WORKSHOP),
            html.Div(id=ids.PEOPLE_LIST),
            html.Div(
                [
                    html.Div(_("Add a member"), className="tm-field-label mt-3"),
                    dbc.Input(id=ids.PEOPLE_EMAIL, type="email", placeholder=_("Email of their account"), size="sm",
                              className="mb-1"),
                    dbc.Select(id=ids.PEOPLE_ROLE, options=_role_options(), value=Role.EDITOR.value, size="sm",
                               className="mb-1"),
                    dbc.Select(id=ids.PEOPLE_PARTNER, value="", size="sm", className="mb-1"),
                    dbc.Button(_("Add"), id=ids.PEOPLE_ADD, size="sm", color="primary"),
                    html.Div(html.A([html.I(className="bi bi-envelope me-1"), _("No account yet? Invite by email")],
                                    id=ids.PEOPLE_INVITE_LINK, className="small"), className="mt-2"),
                ],
                id=ids.PEOPLE_FORM,
            ),
        ],
        className="tm-people",
    )


def _workshop(db: Database, map_id: int, code_hours: int):
    workshop = accounts.current_workshop(db, map_id, current_author())
    if workshop is None:
        return dbc.Button([html.I(className="bi bi-people me-1"), _("Open a workshop")], id={"type": ids.PEOPLE_WORKSHOP_ACTION, "how": "open"},
                          size="sm", color="success", outline=True, className="mb-2")
    return dbc.Alert([
        html.Div(_("Workshop open: participants go to /join and enter"), className="small"),
        html.Div(workshop.code, className="tm-join-code"),
        _code_time(workshop, code_hours),
        html.Div([
            dbc.Button([html.I(className="bi bi-arrow-repeat me-1"), _("Renew the code")],
                       id={"type": ids.PEOPLE_WORKSHOP_ACTION, "how": "renew"}, size="sm", color="success",
                       outline=True, className="me-2",
                       title=_("A new code for newcomers; the old one stops working, everyone who joined stays")),
            dbc.Button(_("Close the workshop"), id={"type": ids.PEOPLE_WORKSHOP_ACTION, "how": "close"}, size="sm",
                       color="secondary", outline=True),
        ]),
    ], color="success", className="py-2")


def _code_time(workshop, code_hours: int) -> html.Div:
    """How long the join code still works, or that it has expired."""
    left = accounts.code_hours_left(workshop, code_hours, int(time.time() * 1000))
    if left <= 0:
        return html.Div(_("This code has expired: renew it for newcomers to join."), className="small text-danger mb-2")
    if left >= 1.5:
        words = ngettext("The code works for {n} more hour.", "The code works for {n} more hours.", round(left))
    else:
        minutes = max(1, round(left * 60))
        words = ngettext("The code works for {n} more minute.", "The code works for {n} more minutes.", minutes)
    return html.Div(words, className="small text-secondary mb-2 tm-join-code-time")


def _members(db: Database, map_id: int, partner_names: dict[str, str]) -> html.Div:
    rows = [
        html.Tr([
            html.Td([m.name, html.Small(_(" (guest)") if m.is_guest else "", className="text-secondary"),
                     dbc.Button(_("Keep"), id={"type": ids.PEOPLE_KEEP, "user": m.user_id}, size="sm", color="link",
                                title=_("Keep {name} as a member when the workshop closes", name=m.name))
                     if m.workshop_id else None]),
            html.Td(partner_names.get(m.partner, "—")),
            html.Td(Role(m.role).title),
            html.Td(dbc.Button(html.I(className="bi bi-x"), id={"type": ids.PEOPLE_REMOVE, "user": m.user_id},
                               size="sm", color="link", title=_("Remove {name}", name=m.name))),
        ])
        for m in accounts.members(db, map_id, current_author())
    ]
    return dbc.Table([html.Thead(html.Tr([html.Th(_("Member")), html.Th(_("Partner")), html.Th(_("Role")), html.Th("")])),
                      html.Tbody(rows)], size="sm", className="tm-members")


def register_callbacks(app, db: Database) -> None:
    """Wire the People tab."""

    @app.callback(
        Output(ids.PEOPLE_WORKSHOP, "children"), Output(ids.PEOPLE_LIST, "children"),
        Output(ids.PEOPLE_PARTNER, "options"), Output(ids.PEOPLE_MESSAGE, "children"),
        Output(ids.PEOPLE_INVITE_LINK, "href"),
        Input(ids.PANEL_TABS, "active_tab"), Input(ids.PEOPLE_ADD, "n_clicks"),
        Input({"type": ids.PEOPLE_REMOVE, "user": ALL}, "n_clicks"), Input(ids.PEOPLE_OPEN_CLOSE, "data"),
        Input({"type": ids.PEOPLE_KEEP, "user": ALL}, "n_clicks"),
        State(ids.PEOPLE_EMAIL, "value"), State(ids.PEOPLE_ROLE, "value"), State(ids.PEOPLE_PARTNER, "value"),
        State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def show_people(tab, _event, removals, __, keeps, email, role, partner, meta):
        if tab != "people":
            return no_update, no_update, no_update, no_update, no_update
        map_id, message = meta["map_id"], None
        try:
            if ctx.triggered_id == ids.PEOPLE_ADD:
                member = accounts.set_member(db, map_id, email or "", role, partner or None, current_author())
                message = dbc.Alert(_("{name} is now {role}.", name=member.name, role=Role(member.role).title.lower()),
                                    color="success",
                                    duration=3000, className="py-1")
            elif isinstance(ctx.triggered_id, dict) and ctx.triggered_id["type"] == ids.PEOPLE_KEEP and any(keeps):
                invitations.keep_guest(db, map_id, ctx.triggered_id["user"], current_author())
                message = dbc.Alert(_("Kept as a member after the workshop."), color="success", duration=3000,
                                    className="py-1")
            elif isinstance(ctx.triggered_id, dict) and any(removals):
                accounts.remove_member(db, map_id, ctx.triggered_id["user"], current_author())
        except TocmapError as error:
            message = error_alert(str(error), _("Not done"))
        partnership = maps.get_map(db, map_id, who=current_author())[1]
        names = {p.id: p.short_name or p.name for p in partnership.partners}
        options = [{"label": _("— no partner —"), "value": ""}] + [{"label": n, "value": i} for i, n in names.items()]
        code_hours = app.server.tocmap_settings.join_code_hours
        return _workshop(db, map_id, code_hours), _members(db, map_id, names), options, message, f"/maps/{map_id}/setup"

    @app.callback(
        Output(ids.PEOPLE_OPEN_CLOSE, "data"), Output(ids.PEOPLE_MESSAGE, "children", allow_duplicate=True),
        Input({"type": ids.PEOPLE_WORKSHOP_ACTION, "how": ALL}, "n_clicks"), State(ids.EDITOR_MAP, "data"),
        prevent_initial_call=True,
    )
    def open_or_close(clicks, meta):
        if not any(clicks):
            return no_update, no_update
        try:
            if ctx.triggered_id["how"] == "open":
                workshop = accounts.open_workshop(db, meta["map_id"], current_author())
                return workshop.code, None
            if ctx.triggered_id["how"] == "renew":
                workshop = accounts.renew_workshop_code(db, meta["map_id"], current_author())
                return workshop.code, None
            accounts.close_workshop(db, meta["map_id"], current_author())
            return "closed", None
        except TocmapError as error:
            return no_update, error_alert(str(error), _("Not done"))
