"""Comment threads on a map: read by every member, written by those who may comment.

A comment is recorded in the author's name and partner as the membership says (never as
sent), and only on an item that exists on the map now.
"""

from __future__ import annotations

from tocmap.adapters.notify import announce
from tocmap.domain.access import Permission
from tocmap.domain.clock import now_ms
from tocmap.domain.comments import Thread, comment_text, subject_problem
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import Author
from tocmap.i18n import _
from tocmap.services.access import authorize
from tocmap.services.history import state_at
from tocmap.services.ports import Storage


def threads(db: Storage, map_id: int, subject_kind: str | None = None, subject_id: str | None = None, *,
            who: Author) -> list[Thread]:
    """The map's threads (or one item's), most recently active first."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return store.threads(map_id, subject_kind, subject_id)


def open_counts(db: Storage, map_id: int, *, who: Author) -> dict[tuple[str, str], int]:
    """Unresolved threads per item: (kind, id) -> count."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return store.open_thread_counts(map_id)


def start_thread(db: Storage, map_id: int, subject_kind: str, subject_id: str, text: object, who: Author) -> Thread:
    """Start a thread on an element, link, indicator or the map (``subject_kind`` "map", id "")."""
    text = comment_text(text)
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.COMMENT)
        problem = subject_problem(state_at(store, map_id, info=info), subject_kind, subject_id)
        if problem:
            raise InvalidInput(problem)
        thread_id = store.add_comment(map_id, subject_kind, subject_id if subject_kind != "map" else "", text,
                                      author, now_ms())
        announce(store, map_id, "comments")
        return store.threads(map_id, thread_id=thread_id)[0]


def reply(db: Storage, map_id: int, thread_id: object, text: object, who: Author) -> Thread:
    """Answer a thread; answering a resolved thread reopens it."""
    text = comment_text(text)
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.COMMENT)
        root = store.thread_root(map_id, _thread_id(thread_id))
        stamp = now_ms()
        store.add_comment(map_id, root.subject_kind, root.subject_id, text, author, stamp, thread_id=root.id)
        if root.resolved_ms is not None:
            store.set_resolved(root.id, stamp, None)
        else:
            store.touch_thread(root.id, stamp)
        announce(store, map_id, "comments")
        return store.threads(map_id, thread_id=root.id)[0]


def resolve(db: Storage, map_id: int, thread_id: object, who: Author, resolved: bool = True) -> Thread:
    """Mark a thread resolved (or open it again)."""
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.COMMENT)
        root = store.thread_root(map_id, _thread_id(thread_id))
        if resolved == (root.resolved_ms is not None):
            raise InvalidInput(_("That thread is already resolved.") if resolved else _("That thread is already open."))
        store.set_resolved(root.id, now_ms(), author.name if resolved else None)
        announce(store, map_id, "comments")
        return store.threads(map_id, thread_id=root.id)[0]


def _thread_id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise InvalidInput(_("'{value}' is not a comment thread number.", value=value))
    return int(value)
