"""Contributions on the editor's Partners tab: who pays beside who proposes, owns, agrees and decides.

Under the ownership balance: a chart of each partner's share per measure (money per currency,
staff time, in kind, planned and actual; then proposed, owned and agreed map items; then, when
the map has decisions, who decides), the contributions recorded, and a form to record one. The
services decide who may record what.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain.contributions import KINDS, STATUSES, Share, format_amount
from tocmap.domain.decisions import DecisionPower
from tocmap.domain.errors import TocmapError
from tocmap.i18n import N_, _, format_date, pgettext
from tocmap.services import contributions, maps
from tocmap.ui.editor import ids
from tocmap.ui.auth import current_author
from tocmap.ui.charts import graph_config
from tocmap.ui.components import error_alert
from tocmap.ui.presenters import ownership_balance

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database
    from tocmap.domain.model import Partnership

#: The map's own measures of who shapes it, as rows of the chart: (key of ownership_balance, label).
SHAPING = (("proposed", N_("Proposes (map items)")), ("owns", N_("Owns (elements)")),
           ("agreed", N_("Agrees (map items)")))


def panel() -> html.Div:
    """The contributions part of the Partners tab; drawn when the tab is opened."""
    year = dt.date.today().year
    return html.Div([
        dcc.Store(id=ids.CO_CHANGED),
        html.Div(_("Who pays, who shapes"), className="tm-field-label mt-3"),
        html.Div(id=ids.CO_SHARES, className="tm-co-shares"),  # the chart: Plotly loads when the tab first opens
        html.Div(id=ids.CO_LIST),
        html.Div([
            html.Div(_("Record a contribution"), className="tm-field-label mt-3"),
            html.Div(id=ids.CO_MESSAGE),
            dbc.Select(id=ids.CO_PARTNER, size="sm", className="mb-1"),
            html.Div([
                dbc.Select(id=ids.CO_KIND, options=[{"label": _(v), "value": k} for k, v in KINDS.items()],
                           value="money", size="sm"),
                dbc.Select(id=ids.CO_STATUS, options=[{"label": _(v).capitalize(), "value": k}
                                                       for k, v in STATUSES.items()],
                           value="planned", size="sm"),
            ], className="tm-co-row mb-1"),
            html.Div([
                dbc.Input(id=ids.CO_AMOUNT, placeholder=_("Amount (days for staff time)"), size="sm", inputmode="decimal"),
                dbc.Input(id=ids.CO_CURRENCY, placeholder="EUR", size="sm", maxLength=3, value="EUR",
                          className="tm-co-currency"),
            ], className="tm-co-row mb-1"),
            dbc.Select(id=ids.CO_INTERVENTION, size="sm", className="mb-1"),
            html.Div([
                html.Small(pgettext("period", "From"), className="text-secondary"),
                dbc.Input(id=ids.CO_START, type="date", value=f"{year}-01-01", size="sm"),
                html.Small(pgettext("period", "to"), className="text-secondary"),
                dbc.Input(id=ids.CO_END, type="date", value=f"{year}-12-31", size="sm"),
            ], className="tm-co-row tm-co-period mb-1"),
            dbc.Input(id=ids.CO_EVIDENCE, placeholder=_("Evidence (document, link)"), size="sm", className="mb-1"),
            dbc.Button(_("Record"), id=ids.CO_RECORD, size="sm", color="primary"),
        ], id=ids.CO_FORM),
    ], className="tm-contributions")


def shares_figure(shares: list[Share], balance: list[dict], partnership: Partnership,
                  deciding: DecisionPower | None = None) -> go.Figure:
    """Each partner's share per measure as one stacked bar of 100 %, contributions first, then the map,
    then who decides (only when the map has decisions: of those taken, whose agreement they carry).

    Measures nobody has any of are left out; hovering a segment shows the amount behind it.
    """
    rows: list[tuple[str, dict[str, float], dict[str, str]]] = []
    for share in shares:
        rows.append((share.label, {p: share.share(p) for p in share.totals},
                     {p: format_amount(v, share.unit) for p, v in share.totals.items()}))
    for key, label in SHAPING:
        total = sum(r[key] for r in balance)
        if total:
            rows.append((_(label), {r["partner"]: r[key] / total for r in balance},
                         {r["partner"]: str(r[key]) for r in balance}))
    if deciding is not None:
        rows.append((deciding.label, {p.id: deciding.share(p.id) for p in partnership.partners},
                     {p.id: deciding.shown(p.id) for p in partnership.partners}))
    labels = [label for label, _, _ in rows][::-1]  # the first measure on top
    figure = go.Figure()
    for partner in partnership.partners:
        values = [100 * part.get(partner.id, 0.0) for _, part, _ in rows][::-1]
        amounts = [shown.get(partner.id, "0") for _, _, shown in rows][::-1]
        figure.add_trace(go.Bar(
            y=labels, x=values, orientation="h", name=partner.short_name or partner.name,
            marker_color=partner.colour, customdata=amounts,
            text=[f"{v:.0f}%" if v >= 8 else "" for v in values], textposition="inside",
            hovertemplate="%{fullData.name}: %{customdata} (%{x:.0f}%)<extra>%{y}</extra>",
        ))
    figure.update_layout(
        barmode="stack", height=70 + 34 * max(len(rows), 1), margin={"l": 8, "r": 8, "t": 30, "b": 20},
        xaxis={"range": [0, 100], "ticksuffix": "%", "fixedrange": True},
        yaxis={"automargin": True, "fixedrange": True}, legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "traceorder": "normal",
                                                                "x": 0},
        font={"size": 12}, plot_bgcolor="#fff", paper_bgcolor="#fff", uniformtext={"minsize": 10, "mode": "hide"},
    )
    if not rows:
        figure.add_annotation(text=_("Nothing recorded yet"), showarrow=False, x=50, y=0)
    return figure


def _listing(found: contributions.Overview, may_remove: set[str] | None) -> html.Div:
    """The contributions recorded, newest period last; each with a remove button for those who may."""
    if not found.contributions:
        return html.Small(_("No contributions recorded yet: record money, staff time or in-kind support below."),
                          className="text-secondary")
    names = found.names
    body = []
    for item in found.contributions:
        what = [html.Strong(format_amount(item.amount, item.unit)),
                _(" {kind}, {status}", kind=_(KINDS[item.kind]).lower(), status=_(STATUSES[item.status]))]
        where = [f"{format_date(item.period_start)} – {format_date(item.period_end)}"]
        if item.intervention:
            where.append(f" · {found.interventions.get(item.intervention, item.intervention)}")
        if item.evidence:
            where.append(_(" · evidence: {evidence}", evidence=item.evidence))
        removable = may_remove is None or item.partner in may_remove
        body.append(html.Tr([
            html.Td(names.get(item.partner, item.partner), className="tm-balance-name"),
            html.Td([html.Div(what), html.Small(where, className="text-secondary")]),
            html.Td(dbc.Button(html.I(className="bi bi-x"), id={"type": ids.CO_REMOVE, "id": item.id}, size="sm",
                               color="link", title=_("Remove this contribution")) if removable else None),
        ]))
    return dbc.Table([html.Tbody(body)], size="sm", className="tm-co-list")


def register_callbacks(app, db: Database) -> None:
    """Wire the contributions part of the Partners tab."""

    @app.callback(
        Output(ids.CO_MESSAGE, "children"), Output(ids.CO_AMOUNT, "value"), Output(ids.CO_CHANGED, "data"),
        Input(ids.CO_RECORD, "n_clicks"), Input({"type": ids.CO_REMOVE, "id": ALL}, "n_clicks"),
        State(ids.CO_PARTNER, "value"), State(ids.CO_KIND, "value"), State(ids.CO_STATUS, "value"),
        State(ids.CO_AMOUNT, "value"), State(ids.CO_CURRENCY, "value"), State(ids.CO_INTERVENTION, "value"),
        State(ids.CO_START, "value"), State(ids.CO_END, "value"), State(ids.CO_EVIDENCE, "value"),
        State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def act(_event, removals, partner, kind, status, amount, currency, intervention, start, end, evidence, meta):
        """Record or remove one; the redraw follows from the store this bumps."""
        map_id, who = meta["map_id"], current_author()
        try:
            if ctx.triggered_id == ids.CO_RECORD:
                made = contributions.record(db, map_id, {
                    "partner": partner, "kind": kind, "status": status, "amount": amount, "currency": currency,
                    "intervention": intervention or None, "period_start": start, "period_end": end,
                    "evidence": evidence}, who)
                return (dbc.Alert(_("Recorded {value}.", value=format_amount(made.amount, made.unit)), color="success",
                                  duration=4000, className="py-1"), "", made.id)
            if isinstance(ctx.triggered_id, dict) and any(removals):
                contributions.remove(db, map_id, ctx.triggered_id["id"], who)
                return None, no_update, -ctx.triggered_id["id"]
        except TocmapError as error:
            return error_alert(str(error), _("Not recorded")), no_update, no_update
        return no_update, no_update, no_update

    @app.callback(
        Output(ids.CO_SHARES, "children"), Output(ids.CO_LIST, "children"), Output(ids.CO_PARTNER, "options"),
        Output(ids.CO_PARTNER, "value"), Output(ids.CO_INTERVENTION, "options"), Output(ids.CO_FORM, "hidden"),
        Input(ids.BALANCE_DUE, "data"), Input(ids.CO_CHANGED, "data"), State(ids.CO_PARTNER, "value"),
        State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def show(_event, __, partner, meta):
        """Draw the shares, the list and the form's choices (the tab opened, or the map moved on)."""
        map_id, who = meta["map_id"], current_author()
        found = contributions.overview(db, map_id, who)
        _info, partnership, state = maps.get_map(db, map_id, who=who)
        figure = shares_figure(found.shares, ownership_balance(state, partnership), partnership, found.deciding)
        allowed = contributions.recordable(db, map_id, who)
        choices = [p for p in partnership.partners if allowed is None or p.id in allowed]
        options = [{"label": p.short_name or p.name, "value": p.id} for p in choices]
        value = partner if partner in {p.id for p in choices} else (choices[0].id if choices else None)
        places = [{"label": _("— no particular intervention —"), "value": ""}] + [
            {"label": label, "value": key} for key, label in sorted(found.interventions.items(), key=lambda i: i[1])]
        chart = dcc.Graph(figure=figure, config=graph_config(displaylogo=False, displayModeBar=False))
        return chart, _listing(found, allowed), options, value, places, not choices
