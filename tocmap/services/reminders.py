"""Reminders of actions due and of indicator reporting: in the app, by email, and as a calendar feed.

- In the app: :func:`my_reminders` (the "My actions" page).
- By email: :func:`send_due`, run by ``tocmap remind`` from cron. Before a message goes out,
  each of its reminders is recorded for its person under a unique key, in a transaction of
  its own; a second process (or a second run) finds the key taken and skips it, so nothing
  is sent twice. When sending fails the records are removed, so the next run tries again.
- As a calendar: each person may make a secret feed address (:func:`renew_calendar`); only
  its SHA-256 is stored, and renewing it ends the old address.

Indicator reports go to the members who report for the indicator's responsible partner
(MEL leads and facilitators of that partner; of every partner when the indicator names none).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from tocmap import i18n
from tocmap.adapters import calendar
from tocmap.adapters.mail import Mailer, MailNotSent
from tocmap.domain import reminders as rm
from tocmap.domain.access import ROLE_PERMISSIONS, Permission
from tocmap.domain.clock import now_ms
from tocmap.domain.errors import NotFound, NotSignedIn
from tocmap.domain.model import Author
from tocmap.i18n import _, format_date, ngettext
from tocmap.services import history
from tocmap.services.access import visible_maps
from tocmap.services.accounts import digest
from tocmap.services.actions import today as local_today
from tocmap.services.ports import Repositories, Storage
from tocmap.settings import Settings

REPORTING_ROLES = {r.value for r, granted in ROLE_PERMISSIONS.items() if Permission.EDIT_INDICATORS in granted}


def _reminders(store: Repositories, today: dt.date, ahead: int | None, map_ids: set[int] | None = None,
               user_id: int | None = None) -> list[tuple[str, rm.Reminder]]:
    """Every reminder due by ``today + ahead`` (None: any time), with its map's title, people and maps chosen."""
    maps = {m.id: m for m in store.maps() if map_ids is None or m.id in map_ids}
    last_day = today + dt.timedelta(days=ahead if ahead is not None else 3650)
    due_actions = [a for a in store.actions_due_by(last_day) if a.map_id in maps]
    found = rm.action_reminders(due_actions, today, ahead)
    for info in maps.values():
        reporters: dict[str | None, list[int]] = {}
        for member in store.members(info.id):
            if member.role in REPORTING_ROLES:
                if member.partner is not None:
                    reporters.setdefault(member.partner, []).append(member.user_id)
                reporters.setdefault(None, []).append(member.user_id)
        if reporters:
            state = history.state_at(store, info.id, info=info)
            found += rm.indicator_reminders(info.id, state.indicators.values(), reporters, today, ahead)
    chosen = [r for r in found if user_id is None or r.user_id == user_id]
    return [(maps[r.map_id].title, r) for r in sorted(chosen, key=lambda r: (r.due, r.map_id, r.key))]


def my_reminders(db: Storage, who: Author, today: dt.date | None = None) -> list[tuple[str, rm.Reminder]]:
    """Someone's reminders (due within a week, or overdue) on the maps they can see, with each map's title."""
    with db.store() as store:
        if who.user_id is None:
            raise NotSignedIn(_("Sign in first."))
        visible = visible_maps(store, who)
        return _reminders(store, today or local_today(), rm.AHEAD_DAYS, visible, who.user_id)


# --------------------------------------------------------------------------- email


@dataclass
class Sent:
    """What a run of :func:`send_due` did."""

    messages: int = 0
    reminders: int = 0
    skipped: int = 0  # already sent, by an earlier run or another process
    failed: list[str] = field(default_factory=list)
    waiting: int = 0  # due, but no mail server is set


def _message(name: str, items: list[tuple[str, rm.Reminder]], site: str) -> tuple[str, str]:
    """The subject and text of one person's reminders, in the language of this context (theirs)."""
    lines = [_("Hello {name},", name=name), "", _("This is what is due for you in tocmap:"), ""]
    for map_title, reminder in items:
        day = format_date(reminder.due)
        when = _("was due {day}", day=day) if reminder.late else _("due {day}", day=day)
        lines.append(f"- {reminder.title} ({map_title}): {when}\n  {site}{reminder.path}")
    lines += ["", _("All your actions: {link}", link=site + "/actions")]
    subject = ngettext("tocmap: {n} thing due", "tocmap: {n} things due", len(items))
    return subject, "\n".join(lines)


def send_due(db: Storage, settings: Settings, today: dt.date | None = None) -> Sent:
    """Mail each person the reminders not sent to them before: one message each; never the same reminder twice."""
    today = today or local_today()
    sent = Sent()
    with db.store() as store:
        due = _reminders(store, today, rm.AHEAD_DAYS)
        people = {u.id: u for u in store.users()}
    mailer = Mailer.from_settings(settings)
    by_person: dict[int, list[tuple[str, rm.Reminder]]] = {}
    for map_title, reminder in due:
        by_person.setdefault(reminder.user_id, []).append((map_title, reminder))
    for user_id, items in by_person.items():
        person = people.get(user_id)
        if person is None or not person.email:
            continue  # workshop guests have no address: their reminders stay in the app
        if mailer is None:
            sent.waiting += len(items)
            continue
        claimed = []
        for map_title, reminder in items:
            with db.store(write=True) as store:
                if store.claim_reminder(user_id, reminder.key, now_ms()):
                    claimed.append((map_title, reminder))
                else:
                    sent.skipped += 1
        if not claimed:
            continue
        try:
            with i18n.using(person.language):  # the account's language, else English
                subject, text = _message(person.name, claimed, settings.site)
            mailer.send(person.email, subject, text)
        except MailNotSent as error:
            with db.store(write=True) as store:
                store.unclaim_reminders(user_id, [r.key for _, r in claimed])
            sent.failed.append(str(error))
            continue
        sent.messages += 1
        sent.reminders += len(claimed)
    return sent


# --------------------------------------------------------------------------- calendar feed


def renew_calendar(db: Storage, who: Author) -> str:
    """Make (or renew) someone's secret calendar feed token; the old address stops working. Shown once."""
    if who.user_id is None:
        raise NotSignedIn(_("Sign in first."))
    token = secrets.token_urlsafe(24)
    with db.store(write=True) as store:
        if store.user(who.user_id) is None:
            raise NotSignedIn(_("Sign in first."))
        store.set_calendar_feed(who.user_id, digest(token), now_ms())
    return token


def calendar_made(db: Storage, who: Author) -> dt.datetime | None:
    """When someone's current feed address was made (None: they have none)."""
    if who.user_id is None:
        return None
    with db.store() as store:
        return store.calendar_feed_made(who.user_id)


def calendar_feed(db: Storage, token: str, site: str, today: dt.date | None = None) -> bytes:
    """The iCalendar feed a secret token opens: the person's open actions and upcoming reports, on their maps."""
    with db.store() as store:
        user_id = store.calendar_feed_user(digest(token)) if isinstance(token, str) and len(token) < 100 else None
        user = store.user(user_id) if user_id is not None else None
        if user is None:
            raise NotFound(_("This calendar address is not valid (it may have been renewed)."))
        visible = None if user.is_admin else store.map_ids_of(user.id)
        items = _reminders(store, today or local_today(), None, visible, user.id)
    with i18n.using(user.language):  # a calendar app asks in no language: the account's, else English
        return calendar.feed(user.name, items, site)
