"""The journey page of a map: stages with dates, sessions with attendance per partner, documents, the pack.

Facilitators add stages and sessions; members who record learning add documents and
pre-reading links; everyone reads the journey and opens the printable partnership pack.
Every callback goes through :mod:`tocmap.services.journey`, which checks who may.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, dcc, html, no_update

from tocmap.domain.journey import STAGE_TITLES
from tocmap.domain.model import LABEL_MAX
from tocmap.i18n import _, format_date, ngettext, pgettext
from tocmap.presentation import partner_names
from tocmap.services import journey, maps
from tocmap.services.journey import Journey
from tocmap.ui import ids
from tocmap.ui.auth import current_author
from tocmap.ui.map_nav import map_head

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database


def layout(db: Database, map_id: int) -> html.Div:
    who = current_author()
    _info, partnership, state = maps.get_map(db, map_id, who=who)
    keeps, documents = journey.may_keep(db, map_id, who)
    pack = dbc.Button([html.I(className="bi bi-printer me-1"), _("Partnership pack")], href=f"/maps/{map_id}/pack",
                      external_link=True, target="_blank", color="primary", size="sm", className="tm-jr-pack")
    forms = ([_stage_form(), _session_form(partnership)] if keeps else []) + ([_document_form()] if documents else [])
    return html.Div(
        [
            dcc.Store(id=ids.JR_MAP, data={"map_id": map_id}),
            dcc.Store(id=ids.JR_VERSION, data=0),
            map_head(map_id, state.title, partnership.partners, "journey", actions=[pack]),
            html.P(_("The partnership's stages (inception, strategic meeting, follow-up, review, or your own), the "
                     "sessions held and who came from each partner, and the documents to read before them. The pack "
                     "gathers purpose, principles, the map, the latest health round, open actions and decisions on "
                     "one printable page."), className="tm-ac-hint"),
            html.Div(id=ids.JR_MESSAGE, role="status"),
            dbc.Row([dbc.Col(forms or [dbc.Alert(_("You can read the journey; adding to it needs another role."),
                                                 color="light")], lg=4),
                     dbc.Col(html.Div(id=ids.JR_BODY), lg=8)], className="g-4"),
        ],
        className="tm-ac-page tm-jr-page",
    )


def _stage_form() -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2([html.I(className="bi bi-flag me-2"), _("Add a stage")], className="h6"),
        dbc.Select(id=ids.JR_STAGE_KIND, size="sm", value="inception",
                   options=[{"label": t, "value": k} for k, t in STAGE_TITLES.items()]),
        dbc.Input(id=ids.JR_STAGE_TITLE, size="sm", maxLength=LABEL_MAX, className="mt-2",
                  placeholder=_("Name (the stage's kind when empty)")),
        dbc.Row([dbc.Col([dbc.Label(pgettext("period", "From"), html_for=ids.JR_STAGE_STARTS, size="sm"),
                          dbc.Input(id=ids.JR_STAGE_STARTS, type="date", size="sm")]),
                 dbc.Col([dbc.Label(pgettext("period", "To"), html_for=ids.JR_STAGE_ENDS, size="sm"),
                          dbc.Input(id=ids.JR_STAGE_ENDS, type="date", size="sm")])], className="g-2 mt-1"),
        dbc.Button(_("Add stage"), id=ids.JR_STAGE_ADD, color="primary", size="sm", className="mt-2"),
    ]), className="tm-ac-card")


def _session_form(partnership) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2([html.I(className="bi bi-people me-2"), _("Record a session")], className="h6"),
        dbc.Input(id=ids.JR_SESSION_TITLE, size="sm", maxLength=LABEL_MAX, placeholder=_("e.g. Strategic meeting, Rabat")),
        dbc.Row([dbc.Col([dbc.Label(_("Date"), html_for=ids.JR_SESSION_DATE, size="sm"),
                          dbc.Input(id=ids.JR_SESSION_DATE, type="date", size="sm")]),
                 dbc.Col([dbc.Label(_("Stage"), html_for=ids.JR_SESSION_STAGE, size="sm"),
                          dcc.Dropdown(id=ids.JR_SESSION_STAGE, placeholder=_("None"))])], className="g-2 mt-1"),
        dbc.Label(_("Attendance per partner"), size="sm", className="mt-2"),
        *[dbc.InputGroup([dbc.InputGroupText(p.short_name or p.name, className="tm-jr-partner"),
                          dbc.Input(id={"type": ids.JR_ATTENDANCE, "partner": p.id}, type="number", min=0, max=1000,
                                    step=1, placeholder=_("people"))], size="sm", className="mb-1")
          for p in partnership.partners],
        dbc.Button(_("Record session"), id=ids.JR_SESSION_ADD, color="primary", size="sm", className="mt-2"),
    ]), className="tm-ac-card mt-3")


def _document_form() -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H2([html.I(className="bi bi-file-earmark-text me-2"), _("Add a document")], className="h6"),
        dbc.Input(id=ids.JR_DOC_TITLE, size="sm", maxLength=LABEL_MAX, placeholder=_("Title")),
        dbc.Input(id=ids.JR_DOC_URL, size="sm", maxLength=2000, placeholder="https://…", className="mt-2"),
        dcc.Dropdown(id=ids.JR_DOC_SESSION, placeholder=_("For the whole journey"), className="mt-2"),
        dbc.Checkbox(id=ids.JR_DOC_PRE, label=_("Pre-reading"), value=True, className="mt-2"),
        dbc.Button(_("Add document"), id=ids.JR_DOC_ADD, color="primary", size="sm", className="mt-2"),
    ]), className="tm-ac-card mt-3")


def journey_view(found: Journey, names: dict[str, str], today: dt.date) -> list:
    """Stages as a timeline, each with its sessions and their attendance and documents."""
    def session_row(s):
        docs = [html.Li([html.A(d.title, href=d.url, target="_blank", rel="noopener noreferrer"),
                         dbc.Badge(_("pre-reading"), color="info", className="ms-1") if d.pre_reading else None])
                for d in found.documents if d.session_id == s.id]
        attendance = ", ".join(f"{name} {s.attendance[p]}" for p, name in names.items() if p in s.attendance)
        return html.Div([html.Strong(s.title), html.Span(f" · {format_date(s.held_on)}", className="text-secondary"),
                         dbc.Badge(_("coming"), color="warning", text_color="dark", className="ms-2")
                         if s.held_on >= today else None,
                         html.Div([html.I(className="bi bi-people me-1"),
                                   ngettext("{n} attending: {names}", "{n} attending: {names}", s.attended,
                                            names=attendance) if attendance else _("No attendance recorded")],
                                  className="small"),
                         html.Ul(docs, className="small mb-0") if docs else None], className="tm-jr-session")

    blocks = []
    for stage in [*found.stages, None]:
        sessions = [s for s in found.sessions if s.stage_id == (stage.id if stage else None)]
        if stage is None and not sessions:
            continue
        when = (format_date(stage.starts) + (f" – {format_date(stage.ends)}" if stage.ends else "")) if stage else ""
        blocks.append(dbc.Card(dbc.CardBody([
            html.Div([html.H3(stage.title if stage else _("Sessions outside a stage"), className="h6 mb-0"),
                      html.Span(when, className="ms-2 text-secondary small")], className="d-flex align-items-baseline"),
            *[session_row(s) for s in sessions],
        ]), className="tm-jr-stage mb-2"))
    loose = [d for d in found.documents if d.session_id is None]
    if loose:
        blocks.append(dbc.Card(dbc.CardBody([html.H3(_("Documents"), className="h6"), html.Ul([
            html.Li([html.A(d.title, href=d.url, target="_blank", rel="noopener noreferrer"),
                     dbc.Badge(_("pre-reading"), color="info", className="ms-1") if d.pre_reading else None])
            for d in loose], className="mb-0")]), className="tm-jr-stage"))
    return blocks or [html.Div(_("No stages or sessions yet."), className="tm-ac-empty")]


def register_callbacks(app, db: Database) -> None:
    @app.callback(Output(ids.JR_BODY, "children"), Input(ids.JR_VERSION, "data"), State(ids.JR_MAP, "data"))
    def show(_clicks, meta):
        who = current_author()
        found = journey.journey(db, meta["map_id"], who)
        names = partner_names(maps.get_map(db, meta["map_id"], who=who)[1])
        return journey_view(found, names, dt.date.today())

    @app.callback(Output(ids.JR_SESSION_STAGE, "options"), Input(ids.JR_VERSION, "data"), State(ids.JR_MAP, "data"))
    def stage_choices(_clicks, meta):
        return [{"label": s.title, "value": s.id} for s in journey.journey(db, meta["map_id"], current_author()).stages]

    @app.callback(Output(ids.JR_DOC_SESSION, "options"), Input(ids.JR_VERSION, "data"), State(ids.JR_MAP, "data"))
    def session_choices(_clicks, meta):
        return [{"label": f"{s.title} ({format_date(s.held_on)})", "value": s.id}
                for s in journey.journey(db, meta["map_id"], current_author()).sessions]

    def done(version, text):
        return (version or 0) + 1, dbc.Alert(text, color="success", dismissable=True, duration=4000)

    @app.callback(Output(ids.JR_VERSION, "data", allow_duplicate=True), Output(ids.JR_MESSAGE, "children"),
                  Input(ids.JR_STAGE_ADD, "n_clicks"), State(ids.JR_STAGE_KIND, "value"),
                  State(ids.JR_STAGE_TITLE, "value"), State(ids.JR_STAGE_STARTS, "value"),
                  State(ids.JR_STAGE_ENDS, "value"), State(ids.JR_MAP, "data"), State(ids.JR_VERSION, "data"),
                  prevent_initial_call=True)
    def add_stage(clicks, kind, title, starts, ends, meta, version):
        if not clicks:
            return no_update, no_update
        stage = journey.add_stage(db, meta["map_id"], kind=kind, title=title, starts=starts, ends=ends,
                                  who=current_author())
        return done(version, _("Stage “{title}” added.", title=stage.title))

    @app.callback(Output(ids.JR_VERSION, "data", allow_duplicate=True),
                  Output(ids.JR_MESSAGE, "children", allow_duplicate=True),
                  Input(ids.JR_SESSION_ADD, "n_clicks"), State(ids.JR_SESSION_TITLE, "value"),
                  State(ids.JR_SESSION_DATE, "value"), State(ids.JR_SESSION_STAGE, "value"),
                  State({"type": ids.JR_ATTENDANCE, "partner": ALL}, "value"),
                  State({"type": ids.JR_ATTENDANCE, "partner": ALL}, "id"),
                  State(ids.JR_MAP, "data"), State(ids.JR_VERSION, "data"), prevent_initial_call=True)
    def add_session(clicks, title, held_on, stage, counts, count_ids, meta, version):
        if not clicks:
            return no_update, no_update
        attendance = {i["partner"]: n for i, n in zip(count_ids or [], counts or [], strict=False)}
        session = journey.add_session(db, meta["map_id"], title=title, held_on=held_on, stage_id=stage,
                                      attendance=attendance, who=current_author())
        return done(version, ngettext("Session “{title}” recorded ({n} attending).",
                                      "Session “{title}” recorded ({n} attending).", session.attended,
                                      title=session.title))

    @app.callback(Output(ids.JR_VERSION, "data", allow_duplicate=True),
                  Output(ids.JR_MESSAGE, "children", allow_duplicate=True),
                  Input(ids.JR_DOC_ADD, "n_clicks"), State(ids.JR_DOC_TITLE, "value"), State(ids.JR_DOC_URL, "value"),
                  State(ids.JR_DOC_SESSION, "value"), State(ids.JR_DOC_PRE, "value"), State(ids.JR_MAP, "data"),
                  State(ids.JR_VERSION, "data"), prevent_initial_call=True)
    def add_document(clicks, title, url, session, pre_reading, meta, version):
        if not clicks:
            return no_update, no_update
        document = journey.add_document(db, meta["map_id"], title=title, url=url, session_id=session,
                                        pre_reading=pre_reading, who=current_author())
        return done(version, _("“{title}” added.", title=document.title))
