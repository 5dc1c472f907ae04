"""`tocmap serve`: the app behind its ASGI front (tocmap/push.py) under uvicorn, in one process.

Live push streams are coroutines on uvicorn's event loop; the Flask/Dash app runs on a
bounded pool of threads. One process suits the embedded SQLite file (its writes are
serialised in-process); deployments on PostgreSQL may run several processes
(``uvicorn --factory tocmap.wsgi:front --workers N``, see Procfile): they push to each
other's followers through LISTEN/NOTIFY.
"""

from __future__ import annotations

import uvicorn

from tocmap.settings import Settings


def serve(settings: Settings) -> None:
    """Serve until interrupted."""
    from tocmap.app import create_app  # built in the worker, after the fork
    from tocmap.push import create_front  # built in the worker, after the fork

    front = create_front(create_app(settings))
    print(f"tocmap is running at http://{settings.host}:{settings.port}/  (press Ctrl+C to stop)", flush=True)
    uvicorn.run(front, host=settings.host, port=settings.port, log_level="warning", lifespan="on",
                timeout_graceful_shutdown=3)
