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

Every route takes ``?lang=xx``: the file's headings, labels and report in that language (one of
:func:`tocmap.i18n.available`); without it, in the reader's own language.

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

from tocmap import i18n
from tocmap.domain.errors import InvalidInput, TocmapError
from tocmap.i18n import _
from tocmap.services import actions, exchange, health, swot
from tocmap.ui.auth import current_author

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database


def _version() -> tuple[int | None, str | None]:
    """The revision or snapshot asked for in the query string."""
    raw, snapshot = request.args.get("revision"), request.args.get("snapshot")
    if raw not in (None, "") and snapshot:
        raise InvalidInput(_("Ask for a revision or a snapshot, not both."))
    if raw not in (None, ""):
        if not raw.isdigit() or len(raw) > 12:
            raise InvalidInput(_("A revision is a whole number, not {value}.", value=repr(raw[:20])))
        return int(raw), None
    return None, (snapshot or None)


def export_language() -> str:
    """The language the file is asked for in (``?lang=``), else the reader's; a clear error for one tocmap lacks."""
    asked = (request.args.get("lang") or "").strip()
    if not asked:
        return i18n.current()
    offered = i18n.available()
    if asked not in offered:
        raise InvalidInput(_("tocmap has no language '{code}'. Languages: {codes}.", code=asked[:20],
                             codes=", ".join(offered)))
    return asked


def exported_in_language(make: Callable[[], object]):
    """What ``make()`` exports, made in the language the file is asked for."""
    with i18n.using(export_language()):
        return make()


def problem(error: TocmapError, map_id: int) -> Response:
    """A small page, in the reader's language, saying what went wrong, with the error's status."""
    title, heading, back = _("Cannot export"), _("Cannot export this map"), _("Back to the map")
    body = (f"<!DOCTYPE html><html lang='{i18n.current()}'><head><meta charset='utf-8'>"
            f"<title>{escape(title)}</title>"
            f"<link rel='stylesheet' href='/assets/vendor/bootstrap.min.css'></head><body class='p-4'>"
            f"<h1 class='h4'>{escape(heading)}</h1><p>{escape(str(error))}</p>"
            f"<p><a href='/maps/{map_id}'>{escape(back)}</a></p></body></html>")
    return Response(body, status=getattr(error, "status", 400), mimetype="text/html")


def _attachment(map_id: int, make: Callable[[], object]) -> Response:
    """The file ``make()`` exports (in the language asked for), as a download never cached; or what went wrong."""
    try:
        exported = exported_in_language(make)
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
            exported = exported_in_language(
                lambda: exchange.export_map(db, map_id, "report", revision, snapshot, who=current_author()))
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
