"""A health check round's results as files: a CSV table and the spider chart as SVG or PNG.

The chart is drawn here as plain SVG (no browser, no kaleido) and turned into PNG by
resvg, as the map picture is (:mod:`tocmap.adapters.exchange.picture`).
"""

from __future__ import annotations

import csv
import io
import math
from html import escape

from tocmap.adapters.spreadsheet import safe_cell
from tocmap.domain.health import Answer, Gap, Round
from tocmap.domain.model import Partnership
from tocmap.i18n import _

CSV_COLUMNS = ["round", "revealed", "dimension_key", "dimension", "scale", "partner", "partner_name", "answers",
               "mean", "gap", "sees_it_highest", "sees_it_lowest", "comments"]
FALLBACK_COLOURS = ["#4c6ef5", "#e8590c", "#2b8a3e", "#ae3ec9", "#1098ad", "#f08c00"]



def results_csv(round_: Round, answers: list[Answer], means: dict[str, dict[str, float]], gaps: list[Gap],
                partnership: Partnership) -> bytes:
    """One row per dimension and partner: answers, mean, the dimension's gap, the partner's comments.

    Dimensions come in gap order (largest first), as on the page. UTF-8 with a BOM, so that
    spreadsheet programs read the accents right.
    """
    names = {p.id: p.name for p in partnership.everyone}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    revealed = round_.revealed_at.date().isoformat() if round_.revealed_at else ""
    for gap in gaps:
        dimension = round_.dimension(gap.key)
        scale = f"{dimension.scale_min}-{dimension.scale_max}" if dimension else ""
        for partner in means:
            if gap.key not in means[partner]:
                continue
            said = [a.comments[gap.key] for a in answers if a.partner == partner and gap.key in a.comments]
            count = sum(1 for a in answers if a.partner == partner and gap.key in a.scores)
            writer.writerow([safe_cell(v) for v in (
                round_.title, revealed, gap.key, gap.title, scale, partner, names.get(partner, partner), count,
                f"{means[partner][gap.key]:.2f}", f"{gap.gap:.2f}", names.get(gap.highest, "") if gap.highest else "",
                names.get(gap.lowest, "") if gap.lowest else "", " | ".join(said))])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def wrap_label(text: str, width: int = 18, lines: int = 3) -> list[str]:
    """Words of an axis label on a few short lines.

    Examples
    --------
    >>> wrap_label("Mutuality and two-way learning")
    ['Mutuality and', 'two-way learning']
    """
    found: list[str] = []
    for word in text.split():
        if found and len(found[-1]) + 1 + len(word) <= width:
            found[-1] += " " + word
        else:
            found.append(word)
    if len(found) > lines:
        found = found[:lines]
        found[-1] = found[-1][: width - 1] + "…"
    return found


def radar_svg(round_: Round, means: dict[str, dict[str, float]], partnership: Partnership,
              subtitle: str = "") -> str:
    """The spider chart: one closed, translucent shape per partner, rings for the scale's points."""
    width, height = 760, 640
    cx, cy, radius = width / 2, 345.0, 215.0
    dims = round_.dimensions
    top = max(d.scale_max for d in dims)
    partners = {p.id: p for p in partnership.everyone}

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / len(dims)
        r = radius * max(value, 0) / top
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    default_subtitle = _("Partnership health check")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">',
             f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
             f'<text x="24" y="36" font-size="20" font-weight="bold" fill="#1f2933">'
             f'{escape(round_.title)}</text>',
             f'<text x="24" y="58" font-size="13" fill="#5c677d">{escape(subtitle or default_subtitle)}'
             f'</text>']
    for ring in range(1, top + 1):
        corners = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(len(dims))))
        parts.append(f'<polygon points="{corners}" fill="none" stroke="#d5dae1" stroke-width="1"/>')
        x, y = point(0, ring)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="10" fill="#8a94a6">{ring}</text>')
    for i, dimension in enumerate(dims):
        x, y = point(i, top)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d5dae1"/>')
        lx, ly = point(i, top * 1.13)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        lines = wrap_label(dimension.title)
        ly -= (len(lines) - 1) * 7 if ly < cy else 0
        spans = "".join(f'<tspan x="{lx:.1f}" dy="{0 if n == 0 else 14}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))
        parts.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="12" fill="#1f2933" '
                     f'text-anchor="{anchor}">{spans}</text>')
    legend = []
    for n, (partner, values) in enumerate(means.items()):
        known = partners.get(partner)
        colour = known.colour if known else FALLBACK_COLOURS[n % len(FALLBACK_COLOURS)]
        name = known.name if known else partner
        corners = [point(i, values[d.key]) for i, d in enumerate(dims) if d.key in values]
        if len(corners) >= 2:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)
            parts.append(f'<polygon class="partner" data-partner="{escape(partner)}" points="{points}" '
                         f'fill="{colour}" fill-opacity="0.22" stroke="{colour}" stroke-width="3" '
                         f'stroke-linejoin="round"/>')
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>' for x, y in corners]
        legend.append((colour, name))
    y = height - 24 - 22 * (len(legend) - 1)
    for colour, name in legend:
        parts.append(f'<rect x="24" y="{y - 11}" width="22" height="12" rx="2" fill="{colour}" fill-opacity="0.5" '
                     f'stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<text x="54" y="{y}" font-size="13" fill="#1f2933">{escape(name)}</text>')
        y += 22
    parts.append("</svg>")
    return "\n".join(parts)


def radar_png(svg: str) -> bytes:
    """The chart as PNG, twice the SVG's size, through resvg."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=2, background="#ffffff"))
