"""The editor's "Indicators" tab: the selected element's indicators, their status, chart and values.

MEL leads and facilitators add, edit, revise (with a rationale) and retire indicators,
record observations with evidence and disaggregation, and each partner agrees or disputes
an indicator. Every save goes through :func:`tocmap.services.history.apply` (so the
permission check, the history and undo are the editor's own) and answers with the
editor's outputs, so the map's revision, its undo stack and the live view stay in step.

The toolbar toggle (:data:`ids.IND_COLOUR`) colours measured elements by the worst
status of their indicators: :data:`ids.IND_STYLE` holds the extra canvas rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain import indicators as ind
from tocmap.domain.changes import AddIndicator, AddObservation, RemoveObservation, UpdateIndicator
from tocmap.domain.errors import InvalidInput, TocmapError
from tocmap.domain.model import (
    AGREEMENT_TITLES,
    LABEL_MAX,
    TEXT_MAX,
    Baseline,
    Disaggregated,
    Indicator,
    MapState,
    Observation,
    Partnership,
    Period,
    Target,
    new_id,
    validated,
)
from tocmap.i18n import N_, _, format_date
from tocmap.presentation import ink_on
from tocmap.services import accounts, history, maps
from tocmap.ui.auth import current_author
from tocmap.ui.canvas import status_stylesheet
from tocmap.ui.charts import graph_config
from tocmap.ui.components import error_alert
from tocmap.ui.editor import ids
from tocmap.ui.editor.machinery import EDIT_OUTPUTS, EDIT_STATES, NOTHING, Editor, push
from tocmap.ui.presenters import agreement_of

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

TARGET_ROWS = 8  # targets beyond these rows are kept as they are when the form is saved
HIDDEN = {"display": "none"}
CELL_ROWS = 6
MEASURES = [
    ("number", N_("Number")), ("percentage", N_("Percentage")), ("currency", N_("Currency")),
    ("narrative", N_("Narrative")), ("ordinal", N_("Ordinal scale")), ("milestone", N_("Milestone (reached or not)")),
    ("yes_no", N_("Yes / no")),
]
DIRECTIONS = [("increase", N_("increases")), ("decrease", N_("decreases"))]
AGGREGATIONS = [("per_period", N_("per period")), ("cumulative", N_("cumulative (added up)"))]
#: Form fields of an indicator, in the order the form shows them.
FIELDS = ("name", "measure", "unit", "currency", "direction", "aggregation", "scale", "proxy_for", "definition",
          "means_of_verification", "data_source", "frequency", "responsible_partner", "baseline", "baseline_date")
#: The fields a revision of an indicator changes, by their names in the form.
REVISED_FIELDS = {
    "name": N_("Name"), "measure": N_("Type"), "unit": N_("Unit"), "currency": N_("Currency"),
    "direction": N_("Better when it"), "aggregation": N_("Values are"), "scale": N_("Scale"),
    "definition": N_("Definition"), "targets": N_("Targets"), "baseline": N_("Baseline"),
}
OBS_FIELDS = ("value", "date", "label", "start", "end", "evidence", "note")
STAND_ICON = {"agreed": "bi-check-circle-fill text-success", "disputed": "bi-x-octagon-fill text-danger",
              "pending": "bi-hourglass text-secondary"}


def today() -> dt.date:
    """The day statuses are judged on (UTC)."""
    return dt.datetime.now(dt.UTC).date()


# --------------------------------------------------------------------------- layout


def toolbar_toggle() -> dbc.Button:
    """The toolbar button that colours elements by the status of their indicators."""
    return dbc.Button([html.I(className="bi bi-speedometer2 me-1"), _("Status")], id=ids.IND_COLOUR, color="light",
                      size="sm", active=False,
                      title=_("Colour elements by the status of their indicators: green on track, amber at risk, "
                              "red off track, grey no data (the worst of an element's indicators)"))


def panel() -> html.Div:
    """The tab's content: the list, the two forms (as modals) and the stores."""
    return html.Div(
        [
            dcc.Store(id=ids.IND_VERSION, data=0),
            dcc.Store(id=ids.IND_DUE),
            dcc.Store(id=ids.IND_STYLE_DUE),
            dcc.Store(id=ids.IND_EDITING),
            dcc.Store(id=ids.OBS_FOR),
            dcc.Store(id=ids.IND_STYLE, data=[]),
            html.Div(id=ids.IND_ALERT),
            html.Div(id=ids.IND_PANEL, children=_nothing_selected()),
            _indicator_modal(),
            _observation_modal(),
        ],
        className="tm-ind",
    )


def _nothing_selected() -> html.Div:
    return html.Div([html.I(className="bi bi-speedometer2 me-2"),
                     _("Select an outcome or output on the map to see and add its indicators.")],
                    className="tm-panel-empty")


def _field(name: str, label: str, control, help_text: str | None = None, width: int = 12) -> dbc.Col:
    parts = [dbc.Label(label, html_for=str(control.id) if isinstance(control.id, str) else None,
                       className="tm-field-label mb-1"), control]
    if help_text:
        parts.append(dbc.FormText(help_text))
    return dbc.Col(parts, md=width, className="mb-2")


def _input(name: str, **kw):
    return dbc.Input(id={"type": ids.IND_FIELD, "name": name}, size="sm", **kw)


def _indicator_modal() -> dbc.Modal:
    option = lambda pairs: [{"label": _(b), "value": a} for a, b in pairs]  # noqa: E731
    targets = [
        dbc.Row([
            dbc.Col(dbc.Input(id={"type": ids.IND_TARGET, "row": n, "part": "label"}, size="sm", maxLength=LABEL_MAX), md=3),
            dbc.Col(dbc.Input(id={"type": ids.IND_TARGET, "row": n, "part": "start"}, type="date", size="sm"), md=3),
            dbc.Col(dbc.Input(id={"type": ids.IND_TARGET, "row": n, "part": "end"}, type="date", size="sm"), md=3),
            dbc.Col(dbc.Input(id={"type": ids.IND_TARGET, "row": n, "part": "value"}, size="sm"), md=3),
        ], id={"type": ids.IND_TARGET_ROW, "row": n}, className="g-1 mb-1 tm-ind-target-row",
            style=None if n == 0 else HIDDEN)
        for n in range(TARGET_ROWS)
    ]
    body = [
        html.Div(id=ids.IND_MESSAGE),
        dbc.Row([
            _field("name", _("Name"), _input("name", maxLength=LABEL_MAX), _("e.g. Completeness of weekly reports"),
                   width=8),
            _field("measure", _("Type"), dbc.Select(id={"type": ids.IND_FIELD, "name": "measure"}, options=option(MEASURES),
                                                 size="sm"), width=4),
            _field("unit", _("Unit"), _input("unit", maxLength=50), _("e.g. districts"), width=3),
            _field("currency", _("Currency"), _input("currency", maxLength=3), _("A code, e.g. EUR"), width=2),
            _field("direction", _("Better when it"), dbc.Select(
                id={"type": ids.IND_FIELD, "name": "direction"}, size="sm", options=option(DIRECTIONS)), width=3),
            _field("aggregation", _("Values are"), dbc.Select(
                id={"type": ids.IND_FIELD, "name": "aggregation"}, size="sm", options=option(AGGREGATIONS)), width=4),
            _field("scale", _("Ordinal levels (low to high, one per line)"),
                   dbc.Textarea(id={"type": ids.IND_FIELD, "name": "scale"}, rows=2, size="sm"), width=6),
            _field("proxy_for", _("Proxy for (if it stands for something harder to measure)"),
                   _input("proxy_for", maxLength=LABEL_MAX), width=6),
            _field("definition", _("Definition"),
                   dbc.Textarea(id={"type": ids.IND_FIELD, "name": "definition"}, rows=2, size="sm",
                                maxLength=TEXT_MAX)),
            _field("means_of_verification", _("Means of verification"),
                   _input("means_of_verification", maxLength=TEXT_MAX), width=6),
            _field("data_source", _("Data source"), _input("data_source", maxLength=LABEL_MAX), width=3),
            _field("frequency", _("Collected"), _input("frequency", maxLength=LABEL_MAX), _("How often, e.g. quarterly"),
                   width=3),
            _field("responsible_partner", _("Responsible partner"),
                   dbc.Select(id={"type": ids.IND_FIELD, "name": "responsible_partner"}, size="sm", options=[]),
                   width=4),
            _field("baseline", _("Baseline value"), _input("baseline"), width=4),
            _field("baseline_date", _("Baseline date"), _input("baseline_date", type="date"), width=4),
        ], className="g-2"),
        html.Div(_("Targets (each with its own period)"), className="tm-field-label mt-2 mb-1"),
        dbc.Row([dbc.Col(html.Small(h, className="text-secondary"), md=3)
                 for h in (_("Period name"), _("Starts"), _("Ends"), _("Target value"))], className="g-1"),
        *targets,
        dbc.Button([html.I(className="bi bi-plus-lg me-1"), _("Another target period")], id=ids.IND_TARGET_MORE,
                   color="link", size="sm", className="px-0"),
        html.Div(
            [dbc.Label(_("Why is it revised? (needed when the definition, unit, type, scale, direction or targets "
                         "change; the earlier definition and its values are kept)"), html_for=ids.IND_REASON,
                       className="tm-field-label mt-2 mb-1"),
             dbc.Textarea(id=ids.IND_REASON, rows=2, size="sm", maxLength=TEXT_MAX)],
            id=ids.IND_REASON_ROW, style={"display": "none"},
        ),
    ]
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Add an indicator"), id=ids.IND_MODAL_TITLE)),
            dbc.ModalBody(body),
            dbc.ModalFooter([
                dbc.Button(_("Cancel"), id=ids.IND_CANCEL, color="secondary", outline=True),
                dbc.Button([html.I(className="bi bi-check2 me-1"), _("Save")], id=ids.IND_SAVE, color="primary"),
            ]),
        ],
        id=ids.IND_MODAL, is_open=False, size="lg", scrollable=True, className="tm-ind-modal",
    )


def _observation_modal() -> dbc.Modal:
    def obs(name, **kw):
        return dbc.Input(id={"type": ids.OBS_FIELD, "name": name}, size="sm", **kw)

    cells = [
        dbc.Row([
            dbc.Col(dbc.Input(id={"type": ids.OBS_CELL, "row": n, "part": "dimensions"}, size="sm"), md=8),
            dbc.Col(dbc.Input(id={"type": ids.OBS_CELL, "row": n, "part": "value"}, size="sm"), md=4),
        ], className="g-1 mb-1 tm-obs-cell-row")
        for n in range(CELL_ROWS)
    ]
    body = [
        html.Div(id=ids.OBS_MESSAGE),
        dbc.Row([
            _field("value", _("Value"), obs("value"), width=4),
            _field("date", _("Date"), obs("date", type="date"), width=4),
            dbc.Col(html.Small(id=ids.OBS_HINT, className="text-secondary"), md=4, className="pt-4"),
            _field("label", _("or a period"), obs("label", maxLength=LABEL_MAX), _("e.g. 2026 Q1"), width=4),
            _field("start", _("Period start"), obs("start", type="date"), width=4),
            _field("end", _("Period end"), obs("end", type="date"), width=4),
            _field("evidence", _("Evidence (text or link)"), obs("evidence", maxLength=TEXT_MAX)),
            _field("note", _("Note"), obs("note", maxLength=TEXT_MAX)),
        ], className="g-2"),
        html.Div(_("Disaggregation (optional): one row per cell; cells of each dimension must add up to the value"),
                 className="tm-field-label mt-2 mb-1"),
        html.Small(_("Write a cell's dimensions as name=value pairs, e.g. sex=female; age=15-24"),
                   className="text-secondary d-block mb-1"),
        *cells,
    ]
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Record a value"), id=ids.OBS_TITLE)),
            dbc.ModalBody(body),
            dbc.ModalFooter([
                dbc.Button(_("Cancel"), id=ids.OBS_CANCEL, color="secondary", outline=True),
                dbc.Button([html.I(className="bi bi-check2 me-1"), _("Record")], id=ids.OBS_SAVE, color="primary"),
            ]),
        ],
        id=ids.OBS_MODAL, is_open=False, size="lg", scrollable=True, className="tm-obs-modal",
    )


# --------------------------------------------------------------------------- presenters


def status_badge(status: ind.Status) -> html.Span:
    """A coloured badge with the status ("On track"); the rule shows on hover."""
    return html.Span(status.label, className="badge tm-ind-status mx-1", title=status.rule,
                     style={"background": status.colour, "color": ink_on(status.colour)}, **{"data-status": status.code})


def figure(indicator: Indicator, on: dt.date | None = None) -> go.Figure:
    """Actuals against targets and the baseline over time (markers per definition)."""
    series = ind.chart_series(indicator)
    fig = go.Figure()
    base_date, base_value = series.baseline
    dates = [a["date"] for a in series.actuals] + [t["end"] for t in series.targets]
    if base_value is not None:
        start = base_date or (min(dates) if dates else None)
        end = max(dates) if dates else start
        if start is not None:
            fig.add_trace(go.Scatter(x=[start, end], y=[base_value, base_value], mode="lines", name=_("Baseline"),
                                     line={"color": "#868e96", "dash": "dot"},
                                     hovertemplate=_("Baseline {value}", value=ind.show(indicator, indicator.baseline.value))
                                     + "<extra></extra>"))
    if series.targets:  # each target spans its period, with a marker where the period ends
        xs, ys, texts = [], [], []
        for t in series.targets:
            xs += [t["start"], t["end"], None]
            ys += [t["value"], t["value"], None]
            texts += [_("Target {value} ({period})", value=t["text"], period=t["label"])] * 2 + [""]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines+markers", name=_("Target"), line={"color": "#1c7ed6", "dash": "dash", "width": 2},
            marker={"symbol": "diamond-open", "size": [0, 10, 0] * len(series.targets)}, text=texts,
            hovertemplate="%{text}<extra></extra>", connectgaps=False,
        ))
    if series.actuals:
        values = series.running if series.running else series.actuals
        texts = [_("{value} · definition {n}", value=a["text"], n=a["definition"]) for a in series.actuals]
        fig.add_trace(go.Scatter(
            x=[v["date"] for v in values], y=[v["value"] for v in values], mode="markers+lines",
            name=_("Actual (running total)") if series.running else _("Actual"),
            line={"color": "#2f9e44", "width": 3},
            marker={"size": 9, "symbol": [_symbol(a["definition"]) for a in series.actuals]},
            text=texts, hovertemplate="%{x|%d %b %Y}: %{text}<extra></extra>",
        ))
    axis: dict[str, Any] = {"gridcolor": "#eef1f5", "zeroline": False}
    if series.levels:
        axis.update(tickmode="array", tickvals=list(range(len(series.levels))), ticktext=series.levels,
                    range=[-0.3, len(series.levels) - 0.7])
    elif indicator.measure == "percentage":
        axis.update(ticksuffix=" %")
    fig.update_layout(
        height=210, margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor="#ffffff", paper_bgcolor="#ffffff",
        legend={"orientation": "h", "y": -0.25, "x": 0, "font": {"size": 11}}, yaxis=axis,
        xaxis={"gridcolor": "#eef1f5"}, font={"family": "system-ui, sans-serif", "size": 11},
    )
    if not series.actuals and not series.targets:
        fig.add_annotation(text=_("No targets or values yet"), showarrow=False, font={"color": "#868e96"})
    return fig


def _symbol(definition: int) -> str:
    return ["circle", "square", "triangle-up", "star", "x"][(definition - 1) % 5]


def observation_rows(indicator: Indicator, removable: bool = False) -> html.Div:
    """The values recorded, newest first, each with the definition it was recorded under."""
    if not indicator.observations:
        return html.Small(_("No values recorded yet."), className="text-secondary d-block mb-2")
    rows = []
    for o in sorted(indicator.observations, key=ind.observed_on, reverse=True):
        warnings = ind.disaggregation_warnings(indicator, o)
        when = o.period.label if o.period and o.period.label else format_date(ind.observed_on(o))
        cells = ", ".join(f"{'/'.join(c.dimensions.values())} {c.value:g}" for c in o.disaggregation[:6])
        rows.append(html.Tr([
            html.Td(when),
            html.Td([html.Strong(ind.show(_as_defined(indicator, o.definition or 1), o.value)),
                     html.I(className="bi bi-exclamation-triangle-fill text-warning ms-1", title=" ".join(warnings))
                     if warnings else None,
                     html.Div(cells, className="small text-secondary") if cells else None]),
            html.Td(dbc.Badge(_("def. {n}", n=o.definition or 1), color="light", text_color="dark",
                              title=_("Recorded under definition {n}", n=o.definition or 1))),
            html.Td([html.Small(o.evidence or o.note or "", className="text-secondary d-block"),
                     html.Small(" · ".join(filter(None, [o.reported_by, o.partner])), className="text-secondary")]),
            html.Td(html.Button(html.I(className="bi bi-trash3"), id={"type": ids.IND_DROP, "id": indicator.id,
                                                                       "obs": o.id},
                                className="btn btn-link btn-sm p-0 text-secondary",
                                title=_("Remove this value (the history keeps it; undo brings it back)")))
            if removable else None,
        ]))
    return dbc.Table([html.Thead(html.Tr([html.Th(_("When")), html.Th(_("Value")), html.Th(_("Definition")),
                                          html.Th(_("Evidence"))])), html.Tbody(rows)],
                     size="sm", className="tm-ind-values mb-2")


def _as_defined(indicator: Indicator, number: int) -> Indicator:
    """The indicator with the measure, unit and currency of definition ``number`` (to show its values)."""
    if number >= indicator.definition_number:
        return indicator
    was = indicator.definition_fields(number)
    return Indicator.model_construct(**{**dict(indicator), "measure": was["measure"], "unit": was["unit"],
                                        "currency": was["currency"]})


def revision_list(indicator: Indicator) -> html.Div | None:
    """Earlier definitions of the indicator, newest first, with their rationale (None without revisions)."""
    if not indicator.revisions:
        return None
    items = []
    for r in reversed(indicator.revisions):
        was = "; ".join(f"{_field_name(k)}: {_short(v)}" for k, v in r.fields.items())
        items.append(html.Li([html.Strong(_("Definition {n}", n=r.number)),
                              _(" until {date} · ", date=format_date(r.date)),
                              html.Em(r.rationale), html.Div(was, className="small text-secondary")]))
    return html.Div([html.Div(_("Definition {n} in force; earlier definitions:", n=indicator.definition_number),
                              className="tm-field-label"), html.Ul(items, className="tm-ind-revisions")])


def _baseline(indicator: Indicator) -> str:
    """The baseline value, and the day it was measured when known."""
    value = ind.show(indicator, indicator.baseline.value)
    if not indicator.baseline.date:
        return value
    return _("{value} on {date}", value=value, date=format_date(indicator.baseline.date))


def _field_name(field: str) -> str:
    """A revised field of an indicator, by its name in the form."""
    return _(REVISED_FIELDS[field]) if field in REVISED_FIELDS else field.replace("_", " ")


def _short(value: Any) -> str:
    if isinstance(value, list):
        if value and isinstance(value[0], dict) and "period" in value[0]:
            return ", ".join(f"{t['period'].get('label') or t['period']['end']}: {t['value']}" for t in value)
        return ", ".join(map(str, value)) or "—"
    return str(value) if value not in (None, "") else "—"


def indicator_card(indicator: Indicator, partnership: Partnership, mine: str | None, on: dt.date) -> dbc.AccordionItem:
    """One indicator: status and rule, chart, values, revisions, agreement and actions."""
    status = ind.status(indicator, on)
    names = {p.id: p.short_name or p.name for p in partnership.everyone}
    measure = _(dict(MEASURES)[indicator.measure])
    facts = [
        (_("Type"), _("{measure} ({unit})", measure=measure, unit=indicator.unit) if indicator.unit else measure),
        (_("Better when it"), _(dict(DIRECTIONS)[indicator.direction])
         if indicator.quantitative or indicator.measure == "ordinal" else None),
        (_("Values are"), _("cumulative") if indicator.aggregation == "cumulative" else _("per period"))
        if indicator.quantitative else (None, None),
        (_("Proxy for"), indicator.proxy_for),
        (_("Baseline"), _baseline(indicator) if indicator.baseline else None),
        (_("Verification"), indicator.means_of_verification),
        (_("Source"), " · ".join(filter(None, [indicator.data_source, indicator.frequency]))),
        (_("Responsible"), names.get(indicator.responsible_partner, indicator.responsible_partner)),
    ]
    stands = [html.Span([html.I(className=f"bi {STAND_ICON[r['stand']]} me-1"), r["name"]], className="me-3")
              for r in agreement_of(indicator, partnership)]
    stand_buttons = [
        dbc.Button(label, id={"type": ids.IND_STAND, "id": indicator.id, "how": how}, size="sm", color=colour,
                   outline=True, className="me-1")
        for how, label, colour in (("agree", _("Agree"), "success"), ("dispute", _("Dispute"), "danger"),
                                   ("withdraw", _("Withdraw"), "secondary"))
    ] if mine else [html.Small(_("Members who speak for a partner agree on its behalf."), className="text-secondary")]
    retired = indicator.status == "retired"
    actions = html.Div([
        dbc.Button([html.I(className="bi bi-plus-circle me-1"), _("Record a value")],
                   id={"type": ids.IND_RECORD, "id": indicator.id}, size="sm", color="primary", className="me-1",
                   disabled=retired),
        dbc.Button([html.I(className="bi bi-pencil me-1"), _("Edit")], id={"type": ids.IND_EDIT, "id": indicator.id},
                   size="sm", color="light", className="me-1"),
        dbc.Button([html.I(className="bi bi-archive me-1"), _("Reactivate") if retired else _("Retire")],
                   id={"type": ids.IND_RETIRE, "id": indicator.id, "how": "reactivate" if retired else "retire"},
                   size="sm", color="light"),
    ], className="tm-ind-actions mb-2")
    body = [
        html.Div([status_badge(status), html.Small(status.rule, className="tm-ind-rule")], className="mb-2"),
        actions,
        dcc.Graph(figure=figure(indicator, on), config=graph_config(displayModeBar=False), className="tm-ind-chart",
                  id={"type": "ind-chart", "id": indicator.id}),
        html.Dl([x for k, v in facts if k and v for x in (html.Dt(k), html.Dd(v))], className="tm-ind-facts"),
        html.P(indicator.definition, className="small mb-2") if indicator.definition else None,
        observation_rows(indicator, removable=True),
        revision_list(indicator),
        html.Div(_("Agreement"), className="tm-field-label"),
        html.Div(stands, className="mb-1"),
        html.Div(stand_buttons),
    ]
    title = html.Div([
        html.Span(_("{name} (proxy)", name=indicator.name) if indicator.proxy_for else indicator.name,
                  className="tm-ind-name"),
        dbc.Badge(_("retired"), color="secondary", className="ms-2") if retired else status_badge(status),
        dbc.Badge(_(AGREEMENT_TITLES[indicator.agreement(partnership.partner_ids())]), color="light", text_color="dark", className="ms-1"),
    ], className="tm-ind-title")
    return dbc.AccordionItem(body, title=title, item_id=indicator.id)


def indicator_list(state: MapState, partnership: Partnership, element_id: str, mine: str | None,
                   on: dt.date) -> list:
    """The tab for one element: its indicators (active first) and the add button."""
    element = state.elements.get(element_id)
    if element is None:
        return [_nothing_selected()]
    measured = sorted((i for i in state.indicators.values() if i.element == element_id),
                      key=lambda i: (i.status != "active", i.name.lower()))
    head = html.Div([
        html.Div([html.Div(_("Indicators of"), className="tm-field-label"), html.Strong(element.label)]),
        dbc.Button([html.I(className="bi bi-plus-lg me-1"), _("Add indicator")], id=ids.IND_ADD, size="sm",
                   color="primary"),
    ], className="tm-ind-head d-flex justify-content-between align-items-start mb-2")
    if not measured:
        return [head, html.Small(_("No indicator yet: add one to track this result."), className="text-secondary")]
    return [head, dbc.Accordion([indicator_card(i, partnership, mine, on) for i in measured],
                                active_item=measured[0].id, always_open=True, className="tm-ind-list")]


# --------------------------------------------------------------------------- reading the forms


def _date(text: Any, wrong: Callable[[str], str]) -> dt.date | None:
    """The date typed (ISO), None for nothing; ``wrong(text)`` is the sentence that refuses anything else."""
    if text in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise InvalidInput(wrong(str(text))) from None


def _period(label: Any, start: Any, end: Any, target: int | None = None) -> Period | None:
    """The period of target number ``target``, or of the observation (``None``); None when left blank."""
    if not any(str(v or "").strip() for v in (label, start, end)):
        return None
    if target is None:
        first = _date(start, lambda t: _("The start of the observation must be a date (YYYY-MM-DD), not “{text}”.",
                                         text=t))
        last = _date(end, lambda t: _("The end of the observation must be a date (YYYY-MM-DD), not “{text}”.",
                                      text=t))
    else:
        first = _date(start, lambda t: _("The start of target {n} must be a date (YYYY-MM-DD), not “{text}”.",
                                         n=target, text=t))
        last = _date(end, lambda t: _("The end of target {n} must be a date (YYYY-MM-DD), not “{text}”.",
                                      n=target, text=t))
    if first is None or last is None:
        raise InvalidInput(_("Give both the start and the end of the observation.") if target is None
                           else _("Give both the start and the end of target {n}.", n=target))
    if last < first:
        dates = {"first": first.isoformat(), "last": last.isoformat()}
        raise InvalidInput(_("The period of the observation ends ({last}) before it starts ({first}).", **dates)
                           if target is None else
                           _("The period of target {n} ends ({last}) before it starts ({first}).", n=target, **dates))
    return Period(label=str(label or "").strip(), start=first, end=last)


def indicator_from_form(values: dict, targets: list[dict], element: str, ident: str | None = None,
                        keep: Indicator | None = None) -> Indicator:
    """Build the indicator the form describes, or refuse with one clear sentence.

    ``values`` holds :data:`FIELDS`; ``targets`` one dict per row (label, start, end, value),
    blank rows ignored. ``keep`` is the saved indicator (its observations, agreement and
    revisions carry over).

    Examples
    --------
    >>> form = {"name": "Reports on time", "measure": "percentage", "baseline": "40"}
    >>> rows = [{"label": "2026", "start": "2026-01-01", "end": "2026-12-31", "value": "80"}]
    >>> made = indicator_from_form(form, rows, "oc-1", "ind-1")
    >>> made.baseline.value, made.targets[0].value
    (40.0, 80.0)
    >>> indicator_from_form(form, [{"label": "2026", "start": "2026-12-31", "end": "2026-01-01", "value": "80"}],
    ...                     "oc-1", "ind-1")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: The period of target 1 ends (2026-01-01) before it starts (2026-12-31).
    """
    text = {k: (values.get(k) or "").strip() if isinstance(values.get(k), str | None) else values.get(k)
            for k in FIELDS}
    if not text["name"]:
        raise InvalidInput(_("Give the indicator a name."))
    measure = text["measure"] or "number"
    scale = [line.strip() for line in (text["scale"] or "").splitlines() if line.strip()]
    probe = Indicator.model_construct(measure=measure, scale=scale)
    baseline_value = ind.parse_value(probe, text["baseline"], _("baseline"))
    baseline_date = _date(text["baseline_date"], lambda t: _(
        "The baseline date must be a date (YYYY-MM-DD), not “{text}”.", text=t))
    parsed_targets = []
    for n, row in enumerate(targets, start=1):
        if not any(str(row.get(p) or "").strip() for p in ("label", "start", "end", "value")):
            continue
        period = _period(row.get("label"), row.get("start"), row.get("end"), n)
        value = ind.parse_value(probe, row.get("value"), _("target {n}", n=n))
        if value is None:
            raise InvalidInput(_("Give the value of target {n}.", n=n))
        parsed_targets.append(Target(period=period, value=value))
    data = {
        **(keep.model_dump() if keep else {}),
        "id": ident or (keep.id if keep else new_id("ind")),
        "element": keep.element if keep else element,
        "name": text["name"], "measure": measure, "unit": text["unit"] or "",
        "currency": (text["currency"] or "").upper() or None, "direction": text["direction"] or "increase",
        "aggregation": text["aggregation"] or "per_period", "scale": scale, "proxy_for": text["proxy_for"] or None,
        "definition": text["definition"] or "", "means_of_verification": text["means_of_verification"] or "",
        "data_source": text["data_source"] or "", "frequency": text["frequency"] or "",
        "responsible_partner": text["responsible_partner"] or None,
        "baseline": Baseline(value=baseline_value, date=baseline_date) if baseline_value is not None or baseline_date
        else None,
        "targets": parsed_targets,
    }
    if measure != "currency":
        data["currency"] = None
    return validated(Indicator, data, "indicator")


def form_values(indicator: Indicator | None) -> tuple[dict, list[dict]]:
    """What the form shows for a saved indicator (empty for a new one)."""
    if indicator is None:
        return ({k: "" for k in FIELDS} | {"measure": "number", "direction": "increase", "aggregation": "per_period"},
                [])
    base = indicator.baseline
    values = {
        "name": indicator.name, "measure": indicator.measure, "unit": indicator.unit,
        "currency": indicator.currency or "", "direction": indicator.direction, "aggregation": indicator.aggregation,
        "scale": "\n".join(indicator.scale), "proxy_for": indicator.proxy_for or "", "definition": indicator.definition,
        "means_of_verification": indicator.means_of_verification, "data_source": indicator.data_source,
        "frequency": indicator.frequency, "responsible_partner": indicator.responsible_partner or "",
        "baseline": _typed(base.value) if base else "", "baseline_date": base.date.isoformat() if base and base.date
        else "",
    }
    rows = [{"label": t.period.label, "start": t.period.start.isoformat(), "end": t.period.end.isoformat(),
             "value": _typed(t.value)} for t in indicator.targets]
    return values, rows


def _typed(value: Any) -> str:
    """A value as someone would type it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def indicator_change(saved: Indicator, wanted: Indicator, reason: str) -> UpdateIndicator | None:
    """The update from the saved indicator to the form's, with the reason when it is a revision."""
    old, new = saved.model_dump(mode="json"), wanted.model_dump(mode="json")
    fields = {f: new[f] for f in new if f not in ("id", "observations", "revisions", "agreed_by", "disputed_by",
                                                 "proposed_by", "status") and old[f] != new[f]}
    if not fields:
        return None
    return UpdateIndicator(id=saved.id, set=fields, reason=(reason or "").strip(), on=today())


def observation_from_form(indicator: Indicator, values: dict, cells: list[dict], reporter: str,
                          partner: str | None) -> Observation:
    """Build the observation the form describes, or refuse with one clear sentence.

    Examples
    --------
    >>> i = Indicator(id="i", element="e", name="People trained")
    >>> o = observation_from_form(i, {"value": "100", "date": "2026-03-31"},
    ...                           [{"dimensions": "sex=female", "value": "60"}], "Ana", "moh")
    >>> o.value, o.disaggregation[0].dimensions
    (100.0, {'sex': 'female'})
    >>> observation_from_form(i, {"value": "lots", "date": "2026-03-31"}, [], "Ana", "moh")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: The value must be a number, not “lots”.
    """
    value = ind.parse_value(indicator, values.get("value"), _("value"))
    if value is None:
        raise InvalidInput(_("Give the value that was observed."))
    day = _date(values.get("date"), lambda t: _("The date must be a date (YYYY-MM-DD), not “{text}”.", text=t))
    period = _period(values.get("label"), values.get("start"), values.get("end"))
    if day is None and period is None:
        raise InvalidInput(_("Give the date of the value, or the period it covers."))
    disaggregation = []
    for n, cell in enumerate(cells, start=1):
        dims, amount = (cell.get("dimensions") or "").strip(), (cell.get("value") or "").strip()
        if not dims and not amount:
            continue
        if not dims or not amount:
            raise InvalidInput(_("Disaggregation row {n} needs both its dimensions and its value.", n=n))
        number = ind.parse_value(Indicator.model_construct(measure="number", scale=[]), amount,
                                 _("value of disaggregation row {n}", n=n))
        disaggregation.append(Disaggregated(dimensions=ind.parse_dimensions(dims), value=number))
    return validated(Observation, {
        "id": new_id("obs"), "value": value, "date": day, "period": period,
        "evidence": (values.get("evidence") or "").strip(), "note": (values.get("note") or "").strip(),
        "reported_by": reporter[:LABEL_MAX], "partner": partner, "disaggregation": disaggregation,
    }, "observation")


def value_hint(indicator: Indicator) -> str:
    """What to type in the value field."""
    hints = {  # the words typed for milestones and yes/no are read back as they are: they stay in English
        "number": lambda: _("A number of {unit}.", unit=indicator.unit) if indicator.unit else _("A number."),
        "percentage": lambda: _("A percentage, e.g. 72.5."),
        "currency": lambda: _("An amount in {currency}.", currency=indicator.currency),
        "narrative": lambda: _("A short text."),
        "ordinal": lambda: _("One of: {levels}.", levels=", ".join(indicator.scale)),
        "milestone": lambda: _("Type “{yes}” or “{no}”.", yes="reached", no="not reached"),
        "yes_no": lambda: _("Type “{yes}” or “{no}”.", yes="yes", no="no"),
    }
    return hints[indicator.measure]()


def _by_name(entries: list[dict], key: str = "name") -> dict:
    return {e["id"][key]: e.get("value") for e in entries}


def _rows(entries: list[dict]) -> list[dict]:
    rows: dict[int, dict] = {}
    for e in entries:
        rows.setdefault(e["id"]["row"], {})[e["id"]["part"]] = e.get("value")
    return [rows[n] for n in sorted(rows)]


# --------------------------------------------------------------------------- callbacks


def _partner_of(db: Database, map_id: int) -> str | None:
    """The partner the signed-in member speaks for on this map (from the membership, not the page)."""
    member = accounts.membership_of(db, map_id, current_author())
    return member.partner if member else None


def register_callbacks(app, db: Database) -> None:
    """Wire the indicators tab onto this app instance."""
    editor = Editor(db)

    # the list follows the selection, the map and the indicator forms while the tab is on screen: no request otherwise
    app.clientside_callback(
        """function(selection, meta, version, tab) {
            return tab === 'indicators' && meta ? meta.revision : window.dash_clientside.no_update;
        }""",
        Output(ids.IND_DUE, "data"),
        Input(ids.SELECTION, "data"), Input(ids.EDITOR_MAP_SHOWN, "data"), Input(ids.IND_VERSION, "data"),
        Input(ids.PANEL_TABS, "active_tab"),
    )

    @app.callback(
        Output(ids.IND_PANEL, "children"),
        Input(ids.IND_DUE, "data"), State(ids.SELECTION, "data"), State(ids.EDITOR_MAP_SHOWN, "data"),
        State(ids.PANEL_TABS, "active_tab"), prevent_initial_call=True,
    )
    def show_indicators(_event, selection, meta, tab):
        if tab != "indicators":
            return no_update
        if not selection or selection.get("type") != "element" or not isinstance(meta, dict):
            return _nothing_selected()
        _info, partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
        return indicator_list(state, partnership, selection["id"], meta.get("partner"), today())

    def _unchanged() -> tuple:
        """No update to any output; a wildcard output needs one per component (Dash refuses a bare one)."""
        return tuple([no_update] * len(o) if isinstance(o, list) else no_update for o in ctx.outputs_list)

    field_outputs = [Output({"type": ids.IND_FIELD, "name": ALL}, "value"),
                     Output({"type": ids.IND_TARGET, "row": ALL, "part": ALL}, "value"),
                     Output({"type": ids.IND_TARGET_ROW, "row": ALL}, "style")]

    # "Another target period" shows the next hidden row, in the browser
    app.clientside_callback(
        """function(n, styles) {
            const next = styles.findIndex(s => s && s.display === 'none');
            return styles.map((s, i) => i === next ? null : window.dash_clientside.no_update);
        }""",
        Output({"type": ids.IND_TARGET_ROW, "row": ALL}, "style", allow_duplicate=True),
        Input(ids.IND_TARGET_MORE, "n_clicks"), State({"type": ids.IND_TARGET_ROW, "row": ALL}, "style"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.IND_MODAL, "is_open"), Output(ids.IND_MODAL_TITLE, "children"), Output(ids.IND_EDITING, "data"),
        Output(ids.IND_MESSAGE, "children"), Output(ids.IND_REASON_ROW, "style"), Output(ids.IND_REASON, "value"),
        Output({"type": ids.IND_FIELD, "name": "responsible_partner"}, "options"),
        *field_outputs,
        Input(ids.IND_ADD, "n_clicks"), Input({"type": ids.IND_EDIT, "id": ALL}, "n_clicks"),
        Input(ids.IND_CANCEL, "n_clicks"),
        State(ids.SELECTION, "data"), State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def open_indicator_form(_event, __, ___, selection, meta):
        keep = _unchanged()
        trigger = ctx.triggered_id
        if trigger == ids.IND_CANCEL:
            return (False,) + keep[1:]
        if not ctx.triggered or not ctx.triggered[0]["value"] or not selection:
            return keep
        info, partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
        saved = state.indicators.get(trigger["id"]) if isinstance(trigger, dict) else None
        values, rows = form_values(saved)
        shown = max(1, len(rows))  # one row to start; the saved targets and nothing more when editing
        rows = rows + [{}] * (TARGET_ROWS - len(rows))
        names = [o["id"]["name"] for o in ctx.outputs_list[7]]
        cells = [o["id"] for o in ctx.outputs_list[8]]
        partners = [{"label": "—", "value": ""}] + [{"label": p.name, "value": p.id} for p in partnership.partners]
        editing = {"id": saved.id if saved else None, "element": saved.element if saved else selection["id"],
                   "revision": info.revision}
        title = _("Edit “{name}”", name=saved.name) if saved else _("Add an indicator to “{label}”",
                                                                      label=state.label_of(selection["id"]))
        return (True, title, editing, None, {"display": "block"} if saved else {"display": "none"}, "", partners,
                [values.get(n, "") for n in names],
                [(rows[c["row"]] if c["row"] < len(rows) else {}).get(c["part"], "") for c in cells],
                [None if o["id"]["row"] < shown else HIDDEN for o in ctx.outputs_list[9]])

    @app.callback(
        *EDIT_OUTPUTS, Output(ids.IND_MODAL, "is_open", allow_duplicate=True),
        Output(ids.IND_MESSAGE, "children", allow_duplicate=True), Output(ids.IND_VERSION, "data"),
        Output(ids.IND_ALERT, "children"),
        Input(ids.IND_SAVE, "n_clicks"),
        State({"type": ids.IND_FIELD, "name": ALL}, "value"),
        State({"type": ids.IND_TARGET, "row": ALL, "part": ALL}, "value"),
        State(ids.IND_REASON, "value"), State(ids.IND_EDITING, "data"), State(ids.IND_VERSION, "data"),
        *EDIT_STATES, prevent_initial_call=True,
    )
    def save_indicator(_event, __, ___, reason, editing, version, meta, undo):
        if not isinstance(editing, dict) or not isinstance(meta, dict):
            return *NOTHING, no_update, no_update, no_update, no_update
        values, rows = _by_name(ctx.states_list[0]), _rows(ctx.states_list[1])
        try:
            _info, _partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
            saved = state.indicators.get(editing.get("id") or "")
            if editing.get("id") and saved is None:
                raise InvalidInput(_("This indicator is no longer on the map."))
            wanted = indicator_from_form(values, rows, editing.get("element") or "", keep=saved)
            if saved is not None and len(saved.targets) > TARGET_ROWS:  # the form shows the first rows only
                wanted = wanted.model_copy(update={"targets": wanted.targets + saved.targets[TARGET_ROWS:]})
            if saved is None:
                wanted = wanted.model_copy(update={"proposed_by": _partner_of(db, meta["map_id"])})
                change, base = AddIndicator(indicator=wanted), None
            else:
                change, base = indicator_change(saved, wanted, reason), editing.get("revision")
                if change is None:
                    return *NOTHING, False, None, no_update, no_update
            applied = history.apply(db, meta["map_id"], change, current_author(),
                                    base if isinstance(base, int) else None)
        except TocmapError as error:
            return *NOTHING, no_update, error_alert(str(error), _("Not saved")), no_update, no_update
        outputs = editor.answer(meta, applied, undo=push(undo, meta["map_id"], applied.revision))
        done = dbc.Alert([html.I(className="bi bi-check2-circle me-1"), applied.record.summary], color="success",
                         duration=4000, className="py-1 mb-2")
        return *outputs, False, None, (version or 0) + 1, done

    @app.callback(
        Output(ids.OBS_MODAL, "is_open"), Output(ids.OBS_TITLE, "children"), Output(ids.OBS_FOR, "data"),
        Output(ids.OBS_MESSAGE, "children"), Output(ids.OBS_HINT, "children"),
        Output({"type": ids.OBS_FIELD, "name": ALL}, "value"),
        Output({"type": ids.OBS_CELL, "row": ALL, "part": ALL}, "value"),
        Input({"type": ids.IND_RECORD, "id": ALL}, "n_clicks"), Input(ids.OBS_CANCEL, "n_clicks"),
        State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def open_observation_form(_event, __, meta):
        keep = _unchanged()
        if ctx.triggered_id == ids.OBS_CANCEL:
            return (False,) + keep[1:]
        if not ctx.triggered or not ctx.triggered[0]["value"] or not isinstance(ctx.triggered_id, dict):
            return keep
        _info, _partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
        indicator = state.indicators.get(ctx.triggered_id["id"])
        if indicator is None:
            return keep
        blank = [today().isoformat() if o["id"]["name"] == "date" else "" for o in ctx.outputs_list[5]]
        return (True, _("Record a value of “{name}”", name=indicator.name), {"indicator": indicator.id}, None,
                value_hint(indicator), blank, [""] * len(ctx.outputs_list[6]))

    @app.callback(
        *EDIT_OUTPUTS, Output(ids.OBS_MODAL, "is_open", allow_duplicate=True),
        Output(ids.OBS_MESSAGE, "children", allow_duplicate=True), Output(ids.IND_VERSION, "data", allow_duplicate=True),
        Output(ids.IND_ALERT, "children", allow_duplicate=True),
        Input(ids.OBS_SAVE, "n_clicks"),
        State({"type": ids.OBS_FIELD, "name": ALL}, "value"),
        State({"type": ids.OBS_CELL, "row": ALL, "part": ALL}, "value"),
        State(ids.OBS_FOR, "data"), State(ids.IND_VERSION, "data"), *EDIT_STATES, prevent_initial_call=True,
    )
    def save_observation(_event, __, ___, target, version, meta, undo):
        if not isinstance(target, dict) or not isinstance(meta, dict):
            return *NOTHING, no_update, no_update, no_update, no_update
        author = current_author()
        try:
            _info, _partnership, state = maps.get_map(db, meta["map_id"], who=author)
            indicator = state.indicators.get(target.get("indicator") or "")
            if indicator is None:
                raise InvalidInput(_("This indicator is no longer on the map."))
            observation = observation_from_form(indicator, _by_name(ctx.states_list[0]), _rows(ctx.states_list[1]),
                                                author.name, _partner_of(db, meta["map_id"]))
            applied = history.apply(db, meta["map_id"], AddObservation(indicator=indicator.id, observation=observation),
                                    author)
        except TocmapError as error:
            return *NOTHING, no_update, error_alert(str(error), _("Not recorded")), no_update, no_update
        outputs = editor.answer(meta, applied, undo=push(undo, meta["map_id"], applied.revision))
        warnings = ind.disaggregation_warnings(indicator, observation)
        if warnings:
            done = dbc.Alert([html.Strong(_("Recorded, but the disaggregation does not add up:") + " "),
                              html.Ul([html.Li(w) for w in warnings], className="mb-0")],
                             color="warning", dismissable=True, className="py-1 mb-2 tm-ind-warning")
        else:
            done = dbc.Alert([html.I(className="bi bi-check2-circle me-1"),
                              _("Recorded {value}.", value=ind.show(indicator, observation.value))],
                             color="success", duration=4000, className="py-1 mb-2")
        return *outputs, False, None, (version or 0) + 1, done

    @app.callback(
        *EDIT_OUTPUTS, Output(ids.IND_VERSION, "data", allow_duplicate=True),
        Output(ids.IND_ALERT, "children", allow_duplicate=True),
        Input({"type": ids.IND_RETIRE, "id": ALL, "how": ALL}, "n_clicks"),
        Input({"type": ids.IND_STAND, "id": ALL, "how": ALL}, "n_clicks"),
        Input({"type": ids.IND_DROP, "id": ALL, "obs": ALL}, "n_clicks"),
        State(ids.IND_VERSION, "data"), *EDIT_STATES, prevent_initial_call=True,
    )
    def retire_or_stand(_event, __, ___, version, meta, undo):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not ctx.triggered[0]["value"] or not isinstance(meta, dict):
            return *NOTHING, no_update, no_update
        author = current_author()
        try:
            if trigger["type"] == ids.IND_DROP:
                applied = history.apply(db, meta["map_id"], RemoveObservation(indicator=trigger["id"],
                                                                              id=trigger["obs"]), author)
            elif trigger["type"] == ids.IND_RETIRE:
                status = "retired" if trigger["how"] == "retire" else "active"
                applied = history.apply(db, meta["map_id"], UpdateIndicator(id=trigger["id"], set={"status": status}),
                                        author)
            else:
                applied = history.set_stand(db, meta["map_id"], "indicator", trigger["id"], trigger["how"], author)
        except TocmapError as error:
            return *NOTHING, no_update, error_alert(str(error), _("Not saved"))
        outputs = editor.answer(meta, applied, undo=push(undo, meta["map_id"], applied.revision))
        return *outputs, (version or 0) + 1, None

    app.clientside_callback(
        "function(n, active) { return !active; }",
        Output(ids.IND_COLOUR, "active"), Input(ids.IND_COLOUR, "n_clicks"), State(ids.IND_COLOUR, "active"),
        prevent_initial_call=True,
    )

    # while "colour by status" is on, every change of the map recolours; switched off, it clears once
    app.clientside_callback(
        """function(active, meta) {
            const switched = window.dash_clientside.callback_context.triggered.some(
                t => t.prop_id === 'IND_COLOUR.active');
            if (active && meta) { return meta.revision; }
            return switched ? 0 : window.dash_clientside.no_update;
        }""".replace("IND_COLOUR", ids.IND_COLOUR),
        Output(ids.IND_STYLE_DUE, "data"), Input(ids.IND_COLOUR, "active"), Input(ids.EDITOR_MAP_SHOWN, "data"),
        prevent_initial_call=True,
    )

    @app.callback(Output(ids.IND_STYLE, "data"), Input(ids.IND_STYLE_DUE, "data"), State(ids.IND_COLOUR, "active"),
                  State(ids.EDITOR_MAP_SHOWN, "data"), prevent_initial_call=True)
    def colour_by_status(_event, active, meta):
        if not active or not isinstance(meta, dict):  # switched off: clear once (the browser asks only then)
            return []
        _info, _partnership, state = maps.get_map(db, meta["map_id"], who=current_author())
        return status_stylesheet(ind.element_statuses(state.indicators.values(), today()))
