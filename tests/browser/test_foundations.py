"""The Partnership page end to end: a two-sided SWOT, a card onto the map, an agreed purpose, a re-articulation."""

import csv
import io

import pytest

from tests.browser.canvas import node_ids, node_label, wait_for_canvas
from tests.browser.conftest import example_with_members, open_as, running_app, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def app_url(tmp_path):
    """The app with the worked example; a facilitator and one member of each partner."""
    url = f"sqlite:///{tmp_path / 'foundations.db'}"
    example_with_members(url, [("fac@x.org", "Fay", "facilitator", None), ("ana@moh.org", "Ana", "editor", "moh"),
                                       ("ben@iph.org", "Ben", "editor", "iph")])
    with running_app(url) as running:
        yield running


def open_foundations(browser, url, email, path="/maps/1/foundations"):
    page = open_as(browser, url, email, path)
    page.get_by_text("What the partners state and commit to together").wait_for()
    return page


def add_card(page, quadrant, text):
    page.locator("#sw-quadrant").select_option(quadrant)
    page.locator("#sw-card-text").fill(text)
    page.locator("#sw-add").click()
    page.locator(".tm-sw-card", has_text=text).wait_for()


def test_a_two_sided_swot_goes_onto_the_map(browser, app_url):
    fay = open_foundations(browser, app_url, "fac@x.org", "/maps/1/swot")
    fay.locator("#sw-open-title").fill("Partnership review")
    fay.locator("#sw-open").click()
    fay.get_by_text("Opened “Partnership review”").wait_for()

    ana = open_foundations(browser, app_url, "ana@moh.org", "/maps/1/swot")
    ben = open_foundations(browser, app_url, "ben@iph.org", "/maps/1/swot")
    add_card(ana, "weakness", "Weak data systems in districts")
    add_card(ana, "strength", "Strong political commitment")
    add_card(ben, "weakness", "District data systems are weak")
    add_card(ben, "threat", "Elections may stall the reform")
    screenshot(ben, "swot-private-cards")
    ana.reload()
    ana.locator(".tm-sw-card", has_text="Weak data systems in districts").wait_for()
    assert "District data systems are weak" not in ana.content()  # private before reveal
    assert "Elections may stall" not in ana.content()

    fay.reload()
    fay.get_by_role("button", name="Reveal the cards").click()
    fay.get_by_text("Revealed every partner's cards.").wait_for()
    pair = fay.locator(".tm-sw-q-weakness .tm-sw-pair")
    pair.wait_for()
    assert pair.count() == 1  # the aligned pair, side by side
    cards = pair.locator(".tm-sw-card").all_inner_texts()
    assert "Weak data systems in districts" in cards[0] and "District data systems are weak" in cards[1]
    shares = fay.locator(".tm-sw-share").all_inner_texts()
    assert shares == ["0% aligned", "100% aligned", "no cards", "0% aligned"]
    fay.locator(".tm-sw-confirm").click()
    fay.locator(".tm-sw-q-weakness .tm-sw-pair", has_text="confirmed").wait_for()
    screenshot(fay, "swot-board")

    # the threat becomes an external factor on the map, in one step
    fay.locator('.tm-sw-card[data-partner="iph"]', has_text="Elections").locator(".tm-sw-make").click()
    fay.locator("#sw-make-modal").wait_for()
    assert fay.locator("#sw-make-kind").input_value() == "external_factor"
    fay.locator("#sw-make-save").click()
    fay.get_by_text("Added “Elections may stall the reform” (external factor) to the map.").wait_for()
    fay.locator(".tm-sw-card", has_text="Elections").locator(".tm-sw-on-map").wait_for()

    with fay.expect_download() as download:
        fay.locator(".tm-sw-export-csv").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert len(rows) == 4 and {r["pair_status"] for r in rows} == {"confirmed", "one-sided"}
    with fay.expect_download() as download:
        fay.locator(".tm-sw-export-png").click()
    assert open(download.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"

    fay.goto(app_url + "/maps/1")
    wait_for_canvas(fay)
    assert "Elections may stall the reform" in [node_label(fay, n) for n in node_ids(fay, "external_factor")]
    for page in (fay, ana, ben):
        page.context.close()


def test_both_partners_agree_the_purpose_and_a_rearticulation_shows_what_changed(browser, app_url):
    ana = open_foundations(browser, app_url, "ana@moh.org")
    ana.locator("#fd-purpose-text").fill("Better data for health decisions")
    ana.locator("#fd-purpose-save").click()
    ana.get_by_text("Saved the joint purpose.").wait_for()
    ana.locator("#fd-principle-text").fill("Budget decisions are taken jointly")
    ana.locator("#fd-principle-add").click()
    ana.locator("#fd-principles", has_text="Budget decisions are taken jointly").wait_for()
    ana.locator("#fd-purpose .tm-fd-agree").click()
    ana.locator("#fd-purpose .tm-fd-chip-agreed", has_text="MoH").wait_for()
    assert ana.locator("#fd-purpose .tm-fd-status").inner_text() == "Proposed"

    ben = open_foundations(browser, app_url, "ben@iph.org")
    ben.locator("#fd-purpose .tm-fd-agree").click()
    ben.locator("#fd-purpose .tm-fd-status", has_text="Agreed by all").wait_for()

    ben.goto(app_url + "/maps/1")  # the purpose heads the map page
    assert ben.locator("#map-purpose").inner_text().strip() == "Better data for health decisions"
    screenshot(ben, "map-with-purpose")

    fay = open_foundations(browser, app_url, "fac@x.org")
    fay.locator("#fd-ra-open").click()
    fay.locator("#fd-ra-modal").wait_for()
    assert fay.locator("#fd-ra-purpose").input_value() == "Better data for health decisions"
    fay.locator("#fd-ra-reason").fill("New director at the ministry")
    fay.locator("#fd-ra-purpose").fill("Better use of data for health decisions")
    fay.locator("#fd-ra-principles").fill("Budget decisions are taken jointly\nBoth sides report what they learned")
    fay.locator("#fd-ra-duties").fill("MoH: host the data warehouse\nAIPH: train district staff")
    fay.locator("#fd-ra-save").click()
    fay.get_by_text("Recorded version 1.").wait_for()
    fay.locator("#fd-versions", has_text="New director at the ministry").wait_for()
    table = fay.locator(".tm-fd-compare")
    table.wait_for()
    assert fay.locator(".tm-fd-compare .tm-fd-ins").first.inner_text().strip() == "use of"
    assert fay.locator(".tm-fd-row-added").count() == 3  # one principle and two responsibilities
    assert "Before the first re-articulation" in table.inner_text()
    screenshot(fay, "foundations-comparison")

    for page in (ana, ben):
        page.goto(app_url + "/maps/1/foundations")
        page.locator('[data-version="1"] .tm-fd-agree').click()
        page.locator('[data-version="1"] .tm-fd-chip-agreed').first.wait_for()
    ben.locator('[data-version="1"] .tm-fd-status', has_text="Agreed by all").wait_for()
    screenshot(ben, "foundations-endorsed")
    for page in (fay, ana, ben):
        page.context.close()


def test_what_a_partner_types_before_the_page_finishes_opening_is_kept(browser, app_url):
    ana = open_as(browser, app_url, "ana@moh.org", "/")
    held = []

    def hold_the_page_answer(route):  # a slow link: the page's first answer arrives after Ana began typing
        if "fd-purpose-text" in (route.request.post_data or ""):
            held.append(route)
        else:
            route.continue_()

    ana.route("**/_dash-update-component*", hold_the_page_answer)
    ana.goto(app_url + "/maps/1/foundations")
    ana.wait_for_function("() => document.querySelector('#fd-purpose-text') !== null")
    ana.locator("#fd-purpose-text").fill("Better data for health decisions")
    for _attempt in range(100):
        if held:
            break
        ana.wait_for_timeout(100)
    assert held, "the page never asked for its contents"
    held.pop().continue_()
    ana.get_by_text("What the partners state and commit to together").wait_for()
    ana.wait_for_timeout(500)
    assert ana.locator("#fd-purpose-text").input_value() == "Better data for health decisions"
    ana.context.close()
