"""The map as a networkx graph, and questions about its structure.

Functions take the graph (or the state) first and are pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import networkx as nx

from tocmap.domain.model import Element, ElementKind, Link, LinkKind, MapState

#: Link kinds that have a direction: they can form pathways and feedback loops.
#: ("relates to" is a looser, undirected connection.)
DIRECTED_LINKS = frozenset({LinkKind.CONTRIBUTES_TO, LinkKind.INFLUENCES})


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


def causal_graph(state: MapState) -> nx.DiGraph:
    """The results chain: every element, and the "contributes to" links between them.

    Nodes carry ``kind``; each edge carries its ``link`` id and ``polarity``.

    Examples
    --------
    >>> graph = causal_graph(sketch("act:intervention -> out:output", "act ~> a:actor"))
    >>> sorted(graph.nodes), list(graph.edges(data="link"))
    (['a', 'act', 'out'], [('act', 'out', 'act-out')])
    """
    return _digraph(state, {LinkKind.CONTRIBUTES_TO})


def flow_graph(state: MapState) -> nx.DiGraph:
    """Everything with a direction: "contributes to" and "influences" links.

    Nodes carry ``kind``; each edge carries its ``link`` id, ``polarity`` and link ``kind``.
    Two links can join the same two elements only when their kinds differ (an intervention
    that both contributes to and influences an actor); the graph keeps the first of them.

    Examples
    --------
    >>> graph = flow_graph(sketch("a:actor ~| b:actor -> c:outcome", "a -- c"))
    >>> [(s, t, d["polarity"], d["kind"]) for s, t, d in graph.edges(data=True)]
    [('a', 'b', '-', 'influences'), ('b', 'c', '+', 'contributes_to')]
    """
    return _digraph(state, DIRECTED_LINKS)


def _digraph(state: MapState, kinds: Iterable[LinkKind]) -> nx.DiGraph:
    kinds = frozenset(kinds)
    graph = nx.DiGraph()
    graph.add_nodes_from((e.id, {"kind": e.kind.value}) for e in state.elements.values())
    edges: dict[tuple[str, str], dict] = {}
    for link in state.links.values():
        if link.kind in kinds:
            edges.setdefault((link.source, link.target),
                             {"link": link.id, "polarity": link.polarity, "kind": link.kind.value})
    graph.add_edges_from((s, t, data) for (s, t), data in edges.items())
    return graph


def reach(graph: nx.DiGraph, sources: Iterable[str], upstream: bool = False) -> set[str]:
    """Every node reachable from any of ``sources`` (the sources included), in one pass.

    With ``upstream`` the links are followed backwards: what can reach the sources.

    Examples
    --------
    >>> graph = causal_graph(sketch("a -> b -> c", "x -> c", "y -> z"))
    >>> sorted(reach(graph, ["a", "y"])), sorted(reach(graph, ["c"], upstream=True))
    (['a', 'b', 'c', 'y', 'z'], ['a', 'b', 'c', 'x'])
    """
    neighbours = graph._pred if upstream else graph._succ  # noqa: SLF001 - plain dict walk, fast on big maps
    seen = {s for s in sources if s in neighbours}
    frontier = list(seen)
    while frontier:
        node = frontier.pop()
        for other in neighbours[node]:
            if other not in seen:
                seen.add(other)
                frontier.append(other)
    return seen


_ARROWS = {
    "->": (LinkKind.CONTRIBUTES_TO, "+"),
    "-|": (LinkKind.CONTRIBUTES_TO, "-"),
    "~>": (LinkKind.INFLUENCES, "+"),
    "~|": (LinkKind.INFLUENCES, "-"),
    "--": (LinkKind.RELATES_TO, "+"),
}


def sketch(*chains: str, title: str = "Sketch") -> MapState:
    """A small map drawn in text, for examples and tests.

    Each chain is ``element arrow element arrow ...``. An element is ``id`` or ``id:kind``
    (kind at its first mention; ``outcome`` when never given); its label is its id.
    Arrows: ``->`` contributes to (+), ``-|`` contributes to (-), ``~>`` influences (+),
    ``~|`` influences (-), ``--`` relates to. The link from ``a`` to ``b`` has id ``a-b``.

    Examples
    --------
    >>> state = sketch("act:intervention -> out:output -> oc -| imp:impact")
    >>> [(e.id, e.kind.value) for e in state.elements.values()]
    [('act', 'intervention'), ('out', 'output'), ('oc', 'outcome'), ('imp', 'impact')]
    >>> [(k, lk.polarity) for k, lk in state.links.items()]
    [('act-out', '+'), ('out-oc', '+'), ('oc-imp', '-')]
    """
    kinds: dict[str, ElementKind] = {}
    links: dict[str, Link] = {}
    for chain in chains:
        tokens = chain.split()
        if len(tokens) % 2 == 0:
            raise ValueError(f"a chain alternates elements and arrows: {chain!r}")
        names = []
        for token in tokens[::2]:
            name, _, kind = token.partition(":")
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.]*", name):
                raise ValueError(f"not an element id: {name!r}")
            if kind or name not in kinds:
                kinds[name] = ElementKind(kind or kinds.get(name, ElementKind.OUTCOME))
            names.append(name)
        for source, arrow, target in zip(names[:-1], tokens[1::2], names[1:], strict=True):
            if arrow not in _ARROWS:
                raise ValueError(f"unknown arrow {arrow!r}; use one of {', '.join(_ARROWS)}")
            kind, polarity = _ARROWS[arrow]
            link_id = f"{source}-{target}"
            links[link_id] = Link(id=link_id, kind=kind, source=source, target=target, polarity=polarity)
    elements = {name: Element(id=name, kind=kind, label=name) for name, kind in kinds.items()}
    return MapState(title=title, elements=elements, links=links)
