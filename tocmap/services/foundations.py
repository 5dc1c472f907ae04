"""Partnership foundations: the joint purpose, principles, responsibilities and re-articulations.

They live in the map state, so every edit is a change in the history with who made it,
and undo/restore work as for any other edit. Editing needs the edit permission, agreeing
the agree permission (for one's own partner, :func:`tocmap.services.history.set_stand`),
recording a re-articulation is a facilitator's job (manage permission).

Re-articulations are versions stored in the map state (``MapState.versions``) rather than in
a table of their own: they are small, they must be in the history with who recorded and who
endorsed them, and undo/restore then treat them like every other part of the map.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tocmap.domain import foundations as fd
from tocmap.domain.access import Permission
from tocmap.domain.changes import AddFoundation, RemoveFoundation, UpdateFoundation
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.model import (
    ITEM_TEXT_MAX,
    STATEMENT_MAX,
    Author,
    MapState,
    Partner,
    Principle,
    Responsibility,
    new_id,
)
from tocmap.i18n import _
from tocmap.services import history
from tocmap.services.access import authorize
from tocmap.services.ports import Storage


@dataclass(frozen=True)
class View:
    """What the Partnership page shows: the state's foundations and the partners who agree them."""

    revision: int
    state: MapState
    partners: list[Partner]

    @property
    def partner_ids(self) -> set[str]:
        return {p.id for p in self.partners}


def view(db: Storage, map_id: int, who: Author) -> View:
    """The map's foundations at its head revision (anyone who may view the map)."""
    with db.store() as store:
        info = store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        state = history.state_at(store, map_id, info=info)
        partners = store.partnership(info.partnership_id).partners
        return View(info.revision, state, partners)


def set_purpose(db: Storage, map_id: int, text: object, who: Author, base_revision: int | None = None
                ) -> history.Applied:
    """Write the joint purpose statement; an agreed purpose that changes must be agreed again."""
    clean = fd.clean_text(text, _("The joint purpose"), STATEMENT_MAX)
    change = UpdateFoundation(kind="purpose", id="purpose", set={"text": clean})
    return history.apply(db, map_id, change, who, base_revision)


def add_principle(db: Storage, map_id: int, text: object, who: Author) -> history.Applied:
    """Add a principle, proposed by the author's partner."""
    clean = fd.clean_text(text, _("A principle"), ITEM_TEXT_MAX)
    principle = Principle(id=new_id("pr"), text=clean, proposed_by=_partner_of(db, map_id, who))
    return history.apply(db, map_id, AddFoundation(principle=principle), who)


def add_responsibility(db: Storage, map_id: int, partner: object, text: object, who: Author) -> history.Applied:
    """Add what a partner commits to do (the partner must be in the partnership)."""
    clean = fd.clean_text(text, _("A responsibility"), ITEM_TEXT_MAX)
    if not isinstance(partner, str) or not partner:
        raise InvalidInput(_("Choose the partner who commits to this responsibility."))
    item = Responsibility(id=new_id("rs"), partner=partner, text=clean, proposed_by=_partner_of(db, map_id, who))
    return history.apply(db, map_id, AddFoundation(responsibility=item), who)


def edit_item(db: Storage, map_id: int, kind: str, item_id: str, text: object, who: Author) -> history.Applied:
    """Reword a principle or a responsibility (it must then be agreed again)."""
    limit, what = ITEM_TEXT_MAX, (_("A principle") if kind == "principle" else _("A responsibility"))
    clean = fd.clean_text(text, what, limit)
    return history.apply(db, map_id, UpdateFoundation(kind=kind, id=item_id, set={"text": clean}), who)


def remove_item(db: Storage, map_id: int, kind: str, item_id: str, who: Author) -> history.Applied:
    """Remove a principle or a responsibility (undo brings it back; versions keep it)."""
    return history.apply(db, map_id, RemoveFoundation(kind=kind, id=item_id), who)


def rearticulate(db: Storage, map_id: int, purpose: object, principles: object, responsibilities: object,
                 reason: object, who: Author) -> history.Applied:
    """Record a new version of purpose, principles and responsibilities with a reason (facilitators).

    ``principles`` is a list of texts, ``responsibilities`` a list of (partner id, text).
    The earlier version stays readable; every partner then endorses the new one.
    """
    principle_texts = _text_list(principles)
    duties = _duty_list(responsibilities)
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        state = history.state_at(store, map_id, info=info)
        partner_ids = store.partner_ids(info.partnership_id)
        change = fd.rearticulation(state, purpose, principle_texts, duties, reason, author.name,
                                   dt.datetime.now(dt.UTC), partner_ids)
        return history.append(store, info, change, author, None)


def comparison(db: Storage, map_id: int, number: int, who: Author) -> tuple[fd.VersionView, fd.VersionView,
                                                                               list[fd.Row]]:
    """Version ``number`` side by side with the current foundations, what changed marked."""
    state = view(db, map_id, who).state
    versions = {v.number: v for v in fd.versions(state)}
    if number not in versions:
        raise NotFound(_("There is no version {number} of the foundations on map {map_id}.", number=number, map_id=map_id))
    current = fd.VersionView(-1, "Current", "", fd.foundations_of(state), [])
    return versions[number], current, fd.compare(versions[number].content, current.content)


def _partner_of(db: Storage, map_id: int, who: Author) -> str | None:
    with db.store() as store:
        store.map(map_id)
        return authorize(store, map_id, who, Permission.VIEW).partner


def _text_list(values: object) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = values.splitlines()
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InvalidInput(_("The principles must be a list of texts."))
    return [v for v in values if v.strip()]


def _duty_list(values: object) -> list[tuple[str, str]]:
    if values is None:
        return []
    if not isinstance(values, list):
        raise InvalidInput(_("The responsibilities must be a list of (partner, text)."))
    duties = []
    for value in values:
        if not isinstance(value, list | tuple) or len(value) != 2 or not all(isinstance(v, str) for v in value):
            raise InvalidInput(_("Each responsibility names a partner and what it commits to do."))
        if value[1].strip():
            duties.append((value[0], value[1]))
    return duties


def parse_responsibilities(text: str, partners: list[Partner]) -> list[tuple[str, str]]:
    """Lines "partner: what it commits to" (partner by id, short name or name) as (partner id, text)."""
    names = {}
    for p in partners:
        for name in (p.id, p.short_name, p.name):
            if name:
                names[name.strip().lower()] = p.id
    duties = []
    for n, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        who, sep, what = line.partition(":")
        partner = names.get(who.strip().lower())
        if not sep or partner is None:
            raise InvalidInput(_("Line {n} of the responsibilities should read “partner: what it commits to do”, "
                                 "with a partner of this partnership ({partners}).", n=n,
                                 partners=", ".join(p.id for p in partners)))
        duties.append((partner, what))
    return duties
