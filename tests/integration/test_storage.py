"""The history and documents on a real database: a SQLite file in WAL mode, and PostgreSQL."""

from alembic import command
from sqlalchemy import inspect, text

from tests.domain.factories import element
from tocmap.adapters.database import Database
from tocmap.adapters.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade,
)
from tocmap.adapters.tables import Base
from tocmap.domain.changes import AddElement, UpdateElement
from tocmap.services import history, maps
from tocmap.services.access import SYSTEM


def test_a_map_round_trips_through_the_database(real_db, ana):
    map_id = maps.create_map(real_db, "Stored", ana, template=maps.EXAMPLE)
    exported = maps.export_document(real_db, map_id, with_history=True, who=SYSTEM)
    imported = maps.import_document(real_db, exported, ana)
    again = maps.export_document(real_db, imported.map_id, with_history=True, who=SYSTEM)
    assert again.model_dump(exclude={"exported_at"}) == exported.model_dump(exclude={"exported_at"})


def test_a_fresh_process_rebuilds_the_same_state(real_db, ana, monkeypatch):
    monkeypatch.setattr(history, "CHECKPOINT_EVERY", 7)
    map_id = maps.create_map(real_db, "Rebuilt", ana)
    history.apply(real_db, map_id, AddElement(element=element("a")), ana)
    for n in range(30):
        history.apply(real_db, map_id, UpdateElement(id="a", set={"label": f"v{n}"}), ana)
    other_process = Database(real_db.url.render_as_string(hide_password=False))
    try:
        _, _, state = maps.get_map(other_process, map_id, revision=20, who=SYSTEM)
        assert state.elements["a"].label == "v17"
        assert maps.get_map(other_process, map_id, who=SYSTEM)[2] == maps.get_map(real_db, map_id, who=SYSTEM)[2]
    finally:
        other_process.dispose()


def test_migrations_build_exactly_the_schema_the_code_declares(real_db):
    assert current_revision(real_db) == head_revision()
    tables = set(inspect(real_db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)
    upgrade(real_db)  # a second upgrade is a no-op
    assert current_revision(real_db) == head_revision()


def test_sqlite_files_run_in_wal_mode(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'data' / 'tocmap.db'}")
    upgrade(database)
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    database.dispose()


def _without_rowid(database: Database) -> set[str]:
    """The history tables SQLite keeps WITHOUT ROWID."""
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE name IN ('changes', 'checkpoints')"))
        return {name for name, sql in rows if "WITHOUT ROWID" in sql.upper()}


def test_an_sqlite_history_keeps_large_rows_out_of_its_key_searches_and_migrates_both_ways(tmp_path, ana):
    database = Database(f"sqlite:///{tmp_path / 'tocmap.db'}")
    try:
        upgrade(database)
        assert _without_rowid(database) == set()
        map_id = maps.create_map(database, "Kept", ana, template=maps.EXAMPLE)
        first = next(iter(maps.get_map(database, map_id, who=SYSTEM)[2].elements))
        history.apply(database, map_id, UpdateElement(id=first, set={"label": "Renamed"}), ana)
        before = maps.export_document(database, map_id, with_history=True, who=SYSTEM).model_dump(exclude={"exported_at"})
        config = alembic_config()
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0013")
        assert _without_rowid(database) == {"changes", "checkpoints"}
        upgrade(database)
        assert _without_rowid(database) == set()
        database.cache.clear()
        after = maps.export_document(database, map_id, with_history=True, who=SYSTEM).model_dump(exclude={"exported_at"})
        assert after == before
    finally:
        database.dispose()
