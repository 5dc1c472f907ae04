"""Partnership foundations: the joint purpose, principles, responsibilities and their re-articulations.

Pure helpers over :class:`~tocmap.domain.model.MapState`: build the op that records a
re-articulation (:func:`rearticulation`), list the versions (:func:`versions`) and compare
two of them side by side with what changed marked (:func:`compare`).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ValidationError

from tocmap.domain.access import stand_change
from tocmap.domain.changes import Rearticulate, UpdateFoundation, foundations_of
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.model import (
    ITEM_TEXT_MAX,
    STATEMENT_MAX,
    Foundations,
    FoundationVersion,
    MapState,
    Principle,
    Purpose,
    Responsibility,
    explain,
    new_id,
)
from tocmap.i18n import _

#: Kinds that partners agree one by one (``history.set_stand``).
AGREEABLE_KINDS = ("purpose", "principle", "responsibility", "version")
REASON_MAX = 200


def clean_text(text: object, what: str, limit: int, required: bool = True) -> str:
    """One statement, with spaces tidied; refused when empty (if required) or too long.

    Examples
    --------
    >>> clean_text("  Budget decisions   are taken jointly ", "A principle", 500)
    'Budget decisions are taken jointly'
    >>> clean_text("x" * 600, "A principle", 500)
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: A principle can have at most 500 characters (this one has 600).
    """
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise InvalidInput(_("{what} must be text.", what=what))
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    cleaned = "\n".join(lines).strip()
    if required and not cleaned:
        raise InvalidInput(_("{what} cannot be empty.", what=what))
    if len(cleaned) > limit:
        raise InvalidInput(_("{what} can have at most {limit} characters (this one has {length}).", what=what, limit=limit,
                             length=len(cleaned)))
    return cleaned


def rearticulation(
    state: MapState, purpose: str, principles: list[str], responsibilities: list[tuple[str, str]], reason: str,
    recorded_by: str, at: dt.datetime, partner_ids: set[str],
) -> Rearticulate:
    """The op that records a new version of the foundations, with its reason.

    Items whose text is unchanged keep their id and agreement; new or reworded ones start
    as proposed. Nothing is deleted: the version keeps what it replaced.

    Examples
    --------
    >>> state = MapState(title="m", principles={"p1": Principle(id="p1", text="Joint budget", agreed_by=["a"])})
    >>> op = rearticulation(state, "Better data", ["Joint budget", "Share what we learn"], [("a", "Host")],
    ...                     "New director", "Ana", dt.datetime(2026, 3, 1, tzinfo=dt.UTC), {"a", "b"})
    >>> op.version.number, [p.id == "p1" for p in op.version.content.principles]
    (1, [True, False])
    """
    reason = clean_text(reason, _("The reason for a re-articulation"), REASON_MAX)
    purpose = clean_text(purpose, _("The joint purpose"), STATEMENT_MAX)
    old_principles = {p.text: p for p in state.principles.values()}
    old_duties = {(r.partner, r.text): r for r in state.responsibilities.values()}
    new_principles: list[Principle] = []
    for n, text in enumerate(principles, 1):
        text = clean_text(text, _("Principle {n}", n=n), ITEM_TEXT_MAX)
        if text in {p.text for p in new_principles}:
            continue
        new_principles.append(old_principles.get(text) or Principle(id=new_id("pr"), text=text))
    new_duties: list[Responsibility] = []
    for n, (partner, text) in enumerate(responsibilities, 1):
        text = clean_text(text, _("Responsibility {n}", n=n), ITEM_TEXT_MAX)
        if partner not in partner_ids:
            raise InvalidInput(_("Responsibility {n} names '{partner}', which is not a partner in this partnership.", n=n, partner=partner))
        new_duties.append(old_duties.get((partner, text)) or Responsibility(id=new_id("rs"), partner=partner, text=text))
    kept = state.purpose if purpose == state.purpose.text else Purpose(text=purpose)
    number = max((v.number for v in state.versions.values()), default=0) + 1
    try:
        version = FoundationVersion(
            id=f"v{number}", number=number, reason=reason, recorded_at=at, recorded_by=recorded_by[:200],
            content=Foundations(purpose=kept, principles=new_principles, responsibilities=new_duties),
            previous=foundations_of(state),
        )
    except ValidationError as error:
        raise InvalidInput(explain(error, "re-articulation")) from None
    return Rearticulate(version=version)


@dataclass(frozen=True)
class VersionView:
    """One readable version: 0 is what stood before the first re-articulation."""

    number: int
    title: str
    reason: str
    content: Foundations
    endorsed_by: list[str]
    recorded_at: dt.datetime | None = None
    recorded_by: str = ""


def versions(state: MapState) -> list[VersionView]:
    """Every version of the foundations, oldest first (the last is the current one when any).

    Examples
    --------
    >>> [v.number for v in versions(MapState(title="m"))]
    []
    """
    ordered = sorted(state.versions.values(), key=lambda v: v.number)
    views: list[VersionView] = []
    if ordered and _has_content(ordered[0].previous):
        views.append(VersionView(0, "Before the first re-articulation", "", ordered[0].previous, []))
    views += [
        VersionView(v.number, f"Version {v.number}", v.reason, v.content, list(v.agreed_by), v.recorded_at,
                    v.recorded_by)
        for v in ordered
    ]
    return views


def _has_content(content: Foundations) -> bool:
    return bool(content.purpose.text or content.principles or content.responsibilities)


Mark = Literal["same", "changed", "added", "removed"]


@dataclass(frozen=True)
class Row:
    """One line of a side-by-side comparison; ``left``/``right`` are (text, tag) pieces, tag in same/del/ins."""

    section: str
    mark: Mark
    left: list[tuple[str, str]] = field(default_factory=list)
    right: list[tuple[str, str]] = field(default_factory=list)
    partner: str = ""

    @property
    def left_text(self) -> str:
        return "".join(t for t, _ in self.left)

    @property
    def right_text(self) -> str:
        return "".join(t for t, _ in self.right)


def word_diff(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Mark the words that differ: pieces of ``old`` tagged same/del, of ``new`` tagged same/ins.

    Examples
    --------
    >>> left, right = word_diff("Better data for health", "Better use of data for health")
    >>> [t for t, tag in right if tag == "ins"]
    ['use of ']
    """
    a, b = old.split(" "), new.split(" ")
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append((" ".join(a[i1:i2]) + " ", "same"))
            right.append((" ".join(b[j1:j2]) + " ", "same"))
            continue
        if i2 > i1:
            left.append((" ".join(a[i1:i2]) + " ", "del"))
        if j2 > j1:
            right.append((" ".join(b[j1:j2]) + " ", "ins"))
    return _trim(left), _trim(right)


def _trim(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    if pieces and pieces[-1][0].endswith(" "):
        pieces[-1] = (pieces[-1][0][:-1], pieces[-1][1])
    return [p for p in pieces if p[0]]


def _row(section: str, old: str | None, new: str | None, partner: str = "") -> Row:
    if old is None:
        return Row(section, "added", [], [(new, "ins")], partner)
    if new is None:
        return Row(section, "removed", [(old, "del")], [], partner)
    if old == new:
        return Row(section, "same", [(old, "same")], [(new, "same")], partner)
    left, right = word_diff(old, new)
    return Row(section, "changed", left, right, partner)


def _pair_items(old: list, new: list, key) -> list[tuple[object | None, object | None]]:
    """Match items of two versions: same id, then the same text, then the most similar text."""
    pairs: list[tuple[object | None, object | None]] = []
    rest_old = list(old)
    rest_new = []
    old_by_id = {i.id: i for i in old}
    for item in new:
        match = old_by_id.get(item.id)
        if match is None:
            match = next((o for o in rest_old if key(o) == key(item)), None)
        if match is not None and match in rest_old:
            rest_old.remove(match)
            pairs.append((match, item))
        else:
            rest_new.append(item)
    for item in rest_new:
        scored = [(difflib.SequenceMatcher(a=o.text, b=item.text).ratio(), n) for n, o in enumerate(rest_old)
                  if getattr(o, "partner", None) == getattr(item, "partner", None)]
        best = max(scored, default=(0.0, -1))
        if best[0] >= 0.5:
            pairs.append((rest_old.pop(best[1]), item))
        else:
            pairs.append((None, item))
    pairs += [(o, None) for o in rest_old]
    return pairs


def compare(old: Foundations, new: Foundations) -> list[Row]:
    """Side-by-side rows from ``old`` to ``new``, each marked same, changed, added or removed.

    Examples
    --------
    >>> a = Foundations(purpose=Purpose(text="Better data"), principles=[Principle(id="p", text="Joint budget")])
    >>> b = Foundations(purpose=Purpose(text="Better data use"), principles=[Principle(id="q", text="Share lessons")])
    >>> [(r.section, r.mark) for r in compare(a, b)]
    [('Purpose', 'changed'), ('Principles', 'added'), ('Principles', 'removed')]
    """
    rows = [_row("Purpose", old.purpose.text, new.purpose.text)]
    for o, n in _pair_items(old.principles, new.principles, key=lambda i: i.text):
        rows.append(_row("Principles", o.text if o else None, n.text if n else None))
    for o, n in _pair_items(old.responsibilities, new.responsibilities, key=lambda i: (i.partner, i.text)):
        partner = (n or o).partner
        rows.append(_row("Responsibilities", o.text if o else None, n.text if n else None, partner))
    return rows


def changed_count(rows: list[Row]) -> int:
    """How many rows differ."""
    return sum(r.mark != "same" for r in rows)


def stand_on_foundation(state: MapState, kind: str, item_id: str, partner: str, how: str) -> UpdateFoundation:
    """The op by which a partner agrees, disputes or withdraws on the purpose, a principle, a responsibility
    or a re-articulation (endorsing it).

    Examples
    --------
    >>> state = MapState(title="m", purpose=Purpose(text="Better data"))
    >>> stand_on_foundation(state, "purpose", "purpose", "moh", "agree").set
    {'agreed_by': ['moh'], 'disputed_by': []}
    """
    if kind == "purpose":
        if not state.purpose.text:
            raise InvalidInput(_("There is no joint purpose to agree on yet; write one first."))
        item = state.purpose
        item_id = "purpose"
    else:
        table = {"principle": state.principles, "responsibility": state.responsibilities,
                 "version": state.versions}.get(kind)
        if table is None:
            raise InvalidInput(_("Partners agree on the purpose, principles, responsibilities and versions, not {kind}.", kind=repr(kind)))
        item = table.get(item_id)
        if item is None:
            raise NotFound(_("There is no {kind} '{item_id}' on this map (it may have been removed).", kind=kind, item_id=item_id))
    return UpdateFoundation(kind=kind, id=item_id, set=stand_change(item, partner, how))
