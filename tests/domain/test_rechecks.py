"""Checks after an edit redo only what the edit touched, and say exactly what a check from scratch says."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.domain.test_checks import PARTNERS, healthy, valid_maps
from tocmap.domain.changes import (
    AddElement,
    AddIndicator,
    AddLink,
    RemoveElement,
    RemoveIndicator,
    RemoveLink,
    Translate,
    UpdateElement,
    UpdateIndicator,
    UpdateLink,
    apply_change,
)
from tocmap.domain.checks import Analysis, check, run_checks
from tocmap.domain.errors import TocmapError
from tocmap.domain.graph import sketch
from tocmap.domain.model import Element, Indicator, Link, LinkKind, MapState

CHAIN = "i:intervention -> o:output -> c:outcome -> m:impact"
LABELS = ["Better data", "better data.", "Train staff", "Funding", "X", "New words"]


@st.composite
def edits(draw, state: MapState):
    """One edit of any kind a participant makes; it may be refused (then it is skipped)."""
    elements, links, indicators = list(state.elements), list(state.links), list(state.indicators)
    some_element = st.sampled_from(elements) if elements else st.just("none")
    some_link = st.sampled_from(links) if links else st.just("none")
    kind = draw(st.sampled_from(["label", "owner", "agree", "dispute", "kind", "add", "remove", "link", "unlink",
                                 "polarity", "ends", "rationale", "disprove", "actor", "indicator", "baseline",
                                 "retire", "drop-indicator", "translate"]))
    target, link = draw(some_element), draw(some_link)
    serial = draw(st.integers(0, 10_000))
    if kind == "label":
        return UpdateElement(id=target, set={"label": draw(st.sampled_from(LABELS))})
    if kind == "translate":  # a label in another language: checked for duplicates in that language
        return Translate(kind="element", id=target, language="fr", field="label",
                         text=draw(st.sampled_from(["", *LABELS])))
    if kind == "owner":
        return UpdateElement(id=target, set={"owner": draw(st.sampled_from([None, "moh", "iph"]))})
    if kind == "agree":
        return UpdateElement(id=target, set={"agreed_by": draw(st.lists(st.sampled_from(["moh", "iph"]), unique=True))})
    if kind == "dispute":
        return UpdateElement(id=target, set={"disputed_by": draw(st.lists(st.sampled_from(["moh", "iph"]),
                                                                          unique=True))})
    if kind == "kind":
        return UpdateElement(id=target, set={"kind": draw(st.sampled_from(["outcome", "output", "impact",
                                                                            "intervention", "actor"]))})
    if kind == "add":
        return AddElement(element=Element(id=f"n{serial}", kind=draw(st.sampled_from(["outcome", "output", "actor",
                                                                                       "impact", "assumption"])),
                                          label=draw(st.sampled_from(LABELS))))
    if kind == "remove":
        return RemoveElement(id=target)
    if kind == "link":
        kind_ = draw(st.sampled_from([LinkKind.CONTRIBUTES_TO, LinkKind.INFLUENCES, LinkKind.RELATES_TO]))
        return AddLink(link=Link(id=f"k{serial}", source=target, target=draw(some_element), kind=kind_,
                                 polarity=draw(st.sampled_from("+-"))))
    if kind == "unlink":
        return RemoveLink(id=link)
    if kind == "polarity":
        return UpdateLink(id=link, set={"polarity": draw(st.sampled_from("+-"))})
    if kind == "ends":
        return UpdateLink(id=link, set={"target": target})
    if kind == "rationale":
        return UpdateLink(id=link, set={"rationale": draw(st.sampled_from(["", "It feeds back"]))})
    if kind == "disprove":
        return UpdateElement(id=target, set={"assumption_status": "disproved",
                                             "attached_to": draw(st.lists(st.sampled_from(elements + links or ["x"]),
                                                                          max_size=2, unique=True))})
    if kind == "actor":
        return UpdateElement(id=target, set={"actor": draw(st.sampled_from([None, *elements]))})
    if kind == "indicator":
        return AddIndicator(indicator=Indicator(id=f"d{serial}", element=target, name="Share"))
    chosen = draw(st.sampled_from(indicators)) if indicators else "none"
    if kind == "baseline":
        return UpdateIndicator(id=chosen, set={"baseline": draw(st.sampled_from([None, {"value": 2.0}]))})
    if kind == "retire":
        return UpdateIndicator(id=chosen, set={"status": draw(st.sampled_from(["retired", "active"]))},
                               reason="Changed our mind")
    return RemoveIndicator(id=chosen)


def same_report(incremental, state: MapState, partners) -> None:
    full = check(state, partners)
    assert incremental.findings == full.findings
    assert incremental.loops == full.loops


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_maps(), st.data())
def test_checks_after_any_series_of_edits_equal_checks_from_scratch(state, data):
    partners = data.draw(st.sampled_from([PARTNERS, {}]))
    run = run_checks(state, partners)
    for _ in range(data.draw(st.integers(1, 6))):
        try:
            state, _ = apply_change(state, data.draw(edits(state)))
        except (TocmapError, ValueError):  # an edit the model refuses: nothing changed
            continue
        run = run_checks(state, partners, previous=run)
        same_report(run.report, state, partners)
        fresh = Analysis(state)
        assert run.tangles == fresh.tangles  # the strongly connected parts, kept up to date
        assert run.label_groups == fresh.label_groups  # and the labels compared for duplicates
        assert +run.link_counts == fresh.link_counts  # and how many links each element is an end of
        assert run.chains in (None, fresh.chains)  # and what leads where through the results chain


def test_a_state_rebuilt_from_its_json_is_checked_again_as_unchanged():
    state = healthy(CHAIN, "x:output")
    run = run_checks(state)
    again = run_checks(MapState.model_validate_json(state.model_dump_json()), previous=run)
    assert again.about == run.about and again.whole == run.whole


def test_a_relabelled_element_leaves_other_findings_and_the_map_rules_as_they_were():
    state = sketch(CHAIN, "j:intervention -> p:output", "x:outcome")
    before = run_checks(state)
    after_state, _ = apply_change(state, UpdateElement(id="x", set={"label": "Lonely outcome"}))
    after = run_checks(after_state, previous=before)
    assert after.about["no-owner"]["j"] is before.about["no-owner"]["j"]  # not worked out again
    assert after.whole["no-path-to-outcome"] is before.whole["no-path-to-outcome"]
    assert after.loops is before.loops
    assert [f.message for f in after.report.findings if f.rule == "orphan"] == [
        "The outcome “Lonely outcome” is not connected to anything."]


def test_a_new_link_patches_the_graphs_of_the_previous_run():
    state = sketch(CHAIN, "x:outcome")
    before = run_checks(state)
    flow = before._graphs[1]
    after_state, _ = apply_change(state, AddLink(link=Link(id="x-m", source="x", target="m")))
    after = run_checks(after_state, previous=before)
    assert after._graphs[1] is flow and flow.has_edge("x", "m")
    assert before.take_graphs() is None  # handed on: the earlier run no longer holds them
    same_report(after.report, after_state, ())


def test_the_loop_search_says_whether_it_is_complete_after_an_edit():
    many = sketch(*[f"x{i} -> y{i} -> x{i}" for i in range(8)])
    run = run_checks(many, loop_limit=5, loop_seconds=60)  # no time limit in play on a loaded machine
    edited, _ = apply_change(many, UpdateElement(id="x1", set={"owner": "moh"}))
    again = run_checks(edited, previous=run, loop_limit=5, loop_seconds=60)
    assert not again.report.loops.complete and again.report.loops.note == "showing the first 5 loops; more exist"


def test_a_drawn_link_extends_what_leads_to_the_impact():
    state = sketch(CHAIN, "x:outcome", "y:output -> x")
    before = run_checks(state)
    after_state, _ = apply_change(state, AddLink(link=Link(id="x-m", source="x", target="m")))
    after = run_checks(after_state, previous=before)
    assert {"x", "y"} <= after.chains["to impacts"] and after.chains == Analysis(after_state).chains
    assert not [f for f in after.report.findings if f.rule == "no-path-to-impact"]
