"""Big maps through the app: import, open, check, export and live edits at 100, 2,000 and 10,000 elements.

Run from the repository root::

    python bench/bigmaps.py                     # sizes 100, 2000, 10000; 30 edits each
    python bench/bigmaps.py --sizes 100 2000 --edits 50
    python bench/bigmaps.py --database postgresql+psycopg://postgres@127.0.0.1:5432/test

The app runs in process on a SQLite file, or on PostgreSQL in a database of its own beside the
one named (``<name>_bigmapsbench``, made again each run), through the Flask test client, signed
in as its administrator. Each map comes from bench/mapgen.py, arranged by results level, and is
imported as a tocmap JSON file. For each size it prints: the import; the editor page opened
(the routing callback, as a browser asks for it) and its canvas payload per element or link
beside a bare cytoscape element list of the same map (nodes with id, label and position,
links with id, source and target); the checks from scratch and after an edit; the JSON export;
what storing the whole map as a checkpoint costs and its share of each edit; and live edits: the
editor's Save of a changed label (the whole callback) and what one other open copy fetches to catch up. Goals from issue 23, each printed with "met" or "missed":
one edit's server cost at 2,000 elements at most 1.2x its cost at 100 (the anchor, same run),
and the canvas payload at most 1.3x the bare element list.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapgen import fresh_postgres, realistic_map  # noqa: E402

from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD, post_callback, signed_in  # noqa: E402
from tocmap.adapters.database import state_blob, state_from_blob  # noqa: E402
from tocmap.app import create_app  # noqa: E402
from tocmap.domain.changes import UpdateElement  # noqa: E402
from tocmap.domain.document import MapDocument  # noqa: E402
from tocmap.domain.layout import level_layout  # noqa: E402
from tocmap.domain.model import ElementKind, Partnership  # noqa: E402
from tocmap.services import checks, exchange, history, maps  # noqa: E402
from tocmap.services.access import SYSTEM  # noqa: E402
from tocmap.settings import load_settings  # noqa: E402
from tocmap.ui import ids  # noqa: E402
from tocmap.ui.editor import ids as editor_ids
from tocmap.ui.canvas import cy_elements  # noqa: E402
from tocmap.ui.editor import forms  # noqa: E402

GOAL_FLAT = 1.2  # issue 23: one edit's server cost at 2,000 elements at most 1.2x its cost at 100
GOAL_PAYLOAD = 1.3  # issue 23: the canvas payload at most 1.3x a bare cytoscape element list
PARTNERSHIP = Partnership(id="bench", name="Bench", partners=[{"id": "a", "name": "Ministry"},
                                                              {"id": "b", "name": "Agency"}])


def arranged(size: int) -> MapDocument:
    """A generated map of ``size`` elements, arranged by results level, as a document."""
    state = realistic_map(size, seed=size)
    positions = level_layout(state)
    elements = {e.id: e.model_copy(update={"x": positions[e.id][0], "y": positions[e.id][1]})
                for e in state.elements.values()}
    return MapDocument.of(state.model_copy(update={"elements": elements, "title": f"Benchmark {size}"}), PARTNERSHIP)




def timed(work):
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def compact(value) -> int:
    """Bytes of a value as compact JSON, as the app sends it."""
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


def bare_elements(state) -> list[dict]:
    """The least cytoscape needs to draw the same items: nodes with id, label, position; edges with their ends."""
    nodes = [{"data": {"id": e.id, "label": e.label}, "position": {"x": e.x, "y": e.y}} for e in state.elements.values()]
    edges = [{"data": {"id": lk.id, "source": lk.source, "target": lk.target}} for lk in state.links.values()]
    attachments = [{"data": {"id": f"{a.id}~{ref}", "source": a.id, "target": ref}}
                   for a in state.elements.values() for ref in a.attached_to if ref in state.elements]
    return nodes + edges + attachments


def save_label(app, map_id: int, element_id: str, label: str) -> Callable[[object], tuple[int, str]]:
    """The editor's Save of a changed label, ready for a client to POST as the renderer does."""
    info, partnership, state = maps.get_map(app.tocmap_db, map_id, who=SYSTEM)
    values = forms.element_values(state, element_id)
    loaded = {"type": "element", "id": element_id, "values": values, "revision": info.revision}
    meta = {"map_id": map_id, "partnership_id": partnership.id, "revision": info.revision, "partner": None}
    form = {f"{editor_ids.EL_LABEL}.value": label, f"{editor_ids.EL_KIND}.value": values["kind"],
            f"{editor_ids.EL_DESCRIPTION}.value": values["description"], f"{editor_ids.EL_OWNER}.value": values["owner"],
            f"{editor_ids.EL_TAGS}.value": values["tags"], f"{editor_ids.EL_ACTOR}.value": values["actor"],
            f"{editor_ids.EL_ATTACHED}.value": values["attached_to"], f"{editor_ids.EL_STATUS}.value": values["assumption_status"],
            f"{editor_ids.LOADED}.data": loaded, f"{ids.EDITOR_MAP}.data": meta, f"{editor_ids.UNDO}.data": None,
            f"{editor_ids.EL_SAVE}.n_clicks": 1}
    return lambda client: post_callback(client, app, "save_element", [f"{editor_ids.EL_SAVE}.n_clicks"], form)


def one_edit(app, client, map_id: int, target: str, n: int) -> tuple[float, float, float, int]:
    """Seconds of a Save through the app, of history.apply alone, and of a follower's catch-up; its bytes."""
    db = app.tocmap_db
    save = save_label(app, map_id, target, f"Workshop wording {n}")
    (status, body), saved = timed(lambda: save(client))
    assert status == 200 and "canvas-delta" in body, body[:300]
    revision = maps.get_map(db, map_id, who=SYSTEM)[0].revision
    response, follow = timed(lambda: client.get(f"/live/maps/{map_id}?since={revision - 1}"))
    assert response.status_code == 200
    change = UpdateElement(id=target, set={"label": f"Plenary wording {n}"})
    applied = timed(lambda: history.apply(db, map_id, change, SYSTEM))[1]
    return saved, applied, follow, len(response.get_data())


def mature(state):
    """The same map once partners have worked on it: every element owned, everything agreed by both."""
    both = [p.id for p in PARTNERSHIP.partners]
    return state.model_copy(update={
        "elements": {k: e.model_copy(update={"owner": both[0], "agreed_by": both}) for k, e in state.elements.items()},
        "links": {k: lk.model_copy(update={"agreed_by": both}) for k, lk in state.links.items()}})


def payload(state) -> tuple[float, float]:
    """Bytes per element or link of the canvas list a page opens with and of a bare cytoscape list of the same map."""
    items = cy_elements(state, PARTNERSHIP, views=False)
    return compact(items) / len(items), compact(bare_elements(state)) / len(items)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 2000, 10000])
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--database", help="a PostgreSQL URL (default: a new SQLite file)")
    args = parser.parse_args()
    if args.database:
        url = fresh_postgres(args.database, "bigmapsbench")
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='tocmap-bigmaps-')) / 'big.db'}"
    app = create_app(load_settings(database_url=url, load_example=False,
                                   admin_email=ADMIN_EMAIL, admin_password=ADMIN_PASSWORD))
    client = signed_in(app)
    db = app.tocmap_db
    engine = "PostgreSQL" if args.database else "SQLite"
    print(f"Big maps through the app ({engine}, in process); medians of {args.edits} edits")
    targets, checkpoint_share = {}, {}
    for size in args.sizes:
        data = arranged(size).model_dump_json(exclude_defaults=True).encode()
        imported, imported_in = timed(lambda d=data: exchange.import_file(db, d, "json", SYSTEM))
        map_id = imported.map_id
        (status, page), opened = timed(lambda m=map_id: post_callback(
            client, app, "show_page", [f"{ids.URL}.pathname"], {f"{ids.URL}.pathname": f"/maps/{m}"}))
        assert status == 200 and "canvas" in page, page[:300]
        _, _, state = maps.get_map(db, map_id, who=SYSTEM)
        checks.clear_cache()
        scratch = timed(lambda m=map_id: checks.check_map(db, m, SYSTEM))[1]
        target = next(e.id for e in state.elements.values() if e.kind == ElementKind.OUTCOME)
        history.apply(db, map_id, UpdateElement(id=target, set={"label": "One more word"}), SYSTEM)
        after_edit = timed(lambda m=map_id: checks.check_map(db, m, SYSTEM))[1]
        exported, export_in = timed(lambda m=map_id: exchange.export_map(db, m, "json", who=SYSTEM))
        targets[size] = (map_id, target)
        blob, written = timed(lambda s=state: state_blob(s))
        read = timed(lambda b=blob: state_from_blob(b))[1]
        spacing = history.checkpoint_spacing(state)
        checkpoint_share[size] = written / spacing
        print(f"\n{size:,} elements, {len(state.links):,} links")
        print(f"  import {len(data) / 1e6:.1f} MB of JSON: {ms(imported_in)}; open the editor: {ms(opened)}, "
              f"{len(page.encode()) / 1e6:.2f} MB; checks from scratch {ms(scratch)}, after an edit {ms(after_edit)}; "
              f"export JSON {ms(export_in)}, {len(exported.data) / 1e6:.1f} MB")
        print(f"  a checkpoint (the whole map stored): written in {ms(written)}, read back in {ms(read)}, "
              f"{len(blob) / 1e6:.2f} MB; one every {spacing:,} changes, so {written / spacing * 1000:.3f} ms of each edit")
        for words, shown in (("as generated", state), ("every element owned and agreed", mature(state))):
            ours, bare = payload(shown)
            print(f"  canvas, {words}: {ours:.0f} B per element or link; bare cytoscape list {bare:.0f} B; ratio "
                  f"{ours / bare:.2f}x; goal <= {GOAL_PAYLOAD}x (issue 23): "
                  f"{'met' if ours / bare <= GOAL_PAYLOAD else 'missed'}")

    print("\nLive edits, the sizes taking turns (so that load on the machine falls on all alike):")
    samples = {size: [] for size in args.sizes}
    for n in range(args.edits + 5):  # the first 5 rounds warm up
        for size, (map_id, target) in targets.items():
            figures = one_edit(app, client, map_id, target, n)
            if n >= 5:
                samples[size].append(figures)
    saves = {}
    for size, rows in samples.items():
        save, apply, follow, follow_bytes = (statistics.median(column) for column in zip(*rows))
        saves[size] = save
        print(f"  {size:>6,} elements: Save through the app {ms(save)} (history.apply alone {ms(apply)}); "
              f"another copy catches up in {ms(follow)}, {follow_bytes:,.0f} B")
    if 100 in saves and 2000 in saves:
        for words, cost in (("", saves), (" with its share of checkpoints",
                                          {size: saves[size] + checkpoint_share[size] for size in saves})):
            flat = cost[2000] / cost[100]
            print(f"one edit's server cost{words}: {ms(cost[2000])} at 2,000 elements, {ms(cost[100])} at 100 "
                  f"(the anchor); ratio {flat:.2f}x; goal <= {GOAL_FLAT}x (issue 23): "
                  f"{'met' if flat <= GOAL_FLAT else 'missed'}")


if __name__ == "__main__":
    main()
