"""The map page's parts of adaptive management: an assumption's evidence log, and the course correction banner.

The evidence log shows under the element form when an assumption is selected: dated notes
with who and which partner, and a form to add one (optionally challenging or disproving the
assumption). The banner says which course correction is in progress: the changes made on
the map now are linked to that learning entry. Both redraw when the map's revision moves
(live polling moves it when others change the map).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update

from tocmap.domain.learning import newest_first
from tocmap.domain.model import LABEL_MAX, TEXT_MAX, Element, ElementKind, Partnership
from tocmap.i18n import N_, _, format_date
from tocmap.services import learning, maps
from tocmap.ui.editor import ids
from tocmap.ui.auth import current_author
from tocmap.ui.learning_banner import active_banner
from tocmap.ui.presenters import partner_names

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

STATUS_STYLE = {"untested": ("secondary", N_("Untested")), "holding": ("success", N_("Holding")),
                "challenged": ("warning", N_("Challenged")), "disproved": ("danger", N_("Disproved"))}
#: What the evidence makes of the assumption, as the form offers it ("" leaves the status as it is).
NOW_OPTIONS = (("", N_("unchanged")), ("untested", N_("untested")), ("holding", N_("holding")),
               ("challenged", N_("challenged")), ("disproved", N_("disproved")))


def evidence_panel() -> html.Div:
    """Learning linked to the selected element, and an assumption's evidence log (hidden for other kinds)."""
    return html.Div([html.Div(id=ids.LN_ABOUT, className="tm-ln-about"), _evidence_form()])


def _evidence_form() -> html.Div:
    return html.Div(
        [
            dcc.Store(id=ids.EV_DUE, data=0),
            html.Div([html.I(className="bi bi-clipboard-data me-1"), _("Evidence log")], className="tm-field-label"),
            html.Div(id=ids.EV_LIST, className="tm-ev-list"),
            dbc.Textarea(id=ids.EV_TEXT, rows=2, maxLength=TEXT_MAX, className="mb-1",
                         placeholder=_("What did you see? e.g. 3 of 10 trained data managers left within a year")),
            dbc.Input(id=ids.EV_LINK, maxLength=LABEL_MAX, size="sm", className="mb-1",
                      placeholder=_("Link to the evidence (optional)")),
            dbc.Label(_("The assumption is now"), size="sm", className="mb-0"),
            dbc.RadioItems(
                id=ids.EV_STATUS, inline=True, value="", className="tm-ev-status",
                options=[{"label": _(label), "value": key} for key, label in NOW_OPTIONS],
            ),
            dbc.Button([html.I(className="bi bi-plus-lg me-1"), _("Add evidence")], id=ids.EV_ADD, size="sm",
                       color="primary", className="mt-1"),
            html.Div(id=ids.EV_MESSAGE),
        ],
        id=ids.EV_PANEL, className="tm-ev", style={"display": "none"},
    )


def status_badge(status: str | None):
    """The assumption's status as a coloured badge."""
    colour, title = STATUS_STYLE.get(status or "untested", STATUS_STYLE["untested"])
    return dbc.Badge(_(title), color=colour, text_color="dark" if colour == "warning" else None, className="ms-1")


def evidence_list(element: Element, partnership: Partnership) -> html.Div:
    """The notes of an assumption's evidence log, newest first."""
    names = partner_names(partnership)
    head = html.Div([_("Status:"), status_badge(element.assumption_status)], className="tm-ev-head")
    if not element.evidence:
        return html.Div([head, html.Div(_("No evidence recorded yet."), className="text-secondary small")])
    notes = []
    for note in sorted(element.evidence, key=lambda n: n.date, reverse=True):
        who = ", ".join(filter(None, [note.by, names.get(note.partner, note.partner or "")]))
        link = html.A([html.I(className="bi bi-link-45deg"), _("source")], href=note.link, target="_blank",
                      rel="noopener", className="ms-1") if note.link.startswith(("http://", "https://")) else (
            html.Span(note.link, className="ms-1 text-secondary") if note.link else None)
        notes.append(html.Li([
            html.Div([html.Strong(format_date(note.date)), html.Span(f" · {who}" if who else ""), link],
                     className="tm-ev-meta"),
            html.Div(note.text, className="tm-ev-text"),
        ], className="tm-ev-note"))
    return html.Div([head, html.Ul(notes, className="tm-ev-notes")])


def learning_about(state, element_id: str, map_id: int):
    """The learning entries that name an element, newest first, each linking to the learning page."""
    entries = [e for e in newest_first(state) if element_id in e.elements]
    if not entries:
        return None
    items = [html.Li([html.Span(format_date(e.date), className="tm-ev-meta me-1"),
                      html.A(e.headline, href=f"/maps/{map_id}/learning#entry-{e.id}")]) for e in entries[:5]]
    more = html.A(_("and {n} more", n=len(entries) - 5), href=f"/maps/{map_id}/learning") if len(entries) > 5 else None
    return html.Div([
        html.Div([html.I(className="bi bi-journal-text me-1"), _("Learning about this ({n})", n=len(entries))],
                 className="tm-field-label"),
        html.Ul(items, className="tm-ln-about-list"), more,
    ])


def banner(db: Database, map_id: int):
    """The course correction in progress on this map, if any."""
    who = current_author()
    return active_banner(learning.learning_log(db, map_id, who=who), False, on_map_page=True)


def register_callbacks(app, db: Database) -> None:
    @app.callback(
        Output(ids.EV_PANEL, "style"), Output(ids.EV_LIST, "children"), Output(ids.LN_ABOUT, "children"),
        Input(ids.SELECTION, "data"), Input(ids.LEARNING_DUE, "data"), Input(ids.EV_DUE, "data"),
        State(ids.EDITOR_MAP, "data"),
        prevent_initial_call=True,  # nothing is selected on opening: the panel starts hidden and empty
    )
    def show_evidence(selection, _changed, _event, meta):
        hidden = {"display": "none"}
        if not selection or selection.get("type") != "element" or not meta:
            return hidden, None, None
        _info, partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
        element = state.elements.get(selection["id"])
        if element is None:
            return hidden, None, None
        about = learning_about(state, element.id, meta["map_id"])
        if element.kind != ElementKind.ASSUMPTION:
            return hidden, None, about
        return {"display": "block"}, evidence_list(element, partnership), about

    @app.callback(
        Output(ids.EV_DUE, "data"), Output(ids.EV_TEXT, "value"), Output(ids.EV_LINK, "value"),
        Output(ids.EV_STATUS, "value"), Output(ids.EV_MESSAGE, "children"),
        Input(ids.EV_ADD, "n_clicks"),
        State(ids.EV_TEXT, "value"), State(ids.EV_LINK, "value"), State(ids.EV_STATUS, "value"),
        State(ids.SELECTION, "data"), State(ids.EDITOR_MAP, "data"), State(ids.EV_DUE, "data"),
        prevent_initial_call=True,
    )
    def add_evidence(clicks, text, link, status, selection, meta, due):
        if not clicks or not selection or selection.get("type") != "element":
            return (no_update,) * 5
        learning.add_evidence(db, meta["map_id"], selection["id"], text=text or "", link=link or "",
                              status=status or None, who=current_author())
        done = html.Div([html.I(className="bi bi-check-circle me-1"), _("Evidence added.")],
                        className="text-success small mt-1")
        return (due or 0) + 1, "", "", "", done

    # both follow the map only when a change touched the learning log, evidence or a kind (assets/editor.js)
    @app.callback(Output(ids.LN_BANNER, "children"), Input(ids.LEARNING_DUE, "data"), State(ids.EDITOR_MAP, "data"),
                  prevent_initial_call=True)
    def show_banner(_changed, meta):
        return banner(db, meta["map_id"]) if meta else None


def correction_names(db: Database, map_id: int, records: list) -> dict[str, str]:
    """Learning entry id -> its headline, for the entries some of ``records`` belong to."""
    wanted = {r.change.because for r in records if r.change.because}
    if not wanted:
        return {}
    state = maps.get_map(db, map_id, who=current_author())[2]
    return {i: state.learning[i].headline if i in state.learning else i for i in wanted}


def correction_badge(names: dict[str, str], record, map_id: int):
    """Under a history line: the course correction (learning entry) the change belongs to."""
    because = record.change.because
    if not because:
        return None
    return html.Div(
        [html.I(className="bi bi-signpost-split me-1"), _("Course correction:") + " ",
         html.A(f"“{names.get(because, because)}”", href=f"/maps/{map_id}/learning#entry-{because}")],
        className="tm-history-because",
    )
