"""The partnership health check page: rounds, private answers, the reveal and its results.

Before reveal each member sees only their own answer form (and facilitators see who has
answered); after reveal everyone on the map sees a spider chart with one shape per
partner, the gaps between partners (largest first) and the comments. Every callback goes
through :mod:`tocmap.services.health`, which decides who may see what.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.adapters.database import Database
from tocmap.domain.errors import TocmapError
from tocmap.domain.health import COMMENT_MAX, DEFAULT_DIMENSIONS, DIMENSIONS_MIN, Dimension, Round
from tocmap.domain.model import LABEL_MAX, Partnership
from tocmap.services import accounts, health, maps
from tocmap.ui import ids
from tocmap.ui.auth import current_author
from tocmap.ui.components import error_alert


# --------------------------------------------------------------------------- layout


def layout(db: Database, map_id: int) -> html.Div:
    who = current_author()
    _, partnership, state = maps.get_map(db, map_id, who=who)
    rounds = health.rounds(db, map_id, who)
    manage = health.may_manage(db, map_id, who)
    return html.Div(
        [
            dcc.Store(id=ids.HC_MAP, data={"map_id": map_id}),
            dcc.Store(id=ids.HC_VERSION, data=0),
            _header(map_id, state.title, partnership),
            html.Div(id=ids.HC_MESSAGE, className="tm-hc-message", role="status"),
            _start_form() if manage else None,
            html.Div(
                [
                    dbc.Label("Round", html_for=ids.HC_ROUND, className="fw-semibold mb-0"),
                    dcc.Dropdown(id=ids.HC_ROUND, options=round_options(rounds),
                                 value=rounds[-1].id if rounds else None, clearable=False,
                                 placeholder="No rounds yet", className="tm-hc-round-picker"),
                ],
                className="tm-hc-picker",
            ),
            html.Div(id=ids.HC_BODY, className="tm-hc-body"),
            html.Section([html.H2("Across rounds", className="h5"), html.Div(id=ids.HC_TREND)],
                         className="tm-hc-section"),
        ],
        className="tm-hc-page",
    )


def _header(map_id: int, title: str, partnership: Partnership) -> html.Div:
    badges = [dbc.Badge(p.name, color="light", text_color="dark", className="me-1 tm-partner")
              for p in partnership.partners]
    return html.Div(
        [
            html.A([html.I(className="bi bi-arrow-left me-1"), "Back to the map"], href=f"/maps/{map_id}",
                   className="tm-back"),
            html.Div("Partnership health check", className="tm-hc-eyebrow"),
            html.H1(title, className="h4 mb-1"),
            html.Div(badges),
            html.P("Each partner scores the relationship privately. Nobody sees another partner's answers until "
                   "the facilitator reveals the round; then the chart shows where the partners' views differ.",
                   className="tm-hc-hint"),
        ],
        className="tm-hc-head",
    )


def _start_form() -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Start a round", className="h6"),
                dbc.Row(
                    [
                        dbc.Col([dbc.Label("Name", html_for=ids.HC_START_TITLE),
                                 dbc.Input(id=ids.HC_START_TITLE, maxLength=LABEL_MAX,
                                           placeholder="e.g. March workshop")], md=4),
                        dbc.Col([dbc.Label("Dimensions to score"),
                                 dbc.Checklist(id=ids.HC_START_DIMS, inline=True,
                                               options=[{"label": d.title, "value": d.key} for d in DEFAULT_DIMENSIONS],
                                               value=[d.key for d in DEFAULT_DIMENSIONS]),
                                 dbc.FormText(f"At least {DIMENSIONS_MIN}: the spider chart needs three axes.")], md=8),
                    ],
                    className="g-3",
                ),
                dbc.Button([html.I(className="bi bi-play-fill me-1"), "Start the round"], id=ids.HC_START,
                           color="primary", size="sm", className="mt-2"),
            ]
        ),
        className="tm-hc-start mb-3",
    )


def round_options(rounds: list[Round]) -> list[dict]:
    """Dropdown options, newest round first."""
    return [{"label": f"{r.title} · {'revealed' if r.revealed else 'open for answers'}", "value": r.id}
            for r in reversed(rounds)]


# --------------------------------------------------------------------------- a round


def round_view(db: Database, map_id: int, round_id: int) -> list:
    """What the page shows of one round for the signed-in person."""
    who = current_author()
    found = {r.id: r for r in health.rounds(db, map_id, who)}
    round_ = found.get(round_id)
    if round_ is None:
        return [html.P("Choose a round.", className="tm-hc-empty")]
    partnership = maps.get_map(db, map_id, who=who)[1]
    names = {p.id: p.short_name or p.name for p in partnership.partners}
    if round_.revealed:
        return _results(db, map_id, round_, partnership)
    return _open_round(db, map_id, round_, names)


def _open_round(db: Database, map_id: int, round_: Round, names: dict[str, str]) -> list:
    who = current_author()
    counts = health.answered_count(db, map_id, round_.id, who)
    so_far = ", ".join(f"{names.get(p, p)} {n}" for p, n in counts.items()) or "none yet"
    parts = [html.P([html.Strong(round_.title), f" · started by {round_.started_by} · answers so far: {so_far}"],
                    className="tm-hc-status")]
    if health.may_manage(db, map_id, who):
        answered = health.answers(db, map_id, round_.id, who)
        parts.append(html.Div(
            [html.Span("Answered: " + (", ".join(f"{a.user_name} ({names.get(a.partner, a.partner)})"
                                                  for a in answered) or "nobody yet"), className="me-3"),
             dbc.Button([html.I(className="bi bi-eye me-1"), "Reveal the answers"], id=ids.HC_REVEAL,
                        color="warning", size="sm", disabled=not answered)],
            className="tm-hc-facilitator",
        ))
    me = accounts.membership_of(db, map_id, who)
    if me is None or me.partner is None:
        parts.append(html.P("You do not speak for a partner on this map, so you do not answer this round.",
                            className="tm-hc-empty"))
        return parts
    mine = health.my_answer(db, map_id, round_.id, who)
    parts.append(html.H2(f"Your answer for {names.get(me.partner, me.partner)}", className="h5 mt-3"))
    parts.append(html.P("How do you see the partnership? Only your partner's members and the facilitator see your "
                        "answer before the reveal; you can change it until then.", className="tm-hc-hint"))
    parts += [_dimension_card(d, mine.scores.get(d.key) if mine else None, mine.comments.get(d.key, "") if mine else "")
              for d in round_.dimensions]
    parts.append(dbc.Button([html.I(className="bi bi-check2 me-1"), "Save my answer"], id=ids.HC_SAVE,
                            color="primary"))
    return parts


def _dimension_card(d: Dimension, score: int | None, comment: str) -> html.Div:
    options = [{"label": f"{n} · {d.point_name(n)}", "value": n} for n in range(d.scale_min, d.scale_max + 1)]
    return html.Div(dbc.Card(
        dbc.CardBody(
            [
                html.H3(d.title, className="h6 mb-1"),
                html.P(d.statement, className="tm-hc-statement"),
                dbc.RadioItems(id={"type": ids.HC_SCORE, "dim": d.key}, options=options, value=score, inline=True,
                               className="tm-hc-scale"),
                dbc.Textarea(id={"type": ids.HC_COMMENT, "dim": d.key}, value=comment, maxLength=COMMENT_MAX,
                             rows=2, placeholder="Comment (optional): why this score?", className="mt-2"),
            ]
        ),
        className="tm-hc-dim mb-2",
    ), **{"data-dim": d.key})


def radar_figure(round_: Round, means: dict[str, dict[str, float]], partnership: Partnership) -> go.Figure:
    """The spider chart: one closed shape per partner over the round's dimensions."""
    partners = {p.id: p for p in partnership.partners}
    titles = [d.title for d in round_.dimensions]
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
        margin={"l": 80, "r": 80, "t": 30, "b": 30}, legend={"orientation": "h", "y": -0.08},
    )
    return figure


def _results(db: Database, map_id: int, round_: Round, partnership: Partnership) -> list:
    who = current_author()
    results = health.results(db, map_id, round_.id, who)
    names = {p.id: p.short_name or p.name for p in partnership.partners}
    partners = list(results.means)
    head = html.Thead(html.Tr([html.Th("Dimension"), *[html.Th(names.get(p, p)) for p in partners],
                               html.Th("Gap"), html.Th("Sees it higher")]))
    rows = [html.Tr([html.Td(g.title), *[html.Td(_score(g.means.get(p))) for p in partners],
                     html.Td(_score(g.gap), className="tm-hc-gap" + (" tm-hc-gap-wide" if g.gap >= 1 else "")),
                     html.Td(names.get(g.highest, g.highest) if g.highest else "—")],
                    className="tm-hc-gap-row")
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
        html.P([html.Strong(round_.title), f" · revealed by {round_.revealed_by} · "
                f"{len(results.answers)} answers"], className="tm-hc-status"),
        dbc.Row(
            [
                dbc.Col(dcc.Graph(id=ids.HC_RADAR, figure=radar_figure(round_, results.means, partnership),
                                  config={"displaylogo": False}), lg=6),
                dbc.Col([html.H2("Gaps between partners", className="h5"),
                         dbc.Table([head, html.Tbody(rows)], id=ids.HC_GAPS, bordered=False, hover=True, size="sm",
                                   className="tm-hc-gaps")], lg=6),
            ],
            className="g-3",
        ),
        html.Section([html.H2("Comments", className="h5"),
                      *(comments or [html.P("No comments in this round.", className="tm-hc-empty")])],
                     className="tm-hc-section"),
    ]


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def trend_view(db: Database, map_id: int) -> object:
    """The trend chart: each partner's overall mean per revealed round."""
    who = current_author()
    points = health.trend(db, map_id, who)
    if not points:
        return html.P("The trend appears once a round has been revealed.", className="tm-hc-empty")
    partnership = maps.get_map(db, map_id, who=who)[1]
    partners = {p.id: p for p in partnership.partners}
    figure = go.Figure()
    for partner in dict.fromkeys(p.partner for p in points):
        mine = [p for p in points if p.partner == partner]
        known = partners.get(partner)
        figure.add_trace(go.Scatter(
            x=[f"{p.round_title} (#{p.round_id})" for p in mine], y=[p.mean for p in mine], mode="lines+markers",
            name=known.name if known else partner, line={"color": known.colour if known else None, "width": 3},
        ))
    figure.update_layout(yaxis={"range": [0, 5.2], "title": "Mean score"}, height=300,
                         margin={"l": 60, "r": 20, "t": 20, "b": 40}, legend={"orientation": "h", "y": -0.25})
    return dcc.Graph(figure=figure, config={"displaylogo": False}, className="tm-hc-trend")


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
                html.P("No rounds yet. A facilitator starts one.", className="tm-hc-empty")]
            return body, trend_view(db, map_id)
        except TocmapError as error:
            return error_alert(str(error), "Not shown"), no_update

    @app.callback(
        Output(ids.HC_ROUND, "options"), Output(ids.HC_ROUND, "value"), Output(ids.HC_MESSAGE, "children"),
        Output(ids.HC_VERSION, "data"),
        Input(ids.HC_START, "n_clicks"), State(ids.HC_START_TITLE, "value"), State(ids.HC_START_DIMS, "value"),
        State(ids.HC_MAP, "data"), State(ids.HC_VERSION, "data"),
        prevent_initial_call=True,
    )
    def start_round(_, title, keys, meta, version):
        map_id = _map_id(meta)
        if map_id is None:
            return no_update, no_update, no_update, no_update
        try:
            round_ = health.start_round(db, map_id, title, keys or [], current_author())
            options = round_options(health.rounds(db, map_id, current_author()))
        except TocmapError as error:
            return no_update, no_update, error_alert(str(error), "Not started"), no_update
        return options, round_.id, _done(f"Started “{round_.title}”. Members can answer now."), _bump(version)

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
            return error_alert(str(error), "Not saved"), no_update
        return _done("Saved your answer. You can change it until the facilitator reveals the round."), _bump(version)

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
            return error_alert(str(error), "Not revealed"), no_update, no_update
        return _done(f"Revealed “{round_.title}”: everyone on the map sees the results now."), _bump(version), options


def _by_dimension(position: int) -> dict:
    """A pattern-matched state (scores or comments) as {dimension key: value}, from what was sent."""
    states = ctx.states_list[position] if len(ctx.states_list) > position else []
    found = {}
    for entry in states if isinstance(states, list) else []:
        key = entry.get("id", {}).get("dim") if isinstance(entry, dict) and isinstance(entry.get("id"), dict) else None
        if isinstance(key, str):
            found[key] = entry.get("value")
    return found
