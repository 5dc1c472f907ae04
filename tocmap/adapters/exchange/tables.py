"""The logframe tables: what the XLSX workbook and the zip of CSV files hold, and how they are read back.

Sheets: About, Results framework (read only by people), Elements, Links, Indicators,
Targets, Observations and Partners. Elements and Links follow Kumu's spreadsheet layout
(``Label``, ``Type``, ``Description``, ``Tags`` as ``a|b``; ``From``, ``To``, ``Type``), so a
spreadsheet made for Kumu imports too (its ``Connections`` sheet is read as links).
Columns are found by their heading, in any order and case; unknown columns are reported
as left out. A value that does not fit (a bad date, a number that is not one, a partner
that does not exist) stops the import with the sheet, row and column at fault.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tocmap.adapters.exchange import ExportSource, Parsed
from tocmap.adapters.exchange import building as b
from tocmap.adapters.exchange.contributions import workbook_rows as contribution_rows
from tocmap.domain.errors import InvalidInput
from tocmap.domain.framework import latest_target, level_codes
from tocmap.domain.framework import rows as framework_rows
from tocmap.domain.model import (
    LINK_RULES,
    RESULTS_LEVEL,
    Baseline,
    Disaggregated,
    Element,
    ElementKind,
    Indicator,
    Link,
    LinkKind,
    Observation,
    Partner,
    Partnership,
    Period,
    Target,
)
from tocmap.i18n import N_, _
from tocmap.presentation import AGREEMENT_LABEL, latest_value, show_value

FORMAT_TAG = "tocmap logframe workbook 1"


@dataclass
class Column:
    """One column: its heading, width in characters and how its cells are shown.

    ``header`` is tocmap's English heading, written in the file's language (:meth:`heading`);
    a field the partnership defined keeps its own name (``translated=False``).
    """

    header: str
    width: int = 14
    style: str = "text"  # text | wrap | number | date | datetime
    translated: bool = True

    def heading(self) -> str:
        """The heading as written in the file, in the language it is made in."""
        return _(self.header) if self.translated and self.header not in ("ID", "X", "Y") else self.header


@dataclass
class Table:
    """One sheet (or CSV file)."""

    name: str
    file: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)


def _cols(*specs) -> list[Column]:
    return [Column(*spec) if isinstance(spec, tuple) else Column(spec) for spec in specs]


def _own_columns(fields: list) -> list[tuple]:
    """Columns for the fields the partnership defined: their own names, never translated."""
    return [(f.name, 14, "number" if f.type == "number" else "text", False) for f in fields]


def _joined(values: list[str]) -> str:
    return "|".join(values)


def disaggregation_text(cells: list[Disaggregated]) -> str:
    """Disaggregated values in one cell: ``sex=female: 9 | sex=male: 13``.

    Examples
    --------
    >>> disaggregation_text([Disaggregated(dimensions={"sex": "female", "age": "15-24"}, value=9)])
    'sex=female; age=15-24: 9'
    """
    plain = all(not re.search(r"[=;:|\[]", k + v) for c in cells for k, v in c.dimensions.items())
    if not plain:
        return json.dumps([c.model_dump() for c in cells], ensure_ascii=False)
    return " | ".join(
        "; ".join(f"{k}={v}" for k, v in c.dimensions.items()) + f": {b.text(c.value)}" for c in cells
    )


def read_disaggregation(raw: Any, where: str) -> list[dict]:
    """The cells of a disaggregation column (the text above, or JSON).

    Examples
    --------
    >>> read_disaggregation("sex=female: 9 | sex=male: 13", "here")
    [{'dimensions': {'sex': 'female'}, 'value': 9.0}, {'dimensions': {'sex': 'male'}, 'value': 13.0}]
    """
    said = b.text(raw)
    if not said:
        return []
    if said.startswith("["):
        try:
            return json.loads(said)
        except (ValueError, RecursionError):
            raise InvalidInput(_("{where}: the disaggregation is not valid JSON.", where=where)) from None
    cells = []
    for part in said.split("|"):
        dims, _colon, number = part.rpartition(":")
        value = b.number(number)
        pairs = [p.split("=", 1) for p in dims.split(";") if p.strip()]
        if value is None or not pairs or any(len(p) != 2 for p in pairs):
            raise InvalidInput(_("{where}: write each part of a disaggregation as “sex=female; age=15-24: 120”, "
                                 "parts separated by “|” (this part is {part}).", where=where, part=repr(part.strip())))
        cells.append({"dimensions": {k.strip(): v.strip() for k, v in pairs}, "value": value})
    return cells


# --------------------------------------------------------------------------- export


#: The rows of the About sheet, by the name in its Field column.
ABOUT_FIELDS = (N_("Map"), N_("Description"), N_("Map type"), N_("Partnership"), N_("Partners"), N_("Revision"),
                N_("Revision made"), N_("Snapshot"), N_("Snapshot endorsed by"), N_("Exported"), N_("Partnership id"),
                N_("Format"), N_("Size by"), N_("Colour by"))
#: The columns of each sheet: heading (in English here, written in the file's language), width, style.
ABOUT_COLUMNS = (
    (N_("Field"), 24), (N_("Value"), 90, "wrap"),
)

FRAMEWORK_COLUMNS = (
    (N_("Level"), 10), (N_("Code"), 11), (N_("Result"), 40, "wrap"), (N_("Description"), 50, "wrap"),
    (N_("Owner"), 14), (N_("Agreement"), 13), (N_("Contributes to"), 16, "wrap"), (N_("Indicators"), 50, "wrap"),
    (N_("Means of verification"), 34, "wrap"), (N_("Assumptions"), 40, "wrap"),
)

ELEMENT_COLUMNS = (
    ("ID", 14), (N_("Label"), 40, "wrap"), (N_("Type"), 14), (N_("Description"), 50, "wrap"), (N_("Tags"), 18),
    (N_("Owner"), 14), (N_("Proposed by"), 14), (N_("Agreed by"), 18), (N_("Disputed by"), 14),
    (N_("Agreement"), 13), (N_("Actor"), 12), (N_("Attached to"), 18), (N_("Assumption status"), 12),
    ("X", 9, "number"), ("Y", 9, "number"),
)

LINK_COLUMNS = (
    ("ID", 14), (N_("From"), 14), (N_("To"), 14), (N_("Type"), 15), (N_("From element"), 36, "wrap"),
    (N_("To element"), 36, "wrap"), (N_("Polarity"), 8), (N_("Confidence"), 11), (N_("Label"), 16),
    (N_("Rationale"), 44, "wrap"), (N_("Evidence"), 34, "wrap"), (N_("Proposed by"), 14), (N_("Agreed by"), 18),
    (N_("Disputed by"), 14), (N_("Agreement"), 13),
)

INDICATOR_COLUMNS = (
    ("ID", 16), (N_("Element"), 12), (N_("Element label"), 34, "wrap"), (N_("Name"), 40, "wrap"),
    (N_("Definition"), 44, "wrap"), (N_("Measure"), 11), (N_("Unit"), 8), (N_("Currency"), 9),
    (N_("Direction"), 10), (N_("Aggregation"), 11), (N_("Scale"), 24, "wrap"), (N_("Proxy for"), 16),
    (N_("Means of verification"), 34, "wrap"), (N_("Data source"), 14), (N_("Frequency"), 11),
    (N_("Responsible partner"), 16), (N_("Baseline"), 10), (N_("Baseline date"), 12, "date"),
    (N_("Baseline note"), 24, "wrap"), (N_("Status"), 9), (N_("Proposed by"), 14), (N_("Agreed by"), 18),
    (N_("Disputed by"), 14), (N_("Latest target"), 18), (N_("Latest value"), 14),
)

TARGET_COLUMNS = (
    (N_("Indicator"), 16), (N_("Indicator name"), 36, "wrap"), (N_("Period"), 14), (N_("Start"), 12, "date"),
    (N_("End"), 12, "date"), (N_("Value"), 12), (N_("Note"), 40, "wrap"),
)

OBSERVATION_COLUMNS = (
    (N_("Indicator"), 16), (N_("Indicator name"), 36, "wrap"), ("ID", 12), (N_("Value"), 12),
    (N_("Date"), 12, "date"), (N_("Period"), 14), (N_("Period start"), 12, "date"), (N_("Period end"), 12, "date"),
    (N_("Evidence"), 40, "wrap"), (N_("Reported by"), 16), (N_("Partner"), 14), (N_("Note"), 40, "wrap"),
    (N_("Disaggregation"), 30, "wrap"),
)

PARTNER_COLUMNS = (
    ("ID", 16), (N_("Name"), 44), (N_("Short name"), 16), (N_("Colour"), 10),
)

LOOP_COLUMNS = (
    ("ID", 16), (N_("Name"), 36, "wrap"), (N_("Description"), 60, "wrap"), (N_("Links"), 40, "wrap"),
)

FIELD_COLUMNS = (
    ("ID", 16), (N_("Name"), 30), (N_("Type"), 10), (N_("Choices"), 40, "wrap"), (N_("For"), 10),
)


def tables(source: ExportSource) -> list[Table]:
    """Every sheet of the workbook, with its rows."""
    state, partnership = source.state, source.partnership
    partners = partnership.partner_ids()
    names = {p.id: p.short_name or p.name for p in partnership.everyone}

    def who(ids: list[str]) -> str:
        return _joined([names.get(i, i) for i in ids])

    codes = level_codes(state)
    label = state.label_of
    about = Table(N_("About"), "about.csv", _cols(*ABOUT_COLUMNS))
    snapshot = source.snapshot
    about.rows = [[_(field), value] for field, value in zip(ABOUT_FIELDS, [
        state.title, state.description, b.MAP_TYPE_TITLES[state.map_type], partnership.name,
        "; ".join(p.name for p in partnership.partners), source.revision,
        source.revision_at.strftime("%Y-%m-%d %H:%M UTC") if source.revision_at else "",
        snapshot.name if snapshot else "", who(snapshot.endorsed_by) if snapshot else "",
        source.exported_at.strftime("%Y-%m-%d %H:%M UTC"), partnership.id, FORMAT_TAG,
        *(state.fields[key].name if key in state.fields else "" for key in (state.display.size_by,
                                                                            state.display.colour_by)),
    ], strict=True)]

    framework = Table(N_("Results framework"), "results-framework.csv", _cols(*FRAMEWORK_COLUMNS))
    for row in framework_rows(state):
        element, indicators = row.element, row.indicators
        framework.rows.append([
            row.level.name(), row.code, element.label, element.description, names.get(element.owner, ""),
            AGREEMENT_LABEL[element.agreement(partners)], ", ".join(row.contributes_to),
            "\n".join(f"{n}. {_indicator_line(i)}" for n, i in enumerate(indicators, start=1)),
            "\n".join(f"{n}. {i.means_of_verification or '—'}" for n, i in enumerate(indicators, start=1)
                      ) if any(i.means_of_verification for i in indicators) else "",
            "\n".join(f"• {a.label} ({a.assumption_status or 'untested'})" for a in row.assumptions),
        ])

    element_fields = [f for f in state.fields.values() if f.applies_to in ("elements", "both")]
    link_fields = [f for f in state.fields.values() if f.applies_to in ("links", "both")]
    elements = Table(N_("Elements"), "elements.csv", _cols(*ELEMENT_COLUMNS, *_own_columns(element_fields)))
    order = sorted(ElementKind, key=lambda kind: RESULTS_LEVEL.get(kind, len(RESULTS_LEVEL)))
    for e in sorted(state.elements.values(), key=lambda e: (order.index(e.kind), codes.get(e.id, ""), e.label.lower())):
        elements.rows.append([
            e.id, e.label, e.kind.title, e.description, _joined(e.tags), names.get(e.owner, ""),
            names.get(e.proposed_by, ""), who(e.agreed_by), who(e.disputed_by), AGREEMENT_LABEL[e.agreement(partners)],
            e.actor or "", _joined(e.attached_to), e.assumption_status or "", e.x, e.y,
            *[e.custom.get(f.id) for f in element_fields],
        ])

    links = Table(N_("Links"), "links.csv", _cols(*LINK_COLUMNS, *_own_columns(link_fields)))
    for lk in state.links.values():
        links.rows.append([
            lk.id, lk.source, lk.target, lk.kind.title, label(lk.source), label(lk.target), lk.polarity,
            lk.confidence, lk.label, lk.rationale, lk.evidence, names.get(lk.proposed_by, ""), who(lk.agreed_by),
            who(lk.disputed_by), AGREEMENT_LABEL[lk.agreement(partners)], *[lk.custom.get(f.id) for f in link_fields],
        ])

    indicators = Table(N_("Indicators"), "indicators.csv", _cols(*INDICATOR_COLUMNS))
    targets = Table(N_("Targets"), "targets.csv", _cols(*TARGET_COLUMNS))
    observations = Table(N_("Observations"), "observations.csv", _cols(*OBSERVATION_COLUMNS))
    for i in state.indicators.values():
        target = latest_target(i)
        baseline = i.baseline or Baseline()
        indicators.rows.append([
            i.id, i.element, label(i.element), i.name, i.definition, i.measure, i.unit, i.currency or "", i.direction,
            i.aggregation, _joined(i.scale), i.proxy_for or "", i.means_of_verification, i.data_source, i.frequency,
            names.get(i.responsible_partner, ""), baseline.value, baseline.date, baseline.note, i.status,
            names.get(i.proposed_by, ""), who(i.agreed_by), who(i.disputed_by),
            f"{show_value(i, target.value)} ({target.period.label or target.period.end})" if target else "",
            latest_value(i) if i.observations else "",
        ])
        if i.baseline is None:
            indicators.rows[-1][16:19] = [None, None, "(no baseline)"]
        for t in i.targets:
            targets.rows.append([i.id, i.name, t.period.label, t.period.start, t.period.end, t.value, t.note])
        for o in i.observations:
            period = o.period
            observations.rows.append([
                i.id, i.name, o.id, o.value, o.date, period.label if period else "", period.start if period else None,
                period.end if period else None, o.evidence, o.reported_by, names.get(o.partner, ""), o.note,
                disaggregation_text(o.disaggregation) if o.disaggregation else "",
            ])

    partner_table = Table(N_("Partners"), "partners.csv", _cols(*PARTNER_COLUMNS))
    partner_table.rows = [[p.id, p.name, p.short_name, p.colour] for p in partnership.partners]
    loops = Table(N_("Loops"), "loops.csv", _cols(*LOOP_COLUMNS))
    loops.rows = [[lp.id, lp.name, lp.description, _joined(lp.links)] for lp in state.loops.values()]
    fields = Table(N_("Fields"), "fields.csv", _cols(*FIELD_COLUMNS))
    fields.rows = [[f.id, f.name, f.type, _joined(f.choices), f.applies_to] for f in state.fields.values()]
    return [about, framework, elements, links, indicators, targets, observations, partner_table, loops, fields,
            *_contribution_tables(source)]


def _contribution_tables(source: ExportSource) -> list[Table]:
    """The Contributions sheet, when the partners recorded any, and the Contribution shares sheet, when they
    recorded any or the map has decisions (who decides is its last measure)."""
    found = source.contributions
    if found is None or not (found.contributions or found.deciding):
        return []
    columns, rows, share_rows = contribution_rows(found)
    shares = Table(N_("Contribution shares"), "contribution-shares.csv", _cols(
        (N_("Measure"), 36), (N_("Partner"), 20), (N_("Total"), 14, "number"), (N_("Share"), 10, "number")), share_rows)
    recorded = [Table(N_("Contributions"), "contributions.csv", _cols(*columns), rows)] if found.contributions else []
    return [*recorded, shares]


def _indicator_line(indicator: Indicator) -> str:
    baseline = show_value(indicator, indicator.baseline.value) if indicator.baseline else "—"
    target = latest_target(indicator)
    target_text = f"{show_value(indicator, target.value)} ({target.period.label or target.period.end})" if target else "—"
    return f"{indicator.name} — baseline {baseline}, target {target_text}, latest {latest_value(indicator)}"


# --------------------------------------------------------------------------- import


@dataclass
class Sheet:
    """One sheet as read: its name as shown, and its rows by normalised heading."""

    name: str
    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]]

    def where(self, row: int, column: str | None = None) -> str:
        """Where a cell is, for a message: the sheet, the row and the column as the file names it."""
        if column:
            shown = next((h for h in self.headers if b.word(h) == column), column)
            return _("Sheet “{sheet}”, row {row}, column “{column}”", sheet=self.name, row=row, column=shown)
        return _("Sheet “{sheet}”, row {row}", sheet=self.name, row=row)


SYNONYMS = {
    "elements": {"kind": "type", "element type": "type", "name": "label", "notes": "description", "colour": None},
    "links": {"kind": "type", "connection type": "type", "description": "rationale", "source": "from",
              "target": "to", "sign": "polarity"},
}
KNOWN = {
    "elements": {"id", "label", "type", "description", "tags", "owner", "proposed by", "agreed by", "disputed by",
                 "actor", "attached to", "assumption status", "x", "y"},
    "links": {"id", "from", "to", "type", "polarity", "confidence", "label", "rationale", "evidence", "proposed by",
              "agreed by", "disputed by", "direction"},
    "loops": {"id", "name", "description", "links"},
    "fields": {"id", "name", "type", "choices", "for"},
}
DERIVED = {"agreement", "from element", "to element", "element label", "indicator name", "latest target",
           "latest value", "level", "code"}
SHEET_NAMES = {
    "about": "about", "results framework": "framework", "elements": "elements", "links": "links",
    "connections": "links", "indicators": "indicators", "targets": "targets", "observations": "observations",
    "partners": "partners", "loops": "loops", "fields": "fields",
}


#: The sheets tocmap writes, by their English names (written in the file's language).
SHEET_TITLES = (N_("About"), N_("Results framework"), N_("Elements"), N_("Links"), N_("Indicators"), N_("Targets"),
                N_("Observations"), N_("Partners"), N_("Loops"), N_("Fields"))
#: Every heading tocmap writes, and the About sheet's fields: read back from a file in any language tocmap offers.
HEADINGS = tuple(dict.fromkeys(spec[0] for columns in (
    ABOUT_COLUMNS, FRAMEWORK_COLUMNS, ELEMENT_COLUMNS, LINK_COLUMNS, INDICATOR_COLUMNS, TARGET_COLUMNS,
    OBSERVATION_COLUMNS, PARTNER_COLUMNS, LOOP_COLUMNS, FIELD_COLUMNS) for spec in columns))


def sheet_key(name: str) -> str | None:
    """Which table a sheet or CSV file holds, from its name ("Connections", "links.csv", "Éléments").

    Examples
    --------
    >>> sheet_key("links.csv"), sheet_key("Éléments"), sheet_key("Vínculos"), sheet_key("Notes")
    ('links', 'elements', 'links', None)
    """
    stem = b.word(re.sub(r"\.csv$", "", name.rsplit("/", 1)[-1], flags=re.IGNORECASE)).replace("-", " ")
    return SHEET_NAMES.get(stem) or SHEET_NAMES.get(b.word(b.in_english(stem, SHEET_TITLES)))


def normalised(sheet: Sheet, kind: str) -> Sheet:
    """The sheet with tocmap's headings in another language read as English ("Libellé" -> "label"), and synonym
    headings renamed to tocmap's ("Kind" -> "type")."""
    synonyms = SYNONYMS.get(kind, {})
    english = {b.word(h): b.in_english(h, HEADINGS) for h in sheet.headers}
    rows = []
    for number, row in sheet.rows:
        fixed = {}
        for key, cell in row.items():
            key = b.word(english.get(key)) or key
            key = synonyms.get(key, key) or key
            if key not in fixed or fixed[key] in (None, ""):
                fixed[key] = cell
        rows.append((number, fixed))
    headers = [english.get(b.word(h)) or h for h in sheet.headers]
    return Sheet(sheet.name, headers, rows)


def document_from_sheets(sheets: dict[str, Sheet], source: str, title_hint: str = "") -> Parsed:
    """A map document from the sheets of a workbook (or the CSV files of a zip)."""
    skipped = b.Skipped()
    if "elements" not in sheets:
        found = ", ".join(f"“{s.name}”" for s in sheets.values()) or "none"
        raise InvalidInput(_("{source} has no Elements sheet (sheets found: {found}). tocmap reads an “Elements” "
                             "sheet with a Label column, and optionally “Links” (or “Connections”), “Indicators”, "
                             "“Targets”, “Observations” and “Partners”.", source=source, found=found))
    sheets = {k: normalised(s, k) for k, s in sheets.items()}
    for ignored in ("framework",):
        sheets.pop(ignored, None)
    about = {b.word(b.in_english(b.text(row.get("field")), ABOUT_FIELDS) or row.get("field")): row.get("value")
             for _, row in sheets["about"].rows} if "about" in sheets else {}
    check_rows(sheets)
    partnership = _partners(sheets.get("partners"), about, title_hint)
    names = b.PartnerNames(partnership, fixed="partners" in sheets, skipped=skipped)
    custom = b.CustomFields([{"id": row.get("id"), "name": row.get("name"), "type": b.word(row.get("type")) or "text",
                              "choices": b.split(row.get("choices")), "applies_to": b.word(row.get("for")) or "elements"}
                             for _, row in sheets["fields"].rows] if "fields" in sheets else None)
    elements, by_label, id_column = _elements(sheets["elements"], names, skipped, custom)
    links = _links(sheets.get("links"), elements, by_label, id_column, names, skipped, custom)
    _attach(sheets["elements"], elements, links, by_label, skipped)
    indicators = _indicators(sheets, elements, by_label, names)
    for key, sheet in sheets.items():
        known = KNOWN.get(key) if key not in ("elements", "links") else None  # their other columns are fields
        if known:
            for header in sheet.headers:
                if b.word(header) and b.word(header) not in known and b.word(header) not in DERIVED \
                        and b.word(header) not in SYNONYMS.get(key, {}):
                    skipped.add(N_("column “{header}” of sheet “{sheet}” is not imported"), header=header, sheet=sheet.name)
    title = b.text(about.get("map")) or title_hint or "Imported spreadsheet"
    revision = int(b.number(about.get("revision")) or 0)
    document = b.finish(title, b.text(about.get("description")), partnership, list(elements.values()),
                        list(links.values()), indicators, source, revision=max(0, revision))
    loops = [(row.get("id"), row.get("name"), row.get("description"), b.split(row.get("links")))
             for _, row in sheets["loops"].rows] if "loops" in sheets else []
    document = custom.apply(b.with_systems(document, about.get("map type"), loops, skipped), skipped)
    document = b.with_display(document, _display_said(document, about), skipped)
    return Parsed(document, skipped.sentences(), any(e.x is not None for e in elements.values()))


def _display_said(document, about: dict) -> dict:
    """What the About sheet says sizes and colours the map, as field ids (fields are named there)."""
    ids_by_name = {f.name.casefold(): f.id for f in document.fields}
    said = {setting: b.text(about.get(row)) for setting, row in (("size_by", "size by"), ("colour_by", "colour by"))}
    return {setting: ids_by_name.get(name.casefold(), name) for setting, name in said.items() if name}


def check_rows(sheets: dict[str, Sheet]) -> None:
    """Refuse sheets with more rows than an import may bring, before reading them."""
    b.check_size(len(sheets["elements"].rows), len(sheets["links"].rows) if "links" in sheets else 0,
                 len(sheets["indicators"].rows) if "indicators" in sheets else 0,
                 len(sheets["observations"].rows) if "observations" in sheets else 0)


def _partners(sheet: Sheet | None, about: dict, title_hint: str) -> Partnership:
    partners: list[Partner] = []
    taken: set[str] = set()
    if sheet is not None:
        for row_number, row in sheet.rows:
            name = b.text(row.get("name"))
            if not name:
                raise InvalidInput(_("{where}: a partner needs a name.", where=sheet.where(row_number, "name")))
            pid = b.item_id(row.get("id"), "partner", taken) if b.text(row.get("id")) else b.partner_id(name, taken)
            fields = {"id": pid, "name": name, "short_name": b.text(row.get("short name"))}
            colour = b.text(row.get("colour") or row.get("color"))
            if colour:
                fields["colour"] = colour
            partners.append(b.model(Partner, fields, sheet.where(row_number)))
    partnership_id = b.text(about.get("partnership id"))
    name = b.text(about.get("partnership")) or b.text(about.get("map")) or title_hint or "Imported partnership"
    if partnership_id and b.ID_PATTERN.match(partnership_id):
        return b.model(Partnership, {"id": partnership_id, "name": b.shorten(name), "partners": partners},
                       "Sheet “About”")
    return b.new_partnership(name, partners)


def _extra_columns(sheet: Sheet, kind: str) -> list[str]:
    """Headings of a sheet that are not tocmap's own: the map's custom fields."""
    known = KNOWN[kind] | DERIVED | set(SYNONYMS.get(kind, {}))
    return [h for h in sheet.headers if b.word(h) and b.word(h) not in known]


def _elements(sheet: Sheet, names: b.PartnerNames, skipped: b.Skipped, custom: b.CustomFields | None = None
              ) -> tuple[dict[str, Element], dict[str, list[str]], bool]:
    if "label" not in {b.word(h) for h in sheet.headers} | {k for _, r in sheet.rows[:1] for k in r}:
        raise InvalidInput(_("Sheet “{name}” has no “Label” column (its first row names the columns).", name=sheet.name))
    elements: dict[str, Element] = {}
    rows_of: dict[str, int] = {}
    by_label: dict[str, list[str]] = {}
    taken: set[str] = set()
    id_column = any(b.text(row.get("id")) for _, row in sheet.rows)
    for row_number, row in sheet.rows:
        label = b.text(row.get("label"))
        if not label:
            if any(b.text(v) for v in row.values()):
                raise InvalidInput(_("{where}: the element has no label.", where=sheet.where(row_number, "label")))
            continue  # a blank row
        raw_id = b.text(row.get("id"))
        if raw_id and raw_id in rows_of:
            raise InvalidInput(_("{where}: the id {id} is already used in row {row}.", where=sheet.where(row_number, "id"),
                                 id=repr(raw_id), row=rows_of[raw_id]))
        if raw_id and not b.ID_PATTERN.match(raw_id):
            raise InvalidInput(_("{where}: {id} is not a valid id (letters, digits, '_', '.', ':', '-'; at most 64 "
                                 "characters).", where=sheet.where(row_number, "id"), id=repr(raw_id)))
        element_id = b.item_id(raw_id, "el", taken)
        rows_of[element_id] = row_number
        kind_text = b.text(row.get("type"))
        kind = b.element_kind(kind_text)
        tags = b.split(row.get("tags"))
        if kind is None:
            kind = ElementKind.OUTCOME
            if kind_text:
                skipped.add(N_("an element of a type tocmap does not know became an outcome (its type kept as a tag)"),
                            f"“{kind_text}” in row {row_number}")
                tags.append(kind_text[:50])
            else:
                skipped.add(N_("an element without a type became an outcome"), f"row {row_number}")
        x, y = b.number(row.get("x")), b.number(row.get("y"))
        if (x is None) != (y is None):
            raise InvalidInput(_("{where}: a position needs both X and Y.",
                                 where=sheet.where(row_number, "x" if x is None else "y")))
        status = b.word(row.get("assumption status")) or None
        fields = {
            "id": element_id, "kind": kind, "label": label, "description": b.text(row.get("description")),
            "owner": names.one(row.get("owner"), sheet.where(row_number, "owner")), "tags": tags,
            "proposed_by": names.one(row.get("proposed by"), sheet.where(row_number, "proposed by")),
            "agreed_by": names.many(row.get("agreed by"), sheet.where(row_number, "agreed by")),
            "disputed_by": names.many(row.get("disputed by"), sheet.where(row_number, "disputed by")),
            "assumption_status": status if kind == ElementKind.ASSUMPTION else None, "x": x, "y": y,
        }
        if status and kind != ElementKind.ASSUMPTION:
            skipped.add(N_("an assumption status on an element that is not an assumption was left out"),
                        f"row {row_number}")
        elements[element_id] = b.model(Element, fields, sheet.where(row_number))
        by_label.setdefault(label.lower(), []).append(element_id)
        for header in _extra_columns(sheet, "elements"):
            if custom is not None:
                custom.add("element", element_id, header, row.get(b.word(header)))
    return elements, by_label, id_column


def _ref(raw: Any, elements: dict, by_label: dict[str, list[str]], where: str) -> str | None:
    """An element named by id or, failing that, by its label."""
    said = b.text(raw)
    if not said:
        return None
    if said in elements:
        return said
    found = by_label.get(said.lower(), [])
    if len(found) > 1:
        raise InvalidInput(_("{where}: several elements are labelled {said}; name one by its ID.", where=where, said=repr(said)))
    return found[0] if found else None


def _links(sheet: Sheet | None, elements: dict[str, Element], by_label: dict, id_column: bool,
           names: b.PartnerNames, skipped: b.Skipped, custom: b.CustomFields | None = None) -> dict[str, Link]:
    links: dict[str, Link] = {}
    if sheet is None:
        return links
    taken = set(elements)
    listed = bool(elements)  # else a file of connections only: the elements they name are added, and said so
    seen: dict[tuple[str, str, str], int] = {}
    for row_number, row in sheet.rows:
        if not any(b.text(v) for v in row.values()):
            continue
        ends = []
        for column in ("from", "to"):
            where = sheet.where(row_number, column)
            said = b.text(row.get(column))
            if not said:
                raise InvalidInput(_("{where}: the link does not say which element it starts at.", where=where)
                                   if column == "from" else
                                   _("{where}: the link does not say which element it ends at.", where=where))
            ref = _ref(said, elements, by_label, where)
            if ref is None:
                if listed:  # all or nothing: a link brings an element only to a file that lists none
                    raise InvalidInput(_("{where}: there is no element {said} on the Elements sheet; add it there, or "
                                         "correct the link.", where=where, said=repr(said)))
                ref = b.item_id(None, "el", taken)
                elements[ref] = Element(id=ref, kind=ElementKind.OUTCOME, label=b.shorten(said))
                by_label.setdefault(said.lower(), []).append(ref)
                skipped.add(b.NAMED_BY_LINKS, f"“{said[:40]}”")
            ends.append(ref)
        source, target = ends
        where = sheet.where(row_number)
        if source == target:
            raise InvalidInput(_("{where}: a link must join two different elements.", where=where))
        kind_text = b.text(row.get("type"))
        sign = b.polarity(kind_text)  # Kumu's causal-loop templates put the sign in the type column
        if sign is not None:
            kind_text = ""
        kind = b.link_kind(kind_text)
        direction = b.word(row.get("direction"))
        s_kind, t_kind = elements[source].kind, elements[target].kind
        if ElementKind.ASSUMPTION in (s_kind, t_kind) and kind is None:
            assumption, other = (source, target) if s_kind == ElementKind.ASSUMPTION else (target, source)
            a = elements[assumption]
            elements[assumption] = a.model_copy(update={"attached_to": [*a.attached_to, other]})
            skipped.add(N_("a connection touching an assumption became an attachment of the assumption"),
                        f"row {row_number}")
            continue
        if kind is None:
            if kind_text:
                skipped.add(N_("a link of a type tocmap does not know was read as a plain link"),
                            f"“{kind_text}” in row {row_number}")
            kind = LinkKind.RELATES_TO if direction == "undirected" else LinkKind.CONTRIBUTES_TO
            sources, targets = LINK_RULES[kind]
            if s_kind not in sources or t_kind not in targets:
                kind = LinkKind.RELATES_TO
        key = (source, target, kind.value)
        if key in seen:
            skipped.add(N_("a connection repeating another between the same elements was kept as a parallel link"),
                        f"row {row_number} (as row {seen[key]})")
        seen.setdefault(key, row_number)
        polarity = b.text(row.get("polarity"))
        fields = {
            "id": b.item_id(row.get("id"), "ln", taken), "kind": kind, "source": source, "target": target,
            "polarity": b.polarity(polarity) or (polarity if polarity else sign or "+"),
            "confidence": b.word(row.get("confidence")) or "medium", "label": b.text(row.get("label")),
            "rationale": b.text(row.get("rationale")), "evidence": b.text(row.get("evidence")),
            "proposed_by": names.one(row.get("proposed by"), sheet.where(row_number, "proposed by")),
            "agreed_by": names.many(row.get("agreed by"), sheet.where(row_number, "agreed by")),
            "disputed_by": names.many(row.get("disputed by"), sheet.where(row_number, "disputed by")),
        }
        link = b.model(Link, fields, where)
        sources, targets = LINK_RULES[link.kind]
        if s_kind not in sources:
            raise InvalidInput(_("{where}: '{title}' links cannot start at {with_article}.", where=where, title=link.kind.title, with_article=s_kind.with_article))
        if t_kind not in targets:
            raise InvalidInput(_("{where}: '{title}' links cannot end at {with_article}.", where=where, title=link.kind.title, with_article=t_kind.with_article))
        links[link.id] = link
        for header in _extra_columns(sheet, "links"):
            if custom is not None:
                custom.add("link", link.id, header, row.get(b.word(header)))
        if direction == "mutual":
            back = link.model_copy(update={"id": b.item_id(None, "ln", taken), "source": target, "target": source})
            if (target, source, kind.value) not in seen:
                links[back.id] = back
                seen[(target, source, kind.value)] = row_number
                skipped.add(N_("a mutual connection became two links, one each way"), f"row {row_number}")
    return links


def _attach(sheet: Sheet, elements: dict[str, Element], links: dict[str, Link], by_label: dict,
            skipped: b.Skipped) -> None:
    """Actors named by outcomes and what assumptions are attached to, once every item has its id."""
    by_row = {}
    for row_number, row in sheet.rows:
        said_id = b.text(row.get("id"))
        label = b.text(row.get("label"))
        element_id = said_id if said_id in elements else next(iter(by_label.get(label.lower(), [])), None)
        if element_id:
            by_row[element_id] = (row_number, row)
    for element_id, (row_number, row) in by_row.items():
        element = elements[element_id]
        update = {}
        actor = b.text(row.get("actor"))
        if actor:
            where = sheet.where(row_number, "actor")
            ref = _ref(actor, elements, by_label, where)
            if ref is None or elements[ref].kind != ElementKind.ACTOR:
                raise InvalidInput(_("{where}: {actor} is not an actor on the Elements sheet.", where=where, actor=repr(actor)))
            if element.kind != ElementKind.OUTCOME:
                raise InvalidInput(_("{where}: only an outcome names the actor whose change it describes.", where=where))
            update["actor"] = ref
        attached = b.split(row.get("attached to"))
        if attached:
            where = sheet.where(row_number, "attached to")
            if element.kind != ElementKind.ASSUMPTION:
                raise InvalidInput(_("{where}: only an assumption can be attached to other elements or links.", where=where))
            refs = []
            for said in attached:
                ref = said if said in links else _ref(said, elements, by_label, where)
                if ref is None:
                    raise InvalidInput(_("{where}: there is no element or link {said}.", where=where, said=repr(said)))
                refs.append(ref)
            update["attached_to"] = [*element.attached_to, *refs]
        if update:
            elements[element_id] = element.model_copy(update=update)


def _indicators(sheets: dict[str, Sheet], elements: dict, by_label: dict, names: b.PartnerNames
                ) -> list[Indicator]:
    sheet = sheets.get("indicators")
    if sheet is None:
        for other in ("targets", "observations"):
            if other in sheets and sheets[other].rows:
                raise InvalidInput(_("Sheet “{name}” needs an “Indicators” sheet naming its indicators.",
                                     name=sheets[other].name))
        return []
    raw: dict[str, dict] = {}
    rows_of: dict[str, int] = {}
    by_name: dict[str, list[str]] = {}
    taken: set[str] = set(elements)
    for row_number, row in sheet.rows:
        if not any(b.text(v) for v in row.values()):
            continue
        name = b.text(row.get("name"))
        if not name:
            raise InvalidInput(_("{where}: the indicator has no name.", where=sheet.where(row_number, "name")))
        raw_id = b.text(row.get("id"))
        if raw_id in rows_of:
            raise InvalidInput(_("{where}: the id {id} is already used in row {row}.", where=sheet.where(row_number, "id"),
                                 id=repr(raw_id), row=rows_of[raw_id]))
        indicator_id = b.item_id(raw_id, "ind", taken)
        rows_of[indicator_id] = row_number
        element = _ref(row.get("element"), elements, by_label, sheet.where(row_number, "element"))
        if element is None:
            raise InvalidInput(_("{where}: {said} is not an element on the Elements sheet; name the element the "
                                 "indicator measures.", where=sheet.where(row_number, "element"),
                                 said=repr(b.text(row.get("element")))))
        measure = b.measure(row.get("measure"), sheet.where(row_number, "measure"))
        scale = b.split(row.get("scale"))
        baseline_note = b.text(row.get("baseline note"))
        baseline_value = b.value(measure, row.get("baseline"), scale, sheet.where(row_number, "baseline"))
        baseline_date = b.date(row.get("baseline date"), sheet.where(row_number, "baseline date"))
        baseline = None if baseline_note == "(no baseline)" and baseline_value is None else {
            "value": baseline_value, "date": baseline_date, "note": baseline_note}
        raw[indicator_id] = {
            "id": indicator_id, "element": element, "name": name, "definition": b.text(row.get("definition")),
            "measure": measure, "unit": b.text(row.get("unit")), "currency": b.text(row.get("currency")) or None,
            "direction": b.word(row.get("direction")) or "increase",
            "aggregation": (b.word(row.get("aggregation")) or "per period").replace(" ", "_"),
            "scale": scale, "proxy_for": b.text(row.get("proxy for")) or None,
            "means_of_verification": b.text(row.get("means of verification")),
            "data_source": b.text(row.get("data source")), "frequency": b.text(row.get("frequency")),
            "responsible_partner": names.one(row.get("responsible partner"),
                                             sheet.where(row_number, "responsible partner")),
            "baseline": baseline, "status": b.word(row.get("status")) or "active",
            "proposed_by": names.one(row.get("proposed by"), sheet.where(row_number, "proposed by")),
            "agreed_by": names.many(row.get("agreed by"), sheet.where(row_number, "agreed by")),
            "disputed_by": names.many(row.get("disputed by"), sheet.where(row_number, "disputed by")),
            "targets": [], "observations": [],
        }
        by_name.setdefault(name.lower(), []).append(indicator_id)

    def owner(row: dict, target: Sheet, row_number: int) -> dict:
        said = b.text(row.get("indicator"))
        where = target.where(row_number, "indicator")
        if said in raw:
            return raw[said]
        found = by_name.get(said.lower(), [])
        if len(found) == 1:
            return raw[found[0]]
        if len(found) > 1:
            raise InvalidInput(_("{where}: several indicators are named {said}; name one by its ID.", where=where, said=repr(said)))
        raise InvalidInput(_("{where}: there is no indicator {said} on the Indicators sheet.", where=where, said=repr(said)))

    if "targets" in sheets:
        target_sheet = sheets["targets"]
        for row_number, row in target_sheet.rows:
            if not any(b.text(v) for v in row.values()):
                continue
            item = owner(row, target_sheet, row_number)
            where = target_sheet.where(row_number)
            period = _period(row, "start", "end", "period", target_sheet, row_number, required=True)
            value = b.value(item["measure"], row.get("value"), item["scale"], target_sheet.where(row_number, "value"))
            item["targets"].append(b.model(Target, {"period": period, "value": value,
                                                    "note": b.text(row.get("note"))}, where))
    if "observations" in sheets:
        obs_sheet = sheets["observations"]
        for row_number, row in obs_sheet.rows:
            if not any(b.text(v) for v in row.values()):
                continue
            item = owner(row, obs_sheet, row_number)
            where = obs_sheet.where(row_number)
            taken_obs = {o.id for o in item["observations"]}
            fields = {
                "id": b.item_id(row.get("id"), "obs", taken_obs),
                "value": b.value(item["measure"], row.get("value"), item["scale"], obs_sheet.where(row_number, "value")),
                "date": b.date(row.get("date"), obs_sheet.where(row_number, "date")),
                "period": _period(row, "period start", "period end", "period", obs_sheet, row_number),
                "evidence": b.text(row.get("evidence")), "reported_by": b.text(row.get("reported by")),
                "partner": names.one(row.get("partner"), obs_sheet.where(row_number, "partner")),
                "note": b.text(row.get("note")),
                "disaggregation": read_disaggregation(row.get("disaggregation"),
                                                      obs_sheet.where(row_number, "disaggregation")),
            }
            if fields["date"] is None and fields["period"] is None:
                raise InvalidInput(_("{where}: an observation needs a date or a period.", where=where))
            item["observations"].append(b.model(Observation, fields, where))
    return [b.model(Indicator, data, sheet.where(rows_of[key])) for key, data in raw.items()]


def _period(row: dict, start: str, end: str, label: str, sheet: Sheet, row_number: int, required: bool = False
            ) -> Period | None:
    first = b.date(row.get(start), sheet.where(row_number, start))
    last = b.date(row.get(end), sheet.where(row_number, end))
    if first is None and last is None and not required:
        return None
    if first is None or last is None:
        missing = start if first is None else end
        raise InvalidInput(_("{where}: the period needs a start and an end date.", where=sheet.where(row_number, missing)))
    return b.model(Period, {"label": b.text(row.get(label)), "start": first, "end": last}, sheet.where(row_number))
