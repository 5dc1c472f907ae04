"""Filtering by the map's own fields, and the map setting that sizes and colours elements by them."""

from __future__ import annotations

import datetime as dt

import pytest

from tocmap.domain.changes import UpdateMap, apply_change, diff_states, inverse
from tocmap.domain.errors import InvalidInput
from tocmap.domain.fields import FieldFilter, matching
from tocmap.domain.graph import sketch
from tocmap.domain.model import FieldDefinition, FieldDisplay, MapState

FIELDS = {
    "budget": FieldDefinition(id="budget", name="Budget", type="number"),
    "priority": FieldDefinition(id="priority", name="Priority", type="choice", choices=["High", "Low"],
                                applies_to="both"),
    "note": FieldDefinition(id="note", name="Note", type="text"),
    "start": FieldDefinition(id="start", name="Start", type="date"),
}


def valued_map() -> MapState:
    """a -> b -> c with values: a is big, high and starts early; b small and low; c has none."""
    state = sketch("a:intervention -> b:output -> c:outcome")
    state.fields.update(FIELDS)
    values = {"a": {"budget": 5000.0, "priority": "High", "note": "Field visits in Lumora", "start": "2025-01-15"},
              "b": {"budget": 200.0, "priority": "Low", "note": "Training", "start": "2025-06-01"}}
    for element_id, custom in values.items():
        state.elements[element_id] = state.elements[element_id].model_copy(update={"custom": custom})
    link = next(iter(state.links.values()))
    state.links[link.id] = link.model_copy(update={"custom": {"priority": "High"}})
    return MapState.model_validate(state.model_dump())


def test_a_choice_filter_keeps_the_elements_and_links_holding_one_of_its_options():
    state = valued_map()
    link = next(iter(state.links))
    assert matching(state, FieldFilter(field="priority", values=["High"])) == {"a", link}
    assert matching(state, FieldFilter(field="priority", values=["High", "Low"])) == {"a", "b", link}


def test_a_number_filter_takes_a_range_open_at_either_end():
    state = valued_map()
    assert matching(state, FieldFilter(field="budget", low=1000)) == {"a"}
    assert matching(state, FieldFilter(field="budget", high=1000)) == {"b"}
    assert matching(state, FieldFilter(field="budget", low=200, high=5000)) == {"a", "b"}


def test_a_text_filter_finds_what_a_value_contains_whatever_the_case():
    assert matching(valued_map(), FieldFilter(field="note", contains="lumora")) == {"a"}


def test_a_date_filter_takes_a_range_of_dates():
    state = valued_map()
    assert matching(state, FieldFilter(field="start", low=dt.date(2025, 3, 1))) == {"b"}
    assert matching(state, FieldFilter(field="start", high="2025-03-01")) == {"a"}


def test_an_element_without_a_value_never_matches_but_an_open_filter_keeps_every_valued_one():
    state = valued_map()
    assert "c" not in matching(state, FieldFilter(field="budget"))
    assert matching(state, FieldFilter(field="budget")) == {"a", "b"}


@pytest.mark.parametrize("wanted, words", [
    (FieldFilter(field="colour"), "no field 'colour'"),
    (FieldFilter(field="budget", contains="5"), "'Budget' is a number field"),
    (FieldFilter(field="start", low=3), "'Start' is a date field"),
    (FieldFilter(field="priority", low=3), "'Priority' is a choice field"),
    (FieldFilter(field="priority", values=["Medium"]), "no option 'Medium'"),
    (FieldFilter(field="note", values=["x"]), "'Note' is a text field"),
])
def test_a_filter_that_does_not_fit_its_field_is_refused_in_words(wanted, words):
    with pytest.raises(InvalidInput, match=words):
        matching(valued_map(), wanted)


def test_a_range_upside_down_is_refused():
    with pytest.raises(ValueError, match="lower end"):
        FieldFilter(field="budget", low=10, high=2)


def test_the_map_is_sized_and_coloured_by_its_fields_through_a_change_undone_like_any_other():
    state = valued_map()
    change = UpdateMap(set={"display": {"size_by": "budget", "colour_by": "priority"}})
    after, recorded = apply_change(state, change)
    assert after.display == FieldDisplay(size_by="budget", colour_by="priority")
    assert recorded.before == {"display": {"size_by": None, "colour_by": None}}
    undone, _ = apply_change(after, inverse(recorded))
    assert undone.display == FieldDisplay()


@pytest.mark.parametrize("display, words", [
    ({"size_by": "priority"}, "sized by a number field only"),
    ({"colour_by": "budget"}, "coloured by a choice field only"),
    ({"colour_by": "gone"}, "no field 'gone'"),
])
def test_sizing_by_anything_but_a_number_or_colouring_by_anything_but_a_choice_is_refused(display, words):
    with pytest.raises(InvalidInput, match=words):
        apply_change(valued_map(), UpdateMap(set={"display": display}))


def test_a_field_the_map_is_shown_by_cannot_be_dropped_alone_but_with_the_setting_it_can():
    fields = {i: f.model_dump(mode="json") for i, f in FIELDS.items()}
    tier = {"id": "tier", "name": "Tier", "type": "choice", "choices": ["1", "2"]}
    state, _ = apply_change(valued_map(), UpdateMap(set={"fields": {**fields, "tier": tier},
                                                         "display": {"colour_by": "tier"}}))
    with pytest.raises(InvalidInput, match="no field 'tier'"):
        apply_change(state, UpdateMap(set={"fields": fields}))
    after, _ = apply_change(state, UpdateMap(set={"fields": fields, "display": {}}))
    assert "tier" not in after.fields and after.display == FieldDisplay()


def test_a_restored_revision_brings_back_how_the_map_was_shown():
    state = valued_map()
    shown, _ = apply_change(state, UpdateMap(set={"display": {"size_by": "budget"}}))
    back, _ = apply_change(shown, diff_states(shown, state))
    assert back.display == FieldDisplay()
    again, _ = apply_change(back, diff_states(back, shown))
    assert again.display.size_by == "budget"
