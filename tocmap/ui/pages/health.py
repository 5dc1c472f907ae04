"""The partnership health check page: rounds, private answers, the reveal and its results.

Before reveal each member sees only their own answer form (and facilitators see who has
answered); after reveal everyone on the map sees a spider chart with one shape per
partner, the gaps between partners (largest first) and the comments. Every callback goes
through :mod:`tocmap.services.health`, which decides who may see what.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.adapters.health_export import wrap_label
from tocmap.domain.errors import InvalidInput, TocmapError
from tocmap.domain.health import (
    COMMENT_MAX,
    DEFAULT_DIMENSIONS,
    DIMENSIONS_MAX,
    DIMENSIONS_MIN,
    POINTS_MAX,
    POINTS_MIN,
    STATEMENT_MAX,
    TITLE_MAX,
    Dimension,
    Round,
    custom_dimension,
)
from tocmap.domain.model import LABEL_MAX, Partnership
from tocmap.i18n import _, format_datetime, format_number, ngettext
from tocmap.services import accounts, health, maps
from tocmap.ui import ids
from tocmap.ui.auth import current_author
from tocmap.ui.charts import graph_config
from tocmap.ui.components import error_alert
from tocmap.ui.live import live_count
from tocmap.ui.map_nav import map_head
from tocmap.ui.pages import health_fair, sentence

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database


# --------------------------------------------------------------------------- layout


def layout(db: Database, map_id: int) -> html.Div:
    who = current_author()
    _info, partnership, state = maps.get_map(db, map_id, who=who)
    rounds = health.rounds(db, map_id, who)
    manage = health.may_manage(db, map_id, who)
    return html.Div(
        [
            dcc.Store(id=ids.HC_MAP, data={"map_id": map_id}),
            dcc.Store(id=ids.HC_VERSION, data=0),
            dcc.Store(id=ids.HC_CUSTOM, data=[]),
            dcc.Store(id=ids.HC_ACT_DIM, data=None),
            _header(map_id, state.title, partnership),
            html.Div(id=ids.HC_MESSAGE, className="tm-hc-message", role="status"),
            _start_form() if manage else None,
            html.Div(
                [
                    dbc.Label(_("Round"), html_for=ids.HC_ROUND, className="fw-semibold mb-0"),
                    dcc.Dropdown(id=ids.HC_ROUND, options=round_options(rounds),
                                 value=rounds[-1].id if rounds else None, clearable=False,
                                 placeholder=_("No rounds yet"), className="tm-hc-round-picker"),
                ],
                className="tm-hc-picker",
            ),
            html.Div(id=ids.HC_BODY, className="tm-hc-body"),
            html.Section([html.H2(_("Across rounds"), className="h5"), html.Div(id=ids.HC_TREND)],
                         className="tm-hc-section"),
            health_fair.review_section(manage),
            _act_dialog(),
        ],
        className="tm-hc-page",
    )


def _header(map_id: int, title: str, partnership: Partnership) -> html.Div:
    return html.Div([
        map_head(map_id, title, partnership.partners, "health"),
        html.P(_("Each partner scores the relationship privately. Nobody sees another partner's answers until "
                 "the facilitator reveals the round; then the chart shows where the partners' views differ."),
               className="tm-hc-hint"),
    ])


def _start_form() -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(_("Start a round"), className="h6"),
                dbc.Row(
                    [
                        dbc.Col([dbc.Label(_("Name"), html_for=ids.HC_START_TITLE),
                                 dbc.Input(id=ids.HC_START_TITLE, maxLength=LABEL_MAX,
                                           placeholder=_("e.g. March workshop"))], md=4),
                        dbc.Col([dbc.Label(_("Dimensions to score")),
                                 dbc.Checklist(id=ids.HC_START_DIMS, inline=True,
                                               options=[{"label": _(d.title), "value": d.key} for d in DEFAULT_DIMENSIONS],
                                               value=[d.key for d in DEFAULT_DIMENSIONS]),
                                 dbc.FormText(_("At least {count}: the spider chart needs three axes.", count=DIMENSIONS_MIN))], md=8),
                    ],
                    className="g-3",
                ),
                _custom_form(),
                dbc.Button([html.I(className="bi bi-play-fill me-1"), _("Start the round")], id=ids.HC_START,
                           color="primary", size="sm", className="mt-2"),
            ]
        ),
        className="tm-hc-start mb-3",
    )


def _custom_form() -> html.Div:
    """Fields to add the facilitator's own dimension: title, short statement, scale."""
    return html.Div(
        [
            html.Div([html.I(className="bi bi-plus-square me-1"), _("Add your own dimension")],
                     className="tm-hc-custom-head"),
            dbc.Row(
                [
                    dbc.Col([dbc.Label(_("Title"), html_for=ids.HC_CUSTOM_TITLE, size="sm"),
                             dbc.Input(id=ids.HC_CUSTOM_TITLE, maxLength=TITLE_MAX, size="sm",
                                       placeholder=_("e.g. Data sharing"))], md=3),
                    dbc.Col([dbc.Label(_("Short statement"), html_for=ids.HC_CUSTOM_STATEMENT, size="sm"),
                             dbc.Input(id=ids.HC_CUSTOM_STATEMENT, maxLength=STATEMENT_MAX, size="sm",
                                       placeholder=_("e.g. We share the data we hold, on time."))], md=4),
                    dbc.Col([dbc.Label(_("Points"), html_for=ids.HC_CUSTOM_POINTS, size="sm"),
                             dbc.Input(id=ids.HC_CUSTOM_POINTS, type="number", min=POINTS_MIN, max=POINTS_MAX,
                                       step=1, value=5, size="sm")], md=1),
                    dbc.Col([dbc.Label(_("Names of the points, lowest first (optional)"), html_for=ids.HC_CUSTOM_NAMES,
                                       size="sm"),
                             dbc.Input(id=ids.HC_CUSTOM_NAMES, size="sm", maxLength=600,
                                       placeholder=_("Never, Rarely, Sometimes, Often, Always"))], md=3),
                    dbc.Col(dbc.Button([html.I(className="bi bi-plus-lg me-1"), _("Add")], id=ids.HC_CUSTOM_ADD,
                                       color="secondary", outline=True, size="sm"), md=1,
                            className="d-flex align-items-end"),
                ],
                className="g-2",
            ),
            html.Div(id=ids.HC_CUSTOM_LIST, className="tm-hc-custom-list"),
        ],
        className="tm-hc-custom mt-3",
    )


def custom_list(custom: list[dict]) -> list:
    """The facilitator's own dimensions added so far, each with its scale and a remove button."""
    if not custom:
        return [dbc.FormText(_("A round has {least} to {most} dimensions in all.", least=DIMENSIONS_MIN,
                               most=DIMENSIONS_MAX))]
    items = []
    for n, entry in enumerate(custom):
        points = entry.get("points") or []
        scale = ngettext("{n} point: {names}", "{n} points: {names}", len(points),
                         names=" · ".join(points)) if points else ""
        items.append(dbc.ListGroupItem(
            [html.Div([html.Strong(entry.get("title", "")), html.Span(f" — {entry.get('statement', '')}"
                                                                      if entry.get("statement") else ""),
                       html.Div(scale, className="tm-hc-custom-scale")], className="me-2"),
             dbc.Button(html.I(className="bi bi-x-lg"), id={"type": ids.HC_CUSTOM_REMOVE, "index": n},
                        color="link", size="sm", title=_("Remove this dimension"), className="tm-hc-custom-remove")],
            className="d-flex justify-content-between align-items-start tm-hc-custom-item",
        ))
    return [dbc.ListGroup(items, className="mt-2")]


def _act_dialog() -> dbc.Modal:
    """The dialog that turns a gap into a map element or a learning-log entry."""
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Turn this gap into action"), id=ids.HC_ACT_TITLE)),
            dbc.ModalBody(
                [
                    html.Div(id=ids.HC_ACT_MESSAGE),
                    dbc.RadioItems(id=ids.HC_ACT_WHAT, inline=True, value="element", className="mb-2",
                                   options=[{"label": _("Add an element to the map"), "value": "element"},
                                            {"label": _("Write a learning-log entry"), "value": "learning"}]),
                    html.Div(
                        [
                            dbc.Label(_("Kind"), html_for=ids.HC_ACT_KIND, size="sm"),
                            dbc.Select(id=ids.HC_ACT_KIND, size="sm", value="outcome",
                                       options=[{"label": k.title, "value": k.value} for k in health.ACTION_KINDS]),
                            dbc.Label(_("Label"), html_for=ids.HC_ACT_LABEL, size="sm", className="mt-2"),
                            dbc.Input(id=ids.HC_ACT_LABEL, maxLength=LABEL_MAX, size="sm"),
                            dbc.FormText(_("It is tagged with the round and its description names the gap.")),
                        ],
                        id=ids.HC_ACT_ELEMENT, className="tm-hc-act-element",
                    ),
                    html.Div(
                        [dbc.Label(_("What did the partners learn or decide?"), html_for=ids.HC_ACT_TEXT, size="sm",
                                   className="mt-2"),
                         dbc.Textarea(id=ids.HC_ACT_TEXT, rows=3, maxLength=4000, size="sm")],
                        id=ids.HC_ACT_LEARNING, className="tm-hc-act-learning", style={"display": "none"},
                    ),
                ]
            ),
            dbc.ModalFooter([
                dbc.Button(_("Cancel"), id=ids.HC_ACT_CANCEL, color="secondary", outline=True, size="sm"),
                dbc.Button([html.I(className="bi bi-lightning-charge me-1"), _("Create")], id=ids.HC_ACT_SAVE,
                           color="primary", size="sm"),
            ]),
        ],
        id=ids.HC_ACT_MODAL, is_open=False, centered=True,
    )


def round_options(rounds: list[Round]) -> list[dict]:
    """Dropdown options, newest round first."""
    return [{"label": _("{title} · revealed", title=r.title) if r.revealed else _("{title} · open for answers",
                                                                                   title=r.title), "value": r.id}
            for r in reversed(rounds)]


# --------------------------------------------------------------------------- a round


def round_view(db: Database, map_id: int, round_id: int) -> list:
    """What the page shows of one round for the signed-in person."""
    who = current_author()
    found = {r.id: r for r in health.rounds(db, map_id, who)}
    round_ = found.get(round_id)
    if round_ is None:
        return [html.P(_("Choose a round."), className="tm-hc-empty")]
    partnership = maps.get_map(db, map_id, who=who)[1]
    names = {p.id: p.short_name or p.name for p in partnership.everyone}
    if round_.revealed:
        return _results(db, map_id, round_, partnership)
    return _open_round(db, map_id, round_, names)


def _open_round(db: Database, map_id: int, round_: Round, names: dict[str, str]) -> list:
    who = current_author()
    counts = health.answered_count(db, map_id, round_.id, who)
    so_far = ", ".join(f"{names.get(p, p)} {n}" for p, n in counts.items()) or _("none yet")
    parts = [html.P(sentence(_("{round} · started by {person} · answers so far: {count}"),
                             round=html.Strong(round_.title), person=round_.started_by,
                             count=live_count(f"health:{round_.id}", so_far, names)), className="tm-hc-status")]
    if health.may_manage(db, map_id, who):
        answered = health.answers(db, map_id, round_.id, who) + health.assessor_answers(db, map_id, round_.id, who)
        parts.append(html.Div(
            [html.Span(_("Answered: {names}", names=", ".join(
                f"{a.user_name} ({names.get(a.partner, a.partner) if a.partner else _(health_fair.ASSESSOR).lower()})"
                for a in answered)) if answered else _("Answered: nobody yet"), className="me-3"),
             dbc.Button([html.I(className="bi bi-eye me-1"), _("Reveal the answers")], id=ids.HC_REVEAL,
                        color="warning", size="sm", disabled=not answered)],
            className="tm-hc-facilitator",
        ))
    me = accounts.membership_of(db, map_id, who)
    assessor = health.is_assessor(db, map_id, who)
    if me is None or (me.partner is None and not assessor):
        parts.append(html.P(_("You do not speak for a partner on this map, so you do not answer this round."),
                            className="tm-hc-empty"))
        return [*parts, health_fair.anonymous_box(db, map_id, round_)] if me else parts
    mine = health.my_answer(db, map_id, round_.id, who)
    if assessor:
        parts.append(html.H2(_("Your answer as independent assessor"), className="h5 mt-3"))
        parts.append(html.P(_("Your scores stand beside the partners' and are never mixed into their means. Only "
                              "the facilitator sees them before the reveal."), className="tm-hc-hint"))
    else:
        parts.append(html.H2(_("Your answer for {partner}", partner=names.get(me.partner, me.partner)),
                             className="h5 mt-3"))
        parts.append(html.P(_("How do you see the partnership? Only your partner's members and the facilitator see "
                              "your answer before the reveal; you can change it until then. If you cannot say, "
                              "answer “Don't know” or “Not applicable”: they are counted apart from the scores."),
                            className="tm-hc-hint"))
    parts += [_dimension_card(d, mine.scores.get(d.key) if mine else None, mine.comments.get(d.key, "") if mine else "")
              for d in round_.dimensions]
    parts.append(dbc.Button([html.I(className="bi bi-check2 me-1"), _("Save my answer")], id=ids.HC_SAVE,
                            color="primary"))
    return [*parts, health_fair.anonymous_box(db, map_id, round_)]


def _dimension_card(d: Dimension, score: int | str | None, comment: str) -> html.Div:
    options = [{"label": f"{n} · {d.point_name(n)}", "value": n} for n in range(d.scale_min, d.scale_max + 1)]
    options += health_fair.not_scored_options()
    return html.Div(dbc.Card(
        dbc.CardBody(
            [
                html.H3(d.title, className="h6 mb-1"),
                html.P(d.statement, className="tm-hc-statement"),
                dbc.RadioItems(id={"type": ids.HC_SCORE, "dim": d.key}, options=options, value=score, inline=True,
                               className="tm-hc-scale"),
                dbc.Textarea(id={"type": ids.HC_COMMENT, "dim": d.key}, value=comment, maxLength=COMMENT_MAX,
                             rows=2, placeholder=_("Comment (optional): why this score?"), className="mt-2"),
            ]
        ),
        className="tm-hc-dim mb-2",
    ), **{"data-dim": d.key})


def radar_figure(round_: Round, means: dict[str, dict[str, float]], partnership: Partnership) -> go.Figure:
    """The spider chart: one closed shape per partner over the round's dimensions."""
    partners = {p.id: p for p in partnership.everyone}
    titles = ["<br>".join(wrap_label(d.title)) for d in round_.dimensions]  # long titles on short lines
    figure = go.Figure()
    for partner, values in means.items():
        known = partners.get(partner)
        r = [values.get(d.key) for d in round_.dimensions]
        figure.add_trace(go.Scatterpolar(
            r=r + r[:1], theta=titles + titles[:1], name=known.name if known else partner, fill="toself",
            opacity=0.7, line={"color": known.colour if known else None, "width": 3},
            hovertemplate="%{theta}: %{r}<extra>%{fullData.name}</extra>",
        ))
    top = max(d.scale_max for d in round_.dimensions)
    figure.update_layout(
        polar={"radialaxis": {"range": [0, top], "dtick": 1, "angle": 90 - 180 / len(titles), "tickangle": 0},
               "angularaxis": {"rotation": 90, "direction": "clockwise"}},
        showlegend=True, height=460,
        margin={"l": 120, "r": 120, "t": 30, "b": 30}, legend={"orientation": "h", "y": -0.08},
    )
    return figure


def _results(db: Database, map_id: int, round_: Round, partnership: Partnership) -> list:
    who = current_author()
    results = health.results(db, map_id, round_.id, who)
    names = {p.id: p.short_name or p.name for p in partnership.everyone}
    partners = list(results.means)
    act = health.may_act(db, map_id, who)
    me = accounts.membership_of(db, map_id, who)
    speaks_for = me.partner if me else None
    figure = radar_figure(round_, results.means, partnership)
    outline = health_fair.assessor_trace(round_, results.assessor_means)
    if outline is not None:
        figure.add_trace(outline)
    assessed = bool(results.assessors)
    head = html.Thead(html.Tr([html.Th(_("Dimension")), *[html.Th(names.get(p, p)) for p in partners],
                               html.Th(_("Gap")), html.Th(_("Sees it higher")),
                               *([html.Th(_("Assessor"), title=_(health_fair.ASSESSOR))] if assessed else []),
                               *([html.Th("")] if act else [])]))
    rows = [html.Tr([html.Td(g.title), *[html.Td(_score(g.means.get(p))) for p in partners],
                     html.Td(_score(g.gap) if len(g.means) > 1 else "—",  # one partner scored: no gap to tell
                             className="tm-hc-gap" + (" tm-hc-gap-wide" if g.gap >= 1 else "")),
                     html.Td(names.get(g.highest, g.highest) if g.highest else "—"),
                     *([html.Td(_score(results.assessor_means.get(g.key)), className="tm-hc-assessor")]
                       if assessed else []),
                     *([html.Td([dbc.Button([html.I(className="bi bi-lightning-charge me-1"), _("Act")],
                                            id={"type": ids.HC_ACT, "dim": g.key}, color="primary", outline=True,
                                            size="sm", className="tm-hc-act text-nowrap",
                                            title=_("Turn this gap into action")),
                                 dbc.Button([html.I(className="bi bi-check2-square me-1"), _("Action")],
                                            href=f"/maps/{map_id}/actions?from=health_gap|{round_.id}:{g.key}",
                                            color="link", size="sm", className="tm-hc-make-action text-nowrap",
                                            title=_("Give someone an action with a due date on this gap"))],
                                className="text-nowrap")]
                       if act else [])],
                    className="tm-hc-gap-row", **{"data-dim": g.key})
             for g in results.gaps]
    comments = []
    for d in round_.dimensions:
        said = [(a.partner, a.comments[d.key]) for a in results.answers if d.key in a.comments]
        if said:
            comments.append(html.Div([html.H3(d.title, className="h6 mb-1"),
                                      html.Ul([html.Li([f"“{text}” ", html.Span(f"— {names.get(p, p)}",
                                                                                className="tm-hc-by")])
                                               for p, text in said])], className="tm-hc-comment"))
    return [
        html.Div(
            [html.P([html.Strong(round_.title), " · ", _("revealed by {person}", person=round_.revealed_by), " · ",
                     ngettext("{n} answer", "{n} answers", len(results.answers)),
                     *([" · ", ngettext("{n} from an independent assessor", "{n} from independent assessors",
                                        len(results.assessors))] if results.assessors else [])],
                    className="tm-hc-status mb-0"),
             _export_links(map_id, round_.id)],
            className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-2",
        ),
        dbc.Row(
            [
                dbc.Col(dcc.Graph(id=ids.HC_RADAR, figure=figure, config=graph_config(displaylogo=False)), lg=6),
                dbc.Col([html.H2(_("Gaps between partners"), className="h5"),
                         dbc.Table([head, html.Tbody(rows)], id=ids.HC_GAPS, bordered=False, hover=True, size="sm",
                                   className="tm-hc-gaps"),
                         health_fair.beside_the_means(results, names)], lg=6),
            ],
            className="g-3",
        ),
        health_fair.diagnosis_view(db, map_id, round_, partnership, speaks_for),
        _change_view(db, map_id, round_, names),
        _actions_view(map_id, round_),
        html.Section([html.H2(_("Comments"), className="h5"),
                      *(comments or [html.P(_("No comments in this round."), className="tm-hc-empty")])],
                     className="tm-hc-section"),
    ]


def _export_links(map_id: int, round_id: int) -> dbc.ButtonGroup:
    base = f"/maps/{map_id}/health/{round_id}/results"
    links = [("csv", "bi-filetype-csv", _("Results (CSV)")), ("png", "bi-file-image", _("Chart (PNG)")),
             ("svg", "bi-filetype-svg", _("Chart (SVG)"))]
    return dbc.ButtonGroup(
        [dbc.Button([html.I(className=f"bi {icon} me-1"), label], href=f"{base}.{fmt}", external_link=True,
                    color="secondary", outline=True, size="sm", download="", className=f"tm-hc-export-{fmt}")
         for fmt, icon, label in links],
        id=ids.HC_EXPORT, size="sm",
    )


def _delta(value: float | None) -> html.Span:
    if value is None:
        return html.Span("—", className="text-secondary")
    if value > 0:
        return html.Span([html.I(className="bi bi-arrow-up-right me-1"), "+" + format_number(value, 1)], className="tm-hc-up")
    if value < 0:
        return html.Span([html.I(className="bi bi-arrow-down-right me-1"), format_number(value, 1)], className="tm-hc-down")
    return html.Span(format_number(0, 1), className="text-secondary")


def _change_view(db: Database, map_id: int, round_: Round, names: dict[str, str]) -> html.Section:
    """Per dimension, each partner's change of mean since the previous revealed round."""
    since = health.change_since_previous(db, map_id, round_.id, current_author())
    if since is None:
        body = [html.P(_("This is the first revealed round; the change shows from the next one."),
                       className="tm-hc-empty")]
        title = _("Change since the previous round")
    elif not since.changes:
        body = [html.P(_("“{round}” scored none of these dimensions.", round=since.previous.title),
                       className="tm-hc-empty")]
        title = _("Change since “{round}”", round=since.previous.title)
    else:
        title = _("Change since “{round}”", round=since.previous.title)
        head = html.Thead(html.Tr([html.Th(_("Dimension")), html.Th(_("Partner")), html.Th(since.previous.title),
                                   html.Th(round_.title), html.Th(_("Change"))]))
        rows = [html.Tr([html.Td(c.title), html.Td(names.get(c.partner, c.partner)), html.Td(_score(c.before)),
                         html.Td(_score(c.after)), html.Td(_delta(c.delta))], className="tm-hc-change-row")
                for c in since.changes]
        body = [dbc.Table([head, html.Tbody(rows)], id=ids.HC_CHANGE, bordered=False, hover=True, size="sm",
                          className="tm-hc-change")]
    return html.Section([html.H2(title, className="h5"), *body], className="tm-hc-section")


def _actions_view(map_id: int, round_: Round) -> html.Section:
    """What was done about this round's results, each linked to the map or the learning log."""
    if not round_.actions:
        items = [html.P(_("Nothing yet. Use “Act” on a gap to add an element to the map or a learning-log entry."),
                        className="tm-hc-empty")]
    else:
        dims = {d.key: d.title for d in round_.dimensions}
        health_tag = f"health-round-{round_.id}"
        rows = []
        for action in round_.actions:
            where = (html.A([html.I(className="bi bi-diagram-3 me-1"), _("on the map")],
                            href=f"/maps/{map_id}?select={action.ref}",
                            className="tm-hc-action-link")
                     if action.kind == "element" else
                     html.A([html.I(className="bi bi-journal-text me-1"), _("in the learning log")],
                            href=f"/maps/{map_id}/learning", className="tm-hc-action-link"))
            rows.append(html.Div([
                html.Div([html.Strong(action.label),
                          html.Span(" · " + _("from the gap on {dimension}", dimension=dims[action.dimension])
                                    if action.dimension in dims else ""),
                          html.Div(f"{action.by} · {format_datetime(action.at, 'short')} UTC"
                                   + (" · " + _("tag {tag}", tag=health_tag)
                                      if action.kind == "element" else ""),
                                   className="tm-hc-by")]),
                where,
            ], className="list-group-item d-flex justify-content-between align-items-center tm-hc-action",
                **{"data-kind": action.kind, "data-ref": action.ref}))
        items = [html.Div(rows, id=ids.HC_ACTIONS, className="list-group")]
    return html.Section([html.H2(_("Actions taken from this round"), className="h5"), *items], className="tm-hc-section")


def _score(value: float | None) -> str:
    return "—" if value is None else format_number(value, 1)


def trend_view(db: Database, map_id: int) -> object:
    """The trend chart: each partner's overall mean per revealed round."""
    who = current_author()
    points = health.trend(db, map_id, who)
    if not points:
        return html.P(_("The trend appears once a round has been revealed."), className="tm-hc-empty")
    partnership = maps.get_map(db, map_id, who=who)[1]
    partners = {p.id: p for p in partnership.everyone}
    figure = go.Figure()
    for partner in dict.fromkeys(p.partner for p in points):
        mine = [p for p in points if p.partner == partner]
        known = partners.get(partner)
        figure.add_trace(go.Scatter(
            x=[f"{p.round_title} (#{p.round_id})" for p in mine], y=[p.mean for p in mine], mode="lines+markers",
            name=known.name if known else partner, line={"color": known.colour if known else None, "width": 3},
        ))
    top = max([r.scale_top for r in health.rounds(db, map_id, who) if r.revealed] or [5])
    figure.update_layout(yaxis={"range": [0, top + 0.2], "title": _("Mean score")}, height=300,
                         margin={"l": 60, "r": 20, "t": 20, "b": 40}, legend={"orientation": "h", "y": -0.25})
    return dcc.Graph(figure=figure, config=graph_config(displaylogo=False), className="tm-hc-trend")


# --------------------------------------------------------------------------- callbacks


def _map_id(meta) -> int | None:
    value = meta.get("map_id") if isinstance(meta, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _round_id(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _bump(version) -> int:
    return (version if isinstance(version, int) else 0) + 1


def _done(text: str) -> dbc.Alert:
    return dbc.Alert([html.I(className="bi bi-check2-circle me-2"), text], color="success", dismissable=True,
                     duration=8000, className="mb-2")


def register_callbacks(app, db: Database) -> None:
    """Wire the health check page's callbacks onto this app instance."""

    health_fair.register_callbacks(app, db, _done, _bump)

    @app.callback(
        Output(ids.HC_BODY, "children"), Output(ids.HC_TREND, "children"),
        Input(ids.HC_ROUND, "value"), Input(ids.HC_VERSION, "data"), State(ids.HC_MAP, "data"),
    )
    def show_round(round_id, _version, meta):
        map_id = _map_id(meta)
        if map_id is None:
            return no_update, no_update
        try:
            body = round_view(db, map_id, round_id) if _round_id(round_id) is not None else [
                html.P(_("No rounds yet. A facilitator starts one."), className="tm-hc-empty")]
            return body, trend_view(db, map_id)
        except TocmapError as error:
            return error_alert(str(error), _("Not shown")), no_update

    @app.callback(
        Output(ids.HC_ROUND, "options"), Output(ids.HC_ROUND, "value"), Output(ids.HC_MESSAGE, "children"),
        Output(ids.HC_VERSION, "data"), Output(ids.HC_CUSTOM, "data", allow_duplicate=True),
        Input(ids.HC_START, "n_clicks"), State(ids.HC_START_TITLE, "value"), State(ids.HC_START_DIMS, "value"),
        State(ids.HC_MAP, "data"), State(ids.HC_VERSION, "data"), State(ids.HC_CUSTOM, "data"),
        prevent_initial_call=True,
    )
    def start_round(_clicks, title, keys, meta, version, custom):
        map_id = _map_id(meta)
        if map_id is None:
            return no_update, no_update, no_update, no_update, no_update
        try:
            round_ = health.start_round(db, map_id, title, keys or [], current_author(), custom=custom or [])
            options = round_options(health.rounds(db, map_id, current_author()))
        except TocmapError as error:
            return no_update, no_update, error_alert(str(error), _("Not started")), no_update, no_update
        return options, round_.id, _done(_("Started “{round}”. Members can answer now.", round=round_.title)), _bump(version), []

    @app.callback(
        Output(ids.HC_CUSTOM, "data"), Output(ids.HC_MESSAGE, "children", allow_duplicate=True),
        Output(ids.HC_CUSTOM_TITLE, "value"), Output(ids.HC_CUSTOM_STATEMENT, "value"),
        Output(ids.HC_CUSTOM_NAMES, "value"),
        Input(ids.HC_CUSTOM_ADD, "n_clicks"), Input({"type": ids.HC_CUSTOM_REMOVE, "index": ALL}, "n_clicks"),
        State(ids.HC_CUSTOM_TITLE, "value"), State(ids.HC_CUSTOM_STATEMENT, "value"),
        State(ids.HC_CUSTOM_POINTS, "value"), State(ids.HC_CUSTOM_NAMES, "value"), State(ids.HC_CUSTOM, "data"),
        prevent_initial_call=True,
    )
    def edit_custom(_clicks, removes, title, statement, points, names, custom):
        custom = [c for c in custom if isinstance(c, dict)] if isinstance(custom, list) else []
        trigger = ctx.triggered_id
        if isinstance(trigger, dict) and trigger.get("type") == ids.HC_CUSTOM_REMOVE:
            index = trigger.get("index")
            if not any(removes or []) or not isinstance(index, int) or not 0 <= index < len(custom):
                return no_update, no_update, no_update, no_update, no_update
            return custom[:index] + custom[index + 1:], None, no_update, no_update, no_update
        try:
            entry = added_dimension(title, statement, points, names, custom)
        except TocmapError as error:
            return no_update, error_alert(str(error), _("Not added")), no_update, no_update, no_update
        return [*custom, entry], None, "", "", ""

    @app.callback(Output(ids.HC_CUSTOM_LIST, "children"), Input(ids.HC_CUSTOM, "data"))
    def show_custom(custom):
        return custom_list([c for c in custom if isinstance(c, dict)] if isinstance(custom, list) else [])

    @app.callback(
        Output(ids.HC_ACT_MODAL, "is_open"), Output(ids.HC_ACT_DIM, "data"), Output(ids.HC_ACT_LABEL, "value"),
        Output(ids.HC_ACT_TEXT, "value"), Output(ids.HC_ACT_MESSAGE, "children"), Output(ids.HC_ACT_TITLE, "children"),
        Input({"type": ids.HC_ACT, "dim": ALL}, "n_clicks"), Input(ids.HC_ACT_CANCEL, "n_clicks"),
        State(ids.HC_ROUND, "value"), State(ids.HC_MAP, "data"),
        prevent_initial_call=True,
    )
    def open_act(clicks, _cancel, round_id, meta):
        trigger = ctx.triggered_id
        if trigger == ids.HC_ACT_CANCEL:
            return False, None, no_update, no_update, None, no_update
        if not isinstance(trigger, dict) or not any(clicks or []):
            return no_update, no_update, no_update, no_update, no_update, no_update
        key = trigger.get("dim")
        title = _dimension_title(db, _map_id(meta), _round_id(round_id), key)
        label = _("A named joint goal") if key == "joint_purpose" else _("A shared view of {dimension}",
                                                                         dimension=title.lower())
        return (True, key, label[:LABEL_MAX], _("The partners see {dimension} differently: ", dimension=title.lower()),
                None, _("Turn the gap on {dimension} into action", dimension=title))

    @app.callback(
        Output(ids.HC_ACT_MODAL, "is_open", allow_duplicate=True),
        Output(ids.HC_ACT_MESSAGE, "children", allow_duplicate=True),
        Output(ids.HC_MESSAGE, "children", allow_duplicate=True), Output(ids.HC_VERSION, "data", allow_duplicate=True),
        Input(ids.HC_ACT_SAVE, "n_clicks"), State(ids.HC_ACT_WHAT, "value"), State(ids.HC_ACT_KIND, "value"),
        State(ids.HC_ACT_LABEL, "value"), State(ids.HC_ACT_TEXT, "value"), State(ids.HC_ACT_DIM, "data"),
        State(ids.HC_ROUND, "value"), State(ids.HC_MAP, "data"), State(ids.HC_VERSION, "data"),
        prevent_initial_call=True,
    )
    def save_act(clicks, what, kind, label, text, key, round_id, meta, version):
        map_id, round_id = _map_id(meta), _round_id(round_id)
        if map_id is None or round_id is None or not clicks:
            return no_update, no_update, no_update, no_update
        try:
            if key is not None and not isinstance(key, str):
                raise InvalidInput(_("Choose the gap to act on from the table."))
            if what == "learning":
                action = health.record_learning_from_gap(db, map_id, round_id, key, text, "reflection",
                                                         current_author())
                done = _done(_("Wrote a learning-log entry from this round: “{text}”.", text=action.label[:80]))
            elif what == "element":
                action, _element = health.add_element_from_gap(db, map_id, round_id, key, kind, label, current_author())
                tag = f"health-round-{round_id}"
                done = _done(_("Added “{label}” to the map, tagged {tag}.", label=action.label, tag=tag))
            else:
                raise InvalidInput(_("Choose a map element or a learning-log entry."))
        except TocmapError as error:
            return no_update, error_alert(str(error), _("Not created")), no_update, no_update
        return False, None, done, _bump(version)

    app.clientside_callback(
        """function (what) {
            const element = what !== "learning";
            return [{display: element ? "block" : "none"}, {display: element ? "none" : "block"}];
        }""",
        Output(ids.HC_ACT_ELEMENT, "style"), Output(ids.HC_ACT_LEARNING, "style"), Input(ids.HC_ACT_WHAT, "value"),
    )

    @app.callback(
        Output(ids.HC_MESSAGE, "children", allow_duplicate=True), Output(ids.HC_VERSION, "data", allow_duplicate=True),
        Input(ids.HC_SAVE, "n_clicks"),
        State({"type": ids.HC_SCORE, "dim": ALL}, "value"), State({"type": ids.HC_COMMENT, "dim": ALL}, "value"),
        State(ids.HC_ROUND, "value"), State(ids.HC_MAP, "data"), State(ids.HC_VERSION, "data"),
        prevent_initial_call=True,
    )
    def save_answer(clicks, _scores, _comments, round_id, meta, version):
        map_id, round_id = _map_id(meta), _round_id(round_id)
        if map_id is None or round_id is None or not clicks:
            return no_update, no_update
        scores, comments = _by_dimension(0), _by_dimension(1)
        try:
            health.answer(db, map_id, round_id, scores, comments, current_author())
        except TocmapError as error:
            return error_alert(str(error), _("Not saved")), no_update
        return _done(_("Saved your answer. You can change it until the facilitator reveals the round.")), _bump(version)

    @app.callback(
        Output(ids.HC_MESSAGE, "children", allow_duplicate=True), Output(ids.HC_VERSION, "data", allow_duplicate=True),
        Output(ids.HC_ROUND, "options", allow_duplicate=True),
        Input(ids.HC_REVEAL, "n_clicks"), State(ids.HC_ROUND, "value"), State(ids.HC_MAP, "data"),
        State(ids.HC_VERSION, "data"),
        prevent_initial_call=True,
    )
    def reveal_round(clicks, round_id, meta, version):
        map_id, round_id = _map_id(meta), _round_id(round_id)
        if map_id is None or round_id is None or not clicks:
            return no_update, no_update, no_update
        try:
            round_ = health.reveal(db, map_id, round_id, current_author())
            options = round_options(health.rounds(db, map_id, current_author()))
        except TocmapError as error:
            return error_alert(str(error), _("Not revealed")), no_update, no_update
        return _done(_("Revealed “{round}”: everyone on the map sees the results now.", round=round_.title)), _bump(version), options


def added_dimension(title, statement, points, names, custom: list[dict]) -> dict:
    """A facilitator's own dimension from the form, checked against those already added."""
    if len(custom) >= DIMENSIONS_MAX:
        raise InvalidInput(_("A round has at most {count} dimensions.", count=DIMENSIONS_MAX))
    taken = {d.key for d in DEFAULT_DIMENSIONS}
    for entry in custom:
        taken.add(custom_dimension(entry.get("title"), entry.get("statement", ""), entry.get("points", 5),
                                   taken=taken).key)
    named = names.strip() if isinstance(names, str) else ""
    if named:
        given = [n for n in (part.strip() for part in named.split(",")) if n]
        count = points if isinstance(points, int) and not isinstance(points, bool) else None
        if count is not None and count != len(given):
            raise InvalidInput(_("You gave {count} points but named {named}; name every point, or none.",
                                  count=count, named=len(given)))
        scale: object = given
    else:
        scale = points if points not in (None, "") else 5
    dimension = custom_dimension(title, statement or "", scale, taken=taken)
    titles = {entry.get("title", "").casefold() for entry in custom}
    if dimension.title.casefold() in titles:
        raise InvalidInput(_("You already added a dimension called “{title}”.", title=dimension.title))
    return {"title": dimension.title, "statement": dimension.statement, "points": dimension.points}


def _dimension_title(db: Database, map_id: int | None, round_id: int | None, key) -> str:
    if map_id is None or round_id is None or not isinstance(key, str):
        return _("this dimension")
    try:
        found = {r.id: r for r in health.rounds(db, map_id, current_author())}.get(round_id)
    except TocmapError:
        return _("this dimension")
    dimension = found.dimension(key) if found else None
    return dimension.title if dimension else _("this dimension")


def _by_dimension(position: int) -> dict:
    """A pattern-matched state (scores or comments) as {dimension key: value}, from what was sent."""
    states = ctx.states_list[position] if len(ctx.states_list) > position else []
    found = {}
    for entry in states if isinstance(states, list) else []:
        key = entry.get("id", {}).get("dim") if isinstance(entry, dict) and isinstance(entry.get("id"), dict) else None
        if isinstance(key, str):
            found[key] = entry.get("value")
    return found
