"""Reminders: actions coming due or overdue, and indicator reporting by each indicator's reporting frequency.

A reminder has a *key* that names exactly what it is about (the action and its due date,
the indicator and the report due), so a sender records each key once per person and never
sends it twice, whichever process gets there first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from tocmap.domain.actions import Action
from tocmap.domain.model import Indicator
from tocmap.i18n import _

#: How many days ahead a reminder comes.
AHEAD_DAYS = 7

#: Reporting frequencies understood in an indicator's "frequency" text: (pattern, months, days).
CADENCES: tuple[tuple[str, int, int], ...] = (
    (r"\bdaily\b|\bevery day\b", 0, 1),
    (r"\bweekly\b|\bevery week\b", 0, 7),
    (r"\bfortnightly\b|\bbi-?weekly\b|\bevery two weeks\b", 0, 14),
    (r"\bmonthly\b|\bevery month\b", 1, 0),
    (r"\bquarterly\b|\bevery quarter\b|\bevery (3|three) months\b", 3, 0),
    (r"\bhalf[- ]?yearly\b|\bsemi[- ]?annual(ly)?\b|\bbiannual(ly)?\b|\bsix[- ]?monthly\b|\bevery (6|six) months\b", 6, 0),
    (r"\bannual(ly)?\b|\byearly\b|\bevery year\b|\bonce a year\b", 12, 0),
)


@dataclass(frozen=True)
class Reminder:
    """Something due for one person: what, on which map, when, and a link to it."""

    key: str
    user_id: int
    map_id: int
    kind: str  # "action_due", "action_overdue" or "indicator_report"
    about: str  # the action's title, or the indicator's name
    due: dt.date
    path: str
    late: bool = False  # its day has passed

    @property
    def title(self) -> str:
        """What is due, in the reader's language ("Draft the MoU", "Report “Reports on time”")."""
        return _("Report “{indicator}”", indicator=self.about) if self.kind == "indicator_report" else self.about


def cadence(frequency: str) -> tuple[int, int] | None:
    """(months, days) between reports for a frequency as people write it, or None when it says none we know.

    Examples
    --------
    >>> cadence("Quarterly"), cadence("collected monthly by districts"), cadence("Half-yearly")
    ((3, 0), (1, 0), (6, 0))
    >>> cadence("when possible") is None
    True
    """
    text = (frequency or "").casefold()
    for pattern, months, days in CADENCES:
        if re.search(pattern, text):
            return months, days
    return None


def _plus(day: dt.date, months: int, days: int) -> dt.date:
    """A date moved on by months (clamped to the month's end) and days.

    Examples
    --------
    >>> _plus(dt.date(2026, 1, 31), 1, 0)
    datetime.date(2026, 2, 28)
    """
    if months:
        total = day.year * 12 + day.month - 1 + months
        year, month = divmod(total, 12)
        month += 1
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        day = day.replace(year=year, month=month, day=min(day.day, (following - dt.timedelta(days=1)).day))
    return day + dt.timedelta(days=days)


def last_reported(indicator: Indicator) -> dt.date | None:
    """When the indicator last had a value: its latest observation, else its baseline, else its first period."""
    seen = [o.date or o.period.end for o in indicator.observations]
    if seen:
        return max(seen)
    if indicator.baseline is not None and indicator.baseline.date is not None:
        return indicator.baseline.date
    starts = [t.period.start for t in indicator.targets]
    return min(starts) if starts else None


def next_report(indicator: Indicator) -> dt.date | None:
    """When the next report of an active indicator is due (None without a known frequency or a starting point).

    Examples
    --------
    >>> from tocmap.domain.model import Baseline
    >>> i = Indicator(id="i", element="e", name="Districts reporting", frequency="Quarterly",
    ...               baseline=Baseline(value=3, date=dt.date(2026, 1, 15)))
    >>> next_report(i)
    datetime.date(2026, 4, 15)
    """
    every = cadence(indicator.frequency)
    last = last_reported(indicator)
    if indicator.status != "active" or every is None or last is None:
        return None
    return _plus(last, *every)


def action_reminders(actions: Iterable[Action], today: dt.date, ahead: int | None = AHEAD_DAYS) -> list[Reminder]:
    """A reminder to each owner of an action due within ``ahead`` days (None: any time), or overdue.

    Examples
    --------
    >>> made = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    >>> a = Action(id=4, map_id=1, title="Draft the MoU", owner_id=9, due=dt.date(2026, 3, 5), created_at=made)
    >>> [r.kind for r in action_reminders([a], dt.date(2026, 3, 1))], action_reminders([a], dt.date(2026, 2, 1))
    (['action_due'], [])
    >>> action_reminders([a], dt.date(2026, 3, 6))[0].key
    'action:4:2026-03-05:overdue'
    """
    found = []
    for action in actions:
        if action.closed or (ahead is not None and action.due > today + dt.timedelta(days=ahead)):
            continue
        late = action.overdue(today)
        found.append(Reminder(
            key=f"action:{action.id}:{action.due.isoformat()}:{'overdue' if late else 'due'}",
            user_id=action.owner_id, map_id=action.map_id, kind="action_overdue" if late else "action_due",
            about=action.title, due=action.due, path=f"/maps/{action.map_id}/actions#action-{action.id}", late=late))
    return found


def indicator_reminders(map_id: int, indicators: Iterable[Indicator], reporters: dict[str | None, list[int]],
                        today: dt.date, ahead: int | None = AHEAD_DAYS) -> list[Reminder]:
    """A reminder to each person who reports an indicator (``reporters`` by responsible partner; under None,
    those who report indicators that name no partner) when its next report is due within ``ahead`` days
    (None: any time) or overdue."""
    found = []
    for indicator in indicators:
        due = next_report(indicator)
        if due is None or (ahead is not None and due > today + dt.timedelta(days=ahead)):
            continue
        people = reporters.get(indicator.responsible_partner, [])
        found += [Reminder(key=f"indicator:{map_id}:{indicator.id}:{due.isoformat()}", user_id=user_id,
                           map_id=map_id, kind="indicator_report", about=indicator.name, due=due,
                           path=f"/maps/{map_id}/framework", late=due < today)
                  for user_id in people]
    return found
