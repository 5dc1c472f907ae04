"""Actions: make them (on their own or from a gap, card, entry, comment or element), take them, finish them.

Who may do what: members who record learning (editors, MEL leads, facilitators) make
actions; the owner (or a facilitator) changes an action's status; anyone on the map reads
its actions. Making an action and changing its status are lines in the map's history
(a ``note`` change, in the same transaction), so the map's record says who committed to
what and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tocmap.domain import actions as ac
from tocmap.domain import health as hc
from tocmap.domain.access import Permission
from tocmap.domain.changes import Note
from tocmap.domain.clock import now_ms
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.model import LABEL_MAX, Author
from tocmap.i18n import N_, _
from tocmap.services import history
from tocmap.services.access import authorize, may, visible_maps
from tocmap.services.files import Exported
from tocmap.services.ports import Repositories, Storage


def today() -> dt.date:
    """The day the rules of due dates are checked against."""
    return dt.date.today()


def _note(store: Repositories, map_id: int, author: Author, text: str, about: dict) -> None:
    """A line in the map's history (inside the caller's transaction)."""
    history.append(store, store.map(map_id), Note(text=text[:300], about=about), author, None)


def may_make(db: Storage, map_id: int, who: Author) -> bool:
    """Whether someone may make actions and decisions on this map (not a viewer)."""
    with db.store() as store:
        store.map(map_id)
        return may(store, map_id, who, Permission.RECORD_LEARNING)


@dataclass(frozen=True)
class Place:
    """What the page needs to know of someone on a map: who, for which partner, and what they may do."""

    user_id: int | None
    partner: str | None
    manages: bool
    agrees: bool


def place_of(db: Storage, map_id: int, who: Author) -> Place:
    """Someone's place on a map (to show them only the buttons they may use; the services check again)."""
    with db.store() as store:
        store.map(map_id)
        author = authorize(store, map_id, who, Permission.VIEW)
        return Place(author.user_id, author.partner, may(store, map_id, who, Permission.MANAGE),
                     may(store, map_id, who, Permission.AGREE))


# --------------------------------------------------------------------------- sources


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:119] + "…"


def _source_label(store: Repositories, map_id: int, kind: str, ref: str) -> str:
    """What an action is made from, in words; NotFound or InvalidInput when it is not there."""
    if kind == "health_gap":
        round_id, _colon, key = ref.partition(":")
        round_ = store.health_round(map_id, _number(round_id, N_("There is no such health check round on this map.")))
        if not round_.revealed:
            raise InvalidInput(_("The round “{title}” is not revealed yet; act on its gaps after the reveal.", title=round_.title))
        dimension = round_.dimension(key)
        if dimension is None:
            raise InvalidInput(_("The round “{title}” has no dimension {key}.", title=round_.title, key=repr(key[:50])))
        gap = next((g for g in hc.gaps(round_.dimensions, hc.partner_means(round_.dimensions,
                                                                            store.health_answers(round_.id)))
                    if g.key == key), None)
        size = f" ({gap.gap:.1f})" if gap and gap.means else ""
        return _short(f"Health check “{round_.title}”: gap on {dimension.title}{size}")
    if kind == "swot_card":
        exercise_id, _colon, card_id = ref.partition(":")
        exercise = store.swot_exercise(map_id, _number(exercise_id, N_("There is no such SWOT exercise on this map.")))
        if not exercise.revealed:
            raise InvalidInput(_("The SWOT exercise “{title}” is not revealed yet.", title=exercise.title))
        card = store.swot_card(exercise.id, _number(card_id, N_("There is no such SWOT card on this map.")))
        return _short(f"SWOT {card.quadrant}: {card.text}")
    if kind == "learning":
        entry = history.state_at(store, map_id).learning.get(ref)
        if entry is None:
            raise NotFound(_("That learning entry is not in the log (was it removed?)."))
        return _short(f"Learning: {entry.headline}")
    if kind == "comment":
        root = store.thread_root(map_id, _number(ref, N_("There is no such comment thread on this map.")))
        return _short(f"Comment by {root.author_name}: {root.text}")
    if kind == "element":
        element = history.state_at(store, map_id).elements.get(ref)
        if element is None:
            raise NotFound(_("That element is not on the map (was it removed?)."))
        return _short(f"{element.kind.title}: {element.label}")
    raise InvalidInput(_("An action is made from a health-check gap, a SWOT card, a learning entry, a comment or "
                         "an element, or on its own."))


def _number(text: str, what: str) -> int:
    """``text`` as a whole number, else ``what`` (a marked sentence: "There is no such ... on this map.")."""
    if not text.isdigit() or len(text) > 12:
        raise NotFound(_(what))
    return int(text)


def parse_source(value: object) -> tuple[str, str] | None:
    """``"kind|ref"`` as the form sends it, or None for an action on its own.

    Examples
    --------
    >>> parse_source("health_gap|3:trust"), parse_source("")
    (('health_gap', '3:trust'), None)
    """
    if value in (None, ""):
        return None
    kind, _bar, ref = str(value).partition("|")
    if kind not in ac.SOURCE_TITLES or not ref:
        raise InvalidInput(_("An action is made from a health-check gap, a SWOT card, a learning entry, a comment or "
                             "an element, or on its own."))
    return kind, ref[:120]


def sources(db: Storage, map_id: int, who: Author) -> list[dict]:
    """What an action can be made from on this map, as ``{"value": "kind|ref", "label", "kind"}``."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        state = history.state_at(store, map_id)
        found = []
        for round_ in reversed(store.health_rounds(map_id)):
            if round_.revealed:
                means = hc.partner_means(round_.dimensions, store.health_answers(round_.id))
                found += [{"value": f"health_gap|{round_.id}:{g.key}", "kind": "health_gap",
                           "label": _short(f"Health check “{round_.title}”: gap on {g.title} ({g.gap:.1f})")}
                          for g in hc.gaps(round_.dimensions, means) if g.means]
        for exercise in reversed(store.swot_exercises(map_id)):
            if exercise.revealed:
                found += [{"value": f"swot_card|{exercise.id}:{c.id}", "kind": "swot_card",
                           "label": _short(f"SWOT {c.quadrant}: {c.text}")} for c in store.swot_cards(exercise.id)]
        found += [{"value": f"learning|{e.id}", "kind": "learning", "label": _short(f"Learning: {e.headline}")}
                  for e in reversed(state.learning.values())]
        found += [{"value": f"comment|{t.id}", "kind": "comment",
                   "label": _short(f"Comment by {t.started.author}: {t.started.text}")}
                  for t in store.threads(map_id) if t.is_open]
        found += [{"value": f"element|{e.id}", "kind": "element", "label": _short(f"{e.kind.title}: {e.label}")}
                  for e in sorted(state.elements.values(), key=lambda e: (e.kind.value, e.label.casefold()))]
        return found


# --------------------------------------------------------------------------- making and changing


def make_action(db: Storage, map_id: int, *, title: object, owner_id: object, due: object, who: Author,
                partner: object = None, items: Iterable[object] | None = (), notes: object = "",
                source: tuple[str, str] | None = None, on: dt.date | None = None) -> ac.Action:
    """Make an action with an owner (a member of the map, for a partner), a due date (today or later), the
    items it serves and what it was made from; recorded in the map's history.

    An action made from an element serves that element unless other items are named.
    """
    title, notes = ac.checked_title(title), ac.checked_notes(notes)
    due = ac.checked_due(due, on or today())
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.RECORD_LEARNING)
        members = {m.user_id: m.partner for m in store.members(map_id)}
        owner, owner_partner = ac.checked_owner(members, owner_id, partner, store.partner_ids(info.partnership_id))
        state = history.state_at(store, map_id, info=info)
        chosen = ac.checked_items(state, items)
        made_from = None
        if source is not None:
            kind, ref = source
            made_from = ac.Source(kind=kind, ref=ref, label=_source_label(store, map_id, kind, ref)[:LABEL_MAX])
            if kind == "element" and not chosen:
                chosen = [ref]
        fields = {"title": title, "notes": notes, "owner_id": owner, "partner": owner_partner, "due": due,
                  "status": "open", "items": chosen, "source": made_from}
        action_id = store.add_action(map_id, fields, now_ms(), author.name)
        made = store.action(map_id, action_id)
        whence = f", from {made_from.label}" if made_from else ""
        _note(store, map_id, author, f"Action “{title}” for {made.owner_name}, due {due:%d %b %Y}{whence}",
              {"kind": "action", "id": action_id, "event": "made"})
        return made


def set_status(db: Storage, map_id: int, action_id: object, status: object, who: Author) -> ac.Action:
    """Take, finish, drop or reopen an action: its owner may, and so may a facilitator."""
    status = ac.checked_status(status)
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.VIEW)
        action = store.action(map_id, _number(str(action_id), N_("There is no such action on this map.")))
        if author.user_id != action.owner_id and not may(store, map_id, who, Permission.MANAGE):
            raise PermissionDenied(_("Only {owner}, who owns this action, or a facilitator changes its status.",
                                     owner=action.owner_name))
        if status == action.status:
            return action
        store.update_action(action.id, {"status": status}, now_ms())
        _note(store, map_id, author, f"Action “{action.title}”: {ac.STATUS_TITLES.source(status).lower()}",
              {"kind": "action", "id": action.id, "event": status})
        return store.action(map_id, action.id)


# --------------------------------------------------------------------------- reading


def actions(db: Storage, map_id: int, who: Author) -> list[ac.Action]:
    """A map's actions, overdue first (see :func:`tocmap.domain.actions.sorted_for_review`)."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return ac.sorted_for_review(store.actions(map_id), today())


@dataclass(frozen=True)
class Mine:
    """One of someone's actions, with the title of its map and the name of the partner it is for."""

    map_title: str
    partner_name: str
    action: ac.Action


def my_actions(db: Storage, who: Author) -> list[Mine]:
    """The actions someone owns on every map they can see, overdue first."""
    with db.store() as store:
        visible = visible_maps(store, who)
        if who.user_id is None:
            return []
        maps = {m.id: m for m in store.maps(include_archived=True)}
        mine = [a for a in store.actions_of(who.user_id) if visible is None or a.map_id in visible]
        names = {}
        for partnership_id in {maps[a.map_id].partnership_id for a in mine}:
            names.update({(partnership_id, p.id): p.short_name or p.name
                          for p in store.partnership(partnership_id).partners})
    return [Mine(maps[a.map_id].title, names.get((maps[a.map_id].partnership_id, a.partner), a.partner or ""), a)
            for a in ac.sorted_for_review(mine, today())]


def owners(db: Storage, map_id: int, who: Author) -> list[dict]:
    """Who may own an action on this map: its members, with the partner they speak for."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return [{"user_id": m.user_id, "name": m.name, "partner": m.partner} for m in store.members(map_id)]


# --------------------------------------------------------------------------- export

#: Formats the action list exports to: file name ending and media type.
EXPORT_FORMATS = {"csv": (".csv", "text/csv; charset=utf-8"),
                  "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


def export_actions(db: Storage, map_id: int, fmt: str, *, who: Author) -> Exported:
    """A map's actions as CSV or an XLSX workbook (anyone who may view the map)."""
    # imported here: the spreadsheet writer (openpyxl) loads only when someone downloads
    from tocmap.adapters import actions_export
    from tocmap.adapters.exchange import slug

    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(_("Actions export as {formats}, not {format}.", formats=", ".join(EXPORT_FORMATS),
                             format=repr(str(fmt)[:20])))
    found = actions(db, map_id, who)
    with db.store() as store:
        info = store.map(map_id)
        partnership = store.partnership(info.partnership_id)
        state = history.state_at(store, map_id, info=info)
    rows = actions_export.rows(found, partnership, state, today())
    data = actions_export.to_csv(rows) if fmt == "csv" else actions_export.to_xlsx(rows, info.title)
    extension, media_type = EXPORT_FORMATS[fmt]
    return Exported(data, f"{slug(info.title, 40)}-actions{extension}", media_type)
