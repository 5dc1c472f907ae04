"""A facilitator with only a browser sets up a partnership, from a fresh server and with no command line.

Makes a blank map, adds two partners, invites one person for each (the links go by email to a
local SMTP server); each accepts in their own browser; both answer a health-check round and
agree an element; the Partners tab shows the balance between them.
"""

import re

import pytest

from tests.browser.canvas import click_node
from tests.browser.conftest import running_app, screenshot, sign_in
from tests.browser.test_editor import add, save_label
from tests.mailbox import smtp_server

pytestmark = pytest.mark.browser
PASSWORD = "a long invitee password"
SCORES = {"trust": 4, "mutuality": 3, "ownership": 3, "joint_purpose": 5, "communication": 4, "power": 2,
          "commitment": 4}


@pytest.fixture
def served(tmp_path):
    """A fresh server (the worked example and the administrator from settings) that sends mail."""
    with smtp_server() as (mailbox, port):
        settings = {"TOCMAP_SMTP_HOST": "127.0.0.1", "TOCMAP_SMTP_PORT": str(port), "TOCMAP_SMTP_TLS": "0",
                    "TOCMAP_SMTP_FROM": "tocmap@partnership.example"}
        with running_app(f"sqlite:///{tmp_path / 'setup.db'}", settings) as url:
            yield url, mailbox


def wait_for_editor(page) -> None:
    page.wait_for_function("() => window.cy && window.cy._tocmapHooked")


def add_partner(page, name, short, organisations=""):
    page.fill("#setup-partner-name", name)
    page.fill("#setup-partner-short", short)
    page.fill("#setup-partner-orgs", organisations)
    page.click("#setup-partner-save")
    page.locator("#setup-partners .tm-partner-row", has_text=name).wait_for()


def invite(page, email, partner):
    page.fill("#setup-invite-email", email)
    page.select_option("#setup-invite-partner", label=partner)
    page.click("#setup-invite-send")
    page.locator(".tm-invite-sent", has_text=email).wait_for()
    assert f"Emailed to {email}" in page.inner_text(".tm-invite-sent")
    return page.input_value("#setup-invite-link")


def accept(browser, link, name):
    """A new browser, with nobody signed in, that opens the link and creates the account."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(link)
    page.get_by_text("You are invited").wait_for()
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Create my account and open the map").click()
    page.wait_for_url("**/maps/2")
    wait_for_editor(page)
    return page


def answer(page):
    page.goto(page.url.split("/maps/")[0] + "/maps/2/health")
    page.get_by_text("Your answer for").wait_for()
    for key, score in SCORES.items():
        page.locator(f'[data-dim="{key}"] label', has_text=f"{score} ·").click()
    page.get_by_role("button", name="Save my answer").click()
    page.get_by_text("Saved your answer").wait_for()


def test_a_facilitator_sets_up_a_partnership_with_only_a_browser(browser, served):
    url, mailbox = served
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, url)  # the administrator, who becomes the facilitator of the map they make

    # a blank map leads to the set-up page
    page.get_by_role("button", name="New map").click()
    page.get_by_label("Title").fill("Water and sanitation partnership")
    page.get_by_text("Blank map").click()
    page.get_by_role("button", name="Create map").click()
    page.wait_for_url("**/maps/2/setup")
    page.get_by_text("No partners yet").wait_for()

    # step 1: two partners, one a group of organisations
    add_partner(page, "Ministry of Water", "MoW")
    add_partner(page, "Development partners", "DP", "UNICEF\nWHO")
    page.locator("#setup-partners", has_text="UNICEF, WHO").wait_for()
    screenshot(page, "setup-partners")

    # step 2: one person for each, by email
    page.get_by_role("button", name="Next: People").click()
    amina_link = invite(page, "amina@water.example", "Ministry of Water")
    kofi_link = invite(page, "kofi@dp.example", "Development partners")
    page.locator(".tm-invitations", has_text="kofi@dp.example").wait_for()
    screenshot(page, "setup-people")
    assert mailbox.links("/invite/") == [amina_link, kofi_link]

    # step 3: the joint purpose, then the map
    page.get_by_role("button", name="Next: Joint purpose").click()
    page.fill("#setup-purpose-text", "Every district has safe water and reports on it")
    page.click("#setup-purpose-save")
    page.get_by_text("The joint purpose is saved").wait_for()
    page.get_by_role("button", name="Done: open the map").click()
    page.wait_for_url("**/maps/2")
    wait_for_editor(page)

    # each accepts in their own browser and lands on the map, speaking for their partner
    amina, kofi = accept(browser, amina_link, "Amina Diallo"), accept(browser, kofi_link, "Kofi Mensah")
    assert "Amina Diallo · MoW · Editor" in amina.inner_text(".tm-you")
    assert "Kofi Mensah · DP · Editor" in kofi.inner_text(".tm-you")

    # a health-check round: both answer for their partner
    page.goto(url + "/maps/2/health")
    page.locator("#health-start-title").fill("First check")
    page.locator("#health-start").click()
    page.get_by_text("Started “First check”").wait_for()
    answer(amina)
    answer(kofi)
    page.reload()
    page.get_by_text("Answered: Amina Diallo").wait_for()
    page.get_by_role("button", name="Reveal the answers").click()
    page.locator("#health-gaps").wait_for()

    # Amina proposes an outcome; both agree it
    amina.goto(url + "/maps/2")
    wait_for_editor(amina)
    outcome = add(amina, "Outcome")
    save_label(amina, "Districts report water quality monthly")
    amina.locator("#panel-agreement").get_by_role("button", name="Agree").click()
    amina.locator("#panel-agreement").get_by_text("agreed", exact=True).wait_for()
    kofi.goto(url + "/maps/2")
    wait_for_editor(kofi)
    kofi.wait_for_function("(id) => window.cy.getElementById(id).nonempty()", arg=outcome)
    click_node(kofi, outcome)
    kofi.locator("#panel-agreement").get_by_role("button", name="Agree").click()
    kofi.wait_for_function("(id) => window.cy.getElementById(id).data('agreement') === 'agreed'", arg=outcome)

    # the Partners tab shows the balance between them
    page.goto(url + "/maps/2")
    wait_for_editor(page)
    page.get_by_role("tab", name="Partners").click()
    rows = page.locator(".tm-balance tbody tr")
    rows.first.wait_for()
    balance = {r.split()[0]: [int(n) for n in re.findall(r"\d+", r)] for r in rows.all_inner_texts()}
    assert balance == {"MoW": [1, 1, 1], "DP": [0, 0, 1]}  # proposed, owns, agreed
    screenshot(page, "setup-partners-tab-balance")
    for other in (page, amina, kofi):
        other.context.close()
