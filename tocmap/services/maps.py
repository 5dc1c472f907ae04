"""Use cases on whole maps: list, create from a template, import, export, snapshots."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from tocmap.domain.access import Permission
from tocmap.domain.catalogue import MapInfo
from tocmap.domain.changes import (
    ChangeRecord,
    Note,
    UpdateMap,
    apply_change,
    diff_states,
)
from tocmap.domain.clock import to_ms
from tocmap.domain.document import MapDocument, read_document
from tocmap.domain.errors import InvalidInput, NotFound, NotSignedIn, PermissionDenied
from tocmap.domain.model import (
    Author,
    MapState,
    Partnership,
    Snapshot,
    new_id,
    validated,
)
from tocmap.domain.roles import Role
from tocmap.i18n import _
from tocmap.resources import models_dir
from tocmap.services.access import SYSTEM, authorize, visible_maps
from tocmap.services.history import append, apply, checkpoint_due, state_at
from tocmap.services.ports import Repositories, Storage

#: The canonical revision 0 of every map: its creation is revision 1.
EMPTY_TITLE = "Untitled map"
#: The worked example loaded into an empty database.
EXAMPLE = "example-health-data-partnership"
SCHEMA_FILE = "tocmap-map.schema.json"


def empty_state() -> MapState:
    """The state every map starts from at revision 0."""
    return MapState(title=EMPTY_TITLE)


@dataclass(frozen=True)
class Template:
    """A ready map model from ``models/``."""

    name: str
    title: str
    description: str
    elements: int


@dataclass
class Imported:
    """What an import created, and what it had to leave out."""

    map_id: int
    revision: int
    skipped: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


def list_maps(db: Storage, include_archived: bool = False, *, who: Author) -> list[MapInfo]:
    """The maps someone may see, most recently changed first."""
    with db.store() as store:
        visible = visible_maps(store, who)
        return [m for m in store.maps(include_archived) if visible is None or m.id in visible]


def get_partnership(db: Storage, partnership_id: str) -> Partnership:
    """A partnership and its partners (names only: no map content)."""
    with db.store() as store:
        return store.partnership(partnership_id)


def get_map(db: Storage, map_id: int, revision: int | None = None, *, who: Author
            ) -> tuple[MapInfo, Partnership, MapState]:
    """A map's row, its partnership and its state at a revision (the head by default)."""
    with db.store() as store:
        info = store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return info, store.partnership(info.partnership_id), state_at(store, map_id, revision, info=info)


def export_document(
    db: Storage, map_id: int, revision: int | None = None, with_history: bool = False, *, who: Author
) -> MapDocument:
    """The full-fidelity document of a map at a revision, optionally with its history."""
    with db.store() as store:
        info = store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        revision = info.revision if revision is None else revision
        state = state_at(store, map_id, revision, info=info)
        history = store.records(map_id, upto=revision) if with_history else None
        snapshots = [s for s in store.snapshots(map_id) if s.revision <= revision]
        return MapDocument.of(
            state, store.partnership(info.partnership_id), revision=revision,
            exported_at=dt.datetime.now(dt.UTC), snapshots=snapshots, history=history,
        )


# --------------------------------------------------------------------------- templates


def list_templates() -> list[Template]:
    """The templates and examples in ``models/``."""
    templates = []
    for path in sorted(models_dir().glob("*.json")):
        if path.name == SCHEMA_FILE:
            continue
        document = read_document(path.read_bytes(), path.name)
        templates.append(Template(path.stem, document.title, document.description, len(document.elements)))
    return templates


def load_template(name: str) -> MapDocument:
    """The document of one template, by its file name without ``.json``."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name or "") or name == SCHEMA_FILE.removesuffix(".json"):
        raise NotFound(_("There is no template named '{name}'.", name=name))
    path = models_dir() / f"{name}.json"
    if not path.is_file():
        names = ", ".join(t.name for t in list_templates())
        raise NotFound(_("There is no template named '{name}'. Templates: {names}.", name=name, names=names))
    return read_document(path.read_bytes(), path.name)


# --------------------------------------------------------------------------- creating


def create_map(
    db: Storage, title: str, author: Author, template: str | None = None, partnership: Partnership | None = None
) -> int:
    """Create a map, empty or from a template, in a new partnership unless one is given."""
    title = validated(MapState, {"title": title}, "map").title
    document = load_template(template) if template else None
    if partnership is None:
        source = document.partnership if document else Partnership(id="new", name=title)
        partnership = source.model_copy(update={"id": new_id("ps"), "name": title})
    content = document.state() if document else empty_state()
    content = content.model_copy(update={"title": title})
    reason = f"Created from template “{document.title}”" if document else "Created the map"
    with db.store(write=True) as store:
        author = _creator(store, author)
        if not store.has_partnership(partnership.id):
            store.save_partnership(partnership)
        info = _new_map(store, partnership.id, template or "", author)
        append(store, info, diff_states(empty_state(), content, reason=reason), author, None)
        return info.id


def rename_map(db: Storage, map_id: int, title: str, author: Author, base_revision: int | None = None) -> int:
    """Give a map a new title (a change in its history); return the revision it is then at."""
    title = validated(MapState, {"title": title}, "map").title
    info, _, state = get_map(db, map_id, who=author)
    if state.title == title:
        return info.revision  # nothing to record
    return apply(db, map_id, UpdateMap(set={"title": title}), author, base_revision).revision


def duplicate_map(db: Storage, map_id: int, title: str, author: Author) -> int:
    """A new map with the same partnership and content (not the history) as another."""
    title = validated(MapState, {"title": title}, "map").title
    with db.store(write=True) as store:
        authorize(store, map_id, author, Permission.VIEW)
        author = _creator(store, author)
        source = store.map(map_id)
        content = state_at(store, map_id, info=source).model_copy(update={"title": title})
        info = _new_map(store, source.partnership_id, source.template, author)
        reason = f"Duplicated from “{source.title}” (map {map_id}, revision {source.revision})"
        append(store, info, diff_states(empty_state(), content, reason=reason), author, None)
        return info.id


def archive_map(db: Storage, map_id: int, who: Author, archived: bool = True) -> None:
    """Hide a map from the home page (or bring it back); nothing is deleted. Facilitators only.

    Either is a line in the map's history, so everyone can see who archived it and when.
    """
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        if archived == info.archived:
            raise InvalidInput(_("The map is already archived.") if archived else _("The map is not archived."))
        store.set_archived(map_id, archived)
        note = "Archived the map" if archived else "Brought the map back from the archive"
        append(store, info, Note(text=note, about={"kind": "map", "archived": "yes" if archived else "no"}), author,
               None)


def _new_map(store: Repositories, partnership_id: str, template: str, creator: Author) -> MapInfo:
    """A map at revision 0; whoever creates it (unless the system) becomes its facilitator."""
    map_id = store.add_map(partnership_id, EMPTY_TITLE, template)
    store.save_checkpoint(map_id, 0, empty_state())
    if creator.user_id is not None:
        store.set_membership(map_id, creator.user_id, Role.FACILITATOR.value, None)
    return store.map(map_id, lock=True)


def _creator(store: Repositories, who: Author) -> Author:
    """The author of a new map: the system, or a signed-in user (as their account names them)."""
    if who.system:
        return who
    user = store.user(who.user_id) if who.user_id is not None else None
    if user is None:
        raise NotSignedIn(_("Sign in first."))
    return Author(user_id=user.id, name=user.name)


def import_document(db: Storage, document: MapDocument, author: Author) -> Imported:
    """Create a new map from a document; with history, its whole history comes along.

    All or nothing: a document whose history does not lead to its content is refused
    and nothing is written.
    """
    if document.history:
        replayed = _replay_history(document.history)
        if replayed != document.state():
            raise InvalidInput(_("The file's history does not lead to the map it contains; it may have been edited by hand."))
    with db.store(write=True) as store:
        author = _creator(store, author)
        partnership = _merge_partnership(store, document.partnership)
        info = _new_map(store, partnership.id, "", author)
        if document.history:
            _write_history(store, info.id, document.history)
            for snapshot in document.snapshots:
                store.add_snapshot(info.id, snapshot)
            return Imported(info.id, document.revision, [])
        content = diff_states(empty_state(), document.state(), reason=_("Imported from a file"))
        revision = append(store, info, content, author, None).revision
        kept = [s for s in document.snapshots if s.revision == document.revision]
        for snapshot in kept:
            store.add_snapshot(info.id, snapshot.model_copy(update={"revision": revision}))
        skipped = [_("snapshot “{name}” of revision {revision} (export with history to keep it)", name=s.name,
                     revision=s.revision)
                   for s in document.snapshots if s not in kept]
        return Imported(info.id, revision, skipped)


def _replay_history(history: list[ChangeRecord]) -> MapState:
    state = empty_state()
    for record in history:
        try:
            state = apply_change(state, record.change)[0]
        except (InvalidInput, NotFound) as error:
            raise InvalidInput(_("The file's history breaks at revision {revision}: {error}", revision=record.revision, error=error)) from None
    return state


def _write_history(store: Repositories, map_id: int, history: list[ChangeRecord]) -> None:
    state, checkpointed = empty_state(), 0
    for record in history:
        state, recorded = apply_change(state, record.change)
        author = record.author.model_copy(update={"user_id": None})
        entry = record.model_copy(update={"author": author, "change": recorded})
        text = recorded.model_dump_json(exclude_none=True)
        store.append(map_id, entry, text)
        if checkpoint_due(state, record.revision - checkpointed, len(text)):
            store.save_checkpoint(map_id, record.revision, state)
            checkpointed = record.revision
    last = history[-1]
    store.set_head(map_id, last.revision, state, to_ms(last.at))


def _merge_partnership(store: Repositories, partnership: Partnership) -> Partnership:
    """Reuse a partnership already here (adding partners it lacks) or create it."""
    if not store.has_partnership(partnership.id):
        store.save_partnership(partnership)
        return partnership
    existing = store.partnership(partnership.id)
    missing = [p for p in partnership.partners if p.id not in existing.known_ids()]
    gone = [p for p in partnership.former if p.id not in existing.known_ids()]
    if missing or gone:
        existing = existing.model_copy(update={"partners": [*existing.partners, *missing],
                                               "former": [*existing.former, *gone]})
        store.save_partnership(existing)
    return existing


def ensure_example(db: Storage) -> int | None:
    """Load the worked example into an empty database; return its id (None if maps exist)."""
    if list_maps(db, include_archived=True, who=SYSTEM):
        return None
    return import_document(db, load_template(EXAMPLE), SYSTEM).map_id


# --------------------------------------------------------------------------- snapshots


def add_snapshot(
    db: Storage, map_id: int, name: str, author: Author, revision: int | None = None,
    note: str = "", endorsed_by: list[str] | None = None,
) -> Snapshot:
    """Name a revision (the head by default) so partners can find and endorse it."""
    with db.store(write=True) as store:
        info = store.map(map_id)
        author = authorize(store, map_id, author, Permission.MANAGE)
        revision = info.revision if revision is None else revision
        if not 0 <= revision <= info.revision:
            raise NotFound(_("Map {map_id} has revisions 0 to {revision}; there is no revision {revision2}.", map_id=map_id, revision=info.revision, revision2=revision))
        snapshot = validated(Snapshot, {
            "name": name, "revision": revision, "created_at": dt.datetime.now(dt.UTC),
            "created_by": author.name, "note": note, "endorsed_by": endorsed_by or [],
        }, "snapshot")
        store.add_snapshot(map_id, snapshot)
        return snapshot


def snapshots(db: Storage, map_id: int, *, who: Author) -> list[Snapshot]:
    """A map's snapshots, oldest revision first."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return store.snapshots(map_id)


def find_snapshot(db: Storage, map_id: int, name: str, *, who: Author) -> Snapshot:
    """The snapshot with this name."""
    for snapshot in snapshots(db, map_id, who=who):
        if snapshot.name == name:
            return snapshot
    raise NotFound(_("Map {map_id} has no snapshot named “{name}”.", map_id=map_id, name=name))


def endorse_snapshot(db: Storage, map_id: int, name: str, who: Author, endorse: bool = True) -> Snapshot:
    """Endorse a named revision on behalf of one's own partner (or withdraw that endorsement)."""
    with db.store(write=True) as store:
        store.map(map_id)
        author = authorize(store, map_id, who, Permission.AGREE)
        if author.partner is None:
            raise InvalidInput(_("Only members who speak for a partner endorse on its behalf."))
        snapshot = next((s for s in store.snapshots(map_id) if s.name == name), None)
        if snapshot is None:
            raise NotFound(_("Map {map_id} has no snapshot named “{name}”.", map_id=map_id, name=name))
        if (author.partner in snapshot.endorsed_by) == bool(endorse):
            raise InvalidInput(_("Your partner already endorses “{name}”; nothing to record.", name=name) if endorse
                               else _("Your partner does not endorse “{name}”; there is nothing to withdraw.", name=name))
        partners = set(snapshot.endorsed_by) - {author.partner} | ({author.partner} if endorse else set())
        store.set_endorsements(map_id, name, sorted(partners))
        return snapshot.model_copy(update={"endorsed_by": sorted(partners)})


def may_edit(db: Storage, map_id: int, who: Author) -> bool:
    """Whether someone may change the map's elements and links (editors, facilitators, administrators)."""
    with db.store() as store:
        try:
            authorize(store, map_id, who, Permission.EDIT_MAP)
        except PermissionDenied:
            return False
        return True
