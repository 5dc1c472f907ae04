"""Agreement, endorsement, stands and answers only for the sender's own partner, and only when they change
something: a forged or repeated stand is refused with a clear message and never reaches the history."""

import pytest

from tocmap.domain.changes import Batch, UpdateElement, UpdateFoundation
from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.services import decisions, foundations, health, history, maps
from tocmap.services.access import SYSTEM


def head(db, map_id) -> int:
    """The map's current revision."""
    return history.history(db, map_id, limit=1, who=SYSTEM)[0].revision


def agreed_element(db, map_id, partners) -> str:
    """An element of the map agreed by these partners (set by the system, as an import would)."""
    element_id = min(maps.get_map(db, map_id, who=SYSTEM)[2].elements)
    history.apply(db, map_id, UpdateElement(id=element_id, set={"agreed_by": partners}), SYSTEM)
    return element_id


def test_resending_another_partners_existing_agreement_is_refused_and_not_recorded(db, team):
    map_id, p = team
    element_id = agreed_element(db, map_id, ["iph"])
    before = head(db, map_id)
    with pytest.raises(PermissionDenied, match="only on behalf of your own partner"):
        history.apply(db, map_id, UpdateElement(id=element_id, set={"agreed_by": ["iph"]}), p["ana"])
    with pytest.raises(PermissionDenied, match="only on behalf of your own partner"):
        history.apply(db, map_id, UpdateElement(id=element_id, set={"disputed_by": [], "agreed_by": ["iph"]}),
                      p["ana"])
    assert head(db, map_id) == before


def test_agreeing_for_another_partner_is_refused_even_inside_a_batch(db, team):
    map_id, p = team
    element_id = agreed_element(db, map_id, [])
    before = head(db, map_id)
    forged = Batch(ops=[UpdateElement(id=element_id, set={"agreed_by": ["moh", "iph"]})])
    with pytest.raises(PermissionDenied, match="own partner"):
        history.apply(db, map_id, forged, p["ana"])
    assert head(db, map_id) == before
    assert maps.get_map(db, map_id, who=SYSTEM)[2].elements[element_id].agreed_by == []


def test_a_changed_text_cannot_keep_another_partners_agreement(db, team):
    map_id, p = team
    element_id = agreed_element(db, map_id, ["iph"])
    before = head(db, map_id)
    with pytest.raises(PermissionDenied, match="own partner"):
        history.apply(db, map_id, UpdateElement(id=element_id, set={"label": "Reworded", "agreed_by": ["iph"]}),
                      p["ana"])
    assert head(db, map_id) == before
    applied = history.apply(db, map_id, UpdateElement(id=element_id, set={"label": "Reworded", "agreed_by": ["moh"]}),
                            p["ana"])  # restating one's own partner's agreement of the new text is agreeing
    assert applied.state.elements[element_id].agreed_by == ["moh"]


def test_a_member_agrees_for_their_own_partner_and_the_history_says_so(db, team):
    map_id, p = team
    element_id = agreed_element(db, map_id, ["iph"])
    applied = history.apply(db, map_id, UpdateElement(id=element_id, set={"agreed_by": ["iph", "moh"]}), p["ana"])
    assert applied.state.elements[element_id].agreed_by == ["iph", "moh"]
    assert applied.record.author.partner == "moh" and applied.record.change.before == {"agreed_by": ["iph"]}


@pytest.mark.parametrize("first, again, message", [
    ("agree", "agree", "already agrees"),
    ("dispute", "dispute", "already disputes"),
    (None, "withdraw", "no stand on this to withdraw"),
])
def test_a_stand_already_recorded_is_refused_as_nothing_to_record(db, team, first, again, message):
    map_id, p = team
    element_id = agreed_element(db, map_id, [])
    if first:
        history.set_stand(db, map_id, "element", element_id, first, p["ana"])
    before = head(db, map_id)
    with pytest.raises(InvalidInput, match=message):
        history.set_stand(db, map_id, "element", element_id, again, p["ana"])
    assert head(db, map_id) == before


def test_a_direct_no_op_agreement_change_is_refused(db, team):
    map_id, p = team
    element_id = agreed_element(db, map_id, ["moh"])
    before = head(db, map_id)
    with pytest.raises(InvalidInput, match="Nothing to record"):
        history.apply(db, map_id, UpdateElement(id=element_id, set={"agreed_by": ["moh"]}), p["ana"])
    assert head(db, map_id) == before


def test_the_joint_purpose_is_agreed_once_per_partner_and_never_for_another(db, team):
    map_id, p = team
    foundations.set_purpose(db, map_id, "Better district data, used", p["fac"])
    history.set_stand(db, map_id, "purpose", "purpose", "agree", p["ben"])
    before = head(db, map_id)
    with pytest.raises(InvalidInput, match="already agrees"):
        history.set_stand(db, map_id, "purpose", "purpose", "agree", p["ben"])
    with pytest.raises(PermissionDenied, match="own partner"):
        history.apply(db, map_id, UpdateFoundation(kind="purpose", id="purpose", set={"agreed_by": ["iph"]}),
                      p["ana"])
    assert head(db, map_id) == before
    assert foundations.view(db, map_id, SYSTEM).state.purpose.agreed_by == ["iph"]


def test_a_snapshot_is_endorsed_once_per_partner(db, team):
    map_id, p = team
    maps.add_snapshot(db, map_id, "March workshop", p["fac"])
    assert maps.endorse_snapshot(db, map_id, "March workshop", p["ana"]).endorsed_by == ["moh"]
    with pytest.raises(InvalidInput, match="already endorses"):
        maps.endorse_snapshot(db, map_id, "March workshop", p["fac"])
    with pytest.raises(InvalidInput, match="nothing to withdraw"):
        maps.endorse_snapshot(db, map_id, "March workshop", p["ben"], endorse=False)
    assert maps.find_snapshot(db, map_id, "March workshop", who=SYSTEM).endorsed_by == ["moh"]


def test_a_decision_stand_already_stated_is_refused(db, team):
    map_id, p = team
    made = decisions.propose(db, map_id, text="Joint annual review", rule="each_partner", who=p["fac"])
    decisions.state_stand(db, map_id, made.id, "object", p["ana"])
    before = head(db, map_id)
    with pytest.raises(InvalidInput, match="already that"):
        decisions.state_stand(db, map_id, made.id, "object", p["fac"])
    with pytest.raises(InvalidInput, match="no stand on this decision to withdraw"):
        decisions.state_stand(db, map_id, made.id, "withdraw", p["ben"])
    assert head(db, map_id) == before


def test_a_health_check_answer_and_diagnosis_speak_only_for_the_senders_partner(db, team):
    map_id, p = team
    round_ = health.start_round(db, map_id, "March", ["trust", "mutuality", "communication"], p["fac"])
    with pytest.raises(PermissionDenied, match="your own partner only"):
        health.answer(db, map_id, round_.id, {"trust": 4, "mutuality": 3, "communication": 2}, {}, p["ana"], partner="iph")
    health.answer(db, map_id, round_.id, {"trust": 4, "mutuality": 3, "communication": 2}, {}, p["ana"], partner="moh")
    health.reveal(db, map_id, round_.id, p["fac"])
    health.write_diagnosis(db, map_id, round_.id, "Trust grows; mutuality lags.", p["fac"])
    assert health.agree_diagnosis(db, map_id, round_.id, "agree", p["ben"]).diagnosis.agreed_by == ["iph"]
    before = head(db, map_id)
    with pytest.raises(InvalidInput, match="already agrees"):
        health.agree_diagnosis(db, map_id, round_.id, "agree", p["mel"])
    with pytest.raises(InvalidInput, match="nothing to withdraw"):
        health.agree_diagnosis(db, map_id, round_.id, "withdraw", p["ana"])
    assert head(db, map_id) == before
    answers = health.answers(db, map_id, round_.id, p["fac"])
    assert [(a.user_name, a.partner) for a in answers] == [("Ana", "moh")]
