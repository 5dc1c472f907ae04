"""SWOT exercises and cards on a real database (SQLite file and PostgreSQL): stored, private, revealed once."""

import pytest

from tocmap.domain.errors import InvalidInput
from tocmap.services import accounts, maps, swot
from tocmap.services.access import SYSTEM


def test_cards_round_trip_and_stay_private_until_the_reveal(real_db):
    map_id = maps.ensure_example(real_db) or 1
    people = {}
    for key, partner in (("ana", "moh"), ("ben", "iph")):
        user = accounts.create_user(real_db, f"{key}@x.org", key.title(), "a long enough password")
        accounts.set_member(real_db, map_id, user.email, "editor", partner, SYSTEM)
        people[key] = accounts.author_of(user)
    exercise = swot.open_exercise(real_db, map_id, "Review", SYSTEM)
    swot.add_card(real_db, map_id, exercise.id, "weakness", "Weak data systems in districts", people["ana"])
    swot.add_card(real_db, map_id, exercise.id, "weakness", "District data systems are weak", people["ben"])
    assert [c.partner for c in swot.cards(real_db, map_id, exercise.id, people["ana"])] == ["moh"]
    swot.reveal(real_db, map_id, exercise.id, SYSTEM)
    with pytest.raises(InvalidInput, match="already revealed"):
        swot.reveal(real_db, map_id, exercise.id, SYSTEM)
    a, b = (c.id for c in swot.cards(real_db, map_id, exercise.id, people["ana"]))
    swot.decide_pair(real_db, map_id, exercise.id, a, b, "confirm", SYSTEM)
    board = swot.board(real_db, map_id, exercise.id, people["ben"]).board
    assert board.quadrant("weakness").pairs[0].confirmed and board.quadrant("weakness").alignment == 1.0
