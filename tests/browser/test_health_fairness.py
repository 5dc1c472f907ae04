"""A fairer health check end to end: an assessor, a "don't know" and an anonymous comment, revealed and diagnosed;
review points, among them a decision left open too long."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    ADMIN_PASSWORD,
    example_with_members,
    running_app,
    screenshot,
)
from tests.browser.test_health import open_health, radar_traces, start

pytestmark = pytest.mark.browser
DIMS = ["trust", "mutuality", "power"]


@pytest.fixture
def app_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'fair.db'}"
    example_with_members(url, [("fac@x.org", "Fay", "facilitator", None), ("ana@moh.org", "Ana", "editor", "moh"),
                               ("ben@iph.org", "Ben", "editor", "iph"), ("ida@x.org", "Ida", "assessor", None)])
    with running_app(url) as running:
        yield running


def answer(page, scores, heading="Your answer for"):
    page.reload()
    page.get_by_text(heading).wait_for()
    for key, score in scores.items():
        page.locator(f'[data-dim="{key}"] label', has_text=score if isinstance(score, str) else f"{score} ·").click()
    page.get_by_role("button", name="Save my answer").click()
    page.get_by_text("Saved your answer").wait_for()


def test_a_round_with_an_assessor_a_dont_know_and_an_anonymous_comment_is_revealed_and_diagnosed(browser, app_url):
    fay, ana, ben, ida = (open_health(browser, app_url, e) for e in ("fac@x.org", "ana@moh.org", "ben@iph.org",
                                                                        "ida@x.org"))
    start(fay, "June review", DIMS)
    answer(ana, {"trust": 5, "mutuality": "Don't know", "power": 4})
    answer(ben, {"trust": 4, "mutuality": 2, "power": 2})
    answer(ida, {"trust": 3, "mutuality": 3, "power": 1}, heading="Your answer as independent assessor")

    ben.locator("#health-anonymous-text").fill("Budget decisions reach us after they are made.")
    ben.get_by_role("button", name="Add anonymously").click()
    ben.get_by_text("Added your comment, without your name").wait_for()
    fay.reload()
    fay.get_by_text("1 anonymous comment so far.").wait_for()
    assert "Ben" not in fay.locator("#health-anonymous-count").inner_text()
    assert "Ida (independent assessor)" in fay.locator(".tm-hc-facilitator").inner_text()

    fay.get_by_role("button", name="Reveal the answers").click()
    fay.locator("#health-gaps").wait_for()
    gaps = fay.locator("#health-gaps").inner_text()
    assert "Assessor" in gaps
    trust = fay.locator('#health-gaps tr[data-dim="trust"]').inner_text().split("\t")
    assert trust[1:4] == ["5.0", "4.0", "1.0"] and trust[5] == "3.0"  # the assessor beside, not in the gap
    assert fay.locator('#health-gaps tr[data-dim="mutuality"]').inner_text().split("\t")[3] == "—"  # one side scored
    fair = fay.locator("#health-fair").inner_text()
    assert "MoH Lumora on Mutuality and two-way learning: 1 don't know" in fair
    assert "“Budget decisions reach us after they are made.”" in fair
    assert ["scatterpolar", "Independent assessor"] in radar_traces(fay)

    fay.locator("#health-diagnosis-text").fill("Trust is real; power over the budget is not shared.")
    fay.get_by_role("button", name="Save the diagnosis").click()
    fay.get_by_text("Saved the diagnosis").wait_for()
    for page in (ana, ben):
        page.reload()
        page.get_by_role("button", name="Agree for my partner").click()
        page.get_by_text("Agreed the diagnosis for your partner").wait_for()
    fay.reload()
    fay.get_by_text("Agreed by every partner.").wait_for()
    fay.locator("#health-review-title").fill("Power balance falls below 2.5")
    fay.locator("#health-review-line").fill("2.5")
    fay.locator("#health-review-dimension").select_option(label="Power balance and equity")
    fay.locator("#health-review-add").click()
    fay.locator('.tm-hc-review-met').wait_for()
    assert "AIPH scored Power balance and equity 2 in “June review”, below 2.5" in fay.locator(
        "#health-review").inner_text()
    fay.set_viewport_size({"width": 1366, "height": 768})
    fay.locator("#health-gaps").scroll_into_view_if_needed()
    fay.screenshot(path=str(screenshot(fay, "health-fair-results")))
    fay.locator("#health-diagnosis").scroll_into_view_if_needed()
    fay.screenshot(path=str(screenshot(fay, "health-fair-diagnosis")))
    fay.locator("#health-review").scroll_into_view_if_needed()
    fay.screenshot(path=str(screenshot(fay, "health-review-points")))


@pytest.fixture
def slow_decision_url(tmp_path):
    """The app with one decision proposed 45 days ago and still open, and one proposed today."""
    import time

    from sqlalchemy import update

    from tocmap.adapters.database import Database
    from tocmap.adapters.followthrough import DECISIONS
    from tocmap.services import accounts, decisions

    url = f"sqlite:///{tmp_path / 'slow.db'}"
    example_with_members(url, [("fac@x.org", "Fay", "facilitator", None), ("ana@moh.org", "Ana", "editor", "moh")])
    db = Database(url)
    ana = accounts.author_of(accounts.authenticate(db, "ana@moh.org", ADMIN_PASSWORD))
    slow = decisions.propose(db, 1, text="Share district data every month", rule="each_partner", who=ana)
    decisions.propose(db, 1, text="Hire a data manager", rule="consensus", who=ana)
    with db.engine.begin() as connection:  # as if proposed at a workshop 45 days ago
        connection.execute(update(DECISIONS).where(DECISIONS.c.id == slow.id).values(
            created_ms=int(time.time() * 1000) - 45 * 86_400_000 - 3_600_000))
    db.dispose()
    with running_app(url) as running:
        yield running


def test_a_decision_open_longer_than_the_line_shows_as_a_review_finding(browser, slow_decision_url):
    fay = open_health(browser, slow_decision_url, "fac@x.org")
    fay.locator("#health-review-title").fill("Decide within a month")
    fay.locator("#health-review-kind").select_option(label="A decision stays open (not taken) longer than a "
                                                           "number of days")
    fay.locator("#health-review-line-hint", has_text="days a decision may stay open").wait_for()
    expect(fay.locator("#health-review-dimension")).to_be_disabled()
    assert fay.get_by_label("Line: days a decision may stay open, such as 30").count() == 1
    fay.locator("#health-review-line").fill("2.5")
    fay.locator("#health-review-add").click()
    fay.get_by_text("A decision's line is a whole number of days from 1 to 3650, not 2.5.").wait_for()
    assert "No review points yet." in fay.locator("#health-review").inner_text()  # nothing written
    fay.locator("#health-review-line").fill("30")
    fay.locator("#health-review-add").click()
    met = fay.locator(".tm-hc-review-met", has_text="Decide within a month")
    met.wait_for()
    said = met.inner_text()
    assert "“Share district data every month” has been open 45 days" in said and "longer than 30 days" in said
    assert "Hire a data manager" not in said and "30 days" in said
    fay.set_viewport_size({"width": 1366, "height": 768})
    fay.locator("#health-review").scroll_into_view_if_needed()
    screenshot(fay, "health-review-decision-overdue")
