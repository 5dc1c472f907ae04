"""Rows and queries for the record of refusals: when, who, what, why (the administrators' page reads them).

Mixed into :class:`tocmap.adapters.database.Store`. Only the most recent ones are kept
(:meth:`RefusalQueries.add_refusals` trims the table in the same statement batch).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String, delete, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from tocmap.adapters.tables import Base
from tocmap.domain.people import Refusal


class RefusalRow(Base):
    """One refused request: what the requester asked for, and why it was refused."""

    __tablename__ = "refusals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at_ms: Mapped[int] = mapped_column(BigInteger, index=True)
    who: Mapped[str] = mapped_column(String(200))
    what: Mapped[str] = mapped_column(String(300))
    why: Mapped[str] = mapped_column(String(500))
    request_id: Mapped[str] = mapped_column(String(64), default="")


REFUSALS = RefusalRow.__table__


class RefusalQueries:
    """Refusals: add (keeping the most recent), list newest first."""

    def add_refusals(self, refusals: list[Refusal], keep: int) -> None:
        """Record refusals, then drop all but the ``keep`` most recent."""
        if not refusals:
            return
        self.connection.execute(insert(REFUSALS), [
            {"at_ms": r.at_ms, "who": r.who[:200], "what": r.what[:300], "why": r.why[:500],
             "request_id": r.request_id[:64]} for r in refusals])
        newest = select(REFUSALS.c.id).order_by(REFUSALS.c.id.desc()).limit(max(keep, 0)).subquery()
        self.connection.execute(delete(REFUSALS).where(REFUSALS.c.id.not_in(select(newest.c.id))))

    def refusals(self, limit: int) -> list[Refusal]:
        """The most recent refusals, newest first."""
        rows = self.connection.execute(select(REFUSALS).order_by(REFUSALS.c.id.desc()).limit(limit)).all()
        return [Refusal(r.at_ms, r.who, r.what, r.why, r.request_id) for r in rows]
