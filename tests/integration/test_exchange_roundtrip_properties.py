"""Round trips as properties: any systems map, written to a format and read back, comes back as it went.

Maps are drawn by Hypothesis with labels and descriptions holding quotes, commas, new lines,
semicolons, Kumu-like brackets and any printable Unicode; links with both signs, parallel
links between the same two elements, a map type and named loops.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocmap.adapters.exchange import FORMATS, ExportSource, ReadOptions
from tocmap.domain.document import MapDocument
from tocmap.domain.model import Element, FieldDefinition, Link, MapState, NamedLoop, Partnership

FORMATS_KEPT = ["json", "kumu", "graphml", "gexf", "xlsx", "csv"]
# printable text of any script; XML and spreadsheets cannot hold control characters or non-characters
LETTERS = st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co", "Zl", "Zp"))
TRICKY = st.sampled_from(['"', "'", ",", ";", "\t", '", and "', "|", "[[", "]]", "=", "-", "+", "é", "漢", "🙂"])
PIECE = st.one_of(st.text(LETTERS, min_size=1, max_size=8), TRICKY)


@st.composite
def labels(draw) -> str:
    words = draw(st.lists(PIECE, min_size=1, max_size=5))
    label = " ".join(" ".join(words).split())
    # a label that reads as a number or a leading formula sign is a cell of another type in a spreadsheet
    return label if label and not label[0] in "=+-@" and not _number(label) else f"x {label}".strip()


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@st.composite
def descriptions(draw) -> str:
    lines = draw(st.lists(st.lists(PIECE, max_size=4).map(lambda ws: " ".join(" ".join(ws).split())), max_size=3))
    return "\n".join(line for line in lines if line).replace("[[", "[ [")  # Kumu markup is cleaned on purpose


FIELDS = {
    "budget": FieldDefinition(id="budget", name="Budget", type="number", applies_to="both"),
    "starts": FieldDefinition(id="starts", name="Starts", type="date"),
    "priority": FieldDefinition(id="priority", name="Priority", type="choice", choices=["high", "low, or none"],
                                applies_to="both"),
    "remark": FieldDefinition(id="remark", name="Remark", type="text", applies_to="links"),
}
VALUES = {
    "budget": st.one_of(st.integers(-10**6, 10**6), st.integers(-10**5, 10**5).map(lambda n: n / 4)).map(float),
    "starts": st.dates().map(lambda d: d.isoformat()),
    "priority": st.sampled_from(["high", "low, or none"]),
}


@st.composite
def custom_values(draw, fields: dict, kind: str) -> dict:
    values = {}
    for key, field in fields.items():
        if field.applies_to in ("both", f"{kind}s") and draw(st.booleans()):
            values[key] = draw(VALUES[key]) if key in VALUES else draw(labels())
    return values


@st.composite
def systems_maps(draw) -> MapState:
    count = draw(st.integers(2, 6))
    names = draw(st.lists(labels(), min_size=count, max_size=count, unique_by=str.casefold))
    fields = {key: FIELDS[key] for key in draw(st.lists(st.sampled_from(sorted(FIELDS)), unique=True))}
    elements = {f"e{i}": Element(id=f"e{i}", kind="actor", label=name, description=draw(descriptions()),
                                 custom=draw(custom_values(fields, "element")))
                for i, name in enumerate(names)}
    ends = st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)).filter(lambda p: p[0] != p[1])
    pairs = draw(st.lists(ends, min_size=1, max_size=10))
    links = {}
    for number, (s, t) in enumerate(pairs):
        links[f"l{number}"] = Link(id=f"l{number}", kind="influences", source=f"e{s}", target=f"e{t}",
                                   polarity=draw(st.sampled_from("+-")), label=draw(st.sampled_from(["", "delay"])),
                                   custom=draw(custom_values(fields, "link")))
    loops = {}
    back = [lk for lk in links.values() if any(o.source == lk.target and o.target == lk.source for o in links.values())]
    if back:
        first = back[0]
        second = next(o for o in links.values() if o.source == first.target and o.target == first.source)
        loops["lp"] = NamedLoop(id="lp", name=draw(labels()), description=draw(descriptions()),
                                links=[first.id, second.id])
    return MapState(title=draw(labels()), description=draw(descriptions()), elements=elements, links=links,
                    map_type=draw(st.sampled_from(["systems_map", "theory_of_change"])), loops=loops, fields=fields)


def round_trip(state: MapState, key: str) -> MapState:
    spec = FORMATS[key]
    document = MapDocument.of(state, Partnership(id="ps", name="Partners"))
    written = getattr(spec.exporter(), spec.export_function)(ExportSource(document=document, map_id=1))
    return spec.reader().read(written, ReadOptions(filename=f"map{spec.extension}")).document.state()


@pytest.mark.parametrize("key", FORMATS_KEPT)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state=systems_maps())
def test_a_systems_map_comes_back_as_it_went(key, state):
    again = round_trip(state, key)
    assert again.title == state.title
    assert again.description == state.description
    assert again.map_type == state.map_type
    assert {i: (e.label, e.description, e.custom) for i, e in again.elements.items()} == {
        i: (e.label, e.description, e.custom) for i, e in state.elements.items()}
    assert sorted((lk.source, lk.target, lk.polarity, lk.label, sorted(lk.custom.items())) for lk in again.links.values()) \
        == sorted((lk.source, lk.target, lk.polarity, lk.label, sorted(lk.custom.items())) for lk in state.links.values())
    assert again.loops == state.loops
    used = {key for item in [*state.elements.values(), *state.links.values()] for key in item.custom}
    assert {key: again.fields[key] for key in used} == {key: state.fields[key] for key in used}
