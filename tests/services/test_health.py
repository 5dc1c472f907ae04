"""The health check's rules: who starts and reveals, privacy before reveal, one answer each, scale bounds."""

import pytest

from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.services import accounts, health, maps
from tocmap.services.access import SYSTEM

PASSWORD = "a long enough password"
DIMS = ["trust", "mutuality", "communication"]


@pytest.fixture
def team(db):
    """The worked example, with a facilitator, a member of each partner and a viewer of each."""
    map_id = maps.ensure_example(db) or 1
    people = {}
    for key, role, partner in [("fac", "facilitator", "moh"), ("ana", "editor", "moh"), ("ben", "editor", "iph"),
                               ("vic", "viewer", "iph"), ("nop", "editor", None)]:
        user = accounts.create_user(db, f"{key}@example.org", key.title(), PASSWORD)
        accounts.set_member(db, map_id, user.email, role, partner, SYSTEM)
        people[key] = accounts.author_of(user)
    people["out"] = accounts.author_of(accounts.create_user(db, "out@example.org", "Out", PASSWORD))
    return map_id, people


def started(db, team):
    map_id, people = team
    return health.start_round(db, map_id, "March workshop", DIMS, people["fac"])


def test_a_facilitator_starts_a_round_and_it_records_who(db, team):
    map_id, people = team
    round_ = started(db, team)
    assert [d.key for d in round_.dimensions] == DIMS
    assert round_.started_by == "Fac" and not round_.revealed
    assert round_.dimensions[0].statement and round_.dimensions[0].point_name(1) == "Not at all"
    assert [r.id for r in health.rounds(db, map_id, people["ben"])] == [round_.id]


@pytest.mark.parametrize("who", ["ana", "ben", "vic", "out"])
def test_only_facilitators_start_rounds(db, team, who):
    map_id, people = team
    with pytest.raises(PermissionDenied):
        health.start_round(db, map_id, "Mine", DIMS, people[who])
    assert health.rounds(db, map_id, people["fac"]) == []


@pytest.mark.parametrize("title, keys, words", [
    ("", DIMS, "needs a name"), ("x" * 201, DIMS, "needs a name"), ("R", [], "at least 3 dimensions"), ("R", ["trust", "power"], "at least 3 dimensions"),
    ("R", ["luck"], "'luck' is not a dimension"), ("R", "trust", "Choose the dimensions"),
])
def test_a_bad_round_is_refused_and_nothing_is_saved(db, team, title, keys, words):
    map_id, people = team
    with pytest.raises(InvalidInput, match=words):
        health.start_round(db, map_id, title, keys, people["fac"])
    assert health.rounds(db, map_id, people["fac"]) == []


def test_one_round_is_open_at_a_time(db, team):
    map_id, people = team
    first = started(db, team)
    with pytest.raises(InvalidInput, match="still open"):
        health.start_round(db, map_id, "Second", DIMS, people["fac"])
    health.answer(db, map_id, first.id, {"trust": 3, "mutuality": 3, "communication": 3}, {}, people["ana"])
    health.reveal(db, map_id, first.id, people["fac"])
    assert health.start_round(db, map_id, "Second", DIMS, people["fac"]).title == "Second"


def test_answers_are_private_to_the_facilitator_and_the_answering_partner_until_reveal(db, team):
    map_id, people = team
    round_ = started(db, team)
    health.answer(db, map_id, round_.id, {"trust": 5, "mutuality": 4, "communication": 3}, {"trust": "moh secret"}, people["ana"])
    health.answer(db, map_id, round_.id, {"trust": 4, "mutuality": 1, "communication": 3}, {}, people["ben"])
    seen = {who: {a.partner for a in health.answers(db, map_id, round_.id, people[who])}
            for who in ("fac", "ana", "ben", "vic", "nop")}
    assert seen == {"fac": {"moh", "iph"}, "ana": {"moh"}, "ben": {"iph"}, "vic": {"iph"}, "nop": set()}
    with pytest.raises(PermissionDenied, match="not been revealed"):
        health.results(db, map_id, round_.id, people["ben"])
    with pytest.raises(PermissionDenied):
        health.answers(db, map_id, round_.id, people["out"])
    assert health.trend(db, map_id, people["ben"]) == []
    assert health.answered_count(db, map_id, round_.id, people["ben"]) == {"moh": 1, "iph": 1}

    health.reveal(db, map_id, round_.id, people["fac"])
    assert {a.partner for a in health.answers(db, map_id, round_.id, people["ben"])} == {"moh", "iph"}
    results = health.results(db, map_id, round_.id, people["vic"])
    assert results.means == {"moh": {"trust": 5.0, "mutuality": 4.0, "communication": 3.0},
                             "iph": {"trust": 4.0, "mutuality": 1.0, "communication": 3.0}}
    assert [(g.key, g.gap) for g in results.gaps] == [("mutuality", 3.0), ("trust", 1.0), ("communication", 0.0)]
    assert results.round.revealed_by == "Fac"
    assert [(p.partner, p.mean) for p in health.trend(db, map_id, people["ben"])] == [("moh", 4.0), ("iph", 2.67)]


def test_one_answer_per_participant_editable_until_reveal(db, team):
    map_id, people = team
    round_ = started(db, team)
    health.answer(db, map_id, round_.id, {"trust": 2, "mutuality": 2, "communication": 3}, {}, people["ana"])
    health.answer(db, map_id, round_.id, {"trust": 4, "mutuality": 3, "communication": 3}, {"mutuality": "better"}, people["ana"])
    mine = health.answers(db, map_id, round_.id, people["fac"])
    assert len(mine) == 1 and mine[0].scores == {"trust": 4, "mutuality": 3, "communication": 3} and mine[0].user_name == "Ana"
    assert health.my_answer(db, map_id, round_.id, people["ana"]).comments == {"mutuality": "better"}
    health.reveal(db, map_id, round_.id, people["fac"])
    with pytest.raises(InvalidInput, match="was revealed"):
        health.answer(db, map_id, round_.id, {"trust": 1, "mutuality": 1, "communication": 3}, {}, people["ana"])
    assert health.my_answer(db, map_id, round_.id, people["ana"]).scores == {"trust": 4, "mutuality": 3, "communication": 3}


@pytest.mark.parametrize("scores, words", [
    ({"trust": 0, "mutuality": 3, "communication": 3}, "from 1 to 5, not 0"), ({"trust": 6, "mutuality": 3, "communication": 3}, "from 1 to 5, not 6"),
    ({"trust": 2.5, "mutuality": 3, "communication": 3}, "whole number"), ({"trust": True, "mutuality": 3, "communication": 3}, "whole number"),
    ({"trust": "x", "mutuality": 3, "communication": 3}, "whole number"), ({"trust": 3}, "missing: Mutuality"),
    ({"trust": 3, "mutuality": 3, "luck": 3}, "no dimension luck"), (["3", "3"], "per dimension"),
])
def test_scores_outside_the_scale_are_refused_and_nothing_is_saved(db, team, scores, words):
    map_id, people = team
    round_ = started(db, team)
    with pytest.raises(InvalidInput, match=words):
        health.answer(db, map_id, round_.id, scores, {}, people["ana"])
    assert health.answers(db, map_id, round_.id, people["fac"]) == []


def test_an_overlong_comment_is_refused(db, team):
    map_id, people = team
    round_ = started(db, team)
    with pytest.raises(InvalidInput, match="keep it to 2000"):
        health.answer(db, map_id, round_.id, {"trust": 3, "mutuality": 3, "communication": 3}, {"trust": "x" * 2001}, people["ana"])


@pytest.mark.parametrize("who, error", [("nop", PermissionDenied), ("out", PermissionDenied)])
def test_members_without_a_partner_and_outsiders_cannot_answer(db, team, who, error):
    map_id, people = team
    round_ = started(db, team)
    with pytest.raises(error):
        health.answer(db, map_id, round_.id, {"trust": 3, "mutuality": 3, "communication": 3}, {}, people[who])


@pytest.mark.parametrize("who", ["ana", "ben", "vic", "out"])
def test_only_facilitators_reveal(db, team, who):
    map_id, people = team
    round_ = started(db, team)
    health.answer(db, map_id, round_.id, {"trust": 3, "mutuality": 3, "communication": 3}, {}, people["ana"])
    with pytest.raises(PermissionDenied):
        health.reveal(db, map_id, round_.id, people[who])
    assert not health.rounds(db, map_id, people["fac"])[0].revealed


def test_revealing_needs_answers_and_happens_once(db, team):
    map_id, people = team
    round_ = started(db, team)
    with pytest.raises(InvalidInput, match="Nobody has answered"):
        health.reveal(db, map_id, round_.id, people["fac"])
    health.answer(db, map_id, round_.id, {"trust": 3, "mutuality": 3, "communication": 3}, {}, people["ben"])
    health.reveal(db, map_id, round_.id, people["fac"])
    with pytest.raises(InvalidInput, match="already revealed"):
        health.reveal(db, map_id, round_.id, people["fac"])


def test_a_round_of_another_map_is_not_found(db, team):
    map_id, people = team
    round_ = started(db, team)
    other = maps.create_map(db, "Other", SYSTEM)
    with pytest.raises(NotFound):
        health.answers(db, other, round_.id, SYSTEM)
    with pytest.raises(NotFound):
        health.answer(db, map_id, round_.id + 99, {"trust": 3, "mutuality": 3, "communication": 3}, {}, people["ana"])
