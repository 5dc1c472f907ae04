"""The learning log read as partners need it: newest first, per partner, and what an entry led to.

Pure functions over :class:`~tocmap.domain.model.MapState` and the history's
:class:`~tocmap.domain.changes.ChangeRecord` list; the services load them and check who may see them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tocmap.domain.changes import ChangeRecord
from tocmap.domain.model import (
    ElementKind,
    LearningEntry,
    MapState,
    Partnership,
    TranslatedTitles,
)
from tocmap.i18n import N_

#: Assumption statuses that put the theory at risk.
AT_RISK = frozenset({"challenged", "disproved"})
KIND_TITLES = TranslatedTitles({"reflection": N_("Reflection"), "decision": N_("Decision")})


def newest_first(state: MapState, partner: str | None = None) -> list[LearningEntry]:
    """The log, newest first (by date, then latest recorded), optionally of one partner only.

    Examples
    --------
    >>> import datetime as dt
    >>> a = LearningEntry(id="a", date=dt.date(2026, 1, 5), text="Old", partner="moh")
    >>> b = LearningEntry(id="b", date=dt.date(2026, 2, 1), text="New", partner="iph")
    >>> [e.id for e in newest_first(MapState(title="m", learning={"a": a, "b": b}))]
    ['b', 'a']
    >>> [e.id for e in newest_first(MapState(title="m", learning={"a": a, "b": b}), partner="moh")]
    ['a']
    """
    order = {entry_id: n for n, entry_id in enumerate(state.learning)}
    entries = [e for e in state.learning.values() if partner is None or e.partner == partner]
    return sorted(entries, key=lambda e: (e.date, order[e.id]), reverse=True)


@dataclass(frozen=True)
class PartnerCount:
    """How many entries one partner recorded, of each kind."""

    partner: str | None
    name: str
    reflections: int
    decisions: int

    @property
    def total(self) -> int:
        """Reflections and decisions together."""
        return self.reflections + self.decisions


def per_partner(state: MapState, partnership: Partnership) -> list[PartnerCount]:
    """Entries per partner, every partner listed (zero included), then entries of no partner.

    Examples
    --------
    >>> import datetime as dt
    >>> from tocmap.domain.model import Partner
    >>> ps = Partnership(id="p", name="P", partners=[Partner(id="moh", name="Ministry"), Partner(id="iph", name="IPH")])
    >>> e = LearningEntry(id="a", date=dt.date(2026, 1, 5), text="x", partner="moh", kind="decision")
    >>> [(c.partner, c.total, c.decisions) for c in per_partner(MapState(title="m", learning={"a": e}), ps)]
    [('moh', 1, 1), ('iph', 0, 0)]
    """
    counts = Counter((e.partner, e.kind) for e in state.learning.values())
    rows = [PartnerCount(p.id, p.short_name or p.name, counts[(p.id, "reflection")], counts[(p.id, "decision")])
            for p in partnership.partners]
    known = partnership.partner_ids()
    others = Counter(e.kind for e in state.learning.values() if e.partner not in known)
    if others:
        rows.append(PartnerCount(None, "No partner", others["reflection"], others["decision"]))
    return rows


def led_to(history: list[ChangeRecord], entry_id: str) -> list[ChangeRecord]:
    """The history entries that belong to an entry's course correction, oldest first."""
    return sorted((r for r in history if r.change.because == entry_id), key=lambda r: r.revision)


def assumptions_at_risk(state: MapState) -> list[str]:
    """Ids of assumptions that are challenged or disproved.

    Examples
    --------
    >>> from tocmap.domain.model import Element
    >>> a = Element(id="a", kind="assumption", label="Staff stay", assumption_status="challenged")
    >>> assumptions_at_risk(MapState(title="m", elements={"a": a}))
    ['a']
    """
    return [e.id for e in state.elements.values()
            if e.kind == ElementKind.ASSUMPTION and e.assumption_status in AT_RISK]


def names(state: MapState, ids: list[str]) -> list[str]:
    """Readable names of the elements or indicators an entry names (the id when it was removed since)."""
    return [state.label_of(i) for i in ids]
