"""Comment threads: who may read, write and resolve; what is refused; names come from the membership."""

import pytest

from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.model import Author
from tests.services.conftest import make_team
from tocmap.services import comments, maps
from tocmap.services.access import SYSTEM

@pytest.fixture
def people(real_db):
    """Comments are stored alike on SQLite and PostgreSQL: the team of the service tests on both."""
    return real_db, *make_team(real_db)


def test_a_thread_on_an_element_records_author_partner_and_time(people):
    db, map_id, who = people
    thread = comments.start_thread(db, map_id, "element", "oc-1", "  Is this within our reach?  ", who["ana"])
    first = thread.started
    assert (first.author, first.partner, first.text) == ("Ana", "moh", "Is this within our reach?")
    assert first.at is not None and thread.is_open
    assert [t.id for t in comments.threads(db, map_id, "element", "oc-1", who=who["vic"])] == [thread.id]
    assert comments.threads(db, map_id, "element", "oc-2", who=who["vic"]) == []


def test_replies_come_in_order_and_resolving_closes_and_a_reply_reopens(people):
    db, map_id, who = people
    link_id = next(iter(maps.get_map(db, map_id, who=SYSTEM)[2].links))
    thread = comments.start_thread(db, map_id, "link", link_id, "Evidence?", who["ana"])
    comments.reply(db, map_id, thread.id, "The 2024 survey.", who["ben"])
    done = comments.resolve(db, map_id, thread.id, who["ben"])
    assert not done.is_open and done.resolved_by == "Ben"
    assert [(c.author, c.partner) for c in done.comments] == [("Ana", "moh"), ("Ben", "iph")]
    again = comments.reply(db, map_id, thread.id, "But which region?", who["vic"])
    assert again.is_open and [c.text for c in again.comments][-1] == "But which region?"
    assert comments.open_counts(db, map_id, who=who["ana"]) == {("link", link_id): 1}


def test_viewers_comment_but_people_off_the_map_and_signed_out_cannot(people):
    db, map_id, who = people
    comments.start_thread(db, map_id, "map", "", "Viewers may ask questions.", who["vic"])
    for stranger in (who["out"], Author(name="nobody")):
        with pytest.raises(PermissionDenied):
            comments.start_thread(db, map_id, "element", "oc-1", "Let me in", stranger)
        with pytest.raises(PermissionDenied):
            comments.threads(db, map_id, who=stranger)
    assert len(comments.threads(db, map_id, who=SYSTEM)) == 1


@pytest.mark.parametrize("kind, item, text, words", [
    ("element", "oc-1", "   ", "Write something"),
    ("element", "oc-1", "x" * 4001, "at most 4,000"),
    ("element", "nope", "Hello", "no element 'nope'"),
    ("person", "oc-1", "Hello", "not on 'person'"),
])
def test_bad_comments_are_refused_and_nothing_is_saved(people, kind, item, text, words):
    db, map_id, who = people
    with pytest.raises(InvalidInput, match=words):
        comments.start_thread(db, map_id, kind, item, text, who["ana"])
    assert comments.threads(db, map_id, who=SYSTEM) == []


def test_replying_to_an_unknown_thread_or_resolving_twice_is_refused(people):
    db, map_id, who = people
    with pytest.raises(NotFound):
        comments.reply(db, map_id, 999, "Hello", who["ana"])
    with pytest.raises(InvalidInput, match="not a comment thread"):
        comments.reply(db, map_id, "1; drop", "Hello", who["ana"])
    thread = comments.start_thread(db, map_id, "element", "oc-1", "Hello", who["ana"])
    comments.resolve(db, map_id, thread.id, who["ana"])
    with pytest.raises(InvalidInput, match="already resolved"):
        comments.resolve(db, map_id, thread.id, who["ana"])
    other_map = maps.create_map(db, "Another map", SYSTEM)
    with pytest.raises(NotFound):  # a thread is reached only through its own map
        comments.reply(db, other_map, thread.id, "Hello", SYSTEM)
