"""The map read as a results framework: its levels, the codes of their elements, one row per result.

The results framework page, the logframe workbook, the report and the IATI file all read
the chain the same way, from here: impact, outcomes, outputs and activities (interventions)
top down; within a level, elements in the order they sit on the map; each element coded
by its level ("Outcome 2"); the active indicators that measure it; the results it
contributes to; the assumptions that underpin it. How each of them shows a row (Markdown
on the screen, plain text in a spreadsheet, HTML in the report) is theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from tocmap.domain.model import (
    Element,
    ElementKind,
    Indicator,
    LinkKind,
    MapState,
    Target,
)
from tocmap.i18n import N_, _


@dataclass(frozen=True)
class Level:
    """One level of the results framework, top first."""

    kind: ElementKind
    title: str  # "Activity" (marked with N_: translate it where it is shown, as :meth:`name` does)
    plural: str  # "Activities"

    def name(self) -> str:
        """The level's name in the reader's language ("Effet")."""
        return _(self.title)

    def names(self) -> str:
        """The level's plural in the reader's language ("Effets")."""
        return _(self.plural)


#: The levels of the logframe, top first. Interventions are read as activities.
LEVELS: tuple[Level, ...] = (
    Level(ElementKind.IMPACT, N_("Impact"), N_("Impact")),
    Level(ElementKind.OUTCOME, N_("Outcome"), N_("Outcomes")),
    Level(ElementKind.OUTPUT, N_("Output"), N_("Outputs")),
    Level(ElementKind.INTERVENTION, N_("Activity"), N_("Activities")),
)
_LEVEL = {level.kind: level for level in LEVELS}


@dataclass(frozen=True)
class Row:
    """One result of the chain as every logframe shows it."""

    element: Element
    level: Level
    code: str  # "Outcome 2"; the level's title alone when the level has one element
    contributes_to: tuple[str, ...]  # codes of the results it contributes to, top level first
    indicators: tuple[Indicator, ...]  # the active indicators that measure it, in the map's order
    assumptions: tuple[Element, ...]  # the assumptions that underpin it, by label


def level_of(kind: ElementKind | str) -> Level | None:
    """The logframe level of an element kind, or None when the kind is outside the chain.

    Examples
    --------
    >>> level_of("intervention").title, level_of("actor")
    ('Activity', None)
    """
    return _LEVEL.get(ElementKind(kind))


def chain_elements(state: MapState, kind: ElementKind) -> list[Element]:
    """The elements of one level, in the order they sit on the map (left to right, top to bottom).

    Elements without a position come last, by label; so do ties.

    Examples
    --------
    >>> from tocmap.domain.model import Element, MapState
    >>> state = MapState(title="m", elements={
    ...     "b": Element(id="b", kind="output", label="B", x=300, y=0),
    ...     "a": Element(id="a", kind="output", label="A"),
    ...     "c": Element(id="c", kind="output", label="C", x=-50, y=0)})
    >>> [e.id for e in chain_elements(state, ElementKind.OUTPUT)]
    ['c', 'b', 'a']
    """
    members = [e for e in state.elements.values() if e.kind == kind]
    return sorted(members, key=lambda e: (e.x is None, e.x or 0.0, e.y or 0.0, e.label.lower(), e.id))


def level_codes(state: MapState) -> dict[str, str]:
    """Element id -> its code in the logframe ("Outcome 2"); a level with one element needs no number.

    Examples
    --------
    >>> from tocmap.domain.model import Element, MapState
    >>> state = MapState(title="m", elements={
    ...     "i": Element(id="i", kind="impact", label="Healthier people"),
    ...     "o1": Element(id="o1", kind="outcome", label="Staff use data", x=0, y=0),
    ...     "o2": Element(id="o2", kind="outcome", label="Plans cite data", x=100, y=0)})
    >>> level_codes(state)
    {'i': 'Impact', 'o1': 'Outcome 1', 'o2': 'Outcome 2'}
    """
    codes = {}
    for level in LEVELS:
        members = chain_elements(state, level.kind)
        for number, element in enumerate(members, start=1):
            codes[element.id] = level.name() if len(members) == 1 else _("{level} {n}", level=level.name(), n=number)
    return codes


def code_order(code: str) -> tuple[int, int]:
    """Sort key of a level code: level first, then number ("Outcome 10" after "Outcome 9").

    Examples
    --------
    >>> sorted(["Output", "Outcome 10", "Impact", "Outcome 9"], key=code_order)
    ['Impact', 'Outcome 9', 'Outcome 10', 'Output']
    """
    title, _space, number = code.partition(" ")
    position = next(n for n, level in enumerate(LEVELS) if level.name() == title)
    return position, int(number or 0)


def assumptions_by_element(state: MapState) -> dict[str, list[Element]]:
    """Element id -> the assumptions that underpin it.

    An assumption underpins an element when its ``attached_to`` names the element, or a
    link that starts or ends at the element. Each list is sorted by label, without repeats.

    Examples
    --------
    >>> from tocmap.domain.model import Element, Link, MapState
    >>> state = MapState(title="m",
    ...     elements={"a": Element(id="a", kind="output", label="Trained staff"),
    ...               "b": Element(id="b", kind="outcome", label="Staff use data"),
    ...               "s": Element(id="s", kind="assumption", label="Staff stay", attached_to=["l"]),
    ...               "t": Element(id="t", kind="assumption", label="Data exist", attached_to=["b", "l"])},
    ...     links={"l": Link(id="l", source="a", target="b")})
    >>> {k: [x.id for x in v] for k, v in sorted(assumptions_by_element(state).items())}
    {'a': ['t', 's'], 'b': ['t', 's']}
    """
    found: dict[str, dict[str, Element]] = {}
    for assumption in state.elements.values():
        if assumption.kind != ElementKind.ASSUMPTION:
            continue
        for ref in assumption.attached_to:
            link = state.links.get(ref)
            for element_id in (link.source, link.target) if link else (ref,):
                found.setdefault(element_id, {})[assumption.id] = assumption
    return {key: sorted(items.values(), key=lambda a: (a.label.lower(), a.id)) for key, items in found.items()}


def active_indicators(state: MapState) -> dict[str, list[Indicator]]:
    """Element id -> the active indicators that measure it (retired ones are not rows), in the map's order.

    Examples
    --------
    >>> from tocmap.domain.model import Element, Indicator, MapState
    >>> state = MapState(title="m", elements={"o": Element(id="o", kind="outcome", label="O")}, indicators={
    ...     "a": Indicator(id="a", element="o", name="A"),
    ...     "b": Indicator(id="b", element="o", name="B", status="retired")})
    >>> {k: [i.id for i in v] for k, v in active_indicators(state).items()}
    {'o': ['a']}
    """
    measured: dict[str, list[Indicator]] = {}
    for indicator in state.indicators.values():
        if indicator.status == "active":
            measured.setdefault(indicator.element, []).append(indicator)
    return measured


def contributions(state: MapState, codes: dict[str, str]) -> dict[str, list[str]]:
    """Element id -> the codes of the results it contributes to, top level first, without repeats.

    Only "contributes to" links into the chain count (``codes`` as :func:`level_codes` gives).

    Examples
    --------
    >>> from tocmap.domain.model import Element, Link, MapState
    >>> state = MapState(title="m",
    ...     elements={"i": Element(id="i", kind="impact", label="I"), "o": Element(id="o", kind="outcome", label="O"),
    ...               "p": Element(id="p", kind="output", label="P")},
    ...     links={"a": Link(id="a", source="p", target="o"), "b": Link(id="b", source="p", target="i")})
    >>> contributions(state, level_codes(state))
    {'p': ['Impact', 'Outcome']}
    """
    targets: dict[str, set[str]] = {}
    for link in state.links.values():
        if link.kind == LinkKind.CONTRIBUTES_TO and link.target in codes:
            targets.setdefault(link.source, set()).add(codes[link.target])
    return {source: sorted(found, key=code_order) for source, found in targets.items()}


def rows(state: MapState, kind: ElementKind | None = None) -> list[Row]:
    """One row per element of the results chain, top level first and in map order within a level.

    With ``kind``, the rows of that level only.

    Examples
    --------
    >>> from tocmap.domain.model import Element, Indicator, Link, MapState
    >>> state = MapState(title="m",
    ...     elements={"o": Element(id="o", kind="outcome", label="Staff use data"),
    ...               "i": Element(id="i", kind="impact", label="Healthier people"),
    ...               "f": Element(id="f", kind="external_factor", label="Floods")},
    ...     links={"l": Link(id="l", source="o", target="i")},
    ...     indicators={"n": Indicator(id="n", element="o", name="Reports filed")})
    >>> [(r.code, r.contributes_to, [i.name for i in r.indicators]) for r in rows(state)]
    [('Impact', (), []), ('Outcome', ('Impact',), ['Reports filed'])]
    """
    codes, assumptions = level_codes(state), assumptions_by_element(state)
    measured, leads_to = active_indicators(state), contributions(state, codes)
    levels = LEVELS if kind is None else (_LEVEL[ElementKind(kind)],)
    return [
        Row(element=element, level=level, code=codes[element.id],
            contributes_to=tuple(leads_to.get(element.id, ())),
            indicators=tuple(measured.get(element.id, ())),
            assumptions=tuple(assumptions.get(element.id, ())))
        for level in levels
        for element in chain_elements(state, level.kind)
    ]


def latest_target(indicator: Indicator) -> Target | None:
    """The target of the latest period (the last one listed among equals), or None.

    Examples
    --------
    >>> import datetime as dt
    >>> from tocmap.domain.model import Indicator, Period, Target
    >>> p = lambda year: Period(label=str(year), start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    >>> ind = Indicator(id="i", element="o", name="Reports on time",
    ...                 targets=[Target(period=p(2027), value=90.0), Target(period=p(2026), value=80.0)])
    >>> latest_target(ind).value
    90.0
    """
    if not indicator.targets:
        return None
    return max(enumerate(indicator.targets), key=lambda pair: (pair[1].period.end, pair[0]))[1]
