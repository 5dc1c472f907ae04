"""Sign-in, sign-out, first set-up, workshop join, and the gate in front of everything else.

Plain Flask pages (they work without JavaScript) styled with the app's Bootstrap. Every
request but these pages and static files needs a signed-in user; every state-changing
request made with the session cookie needs the CSRF token (the Dash renderer sends the
``_csrf_token`` cookie back as ``X-CSRFToken``).
"""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    request,
    session,
)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf, validate_csrf
from jinja2 import Environment, FileSystemLoader
from wtforms import ValidationError

from tocmap import i18n
from tocmap.domain.errors import TocmapError
from tocmap.domain.model import Author
from tocmap.domain.people import User
from tocmap.i18n import _
from tocmap.services import accounts
from tocmap.settings import Settings
from tocmap.ui import language

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

PUBLIC_PREFIXES = ("/signin", "/setup/", "/join", "/assets/", "/_favicon.ico", "/api/", "/invite/", "/forgot",
                   "/reset/",
                   "/calendar/")  # calendar programs send no cookie: the feed's secret token is its key
#: Public pages with a form: they set the CSRF cookie before anyone signs in.
FORM_PAGES = ("/signin", "/setup/", "/join", "/invite/", "/forgot", "/reset/")
CSRF_COOKIE = "_csrf_token"
#: The "stay signed in" cookie: a random token, replaced by a new one each time it signs someone in again.
REMEMBER_COOKIE = "tocmap_remember"
STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
#: The plain pages' templates.
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Files a page loads beside it: they never spend the remember token (the page's request does, once).
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")
#: A session's "last seen" time is rewritten at most this often (not a new cookie on every request).
SEEN_EVERY_MS = 60 * 1000


class SignedIn(UserMixin):
    """The Flask-Login view of a user."""

    def __init__(self, user: User):
        self.user = user
        self.id = str(user.id)


def current_author() -> Author:
    """The signed-in user as the author of a change (services add the partner)."""
    if current_user is None or not current_user.is_authenticated:
        return Author(name="Signed out")  # has no user id: every service refuses it
    return accounts.author_of(current_user.user)


def now_ms() -> int:
    """Milliseconds since the epoch, as sessions record them."""
    return int(time.time() * 1000)


def start_session(user: User, *, remember: bool, signed_in_ms: int | None = None) -> None:
    """Sign this user in on this browser: a session of their current generation, and a remember token if asked.

    ``user`` must be read after any change of its session generation (a password change raises it).
    """
    sessions = current_app.extensions["tocmap_sessions"]
    login_user(SignedIn(user), remember=False)  # Flask-Login's own remember cookie never rotates: ours does
    stamp = now_ms()
    session.update(generation=user.session_generation, signed_in_ms=signed_in_ms or stamp, seen_ms=stamp)
    if remember:
        g.remember_token = accounts.remember(sessions.db, user, sessions.rules, session["signed_in_ms"])


def end_session(*, everywhere: bool) -> None:
    """Sign out of this browser, and with ``everywhere`` end every session and remember token of the account."""
    if everywhere and current_user.is_authenticated:
        accounts.sign_out(current_app.extensions["tocmap_sessions"].db, current_author())
    logout_user()
    session.clear()
    g.remember_token = ""  # the cookie is deleted


class _Sessions:
    """What the session helpers need from the app: its database and the session rules."""

    def __init__(self, db: Database, rules: accounts.SessionRules):
        self.db, self.rules = db, rules


def install(server: Flask, db: Database, settings: Settings) -> None:
    """Secure the Flask server: sessions, CSRF, the sign-in pages and the gate."""
    server.secret_key = accounts.session_key(db, settings.secret_key)
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_CHECK_DEFAULT=False, WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_SSL_STRICT=False,
    )
    rules = accounts.SessionRules.of(settings.session_idle_minutes, settings.session_max_hours)
    server.extensions["tocmap_sessions"] = _Sessions(db, rules)
    csrf = CSRFProtect(server)
    logins = LoginManager(server)

    @logins.user_loader
    def load_user(user_id: str):
        stamp = now_ms()
        user = accounts.session_user(db, {**session, "_user_id": user_id}, rules, stamp)
        if user is None:
            return None  # signed out everywhere, password changed or reset, account disabled, timed out
        if stamp - session.get("seen_ms", 0) >= SEEN_EVERY_MS:
            session["seen_ms"] = stamp
        return SignedIn(user)

    @server.before_request
    def gate():
        path = request.path
        if request.method in STATE_CHANGING and (_carries_our_cookie(server) or not _uses_token()):
            csrf.protect()  # a Bearer header does not excuse a request that a browser's cookies sign
        if (request.cookies.get(REMEMBER_COOKIE) and not path.startswith(STATIC_PREFIXES)
                and not current_user.is_authenticated):
            _sign_in_again(db, rules)  # not for files: the page's own request restores the session once
        if path.startswith(PUBLIC_PREFIXES) or current_user.is_authenticated:
            return None
        if path.startswith("/_dash-update-component"):
            return jsonify(message=_("Sign in first.")), 401
        if path.startswith("/_dash"):
            return Response(_("Sign in first."), status=401)
        return redirect(f"/signin?next={path}")

    @server.after_request
    def remember_cookie(response):
        """Set the new remember token, or delete the cookie when its session ended."""
        token = g.get("remember_token")
        if token:
            response.set_cookie(REMEMBER_COOKIE, token, max_age=rules.max_ms // 1000, httponly=True,
                                samesite="Lax", secure=settings.secure_cookies)
        elif token == "":
            response.delete_cookie(REMEMBER_COOKIE, httponly=True, samesite="Lax", secure=settings.secure_cookies)
        return response

    @server.after_request
    def csrf_cookie(response):
        """Hand out the CSRF token when the browser lacks a valid one (not re-signed on every answer).

        The one cookie scripts may read: the Dash renderer sends it back as the ``X-CSRFToken`` header.
        """
        if _has_valid_csrf_cookie():
            return response
        if current_user.is_authenticated or request.path.startswith(FORM_PAGES):
            response.set_cookie(CSRF_COOKIE, generate_csrf(), samesite="Lax", secure=settings.secure_cookies)
        return response

    @server.errorhandler(CSRFError)
    def refused(error):
        return jsonify(message=_("Refused: this page's security token (CSRF) is missing or out of date. "
                                 "Reload the page and try again.")), 400

    _routes(server, db, settings)
    if settings.admin_email and settings.admin_password:
        accounts.ensure_admin(db, settings.admin_email, settings.admin_password)


def _has_valid_csrf_cookie() -> bool:
    """Whether the request carries a CSRF cookie that this session's token signed."""
    try:
        validate_csrf(request.cookies.get(CSRF_COOKIE))
    except ValidationError:
        return False
    return True


def _uses_token() -> bool:
    return request.headers.get("Authorization", "").startswith("Bearer ")


def _carries_our_cookie(server: Flask) -> bool:
    """Whether the request carries the session or remember cookie: a browser's, which CSRF must guard."""
    return bool(request.cookies.get(server.config["SESSION_COOKIE_NAME"]) or request.cookies.get(REMEMBER_COOKIE))


def _sign_in_again(db: Database, rules: accounts.SessionRules) -> None:
    """Restore a session from the remember cookie, replacing its token; forget a token that no longer works."""
    restored = accounts.use_remember_token(db, request.cookies[REMEMBER_COOKIE], rules)
    if restored is None:
        g.remember_token = ""
        return
    user, fresh, signed_in_ms = restored
    start_session(user, remember=False, signed_in_ms=signed_in_ms)
    g.remember_token = fresh


def _safe_next(target: str | None) -> str:
    """Only paths on this site: never an open redirect."""
    parsed = urlparse(target or "/")
    return parsed.path if parsed.path.startswith("/") and not parsed.netloc and not parsed.path.startswith("//") else "/"


def _routes(server: Flask, db: Database, settings: Settings) -> None:
    @server.route("/signin", methods=["GET", "POST"])
    def signin():
        error = None
        if request.method == "POST":
            try:
                user = accounts.authenticate(db, request.form.get("email", ""), request.form.get("password", ""))
                start_session(user, remember=True)
                return redirect(_safe_next(request.args.get("next")))
            except TocmapError as refusal:
                error = str(refusal)
        return form_page(_("Sign in"), "signin.html", error=error, email=request.form.get("email", ""))

    @server.route("/signout", methods=["POST"])
    def signout():
        end_session(everywhere=True)
        return redirect("/signin")

    @server.route("/setup/<token>", methods=["GET", "POST"])
    def setup(token: str):
        error = None
        if request.method == "POST":
            try:
                user = accounts.complete_setup(db, token, request.form.get("email", ""), request.form.get("name", ""),
                                               request.form.get("password", ""))
                start_session(user, remember=True)
                return redirect("/")
            except TocmapError as refusal:
                error = str(refusal)
        return form_page(_("Set up tocmap"), "setup.html", error=error, form=request.form)

    @server.route("/join", methods=["GET"])
    def join_form():
        code = request.args.get("code", "").strip()
        return redirect(f"/join/{code}") if code else form_page(_("Join a workshop"), "join_code.html")

    @server.route("/join/<code>", methods=["GET", "POST"])
    def join(code: str):
        try:
            title, partners = accounts.workshop_partners(db, code, code_hours=settings.join_code_hours)
        except TocmapError as refusal:
            return form_page(_("Join a workshop"), "join_code.html", error=str(refusal)), 404
        error = None
        if request.method == "POST":
            try:
                partner = request.form.get("partner") or None
                user, map_id = accounts.join_workshop(db, code, request.form.get("name", ""), partner,
                                                      code_hours=settings.join_code_hours)
                start_session(user, remember=False)
                return redirect(f"/maps/{map_id}")
            except TocmapError as refusal:
                error = str(refusal)
        return form_page(_("Join a workshop"), "join.html", error=error, map_title=title, partners=partners, code=code,
                         form=request.form)

    @server.route("/whoami")
    def whoami():
        if not current_user.is_authenticated:
            abort(401)
        user = current_user.user
        return jsonify(id=user.id, name=user.name, email=user.email, admin=user.is_admin, guest=user.is_guest)


@cache
def _templates() -> Environment:
    """The plain pages' templates (``tocmap/ui/templates``), escaping every value, translating with ``_``."""
    pages = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    pages.globals.update(_=language.marked_up, bold=language.bold, anchor=language.anchor,
                         html_attributes=language.html_attributes, available=language.own_names,
                         current_language=i18n.current)
    return pages


def render(template: str, **context) -> str:
    """A plain page from its template in ``tocmap/ui/templates``, in the reader's language."""
    return _templates().get_template(template).render(csrf_token=generate_csrf(), **context)


def form_page(heading: str, template: str, **context) -> str:
    """A page of the sign-in card (``template`` extends card.html) under its ``heading``."""
    return render(template, title=heading, **context)
