"""The canvas presenters: elements, deltas after edits, view styles."""

from tests.domain.factories import element, small_map
from tocmap.domain.changes import AddElement, MoveElements, RemoveElement, UpdateElement, apply_change
from tocmap.domain.model import Partnership
from tocmap.presentation import node_height
from tocmap.ui.canvas import cy_elements, delta, view_patch, view_stylesheet

PARTNERSHIP = Partnership(id="ps", name="P", partners=[{"id": "moh", "name": "Ministry"}, {"id": "iph", "name": "Institute"}])


def by_id(items):
    return {item["data"]["id"]: item for item in items}


def test_every_element_link_and_attachment_is_on_the_canvas():
    items = by_id(cy_elements(small_map(), PARTNERSHIP))
    assert {"imp", "oc", "out", "act", "dho", "as1", "l1", "l2", "l3"} <= set(items)
    assert items["oc"]["data"]["kind"] == "outcome" and "position" in items["oc"]


def test_elements_without_a_position_get_distinct_places():
    positions = [item["position"] for item in cy_elements(small_map(), PARTNERSHIP) if "position" in item]
    assert len({(p["x"], p["y"]) for p in positions}) == len(positions)


def test_a_label_edit_sends_only_that_element():
    state, recorded = apply_change(small_map(), UpdateElement(id="oc", set={"label": "Data used"}))
    change = delta(state, PARTNERSHIP, recorded)
    assert [item["data"]["id"] for item in change["upsert"]] == ["oc"] and "remove" not in change
    assert change["upsert"][0]["data"]["label"] == "Data used"


def test_removing_an_element_removes_it_and_its_links():
    state, recorded = apply_change(small_map(), RemoveElement(id="out"))
    change = delta(state, PARTNERSHIP, recorded)
    assert set(change["remove"]) == {"out", "l1", "l2"}
    assert "as1" in {item["data"]["id"] for item in change["upsert"]}  # its attachments changed


def test_an_added_element_is_sent_and_can_be_selected():
    state, recorded = apply_change(small_map(), AddElement(element=element("new", "output", x=1.0, y=2.0)))
    change = delta(state, PARTNERSHIP, recorded, select="new")
    assert change["upsert"][0]["position"] == {"x": 1.0, "y": 2.0} and change["select"] == "new"


def test_a_move_sends_new_positions():
    state, recorded = apply_change(small_map(), MoveElements(positions={"oc": (5.0, 6.0)}))
    assert delta(state, PARTNERSHIP, recorded)["upsert"][0]["position"] == {"x": 5.0, "y": 6.0}


def test_long_labels_make_taller_nodes():
    assert node_height("x " * 60) > node_height("Short label")


def test_filters_and_focus_add_rules_and_quote_values():
    rules = view_stylesheet(kinds=["outcome"], tags=['say "hi"'], focus=["a.b"])
    selectors = [r["selector"] for r in rules]
    assert 'node[kind = "outcome"]' in selectors and '[id = "a.b"]' in selectors
    assert 'node[tags @*= "say \\"hi\\""]' in selectors
    assert len(view_stylesheet()) < len(rules)


def test_search_dims_whatever_else_is_shown():
    rules = view_stylesheet(focus=["a"], partners=["moh"])
    assert [r["selector"] for r in rules[-3:-1]] == ["node[?miss], edge[?miss]", "node[?hit]"]


def test_the_canvas_gets_only_what_it_draws_or_filters_by_and_nothing_usual():
    items = by_id(cy_elements(small_map(), PARTNERSHIP, views=False))
    assert set(items["oc"]["data"]) == {"id", "label", "kind", "h"}  # proposed, no owner, no tags
    assert set(items["l1"]["data"]) == {"id", "source", "target"}  # contributes to, +, medium confidence
    agreed, _ = apply_change(small_map(), UpdateElement(id="oc", set={"agreed_by": ["moh", "iph"], "owner": "moh"}))
    assert set(by_id(cy_elements(agreed, PARTNERSHIP, views=False))["oc"]["data"]) == {"id", "label", "kind", "h"}
    data = by_id(cy_elements(agreed, PARTNERSHIP))["oc"]["data"]  # with what filters read, as after an edit
    assert data["agreement"] == "agreed" and data["owner"] == "moh"
    assert {"id": "oc", "agreement": "agreed", "owner": "moh"} in view_patch(agreed, PARTNERSHIP)["patch"]


def test_a_dispute_is_always_drawn():
    disputed, _ = apply_change(small_map(), UpdateElement(id="oc", set={"disputed_by": ["iph"]}))
    assert by_id(cy_elements(disputed, PARTNERSHIP, views=False))["oc"]["data"]["agreement"] == "disputed"


def test_an_update_clears_on_the_canvas_what_is_no_longer_set():
    state, _ = apply_change(small_map(), UpdateElement(id="oc", set={"owner": "moh"}))
    state, recorded = apply_change(state, UpdateElement(id="oc", set={"owner": None}))
    [item] = delta(state, PARTNERSHIP, recorded)["upsert"]
    assert "owner" not in item["data"] and "owner" in item["unset"]
