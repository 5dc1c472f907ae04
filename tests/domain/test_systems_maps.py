"""Map types, checks by type and named loops: pure domain."""

import pytest

from tocmap.domain.changes import UpdateMap, apply_change, diff_states, inverse, summarize
from tocmap.domain.checks import check
from tocmap.domain.errors import InvalidInput
from tocmap.domain.graph import sketch
from tocmap.domain.model import MapState, NamedLoop

RESULTS_RULES = {"no-impact", "no-indicator", "no-owner", "no-path-to-impact", "backwards-link", "skips-level"}


def debt_map() -> MapState:
    return sketch("debt:actor ~> spending:actor ~> growth:actor ~| debt", "growth ~> income:actor ~> growth")


def test_a_map_starts_as_a_theory_of_change_and_can_become_a_systems_map():
    state = debt_map()
    assert state.map_type == "theory_of_change"
    after, recorded = apply_change(state, UpdateMap(set={"map_type": "systems_map"}))
    assert after.map_type == "systems_map"
    assert recorded.before == {"map_type": "theory_of_change"}
    assert summarize(recorded) == "Made the map a systems map"
    undone, _ = apply_change(after, inverse(recorded))
    assert undone.map_type == "theory_of_change"


def test_an_unknown_map_type_is_refused_with_a_clear_message():
    with pytest.raises(InvalidInput, match="map type"):
        apply_change(debt_map(), UpdateMap(set={"map_type": "mind_map"}))


def test_a_systems_map_is_not_held_to_results_chain_rules():
    state = sketch("i:intervention -> o:output -> c:outcome", "a:actor ~> b:actor ~| a", "x:outcome")
    chain = {f.rule for f in check(state).findings}
    assert chain & RESULTS_RULES
    systems = check(state.model_copy(update={"map_type": "systems_map"}))
    assert not {f.rule for f in systems.findings} & RESULTS_RULES
    assert {"orphan", "feedback-loop"} <= {f.rule for f in systems.findings}


def test_a_results_chain_loop_is_listed_on_a_systems_map_only():
    state = sketch("o:output -> c:outcome -> o")
    assert "feedback-loop" not in {f.rule for f in check(state).findings}
    systems = check(state.model_copy(update={"map_type": "systems_map"}))
    assert [f.rule for f in systems.findings] == ["feedback-loop"]


def test_a_loop_named_through_a_change_is_named_in_the_checks_and_kept_in_the_history():
    state = debt_map()
    loop = NamedLoop(id="debt-cycle", name="Short-Term Debt Cycle", description="Borrowing pushes back.",
                     links=["debt-spending", "spending-growth", "growth-debt"])
    after, recorded = apply_change(state, UpdateMap(set={"loops": {"debt-cycle": loop.model_dump()}}))
    assert summarize(recorded) == "Named a loop “Short-Term Debt Cycle”"
    report = check(after)
    named = [lp for lp in report.loops.loops if lp.name]
    assert [(lp.name, lp.kind) for lp in named] == [("Short-Term Debt Cycle", "balancing")]
    messages = [f.message for f in report.findings if f.rule == "feedback-loop"]
    assert any(m.startswith("“Short-Term Debt Cycle”, a balancing loop:") for m in messages)
    assert apply_change(after, inverse(recorded))[0].loops == {}


def test_a_restored_revision_brings_back_type_and_loop_names():
    old = debt_map()
    new = old.model_copy(update={"map_type": "systems_map", "loops": {"l": NamedLoop(
        id="l", name="Growth", links=["growth-income", "income-growth"])}})
    assert apply_change(old, diff_states(old, new))[0] == new


def test_a_loop_passes_each_link_once():
    with pytest.raises(ValueError, match="each link once"):
        NamedLoop(id="l", name="x", links=["a", "a"])


# --------------------------------------------------------------------------- custom fields

from tocmap.domain.changes import UpdateElement  # noqa: E402
from tocmap.domain.model import FieldDefinition  # noqa: E402

BUDGET = FieldDefinition(id="budget", name="Budget", type="number")
PRIORITY = FieldDefinition(id="priority", name="Priority", type="choice", choices=["high", "low"], applies_to="both")


def with_fields() -> MapState:
    state, _ = apply_change(debt_map(), UpdateMap(set={"fields": {"budget": BUDGET.model_dump(),
                                                                   "priority": PRIORITY.model_dump()}}))
    return state


def test_custom_fields_are_defined_per_map_and_their_values_checked():
    state = with_fields()
    after, recorded = apply_change(state, UpdateElement(id="debt", set={"custom": {"budget": 1200.0,
                                                                                   "priority": "high"}}))
    assert after.elements["debt"].custom == {"budget": 1200.0, "priority": "high"}
    assert recorded.before == {"custom": {}}
    with pytest.raises(InvalidInput, match="takes a number"):
        apply_change(state, UpdateElement(id="debt", set={"custom": {"budget": "lots"}}))
    with pytest.raises(InvalidInput, match="one of high, low"):
        apply_change(state, UpdateElement(id="debt", set={"custom": {"priority": "medium"}}))
    with pytest.raises(InvalidInput, match="does not define"):
        apply_change(state, UpdateElement(id="debt", set={"custom": {"colour": "red"}}))


def test_a_field_still_holding_values_cannot_be_dropped_and_a_restore_brings_fields_back():
    state = with_fields()
    valued, _ = apply_change(state, UpdateElement(id="debt", set={"custom": {"budget": 5.0}}))
    with pytest.raises(InvalidInput, match="does not define"):
        apply_change(valued, UpdateMap(set={"fields": {}}))
    plain = debt_map()
    assert apply_change(plain, diff_states(plain, valued))[0] == valued
    assert apply_change(valued, diff_states(valued, plain))[0] == plain
