"""Checks of a theory of change: does its logic hold?

Each check is a pure function over an :class:`Analysis` (a map prepared once: its state,
its graphs, its partners) returning :class:`Finding` objects. A finding has a stable rule
id (listed in :data:`RULES`), a severity, a message a workshop participant understands,
the elements and links involved, and a hint for fixing it. :func:`check` runs them all
and adds the feedback loops as insights: in a systems map a loop is not a mistake.

Every check accepts a plain :class:`~tocmap.domain.model.MapState` too::

    >>> from tocmap.domain.graph import sketch
    >>> report = check(sketch("act:intervention -> out:output", "imp:impact"))
    >>> [(f.severity, f.rule, f.elements) for f in report.findings if f.rule != "no-owner"]
    [('error', 'no-path-to-outcome', ['act']), ('warning', 'orphan', ['imp']), ('warning', 'no-indicator', ['out'])]
    >>> report.findings[0].message
    'The intervention “act” does not lead to any outcome.'
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from tocmap.domain.graph import causal_graph, flow_graph, reach
from tocmap.domain.insights import LOOP_LIMIT, LOOP_SECONDS, Loop, Loops, feedback_loops, name_loops, plural
from tocmap.domain.model import (
    RESULTS_LEVEL,
    Element,
    ElementKind,
    Indicator,
    LinkKind,
    MapState,
    link_kind_problem,
)

Severity = Literal["error", "warning", "info"]
#: Severities, worst first.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}
LABEL_SHOWN = 70  # characters of a label quoted in a message


class Finding(BaseModel):
    """One thing a check noticed about the map."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(description="Stable id of the rule, e.g. 'orphan' (see RULES).")
    severity: Severity
    message: str = Field(description="What is wrong, in words a workshop participant understands.")
    elements: list[str] = Field(default_factory=list, description="Ids of the elements involved.")
    links: list[str] = Field(default_factory=list, description="Ids of the links involved.")
    hint: str = Field("", description="How to fix it.")

    @property
    def items(self) -> list[str]:
        """Element and link ids together: what to highlight on the map."""
        return [*self.elements, *self.links]


@dataclass(frozen=True)
class Rule:
    """A rule's id, usual severity and short title (the heading findings are grouped under)."""

    id: str
    severity: Severity
    title: str
    explains: str
    results_chain: bool = False  # a rule of results chains: not applied to systems maps


#: Every rule, in the order findings are listed within a severity. Ids never change.
RULES: dict[str, Rule] = {r.id: r for r in [
    Rule("no-impact", "error", "No impact yet",
         "The map has results but no impact: the long-term change everything leads to.", results_chain=True),
    Rule("results-chain-cycle", "error", "Results chain going round in a circle",
         "Contributes-to links between results levels that lead back to where they started.", results_chain=True),
    Rule("no-path-to-outcome", "error", "Interventions that lead to no outcome",
         "An intervention with no causal path (contributes-to links) to any outcome or impact.", results_chain=True),
    Rule("no-path-to-impact", "error", "Outcomes with no pathway to an impact",
         "An outcome with no causal path to an impact.", results_chain=True),
    Rule("impact-unreached", "error", "Impacts no intervention reaches",
         "An impact that no intervention leads to through causal links.", results_chain=True),
    Rule("link-kind-mismatch", "warning", "Links of the wrong kind",
         "A link whose kind does not fit the kinds of its two ends."),
    Rule("backwards-link", "warning", "Links running backwards",
         "A contributes-to link from a higher results level to a lower one (an outcome causing an activity). "
         "Reported as information when its rationale explains it.", results_chain=True),
    Rule("skips-level", "warning", "Links that skip a level",
         "A contributes-to link that jumps over a results level (an activity straight to the impact).", results_chain=True),
    Rule("orphan", "warning", "Not connected to anything",
         "An element with no links (assumptions and actors named by an outcome excepted)."),
    Rule("assumption-unattached", "warning", "Assumptions attached to nothing",
         "An assumption that underpins no element or link."),
    Rule("assumption-disproved", "warning", "Disproved assumptions still underpinning the map",
         "An assumption marked disproved that is still attached to an element or link: the pathway it "
         "underpins needs a course correction."),
    Rule("no-indicator", "warning", "Outcomes and outputs without an indicator",
         "An outcome or output with no active indicator.", results_chain=True),
    Rule("no-baseline", "warning", "Indicators without a baseline", "An active indicator with no baseline value."),
    Rule("no-target", "warning", "Indicators without a target", "An active indicator with no target."),
    Rule("no-owner", "warning", "Elements without an owner partner", "An element no partner owns.", results_chain=True),
    Rule("duplicate-label", "warning", "Duplicate labels", "Two or more elements with the same label."),
    Rule("disputed", "warning", "Disputed elements", "An element a partner disputes."),
    Rule("not-agreed", "info", "Not yet agreed by all partners",
         "An element some partners have not agreed yet (checked once the map has any agreement)."),
    Rule("feedback-loop", "info", "Feedback loops",
         "A loop of causal or influence links, reinforcing (even number of negative links) or balancing."),
]}
_RULE_ORDER = {rule_id: i for i, rule_id in enumerate(RULES)}

_KIND_NAME = {kind: kind.value.replace("_", " ") for kind in ElementKind}
_CHAIN_NAMES = {ElementKind.IMPACT: "impacts", ElementKind.OUTCOME: "outcomes", ElementKind.OUTPUT: "outputs",
                ElementKind.INTERVENTION: "interventions"}


class CheckReport(BaseModel):
    """All findings about a map (worst first) and its feedback loops."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    findings: list[Finding]
    loops: Loops
    seconds: float = Field(0.0, description="How long the checks took.")

    def counts(self) -> dict[str, int]:
        """Number of findings of each severity, worst first."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def fails(self, severity: Severity) -> bool:
        """Whether there is a finding of this severity or worse."""
        return any(RANK[f.severity] <= RANK[severity] for f in self.findings)


# --------------------------------------------------------------------------- the prepared map


class Analysis:
    """A map prepared once for every check: its graphs, lookups and partners.

    ``partners`` are the partnership's partner ids, or a mapping from id to the name to show.
    """

    def __init__(self, state: MapState, partners: Mapping[str, str] | Iterable[str] = ()):
        self.state = state
        self.partners: dict[str, str] = dict(partners) if isinstance(partners, Mapping) else {p: p for p in partners}
        self.causal: nx.DiGraph = causal_graph(state)
        self.flow: nx.DiGraph = flow_graph(state)
        self.by_kind: dict[ElementKind, list[Element]] = defaultdict(list)
        for element in state.elements.values():
            self.by_kind[element.kind].append(element)
        self.linked: set[str] = set()
        for link in state.links.values():
            self.linked.add(link.source)
            self.linked.add(link.target)
        self.named_actors = {e.actor for e in self.by_kind[ElementKind.OUTCOME] if e.actor}

    @cached_property
    def tangles(self) -> list[set[str]]:
        """The strongly connected parts (more than one element) of the flow graph: where loops can be."""
        return [part for part in nx.strongly_connected_components(self.flow) if len(part) > 1]

    @classmethod
    def of(cls, subject: Analysis | MapState, partners: Mapping[str, str] | Iterable[str] = ()) -> Analysis:
        """``subject`` itself when already prepared, else a new analysis of the state."""
        return subject if isinstance(subject, Analysis) else cls(subject, partners)

    @cached_property
    def orphans(self) -> set[str]:
        """Elements with no links, apart from assumptions and actors an outcome names."""
        return {
            e.id for e in self.state.elements.values()
            if e.id not in self.linked and e.kind != ElementKind.ASSUMPTION and e.id not in self.named_actors
        }

    def name(self, element_id: str) -> str:
        """How a message names an element (see :func:`element_name`)."""
        return element_name(self.state, element_id)

    def partner_names(self, ids: Iterable[str]) -> str:
        """Partner names joined for a sentence ("MoH and AIPH")."""
        names = [self.partners.get(i, i) for i in ids]
        return " and ".join(filter(None, [", ".join(names[:-1]), names[-1] if names else ""]))


def quoted(label: str, limit: int = LABEL_SHOWN) -> str:
    """A label in quotes, shortened when long.

    Examples
    --------
    >>> quoted("Better data"), quoted("x" * 100, limit=10)
    ('“Better data”', '“xxxxxxxxx…”')
    """
    return f"“{label if len(label) <= limit else label[:limit - 1].rstrip() + '…'}”"


def element_name(state: MapState, element_id: str, limit: int = LABEL_SHOWN) -> str:
    """How a message names an element: its kind and quoted label.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> element_name(sketch("c:external_factor"), "c"), element_name(sketch("c"), "gone")
    ('the external factor “c”', '“gone”')
    """
    element = state.elements.get(element_id)
    if element is None:
        return f"“{element_id}”"
    return f"the {_KIND_NAME[element.kind]} {quoted(element.label, limit)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _finding(rule: str, message: str, elements=(), links=(), hint: str = "", severity: Severity | None = None):
    return Finding(rule=rule, severity=severity or RULES[rule].severity, message=message,
                   elements=list(elements), links=list(links), hint=hint)


Check = Callable[[Analysis | MapState], list[Finding]]


# --------------------------------------------------------------------------- structure


def orphans(map_: Analysis | MapState) -> list[Finding]:
    """Elements with no links at all.

    Assumptions are left to :func:`unattached_assumptions`; an actor that an outcome
    names is not an orphan.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [f.elements for f in orphans(sketch("a:output -> b:outcome", "c:output"))]
    [['c']]
    >>> orphans(sketch("a:output -> b:outcome"))
    []
    """
    analysis = Analysis.of(map_)
    return [
        _finding("orphan", f"{_capital(analysis.name(e.id))} is not connected to anything.", [e.id],
                 hint="Link it to what leads to it and what it leads to, or delete it if it is no longer "
                      "part of the theory.")
        for e in analysis.state.elements.values() if e.id in analysis.orphans
    ]


def missing_impact(map_: Analysis | MapState) -> list[Finding]:
    """One finding when the map has results (outcomes, outputs, interventions) but no impact.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [f.message for f in missing_impact(sketch("a:output -> b:outcome"))]
    ['The map has no impact yet.']
    >>> missing_impact(sketch("b:outcome -> m:impact")), missing_impact(sketch("a:actor ~> b:actor"))
    ([], [])
    """
    analysis = Analysis.of(map_)
    if analysis.by_kind[ElementKind.IMPACT]:
        return []
    chain = [e.id for kind in (ElementKind.OUTCOME, ElementKind.OUTPUT, ElementKind.INTERVENTION)
             for e in analysis.by_kind[kind]]
    if not chain:
        return []
    return [_finding("no-impact", "The map has no impact yet.", [],
                     hint="Add the long-term change the partnership works towards (Add › Impact) and link the "
                          "outcomes to it.")]


def interventions_leading_nowhere(map_: Analysis | MapState) -> list[Finding]:
    """Interventions with no causal path to any outcome (or impact).

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> state = sketch("i:intervention -> o:output -> c:outcome", "j:intervention -> p:output")
    >>> [f.elements for f in interventions_leading_nowhere(state)]
    [['j']]
    """
    analysis = Analysis.of(map_)
    results = [e.id for kind in (ElementKind.OUTCOME, ElementKind.IMPACT) for e in analysis.by_kind[kind]]
    leading = reach(analysis.causal, results, upstream=True)
    orphaned = analysis.orphans
    return [
        _finding("no-path-to-outcome", f"{_capital(analysis.name(e.id))} does not lead to any outcome.", [e.id],
                 hint="Draw “contributes to” links from it to the output it delivers, and from there to the outcome "
                      "it is meant to change.")
        for e in analysis.by_kind[ElementKind.INTERVENTION] if e.id not in leading and e.id not in orphaned
    ]


def outcomes_without_pathway(map_: Analysis | MapState) -> list[Finding]:
    """Outcomes with no causal path to an impact (nothing when the map has no impact at all).

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> state = sketch("a -> b -> m:impact", "c -> d", "a -> c")
    >>> [f.elements for f in outcomes_without_pathway(state)]
    [['c'], ['d']]
    """
    analysis = Analysis.of(map_)
    impacts = [e.id for e in analysis.by_kind[ElementKind.IMPACT]]
    if not impacts:
        return []
    leading = reach(analysis.causal, impacts, upstream=True)
    orphaned = analysis.orphans
    return [
        _finding("no-path-to-impact", f"{_capital(analysis.name(e.id))} has no pathway to an impact.", [e.id],
                 hint="Link it to the impact it serves, or to a higher outcome that leads there.")
        for e in analysis.by_kind[ElementKind.OUTCOME] if e.id not in leading and e.id not in orphaned
    ]


def unreached_impacts(map_: Analysis | MapState) -> list[Finding]:
    """Impacts that no intervention reaches through causal links.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> state = sketch("i:intervention -> c -> m:impact", "d -> n:impact")
    >>> [f.elements for f in unreached_impacts(state)]
    [['n']]
    """
    analysis = Analysis.of(map_)
    reached = reach(analysis.causal, [e.id for e in analysis.by_kind[ElementKind.INTERVENTION]])
    orphaned = analysis.orphans
    return [
        _finding("impact-unreached", f"No intervention leads to {analysis.name(e.id)}.", [e.id],
                 hint="Draw the pathway: which interventions, through which outputs and outcomes, lead here?")
        for e in analysis.by_kind[ElementKind.IMPACT] if e.id not in reached and e.id not in orphaned
    ]


# --------------------------------------------------------------------------- links


def _level(analysis: Analysis, element_id: str) -> int | None:
    return RESULTS_LEVEL.get(analysis.state.elements[element_id].kind)


def backwards_links(map_: Analysis | MapState) -> list[Finding]:
    """Contributes-to links from a higher results level down to a lower one.

    A link whose rationale explains it (a result that feeds back into the work) is reported
    as information rather than a warning.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [(f.links, f.severity) for f in backwards_links(sketch("c:outcome -> i:intervention -> o:output"))]
    [(['c-i'], 'warning')]
    >>> backwards_links(sketch("i:intervention -> c:outcome"))
    []
    """
    analysis = Analysis.of(map_)
    state, findings = analysis.state, []
    for link in state.links.values():
        if link.kind != LinkKind.CONTRIBUTES_TO:
            continue
        up, down = _level(analysis, link.source), _level(analysis, link.target)
        if up is None or down is None or up >= down:
            continue
        explained = bool(link.rationale.strip())
        message = (f"{_capital(analysis.name(link.source))} contributes to {analysis.name(link.target)}: "
                   f"this link runs backwards in the results chain.")
        hint = ("Its rationale explains it as a feedback into the work; keep it if that still holds."
                if explained else
                "If the arrow is the wrong way round, reverse it. If the result really feeds back into the work, "
                "say why in the link's rationale.")
        findings.append(_finding("backwards-link", message, [link.source, link.target], [link.id], hint,
                                 severity="info" if explained else None))
    return findings


def skipped_levels(map_: Analysis | MapState) -> list[Finding]:
    """Contributes-to links that jump over a results level (an activity straight to the impact).

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [f.message for f in skipped_levels(sketch("i:intervention -> m:impact"))]
    ['The intervention “i” leads straight to the impact “m”, skipping outputs and outcomes.']
    >>> skipped_levels(sketch("i:intervention -> o:output -> c:outcome"))
    []
    """
    analysis = Analysis.of(map_)
    findings = []
    for link in analysis.state.links.values():
        if link.kind != LinkKind.CONTRIBUTES_TO:
            continue
        low, high = _level(analysis, link.source), _level(analysis, link.target)
        if low is None or high is None or low - high < 2:
            continue
        skipped = [_CHAIN_NAMES[k] for k, lv in RESULTS_LEVEL.items() if high < lv < low]
        findings.append(_finding(
            "skips-level",
            f"{_capital(analysis.name(link.source))} leads straight to {analysis.name(link.target)}, "
            f"skipping {' and '.join(reversed(skipped))}.",
            [link.source, link.target], [link.id],
            hint="Add the steps in between, so partners can see, and measure, how the change is expected to happen.",
        ))
    return findings


def misfit_links(map_: Analysis | MapState) -> list[Finding]:
    """Links whose kind does not fit the kinds of their ends.

    "Contributes to" pointing at an actor (use "influences", or name the actor on the
    outcome) and "relates to" between two results levels (a pathway needs "contributes
    to"), besides anything :func:`~tocmap.domain.model.link_kind_problem` refuses.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [f.links for f in misfit_links(sketch("a:actor -> b:actor", "o:output -- c:outcome"))]
    [['a-b'], ['o-c']]
    >>> misfit_links(sketch("a:actor ~> b:actor", "o:output -> c:outcome"))
    []
    """
    analysis = Analysis.of(map_)
    state, findings = analysis.state, []
    for link in state.links.values():
        source, target = state.elements[link.source], state.elements[link.target]
        problem = link_kind_problem(link, source, target)
        if problem:
            message, hint, severity = f": {problem}.", "Change the link's kind, or delete it.", "error"
        elif link.kind == LinkKind.CONTRIBUTES_TO and target.kind == ElementKind.ACTOR:
            severity = None
            message = " is a “contributes to” link that ends at an actor."
            hint = ("Between actors use “influences”. To say a result changes an actor, name the actor on the "
                    "outcome instead." if source.kind == ElementKind.ACTOR else
                    "Use “influences” to say it shapes what the actor does, or name the actor on an outcome.")
        elif (link.kind == LinkKind.RELATES_TO and source.kind in RESULTS_LEVEL and target.kind in RESULTS_LEVEL
              and source.kind != target.kind):
            severity = None
            message = " only “relates to”, so it does not count as a pathway."
            hint = "If one leads to the other, make the link “contributes to”."
        else:
            continue
        message = f"{_capital(analysis.name(source.id))} → {analysis.name(target.id)}{message}"
        findings.append(_finding("link-kind-mismatch", message, [source.id, target.id], [link.id], hint, severity))
    return findings


def results_chain_cycles(map_: Analysis | MapState) -> list[Finding]:
    """Circles in the results chain: contributes-to links across levels that lead back to their start.

    Loops within one level (outcomes reinforcing each other) or through actors and factors
    are feedback loops, not errors. One finding per tangle, showing one concrete circle.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [f.elements for f in results_chain_cycles(sketch("i:intervention -> o:output -> c -> i"))]
    [['c', 'i', 'o']]
    >>> results_chain_cycles(sketch("a -> b -> a", "o:output -> a"))
    []
    """
    analysis = Analysis.of(map_)
    state = analysis.state
    tangles = []
    for part in analysis.tangles:  # a results-chain circle lies inside one of these: search them only
        levels = {n: _level(analysis, n) for n in part}
        if len({lv for lv in levels.values() if lv is not None}) > 1:
            chain = analysis.causal.subgraph(n for n, lv in levels.items() if lv is not None)
            tangles += [chain.subgraph(p).copy() for p in nx.strongly_connected_components(chain) if len(p) > 1]
    findings = []
    for inside in tangles:
        part = set(inside)
        if len({_level(analysis, n) for n in part}) < 2:
            continue
        back = min((d["link"], u, v) for u, v, d in inside.edges(data=True)
                   if _level(analysis, u) < _level(analysis, v))
        _, top, bottom = back
        route = nx.shortest_path(inside, bottom, top)
        circle = [top, *route[:-1]]
        first = circle.index(min(circle))
        circle = circle[first:] + circle[:first]
        links = [inside.edges[u, v]["link"] for u, v in zip(circle, circle[1:] + circle[:1], strict=True)]
        labels = " → ".join(quoted(state.elements[n].label, 40) for n in circle)
        extra = (f" ({plural(len(part), 'element')} are caught up in it.)" if len(part) > len(circle) else "")
        findings.append(_finding(
            "results-chain-cycle",
            f"The results chain goes round in a circle: {labels} → back to the start.{extra}",
            circle, links,
            hint="A results chain runs up from interventions to the impact. Reverse or remove the link that "
                 f"points back down ({quoted(state.label_of(back[0]), 60)}).",
        ))
    return findings


# --------------------------------------------------------------------------- measurement


def _active(indicators: Iterable[Indicator]) -> list[Indicator]:
    return [i for i in indicators if i.status == "active"]


def unmeasured(map_: Analysis | MapState) -> list[Finding]:
    """Outcomes and outputs without an active indicator.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [f.elements for f in unmeasured(sketch("o:output -> c:outcome -> m:impact"))]
    [['c'], ['o']]
    """
    analysis = Analysis.of(map_)
    measured = {i.element for i in _active(analysis.state.indicators.values())}
    return [
        _finding("no-indicator", f"{_capital(analysis.name(e.id))} has no indicator.", [e.id],
                 hint="Add an indicator so partners can tell whether it is happening.")
        for kind in (ElementKind.OUTCOME, ElementKind.OUTPUT) for e in analysis.by_kind[kind]
        if e.id not in measured
    ]


def _has_baseline(indicator: Indicator) -> bool:
    baseline = indicator.baseline
    return baseline is not None and (baseline.value is not None or bool(baseline.note.strip()))


def indicators_without_baseline(map_: Analysis | MapState) -> list[Finding]:
    """Active indicators with no baseline (neither a value nor a note).

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> from tocmap.domain.model import Indicator
    >>> state = sketch("c:outcome").model_copy(update={"indicators": {
    ...     "n": Indicator(id="n", element="c", name="Share of districts reporting")}})
    >>> [f.message for f in indicators_without_baseline(state)]
    ['The indicator “Share of districts reporting” (on the outcome “c”) has no baseline.']
    """
    analysis = Analysis.of(map_)
    return [
        _finding("no-baseline", f"The indicator {quoted(i.name)} (on {analysis.name(i.element)}) has no baseline.",
                 [i.element], hint="Record where things stood before the work began, so progress can be seen.")
        for i in _active(analysis.state.indicators.values()) if not _has_baseline(i)
    ]


def indicators_without_target(map_: Analysis | MapState) -> list[Finding]:
    """Active indicators with no target.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> from tocmap.domain.model import Indicator
    >>> state = sketch("c:outcome").model_copy(update={"indicators": {
    ...     "n": Indicator(id="n", element="c", name="Share of districts reporting")}})
    >>> [f.elements for f in indicators_without_target(state)]
    [['c']]
    """
    analysis = Analysis.of(map_)
    return [
        _finding("no-target", f"The indicator {quoted(i.name)} (on {analysis.name(i.element)}) has no target.",
                 [i.element], hint="Set a target for at least one period, agreed by the partners.")
        for i in _active(analysis.state.indicators.values()) if not i.targets
    ]


# --------------------------------------------------------------------------- ownership and agreement


def unattached_assumptions(map_: Analysis | MapState) -> list[Finding]:
    """Assumptions that underpin nothing.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [f.elements for f in unattached_assumptions(sketch("a:assumption", "b -> c"))]
    [['a']]
    """
    analysis = Analysis.of(map_)
    return [
        _finding("assumption-unattached", f"{_capital(analysis.name(e.id))} is not attached to anything.", [e.id],
                 hint="Attach it to the element or link it underpins: in Connect mode, click the assumption, "
                      "then the element.")
        for e in analysis.by_kind[ElementKind.ASSUMPTION] if not e.attached_to
    ]


def disproved_assumptions(map_: Analysis | MapState) -> list[Finding]:
    """Disproved assumptions that still underpin elements or links.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> state = sketch("b -> c")
    >>> state.elements["a"] = Element(id="a", kind="assumption", label="a", attached_to=["b"],
    ...                               assumption_status="disproved")
    >>> [(f.elements, f.links) for f in disproved_assumptions(state)]
    [(['a', 'b'], [])]
    """
    analysis = Analysis.of(map_)
    findings = []
    for e in analysis.by_kind[ElementKind.ASSUMPTION]:
        if e.assumption_status != "disproved" or not e.attached_to:
            continue
        elements = [r for r in e.attached_to if r in analysis.state.elements]
        links = [r for r in e.attached_to if r in analysis.state.links]
        what = [analysis.name(r) for r in elements]
        what += [f"the link {analysis.name(lk.source)} → {analysis.name(lk.target)}"
                 for lk in (analysis.state.links[r] for r in links)]
        findings.append(_finding(
            "assumption-disproved",
            f"{_capital(analysis.name(e.id))} is disproved but still underpins {' and '.join(what)}.",
            [e.id, *elements], links,
            hint="Record what was learned in the learning log and start a course correction: rework the "
                 "pathway, or detach the assumption once the theory no longer rests on it."))
    return findings


def unowned(map_: Analysis | MapState) -> list[Finding]:
    """Elements no partner owns.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [f.elements for f in unowned(sketch("a -> b"))]
    [['a'], ['b']]
    """
    analysis = Analysis.of(map_)
    return [
        _finding("no-owner", f"{_capital(analysis.name(e.id))} has no owner partner.", [e.id],
                 hint="Choose which partner owns it, in the side panel's “Owner”.")
        for e in analysis.state.elements.values() if e.owner is None
    ]


def _normal(label: str) -> str:
    return " ".join(label.casefold().split()).rstrip(".")


def duplicate_labels(map_: Analysis | MapState) -> list[Finding]:
    """Elements sharing a label (ignoring case, spacing and a final full stop).

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> state = sketch("a -> b")
    >>> state = state.model_copy(update={"elements": {k: e.model_copy(update={"label": "Better data"})
    ...                                               for k, e in state.elements.items()}})
    >>> [f.message for f in duplicate_labels(state)]
    ['2 elements are called “Better data”.']
    """
    analysis = Analysis.of(map_)
    groups: dict[str, list[Element]] = defaultdict(list)
    for element in analysis.state.elements.values():
        groups[_normal(element.label)].append(element)
    return [
        _finding("duplicate-label", f"{len(same)} elements are called {quoted(same[0].label)}.", [e.id for e in same],
                 hint="If they are the same thing, keep one and move the links to it; otherwise make the labels say "
                      "how they differ.")
        for same in groups.values() if len(same) > 1
    ]


def disputed(map_: Analysis | MapState) -> list[Finding]:
    """Elements a partner disputes.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> state = sketch("a")
    >>> state = state.model_copy(update={"elements": {"a": state.elements["a"].model_copy(
    ...     update={"disputed_by": ["moh"]})}})
    >>> [f.message for f in disputed(Analysis(state, {"moh": "MoH", "iph": "AIPH"}))]
    ['The outcome “a” is disputed by MoH.']
    """
    analysis = Analysis.of(map_)
    return [
        _finding("disputed", f"{_capital(analysis.name(e.id))} is disputed by {analysis.partner_names(e.disputed_by)}.",
                 [e.id], hint="Talk it through and change it until every partner can agree to it.")
        for e in analysis.state.elements.values() if e.disputed_by
    ]


def not_agreed(map_: Analysis | MapState) -> list[Finding]:
    """Elements not yet agreed by every partner, once the map has any agreement at all.

    Needs the partnership's partners (see :class:`Analysis`); disputed elements are left to
    :func:`disputed`.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> state = sketch("a -> b")
    >>> state = state.model_copy(update={"elements": {"a": state.elements["a"].model_copy(
    ...     update={"agreed_by": ["moh"]}), "b": state.elements["b"]}})
    >>> [f.message for f in not_agreed(Analysis(state, {"moh": "MoH", "iph": "AIPH"}))]
    ['The outcome “a” is waiting for agreement from AIPH.', 'The outcome “b” is waiting for agreement from MoH and AIPH.']
    >>> not_agreed(Analysis(sketch("a -> b"), {"moh": "MoH", "iph": "AIPH"}))  # no agreement yet: not checked
    []
    """
    analysis = Analysis.of(map_)
    partners = set(analysis.partners)
    elements = analysis.state.elements.values()
    if not partners or not any(e.agreed_by for e in elements):
        return []
    return [
        _finding("not-agreed", f"{_capital(analysis.name(e.id))} is waiting for agreement from "
                               f"{analysis.partner_names([p for p in analysis.partners if p not in e.agreed_by])}.",
                 [e.id], hint="Partners mark an element agreed once they accept it as part of the joint theory.")
        for e in elements if not e.disputed_by and e.agreement(partners) != "agreed"
    ]


# --------------------------------------------------------------------------- loops


def loop_findings(map_: Analysis | MapState, loops: Loops) -> list[Finding]:
    """Feedback loops as information (loops inside the results chain are errors elsewhere).

    Examples
    --------
    >>> from tocmap.domain.graph import flow_graph, sketch
    >>> state = sketch("a:actor ~> b:actor ~| a")
    >>> [f.message for f in loop_findings(state, feedback_loops(flow_graph(state)))]
    ['Balancing loop: the actor “a” → the actor “b” → back to the start.']
    """
    analysis = Analysis.of(map_)
    systems = analysis.state.map_type == "systems_map"
    findings = []
    for loop in loops.loops:
        if loop.results_chain and not systems:
            continue
        findings.append(_finding("feedback-loop", describe_loop(analysis, loop), loop.elements, loop.links,
                                 hint=loop.description or _LOOP_HINT[loop.kind]))
    return findings


_LOOP_HINT = {
    "reinforcing": "Each turn round the loop strengthens the change: a virtuous circle, or a vicious one. "
                   "Watch what could tip it the wrong way.",
    "balancing": "An odd number of its links are negative (−), so the loop pushes back against change and settles "
                 "towards a limit. Check whether it will hold back the results.",
}


def describe_loop(analysis: Analysis, loop: Loop) -> str:
    """A loop in one sentence; long loops name their first elements and count the rest."""
    names = [analysis.name(n) for n in loop.elements]
    if len(names) > 6:
        names = [*names[:5], f"{len(names) - 5} more"]
    named = f"“{loop.name}”, a {loop.kind} loop" if loop.name else f"{loop.kind.capitalize()} loop"
    return f"{named}: {' → '.join(names)} → back to the start."


# --------------------------------------------------------------------------- all together

#: The checks :func:`check` runs, in order.
CHECKS: tuple[Check, ...] = (
    missing_impact, results_chain_cycles, interventions_leading_nowhere, outcomes_without_pathway,
    unreached_impacts, misfit_links, backwards_links, skipped_levels, orphans, unattached_assumptions,
    disproved_assumptions,
    unmeasured, indicators_without_baseline, indicators_without_target, unowned, duplicate_labels,
    disputed, not_agreed,
)
#: The checks of results-chain rules (every finding they make is of a rule with ``results_chain``).
RESULTS_CHAIN_CHECKS: frozenset[Check] = frozenset({
    missing_impact, results_chain_cycles, interventions_leading_nowhere, outcomes_without_pathway,
    unreached_impacts, backwards_links, skipped_levels, unmeasured, unowned,
})


def rules_for(map_type: str) -> list[Rule]:
    """The rules that apply to a map of this type: a systems map skips the results-chain rules.

    Examples
    --------
    >>> "no-impact" in {r.id for r in rules_for("theory_of_change")}, "no-impact" in {r.id for r in rules_for("systems_map")}
    (True, False)
    """
    return [rule for rule in RULES.values() if map_type != "systems_map" or not rule.results_chain]


def checks_for(map_type: str) -> tuple[Check, ...]:
    """The checks :func:`check` runs on a map of this type (see :func:`rules_for`)."""
    if map_type != "systems_map":
        return CHECKS
    return tuple(c for c in CHECKS if c not in RESULTS_CHAIN_CHECKS)


def check(
    state: MapState, partners: Mapping[str, str] | Iterable[str] = (), *,
    loop_limit: int = LOOP_LIMIT, loop_seconds: float = LOOP_SECONDS,
) -> CheckReport:
    """Run every check on a map and list its feedback loops.

    Parameters
    ----------
    state : MapState
        The map.
    partners : mapping or iterable of str
        The partnership's partner ids (or id -> name, for messages). Agreement is checked
        only when they are given.
    loop_limit, loop_seconds : int, float
        Bounds of the loop search; the report's ``loops.note`` states them when reached.

    Returns
    -------
    CheckReport
        Findings worst first, grouped by rule in the order of :data:`RULES`.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> report = check(sketch("i:intervention -> o:output -> c -> m:impact", "c -> d -> c"))
    >>> report.counts()
    {'error': 0, 'warning': 8, 'info': 1}
    >>> report.findings[-1].message
    'Reinforcing loop: the outcome “c” → the outcome “d” → back to the start.'
    """
    started = time.perf_counter()
    analysis = Analysis(state, partners)
    findings = [finding for rule in checks_for(state.map_type) for finding in rule(analysis)]
    loops = feedback_loops(analysis.flow, limit=loop_limit, seconds=loop_seconds, parts=analysis.tangles)
    loops = name_loops(loops, state)
    findings += loop_findings(analysis, loops)
    findings.sort(key=lambda f: (RANK[f.severity], _RULE_ORDER[f.rule]))
    return CheckReport(findings=findings, loops=loops, seconds=round(time.perf_counter() - started, 6))
