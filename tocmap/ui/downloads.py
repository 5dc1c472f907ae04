"""Plain HTTP routes for files: every export of a map, and its printable report.

- ``GET /maps/<id>/export/<format>`` downloads the map in a format (see ``tocmap export
  --format``), at its head, ``?revision=N`` or ``?snapshot=NAME``; ``?history=1`` adds the
  history to tocmap JSON.
- ``GET /maps/<id>/report`` opens the joint purpose map report as a page (same options).
- ``GET /maps/<id>/health/<round>/results.<csv|svg|png>`` downloads a revealed health check
  round's results (means, gaps and comments as CSV) or its spider chart (SVG or PNG).
- ``GET /maps/<id>/swot/<exercise>/board.<csv|xlsx|svg|png>`` downloads a revealed SWOT
  board (cards with their groupings as CSV/XLSX, or a picture as SVG/PNG).
- ``GET /maps/<id>/actions.<csv|xlsx>`` downloads a map's actions.

The sign-in gate of :mod:`tocmap.ui.auth` runs first; the export service then checks that
the signed-in user may view the map. Errors come back as a short page with the message
and the right status (400, 403, 404).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from flask import Flask, Response, request, send_file

from tocmap.domain.errors import InvalidInput, TocmapError
from tocmap.services import actions, exchange, health, swot
from tocmap.ui.auth import current_author

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database


def _version() -> tuple[int | None, str | None]:
    """The revision or snapshot asked for in the query string."""
    raw, snapshot = request.args.get("revision"), request.args.get("snapshot")
    if raw not in (None, "") and snapshot:
        raise InvalidInput("Ask for a revision or a snapshot, not both.")
    if raw not in (None, ""):
        if not raw.isdigit() or len(raw) > 12:
            raise InvalidInput(f"A revision is a whole number, not {raw[:20]!r}.")
        return int(raw), None
    return None, (snapshot or None)


def problem(error: TocmapError, map_id: int) -> Response:
    """A small page saying what went wrong, with the error's status."""
    body = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Cannot export</title>"
            f"<link rel='stylesheet' href='/assets/vendor/bootstrap.min.css'></head><body class='p-4'>"
            f"<h1 class='h4'>Cannot export this map</h1><p>{escape(str(error))}</p>"
            f"<p><a href='/maps/{map_id}'>Back to the map</a></p></body></html>")
    return Response(body, status=getattr(error, "status", 400), mimetype="text/html")


def _attachment(map_id: int, make: Callable[[], object]) -> Response:
    """The file ``make()`` exports, as a download that is never cached; or what went wrong."""
    try:
        exported = make()
    except TocmapError as error:
        return problem(error, map_id)
    response = send_file(io.BytesIO(exported.data), mimetype=exported.media_type, as_attachment=True,
                         download_name=exported.filename, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def register_routes(server: Flask, db: Database) -> None:
    """Add the export and report routes to the Flask server."""

    @server.route("/maps/<int:map_id>/export/<fmt>")
    def export_file(map_id: int, fmt: str):
        def make():
            revision, snapshot = _version()
            return exchange.export_map(db, map_id, fmt, revision, snapshot,
                                       with_history=request.args.get("history") in ("1", "true", "yes"),
                                       who=current_author())
        return _attachment(map_id, make)

    @server.route("/maps/<int:map_id>/report")
    def report(map_id: int):
        try:
            revision, snapshot = _version()
            exported = exchange.export_map(db, map_id, "report", revision, snapshot, who=current_author())
        except TocmapError as error:
            return problem(error, map_id)
        response = Response(exported.data, mimetype="text/html")
        response.headers["Content-Disposition"] = f'inline; filename="{exported.filename}"'
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @server.route("/maps/<int:map_id>/swot/<int:exercise_id>/board.<fmt>")
    def swot_board(map_id: int, exercise_id: int, fmt: str):
        return _attachment(map_id, lambda: swot.export_board(db, map_id, exercise_id, fmt, who=current_author()))

    @server.route("/maps/<int:map_id>/health/<int:round_id>/results.<fmt>")
    def health_results(map_id: int, round_id: int, fmt: str):
        return _attachment(map_id, lambda: health.export_results(db, map_id, round_id, fmt, who=current_author()))

    @server.route("/maps/<int:map_id>/actions.<fmt>")
    def actions_file(map_id: int, fmt: str):
        return _attachment(map_id, lambda: actions.export_actions(db, map_id, fmt, who=current_author()))
