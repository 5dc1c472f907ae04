"""The partnership's journey: its stages with dates, the sessions held (attendance per partner), documents.

Facilitation runs in stages (inception interviews and focus groups, a strategic meeting
with pre-reading, follow-up, review, or the partnership's own); each session records how
many people of each partner attended; documents and pre-reading are links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Literal
from urllib.parse import urlparse

from pydantic import Field

from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import LABEL_MAX, TEXT_MAX, Strict, TranslatedTitles
from tocmap.i18n import N_, _, format_date

StageKind = Literal["inception", "strategic_meeting", "follow_up", "review", "own"]
STAGE_TITLES = TranslatedTitles({"inception": N_("Inception (interviews and focus groups)"),
                                 "strategic_meeting": N_("Strategic meeting"), "follow_up": N_("Follow-up"),
                                 "review": N_("Review"), "own": N_("A stage of our own")})
ATTENDANCE_MAX = 1000


class Stage(Strict):
    id: int = 0
    kind: StageKind
    title: str = Field(min_length=1, max_length=LABEL_MAX)
    starts: dt.date
    ends: dt.date | None = None


class Session(Strict):
    id: int = 0
    stage_id: int | None = None
    title: str = Field(min_length=1, max_length=LABEL_MAX)
    held_on: dt.date
    attendance: dict[str, int] = Field(default_factory=dict)
    notes: str = Field("", max_length=TEXT_MAX)

    @property
    def attended(self) -> int:
        """Everyone who came, all partners together."""
        return sum(self.attendance.values())


class Document(Strict):
    id: int = 0
    session_id: int | None = None
    title: str = Field(min_length=1, max_length=LABEL_MAX)
    url: str = Field(min_length=1, max_length=2000)
    pre_reading: bool = False


def _date(raw: object, what: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip()) if raw not in (None, "") else None
    except ValueError:
        pass
    raise InvalidInput(_("Give {what} as a date, such as 2026-03-31.", what=what))


def _title(raw: object, what: str) -> str:
    text = " ".join(raw.split()) if isinstance(raw, str) else ""
    if not text or len(text) > LABEL_MAX:
        raise InvalidInput(_("Name the {what} in 1 to {label_max} characters.", what=what, label_max=LABEL_MAX))
    return text


def checked_stage(kind: object, title: object, starts: object, ends: object) -> Stage:
    """A stage: a known kind (its title defaults to the kind's), a start date, an end date not before it.

    Examples
    --------
    >>> checked_stage("review", "", "2026-06-01", "2026-06-30").title
    'Review'
    >>> checked_stage("review", "", "2026-06-01", "2026-05-30")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: The stage ends (30 May 2026) before it starts (01 Jun 2026).
    >>> checked_stage("own", "", "2026-06-01", None)
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: Name the stage in 1 to 200 characters.
    """
    if kind not in STAGE_TITLES:
        raise InvalidInput(_("A stage is inception, strategic meeting, follow-up, review, or one of your own."))
    if not (isinstance(title, str) and title.strip()) and kind != "own":
        title = STAGE_TITLES[kind].split(" (")[0]
    start = _date(starts, "the stage's start")
    if start is None:
        raise InvalidInput(_("Give the stage's start, such as 2026-03-31."))
    end = _date(ends, "the stage's end") if ends not in (None, "") else None
    if end is not None and end < start:
        raise InvalidInput(_("The stage ends ({end}) before it starts ({start}).", end=format_date(end, "dd MMM y"),
                             start=format_date(start, "dd MMM y")))
    return Stage(kind=kind, title=_title(title, "stage"), starts=start, ends=end)


def checked_attendance(attendance: Mapping[str, object] | None, partners: Iterable[str]) -> dict[str, int]:
    """How many people of each partner attended: whole numbers from 0 to 1000, partners of the partnership.

    Examples
    --------
    >>> checked_attendance({"moh": "4", "iph": 2, "x": None}, ["moh", "iph", "x"])
    {'moh': 4, 'iph': 2}
    >>> checked_attendance({"moh": -1}, ["moh"])
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: Attendance is a whole number of people from 0 to 1000 for each partner.
    """
    known = set(partners)
    counted: dict[str, int] = {}
    for partner, raw in (attendance or {}).items():
        if partner not in known:
            raise InvalidInput(_("'{partner}' is not a partner in this partnership.", partner=str(partner)[:64]))
        if raw in (None, ""):
            continue
        try:
            number = int(str(raw)) if not isinstance(raw, bool) else None
        except ValueError:
            number = None
        if number is None or not 0 <= number <= ATTENDANCE_MAX:
            raise InvalidInput(_("Attendance is a whole number of people from 0 to {attendance_max} for each partner.", attendance_max=ATTENDANCE_MAX))
        counted[partner] = number
    return counted


def checked_session(title: object, held_on: object, stage_id: object, stages: Iterable[int],
                    attendance: Mapping[str, object] | None, partners: Iterable[str], notes: object = "") -> Session:
    """A session: title, date, the stage it belongs to (if any), attendance per partner, notes."""
    day = _date(held_on, "the session's date")
    if day is None:
        raise InvalidInput(_("Give the session's date, such as 2026-03-31."))
    stage = None
    if stage_id not in (None, ""):
        try:
            stage = int(stage_id)
        except (TypeError, ValueError):
            stage = None
        if stage not in set(stages):
            raise InvalidInput(_("That stage is not on this partnership's journey."))
    if notes is not None and (not isinstance(notes, str) or len(notes) > TEXT_MAX):
        raise InvalidInput(_("Notes are text of at most {text_max} characters.", text_max=TEXT_MAX))
    return Session(title=_title(title, "session"), held_on=day, stage_id=stage,
                   attendance=checked_attendance(attendance, partners), notes=(notes or "").strip())


def checked_document(title: object, url: object, session_id: object, sessions: Iterable[int],
                     pre_reading: object) -> Document:
    """A document: a title and a web link (http or https only), for a session or the whole journey.

    Examples
    --------
    >>> checked_document("Pre-reading", "https://example.org/brief.pdf", None, [], True).pre_reading
    True
    >>> checked_document("Brief", "javascript:alert(1)", None, [], False)
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: A document is a web link starting with http:// or https://.
    """
    link = url.strip() if isinstance(url, str) else ""
    parsed = urlparse(link)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or len(link) > 2000 or any(c in link for c in " \n"):
        raise InvalidInput(_("A document is a web link starting with http:// or https://."))
    session = None
    if session_id not in (None, ""):
        try:
            session = int(session_id)
        except (TypeError, ValueError):
            session = None
        if session not in set(sessions):
            raise InvalidInput(_("That session is not on this partnership's journey."))
    return Document(title=_title(title, "document"), url=link, session_id=session, pre_reading=bool(pre_reading))


def next_session(sessions: Iterable[Session], today: dt.date) -> Session | None:
    """The first session on or after today (the one a partnership pack prepares for)."""
    coming = sorted((s for s in sessions if s.held_on >= today), key=lambda s: (s.held_on, s.id))
    return coming[0] if coming else None
