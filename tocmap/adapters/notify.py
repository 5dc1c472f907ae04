"""Telling every server process that a map changed: "map M, kind K" (changes, comments, presence).

Services call :func:`announce` inside the transaction that records the change. Delivery is
the database's job, never a broker of our own:

- PostgreSQL: ``pg_notify`` in that same transaction, so the news leaves at commit and never
  for a rolled-back change; each process keeps ONE listening connection
  (:class:`PostgresNotifier`, psycopg's asyncio connection) that wakes its subscribers.
- SQLite (one process): handed from the writing thread to each subscribed event loop with
  ``call_soon_threadsafe`` (:class:`LocalNotifier`). The writer still holds the database's
  write lock then; readers take that lock before reading, so they see the committed change.

Subscribers receive :class:`MapEvent` and read what they may see themselves: an event carries
no content, so it can never leak any.
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
KINDS = ("changes", "comments", "presence", "members")
log = logging.getLogger(__name__)

Deliver = Callable[["MapEvent"], None]


@dataclass(frozen=True)
class MapEvent:
    """Something about a map changed; subscribers re-read what their reader may see."""

    map_id: int
    kind: str

    def payload(self) -> str:
        return f"{self.map_id}:{self.kind}"

    @classmethod
    def parse(cls, payload: str) -> MapEvent | None:
        map_id, _, kind = payload.partition(":")
        return cls(int(map_id), kind) if map_id.isdigit() and kind in KINDS else None


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

    RETRY_SECONDS = 1.0

    def __init__(self, db: Database):
        self.conninfo = db.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def announce(self, store: Store, event: MapEvent) -> None:
        store.connection.execute(text("SELECT pg_notify(:channel, :payload)"),
                                 {"channel": CHANNEL, "payload": event.payload()})

    async def listen(self, deliver: Deliver) -> None:
        import psycopg

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
                await asyncio.sleep(self.RETRY_SECONDS)


_local = LocalNotifier()
_notifiers: dict[str, Notifier] = {}
_notifiers_lock = threading.Lock()


def notifier_for(db: Database) -> Notifier:
    """The notifier of a database: one a process for each database URL."""
    if db.is_sqlite:
        return _local
    key = db.url.render_as_string(hide_password=False)
    with _notifiers_lock:
        return _notifiers.setdefault(key, PostgresNotifier(db))


def announce(store: Store, map_id: int, kind: str) -> None:
    """Tell every process that ``map_id`` changed (call inside the recording transaction)."""
    notifier_for(store.db).announce(store, MapEvent(map_id, kind))
