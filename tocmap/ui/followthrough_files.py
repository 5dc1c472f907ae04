"""Plain HTTP routes of follow-through: the calendar feed and the partnership pack.

- ``GET /calendar/<token>.ics``: someone's reminders as an iCalendar feed. Public, because
  calendar programs send no cookies: the secret token is the key (see
  :func:`tocmap.services.reminders.renew_calendar`).
- ``GET /maps/<id>/pack``: the partnership pack, a printable page to read before a session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, Response, request

from tocmap.domain.errors import TocmapError
from tocmap.services import journey, reminders
from tocmap.ui.auth import current_author
from tocmap.ui.downloads import problem

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database


def register_routes(server: Flask, db: Database, site: str | None = None) -> None:
    """Add the routes to the Flask server; ``site`` starts links in the calendar (default: the request's host)."""

    @server.route("/calendar/<token>.ics")
    def calendar_feed(token: str):
        try:
            data = reminders.calendar_feed(db, token, site or request.host_url.rstrip("/"))
        except TocmapError as error:
            return Response(str(error), status=error.status, mimetype="text/plain")
        response = Response(data, mimetype="text/calendar")
        response.headers["Cache-Control"] = "no-store"
        return response

    @server.route("/maps/<int:map_id>/pack")
    def pack(map_id: int):
        try:
            page = journey.pack(db, map_id, who=current_author())
        except TocmapError as error:
            return problem(error, map_id)
        response = Response(page, mimetype="text/html")
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
