"""The editor opens in one request: what its callbacks would answer on opening is already in the page.

Each callback below skips its call on opening (prevent_initial_call); these tests ask it anyway, with the
values the page opens with, and find the answer the page already shows.
"""

from __future__ import annotations

import json

import pytest

from tests.web import post_callback
from tocmap.ui import ids
from tocmap.ui.editor import fields as fields_panel
from tocmap.ui.editor import ids as editor_ids
from tocmap.ui.exchange_ui import EXPORT_LANGUAGE

MAP = 1


def components(node):
    """Every component of a layout (as the page callback sends it), depth first."""
    if isinstance(node, dict) and "props" in node and "type" in node:
        yield node
        for value in node["props"].values():
            yield from components(value)
    elif isinstance(node, list):
        for item in node:
            yield from components(item)


@pytest.fixture
def opened(app, client) -> dict:
    """The editor page as it opens: component id -> its properties."""
    status, body = post_callback(client, app, "show_page", [f"{ids.URL}.pathname"], {f"{ids.URL}.pathname": f"/maps/{MAP}"})
    assert status == 200, body[:300]
    page = json.loads(body)["response"][ids.PAGE]["children"]
    return {c["props"]["id"]: c["props"] for c in components(page) if isinstance(c["props"].get("id"), str)}


def answer(app, client, callback: str, changed: str, values: dict) -> dict:
    status, body = post_callback(client, app, callback, [changed], values)
    assert status == 200, body[:300]
    return json.loads(body)["response"]


def test_the_canvas_opens_with_the_stylesheet_its_filters_would_give(app, client, opened):
    values = {f"{editor_ids.FOCUS}.data": opened[editor_ids.FOCUS]["data"],
              f"{editor_ids.MEASURE_STYLE}.data": opened[editor_ids.MEASURE_STYLE]["data"],
              f"{editor_ids.IND_STYLE}.data": opened[editor_ids.IND_STYLE]["data"],
              f"{fields_panel.FILTER_STYLE}.data": opened[fields_panel.FILTER_STYLE]["data"],
              f"{fields_panel.DISPLAY_STYLE}.data": opened[fields_panel.DISPLAY_STYLE]["data"]}
    restyled = answer(app, client, "restyle", f"{fields_panel.DISPLAY_STYLE}.data", values)
    assert restyled[editor_ids.CANVAS]["stylesheet"] == opened[editor_ids.CANVAS]["stylesheet"]


def test_the_side_panel_opens_saying_nothing_is_selected(app, client, opened):
    values = {f"{editor_ids.SELECTION}.data": None, f"{editor_ids.EDITOR_MAP}.data": opened[editor_ids.EDITOR_MAP]["data"]}
    filled = answer(app, client, "fill_panel", f"{editor_ids.SELECTION}.data", values)
    assert filled[editor_ids.PANEL_EMPTY]["style"]["display"] == "block" and "style" not in opened[editor_ids.PANEL_EMPTY]
    for form in (editor_ids.ELEMENT_FORM, editor_ids.LINK_FORM):
        assert filled[form]["style"] == opened[form]["style"] == {"display": "none"}
    assert filled[editor_ids.LOADED]["data"] is None and opened[editor_ids.LOADED].get("data") is None


def test_the_export_form_opens_with_the_link_its_callback_would_give(app, client, opened):
    values = {f"{ids.EXPORT_VERSION}.value": opened[ids.EXPORT_VERSION]["value"],
              f"{ids.EXPORT_REVISION}.value": opened[ids.EXPORT_REVISION].get("value"),
              f"{ids.EXPORT_FORMAT}.value": opened[ids.EXPORT_FORMAT]["value"],
              f"{EXPORT_LANGUAGE}.value": opened[EXPORT_LANGUAGE]["value"],
              f"{editor_ids.EDITOR_MAP}.data": opened[editor_ids.EDITOR_MAP]["data"]}
    link = answer(app, client, "version_link", f"{ids.EXPORT_FORMAT}.value", values)
    button = opened[ids.EXPORT_DOWNLOAD]
    assert link[ids.EXPORT_DOWNLOAD] == {"href": button["href"], "disabled": button["disabled"],
                                         "target": button["target"]}
    assert button["href"] == f"/maps/{MAP}/report?lang=en" and not button["disabled"]
    assert link[ids.EXPORT_REVISION_ROW]["style"] == opened[ids.EXPORT_REVISION_ROW]["style"]


def test_the_partners_tab_holds_no_chart_until_it_is_opened(opened):
    assert not opened[editor_ids.CO_SHARES].get("children")  # Plotly is fetched only when the chart is drawn
