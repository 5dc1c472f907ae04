"""Live co-editing under load: N participants on loopback editing one map.

Each simulated participant signs in, follows the map the way an open browser does (one
GET /live/maps/1 a second) and edits an element label every few seconds through the API.
For every edit, the time from its commit (the API's answer) to the moment each other
participant's poll shows it is recorded. Prints p50 and p95 of that edit-to-visible
latency and the server's CPU per participant.

    python bench/live.py                                  # SQLite, `tocmap serve`
    python bench/live.py --participants 10 50 --seconds 30
    python bench/live.py --database postgresql+psycopg://postgres@127.0.0.1/live --workers 2
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
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

PASSWORD = "a long bench password"
POLL_EVERY = 0.5


class Participant:
    """One browser: a cookie session that polls and edits."""

    def __init__(self, base: str, email: str):
        self.base, self.jar = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.opener.open(base + "/signin").read()
        form = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": self.csrf()}).encode()
        self.opener.open(base + "/signin", form).read()
        self.revision, self.seen = 0, {}

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "_csrf_token")

    def poll(self) -> None:
        with self.opener.open(f"{self.base}/live/maps/1?since={self.revision}") as response:
            data = json.load(response)
        now = time.perf_counter()
        for change in data["changes"]:
            self.seen.setdefault(change["revision"], now)
        self.revision = max(self.revision, data["revision"])

    def edit(self, element_id: str, label: str) -> tuple[int, float]:
        request = urllib.request.Request(
            f"{self.base}/api/v1/maps/1/elements/{element_id}", method="PATCH",
            data=json.dumps({"label": label}).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf()},
        )
        with self.opener.open(request) as response:
            revision = json.load(response)["revision"]
        return revision, time.perf_counter()


def prepare(url: str, count: int) -> list[str]:
    """The worked example as map 1, and ``count`` editors of it."""
    db = Database(url)
    upgrade(db)
    maps.ensure_example(db)
    emails = []
    for n in range(count):
        email = f"participant{n}@bench.test"
        with db.store() as store:
            exists = store.user_by_email(email) is not None
        if not exists:
            accounts.create_user(db, email, f"Participant {n}", PASSWORD)
        accounts.set_member(db, 1, email, "editor", None, SYSTEM)
        emails.append(email)
    db.dispose()
    return emails


def start(url: str, workers: int) -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "TOCMAP_DATABASE_URL": url, "TOCMAP_LOAD_EXAMPLE": "0"}
    if workers > 1:
        command = ["gunicorn", "-w", str(workers), "-k", "gthread", "--threads", "8", "-b", f"127.0.0.1:{port}",
                   "tocmap.wsgi:server"]
    else:
        command = [sys.executable, "-m", "tocmap.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/signin", timeout=1).read()
            return process, base
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (gunicorn workers), from /proc."""
    total = 0.0
    for task in [pid, *_children(pid)]:
        fields = Path(f"/proc/{task}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def run(people: list[Participant], seconds: float, element_ids: list[str]) -> tuple[list[float], int]:
    for person in people:
        person.poll()
    edits: list[tuple[int, float, int]] = []  # revision, commit time, editor
    stop = time.perf_counter() + seconds
    lock = threading.Lock()

    def life(n: int, person: Participant) -> None:
        rng = random.Random(n)
        next_edit = time.perf_counter() + rng.uniform(1, 6)
        time.sleep(rng.uniform(0, POLL_EVERY))
        while time.perf_counter() < stop:
            person.poll()
            if time.perf_counter() >= next_edit:
                revision, at = person.edit(rng.choice(element_ids), f"Wording {n}-{rng.randint(0, 10**6)}")
                with lock:
                    edits.append((revision, at, n))
                next_edit = time.perf_counter() + rng.uniform(3, 8)
            time.sleep(POLL_EVERY)

    threads = [threading.Thread(target=life, args=(n, p)) for n, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for person in people:  # one last look, so late edits count as seen or not
        person.poll()
    latencies = [
        person.seen[revision] - at
        for revision, at, editor in edits
        for n, person in enumerate(people)
        if n != editor and revision in person.seen
    ]
    return latencies, len(edits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--database", help="SQLAlchemy URL (default: a new SQLite file)")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers (1: `tocmap serve`)")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{Path(tempfile.mkdtemp(prefix='tocmap-live-')) / 'live.db'}"
    emails = prepare(url, max(args.participants))
    db = Database(url)
    element_ids = list(maps.get_map(db, 1, who=SYSTEM)[2].elements)[:30]
    db.dispose()
    process, base = start(url, args.workers)
    print(f"server: {'gunicorn x' + str(args.workers) if args.workers > 1 else 'tocmap serve'} on "
          f"{'PostgreSQL' if 'postgresql' in url else 'SQLite'}, {os.cpu_count()} cores; poll every {POLL_EVERY:.1f} s")
    try:
        for count in args.participants:
            people = [Participant(base, email) for email in emails[:count]]  # signing in is not measured
            before = cpu_seconds(process.pid)
            latencies, edits = run(people, args.seconds, element_ids)
            cpu = cpu_seconds(process.pid) - before
            q = statistics.quantiles(latencies, n=20)
            print(f"{count:>3} participants, {edits} edits in {args.seconds:.0f} s: edit-to-visible p50 "
                  f"{statistics.median(latencies) * 1000:.0f} ms, p95 {q[18] * 1000:.0f} ms, max "
                  f"{max(latencies) * 1000:.0f} ms | server CPU {cpu / args.seconds * 100:.0f}% of one core, "
                  f"{cpu / args.seconds / count * 1000:.1f} ms per participant per second")
    finally:
        process.terminate()
        process.wait(10)


if __name__ == "__main__":
    main()
