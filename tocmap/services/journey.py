"""The partnership's journey: stages, sessions with attendance, documents, and the partnership pack.

Facilitators keep the stages and sessions (manage permission); members who record learning
add documents and pre-reading links; everyone on the map reads the journey and downloads
the pack. Each addition is a line in the map's history.
"""

from __future__ import annotations

from dataclasses import dataclass

from tocmap.adapters import pack as pack_page
from tocmap.domain import journey as jr
from tocmap.domain.access import Permission
from tocmap.domain.changes import Note
from tocmap.domain.model import Author
from tocmap.services import actions, decisions, health, history
from tocmap.services.access import authorize, may
from tocmap.services.ports import Repositories, Storage


@dataclass(frozen=True)
class Journey:
    """A map's journey: stages by start date, sessions by date, documents in the order added."""

    stages: list[jr.Stage]
    sessions: list[jr.Session]
    documents: list[jr.Document]


def _note(store: Repositories, map_id: int, author: Author, text: str, kind: str, item_id: int) -> None:
    history.append(store, store.map(map_id), Note(text=text[:300], about={"kind": kind, "id": item_id}), author, None)


def add_stage(db: Storage, map_id: int, *, kind: object, title: object, starts: object, ends: object,
              who: Author) -> jr.Stage:
    """Add a stage (a facilitator's job)."""
    stage = jr.checked_stage(kind, title, starts, ends)
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        stage_id = store.add_stage(map_id, stage)
        _note(store, map_id, author, f"Journey: stage “{stage.title}” from {stage.starts:%d %b %Y}", "stage", stage_id)
        return stage.model_copy(update={"id": stage_id})


def add_session(db: Storage, map_id: int, *, title: object, held_on: object, stage_id: object = None,
                attendance: dict | None = None, notes: object = "", who: Author) -> jr.Session:
    """Record a session held (or planned) with how many people of each partner attended (a facilitator's job)."""
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        partners = store.partner_ids(info.partnership_id)
        session = jr.checked_session(title, held_on, stage_id, [s.id for s in store.stages(map_id)], attendance,
                                     partners, notes)
        session_id = store.add_session(map_id, session)
        _note(store, map_id, author, f"Journey: session “{session.title}” on {session.held_on:%d %b %Y} "
                                     f"({session.attended} attending)", "session", session_id)
        return session.model_copy(update={"id": session_id})


def add_document(db: Storage, map_id: int, *, title: object, url: object, session_id: object = None,
                 pre_reading: object = False, who: Author) -> jr.Document:
    """Add a document or pre-reading link, for a session or the whole journey."""
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.RECORD_LEARNING)
        document = jr.checked_document(title, url, session_id, [s.id for s in store.sessions(map_id)], pre_reading)
        document_id = store.add_document(map_id, document)
        _note(store, map_id, author, f"Journey: {'pre-reading' if document.pre_reading else 'document'} "
                                     f"“{document.title}”", "document", document_id)
        return document.model_copy(update={"id": document_id})


def journey(db: Storage, map_id: int, who: Author) -> Journey:
    """The map's journey (anyone who may view the map)."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return Journey(store.stages(map_id), store.sessions(map_id), store.documents(map_id))


def may_keep(db: Storage, map_id: int, who: Author) -> tuple[bool, bool]:
    """Whether someone may keep stages and sessions, and whether they may add documents."""
    with db.store() as store:
        store.map(map_id)
        return may(store, map_id, who, Permission.MANAGE), may(store, map_id, who, Permission.RECORD_LEARNING)


def pack(db: Storage, map_id: int, who: Author) -> str:
    """The partnership pack as a printable page: purpose, principles, the map, the latest health round, open
    actions and decisions, and the next session with its pre-reading."""
    with db.store() as store:
        info = store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        partnership = store.partnership(info.partnership_id)
        state = history.state_at(store, map_id, info=info)
    found = journey(db, map_id, who)
    today = actions.today()
    return pack_page.render(pack_page.Pack(
        title=state.title, partnership=partnership, state=state, today=today,
        health=health.latest_results(db, map_id, who),
        actions=[a for a in actions.actions(db, map_id, who) if not a.closed],
        decisions=decisions.decisions(db, map_id, who), stages=found.stages, sessions=found.sessions,
        documents=found.documents, next_session=jr.next_session(found.sessions, today)))
