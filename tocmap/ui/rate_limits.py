"""Rate limits (Flask-Limiter) on what can be guessed: sign-in, workshop codes, one-time links, and the API.

Counts live in Redis when ``TOCMAP_REDIS_URL`` is set, so every server process counts together;
otherwise in the memory of the one process. Each limit is a setting (``10/minute;30/hour``); an empty
one switches that limit off. Sign-in counts per address and, separately, per account, so one address
cannot try many passwords on one account and many addresses cannot share the guessing of one account.
A refused request gets 429 with ``Retry-After``: JSON for the API, a readable page for the forms.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from flask import Flask, jsonify, make_response, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits import parse_many

from tocmap.domain.errors import InvalidInput
from tocmap.i18n import _, ngettext
from tocmap.settings import Settings, setting
from tocmap.ui.auth import form_page  # the sign-in pages' look

#: The routes each limit guards: (setting, endpoints, the methods counted, which answers count).
#: Sign-in and join count only failures, so fifty people joining from one room's address are never held up.
GUARDED: tuple[tuple[str, tuple[str, ...], tuple[str, ...] | None, Callable | None], ...] = (
    ("limit_signin", ("signin",), ("POST",), lambda response: response.status_code != 302),
    ("limit_join", ("join",), None, lambda response: response.status_code not in (200, 302)),
    ("limit_links", ("setup", "invite", "reset", "forgot"), None, None),
)
API_BLUEPRINT = "api"


def account_key() -> str:
    """The account a sign-in attempt is for (the email as typed, folded), so its guesses count together."""
    return "account:" + request.form.get("email", "").strip().lower()


def install(server: Flask, settings: Settings) -> Limiter:
    """Put the limits on the server's guarded routes and the API (call after every route is added)."""
    for name in ("limit_signin", "limit_join", "limit_links", "limit_api"):
        _check(name, getattr(settings, name))
    limiter = Limiter(get_remote_address, app=server, storage_uri=_storage(settings), strategy="moving-window",
                      headers_enabled=False, key_prefix="tocmap-limits", swallow_errors=True,
                      in_memory_fallback_enabled=True)
    for name, endpoints, methods, counted in GUARDED:
        _guard(server, limiter, endpoints, getattr(settings, name), methods, counted, scope=name)
    _guard(server, limiter, ("signin",), settings.limit_signin, ("POST",), GUARDED[0][3], scope="signin-account",
           key=account_key)
    if settings.limit_api and API_BLUEPRINT in server.blueprints:
        limiter.limit(settings.limit_api)(server.blueprints[API_BLUEPRINT])
    server.register_error_handler(RateLimitExceeded, lambda error: _refused(limiter, error))
    return limiter


def _check(name: str, value: str) -> None:
    """Refuse a limit that does not read as one, naming its variable, before the server starts."""
    try:
        if value:
            parse_many(value)
    except ValueError:
        raise InvalidInput(f"{setting(name).env} must read like 10/minute;30/hour (or be empty for no limit), "
                           f"not {value!r}") from None


def _storage(settings: Settings) -> str:
    return settings.redis_url or "memory://"


def _guard(server: Flask, limiter: Limiter, endpoints: tuple[str, ...], value: str,
           methods: tuple[str, ...] | None, counted: Callable | None, *, scope: str,
           key: Callable[[], str] | None = None) -> None:
    """Wrap these endpoints' views in one limit they share (nothing when the setting is empty).

    ``counted`` decides from the answer whether the request counts (None: every request does).
    """
    if not value:
        return
    decorator = limiter.shared_limit(value, scope, key_func=key, methods=list(methods) if methods else None,
                                     deduct_when=counted)
    for endpoint in endpoints:
        if endpoint in server.view_functions:
            server.view_functions[endpoint] = decorator(server.view_functions[endpoint])


def wait_words(seconds: int) -> str:
    """How long to wait, in words.

    Examples
    --------
    >>> wait_words(1), wait_words(45), wait_words(61), wait_words(3600)
    ('1 second', '45 seconds', '2 minutes', '60 minutes')
    """
    if seconds < 60:
        return ngettext("{n} second", "{n} seconds", seconds)
    return ngettext("{n} minute", "{n} minutes", math.ceil(seconds / 60))


def _refused(limiter: Limiter, error: RateLimitExceeded):
    """429 with Retry-After and a message that says what happened and how long to wait."""
    current = limiter.current_limit
    seconds = max(1, int(current.reset_at - time.time())) if current else 60
    message = _("Too many attempts: wait {wait} and try again. (This limit protects accounts and workshops "
                "from guessing.)", wait=wait_words(seconds))
    if request.path.startswith("/api/"):
        response = jsonify(message=message)
    else:
        response = make_response(form_page(_("Please wait"), "limited.html", error=message))
    response.status_code = 429
    response.headers["Retry-After"] = str(seconds)
    return response
