"""A French-speaking partner walks the main pages and meets no English of the interface.

The map's own texts stay in the language the partnership wrote them in (English here, marked "no
translation yet"), so the check looks for words of the interface only: a short list of distinctive
English words of buttons, headings and messages, and the month names of the charts.
"""

import re

import pytest

from tests.browser.canvas import wait_for_canvas
from tests.browser.conftest import example_with_members, running_app, screenshot, sign_in
from tests.web import ADMIN_PASSWORD

pytestmark = pytest.mark.browser

#: Words of the interface that would show English left behind (whole words, as written).
ENGLISH = ("Save", "Cancel", "Delete", "Undo", "Redo", "Search", "Filter", "Show all", "Edit", "Add", "Remove",
           "Close", "Export", "History", "Revision", "Baseline", "Target", "Actual", "Narrative", "Level", "Owner",
           "Partners", "People", "Checks", "Indicators", "Assumptions", "Outcomes", "Outputs", "Activities",
           "Sign out", "Account", "Password", "Language", "Invite", "Members", "Workshop", "Reveal", "Legend",
           "Means of verification", "No values", "Not saved", "Saved", "Jan", "Feb", "Apr", "May", "Jun", "Jul",
           "Aug", "Sep", "Oct", "Nov", "Dec", "January", "February", "March", "April", "June", "July",
           "August", "September", "October", "November", "December", "must", "cannot", "required", "Trust",
           "Shared ownership", "such as", "Changed", "Added", "Removed", "Moved", "Restored")
WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")
#: The map's own texts (English here): where they show, the check looks past them.
CONTENT = ".ag-cell, #cytoscape, .tm-map-title, .Select-value"


@pytest.fixture
def app_url(tmp_path):
    """The worked example; the ministry works in French and Amélie, its facilitator, reads French."""
    url = f"sqlite:///{tmp_path / 'tocmap.db'}"
    example_with_members(url, [("amelie@x.org", "Amélie", "facilitator", "moh")])
    from tocmap.adapters.database import Database
    from tocmap.services import invitations, partners
    from tocmap.services.access import SYSTEM
    from tocmap.services.accounts import authenticate, author_of

    db = Database(url)
    partners.update_partner(db, 1, "moh", {"language": "fr"}, SYSTEM)
    amelie = author_of(authenticate(db, "amelie@x.org", ADMIN_PASSWORD))
    link = invitations.invite(db, 1, "nouveau@x.org", "editor", "moh", amelie, base_url="http://x").link
    db.dispose()
    with running_app(url) as running:
        yield running, link.rsplit("/", 1)[1], url


@pytest.fixture
def french(browser, app_url):
    url = app_url[0]
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 768})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    sign_in(tab, url, "amelie@x.org", ADMIN_PASSWORD)
    yield tab
    context.close()


def english_on(page) -> list[str]:
    """The English interface words on the page, outside the map's own texts."""
    text = page.evaluate("""(content) => {
        const out = [], shown = (el) => el && !el.closest(content + ', script, style') && el.checkVisibility();
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            if (shown(walker.currentNode.parentElement)) out.push(walker.currentNode.textContent);
        }
        document.querySelectorAll('[title],[placeholder],[aria-label]').forEach(n => {
            if (shown(n)) out.push(n.title || '', n.placeholder || '', n.getAttribute('aria-label') || '');
        });
        return out.join(' ');
    }""", CONTENT)
    return sorted(set(WORDS.findall(text)))


def walked(page, name: str) -> list[str]:
    page.wait_for_timeout(600)  # callbacks fill the page after it loads
    screenshot(page, f"french-walk-{name}")
    return [f"{name}: {word}" for word in english_on(page)]


def test_a_french_reader_meets_no_english_on_the_main_pages(french, app_url):
    url, token, _database = app_url
    page, found = french, []
    page.goto(url + "/")
    page.get_by_role("button", name="Nouvelle carte").wait_for()
    found += walked(page, "home")

    page.goto(url + "/maps/1")
    wait_for_canvas(page)
    found += walked(page, "editor")
    tabs = page.locator("aside .nav-link")
    for index in range(tabs.count()):
        tabs.nth(index).click()
        found += walked(page, f"editor-tab-{index}")

    page.goto(url + "/maps/1?select=oc-1")
    wait_for_canvas(page)
    page.locator("#element-label").wait_for()
    found += walked(page, "editor-selected")
    page.get_by_role("tab", name="Tableaux").click()
    page.locator(".ag-row").first.wait_for()
    found += walked(page, "tables")
    for table in page.locator(".tm-tables [role=tab], .tm-tables .nav-link").all():
        table.click()
        found += walked(page, "tables-" + table.inner_text().split(" ")[0].lower())

    page.goto(url + "/maps/1/framework")
    page.locator(".tm-fw-grid .ag-row").first.wait_for()
    found += walked(page, "framework")

    page.goto(url + "/maps/1/health")
    page.locator("main").wait_for()
    found += walked(page, "health")

    page.goto(url + "/account")
    page.locator("#language").wait_for()
    found += walked(page, "account")

    page.goto(url + "/maps/1/setup")
    page.locator("main").wait_for()
    found += walked(page, "setup")

    stranger = page.context.browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 768})
    invited = stranger.new_page()
    invited.goto(url + f"/invite/{token}")
    invited.locator("main").wait_for()
    found += walked(invited, "invitation")
    stranger.close()
    assert not found, "English left on the French pages:\n" + "\n".join(found)


FRENCH_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def test_an_indicator_chart_names_its_months_in_french(french, app_url):
    page = french
    page.goto(app_url[0] + "/maps/1?select=oc-1&tab=indicators")
    ticks = page.locator(".tm-ind-chart .xtick text")
    ticks.first.wait_for()
    said = " ".join(ticks.all_text_contents())
    screenshot(page, "french-walk-indicator-chart")
    assert any(month in said for month in FRENCH_MONTHS), said
    assert not WORDS.search(said), said


def test_a_narrative_edited_in_french_on_the_framework_is_its_french_translation(french, app_url):
    from tocmap.adapters.database import Database
    from tocmap.services import maps
    from tocmap.services.access import SYSTEM

    page = french
    page.goto(app_url[0] + "/maps/1/framework")
    outcome = page.locator(".tm-fw-grid .ag-row[row-id='oc-1']")
    outcome.locator("[col-id='narrative']").click()
    label = page.locator("#framework-edit-label")
    label.wait_for(state="visible")
    source = label.input_value()
    page.get_by_text("Vous modifiez la traduction en français").wait_for()
    page.get_by_text("pas encore de traduction").first.wait_for()
    screenshot(page, "french-walk-framework-translating")
    label.fill("Les médecins-chefs de district agissent sur les données de surveillance")
    page.locator("#framework-edit-save").click()
    page.locator("#framework-edit-modal").wait_for(state="hidden")
    outcome.get_by_text("Les médecins-chefs de district agissent").wait_for()
    screenshot(page, "french-walk-framework-translated")

    db = Database(app_url[2])
    *_info, state = maps.get_map(db, 1, who=SYSTEM)
    db.dispose()
    element = state.elements["oc-1"]
    assert element.label == source, "the English source stays as it was"
    assert element.translations["fr"]["label"].text.startswith("Les médecins-chefs")
