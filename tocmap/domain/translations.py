"""A map in several languages: which texts can be translated, which one a reader sees, what is missing.

A map's texts are written in its source language (:attr:`MapState.language`). Each text a
partnership writes (element label and description, link label and rationale, indicator name
and definition, purpose, principles, responsibilities, learning entries, the map's title and
description) can hold one translation per language (``translations`` on the item), made by a
:class:`~tocmap.domain.changes.Translate` change. A translation keeps the fingerprint of the
source text it translates: when the source text changes, the translation *needs review*.

Pure functions: :func:`shown` (one text in a reader's language, with the marks to show),
:func:`read_in` (the whole map in one language: what the canvas, search and exports use),
:func:`map_languages`, :func:`texts` and :func:`gaps` (what a translator has to do).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

from babel import Locale, UnknownLocaleError
from pydantic import TypeAdapter, ValidationError

from tocmap.domain.errors import InvalidInput
from tocmap.domain.field_names import field_name
from tocmap.domain.model import (
    Element,
    Indicator,
    LearningEntry,
    Link,
    MapState,
    Principle,
    Purpose,
    Responsibility,
    Translatable,
    Translation,
    Translations,
    explain,
    fingerprint,
)
from tocmap.domain.swot import Card
from tocmap.domain.text import checked_text
from tocmap.i18n import N_, _, current

#: What can be translated, and which of its fields (in the order a translator meets them).
TRANSLATABLE: dict[str, tuple[str, ...]] = {
    "map": ("title", "description"),
    "purpose": ("text",),
    "principle": ("text",),
    "responsibility": ("text",),
    "element": ("label", "description"),
    "link": ("label", "rationale"),
    "indicator": ("name", "definition"),
    "learning": ("text",),
    "swot": ("text",),  # a SWOT card: kept beside its exercise, not in the map (see services.swot)
}
#: The model of each kind (whose field types a translation must fit).
MODELS: dict[str, type[Translatable]] = {
    "map": MapState, "purpose": Purpose, "principle": Principle, "responsibility": Responsibility,
    "element": Element, "link": Link, "indicator": Indicator, "learning": LearningEntry, "swot": Card,
}
#: The fields' names as shown beside a text (marked here, translated where shown).
FIELD_TITLES = {
    "title": N_("title"), "description": N_("description"), "text": N_("text"), "label": N_("label"),
    "rationale": N_("rationale"), "name": N_("name"), "definition": N_("definition"),
}
TranslatableKind = Literal["map", "purpose", "principle", "responsibility", "element", "link", "indicator", "learning"]
Status = Literal["missing", "needs_review", "done"]


# --------------------------------------------------------------------------- languages


def primary(language: str) -> str:
    """The language without its region or script ("pt" for "pt-br").

    Examples
    --------
    >>> primary("pt-BR"), primary("fr")
    ('pt', 'fr')
    """
    return language.split("-")[0].lower()


def language_name(language: str) -> str:
    """A language's name in the reader's language ("French" for an English reader, "anglais" for a French one).

    Examples
    --------
    >>> language_name("fr"), language_name("xx-unknown")
    ('French', 'xx-unknown')
    """
    return _language_name(language, current())


@cache
def _language_name(language: str, reader: str) -> str:
    try:
        return Locale.parse(language.replace("-", "_")).get_display_name(reader) or language
    except (ValueError, TypeError, UnknownLocaleError):
        return language


def map_languages(state: MapState, partner_languages: Iterable[str] = ()) -> list[str]:
    """The map's languages: its source language, its partners' working languages, then any it has translations in.

    Examples
    --------
    >>> state = MapState(title="m", translations={"es": {"title": Translation(text="mapa", of="00000000")}})
    >>> map_languages(state, ["fr", "", "EN", "fr"])
    ['en', 'fr', 'es']
    """
    found = [state.language, *(tag.strip().lower() for tag in partner_languages)]
    found += [language for _kind, _id, item in translatable_items(state) for language in item.translations]
    return [tag for tag in dict.fromkeys(found) if tag]


# --------------------------------------------------------------------------- one text


@dataclass(frozen=True)
class Shown:
    """A text as one reader sees it: in which language, and whether to mark it.

    ``fallback``: the reader's language has no translation, so the source text is shown.
    ``needs_review``: the translation was made from an earlier source text.
    """

    text: str
    language: str
    fallback: bool = False
    needs_review: bool = False


def translation_in(item: Translatable, language: str) -> dict[str, Translation]:
    """The item's translated fields in a language: that exact language, else one of the same primary language."""
    found = item.translations.get(language.lower())
    if found is not None:
        return found
    wanted = primary(language)
    return next((t for tag, t in sorted(item.translations.items()) if primary(tag) == wanted), {})


def reads_source(language: str, source: str) -> bool:
    """True when a reader of ``language`` reads a map written in ``source`` as it is."""
    return primary(language) == primary(source)


def shown(item: Translatable, field: str, language: str, source: str = "en") -> Shown:
    """One text of an item for a reader of ``language``, on a map written in ``source``.

    Examples
    --------
    >>> e = Element(id="o", kind="outcome", label="Better data",
    ...             translations={"fr": {"label": Translation(text="Meilleures données", of=fingerprint("Better data"))}})
    >>> shown(e, "label", "fr")
    Shown(text='Meilleures données', language='fr', fallback=False, needs_review=False)
    >>> shown(e, "label", "es")
    Shown(text='Better data', language='en', fallback=True, needs_review=False)
    >>> shown(e.model_copy(update={"label": "Better use of data"}), "label", "fr").needs_review
    True
    """
    text = getattr(item, field)
    exact = item.translations.get(language.lower(), {}).get(field)
    if exact is None and reads_source(language, source):
        return Shown(text, source)
    found = exact or translation_in(item, language).get(field)
    if found is None:
        return Shown(text, source, fallback=bool(text))
    tag = language.lower() if exact else next(t for t, fields in item.translations.items() if fields.get(field) is found)
    return Shown(found.text, tag, needs_review=found.of != fingerprint(text))


# --------------------------------------------------------------------------- the whole map


def translatable_items(state: MapState) -> Iterator[tuple[str, str, Translatable]]:
    """Every item of a map that holds texts, as (kind, id, item); the map itself first (id ``map``)."""
    yield "map", "map", state
    yield "purpose", "purpose", state.purpose
    for kind, table in (("principle", state.principles), ("responsibility", state.responsibilities),
                        ("element", state.elements), ("link", state.links), ("indicator", state.indicators),
                        ("learning", state.learning)):
        for item_id, item in table.items():
            yield kind, item_id, item


def item_of(state: MapState, kind: str, item_id: str) -> Translatable | None:
    """The item a translation is about (None when there is none)."""
    if kind == "map":
        return state if item_id == "map" else None
    if kind == "purpose":
        return state.purpose if item_id == "purpose" else None
    tables = {"principle": state.principles, "responsibility": state.responsibilities, "element": state.elements,
              "link": state.links, "indicator": state.indicators, "learning": state.learning}
    return tables[kind].get(item_id) if kind in tables else None


def _in(item: Any, kind: str, language: str) -> Any:
    translated = translation_in(item, language)
    update = {field: t.text for field, t in translated.items() if field in TRANSLATABLE[kind]}
    return item.model_copy(update=update) if update else item


def read_in(state: MapState, language: str) -> MapState:
    """The map with every text in ``language`` where a translation exists (the source text elsewhere).

    Translations that need review are used too: the reader's own language, marked where it is
    shown one by one (:func:`shown`). Ids, links and everything else stay as they are.

    Examples
    --------
    >>> e = Element(id="o", kind="outcome", label="Better data",
    ...             translations={"fr": {"label": Translation(text="Meilleures données", of="00000000")}})
    >>> state = MapState(title="Health", elements={"o": e})
    >>> read_in(state, "fr").elements["o"].label, read_in(state, "es").elements["o"].label
    ('Meilleures données', 'Better data')
    >>> read_in(state, "en") is state
    True
    """
    if reads_source(language, state.language):
        return state
    tables = {}
    for kind, name in (("principle", "principles"), ("responsibility", "responsibilities"), ("element", "elements"),
                       ("link", "links"), ("indicator", "indicators"), ("learning", "learning")):
        table = getattr(state, name)
        if any(item.translations for item in table.values()):
            tables[name] = {item_id: _in(item, kind, language) for item_id, item in table.items()}
    return _in(state, "map", language).model_copy(update={"purpose": _in(state.purpose, "purpose", language), **tables})


def read_text(item: Translatable, field: str) -> str:
    """One text as the reader of this request reads it: translated into their language if it is, else as written.

    Examples
    --------
    >>> from tocmap.i18n import using
    >>> card = Card(id=1, partner="moh", quadrant="threat", text="Budget cuts",
    ...             translations={"fr": {"text": Translation(text="Coupes budgétaires", of="00000000")}})
    >>> with using("fr"):
    ...     read_text(card, "text")
    'Coupes budgétaires'
    >>> read_text(card, "text")
    'Budget cuts'
    """
    found = translation_in(item, current()).get(field)
    return found.text if found else getattr(item, field)


def as_read(state: MapState) -> MapState:
    """The map as the reader of this request reads it (:func:`read_in` their interface language)."""
    return read_in(state, current())


# --------------------------------------------------------------------------- what a translator does


@dataclass(frozen=True)
class TextToTranslate:
    """One text of the map beside its translation in one language."""

    kind: str
    id: str
    field: str
    source: str
    translation: str
    status: Status
    about: str = ""  # what the text belongs to, for a text that does not say it itself

    @property
    def key(self) -> str:
        """A stable key for the row ("element:o1:label")."""
        return f"{self.kind}:{self.id}:{self.field}"


def status_of(item: Translatable, field: str, language: str) -> Status:
    """Whether a text has a translation in ``language``, and whether it still matches its source.

    Examples
    --------
    >>> e = Element(id="o", kind="outcome", label="Data",
    ...             translations={"fr": {"label": Translation(text="Données", of=fingerprint("Data"))}})
    >>> status_of(e, "label", "fr"), status_of(e, "description", "fr"), status_of(e, "label", "es")
    ('done', 'missing', 'missing')
    """
    found = item.translations.get(language.lower(), {}).get(field)
    if found is None:
        return "missing"
    return "done" if found.of == fingerprint(getattr(item, field)) else "needs_review"


def texts(state: MapState, language: str) -> list[TextToTranslate]:
    """Every text of the map (empty ones left out) with its translation in ``language`` and its status.

    A link's row says which link it is (its ends, in ``language`` where they are translated).

    Examples
    --------
    >>> state = MapState(title="Health", elements={"o": Element(id="o", kind="outcome", label="Data")})
    >>> [(t.key, t.status) for t in texts(state, "fr")]
    [('map:map:title', 'missing'), ('element:o:label', 'missing')]
    """
    rows, names = [], read_in(state, language)  # a link is named by its ends as the translator reads them
    for kind, item_id, item in translatable_items(state):
        about = names.label_of(item.source) + " → " + names.label_of(item.target) if kind == "link" else ""
        for field in TRANSLATABLE[kind]:
            source = getattr(item, field)
            if not source:
                continue
            found = item.translations.get(language.lower(), {}).get(field)
            rows.append(TextToTranslate(kind, item_id, field, source, found.text if found else "",
                                        status_of(item, field, language), about))
    return rows


def gaps(state: MapState, language: str) -> list[TextToTranslate]:
    """The texts a translator still has to write (missing) or to check (needs review) in ``language``."""
    if language.lower() == state.language:
        return []
    return [t for t in texts(state, language) if t.status != "done"]


def gap_counts(state: MapState, languages: Iterable[str]) -> dict[str, dict[str, int]]:
    """Per language other than the source: how many texts are missing, need review, are done.

    Examples
    --------
    >>> gap_counts(MapState(title="Health"), ["en", "fr"])
    {'fr': {'missing': 1, 'needs_review': 0, 'done': 0}}
    """
    counts = {}
    for language in languages:
        if language.lower() == state.language:
            continue
        rows = texts(state, language)
        counts[language] = {status: sum(r.status == status for r in rows) for status in ("missing", "needs_review",
                                                                                          "done")}
    return counts


def translated_languages(state: MapState, field: str = "label") -> list[str]:
    """The languages other than the map's that some element has this text translated into."""
    found = {tag for e in state.elements.values() for tag, fields in e.translations.items() if field in fields}
    return sorted(found - {state.language})


def same_labels(state: MapState, language: str, normal=lambda label: " ".join(label.casefold().split())
                ) -> list[list[str]]:
    """Elements a reader of ``language`` sees under one label (as ``normal`` compares them), in the map's order.

    Only groups with a translated label count: the others read as in the source language.

    Examples
    --------
    >>> t = {"fr": {"label": Translation(text="Données", of="00000000")}}
    >>> state = MapState(title="m", elements={"a": Element(id="a", kind="output", label="Data", translations=t),
    ...     "b": Element(id="b", kind="output", label="Figures", translations=t),
    ...     "c": Element(id="c", kind="output", label="Données")})
    >>> same_labels(state, "fr")
    [['a', 'b', 'c']]
    """
    groups: dict[str, list[tuple[str, bool]]] = {}
    for element in state.elements.values():
        found = element.translations.get(language, {}).get("label")
        groups.setdefault(normal(found.text if found else element.label), []).append((element.id, found is not None))
    return [[i for i, _t in group] for _label, group in sorted(groups.items())
            if len(group) > 1 and any(translated for _i, translated in group)]


# --------------------------------------------------------------------------- checking a translation


@cache
def _field_type(kind: str, field: str) -> TypeAdapter:
    info = MODELS[kind].model_fields[field]
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation)


def translation_text(kind: str, field: str, text: str) -> str:
    """A translation as it is kept: checked against the field it translates (length, characters), spaces trimmed.

    An empty text stays empty: it takes the translation away.

    Examples
    --------
    >>> translation_text("element", "label", "  Meilleures données ")
    'Meilleures données'
    >>> translation_text("element", "label", "x" * 201)
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: translated label: must have at most 200 characters
    """
    if field not in TRANSLATABLE.get(kind, ()):
        raise InvalidInput(_("There is no text “{field}” to translate here.", field=field))
    try:
        text = checked_text(text, field).strip()
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    if not text:
        return ""
    try:
        return _field_type(kind, field).validate_python(text)
    except ValidationError as error:
        raise InvalidInput(explain(error, _("translated {field}", field=field_name(field)))) from None


def retranslated(item: Translatable, kind: str, field: str, language: str, text: str, of: str | None,
                 map_language: str) -> tuple[Translations, Translation | None, Translation | None]:
    """An item's translations once one text is written in ``language`` (taken away when empty).

    Returns them with the translation replaced and the one that replaces it. ``of`` is the
    fingerprint a recorded translation keeps (it replays as it was); None for a translation
    asked for now, which translates the source text of now, in a language other than the map's.

    Examples
    --------
    >>> e = Element(id="o", kind="outcome", label="Data")
    >>> translations, before, after = retranslated(e, "element", "label", "fr", " Données ", None, "en")
    >>> translations["fr"]["label"] == after, after.text, before
    (True, 'Données', None)
    >>> retranslated(e, "element", "label", "en", "Data", None, "en")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: This is the language the map is written in: edit the text itself.
    """
    text = translation_text(kind, field, text)
    source = getattr(item, field)
    if of is None:
        if language == map_language:
            raise InvalidInput(_("This is the language the map is written in: edit the text itself."))
        if text and not source:
            raise InvalidInput(_("There is no text to translate here yet."))
    before = item.translations.get(language, {}).get(field)
    after = Translation(text=text, of=of or fingerprint(source)) if text else None
    if after == before:
        raise InvalidInput(_("This translation is already as you sent it; nothing to change."))
    fields = {f: t for f, t in item.translations.get(language, {}).items() if f != field}
    if after is not None:
        fields[field] = after
    others = {tag: t for tag, t in item.translations.items() if tag != language}
    return ({**others, language: fields} if fields else others), before, after


def translation_summary(label: str, field: str, language: str, removed: bool) -> str:
    """The history line of a translation.

    Examples
    --------
    >>> translation_summary("Better data", "label", "fr", removed=False)
    'Translated “Better data” (label) into French'
    """
    values = {"item": label, "field": _(FIELD_TITLES.get(field, field)), "language": language_name(language)}
    if removed:
        return _("Removed the {language} translation of “{item}” ({field})", **values)
    return _("Translated “{item}” ({field}) into {language}", **values)
