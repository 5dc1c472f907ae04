"""Purpose, principles, responsibilities and re-articulations through the services: history and agreement."""

import pytest

from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.model import STATEMENT_MAX
from tocmap.services import foundations, history, maps
from tocmap.services.access import SYSTEM


def latest(db, map_id):
    return history.history(db, map_id, limit=1, who=SYSTEM)[0]


def test_the_purpose_is_a_change_in_the_history_and_agreed_only_by_both_partners(db, team):
    map_id, people = team
    foundations.set_purpose(db, map_id, "  Better use of data   for health ", people["ana"])
    record = latest(db, map_id)
    assert record.author.name == "Ana" and record.summary.startswith("Set the joint purpose to “Better use of data")
    state = foundations.view(db, map_id, people["vic"]).state
    assert state.purpose.text == "Better use of data for health"
    history.set_stand(db, map_id, "purpose", "purpose", "agree", people["ana"])
    assert foundations.view(db, map_id, people["vic"]).state.purpose.agreement({"moh", "iph"}) == "proposed"
    history.set_stand(db, map_id, "purpose", "purpose", "agree", people["ben"])
    assert foundations.view(db, map_id, people["vic"]).state.purpose.agreement({"moh", "iph"}) == "agreed"
    foundations.set_purpose(db, map_id, "Better data for health", people["ben"])  # an edit resets agreement
    assert foundations.view(db, map_id, people["vic"]).state.purpose.agreed_by == []


def test_agreement_is_only_for_one_s_own_partner_and_not_for_viewers(db, team):
    map_id, people = team
    applied = foundations.add_principle(db, map_id, "Budget decisions are taken jointly", people["ana"])
    principle_id = applied.record.change.principle.id
    with pytest.raises(PermissionDenied):
        history.set_stand(db, map_id, "principle", principle_id, "agree", people["vic"])
    from tocmap.domain.changes import UpdateFoundation
    with pytest.raises(PermissionDenied, match="own partner"):
        history.apply(db, map_id, UpdateFoundation(kind="principle", id=principle_id, set={"agreed_by": ["iph"]}),
                      people["ana"])
    history.set_stand(db, map_id, "principle", principle_id, "dispute", people["ben"])
    state = foundations.view(db, map_id, people["ana"]).state
    assert state.principles[principle_id].agreement({"moh", "iph"}) == "disputed"


def test_responsibilities_name_a_partner_of_the_partnership(db, team):
    map_id, people = team
    foundations.add_responsibility(db, map_id, "iph", "Train district staff", people["ana"])
    state = foundations.view(db, map_id, people["ana"]).state
    assert [(r.partner, r.text, r.proposed_by) for r in state.responsibilities.values()] == [
        ("iph", "Train district staff", "moh")]
    with pytest.raises(InvalidInput, match="not a partner"):
        foundations.add_responsibility(db, map_id, "who", "Host", people["ana"])


@pytest.mark.parametrize("text, words", [("", "cannot be empty"), ("   ", "cannot be empty"),
                                         ("x" * (STATEMENT_MAX + 1), f"at most {STATEMENT_MAX}"), (7, "must be text")])
def test_bad_statements_are_refused_and_change_nothing(db, team, text, words):
    map_id, people = team
    before = maps.get_map(db, map_id, who=SYSTEM)[1]
    with pytest.raises(InvalidInput, match=words):
        foundations.set_purpose(db, map_id, text, people["ana"])
    with pytest.raises(InvalidInput):
        foundations.add_principle(db, map_id, text if text != 7 else "", people["ana"])
    assert maps.get_map(db, map_id, who=SYSTEM)[1] == before


def test_viewers_do_not_edit_foundations(db, team):
    map_id, people = team
    with pytest.raises(PermissionDenied):
        foundations.set_purpose(db, map_id, "Ours", people["vic"])


def test_a_facilitator_rearticulates_every_partner_endorses_and_the_earlier_version_stays(db, team):
    map_id, people = team
    foundations.set_purpose(db, map_id, "Better data for health", people["ana"])
    foundations.add_principle(db, map_id, "Budget decisions are taken jointly", people["ana"])
    with pytest.raises(PermissionDenied):
        foundations.rearticulate(db, map_id, "New", [], [], "Why", people["ana"])
    with pytest.raises(InvalidInput, match="reason"):
        foundations.rearticulate(db, map_id, "New", [], [], " ", people["fac"])
    foundations.rearticulate(db, map_id, "Better use of data for health", ["Budget decisions are taken jointly"],
                             [("moh", "Host the warehouse")], "New director at the ministry", people["fac"])
    record = latest(db, map_id)
    assert record.author.name == "Fac" and "New director at the ministry" in record.summary
    for who in ("ana", "ben"):
        history.set_stand(db, map_id, "version", "v1", "agree", people[who])
    state = foundations.view(db, map_id, people["vic"]).state
    assert state.versions["v1"].agreement({"moh", "iph"}) == "agreed"
    old, current, rows = foundations.comparison(db, map_id, 0, people["vic"])
    assert old.content.purpose.text == "Better data for health"
    assert current.content.purpose.text == "Better use of data for health"
    assert [r.mark for r in rows] == ["changed", "same", "added"]
    with pytest.raises(NotFound):
        foundations.comparison(db, map_id, 9, people["vic"])
    history.undo(db, map_id, record.revision, people["fac"])  # undo takes it back, the original returns
    state = foundations.view(db, map_id, people["vic"]).state
    assert state.purpose.text == "Better data for health" and state.versions == {}


def test_foundations_and_their_versions_travel_in_the_json_export(db, team):
    from tocmap.domain.document import read_document
    from tocmap.services import exchange

    map_id, people = team
    foundations.set_purpose(db, map_id, "Better data for health", people["ana"])
    foundations.add_responsibility(db, map_id, "iph", "Train district staff", people["ana"])
    foundations.rearticulate(db, map_id, "Better use of data", [], [("iph", "Train district staff")], "Extended",
                             people["fac"])
    document = read_document(exchange.export_map(db, map_id, "json", who=people["vic"]).data)
    state = document.state()
    assert state.purpose.text == "Better use of data" and list(state.versions) == ["v1"]
    assert state.versions["v1"].previous.purpose.text == "Better data for health"
    assert [r.text for r in state.responsibilities.values()] == ["Train district staff"]
