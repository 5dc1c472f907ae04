"""The learning log, course corrections and assumptions' evidence logs.

Who may do what: members who record learning (facilitators, editors, MEL leads) write
entries and evidence notes; anyone who may view the map reads them. An entry and a note
always name the author's own partner (from their membership), so learning is recorded
on both sides of the partnership and nobody writes in another partner's name.

Everything here is a map change, recorded in the history like any other edit: it is
versioned, can be undone and restored, and comes along in exports. While a learning
entry's course correction is active, every map change carries ``because=<entry id>``
(see :func:`tocmap.domain.changes.apply_change`); :func:`changes_led_to` lists them.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tocmap.domain import learning as ln
from tocmap.domain.access import Permission
from tocmap.domain.changes import (
    NOT_FOUND,
    AddEvidence,
    AddLearning,
    ChangeRecord,
    RemoveEvidence,
    RemoveLearning,
    UpdateLearning,
    active_correction,
)
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.model import (
    Author,
    ElementKind,
    EvidenceNote,
    EvidenceSource,
    LearningEntry,
    MapState,
    Partnership,
    new_id,
    validated,
)
from tocmap.i18n import _
from tocmap.services import history
from tocmap.services.access import authorize
from tocmap.services.ports import Storage

KINDS = ("reflection", "decision")
STATUSES = ("untested", "holding", "challenged", "disproved")


@dataclass(frozen=True)
class Log:
    """A map's learning log as one page shows it."""

    map_id: int
    revision: int
    partnership: Partnership
    state: MapState
    entries: list[LearningEntry]
    per_partner: list[ln.PartnerCount]
    active: str | None


def _source(source: dict | EvidenceSource | None) -> EvidenceSource | None:
    if source is None or isinstance(source, EvidenceSource):
        return source
    return validated(EvidenceSource, source, "source")


def _date(date: dt.date | str | None) -> dt.date:
    if date is None or date == "":
        return dt.date.today()
    if isinstance(date, dt.date):
        return date
    try:
        return dt.date.fromisoformat(str(date))
    except ValueError:
        raise InvalidInput(_("“{date}” is not a date; use the form 2026-03-31.", date=date)) from None


def _refs(state: MapState, elements: Iterable[str], indicators: Iterable[str]) -> tuple[list[str], list[str]]:
    elements, indicators = list(elements or ()), list(indicators or ())
    for ref in elements:
        if ref not in state.elements:
            raise InvalidInput(_("There is no element '{ref}' on this map to link the entry to.", ref=ref))
    for ref in indicators:
        if ref not in state.indicators:
            raise InvalidInput(_("There is no indicator '{ref}' on this map to link the entry to.", ref=ref))
    return elements, indicators


def record_entry(
    db: Storage, map_id: int, *, text: str, kind: str = "reflection", elements: Iterable[str] = (),
    indicators: Iterable[str] = (), source: dict | EvidenceSource | None = None, who: Author,
    date: dt.date | str | None = None,
) -> str:
    """Record a reflection or decision in the map's learning log; return the new entry's id.

    The entry names the author and the partner they speak for. ``source`` says where it came
    from, e.g. ``{"kind": "health_round", "id": 3, "title": "March round"}``.
    """
    if kind not in KINDS:
        raise InvalidInput(_("A learning entry is a reflection or a decision, not {kind}.", kind=repr(kind)))
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(_("Write what was learned or decided: the entry's text is empty."))
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.RECORD_LEARNING)
        state = history.state_at(store, map_id, info=info)
        element_ids, indicator_ids = _refs(state, elements, indicators)
        entry = validated(LearningEntry, {
            "id": new_id("lrn"), "kind": kind, "date": _date(date), "text": text, "elements": element_ids,
            "indicators": indicator_ids, "by": author.name, "partner": author.partner, "source": _source(source),
        }, "learning entry")
        history.append(store, info, AddLearning(entry=entry), author, None)
        return entry.id


def edit_entry(
    db: Storage, map_id: int, entry_id: str, *, who: Author, base_revision: int | None = None, **fields: Any
) -> int:
    """Change an entry's text, kind, date, elements or indicators; return the new revision."""
    allowed = {"text", "kind", "date", "elements", "indicators"}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise InvalidInput(_("A learning entry's '{unknown}' cannot be changed here.", unknown=unknown[0]))
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.RECORD_LEARNING)
        state = history.state_at(store, map_id, info=info)
        entry = _entry(state, entry_id)
        if "elements" in fields or "indicators" in fields:
            new_e = [e for e in fields.get("elements", entry.elements) if e not in entry.elements]
            new_i = [i for i in fields.get("indicators", entry.indicators) if i not in entry.indicators]
            _refs(state, new_e, new_i)  # names removed since may stay; new names must exist
        if "date" in fields:
            fields["date"] = _date(fields["date"]).isoformat()
        change = UpdateLearning(id=entry_id, set=fields)
        return history.append(store, info, change, author, base_revision).revision


def remove_entry(db: Storage, map_id: int, entry_id: str, *, who: Author) -> int:
    """Remove an entry from the log (the history keeps it, and undo puts it back)."""
    return history.apply(db, map_id, RemoveLearning(id=entry_id), who).revision


def _entry(state: MapState, entry_id: str) -> LearningEntry:
    entry = state.learning.get(entry_id)
    if entry is None:
        raise NotFound(_(NOT_FOUND["learning entry"], id=entry_id))
    return entry


def start_correction(db: Storage, map_id: int, entry_id: str, *, who: Author) -> int:
    """Start a course correction for an entry: map changes from now on are linked to it."""
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.RECORD_LEARNING)
        state = history.state_at(store, map_id, info=info)
        entry = _entry(state, entry_id)
        if entry.correction == "active":
            raise InvalidInput(_("The course correction “{headline}” is already active.", headline=entry.headline))
        change = UpdateLearning(id=entry_id, set={"correction": "active"})
        return history.append(store, info, change, author, None).revision


def finish_correction(db: Storage, map_id: int, entry_id: str, *, who: Author) -> int:
    """Finish an entry's course correction: later changes are no longer linked to it."""
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.RECORD_LEARNING)
        state = history.state_at(store, map_id, info=info)
        entry = _entry(state, entry_id)
        if entry.correction != "active":
            raise InvalidInput(_("“{headline}” has no active course correction to finish.", headline=entry.headline))
        change = UpdateLearning(id=entry_id, set={"correction": "finished"})
        return history.append(store, info, change, author, None).revision


def may_record(db: Storage, map_id: int, who: Author) -> bool:
    """Whether someone may write learning entries and evidence notes on this map."""
    with db.store() as store:
        store.map(map_id)
        try:
            authorize(store, map_id, who, Permission.RECORD_LEARNING)
        except PermissionDenied:
            return False
        return True


def learning_log(db: Storage, map_id: int, *, who: Author, partner: str | None = None) -> Log:
    """The log newest first (of one partner, when given), entries per partner and the active correction."""
    with db.store() as store:
        info = store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        partnership = store.partnership(info.partnership_id)
        state = history.state_at(store, map_id, info=info)
    if partner and partner not in partnership.partner_ids():
        raise InvalidInput(_("'{partner}' is not a partner in this partnership.", partner=partner))
    return Log(map_id, info.revision, partnership, state, ln.newest_first(state, partner or None),
               ln.per_partner(state, partnership), active_correction(state.learning))


def changes_led_to(db: Storage, map_id: int, entry_id: str, *, who: Author) -> list[ChangeRecord]:
    """The history entries made as part of an entry's course correction, oldest first."""
    return list(corrections(db, map_id, who=who).get(entry_id, []))


def corrections(db: Storage, map_id: int, *, who: Author) -> dict[str, list[ChangeRecord]]:
    """Learning entry id -> the history entries it led to, oldest first (every entry that led to any).

    The history only grows, so what was found up to a revision is kept (per database and
    map) and only the changes after it are read on the next call.
    """
    with db.store() as store:
        info = store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        with _lock:
            seen, led = _led.setdefault(db, {}).get(map_id, (0, {}))
        if seen > info.revision:  # a history rebuilt from scratch (tests, imports): start again
            seen, led = 0, {}
        if seen < info.revision:
            led = {k: list(v) for k, v in led.items()}
            for record in store.records(map_id, after=seen, upto=info.revision):
                if record.change.because:
                    led.setdefault(record.change.because, []).append(record)
            with _lock:
                _led[db][map_id] = (info.revision, led)
    return {k: list(v) for k, v in led.items()}


_led: weakref.WeakKeyDictionary[Storage, dict[int, tuple[int, dict[str, list[ChangeRecord]]]]] = (
    weakref.WeakKeyDictionary())
_lock = threading.Lock()


# --------------------------------------------------------------------------- evidence


def add_evidence(
    db: Storage, map_id: int, element_id: str, *, text: str, who: Author, status: str | None = None,
    link: str = "", date: dt.date | str | None = None, source: dict | EvidenceSource | None = None,
) -> str:
    """Add a dated note to an assumption's evidence log, optionally changing its status; return the note id."""
    if status is not None and status not in STATUSES:
        raise InvalidInput(_("An assumption is {statuses} or {last}, not {status}.", statuses=", ".join(STATUSES[:-1]),
                             last=STATUSES[-1], status=repr(status)))
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(_("Write what the evidence shows: the note is empty."))
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.RECORD_LEARNING)
        state = history.state_at(store, map_id, info=info)
        element = state.elements.get(element_id)
        if element is None:
            raise NotFound(_(NOT_FOUND["element"], id=element_id))
        if element.kind != ElementKind.ASSUMPTION:
            raise InvalidInput(_("Only an assumption has an evidence log, and “{label}” is not one.", label=element.label))
        note = validated(EvidenceNote, {
            "id": new_id("ev"), "date": _date(date), "text": text, "by": author.name, "partner": author.partner,
            "link": (link or "").strip(), "source": _source(source),
        }, "evidence note")
        history.append(store, info, AddEvidence(element=element_id, note=note, status=status), author, None)
        return note.id


def remove_evidence(db: Storage, map_id: int, element_id: str, note_id: str, *, who: Author) -> int:
    """Remove a note from an assumption's evidence log (undo puts it back)."""
    return history.apply(db, map_id, RemoveEvidence(element=element_id, id=note_id), who).revision
