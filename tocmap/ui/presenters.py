"""Pure functions from domain objects to what the screens show: cards, rows and labels.

Colours, shapes and values with their units are shared with the exported files: :mod:`tocmap.presentation`.
"""

from __future__ import annotations

import datetime as dt

from tocmap.domain.catalogue import MapInfo
from tocmap.domain.changes import ChangeRecord
from tocmap.domain.indicators import status as indicator_status
from tocmap.domain.model import RESULTS_LEVEL, ElementKind, MapState, Partnership
from tocmap.i18n import _, format_date, ngettext
from tocmap.presentation import AGREEMENT_LABEL, latest_value, partner_names, show_value
# The map editor's modules take these from here too.
from tocmap.presentation import KIND_STYLE as KIND_STYLE, plural as plural


def ago(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    """A short relative time ("3 min ago", "2 days ago").

    Examples
    --------
    >>> now = dt.datetime(2026, 1, 2, 12, 0, tzinfo=dt.UTC)
    >>> ago(dt.datetime(2026, 1, 2, 11, 57, tzinfo=dt.UTC), now), ago(dt.datetime(2025, 12, 30, tzinfo=dt.UTC), now)
    ('3 min ago', '3 days ago')
    """
    seconds = ((now or dt.datetime.now(dt.UTC)) - moment).total_seconds()
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        return _("{n} min ago", n=int(seconds // 60))
    if seconds < 86400:
        return _("{n} h ago", n=int(seconds // 3600))
    if seconds < 86400 * 60:
        return ngettext("{n} day ago", "{n} days ago", int(seconds // 86400))
    return format_date(moment)






def map_card(info: MapInfo, partnership: Partnership, now: dt.datetime | None = None) -> dict:
    """What the home page shows of one map."""
    return {
        "id": info.id,
        "title": info.title,
        "partners": [p.short_name or p.name for p in partnership.partners],
        "elements": info.element_count,
        "revision": info.revision,
        "updated": ago(info.updated_at, now),
        "href": f"/maps/{info.id}",
    }


def element_rows(state: MapState, partnership: Partnership) -> list[dict]:
    """One row per element, results levels first."""
    names, partners = partner_names(partnership), partnership.partner_ids()
    order = sorted(ElementKind, key=lambda kind: RESULTS_LEVEL.get(kind, len(RESULTS_LEVEL)))
    rows = [
        {
            "id": e.id,
            "label": e.label,
            "kind": e.kind.title,
            "owner": names.get(e.owner, ""),
            "agreement": AGREEMENT_LABEL[e.agreement(partners)],
            "tags": ", ".join(e.tags),
            "description": e.description,
            "custom": dict(e.custom),
            "_order": (order.index(e.kind), e.label.lower()),
        }
        for e in state.elements.values()
    ]
    rows.sort(key=lambda row: row.pop("_order"))
    return rows


def field_columns(state: MapState, kind: str) -> list[tuple[str, str, int]]:
    """Table columns for the map's own fields of elements or links: (``custom.<id>``, name, flex).

    >>> from tocmap.domain.model import FieldDefinition
    >>> field_columns(MapState(title="m", fields={"b": FieldDefinition(id="b", name="Budget")}), "element")
    [('custom.b', 'Budget', 1)]
    """
    return [(f"custom.{f.id}", f.name, 1) for f in state.fields.values() if f.applies_to in ("both", f"{kind}s")]


def link_rows(state: MapState, partnership: Partnership) -> list[dict]:
    """One row per link, with the labels of its ends."""
    partners = partnership.partner_ids()
    return [
        {
            "id": link.id,
            "source": state.label_of(link.source),
            "kind": link.kind.title,
            "target": state.label_of(link.target),
            "polarity": link.polarity,
            "confidence": link.confidence,
            "agreement": AGREEMENT_LABEL[link.agreement(partners)],
            "rationale": link.rationale,
            "custom": dict(link.custom),
        }
        for link in state.links.values()
    ]






def indicator_rows(state: MapState, partnership: Partnership, on: dt.date | None = None) -> list[dict]:
    """One row per indicator: what it measures, baseline, next target, latest value, status on a day."""
    names = partner_names(partnership)
    on = on or dt.date.today()
    rows = []
    for i in state.indicators.values():
        target = i.targets[-1] if i.targets else None
        rows.append({
            "id": i.id,
            "name": _("{name} (proxy)", name=i.name) if i.proxy_for else i.name,
            "element": state.label_of(i.element),
            "measure": i.measure.replace("_", "/"),
            "baseline": show_value(i, i.baseline.value) if i.baseline else "—",
            "target": f"{show_value(i, target.value)} ({target.period.label or target.period.end})" if target else "—",
            "latest": latest_value(i),
            "responsible": names.get(i.responsible_partner, ""),
            "status": i.status,
            "progress": indicator_status(i, on).label if i.status == "active" else _("Retired"),
        })
    return rows


def history_rows(records: list[ChangeRecord], partnership: Partnership) -> list[dict]:
    """One row per history entry, newest first as given."""
    names = partner_names(partnership)
    return [
        {
            "revision": r.revision,
            "time": r.at.strftime("%Y-%m-%d %H:%M"),
            "user": r.author.name,
            "partner": names.get(r.author.partner, r.author.partner or ""),
            "summary": r.summary,
        }
        for r in records
    ]


def title_problem(title: str | None, limit: int = 200) -> str | None:
    """What is wrong with a map title typed in a form, as one sentence (None when it is fine).

    Examples
    --------
    >>> title_problem("  "), title_problem("x" * 201), title_problem("Our map")
    ('Give the map a title.', 'A title can have at most 200 characters; this one has 201.', None)
    """
    text = (title or "").strip()
    if not text:
        return _("Give the map a title.")
    if len(text) > limit:
        return _("A title can have at most {limit} characters; this one has {length}.", limit=limit, length=len(text))
    return None


def copy_title(title: str, limit: int = 200) -> str:
    """The title suggested for a duplicate ("Copy of ..."), cut to fit the limit.

    Examples
    --------
    >>> copy_title("Our map"), len(copy_title("x" * 200))
    ('Copy of Our map', 200)
    """
    text = _("Copy of {title}", title=title)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def agreement_of(item, partnership: Partnership) -> list[dict]:
    """Each partner's stand on an item: "agreed", "disputed" or "pending".

    Examples
    --------
    >>> from tocmap.domain.model import Element
    >>> p = Partnership(id="p", name="P", partners=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}])
    >>> [r["stand"] for r in agreement_of(Element(id="e", kind="outcome", label="E", agreed_by=["a"]), p)]
    ['agreed', 'pending']
    """
    stand = {**{pid: "agreed" for pid in item.agreed_by}, **{pid: "disputed" for pid in item.disputed_by}}
    return [{"partner": p.id, "name": p.short_name or p.name, "stand": stand.get(p.id, "pending")}
            for p in partnership.partners]


def ownership_balance(state: MapState, partnership: Partnership) -> list[dict]:
    """Per partner: how many elements and links it proposed, owns and agreed.

    Examples
    --------
    >>> from tocmap.domain.model import Element
    >>> p = Partnership(id="p", name="P", partners=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}])
    >>> s = MapState(title="m", elements={"e": Element(id="e", kind="outcome", label="E", owner="a",
    ...                                                 proposed_by="a", agreed_by=["a", "b"])})
    >>> [(r["name"], r["proposed"], r["owns"], r["agreed"]) for r in ownership_balance(s, p)]
    [('A', 1, 1, 1), ('B', 0, 0, 1)]
    """
    items = [*state.elements.values(), *state.links.values()]
    return [
        {
            "partner": p.id, "name": p.short_name or p.name, "colour": p.colour, "total": len(items),
            "proposed": sum(1 for i in items if i.proposed_by == p.id),
            "owns": sum(1 for e in state.elements.values() if e.owner == p.id),
            "agreed": sum(1 for i in items if p.id in i.agreed_by),
        }
        for p in partnership.partners
    ]
