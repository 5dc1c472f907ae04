"""Saved views as map content: saved, renamed, removed, undone, restored, exported; what each one shows."""

import datetime as dt

import pytest

from tests.domain.factories import element, small_map
from tocmap.domain.changes import (
    ChangeRecord,
    RemoveElement,
    RemoveView,
    SaveView,
    apply_change,
    diff_states,
    find_conflicts,
    inverse,
    parse_change,
    summarize,
)
from tocmap.domain.document import MapDocument, read_document
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.model import VIEWS_MAX, Author, Partnership, SavedView
from tocmap.domain.views import in_view, remove_view, rename_view, save_view


def board_view(**fields) -> SavedView:
    return SavedView(**{"id": "v-board", "name": "For the board", "kinds": ["outcome", "impact"], "zoom": 0.7,
                        "centre": (120.0, -40.0), **fields})


def with_view(view=None):
    state, recorded = apply_change(small_map(), SaveView(view=view or board_view()))
    return state, recorded


def test_a_saved_view_is_kept_in_the_map_with_everything_it_names():
    state, recorded = with_view(board_view(search="data", focus="oc", agreement=True, status=True, tags=["x"]))
    kept = state.views["v-board"]
    assert (kept.search, kept.focus, kept.agreement, kept.status, kept.centre) == ("data", "oc", True, True,
                                                                                  (120.0, -40.0))
    assert recorded.before is None
    assert summarize(recorded) == "Saved the view “For the board”"


def test_renaming_a_view_records_the_old_one_and_undo_brings_it_back():
    state, _ = with_view()
    state, recorded = apply_change(state, rename_view(state, "v-board", "Board, March"))
    assert state.views["v-board"].name == "Board, March"
    assert state.views["v-board"].kinds == ["outcome", "impact"]  # only the name changed
    assert summarize(recorded) == "Renamed the view “For the board” to “Board, March”"
    state, _ = apply_change(state, inverse(recorded))
    assert state.views["v-board"].name == "For the board"


def test_removing_a_view_is_undone_with_the_view_as_it_was():
    state, _ = with_view()
    state, recorded = apply_change(state, remove_view(state, "v-board"))
    assert "v-board" not in state.views
    assert summarize(recorded) == "Removed the view “For the board”"
    state, _ = apply_change(state, inverse(recorded))
    assert state.views["v-board"] == board_view()


def test_undoing_a_new_view_removes_it():
    state, recorded = with_view()
    state, _ = apply_change(state, inverse(recorded))
    assert state.views == {}


def test_two_views_cannot_share_a_name_whatever_its_case():
    state, _ = with_view()
    with pytest.raises(InvalidInput, match="already a view named “For the board”"):
        apply_change(state, save_view({"name": "for the BOARD"}))


def test_a_missing_view_cannot_be_renamed_or_removed():
    with pytest.raises(NotFound, match="no saved view 'v-gone'"):
        rename_view(small_map(), "v-gone", "x")
    with pytest.raises(NotFound, match="no saved view 'v-gone'"):
        apply_change(small_map(), RemoveView(id="v-gone"))


def test_a_view_with_a_bad_zoom_or_kind_is_refused_in_words():
    with pytest.raises(InvalidInput, match="view zoom"):
        save_view({"name": "Far", "zoom": 40})
    with pytest.raises(InvalidInput, match="view kinds"):
        save_view({"name": "Odd", "kinds": ["planet"]})


def test_a_map_keeps_a_bounded_number_of_views():
    state = small_map().model_copy(update={"views": {f"v{i}": SavedView(id=f"v{i}", name=f"View {i}")
                                                     for i in range(VIEWS_MAX)}})
    with pytest.raises(InvalidInput, match=f"at most {VIEWS_MAX} saved views"):
        apply_change(state, save_view({"name": "One more"}))


def test_a_view_stays_when_the_element_it_focuses_on_is_removed():
    state, _ = with_view(board_view(focus="oc", kinds=[]))
    state, _ = apply_change(state, RemoveElement(id="oc"))
    assert state.views["v-board"].focus == "oc"
    assert in_view(state, state.views["v-board"]) == list(state.elements)  # the focus no longer narrows it


def test_restoring_an_older_revision_brings_its_views_back_even_when_names_swapped():
    old, _ = with_view()
    old, _ = apply_change(old, SaveView(view=SavedView(id="v-team", name="For the team")))
    new, _ = apply_change(old, rename_view(old, "v-board", "Swap"))
    new, _ = apply_change(new, rename_view(new, "v-team", "For the board"))
    new, _ = apply_change(new, rename_view(new, "v-board", "For the team"))
    back, _ = apply_change(new, diff_states(new, old))
    assert back.views == old.views


def test_a_view_travels_in_the_json_document():
    state, _ = with_view()
    document = MapDocument.of(state, Partnership(id="p", name="P"))
    again = read_document(document.model_dump_json())
    assert again.state().views == state.views


def test_the_change_is_read_from_json_like_any_other():
    change = parse_change({"op": "save_view", "view": {"id": "v1", "name": "Pathway", "focus": "oc"}})
    assert isinstance(change, SaveView) and change.view.focus == "oc"


def test_two_people_changing_the_same_view_clash_but_different_views_do_not():
    state, _ = with_view()
    renamed, by_ana = apply_change(state, rename_view(state, "v-board", "Ana's name"))
    record = ChangeRecord(revision=2, at=dt.datetime.now(dt.UTC), author=Author(name="Ana"), change=by_ana)
    mine = rename_view(state, "v-board", "My name")
    clashes = find_conflicts(mine, [record], renamed)
    assert clashes and clashes[0]["user"] == "Ana"
    other = save_view({"name": "Another"})
    assert find_conflicts(other, [record], renamed) == []


def test_a_view_shows_the_elements_that_pass_every_filter():
    state = small_map()
    state = state.model_copy(update={"elements": {**state.elements,
                                                  "oc2": element("oc2", "outcome", "Nurses use data", owner="moh",
                                                                 tags=["staff"])}})
    assert in_view(state, SavedView(id="v", name="Outcomes", kinds=["outcome"])) == ["oc", "oc2"]
    assert in_view(state, SavedView(id="v", name="Moh", owners=["moh"])) == ["oc2"]
    assert in_view(state, SavedView(id="v", name="Staff", tags=["staff"])) == ["oc2"]
    assert in_view(state, SavedView(id="v", name="Data", search="DATA")) == ["oc", "act", "oc2"]
    pathway = in_view(state, SavedView(id="v", name="Path", focus="out"))
    assert {"act", "out", "oc", "imp"} <= set(pathway) and "oc2" not in pathway
