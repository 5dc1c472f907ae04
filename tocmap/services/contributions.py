"""Contributions: record what each partner puts in, and see who pays beside who shapes the map.

Who may do what: members who record learning and evidence (editors, MEL leads, facilitators)
record and remove their own partner's contributions; facilitators those of any partner;
anyone who may view the map sees them all (budget transparency is the point). Recording
and removing one are lines in the map's history (``note`` changes), in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tocmap.domain import contributions as co
from tocmap.domain import decisions as dc
from tocmap.domain.access import Permission
from tocmap.domain.changes import Note
from tocmap.domain.clock import now_ms
from tocmap.domain.errors import PermissionDenied
from tocmap.domain.model import Author, ElementKind, Partnership
from tocmap.i18n import _
from tocmap.services import history
from tocmap.services.access import authorize, may
from tocmap.services.ports import Repositories, Storage


def _names(partnership: Partnership) -> dict[str, str]:
    return {p.id: p.short_name or p.name for p in partnership.partners}


def _recordable(store: Repositories, map_id: int, who: Author) -> set[str] | None:
    """The partners someone may record contributions for: None for any (a facilitator)."""
    if not may(store, map_id, who, Permission.RECORD_LEARNING):
        return set()
    if may(store, map_id, who, Permission.MANAGE):
        return None
    partner = authorize(store, map_id, who, Permission.VIEW).partner
    return {partner} if partner else set()


def _for_partner(store: Repositories, map_id: int, who: Author, partner: str | None) -> Author:
    """Refuse recording for a partner other than one's own, unless a facilitator."""
    author = authorize(store, map_id, who, Permission.RECORD_LEARNING)
    allowed = _recordable(store, map_id, who)
    if allowed is None or partner in allowed:
        return author
    if not allowed:
        raise PermissionDenied(_("Only members who speak for a partner record its contributions; "
                                 "ask a facilitator to name your partner."))
    raise PermissionDenied(_("You record your own partner's contributions only; a facilitator records others'."))


def _note(store: Repositories, info, author: Author, text: str, contribution_id: int, event: str) -> None:
    history.append(store, info, Note(text=text[:300], about={"kind": "contribution", "id": contribution_id,
                                                             "event": event}), author, None)


def _line(item: co.Contribution, names: dict[str, str]) -> str:
    return (f"{names.get(item.partner, item.partner)}'s {item.status} contribution: "
            f"{co.KINDS[item.kind].lower()}, {co.format_amount(item.amount, item.unit)}, "
            f"{item.period_start} to {item.period_end}")


def record(db: Storage, map_id: int, fields: object, who: Author) -> co.Contribution:
    """Record a planned or actual contribution (``fields`` as in :func:`tocmap.domain.contributions.checked`).

    Without a partner, it is the recorder's own. Bad input is refused with a message and
    nothing is written.
    """
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        if isinstance(fields, dict) and not fields.get("partner"):
            fields = {**fields, "partner": authorize(store, map_id, who, Permission.RECORD_LEARNING).partner}
        author = _for_partner(store, map_id, who, fields.get("partner") if isinstance(fields, dict) else None)
        partnership = store.partnership(info.partnership_id)
        names = _names(partnership)
        state = history.state_at(store, map_id, info=info)
        interventions = {e.id: e.label for e in state.elements.values() if e.kind == ElementKind.INTERVENTION}
        clean = co.checked(fields, names, interventions)
        item = co.Contribution(map_id=map_id, recorded_by=author.name, **clean)
        item.id = store.add_contribution(item, author.user_id, now_ms())
        _note(store, info, author, f"Recorded {_line(item, names)}", item.id, "recorded")
        return store.contribution(map_id, item.id)


def remove(db: Storage, map_id: int, contribution_id: int, who: Author) -> None:
    """Remove a contribution recorded in error (the history keeps what it said)."""
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        authorize(store, map_id, who, Permission.VIEW)
        item = store.contribution(map_id, contribution_id)
        author = _for_partner(store, map_id, who, item.partner)
        store.remove_contribution(map_id, contribution_id)
        _note(store, info, author, f"Removed {_line(item, _names(store.partnership(info.partnership_id)))}",
              contribution_id, "removed")


def listing(db: Storage, map_id: int, who: Author) -> list[co.Contribution]:
    """Every contribution on the map (anyone who may view it)."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return store.contributions(map_id)


@dataclass(frozen=True)
class Overview:
    """What the Partners tab, the report and the workbook show of contributions."""

    partnership: Partnership
    contributions: list[co.Contribution]
    shares: list[co.Share]
    delivered: list[dict]  #: planned against actual per partner, kind and unit
    interventions: dict[str, str]  #: id -> label, of the map's interventions
    deciding: dc.DecisionPower | None = None  #: who decides, from the map's decisions (None without any)

    @property
    def names(self) -> dict[str, str]:
        return _names(self.partnership)


def overview(db: Storage, map_id: int, who: Author, until: dt.datetime | None = None) -> Overview:
    """Contributions with their totals and shares per partner, and who decides (``until``: as things stood then).

    Who decides is read from the map's decisions: of those taken, the share carrying each
    partner's agreement (see :class:`tocmap.domain.decisions.DecisionPower`).
    """
    with db.store() as store:
        info = store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        partnership = store.partnership(info.partnership_id)
        found = [c for c in store.contributions(map_id) if until is None or c.recorded_at <= until]
        state = history.state_at(store, map_id, info=info)
        made = store.decisions(map_id)
    partners = [p.id for p in partnership.partners]
    interventions = {e.id: e.label for e in state.elements.values() if e.kind == ElementKind.INTERVENTION}
    return Overview(partnership, found, co.shares(found, partners), co.planned_against_actual(found, partners),
                    interventions, dc.decision_power(made, partners, until))


def recordable(db: Storage, map_id: int, who: Author) -> set[str] | None:
    """The partners someone may record contributions for (None: any, as a facilitator; empty: none)."""
    with db.store() as store:
        store.map(map_id)
        return _recordable(store, map_id, who)
