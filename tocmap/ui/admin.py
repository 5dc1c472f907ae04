"""``/admin/accounts``: administrators see every account; disable, make administrator, issue a reset link.
``/admin/refusals``: the most recent refused requests (when, who, what, why).

A plain Flask page (forms that POST); the services refuse anyone who is not an administrator,
so a forged POST gets the same answer as the page.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flask import Flask, redirect

from tocmap.domain.errors import TocmapError
from tocmap.services import account_admin, refusals
from tocmap.settings import Settings
from tocmap.ui.account import base_url, signed_in_page
from tocmap.ui.auth import current_author

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database



def install(server: Flask, db: Database, settings: Settings) -> None:
    """Add the administrators' accounts page."""

    @server.route("/admin/accounts", methods=["GET"])
    def accounts_page():
        return _show(db)

    @server.route("/admin/refusals", methods=["GET"])
    def refusals_page():
        return _refusals_page(db)

    @server.route("/admin/accounts/<int:user_id>/<action>", methods=["POST"])
    def account_action(user_id: int, action: str):
        who, link, done = current_author(), None, None
        try:
            match action:
                case "disable" | "enable":
                    user = account_admin.set_disabled(db, user_id, action == "disable", who)
                    done = f"{user.name} is {'disabled' if user.disabled else 'enabled again'}."
                case "make-admin" | "remove-admin":
                    user = account_admin.set_admin(db, user_id, action == "make-admin", who)
                    done = f"{user.name} is {'now' if user.is_admin else 'no longer'} an administrator."
                case "reset-link":
                    link = account_admin.reset_link(db, user_id, who, base_url=base_url(settings))
                case _:
                    return redirect("/admin/accounts")
        except TocmapError as refusal:
            page, status = _show(db, error=str(refusal))
            return page, refusal.status if status == 200 else status
        return _show(db, done=done, link=link)


def _refusals_page(db: Database) -> tuple[str, int]:
    """The most recent refusals, newest first, or the refusal for someone who is not an administrator."""
    try:
        rows = refusals.recent(db, current_author())
    except TocmapError as refusal:
        return signed_in_page("Refusals", "", error=str(refusal), rows=[]), refusal.status
    shown = [(dt.datetime.fromtimestamp(r.at_ms / 1000, dt.UTC).strftime("%Y-%m-%d %H:%M:%S"), r) for r in rows]
    return signed_in_page("Recent refusals", REFUSALS, rows=shown), 200


def _show(db: Database, **context) -> tuple[str, int]:
    """The page and its status: every account, or the refusal for someone who is not an administrator."""
    try:
        rows = account_admin.accounts(db, current_author())
    except TocmapError as refusal:
        return signed_in_page("Accounts", "", error=str(refusal), rows=[]), refusal.status
    return signed_in_page("Accounts", ACCOUNTS, rows=rows, **context), 200


ACCOUNTS = """<p class="small"><a href="/admin/refusals">Recent refusals</a>: what was refused to whom, and why.</p>
{% if link %}<div class="alert alert-info tm-reset-link" role="status">
<div class="mb-1">A one-time password-reset link (it works for a day). Copy it and send it yourself:</div>
<input class="form-control form-control-sm" value="{{ link }}" readonly onclick="this.select()"></div>{% endif %}
<table class="table table-sm align-middle tm-accounts"><thead><tr><th>Name</th><th>Email</th><th>Maps</th>
<th>Status</th><th class="text-end">Actions</th></tr></thead><tbody>
{% for row in rows %}{% set u = row.user %}<tr class="{{ 'text-secondary' if u.disabled }}">
<td>{{ u.name }}</td><td>{{ u.email or "—" }}</td><td>{{ row.maps }}</td>
<td>{% if u.is_admin %}<span class="badge text-bg-primary">administrator</span>{% endif %}
{% if u.is_guest %}<span class="badge text-bg-light">workshop guest</span>{% endif %}
{% if u.disabled %}<span class="badge text-bg-secondary">disabled</span>{% endif %}</td>
<td class="text-end">{% if u.id == me.id %}<a class="small" href="/account">your account</a>{% endif %}<div class="d-inline-flex gap-1">
{% for action, label, style in [("disable" if not u.disabled else "enable", "Disable" if not u.disabled else "Enable", "outline-danger" if not u.disabled else "outline-success"),
                                ("remove-admin" if u.is_admin else "make-admin", "Remove administrator" if u.is_admin else "Make administrator", "outline-secondary"),
                                ("reset-link", "Reset link", "outline-secondary")] %}
{% if u.id != me.id and not (u.is_guest and action in ("make-admin", "reset-link")) %}
<form method="post" action="/admin/accounts/{{ u.id }}/{{ action }}"><input type="hidden" name="csrf_token" value="{{ csrf_token }}">
<button class="btn btn-sm btn-{{ style }}" type="submit" aria-label="{{ label }}: {{ u.name }}">{{ label }}</button></form>
{% endif %}{% endfor %}</div></td></tr>{% endfor %}</tbody></table>"""

REFUSALS = """<p class="text-secondary small">Requests the app refused, newest first (the database keeps the most
recent ones: TOCMAP_REFUSALS_KEPT). The request id is the one in the server's log and in the X-Request-Id header.
<a href="/admin/accounts">Accounts</a></p>
{% if not rows %}<p class="tm-refusals-empty">Nothing has been refused yet.</p>{% else %}
<table class="table table-sm align-middle tm-refusals"><thead><tr><th>When (UTC)</th><th>Who</th><th>What</th>
<th>Why</th><th>Request</th></tr></thead><tbody>
{% for when, r in rows %}<tr><td class="text-nowrap">{{ when }}</td><td>{{ r.who }}</td><td><code>{{ r.what }}</code></td>
<td>{{ r.why }}</td><td><code class="small">{{ r.request_id }}</code></td></tr>{% endfor %}</tbody></table>{% endif %}"""
