"""Imports are all or nothing: a connection to an element the file lacks is refused naming its row.

Only a file that lists no elements at all (Kumu's connections-only sheets) gets the elements its
connections name, and the import's note says so, with how many.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.integration.test_exchange_broken import refused
from tocmap.adapters.exchange.building import NAMED_BY_LINKS
from tocmap.services import exchange, maps
from tocmap.services.access import SYSTEM


@pytest.fixture
def example(db, ana) -> int:
    return maps.create_map(db, "Example", ana, template=maps.EXAMPLE)


def kumu(elements: list[str], connections: list[tuple[str, str]]) -> bytes:
    return json.dumps({"elements": [{"label": e, "element type": "Outcome"} for e in elements],
                       "connections": [{"from": a, "to": b} for a, b in connections]}).encode()


def csv_zip(elements: str, links: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("elements.csv", elements)
        archive.writestr("links.csv", links)
    return out.getvalue()


GRAPHML = (b"<graphml xmlns='http://graphml.graphdrawing.org/xmlns'><graph edgedefault='directed'>"
           b"<node id='a'/><node id='b'/><edge id='e1' source='a' target='b'/>"
           b"<edge id='e2' source='b' target='ghost'/></graph></graphml>")
GEXF = (b"<gexf xmlns='http://www.gexf.net/1.2draft' version='1.2'><graph defaultedgetype='directed'>"
        b"<nodes><node id='a' label='A'/><node id='b' label='B'/></nodes>"
        b"<edges><edge id='0' source='a' target='b'/><edge id='1' source='ghost' target='a'/></edges></graph></gexf>")


def test_a_kumu_connection_to_a_missing_element_is_refused_naming_the_connection(db, ana):
    data = kumu(["Credit", "Spending"], [("Credit", "Spending"), ("Spending", "Ghost income")])
    message = refused(db, data, "kumu", ana, "connection 2")
    assert "“to” names “Ghost income”, which is not an element of the file" in message


def test_a_table_link_to_a_missing_element_is_refused_naming_its_row(db, ana):
    data = csv_zip("Label,Type\nCredit,Outcome\nSpending,Outcome\n", "From,To\nCredit,Spending\nSpending,Ghost\n")
    message = refused(db, data, "csv", ana, "row 3")
    assert "there is no element 'Ghost' on the Elements sheet" in message


@pytest.mark.parametrize("data, fmt, where", [(GRAPHML, "graphml", "edge 2 (“e2”)"), (GEXF, "gexf", "edge 2 (“1”)")])
def test_a_graph_edge_to_a_node_the_file_lacks_is_refused_naming_the_edge(db, ana, data, fmt, where):
    message = refused(db, data, fmt, ana, where)
    assert "“ghost” is not a node of the file" in message


def test_a_refused_import_into_a_map_leaves_it_as_it_was(db, ana, example):
    data = kumu(["Credit", "Spending"], [("Credit", "Nowhere")])
    refused(db, data, "kumu", ana, "connection 1", into=example)


@pytest.mark.parametrize("fmt, data", [
    ("kumu", kumu([], [("Credit", "Spending"), ("Spending", "Income"), ("Income", "Credit")])),
    ("csv", b"From,To\nCredit,Spending\nSpending,Income\nIncome,Credit\n"),
])
def test_a_file_of_connections_only_brings_their_elements_and_the_note_says_so(db, ana, fmt, data):
    result = exchange.import_file(db, data, fmt, ana, filename=f"connections.{'json' if fmt == 'kumu' else 'csv'}")
    state = maps.get_map(db, result.map_id, who=SYSTEM)[2]
    assert sorted(e.label for e in state.elements.values()) == ["Credit", "Income", "Spending"]
    assert len(state.links) == 3 and result.elements == 3
    note = next(line for line in result.skipped if line.startswith(NAMED_BY_LINKS))
    assert "(3 times)" in note
