"""GEXF (Gephi), through networkx: positions as ``viz:position``, colours as ``viz:color``.

GEXF has no map-level attributes; the map's title is the graph's name, its description
goes in ``<meta><description>`` and the partnership in a ``<tocmap:partnership>`` element
of ``<meta>`` (other tools ignore it). Gephi's y axis points up, the canvas's down: y is
negated on the way out and back.
"""

from __future__ import annotations

import io

import networkx as nx
from lxml import etree

from tocmap.adapters.exchange import ExportSource, Parsed, ReadOptions, graphs, xmlsafe
from tocmap.domain.errors import InvalidInput
from tocmap.i18n import _

NS = "https://tocmap.org/ns/exchange"


def _rgb(colour: str) -> dict:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


def export(source: ExportSource) -> bytes:
    """The map as GEXF 1.2."""
    graph = graphs.to_graph(source)
    graph.graph["name"] = source.state.title
    for _node, data in graph.nodes(data=True):
        viz = {"color": _rgb(data["colour"]), "size": 10.0}
        x, y = data.pop("x", None), data.pop("y", None)
        if x is not None:
            viz["position"] = {"x": x, "y": -y, "z": 0.0}
        data["viz"] = viz
    text = "\n".join(nx.generate_gexf(graph, prettyprint=True))
    root = etree.fromstring(text.encode(), xmlsafe.parser())
    gexf_ns = etree.QName(root).namespace
    meta = root.find(f"{{{gexf_ns}}}meta")
    creator = meta.find(f"{{{gexf_ns}}}creator")
    if creator is not None:
        creator.text = "tocmap"
    if source.state.description:
        etree.SubElement(meta, f"{{{gexf_ns}}}description").text = source.state.description
    extra = etree.SubElement(meta, f"{{{NS}}}partnership", nsmap={"tocmap": NS})
    extra.text = source.partnership.model_dump_json()
    etree.SubElement(meta, f"{{{NS}}}revision", nsmap={"tocmap": NS}).text = str(source.revision)
    for key, value in graphs.map_attributes(source).items():
        if key in ("map_type", "loops", "fields", "display"):
            etree.SubElement(meta, f"{{{NS}}}{key}", nsmap={"tocmap": NS}).text = value
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def read(data: bytes, options: ReadOptions) -> Parsed:
    """A map from GEXF written by tocmap or Gephi."""
    source = options.filename or "The GEXF file"
    root = xmlsafe.parse(data, source).getroot()
    if xmlsafe.local(root.tag) != "gexf":
        raise InvalidInput(_("{source} is not GEXF: its root element is <{root}>, not <gexf>.", source=source,
                             root=xmlsafe.local(root.tag)))
    graphs.check_nodes_and_edges(root, source)
    try:
        graph = nx.read_gexf(io.BytesIO(data))
    except (nx.NetworkXError, KeyError, ValueError, TypeError, AttributeError) as error:
        raise InvalidInput(_("{source} is GEXF that tocmap cannot read: {error}.", source=source, error=error)) from None
    meta: dict = {"title": graph.graph.get("name", "")}
    for child in root.iter():
        name = xmlsafe.local(child.tag)
        if name == "description" and xmlsafe.local(child.getparent().tag) == "meta":
            meta["description"] = (child.text or "").strip()
        if etree.QName(child).namespace == NS and name in ("partnership", "map_type", "loops", "fields",
                                                                "display"):
            meta[name] = (child.text or "").strip()
    positions = {}
    for node, attributes in graph.nodes(data=True):
        position = (attributes.get("viz") or {}).get("position")
        if position and "x" in position and "y" in position:
            positions[node] = (float(position["x"]), -float(position["y"]))
        attributes.pop("x", None), attributes.pop("y", None)
    return graphs.from_graph(graph, meta, source, positions)
