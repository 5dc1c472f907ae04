"""Realistic theory-of-change maps of any size, for benchmarks.

Other benchmarks (layout, checks, editor, exchange) import this module; its whole API is
:func:`realistic_map`, so keep it that one simple function::

    from mapgen import realistic_map
    state = realistic_map(2000, seed=1)

A generated map has, per hundred elements, about 1-2 impacts, 15 outcomes, 26 outputs,
32 interventions, 10 actors, 10 assumptions and 5 external factors. The results chain is
built pathway by pathway, as partners draw it: each intervention contributes to an output
of its own pathway, outputs to outcomes, outcomes to impacts, with a few links that skip a
level, a few that point backwards, and a few feedback loops among outcomes. Actors
influence one another and are named by outcomes; external factors push on outcomes and
outputs; assumptions are attached to elements or links; some outcomes and outputs carry an
indicator. Labels are assembled from word lists and run up to about 90 characters.
Elements have no position (run a layout to place them). The same arguments always give
the same map.
"""

from __future__ import annotations

import random

from tocmap.domain.model import Element, ElementKind, Indicator, Link, LinkKind, MapState

SHARES = {  # elements of each kind per element of the map
    ElementKind.IMPACT: 0.015,
    ElementKind.OUTCOME: 0.15,
    ElementKind.OUTPUT: 0.26,
    ElementKind.INTERVENTION: 0.32,
    ElementKind.ACTOR: 0.10,
    ElementKind.ASSUMPTION: 0.10,
    ElementKind.EXTERNAL_FACTOR: 0.055,
}
LABEL_LENGTH = 90

PLACES = ["in rural districts", "in the northern region", "in pilot provinces", "across all regions",
          "in informal settlements", "in border areas", "in secondary cities", "at national level"]
GROUPS = ["district health officers", "community health workers", "smallholder farmers", "women-led cooperatives",
          "secondary school teachers", "municipal water boards", "local councils", "youth groups",
          "regional statistics offices", "hospital managers", "civil society organisations", "village savings groups"]
INSTITUTIONS = ["Ministry of Health", "Ministry of Agriculture", "National Statistics Office",
                "Public Health Institute", "Ministry of Education", "Water Regulatory Authority",
                "National Audit Office", "Farmers' Union", "Regional Governor's Office",
                "University Teaching Hospital", "Women's Rights Network"]
TOPICS = ["routine surveillance data", "maternal health services", "climate-resilient seed varieties",
          "district budgets", "early-grade reading", "safe drinking water", "disease outbreak alerts",
          "vaccination records", "procurement procedures", "extension services", "gender-responsive planning",
          "land registration", "antenatal care", "school inspection reports"]
ACTIVITIES = ["Train", "Coach", "Equip", "Convene", "Fund", "Mentor", "Support", "Advise"]
PRODUCTS = ["Guidelines on", "A dashboard for", "Curriculum modules on", "A national strategy for",
            "Standard operating procedures for", "A digital registry of", "Quarterly reviews of",
            "Training of trainers on"]
DELIVERED = ["adopted", "published", "rolled out", "validated by partners", "in use", "completed"]
BEHAVIOURS = ["use", "plan with", "demand better", "invest in", "report on", "coordinate around", "take up"]
BETTER = ["Reduced maternal and newborn mortality", "Improved food security and nutrition", "Fewer preventable deaths",
          "Better learning outcomes for girls and boys", "Universal access to safe water",
          "More accountable public institutions", "Higher and more resilient household incomes"]
RISKS = ["remain committed to", "keep funding for", "stay in post long enough to apply", "are willing to share",
         "have the time to use"]
MEASURES = ["Share of districts submitting complete reports on time", "Share of trained staff applying new skills",
            "Percentage of facilities without stock-outs", "Share of budget lines informed by evidence",
            "Percentage of cooperatives with access to credit", "Share of schools meeting inspection standards"]
FORCES = ["Economic downturn squeezes public budgets", "Drought reduces harvests", "Elections shift priorities",
          "Donor funding declines", "Conflict disrupts services", "Staff turnover rises",
          "New decentralisation law takes effect", "Mobile network coverage expands"]


def realistic_map(elements: int, seed: int = 0) -> MapState:
    """A valid map with ``elements`` elements that looks like one partners would draw.

    Parameters
    ----------
    elements : int
        Number of elements (100, 300, 1000, 2000 and 10000 are the sizes benchmarks use).
    seed : int
        Random seed; the same seed gives the same map.

    Examples
    --------
    >>> state = realistic_map(100)
    >>> len(state.elements), MapState.model_validate(state.model_dump()) == state
    (100, True)
    """
    return _Generator(random.Random(seed)).build(elements)


def _counts(elements: int) -> dict[ElementKind, int]:
    """How many elements of each kind, adding up to ``elements``, with at least one impact."""
    counts = {kind: int(share * elements) for kind, share in SHARES.items()}
    counts[ElementKind.IMPACT] = min(elements, max(1, counts[ElementKind.IMPACT]))
    counts[ElementKind.OUTCOME] += elements - sum(counts.values())
    return counts


def _fit(*parts: str) -> str:
    """Join words into a label, dropping trailing parts until it fits the length limit."""
    words = [p for p in parts if p]
    while len(" ".join(words)) > LABEL_LENGTH and len(words) > 1:
        words.pop()
    return " ".join(words)[:LABEL_LENGTH]


class _Generator:
    """Builds one map; holds the random source and what has been made so far."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.elements: dict[str, Element] = {}
        self.links: dict[str, Link] = {}
        self.indicators: dict[str, Indicator] = {}
        self.joined: set[tuple[str, str, str]] = set()
        self.ids: set[str] = set()

    def build(self, elements: int) -> MapState:
        counts = _counts(elements)
        impacts, outcomes, outputs, interventions, actors, factors = (
            [self.element(kind) for _ in range(counts[kind])]
            for kind in (ElementKind.IMPACT, ElementKind.OUTCOME, ElementKind.OUTPUT, ElementKind.INTERVENTION,
                         ElementKind.ACTOR, ElementKind.EXTERNAL_FACTOR)
        )
        self.chain(interventions, outputs, outcomes, impacts)
        self.feedback(outcomes)
        self.people(actors, outcomes, interventions)
        self.context(factors, outcomes + outputs, actors)
        self.measures(outcomes, outputs)
        chain_items = impacts + outcomes + outputs + interventions + list(self.links)
        for _ in range(counts[ElementKind.ASSUMPTION]):
            self.assumption(chain_items or actors + factors)
        return MapState(title=f"Generated partnership map ({elements} elements)", elements=self.elements,
                        links=self.links, indicators=self.indicators)

    # ------------------------------------------------------------------ items

    def new_id(self, prefix: str) -> str:
        while True:
            candidate = f"{prefix}-{self.rng.getrandbits(40):010x}"
            if candidate not in self.ids:
                self.ids.add(candidate)
                return candidate

    def element(self, kind: ElementKind, **fields) -> str:
        element = Element(id=self.new_id("el"), kind=kind, label=self.label(kind), **fields)
        self.elements[element.id] = element
        return element.id

    def link(self, source: str, target: str, kind: LinkKind = LinkKind.CONTRIBUTES_TO, **fields) -> str | None:
        if source == target or (source, target, kind) in self.joined:
            return None
        self.joined.add((source, target, kind))
        link = Link(id=self.new_id("ln"), kind=kind, source=source, target=target,
                    confidence=self.rng.choice(["low", "medium", "medium", "high"]), **fields)
        self.links[link.id] = link
        return link.id

    def label(self, kind: ElementKind) -> str:
        pick, maybe, topic = self.rng.choice, self.maybe, self.rng.choice(TOPICS)
        match kind:
            case ElementKind.IMPACT:
                return _fit(pick(BETTER), maybe(PLACES))
            case ElementKind.OUTCOME:
                return _fit(pick(GROUPS).capitalize(), pick(BEHAVIOURS), topic, maybe(PLACES))
            case ElementKind.OUTPUT:
                return _fit(pick(PRODUCTS), topic, pick(DELIVERED), maybe(PLACES))
            case ElementKind.INTERVENTION:
                return _fit(pick(ACTIVITIES), pick(GROUPS), "on", topic, maybe(PLACES))
            case ElementKind.ACTOR:
                return _fit(pick(INSTITUTIONS) if self.rng.random() < 0.5 else pick(GROUPS).capitalize(), maybe(PLACES))
            case ElementKind.ASSUMPTION:
                return _fit(pick(GROUPS).capitalize(), pick(RISKS), topic)
        return _fit(pick(FORCES), maybe(PLACES))

    def maybe(self, words: list[str]) -> str:
        """One of ``words`` more often than not, else nothing: labels vary in length."""
        return self.rng.choice(words) if self.rng.random() < 0.6 else ""

    # ------------------------------------------------------------------ structure

    def near(self, items: list[str], index: int, of: int, spread: int = 2) -> str:
        """An item at about the same relative place in ``items``: links stay within a pathway."""
        centre = index * len(items) // max(of, 1)
        return items[min(len(items) - 1, max(0, centre + self.rng.randint(-spread, spread)))]

    def chain(self, interventions: list[str], outputs: list[str], outcomes: list[str], impacts: list[str]) -> None:
        """Contributes-to links one level up, pathway by pathway, with a few level skips."""
        levels = [interventions, outputs, outcomes, impacts]
        levels = [level for level in levels if level]
        for lower, upper, *higher in (levels[i:] for i in range(len(levels) - 1)):
            for index, source in enumerate(lower):
                for _ in range(self.rng.choice([1, 1, 1, 2])):
                    self.link(source, self.near(upper, index, len(lower)))
                if higher and self.rng.random() < 0.05:
                    self.link(source, self.near(higher[0], index, len(lower)))
                if self.rng.random() < 0.02:  # a backwards link, e.g. an outcome feeding an output
                    self.link(self.near(upper, index, len(lower)), source, polarity=self.rng.choice("+-"))

    def feedback(self, outcomes: list[str]) -> None:
        """Outcomes that reinforce each other: short chains and a few feedback loops."""
        for index, outcome in enumerate(outcomes):
            if index and self.rng.random() < 0.15:
                self.link(outcome, outcomes[self.rng.randrange(max(0, index - 4), index)])
        for _ in range(max(1, len(outcomes) // 40) if len(outcomes) > 2 else 0):
            loop = self.rng.sample(outcomes[:3] if len(outcomes) < 6 else outcomes, 3)
            for source, target in zip(loop, loop[1:] + loop[:1]):
                self.link(source, target, polarity=self.rng.choice("++-"))

    def people(self, actors: list[str], outcomes: list[str], interventions: list[str]) -> None:
        """Actors influence one another and are named by outcomes; interventions reach some of them."""
        for index, actor in enumerate(actors):
            if len(actors) > 1 and self.rng.random() < 0.7:
                self.link(actor, self.near(actors, index, len(actors), spread=3), LinkKind.INFLUENCES)
            if interventions and self.rng.random() < 0.3:
                self.link(self.near(interventions, index, len(actors)), actor, LinkKind.INFLUENCES)
        for index, outcome in enumerate(outcomes):
            if actors and self.rng.random() < 0.6:
                actor = self.near(actors, index, len(outcomes))
                self.elements[outcome] = self.elements[outcome].model_copy(update={"actor": actor})

    def context(self, factors: list[str], targets: list[str], actors: list[str]) -> None:
        """External factors push on outcomes and outputs (either way) and sometimes on actors."""
        for factor in factors:
            if targets:
                self.link(factor, self.rng.choice(targets), polarity=self.rng.choice("+--"))
            if actors and self.rng.random() < 0.2:
                self.link(factor, self.rng.choice(actors), LinkKind.INFLUENCES)

    def measures(self, outcomes: list[str], outputs: list[str]) -> None:
        """A few indicators on outcomes and outputs."""
        for element_id, share in [(o, 0.3) for o in outcomes] + [(o, 0.2) for o in outputs]:
            if self.rng.random() < share:
                indicator = Indicator(id=self.new_id("ind"), element=element_id, name=_fit(
                    self.rng.choice(MEASURES), self.maybe(PLACES)), measure="percentage", unit="%")
                self.indicators[indicator.id] = indicator

    def assumption(self, items: list[str]) -> None:
        """An assumption attached to one element or link (sometimes two)."""
        attached = self.rng.sample(items, min(len(items), self.rng.choice([1, 1, 1, 2])))
        status = self.rng.choice(["untested", "untested", "holding", "challenged"])
        self.element(ElementKind.ASSUMPTION, attached_to=attached, assumption_status=status)


def fresh_postgres(url: str, suffix: str) -> str:
    """A new database ``<name>_<suffix>`` beside the one named in ``url`` (dropped and created again each run)."""
    from sqlalchemy import create_engine, make_url, text  # only the PostgreSQL runs need it

    target = make_url(url)
    name = f"{target.database or 'tocmap'}_{suffix}"
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return target.set(database=name).render_as_string(hide_password=False)
