"""Kumu JSON: elements, connections, feedback loops and positions in a map.

The export follows Kumu's own JSON export (``elements``, ``connections``, ``loops``,
``maps``; each item an ``_id`` and ``attributes``) so that Kumu can import it, with the
fields Kumu shows (label, element type, description, tags) plus tocmap's own as extra
fields, and a top-level ``tocmap`` block that carries what Kumu cannot (the partnership,
agreement, indicators) so that tocmap reads its own exports back unchanged.

The import also reads Kumu blueprints (flat ``{"label", "type"}`` elements and
``{"from", "to"}`` connections by label or id) and Kumu's exports of maps drawn in Kumu.

Kumu views (the ``maps`` of a project, each with its own layout) become saved views of the
same names that place the elements they show; the map itself takes the first view's layout.
A view's code (its ``markup``: Kumu's Advanced Editor) that sizes or colours elements by a
field becomes the map's size and colour setting (:mod:`.kumu_markup`). On export the map's
layout is the first Kumu view, each saved view one more, and the size and colour setting
the first view's code.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from tocmap.adapters.exchange import ExportSource, Parsed, ReadOptions
from tocmap.adapters.exchange import building as b
from tocmap.adapters.exchange import kumu_markup as markup
from tocmap.adapters.exchange.graphs import from_graph
from tocmap.domain.document import json_problem
from tocmap.domain.errors import InvalidInput
from tocmap.domain.graph import flow_graph
from tocmap.domain.insights import Loops, name_loops
from tocmap.domain.insights import feedback_loops as find_loops
from tocmap.domain.model import (
    KIND_TITLES,
    LINK_TITLES,
    VIEWS_MAX,
    FieldDefinition,
    FieldDisplay,
    Indicator,
    LinkKind,
    MapState,
    NamedLoop,
    Partnership,
    SavedView,
)
from tocmap.domain.views import in_view, unlike
from tocmap.i18n import N_, _

FORMAT_TAG = "tocmap.kumu/1"
#: Loops written to a Kumu file at most, and the time their search may take; the file and
#: the import note say so when a map has more.
MAX_LOOPS = 1000
LOOP_SECONDS = 2.0


def map_loops(state: MapState, limit: int = MAX_LOOPS, seconds: float = LOOP_SECONDS) -> Loops:
    """Every feedback loop of the map (up to ``limit``), shortest first, with the names partners gave them.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [loop.links for loop in map_loops(sketch("a -> b -> a", "b -> c")).loops]
    [['a-b', 'b-a']]
    """
    return name_loops(find_loops(flow_graph(state), limit=limit, seconds=seconds), state)


def export(source: ExportSource) -> bytes:
    """The map as a Kumu JSON export."""
    state, partnership = source.state, source.partnership
    names = {p.id: p.short_name or p.name for p in partnership.everyone}
    partners = partnership.partner_ids()
    indicators_of: dict[str, list[str]] = {}
    for indicator in state.indicators.values():
        indicators_of.setdefault(indicator.element, []).append(indicator.name)
    elements = []
    for e in state.elements.values():
        attributes = {"label": e.label, "element type": KIND_TITLES[e.kind.value], "description": e.description, "tags": e.tags,
                      "owner": names.get(e.owner, ""), "agreement": e.agreement(partners),
                      "proposed by": names.get(e.proposed_by, ""),
                      "assumption status": e.assumption_status or "", "indicators": indicators_of.get(e.id, [])}
        attributes.update({k: v for k, v in b.custom_cells(state.fields, e).items() if k.casefold() not in ELEMENT_KNOWN})
        elements.append({"_id": e.id, "attributes": {k: v for k, v in attributes.items() if v not in ("", [])}})
    connections = []
    systems = state.map_type == "systems_map"
    for link in state.links.values():
        attributes = {"connection type": link.polarity if systems else LINK_TITLES[link.kind.value], "label": link.label, "description": link.rationale,
                      "polarity": link.polarity, "confidence": link.confidence, "evidence": link.evidence,
                      "agreement": link.agreement(partners)}
        attributes.update({k: v for k, v in b.custom_cells(state.fields, link).items()
                           if k.casefold() not in CONNECTION_KNOWN})
        connections.append({
            "_id": link.id, "from": link.source, "to": link.target,
            "direction": "undirected" if link.kind == LinkKind.RELATES_TO else "directed",
            "attributes": {k: v for k, v in attributes.items() if v not in ("", [])},
        })
    found = map_loops(state, limit=MAX_LOOPS)
    named = {loop.key: loop for loop in state.loops.values()}
    loops = []
    for number, loop in enumerate(found.loops, start=1):
        own = named.get(frozenset(loop.links))
        attributes = {"label": loop.name or f"Loop {number}", "description": loop.description,
                      "loop type": loop.kind}
        loops.append({"_id": own.id if own else f"loop-{number}", "connections": loop.links,
                      "attributes": {k: v for k, v in attributes.items() if v}})
    positioned = [e for e in state.elements.values() if e.x is not None]
    kumu_map = {
        "_id": f"map-{source.map_id}", "name": state.title,
        "description": "\n\n".join(filter(None, [state.description, _loops_said(found)])),
        "elements": [{"_id": f"pos-{e.id}", "element": e.id, "position": {"x": e.x, "y": e.y}} for e in positioned],
        "connections": [{"_id": f"map-{c['_id']}", "connection": c["_id"]} for c in connections],
        "loops": [{"_id": f"map-{loop['_id']}", "loop": loop["_id"]} for loop in loops],
    }
    decorated = markup.settings(*(state.fields[key].name if key in state.fields else None
                                  for key in (state.display.size_by, state.display.colour_by)))
    if decorated:
        kumu_map["markup"] = decorated
    views = [_kumu_view(state, view) for view in state.views.values()]
    fidelity = {
        "format": FORMAT_TAG, "title": state.title, "description": state.description,
        "revision": source.revision, "partnership": partnership.model_dump(mode="json"),
        "map_type": state.map_type, "loops": [loop.model_dump(mode="json") for loop in state.loops.values()],
        "display": state.display.model_dump(mode="json", exclude_none=True),
        "loops_note": _loops_said(found),
        "elements": {e.id: e.model_dump(mode="json", exclude={"id", "label", "kind", "description", "tags", "x", "y",
                                                              "custom"},
                                        exclude_none=True) for e in state.elements.values()},
        "links": {lk.id: lk.model_dump(mode="json", exclude={"id", "source", "target", "custom"}, exclude_none=True)
                  for lk in state.links.values()},
        "fields": [f.model_dump(mode="json") for f in state.fields.values()],
        "views": [v.model_dump(mode="json", exclude_defaults=True) for v in state.views.values()],
        "indicators": [i.model_dump(mode="json", exclude_none=True) for i in state.indicators.values()],
    }
    document = {"project": {"name": state.title}, "elements": elements, "connections": connections,
                "loops": loops, "maps": [kumu_map, *views], "tocmap": fidelity}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


def _kumu_view(state: MapState, view: SavedView) -> dict:
    """A saved view as one more Kumu view: the elements it shows, where it places them (else where the map does)."""
    shown = in_view(state, view)
    places = {i: view.places.get(i) or (state.elements[i].x, state.elements[i].y) for i in shown}
    placed = [{"_id": f"{view.id}-{i}", "element": i, "position": {"x": x, "y": y}}
              for i, (x, y) in places.items() if x is not None and y is not None]
    inside = set(shown)
    ties = [lk.id for lk in state.links.values() if lk.source in inside and lk.target in inside]
    written = {"_id": f"view-{view.id}", "name": view.name, "elements": placed,
               "connections": [{"_id": f"{view.id}-{t}", "connection": t} for t in ties]}
    code = markup.shows([KIND_TITLES[k.value] for k in view.kinds], view.tags)
    return {**written, "markup": code} if code else written


def _loops_said(found: Loops) -> str:
    """What a file says when it does not list every loop ("" when it does)."""
    return "" if found.complete else f"Not every feedback loop is listed here: {found.note}."


# --------------------------------------------------------------------------- reading

ELEMENT_KNOWN = {"label", "element type", "type", "description", "tags", "id", "_id", "owner", "agreement",
                 "proposed by", "assumption status", "indicators", "attributes"}
CONNECTION_KNOWN = {"connection type", "type", "label", "description", "polarity", "confidence", "evidence",
                    "agreement", "from", "to", "direction", "id", "_id", "attributes", "tags", "delayed", "reversed"}


def _flat(item: dict) -> dict:
    """An element or connection with its ``attributes`` merged in (Kumu export) or as is (blueprint)."""
    attributes = item.get("attributes")
    return {**item, **attributes} if isinstance(attributes, dict) else dict(item)


def read(data: bytes, options: ReadOptions) -> Parsed:
    """A map from Kumu JSON (an export or a blueprint)."""
    source = options.filename or "The Kumu file"
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise InvalidInput(_("{source} is not valid JSON ({error}).", source=source, error=json_problem(error))) from None
    if not isinstance(document, dict) or not isinstance(document.get("elements", []), list) \
            or not isinstance(document.get("connections", []), list):
        raise InvalidInput(_("{source} is not Kumu JSON: expected an object with lists of elements and connections.", source=source))
    raw_elements, raw_connections = document.get("elements") or [], document.get("connections") or []
    b.check_size(len(raw_elements), len(raw_connections))
    skipped = b.Skipped()
    fidelity = document.get("tocmap") if isinstance(document.get("tocmap"), dict) else {}
    maps = [m for m in document.get("maps") or [] if isinstance(m, dict)]
    graph = nx.MultiDiGraph()
    by_label: dict[str, str] = {}
    custom = b.CustomFields(fidelity.get("fields") if isinstance(fidelity.get("fields"), list) else None)
    for number, raw in enumerate(raw_elements, start=1):
        if not isinstance(raw, dict):
            raise InvalidInput(_("{source}, element {number}: expected an object, not {type}.", source=source,
                                 number=number, type=type(raw).__name__))
        item = _flat(raw)
        key = b.text(item.get("_id") or item.get("id") or item.get("label"))
        label = b.text(item.get("label"))
        if not key or not label:
            raise InvalidInput(_("{source}, element {number}: an element needs a label.", source=source, number=number))
        if key in graph:
            raise InvalidInput(_("{source}, element {number} (“{label}”): its id {id} is used twice.", source=source,
                                 number=number, label=label[:40], id=repr(key)))
        for extra in sorted(set(item) - ELEMENT_KNOWN - {"_id", "id"}):
            custom.add("element", key, extra, item[extra])
        extra = fidelity.get("elements", {}).get(key, {}) if fidelity else {}
        attributes = {
            "label": label, "kind": item.get("element type") or item.get("type"),
            "description": b.clean_markup(item.get("description")), "tags": b.split(item.get("tags")),
            "owner": extra.get("owner", item.get("owner")), "proposed_by": extra.get("proposed_by"),
            "agreed_by": extra.get("agreed_by", []), "disputed_by": extra.get("disputed_by", []),
            "actor": extra.get("actor"), "attached_to": extra.get("attached_to", []),
            "assumption_status": extra.get("assumption_status", item.get("assumption status")),
        }
        graph.add_node(key, **{k: v for k, v in attributes.items() if v not in (None, "", [])})
        by_label.setdefault(label.lower(), key)
    link_extra = fidelity.get("links", {}) if fidelity else {}
    signed = 0

    def end(value: Any, number: int, which: str) -> str:
        said = b.text(value)
        if said in graph:
            return said
        if said.lower() in by_label:
            return by_label[said.lower()]
        if not said:
            raise InvalidInput(_("{source}, connection {number}: it has no “{which}”.", source=source, number=number, which=which))
        if raw_elements:  # all or nothing: a connection brings an element only to a file that lists none
            raise InvalidInput(_("{source}, connection {number}: its “{which}” names “{said}”, which is not an element "
                                 "of the file; add it to the elements, or correct the connection.", source=source,
                                 number=number, which=which, said=said[:60]))
        graph.add_node(said, label=said, kind="outcome")  # Kumu adds the elements a list of connections names
        by_label[said.lower()] = said
        skipped.add(b.NAMED_BY_LINKS, f"“{said[:40]}”")
        return said

    for number, raw in enumerate(raw_connections, start=1):
        if not isinstance(raw, dict):
            raise InvalidInput(_("{source}, connection {number}: expected an object, not {type}.", source=source,
                                 number=number, type=type(raw).__name__))
        item = _flat(raw)
        source_id, target_id = end(item.get("from"), number, "from"), end(item.get("to"), number, "to")
        key = b.text(item.get("_id") or item.get("id")) or f"connection-{number}"
        extra = link_extra.get(key, {})
        direction = b.word(item.get("direction")) or "directed"
        kind = item.get("connection type") or item.get("type") or extra.get("kind")
        sign = b.polarity(kind)
        if sign is not None:  # Kumu's causal-loop templates say the sign in the connection type
            signed += 1
            kind = extra.get("kind")
        polarity = b.polarity(item.get("polarity")) or b.polarity(extra.get("polarity")) or sign
        if not kind and direction == "undirected":
            kind = LinkKind.RELATES_TO.value
        for field in sorted(set(item) - CONNECTION_KNOWN):
            custom.add("link", key, field, item[field])
        attributes = {
            "link_id": key, "kind": kind, "label": item.get("label"),
            "rationale": b.clean_markup(item.get("description")), "polarity": polarity, "confidence": item.get("confidence"), "evidence": item.get("evidence"),
            "proposed_by": extra.get("proposed_by"), "agreed_by": extra.get("agreed_by", []),
            "disputed_by": extra.get("disputed_by", []),
        }
        attributes = {k: v for k, v in attributes.items() if v not in (None, "", [])}
        graph.add_edge(source_id, target_id, key=key, **attributes)
        if direction == "mutual":
            graph.add_edge(target_id, source_id, key=f"{key}-back", **{**attributes, "link_id": f"{key}-back"})
            skipped.add(N_("a mutual connection became two links, one each way"))
    positions = _positions(maps, graph)
    meta = {
        "title": fidelity.get("title") or _project_name(document) or (b.text(maps[0].get("name")) if maps else "")
        or _stem(options.filename) or "Imported from Kumu",
        "description": fidelity.get("description") or b.clean_markup(
            _project(document).get("description") or (maps[0].get("description") if maps else "")),
    }
    if fidelity.get("partnership"):
        try:
            meta["partnership"] = Partnership.model_validate(fidelity["partnership"]).model_dump_json()
        except ValueError as error:
            raise InvalidInput(_("{source}: its partnership is not valid ({problem}).", source=source,
                                 problem=str(error).splitlines()[0])) from None
    parsed = from_graph(graph, meta, source, positions)
    indicators = fidelity.get("indicators") or []
    if indicators:
        if not isinstance(indicators, list):
            raise InvalidInput(_("{source}: “indicators” must be a list.", source=source))
        items = [b.model(Indicator, item, _("{source}, indicator {n}", source=source, n=n)) for n, item in enumerate(indicators, start=1)]
        document_ = parsed.document
        parsed.document = b.finish(document_.title, document_.description, document_.partnership,
                                   document_.elements, document_.links, items, source)
    loops = _named_loops(document, fidelity, parsed.document, skipped)
    map_type = fidelity.get("map_type") if fidelity.get("map_type") in ("theory_of_change", "systems_map") else None
    if map_type is None:
        map_type = "systems_map" if signed or document.get("loops") else "theory_of_change"
        if map_type == "systems_map":
            skipped.add(N_("the map was read as a systems map (it has signed connections or loops); "
                           "its type can be changed in the map's settings"))
    parsed.document = custom.apply(parsed.document.model_copy(update={"map_type": map_type, "loops": loops}), skipped)
    if fidelity.get("display"):
        parsed.document = b.with_display(parsed.document, fidelity.get("display"), skipped)
    else:
        parsed.document = _decorated(parsed.document, maps, skipped)
    views = _own_views(fidelity["views"], source) if "views" in fidelity else _kumu_views(
        maps, graph, positions, parsed.document, skipped)
    parsed.document = parsed.document.model_copy(update={"views": views})
    parsed.skipped = skipped.sentences() + parsed.skipped + ([] if "views" in fidelity else _views_said(views))
    return parsed


def _project(document: dict) -> dict:
    project = document.get("project")
    return project if isinstance(project, dict) else {}


def _project_name(document: dict) -> str:
    """The Kumu project's name, which titles the map (a view's name only names one view)."""
    project = document.get("project")
    return b.text(project.get("name") if isinstance(project, dict) else project) or b.text(document.get("name"))


def _placed(view: dict, graph: nx.MultiDiGraph) -> dict[str, tuple[float, float] | None]:
    """The elements one Kumu view shows, each with its place there (None where it gives none)."""
    places: dict[str, tuple[float, float] | None] = {}
    for placed in view.get("elements") or []:
        if not isinstance(placed, dict):
            continue
        ref, at = b.text(placed.get("element")), placed.get("position")
        if ref not in graph:
            continue
        x, y = (b.number(at.get("x")), b.number(at.get("y"))) if isinstance(at, dict) else (None, None)
        places[ref] = (x, y) if x is not None and y is not None and max(abs(x), abs(y)) <= 1e6 else None
    return places


def _positions(maps: list[dict], graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """The map's layout: the first Kumu view's, an element it does not show placed where the next view puts it."""
    positions: dict[str, tuple[float, float]] = {}
    for view in maps:
        for ref, at in _placed(view, graph).items():
            if at is not None:
                positions.setdefault(ref, at)
    return positions


def _kumu_views(maps: list[dict], graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], document,
                skipped: b.Skipped) -> list[SavedView]:
    """Each Kumu view as a saved view of the same name that shows its elements where it places them.

    What a view's code shows (``include``, ``showcase``) becomes the view's kinds or tags where
    its selectors are simple (:func:`_lens`); otherwise the note says the view shows all it places.
    """
    views: list[SavedView] = []
    taken: set[str] = set()
    for number, view in enumerate(maps, start=1):
        name = unlike(b.shorten(b.text(view.get("name"))) or _("View {n}", n=number), {v.name for v in views})
        if len(views) == VIEWS_MAX:
            skipped.add(N_("a Kumu view was left out: a map keeps at most 100 saved views"), f"“{name[:40]}”")
            continue
        places = {ref: at or positions.get(ref) for ref, at in _placed(view, graph).items()}
        unplaced = [ref for ref, at in places.items() if at is None]
        if unplaced:
            skipped.add(N_("an element a Kumu view shows without a place was left out of that view"),
                        f"“{graph.nodes[unplaced[0]].get('label', unplaced[0])[:40]}” ({name[:40]})")
        lens = {"kinds": [], "tags": []}
        for said in markup.decorations(view["markup"]).shows if isinstance(view.get("markup"), str) else []:
            found = _lens(markup.selection(said), document)
            if found is None:
                skipped.add(N_("a Kumu view's filter that tocmap cannot follow was left out (the view shows every "
                               "element it places)"), f"“{said[:60]}” ({name[:40]})")
                continue
            lens = {key: [*lens[key], *found[key]] for key in lens}
        views.append(SavedView(id=b.item_id(view.get("_id"), "view", taken), name=name, **lens,
                               places={ref: at for ref, at in places.items() if at is not None}))
    return views


def _lens(parts: list[tuple[str, str]] | None, document) -> dict[str, list[str]] | None:
    """Kumu selector parts as the kinds or the tags a saved view shows; None when tocmap cannot say the same.

    An element type is a kind tocmap knows, or a tag (an unknown kind is kept as one); a view shows
    any of its kinds and any of its tags, so one selector list naming both cannot be carried.
    """
    if not parts:
        return None
    tags = {markup.slug(tag): tag for e in document.elements for tag in e.tags}
    kinds, named = [], []
    for what, said in parts:
        kind = b.element_kind(said) if what == "type" else None
        if kind is not None:
            kinds.append(kind.value)
        elif markup.slug(said) in tags:
            named.append(tags[markup.slug(said)])
        else:
            return None
    return None if kinds and named else {"kinds": kinds, "tags": named}


def _views_said(views: list[SavedView]) -> list[str]:
    """The import note that names the saved views a project's Kumu views became (none for one view)."""
    if len(views) < 2:
        return []
    names = ", ".join(f"“{v.name[:40]}”" for v in views[:10]) + (", …" if len(views) > 10 else "")
    return [_("The project's {n} Kumu views became saved views (the Views menu), each placing its elements as in "
              "Kumu: {names}. The map is laid out as the first.", n=len(views), names=names)]


def _own_views(raw, source: str) -> list[SavedView]:
    """The saved views of a map tocmap exported, as they were."""
    if not isinstance(raw, list) or len(raw) > VIEWS_MAX:
        raise InvalidInput(_("{source}: “views” must be a list of at most {n} saved views.", source=source,
                             n=VIEWS_MAX))
    return [b.model(SavedView, item, f"{source}, view {n}") for n, item in enumerate(raw, start=1)]


def _decorated(document, maps: list[dict], skipped: b.Skipped):
    """The document sized and coloured by the fields the first Kumu view's code names, where tocmap can.

    A field coloured by that holds text becomes a choice field of its values. What cannot be
    carried (a field tocmap does not have, a gradient of colours, another view's own
    decorations, the rest of the code) is said in the import notes.
    """
    codes = [(b.text(m.get("name")), markup.decorations(m.get("markup") if isinstance(m.get("markup"), str) else ""))
             for m in maps]
    if not codes:
        return document
    fields = {f.name.casefold(): f for f in document.fields}
    first = codes[0][1]
    size_by = colour_by = None
    size = fields.get((first.size_by or "").casefold())
    if first.size_by and size is not None and size.type == "number" and size.applies_to != "links":
        size_by = size.id
    elif first.size_by:
        skipped.add(N_("Kumu sized elements by a field tocmap cannot size by (a number field of the elements)"),
                    f"“{first.size_by[:40]}”")
    colour = fields.get((first.colour_by or "").casefold())
    if first.colour_by and colour is not None and first.colour_how == "categorize" and colour.applies_to != "links":
        colour = colour if colour.type == "choice" else _as_choice(colour, document)
        colour_by = colour.id if colour is not None else None
    if first.colour_by and colour_by is None:
        skipped.add(N_("Kumu coloured elements by a field tocmap cannot colour by (a text field of the elements "
                       "with at most 100 values, one colour each)"), f"“{first.colour_by[:40]}”")
    for name, said in codes[1:]:
        if (said.size_by or said.colour_by) and (said.size_by, said.colour_by) != (first.size_by, first.colour_by):
            skipped.add(N_("a Kumu view sized or coloured elements its own way; tocmap sizes and colours the whole "
                           "map one way, as the first view did"), f"“{name[:40]}”")
    for name, said in codes:
        if said.others:
            skipped.add(N_("Kumu view settings that tocmap does not carry (filters, focus, layout, other "
                           "decorations) were left out"), f"“{said.others[0][:60]}” ({name[:40]})")
    fields_now = [colour if colour is not None and f.id == colour_by else f for f in document.fields]
    return document.model_copy(update={"fields": fields_now,
                                       "display": FieldDisplay(size_by=size_by, colour_by=colour_by)})


def _as_choice(field: FieldDefinition, document) -> FieldDefinition | None:
    """A text field as a choice field of the values its elements and links hold (None when it cannot be one)."""
    values = sorted({item.custom[field.id] for item in [*document.elements, *document.links]
                     if field.id in item.custom}, key=str.casefold)
    if field.type != "text" or not values or len(values) > 100 or any(len(v) > 200 or v != v.strip() for v in values):
        return None
    return field.model_copy(update={"type": "choice", "choices": values})


def _named_loops(document: dict, fidelity: dict, parsed, skipped: b.Skipped) -> list[NamedLoop]:
    """Loops named in the file, on the links read (tocmap's own block first, then Kumu's loops)."""
    links = {link.id for link in parsed.links}
    raw = fidelity.get("loops") if fidelity else None
    loops: list[NamedLoop] = []
    taken: set[str] = set()
    if isinstance(raw, list):
        candidates = [(item.get("id"), item.get("name"), item.get("description"), item.get("links"))
                      for item in raw if isinstance(item, dict)]
    else:
        candidates = []
        for item in document.get("loops") or []:
            if isinstance(item, dict):
                flat = _flat(item)
                name = b.text(flat.get("label") or flat.get("name"))
                if name and not (name.startswith("Loop ") and name[5:].isdigit()):  # tocmap's own numbering
                    candidates.append((flat.get("_id"), name, flat.get("description"), item.get("connections")))
    for key, name, description, members in candidates:
        members = [b.text(m.get("connection") if isinstance(m, dict) else m) for m in (members or [])]
        if not name or not members or not set(members) <= links or len(set(members)) != len(members):
            skipped.add(N_("a named loop whose connections are not all on the map was left out"), f"“{b.text(name)[:40]}”")
            continue
        loops.append(NamedLoop(id=b.item_id(key, "loop", taken), name=b.shorten(b.text(name)),
                               description=b.clean_markup(description)[:5000], links=members))
    return loops


def _stem(filename: str | None) -> str:
    if not filename:
        return ""
    name = filename.rsplit("/", 1)[-1]
    for ending in (".kumu.json", ".json"):
        name = name.removesuffix(ending)
    return name.replace("-", " ").replace("_", " ").strip().capitalize()
