"""Engines, transactions and the repository over them (SQLite file or PostgreSQL).

:class:`Database` owns the engine and hands out :class:`Store` units of work:
``with db.store(write=True) as store: ...`` is one transaction that commits on success
and rolls back on any error, so nothing is ever half-written.

Writers are serialised per map: on PostgreSQL by locking the map's row; on SQLite by
``BEGIN IMMEDIATE`` plus one lock per process (SQLite's busy handler sleeps and retries
rather than queueing, which starves some writers under load).
"""

from __future__ import annotations

import json
import logging
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from tocmap.adapters.accounts import AccountQueries
from tocmap.adapters.comments import CommentQueries
from tocmap.adapters.contributions import ContributionQueries
from tocmap.adapters.followthrough import FollowThroughQueries
from tocmap.adapters.health import HealthQueries
from tocmap.adapters.people import PeopleQueries
from tocmap.adapters.refusals import RefusalQueries
from tocmap.adapters.review_points import ReviewPointQueries
from tocmap.adapters.swot import SwotQueries
from tocmap.adapters.tables import (
    ChangeRow,
    CheckpointRow,
    MapRow,
    PartnerRow,
    PartnershipRow,
    SnapshotRow,
)
from tocmap.domain.catalogue import MapInfo
from tocmap.domain.changes import CHANGE, ChangeRecord
from tocmap.domain.clock import now_ms, to_datetime, to_ms
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.limits import Limits
from tocmap.domain.model import Author, MapState, Partner, Partnership, Snapshot
from tocmap.domain.text import from_storage, reading_stored_text
from tocmap.domain.trusted import schema_fingerprint, trusted
from tocmap.i18n import _

LOG = logging.getLogger(__name__)


def state_format() -> bytes:
    """What a checkpoint written by this version starts with: the schema its state was dumped under.

    A checkpoint that starts with it is read without validating it again (tocmap wrote it, and
    zlib's checksum guards it); any other (written before formats were marked, or under
    another schema) is validated, as anything read from outside.
    """
    return f"tocmap.state/{schema_fingerprint(MapState)}\n".encode()


def state_blob(state: MapState) -> bytes:
    """A map state as a checkpoint stores it: its format, then compact JSON, compressed.

    zlib's default level: within 2 % of the smallest, in less than half the time of level 9.
    """
    return state_format() + zlib.compress(state.model_dump_json(exclude_defaults=True).encode(), 6)


def state_from_blob(blob: bytes) -> MapState:
    """A map state read back from :func:`state_blob` (or from a checkpoint of an earlier format).

    Raises ``ValueError`` or ``zlib.error`` when the blob is damaged.
    """
    header = state_format()
    if blob.startswith(header):
        return trusted(MapState, json.loads(zlib.decompress(memoryview(blob)[len(header):])))
    return MapState.model_validate_json(zlib.decompress(blob))


class StateCache:
    """Recently used map states by ``(map id, revision)``; safe to drop at any time."""

    def __init__(self, size: int = 32):
        self.size, self._items, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, map_id: int, revision: int) -> MapState | None:
        with self._lock:
            state = self._items.get((map_id, revision))
            if state is not None:
                self._items.move_to_end((map_id, revision))
            return state

    def nearest(self, map_id: int, revision: int) -> tuple[int, MapState] | None:
        """The cached state of this map closest below or at ``revision``."""
        with self._lock:
            below = [r for (m, r) in self._items if m == map_id and r <= revision]
            return (max(below), self._items[(map_id, max(below))]) if below else None

    def put(self, map_id: int, revision: int, state: MapState) -> None:
        with self._lock:
            self._items[(map_id, revision)] = state
            self._items.move_to_end((map_id, revision))
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class Database:
    """An engine plus what a process keeps beside it: the write lock and a state cache."""

    def __init__(self, url: str, echo: bool = False):
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self.engine = _sqlite_engine(self.url, echo) if self.is_sqlite else _server_engine(self.url, echo)
        self.write_lock = threading.RLock() if self.is_sqlite else _NoLock()
        self.cache = StateCache()
        #: The size limits the services apply (the app and the command line set them from the settings).
        self.limits = Limits()

    @contextmanager
    def store(self, write: bool = False) -> Iterator[Store]:
        """One transaction; writes commit at the end, any error rolls everything back."""
        with self.write_lock if write else _NoLock(), self.engine.connect() as connection:
            connection.execution_options(tocmap_write=write)
            with connection.begin():
                store = Store(connection, self)
                yield store
        for callback in store.committed.values():
            callback()

    def dispose(self) -> None:
        self.engine.dispose()


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _sqlite_engine(url, echo: bool) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:")
    if not in_memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"check_same_thread": False, "timeout": 30},
        **({"poolclass": StaticPool} if in_memory else {}),
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        write = connection.get_execution_options().get("tocmap_write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _server_engine(url, echo: bool) -> Engine:
    return create_engine(url, echo=echo, pool_size=10, max_overflow=20, pool_pre_ping=True)


# --------------------------------------------------------------------------- repository


MAPS, PARTNERSHIPS, PARTNERS = MapRow.__table__, PartnershipRow.__table__, PartnerRow.__table__
CHANGES, CHECKPOINTS, SNAPSHOTS = ChangeRow.__table__, CheckpointRow.__table__, SnapshotRow.__table__

# Statements of the edit path, built once (SQLAlchemy then reuses their compiled form).
_MAP = select(MAPS).where(MAPS.c.id == bindparam("map_id"))
_APPEND = insert(CHANGES)
_SET_HEAD = update(MAPS).where(MAPS.c.id == bindparam("map_id")).values(
    revision=bindparam("new_revision"), title=bindparam("new_title"),
    element_count=bindparam("new_count"), updated_ms=bindparam("new_ms"),
)


class Store(AccountQueries, HealthQueries, CommentQueries, SwotQueries, PeopleQueries, ContributionQueries,
            ReviewPointQueries, FollowThroughQueries, RefusalQueries):
    """Reads and writes of one transaction, in domain terms (SQLAlchemy Core on the ORM's tables)."""

    def __init__(self, connection: Connection, db: Database):
        self.connection, self.db = connection, db
        self.committed: dict[object, Callable[[], None]] = {}

    def on_commit(self, key: object, callback: Callable[[], None]) -> None:
        """Run ``callback`` once this transaction has committed (once per key; never on a rollback)."""
        self.committed.setdefault(key, callback)

    def _rows(self, query):
        return self.connection.execute(query).all()

    # maps ------------------------------------------------------------------

    def maps(self, include_archived: bool = False) -> list[MapInfo]:
        query = select(MAPS).order_by(MAPS.c.updated_ms.desc(), MAPS.c.id.desc())
        if not include_archived:
            query = query.where(MAPS.c.archived_ms.is_(None))
        return [_map_info(row) for row in self._rows(query)]

    def map(self, map_id: int, lock: bool = False) -> MapInfo:
        """The map's row; ``lock`` holds it until the transaction ends (PostgreSQL)."""
        query = _MAP.with_for_update() if lock and not self.db.is_sqlite else _MAP
        row = self.connection.execute(query, {"map_id": map_id}).one_or_none()
        if row is None:
            raise NotFound(_("There is no map {number}.", number=map_id))
        return _map_info(row)

    def add_map(self, partnership_id: str, title: str, template: str = "") -> int:
        stamp = now_ms()
        result = self.connection.execute(insert(MAPS).values(
            partnership_id=partnership_id, title=title, template=template, revision=0,
            checkpoint_revision=0, element_count=0, created_ms=stamp, updated_ms=stamp,
        ))
        return result.inserted_primary_key[0]

    def set_head(self, map_id: int, revision: int, state: MapState, at_ms: int) -> None:
        self.connection.execute(_SET_HEAD, {
            "map_id": map_id, "new_revision": revision, "new_title": state.title,
            "new_count": len(state.elements), "new_ms": at_ms,
        })

    def set_archived(self, map_id: int, archived: bool) -> None:
        stamp = now_ms() if archived else None
        self.connection.execute(update(MAPS).where(MAPS.c.id == map_id).values(archived_ms=stamp))

    # partnerships ----------------------------------------------------------

    def partnership(self, partnership_id: str) -> Partnership:
        row = self.connection.execute(select(PARTNERSHIPS).where(PARTNERSHIPS.c.id == partnership_id)).one_or_none()
        if row is None:
            raise NotFound(_("There is no partnership '{partnership_id}'.", partnership_id=partnership_id))
        partners = self._rows(
            select(PARTNERS).where(PARTNERS.c.partnership_id == partnership_id).order_by(PARTNERS.c.position)
        )
        with reading_stored_text():
            return Partnership(
                id=row.id, name=row.name,
                partners=[_partner(p) for p in partners if p.retired_ms is None],
                former=[_partner(p) for p in partners if p.retired_ms is not None],
            )

    def partner_ids(self, partnership_id: str, include_former: bool = False) -> set[str]:
        """Ids of the partners working together now (and of the retired ones too, when asked)."""
        query = select(PARTNERS.c.id).where(PARTNERS.c.partnership_id == partnership_id)
        if not include_former:
            query = query.where(PARTNERS.c.retired_ms.is_(None))
        return set(self.connection.scalars(query))

    def has_partnership(self, partnership_id: str) -> bool:
        query = select(PARTNERSHIPS.c.id).where(PARTNERSHIPS.c.id == partnership_id)
        return self.connection.execute(query).first() is not None

    def save_partnership(self, partnership: Partnership) -> None:
        """Insert or replace a partnership and its partners (current and former)."""
        retired = {p.id: p for p in partnership.former}
        if self.has_partnership(partnership.id):
            self.connection.execute(
                update(PARTNERSHIPS).where(PARTNERSHIPS.c.id == partnership.id).values(name=partnership.name)
            )
            kept = self._rows(select(PARTNERS.c.id, PARTNERS.c.retired_ms).where(
                PARTNERS.c.partnership_id == partnership.id, PARTNERS.c.retired_ms.is_not(None)))
            retired_at = {r.id: r.retired_ms for r in kept}
            self.connection.execute(delete(PARTNERS).where(PARTNERS.c.partnership_id == partnership.id))
        else:
            self.connection.execute(insert(PARTNERSHIPS).values(id=partnership.id, name=partnership.name))
            retired_at = {}
        stamp = now_ms()
        if partnership.partners or retired:
            self.connection.execute(insert(PARTNERS), [
                {"partnership_id": partnership.id, "id": p.id, "position": n, "name": p.name,
                 "short_name": p.short_name, "colour": p.colour, "language": p.language,
                 "organisations": json.dumps(p.organisations), "merged_into": p.merged_into,
                 "retired_ms": retired_at.get(p.id, stamp) if p.id in retired else None}
                for n, p in enumerate([*partnership.partners, *partnership.former])
            ])

    # history ---------------------------------------------------------------

    def append(self, map_id: int, record: ChangeRecord, change_json: str) -> None:
        self.connection.execute(_APPEND, {
            "map_id": map_id, "revision": record.revision, "at_ms": to_ms(record.at),
            "user_id": record.author.user_id, "user_name": record.author.name,
            "partner_id": record.author.partner, "change": change_json,
        })

    def records(self, map_id: int, after: int = 0, upto: int | None = None,
                newest_first: bool = False, limit: int | None = None) -> list[ChangeRecord]:
        """History entries with ``after < revision <= upto``."""
        query = select(CHANGES).where(CHANGES.c.map_id == map_id, CHANGES.c.revision > after)
        if upto is not None:
            query = query.where(CHANGES.c.revision <= upto)
        order = CHANGES.c.revision.desc() if newest_first else CHANGES.c.revision
        return [_record(row) for row in self._rows(query.order_by(order).limit(limit))]

    def raw_changes(self, map_id: int, after: int, upto: int) -> list[str]:
        """The recorded operations (JSON) with ``after < revision <= upto``, oldest first."""
        query = (
            select(CHANGES.c.change)
            .where(CHANGES.c.map_id == map_id, CHANGES.c.revision > after, CHANGES.c.revision <= upto)
            .order_by(CHANGES.c.revision)
        )
        return list(self.connection.scalars(query))

    def checkpoint(self, map_id: int, at_or_before: int) -> tuple[int, MapState] | None:
        """The newest readable checkpoint at or before a revision; a damaged one is passed over for an earlier one.

        A checkpoint of an earlier format is validated, and rewritten in today's when this
        transaction writes.
        """
        while (row := self._checkpoint_row(map_id, at_or_before)) is not None:
            try:
                with reading_stored_text():
                    state = state_from_blob(row.state)
            except (ValueError, TypeError, KeyError, zlib.error) as error:
                LOG.error("Map %s: the checkpoint at revision %s cannot be read (%s); rebuilding from an earlier one",
                          map_id, row.revision, error)
                at_or_before = row.revision - 1
                continue
            if not row.state.startswith(state_format()) and self.connection.get_execution_options().get("tocmap_write"):
                self.connection.execute(update(CHECKPOINTS).values(state=state_blob(state)).where(
                    CHECKPOINTS.c.map_id == map_id, CHECKPOINTS.c.revision == row.revision))
            return row.revision, state
        return None

    def _checkpoint_row(self, map_id: int, at_or_before: int):
        query = (
            select(CHECKPOINTS.c.revision, CHECKPOINTS.c.state)
            .where(CHECKPOINTS.c.map_id == map_id, CHECKPOINTS.c.revision <= at_or_before)
            .order_by(CHECKPOINTS.c.revision.desc())
            .limit(1)
        )
        return self.connection.execute(query).one_or_none()

    def save_checkpoint(self, map_id: int, revision: int, state: MapState) -> None:
        self.connection.execute(insert(CHECKPOINTS).values(map_id=map_id, revision=revision, state=state_blob(state)))
        self.connection.execute(update(MAPS).where(MAPS.c.id == map_id).values(checkpoint_revision=revision))

    # snapshots -------------------------------------------------------------

    def snapshots(self, map_id: int) -> list[Snapshot]:
        query = select(SNAPSHOTS).where(SNAPSHOTS.c.map_id == map_id).order_by(SNAPSHOTS.c.revision, SNAPSHOTS.c.id)
        return [_snapshot(row) for row in self._rows(query)]

    def add_snapshot(self, map_id: int, snapshot: Snapshot) -> None:
        try:
            with self.connection.begin_nested():
                self.connection.execute(insert(SNAPSHOTS).values(
                    map_id=map_id, name=snapshot.name, revision=snapshot.revision,
                    created_ms=to_ms(snapshot.created_at), created_by=snapshot.created_by,
                    note=snapshot.note, endorsed_by=json.dumps(snapshot.endorsed_by),
                ))
        except IntegrityError:
            raise InvalidInput(_("This map already has a snapshot named “{name}”.", name=snapshot.name)) from None

    def set_endorsements(self, map_id: int, name: str, endorsed_by: list[str]) -> None:
        self.connection.execute(
            update(SNAPSHOTS).where(SNAPSHOTS.c.map_id == map_id, SNAPSHOTS.c.name == name)
            .values(endorsed_by=json.dumps(sorted(set(endorsed_by))))
        )


def _map_info(row) -> MapInfo:
    return MapInfo(
        id=row.id, partnership_id=row.partnership_id, title=row.title, revision=row.revision,
        checkpoint_revision=row.checkpoint_revision, element_count=row.element_count, template=row.template,
        created_at=to_datetime(row.created_ms), updated_at=to_datetime(row.updated_ms),
        archived=row.archived_ms is not None,
    )


@from_storage
def _partner(row) -> Partner:
    return Partner(id=row.id, name=row.name, short_name=row.short_name, colour=row.colour, language=row.language,
                   organisations=json.loads(row.organisations or "[]"), merged_into=row.merged_into)


@from_storage
def _record(row) -> ChangeRecord:
    return ChangeRecord.model_construct(
        revision=row.revision,
        at=to_datetime(row.at_ms),
        author=Author(user_id=row.user_id, name=row.user_name, partner=row.partner_id),
        change=CHANGE.validate_json(row.change),
    )


@from_storage
def _snapshot(row) -> Snapshot:
    return Snapshot(
        name=row.name, revision=row.revision, created_at=to_datetime(row.created_ms),
        created_by=row.created_by, note=row.note, endorsed_by=json.loads(row.endorsed_by),
    )
