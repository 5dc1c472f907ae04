"""The map as a networkx graph with flat attributes, and back: shared by GraphML and GEXF.

GraphML and GEXF attributes are strings, numbers or booleans; networkx's writers refuse
lists and None. Lists (tags, partners, attachments) are written as JSON text, empty values
are left out, and the indicators of an element travel as one JSON attribute of its node,
so that a tocmap export read back gives the same map. Graphs drawn in other tools
(Gephi, yEd, networkx) are read leniently: a ``label`` or ``name``, a ``kind`` or
``type``, ``x`` and ``y``; whatever else they carry is reported as left out.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from tocmap.adapters.exchange import ExportSource, Parsed
from tocmap.adapters.exchange import building as b
from tocmap.adapters.exchange.xmlsafe import local
from tocmap.domain.errors import InvalidInput
from tocmap.domain.field_names import field_name
from tocmap.domain.model import (
    KIND_TITLES,
    LINK_RULES,
    Element,
    ElementKind,
    Indicator,
    Link,
    LinkKind,
    Partnership,
)
from tocmap.i18n import N_, _
from tocmap.presentation import (
    KIND_STYLE,  # the canvas colours, for tools that colour nodes
)

FORMAT_TAG = "tocmap.graph/1"
WEIGHT = {"low": 1.0, "medium": 2.0, "high": 3.0}
NODE_FIELDS = {"label", "kind", "description", "owner", "tags", "actor", "attached_to", "assumption_status",
               "x", "y", "proposed_by", "agreed_by", "disputed_by", "indicators"}
EDGE_FIELDS = {"kind", "polarity", "confidence", "label", "rationale", "evidence", "proposed_by", "agreed_by",
               "disputed_by"}
#: Attributes tocmap writes for other tools only; reading ignores them silently.
DERIVED = {"agreement", "colour", "kind_title", "weight", "r", "g", "b", "size", "viz", "id", "name", "type",
           "element type", "connection type", "link_id", "networkx_key", "z"}

#: An edge whose end is not a node of the file, by the end that is missing (edges with an id, and without one).
ENDS_MISSING = {
    "source": N_("{source}, edge {number} (“{edge}”), line {line}: its source “{node}” is not a node of the file; "
                 "add the node, or correct the edge."),
    "target": N_("{source}, edge {number} (“{edge}”), line {line}: its target “{node}” is not a node of the file; "
                 "add the node, or correct the edge."),
}
UNNAMED_ENDS_MISSING = {
    "source": N_("{source}, edge {number}, line {line}: its source “{node}” is not a node of the file; add the node, "
                 "or correct the edge."),
    "target": N_("{source}, edge {number}, line {line}: its target “{node}” is not a node of the file; add the node, "
                 "or correct the edge."),
}


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _kept(attributes: dict) -> dict:
    """Attributes without None, empty text or empty lists; lists as JSON text."""
    return {k: _flat(v) for k, v in attributes.items() if v is not None and v != "" and v != []}


def to_graph(source: ExportSource) -> nx.MultiDiGraph:
    """The map as a directed multigraph whose attributes are all strings or numbers."""
    state, partners = source.state, source.partnership.partner_ids()
    graph = nx.MultiDiGraph()
    measured: dict[str, list[dict]] = {}
    for indicator in state.indicators.values():
        measured.setdefault(indicator.element, []).append(
            indicator.model_dump(mode="json", exclude_none=True, exclude={"element"}))
    for element in state.elements.values():
        fields = element.model_dump(mode="json", exclude={"id", "custom", "translations"})  # texts as written
        fields.update(_named(state, element))
        fields.update(kind_title=KIND_TITLES[element.kind.value], agreement=element.agreement(partners),
                      colour=KIND_STYLE[element.kind][0], indicators=measured.get(element.id, []))
        if fields["indicators"]:
            fields["indicators"] = json.dumps(fields["indicators"], ensure_ascii=False)
        graph.add_node(element.id, **_kept(fields))
    for link in state.links.values():
        fields = link.model_dump(mode="json", exclude={"id", "source", "target", "custom", "translations"})
        fields.update(_named(state, link))
        fields.update(link_id=link.id, agreement=link.agreement(partners), weight=WEIGHT[link.confidence])
        graph.add_edge(link.source, link.target, key=link.id, **_kept(fields))
    return graph


def _named(state, item) -> dict:
    """An item's custom field values as attributes named after their fields (not shadowing tocmap's own)."""
    return {name: value for name, value in b.custom_cells(state.fields, item).items()
            if name not in NODE_FIELDS | EDGE_FIELDS | DERIVED}


def map_attributes(source: ExportSource) -> dict[str, str]:
    """Graph-level attributes: what the map is and who the partners are."""
    return _kept({
        "tocmap_format": FORMAT_TAG, "title": source.state.title, "description": source.state.description,
        "partnership": source.partnership.model_dump_json(), "revision": source.revision,
        "map_type": source.state.map_type,
        "fields": json.dumps([f.model_dump(mode="json") for f in source.state.fields.values()], ensure_ascii=False)
        if source.state.fields else "",
        "loops": json.dumps([lp.model_dump(mode="json") for lp in source.state.loops.values()], ensure_ascii=False)
        if source.state.loops else "",
        "display": source.state.display.model_dump_json(exclude_none=True)
        if source.state.display.size_by or source.state.display.colour_by else "",
    })


# --------------------------------------------------------------------------- reading


def check_nodes_and_edges(root, source: str) -> None:
    """Refuse a GraphML or GEXF tree before networkx builds its graph: too many nodes or edges, or an
    edge whose end is not a node of the file (networkx would invent that node; an import never does).

    Counts the parsed XML tree, so a file over the limits costs no graph.
    """
    nodes: set[str] = set()
    edges: list = []
    for child in root.iter():
        name = local(child.tag)
        if name == "node" and child.get("id") is not None:
            nodes.add(child.get("id"))
        elif name == "edge":
            edges.append(child)
    b.check_size(len(nodes), len(edges))
    for number, edge in enumerate(edges, start=1):
        for end in ("source", "target"):
            said = edge.get(end)
            if said is not None and said not in nodes:
                values = {"source": source, "number": number, "edge": edge.get("id"), "line": edge.sourceline,
                          "node": said[:60]}
                raise InvalidInput(_(ENDS_MISSING[end], **values) if edge.get("id") else
                                   _(UNNAMED_ENDS_MISSING[end], **values))


def from_graph(graph: nx.Graph, meta: dict, source: str, positions: dict[str, tuple[float, float]] | None = None
               ) -> Parsed:
    """A map document from a graph read by networkx; ``meta`` holds map-level attributes if any."""
    skipped = b.Skipped()
    b.check_size(graph.number_of_nodes(), graph.number_of_edges())
    partnership = _partnership(meta, source)
    names = b.PartnerNames(partnership, fixed=bool(meta.get("partnership")), skipped=skipped)
    partner = names.one
    taken: set[str] = set()
    ids: dict[Any, str] = {}
    elements: dict[str, Element] = {}
    indicators: list[Indicator] = []
    raw_indicators: list[tuple[str, Any, str]] = []
    positions = positions or {}
    defined = b.json_list(meta.get("fields"), _("{where}, {field}", where=source, field=field_name("fields")))
    custom = b.CustomFields([f for f in defined if isinstance(f, dict)])

    for node, data in graph.nodes(data=True):
        ids[node] = b.item_id(node, "el", taken)
    for node, data in graph.nodes(data=True):
        where = _("{source}, node {node}", source=source, node=repr(str(node)[:60]))
        label = b.text(data.get("label") or data.get("name") or node)
        kind_word = b.word(data.get("kind") or data.get("type") or data.get("element type"))
        kind = b.element_kind(kind_word)
        tags = b.json_list(data.get("tags"), _("{where}, {field}", where=where, field=field_name("tags")))
        if kind is None:
            kind = ElementKind.OUTCOME
            if kind_word:
                skipped.add(N_("an element of a kind tocmap does not know became an outcome (its kind kept as a tag)"),
                            f"“{b.text(data.get('kind') or data.get('type'))}”")
                tags = [*tags, b.text(data.get("kind") or data.get("type"))[:50]]
            else:
                skipped.add(N_("an element without a kind became an outcome"), f"“{label[:40]}”")
        x, y = data.get("x"), data.get("y")
        if node in positions:
            x, y = positions[node]
        for extra in sorted(set(data) - NODE_FIELDS - DERIVED):
            custom.add("element", ids[node], extra, data[extra])
        fields = {
            "id": ids[node], "kind": kind, "label": b.shorten(label) if label else ids[node],
            "description": b.text(data.get("description")),
            "owner": partner(data.get("owner"), _("{where}, {field}", where=where, field=field_name("owner"))),
            "tags": tags,
            "actor": None,
            "attached_to": [],
            "assumption_status": b.text(data.get("assumption_status")) or None,
            "x": b.number(x), "y": b.number(y),
            "proposed_by": partner(data.get("proposed_by"), _("{where}, {field}", where=where, field=field_name("proposed_by"))),
            "agreed_by": [partner(p, _("{where}, {field}", where=where, field=field_name("agreed_by"))) for p in b.json_list(data.get("agreed_by"), where)],
            "disputed_by": [partner(p, _("{where}, {field}", where=where, field=field_name("disputed_by"))) for p in b.json_list(data.get("disputed_by"), where)],
        }
        if kind != ElementKind.ASSUMPTION:
            fields["assumption_status"] = None
        if (fields["x"] is None) != (fields["y"] is None):
            fields["x"] = fields["y"] = None
        elements[ids[node]] = b.model(Element, fields, where)
        if data.get("indicators"):
            raw_indicators.append((ids[node], data["indicators"], where))
    # references between elements, once every element has its id
    originals = {str(k): v for k, v in ids.items()}
    for node, data in graph.nodes(data=True):
        element = elements[ids[node]]
        where = _("{source}, node {node}", source=source, node=repr(str(node)[:60]))
        update = {}
        actor = b.text(data.get("actor"))
        if actor:
            ref = originals.get(actor, actor)
            if ref in elements and elements[ref].kind == ElementKind.ACTOR and element.kind == ElementKind.OUTCOME:
                update["actor"] = ref
            else:
                skipped.add(N_("an outcome's actor that is not an actor on the map was left out"), f"“{actor}”")
        attached = [originals.get(str(r), str(r)) for r in b.json_list(data.get("attached_to"), where)]
        if attached:
            update["attached_to"] = attached  # checked once links are read
        if update:
            elements[element.id] = element.model_copy(update=update)
    links = _links(graph, ids, elements, skipped, partner, source, custom)
    for element in list(elements.values()):
        if element.attached_to:
            kept = [r for r in element.attached_to if (r in elements or r in links) and r != element.id]
            if len(kept) < len(element.attached_to):
                skipped.add(N_("an assumption's attachment to an item not in the file was left out"), element.label[:40])
            if element.kind != ElementKind.ASSUMPTION:
                kept = []
            elements[element.id] = element.model_copy(update={"attached_to": kept})
    for element_id, raw, where in raw_indicators:
        for number, item in enumerate(b.json_list(raw, _("{where}, {field}", where=where, field=field_name("indicators"))), start=1):
            if not isinstance(item, dict):
                raise InvalidInput(_("{where}, indicator {number}: expected an object.", where=where, number=number))
            item = {**item, "element": element_id}
            item.setdefault("id", f"{element_id}-i{number}")
            indicators.append(b.model(Indicator, item, _("{where}, indicator {name}", where=where, name=repr(item.get("name", number)))))
    positioned = any(e.x is not None for e in elements.values())
    document = b.finish(
        b.text(meta.get("title") or meta.get("name")) or "Imported graph", b.text(meta.get("description")),
        partnership, list(elements.values()), list(links.values()), indicators, source,
        revision=0)
    loops = [(lp.get("id"), lp.get("name"), lp.get("description"), lp.get("links") or [])
             for lp in b.json_list(meta.get("loops"), _("{where}, {field}", where=source, field=field_name("loops"))) if isinstance(lp, dict)]
    document = custom.apply(b.with_systems(document, meta.get("map_type"), loops, skipped), skipped)
    document = b.with_display(document, meta.get("display"), skipped)
    return Parsed(document, skipped.sentences(), positioned)


def _links(graph: nx.Graph, ids: dict, elements: dict[str, Element], skipped: b.Skipped, partner, source: str,
           custom: b.CustomFields) -> dict[str, Link]:
    links: dict[str, Link] = {}
    seen: set[tuple[str, str, str]] = set()
    taken = set(elements)
    directed = graph.is_directed()
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else (
        (u, v, d.get("id"), d) for u, v, d in graph.edges(data=True))
    for u, v, key, data in edges:
        where = _("{source}, link {link} from {start} to {end}", source=source, link=repr(b.text(data.get("id") or key)[:40]),
                  start=repr(str(u)[:40]), end=repr(str(v)[:40]))
        s, t = ids[u], ids[v]
        if s == t:
            skipped.add(N_("a link from an element to itself was left out"), elements[s].label[:40])
            continue
        kind_word = b.word(data.get("kind") or data.get("type") or data.get("connection type"))
        kind = b.LINK_WORDS.get(kind_word) or (LinkKind.CONTRIBUTES_TO if directed else LinkKind.RELATES_TO)
        if kind_word and kind_word not in b.LINK_WORDS:
            skipped.add(N_("a link of a type tocmap does not know was read as a plain link"), f"“{kind_word}”")
        source_kind, target_kind = elements[s].kind, elements[t].kind
        if ElementKind.ASSUMPTION in (source_kind, target_kind):
            assumption, other = (s, t) if source_kind == ElementKind.ASSUMPTION else (t, s)
            if elements[other].kind != ElementKind.ASSUMPTION:
                a = elements[assumption]
                elements[assumption] = a.model_copy(update={"attached_to": [*a.attached_to, other]})
                skipped.add(N_("a link touching an assumption became an attachment of the assumption"), a.label[:40])
                continue
        sources, targets = LINK_RULES[kind]
        if source_kind not in sources or target_kind not in targets:
            kind = LinkKind.RELATES_TO if kind != LinkKind.RELATES_TO else kind
            sources, targets = LINK_RULES[kind]
            if source_kind not in sources or target_kind not in targets:
                skipped.add(N_("a link between two assumptions was left out"))
                continue
            skipped.add(N_("a link of a kind these two elements cannot have became 'relates to'"))
        if (s, t, kind.value) in seen:
            skipped.add(N_("a link repeating another between the same two elements was kept as a parallel link"))
        seen.add((s, t, kind.value))
        polarity = b.text(data.get("polarity")) or "+"
        fields = {
            "id": b.item_id(data.get("link_id") or key, "ln", taken), "kind": kind, "source": s, "target": t,
            "polarity": b.polarity(polarity) or "+",
            "confidence": b.word(data.get("confidence")) or "medium",
            "label": b.shorten(b.text(data.get("label"))), "rationale": b.text(data.get("rationale")),
            "evidence": b.text(data.get("evidence")),
            "proposed_by": partner(data.get("proposed_by"), _("{where}, {field}", where=where, field=field_name("proposed_by"))),
            "agreed_by": [partner(p, where) for p in b.json_list(data.get("agreed_by"), where)],
            "disputed_by": [partner(p, where) for p in b.json_list(data.get("disputed_by"), where)],
        }
        link = b.model(Link, fields, where)
        for extra in sorted(set(data) - EDGE_FIELDS - DERIVED):
            custom.add("link", link.id, extra, data[extra])
        links[link.id] = link
    return links


def _partnership(meta: dict, source: str) -> Partnership:
    raw = meta.get("partnership")
    if raw:
        try:
            return Partnership.model_validate_json(raw)
        except ValueError as error:
            raise InvalidInput(_("{source}: the partnership attribute is not valid ({problem}).", source=source,
                                 problem=str(error).splitlines()[0])) from None
    return b.new_partnership(b.text(meta.get("title") or meta.get("name")) or "Imported partnership")
