"""Export and import services: formats, versions, names, imports into a map, and what is refused."""

from __future__ import annotations

import doctest
import importlib
import json

import pytest

from tocmap.adapters.exchange import EXPORTS, FORMATS, IMPORTS, guess_format
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.limits import Limits
from tocmap.domain.model import Author
from tocmap.services import exchange, foundations, history, maps, views
from tocmap.services.access import SYSTEM

MODULES = ["__init__", "building", "tables", "kumu", "iati", "picture", "report"]


@pytest.fixture
def example(db, ana) -> int:
    return maps.create_map(db, "Example", ana, template=maps.EXAMPLE)


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_the_exchange_docstrings_run(name):
    module = importlib.import_module(f"tocmap.adapters.exchange{'' if name == '__init__' else '.' + name}")
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0


def test_every_format_has_a_title_an_extension_and_a_media_type():
    assert set(EXPORTS) == {"png", "svg", "report", "xlsx", "csv", "iati", "kumu", "graphml", "gexf", "json"}
    assert set(IMPORTS) == {"xlsx", "csv", "iati", "kumu", "graphml", "gexf", "json"}
    for f in FORMATS.values():
        assert f.title and f.extension.startswith(".") and "/" in f.media_type


@pytest.mark.parametrize("fmt", EXPORTS)
def test_every_format_exports_a_named_file_of_its_type(db, example, fmt):
    data, filename, media_type = exchange.export_map(db, example, fmt, who=SYSTEM)
    assert data and filename.startswith("example-r1")
    assert media_type == FORMATS[fmt].media_type
    assert filename.endswith(FORMATS[fmt].extension if fmt != "report" else "-report.html")


def test_a_snapshot_exports_the_revision_it_names_and_says_so(db, example, ana):
    maps.add_snapshot(db, example, "Agreed in March", ana, note="Both partners signed.")
    maps.rename_map(db, example, "Renamed later", ana)
    exported = exchange.export_map(db, example, "json", snapshot="Agreed in March", who=SYSTEM)
    assert json.loads(exported.data)["title"] == "Example" and exported.revision == 1
    assert exported.filename == "example-agreed-in-march-r1.json"
    report = exchange.export_map(db, example, "report", snapshot="Agreed in March", who=SYSTEM).data.decode()
    assert "Agreed in March" in report and "Both partners signed." in report
    current = exchange.export_map(db, example, "report", who=SYSTEM).data.decode()
    assert "Renamed later" in current and "Revision 2" in current


def test_an_earlier_revision_exports_as_it_was(db, example, ana):
    maps.rename_map(db, example, "Second title", ana)
    first = exchange.export_map(db, example, "kumu", revision=1, who=SYSTEM)
    assert json.loads(first.data)["tocmap"]["title"] == "Example" and first.filename.endswith("-r1.kumu.json")


@pytest.mark.parametrize("kwargs, error, message", [
    ({"fmt": "pdf"}, InvalidInput, "cannot export 'pdf'"),
    ({"fmt": "json", "revision": 9}, NotFound, "no revision 9"),
    ({"fmt": "json", "snapshot": "never"}, NotFound, "no snapshot named"),
    ({"fmt": "xlsx", "with_history": True}, InvalidInput, "Only the tocmap JSON"),
])
def test_exports_that_cannot_be_made_say_why(db, example, kwargs, error, message):
    with pytest.raises(error, match=message):
        exchange.export_map(db, example, who=SYSTEM, **kwargs)


def test_someone_who_is_not_a_member_cannot_export(db, example):
    with pytest.raises(PermissionDenied):
        exchange.export_map(db, example, "json", who=Author(name="Stranger"))


@pytest.mark.parametrize("name, start, expected", [
    ("map.json", b'{"format": "tocmap.map/1"}', "json"),
    ("map.json", b'{"elements": [{"label": "A"}]}', "kumu"),
    ("export.kumu.json", b"{}", "kumu"),
    ("board.xlsx", b"PK\x03\x04", "xlsx"),
    ("tables.zip", b"PK\x03\x04", "csv"),
    ("elements.csv", b"Label,Type\n", "csv"),
    ("activity.xml", b'<?xml version="1.0"?>\n<iati-activities version="2.03">', "iati"),
    ("graph.xml", b"<graphml xmlns='http://graphml.graphdrawing.org/xmlns'>", "graphml"),
    ("net.gexf", b"<gexf>", "gexf"),
    (None, b"<?xml version='1.0'?><!-- c --><gexf version='1.2'>", "gexf"),
])
def test_the_format_is_guessed_from_the_name_and_the_first_bytes(name, start, expected):
    assert guess_format(name, start) == expected


def test_a_picture_or_a_report_is_not_importable():
    with pytest.raises(InvalidInput, match="picture or a report"):
        guess_format("map.png", b"\x89PNG")


def test_an_import_without_positions_is_arranged_by_level(db, ana):
    csv = b"Label,Type\nHealthier people,Impact\nStaff use data,Outcome\nTrain staff,Activity\n"
    links = exchange.import_file(db, csv, None, ana, filename="elements.csv")
    _, _, state = maps.get_map(db, links.map_id, who=SYSTEM)
    by_label = {e.label: e for e in state.elements.values()}
    assert all(e.x is not None for e in state.elements.values())
    assert by_label["Healthier people"].y < by_label["Staff use data"].y < by_label["Train staff"].y


def test_an_import_into_a_map_is_one_change_that_can_be_undone(db, example, ana):
    before = maps.get_map(db, example, who=SYSTEM)[2]
    data = exchange.export_map(db, example, "kumu", who=SYSTEM).data
    other = maps.create_map(db, "Other", ana, template="peer-partnership")
    result = exchange.import_file(db, data, "kumu", ana, into=other, filename="example.kumu.json")
    assert not result.created and result.map_id == other and result.revision == 2
    _, partnership, merged = maps.get_map(db, other, who=SYSTEM)
    assert merged.title == "Other"
    assert before.elements.keys() <= merged.elements.keys()
    assert {"moh", "iph"} <= partnership.partner_ids()
    entries = history.history(db, other, who=SYSTEM)
    assert entries[0].summary == "Imported example.kumu.json"
    history.undo(db, other, 2, ana)
    assert maps.get_map(db, other, who=SYSTEM)[2] == maps.get_map(db, other, revision=1, who=SYSTEM)[2]


def test_importing_the_same_file_twice_into_a_map_changes_nothing_the_second_time(db, example, ana):
    data = exchange.export_map(db, example, "xlsx", who=SYSTEM).data
    with pytest.raises(InvalidInput, match="already holds everything"):
        exchange.import_file(db, data, "xlsx", ana, into=example)
    assert maps.get_map(db, example, who=SYSTEM)[0].revision == 1


SYSTEMS_FILE = json.dumps({
    "project": {"name": "Debt"},
    "elements": [{"_id": "a", "attributes": {"label": "Credit", "weight": 2}},
                 {"_id": "b", "attributes": {"label": "Spending", "weight": 5}}],
    "connections": [{"_id": "c1", "from": "a", "to": "b", "attributes": {"connection type": "+"}},
                    {"_id": "c2", "from": "b", "to": "a", "attributes": {"connection type": "-"}}],
    "loops": [{"_id": "l1", "connections": ["c1", "c2"], "attributes": {"label": "Debt cycle"}}],
    "maps": [{"_id": "m1", "name": "Board", "elements": [{"_id": "p", "element": "a", "position": {"x": 0, "y": 0}}]}],
}).encode()


def test_an_import_into_a_map_keeps_its_type_loops_fields_and_views_and_brings_the_files(db, ana):
    target = exchange.import_file(db, SYSTEMS_FILE, "kumu", ana, filename="debt.json").map_id
    views.save_view(db, target, {"name": "Mine", "kinds": ["outcome"]}, ana)
    foundations.set_purpose(db, target, "Borrow only for what pays back", ana)
    blueprint = json.dumps({"elements": [{"label": "Jobs", "type": "Outcome", "sector": "Public"}],
                            "maps": [{"name": "Board", "elements": []}]}).encode()
    exchange.import_file(db, blueprint, "kumu", ana, into=target, filename="more.json")
    state = maps.get_map(db, target, who=SYSTEM)[2]
    assert state.map_type == "systems_map"
    assert [loop.name for loop in state.loops.values()] == ["Debt cycle"]
    assert sorted(f.name for f in state.fields.values()) == ["sector", "weight"]
    assert [v.name for v in state.views.values()] == ["Board", "Mine", "Board (2)"]
    assert state.purpose.text == "Borrow only for what pays back"
    with pytest.raises(InvalidInput, match="already holds everything"):  # its own file again: nothing new
        exchange.import_file(db, SYSTEMS_FILE, "kumu", ana, into=target)


def test_replace_removes_what_the_file_does_not_have(db, example, ana):
    csv = b"ID,Label,Type\nimpact-1,Fewer deaths,Impact\n"
    result = exchange.import_file(db, csv, "csv", ana, into=example, replace=True, filename="one.csv")
    state = maps.get_map(db, example, who=SYSTEM)[2]
    assert list(state.elements) == ["impact-1"] and state.elements["impact-1"].label == "Fewer deaths"
    assert state.elements["impact-1"].x == 840  # the file has no position: the map's is kept
    assert result.revision == 2


def test_a_map_member_who_may_not_edit_cannot_import_into_it(db, example):
    data = b"Label,Type\nNew outcome,Outcome\n"
    with pytest.raises(PermissionDenied):
        exchange.import_file(db, data, "csv", Author(name="Stranger"), into=example)
    assert maps.get_map(db, example, who=SYSTEM)[0].revision == 1


def test_a_file_too_large_or_empty_is_refused_before_it_is_read(db, ana, monkeypatch):
    monkeypatch.setattr(db, "limits", Limits(upload_bytes=10))
    with pytest.raises(InvalidInput, match="files of up to 10 bytes"):
        exchange.import_file(db, b"Label\n" + b"x" * 20, "csv", ana)
    with pytest.raises(InvalidInput, match="is empty"):
        exchange.import_file(db, b"", "csv", ana, filename="nothing.csv")
    assert maps.list_maps(db, who=SYSTEM) == []


def test_too_many_elements_are_refused(db, ana):
    rows = "\n".join(f"Element {n},Outcome" for n in range(20_001))
    with pytest.raises(InvalidInput, match="at most 20,000"):
        exchange.import_file(db, f"Label,Type\n{rows}\n".encode(), "csv", ana)
    assert maps.list_maps(db, who=SYSTEM) == []
