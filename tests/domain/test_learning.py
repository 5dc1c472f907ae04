"""The learning log, evidence logs and course corrections as map changes: pure, no database."""

import datetime as dt

import pytest

from tests.domain.factories import element, small_map
from tocmap.domain.changes import (
    AddElement,
    AddEvidence,
    AddLearning,
    AddObservation,
    Batch,
    ChangeRecord,
    MoveElements,
    RemoveEvidence,
    RemoveLearning,
    UpdateElement,
    UpdateLearning,
    apply_change,
    diff_states,
    find_conflicts,
    inverse,
    parse_change,
    partners_named,
    summarize,
    touched,
)
from tocmap.domain.checks import check
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.learning import assumptions_at_risk, led_to, newest_first
from tocmap.domain.model import Author, EvidenceNote, LearningEntry, MapState, Observation, partner_problems

DAY = dt.date(2026, 3, 1)


def entry(id="lrn-1", text="SMS reminders work better than dashboards", **fields):
    return LearningEntry(id=id, date=fields.pop("date", DAY), text=text, **fields)


def note(id="ev-1", text="Three of ten managers left", **fields):
    return EvidenceNote(id=id, date=fields.pop("date", DAY), text=text, **fields)


def applied(state, *changes):
    for change in changes:
        state, _ = apply_change(state, change)
    return state


def with_log(*entries):
    return applied(small_map(), *[AddLearning(entry=e) for e in entries])


class TestTheLog:
    def test_an_entry_needs_text_and_a_known_kind(self):
        with pytest.raises(ValueError, match="at least 1 character"):
            entry(text="  ")
        with pytest.raises(ValueError, match="reflection"):
            entry(kind="rumour")

    def test_adding_an_entry_puts_it_in_the_state_and_the_id_must_be_new(self):
        state = with_log(entry(elements=["oc"], partner="moh"))
        assert state.learning["lrn-1"].elements == ["oc"]
        with pytest.raises(InvalidInput, match="already used"):
            apply_change(state, AddLearning(entry=entry()))
        with pytest.raises(InvalidInput, match="already used"):
            apply_change(state, AddLearning(entry=entry(id="oc")))

    def test_an_update_records_what_it_replaced_and_unknown_fields_are_refused(self):
        state, recorded = apply_change(with_log(entry()), UpdateLearning(id="lrn-1", set={"kind": "decision"}))
        assert (recorded.set, recorded.before) == ({"kind": "decision"}, {"kind": "reflection"})
        with pytest.raises(InvalidInput, match="no field 'colour'"):
            apply_change(state, UpdateLearning(id="lrn-1", set={"colour": "red"}))
        with pytest.raises(InvalidInput, match="learning entry text"):
            apply_change(state, UpdateLearning(id="lrn-1", set={"text": ""}))
        with pytest.raises(NotFound, match="no learning entry 'ghost'"):
            apply_change(state, UpdateLearning(id="ghost", set={"text": "x"}))

    def test_the_log_reads_newest_first(self):
        state = with_log(entry("a", date=dt.date(2026, 1, 1)), entry("b", date=dt.date(2026, 5, 1)),
                         entry("c", date=dt.date(2026, 1, 1)))
        assert [e.id for e in newest_first(state)] == ["b", "c", "a"]

    def test_removing_an_element_keeps_the_entries_that_name_it(self):
        after, _ = apply_change(with_log(entry(elements=["out"])), parse_change({"op": "remove_element", "id": "out"}))
        assert after.learning["lrn-1"].elements == ["out"] and after.label_of("out") == "out"

    def test_an_unknown_partner_in_the_log_is_reported(self):
        state = with_log(entry(partner="p9"))
        assert partner_problems(state, {"moh"}) == ["learning entry 'lrn-1' names unknown partner 'p9'"]


class TestUndoAndDiff:
    @pytest.mark.parametrize("change", [
        AddLearning(entry=entry("lrn-2", kind="decision")),
        UpdateLearning(id="lrn-1", set={"text": "Rewritten", "elements": ["imp"]}),
        UpdateLearning(id="lrn-1", set={"correction": "active"}),
        RemoveLearning(id="lrn-1"),
        AddEvidence(element="as1", note=note("ev-2")),
        AddEvidence(element="as1", note=note("ev-2"), status="disproved"),
        RemoveEvidence(element="as1", id="ev-1"),
        Batch(ops=[RemoveLearning(id="lrn-1"), AddEvidence(element="as1", note=note("ev-3"), status="holding")]),
    ], ids=lambda c: c.op)
    def test_the_inverse_restores_the_map(self, change):
        state = applied(with_log(entry()), AddEvidence(element="as1", note=note(), status="challenged"),
                        AddEvidence(element="as1", note=note("ev-0")))
        after, recorded = apply_change(state, change)
        assert after != state
        assert applied(after, inverse(recorded)) == state

    def test_diff_states_carries_the_log_and_evidence_both_ways(self):
        old = with_log(entry("a", correction="active"), entry("b"))
        new = applied(old, UpdateLearning(id="a", set={"correction": "finished"}), RemoveLearning(id="b"),
                      AddLearning(entry=entry("c", correction="active")),
                      AddEvidence(element="as1", note=note(), status="disproved"))
        assert applied(old, diff_states(old, new)) == new
        assert applied(new, diff_states(new, old)) == old


class TestEvidence:
    def test_a_note_can_challenge_an_assumption(self):
        state, recorded = apply_change(small_map(), AddEvidence(element="as1", note=note(partner="iph"), status="challenged"))
        assumption = state.elements["as1"]
        assert assumption.assumption_status == "challenged" and [n.id for n in assumption.evidence] == ["ev-1"]
        assert recorded.before_status is None and recorded.set_status
        assert summarize(recorded) == "Marked assumption “Staff stay in post” challenged: Three of ten managers left"
        assert assumptions_at_risk(state) == ["as1"]

    def test_only_assumptions_have_an_evidence_log(self):
        with pytest.raises(InvalidInput, match="not one"):
            apply_change(small_map(), AddEvidence(element="oc", note=note()))
        with pytest.raises(ValueError, match="only an assumption has an evidence log"):
            element("x", "outcome", evidence=[note()])
        with pytest.raises(NotFound, match="no evidence note"):
            apply_change(small_map(), RemoveEvidence(element="as1", id="ev-9"))

    def test_evidence_does_not_undo_an_agreement(self):
        agreed = applied(small_map(), UpdateElement(id="as1", set={"agreed_by": ["moh"]}))
        state = applied(agreed, UpdateElement(id="as1", set={"evidence": [note().model_dump(mode="json")]}))
        assert state.elements["as1"].agreed_by == ["moh"]

    def test_a_disproved_assumption_under_an_element_is_a_finding(self):
        state = applied(small_map(), AddEvidence(element="as1", note=note(), status="disproved"))
        found = [f for f in check(state).findings if "disproved" in f.message.lower()]
        assert found and "as1" in found[0].elements


class TestCourseCorrection:
    def test_changes_made_while_a_correction_is_active_carry_the_entry(self):
        state = applied(with_log(entry()), UpdateLearning(id="lrn-1", set={"correction": "active"}))
        state, recorded = apply_change(state, AddElement(element=element("n", "output", "SMS reporting")))
        assert recorded.because == "lrn-1"
        assert summarize(recorded) == "Course correction · Added output “SMS reporting”"
        _, moved = apply_change(state, MoveElements(positions={"n": (1.0, 2.0)}))
        _, agreed = apply_change(state, UpdateElement(id="n", set={"agreed_by": ["moh"]}))
        _, noted = apply_change(state, AddEvidence(element="as1", note=note()))
        observed = Observation(id="o1", value=40.0, date=DAY)
        _, measured = apply_change(state, AddObservation(indicator="ind1", observation=observed))
        assert moved.because is None and agreed.because is None and noted.because is None and measured.because is None
        finished = applied(state, UpdateLearning(id="lrn-1", set={"correction": "finished"}))
        assert apply_change(finished, UpdateElement(id="n", set={"label": "x"}))[1].because is None

    def test_a_change_can_name_its_entry_but_only_an_existing_one(self):
        _, recorded = apply_change(with_log(entry()), UpdateElement(id="oc", set={"label": "x"}, because="lrn-1"))
        assert recorded.because == "lrn-1" and parse_change(recorded.model_dump_json()).because == "lrn-1"
        with pytest.raises(InvalidInput, match="no learning entry 'lrn-9'"):
            apply_change(small_map(), UpdateElement(id="oc", set={"label": "x"}, because="lrn-9"))

    def test_only_one_correction_is_active_at_a_time(self):
        state = applied(with_log(entry("a"), entry("b")), UpdateLearning(id="a", set={"correction": "active"}))
        with pytest.raises(InvalidInput, match="still active; finish it first"):
            apply_change(state, UpdateLearning(id="b", set={"correction": "active"}))
        with pytest.raises(ValueError, match="more than one course correction"):
            MapState(title="m", learning={"a": entry("a", correction="active"), "b": entry("b", correction="active")})

    def test_summaries_say_when_a_correction_starts_and_finishes(self):
        state = with_log(entry())
        state, started = apply_change(state, UpdateLearning(id="lrn-1", set={"correction": "active"}))
        _, finished = apply_change(state, UpdateLearning(id="lrn-1", set={"correction": "finished"}))
        assert summarize(started) == "Started course correction “SMS reminders work better than dashboards”"
        assert summarize(finished).startswith("Finished course correction")
        assert summarize(AddLearning(entry=entry(kind="decision"))).startswith("Recorded decision “SMS")

    def test_led_to_lists_the_history_entries_of_one_correction(self):
        at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
        records = [ChangeRecord(revision=n, at=at, author=Author(name="Ana"), change=c) for n, c in [
            (1, UpdateElement(id="oc", set={"label": "a"}, because="lrn-1")),
            (2, UpdateElement(id="oc", set={"label": "b"})),
            (3, UpdateElement(id="oc", set={"label": "c"}, because="lrn-2"))]]
        assert [r.revision for r in led_to(records, "lrn-1")] == [1]


class TestConflictsAndPartners:
    def test_editing_an_entry_someone_changed_or_removed_conflicts(self):
        state, theirs = apply_change(with_log(entry()), UpdateLearning(id="lrn-1", set={"text": "Theirs"}))
        record = ChangeRecord(revision=3, at=dt.datetime.now(dt.UTC), author=Author(name="Ben"), change=theirs)
        assert find_conflicts(UpdateLearning(id="lrn-1", set={"text": "Mine"}), [record], state)
        assert find_conflicts(UpdateLearning(id="lrn-1", set={"kind": "decision"}), [record], state) == []
        gone, removed = apply_change(with_log(entry()), RemoveLearning(id="lrn-1"))
        record = record.model_copy(update={"change": removed})
        assert find_conflicts(UpdateLearning(id="lrn-1", set={"text": "Mine"}), [record], gone)[0]["field"] == "*"

    def test_touched_and_partners_named_cover_the_new_ops(self):
        assert touched(AddEvidence(element="as1", note=note(), status="challenged")) == {
            ("as1", "evidence"), ("as1", "assumption_status")}
        assert partners_named(AddLearning(entry=entry(partner="iph"))) == {"iph"}
        assert partners_named(AddEvidence(element="as1", note=note(partner="moh"))) == {"moh"}
