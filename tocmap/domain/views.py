"""Saved views: which elements a view brings forward, and the changes that save, rename and remove them.

A view is a lens, not content: it names kinds, owners, tags, a search text and a focused
pathway, and may place the elements it shows (a view brought from Kumu); the elements that
pass every one of them are what it shows. The editor dims the
rest (and hides the kinds not chosen); a presentation reveals what each view shows in turn.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from tocmap.domain.changes import NOT_FOUND, RemoveView, SaveView
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.graph import pathway
from tocmap.domain.model import MapState, SavedView, explain, new_id
from tocmap.i18n import _


def in_view(state: MapState, view: SavedView) -> list[str]:
    """Ids of the elements the view shows, in the map's order.

    Examples
    --------
    >>> from tocmap.domain.model import Element
    >>> els = {"a": Element(id="a", kind="outcome", label="Clinics use data", owner="moh"),
    ...        "b": Element(id="b", kind="impact", label="Better health", owner="iph")}
    >>> state = MapState(title="m", elements=els)
    >>> in_view(state, SavedView(id="v", name="All")), in_view(state, SavedView(id="v", name="O", kinds=["outcome"]))
    (['a', 'b'], ['a'])
    >>> in_view(state, SavedView(id="v", name="S", search="HEALTH", owners=["iph"]))
    ['b']
    >>> in_view(state, SavedView(id="v", name="Placed", places={"b": (0, 0), "gone": (5, 5)}))
    ['b']
    """
    focus = pathway(state, view.focus) if view.focus in state.elements else None
    wanted = view.search.strip().casefold()
    return [
        e.id for e in state.elements.values()
        if (not view.kinds or e.kind in view.kinds)
        and (not view.owners or e.owner in view.owners)
        and (not view.tags or set(view.tags) & set(e.tags))
        and (focus is None or e.id in focus)
        and (not view.places or e.id in view.places)
        and (not wanted or wanted in _searched_text(e))
    ]


def _searched_text(element) -> str:
    """What search looks in: the label in every language the map holds it in."""
    labels = [element.label] + [t["label"].text for t in element.translations.values() if "label" in t]
    return "\n".join(labels).casefold()


def unlike(name: str, names: set[str]) -> str:
    """The name, numbered when a view already has it (a map's views are told apart by name).

    Examples
    --------
    >>> unlike("Overview", {"overview", "Overview (2)"}), unlike("Board", {"Overview"})
    ('Overview (3)', 'Board')
    """
    taken, n, unique = {i.casefold() for i in names}, 1, name
    while unique.casefold() in taken:
        n += 1
        unique = f"{name[:190]} ({n})"
    return unique


def view_named(state: MapState, view_id: str) -> SavedView:
    """The saved view with this id, or :class:`NotFound`."""
    view = state.views.get(view_id)
    if view is None:
        raise NotFound(_(NOT_FOUND["view"], id=view_id))
    return view


def save_view(fields: dict[str, Any]) -> SaveView:
    """The change that saves a view from its fields (a new id unless one is given), with a readable error.

    Examples
    --------
    >>> save_view({"name": "Board", "kinds": ["impact"]}).view.kinds
    [<ElementKind.IMPACT: 'impact'>]
    >>> save_view({"name": ""})
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: view name: must have at least 1 character
    """
    try:
        view = SavedView.model_validate({**fields, "id": fields.get("id") or new_id("vw")})
    except ValidationError as error:
        raise InvalidInput(explain(error, "view")) from None
    return SaveView(view=view)


def rename_view(state: MapState, view_id: str, name: str) -> SaveView:
    """The change that gives a saved view another name (everything else stays)."""
    return save_view({**view_named(state, view_id).model_dump(mode="json"), "name": name})


def remove_view(state: MapState, view_id: str) -> RemoveView:
    """The change that takes a saved view away."""
    return RemoveView(id=view_named(state, view_id).id)
