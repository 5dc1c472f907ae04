"""Decisions' rules, on SQLite and PostgreSQL: taken only when the rule is met; a stand only for one's own partner."""

import datetime as dt

import pytest

from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.services import actions, decisions, exchange, history, maps
from tests.services.conftest import make_team


@pytest.fixture
def people(real_db):
    """The worked example on a real database (partners moh and iph), and its people (see make_team)."""
    return real_db, *make_team(real_db)


def test_a_decision_needing_each_partner_is_taken_when_the_second_agrees(people):
    db, map_id, p = people
    made = decisions.propose(db, map_id, text="Share district data monthly", rule="each_partner",
                             consulted="District health officers", who=p["ana"])
    assert not made.taken and made.consulted == "District health officers"
    first = decisions.state_stand(db, map_id, made.id, "agree", p["ana"])
    assert first.stands == {"moh": "agree"} and not first.taken
    second = decisions.state_stand(db, map_id, made.id, "agree", p["mel"])
    assert second.stands == {"moh": "agree", "iph": "agree"} and second.taken
    lines = [r.summary for r in history.history(db, map_id, limit=4, who=p["vic"])]
    assert lines[0].startswith("Decision taken") and "Agrees (iph)" in lines[1]


def test_consensus_allows_standing_aside_but_not_an_objection(people):
    db, map_id, p = people
    made = decisions.propose(db, map_id, text="Pause the SMS pilot", rule="consensus", who=p["fac"])
    decisions.state_stand(db, map_id, made.id, "object", p["ben"])
    assert not decisions.state_stand(db, map_id, made.id, "agree", p["ana"]).taken
    assert decisions.state_stand(db, map_id, made.id, "stand_aside", p["ben"]).taken


def test_a_vote_is_taken_when_the_share_agreeing_reaches_its_threshold(people):
    db, map_id, p = people
    half = decisions.propose(db, map_id, text="Hire a data officer", rule="vote", threshold="50%", who=p["fac"])
    assert half.threshold == 0.5
    assert decisions.state_stand(db, map_id, half.id, "agree", p["ben"]).taken
    all_ = decisions.propose(db, map_id, text="Move the office", rule="vote", threshold="1", who=p["fac"])
    assert not decisions.state_stand(db, map_id, all_.id, "agree", p["ben"]).taken


def test_a_member_states_a_stand_only_for_their_own_partner(people):
    db, map_id, p = people
    made = decisions.propose(db, map_id, text="Joint annual review", rule="each_partner", who=p["fac"])
    with pytest.raises(PermissionDenied, match="own partner"):
        decisions.state_stand(db, map_id, made.id, "agree", p["nop"])
    with pytest.raises(PermissionDenied):
        decisions.state_stand(db, map_id, made.id, "agree", p["vic"])
    ana = decisions.state_stand(db, map_id, made.id, "agree", p["ana"])
    assert set(ana.stands) == {"moh"}  # Ana's stand is the ministry's, whatever she sends
    assert decisions.state_stand(db, map_id, made.id, "withdraw", p["fac"]).stands == {}


def test_a_taken_decision_is_final(people):
    db, map_id, p = people
    made = decisions.propose(db, map_id, text="Quarterly reviews", rule="vote", threshold="1/2", who=p["fac"])
    decisions.state_stand(db, map_id, made.id, "agree", p["ana"])
    with pytest.raises(InvalidInput, match="was taken"):
        decisions.state_stand(db, map_id, made.id, "object", p["ben"])


@pytest.mark.parametrize("fields, words", [
    ({"rule": "vote"}, "needs a threshold"),
    ({"rule": "vote", "threshold": "0"}, "needs a threshold"),
    ({"rule": "vote", "threshold": "150"}, "needs a threshold"),
    ({"rule": "vote", "threshold": "lots"}, "needs a threshold"),
    ({"rule": "majority"}, "needs a rule"),
    ({"rule": "consensus", "text": " "}, "Say what is to be decided"),
    ({"rule": "consensus", "consulted": "x" * 401}, "who was consulted"),
])
def test_a_bad_decision_gets_one_clear_message_and_nothing_is_written(people, fields, words):
    db, map_id, p = people
    revision = maps.get_map(db, map_id, who=p["fac"])[0].revision
    with pytest.raises(InvalidInput, match=words):
        decisions.propose(db, map_id, **{"text": "Something", **fields}, who=p["fac"])
    assert decisions.decisions(db, map_id, p["fac"]) == []
    assert maps.get_map(db, map_id, who=p["fac"])[0].revision == revision


def test_viewers_propose_nothing_and_unknown_decisions_are_not_found(people):
    db, map_id, p = people
    with pytest.raises(PermissionDenied):
        decisions.propose(db, map_id, text="x", rule="consensus", who=p["vic"])
    with pytest.raises(NotFound):
        decisions.state_stand(db, map_id, 999, "agree", p["ana"])
    with pytest.raises(InvalidInput, match="agrees, objects or stands aside"):
        made = decisions.propose(db, map_id, text="x", rule="consensus", who=p["ana"])
        decisions.state_stand(db, map_id, made.id, "maybe", p["ana"])


def test_the_report_lists_actions_and_decisions_with_each_partners_stand(people):
    db, map_id, p = people
    actions.make_action(db, map_id, title="Draft the MoU", owner_id=p["ben"].user_id,
                        due=dt.date.today() + dt.timedelta(days=3), who=p["fac"])
    made = decisions.propose(db, map_id, text="Meet every quarter", rule="each_partner", consulted="The board",
                             who=p["ana"])
    decisions.state_stand(db, map_id, made.id, "agree", p["ana"])
    page = exchange.export_map(db, map_id, "report", who=p["vic"]).data.decode()
    section = page[page.index("Actions and decisions"):]
    assert "Draft the MoU" in section and "Ben (AIPH)" in section
    assert "Meet every quarter" in section and "MoH Lumora: agrees" in section and "Waiting for AIPH" in section
