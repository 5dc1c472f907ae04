"""What the map's own fields do to the canvas, its legend and its pictures (no browser)."""

from __future__ import annotations

import pytest

from tests.domain.test_fields import valued_map
from tocmap.adapters.exchange import picture
from tocmap.domain.changes import MoveElements, UpdateElement, UpdateMap, apply_change
from tocmap.domain.model import FieldDisplay, Partnership
from tocmap.presentation import (
    NO_VALUE_COLOUR,
    OPTION_COLOURS,
    display_legend,
    element_colours,
    element_scales,
)
from tocmap.ui.canvas import delta, display_stylesheet, restyles, view_stylesheet
from tocmap.ui.editor.fields import (
    field_list,
    filter_rules,
    value_inputs,
    wanted_filter,
)

PARTNERSHIP = Partnership(id="p", name="P")


def shown_map():
    """The valued map, sized by budget and coloured by priority."""
    return valued_map().model_copy(update={"display": FieldDisplay(size_by="budget", colour_by="priority")})


def test_each_option_has_its_colour_and_elements_without_a_value_are_grey():
    assert element_colours(shown_map()) == {"a": OPTION_COLOURS[0], "b": OPTION_COLOURS[1], "c": NO_VALUE_COLOUR}


def test_the_biggest_value_gives_the_biggest_element_and_none_is_drawn_smaller_than_usual():
    scales = element_scales(shown_map())
    assert scales == {"a": 1.8, "b": 1.0}
    assert min(scales.values()) >= 1.0


def test_the_legend_names_every_colour_in_words_and_says_what_sizes_the_map():
    words = [w for _colour, w in display_legend(shown_map())]
    assert words == ["Priority: High", "Priority: Low", "Priority: no value", "Size: Budget, from 200 to 5,000"]


def test_the_canvas_colours_and_sizes_before_marks_of_disputes_and_the_selection():
    rules = display_stylesheet(shown_map())
    sizes = {r["selector"]: r["style"]["width"] for r in rules if "width" in r["style"]}
    assert sizes == {'node[id = "a"]': 342, 'node[id = "b"]': 190}
    sheet = view_stylesheet(display=rules)
    selectors = [r["selector"] for r in sheet]
    assert selectors.index(rules[0]["selector"]) < selectors.index("node:selected")
    assert display_stylesheet(valued_map()) == []


def test_a_filter_dims_what_does_not_match_and_counts_the_matches():
    rules, count = filter_rules(valued_map(), wanted_filter("budget", None, "1000", "", ""))
    assert count == "1 of 3 match"
    assert rules[-1]["selector"] == 'node[id = "a"]'


def test_the_canvas_restyles_when_the_settings_or_a_shown_value_change_and_not_on_a_move():
    state = shown_map()
    assert restyles(state, UpdateMap(set={"display": {}}))
    assert restyles(state, UpdateElement(id="b", set={"custom": {"budget": 1.0}}))
    assert not restyles(state, MoveElements(positions={"a": (0.0, 0.0)}))
    assert not restyles(valued_map(), UpdateElement(id="b", set={"custom": {"budget": 1.0}}))
    after, recorded = apply_change(state, UpdateElement(id="b", set={"custom": {"budget": 9000.0}}))
    assert delta(after, PARTNERSHIP, recorded)["restyle"] is True


def test_the_picture_follows_the_colours_and_sizes_and_explains_them():
    svg = picture.render_svg(shown_map(), PARTNERSHIP, "Shown")
    assert f'stroke="{OPTION_COLOURS[0]}"' in svg and f'stroke="{OPTION_COLOURS[1]}"' in svg
    assert 'font-size="23.4"' in svg  # the biggest budget: a label 1.8 times the usual 13
    assert "Priority: High" in svg and "Size: Budget, from 200 to 5,000" in svg
    plain = picture.render_svg(valued_map(), PARTNERSHIP, "Plain")
    assert OPTION_COLOURS[0] not in plain and "Priority: High" not in plain


def test_the_fields_tab_and_the_values_panel_list_what_applies():
    state = valued_map()
    assert "High, Low" in str(field_list(state))
    inputs = str(value_inputs(state, "element", "a"))
    assert "Budget" in inputs and "Priority" in inputs
    assert "'field': 'priority'" in str(value_inputs(state, "link", next(iter(state.links))))
    assert "Budget" not in str(value_inputs(state, "link", next(iter(state.links))))
    assert value_inputs(state, "element", "gone") == []


def test_the_tables_show_each_field_s_values_in_a_column_of_their_own():
    from tocmap.ui.presenters import element_rows, field_columns

    state = valued_map()
    assert [c[1] for c in field_columns(state, "element")] == ["Budget", "Priority", "Note", "Start"]
    assert [c[1] for c in field_columns(state, "link")] == ["Priority"]
    rows = {r["id"]: r for r in element_rows(state, PARTNERSHIP)}
    assert rows["a"]["custom"]["budget"] == 5000.0 and rows["c"]["custom"] == {}


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "kumu", "xlsx", "csvzip"])
def test_what_sizes_and_colours_the_map_comes_back_from_graph_and_kumu_files(fmt):
    from tocmap.adapters.exchange import ExportSource, ReadOptions, csvzip, gexf, graphml, kumu, workbook

    module = {"graphml": graphml, "gexf": gexf, "kumu": kumu, "xlsx": workbook, "csvzip": csvzip}[fmt]
    from tocmap.domain.document import MapDocument

    source = ExportSource(document=MapDocument.of(shown_map(), PARTNERSHIP), map_id=7)
    again = module.read(module.export(source), ReadOptions(filename=f"again.{fmt}")).document
    assert again.display == FieldDisplay(size_by="budget", colour_by="priority")


def test_a_file_sized_by_a_field_it_does_not_define_is_read_without_the_setting_and_says_so():
    import json

    from tocmap.adapters.exchange import ExportSource, ReadOptions, kumu
    from tocmap.domain.document import MapDocument

    written = json.loads(kumu.export(ExportSource(document=MapDocument.of(shown_map(), PARTNERSHIP), map_id=7)))
    block = next(v for v in written.values() if isinstance(v, dict) and "display" in v)
    block["display"] = {"size_by": "priority"}
    parsed = kumu.read(json.dumps(written).encode(), ReadOptions(filename="odd.json"))
    assert parsed.document.display == FieldDisplay()
    assert any("sized or coloured the map" in s for s in parsed.skipped)
