"""Small maps for tests, built in code."""

from tocmap.domain.model import Element, Indicator, Link, MapState


def element(id, kind="outcome", label=None, **fields):
    return Element(id=id, kind=kind, label=label or f"{kind} {id}", **fields)


def link(id, source, target, kind="contributes_to", **fields):
    return Link(id=id, source=source, target=target, kind=kind, **fields)


def small_map() -> MapState:
    """act -> out -> oc -> imp, an actor named by the outcome, an assumption on a link, one indicator."""
    elements = [
        element("imp", "impact", "Fewer preventable deaths"),
        element("oc", "outcome", "Districts act on surveillance data", actor="dho"),
        element("out", "output", "Dashboards in every district"),
        element("act", "intervention", "Train data managers"),
        element("dho", "actor", "District health officers"),
        element("as1", "assumption", "Staff stay in post", attached_to=["l2"]),
    ]
    links = [link("l1", "act", "out"), link("l2", "out", "oc"), link("l3", "oc", "imp")]
    indicators = [Indicator(id="ind1", element="oc", name="Share of districts using data", measure="percentage")]
    return MapState(
        title="Surveillance data use",
        elements={e.id: e for e in elements},
        links={lk.id: lk for lk in links},
        indicators={i.id: i for i in indicators},
    )
