"""Review points: a facilitator writes the partnership's criteria for review or exit; everyone sees which are met.

Adding and removing one is a facilitator's job and a line in the map's history; the findings
are worked out on every look from the latest revealed health check round, the contributions
and the decisions still open, so they are never stale.
"""

from __future__ import annotations

import datetime as dt

from tocmap.domain import review_points as rp
from tocmap.domain.access import Permission
from tocmap.domain.changes import Note
from tocmap.domain.clock import now_ms
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.model import Author
from tocmap.i18n import _
from tocmap.services import contributions, decisions, health, history
from tocmap.services.access import authorize
from tocmap.services.ports import Repositories, Storage


def _note(store: Repositories, map_id: int, author: Author, text: str, point_id: int, event: str) -> None:
    history.append(store, store.map(map_id), Note(text=text[:300], about={"kind": "review_point", "id": point_id,
                                                                         "event": event}), author, None)


def add(db: Storage, map_id: int, title: object, kind: object, line: object, dimension: object, who: Author
        ) -> rp.ReviewPoint:
    """Write down a criterion for review or exit (a facilitator)."""
    fields = rp.checked(title, kind, line, dimension)
    if fields["dimension"] and fields["dimension"] not in {d.key for d in health.default_dimensions()}:
        known = {d.key for r in health.rounds(db, map_id, who) for d in r.dimensions}
        if fields["dimension"] not in known:
            raise InvalidInput(_("No health check round has that dimension; choose one from the list."))
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        point = rp.ReviewPoint(map_id=map_id, created_by=author.name, **fields)
        point.id = store.add_review_point(point, now_ms())
        _note(store, map_id, author, _("Added the review point “{title}”", title=point.title), point.id, "added")
        return point


def remove(db: Storage, map_id: int, point_id: int, who: Author) -> None:
    """Take a review point away (a facilitator); the history keeps it."""
    if not isinstance(point_id, int) or isinstance(point_id, bool):
        raise NotFound(_("Map {map} has no review point {number}.", map=map_id, number=str(point_id)[:20]))
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        point = store.remove_review_point(map_id, point_id)
        _note(store, map_id, author, _("Removed the review point “{title}”", title=point.title), point_id, "removed")


def listing(db: Storage, map_id: int, who: Author) -> list[rp.ReviewPoint]:
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return store.review_points(map_id)


def findings(db: Storage, map_id: int, who: Author, now: dt.datetime | None = None) -> list[rp.Finding]:
    """The review points that are met now (or at ``now``: how long decisions stay open is measured to it)."""
    points = listing(db, map_id, who)
    if not points:
        return []
    latest = health.latest_results(db, map_id, who)
    seen = contributions.overview(db, map_id, who)
    titles = {d.key: d.title for d in latest.round.dimensions} if latest else {}
    made = decisions.decisions(db, map_id, who) if any(p.kind == "decision_overdue" for p in points) else []
    return rp.findings(points, latest.means if latest else None, latest.round.title if latest else "", titles,
                       seen.delivered, seen.names, made, now or dt.datetime.now(dt.UTC))
