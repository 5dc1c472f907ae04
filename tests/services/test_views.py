"""Saved views through the services: shared with readers, changed by editors, kept in the history."""

from __future__ import annotations

import pytest

from tocmap.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tocmap.services import history, maps, views


def test_an_editor_saves_a_view_every_reader_of_the_map_sees(db, team):
    map_id, people = team
    applied = views.save_view(db, map_id, {"name": "Outcomes only", "kinds": ["outcome"], "zoom": 0.9,
                                           "centre": [10, 20]}, people["ana"])
    assert applied.record.summary == "Saved the view “Outcomes only”"
    assert applied.record.author.name == "Ana"
    seen = views.saved_views(db, map_id, people["vic"])
    assert [(v.name, v.kinds, v.zoom, v.centre) for v in seen] == [("Outcomes only", ["outcome"], 0.9, (10.0, 20.0))]


def test_a_viewer_or_an_outsider_cannot_save_rename_or_remove_a_view(db, team):
    map_id, people = team
    view_id = views.save_view(db, map_id, {"name": "Board"}, people["ana"]).record.change.view.id
    with pytest.raises(PermissionDenied):
        views.save_view(db, map_id, {"name": "Mine"}, people["vic"])
    with pytest.raises(PermissionDenied):
        views.rename_view(db, map_id, view_id, "Renamed", people["vic"])
    with pytest.raises(PermissionDenied):
        views.remove_view(db, map_id, view_id, people["vic"])
    with pytest.raises(PermissionDenied):
        views.saved_views(db, map_id, people["out"])
    assert [v.name for v in views.saved_views(db, map_id, people["ana"])] == ["Board"]


def test_a_view_is_renamed_removed_and_brought_back_by_undo(db, team):
    map_id, people = team
    view_id = views.save_view(db, map_id, {"name": "Board", "tags": ["health"]}, people["ana"]).record.change.view.id
    views.rename_view(db, map_id, view_id, "Board, March", people["ben"])
    assert [(v.name, v.tags) for v in views.saved_views(db, map_id, people["vic"])] == [("Board, March", ["health"])]
    removed = views.remove_view(db, map_id, view_id, people["ana"])
    assert removed.record.summary == "Removed the view “Board, March”"
    assert views.saved_views(db, map_id, people["vic"]) == []
    history.undo(db, map_id, removed.revision, people["ana"])
    assert [v.name for v in views.saved_views(db, map_id, people["vic"])] == ["Board, March"]


def test_renaming_a_view_someone_renamed_since_is_a_conflict(db, team):
    map_id, people = team
    applied = views.save_view(db, map_id, {"name": "Board"}, people["ana"])
    view_id, seen = applied.record.change.view.id, applied.revision
    views.rename_view(db, map_id, view_id, "Ben's name", people["ben"], base_revision=seen)
    with pytest.raises(Conflict, match="Ben"):
        views.rename_view(db, map_id, view_id, "Ana's name", people["ana"], base_revision=seen)


def test_bad_views_are_refused_in_words_and_nothing_is_written(db, team):
    map_id, people = team
    revision = maps.get_map(db, map_id, who=people["ana"])[0].revision
    with pytest.raises(InvalidInput, match="view name"):
        views.save_view(db, map_id, {"name": "  "}, people["ana"])
    with pytest.raises(NotFound, match="no saved view 'vw-nothing'"):
        views.remove_view(db, map_id, "vw-nothing", people["ana"])
    assert maps.get_map(db, map_id, who=people["ana"])[0].revision == revision


def test_a_presentation_steps_through_the_views_with_what_each_shows(db, team):
    map_id, people = team
    state = maps.get_map(db, map_id, who=people["vic"])[2]
    impacts = [e.id for e in state.elements.values() if e.kind == "impact"]
    first = views.save_view(db, map_id, {"name": "Impact", "kinds": ["impact"], "zoom": 1.2, "centre": [0, 0]},
                            people["ana"]).record.change.view.id
    second = views.save_view(db, map_id, {"name": "Everything"}, people["ana"]).record.change.view.id
    steps = views.view_steps(db, map_id, people["vic"], [second, first])
    assert [s["name"] for s in steps] == ["Everything", "Impact"]
    assert steps[1]["shown"] == impacts and steps[1]["zoom"] == 1.2 and steps[1]["centre"] == [0.0, 0.0]
    assert len(steps[0]["shown"]) == len(state.elements)


def test_a_view_that_places_elements_presents_those_only_where_it_places_them(db, team):
    map_id, people = team
    state = maps.get_map(db, map_id, who=people["vic"])[2]
    first, second = list(state.elements)[:2]
    views.save_view(db, map_id, {"name": "Two of them", "places": {first: [-40, 300], second: [40, 300],
                                                                   "gone-since": [0, 0]}}, people["ana"])
    step = views.view_steps(db, map_id, people["vic"])[0]
    assert sorted(step["shown"]) == sorted([first, second])
    assert step["places"] == {first: [-40.0, 300.0], second: [40.0, 300.0]}
    assert (state.elements[first].x, state.elements[first].y) == \
        tuple(maps.get_map(db, map_id, who=people["vic"])[2].elements[first].model_dump(include={"x", "y"}).values())


def test_saved_views_are_in_the_map_export(db, team):
    map_id, people = team
    views.save_view(db, map_id, {"name": "For the funder", "agreement": True}, people["ana"])
    document = maps.export_document(db, map_id, who=people["vic"])
    assert [(v.name, v.agreement) for v in document.views] == [("For the funder", True)]
