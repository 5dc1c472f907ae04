"""Discussion on a map: comment threads on elements, links, indicators or the map itself.

A thread is started on one item and answered in replies; anyone who may comment can
resolve it (and a reply reopens it). Comments are conversation about the theory, not
part of it, so they live beside the map's history rather than in it. Pure: the services
store threads and check who may read and write them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import ItemId, MapState, ShortText, Strict
from tocmap.i18n import _, format_number

COMMENT_MAX = 4000

SubjectKind = Literal["element", "link", "indicator", "map"]
SUBJECT_KINDS: tuple[str, ...] = ("element", "link", "indicator", "map")


class Comment(Strict):
    """One message: who wrote it, for which partner, when."""

    id: int
    author: ShortText
    user_id: int | None = None
    partner: ItemId | None = None
    at: dt.datetime
    text: str


class Thread(Strict):
    """A conversation on one item: the first comment and its replies, oldest first."""

    id: int
    subject_kind: SubjectKind
    subject_id: str
    comments: list[Comment] = Field(min_length=1)
    resolved_at: dt.datetime | None = None
    resolved_by: ShortText | None = None

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def started(self) -> Comment:
        return self.comments[0]


def comment_text(text: object) -> str:
    """The text of a new comment, trimmed; refused when empty or too long.

    Examples
    --------
    >>> comment_text("  Is this outcome within our reach?  ")
    'Is this outcome within our reach?'
    >>> comment_text("   ")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: Write something before sending a comment.
    """
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(_("Write something before sending a comment."))
    text = text.strip()
    if len(text) > COMMENT_MAX:
        raise InvalidInput(_("A comment has at most {most} characters; this one has {n}.",
                             most=format_number(COMMENT_MAX), n=format_number(len(text))))
    return text


def subject_problem(state: MapState, kind: object, item_id: object) -> str | None:
    """Why a thread cannot be started on this item, or None when it can.

    Examples
    --------
    >>> subject_problem(MapState(title="m"), "map", "")
    >>> subject_problem(MapState(title="m"), "element", "oc-9")
    "There is no element 'oc-9' on this map (it may have been removed)."
    """
    if kind not in SUBJECT_KINDS:
        return f"Comments go on an element, a link, an indicator or the map, not on '{kind}'."
    if kind == "map":
        return None
    table = {"element": state.elements, "link": state.links, "indicator": state.indicators}[kind]
    if not isinstance(item_id, str) or item_id not in table:
        return f"There is no {kind} '{item_id}' on this map (it may have been removed)."
    return None


def subject_label(state: MapState, kind: str, item_id: str) -> str:
    """How to name a thread's item in a list ("Outcome: Clinics report monthly")."""
    if kind == "map":
        return "The map"
    if kind == "element" and item_id in state.elements:
        element = state.elements[item_id]
        return f"{element.kind.title}: {element.label}"
    if kind == "link" and item_id in state.links:
        link = state.links[item_id]
        return f"Link: {state.label_of(link.source)} → {state.label_of(link.target)}"
    if kind == "indicator" and item_id in state.indicators:
        return f"Indicator: {state.indicators[item_id].name}"
    return f"Removed {kind} ({item_id})"
