"""How long the checks take after an edit, on realistic maps of 100, 1,000 and 10,000 elements.

Run from the repository root::

    python bench/checks.py            # sizes 100, 1000, 10000; 7 edits of each kind
    python bench/checks.py --rounds 3 --sizes 1000

A map is checked once (as when the Checks tab opens), then edited as partners do: a label
changed, an owner chosen, an element moved, agreed, a link drawn and removed, an element
added and removed. After each edit the checks run on the new state, given the run of the
state before (as the app does), and the median per kind of edit is printed.

Beside it, measured in the same run on the same map: networkx's bare pass of the same
questions, with the graph already built (is it a DAG, one reverse search from the impacts,
simple cycles up to length 8 capped at 1,000), timed on the map after each edit right after its
checks. Issue 23's goal: all checks after an edit
under 10 ms at 1,000 elements and 150 ms at 10,000, and never more than 2x the bare pass.
The slowest kind of edit is held to the goal. It then times the insights the panel computes
on demand (pathways, leverage, partners).
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapgen import realistic_map  # noqa: E402

from tocmap.domain.changes import (  # noqa: E402
    AddElement,
    AddLink,
    MoveElements,
    RemoveElement,
    RemoveLink,
    UpdateElement,
    apply_change,
)
from tocmap.domain.checks import run_checks  # noqa: E402
from tocmap.domain.graph import causal_graph, flow_graph  # noqa: E402
from tocmap.domain.insights import leverage, partner_pathways, pathways  # noqa: E402
from tocmap.domain.model import Element, ElementKind, Link  # noqa: E402

GOALS = {1000: 0.010, 10000: 0.150}  # issue 23: seconds, all checks after an edit
GOAL_RATIO = 2.0  # issue 23: never more than 2x the bare networkx pass
PARTNERS = {"p1": "Ministry", "p2": "Institute"}
EDITS = ["label", "owner", "move", "agree", "link drawn", "link removed", "element added", "element removed"]


def median_seconds(work, rounds: int) -> float:
    """Median wall time of ``work()`` over ``rounds`` runs (after one warm-up run)."""
    work()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bare_pass(graph: nx.DiGraph, impacts: list[str]) -> int:
    """networkx alone, the same questions: a DAG? what leads to the impacts? the short cycles."""
    acyclic = nx.is_directed_acyclic_graph(graph)
    upstream = sum(len(layer) for layer in nx.bfs_layers(graph.reverse(copy=False), impacts))
    cycles = sum(1 for _ in itertools.islice(nx.simple_cycles(graph, length_bound=8), 1000))
    return acyclic + upstream + cycles


def an_edit(kind: str, state, rng: random.Random, serial: int):
    """One edit of this kind on a random element, as a partner would make it."""
    elements = list(state.elements.values())
    some = rng.choice([e for e in elements if e.kind == ElementKind.OUTCOME])
    if kind == "label":
        return UpdateElement(id=some.id, set={"label": f"{some.label[:60]} (revised {serial})"})
    if kind == "owner":
        return UpdateElement(id=some.id, set={"owner": rng.choice([None, *PARTNERS])})
    if kind == "move":
        return MoveElements(positions={some.id: (rng.uniform(0, 3000), rng.uniform(0, 2000))})
    if kind == "agree":
        return UpdateElement(id=some.id, set={"agreed_by": rng.sample(list(PARTNERS), rng.randint(0, 2))})
    if kind == "link drawn":
        linked = {link.source for link in state.links.values() if link.target == some.id}
        output = rng.choice([e for e in elements if e.kind == ElementKind.OUTPUT and e.id not in linked])
        return AddLink(link=Link(id=f"bench-link-{serial}", source=output.id, target=some.id))
    if kind == "link removed":
        return RemoveLink(id=f"bench-link-{serial}")
    if kind == "element added":
        return AddElement(element=Element(id=f"bench-el-{serial}", kind="output", label=f"New output {serial}"))
    return RemoveElement(id=f"bench-el-{serial}")


def edits_checked(state, rounds: int, seed: int) -> tuple[dict[str, float], float, object]:
    """Median seconds of the checks after each kind of edit, of the bare pass on the map after each
    edit (right after its checks, so that both meet the same load on the machine), and the last run."""
    rng = random.Random(seed)
    run = run_checks(state, PARTNERS)  # the Checks tab opened before the edits
    times: dict[str, list[float]] = {kind: [] for kind in EDITS}
    bare = []
    for serial in range(rounds + 1):
        for kind in EDITS:
            state, _ = apply_change(state, an_edit(kind, state, rng, serial))
            started = time.perf_counter()
            run = run_checks(state, PARTNERS, previous=run)
            checked = time.perf_counter() - started
            graph = flow_graph(state)
            impacts = [e.id for e in state.elements.values() if e.kind == ElementKind.IMPACT]
            started = time.perf_counter()
            bare_pass(graph, impacts)
            if serial:  # the first round warms up
                times[kind].append(checked)
                bare.append(time.perf_counter() - started)
    return {kind: statistics.median(t) for kind, t in times.items()}, statistics.median(bare), run


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    print(f"Checks after an edit: median of {args.rounds} edits of each kind; Python {sys.version.split()[0]}, "
          f"networkx {nx.__version__}")
    print("goal (issue 23): < 10 ms at 1,000 elements, < 150 ms at 10,000, and at most 2.0x the bare networkx "
          "pass (DAG? + one reverse search from the impacts + simple cycles up to length 8, capped at 1,000)")
    rows = []
    for size in args.sizes:
        state = realistic_map(size, args.seed)
        scratch = median_seconds(lambda s=state: run_checks(s, PARTNERS), min(args.rounds, 3))
        medians, bare, run = edits_checked(state, args.rounds, args.seed)
        state = run.state
        worst_kind = max(medians, key=medians.get)
        worst = medians[worst_kind]
        loops = run.report.loops
        print(f"\n{size:,} elements, {len(state.links):,} links: {len(run.report.findings):,} findings, "
              f"{len(loops.loops)} loops ({'complete' if loops.complete else loops.note}); "
              f"all checks from scratch {ms(scratch)}")
        print("  after an edit: " + "; ".join(f"{kind} {ms(t)}" for kind, t in medians.items()))
        goal = GOALS.get(size)
        verdicts = [f"ratio {worst / bare:.2f}x of the bare pass (goal <= {GOAL_RATIO:.1f}x): "
                    f"{'met' if worst / bare <= GOAL_RATIO else 'missed'}"]
        if goal is not None:
            verdicts.insert(0, f"goal < {ms(goal)}: {'met' if worst < goal else 'missed'}")
        print(f"  slowest ({worst_kind}) {ms(worst)}; bare networkx pass {ms(bare)}; " + "; ".join(verdicts))
        rows.append((size, state))

    print()
    print("Insights, computed when the panel's Insights view is open (median, same maps):")
    for size, state in rows:
        causal, flow = causal_graph(state), flow_graph(state)
        start = next((e.id for e in sorted(state.elements.values(), key=lambda e: e.label)
                      if e.kind == ElementKind.INTERVENTION), None)
        found = pathways(causal, start)
        times = {
            "pathways from one intervention": median_seconds(lambda: pathways(causal, start), args.rounds),
            "betweenness (top 40)": median_seconds(lambda: leverage(flow, "betweenness", limit=40), args.rounds),
            "reach (top 40)": median_seconds(lambda: leverage(flow, "reach", limit=40), args.rounds),
            "partners' pathways": median_seconds(lambda: partner_pathways(state, list(PARTNERS)), args.rounds),
        }
        ranked = leverage(flow, "betweenness", limit=40)
        print(f"  {size:>6,} elements: " + "; ".join(f"{name} {ms(t)}" for name, t in times.items()))
        notes = [n for n in (found.note, ranked.note, partner_pathways(state, list(PARTNERS)).note) if n]
        if notes:
            print("           bounds reached: " + "; ".join(notes))


if __name__ == "__main__":
    main()
