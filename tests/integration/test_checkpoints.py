"""Checkpoints on a real database (a SQLite file, then PostgreSQL): what they hold, old formats, damage."""

from __future__ import annotations

import logging
import random
import zlib

import pytest
from sqlalchemy import text

from tests.domain.factories import element
from tocmap.adapters.database import state_blob, state_format
from tocmap.domain.changes import CHANGE, AddElement, MoveElements, RemoveElement, UpdateElement, replay_changes
from tocmap.domain.errors import NotFound
from tocmap.domain.model import MapState
from tocmap.services import history, maps
from tocmap.services.access import SYSTEM


def random_changes(rng: random.Random, count: int):
    """Adds, renames, retags, moves and removals of elements, in a random order."""
    ids: list[str] = []
    for serial in range(count):
        roll = rng.random()
        if not ids or roll < 0.25:
            ids.append(f"e{serial}")
            yield AddElement(element=element(ids[-1], rng.choice(["outcome", "output", "actor"])))
        elif roll < 0.35:
            yield RemoveElement(id=ids.pop(rng.randrange(len(ids))))
        elif roll < 0.6:
            yield MoveElements(positions={rng.choice(ids): (round(rng.uniform(0, 900), 1), rng.uniform(0, 600))})
        elif roll < 0.8:
            yield UpdateElement(id=rng.choice(ids), set={"label": f"  Wording {serial}  ", "tags": ["b", "a", "b"]})
        else:
            yield UpdateElement(id=rng.choice(ids), set={"description": f"Why, take {serial}", "agreed_by": []})


def edited_map(db, author, seed: int, count: int) -> int:
    map_id = maps.create_map(db, f"Checkpointed {seed}", author)
    for change in random_changes(random.Random(seed), count):
        history.apply(db, map_id, change, author)
    return map_id


def replayed(db, map_id: int, revision: int) -> MapState:
    """The state at a revision replayed from the empty map, every recorded change validated."""
    with db.store() as store:
        recorded = store.raw_changes(map_id, 0, revision)
    return replay_changes(maps.empty_state(), (CHANGE.validate_json(r) for r in recorded))


def stored_checkpoints(db, map_id: int) -> dict[int, bytes]:
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT revision, state FROM checkpoints WHERE map_id = :m"), {"m": map_id})
        return {revision: bytes(state) for revision, state in rows}


def set_checkpoint(db, map_id: int, revision: int, blob: bytes) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE checkpoints SET state = :s WHERE map_id = :m AND revision = :r"),
                           {"s": blob, "m": map_id, "r": revision})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_checkpoint_holds_the_state_its_changes_replay_to(real_db, ana, monkeypatch, seed):
    monkeypatch.setattr(history, "CHECKPOINT_EVERY", 4)
    map_id = edited_map(real_db, ana, seed, 40)
    checkpoints = stored_checkpoints(real_db, map_id)
    assert len(checkpoints) >= 10 and all(blob.startswith(state_format()) for blob in checkpoints.values())
    real_db.cache.clear()
    with real_db.store() as store:
        for revision in checkpoints:
            at, state = store.checkpoint(map_id, revision)
            expected = replayed(real_db, map_id, revision)
            assert at == revision and state == expected
            assert state.model_dump_json() == expected.model_dump_json()


def test_a_checkpoint_of_the_earlier_format_is_validated_and_rewritten_by_the_next_edit(real_db, ana, monkeypatch):
    monkeypatch.setattr(history, "CHECKPOINT_EVERY", 1000)
    map_id = edited_map(real_db, ana, 4, 12)
    old = {revision: zlib.compress(replayed(real_db, map_id, revision).model_dump_json().encode())
           for revision in stored_checkpoints(real_db, map_id)}  # as every checkpoint was written before formats
    for revision, blob in old.items():
        set_checkpoint(real_db, map_id, revision, blob)
    real_db.cache.clear()
    assert maps.get_map(real_db, map_id, revision=7, who=SYSTEM)[2] == replayed(real_db, map_id, 7)
    assert stored_checkpoints(real_db, map_id) == old  # a read writes nothing

    real_db.cache.clear()
    history.apply(real_db, map_id, MoveElements(positions={"e0": (1.0, 2.0)}), ana)  # rebuilds the head cold
    rewritten = stored_checkpoints(real_db, map_id)[0]
    assert rewritten.startswith(state_format()) and rewritten == state_blob(maps.empty_state())


def test_a_damaged_checkpoint_is_passed_over_for_an_earlier_one_and_nothing_is_lost(real_db, ana, monkeypatch,
                                                                                      caplog):
    monkeypatch.setattr(history, "CHECKPOINT_EVERY", 5)
    map_id = edited_map(real_db, ana, 5, 30)
    head = maps.get_map(real_db, map_id, who=SYSTEM)
    checkpoints = sorted(stored_checkpoints(real_db, map_id).items())
    (second, _), (third, blob) = checkpoints[1], checkpoints[2]
    set_checkpoint(real_db, map_id, third, blob[:-40] + bytes(40))  # a torn write: zlib's checksum catches it
    real_db.cache.clear()
    with caplog.at_level(logging.ERROR, logger="tocmap.adapters.database"):
        state = maps.get_map(real_db, map_id, revision=third + 1, who=SYSTEM)[2]
    assert state == replayed(real_db, map_id, third + 1)
    assert f"checkpoint at revision {third} cannot be read" in caplog.text
    with real_db.store() as store:
        assert store.checkpoint(map_id, third)[0] == second
    real_db.cache.clear()
    assert maps.get_map(real_db, map_id, who=SYSTEM)[2] == head[2]
    assert len(history.history(real_db, map_id, who=SYSTEM)) == head[0].revision


def test_a_map_whose_every_checkpoint_is_damaged_says_so(real_db, ana):
    map_id = edited_map(real_db, ana, 6, 3)
    for revision in stored_checkpoints(real_db, map_id):
        set_checkpoint(real_db, map_id, revision, state_format() + b"not compressed")
    real_db.cache.clear()
    with pytest.raises(NotFound, match="history is damaged"):
        maps.get_map(real_db, map_id, who=SYSTEM)
