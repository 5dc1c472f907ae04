"""What the services need from storage, declared here so they depend on these protocols, not on a database.

:class:`Storage` hands out units of work: ``with storage.store(write=True) as repositories: ...`` is one
transaction that commits on success and rolls back on any error. :class:`Repositories` is what a unit of work
offers: one repository protocol per aggregate (maps and their history, accounts, health checks, SWOT rounds,
comments, invitations, contributions, review points, follow-through, refusals).

:class:`tocmap.adapters.database.Database` is the implementation; the app and the command line pass it in.
``tests/services/test_ports.py`` checks that it provides every method declared here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol

from tocmap.domain.actions import Action
from tocmap.domain.catalogue import MapInfo
from tocmap.domain.changes import ChangeRecord
from tocmap.domain.comments import Thread
from tocmap.domain.contributions import Contribution
from tocmap.domain.decisions import Decision
from tocmap.domain.health import Action as RoundAction
from tocmap.domain.health import AnonymousComment, Answer, Diagnosis, Dimension, Round
from tocmap.domain.journey import Document, Session, Stage
from tocmap.domain.limits import Limits
from tocmap.domain.model import MapState, Partnership, Snapshot
from tocmap.domain.people import (
    Member,
    OneTimeLink,
    Refusal,
    Remembered,
    User,
    Workshop,
)
from tocmap.domain.review_points import ReviewPoint
from tocmap.domain.swot import Card, Exercise


class MapRepository(Protocol):
    """Maps, partnerships, their history, checkpoints and snapshots."""

    def maps(self, include_archived: bool = False) -> list[MapInfo]: ...
    def map(self, map_id: int, lock: bool = False) -> MapInfo:
        """The map's row; ``lock`` holds it until the transaction ends (PostgreSQL)."""

    def add_map(self, partnership_id: str, title: str, template: str = "") -> int: ...
    def set_head(self, map_id: int, revision: int, state: MapState, at_ms: int) -> None: ...
    def set_archived(self, map_id: int, archived: bool) -> None: ...
    def partnership(self, partnership_id: str) -> Partnership: ...
    def partner_ids(self, partnership_id: str, include_former: bool = False) -> set[str]:
        """Ids of the partners working together now (and of the retired ones too, when asked)."""

    def has_partnership(self, partnership_id: str) -> bool: ...
    def save_partnership(self, partnership: Partnership) -> None:
        """Insert or replace a partnership and its partners (current and former)."""

    def append(self, map_id: int, record: ChangeRecord, change_json: str) -> None: ...
    def records(
        self,
        map_id: int,
        after: int = 0,
        upto: int | None = None,
        newest_first: bool = False,
        limit: int | None = None,
    ) -> list[ChangeRecord]:
        """History entries with ``after < revision <= upto``."""

    def raw_changes(self, map_id: int, after: int, upto: int) -> list[str]:
        """The recorded operations (JSON) with ``after < revision <= upto``, oldest first."""

    def checkpoint(self, map_id: int, at_or_before: int) -> tuple[int, MapState] | None: ...
    def save_checkpoint(self, map_id: int, revision: int, state: MapState) -> None: ...
    def snapshots(self, map_id: int) -> list[Snapshot]: ...
    def add_snapshot(self, map_id: int, snapshot: Snapshot) -> None: ...
    def set_endorsements(self, map_id: int, name: str, endorsed_by: list[str]) -> None: ...


class AccountRepository(Protocol):
    """People: accounts, memberships, API tokens, workshops, presence, secrets."""

    def add_user(
        self,
        email: str | None,
        name: str,
        password_hash: str | None,
        *,
        is_admin: bool = False,
        is_guest: bool = False,
        created_ms: int,
    ) -> int: ...
    def user(self, user_id: int) -> User | None: ...
    def user_by_email(self, email: str) -> User | None: ...
    def users(self) -> list[User]: ...
    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...
    def end_sessions(self, user_id: int) -> None:
        """Raise the user's session generation and forget their remember tokens: every session stops."""

    def add_remember_token(
        self,
        user_id: int,
        token_hash: str,
        generation: int,
        signed_in_ms: int,
        expires_ms: int,
    ) -> None: ...
    def take_remember_token(self, token_hash: str, now_ms: int) -> Remembered | None:
        """Remove a remember token and return it, if it is there and not expired; one caller wins it."""

    def forget_expired_remember_tokens(self, now_ms: int) -> None: ...
    def count_admins(self) -> int: ...
    def membership(self, map_id: int, user_id: int) -> Member | None: ...
    def members(self, map_id: int) -> list[Member]: ...
    def user_on(self, map_id: int, user_id: int) -> tuple[User, str | None, str | None] | None:
        """A user with their role and partner on a map (None, None when not a member), in one query."""

    def roles_on(self, map_id: int, user_ids: set[int]) -> dict[int, tuple[bool, str | None, int]]:
        """For each of these users whose account exists and is not disabled: (is an administrator, role or None, session generation)."""

    def map_ids_of(self, user_id: int) -> set[int]: ...
    def set_membership(
        self,
        map_id: int,
        user_id: int,
        role: str,
        partner: str | None,
        workshop_id: int | None = None,
    ) -> None: ...
    def remove_membership(self, map_id: int, user_id: int) -> None: ...
    def add_token(self, user_id: int, name: str, token_hash: str, created_ms: int) -> int: ...
    def user_for_token(self, token_hash: str, now_ms: int) -> User | None: ...
    def tokens(self, user_id: int) -> list[dict]: ...
    def remove_token(self, user_id: int, token_id: int) -> bool: ...
    def add_workshop(self, map_id: int, code: str, opened_by: int | None, opened_ms: int) -> int: ...
    def renew_workshop_code(self, workshop_id: int, code: str, now_ms: int) -> None: ...
    def open_workshop(self, map_id: int) -> Workshop | None: ...
    def workshop(self, workshop_id: int) -> Workshop | None: ...
    def workshop_by_code(self, code: str) -> Workshop | None: ...
    def close_workshop(self, workshop_id: int, closed_ms: int) -> None: ...
    def touch_presence(self, map_id: int, user_id: int, selected: str, seen_ms: int) -> None: ...
    def keep_presence(self, map_id: int, user_ids: set[int], seen_ms: int) -> None:
        """Mark these users as still on the map, keeping what each has selected."""

    def present(self, map_id: int, since_ms: int) -> list[dict]: ...
    def secret(self, name: str) -> str | None: ...
    def claim_secret(self, name: str, candidate: str) -> str:
        """The secret stored under ``name``, storing ``candidate`` first when there is none."""

    def take_secret(self, name: str, value: str) -> bool:
        """Remove the secret ``name`` if it holds ``value``: True for the one caller that removed it."""

    def set_secret(self, name: str, value: str | None) -> None: ...


class HealthRepository(Protocol):
    """Partnership health-check rounds and their private answers."""

    def add_round(
        self,
        map_id: int,
        title: str,
        dimensions: list[Dimension],
        started_ms: int,
        started_by_id: int | None,
        started_by: str,
    ) -> int: ...
    def health_round(self, map_id: int, round_id: int) -> Round: ...
    def health_rounds(self, map_id: int) -> list[Round]: ...
    def reveal_round(
        self,
        round_id: int,
        revealed_ms: int,
        revealed_by_id: int | None,
        revealed_by: str,
    ) -> None: ...
    def add_round_action(self, round_id: int, action: RoundAction) -> None:
        """Record an action taken from a round's results (the caller holds the map's lock)."""

    def health_answers(self, round_id: int) -> list[Answer]:
        """The partners' answers of a round, oldest first (never the independent assessors')."""

    def health_answer(self, round_id: int, user_id: int) -> Answer | None: ...
    def save_health_answer(self, answer: Answer, at_ms: int) -> None:
        """Insert or replace one participant's answer (one per participant and round)."""

    def assessor_answers(self, round_id: int) -> list[Answer]:
        """The independent assessors' answers of a round, oldest first."""

    def set_diagnosis(self, round_id: int, diagnosis: Diagnosis) -> None:
        """Write a round's diagnosis and who agreed it (the caller holds the map's lock)."""

    def add_anonymous_comment(self, comment: AnonymousComment) -> None:
        """Store a comment with nothing that says who wrote it (no user, no time)."""

    def anonymous_comments(self, round_id: int) -> list[AnonymousComment]: ...
    def anonymous_count(self, round_id: int) -> int: ...


class CommentRepository(Protocol):
    """Comment threads on a map's items."""

    def add_comment(
        self,
        map_id: int,
        subject_kind: str,
        subject_id: str,
        text: str,
        author,
        at_ms: int,
        thread_id: int | None = None,
    ) -> int: ...
    def thread_root(self, map_id: int, thread_id: int):
        """The first comment of a thread on this map, or NotFound."""

    def set_resolved(self, thread_id: int, at_ms: int, by: str | None) -> None:
        """Resolve (``by`` names who) or reopen (``by`` is None) a thread."""

    def touch_thread(self, thread_id: int, at_ms: int) -> None: ...
    def threads(
        self,
        map_id: int,
        subject_kind: str | None = None,
        subject_id: str | None = None,
        thread_id: int | None = None,
    ) -> list[Thread]:
        """Threads on a map (optionally on one item, or one thread), newest activity first."""

    def open_thread_counts(self, map_id: int) -> dict[tuple[str, str], int]:
        """How many unresolved threads each item has."""

    def comments_changed_ms(self, map_id: int) -> int:
        """When anything in the map's discussion last changed (0 when there is none)."""


class SwotRepository(Protocol):
    """SWOT rounds and their cards."""

    def add_swot_exercise(self, map_id: int, title: str, opened_ms: int, by_id: int | None, by: str) -> int: ...
    def swot_exercise(self, map_id: int, exercise_id: int) -> Exercise: ...
    def swot_exercises(self, map_id: int) -> list[Exercise]: ...
    def reveal_swot(self, exercise_id: int, at_ms: int, by_id: int | None, by: str) -> None: ...
    def save_swot_pairs(self, exercise_id: int, confirmed: list, undone: list) -> None: ...
    def add_swot_card(
        self,
        exercise_id: int,
        partner: str,
        quadrant: str,
        text: str,
        user_id: int | None,
        user_name: str,
        at_ms: int,
    ) -> int: ...
    def swot_cards(self, exercise_id: int) -> list[Card]:
        """Cards of an exercise, oldest first."""

    def swot_card(self, exercise_id: int, card_id: int) -> Card: ...
    def swot_card_count(self, exercise_id: int, partner: str) -> int: ...
    def remove_swot_card(self, card_id: int) -> None: ...
    def set_swot_card_translations(self, card: Card) -> None:
        """Keep a card's texts in other languages (its ``translations``)."""

    def set_swot_card_element(self, card_id: int, element_id: str) -> None: ...


class PeopleRepository(Protocol):
    """Invitations, one-time links and sign-in records."""

    def add_link(
        self,
        kind: str,
        token_hash: str,
        email: str,
        *,
        created_ms: int,
        expires_ms: int,
        created_by: str = "",
        user_id: int | None = None,
        map_id: int | None = None,
        role: str | None = None,
        partner: str | None = None,
    ) -> int: ...
    def link(self, kind: str, token_hash: str) -> OneTimeLink | None: ...
    def claim_link(self, link_id: int, now_ms: int) -> bool:
        """Mark a link used, unless it was used or expired already: True for the one caller that wins."""

    def set_link_user(self, link_id: int, user_id: int) -> None: ...
    def open_invitations(self, map_id: int, now_ms: int) -> list[OneTimeLink]: ...
    def expire_links(
        self,
        kind: str,
        *,
        link_id: int | None = None,
        user_id: int | None = None,
        now_ms: int,
    ) -> int:
        """End unused links of a kind: one by id, or every one of a user."""

    def members_by_partner(self, partnership_id: str) -> dict[str, int]:
        """How many people speak for each partner on the partnership's maps."""

    def move_members(self, partnership_id: str, from_partner: str, to_partner: str) -> int:
        """Members of one partner speak for another from now on, on every map of the partnership."""

    def keep_member(self, map_id: int, user_id: int) -> bool:
        """A workshop participant stays a member when the workshop closes; False if they were not one."""

    def update_user(self, user_id: int, **values) -> None:
        """Set account fields: name, email, language, is_admin, is_guest, disabled_ms, password_hash."""

    def maps_count_by_user(self) -> dict[int, int]: ...


class ContributionRepository(Protocol):
    """Who proposed what, per partner."""

    def contributions(self, map_id: int) -> list[Contribution]:
        """A map's contributions, by period then as recorded."""

    def contribution(self, map_id: int, contribution_id: int) -> Contribution: ...
    def add_contribution(self, item: Contribution, recorded_by_id: int | None, at_ms: int) -> int: ...
    def remove_contribution(self, map_id: int, contribution_id: int) -> None: ...


class ReviewPointRepository(Protocol):
    """Review points of a map."""

    def review_points(self, map_id: int) -> list[ReviewPoint]: ...
    def add_review_point(self, point: ReviewPoint, at_ms: int) -> int: ...
    def remove_review_point(self, map_id: int, point_id: int) -> ReviewPoint: ...


class FollowThroughRepository(Protocol):
    """Actions, decisions and reminders."""

    def add_action(self, map_id: int, values: dict, at_ms: int, by: str) -> int: ...
    def update_action(self, action_id: int, values: dict, at_ms: int) -> None: ...
    def action(self, map_id: int, action_id: int) -> Action: ...
    def actions(self, map_id: int) -> list[Action]: ...
    def actions_of(self, user_id: int) -> list[Action]:
        """Every action someone owns, on any map."""

    def actions_due_by(self, last_day: dt.date) -> list[Action]:
        """Open and taken actions of every map due on or before ``last_day`` (for reminders)."""

    def add_decision(
        self,
        map_id: int,
        text: str,
        rule: str,
        threshold: float | None,
        consulted: str,
        at_ms: int,
        by: str,
    ) -> int: ...
    def decision(self, map_id: int, decision_id: int) -> Decision: ...
    def decisions(self, map_id: int) -> list[Decision]: ...
    def set_stands(self, decision_id: int, stands: dict[str, str], taken_ms: int | None) -> None: ...
    def claim_reminder(self, user_id: int, key: str, at_ms: int) -> bool:
        """Record that a reminder goes out; False when it was already sent (by this or another process)."""

    def unclaim_reminders(self, user_id: int, keys: list[str]) -> None:
        """Forget claims whose sending failed, so the next run tries again."""

    def reminders_sent(self, user_id: int) -> set[str]: ...
    def set_calendar_feed(self, user_id: int, token_hash: str, at_ms: int) -> None: ...
    def calendar_feed_user(self, token_hash: str) -> int | None: ...
    def calendar_feed_made(self, user_id: int) -> dt.datetime | None: ...
    def add_stage(self, map_id: int, stage: Stage) -> int: ...
    def stages(self, map_id: int) -> list[Stage]: ...
    def add_session(self, map_id: int, session: Session) -> int: ...
    def sessions(self, map_id: int) -> list[Session]: ...
    def add_document(self, map_id: int, document: Document) -> int: ...
    def documents(self, map_id: int) -> list[Document]: ...


class RefusalRepository(Protocol):
    """Refused requests kept for the facilitator."""

    def add_refusals(self, refusals: list[Refusal], keep: int) -> None:
        """Record refusals, then drop all but the ``keep`` most recent."""

    def refusals(self, limit: int) -> list[Refusal]:
        """The most recent refusals, newest first."""


class Repositories(
    MapRepository,
    AccountRepository,
    HealthRepository,
    CommentRepository,
    SwotRepository,
    PeopleRepository,
    ContributionRepository,
    ReviewPointRepository,
    FollowThroughRepository,
    RefusalRepository,
    Protocol,
):
    """Everything one unit of work reads and writes."""

    #: The storage this unit of work belongs to (its cache and limits).
    db: Storage

    def on_commit(self, key: object, callback: Callable[[], None]) -> None:
        """Run ``callback`` once this transaction has committed (once per key; never on a rollback)."""


class StateCache(Protocol):
    """Recently used map states by ``(map id, revision)``; safe to drop at any time."""

    def get(self, map_id: int, revision: int) -> MapState | None: ...
    def nearest(self, map_id: int, revision: int) -> tuple[int, MapState] | None: ...
    def put(self, map_id: int, revision: int, state: MapState) -> None: ...
    def clear(self) -> None: ...


class Storage(Protocol):
    """Units of work over one database, and what a process keeps beside it."""

    #: The size limits the services apply (set from the settings).
    limits: Limits
    cache: StateCache

    def store(self, write: bool = False) -> AbstractContextManager[Repositories]:
        """One transaction; writes commit at the end, any error rolls everything back."""
