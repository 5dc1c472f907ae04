"""What an operator sees: one log line for each refusal, failed import, unhandled error and slow request.

The standard library's :mod:`logging`, under the logger ``tocmap``: under gunicorn it writes
through gunicorn's error log (its handlers and level), elsewhere to standard error. Lines:

- ``refused request=<id> who=<account> what=<request> why=<message>`` (INFO), for every
  refusal shown to someone; the most recent ones are also kept in the ``refusals`` table for
  the administrators' page, written in a short transaction of their own once the request's
  transaction is over, so a rolled-back refusal is still recorded;
- ``import failed ...`` (WARNING, logger ``tocmap.imports``), from the exchange services;
- ``crash request=<id> ...`` (ERROR, with the traceback): the person sees the same request id,
  which every response also carries in its ``X-Request-Id`` header;
- ``slow request=<id> ms=<n> ...`` (WARNING), from ``TOCMAP_SLOW_REQUEST_MS`` on.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, has_request_context, jsonify, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException, InternalServerError

from tocmap.domain.people import Refusal
from tocmap.i18n import N_, _
from tocmap.services import refusals as refusal_record
from tocmap.settings import Settings

LOG = logging.getLogger("tocmap")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
#: What a person sees when something failed on our side (with the request id to quote).
CRASH_MESSAGE = N_("Something went wrong on our side and nothing was changed. If it happens again, tell your "
                   "administrator the request id {request_id}.")


def configure() -> None:
    """Send the ``tocmap`` logger's lines to gunicorn's error log when running under it, else to stderr."""
    gunicorn = logging.getLogger("gunicorn.error")
    if gunicorn.handlers:
        LOG.handlers = list(gunicorn.handlers)
        LOG.setLevel(gunicorn.level)
        LOG.propagate = False
        return
    if LOG.level == logging.NOTSET:
        LOG.setLevel(logging.INFO)
    if not LOG.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(_FORMAT))
        LOG.addHandler(handler)


def one_line(text: object, limit: int = 300) -> str:
    """Text fit for one log line: no line breaks, cut at ``limit`` characters.

    >>> one_line("two\\nlines"), one_line("x" * 10, 4)
    ('two lines', 'xxx…')
    """
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def request_id() -> str:
    """The current request's id ("-" outside a request)."""
    return g.get("request_id", "-") if has_request_context() else "-"


def _who() -> str:
    if not has_request_context():
        return "command line"
    if current_user and current_user.is_authenticated:
        user = current_user.user
        return one_line(f"{user.email or user.name} (account {user.id})", 200)
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return "an API token"
    return f"anonymous ({request.remote_addr or 'unknown address'})"


def _what() -> str:
    if not has_request_context():
        return "a command"
    if request.path == "/_dash-update-component":
        try:
            body = request.get_json(silent=True)
        except HTTPException:  # a body too large to read: the path says enough
            body = None
        output = body.get("output") if isinstance(body, dict) else None
        return one_line(f"callback {str(output).split('@')[0]}", 300)
    return one_line(f"{request.method} {request.path}", 300)


def refusal(why: object, *, who: str | None = None, what: str | None = None) -> None:
    """Log one refusal, and keep it for the administrators' page when inside a request."""
    who, what, why = who or _who(), what or _what(), one_line(why, 500)
    LOG.info("refused request=%s who=%s what=%s why=%s", request_id(), who, what, why)
    if has_request_context():
        g.setdefault("tocmap_refusals", []).append(Refusal(int(time.time() * 1000), who, what, why, request_id()))


def crash(error: BaseException) -> str:
    """Log an unhandled error with its traceback; return the message the person sees (with the request id)."""
    LOG.error("crash request=%s who=%s what=%s error=%s", request_id(), _who(), _what(),
              one_line(repr(error)), exc_info=error)
    return _(CRASH_MESSAGE, request_id=request_id())


#: Answers that refuse a request; one refused without a logged reason is logged from its answer.
#: (Not 404: addresses that do not exist are not refusals, and scanners would flood the record.)
REFUSED_STATUSES = frozenset({400, 401, 403, 405, 409, 413, 422, 429})


def _why_of(response: Response) -> str:
    """The message a refusing answer carries (JSON ``message``), else its status."""
    if response.is_json and not response.headers.get("Content-Encoding"):
        message = (response.get_json(silent=True) or {}).get("message") if not response.is_streamed else None
        if isinstance(message, str) and message:
            return message
    return f"HTTP {response.status}"


def install(server: Flask, db, settings: Settings) -> None:
    """Give every request an id and a clock; log slow requests and crashes; record refusals after the request."""
    configure()
    slow_ms = settings.slow_request_ms

    @server.before_request
    def start_clock():
        sent = request.headers.get("X-Request-Id", "")
        g.request_id = sent if _REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex[:16]
        g.started = time.perf_counter()

    @server.after_request
    def stamp(response: Response) -> Response:
        response.headers["X-Request-Id"] = request_id()
        if response.status_code in REFUSED_STATUSES and "tocmap_refusals" not in g:
            refusal(_why_of(response))  # refused outside the services' errors: CSRF, sign-in, rate limits...
        took = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        if slow_ms > 0 and took >= slow_ms:
            LOG.warning("slow request=%s ms=%d who=%s what=%s status=%s", request_id(), took, _who(), _what(),
                        response.status_code)
        return response

    @server.teardown_request
    def keep_refusals(_error):
        found = g.pop("tocmap_refusals", None)
        if found:
            try:
                refusal_record.record(db, found, settings.refusals_kept)
            except Exception:  # the record must never break the answer; the log line is already written
                LOG.exception("could not record %d refusals", len(found))

    server.log_exception = lambda exc_info: None  # the crash line below carries the traceback, once, with the id

    @server.errorhandler(InternalServerError)
    def crashed(error: InternalServerError):
        message = crash(getattr(error, "original_exception", None) or error)
        if request.path.startswith(("/api/", "/_dash")):
            response = jsonify(message=message, request_id=request_id())
        else:
            response = Response(message, mimetype="text/plain")
        response.status_code = 500
        response.headers["X-Request-Id"] = request_id()
        return response
