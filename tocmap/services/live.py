"""Live co-editing: what changed on a map since a revision, who else has it open, and what they may follow.

Open copies follow a map over a push stream (tocmap/push.py), which calls :func:`follower` once,
then :func:`news`, :func:`present`, :func:`comments_stamp`, :func:`tallies` and
:func:`still_following` whenever it hears that one of them changed; copies whose push channel is
refused poll :func:`poll` instead. All state is in the database, so any number of processes
behind one address give the same answers; the only thing a process keeps is when it last wrote
someone's presence, to write it at most every few seconds (losing that only means one extra write).
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

from tocmap.adapters.notify import announce
from tocmap.domain.access import Permission
from tocmap.domain.changes import ChangeRecord
from tocmap.domain.clock import now_ms
from tocmap.domain.model import Author, MapState, Partnership
from tocmap.services.access import authorize, viewer_sessions, viewers
from tocmap.services.accounts import author_of
from tocmap.services.history import state_at
from tocmap.services.ports import Repositories, Storage

#: Someone counts as present while their copy followed or polled within this many milliseconds.
PRESENT_FOR_MS = 15_000
#: Presence is rewritten at most this often unless the selection changes.
PRESENCE_EVERY_MS = 5_000
#: Beyond this many changes since the caller's revision, the caller reloads the whole map.
MAX_CHANGES = 300

_written: dict[tuple[int, int], tuple[str, int]] = {}
_written_lock = threading.Lock()


@dataclass(frozen=True)
class News:
    """What changed after a revision: the records (None: too many, reload) and the map as it now is."""

    revision: int
    partnership: Partnership | None  # None when nothing changed
    records: list[ChangeRecord] | None
    state: MapState | None  # None when nothing changed


@dataclass(frozen=True)
class Poll:
    """The answer to "what is new?" of a copy that polls."""

    news: News
    present: list[dict]
    comments_changed_ms: int  # when the map's discussion last changed


def poll(db: Storage, map_id: int, who: Author, since: int, selected: str = "") -> Poll:
    """Changes after ``since`` (with the map as it now is), and who else has the map open."""
    selected = (selected or "")[:64]
    now = now_ms()
    with db.store() as store:
        author = authorize(store, map_id, who, Permission.VIEW)
        news = _news(store, map_id, since)
        everyone = store.present(map_id, now - PRESENT_FOR_MS)
        comments_changed = store.comments_changed_ms(map_id)
    if author.user_id is not None and _due(map_id, author.user_id, selected, now):
        with db.store(write=True) as store:
            store.touch_presence(map_id, author.user_id, selected, now)
            if _selection_moved(everyone, author.user_id, selected):
                announce(store, map_id, "presence")
    return Poll(news, [p for p in everyone if p["user_id"] != author.user_id], comments_changed)


def news(db: Storage, map_id: int, since: int) -> News:
    """What changed after ``since``, for streams whose followers were authorized when they opened."""
    with db.store() as store:
        return _news(store, map_id, since)


def _news(store: Repositories, map_id: int, since: int) -> News:
    info = store.map(map_id)
    if not 0 <= since < info.revision:
        return News(info.revision, None, [], None)
    count = info.revision - since
    records = store.records(map_id, after=since) if count <= MAX_CHANGES else None
    return News(info.revision, store.partnership(info.partnership_id), records, state_at(store, map_id, info=info))


def _selection_moved(present: list[dict], user_id: int, selected: str) -> bool:
    """Whether writing this presence changes what the others see (a newcomer or a new selection)."""
    return not any(p["user_id"] == user_id and p["selected"] == selected for p in present)


def follower(db: Storage, map_id: int, user_id: int | None) -> Author:
    """The author behind a push stream, when that user may view the map (else a TocmapError)."""
    with db.store() as store:
        user = store.user(user_id) if user_id is not None else None
        return authorize(store, map_id, author_of(user) if user else Author(name="Signed out"), Permission.VIEW)


def still_allowed(db: Storage, map_id: int, user_ids: set[int]) -> set[int]:
    """Which of these users may still view the map (removed members and deleted accounts drop out); one query."""
    with db.store() as store:
        return viewers(store, map_id, user_ids)


def still_following(db: Storage, map_id: int, user_ids: set[int]) -> dict[int, int]:
    """Which of these users may still view the map, each with their current session generation; one query.

    A stream ends when its user drops out (removed, account deleted or disabled) or when its
    session is of an earlier generation (signed out, password changed or reset).
    """
    with db.store() as store:
        return viewer_sessions(store, map_id, user_ids)


def present(db: Storage, map_id: int) -> list[dict]:
    """Everyone who has the map open now, with what they have selected."""
    with db.store() as store:
        return store.present(map_id, now_ms() - PRESENT_FOR_MS)


def comments_stamp(db: Storage, map_id: int) -> int:
    """When the map's discussion last changed (0 when it has none)."""
    with db.store() as store:
        return store.comments_changed_ms(map_id)


def tallies(db: Storage, map_id: int) -> dict:
    """How many answers each partner gave in the open health check rounds, and how many SWOT cards
    each partner added to the open exercises: numbers only, which anyone on the map may know."""
    with db.store() as store:
        return {
            "health": {str(r.id): dict(Counter(a.partner for a in store.health_answers(r.id)))
                       for r in store.health_rounds(map_id) if not r.revealed},
            "swot": {str(e.id): dict(Counter(c.partner for c in store.swot_cards(e.id)))
                     for e in store.swot_exercises(map_id) if not e.revealed},
        }


def keep_present(db: Storage, map_id: int, user_ids: set[int]) -> None:
    """Refresh the presence of these followers in one statement (keeping what each has selected)."""
    now = now_ms()
    with db.store(write=True) as store:
        before = {p["user_id"] for p in store.present(map_id, now - PRESENT_FOR_MS)}
        store.keep_presence(map_id, user_ids, now)
        if user_ids - before:
            announce(store, map_id, "presence")


def leave(db: Storage, map_id: int, user_id: int) -> None:
    """A follower closed the map: the others stop seeing them at once."""
    with db.store(write=True) as store:
        store.touch_presence(map_id, user_id, "", 0)
        announce(store, map_id, "presence")
    with _written_lock:
        _written.pop((map_id, user_id), None)


def _due(map_id: int, user_id: int, selected: str, now: int) -> bool:
    """Whether this process should write someone's presence now (and note that it will)."""
    with _written_lock:
        last = _written.get((map_id, user_id))
        if last and last[0] == selected and now - last[1] < PRESENCE_EVERY_MS:
            return False
        _written[(map_id, user_id)] = (selected, now)
        return True
