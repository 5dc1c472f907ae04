"""Systems insights: feedback loops, pathways, leverage points, and who owns which pathway.

Functions take a graph from :mod:`tocmap.domain.graph` first and are pure. Enumerations
that can explode on a big map (loops, pathways) stop at a count and a time limit; every
result says whether it is complete and, when it is not, states the bound in words
("showing the first 50 loops; more exist"), so a screen or a report never claims more
than was looked at.
"""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Iterable
from typing import Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict

from tocmap.domain.graph import causal_graph, reach
from tocmap.domain.model import RESULTS_LEVEL, ElementKind, LinkKind, MapState
from tocmap.i18n import _, format_number, ngettext

#: Loops listed at most, and the seconds spent looking for them.
LOOP_LIMIT = 50
LOOP_SECONDS = 0.2
#: Pathways from one intervention listed at most, and the seconds spent looking for them.
PATH_LIMIT = 50
PATH_SECONDS = 0.2
#: Pathways of the whole map looked at for the per-partner view.
PARTNER_PATH_LIMIT = 500
PARTNER_PATH_SECONDS = 0.3
#: Seconds spent on betweenness before it is estimated from the starting points done so far.
LEVERAGE_SECONDS = 0.5

LoopKind = Literal["reinforcing", "balancing"]
Measure = Literal["betweenness", "in_degree", "out_degree", "reach"]

#: Each leverage measure in words, for screens and reports.
MEASURES: dict[str, str] = {
    "betweenness": "how many routes through the map pass through the element (betweenness)",
    "in_degree": "how many elements lead into it",
    "out_degree": "how many elements it leads to directly",
    "reach": "how many elements it leads to, directly or further downstream",
}
_LEVELS = {kind.value: level for kind, level in RESULTS_LEVEL.items()}


class Insight(BaseModel):
    """Base of the insight results: frozen, strict."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Loop(Insight):
    """A feedback loop: elements in order, each joined to the next (the last back to the first)."""

    elements: list[str]
    links: list[str]
    kind: LoopKind
    negative: int
    results_chain: bool = False  # only "contributes to" links between results levels, crossing levels
    name: str = ""  # the name partners gave the loop, if any
    description: str = ""


class Loops(Insight):
    """The feedback loops found, and whether that is all of them."""

    loops: list[Loop]
    complete: bool = True
    note: str = ""


class Pathway(Insight):
    """A causal path: elements in order and the links between them."""

    elements: list[str]
    links: list[str]


class Pathways(Insight):
    """Pathways found, shortest first, and whether that is all of them."""

    paths: list[Pathway]
    complete: bool = True
    note: str = ""


class Ranked(Insight):
    """One element's score on a leverage measure."""

    element: str
    value: float


class Leverage(Insight):
    """Elements ranked by a measure, highest first (elements scoring 0 left out)."""

    measure: Measure
    ranking: list[Ranked]
    exact: bool = True
    note: str = ""


class PartnerShare(Insight):
    """The pathways one partner leads (owns the intervention) or contributes to (owns a later step)."""

    partner: str
    leads: list[int]
    contributes: list[int]


class PartnerPathways(Insight):
    """The map's intervention-to-impact pathways and each partner's share of them."""

    paths: list[Pathway]
    partners: list[PartnerShare]
    unowned: list[int]  # pathways whose intervention has no owner
    complete: bool = True
    note: str = ""


def plural(count: int, noun: str) -> str:
    """ "1 loop", "3 loops".

    Examples
    --------
    >>> plural(1, "loop"), plural(50, "pathway")
    ('1 loop', '50 pathways')
    """
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def _bound(count: int, noun: str, more: bool, timed_out: bool, seconds: float) -> str:
    """The bound of an enumeration in words, or "" when it is complete.

    Examples
    --------
    >>> _bound(50, "loop", True, False, 0.2)
    'showing the first 50 loops; more exist'
    >>> _bound(3, "pathway", False, True, 0.2)
    'stopped looking after 0.2 s with 3 pathways found; there may be more'
    """
    values = {"seconds": format(seconds, "g"), "count": format_number(count)}
    if timed_out and noun == "loop":
        return ngettext("stopped looking after {seconds} s with {count} loop found; there may be more",
                        "stopped looking after {seconds} s with {count} loops found; there may be more", count, **values)
    if timed_out:
        return ngettext("stopped looking after {seconds} s with {count} pathway found; there may be more",
                        "stopped looking after {seconds} s with {count} pathways found; there may be more", count,
                        **values)
    if more and noun == "loop":
        return ngettext("showing the first {count} loop; more exist", "showing the first {count} loops; more exist",
                        count, **values)
    if more:
        return ngettext("showing the first {count} pathway; more exist",
                        "showing the first {count} pathways; more exist", count, **values)
    return ""


# --------------------------------------------------------------------------- loops


def loop_kind(polarities: Iterable[str]) -> LoopKind:
    """Reinforcing when a loop has an even number of negative links, else balancing.

    Examples
    --------
    >>> loop_kind("++"), loop_kind("+-"), loop_kind("--+")
    ('reinforcing', 'balancing', 'reinforcing')
    """
    return "balancing" if sum(1 for p in polarities if p == "-") % 2 else "reinforcing"


#: What the loop search found in one strongly connected part: its cycles (at most the limit),
#: whether it stopped at the limit, and whether it ran out of time.
PartCycles = tuple[list[list[str]], bool, bool]


def feedback_loops(
    graph: nx.DiGraph, limit: int = LOOP_LIMIT, seconds: float = LOOP_SECONDS,
    parts: Iterable[set[str]] | None = None, searched: dict[frozenset[str], PartCycles] | None = None,
) -> Loops:
    """The feedback loops of a :func:`~tocmap.domain.graph.flow_graph`, shortest first.

    Only the strongly connected parts of the graph are searched (``parts``, when the caller
    already has them), each on its own (see :func:`part_cycles`). At most ``limit`` loops
    are listed and the search stops after ``seconds``; the result's ``note`` says so.
    Each loop starts at its smallest element id, so the same loop reads the same way
    after every edit. ``searched`` receives what was found in each part, and may hold
    already what an earlier search found in parts whose links have not changed since.

    Examples
    --------
    >>> from tocmap.domain.graph import flow_graph, sketch
    >>> graph = flow_graph(sketch("a -> b -> c -> a", "c -| d -> c", "a:outcome -> i:impact"))
    >>> [(loop.elements, loop.kind) for loop in feedback_loops(graph).loops]
    [(['c', 'd'], 'balancing'), (['a', 'b', 'c'], 'reinforcing')]
    >>> feedback_loops(graph, limit=1).note
    'showing the first 1 loop; more exist'
    """
    deadline = time.perf_counter() + seconds
    parts = nx.strongly_connected_components(graph) if parts is None else parts
    searched = {} if searched is None else searched
    keys = sorted((frozenset(p) for p in parts if len(p) > 1), key=min)
    for gone in searched.keys() - set(keys):  # what was found in parts that are no more
        del searched[gone]
    found: list[list[str]] = []
    more = timed_out = False
    for part in keys:
        if part not in searched:
            searched[part] = part_cycles(graph, part, limit, deadline)
        cycles, stopped, late = searched[part]
        found += cycles
        more, timed_out = more or stopped, timed_out or late
    found.sort(key=lambda cycle: (len(cycle), cycle))
    if len(found) > limit:
        found, more = found[:limit], True
    loops = [_loop(graph, cycle) for cycle in found]
    note = _bound(len(loops), "loop", more, timed_out, seconds)
    return Loops(loops=loops, complete=not note, note=note)


def part_cycles(graph: nx.DiGraph, part: frozenset[str], limit: int, deadline: float) -> PartCycles:
    """The cycles of one strongly connected part, each from its smallest element id, up to ``limit``
    of them and until ``deadline`` (a :func:`time.perf_counter` reading).

    Numbered in id order, with neighbours in id order: sets of ints iterate the same way in every
    process, so the same map always gives the same loops, even when only the first ones are listed.
    """
    names = sorted(part)
    number = {name: i for i, name in enumerate(names)}
    numbered = nx.DiGraph()
    numbered.add_nodes_from(range(len(names)))
    numbered.add_edges_from((number[u], number[v]) for u in names
                            for v in sorted(graph._succ[u]) if v in number)  # noqa: SLF001
    found: list[list[str]] = []
    for cycle in nx.simple_cycles(numbered):
        if len(found) == limit:
            return found, True, False
        first = cycle.index(min(cycle))
        found.append([names[i] for i in cycle[first:] + cycle[:first]])
        if time.perf_counter() > deadline:
            return found, False, True
    return found, False, False


def name_loops(loops: Loops, state: MapState) -> Loops:
    """The loops with the names partners gave them (:attr:`MapState.loops`), matched by their links.

    A named loop is matched by the set of its links, or else by the set of elements those
    links join (a loop named on one of two parallel links still finds its name).

    Examples
    --------
    >>> from tocmap.domain.graph import flow_graph, sketch
    >>> from tocmap.domain.model import NamedLoop
    >>> state = sketch("a:actor ~> b:actor ~| a")
    >>> state = state.model_copy(update={"loops": {"debt": NamedLoop(id="debt", name="Debt", links=["b-a", "a-b"])}})
    >>> [loop.name for loop in name_loops(feedback_loops(flow_graph(state)), state).loops]
    ['Debt']
    """
    named = getattr(state, "loops", None) or {}
    if not named:
        return loops
    by_links = {loop.key: loop for loop in named.values()}
    by_elements = {}
    for loop in named.values():
        ends = [state.links[i] for i in loop.links if i in state.links]
        if len(ends) == len(loop.links):
            by_elements.setdefault(frozenset(e for link in ends for e in (link.source, link.target)), loop)
    found = []
    for loop in loops.loops:
        match = by_links.get(frozenset(loop.links)) or by_elements.get(frozenset(loop.elements))
        found.append(loop.model_copy(update={"name": match.name, "description": match.description}) if match else loop)
    return loops.model_copy(update={"loops": found})


def _loop(graph: nx.DiGraph, cycle: list[str]) -> Loop:
    first = cycle.index(min(cycle))
    nodes = cycle[first:] + cycle[:first]
    edges = [graph.edges[u, v] for u, v in zip(nodes, nodes[1:] + nodes[:1], strict=True)]
    levels = {_LEVELS.get(graph.nodes[n]["kind"]) for n in nodes}
    chain = None not in levels and len(levels) > 1 and all(e["kind"] == LinkKind.CONTRIBUTES_TO for e in edges)
    negative = sum(1 for e in edges if e["polarity"] == "-")
    return Loop(elements=nodes, links=[e["link"] for e in edges], kind="balancing" if negative % 2 else "reinforcing",
                negative=negative, results_chain=chain)


# --------------------------------------------------------------------------- pathways


def pathways(
    graph: nx.DiGraph, sources: str | Iterable[str], targets: Iterable[str] | None = None,
    limit: int = PATH_LIMIT, seconds: float = PATH_SECONDS,
) -> Pathways:
    """Every simple path from the sources to the targets in a :func:`~tocmap.domain.graph.causal_graph`.

    Targets default to the impacts. A path ends at the first target it meets. At most
    ``limit`` paths are listed and the search stops after ``seconds``; ``note`` says so.

    Examples
    --------
    >>> from tocmap.domain.graph import causal_graph, sketch
    >>> graph = causal_graph(sketch("i:intervention -> o:output -> c -> m:impact", "o -> d -> c", "i -> x:output"))
    >>> [p.elements for p in pathways(graph, "i").paths]
    [['i', 'o', 'c', 'm'], ['i', 'o', 'd', 'c', 'm']]
    >>> pathways(graph, "i").paths[0].links
    ['i-o', 'o-c', 'c-m']
    >>> pathways(graph, "i", limit=1).note
    'showing the first 1 pathway; more exist'
    """
    sources = [sources] if isinstance(sources, str) else list(sources)
    if targets is None:
        targets = [n for n, kind in graph.nodes(data="kind") if kind == ElementKind.IMPACT]
    targets = set(targets)
    useful = reach(graph, targets, upstream=True)  # no step into a dead end
    succ = graph._succ  # noqa: SLF001 - a plain dict walk keeps big maps fast
    started, steps = time.perf_counter(), 0
    found: list[list[str]] = []
    more = timed_out = False
    for source in sources:
        if source not in useful or source in targets or more or timed_out:
            continue
        path, on_path, stack = [source], {source}, [iter(succ[source])]
        while stack:
            steps += 1
            if steps % 512 == 0 and time.perf_counter() - started > seconds:
                timed_out = True
                break
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                on_path.discard(path.pop())
            elif step in on_path or step not in useful:
                continue
            elif step in targets:
                if len(found) == limit:
                    more = True
                    break
                found.append([*path, step])
            else:
                path.append(step)
                on_path.add(step)
                stack.append(iter(succ[step]))
    found.sort(key=lambda p: (len(p), p))
    paths = [Pathway(elements=p, links=[succ[u][v]["link"] for u, v in zip(p, p[1:])]) for p in found]
    note = _bound(len(paths), "pathway", more, timed_out, seconds)
    return Pathways(paths=paths, complete=not note, note=note)


def partner_pathways(
    state: MapState, partner_ids: Iterable[str], graph: nx.DiGraph | None = None,
    limit: int = PARTNER_PATH_LIMIT, seconds: float = PARTNER_PATH_SECONDS,
) -> PartnerPathways:
    """Which intervention-to-impact pathways each partner leads or contributes to.

    A partner *leads* a pathway when it owns its intervention, and *contributes* to it
    when it owns another element on it. Interventions are taken in label order.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> state = sketch("i:intervention -> o:output -> m:impact", "j:intervention -> o")
    >>> owners = {"i": "moh", "o": "iph", "j": "iph"}
    >>> state = state.model_copy(update={"elements": {k: e.model_copy(update={"owner": owners.get(k)})
    ...                                               for k, e in state.elements.items()}})
    >>> view = partner_pathways(state, ["moh", "iph"])
    >>> [p.elements for p in view.paths]
    [['i', 'o', 'm'], ['j', 'o', 'm']]
    >>> [(s.partner, s.leads, s.contributes) for s in view.partners]
    [('moh', [0], []), ('iph', [1], [0])]
    """
    graph = causal_graph(state) if graph is None else graph
    elements = state.elements
    starts = sorted((e for e in elements.values() if e.kind == ElementKind.INTERVENTION),
                    key=lambda e: (e.label.casefold(), e.id))
    found = pathways(graph, [e.id for e in starts], limit=limit, seconds=seconds)
    owner = [[elements[n].owner for n in p.elements] for p in found.paths]
    shares = [
        PartnerShare(
            partner=partner,
            leads=[i for i, owners in enumerate(owner) if owners[0] == partner],
            contributes=[i for i, owners in enumerate(owner) if owners[0] != partner and partner in owners[1:]],
        )
        for partner in dict.fromkeys(partner_ids)
    ]
    return PartnerPathways(paths=found.paths, partners=shares, unowned=[i for i, o in enumerate(owner) if o[0] is None],
                           complete=found.complete, note=found.note)


# --------------------------------------------------------------------------- leverage


def leverage(
    graph: nx.DiGraph, measure: Measure = "betweenness", limit: int | None = 10,
    seconds: float = LEVERAGE_SECONDS, seed: int = 0,
) -> Leverage:
    """Elements ranked by a measure of a :func:`~tocmap.domain.graph.flow_graph`.

    Measures: ``betweenness`` (normalised as networkx does), ``in_degree``, ``out_degree``
    and ``reach`` (the number of elements downstream). Betweenness is exact when it
    finishes within ``seconds``; otherwise it is estimated from the starting points
    done by then (taken in a random order fixed by ``seed``) and ``note`` says so.

    Examples
    --------
    >>> from tocmap.domain.graph import flow_graph, sketch
    >>> graph = flow_graph(sketch("a -> b -> c -> d", "x -> b"))
    >>> [(r.element, r.value) for r in leverage(graph, "reach").ranking]
    [('a', 3.0), ('x', 3.0), ('b', 2.0), ('c', 1.0)]
    >>> [r.element for r in leverage(graph, "betweenness").ranking]
    ['b', 'c']
    """
    notes = ""
    exact = True
    if measure == "betweenness":
        scores, done = betweenness(graph, seconds, seed)
        if done < graph.number_of_nodes():
            exact = False
            notes = (f"estimated from {done:,} of {graph.number_of_nodes():,} starting points "
                     f"(time limit {seconds:g} s)")
    elif measure == "in_degree":
        scores = dict(graph.in_degree())
    elif measure == "out_degree":
        scores = dict(graph.out_degree())
    elif measure == "reach":
        scores = downstream_counts(graph)
    else:
        raise ValueError(_("unknown measure {measure}; use one of {measures}", measure=repr(measure),
                           measures=", ".join(MEASURES)))
    ranking = sorted(((v, n) for n, v in scores.items() if v > 0), key=lambda vn: (-vn[0], vn[1]))
    ranked = [Ranked(element=n, value=round(float(v), 6)) for v, n in ranking[:limit]]
    return Leverage(measure=measure, ranking=ranked, exact=exact, note=notes)


def betweenness(graph: nx.DiGraph, seconds: float = LEVERAGE_SECONDS, seed: int = 0) -> tuple[dict[str, float], int]:
    """Normalised betweenness centrality of a directed graph, and how many starting points it used.

    Brandes' algorithm, touching only what each start reaches (maps are made of pathways,
    so that is little). When time runs out the sums so far are scaled up as an estimate.

    Examples
    --------
    >>> graph = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "d"), ("d", "c")])
    >>> scores, done = betweenness(graph)
    >>> scores == nx.betweenness_centrality(graph), done
    (True, 4)
    """
    nodes = sorted(graph)
    random.Random(seed).shuffle(nodes)
    succ = graph._succ  # noqa: SLF001
    totals = dict.fromkeys(graph, 0.0)
    started, done = time.perf_counter(), 0
    for source in nodes:
        if done and time.perf_counter() - started > seconds:
            break
        done += 1
        order, parents, paths, depth = [], {source: []}, {source: 1}, {source: 0}
        queue = deque([source])
        while queue:
            node = queue.popleft()
            order.append(node)
            for nxt in succ[node]:
                if nxt not in depth:
                    depth[nxt] = depth[node] + 1
                    paths[nxt], parents[nxt] = 0, []
                    queue.append(nxt)
                if depth[nxt] == depth[node] + 1:
                    paths[nxt] += paths[node]
                    parents[nxt].append(node)
        share = dict.fromkeys(order, 0.0)
        for node in reversed(order):
            weight = (1 + share[node]) / paths[node]
            for parent in parents[node]:
                share[parent] += paths[parent] * weight
            if node != source:
                totals[node] += share[node]
    n = len(nodes)
    scale = (n / done if done else 0.0) / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return {node: value * scale for node, value in totals.items()}, done


def downstream_counts(graph: nx.DiGraph) -> dict[str, int]:
    """For every node, how many other nodes it reaches (its descendants), in one pass.

    Examples
    --------
    >>> downstream_counts(nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")]))
    {'a': 2, 'b': 2, 'c': 0}
    """
    condensed = nx.condensation(graph)
    index = {node: i for i, node in enumerate(graph)}
    below: dict[int, int] = {}
    for part in reversed(list(nx.topological_sort(condensed))):
        bits = 0
        for member in condensed.nodes[part]["members"]:
            bits |= 1 << index[member]
        for lower in condensed._succ[part]:  # noqa: SLF001
            bits |= below[lower]
        below[part] = bits
    mapping = condensed.graph["mapping"]
    return {node: below[mapping[node]].bit_count() - 1 for node in graph}
