"""The joint purpose map report: one HTML document that reads well on screen and prints well.

It shows what a board needs: which revision (or agreed snapshot) it is and when it was
made and endorsed; the purpose and the partners with how much of the map each has agreed;
the picture of the map (SVG drawn on the server from element positions); the results
framework by level; every indicator with baseline, latest target, latest value and a
small chart; the assumptions with their status; open disputes; and the agreed versions.
The HTML is self-contained (styles inline, no scripts needed) so it can be mailed or
printed to PDF from any browser.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources

from jinja2 import Environment, select_autoescape

from tocmap.adapters.exchange import ExportSource
from tocmap.adapters.exchange.contributions import fair_health
from tocmap.adapters.exchange.contributions import (
    report_section as contributions_section,
)
from tocmap.adapters.exchange.picture import legend_icons, render_svg
from tocmap.adapters.health_export import radar_svg
from tocmap.domain.actions import STATUS_TITLES
from tocmap.domain.decisions import STAND_TITLES, rule_sentence, waiting_for
from tocmap.domain.framework import LEVELS, latest_target, level_codes
from tocmap.domain.framework import rows as framework_rows
from tocmap.domain.indicators import plotted
from tocmap.domain.learning import KIND_TITLES, newest_first
from tocmap.domain.model import ElementKind, Indicator, Link, MapState
from tocmap.i18n import N_, _, format_date, ngettext, pgettext
from tocmap.i18n import current as current_language
from tocmap.presentation import (
    AGREEMENT_LABEL,
    KIND_STYLE,
    latest_value,
    show_value,
    tint,
)

STATUS = {
    "untested": (N_("Untested"), "#5c677d", "#eef0f4"),
    "holding": (N_("Holding"), "#2b8a3e", "#e6f4ea"),
    "challenged": (N_("Challenged"), "#b35c00", "#fff1db"),
    "disproved": (N_("Disproved"), "#c92a2a", "#fde8e8"),
}
#: How many of each level the summary counts, and each level's heading, in the reader's words.
LEVEL_WORDS = {
    ElementKind.IMPACT: (N_("Impact"), N_("Impacts"), N_("Impact")),
    ElementKind.OUTCOME: (N_("Outcome"), N_("Outcomes"), N_("Outcomes")),
    ElementKind.OUTPUT: (N_("Output"), N_("Outputs"), N_("Outputs")),
    ElementKind.INTERVENTION: (N_("Activity"), N_("Activities"), N_("Activities")),
}
AGREEMENT_COLOURS = {"agreed": ("#2b8a3e", "#e6f4ea"), "proposed": ("#5c677d", "#eef0f4"),
                     "disputed": ("#c92a2a", "#fde8e8")}


def template_environment() -> Environment:
    """Jinja for the printable pages: escaping on, ``_``/``ngettext`` and dates in the language of the page."""
    env = Environment(autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    env.filters["day"] = lambda moment: format_date(moment, "long") if moment else ""
    env.globals.update(_=_, ngettext=ngettext, pgettext=pgettext)  # the report reads in the language it is made in
    return env


def _asset(name: str) -> str:
    return resources.files("tocmap.adapters.exchange").joinpath(name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- charts


def _when(observation) -> dt.date:
    return observation.date or observation.period.end


def sparkline(indicator: Indicator, width: int = 200, height: int = 58) -> str | None:
    """A small SVG chart: actual values as a line with dots, targets as hollow diamonds, the baseline dashed.

    Returns None for narrative indicators and indicators with nothing to plot.
    """
    if indicator.measure == "narrative":
        return None
    actual = sorted(((_when(o), plotted(indicator, o.value)) for o in indicator.observations),
                    key=lambda p: p[0])
    actual = [(d, v) for d, v in actual if v is not None]
    targets = [(t.period.end, plotted(indicator, t.value)) for t in indicator.targets]
    targets = [(d, v) for d, v in targets if v is not None]
    base = plotted(indicator, indicator.baseline.value) if indicator.baseline else None
    base_date = indicator.baseline.date if indicator.baseline else None
    dates = [d for d, _ in actual + targets] + ([base_date] if base_date and base is not None else [])
    values = [v for _, v in actual + targets] + ([base] if base is not None else [])
    if not values or not dates:
        return None
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    low, high = min(values), max(values)
    if indicator.measure in ("yes_no", "milestone"):
        low, high = 0.0, 1.0
    elif indicator.measure == "ordinal":
        low, high = 0.0, float(max(len(indicator.scale) - 1, 1))
    elif indicator.measure == "percentage" and low >= 0 and high <= 100:
        low = min(low, 0.0) if high - low > 40 else low
    if high == low:
        high, low = high + 1, low - 1
    pad_x, pad_top, pad_bottom = 8.0, 8.0, 8.0

    def x(day: dt.date) -> float:
        return pad_x + (width - 2 * pad_x) * (day - first).days / span

    def y(value: float) -> float:
        return pad_top + (height - pad_top - pad_bottom) * (1 - (value - low) / (high - low))

    parts = [f'<line x1="{pad_x}" y1="{height - pad_bottom + 3}" x2="{width - pad_x}" y2="{height - pad_bottom + 3}" '
             'stroke="#dde2ea" stroke-width="1"/>']
    if base is not None:
        parts.append(f'<line x1="{pad_x}" y1="{y(base):.1f}" x2="{width - pad_x}" y2="{y(base):.1f}" stroke="#98a2b3" '
                     'stroke-width="1.2" stroke-dasharray="3 3"/>')
    colour = "#1c7ed6"
    if len(actual) > 1:
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in actual)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" '
                     'stroke-linejoin="round"/>')
    for d, v in targets:
        cx, cy = x(d), y(v)
        parts.append(f'<path d="M{cx:.1f},{cy - 4.5:.1f} L{cx + 4.5:.1f},{cy:.1f} L{cx:.1f},{cy + 4.5:.1f} '
                     f'L{cx - 4.5:.1f},{cy:.1f} Z" fill="#ffffff" stroke="#1f2a44" stroke-width="1.4"/>')
    for n, (d, v) in enumerate(actual):
        radius = 3.6 if n == len(actual) - 1 else 2.6
        parts.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="{radius}" fill="{colour}"/>')
    label = _("Chart of {name}: baseline dashed, targets as diamonds, actual values as dots", name=indicator.name)
    return (f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
            f'aria-label="{_attr(label)}">{"".join(parts)}</svg>')


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def progress(indicator: Indicator) -> int | None:
    """How far the latest value has come from the baseline towards the latest target, in percent (0-100+).

    Examples
    --------
    >>> import datetime as dt
    >>> from tocmap.domain.model import Baseline, Observation, Period, Target
    >>> p = Period(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    >>> ind = Indicator(id="i", element="o", name="n", baseline=Baseline(value=40.0),
    ...                 targets=[Target(period=p, value=80.0)],
    ...                 observations=[Observation(id="a", value=60.0, date=dt.date(2026, 6, 30))])
    >>> progress(ind)
    50
    """
    if not indicator.quantitative or not indicator.baseline or indicator.baseline.value is None:
        return None
    target = latest_target(indicator)
    if target is None or target.value is None or not indicator.observations:
        return None
    last = max(indicator.observations, key=_when)
    if last.value is None or target.value == indicator.baseline.value:
        return None
    share = (last.value - indicator.baseline.value) / (target.value - indicator.baseline.value)
    return max(0, round(share * 100))


# --------------------------------------------------------------------------- the page


@dataclass
class Pill:
    text: str
    ink: str
    paper: str


def _status_pill(status: str | None) -> Pill:
    """An assumption's status as a coloured pill."""
    title, ink, paper = STATUS[status or "untested"]
    return Pill(_(title), ink, paper)


def _agreement_pill(status: str) -> Pill:
    ink, paper = AGREEMENT_COLOURS[status]
    return Pill(AGREEMENT_LABEL[status], ink, paper)


def context(source: ExportSource) -> dict:
    """Everything the template shows, as plain values."""
    state, partnership = source.state, source.partnership
    partner_ids = partnership.partner_ids()
    names = {p.id: p.short_name or p.name for p in partnership.everyone}
    codes = level_codes(state)
    items = [*state.elements.values(), *state.links.values(), *state.indicators.values()]

    def count(kind: ElementKind) -> int:
        return sum(1 for e in state.elements.values() if e.kind == kind)

    words = [(count(level.kind), *LEVEL_WORDS[level.kind][:2]) for level in LEVELS]
    words += [(len([i for i in state.indicators.values() if i.status == "active"]), N_("Indicator"), N_("Indicators")),
              (count(ElementKind.ASSUMPTION), N_("Assumption"), N_("Assumptions")),
              (count(ElementKind.ACTOR), N_("Actor"), N_("Actors"))]
    figures = [(n, _(one) if n == 1 else _(many)) for n, one, many in words]
    agreed = {status: sum(1 for i in items if i.agreement(partner_ids) == status)
              for status in ("agreed", "proposed", "disputed")}

    partners = []
    for p in partnership.partners:
        partners.append({
            "name": p.name, "short": p.short_name, "colour": p.colour,
            "owns": sum(1 for e in state.elements.values() if e.owner == p.id),
            "proposed": sum(1 for i in items if i.proposed_by == p.id),
            "agreed": sum(1 for i in items if p.id in i.agreed_by),
            "disputes": sum(1 for i in items if p.id in i.disputed_by),
            "endorsed": bool(source.snapshot and p.id in source.snapshot.endorsed_by),
        })
    disputes = []
    for item in items:
        if item.disputed_by:
            kind = _("Link") if isinstance(item, Link) else (
                _("Indicator") if isinstance(item, Indicator) else codes.get(item.id) or item.kind.title)
            disputes.append({"what": kind, "label": state.label_of(item.id),
                             "by": ", ".join(names.get(i, i) for i in item.disputed_by),
                             "proposed": names.get(item.proposed_by, "—")})

    framework = framework_rows(state)
    levels = []
    for level in LEVELS:
        rows = []
        for row in (row for row in framework if row.level == level):
            element = row.element
            rows.append({
                "code": row.code, "label": element.label, "description": element.description,
                "owner": names.get(element.owner, "—"), "agreement": _agreement_pill(element.agreement(partner_ids)),
                "leads_to": ", ".join(row.contributes_to),
                "indicators": [i.name for i in row.indicators],
                "assumptions": [(a.label, _status_pill(a.assumption_status)) for a in row.assumptions],
            })
        levels.append({"title": _(LEVEL_WORDS[level.kind][2]), "kind": level.kind.value, "colour": KIND_STYLE[level.kind][0],
                       "tint": tint(KIND_STYLE[level.kind][0], 0.9), "rows": rows})

    indicators = []
    order = {code: n for n, code in enumerate(codes.values())}
    for indicator in sorted(state.indicators.values(), key=lambda i: (order.get(codes.get(i.element, ""), 10**6),
                                                                      i.name.lower())):
        if indicator.status != "active":
            continue
        target = latest_target(indicator)
        last = max(indicator.observations, key=_when) if indicator.observations else None
        baseline = indicator.baseline
        indicators.append({
            "name": indicator.name, "definition": indicator.definition, "proxy": indicator.proxy_for,
            "measures": codes.get(indicator.element) or state.label_of(indicator.element),
            "measures_label": state.label_of(indicator.element),
            "baseline": show_value(indicator, baseline.value) if baseline else "—",
            "baseline_when": baseline.date.year if baseline and baseline.date else "",
            "target": show_value(indicator, target.value) if target else "—",
            "target_when": (target.period.label or target.period.end.isoformat()) if target else "",
            "latest": latest_value(indicator),
            "latest_when": _when(last).strftime("%b %Y") if last else "",
            "chart": sparkline(indicator), "progress": progress(indicator),
            "direction": indicator.direction,
            "responsible": names.get(indicator.responsible_partner, "—"),
            "verification": indicator.means_of_verification,
            "agreement": _agreement_pill(indicator.agreement(partner_ids)),
            "narrative": (str(last.value) if last and indicator.measure == "narrative" and last.value else ""),
        })

    assumption_rows = []
    for element in sorted((e for e in state.elements.values() if e.kind == ElementKind.ASSUMPTION),
                          key=lambda e: (["disproved", "challenged", "untested", "holding"].index(
                              e.assumption_status or "untested"), e.label.lower())):
        underpins = []
        for ref in element.attached_to:
            if ref in state.elements:
                underpins.append(codes.get(ref) or state.elements[ref].label)
            elif ref in state.links:
                link = state.links[ref]
                underpins.append(f"{codes.get(link.source) or state.label_of(link.source)} → "
                                 f"{codes.get(link.target) or state.label_of(link.target)}")
        assumption_rows.append({"label": element.label, "description": element.description,
                                "status": _status_pill(element.assumption_status),
                                "underpins": underpins, "owner": names.get(element.owner, "—")})

    snapshots = [{"name": s.name, "revision": s.revision, "when": s.created_at, "note": s.note,
                  "endorsed": ", ".join(names.get(i, i) for i in s.endorsed_by) or "—",
                  "shown": source.snapshot is not None and s.name == source.snapshot.name}
                 for s in sorted(source.document.snapshots, key=lambda s: s.revision, reverse=True)]
    earlier = source.head_revision is not None and source.revision < source.head_revision
    return {
        "title": state.title, "description": state.description, "partnership": partnership.name,
        "partners": partners, "revision": source.revision, "revision_at": source.revision_at,
        "snapshot": source.snapshot, "endorsed": ", ".join(names.get(i, i) for i in source.snapshot.endorsed_by)
        if source.snapshot else "", "head_revision": source.head_revision, "earlier": earlier,
        "exported_at": source.exported_at, "map_id": source.map_id, "figures": figures, "agreed": agreed,
        "total_items": len(items), "disputes": disputes, "levels": levels, "indicators": indicators,
        "assumptions": assumption_rows, "snapshots": snapshots, "learning": _learning(state, names),
        "outside": _outside(state),
        "map_svg": render_svg(state, partnership, legend=False),
        "legend": legend_icons(state),
        "css": _asset("report.css"),
        "health": _health(source, names),
        "foundations": _foundations(state, partnership, names),
        "swot": _swot(source, names),
        "contributions": contributions_section(source.contributions),
        "follow_through": _follow_through(source, names),
        "systems_map": state.map_type == "systems_map",
        "loops": _loops(state),
    }


def _loops(state: MapState) -> dict:
    """The map's feedback loops for the report (named ones first), and what bounded the search."""
    from tocmap.adapters.exchange.kumu import map_loops  # the same loops the Kumu export lists; kumu loads on use

    found = map_loops(state)
    loops = sorted(found.loops, key=lambda lp: (not lp.name, len(lp.links)))
    kinds = {"reinforcing": _("Reinforcing"), "balancing": _("Balancing")}
    rows = [{"name": lp.name, "description": lp.description, "kind": kinds.get(lp.kind, lp.kind.capitalize()),
             "path": " → ".join(state.label_of(e) for e in [*lp.elements, lp.elements[0]])} for lp in loops]
    note = _("Not every loop is listed: {reason}.", reason=found.note) if found.note else ""
    return {"rows": rows, "note": note}


def _foundations(state: MapState, partnership, names: dict[str, str]) -> dict | None:
    """The joint purpose, principles and responsibilities with their agreement (None when there are none)."""
    ids = partnership.partner_ids()
    if not (state.purpose.text or state.principles or state.responsibilities):
        return None
    latest = max(state.versions.values(), key=lambda v: v.number, default=None)
    return {
        "purpose": state.purpose.text,
        "purpose_pill": _agreement_pill(state.purpose.agreement(ids)) if state.purpose.text else None,
        "principles": [(p.text, _agreement_pill(p.agreement(ids))) for p in state.principles.values()],
        "responsibilities": [(names.get(r.partner, r.partner), r.text, _agreement_pill(r.agreement(ids)))
                             for r in state.responsibilities.values()],
        "version": None if latest is None else {
            "number": latest.number, "reason": latest.reason, "when": latest.recorded_at,
            "endorsed": ", ".join(names.get(i, i) for i in latest.agreed_by) or _("not yet")},
    }


def _swot(source: ExportSource, names: dict[str, str]) -> dict | None:
    """The latest revealed SWOT: alignment per quadrant, the aligned pairs and one-sided cards."""
    found = source.swot
    if found is None:
        return None
    board = found.board
    quadrants = []
    for q in board.quadrants:
        quadrants.append({
            "title": q.title, "alignment": "—" if q.alignment is None else f"{q.alignment:.0%}",
            "pairs": [f"{a.text} ({names.get(a.partner, a.partner)}) ≈ {b.text} ({names.get(b.partner, b.partner)})"
                      for a, b in (p.cards for p in q.pairs)],
            "one_sided": [f"{c.text} ({names.get(c.partner, c.partner)})" for c in q.one_sided],
        })
    return {"title": found.exercise.title, "revealed": found.exercise.revealed_at,
            "alignment": "—" if board.alignment is None else f"{board.alignment:.0%}", "quadrants": quadrants}


def _follow_through(source: ExportSource, names: dict[str, str]) -> dict | None:
    """The map's actions and decisions (None when there are none)."""
    if not (source.actions or source.decisions):
        return None
    return follow_through_rows(source.actions, source.decisions, names, source.exported_at.date())


def follow_through_rows(actions: list, decisions: list, names: dict[str, str], today: dt.date) -> dict:
    """Actions (overdue marked) and decisions with each partner's stand, as the report and the pack show them."""
    partners = list(names)
    return {
        "actions": [{"title": a.title, "owner": a.owner_name, "partner": names.get(a.partner, a.partner or ""),
                     "due": a.due, "status": STATUS_TITLES[a.status], "overdue": a.overdue(today),
                     "source": a.source.label if a.source else ""} for a in actions],
        "decisions": [{"text": d.text, "rule": rule_sentence(d), "taken": d.taken_at, "consulted": d.consulted,
                       "stands": "; ".join(f"{names.get(p, p)}: {STAND_TITLES[s].lower()}" for p, s in d.stands.items()),
                       "waiting": ", ".join(names.get(p, p) for p in waiting_for(d, partners))}
                      for d in decisions],
    }


def _health(source: ExportSource, names: dict[str, str]) -> dict | None:
    """The latest revealed health check round: its spider chart and gaps (None when there is none)."""
    found = source.health
    if found is None:
        return None
    round_, partners = found.round, list(found.means)
    svg = radar_svg(round_, found.means, source.partnership, _("Each partner's mean score per dimension"))
    return {
        "title": round_.title, "revealed": round_.revealed_at, "by": round_.revealed_by, "answers": len(found.answers),
        "radar": svg.replace('width="760" height="640"', 'width="100%" preserveAspectRatio="xMidYMid meet"', 1),
        "partners": [names.get(p, p) for p in partners],
        "gaps": [{"title": g.title, "gap": f"{g.gap:.1f}" if len(g.means) > 1 else "—", "key": g.key,
                  "means": [f"{g.means[p]:.1f}" if p in g.means else "—" for p in partners]} for g in found.gaps],
        "actions": [a.label for a in round_.actions],
        **fair_health(found, names, [p.id for p in source.partnership.partners]),
    }


def _learning(state: MapState, names: dict[str, str]) -> list[dict]:
    """The learning log, newest first, as the report shows it."""
    correction = {"active": _("Course correction in progress"), "finished": _("Led to a course correction")}
    return [{"when": e.date, "kind": KIND_TITLES[e.kind], "text": e.text,
             "who": ", ".join(filter(None, [e.by, names.get(e.partner, e.partner or "")])),
             "about": [state.label_of(i) for i in [*e.elements, *e.indicators]],
             "correction": correction.get(e.correction or "", "")} for e in newest_first(state)]


def _outside(state: MapState) -> str:
    actors = sum(1 for e in state.elements.values() if e.kind == ElementKind.ACTOR)
    factors = sum(1 for e in state.elements.values() if e.kind == ElementKind.EXTERNAL_FACTOR)
    actor_words = ngettext("{n} actor", "{n} actors", actors)
    factor_words = ngettext("{n} external factor", "{n} external factors", factors)
    if actors and factors:
        return _("{actors} and {factors}", actors=actor_words, factors=factor_words)
    return actor_words if actors else factor_words if factors else ""


def render(source: ExportSource) -> str:
    """The report as an HTML document."""
    template = template_environment().from_string(_asset("report.html.j2"))
    return template.render(**context(source), lang=current_language())


def export(source: ExportSource) -> bytes:
    """The report, UTF-8 encoded."""
    return render(source).encode("utf-8")
