"""WSGI entry point for gunicorn: ``gunicorn tocmap.wsgi:server``."""

from tocmap.app import create_app

app = create_app()
server = app.server
