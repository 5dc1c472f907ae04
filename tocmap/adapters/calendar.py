"""A person's reminders as an iCalendar feed (RFC 5545), written with the icalendar library, in the language of
the context it is made in (the person's)."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from tocmap.domain.reminders import Reminder
from tocmap.i18n import N_, _

KIND_WORDS = {"action_due": N_("Action due"), "action_overdue": N_("Action overdue"),
              "indicator_report": N_("Report due")}


def feed(name: str, reminders: list[tuple[str, Reminder]], site: str, domain: str = "tocmap") -> bytes:
    """One all-day event per reminder (``(map title, reminder)``), with a stable UID so calendars update it."""
    calendar = Calendar()
    calendar.add("prodid", "-//tocmap//actions and reporting//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"tocmap: {name}"[:200])
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for map_title, reminder in reminders:
        event = Event()
        about = reminder.key.split(":")[:3 if reminder.kind == "indicator_report" else 2]  # not the date
        event.add("uid", f"{'-'.join(about)}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", reminder.due)
        event.add("dtend", reminder.due + dt.timedelta(days=1))
        event.add("summary", f"{reminder.title} ({map_title})"[:300])
        event.add("description", _("{what} on the map “{map}”.", what=_(KIND_WORDS[reminder.kind]), map=map_title)
                  + f" {site}{reminder.path}")
        event.add("url", f"{site}{reminder.path}")
        calendar.add_component(event)
    return calendar.to_ical()
