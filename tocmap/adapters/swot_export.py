"""A revealed SWOT board as files: a CSV or XLSX table, and a picture as SVG or PNG.

The picture is plain SVG drawn here (four quadrants, each partner's cards side by side,
aligned pairs joined) and turned into PNG by resvg, as the map picture is
(:mod:`tocmap.adapters.exchange.picture`).
"""

from __future__ import annotations

import csv
import io
from html import escape

from tocmap.adapters.exchange.picture import wrap
from tocmap.adapters.spreadsheet import safe_cell
from tocmap.domain.model import Partnership
from tocmap.domain.swot import Board, Card, Exercise
from tocmap.i18n import _

COLUMNS = ["exercise", "quadrant", "card", "partner", "partner_name", "text", "written_by", "grouped_with",
           "similarity", "pair_status", "map_element"]
FONT = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif"
QUADRANT_COLOURS = {"strength": "#2b8a3e", "weakness": "#c92a2a", "opportunity": "#1971c2", "threat": "#e8590c"}



def rows(exercise: Exercise, board: Board, partnership: Partnership) -> list[list[object]]:
    """One row per card: its quadrant and partner, and the card it is grouped with, if any."""
    names = {p.id: p.name for p in partnership.everyone}
    out: list[list[object]] = []
    for quadrant in board.quadrants:
        partner_of: dict[int, tuple[Card, float, bool]] = {}
        for pair in quadrant.pairs:
            a, b = pair.cards
            partner_of[a.id] = (b, pair.score, pair.confirmed)
            partner_of[b.id] = (a, pair.score, pair.confirmed)
        for card in quadrant.cards:
            other = partner_of.get(card.id)
            out.append([
                exercise.title, quadrant.title, card.id, card.partner, names.get(card.partner, card.partner),
                card.text, card.user_name, other[0].id if other else "", round(other[1]) if other else "",
                ("confirmed" if other[2] else "suggested") if other else "one-sided", card.element_id or "",
            ])
    return out


def alignment_rows(board: Board) -> list[list[object]]:
    """Per quadrant: cards, aligned pairs, one-sided cards, alignment share (0-1)."""
    result = [[q.title, len(q.cards), len(q.pairs), len(q.one_sided),
               "" if q.alignment is None else round(q.alignment, 3)] for q in board.quadrants]
    total = board.alignment
    result.append([_("All quadrants"), sum(len(q.cards) for q in board.quadrants),
                   sum(len(q.pairs) for q in board.quadrants), sum(len(q.one_sided) for q in board.quadrants),
                   "" if total is None else round(total, 3)])
    return result


def board_csv(exercise: Exercise, board: Board, partnership: Partnership) -> bytes:
    """The cards as CSV (UTF-8 with a BOM, so spreadsheet programs read accents right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(exercise, board, partnership):
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def board_xlsx(exercise: Exercise, board: Board, partnership: Partnership) -> bytes:
    """A workbook: the cards, and the alignment per quadrant."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = _("Cards")
    sheet.append(COLUMNS)
    for row in rows(exercise, board, partnership):
        sheet.append([safe_cell(v) for v in row])
    summary = book.create_sheet(_("Alignment"))
    summary.append(["quadrant", "cards", "aligned_pairs", "one_sided", "alignment"])
    for row in alignment_rows(board):
        summary.append(row)
    for ws in (sheet, summary):
        for cell in ws[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F2A44")
        ws.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJK", (24, 14, 7, 10, 28, 60, 18, 12, 11, 12, 16), strict=True):
        sheet.column_dimensions[column].width = width
    summary.column_dimensions["A"].width = 16
    for row in summary.iter_rows(min_row=2, min_col=5, max_col=5):
        for cell in row:
            cell.number_format = "0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CARD_W, LINE_H, PAD = 230, 15, 8


def _card_svg(card: Card, x: float, y: float, colour: str, paired: bool) -> tuple[str, float]:
    lines = wrap(card.text, 32, 5)
    height = PAD * 2 + LINE_H * len(lines)
    stroke = f'stroke="{colour}" stroke-width="2"' if paired else 'stroke="#ced4da" stroke-width="1"'
    text = "".join(f'<tspan x="{x + PAD}" dy="{LINE_H if n else 0}">{escape(line)}</tspan>'
                   for n, line in enumerate(lines))
    return (f'<rect x="{x}" y="{y}" width="{CARD_W}" height="{height}" rx="6" fill="#ffffff" {stroke}/>'
            f'<text x="{x + PAD}" y="{y + PAD + 11}" font-size="12" fill="#1f2a44">{text}</text>'), height


def board_svg(exercise: Exercise, board: Board, partnership: Partnership) -> str:
    """The board as a picture: per quadrant, one column per partner, aligned pairs on one line."""
    names = {p.id: p.short_name or p.name for p in partnership.everyone}
    partners = board.partners or sorted({c.partner for q in board.quadrants for c in q.cards})
    width = max(40 + len(partners) * (CARD_W + 40), 640)
    parts: list[str] = []
    y = 70.0
    for quadrant in board.quadrants:
        colour = QUADRANT_COLOURS[quadrant.quadrant]
        share = "no cards" if quadrant.alignment is None else f"alignment {quadrant.alignment:.0%}"
        top = y
        y += 48
        for n, partner in enumerate(partners):
            parts.append(f'<text x="{20 + n * (CARD_W + 40) + 8}" y="{y}" font-size="12" font-weight="700" '
                         f'fill="#5c677d">{escape(names.get(partner, partner))}</text>')
        y += 10
        lines = [[(p.cards[0], True), (p.cards[1], True)] for p in quadrant.pairs]
        lines += [[(c, False)] for c in quadrant.one_sided]
        for line in lines:
            tallest = 0.0
            xs = []
            for card, paired in line:
                column = partners.index(card.partner) if card.partner in partners else 0
                x = 20 + column * (CARD_W + 40)
                svg, height = _card_svg(card, x, y, colour, paired)
                parts.append(svg)
                xs.append(x)
                tallest = max(tallest, height)
            if len(xs) == 2:
                left, right = sorted(xs)
                parts.append(f'<line x1="{left + CARD_W}" y1="{y + 14}" x2="{right}" y2="{y + 14}" '
                             f'stroke="{colour}" stroke-width="2" stroke-dasharray="4 3"/>')
            y += tallest + 8
        if not lines:
            parts.append(f'<text x="28" y="{y + 14}" font-size="12" font-style="italic" fill="#868e96">'
                         f'No cards.</text>')
            y += 24
        parts.insert(0, f'<rect x="10" y="{top}" width="{width - 20}" height="{y - top + 6}" rx="8" '
                        f'fill="{colour}" fill-opacity="0.06" stroke="{colour}" stroke-opacity="0.5"/>'
                        f'<text x="22" y="{top + 22}" font-size="15" font-weight="700" fill="{colour}">'
                        f'{escape(quadrant.title)} · {share}</text>')
        y += 20
    total = "—" if board.alignment is None else f"{board.alignment:.0%}"
    head = (f'<text x="20" y="30" font-size="20" font-weight="700" fill="#1f2a44">{escape(exercise.title)}</text>'
            f'<text x="20" y="52" font-size="13" fill="#5c677d">Two-sided SWOT · overall alignment {total} · '
            f'dashed lines join matching cards</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" viewBox="0 0 {width} {y}" '
            f'font-family="{FONT}"><rect width="100%" height="100%" fill="#ffffff"/>{head}{"".join(parts)}</svg>')


def board_png(svg: str) -> bytes:
    """The SVG picture rendered as PNG by resvg, at twice the size for sharp text."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=2, background="#ffffff"))
