"""Live push over the real server (`tocmap serve`): streams, fan-out between processes, catch-up, access."""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import queue
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.browser.conftest import running_app
from tests.conftest import _reset_postgres
from tocmap import push
from tocmap.adapters.database import Database
from tocmap.adapters.migrate import upgrade
from tocmap.domain.clock import now_ms
from tocmap.services import account_admin, accounts, health, maps
from tocmap.services.access import SYSTEM

PASSWORD = "a long test password"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_url(request, tmp_path):
    """One database for the server processes; Ana (MoH) and Ben (IPH) edit map 1."""
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'push.db'}")
        upgrade(db)
    else:
        db = _reset_postgres(request.getfixturevalue("postgres_url"))
    maps.ensure_example(db)
    for email, name, partner in [("ana@moh.example", "Ana", "moh"), ("ben@iph.example", "Ben", "iph")]:
        accounts.create_user(db, email, name, PASSWORD)
        accounts.set_member(db, 1, email, "editor", partner, SYSTEM)
    url = db.url.render_as_string(hide_password=False)
    db.dispose()
    return url


class Browser:
    """A cookie session signed in through the sign-in page."""

    def __init__(self, base: str, email: str | None):
        self.base, self.jar = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        if email:
            self.opener.open(base + "/signin").read()
            csrf = next(c.value for c in self.jar if c.name == "_csrf_token")
            form = {"email": email, "password": PASSWORD, "csrf_token": csrf}
            self.opener.open(base + "/signin", urllib.parse.urlencode(form).encode()).read()

    def follow(self, map_id: int = 1, since: int = 0, last_event_id: int | None = None) -> Stream:
        request = urllib.request.Request(f"{self.base}/push/maps/{map_id}?since={since}")
        if last_event_id is not None:
            request.add_header("Last-Event-ID", str(last_event_id))
        return Stream(self.opener.open(request, timeout=30))

    def rename(self, element_id: str, label: str) -> int:
        csrf = next(c.value for c in self.jar if c.name == "_csrf_token")
        request = urllib.request.Request(
            f"{self.base}/api/v1/maps/1/elements/{element_id}", method="PATCH", data=json.dumps({"label": label}).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": csrf})
        with self.opener.open(request) as response:
            return json.load(response)["revision"]


class Stream:
    """Server-sent events read on a thread: (event, id, data) tuples, then None at the end."""

    def __init__(self, response):
        self.response, self.events, self.raw = response, queue.Queue(), []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        fields: dict[str, str] = {}
        try:
            for line in self.response:
                line = line.decode().rstrip("\n")
                self.raw.append(line)
                if not line:
                    if "event" in fields:
                        self.events.put((fields["event"], fields.get("id"), json.loads(fields["data"])))
                    fields = {}
                elif not line.startswith(":"):
                    key, _, value = line.partition(": ")
                    fields[key] = value
        except (OSError, ValueError, AttributeError):  # closed by the test while reading
            pass
        self.events.put(None)

    def next(self, kind: str, seconds: float = 5) -> tuple | None:
        """The next event of a kind (None when the stream ended or nothing came in time)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                return None
            if event is None or event[0] == kind:
                return event

    def close(self) -> None:
        self.response.close()


def head(url: str) -> int:
    db = Database(url)
    try:
        return maps.get_map(db, 1, who=SYSTEM)[0].revision
    finally:
        db.dispose()


def test_a_signed_out_caller_or_an_outsider_is_refused(shared_url):
    db = Database(shared_url)
    accounts.create_user(db, "eve@else.example", "Eve", PASSWORD)
    db.dispose()
    with running_app(shared_url) as base:
        with pytest.raises(urllib.error.HTTPError) as signed_out:
            Browser(base, None).follow()
        with pytest.raises(urllib.error.HTTPError) as outsider:
            Browser(base, "eve@else.example").follow()
        with pytest.raises(urllib.error.HTTPError) as nonsense:
            urllib.request.urlopen(base + "/push/maps/1?since=soon")
    assert signed_out.value.code in (401, 403) and outsider.value.code in (403, 404)
    assert nonsense.value.code in (302, 400, 401)


def test_an_edit_reaches_a_follower_on_another_process_at_once(shared_url, request):
    two = "postgres" in request.node.callspec.id
    with running_app(shared_url) as first, (running_app(shared_url) if two else _same(first)) as second:
        revision = head(shared_url)
        stream = Browser(second, "ben@iph.example").follow(since=revision)
        assert stream.next("presence") is not None  # the stream is open
        started = time.monotonic()
        new_revision = Browser(first, "ana@moh.example").rename("oc-1", "Clinics report every week")
        event = stream.next("change")
        elapsed = time.monotonic() - started
        stream.close()
    assert event[1] == str(new_revision) and event[2]["revision"] == new_revision
    upserted = {item["data"]["id"]: item["data"]["label"] for item in event[2]["delta"]["upsert"]}
    assert upserted["oc-1"] == "Clinics report every week"
    assert elapsed < 2  # not a half-second poll in disguise: typically a few tens of milliseconds


class _same:
    def __init__(self, url):
        self.url = url

    def __enter__(self):
        return self.url

    def __exit__(self, *exc):
        return False


def test_a_copy_that_was_away_catches_up_once_from_its_last_revision(shared_url):
    with running_app(shared_url) as base:
        ana = Browser(base, "ana@moh.example")
        seen = head(shared_url)
        revisions = [ana.rename("oc-1", f"Wording {n}") for n in range(3)]
        stream = Browser(base, "ben@iph.example").follow(since=0, last_event_id=seen)  # Last-Event-ID wins
        event = stream.next("change")
        again = stream.next("change", seconds=1.5)
        stream.close()
    assert event[2]["revision"] == revisions[-1]
    assert [c["revision"] for c in event[2]["changes"]] == revisions  # each missed change, once
    assert again is None  # and never twice


def test_a_removed_member_stream_ends_within_a_second_and_nothing_private_is_pushed(shared_url):
    with running_app(shared_url) as base:
        stream = Browser(base, "ben@iph.example").follow(since=head(shared_url))
        stream.next("presence")
        db = Database(shared_url)
        try:
            round_ = health.start_round(db, 1, "Mid-term check", ["trust", "mutuality", "communication"], SYSTEM)
            ana = accounts.author_of(accounts.authenticate(db, "ana@moh.example", PASSWORD))
            health.answer(db, 1, round_.id, {"trust": 2, "mutuality": 3, "communication": 4},
                          {"trust": "moh only: we doubt the reporting"}, ana)
            assert stream.next("change") is not None  # the round's start is news; the answer is not
            ben = next(m for m in accounts.members(db, 1, SYSTEM) if m.name == "Ben")
            removed_at = time.monotonic()
            accounts.remove_member(db, 1, ben.user_id, SYSTEM)
        finally:
            db.dispose()
        end = stream.next("end", seconds=5)
        ended_after = time.monotonic() - removed_at
    assert end is not None and end[0] == "end"
    assert ended_after < 1.5
    assert not any("we doubt the reporting" in line for line in stream.raw)


def _sign_out(browser: Browser) -> None:
    """Sign out through the page's own form, as another tab of the same browser would."""
    csrf = next(c.value for c in browser.jar if c.name == "_csrf_token")
    browser.opener.open(urllib.request.Request(browser.base + "/signout", data=urllib.parse.urlencode(
        {"csrf_token": csrf}).encode())).read()


def test_signing_out_on_another_tab_ends_a_stream_opened_before_within_a_second(shared_url):
    with running_app(shared_url) as base:
        ben = Browser(base, "ben@iph.example")
        stream = ben.follow(since=head(shared_url))
        ana_stream = Browser(base, "ana@moh.example").follow(since=head(shared_url))
        assert stream.next("presence") is not None and ana_stream.next("presence") is not None
        signed_out_at = time.monotonic()
        _sign_out(ben)
        end = stream.next("end", seconds=5)
        ended_after = time.monotonic() - signed_out_at
        others_end = ana_stream.next("end", seconds=1.5)  # someone else's sign-out ends nothing of Ana's
        ana_stream.close()
    assert end is not None and "signed out" in end[2]["message"]
    assert ended_after < 1.0
    assert others_end is None


def test_a_disabled_account_or_a_changed_password_ends_the_stream_within_a_second(shared_url):
    """Changes made by another process (here: this test's) are seen on the room's next one-second look."""
    with running_app(shared_url) as base:
        ben_stream = Browser(base, "ben@iph.example").follow(since=head(shared_url))
        ana_stream = Browser(base, "ana@moh.example").follow(since=head(shared_url))
        assert ben_stream.next("presence") is not None and ana_stream.next("presence") is not None
        db = Database(shared_url)
        try:
            admin = accounts.create_user(db, "root@example.org", "Root", PASSWORD, is_admin=True)
            ben = next(m for m in accounts.members(db, 1, SYSTEM) if m.name == "Ben")
            ana = accounts.author_of(accounts.authenticate(db, "ana@moh.example", PASSWORD))
            changed_at = time.monotonic()
            account_admin.set_disabled(db, ben.user_id, True, accounts.author_of(admin))
            account_admin.change_password(db, ana, PASSWORD, "another long test password")
        finally:
            db.dispose()
        ben_end = ben_stream.next("end", seconds=5)
        ana_end = ana_stream.next("end", seconds=5)
        ended_after = time.monotonic() - changed_at
    assert ben_end is not None and ana_end is not None
    assert "signed out" in ana_end[2]["message"]
    assert ended_after < 1.5  # a second's tick, and the time to read


def test_a_stream_ends_once_its_session_reaches_its_lifetime_without_asking_the_database(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'room.db'}")
    upgrade(db)
    maps.ensure_example(db)
    asked: list[str] = []

    async def run(function, *args):
        asked.append(function.__name__)
        return function(*args)

    async def follow_for_a_moment() -> tuple:
        room = push.Room(1, db, run)
        over = push.Follower(push.Session(user_id=1, generation=0, ends_ms=now_ms() - 1), since=None)
        room.followers.add(over)
        room.wake({"members"})
        message = await asyncio.wait_for(over.queue.get(), timeout=2)
        return message, over in room.followers

    try:
        with ThreadPoolExecutor(1) as thread:  # a loop of its own: Playwright's may be running on this thread
            message, still_following = thread.submit(asyncio.run, follow_for_a_moment()).result()
    finally:
        db.dispose()
    assert message == push.End(push.SESSION_OVER) and not still_following
    assert "still_following" not in asked  # nobody left to ask about
