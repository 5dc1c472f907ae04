"""IATI 2.03 activity XML: the map's results framework out, one activity's results in.

Export: one ``iati-activity`` whose ``result`` elements are the map's outputs (type 1),
outcomes (2) and impacts (3) that have indicators, each indicator with its measure,
baseline, and periods holding targets and actuals (disaggregated actuals as extra
``actual`` elements with ``dimension``). The schema's order traps are kept: inside
``baseline`` a ``document-link`` comes before ``comment``; inside ``target`` and ``actual``
``comment`` comes before ``document-link``. Beyond the schema, measures 1-4 always carry a
value, qualitative (5) never, and every period starts before it ends.

Texts in several languages go both ways: the map's texts are written in its language (the
activity's ``xml:lang``) and each translation is a further ``narrative`` with its own
``xml:lang``; on import, the activity's language becomes the map's and the narratives in other
languages become translations of the titles and descriptions they sit in.

Import: the results of one chosen activity become a results framework: the activity is an
intervention, contributing to its outputs, which contribute to the outcome listed before
them (or after, when none is before), which contribute to an impact likewise. Real files
are messy, so reading is lenient and says what it left out: values written as text
("£3,500,000", "45 %"), periods without dates, locations and reference codes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from lxml import etree

from tocmap.adapters.exchange import ExportSource, Parsed, ReadOptions, xmlsafe
from tocmap.adapters.exchange import building as b
from tocmap.adapters.exchange.contributions import append_iati_finances
from tocmap.domain.errors import InvalidInput
from tocmap.domain.field_names import field_name
from tocmap.domain.framework import active_indicators, chain_elements
from tocmap.domain.model import (
    LABEL_MAX,
    TEXT_MAX,
    Element,
    ElementKind,
    Indicator,
    Link,
    Observation,
    Partner,
    Period,
    Translatable,
    Translation,
    fingerprint,
)
from tocmap.i18n import N_, _, format_number, ngettext

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RESULT_TYPE = {ElementKind.OUTPUT: "1", ElementKind.OUTCOME: "2", ElementKind.IMPACT: "3"}
MEASURE_CODE = {"number": "1", "currency": "1", "percentage": "2", "yes_no": "3", "milestone": "3", "ordinal": "4",
                "narrative": "5"}
PARTNER_COLOURS = ["#1c7ed6", "#2f9e44", "#e8590c", "#7048e8", "#c2255c", "#0c8599", "#5c940d", "#e67700",
                   "#495057", "#862e9c"]


# --------------------------------------------------------------------------- export


def _narrative(parent: etree._Element, tag: str, text: str, item: Translatable | None = None,
               field: str = "") -> etree._Element:
    """``<tag><narrative>text</narrative></tag>``, then one narrative per translation of ``item.field``."""
    element = etree.SubElement(parent, tag)
    etree.SubElement(element, "narrative").text = text
    for language, fields in sorted((item.translations if item is not None else {}).items()):
        if field in fields:
            etree.SubElement(element, "narrative", {XML_LANG: language}).text = fields[field].text
    return element


def identifier(source: ExportSource) -> tuple[str, str]:
    """The reporting organisation's reference and the activity's identifier (placeholders to replace).

    tocmap does not know the partners' registered IATI organisation identifiers; the ones
    written are built from the partnership so that they are stable from one export to the next.
    """
    partnership = source.partnership
    lead = partnership.partners[0].id if partnership.partners else partnership.id
    org = f"XX-TOCMAP-{lead}"[:60]
    return org, f"{org}-{b.text(partnership.id)}-map{source.map_id}"


def export(source: ExportSource) -> bytes:
    """The map's results framework as an IATI 2.03 activity file."""
    state, partnership = source.state, source.partnership
    now = source.exported_at.replace(microsecond=0)
    root = etree.Element("iati-activities", version="2.03", **{"generated-datetime": now.isoformat()})
    root.append(etree.Comment(" Exported by tocmap. Replace the XX-TOCMAP identifiers with your organisation's "
                              "registered IATI identifier before publishing. "))
    activity = etree.SubElement(root, "iati-activity", {
        "last-updated-datetime": (source.revision_at or now).replace(microsecond=0).isoformat(),
        XML_LANG: state.language, "hierarchy": "1"})
    org_ref, activity_id = identifier(source)
    etree.SubElement(activity, "iati-identifier").text = activity_id
    lead = partnership.partners[0].name if partnership.partners else partnership.name
    _narrative(activity, "reporting-org", lead).attrib.update({"ref": org_ref, "type": "90"})
    _narrative(activity, "title", state.title, state, "title")
    description = _narrative(activity, "description", state.description or state.title, state,
                             "description" if state.description else "title")
    description.set("type", "1")
    for partner in partnership.partners or []:
        _narrative(activity, "participating-org", partner.name).set("role", "4")
    if not partnership.partners:
        _narrative(activity, "participating-org", partnership.name).set("role", "4")
    etree.SubElement(activity, "activity-status", code="2")
    dates = [d for i in state.indicators.values() for d in _dates(i)]
    start = min(dates) if dates else now.date()
    etree.SubElement(activity, "activity-date", type="1", **{"iso-date": start.isoformat()})
    append_iati_finances(activity, source.contributions)
    measured = active_indicators(state)
    left_out = []
    for kind in (ElementKind.IMPACT, ElementKind.OUTCOME, ElementKind.OUTPUT):
        for element in chain_elements(state, kind):
            if not measured.get(element.id):
                left_out.append(element.label)
                continue
            activity.append(_result(element, measured[element.id]))
    if left_out:
        activity.append(etree.Comment(
            f" {len(left_out)} results without an indicator are not listed (IATI needs one per result): "
            + "; ".join(label.replace("--", "-") for label in left_out[:20]) + " "))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _dates(indicator: Indicator) -> list[dt.date]:
    dates = [t.period.start for t in indicator.targets]
    dates += [o.period.start if o.period else o.date for o in indicator.observations]
    if indicator.baseline and indicator.baseline.date:
        dates.append(indicator.baseline.date)
    return [d for d in dates if d]


def _result(element: Element, indicators: list[Indicator]) -> etree._Element:
    result = etree.Element("result", type=RESULT_TYPE[element.kind])
    _narrative(result, "title", element.label, element, "label")
    if element.description:
        _narrative(result, "description", element.description, element, "description")
    for indicator in indicators:
        result.append(_indicator(indicator))
    return result


def _value_attributes(indicator: Indicator, value) -> dict | None:
    """The ``value`` attribute for a value; None when measures 1-4 have no value to give."""
    measure = indicator.measure
    if measure == "narrative":
        return {}
    if value is None:
        return None
    if measure in ("yes_no", "milestone"):
        return {"value": "1" if value else "0"}
    if measure == "ordinal":
        return {"value": str(indicator.scale.index(value) + 1)}
    return {"value": b.text(float(value))}


def _comment(parent: etree._Element, *parts: str) -> None:
    text = " ".join(p for p in parts if p)
    if text:
        _narrative(parent, "comment", text)


def _shown(indicator: Indicator, value) -> str:
    """A value as words, for comments (ordinal levels, yes/no, narrative text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes." if value else "No."
    if indicator.measure in ("ordinal", "narrative"):
        return str(value)
    return ""


def _indicator(indicator: Indicator) -> etree._Element:
    element = etree.Element("indicator", measure=MEASURE_CODE[indicator.measure],
                            ascending="1" if indicator.direction == "increase" else "0")
    _narrative(element, "title", indicator.name, indicator, "name")
    definition = indicator.definition
    if indicator.measure == "currency":
        definition = f"{definition} (values in {indicator.currency})".strip()
    elif indicator.unit and indicator.measure == "number":
        definition = f"{definition} (unit: {indicator.unit})".strip()
    if definition:
        _narrative(element, "description", definition, indicator, "definition")
    baseline = indicator.baseline
    if baseline is not None:
        year = baseline.date.year if baseline.date else min((d.year for d in _dates(indicator)), default=None)
        attributes = _value_attributes(indicator, baseline.value)
        if year and attributes is not None:
            node = etree.SubElement(element, "baseline", year=str(year), **attributes)
            if baseline.date:
                node.set("iso-date", baseline.date.isoformat())
            _comment(node, _shown(indicator, baseline.value), baseline.note)
    for (start, end), (targets, actuals) in _periods(indicator).items():
        period = etree.SubElement(element, "period")
        etree.SubElement(period, "period-start", **{"iso-date": start.isoformat()})
        etree.SubElement(period, "period-end", **{"iso-date": end.isoformat()})
        for target in targets:
            attributes = _value_attributes(indicator, target.value)
            if attributes is not None:
                node = etree.SubElement(period, "target", **attributes)
                _comment(node, _shown(indicator, target.value), target.note)
        for observation, note in actuals:
            attributes = _value_attributes(indicator, observation.value)
            if attributes is not None:
                node = etree.SubElement(period, "actual", **attributes)
                evidence = f"Evidence: {observation.evidence}" if observation.evidence else ""
                reported = f"Reported by {observation.reported_by}." if observation.reported_by else ""
                _comment(node, _shown(indicator, observation.value), observation.note, evidence, reported, note)
            if indicator.quantitative:
                for cell in observation.disaggregation:
                    node = etree.SubElement(period, "actual", value=b.text(cell.value))
                    for name, value in cell.dimensions.items():
                        etree.SubElement(node, "dimension", name=name, value=value)
        if not len(period) > 2:
            element.remove(period)
    return element


def _periods(indicator: Indicator) -> dict:
    """(start, end) -> (targets, [(observation, note)]), in order; every period starts before it ends."""
    periods: dict[tuple[dt.date, dt.date], tuple[list, list]] = {}

    def span(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
        return (start, end) if start < end else (dt.date(start.year, 1, 1), dt.date(start.year, 12, 31))

    for target in indicator.targets:
        periods.setdefault(span(target.period.start, target.period.end), ([], []))[0].append(target)
    for observation in indicator.observations:
        note = ""
        if observation.period:
            key = span(observation.period.start, observation.period.end)
        else:
            containing = [k for k in periods if k[0] <= observation.date <= k[1]]
            key = containing[0] if containing else span(observation.date, observation.date)
            note = f"Observed on {observation.date.isoformat()}."
        periods.setdefault(key, ([], []))[1].append((observation, note))
    return dict(sorted(periods.items()))


# --------------------------------------------------------------------------- import


@dataclass(frozen=True)
class Activity:
    """One activity of an IATI file, as offered for choosing."""

    identifier: str
    title: str
    results: int


def _root(data: bytes, source: str) -> etree._Element:
    root = xmlsafe.parse(data, source).getroot()
    name = xmlsafe.local(root.tag)
    if name not in ("iati-activities", "iati-activity"):
        raise InvalidInput(_("{source} is not an IATI activity file: its root element is <{name}>, not "
                             "<iati-activities>.", source=source, name=name))
    return root


def _activities(root: etree._Element) -> list[etree._Element]:
    return [root] if xmlsafe.local(root.tag) == "iati-activity" else [
        a for a in root if xmlsafe.local(a.tag) == "iati-activity"]


def _child(element: etree._Element | None, name: str) -> etree._Element | None:
    if element is None:
        return None
    return next((c for c in element if xmlsafe.local(c.tag) == name), None)


def _children(element: etree._Element | None, name: str) -> list[etree._Element]:
    return [] if element is None else [c for c in element if xmlsafe.local(c.tag) == name]


def _others(element: etree._Element | None, lang: str) -> dict[str, str]:
    """The element's narratives in languages other than ``lang``: language code (lower case) -> text."""
    found: dict[str, str] = {}
    for narrative in _children(element, "narrative"):
        said = (narrative.get(XML_LANG) or "").strip().lower()
        text = " ".join((narrative.text or "").split())
        if said and said != lang and text and LANGUAGE_TAG.match(said):
            found.setdefault(said, text)
    return found


#: A language tag a translation can be kept under (others are left out, and said so).
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


#: Result titles that name a category of the results framework rather than a result
#: ("PDO Indicator", "Intermediate Results Indicator 3", "Outcome 1"): the indicator's
#: title or the result's description says more.
GENERIC_TITLE = re.compile(
    r"^\s*(pdo|project development objective|intermediate results?|intermediate outcomes?|results?|outcomes?|"
    r"outputs?|impacts?|objectives?|indicators?)(\s+(level|area))?(\s+indicators?)?\s*[\d.:#-]*\s*$", re.I)
#: Actual values that hold the place of a value ("As at Appraisal", "TBD"): kept as text, undated.
#: A second baseline or target in one period, left out.
FURTHER = {"baseline": N_("a further baseline in the same period was left out"),
           "target": N_("a further target in the same period was left out")}
PLACEHOLDER = re.compile(r"^\s*(as (at|of) appraisal|at appraisal|tbd|tbc|to be (determined|confirmed)|n/?a|"
                         r"not (yet )?(available|applicable|measured|reported)|pending|-+)\s*\.?\s*$", re.I)


def _say(element: etree._Element | None, lang: str) -> str:
    """The text of an element in the preferred language (IATI 2: narratives; IATI 1: the element's text)."""
    if element is None:
        return ""
    narratives = _children(element, "narrative")
    if not narratives:
        return " ".join((element.text or "").split())
    chosen = next((n for n in narratives if (n.get(XML_LANG) or "").strip().lower() in ("", lang)), narratives[0])
    return " ".join((chosen.text or "").split())


def activities(data: bytes, source: str = "The IATI file") -> list[Activity]:
    """The activities of a file, with their titles and how many results each has."""
    root = _root(data, source)
    found = []
    for activity in _activities(root):
        lang = activity.get(XML_LANG) or root.get(XML_LANG) or "en"
        found.append(Activity(b.text((_child(activity, "iati-identifier").text if _child(
            activity, "iati-identifier") is not None else "")), _say(_child(activity, "title"), lang),
            len(_children(activity, "result"))))
    return found


def choose(data: bytes, wanted: str | None, source: str) -> etree._Element:
    """The activity asked for, or the only one; else a message listing them."""
    root = _root(data, source)
    found = _activities(root)
    if not found:
        raise InvalidInput(_("{source} holds no iati-activity.", source=source))
    listed = activities(data, source)
    if wanted:
        for element, summary in zip(found, listed, strict=True):
            if summary.identifier == wanted.strip():
                return element
        raise InvalidInput(_("{source} has no activity “{wanted}”. Activities: {activities}.", source=source,
                             wanted=wanted, activities="; ".join(a.identifier for a in listed)))
    if len(found) == 1:
        return found[0]
    choices = "; ".join(f"{a.identifier} (“{a.title[:60]}”, "
                        + ngettext("{n} result", "{n} results", a.results) + ")" for a in listed)
    raise InvalidInput(_("{source} holds {count} activities; choose the one whose results to import: {choices}.",
                         source=source, count=len(found), choices=choices))


def read(data: bytes, options: ReadOptions) -> Parsed:
    """The results framework of one activity as a new map."""
    source = options.filename or "The IATI file"
    activity = choose(data, options.activity, source)
    return _Reader(activity, source).read()


def _iso(element: etree._Element | None) -> dt.date | None:
    if element is None:
        return None
    raw = b.text(element.get("iso-date"))[:10]
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def period_label(start: dt.date, end: dt.date) -> str:
    """A short name for a period ("2024", "Oct 2019 – Mar 2020").

    Examples
    --------
    >>> period_label(dt.date(2024, 1, 1), dt.date(2024, 12, 31)), period_label(dt.date(2019, 10, 1), dt.date(2020, 3, 31))
    ('2024', 'Oct 2019 – Mar 2020')
    """
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return f"{start:%b %Y} – {end:%b %Y}"


class _Reader:
    """Reads one activity; collects what it leaves out."""

    def __init__(self, activity: etree._Element, source: str):
        self.activity, self.source = activity, source
        root = activity.getparent()
        said = activity.get(XML_LANG) or (root.get(XML_LANG) if root is not None else None) or "en"
        self.lang = said.strip().lower() if LANGUAGE_TAG.match(said.strip().lower()) else "en"
        self.currency = activity.get("default-currency")
        self.languages: set[str] = set()
        self.skipped = b.Skipped()
        ident = _child(activity, "iati-identifier")
        self.identifier = b.text(ident.text if ident is not None else "") or "activity"
        self.prefix = "iati-" + hashlib.sha1(self.identifier.encode()).hexdigest()[:6]

    def say(self, element) -> str:
        return _say(element, self.lang)

    def translations(self, item: Translatable, **parts: etree._Element | None) -> dict:
        """``item``'s translations from the other narratives of its parts (``label=<title element>, ...``).

        Each translates the text the item now holds in that field, so none reads as needing review.
        """
        found: dict[str, dict[str, Translation]] = {}
        for field, element in parts.items():
            source = getattr(item, field)
            for lang, text in _others(element, self.lang).items():
                if source and text != source:
                    text = b.shorten(text) if field in ("label", "name") else text[:TEXT_MAX]
                    found.setdefault(lang, {})[field] = Translation(text=text, of=fingerprint(source))
                    self.languages.add(lang)
        return found

    def translated(self, item, **parts: etree._Element | None):
        """``item`` with the translations its parts' other narratives give."""
        translations = self.translations(item, **parts)
        return item.model_copy(update={"translations": translations}) if translations else item

    def long(self, text: str, what: str) -> str:
        """``text`` cut to what a text can hold; ``what`` is the field's name (see :mod:`tocmap.domain.field_names`)."""
        if len(text) > TEXT_MAX:
            self.skipped.add(N_("the end of a text longer than {limit} characters was cut ({what})"),
                             limit=format_number(TEXT_MAX), what=field_name(what))
            return text[: TEXT_MAX - 1] + "…"
        return text

    def label(self, text: str, what: str) -> tuple[str, str]:
        """A label that fits, and the full text when it had to be cut."""
        short = b.shorten(text)
        if short != " ".join(text.split()):
            self.skipped.add(N_("a text longer than {limit} characters was shortened to a name, the full text kept in its "
                                "description ({what})"), limit=LABEL_MAX, what=field_name(what))
            return short, text
        return short, ""

    def read(self) -> Parsed:
        partnership, reporter = self.partners()
        title = self.say(_child(self.activity, "title")) or self.identifier
        descriptions = _children(self.activity, "description")
        general = next((d for d in descriptions if d.get("type") in (None, "1")), descriptions[0] if descriptions else None)
        description = self.long(self.say(general), "description")
        label, full = self.label(title, "title")
        intervention = Element(id=f"{self.prefix}-activity", kind=ElementKind.INTERVENTION, label=label,
                               description=self.long("\n\n".join(p for p in (full, description) if p), "description"),
                               owner=reporter, proposed_by=reporter, tags=["IATI"])
        intervention = self.translated(intervention, label=_child(self.activity, "title"), description=general)
        elements = [intervention]
        indicators: list[Indicator] = []
        order: list[Element] = []
        for number, result in enumerate(_children(self.activity, "result"), start=1):
            element, measured = self.result(result, number, reporter)
            elements.append(element)
            order.append(element)
            indicators += measured
        if not order:
            raise InvalidInput(_("{source}: the activity {identifier} has no results to import.", source=self.source, identifier=self.identifier))
        links = self.links(intervention, order)
        document = b.finish(b.shorten(title), description, partnership, elements, links, indicators, self.source)
        document = self.translated(document.model_copy(update={"language": self.lang}),
                                   title=_child(self.activity, "title"), description=general)
        if self.languages:
            self.skipped.add(N_("text in other languages ({languages}) became translations of the map's texts, which "
                                "are in the activity's language ({language})"),
                             languages=", ".join(sorted(self.languages)), language=self.lang)
        return Parsed(document, self.skipped.sentences(), positioned=False)

    def partners(self) -> tuple:
        partners: list[Partner] = []
        seen: dict[str, str] = {}
        taken: set[str] = set()
        reporter = None
        orgs = _children(self.activity, "reporting-org") + _children(self.activity, "participating-org")
        for org in orgs:
            name = self.say(org) or b.text(org.get("ref"))
            if not name:
                self.skipped.add(N_("a participating organisation without a name or reference was left out"))
                continue
            key = (b.text(org.get("ref")) or name).lower()
            alias = name.lower()
            if key in seen or alias in seen:
                found = seen.get(key) or seen[alias]
                seen[key] = seen[alias] = found
                if xmlsafe.local(org.tag) == "reporting-org":
                    reporter = found
                continue
            if len(partners) >= 20:
                self.skipped.add(N_("a participating organisation beyond the 20 partners a partnership can have was "
                                    "left out"), f"“{name}”")
                continue
            partner = Partner(id=b.partner_id(name, taken), name=b.shorten(name),
                              colour=PARTNER_COLOURS[len(partners) % len(PARTNER_COLOURS)])
            partners.append(partner)
            seen[key] = seen[alias] = partner.id
            if xmlsafe.local(org.tag) == "reporting-org":
                reporter = partner.id
        title = self.say(_child(self.activity, "title")) or self.identifier
        return b.new_partnership(title, partners), reporter

    def result(self, result: etree._Element, number: int, reporter: str | None) -> tuple[Element, list[Indicator]]:
        code = b.text(result.get("type"))
        kind = {"1": ElementKind.OUTPUT, "2": ElementKind.OUTCOME, "3": ElementKind.IMPACT}.get(code)
        tags = ["IATI"]
        if kind is None:
            kind = ElementKind.OUTCOME
            tags.append("other result")
            self.skipped.add(N_("a result of type “other” (or no type) was imported as an outcome"),
                             _("result {n}", n=number))
        title = self.say(_child(result, "title"))
        if not title:
            title = _("Result {n}", n=number)
            self.skipped.add(N_("a result without a title was named by its number"), title)
        generic = ""
        if GENERIC_TITLE.match(title):
            generic, title = title, self.telling_title(result) or title
            if title != generic:
                tags.append(b.shorten(generic, 50))
                self.skipped.add(N_("a result titled by its category (e.g. “PDO Indicator”) was named by its "
                                    "indicator or description; the category is kept as a tag"), f"“{generic}”")
        label, full = self.label(title, "result title")
        documents = self.documents(result)
        parts = [full, self.say(_child(result, "description")), _("Documents: {links}", links=documents) if documents else ""]
        for name in ("reference",):
            if _children(result, name):
                self.skipped.add(N_("a result's reference codes were not imported"))
        element = Element(id=f"{self.prefix}-r{number}", kind=kind, label=label, tags=tags,
                          description=self.long("\n\n".join(p for p in parts if p), "description"),
                          owner=reporter, proposed_by=reporter)
        if not generic:  # a result named by its indicator keeps only its own language
            element = self.translated(element, label=_child(result, "title"), description=_child(result, "description"))
        indicators = [self.indicator(i, element, n) for n, i in enumerate(_children(result, "indicator"), start=1)]
        return element, [i for i in indicators if i is not None]

    def telling_title(self, result: etree._Element) -> str:
        """A result's name from its first indicator's title, else its description's first sentence."""
        for node in _children(result, "indicator"):
            said = self.say(_child(node, "title"))
            if said and not GENERIC_TITLE.match(said):
                return said
        description = self.say(_child(result, "description"))
        return re.split(r"(?<=[.!?])\s", description, maxsplit=1)[0] if description else ""

    def documents(self, element: etree._Element) -> str:
        links = []
        for document in _children(element, "document-link"):
            title = self.say(_child(document, "title"))
            url = b.text(document.get("url"))
            links.append(f"{title} ({url})" if title and url else title or url)
        return "; ".join(links)

    def indicator(self, node: etree._Element, element: Element, number: int) -> Indicator | None:
        where = _("indicator {n} of “{label}”", n=number, label=element.label[:50])
        title = self.say(_child(node, "title")) or _("Indicator {n}", n=number)
        name, full = self.label(title, "indicator title")
        baselines = _children(node, "baseline")
        periods = _children(node, "period")
        raw_values = [x.get("value") for x in baselines]
        raw_values += [x.get("value") for p in periods for x in _children(p, "target") + _children(p, "actual")]
        measure, currency, scale = self.measure(node.get("measure"), [v for v in raw_values if b.text(v)])
        if _children(node, "reference"):
            self.skipped.add(N_("an indicator's reference codes (e.g. a sector indicator list) were not imported"))
        if any(_children(x, "location") for x in baselines + [y for p in periods for y in p]):
            self.skipped.add(N_("locations of baselines, targets or actuals were not imported"))
        fields = {
            "id": f"{element.id}-i{number}", "element": element.id, "name": name,
            "definition": self.long("\n\n".join(p for p in (full, self.say(_child(node, "description"))) if p),
                                    "definition"),
            "measure": measure, "currency": currency, "scale": scale,
            "direction": "decrease" if b.word(node.get("ascending")) in ("0", "false") else "increase",
            "means_of_verification": self.long(self.documents(node), "means_of_verification"),
            "proposed_by": element.proposed_by,
        }
        fields["baseline"] = self.baseline(baselines, measure, scale, where)
        targets, observations = [], []
        for n, period in enumerate(periods, start=1):
            start, end = _iso(_child(period, "period-start")), _iso(_child(period, "period-end"))
            if start is None or end is None:
                self.skipped.add(N_("a period without a start or end date was left out"), _("period {n} of {where}", n=n, where=where))
                continue
            if end < start:
                self.skipped.add(N_("a period that ends before it starts was left out"), _("period {n} of {where}", n=n, where=where))
                continue
            span = Period(label=period_label(start, end), start=start, end=end)
            target = self.target(_children(period, "target"), measure, scale, where)
            if target is not None:
                targets.append({"period": span, **target})
            observation = self.actual(_children(period, "actual"), measure, scale, where)
            if observation is not None:
                placeholder = observation.pop("placeholder", False)
                observations.append(Observation(id=f"obs-{len(observations) + 1}", date=None if placeholder else end,
                                                period=span, **observation))
        fields["targets"], fields["observations"] = targets, observations
        indicator = b.model(Indicator, fields, _("{source}, {where}", source=self.source, where=where))
        return self.translated(indicator, name=_child(node, "title"), definition=_child(node, "description"))

    def measure(self, code: str | None, values: list[str]) -> tuple[str, str | None, list[str]]:
        code = b.text(code)
        numbers = [b.number(v) for v in values]
        all_numbers = all(n is not None for n in numbers)
        currencies = {c for c in (b.currency_symbol(v) for v in values) if c}
        if code == "5":
            return "narrative", None, []
        if code == "2":
            return "percentage", None, []
        if code == "4":
            if values and all_numbers:
                return "ordinal", None, sorted({b.text(n) for n in numbers}, key=float)
            return "narrative", None, []
        if currencies:
            return "currency", sorted(currencies)[0], []
        if code in ("1", "3") and (all_numbers or code == "1"):
            return "number", None, []
        if values and all_numbers:
            return "number", None, []
        return "narrative", None, []

    def read_value(self, raw, measure: str, scale: list[str], comment: str, where: str):
        """A value as the measure wants it; text that is not a number is kept in the note."""
        if measure == "narrative":
            return b.text(raw) or comment or None, ""
        if raw is None or not b.text(raw):
            return None, ""
        number = b.number(raw)
        if number is None:
            self.skipped.add(N_("a value that is not a number was kept as a note"), _("“{value}” in {where}", value=b.text(raw)[:40], where=where))
            return None, f"Published value: {b.text(raw)}"
        if measure == "ordinal":
            return b.text(number), ""
        if measure == "percentage" and not -1000 <= number <= 1000:
            self.skipped.add(N_("a percentage outside -1000..1000 was kept as a note"), _("{value} in {where}", value=b.text(raw), where=where))
            return None, f"Published value: {b.text(raw)}"
        return number, ""

    @staticmethod
    def dimensions(node: etree._Element) -> dict[str, str]:
        return {b.text(d.get("name"))[:50]: b.text(d.get("value"))[:200]
                for d in _children(node, "dimension") if b.text(d.get("name"))}

    def pick(self, nodes: list[etree._Element], what: str, where: str) -> etree._Element | None:
        """The one without dimensions (the total), else the first; others are reported."""
        if not nodes:
            return None
        totals = [n for n in nodes if not self.dimensions(n)]
        chosen = totals[0] if totals else nodes[0]
        if len(totals) > 1 or (not totals and len(nodes) > 1):
            self.skipped.add(FURTHER[what], where)
        return chosen

    def comment(self, node: etree._Element) -> str:
        return self.say(_child(node, "comment"))

    def baseline(self, nodes: list[etree._Element], measure: str, scale: list[str], where: str) -> dict | None:
        node = self.pick(nodes, "baseline", where)
        if node is None:
            return None
        comment = self.comment(node)
        value, kept = self.read_value(node.get("value"), measure, scale, comment, _("the baseline of {where}", where=where))
        notes = [comment if measure != "narrative" else "", kept]
        if self.dimensions(node):
            notes.append(_("For {dimensions}.", dimensions=", ".join(f"{k} {v}" for k, v in
                                                                      self.dimensions(node).items())))
        date = _iso(node)
        if date is None and b.text(node.get("year")):
            notes.append(_("Baseline year {year}.", year=b.text(node.get("year"))))
        return {"value": value, "date": date, "note": self.long(" ".join(n for n in notes if n), "note")}

    def target(self, nodes, measure, scale, where) -> dict | None:
        node = self.pick(nodes, "target", where)
        if node is None:
            return None
        comment = self.comment(node)
        value, kept = self.read_value(node.get("value"), measure, scale, comment, _("a target of {where}", where=where))
        notes = [comment if measure != "narrative" else "", kept]
        if self.dimensions(node):
            notes.append(_("For {dimensions}.", dimensions=", ".join(f"{k} {v}" for k, v in
                                                                      self.dimensions(node).items())))
        return {"value": value, "note": self.long(" ".join(n for n in notes if n), "note")}

    def actual(self, nodes, measure, scale, where) -> dict | None:
        if not nodes:
            return None
        totals = [n for n in nodes if not self.dimensions(n)]
        if len(totals) > 1:
            self.skipped.add(N_("a further actual in the same period was left out"), where)
        cells = []
        for node in nodes:
            dims = self.dimensions(node)
            if dims:
                value = b.number(node.get("value"))
                if value is None or measure not in ("number", "percentage", "currency"):
                    self.skipped.add(N_("a disaggregated actual without a number was left out"), where)
                else:
                    cells.append({"dimensions": dims, "value": value})
        node = totals[0] if totals else None
        if node is None and not cells:
            return None
        comment = self.comment(node) if node is not None else ""
        value, kept = self.read_value(node.get("value") if node is not None else None, measure, scale, comment,
                                      _("an actual of {where}", where=where))
        notes = [comment if measure != "narrative" else "", kept]
        if node is None:
            notes.append(_("Only disaggregated values were published."))
        raw = b.text(node.get("value")) if node is not None else ""
        said = raw or (comment or "")
        placeholder = value is None and not cells and bool(said) and PLACEHOLDER.match(said)
        if placeholder:
            self.skipped.add(N_("an actual that holds a place (e.g. “As at Appraisal”) was kept as text, without a date"),
                             _("“{value}” in {where}", value=(raw or comment)[:40], where=where))
        return {"placeholder": bool(placeholder), "value": value, "note": self.long(" ".join(n for n in notes if n), "note"),
                "evidence": self.long(self.documents(node) if node is not None else "",
                                      "evidence"), "disaggregation": cells}

    def links(self, intervention: Element, order: list[Element]) -> list[Link]:
        """Activity -> outputs -> outcomes -> impacts, each to the nearest higher result before it (else after)."""
        links: list[Link] = []
        levels = [ElementKind.OUTPUT, ElementKind.OUTCOME, ElementKind.IMPACT]

        def nearest(index: int, kind: ElementKind) -> Element | None:
            before = [e for e in order[:index] if e.kind == kind]
            after = [e for e in order[index + 1:] if e.kind == kind]
            return before[-1] if before else (after[0] if after else None)

        present = [k for k in levels if any(e.kind == k for e in order)]
        lowest = present[0] if present else ElementKind.OUTCOME
        for element in order:
            if element.kind == lowest:
                links.append(Link(id=f"{intervention.id}-to-{element.id}", source=intervention.id, target=element.id))
        for index, element in enumerate(order):
            higher = [k for k in present if levels.index(k) > levels.index(element.kind)]
            if not higher:
                continue
            target = nearest(index, higher[0])
            if target is not None:
                links.append(Link(id=f"{element.id}-to-{target.id}", source=element.id, target=target.id))
        if len(present) > 1:
            self.skipped.add(N_("links between results follow their order in the file (IATI does not say which "
                                "output serves which outcome): check them on the map"))
        return links
