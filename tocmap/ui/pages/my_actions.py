"""My actions (``/actions``): the actions someone owns on every map, their reminders, and their calendar feed.

Reminders (actions due within a week or overdue, indicator reports due) show here; the same
go out by email when a mail server is set (``tocmap remind``), and into a calendar through
a secret feed address that its owner can renew.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, dcc, html, no_update
from flask import request

from tocmap.i18n import _, format_date
from tocmap.services import actions, reminders
from tocmap.ui import ids
from tocmap.ui.auth import current_author
from tocmap.ui.pages.actions import action_row, pressed_button

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

REMINDER_ICONS = {"action_due": "bi-alarm", "action_overdue": "bi-exclamation-triangle-fill",
                  "indicator_report": "bi-graph-up"}


def layout(db: Database) -> html.Div:
    return html.Div(
        [
            dcc.Store(id=ids.MY_VERSION, data=0),
            html.H1([html.I(className="bi bi-check2-square me-2"), _("My actions")], className="h4 mt-3"),
            html.P(_("What you own on every map, and what is due soon. Reminders also come by email when the "
                     "server sends mail, and into your calendar through your own feed address."),
                   className="tm-ac-hint"),
            dbc.Row(
                [
                    dbc.Col([html.H2(_("Actions"), className="h5"), html.Div(id=ids.MY_LIST, className="tm-ac-list")],
                            lg=8),
                    dbc.Col([
                        dbc.Card(dbc.CardBody([html.H2([html.I(className="bi bi-bell me-2"), _("Reminders")],
                                                       className="h6"),
                                               html.Div(id=ids.MY_REMINDERS)]), className="tm-ac-card"),
                        dbc.Card(dbc.CardBody([
                            html.H2([html.I(className="bi bi-calendar-event me-2"), _("Calendar feed")], className="h6"),
                            html.Div(id=ids.MY_FEED),
                            dbc.Button(_("Make my calendar address"), id=ids.MY_FEED_MAKE, color="outline-primary",
                                       size="sm", className="mt-2"),
                        ]), className="tm-ac-card mt-3"),
                    ], lg=4),
                ],
                className="g-4",
            ),
        ],
        className="tm-ac-page",
    )


def reminder_list(found) -> html.Div:
    """Reminders, soonest first; overdue ones in red."""
    if not found:
        return html.Div(_("Nothing due in the coming week."), className="tm-ac-empty")
    return html.Ul([
        html.Li([html.I(className=f"bi {REMINDER_ICONS[r.kind]} me-2"),
                 html.A(r.title, href=r.path), html.Span(f" · {title}", className="text-secondary"),
                 html.Div(_("Was due {date}", date=format_date(r.due)) if r.late else _("Due {date}",
                                                                                         date=format_date(r.due)),
                          className="tm-my-when" + (" text-danger fw-bold" if r.late else ""))],
                className="tm-my-reminder" + (" tm-my-overdue" if r.late else ""))
        for title, r in found], className="list-unstyled mb-0")


def feed_view(db: Database, token: str | None) -> list:
    made = reminders.calendar_made(db, current_author())
    if token:
        address = f"{request.host_url.rstrip('/')}/calendar/{token}.ics"
        return [html.P(_("Add this address to your calendar now: it is shown once. Anyone with it sees your "
                         "actions and reports, so renew it if it leaks."), className="small mb-1"),
                dbc.Input(value=address, readonly=True, size="sm", id=ids.MY_FEED + "-address",
                          className="tm-my-feed-address")]
    if made:
        return [html.P(_("Your calendar address was made {date}. Renew it to get a new one; the old one then "
                         "stops working.", date=format_date(made)), className="small mb-0")]
    return [html.P(_("Your actions and reports due, in Outlook, Google or Apple calendars."), className="small mb-0")]


def register_callbacks(app, db: Database) -> None:
    @app.callback(Output(ids.MY_LIST, "children"), Output(ids.MY_REMINDERS, "children"),
                  Output(ids.MY_FEED, "children"), Output(ids.MY_FEED_MAKE, "children"),
                  Input(ids.MY_VERSION, "data"))
    def show(_clicks):
        who = current_author()
        today = actions.today()
        mine = actions.my_actions(db, who)
        rows = [action_row(m.action, None, {m.action.partner: m.partner_name}, today, True, ids.MY_STATUS,
                           map_title=m.map_title) for m in mine]
        label = _("Renew my calendar address") if reminders.calendar_made(db, who) else _("Make my calendar address")
        return (rows or [html.Div(_("You own no actions."), className="tm-ac-empty")],
                reminder_list(reminders.my_reminders(db, who)), feed_view(db, None), label)

    @app.callback(Output(ids.MY_FEED, "children", allow_duplicate=True),
                  Output(ids.MY_FEED_MAKE, "children", allow_duplicate=True),
                  Input(ids.MY_FEED_MAKE, "n_clicks"), prevent_initial_call=True)
    def make_feed(clicks):
        if not clicks:
            return no_update, no_update
        return feed_view(db, reminders.renew_calendar(db, current_author())), _("Renew my calendar address")

    @app.callback(Output(ids.MY_VERSION, "data"),
                  Input({"type": ids.MY_STATUS, "map": ALL, "action": ALL, "to": ALL}, "n_clicks"),
                  State(ids.MY_VERSION, "data"), prevent_initial_call=True)
    def change_status(_clicks, version):
        pressed = pressed_button()
        if pressed is None:
            return no_update
        actions.set_status(db, pressed["map"], pressed["action"], pressed["to"], current_author())
        return (version or 0) + 1
