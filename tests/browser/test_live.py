"""Two people in two browsers, on two server processes, edit one map live."""

import pytest

from tests.browser.canvas import click_node, node_ids, node_label, wait_for_canvas
from tests.browser.conftest import running_app, screenshot, sign_in
from tests.browser.test_editor import add, save_label
from tests.conftest import _reset_postgres
from tocmap.adapters.database import Database
from tocmap.adapters.migrate import upgrade
from tocmap.services import accounts, maps
from tocmap.services.access import SYSTEM

pytestmark = pytest.mark.browser
PASSWORD = "a long test password"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_database(request, tmp_path):
    """One database for both server processes; two members of different partners on map 1."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'live.db'}"
        db = Database(url)
        upgrade(db)
    else:
        db = _reset_postgres(request.getfixturevalue("postgres_url"))
        url = db.url.render_as_string(hide_password=False)
    maps.ensure_example(db)
    for email, name, partner in [("ana@moh.example", "Ana", "moh"), ("ben@iph.example", "Ben", "iph")]:
        accounts.create_user(db, email, name, PASSWORD)
        accounts.set_member(db, 1, email, "editor", partner, SYSTEM)
    db.dispose()
    return url


def open_as(browser, url: str, email: str):
    context = browser.new_context(viewport={"width": 1366, "height": 850})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, url, email, PASSWORD)
    page.goto(url + "/maps/1")
    wait_for_canvas(page)
    return page


def test_an_element_added_in_one_browser_appears_in_the_other(browser, shared_database):
    with running_app(shared_database) as first, running_app(shared_database) as second:
        ana, ben = open_as(browser, first, "ana@moh.example"), open_as(browser, second, "ben@iph.example")
        ben.get_by_text("Also here: Ana").wait_for()
        new = add(ana, "Outcome")
        save_label(ana, "Districts publish a weekly bulletin")
        ben.wait_for_function("(id) => window.cy.getElementById(id).data('label') === "
                              "'Districts publish a weekly bulletin'", arg=new, timeout=10_000)
        assert new in node_ids(ben)
        screenshot(ben, "live-second-browser")

        click_node(ben, new)  # Ben agrees for his partner; Ana then agrees for hers
        ben.locator("#panel-agreement").get_by_role("button", name="Agree").click()
        ben.wait_for_function("(id) => window.cy.getElementById(id).data('agreement') === 'proposed'", arg=new)
        ben.locator("#panel-agreement").get_by_text("agreed", exact=True).wait_for()
        click_node(ana, new)
        ana.locator("#panel-agreement").get_by_text("agreed", exact=True).wait_for()  # Ben's stand reached Ana
        ana.locator("#panel-agreement").get_by_role("button", name="Agree").click()
        ben.wait_for_function("(id) => window.cy.getElementById(id).data('agreement') === 'agreed'", arg=new,
                              timeout=10_000)
        screenshot(ana, "live-agreed")
        ana.context.close()
        ben.context.close()


def test_a_comment_thread_appears_live_and_is_resolved_by_the_other_partner(browser, shared_database):
    with running_app(shared_database) as url:
        ana, ben = open_as(browser, url, "ana@moh.example"), open_as(browser, url, "ben@iph.example")
        for tab in (ana, ben):
            click_node(tab, "oc-1")
            tab.get_by_role("tab", name="Discuss").click()
            tab.locator("#comments-subject").get_by_text("Comments on Outcome").wait_for()
        ana.locator("#comment-text").fill("Do we have the 2024 district figures for this?")
        ana.get_by_role("button", name="Comment").click()
        thread = ben.locator(".tm-thread").filter(has_text="Do we have the 2024 district figures")
        thread.wait_for(timeout=10_000)  # reached Ben without a reload
        ben.wait_for_function("window.cy.getElementById('oc-1').data('talk') === 1")  # the element glows
        assert "Ana · MoH Lumora" in thread.inner_text()
        thread.get_by_placeholder("Reply…").fill("Yes: the survey report, table 3.")
        thread.get_by_role("button", name="Reply").click()
        ana.locator(".tm-thread").get_by_text("Yes: the survey report, table 3.").wait_for(timeout=10_000)
        screenshot(ana, "comments-thread")
        ana.locator(".tm-thread").get_by_role("button", name="Resolve").click()
        ben.get_by_text("No open threads (1 resolved).").wait_for(timeout=10_000)
        ben.wait_for_function("window.cy.getElementById('oc-1').data('talk') === undefined")
        ben.get_by_text("Show resolved").click()
        ben.locator(".tm-thread-resolved").get_by_text("Resolved by Ana").wait_for()

        click_node(ben, "oc-2")  # the Discuss tab stays open and follows the selection
        ben.locator("#comments-subject").get_by_text(node_label(ben, "oc-2")).wait_for()
        ben.get_by_role("button", name="History").click()  # Ben's open history panel follows Ana's edit
        ana.get_by_role("tab", name="Edit").click()
        save_label(ana, "District officers act on surveillance data")
        ben.locator("#history-list").get_by_text("District officers act on surveillance data").wait_for(
            timeout=10_000)
        ana.context.close()
        ben.context.close()
