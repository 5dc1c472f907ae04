"""A picture of the map drawn on the server from element positions: SVG, and PNG through resvg.

The drawing follows the canvas: shapes and colours by element kind, solid "contributes
to", dashed "influences", dotted "relates to", red negative links marked "−", thicker
links for high confidence and thinner dashed ones for low, dotted orange lines from
assumptions to what they underpin, a double red border on disputed elements. A legend
lists what the map uses. No browser is needed: the PNG is the SVG rendered by resvg
(a Rust renderer shipped as a Python wheel), with the system's fonts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from tocmap.adapters.exchange import ExportSource
from tocmap.domain.model import (
    Element,
    ElementKind,
    Link,
    LinkKind,
    MapState,
    Partnership,
)
from tocmap.i18n import _
from tocmap.presentation import (
    CHARS_PER_LINE,
    KIND_STYLE,
    LINE_HEIGHT,
    NODE_WIDTH,
    display_legend,
    element_colours,
    element_scales,
    node_height,
    tint,
    unplaced_positions,
)

FONT = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif"
INK = "#1f2a44"
MUTED = "#5c677d"
EDGE_GREY, EDGE_DARK, RED, ORANGE = "#8795a8", "#495057", "#e03131", "#e8590c"
MARGIN = 40
#: Shapes whose text would spill out at the canvas height are drawn taller.
TALL = {ElementKind.ASSUMPTION: 1.5, ElementKind.EXTERNAL_FACTOR: 1.7}
PNG_WIDTH = 2400
#: The smallest text of the picture (legend, link labels) in SVG units, and how tall it must come
#: out in a PNG viewed at 100 %: a big map gives a bigger PNG rather than unreadable labels.
SMALLEST_TEXT = 12.5
LEGIBLE_PX = 10.0
PNG_MAX_SIDE = 16_000
PNG_MAX_PIXELS = 120_000_000  # about 480 MB while drawing: beyond this, the SVG or the report stays legible


def wrap(label: str, width: int = CHARS_PER_LINE, lines: int = 6) -> list[str]:
    """A label broken into lines the way the canvas sizes nodes; the last line ends in … when cut.

    Examples
    --------
    >>> wrap("District health officers act on weekly surveillance data")
    ['District health officers', 'act on weekly', 'surveillance data']
    """
    result: list[str] = []
    line = ""
    for word in label.split():
        while len(word) > width:
            if line:
                result.append(line)
                line = ""
            result.append(word[: width - 1] + "-")
            word = word[width - 1:]
        if line and len(line) + 1 + len(word) > width:
            result.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        result.append(line)
    if len(result) > lines:
        result = result[:lines]
        result[-1] = result[-1][: width - 1].rstrip() + "…"
    return result or [""]


@dataclass(frozen=True)
class Box:
    """Where an element is drawn: its centre, size and kind."""

    x: float
    y: float
    w: float
    h: float
    kind: ElementKind
    scale: float = 1.0

    def edge_point(self, dx: float, dy: float, gap: float = 3.0) -> tuple[float, float]:
        """Where a line leaving the centre in direction (dx, dy) crosses the shape's outline."""
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        hw, hh = self.w / 2, self.h / 2
        if self.kind == ElementKind.ACTOR:
            t = 1 / math.sqrt((ux / hw) ** 2 + (uy / hh) ** 2)
        elif self.kind == ElementKind.ASSUMPTION:
            t = 1 / (abs(ux) / hw + abs(uy) / hh)
        else:
            t = min(hw / abs(ux) if ux else math.inf, hh / abs(uy) if uy else math.inf)
        return self.x + ux * (t + gap), self.y + uy * (t + gap)


def _boxes(state: MapState) -> dict[str, Box]:
    fallback = unplaced_positions(state)
    scales = element_scales(state)
    boxes = {}
    for element in state.elements.values():
        x, y = (element.x, element.y) if element.x is not None else fallback[element.id]
        scale = scales.get(element.id, 1.0)
        h = node_height(element.label) * TALL.get(element.kind, 1.0) * scale
        boxes[element.id] = Box(float(x), float(y), float(NODE_WIDTH * scale), float(h), element.kind, scale)
    return boxes


def _shape(box: Box, **attributes) -> str:
    attrs = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in attributes.items())
    x, y, hw, hh = box.x, box.y, box.w / 2, box.h / 2
    kind = box.kind
    if kind == ElementKind.ACTOR:
        return f'<ellipse cx="{x:.1f}" cy="{y:.1f}" rx="{hw:.1f}" ry="{hh:.1f}" {attrs}/>'
    if kind in (ElementKind.OUTCOME, ElementKind.OUTPUT):
        return (f'<rect x="{x - hw:.1f}" y="{y - hh:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="9" {attrs}/>')
    if kind == ElementKind.IMPACT:
        c = min(hw, hh) * 0.55
        points = [(x - hw + c, y - hh), (x + hw - c, y - hh), (x + hw, y - hh + c), (x + hw, y + hh - c),
                  (x + hw - c, y + hh), (x - hw + c, y + hh), (x - hw, y + hh - c), (x - hw, y - hh + c)]
    elif kind == ElementKind.INTERVENTION:
        c = min(hw * 0.35, hh * 0.9)
        points = [(x - hw, y), (x - hw + c, y - hh), (x + hw - c, y - hh), (x + hw, y), (x + hw - c, y + hh),
                  (x - hw + c, y + hh)]
    elif kind == ElementKind.ASSUMPTION:
        points = [(x, y - hh), (x + hw, y), (x, y + hh), (x - hw, y)]
    else:  # external factor: a triangle
        points = [(x, y - hh), (x + hw, y + hh), (x - hw, y + hh)]
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f'<polygon points="{path}" stroke-linejoin="round" {attrs}/>'


def _node(element: Element, box: Box, disputed: bool, colour: str | None = None) -> str:
    """One element: its shape in its kind's colour (or ``colour``, its option of the colouring field), its label."""
    fill = tint(colour, 0.7) if colour else tint(KIND_STYLE[element.kind][0])
    colour = colour or KIND_STYLE[element.kind][0]
    parts = []
    if disputed:
        parts.append(_shape(box, fill="none", stroke=RED, stroke_width="9"))
        parts.append(_shape(box, fill="none", stroke="#ffffff", stroke_width="4.5"))
    width = "3" if element.kind == ElementKind.IMPACT else "2"
    parts.append(_shape(box, fill=fill, stroke=RED if disputed else colour, stroke_width=width))
    lines = wrap(element.label)
    shift = box.h * 0.14 if element.kind == ElementKind.EXTERNAL_FACTOR else 0.0
    line_height = LINE_HEIGHT * box.scale
    top = box.y + shift - (len(lines) - 1) * line_height / 2
    weight = ' font-weight="bold"' if element.kind == ElementKind.IMPACT else ""
    spans = "".join(f'<tspan x="{box.x:.1f}" y="{top + n * line_height:.1f}">{escape(line)}</tspan>'
                    for n, line in enumerate(lines))
    parts.append(f'<text text-anchor="middle" dominant-baseline="central" font-size="{13 * box.scale:g}"{weight} '
                 f'fill="{INK}">{spans}</text>')
    return f'<g class="node node-{element.kind.value}"><title>{escape(element.label)}</title>{"".join(parts)}</g>'


def _edge_style(link: Link) -> tuple[str, float, str, str]:
    """(colour, width, dash pattern, marker) of a link."""
    colour = EDGE_DARK if link.kind == LinkKind.INFLUENCES else EDGE_GREY
    if link.polarity == "-":
        colour = RED
    width = {"low": 1.3, "medium": 2.0, "high": 3.2}[link.confidence]
    dash = {LinkKind.INFLUENCES: "9 5", LinkKind.RELATES_TO: "2 5"}.get(link.kind, "")
    if link.confidence == "low" and not dash:
        dash = "6 4"
    marker = "" if link.kind == LinkKind.RELATES_TO else f"arrow-{colour[1:]}"
    return colour, width, dash, marker


def _curve(a: Box, b: Box, bend: float) -> tuple[tuple, tuple, tuple, tuple]:
    """Start, control point, end and midpoint of a link drawn from a to b, bent sideways by ``bend``."""
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    nx_, ny_ = -dy / length, dx / length
    cx, cy = (a.x + b.x) / 2 + nx_ * bend, (a.y + b.y) / 2 + ny_ * bend
    start = a.edge_point(cx - a.x, cy - a.y, 1.0)
    end = b.edge_point(cx - b.x, cy - b.y, 5.0)
    mid = (0.25 * start[0] + 0.5 * cx + 0.25 * end[0], 0.25 * start[1] + 0.5 * cy + 0.25 * end[1])
    return start, (cx, cy), end, mid


def _links(state: MapState, boxes: dict[str, Box]) -> tuple[list[str], list[str], dict[str, tuple]]:
    """The drawn links, their labels, and each link's midpoint (where attachments point)."""
    pairs: dict[frozenset, list[Link]] = {}
    for link in state.links.values():
        pairs.setdefault(frozenset((link.source, link.target)), []).append(link)
    drawn, labels, middles = [], [], {}
    for group in pairs.values():
        for index, link in enumerate(group):
            a, b = boxes[link.source], boxes[link.target]
            bend = 0.0 if len(group) == 1 else (index - (len(group) - 1) / 2) * 46.0
            if len(group) > 1 and link.source > link.target:
                bend = -bend  # the same side whichever way the link runs
            start, control, end, mid = _curve(a, b, bend)
            middles[link.id] = mid
            colour, width, dash, marker = _edge_style(link)
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            arrow = f' marker-end="url(#{marker})"' if marker else ""
            drawn.append(f'<path d="M{start[0]:.1f},{start[1]:.1f} Q{control[0]:.1f},{control[1]:.1f} '
                         f'{end[0]:.1f},{end[1]:.1f}" fill="none" stroke="{colour}" stroke-width="{width}"'
                         f'{dashed}{arrow}><title>{escape(state.label_of(link.id))}</title></path>')
            sign = "−" if link.polarity == "-" else ("+" if state.map_type == "systems_map" else "")
            text = " ".join(filter(None, [sign, link.label]))
            if text:
                w = 9 + 7.4 * len(text)
                labels.append(
                    f'<g><rect x="{mid[0] - w / 2:.1f}" y="{mid[1] - 10:.1f}" width="{w:.1f}" height="20" rx="4" '
                    f'fill="#ffffff" fill-opacity="0.9"/><text x="{mid[0]:.1f}" y="{mid[1]:.1f}" text-anchor="middle" '
                    f'dominant-baseline="central" font-size="13" font-weight="bold" fill="{RED if link.polarity == "-" else INK}">'
                    f'{escape(text)}</text></g>')
    return drawn, labels, middles


def _attachments(state: MapState, boxes: dict[str, Box], middles: dict[str, tuple]) -> list[str]:
    lines = []
    for element in state.elements.values():
        for ref in element.attached_to:
            if ref in boxes:
                target = boxes[ref]
                end = target.edge_point(boxes[element.id].x - target.x, boxes[element.id].y - target.y, 2.0)
            elif ref in middles:
                end = middles[ref]
            else:
                continue
            a = boxes[element.id]
            start = a.edge_point(end[0] - a.x, end[1] - a.y, 1.0)
            lines.append(f'<line x1="{start[0]:.1f}" y1="{start[1]:.1f}" x2="{end[0]:.1f}" y2="{end[1]:.1f}" '
                         f'stroke="{ORANGE}" stroke-width="1.6" stroke-dasharray="2 4" stroke-linecap="round"/>')
    return lines


def legend_items(state: MapState) -> list[tuple[str, str]]:
    """The legend of what the map uses: (icon as SVG drawn around 0,0; words)."""
    items: list[tuple[str, str]] = []
    kinds = [k for k in KIND_STYLE if any(e.kind == k for e in state.elements.values())]
    for kind in kinds:
        box = Box(0, 0, 30, 18 if kind not in TALL else 22, kind)
        colour = KIND_STYLE[kind][0]
        items.append((_shape(box, fill=tint(colour), stroke=colour, stroke_width="1.6"), kind.title))
    links = list(state.links.values())

    def sample(colour: str, dash: str = "", width: float = 2.0, arrow: bool = True) -> str:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        marker = f' marker-end="url(#arrow-{colour[1:]})"' if arrow else ""
        return (f'<line x1="-16" y1="0" x2="11" y2="0" stroke="{colour}" stroke-width="{width}"{dashed}{marker}/>')

    if any(lk.kind == LinkKind.CONTRIBUTES_TO for lk in links):
        items.append((sample(EDGE_GREY), LinkKind.CONTRIBUTES_TO.title))
    if any(lk.kind == LinkKind.INFLUENCES for lk in links):
        items.append((sample(EDGE_DARK, "9 5"), LinkKind.INFLUENCES.title))
    if any(lk.kind == LinkKind.RELATES_TO for lk in links):
        items.append((sample(EDGE_GREY, "2 5", arrow=False), LinkKind.RELATES_TO.title))
    if any(lk.polarity == "-" for lk in links):
        items.append((sample(RED), _("negative (−)")))
    if any(lk.confidence == "high" for lk in links):
        items.append((sample(EDGE_GREY, width=3.4), _("high confidence")))
    if any(lk.confidence == "low" for lk in links):
        items.append((sample(EDGE_GREY, "6 4", 1.3), _("low confidence")))
    if any(e.attached_to for e in state.elements.values()):
        items.append((f'<line x1="-16" y1="0" x2="14" y2="0" stroke="{ORANGE}" stroke-width="1.6" '
                      'stroke-dasharray="2 4" stroke-linecap="round"/>', _("assumption underpins")))
    if any(e.disputed_by for e in state.elements.values()):
        box = Box(0, 0, 30, 18, ElementKind.OUTCOME)
        items.append((_shape(box, fill="#ffffff", stroke=RED, stroke_width="3"), _("disputed")))
    for colour, words in display_legend(state):
        if colour:
            icon = f'<circle cx="0" cy="0" r="8" fill="{tint(colour, 0.7)}" stroke="{colour}" stroke-width="2.5"/>'
        else:  # the size note: a small and a big box
            icon = ('<rect x="-15" y="-3" width="9" height="7" rx="2" fill="none" stroke="#5c677d" stroke-width="1.4"/>'
                    '<rect x="-3" y="-8" width="17" height="16" rx="3" fill="none" stroke="#5c677d" stroke-width="1.4"/>')
        items.append((icon, words))
    return items


def legend_icons(state: MapState) -> list[tuple[str, str]]:
    """The legend as small standalone SVG icons with their words (for HTML)."""
    return [(f'<svg width="34" height="24" viewBox="-17 -12 34 24" aria-hidden="true"><defs>{_markers()}</defs>'
             f'{icon}</svg>', label) for icon, label in legend_items(state)]


def _legend(state: MapState, left: float, top: float, width: float) -> tuple[str, float]:
    """The legend of what the map uses, flowing in rows across ``width``; returns it and its height."""
    items = legend_items(state)
    x, y, row_height = 0.0, 0.0, 30.0
    parts = []
    for icon, label in items:
        item_width = 44 + 7.2 * len(label) + 22
        if x and x + item_width > width:
            x, y = 0.0, y + row_height
        parts.append(f'<g transform="translate({left + x + 18:.1f},{top + y + 15:.1f})">{icon}'
                     f'<text x="26" y="0" dominant-baseline="central" font-size="12.5" fill="{INK}">'
                     f'{escape(label)}</text></g>')
        x += item_width
    height = (y + row_height + 16) if items else 0.0
    frame = (f'<rect x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height - 10:.1f}" rx="6" '
             f'fill="#f8f9fb" stroke="#dde2ea"/>') if items else ""
    return frame + "".join(parts), height


def _markers() -> str:
    """Arrowheads, one per link colour."""
    return "".join(
        f'<marker id="arrow-{c[1:]}" viewBox="0 0 10 10" refX="8.5" refY="5" markerWidth="12" markerHeight="12" '
        f'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
        for c in (EDGE_GREY, EDGE_DARK, RED))


def render_svg(state: MapState, partnership: Partnership, title: str | None = None, subtitle: str | None = None,
               legend: bool = True) -> str:
    """The map as a standalone SVG document (with a title block when ``title`` is given)."""
    boxes = _boxes(state)
    if boxes:
        left = min(b.x - b.w / 2 for b in boxes.values()) - MARGIN
        right = max(b.x + b.w / 2 for b in boxes.values()) + MARGIN
        top = min(b.y - b.h / 2 for b in boxes.values()) - MARGIN
        bottom = max(b.y + b.h / 2 for b in boxes.values()) + MARGIN
    else:
        left, right, top, bottom = 0.0, 640.0, 0.0, 120.0
    width = max(right - left, 640.0)
    head = 0.0
    header = ""
    if title:
        head = 78.0 if subtitle else 56.0
        header = (f'<text x="{left + MARGIN / 2:.1f}" y="{top - head + 30:.1f}" font-size="22" font-weight="bold" '
                  f'fill="{INK}">{escape(title)}</text>')
        if subtitle:
            header += (f'<text x="{left + MARGIN / 2:.1f}" y="{top - head + 56:.1f}" font-size="14" fill="{MUTED}">'
                       f'{escape(subtitle)}</text>')
    legend_svg, legend_height = _legend(state, left + MARGIN / 2, bottom, width - MARGIN) if legend else ("", 0.0)
    if not boxes:
        header += (f'<text x="{left + width / 2:.1f}" y="{top + 60:.1f}" text-anchor="middle" font-size="15" '
                   f'fill="{MUTED}">This map has no elements yet.</text>')
    height = bottom - top + head + legend_height
    drawn, labels, middles = _links(state, boxes)
    partners = partnership.partner_ids()
    colours = element_colours(state)
    nodes = [_node(e, boxes[e.id], e.agreement(partners) == "disputed", colours.get(e.id))
             for e in state.elements.values()]
    markers = _markers()
    view = f"{left:.1f} {top - head:.1f} {width:.1f} {height:.1f}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view}" width="{width:.0f}" height="{height:.0f}" '
        f'font-family="{FONT}" role="img" aria-label="{escape(title or state.title)}">'
        f'<title>{escape(title or state.title)}</title>'
        f'<defs>{markers}</defs>'
        f'<rect x="{left:.1f}" y="{top - head:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#ffffff"/>'
        f'{header}<g class="links">{"".join(_attachments(state, boxes, middles))}{"".join(drawn)}</g>'
        f'<g class="nodes">{"".join(nodes)}</g><g class="link-labels">{"".join(labels)}</g>'
        f'<g class="legend">{legend_svg}</g></svg>'
    )


def subtitle(source: ExportSource) -> str:
    """What the picture shows: partners, revision or snapshot, and when."""
    parts = [" · ".join(p.short_name or p.name for p in source.partnership.partners)]
    if source.snapshot:
        parts.append(f"snapshot “{source.snapshot.name}” (revision {source.revision})")
    else:
        parts.append(f"revision {source.revision}")
    if source.revision_at:
        parts.append(source.revision_at.strftime("%d %B %Y").lstrip("0"))
    return " · ".join(p for p in parts if p)


def export(source: ExportSource) -> bytes:
    """The picture as SVG, with a title block and a legend."""
    svg = render_svg(source.state, source.partnership, source.state.title, subtitle(source))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n").encode()


def png_zoom(width: float, height: float) -> float:
    """How much the SVG is scaled for the PNG: at least 2,400 pixels wide, and big enough that the
    smallest text is :data:`LEGIBLE_PX` pixels tall, within the PNG's size limits.

    Examples
    --------
    >>> png_zoom(1200, 800), png_zoom(9000, 3000)
    (2.0, 0.8)
    """
    legible = LEGIBLE_PX / SMALLEST_TEXT
    zoom = min(max(PNG_WIDTH / width, legible), 2.0)
    return min(zoom, PNG_MAX_SIDE / width, PNG_MAX_SIDE / height, (PNG_MAX_PIXELS / (width * height)) ** 0.5)


def export_png(source: ExportSource) -> bytes:
    """The same picture as PNG: at least 2,400 pixels wide, and as big as a legible map needs."""
    import resvg_py

    svg = render_svg(source.state, source.partnership, source.state.title, subtitle(source))
    head = svg[: svg.index(">")]
    width = float(head.split('width="')[1].split('"')[0])
    height = float(head.split('height="')[1].split('"')[0])
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=png_zoom(width, height), background="#ffffff"))
