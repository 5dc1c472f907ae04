"""The map's own fields: defined, valued, filtered by, and used to size and colour its elements.

Every change goes through :func:`tocmap.services.history.apply`: defining or removing a field,
giving an item its values and choosing what sizes and colours the map are ordinary changes,
in the history, undone and authorized like any other edit.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from tocmap.domain.changes import Batch, UpdateElement, UpdateLink, UpdateMap
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.fields import FieldFilter, field_key, matching, parse_value
from tocmap.domain.model import Author, Element, FieldDefinition, Link, explain
from tocmap.i18n import _
from tocmap.services.history import Applied, apply
from tocmap.services.maps import get_map
from tocmap.services.ports import Storage


def _table(fields: dict[str, FieldDefinition]) -> dict[str, dict]:
    return {i: f.model_dump(mode="json") for i, f in fields.items()}


def define_field(db: Storage, map_id: int, author: Author, name: str, type: str = "text",
                 choices: list[str] | tuple = (), applies_to: str = "elements", field_id: str | None = None,
                 base_revision: int | None = None) -> Applied:
    """Add a field to the map, or change the one with ``field_id`` (its values must still fit it)."""
    state = get_map(db, map_id, base_revision, who=author)[2]
    if field_id is not None and field_id not in state.fields:
        raise NotFound(_("This map has no field '{field}'.", field=field_id))
    key = field_id or field_key(name or "", set(state.fields))
    options = [c.strip() for c in choices if c and c.strip()]
    try:
        field = FieldDefinition(id=key, name=name, type=type, choices=list(dict.fromkeys(options)),
                                applies_to=applies_to)
    except ValidationError as error:
        raise InvalidInput(_("The field: {problem}", problem=explain(error))) from None
    if field.type == "choice" and not field.choices:
        raise InvalidInput(_("A choice field needs its options: write them one per line."))
    same_name = [f for f in state.fields.values() if f.id != key and f.name.casefold() == field.name.casefold()]
    if same_name:
        raise InvalidInput(_("The map already has a field named '{field}'.", field=same_name[0].name))
    return apply(db, map_id, UpdateMap(set={"fields": {**_table(state.fields), key: field.model_dump(mode="json")}}),
                 author, base_revision)


def remove_field(db: Storage, map_id: int, field_id: str, author: Author, base_revision: int | None = None
                 ) -> Applied:
    """Take a field off the map, with every value items hold for it, in one change (undo brings all back)."""
    state = get_map(db, map_id, base_revision, who=author)[2]
    field = state.fields.get(field_id)
    if field is None:
        raise NotFound(_("This map has no field '{field}'.", field=field_id))
    ops: list = [UpdateElement(id=e.id, set={"custom": {k: v for k, v in e.custom.items() if k != field_id}})
                 for e in state.elements.values() if field_id in e.custom]
    ops += [UpdateLink(id=lk.id, set={"custom": {k: v for k, v in lk.custom.items() if k != field_id}})
            for lk in state.links.values() if field_id in lk.custom]
    display = {k: (None if v == field_id else v) for k, v in state.display.model_dump(mode="json").items()}
    fields = {i: f for i, f in _table(state.fields).items() if i != field_id}
    ops.append(UpdateMap(set={"fields": fields, "display": display}))
    return apply(db, map_id, Batch(ops=ops, reason=_("Removed the field “{field}”", field=field.name)), author,
                 base_revision)


def show_by(db: Storage, map_id: int, author: Author, size_by: str | None = None, colour_by: str | None = None,
            base_revision: int | None = None) -> Applied:
    """Size the map's elements by a number field and colour them by a choice field (None: as usual), for everyone."""
    return apply(db, map_id, UpdateMap(set={"display": {"size_by": size_by or None, "colour_by": colour_by or None}}),
                 author, base_revision)


def set_values(db: Storage, map_id: int, kind: str, item_id: str, said: dict[str, Any], author: Author,
               base_revision: int | None = None) -> Applied | None:
    """Give an element or a link its values of the map's fields, as typed (an empty one takes the value off).

    Fields not in ``said`` keep their values. Returns None when nothing changed.
    """
    state = get_map(db, map_id, base_revision, who=author)[2]
    table = state.elements if kind == "element" else state.links
    item: Element | Link | None = table.get(item_id)
    if item is None:
        raise NotFound(_("That item is no longer on the map."))
    custom = dict(item.custom)
    for key, raw in said.items():
        field = state.fields.get(key)
        if field is None:
            raise InvalidInput(_("This map has no field '{field}'.", field=key))
        value = parse_value(field, raw)
        if value is None:
            custom.pop(key, None)
        else:
            custom[key] = value
    if custom == item.custom:
        return None
    update = UpdateElement if kind == "element" else UpdateLink
    return apply(db, map_id, update(id=item_id, set={"custom": custom}), author, base_revision)


def filtered(db: Storage, map_id: int, wanted: FieldFilter, who: Author, revision: int | None = None) -> set[str]:
    """The ids of the elements and links whose value fits the filter (see :func:`tocmap.domain.fields.matching`)."""
    return matching(get_map(db, map_id, revision, who=who)[2], wanted)
