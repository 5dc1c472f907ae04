"""Map services: templates, import and export, snapshots, the example."""

import pytest

from tocmap.domain.changes import UpdateElement
from tocmap.domain.document import MapDocument
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.services import history, maps
from tocmap.services.access import SYSTEM


def comparable(document: MapDocument) -> dict:
    return document.model_dump(exclude={"exported_at"})


def test_every_template_creates_a_map_with_its_content(db, ana):
    for template in maps.list_templates():
        map_id = maps.create_map(db, f"From {template.name}", ana, template=template.name)
        info, partnership, state = maps.get_map(db, map_id, who=SYSTEM)
        assert state.title == f"From {template.name}"
        assert len(state.elements) == template.elements == info.element_count
        assert partnership.partners


def test_an_unknown_template_is_named_in_the_error(db, ana):
    with pytest.raises(NotFound, match="no template named 'nope'"):
        maps.create_map(db, "x", ana, template="nope")
    with pytest.raises(NotFound):
        maps.create_map(db, "x", ana, template="../etc/passwd")
    assert maps.list_maps(db, who=SYSTEM) == []


def test_a_map_needs_a_title(db, ana):
    with pytest.raises(InvalidInput, match="title"):
        maps.create_map(db, "   ", ana)
    assert maps.list_maps(db, who=SYSTEM) == []


def test_export_then_import_gives_an_equal_map(db, ana):
    map_id = maps.create_map(db, "Round trip", ana, template=maps.EXAMPLE)
    maps.add_snapshot(db, map_id, "Agreed in March", ana)
    exported = maps.export_document(db, map_id, who=SYSTEM)
    imported = maps.import_document(db, exported, ana)
    again = maps.export_document(db, imported.map_id, who=SYSTEM)
    assert comparable(again) == comparable(exported)
    assert imported.skipped == []


def test_export_with_history_brings_the_whole_history_along(db, ana, ben):
    map_id = maps.create_map(db, "With history", ana, template="blank-theory-of-change")
    element_id = next(iter(maps.get_map(db, map_id, who=SYSTEM)[2].elements))
    history.apply(db, map_id, UpdateElement(id=element_id, set={"label": "Sharper"}), ben)
    maps.add_snapshot(db, map_id, "First draft", ana, revision=1)
    exported = maps.export_document(db, map_id, with_history=True, who=SYSTEM)
    imported = maps.import_document(db, exported, ana)
    again = maps.export_document(db, imported.map_id, with_history=True, who=SYSTEM)
    assert comparable(again) == comparable(exported)
    assert [e.author.name for e in history.history(db, imported.map_id, who=SYSTEM)] == ["Ben", "Ana"]


def test_an_old_revision_can_be_exported(db, ana):
    map_id = maps.create_map(db, "Old", ana, template="blank-theory-of-change")
    element_id = next(iter(maps.get_map(db, map_id, who=SYSTEM)[2].elements))
    history.apply(db, map_id, UpdateElement(id=element_id, set={"label": "Later"}), ana)
    assert maps.export_document(db, map_id, revision=1, who=SYSTEM).elements[0].label != "Later"


def test_a_history_that_does_not_lead_to_the_content_is_refused(db, ana):
    map_id = maps.create_map(db, "Tampered", ana, template="blank-theory-of-change")
    exported = maps.export_document(db, map_id, with_history=True, who=SYSTEM)
    tampered = exported.model_copy(update={"title": "Edited by hand"})
    with pytest.raises(InvalidInput, match="history does not lead"):
        maps.import_document(db, tampered, ana)
    assert len(maps.list_maps(db, who=SYSTEM)) == 1


def test_snapshots_have_unique_names_and_existing_revisions(db, ana):
    map_id = maps.create_map(db, "Snaps", ana)
    maps.add_snapshot(db, map_id, "Agreed", ana)
    with pytest.raises(InvalidInput, match="already has a snapshot"):
        maps.add_snapshot(db, map_id, "Agreed", ana)
    with pytest.raises(NotFound):
        maps.add_snapshot(db, map_id, "Future", ana, revision=9)
    assert [s.name for s in maps.snapshots(db, map_id, who=SYSTEM)] == ["Agreed"]
    assert maps.find_snapshot(db, map_id, "Agreed", who=SYSTEM).revision == 1


def test_the_example_is_loaded_only_into_an_empty_database(db, ana):
    first = maps.ensure_example(db)
    assert first is not None and maps.ensure_example(db) is None
    assert maps.list_maps(db, who=SYSTEM)[0].element_count >= 25


def test_renaming_is_a_change_in_the_history(db, ana):
    map_id = maps.create_map(db, "Old name", ana)
    maps.rename_map(db, map_id, "New name", ana)
    assert maps.list_maps(db, who=SYSTEM)[0].title == "New name"
    assert history.history(db, map_id, who=SYSTEM)[0].summary == "Changed the map's title"
    with pytest.raises(InvalidInput):
        maps.rename_map(db, map_id, "", ana)


def test_a_duplicate_copies_content_and_partnership_but_not_history(db, ana):
    source = maps.create_map(db, "Source", ana, template=maps.EXAMPLE)
    copy = maps.duplicate_map(db, source, "Copy", ana)
    _, partnership_a, state_a = maps.get_map(db, source, who=SYSTEM)
    info_b, partnership_b, state_b = maps.get_map(db, copy, who=SYSTEM)
    assert state_b.elements == state_a.elements and state_b.title == "Copy"
    assert partnership_b == partnership_a and info_b.revision == 1


def test_archived_maps_leave_the_list_and_can_come_back(db, ana):
    map_id = maps.create_map(db, "Old", ana)
    maps.archive_map(db, map_id, ana)
    assert maps.list_maps(db, who=SYSTEM) == [] and maps.list_maps(db, include_archived=True, who=SYSTEM)[0].archived
    with pytest.raises(InvalidInput, match="already archived"):
        maps.archive_map(db, map_id, ana)
    maps.archive_map(db, map_id, ana, archived=False)
    assert maps.list_maps(db, who=SYSTEM)[0].id == map_id
    lines = [(r.summary, r.author.name) for r in history.history(db, map_id, limit=2, who=SYSTEM)]
    assert lines == [("Brought the map back from the archive", ana.name), ("Archived the map", ana.name)]
    with pytest.raises(NotFound):
        maps.archive_map(db, 999, ana)


def test_renaming_to_the_same_title_records_nothing(db, ana):
    map_id = maps.create_map(db, "Same", ana)
    assert maps.rename_map(db, map_id, " Same ", ana) == 1
    assert len(history.history(db, map_id, who=SYSTEM)) == 1
