"""Size limits in the services: every edit, import and restore obeys the map's and the import's limits."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from tests.domain.factories import element
from tocmap.adapters.exchange import building
from tocmap.domain.changes import AddElement, AddLink, Batch, RemoveElement
from tocmap.domain.errors import InvalidInput
from tocmap.domain.limits import Limits
from tocmap.domain.model import Link
from tocmap.services import exchange, history, maps
from tocmap.services.access import SYSTEM
from tocmap.settings import load_settings


@pytest.fixture
def map_id(db, ana):
    return maps.create_map(db, "Data use", ana)


def revision(db, map_id) -> int:
    return maps.get_map(db, map_id, who=SYSTEM)[0].revision


def test_a_map_cannot_grow_past_its_element_limit_and_nothing_is_written(db, map_id, ana, monkeypatch):
    monkeypatch.setattr(db, "limits", Limits(elements=2))
    history.apply(db, map_id, Batch(ops=[AddElement(element=element(i)) for i in "ab"]), ana)
    before = revision(db, map_id)
    with pytest.raises(InvalidInput, match="A map may hold at most 2 elements; this change would leave it with 3"):
        history.apply(db, map_id, AddElement(element=element("c")), ana)
    assert revision(db, map_id) == before


def test_a_map_cannot_grow_past_its_link_limit(db, map_id, ana, monkeypatch):
    monkeypatch.setattr(db, "limits", Limits(links=1))
    history.apply(db, map_id, Batch(ops=[AddElement(element=element(i)) for i in "abc"]), ana)
    history.apply(db, map_id, AddLink(link=Link(id="l1", source="a", target="b")), ana)
    with pytest.raises(InvalidInput, match="at most 1 links"):
        history.apply(db, map_id, AddLink(link=Link(id="l2", source="b", target="c")), ana)


def test_a_map_already_past_a_lowered_limit_may_still_shrink(db, map_id, ana, monkeypatch):
    history.apply(db, map_id, Batch(ops=[AddElement(element=element(i)) for i in "abc"]), ana)
    monkeypatch.setattr(db, "limits", Limits(elements=1))
    history.apply(db, map_id, RemoveElement(id="a"), ana)
    with pytest.raises(InvalidInput, match="at most 1 elements"):
        history.apply(db, map_id, AddElement(element=element("d")), ana)


def test_a_restore_obeys_the_limit_too(db, map_id, ana, monkeypatch):
    history.apply(db, map_id, Batch(ops=[AddElement(element=element(i)) for i in "abc"]), ana)
    history.apply(db, map_id, Batch(ops=[RemoveElement(id=i) for i in "abc"]), ana)
    monkeypatch.setattr(db, "limits", Limits(elements=2))
    with pytest.raises(InvalidInput, match="at most 2 elements"):
        history.restore(db, map_id, 2, ana)


def kumu(count: int, connections: int = 0) -> bytes:
    return json.dumps({"elements": [{"label": f"E{i}", "element type": "Outcome"} for i in range(count)],
                       "connections": [{"from": "E0", "to": "E1"}] * connections}).encode()


def test_an_import_with_more_elements_than_allowed_is_refused_before_anything_is_built(db, ana, monkeypatch):
    monkeypatch.setattr(db, "limits", Limits(import_elements=5))
    built = []
    monkeypatch.setattr(nx, "MultiDiGraph", lambda *a, **k: built.append(1))
    with pytest.raises(InvalidInput, match="The file has 6 elements; one import may bring at most 5"):
        exchange.import_file(db, kumu(6), "kumu", ana)
    assert built == [] and maps.list_maps(db, who=SYSTEM) == []


def test_an_import_with_more_links_than_allowed_is_refused(db, ana, monkeypatch):
    monkeypatch.setattr(db, "limits", Limits(import_links=3))
    with pytest.raises(InvalidInput, match="The file has 4 links"):
        exchange.import_file(db, kumu(2, connections=4), "kumu", ana)


def test_graph_files_are_counted_before_networkx_reads_them(db, ana, monkeypatch):
    monkeypatch.setattr(db, "limits", Limits(import_elements=2))
    monkeypatch.setattr(nx, "read_graphml", lambda *a, **k: pytest.fail("the graph was built"))
    monkeypatch.setattr(nx, "read_gexf", lambda *a, **k: pytest.fail("the graph was built"))
    graphml = (b"<graphml xmlns='http://graphml.graphdrawing.org/xmlns'><graph edgedefault='directed'>"
               + b"".join(b"<node id='n%d'/>" % i for i in range(3)) + b"</graph></graphml>")
    gexf = (b"<gexf xmlns='http://www.gexf.net/1.2draft' version='1.2'><graph><nodes>"
            + b"".join(b"<node id='n%d' label='N'/>" % i for i in range(3)) + b"</nodes></graph></gexf>")
    for data, fmt in ((graphml, "graphml"), (gexf, "gexf")):
        with pytest.raises(InvalidInput, match="The file has 3 elements"):
            exchange.import_file(db, data, fmt, ana)


def test_a_tocmap_json_file_is_counted_before_its_document_is_validated(db, ana, monkeypatch):
    document = maps.export_document(db, maps.create_map(db, "Big", ana, template=maps.EXAMPLE), who=SYSTEM)
    data = document.model_dump_json().encode()
    monkeypatch.setattr(db, "limits", Limits(import_elements=len(document.elements) - 1))
    with pytest.raises(InvalidInput, match=f"The file has {len(document.elements)} elements"):
        exchange.import_file(db, data, "json", ana)


def test_an_import_into_a_map_obeys_the_map_limit(db, map_id, ana, monkeypatch):
    history.apply(db, map_id, Batch(ops=[AddElement(element=element(i)) for i in "ab"]), ana)
    monkeypatch.setattr(db, "limits", Limits(elements=3))
    before = revision(db, map_id)
    with pytest.raises(InvalidInput, match="at most 3"):
        exchange.import_file(db, kumu(2), "kumu", ana, into=map_id)
    assert revision(db, map_id) == before


def test_the_limits_outside_an_import_are_the_defaults():
    with building.importing_within(Limits(import_elements=1)), pytest.raises(InvalidInput):
        building.check_size(2)
    building.check_size(2)  # the defaults again


def test_limits_come_from_the_settings(monkeypatch):
    monkeypatch.setenv("TOCMAP_MAX_ELEMENTS", "500")
    monkeypatch.setenv("TOCMAP_MAX_JSON_DEPTH", "8")
    limits = load_settings().limits
    assert (limits.elements, limits.links, limits.json_depth, limits.upload_bytes) == (500, 50_000, 8, 20 * 2**20)
    monkeypatch.setenv("TOCMAP_MAX_LINKS", "0")
    with pytest.raises(InvalidInput, match="TOCMAP_MAX_LINKS must be at least 1"):
        load_settings()
    monkeypatch.setenv("TOCMAP_MAX_LINKS", "many")
    with pytest.raises(InvalidInput, match="TOCMAP_MAX_LINKS must be a whole number"):
        load_settings()


@pytest.mark.parametrize("fmt", ["kumu", "json", None])
def test_a_file_nested_deeper_than_the_parser_goes_is_refused_in_words(db, ana, fmt):
    with pytest.raises(InvalidInput, match="is not valid JSON \\(its arrays and objects nest too deeply\\)"):
        exchange.import_file(db, b'{"elements": ' + b"[" * 200_000, fmt, ana, filename="deep.json")
    assert maps.list_maps(db, who=SYSTEM) == []
