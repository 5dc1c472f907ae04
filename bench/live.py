"""Live push under load, beside a bare push anchor measured in the same run.

N signed-in participants follow map 1 over server-sent events (GET /push/maps/1), as open
browsers do; some of them edit an element label once a second through the API. For every
edit, the time from the moment its request is sent (so the edit's own processing counts) to
the moment each other participant's stream delivers it is recorded. The anchor is a minimal asyncio SSE fan-out (no database, no
app) serving the same number of subscribers on the same machine, driven the same way.

    python bench/live.py                                   # SQLite, one `tocmap serve`
    python bench/live.py --seconds 20 --participants 50 --idle 200
    python bench/live.py --database postgresql+psycopg://postgres@127.0.0.1:5432/test   # two processes
    python bench/live.py --only-cold --changes 100000      # only the state at a random revision, cold

With a PostgreSQL URL the bench creates its own database beside the one named (``<name>_livebench``),
starts two server processes on it and spreads the participants over both.

The last rows are measured in the same run too: the bytes of one editor Save and one drag in headless
Chromium (bench/editor.py's probe; its anchor is the change itself as recorded), one edit through HTTP
in process (Flask's test client, session cookie and CSRF as a browser sends them; anchor:
``history.apply`` alone) and the state at a random revision of a map with ``--changes`` changes,
cold (anchor: loading the nearest checkpoint alone, the floor of any rebuild).
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path


from tocmap.adapters.database import Database
from tocmap.adapters.migrate import upgrade
from tocmap.services import accounts, maps
from tocmap.services.access import SYSTEM

sys.path.insert(0, str(Path(__file__).parent))  # bench/editor.py and bench/history.py, run beside this one
from mapgen import fresh_postgres  # noqa: E402
PASSWORD = "a long bench password"
GOALS = {"p95": 100, "p99": 250, "idle": 5, "editing": 25, "idle200": 10}


class Subscriber:
    """One open copy: a streaming GET read on its own thread, noting when each revision arrived."""

    def __init__(self, opener, url: str):
        self.seen: dict[int, float] = {}
        self.errors, self.closing, self.ended = 0, False, False
        self.response = opener.open(url, timeout=120)
        self.socket = self.response.fp.raw._sock
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        event = None
        try:
            for line in self.response:
                now = time.perf_counter()
                line = line.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "change":
                    for revision in _revisions(json.loads(line[6:])):
                        self.seen.setdefault(revision, now)
        except (OSError, ValueError, AttributeError):
            self.errors += 0 if self.closing else 1
        self.ended = True

    def close(self) -> None:
        """End the stream under the reading thread (closing the response from here would deadlock)."""
        self.closing = True
        try:
            self.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _revisions(data: dict) -> list[int]:
    return [c["revision"] for c in data.get("changes", [])] or [data["revision"]]


class Participant:
    """One browser: a signed-in cookie session that follows the map and edits it."""

    def __init__(self, base: str, email: str):
        self.base, self.jar = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.open(base + "/signin").read()
        form = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": self.csrf()}).encode()
        self.opener.open(base + "/signin", form).read()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "_csrf_token")

    def follow(self, revision: int) -> Subscriber:
        return Subscriber(self.opener, f"{self.base}/push/maps/1?since={revision}")

    def edit(self, element_id: str, label: str) -> tuple[int, float]:
        sent = time.perf_counter()
        request = urllib.request.Request(
            f"{self.base}/api/v1/maps/1/elements/{element_id}", method="PATCH",
            data=json.dumps({"label": label}).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf()},
        )
        with self.opener.open(request) as response:
            revision = json.load(response)["revision"]
        return revision, sent


class AnchorClient:
    """The same roles against the bare fan-out: subscribe, and publish a numbered event."""

    counter = 0
    lock = threading.Lock()

    def __init__(self, base: str):
        self.base, self.opener = base, urllib.request.build_opener()

    def follow(self, revision: int) -> Subscriber:
        return Subscriber(self.opener, self.base + "/sub")

    def edit(self, element_id: str, label: str) -> tuple[int, float]:
        with AnchorClient.lock:
            AnchorClient.counter += 1
            number = AnchorClient.counter
        sent = time.perf_counter()
        self.opener.open(urllib.request.Request(f"{self.base}/pub?id={number}", method="POST", data=b"")).read()
        return number, sent


# --------------------------------------------------------------------------- the bare anchor


async def _anchor(port: int) -> None:
    """A minimal asyncio SSE fan-out: GET /sub streams, POST /pub?id=N sends N to every stream."""
    subscribers: set[asyncio.StreamWriter] = set()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = (await reader.readuntil(b"\r\n\r\n")).decode()
        target = request.split(" ", 2)[1]
        if target.startswith("/pub"):
            number = int(target.partition("id=")[2])
            message = f"id: {number}\nevent: change\ndata: {{\"revision\": {number}}}\n\n".encode()
            for subscriber in list(subscribers):
                subscriber.write(message)
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            await writer.drain()
            writer.close()
            return
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
        subscribers.add(writer)
        try:
            await reader.read()
        finally:
            subscribers.discard(writer)

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


# --------------------------------------------------------------------------- servers and measures


def prepare(url: str, count: int) -> list[str]:
    """The worked example as map 1, and ``count`` editors of it."""
    db = Database(url)
    upgrade(db)
    maps.ensure_example(db)
    emails = []
    for n in range(count):
        email = f"participant{n}@bench.test"
        accounts.create_user(db, email, f"Participant {n}", PASSWORD)
        accounts.set_member(db, 1, email, "editor", None, SYSTEM)
        emails.append(email)
    db.dispose()
    return emails




def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_up(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers at {url}")


def start_app(url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "TOCMAP_DATABASE_URL": url, "TOCMAP_LOAD_EXAMPLE": "0",
           "TOCMAP_LIMIT_API": ""}  # every simulated editor comes from 127.0.0.1: measure edits, not the limit
    process = subprocess.Popen([sys.executable, "-m", "tocmap.cli", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_up(base + "/signin")
    return process, base


def start_anchor() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, __file__, "--anchor", str(port)])
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(urllib.request.Request(base + "/pub?id=0", method="POST", data=b""), timeout=1)
            return process, base
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the anchor did not start")


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def head_revision(url: str | None) -> int:
    if url is None:
        return 0
    db = Database(url)
    try:
        return maps.get_map(db, 1, who=SYSTEM)[0].revision
    finally:
        db.dispose()


def measure(people: list, pids: list[int], seconds: float, editors: int, element_ids: list[str],
            url: str | None) -> dict:
    """Streams for everyone; ``editors`` of them edit once a second. Latencies, CPU, stream errors."""
    streams = [person.follow(head_revision(url)) for person in people]
    time.sleep(2)  # every stream open and settled
    edits: list[tuple[int, float, int]] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def editor(n: int) -> None:
        rng = random.Random(n)
        time.sleep(rng.uniform(0, 1))
        while time.perf_counter() < stop:
            revision, at = people[n].edit(rng.choice(element_ids), f"Wording {n}-{rng.randint(0, 10**6)}")
            with lock:
                edits.append((revision, at, n))
            time.sleep(max(0.0, 1 - (time.perf_counter() - at)))  # once a second

    before = cpu_seconds(pids)
    started = time.perf_counter()
    threads = [threading.Thread(target=editor, args=(n,)) for n in range(editors)]
    for thread in threads:
        thread.start()
    if not threads:
        time.sleep(seconds)
    for thread in threads:
        thread.join()
    cpu = (cpu_seconds(pids) - before) / (time.perf_counter() - started) * 100
    time.sleep(1)  # late deliveries
    latencies = [stream.seen[revision] - at for revision, at, editor_n in edits
                 for n, stream in enumerate(streams) if n != editor_n and revision in stream.seen]
    missing = sum(1 for revision, at, editor_n in edits for n, stream in enumerate(streams)
                  if n != editor_n and revision not in stream.seen)
    errors = sum(stream.errors for stream in streams)
    for stream in streams:
        stream.close()
    return {"latencies": latencies, "cpu": cpu, "missing": missing, "errors": errors, "edits": len(edits)}


def idle_many(make_people, pids: list[int], count: int, seconds: float, url: str | None) -> dict:
    people = make_people(count)
    rss_before = rss_bytes(pids)
    streams = [person.follow(head_revision(url)) for person in people]
    time.sleep(3)
    rss_after = rss_bytes(pids)
    before = cpu_seconds(pids)
    time.sleep(seconds)
    cpu = (cpu_seconds(pids) - before) / seconds * 100
    errors = sum(s.errors for s in streams) + sum(1 for s in streams if s.ended)
    for stream in streams:
        stream.close()
    return {"cpu": cpu, "errors": errors, "per_connection": (rss_after - rss_before) / count}


# --------------------------------------------------------------------------- in-process and browser measures


def save_bytes(url: str) -> tuple[float, float, float] | None:
    """Bytes of one label Save and one drag in headless Chromium, both directions, and the change as recorded."""
    import editor as probe  # bench/editor.py: Chromium, its sign-in and traffic counter (imported only when run)

    if not Path("/usr/bin/chromium").exists():
        return None
    db = Database(url)
    upgrade(db)
    maps.ensure_example(db)
    accounts.create_user(db, probe.ADMIN[0], "Bench", probe.ADMIN[1], is_admin=True)
    db.dispose()
    process, base = probe.start_app(url)
    try:
        with probe.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=probe.CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 850})
            probe.sign_in(page, base)
            page.goto(base + "/maps/1")
            page.wait_for_function("() => window.cy && window.cy.nodes().length > 10")
            # the page's callbacks are wired once the browser wrote the revision badge: taps before that are lost
            page.wait_for_function("() => (document.getElementById('editor-revision') || {}).textContent"
                                   " && document.getElementById('editor-revision').textContent.startsWith('Revision')")
            traffic = probe.Traffic(page)
            edits = [probe.measure_edit(page, traffic, "oc-1", n) for n in range(3)]
            drag = probe.measure_drag(page, traffic, "oc-1")
            browser.close()
    finally:
        process.terminate()
        process.wait(10)
    db = Database(url)
    with db.store() as store:
        recorded = store.raw_changes(1, store.map(1).revision - 2, store.map(1).revision - 1)[0]  # the last Save
    db.dispose()
    save = statistics.median(sent + received for sent, received, _ in edits)
    return save, float(sum(drag)), float(len(recorded))


def edit_in_process(samples: int = 300) -> tuple[float, float]:
    """Median ms of one label edit through HTTP (Flask's test client) and of ``history.apply`` alone."""
    from tocmap.app import create_app  # Dash loads only for this measure
    from tocmap.domain.changes import UpdateElement
    from tocmap.services import history
    from tocmap.settings import load_settings

    folder = Path(tempfile.mkdtemp(prefix="tocmap-edit-"))
    app = create_app(load_settings(database_url=f"sqlite:///{folder / 'edit.db'}", data_dir=str(folder),
                                   limit_api=""))
    db = app.tocmap_db
    accounts.create_user(db, "editor@bench.test", "Editor", PASSWORD)
    accounts.set_member(db, 1, "editor@bench.test", "editor", None, SYSTEM)
    client = app.server.test_client()
    client.get("/signin")
    client.post("/signin", data={"email": "editor@bench.test", "password": PASSWORD,
                                 "csrf_token": client.get_cookie("_csrf_token").value})
    client.get("/")
    headers = {"X-CSRFToken": client.get_cookie("_csrf_token").value}

    def through_http(n: int) -> float:
        started = time.perf_counter()
        answer = client.patch("/api/v1/maps/1/elements/oc-1", json={"label": f"HTTP wording {n}"}, headers=headers)
        assert answer.status_code == 201, answer.get_data(as_text=True)
        return time.perf_counter() - started

    author = accounts.author_of(accounts.authenticate(db, "editor@bench.test", PASSWORD))

    def bare(n: int) -> float:
        started = time.perf_counter()
        history.apply(db, 1, UpdateElement(id="oc-1", set={"label": f"Bare wording {n}"}), author)
        return time.perf_counter() - started

    for n in range(30):  # warm
        through_http(n), bare(n)
    http = statistics.median(through_http(n) for n in range(samples)) * 1000
    alone = statistics.median(bare(n) for n in range(samples)) * 1000
    db.dispose()
    return http, alone


def state_cold(changes: int, samples: int = 100) -> tuple[float, float]:
    """Median ms to rebuild a random revision of a map with ``changes`` changes (no cache), and of its checkpoint load."""
    import history as long_history  # bench/history.py builds the same realistic map (imported only when run)

    folder = Path(tempfile.mkdtemp(prefix="tocmap-history-"))
    db = Database(f"sqlite:///{folder / 'history.db'}")
    upgrade(db)
    rng = random.Random(7)
    map_id, _ = long_history.build(db, changes, rng)
    head = maps.get_map(db, map_id, who=SYSTEM)[0].revision
    revisions = [rng.randint(1, head) for _ in range(samples)]
    rebuilds, loads = [], []
    for revision in revisions:
        db.cache.clear()
        started = time.perf_counter()
        maps.get_map(db, map_id, revision, who=SYSTEM)
        rebuilds.append(time.perf_counter() - started)
        started = time.perf_counter()
        with db.store() as store:
            store.checkpoint(map_id, revision)
        loads.append(time.perf_counter() - started)
    db.dispose()
    return statistics.median(rebuilds) * 1000, statistics.median(loads) * 1000


# --------------------------------------------------------------------------- the table


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) >= 2 else float("nan")


def row(label: str, goal: str, figure: float | None, anchor: float | None, limit: float | None, unit: str) -> str:
    if figure is None:
        return f"| {label} | {goal} | not measured | | | |"
    ratio = f"{figure / anchor:.1f}x" if anchor else ""
    verdict = "met" if limit is not None and figure < limit else ("missed" if limit is not None else "")
    anchor_text = f"{anchor:.1f} {unit}" if anchor is not None else ""
    return f"| {label} | {goal} | {figure:.1f} {unit} | {anchor_text} | {ratio} | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--editors", type=int, default=10)
    parser.add_argument("--idle", type=int, default=200, help="participants in the idle test (0: skip it)")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--database", help="SQLAlchemy URL of a PostgreSQL server (default: a new SQLite file)")
    parser.add_argument("--changes", type=int, default=100_000, help="changes in the history measure (0: skip it)")
    parser.add_argument("--no-browser", action="store_true", help="skip the editor's bytes per Save (Chromium)")
    parser.add_argument("--only-cold", action="store_true",
                        help="measure only the state at a random revision, cold (no servers, no browser)")
    parser.add_argument("--anchor", type=int, help=argparse.SUPPRESS)  # serve the bare fan-out on this port
    args = parser.parse_args()
    if args.anchor:
        asyncio.run(_anchor(args.anchor))
        return
    if args.only_cold:
        print("| measure | goal | tocmap | bare anchor | ratio | |")
        print("|---|---|---|---|---|---|")
        print(cold_row(args.changes, state_cold(args.changes)))
        return
    postgres = bool(args.database and "postgresql" in args.database)
    url = fresh_postgres(args.database, "livebench") if postgres else f"sqlite:///{Path(tempfile.mkdtemp(prefix='tocmap-live-')) / 'live.db'}"
    emails = prepare(url, max(args.participants, args.idle))
    db = Database(url)
    element_ids = list(maps.get_map(db, 1, who=SYSTEM)[2].elements)[:30]
    db.dispose()
    servers = [start_app(url) for _ in range(2 if postgres else 1)]
    anchor, anchor_base = start_anchor()
    pids = [process.pid for process, _ in servers]
    bases = [base for _, base in servers]
    print(f"tocmap serve x{len(servers)} on {'PostgreSQL' if postgres else 'SQLite'}, {os.cpu_count()} cores, "
          f"{args.participants} participants, {args.editors} editing once a second, {args.seconds:.0f} s a phase")
    try:
        def app_people(count: int) -> list[Participant]:  # signing in is not measured
            return [Participant(bases[n % len(bases)], emails[n]) for n in range(count)]

        people = app_people(args.participants)
        anchors = [AnchorClient(anchor_base) for _ in range(args.participants)]
        busy = measure(people, pids, args.seconds, args.editors, element_ids, url)
        busy_anchor = measure(anchors, [anchor.pid], args.seconds, args.editors, element_ids, None)
        quiet = measure(people, pids, args.seconds, 0, element_ids, url)
        quiet_anchor = measure(anchors, [anchor.pid], args.seconds, 0, element_ids, None)
        many = idle_many(app_people, pids, args.idle, args.seconds, url) if args.idle else None
        many_anchor = (idle_many(lambda c: [AnchorClient(anchor_base) for _ in range(c)], [anchor.pid], args.idle,
                                 args.seconds, None) if args.idle else None)
    finally:
        for process, _ in servers:
            process.terminate()
        anchor.terminate()
    in_process = edit_in_process()
    saved = None if args.no_browser else save_bytes(
        f"sqlite:///{Path(tempfile.mkdtemp(prefix='tocmap-save-')) / 'save.db'}" if postgres else url)
    cold = state_cold(args.changes) if args.changes else None
    lat, lat_anchor = busy["latencies"], busy_anchor["latencies"]
    print(f"{busy['edits']} edits, {len(lat)} deliveries, {busy['missing']} missing, {busy['errors']} stream errors")
    print("| measure | goal | tocmap | bare anchor | ratio | |")
    print("|---|---|---|---|---|---|")
    print(row("edit visible to the others, p95", "< 100 ms", quantile(lat, 95), quantile(lat_anchor, 95), 100, "ms"))
    print(row("edit visible to the others, p99", "< 250 ms", quantile(lat, 99), quantile(lat_anchor, 99), 250, "ms"))
    print(row("server CPU, idle", "< 5 % of a core", quiet["cpu"], quiet_anchor["cpu"], 5, "%"))
    print(row(f"server CPU, {args.editors} editing", "< 25 % of a core", busy["cpu"], busy_anchor["cpu"], 25, "%"))
    if many:
        print(row(f"{args.idle} idle: server CPU ({many['errors']} errors)", "< 10 %, no error",
                  many["cpu"] if not many["errors"] else float("inf"), many_anchor["cpu"], 10, "%"))
        print(f"| {args.idle} idle: memory per connection | printed | {many['per_connection'] / 1024:.1f} kB | "
              f"{many_anchor['per_connection'] / 1024:.1f} kB | | |")
    if saved:
        print(row("bytes per editor Save, both directions (anchor: the change as recorded)", "< 1 kB",
                  saved[0] / 1000, saved[2] / 1000, 1, "kB"))
        print(row("bytes per drag, both directions", "< 1 kB", saved[1] / 1000, saved[2] / 1000, 1, "kB"))
    else:
        print(row("bytes per editor Save, both directions", "< 1 kB", None, None, None, ""))
    print(row("one edit through HTTP in process, p50 (anchor: history.apply alone)", "< 2 ms",
              in_process[0], in_process[1], 2, "ms"))
    print(cold_row(args.changes, cold))


def cold_row(changes: int, cold: tuple[float, float] | None) -> str:
    if not cold:
        return row("state at a random revision of 100,000, cold", "< 5 ms", None, None, None, "")
    return row(f"state at a random revision of {changes:,}, cold, median (anchor: its checkpoint load)",
               "< 5 ms", cold[0], cold[1], 5, "ms")


if __name__ == "__main__":
    main()
