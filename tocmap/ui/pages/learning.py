"""The learning page: the map's learning log, entries per partner, and course corrections.

Members who record learning (facilitators, editors, MEL leads) add reflections and
decisions linked to elements and indicators, and start a course correction from an
entry: map changes made while it is active are linked to the entry, which then lists
them. Everyone on the map reads the log. Every callback goes through
:mod:`tocmap.services.learning`, which checks who may do what.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain.changes import ChangeRecord, summarize
from tocmap.domain.errors import NotFound
from tocmap.domain.learning import KIND_TITLES, PartnerCount
from tocmap.domain.model import TEXT_MAX, LearningEntry, MapState, Partnership
from tocmap.domain.translations import as_read
from tocmap.i18n import N_, _, format_date, ngettext, pgettext
from tocmap.presentation import partner_names
from tocmap.services import learning, maps
from tocmap.ui import ids
from tocmap.ui.auth import current_author
from tocmap.ui.charts import graph_config
from tocmap.ui.learning_banner import active_banner
from tocmap.ui.map_nav import map_head
from tocmap.ui.pages import sentence
from tocmap.ui.pages.actions import decisions_digest

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

KIND_ICON = {"reflection": "bi-lightbulb", "decision": "bi-signpost-split"}
KIND_COLOUR = {"reflection": "info", "decision": "primary"}
SOURCE_TITLES = {"health_round": N_("Health check"), "swot": N_("SWOT exercise")}


# --------------------------------------------------------------------------- layout


def layout(db: Database, map_id: int) -> html.Div:
    who = current_author()
    _info, partnership, state = maps.get_map(db, map_id, who=who)
    may_record = learning.may_record(db, map_id, who)
    return html.Div(
        [
            dcc.Store(id=ids.LN_MAP, data={"map_id": map_id}),
            dcc.Store(id=ids.LN_VERSION, data=0),
            dcc.Store(id=ids.LN_EDITING),
            _header(map_id, state.title, partnership),
            html.Div(id=ids.LN_ACTIVE),
            html.Div(id=ids.LN_MESSAGE, role="status"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            _entry_form(state) if may_record else dbc.Alert(
                                [html.I(className="bi bi-eye me-2"),
                                 _("You can read the learning log; recording learning needs an editor, MEL lead "
                                   "or facilitator role on this map.")], color="light", className="tm-ln-readonly"),
                            dbc.Card(dbc.CardBody([
                                html.H2([html.I(className="bi bi-people me-2"), _("Learning on both sides")],
                                        className="h6"),
                                html.P(_("Entries each partner recorded: learning is recorded by every partner, "
                                         "not only the stronger one."), className="tm-ln-hint"),
                                html.Div(id=ids.LN_PER_PARTNER),
                            ]), className="mt-3 tm-ln-card"),
                        ],
                        lg=4,
                    ),
                    dbc.Col(
                        [
                            html.Div(
                                [
                                    html.H2(_("Learning log"), className="h5 mb-0"),
                                    dcc.Dropdown(
                                        id=ids.LN_PARTNER, clearable=True, placeholder=_("All partners"),
                                        options=[{"label": p.name, "value": p.id} for p in partnership.partners],
                                        className="tm-ln-filter",
                                    ),
                                ],
                                className="tm-ln-loghead",
                            ),
                            html.Div(id=ids.LN_LOG, className="tm-ln-log"),
                            decisions_digest(db, map_id),
                        ],
                        lg=8,
                    ),
                ],
                className="g-4",
            ),
        ],
        className="tm-ln-page",
    )


def _header(map_id: int, title: str, partnership: Partnership) -> html.Div:
    return html.Div([
        map_head(map_id, title, partnership.partners, "learning"),
        html.P(_("Reflections and decisions, dated and linked to the map. A course correction links the map "
                 "changes made because of an entry, so the history shows why the theory changed."),
               className="tm-ln-hint"),
    ])


HIDDEN, SHOWN = {"display": "none"}, {}


def record_title() -> list:
    return [html.I(className="bi bi-journal-plus me-2"), _("Record learning")]


def record_label() -> list:
    return [html.I(className="bi bi-journal-check me-1"), _("Record")]


def edit_title() -> list:
    return [html.I(className="bi bi-pencil-square me-2"), _("Change the entry")]


def edit_label() -> list:
    return [html.I(className="bi bi-check2 me-1"), _("Save changes")]


def _entry_form(state: MapState) -> dbc.Card:
    elements = sorted(state.elements.values(), key=lambda e: (e.kind.value, e.label.casefold()))
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(record_title(), id=ids.LN_FORM_TITLE, className="h6"),
                dbc.RadioItems(
                    id=ids.LN_KIND, inline=True, value="reflection", className="mb-2",
                    options=[{"label": _("Reflection"), "value": "reflection"},
                             {"label": _("Decision"), "value": "decision"}],
                ),
                dbc.Label(_("What did we learn or decide?"), html_for=ids.LN_TEXT, size="sm"),
                dbc.Textarea(id=ids.LN_TEXT, rows=4, maxLength=TEXT_MAX,
                             placeholder=_("e.g. District offices without a stable connection stop reporting in "
                                           "the rainy season; weekly SMS reports reach the ministry.")),
                dbc.Row(
                    [
                        dbc.Col([dbc.Label(_("Date"), html_for=ids.LN_DATE, size="sm"),
                                 dbc.Input(id=ids.LN_DATE, type="date", size="sm",
                                           value=dt.date.today().isoformat())], width=6),
                    ],
                    className="mt-2",
                ),
                dbc.Label(_("Linked elements"), html_for=ids.LN_ELEMENTS, size="sm", className="mt-2"),
                dcc.Dropdown(id=ids.LN_ELEMENTS, multi=True, placeholder=_("Elements this is about"),
                             options=[{"label": f"{e.kind.title}: {e.label}", "value": e.id} for e in elements]),
                dbc.Label(_("Linked indicators"), html_for=ids.LN_INDICATORS, size="sm", className="mt-2"),
                dcc.Dropdown(id=ids.LN_INDICATORS, multi=True, placeholder=_("Indicators this is about"),
                             options=[{"label": i.name, "value": i.id} for i in state.indicators.values()]),
                html.Div([
                    dbc.Button(record_label(), id=ids.LN_ADD, color="primary", size="sm"),
                    dbc.Button(_("Cancel"), id=ids.LN_CANCEL, color="link", size="sm", style={"display": "none"}),
                ], className="mt-3"),
            ]
        ),
        className="tm-ln-card tm-ln-form",
    )


# --------------------------------------------------------------------------- drawing


def per_partner_view(counts: list[PartnerCount]) -> html.Div:
    """A stacked bar per partner (reflections, decisions) and the totals in words."""
    if not any(c.total for c in counts):
        return html.Div(_("No entries yet."), className="text-secondary small")
    names = [c.name for c in counts]
    figure = go.Figure(
        [go.Bar(name=_("Reflections"), y=names, x=[c.reflections for c in counts], orientation="h",
                marker_color="#4dabf7"),
         go.Bar(name=_("Decisions"), y=names, x=[c.decisions for c in counts], orientation="h", marker_color="#364fc7")],
        layout=go.Layout(barmode="stack", height=70 + 42 * len(counts), margin={"l": 10, "r": 10, "t": 10, "b": 30},
                         legend={"orientation": "h", "y": -0.35}, xaxis={"dtick": 1, "rangemode": "tozero"},
                         yaxis={"autorange": "reversed", "automargin": True}, plot_bgcolor="#fff",
                         font={"family": "system-ui, sans-serif", "size": 12}),
    )
    rows = [html.Tr([html.Td(c.name), html.Td(c.reflections, className="text-end"),
                     html.Td(c.decisions, className="text-end"), html.Td(html.Strong(c.total), className="text-end")])
            for c in counts]
    table = dbc.Table(
        [html.Thead(html.Tr([html.Th(_("Partner")), html.Th(_("Reflections"), className="text-end"),
                             html.Th(_("Decisions"), className="text-end"), html.Th(pgettext("total", "All"), className="text-end")])),
         html.Tbody(rows)],
        size="sm", className="tm-ln-counts mb-0",
    )
    return html.Div([dcc.Graph(id=ids.LN_PER_PARTNER + "-chart", figure=figure, config=graph_config(displayModeBar=False)),
                     table])


def entry_card(entry: LearningEntry, state: MapState, names: dict[str, str], led: list[ChangeRecord],
               may_record: bool, active: str | None, map_id: int) -> dbc.Card:
    """One entry: kind, date, who and which partner, text, what it is linked to, its course correction."""
    links = [dbc.Badge([html.I(className="bi bi-diagram-3 me-1"), state.label_of(e)], color="light",
                       text_color="dark", className="me-1 tm-ln-link", href=f"/maps/{map_id}?select={e}")
             for e in entry.elements]
    links += [dbc.Badge([html.I(className="bi bi-graph-up me-1"), state.label_of(i)], color="light",
                        text_color="dark", className="me-1 tm-ln-link") for i in entry.indicators]
    source = None
    if entry.source is not None:
        what = _(SOURCE_TITLES[entry.source.kind]) if entry.source.kind in SOURCE_TITLES else (
            entry.source.kind.replace("_", " ").capitalize())
        source = html.Span([html.I(className="bi bi-box-arrow-in-right me-1"),
                            _("From {source}: {title}", source=what, title=entry.source.title or entry.source.id)],
                           className="tm-ln-source")
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    [
                        dbc.Badge([html.I(className=f"bi {KIND_ICON[entry.kind]} me-1"), _(KIND_TITLES[entry.kind])],
                                  color=KIND_COLOUR[entry.kind], className="me-2"),
                        html.Span(format_date(entry.date), className="tm-ln-date me-2"),
                        html.Span([html.I(className="bi bi-person me-1"), entry.by or _("someone")], className="me-2"),
                        dbc.Badge(names.get(entry.partner, entry.partner), color="secondary", className="tm-partner")
                        if entry.partner else None,
                        _correction_badge(entry),
                    ],
                    className="tm-ln-meta",
                ),
                html.P(entry.text, className="tm-ln-text"),
                html.Div(links, className="mb-1") if links else None,
                source,
                _correction(entry, led, may_record, active),
            ]
        ),
        className=f"tm-ln-entry tm-ln-{entry.kind}" + (" tm-ln-is-active" if entry.correction == "active" else ""),
        id=f"entry-{entry.id}",
    )


def _correction_badge(entry: LearningEntry):
    if entry.correction == "active":
        return dbc.Badge(_("Course correction in progress"), color="warning", text_color="dark", className="ms-auto")
    if entry.correction == "finished":
        return dbc.Badge(_("Course correction"), color="success", className="ms-auto")
    return None


def _correction(entry: LearningEntry, led: list[ChangeRecord], may_record: bool, active: str | None):
    parts = []
    if led:
        parts.append(html.Div([html.I(className="bi bi-arrow-return-right me-1"),
                               ngettext("Led to {n} map change:", "Led to {n} map changes:", len(led))],
                              className="tm-ln-led-head"))
        parts.append(html.Ul([
            html.Li([html.Span(f"#{r.revision}", className="tm-ln-rev me-1"),
                     summarize(r.change, mark_correction=False),
                     html.Span(f" — {r.author.name}, {format_date(r.at)}", className="text-secondary")])
            for r in led], className="tm-ln-led"))
    elif entry.correction is not None:
        parts.append(html.Div(_("No map changes linked yet: change the map while the course correction is active."),
                              className="tm-ln-led-head text-secondary"))
    if may_record and entry.correction != "active" and active is None:
        label = _("Start a course correction") if entry.correction is None else _("Continue the course correction")
        parts.append(dbc.Button([html.I(className="bi bi-signpost-split me-1"), label],
                                id={"type": ids.LN_START, "entry": entry.id}, color="outline-primary", size="sm",
                                className="mt-1"))
    elif may_record and entry.correction == "active":
        parts.append(dbc.Button([html.I(className="bi bi-flag-fill me-1"), _("Finish")],
                                id={"type": ids.LN_FINISH, "entry": entry.id}, color="warning", size="sm",
                                className="mt-1"))
    if may_record:
        parts.append(dbc.Button([html.I(className="bi bi-pencil me-1"), _("Edit")],
                                id={"type": ids.LN_EDIT, "entry": entry.id}, color="link", size="sm",
                                className="mt-1 ms-2 text-decoration-none tm-ln-edit"))
    if may_record and entry.correction != "active":
        parts.append(dbc.Button([html.I(className="bi bi-trash3 me-1"), _("Remove")],
                                id={"type": ids.LN_REMOVE, "entry": entry.id}, color="link", size="sm",
                                className="mt-1 ms-2 text-danger text-decoration-none tm-ln-remove",
                                title=_("Take this entry out of the log (the history keeps it; undo brings it back)")))
    return html.Div(parts, className="tm-ln-correction") if parts else None


def draw(db: Database, map_id: int, partner: str | None) -> tuple:
    """The active correction banner, the log and the per-partner view."""
    who = current_author()
    log = learning.learning_log(db, map_id, who=who, partner=partner)
    may_record = learning.may_record(db, map_id, who)
    led = learning.corrections(db, map_id, who=who)
    names = partner_names(log.partnership)
    if log.entries:
        read = as_read(log.state)  # the entries and the elements they name in the reader's language
        cards = [entry_card(read.learning.get(e.id, e), read, names, led.get(e.id, []), may_record, log.active,
                            log.map_id) for e in log.entries]
    else:
        cards = [html.Div([html.I(className="bi bi-journal me-2"),
                           _("No entries yet.") if not partner else _("This partner has recorded no entries yet.")],
                          className="tm-ln-empty")]
    return active_banner(log, may_record), cards, per_partner_view(log.per_partner)


# --------------------------------------------------------------------------- callbacks


def register_callbacks(app, db: Database) -> None:
    @app.callback(
        Output(ids.LN_ACTIVE, "children"), Output(ids.LN_LOG, "children"), Output(ids.LN_PER_PARTNER, "children"),
        Input(ids.LN_VERSION, "data"), Input(ids.LN_PARTNER, "value"), State(ids.LN_MAP, "data"),
    )
    def show_log(_clicks, partner, meta):
        return draw(db, meta["map_id"], partner)

    form = [Output(ids.LN_TEXT, "value"), Output(ids.LN_KIND, "value"), Output(ids.LN_DATE, "value"),
            Output(ids.LN_ELEMENTS, "value"), Output(ids.LN_INDICATORS, "value"), Output(ids.LN_EDITING, "data"),
            Output(ids.LN_FORM_TITLE, "children"), Output(ids.LN_ADD, "children"), Output(ids.LN_CANCEL, "style")]
    def blank() -> tuple:
        return ("", "reflection", dt.date.today().isoformat(), [], [], None, record_title(), record_label(), HIDDEN)

    @app.callback(
        Output(ids.LN_VERSION, "data", allow_duplicate=True), Output(ids.LN_MESSAGE, "children"),
        *form, Input(ids.LN_ADD, "n_clicks"),
        State(ids.LN_TEXT, "value"), State(ids.LN_KIND, "value"), State(ids.LN_DATE, "value"),
        State(ids.LN_ELEMENTS, "value"), State(ids.LN_INDICATORS, "value"), State(ids.LN_EDITING, "data"),
        State(ids.LN_MAP, "data"), State(ids.LN_VERSION, "data"), prevent_initial_call=True,
    )
    def record_entry(clicks, text, kind, date, elements, indicators, editing, meta, version):
        if not clicks:
            return (no_update,) * (2 + len(form))
        fields = {"text": text or "", "kind": kind or "reflection", "date": date, "elements": elements or [],
                  "indicators": indicators or []}
        if editing:
            learning.edit_entry(db, meta["map_id"], editing, who=current_author(), **fields)
            said = _("Changed the entry. The history keeps what it said before.")
        else:
            learning.record_entry(db, meta["map_id"], **fields, who=current_author())
            said = _("Recorded in the learning log.")
        done = dbc.Alert([html.I(className="bi bi-check-circle me-2"), said],
                         color="success", dismissable=True, duration=4000, className="mb-2")
        return (version or 0) + 1, done, *blank()

    @app.callback(
        *[Output(o.component_id, o.component_property, allow_duplicate=True) for o in form],
        Input({"type": ids.LN_EDIT, "entry": ALL}, "n_clicks"), Input(ids.LN_CANCEL, "n_clicks"),
        State(ids.LN_MAP, "data"), prevent_initial_call=True,
    )
    def load_entry(_clicks, __, meta):
        trigger = ctx.triggered_id
        if trigger == ids.LN_CANCEL:
            return blank()
        if not isinstance(trigger, dict) or not (ctx.triggered and ctx.triggered[0].get("value")):
            return (no_update,) * len(form)  # the buttons were just drawn, not pressed
        entry = learning.learning_log(db, meta["map_id"], who=current_author()).state.learning.get(trigger["entry"])
        if entry is None:
            raise NotFound(_("That entry is no longer in the log (someone removed it)."))
        return (entry.text, entry.kind, entry.date.isoformat(), entry.elements, entry.indicators, entry.id,
                edit_title(), edit_label(), SHOWN)

    @app.callback(
        Output(ids.LN_VERSION, "data", allow_duplicate=True), Output(ids.LN_MESSAGE, "children", allow_duplicate=True),
        Input({"type": ids.LN_START, "entry": ALL}, "n_clicks"),
        Input({"type": ids.LN_FINISH, "entry": ALL}, "n_clicks"),
        Input({"type": ids.LN_REMOVE, "entry": ALL}, "n_clicks"),
        State(ids.LN_MAP, "data"), State(ids.LN_VERSION, "data"), prevent_initial_call=True,
    )
    def correct_course(starts, finishes, removes, meta, version):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not (ctx.triggered and ctx.triggered[0].get("value")):
            return no_update, no_update  # the buttons were just drawn, not pressed
        if trigger["type"] == ids.LN_REMOVE:
            revision = learning.remove_entry(db, meta["map_id"], trigger["entry"], who=current_author())
            note = [html.I(className="bi bi-trash3 me-2"),
                    _("Removed from the log. The history keeps it: undo revision {number} to bring it back.",
                      number=revision)]
            return (version or 0) + 1, dbc.Alert(note, color="secondary", dismissable=True, className="mb-2")
        if trigger["type"] == ids.LN_START:
            learning.start_correction(db, meta["map_id"], trigger["entry"], who=current_author())
            change = html.A(_("Change the map"), href=f"/maps/{meta['map_id']}", className="alert-link")
            note = [html.I(className="bi bi-signpost-split me-2"),
                    *sentence(_("Course correction started. {change_the_map}: the changes you make are linked to "
                                "this entry until you finish it."), change_the_map=change)]
            colour = "warning"
        else:
            learning.finish_correction(db, meta["map_id"], trigger["entry"], who=current_author())
            note, colour = [html.I(className="bi bi-flag-fill me-2"), _("Course correction finished.")], "success"
        return (version or 0) + 1, dbc.Alert(note, color=colour, dismissable=True, className="mb-2")
