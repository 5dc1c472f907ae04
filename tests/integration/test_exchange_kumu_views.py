"""Kumu views and decorations: each view of a project a saved view, its size and colour rules the map's.

The two-view project below is written here the way Kumu exports one (``maps`` with placed
elements, each view's Advanced Editor code as ``markup``); the round trips draw maps with
saved views that place, filter and zoom, and a size and colour setting.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocmap.adapters.exchange import ExportSource, ReadOptions, kumu
from tocmap.domain.document import MapDocument
from tocmap.domain.model import Element, FieldDefinition, FieldDisplay, Link, MapState, Partnership, SavedView
from tocmap.domain.views import in_view

SECTORS = ["Public", "Private", "Civil society"]


def two_view_project() -> dict:
    """A Kumu stakeholder project with two views: everyone, and the funders placed their own way."""
    people = [("e-moh", "Ministry of Health", "Public", 900), ("e-bank", "Development bank", "Private", 5000),
              ("e-ngo", "Clinics network", "Civil society", 120), ("e-fund", "Health fund", "Private", 2500)]
    return {
        "project": {"name": "Health financing actors", "description": "Who funds whom."},
        "elements": [{"_id": key, "attributes": {"label": label, "element type": "Organization", "Sector": sector,
                                                 "Budget": budget}} for key, label, sector, budget in people],
        "connections": [
            {"_id": "c1", "from": "e-bank", "to": "e-moh", "direction": "directed", "attributes": {"connection type": "+"}},
            {"_id": "c2", "from": "e-fund", "to": "e-ngo", "direction": "directed", "attributes": {"connection type": "+"}},
            {"_id": "c3", "from": "e-moh", "to": "e-ngo", "direction": "directed", "attributes": {"connection type": "-"}},
        ],
        "maps": [
            {"_id": "map-all", "name": "Everyone",
             "elements": [{"_id": f"p-{key}", "element": key, "position": {"x": 300 * n, "y": 0}}
                          for n, (key, *_rest) in enumerate(people)],
             "markup": '@settings {\n  template: stakeholder;\n  element-size: scale("Budget", 10, 60);\n'
                       '  element-color: categorize("Sector", set2);\n}\n'
                       '@controls { top { filter { by: "Sector"; } } }\n'},
            {"_id": "map-funders", "name": "Funders",
             "elements": [{"_id": "q1", "element": "e-bank", "position": {"x": -200, "y": 300}},
                          {"_id": "q2", "element": "e-fund", "position": {"x": 200, "y": 300}}],
             "markup": '@settings { element-color: categorize("Budget"); include: ["element type" = "Organization"]; }'},
        ],
    }


def read(document: dict, name: str = "health.json"):
    return kumu.read(json.dumps(document).encode(), ReadOptions(filename=name))


def export(state: MapState) -> dict:
    source = ExportSource(document=MapDocument.of(state, Partnership(id="ps", name="Partners")), map_id=3)
    return json.loads(kumu.export(source))


def test_each_kumu_view_becomes_a_saved_view_that_places_what_it_shows():
    state = read(two_view_project()).document.state()
    views = list(state.views.values())
    assert [v.name for v in views] == ["Everyone", "Funders"]
    assert views[1].places == {"e-bank": (-200.0, 300.0), "e-fund": (200.0, 300.0)}
    assert in_view(state, views[1]) == ["e-bank", "e-fund"]
    assert in_view(state, views[0]) == list(state.elements)


def test_a_views_simple_filter_becomes_what_the_saved_view_shows():
    state = read(two_view_project()).document.state()
    assert state.views["map-funders"].kinds == ["actor"]  # Kumu's "Organization" is what tocmap calls an actor
    project = two_view_project()
    project["elements"][0]["attributes"]["element type"] = "Ministry"  # a kind tocmap does not know: kept as a tag
    project["maps"][1]["markup"] = "@settings { showcase: ministry; }"
    assert [v.tags for v in read(project).document.views] == [[], ["Ministry"]]
    project = two_view_project()
    for element in project["elements"]:
        element["attributes"]["element type"] = "Actor" if element["_id"] != "e-ngo" else "Outcome"
    project["maps"][1]["markup"] = "@settings { include: actor; }"
    project["maps"][0]["markup"] = "@settings { showcase: person --> organization; }"
    parsed = read(project)
    assert [v.kinds for v in parsed.document.views] == [[], ["actor"]]
    assert any("cannot follow" in n and "person --> organization" in n and "Everyone" in n for n in parsed.skipped)


def test_the_map_keeps_the_first_views_layout():
    state = read(two_view_project()).document.state()
    assert {i: (e.x, e.y) for i, e in state.elements.items()} == {
        "e-moh": (0, 0), "e-bank": (300, 0), "e-ngo": (600, 0), "e-fund": (900, 0)}


def test_kumu_size_and_colour_rules_become_the_maps_size_and_colour_setting():
    state = read(two_view_project()).document.state()
    size, colour = state.fields[state.display.size_by], state.fields[state.display.colour_by]
    assert (size.name, size.type) == ("Budget", "number")
    assert (colour.name, colour.type, colour.choices) == ("Sector", "choice", sorted(SECTORS, key=str.casefold))
    assert state.elements["e-ngo"].custom[colour.id] == "Civil society"


def test_the_notes_name_the_views_and_what_their_code_said_that_was_not_carried():
    notes = read(two_view_project()).skipped
    assert any("2 Kumu views" in n and "“Everyone”, “Funders”" in n for n in notes)
    assert any("template: stakeholder" in n and "Everyone" in n for n in notes)
    assert any("its own way" in n and "Funders" in n for n in notes)


def test_a_rule_tocmap_cannot_follow_is_said_and_the_map_is_left_as_usual():
    project = two_view_project()
    project["maps"][0]["markup"] = '@settings { element-size: scale("Sector"); element-color: scale("Budget", red); }'
    parsed = read(project)
    assert parsed.document.display == FieldDisplay()
    assert any("cannot size by" in n and "Sector" in n for n in parsed.skipped)
    assert any("cannot colour by" in n and "Budget" in n for n in parsed.skipped)


def test_views_and_decorations_survive_a_round_trip_through_kumu_alone():
    state = read(two_view_project()).document.state()
    written = export(state)
    assert '"Budget"' in written["maps"][0]["markup"] and '"Sector"' in written["maps"][0]["markup"]
    del written["tocmap"]  # as Kumu would give it back
    again = read(written).document.state()
    assert [v.name for v in again.views.values()] == [state.title, "Everyone", "Funders"]
    assert [v.places for v in again.views.values()][1:] == [v.places for v in state.views.values()]
    assert (again.fields[again.display.size_by].name, again.fields[again.display.colour_by].name) == ("Budget", "Sector")


def test_only_the_first_views_code_sizes_and_colours_the_map():
    project = two_view_project()
    del project["maps"][0]["markup"]
    parsed = read(project)
    assert parsed.document.display == FieldDisplay()
    assert any("its own way" in n and "Funders" in n for n in parsed.skipped)
    project["maps"][1]["markup"] = "@settings { include: organization; }"  # no decoration: nothing to say
    assert not any("its own way" in n for n in read(project).skipped)


def test_a_view_file_that_is_not_a_list_is_refused_with_a_message():
    written = export(read(two_view_project()).document.state())
    written["tocmap"]["views"] = {"oops": 1}
    with pytest.raises(Exception, match="views"):
        read(written)


# --------------------------------------------------------------------------- round trips as properties

NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co", "Zl", "Zp")), min_size=1, max_size=30) \
    .map(lambda s: " ".join(s.split())).filter(bool)
SPOT = st.floats(-5000, 5000, allow_nan=False).map(lambda v: round(v, 1))


@st.composite
def maps_with_views(draw) -> MapState:
    count = draw(st.integers(2, 6))
    fields = {"budget": FieldDefinition(id="budget", name="Budget", type="number"),
              "sector": FieldDefinition(id="sector", name=draw(NAMES), type="choice", choices=SECTORS)}
    elements = {f"e{i}": Element(id=f"e{i}", kind="actor", label=f"Actor {i}", x=draw(SPOT), y=draw(SPOT),
                                 tags=draw(st.lists(st.sampled_from(["a", "b"]), unique=True)),
                                 custom={"budget": float(i), "sector": SECTORS[i % 3]}) for i in range(count)}
    links = {"l0": Link(id="l0", kind="influences", source="e0", target="e1", polarity="+")}
    views = {}
    names = draw(st.lists(NAMES.filter(lambda name: name.casefold() != "actors"), max_size=4, unique_by=str.casefold))
    for n, name in enumerate(names):  # a map's views have names of their own, unlike its title
        placed = draw(st.lists(st.sampled_from(sorted(elements)), unique=True))
        views[f"v{n}"] = SavedView(id=f"v{n}", name=name, places={i: (draw(SPOT), draw(SPOT)) for i in placed},
                                   tags=draw(st.lists(st.sampled_from(["a", "b"]), unique=True)),
                                   kinds=draw(st.lists(st.sampled_from(["actor", "outcome"]), unique=True)),
                                   zoom=draw(st.none() | st.sampled_from([0.5, 1.25])))
    display = FieldDisplay(size_by=draw(st.sampled_from([None, "budget"])), colour_by=draw(st.sampled_from([None, "sector"])))
    return MapState(title="Actors", elements=elements, links=links, fields=fields, views=views, display=display,
                    map_type="systems_map")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state=maps_with_views())
def test_saved_views_and_the_display_come_back_from_a_kumu_export_as_they_went(state):
    again = read(export(state)).document.state()
    assert again.views == state.views
    assert again.display == state.display


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state=maps_with_views())
def test_without_the_tocmap_block_each_view_shows_what_it_showed_where_it_showed_it(state):
    written = export(state)
    del written["tocmap"]
    again = read(written).document.state()
    kept = list(again.views.values())[1:]
    assert [v.name for v in kept] == [v.name for v in state.views.values()]
    held = {tag for e in state.elements.values() for tag in e.tags}
    assert [v.tags for v in kept] == [v.tags if set(v.tags) <= held else [] for v in state.views.values()]
    assert [v.kinds for v in kept] == [v.kinds for v in state.views.values()]
    for view, back in zip(state.views.values(), kept, strict=True):
        where = {i: view.places.get(i) or (state.elements[i].x, state.elements[i].y) for i in in_view(state, view)}
        assert back.places == where or (not where and in_view(again, back) == list(again.elements))
    wanted = [state.fields[k].name if k else None for k in (state.display.size_by, state.display.colour_by)]
    assert [again.fields[k].name if k else None for k in (again.display.size_by, again.display.colour_by)] == wanted
