"""The editor's Discuss tab: comment threads on the selected element or link, or on the map.

With nothing selected the tab lists every open thread on the map (and a new comment goes
on the map itself). Threads redraw when someone else comments: live polling reports when
the map's discussion last changed, and the tab redraws only while it is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from tocmap.domain.comments import COMMENT_MAX, Thread, subject_label
from tocmap.i18n import _, format_datetime, pgettext
from tocmap.services import comments, maps
from tocmap.ui.editor import ids
from tocmap.ui.auth import current_author
from tocmap.ui.presenters import partner_names

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

TAB = "discuss"


def panel() -> html.Div:
    """The tab's frame; threads are drawn when the tab is open."""
    return html.Div(
        [
            dcc.Store(id=ids.COMMENTS_CHANGED),
            dcc.Store(id=ids.COMMENTS_DUE),
            html.Div(id=ids.COMMENTS_SUBJECT, className="tm-field-label"),
            dbc.Textarea(id=ids.COMMENT_TEXT, placeholder=_("Ask a question or make a point…"), rows=2,
                         maxLength=COMMENT_MAX, className="mb-1"),
            html.Div(
                [
                    dbc.Button([html.I(className="bi bi-chat-left-text me-1"), pgettext("verb", "Comment")], id=ids.COMMENT_SEND,
                               size="sm", color="primary"),
                    dbc.Switch(id=ids.COMMENTS_RESOLVED, label=_("Show resolved"), value=False,
                               className="tm-comments-switch"),
                ],
                className="tm-comments-actions",
            ),
            html.Div(id=ids.COMMENTS_LIST, className="tm-threads"),
        ],
        className="tm-comments",
    )


def _subject(selection: dict | None) -> tuple[str, str]:
    if selection and selection.get("type") in ("element", "link"):
        return selection["type"], selection["id"]
    return "map", ""


def draw(db: Database, meta: dict, selection: dict | None, show_resolved: bool) -> tuple:
    """The heading and the thread cards for the selection (or the whole map)."""
    who = current_author()
    _info, partnership, state = maps.get_map(db, meta["map_id"], who=who)
    kind, item_id = _subject(selection)
    if kind == "map":
        found = comments.threads(db, meta["map_id"], who=who)
        heading = _("Open threads on this map (select an element or link to discuss it)")
    else:
        found = comments.threads(db, meta["map_id"], kind, item_id, who=who)
        heading = _("Comments on {subject}", subject=subject_label(state, kind, item_id))
    shown = [t for t in found if show_resolved or t.is_open]
    partners = partner_names(partnership)
    cards = [_thread_card(t, partners, subject_label(state, t.subject_kind, t.subject_id) if kind == "map" else None)
             for t in shown]
    if not cards:
        hidden = len(found) - len(shown)
        cards = [html.Div(_("No comments yet.") if not hidden else _("No open threads ({n} resolved).", n=hidden),
                          className="tm-panel-empty")]
    return heading, cards


def _thread_card(thread: Thread, partners: dict[str, str], about: str | None) -> dbc.Card:
    how = "reopen" if not thread.is_open else "resolve"
    header = [html.Small(about, className="tm-thread-about")] if about else []
    if not thread.is_open:
        header.append(html.Small([html.I(className="bi bi-check2-circle me-1"), _("Resolved by {name}", name=thread.resolved_by)],
                                 className="text-success"))
    body = [
        html.Div(
            [html.Div([html.Strong(c.author), html.Span(" · " + partners.get(c.partner, _("no partner"))),
                       html.Span(" · " + format_datetime(c.at, "short"), className="text-secondary")], className="tm-comment-by"),
             html.Div(c.text, className="tm-comment-text")],
            className="tm-comment",
        )
        for c in thread.comments
    ]
    reply = dbc.InputGroup(
        [dbc.Input(id={"type": ids.COMMENT_REPLY_TEXT, "thread": thread.id}, placeholder=_("Reply…"),
                   maxLength=COMMENT_MAX, size="sm"),
         dbc.Button(_("Reply"), id={"type": ids.COMMENT_REPLY, "thread": thread.id}, size="sm", color="light")],
        size="sm", className="mt-1",
    )
    toggle = dbc.Button(_("Resolve") if thread.is_open else _("Reopen"), color="link", size="sm",
                        id={"type": ids.COMMENT_RESOLVE, "thread": thread.id, "how": how},
                        className="tm-thread-toggle")
    return dbc.Card(dbc.CardBody([*header, *body, reply, toggle]),
                    className="tm-thread" + ("" if thread.is_open else " tm-thread-resolved"))


def register_callbacks(app, db: Database) -> None:
    """Wire the tab: draw when open and something changed; start, reply, resolve."""

    # redraw only while the tab is on screen: no request otherwise
    app.clientside_callback(
        """function(changed, selection, tab, resolved) {
            return tab === 'discuss' ? [changed, selection, resolved, Date.now()] : window.dash_clientside.no_update;
        }""",
        Output(ids.COMMENTS_DUE, "data"),
        Input(ids.COMMENTS_CHANGED, "data"), Input(ids.SELECTION, "data"), Input(ids.PANEL_TABS, "active_tab"),
        Input(ids.COMMENTS_RESOLVED, "value"),
    )

    @app.callback(Output(ids.COMMENTS_SUBJECT, "children"), Output(ids.COMMENTS_LIST, "children"),
                  Input(ids.COMMENTS_DUE, "data"), State(ids.SELECTION, "data"), State(ids.COMMENTS_RESOLVED, "value"),
                  State(ids.EDITOR_MAP, "data"), prevent_initial_call=True)
    def show_threads(_event, selection, show_resolved, meta):
        return draw(db, meta, selection, bool(show_resolved))

    @app.callback(Output(ids.COMMENTS_LIST, "children", allow_duplicate=True), Output(ids.COMMENT_TEXT, "value"),
                  Input(ids.COMMENT_SEND, "n_clicks"), State(ids.COMMENT_TEXT, "value"),
                  State(ids.SELECTION, "data"), State(ids.COMMENTS_RESOLVED, "value"), State(ids.EDITOR_MAP, "data"),
                  prevent_initial_call=True)
    def start_thread(_event, text, selection, show_resolved, meta):
        kind, item_id = _subject(selection)
        comments.start_thread(db, meta["map_id"], kind, item_id, text, current_author())
        return draw(db, meta, selection, bool(show_resolved))[1], ""

    @app.callback(Output(ids.COMMENTS_LIST, "children", allow_duplicate=True),
                  Input({"type": ids.COMMENT_REPLY, "thread": ALL}, "n_clicks"),
                  Input({"type": ids.COMMENT_RESOLVE, "thread": ALL, "how": ALL}, "n_clicks"),
                  State({"type": ids.COMMENT_REPLY_TEXT, "thread": ALL}, "value"),
                  State(ids.SELECTION, "data"), State(ids.COMMENTS_RESOLVED, "value"), State(ids.EDITOR_MAP, "data"),
                  prevent_initial_call=True)
    def answer(replies, toggles, _texts, selection, show_resolved, meta):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any((replies or []) + (toggles or [])):
            return no_update  # the buttons were just drawn
        if trigger["type"] == ids.COMMENT_REPLY:
            typed = {item["id"]["thread"]: item.get("value") for item in ctx.states_list[0]}
            comments.reply(db, meta["map_id"], trigger["thread"], typed.get(trigger["thread"]), current_author())
        else:
            comments.resolve(db, meta["map_id"], trigger["thread"], current_author(), trigger["how"] == "resolve")
        return draw(db, meta, selection, bool(show_resolved))[1]
