"""Repository queries for comment threads. Mixed into :class:`tocmap.adapters.database.Store`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select, update

from tocmap.adapters.tables import CommentRow
from tocmap.domain.comments import Comment, Thread
from tocmap.domain.errors import NotFound
from tocmap.domain.text import from_storage
from tocmap.i18n import _

COMMENTS = CommentRow.__table__


def _when(ms: int | None) -> dt.datetime | None:
    return None if ms is None else dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


@from_storage
def _comment(row) -> Comment:
    return Comment(id=row.id, author=row.author_name, user_id=row.user_id, partner=row.partner_id,
                   at=_when(row.created_ms), text=row.text)


class CommentQueries:
    """Comment threads, in domain terms."""

    connection = None  # set by Store

    def add_comment(self, map_id: int, subject_kind: str, subject_id: str, text: str, author, at_ms: int,
                    thread_id: int | None = None) -> int:
        result = self.connection.execute(insert(COMMENTS).values(
            map_id=map_id, thread_id=thread_id, subject_kind=subject_kind, subject_id=subject_id,
            user_id=author.user_id, author_name=author.name, partner_id=author.partner, text=text,
            created_ms=at_ms, updated_ms=at_ms,
        ))
        return result.inserted_primary_key[0]

    def thread_root(self, map_id: int, thread_id: int):
        """The first comment of a thread on this map, or NotFound."""
        row = self.connection.execute(select(COMMENTS).where(
            COMMENTS.c.id == thread_id, COMMENTS.c.map_id == map_id, COMMENTS.c.thread_id.is_(None),
        )).one_or_none()
        if row is None:
            raise NotFound(_("Map {map_id} has no comment thread {thread_id}.", map_id=map_id, thread_id=thread_id))
        return row

    def set_resolved(self, thread_id: int, at_ms: int, by: str | None) -> None:
        """Resolve (``by`` names who) or reopen (``by`` is None) a thread."""
        self.connection.execute(update(COMMENTS).where(COMMENTS.c.id == thread_id).values(
            resolved_ms=at_ms if by else None, resolved_by=by, updated_ms=at_ms,
        ))

    def touch_thread(self, thread_id: int, at_ms: int) -> None:
        self.connection.execute(update(COMMENTS).where(COMMENTS.c.id == thread_id).values(updated_ms=at_ms))

    @from_storage
    def threads(self, map_id: int, subject_kind: str | None = None, subject_id: str | None = None,
                thread_id: int | None = None) -> list[Thread]:
        """Threads on a map (optionally on one item, or one thread), newest activity first."""
        roots = select(COMMENTS).where(COMMENTS.c.map_id == map_id, COMMENTS.c.thread_id.is_(None))
        if subject_kind is not None:
            roots = roots.where(COMMENTS.c.subject_kind == subject_kind, COMMENTS.c.subject_id == (subject_id or ""))
        if thread_id is not None:
            roots = roots.where(COMMENTS.c.id == thread_id)
        roots = roots.order_by(COMMENTS.c.updated_ms.desc(), COMMENTS.c.id.desc())
        root_rows = self.connection.execute(roots).all()
        if not root_rows:
            return []
        ids = [r.id for r in root_rows]
        replies: dict[int, list[Comment]] = {i: [] for i in ids}
        query = select(COMMENTS).where(COMMENTS.c.thread_id.in_(ids)).order_by(COMMENTS.c.id)
        for row in self.connection.execute(query):
            replies[row.thread_id].append(_comment(row))
        return [Thread(id=r.id, subject_kind=r.subject_kind, subject_id=r.subject_id,
                       comments=[_comment(r), *replies[r.id]], resolved_at=_when(r.resolved_ms),
                       resolved_by=r.resolved_by) for r in root_rows]

    def open_thread_counts(self, map_id: int) -> dict[tuple[str, str], int]:
        """How many unresolved threads each item has."""
        query = (select(COMMENTS.c.subject_kind, COMMENTS.c.subject_id, func.count())
                 .where(COMMENTS.c.map_id == map_id, COMMENTS.c.thread_id.is_(None), COMMENTS.c.resolved_ms.is_(None))
                 .group_by(COMMENTS.c.subject_kind, COMMENTS.c.subject_id))
        return {(kind, item): count for kind, item, count in self.connection.execute(query)}

    def comments_changed_ms(self, map_id: int) -> int:
        """When anything in the map's discussion last changed (0 when there is none)."""
        query = select(func.max(COMMENTS.c.updated_ms)).where(COMMENTS.c.map_id == map_id)
        return self.connection.execute(query).scalar() or 0
