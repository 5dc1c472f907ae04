"""Reminders, on SQLite and PostgreSQL: who gets what, mail sent once even by several senders at once, the feed."""

import dataclasses
import datetime as dt
import threading

import pytest
from icalendar import Calendar

from tocmap.adapters.database import Database
from tocmap.domain.errors import NotFound
from tocmap.services import actions, reminders
from tocmap.settings import load_settings
from tests.mailbox import free_port, smtp_server
from tests.services.conftest import make_team

TODAY = dt.date.today()


@pytest.fixture
def people(real_db):
    return real_db, *make_team(real_db)


def settings_for(port: int | None):
    settings = load_settings(database_url="sqlite://")
    if port is None:
        return dataclasses.replace(settings, smtp_host=None)
    return dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=port, smtp_tls=False,
                               smtp_from="tocmap@example.org", base_url="https://tocmap.example.org")


def due_for_ben(db, map_id, p, days=2, title="Send the district reports"):
    return actions.make_action(db, map_id, title=title, owner_id=p["ben"].user_id,
                               due=TODAY + dt.timedelta(days=days), who=p["fac"])


def test_an_owner_is_reminded_of_actions_due_within_a_week_and_reporters_of_their_partners_indicators(people):
    db, map_id, p = people
    due_for_ben(db, map_id, p)
    due_for_ben(db, map_id, p, days=30, title="Far away")
    ben = [(r.kind, r.title) for _, r in reminders.my_reminders(db, p["ben"])]
    assert ben == [("action_due", "Send the district reports")]
    mel = {r.title for _, r in reminders.my_reminders(db, p["mel"])}  # MEL lead of the institute
    fac = {r.title for _, r in reminders.my_reminders(db, p["fac"])}  # facilitator speaking for the ministry
    assert "Report “Stage of the institute's offline field training”" in mel
    assert "Report “Completeness of weekly IDSR reports”" in fac and not mel & fac
    assert reminders.my_reminders(db, p["ana"]) == []  # an editor reports no indicators
    assert reminders.my_reminders(db, p["out"]) == []  # nothing from maps one is not on


def test_reminders_are_mailed_once_per_person_and_never_twice(people):
    db, map_id, p = people
    due_for_ben(db, map_id, p)
    with smtp_server() as (box, port):
        first = reminders.send_due(db, settings_for(port))
        again = reminders.send_due(db, settings_for(port))
        to = sorted(m["To"] for m in box.messages)
    assert to == ["ben@example.org", "fac@example.org", "mel@example.org"]
    assert first.messages == 3 and again.messages == 0 and again.skipped == first.reminders
    ben = next(m for m in box.messages if m["To"] == "ben@example.org").get_content()
    assert "Send the district reports" in ben and "https://tocmap.example.org/maps/1/actions#action-" in ben


def test_an_overdue_action_is_a_new_reminder_after_the_due_one(people):
    db, map_id, p = people
    due_for_ben(db, map_id, p)
    with smtp_server() as (box, port):
        reminders.send_due(db, settings_for(port))
        reminders.send_due(db, settings_for(port), today=TODAY + dt.timedelta(days=3))
        ben = [m.get_content() for m in box.messages if m["To"] == "ben@example.org"]
    assert len(ben) == 2 and "was due" in ben[1]


def test_several_senders_at_once_send_each_reminder_once(people):
    db, map_id, p = people
    due_for_ben(db, map_id, p)
    results = []
    with smtp_server() as (box, port):
        def one_process():
            own = Database(db.url.render_as_string(hide_password=False))  # as another process would
            try:
                results.append(reminders.send_due(own, settings_for(port)))
            finally:
                own.dispose()
        senders = [threading.Thread(target=one_process) for _ in range(4)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(60)
        sent = [(m["To"], line) for m in box.messages for line in m.get_content().splitlines() if line.startswith("- ")]
    assert len(sent) == len(set(sent)) == sum(r.reminders for r in results)
    assert {to for to, _ in sent} == {"ben@example.org", "fac@example.org", "mel@example.org"}


def test_without_a_mail_server_nothing_is_recorded_as_sent_and_a_failed_send_is_retried(people):
    db, map_id, p = people
    due_for_ben(db, map_id, p)
    waiting = reminders.send_due(db, settings_for(None))
    assert waiting.messages == 0 and waiting.waiting >= 1
    closed = free_port()  # a port nobody listens on
    refused = reminders.send_due(db, settings_for(closed))
    assert refused.messages == 0 and refused.failed and "could not be sent" in refused.failed[0]
    with smtp_server() as (box, port):
        assert reminders.send_due(db, settings_for(port)).messages == 3


def test_the_calendar_feed_lists_open_actions_and_stops_working_when_renewed(people):
    db, map_id, p = people
    made = due_for_ben(db, map_id, p, days=40, title="Review the MoU")
    token = reminders.renew_calendar(db, p["ben"])
    calendar = Calendar.from_ical(reminders.calendar_feed(db, token, "https://tocmap.example.org"))
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]).split(" (")[0] for e in events] == ["Review the MoU"]
    assert events[0].decoded("DTSTART") == made.due and str(events[0]["UID"]) == f"action-{made.id}@tocmap"
    assert str(events[0]["URL"]) == f"https://tocmap.example.org/maps/{map_id}/actions#action-{made.id}"
    actions.set_status(db, map_id, made.id, "done", p["ben"])
    assert Calendar.from_ical(reminders.calendar_feed(db, token, "x")).walk("VEVENT") == []
    renewed = reminders.renew_calendar(db, p["ben"])
    with pytest.raises(NotFound):
        reminders.calendar_feed(db, token, "x")
    with pytest.raises(NotFound):
        reminders.calendar_feed(db, "guessed", "x")
    assert reminders.calendar_feed(db, renewed, "x").startswith(b"BEGIN:VCALENDAR")


def test_reminders_and_the_calendar_speak_the_language_of_each_account(people):
    from tocmap.services.account_admin import update_profile

    db, map_id, p = people
    update_profile(db, p["ben"], language="fr")
    due_for_ben(db, map_id, p, days=3)
    with smtp_server() as (box, port):
        reminders.send_due(db, settings_for(port))
    ben = next(m for m in box.messages if m["To"] == "ben@example.org")
    assert ben["Subject"] == "tocmap : 1 échéance"
    text = ben.get_content()
    assert text.startswith("Bonjour ") and "Voici ce qui vous attend dans tocmap" in text
    assert "Send the district reports" in text and "échéance le " in text and "Toutes vos actions" in text
    fac = next(m for m in box.messages if m["To"] == "fac@example.org")  # no language chosen: English
    assert fac.get_content().startswith("Hello ") and "Report “Completeness of weekly IDSR reports”" in \
        fac.get_content()
    token = reminders.renew_calendar(db, p["ben"])
    [event] = Calendar.from_ical(reminders.calendar_feed(db, token, "https://x")).walk("VEVENT")
    assert str(event["DESCRIPTION"]).startswith("Action à échéance sur la carte « ")
