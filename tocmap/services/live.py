"""Live co-editing: what changed on a map since a revision, and who else has it open.

Open copies follow a map over a push stream (tocmap/push.py) that calls :func:`follower`,
:func:`look` and :func:`still_allowed`; copies whose push channel is refused poll
:func:`poll` instead. All state is in the database,
so any number of processes behind one address give the same answers; the only thing a
process keeps is when it last wrote someone's presence, to write it at most every few
seconds (losing that only means one extra write).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from tocmap.adapters.database import Database, Store, now_ms
from tocmap.adapters.notify import announce
from tocmap.domain.access import Permission
from tocmap.domain.changes import ChangeRecord
from tocmap.domain.model import Author, MapState
from tocmap.domain.errors import TocmapError
from tocmap.services.access import authorize
from tocmap.services.accounts import author_of
from tocmap.services.history import state_at

#: Someone counts as present while their copy polled within this many milliseconds.
PRESENT_FOR_MS = 15_000
#: Presence is rewritten at most this often unless the selection changes.
PRESENCE_EVERY_MS = 5_000
#: Beyond this many changes since the caller's revision, the caller reloads the whole map.
MAX_CHANGES = 300

_written: dict[tuple[int, int], tuple[str, int]] = {}
_written_lock = threading.Lock()


@dataclass(frozen=True)
class Poll:
    """The answer to "what is new?"."""

    revision: int
    partnership_id: str
    records: list[ChangeRecord] | None  # None: too many to list, reload the map
    state: MapState | None
    present: list[dict]
    comments_changed_ms: int  # when the map's discussion last changed


def poll(db: Database, map_id: int, who: Author, since: int, selected: str = "") -> Poll:
    """Changes after ``since`` (with the map as it now is), and who else has the map open."""
    selected = (selected or "")[:64]
    now = now_ms()
    with db.store() as store:
        author = authorize(store, map_id, who, Permission.VIEW)
        news = _news(store, map_id, since, now)
    present = [p for p in news.present if p["user_id"] != author.user_id]
    if author.user_id is not None and _due(map_id, author.user_id, selected, now):
        with db.store(write=True) as store:
            store.touch_presence(map_id, author.user_id, selected, now)
            if _selection_moved(news.present, author.user_id, selected):
                announce(store, map_id, "presence")
    return Poll(news.revision, news.partnership_id, news.records, news.state, present, news.comments_changed_ms)


def _news(store: Store, map_id: int, since: int, now: int) -> Poll:
    """What is new after ``since`` for anyone who may view the map, with everyone present."""
    info = store.map(map_id)
    records, state = [], None
    if 0 <= since < info.revision:
        count = info.revision - since
        records = store.records(map_id, after=since) if count <= MAX_CHANGES else None
        state = state_at(store, map_id, info=info)
    present = store.present(map_id, now - PRESENT_FOR_MS)
    return Poll(info.revision, info.partnership_id, records, state, present, store.comments_changed_ms(map_id))


def _selection_moved(present: list[dict], user_id: int, selected: str) -> bool:
    """Whether writing this presence changes what the others see (a newcomer or a new selection)."""
    return not any(p["user_id"] == user_id and p["selected"] == selected for p in present)


def follower(db: Database, map_id: int, user_id: int | None) -> Author:
    """The author behind a push stream, when that user may view the map (else a TocmapError)."""
    with db.store() as store:
        user = store.user(user_id) if user_id is not None else None
        return authorize(store, map_id, _author(user), Permission.VIEW)


def look(db: Database, map_id: int, since: int) -> Poll:
    """What changed after ``since`` (for streams whose followers were authorized), everyone present."""
    with db.write_lock:  # SQLite: a change announced before its commit is committed once this is free
        pass
    with db.store() as store:
        return _news(store, map_id, since, now_ms())


def still_allowed(db: Database, map_id: int, user_ids: set[int]) -> set[int]:
    """Which of these users may still view the map (removed members and deleted accounts drop out)."""
    allowed = set()
    with db.store() as store:
        for user_id in user_ids:
            try:
                authorize(store, map_id, _author(store.user(user_id)), Permission.VIEW)
            except TocmapError:
                continue
            allowed.add(user_id)
    return allowed


def present(db: Database, map_id: int) -> list[dict]:
    """Everyone who has the map open now, with what they have selected."""
    with db.store() as store:
        return store.present(map_id, now_ms() - PRESENT_FOR_MS)


def keep_present(db: Database, map_id: int, user_ids: set[int], present: list[dict]) -> None:
    """Refresh the presence of these followers (keeping what each has selected)."""
    selected = {p["user_id"]: p["selected"] for p in present}
    now = now_ms()
    with db.store(write=True) as store:
        for user_id in user_ids:
            store.touch_presence(map_id, user_id, selected.get(user_id, ""), now)
        if user_ids - set(selected):
            announce(store, map_id, "presence")


def leave(db: Database, map_id: int, user_id: int) -> None:
    """A follower closed the map: the others stop seeing them at once."""
    with db.store(write=True) as store:
        store.touch_presence(map_id, user_id, "", 0)
        announce(store, map_id, "presence")
    with _written_lock:
        _written.pop((map_id, user_id), None)


def _author(user) -> Author:
    return author_of(user) if user else Author(name="Signed out")


def _due(map_id: int, user_id: int, selected: str, now: int) -> bool:
    """Whether this process should write someone's presence now (and note that it will)."""
    with _written_lock:
        last = _written.get((map_id, user_id))
        if last and last[0] == selected and now - last[1] < PRESENCE_EVERY_MS:
            return False
        _written[(map_id, user_id)] = (selected, now)
        return True
