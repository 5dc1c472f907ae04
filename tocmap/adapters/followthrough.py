"""Rows and repository queries for what follows a workshop: actions, decisions, reminders, the journey.

Mixed into :class:`tocmap.adapters.database.Store`, so they run in its transaction. Who may
do what is the services' business (tocmap/services/actions.py, decisions.py, reminders.py,
journey.py).
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import (BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, delete,
                        insert, select, update)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from tocmap.adapters.tables import Base, UserRow
from tocmap.domain.actions import Action, Source
from tocmap.domain.decisions import Decision
from tocmap.domain.errors import NotFound
from tocmap.domain.journey import Document, Session, Stage
from tocmap.domain.text import from_storage
from tocmap.i18n import _


class ActionRow(Base):
    """An action; ``items`` is a JSON list of element and indicator ids, ``due`` an ISO date."""

    __tablename__ = "actions"
    __table_args__ = (Index("ix_actions_owner_due", "owner_id", "due"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    partner_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    due: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(16), default="open")
    items: Mapped[str] = mapped_column(Text, default="[]")
    source_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    source_ref: Mapped[str | None] = mapped_column(String(120), nullable=True)
    source_label: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    updated_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class DecisionRow(Base):
    """A decision; ``stands`` is a JSON object partner id -> stand."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(16))
    threshold: Mapped[float | None] = mapped_column(Float, nullable=True)
    consulted: Mapped[str] = mapped_column(Text, default="")
    stands: Mapped[str] = mapped_column(Text, default="{}")
    created_ms: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    taken_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class ReminderSentRow(Base):
    """One reminder sent to one person: the unique key makes a second sender's insert fail, so none is sent twice."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("user_id", "reminder_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reminder_key: Mapped[str] = mapped_column(String(120))
    sent_ms: Mapped[int] = mapped_column(BigInteger)


class CalendarFeedRow(Base):
    """A person's calendar feed: only the SHA-256 of its secret is stored; renewing replaces it."""

    __tablename__ = "calendar_feeds"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_ms: Mapped[int] = mapped_column(BigInteger)


class JourneyStageRow(Base):
    __tablename__ = "journey_stages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    starts: Mapped[str] = mapped_column(String(10))
    ends: Mapped[str | None] = mapped_column(String(10), nullable=True)


class JourneySessionRow(Base):
    """A session held; ``attendance`` is a JSON object partner id -> number of people."""

    __tablename__ = "journey_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("journey_stages.id", ondelete="SET NULL"), nullable=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[str] = mapped_column(String(10))
    attendance: Mapped[str] = mapped_column(Text, default="{}")
    notes: Mapped[str] = mapped_column(Text, default="")


class JourneyDocumentRow(Base):
    __tablename__ = "journey_documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("journey_sessions.id", ondelete="SET NULL"),
                                                   nullable=True)
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    pre_reading: Mapped[bool] = mapped_column(Boolean, default=False)


ACTIONS, DECISIONS = ActionRow.__table__, DecisionRow.__table__
SENT, FEEDS = ReminderSentRow.__table__, CalendarFeedRow.__table__
STAGES, SESSIONS, DOCUMENTS = JourneyStageRow.__table__, JourneySessionRow.__table__, JourneyDocumentRow.__table__


def _when(ms: int | None) -> dt.datetime | None:
    return None if ms is None else dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


@from_storage
def _action(row, owner_name: str = "") -> Action:
    source = (Source(kind=row.source_kind, ref=row.source_ref, label=row.source_label or "")
              if row.source_kind else None)
    return Action(id=row.id, map_id=row.map_id, title=row.title, notes=row.notes, owner_id=row.owner_id,
                  owner_name=owner_name, partner=row.partner_id, due=dt.date.fromisoformat(row.due),
                  status=row.status, items=json.loads(row.items), source=source, created_at=_when(row.created_ms),
                  created_by=row.created_by, updated_at=_when(row.updated_ms))


@from_storage
def _decision(row) -> Decision:
    return Decision(id=row.id, map_id=row.map_id, text=row.text, rule=row.rule, threshold=row.threshold,
                    consulted=row.consulted, stands=json.loads(row.stands), created_at=_when(row.created_ms),
                    created_by=row.created_by, taken_at=_when(row.taken_ms))


class FollowThroughQueries:
    """Actions, decisions, reminders sent, calendar feeds and the journey, in domain terms."""

    connection = None  # set by Store

    # actions ---------------------------------------------------------------

    def _actions(self, condition) -> list[Action]:
        users = UserRow.__table__
        query = (select(ACTIONS, users.c.name.label("owner_name")).join(users, users.c.id == ACTIONS.c.owner_id)
                 .where(condition).order_by(ACTIONS.c.due, ACTIONS.c.id))
        return [_action(row, row.owner_name) for row in self.connection.execute(query).all()]

    def add_action(self, map_id: int, values: dict, at_ms: int, by: str) -> int:
        result = self.connection.execute(insert(ACTIONS).values(map_id=map_id, created_ms=at_ms, created_by=by,
                                                                **_action_values(values)))
        return result.inserted_primary_key[0]

    def update_action(self, action_id: int, values: dict, at_ms: int) -> None:
        self.connection.execute(update(ACTIONS).where(ACTIONS.c.id == action_id)
                                .values(updated_ms=at_ms, **_action_values(values)))

    def action(self, map_id: int, action_id: int) -> Action:
        found = self._actions((ACTIONS.c.map_id == map_id) & (ACTIONS.c.id == action_id))
        if not found:
            raise NotFound(_("Map {map_id} has no action {action_id}.", map_id=map_id, action_id=action_id))
        return found[0]

    def actions(self, map_id: int) -> list[Action]:
        return self._actions(ACTIONS.c.map_id == map_id)

    def actions_of(self, user_id: int) -> list[Action]:
        """Every action someone owns, on any map."""
        return self._actions(ACTIONS.c.owner_id == user_id)

    def actions_due_by(self, last_day: dt.date) -> list[Action]:
        """Open and taken actions of every map due on or before ``last_day`` (for reminders)."""
        return self._actions(ACTIONS.c.status.in_(("open", "taken")) & (ACTIONS.c.due <= last_day.isoformat()))

    # decisions -------------------------------------------------------------

    def add_decision(self, map_id: int, text: str, rule: str, threshold: float | None, consulted: str, at_ms: int,
                     by: str) -> int:
        result = self.connection.execute(insert(DECISIONS).values(
            map_id=map_id, text=text, rule=rule, threshold=threshold, consulted=consulted, stands="{}",
            created_ms=at_ms, created_by=by))
        return result.inserted_primary_key[0]

    def decision(self, map_id: int, decision_id: int) -> Decision:
        row = self.connection.execute(select(DECISIONS).where(
            DECISIONS.c.map_id == map_id, DECISIONS.c.id == decision_id)).one_or_none()
        if row is None:
            raise NotFound(_("Map {map} has no decision {number}.", map=map_id, number=decision_id))
        return _decision(row)

    def decisions(self, map_id: int) -> list[Decision]:
        query = select(DECISIONS).where(DECISIONS.c.map_id == map_id).order_by(DECISIONS.c.created_ms.desc(),
                                                                               DECISIONS.c.id.desc())
        return [_decision(row) for row in self.connection.execute(query).all()]

    def set_stands(self, decision_id: int, stands: dict[str, str], taken_ms: int | None) -> None:
        self.connection.execute(update(DECISIONS).where(DECISIONS.c.id == decision_id).values(
            stands=json.dumps(stands, sort_keys=True), taken_ms=taken_ms))

    # reminders -------------------------------------------------------------

    def claim_reminder(self, user_id: int, key: str, at_ms: int) -> bool:
        """Record that a reminder goes out; False when it was already sent (by this or another process)."""
        try:
            with self.connection.begin_nested():
                self.connection.execute(insert(SENT).values(user_id=user_id, reminder_key=key, sent_ms=at_ms))
        except IntegrityError:
            return False
        return True

    def unclaim_reminders(self, user_id: int, keys: list[str]) -> None:
        """Forget claims whose sending failed, so the next run tries again."""
        self.connection.execute(delete(SENT).where(SENT.c.user_id == user_id, SENT.c.reminder_key.in_(keys)))

    def reminders_sent(self, user_id: int) -> set[str]:
        return set(self.connection.scalars(select(SENT.c.reminder_key).where(SENT.c.user_id == user_id)))

    def set_calendar_feed(self, user_id: int, token_hash: str, at_ms: int) -> None:
        self.connection.execute(delete(FEEDS).where(FEEDS.c.user_id == user_id))
        self.connection.execute(insert(FEEDS).values(user_id=user_id, token_hash=token_hash, created_ms=at_ms))

    def calendar_feed_user(self, token_hash: str) -> int | None:
        return self.connection.scalar(select(FEEDS.c.user_id).where(FEEDS.c.token_hash == token_hash))

    def calendar_feed_made(self, user_id: int) -> dt.datetime | None:
        return _when(self.connection.scalar(select(FEEDS.c.created_ms).where(FEEDS.c.user_id == user_id)))

    # the journey -----------------------------------------------------------

    def add_stage(self, map_id: int, stage: Stage) -> int:
        result = self.connection.execute(insert(STAGES).values(
            map_id=map_id, kind=stage.kind, title=stage.title, starts=stage.starts.isoformat(),
            ends=stage.ends.isoformat() if stage.ends else None))
        return result.inserted_primary_key[0]

    @from_storage
    def stages(self, map_id: int) -> list[Stage]:
        query = select(STAGES).where(STAGES.c.map_id == map_id).order_by(STAGES.c.starts, STAGES.c.id)
        return [Stage(id=r.id, kind=r.kind, title=r.title, starts=dt.date.fromisoformat(r.starts),
                      ends=dt.date.fromisoformat(r.ends) if r.ends else None)
                for r in self.connection.execute(query).all()]

    def add_session(self, map_id: int, session: Session) -> int:
        result = self.connection.execute(insert(SESSIONS).values(
            map_id=map_id, stage_id=session.stage_id, title=session.title, held_on=session.held_on.isoformat(),
            attendance=json.dumps(session.attendance, sort_keys=True), notes=session.notes))
        return result.inserted_primary_key[0]

    @from_storage
    def sessions(self, map_id: int) -> list[Session]:
        query = select(SESSIONS).where(SESSIONS.c.map_id == map_id).order_by(SESSIONS.c.held_on, SESSIONS.c.id)
        return [Session(id=r.id, stage_id=r.stage_id, title=r.title, held_on=dt.date.fromisoformat(r.held_on),
                        attendance=json.loads(r.attendance), notes=r.notes)
                for r in self.connection.execute(query).all()]

    def add_document(self, map_id: int, document: Document) -> int:
        result = self.connection.execute(insert(DOCUMENTS).values(
            map_id=map_id, session_id=document.session_id, title=document.title, url=document.url,
            pre_reading=document.pre_reading))
        return result.inserted_primary_key[0]

    @from_storage
    def documents(self, map_id: int) -> list[Document]:
        query = select(DOCUMENTS).where(DOCUMENTS.c.map_id == map_id).order_by(DOCUMENTS.c.id)
        return [Document(id=r.id, session_id=r.session_id, title=r.title, url=r.url, pre_reading=r.pre_reading)
                for r in self.connection.execute(query).all()]


def _action_values(values: dict) -> dict:
    """Domain fields of an action as row values."""
    source = values.get("source")
    out = {key: values[key] for key in ("title", "notes", "owner_id", "status") if key in values}
    if "partner" in values:
        out["partner_id"] = values["partner"]
    if "due" in values:
        out["due"] = values["due"].isoformat()
    if "items" in values:
        out["items"] = json.dumps(values["items"])
    if "source" in values:
        out.update(source_kind=source.kind if source else None, source_ref=source.ref if source else None,
                   source_label=source.label if source else None)
    return out
