"""The journey's rules, on SQLite and PostgreSQL: stages, sessions with attendance, documents, the pack."""

import datetime as dt

import pytest

from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.services import actions, decisions, history, journey, maps
from tests.services.conftest import make_team

SOON = dt.date.today() + dt.timedelta(days=10)


@pytest.fixture
def people(real_db):
    return real_db, *make_team(real_db)


def test_a_facilitator_records_stages_and_sessions_with_attendance_per_partner(people):
    db, map_id, p = people
    stage = journey.add_stage(db, map_id, kind="strategic_meeting", title="", starts=SOON, ends=None, who=p["fac"])
    session = journey.add_session(db, map_id, title="Strategic meeting, Rabat", held_on=SOON, stage_id=stage.id,
                                  attendance={"moh": "4", "iph": 3}, who=p["fac"])
    document = journey.add_document(db, map_id, title="Briefing", url="https://example.org/b.pdf",
                                    session_id=session.id, pre_reading=True, who=p["ana"])
    found = journey.journey(db, map_id, p["vic"])
    assert [s.title for s in found.stages] == ["Strategic meeting"]
    assert found.sessions[0].attendance == {"moh": 4, "iph": 3} and found.sessions[0].attended == 7
    assert found.documents == [document]
    assert "Journey: pre-reading “Briefing”" in history.history(db, map_id, limit=1, who=p["fac"])[0].summary


@pytest.mark.parametrize("call, fields, words", [
    ("add_stage", {"kind": "party", "title": "", "starts": SOON, "ends": None}, "A stage is"),
    ("add_stage", {"kind": "review", "title": "", "starts": SOON, "ends": SOON - dt.timedelta(days=1)}, "before it"),
    ("add_stage", {"kind": "own", "title": " ", "starts": SOON, "ends": None}, "Name the stage"),
    ("add_session", {"title": "S", "held_on": "someday"}, "as a date"),
    ("add_session", {"title": "S", "held_on": SOON, "attendance": {"moh": -2}}, "whole number"),
    ("add_session", {"title": "S", "held_on": SOON, "attendance": {"nowhere": 2}}, "not a partner"),
    ("add_session", {"title": "S", "held_on": SOON, "stage_id": 999}, "not on this partnership's journey"),
    ("add_document", {"title": "D", "url": "javascript:alert(1)"}, "web link"),
    ("add_document", {"title": "D", "url": "https://example.org", "session_id": 999}, "not on this"),
])
def test_bad_journey_input_gets_one_clear_message_and_nothing_is_written(people, call, fields, words):
    db, map_id, p = people
    revision = maps.get_map(db, map_id, who=p["fac"])[0].revision
    with pytest.raises(InvalidInput, match=words):
        getattr(journey, call)(db, map_id, **fields, who=p["fac"])
    found = journey.journey(db, map_id, p["fac"])
    assert (found.stages, found.sessions, found.documents) == ([], [], [])
    assert maps.get_map(db, map_id, who=p["fac"])[0].revision == revision


def test_only_facilitators_keep_stages_and_sessions_and_viewers_add_no_documents(people):
    db, map_id, p = people
    with pytest.raises(PermissionDenied):
        journey.add_stage(db, map_id, kind="review", title="", starts=SOON, ends=None, who=p["ana"])
    with pytest.raises(PermissionDenied):
        journey.add_session(db, map_id, title="S", held_on=SOON, who=p["mel"])
    with pytest.raises(PermissionDenied):
        journey.add_document(db, map_id, title="D", url="https://example.org", who=p["vic"])


def test_the_pack_gathers_purpose_map_open_actions_decisions_and_the_next_sessions_pre_reading(people):
    db, map_id, p = people
    actions.make_action(db, map_id, title="Draft the <MoU>", owner_id=p["ben"].user_id, due=SOON, who=p["fac"])
    decisions.propose(db, map_id, text="Meet every quarter", rule="consensus", who=p["ana"])
    session = journey.add_session(db, map_id, title="Review, Lumora city", held_on=SOON, who=p["fac"])
    journey.add_document(db, map_id, title="Last year's review", url="https://example.org/r.pdf",
                         session_id=session.id, pre_reading=True, who=p["fac"])
    page = journey.pack(db, map_id, p["vic"])
    assert "Partnership pack" in page and "For the session “Review, Lumora city”" in page
    assert "Draft the &lt;MoU&gt;" in page and "Meet every quarter" in page and "Waiting for" in page
    assert "Last year&#39;s review" in page and "<svg" in page
    with pytest.raises(PermissionDenied):
        journey.pack(db, map_id, p["out"])
