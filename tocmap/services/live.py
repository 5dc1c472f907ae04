"""Live co-editing: what changed on a map since a revision, and who else has it open.

Every open copy of a map polls this twice a second. All state is in the database,
so any number of processes behind one address give the same answers; the only thing a
process keeps is when it last wrote someone's presence, to write it at most every few
seconds (losing that only means one extra write).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from tocmap.adapters.database import Database, now_ms
from tocmap.domain.access import Permission
from tocmap.domain.changes import ChangeRecord
from tocmap.domain.model import Author, MapState
from tocmap.services.access import authorize
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
        info = store.map(map_id)
        records, state = [], None
        if 0 <= since < info.revision:
            count = info.revision - since
            records = store.records(map_id, after=since) if count <= MAX_CHANGES else None
            state = state_at(store, map_id, info=info)
        comments_changed = store.comments_changed_ms(map_id)
        present = [p for p in store.present(map_id, now - PRESENT_FOR_MS) if p["user_id"] != author.user_id]
    if author.user_id is not None and _due(map_id, author.user_id, selected, now):
        with db.store(write=True) as store:
            store.touch_presence(map_id, author.user_id, selected, now)
    return Poll(info.revision, info.partnership_id, records, state, present, comments_changed)


def _due(map_id: int, user_id: int, selected: str, now: int) -> bool:
    """Whether this process should write someone's presence now (and note that it will)."""
    with _written_lock:
        last = _written.get((map_id, user_id))
        if last and last[0] == selected and now - last[1] < PRESENCE_EVERY_MS:
            return False
        _written[(map_id, user_id)] = (selected, now)
        return True
