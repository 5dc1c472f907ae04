"""The Partnership page: joint purpose, principles, responsibilities, re-articulations, and the SWOT.

Two tabs. "Purpose & principles" shows each statement with who agreed it and buttons to
agree, dispute or withdraw for one's own partner; a facilitator re-articulates (a new
version with a reason) and anyone compares an earlier version with the current one side
by side, what changed marked. "SWOT" runs the two-sided SWOT: cards added privately, the
reveal, the board with aligned pairs, alignment per quadrant, one-sided cards, and a
"Make map element" button per card. Every callback goes through the services, which
decide who may see and do what.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain import foundations as fd
from tocmap.domain import swot as sw
from tocmap.domain.errors import TocmapError
from tocmap.domain.model import (
    ITEM_TEXT_MAX,
    LABEL_MAX,
    STATEMENT_MAX,
    ElementKind,
    MapState,
    Partner,
)
from tocmap.domain.translations import as_read, read_text
from tocmap.i18n import N_, _, format_date, format_percent, ngettext, pgettext
from tocmap.services import accounts, foundations, history, maps, swot
from tocmap.ui import ids
from tocmap.ui.auth import current_author
from tocmap.ui.charts import graph_config
from tocmap.ui.components import error_alert
from tocmap.ui.live import live_count
from tocmap.ui.map_nav import map_head
from tocmap.ui.pages import sentence

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

QUADRANT_ICONS = {"strength": "bi-shield-check", "weakness": "bi-exclamation-diamond", "opportunity": "bi-lightbulb",
                  "threat": "bi-cloud-lightning"}


# --------------------------------------------------------------------------- layout


def layout(db: Database, map_id: int, tab: str = "foundations") -> html.Div:
    who = current_author()
    view = foundations.view(db, map_id, who)
    manage = swot.may_manage(db, map_id, who)
    exercises = swot.exercises(db, map_id, who)
    return html.Div(
        [
            dcc.Store(id=ids.FD_MAP, data={"map_id": map_id}),
            dcc.Store(id=ids.FD_VERSION, data=0),
            dcc.Store(id=ids.SW_VERSION, data=0),
            dcc.Store(id=ids.SW_MAKE_CARD, data=None),
            _header(map_id, view),
            html.Div(id=ids.FD_MESSAGE, className="tm-fd-message", role="status"),
            dbc.Tabs(
                [
                    dbc.Tab(_foundations_tab(view, manage), label=_("Purpose & principles"), tab_id="foundations",
                            tab_class_name="tm-fd-tab-foundations"),
                    dbc.Tab(_swot_tab(exercises, manage), label=_("SWOT"), tab_id="swot", tab_class_name="tm-fd-tab-swot"),
                ],
                id=ids.FD_TABS, active_tab=tab if tab in ("foundations", "swot") else "foundations",
                className="mb-3",
            ),
            _rearticulate_dialog(),
            _make_dialog(),
        ],
        className="tm-fd-page",
    )


def _header(map_id: int, view: foundations.View) -> html.Div:
    return html.Div([
        map_head(map_id, view.state.title, view.partners, "foundations"),
        html.P(_("What the partners state and commit to together: each statement counts once every partner has "
                 "agreed it. Re-articulate when circumstances or staff change; earlier versions stay readable."),
               className="tm-fd-hint"),
    ])


def _foundations_tab(view: foundations.View, manage: bool) -> html.Div:
    partners = view.partners
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(dbc.Card([
                        dbc.CardHeader([html.I(className="bi bi-bullseye me-2"), _("Joint purpose")]),
                        dbc.CardBody([
                            html.Div(id=ids.FD_PURPOSE),
                            dbc.Textarea(id=ids.FD_PURPOSE_TEXT, value=view.state.purpose.text, rows=3,
                                         maxLength=STATEMENT_MAX, className="mt-2",
                                         placeholder=_("Why the partners work together, in a sentence or two")),
                            dbc.Button([html.I(className="bi bi-check2 me-1"), _("Save the purpose")],
                                       id=ids.FD_PURPOSE_SAVE, color="primary", size="sm", className="mt-2"),
                        ]),
                    ], className="tm-fd-card"), lg=12),
                ],
                className="g-3",
            ),
            dbc.Row(
                [
                    dbc.Col(dbc.Card([
                        dbc.CardHeader([html.I(className="bi bi-list-check me-2"), _("Principles")]),
                        dbc.CardBody([
                            html.Div(id=ids.FD_PRINCIPLES),
                            dbc.InputGroup([
                                dbc.Input(id=ids.FD_PRINCIPLE_TEXT, maxLength=ITEM_TEXT_MAX,
                                          placeholder=_("e.g. Budget decisions are taken jointly")),
                                dbc.Button([html.I(className="bi bi-plus-lg me-1"), _("Add")], id=ids.FD_PRINCIPLE_ADD,
                                           color="secondary"),
                            ], size="sm", className="mt-2"),
                        ]),
                    ], className="tm-fd-card h-100"), lg=6),
                    dbc.Col(dbc.Card([
                        dbc.CardHeader([html.I(className="bi bi-person-check me-2"), _("Responsibilities")]),
                        dbc.CardBody([
                            html.Div(id=ids.FD_DUTIES),
                            dbc.InputGroup([
                                dbc.Label(_("Partner"), html_for=ids.FD_DUTY_PARTNER, className="visually-hidden"),
                                dbc.Select(id=ids.FD_DUTY_PARTNER, options=_partner_options(partners),
                                           value=partners[0].id if partners else None, className="tm-fd-duty-partner"),
                                dbc.Input(id=ids.FD_DUTY_TEXT, maxLength=ITEM_TEXT_MAX,
                                          placeholder=_("commits to… e.g. host the data warehouse")),
                                dbc.Button([html.I(className="bi bi-plus-lg me-1"), _("Add")], id=ids.FD_DUTY_ADD,
                                           color="secondary"),
                            ], size="sm", className="mt-2"),
                        ]),
                    ], className="tm-fd-card h-100"), lg=6),
                ],
                className="g-3 mt-1",
            ),
            dbc.Card([
                dbc.CardHeader(html.Div([
                    html.Span([html.I(className="bi bi-journal-bookmark me-2"), _("Versions")]),
                    dbc.Button([html.I(className="bi bi-arrow-repeat me-1"), _("Re-articulate")], id=ids.FD_RA_OPEN,
                               color="primary", size="sm", outline=True,
                               title=_("Record a new version of purpose, principles and responsibilities"),
                               style=None if manage else {"display": "none"}),
                ], className="d-flex justify-content-between align-items-center")),
                dbc.CardBody([
                    html.Div(id=ids.FD_VERSIONS),
                    html.Div([
                        dbc.Label(_("Compare with the current foundations"), html_for=ids.FD_COMPARE,
                                  className="fw-semibold mb-1"),
                        dcc.Dropdown(id=ids.FD_COMPARE, options=[], value=None, clearable=False,
                                     placeholder=_("No earlier version yet"), className="tm-fd-compare-picker"),
                    ], className="mt-3"),
                    html.Div(id=ids.FD_COMPARISON, className="mt-2"),
                ]),
            ], className="tm-fd-card mt-3"),
        ],
        className="tm-fd-foundations",
    )


def _partner_options(partners: list[Partner]) -> list[dict]:
    return [{"label": p.short_name or p.name, "value": p.id} for p in partners]


def _rearticulate_dialog() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Re-articulate the partnership"))),
            dbc.ModalBody([
                html.Div(id=ids.FD_RA_MESSAGE),
                html.P(_("A new version replaces the current purpose, principles and responsibilities. The current "
                         "ones stay readable as an earlier version; every partner then endorses the new one."),
                       className="tm-fd-hint"),
                dbc.Label(_("Why now?"), html_for=ids.FD_RA_REASON, size="sm"),
                dbc.Input(id=ids.FD_RA_REASON, maxLength=fd.REASON_MAX, size="sm",
                          placeholder=_("e.g. New director at the ministry")),
                dbc.Label(_("Joint purpose"), html_for=ids.FD_RA_PURPOSE, size="sm", className="mt-2"),
                dbc.Textarea(id=ids.FD_RA_PURPOSE, rows=3, maxLength=STATEMENT_MAX, size="sm"),
                dbc.Label(_("Principles, one per line"), html_for=ids.FD_RA_PRINCIPLES, size="sm", className="mt-2"),
                dbc.Textarea(id=ids.FD_RA_PRINCIPLES, rows=4, size="sm"),
                dbc.Label(_("Responsibilities, one per line as “partner: what it commits to do”"),
                          html_for=ids.FD_RA_DUTIES, size="sm", className="mt-2"),
                dbc.Textarea(id=ids.FD_RA_DUTIES, rows=4, size="sm"),
            ]),
            dbc.ModalFooter([
                dbc.Button(_("Cancel"), id=ids.FD_RA_CANCEL, color="secondary", outline=True, size="sm"),
                dbc.Button([html.I(className="bi bi-journal-plus me-1"), _("Record this version")], id=ids.FD_RA_SAVE,
                           color="primary", size="sm"),
            ]),
        ],
        id=ids.FD_RA_MODAL, is_open=False, centered=True, size="lg",
    )


def _make_dialog() -> dbc.Modal:
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Make a map element from this card"))),
            dbc.ModalBody([
                html.Div(id=ids.SW_MAKE_MESSAGE),
                html.P(id=ids.SW_MAKE_TEXT, className="tm-sw-make-text"),
                dbc.Label(_("Kind of element"), html_for=ids.SW_MAKE_KIND, size="sm"),
                dbc.Select(id=ids.SW_MAKE_KIND, size="sm", value="outcome",
                           options=[{"label": k.title, "value": k.value} for k in ElementKind]),
                dbc.FormText(_("A threat usually becomes an external factor, a weakness an outcome to work on, an "
                               "opportunity an assumption. The element names the card it came from.")),
            ]),
            dbc.ModalFooter([
                dbc.Button(_("Cancel"), id=ids.SW_MAKE_CANCEL, color="secondary", outline=True, size="sm"),
                dbc.Button([html.I(className="bi bi-diagram-3 me-1"), _("Add to the map")], id=ids.SW_MAKE_SAVE,
                           color="primary", size="sm"),
            ]),
        ],
        id=ids.SW_MAKE_MODAL, is_open=False, centered=True,
    )


# --------------------------------------------------------------------------- foundations views

STATUS_BADGE = {"agreed": (N_("Agreed by all"), "success"), "proposed": (N_("Proposed"), "secondary"),
                "disputed": (N_("Disputed"), "danger")}


def agreement_view(item, partners: list[Partner], kind: str, item_id: str, mine: str | None,
                   verb: str = N_("Agree")) -> html.Div:
    """Who agreed (one chip per partner), the status, and the buttons for one's own partner."""
    ids_ = {p.id for p in partners}
    label, colour = STATUS_BADGE[item.agreement(ids_)]
    chips = []
    for p in partners:
        if p.id in item.agreed_by:
            icon, cls, state = "bi-check-circle-fill", "tm-fd-chip-agreed", _("{partner} agreed", partner=p.name)
        elif p.id in item.disputed_by:
            icon, cls, state = "bi-x-circle-fill", "tm-fd-chip-disputed", _("{partner} disputes", partner=p.name)
        else:
            icon, cls, state = "bi-circle", "tm-fd-chip-pending", _("{partner} has not agreed yet", partner=p.name)
        chips.append(html.Span([html.I(className=f"bi {icon} me-1"), p.short_name or p.name],
                               className=f"tm-fd-chip {cls}", title=state))
    buttons = []
    if mine is not None:
        agreed, disputed = mine in item.agreed_by, mine in item.disputed_by
        base = {"type": ids.FD_STAND, "kind": kind, "id": item_id}
        if not agreed:
            buttons.append(dbc.Button([html.I(className="bi bi-hand-thumbs-up me-1"), _(verb)],
                                      id={**base, "how": "agree"}, color="success", outline=True, size="sm",
                                      className="tm-fd-agree"))
        if not disputed:
            buttons.append(dbc.Button([html.I(className="bi bi-hand-thumbs-down me-1"), _("Dispute")],
                                      id={**base, "how": "dispute"}, color="danger", outline=True, size="sm",
                                      className="tm-fd-dispute"))
        if agreed or disputed:
            buttons.append(dbc.Button(_("Withdraw"), id={**base, "how": "withdraw"}, color="link", size="sm",
                                      className="tm-fd-withdraw"))
    return html.Div(
        [dbc.Badge(_(label), color=colour, className="me-2 tm-fd-status"), *chips,
         html.Span(buttons, className="ms-auto tm-fd-buttons")],
        className="tm-fd-agreement",
    )


def purpose_view(state: MapState, partners: list[Partner], mine: str | None) -> list:
    state = as_read(state)  # the texts in the reader's language where they are translated
    if not state.purpose.text:
        return [html.P(_("No joint purpose yet. Write one below: it shows at the top of the map."),
                       className="tm-fd-empty")]
    return [html.Blockquote(state.purpose.text, className="tm-fd-purpose-text"),
            agreement_view(state.purpose, partners, "purpose", "purpose", mine)]


def principles_view(state: MapState, partners: list[Partner], mine: str | None, edit: bool) -> list:
    state = as_read(state)
    if not state.principles:
        return [html.P(_("No principles yet."), className="tm-fd-empty")]
    items = []
    for p in state.principles.values():
        remove = dbc.Button(html.I(className="bi bi-trash"), id={"type": ids.FD_REMOVE, "kind": "principle",
                                                                 "id": p.id},
                            color="link", size="sm", title=_("Remove this principle"), className="tm-fd-remove"
                            ) if edit else None
        items.append(html.Div([
            html.Div([html.Span(p.text, className="tm-fd-item-text"), remove],
                     className="d-flex justify-content-between align-items-start"),
            agreement_view(p, partners, "principle", p.id, mine),
        ], className="list-group-item tm-fd-item", **{"data-id": p.id}))
    return [dbc.ListGroup(items, flush=True)]


def duties_view(state: MapState, partners: list[Partner], mine: str | None, edit: bool) -> list:
    state = as_read(state)
    if not state.responsibilities:
        return [html.P(_("No responsibilities yet."), className="tm-fd-empty")]
    names = {p.id: p.short_name or p.name for p in partners}
    items = []
    for r in sorted(state.responsibilities.values(), key=lambda r: [p.id for p in partners].index(r.partner)
                    if r.partner in names else 99):
        remove = dbc.Button(html.I(className="bi bi-trash"), id={"type": ids.FD_REMOVE, "kind": "responsibility",
                                                                 "id": r.id},
                            color="link", size="sm", title=_("Remove this responsibility"), className="tm-fd-remove"
                            ) if edit else None
        items.append(html.Div([
            html.Div([html.Span([dbc.Badge(names.get(r.partner, r.partner), color="info", className="me-2"),
                                 html.Span(r.text, className="tm-fd-item-text")]), remove],
                     className="d-flex justify-content-between align-items-start"),
            agreement_view(r, partners, "responsibility", r.id, mine),
        ], className="list-group-item tm-fd-item", **{"data-id": r.id}))
    return [dbc.ListGroup(items, flush=True)]


def versions_view(state: MapState, partners: list[Partner], mine: str | None) -> list:
    views = fd.versions(state)
    if not views:
        return [html.P(_("No re-articulation yet. A facilitator records one when circumstances or staff change."),
                       className="tm-fd-empty")]
    rows = []
    latest = max(v.number for v in views)
    for v in reversed(views):
        when = format_date(v.recorded_at) if v.recorded_at else ""
        by = " · " + _("recorded by {person}", person=v.recorded_by) if v.recorded_by else ""
        head = html.Div([
            html.Strong(v.title),
            dbc.Badge(_("current"), color="primary", className="ms-2") if v.number == latest else None,
            html.Span(f" · {when}{by}" if when else "", className="tm-fd-by"),
        ])
        body = [head]
        if v.reason:
            body.append(html.Div([html.I(className="bi bi-chat-quote me-1"), v.reason], className="tm-fd-reason"))
        if v.number > 0:
            body.append(agreement_view(state.versions[f"v{v.number}"], partners, "version", f"v{v.number}", mine,
                                       verb=N_("Endorse")))
        rows.append(html.Div(body, className="list-group-item tm-fd-version", **{"data-version": v.number}))
    return [dbc.ListGroup(rows, flush=True)]


def compare_options(state: MapState) -> list[dict]:
    return [{"label": f"{v.title}" + (f" — {v.reason}" if v.reason else ""), "value": v.number}
            for v in reversed(fd.versions(state))]


def comparison_view(old: fd.VersionView, rows: list[fd.Row], partners: list[Partner]) -> html.Div:
    names = {p.id: p.short_name or p.name for p in partners}
    changed = fd.changed_count(rows)

    def pieces(parts):
        return [html.Span(text, className=f"tm-fd-{tag}") for text, tag in parts] or [
            html.Span("—", className="text-secondary")]

    marks = {"same": ("", "secondary"), "changed": (_("changed"), "warning"), "added": (_("added"), "success"),
             "removed": (_("removed"), "danger")}
    body = []
    for row in rows:
        label, colour = marks[row.mark]
        who = dbc.Badge(names.get(row.partner, row.partner), color="info", className="me-1") if row.partner else None
        body.append(html.Tr([
            html.Td(row.section, className="tm-fd-section"),
            html.Td([who, *pieces(row.left)]),
            html.Td([who, *pieces(row.right)]),
            html.Td(dbc.Badge(label, color=colour) if label else None),
        ], className=f"tm-fd-row tm-fd-row-{row.mark}"))
    head = html.Thead(html.Tr([html.Th("", style={"width": "9rem"}), html.Th(old.title), html.Th(_("Current")),
                               html.Th("", style={"width": "6rem"})]))
    return html.Div([
        html.P(ngettext("{n} difference. Removed words are struck through, added words highlighted.",
                        "{n} differences. Removed words are struck through, added words highlighted.", changed),
               className="tm-fd-hint mb-1"),
        dbc.Table([head, html.Tbody(body)], bordered=False, hover=True, size="sm", className="tm-fd-compare"),
    ])


# --------------------------------------------------------------------------- SWOT views


def _swot_tab(exercises: list[sw.Exercise], manage: bool) -> html.Div:
    opener = dbc.Card(dbc.CardBody([
        html.H2(_("Open a SWOT exercise"), className="h6"),
        dbc.InputGroup([
            dbc.Input(id=ids.SW_OPEN_TITLE, maxLength=LABEL_MAX, placeholder=_("e.g. Partnership review 2026")),
            dbc.Button([html.I(className="bi bi-play-fill me-1"), pgettext("verb", "Open")], id=ids.SW_OPEN, color="primary"),
        ], size="sm"),
        dbc.FormText(_("Each partner adds its cards privately; you reveal them all at once.")),
    ]), className="tm-sw-open mb-3", style=None if manage else {"display": "none"})
    hidden = {"display": "none"}
    return html.Div([
        opener,
        html.Div([
            dbc.Label(_("Exercise"), html_for=ids.SW_EXERCISE, className="fw-semibold mb-0"),
            dcc.Dropdown(id=ids.SW_EXERCISE, options=exercise_options(exercises),
                         value=exercises[-1].id if exercises else None, clearable=False,
                         placeholder=_("No SWOT exercise yet"), className="tm-sw-picker"),
        ], className="tm-fd-picker"),
        html.Div([
            html.Span(_("Only you see every partner's cards before the reveal."), className="me-3"),
            dbc.Button([html.I(className="bi bi-eye me-1"), _("Reveal the cards")], id=ids.SW_REVEAL, color="warning",
                       size="sm"),
        ], id=ids.SW_FAC_BAR, className="tm-sw-facilitator", style=hidden),
        html.Div([
            html.H2(id=ids.SW_ADD_TITLE, className="h5 mt-2"),
            html.P(_("Only your partner's members and the facilitator see these before the reveal."),
                   className="tm-fd-hint"),
            dbc.InputGroup([
                dbc.Select(id=ids.SW_QUADRANT, value="strength", className="tm-sw-quadrant-select",
                           options=[{"label": label, "value": q} for q, label in
                                    zip(sw.QUADRANTS, (_("Strength"), _("Weakness"), _("Opportunity"), _("Threat")),
                                        strict=True)]),
                dbc.Input(id=ids.SW_CARD_TEXT, maxLength=sw.CARD_MAX, placeholder=_("What do you see?")),
                dbc.Button([html.I(className="bi bi-plus-lg me-1"), _("Add card")], id=ids.SW_ADD, color="primary"),
            ], className="mb-3 tm-sw-add"),
        ], id=ids.SW_ADD_ROW, style=hidden),
        html.Div(id=ids.SW_BODY, className="tm-sw-body"),
    ])


def exercise_options(exercises: list[sw.Exercise]) -> list[dict]:
    return [{"label": _("{exercise} · revealed", exercise=e.title) if e.revealed
             else _("{exercise} · open for cards", exercise=e.title), "value": e.id}
            for e in reversed(exercises)]


def _card_chip(card: sw.Card, names: dict[str, str], make: bool, remove: bool = False) -> html.Div:
    actions = []
    if card.element_id:
        actions.append(html.Span([html.I(className="bi bi-diagram-3 me-1"), _("on the map")],
                                 className="tm-sw-on-map", title=_("Map element {id}", id=card.element_id)))
    elif make:
        actions.append(dbc.Button([html.I(className="bi bi-box-arrow-in-up-right me-1"), _("Make map element")],
                                  id={"type": ids.SW_MAKE, "card": card.id}, color="link", size="sm",
                                  className="tm-sw-make"))
    if remove:
        actions.append(dbc.Button(html.I(className="bi bi-x-lg"), id={"type": ids.SW_REMOVE, "card": card.id},
                                  color="link", size="sm", title=_("Take this card back"), className="tm-sw-remove"))
    return html.Div([
        html.Div(read_text(card, "text"), className="tm-sw-card-text"),  # in the reader's language if translated
        html.Div([html.Span(names.get(card.partner, card.partner), className="tm-sw-card-partner"), *actions],
                 className="tm-sw-card-foot"),
    ], className=f"tm-sw-card tm-sw-card-{card.quadrant}", **{"data-card": card.id, "data-partner": card.partner})


def open_view(db: Database, map_id: int, exercise: sw.Exercise, partners: list[Partner]) -> list:
    who = current_author()
    names = {p.id: p.short_name or p.name for p in partners}
    counts = swot.card_counts(db, map_id, exercise.id, who)
    manage = swot.may_manage(db, map_id, who)
    so_far = ", ".join(f"{names.get(p, p)} {n}" for p, n in counts.items()) or _("none yet")
    parts: list = [html.P(sentence(_("{exercise} · opened by {person} · cards so far: {count}"),
                                   exercise=html.Strong(exercise.title), person=exercise.opened_by,
                                   count=live_count(f"swot:{exercise.id}", so_far, names)), className="tm-sw-status")]
    me = accounts.membership_of(db, map_id, who)
    mine = me.partner if me is not None else None
    if mine is None and not manage:
        parts.append(html.P(_("You do not speak for a partner on this map, so you add no cards."),
                            className="tm-fd-empty"))
    cards = swot.cards(db, map_id, exercise.id, who)
    if cards:
        shown = cards if manage else [c for c in cards if c.partner == mine]
        parts.append(_grid({q: [_card_chip(c, names, False, remove=c.partner == mine) for c in shown
                                if c.quadrant == q] for q in sw.QUADRANTS}))
    return parts


def _grid(content: dict[str, list]) -> html.Div:
    boxes = []
    for q in sw.QUADRANTS:
        boxes.append(dbc.Col(html.Div([
            html.Div([html.I(className=f"bi {QUADRANT_ICONS[q]} me-1"), _(sw.QUADRANT_TITLES[q])],
                     className="tm-sw-quadrant-title"),
            *(content.get(q) or [html.Div(_("No cards yet."), className="tm-fd-empty small")]),
        ], className=f"tm-sw-quadrant tm-sw-q-{q}"), md=6))
    return dbc.Row(boxes, className="g-2")


def alignment_figure(board: sw.Board) -> go.Figure:
    """Per quadrant, the share of cards that have a counterpart on the other side."""
    titles = [f"{q.title}  " + (_("no cards") if q.alignment is None else f"{2 * len(q.pairs)}/{len(q.cards)}")
              for q in board.quadrants]
    values = [0 if q.alignment is None else round(100 * q.alignment) for q in board.quadrants]
    colours = ["#2b8a3e", "#c92a2a", "#1971c2", "#e8590c"]
    figure = go.Figure(go.Bar(x=values, y=titles, orientation="h", marker_color=colours,
                              text=[format_percent(v / 100) if v else "" for v in values], textposition="inside",
                              insidetextanchor="end",
                              hovertemplate=_("{quadrant}: {share} aligned", quadrant="%{y}", share="%{x}%")
                              + "<extra></extra>"))
    figure.update_layout(height=220, margin={"l": 10, "r": 20, "t": 10, "b": 30},
                         xaxis={"range": [0, 100], "ticksuffix": "%", "title": None, "dtick": 25},
                         yaxis={"autorange": "reversed", "automargin": True}, plot_bgcolor="#ffffff")
    return figure


def board_view(db: Database, map_id: int, exercise: sw.Exercise, partners: list[Partner]) -> list:
    who = current_author()
    view = swot.board(db, map_id, exercise.id, who)
    board = view.board
    manage = swot.may_manage(db, map_id, who)
    act = maps.may_edit(db, map_id, who)
    names = {p.id: p.short_name or p.name for p in partners}
    total = "—" if board.alignment is None else format_percent(board.alignment)
    head = html.Div([
        html.P(sentence(_("{exercise} · revealed by {person} · overall alignment {share}"),
                        exercise=html.Strong(exercise.title), person=exercise.revealed_by,
                        share=html.Strong(total, className="tm-sw-overall")), className="tm-sw-status mb-0"),
        _export_links(map_id, exercise.id),
    ], className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-2")
    sections = []
    for q in board.quadrants:
        share = _("no cards") if q.alignment is None else _("{share} aligned", share=format_percent(q.alignment))
        pairs = []
        for pair in q.pairs:
            a, b = pair.cards
            left, right = (a, b) if board.partners.index(a.partner) <= board.partners.index(b.partner) else (b, a)
            buttons = []
            if manage:
                if not pair.confirmed:
                    buttons.append(dbc.Button([html.I(className="bi bi-check2 me-1"), _("Confirm")],
                                              id={"type": ids.SW_PAIR, "a": a.id, "b": b.id, "how": "confirm"},
                                              color="success", outline=True, size="sm", className="tm-sw-confirm"))
                buttons.append(dbc.Button([html.I(className="bi bi-scissors me-1"), _("Undo")],
                                          id={"type": ids.SW_PAIR, "a": a.id, "b": b.id, "how": "undo"},
                                          color="secondary", outline=True, size="sm", className="tm-sw-undo"))
            status = (dbc.Badge(_("confirmed"), color="success") if pair.confirmed
                      else dbc.Badge(_("suggested · {share} alike", share=format_percent(pair.score / 100)),
                                     color="light", text_color="dark"))
            pairs.append(html.Div([
                _card_chip(left, names, act),
                html.Div([html.I(className="bi bi-arrow-left-right"), status, *buttons], className="tm-sw-pair-mid"),
                _card_chip(right, names, act),
            ], className="tm-sw-pair", **{"data-cards": f"{left.id}-{right.id}"}))
        one_sided = dbc.Row([
            dbc.Col([html.Div(names.get(p, p), className="tm-sw-side-name"),
                     *([_card_chip(c, names, act) for c in q.one_sided if c.partner == p]
                       or [html.Div("—", className="tm-fd-empty small")])], md=max(12 // max(len(board.partners), 1), 3))
            for p in board.partners
        ], className="g-2") if q.one_sided else None
        sections.append(html.Section([
            html.Div([html.Span([html.I(className=f"bi {QUADRANT_ICONS[q.quadrant]} me-1"), q.title],
                                className="tm-sw-quadrant-title"),
                      dbc.Badge(share, color="dark", className="tm-sw-share")],
                     className="d-flex justify-content-between align-items-center mb-2"),
            html.Div(_("Said by both sides"), className="tm-sw-sub") if q.pairs else None,
            *pairs,
            html.Div(_("Named by one partner only"), className="tm-sw-sub") if q.one_sided else None,
            one_sided,
            html.Div(_("No cards in this quadrant."), className="tm-fd-empty small") if not q.cards else None,
        ], className=f"tm-sw-quadrant tm-sw-q-{q.quadrant} mb-2", **{"data-quadrant": q.quadrant}))
    return [
        head,
        dbc.Row([
            dbc.Col(dcc.Graph(id=ids.SW_ALIGNMENT, figure=alignment_figure(board), config=graph_config(displaylogo=False)),
                    lg=5),
            dbc.Col(html.P(_("Alignment is the share of a quadrant's cards that have a counterpart on the other "
                             "side. Pairs are suggested by text similarity; the facilitator confirms or undoes them. "
                             "Turn any card into a map element with “Make map element”."), className="tm-fd-hint"),
                    lg=7),
        ], className="g-2 align-items-center"),
        *sections,
    ]


def _export_links(map_id: int, exercise_id: int) -> dbc.ButtonGroup:
    base = f"/maps/{map_id}/swot/{exercise_id}/board"
    links = [("csv", "bi-filetype-csv", "CSV"), ("xlsx", "bi-file-earmark-spreadsheet", "XLSX"),
             ("png", "bi-file-image", "PNG"), ("svg", "bi-filetype-svg", "SVG")]
    return dbc.ButtonGroup(
        [dbc.Button([html.I(className=f"bi {icon} me-1"), label], href=f"{base}.{fmt}", external_link=True,
                    color="secondary", outline=True, size="sm", download="", className=f"tm-sw-export-{fmt}")
         for fmt, icon, label in links], size="sm",
    )


# --------------------------------------------------------------------------- callbacks


def _map_id(meta) -> int | None:
    value = meta.get("map_id") if isinstance(meta, dict) else None
    return value if isinstance(value, int) else None


def _bump(version) -> int:
    return (version if isinstance(version, int) else 0) + 1


def _done(text: str) -> dbc.Alert:
    return dbc.Alert([html.I(className="bi bi-check-circle me-1"), text], color="success", dismissable=True,
                     duration=6000, className="mb-2")


def _clicked() -> bool:
    """True when the triggering button really was clicked (not just drawn)."""
    return bool(ctx.triggered and ctx.triggered[0].get("value"))


def register_callbacks(app, db: Database) -> None:
    """Wire the Partnership page's callbacks onto this app instance."""

    @app.callback(
        Output(ids.FD_PURPOSE, "children"), Output(ids.FD_PRINCIPLES, "children"), Output(ids.FD_DUTIES, "children"),
        Output(ids.FD_VERSIONS, "children"), Output(ids.FD_COMPARE, "options"), Output(ids.FD_COMPARE, "value"),
        Output(ids.FD_PURPOSE_TEXT, "value"),
        Input(ids.FD_VERSION, "data"), State(ids.FD_MAP, "data"), State(ids.FD_COMPARE, "value"),
    )
    def show_foundations(_version, meta, compared):
        map_id = _map_id(meta)
        if map_id is None:
            return (no_update,) * 7
        who = current_author()
        view = foundations.view(db, map_id, who)
        me = accounts.membership_of(db, map_id, who)
        mine = me.partner if me is not None else None
        edit = maps.may_edit(db, map_id, who)
        options = compare_options(view.state)
        values = [o["value"] for o in options]
        default = values[1] if len(values) > 1 else (values[0] if values else None)  # the version before the latest
        value = compared if compared in values else default
        # on opening the text box already holds the purpose: setting it again would wipe what a participant
        # began typing before this answer came back
        purpose_text = view.state.purpose.text if ctx.triggered_id else no_update
        return (purpose_view(view.state, view.partners, mine), principles_view(view.state, view.partners, mine, edit),
                duties_view(view.state, view.partners, mine, edit), versions_view(view.state, view.partners, mine),
                options, value, purpose_text)

    @app.callback(Output(ids.FD_COMPARISON, "children"), Input(ids.FD_COMPARE, "value"),
                  Input(ids.FD_VERSION, "data"), State(ids.FD_MAP, "data"))
    def show_comparison(number, _version, meta):
        map_id = _map_id(meta)
        if map_id is None or not isinstance(number, int):
            return None
        old, _current, rows = foundations.comparison(db, map_id, number, current_author())
        return comparison_view(old, rows, foundations.view(db, map_id, current_author()).partners)

    @app.callback(
        Output(ids.FD_MESSAGE, "children"), Output(ids.FD_VERSION, "data"),
        Output(ids.FD_PRINCIPLE_TEXT, "value"), Output(ids.FD_DUTY_TEXT, "value"),
        Input(ids.FD_PURPOSE_SAVE, "n_clicks"), Input(ids.FD_PRINCIPLE_ADD, "n_clicks"),
        Input(ids.FD_DUTY_ADD, "n_clicks"),
        Input({"type": ids.FD_STAND, "kind": ALL, "id": ALL, "how": ALL}, "n_clicks"),
        Input({"type": ids.FD_REMOVE, "kind": ALL, "id": ALL}, "n_clicks"),
        State(ids.FD_PURPOSE_TEXT, "value"), State(ids.FD_PRINCIPLE_TEXT, "value"),
        State(ids.FD_DUTY_PARTNER, "value"), State(ids.FD_DUTY_TEXT, "value"),
        State(ids.FD_MAP, "data"), State(ids.FD_VERSION, "data"),
        prevent_initial_call=True,
    )
    def edit_foundations(_p, _a, _d, _stand, _remove, purpose, principle, partner, duty, meta, version):
        map_id, trigger = _map_id(meta), ctx.triggered_id
        if map_id is None or not _clicked():
            return no_update, no_update, no_update, no_update
        who = current_author()
        clear_principle = clear_duty = no_update
        try:
            if trigger == ids.FD_PURPOSE_SAVE:
                foundations.set_purpose(db, map_id, purpose, who)
                done = _("Saved the joint purpose. Every partner agrees it again.")
            elif trigger == ids.FD_PRINCIPLE_ADD:
                foundations.add_principle(db, map_id, principle, who)
                done, clear_principle = _("Added the principle."), ""
            elif trigger == ids.FD_DUTY_ADD:
                foundations.add_responsibility(db, map_id, partner, duty, who)
                done, clear_duty = _("Added the responsibility."), ""
            elif isinstance(trigger, dict) and trigger.get("type") == ids.FD_STAND:
                how = trigger.get("how")
                history.set_stand(db, map_id, str(trigger.get("kind")), str(trigger.get("id")), str(how), who)
                done = {"agree": _("Agreed for your partner."), "dispute": _("Disputed for your partner."),
                        "withdraw": _("Withdrew your partner's stand.")}.get(how, _("Saved."))
            elif isinstance(trigger, dict) and trigger.get("type") == ids.FD_REMOVE:
                kind = trigger.get("kind")
                if kind not in ("principle", "responsibility"):
                    return no_update, no_update, no_update, no_update
                foundations.remove_item(db, map_id, kind, str(trigger.get("id")), who)
                done = (_("Removed the principle; undo in the map's history brings it back.") if kind == "principle"
                        else _("Removed the responsibility; undo in the map's history brings it back."))
            else:
                return no_update, no_update, no_update, no_update
        except TocmapError as error:
            return error_alert(str(error), _("Not saved")), no_update, no_update, no_update
        return _done(done), _bump(version), clear_principle, clear_duty

    @app.callback(
        Output(ids.FD_RA_MODAL, "is_open"), Output(ids.FD_RA_PURPOSE, "value"), Output(ids.FD_RA_PRINCIPLES, "value"),
        Output(ids.FD_RA_DUTIES, "value"), Output(ids.FD_RA_REASON, "value"), Output(ids.FD_RA_MESSAGE, "children"),
        Input(ids.FD_RA_OPEN, "n_clicks"), Input(ids.FD_RA_CANCEL, "n_clicks"), State(ids.FD_MAP, "data"),
        prevent_initial_call=True,
    )
    def open_rearticulation(opened, _cancel, meta):
        if ctx.triggered_id == ids.FD_RA_CANCEL:
            return False, no_update, no_update, no_update, no_update, None
        map_id = _map_id(meta)
        if map_id is None or not opened:
            return (no_update,) * 6
        view = foundations.view(db, map_id, current_author())
        names = {p.id: p.short_name or p.id for p in view.partners}
        duties = "\n".join(f"{names.get(r.partner, r.partner)}: {r.text}" for r in view.state.responsibilities.values())
        principles = "\n".join(p.text for p in view.state.principles.values())
        return True, view.state.purpose.text, principles, duties, "", None

    @app.callback(
        Output(ids.FD_RA_MODAL, "is_open", allow_duplicate=True),
        Output(ids.FD_RA_MESSAGE, "children", allow_duplicate=True),
        Output(ids.FD_MESSAGE, "children", allow_duplicate=True), Output(ids.FD_VERSION, "data", allow_duplicate=True),
        Input(ids.FD_RA_SAVE, "n_clicks"), State(ids.FD_RA_PURPOSE, "value"), State(ids.FD_RA_PRINCIPLES, "value"),
        State(ids.FD_RA_DUTIES, "value"), State(ids.FD_RA_REASON, "value"), State(ids.FD_MAP, "data"),
        State(ids.FD_VERSION, "data"),
        prevent_initial_call=True,
    )
    def save_rearticulation(clicks, purpose, principles, duties, reason, meta, version):
        map_id = _map_id(meta)
        if map_id is None or not clicks:
            return no_update, no_update, no_update, no_update
        who = current_author()
        try:
            view = foundations.view(db, map_id, who)
            parsed = foundations.parse_responsibilities(duties if isinstance(duties, str) else "", view.partners)
            applied = foundations.rearticulate(db, map_id, purpose, principles if isinstance(principles, str) else "",
                                               parsed, reason, who)
        except TocmapError as error:
            return no_update, error_alert(str(error), _("Not recorded")), no_update, no_update
        number = applied.record.change.version.number
        return False, None, _done(_("Recorded version {number}. Every partner endorses it now.", number=number)), _bump(version)

    # ------------------------------------------------------------------ SWOT

    @app.callback(
        Output(ids.SW_BODY, "children"), Output(ids.SW_FAC_BAR, "style"), Output(ids.SW_ADD_ROW, "style"),
        Output(ids.SW_ADD_TITLE, "children"), Output(ids.SW_REVEAL, "disabled"),
        Input(ids.SW_EXERCISE, "value"), Input(ids.SW_VERSION, "data"), State(ids.FD_MAP, "data"),
    )
    def show_exercise(exercise_id, _version, meta):
        map_id = _map_id(meta)
        hidden = {"display": "none"}
        if map_id is None:
            return (no_update,) * 5
        if not isinstance(exercise_id, int):
            return (html.P(_("No SWOT exercise yet. A facilitator opens one."), className="tm-fd-empty"), hidden, hidden,
                    None, True)
        who = current_author()
        try:
            found = {e.id: e for e in swot.exercises(db, map_id, who)}
            exercise = found.get(exercise_id)
            if exercise is None:
                return html.P(_("Choose an exercise."), className="tm-fd-empty"), hidden, hidden, None, True
            partners = foundations.view(db, map_id, who).partners
            if exercise.revealed:
                return board_view(db, map_id, exercise, partners), hidden, hidden, None, True
            me = accounts.membership_of(db, map_id, who)
            mine = me.partner if me is not None else None
            names = {p.id: p.name for p in partners}
            manage = swot.may_manage(db, map_id, who)
            counts = swot.card_counts(db, map_id, exercise.id, who)
            return (open_view(db, map_id, exercise, partners), None if manage else hidden,
                    None if mine is not None else hidden, _("Cards of {partner}", partner=names.get(mine, mine)) if mine else None,
                    not counts)
        except TocmapError as error:
            return error_alert(str(error), _("Not shown")), hidden, hidden, None, True

    @app.callback(
        Output(ids.SW_EXERCISE, "options"), Output(ids.SW_EXERCISE, "value"),
        Output(ids.FD_MESSAGE, "children", allow_duplicate=True), Output(ids.SW_VERSION, "data"),
        Output(ids.SW_OPEN_TITLE, "value"),
        Input(ids.SW_OPEN, "n_clicks"), State(ids.SW_OPEN_TITLE, "value"), State(ids.FD_MAP, "data"),
        State(ids.SW_VERSION, "data"),
        prevent_initial_call=True,
    )
    def open_exercise(clicks, title, meta, version):
        map_id = _map_id(meta)
        if map_id is None or not clicks:
            return (no_update,) * 5
        try:
            exercise = swot.open_exercise(db, map_id, title, current_author())
            options = exercise_options(swot.exercises(db, map_id, current_author()))
        except TocmapError as error:
            return no_update, no_update, error_alert(str(error), _("Not opened")), no_update, no_update
        return options, exercise.id, _done(_("Opened “{exercise}”. Partners add their cards now.", exercise=exercise.title)), \
            _bump(version), ""

    @app.callback(
        Output(ids.FD_MESSAGE, "children", allow_duplicate=True), Output(ids.SW_VERSION, "data", allow_duplicate=True),
        Output(ids.SW_EXERCISE, "options", allow_duplicate=True), Output(ids.SW_CARD_TEXT, "value"),
        Input(ids.SW_ADD, "n_clicks"), Input(ids.SW_REVEAL, "n_clicks"),
        Input({"type": ids.SW_REMOVE, "card": ALL}, "n_clicks"),
        Input({"type": ids.SW_PAIR, "a": ALL, "b": ALL, "how": ALL}, "n_clicks"),
        State(ids.SW_QUADRANT, "value"), State(ids.SW_CARD_TEXT, "value"), State(ids.SW_EXERCISE, "value"),
        State(ids.FD_MAP, "data"), State(ids.SW_VERSION, "data"),
        prevent_initial_call=True,
    )
    def act_on_exercise(_add, _reveal, _remove, _pair, quadrant, text, exercise_id, meta, version):
        map_id, trigger = _map_id(meta), ctx.triggered_id
        if map_id is None or not isinstance(exercise_id, int) or not _clicked():
            return no_update, no_update, no_update, no_update
        who = current_author()
        options, text_after = no_update, no_update
        try:
            if trigger == ids.SW_ADD:
                card = swot.add_card(db, map_id, exercise_id, quadrant, text, who)
                done = _("Added a card to {quadrant}. Other partners do not see it until the reveal.",
                         quadrant=_(sw.QUADRANT_TITLES[card.quadrant]))
                text_after = ""
            elif trigger == ids.SW_REVEAL:
                swot.reveal(db, map_id, exercise_id, who)
                options = exercise_options(swot.exercises(db, map_id, who))
                done = _("Revealed every partner's cards.")
            elif isinstance(trigger, dict) and trigger.get("type") == ids.SW_REMOVE:
                swot.remove_card(db, map_id, exercise_id, int(trigger.get("card")), who)
                done = _("Took the card back.")
            elif isinstance(trigger, dict) and trigger.get("type") == ids.SW_PAIR:
                how = str(trigger.get("how"))
                swot.decide_pair(db, map_id, exercise_id, int(trigger.get("a")), int(trigger.get("b")), how, who)
                done = (_("Confirmed the pair.") if how == "confirm"
                        else _("Undid the pair: both cards count as one-sided."))
            else:
                return no_update, no_update, no_update, no_update
        except (TypeError, ValueError):
            return error_alert(_("That card or pair is not known."), _("Not done")), no_update, no_update, no_update
        except TocmapError as error:
            return error_alert(str(error), _("Not done")), no_update, no_update, no_update
        return _done(done), _bump(version), options, text_after

    @app.callback(
        Output(ids.SW_MAKE_MODAL, "is_open"), Output(ids.SW_MAKE_CARD, "data"), Output(ids.SW_MAKE_TEXT, "children"),
        Output(ids.SW_MAKE_KIND, "value"), Output(ids.SW_MAKE_MESSAGE, "children"),
        Input({"type": ids.SW_MAKE, "card": ALL}, "n_clicks"), Input(ids.SW_MAKE_CANCEL, "n_clicks"),
        State(ids.SW_EXERCISE, "value"), State(ids.FD_MAP, "data"),
        prevent_initial_call=True,
    )
    def open_make(_clicks, _cancel, exercise_id, meta):
        trigger = ctx.triggered_id
        if trigger == ids.SW_MAKE_CANCEL:
            return False, None, no_update, no_update, None
        map_id = _map_id(meta)
        if map_id is None or not isinstance(trigger, dict) or not _clicked() or not isinstance(exercise_id, int):
            return (no_update,) * 5
        card_id = trigger.get("card")
        found = [c for c in swot.cards(db, map_id, exercise_id, current_author()) if c.id == card_id]
        if not found:
            return no_update, no_update, no_update, no_update, no_update
        card = found[0]
        return True, {"card": card.id}, f"“{card.text}” ({_(sw.QUADRANT_TITLES[card.quadrant])})", sw.DEFAULT_KIND[card.quadrant].value, None

    @app.callback(
        Output(ids.SW_MAKE_MODAL, "is_open", allow_duplicate=True),
        Output(ids.SW_MAKE_MESSAGE, "children", allow_duplicate=True),
        Output(ids.FD_MESSAGE, "children", allow_duplicate=True), Output(ids.SW_VERSION, "data", allow_duplicate=True),
        Input(ids.SW_MAKE_SAVE, "n_clicks"), State(ids.SW_MAKE_CARD, "data"), State(ids.SW_MAKE_KIND, "value"),
        State(ids.SW_EXERCISE, "value"), State(ids.FD_MAP, "data"), State(ids.SW_VERSION, "data"),
        prevent_initial_call=True,
    )
    def make_element(clicks, card, kind, exercise_id, meta, version):
        map_id = _map_id(meta)
        card_id = card.get("card") if isinstance(card, dict) else None
        if map_id is None or not clicks or not isinstance(card_id, int) or not isinstance(exercise_id, int):
            return no_update, no_update, no_update, no_update
        try:
            element = swot.make_element(db, map_id, exercise_id, card_id, kind, current_author())
        except TocmapError as error:
            return no_update, error_alert(str(error), _("Not added")), no_update, no_update
        link = html.A(_("Show it on the map"), href=f"/maps/{map_id}?select={element.id}", className="alert-link ms-1")
        return False, None, dbc.Alert([html.I(className="bi bi-check-circle me-1"),
                                       _("Added “{label}” ({kind}) to the map.", label=element.label,
                                         kind=element.kind.title.lower()), link],
                                      color="success", dismissable=True, className="mb-2"), _bump(version)
