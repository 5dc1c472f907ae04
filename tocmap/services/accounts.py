"""People: accounts, sign-in, API tokens, members and roles, workshops.

Passwords are hashed with Argon2id (argon2-cffi); API tokens and the one-time set-up
token are stored only as SHA-256 digests.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tocmap.adapters.accounts import Member, User, Workshop
from tocmap.adapters.database import Database, Store, now_ms
from tocmap.adapters.notify import announce
from tocmap.domain.access import Permission, Role, check_member
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.model import Author
from tocmap.services.access import authorize

PASSWORD_MIN = 10
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
        raise InvalidInput("Enter an email address such as amina@ministry.example.")
    return email


def _name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > NAME_MAX:
        raise InvalidInput(f"A name needs between 1 and {NAME_MAX} characters.")
    return name


def password_problem(password: str) -> str | None:
    """Why a password is not good enough, or None: the one rule every way of setting one follows.

    Examples
    --------
    >>> password_problem("short")
    'A password needs at least 10 characters.'
    """
    if len(password or "") < PASSWORD_MIN:
        return f"A password needs at least {PASSWORD_MIN} characters."
    return None


def hash_password(password: str) -> str:
    """The stored form of a password, once it passes :func:`password_problem`."""
    problem = password_problem(password)
    if problem:
        raise InvalidInput(problem)
    return _HASHER.hash(password)


# --------------------------------------------------------------------------- accounts


def create_user(db: Database, email: str, name: str, password: str, is_admin: bool = False) -> User:
    """Create an account that signs in with email and password."""
    email, name, hashed = _email(email), _name(name), hash_password(password)
    with db.store(write=True) as store:
        user_id = store.add_user(email, name, hashed, is_admin=is_admin, created_ms=now_ms())
        return store.user(user_id)


def authenticate(db: Database, email: str, password: str) -> User:
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


def get_user(db: Database, user_id: int) -> User | None:
    """A user by id (None when the account no longer exists)."""
    with db.store() as store:
        return store.user(user_id)


def author_of(user: User, partner: str | None = None) -> Author:
    """The author of changes made by a signed-in user (services fill in the partner)."""
    return Author(user_id=user.id, name=user.name, partner=partner)


# --------------------------------------------------------------------------- first start


def session_key(db: Database, configured: str | None = None) -> str:
    """The key that signs session cookies: configured, or made once and shared by every process."""
    if configured:
        return configured
    with db.store(write=True) as store:
        return store.claim_secret(SECRET_KEY, secrets.token_hex(32))


def ensure_admin(db: Database, email: str, password: str) -> None:
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


def setup_token(db: Database) -> str | None:
    """A new one-time set-up token when there is no administrator yet (older ones stop working)."""
    with db.store(write=True) as store:
        if store.count_admins():
            return None
        token = secrets.token_urlsafe(24)
        store.set_secret(SETUP_TOKEN, digest(token))
        return token


def complete_setup(db: Database, token: str, email: str, name: str, password: str) -> User:
    """Create the first administrator with the one-time set-up token, which then expires."""
    with db.store() as store:
        expected = store.secret(SETUP_TOKEN)
        has_admin = store.count_admins() > 0
    if has_admin or expected is None or not secrets.compare_digest(expected, digest(token or "")):
        raise PermissionDenied("This set-up link has expired or was already used.")
    user = create_user(db, email, name, password, is_admin=True)
    with db.store(write=True) as store:
        store.set_secret(SETUP_TOKEN, None)
    return user


# --------------------------------------------------------------------------- API tokens


def create_token(db: Database, user: User, name: str) -> str:
    """A new API token for this user; shown once, stored only as a digest."""
    token = "tm_" + secrets.token_urlsafe(32)
    with db.store(write=True) as store:
        store.add_token(user.id, _name(name), digest(token), now_ms())
    return token


def user_for_token(db: Database, token: str) -> User | None:
    """The user an API token belongs to."""
    if not token or not token.startswith("tm_"):
        return None
    with db.store(write=True) as store:
        user = store.user_for_token(digest(token), now_ms())
    return None if user is None or user.disabled else user


# --------------------------------------------------------------------------- members


def members(db: Database, map_id: int, who: Author) -> list[Member]:
    """Everyone on a map, with their role and partner."""
    with db.store() as store:
        authorize(store, map_id, who, Permission.VIEW)
        return store.members(map_id)


def set_member(db: Database, map_id: int, email: str, role: str, partner: str | None, who: Author) -> Member:
    """Give the person with this email a role on the map (a facilitator's job)."""
    role = _role(role)
    with db.store(write=True) as store:
        authorize(store, map_id, who, Permission.MANAGE)
        user = store.user_by_email(_email(email))
        if user is None:
            raise NotFound(f"There is no account for {email.strip().lower()}; invite them by email from the map's "
                           "Set-up page.")
        _check_partner(store, map_id, partner)
        check_member(Role(role), partner)
        store.set_membership(map_id, user.id, role, partner)
        announce(store, map_id, "members")
        return store.membership(map_id, user.id)


def membership_of(db: Database, map_id: int, who: Author) -> Member | None:
    """Someone's own membership of a map (None for administrators who are not members)."""
    if who.user_id is None:
        return None
    with db.store() as store:
        return store.membership(map_id, who.user_id)


def make_owner(db: Database, map_id: int, user_id: int, partner: str | None = None) -> None:
    """Make the creator of a map its facilitator."""
    with db.store(write=True) as store:
        store.set_membership(map_id, user_id, Role.FACILITATOR.value, partner)


def remove_member(db: Database, map_id: int, user_id: int, who: Author) -> None:
    """Take someone off a map; the last facilitator cannot leave it without one."""
    with db.store(write=True) as store:
        authorize(store, map_id, who, Permission.MANAGE)
        facilitators = [m for m in store.members(map_id) if m.role == Role.FACILITATOR.value]
        if [m.user_id for m in facilitators] == [user_id]:
            raise InvalidInput("A map needs at least one facilitator; name another one first.")
        store.remove_membership(map_id, user_id)
        announce(store, map_id, "members")  # their push ends at once


def _role(role: str) -> str:
    try:
        return Role(role).value
    except ValueError:
        raise InvalidInput(f"A role is one of {', '.join(r.value for r in Role)}, not {role!r}.") from None


def _check_partner(store: Store, map_id: int, partner: str | None) -> None:
    if partner is not None and partner not in store.partner_ids(store.map(map_id).partnership_id):
        raise InvalidInput(f"'{partner}' is not a partner in this map's partnership.")


# --------------------------------------------------------------------------- workshops


def open_workshop(db: Database, map_id: int, who: Author) -> Workshop:
    """Open a workshop on a map (or return the one already open), with a short join code."""
    with db.store(write=True) as store:
        authorize(store, map_id, who, Permission.MANAGE)
        current = store.open_workshop(map_id)
        if current is not None:
            return current
        code = "".join(secrets.choice(CODE_LETTERS) for _ in range(6))
        workshop_id = store.add_workshop(map_id, code, who.user_id, now_ms())
        return store.open_workshop(map_id) or Workshop(workshop_id, map_id, code, now_ms(), None)


def current_workshop(db: Database, map_id: int, who: Author) -> Workshop | None:
    """The open workshop on a map, if any."""
    with db.store() as store:
        authorize(store, map_id, who, Permission.VIEW)
        return store.open_workshop(map_id)


def close_workshop(db: Database, map_id: int, who: Author) -> None:
    """Close the workshop: its participants are no longer editors of the map."""
    with db.store(write=True) as store:
        authorize(store, map_id, who, Permission.MANAGE)
        workshop = store.open_workshop(map_id)
        if workshop is None:
            raise InvalidInput("There is no open workshop on this map.")
        store.close_workshop(workshop.id, now_ms())
        announce(store, map_id, "members")  # the participants' push ends at once


def join_workshop(db: Database, code: str, name: str, partner: str | None) -> tuple[User, int]:
    """Join an open workshop as a guest editor of its map; return the guest and the map id."""
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    with db.store(write=True) as store:
        workshop = store.workshop_by_code(code)
        if workshop is None or workshop.closed_ms is not None:
            raise NotFound("There is no open workshop with that code. Check it with your facilitator.")
        _check_partner(store, workshop.map_id, partner)
        user_id = store.add_user(None, _name(name), None, is_guest=True, created_ms=now_ms())
        store.set_membership(workshop.map_id, user_id, Role.EDITOR.value, partner, workshop.id)
        return store.user(user_id), workshop.map_id


def workshop_partners(db: Database, code: str) -> tuple[str, list[tuple[str, str]]]:
    """The title of a workshop's map and its partners (id, name), for the join form."""
    code = (code or "").strip().upper()
    with db.store() as store:
        workshop = store.workshop_by_code(code)
        if workshop is None or workshop.closed_ms is not None:
            raise NotFound("There is no open workshop with that code. Check it with your facilitator.")
        info = store.map(workshop.map_id)
        partnership = store.partnership(info.partnership_id)
        return info.title, [(p.id, p.name) for p in partnership.partners]
