"""The map read as a logframe: rows per results level, with indicators and assumptions.

Pure functions from a :class:`~tocmap.domain.model.MapState` to what the results framework
page shows; the reading itself (levels, codes, rows) is :mod:`tocmap.domain.framework`.
Cells that hold more than one line are Markdown (rendered by dash-ag-grid's ``markdown``
cell renderer); everything users typed is escaped first, so a label such as ``*urgent*``
shows as typed.
"""

from __future__ import annotations

import re

from tocmap.domain import framework as fw
from tocmap.domain import indicators as ind
from tocmap.domain import translations as tr
from tocmap.domain.errors import InvalidInput
from tocmap.domain.framework import LEVELS, Level, chain_elements, latest_target, level_codes
from tocmap.domain.model import LABEL_MAX, TEXT_MAX, Element, ElementKind, Indicator, MapState, Partnership
from tocmap.i18n import N_, _, current, ngettext
from tocmap.presentation import latest_value, partner_names, show_value
from tocmap.ui.editor.languages import BOTH_FALLBACK, FALLBACK

#: A non-breaking space: keeps "42 %" and "Target 90 %" on one line.
NBSP = "\u00a0"

#: How an assumption's status reads in the table.
STATUS_TEXT = {"untested": N_("untested"), "holding": N_("holding"), "challenged": N_("challenged"),
               "disproved": N_("disproved")}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def md_escape(text: str) -> str:
    """Escape Markdown so that text typed by users shows exactly as typed.

    Line breaks are kept: one newline becomes a line break, a blank line a new paragraph.

    Examples
    --------
    >>> md_escape("*Staff* use <data> [v2]")
    '\\\\*Staff\\\\* use \\\\<data\\\\> \\\\[v2\\\\]'
    >>> md_escape("one\\ntwo")
    'one  \\ntwo'
    """
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\r\n", "\n").strip())
    return "\n\n".join("  \n".join(line.strip() for line in para.split("\n")) for para in re.split(r"\n\s*\n", text))










def indicator_line(indicator: Indicator) -> str:
    """Baseline, latest target and latest value of an indicator, on one line.

    Examples
    --------
    >>> from tocmap.domain.model import Baseline, Indicator
    >>> line = indicator_line(Indicator(id="i", element="o", name="Coverage", measure="percentage",
    ...                                 baseline=Baseline(value=40.0)))
    >>> line.replace(NBSP, "_")
    'Baseline_40_% · Target_— · Latest_—'

    Each part keeps together (non-breaking spaces): a narrow column wraps only between parts.
    """
    baseline = show_value(indicator, indicator.baseline.value) if indicator.baseline else "—"
    target = latest_target(indicator)
    if target is None:
        target_text = "—"
    else:
        period = target.period.label or target.period.end.isoformat()
        target_text = f"{show_value(indicator, target.value)} ({period})"
    parts = [_("Baseline {value}", value=baseline), _("Target {value}", value=target_text),
             _("Latest {value}", value=latest_value(indicator))]
    return " · ".join(part.replace(" ", NBSP) for part in parts)


def _numbered(items: list[str]) -> str:
    """One item as a paragraph; several as a numbered Markdown list (continuation lines indented)."""
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{n}. " + item.replace("\n", "\n   ") for n, item in enumerate(items, start=1))


def indicators_cell(indicators: list[Indicator]) -> str:
    """The indicators column: name in bold, then baseline, target and latest value.

    Examples
    --------
    >>> from tocmap.domain.model import Indicator
    >>> indicators_cell([Indicator(id="i", element="o", name="Reports filed")]).replace(NBSP, " ")
    '**Reports filed**  \\nBaseline — · Target — · Latest —'
    """
    items = []
    for indicator in indicators:
        name = md_escape(_("{name} (proxy)", name=indicator.name) if indicator.proxy_for else indicator.name)
        items.append(f"**{name}**  \n{md_escape(indicator_line(indicator))}")
    return _numbered(items)


def verification_cell(indicators: list[Indicator]) -> str:
    """The means of verification of each indicator, numbered like the indicators column.

    Examples
    --------
    >>> from tocmap.domain.model import Indicator
    >>> a = Indicator(id="a", element="o", name="A", means_of_verification="Survey")
    >>> b = Indicator(id="b", element="o", name="B")
    >>> print(verification_cell([a, b]))
    1. Survey
    2. —
    """
    if not any(i.means_of_verification for i in indicators):
        return ""
    return _numbered([md_escape(i.means_of_verification) or "—" for i in indicators])


def assumptions_cell(assumptions: list[Element]) -> str:
    """The assumptions column: one bullet per assumption, with its status in italics.

    Examples
    --------
    >>> from tocmap.domain.model import Element
    >>> print(assumptions_cell([Element(id="s", kind="assumption", label="Staff stay", assumption_status="holding")]))
    - Staff stay · *holding*
    """
    return "\n".join(
        f"- {md_escape(a.label)} · *{_(STATUS_TEXT.get(a.assumption_status or 'untested', STATUS_TEXT['untested']))}*"
        for a in assumptions
    )


def narrative_cell(element: Element, contributes_to: list[str], mark: str = "") -> str:
    """The narrative column: the label in bold, the description under it, what it contributes to, and
    ``mark`` (where the text is not in the reader's language, or its translation needs review).

    Examples
    --------
    >>> from tocmap.domain.model import Element
    >>> print(narrative_cell(Element(id="o", kind="outcome", label="Staff use data", description="Weekly."),
    ...                      ["Impact"]))
    **Staff use data**
    <BLANKLINE>
    Weekly\\.
    <BLANKLINE>
    *Contributes to Impact*
    """
    parts = [f"**{md_escape(element.label)}**"]
    if element.description.strip():
        parts.append(md_escape(element.description))
    if contributes_to:
        parts.append(f"*{md_escape(_('Contributes to {elements}', elements=', '.join(contributes_to)))}*")
    if mark:
        parts.append(f"🌐 *{md_escape(mark)}*")
    return "\n\n".join(parts)


def language_marks(state: MapState, language: str) -> dict[str, str]:
    """Element id -> what to mark beside its narrative for a reader of ``language`` (unmarked ones left out):
    the text shown in the map's language for want of a translation, or a translation that needs review.

    Examples
    --------
    >>> from tocmap.domain.model import Element, MapState
    >>> state = MapState(title="m", elements={"o": Element(id="o", kind="outcome", label="Staff use data")})
    >>> language_marks(state, "fr"), language_marks(state, "en")
    ({'o': 'Label shown in English: no translation yet'}, {})
    """
    marks = {}
    for element in state.elements.values():
        seen = [(field, tr.shown(element, field, language, state.language)) for field in ("label", "description")
                if getattr(element, field)]
        if any(s.fallback for _field, s in seen):
            fallback = next(s.language for _field, s in seen if s.fallback)
            fell_back = [field for field, s in seen if s.fallback]
            said = BOTH_FALLBACK["element"] if len(fell_back) == 2 else FALLBACK[fell_back[0]]
            marks[element.id] = _(said, language=tr.language_name(fallback))
        elif any(s.needs_review for _field, s in seen):
            marks[element.id] = _("Needs review")
    return marks


def level_rows(state: MapState, partnership: Partnership, kind: ElementKind) -> list[dict]:
    """One row per element of a level, in map order.

    Each row has the cells shown (``level``, ``narrative``, ``owner``, ``indicators``,
    ``verification``, ``assumptions``) and the element's ``id``, ``label`` and ``description``.

    Examples
    --------
    >>> from tocmap.domain.model import Element, Link, MapState, Partner, Partnership
    >>> team = Partnership(id="p", name="P", partners=[Partner(id="moh", name="Ministry", short_name="MoH")])
    >>> state = MapState(title="m",
    ...     elements={"o": Element(id="o", kind="outcome", label="Staff use data", owner="moh"),
    ...               "i": Element(id="i", kind="impact", label="Healthier people")},
    ...     links={"l": Link(id="l", source="o", target="i")})
    >>> row = level_rows(state, team, ElementKind.OUTCOME)[0]
    >>> row["level"], row["owner"], row["narrative"]
    ('Outcome', 'MoH', '**Staff use data**\\n\\n*Contributes to Impact*')
    """
    names = partner_names(partnership)
    return [_cells(row, names) for row in fw.rows(state, kind)]


def _cells(row: fw.Row, names: dict[str, str], mark: str = "") -> dict:
    """One row of the results framework as the page's grid shows it."""
    element, indicators = row.element, list(row.indicators)
    return {
        "id": element.id,
        "level": row.code,
        "label": element.label,
        "description": element.description,
        "narrative": narrative_cell(element, list(row.contributes_to), mark),
        "owner": names.get(element.owner, element.owner or "—"),
        "indicators": indicators_cell(indicators) if indicators else _no_indicator(row.level.kind),
        "verification": verification_cell(indicators),
        "assumptions": assumptions_cell(list(row.assumptions)),
    }


def count_text(count: int, level: Level) -> str:
    """How many elements a level has, in words.

    Examples
    --------
    >>> count_text(1, LEVELS[0]), count_text(8, LEVELS[3]), count_text(2, LEVELS[0])
    ('1 impact', '8 activities', '2 impacts')
    """
    match level.kind:
        case ElementKind.IMPACT:
            return ngettext("{n} impact", "{n} impacts", count)
        case ElementKind.OUTCOME:
            return ngettext("{n} outcome", "{n} outcomes", count)
        case ElementKind.OUTPUT:
            return ngettext("{n} output", "{n} outputs", count)
    return ngettext("{n} activity", "{n} activities", count)


def _no_indicator(kind: ElementKind) -> str:
    """What an element without indicators shows: a nudge for results, nothing for activities."""
    return "" if kind == ElementKind.INTERVENTION else f"*{md_escape(_('No indicator yet'))}*"


def framework(state: MapState, partnership: Partnership) -> list[dict]:
    """The whole logframe: one entry per level, top first, each with its rows, its texts in the reader's
    language where the map has them translated (marked where it has not).

    Examples
    --------
    >>> from tocmap.domain.model import Element, MapState, Partnership
    >>> state = MapState(title="m", elements={"o": Element(id="o", kind="outcome", label="Staff use data")})
    >>> [(level["title"], len(level["rows"])) for level in framework(state, Partnership(id="p", name="P"))]
    [('Impact', 0), ('Outcomes', 1), ('Outputs', 0), ('Activities', 0)]
    """
    names = partner_names(partnership)
    marks = language_marks(state, current())
    by_level: dict[ElementKind, list[dict]] = {level.kind: [] for level in LEVELS}
    for row in fw.rows(tr.read_in(state, current())):
        by_level[row.level.kind].append(_cells(row, names, marks.get(row.element.id, "")))
    return [
        {"kind": level.kind.value, "title": level.names(), "singular": level.name(), "rows": by_level[level.kind]}
        for level in LEVELS
    ]


def rows_by_level(state: MapState, partnership: Partnership) -> dict[str, list[dict]]:
    """Level kind ("outcome") -> its rows, as the page's grids want them."""
    return {level["kind"]: level["rows"] for level in framework(state, partnership)}


def outside_note(state: MapState) -> str | None:
    """A sentence counting the elements that are not rows: actors and external factors.

    Examples
    --------
    >>> from tocmap.domain.model import Element, MapState
    >>> state = MapState(title="m", elements={
    ...     "a": Element(id="a", kind="actor", label="Ministry"),
    ...     "b": Element(id="b", kind="actor", label="Districts"),
    ...     "f": Element(id="f", kind="external_factor", label="Floods")})
    >>> outside_note(state)
    'Not in the results chain, so not rows here: 2 actors and 1 external factor (see them on the map).'
    >>> outside_note(MapState(title="m")) is None
    True
    """
    actors, factors = (sum(1 for e in state.elements.values() if e.kind == kind)
                       for kind in (ElementKind.ACTOR, ElementKind.EXTERNAL_FACTOR))
    if not actors and not factors:
        return None
    actors_text = ngettext("{n} actor", "{n} actors", actors)
    factors_text = ngettext("{n} external factor", "{n} external factors", factors)
    if actors and factors:
        return _("Not in the results chain, so not rows here: {actors} and {factors} (see them on the map).",
                 actors=actors_text, factors=factors_text)
    return _("Not in the results chain, so not rows here: {elements} (see them on the map).",
             elements=actors_text if actors else factors_text)


def narrative_changes(saved: dict, label: str | None, description: str | None) -> dict:
    """The fields of a narrative edit that differ from the saved values; refuse bad values.

    ``saved`` holds the ``label`` and ``description`` the form was filled with. Raises
    :class:`~tocmap.domain.errors.InvalidInput` with a sentence for workshop participants
    when the label is empty or too long, or the description too long.

    Examples
    --------
    >>> saved = {"label": "Staff use data", "description": ""}
    >>> narrative_changes(saved, " Staff use evidence ", "")
    {'label': 'Staff use evidence'}
    >>> narrative_changes(saved, "Staff use data", None)
    {}
    >>> narrative_changes(saved, "  ", "")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: The narrative cannot be empty: write what changes, in a few words.
    """
    label = _text(label, N_("The narrative must be text."))
    description = _text(description, N_("The description must be text."))
    if not label:
        raise InvalidInput(_("The narrative cannot be empty: write what changes, in a few words."))
    if len(label) > LABEL_MAX:
        raise InvalidInput(_("The narrative is {length} characters long; keep it to {limit} and put details in the "
                             "description.", length=len(label), limit=LABEL_MAX))
    if len(description) > TEXT_MAX:
        raise InvalidInput(_("The description is {length} characters long; the limit is {limit}.",
                             length=len(description), limit=TEXT_MAX))
    changes = {}
    if label != _text(saved.get("label"), N_("The narrative must be text.")):
        changes["label"] = label
    if description != _text(saved.get("description"), N_("The description must be text.")):
        changes["description"] = description
    return changes


def _text(value, refusal: str) -> str:
    """A form value as stripped text (None is empty); anything else is refused with ``refusal``."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_(refusal))
    return value.strip()


def target_actual_rows(state: MapState, on) -> list[dict]:
    """One row per indicator of the results chain, grouped by level (top first), for the whole map, its
    texts in the reader's language where the map has them translated.

    Each row has the level code, the element, the indicator, its baseline, current target
    (with its period), the actual value compared, the share of the way, the status and
    its rule. Retired indicators are listed last in their element, marked as such.

    Examples
    --------
    >>> import datetime as dt
    >>> from tocmap.domain.model import Element, Indicator, MapState
    >>> state = MapState(title="m", elements={"o": Element(id="o", kind="outcome", label="Staff use data")},
    ...                  indicators={"i": Indicator(id="i", element="o", name="Reports filed")})
    >>> row = target_actual_rows(state, dt.date(2026, 1, 1))[0]
    >>> row["level"], row["indicator"], row["status"]
    ('Outcome', 'Reports filed', 'No data')
    """
    state = tr.read_in(state, current())
    codes = level_codes(state)
    by_element: dict[str, list[Indicator]] = {}
    for indicator in state.indicators.values():
        by_element.setdefault(indicator.element, []).append(indicator)
    rows = []
    for number, level in enumerate(LEVELS):
        for element in chain_elements(state, level.kind):
            measured = sorted(by_element.get(element.id, []), key=lambda i: (i.status != "active", i.name.lower()))
            for indicator in measured:
                status = ind.status(indicator, on)
                target = status.target
                rows.append({
                    "id": indicator.id,
                    "order": number,
                    "level": codes.get(element.id, level.name()),
                    "element": element.label,
                    "indicator": _("{name} (proxy)", name=indicator.name) if indicator.proxy_for else indicator.name,
                    "baseline": show_value(indicator, indicator.baseline.value) if indicator.baseline else "—",
                    "target": show_value(indicator, target.value) if target else "—",
                    "period": (target.period.label or target.period.end.isoformat()) if target else "—",
                    "actual": ind.show(indicator, status.actual) if status.actual is not None else "—",
                    "progress": f"{status.progress * 100:.0f} %" if status.progress is not None else "",
                    "status": _("Retired") if indicator.status == "retired" else status.label,
                    "code": "retired" if indicator.status == "retired" else status.code,
                    "rule": status.rule,
                })
    return rows
