"""The health check end to end: two partners answer privately, the facilitator reveals, twice."""

import csv
import io

import pytest

from tests.browser.canvas import node_ids, node_label, wait_for_canvas
from tests.browser.conftest import example_with_members, open_as, running_app, screenshot

pytestmark = pytest.mark.browser
ALL_DIMS = ["trust", "mutuality", "ownership", "joint_purpose", "communication", "power", "commitment"]


@pytest.fixture
def app_url(tmp_path):
    """The app with the worked example; a facilitator and one member of each partner."""
    url = f"sqlite:///{tmp_path / 'health.db'}"
    example_with_members(url, [("fac@x.org", "Fay", "facilitator", None), ("ana@moh.org", "Ana", "editor", "moh"),
                                       ("ben@iph.org", "Ben", "editor", "iph")])
    with running_app(url) as running:
        yield running


def open_health(browser, url, email):
    page = open_as(browser, url, email, "/maps/1/health")
    page.get_by_text("Each partner scores the relationship privately").wait_for()
    return page


def start(page, title, keep, custom=()):
    page.locator("#health-start-title").fill(title)
    for key, label in zip(ALL_DIMS, page.locator("#health-start-dimensions label").all_inner_texts()):
        if key not in keep:
            page.locator("#health-start-dimensions label", has_text=label).click()
    for own_title, statement, names in custom:
        page.locator("#health-custom-title").fill(own_title)
        page.locator("#health-custom-statement").fill(statement)
        page.locator("#health-custom-points").fill(str(len(names)))
        page.locator("#health-custom-names").fill(", ".join(names))
        page.locator("#health-custom-add").click()
        page.locator("#health-custom-list", has_text=own_title).wait_for()
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
    fay, ana, ben = (open_health(browser, app_url, e) for e in ("fac@x.org", "ana@moh.org", "ben@iph.org"))
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

    # turn the insight into action: a named joint goal on the map, linked back to the round
    fay.locator('tr[data-dim="joint_purpose"] .tm-hc-act').click()
    fay.locator("#health-act-modal").wait_for()
    assert fay.locator("#health-act-label").input_value() == "A named joint goal"
    screenshot(fay, "health-act-dialog")
    fay.locator("#health-act-save").click()
    fay.get_by_text("Added “A named joint goal” to the map").wait_for()
    fay.locator("#health-actions", has_text="A named joint goal").wait_for()
    assert "from the gap on Joint purpose" in fay.locator("#health-actions").inner_text()

    # a second round with a dimension of the facilitator's own, on a named 4-point scale
    start(fay, "June review", ["trust", "mutuality", "power"],
          custom=[("Data sharing", "We share the data we hold, on time.", ["Never", "Sometimes", "Often", "Always"])])
    answer(ana, {"trust": 5, "mutuality": 4, "power": 4, "data_sharing": 4})
    assert ana.locator('[data-dim="data_sharing"] label', has_text="4 · Always").count() == 1
    answer(ben, {"trust": 5, "mutuality": 4, "power": 3, "data_sharing": 1})
    reveal(fay)
    assert fay.locator("#health-gaps tbody tr").count() == 4
    rows = fay.locator("#health-gaps tbody tr").all_inner_texts()
    assert rows[0].startswith("Data sharing") and "3.0" in rows[0]  # the largest gap first
    traces = radar_traces(fay)
    assert len(traces) == 2 and fay.locator("#health-radar .scatterlayer .trace").count() == 2

    # the change between rounds: each partner's mean per dimension, biggest move first
    changes = fay.locator("#health-change tbody tr").all_inner_texts()
    assert len(changes) == 6  # trust, mutuality and power, scored in both rounds, for two partners
    assert changes[0].split("\t")[:2] == ["Mutuality and two-way learning", "AIPH"] and "+2.0" in changes[0]
    fay.wait_for_function("() => document.querySelectorAll('.tm-hc-trend .scatterlayer .trace').length === 2")
    points = fay.evaluate("() => document.querySelector('.tm-hc-trend .js-plotly-plot').data.map(t => t.y.length)")
    assert points == [2, 2]
    screenshot(fay, "health-two-rounds")

    # a learning-log entry from the largest gap, listed under the round with a link to the learning log
    ben.reload()
    ben.locator('tr[data-dim="data_sharing"] .tm-hc-act').click()
    ben.locator("#health-act-title", has_text="Turn the gap on Data sharing into action").wait_for()
    ben.locator("#health-act-what label", has_text="Write a learning-log entry").click()
    ben.locator("#health-act-text").fill("We never agreed what data each of us shares.")
    ben.locator("#health-act-save").click()
    ben.get_by_text("Wrote a learning-log entry from this round").wait_for()
    link = ben.locator("#health-actions .tm-hc-action-link", has_text="in the learning log")
    assert link.get_attribute("href") == "/maps/1/learning"

    # export: the results as CSV and the chart as PNG
    with fay.expect_download() as download:
        fay.locator(".tm-hc-export-csv").click()
    table = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert len(table) == 8 and table[0]["dimension"] == "Data sharing" and table[0]["gap"] == "3.00"
    with fay.expect_download() as download:
        fay.locator(".tm-hc-export-png").click()
    assert open(download.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"

    # the outcome made from the first round's gap is on the map
    fay.goto(app_url + "/maps/1")
    wait_for_canvas(fay)
    assert "A named joint goal" in [node_label(fay, n) for n in node_ids(fay, "outcome")]
    # and the rounds are part of the map's history
    fay.get_by_role("button", name="History").click()
    fay.get_by_text("Revealed the health check round “June review” (2 answers)").first.wait_for()
    fay.get_by_text("Started the health check round “June review” (4 dimensions)").first.wait_for()
    screenshot(fay, "health-in-history")
    for page in (fay, ana, ben):
        page.context.close()
