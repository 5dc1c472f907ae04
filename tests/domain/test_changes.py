"""Applying, undoing, diffing and conflict-checking changes: pure, no database."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.domain.factories import element, link, small_map
from tocmap.domain.changes import (
    AddElement,
    AddLink,
    AddObservation,
    Batch,
    ChangeRecord,
    MoveElements,
    RemoveElement,
    RemoveLink,
    RemoveObservation,
    UpdateElement,
    UpdateLink,
    UpdateMap,
    apply_change,
    diff_states,
    find_conflicts,
    inverse,
    parse_change,
    raise_conflicts,
    replay_changes,
    summarize,
)
from tocmap.domain.errors import Conflict, InvalidInput, NotFound
from tocmap.domain.model import Author, EvidenceNote, LearningEntry, MapState, Observation


def applied(state, *changes):
    for change in changes:
        state, _ = apply_change(state, change)
    return state


def record(revision, change, name="Ben"):
    return ChangeRecord(revision=revision, at=dt.datetime.now(dt.UTC), author=Author(name=name), change=change)


class TestApplying:
    def test_adding_an_element_leaves_the_old_state_untouched(self):
        before = small_map()
        after = applied(before, AddElement(element=element("new", "output")))
        assert "new" in after.elements and "new" not in before.elements

    def test_an_id_can_be_used_only_once_across_elements_and_links(self):
        with pytest.raises(InvalidInput, match="already used"):
            applied(small_map(), AddElement(element=element("l1")))

    def test_an_update_records_what_it_replaced(self):
        _, recorded = apply_change(small_map(), UpdateElement(id="out", set={"label": "Dashboards live", "tags": ["data"]}))
        assert recorded.before == {"label": "Dashboards in every district", "tags": []}
        assert recorded.set == {"label": "Dashboards live", "tags": ["data"]}

    def test_an_update_with_a_bad_value_is_refused_with_the_field_named(self):
        with pytest.raises(InvalidInput, match="element label"):
            applied(small_map(), UpdateElement(id="out", set={"label": ""}))
        with pytest.raises(InvalidInput, match="no field 'colour'"):
            applied(small_map(), UpdateElement(id="out", set={"colour": "red"}))
        with pytest.raises(InvalidInput, match="no field 'id'"):
            applied(small_map(), UpdateElement(id="out", set={"id": "other"}))

    def test_changing_a_kind_that_breaks_a_link_is_refused(self):
        state = applied(small_map(), AddElement(element=element("dho2", "actor")), AddLink(link=link("inf", "dho", "dho2", "influences")))
        with pytest.raises(InvalidInput, match="cannot end at an outcome"):
            applied(state, UpdateElement(id="dho2", set={"kind": "outcome"}))

    def test_an_agreed_element_goes_back_to_proposed_when_its_content_changes(self):
        state = applied(small_map(), UpdateElement(id="oc", set={"agreed_by": ["ministry", "institute"]}))
        moved = applied(state, MoveElements(positions={"oc": (10.0, 20.0)}))
        assert moved.elements["oc"].agreed_by == ["institute", "ministry"]
        relabelled = applied(state, UpdateElement(id="oc", set={"label": "Districts use data"}))
        assert relabelled.elements["oc"].agreed_by == []

    def test_removing_an_element_takes_its_links_indicators_and_attachments_with_it(self):
        after, recorded = apply_change(small_map(), RemoveElement(id="out"))
        assert set(after.links) == {"l3"}
        assert after.elements["as1"].attached_to == []
        assert [lk.id for lk in recorded.removed.links] == ["l1", "l2"]
        assert "with 2 links" in summarize(recorded)

    def test_removing_an_actor_clears_the_outcomes_that_named_it(self):
        after = applied(small_map(), RemoveElement(id="dho"))
        assert after.elements["oc"].actor is None

    def test_removing_what_does_not_exist_says_so(self):
        with pytest.raises(NotFound, match="no element 'ghost'"):
            applied(small_map(), RemoveElement(id="ghost"))

    def test_a_link_must_fit_the_kinds_it_joins(self):
        with pytest.raises(InvalidInput, match="cannot end at an outcome"):
            applied(small_map(), AddLink(link=link("x", "dho", "oc", "influences")))
        with pytest.raises(InvalidInput, match="already linked"):
            applied(small_map(), AddLink(link=link("x", "act", "out")))

    def test_observations_are_checked_against_the_indicator(self):
        bad = Observation(id="o1", value="lots", date=dt.date(2026, 3, 1))
        with pytest.raises(InvalidInput, match="must be a number"):
            applied(small_map(), AddObservation(indicator="ind1", observation=bad))
        good = Observation(id="o1", value=40.0, date=dt.date(2026, 3, 1))
        state = applied(small_map(), AddObservation(indicator="ind1", observation=good))
        assert state.indicators["ind1"].observations == [good.model_copy(update={"definition": 1})]

    def test_a_failing_batch_changes_nothing(self):
        state = small_map()
        batch = Batch(ops=[AddElement(element=element("n1")), RemoveElement(id="ghost")])
        with pytest.raises(NotFound):
            apply_change(state, batch)
        assert "n1" not in state.elements

    def test_a_map_title_cannot_be_emptied(self):
        with pytest.raises(InvalidInput, match="title"):
            applied(small_map(), UpdateMap(set={"title": "  "}))

    def test_changes_parse_from_json_with_readable_errors(self):
        assert parse_change('{"op": "remove_link", "id": "l1"}') == RemoveLink(id="l1")
        with pytest.raises(InvalidInput, match="change"):
            parse_change('{"op": "explode"}')


class TestUndo:
    @pytest.mark.parametrize(
        "change",
        [
            AddElement(element=element("n", "output")),
            UpdateElement(id="oc", set={"label": "New", "tags": ["a"]}),
            RemoveElement(id="out"),
            RemoveElement(id="dho"),
            RemoveLink(id="l2"),
            MoveElements(positions={"oc": (5.0, 6.0), "imp": (1.0, 2.0)}),
            UpdateLink(id="l1", set={"polarity": "-", "confidence": "low"}),
            UpdateMap(set={"title": "Renamed"}),
            Batch(ops=[RemoveElement(id="oc"), AddElement(element=element("z", "impact"))]),
        ],
        ids=lambda c: c.op,
    )
    def test_the_inverse_of_a_recorded_change_restores_the_map(self, change):
        state = small_map()
        after, recorded = apply_change(state, change)
        assert applied(after, inverse(recorded)) == state

    def test_removing_an_observation_can_be_undone(self):
        state = applied(small_map(), AddObservation(indicator="ind1", observation=Observation(id="o", value=1.0, date=dt.date(2026, 1, 1))))
        after, recorded = apply_change(state, RemoveObservation(indicator="ind1", id="o"))
        assert applied(after, inverse(recorded)) == state


class TestConflicts:
    def test_edits_of_different_fields_do_not_conflict(self):
        state, theirs = apply_change(small_map(), UpdateElement(id="oc", set={"label": "Theirs"}))
        mine = UpdateElement(id="oc", set={"description": "Mine"})
        assert find_conflicts(mine, [record(2, theirs)], state) == []

    def test_the_same_field_from_the_same_base_conflicts_and_names_who_and_what(self):
        state, theirs = apply_change(small_map(), UpdateElement(id="oc", set={"label": "Theirs"}))
        mine = UpdateElement(id="oc", set={"label": "Mine"})
        conflicts = find_conflicts(mine, [record(7, theirs, "Ben")], state)
        assert conflicts[0] | {"message": ""} == {
            "item": "oc", "field": "label", "revision": 7, "user": "Ben", "partner": None, "current": "Theirs", "message": ""
        }
        with pytest.raises(Conflict, match="Ben changed the label of “Theirs” to 'Theirs'"):
            raise_conflicts(conflicts, state)

    def test_setting_the_value_someone_already_set_is_no_conflict(self):
        state, theirs = apply_change(small_map(), UpdateElement(id="oc", set={"label": "Same"}))
        assert find_conflicts(UpdateElement(id="oc", set={"label": "Same"}), [record(2, theirs)], state) == []

    def test_editing_an_element_someone_removed_conflicts(self):
        state, theirs = apply_change(small_map(), RemoveElement(id="oc"))
        conflicts = find_conflicts(UpdateElement(id="oc", set={"label": "x"}), [record(2, theirs)], state)
        assert conflicts and conflicts[0]["field"] == "*"

    def test_removing_an_element_someone_just_edited_conflicts(self):
        state, theirs = apply_change(small_map(), UpdateElement(id="oc", set={"label": "Theirs"}))
        assert find_conflicts(RemoveElement(id="oc"), [record(2, theirs)], state)

    def test_moving_is_last_writer_wins(self):
        state, theirs = apply_change(small_map(), MoveElements(positions={"oc": (1.0, 1.0)}))
        assert find_conflicts(RemoveElement(id="oc"), [record(2, theirs)], state) == []
        assert find_conflicts(MoveElements(positions={"oc": (2.0, 2.0)}), [record(2, theirs)], state) == []


class TestDiff:
    def test_diff_then_apply_gives_the_target(self):
        old = small_map()
        new = applied(
            old,
            RemoveElement(id="out"),
            AddElement(element=element("out2", "output", "Monthly bulletins")),
            AddLink(link=link("l9", "out2", "oc")),
            UpdateElement(id="as1", set={"attached_to": ["l9", "oc"]}),
            UpdateMap(set={"title": "Changed"}),
        )
        assert applied(old, diff_states(old, new)) == new
        assert applied(new, diff_states(new, old)) == old

    def test_a_rewired_link_keeps_the_assumptions_attached_to_it(self):
        old = small_map()
        rewired = old.links["l2"].model_copy(update={"source": "act"})
        new = old.model_copy(update={"links": {**old.links, "l2": rewired}})
        after = applied(old, diff_states(old, new))
        assert after == new and after.elements["as1"].attached_to == ["l2"]

    def test_identical_states_differ_by_nothing(self):
        assert diff_states(small_map(), small_map()).ops == []


KINDS = ["actor", "intervention", "output", "outcome", "impact", "external_factor"]


@st.composite
def random_maps(draw):
    count = draw(st.integers(0, 12))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=count, max_size=count))
    elements = {f"e{i}": element(f"e{i}", kind, draw(st.sampled_from(["A", "B", "Data use", "Trust"])))
                for i, kind in enumerate(kinds)}
    ids = list(elements)
    links, seen = {}, set()
    if len(ids) > 1:
        for n, (a, b) in enumerate(draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=20))):
            if a != b and (a, b) not in seen:
                seen.add((a, b))
                links[f"l{n}"] = link(f"l{n}", a, b, "relates_to", polarity=draw(st.sampled_from(["+", "-"])))
    if ids and draw(st.booleans()):
        refs = draw(st.lists(st.sampled_from(ids + list(links)), max_size=3, unique=True))
        notes = [EvidenceNote(id=f"n{i}", date=dt.date(2026, 1, 1 + i), text=text)
                 for i, text in enumerate(draw(st.lists(st.sampled_from(["Seen", "Not seen"]), max_size=3)))]
        elements["as"] = element("as", "assumption", "It holds", attached_to=refs, evidence=notes,
                                 assumption_status=draw(st.sampled_from([None, "holding", "challenged"])))
    learning = {}
    for n, text in enumerate(draw(st.lists(st.sampled_from(["Lesson", "Decision"]), max_size=4))):
        learning[f"lrn{n}"] = LearningEntry(
            id=f"lrn{n}", date=dt.date(2026, 2, 1 + n), text=text, kind=draw(st.sampled_from(["reflection", "decision"])),
            elements=draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)) if ids else [],
            correction=draw(st.sampled_from([None, "finished", "active"])) if n == 0 else draw(st.sampled_from([None, "finished"])),
        )
    return MapState(title=draw(st.sampled_from(["One", "Two"])), elements=elements, links=links, learning=learning)


@settings(max_examples=150, deadline=None)
@given(random_maps(), random_maps())
def test_any_map_can_be_turned_into_any_other_and_back(old, new):
    after, recorded = apply_change(old, diff_states(old, new))
    assert after == new
    assert applied(after, inverse(recorded)) == old


@settings(max_examples=100, deadline=None)
@given(random_maps(), random_maps(), random_maps())
def test_a_replay_on_one_working_copy_ends_where_the_changes_one_by_one_do(first, second, third):
    changes = [*diff_states(first, second).ops, diff_states(second, third)]
    kept = first.model_copy(deep=True)
    assert replay_changes(first, changes) == applied(first, *changes) == third
    assert first == kept


def test_a_replay_refuses_a_change_that_does_not_fit_as_applying_it_does():
    with pytest.raises(NotFound):
        replay_changes(small_map(), [UpdateElement(id="oc", set={"label": "Seen"}), RemoveElement(id="ghost")])


# --------------------------------------------------------------------------- partnership foundations

FOUNDATION_TEXTS = ["Joint budget", "Share what we learn", "Report openly", "Host the data"]


@st.composite
def random_foundations(draw, base=None):
    """A map with a purpose, principles, responsibilities and re-articulations, all drawn."""
    from tocmap.domain.model import FoundationVersion, Foundations, Principle, Purpose, Responsibility

    partners = st.lists(st.sampled_from(["moh", "iph"]), max_size=2, unique=True)
    purpose = Purpose(text=draw(st.sampled_from(["", "Better data", "Better use of data"])), agreed_by=draw(partners))
    principles = {f"p{i}": Principle(id=f"p{i}", text=draw(st.sampled_from(FOUNDATION_TEXTS)), agreed_by=draw(partners))
                  for i in draw(st.lists(st.integers(0, 4), max_size=4, unique=True))}
    duties = {f"r{i}": Responsibility(id=f"r{i}", partner=draw(st.sampled_from(["moh", "iph"])),
                                      text=draw(st.sampled_from(FOUNDATION_TEXTS)), disputed_by=draw(partners))
              for i in draw(st.lists(st.integers(0, 4), max_size=3, unique=True))}
    versions = {}
    for n in draw(st.lists(st.integers(1, 4), max_size=3, unique=True)):
        content = Foundations(purpose=Purpose(text=draw(st.sampled_from(["A", "B"]))),
                              principles=list(principles.values())[: draw(st.integers(0, 2))])
        versions[f"v{n}"] = FoundationVersion(
            id=f"v{n}", number=n, reason=draw(st.sampled_from(["New director", "Extended"])),
            recorded_at=dt.datetime(2026, 1, n, tzinfo=dt.UTC), content=content, agreed_by=draw(partners))
    state = base or draw(random_maps())
    return state.model_copy(update={"purpose": purpose, "principles": principles, "responsibilities": duties,
                                    "versions": versions})


@settings(max_examples=150, deadline=None)
@given(random_foundations(), random_foundations())
def test_any_foundations_can_be_turned_into_any_other_and_back(old, new):
    after, recorded = apply_change(old, diff_states(old, new))
    assert after == new
    assert applied(after, inverse(recorded)) == old
    for op in recorded.ops:
        assert summarize(op)


def test_an_assumption_s_status_changes_without_resetting_agreement_but_its_wording_does_not():
    agreed = element("as-1", kind="assumption", label="Staff stay", agreed_by=["a", "b"],
                     assumption_status="untested")
    state = MapState(title="m", elements={"as-1": agreed})
    challenged, _ = apply_change(state, UpdateElement(id="as-1", set={"assumption_status": "challenged"}))
    assert challenged.elements["as-1"].agreed_by == ["a", "b"]
    reworded, _ = apply_change(state, UpdateElement(id="as-1", set={"label": "Most staff stay"}))
    assert reworded.elements["as-1"].agreed_by == []


def test_a_recorded_value_names_its_indicator_in_the_history():
    from tocmap.domain.changes import summarize
    from tocmap.domain.model import Indicator

    state = MapState(title="m", elements={"oc-1": element("oc-1")},
                     indicators={"in-1": Indicator(id="in-1", element="oc-1", name="Reports on time")})
    _, recorded = apply_change(state, AddObservation(indicator="in-1", observation=Observation(
        id="ob-1", value=28.0, date=dt.date(2026, 8, 1))))
    assert summarize(recorded) == "Recorded 28 for indicator “Reports on time”"
