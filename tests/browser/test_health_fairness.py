"""A fairer health check end to end: an assessor, a "don't know" and an anonymous comment, revealed and diagnosed."""

import pytest

from tests.browser.conftest import example_with_members, running_app, screenshot
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
