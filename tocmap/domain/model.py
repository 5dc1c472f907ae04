"""The theory-of-change map as pydantic models: partners, elements, links, indicators.

A :class:`MapState` is the content of one map at one revision. It is immutable in
spirit: :mod:`tocmap.domain.changes` derives a new state from an old one and a change.
Validation here is strict (ids, lengths, kinds, references), so whatever reaches storage
is a map that makes sense.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tocmap.domain.errors import InvalidInput
from tocmap.domain.field_names import field_name, field_path
from tocmap.domain.text import checked
from tocmap.i18n import N_, _, ngettext

LABEL_MAX = 200
TEXT_MAX = 5000
TAG_MAX = 50
TAGS_MAX = 30

ItemId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"),
    Field(description="Stable id: letters, digits, '_', '.', ':', '-'; at most 64 characters."),
]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LABEL_MAX)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=TEXT_MAX)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=LABEL_MAX)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TAG_MAX)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
Coordinate = Annotated[float, Field(ge=-1e6, le=1e6, allow_inf_nan=False)]


def new_id(prefix: str) -> str:
    """Return a fresh random id with a readable prefix.

    Examples
    --------
    >>> new_id("el").startswith("el-"), len(new_id("el"))
    (True, 13)
    """
    return f"{prefix}-{secrets.token_hex(5)}"


class Strict(BaseModel):
    """Base of every domain model: unknown fields are errors, assignment is validated, text is plain.

    Every text in every field is checked by :func:`tocmap.domain.text.checked`: control
    characters other than tab and newline are refused, naming the field.

    Examples
    --------
    >>> validated(Element, {"id": "e", "kind": "outcome", "label": "Better\\x00data"}, "element")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: element label: label contains the control character U+0000 (NUL) at position 7
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value: Any, info: ValidationInfo) -> Any:
        return checked(value, info.field_name)


# --------------------------------------------------------------------------- kinds


class TranslatedTitles(Mapping[str, str]):
    """Titles marked with ``N_``, read in the reader's language whenever one is looked up.

    Examples
    --------
    >>> titles = TranslatedTitles({"agreed": N_("agreed")})
    >>> titles["agreed"], dict(titles)
    ('agreed', {'agreed': 'agreed'})
    """

    def __init__(self, titles: dict[str, str]):
        self._titles = titles

    def __getitem__(self, key: str) -> str:
        return _(self._titles[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._titles)

    def __len__(self) -> int:
        return len(self._titles)

    def source(self, key: str) -> str:
        """The English title, as written in the code."""
        return self._titles[key]


class ElementKind(StrEnum):
    """What an element stands for in the theory of change."""

    ACTOR = "actor"
    INTERVENTION = "intervention"
    OUTPUT = "output"
    OUTCOME = "outcome"
    IMPACT = "impact"
    ASSUMPTION = "assumption"
    EXTERNAL_FACTOR = "external_factor"

    @property
    def title(self) -> str:
        """The kind as shown to users, in their language ("External factor")."""
        return _(KIND_TITLES[self.value])

    @property
    def with_article(self) -> str:
        """The kind in a sentence, in the reader's language ("an outcome", "an external factor")."""
        return _(KIND_ARTICLES[self.value])


class LinkKind(StrEnum):
    """What a link says about its two ends."""

    CONTRIBUTES_TO = "contributes_to"  # causal, results chain
    INFLUENCES = "influences"  # one actor influences another
    RELATES_TO = "relates_to"  # looser systems-map connection

    @property
    def title(self) -> str:
        """The kind as shown to users, in their language ("contributes to")."""
        return _(LINK_TITLES[self.value])


#: What each element kind is called on screen (translated where shown: :attr:`ElementKind.title`).
KIND_TITLES: dict[str, str] = {
    "actor": N_("Actor"), "intervention": N_("Intervention"), "output": N_("Output"), "outcome": N_("Outcome"),
    "impact": N_("Impact"), "assumption": N_("Assumption"), "external_factor": N_("External factor"),
}
#: Each element kind in a sentence, with its article (:attr:`ElementKind.with_article`).
KIND_ARTICLES: dict[str, str] = {
    "actor": N_("an actor"), "intervention": N_("an intervention"), "output": N_("an output"),
    "outcome": N_("an outcome"), "impact": N_("an impact"), "assumption": N_("an assumption"),
    "external_factor": N_("an external factor"),
}
#: What each link kind is called on screen (:attr:`LinkKind.title`).
LINK_TITLES: dict[str, str] = {
    "contributes_to": N_("contributes to"), "influences": N_("influences"), "relates_to": N_("relates to"),
}


#: Results-framework level of each kind (0 = top). Other kinds sit outside the chain.
RESULTS_LEVEL: dict[ElementKind, int] = {
    ElementKind.IMPACT: 0,
    ElementKind.OUTCOME: 1,
    ElementKind.OUTPUT: 2,
    ElementKind.INTERVENTION: 3,
}

#: Which element kinds each link kind may join (source kinds, target kinds).
LINK_RULES: dict[LinkKind, tuple[frozenset[ElementKind], frozenset[ElementKind]]] = {
    LinkKind.CONTRIBUTES_TO: (
        frozenset(ElementKind) - {ElementKind.ASSUMPTION},
        frozenset(ElementKind) - {ElementKind.ASSUMPTION},
    ),
    LinkKind.INFLUENCES: (
        frozenset({ElementKind.ACTOR, ElementKind.INTERVENTION, ElementKind.EXTERNAL_FACTOR}),
        frozenset({ElementKind.ACTOR}),
    ),
    LinkKind.RELATES_TO: (
        frozenset(ElementKind) - {ElementKind.ASSUMPTION},
        frozenset(ElementKind) - {ElementKind.ASSUMPTION},
    ),
}

Polarity = Literal["+", "-"]
MapType = Literal["theory_of_change", "systems_map"]

#: What each map type is called on screen (translate where shown: :func:`map_type_title`).
MAP_TYPE_TITLES: TranslatedTitles = TranslatedTitles({
    "theory_of_change": N_("Theory of change (results chain)"),
    "systems_map": N_("Systems map (causal loops, stakeholders)"),
})
#: The words for a confidence, an assumption's status and an item's agreement, to translate where shown.
CONFIDENCE_TITLES: dict[str, str] = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}
ASSUMPTION_STATUS_TITLES: dict[str, str] = {
    "untested": N_("untested"), "holding": N_("holding"), "challenged": N_("challenged"), "disproved": N_("disproved"),
}
AGREEMENT_TITLES: dict[str, str] = {"proposed": N_("proposed"), "agreed": N_("agreed"), "disputed": N_("disputed")}


def map_type_title(map_type: str) -> str:
    """What a map type is called, in the reader's language.

    Examples
    --------
    >>> map_type_title("systems_map")
    'Systems map (causal loops, stakeholders)'
    """
    return _(MAP_TYPE_TITLES[map_type]) if map_type in MAP_TYPE_TITLES else map_type


def status_title(status: str | None) -> str:
    """An assumption status, confidence or agreement in the reader's words ("" for none)."""
    titles = {**CONFIDENCE_TITLES, **ASSUMPTION_STATUS_TITLES, **AGREEMENT_TITLES}
    return _(titles[status]) if status in titles else (status or "")
Confidence = Literal["low", "medium", "high"]
AssumptionStatus = Literal["untested", "holding", "challenged", "disproved"]
Agreement = Literal["proposed", "agreed", "disputed"]


def _unique(values: list[str]) -> list[str]:
    """Drop repeated values, keeping the first of each."""
    return list(dict.fromkeys(values))


# --------------------------------------------------------------------------- people


#: A working language: a language tag such as "en", "fr" or "pt-BR" (or none).
LANGUAGE_TAG = r"([a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*)?"
Language = Annotated[str, StringConstraints(strip_whitespace=True, pattern=rf"^{LANGUAGE_TAG}$")]
#: At most this many partners work together at once (retired ones are kept beside them).
PARTNERS_MAX = 20


class Partner(Strict):
    """An organisation in the partnership, or a group of them ("development partners")."""

    id: ItemId
    name: Label
    short_name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] = ""
    colour: Colour = "#4c6ef5"
    language: Language = Field("", description="The partner's working language, e.g. fr.")
    organisations: list[Label] = Field(default_factory=list, max_length=50,
                                       description="For a group: the organisations in it.")
    merged_into: ItemId | None = Field(None, description="Retired by a merge into this partner.")

    @field_validator("organisations")
    @classmethod
    def _drop_repeats(cls, values: list[str]) -> list[str]:
        return _unique(values)


class Partnership(Strict):
    """The organisations working together on one or more maps.

    ``partners`` are those working together now; ``former`` the retired and merged ones,
    kept so that what they proposed, agreed and answered keeps their name.
    """

    id: ItemId
    name: Label
    partners: list[Partner] = Field(default_factory=list, max_length=PARTNERS_MAX)
    former: list[Partner] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _partner_ids_unique(self) -> Partnership:
        ids = [p.id for p in [*self.partners, *self.former]]
        if len(ids) != len(set(ids)):
            raise ValueError(_("two partners have the same id"))
        return self

    def partner_ids(self) -> set[str]:
        """Ids of the partners working together now: those whose agreement counts."""
        return {p.id for p in self.partners}

    def known_ids(self) -> set[str]:
        """Ids of every partner ever in the partnership, former ones included."""
        return {p.id for p in self.everyone}

    @property
    def everyone(self) -> list[Partner]:
        """Current partners, then former ones: whoever may be named in the record."""
        return [*self.partners, *self.former]

    def find(self, partner_id: str) -> Partner | None:
        """The partner (current or former) with this id."""
        return next((p for p in self.everyone if p.id == partner_id), None)


class Author(Strict):
    """Who makes a change: a user, speaking for one partner (or none)."""

    user_id: int | None = None
    name: Label = "system"
    partner: ItemId | None = None

    @property
    def system(self) -> bool:
        """True only for :class:`SystemAuthor`."""
        return False


class SystemAuthor(Author):
    """The instance itself and the command line (whoever holds the database): every permission.

    Never built from a web request; stored like any author, and read back as a plain one.
    """

    @property
    def system(self) -> bool:
        return True


# --------------------------------------------------------------------------- texts in several languages

#: The language a map's texts are written in, or a translation's: a tag such as "en", "fr" or "pt-br".
TextLanguage = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True,
                                                pattern=r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")]
#: The name of a field that holds a text partners write ("label", "description"...).
TextField = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,39}$")]


def fingerprint(text: str) -> str:
    """A short digest of a source text: a translation keeps the one of the text it translates.

    When the source text changes, the digests differ and the translation needs review.

    Examples
    --------
    >>> fingerprint("Better data"), fingerprint("Better data") == fingerprint("Better use of data")
    ('cc9d6261', False)
    """
    return hashlib.blake2b(text.encode(), digest_size=4).hexdigest()


class Translation(Strict):
    """One text in another language than the map's, with the fingerprint of the source text it translates."""

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX)]
    of: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}$")] = Field(
        description="Fingerprint of the source text it translates (see fingerprint).")


Translations = dict[TextLanguage, dict[TextField, Translation]]


class Translatable(Strict):
    """Something partners write texts on, which can hold one text per language.

    ``translations`` maps a language to the translated fields; it is left out of every
    dump while empty, so that maps without translations read and write as before.
    """

    translations: Translations = Field(default_factory=dict, exclude_if=lambda t: not t,
                                       description="Texts in other languages: language -> field -> translation.")


# --------------------------------------------------------------------------- items


class Agreeable(Strict):
    """Fields shared by everything partners propose and agree: elements, links, indicators."""

    proposed_by: ItemId | None = Field(None, description="Partner that proposed the item.")
    agreed_by: list[ItemId] = Field(default_factory=list, description="Partners that agreed it.")
    disputed_by: list[ItemId] = Field(default_factory=list, description="Partners that dispute it.")

    @field_validator("agreed_by", "disputed_by")
    @classmethod
    def _sorted_partners(cls, partners: list[str]) -> list[str]:
        return sorted(set(partners))

    @model_validator(mode="after")
    def _agree_or_dispute(self) -> Agreeable:
        both = set(self.agreed_by) & set(self.disputed_by)
        if both:
            raise ValueError(_("partner '{partner}' cannot both agree and dispute the same item",
                               partner=sorted(both)[0]))
        return self

    def agreement(self, partner_ids: set[str]) -> Agreement:
        """Agreement status given all partners of the partnership.

        Examples
        --------
        >>> item = Agreeable(agreed_by=["a"])
        >>> item.agreement({"a", "b"}), item.agreement({"a"})
        ('proposed', 'agreed')

        A dispute by a partner no longer in the partnership stays recorded but holds nothing back:

        >>> Agreeable(agreed_by=["a"], disputed_by=["gone"]).agreement({"a"})
        'agreed'
        """
        if self.disputed_by and (not partner_ids or set(self.disputed_by) & partner_ids):
            return "disputed"
        if partner_ids and partner_ids <= set(self.agreed_by):
            return "agreed"
        return "proposed"


class EvidenceSource(Strict):
    """Where a learning entry or evidence note came from, e.g. a health-check round."""

    kind: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
    id: int | ItemId | None = None
    title: ShortText = ""


class EvidenceNote(Strict):
    """A dated note in an assumption's evidence log: what was seen, by whom, for which partner."""

    id: ItemId
    date: dt.date
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX)]
    by: ShortText = ""
    partner: ItemId | None = None
    link: ShortText = Field("", description="A link to the evidence (report, dataset, minutes).")
    source: EvidenceSource | None = None


FieldType = Literal["number", "text", "date", "choice"]
#: Each field type as a person calls it (marked here, translated where shown).
FIELD_TYPE_TITLES: dict[str, str] = {"number": N_("Number"), "text": N_("Text"), "date": N_("Date"), "choice": N_("Choice")}
FieldValue = float | Annotated[str, StringConstraints(strip_whitespace=True, max_length=TEXT_MAX)]
FieldKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]{0,39}$")]


class FieldDefinition(Strict):
    """A field the partnership defines for its elements or links ("Budget", "Priority", "Start")."""

    id: FieldKey
    name: Label
    type: FieldType = "text"
    choices: list[ShortText] = Field(default_factory=list, max_length=100, description="Choice fields: the options.")
    applies_to: Literal["elements", "links", "both"] = "elements"

    def problem(self, value: Any) -> str | None:
        """Why a value does not fit this field, or None when it does.

        Examples
        --------
        >>> FieldDefinition(id="budget", name="Budget", type="number").problem("lots")
        "'Budget' takes a number, not 'lots'"
        """
        if self.type == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
            return _("'{field}' takes a number, not {value}", field=self.name, value=repr(value))
        if self.type in ("text", "date", "choice") and not isinstance(value, str):
            return _("'{field}' takes text, not {value}", field=self.name, value=repr(value))
        if self.type == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return _("'{field}' takes a date (YYYY-MM-DD), not {value}", field=self.name, value=repr(value))
        if self.type == "choice" and value not in self.choices:
            if not self.choices:
                return _("'{field}' has no options yet, so it cannot take {value}", field=self.name, value=repr(value))
            return _("'{field}' takes one of {choices}, not {value}", field=self.name,
                     choices=", ".join(self.choices), value=repr(value))
        return None


class FieldDisplay(Strict):
    """How the map shows its own fields: elements sized by a number field and coloured by a choice field.

    One setting of the map, in its history, so every participant and every picture shows the same.
    """

    size_by: FieldKey | None = Field(None, description="A number field: bigger values, bigger elements.")
    colour_by: FieldKey | None = Field(None, description="A choice field: each option its own colour.")


def display_problems(fields: dict[str, FieldDefinition], display: FieldDisplay) -> list[str]:
    """Why the map cannot be sized or coloured by the fields its display names (empty when it can).

    Examples
    --------
    >>> fields = {"budget": FieldDefinition(id="budget", name="Budget", type="number")}
    >>> display_problems(fields, FieldDisplay(size_by="budget", colour_by="budget"))
    ["the map can be coloured by a choice field only, and 'Budget' is not one"]
    """
    problems = []
    for key, wanted, words in ((display.size_by, "number", N_("the map can be sized by a number field only")),
                               (display.colour_by, "choice", N_("the map can be coloured by a choice field only"))):
        field = fields.get(key) if key else None
        if key and field is None:
            problems.append(_("the map has no field '{field}' to show", field=key))
        elif field is not None and (field.type != wanted or field.applies_to == "links"):
            problems.append(_("{rule}, and '{field}' is not one", rule=_(words), field=field.name))
    return problems


class Element(Agreeable, Translatable):
    """A node of the map: an actor, intervention, output, outcome, impact, assumption or factor."""

    id: ItemId
    kind: ElementKind
    label: Label
    description: Text = ""
    owner: ItemId | None = Field(None, description="Partner that owns the element.")
    tags: list[Tag] = Field(default_factory=list, max_length=TAGS_MAX)
    actor: ItemId | None = Field(None, description="Outcomes: the actor whose change it describes.")
    attached_to: list[ItemId] = Field(
        default_factory=list, description="Assumptions: ids of the elements and links they underpin."
    )
    assumption_status: AssumptionStatus | None = None
    evidence: list[EvidenceNote] = Field(
        default_factory=list, max_length=1000, description="Assumptions: the evidence log, oldest first."
    )
    x: Coordinate | None = None
    y: Coordinate | None = None
    custom: dict[FieldKey, FieldValue] = Field(default_factory=dict, max_length=100,
                                               description="Values of the map's own fields (field id -> value).")

    @field_validator("tags", "attached_to")
    @classmethod
    def _drop_repeats(cls, values: list[str]) -> list[str]:
        return _unique(values)

    @model_validator(mode="after")
    def _kind_specific_fields(self) -> Element:
        if self.actor is not None and self.kind != ElementKind.OUTCOME:
            raise ValueError(_("only an outcome can name the actor whose change it describes"))
        if self.kind != ElementKind.ASSUMPTION:
            if self.attached_to:
                raise ValueError(_("only an assumption can be attached to other elements or links"))
            if self.assumption_status is not None:
                raise ValueError(_("only an assumption has an assumption status"))
            if self.evidence:
                raise ValueError(_("only an assumption has an evidence log"))
        if (self.x is None) != (self.y is None):
            raise ValueError(_("a position needs both x and y"))
        return self


class Link(Agreeable, Translatable):
    """A directed edge between two elements."""

    id: ItemId
    kind: LinkKind = LinkKind.CONTRIBUTES_TO
    source: ItemId
    target: ItemId
    polarity: Polarity = "+"
    confidence: Confidence = "medium"
    label: ShortText = ""
    rationale: Text = ""
    evidence: Text = ""
    custom: dict[FieldKey, FieldValue] = Field(default_factory=dict, max_length=100,
                                               description="Values of the map's own fields (field id -> value).")

    @model_validator(mode="after")
    def _no_self_loop(self) -> Link:
        if self.source == self.target:
            raise ValueError(_("a link must join two different elements"))
        return self


# --------------------------------------------------------------------------- partnership foundations

STATEMENT_MAX = 2000
ITEM_TEXT_MAX = 500
Statement = Annotated[str, StringConstraints(strip_whitespace=True, max_length=STATEMENT_MAX)]
ItemText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ITEM_TEXT_MAX)]


class Purpose(Agreeable, Translatable):
    """The joint purpose statement of the partners on this map; agreed when every partner agreed it."""

    text: Statement = ""


class Principle(Agreeable, Translatable):
    """A partnership principle ("budget decisions are taken jointly"), agreed by every partner."""

    id: ItemId
    text: ItemText


class Responsibility(Agreeable, Translatable):
    """What one partner commits to do, agreed by every partner."""

    id: ItemId
    partner: ItemId = Field(description="The partner who commits.")
    text: ItemText


class Foundations(Strict):
    """Purpose, principles and responsibilities together: what a re-articulation versions."""

    purpose: Purpose = Field(default_factory=Purpose)
    principles: list[Principle] = Field(default_factory=list, max_length=200)
    responsibilities: list[Responsibility] = Field(default_factory=list, max_length=200)


class FoundationVersion(Agreeable):
    """A re-articulation: the foundations as recorded, why, and what they replaced.

    ``agreed_by`` lists the partners that endorsed it. Versions are never edited or deleted
    by a later re-articulation.
    """

    id: ItemId
    number: int = Field(ge=1, le=10_000)
    reason: Label
    recorded_at: dt.datetime
    recorded_by: ShortText = ""
    content: Foundations
    previous: Foundations = Field(default_factory=Foundations)


# --------------------------------------------------------------------------- indicators

Measure = Literal["number", "percentage", "currency", "narrative", "ordinal", "milestone", "yes_no"]
QUANTITATIVE: frozenset[str] = frozenset({"number", "percentage", "currency"})
Value = float | bool | Annotated[str, StringConstraints(strip_whitespace=True, max_length=TEXT_MAX)] | None


class Period(Strict):
    """A reporting period; each indicator may use its own periods."""

    label: ShortText = ""
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(_("the period ends ({end}) before it starts ({start})", end=self.end, start=self.start))
        return self


class Baseline(Strict):
    """Where the indicator stood before the work began."""

    value: Value = None
    date: dt.date | None = None
    note: Text = ""


class Target(Strict):
    """The value hoped for by the end of a period."""

    period: Period
    value: Value
    note: Text = ""


class Disaggregated(Strict):
    """One cell of a disaggregation, e.g. ``{"sex": "female", "age": "15-24"}`` -> 120."""

    dimensions: dict[Annotated[str, StringConstraints(min_length=1, max_length=50)], ShortText]
    value: float = Field(allow_inf_nan=False)


class Observation(Strict):
    """An actual value, with its evidence and who reported it."""

    id: ItemId
    value: Value
    date: dt.date | None = None
    period: Period | None = None
    evidence: Text = ""
    reported_by: ShortText = ""
    partner: ItemId | None = None
    disaggregation: list[Disaggregated] = Field(default_factory=list, max_length=1000)
    note: Text = ""
    definition: int | None = Field(
        None, ge=1, description="Number of the indicator's definition in force when this was recorded (None: 1)."
    )

    @model_validator(mode="after")
    def _dated(self) -> Observation:
        if self.date is None and self.period is None:
            raise ValueError(_("an observation needs a date or a period"))
        return self


#: Indicator fields whose change is a revision of its definition (needs a rationale; earlier one kept).
REVISION_FIELDS: tuple[str, ...] = (
    "definition", "measure", "unit", "currency", "scale", "direction", "aggregation", "targets",
)


class IndicatorRevision(Strict):
    """An earlier definition of an indicator: the fields as they were until it was revised, and why."""

    number: int = Field(ge=1, description="Number of the definition these fields were (the first is 1).")
    date: dt.date = Field(description="When it was replaced.")
    rationale: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX)]
    fields: dict[str, Any] = Field(default_factory=dict, description="The revised fields as they were (JSON).")


class Indicator(Agreeable, Translatable):
    """How progress on one element is measured."""

    id: ItemId
    element: ItemId
    name: Label
    definition: Text = ""
    measure: Measure = "number"
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] = ""
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    direction: Literal["increase", "decrease"] = "increase"
    aggregation: Literal["cumulative", "per_period"] = "per_period"
    scale: list[ShortText] = Field(default_factory=list, max_length=20, description="Ordinal levels, low to high.")
    proxy_for: ShortText | None = Field(None, description="For a proxy indicator: what it stands for.")
    means_of_verification: Text = ""
    data_source: ShortText = ""
    frequency: ShortText = ""
    responsible_partner: ItemId | None = None
    baseline: Baseline | None = None
    targets: list[Target] = Field(default_factory=list, max_length=200)
    observations: list[Observation] = Field(default_factory=list, max_length=10000)
    status: Literal["active", "retired"] = "active"
    revisions: list[IndicatorRevision] = Field(default_factory=list, max_length=500,
                                               description="Earlier definitions, oldest first.")

    @property
    def definition_number(self) -> int:
        """Number of the definition in force now (1 until the first revision)."""
        return len(self.revisions) + 1

    def definition_fields(self, number: int) -> dict[str, Any]:
        """The revisable fields (:data:`REVISION_FIELDS`) as they were in definition ``number`` (JSON values).

        Examples
        --------
        >>> i = Indicator(id="i", element="e", name="n", unit="districts", revisions=[
        ...     IndicatorRevision(number=1, date="2025-01-01", rationale="Count", fields={"unit": "%"})])
        >>> i.definition_fields(1)["unit"], i.definition_fields(2)["unit"]
        ('%', 'districts')
        """
        fields = {f: getattr(self, f) for f in REVISION_FIELDS}
        if number < self.definition_number:
            fields = self.model_dump(mode="json", include=set(REVISION_FIELDS))
            for revision in reversed(self.revisions):
                if revision.number < number:
                    break
                fields.update(revision.fields)
        return fields

    @property
    def quantitative(self) -> bool:
        """True for number, percentage and currency indicators."""
        return self.measure in QUANTITATIVE

    @model_validator(mode="after")
    def _values_fit_measure(self) -> Indicator:
        if self.measure == "ordinal" and not self.scale:
            raise ValueError(_("an ordinal indicator needs the named levels of its scale"))
        if self.measure == "currency" and not self.currency:
            raise ValueError(_("a currency indicator needs a currency code such as EUR"))
        values = [(field_name("baseline"), self.baseline.value)] if self.baseline else []
        values += [(_("target for {period}", period=t.period.label or t.period.start), t.value) for t in self.targets]
        current = self.definition_number
        values += [(_("observation {id}", id=o.id), o.value) for o in self.observations
                   if (o.definition or 1) >= current]
        for where, value in values:
            check_value(self.measure, self.scale, value, where)
        for o in self.observations:  # values recorded under an earlier definition fit that definition
            if (o.definition or 1) < current:
                was = self.definition_fields(o.definition or 1)
                check_value(was["measure"], was["scale"], o.value, _("observation {id}", id=o.id))
        ids = [o.id for o in self.observations]
        if len(ids) != len(set(ids)):
            raise ValueError(_("two observations have the same id"))
        return self


def check_value(measure: str, scale: list[str], value: Any, where: str = "") -> None:
    """Raise ``ValueError`` unless ``value`` fits an indicator of this measure (``where``: the value, by default).

    Examples
    --------
    >>> check_value("number", [], 3.5)
    >>> check_value("yes_no", [], "maybe")
    Traceback (most recent call last):
    ...
    ValueError: value must be yes or no, not 'maybe'
    """
    if value is None:
        return
    where = where or field_name("value")
    if measure in QUANTITATIVE:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(_("{where} must be a number, not {value}", where=where, value=repr(value)))
        if measure == "percentage" and not -1000 <= value <= 1000:
            raise ValueError(_("{where} must be a percentage, not {value}", where=where, value=repr(value)))
    elif measure in ("yes_no", "milestone"):
        if not isinstance(value, bool):
            raise ValueError(_("{where} must be yes or no, not {value}", where=where, value=repr(value)))
    elif measure == "ordinal":
        if value not in scale:
            raise ValueError(_("{where} must be one of the scale's levels ({levels}), not {value}", where=where,
                               levels=", ".join(scale), value=repr(value)))
    elif not isinstance(value, str):
        raise ValueError(_("{where} must be text, not {value}", where=where, value=repr(value)))


# --------------------------------------------------------------------------- the map


class NamedLoop(Strict):
    """A feedback loop the partners named: the links that make it, in order round the loop.

    Loops are found on the map itself; a name is kept for the loop made of these links.
    When a link of it is removed the name stays in the map (it applies again if the loop
    comes back) but no loop shows it.
    """

    id: ItemId
    name: Label
    description: Text = ""
    links: list[ItemId] = Field(min_length=1, max_length=10_000)

    @field_validator("links")
    @classmethod
    def _no_repeats(cls, links: list[str]) -> list[str]:
        if len(set(links)) != len(links):
            raise ValueError(_("a loop passes each link once"))
        return links

    @property
    def key(self) -> frozenset[str]:
        """The loop's identity: the set of its links (wherever it is said to start)."""
        return frozenset(self.links)


#: At most this many saved views per map.
VIEWS_MAX = 100
#: At most this many elements placed by one saved view (a map's own limit on elements, by default).
VIEW_PLACES_MAX = 20_000


class SavedView(Strict):
    """A named way of looking at the map, shared with everyone who reads it.

    What it keeps is what the editor's toolbar sets: the kinds shown, the owners and tags
    brought forward, the search text, the element whose pathway is in focus, whether
    agreement and indicator status are highlighted, and where the canvas looks (its zoom
    and the point of the map at its centre, so that it shows the same place on any screen).
    An element or partner it names may be removed later: the view still applies, without it.

    A view may also place elements where it wants them (``places``, as each Kumu view of a
    project has its own layout): it then shows only the elements it places, there, while the
    map keeps its own positions.

    Examples
    --------
    >>> SavedView(id="v1", name=" Board ", kinds=["outcome", "impact"], zoom=0.8, centre=(10, 20)).name
    'Board'
    """

    id: ItemId
    name: Label
    kinds: list[ElementKind] = Field(default_factory=list, max_length=len(ElementKind))
    owners: list[ItemId] = Field(default_factory=list, max_length=PARTNERS_MAX)
    tags: list[Tag] = Field(default_factory=list, max_length=TAGS_MAX)
    search: ShortText = ""
    focus: ItemId | None = Field(None, description="The element whose pathway the view shows.")
    agreement: bool = Field(False, description="Highlight what not every partner has agreed yet.")
    status: bool = Field(False, description="Colour elements by the status of their indicators.")
    zoom: float | None = Field(None, ge=0.05, le=3, allow_inf_nan=False)
    centre: tuple[Coordinate, Coordinate] | None = Field(None, description="The point of the map at the centre.")
    places: dict[ItemId, tuple[Coordinate, Coordinate]] = Field(
        default_factory=dict, max_length=VIEW_PLACES_MAX,
        description="Where the view puts the elements it shows (x, y); empty: every element, where the map puts it.")

    @field_validator("kinds", "owners", "tags")
    @classmethod
    def _drop_repeats(cls, values: list) -> list:
        return _unique(values)


LearningKind = Literal["reflection", "decision"]
CorrectionStatus = Literal["active", "finished"]


class LearningEntry(Translatable):
    """One entry of the map's learning log: a dated reflection or decision, by whom and which partner.

    ``correction`` is set when the entry led to a course correction: while it is
    ``active``, the map changes applied carry ``because=<entry id>`` in the history.
    """

    id: ItemId
    kind: LearningKind = "reflection"
    date: dt.date
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX)]
    elements: list[ItemId] = Field(default_factory=list, max_length=200)
    indicators: list[ItemId] = Field(default_factory=list, max_length=200)
    by: ShortText = ""
    partner: ItemId | None = None
    source: EvidenceSource | None = None
    correction: CorrectionStatus | None = None

    @field_validator("elements", "indicators")
    @classmethod
    def _drop_repeats(cls, values: list[str]) -> list[str]:
        return _unique(values)

    @property
    def headline(self) -> str:
        """The entry's first line, cut to a readable length."""
        first = self.text.splitlines()[0] if self.text else ""
        return first if len(first) <= 80 else first[:79] + "…"


class MapState(Translatable):
    """The content of a map at one revision: everything the history versions."""

    title: Label
    description: Text = ""
    elements: dict[str, Element] = Field(default_factory=dict)
    links: dict[str, Link] = Field(default_factory=dict)
    indicators: dict[str, Indicator] = Field(default_factory=dict)
    learning: dict[str, LearningEntry] = Field(default_factory=dict, description="The learning log.")
    purpose: Purpose = Field(default_factory=Purpose, description="The joint purpose statement.")
    principles: dict[str, Principle] = Field(default_factory=dict)
    responsibilities: dict[str, Responsibility] = Field(default_factory=dict)
    versions: dict[str, FoundationVersion] = Field(default_factory=dict, description="Re-articulations, oldest first.")
    map_type: MapType = Field("theory_of_change", description="What the map is: a results chain or a systems map.")
    loops: dict[str, NamedLoop] = Field(default_factory=dict, description="Named feedback loops.")
    fields: dict[str, FieldDefinition] = Field(default_factory=dict, description="The map's own fields.")
    display: FieldDisplay = Field(default_factory=FieldDisplay, description="Which fields size and colour elements.")
    language: TextLanguage = Field("en", description="The language its texts are written in (the source language).")
    views: dict[str, SavedView] = Field(default_factory=dict, description="Saved views, shared with every reader.")

    @model_validator(mode="after")
    def _references_hold(self) -> MapState:
        problems = integrity_problems(self)
        if problems:
            raise ValueError("; ".join(problems[:5]))
        return self

    def item(self, item_id: str) -> Element | Link | Indicator | None:
        """The element, link or indicator with this id, if any."""
        return self.elements.get(item_id) or self.links.get(item_id) or self.indicators.get(item_id)

    def label_of(self, item_id: str) -> str:
        """A readable name for an item, falling back to its id."""
        item = self.item(item_id)
        if isinstance(item, Link):
            return f"{self.label_of(item.source)} → {self.label_of(item.target)}"
        if isinstance(item, Indicator):
            return item.name
        return item.label if item else item_id


def link_kind_problem(link: Link, source: Element, target: Element) -> str | None:
    """Why a link of this kind cannot join these two elements, or None if it can.

    Examples
    --------
    >>> a = Element(id="a", kind="actor", label="Ministry")
    >>> o = Element(id="o", kind="outcome", label="Better data")
    >>> link_kind_problem(Link(id="l", kind="influences", source="a", target="o"), a, o)
    "'influences' links cannot end at an outcome"
    """
    sources, targets = LINK_RULES[link.kind]
    if source.kind not in sources:
        return _("'{link_kind}' links cannot start at {element_kind}", link_kind=link.kind.title,
                 element_kind=source.kind.with_article)
    if target.kind not in targets:
        return _("'{link_kind}' links cannot end at {element_kind}", link_kind=link.kind.title,
                 element_kind=target.kind.with_article)
    return None


def integrity_problems(state: MapState) -> list[str]:
    """Every broken reference or rule in a map, as sentences (empty when all is well)."""
    problems: list[str] = []
    elements, links = state.elements, state.links
    for table in (elements, links, state.indicators):
        problems += [_("item stored under '{key}' has id '{id}'", key=key, id=item.id)
                     for key, item in table.items() if key != item.id]
    shared = (elements.keys() & links.keys()) | (elements.keys() & state.indicators.keys())
    problems += [_("id '{id}' is used twice", id=i) for i in sorted(shared)]
    for link in links.values():
        source, target = elements.get(link.source), elements.get(link.target)
        if source is None or target is None:
            missing = link.source if source is None else link.target
            problems.append(_("link '{id}' refers to missing element '{missing}'", id=link.id, missing=missing))
            continue
        problem = link_kind_problem(link, source, target)
        if problem:
            problems.append(_("link '{id}': {problem}", id=link.id, problem=problem))
    for element in elements.values():
        if element.actor is not None:
            actor = elements.get(element.actor)
            if actor is None or actor.kind != ElementKind.ACTOR:
                problems.append(_("outcome '{id}' names '{actor}', which is not an actor", id=element.id,
                                   actor=element.actor))
        for ref in element.attached_to:
            if ref not in elements and ref not in links:
                problems.append(_("assumption '{id}' is attached to missing item '{ref}'", id=element.id, ref=ref))
            elif ref == element.id:
                problems.append(_("assumption '{id}' is attached to itself", id=element.id))
    loops = getattr(state, "loops", None) or {}
    fields = getattr(state, "fields", None) or {}
    problems += field_problems(fields, elements, "element") + field_problems(fields, links, "link")
    views = getattr(state, "views", None) or {}
    problems += display_problems(fields, getattr(state, "display", None) or FieldDisplay())
    for table in (state.principles, state.responsibilities, state.versions, loops, fields, views):
        problems += [_("item stored under '{key}' has id '{id}'", key=key, id=item.id)
                     for key, item in table.items() if key != item.id]
    for indicator in state.indicators.values():
        if indicator.element not in elements:
            problems.append(_("indicator '{id}' measures missing element '{element}'", id=indicator.id,
                               element=indicator.element))
    learning = getattr(state, "learning", None) or {}
    problems += [_("learning entry stored under '{key}' has id '{id}'", key=key, id=e.id)
                 for key, e in learning.items() if key != e.id]
    if sum(e.correction == "active" for e in learning.values()) > 1:
        problems.append(_("more than one course correction is active"))
    return problems


#: A field's value on an item of a kind the field is not for, per kind.
NOT_FOR_KIND = {"element": N_("element '{id}': the field '{field}' is not for elements"),
                "link": N_("link '{id}': the field '{field}' is not for links")}


def field_problems(fields: dict[str, FieldDefinition], items: dict, kind: str) -> list[str]:
    """Values of fields the map does not define, or that do not fit their field."""
    problems = []
    for item in items.values():
        for key, value in getattr(item, "custom", {}).items():
            field = fields.get(key)
            if field is None:
                problems.append(_("{kind} '{id}' has a value for '{key}', a field the map does not define",
                                   kind=field_name(kind), id=item.id, key=key))
            elif field.applies_to not in ("both", f"{kind}s"):
                problems.append(_(NOT_FOR_KIND[kind], id=item.id, field=field.name))
            elif problem := field.problem(value):
                problems.append(_("{kind} '{id}': {problem}", kind=field_name(kind), id=item.id, problem=problem))
    return problems


#: What each kind of pydantic problem says, in the reader's language (filled from the problem's context).
PROBLEM_WORDS: dict[str, str] = {
    "missing": N_("is required"),
    "extra_forbidden": N_("is not something tocmap knows here"),
    "string_type": N_("must be text"),
    "string_pattern_mismatch": N_("holds characters that are not allowed here"),
    "int_type": N_("must be a whole number"), "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_type": N_("must be a number"), "float_parsing": N_("must be a number"),
    "finite_number": N_("must be a finite number"),
    "bool_type": N_("must be yes or no"), "bool_parsing": N_("must be yes or no"),
    "greater_than": N_("must be more than {gt}"), "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"), "less_than_equal": N_("must be at most {le}"),
    "literal_error": N_("must be {expected}"), "enum": N_("must be {expected}"),
    "date_type": N_("must be a date (YYYY-MM-DD)"), "date_parsing": N_("must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": N_("must be a date (YYYY-MM-DD)"),
    "datetime_type": N_("must be a date and time"), "datetime_parsing": N_("must be a date and time"),
    "datetime_from_date_parsing": N_("must be a date and time"),
    "list_type": N_("must be a list"), "dict_type": N_("must be a group of named values"),
    "model_type": N_("must be a group of named values"), "model_attributes_type": N_("must be a group of named values"),
    "url_parsing": N_("must be a web address"), "url_scheme": N_("must be a web address"),
}
#: Problems that count (characters, items): the context value counted, and the words for that count.
PROBLEM_COUNTS: dict[str, tuple[str, Callable[[int], str]]] = {
    "string_too_short": ("min_length", lambda n: ngettext("must have at least {n} character",
                                                          "must have at least {n} characters", n)),
    "string_too_long": ("max_length", lambda n: ngettext("must have at most {n} character",
                                                         "must have at most {n} characters", n)),
    "too_short": ("min_length", lambda n: ngettext("must have at least {n} item", "must have at least {n} items", n)),
    "too_long": ("max_length", lambda n: ngettext("must have at most {n} item", "must have at most {n} items", n)),
}


def problem_words(err: dict) -> str:
    """One pydantic problem in the reader's language; a validator's own message as it is (it says it itself).

    Examples
    --------
    >>> from tocmap.i18n import using
    >>> problem = {"type": "string_too_short", "ctx": {"min_length": 1}, "msg": "String should have ..."}
    >>> problem_words(problem)
    'must have at least 1 character'
    >>> with using("fr"):
    ...     problem_words(problem), problem_words({"type": "missing", "msg": "Field required"})
    ('doit comporter au moins 1 caractère', 'est obligatoire')
    """
    kind = err.get("type", "")
    context = {key: value for key, value in (err.get("ctx") or {}).items() if isinstance(value, str | int | float)}
    if kind in PROBLEM_COUNTS:
        counted, words_for = PROBLEM_COUNTS[kind]
        return words_for(int(context.get(counted, 0)))
    if kind in PROBLEM_WORDS:
        return _(PROBLEM_WORDS[kind], **context)
    return str(err.get("msg", "")).removeprefix("Value error, ")


def explain(error: ValidationError, subject: str = "") -> str:
    """Turn a pydantic error into one short sentence for users, naming the fields as the reader calls them.

    ``subject`` is what was checked ("element"), a name of :func:`~tocmap.domain.field_names.field_names`
    or a text already in the reader's language.

    Examples
    --------
    >>> from tocmap.i18n import using
    >>> try:
    ...     Element(id="a", kind="outcome", label="")
    ... except ValidationError as e:
    ...     print(explain(e, "element"))
    ...     with using("fr"):
    ...         print(explain(e, "element"))
    element label: must have at least 1 character
    libellé (élément) : doit comporter au moins 1 caractère
    """
    subject = field_name(subject) if subject else ""
    parts = []
    for err in error.errors()[:3]:
        where, message = field_path(err["loc"]), problem_words(err)
        if subject:
            where = _("{subject} {field}", subject=subject, field=where) if where else subject
        parts.append(_("{field}: {problem}", field=where, problem=message) if where else message)
    more = ngettext(" (and {n} more problem)", " (and {n} more problems)", error.error_count() - 3
                    ) if error.error_count() > 3 else ""
    return "; ".join(parts) + more


def validated(model: type[BaseModel], data: Any, subject: str = "") -> Any:
    """Validate ``data`` as ``model``, raising :class:`InvalidInput` with a readable message."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(explain(error, subject)) from None



class Snapshot(Strict):
    """A named revision ("Agreed at the March workshop") that partners can endorse."""

    name: Label
    revision: int = Field(ge=0)
    created_at: dt.datetime
    created_by: ShortText = ""
    note: Text = ""
    endorsed_by: list[ItemId] = Field(default_factory=list)


def partner_problems(state: MapState, partner_ids: set[str]) -> list[str]:
    """References to partners that are not in the partnership, as sentences.

    Examples
    --------
    >>> state = MapState(title="m", elements={"a": Element(id="a", kind="actor", label="A", owner="p9")})
    >>> partner_problems(state, {"p1"})
    ["element 'a' names unknown partner 'p9'"]
    """
    problems = []
    for kind, table in (("element", state.elements), ("link", state.links), ("indicator", state.indicators)):
        for item in table.values():
            refs = [getattr(item, "owner", None), item.proposed_by, getattr(item, "responsible_partner", None)]
            refs += item.agreed_by + item.disputed_by
            refs += [o.partner for o in getattr(item, "observations", [])]
            for ref in refs:
                if ref is not None and ref not in partner_ids:
                    problems.append(_("{kind} '{id}' names unknown partner '{partner}'", kind=field_name(kind),
                                       id=item.id, partner=ref))
    for entry in state.learning.values():
        if entry.partner is not None and entry.partner not in partner_ids:
            problems.append(_("learning entry '{id}' names unknown partner '{partner}'", id=entry.id,
                               partner=entry.partner))
    for element in state.elements.values():
        for note in element.evidence:
            if note.partner is not None and note.partner not in partner_ids:
                problems.append(_("evidence note '{id}' of '{element}' names unknown partner '{partner}'", id=note.id,
                                   element=element.id, partner=note.partner))
    foundations = [("purpose", state.purpose, "purpose")]
    foundations += [("principle", p, p.id) for p in state.principles.values()]
    foundations += [("responsibility", r, r.id) for r in state.responsibilities.values()]
    foundations += [("version", v, v.id) for v in state.versions.values()]
    for kind, item, item_id in foundations:
        refs = [item.proposed_by, getattr(item, "partner", None), *item.agreed_by, *item.disputed_by]
        for ref in refs:
            if ref is not None and ref not in partner_ids:
                problems.append(_("{kind} '{id}' names unknown partner '{partner}'", kind=field_name(kind), id=item_id,
                                   partner=ref))
    return problems
