"""Fixtures shared by every ring: databases (SQLite and PostgreSQL) and authors."""

from __future__ import annotations

import os
import sqlite3
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tocmap.adapters.database import Database
from tocmap.adapters.migrate import upgrade
from tocmap.domain.model import Author, SystemAuthor

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
POSTGRES_ADMIN_URL = os.environ.get("TOCMAP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def need(condition: bool, reason: str) -> None:
    """Skip when a service is missing, except in CI where every suite must run."""
    if not condition:
        if IN_CI:
            pytest.fail(f"{reason} (CI=true: this suite must run)")
        pytest.skip(reason)


@pytest.fixture
def ana() -> Author:
    """An author the services trust (as they trust the command line); access rules have their own tests."""
    return SystemAuthor(name="Ana", partner="ministry")


@pytest.fixture
def ben() -> Author:
    return SystemAuthor(name="Ben", partner="institute")


@pytest.fixture(scope="session")
def migrated_sqlite() -> sqlite3.Connection:
    """One SQLite database migrated once per test session; each test gets a copy instead of migrating again."""
    template = Database("sqlite://")
    upgrade(template)
    with template.engine.connect() as connection:
        yield connection.connection.dbapi_connection
    template.dispose()


def copy_of(template: sqlite3.Connection, url: str) -> Database:
    """A database at ``url`` holding a copy of the migrated template (SQLite's online backup)."""
    database = Database(url)
    with database.engine.connect() as connection:
        template.backup(connection.connection.dbapi_connection)
    return database


@pytest.fixture
def db(migrated_sqlite) -> Database:
    """A migrated in-memory SQLite database."""
    database = copy_of(migrated_sqlite, "sqlite://")
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        admin.dispose()
        need(False, f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error.__class__.__name__}")
    name = f"tocmap_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _reset_postgres(url: str) -> Database:
    database = Database(url)
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(database)
    return database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def real_db(request, tmp_path) -> Database:
    """A migrated database on disk: a SQLite file (WAL), then PostgreSQL."""
    if request.param == "sqlite":
        database = copy_of(request.getfixturevalue("migrated_sqlite"), f"sqlite:///{tmp_path / 'tocmap.db'}")
    else:
        database = _reset_postgres(request.getfixturevalue("postgres_url"))
    yield database
    database.dispose()
