"""Systems insights: loops, pathways, leverage and partners' pathways, bounded and stated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from tocmap.domain.graph import causal_graph, flow_graph, sketch
from tocmap.domain.insights import (
    betweenness,
    downstream_counts,
    feedback_loops,
    leverage,
    partner_pathways,
    pathways,
)
from tocmap.domain.model import MapState

ROOT = Path(__file__).parents[2]


def owners(state: MapState, **by_element: str) -> MapState:
    elements = {k: e.model_copy(update={"owner": by_element.get(k)}) for k, e in state.elements.items()}
    return state.model_copy(update={"elements": elements})


def ladder(rungs: int) -> MapState:
    """An intervention with two ways through each of ``rungs`` steps: 2**rungs pathways to the impact."""
    chains = ["s:intervention -> a0", f"a{rungs} -> m:impact"]
    for n in range(rungs):
        chains += [f"a{n} -> a{n + 1}", f"a{n} -> b{n} -> a{n + 1}"]
    return sketch(*chains)


# --------------------------------------------------------------------------- pathways


def test_every_pathway_from_an_intervention_to_the_impact_shortest_first():
    state = sketch("i:intervention -> o:output -> c -> m:impact", "o -> d -> c", "i -> p:output -> d")
    found = pathways(causal_graph(state), "i")
    assert [p.elements for p in found.paths] == [
        ["i", "o", "c", "m"], ["i", "o", "d", "c", "m"], ["i", "p", "d", "c", "m"]]
    assert found.paths[0].links == ["i-o", "o-c", "c-m"]
    assert found.complete and found.note == ""


def test_a_pathway_stops_at_the_first_impact_and_never_repeats_an_element():
    state = sketch("i:intervention -> c -> m:impact -> n:impact", "c -> d -> c")
    assert [p.elements for p in pathways(causal_graph(state), "i").paths] == [["i", "c", "m"]]  # not on to n


def test_no_pathway_from_an_intervention_that_leads_nowhere():
    state = sketch("i:intervention -> o:output", "c -> m:impact")
    assert pathways(causal_graph(state), "i").paths == []
    assert pathways(causal_graph(state), "nowhere").paths == []


def test_pathways_are_bounded_in_count_and_the_bound_is_stated():
    graph = causal_graph(ladder(8))  # 256 pathways
    found = pathways(graph, "s", limit=20)
    assert len(found.paths) == 20 and not found.complete
    assert found.note == "showing the first 20 pathways; more exist"
    assert len(pathways(graph, "s", limit=1000).paths) == 256


def test_pathways_are_bounded_in_time_and_the_bound_is_stated():
    graph = causal_graph(ladder(16))  # 65,536 pathways
    found = pathways(graph, "s", limit=10**6, seconds=0.01)
    assert not found.complete and found.note.startswith("stopped looking after 0.01 s with ")
    assert found.note.endswith("there may be more")


def test_loops_are_bounded_in_time_and_the_bound_is_stated():
    dense = nx.complete_graph(9, create_using=nx.DiGraph)  # hundreds of thousands of loops
    graph = nx.DiGraph()
    graph.add_nodes_from((f"n{n}", {"kind": "outcome"}) for n in dense)
    graph.add_edges_from((f"n{u}", f"n{v}", {"link": f"l{u}{v}", "polarity": "+", "kind": "contributes_to"})
                         for u, v in dense.edges)
    found = feedback_loops(graph, limit=10**6, seconds=0.05)
    assert not found.complete and found.note.startswith("stopped looking after 0.05 s")


def test_the_same_map_gives_the_same_first_loops_in_every_process():
    script = ("import sys; sys.path.insert(0, 'bench'); from mapgen import realistic_map;"
              "from tocmap.domain.graph import flow_graph; from tocmap.domain.insights import feedback_loops;"
              "print([lp.elements for lp in feedback_loops(flow_graph(realistic_map(3000, 3)), limit=8).loops])")
    outputs = {
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1 and outputs.pop().startswith("[[")


# --------------------------------------------------------------------------- partners


def test_each_partner_leads_the_pathways_of_its_interventions_and_contributes_to_others():
    state = sketch("i:intervention -> o:output -> c -> m:impact", "j:intervention -> p:output -> c")
    state = owners(state, i="moh", o="moh", j="iph", p="iph", c="iph", m="moh")
    view = partner_pathways(state, ["moh", "iph", "ngo"])
    assert [p.elements[0] for p in view.paths] == ["i", "j"]
    shares = {s.partner: (s.leads, s.contributes) for s in view.partners}
    assert shares == {"moh": ([0], [1]), "iph": ([1], [0]), "ngo": ([], [])}
    assert view.unowned == [] and view.complete


def test_pathways_from_interventions_nobody_owns_are_counted_apart():
    view = partner_pathways(sketch("i:intervention -> c -> m:impact"), ["moh"])
    assert view.unowned == [0] and view.partners[0].leads == []


# --------------------------------------------------------------------------- leverage


@pytest.fixture(scope="module")
def generated():
    sys.path.insert(0, str(ROOT / "bench"))
    from mapgen import realistic_map

    return flow_graph(realistic_map(300, seed=2))


def test_betweenness_is_what_networkx_computes(generated):
    ours, done = betweenness(generated, seconds=60)
    theirs = nx.betweenness_centrality(generated)
    assert done == generated.number_of_nodes()
    assert max(abs(ours[n] - theirs[n]) for n in generated) < 1e-12


def test_betweenness_is_estimated_when_time_runs_out_and_says_so(generated):
    ranked = leverage(generated, "betweenness", seconds=0)
    assert not ranked.exact
    assert ranked.note.startswith("estimated from 1 of 300 starting points")


def test_reach_counts_every_element_downstream(generated):
    counts = downstream_counts(generated)
    assert all(counts[n] == len(nx.descendants(generated, n)) for n in generated)


def test_degrees_rank_elements_highest_first_and_leave_out_zeros():
    graph = flow_graph(sketch("a -> b -> c", "a -> c", "a -> d", "x"))
    assert [(r.element, r.value) for r in leverage(graph, "out_degree").ranking] == [("a", 3.0), ("b", 1.0)]
    assert [(r.element, r.value) for r in leverage(graph, "in_degree", limit=1).ranking] == [("c", 2.0)]
    with pytest.raises(ValueError, match="unknown measure"):
        leverage(graph, "charisma")
