"""Saved views of a map: listed for whoever may read it, saved, renamed and removed by whoever may edit it.

Views live in the map state and change through ``save_view``/``remove_view`` changes, so they
are in the history like every edit (undo, restore, conflicts, live updates, the JSON export)
and authorized the same way: :func:`tocmap.services.history.apply` checks the permission.
"""

from __future__ import annotations

from typing import Any

from tocmap.domain import views as lens
from tocmap.domain.model import Author, SavedView
from tocmap.services.history import Applied, apply
from tocmap.services.maps import get_map
from tocmap.services.ports import Storage


def saved_views(db: Storage, map_id: int, who: Author) -> list[SavedView]:
    """The map's saved views, in the order they were saved."""
    return list(get_map(db, map_id, who=who)[2].views.values())


def view_steps(db: Storage, map_id: int, who: Author, view_ids: list[str] | None = None) -> list[dict]:
    """What a presentation steps through: each view's name, the elements it shows, its zoom, centre and places.

    ``view_ids`` chooses the views and their order (all of them, as saved, when None).
    """
    state = get_map(db, map_id, who=who)[2]
    chosen = [lens.view_named(state, i) for i in view_ids] if view_ids is not None else list(state.views.values())
    return [{"id": v.id, "name": v.name, "shown": lens.in_view(state, v), "zoom": v.zoom,
             "centre": list(v.centre) if v.centre else None,
             "places": {i: list(at) for i, at in v.places.items() if i in state.elements} or None} for v in chosen]


def save_view(db: Storage, map_id: int, fields: dict[str, Any], who: Author, base_revision: int | None = None
              ) -> Applied:
    """Save a view from its fields (name, kinds, owners, tags, search, focus, agreement, status, zoom, centre).

    With the ``id`` of a saved view it replaces that view; otherwise a new view is made.
    """
    return apply(db, map_id, lens.save_view(fields), who, base_revision)


def rename_view(db: Storage, map_id: int, view_id: str, name: str, who: Author, base_revision: int | None = None
                ) -> Applied:
    """Give a saved view another name; what it shows stays."""
    state = get_map(db, map_id, base_revision, who=who)[2]
    return apply(db, map_id, lens.rename_view(state, view_id, name), who, base_revision)


def remove_view(db: Storage, map_id: int, view_id: str, who: Author, base_revision: int | None = None) -> Applied:
    """Take a saved view away (undo brings it back)."""
    state = get_map(db, map_id, base_revision, who=who)[2]
    return apply(db, map_id, lens.remove_view(state, view_id), who, base_revision)
