"""History at scale: a map with 100,000 changes.

Prints the median time to rebuild the state at a random revision (no cache) beside the bare
cost of reading one stored state (decompress + parse its JSON, no validation) and the time to
load its nearest checkpoint alone (both also in CPU time, which waiting for a core on a busy
machine does not inflate), the median
time to append one change (one transaction each, as the app does), the bytes stored per
change, the ratio of an append to a bare SQLite insert + commit of a row of the same size
with the same settings (WAL, synchronous=NORMAL), and the cost of one label edit on maps of
100 and 2,000 elements. Each figure is printed with its goal, and "missed" when missed:
rebuild < 5 ms (issue 17), append < 3x the bare insert, < 300 bytes per change, and one
edit at 2,000 elements at most 1.2x its cost at 100 (issue 23).

    python bench/history.py                       # SQLite file in a temporary folder
    python bench/history.py --changes 20000       # quicker
    python bench/history.py --database postgresql+psycopg://postgres@127.0.0.1/bench
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mapgen import realistic_map  # noqa: E402

from tocmap.adapters.database import Database, state_format  # noqa: E402
from tocmap.adapters.migrate import upgrade  # noqa: E402
from tocmap.domain.changes import AddElement, MoveElements, RemoveElement, UpdateElement  # noqa: E402
from tocmap.domain.document import MapDocument  # noqa: E402
from tocmap.domain.model import Element, Partnership, SystemAuthor  # noqa: E402
from tocmap.services import history, maps  # noqa: E402
from tocmap.services.access import SYSTEM  # noqa: E402

GOAL_REBUILD_MS = 5.0  # issue 17: state at a random revision of 100,000 changes, cold, median
GOAL_APPEND_RATIO = 3.0  # an append at most 3x a bare SQLite insert + commit
GOAL_BYTES = 300  # bytes per change
GOAL_FLAT = 1.2  # issue 23: one edit at 2,000 elements at most 1.2x its cost at 100
KINDS = ["outcome", "output", "intervention", "actor"]
AUTHORS = [SystemAuthor(name=f"Participant {n}") for n in range(12)]


def random_change(rng: random.Random, ids: list[str], serial: int):
    """A realistic mix: mostly edits of one field, some moves, some adds and removals."""
    roll = rng.random()
    if not ids or roll < 0.02 or (len(ids) < 260 and roll < 0.3):  # grows to ~300 elements, then holds
        new = f"e{serial}"
        ids.append(new)
        return AddElement(element=Element(id=new, kind=rng.choice(KINDS), label=f"Element {serial}",
                                          x=rng.uniform(0, 3000), y=rng.uniform(0, 2000)))
    if roll < 0.04:
        return RemoveElement(id=ids.pop(rng.randrange(len(ids))))
    target = rng.choice(ids)
    if roll < 0.35:
        return MoveElements(positions={target: (round(rng.uniform(0, 3000), 1), round(rng.uniform(0, 2000), 1))})
    if roll < 0.75:
        return UpdateElement(id=target, set={"label": f"Revised wording {serial}"})
    if roll < 0.9:
        return UpdateElement(id=target, set={"description": f"Why this matters, take {serial}."})
    return UpdateElement(id=target, set={"tags": rng.sample(["data", "capacity", "policy", "risk"], 2)})


def build(db: Database, changes: int, rng: random.Random) -> tuple[int, list[str]]:
    """A map from the worked example, then ``changes`` more, written 1,000 per transaction."""
    map_id = maps.create_map(db, "Benchmark map", AUTHORS[0], template=maps.EXAMPLE)
    ids: list[str] = []
    serial, done = 0, 1
    started = time.perf_counter()
    while done < changes:
        with db.store(write=True) as store:
            info = store.map(map_id, lock=True)
            for _ in range(min(1000, changes - done)):
                serial += 1
                info = _append(store, info, random_change(rng, ids, serial), rng)
                done += 1
        if done % 20000 < 1000:
            print(f"  built {done:,} changes ({time.perf_counter() - started:.0f} s)", flush=True)
    return map_id, ids


def _append(store, info, change, rng):
    history.append(store, info, change, rng.choice(AUTHORS), None)
    return store.map(info.id)  # the head moved; read it back as the app would


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def time_rebuilds(db: Database, map_id: int, head: int, rng: random.Random, count: int) -> dict[str, list[float]]:
    """Seconds to rebuild random revisions with no cache, and to load each one's nearest checkpoint alone.

    Each is timed on the clock and in this process's CPU time: on a busy machine the clock
    also counts the time spent waiting for a core.
    """
    samples: dict[str, list[float]] = {"rebuild": [], "rebuild CPU": [], "load": [], "load CPU": []}

    def timed(name: str, work) -> None:
        start, cpu = time.perf_counter(), time.process_time()
        work()
        samples[name].append(time.perf_counter() - start)
        samples[f"{name} CPU"].append(time.process_time() - cpu)

    def load(revision: int) -> None:
        with db.store() as store:
            store.checkpoint(map_id, revision)

    for _ in range(count):
        revision = rng.randint(1, head)
        db.cache.clear()
        timed("rebuild", lambda r=revision: maps.get_map(db, map_id, r, who=SYSTEM))
        timed("load", lambda r=revision: load(r))
    return samples


def time_appends(db: Database, map_id: int, ids: list[str], rng: random.Random, count: int) -> list[float]:
    samples = []
    for n in range(count):
        change = UpdateElement(id=rng.choice(ids), set={"label": f"Workshop wording {n}"})
        start = time.perf_counter()
        history.apply(db, map_id, change, rng.choice(AUTHORS))
        samples.append(time.perf_counter() - start)
    return samples


def bare_state_read(db: Database, map_id: int, count: int) -> list[float]:
    """Decompress and parse the JSON of the newest stored state, no validation: reading a state at its barest."""
    with db.engine.connect() as connection:
        blob = connection.execute(text("SELECT state FROM checkpoints WHERE map_id = :m ORDER BY revision DESC LIMIT 1"),
                                  {"m": map_id}).scalar()
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        json.loads(zlib.decompress(blob.removeprefix(state_format())))
        samples.append(time.perf_counter() - start)
    return samples


def edit_cost_by_size(db: Database, sizes: tuple[int, ...], count: int) -> dict[int, float]:
    """Median seconds of one label edit (history.apply) on generated maps of each size."""
    partnership = Partnership(id="sizes", name="Sizes")
    medians = {}
    for size in sizes:
        state = realistic_map(size, seed=size).model_copy(update={"title": f"{size} elements"})
        map_id = maps.import_document(db, MapDocument.of(state, partnership), SYSTEM).map_id
        target = next(iter(state.elements))
        samples = []
        for n in range(count + 20):  # the first 20 warm up
            start = time.perf_counter()
            history.apply(db, map_id, UpdateElement(id=target, set={"label": f"Workshop wording {n}"}), SYSTEM)
            samples.append(time.perf_counter() - start)
        medians[size] = statistics.median(samples[20:])
    return medians


def verdict(met: bool) -> str:
    return "met" if met else "missed"


def bare_sqlite_insert(folder: Path, row_bytes: int, count: int) -> list[float]:
    """Insert + commit of one row of the same size into a plain table, same pragmas."""
    connection = sqlite3.connect(folder / "bare.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE rows (map_id INTEGER, revision INTEGER, at_ms INTEGER, user_name TEXT, "
                       "change TEXT, PRIMARY KEY (map_id, revision)) WITHOUT ROWID")
    payload = "x" * row_bytes
    samples = []
    for n in range(count):
        start = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO rows VALUES (1, ?, ?, 'Participant 3', ?)", (n, int(time.time() * 1000), payload))
        connection.execute("COMMIT")
        samples.append(time.perf_counter() - start)
    connection.close()
    return samples


def core_insert(folder: Path, row_bytes: int, count: int) -> list[float]:
    """The same insert + commit through SQLAlchemy Core: what the stack itself costs."""
    db = Database(f"sqlite:///{folder / 'core.db'}")
    upgrade(db)
    with db.store(write=True) as store:
        store.save_partnership(Partnership(id="p", name="Baseline"))
        store.add_map("p", "Baseline")
    payload, samples = "x" * row_bytes, []
    statement = text("INSERT INTO changes (map_id, revision, at_ms, user_name, change) VALUES (1, :r, :t, 'P', :c)")
    for n in range(count):
        start = time.perf_counter()
        with db.store(write=True) as store:
            store.connection.execute(statement, {"r": n, "t": int(time.time() * 1000), "c": payload})
        samples.append(time.perf_counter() - start)
    db.dispose()
    return samples


def stored_bytes(db: Database, map_id: int) -> tuple[int, int, int]:
    """(bytes of the whole database, of the changes table, of the checkpoints table)."""
    with db.engine.connect() as connection:
        if db.is_sqlite:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            path = Path(db.url.database)
            per_table = dict(connection.execute(text(
                "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")).all())
            changes = per_table.get("changes", 0)
            checkpoints = per_table.get("checkpoints", 0)
            return path.stat().st_size, changes, checkpoints
        size = connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
        changes = connection.execute(text("SELECT pg_total_relation_size('changes')")).scalar()
        checkpoints = connection.execute(text("SELECT pg_total_relation_size('checkpoints')")).scalar()
        return size, changes, checkpoints


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--database", help="SQLAlchemy URL (default: a new SQLite file)")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="tocmap-bench-"))
    db = Database(args.database or f"sqlite:///{folder / 'history.db'}")
    upgrade(db)
    print(f"database: {db.url.render_as_string()}  cpu: {os.cpu_count()} cores")
    print(f"building a map with {args.changes:,} changes...")
    map_id, ids = build(db, args.changes, rng)
    info = maps.list_maps(db, who=SYSTEM)[0]
    _, _, head_state = maps.get_map(db, map_id, who=SYSTEM)
    print(f"map {map_id}: revision {info.revision:,}, {len(head_state.elements)} elements at the head")

    cold = time_rebuilds(db, map_id, info.revision, rng, args.samples)
    rebuilds = cold["rebuild"]
    appends = time_appends(db, map_id, ids or list(head_state.elements), rng, args.samples)
    total, changes_bytes, checkpoint_bytes = stored_bytes(db, map_id)
    count = info.revision + args.samples
    with db.store() as store:
        row = store.records(map_id, after=count - 1)[0]
    row_bytes = len(row.change.model_dump_json(exclude_none=True)) + len(row.author.name) + 24
    bare = bare_sqlite_insert(folder, row_bytes, args.samples)
    core = core_insert(folder, row_bytes, args.samples)
    bare_read = bare_state_read(db, map_id, args.samples)
    by_size = edit_cost_by_size(db, (100, 2000), args.samples)

    print()
    p95 = statistics.quantiles(rebuilds, n=20)[18] * 1000
    rebuild = median_ms(rebuilds)
    print(f"rebuild a random revision (no cache): median {rebuild:.2f} ms, p95 {p95:.2f} ms; goal < "
          f"{GOAL_REBUILD_MS:g} ms (issue 17): {verdict(rebuild < GOAL_REBUILD_MS)}; bare read of one stored state "
          f"(decompress + JSON) {median_ms(bare_read):.2f} ms, ratio {rebuild / median_ms(bare_read):.1f}x")
    print(f"  loading the nearest checkpoint alone (the floor of a rebuild): median {median_ms(cold['load']):.2f} ms; "
          f"in CPU time, rebuild {median_ms(cold['rebuild CPU']):.2f} ms, checkpoint load "
          f"{median_ms(cold['load CPU']):.2f} ms (load average {os.getloadavg()[0]:.1f})")
    ratio = statistics.median(appends) / statistics.median(bare)
    print(f"append one change (own transaction): median {median_ms(appends):.2f} ms; bare SQLite insert+commit of a "
          f"{row_bytes}-byte row {median_ms(bare):.3f} ms; ratio {ratio:.1f}x; goal <= {GOAL_APPEND_RATIO:g}x: "
          f"{verdict(ratio <= GOAL_APPEND_RATIO)}")
    print(f"  the same insert+commit through SQLAlchemy Core: median {median_ms(core):.3f} ms; "
          f"append / Core insert = {statistics.median(appends) / statistics.median(core):.1f}x")
    per_change = (changes_bytes + checkpoint_bytes) / count
    print(f"bytes per change: {changes_bytes / count:.0f} in the changes table, {per_change:.0f} with checkpoints, "
          f"{total / count:.0f} for the whole database; goal < {GOAL_BYTES} with checkpoints: "
          f"{verdict(per_change < GOAL_BYTES)}")
    flat = by_size[2000] / by_size[100]
    print(f"one label edit (history.apply): {by_size[100] * 1000:.2f} ms at 100 elements (the anchor), "
          f"{by_size[2000] * 1000:.2f} ms at 2,000; ratio {flat:.2f}x; goal <= {GOAL_FLAT:g}x (issue 23): "
          f"{verdict(flat <= GOAL_FLAT)}")
    db.dispose()


if __name__ == "__main__":
    main()
