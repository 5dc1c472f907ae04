"""From the workshop to follow-through, end to end: actions, decisions, reminders by mail and calendar, journey."""

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.browser.conftest import example_with_members, open_as, running_app, screenshot
from tests.mailbox import smtp_server
from tests.web import ADMIN_PASSWORD

pytestmark = pytest.mark.browser
ROOT = Path(__file__).parents[2]
TOMORROW = dt.date.today() + dt.timedelta(days=1)


def with_revealed_round(url: str) -> None:
    """A revealed health check round on map 1 where the partners differ on trust."""
    from tocmap.adapters.database import Database
    from tocmap.services import accounts, health

    db = Database(url)
    fay, ana, ben = (accounts.author_of(accounts.authenticate(db, e, ADMIN_PASSWORD))
                     for e in ("fac@x.org", "ana@moh.org", "ben@iph.org"))
    round_ = health.start_round(db, 1, "March workshop", ["trust", "mutuality", "communication"], fay)
    health.answer(db, 1, round_.id, {"trust": 5, "mutuality": 4, "communication": 4}, {}, ana)
    health.answer(db, 1, round_.id, {"trust": 2, "mutuality": 4, "communication": 3}, {}, ben)
    health.reveal(db, 1, round_.id, fay)
    db.dispose()


@pytest.fixture
def database(tmp_path):
    url = f"sqlite:///{tmp_path / 'followthrough.db'}"
    example_with_members(url, [("fac@x.org", "Fay", "facilitator", "moh"), ("ana@moh.org", "Ana", "editor", "moh"),
                               ("ben@iph.org", "Ben", "editor", "iph")])
    with_revealed_round(url)
    return url


@pytest.fixture
def app_url(database):
    with running_app(database) as running:
        yield running


def choose(page, dropdown: str, option: str) -> None:
    """Pick an option of a dcc.Dropdown by its text."""
    page.locator(f"#{dropdown}").click()
    page.locator("[role=option]:not(option)").filter(has_text=option).first.click()
    page.keyboard.press("Escape")


def make_action_from_gap(browser, app_url, title: str):
    fay = open_as(browser, app_url, "fac@x.org", "/maps/1/health")
    fay.locator(".tm-hc-gap-row[data-dim=trust] .tm-hc-make-action").click()
    fay.wait_for_url("**/maps/1/actions?from=*")
    fay.locator("#ac-source", has_text="gap on Trust").wait_for()
    fay.locator("#ac-title").fill(title)
    choose(fay, "ac-owner", "Ben")
    fay.locator("#ac-due").fill(TOMORROW.isoformat())
    fay.locator("#ac-add").click()
    fay.locator(".tm-ac-item", has_text=title).wait_for()
    return fay


def test_an_action_from_a_health_check_gap_is_taken_by_its_owner_and_shown_overdue(browser, app_url, database):
    fay = make_action_from_gap(browser, app_url, "Agree how we share bad news")
    item = fay.locator(".tm-ac-item", has_text="Agree how we share bad news")
    assert "gap on Trust (3.0)" in item.inner_text() and "Ben" in item.inner_text()
    screenshot(fay, "followthrough-action-made")

    ben = open_as(browser, app_url, "ben@iph.org", "/maps/1/actions")
    row = ben.locator(".tm-ac-item", has_text="Agree how we share bad news")
    row.get_by_role("button", name="Take it").click()
    row.locator(".tm-ac-status", has_text="Taken").wait_for()

    a_week_later = sqlite3.connect(database.removeprefix("sqlite:///"))  # time passes: the due date is behind us
    with a_week_later:
        a_week_later.execute("UPDATE actions SET due = ?", ((dt.date.today() - dt.timedelta(days=6)).isoformat(),))
    a_week_later.close()
    ben.goto(app_url + "/actions")
    overdue = ben.locator(".tm-ac-is-overdue", has_text="Agree how we share bad news")
    overdue.locator(".tm-ac-overdue", has_text="Overdue by 6 days").wait_for()
    ben.locator(".tm-my-overdue", has_text="Agree how we share bad news").wait_for()
    colour = overdue.locator(".tm-ac-overdue").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(220, 53, 69)"  # Bootstrap's danger red
    ben.set_viewport_size({"width": 1366, "height": 768})
    screenshot(ben, "followthrough-my-actions-overdue")


def test_a_decision_needing_both_partners_is_taken_when_the_second_agrees(browser, app_url):
    ana = open_as(browser, app_url, "ana@moh.org", "/maps/1/actions")
    ana.locator("#dc-text").fill("Share district data every month")
    ana.locator("#dc-consulted").fill("District health officers")
    ana.locator("#dc-propose").click()
    card = ana.locator(".tm-dc-card", has_text="Share district data every month")
    card.get_by_role("button", name="Agree").click()
    card.locator(".tm-dc-open", has_text="waiting for AIPH").wait_for()
    ana.locator("#dc-rule").get_by_text("A vote with a threshold").click()
    ana.locator("#dc-text").fill("A vote without a threshold")
    ana.locator("#dc-propose").click()
    ana.locator("#toast", has_text="A vote needs a threshold").wait_for()
    assert ana.locator(".tm-dc-card", has_text="A vote without a threshold").count() == 0

    ben = open_as(browser, app_url, "ben@iph.org", "/maps/1/actions")
    ben_card = ben.locator(".tm-dc-card", has_text="Share district data every month")
    ben_card.get_by_role("button", name="Agree").click()
    ben_card.locator(".tm-dc-taken").wait_for()
    assert "AIPH: Agrees" in ben_card.inner_text() and "Consulted: District health officers" in ben_card.inner_text()
    ben.set_viewport_size({"width": 1366, "height": 768})
    screenshot(ben, "followthrough-decision-taken")
    ben.goto(app_url + "/maps/1/learning")
    ben.locator(".tm-ln-decisions", has_text="Share district data every month").wait_for()


def test_a_reminder_email_is_caught_once_and_the_calendar_feed_parses(browser, app_url, database):
    make_action_from_gap(browser, app_url, "Draft the data-sharing MoU")
    with smtp_server() as (mailbox, port):
        env = {**os.environ, "TOCMAP_SMTP_HOST": "127.0.0.1", "TOCMAP_SMTP_PORT": str(port),
               "TOCMAP_SMTP_TLS": "0", "TOCMAP_SMTP_FROM": "tocmap@example.org",
               "TOCMAP_BASE_URL": "https://tocmap.example.org"}
        for _ in range(2):  # cron runs it again: nothing is sent twice
            done = subprocess.run([sys.executable, "-m", "tocmap.cli", "remind", "--database", database], env=env,
                                  cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
        mail = {m["To"]: m.get_content() for m in mailbox.messages}
        assert len(mailbox.messages) == 2 and set(mail) == {"ben@iph.org", "fac@x.org"}
        assert "Draft the data-sharing MoU" in mail["ben@iph.org"]
        assert "https://tocmap.example.org/maps/1/actions" in mail["ben@iph.org"]
        assert "Report “Completeness of weekly IDSR reports”" in mail["fac@x.org"]  # the ministry reports it quarterly
        assert "Draft the data-sharing MoU" not in mail["fac@x.org"]
    assert "sent 0 messages" in done.stdout

    ben = open_as(browser, app_url, "ben@iph.org", "/actions")
    ben.get_by_role("button", name="Make my calendar address").click()
    address = ben.locator(".tm-my-feed-address").input_value()
    assert address.startswith(app_url + "/calendar/") and address.endswith(".ics")
    with urllib.request.urlopen(address) as response:  # no cookies: the secret address is the key
        assert response.headers["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.read())
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [
        "Draft the data-sharing MoU (Surveillance data for decisions: Lumora MoH and Aldria institute)"]
    assert events[0].decoded("DTSTART") == TOMORROW
    ben.set_viewport_size({"width": 1366, "height": 768})
    screenshot(ben, "followthrough-calendar")
    ben.get_by_role("button", name="Renew my calendar address").click()
    ben.wait_for_function("old => document.querySelector('.tm-my-feed-address').value !== old", arg=address)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(address)
    assert refused.value.code == 404


def test_the_journey_records_a_session_with_attendance_and_the_pack_prints(browser, app_url):
    fay = open_as(browser, app_url, "fac@x.org", "/maps/1/journey")
    fay.locator("#jr-stage-kind").select_option("strategic_meeting")
    fay.locator("#jr-stage-starts").fill(TOMORROW.isoformat())
    fay.locator("#jr-stage-add").click()
    fay.locator(".tm-jr-stage", has_text="Strategic meeting").wait_for()
    fay.locator("#jr-session-title").fill("Strategic meeting, Rabat")
    fay.locator("#jr-session-date").fill(TOMORROW.isoformat())
    choose(fay, "jr-session-stage", "Strategic meeting")
    fay.locator('[id*="jr-attendance"][id*="moh"]').fill("4")
    fay.locator('[id*="jr-attendance"][id*="iph"]').fill("3")
    fay.locator("#jr-session-add").click()
    fay.locator(".tm-jr-session", has_text="7 attending").wait_for()
    fay.locator("#jr-doc-title").fill("Briefing note")
    fay.locator("#jr-doc-url").fill("javascript:alert(1)")
    fay.locator("#jr-doc-add").click()
    fay.locator("#toast", has_text="web link").wait_for()
    fay.locator("#jr-doc-url").fill("https://example.org/briefing.pdf")
    choose(fay, "jr-doc-session", "Strategic meeting, Rabat")
    fay.locator("#jr-doc-add").click()
    fay.locator(".tm-jr-session a", has_text="Briefing note").wait_for()
    fay.set_viewport_size({"width": 1366, "height": 768})
    screenshot(fay, "followthrough-journey")
    fay.goto(app_url + "/maps/1/pack")
    text = fay.locator("main").inner_text()
    assert "partnership pack" in text.lower() and "Strategic meeting, Rabat" in text and "Briefing note" in text
    assert "March workshop" in text  # the latest health round
    screenshot(fay, "followthrough-pack")
