"""People and their places as the services read them: accounts, memberships, workshops, one-time links,
refused requests. Plain records, filled by the repositories."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    """Someone who can sign in (or a workshop guest)."""

    id: int
    email: str | None
    name: str
    is_admin: bool
    is_guest: bool
    password_hash: str | None = None
    disabled: bool = False
    language: str = ""
    session_generation: int = 0


@dataclass(frozen=True)
class Remembered:
    """A "stay signed in" token as stored: whose, of which session generation, since when, until when."""

    user_id: int
    generation: int
    signed_in_ms: int
    expires_ms: int


@dataclass(frozen=True)
class Member:
    """A user's place on one map."""

    user_id: int
    name: str
    email: str | None
    role: str
    partner: str | None
    workshop_id: int | None
    is_guest: bool


@dataclass(frozen=True)
class Workshop:
    """An open (or closed) workshop on a map."""

    id: int
    map_id: int
    code: str
    opened_ms: int
    closed_ms: int | None
    code_ms: int | None = None

    @property
    def code_made_ms(self) -> int:
        """When the current join code was made (workshops opened before codes expired: when opened)."""
        return self.code_ms if self.code_ms is not None else self.opened_ms


@dataclass(frozen=True)
class OneTimeLink:
    """An invitation to a map or a password reset, as stored (without its token)."""

    id: int
    kind: str
    email: str
    user_id: int | None
    map_id: int | None
    role: str | None
    partner: str | None
    created_by: str
    created_ms: int
    expires_ms: int
    used_ms: int | None


@dataclass(frozen=True)
class Refusal:
    """A refusal as recorded."""

    at_ms: int
    who: str
    what: str
    why: str
    request_id: str = ""
