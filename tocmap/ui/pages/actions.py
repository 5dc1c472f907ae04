"""The actions page of a map: actions (owner, due date, status, what they serve) and decisions with stands.

Members who record learning make actions (on their own or from a health-check gap, a
SWOT card, a learning entry, a comment or an element; ``?from=kind|ref`` in the address
chooses the source) and propose decisions; owners take and finish their actions; each
partner's member states that partner's stand. Every callback goes through
:mod:`tocmap.services.actions` and :mod:`tocmap.services.decisions`, which check who may.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain import decisions as dc
from tocmap.domain.actions import STATUS_TITLES, Action
from tocmap.domain.model import LABEL_MAX, TEXT_MAX, MapState
from tocmap.i18n import N_, _, format_date, ngettext
from tocmap.presentation import partner_names
from tocmap.services import actions, decisions, maps
from tocmap.ui import ids
from tocmap.ui.auth import current_author
from tocmap.ui.map_nav import map_head

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

STATUS_COLOURS = {"open": "secondary", "taken": "primary", "done": "success", "dropped": "light"}
#: Buttons an owner sees for each status: (new status, label, icon).
NEXT_STEPS = {"open": [("taken", N_("Take it"), "bi-hand-index-thumb"), ("dropped", N_("Drop"), "bi-x-circle")],
              "taken": [("done", N_("Done"), "bi-check2-circle"),
                        ("open", N_("Give back"), "bi-arrow-counterclockwise")],
              "done": [("taken", N_("Reopen"), "bi-arrow-counterclockwise")],
              "dropped": [("open", N_("Reopen"), "bi-arrow-counterclockwise")]}
STAND_COLOURS = {"agree": "success", "object": "danger", "stand_aside": "secondary"}


# --------------------------------------------------------------------------- layout


def layout(db: Database, map_id: int) -> html.Div:
    who = current_author()
    _info, partnership, state = maps.get_map(db, map_id, who=who)
    may_make = actions.may_make(db, map_id, who)
    read_only = dbc.Alert([html.I(className="bi bi-eye me-2"), _("You can read the actions and decisions; making "
                                                                   "them needs an editor, MEL lead or facilitator role "
                                                                   "on this map.")], color="light")
    forms = [_action_form(db, map_id, state, partner_names(partnership)), _decision_form()] if may_make else [read_only]
    return html.Div(
        [
            dcc.Store(id=ids.AC_MAP, data={"map_id": map_id}),
            dcc.Store(id=ids.AC_VERSION, data=0),
            map_head(map_id, state.title, partnership.partners, "actions"),
            html.P(_("What the partners committed to after the workshop, who owns it and by when; and the decisions "
                     "they put to each other, taken only when every partner's stand meets the rule."),
                   className="tm-ac-hint"),
            html.Div(id=ids.AC_MESSAGE, role="status"),
            dbc.Row(
                [
                    dbc.Col(forms, lg=4),
                    dbc.Col(
                        [
                            html.Div(
                                [html.H2(_("Actions"), className="h5 mb-0"),
                                 dbc.Switch(id=ids.AC_SHOW_CLOSED, label=_("Show done and dropped"), value=False,
                                            className="ms-auto mb-0"),
                                 dbc.ButtonGroup([
                                     dbc.Button([html.I(className="bi bi-filetype-csv me-1"), "CSV"],
                                                href=f"/maps/{map_id}/actions.csv", external_link=True,
                                                color="outline-secondary", size="sm"),
                                     dbc.Button([html.I(className="bi bi-file-earmark-spreadsheet me-1"), "XLSX"],
                                                href=f"/maps/{map_id}/actions.xlsx", external_link=True,
                                                color="outline-secondary", size="sm")], className="ms-2")],
                                className="tm-ac-listhead"),
                            html.Div(id=ids.AC_LIST, className="tm-ac-list"),
                            html.H2(_("Decisions"), className="h5 mt-4"),
                            html.Div(id=ids.DC_LIST, className="tm-dc-list"),
                        ],
                        lg=8,
                    ),
                ],
                className="g-4",
            ),
        ],
        className="tm-ac-page",
    )


def _action_form(db: Database, map_id: int, state: MapState, names: dict[str, str]) -> dbc.Card:
    who = current_author()
    members = actions.owners(db, map_id, who)
    items = sorted(state.elements.values(), key=lambda e: (e.kind.value, e.label.casefold()))
    return dbc.Card(dbc.CardBody([
        html.H2([html.I(className="bi bi-plus-square me-2"), _("New action")], className="h6"),
        dbc.Label(_("What is to be done?"), html_for=ids.AC_TITLE, size="sm"),
        dbc.Input(id=ids.AC_TITLE, maxLength=LABEL_MAX, size="sm", placeholder=_("e.g. Agree how we share bad news")),
        dbc.Label(_("Made from"), html_for=ids.AC_SOURCE, size="sm", className="mt-2"),
        dcc.Dropdown(id=ids.AC_SOURCE, placeholder=_("On its own"), optionHeight=48,
                     options=[{"label": s["label"], "value": s["value"]}
                              for s in actions.sources(db, map_id, who)]),
        dbc.Row([
            dbc.Col([dbc.Label(_("Owner"), html_for=ids.AC_OWNER, size="sm"),
                     dcc.Dropdown(id=ids.AC_OWNER, placeholder=_("A member"),
                                  options=[{"label": m["name"] + (f" · {names.get(m['partner'], m['partner'])}"
                                                                  if m["partner"] else ""),
                                            "value": m["user_id"]} for m in members])], width=7),
            dbc.Col([dbc.Label(_("Due"), html_for=ids.AC_DUE, size="sm"),
                     dbc.Input(id=ids.AC_DUE, type="date", size="sm", min=actions.today().isoformat())], width=5),
        ], className="mt-2 g-2"),
        dbc.Label(_("For partner (the owner's own unless chosen)"), html_for=ids.AC_PARTNER, size="sm", className="mt-2"),
        dcc.Dropdown(id=ids.AC_PARTNER, placeholder=_("The owner's partner"),
                     options=[{"label": name, "value": pid} for pid, name in names.items()]),
        dbc.Label(_("Serves"), html_for=ids.AC_ITEMS, size="sm", className="mt-2"),
        dcc.Dropdown(id=ids.AC_ITEMS, multi=True, placeholder=_("Elements and indicators it serves"),
                     options=[{"label": f"{e.kind.title}: {e.label}", "value": e.id} for e in items]
                     + [{"label": _("Indicator: {name}", name=i.name), "value": i.id} for i in state.indicators.values()]),
        dbc.Label(_("Notes"), html_for=ids.AC_NOTES, size="sm", className="mt-2"),
        dbc.Textarea(id=ids.AC_NOTES, rows=2, maxLength=TEXT_MAX, size="sm"),
        dbc.Button([html.I(className="bi bi-check2-square me-1"), _("Add action")], id=ids.AC_ADD, color="primary",
                   size="sm", className="mt-3"),
    ]), className="tm-ac-card tm-ac-form")


def _decision_form() -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2([html.I(className="bi bi-signpost-split me-2"), _("Put a decision to the partners")], className="h6"),
        dbc.Label(_("What is to be decided?"), html_for=ids.DC_TEXT, size="sm"),
        dbc.Textarea(id=ids.DC_TEXT, rows=2, maxLength=TEXT_MAX, size="sm",
                     placeholder=_("e.g. Share district data every month")),
        dbc.Label(_("Rule"), html_for=ids.DC_RULE, size="sm", className="mt-2"),
        dbc.RadioItems(id=ids.DC_RULE, value="each_partner",
                       options=[{"label": title, "value": rule} for rule, title in dc.RULE_TITLES.items()]),
        html.Div([dbc.Label(_("Threshold: share of partners who must agree"), html_for=ids.DC_THRESHOLD, size="sm"),
                  dbc.Input(id=ids.DC_THRESHOLD, size="sm", placeholder=_("2/3 or 60%"), maxLength=10)],
                 id=ids.DC_THRESHOLD_ROW, style={"display": "none"}, className="mt-1"),
        dbc.Label(_("Who was consulted"), html_for=ids.DC_CONSULTED, size="sm", className="mt-2"),
        dbc.Input(id=ids.DC_CONSULTED, size="sm", maxLength=LABEL_MAX * 2,
                  placeholder=_("e.g. District health officers, the board")),
        dbc.Button([html.I(className="bi bi-megaphone me-1"), _("Propose")], id=ids.DC_PROPOSE, color="primary",
                   size="sm", className="mt-3"),
    ]), className="tm-ac-card mt-3")


# --------------------------------------------------------------------------- drawing


def due_badge(action: Action, today: dt.date) -> dbc.Badge:
    """The due date; red with the days late when overdue."""
    if action.overdue(today):
        late = (today - action.due).days
        return dbc.Badge([html.I(className="bi bi-exclamation-triangle-fill me-1"),
                          ngettext("Overdue by {n} day · due {date}", "Overdue by {n} days · due {date}", late,
                                   date=format_date(action.due))],
                         color="danger", className="tm-ac-overdue")
    return dbc.Badge(_("Due {date}", date=format_date(action.due)), color="light", text_color="dark", className="tm-ac-due")


def action_row(action: Action, state: MapState | None, names: dict[str, str], today: dt.date, may_change: bool,
               button_type: str, map_title: str | None = None) -> html.Div:
    """One action: title, owner and partner, due date (overdue stands out), status, source, items, next steps."""
    served = [dbc.Badge(state.label_of(i) if state else i, color="light", text_color="dark", className="me-1")
              for i in action.items]
    steps = [dbc.Button([html.I(className=f"bi {icon} me-1"), _(label)], size="sm",
                        color="primary" if to in ("taken", "done") else "outline-secondary", className="me-1",
                        id={"type": button_type, "map": action.map_id, "action": action.id, "to": to})
             for to, label, icon in NEXT_STEPS[action.status]] if may_change else []
    return html.Div(
        [
            html.Div([
                html.Strong(action.title, className="tm-ac-title me-2"),
                dbc.Badge(STATUS_TITLES[action.status], color=STATUS_COLOURS[action.status],
                          text_color="dark" if action.status == "dropped" else None, className="me-2 tm-ac-status"),
                due_badge(action, today),
            ], className="tm-ac-line"),
            html.Div([
                html.Span([html.I(className="bi bi-person me-1"), action.owner_name], className="me-2 tm-ac-owner"),
                dbc.Badge(names.get(action.partner, action.partner), color="secondary", className="me-2 tm-partner")
                if action.partner else None,
                html.A(map_title, href=f"/maps/{action.map_id}/actions", className="me-2") if map_title else None,
                html.Span([html.I(className="bi bi-box-arrow-in-right me-1"), action.source.label],
                          className="tm-ac-source") if action.source else None,
            ], className="tm-ac-meta"),
            html.Div(served, className="mt-1") if served else None,
            html.P(action.notes, className="tm-ac-notes") if action.notes else None,
            html.Div(steps, className="mt-1") if steps else None,
        ],
        className="tm-ac-item" + (" tm-ac-is-overdue" if action.overdue(today) else "")
        + (" tm-ac-is-closed" if action.closed else ""),
        id=f"action-{action.id}",
    )


def decision_card(decision: dc.Decision, partners: list[tuple[str, str]], my_partner: str | None,
                  may_stand: bool) -> dbc.Card:
    """A decision: its text, rule, who was consulted, each partner's stand, and whether it is taken."""
    stands = [dbc.Badge(f"{name}: {dc.STAND_TITLES[decision.stands[pid]]}" if pid in decision.stands
                        else _("{partner}: waiting", partner=name), color=STAND_COLOURS.get(decision.stands.get(pid), "light"),
                        text_color=None if pid in decision.stands else "dark", className="me-1 tm-dc-stand")
              for pid, name in partners]
    waiting = [name for pid, name in partners if pid not in decision.stands]
    if decision.taken:
        state = dbc.Badge([html.I(className="bi bi-check2-all me-1"),
                           _("Taken {date}", date=format_date(decision.taken_at))],
                          color="success", className="tm-dc-taken")
    else:
        state = dbc.Badge(_("Not taken yet: waiting for {partners}", partners=", ".join(waiting)) if waiting
                          else _("Not taken yet"),
                          color="warning", text_color="dark", className="tm-dc-open")
    buttons = []
    if may_stand and my_partner and not decision.taken:
        mine = decision.stands.get(my_partner)
        buttons = [dbc.Button(label, size="sm", className="me-1", outline=mine != stand,
                              color=STAND_COLOURS.get(stand, "secondary"),
                              id={"type": ids.DC_STAND, "decision": decision.id, "stand": stand})
                   for stand, label in [("agree", _("Agree")), ("object", _("Object")),
                                                ("stand_aside", _("Stand aside"))]]
        if mine:
            buttons.append(dbc.Button(_("Withdraw"), size="sm", color="link",
                                      id={"type": ids.DC_STAND, "decision": decision.id, "stand": "withdraw"}))
    return dbc.Card(dbc.CardBody([
        html.Div([state, html.Span(dc.rule_sentence(decision), className="ms-2 tm-dc-rule")], className="mb-1"),
        html.P(decision.text, className="tm-dc-text mb-1"),
        html.Div([html.I(className="bi bi-chat-square-dots me-1"), _("Consulted: {who}", who=decision.consulted)],
                 className="tm-dc-consulted") if decision.consulted else None,
        html.Div(stands, className="mt-1"),
        html.Div(buttons, className="mt-2") if buttons else None,
        html.Div(_("Proposed by {person}, {date}", person=decision.created_by, date=format_date(decision.created_at)),
                 className="tm-dc-by"),
    ]), className="tm-dc-card mb-2" + (" tm-dc-is-taken" if decision.taken else ""), id=f"decision-{decision.id}")


def draw(db: Database, map_id: int, show_closed: bool) -> tuple[list, list]:
    """The action list and the decisions, as the signed-in person may act on them."""
    who = current_author()
    _info, partnership, state = maps.get_map(db, map_id, who=who)
    names = partner_names(partnership)
    today = actions.today()
    found = [a for a in actions.actions(db, map_id, who) if show_closed or not a.closed]
    me = actions.place_of(db, map_id, who)
    rows = [action_row(a, state, names, today, me.manages or a.owner_id == me.user_id, ids.AC_STATUS)
            for a in found]
    if not rows:
        rows = [html.Div(_("No actions yet.") if show_closed else _("No open actions."), className="tm-ac-empty")]
    cards = [decision_card(d, list(names.items()), me.partner, me.agrees) for d in decisions.decisions(db, map_id, who)]
    return rows, cards or [html.Div(_("No decisions yet."), className="tm-ac-empty")]


# --------------------------------------------------------------------------- callbacks


def pressed_button() -> dict | None:
    """The pattern-matched button that was pressed, or None when buttons were only drawn."""
    trigger = ctx.triggered_id
    return trigger if isinstance(trigger, dict) and ctx.triggered and ctx.triggered[0].get("value") else None


def _done(*text) -> dbc.Alert:
    return dbc.Alert([html.I(className="bi bi-check-circle me-2"), *text], color="success", dismissable=True,
                     duration=5000, className="mb-2")


def source_from(search: str | None) -> str | None:
    """The ``from`` of the page's address, as the source dropdown's value.

    Examples
    --------
    >>> source_from("?from=health_gap%7C3%3Atrust")
    'health_gap|3:trust'
    >>> source_from("") is None
    True
    """
    values = parse_qs((search or "").lstrip("?")).get("from")
    return values[0][:200] if values else None


def register_callbacks(app, db: Database) -> None:
    @app.callback(Output(ids.AC_LIST, "children"), Output(ids.DC_LIST, "children"),
                  Input(ids.AC_VERSION, "data"), Input(ids.AC_SHOW_CLOSED, "value"), State(ids.AC_MAP, "data"))
    def show(_clicks, show_closed, meta):
        return draw(db, meta["map_id"], bool(show_closed))

    @app.callback(Output(ids.AC_SOURCE, "value"), Input(ids.AC_MAP, "data"), State(ids.URL, "search"))
    def choose_source(_clicks, search):
        return source_from(search) or no_update

    @app.callback(Output(ids.DC_THRESHOLD_ROW, "style"), Input(ids.DC_RULE, "value"))
    def show_threshold(rule):
        return {} if rule == "vote" else {"display": "none"}

    @app.callback(
        Output(ids.AC_VERSION, "data", allow_duplicate=True), Output(ids.AC_MESSAGE, "children"),
        Output(ids.AC_TITLE, "value"), Output(ids.AC_NOTES, "value"),
        Input(ids.AC_ADD, "n_clicks"),
        State(ids.AC_TITLE, "value"), State(ids.AC_SOURCE, "value"), State(ids.AC_OWNER, "value"),
        State(ids.AC_PARTNER, "value"), State(ids.AC_DUE, "value"), State(ids.AC_ITEMS, "value"),
        State(ids.AC_NOTES, "value"), State(ids.AC_MAP, "data"), State(ids.AC_VERSION, "data"),
        prevent_initial_call=True,
    )
    def add_action(clicks, title, source, owner, partner, due, items, notes, meta, version):
        if not clicks:
            return no_update, no_update, no_update, no_update
        made = actions.make_action(db, meta["map_id"], title=title, owner_id=owner, partner=partner, due=due,
                                   items=items or [], notes=notes or "", source=actions.parse_source(source),
                                   who=current_author())
        return (version or 0) + 1, _done(_("Action added for {person}, due {date}.", person=made.owner_name,
                                                  date=format_date(made.due))), "", ""

    @app.callback(
        Output(ids.AC_VERSION, "data", allow_duplicate=True),
        Input({"type": ids.AC_STATUS, "map": ALL, "action": ALL, "to": ALL}, "n_clicks"),
        State(ids.AC_MAP, "data"), State(ids.AC_VERSION, "data"), prevent_initial_call=True,
    )
    def change_status(_clicks, meta, version):
        pressed = pressed_button()
        if pressed is None:
            return no_update
        actions.set_status(db, meta["map_id"], pressed["action"], pressed["to"], current_author())
        return (version or 0) + 1

    @app.callback(
        Output(ids.AC_VERSION, "data", allow_duplicate=True), Output(ids.AC_MESSAGE, "children", allow_duplicate=True),
        Output(ids.DC_TEXT, "value"), Output(ids.DC_CONSULTED, "value"),
        Input(ids.DC_PROPOSE, "n_clicks"), State(ids.DC_TEXT, "value"), State(ids.DC_RULE, "value"),
        State(ids.DC_THRESHOLD, "value"), State(ids.DC_CONSULTED, "value"), State(ids.AC_MAP, "data"),
        State(ids.AC_VERSION, "data"), prevent_initial_call=True,
    )
    def propose(clicks, text, rule, threshold, consulted, meta, version):
        if not clicks:
            return no_update, no_update, no_update, no_update
        decisions.propose(db, meta["map_id"], text=text, rule=rule, threshold=threshold, consulted=consulted,
                          who=current_author())
        return (version or 0) + 1, _done(_("Decision put to the partners.")), "", ""

    @app.callback(
        Output(ids.AC_VERSION, "data", allow_duplicate=True), Output(ids.AC_MESSAGE, "children", allow_duplicate=True),
        Input({"type": ids.DC_STAND, "decision": ALL, "stand": ALL}, "n_clicks"),
        State(ids.AC_MAP, "data"), State(ids.AC_VERSION, "data"), prevent_initial_call=True,
    )
    def stand(_clicks, meta, version):
        pressed = pressed_button()
        if pressed is None:
            return no_update, no_update
        decision = decisions.state_stand(db, meta["map_id"], pressed["decision"], pressed["stand"], current_author())
        said = _done(_("The decision is taken: every partner's stand meets its rule.")) if decision.taken else None
        return (version or 0) + 1, said


def decisions_digest(db: Database, map_id: int) -> html.Section:
    """The map's decisions in short, for the learning page: what, whether taken, each partner's stand."""
    who = current_author()
    names = partner_names(maps.get_map(db, map_id, who=who)[1])
    found = decisions.decisions(db, map_id, who)
    rows = [html.Li([dbc.Badge(_("Taken") if d.taken else _("Open"), color="success" if d.taken else "warning",
                               text_color=None if d.taken else "dark", className="me-2"),
                     html.Span(d.headline, className="me-2"),
                     html.Span(" · ".join(f"{names.get(p, p)}: {dc.STAND_TITLES[s].lower()}"
                                          for p, s in d.stands.items()) or _("no stands yet"),
                               className="text-secondary small")], className="mb-1") for d in found]
    return html.Section([
        html.Div([html.H2([html.I(className="bi bi-signpost-split me-2"), _("Decisions put to the partners")],
                          className="h6 mb-0"),
                  html.A(_("All decisions and actions"), href=f"/maps/{map_id}/actions", className="ms-auto small")],
                 className="d-flex align-items-baseline mb-2"),
        html.Ul(rows, className="list-unstyled mb-0") if rows else html.P(
            _("None yet: put a decision to the partners on the Actions page; it is taken when every partner's "
              "stand meets its rule."), className="text-secondary small mb-0"),
    ], className="tm-ln-decisions tm-ac-card card card-body mt-3")
