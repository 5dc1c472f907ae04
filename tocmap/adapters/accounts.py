"""Repository queries for people: users, memberships, API tokens, workshops, presence, secrets.

Mixed into :class:`tocmap.adapters.database.Store`, so they run in its transaction.
"""

from __future__ import annotations

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from tocmap.adapters.tables import (
    MembershipRow,
    PresenceRow,
    RememberTokenRow,
    SecretRow,
    TokenRow,
    UserRow,
    WorkshopRow,
)
from tocmap.domain.errors import InvalidInput
from tocmap.domain.people import Member, Remembered, User, Workshop
from tocmap.i18n import _

USERS, MEMBERS, TOKENS = UserRow.__table__, MembershipRow.__table__, TokenRow.__table__
WORKSHOPS, SECRETS, PRESENCE = WorkshopRow.__table__, SecretRow.__table__, PresenceRow.__table__
REMEMBER = RememberTokenRow.__table__


def _user(row) -> User:
    return User(row.id, row.email, row.name, row.is_admin, row.is_guest, row.password_hash,
                row.disabled_ms is not None, row.language, row.session_generation)


def _workshop(row) -> Workshop:
    return Workshop(row.id, row.map_id, row.code, row.opened_ms, row.closed_ms, row.code_ms)


class AccountQueries:
    """People and their access, in domain terms."""

    connection = None  # set by Store

    # users -----------------------------------------------------------------

    def add_user(self, email: str | None, name: str, password_hash: str | None, *, is_admin: bool = False,
                 is_guest: bool = False, created_ms: int) -> int:
        try:
            with self.connection.begin_nested():
                result = self.connection.execute(insert(USERS).values(
                    email=email, name=name, password_hash=password_hash, is_admin=is_admin, is_guest=is_guest,
                    created_ms=created_ms,
                ))
        except IntegrityError:
            raise InvalidInput(_("There is already an account for {email}.", email=email)) from None
        return result.inserted_primary_key[0]

    def user(self, user_id: int) -> User | None:
        row = self.connection.execute(select(USERS).where(USERS.c.id == user_id)).one_or_none()
        return _user(row) if row else None

    def user_by_email(self, email: str) -> User | None:
        row = self.connection.execute(select(USERS).where(USERS.c.email == email)).one_or_none()
        return _user(row) if row else None

    def users(self) -> list[User]:
        return [_user(r) for r in self.connection.execute(select(USERS).order_by(USERS.c.name)).all()]

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.connection.execute(update(USERS).where(USERS.c.id == user_id).values(password_hash=password_hash))

    def end_sessions(self, user_id: int) -> None:
        """Raise the user's session generation and forget their remember tokens: every session stops."""
        self.connection.execute(update(USERS).where(USERS.c.id == user_id)
                                .values(session_generation=USERS.c.session_generation + 1))
        self.connection.execute(delete(REMEMBER).where(REMEMBER.c.user_id == user_id))

    def add_remember_token(self, user_id: int, token_hash: str, generation: int, signed_in_ms: int,
                           expires_ms: int) -> None:
        self.connection.execute(insert(REMEMBER).values(
            user_id=user_id, token_hash=token_hash, generation=generation, signed_in_ms=signed_in_ms,
            expires_ms=expires_ms))

    def take_remember_token(self, token_hash: str, now_ms: int) -> Remembered | None:
        """Remove a remember token and return it, if it is there and not expired; one caller wins it.

        The conditional DELETE decides: of two requests using one token at once, only one sees rowcount 1.
        """
        row = self.connection.execute(select(REMEMBER).where(REMEMBER.c.token_hash == token_hash)).one_or_none()
        if row is None:
            return None
        taken = self.connection.execute(delete(REMEMBER).where(REMEMBER.c.id == row.id)).rowcount == 1
        if not taken or row.expires_ms <= now_ms:
            return None
        return Remembered(row.user_id, row.generation, row.signed_in_ms, row.expires_ms)

    def forget_expired_remember_tokens(self, now_ms: int) -> None:
        self.connection.execute(delete(REMEMBER).where(REMEMBER.c.expires_ms <= now_ms))

    def count_admins(self) -> int:
        return len(self.connection.execute(select(USERS.c.id).where(USERS.c.is_admin.is_(True))).all())

    # memberships -----------------------------------------------------------

    def membership(self, map_id: int, user_id: int) -> Member | None:
        rows = self._members(and_(MEMBERS.c.map_id == map_id, MEMBERS.c.user_id == user_id))
        return rows[0] if rows else None

    def members(self, map_id: int) -> list[Member]:
        return self._members(MEMBERS.c.map_id == map_id)

    def _members(self, condition) -> list[Member]:
        query = (
            select(MEMBERS, USERS.c.name, USERS.c.email, USERS.c.is_guest)
            .join(USERS, USERS.c.id == MEMBERS.c.user_id)
            .where(condition)
            .order_by(USERS.c.name)
        )
        return [Member(r.user_id, r.name, r.email, r.role, r.partner_id, r.workshop_id, r.is_guest)
                for r in self.connection.execute(query).all()]

    def user_on(self, map_id: int, user_id: int) -> tuple[User, str | None, str | None] | None:
        """A user with their role and partner on a map (None, None when not a member), in one query."""
        query = (
            select(USERS, MEMBERS.c.role, MEMBERS.c.partner_id)
            .outerjoin(MEMBERS, and_(MEMBERS.c.user_id == USERS.c.id, MEMBERS.c.map_id == map_id))
            .where(USERS.c.id == user_id)
        )
        row = self.connection.execute(query).one_or_none()
        return (_user(row), row.role, row.partner_id) if row else None

    def roles_on(self, map_id: int, user_ids: set[int]) -> dict[int, tuple[bool, str | None, int]]:
        """For each of these users whose account exists and is not disabled:
        (is an administrator, role or None, session generation)."""
        query = (
            select(USERS.c.id, USERS.c.is_admin, MEMBERS.c.role, USERS.c.session_generation)
            .outerjoin(MEMBERS, and_(MEMBERS.c.user_id == USERS.c.id, MEMBERS.c.map_id == map_id))
            .where(USERS.c.id.in_(user_ids), USERS.c.disabled_ms.is_(None))
        )
        return {row.id: (bool(row.is_admin), row.role, row.session_generation)
                for row in self.connection.execute(query).all()}

    def map_ids_of(self, user_id: int) -> set[int]:
        return set(self.connection.scalars(select(MEMBERS.c.map_id).where(MEMBERS.c.user_id == user_id)))

    def set_membership(self, map_id: int, user_id: int, role: str, partner: str | None,
                       workshop_id: int | None = None) -> None:
        self.connection.execute(delete(MEMBERS).where(MEMBERS.c.map_id == map_id, MEMBERS.c.user_id == user_id))
        self.connection.execute(insert(MEMBERS).values(
            map_id=map_id, user_id=user_id, role=role, partner_id=partner, workshop_id=workshop_id,
        ))

    def remove_membership(self, map_id: int, user_id: int) -> None:
        self.connection.execute(delete(MEMBERS).where(MEMBERS.c.map_id == map_id, MEMBERS.c.user_id == user_id))

    # tokens ----------------------------------------------------------------

    def add_token(self, user_id: int, name: str, token_hash: str, created_ms: int) -> int:
        result = self.connection.execute(insert(TOKENS).values(
            user_id=user_id, name=name, token_hash=token_hash, created_ms=created_ms,
        ))
        return result.inserted_primary_key[0]

    def user_for_token(self, token_hash: str, now_ms: int) -> User | None:
        row = self.connection.execute(select(TOKENS.c.id, TOKENS.c.user_id).where(TOKENS.c.token_hash == token_hash)).first()
        if row is None:
            return None
        self.connection.execute(update(TOKENS).where(TOKENS.c.id == row.id).values(last_used_ms=now_ms))
        return self.user(row.user_id)

    def tokens(self, user_id: int) -> list[dict]:
        query = select(TOKENS.c.id, TOKENS.c.name, TOKENS.c.created_ms, TOKENS.c.last_used_ms).where(
            TOKENS.c.user_id == user_id)
        return [dict(r._mapping) for r in self.connection.execute(query).all()]

    def remove_token(self, user_id: int, token_id: int) -> bool:
        result = self.connection.execute(delete(TOKENS).where(TOKENS.c.id == token_id, TOKENS.c.user_id == user_id))
        return result.rowcount > 0

    # workshops -------------------------------------------------------------

    def add_workshop(self, map_id: int, code: str, opened_by: int | None, opened_ms: int) -> int:
        result = self.connection.execute(insert(WORKSHOPS).values(
            map_id=map_id, code=code, opened_by=opened_by, opened_ms=opened_ms, code_ms=opened_ms,
        ))
        return result.inserted_primary_key[0]

    def renew_workshop_code(self, workshop_id: int, code: str, now_ms: int) -> None:
        self.connection.execute(update(WORKSHOPS).where(WORKSHOPS.c.id == workshop_id).values(code=code, code_ms=now_ms))

    def open_workshop(self, map_id: int) -> Workshop | None:
        query = select(WORKSHOPS).where(WORKSHOPS.c.map_id == map_id, WORKSHOPS.c.closed_ms.is_(None))
        row = self.connection.execute(query).first()
        return _workshop(row) if row else None

    def workshop(self, workshop_id: int) -> Workshop | None:
        row = self.connection.execute(select(WORKSHOPS).where(WORKSHOPS.c.id == workshop_id)).first()
        return _workshop(row) if row else None

    def workshop_by_code(self, code: str) -> Workshop | None:
        row = self.connection.execute(select(WORKSHOPS).where(WORKSHOPS.c.code == code)).first()
        return _workshop(row) if row else None

    def close_workshop(self, workshop_id: int, closed_ms: int) -> None:
        self.connection.execute(update(WORKSHOPS).where(WORKSHOPS.c.id == workshop_id).values(closed_ms=closed_ms))
        self.connection.execute(delete(MEMBERS).where(MEMBERS.c.workshop_id == workshop_id))

    # presence --------------------------------------------------------------

    def touch_presence(self, map_id: int, user_id: int, selected: str, seen_ms: int) -> None:
        updated = self.connection.execute(
            update(PRESENCE).where(PRESENCE.c.map_id == map_id, PRESENCE.c.user_id == user_id)
            .values(selected=selected, seen_ms=seen_ms)
        )
        if updated.rowcount == 0:
            self.connection.execute(insert(PRESENCE).values(
                map_id=map_id, user_id=user_id, selected=selected, seen_ms=seen_ms))

    def keep_presence(self, map_id: int, user_ids: set[int], seen_ms: int) -> None:
        """Mark these users as still on the map, keeping what each has selected."""
        self.connection.execute(
            update(PRESENCE).where(PRESENCE.c.map_id == map_id, PRESENCE.c.user_id.in_(user_ids))
            .values(seen_ms=seen_ms)
        )
        listed = set(self.connection.scalars(
            select(PRESENCE.c.user_id).where(PRESENCE.c.map_id == map_id, PRESENCE.c.user_id.in_(user_ids))))
        newcomers = user_ids - listed
        if newcomers:
            self.connection.execute(insert(PRESENCE), [
                {"map_id": map_id, "user_id": user_id, "selected": "", "seen_ms": seen_ms} for user_id in newcomers])

    def present(self, map_id: int, since_ms: int) -> list[dict]:
        query = (
            select(PRESENCE.c.user_id, PRESENCE.c.selected, USERS.c.name)
            .join(USERS, USERS.c.id == PRESENCE.c.user_id)
            .where(PRESENCE.c.map_id == map_id, PRESENCE.c.seen_ms >= since_ms)
            .order_by(USERS.c.name)
        )
        return [dict(r._mapping) for r in self.connection.execute(query).all()]

    # secrets ---------------------------------------------------------------

    def secret(self, name: str) -> str | None:
        return self.connection.scalar(select(SECRETS.c.value).where(SECRETS.c.name == name))

    def claim_secret(self, name: str, candidate: str) -> str:
        """The secret stored under ``name``, storing ``candidate`` first when there is none.

        The first process to write wins and every other reads its value, even when several
        start at once: each must sign cookies with the same key.
        """
        dialect_insert = sqlite_insert if self.db.is_sqlite else postgres_insert
        self.connection.execute(dialect_insert(SECRETS).values(name=name, value=candidate)
                                .on_conflict_do_nothing(index_elements=["name"]))
        return self.secret(name)

    def take_secret(self, name: str, value: str) -> bool:
        """Remove the secret ``name`` if it holds ``value``: True for the one caller that removed it.

        One conditional DELETE: of several transactions taking it at once, one wins and the others
        see no row once the winner commits.
        """
        result = self.connection.execute(delete(SECRETS).where(SECRETS.c.name == name, SECRETS.c.value == value))
        return result.rowcount == 1

    def set_secret(self, name: str, value: str | None) -> None:
        self.connection.execute(delete(SECRETS).where(SECRETS.c.name == name))
        if value is not None:
            self.connection.execute(insert(SECRETS).values(name=name, value=value))
