"""Adaptive management end to end: challenge an assumption, record learning, correct course, see why in the history."""

import pytest
from playwright.sync_api import expect

from tests.browser.canvas import wait_for_canvas
from tests.browser.conftest import example_with_members, open_as, running_app, screenshot

pytestmark = pytest.mark.browser
DECISION = "Add weekly SMS reports where districts cannot sync"
EVIDENCE = "Three of ten trained data managers left within a year"


@pytest.fixture
def app_url(tmp_path):
    """The worked example with an editor of the ministry and a MEL lead of the institute."""
    url = f"sqlite:///{tmp_path / 'learning.db'}"
    example_with_members(url, [("ana@moh.org", "Ana", "editor", "moh"), ("ben@iph.org", "Ben", "mel_lead", "iph")])
    with running_app(url) as running:
        yield running


def tap(page, node_id):
    """Select a node as a click does, wherever the canvas has scrolled or zoomed to by then."""
    page.evaluate("(id) => window.cy.getElementById(id).emit('tap')", node_id)


def test_a_challenged_assumption_leads_to_a_course_correction_seen_in_the_history(browser, app_url):
    # the institute's MEL lead challenges an assumption with an evidence note, on the map
    ben = open_as(browser, app_url, "ben@iph.org", "/maps/1")
    wait_for_canvas(ben)
    tap(ben, "as-2")
    ben.locator("#evidence-panel").wait_for(state="visible")
    ben.locator("#evidence-text").fill(EVIDENCE)
    ben.locator("#evidence-status label", has_text="challenged").click()
    ben.locator("#evidence-add").click()
    ben.get_by_text("Evidence added.").wait_for()
    ben.locator("#evidence-list", has_text=EVIDENCE).wait_for()
    assert "Ben, " in ben.locator("#evidence-list").inner_text()
    ben.wait_for_function("() => window.cy.getElementById('as-2').data('risk') === 'challenged'")
    assert ben.evaluate("() => window.cy.getElementById('as-2').style('border-style')") == "dashed"
    screenshot(ben, "learning-evidence")

    # ...and records a decision linked to the element it is about, on the learning page
    ben.goto(app_url + "/maps/1/learning")
    ben.get_by_text("Record learning").wait_for()
    ben.locator("#learning-kind label", has_text="Decision").click()
    ben.locator("#learning-text").fill(DECISION)
    ben.locator("#learning-elements").click()
    ben.keyboard.type("Weekly district")
    ben.get_by_role("option", name="Output: Weekly district surveillance dashboards").click()
    ben.keyboard.press("Escape")
    ben.get_by_role("button", name="Record").click()
    ben.get_by_text("Recorded in the learning log.").wait_for()
    entry = ben.locator(".tm-ln-entry", has_text=DECISION)
    entry.wait_for()
    assert "Weekly district surveillance dashboards" in entry.inner_text() and "Ben" in entry.inner_text()

    # the ministry's editor starts a course correction from it and changes the map
    ana = open_as(browser, app_url, "ana@moh.org", "/maps/1/learning")
    ana.locator(".tm-ln-entry", has_text=DECISION).get_by_role("button", name="Start a course correction").click()
    ana.get_by_text("Course correction in progress:").first.wait_for()
    ana.goto(app_url + "/maps/1")
    wait_for_canvas(ana)
    ana.locator("#learning-map-banner", has_text=DECISION).wait_for()
    tap(ana, "op-1")
    ana.locator("#element-label").wait_for(state="visible")
    ana.locator("#learning-about", has_text=DECISION).wait_for()  # the entry shows next to what it is about
    ana.locator("#element-label").fill("Weekly district dashboards and SMS reports")
    ana.locator("#element-save").click()
    ana.get_by_text("Saved.").wait_for()

    # the history says why the theory changed
    ana.locator("#history-button").click()
    line = ana.locator("#history-list .list-group-item", has_text="Weekly district dashboards and SMS reports").first
    line.wait_for()
    assert "Course correction: “" + DECISION in line.inner_text()
    ana.wait_for_function("() => getComputedStyle(document.querySelector('.tm-history')).transform === 'none'")
    screenshot(ana, "learning-history")

    # finishing the correction: the entry lists the change it led to, and both partners' learning counts
    ana.goto(app_url + "/maps/1/learning")
    ana.locator(".tm-ln-entry", has_text=DECISION).get_by_role("button", name="Finish").click()
    ana.get_by_text("Course correction finished.").wait_for()
    entry = ana.locator(".tm-ln-entry", has_text=DECISION)
    entry.get_by_text("Led to 1 map change").wait_for()
    assert "Weekly district dashboards and SMS reports" in entry.inner_text()
    ana.locator("#learning-text").fill("Mentoring visits work best right after the quarterly review")
    ana.get_by_role("button", name="Record").click()
    ana.get_by_text("Recorded in the learning log.").wait_for()
    ana.locator(".tm-ln-entry", has_text="Mentoring visits").wait_for()  # the log and the counts redraw together
    counts = ana.locator(".tm-ln-counts tbody").inner_text()
    assert "Ministry" in counts or "MoH" in counts
    assert [row.split("\t")[-1] for row in counts.splitlines()] == ["1", "1"]
    screenshot(ana, "learning-page")

    # a typo is fixed in place: the entry changes, the history keeps what it said
    mentoring = ana.locator(".tm-ln-entry", has_text="Mentoring visits")
    mentoring.get_by_role("button", name="Edit").click()
    expect(ana.locator("#learning-text")).to_have_value("Mentoring visits work best right after the quarterly review")
    ana.locator("#learning-text").fill("Mentoring visits work best in the week after the quarterly review")
    ana.get_by_role("button", name="Save changes").click()
    ana.get_by_text("Changed the entry.").wait_for()
    ana.locator(".tm-ln-entry", has_text="in the week after the quarterly review").wait_for()
    expect(ana.get_by_role("button", name="Save changes")).to_have_count(0)
