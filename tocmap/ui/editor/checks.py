"""The editor's checks and insights panel: findings by severity; loops, pathways, leverage, partners.

Whatever the panel lists can be clicked to highlight its elements on the map: the ids go
to the editor's focus store (the editor dims everything else; "Show all" clears it), and
the canvas moves to them when they are out of view. The panel recomputes whenever the
editor's map store moves to a new revision (after every edit); the service caches each
revision's results, so many open copies of one map cost one check.

For the editor's canvas: :data:`ids.MEASURE_STYLE` holds extra stylesheet rules that size
and colour the top elements by the chosen leverage measure, ``[]`` when that is switched
off. Appending them to the canvas stylesheet shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, dcc, html, no_update

from tocmap.domain.checks import RULES, SEVERITIES, CheckReport, Finding, quoted
from tocmap.domain.errors import TocmapError
from tocmap.domain.insights import Leverage, Loops, PartnerPathways, Pathway, Pathways
from tocmap.domain.model import ElementKind, MapState
from tocmap.i18n import N_, _, format_number, ngettext
from tocmap.services import checks as checking
from tocmap.ui.editor import ids
from tocmap.ui.canvas import NODE_WIDTH, node_height
from tocmap.ui.auth import current_author
from tocmap.ui.components import error_alert
from tocmap.ui.presenters import KIND_STYLE

if TYPE_CHECKING:  # a type only: the UI never opens a store
    from tocmap.adapters.database import Database

#: Findings listed per rule; the rest are counted (and highlighted together when few enough).
ITEMS_SHOWN = 25
#: Most ids one click highlights (beyond this, highlighting everything would only grey out the map).
HIGHLIGHT_MAX = 400
#: Pathways listed per partner.
PARTNER_PATHS_SHOWN = 8
#: Leverage: elements listed, and elements sized on the map.
RANKED_SHOWN = 10
RANKED_STYLED = 40

SEVERITY_LOOK = {  # words (heading, tile for one, tile for many), icon
    "error": (N_("Errors"), N_("Error"), "bi-x-octagon-fill"),
    "warning": (N_("Warnings"), N_("Warning"), "bi-exclamation-triangle-fill"),
    "info": (N_("Notes"), N_("Note"), "bi-info-circle-fill"),
}
MEASURES = (
    ("betweenness", N_("Bridges between pathways (betweenness)")),
    ("reach", N_("Leads furthest downstream (reach)")),
    ("out_degree", N_("Drives most elements directly (out-degree)")),
    ("in_degree", N_("Driven by most elements (in-degree)")),
)
MEASURE_HELP = {
    "betweenness": N_("Elements many routes through the map pass through: if they fail, pathways break."),
    "reach": N_("Elements whose change spreads furthest: how many elements lie downstream of each."),
    "out_degree": N_("Elements with the most direct effects on others."),
    "in_degree": N_("Elements that depend on the most others: many things must go right for them."),
}
#: A partner's part in a pathway: its tag, and what highlighting it says.
ROLE_TAGS = {"leads": N_("Leads"), "contributes": N_("Contributes")}
ROLE_LABELS = {"leads": N_("{name} leads: pathway from {start}"),
               "contributes": N_("{name} contributes: pathway from {start}")}


def _loops(count: int) -> str:
    return ngettext("{n} loop", "{n} loops", count, n=format_number(count))


# --------------------------------------------------------------------------- layout


def panel() -> html.Div:
    """The panel's content, mounted in the editor's side panel under "Checks"."""
    stores = [dcc.Store(id=i, data={}) for i in (ids.CHECKS_TARGETS, ids.INSIGHTS_TARGETS, ids.PATHS_TARGETS,
                                                  ids.LEVERAGE_TARGETS, ids.CHECKS_HIGHLIGHT, ids.CHECKS_FIT)]
    stores += [dcc.Store(id=ids.CHECKS_FIT_DONE), dcc.Store(id=ids.MEASURE_STYLE, data=[]), dcc.Store(id=ids.CHECKS_DUE)]
    switch = dbc.RadioItems(
        id=ids.CHECKS_VIEW, value="checks",
        options=[{"label": _("Findings"), "value": "checks"}, {"label": _("Insights"), "value": "insights"}],
        class_name="btn-group tm-checks-switch", input_class_name="btn-check",
        label_class_name="btn btn-outline-primary", label_checked_class_name="active",
    )
    banner = html.Div(
        [
            html.I(className="bi bi-bullseye tm-banner-icon"),
            html.Div([html.Div(_("Highlighted"), className="tm-banner-caption"),
                      html.Div(id=ids.CHECKS_BANNER_TEXT, className="tm-banner-text")], className="tm-banner-body"),
            dbc.Button(_("Show all"), id=ids.CHECKS_CLEAR, color="light", size="sm", className="tm-banner-clear"),
        ],
        id=ids.CHECKS_BANNER, className="tm-checks-banner", style={"display": "none"},
    )
    checks = html.Div(
        [html.Div(id=ids.CHECKS_SUMMARY, className="tm-checks-summary"),
         dcc.Loading(html.Div(id=ids.CHECKS_FINDINGS), type="dot", color="#4c6ef5", delay_show=400)],
        id=ids.CHECKS_BODY,
    )
    insights = html.Div(
        dbc.Accordion(
            [
                dbc.AccordionItem(html.Div(id=ids.INSIGHTS_LOOPS), title=_("Feedback loops"), item_id="loops"),
                dbc.AccordionItem(
                    [
                        html.Label(_("From the intervention"), htmlFor=ids.INSIGHTS_PATH_FROM, className="tm-field-label"),
                        dcc.Dropdown(id=ids.INSIGHTS_PATH_FROM, clearable=False, placeholder=_("Choose an intervention"),
                                     className="tm-path-from", optionHeight=52),
                        html.Div(id=ids.INSIGHTS_PATHS),
                    ],
                    title=_("Pathways to the impact"), item_id="paths",
                ),
                dbc.AccordionItem(
                    [
                        dbc.Select(id=ids.INSIGHTS_MEASURE, options=[{"label": _(label), "value": key} for key, label in MEASURES], value="betweenness", size="sm",
                                   className="mb-2"),
                        dbc.Switch(id=ids.INSIGHTS_MEASURE_ON, value=False, className="tm-measure-switch",
                                   label=_("Size and colour the map by this measure")),
                        html.Div(id=ids.INSIGHTS_LEVERAGE),
                    ],
                    title=_("Leverage points"), item_id="leverage",
                ),
                dbc.AccordionItem(html.Div(id=ids.INSIGHTS_PARTNERS), title=_("Partners' pathways"), item_id="partners"),
            ],
            always_open=True, active_item=["loops", "paths"], class_name="tm-insights",
        ),
        id=ids.INSIGHTS_BODY, style={"display": "none"},
    )
    return html.Div([*stores, switch, banner, checks, insights], className="tm-checks")


# --------------------------------------------------------------------------- presenters


def _target(targets: dict, key: str, item_ids: list[str], label: str) -> dict:
    """Remember what clicking ``key`` highlights; return the id of its component."""
    targets[key] = {"ids": list(dict.fromkeys(item_ids)), "label": label[:160]}
    return {"type": ids.CHECKS_ITEM, "key": key}


def summary(report: CheckReport) -> list:
    """Big counts by severity, readable from the back of a room."""
    counts = report.counts()
    tiles = [
        html.Div([html.I(className=f"bi {icon}"), html.Span(format_number(counts[s]), className="tm-count"),
                  html.Span(_(one) if counts[s] == 1 else _(many), className="tm-count-word")],
                 className=f"tm-count-tile tm-sev-{s}" + ("" if counts[s] else " is-zero"))
        for s, (many, one, icon) in SEVERITY_LOOK.items()
    ]
    return [html.Div(tiles, className="tm-count-tiles")]


def findings_view(report: CheckReport) -> tuple[list, dict]:
    """Findings grouped by severity, then by rule, and what each one highlights."""
    if not report.findings:
        return [html.Div([html.I(className="bi bi-check-circle-fill"),
                          html.Div([html.Strong(_("No problems found.")),
                                    html.Div(_("Every pathway leads somewhere and everything is measured and "
                                               "owned."))])],
                         className="tm-all-clear")], {}
    targets: dict = {}
    sections = []
    for severity in SEVERITIES:
        found = [f for f in report.findings if f.severity == severity]
        if not found:
            continue
        by_rule: dict[str, list[Finding]] = {}
        for finding in found:
            by_rule.setdefault(finding.rule, []).append(finding)
        many, _one, icon = SEVERITY_LOOK[severity]
        sections.append(html.Section(
            [html.H3([html.I(className=f"bi {icon}"), _(many), html.Span(format_number(len(found)),
                                                                         className="tm-sev-count")],
                     className="tm-sev-heading")]
            + [_rule_block(rule, items, targets) for rule, items in by_rule.items()],
            className=f"tm-severity tm-sev-{severity}",
        ))
    if report.loops.note:
        sections.append(html.Div(_("Feedback loops: {note}.", note=report.loops.note), className="tm-bound"))
    return sections, targets


def _rule_block(rule: str, found: list[Finding], targets: dict) -> html.Div:
    title = RULES[rule].title
    hints = {f.hint for f in found}
    shared_hint = hints.pop() if len(hints) == 1 else None
    everything = [i for f in found for i in f.items]
    head = [html.Span(title, className="tm-rule-title"), html.Span(format_number(len(found)), className="tm-rule-count")]
    if len(found) > 1 and 0 < len(everything) <= HIGHLIGHT_MAX:
        head.append(html.Button([html.I(className="bi bi-bullseye me-1"), _("All")], className="tm-rule-all",
                                title=_("Highlight all {n} on the map", n=format_number(len(found))),
                                id=_target(targets, f"g{len(targets)}", everything, f"{title} ({len(found)})")))
    items = []
    for finding in found[:ITEMS_SHOWN]:
        body = [html.Div(finding.message, className="tm-finding-text")]
        if shared_hint is None and finding.hint:
            body.append(html.Div(finding.hint, className="tm-finding-hint"))
        if finding.items:
            items.append(html.Button(body, className="tm-finding tm-check-item", title=_("Show on the map"), n_clicks=0,
                                     id=_target(targets, f"f{len(targets)}", finding.items, finding.message)))
        else:
            items.append(html.Div(body, className="tm-finding is-static"))
    if len(found) > ITEMS_SHOWN:
        items.append(html.Div(_("…and {n} more", n=format_number(len(found) - ITEMS_SHOWN)), className="tm-more"))
    hint = [html.Div([html.I(className="bi bi-lightbulb me-1"), shared_hint], className="tm-rule-hint")] if shared_hint else []
    return html.Div([html.Div(head, className="tm-rule-head"), *hint, *items], className="tm-rule")


def _step(state: MapState, element_id: str, limit: int = 48) -> html.Span:
    element = state.elements.get(element_id)
    colour = KIND_STYLE[element.kind][0] if element else "#868e96"
    label = quoted(element.label, limit)[1:-1] if element else element_id
    return html.Span([html.Span(className="tm-kind-dot", style={"background": colour}), label], className="tm-step")


def _chain(state: MapState, element_ids: list[str], closing: str | None = None, limit: int = 48) -> html.Div:
    parts: list = []
    for n, element_id in enumerate(element_ids):
        if n:
            parts.append(html.I(className="bi bi-arrow-down-short tm-step-arrow"))
        parts.append(_step(state, element_id, limit))
    if closing:
        parts += [html.I(className="bi bi-arrow-return-left tm-step-arrow"), html.Span(closing, className="tm-step-back")]
    return html.Div(parts, className="tm-chain")


def with_assumptions(state: MapState, item_ids: list[str]) -> list[str]:
    """The ids plus the assumptions attached to any of them and the dotted lines that attach them."""
    shown = set(item_ids)
    extra = []
    for element in state.elements.values():
        refs = [r for r in element.attached_to if r in shown]
        if refs:
            extra.append(element.id)
            extra += [f"{element.id}~{r}" for r in refs]  # the canvas's attachment edges
    return [*item_ids, *extra]


def loops_view(state: MapState, loops: Loops, targets: dict) -> list:
    """The feedback loops, each clickable, with reinforcing or balancing."""
    if not loops.loops:
        return [html.P(_("No feedback loops: every link runs one way, nothing comes back round."),
                       className="tm-checks-empty")]
    kinds = [lp.kind for lp in loops.loops if not lp.results_chain]
    counts = {"loops": _loops(len(loops.loops)), "reinforcing": format_number(kinds.count("reinforcing")),
              "balancing": format_number(kinds.count("balancing"))}
    chain_loops = len(loops.loops) - len(kinds)
    if chain_loops:
        line = _("{loops}: {reinforcing} reinforcing, {balancing} balancing, {chain} in the results chain (see Checks)",
                 chain=format_number(chain_loops), **counts)
    else:
        line = _("{loops}: {reinforcing} reinforcing, {balancing} balancing", **counts)
    rows = []
    for n, loop in enumerate(loops.loops):
        if loop.results_chain:
            tag = html.Span([html.I(className="bi bi-x-octagon me-1"), _("Results chain circle")], className="tm-tag tm-tag-error")
        elif loop.kind == "reinforcing":
            tag = html.Span([html.I(className="bi bi-arrow-repeat me-1"), _("Reinforcing")], className="tm-tag tm-tag-r")
        else:
            tag = html.Span([html.I(className="bi bi-arrow-left-right me-1"), _("Balancing")], className="tm-tag tm-tag-b")
        negative = html.Span(ngettext("{n} negative link", "{n} negative links", loop.negative),
                             className="tm-tag-note") if loop.negative else None
        label = (ngettext("Reinforcing loop through {n} element", "Reinforcing loop through {n} elements",
                          len(loop.elements)) if loop.kind == "reinforcing" else
                 ngettext("Balancing loop through {n} element", "Balancing loop through {n} elements",
                          len(loop.elements)))
        rows.append(html.Button(
            [html.Div([tag, negative], className="tm-item-tags"), _chain(state, loop.elements, _("back to the start"), 70)],
            className="tm-insight tm-check-item", n_clicks=0, title=_("Show on the map"),
            id=_target(targets, f"l{n}", loop.elements + loop.links, label),
        ))
    note = [html.Div(loops.note.capitalize() + ".", className="tm-bound")] if loops.note else []
    return [html.Div(line, className="tm-insight-summary"), *rows, *note]


def paths_view(state: MapState, source: str, found: Pathways, targets: dict) -> list:
    """Every pathway from one intervention to the impact, shortest first."""
    name = quoted(state.label_of(source), 60)
    if not found.paths:
        return [html.P(_("No pathway leads from {name} to an impact yet.", name=name), className="tm-checks-empty")]
    everything = [i for p in found.paths for i in (*p.elements, *p.links)]
    count = len(found.paths)
    head = [html.Span(ngettext("{n} pathway from {name}", "{n} pathways from {name}", count, name=name),
                      className="tm-insight-summary-text")]
    if count > 1:
        head.append(html.Button([html.I(className="bi bi-bullseye me-1"), _("All")], className="tm-rule-all",
                                title=_("Highlight every pathway"),
                                id=_target(targets, "pall", with_assumptions(state, everything),
                                           _("All {n} pathways from {name}", n=format_number(count), name=name))))
    rows = [
        html.Button(
            [html.Div(html.Span(ngettext("Pathway {number} · {n} step", "Pathway {number} · {n} steps",
                                         len(p.elements) - 1, number=n + 1), className="tm-tag tm-tag-path"),
                      className="tm-item-tags"),
             _chain(state, p.elements)],
            className="tm-insight tm-check-item", n_clicks=0, title=_("Show on the map"),
            id=_target(targets, f"p{n}", with_assumptions(state, [*p.elements, *p.links]),
                       _("Pathway {number} from {name}", number=n + 1, name=name)),
        )
        for n, p in enumerate(found.paths)
    ]
    note = [html.Div(found.note.capitalize() + ".", className="tm-bound")] if found.note else []
    return [html.Div(head, className="tm-insight-summary"), *rows, *note]


def leverage_view(state: MapState, ranked: Leverage, targets: dict) -> list:
    """The top elements on a measure, with bars, each clickable."""
    shown = ranked.ranking[:RANKED_SHOWN]
    if not shown:
        return [html.P(_("No element stands out yet: add links to see where the leverage lies."),
                       className="tm-checks-empty")]
    top = shown[0].value or 1
    rows = []
    for n, row in enumerate(shown):
        value = format_number(row.value, 3 if ranked.measure == "betweenness" else 0)
        rows.append(html.Button(
            [html.Span(f"{n + 1}", className="tm-rank"),
             html.Div([_step(state, row.element, 60),
                       html.Div(html.Div(className="tm-bar-fill", style={"width": f"{max(4, 100 * row.value / top):.0f}%"}),
                                className="tm-bar")], className="tm-rank-body"),
             html.Span(value, className="tm-rank-value")],
            className="tm-rank-row tm-check-item", n_clicks=0, title=_("Show on the map"),
            id=_target(targets, f"r{n}", [row.element], f"#{n + 1}: {state.label_of(row.element)}"),
        ))
    top_ids = [r.element for r in shown]
    head = html.Div(
        [html.Span(_(MEASURE_HELP[ranked.measure]), className="tm-insight-summary-text"),
         html.Button([html.I(className="bi bi-bullseye me-1"), _("Top {n}", n=len(shown))], className="tm-rule-all",
                     title=_("Highlight them all"),
                     id=_target(targets, "rall", top_ids, _("Top {n} leverage points", n=len(shown))))],
        className="tm-insight-summary",
    )
    note = [html.Div(ranked.note.capitalize() + ".", className="tm-bound")] if ranked.note else []
    return [head, *rows, *note]


def measure_style(state: MapState, ranked: Leverage, limit: int = RANKED_STYLED) -> list[dict]:
    """Canvas stylesheet rules that make the top elements on a measure bigger and warmer.

    Examples
    --------
    >>> from tocmap.domain.graph import sketch
    >>> from tocmap.domain.insights import Ranked
    >>> rules = measure_style(sketch("a -> b"), Leverage(measure="reach", ranking=[Ranked(element="a", value=1.0)]))
    >>> rules[0]["selector"], rules[0]["style"]["width"]
    ('node[id = "a"]', 304)
    """
    rows = [r for r in ranked.ranking[:limit] if r.element in state.elements]
    if not rows:
        return []
    top = rows[0].value or 1
    rules = []
    for row in rows:
        share = max(0.0, min(1.0, row.value / top))
        grow = 1 + 0.6 * share
        element = state.elements[row.element]
        rules.append({"selector": f'node[id = "{row.element}"]', "style": {
            "width": round(NODE_WIDTH * grow), "height": round(node_height(element.label) * grow),
            "font-size": round(13 * (1 + 0.35 * share), 1), "border-width": round(3 + 5 * share, 1),
            "background-color": _heat(share), "z-index": 10,
        }})
    return rules


def _heat(share: float) -> str:
    """A colour from pale yellow (low) to deep orange (high).

    Examples
    --------
    >>> _heat(0.0), _heat(1.0)
    ('#fff3bf', '#ff922b')
    """
    low, high = (0xFF, 0xF3, 0xBF), (0xFF, 0x92, 0x2B)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(low, high, strict=True))


def partners_view(checked: checking.Checked, view: PartnerPathways, targets: dict) -> list:
    """For each partner, the pathways it leads (owns the intervention) or contributes to."""
    state, partners = checked.state, checked.partnership.partners
    if not view.paths:
        return [html.P(_("No pathway runs from an intervention to an impact yet."), className="tm-checks-empty")]
    cards = []
    for j, (partner, share) in enumerate(zip(partners, view.partners, strict=True)):
        mine = [(i, "leads") for i in share.leads] + [(i, "contributes") for i in share.contributes]
        mine.sort()
        name = partner.short_name or partner.name
        every = [x for i, _ in mine for x in (*view.paths[i].elements, *view.paths[i].links)]
        head = [html.Span(className="tm-partner-dot", style={"background": partner.colour}),
                html.Span(name, className="tm-partner-name"),
                html.Span(_("leads {leads} · contributes to {contributes}", leads=len(share.leads),
                            contributes=len(share.contributes)), className="tm-partner-counts")]
        if mine and len(every) <= HIGHLIGHT_MAX:
            head.append(html.Button([html.I(className="bi bi-bullseye me-1"), _("All")], className="tm-rule-all",
                                    title=_("Highlight every pathway {name} takes part in", name=name),
                                    id=_target(targets, f"pa{j}", every, _("Pathways {name} takes part in", name=name))))
        rows = [
            html.Button(
                [html.Span(_(ROLE_TAGS[role]), className=f"tm-tag tm-tag-{role}"), _short_path(state, view.paths[i])],
                className="tm-partner-path tm-check-item", n_clicks=0, title=_("Show on the map"),
                id=_target(targets, f"pp{j}_{i}", [*view.paths[i].elements, *view.paths[i].links],
                           _(ROLE_LABELS[role], name=name, start=state.label_of(view.paths[i].elements[0]))),
            )
            for i, role in mine[:PARTNER_PATHS_SHOWN]
        ]
        if len(mine) > PARTNER_PATHS_SHOWN:
            rows.append(html.Div(_("…and {n} more", n=format_number(len(mine) - PARTNER_PATHS_SHOWN)),
                                 className="tm-more"))
        if not mine:
            rows.append(html.Div(_("Owns no element on a pathway to the impact."), className="tm-checks-empty"))
        cards.append(html.Div([html.Div(head, className="tm-partner-head"), *rows], className="tm-partner-card"))
    extra = []
    if view.unowned:
        extra.append(html.Div(ngettext("{n} pathway starts at an intervention no partner owns.",
                                       "{n} pathways start at an intervention no partner owns.", len(view.unowned)),
                              className="tm-bound"))
    if view.note:
        extra.append(html.Div(view.note.capitalize() + ".", className="tm-bound"))
    return [html.Div(ngettext("{n} pathway from interventions to the impact.",
                              "{n} pathways from interventions to the impact.", len(view.paths)),
                     className="tm-insight-summary"), *cards, *extra]


def _short_path(state: MapState, path: Pathway) -> html.Span:
    first, last = path.elements[0], path.elements[-1]
    middle = len(path.elements) - 2
    steps = ngettext(" → {n} step → ", " → {n} steps → ", middle)
    return html.Span([_step(state, first, 40), html.Span(steps, className="tm-path-middle"), _step(state, last, 28)],
                     className="tm-short-path")


def intervention_options(state: MapState) -> list[dict]:
    """Interventions for the pathway dropdown, by label."""
    interventions = sorted((e for e in state.elements.values() if e.kind == ElementKind.INTERVENTION),
                           key=lambda e: e.label.casefold())
    return [{"label": e.label, "value": e.id} for e in interventions]


# --------------------------------------------------------------------------- callbacks

_HIGHLIGHT_JS = """
function(clicks, a, b, c, d) {
    const none = window.dash_clientside.no_update;
    const context = window.dash_clientside.callback_context;
    const fired = context.triggered && context.triggered[0];
    if (!fired || !fired.value || !context.triggered_id) { return [none, none, none]; }
    const target = Object.assign({}, a || {}, b || {}, c || {}, d || {})[context.triggered_id.key];
    if (!target || !target.ids.length) { return [none, none, none]; }
    return [target.ids, {ids: target.ids, label: target.label}, {ids: target.ids, at: Date.now()}];
}
"""

_BANNER_JS = """
function(focus, shown) {
    const on = !!(focus && focus.length && shown && shown.ids
                  && JSON.stringify(focus) === JSON.stringify(shown.ids));
    return [on ? {} : {display: "none"}, on ? shown.label : ""];
}
"""

# Move the view to the highlighted elements, unless they are on screen already at a readable size.
_FIT_JS = """
function(fit) {
    const cy = window.cy;
    if (!cy || !fit || !fit.ids || !fit.ids.length) { return window.dash_clientside.no_update; }
    let chosen = cy.collection();
    fit.ids.forEach(function (id) { chosen = chosen.union(cy.getElementById(id)); });
    chosen = chosen.filter(function (e) { return e.visible(); });
    if (chosen.empty()) { return window.dash_clientside.no_update; }
    const box = chosen.boundingBox(), view = cy.extent();
    const pad = 60, w = cy.width(), h = cy.height();
    let zoom = Math.min((w - 2 * pad) / Math.max(box.w, 1), (h - 2 * pad) / Math.max(box.h, 1));
    zoom = Math.max(window.tocmapView ? window.tocmapView.legibleZoom() : cy.minZoom(), Math.min(zoom, 1.0));
    const onScreen = box.x1 >= view.x1 && box.x2 <= view.x2 && box.y1 >= view.y1 && box.y2 <= view.y2;
    if (onScreen && cy.zoom() >= Math.min(zoom, 0.75)) { return Date.now(); }
    const x = (box.x1 + box.x2) / 2, y = (box.y1 + box.y2) / 2;
    cy.animate({zoom: zoom, pan: {x: w / 2 - zoom * x, y: h / 2 - zoom * y}}, {duration: 350});
    return Date.now();
}
"""


def register_callbacks(app, db: Database) -> None:
    """Wire the panel's callbacks onto this app instance."""

    app.clientside_callback(
        "function(view) { const hide = {display: 'none'}; return view === 'insights' ? [hide, {}] : [{}, hide]; }",
        Output(ids.CHECKS_BODY, "style"), Output(ids.INSIGHTS_BODY, "style"), Input(ids.CHECKS_VIEW, "value"),
    )
    app.clientside_callback(
        _HIGHLIGHT_JS,
        Output(ids.FOCUS, "data", allow_duplicate=True), Output(ids.CHECKS_HIGHLIGHT, "data"),
        Output(ids.CHECKS_FIT, "data"),
        Input({"type": ids.CHECKS_ITEM, "key": ALL}, "n_clicks"),
        State(ids.CHECKS_TARGETS, "data"), State(ids.INSIGHTS_TARGETS, "data"), State(ids.PATHS_TARGETS, "data"),
        State(ids.LEVERAGE_TARGETS, "data"), prevent_initial_call=True,
    )
    app.clientside_callback(
        _BANNER_JS, Output(ids.CHECKS_BANNER, "style"), Output(ids.CHECKS_BANNER_TEXT, "children"),
        Input(ids.FOCUS, "data"), Input(ids.CHECKS_HIGHLIGHT, "data"),
    )
    app.clientside_callback(
        "function(n) { return n ? [] : window.dash_clientside.no_update; }",
        Output(ids.FOCUS, "data", allow_duplicate=True), Input(ids.CHECKS_CLEAR, "n_clicks"), prevent_initial_call=True,
    )
    # checks run when the tab is on screen (and after every edit while it is): no request otherwise
    app.clientside_callback(
        "function(meta, tab) { return tab === 'checks' ? meta.revision : window.dash_clientside.no_update; }",
        Output(ids.CHECKS_DUE, "data"), Input(ids.EDITOR_MAP_SHOWN, "data"), Input(ids.PANEL_TABS, "active_tab"),
    )
    app.clientside_callback(_FIT_JS, Output(ids.CHECKS_FIT_DONE, "data"), Input(ids.CHECKS_FIT, "data"),
                            prevent_initial_call=True)

    @app.callback(
        Output(ids.CHECKS_SUMMARY, "children"), Output(ids.CHECKS_FINDINGS, "children"),
        Output(ids.CHECKS_TARGETS, "data"),
        Input(ids.CHECKS_DUE, "data"), State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def show_checks(_event, meta):
        try:
            checked = checking.check_map(db, meta["map_id"], current_author())
        except TocmapError as error:
            return None, error_alert(str(error), _("Cannot check the map")), {}
        findings, targets = findings_view(checked.report)
        return summary(checked.report), findings, targets

    @app.callback(
        Output(ids.INSIGHTS_LOOPS, "children"), Output(ids.INSIGHTS_PARTNERS, "children"),
        Output(ids.INSIGHTS_PATH_FROM, "options"), Output(ids.INSIGHTS_PATH_FROM, "value"),
        Output(ids.INSIGHTS_TARGETS, "data"),
        Input(ids.CHECKS_DUE, "data"), Input(ids.CHECKS_VIEW, "value"), State(ids.INSIGHTS_PATH_FROM, "value"),
        State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def show_insights(_event, view, chosen, meta):
        if view != "insights":
            return (no_update,) * 5
        try:
            checked, shares = checking.map_partner_pathways(db, meta["map_id"], current_author())
        except TocmapError as error:
            return error_alert(str(error), _("Cannot analyse the map")), None, [], None, {}
        targets: dict = {}
        loops = loops_view(checked.state, checked.report.loops, targets)
        partners = partners_view(checked, shares, targets)
        options = intervention_options(checked.state)
        values = [o["value"] for o in options]
        if chosen not in values:
            starts = [p.elements[0] for p in shares.paths]
            chosen = starts[0] if starts else (values[0] if values else None)
        return loops, partners, options, chosen, targets

    @app.callback(
        Output(ids.INSIGHTS_PATHS, "children"), Output(ids.PATHS_TARGETS, "data"),
        Input(ids.INSIGHTS_PATH_FROM, "value"), Input(ids.CHECKS_DUE, "data"), Input(ids.CHECKS_VIEW, "value"),
        State(ids.EDITOR_MAP, "data"), prevent_initial_call=True,
    )
    def show_paths(source, _event, view, meta):
        if view != "insights":
            return no_update, no_update
        if not source:
            return html.P(_("The map has no intervention yet."), className="tm-checks-empty"), {}
        try:
            checked, found = checking.map_pathways(db, meta["map_id"], current_author(), source)
        except TocmapError as error:
            return error_alert(str(error), _("Cannot find pathways")), {}
        targets: dict = {}
        return paths_view(checked.state, source, found, targets), targets

    @app.callback(
        Output(ids.INSIGHTS_LEVERAGE, "children"), Output(ids.LEVERAGE_TARGETS, "data"),
        Output(ids.MEASURE_STYLE, "data"),
        Input(ids.INSIGHTS_MEASURE, "value"), Input(ids.INSIGHTS_MEASURE_ON, "value"),
        Input(ids.CHECKS_DUE, "data"), Input(ids.CHECKS_VIEW, "value"), State(ids.EDITOR_MAP, "data"),
        prevent_initial_call=True,
    )
    def show_leverage(measure, sized, _event, view, meta):
        if view != "insights" and not sized:
            return no_update, no_update, []
        try:
            checked, ranked = checking.map_leverage(db, meta["map_id"], current_author(), measure or "betweenness",
                                                    limit=RANKED_STYLED)
        except TocmapError as error:
            return error_alert(str(error), _("Cannot rank the elements")), {}, []
        targets: dict = {}
        style = measure_style(checked.state, ranked) if sized else []
        return leverage_view(checked.state, ranked, targets), targets, style
