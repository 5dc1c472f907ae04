"""News between processes: announced once per map and kind, at commit, never for a rolled-back change,
and carrying no content; in process on SQLite, over LISTEN/NOTIFY on PostgreSQL, over Redis pub/sub."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from tests.conftest import _reset_postgres, need
from tocmap.adapters import notify
from tocmap.adapters.database import Database
from tocmap.adapters.migrate import upgrade
from tocmap.adapters.notify import MapEvent, announce, notifier_for
from tocmap.domain.changes import UpdateElement
from tocmap.domain.errors import InvalidInput
from tocmap.services import accounts, health, history, maps, swot
from tocmap.services.access import SYSTEM

# One Redis database number (and so one channel) for each test worker: workers never hear each other.
REDIS_URL = urlsplit(os.environ.get("TOCMAP_TEST_REDIS_URL", "redis://127.0.0.1:6379"))._replace(
    path=f"/{1 + int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0').removeprefix('gw') or 0) % 15}").geturl()


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except (OSError, redis.RedisError):
        return False


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres),
                        pytest.param("redis", marks=pytest.mark.redis)])
def db(request, tmp_path):
    """The worked example as map 1, announcing through each kind of notifier."""
    if request.param == "postgres":
        database = _reset_postgres(request.getfixturevalue("postgres_url"))
    else:
        database = Database(f"sqlite:///{tmp_path / 'notify.db'}")
        upgrade(database)
    if request.param == "redis":
        need(_redis_reachable(), f"Redis is not reachable at {REDIS_URL}")
        notify.configure(database, REDIS_URL)
    maps.ensure_example(database)
    yield database
    notify._notifiers.pop(notify._key(database), None)
    database.dispose()


def heard_during(db: Database, action) -> list[MapEvent]:
    """What a process listening on this database hears while ``action`` runs on another thread."""

    async def listen() -> list[MapEvent]:
        heard: list[MapEvent] = []
        listening = asyncio.create_task(notifier_for(db).listen(heard.append))
        await asyncio.sleep(0.5)  # subscribed
        try:
            await asyncio.to_thread(action)
        except InvalidInput:
            pass
        await asyncio.sleep(0.5)  # anything late, or twice
        listening.cancel()
        return heard

    # A loop of its own on its own thread: the browser tests' Playwright keeps one running on this one.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, listen()).result()


def test_an_edit_is_announced_once_when_it_commits(db):
    def edit_twice_in_one_transaction():
        with db.store(write=True) as store:
            announce(store, 1, "changes")
            announce(store, 1, "changes")
            announce(store, 1, "comments")

    assert sorted(heard_during(db, edit_twice_in_one_transaction), key=lambda e: e.kind) == [
        MapEvent(1, "changes"), MapEvent(1, "comments")]
    assert heard_during(db, lambda: history.apply(db, 1, UpdateElement(id="oc-1", set={"label": "Weekly"}), SYSTEM)
                        ) == [MapEvent(1, "changes")]


def test_a_refused_change_announces_nothing(db):
    def refused():
        history.apply(db, 1, UpdateElement(id="oc-1", set={"label": ""}), SYSTEM)  # a label cannot be empty

    def rolled_back():
        with db.store(write=True) as store:
            announce(store, 1, "changes")
            raise InvalidInput("changed my mind")

    assert heard_during(db, refused) == []
    assert heard_during(db, rolled_back) == []


def test_private_answers_announce_only_that_a_count_changed(db):
    round_ = health.start_round(db, 1, "Mid-term", ["trust", "mutuality", "communication"], SYSTEM)
    exercise = swot.open_exercise(db, 1, "Review", SYSTEM)
    accounts.create_user(db, "ana@moh.example", "Ana", "a long test password")
    accounts.set_member(db, 1, "ana@moh.example", "editor", "moh", SYSTEM)
    ana = accounts.author_of(accounts.authenticate(db, "ana@moh.example", "a long test password"))

    def answer_and_add_a_card():
        health.answer(db, 1, round_.id, {"trust": 2, "mutuality": 4, "communication": 3}, {"trust": "we doubt the reporting"}, ana)
        swot.add_card(db, 1, exercise.id, "threat", "Staff turnover", ana)

    assert heard_during(db, answer_and_add_a_card) == [MapEvent(1, "tallies"), MapEvent(1, "tallies")]


def test_removing_a_member_is_announced(db):
    accounts.create_user(db, "ben@iph.example", "Ben", "a long test password")
    ben = accounts.set_member(db, 1, "ben@iph.example", "viewer", "iph", SYSTEM)
    assert heard_during(db, lambda: accounts.remove_member(db, 1, ben.user_id, SYSTEM)) == [MapEvent(1, "members")]
