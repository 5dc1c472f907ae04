"""Fixtures of the integration tests: the app with the worked example, signed in or not.

(Its database is ``app.tocmap_db``; ``db`` stays the empty migrated database of tests/conftest.py.)"""

import pytest

from tests.web import example_app, signed_in


@pytest.fixture
def app(tmp_path):
    """A fresh app on a SQLite file, with the worked example loaded as map 1."""
    dash_app = example_app(tmp_path)
    yield dash_app
    dash_app.tocmap_db.dispose()


@pytest.fixture
def client(app):
    """A test client signed in as the administrator."""
    return signed_in(app)
