"""Kumu JSON: elements, connections, feedback loops and positions in a map.

The export follows Kumu's own JSON export (``elements``, ``connections``, ``loops``,
``maps``; each item an ``_id`` and ``attributes``) so that Kumu can import it, with the
fields Kumu shows (label, element type, description, tags) plus tocmap's own as extra
fields, and a top-level ``tocmap`` block that carries what Kumu cannot (the partnership,
agreement, indicators) so that tocmap reads its own exports back unchanged.

The import also reads Kumu blueprints (flat ``{"label", "type"}`` elements and
``{"from", "to"}`` connections by label or id) and Kumu's exports of maps drawn in Kumu.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import networkx as nx

from tocmap.adapters.exchange import ExportSource, Parsed, ReadOptions
from tocmap.adapters.exchange import building as b
from tocmap.adapters.exchange.graphs import from_graph
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import Indicator, LinkKind, MapState, Partnership

FORMAT_TAG = "tocmap.kumu/1"
MAX_LOOPS = 50
LOOP_LENGTH = 6


def feedback_loops(state: MapState) -> list[list[str]]:
    """Feedback loops of the map as lists of link ids (short loops first, at most :data:`MAX_LOOPS`).

    Examples
    --------
    >>> from tocmap.domain.model import Element, Link
    >>> els = {i: Element(id=i, kind="outcome", label=i) for i in "abc"}
    >>> links = {"ab": Link(id="ab", source="a", target="b"), "ba": Link(id="ba", source="b", target="a")}
    >>> feedback_loops(MapState(title="m", elements=els, links=links))
    [['ab', 'ba']]
    """
    graph = nx.DiGraph()
    by_ends: dict[tuple[str, str], str] = {}
    for link in state.links.values():
        if link.kind != LinkKind.RELATES_TO and (link.source, link.target) not in by_ends:
            by_ends[(link.source, link.target)] = link.id
            graph.add_edge(link.source, link.target)
    cycles = itertools.islice(nx.simple_cycles(graph, length_bound=LOOP_LENGTH), 2000)
    rotated = (c[c.index(min(c)):] + c[:c.index(min(c))] for c in cycles)  # the same loop, the same start
    loops = sorted(rotated, key=lambda c: (len(c), c))[:MAX_LOOPS]
    return [[by_ends[(c[i], c[(i + 1) % len(c)])] for i in range(len(c))] for c in loops]


def export(source: ExportSource) -> bytes:
    """The map as a Kumu JSON export."""
    state, partnership = source.state, source.partnership
    names = {p.id: p.short_name or p.name for p in partnership.partners}
    partners = partnership.partner_ids()
    indicators_of: dict[str, list[str]] = {}
    for indicator in state.indicators.values():
        indicators_of.setdefault(indicator.element, []).append(indicator.name)
    elements = []
    for e in state.elements.values():
        attributes = {"label": e.label, "element type": e.kind.title, "description": e.description, "tags": e.tags,
                      "owner": names.get(e.owner, ""), "agreement": e.agreement(partners),
                      "proposed by": names.get(e.proposed_by, ""),
                      "assumption status": e.assumption_status or "", "indicators": indicators_of.get(e.id, [])}
        elements.append({"_id": e.id, "attributes": {k: v for k, v in attributes.items() if v not in ("", [])}})
    connections = []
    for link in state.links.values():
        attributes = {"connection type": link.kind.title, "label": link.label, "description": link.rationale,
                      "polarity": link.polarity, "confidence": link.confidence, "evidence": link.evidence,
                      "agreement": link.agreement(partners)}
        connections.append({
            "_id": link.id, "from": link.source, "to": link.target,
            "direction": "undirected" if link.kind == LinkKind.RELATES_TO else "directed",
            "attributes": {k: v for k, v in attributes.items() if v not in ("", [])},
        })
    loops = []
    for number, loop in enumerate(feedback_loops(state), start=1):
        negative = sum(state.links[i].polarity == "-" for i in loop)
        loops.append({"_id": f"loop-{number}", "connections": loop, "attributes": {
            "label": f"Loop {number}", "loop type": "balancing" if negative % 2 else "reinforcing"}})
    positioned = [e for e in state.elements.values() if e.x is not None]
    kumu_map = {
        "_id": f"map-{source.map_id}", "name": state.title, "description": state.description,
        "elements": [{"_id": f"pos-{e.id}", "element": e.id, "position": {"x": e.x, "y": e.y}} for e in positioned],
        "connections": [{"_id": f"map-{c['_id']}", "connection": c["_id"]} for c in connections],
        "loops": [{"_id": f"map-{loop['_id']}", "loop": loop["_id"]} for loop in loops],
    }
    fidelity = {
        "format": FORMAT_TAG, "title": state.title, "description": state.description,
        "revision": source.revision, "partnership": partnership.model_dump(mode="json"),
        "elements": {e.id: e.model_dump(mode="json", exclude={"id", "label", "kind", "description", "tags", "x", "y"},
                                        exclude_none=True) for e in state.elements.values()},
        "links": {lk.id: lk.model_dump(mode="json", exclude={"id", "source", "target"}, exclude_none=True)
                  for lk in state.links.values()},
        "indicators": [i.model_dump(mode="json", exclude_none=True) for i in state.indicators.values()],
    }
    document = {"elements": elements, "connections": connections, "loops": loops, "maps": [kumu_map],
                "tocmap": fidelity}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


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
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidInput(f"{source} is not valid JSON ({error}).") from None
    if not isinstance(document, dict) or not isinstance(document.get("elements", []), list) \
            or not isinstance(document.get("connections", []), list):
        raise InvalidInput(f"{source} is not Kumu JSON: expected an object with lists of elements and connections.")
    raw_elements, raw_connections = document.get("elements") or [], document.get("connections") or []
    b.check_size(len(raw_elements), len(raw_connections))
    skipped = b.Skipped()
    fidelity = document.get("tocmap") if isinstance(document.get("tocmap"), dict) else {}
    maps = [m for m in document.get("maps") or [] if isinstance(m, dict)]
    graph = nx.MultiDiGraph()
    by_label: dict[str, str] = {}
    for number, raw in enumerate(raw_elements, start=1):
        if not isinstance(raw, dict):
            raise InvalidInput(f"{source}, element {number}: expected an object, not {type(raw).__name__}.")
        item = _flat(raw)
        key = b.text(item.get("_id") or item.get("id") or item.get("label"))
        label = b.text(item.get("label"))
        if not key or not label:
            raise InvalidInput(f"{source}, element {number}: an element needs a label.")
        if key in graph:
            raise InvalidInput(f"{source}, element {number} (“{label[:40]}”): its id {key!r} is used twice.")
        for extra in sorted(set(item) - ELEMENT_KNOWN):
            skipped.add(f"element field “{extra}” is not imported")
        extra = fidelity.get("elements", {}).get(key, {}) if fidelity else {}
        attributes = {
            "label": label, "kind": item.get("element type") or item.get("type"),
            "description": item.get("description"), "tags": b.split(item.get("tags")),
            "owner": extra.get("owner", item.get("owner")), "proposed_by": extra.get("proposed_by"),
            "agreed_by": extra.get("agreed_by", []), "disputed_by": extra.get("disputed_by", []),
            "actor": extra.get("actor"), "attached_to": extra.get("attached_to", []),
            "assumption_status": extra.get("assumption_status", item.get("assumption status")),
        }
        graph.add_node(key, **{k: v for k, v in attributes.items() if v not in (None, "", [])})
        by_label.setdefault(label.lower(), key)
    link_extra = fidelity.get("links", {}) if fidelity else {}

    def end(value: Any, number: int, which: str) -> str:
        said = b.text(value)
        if said in graph:
            return said
        if said.lower() in by_label:
            return by_label[said.lower()]
        if not said:
            raise InvalidInput(f"{source}, connection {number}: it has no “{which}”.")
        graph.add_node(said, label=said)  # Kumu adds elements that connections name
        by_label[said.lower()] = said
        skipped.add("an element named only by a connection was added as an outcome", f"“{said[:40]}”")
        return said

    for number, raw in enumerate(raw_connections, start=1):
        if not isinstance(raw, dict):
            raise InvalidInput(f"{source}, connection {number}: expected an object, not {type(raw).__name__}.")
        item = _flat(raw)
        source_id, target_id = end(item.get("from"), number, "from"), end(item.get("to"), number, "to")
        key = b.text(item.get("_id") or item.get("id")) or f"connection-{number}"
        extra = link_extra.get(key, {})
        direction = b.word(item.get("direction")) or "directed"
        kind = item.get("connection type") or item.get("type") or extra.get("kind")
        if not kind and direction == "undirected":
            kind = LinkKind.RELATES_TO.value
        for field in sorted(set(item) - CONNECTION_KNOWN):
            skipped.add(f"connection field “{field}” is not imported")
        attributes = {
            "link_id": key, "kind": kind, "label": item.get("label"), "rationale": item.get("description"),
            "polarity": item.get("polarity"), "confidence": item.get("confidence"), "evidence": item.get("evidence"),
            "proposed_by": extra.get("proposed_by"), "agreed_by": extra.get("agreed_by", []),
            "disputed_by": extra.get("disputed_by", []),
        }
        attributes = {k: v for k, v in attributes.items() if v not in (None, "", [])}
        graph.add_edge(source_id, target_id, key=key, **attributes)
        if direction == "mutual":
            graph.add_edge(target_id, source_id, key=f"{key}-back", **{**attributes, "link_id": f"{key}-back"})
            skipped.add("a mutual connection became two links, one each way")
    positions = {}
    if maps:
        for placed in maps[0].get("elements") or []:
            if isinstance(placed, dict) and isinstance(placed.get("position"), dict):
                ref = b.text(placed.get("element"))
                x, y = b.number(placed["position"].get("x")), b.number(placed["position"].get("y"))
                if ref in graph and x is not None and y is not None:
                    positions[ref] = (x, y)
        if len(maps) > 1:
            skipped.add("a further Kumu map (view) of the project was not imported", b.text(maps[1].get("name")),
                        count=len(maps) - 1)
    loops = document.get("loops") or []
    if loops and not fidelity:
        skipped.add("a Kumu loop was not imported (tocmap finds feedback loops itself)", count=len(loops))
    meta = {
        "title": fidelity.get("title") or (b.text(maps[0].get("name")) if maps else "") or _stem(options.filename)
        or "Imported from Kumu",
        "description": fidelity.get("description") or (b.text(maps[0].get("description")) if maps else ""),
    }
    if fidelity.get("partnership"):
        try:
            meta["partnership"] = Partnership.model_validate(fidelity["partnership"]).model_dump_json()
        except ValueError as error:
            raise InvalidInput(f"{source}: its partnership is not valid ({str(error).splitlines()[0]}).") from None
    parsed = from_graph(graph, meta, source, positions)
    indicators = fidelity.get("indicators") or []
    if indicators:
        if not isinstance(indicators, list):
            raise InvalidInput(f"{source}: “indicators” must be a list.")
        items = [b.model(Indicator, item, f"{source}, indicator {n}") for n, item in enumerate(indicators, start=1)]
        document_ = parsed.document
        parsed.document = b.finish(document_.title, document_.description, document_.partnership,
                                   document_.elements, document_.links, items, source)
    parsed.skipped = skipped.sentences() + parsed.skipped
    return parsed


def _stem(filename: str | None) -> str:
    if not filename:
        return ""
    name = filename.rsplit("/", 1)[-1]
    for ending in (".kumu.json", ".json"):
        name = name.removesuffix(ending)
    return name.replace("-", " ").replace("_", " ").strip().capitalize()
