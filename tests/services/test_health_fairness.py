"""A fairer health check: "don't know" apart, spread inside a partner, an independent assessor,
anonymous comments and an agreed diagnosis; every rule on SQLite and PostgreSQL."""

import pytest

from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.services import accounts, exchange, health, history
from tocmap.services.access import SYSTEM
from tests.services.conftest import PASSWORD, make_team

DIMS = ["trust", "mutuality", "communication"]


@pytest.fixture
def team(real_db):
    map_id, people = make_team(real_db)
    user = accounts.create_user(real_db, "ida@example.org", "Ida", PASSWORD)
    accounts.set_member(real_db, map_id, user.email, "assessor", None, SYSTEM)
    people["ida"] = accounts.author_of(user)
    return map_id, people


def scores(trust, mutuality="dont_know", communication=3):
    return {"trust": trust, "mutuality": mutuality, "communication": communication}


def test_an_assessor_dont_know_and_spread_stand_apart_from_the_partners_means(real_db, team):
    map_id, people = team
    round_ = health.start_round(real_db, map_id, "March", DIMS, people["fac"])
    health.answer(real_db, map_id, round_.id, scores(5), {}, people["ana"])
    health.answer(real_db, map_id, round_.id, scores(1, 4), {}, people["fac"])  # moh's two members disagree
    health.answer(real_db, map_id, round_.id, scores(4, "not_applicable"), {}, people["ben"])
    saved = health.answer(real_db, map_id, round_.id, scores(2, 2, 2), {"trust": "Trust is thin."}, people["ida"])
    assert saved.assessor and saved.partner is None
    assert health.answered_count(real_db, map_id, round_.id, people["vic"]) == {"moh": 2, "iph": 1}
    assert health.assessor_answers(real_db, map_id, round_.id, people["ben"]) == []  # private until the reveal
    assert len(health.assessor_answers(real_db, map_id, round_.id, people["ida"])) == 1
    health.reveal(real_db, map_id, round_.id, people["fac"])
    found = health.results(real_db, map_id, round_.id, people["vic"])
    assert found.means == {"moh": {"trust": 3.0, "mutuality": 4.0, "communication": 3.0},
                           "iph": {"trust": 4.0, "communication": 3.0}}  # never the assessor, never "don't know"
    assert found.assessor_means == {"trust": 2.0, "mutuality": 2.0, "communication": 2.0}
    assert found.not_scored == {"moh": {"mutuality": {"dont_know": 1}}, "iph": {"mutuality": {"not_applicable": 1}}}
    spread = found.spreads["moh"]["trust"]
    assert (spread.lowest, spread.highest, spread.count) == (1, 5, 2) and "iph" not in found.spreads
    assert [a.user_name for a in found.assessors] == ["Ida"]


def test_an_assessor_answering_for_a_partner_is_refused_and_nothing_is_written(real_db, team):
    map_id, people = team
    round_ = health.start_round(real_db, map_id, "March", DIMS, people["fac"])
    with pytest.raises(InvalidInput, match="independent assessor answers for no partner"):
        health.answer(real_db, map_id, round_.id, scores(3), {}, people["ida"], partner="moh")
    with pytest.raises(PermissionDenied, match="your own partner only"):
        health.answer(real_db, map_id, round_.id, scores(3), {}, people["ana"], partner="iph")
    with pytest.raises(InvalidInput, match="speaks for no partner"):
        accounts.set_member(real_db, map_id, "ida@example.org", "assessor", "moh", people["fac"])
    with pytest.raises(InvalidInput, match="from 1 to 5, not 'maybe'; or answer “don't know”"):
        health.answer(real_db, map_id, round_.id, scores("maybe"), {}, people["ana"])
    assert health.assessor_answers(real_db, map_id, round_.id, people["fac"]) == []
    assert health.answers(real_db, map_id, round_.id, people["fac"]) == []


def test_anonymous_comments_are_counted_before_the_reveal_and_name_nobody_after(real_db, team):
    map_id, people = team
    round_ = health.start_round(real_db, map_id, "March", DIMS, people["fac"])
    revision = history.history(real_db, map_id, limit=1, who=people["fac"])[0].revision
    health.comment_anonymously(real_db, map_id, round_.id, "trust", "They decide, we are told.", people["ben"])
    health.comment_anonymously(real_db, map_id, round_.id, None, "Meetings run late.", people["vic"])
    for bad, message in [("", "Write the comment"), ("x" * 2001, "keep it to 2000")]:
        with pytest.raises(InvalidInput, match=message):
            health.comment_anonymously(real_db, map_id, round_.id, None, bad, people["ana"])
    with pytest.raises(InvalidInput, match="no such dimension"):
        health.comment_anonymously(real_db, map_id, round_.id, "luck", "Hm", people["ana"])
    with pytest.raises(PermissionDenied):
        health.comment_anonymously(real_db, map_id, round_.id, None, "Hi", people["out"])
    assert health.anonymous_count(real_db, map_id, round_.id, people["fac"]) == 2
    assert history.history(real_db, map_id, limit=1, who=people["fac"])[0].revision == revision  # no trace
    health.answer(real_db, map_id, round_.id, scores(3), {}, people["ana"])
    health.reveal(real_db, map_id, round_.id, people["fac"])
    found = health.results(real_db, map_id, round_.id, people["ana"]).anonymous
    assert sorted(c.text for c in found) == ["Meetings run late.", "They decide, we are told."]
    assert all(set(c.model_dump()) == {"round_id", "dimension", "text"} for c in found)
    with pytest.raises(InvalidInput, match="was revealed"):
        health.comment_anonymously(real_db, map_id, round_.id, None, "Late", people["ana"])


def test_a_diagnosis_is_written_after_the_reveal_and_stands_when_every_partner_agrees(real_db, team):
    map_id, people = team
    round_ = health.start_round(real_db, map_id, "March", DIMS, people["fac"])
    health.answer(real_db, map_id, round_.id, scores(3), {}, people["ana"])
    with pytest.raises(InvalidInput, match="not revealed yet"):
        health.write_diagnosis(real_db, map_id, round_.id, "Too early", people["fac"])
    health.reveal(real_db, map_id, round_.id, people["fac"])
    with pytest.raises(PermissionDenied):
        health.write_diagnosis(real_db, map_id, round_.id, "Mine", people["ana"])
    with pytest.raises(InvalidInput, match="Write the diagnosis"):
        health.write_diagnosis(real_db, map_id, round_.id, "   ", people["fac"])
    written = health.write_diagnosis(real_db, map_id, round_.id, "Trust holds; power does not.", people["fac"])
    assert written.diagnosis.by == "Fac" and not written.diagnosis.agreed(["moh", "iph"])
    health.agree_diagnosis(real_db, map_id, round_.id, "agree", people["ana"])
    with pytest.raises(PermissionDenied):
        health.agree_diagnosis(real_db, map_id, round_.id, "agree", people["nop"])
    agreed = health.agree_diagnosis(real_db, map_id, round_.id, "agree", people["ben"])
    assert agreed.diagnosis.agreed(["moh", "iph"]) and agreed.diagnosis.agreed_by == ["iph", "moh"]
    rewritten = health.write_diagnosis(real_db, map_id, round_.id, "Trust holds; power is shifting.", people["fac"])
    assert rewritten.diagnosis.agreed_by == []  # a changed text is agreed again
    lines = [r.change.text for r in history.history(real_db, map_id, limit=4, who=people["fac"])]
    assert "Agreed the diagnosis of the health check round “March”" in lines
    report = exchange.export_map(real_db, map_id, "report", who=people["vic"]).data.decode()
    assert "Trust holds; power is shifting." in report
