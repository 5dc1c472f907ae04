"""A workshop builds a map in the browser: add, connect, edit, move, delete, reload, undo."""

import pytest
from playwright.sync_api import expect

from tests.browser.canvas import click_node, drag_node, model_position, node_ids, node_label, wait_for_canvas
from tests.browser.conftest import screenshot
from tocmap.cli import main as tocmap

pytestmark = pytest.mark.browser


@pytest.fixture
def blank_map(app_url, tmp_path):
    """A map made from the blank template in the running app's database."""
    assert tocmap(["new", "--template", "blank-theory-of-change", "--title", "Workshop map",
                   "--database", f"sqlite:///{tmp_path / 'tocmap.db'}"]) == 0
    return f"{app_url}/maps/2"


def add(page, kind_title: str) -> str:
    before = set(node_ids(page))
    page.locator(".tm-add-menu > button").click()
    page.locator(".tm-add-menu .dropdown-item").filter(has_text=kind_title).click()
    page.wait_for_function("(n) => window.cy.nodes().length > n", arg=len(before))
    (new,) = set(node_ids(page)) - before
    page.locator("#element-label").wait_for(state="visible")
    return new


def save_label(page, text: str) -> None:
    page.locator("#element-label").fill(text)
    page.locator("#element-save").click()
    page.get_by_text("Saved.").wait_for()


def test_a_workshop_builds_a_map_and_finds_it_intact_after_reload(page, blank_map):
    page.goto(blank_map)
    wait_for_canvas(page)
    start = len(node_ids(page))

    outcome = add(page, "Outcome")
    save_label(page, "Nurses use the new triage protocol")
    output = add(page, "Output")
    save_label(page, "Triage protocol printed in every ward")
    assumption = add(page, "Assumption")
    save_label(page, "Ward managers release nurses for training")
    assert node_label(page, outcome) == "Nurses use the new triage protocol"

    page.get_by_role("button", name="Connect").click()
    page.get_by_text("Connect: click the element the link starts from.").wait_for()
    click_node(page, output)
    page.get_by_text("Now click the element it leads to.").wait_for()
    click_node(page, outcome)
    page.wait_for_function(
        "([s, t]) => window.cy.edges().some(e => e.data('source') === s && e.data('target') === t)",
        arg=[output, outcome])
    click_node(page, assumption)
    click_node(page, output)
    page.wait_for_function("(a) => window.cy.edges('[kind = \"attachment\"]').some(e => e.data('source') === a)",
                           arg=assumption)
    page.get_by_role("button", name="Connect").click()
    expect(page.locator("#editor-connect-hint")).to_be_empty()

    click_node(page, output)
    expect(page.locator("#element-label")).to_have_value("Triage protocol printed in every ward")
    save_label(page, "Triage protocol laminated in every ward")

    before = model_position(page, outcome)
    drag_node(page, outcome, 120, 60)
    page.wait_for_timeout(800)
    moved = model_position(page, outcome)
    assert moved != before

    doomed = add(page, "External factor")
    page.locator("#element-delete").click()
    page.get_by_text("Delete “New external factor”?").wait_for()
    page.locator("#delete-confirm").click()
    page.wait_for_function("(id) => window.cy.getElementById(id).empty()", arg=doomed)
    screenshot(page, "editor-built")

    page.reload()
    wait_for_canvas(page)
    assert len(node_ids(page)) == start + 3
    assert node_label(page, output) == "Triage protocol laminated in every ward"
    assert abs(model_position(page, outcome)[0] - moved[0]) < 1
    assert page.evaluate("(o) => window.cy.edges().some(e => e.data('target') === o)", outcome)

    page.get_by_text("Results framework").click()
    page.get_by_text("Nurses use the new triage protocol").first.wait_for()
    assert "Triage protocol laminated in every ward" in page.inner_text("main")


def test_undo_takes_back_my_last_change(page, blank_map):
    page.goto(blank_map)
    wait_for_canvas(page)
    outcome = add(page, "Outcome")
    save_label(page, "Before undo")
    page.locator("#editor-undo-button").click()
    page.wait_for_function("(id) => window.cy.getElementById(id).data('label') === 'New outcome'", arg=outcome)
    page.locator("#editor-redo-button").click()
    page.wait_for_function("(id) => window.cy.getElementById(id).data('label') === 'Before undo'", arg=outcome)


def test_a_bad_label_is_refused_next_to_the_form(page, blank_map):
    page.goto(blank_map)
    wait_for_canvas(page)
    add(page, "Impact")
    page.locator("#element-label").fill("   ")
    page.locator("#element-save").click()
    page.get_by_text("Not saved").wait_for()
    assert "at least 1 character" in page.inner_text("#element-message")


def test_an_address_with_select_opens_the_map_on_that_element(page, app_url):
    page.goto(app_url + "/maps/1?select=oc-2")
    wait_for_canvas(page)
    page.wait_for_function("() => window.cy.getElementById('oc-2').selected()")
    expect(page.locator("#element-label")).to_have_value(node_label(page, "oc-2"))


class CallbackRequests:
    """The outputs of the Dash callback requests a tab makes, and how many of them have been answered."""

    def __init__(self, page):
        self.outputs: list[str] = []
        self.answered = 0
        page.on("request", self._asked)
        page.on("requestfinished", self._answered)
        page.on("requestfailed", self._answered)

    def _asked(self, request) -> None:
        if "_dash-update-component" in request.url:
            self.outputs.append(request.post_data_json["output"])

    def _answered(self, request) -> None:
        if "_dash-update-component" in request.url:
            self.answered += 1

    def settle(self, page, quiet_ms: int = 1000) -> list[str]:
        """Wait until every request is answered and none follows for ``quiet_ms``; the outputs asked."""
        quiet, seen = 0, -1
        for _ in range(600):
            page.wait_for_timeout(50)
            if self.answered < len(self.outputs) or len(self.outputs) != seen:
                quiet, seen = 0, len(self.outputs)
                continue
            quiet += 50
            if quiet >= quiet_ms:
                return list(self.outputs)
        raise AssertionError(f"callback requests never settled: {self.outputs}")


def test_a_save_asks_each_open_panel_once_and_closed_tabs_nothing(page, blank_map):
    page.goto(blank_map)
    wait_for_canvas(page)
    outcome = add(page, "Outcome")
    requests = CallbackRequests(page)
    requests.settle(page)
    requests.outputs.clear()
    requests.answered = 0
    save_label(page, "Counted on the wire")
    page.wait_for_function("(id) => window.cy.getElementById(id).data('label') === 'Counted on the wire'", arg=outcome)
    asked = requests.settle(page)
    assert not [o for o in asked if "systems-map-type" in o or o == "ind-panel.children" or o == "ind-style.data"]
    assert len(asked) == len(set(asked)), asked  # the push and the Save's own answer bring one revision: one round
