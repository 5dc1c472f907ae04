"""The fairer parts of the health check page: what a mean hides, voices without names, a shared diagnosis.

Beside a round's results: the independent assessors' scores (a column of their own, a dashed
shape on the chart), how many answered "don't know" or "not applicable", where the members of
one partner split, anonymous comments, and the diagnosis every partner agrees. While a round
is open: the anonymous comment box, with how many there are so far (never who). Every
callback goes through :mod:`tocmap.services.health`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, html, no_update

from tocmap.adapters.health_export import wrap_label
from tocmap.domain.errors import TocmapError
from tocmap.domain.health import (
    COMMENT_MAX,
    DEFAULT_DIMENSIONS,
    DIAGNOSIS_MAX,
    NOT_SCORED,
    Round,
)
from tocmap.domain.review_points import KINDS as REVIEW_KINDS
from tocmap.domain.review_points import LINE_MEANINGS
from tocmap.i18n import N_, _, format_number, format_percent, ngettext
from tocmap.services import health, review_points
from tocmap.ui import ids
from tocmap.ui.auth import current_author
from tocmap.ui.components import error_alert

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database
    from tocmap.domain.model import Partnership

ASSESSOR = N_("Independent assessor")
ASSESSOR_COLOUR = "#495057"


def not_scored_options() -> list[dict]:
    """The answers beside the scale: "Don't know", "Not applicable"."""
    return [{"label": label, "value": key} for key, label in NOT_SCORED.items()]


def assessor_trace(round_: Round, means: dict[str, float]) -> go.Scatterpolar | None:
    """The assessors' means as a dashed outline on the spider chart (None without an assessor)."""
    if not means:
        return None
    titles = ["<br>".join(wrap_label(d.title)) for d in round_.dimensions]
    r = [means.get(d.key) for d in round_.dimensions]
    return go.Scatterpolar(r=r + r[:1], theta=titles + titles[:1], name=_(ASSESSOR), fill="none",
                           line={"color": ASSESSOR_COLOUR, "width": 2, "dash": "dash"},
                           hovertemplate="%{theta}: %{r}<extra>" + _(ASSESSOR) + "</extra>")


def anonymous_box(db: Database, map_id: int, round_: Round) -> html.Section:
    """While a round is open: write a comment that names nobody; the count so far."""
    count = health.anonymous_count(db, map_id, round_.id, current_author())
    options = [{"label": _("The round as a whole"), "value": ""}] + [
        {"label": d.title, "value": d.key} for d in round_.dimensions]
    return html.Section([
        html.H2(_("Say it without your name"), className="h5"),
        html.P(_("An anonymous comment: nobody, not even the facilitator, can see who wrote it. Everyone reads it "
                 "after the reveal."), className="tm-hc-hint"),
        dbc.Row([
            dbc.Col(dbc.Select(id=ids.HC_ANON_DIM, options=options, value="", size="sm"), md=3),
            dbc.Col(dbc.Textarea(id=ids.HC_ANON_TEXT, rows=2, maxLength=COMMENT_MAX, size="sm",
                                 placeholder=_("What is hard to say with your name on it?")), md=7),
            dbc.Col(dbc.Button([html.I(className="bi bi-incognito me-1"), _("Add anonymously")], id=ids.HC_ANON_ADD,
                               color="secondary", outline=True, size="sm"), md=2),
        ], className="g-2"),
        html.Div(ngettext("{n} anonymous comment so far.", "{n} anonymous comments so far.", count),
                 id=ids.HC_ANON_COUNT,
                 className="tm-hc-by mt-1"),
    ], className="tm-hc-section tm-hc-anonymous")


def beside_the_means(results: health.Results, names: dict[str, str]) -> html.Div:
    """What the means hide: answers that are not scores, splits inside a partner, the assessors' comments."""
    dims = {d.key: d.title for d in results.round.dimensions}
    parts = []
    unsure = [html.Li(_("{partner} on {dimension}: {counts}", partner=names.get(p, _(ASSESSOR)),
                        dimension=dims.get(k, k),
                        counts=", ".join(f"{n} {NOT_SCORED[what].lower()}" for what, n in counts.items())))
              for p, per in results.not_scored.items() for k, counts in per.items()]
    if unsure:
        parts += [html.H3(_("Not scored (kept out of the means)"), className="h6 mt-2"), html.Ul(unsure)]
    splits = [html.Li([_("{partner} on {dimension}: from {lowest} to {highest}", partner=names.get(p, p),
                         dimension=dims.get(k, k), lowest=s.lowest, highest=s.highest), " ",
                       html.Span(ngettext("({n} answer)", "({n} answers)", s.count), className="tm-hc-by")],
                      className="tm-hc-split-wide" if s.width >= 2 else None)
              for p, per in results.spreads.items() for k, s in per.items()]
    if splits:
        parts += [html.H3(_("Spread inside each partner"), className="h6 mt-2"), html.Ul(splits)]
    said = [html.Li([f"{dims.get(k, k)}: “{text}” ", html.Span(f"— {_(ASSESSOR).lower()} {a.user_name}",
                                                              className="tm-hc-by")])
            for a in results.assessors for k, text in a.comments.items()]
    if said:
        parts += [html.H3(_("The independent assessor's comments"), className="h6 mt-2"), html.Ul(said)]
    if results.anonymous:
        parts += [html.H3(_("Anonymous comments"), className="h6 mt-2"),
                  html.Ul([html.Li([f"“{c.text}” ", html.Span("— " + (_("on {dimension}", dimension=dims[c.dimension]) if c.dimension in dims
                                                                    else _("on the round")),
                                                             className="tm-hc-by")]) for c in results.anonymous])]
    return html.Div(parts, id=ids.HC_FAIR, className="tm-hc-fair")


def diagnosis_view(db: Database, map_id: int, round_: Round, partnership: Partnership, speaks_for: str | None
                   ) -> html.Section:
    """The round's diagnosis: the facilitator writes it, each partner agrees it."""
    who = current_author()
    diagnosis, partners = round_.diagnosis, [p for p in partnership.partners]
    body = []
    if diagnosis.text:
        stands = [html.Span([html.I(className="bi bi-check-circle-fill me-1" if p.id in diagnosis.agreed_by
                                    else "bi bi-circle me-1"), p.short_name or p.name],
                            className="me-3 " + ("tm-hc-agreed" if p.id in diagnosis.agreed_by else "tm-hc-pending"))
                  for p in partners]
        verdict = (_("Agreed by every partner.") if diagnosis.agreed([p.id for p in partners])
                   else _("Not yet agreed by every partner."))
        body += [html.Blockquote(diagnosis.text, className="tm-hc-diagnosis-text"),
                 html.Div([*stands, html.Strong(verdict, className="ms-1")], className="mb-2")]
        if speaks_for:
            agreed = speaks_for in diagnosis.agreed_by
            body.append(dbc.Button(_("Withdraw our agreement") if agreed else _("Agree for my partner"),
                                   id={"type": ids.HC_DIAGNOSIS_AGREE, "how": "withdraw" if agreed else "agree"},
                                   color="secondary" if agreed else "success", outline=agreed, size="sm",
                                   className="me-2"))
    else:
        body.append(html.P(_("No diagnosis yet. The facilitator writes what the partners make of this round; "
                             "every partner then agrees it."), className="tm-hc-empty"))
    if health.may_manage(db, map_id, who):
        body += [dbc.Textarea(id=ids.HC_DIAGNOSIS_TEXT, value=diagnosis.text, rows=3, maxLength=DIAGNOSIS_MAX,
                              className="mt-2", placeholder=_("What do the partners make of this round, together?")),
                 dbc.Button(_("Save the diagnosis"), id=ids.HC_DIAGNOSIS_SAVE, color="primary", size="sm",
                            className="mt-1"),
                 dbc.FormText(" " + _("A changed diagnosis needs every partner's agreement again."))]
    return html.Section([html.H2(_("Diagnosis"), className="h5"), *body], id=ids.HC_DIAGNOSIS, className="tm-hc-section")


def review_section(manage: bool) -> html.Section:
    """Review points: the partnership's criteria for review or exit; drawn by a callback."""
    form = html.Div([
        dbc.Row([
            _labelled(dbc.Input(id=ids.HC_REVIEW_TITLE, size="sm", maxLength=200,
                                placeholder=_("e.g. Power balance falls below 2.5")), _("Review point"), 4),
            _labelled(dbc.Select(id=ids.HC_REVIEW_KIND, size="sm", value="health_below",
                                 options=[{"label": _(v), "value": k} for k, v in REVIEW_KINDS.items()]),
                      _("Kind of review point"), 3),
            _labelled(dbc.Input(id=ids.HC_REVIEW_LINE, size="sm", placeholder=_(LINE_MEANINGS["health_below"])),
                      _(LINE_MEANINGS["health_below"]), 2, ids.HC_REVIEW_LINE_LABEL),
            _labelled(dbc.Select(id=ids.HC_REVIEW_DIM, size="sm", value="",
                                 options=[{"label": _("Overall score"), "value": ""}]
                                 + [{"label": d.title, "value": d.key} for d in DEFAULT_DIMENSIONS]),
                      _("Dimension"), 2),
            dbc.Col(dbc.Button(_("Add"), id=ids.HC_REVIEW_ADD, size="sm", color="primary"), md=1),
        ], className="g-2"),
        dbc.FormText(_(LINE_MEANINGS["health_below"]), id=ids.HC_REVIEW_LINE_HINT),
    ], className="mt-2") if manage else None
    return html.Section([
        html.H2(_("Review points"), className="h5"),
        html.P(_("The partnership's own criteria for re-evaluating or walking away. tocmap watches them and shows "
                 "a finding when one is met."), className="tm-hc-hint"),
        html.Div(id=ids.HC_REVIEW_MESSAGE), html.Div(id=ids.HC_REVIEW), form,
    ], className="tm-hc-section tm-hc-review")


def _labelled(field, label: str, width: int, label_id: str | None = None) -> dbc.Col:
    """A form column whose field is named for screen readers, the name itself hidden on screen (``label_id``:
    for a name a callback changes)."""
    named = {"id": label_id} if label_id else {}
    return dbc.Col([dbc.Label(label, html_for=field.id, className="visually-hidden", **named), field], md=width)


def line_meaning(kind: object) -> tuple[str, bool]:
    """What the line means for a kind of review point, and whether the dimension is out of play.

    >>> line_meaning("decision_overdue")
    ('Line: days a decision may stay open, such as 30', True)
    >>> line_meaning(["forged"])
    ('Line: a score, such as 2.5', False)
    """
    kind = kind if isinstance(kind, str) and kind in LINE_MEANINGS else "health_below"
    return _(LINE_MEANINGS[kind]), kind != "health_below"


def shown_line(kind: str, line: float) -> str:
    """A review point's line as the list shows it: "2.5", "50%", "30 days".

    >>> shown_line("delivery_below", 50.0), shown_line("decision_overdue", 30.0)
    ('50%', '30 days')
    """
    if kind == "delivery_below":
        return format_percent(line / 100)
    if kind == "decision_overdue":
        return ngettext("{n} day", "{n} days", round(line), n=format_number(line))
    return format_number(line)


def _review_list(db: Database, map_id: int, manage: bool) -> list:
    who = current_author()
    points = review_points.listing(db, map_id, who)
    if not points:
        return [html.P(_("No review points yet."), className="tm-hc-empty")]
    met = {f.point.id: f for f in review_points.findings(db, map_id, who)}
    items = []
    for point in points:
        finding = met.get(point.id)
        line = shown_line(point.kind, point.line)
        items.append(html.Div([
            html.Div([
                html.Strong(point.title), html.Span(f" · {_(REVIEW_KINDS[point.kind]).lower()}: {line}",
                                                    className="tm-hc-by"),
                html.Ul([html.Li(fact) for fact in finding.facts], className="tm-hc-finding mb-0")
                if finding else html.Div(_("Not met."), className="tm-hc-by"),
            ]),
            dbc.Button(html.I(className="bi bi-x-lg"), id={"type": ids.HC_REVIEW_REMOVE, "id": point.id},
                       color="link", size="sm") if manage else None,
        ], className="list-group-item d-flex justify-content-between tm-hc-review-point"
                     + (" list-group-item-danger tm-hc-review-met" if finding else "")))
    return [html.Div(items, className="list-group")]


def register_callbacks(app, db: Database, done, bump) -> None:
    """Wire the anonymous comment box, the diagnosis and the review points; ``done`` and ``bump`` are the
    page's message and redraw helpers."""

    @app.callback(
        Output(ids.HC_REVIEW, "children"), Output(ids.HC_REVIEW_MESSAGE, "children"),
        Input(ids.HC_VERSION, "data"), Input(ids.HC_REVIEW_ADD, "n_clicks"),
        Input({"type": ids.HC_REVIEW_REMOVE, "id": ALL}, "n_clicks"),
        State(ids.HC_REVIEW_TITLE, "value"), State(ids.HC_REVIEW_KIND, "value"), State(ids.HC_REVIEW_LINE, "value"),
        State(ids.HC_REVIEW_DIM, "value"), State(ids.HC_MAP, "data"),
    )
    def show_review(_clicks, __, removals, title, kind, line, dimension, meta):
        map_id, trigger, message = meta.get("map_id") if isinstance(meta, dict) else None, ctx.triggered_id, None
        if not _whole(map_id):
            return no_update, no_update
        who = current_author()
        try:
            if trigger == ids.HC_REVIEW_ADD:
                point = review_points.add(db, map_id, title, kind, line, dimension if kind == "health_below" else
                                          None, who)
                message = done(_("Added the review point “{title}”.", title=point.title))
            elif isinstance(trigger, dict) and any(removals or []):
                review_points.remove(db, map_id, trigger.get("id"), who)
        except TocmapError as error:
            message = error_alert(str(error), _("Not saved"))
        return _review_list(db, map_id, health.may_manage(db, map_id, who)), message

    @app.callback(
        Output(ids.HC_REVIEW_LINE, "placeholder"), Output(ids.HC_REVIEW_LINE_LABEL, "children"),
        Output(ids.HC_REVIEW_LINE_HINT, "children"), Output(ids.HC_REVIEW_DIM, "disabled"),
        Input(ids.HC_REVIEW_KIND, "value"), prevent_initial_call=True,
    )
    def explain_line(kind):
        """Name the line for the kind chosen; a dimension is for health scores only."""
        meaning, no_dimension = line_meaning(kind)
        return meaning, meaning, meaning, no_dimension

    @app.callback(
        Output(ids.HC_MESSAGE, "children", allow_duplicate=True), Output(ids.HC_VERSION, "data", allow_duplicate=True),
        Input(ids.HC_ANON_ADD, "n_clicks"), State(ids.HC_ANON_DIM, "value"), State(ids.HC_ANON_TEXT, "value"),
        State(ids.HC_ROUND, "value"), State(ids.HC_MAP, "data"), State(ids.HC_VERSION, "data"),
        prevent_initial_call=True,
    )
    def add_anonymous(clicks, dimension, text, round_id, meta, version):
        map_id = meta.get("map_id") if isinstance(meta, dict) else None
        if not clicks or not _whole(map_id) or not _whole(round_id):
            return no_update, no_update
        try:
            health.comment_anonymously(db, map_id, round_id, dimension or None, text, current_author())
        except TocmapError as error:
            return error_alert(str(error), _("Not added")), no_update
        return done(_("Added your comment, without your name.")), bump(version)

    @app.callback(  # the text box is there for facilitators only, so saving and agreeing are two callbacks
        Output(ids.HC_MESSAGE, "children", allow_duplicate=True), Output(ids.HC_VERSION, "data", allow_duplicate=True),
        Input(ids.HC_DIAGNOSIS_SAVE, "n_clicks"), State(ids.HC_DIAGNOSIS_TEXT, "value"), State(ids.HC_ROUND, "value"),
        State(ids.HC_MAP, "data"), State(ids.HC_VERSION, "data"), prevent_initial_call=True,
    )
    def write(clicks, text, round_id, meta, version):
        map_id = meta.get("map_id") if isinstance(meta, dict) else None
        if not clicks or not _whole(map_id) or not _whole(round_id):
            return no_update, no_update
        try:
            health.write_diagnosis(db, map_id, round_id, text, current_author())
        except TocmapError as error:
            return error_alert(str(error), _("Not saved")), no_update
        return done(_("Saved the diagnosis. Each partner agrees it now.")), bump(version)

    @app.callback(
        Output(ids.HC_MESSAGE, "children", allow_duplicate=True), Output(ids.HC_VERSION, "data", allow_duplicate=True),
        Input({"type": ids.HC_DIAGNOSIS_AGREE, "how": ALL}, "n_clicks"), State(ids.HC_ROUND, "value"),
        State(ids.HC_MAP, "data"), State(ids.HC_VERSION, "data"), prevent_initial_call=True,
    )
    def agree(clicks, round_id, meta, version):
        map_id, trigger = meta.get("map_id") if isinstance(meta, dict) else None, ctx.triggered_id
        if not any(clicks or []) or not isinstance(trigger, dict) or not _whole(map_id) or not _whole(round_id):
            return no_update, no_update
        how = trigger.get("how")
        try:
            health.agree_diagnosis(db, map_id, round_id, how, current_author())
        except TocmapError as error:
            return error_alert(str(error), _("Not saved")), no_update
        return done(_("Agreed the diagnosis for your partner.") if how == "agree" else _("Withdrew your agreement.")), \
            bump(version)

def _whole(value) -> bool:
    """Whether a posted id is a whole number (a direct POST may send anything)."""
    return isinstance(value, int) and not isinstance(value, bool)
