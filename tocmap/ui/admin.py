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
from tocmap.i18n import _, format_datetime
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
                    done = (_("{name} is disabled.", name=user.name) if user.disabled
                            else _("{name} is enabled again.", name=user.name))
                case "make-admin" | "remove-admin":
                    user = account_admin.set_admin(db, user_id, action == "make-admin", who)
                    done = (_("{name} is now an administrator.", name=user.name) if user.is_admin
                            else _("{name} is no longer an administrator.", name=user.name))
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
        return signed_in_page(_("Recent refusals"), "wide.html", error=str(refusal), rows=[]), refusal.status
    shown = [(format_datetime(dt.datetime.fromtimestamp(r.at_ms / 1000, dt.UTC), "short"), r) for r in rows]
    return signed_in_page(_("Recent refusals"), "refusals.html", rows=shown), 200


def _show(db: Database, **context) -> tuple[str, int]:
    """The page and its status: every account, or the refusal for someone who is not an administrator."""
    try:
        rows = account_admin.accounts(db, current_author())
    except TocmapError as refusal:
        return signed_in_page(_("Accounts"), "wide.html", error=str(refusal), rows=[]), refusal.status
    return signed_in_page(_("Accounts"), "accounts.html", rows=rows, **context), 200
