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

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from tocmap.domain.graph import DIRECTED_LINKS, causal_graph, flow_graph, reach
from tocmap.domain.insights import (
    LOOP_LIMIT,
    LOOP_SECONDS,
    Loop,
    Loops,
    PartCycles,
    feedback_loops,
    name_loops,
)
from tocmap.domain.model import (
    RESULTS_LEVEL,
    Element,
    ElementKind,
    Indicator,
    Link,
    LinkKind,
    MapState,
    link_kind_problem,
)
from tocmap.i18n import N_, _, ngettext
from tocmap.domain.translations import language_name, same_labels, translated_languages

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
    """A rule's id, usual severity and short title (the heading findings are grouped under).

    The title and explanation are kept in English and read in the reader's language (:attr:`title`).
    """

    id: str
    severity: Severity
    title_text: str
    explains_text: str
    results_chain: bool = False  # a rule of results chains: not applied to systems maps

    @property
    def title(self) -> str:
        """The heading its findings are grouped under, in the reader's language."""
        return _(self.title_text)

    @property
    def explains(self) -> str:
        """What the rule looks for, in the reader's language."""
        return _(self.explains_text)


#: Every rule, in the order findings are listed within a severity. Ids never change.
RULES: dict[str, Rule] = {r.id: r for r in [
    Rule("no-impact", "error", N_("No impact yet"),
         N_("The map has results but no impact: the long-term change everything leads to."), results_chain=True),
    Rule("results-chain-cycle", "error", N_("Results chain going round in a circle"),
         N_("Contributes-to links between results levels that lead back to where they started."), results_chain=True),
    Rule("no-path-to-outcome", "error", N_("Interventions that lead to no outcome"),
         N_("An intervention with no causal path (contributes-to links) to any outcome or impact."), results_chain=True),
    Rule("no-path-to-impact", "error", N_("Outcomes with no pathway to an impact"),
         N_("An outcome with no causal path to an impact."), results_chain=True),
    Rule("impact-unreached", "error", N_("Impacts no intervention reaches"),
         N_("An impact that no intervention leads to through causal links."), results_chain=True),
    Rule("link-kind-mismatch", "warning", N_("Links of the wrong kind"),
         N_("A link whose kind does not fit the kinds of its two ends.")),
    Rule("backwards-link", "warning", N_("Links running backwards"),
         N_("A contributes-to link from a higher results level to a lower one (an outcome causing an activity). "
         "Reported as information when its rationale explains it."), results_chain=True),
    Rule("skips-level", "warning", N_("Links that skip a level"),
         N_("A contributes-to link that jumps over a results level (an activity straight to the impact)."), results_chain=True),
    Rule("orphan", "warning", N_("Not connected to anything"),
         N_("An element with no links (assumptions and actors named by an outcome excepted).")),
    Rule("assumption-unattached", "warning", N_("Assumptions attached to nothing"),
         N_("An assumption that underpins no element or link.")),
    Rule("assumption-disproved", "warning", N_("Disproved assumptions still underpinning the map"),
         N_("An assumption marked disproved that is still attached to an element or link: the pathway it "
         "underpins needs a course correction.")),
    Rule("no-indicator", "warning", N_("Outcomes and outputs without an indicator"),
         N_("An outcome or output with no active indicator."), results_chain=True),
    Rule("no-baseline", "warning", N_("Indicators without a baseline"), N_("An active indicator with no baseline value.")),
    Rule("no-target", "warning", N_("Indicators without a target"), N_("An active indicator with no target.")),
    Rule("no-owner", "warning", N_("Elements without an owner partner"), N_("An element no partner owns."), results_chain=True),
    Rule("duplicate-label", "warning", N_("Duplicate labels"), N_("Two or more elements with the same label.")),
    Rule("duplicate-label-in-language", "warning", N_("Duplicate labels in a language"),
         N_("Two or more elements with the same label in one of the map's other languages.")),
    Rule("disputed", "warning", N_("Disputed elements"), N_("An element a partner disputes.")),
    Rule("not-agreed", "info", N_("Not yet agreed by all partners"),
         N_("An element some partners have not agreed yet (checked once the map has any agreement).")),
    Rule("feedback-loop", "info", N_("Feedback loops"),
         N_("A loop of causal or influence links, reinforcing (even number of negative links) or balancing.")),
]}
#: Rules whose findings may be milder or graver than the rule's usual severity.
_MIXED_SEVERITY = frozenset({"link-kind-mismatch", "backwards-link"})

#: How a message names an element of each kind ("the outcome “Better data”").
_KIND_NAME = {
    ElementKind.ACTOR: N_("the actor {label}"), ElementKind.INTERVENTION: N_("the intervention {label}"),
    ElementKind.OUTPUT: N_("the output {label}"), ElementKind.OUTCOME: N_("the outcome {label}"),
    ElementKind.IMPACT: N_("the impact {label}"), ElementKind.ASSUMPTION: N_("the assumption {label}"),
    ElementKind.EXTERNAL_FACTOR: N_("the external factor {label}"),
}
_CHAIN_NAMES = {ElementKind.IMPACT: N_("impacts"), ElementKind.OUTCOME: N_("outcomes"),
                ElementKind.OUTPUT: N_("outputs"), ElementKind.INTERVENTION: N_("interventions")}


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


#: The reaches through the results chain the checks ask about: from which kinds, and whether upstream.
CHAINS: dict[str, tuple[frozenset[ElementKind], bool]] = {
    "to results": (frozenset({ElementKind.OUTCOME, ElementKind.IMPACT}), True),
    "to impacts": (frozenset({ElementKind.IMPACT}), True),
    "from interventions": (frozenset({ElementKind.INTERVENTION}), False),
}


class Analysis:
    """A map prepared once for every check: its graphs, lookups and partners.

    ``partners`` are the partnership's partner ids, or a mapping from id to the name to show.
    Everything is worked out when first asked for; ``graphs`` (the causal and the flow graph)
    and ``tangles`` may be handed over from an earlier analysis whose structure was the same.
    """

    def __init__(self, state: MapState, partners: Mapping[str, str] | Iterable[str] = (),
                 graphs: tuple[nx.DiGraph, nx.DiGraph] | None = None, tangles: list[set[str]] | None = None):
        self.state = state
        self.partners: dict[str, str] = dict(partners) if isinstance(partners, Mapping) else {p: p for p in partners}
        if graphs is not None:
            self.causal, self.flow = graphs
        if tangles is not None:
            self.tangles = tangles
        self.earlier: dict[str, list[Finding]] = {}  # findings of an earlier run, about unchanged elements

    def once(self, rule_id: str, elements: list[str], make: Callable[[], Finding]) -> Finding:
        """The finding of a rule about these elements as an earlier run worded it (see ``earlier``), else ``make()``."""
        earlier = self.earlier.get(rule_id)
        if earlier is None:
            return make()
        if not isinstance(earlier, dict):
            earlier = self.earlier[rule_id] = {tuple(f.elements): f for f in earlier}
        return earlier.get(tuple(elements)) or make()

    @cached_property
    def causal(self) -> nx.DiGraph:
        """The results chain (see :func:`~tocmap.domain.graph.causal_graph`)."""
        return causal_graph(self.state)

    @cached_property
    def flow(self) -> nx.DiGraph:
        """Everything with a direction (see :func:`~tocmap.domain.graph.flow_graph`)."""
        return flow_graph(self.state)

    @cached_property
    def by_kind(self) -> dict[ElementKind, list[Element]]:
        """Elements of each kind, in the map's order."""
        by_kind: dict[ElementKind, list[Element]] = defaultdict(list)
        for element in self.state.elements.values():
            by_kind[element.kind].append(element)
        return by_kind

    @cached_property
    def link_counts(self) -> Counter[str]:
        """How many links each element is an end of."""
        return Counter(end for link in self.state.links.values() for end in (link.source, link.target))

    @cached_property
    def named_actors(self) -> set[str]:
        """Actors that an outcome names."""
        return {e.actor for e in self.by_kind[ElementKind.OUTCOME] if e.actor}

    @cached_property
    def measured(self) -> set[str]:
        """Ids of the elements with an active indicator."""
        return {i.element for i in self.state.indicators.values() if i.status == "active"}

    @cached_property
    def chains(self) -> dict[str, set[str]]:
        """What leads to results (outcomes and impacts), what leads to impacts, and what the
        interventions lead to, each through the results chain, ends included (see :data:`CHAINS`)."""
        return {name: reach(self.causal, [e.id for kind in kinds for e in self.by_kind[kind]], upstream)
                for name, (kinds, upstream) in CHAINS.items()}

    @cached_property
    def label_groups(self) -> dict[str, list[str]]:
        """Ids of the elements under each label as compared (case, spacing and a final full stop
        ignored), in the map's order."""
        groups: dict[str, list[str]] = defaultdict(list)
        for element in self.state.elements.values():
            groups[_normal(element.label)].append(element.id)
        return dict(groups)

    @cached_property
    def any_agreed(self) -> bool:
        """Whether any element is agreed by any partner yet (agreement is checked from then on)."""
        return any(e.agreed_by for e in self.state.elements.values())

    @cached_property
    def tangles(self) -> list[set[str]]:
        """The strongly connected parts (more than one element) of the flow graph: where loops can be.

        In the order of their smallest element id, so findings read the same after every edit.
        """
        return sorted((part for part in nx.strongly_connected_components(self.flow) if len(part) > 1), key=min)

    @classmethod
    def of(cls, subject: Analysis | MapState, partners: Mapping[str, str] | Iterable[str] = ()) -> Analysis:
        """``subject`` itself when already prepared, else a new analysis of the state."""
        return subject if isinstance(subject, Analysis) else cls(subject, partners)

    def is_orphan(self, element: Element) -> bool:
        """Whether an element has no links (assumptions and actors an outcome names excepted)."""
        return (not self.link_counts[element.id] and element.kind != ElementKind.ASSUMPTION
                and element.id not in self.named_actors)

    def name(self, element_id: str) -> str:
        """How a message names an element (see :func:`element_name`)."""
        return element_name(self.state, element_id)

    def partner_names(self, ids: Iterable[str]) -> str:
        """Partner names joined for a sentence ("MoH and AIPH")."""
        return _listed([self.partners.get(i, i) for i in ids])


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
        return quoted(element_id)
    return _(_KIND_NAME[element.kind], label=quoted(element.label, limit))


def _listed(items: list[str]) -> str:
    """Items for a sentence: "A", "A and B", "A, B and C"."""
    if len(items) < 2:
        return "".join(items)
    return _("{first} and {last}", first=", ".join(items[:-1]), last=items[-1])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _finding(rule: str, message: str, elements=(), links=(), hint: str = "", severity: Severity | None = None):
    # built without validation: every field comes from the rules here, and a big map has thousands
    return Finding.model_construct(rule=rule, severity=severity or RULES[rule].severity, message=message,
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
    return _each_element(_orphan, map_)


def _orphan(analysis: Analysis, e: Element) -> Finding | None:
    if not analysis.is_orphan(e):
        return None
    return _finding("orphan", _("{name} is not connected to anything.", name=_capital(analysis.name(e.id))), [e.id],
                    hint=_("Link it to what leads to it and what it leads to, or delete it if it is no longer "
                           "part of the theory."))


def _each_element(rule: Callable[[Analysis, Element], Finding | None], map_: Analysis | MapState) -> list[Finding]:
    """A rule about one element, applied to every element of the map."""
    analysis = Analysis.of(map_)
    return [f for e in analysis.state.elements.values() if (f := rule(analysis, e)) is not None]


def _each_link(rule: Callable[[Analysis, Link], Finding | None], map_: Analysis | MapState) -> list[Finding]:
    """A rule about one link, applied to every link of the map."""
    analysis = Analysis.of(map_)
    return [f for link in analysis.state.links.values() if (f := rule(analysis, link)) is not None]


def _each_indicator(rule: Callable[[Analysis, Indicator], Finding | None], map_: Analysis | MapState
                    ) -> list[Finding]:
    """A rule about one indicator, applied to every indicator of the map."""
    analysis = Analysis.of(map_)
    return [f for i in analysis.state.indicators.values() if (f := rule(analysis, i)) is not None]


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
    return [_finding("no-impact", _("The map has no impact yet."), [],
                     hint=_("Add the long-term change the partnership works towards (Add › Impact) and link the "
                            "outcomes to it."))]


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
    leading = analysis.chains["to results"]
    return [
        analysis.once("no-path-to-outcome", [e.id], lambda e=e: _finding(
            "no-path-to-outcome", _("{name} does not lead to any outcome.", name=_capital(analysis.name(e.id))),
            [e.id], hint=_("Draw “contributes to” links from it to the output it delivers, and from there to the "
                           "outcome it is meant to change.")))
        for e in analysis.by_kind[ElementKind.INTERVENTION] if e.id not in leading and not analysis.is_orphan(e)
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
    leading = analysis.chains["to impacts"]
    return [
        analysis.once("no-path-to-impact", [e.id], lambda e=e: _finding(
            "no-path-to-impact", _("{name} has no pathway to an impact.", name=_capital(analysis.name(e.id))),
            [e.id], hint=_("Link it to the impact it serves, or to a higher outcome that leads there.")))
        for e in analysis.by_kind[ElementKind.OUTCOME] if e.id not in leading and not analysis.is_orphan(e)
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
    reached = analysis.chains["from interventions"]
    return [
        analysis.once("impact-unreached", [e.id], lambda e=e: _finding(
            "impact-unreached", _("No intervention leads to {name}.", name=analysis.name(e.id)), [e.id],
            hint=_("Draw the pathway: which interventions, through which outputs and outcomes, lead here?")))
        for e in analysis.by_kind[ElementKind.IMPACT] if e.id not in reached and not analysis.is_orphan(e)
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
    return _each_link(_backwards, map_)


def _backwards(analysis: Analysis, link: Link) -> Finding | None:
    if link.kind != LinkKind.CONTRIBUTES_TO:
        return None
    up, down = _level(analysis, link.source), _level(analysis, link.target)
    if up is None or down is None or up >= down:
        return None
    explained = bool(link.rationale.strip())
    message = _("{source} contributes to {target}: this link runs backwards in the results chain.",
                source=_capital(analysis.name(link.source)), target=analysis.name(link.target))
    hint = (_("Its rationale explains it as a feedback into the work; keep it if that still holds.")
            if explained else
            _("If the arrow is the wrong way round, reverse it. If the result really feeds back into the work, "
              "say why in the link's rationale."))
    return _finding("backwards-link", message, [link.source, link.target], [link.id], hint,
                    severity="info" if explained else None)


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
    return _each_link(_skips, map_)


def _skips(analysis: Analysis, link: Link) -> Finding | None:
    if link.kind != LinkKind.CONTRIBUTES_TO:
        return None
    low, high = _level(analysis, link.source), _level(analysis, link.target)
    if low is None or high is None or low - high < 2:
        return None
    skipped = [_(_CHAIN_NAMES[k]) for k, lv in RESULTS_LEVEL.items() if high < lv < low][::-1]
    levels = _("{first} and {second}", first=skipped[0], second=skipped[1]) if len(skipped) == 2 else skipped[0]
    return _finding(
        "skips-level",
        _("{source} leads straight to {target}, skipping {levels}.", source=_capital(analysis.name(link.source)),
          target=analysis.name(link.target), levels=levels),
        [link.source, link.target], [link.id],
        hint=_("Add the steps in between, so partners can see, and measure, how the change is expected to happen."),
    )


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
    return _each_link(_misfit, map_)


def _misfit(analysis: Analysis, link: Link) -> Finding | None:
    state = analysis.state
    source, target = state.elements[link.source], state.elements[link.target]
    problem = link_kind_problem(link, source, target)
    ends = {"source": _capital(analysis.name(source.id)), "target": analysis.name(target.id)}
    if problem:
        message = _("{source} → {target}: {problem}.", **ends, problem=problem)
        hint, severity = _("Change the link's kind, or delete it."), "error"
    elif link.kind == LinkKind.CONTRIBUTES_TO and target.kind == ElementKind.ACTOR:
        severity = None
        message = _("{source} → {target} is a “contributes to” link that ends at an actor.", **ends)
        hint = (_("Between actors use “influences”. To say a result changes an actor, name the actor on the "
                  "outcome instead.") if source.kind == ElementKind.ACTOR else
                _("Use “influences” to say it shapes what the actor does, or name the actor on an outcome."))
    elif (link.kind == LinkKind.RELATES_TO and source.kind in RESULTS_LEVEL and target.kind in RESULTS_LEVEL
          and source.kind != target.kind):
        severity = None
        message = _("{source} → {target} only “relates to”, so it does not count as a pathway.", **ends)
        hint = _("If one leads to the other, make the link “contributes to”.")
    else:
        return None
    return _finding("link-kind-mismatch", message, [source.id, target.id], [link.id], hint, severity)


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
            tangles += [chain.subgraph(p).copy()
                        for p in sorted(nx.strongly_connected_components(chain), key=min) if len(p) > 1]
    findings = []
    for inside in tangles:
        part = set(inside)
        if len({_level(analysis, n) for n in part}) < 2:
            continue
        back = min((d["link"], u, v) for u, v, d in inside.edges(data=True)
                   if _level(analysis, u) < _level(analysis, v))
        _link, top, bottom = back
        route = _shortest_path(inside, bottom, top)
        circle = [top, *route[:-1]]
        first = circle.index(min(circle))
        circle = circle[first:] + circle[:first]
        links = [inside.edges[u, v]["link"] for u, v in zip(circle, circle[1:] + circle[:1], strict=True)]
        labels = " → ".join(quoted(state.elements[n].label, 40) for n in circle)
        message = _("The results chain goes round in a circle: {labels} → back to the start.", labels=labels)
        if len(part) > len(circle):
            message += " " + ngettext("({n} element is caught up in it.)", "({n} elements are caught up in it.)",
                                      len(part))
        findings.append(_finding(
            "results-chain-cycle", message, circle, links,
            hint=_("A results chain runs up from interventions to the impact. Reverse or remove the link that "
                   "points back down ({link}).", link=quoted(state.label_of(back[0]), 60)),
        ))
    return findings


def _shortest_path(graph: nx.DiGraph, source: str, target: str) -> list[str]:
    """A shortest path, the same whatever order the graph's links were added in (neighbours by id).

    >>> _shortest_path(nx.DiGraph([("a", "c"), ("c", "d"), ("a", "b"), ("b", "d")]), "a", "d")
    ['a', 'b', 'd']
    """
    parents, frontier = {source: None}, [source]
    while target not in parents and frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph._succ[node]):  # noqa: SLF001 - a plain dict walk
                if nxt not in parents:
                    parents[nxt] = node
                    following.append(nxt)
        frontier = following
    path = [target]
    while path[-1] != source:
        path.append(parents[path[-1]])
    return path[::-1]


# --------------------------------------------------------------------------- measurement


def unmeasured(map_: Analysis | MapState) -> list[Finding]:
    """Outcomes and outputs without an active indicator.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [f.elements for f in unmeasured(sketch("o:output -> c:outcome -> m:impact"))]
    [['o'], ['c']]
    """
    return _each_element(_unmeasured, map_)


def _unmeasured(analysis: Analysis, e: Element) -> Finding | None:
    if e.kind not in (ElementKind.OUTCOME, ElementKind.OUTPUT) or e.id in analysis.measured:
        return None
    return _finding("no-indicator", _("{name} has no indicator.", name=_capital(analysis.name(e.id))), [e.id],
                    hint=_("Add an indicator so partners can tell whether it is happening."))


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
    return _each_indicator(_no_baseline, map_)


def _no_baseline(analysis: Analysis, i: Indicator) -> Finding | None:
    if i.status != "active" or _has_baseline(i):
        return None
    return _finding("no-baseline", _("The indicator {indicator} (on {name}) has no baseline.", indicator=quoted(i.name),
                                     name=analysis.name(i.element)),
                    [i.element], hint=_("Record where things stood before the work began, so progress can be seen."))


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
    return _each_indicator(_no_target, map_)


def _no_target(analysis: Analysis, i: Indicator) -> Finding | None:
    if i.status != "active" or i.targets:
        return None
    return _finding("no-target", _("The indicator {indicator} (on {name}) has no target.", indicator=quoted(i.name),
                                   name=analysis.name(i.element)),
                    [i.element], hint=_("Set a target for at least one period, agreed by the partners."))


# --------------------------------------------------------------------------- ownership and agreement


def unattached_assumptions(map_: Analysis | MapState) -> list[Finding]:
    """Assumptions that underpin nothing.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [f.elements for f in unattached_assumptions(sketch("a:assumption", "b -> c"))]
    [['a']]
    """
    return _each_element(_unattached, map_)


def _unattached(analysis: Analysis, e: Element) -> Finding | None:
    if e.kind != ElementKind.ASSUMPTION or e.attached_to:
        return None
    return _finding("assumption-unattached", f"{_capital(analysis.name(e.id))} is not attached to anything.", [e.id],
                    hint="Attach it to the element or link it underpins: in Connect mode, click the assumption, "
                         "then the element.")


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
    return _each_element(_disproved, map_)


def _disproved(analysis: Analysis, e: Element) -> Finding | None:
    if e.kind != ElementKind.ASSUMPTION or e.assumption_status != "disproved" or not e.attached_to:
        return None
    elements = [r for r in e.attached_to if r in analysis.state.elements]
    links = [r for r in e.attached_to if r in analysis.state.links]
    what = [analysis.name(r) for r in elements]
    what += [_("the link {source} → {target}", source=analysis.name(lk.source), target=analysis.name(lk.target))
             for lk in (analysis.state.links[r] for r in links)]
    return _finding(
        "assumption-disproved",
        _("{name} is disproved but still underpins {items}.", name=_capital(analysis.name(e.id)),
          items=_listed(what)),
        [e.id, *elements], links,
        hint=_("Record what was learned in the learning log and start a course correction: rework the "
               "pathway, or detach the assumption once the theory no longer rests on it."))


def unowned(map_: Analysis | MapState) -> list[Finding]:
    """Elements no partner owns.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> [f.elements for f in unowned(sketch("a -> b"))]
    [['a'], ['b']]
    """
    return _each_element(_unowned, map_)


def _unowned(analysis: Analysis, e: Element) -> Finding | None:
    if e.owner is not None:
        return None
    return _finding("no-owner", _("{name} has no owner partner.", name=_capital(analysis.name(e.id))), [e.id],
                    hint=_("Choose which partner owns it, in the side panel's “Owner”."))


@lru_cache(maxsize=1 << 16)  # the same labels come back at every check of a map
def _normal(label: str) -> str:
    return " ".join(label.casefold().split()).rstrip(".")


def duplicate_labels(map_: Analysis | MapState) -> list[Finding]:
    """Elements sharing a label (ignoring case, spacing and a final full stop), by label.

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
    groups, elements = analysis.label_groups, analysis.state.elements
    return [
        analysis.once("duplicate-label", same, lambda same=same: _finding(
            "duplicate-label", f"{len(same)} elements are called {quoted(elements[same[0]].label)}.", same,
            hint="If they are the same thing, keep one and move the links to it; otherwise make the labels say "
                 "how they differ."))
        for same in (groups[label] for label in sorted(label for label, ids in groups.items() if len(ids) > 1))
    ]


def duplicate_labels_in_languages(map_: Analysis | MapState) -> list[Finding]:
    """Elements sharing a translated label in one of the map's other languages (as :func:`duplicate_labels` compares).

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> from tocmap.domain.model import Translation
    >>> state = sketch("a -> b")
    >>> fr = {"fr": {"label": Translation(text="Données", of="00000000")}}
    >>> state = state.model_copy(update={"elements": {k: e.model_copy(update={"translations": fr})
    ...                                               for k, e in state.elements.items()}})
    >>> [f.message for f in duplicate_labels_in_languages(state)]
    ['2 elements are called “Données” in French.']
    """
    analysis = Analysis.of(map_)
    return [
        _finding("duplicate-label-in-language", _("{count} elements are called {label} in {language}.",
                                                  count=len(same), label=quoted(_shown_label(analysis, same[0], language)),
                                                  language=language_name(language)), same,
                 hint=_("If they are the same thing, keep one; otherwise make the translations say how they differ."))
        for language in translated_languages(analysis.state)
        for same in same_labels(analysis.state, language, _normal)
    ]


def _shown_label(analysis: Analysis, element_id: str, language: str) -> str:
    element = analysis.state.elements[element_id]
    found = element.translations.get(language, {}).get("label")
    return found.text if found else element.label


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
    return _each_element(_disputed, map_)


def _disputed(analysis: Analysis, e: Element) -> Finding | None:
    if not e.disputed_by:
        return None
    return _finding("disputed", _("{name} is disputed by {partners}.", name=_capital(analysis.name(e.id)),
                                  partners=analysis.partner_names(e.disputed_by)),
                    [e.id], hint=_("Talk it through and change it until every partner can agree to it."))


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
    return _each_element(_not_agreed, map_)


def _not_agreed(analysis: Analysis, e: Element) -> Finding | None:
    if not analysis.partners or e.disputed_by or not analysis.any_agreed:
        return None
    waiting = [p for p in analysis.partners if p not in e.agreed_by]
    if not waiting:
        return None
    return _finding("not-agreed", _("{name} is waiting for agreement from {partners}.",
                                    name=_capital(analysis.name(e.id)), partners=analysis.partner_names(waiting)),
                    [e.id], hint=_("Partners mark an element agreed once they accept it as part of the joint theory."))


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
                                 hint=loop.description or _(_LOOP_HINT[loop.kind])))
    return findings


_LOOP_HINT = {
    "reinforcing": N_("Each turn round the loop strengthens the change: a virtuous circle, or a vicious one. "
                      "Watch what could tip it the wrong way."),
    "balancing": N_("An odd number of its links are negative (−), so the loop pushes back against change and "
                    "settles towards a limit. Check whether it will hold back the results."),
}
_LOOP_NAMED = {"reinforcing": N_("“{name}”, a reinforcing loop: {path} → back to the start."),
               "balancing": N_("“{name}”, a balancing loop: {path} → back to the start.")}
_LOOP_UNNAMED = {"reinforcing": N_("Reinforcing loop: {path} → back to the start."),
                 "balancing": N_("Balancing loop: {path} → back to the start.")}


def describe_loop(analysis: Analysis, loop: Loop) -> str:
    """A loop in one sentence; long loops name their first elements and count the rest."""
    names = [analysis.name(n) for n in loop.elements]
    if len(names) > 6:
        names = [*names[:5], ngettext("{n} more", "{n} more", len(names) - 5)]
    path = " → ".join(names)
    if loop.name:
        return _(_LOOP_NAMED[loop.kind], name=loop.name, path=path)
    return _(_LOOP_UNNAMED[loop.kind], path=path)


# --------------------------------------------------------------------------- all together

#: Rules about the whole map, in the order they run.
MAP_CHECKS: tuple[Check, ...] = (
    missing_impact, results_chain_cycles, interventions_leading_nowhere, outcomes_without_pathway,
    unreached_impacts, duplicate_labels, duplicate_labels_in_languages,
)
_MAP_RULE = {missing_impact: "no-impact", results_chain_cycles: "results-chain-cycle",
             interventions_leading_nowhere: "no-path-to-outcome", outcomes_without_pathway: "no-path-to-impact",
             unreached_impacts: "impact-unreached", duplicate_labels: "duplicate-label",
             duplicate_labels_in_languages: "duplicate-label-in-language"}
#: Rules about one element, link or indicator (the table it is in): what each finds about an item
#: depends on that item and its ends only, and is one finding at most.
ITEM_RULES: dict[str, tuple[str, Callable[[Analysis, Any], Finding | None]]] = {
    "orphan": ("elements", _orphan), "assumption-unattached": ("elements", _unattached),
    "assumption-disproved": ("elements", _disproved), "no-indicator": ("elements", _unmeasured),
    "no-owner": ("elements", _unowned), "disputed": ("elements", _disputed), "not-agreed": ("elements", _not_agreed),
    "link-kind-mismatch": ("links", _misfit), "backwards-link": ("links", _backwards), "skips-level": ("links", _skips),
    "no-baseline": ("indicators", _no_baseline), "no-target": ("indicators", _no_target),
}


def rules_for(map_type: str) -> list[Rule]:
    """The rules that apply to a map of this type: a systems map skips the results-chain rules.

    Examples
    --------
    >>> "no-impact" in {r.id for r in rules_for("theory_of_change")}, "no-impact" in {r.id for r in rules_for("systems_map")}
    (True, False)
    """
    return [rule for rule in RULES.values() if map_type != "systems_map" or not rule.results_chain]


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
        Findings worst first, grouped by rule in the order of :data:`RULES`; within a rule,
        in the map's order.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> report = check(sketch("i:intervention -> o:output -> c -> m:impact", "c -> d -> c"))
    >>> report.counts()
    {'error': 0, 'warning': 8, 'info': 1}
    >>> report.findings[-1].message
    'Reinforcing loop: the outcome “c” → the outcome “d” → back to the start.'
    """
    return run_checks(state, partners, loop_limit=loop_limit, loop_seconds=loop_seconds).report


# --------------------------------------------------------------------------- after an edit


class CheckRun:
    """The checks of one state, kept so that the checks of the next state redo only what changed.

    Holds the report and, per rule about single items, its finding about each item (in the
    map's order); the graphs pass on to the next run (see :func:`run_checks`).
    """

    def __init__(self, analysis: Analysis, about: dict[str, dict[str, Finding]], whole: dict[str, list[Finding]],
                 loops: Loops, searched: dict[frozenset[str], PartCycles], report: CheckReport,
                 bounds: tuple[int, float]):
        self.state, self.partners, self.any_agreed = analysis.state, analysis.partners, analysis.any_agreed
        self.about, self.whole, self.loops, self.report, self.bounds = about, whole, loops, report, bounds
        self.searched = searched  # what the loop search found in each strongly connected part
        self.tangles = analysis.__dict__.get("tangles")
        self.label_groups = analysis.__dict__.get("label_groups")
        self.link_counts = analysis.__dict__.get("link_counts")
        self.chains = analysis.__dict__.get("chains")
        prepared = {"causal", "flow"} <= analysis.__dict__.keys()
        self._graphs = (analysis.causal, analysis.flow) if prepared else None
        self._lock = threading.Lock()

    def take_graphs(self) -> tuple[nx.DiGraph, nx.DiGraph] | None:
        """The causal and flow graphs of this state, given away once (the next run changes them)."""
        with self._lock:
            graphs, self._graphs = self._graphs, None
            return graphs


def run_checks(
    state: MapState, partners: Mapping[str, str] | Iterable[str] = (), previous: CheckRun | None = None, *,
    loop_limit: int = LOOP_LIMIT, loop_seconds: float = LOOP_SECONDS,
) -> CheckRun:
    """Run every check on a map; with the ``previous`` run of another state of the same map,
    redo only the rules whose inputs differ between the two states.

    The report is the one a run from scratch gives (:func:`check`): findings about items
    that did not change, and whose ends did not change, are kept; rules about the whole
    map run again only when the map's structure changed or they name a relabelled
    element; the loop search runs again only when links or kinds changed, and the report
    keeps saying whether it is complete.

    Examples
    --------
    >>> from tocmap.domain.changes import UpdateElement, apply_change
    >>> from tocmap.domain.graph import sketch
    >>> before = run_checks(sketch("i:intervention -> o:output -> c -> m:impact", "c -> d -> c"))
    >>> state, _ = apply_change(before.state, UpdateElement(id="d", set={"label": "Trust grows"}))
    >>> after = run_checks(state, previous=before)
    >>> after.report.findings[-1].message
    'Reinforcing loop: the outcome “c” → the outcome “Trust grows” → back to the start.'
    >>> after.report.findings == check(state).findings
    True
    """
    started = time.perf_counter()
    partners = dict(partners) if isinstance(partners, Mapping) else {p: p for p in partners}
    bounds = (loop_limit, loop_seconds)
    same_kind = previous is not None and (previous.partners, previous.bounds, previous.state.map_type) == (
        partners, bounds, state.map_type)
    edit = Edit(previous, state) if same_kind else None
    analysis = edit.analysis() if edit is not None else Analysis(state, partners)
    if edit is not None and analysis.any_agreed != previous.any_agreed:
        edit = None  # agreement is now checked on every element, or no longer is
    about = _about_items(analysis, edit)
    whole = _about_map(analysis, edit)
    searched = {} if edit is None else edit.searched()
    if edit is None or edit.shaped:
        loops = feedback_loops(analysis.flow, limit=loop_limit, seconds=loop_seconds, parts=analysis.tangles,
                               searched=searched)
    else:
        loops = previous.loops
    named = name_loops(loops, state)
    found = {**{rule_id: list(findings.values()) for rule_id, findings in about.items()}, **whole,
             "feedback-loop": loop_findings(analysis, named)}
    report = CheckReport.model_construct(findings=_worst_first(found), loops=named,
                                         seconds=round(time.perf_counter() - started, 6))
    return CheckRun(analysis, about, whole, loops, searched, report, bounds)


def _worst_first(found: dict[str, list[Finding]]) -> list[Finding]:
    """Findings worst first, by rule in the order of :data:`RULES` (some rules' findings may be
    milder or graver than the rule's usual severity)."""
    ordered = []
    for severity in SEVERITIES:
        for rule_id in RULES:
            findings = found.get(rule_id, ())
            if rule_id in _MIXED_SEVERITY:
                ordered += [f for f in findings if f.severity == severity]
            elif RULES[rule_id].severity == severity:
                ordered += findings
    return ordered


def _about_items(analysis: Analysis, edit: Edit | None) -> dict[str, dict[str, Finding]]:
    """Per rule about single items, its finding about each item that has one, in the map's order."""
    systems = analysis.state.map_type == "systems_map"
    about = {}
    for rule_id, (table, rule) in ITEM_RULES.items():
        if systems and RULES[rule_id].results_chain:
            continue
        items = getattr(analysis.state, table)
        if edit is None:
            about[rule_id] = {key: f for key, item in items.items() if (f := rule(analysis, item)) is not None}
        else:
            about[rule_id] = _again(analysis, rule, items, edit.previous.about[rule_id], edit.dirty[table])
    return about


def _again(analysis: Analysis, rule: Callable, items: dict, before: dict[str, Finding], dirty: set[str]
           ) -> dict[str, Finding]:
    """A rule's findings, from those ``before`` the edit, worked out again for the ``dirty`` items only."""
    news = {key: rule(analysis, items[key]) if key in items else None for key in dirty}
    if all(before.get(key) is finding for key, finding in news.items()):
        return before
    found, unordered = dict(before), False
    for key, finding in news.items():
        if finding is None:
            found.pop(key, None)
        else:
            unordered = unordered or key not in found
            found[key] = finding
    return {key: found[key] for key in items if key in found} if unordered else found


def _about_map(analysis: Analysis, edit: Edit | None) -> dict[str, list[Finding]]:
    """What the rules about the whole map find; kept from the previous run when nothing they read changed.

    When a rule runs again, its findings that read the same as before are the earlier ones
    (see :meth:`Analysis.once`).
    """
    systems = analysis.state.map_type == "systems_map"
    whole = {}
    for rule in MAP_CHECKS:
        rule_id = _MAP_RULE[rule]
        if systems and RULES[rule_id].results_chain:
            continue
        kept = None if edit is None or edit.touches(rule_id) else edit.previous.whole[rule_id]
        whole[rule_id] = kept if kept is not None else rule(analysis)
    return whole


class Edit:
    """What differs between the state of a previous run and a new state of the same map, item by item.

    Items that did not change are usually the very same objects (one state is made from the
    other), which makes this quick; equal items count as unchanged too.
    """

    #: Beyond this many items changed, and this share of the map, graphs are built anew rather than patched.
    PATCH_AT_MOST, PATCH_SHARE = 50, 0.1

    def __init__(self, previous: CheckRun, new: MapState):
        old = previous.state
        self.previous, self.old, self.new = previous, old, new
        self.elements = _changed(old.elements, new.elements)
        self.links = _changed(old.links, new.links)
        self.indicators = _changed(old.indicators, new.indicators)
        self.relabelled = {i for i in self.elements if _label(old.elements.get(i)) != _label(new.elements.get(i))}
        self.rekinded = any(_kind(old.elements.get(i)) != _kind(new.elements.get(i)) for i in self.elements)
        self.shaped = self.rekinded or any(_ends(old.links.get(i)) != _ends(new.links.get(i)) for i in self.links)

    def analysis(self) -> Analysis:
        """The new state prepared with what carries over from the previous run, brought up to date."""
        previous = self.previous
        graphs = previous.take_graphs()
        if self.shaped and graphs is not None and not self.patch(*graphs):
            graphs = None
        tangles = previous.tangles
        if self.shaped:
            tangles = self.tangles(tangles, graphs[1]) if graphs is not None and tangles is not None else None
        analysis = Analysis(self.new, previous.partners, graphs=graphs, tangles=tangles)
        if previous.chains is not None and (graphs is not None or not self.shaped):
            chains = self.chains_again(previous.chains, graphs[0]) if self.shaped else previous.chains
            if chains is not None:
                analysis.chains = chains
        if previous.link_counts is not None:
            analysis.link_counts = self.recounted(previous.link_counts) if self.links else previous.link_counts
        if previous.label_groups is not None:
            analysis.label_groups = self.regrouped(previous.label_groups) if self.relabelled else previous.label_groups
        analysis.earlier = {rule_id: [f for f in findings if self.elements.isdisjoint(f.elements)]
                            for rule_id, findings in previous.whole.items() if self.touches(rule_id)}
        return analysis

    def touches(self, rule_id: str) -> bool:
        """Whether a rule about the whole map reads anything this edit changed."""
        if rule_id in ("duplicate-label", "duplicate-label-in-language"):
            return bool(self.relabelled)
        if rule_id == "no-impact":
            return self.rekinded
        named = self.relabelled and any(e in self.relabelled for f in self.previous.whole[rule_id] for e in f.elements)
        return self.shaped or bool(named)

    @cached_property
    def dirty(self) -> dict[str, set[str]]:
        """Per table, the items whose findings may differ: the changed ones, the links and indicators
        of changed elements (their findings quote them), and see :meth:`dirty_elements`."""
        changed = self.elements
        links, indicators = set(self.links), set(self.indicators)
        if changed:
            links.update(key for key, link in self.new.links.items() if link.source in changed or link.target in changed)
            indicators.update(key for key, i in self.new.indicators.items() if i.element in changed)
        return {"elements": self.dirty_elements(links), "links": links, "indicators": indicators}

    def dirty_elements(self, links: set[str]) -> set[str]:
        """The changed elements, the ends of changed links, the actors changed outcomes name, the
        elements of changed indicators, and the disproved assumptions underpinning any of these."""
        dirty = set(self.elements)
        for items in (self.old.links, self.new.links):
            dirty.update(end for i in self.links if i in items for end in (items[i].source, items[i].target))
        for items in (self.old.elements, self.new.elements):
            dirty.update(items[i].actor for i in self.elements if i in items and items[i].actor)
        for items in (self.old.indicators, self.new.indicators):
            dirty.update(items[i].element for i in self.indicators if i in items)
        quoted_items = self.elements | links
        for assumption in self.previous.about.get("assumption-disproved", ()):
            element = self.new.elements.get(assumption)
            if element is not None and not quoted_items.isdisjoint(element.attached_to):
                dirty.add(assumption)
        return dirty

    def patch(self, causal: nx.DiGraph, flow: nx.DiGraph) -> bool:
        """Bring the old state's graphs to the new state in place; False when building anew is quicker."""
        changed = len(self.elements) + len(self.links)
        if changed > self.PATCH_AT_MOST and changed > self.PATCH_SHARE * (len(self.new.elements) + len(self.new.links)):
            return False
        for graph, kinds in ((causal, {LinkKind.CONTRIBUTES_TO}), (flow, DIRECTED_LINKS)):
            for i in self.elements:
                element = self.new.elements.get(i)
                if element is None:
                    if i in graph:
                        graph.remove_node(i)
                else:
                    graph.add_node(i, kind=element.kind.value)
            pairs = {(link.source, link.target) for items in (self.old.links, self.new.links)
                     for i in self.links if (link := items.get(i)) is not None and link.kind in kinds}
            for source, target in pairs:
                if graph.has_edge(source, target):
                    graph.remove_edge(source, target)
            for link in self.new.links.values() if pairs else ():  # the first link of a pair is its edge
                ends = (link.source, link.target)
                if link.kind in kinds and ends in pairs and not graph.has_edge(*ends):
                    graph.add_edge(*ends, link=link.id, polarity=link.polarity, kind=link.kind.value)
        return True


    def searched(self) -> dict[frozenset[str], PartCycles]:
        """What the previous loop search found in each part that no changed link runs within."""
        ends = [(link.source, link.target) for items in (self.old.links, self.new.links)
                for i in self.links if (link := items.get(i)) is not None]
        return {part: found for part, found in self.previous.searched.items()
                if not any(source in part and target in part for source, target in ends)}

    def chains_again(self, before: dict[str, set[str]], causal: nx.DiGraph) -> dict[str, set[str]] | None:
        """:attr:`Analysis.chains` from the reaches before the edit and the patched causal graph;
        None when one of them must be found anew."""
        chains = {}
        for name, (kinds, upstream) in CHAINS.items():
            chains[name] = self._reach_again(before[name], causal, kinds, upstream)
            if chains[name] is None:
                return None
        return chains

    def _reach_again(self, before: set[str], graph: nx.DiGraph, kinds: frozenset[ElementKind], upstream: bool
                     ) -> set[str] | None:
        """What reaches (``upstream``) or is reached from the elements of ``kinds`` after the edit, or None.

        A drawn link or a new element of those kinds only adds to the reach; a cut link leaves it
        as it was when the element it cut off still leads where it did; otherwise it is found anew.
        """
        seeds = set()
        for i in self.elements:
            old, new = self.old.elements.get(i), self.new.elements.get(i)
            if old is None:
                if new.kind in kinds:
                    seeds.add(i)
            elif (new is None or new.kind != old.kind) and (
                    i in before or old.kind in kinds or (new is not None and new.kind in kinds)):
                return None  # an element of the reach removed, or a kind that counts changed
        ahead, behind = (graph._pred, graph._succ) if upstream else (graph._succ, graph._pred)  # noqa: SLF001
        values = {kind.value for kind in kinds}
        reached = set(before)
        for items, drawn in ((self.old.links, False), (self.new.links, True)):
            for i in self.links:
                link = items.get(i)
                if link is None or link.kind != LinkKind.CONTRIBUTES_TO:
                    continue
                near, far = (link.target, link.source) if upstream else (link.source, link.target)
                if drawn and near in reached and far not in reached:
                    seeds.add(far)
                elif (not drawn and near in reached and far in reached and not graph.has_edge(link.source, link.target)
                      and not _leads(behind, far, graph.nodes, values)):
                    return None  # what the cut link led to (or from) may have left the reach
        for seed in seeds - reached:
            reached |= reach_from(ahead, seed, reached)
        return reached

    def recounted(self, before: Counter[str]) -> Counter[str]:
        """How many links each element is an end of (:attr:`Analysis.link_counts`), from the counts before."""
        counts = before.copy()
        for items, step in ((self.old.links, -1), (self.new.links, 1)):
            for i in self.links:
                if i in items:
                    counts[items[i].source] += step
                    counts[items[i].target] += step
        return counts

    def regrouped(self, before: dict[str, list[str]]) -> dict[str, list[str]]:
        """The elements under each label as compared (:attr:`Analysis.label_groups`), from the groups before."""
        groups = dict(before)
        for i in self.relabelled:
            if i in self.old.elements:
                label = _normal(self.old.elements[i].label)
                groups[label] = [member for member in groups[label] if member != i]
                if not groups[label]:
                    del groups[label]
        position = None
        for i in self.relabelled:
            if i in self.new.elements:
                label = _normal(self.new.elements[i].label)
                members = [*groups.get(label, ()), i]
                if i in self.old.elements and len(members) > 1:  # an element added comes last in the map
                    position = position or {key: n for n, key in enumerate(self.new.elements)}
                    members.sort(key=position.__getitem__)
                groups[label] = members
        return groups

    def tangles(self, before: list[set[str]], flow: nx.DiGraph) -> list[set[str]]:
        """The strongly connected parts of the patched flow graph, from the parts before the edit.

        A cut link or a removed element can only split the part it was in (searched again on its
        own); a drawn link joins into one part all that lies on a way back from its target to its source.
        """
        def directed(items: dict) -> list[Link]:
            return [link for i in self.links if (link := items.get(i)) is not None and link.kind in DIRECTED_LINKS]

        gone = {i for i in self.elements if i not in self.new.elements}
        cut = directed(self.old.links)
        parts = []
        for part in before:
            if gone.isdisjoint(part) and not any(lk.source in part and lk.target in part for lk in cut):
                parts.append(part)
            else:
                parts += [p for p in nx.strongly_connected_components(flow.subgraph(part - gone)) if len(p) > 1]
        for link in directed(self.new.links):
            if any(link.source in part and link.target in part for part in parts):
                continue
            ahead = reach(flow, [link.target])
            if link.source in ahead:
                joined = ahead & reach(flow, [link.source], upstream=True)
                parts = [part for part in parts if part.isdisjoint(joined)] + [joined]
        return sorted(parts, key=min)


def _leads(neighbours: dict, start: str, nodes, kinds: set[str]) -> bool:
    """Whether a walk from ``start`` along ``neighbours`` meets an element of one of ``kinds``."""
    seen, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        if nodes[node]["kind"] in kinds:
            return True
        for other in neighbours[node]:
            if other not in seen:
                seen.add(other)
                frontier.append(other)
    return False


def reach_from(neighbours: dict, start: str, known: set[str]) -> set[str]:
    """What a walk from ``start`` along ``neighbours`` meets that is not ``known`` yet, ``start`` included."""
    seen, frontier = {start}, [start]
    while frontier:
        for other in neighbours[frontier.pop()]:
            if other not in seen and other not in known:
                seen.add(other)
                frontier.append(other)
    return seen


def _changed(old: dict, new: dict) -> set[str]:
    """Keys added, removed, or whose item differs."""
    changed = {key for key, item in new.items() if (was := old.get(key)) is not item and was != item}
    if len(old) != len(new) - sum(1 for key in changed if key not in old):
        changed |= old.keys() - new.keys()
    return changed


def _kind(element: Element | None):
    return element and element.kind


def _label(element: Element | None):
    return element and (element.label, element.translations)  # a translated label is a label too


def _ends(link: Link | None):
    return link and (link.source, link.target, link.kind, link.polarity)
