"""What open copies are told: news after a gap, who may still follow, presence, and counts with no content."""

from tocmap.domain.changes import UpdateElement
from tocmap.services import accounts, health, history, live, swot
from tocmap.services.access import SYSTEM


def test_a_copy_that_missed_three_edits_gets_each_of_them_once_with_the_map_as_it_now_is(db, team):
    map_id, people = team
    seen = live.news(db, map_id, 0).revision
    for n in range(3):
        history.apply(db, map_id, UpdateElement(id="oc-1", set={"label": f"Wording {n}"}), people["ana"])
    news = live.news(db, map_id, seen)
    assert [r.revision for r in news.records] == [seen + 1, seen + 2, seen + 3]
    assert news.state.elements["oc-1"].label == "Wording 2" and news.partnership.partners
    assert live.news(db, map_id, news.revision).state is None  # nothing new: nothing read


def test_removed_members_and_outsiders_may_no_longer_follow_while_administrators_may(db, team):
    map_id, people = team
    admin = accounts.create_user(db, "root@example.org", "Root", "a long enough password", is_admin=True)
    accounts.remove_member(db, map_id, people["ben"].user_id, SYSTEM)
    asked = {people["ana"].user_id, people["vic"].user_id, people["ben"].user_id, people["out"].user_id, admin.id,
             999_999}
    assert live.still_allowed(db, map_id, asked) == {people["ana"].user_id, people["vic"].user_id, admin.id}


def test_signing_out_raises_the_session_generation_a_follower_is_checked_against(db, team):
    map_id, people = team
    ana, ben = people["ana"].user_id, people["ben"].user_id
    before = live.still_following(db, map_id, {ana, ben})
    accounts.sign_out(db, people["ana"])
    after = live.still_following(db, map_id, {ana, ben})
    assert after[ana] == before[ana] + 1 and after[ben] == before[ben]


def test_followers_are_present_and_a_newcomer_keeps_their_selection_after_a_refresh(db, team):
    map_id, people = team
    live.poll(db, map_id, people["ana"], 0, selected="oc-1")
    live.keep_present(db, map_id, {people["ana"].user_id, people["ben"].user_id})
    present = {p["name"]: p["selected"] for p in live.present(db, map_id)}
    assert present == {"Ana": "oc-1", "Ben": ""}
    live.leave(db, map_id, people["ana"].user_id)
    assert [p["name"] for p in live.present(db, map_id)] == ["Ben"]


def test_tallies_count_answers_and_cards_per_partner_and_carry_none_of_their_words(db, team):
    map_id, people = team
    round_ = health.start_round(db, map_id, "Mid-term", ["trust", "mutuality", "communication"], SYSTEM)
    exercise = swot.open_exercise(db, map_id, "Review", SYSTEM)
    health.answer(db, map_id, round_.id, {"trust": 2, "mutuality": 4, "communication": 3}, {"trust": "we doubt the reporting"},
                  people["ana"])
    health.answer(db, map_id, round_.id, {"trust": 5, "mutuality": 5, "communication": 5}, {}, people["ben"])
    swot.add_card(db, map_id, exercise.id, "threat", "Staff turnover at the institute", people["mel"])
    counts = live.tallies(db, map_id)
    assert counts == {"health": {str(round_.id): {"moh": 1, "iph": 1}}, "swot": {str(exercise.id): {"iph": 1}}}
    assert "reporting" not in repr(counts) and "turnover" not in repr(counts)
    health.reveal(db, map_id, round_.id, people["fac"])
    assert live.tallies(db, map_id)["health"] == {}  # a revealed round is no longer counted live
