"""GET /live/maps/<id>: what changed since a revision, as a canvas delta, and who else is here.

Polled twice a second by assets/editor.js when the push channel (tocmap/push.py) is refused. The answer also says
when the map's discussion last changed; the page then asks GET /live/maps/<id>/talk which
elements and links have open comment threads.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from dash import html
from flask import Flask, jsonify, request

from tocmap.domain.changes import Batch
from tocmap.domain.errors import TocmapError
from tocmap.i18n import _
from tocmap.services import comments, live
from tocmap.ui.auth import current_author
from tocmap.ui.canvas import cy_elements, delta

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database


def register_routes(server: Flask, db: Database) -> None:
    @server.route("/live/maps/<int:map_id>")
    def live_map(map_id: int):
        since = request.args.get("since", "")
        if not since.lstrip("-").isdigit():
            return jsonify(message=_("Ask with since=, a revision number.")), 400
        try:
            result = live.poll(db, map_id, current_author(), int(since), request.args.get("selected", ""))
        except TocmapError as error:
            return jsonify(message=str(error)), error.status
        return jsonify(
            revision=result.news.revision,
            delta=delta_of(result.news),
            present=[{"name": p["name"], "selected": p["selected"]} for p in result.present],
            comments_changed=result.comments_changed_ms,
            changes=history_lines(result.news),
        )

    @server.route("/live/maps/<int:map_id>/talk")
    def open_threads(map_id: int):
        """Unresolved comment threads per element or link: {item id: count}."""
        try:
            counts = comments.open_counts(db, map_id, who=current_author())
        except TocmapError as error:
            return jsonify(message=str(error)), error.status
        return jsonify({item: n for (kind, item), n in counts.items() if kind in ("element", "link")})


def delta_of(news: live.News) -> dict | None:
    """The canvas patch that brings a copy from the asked revision to ``news.revision``."""
    if news.state is None:
        return None
    if news.records is None:
        return {"replace": cy_elements(news.state, news.partnership)}
    return delta(news.state, news.partnership, Batch(ops=[r.change for r in news.records]))


def history_lines(news: live.News) -> list[dict]:
    """The history panel's lines for the changes a copy has not seen."""
    return [{"revision": r.revision, "user": r.author.name, "summary": r.summary} for r in news.records or []]


def live_count(key: str, text: str, names: dict[str, str]) -> html.Span:
    """Counts of private answers ("MoH 2, AIPH 1") that assets/live-counts.js keeps current from the push stream.

    ``key`` is "health:ROUND" or "swot:EXERCISE", as in the stream's ``tallies`` event; ``names`` turns
    partner ids into the short names shown.
    """
    return html.Span(text, className="tm-live-count", **{"data-tally": key, "data-names": json.dumps(names)})
