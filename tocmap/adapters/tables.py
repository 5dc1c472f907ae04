"""SQLAlchemy rows. They are storage only: repositories map them to domain models explicitly."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text, UniqueConstraint
from sqlalchemy import Boolean, Date, Double, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class PartnershipRow(Base):
    __tablename__ = "partnerships"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class PartnerRow(Base):
    __tablename__ = "partners"
    partnership_id: Mapped[str] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(20), default="")
    colour: Mapped[str] = mapped_column(String(7), default="#4c6ef5")
    language: Mapped[str] = mapped_column(String(35), default="", server_default="")
    organisations: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    retired_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    merged_into: Mapped[str | None] = mapped_column(String(64), nullable=True)


class MapRow(Base):
    """One map. ``revision``, ``title`` and ``element_count`` summarise its head revision."""

    __tablename__ = "maps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partnership_id: Mapped[str] = mapped_column(ForeignKey("partnerships.id"))
    title: Mapped[str] = mapped_column(String(200))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    checkpoint_revision: Mapped[int] = mapped_column(Integer, default=0)
    element_count: Mapped[int] = mapped_column(Integer, default=0)
    template: Mapped[str] = mapped_column(String(100), default="")
    created_ms: Mapped[int] = mapped_column(BigInteger)
    updated_ms: Mapped[int] = mapped_column(BigInteger)
    archived_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class ChangeRow(Base):
    """One entry of a map's history; ``change`` is the recorded operation as compact JSON.

    A row-id table on SQLite (as is :class:`CheckpointRow`): a large row, such as an import, then
    sits in overflow pages that searches for other maps' revisions never read.
    """

    __tablename__ = "changes"
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    at_ms: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    user_name: Mapped[str] = mapped_column(String(200))
    partner_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    change: Mapped[str] = mapped_column(Text)


class CheckpointRow(Base):
    """The whole map state at one revision (its format, then zlib-compressed JSON), so replays stay short."""

    __tablename__ = "checkpoints"
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[bytes] = mapped_column(LargeBinary)


class SnapshotRow(Base):
    __tablename__ = "snapshots"
    __table_args__ = (UniqueConstraint("map_id", "name"), Index("ix_snapshots_map_revision", "map_id", "revision"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    revision: Mapped[int] = mapped_column(Integer)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    endorsed_by: Mapped[str] = mapped_column(Text, default="[]")


class UserRow(Base):
    """A person who signs in; workshop guests have no email and no password."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True, nullable=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_guest: Mapped[bool] = mapped_column(default=False)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    disabled_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    language: Mapped[str] = mapped_column(String(35), default="", server_default="")
    #: Raised by sign-out, a password change or reset and disabling: every older session and remember token stops.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class MembershipRow(Base):
    """A user's role on one map, and the partner they speak for there."""

    __tablename__ = "memberships"
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    partner_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"), nullable=True)


class TokenRow(Base):
    """An API token: only its SHA-256 is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    last_used_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class WorkshopRow(Base):
    """A facilitator's open workshop on a map: participants join with its code."""

    __tablename__ = "workshops"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    opened_ms: Mapped[int] = mapped_column(BigInteger)
    closed_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    #: When the current code was made (at opening, or when the facilitator renewed it); it expires after a setting.
    code_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class OneTimeLinkRow(Base):
    """A link that works once: an invitation to a map (``kind`` invite) or a password reset (``kind`` reset).

    Only the token's SHA-256 is stored. ``used_ms`` is set by the one request that uses it.
    """

    __tablename__ = "one_time_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=True)
    map_id: Mapped[int | None] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), nullable=True, index=True)
    role: Mapped[str | None] = mapped_column(String(20), nullable=True)
    partner_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_ms: Mapped[int] = mapped_column(BigInteger)
    expires_ms: Mapped[int] = mapped_column(BigInteger)
    used_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    used_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class RememberTokenRow(Base):
    """A "stay signed in" token of one browser: only its SHA-256 is stored; each use replaces it with a new one.

    It works only while ``generation`` equals the user's ``session_generation``.
    """

    __tablename__ = "remember_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    generation: Mapped[int] = mapped_column(Integer)
    signed_in_ms: Mapped[int] = mapped_column(BigInteger)
    expires_ms: Mapped[int] = mapped_column(BigInteger)


class SecretRow(Base):
    """Secrets every process must share: the session signing key, the one-time set-up token."""

    __tablename__ = "secrets"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class PresenceRow(Base):
    """Who has a map open, and what they have selected (refreshed while they look)."""

    __tablename__ = "presence"
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    selected: Mapped[str] = mapped_column(String(64), default="")
    seen_ms: Mapped[int] = mapped_column(BigInteger)


class HealthRoundRow(Base):
    """A partnership health check round on a map. Who started and revealed it.

    ``dimensions`` and ``actions`` (what was done about its results) are JSON lists.
    """

    __tablename__ = "health_rounds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    dimensions: Mapped[str] = mapped_column(Text)
    started_ms: Mapped[int] = mapped_column(BigInteger)
    started_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    started_by: Mapped[str] = mapped_column(String(200), default="")
    revealed_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    revealed_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    revealed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    actions: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    #: The partners' written diagnosis of the round, and the partners who agreed it (a JSON list).
    diagnosis: Mapped[str] = mapped_column(Text, default="", server_default="")
    diagnosis_agreed_by: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    diagnosis_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    diagnosis_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class HealthAnswerRow(Base):
    """One participant's answer in a round (one per participant); ``scores`` and ``comments`` are JSON."""

    __tablename__ = "health_answers"
    round_id: Mapped[int] = mapped_column(ForeignKey("health_rounds.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_name: Mapped[str] = mapped_column(String(200))
    partner_id: Mapped[str] = mapped_column(String(64))
    scores: Mapped[str] = mapped_column(Text)
    comments: Mapped[str] = mapped_column(Text, default="{}")
    created_ms: Mapped[int] = mapped_column(BigInteger)
    updated_ms: Mapped[int] = mapped_column(BigInteger)
    #: An independent assessor's answer (``partner_id`` is then empty): shown beside the partners', never mixed in.
    assessor: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class HealthAnonymousCommentRow(Base):
    """A comment given without a name: nothing ties it to who wrote it, so nobody can tell."""

    __tablename__ = "health_anonymous_comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("health_rounds.id", ondelete="CASCADE"), index=True)
    dimension: Mapped[str | None] = mapped_column(String(64), nullable=True)
    text: Mapped[str] = mapped_column(Text)


class ContributionRow(Base):
    """What one partner puts in: money, staff time or in kind, planned or actual, over a period."""

    __tablename__ = "contributions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    amount: Mapped[float] = mapped_column(Double)
    currency: Mapped[str | None] = mapped_column(String(3), nullable=True)
    intervention: Mapped[str | None] = mapped_column(String(64), nullable=True)
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_ms: Mapped[int] = mapped_column(BigInteger)


class ReviewPointRow(Base):
    """A partnership's own criterion for review or exit, watched by tocmap (``rule`` is JSON)."""

    __tablename__ = "review_points"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_ms: Mapped[int] = mapped_column(BigInteger)


class SwotExerciseRow(Base):
    """A two-sided SWOT exercise on a map; ``pairs`` is JSON (facilitator's confirmed/undone groupings)."""

    __tablename__ = "swot_exercises"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    opened_ms: Mapped[int] = mapped_column(BigInteger)
    opened_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    opened_by: Mapped[str] = mapped_column(String(200), default="")
    revealed_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    revealed_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    revealed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    pairs: Mapped[str] = mapped_column(Text, default="{}")


class SwotCardRow(Base):
    """One SWOT card of a partner group; ``element_id`` is set once the card became a map element."""

    __tablename__ = "swot_cards"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("swot_exercises.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[str] = mapped_column(String(64))
    quadrant: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(500))
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    user_name: Mapped[str] = mapped_column(String(200), default="")
    created_ms: Mapped[int] = mapped_column(BigInteger)
    element_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    translations: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")  # language -> field -> text


class CommentRow(Base):
    """One comment. A thread's first comment has no ``thread_id``; its replies point to it.

    ``updated_ms`` moves on every write in the thread's life (new, reply, resolve), so an open
    copy of the map learns there is something new to show from one indexed maximum.
    """

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_map_updated", "map_id", "updated_ms"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), nullable=True,
                                                  index=True)
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(64), default="")
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author_name: Mapped[str] = mapped_column(String(200))
    partner_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    updated_ms: Mapped[int] = mapped_column(BigInteger)
    resolved_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
