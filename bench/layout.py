"""Automatic layout at scale.

Prints, for realistic maps of 100, 300, 2,000 and 10,000 elements, the median time of
several runs of ``level_layout`` and ``free_layout``, and for comparison the time networkx's
``spring_layout`` takes with its default settings on the 2,000-element map.

    python bench/layout.py
    python bench/layout.py --runs 3 --sizes 2000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mapgen import realistic_map  # noqa: E402

from tocmap.domain.layout import free_layout, level_layout  # noqa: E402


def median_ms(run, runs: int) -> float:
    """Median wall-clock time of ``runs`` calls of ``run``, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def as_graph(state) -> nx.DiGraph:
    """The map as a plain networkx graph: elements and links."""
    graph = nx.DiGraph()
    graph.add_nodes_from(state.elements)
    graph.add_edges_from((link.source, link.target) for link in state.links.values())
    return graph


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5; 3 at 10,000 elements)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 2000, 10000])
    args = parser.parse_args()
    print(f"{'elements':>8} {'links':>6} {'level_layout ms':>16} {'free_layout ms':>15}")
    for size in args.sizes:
        state = realistic_map(size)
        runs = min(args.runs, 3) if size >= 10000 else args.runs
        level = median_ms(lambda: level_layout(state), runs)
        free = median_ms(lambda: free_layout(state), runs)
        print(f"{size:>8} {len(state.links):>6} {level:>16.0f} {free:>15.0f}")
    graph = as_graph(realistic_map(2000))
    spring = median_ms(lambda: nx.spring_layout(graph, seed=0), 1)
    print(f"networkx spring_layout (defaults) at 2000 elements: {spring:.0f} ms (one run)")


if __name__ == "__main__":
    main()
