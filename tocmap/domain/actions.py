"""Actions: what partners commit to doing after a workshop, each with an owner, a due date and a status.

An action is made on its own or from something the partners saw: a health-check gap, a
SWOT card, a learning entry, a comment or an element. It names its owner (a person on
the map and the partner they act for), a due date, a status, and the map items it serves.
Pure rules; the services check who may do what and store the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from pydantic import Field

from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import (
    LABEL_MAX,
    TEXT_MAX,
    ItemId,
    MapState,
    Strict,
    TranslatedTitles,
)
from tocmap.i18n import N_, _, format_date

ActionStatus = Literal["open", "taken", "done", "dropped"]
#: Status -> what people see.
STATUS_TITLES = TranslatedTitles({"open": N_("Open"), "taken": N_("Taken"), "done": N_("Done"), "dropped": N_("Dropped")})
#: Statuses of an action nobody needs to think about any more.
CLOSED = frozenset({"done", "dropped"})

SourceKind = Literal["health_gap", "swot_card", "learning", "comment", "element"]
SOURCE_TITLES = TranslatedTitles({"health_gap": N_("Health-check gap"), "swot_card": N_("SWOT card"),
                                  "learning": N_("Learning entry"), "comment": N_("Comment"), "element": N_("Element")})
ITEMS_MAX = 50


class Source(Strict):
    """What an action was made from: its kind, a reference (``round:dimension``, a card or entry id...) and a label."""

    kind: SourceKind
    ref: str = Field(min_length=1, max_length=120)
    label: str = Field("", max_length=LABEL_MAX)


class Action(Strict):
    """One action of a map."""

    id: int
    map_id: int
    title: str = Field(min_length=1, max_length=LABEL_MAX)
    notes: str = Field("", max_length=TEXT_MAX)
    owner_id: int
    owner_name: str = ""
    partner: str | None = None
    due: dt.date
    status: ActionStatus = "open"
    items: list[ItemId] = Field(default_factory=list, max_length=ITEMS_MAX)
    source: Source | None = None
    created_at: dt.datetime
    created_by: str = ""
    updated_at: dt.datetime | None = None

    @property
    def closed(self) -> bool:
        """Done or dropped."""
        return self.status in CLOSED

    def overdue(self, today: dt.date) -> bool:
        """Still to do and its due date has passed.

        Examples
        --------
        >>> a = Action(id=1, map_id=1, title="Name a joint goal", owner_id=2, due=dt.date(2026, 3, 1),
        ...            created_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
        >>> a.overdue(dt.date(2026, 3, 1)), a.overdue(dt.date(2026, 3, 2))
        (False, True)
        >>> a.model_copy(update={"status": "done"}).overdue(dt.date(2026, 3, 2))
        False
        """
        return not self.closed and self.due < today


def checked_title(title: object) -> str:
    """The action's title with spaces tidied, or a clear refusal.

    Examples
    --------
    >>> checked_title("  Agree a   joint goal ")
    'Agree a joint goal'
    >>> checked_title("")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: Say what is to be done in 1 to 200 characters, such as “Agree a joint goal”.
    """
    text = " ".join(title.split()) if isinstance(title, str) else ""
    if not text or len(text) > LABEL_MAX:
        raise InvalidInput(_("Say what is to be done in 1 to {label_max} characters, such as “Agree a joint goal”.", label_max=LABEL_MAX))
    return text


def checked_notes(notes: object) -> str:
    """Free notes (may be empty), at most :data:`TEXT_MAX` characters."""
    if notes is None:
        return ""
    if not isinstance(notes, str) or len(notes) > TEXT_MAX:
        raise InvalidInput(_("Notes are text of at most {text_max} characters.", text_max=TEXT_MAX))
    return notes.strip()


def checked_due(due: object, today: dt.date) -> dt.date:
    """A due date (a date or ``YYYY-MM-DD``) that is today or later.

    Examples
    --------
    >>> checked_due("2026-03-02", dt.date(2026, 3, 1))
    datetime.date(2026, 3, 2)
    >>> checked_due("2026-02-28", dt.date(2026, 3, 1))
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: The due date 28 Feb 2026 has passed; choose today or a later day.
    """
    if isinstance(due, dt.datetime):
        due = due.date()
    if isinstance(due, str):
        try:
            due = dt.date.fromisoformat(due.strip())
        except ValueError:
            due = None
    if not isinstance(due, dt.date):
        raise InvalidInput(_("Give the action a due date, such as 2026-03-31."))
    if due < today:
        raise InvalidInput(_("The due date {date} has passed; choose today or a later day.", date=format_date(due, "dd MMM y")))
    return due


def checked_status(status: object) -> str:
    """One of :data:`STATUS_TITLES`.

    Examples
    --------
    >>> checked_status("taken")
    'taken'
    >>> checked_status("later")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: An action is open, taken, done or dropped, not 'later'.
    """
    if status not in STATUS_TITLES:
        raise InvalidInput(_("An action is open, taken, done or dropped, not {status}.", status=repr(str(status)[:30])))
    return status


def checked_items(state: MapState, items: Iterable[object] | None) -> list[str]:
    """The elements and indicators an action serves: each must be on the map; repeats dropped.

    Examples
    --------
    >>> from tocmap.domain.model import Element
    >>> state = MapState(title="m", elements={"a": Element(id="a", kind="outcome", label="A")})
    >>> checked_items(state, ["a", "a"])
    ['a']
    >>> checked_items(state, ["zz"])
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: The map has no element or indicator 'zz' (was it removed?).
    """
    chosen: list[str] = []
    for item in items or []:
        if not isinstance(item, str) or (item not in state.elements and item not in state.indicators):
            raise InvalidInput(_("The map has no element or indicator {item} (was it removed?).", item=repr(str(item)[:64])))
        if item not in chosen:
            chosen.append(item)
    if len(chosen) > ITEMS_MAX:
        raise InvalidInput(_("An action serves at most {items_max} items.", items_max=ITEMS_MAX))
    return chosen


def checked_owner(members: dict[int, str | None], owner_id: object, partner: object,
                  partners: Iterable[str]) -> tuple[int, str | None]:
    """The owner (a member of the map) and the partner they act for (theirs unless another partner is named).

    ``members`` maps each member's user id to the partner they speak for.

    Examples
    --------
    >>> checked_owner({7: "moh"}, 7, None, ["moh", "iph"])
    (7, 'moh')
    >>> checked_owner({7: "moh"}, 8, None, ["moh", "iph"])
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: The owner must be a member of this map; add them on the People tab first.
    """
    try:
        owner = int(owner_id) if not isinstance(owner_id, bool) and owner_id not in (None, "") else None
    except (TypeError, ValueError):
        owner = None
    if owner is None:
        raise InvalidInput(_("Choose who owns the action: a member of this map."))
    if owner not in members:
        raise InvalidInput(_("The owner must be a member of this map; add them on the People tab first."))
    chosen = partner if partner not in (None, "") else members[owner]
    if chosen is not None and chosen not in set(partners):
        raise InvalidInput(_("'{partner}' is not a partner in this partnership.", partner=str(chosen)[:64]))
    return owner, chosen


def sorted_for_review(actions: Iterable[Action], today: dt.date) -> list[Action]:
    """Overdue first, then open and taken ones by due date, then done and dropped (latest due first).

    Examples
    --------
    >>> made = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    >>> def a(i, due, status="open"):
    ...     return Action(id=i, map_id=1, title=f"A{i}", owner_id=1, due=due, status=status, created_at=made)
    >>> found = sorted_for_review([a(1, dt.date(2026, 5, 1)), a(2, dt.date(2026, 1, 9), "done"),
    ...                            a(3, dt.date(2026, 1, 10))], dt.date(2026, 2, 1))
    >>> [x.id for x in found]
    [3, 1, 2]
    """
    actions = list(actions)
    still = sorted((a for a in actions if not a.closed), key=lambda a: (not a.overdue(today), a.due, a.id))
    closed = sorted((a for a in actions if a.closed), key=lambda a: (a.due, a.id), reverse=True)
    return still + closed
