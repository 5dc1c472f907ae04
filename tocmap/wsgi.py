"""Entry points for servers.

- ``uvicorn --factory tocmap.wsgi:front``: the app with live push (what `tocmap serve` runs);
- ``gunicorn tocmap.wsgi:server``: the Flask/Dash app alone; open maps then follow by polling.
"""

from tocmap.app import create_app


def front():
    """The ASGI application: live push streams plus the Flask/Dash app."""
    from tocmap.push import create_front  # built in the worker, after the fork

    return create_front(create_app())


def __getattr__(name: str):
    """``server`` (the WSGI app) is built only when asked for, so ``front`` does not build it twice."""
    if name == "server":
        return create_app().server
    raise AttributeError(name)
