"""One's own account, forgotten passwords and invitations: plain Flask pages that work without JavaScript.

``/account``: name, language and password (and, for a workshop guest, an email and password to
keep the account). ``/forgot`` and ``/reset/TOKEN``: a reset link by email. ``/invite/TOKEN``:
accept an invitation with a new account or the one signed in. The services decide who may.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlparse

from flask import Flask, redirect, request
from flask_login import current_user

from tocmap import i18n
from tocmap.adapters.mail import Mailer
from tocmap.domain.roles import Role
from tocmap.domain.errors import TocmapError
from tocmap.i18n import N_, _
from tocmap.services import account_admin, accounts, invitations
from tocmap.settings import Settings
from tocmap.ui.auth import _safe_next, current_author, end_session, form_page, render, start_session
from tocmap.ui.language import own_names

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database


def base_url(settings: Settings) -> str:
    """The address links in emails start with: the setting, else the address of this request."""
    return settings.base_url or request.host_url


def install(server: Flask, db: Database, settings: Settings) -> None:
    """Add the account, password-reset and invitation pages."""
    mailer = Mailer.from_settings(settings)

    @server.route("/account", methods=["GET", "POST"])
    def account():
        error, done = None, None if request.method == "POST" else request.args.get("done")
        if request.method == "POST":
            try:
                done = _save_account(db, request.form)
                return redirect(f"/account?done={done}")
            except TocmapError as refusal:
                error = str(refusal)
        done_text = _(DONE[done]) if done in DONE else None
        return signed_in_page(_("Your account"), "account.html", error=error, done=done_text, user=current_user.user,
                              languages=own_names())

    @server.route("/language", methods=["POST"])
    def choose_language():
        """The top bar's language switch: save the choice, then show the same page again, in that language."""
        code = request.form.get("language", "")
        if code in i18n.available():
            account_admin.update_profile(db, current_author(), language=code)
        return redirect(_page_before())

    @server.route("/forgot", methods=["GET", "POST"])
    def forgot():
        error, sent = None, None
        if request.method == "POST":
            try:
                sent = account_admin.forgot_password(db, request.form.get("email", ""), base_url=base_url(settings),
                                                     mailer=mailer)
            except TocmapError as refusal:
                error = str(refusal)
        return form_page(_("Forgot your password?"), "forgot.html", error=error, sent=sent, form=request.form)

    @server.route("/reset/<token>", methods=["GET", "POST"])
    def reset(token: str):
        try:
            email = account_admin.reset_email(db, token)
        except TocmapError as refusal:
            return form_page(_("Choose a new password"), "gone.html", error=str(refusal)), 410
        error = None
        if request.method == "POST":
            try:
                user = account_admin.reset_password(db, token, request.form.get("password", ""))
                end_session(everywhere=False)  # whoever was signed in on this browser
                start_session(user, remember=True)
                return redirect("/")
            except TocmapError as refusal:
                error = str(refusal)
        return form_page(_("Choose a new password"), "reset.html", error=error, email=email)

    @server.route("/invite/<token>", methods=["GET", "POST"])
    def invite(token: str):
        try:
            offer = invitations.invitation(db, token)
        except TocmapError as refusal:
            return form_page(_("Invitation"), "gone.html", error=str(refusal)), 410
        me = current_user.user if current_user.is_authenticated else None
        error = None
        if request.method == "POST":
            try:
                if me is not None:
                    user, map_id = invitations.accept(db, token, signed_in=me)
                else:
                    user, map_id = invitations.accept(db, token, name=request.form.get("name", ""),
                                                      password=request.form.get("password", ""))
                start_session(user, remember=True)
                return redirect(f"/maps/{map_id}")
            except TocmapError as refusal:
                error = str(refusal)
        return form_page(_("You are invited"), "invite.html", error=error, offer=offer, me=me, token=token,
                         form=request.form, role=_(ROLE_IN_A_SENTENCE[Role(offer.role)]))

    @server.route("/invite/<token>/signout", methods=["POST"])
    def invite_as_someone_else(token: str):
        end_session(everywhere=True)
        return redirect(f"/invite/{token}")


def _page_before() -> str:
    """The page of this site the request came from (its path), else the home page."""
    came_from = urlparse(request.form.get("next") or request.referrer or "/")
    return _safe_next(came_from.path) if came_from.netloc in ("", request.host) else "/"


def _save_account(db: Database, form) -> str:
    """Do what the account page's form asks; return what was done."""
    who = current_author()
    match form.get("form"):
        case "profile":
            account_admin.update_profile(db, who, name=form.get("name", ""), language=form.get("language", ""))
            return "profile"
        case "password":
            account_admin.change_password(db, who, form.get("current", ""), form.get("password", ""))
            start_session(accounts.get_user(db, who.user_id), remember=True)  # this browser stays signed in
            return "password"
        case "keep":
            account_admin.keep_guest_account(db, who, form.get("email", ""), form.get("password", ""))
            return "keep"
    return ""


#: A role as a sentence names it ("... work on the map as editor").
ROLE_IN_A_SENTENCE = {Role.FACILITATOR: N_("facilitator"), Role.EDITOR: N_("editor"), Role.MEL_LEAD: N_("MEL lead"),
                      Role.VIEWER: N_("viewer"), Role.ASSESSOR: N_("independent assessor")}
DONE = {"profile": N_("Your name and language are saved."), "password": N_("Your password is changed."),
        "keep": N_("Your account now signs in with your email and password.")}


def signed_in_page(heading: str, template: str, **context) -> str:
    """A page with the app's top bar, for signed-in people (``template`` extends wide.html)."""
    return render(template, title=heading, me=current_user.user, **context)
