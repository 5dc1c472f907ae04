"""How long the checks take after an edit, on realistic maps of 100, 1,000 and 10,000 elements.

Run from the repository root::

    python bench/checks.py            # sizes 100, 1000, 10000; 7 rounds each
    python bench/checks.py --rounds 3 --sizes 1000

For each size it prints the median time of the full check (every rule, plus the bounded
feedback-loop search) on the map after one edit, the targets from the issue (1,000
elements under 50 ms, 10,000 under 1 s), and the ratio to networkx's bare pass on the
same graph: ``simple_cycles`` (every cycle, unbounded) plus ``descendants`` of every
intervention, with the graph already built. The full check also builds its graphs from
the map, makes the findings and writes their messages; the ratio says what that costs.
It then times the insights the panel computes on demand (pathways, leverage, partners).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapgen import realistic_map  # noqa: E402

from tocmap.domain.changes import UpdateElement, apply_change  # noqa: E402
from tocmap.domain.checks import check  # noqa: E402
from tocmap.domain.graph import causal_graph, flow_graph  # noqa: E402
from tocmap.domain.insights import leverage, partner_pathways, pathways  # noqa: E402
from tocmap.domain.model import ElementKind  # noqa: E402

TARGETS = {1000: (0.050, "50 ms"), 10000: (1.0, "1 s")}  # from the issue
PARTNERS = {"p1": "Ministry", "p2": "Institute"}


def median_seconds(work, rounds: int) -> float:
    """Median wall time of ``work()`` over ``rounds`` runs (after one warm-up run)."""
    work()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def edited(size: int, seed: int):
    """A realistic map, then the same map after one edit (a label changed): what the panel checks."""
    state = realistic_map(size, seed)
    first = next(e for e in state.elements.values() if e.kind == ElementKind.OUTCOME)
    state, _ = apply_change(state, UpdateElement(id=first.id, set={"label": first.label + " (revised)"}))
    return state


def bare_pass(graph: nx.DiGraph, interventions: list[str]) -> int:
    """networkx alone: every simple cycle, and what each intervention reaches."""
    cycles = sum(1 for _ in nx.simple_cycles(graph))
    reached = sum(len(nx.descendants(graph, node)) for node in interventions)
    return cycles + reached


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    print(f"Checks after an edit: median of {args.rounds} runs; Python {sys.version.split()[0]}, "
          f"networkx {nx.__version__}")
    header = (f"{'elements':>8} {'links':>7} {'findings':>9} {'loops':>6}  {'full check':>11}  {'target':<14}  "
              f"{'bare nx pass':>12}  {'ratio':>6}")
    print(header)
    print("-" * len(header))
    rows = []
    for size in args.sizes:
        state = edited(size, args.seed)
        report = check(state, PARTNERS)
        full = median_seconds(lambda s=state: check(s, PARTNERS), args.rounds)
        graph = flow_graph(state)
        interventions = [e.id for e in state.elements.values() if e.kind == ElementKind.INTERVENTION]
        bare = median_seconds(lambda g=graph, i=interventions: bare_pass(g, i), args.rounds)
        limit, words = TARGETS.get(size, (None, ""))
        verdict = f"< {words}: {'met' if full < limit else 'MISSED'}" if limit else ""
        loops = f"{len(report.loops.loops)}{'+' if not report.loops.complete else ''}"
        print(f"{size:>8,} {len(state.links):>7,} {len(report.findings):>9,} {loops:>6}  {ms(full):>11}  "
              f"{verdict:<14}  {ms(bare):>12}  {full / bare:>5.1f}x")
        rows.append((size, state))
    print("  loops: '+' means the loop search stopped at its bound:", check(rows[-1][1]).loops.note or "never")

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
