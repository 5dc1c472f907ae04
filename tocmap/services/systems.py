"""Systems maps: a map's type, and names for its feedback loops.

Both live in the map state and change through ``update_map`` changes, so they are in the
history like every edit (undo, restore, conflicts) and authorized the same way.
"""

from __future__ import annotations

from tocmap.domain.changes import UpdateMap
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import MAP_TYPE_TITLES, Author, NamedLoop, new_id
from tocmap.i18n import _
from tocmap.services.history import Applied, apply
from tocmap.services.maps import get_map
from tocmap.services.ports import Storage


def set_map_type(db: Storage, map_id: int, map_type: str, author: Author, base_revision: int | None = None
                 ) -> Applied:
    """Make the map a theory of change or a systems map (its checks, report and exports follow)."""
    if map_type not in MAP_TYPE_TITLES:
        raise InvalidInput(_("A map is a theory of change or a systems map, not {map_type}.", map_type=repr(map_type)))
    return apply(db, map_id, UpdateMap(set={"map_type": map_type}), author, base_revision)


def name_loop(db: Storage, map_id: int, links: list[str], name: str, author: Author, description: str = "",
              base_revision: int | None = None) -> Applied:
    """Name the loop made of these links (or rename it, keeping its id), with an optional description."""
    state = get_map(db, map_id, base_revision, who=author)[2]
    missing = [i for i in links if i not in state.links]
    if not links or missing:
        raise InvalidInput(_("That loop is no longer on the map: one of its links was removed. Refresh and try again."))
    key = frozenset(links)
    existing = next((loop for loop in state.loops.values() if loop.key == key), None)
    loop_id = existing.id if existing else new_id("loop")
    try:
        loop = NamedLoop(id=loop_id, name=name, description=description, links=links)
    except ValueError as error:
        raise InvalidInput(_("The loop's name: {problem}", problem=str(error).splitlines()[-1].strip())) from None
    loops = {i: lp.model_dump(mode="json") for i, lp in state.loops.items()}
    loops[loop_id] = loop.model_dump(mode="json")
    return apply(db, map_id, UpdateMap(set={"loops": loops}), author, base_revision)


def unname_loop(db: Storage, map_id: int, loop_id: str, author: Author, base_revision: int | None = None) -> Applied:
    """Take a name off a loop (the loop itself stays on the map)."""
    state = get_map(db, map_id, base_revision, who=author)[2]
    if loop_id not in state.loops:
        raise InvalidInput(_("That loop has no name to take off (someone may have just removed it)."))
    loops = {i: lp.model_dump(mode="json") for i, lp in state.loops.items() if i != loop_id}
    return apply(db, map_id, UpdateMap(set={"loops": loops}), author, base_revision)
