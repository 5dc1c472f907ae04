"""One's own account, forgotten passwords and invitations: plain Flask pages that work without JavaScript.

``/account``: name, language and password (and, for a workshop guest, an email and password to
keep the account). ``/forgot`` and ``/reset/TOKEN``: a reset link by email. ``/invite/TOKEN``:
accept an invitation with a new account or the one signed in. The services decide who may.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, redirect, render_template_string, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from tocmap.adapters.mail import Mailer
from tocmap.domain.access import Role
from tocmap.domain.errors import TocmapError
from tocmap.services import account_admin, accounts, invitations
from tocmap.settings import Settings
from tocmap.ui.auth import form_page, current_author, end_session, start_session

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
        return signed_in_page("Your account", ACCOUNT, error=error, done=DONE.get(done), user=current_user.user,
                              languages=account_admin.LANGUAGES)

    @server.route("/forgot", methods=["GET", "POST"])
    def forgot():
        error, sent = None, None
        if request.method == "POST":
            try:
                sent = account_admin.forgot_password(db, request.form.get("email", ""), base_url=base_url(settings),
                                                     mailer=mailer)
            except TocmapError as refusal:
                error = str(refusal)
        return form_page("Forgot your password?", FORGOT, error=error, sent=sent, form=request.form)

    @server.route("/reset/<token>", methods=["GET", "POST"])
    def reset(token: str):
        try:
            email = account_admin.reset_email(db, token)
        except TocmapError as refusal:
            return form_page("Choose a new password", GONE, error=str(refusal)), 410
        error = None
        if request.method == "POST":
            try:
                user = account_admin.reset_password(db, token, request.form.get("password", ""))
                end_session(everywhere=False)  # whoever was signed in on this browser
                start_session(user, remember=True)
                return redirect("/")
            except TocmapError as refusal:
                error = str(refusal)
        return form_page("Choose a new password", RESET, error=error, email=email)

    @server.route("/invite/<token>", methods=["GET", "POST"])
    def invite(token: str):
        try:
            offer = invitations.invitation(db, token)
        except TocmapError as refusal:
            return form_page("Invitation", GONE, error=str(refusal)), 410
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
        return form_page("You are invited", INVITE, error=error, offer=offer, me=me, token=token, form=request.form,
                     role=Role(offer.role).title.lower())

    @server.route("/invite/<token>/signout", methods=["POST"])
    def invite_as_someone_else(token: str):
        end_session(everywhere=True)
        return redirect(f"/invite/{token}")


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


DONE = {"profile": "Your name and language are saved.", "password": "Your password is changed.",
        "keep": "Your account now signs in with your email and password."}


def signed_in_page(heading: str, body: str, **context) -> str:
    """A page with the app's top bar, for signed-in people (the account and administration pages)."""
    return render_template_string(WIDE.replace("{body}", body), title=heading, csrf_token=generate_csrf(),
                                  me=current_user.user, **context)


WIDE = """<!doctype html>
<html lang="{{ me.language or 'en' }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }} · tocmap</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap.min.css"><link rel="stylesheet" href="/assets/vendor/bootstrap-icons.min.css">
<link rel="stylesheet" href="/assets/tocmap.css"><link rel="stylesheet" href="/assets/people.css"></head>
<body class="tm-plain"><nav class="navbar navbar-dark bg-dark tm-topbar"><div class="container-fluid">
<a class="navbar-brand tm-brand" href="/"><i class="bi bi-diagram-3-fill me-2"></i>tocmap</a>
<div class="d-flex align-items-center gap-3"><a class="nav-link text-light" href="/">Maps</a>
{% if me.is_admin %}<a class="nav-link text-light" href="/admin/accounts">Accounts</a>{% endif %}
<a class="nav-link text-light" href="/account"><i class="bi bi-person-circle me-1"></i>{{ me.name }}</a></div></div></nav>
<main class="container tm-plain-page"><h1 class="h3 mb-3">{{ title }}</h1>
{% if error %}<div class="alert alert-danger" role="alert">{{ error }}</div>{% endif %}
{% if done %}<div class="alert alert-success" role="status">{{ done }}</div>{% endif %}
{body}
</main></body></html>"""

ACCOUNT = """<div class="row g-4">
<section class="col-lg-6"><div class="card"><div class="card-body"><h2 class="h5">Name and language</h2>
<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token }}"><input type="hidden" name="form" value="profile">
<div class="mb-3"><label class="form-label" for="name">Your name (shown next to your changes)</label>
<input class="form-control" id="name" name="name" required maxlength="200" value="{{ user.name }}"></div>
<div class="mb-3"><label class="form-label" for="language">Language</label>
<select class="form-select" id="language" name="language"><option value="">— not set —</option>
{% for code, label in languages.items() %}<option value="{{ code }}" {% if user.language == code %}selected{% endif %}>{{ label }}</option>{% endfor %}
{% if user.language and user.language not in languages %}<option value="{{ user.language }}" selected>{{ user.language }}</option>{% endif %}
</select></div>
<div class="text-secondary small mb-3">Email: {{ user.email or "none (workshop guest)" }}</div>
<button class="btn btn-primary" type="submit">Save</button></form></div></div></section>
{% if user.is_guest %}
<section class="col-lg-6"><div class="card"><div class="card-body"><h2 class="h5">Keep your account</h2>
<p class="text-secondary small">You joined through a workshop. Give an email and a password to sign in again later.</p>
<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token }}"><input type="hidden" name="form" value="keep">
<div class="mb-3"><label class="form-label" for="email">Email</label><input class="form-control" id="email" name="email" type="email" required></div>
<div class="mb-3"><label class="form-label" for="password">Password (at least 10 characters; a few uncommon words work well)</label>
<input class="form-control" id="password" name="password" type="password" minlength="10" required autocomplete="new-password"></div>
<button class="btn btn-primary" type="submit">Keep my account</button></form></div></div></section>
{% else %}
<section class="col-lg-6"><div class="card"><div class="card-body"><h2 class="h5">Password</h2>
<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token }}"><input type="hidden" name="form" value="password">
<div class="mb-3"><label class="form-label" for="current">Current password</label>
<input class="form-control" id="current" name="current" type="password" required autocomplete="current-password"></div>
<div class="mb-3"><label class="form-label" for="password">New password (at least 10 characters; a few uncommon words work well)</label>
<input class="form-control" id="password" name="password" type="password" minlength="10" required autocomplete="new-password"></div>
<button class="btn btn-primary" type="submit">Change the password</button></form></div></div></section>
{% endif %}</div>"""

FORGOT = """{% if sent %}<div class="alert alert-success" role="status">If there is an account for that email, a link
to choose a new password is on its way. It works once, for a day.</div><a href="/signin">Back to sign in</a>
{% elif sent is false %}<div class="alert alert-warning" role="status">This tocmap cannot send email. Ask an
administrator for a password-reset link.</div><a href="/signin">Back to sign in</a>
{% else %}<p class="text-secondary">Enter the email of your account and we send you a link to choose a new password.</p>
<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token }}">
<div class="mb-3"><label class="form-label" for="email">Email</label>
<input class="form-control" id="email" name="email" type="email" required autofocus value="{{ form.get('email', '') }}"></div>
<button class="btn btn-primary w-100" type="submit">Send me a link</button></form>
<p class="mt-3 mb-0 small"><a href="/signin">Back to sign in</a></p>{% endif %}"""

RESET = """<p class="text-secondary">For the account <strong>{{ email }}</strong>. This link works once.</p>
<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token }}">
<div class="mb-3"><label class="form-label" for="password">New password (at least 10 characters; a few uncommon words work well)</label>
<input class="form-control" id="password" name="password" type="password" minlength="10" required autofocus autocomplete="new-password"></div>
<button class="btn btn-primary w-100" type="submit">Save and sign in</button></form>"""

GONE = """<p class="mb-0"><a href="/signin">Go to sign in</a></p>"""

INVITE = """<p>{{ offer.invited_by }} invites you to work on the map <strong>{{ offer.map_title }}</strong> as
{{ role }}{% if offer.partner_name %} for <strong>{{ offer.partner_name }}</strong>{% endif %}.</p>
{% if me and me.email == offer.email %}
<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token }}">
<button class="btn btn-primary w-100" type="submit">Accept and open the map</button></form>
{% elif me %}<div class="alert alert-warning">You are signed in as {{ me.email or me.name }}, but this invitation is for
{{ offer.email }}.</div><form method="post" action="/invite/{{ token }}/signout">
<input type="hidden" name="csrf_token" value="{{ csrf_token }}"><button class="btn btn-outline-secondary w-100" type="submit">
Sign out and continue as {{ offer.email }}</button></form>
{% elif offer.has_account %}<p class="text-secondary">There is already an account for {{ offer.email }}.</p>
<a class="btn btn-primary w-100" href="/signin?next=/invite/{{ token }}">Sign in to accept</a>
{% else %}<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token }}">
<div class="mb-3"><label class="form-label">Email</label><input class="form-control" value="{{ offer.email }}" disabled></div>
<div class="mb-3"><label class="form-label" for="name">Your name (shown next to your changes)</label>
<input class="form-control" id="name" name="name" required maxlength="200" autofocus value="{{ form.get('name', '') }}"></div>
<div class="mb-3"><label class="form-label" for="password">Choose a password (at least 10 characters; a few uncommon words work well)</label>
<input class="form-control" id="password" name="password" type="password" minlength="10" required autocomplete="new-password"></div>
<button class="btn btn-primary w-100" type="submit">Create my account and open the map</button></form>{% endif %}"""
