"""Systems maps through the file formats: polarity, named loops, Kumu views and markup, parallel links."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocmap.adapters.exchange import ExportSource, ReadOptions, kumu
from tocmap.domain.checks import check
from tocmap.domain.document import MapDocument
from tocmap.domain.graph import sketch
from tocmap.domain.model import NamedLoop, Partnership

DATA = Path(__file__).parents[1] / "data"


def read_kumu(name: str = "kumu-debt-cycle.json"):
    return kumu.read((DATA / name).read_bytes(), ReadOptions(filename=name))


def source_of(state) -> ExportSource:
    return ExportSource(document=MapDocument.of(state, Partnership(id="ps", name="P")), map_id=7)


def test_kumu_connection_types_give_each_link_its_sign():
    links = {link.id: link.polarity for link in read_kumu().document.links}
    assert (links["c1"], links["c2"], links["c5"], links["c6"]) == ("+", "+", "-", "-")
    assert (links["c10"], links["c11"]) == ("-", "+")  # -+ is negative, -- positive


def test_loops_are_typed_by_their_signs_and_keep_their_kumu_names():
    state = read_kumu().document.state()
    assert state.map_type == "systems_map"
    loops = {loop.name: loop.kind for loop in check(state).loops.loops if loop.name}
    assert loops == {"Short-Term Debt Cycle": "reinforcing", "Debt burden": "balancing"}


def test_the_project_names_the_map_and_kumu_markup_is_cleaned():
    parsed = read_kumu()
    assert parsed.document.title == "Debt and growth in a small economy"
    assert "[[" not in parsed.document.description
    assert all("[[" not in e.description for e in parsed.document.elements)


def test_every_view_places_its_elements_and_the_note_names_the_views():
    parsed = read_kumu()
    assert all(e.x is not None for e in parsed.document.elements)
    assert any("2 Kumu views" in line and "Prices and jobs" in line for line in parsed.skipped)


def test_a_repeated_connection_is_kept_as_a_parallel_link():
    links = [(link.source, link.target) for link in read_kumu().document.links]
    assert links.count(("e-conf", "e-spend")) == 2


def test_a_kumu_export_reads_back_with_type_signs_names_and_parallel_links():
    state = read_kumu().document.state()
    again = kumu.read(kumu.export(source_of(state)), ReadOptions(filename="again.json")).document.state()
    assert again.map_type == state.map_type
    assert {i: lk.polarity for i, lk in again.links.items()} == {i: lk.polarity for i, lk in state.links.items()}
    assert again.loops == state.loops
    assert len(again.links) == len(state.links)


def test_without_its_tocmap_block_a_kumu_export_still_keeps_signs_and_loop_names():
    import json

    state = read_kumu().document.state()
    document = json.loads(kumu.export(source_of(state)))
    del document["tocmap"]
    again = kumu.read(json.dumps(document).encode(), ReadOptions(filename="kumu.json")).document.state()
    assert {i: lk.polarity for i, lk in again.links.items()} == {i: lk.polarity for i, lk in state.links.items()}
    assert {loop.name for loop in again.loops.values()} == {"Short-Term Debt Cycle", "Debt burden"}
    assert again.title == state.title


def test_long_loops_are_exported_and_a_cap_is_said_in_the_file(monkeypatch):
    ring = " -> ".join(f"n{i}" for i in range(9)) + " -> n0"
    state = sketch(ring, "n0 -> x -> n0", "n3 -> y -> n3")
    document = __import__("json").loads(kumu.export(source_of(state)))
    assert len(document["loops"]) == 3 and max(len(lp["connections"]) for lp in document["loops"]) == 9
    assert document["tocmap"]["loops_note"] == ""
    monkeypatch.setattr(kumu, "MAX_LOOPS", 2)
    capped = __import__("json").loads(kumu.export(source_of(state)))
    assert len(capped["loops"]) == 2
    assert "more exist" in capped["tocmap"]["loops_note"] and "more exist" in capped["maps"][0]["description"]


def test_a_named_loop_goes_out_under_its_name_and_id():
    state = sketch("a:actor ~> b:actor ~| a", title="Two")
    state = state.model_copy(update={"map_type": "systems_map", "loops": {
        "push": NamedLoop(id="push", name="Push back", links=["a-b", "b-a"])}})
    loops = __import__("json").loads(kumu.export(source_of(state)))["loops"]
    assert [(lp["_id"], lp["attributes"]["label"], lp["attributes"]["loop type"]) for lp in loops] == [
        ("push", "Push back", "balancing")]


@pytest.mark.parametrize("said, expected", [("+", "+"), ("-", "-"), ("++", "+"), ("--", "+"), ("+-", "-"),
                                            ("-+", "-"), ("positive", "+"), ("opposite", "-")])
def test_every_kumu_sign_is_read(said, expected):
    data = ('{"elements": [{"label": "A"}, {"label": "B"}], '
            f'"connections": [{{"from": "A", "to": "B", "type": "{said}"}}]}}').encode()
    assert kumu.read(data, ReadOptions()).document.links[0].polarity == expected


def test_a_csv_value_with_quotes_and_commas_stays_in_its_column():
    from tocmap.adapters.exchange import csvzip

    data = ('Label,Type,Description\r\nDebt,Outcome,"Kumu said ""grow"", and ""borrow"", then stopped"\r\n'
            'Growth,Outcome,plain\r\n').encode()
    elements = csvzip.read(data, ReadOptions(filename="elements.csv")).document.elements
    assert [e.description for e in elements] == ['Kumu said "grow", and "borrow", then stopped', "plain"]


def test_a_semicolon_csv_is_still_read_through_the_sniffer():
    from tocmap.adapters.exchange import csvzip

    data = "Label;Type\nDebt;Outcome\nGrowth;Actor\n".encode()
    elements = csvzip.read(data, ReadOptions(filename="elements.csv")).document.elements
    assert [(e.label, e.kind.value) for e in elements] == [("Debt", "outcome"), ("Growth", "actor")]


def test_kumu_signs_and_parallel_connections_in_a_spreadsheet(tmp_path):
    from tocmap.adapters.exchange import csvzip

    data = ("From,To,Type\r\nCredit,Spending,+\r\nDebt,Spending,+-\r\nConfidence,Spending,+\r\n"
            "Confidence,Spending,+\r\n").encode()
    parsed = csvzip.read(data, ReadOptions(filename="connections.csv"))
    links = [(lk.source, lk.target, lk.polarity) for lk in parsed.document.links]
    labels = {e.id: e.label for e in parsed.document.elements}
    named = [(labels[s], labels[t], p) for s, t, p in links]
    assert named.count(("Confidence", "Spending", "+")) == 2
    assert ("Debt", "Spending", "-") in named
    assert any("parallel link" in line for line in parsed.skipped)


def test_the_report_of_a_systems_map_presents_its_loops_named_first():
    import re

    from tocmap.adapters.exchange import report

    html = report.render(source_of(read_kumu().document.state()))
    section = html[html.index("<h3>Feedback loops</h3>"):]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))
    assert "A systems map: the rules of results chains are not applied" in text
    assert text.index("Short-Term Debt Cycle") < text.index("Unnamed")
    assert "Debt burden Balancing Credit → Debt → Spending → Income → Credit" in text


def _wide_map(count: int = 230):
    import random

    from tocmap.domain.model import Element, Link, MapState

    rng = random.Random(3)
    elements = {f"e{i}": Element(id=f"e{i}", kind="actor", label=f"Element {i} of a causal-loop map",
                                 x=(i % 20) * 260.0, y=(i // 20) * 160.0) for i in range(count)}
    links = {}
    for i in range(count):
        a, b = rng.sample(range(count), 2)
        links[f"l{i}"] = Link(id=f"l{i}", kind="influences", source=f"e{a}", target=f"e{b}",
                              polarity=rng.choice("+-"))
    return MapState(title="Wide", elements=elements, links=links, map_type="systems_map")


def test_a_big_map_gives_a_png_whose_smallest_text_is_at_least_ten_pixels():
    import struct

    from tocmap.adapters.exchange import picture

    source = source_of(_wide_map())
    png = picture.export_png(source)
    png_width = struct.unpack(">II", png[16:24])[0]
    svg = picture.render_svg(source.state, source.partnership, "Wide", "")
    svg_width = float(svg[:svg.index(">")].split('width="')[1].split('"')[0])
    assert svg_width > 4000  # wide enough that the old 2,400-pixel PNG shrank its labels below 8 px
    assert picture.SMALLEST_TEXT * png_width / svg_width >= 10


def test_arrows_of_a_systems_map_carry_their_sign():
    from tocmap.adapters.exchange import picture

    state = sketch("a:actor ~> b:actor ~| a", title="Signs")
    systems = picture.render_svg(state.model_copy(update={"map_type": "systems_map"}), Partnership(id="p", name="P"))
    chain = picture.render_svg(state, Partnership(id="p", name="P"))
    assert ">+</text>" in systems and ">−</text>" in systems
    assert ">+</text>" not in chain and ">−</text>" in chain
