"""GraphML, through networkx: nodes with their attributes, links as keyed edges, map attributes on the graph."""

from __future__ import annotations

import io

import networkx as nx

from tocmap.adapters.exchange import ExportSource, Parsed, ReadOptions, graphs, xmlsafe
from tocmap.domain.errors import InvalidInput
from tocmap.i18n import _


def export(source: ExportSource) -> bytes:
    """The map as GraphML (positions as ``x`` and ``y`` node attributes)."""
    graph = graphs.to_graph(source)
    graph.graph.update(graphs.map_attributes(source))
    out = io.BytesIO()
    nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return out.getvalue()


def read(data: bytes, options: ReadOptions) -> Parsed:
    """A map from GraphML written by tocmap or drawn in another tool."""
    source = options.filename or "The GraphML file"
    root = xmlsafe.parse(data, source).getroot()
    if xmlsafe.local(root.tag) != "graphml":
        raise InvalidInput(_("{source} is not GraphML: its root element is <{root}>, not <graphml>.", source=source,
                             root=xmlsafe.local(root.tag)))
    graphs.check_nodes_and_edges(root, source)
    try:
        graph = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    except (nx.NetworkXError, KeyError, ValueError, TypeError) as error:
        raise InvalidInput(_("{source} is GraphML that tocmap cannot read: {error}.", source=source, error=error)) from None
    meta = {k: v for k, v in graph.graph.items() if isinstance(v, str | int | float)}
    return graphs.from_graph(graph, meta, source)
