"""Repository queries for setting up a partnership: one-time links, members per partner, account admin.

Mixed into :class:`tocmap.adapters.database.Store`, so they run in its transaction.
"""

from __future__ import annotations

from sqlalchemy import func, insert, select, update

from tocmap.adapters.tables import MapRow, MembershipRow, OneTimeLinkRow, UserRow
from tocmap.domain.people import OneTimeLink

LINKS, MEMBERS, MAPS, USERS = OneTimeLinkRow.__table__, MembershipRow.__table__, MapRow.__table__, UserRow.__table__


def _link(row) -> OneTimeLink:
    return OneTimeLink(row.id, row.kind, row.email, row.user_id, row.map_id, row.role, row.partner_id,
                       row.created_by, row.created_ms, row.expires_ms, row.used_ms)


class PeopleQueries:
    """One-time links, members counted and moved per partner, and accounts as administrators see them."""

    connection = None  # set by Store

    # one-time links --------------------------------------------------------

    def add_link(self, kind: str, token_hash: str, email: str, *, created_ms: int, expires_ms: int,
                 created_by: str = "", user_id: int | None = None, map_id: int | None = None,
                 role: str | None = None, partner: str | None = None) -> int:
        result = self.connection.execute(insert(LINKS).values(
            kind=kind, token_hash=token_hash, email=email, user_id=user_id, map_id=map_id, role=role,
            partner_id=partner, created_by=created_by, created_ms=created_ms, expires_ms=expires_ms,
        ))
        return result.inserted_primary_key[0]

    def link(self, kind: str, token_hash: str) -> OneTimeLink | None:
        row = self.connection.execute(
            select(LINKS).where(LINKS.c.kind == kind, LINKS.c.token_hash == token_hash)).one_or_none()
        return _link(row) if row else None

    def claim_link(self, link_id: int, now_ms: int) -> bool:
        """Mark a link used, unless it was used or expired already: True for the one caller that wins.

        One conditional UPDATE: two requests using the same link at once cannot both see it unused.
        """
        result = self.connection.execute(
            update(LINKS).where(LINKS.c.id == link_id, LINKS.c.used_ms.is_(None), LINKS.c.expires_ms > now_ms)
            .values(used_ms=now_ms))
        return result.rowcount == 1

    def set_link_user(self, link_id: int, user_id: int) -> None:
        self.connection.execute(update(LINKS).where(LINKS.c.id == link_id).values(used_by=user_id))

    def open_invitations(self, map_id: int, now_ms: int) -> list[OneTimeLink]:
        query = (select(LINKS).where(LINKS.c.kind == "invite", LINKS.c.map_id == map_id, LINKS.c.used_ms.is_(None),
                                     LINKS.c.expires_ms > now_ms).order_by(LINKS.c.created_ms.desc()))
        return [_link(r) for r in self.connection.execute(query).all()]

    def expire_links(self, kind: str, *, link_id: int | None = None, user_id: int | None = None,
                     now_ms: int) -> int:
        """End unused links of a kind: one by id, or every one of a user."""
        query = update(LINKS).where(LINKS.c.kind == kind, LINKS.c.used_ms.is_(None))
        query = query.where(LINKS.c.id == link_id) if link_id is not None else query.where(LINKS.c.user_id == user_id)
        return self.connection.execute(query.values(expires_ms=now_ms)).rowcount

    # members per partner ---------------------------------------------------

    def members_by_partner(self, partnership_id: str) -> dict[str, int]:
        """How many people speak for each partner on the partnership's maps."""
        query = (select(MEMBERS.c.partner_id, func.count())
                 .join(MAPS, MAPS.c.id == MEMBERS.c.map_id)
                 .where(MAPS.c.partnership_id == partnership_id, MEMBERS.c.partner_id.is_not(None))
                 .group_by(MEMBERS.c.partner_id))
        return {partner: count for partner, count in self.connection.execute(query).all()}

    def move_members(self, partnership_id: str, from_partner: str, to_partner: str) -> int:
        """Members of one partner speak for another from now on, on every map of the partnership."""
        maps = select(MAPS.c.id).where(MAPS.c.partnership_id == partnership_id)
        result = self.connection.execute(
            update(MEMBERS).where(MEMBERS.c.partner_id == from_partner, MEMBERS.c.map_id.in_(maps))
            .values(partner_id=to_partner))
        return result.rowcount

    def keep_member(self, map_id: int, user_id: int) -> bool:
        """A workshop participant stays a member when the workshop closes; False if they were not one."""
        result = self.connection.execute(
            update(MEMBERS).where(MEMBERS.c.map_id == map_id, MEMBERS.c.user_id == user_id,
                                  MEMBERS.c.workshop_id.is_not(None)).values(workshop_id=None))
        return result.rowcount == 1

    # accounts --------------------------------------------------------------

    def update_user(self, user_id: int, **values) -> None:
        """Set account fields: name, email, language, is_admin, is_guest, disabled_ms, password_hash."""
        self.connection.execute(update(USERS).where(USERS.c.id == user_id).values(**values))

    def maps_count_by_user(self) -> dict[int, int]:
        query = select(MEMBERS.c.user_id, func.count()).group_by(MEMBERS.c.user_id)
        return dict(self.connection.execute(query).all())
