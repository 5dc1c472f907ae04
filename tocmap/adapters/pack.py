"""The partnership pack: one printable page to read before a session.

Purpose and principles, the map, the latest health check round, open actions and
decisions, and the journey with the next session's pre-reading (HTML that prints to A4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources

from tocmap.adapters.exchange.picture import render_svg
from tocmap.adapters.exchange.report import follow_through_rows, template_environment
from tocmap.domain.actions import Action
from tocmap.domain.decisions import Decision
from tocmap.domain.journey import STAGE_TITLES, Document, Session, Stage
from tocmap.domain.model import MapState, Partnership
from tocmap.i18n import current


@dataclass(frozen=True)
class Pack:
    """What the pack shows."""

    title: str
    partnership: Partnership
    state: MapState
    today: dt.date
    health: object | None  # tocmap.services.health.Results of the latest revealed round
    actions: list[Action]
    decisions: list[Decision]
    stages: list[Stage]
    sessions: list[Session]
    documents: list[Document]
    next_session: Session | None


def _named_by_kind(stage: Stage) -> bool:
    """Whether a stage is still called what its kind is called (in English or the pack's language)."""
    return any(title.startswith(stage.title) for title in (STAGE_TITLES.source(stage.kind), STAGE_TITLES[stage.kind]))


def render(pack: Pack) -> str:
    """The pack as an HTML document."""
    names = {p.id: p.short_name or p.name for p in pack.partnership.partners}
    health = None
    if pack.health is not None:
        found = pack.health
        health = {"title": found.round.title, "revealed": found.round.revealed_at,
                  "partners": [names.get(p, p) for p in found.means],
                  "gaps": [{"title": g.title, "gap": f"{g.gap:.1f}",
                            "means": [f"{g.means[p]:.1f}" if p in g.means else "—" for p in found.means]}
                           for g in found.gaps]}
    context = {
        "title": pack.title, "today": pack.today, "partners": [p.name for p in pack.partnership.partners],
        "purpose": pack.state.purpose.text, "principles": [p.text for p in pack.state.principles.values()],
        "responsibilities": [(names.get(r.partner, r.partner), r.text) for r in pack.state.responsibilities.values()],
        "map_svg": render_svg(pack.state, pack.partnership, legend=True) if pack.state.elements else None,
        "health": health,
        "stages": [{"kind": "" if _named_by_kind(s) else STAGE_TITLES[s.kind],
                    "title": s.title, "starts": s.starts, "ends": s.ends} for s in pack.stages],
        "sessions": [{"title": s.title, "held_on": s.held_on, "attended": s.attended,
                      "attendance": ", ".join(f"{name} {s.attendance[p]}" for p, name in names.items()
                                              if p in s.attendance)}
                     for s in pack.sessions],
        "next": pack.next_session,
        "pre_reading": [d for d in pack.documents if d.pre_reading and (
            pack.next_session is None or d.session_id in (None, pack.next_session.id))],
        "documents": [d for d in pack.documents if not d.pre_reading],
    }
    context.update(follow_through_rows(pack.actions, pack.decisions, names, pack.today))
    context["css"] = resources.files("tocmap.adapters.exchange").joinpath("report.css").read_text(encoding="utf-8")
    template = resources.files("tocmap.adapters").joinpath("pack.html.j2").read_text(encoding="utf-8")
    return template_environment().from_string(template).render(**context, lang=current())
