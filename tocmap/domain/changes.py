"""Typed change operations and the pure function that applies them to a map.

Every edit of a map is one operation (``op``). :func:`apply_change` checks it against
the current state and returns the new state together with the *recorded* operation:
the same edit with its ``before`` values filled in, so the history can show a diff and
undo it (:func:`inverse`). :func:`find_conflicts` decides whether an edit made from an
older revision clashes with what others did since; :func:`diff_states` turns one state
into another as a batch of operations (how a revision is restored).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import Field, TypeAdapter, ValidationError

from tocmap.domain.errors import Conflict, InvalidInput, NotFound
from tocmap.domain.model import (
    Author,
    Coordinate,
    Element,
    ElementKind,
    Indicator,
    ItemId,
    Link,
    MapState,
    Observation,
    Strict,
    explain,
    link_kind_problem,
)

#: Fields whose change does not alter what the partners agreed to.
NEUTRAL_FIELDS = frozenset({"x", "y", "agreed_by", "disputed_by"})


class Removed(Strict):
    """Everything a removal took away, kept so that it can be undone."""

    elements: list[Element] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    detached: dict[str, list[str]] = Field(default_factory=dict, description="assumption id -> attached_to before")
    actor_of: list[str] = Field(default_factory=list, description="outcomes whose actor was cleared")


class _Op(Strict):
    pass


class AddElement(_Op):
    op: Literal["add_element"] = "add_element"
    element: Element


class AddLink(_Op):
    op: Literal["add_link"] = "add_link"
    link: Link
    label: str | None = None


class AddIndicator(_Op):
    op: Literal["add_indicator"] = "add_indicator"
    indicator: Indicator


class _Update(_Op):
    id: ItemId
    set: dict[str, Any] = Field(min_length=1)
    before: dict[str, Any] | None = None
    label: str | None = None


class UpdateElement(_Update):
    op: Literal["update_element"] = "update_element"


class UpdateLink(_Update):
    op: Literal["update_link"] = "update_link"


class UpdateIndicator(_Update):
    op: Literal["update_indicator"] = "update_indicator"


class _Remove(_Op):
    id: ItemId
    removed: Removed | None = None
    label: str | None = None


class RemoveElement(_Remove):
    op: Literal["remove_element"] = "remove_element"


class RemoveLink(_Remove):
    op: Literal["remove_link"] = "remove_link"


class RemoveIndicator(_Remove):
    op: Literal["remove_indicator"] = "remove_indicator"


Position = tuple[Coordinate, Coordinate] | None


class MoveElements(_Op):
    op: Literal["move_elements"] = "move_elements"
    positions: dict[ItemId, Position] = Field(min_length=1, max_length=100_000)
    before: dict[ItemId, Position] | None = None


class AddObservation(_Op):
    op: Literal["add_observation"] = "add_observation"
    indicator: ItemId
    observation: Observation


class RemoveObservation(_Op):
    op: Literal["remove_observation"] = "remove_observation"
    indicator: ItemId
    id: ItemId
    removed: Observation | None = None


class UpdateMap(_Op):
    op: Literal["update_map"] = "update_map"
    set: dict[str, Any] = Field(min_length=1)
    before: dict[str, Any] | None = None


class Batch(_Op):
    op: Literal["batch"] = "batch"
    ops: list[Change] = Field(max_length=200_000)
    reason: str = ""


Change = Annotated[
    Union[
        AddElement, UpdateElement, RemoveElement, MoveElements,
        AddLink, UpdateLink, RemoveLink,
        AddIndicator, UpdateIndicator, RemoveIndicator,
        AddObservation, RemoveObservation, UpdateMap, Batch,
    ],
    Field(discriminator="op"),
]
Batch.model_rebuild()
CHANGE = TypeAdapter(Change)


def parse_change(data: Any) -> Change:
    """Validate a change from JSON text or a dict, with a readable error.

    Examples
    --------
    >>> parse_change({"op": "update_map", "set": {"title": "Ours"}}).op
    'update_map'
    """
    try:
        return CHANGE.validate_json(data) if isinstance(data, str | bytes) else CHANGE.validate_python(data)
    except ValidationError as error:
        raise InvalidInput(explain(error, "change")) from None


class ChangeRecord(Strict):
    """One entry of a map's history."""

    revision: int
    at: dt.datetime
    author: Author
    change: Change

    @property
    def summary(self) -> str:
        """One line saying what changed."""
        return summarize(self.change)


# --------------------------------------------------------------------------- applying

_TABLES = {"element": "elements", "link": "links", "indicator": "indicators"}
_MODELS: dict[str, type] = {"element": Element, "link": Link, "indicator": Indicator}


class _Draft:
    """A working copy of a state: new dicts, shared (never mutated) items."""

    def __init__(self, state: MapState):
        self.title, self.description = state.title, state.description
        self.elements = dict(state.elements)
        self.links = dict(state.links)
        self.indicators = dict(state.indicators)

    def table(self, kind: str) -> dict:
        return getattr(self, _TABLES[kind])

    def state(self) -> MapState:
        return MapState.model_construct(
            title=self.title, description=self.description,
            elements=self.elements, links=self.links, indicators=self.indicators,
        )

    def get(self, kind: str, item_id: str):
        item = self.table(kind).get(item_id)
        if item is None:
            raise NotFound(f"There is no {kind} '{item_id}' on this map (it may have been removed).")
        return item

    def label(self, item_id: str) -> str:
        if item_id in self.links:
            link = self.links[item_id]
            return f"{self.label(link.source)} → {self.label(link.target)}"
        item = self.elements.get(item_id) or self.indicators.get(item_id)
        return getattr(item, "label", None) or getattr(item, "name", item_id)

    def id_free(self, item_id: str) -> None:
        if item_id in self.elements or item_id in self.links or item_id in self.indicators:
            raise InvalidInput(f"The id '{item_id}' is already used on this map.")


def apply_change(state: MapState, change: Change) -> tuple[MapState, Change]:
    """Apply a change; return the new state and the change as recorded (with ``before``).

    The input state is not modified. Invalid changes raise :class:`InvalidInput` or
    :class:`NotFound` and leave nothing half-done.

    Examples
    --------
    >>> state = MapState(title="Our map")
    >>> add = AddElement(element=Element(id="o1", kind="outcome", label="Staff use data"))
    >>> state, _ = apply_change(state, add)
    >>> state, recorded = apply_change(state, UpdateElement(id="o1", set={"label": "Staff use evidence"}))
    >>> recorded.before, state.elements["o1"].label
    ({'label': 'Staff use data'}, 'Staff use evidence')
    """
    draft = _Draft(state)
    recorded = _apply(draft, change)
    return draft.state(), recorded


def _apply(draft: _Draft, change: Change) -> Change:
    handler = _HANDLERS[change.op]
    return handler(draft, change)


def _add_element(draft: _Draft, change: AddElement) -> Change:
    element = change.element
    draft.id_free(element.id)
    _check_element_refs(draft, element)
    draft.elements[element.id] = element
    return change


def _add_link(draft: _Draft, change: AddLink) -> Change:
    link = change.link
    draft.id_free(link.id)
    _check_link(draft, link)
    draft.links[link.id] = link
    return AddLink(link=link, label=draft.label(link.id))


def _add_indicator(draft: _Draft, change: AddIndicator) -> Change:
    indicator = change.indicator
    draft.id_free(indicator.id)
    draft.get("element", indicator.element)
    draft.indicators[indicator.id] = indicator
    return change


def _update(kind: str):
    """Handler for update_element, update_link and update_indicator."""

    def handler(draft: _Draft, change: _Update) -> Change:
        old = draft.get(kind, change.id)
        fields = dict(change.set)
        unknown = sorted(set(fields) - set(_MODELS[kind].model_fields) | ({"id"} & set(fields)))
        if unknown:
            raise InvalidInput(f"A {kind} has no field '{unknown[0]}' that can be changed.")
        if old.agreed_by and not NEUTRAL_FIELDS.issuperset(fields) and "agreed_by" not in fields:
            fields["agreed_by"] = []  # a changed item must be agreed again
        try:
            new = _MODELS[kind].model_validate({**old.model_dump(), **fields})
        except ValidationError as error:
            raise InvalidInput(explain(error, kind)) from None
        old_json, new_json = old.model_dump(mode="json"), new.model_dump(mode="json")
        changed = [f for f in fields if old_json[f] != new_json[f]] or list(fields)
        if kind == "element":
            _check_element_refs(draft, new, old)
        elif kind == "link":
            _check_link(draft, new, replacing=old.id)
        else:
            draft.get("element", new.element)
        draft.table(kind)[change.id] = new
        return type(change)(
            id=change.id,
            set={f: new_json[f] for f in changed},
            before={f: old_json[f] for f in changed},
            label=draft.label(change.id) if kind != "link" else _link_label(draft, old),
        )

    return handler


def _link_label(draft: _Draft, link: Link) -> str:
    return f"{draft.label(link.source)} → {draft.label(link.target)}"


def _check_element_refs(draft: _Draft, element: Element, old: Element | None = None) -> None:
    if element.actor is not None:
        actor = draft.elements.get(element.actor)
        if actor is None or actor.kind != ElementKind.ACTOR:
            raise InvalidInput(f"'{element.actor}' is not an actor on this map.")
    for ref in element.attached_to:
        if ref == element.id or (ref not in draft.elements and ref not in draft.links):
            raise InvalidInput(f"An assumption can only be attached to another element or a link, not '{ref}'.")
    if old is None or old.kind == element.kind:
        return
    for link in draft.links.values():
        if element.id in (link.source, link.target):
            source = element if link.source == element.id else draft.elements[link.source]
            target = element if link.target == element.id else draft.elements[link.target]
            problem = link_kind_problem(link, source, target)
            if problem:
                raise InvalidInput(f"Cannot make “{element.label}” {element.kind.with_article}: {problem}.")
    if old.kind == ElementKind.ACTOR:
        named = [e.label for e in draft.elements.values() if e.actor == element.id]
        if named:
            raise InvalidInput(f"“{element.label}” is the actor of “{named[0]}”; change that outcome first.")


def _check_link(draft: _Draft, link: Link, replacing: str | None = None) -> None:
    source, target = draft.get("element", link.source), draft.get("element", link.target)
    problem = link_kind_problem(link, source, target)
    if problem:
        raise InvalidInput(f"Cannot link “{source.label}” to “{target.label}”: {problem}.")
    for other in draft.links.values():
        if other.id != replacing and (other.source, other.target, other.kind) == (link.source, link.target, link.kind):
            raise InvalidInput(f"“{source.label}” is already linked to “{target.label}” that way.")


def _remove(kind: str):
    """Handler for remove_element, remove_link and remove_indicator (with their cascade)."""

    def handler(draft: _Draft, change: _Remove) -> Change:
        draft.get(kind, change.id)
        label = draft.label(change.id)
        removed = Removed()
        if kind == "element":
            _cut_element(draft, change.id, removed)
        elif kind == "link":
            _cut_link(draft, change.id, removed)
        else:
            removed.indicators.append(draft.indicators.pop(change.id))
        return type(change)(id=change.id, removed=removed, label=label)

    return handler


def _detach(draft: _Draft, item_id: str, removed: Removed) -> None:
    for element in list(draft.elements.values()):
        if item_id in element.attached_to:
            removed.detached.setdefault(element.id, list(element.attached_to))
            rest = [ref for ref in element.attached_to if ref != item_id]
            draft.elements[element.id] = element.model_copy(update={"attached_to": rest})


def _cut_link(draft: _Draft, link_id: str, removed: Removed) -> None:
    _detach(draft, link_id, removed)
    removed.links.append(draft.links.pop(link_id))


def _cut_element(draft: _Draft, element_id: str, removed: Removed) -> None:
    for link in [lk for lk in draft.links.values() if element_id in (lk.source, lk.target)]:
        _cut_link(draft, link.id, removed)
    for indicator in [i for i in draft.indicators.values() if i.element == element_id]:
        removed.indicators.append(draft.indicators.pop(indicator.id))
    _detach(draft, element_id, removed)
    for element in list(draft.elements.values()):
        if element.actor == element_id:
            removed.actor_of.append(element.id)
            draft.elements[element.id] = element.model_copy(update={"actor": None})
    removed.elements.append(draft.elements.pop(element_id))


def _move(draft: _Draft, change: MoveElements) -> Change:
    before = {}
    for element_id, position in change.positions.items():
        element = draft.get("element", element_id)
        before[element_id] = None if element.x is None else (element.x, element.y)
        x, y = position if position is not None else (None, None)
        draft.elements[element_id] = element.model_copy(update={"x": x, "y": y})
    return MoveElements(positions=change.positions, before=before)


def _add_observation(draft: _Draft, change: AddObservation) -> Change:
    indicator = draft.get("indicator", change.indicator)
    if any(o.id == change.observation.id for o in indicator.observations):
        raise InvalidInput(f"The indicator already has an observation '{change.observation.id}'.")
    draft.indicators[indicator.id] = _revalidate(indicator, [*indicator.observations, change.observation])
    return change


def _remove_observation(draft: _Draft, change: RemoveObservation) -> Change:
    indicator = draft.get("indicator", change.indicator)
    match = [o for o in indicator.observations if o.id == change.id]
    if not match:
        raise NotFound(f"The indicator has no observation '{change.id}'.")
    draft.indicators[indicator.id] = indicator.model_copy(
        update={"observations": [o for o in indicator.observations if o.id != change.id]}
    )
    return RemoveObservation(indicator=change.indicator, id=change.id, removed=match[0])


def _revalidate(indicator: Indicator, observations: list[Observation]) -> Indicator:
    try:
        return Indicator.model_validate({**indicator.model_dump(), "observations": observations})
    except ValidationError as error:
        raise InvalidInput(explain(error, "observation")) from None


def _update_map(draft: _Draft, change: UpdateMap) -> Change:
    unknown = set(change.set) - {"title", "description"}
    if unknown:
        raise InvalidInput(f"A map has no field '{sorted(unknown)[0]}' that can be changed.")
    before = {"title": draft.title, "description": draft.description}
    try:
        checked = MapState.model_validate({**before, **change.set})
    except ValidationError as error:
        raise InvalidInput(explain(error, "map")) from None
    draft.title, draft.description = checked.title, checked.description
    fields = list(change.set)
    after = checked.model_dump(include=set(fields))
    return UpdateMap(set=after, before={f: before[f] for f in fields})


def _batch(draft: _Draft, change: Batch) -> Change:
    return Batch(ops=[_apply(draft, op) for op in change.ops], reason=change.reason)


_HANDLERS = {
    "add_element": _add_element,
    "add_link": _add_link,
    "add_indicator": _add_indicator,
    "update_element": _update("element"),
    "update_link": _update("link"),
    "update_indicator": _update("indicator"),
    "remove_element": _remove("element"),
    "remove_link": _remove("link"),
    "remove_indicator": _remove("indicator"),
    "move_elements": _move,
    "add_observation": _add_observation,
    "remove_observation": _remove_observation,
    "update_map": _update_map,
    "batch": _batch,
}


# --------------------------------------------------------------------------- undo


def inverse(recorded: Change) -> Change:
    """The change that undoes a recorded change.

    Examples
    --------
    >>> inverse(UpdateMap(set={"title": "New"}, before={"title": "Old"})).set
    {'title': 'Old'}
    """
    match recorded:
        case AddElement(element=e):
            return RemoveElement(id=e.id)
        case AddLink(link=link):
            return RemoveLink(id=link.id)
        case AddIndicator(indicator=i):
            return RemoveIndicator(id=i.id)
        case UpdateElement() | UpdateLink() | UpdateIndicator() | UpdateMap():
            return recorded.model_copy(update={"set": recorded.before, "before": recorded.set})
        case RemoveElement() | RemoveLink() | RemoveIndicator():
            return _reinstate(recorded.removed)
        case MoveElements():
            return MoveElements(positions=recorded.before, before=recorded.positions)
        case AddObservation(indicator=i, observation=o):
            return RemoveObservation(indicator=i, id=o.id)
        case RemoveObservation(indicator=i, removed=o):
            return AddObservation(indicator=i, observation=o)
        case Batch(ops=ops):
            return Batch(ops=[inverse(op) for op in reversed(ops)], reason=f"Undo: {recorded.reason}".strip())
    raise InvalidInput(f"Cannot undo a change of type '{recorded.op}'.")


def _reinstate(removed: Removed | None) -> Batch:
    if removed is None:
        raise InvalidInput("This change was not recorded with what it removed, so it cannot be undone.")
    ops: list[Change] = [AddElement(element=e) for e in removed.elements]
    ops += [AddLink(link=link) for link in removed.links]
    ops += [AddIndicator(indicator=i) for i in removed.indicators]
    ops += [UpdateElement(id=a, set={"attached_to": refs}) for a, refs in removed.detached.items()]
    ops += [UpdateElement(id=o, set={"actor": removed.elements[0].id}) for o in removed.actor_of]
    return Batch(ops=ops, reason="Put back what was removed")


# --------------------------------------------------------------------------- conflicts

_KIND_OF_OP = {
    "update_element": "element", "update_link": "link", "update_indicator": "indicator",
    "remove_element": "element", "remove_link": "link", "remove_indicator": "indicator",
}


def touched(change: Change) -> set[tuple[str, str]]:
    """``(item id, field)`` pairs a recorded change wrote; field ``*`` means removed.

    Examples
    --------
    >>> sorted(touched(UpdateElement(id="o1", set={"label": "x"}, before={"label": "y"})))
    [('o1', 'label')]
    """
    match change:
        case UpdateElement() | UpdateLink() | UpdateIndicator():
            return {(change.id, f) for f in change.set}
        case UpdateMap():
            return {("map", f) for f in change.set}
        case RemoveElement() | RemoveLink() | RemoveIndicator():
            removed = change.removed or Removed()
            gone = {(i.id, "*") for i in [*removed.elements, *removed.links, *removed.indicators]}
            gone |= {(a, "attached_to") for a in removed.detached} | {(o, "actor") for o in removed.actor_of}
            return gone | {(change.id, "*")}
        case MoveElements():
            return {(i, "position") for i in change.positions}
        case AddObservation() | RemoveObservation():
            return {(change.indicator, "observations")}
        case Batch():
            return set().union(*(touched(op) for op in change.ops)) if change.ops else set()
    return set()


def find_conflicts(change: Change, since: list[ChangeRecord], state: MapState) -> list[dict]:
    """Fields this change would overwrite that others changed after the author's base revision.

    Setting a field to the value it already has is no conflict; positions are
    last-writer-wins (moving is not an edit of meaning). Each conflict names the item,
    the field, its current value and who set it.
    """
    wanted = _wanted(change)
    if not wanted:
        return []
    conflicts, seen = [], set()
    for record in reversed(since):  # newest first: the current value's author
        for item_id, field in touched(record.change) & _expand(wanted, record.change):
            if (item_id, field) in seen:
                continue
            seen.add((item_id, field))
            conflicts.append(_conflict(item_id, field, wanted, record, state))
    return [c for c in conflicts if c is not None]


def _wanted(change: Change) -> dict[tuple[str, str], Any]:
    """The ``(item, field) -> new value`` a change means to write (``*`` for removals)."""
    match change:
        case UpdateElement() | UpdateLink() | UpdateIndicator():
            return {(change.id, f): v for f, v in change.set.items()}
        case UpdateMap():
            return {("map", f): v for f, v in change.set.items()}
        case RemoveElement() | RemoveLink() | RemoveIndicator():
            return {(change.id, "*"): None}
        case Batch():
            wanted: dict = {}
            for op in change.ops:
                wanted.update(_wanted(op))
            return wanted
    return {}


def _expand(wanted: dict, other: Change) -> set[tuple[str, str]]:
    """Pairs of ``other`` that clash with ``wanted``: same field, or anything of a removed item."""
    pairs = set(wanted)
    removed_items = {item for item, field in wanted if field == "*"}
    pairs |= {(item, field) for item, field in touched(other) if item in removed_items and field != "position"}
    pairs |= {(item, "*") for item, _ in wanted}
    return pairs


def _conflict(item_id: str, field: str, wanted: dict, record: ChangeRecord, state: MapState) -> dict | None:
    who = record.author
    base = {"item": item_id, "field": field, "revision": record.revision, "user": who.name, "partner": who.partner}
    if field == "*":
        return {**base, "current": None, "message": f"{who.name} removed it in revision {record.revision}"}
    current = _current(state, item_id, field)
    if (item_id, field) in wanted and wanted[(item_id, field)] == current:
        return None
    return {**base, "current": current, "message": f"{who.name} set {field} to {current!r} in revision {record.revision}"}


def _current(state: MapState, item_id: str, field: str) -> Any:
    if item_id == "map":
        return getattr(state, field)
    item = state.item(item_id)
    return None if item is None else item.model_dump(mode="json").get(field)


def raise_conflicts(conflicts: list[dict], state: MapState) -> None:
    """Raise :class:`Conflict` with one sentence naming the first clash."""
    if not conflicts:
        return
    first = conflicts[0]
    what = "the map" if first["item"] == "map" else f"“{state.label_of(first['item'])}”"
    if first["field"] == "*":
        message = f"{first['user']} changed or removed {what} after you last saw it (revision {first['revision']})."
    else:
        message = (
            f"{first['user']} changed the {first['field'].replace('_', ' ')} of {what} to "
            f"{first['current']!r} after you last saw it (revision {first['revision']})."
        )
    more = f" {len(conflicts) - 1} more field(s) clash too." if len(conflicts) > 1 else ""
    raise Conflict(message + more, conflicts)


def partners_named(change: Change) -> set[str]:
    """Partner ids that a change writes into the map (owners, proposers, agreements...).

    Examples
    --------
    >>> sorted(partners_named(UpdateElement(id="o1", set={"owner": "moh", "agreed_by": ["moh", "iph"]})))
    ['iph', 'moh']
    """
    match change:
        case AddElement() | AddLink() | AddIndicator():
            item = getattr(change, "element", None) or getattr(change, "link", None) or change.indicator
            return _partner_refs(item.model_dump(mode="json"))
        case UpdateElement() | UpdateLink() | UpdateIndicator():
            return _partner_refs(change.set)
        case AddObservation(observation=o):
            return {o.partner} if o.partner else set()
        case Batch(ops=ops):
            return set().union(*(partners_named(op) for op in ops)) if ops else set()
    return set()


_PARTNER_FIELDS = ("owner", "proposed_by", "responsible_partner")
_PARTNER_LISTS = ("agreed_by", "disputed_by")


def _partner_refs(fields: dict) -> set[str]:
    refs = {fields[f] for f in _PARTNER_FIELDS if fields.get(f)}
    refs |= {p for f in _PARTNER_LISTS for p in fields.get(f) or []}
    refs |= {o["partner"] for o in fields.get("observations") or [] if isinstance(o, dict) and o.get("partner")}
    return refs


# --------------------------------------------------------------------------- summaries


def summarize(change: Change) -> str:
    """One line for the history panel.

    Examples
    --------
    >>> summarize(UpdateElement(id="o1", set={"label": "B"}, before={"label": "A"}, label="B"))
    'Renamed “A” to “B”'
    """
    match change:
        case AddElement(element=e):
            return f"Added {e.kind.title.lower()} “{e.label}”"
        case AddLink(link=link, label=label):
            return f"Linked {label or f'{link.source} → {link.target}'} ({link.kind.title})"
        case AddIndicator(indicator=i):
            return f"Added indicator “{i.name}”"
        case UpdateElement(set=s, before=b, label=label) if set(s) == {"label"} and b:
            return f"Renamed “{b['label']}” to “{s['label']}”"
        case UpdateElement() | UpdateLink() | UpdateIndicator():
            noun = {"update_element": "", "update_link": "link ", "update_indicator": "indicator "}[change.op]
            fields = ", ".join(f.replace("_", " ") for f in change.set)
            return f"Changed {fields} of {noun}“{change.label or change.id}”"
        case RemoveElement() | RemoveLink() | RemoveIndicator():
            noun = _KIND_OF_OP[change.op]
            extra = ""
            if change.removed and change.op == "remove_element":
                bits = [f"{len(change.removed.links)} link(s)"] if change.removed.links else []
                bits += [f"{len(change.removed.indicators)} indicator(s)"] if change.removed.indicators else []
                extra = f" with {' and '.join(bits)}" if bits else ""
            return f"Removed {noun} “{change.label or change.id}”{extra}"
        case MoveElements(positions=p):
            return f"Moved {len(p)} elements" if len(p) > 1 else f"Moved element {next(iter(p))}"
        case AddObservation(observation=o):
            return f"Recorded {o.value!r} for indicator {change.indicator}"
        case RemoveObservation():
            return f"Removed observation {change.id} of indicator {change.indicator}"
        case UpdateMap(set=s):
            return "Changed the map's " + " and ".join(s)
        case Batch(ops=ops, reason=reason):
            return reason or f"{len(ops)} changes"
    return change.op


# --------------------------------------------------------------------------- diff


def diff_states(old: MapState, new: MapState, reason: str = "") -> Batch:
    """A batch that turns ``old`` into ``new`` (applied to ``old`` it gives ``new``).

    Examples
    --------
    >>> a = MapState(title="A")
    >>> b = MapState(title="B", elements={"x": Element(id="x", kind="impact", label="Better lives")})
    >>> after, _ = apply_change(a, diff_states(a, b))
    >>> after == b
    True
    """
    ops: list[Change] = []
    rewired = {i for i in old.links if i in new.links and _rewired(old.links[i], new.links[i])}
    ops += [RemoveLink(id=i) for i in old.links if i not in new.links or i in rewired]
    ops += [RemoveIndicator(id=i) for i in old.indicators if i not in new.indicators]
    for element_id, element in new.elements.items():
        was = old.elements.get(element_id)
        if was is None:
            ops.append(AddElement(element=element.model_copy(update={"attached_to": [], "actor": None})))
    for element_id, element in new.elements.items():
        was = old.elements.get(element_id)
        fields = _changed_fields(was, element, skip={"attached_to"}) if was else _set_refs(element)
        if fields:
            ops.append(UpdateElement(id=element_id, set=fields))
    ops += [RemoveElement(id=i) for i in old.elements if i not in new.elements]
    for link_id, link in new.links.items():
        was = old.links.get(link_id)
        if was is None or link_id in rewired:
            ops.append(AddLink(link=link))
        elif fields := _changed_fields(was, link):
            ops.append(UpdateLink(id=link_id, set=fields))
    for indicator_id, indicator in new.indicators.items():
        was = old.indicators.get(indicator_id)
        if was is None:
            ops.append(AddIndicator(indicator=indicator))
        elif fields := _changed_fields(was, indicator):
            ops.append(UpdateIndicator(id=indicator_id, set=fields))
    for element_id, element in new.elements.items():
        was = old.elements.get(element_id)
        reattach = was is None or was.attached_to != element.attached_to or rewired & set(element.attached_to)
        if element.attached_to and reattach:
            ops.append(UpdateElement(id=element_id, set={"attached_to": element.attached_to}))
        elif was is not None and was.attached_to and not element.attached_to:
            ops.append(UpdateElement(id=element_id, set={"attached_to": []}))
    meta = {f: getattr(new, f) for f in ("title", "description") if getattr(old, f) != getattr(new, f)}
    if meta:
        ops.append(UpdateMap(set=meta))
    return Batch(ops=ops, reason=reason)


def _rewired(old: Link, new: Link) -> bool:
    return (old.source, old.target, old.kind) != (new.source, new.target, new.kind)


def _changed_fields(old, new, skip: set[str] = frozenset()) -> dict[str, Any]:
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    return {f: b[f] for f in b if f not in skip and f != "id" and a[f] != b[f]}


def _set_refs(element: Element) -> dict[str, Any]:
    return {"actor": element.actor} if element.actor else {}
