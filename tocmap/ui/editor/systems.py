"""The editor's "System" tab: what the map is (theory of change or systems map), and names for its loops.

Changing the type changes which checks apply, the report and the exports; naming a loop
("Short-Term Debt Cycle") shows that name in the checks, the report and the Kumu export.
Both are ordinary changes of the map, in its history. The tab fills itself from the
editor's map store (``ids.EDITOR_MAP``) whenever the map moves to a new revision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain.checks import Analysis, describe_loop
from tocmap.domain.errors import TocmapError
from tocmap.domain.model import MAP_TYPE_TITLES
from tocmap.i18n import N_, _, ngettext
from tocmap.services import checks as checking
from tocmap.services import systems
from tocmap.ui.editor import ids
from tocmap.ui.auth import current_author
from tocmap.ui.components import error_alert

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

TAB = "systems"
TYPE = "systems-map-type"
TYPE_HELP = "systems-map-type-help"
LOOP = "systems-loop"
LOOPS = "systems-loops"  # {option value: {"id", "name", "description", "links"}}
LOOPS_NOTE = "systems-loops-note"
NAME = "systems-loop-name"
DESCRIPTION = "systems-loop-description"
SAVE = "systems-loop-save"
UNNAME = "systems-loop-unname"
MESSAGE = "systems-message"

TYPE_HELP_TEXT = {
    "theory_of_change": N_("Checked as a results chain: every outcome leads to an impact, outputs and outcomes "
                           "have indicators, every element has an owner partner."),
    "systems_map": N_("Checked as a systems map: results-chain rules (impact, indicators, owners) do not apply; "
                      "feedback loops are listed, reinforcing or balancing, with the names you give them."),
}
#: What the map became, said after its type changed.
TYPE_CHANGED = {"theory_of_change": N_("The map is now a theory of change."),
                "systems_map": N_("The map is now a systems map.")}


def panel() -> html.Div:
    """The tab's content."""
    return html.Div(
        [
            dcc.Store(id=LOOPS, data={}),
            dcc.Store(id=ids.SYSTEMS_DUE),
            html.H6(_("What this map is"), className="mt-2"),
            dbc.RadioItems(id=TYPE, options=[{"label": _(t), "value": k} for k, t in MAP_TYPE_TITLES.items()]),
            html.Div(id=TYPE_HELP, className="text-muted small mb-3"),
            html.H6(_("Feedback loops")),
            dcc.Dropdown(id=LOOP, placeholder=_("Choose a loop to name"), clearable=True, optionHeight=60),
            html.Div(id=LOOPS_NOTE, className="text-muted small mt-1"),
            dbc.Label(_("Name"), html_for=NAME, className="mt-2"),
            dbc.Input(id=NAME, maxLength=200, placeholder=_("e.g. Short-Term Debt Cycle")),
            dbc.Label(_("What it means"), html_for=DESCRIPTION, className="mt-2"),
            dbc.Textarea(id=DESCRIPTION, maxLength=5000, rows=3),
            html.Div([dbc.Button(_("Save name"), id=SAVE, color="primary", size="sm", className="me-2"),
                      dbc.Button(_("Remove name"), id=UNNAME, color="secondary", outline=True, size="sm")],
                     className="mt-2"),
            html.Div(id=MESSAGE, className="mt-2"),
        ],
        className="tm-systems-panel",
    )


def loop_options(checked) -> tuple[list[dict], dict]:
    """The dropdown's options (named loops first) and what each option stands for."""
    analysis = Analysis(checked.state)
    ids_of = {lp.key: i for i, lp in checked.state.loops.items()}
    loops = sorted(checked.report.loops.loops, key=lambda lp: (not lp.name, len(lp.links)))
    options, data = [], {}
    for loop in loops:
        value = "|".join(loop.links)
        options.append({"label": describe_loop(analysis, loop), "value": value})
        data[value] = {"id": ids_of.get(frozenset(loop.links)), "name": loop.name,
                       "description": loop.description, "links": loop.links}
    return options, data


def register_callbacks(app, db: Database) -> None:
    """Wire the tab's callbacks onto this app instance."""

    # the loops are read while the tab is on screen (and after every edit while it is): no request otherwise
    app.clientside_callback(
        "function(meta, tab) { return tab === 'systems' && meta ? meta.revision : window.dash_clientside.no_update; }",
        Output(ids.SYSTEMS_DUE, "data"), Input(ids.EDITOR_MAP_SHOWN, "data"), Input(ids.PANEL_TABS, "active_tab"),
    )

    @app.callback(
        Output(TYPE, "value"), Output(TYPE_HELP, "children"), Output(LOOP, "options"), Output(LOOPS, "data"),
        Output(LOOPS_NOTE, "children"),
        Input(ids.SYSTEMS_DUE, "data"), State(ids.EDITOR_MAP_SHOWN, "data"), State(ids.PANEL_TABS, "active_tab"),
        prevent_initial_call=True,
    )
    def fill(_event, meta, tab):
        if tab != TAB or not meta:
            return (no_update,) * 5
        try:
            checked = checking.check_map(db, meta["map_id"], current_author())
        except TocmapError:
            return (no_update,) * 5
        options, data = loop_options(checked)
        loops = checked.report.loops
        if loops.note:
            note = ngettext("{n} loop on the map; {note}.", "{n} loops on the map; {note}.", len(options),
                            note=loops.note)
        else:
            note = ngettext("{n} loop on the map.", "{n} loops on the map.", len(options))
        kind = checked.state.map_type
        return kind, _(TYPE_HELP_TEXT[kind]), options, data, note

    @app.callback(
        Output(NAME, "value"), Output(DESCRIPTION, "value"),
        Input(LOOP, "value"), State(LOOPS, "data"), prevent_initial_call=True,
    )
    def pick(value, loops):
        chosen = (loops or {}).get(value or "", {})
        return chosen.get("name", ""), chosen.get("description", "")

    @app.callback(
        Output(MESSAGE, "children"), Output(LOOP, "options", allow_duplicate=True),
        Output(LOOPS, "data", allow_duplicate=True), Output(TYPE_HELP, "children", allow_duplicate=True),
        Input(TYPE, "value"), Input(SAVE, "n_clicks"), Input(UNNAME, "n_clicks"),
        State(LOOP, "value"), State(NAME, "value"), State(DESCRIPTION, "value"), State(LOOPS, "data"),
        State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def change(kind, _save, _unname, loop, name, description, loops, meta):
        if not meta:
            return (no_update,) * 4
        try:
            message = _change(db, meta["map_id"], ctx.triggered_id, kind, (loops or {}).get(loop or ""),
                              name or "", description or "")
        except TocmapError as error:
            return error_alert(str(error), _("Cannot change the map")), no_update, no_update, no_update
        if message is None:
            return (no_update,) * 4
        checked = checking.check_map(db, meta["map_id"], current_author())
        options, data = loop_options(checked)
        return message, options, data, _(TYPE_HELP_TEXT[checked.state.map_type])


def _change(db: Database, map_id: int, trigger: str, kind: str | None, chosen: dict | None, name: str,
            description: str):
    """Apply what the tab asked for; the message to show (None when nothing was asked)."""
    author = current_author()
    if trigger == TYPE:
        if kind is None or kind == checking.check_map(db, map_id, author).state.map_type:
            return None  # the tab was only filled in
        systems.set_map_type(db, map_id, kind, author)
        return dbc.Alert(_(TYPE_CHANGED[kind]), color="success", duration=4000)
    if not chosen:
        return error_alert(_("Choose a loop first."), _("No loop chosen"))
    if trigger == SAVE:
        systems.name_loop(db, map_id, chosen["links"], name, author, description)
        return dbc.Alert(_("Saved the name “{name}”.", name=name.strip()), color="success", duration=4000)
    if not chosen.get("id"):
        return error_alert(_("This loop has no name yet."), _("Nothing to remove"))
    systems.unname_loop(db, map_id, chosen["id"], author)
    return dbc.Alert(_("The name was taken off the loop."), color="success", duration=4000)
