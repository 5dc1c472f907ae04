"""Pure presenters for the map canvas: cytoscape elements, stylesheets and edit deltas.

Colours, shapes and node sizes come from :mod:`tocmap.presentation`, shared with the map's pictures.

Styling comes from ``data`` fields (``node[kind = "outcome"]``) because dash-cytoscape
drops ``classes`` when it echoes the element list back after a drag.

Big maps load light: an item carries only what the canvas draws, and a field only when it
differs from the usual (no ``kind`` on a link means "contributes to"). What only the filters
and the Agreement view read (owner, tags, agreed) comes with them (:func:`view_patch`), and with
every later update of the item; the rest stays on the server until a panel asks for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from tocmap.domain.changes import Change, touched
from tocmap.domain.indicators import STATUS_LOOK
from tocmap.domain.model import Element, ElementKind, Link, LinkKind, MapState, Partnership
from tocmap.domain.translations import read_in
from tocmap.i18n import current
from tocmap.presentation import (
    KIND_STYLE,
    NODE_WIDTH,
    element_colours,
    element_scales,
    node_height,
    tint,
    unplaced_positions,
)


#: Data fields an item carries only when they differ from the usual: an update that lacks one clears it.
OPTIONAL_DATA = ("agreement", "owner", "tags", "risk", "kind", "polarity", "confidence", "label", "also")


def node(element: Element, partner_ids: set[str], fallback: tuple[float, float] | None = None,
         views: bool = True) -> dict:
    """One element as a cytoscape node; with ``views``, what the filters and the Agreement view read too.

    >>> node(Element(id="a", kind="outcome", label="Data used", x=1.0, y=2.0, owner="moh"), {"moh"}, views=False)
    {'data': {'id': 'a', 'label': 'Data used', 'kind': 'outcome', 'h': 37}, 'position': {'x': 1.0, 'y': 2.0}}
    """
    position = (element.x, element.y) if element.x is not None else fallback or (0.0, 0.0)
    data = {"id": element.id, "label": element.label, "kind": element.kind.value, "h": node_height(element.label)}
    _unless_usual(data, risk=element.assumption_status if element.assumption_status in ("challenged", "disproved")
                  else "")
    data.update(view_data(element, partner_ids) if views else _disputed(element))
    return {"data": data, "position": {"x": position[0], "y": position[1]}}


def edge(link: Link, partner_ids: set[str], views: bool = True) -> dict:
    """One link as a cytoscape edge; with ``views``, whether it is agreed too.

    >>> edge(Link(id="l", source="a", target="b", polarity="-"), set())
    {'data': {'id': 'l', 'source': 'a', 'target': 'b', 'polarity': '-', 'label': '−'}}
    """
    mark = "−" if link.polarity == "-" else ""
    data = {"id": link.id, "source": link.source, "target": link.target}
    _unless_usual(data, kind="" if link.kind == LinkKind.CONTRIBUTES_TO else link.kind.value,
                  polarity="" if link.polarity == "+" else link.polarity,
                  confidence="" if link.confidence == "medium" else link.confidence,
                  label=" ".join(filter(None, [mark, link.label])))
    data.update(view_data(link, partner_ids) if views else _disputed(link))
    return {"data": data}


def view_data(item: Element | Link, partner_ids: set[str]) -> dict:
    """What the partner and tag filters and the Agreement view read of an item: its owner and tags,
    and its agreement unless proposed (``node[^agreement]`` selects what is proposed).

    >>> view_data(Element(id="a", kind="output", label="A", owner="moh", agreed_by=["moh"]), {"moh"})
    {'agreement': 'agreed', 'owner': 'moh'}
    """
    agreement = item.agreement(partner_ids)
    fields = {"agreement": "" if agreement == "proposed" else agreement}
    if isinstance(item, Element):
        fields.update(owner=item.owner, tags="|".join(item.tags))
    return {name: value for name, value in fields.items() if value}


def _disputed(item: Element | Link) -> dict:
    """A dispute is always drawn."""
    return {"agreement": "disputed"} if item.disputed_by else {}


def _unless_usual(data: dict, **fields) -> None:
    """Add the fields that hold something."""
    data.update((name, value) for name, value in fields.items() if value)


def attachment_edges(state: MapState, of: Iterable[str] | None = None) -> list[dict]:
    """Dotted lines from each assumption (or those among ``of``) to the elements it underpins (not links of the map)."""
    assumptions = state.elements.values() if of is None else (state.elements[i] for i in of if i in state.elements)
    return [
        {"data": {"id": f"{a.id}~{ref}", "source": a.id, "target": ref, "kind": "attachment"}}
        for a in assumptions
        for ref in a.attached_to
        if ref in state.elements
    ]



def cy_elements(state: MapState, partnership: Partnership, views: bool = True) -> list[dict]:
    """Everything the canvas shows: nodes, links, and assumption attachments.

    A page opens ``views=False``: what only filters read comes with them (:func:`view_patch`).
    Labels are in the reader's language where the map has a translation.
    """
    written, state = state, read_in(state, current())
    partners = partnership.partner_ids()
    fallback = unplaced_positions(state)
    nodes = searchable([node(e, partners, fallback.get(e.id), views) for e in state.elements.values()], written)
    return nodes + [edge(link, partners, views) for link in state.links.values()] + attachment_edges(state)


def searchable(items: list[dict], state: MapState) -> list[dict]:
    """Let search find an element by its label in every language: the labels not shown ride along as ``also``.

    >>> from tocmap.domain.model import Translation
    >>> e = Element(id="a", kind="outcome", label="Data", translations={"fr": {"label": Translation(text="Données",
    ...             of="00000000")}})
    >>> searchable([{"data": {"id": "a", "label": "Données"}}], MapState(title="m", elements={"a": e}))
    [{'data': {'id': 'a', 'label': 'Données', 'also': 'Data'}}]
    """
    for item in items:
        element = state.elements.get(item["data"]["id"])
        if element is not None and element.translations:
            texts = {element.label, *(t["label"].text for t in element.translations.values() if "label" in t)}
            item["data"]["also"] = " · ".join(sorted(texts - {item["data"].get("label")}))
    return items


def view_patch(state: MapState, partnership: Partnership) -> dict:
    """A canvas delta that adds what the filters and the Agreement view read to the items on the canvas.

    >>> from tocmap.domain.graph import sketch
    >>> state = sketch("a -> b")
    >>> state.elements["a"] = state.elements["a"].model_copy(update={"owner": "moh", "tags": ["data"]})
    >>> view_patch(state, Partnership(id="p", name="P"))
    {'patch': [{'id': 'a', 'owner': 'moh', 'tags': 'data'}]}
    """
    partners = partnership.partner_ids()
    items = [*state.elements.values(), *state.links.values()]
    return {"patch": [{"id": item.id, **data} for item in items if (data := view_data(item, partners))]}


def delta(state: MapState, partnership: Partnership, recorded: Change, select: str | None = None) -> dict:
    """What the canvas must change after ``recorded`` was applied, giving ``state``.

    Items the change touched are sent again (or removed when gone); assumption
    attachments of touched assumptions are rebuilt; labels are in the reader's language.
    """
    written, state = state, read_in(state, current())
    partners = partnership.partner_ids()
    ids = {item for item, _ in touched(recorded)} | _added(recorded)
    views = sorted(i for i in ids if _view_op(recorded, i))
    ids -= set(views)  # a saved view is no item of the canvas
    upsert, remove = [], []
    for item_id in sorted(ids):
        if item_id in state.elements:
            upsert.append(node(state.elements[item_id], partners))
        elif item_id in state.links:
            upsert.append(edge(state.links[item_id], partners))
        elif item_id != "map" and item_id not in state.indicators:
            remove.append(item_id)
    attachments = attachment_edges(state, of=sorted(ids))
    searchable(upsert, written)
    for item in upsert:  # what the canvas still holds of a field no longer set is cleared
        item["unset"] = [name for name in OPTIONAL_DATA if name not in item["data"]]
    answer = {
        "upsert": upsert + attachments,
        "remove": remove,
        "detach": sorted(i for i in ids if i in state.elements or i in remove),
        "select": select,
        "views": views,
        "restyle": restyles(state, recorded),  # the field styles are read again (see tocmap.ui.editor.fields)
        **panel_news(recorded),
    }
    return {key: value for key, value in answer.items() if value}  # what says nothing is not sent


#: Fields of an item that the side panel's agreement view shows ("*": the item went).
STAND_FIELDS = frozenset({"agreed_by", "disputed_by", "*"})
#: Changes that the learning banner and the selected element's evidence and learning show.
LEARNING_OPS = frozenset({"add_learning", "update_learning", "remove_learning", "add_evidence", "remove_evidence"})
LEARNING_FIELDS = frozenset({"kind", "evidence", "assumption_status", "*"})


def panel_news(recorded: Change) -> dict:
    """What a change means for the side panel's views that are always on screen: the items whose agreement
    changed (``agreed``), and whether the learning log, evidence or an element's kind did (``learning``).
    The browser redraws those views only then (assets/editor.js).

    >>> from tocmap.domain.changes import UpdateElement, MoveElements
    >>> panel_news(UpdateElement(id="o1", set={"label": "x", "agreed_by": []}))
    {'agreed': ['o1']}
    >>> panel_news(UpdateElement(id="o1", set={"kind": "assumption"})), panel_news(MoveElements(positions={"o1": (1.0, 2.0)}))
    ({'learning': 1}, {})
    """
    written = touched(recorded)
    news = {}
    agreed = sorted({item for item, field in written if field in STAND_FIELDS})
    if agreed:
        news["agreed"] = agreed
    if _ops(recorded) & LEARNING_OPS or any(field in LEARNING_FIELDS for _item, field in written):
        news["learning"] = 1
    return news


def _ops(change: Change) -> set[str]:
    """The kinds of operation a change is made of."""
    if change.op == "batch":
        return set().union(*(_ops(op) for op in change.ops)) if change.ops else set()
    return {change.op}


def restyles(state: MapState, recorded: Change) -> bool:
    """Whether a change may alter what the map's own fields size and colour: the map's settings changed, or
    the map is sized or coloured by a field and an element came, went, or changed its values or label.

    >>> from tocmap.domain.changes import MoveElements
    >>> restyles(MapState(title="m"), MoveElements(positions={"a": (1.0, 2.0)}))
    False
    """
    written = touched(recorded)
    if any(item == "map" for item, _field in written):
        return True
    shown = state.display.size_by or state.display.colour_by
    return bool(shown and ({f for _i, f in written} & {"custom", "label", "*"} or _added(recorded)))


def _view_op(change: Change, item_id: str) -> bool:
    """Whether ``change`` saved or removed the view ``item_id``."""
    if change.op == "batch":
        return any(_view_op(op, item_id) for op in change.ops)
    return change.op in ("save_view", "remove_view") and item_id in (getattr(change, "id", None),
                                                                     getattr(getattr(change, "view", None), "id", None))


def _added(change: Change) -> set[str]:
    if change.op == "batch":
        return set().union(*(_added(op) for op in change.ops)) if change.ops else set()
    for field in ("element", "link", "indicator"):
        item = getattr(change, field, None)
        if item is not None and not isinstance(item, str):
            return {item.id}
    return set()


# --------------------------------------------------------------------------- style


def base_stylesheet(display: list[dict] | None = None) -> list[dict]:
    """Shapes and colours by kind, link styles by kind, polarity and confidence.

    ``display`` (:func:`display_stylesheet`) sizes and colours elements by the map's fields: it comes
    after the colours by kind and before what marks risk, disputes, comments and the selection.
    """
    rules = [
        {"selector": "node", "style": {
            "label": "data(label)", "width": NODE_WIDTH, "height": "data(h)", "text-wrap": "wrap",
            "text-max-width": NODE_WIDTH - 20, "text-valign": "center", "text-halign": "center",
            "font-size": 13, "font-family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
            "color": "#1f2a44", "border-width": 2, "background-opacity": 1,
            "min-zoomed-font-size": 5,  # labels too small to read are not drawn: big maps stay fast
        }},
        {"selector": "edge", "style": {
            "curve-style": "bezier", "width": 2, "line-color": "#8795a8", "target-arrow-color": "#8795a8",
            "target-arrow-shape": "triangle", "arrow-scale": 1.1,
        }},
        # only labelled links map a label: a mapping to data an element lacks costs a warning per element
        {"selector": "edge[label]", "style": {
            "label": "data(label)", "font-size": 16, "text-background-color": "#ffffff",
            "text-background-opacity": 0.85, "color": "#c92a2a", "min-zoomed-font-size": 9,
        }},
    ]
    for kind, (colour, shape) in KIND_STYLE.items():
        rules.append({"selector": f'node[kind = "{kind.value}"]', "style": {
            "shape": shape, "background-color": tint(colour), "border-color": colour,
        }})
    rules += display or []
    rules += [
        {"selector": f'node[kind = "{ElementKind.IMPACT.value}"]', "style": {"font-weight": "bold", "border-width": 3}},
        {"selector": f'edge[kind = "{LinkKind.INFLUENCES.value}"]', "style": {
            "line-style": "dashed", "line-color": "#495057", "target-arrow-color": "#495057",
            "target-arrow-shape": "vee"}},
        {"selector": f'edge[kind = "{LinkKind.RELATES_TO.value}"]', "style": {
            "line-style": "dotted", "target-arrow-shape": "none"}},
        {"selector": 'edge[polarity = "-"]', "style": {"line-color": "#e03131", "target-arrow-color": "#e03131"}},
        {"selector": 'edge[confidence = "low"]', "style": {"width": 1.2, "line-dash-pattern": [6, 4]}},
        {"selector": 'edge[confidence = "high"]', "style": {"width": 3.2}},
        {"selector": 'edge[kind = "attachment"]', "style": {
            "line-style": "dotted", "line-color": "#e8590c", "target-arrow-shape": "none", "width": 1.5,
            "curve-style": "straight", "events": "no"}},
        # assumptions at risk: challenged (amber, dashed) and disproved (red, dashed, faded fill)
        {"selector": 'node[risk = "challenged"]', "style": {
            "border-color": "#f08c00", "border-style": "dashed", "border-width": 4, "background-color": "#fff4e6"}},
        {"selector": 'node[risk = "disproved"]', "style": {
            "border-color": "#c92a2a", "border-style": "dashed", "border-width": 5, "background-color": "#ffe3e3",
            "color": "#862e2e"}},
        {"selector": 'node[agreement = "disputed"]', "style": {"border-style": "double", "border-width": 5,
                                                               "border-color": "#e03131"}},
        # open comment threads: a soft violet glow (set in the browser from the live feed)
        {"selector": "node[talk > 0], edge[talk > 0]", "style": {
            "underlay-color": "#7048e8", "underlay-opacity": 0.22, "underlay-padding": 7}},
        {"selector": "node[seenBy]", "style": {"border-color": "#ae3ec9", "border-width": 4,
                                               "border-style": "dashed"}},
        {"selector": "node:selected", "style": {"border-width": 4, "border-color": "#f59f00", "overlay-opacity": 0.08,
                                                "overlay-color": "#f59f00", "overlay-padding": 4}},
        {"selector": "edge:selected", "style": {"line-color": "#f59f00", "target-arrow-color": "#f59f00", "width": 4}},
    ]
    return rules


def _attr(value: str) -> str:
    """A value quoted for a cytoscape selector."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: Search runs in the browser as you type (assets/canvas_view.js): it marks matches ``hit`` and the rest
#: ``miss``. These rules come last, so a search dims what does not match whatever else is shown.
SEARCH_RULES = [
    {"selector": "node[?miss], edge[?miss]", "style": {"opacity": 0.15, "text-opacity": 0.3}},
    {"selector": "node[?hit]", "style": {"border-width": 5, "border-color": "#f59f00", "opacity": 1,
                                         "text-opacity": 1}},
    # presentation mode reveals the map step by step: what is still to come is ``veil``ed
    {"selector": "node[?veil], edge[?veil]", "style": {"display": "none"}},
]


#: How what a filter leaves out looks: dimmed, still there.
HIDDEN = {"opacity": 0.12, "text-opacity": 0.25}


def field_filter_rules(matched: Iterable[str], applies_to: str) -> list[dict]:
    """Rules that dim the elements (and/or links) whose value of a field does not fit a filter.

    Examples
    --------
    >>> [r["selector"] for r in field_filter_rules(["a", "b"], "elements")]
    ['node', 'node[id = "a"], node[id = "b"]']
    """
    scope = {"elements": "node", "links": 'edge[kind != "attachment"]', "both": 'node, edge[kind != "attachment"]'}
    rules = [{"selector": scope[applies_to], "style": HIDDEN}]
    kept = ", ".join(f"{'node' if applies_to == 'elements' else ''}[id = {_attr(i)}]" for i in sorted(matched))
    if kept:
        rules.append({"selector": kept, "style": {"opacity": 1, "text-opacity": 1}})
    return rules


def display_stylesheet(state: MapState) -> list[dict]:
    """Rules that colour elements by the map's colouring field and size them by its sizing field.

    Colours come as one rule per option; sizes as one rule per element with a value (bigger
    boxes, bigger labels: see :data:`tocmap.presentation.SIZE_RANGE`).

    Examples
    --------
    >>> from tocmap.domain.model import FieldDefinition, FieldDisplay
    >>> state = MapState(title="m", elements={"a": Element(id="a", kind="output", label="A", custom={"p": "Hi"})},
    ...                  fields={"p": FieldDefinition(id="p", name="P", type="choice", choices=["Hi"])},
    ...                  display=FieldDisplay(colour_by="p"))
    >>> display_stylesheet(state)[0]["selector"], display_stylesheet(state)[0]["style"]["border-color"]
    ('node[id = "a"]', '#0072b2')
    """
    by_colour: dict[str, list[str]] = {}
    for element_id, colour in element_colours(state).items():
        by_colour.setdefault(colour, []).append(element_id)
    rules = [{"selector": ", ".join(f"node[id = {_attr(i)}]" for i in sorted(members)),
              "style": {"background-color": tint(colour, 0.7), "border-color": colour, "border-width": 3}}
             for colour, members in sorted(by_colour.items())]
    for element_id, scale in sorted(element_scales(state).items()):
        label = state.elements[element_id].label
        rules.append({"selector": f"node[id = {_attr(element_id)}]", "style": {
            "width": round(NODE_WIDTH * scale), "height": round(node_height(label) * scale),
            "font-size": round(13 * scale, 1), "text-max-width": round((NODE_WIDTH - 20) * scale)}})
    return rules


def view_stylesheet(
    kinds: list[str] | None = None, partners: list[str] | None = None,
    tags: list[str] | None = None, focus: list[str] | None = None, unagreed: bool = False,
    by_field: list[dict] | None = None, display: list[dict] | None = None,
) -> list[dict]:
    """The base style plus what filters and focus add (dimming what is out of view), then search's rules.

    Examples
    --------
    >>> rules = view_stylesheet(kinds=["outcome"])
    >>> rules[-4]["selector"], rules[-2]["selector"]
    ('node[kind = "outcome"]', 'node[?hit]')
    """
    rules = base_stylesheet(display)
    hidden = HIDDEN
    if kinds:
        rules.append({"selector": "node", "style": {"display": "none"}})
        rules += [{"selector": f"node[kind = {_attr(k)}]", "style": {"display": "element"}} for k in kinds]
    if partners:
        rules.append({"selector": "node", "style": hidden})
        rules += [{"selector": f"node[owner = {_attr(p)}]", "style": {"opacity": 1, "text-opacity": 1}} for p in partners]
    if tags:
        rules.append({"selector": "node", "style": hidden})
        rules += [{"selector": f"node[tags @*= {_attr(t)}]", "style": {"opacity": 1, "text-opacity": 1}} for t in tags]
    rules += by_field or []
    if focus:
        rules.append({"selector": "node, edge", "style": hidden})
        rules += [{"selector": f"[id = {_attr(i)}]", "style": {"opacity": 1, "text-opacity": 1}} for i in focus]
    if unagreed:
        rules += [
            {"selector": "node[^agreement]", "style": {"border-style": "dashed", "border-color": "#f08c00",
                                                       "border-width": 4}},
            {"selector": 'edge[^agreement][kind != "attachment"]', "style": {"line-style": "dashed",
                                                                             "line-color": "#f08c00"}},
        ]
    return rules + SEARCH_RULES


def status_stylesheet(statuses: dict[str, str]) -> list[dict]:
    """Rules that colour each measured element by the worst status of its indicators.

    ``statuses`` maps element ids to a status code (see :mod:`tocmap.domain.indicators`);
    elements not in it keep their colours. Appended after the view rules, so they win.

    Examples
    --------
    >>> status_stylesheet({"oc-1": "off_track"})[0]["selector"]
    'node[id = "oc-1"]'
    """
    rules = []
    for element_id, code in sorted(statuses.items()):
        colour = STATUS_LOOK.get(code, STATUS_LOOK["none"])[1]
        rules.append({"selector": f"node[id = {_attr(element_id)}]", "style": {
            "background-color": tint(colour, 0.7), "border-color": colour, "border-width": 5,
            "border-style": "solid"}})
    return rules
