"""The ASGI front: live push as server-sent events, everything else to the Flask/Dash app.

Why this transport: an open copy of a map only listens (its edits go through the usual Dash
callbacks and API, with their CSRF checks), so one-way server-sent events fit; browsers
reconnect them by themselves and resend ``Last-Event-ID``, which gives catch-up for free.
Streams live on one asyncio loop (uvicorn), so an open copy costs a coroutine and a socket,
not a thread; the Flask app, which Flask-Login needs, runs unchanged on a bounded thread pool
(a2wsgi). Dash's WebSocket callbacks would need the FastAPI or Quart backend and give up
Flask-Login; gevent would monkey-patch the database drivers under every request.

The stream of ``GET /push/maps/<id>?since=REV`` (or ``?counts=1`` for a page that shows only the
counts of private answers and presence) reads the signed Flask session cookie with
the app's own serializer, so the same sign-in applies; the services decide who may follow.
Followers of one map in this process share a :class:`Room`: one database read for each piece
of news, serialised once, whatever the number of followers, and only of the kind announced
(a change, the discussion, presence, membership, the counts of private answers). Every second
the room looks at the map's revision and, in one query, at whose sessions may still follow it
(so a lost notification, or a change made by a process that cannot notify this one, costs at most
that second); every few seconds it refreshes its followers' presence and re-reads the rest.

A stream ends when its session stops working, as a page would refuse it: the member was removed,
the account disabled, the session ended (signed out on another tab, password changed or reset:
each raises the account's session generation and announces it, so the streams of that user look
again at once), or the session reached its absolute lifetime (checked on the tick, without a query).
The idle limit is left to the pages: a stream cannot see the requests its browser makes elsewhere.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from a2wsgi import WSGIMiddleware
from flask import Flask

from tocmap.adapters.database import Database
from tocmap.adapters.notify import SIGNED_OUT, MapEvent, notifier_for
from tocmap.domain.clock import now_ms
from tocmap.domain.errors import TocmapError
from tocmap.services import accounts, live
from tocmap.ui.live import delta_of, history_lines

PUSH_PATH = re.compile(r"^/push/maps/(\d+)$")
TICK_S = 1.0  # a look at the map's revision and its members, in case a notification was lost
HEARTBEAT_S = 10.0  # assets/editor.js reconnects after 25 s without a word
KEEP_EVERY_TICKS = round(live.PRESENCE_EVERY_MS / 1000 / TICK_S)  # presence refreshed, everything re-read
WSGI_THREADS = 8
NO_LONGER_MEMBER = "You can no longer follow this map."
SIGNED_OUT_MESSAGE = "You were signed out: sign in again to follow this map."
SESSION_OVER = "Your session has ended: sign in again to follow this map."
#: What a newcomer is told at once, and the order in which the kinds of news are read.
NEWCOMER = {"keep", "changes", "presence", "comments", "tallies"}
ORDER = ("members", "changes", "keep", "presence", "comments", "tallies")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Session:
    """The signed-in session a stream was opened with: whose, of which generation, working until when."""

    user_id: int
    generation: int
    ends_ms: int  # its absolute lifetime


@dataclass(frozen=True)
class End:
    """Put in a follower's queue: the stream closes, telling the page why."""

    message: str


@dataclass(eq=False)
class Follower:
    """One open copy: who it is, the revision it has, what it was last told, what waits to be sent to it."""

    session: Session
    since: int | None  # None: a page that shows only counts and presence, not the canvas
    queue: asyncio.Queue = field(default_factory=asyncio.Queue)
    told: dict = field(default_factory=dict)  # presence, comments, tallies: as last sent

    @property
    def user_id(self) -> int:
        return self.session.user_id

    def tell(self, event: str, data) -> None:
        """Send ``data`` unless this copy already has exactly that (presence is pushed only when it changes)."""
        if self.told.get(event, self) != data:
            self.told[event] = data
            self.queue.put_nowait(_sse(event, data))


class Room:
    """The followers of one map in this process, and the one reader that serves them all.

    Each kind of news (a :data:`tocmap.adapters.notify.KINDS`, or "keep": refresh presence) is
    read once, whatever the number of followers, and only when this process hears it changed;
    news that arrives while reading is read right after, in one go.
    """

    def __init__(self, map_id: int, db: Database, run: Callable):
        self.map_id, self.db, self.run = map_id, db, run
        self.followers: set[Follower] = set()
        self.due: set[str] = set()
        self._reading = False
        self._ticker: asyncio.Task | None = None

    def join(self, follower: Follower) -> None:
        self.followers.add(follower)
        if self._ticker is None:
            self._ticker = asyncio.get_running_loop().create_task(self._tick())
        self.wake(NEWCOMER)

    def part(self, follower: Follower) -> None:
        self.followers.discard(follower)

    def wake(self, kinds: set[str]) -> None:
        """Read these kinds of news once; if already reading, right after."""
        self.due |= kinds
        if not self._reading:
            self._reading = True
            asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        try:
            while self.due and self.followers:
                due, self.due = self.due, set()
                for kind in ORDER:
                    if kind in due:
                        await self._read_one(kind)
        finally:
            self._reading = False

    async def _read_one(self, kind: str) -> None:
        try:
            await getattr(self, f"_{kind}")()
        except Exception:  # a database hiccup must not stop the room: the next tick reads again
            log.exception("live push: reading %s of map %s failed", kind, self.map_id)

    def end(self, follower: Follower, message: str) -> None:
        """Close this copy's stream, telling it why."""
        self.part(follower)
        follower.queue.put_nowait(End(message))

    async def _members(self) -> None:
        """End the streams of sessions that may no longer follow: one query for all of them."""
        stamp = now_ms()
        for follower in [f for f in self.followers if f.session.ends_ms <= stamp]:
            self.end(follower, SESSION_OVER)
        checked = {f.user_id for f in self.followers}
        if not checked:
            return
        current = await self.run(live.still_following, self.db, self.map_id, checked)
        for follower in list(self.followers):
            if follower.user_id not in checked:  # newcomers were checked on entry
                continue
            if follower.user_id not in current:
                self.end(follower, NO_LONGER_MEMBER)
            elif current[follower.user_id] > follower.session.generation:  # generations only rise
                self.end(follower, SIGNED_OUT_MESSAGE)

    async def _changes(self) -> None:
        by_revision: dict[int, list[Follower]] = {}
        for follower in self.followers:
            if follower.since is not None:
                by_revision.setdefault(follower.since, []).append(follower)
        for since, group in by_revision.items():
            news = await self.run(live.news, self.db, self.map_id, since)
            if news.revision <= since:
                continue
            message = await self.run(_change_message, news)
            for follower in group:
                follower.since = news.revision
                follower.queue.put_nowait(message)

    async def _keep(self) -> None:
        await self.run(live.keep_present, self.db, self.map_id, {f.user_id for f in self.followers})

    async def _presence(self) -> None:
        everyone = await self.run(live.present, self.db, self.map_id)
        for follower in self.followers:
            follower.tell("presence", [{"name": p["name"], "selected": p["selected"]}
                                       for p in everyone if p["user_id"] != follower.user_id])

    async def _comments(self) -> None:
        stamp = await self.run(live.comments_stamp, self.db, self.map_id)
        for follower in self.followers:
            follower.tell("comments", stamp)

    async def _tallies(self) -> None:
        counts = await self.run(live.tallies, self.db, self.map_id)
        for follower in self.followers:
            follower.tell("tallies", counts)

    async def _tick(self) -> None:
        ticks = 0
        while self.followers:
            await asyncio.sleep(TICK_S)
            ticks += 1
            self.wake(NEWCOMER | {"members"} if ticks % KEEP_EVERY_TICKS == 0 else {"changes", "members"})
        self._ticker = None


def _change_message(news: live.News) -> str:
    """One SSE message for everyone who had the same revision: the canvas patch and history lines."""
    body = {"revision": news.revision, "delta": delta_of(news), "changes": history_lines(news)}
    return _sse("change", body, event_id=news.revision)


def _sse(event: str, data, event_id: int | None = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


class PushFront:
    """The ASGI application: ``/push/maps/<id>`` streams here, every other path goes to Flask."""

    def __init__(self, server: Flask, db: Database, threads: int = WSGI_THREADS):
        self.server, self.db = server, db
        self.wsgi = WSGIMiddleware(server, workers=threads)
        self.readers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="tocmap-push")
        self.rooms: dict[int, Room] = {}
        self.listening: asyncio.Task | None = None
        self.sessions = server.session_interface.get_signing_serializer(server)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            return await self._lifespan(receive, send)
        if scope["type"] == "http":
            match = PUSH_PATH.match(scope["path"])
            if match:
                return await self._stream(int(match.group(1)), scope, receive, send)
        return await self.wsgi(scope, receive, send)

    async def _lifespan(self, receive, send):
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._listen()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.listening:
                    self.listening.cancel()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _listen(self) -> None:
        if self.listening is None:
            self.listening = asyncio.get_running_loop().create_task(notifier_for(self.db).listen(self._deliver))

    def _deliver(self, event: MapEvent) -> None:
        if event.kind == SIGNED_OUT:
            for room in self.rooms.values():
                if any(f.user_id == event.user_id for f in room.followers):
                    room.wake({"members"})
            return
        room = self.rooms.get(event.map_id)
        if room:
            room.wake({event.kind})

    async def _run(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.readers, function, *args)

    def _signed_in(self, scope) -> Session | None:
        """The working session of the Flask session cookie (None when absent, forged, signed out or timed out)."""
        session = self._session(scope)
        if session is None:
            return None
        rules = self.server.extensions["tocmap_sessions"].rules
        user = accounts.session_user(self.db, session, rules)
        if user is None:
            return None
        return Session(user.id, user.session_generation, session.get("signed_in_ms", 0) + rules.max_ms)

    def _session(self, scope) -> dict | None:
        """The content of the Flask session cookie (None when absent or forged)."""
        name = self.server.config["SESSION_COOKIE_NAME"]
        for header, value in scope["headers"]:
            if header != b"cookie":
                continue
            for part in value.decode("latin-1").split(";"):
                key, _, cookie = part.strip().partition("=")
                if key == name:
                    try:
                        session = self.sessions.loads(cookie)
                    except Exception:  # noqa: BLE001 - itsdangerous.BadSignature and malformed cookies alike
                        return None
                    return session if isinstance(session, dict) else None
        return None

    async def _stream(self, map_id: int, scope, receive, send) -> None:
        self._listen()
        since = _since(scope)
        if since is None and not _counts_only(scope):
            return await _refuse(send, 400, "since must be a revision number")
        try:
            signed_in = await self._run(self._signed_in, scope)
            await self._run(live.follower, self.db, map_id, signed_in.user_id if signed_in else None)
        except TocmapError as error:
            return await _refuse(send, error.status, str(error))
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-store"),
            (b"x-accel-buffering", b"no")]})
        follower = Follower(signed_in, since)
        room = self.rooms.get(map_id) or self.rooms.setdefault(map_id, Room(map_id, self.db, self._run))
        room.join(follower)
        gone = asyncio.get_running_loop().create_task(_disconnected(receive))
        try:
            await send({"type": "http.response.body", "body": b"retry: 1000\n\n", "more_body": True})
            await self._pump(follower, gone, send)
        except OSError:
            pass  # the client went away mid-write
        finally:
            gone.cancel()
            room.part(follower)
            if not room.followers and self.rooms.get(map_id) is room:
                del self.rooms[map_id]
            if not any(f.user_id == follower.user_id for f in room.followers):
                await self._run(live.leave, self.db, map_id, follower.user_id)

    async def _pump(self, follower: Follower, gone: asyncio.Task, send) -> None:
        while not gone.done():
            getting = asyncio.ensure_future(follower.queue.get())
            done, _ = await asyncio.wait({getting, gone}, timeout=HEARTBEAT_S, return_when=asyncio.FIRST_COMPLETED)
            if getting not in done:
                getting.cancel()
                if not gone.done():
                    await send({"type": "http.response.body", "body": b"event: beat\ndata: {}\n\n", "more_body": True})
                continue
            message = getting.result()
            if isinstance(message, End):
                body = _sse("end", {"message": message.message})
                await send({"type": "http.response.body", "body": body.encode(), "more_body": False})
                return
            await send({"type": "http.response.body", "body": message.encode(), "more_body": True})


def _since(scope) -> int | None:
    """The revision a copy has: the browser's Last-Event-ID on reconnection, else ``?since=``."""
    for header, value in scope["headers"]:
        if header == b"last-event-id" and value.strip().isdigit():
            return int(value)
    for part in scope.get("query_string", b"").decode("latin-1").split("&"):
        key, _, value = part.partition("=")
        if key == "since":
            return int(value) if value.isdigit() else None
    return None


def _counts_only(scope) -> bool:
    """``?counts=1``: a page (health check, SWOT) that follows counts and presence but not the canvas."""
    return b"counts=1" in scope.get("query_string", b"").split(b"&")


async def _disconnected(receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def _refuse(send, status: int, message: str) -> None:
    body = json.dumps({"message": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


def create_front(dash_app) -> PushFront:
    """The ASGI application around a Dash app built by :func:`tocmap.app.create_app`."""
    return PushFront(dash_app.server, dash_app.tocmap_db)
