"""People: accounts, sign-in, API tokens, members and roles, workshops.

Passwords are hashed with Argon2id (argon2-cffi); API tokens and the one-time set-up
token are stored only as SHA-256 digests.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from tocmap.adapters.notify import announce, announce_signed_out
from tocmap.domain.access import Permission, check_member
from tocmap.domain.clock import now_ms
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.model import Author
from tocmap.domain.people import Member, User, Workshop
from tocmap.domain.roles import Role
from tocmap.i18n import N_, _
from tocmap.services.access import authorize
from tocmap.services.ports import Repositories, Storage

PASSWORD_MIN = 10
#: zxcvbn's score a password needs: 3 is "safely unguessable: moderate protection from offline attacks".
PASSWORD_SCORE = 3
#: zxcvbn reads at most this much of a password (its own limit; the rest only adds strength).
PASSWORD_CHECKED = 72
NAME_MAX = 200
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{1,20}$")
_HASHER = PasswordHasher()
#: Letters that cannot be mistaken for one another when read out in a workshop.
CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SECRET_KEY = "session_key"
SETUP_TOKEN = "setup_token"


def digest(token: str) -> str:
    """The stored form of a token.

    Examples
    --------
    >>> len(digest("abc"))
    64
    """
    return hashlib.sha256(token.encode()).hexdigest()


def _email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL.match(email):
        raise InvalidInput(_("Enter an email address such as amina@ministry.example."))
    return email


def _name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > NAME_MAX:
        raise InvalidInput(_("A name needs between 1 and {most} characters.", most=NAME_MAX))
    return name


def password_problem(password: str, *, about: tuple[str, ...] = ()) -> str | None:
    """Why a password is not good enough, or None: the one rule every way of setting one follows.

    At least :data:`PASSWORD_MIN` characters, and hard to guess by zxcvbn's estimate (common passwords,
    repeats, keyboard runs, dates, and the words in ``about``: the person's own email and name).

    Examples
    --------
    >>> password_problem("short")
    'A password needs at least 10 characters.'
    >>> password_problem("aaaaaaaaaa")
    'This password is too easy to guess: repeats like "aaa" are easy to guess. Add another word or two...'
    >>> password_problem("amina diallo", about=("amina@moh.example", "Amina Diallo"))
    'This password is too easy to guess. Add another word or two, uncommon ones, or choose a longer phrase.'
    >>> password_problem("plum kettle orbit lantern") is None
    True
    """
    if len(password or "") < PASSWORD_MIN:
        return _("A password needs at least {n} characters.", n=PASSWORD_MIN)
    words = [part for text in about if text for part in [text, *text.replace("@", " ").replace(".", " ").split()]]
    verdict = zxcvbn(password[:PASSWORD_CHECKED], user_inputs=words)
    if verdict["score"] >= PASSWORD_SCORE:
        return None
    warning = verdict["feedback"]["warning"].rstrip(".")
    if warning:  # zxcvbn's own words, in English
        return _("This password is too easy to guess: {warning}. Add another word or two, uncommon ones, or choose "
                 "a longer phrase.", warning=warning[0].lower() + warning[1:])
    return _("This password is too easy to guess. Add another word or two, uncommon ones, or choose a longer phrase.")


def hash_password(password: str, *, about: tuple[str, ...] = ()) -> str:
    """The stored form of a password, once it passes :func:`password_problem` (``about``: email, name)."""
    problem = password_problem(password, about=about)
    if problem:
        raise InvalidInput(problem)
    return _HASHER.hash(password)


# --------------------------------------------------------------------------- accounts


def create_user(db: Storage, email: str, name: str, password: str, is_admin: bool = False) -> User:
    """Create an account that signs in with email and password."""
    email, name = _email(email), _name(name)
    hashed = hash_password(password, about=(email, name))
    with db.store(write=True) as store:
        user_id = store.add_user(email, name, hashed, is_admin=is_admin, created_ms=now_ms())
        return store.user(user_id)


def authenticate(db: Storage, email: str, password: str) -> User:
    """The user with these credentials; the same refusal whatever was wrong."""
    refusal = PermissionDenied("That email and password do not match an account.")
    with db.store() as store:
        user = store.user_by_email((email or "").strip().lower())
    if user is None or not user.password_hash or user.disabled:
        _HASHER.hash("spend the same time either way")
        raise refusal
    try:
        _HASHER.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        raise refusal from None
    if _HASHER.check_needs_rehash(user.password_hash):
        with db.store(write=True) as store:
            store.set_password_hash(user.id, _HASHER.hash(password))
    return user


def get_user(db: Storage, user_id: int) -> User | None:
    """A user by id (None when the account no longer exists)."""
    with db.store() as store:
        return store.user(user_id)


def author_of(user: User, partner: str | None = None) -> Author:
    """The author of changes made by a signed-in user (services fill in the partner)."""
    return Author(user_id=user.id, name=user.name, partner=partner)


# --------------------------------------------------------------------------- sessions

MINUTE_MS = 60 * 1000


@dataclass(frozen=True)
class SessionRules:
    """How long a session lasts: ``idle_ms`` without a request, ``max_ms`` after signing in at most."""

    idle_ms: int
    max_ms: int

    @classmethod
    def of(cls, idle_minutes: int, max_hours: int) -> SessionRules:
        """The rules from the settings' units."""
        return cls(idle_minutes * MINUTE_MS, max_hours * 60 * MINUTE_MS)

    def alive(self, signed_in_ms: int, seen_ms: int, now: int) -> bool:
        """Whether a session signed in and last seen at these times still works now.

        Examples
        --------
        >>> rules = SessionRules.of(idle_minutes=30, max_hours=2)
        >>> rules.alive(signed_in_ms=0, seen_ms=0, now=29 * MINUTE_MS)
        True
        >>> rules.alive(signed_in_ms=0, seen_ms=0, now=31 * MINUTE_MS)   # idle too long
        False
        >>> rules.alive(signed_in_ms=0, seen_ms=119 * MINUTE_MS, now=121 * MINUTE_MS)   # signed in too long ago
        False
        """
        return now - seen_ms < self.idle_ms and now - signed_in_ms < self.max_ms

    def remember_until(self, signed_in_ms: int, now: int) -> int:
        """When a remember token issued now expires: after the idle time, never past the absolute limit.

        Examples
        --------
        >>> SessionRules.of(idle_minutes=30, max_hours=2).remember_until(signed_in_ms=0, now=100 * MINUTE_MS)
        7200000
        """
        return min(now + self.idle_ms, signed_in_ms + self.max_ms)


def session_user(db: Storage, session: dict, rules: SessionRules, now: int | None = None) -> User | None:
    """The user a signed session cookie stands for, if it still works: the account exists and is enabled,
    the session is of its current generation (no sign-out, password change or reset since), and neither
    the idle nor the absolute time has run out. One check for every way in (pages, callbacks, push)."""
    user_id = str(session.get("_user_id", ""))
    user = get_user(db, int(user_id)) if user_id.isdigit() else None
    if user is None or user.disabled or session.get("generation") != user.session_generation:
        return None
    now = now_ms() if now is None else now
    return user if rules.alive(session.get("signed_in_ms", 0), session.get("seen_ms", 0), now) else None


def sign_out(db: Storage, who: Author) -> None:
    """Sign someone out everywhere: every session and remember token of their account stops working."""
    if who.user_id is None:
        return
    with db.store(write=True) as store:
        end_sessions(store, who.user_id)


def end_sessions(store: Repositories, user_id: int) -> None:
    """End every session and remember token of an account, and tell its open streams to end at once."""
    store.end_sessions(user_id)
    announce_signed_out(store, user_id)


def remember(db: Storage, user: User, rules: SessionRules, signed_in_ms: int | None = None) -> str:
    """A new "stay signed in" token for this user's current session generation (stored as a digest)."""
    token, stamp = secrets.token_urlsafe(32), now_ms()
    signed_in_ms = stamp if signed_in_ms is None else signed_in_ms
    with db.store(write=True) as store:
        store.forget_expired_remember_tokens(stamp)
        generation = store.user(user.id).session_generation
        store.add_remember_token(user.id, digest(token), generation, signed_in_ms,
                                 rules.remember_until(signed_in_ms, stamp))
    return token


def use_remember_token(db: Storage, token: str, rules: SessionRules) -> tuple[User, str, int] | None:
    """Sign in again with a remember token, which is replaced: (user, the new token, when they signed in).

    None when the token is unknown, used already, expired, from before a sign-out or password change,
    or its account is disabled.
    """
    stamp = now_ms()
    with db.store(write=True) as store:
        remembered = store.take_remember_token(digest(token or ""), stamp)
        user = store.user(remembered.user_id) if remembered else None
        if user is None or user.disabled or user.session_generation != remembered.generation:
            return None
        if not rules.alive(remembered.signed_in_ms, stamp, stamp):
            return None
        fresh = secrets.token_urlsafe(32)
        store.add_remember_token(user.id, digest(fresh), remembered.generation, remembered.signed_in_ms,
                                 rules.remember_until(remembered.signed_in_ms, stamp))
        return user, fresh, remembered.signed_in_ms


# --------------------------------------------------------------------------- first start


def session_key(db: Storage, configured: str | None = None) -> str:
    """The key that signs session cookies: configured, or made once and shared by every process."""
    if configured:
        return configured
    with db.store(write=True) as store:
        return store.claim_secret(SECRET_KEY, secrets.token_hex(32))


def ensure_admin(db: Storage, email: str, password: str) -> None:
    """Create the administrator named in settings, unless that account exists already."""
    with db.store() as store:
        if store.user_by_email(_email(email)) is not None:
            return
    try:
        create_user(db, email, "Administrator", password, is_admin=True)
    except InvalidInput:
        with db.store() as store:  # another process created it at the same moment
            if store.user_by_email(_email(email)) is None:
                raise


def setup_token(db: Storage) -> str | None:
    """A new one-time set-up token when there is no administrator yet (older ones stop working)."""
    with db.store(write=True) as store:
        if store.count_admins():
            return None
        token = secrets.token_urlsafe(24)
        store.set_secret(SETUP_TOKEN, digest(token))
        return token


def complete_setup(db: Storage, token: str, email: str, name: str, password: str) -> User:
    """Create the first administrator with the one-time set-up token, which then expires.

    The token is taken with one conditional DELETE in the transaction that creates the account:
    of any number of requests arriving at once with it, exactly one creates an administrator.
    """
    used = PermissionDenied("This set-up link has expired or was already used.")
    email, name = _email(email), _name(name)
    hashed = hash_password(password, about=(email, name))
    with db.store(write=True) as store:
        if not store.take_secret(SETUP_TOKEN, digest(token or "")) or store.count_admins():
            raise used
        user_id = store.add_user(email, name, hashed, is_admin=True, created_ms=now_ms())
        return store.user(user_id)


# --------------------------------------------------------------------------- API tokens


def create_token(db: Storage, user: User, name: str) -> str:
    """A new API token for this user; shown once, stored only as a digest."""
    token = "tm_" + secrets.token_urlsafe(32)
    with db.store(write=True) as store:
        store.add_token(user.id, _name(name), digest(token), now_ms())
    return token


def user_for_token(db: Storage, token: str) -> User | None:
    """The user an API token belongs to."""
    if not token or not token.startswith("tm_"):
        return None
    with db.store(write=True) as store:
        user = store.user_for_token(digest(token), now_ms())
    return None if user is None or user.disabled else user


# --------------------------------------------------------------------------- members


def members(db: Storage, map_id: int, who: Author) -> list[Member]:
    """Everyone on a map, with their role and partner."""
    with db.store() as store:
        authorize(store, map_id, who, Permission.VIEW)
        return store.members(map_id)


def set_member(db: Storage, map_id: int, email: str, role: str, partner: str | None, who: Author) -> Member:
    """Give the person with this email a role on the map (a facilitator's job)."""
    role = _role(role)
    with db.store(write=True) as store:
        authorize(store, map_id, who, Permission.MANAGE)
        user = store.user_by_email(_email(email))
        if user is None:
            raise NotFound(_("There is no account for {email}; invite them by email from the map's Set-up page.",
                             email=email.strip().lower()))
        _check_partner(store, map_id, partner)
        check_member(Role(role), partner)
        store.set_membership(map_id, user.id, role, partner)
        announce(store, map_id, "members")
        return store.membership(map_id, user.id)


def membership_of(db: Storage, map_id: int, who: Author) -> Member | None:
    """Someone's own membership of a map (None for administrators who are not members)."""
    if who.user_id is None:
        return None
    with db.store() as store:
        return store.membership(map_id, who.user_id)


def make_owner(db: Storage, map_id: int, user_id: int, partner: str | None = None) -> None:
    """Make the creator of a map its facilitator."""
    with db.store(write=True) as store:
        store.set_membership(map_id, user_id, Role.FACILITATOR.value, partner)


def remove_member(db: Storage, map_id: int, user_id: int, who: Author) -> None:
    """Take someone off a map; the last facilitator cannot leave it without one."""
    with db.store(write=True) as store:
        authorize(store, map_id, who, Permission.MANAGE)
        facilitators = [m for m in store.members(map_id) if m.role == Role.FACILITATOR.value]
        if [m.user_id for m in facilitators] == [user_id]:
            raise InvalidInput(_("A map needs at least one facilitator; name another one first."))
        store.remove_membership(map_id, user_id)
        announce(store, map_id, "members")  # their push ends at once


def _role(role: str) -> str:
    try:
        return Role(role).value
    except ValueError:
        raise InvalidInput(_("A role is one of {roles}, not {role}.", roles=", ".join(r.value for r in Role),
                             role=repr(role))) from None


def _check_partner(store: Repositories, map_id: int, partner: str | None) -> None:
    if partner is not None and partner not in store.partner_ids(store.map(map_id).partnership_id):
        raise InvalidInput(_("'{partner}' is not a partner in this map's partnership.", partner=partner))


# --------------------------------------------------------------------------- workshops


def open_workshop(db: Storage, map_id: int, who: Author) -> Workshop:
    """Open a workshop on a map (or return the one already open), with a short join code."""
    with db.store(write=True) as store:
        authorize(store, map_id, who, Permission.MANAGE)
        current = store.open_workshop(map_id)
        if current is not None:
            return current
        workshop_id = store.add_workshop(map_id, _new_code(), who.user_id, now_ms())
        return store.open_workshop(map_id) or store.workshop(workshop_id)


def renew_workshop_code(db: Storage, map_id: int, who: Author) -> Workshop:
    """Give the open workshop a new join code (the old one stops working); its participants stay."""
    with db.store(write=True) as store:
        workshop = _managed_workshop(store, map_id, who)
        store.renew_workshop_code(workshop.id, _new_code(), now_ms())
        return store.open_workshop(map_id)


def code_hours_left(workshop: Workshop, code_hours: int, now: int) -> float:
    """Hours the workshop's join code still works (0 or less: it has expired).

    Examples
    --------
    >>> code_hours_left(Workshop(1, 1, "K7QX2M", opened_ms=0, closed_ms=None, code_ms=0), 12, now=3600 * 1000)
    11.0
    """
    return code_hours - (now - workshop.code_made_ms) / (3600 * 1000)


def _managed_workshop(store, map_id: int, who: Author) -> Workshop:
    """The map's open workshop, for someone who may manage the map."""
    authorize(store, map_id, who, Permission.MANAGE)
    workshop = store.open_workshop(map_id)
    if workshop is None:
        raise InvalidInput(_("There is no open workshop on this map; open one first."))
    return workshop


def _new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(6))


def current_workshop(db: Storage, map_id: int, who: Author) -> Workshop | None:
    """The open workshop on a map, if any."""
    with db.store() as store:
        authorize(store, map_id, who, Permission.VIEW)
        return store.open_workshop(map_id)


def close_workshop(db: Storage, map_id: int, who: Author) -> None:
    """Close the workshop: its participants are no longer editors of the map."""
    with db.store(write=True) as store:
        workshop = _managed_workshop(store, map_id, who)
        store.close_workshop(workshop.id, now_ms())
        announce(store, map_id, "members")  # the participants' push ends at once


NO_WORKSHOP = N_("There is no open workshop with that code. Check it with your facilitator.")
CODE_EXPIRED = N_("This workshop code has expired. Ask your facilitator for the new one.")


def _joinable(store: Repositories, code: str, code_hours: int) -> Workshop:
    """The open workshop with this code, refused when there is none or its code has expired."""
    workshop = store.workshop_by_code((code or "").strip().upper().replace("-", "").replace(" ", ""))
    if workshop is None or workshop.closed_ms is not None:
        raise NotFound(_(NO_WORKSHOP))
    if code_hours_left(workshop, code_hours, now_ms()) <= 0:
        raise NotFound(_(CODE_EXPIRED))
    return workshop


def join_workshop(db: Storage, code: str, name: str, partner: str | None, *, code_hours: int = 12
                  ) -> tuple[User, int]:
    """Join an open workshop as a guest editor of its map; return the guest and the map id.

    The code works for ``code_hours`` after it was made (TOCMAP_JOIN_CODE_HOURS); then the facilitator renews it.
    """
    with db.store(write=True) as store:
        workshop = _joinable(store, code, code_hours)
        _check_partner(store, workshop.map_id, partner)
        user_id = store.add_user(None, _name(name), None, is_guest=True, created_ms=now_ms())
        store.set_membership(workshop.map_id, user_id, Role.EDITOR.value, partner, workshop.id)
        return store.user(user_id), workshop.map_id


def workshop_partners(db: Storage, code: str, *, code_hours: int = 12) -> tuple[str, list[tuple[str, str]]]:
    """The title of a workshop's map and its partners (id, name), for the join form."""
    with db.store() as store:
        workshop = _joinable(store, code, code_hours)
        info = store.map(workshop.map_id)
        partnership = store.partnership(info.partnership_id)
        return info.title, [(p.id, p.name) for p in partnership.partners]
