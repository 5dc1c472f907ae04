"""Fixtures shared by the service tests."""

import pytest

from tocmap.services import accounts, maps
from tocmap.services.access import SYSTEM

PASSWORD = "a long enough password"


@pytest.fixture
def team(db):
    """The worked example and its people (see :func:`make_team`)."""
    return make_team(db)


def make_team(db):
    """The worked example with a member of each partner in every role, one without a partner, and an outsider.

    Returns the map id and the people by key: fac (facilitator, moh), ana (editor, moh), ben (editor, iph),
    mel (MEL lead, iph), vic (viewer, iph), nop (editor, no partner), out (not on the map).
    """
    map_id = maps.ensure_example(db) or 1
    people = {}
    for key, role, partner in [("fac", "facilitator", "moh"), ("ana", "editor", "moh"), ("ben", "editor", "iph"),
                               ("mel", "mel_lead", "iph"), ("vic", "viewer", "iph"), ("nop", "editor", None)]:
        user = accounts.create_user(db, f"{key}@example.org", key.title(), PASSWORD)
        accounts.set_member(db, map_id, user.email, role, partner, SYSTEM)
        people[key] = accounts.author_of(user)
    people["out"] = accounts.author_of(accounts.create_user(db, "out@example.org", "Out", PASSWORD))
    return map_id, people
