"""Review points on decisions: a decision open (not taken) longer than the line, in whole days, is a finding."""

import datetime as dt

import pytest

from tocmap.domain.decisions import Decision
from tocmap.domain.errors import InvalidInput
from tocmap.domain.review_points import (
    KINDS,
    ReviewPoint,
    checked,
    findings,
    open_too_long,
)

PROPOSED = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
POINT = ReviewPoint(map_id=1, title="Decide within a month", kind="decision_overdue", line=30)


def decision(text, created=PROPOSED, taken=None):
    return Decision(id=1, map_id=1, text=text, rule="each_partner", created_at=created, taken_at=taken)


def facts(decisions, now):
    return [f.facts for f in findings([POINT], None, "", {}, [], {}, decisions, now)]


def test_a_decision_open_one_day_more_than_the_line_is_named_with_its_days():
    assert facts([decision("Share data monthly")], PROPOSED + dt.timedelta(days=31)) == [
        ["“Share data monthly” has been open 31 days (proposed Jan 5, 2026), longer than 30 days"]]


def test_a_decision_open_exactly_the_line_or_taken_is_not_a_finding():
    assert facts([decision("Share data monthly")], PROPOSED + dt.timedelta(days=30, hours=23)) == []
    assert facts([decision("Share data monthly", taken=PROPOSED)], PROPOSED + dt.timedelta(days=90)) == []


def test_several_late_decisions_are_listed_the_longest_open_first():
    late = open_too_long([decision("Newer", PROPOSED + dt.timedelta(days=5)), decision("Older")], 30,
                         PROPOSED + dt.timedelta(days=60))
    assert [fact.split("”")[0] for fact in late] == ["“Older", "“Newer"]


def test_without_the_time_now_a_decision_point_is_never_met():
    assert findings([POINT], None, "", {}, [], {}, [decision("Share data monthly")]) == []


@pytest.mark.parametrize("line, message", [
    ("0", "whole number of days from 1 to 3650, not 0"), ("30.5", "not 30.5"), ("3651", "not 3651"),
    ("inf", "as a number"), ("", "or 30 \\(days\\)"),
])
def test_a_decision_line_is_a_whole_number_of_days(line, message):
    with pytest.raises(InvalidInput, match=message):
        checked("Decide within a month", "decision_overdue", line)
    assert checked("Decide within a month", "decision_overdue", " 90 ")["line"] == 90.0


def test_a_decision_point_has_no_dimension_and_is_a_kind_users_can_choose():
    with pytest.raises(InvalidInput, match="Only a health check review point has a dimension"):
        checked("Decide within a month", "decision_overdue", 30, "trust")
    assert "decision_overdue" in KINDS


def test_a_finding_reads_in_french():
    import datetime as dt

    from tocmap.domain.decisions import Decision
    from tocmap.domain.review_points import open_too_long
    from tocmap.i18n import using

    made = Decision(id=1, map_id=1, text="Partager les données", rule="consensus",
                    created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with using("fr"):
        said = open_too_long([made], 30, dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    assert said == ["« Partager les données » est ouverte depuis 59 jours (proposée le 1 janv. 2026), plus de 30 jours"]
