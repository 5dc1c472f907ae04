"""Review points: the partnership's criteria for review or exit, shown as findings when met (SQLite, PostgreSQL)."""

import datetime as dt

import pytest

from tests.services.conftest import make_team
from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.i18n import format_date
from tocmap.services import contributions, decisions, health, maps, review_points

MONEY = {"kind": "money", "amount": 1000, "currency": "EUR", "period_start": "2026-01-01", "period_end": "2026-06-30"}


@pytest.fixture
def team(real_db):
    return make_team(real_db)


def test_review_points_become_findings_when_a_health_score_or_delivery_falls_below_the_line(real_db, team):
    map_id, people = team
    fac = people["fac"]
    power = review_points.add(real_db, map_id, "Power falls below 2.5", "health_below", "2.5", "power", fac)
    review_points.add(real_db, map_id, "Overall below 2", "health_below", 2, None, fac)
    review_points.add(real_db, map_id, "Half of what was planned", "delivery_below", 50, None, fac)
    assert review_points.findings(real_db, map_id, people["vic"]) == []  # nothing to meet them yet
    round_ = health.start_round(real_db, map_id, "June", ["trust", "power", "communication"], fac)
    health.answer(real_db, map_id, round_.id, {"trust": 4, "power": 2, "communication": 4}, {}, people["ben"])
    health.answer(real_db, map_id, round_.id, {"trust": 4, "power": 4, "communication": 4}, {}, people["ana"])
    health.reveal(real_db, map_id, round_.id, fac)
    contributions.record(real_db, map_id, {**MONEY, "status": "planned"}, people["ben"])
    contributions.record(real_db, map_id, {**MONEY, "status": "actual", "amount": 300}, people["ben"])
    contributions.record(real_db, map_id, {**MONEY, "status": "planned"}, people["ana"])
    contributions.record(real_db, map_id, {**MONEY, "status": "actual", "amount": 900}, people["ana"])
    found = {f.point.title: f.facts for f in review_points.findings(real_db, map_id, people["vic"])}
    assert found == {
        "Power falls below 2.5": ["AIPH scored Power balance and equity 2 in “June”, below 2.5"],
        "Half of what was planned": ["AIPH delivered 30% of the money it planned (EUR), below 50%"]}
    review_points.remove(real_db, map_id, power.id, fac)
    assert [p.title for p in review_points.listing(real_db, map_id, people["ana"])] == [
        "Overall below 2", "Half of what was planned"]


@pytest.mark.parametrize("title, kind, line, dimension, message", [
    ("", "health_below", 2, None, "Name the review point"),
    ("X", "moods", 2, None, "watches a health check score"),
    ("X", "health_below", "low", None, "as a number"),
    ("X", "delivery_below", 150, None, "from 1 to 100"),
    ("X", "health_below", 2, "luck", "No health check round has that dimension"),
    ("X", "decision_overdue", "2.5", None, "whole number of days from 1 to 3650, not 2.5"),
    ("X", "decision_overdue", 0, None, "whole number of days"),
    ("X", "decision_overdue", 4000, None, "whole number of days"),
    ("X", "decision_overdue", "soon", None, "30 \\(days\\)"),
    ("X", "decision_overdue", 30, "power", "Only a health check review point has a dimension"),
])
def test_bad_review_points_are_refused_and_nothing_is_written(real_db, team, title, kind, line, dimension, message):
    map_id, people = team
    revision = maps.get_map(real_db, map_id, who=people["ana"])[0].revision
    with pytest.raises(InvalidInput, match=message):
        review_points.add(real_db, map_id, title, kind, line, dimension, people["fac"])
    with pytest.raises(PermissionDenied):
        review_points.add(real_db, map_id, "Mine", "health_below", 2, None, people["ana"])
    assert review_points.listing(real_db, map_id, people["ana"]) == []
    assert maps.get_map(real_db, map_id, who=people["ana"])[0].revision == revision


def test_a_decision_open_longer_than_the_line_is_a_finding_naming_it_and_how_long(real_db, team):
    map_id, people = team
    fac = people["fac"]
    point = review_points.add(real_db, map_id, "Decide within a month", "decision_overdue", "30", None, fac)
    assert (point.kind, point.line, point.dimension) == ("decision_overdue", 30.0, None)
    slow = decisions.propose(real_db, map_id, text="Share district data monthly", rule="each_partner", who=people["ana"])
    quick = decisions.propose(real_db, map_id, text="Pause the SMS pilot", rule="consensus", who=people["ben"])
    decisions.state_stand(real_db, map_id, quick.id, "agree", people["ben"])
    decisions.state_stand(real_db, map_id, quick.id, "agree", people["ana"])  # taken: never overdue
    assert review_points.findings(real_db, map_id, people["vic"]) == []  # proposed today: not overdue now
    assert review_points.findings(real_db, map_id, people["vic"], now=slow.created_at + dt.timedelta(days=30)) == []
    later = slow.created_at + dt.timedelta(days=45, hours=3)
    found = review_points.findings(real_db, map_id, people["vic"], now=later)
    assert [(f.point.title, f.facts) for f in found] == [("Decide within a month", [
        f"“Share district data monthly” has been open 45 days (proposed {format_date(slow.created_at)}), longer than 30 days"])]
    decisions.state_stand(real_db, map_id, slow.id, "agree", people["ana"])
    decisions.state_stand(real_db, map_id, slow.id, "agree", people["ben"])
    assert review_points.findings(real_db, map_id, people["vic"], now=later) == []  # taken at last
    assert [p.kind for p in review_points.listing(real_db, map_id, people["vic"])] == ["decision_overdue"]
