"""Browser fixtures: the real app in a subprocess on a free port, driven by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import need
from tests.web import ADMIN_EMAIL, ADMIN_PASSWORD

CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"


def chromium_path() -> str | None:
    for name in (os.environ.get("TOCMAP_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    need(path is not None, "Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


#: A common projector's screen: what a workshop room reads the app on.
PROJECTOR = {"width": 1366, "height": 768}


@contextmanager
def signed_in_tab(browser, app_url: str, locale: str | None = None, viewport: dict | None = None):
    """A new tab of a browser set to ``locale`` (the browser's default if none), signed in as the administrator."""
    context = browser.new_context(locale=locale, viewport=viewport or PROJECTOR)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    sign_in(tab, app_url)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def page(browser, app_url):
    """A browser tab signed in as the administrator, a little taller than a projector."""
    with signed_in_tab(browser, app_url, viewport={"width": 1366, "height": 850}) as tab:
        yield tab


@pytest.fixture
def room(browser, app_url):
    """A tab the size of a common projector, signed in as the administrator."""
    with signed_in_tab(browser, app_url) as tab:
        yield tab


def sign_in(tab, app_url: str, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> None:
    """Sign in through the sign-in page."""
    tab.goto(app_url + "/signin")
    tab.fill("#email", email)
    tab.fill("#password", password)
    tab.click("button[type=submit]")
    tab.wait_for_url(app_url + "/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the app did not answer at {url} within {seconds} s")


@contextmanager
def running_app(database_url: str, settings: dict[str, str] | None = None):
    """`tocmap serve` on a free port against a database (example loaded, admin from settings);
    ``settings`` adds environment variables (e.g. TOCMAP_SMTP_HOST)."""
    port = free_port()
    env = {**os.environ, "TOCMAP_LOAD_EXAMPLE": "1", "PYTHONUNBUFFERED": "1",
           "TOCMAP_ADMIN_EMAIL": ADMIN_EMAIL, "TOCMAP_ADMIN_PASSWORD": ADMIN_PASSWORD, **(settings or {})}
    # the server's log goes to a file: a pipe nobody reads would stop the server once it filled up
    log = Path(tempfile.mkdtemp(prefix="tocmap-serve-")) / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "tocmap.cli", "serve", "--port", str(port), "--database", database_url],
            env=env, stdout=output, stderr=subprocess.STDOUT, text=True, cwd=Path(__file__).parents[2],
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/signin", process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(log.parent, ignore_errors=True)


@pytest.fixture
def app_url(tmp_path):
    """The app on a fresh SQLite file, with the worked example as map 1."""
    with running_app(f"sqlite:///{tmp_path / 'tocmap.db'}") as url:
        yield url


AXE_FOLDER = Path(__file__).parent / "axe"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, from npm (tests/browser/axe/package.json), installed on first use."""
    script = AXE_FOLDER / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(AXE_FOLDER)], check=False,
                       capture_output=True, timeout=300)
    need(script.exists(), "axe-core is not installed (npm ci --prefix tests/browser/axe)")
    return script.read_text(encoding="utf-8")


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def example_with_members(database_url: str, members: list[tuple[str, str, str, str | None]]) -> None:
    """Make the database: the worked example as map 1, and members as (email, name, role, partner).

    Every member's password is ADMIN_PASSWORD, so tests sign anyone in with the same one.
    """
    from tocmap.adapters.database import Database
    from tocmap.adapters.migrate import upgrade
    from tocmap.services import accounts, maps
    from tocmap.services.access import SYSTEM

    db = Database(database_url)
    upgrade(db)
    maps.ensure_example(db)
    for email, name, role, partner in members:
        accounts.create_user(db, email, name, ADMIN_PASSWORD)
        accounts.set_member(db, 1, email, role, partner, SYSTEM)
    db.dispose()


def open_as(browser, url: str, email: str, path: str = "/maps/1"):
    """A new browser context signed in as ``email``, on ``path``."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    sign_in(tab, url, email, ADMIN_PASSWORD)
    tab.goto(url + path)
    return tab


def import_dialog(page, app_url: str, file: Path):
    """The home page's import dialog with ``file`` chosen in it (nothing imported yet)."""
    page.goto(app_url + "/")
    page.locator('[data-map-id="1"]').wait_for()
    page.get_by_role("button", name="Import").first.click()
    dialog = page.locator("#import-modal")
    dialog.locator("#import-upload input[type=file]").set_input_files(str(file))
    return dialog
