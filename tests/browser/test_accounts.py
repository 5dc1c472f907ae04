"""Accounts in the app: one's own account page, the administrators' accounts page, a forgotten password."""

import pytest

from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_partnership_setup import served  # noqa: F401 - a fixture: the app, sending mail

pytestmark = pytest.mark.browser


def new_tab(browser):
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.set_default_timeout(15_000)
    return page


def invite_and_accept(browser, url, admin, email, name):
    """The administrator invites someone to map 1 from its set-up page; they accept in their own browser."""
    admin.goto(url + "/maps/1/setup")
    admin.get_by_role("tab", name="2 · People").click()
    admin.fill("#setup-invite-email", email)
    admin.click("#setup-invite-send")
    admin.locator(".tm-invite-sent", has_text=email).wait_for()
    link = admin.input_value("#setup-invite-link")
    person = new_tab(browser)
    person.goto(link)
    person.fill("#name", name)
    person.fill("#password", "a long enough password")
    screenshot(person, "invite-accept")
    person.get_by_role("button", name="Create my account and open the map").click()
    person.wait_for_url("**/maps/1")
    return person


def test_everyone_keeps_their_own_account_and_administrators_manage_all(browser, served):  # noqa: F811
    url, mailbox = served
    admin = new_tab(browser)
    sign_in(admin, url)
    amina = invite_and_accept(browser, url, admin, "amina@moh.example", "Amina")

    # Amina changes her name, language and password on her account page
    amina.get_by_role("link", name="Amina").click()
    amina.wait_for_url("**/account")
    amina.fill("#name", "Amina Diallo")
    amina.select_option("#language", "fr")
    amina.get_by_role("button", name="Save").click()
    amina.get_by_text("Votre nom et votre langue sont enregistrés.").wait_for()  # the page reads French at once
    assert amina.get_attribute("html", "lang") == "fr"
    amina.fill("#current", "a long enough password")
    amina.fill("#password", "short")
    amina.evaluate("() => document.querySelector('#password').removeAttribute('minlength')")
    amina.get_by_role("button", name="Changer le mot de passe").click()
    amina.locator(".alert-danger").wait_for()  # a password needs at least 10 characters
    screenshot(amina, "account-page")

    # the administrator sees every account, disables Amina, issues a reset link
    admin.goto(url + "/admin/accounts")
    row = admin.locator(".tm-accounts tr", has_text="amina@moh.example")
    row.get_by_role("button", name="Disable").click()
    admin.get_by_text("Amina Diallo is disabled.").wait_for()
    amina.reload()
    amina.wait_for_url("**/signin**")  # her session ends with the account
    admin.locator(".tm-accounts tr", has_text="amina@moh.example").get_by_role("button", name="Enable").click()
    admin.locator(".tm-accounts tr", has_text="amina@moh.example").get_by_role("button", name="Reset link").click()
    link = admin.input_value(".tm-reset-link input")
    screenshot(admin, "admin-accounts")
    amina.goto(link)
    amina.fill("#password", "a new long password")
    amina.get_by_role("button", name="Save and sign in").click()
    amina.wait_for_url(url + "/")
    amina.goto(link)
    amina.locator(".alert-danger").wait_for()  # the link expired or was already used (she reads French now)

    # a forgotten password: a reset link by email
    stranger = new_tab(browser)
    stranger.goto(url + "/signin")
    stranger.get_by_role("link", name="Forgot your password?").click()
    stranger.fill("#email", "amina@moh.example")
    stranger.get_by_role("button", name="Send me a link").click()
    stranger.get_by_text("a link to choose a new password is on its way").wait_for()
    screenshot(stranger, "forgot-password")
    [emailed] = mailbox.links("/reset/")
    stranger.goto(emailed)
    stranger.fill("#password", "the newest long password")
    stranger.get_by_role("button", name="Save and sign in").click()
    stranger.wait_for_url(url + "/")
    sign_in(new_tab(browser), url, "amina@moh.example", "the newest long password")


def test_an_administrator_reads_what_was_refused_to_whom_and_why(browser, app_url):
    from tests.browser.canvas import click_node, node_ids, wait_for_canvas

    admin = new_tab(browser)
    sign_in(admin, app_url)
    admin.goto(app_url + "/maps/1")
    wait_for_canvas(admin)
    click_node(admin, node_ids(admin, "outcome")[0])
    admin.locator("#editor-connect-to-button").click()  # no element chosen: refused
    admin.get_by_text("Choose the element it leads to first.").wait_for()

    admin.goto(app_url + "/admin/accounts")
    admin.get_by_role("link", name="Recent refusals").click()
    admin.wait_for_url("**/admin/refusals")
    row = admin.locator(".tm-refusals tr", has_text="Choose the element it leads to first.")
    row.wait_for()
    assert row.locator("td").nth(1).inner_text().strip()  # who was refused
    screenshot(admin, "admin-refusals")
