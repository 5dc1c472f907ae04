"""Accounts in the app: one's own name, password and language; administrators manage every account.

Password resets are one-time links like invitations: an administrator issues one to copy,
and anyone who forgot a password gets one by email when a mail server is configured.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel

from tocmap import i18n
from tocmap.adapters.mail import Mailer, MailNotSent
from tocmap.domain.clock import now_ms
from tocmap.domain.errors import InvalidInput, NotFound, NotSignedIn, PermissionDenied
from tocmap.domain.model import Author, Language, validated
from tocmap.domain.people import User
from tocmap.i18n import N_, _, ngettext
from tocmap.services.accounts import _email, _name, digest, end_sessions, hash_password
from tocmap.services.ports import Repositories, Storage

RESET_HOURS = 24
HOUR_MS = 3600 * 1000
RESET_USED = N_("This password-reset link has expired or was already used. Ask for a new one.")


@dataclass(frozen=True)
class Account:
    """An account as administrators see it."""

    user: User
    maps: int


class _LanguageField(BaseModel):
    language: Language


# --------------------------------------------------------------------------- one's own account


def update_profile(db: Storage, who: Author, *, name: str | None = None, language: str | None = None) -> User:
    """Change one's own name and working language."""
    values = {}
    if name is not None:
        values["name"] = _name(name)
    if language is not None:
        values["language"] = validated(_LanguageField, {"language": language}, "account").language
    with db.store(write=True) as store:
        user = _self(store, who)
        if values:
            store.update_user(user.id, **values)
        return store.user(user.id)


def change_password(db: Storage, who: Author, current: str, new: str) -> None:
    """Change one's own password, knowing the current one."""
    with db.store() as store:
        user = _self(store, who)
    try:
        PasswordHasher().verify(user.password_hash or "", current or "")
    except (VerificationError, InvalidHashError):
        raise PermissionDenied(_("The current password is not right.")) from None
    hashed = hash_password(new, about=(user.email or "", user.name))
    with db.store(write=True) as store:
        store.update_user(user.id, password_hash=hashed)
        end_sessions(store, user.id)  # every other browser signed in with the old password is signed out


def keep_guest_account(db: Storage, who: Author, email: str, password: str) -> User:
    """A workshop guest gives an email and password, so they can sign in again later."""
    email = _email(email)
    with db.store() as store:
        name = _self(store, who).name
    hashed = hash_password(password, about=(email, name))
    with db.store(write=True) as store:
        user = _self(store, who)
        if not user.is_guest:
            raise InvalidInput(_("Your account already signs in with an email and password."))
        if store.user_by_email(email) is not None:
            raise InvalidInput(_("There is already an account for {email}.", email=email))
        store.update_user(user.id, email=email, password_hash=hashed, is_guest=False)
        return store.user(user.id)


# --------------------------------------------------------------------------- administrators


def accounts(db: Storage, who: Author) -> list[Account]:
    """Every account, by name, with how many maps each belongs to (administrators only)."""
    with db.store() as store:
        _admin(store, who)
        counts = store.maps_count_by_user()
        return [Account(u, counts.get(u.id, 0)) for u in store.users()]


def set_disabled(db: Storage, user_id: int, disabled: bool, who: Author) -> User:
    """Disable an account (it can no longer sign in or use its API tokens) or enable it again."""
    with db.store(write=True) as store:
        admin, user = _admin(store, who), _account(store, user_id)
        if disabled and admin.id == user.id:
            raise InvalidInput(_("You cannot disable your own account."))
        if disabled and user.is_admin and _active_admins(store) <= 1:
            raise InvalidInput(_("This is the last administrator; make someone else an administrator first."))
        store.update_user(user.id, disabled_ms=now_ms() if disabled else None)
        if disabled:
            store.expire_links("reset", user_id=user.id, now_ms=now_ms())
            end_sessions(store, user.id)
        return store.user(user.id)


def set_admin(db: Storage, user_id: int, admin: bool, who: Author) -> User:
    """Make an account an administrator, or take that away (tocmap always keeps one)."""
    with db.store(write=True) as store:
        _admin(store, who)
        user = _account(store, user_id)
        if admin and (user.is_guest or not user.email):
            raise InvalidInput(_("A workshop guest cannot be an administrator; they need an email and password first."))
        if not admin and user.is_admin and _active_admins(store) <= 1:
            raise InvalidInput(_("This is the last administrator; make someone else an administrator first."))
        store.update_user(user.id, is_admin=admin)
        return store.user(user.id)


def reset_link(db: Storage, user_id: int, who: Author, *, base_url: str) -> str:
    """A one-time password-reset link for an account, for an administrator to pass on."""
    with db.store(write=True) as store:
        admin, user = _admin(store, who), _account(store, user_id)
        if not user.email:
            raise InvalidInput(_("A workshop guest has no password to reset."))
        return _new_reset(store, user, base_url, admin.name)


def forgot_password(db: Storage, email: str, *, base_url: str, mailer: Mailer | None) -> bool:
    """Email a reset link to this address if it has an account; False when no email can be sent.

    The answer is the same whether or not the account exists, so nobody learns who has one.
    """
    email = _email(email)
    if mailer is None:
        return False
    with db.store(write=True) as store:
        user = store.user_by_email(email)
        if user is None or user.disabled:
            return True
        link = _new_reset(store, user, base_url, "")
    with i18n.using(user.language):  # the account's language, else English
        subject, text = _("Reset your tocmap password"), "\n\n".join([
            _("Someone (we hope you) asked to reset the password of your tocmap account."),
            ngettext("Open this link to choose a new password (it works once, for {n} hour):",
                     "Open this link to choose a new password (it works once, for {n} hours):", RESET_HOURS)
            + f"\n{link}",
            _("If you did not ask, ignore this email: your password stays as it is.") + "\n"])
    try:
        mailer.send(email, subject, text)
    except MailNotSent:
        raise MailNotSent(_("The email could not be sent just now; try again later, or ask an administrator "
                            "for a password-reset link.")) from None
    return True


def reset_email(db: Storage, token: str) -> str:
    """The email address a reset link is for; refused when used or expired."""
    with db.store() as store:
        return _usable_reset(store, token).email


def reset_password(db: Storage, token: str, password: str) -> User:
    """Set a new password with a reset link, which then stops working."""
    with db.store() as store:
        link = _usable_reset(store, token)
        owner = store.user(link.user_id)
    hashed = hash_password(password, about=(owner.email or "", owner.name))
    with db.store(write=True) as store:
        link = _usable_reset(store, token)
        if not store.claim_link(link.id, now_ms()):
            raise PermissionDenied(_(RESET_USED))
        store.update_user(link.user_id, password_hash=hashed)
        end_sessions(store, link.user_id)  # whoever knew the old password is signed out
        return store.user(link.user_id)


# --------------------------------------------------------------------------- helpers


def _self(store: Repositories, who: Author) -> User:
    user = store.user(who.user_id) if who.user_id is not None else None
    if user is None or user.disabled:
        raise NotSignedIn(_("Sign in first."))
    return user


def _admin(store: Repositories, who: Author) -> User:
    user = _self(store, who)
    if not user.is_admin:
        raise PermissionDenied(_("Only administrators manage accounts."))
    return user


def _account(store: Repositories, user_id: int) -> User:
    user = store.user(user_id) if isinstance(user_id, int) else None
    if user is None:
        raise NotFound(_("There is no account {user_id}.", user_id=user_id))
    return user


def _active_admins(store: Repositories) -> int:
    return sum(1 for u in store.users() if u.is_admin and not u.disabled)


def _new_reset(store: Repositories, user: User, base_url: str, by: str) -> str:
    store.expire_links("reset", user_id=user.id, now_ms=now_ms())  # only the newest link works
    token, stamp = secrets.token_urlsafe(32), now_ms()
    store.add_link("reset", digest(token), user.email, created_ms=stamp, expires_ms=stamp + RESET_HOURS * HOUR_MS,
                   created_by=by, user_id=user.id)
    return f"{base_url.rstrip('/')}/reset/{token}"


def _usable_reset(store: Repositories, token: str):
    link = store.link("reset", digest(token or ""))
    if link is None or link.used_ms is not None or link.expires_ms <= now_ms():
        raise PermissionDenied(_(RESET_USED))
    user = store.user(link.user_id)
    if user is None or user.disabled:
        raise PermissionDenied(_(RESET_USED))
    return link
