"""The checks of a theory of change: each rule fires on a map that breaks it, and only then."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.domain.factories import small_map
from tocmap.domain import checks
from tocmap.domain.checks import RULES, SEVERITIES, Analysis, check
from tocmap.domain.graph import flow_graph, sketch
from tocmap.domain.insights import feedback_loops
from tocmap.domain.model import (
    LINK_RULES,
    Baseline,
    Element,
    ElementKind,
    Indicator,
    Link,
    LinkKind,
    MapState,
    Period,
    Target,
)

PARTNERS = {"moh": "MoH", "iph": "AIPH"}


def with_elements(state: MapState, **changes: dict) -> MapState:
    """The state with some elements' fields changed: ``with_elements(s, a={"owner": "moh"})``."""
    elements = {k: e.model_copy(update=changes.get(k, {})) for k, e in state.elements.items()}
    return MapState.model_validate({**state.model_dump(), "elements": {k: e.model_dump() for k, e in elements.items()}})


def owned(state: MapState, partner: str = "moh", agreed: list[str] | None = None) -> MapState:
    """Every element owned by a partner (and agreed by ``agreed``), so ownership findings stay quiet."""
    return with_elements(state, **{k: {"owner": partner, "agreed_by": agreed or []} for k in state.elements})


def measured(state: MapState) -> MapState:
    """An indicator with baseline and target on every outcome and output."""
    period = Period(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    indicators = {
        f"ind-{e.id}": Indicator(id=f"ind-{e.id}", element=e.id, name=f"Measure of {e.id}",
                                 baseline=Baseline(value=1.0), targets=[Target(period=period, value=2.0)])
        for e in state.elements.values() if e.kind in (ElementKind.OUTCOME, ElementKind.OUTPUT)
    }
    return state.model_copy(update={"indicators": {**state.indicators, **indicators}})


def healthy(*chains: str) -> MapState:
    """A sketch that is owned and measured, so only structure can raise findings."""
    return measured(owned(sketch(*chains)))


def rules(state: MapState, partners=()) -> list[str]:
    return [f.rule for f in check(state, partners).findings]


def found(rule: str, state: MapState, partners=()) -> list[checks.Finding]:
    return [f for f in check(state, partners).findings if f.rule == rule]


CHAIN = "i:intervention -> o:output -> c:outcome -> m:impact"


def test_a_sound_results_chain_has_no_findings():
    report = check(healthy(CHAIN))
    assert report.findings == []
    assert report.counts() == {"error": 0, "warning": 0, "info": 0}
    assert not report.fails("warning")


def test_every_finding_names_a_known_rule_with_its_usual_severity_or_information():
    report = check(sketch("i:intervention -> m:impact", "c:outcome -> i", "x:output", "a:assumption"))
    assert report.findings
    for finding in report.findings:
        assert finding.rule in RULES
        assert finding.severity in (RULES[finding.rule].severity, "info")
        assert finding.message.endswith(".") and finding.message[0].isupper()


def test_findings_come_worst_first():
    report = check(sketch("i:intervention -> o:output", "x:outcome"))
    ranks = [SEVERITIES.index(f.severity) for f in report.findings]
    assert ranks == sorted(ranks)
    assert report.fails("error") and report.fails("warning")


# --------------------------------------------------------------------------- structure


def test_an_element_without_links_is_an_orphan():
    assert [f.elements for f in found("orphan", healthy(CHAIN, "x:output"))] == [["x"]]
    assert found("orphan", healthy(CHAIN)) == []


def test_an_actor_named_by_an_outcome_and_an_assumption_are_not_orphans():
    state = healthy(CHAIN, "dho:actor", "as:assumption")
    state = with_elements(state, c={"actor": "dho"}, **{"as": {"attached_to": ["c"]}})
    assert found("orphan", state) == []


def test_a_map_with_results_but_no_impact_says_so_once():
    state = healthy("i:intervention -> o:output -> c:outcome", "d:outcome")
    assert [f.message for f in found("no-impact", state)] == ["The map has no impact yet."]
    assert found("no-path-to-impact", state) == []  # not once per outcome as well
    assert found("no-impact", healthy(CHAIN)) == []
    assert found("no-impact", healthy("a:actor ~> b:actor")) == []


def test_an_intervention_that_leads_to_no_outcome():
    state = healthy(CHAIN, "j:intervention -> p:output")
    assert [f.elements for f in found("no-path-to-outcome", state)] == [["j"]]
    assert found("no-path-to-outcome", healthy(CHAIN)) == []


def test_an_intervention_that_reaches_the_impact_directly_is_not_said_to_lead_nowhere():
    state = healthy(CHAIN, "j:intervention -> m")
    assert found("no-path-to-outcome", state) == []
    assert [f.links for f in found("skips-level", state)] == [["j-m"]]


def test_influence_is_not_a_causal_pathway():
    state = healthy(CHAIN, "j:intervention ~> a:actor", "a -> c")
    assert [f.elements for f in found("no-path-to-outcome", state)] == [["j"]]


def test_an_outcome_with_no_pathway_to_an_impact():
    state = healthy(CHAIN, "o -> d:outcome")
    assert [f.elements for f in found("no-path-to-impact", state)] == [["d"]]
    assert found("no-path-to-impact", healthy(CHAIN, "o -> d:outcome -> c")) == []


def test_an_impact_that_no_intervention_reaches():
    state = healthy(CHAIN, "d:outcome -> n:impact")
    assert [f.elements for f in found("impact-unreached", state)] == [["n"]]
    assert found("impact-unreached", healthy(CHAIN, "d:outcome -> n:impact", "i -> d")) == []


def test_an_orphan_is_reported_once_not_again_as_a_broken_pathway():
    state = healthy(CHAIN, "j:intervention", "d:outcome", "n:impact")
    assert sorted(rules(state)) == ["orphan", "orphan", "orphan"]


# --------------------------------------------------------------------------- links


def test_a_link_from_an_outcome_back_to_an_activity_runs_backwards():
    state = healthy(CHAIN, "c -> j:intervention -> p:output -> c")
    [finding] = found("backwards-link", state)
    assert finding.links == ["c-j"] and finding.severity == "warning"
    assert "runs backwards" in finding.message
    assert found("backwards-link", healthy(CHAIN)) == []


def test_a_backwards_link_explained_by_its_rationale_is_only_a_note():
    state = healthy(CHAIN, "c -> j:intervention -> p:output -> d:outcome -> m")
    links = {**state.links, "c-j": state.links["c-j"].model_copy(update={"rationale": "Lessons feed the next course."})}
    [finding] = found("backwards-link", state.model_copy(update={"links": links}))
    assert finding.severity == "info"


def test_a_circle_made_of_results_chain_links_is_an_error():
    state = healthy(CHAIN, "c -> i")
    [finding] = found("results-chain-cycle", state)
    assert finding.severity == "error"
    assert finding.elements == ["c", "i", "o"] and finding.links == ["c-i", "i-o", "o-c"]
    assert "goes round in a circle" in finding.message
    assert "results-chain-cycle" not in rules(healthy(CHAIN))


def test_a_loop_within_one_level_is_a_feedback_loop_not_a_broken_chain():
    state = healthy(CHAIN, "c -> d:outcome -> c", "d -> m")
    assert found("results-chain-cycle", state) == []
    assert [f.elements for f in found("feedback-loop", state)] == [["c", "d"]]


def test_a_link_that_skips_levels_is_a_warning():
    [finding] = found("skips-level", healthy(CHAIN, "i -> m"))
    assert finding.severity == "warning" and finding.links == ["i-m"]
    assert finding.message == "The intervention “i” leads straight to the impact “m”, skipping outputs and outcomes."
    assert "skips-level" not in rules(healthy(CHAIN))


def test_contributes_to_an_actor_and_relates_to_in_the_chain_do_not_fit():
    state = healthy(CHAIN, "a:actor -> b:actor", "i -- c", "dho:actor")
    state = with_elements(state, c={"actor": "dho"})
    assert sorted(f.links[0] for f in found("link-kind-mismatch", state)) == ["a-b", "i-c"]
    assert found("link-kind-mismatch", healthy(CHAIN, "a:actor ~> b:actor", "i ~> b", "a -> c")) == []


def test_a_link_the_model_would_refuse_is_an_error_when_it_slips_through():
    state = healthy(CHAIN, "a:actor")
    odd = Link.model_construct(**{**Link(id="x", source="a", target="c").model_dump(), "kind": LinkKind.INFLUENCES})
    broken = MapState.model_construct(**{**dict(state), "links": {**state.links, "x": odd}})
    [finding] = found("link-kind-mismatch", broken)
    assert finding.severity == "error" and "cannot end at an outcome" in finding.message


# --------------------------------------------------------------------------- measurement


def test_outcomes_and_outputs_without_an_indicator():
    state = owned(sketch(CHAIN))
    assert sorted(f.elements[0] for f in found("no-indicator", state)) == ["c", "o"]
    assert found("no-indicator", measured(state)) == []


def test_a_retired_indicator_does_not_measure():
    state = measured(owned(sketch(CHAIN)))
    retired = {k: i.model_copy(update={"status": "retired"}) for k, i in state.indicators.items()}
    assert len(found("no-indicator", state.model_copy(update={"indicators": retired}))) == 2


def test_indicators_without_baseline_or_target():
    state = owned(sketch(CHAIN))
    bare = Indicator(id="n", element="c", name="Share of districts reporting", measure="percentage")
    state = measured(state).model_copy(update={"indicators": {**measured(state).indicators, "n": bare}})
    assert [f.elements for f in found("no-baseline", state)] == [["c"]]
    assert [f.elements for f in found("no-target", state)] == [["c"]]
    assert "Share of districts reporting" in found("no-target", state)[0].message
    assert found("no-baseline", measured(owned(sketch(CHAIN)))) == []


def test_a_qualitative_baseline_given_as_a_note_counts():
    state = measured(owned(sketch(CHAIN)))
    noted = {k: i.model_copy(update={"baseline": Baseline(note="No district used the data in 2025.")})
             for k, i in state.indicators.items()}
    assert found("no-baseline", state.model_copy(update={"indicators": noted})) == []


# --------------------------------------------------------------------------- ownership and agreement


def test_an_assumption_attached_to_nothing():
    state = healthy(CHAIN, "a:assumption", "b:assumption")
    state = with_elements(state, b={"attached_to": ["o-c"]})
    assert [f.elements for f in found("assumption-unattached", state)] == [["a"]]


def test_elements_without_an_owner():
    state = measured(sketch(CHAIN))
    assert [f.elements[0] for f in found("no-owner", state)] == ["i", "o", "c", "m"]
    assert found("no-owner", measured(owned(sketch(CHAIN)))) == []


def test_duplicate_labels_ignore_case_spacing_and_a_full_stop():
    state = with_elements(healthy(CHAIN, "o -> d:outcome -> m"),
                          c={"label": "Districts use data"}, d={"label": "districts  use data."})
    [finding] = found("duplicate-label", state)
    assert finding.elements == ["c", "d"] and finding.message == "2 elements are called “Districts use data”."
    assert found("duplicate-label", healthy(CHAIN)) == []


def test_disputed_elements_name_who_disputes_them():
    state = with_elements(healthy(CHAIN), i={"disputed_by": ["moh"], "agreed_by": ["iph"]})
    [finding] = found("disputed", state, PARTNERS)
    assert finding.message == "The intervention “i” is disputed by MoH."
    assert found("disputed", healthy(CHAIN), PARTNERS) == []


def test_elements_not_agreed_by_every_partner_once_agreement_exists():
    state = owned(measured(sketch(CHAIN)), agreed=["moh", "iph"])
    state = with_elements(state, c={"agreed_by": ["moh"]}, m={"agreed_by": []})
    assert [(f.elements, f.message) for f in found("not-agreed", state, PARTNERS)] == [
        (["c"], "The outcome “c” is waiting for agreement from AIPH."),
        (["m"], "The impact “m” is waiting for agreement from MoH and AIPH."),
    ]
    assert found("not-agreed", owned(measured(sketch(CHAIN)), agreed=["moh", "iph"]), PARTNERS) == []


def test_agreement_is_not_checked_before_anyone_agrees_or_without_partners():
    assert found("not-agreed", healthy(CHAIN), PARTNERS) == []
    state = with_elements(healthy(CHAIN), c={"agreed_by": ["moh"]})
    assert found("not-agreed", state) == []  # the partners were not given


# --------------------------------------------------------------------------- loops


@pytest.mark.parametrize(
    "chains, kind, negative",
    [
        (["a:actor ~> b:actor ~> a"], "reinforcing", 0),
        (["a:actor ~> b:actor ~| a"], "balancing", 1),
        (["a:actor ~| b:actor ~| a"], "reinforcing", 2),
        (["a -> b -| c -> a"], "balancing", 1),
        (["a -| b -| c -| a"], "balancing", 3),
        (["a -| b -| c -| d -| a"], "reinforcing", 4),
        (["a:actor ~> b:actor", "b -> c", "c -| a:actor"], "balancing", 1),  # influences and causal links mixed
    ],
)
def test_loop_polarity_comes_from_its_negative_links(chains, kind, negative):
    [loop] = check(sketch(*chains)).loops.loops
    assert (loop.kind, loop.negative) == (kind, negative)
    [finding] = found("feedback-loop", sketch(*chains))
    assert finding.severity == "info" and finding.message.startswith(kind.capitalize() + " loop:")
    assert finding.links == loop.links and set(finding.elements) == set(loop.elements)


def test_relates_to_links_make_no_loops():
    assert check(sketch("a -- b", "b -> a")).loops.loops == []


def test_a_loop_reads_the_same_way_whatever_element_it_was_found_from():
    first = check(sketch("c -> a -> b -> c")).loops.loops[0]
    second = check(sketch("b -> c -> a -> b")).loops.loops[0]
    assert first.elements == second.elements == ["a", "b", "c"]


def test_the_loop_bound_is_stated_in_the_report():
    many = sketch(*[f"x{i} -> y{i} -> x{i}" for i in range(8)])
    report = check(many, loop_limit=5)
    assert len(report.loops.loops) == 5 and not report.loops.complete
    assert report.loops.note == "showing the first 5 loops; more exist"
    assert len(found("feedback-loop", many)) == 8  # the default bound is well above


def test_the_worked_example_has_no_errors_and_its_feedback_loop_between_actors():
    from tocmap.services.maps import load_template

    document = load_template("example-health-data-partnership")
    report = check(document.state(), {p.id: p.short_name for p in document.partnership.partners})
    assert report.counts()["error"] == 0
    assert {"feedback-loop", "disputed", "backwards-link"} <= {f.rule for f in report.findings}


def test_the_small_map_from_the_factories_is_checked_without_surprises():
    report = check(small_map(), ["ministry", "institute"])
    assert {f.rule for f in report.findings} <= {"no-indicator", "no-owner", "no-baseline", "no-target"}


def test_an_analysis_can_be_shared_by_all_checks():
    analysis = Analysis(sketch(CHAIN, "x:output"))
    assert checks.orphans(analysis) == checks.orphans(analysis.state)


# --------------------------------------------------------------------------- never crash

KINDS = list(ElementKind)


@st.composite
def valid_maps(draw):
    """Random maps that pass the model's validation: links fit their ends' kinds, refs hold."""
    count = draw(st.integers(0, 14))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=count, max_size=count))
    labels = draw(st.lists(st.sampled_from(["Better data", "better data.", "Train staff", "Funding", "X"]),
                           min_size=count, max_size=count))
    partners = ["moh", "iph"]
    elements = {}
    for n, (kind, label) in enumerate(zip(kinds, labels, strict=True)):
        elements[f"e{n}"] = Element(
            id=f"e{n}", kind=kind, label=label, owner=draw(st.sampled_from([None, *partners])),
            agreed_by=draw(st.lists(st.sampled_from(partners), max_size=2, unique=True)),
        )
    links: dict[str, Link] = {}
    ids = list(elements)
    for n in range(draw(st.integers(0, 3 * count)) if count > 1 else 0):
        source, target = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        fitting = [k for k, (sources, targets) in LINK_RULES.items()
                   if elements[source].kind in sources and elements[target].kind in targets]
        if source == target or not fitting:
            continue
        kind = draw(st.sampled_from(fitting))
        if any((lk.source, lk.target, lk.kind) == (source, target, kind) for lk in links.values()):
            continue
        links[f"l{n}"] = Link(id=f"l{n}", kind=kind, source=source, target=target,
                              polarity=draw(st.sampled_from("+-")), rationale=draw(st.sampled_from(["", "why"])))
    for element_id, el in list(elements.items()):
        if el.kind == ElementKind.ASSUMPTION:
            refs = draw(st.lists(st.sampled_from([i for i in ids + list(links) if i != element_id] or ["none"]),
                                 max_size=2, unique=True))
            elements[element_id] = el.model_copy(update={"attached_to": [r for r in refs if r != "none"]})
        elif el.kind == ElementKind.OUTCOME:
            actors = [i for i in ids if elements[i].kind == ElementKind.ACTOR]
            elements[element_id] = el.model_copy(update={"actor": draw(st.sampled_from([None, *actors]))})
    indicators = {}
    measurable = [i for i in ids if elements[i].kind in (ElementKind.OUTCOME, ElementKind.OUTPUT)]
    for n, target in enumerate(draw(st.lists(st.sampled_from(measurable), max_size=4)) if measurable else []):
        indicators[f"i{n}"] = Indicator(id=f"i{n}", element=target, name="Share",
                                        baseline=draw(st.sampled_from([None, Baseline(value=3.0)])))
    return MapState.model_validate({"title": "Random", "elements": {k: e.model_dump() for k, e in elements.items()},
                                    "links": {k: lk.model_dump() for k, lk in links.items()},
                                    "indicators": {k: i.model_dump() for k, i in indicators.items()}})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_maps())
def test_the_checks_never_crash_and_only_name_what_is_on_the_map(state):
    report = check(state, PARTNERS)
    for finding in report.findings:
        assert finding.rule in RULES and finding.severity in SEVERITIES and finding.message
        assert set(finding.elements) <= set(state.elements)
        assert set(finding.links) <= set(state.links)
    for loop in report.loops.loops:
        ends = [(state.links[i].source, state.links[i].target) for i in loop.links]
        assert ends == list(zip(loop.elements, loop.elements[1:] + loop.elements[:1], strict=True))
        negative = sum(state.links[i].polarity == "-" for i in loop.links)
        assert loop.negative == negative and loop.kind == ("balancing" if negative % 2 else "reinforcing")
    fresh = feedback_loops(flow_graph(state))
    if fresh.complete and report.loops.complete:  # a search cut short by its time limit on a busy machine differs
        assert fresh.loops == report.loops.loops
