"""A map a room can read: on a 1366x768 projector, labels legible, the legend beside, every step visible."""

import pytest
from playwright.sync_api import expect

from tests.browser.canvas import click_node, node_ids, node_label, model_position, wait_for_canvas
from tests.browser.conftest import PROJECTOR, screenshot
from tocmap.cli import main as tocmap

pytestmark = pytest.mark.browser

LEGIBLE_PX = 12


@pytest.fixture
def small_map(app_url, tmp_path):
    """A 14-element map made from the blank template in the running app's database."""
    assert tocmap(["new", "--template", "blank-theory-of-change", "--title", "Workshop map",
                   "--database", f"sqlite:///{tmp_path / 'tocmap.db'}"]) == 0
    return f"{app_url}/maps/2"


def smallest_label_px(page) -> float:
    """The on-screen height of the smallest node label font in the current view."""
    return page.evaluate("() => Math.min(...window.cy.nodes().map(n => parseFloat(n.style('font-size'))))"
                         " * window.cy.zoom()")


def show(page, *node_ids: str) -> None:
    """Bring these elements into view (a legible view may not show a whole map, nor two far-apart elements)."""
    page.evaluate("(ids) => window.tocmapView.fit(window.cy.nodes().filter(n => ids.includes(n.id())))",
                  list(node_ids))


def box(page, selector: str) -> dict:
    """Where a shown element sits on screen, once it is shown (callbacks draw forms after a click)."""
    shown = page.locator(selector)
    expect(shown).to_be_visible()
    return shown.bounding_box()


def overlaps(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def test_the_worked_example_opens_legible_with_an_overview_and_a_legend_beside_the_canvas(room, app_url):
    room.goto(app_url + "/maps/1")
    wait_for_canvas(room)
    room.wait_for_timeout(300)
    assert smallest_label_px(room) >= LEGIBLE_PX
    expect(room.locator(".tm-overview")).to_be_visible()  # the map is bigger than the legible view
    assert not overlaps(box(room, "#editor-legend"), box(room, "#canvas"))
    screenshot(room, "room-worked-example-1366x768")

    height = box(room, "#canvas")["height"]
    room.get_by_role("button", name="Legend").click()
    expect(room.locator("#editor-legend")).to_be_hidden()
    room.wait_for_function("(h) => document.getElementById('canvas').getBoundingClientRect().height > h + 20",
                           arg=height)
    room.reload()  # folded stays folded in this browser
    wait_for_canvas(room)
    expect(room.locator("#editor-legend")).to_be_hidden()
    room.get_by_role("button", name="Legend").click()
    expect(room.locator("#editor-legend")).to_be_visible()

    # the overview moves the view: a click in its corner shows another part of the map
    pan = room.evaluate("() => window.cy.pan()")
    overview = box(room, ".tm-overview")
    room.mouse.click(overview["x"] + 8, overview["y"] + overview["height"] - 8)
    assert room.evaluate("() => window.cy.pan()") != pan
    room.get_by_title("Fit the map on screen, as far as labels stay readable").click()
    assert smallest_label_px(room) >= LEGIBLE_PX


def test_a_small_map_fits_whole_and_readable(room, small_map):
    room.goto(small_map)
    wait_for_canvas(room)
    room.wait_for_timeout(300)
    assert smallest_label_px(room) >= LEGIBLE_PX
    screenshot(room, "room-small-map-1366x768")


def test_a_new_element_lands_on_its_level_beside_what_is_selected_and_enter_saves_its_label(room, small_map):
    room.goto(small_map)
    wait_for_canvas(room)
    outcome = node_ids(room, "outcome")[0]
    show(room, outcome)
    click_node(room, outcome)
    expect(room.locator("#element-label")).to_have_value(node_label(room, outcome))
    before = set(node_ids(room))
    room.locator(".tm-add-menu > button").click()
    room.locator(".tm-add-menu .dropdown-item").filter(has_text="Output").click()
    room.wait_for_function("(n) => window.cy.nodes().length > n", arg=len(before))
    (new,) = set(node_ids(room)) - before

    # the label has the focus, its text selected: typing replaces it, Enter saves
    expect(room.locator("#element-label")).to_be_focused()
    room.keyboard.type("Nurses trained in triage")
    room.keyboard.press("Enter")
    room.wait_for_function("(id) => window.cy.getElementById(id).data('label') === 'Nurses trained in triage'",
                           arg=new)

    outputs_y = [model_position(room, n)[1] for n in node_ids(room, "output") if n != new]
    x, y = model_position(room, new)
    assert y in outputs_y or (not outputs_y and y > model_position(room, outcome)[1])
    assert abs(x - model_position(room, outcome)[0]) <= 3 * 230  # beside what it will connect to
    screenshot(room, "room-added-beside")


def test_connect_mode_shows_itself_and_ends_with_escape_an_empty_click_or_its_button(room, small_map):
    room.goto(small_map)
    wait_for_canvas(room)
    connect = room.locator("#editor-connect")
    hint = room.locator("#editor-connect-hint")

    connect.click()
    expect(hint).to_contain_text("Esc")
    expect(room.locator("#editor-canvas-wrap")).to_have_class("tm-canvas-wrap tm-connecting")
    screenshot(room, "room-connect-mode")
    room.keyboard.press("Escape")
    expect(hint).to_be_empty()
    expect(room.locator("#editor-canvas-wrap")).to_have_class("tm-canvas-wrap")

    connect.click()
    expect(hint).to_contain_text("Connect: click")
    canvas = box(room, "#canvas")
    empty = room.evaluate("""() => { const cy = window.cy, e = cy.extent();
        return [e.x1 + 5, e.y1 + 5]; }""")
    assert room.evaluate("([x, y]) => window.cy.nodes().every(n => { const b = n.boundingBox();"
                         " return x < b.x1 || x > b.x2 || y < b.y1 || y > b.y2; })", empty)
    room.mouse.click(canvas["x"] + 5 * room.evaluate("() => window.cy.zoom()") + 1, canvas["y"] + 6)
    expect(hint).to_be_empty()

    connect.click()
    expect(hint).not_to_be_empty()
    connect.click()
    expect(hint).to_be_empty()

    # a link made in connect mode is said out loud
    source, target = node_ids(room, "output")[0], node_ids(room, "impact")[0]  # not linked yet
    connect.click()
    expect(hint).to_contain_text("Connect: click")  # the mode is on before the first tap
    show(room, source)
    click_node(room, source)
    expect(hint).to_contain_text("Now click the element it leads to.")
    show(room, target)
    click_node(room, target)
    room.get_by_text("Linked “").wait_for()


def test_search_dims_what_does_not_match_and_counts_as_you_type(room, app_url):
    room.goto(app_url + "/maps/1")
    wait_for_canvas(room)
    total = len(node_ids(room))
    room.locator("#editor-search").press_sequentially("distr")  # no Enter
    count = room.locator("#editor-search-count")
    hits = room.evaluate("() => window.cy.nodes().filter(n => n.data('label').toLowerCase().includes('distr')).length")
    assert 0 < hits < total
    expect(count).to_have_text(f"{hits} of {total}")  # the count follows the typing to its last letter
    assert room.evaluate("() => window.cy.nodes('[?hit]').length") == hits
    dimmed = room.evaluate("() => window.cy.nodes('[?miss]').map(n => n.style('opacity'))")
    assert dimmed and all(float(o) < 0.5 for o in dimmed)
    screenshot(room, "room-search")
    room.locator("#editor-search").press("Enter")  # Enter selects the first match, for the keyboard
    expect(room.locator("#element-label")).to_be_visible()
    room.locator("#editor-search").fill("")
    expect(count).to_be_empty()
    assert room.evaluate("() => window.cy.nodes('[?miss]').length") == 0
    assert room.evaluate("() => window.cy.nodes().every(n => parseFloat(n.style('opacity')) === 1)")


def test_the_keyboard_connects_from_a_list_and_deletes_with_the_delete_key(room, small_map):
    room.goto(small_map)
    wait_for_canvas(room)
    source, target = node_ids(room, "output")[0], node_ids(room, "impact")[0]  # not linked yet
    links = room.evaluate("() => window.cy.edges().length")
    show(room, source)
    click_node(room, source)
    room.locator("#editor-connect-to").click()
    room.keyboard.type(node_label(room, target)[:20])
    room.keyboard.press("Enter")
    room.locator("#editor-connect-to-button").click()
    room.wait_for_function("(n) => window.cy.edges().length > n", arg=links)
    room.get_by_text("Linked “").wait_for()

    room.locator("#canvas").focus()
    room.mouse.click(5, 400)  # the focus leaves the form; the element stays selected
    room.keyboard.press("Delete")
    room.locator("#delete-modal").get_by_text("Delete “").wait_for()
    room.locator("#delete-confirm").click()
    room.wait_for_function("(id) => window.cy.getElementById(id).empty()", arg=source)


def test_save_and_the_selected_link_stay_on_screen_at_768_pixels(room, app_url):
    room.goto(app_url + "/maps/1")
    wait_for_canvas(room)
    link = room.evaluate("() => window.cy.edges('[kind != \"attachment\"]').filter(e => e.renderedMidpoint().x > 40"
                         " && e.renderedMidpoint().y > 40 && e.renderedMidpoint().x < window.cy.width() - 40"
                         " && e.renderedMidpoint().y < window.cy.height() - 40)[0].id()")
    room.evaluate("(id) => { const e = window.cy.getElementById(id); e.emit('tap'); }", link)
    expect(room.locator("#link-save")).to_be_visible()
    assert room.evaluate("() => document.documentElement.scrollHeight") <= PROJECTOR["height"]
    save = box(room, "#link-save")
    assert save["y"] + save["height"] <= PROJECTOR["height"]
    screenshot(room, "room-link-selected")

    show(room, node_ids(room, "outcome")[0])
    click_node(room, node_ids(room, "outcome")[0])
    save = box(room, "#element-save")
    assert save["y"] + save["height"] <= PROJECTOR["height"]


def test_the_indicator_form_starts_with_one_target_row_and_no_value_looking_placeholders(room, app_url):
    room.goto(app_url + "/maps/1")
    wait_for_canvas(room)
    show(room, node_ids(room, "outcome")[0])
    click_node(room, node_ids(room, "outcome")[0])
    room.get_by_role("tab", name="Indicators").click()
    room.locator("#ind-add").click()
    modal = room.locator("#ind-modal")
    modal.wait_for(state="visible")
    expect(modal.locator(".tm-ind-target-row:visible")).to_have_count(1)
    assert modal.locator("input[placeholder], textarea[placeholder]").count() == 0
    room.get_by_role("button", name="Another target period").click()
    expect(modal.locator(".tm-ind-target-row:visible")).to_have_count(2)
    screenshot(room, "room-indicator-form")


def test_no_indicator_of_the_worked_example_says_no_data_beside_a_value(room, app_url):
    room.goto(app_url + "/maps/1")
    wait_for_canvas(room)
    room.get_by_role("tab", name="Tables").click()
    room.get_by_role("tab", name="Indicators (").click()
    grid = room.locator("#indicators-grid")
    grid.get_by_text("Completeness of weekly IDSR reports").wait_for()
    rows = grid.locator(".ag-center-cols-container .ag-row")
    statuses = [rows.nth(n).locator("[col-id=progress]").inner_text() for n in range(rows.count())]
    latest = [rows.nth(n).locator("[col-id=latest]").inner_text() for n in range(rows.count())]
    assert statuses and not [s for s, v in zip(statuses, latest) if s == "No data" and v.strip() not in ("", "—")]


def test_presenting_reveals_the_map_level_by_level_with_the_arrow_keys(room, app_url):
    room.goto(app_url + "/maps/1")
    wait_for_canvas(room)
    total = len(node_ids(room))
    shown = "() => window.cy.nodes().filter(n => n.visible()).length"
    room.locator("#editor-present").click()
    caption = room.locator(".tm-present-caption")
    expect(caption).to_contain_text("Step 1 of")
    first = room.evaluate(shown)
    assert 0 < first < total
    assert all(kind == "actor" for kind in room.evaluate(
        "() => window.cy.nodes().filter(n => n.visible()).map(n => n.data('kind'))"))
    assert smallest_label_px(room) >= LEGIBLE_PX
    screenshot(room, "room-present-step-1")
    room.keyboard.press("ArrowRight")
    expect(caption).to_contain_text("Step 2 of")
    assert room.evaluate(shown) > first
    steps = int(caption.inner_text().split(" of ")[1].split(":")[0])
    for _ in range(steps):
        room.keyboard.press("ArrowRight")
    expect(caption).to_contain_text(f"Step {steps} of {steps}")
    assert room.evaluate(shown) == total
    room.keyboard.press("ArrowLeft")
    expect(caption).to_contain_text(f"Step {steps - 1} of {steps}")
    room.wait_for_function(f"() => ({shown})() < {total}")
    screenshot(room, "room-present-step-back")
    room.keyboard.press("Escape")
    expect(caption).to_have_count(0)
    room.wait_for_function(f"() => ({shown})() === {total}")


def test_presenting_a_pathway_shows_only_the_selected_elements_chain(room, app_url):
    room.goto(app_url + "/maps/1?select=oc-2")
    wait_for_canvas(room)
    room.wait_for_function("() => window.cy.getElementById('oc-2').selected()")
    chain = room.evaluate("() => { const n = window.cy.getElementById('oc-2');"
                          " return n.union(n.predecessors('node')).union(n.successors('node')).length; }")
    room.locator("#editor-present").click()
    caption = room.locator(".tm-present-caption")
    expect(caption).to_contain_text("Step 1 of")
    steps = int(caption.inner_text().split(" of ")[1].split(":")[0])
    for _ in range(steps):
        room.keyboard.press("ArrowRight")
    assert room.evaluate("() => window.cy.nodes().filter(n => n.visible()).length") == chain
