"""The health check end to end: two partners answer privately, the facilitator reveals, twice."""

import pytest

from tests.browser.conftest import running_app, screenshot, sign_in
from tocmap.adapters.database import Database
from tocmap.adapters.migrate import upgrade
from tocmap.services import accounts, maps
from tocmap.services.access import SYSTEM

pytestmark = pytest.mark.browser
PASSWORD = "a long test password"
ALL_DIMS = ["trust", "mutuality", "ownership", "joint_purpose", "communication", "power", "commitment"]


@pytest.fixture
def app_url(tmp_path):
    """The app with the worked example; a facilitator and one member of each partner."""
    url = f"sqlite:///{tmp_path / 'health.db'}"
    db = Database(url)
    upgrade(db)
    maps.ensure_example(db)
    for email, name, role, partner in [("fac@x.org", "Fay", "facilitator", None), ("ana@moh.org", "Ana", "editor", "moh"),
                                       ("ben@iph.org", "Ben", "editor", "iph")]:
        accounts.create_user(db, email, name, PASSWORD)
        accounts.set_member(db, 1, email, role, partner, SYSTEM)
    db.dispose()
    with running_app(url) as running:
        yield running


def open_as(browser, url, email):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, url, email, PASSWORD)
    page.goto(url + "/maps/1/health")
    page.get_by_text("Partnership health check").first.wait_for()
    return page


def start(page, title, keep):
    page.locator("#health-start-title").fill(title)
    for key, label in zip(ALL_DIMS, page.locator("#health-start-dimensions label").all_inner_texts()):
        if key not in keep:
            page.locator("#health-start-dimensions label", has_text=label).click()
    page.locator("#health-start").click()
    page.get_by_text(f"Started “{title}”").wait_for()


def answer(page, scores, comments=None):
    page.reload()
    page.get_by_text("Your answer for").wait_for()
    for key, score in scores.items():
        page.locator(f'[data-dim="{key}"] label', has_text=f"{score} ·").click()
    for key, text in (comments or {}).items():
        page.locator(f'[data-dim="{key}"] textarea').fill(text)
    page.get_by_role("button", name="Save my answer").click()
    page.get_by_text("Saved your answer").wait_for()


def reveal(page):
    page.reload()
    page.get_by_text("Answered: Ana").wait_for()
    page.get_by_role("button", name="Reveal the answers").click()
    page.locator("#health-gaps").wait_for()


def radar_traces(page):
    page.wait_for_function("() => document.querySelectorAll('#health-radar .scatterlayer .trace').length > 0")
    return page.evaluate("() => document.querySelector('#health-radar .js-plotly-plot').data"
                         ".map(t => [t.type, t.name])")


def test_two_partners_answer_the_facilitator_reveals_and_the_trend_shows_the_change(browser, app_url):
    fay, ana, ben = (open_as(browser, app_url, e) for e in ("fac@x.org", "ana@moh.org", "ben@iph.org"))
    start(fay, "March workshop", ALL_DIMS)
    fay.get_by_text("You do not speak for a partner").wait_for()

    ana_scores = {"trust": 5, "mutuality": 5, "ownership": 4, "joint_purpose": 4, "communication": 4, "power": 4,
                  "commitment": 4}
    ben_scores = {"trust": 5, "mutuality": 2, "ownership": 3, "joint_purpose": 3, "communication": 3, "power": 2,
                  "commitment": 4}
    answer(ana, ana_scores, {"mutuality": "We learn a lot from our peers."})
    screenshot(ana, "health-answer-form")
    answer(ben, ben_scores, {"mutuality": "No goal of our own has been named."})
    assert "We learn a lot" not in ben.content()  # private before reveal

    reveal(fay)
    traces = radar_traces(fay)
    assert [t[0] for t in traces] == ["scatterpolar", "scatterpolar"]
    assert {t[1] for t in traces} == {"Ministry of Health, Republic of Lumora", "Aldria Institute of Public Health"}
    assert fay.locator("#health-radar .scatterlayer .trace").count() == 2  # two shapes drawn
    rows = fay.locator("#health-gaps tbody tr").all_inner_texts()
    assert rows[0].startswith("Mutuality and two-way learning") and "3.0" in rows[0]
    assert rows[1].startswith("Power balance and equity") and "2.0" in rows[1]
    assert rows[-1].startswith("Trust") or rows[-1].startswith("Commitment")
    fay.get_by_text("No goal of our own has been named.").wait_for()
    screenshot(fay, "health-revealed")

    ben.reload()  # everyone on the map sees the results now
    ben.get_by_text("We learn a lot from our peers.").wait_for()

    start(fay, "June review", ["trust", "mutuality", "power"])
    answer(ana, {"trust": 5, "mutuality": 4, "power": 4})
    answer(ben, {"trust": 5, "mutuality": 4, "power": 3})
    reveal(fay)
    assert fay.locator("#health-gaps tbody tr").count() == 3
    fay.wait_for_function("() => document.querySelectorAll('.tm-hc-trend .scatterlayer .trace').length === 2")
    points = fay.evaluate("() => document.querySelector('.tm-hc-trend .js-plotly-plot').data.map(t => t.y.length)")
    assert points == [2, 2]
    screenshot(fay, "health-two-rounds")
    for page in (fay, ana, ben):
        page.context.close()
