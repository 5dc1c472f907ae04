"""The map's own fields through the services: defined, valued, removed, filtered and shown, in the history."""

from __future__ import annotations

import pytest

from tests.services.conftest import make_team
from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.domain.fields import FieldFilter
from tocmap.services import fields, history, maps


def example(db, ana) -> tuple[int, list[str]]:
    """The worked example, with two of its element ids."""
    map_id = maps.ensure_example(db) or 1
    state = maps.get_map(db, map_id, who=ana)[2]
    return map_id, sorted(state.elements)[:2]


def test_a_field_is_defined_given_values_and_the_map_filtered_by_them(real_db, ana):
    map_id, (first, second) = example(real_db, ana)
    defined = fields.define_field(real_db, map_id, ana, "Budget (EUR)", "number")
    assert defined.state.fields["budget_eur"].name == "Budget (EUR)"
    fields.set_values(real_db, map_id, "element", first, {"budget_eur": "12,500"}, ana)
    fields.set_values(real_db, map_id, "element", second, {"budget_eur": "300"}, ana)
    state = maps.get_map(real_db, map_id, who=ana)[2]
    assert state.elements[first].custom == {"budget_eur": 12500.0}
    assert fields.filtered(real_db, map_id, FieldFilter(field="budget_eur", low=1000), ana) == {first}


def test_a_value_that_does_not_fit_is_refused_in_words_and_an_empty_one_takes_the_value_off(db, ana):
    map_id, (first, _second) = example(db, ana)
    fields.define_field(db, map_id, ana, "Priority", "choice", choices=["High", "Low", "High"])
    assert maps.get_map(db, map_id, who=ana)[2].fields["priority"].choices == ["High", "Low"]
    with pytest.raises(InvalidInput, match="'Priority' takes one of High, Low"):
        fields.set_values(db, map_id, "element", first, {"priority": "Urgent"}, ana)
    fields.set_values(db, map_id, "element", first, {"priority": "High"}, ana)
    assert fields.set_values(db, map_id, "element", first, {"priority": "High"}, ana) is None  # nothing changed
    cleared = fields.set_values(db, map_id, "element", first, {"priority": ""}, ana)
    assert cleared.state.elements[first].custom == {}


def test_a_choice_field_needs_options_and_two_fields_cannot_share_a_name(db, ana):
    map_id, _ids = example(db, ana)
    with pytest.raises(InvalidInput, match="needs its options"):
        fields.define_field(db, map_id, ana, "Priority", "choice")
    fields.define_field(db, map_id, ana, "Priority", "text")
    with pytest.raises(InvalidInput, match="already has a field named 'Priority'"):
        fields.define_field(db, map_id, ana, "priority", "number")
    with pytest.raises(InvalidInput, match="The field"):
        fields.define_field(db, map_id, ana, "", "text")


def test_a_field_in_use_is_removed_with_its_values_and_the_setting_that_showed_it_and_undo_brings_all_back(db, ana):
    map_id, (first, _second) = example(db, ana)
    fields.define_field(db, map_id, ana, "Priority", "choice", choices=["High", "Low"])
    fields.set_values(db, map_id, "element", first, {"priority": "Low"}, ana)
    fields.show_by(db, map_id, ana, colour_by="priority")
    removed = fields.remove_field(db, map_id, "priority", ana)
    assert "priority" not in removed.state.fields and not removed.state.elements[first].custom
    assert removed.state.display.colour_by is None
    assert removed.record.summary == "Removed the field “Priority”"
    back = history.undo(db, map_id, removed.revision, ana)
    assert back.state.elements[first].custom == {"priority": "Low"} and back.state.display.colour_by == "priority"


def test_sizing_and_colouring_is_one_setting_for_everyone_and_must_fit_the_fields(db, ana):
    map_id, _ids = example(db, ana)
    fields.define_field(db, map_id, ana, "Budget", "number")
    fields.define_field(db, map_id, ana, "Priority", "choice", choices=["High", "Low"])
    shown = fields.show_by(db, map_id, ana, size_by="budget", colour_by="priority")
    assert maps.get_map(db, map_id, who=ana)[2].display == shown.state.display
    with pytest.raises(InvalidInput, match="sized by a number field only, and 'Priority' is not one"):
        fields.show_by(db, map_id, ana, size_by="priority")
    assert fields.show_by(db, map_id, ana).state.display.size_by is None


def test_unknown_fields_and_items_are_refused(db, ana):
    map_id, (first, _second) = example(db, ana)
    with pytest.raises(InvalidInput, match="no field 'cost'"):
        fields.set_values(db, map_id, "element", first, {"cost": "3"}, ana)
    with pytest.raises(NotFound):
        fields.set_values(db, map_id, "link", "nope", {}, ana)
    with pytest.raises(NotFound):
        fields.remove_field(db, map_id, "cost", ana)


def test_a_viewer_can_filter_but_neither_define_fields_nor_change_how_the_map_is_shown(db):
    map_id, people = make_team(db)
    with pytest.raises(PermissionDenied):
        fields.define_field(db, map_id, people["vic"], "Budget", "number")
    fields.define_field(db, map_id, people["ana"], "Budget", "number")
    with pytest.raises(PermissionDenied):
        fields.show_by(db, map_id, people["vic"], size_by="budget")
    assert fields.filtered(db, map_id, FieldFilter(field="budget"), people["vic"]) == set()
    with pytest.raises(PermissionDenied):
        fields.filtered(db, map_id, FieldFilter(field="budget"), people["out"])
