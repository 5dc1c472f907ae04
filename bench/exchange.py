"""Export and import times per format for a 300-element map with 50 indicators and 1,000 observations.

The map comes from bench/mapgen.py (realistic_map), arranged by results level, with
indicators added until there are 50, each with a baseline, three yearly targets and 20
observations. It is stored in a SQLite file; every export runs through the export service
(as the download route does) and every import of the exported file through the import
service (a new map each time). Prints the median of several runs, in milliseconds, and the
file size.

``--memory`` measures instead the peak memory (tracemalloc) of reading an import (parsing the
file and building the map document, as the import service does before it writes) for a normal
file (the 300-element map), a file at the limits (20,000 elements) and a file five times over
them (100,000 elements, refused), in tocmap JSON, Kumu JSON and GraphML; beside each, in the
same run, the bare anchor: the standard library alone parsing the same bytes (``json.loads``,
``xml.etree.ElementTree.fromstring``).

    python bench/exchange.py              # 5 runs per format
    python bench/exchange.py --runs 11
    python bench/exchange.py --memory
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapgen import realistic_map  # noqa: E402

from tocmap.adapters.database import Database  # noqa: E402
from tocmap.adapters.migrate import upgrade  # noqa: E402
from tocmap.adapters.exchange import FORMATS, ExportSource  # noqa: E402
from tocmap.domain.document import MapDocument  # noqa: E402
from tocmap.domain.errors import InvalidInput  # noqa: E402
from tocmap.domain.limits import Limits  # noqa: E402
from tocmap.domain.layout import level_layout  # noqa: E402
from tocmap.domain.model import (  # noqa: E402
    Baseline,
    ElementKind,
    Indicator,
    MapState,
    Observation,
    Partner,
    Partnership,
    Period,
    Target,
)
from tocmap.services import exchange, maps  # noqa: E402
from tocmap.services.access import SYSTEM  # noqa: E402

INDICATORS = 50
OBSERVATIONS = 1_000


def bench_map(seed: int = 7) -> MapDocument:
    """The benchmark map: 300 elements, positions, 50 indicators, 1,000 observations."""
    rng = random.Random(seed)
    state = realistic_map(300, seed=seed)
    positions = level_layout(state)
    elements = {k: e.model_copy(update={"x": positions[k][0], "y": positions[k][1]}) for k, e in state.elements.items()}
    measurable = [e.id for e in elements.values() if e.kind in (ElementKind.OUTCOME, ElementKind.OUTPUT)]
    indicators = dict(state.indicators)
    while len(indicators) < INDICATORS:
        element = rng.choice(measurable)
        new = Indicator(id=f"ind-extra-{len(indicators)}", element=element, name=f"Indicator {len(indicators) + 1}",
                        measure="percentage", unit="%")
        indicators[new.id] = new
    per = OBSERVATIONS // INDICATORS
    filled = {}
    for n, (key, indicator) in enumerate(sorted(indicators.items())[:INDICATORS]):
        years = [Period(label=str(y), start=dt.date(y, 1, 1), end=dt.date(y, 12, 31)) for y in (2024, 2025, 2026)]
        start = dt.date(2024, 1, 31)
        observations = [
            Observation(id=f"o{m}", value=round(30 + m * 2 + rng.uniform(-4, 4), 1),
                        date=start + dt.timedelta(days=45 * m), evidence="Quarterly monitoring report",
                        reported_by="MEL unit", partner="a" if m % 2 else "b")
            for m in range(per)
        ]
        filled[key] = indicator.model_copy(update={
            "baseline": Baseline(value=30.0, date=dt.date(2023, 12, 31)),
            "targets": [Target(period=p, value=40.0 + 15 * i) for i, p in enumerate(years)],
            "observations": observations, "proposed_by": "a", "agreed_by": ["a", "b"] if n % 3 else ["a"],
        })
    state = MapState(title=state.title, elements=elements, links=state.links, indicators=filled)
    partnership = Partnership(id="bench", name="Benchmark partnership",
                              partners=[Partner(id="a", name="Ministry"), Partner(id="b", name="Institute")])
    return MapDocument.of(state, partnership)


def median_ms(action, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


MEMORY_FORMATS = ("json", "kumu", "graphml")
MB = 2**20


def written(document: MapDocument, fmt: str) -> bytes:
    """The document as a file of format ``fmt``, written by tocmap's exporter."""
    spec = FORMATS[fmt]
    data = getattr(spec.exporter(), spec.export_function)(ExportSource(document=document, map_id=1))
    return data.encode() if isinstance(data, str) else data


def over_the_limit(fmt: str, elements: int) -> bytes:
    """A file of ``elements`` outcomes in a chain, written directly (a map that large cannot be built)."""
    if fmt == "kumu":
        return json.dumps({"elements": [{"_id": f"e{i}", "label": f"Outcome {i}", "element type": "Outcome"}
                                        for i in range(elements)],
                           "connections": [{"from": f"e{i}", "to": f"e{i + 1}"} for i in range(elements - 1)]}).encode()
    if fmt == "graphml":
        nodes = "".join(f"<node id='e{i}'><data key='k'>outcome</data></node>" for i in range(elements))
        edges = "".join(f"<edge source='e{i}' target='e{i + 1}'/>" for i in range(elements - 1))
        return (f"<graphml xmlns='http://graphml.graphdrawing.org/xmlns'><key id='k' for='node' attr.name='kind' "
                f"attr.type='string'/><graph edgedefault='directed'>{nodes}{edges}</graph></graphml>").encode()
    return json.dumps({"format": "tocmap.map/1", "title": "Too big", "revision": 0,
                       "partnership": {"id": "ps", "name": "P"},
                       "elements": [{"id": f"e{i}", "kind": "outcome", "label": f"Outcome {i}"} for i in range(elements)],
                       "links": [{"id": f"l{i}", "source": f"e{i}", "target": f"e{i + 1}"}
                                 for i in range(elements - 1)]}).encode()


def peak_mb(action) -> tuple[float, str]:
    """Peak memory (tracemalloc) of ``action()`` above what was allocated before it, and what it said."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    try:
        outcome = action()
    except InvalidInput as refused:
        outcome = f"refused: {refused}"
    peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    return peak / MB, outcome


def bare_parse(fmt: str, data: bytes):
    """The anchor: the standard library alone parsing the file."""
    return json.loads(data) if fmt in ("json", "kumu") else ElementTree.fromstring(data)


def memory() -> None:
    """Peak memory of reading imports: normal, at the limits, over them; each beside the bare parse."""
    limits = Limits()
    normal = bench_map()
    at_limit = MapDocument.of(realistic_map(limits.import_elements, seed=3), normal.partnership)
    print(f"Peak memory (tracemalloc) of reading an import (parse and build the map, no database), limits "
          f"{limits.import_elements:,} elements and {limits.import_links:,} links per import; beside it, in the same "
          "run, the standard library alone parsing the same bytes.\n")
    print(f"{'format':<8} {'file':<34} {'size':>9} {'bare parse':>11} {'tocmap read':>12}  outcome")
    for fmt in MEMORY_FORMATS:
        files = [(f"normal ({len(normal.elements):,} elements)", written(normal, fmt)),
                 (f"at the limit ({len(at_limit.elements):,} elements)", written(at_limit, fmt)),
                 ("over it (100,000 elements)", over_the_limit(fmt, 100_000))]
        for name, data in files:
            bare, _ = peak_mb(lambda: bare_parse(fmt, data))
            read, outcome = peak_mb(lambda: exchange.read_file(data, fmt, limits=replace_upload(limits, len(data))))
            said = outcome if isinstance(outcome, str) else (
                f"read: {len(outcome[1].document.elements):,} elements, {len(outcome[1].document.links):,} links")
            print(f"{fmt:<8} {name:<34} {len(data) / MB:7.1f} MB {bare:8.1f} MB {read:9.1f} MB  {said[:90]}")
        del files
        gc.collect()


def replace_upload(limits: Limits, size: int) -> Limits:
    """The limits with room for a file of ``size`` bytes (the benchmark measures the element and link limits)."""
    return replace(limits, upload_bytes=max(limits.upload_bytes, size))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory", action="store_true", help="peak memory of imports instead of times")
    args = parser.parse_args()
    if args.memory:
        memory()
        return
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(db)
        document = bench_map()
        map_id = maps.import_document(db, document, SYSTEM).map_id
        state = document.state()
        print(f"Map: {len(state.elements)} elements, {len(state.links)} links, {len(state.indicators)} indicators, "
              f"{sum(len(i.observations) for i in state.indicators.values()):,} observations; "
              f"median of {args.runs} runs (SQLite file)\n")
        print(f"{'format':<9} {'export ms':>10} {'import ms':>10} {'file size':>11}")
        for fmt in exchange.EXPORTS:
            exchange.export_map(db, map_id, fmt, who=SYSTEM)  # warm the state cache and the module
            exported_ms = median_ms(lambda: exchange.export_map(db, map_id, fmt, who=SYSTEM), args.runs)
            exported = exchange.export_map(db, map_id, fmt, who=SYSTEM)
            imported_ms = "—"
            if fmt in exchange.IMPORTS:
                imported_ms = f"{median_ms(lambda: exchange.import_file(db, exported.data, fmt, SYSTEM, filename=exported.filename), args.runs):10.0f}"
            size = len(exported.data)
            shown = f"{size / 2**20:.2f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"
            print(f"{fmt:<9} {exported_ms:10.0f} {imported_ms:>10} {shown:>11}")
        db.dispose()


if __name__ == "__main__":
    main()
