"""What the editor's forms mean in domain terms."""

from tests.domain.factories import small_map
from tocmap.ui.editor.forms import attachable_options, changed_fields, element_values, link_kind_for
from tocmap.ui.editor.machinery import push


def test_an_unchanged_form_changes_nothing():
    values = element_values(small_map(), "oc")
    assert changed_fields(values, dict(values)) == {}


def test_tags_are_split_and_empty_choices_become_none():
    values = element_values(small_map(), "oc")
    form = {**values, "tags": " data , , policy", "actor": ""}
    assert changed_fields(values, form) == {"tags": ["data", "policy"], "actor": None}


def test_turning_an_outcome_into_an_output_drops_its_actor():
    values = element_values(small_map(), "oc")
    assert changed_fields(values, {**values, "kind": "output"}) == {"kind": "output", "actor": None}


def test_turning_an_assumption_into_an_outcome_detaches_it():
    values = element_values(small_map(), "as1")
    assert changed_fields(values, {**values, "kind": "outcome"}) == {
        "kind": "outcome", "attached_to": [], "assumption_status": None}


def test_an_assumption_can_be_attached_to_elements_and_links_but_not_itself():
    options = {o["value"] for o in attachable_options(small_map(), "as1")}
    assert {"oc", "l1"} <= options and "as1" not in options


def test_two_actors_are_linked_by_influence():
    assert link_kind_for("actor", "actor") == "influences"


def test_the_undo_stack_is_per_map_and_a_new_edit_clears_redo():
    stack = push(push(None, 1, 5), 1, 6)
    assert stack["undo"] == [5, 6]
    stack = push({**stack, "redo": [9]}, 1, 7)
    assert stack["redo"] == [] and push(stack, 2, 1)["undo"] == [1]
