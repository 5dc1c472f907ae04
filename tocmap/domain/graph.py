"""The map as a networkx graph, and questions about its structure.

Functions take the graph (or the state) first and are pure.
"""

from __future__ import annotations

import networkx as nx

from tocmap.domain.model import MapState


def to_graph(state: MapState) -> nx.MultiDiGraph:
    """A directed multigraph: elements are nodes (with their kind), links are keyed edges.

    Examples
    --------
    >>> from tocmap.domain.model import Element, Link
    >>> state = MapState(title="m", elements={i: Element(id=i, kind="outcome", label=i) for i in "ab"},
    ...                  links={"l": Link(id="l", source="a", target="b")})
    >>> graph = to_graph(state)
    >>> graph.number_of_nodes(), list(graph.edges(keys=True))
    (2, [('a', 'b', 'l')])
    """
    graph = nx.MultiDiGraph()
    for element in state.elements.values():
        graph.add_node(element.id, kind=element.kind.value)
    for link in state.links.values():
        graph.add_edge(link.source, link.target, key=link.id, kind=link.kind.value, polarity=link.polarity)
    return graph


def pathway(state: MapState, element_id: str) -> set[str]:
    """Ids of everything upstream and downstream of an element, the links among them,
    and the assumptions attached to any of them.

    Examples
    --------
    >>> from tocmap.domain.model import Element, Link
    >>> els = {i: Element(id=i, kind="outcome", label=i) for i in "abcd"}
    >>> links = {"ab": Link(id="ab", source="a", target="b"), "bc": Link(id="bc", source="b", target="c")}
    >>> sorted(pathway(MapState(title="m", elements=els, links=links), "b"))
    ['a', 'ab', 'b', 'bc', 'c']
    """
    graph = to_graph(state)
    if element_id not in graph:
        return set()
    nodes = {element_id} | nx.ancestors(graph, element_id) | nx.descendants(graph, element_id)
    links = {key for source, target, key in graph.edges(keys=True) if source in nodes and target in nodes}
    attached = {
        a.id for a in state.elements.values()
        if any(ref in nodes or ref in links for ref in a.attached_to)
    }
    return nodes | links | attached
