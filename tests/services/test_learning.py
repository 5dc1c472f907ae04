"""The learning log's rules: who records, whom an entry names, course corrections, evidence logs."""

import datetime as dt

import pytest

from tocmap import i18n
from tocmap.domain.changes import AddElement, UpdateElement, summarize
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.model import Element
from tocmap.services import history, learning, maps
from tocmap.services.access import SYSTEM


def test_an_entry_names_its_author_and_the_partner_they_speak_for(db, team):
    map_id, people = team
    entry_id = learning.record_entry(db, map_id, text="Dashboards are not opened offline", kind="reflection",
                                     elements=["op-1"], indicators=["ind-completeness"], who=people["ben"])
    entry = learning.learning_log(db, map_id, who=people["vic"]).state.learning[entry_id]
    assert (entry.by, entry.partner, entry.elements, entry.indicators) == ("Ben", "iph", ["op-1"], ["ind-completeness"])
    assert entry.date == dt.date.today()


def test_the_system_records_an_entry_with_its_source(db, team):
    map_id, _ = team
    source = {"kind": "health_round", "id": 3, "title": "March round"}
    entry_id = learning.record_entry(db, map_id, text="Mutuality gap", kind="decision", source=source, who=SYSTEM)
    entry = learning.learning_log(db, map_id, who=SYSTEM).state.learning[entry_id]
    assert entry.source.model_dump() == source and entry.kind == "decision"


@pytest.mark.parametrize("who", ["fac", "ana", "ben", "mel"])
def test_members_who_record_learning_may_write(db, team, who):
    map_id, people = team
    assert learning.record_entry(db, map_id, text="x", who=people[who])


@pytest.mark.parametrize("who", ["vic", "out"])
def test_viewers_and_outsiders_cannot_write_and_nothing_is_saved(db, team, who):
    map_id, people = team
    before = maps.get_map(db, map_id, who=SYSTEM)[0].revision
    with pytest.raises(PermissionDenied):
        learning.record_entry(db, map_id, text="x", who=people[who])
    with pytest.raises(PermissionDenied):
        learning.add_evidence(db, map_id, "as-1", text="x", who=people[who])
    assert maps.get_map(db, map_id, who=SYSTEM)[0].revision == before


def test_outsiders_cannot_read_the_log(db, team):
    map_id, people = team
    with pytest.raises(PermissionDenied):
        learning.learning_log(db, map_id, who=people["out"])


@pytest.mark.parametrize("fields, words", [
    ({"text": "  "}, "empty"), ({"text": "x", "kind": "rumour"}, "reflection or a decision"),
    ({"text": "x", "elements": ["ghost"]}, "no element 'ghost'"), ({"text": "x", "indicators": ["op-1"]}, "no indicator"),
    ({"text": "x", "date": "31/03/2026"}, "not a date"), ({"text": "x", "source": {"kind": "Bad Kind"}}, "source"),
])
def test_a_bad_entry_is_refused_with_a_clear_message(db, team, fields, words):
    map_id, people = team
    with pytest.raises(InvalidInput, match=words):
        learning.record_entry(db, map_id, who=people["ana"], **fields)
    assert learning.learning_log(db, map_id, who=SYSTEM).entries == []


def test_the_log_is_newest_first_filters_by_partner_and_counts_both_sides(db, team):
    map_id, people = team
    learning.record_entry(db, map_id, text="Old", date="2026-01-10", who=people["ana"])
    learning.record_entry(db, map_id, text="New", date="2026-03-10", kind="decision", who=people["ben"])
    learning.record_entry(db, map_id, text="Mid", date="2026-02-10", who=people["mel"])
    log = learning.learning_log(db, map_id, who=people["vic"])
    assert [e.text for e in log.entries] == ["New", "Mid", "Old"]
    assert [e.text for e in learning.learning_log(db, map_id, who=people["vic"], partner="iph").entries] == ["New", "Mid"]
    assert {(c.partner, c.reflections, c.decisions) for c in log.per_partner} == {("moh", 1, 0), ("iph", 1, 1)}
    with pytest.raises(InvalidInput, match="not a partner"):
        learning.learning_log(db, map_id, who=people["vic"], partner="who")


def test_a_course_correction_links_the_changes_made_while_it_is_active(db, team):
    map_id, people = team
    entry_id = learning.record_entry(db, map_id, text="Use SMS for weekly reports", kind="decision", who=people["mel"])
    history.apply(db, map_id, UpdateElement(id="op-1", set={"description": "before"}), people["ana"])
    learning.start_correction(db, map_id, entry_id, who=people["mel"])
    added = history.apply(db, map_id, AddElement(element=Element(id="op-sms", kind="output", label="SMS reporting")),
                          people["ana"])
    renamed = history.apply(db, map_id, UpdateElement(id="op-1", set={"label": "Dashboards and SMS"}), people["ben"])
    learning.finish_correction(db, map_id, entry_id, who=people["mel"])
    history.apply(db, map_id, UpdateElement(id="op-1", set={"description": "after"}), people["ana"])
    led = learning.changes_led_to(db, map_id, entry_id, who=people["vic"])
    assert [r.revision for r in led] == [added.revision, renamed.revision]
    assert led[0].summary == "Course correction · Added output “SMS reporting”"
    with i18n.using("fr"):  # the learning page lists a correction's own changes without the mark, in any language
        assert led[0].summary.startswith("Correction de trajectoire · ")
        assert not summarize(led[0].change, mark_correction=False).startswith("Correction de trajectoire")
    led_by = learning.corrections(db, map_id, who=people["vic"])
    assert {k: [r.revision for r in v] for k, v in led_by.items()} == {entry_id: [added.revision, renamed.revision]}
    lines = [r.summary for r in history.history(db, map_id, limit=6, who=people["vic"])]
    assert lines[1].startswith("Finished course correction") and lines[4].startswith("Started course correction")


def test_one_course_correction_at_a_time_and_finishing_needs_one_active(db, team):
    map_id, people = team
    first = learning.record_entry(db, map_id, text="First", who=people["ana"])
    second = learning.record_entry(db, map_id, text="Second", who=people["ana"])
    learning.start_correction(db, map_id, first, who=people["ana"])
    with pytest.raises(InvalidInput, match="“First” is still active"):
        learning.start_correction(db, map_id, second, who=people["ana"])
    with pytest.raises(InvalidInput, match="no active course correction"):
        learning.finish_correction(db, map_id, second, who=people["ana"])
    with pytest.raises(PermissionDenied):
        learning.finish_correction(db, map_id, first, who=people["vic"])
    with pytest.raises(NotFound):
        learning.start_correction(db, map_id, "lrn-ghost", who=people["ana"])


def test_an_evidence_note_challenges_an_assumption_and_undo_puts_it_back(db, team):
    map_id, people = team
    note_id = learning.add_evidence(db, map_id, "as-2", text="Three of ten trained managers left", status="challenged",
                                    link="https://example.org/report", who=people["mel"])
    state = maps.get_map(db, map_id, who=SYSTEM)[2]
    assumption = state.elements["as-2"]
    assert assumption.assumption_status == "challenged"
    assert [(n.id, n.by, n.partner, n.link) for n in assumption.evidence] == [(note_id, "Mel", "iph", "https://example.org/report")]
    head = maps.get_map(db, map_id, who=SYSTEM)[0].revision
    history.undo(db, map_id, head, people["mel"])
    assumption = maps.get_map(db, map_id, who=SYSTEM)[2].elements["as-2"]
    assert assumption.assumption_status == "holding" and assumption.evidence == []


def test_evidence_goes_only_on_assumptions_with_a_known_status(db, team):
    map_id, people = team
    with pytest.raises(InvalidInput, match="not one"):
        learning.add_evidence(db, map_id, "op-1", text="x", who=people["ana"])
    with pytest.raises(InvalidInput, match="not 'doubtful'"):
        learning.add_evidence(db, map_id, "as-1", text="x", status="doubtful", who=people["ana"])
    with pytest.raises(NotFound):
        learning.add_evidence(db, map_id, "ghost", text="x", who=people["ana"])


def test_removing_an_entry_can_be_undone_and_restoring_brings_back_the_log(db, team):
    map_id, people = team
    entry_id = learning.record_entry(db, map_id, text="Keep me", who=people["ana"])
    kept = maps.get_map(db, map_id, who=SYSTEM)[0].revision
    learning.edit_entry(db, map_id, entry_id, text="Changed", who=people["ben"])
    removed = learning.remove_entry(db, map_id, entry_id, who=people["ana"])
    assert entry_id not in learning.learning_log(db, map_id, who=SYSTEM).state.learning
    history.undo(db, map_id, removed, people["ana"])
    assert learning.learning_log(db, map_id, who=SYSTEM).state.learning[entry_id].text == "Changed"
    history.restore(db, map_id, kept, people["fac"])
    assert learning.learning_log(db, map_id, who=SYSTEM).state.learning[entry_id].text == "Keep me"


def test_the_log_and_evidence_come_along_in_json_and_show_in_the_report(db, team):
    from tocmap.services import exchange

    map_id, people = team
    entry_id = learning.record_entry(db, map_id, text="SMS works where sync fails", kind="decision",
                                     elements=["op-1"], who=people["ben"])
    learning.start_correction(db, map_id, entry_id, who=people["ben"])
    learning.add_evidence(db, map_id, "as-2", text="Turnover is high", status="challenged", who=people["mel"])
    exported = exchange.export_map(db, map_id, "json", who=SYSTEM)
    copy = exchange.import_file(db, exported.data, None, SYSTEM, filename=exported.filename)
    original, imported = (maps.get_map(db, m, who=SYSTEM)[2] for m in (map_id, copy.map_id))
    assert imported.learning == original.learning and imported.elements["as-2"] == original.elements["as-2"]
    report = exchange.export_map(db, map_id, "report", who=SYSTEM).data.decode()
    assert "Learning log" in report and "SMS works where sync fails" in report
    assert "Course correction in progress" in report and "Ben, " in report


def test_the_changes_an_entry_led_to_stay_current_as_the_history_grows(db, team):
    map_id, people = team
    entry_id = learning.record_entry(db, map_id, text="Rework the pathway", who=people["ana"])
    learning.start_correction(db, map_id, entry_id, who=people["ana"])
    assert learning.changes_led_to(db, map_id, entry_id, who=people["vic"]) == []
    first = history.apply(db, map_id, UpdateElement(id="op-2", set={"label": "One"}), people["ana"])
    assert [r.revision for r in learning.changes_led_to(db, map_id, entry_id, who=people["vic"])] == [first.revision]
    second = history.apply(db, map_id, UpdateElement(id="op-2", set={"label": "Two"}), people["ana"])
    led = learning.changes_led_to(db, map_id, entry_id, who=people["vic"])
    assert [r.revision for r in led] == [first.revision, second.revision]
