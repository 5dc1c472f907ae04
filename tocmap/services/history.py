"""The history of a map: rebuild any revision, append a change, restore, undo.

Every edit goes through :func:`apply` which checks it against the head revision (and
against what others changed since the author's base revision), records it and moves the
head. States are rebuilt from the nearest checkpoint (or a cached state) plus a replay of
the changes after it; a checkpoint is written every :data:`CHECKPOINT_EVERY` changes so
that a replay never runs long, even on maps with 100,000 changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tocmap.adapters.notify import announce
from tocmap.domain.access import Permission, stand_change
from tocmap.domain.catalogue import MapInfo
from tocmap.domain.changes import (
    CHANGE,
    NOT_FOUND,
    PARTNER_OPS,
    Change,
    ChangeRecord,
    UpdateElement,
    UpdateIndicator,
    UpdateLink,
    apply_change,
    as_asked,
    diff_states,
    find_conflicts,
    inverse,
    partners_named,
    raise_conflicts,
    replay_changes,
    signed,
)
from tocmap.domain.clock import to_ms
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.foundations import AGREEABLE_KINDS, stand_on_foundation
from tocmap.domain.limits import map_size_problem
from tocmap.domain.model import Author, MapState
from tocmap.domain.partners import change_partnership
from tocmap.domain.text import reading_stored_text
from tocmap.i18n import _
from tocmap.services.access import authorize, authorize_change, check_agreement
from tocmap.services.ports import Repositories, Storage

#: A checkpoint is written once this many changes follow the previous one (on a map of up to
#: :data:`CHECKPOINT_ITEMS` elements and links; on a bigger map, proportionally more changes)...
CHECKPOINT_EVERY = 150
CHECKPOINT_ITEMS = 1_000
#: ...or after any change whose recorded JSON is at least this large (an import, a restore).
CHECKPOINT_AFTER_BYTES = 16_000


def checkpoint_spacing(state: MapState) -> int:
    """How many changes follow one checkpoint of this map before the next is written.

    Writing a checkpoint (and reading one back) grows with the map, while replaying a change
    does not: so a bigger map waits proportionally more changes, and each edit's share of the
    writing stays the same at any size.

    >>> checkpoint_spacing(MapState(title="Small"))
    150
    """
    return CHECKPOINT_EVERY * max(1, (len(state.elements) + len(state.links)) // CHECKPOINT_ITEMS)


def checkpoint_due(state: MapState, changes_since: int, recorded_bytes: int) -> bool:
    """Whether the map's state should be stored whole after a change (see :func:`checkpoint_spacing`).

    >>> checkpoint_due(MapState(title="Small"), 150, 180), checkpoint_due(MapState(title="Small"), 149, 180)
    (True, False)
    """
    return changes_since >= checkpoint_spacing(state) or recorded_bytes >= CHECKPOINT_AFTER_BYTES


@dataclass(frozen=True)
class Applied:
    """The outcome of an edit: the new revision, its history entry and the map after it."""

    revision: int
    record: ChangeRecord
    state: MapState


def state_at(store: Repositories, map_id: int, revision: int | None = None, info: MapInfo | None = None) -> MapState:
    """The map as it was at ``revision`` (the head when None)."""
    info = info or store.map(map_id)
    revision = info.revision if revision is None else revision
    if not 0 <= revision <= info.revision:
        raise NotFound(_("Map {map_id} has revisions 0 to {revision}; there is no revision {revision2}.", map_id=map_id, revision=info.revision, revision2=revision))
    cache = store.db.cache
    state = cache.get(map_id, revision)
    if state is not None:
        return state
    with reading_stored_text():  # text stored before control characters were refused still opens
        start = store.checkpoint(map_id, revision)
        if start is None:
            raise NotFound(_("Map {map_id} has no stored starting point; its history is damaged.", map_id=map_id))
        nearer = cache.nearest(map_id, revision)
        if nearer is not None and nearer[0] > start[0]:
            start = nearer
        state = replay(start[1], store.raw_changes(map_id, start[0], revision))
    cache.put(map_id, revision, state)
    return state


def replay(state: MapState, recorded: list[str]) -> MapState:
    """Apply recorded changes (as stored JSON) one after another."""
    return replay_changes(state, (CHANGE.validate_json(text) for text in recorded))


def apply(
    db: Storage, map_id: int, change: Change, author: Author, base_revision: int | None = None
) -> Applied:
    """Check, apply and record one change; raise instead when it is invalid or conflicts.

    ``base_revision`` is the revision the author saw. When others changed the same fields
    since then, :class:`~tocmap.domain.errors.Conflict` names the current values and who set
    them, and nothing is written. None means "apply to whatever is current".
    """
    change = as_asked(change)
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize_change(store, map_id, author, change)
        return append(store, info, change if author.system else signed(change, author), author, base_revision)


def append(store: Repositories, info: MapInfo, change: Change, author: Author, base_revision: int | None) -> Applied:
    """:func:`apply` inside a transaction the caller holds (with the map's row locked)."""
    state = state_at(store, info.id, info=info)
    if base_revision is not None and base_revision != info.revision:
        if base_revision > info.revision or base_revision < 0:
            raise InvalidInput(_("Map {id} is at revision {revision}; revision {base_revision} is unknown.", id=info.id, revision=info.revision, base_revision=base_revision))
        since = store.records(info.id, after=base_revision)
        raise_conflicts(find_conflicts(change, since, state), state)
    change = _change_partnership(store, info, change)
    new_state, recorded = apply_change(state, change)
    too_big = map_size_problem(len(new_state.elements), len(new_state.links), store.db.limits,
                               was=(len(state.elements), len(state.links)))
    if too_big:
        raise InvalidInput(too_big)
    check_agreement(author, change, recorded)
    _check_partners(store, info, recorded)
    revision = info.revision + 1
    record = ChangeRecord(revision=revision, at=dt.datetime.now(dt.UTC), author=author, change=recorded)
    text = recorded.model_dump_json(exclude_none=True)
    store.append(info.id, record, text)
    store.set_head(info.id, revision, new_state, to_ms(record.at))
    if checkpoint_due(new_state, revision - info.checkpoint_revision, len(text)):
        store.save_checkpoint(info.id, revision, new_state)
    store.db.cache.put(info.id, revision, new_state)
    announce(store, info.id, "changes")  # every open copy hears of it at commit
    return Applied(revision, record, new_state)


def _change_partnership(store: Repositories, info: MapInfo, change: Change) -> Change:
    """Apply a partner change to the map's partnership; return it as recorded (others pass through)."""
    if change.op == "batch" and any(op.op in PARTNER_OPS for op in change.ops):
        raise InvalidInput(_("Partner changes are made one at a time, not in a batch."))
    if change.op not in PARTNER_OPS:
        return change
    partnership = store.partnership(info.partnership_id)
    changed, recorded = change_partnership(partnership, change, store.members_by_partner(info.partnership_id))
    store.save_partnership(changed)
    if recorded.op == "merge_partner":
        store.move_members(info.partnership_id, recorded.id, recorded.into)
    return recorded


def _check_partners(store: Repositories, info: MapInfo, recorded: Change) -> None:
    """Refuse a change that names a partner outside the map's partnership."""
    named = partners_named(recorded)
    if not named:
        return  # most edits name no partner: nothing to look up
    unknown = sorted(named - store.partner_ids(info.partnership_id, include_former=True))
    if unknown:
        raise InvalidInput(_("'{unknown}' is not a partner in this partnership.", unknown=unknown[0]))


def history(db: Storage, map_id: int, limit: int | None = None, before: int | None = None, *, who: Author
            ) -> list[ChangeRecord]:
    """History entries, newest first; ``before`` pages back from a revision."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        upto = None if before is None else before - 1
        return store.records(map_id, upto=upto, newest_first=True, limit=limit)


def restore(db: Storage, map_id: int, revision: int, author: Author) -> Applied:
    """Bring back the map as it was at ``revision``, as a new change (nothing is destroyed)."""
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, author, Permission.EDIT_MAP)
        target = state_at(store, map_id, revision, info=info)
        current = state_at(store, map_id, info=info)
        batch = diff_states(current, target, reason=_("Restored revision {revision}", revision=revision))
        if not batch.ops:
            raise InvalidInput(_("The map is already as it was at revision {revision}.", revision=revision))
        return append(store, info, batch, author, None)


def undo(db: Storage, map_id: int, revision: int, author: Author) -> Applied:
    """Undo the change recorded at ``revision``, unless others have changed the same things since."""
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        records = store.records(map_id, after=revision - 1, upto=revision)
        if not records:
            raise NotFound(_("Map {map_id} has no revision {revision} to undo.", map_id=map_id, revision=revision))
        undoing = inverse(records[0].change)
        author = authorize_change(store, map_id, author, undoing)
        if undoing.op == "batch":
            undoing = undoing.model_copy(update={"reason": f"Undid revision {revision}: {records[0].summary}"})
        return append(store, info, undoing, author, revision)


def set_stand(db: Storage, map_id: int, kind: str, item_id: str, how: str, who: Author) -> Applied:
    """Agree, dispute or withdraw on an element, link or indicator for the author's own partner.

    Read and written in one transaction, so two partners agreeing at the same moment
    both count: agreement is per partner, and never a conflict.
    """
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.AGREE)
        if author.partner is None:
            raise InvalidInput(_("Only members who speak for a partner agree or dispute on its behalf."))
        state = state_at(store, map_id, info=info)
        if kind in AGREEABLE_KINDS:  # purpose, principles, responsibilities, re-articulations
            return append(store, info, stand_on_foundation(state, kind, item_id, author.partner, how), author, None)
        tables = {"element": (state.elements, UpdateElement), "link": (state.links, UpdateLink),
                  "indicator": (state.indicators, UpdateIndicator)}
        if kind not in tables:
            raise InvalidInput(_("Partners agree on elements, links and indicators, not on a {kind}.", kind=repr(kind)))
        table, update = tables[kind]
        item = table.get(item_id)
        if item is None:
            raise NotFound(_(NOT_FOUND[kind], id=item_id))
        return append(store, info, update(id=item_id, set=stand_change(item, author.partner, how)), author, None)
