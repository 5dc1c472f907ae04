"""Telling every server process that a map changed: "map M, kind K" (changes, comments, presence...).

Services call :func:`announce` inside the transaction that records the change; the news leaves
only if that transaction commits, once per map and kind however often it was announced. Delivery
is an existing engine's job, never a broker of our own:

- Redis pub/sub, when a Redis URL is configured (:func:`configure`): published right after the
  commit; each process keeps ONE subscription (:class:`RedisNotifier`).
- PostgreSQL otherwise: ``pg_notify`` in that same transaction, so the news leaves at commit;
  each process keeps ONE listening connection (:class:`PostgresNotifier`).
- SQLite (one process): handed from the writing thread to each subscribed event loop with
  ``call_soon_threadsafe`` after the commit (:class:`LocalNotifier`).

Subscribers receive :class:`MapEvent` and read what they may see themselves: an event carries
no content, so it can never leak any. A lost event (a listener reconnecting) is made good by the
subscribers' own periodic look at the map's revision.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import text

from tocmap.adapters.database import Database, Store

CHANNEL = "tocmap_live"
#: What can change about a map: its history, its discussion, who is on it, who may follow it, and
#: the counts of private answers (health check, SWOT) that anyone on the map may know.
KINDS = ("changes", "comments", "presence", "members", "tallies")
#: Not about a map: a user's sessions ended (sign-out, password change or reset, disabled account);
#: the event's number is then that user's id, and their open streams look again at once.
SIGNED_OUT = "signed_out"
RETRY_SECONDS = 1.0
log = logging.getLogger(__name__)

Deliver = Callable[["MapEvent"], None]


@dataclass(frozen=True)
class MapEvent:
    """Something about a map changed; subscribers re-read what their reader may see.

    For the kind :data:`SIGNED_OUT` the number is a user's id (see :attr:`user_id`), not a map's.
    """

    map_id: int
    kind: str

    @property
    def user_id(self) -> int:
        """The user whose sessions ended, for a :data:`SIGNED_OUT` event."""
        return self.map_id

    def payload(self) -> str:
        return f"{self.map_id}:{self.kind}"

    @classmethod
    def parse(cls, payload: str | bytes) -> MapEvent | None:
        """The event a payload names, or None for anything else.

        >>> MapEvent.parse("7:changes"), MapEvent.parse(b"7:tallies"), MapEvent.parse("7:drop table")
        (MapEvent(map_id=7, kind='changes'), MapEvent(map_id=7, kind='tallies'), None)
        >>> MapEvent.parse("3:signed_out").user_id
        3
        """
        if isinstance(payload, bytes):
            payload = payload.decode("latin-1")
        map_id, _, kind = payload.partition(":")
        return cls(int(map_id), kind) if map_id.isdigit() and (kind in KINDS or kind == SIGNED_OUT) else None


class Notifier(Protocol):
    """Where announcements go and how a process's event loop hears them."""

    def announce(self, store: Store, event: MapEvent) -> None: ...

    async def listen(self, deliver: Deliver) -> None: ...


class LocalNotifier:
    """In-process fan-out, from any thread to the subscribed event loops (SQLite)."""

    def __init__(self):
        self._loops: list[tuple[asyncio.AbstractEventLoop, Deliver]] = []
        self._lock = threading.Lock()

    def announce(self, store: Store, event: MapEvent) -> None:
        store.on_commit(event, lambda: self.deliver(event))

    def deliver(self, event: MapEvent) -> None:
        with self._lock:
            subscribed = list(self._loops)
        for loop, deliver in subscribed:
            if not loop.is_closed():
                loop.call_soon_threadsafe(deliver, event)

    async def listen(self, deliver: Deliver) -> None:
        entry = (asyncio.get_running_loop(), deliver)
        with self._lock:
            self._loops.append(entry)
        try:
            await asyncio.Event().wait()  # until cancelled
        finally:
            with self._lock:
                self._loops.remove(entry)


class PostgresNotifier:
    """LISTEN/NOTIFY: the notification commits with the change; one listening connection a process."""

    def __init__(self, db: Database):
        self.conninfo = db.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def announce(self, store: Store, event: MapEvent) -> None:
        if event in store.committed:
            return  # once per transaction
        store.on_commit(event, _nothing)  # PostgreSQL itself sends it at commit
        store.connection.execute(text("SELECT pg_notify(:channel, :payload)"),
                                 {"channel": CHANNEL, "payload": event.payload()})

    async def listen(self, deliver: Deliver) -> None:
        import psycopg  # only processes that serve live push on PostgreSQL need the async driver loaded

        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True) as connection:
                    await connection.execute(f"LISTEN {CHANNEL}")
                    async for note in connection.notifies():
                        event = MapEvent.parse(note.payload)
                        if event:
                            deliver(event)
            except (OSError, psycopg.Error) as error:  # the database restarted: listen again
                log.warning("live notifications paused (%s); listening again", error)
                await asyncio.sleep(RETRY_SECONDS)


class RedisNotifier:
    """Redis pub/sub: published once the change has committed; one subscription a process."""

    def __init__(self, url: str):
        import redis  # only deployments that set a Redis URL load its client

        self.url = url
        self.client = redis.Redis.from_url(url, socket_timeout=2)
        # Pub/sub channels are shared by every database of a Redis server: the URL's database
        # number keeps deployments (and test runs) that share one server apart.
        self.channel = f"{CHANNEL}:{self.client.connection_pool.connection_kwargs.get('db', 0)}"

    def announce(self, store: Store, event: MapEvent) -> None:
        store.on_commit(event, lambda: self._publish(event))

    def _publish(self, event: MapEvent) -> None:
        import redis  # loaded by __init__ already; named here for its error class

        try:
            self.client.publish(self.channel, event.payload())
        except (OSError, redis.RedisError) as error:  # the change is saved; followers see it at their next look
            log.warning("live notification not published (%s)", error)

    async def listen(self, deliver: Deliver) -> None:
        import redis  # loaded by __init__ already; named here for its error class
        import redis.asyncio  # the event loop's own client

        while True:
            try:
                client = redis.asyncio.Redis.from_url(self.url)
                async with client, client.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self.channel)
                    async for message in pubsub.listen():
                        event = MapEvent.parse(message.get("data") or b"")
                        if event:
                            deliver(event)
            except (OSError, redis.RedisError) as error:  # Redis restarted: subscribe again
                log.warning("live notifications paused (%s); listening again", error)
                await asyncio.sleep(RETRY_SECONDS)


def _nothing() -> None:
    pass


_local = LocalNotifier()
_notifiers: dict[str, Notifier] = {}
_notifiers_lock = threading.Lock()


def _key(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def configure(db: Database, redis_url: str | None) -> None:
    """Announce this database's news through Redis pub/sub when a Redis URL is given."""
    if redis_url:
        with _notifiers_lock:
            _notifiers[_key(db)] = RedisNotifier(redis_url)


def notifier_for(db: Database) -> Notifier:
    """The notifier of a database: one a process for each database URL."""
    with _notifiers_lock:
        configured = _notifiers.get(_key(db))
        if configured is not None:
            return configured
        if db.is_sqlite:
            return _local
        return _notifiers.setdefault(_key(db), PostgresNotifier(db))


def announce(store: Store, map_id: int, kind: str) -> None:
    """Tell every process that ``map_id`` changed (call inside the recording transaction)."""
    notifier_for(store.db).announce(store, MapEvent(map_id, kind))


def announce_signed_out(store: Store, user_id: int) -> None:
    """Tell every process that this user's sessions ended, so that their open streams end at once."""
    notifier_for(store.db).announce(store, MapEvent(user_id, SIGNED_OUT))
