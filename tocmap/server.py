"""`tocmap serve`: the app under gunicorn in one process with several threads.

One process suits the embedded SQLite file (its writes are serialised in-process);
deployments on PostgreSQL run ``gunicorn tocmap.wsgi:server`` with as many workers
as they like (see Procfile).
"""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from tocmap.settings import Settings

THREADS = 8


class _Gunicorn(BaseApplication):
    def __init__(self, settings: Settings):
        self.settings = settings
        super().__init__()

    def load_config(self):
        self.cfg.set("bind", f"{self.settings.host}:{self.settings.port}")
        self.cfg.set("workers", 1)
        self.cfg.set("worker_class", "gthread")
        self.cfg.set("threads", THREADS)
        self.cfg.set("timeout", 120)
        self.cfg.set("control_socket_disable", True)

    def load(self):
        from tocmap.app import create_app  # built in the worker, after the fork

        return create_app(self.settings).server


def serve(settings: Settings) -> None:
    """Serve until interrupted."""
    print(f"tocmap is running at http://{settings.host}:{settings.port}/  (press Ctrl+C to stop)", flush=True)
    _Gunicorn(settings).run()
