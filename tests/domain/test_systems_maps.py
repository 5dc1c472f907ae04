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
    with pytest.raises(InvalidInput, match="map_type"):
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
