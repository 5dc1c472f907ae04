"""Helpers shared by the importers: lenient reading of cells and attributes, and the final check.

Importers turn what a file says into plain dicts, then into domain models here, so that
every format reports problems the same way: one sentence that names where the problem is
("Sheet “Elements”, row 7: ...") for what makes the file wrong, and a list of things
that were left out for what tocmap cannot represent.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from tocmap import i18n
from tocmap.adapters.exchange import MAX_INDICATORS, MAX_OBSERVATIONS
from tocmap.domain.document import MapDocument
from tocmap.domain.errors import InvalidInput
from tocmap.domain.fields import field_key
from tocmap.domain.limits import Limits, import_size_problem
from tocmap.domain.model import (
    FIELD_TYPE_TITLES,
    KIND_TITLES,
    LABEL_MAX,
    LINK_TITLES,
    MAP_TYPE_TITLES,
    QUANTITATIVE,
    ElementKind,
    FieldDefinition,
    FieldDisplay,
    LinkKind,
    NamedLoop,
    Partner,
    Partnership,
    display_problems,
    explain,
    integrity_problems,
    new_id,
    partner_problems,
)
from tocmap.i18n import N_, _, format_number

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")

#: Words other tools (and people typing a spreadsheet) use for each element kind.
KIND_WORDS: dict[str, ElementKind] = {
    **{k.value: k for k in ElementKind},
    **{k.value.replace("_", " "): k for k in ElementKind},
    "activity": ElementKind.INTERVENTION, "activities": ElementKind.INTERVENTION, "intervention": ElementKind.INTERVENTION,
    "programme": ElementKind.INTERVENTION, "program": ElementKind.INTERVENTION, "project": ElementKind.INTERVENTION,
    "input": ElementKind.INTERVENTION, "strategy": ElementKind.INTERVENTION,
    "goal": ElementKind.IMPACT, "long-term outcome": ElementKind.IMPACT, "long term outcome": ElementKind.IMPACT,
    "vision": ElementKind.IMPACT, "impact": ElementKind.IMPACT,
    "intermediate outcome": ElementKind.OUTCOME, "result": ElementKind.OUTCOME, "objective": ElementKind.OUTCOME,
    "purpose": ElementKind.OUTCOME, "short-term outcome": ElementKind.OUTCOME, "outcomes": ElementKind.OUTCOME,
    "outputs": ElementKind.OUTPUT, "deliverable": ElementKind.OUTPUT, "product": ElementKind.OUTPUT,
    "stakeholder": ElementKind.ACTOR, "organization": ElementKind.ACTOR, "organisation": ElementKind.ACTOR,
    "person": ElementKind.ACTOR, "people": ElementKind.ACTOR, "group": ElementKind.ACTOR,
    "institution": ElementKind.ACTOR, "actors": ElementKind.ACTOR, "partner": ElementKind.ACTOR,
    "assumptions": ElementKind.ASSUMPTION, "precondition": ElementKind.ASSUMPTION, "risk": ElementKind.ASSUMPTION,
    "external factor": ElementKind.EXTERNAL_FACTOR, "external factors": ElementKind.EXTERNAL_FACTOR,
    "context": ElementKind.EXTERNAL_FACTOR, "factor": ElementKind.EXTERNAL_FACTOR, "driver": ElementKind.EXTERNAL_FACTOR,
    "barrier": ElementKind.EXTERNAL_FACTOR, "trend": ElementKind.EXTERNAL_FACTOR,
}

#: Words for each link kind.
LINK_WORDS: dict[str, LinkKind] = {
    **{k.value: k for k in LinkKind},
    **{k.value.replace("_", " "): k for k in LinkKind},
    "contributes": LinkKind.CONTRIBUTES_TO, "leads to": LinkKind.CONTRIBUTES_TO, "causes": LinkKind.CONTRIBUTES_TO,
    "causal": LinkKind.CONTRIBUTES_TO, "enables": LinkKind.CONTRIBUTES_TO, "results in": LinkKind.CONTRIBUTES_TO,
    "influence": LinkKind.INFLUENCES, "influences": LinkKind.INFLUENCES,
    "relates": LinkKind.RELATES_TO, "related": LinkKind.RELATES_TO, "related to": LinkKind.RELATES_TO,
    "relationship": LinkKind.RELATES_TO, "association": LinkKind.RELATES_TO,
}

MEASURE_WORDS = {
    "number": "number", "numeric": "number", "count": "number", "unit": "number",
    "percentage": "percentage", "percent": "percentage", "%": "percentage",
    "currency": "currency", "money": "currency",
    "narrative": "narrative", "text": "narrative", "qualitative": "narrative",
    "ordinal": "ordinal", "scale": "ordinal",
    "milestone": "milestone", "yes/no": "yes_no", "yes_no": "yes_no", "yes no": "yes_no", "boolean": "yes_no",
}
YES = {"yes", "y", "true", "1", "done", "met", "achieved", "oui", "sí", "si"}
NO = {"no", "n", "false", "0", "not met", "not done", "non"}


@cache
def _translations(languages: tuple[str, ...], english: tuple[str, ...]) -> dict[str, str]:
    """The words of each of ``english`` (texts marked for translation) in each of ``languages`` -> the English text."""
    found: dict[str, str] = {}
    for code in languages:
        with i18n.using(code):
            for text in english:
                found.setdefault(word(i18n._(text)), text)
    return found


def in_english(said: str, english: Iterable[str]) -> str | None:
    """Which of ``english`` (tocmap's own headings, kind names...) the words ``said`` are, in any language tocmap
    offers; None when they are none of them. A file exported in French or Spanish reads back like one in English.

    Examples
    --------
    >>> with i18n.using("fr"):
    ...     i18n._("Outcome")
    'Effet'
    >>> in_english("effet", ["Outcome", "Output"]), in_english("nothing", ["Outcome"])
    ('Outcome', None)
    """
    return _translations(tuple(i18n.available()), tuple(english)).get(word(said)) if said else None


def element_kind(said: Any) -> ElementKind | None:
    """The element kind a cell names, in tocmap's words in any language or another tool's ("goal", "activity")."""
    found = KIND_WORDS.get(word(said))
    if found is None and (title := in_english(word(said), KIND_TITLES.values())):
        found = KIND_WORDS.get(word(title))
    return found


def link_kind(said: Any) -> LinkKind | None:
    """The link kind a cell names, in tocmap's words in any language or another tool's ("leads to")."""
    found = LINK_WORDS.get(word(said))
    if found is None and (title := in_english(word(said), LINK_TITLES.values())):
        found = LINK_WORDS.get(word(title))
    return found


def word(value: Any) -> str:
    """A cell or attribute as lower-case words with single spaces ('' for nothing).

    Examples
    --------
    >>> word("  External_Factor "), word(None)
    ('external factor', '')
    """
    if value is None:
        return ""
    return re.sub(r"[\s_]+", " ", str(value)).strip().lower()


def text(value: Any) -> str:
    """A cell or attribute as text, stripped; numbers without a trailing '.0'.

    Examples
    --------
    >>> text(3.0), text(" a "), text(None), text(2.5)
    ('3', 'a', '', '2.5')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def split(value: Any, separator: str = "|") -> list[str]:
    """A list written in one cell ("a|b"), or a list already; empty parts dropped.

    Examples
    --------
    >>> split("data | district||"), split(["a", " b "]), split(None)
    (['data', 'district'], ['a', 'b'], [])
    """
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [text(v) for v in value if text(v)]
    return [part.strip() for part in text(value).split(separator) if part.strip()]


def json_list(value: Any, where: str) -> list:
    """A list stored as JSON text in a graph attribute (a plain string is one item)."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    raw = str(value).strip()
    if raw.startswith("["):
        try:
            parsed = json.loads(raw)
        except (ValueError, RecursionError):
            raise InvalidInput(_("{where}: “{text}” is not a valid JSON list.", where=where, text=raw[:60])) from None
        if isinstance(parsed, list):
            return parsed
    return split(raw)


#: Words and signs that say a link's polarity. Two signs (Kumu's ``+-`` "more causes less")
#: multiply: ``++`` and ``--`` are positive, ``+-`` and ``-+`` negative.
POLARITY_WORDS = {
    "+": "+", "-": "-", "−": "-", "positive": "+", "negative": "-", "pos": "+", "neg": "-",
    "same": "+", "opposite": "-", "s": "+", "o": "-", "reinforcing": "+", "increases": "+", "decreases": "-",
}


def polarity(value: Any) -> str | None:
    """The polarity (``+`` or ``-``) a word or sign says, or None when it says none.

    Examples
    --------
    >>> [polarity(v) for v in ["+", "--", "+-", "-+", "++", "Negative", "opposite", "contributes to", ""]]
    ['+', '+', '-', '-', '+', '-', '-', None, None]
    """
    said = word(value).replace("−", "-").replace(" ", "")
    if said in POLARITY_WORDS:
        return POLARITY_WORDS[said]
    if said and set(said) <= {"+", "-"} and len(said) <= 3:
        return "-" if said.count("-") % 2 else "+"
    return None


_MACRO = r"\[\[\s*[\w-]+/[^\]|]*\]\]"  # [[list/loops]], [[list/elements]]: lists Kumu draws
_MACRO_LINE = re.compile(rf"^[ \t]*{_MACRO}[ \t]*(?:\r?\n|$)", re.MULTILINE)
_WIKI_LINK = re.compile(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")  # [[label]] or [[text|target]]


def clean_markup(value: Any) -> str:
    """Kumu description markup taken out: list macros dropped, wiki links kept as their text.

    Examples
    --------
    >>> clean_markup("Loops:\\n[[list/loops]]\\nSee [[Debt]] and [[the cycle|#loop-1]].")
    'Loops:\\nSee Debt and the cycle.'
    """
    said = text(value)
    if "[[" not in said:
        return said
    said = re.sub(_MACRO, "", _MACRO_LINE.sub("", said))
    return _WIKI_LINK.sub(lambda m: m.group(1).strip(), said).strip()


def number(value: Any) -> float | None:
    """A number from a cell or attribute, tolerating what people type ("1,200", "45 %", "£3,500").

    Examples
    --------
    >>> number("1,200"), number("45 %"), number("£3,500,000"), number(7), number("about ten"), number("")
    (1200.0, 45.0, 3500000.0, 7.0, None, None)
    >>> number("-2.5"), number("1.234,5")
    (-2.5, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    raw = re.sub(r"[\s\u00a0]", "", str(value))
    raw = re.sub(r"^[£$€¥₹]|^[A-Z]{3}|%$|[A-Z]{3}$", "", raw)
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", raw):
        raw = raw.replace(",", "")
    try:
        result = float(raw)
    except ValueError:
        return None
    return result if result == result and abs(result) != float("inf") else None


def currency_symbol(value: Any) -> str | None:
    """The ISO currency code a value is written in, if it shows one ("£3,500" -> "GBP")."""
    raw = str(value or "").strip()
    symbols = {"£": "GBP", "$": "USD", "€": "EUR", "¥": "JPY", "₹": "INR"}
    if raw[:1] in symbols:
        return symbols[raw[:1]]
    match = re.match(r"^([A-Z]{3})\s*[-+\d]", raw) or re.search(r"\d\s*([A-Z]{3})$", raw)
    return match.group(1) if match else None


def date(value: Any, where: str) -> dt.date | None:
    """A date from a cell (a date, a datetime, or ISO text such as 2024-06-30)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        raise InvalidInput(_("{where}: {raw} is not a date; write it as YYYY-MM-DD, e.g. 2024-06-30.", where=where, raw=repr(raw))) from None


def value(measure: str, raw: Any, scale: list[str], where: str) -> float | bool | str | None:
    """An indicator value read from a cell, according to the indicator's measure."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if measure in QUANTITATIVE:
        result = number(raw)
        if result is None:
            raise InvalidInput(_("{where}: “{text}” is not a number.", where=where, text=text(raw)))
        return result
    if measure in ("yes_no", "milestone"):
        if isinstance(raw, bool):
            return raw
        said = word(raw)
        if said in YES:
            return True
        if said in NO:
            return False
        raise InvalidInput(_("{where}: “{text}” is not yes or no.", where=where, text=text(raw)))
    if measure == "ordinal":
        said = text(raw)
        for level in scale:
            if level.lower() == said.lower():
                return level
        raise InvalidInput(_("{where}: “{text}” is not one of the scale's levels ({levels}).", where=where, text=said,
                             levels=", ".join(scale)))
    return text(raw)


def measure(raw: Any, where: str) -> str:
    """An indicator measure from a cell ("Percentage", "yes/no")."""
    said = word(raw)
    if not said:
        return "number"
    if said in MEASURE_WORDS:
        return MEASURE_WORDS[said]
    raise InvalidInput(_("{where}: “{text}” is not a measure; use number, percentage, currency, narrative, ordinal, "
                         "milestone or yes/no.", where=where, text=text(raw)))


#: What the note of an import says when a file of connections only brought the elements they name
#: (a file that lists elements is refused instead when a connection names one it lacks).
NAMED_BY_LINKS = N_("the file lists no elements: an outcome was added for each name its connections use")


class Skipped:
    """What an import left out, counted so that a thousand alike make one sentence."""

    def __init__(self) -> None:
        self.counts: Counter[tuple] = Counter()
        self.examples: dict[tuple, str] = {}

    def add(self, what: str, example: str = "", count: int = 1, **values: object) -> None:
        """Count one thing left out: ``what`` is marked with ``N_`` and filled from ``values`` when said;
        ``example`` is already in the reader's language."""
        kind = (what, tuple(sorted(values.items())))
        self.counts[kind] += count
        if example and kind not in self.examples:
            self.examples[kind] = example

    def sentences(self) -> list[str]:
        """One sentence per kind of thing left out, with how many and one example."""
        result = []
        for kind, count in self.counts.items():
            what, values = kind
            example, said = self.examples.get(kind), _(what, **dict(values))  # ``what`` is marked where it is added
            if count > 1 and example:
                result.append(_("{what} ({n} times), e.g. {example}", what=said, n=count, example=example))
            elif count > 1:
                result.append(_("{what} ({n} times)", what=said, n=count))
            elif example:
                result.append(_("{what}, e.g. {example}", what=said, example=example))
            else:
                result.append(said)
        return result


class Partners:
    """Resolves what a file names a partner by (id, short name or name) to the partner's id."""

    def __init__(self, partnership: Partnership):
        self.partnership = partnership
        self.lookup: dict[str, str] = {}
        for p in partnership.partners:
            for key in (p.name, p.short_name, p.id):
                if key:
                    self.lookup[key.strip().lower()] = p.id

    def one(self, raw: Any, where: str) -> str | None:
        said = text(raw)
        if not said:
            return None
        found = self.lookup.get(said.lower())
        if found is None:
            names = ", ".join(p.short_name or p.name for p in self.partnership.partners) or "none listed"
            raise InvalidInput(_("{where}: {said} is not a partner of this map (partners: {names}).", where=where, said=repr(said), names=names))
        return found

    def many(self, raw: Any, where: str) -> list[str]:
        return [self.one(part, where) for part in split(raw)]


def partner_id(name: str, taken: set[str]) -> str:
    """A readable partner id made from a name, unique among ``taken``.

    Examples
    --------
    >>> partner_id("World Health Organization", {"world-health-organization"})
    'world-health-organization-2'
    """
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "partner"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def item_id(raw: Any, prefix: str, taken: set[str]) -> str:
    """The id a file gives an item when tocmap can use it as is, else a new one."""
    said = text(raw)
    if said and ID_PATTERN.match(said) and said not in taken:
        taken.add(said)
        return said
    while True:
        fresh = new_id(prefix)
        if fresh not in taken:
            taken.add(fresh)
            return fresh


def shorten(label: str, limit: int = LABEL_MAX) -> str:
    """A label cut to fit, ending with an ellipsis when cut.

    Examples
    --------
    >>> shorten("abcdef", 4)
    'abc…'
    """
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def model(cls: type[BaseModel], data: dict, where: str):
    """Validate one item, naming where it came from when it is not valid."""
    try:
        return cls.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(_("{field}: {problem}", field=where, problem=explain(error))) from None


#: The limits of the import being read (see :func:`importing_within`); the defaults outside one.
_IMPORT_LIMITS: contextvars.ContextVar[Limits] = contextvars.ContextVar("tocmap_import_limits", default=Limits())


@contextlib.contextmanager
def importing_within(limits: Limits) -> Iterator[None]:
    """Within this block, :func:`check_size` applies ``limits`` (the instance's settings)."""
    token = _IMPORT_LIMITS.set(limits)
    try:
        yield
    finally:
        _IMPORT_LIMITS.reset(token)


def check_size(elements: int, links: int = 0, indicators: int = 0, observations: int = 0) -> None:
    """Refuse a file with more items than one import may bring.

    Readers call it as soon as they can count, before building anything from the items.
    """
    problem = import_size_problem(elements, links, _IMPORT_LIMITS.get())
    if problem:
        raise InvalidInput(problem)
    if indicators > MAX_INDICATORS:
        raise InvalidInput(_("The file has {count} indicators; one import may bring at most {limit}.",
                             count=format_number(indicators), limit=format_number(MAX_INDICATORS)))
    if observations > MAX_OBSERVATIONS:
        raise InvalidInput(_("The file has {count} observations; one import may bring at most {limit}.",
                             count=format_number(observations), limit=format_number(MAX_OBSERVATIONS)))


def finish(title: str, description: str, partnership: Partnership, elements: list, links: list,
           indicators: list, source: str, revision: int = 0, snapshots: list | None = None) -> MapDocument:
    """The map document of an import, after the limits and every cross-reference are checked."""
    check_size(len(elements), len(links), len(indicators), sum(len(i.observations) for i in indicators))
    data = dict(title=shorten(title or "Imported map"), description=description[:5000], partnership=partnership,
                revision=revision, elements=elements, links=links, indicators=indicators, snapshots=snapshots or [])
    document = MapDocument.model_construct(**data)
    problems = integrity_problems(document.state()) + partner_problems(document.state(), partnership.known_ids())
    if problems:
        raise InvalidInput(_("{source} does not describe a valid map: {problems}.", source=source,
                             problems="; ".join(problems[:3])))
    try:
        return MapDocument.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(_("{source} does not describe a valid map: {problems}.", source=source,
                             problems=explain(error))) from None


def new_partnership(name: str, partners: list[Partner] | None = None) -> Partnership:
    """A fresh partnership for a file that does not name one."""
    return Partnership(id=new_id("ps"), name=shorten(name or "Imported partnership"), partners=partners or [])


class PartnerNames:
    """Resolves partner names in a file; for files from other tools, unknown names become new partners.

    ``fixed`` files (written by tocmap, with their partnership) must name known partners;
    others get a partner for each new name, up to the limit of 20.
    """

    def __init__(self, partnership: Partnership, fixed: bool, skipped: Skipped):
        self.partnership, self.fixed, self.skipped = partnership, fixed, skipped
        self.known = Partners(partnership)

    def one(self, raw: Any, where: str) -> str | None:
        said = text(raw)
        if not said:
            return None
        try:
            return self.known.one(said, where)
        except InvalidInput:
            if self.fixed:
                raise
        if len(self.partnership.partners) >= 20:
            raise InvalidInput(_("{where}: the file names more than 20 partners; a partnership has at most 20.", where=where))
        partner = Partner(id=partner_id(said, self.partnership.known_ids()), name=shorten(said))
        self.partnership.partners.append(partner)
        self.known = Partners(self.partnership)
        self.skipped.add(N_("a partner was added for an owner or agreeing party the file names"), f"“{said}”")
        return partner.id

    def many(self, raw: Any, where: str) -> list[str]:
        return [p for p in (self.one(part, where) for part in (raw if isinstance(raw, list) else split(raw))) if p]


def map_type(value: Any) -> str | None:
    """The map type a file says ("Systems map (causal loops...)", "systems_map"), or None.

    Examples
    --------
    >>> map_type("Systems map (causal loops, stakeholders)"), map_type("theory of change"), map_type("")
    ('systems_map', 'theory_of_change', None)
    """
    said = word(value).replace("_", " ")
    titles = {MAP_TYPE_TITLES.source(key): key for key in MAP_TYPE_TITLES}
    if (title := in_english(said, titles)) is not None:
        return titles[title]
    if said.startswith("systems map") or said in ("system map", "causal loop diagram", "cld"):
        return "systems_map"
    if said.startswith(("theory of change", "results chain", "toc")):
        return "theory_of_change"
    return None


def with_systems(document: MapDocument, type_said: Any, loops: list[tuple], skipped: Skipped) -> MapDocument:
    """The document with the map type and named loops a file gives (``(id, name, description, link ids)``).

    A loop naming links that are not on the map is left out, and the note says so.
    """
    links = {link.id for link in document.links}
    taken: set[str] = set()
    named = []
    for key, name, description, members in loops:
        members = [text(m) for m in members if text(m)]
        if not text(name) or not members or not set(members) <= links or len(set(members)) != len(members):
            skipped.add(N_("a named loop whose links are not all on the map was left out"), f"“{text(name)[:40]}”")
            continue
        named.append(NamedLoop(id=item_id(key, "loop", taken), name=shorten(text(name)),
                               description=clean_markup(description)[:5000], links=members))
    kind = map_type(type_said)
    if type_said and kind is None:
        skipped.add(N_("a map type tocmap does not know was read as a theory of change"), f"“{text(type_said)[:40]}”")
    return document.model_copy(update={"map_type": kind or "theory_of_change", "loops": named})


def with_display(document: MapDocument, said: Any, skipped: Skipped) -> MapDocument:
    """The document with what sizes and colours its elements, as the file says (JSON text or an object).

    Call it once the document has its fields: a setting naming a field it does not have, or one of
    the wrong type, is left out and the note says so.
    """
    if isinstance(said, str):
        try:
            said = json.loads(said) if said.strip() else None
        except ValueError:
            said = {"unreadable": said}
    if not said:
        return document
    try:
        display = FieldDisplay.model_validate(said)
    except ValueError:
        display = None
    if display is None or display_problems({f.id: f for f in document.fields}, display):
        skipped.add(N_("what sized or coloured the map named a field it cannot use, and was left out"))
        return document
    return document.model_copy(update={"display": display})


class CustomFields:
    """Values of fields a file carries beyond tocmap's own (Kumu's custom fields, extra columns, attributes).

    Collect them with :meth:`add` while reading; :meth:`apply` then defines one field per name
    (number when every value is a number, date when every value is an ISO date, text
    otherwise; or as the file defines them) and puts the values on the elements and links.
    """

    def __init__(self, defined: list | None = None):
        self.values: dict[tuple[str, str], dict[str, Any]] = {}  # (kind, item id) -> {name: raw}
        self.names: dict[str, set[str]] = {}  # name -> kinds of item that carry it
        self.defined = {d.name.casefold(): d for d in (FieldDefinition.model_validate(x) for x in defined or [])}

    def add(self, kind: str, item_id: str, name: str, raw: Any) -> None:
        if isinstance(raw, list):
            raw = ", ".join(text(part) for part in raw)
        if isinstance(raw, dict):
            return
        said = raw if isinstance(raw, int | float) and not isinstance(raw, bool) else text(raw)
        if said == "" or said is None or not text(name):
            return
        self.values.setdefault((kind, item_id), {})[text(name)] = said
        self.names.setdefault(text(name), set()).add(kind)

    def definitions(self) -> dict[str, FieldDefinition]:
        """Field name -> definition, for every name seen (the file's own definitions first)."""
        found: dict[str, FieldDefinition] = {}
        taken = {d.id for d in self.defined.values()}
        for name, kinds in self.names.items():
            if name.casefold() in self.defined:
                found[name] = self.defined[name.casefold()]
                continue
            raws = [v[name] for v in self.values.values() if name in v]
            kind = "number" if all(number(r) is not None for r in raws) else (
                "date" if all(_iso_date(r) for r in raws) else "text")
            key = field_key(word(name), taken)
            taken.add(key)
            applies = "both" if len(kinds) > 1 else f"{next(iter(kinds))}s"
            found[name] = FieldDefinition(id=key, name=shorten(name), type=kind, applies_to=applies)
        return found

    def apply(self, document: MapDocument, skipped: Skipped) -> MapDocument:
        """The document with the fields defined and their values on its elements and links."""
        if not self.names:
            return document
        definitions = self.definitions()
        for name, field in definitions.items():
            if name.casefold() not in self.defined:
                skipped.add(N_("“{name}” became one of the map's own fields ({type})"), name=name, type=_(FIELD_TYPE_TITLES[field.type]).lower())
        custom: dict[tuple[str, str], dict[str, Any]] = {}
        for (kind, item_id), values in self.values.items():
            for name, raw in values.items():
                field = definitions[name]
                value = number(raw) if field.type == "number" else text(raw)
                if value is None or field.problem(value):
                    skipped.add(N_("a value that does not fit the field “{field}” was left out"), f"“{text(raw)[:40]}”",
                                field=field.name)
                    continue
                custom.setdefault((kind, item_id), {})[field.id] = value
        elements = [e.model_copy(update={"custom": custom.get(("element", e.id), {})}) for e in document.elements]
        links = [lk.model_copy(update={"custom": custom.get(("link", lk.id), {})}) for lk in document.links]
        fields = list({f.id: f for f in definitions.values()}.values())
        return document.model_copy(update={"elements": elements, "links": links, "fields": fields})


def _iso_date(raw: Any) -> bool:
    if isinstance(raw, dt.date):
        return True
    try:
        dt.date.fromisoformat(text(raw))
    except ValueError:
        return False
    return True


def custom_cells(fields: dict, item) -> dict[str, Any]:
    """An item's field values by field name, for files that show fields as named columns or attributes."""
    return {fields[key].name: value for key, value in item.custom.items() if key in fields}
