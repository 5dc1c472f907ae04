"""Typed change operations and the pure function that applies them to a map.

Every edit of a map is one operation (``op``). :func:`apply_change` checks it against
the current state and returns the new state together with the *recorded* operation:
the same edit with its ``before`` values filled in, so the history can show a diff and
undo it (:func:`inverse`). :func:`find_conflicts` decides whether an edit made from an
older revision clashes with what others did since; :func:`diff_states` turns one state
into another as a batch of operations (how a revision is restored).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any, Literal, Union

from pydantic import Field, TypeAdapter, ValidationError, model_validator

from tocmap.domain.errors import Conflict, InvalidInput, NotFound
from tocmap.domain.field_names import field_name
from tocmap.domain.model import (
    REVISION_FIELDS,
    TEXT_MAX,
    VIEWS_MAX,
    AssumptionStatus,
    Author,
    Coordinate,
    Element,
    ElementKind,
    EvidenceNote,
    Foundations,
    FoundationVersion,
    Indicator,
    IndicatorRevision,
    ItemId,
    LearningEntry,
    Link,
    MapState,
    Observation,
    Partner,
    Principle,
    Purpose,
    Responsibility,
    SavedView,
    Strict,
    TextField,
    TextLanguage,
    Translation,
    explain,
    field_problems,
    link_kind_problem,
    status_title,
)
from tocmap.domain.translations import (
    TranslatableKind,
    item_of,
    retranslated,
    translatable_items,
    translation_summary,
)
from tocmap.i18n import N_, _, ngettext, sentence

#: Who agreed and who disputes an item.
AGREEMENT_FIELDS = frozenset({"agreed_by", "disputed_by"})
#: Fields whose change does not alter what the partners agreed to. An assumption's status
#: (untested, holding, challenged, disproved) is what monitoring found, not what was
#: agreed, whether set in the side panel or by an evidence note.
NEUTRAL_FIELDS = AGREEMENT_FIELDS | {"x", "y", "evidence", "assumption_status"}


class Removed(Strict):
    """Everything a removal took away, kept so that it can be undone."""

    elements: list[Element] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    detached: dict[str, list[str]] = Field(default_factory=dict, description="assumption id -> attached_to before")
    actor_of: list[str] = Field(default_factory=list, description="outcomes whose actor was cleared")


class _Op(Strict):
    because: ItemId | None = Field(
        None, description="The learning entry whose course correction this change belongs to."
    )


class AddElement(_Op):
    op: Literal["add_element"] = "add_element"
    element: Element


class AddLink(_Op):
    op: Literal["add_link"] = "add_link"
    link: Link
    label: str | None = None
    parallel: bool = Field(False, description="Keep it even when the same link already joins its two ends "
                                              "(a file or a restored revision has both).")


class AddIndicator(_Op):
    op: Literal["add_indicator"] = "add_indicator"
    indicator: Indicator


class _Update(_Op):
    id: ItemId
    set: dict[str, Any] = Field(min_length=1)
    before: dict[str, Any] | None = None
    label: str | None = None


class UpdateElement(_Update):
    op: Literal["update_element"] = "update_element"


class UpdateLink(_Update):
    op: Literal["update_link"] = "update_link"


class UpdateIndicator(_Update):
    op: Literal["update_indicator"] = "update_indicator"
    reason: str = Field("", max_length=5000, description="Why a revision (definition, unit, targets...) was made.")
    on: dt.date | None = Field(None, description="Date of a revision (today when not given).")


class _Remove(_Op):
    id: ItemId
    removed: Removed | None = None
    label: str | None = None


class RemoveElement(_Remove):
    op: Literal["remove_element"] = "remove_element"


class RemoveLink(_Remove):
    op: Literal["remove_link"] = "remove_link"


class RemoveIndicator(_Remove):
    op: Literal["remove_indicator"] = "remove_indicator"


Position = tuple[Coordinate, Coordinate] | None


class MoveElements(_Op):
    op: Literal["move_elements"] = "move_elements"
    positions: dict[ItemId, Position] = Field(min_length=1, max_length=100_000)
    before: dict[ItemId, Position] | None = None


class AddObservation(_Op):
    op: Literal["add_observation"] = "add_observation"
    indicator: ItemId
    observation: Observation
    label: str | None = None  # the indicator's name, recorded for the history


class RemoveObservation(_Op):
    op: Literal["remove_observation"] = "remove_observation"
    indicator: ItemId
    id: ItemId
    removed: Observation | None = None
    label: str | None = None


class UpdateMap(_Op):
    op: Literal["update_map"] = "update_map"
    set: dict[str, Any] = Field(min_length=1)
    before: dict[str, Any] | None = None


class AddLearning(_Op):
    op: Literal["add_learning"] = "add_learning"
    entry: LearningEntry


class UpdateLearning(_Op):
    op: Literal["update_learning"] = "update_learning"
    id: ItemId
    set: dict[str, Any] = Field(min_length=1)
    before: dict[str, Any] | None = None
    label: str | None = None


class RemoveLearning(_Op):
    op: Literal["remove_learning"] = "remove_learning"
    id: ItemId
    removed: LearningEntry | None = None


class _EvidenceOp(_Op):
    element: ItemId
    status: AssumptionStatus | None = Field(None, description="New status of the assumption, if it changes.")
    set_status: bool = Field(False, description="Set the status even to None (undo); implied by a status.")
    before_status: AssumptionStatus | None = None
    position: int | None = Field(None, ge=0, description="Where the note goes (or was) in the log; default last.")
    label: str | None = None


class AddEvidence(_EvidenceOp):
    op: Literal["add_evidence"] = "add_evidence"
    note: EvidenceNote


class RemoveEvidence(_EvidenceOp):
    op: Literal["remove_evidence"] = "remove_evidence"
    id: ItemId
    removed: EvidenceNote | None = None


class Note(_Op):
    """An event worth a line in the history that changes nothing on the map (a health check round started...).

    ``about`` says what it concerns, e.g. ``{"kind": "health_round", "id": 3}``.
    """

    op: Literal["note"] = "note"
    text: Annotated[str, Field(min_length=1, max_length=300)]
    about: dict[Annotated[str, Field(max_length=50)], str | int] = Field(default_factory=dict, max_length=10)


FoundationKind = Literal["purpose", "principle", "responsibility", "version"]


class AddFoundation(_Op):
    """Add a principle or a responsibility (exactly one of the two)."""

    op: Literal["add_foundation"] = "add_foundation"
    principle: Principle | None = None
    responsibility: Responsibility | None = None

    @property
    def item(self) -> Principle | Responsibility:
        return self.principle or self.responsibility

    @property
    def kind(self) -> str:
        return "principle" if self.principle is not None else "responsibility"

    @model_validator(mode="after")
    def _one_item(self) -> AddFoundation:
        if (self.principle is None) == (self.responsibility is None):
            raise ValueError(_("add either a principle or a responsibility"))
        return self


class UpdateFoundation(_Update):
    """Change the purpose (id ``purpose``), a principle, a responsibility, or a version's endorsements."""

    op: Literal["update_foundation"] = "update_foundation"
    kind: FoundationKind


class RemoveFoundation(_Op):
    op: Literal["remove_foundation"] = "remove_foundation"
    kind: Literal["principle", "responsibility"]
    id: ItemId
    removed: dict[str, Any] | None = None


class Rearticulate(_Op):
    """Record a new version of purpose, principles and responsibilities (nothing is deleted).

    ``content`` is what the current foundations become (the version's content when None);
    ``before`` is recorded: the foundations it replaced.
    """

    op: Literal["rearticulate"] = "rearticulate"
    version: FoundationVersion
    content: Foundations | None = None
    before: Foundations | None = None


class DropVersion(_Op):
    """Take back the latest re-articulation (how one is undone); ``content`` as in :class:`Rearticulate`."""

    op: Literal["drop_version"] = "drop_version"
    id: ItemId
    content: Foundations | None = None
    removed: FoundationVersion | None = None
    before: Foundations | None = None


class AddPartner(_Op):
    """Bring an organisation (or a group of them) into the partnership."""

    op: Literal["add_partner"] = "add_partner"
    partner: Partner


class UpdatePartner(_Op):
    """Rename, recolour, give a short name, working language or the organisations of a group."""

    op: Literal["update_partner"] = "update_partner"
    id: ItemId
    set: dict[str, Any] = Field(min_length=1)
    before: dict[str, Any] | None = None
    label: str | None = None


class RetirePartner(_Op):
    """Retire a partner: what it proposed, owns, agreed and answered stays, under its name."""

    op: Literal["retire_partner"] = "retire_partner"
    id: ItemId
    label: str | None = None


class ReinstatePartner(_Op):
    """Bring a retired (or merged) partner back."""

    op: Literal["reinstate_partner"] = "reinstate_partner"
    id: ItemId
    label: str | None = None


class MergePartner(_Op):
    """Merge partner ``id`` into ``into``: its members speak for ``into`` from now on; it is retired."""

    op: Literal["merge_partner"] = "merge_partner"
    id: ItemId
    into: ItemId
    label: str | None = None
    into_label: str | None = None
    members_moved: int | None = None


class Translate(_Op):
    """Write (or, with an empty text, take away) one text of an item in a language other than the map's.

    A translation changes no meaning: agreement stays as it is. It keeps the fingerprint of
    the source text it translates (``of``, recorded), so that it reads as needing review once
    the source text changes. ``before`` is recorded: the translation it replaced.
    """

    op: Literal["translate"] = "translate"
    kind: TranslatableKind
    id: ItemId
    language: TextLanguage
    field: TextField
    text: Annotated[str, Field(max_length=TEXT_MAX)] = ""
    of: Annotated[str, Field(pattern=r"^[0-9a-f]{8}$")] | None = None
    before: Translation | None = None
    label: str | None = None


class SaveView(_Op):
    """Save a named view of the map, or replace the one with the same id (a rename, new filters).

    ``before`` is recorded: the view it replaced (None when it is new).
    """

    op: Literal["save_view"] = "save_view"
    view: SavedView
    before: SavedView | None = None


class RemoveView(_Op):
    """Take a saved view away; ``removed`` is recorded, so that it can be undone."""

    op: Literal["remove_view"] = "remove_view"
    id: ItemId
    removed: SavedView | None = None


#: Changes of the partnership rather than of the map's content.
PARTNER_OPS = frozenset({"add_partner", "update_partner", "retire_partner", "reinstate_partner", "merge_partner"})


class Batch(_Op):
    op: Literal["batch"] = "batch"
    ops: list[Change] = Field(max_length=200_000)
    reason: str = ""


Change = Annotated[
    Union[
        AddElement, UpdateElement, RemoveElement, MoveElements,
        AddLink, UpdateLink, RemoveLink,
        AddIndicator, UpdateIndicator, RemoveIndicator,
        AddObservation, RemoveObservation, UpdateMap, Batch, Note,
        AddLearning, UpdateLearning, RemoveLearning, AddEvidence, RemoveEvidence,
        AddFoundation, UpdateFoundation, RemoveFoundation, Rearticulate, DropVersion,
        AddPartner, UpdatePartner, RetirePartner, ReinstatePartner, MergePartner, Translate,
        SaveView, RemoveView,
    ],
    Field(discriminator="op"),
]
Batch.model_rebuild()
CHANGE = TypeAdapter(Change)


def as_asked(change: Change) -> Change:
    """A change as someone may ask for it: without what only tocmap records.

    ``before`` values are recorded by :func:`apply_change`, and an indicator's earlier
    definitions are kept by it; a request that sets either could pass off a revision as an
    old record or rewrite the log of definitions, so ``before`` is dropped and setting
    ``revisions`` is refused. (Undo and restore build their changes inside the services.)

    Examples
    --------
    >>> as_asked(UpdateElement(id="oc-1", set={"label": "New"}, before={"label": "Old"})).before is None
    True
    >>> as_asked(UpdateIndicator(id="in-1", set={"revisions": []}))
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: An indicator's earlier definitions are kept by tocmap and cannot be set.
    """
    if isinstance(change, Batch):
        return change.model_copy(update={"ops": [as_asked(op) for op in change.ops]})
    if isinstance(change, UpdateIndicator) and "revisions" in change.set:
        raise InvalidInput(_("An indicator's earlier definitions are kept by tocmap and cannot be set."))
    if isinstance(change, Translate):  # it translates the source text of now
        return change.model_copy(update={"of": None, "before": None})
    return change.model_copy(update={"before": None}) if getattr(change, "before", None) is not None else change


def signed(change: Change, author: Author) -> Change:
    """The change with the author's name and partner on what it records in someone's name.

    Learning entries and evidence notes say who wrote them and for which partner; a
    request cannot write them in another name (and cannot change who wrote one).
    """
    match change:
        case Batch():
            return change.model_copy(update={"ops": [signed(op, author) for op in change.ops]})
        case AddLearning(entry=entry):
            return change.model_copy(update={"entry": entry.model_copy(update={"by": author.name,
                                                                                "partner": author.partner})})
        case AddEvidence(note=note):
            return change.model_copy(update={"note": note.model_copy(update={"by": author.name,
                                                                              "partner": author.partner})})
        case UpdateLearning() if {"by", "partner"} & set(change.set):
            raise InvalidInput(_("Who recorded a learning entry, and for which partner, cannot be changed."))
    return change


def parse_change(data: Any) -> Change:
    """Validate a change from JSON text or a dict, with a readable error.

    Examples
    --------
    >>> parse_change({"op": "update_map", "set": {"title": "Ours"}}).op
    'update_map'
    """
    try:
        return CHANGE.validate_json(data) if isinstance(data, str | bytes) else CHANGE.validate_python(data)
    except ValidationError as error:
        raise InvalidInput(explain(error, "change")) from None


class ChangeRecord(Strict):
    """One entry of a map's history."""

    revision: int
    at: dt.datetime
    author: Author
    change: Change

    @property
    def summary(self) -> str:
        """One line saying what changed."""
        return summarize(self.change)


# --------------------------------------------------------------------------- applying

_TABLES = {"element": "elements", "link": "links", "indicator": "indicators"}
#: What a reader is told when an item of each kind is not (or no longer) on the map.
NOT_FOUND = {
    "element": N_("There is no element '{id}' on this map (it may have been removed)."),
    "link": N_("There is no link '{id}' on this map (it may have been removed)."),
    "indicator": N_("There is no indicator '{id}' on this map (it may have been removed)."),
    "learning entry": N_("There is no learning entry '{id}' on this map (it may have been removed)."),
    "principle": N_("There is no principle '{id}' on this map (it may have been removed)."),
    "responsibility": N_("There is no responsibility '{id}' on this map (it may have been removed)."),
    "version": N_("There is no version '{id}' on this map (it may have been removed)."),
    "view": N_("There is no saved view '{id}' on this map (it may have been removed)."),
}
#: What a reader is told when a change names a field an item of each kind does not have.
NO_SUCH_FIELD = {
    "element": N_("An element has no field '{field}' that can be changed."),
    "link": N_("A link has no field '{field}' that can be changed."),
    "indicator": N_("An indicator has no field '{field}' that can be changed."),
    "learning entry": N_("A learning entry has no field '{field}' that can be changed."),
    "purpose": N_("The joint purpose has no field '{field}' that can be changed."),
    "principle": N_("A principle has no field '{field}' that can be changed."),
    "responsibility": N_("A responsibility has no field '{field}' that can be changed."),
    "version": N_("A version has no field '{field}' that can be changed."),
}
_MODELS: dict[str, type] = {"element": Element, "link": Link, "indicator": Indicator}


class _Draft:
    """A working copy of a state: new dicts, shared (never mutated) items.

    A table is copied when a change first reads or writes it; the new state shares the tables
    no change touched with the old one (states are never changed in place), so that an edit
    costs the same on a map of 100 elements as on one of 10,000.
    """

    _COPIED = ("loops", "fields", "elements", "links", "indicators", "learning", "principles", "responsibilities",
               "versions", "views")

    def __init__(self, state: MapState, recording: bool = True):
        self._state = state
        #: False while replaying recorded changes: handlers then skip building the change as recorded.
        self.recording = recording
        self.title, self.description = state.title, state.description
        self.map_type, self.purpose, self.display = state.map_type, state.purpose, state.display
        self.language, self.translations = state.language, state.translations

    def __getattr__(self, name: str):  # only for tables not yet copied
        if name not in _Draft._COPIED:
            raise AttributeError(name)
        table = self.__dict__[name] = dict(getattr(self._state, name))
        return table

    def table(self, kind: str) -> dict:
        return getattr(self, _TABLES[kind])

    def seen(self, name: str) -> dict:
        """A table to read only: the copy when there is one, else the state's own (not copied for a read)."""
        return self.__dict__.get(name, getattr(self._state, name))

    def state(self) -> MapState:
        tables = {name: self.__dict__.get(name, getattr(self._state, name)) for name in _Draft._COPIED}
        return MapState.model_construct(title=self.title, description=self.description, purpose=self.purpose,
                                        map_type=self.map_type, display=self.display, language=self.language,
                                        translations=self.translations, **tables)

    def get(self, kind: str, item_id: str):
        item = self.seen(_TABLES[kind]).get(item_id)
        if item is None:
            raise NotFound(_(NOT_FOUND[kind], id=item_id))
        return item

    def label(self, item_id: str) -> str:
        links = self.seen("links")
        if item_id in links:
            link = links[item_id]
            return f"{self.label(link.source)} → {self.label(link.target)}"
        item = self.seen("elements").get(item_id) or self.seen("indicators").get(item_id)
        return getattr(item, "label", None) or getattr(item, "name", item_id)

    def id_free(self, item_id: str) -> None:
        if any(item_id in self.seen(name) for name in ("elements", "links", "indicators")):
            raise InvalidInput(_("The id '{id}' is already used on this map.", id=item_id))


def apply_change(state: MapState, change: Change) -> tuple[MapState, Change]:
    """Apply a change; return the new state and the change as recorded (with ``before``).

    The input state is not modified. Invalid changes raise :class:`InvalidInput` or
    :class:`NotFound` and leave nothing half-done.

    Examples
    --------
    >>> state = MapState(title="Our map")
    >>> add = AddElement(element=Element(id="o1", kind="outcome", label="Staff use data"))
    >>> state, _ = apply_change(state, add)
    >>> state, recorded = apply_change(state, UpdateElement(id="o1", set={"label": "Staff use evidence"}))
    >>> recorded.before, state.elements["o1"].label
    ({'label': 'Staff use data'}, 'Staff use evidence')
    """
    draft = _Draft(state)
    because = _because(draft, change)
    recorded = _apply(draft, change)
    if because is not None:
        recorded = recorded.model_copy(update={"because": because})
    return draft.state(), recorded


def replay_changes(state: MapState, changes: Iterable[Change]) -> MapState:
    """Apply recorded changes one after another on one working copy; return the state after the last.

    The same result as :func:`apply_change` in a loop, but each table is copied once for the
    whole replay instead of once per change, so replaying a change costs the same on a map of
    100 elements as on one of 10,000. The input state is not modified.

    Examples
    --------
    >>> add = AddElement(element=Element(id="o1", kind="outcome", label="Staff use data"))
    >>> rename = UpdateElement(id="o1", set={"label": "Staff use evidence"})
    >>> replay_changes(MapState(title="Our map"), [add, rename]).elements["o1"].label
    'Staff use evidence'
    """
    draft = _Draft(state, recording=False)
    for change in changes:
        _because(draft, change)
        _apply(draft, change)
    return draft.state()


#: Changes that never belong to a course correction: the learning log itself, layout, events, observations.
UNTAGGED_OPS = frozenset({
    "add_learning", "update_learning", "remove_learning", "add_evidence", "remove_evidence", "move_elements", "note",
    "add_observation", "remove_observation",  # monitoring data, not the theory
    "translate",  # the same meaning in another language
    "save_view", "remove_view",  # ways of looking at the map, not the theory
}) | PARTNER_OPS


def _because(draft: _Draft, change: Change) -> str | None:
    """The learning entry a change belongs to: the one it names, or the active course correction."""
    if change.because is not None:
        if change.because not in draft.seen("learning"):
            raise InvalidInput(_("There is no learning entry '{id}' for this change to follow from.",
                                 id=change.because))
        return change.because
    if change.op in UNTAGGED_OPS:
        return None
    if change.op.startswith("update_") and change.op != "update_map" and NEUTRAL_FIELDS.issuperset(change.set):
        return None  # agreeing or disputing is not part of the correction
    return active_correction(draft.seen("learning"))


def active_correction(learning: dict[str, LearningEntry]) -> str | None:
    """Id of the learning entry whose course correction is active, if any.

    Examples
    --------
    >>> import datetime as dt
    >>> e = LearningEntry(id="l1", date=dt.date(2026, 3, 1), text="Use SMS", correction="active")
    >>> active_correction({"l1": e}), active_correction({})
    ('l1', None)
    """
    return next((e.id for e in learning.values() if e.correction == "active"), None)


def _apply(draft: _Draft, change: Change) -> Change:
    handler = _HANDLERS[change.op]
    return handler(draft, change)


def _add_element(draft: _Draft, change: AddElement) -> Change:
    element = change.element
    draft.id_free(element.id)
    _check_element_refs(draft, element)
    draft.elements[element.id] = element
    return change


def _add_link(draft: _Draft, change: AddLink) -> Change:
    link = change.link
    draft.id_free(link.id)
    _check_link(draft, link, parallel=change.parallel)
    draft.links[link.id] = link
    if not draft.recording:
        return change
    return AddLink(link=link, label=draft.label(link.id), parallel=change.parallel)


def _add_indicator(draft: _Draft, change: AddIndicator) -> Change:
    indicator = change.indicator
    draft.id_free(indicator.id)
    draft.get("element", indicator.element)
    draft.indicators[indicator.id] = indicator
    return change


#: Fields no update sets: ids, and translations (made by a translate change).
_NOT_SET = frozenset({"id", "translations"})


def _update(kind: str):
    """Handler for update_element, update_link and update_indicator."""

    def handler(draft: _Draft, change: _Update) -> Change:
        old = draft.get(kind, change.id)
        fields = dict(change.set)
        unknown = sorted(set(fields) - set(_MODELS[kind].model_fields) | (_NOT_SET & set(fields)))
        if unknown:
            raise InvalidInput(_(NO_SUCH_FIELD[kind], field=unknown[0]))
        if old.agreed_by and not NEUTRAL_FIELDS.issuperset(fields) and "agreed_by" not in fields:
            fields["agreed_by"] = []  # a changed item must be agreed again
        if kind == "indicator":
            fields = _revised(old, change, fields)
        try:
            new = _MODELS[kind].model_validate({**old.model_dump(), **fields})
        except ValidationError as error:
            raise InvalidInput(explain(error, kind)) from None
        if kind == "element":
            _check_element_refs(draft, new, old)
        elif kind == "link":
            _check_link(draft, new, replacing=old.id)
        else:
            draft.get("element", new.element)
        draft.table(kind)[change.id] = new
        if not draft.recording:
            return change
        old_json, new_json = old.model_dump(mode="json"), new.model_dump(mode="json")
        changed = [f for f in fields if old_json[f] != new_json[f]] or list(fields)
        return type(change)(
            id=change.id,
            set={f: new_json[f] for f in changed},
            before={f: old_json[f] for f in changed},
            label=draft.label(change.id) if kind != "link" else _link_label(draft, old),
            **({"reason": change.reason} if kind == "indicator" and change.reason else {}),
        )

    return handler


def _revised(old: Indicator, change: UpdateIndicator, fields: dict) -> dict:
    """Record a revision of an indicator's definition: require its rationale, keep the earlier definition.

    Returns the fields to set, with the grown revision log when the definition changes (so
    that observations are then checked against the definition they were recorded under).
    A change that sets ``revisions`` itself (an undo, a restore) brings back an earlier
    log as it was; a recorded change from before revisions were kept replays unchanged.
    """
    try:  # the new definition, without the observations (they are checked once the log is known)
        probe = Indicator.model_validate({**old.model_dump(), **fields, "observations": []})
    except ValidationError as error:
        raise InvalidInput(explain(error, "indicator")) from None
    old_json, new_json = old.model_dump(mode="json"), probe.model_dump(mode="json")
    revised = [f for f in REVISION_FIELDS if old_json[f] != new_json[f]]
    if not revised or ("revisions" in fields and new_json["revisions"] != old_json["revisions"]):
        return fields
    reason = change.reason.strip()
    if not reason:
        if change.before is not None:  # a record written before revisions were kept
            return fields
        names = ", ".join(f.replace("_", " ") for f in revised)
        raise InvalidInput(_(
            "Changing the {fields} of the indicator “{name}” is a revision: give the reason for it. "
            "The earlier definition and every value recorded under it are kept.", fields=names, name=old.name
        ))
    entry = IndicatorRevision(number=old.definition_number, date=change.on or dt.datetime.now(dt.UTC).date(),
                              rationale=reason, fields={f: old_json[f] for f in revised})
    return {**fields, "revisions": [*old.revisions, entry]}


def _link_label(draft: _Draft, link: Link) -> str:
    return f"{draft.label(link.source)} → {draft.label(link.target)}"


def _check_custom(draft: _Draft, item: Element | Link, kind: str) -> None:
    """Refuse values of fields the map does not define for this kind of item, or that do not fit them."""
    problems = field_problems(draft.fields, {item.id: item}, kind)
    if problems:
        raise InvalidInput(sentence(problems[0].split(": ", 1)[-1]))


def _check_element_refs(draft: _Draft, element: Element, old: Element | None = None) -> None:
    _check_custom(draft, element, "element")
    if element.actor is not None:
        actor = draft.elements.get(element.actor)
        if actor is None or actor.kind != ElementKind.ACTOR:
            raise InvalidInput(_("'{id}' is not an actor on this map.", id=element.actor))
    for ref in element.attached_to:
        if ref == element.id or (ref not in draft.elements and ref not in draft.links):
            raise InvalidInput(_("An assumption can only be attached to another element or a link, not '{id}'.",
                                 id=ref))
    if old is None or old.kind == element.kind:
        return
    for link in draft.links.values():
        if element.id in (link.source, link.target):
            source = element if link.source == element.id else draft.elements[link.source]
            target = element if link.target == element.id else draft.elements[link.target]
            problem = link_kind_problem(link, source, target)
            if problem:
                raise InvalidInput(_("Cannot make “{label}” {kind}: {problem}.", label=element.label,
                                     kind=element.kind.with_article, problem=problem))
    if old.kind == ElementKind.ACTOR:
        named = [e.label for e in draft.elements.values() if e.actor == element.id]
        if named:
            raise InvalidInput(_("“{actor}” is the actor of “{outcome}”; change that outcome first.",
                                 actor=element.label, outcome=named[0]))


def _check_link(draft: _Draft, link: Link, replacing: str | None = None, parallel: bool = False) -> None:
    _check_custom(draft, link, "link")
    source, target = draft.get("element", link.source), draft.get("element", link.target)
    problem = link_kind_problem(link, source, target)
    if problem:
        raise InvalidInput(_("Cannot link “{source}” to “{target}”: {problem}.", source=source.label,
                             target=target.label, problem=problem))
    if parallel:
        return
    same = (link.source, link.target, link.kind, link.polarity, link.label)
    for other in draft.links.values():
        if other.id != replacing and (other.source, other.target, other.kind, other.polarity, other.label) == same:
            raise InvalidInput(_("“{source}” is already linked to “{target}” that way "
                                 "(a parallel link needs its own label or sign).",
                                 source=source.label, target=target.label))


def _remove(kind: str):
    """Handler for remove_element, remove_link and remove_indicator (with their cascade)."""

    def handler(draft: _Draft, change: _Remove) -> Change:
        draft.get(kind, change.id)
        label = draft.label(change.id) if draft.recording else ""
        removed = Removed()
        if kind == "element":
            _cut_element(draft, change.id, removed)
        elif kind == "link":
            _cut_link(draft, change.id, removed)
        else:
            removed.indicators.append(draft.indicators.pop(change.id))
        if not draft.recording:
            return change
        return type(change)(id=change.id, removed=removed, label=label)

    return handler


def _detach(draft: _Draft, item_id: str, removed: Removed) -> None:
    for element in list(draft.elements.values()):
        if item_id in element.attached_to:
            removed.detached.setdefault(element.id, list(element.attached_to))
            rest = [ref for ref in element.attached_to if ref != item_id]
            draft.elements[element.id] = element.model_copy(update={"attached_to": rest})


def _cut_link(draft: _Draft, link_id: str, removed: Removed) -> None:
    _detach(draft, link_id, removed)
    removed.links.append(draft.links.pop(link_id))


def _cut_element(draft: _Draft, element_id: str, removed: Removed) -> None:
    for link in [lk for lk in draft.links.values() if element_id in (lk.source, lk.target)]:
        _cut_link(draft, link.id, removed)
    for indicator in [i for i in draft.indicators.values() if i.element == element_id]:
        removed.indicators.append(draft.indicators.pop(indicator.id))
    _detach(draft, element_id, removed)
    for element in list(draft.elements.values()):
        if element.actor == element_id:
            removed.actor_of.append(element.id)
            draft.elements[element.id] = element.model_copy(update={"actor": None})
    removed.elements.append(draft.elements.pop(element_id))


def _move(draft: _Draft, change: MoveElements) -> Change:
    before = {}
    for element_id, position in change.positions.items():
        element = draft.get("element", element_id)
        before[element_id] = None if element.x is None else (element.x, element.y)
        x, y = position if position is not None else (None, None)
        draft.elements[element_id] = element.model_copy(update={"x": x, "y": y})
    if not draft.recording:
        return change
    return MoveElements(positions=change.positions, before=before)


def _add_observation(draft: _Draft, change: AddObservation) -> Change:
    indicator = draft.get("indicator", change.indicator)
    if any(o.id == change.observation.id for o in indicator.observations):
        raise InvalidInput(_("The indicator already has an observation '{id}'.", id=change.observation.id))
    observation = change.observation
    if observation.definition is None:  # recorded under the definition in force now
        observation = observation.model_copy(update={"definition": indicator.definition_number})
    draft.indicators[indicator.id] = _revalidate(indicator, [*indicator.observations, observation])
    return change.model_copy(update={"observation": observation, "label": indicator.name})


def _remove_observation(draft: _Draft, change: RemoveObservation) -> Change:
    indicator = draft.get("indicator", change.indicator)
    match = [o for o in indicator.observations if o.id == change.id]
    if not match:
        raise NotFound(_("The indicator has no observation '{id}'.", id=change.id))
    draft.indicators[indicator.id] = indicator.model_copy(
        update={"observations": [o for o in indicator.observations if o.id != change.id]}
    )
    return RemoveObservation(indicator=change.indicator, id=change.id, removed=match[0], label=indicator.name)


def _revalidate(indicator: Indicator, observations: list[Observation]) -> Indicator:
    try:
        return Indicator.model_validate({**indicator.model_dump(), "observations": observations})
    except ValidationError as error:
        raise InvalidInput(explain(error, "observation")) from None


#: Map-level fields an ``update_map`` change can set: its title and description, its type
#: (theory of change or systems map), its named loops (the whole table, id -> loop), its own
#: fields, which of them size and colour its elements, and the language its texts are written in.
MAP_FIELDS = ("title", "description", "map_type", "loops", "fields", "display", "language")


def _update_map(draft: _Draft, change: UpdateMap) -> Change:
    unknown = set(change.set) - set(MAP_FIELDS)
    if unknown:
        raise InvalidInput(_("A map has no field '{field}' that can be changed.", field=sorted(unknown)[0]))
    before = {f: getattr(draft, f) for f in MAP_FIELDS}
    try:
        checked = MapState.model_validate({**{f: before[f] for f in MAP_FIELDS}, **change.set})
    except ValidationError as error:
        if all(e["loc"] for e in error.errors()):
            raise InvalidInput(explain(error, "map")) from None
        said = explain(error)  # a rule of the whole map (which field shows it): a sentence of its own
        raise InvalidInput(sentence(said)) from None
    if "fields" in change.set:
        problems = field_problems(checked.fields, draft.elements, "element")
        problems += field_problems(checked.fields, draft.links, "link")
        if problems:
            raise InvalidInput(ngettext("The map's fields cannot change that way: {problem} ({n} value in all).",
                                        "The map's fields cannot change that way: {problem} ({n} values in all).",
                                        len(problems), problem=problems[0]))
    for field in MAP_FIELDS:
        setattr(draft, field, getattr(checked, field))
    fields = list(change.set)
    after = checked.model_dump(mode="json", include=set(fields))
    was = MapState.model_construct(**before).model_dump(mode="json", include=set(fields))
    return UpdateMap(set=after, before=was)


def _check_learning_refs(draft: _Draft, entry: LearningEntry, old: LearningEntry | None = None) -> None:
    """At most one course correction is active at a time.

    The elements and indicators an entry names are checked by the service that records it:
    the log is a record, and an entry may name an item that was removed since.
    """
    if entry.correction == "active":
        other = active_correction({k: v for k, v in draft.learning.items() if k != entry.id})
        if other is not None:
            raise InvalidInput(_("The course correction “{headline}” is still active; finish it first.",
                                 headline=draft.learning[other].headline))


def _add_learning(draft: _Draft, change: AddLearning) -> Change:
    entry = change.entry
    draft.id_free(entry.id)
    if entry.id in draft.learning:
        raise InvalidInput(_("The id '{id}' is already used on this map.", id=entry.id))
    _check_learning_refs(draft, entry)
    draft.learning[entry.id] = entry
    return change


def _get_learning(draft: _Draft, entry_id: str) -> LearningEntry:
    entry = draft.learning.get(entry_id)
    if entry is None:
        raise NotFound(_(NOT_FOUND["learning entry"], id=entry_id))
    return entry


def _update_learning(draft: _Draft, change: UpdateLearning) -> Change:
    old = _get_learning(draft, change.id)
    unknown = sorted(set(change.set) - set(LearningEntry.model_fields) | (_NOT_SET & set(change.set)))
    if unknown:
        raise InvalidInput(_(NO_SUCH_FIELD["learning entry"], field=unknown[0]))
    try:
        new = LearningEntry.model_validate({**old.model_dump(), **change.set})
    except ValidationError as error:
        raise InvalidInput(explain(error, "learning entry")) from None
    _check_learning_refs(draft, new, old)
    old_json, new_json = old.model_dump(mode="json"), new.model_dump(mode="json")
    changed = [f for f in change.set if old_json[f] != new_json[f]] or list(change.set)
    draft.learning[change.id] = new
    return UpdateLearning(
        id=change.id, set={f: new_json[f] for f in changed}, before={f: old_json[f] for f in changed},
        label=new.headline,
    )


def _remove_learning(draft: _Draft, change: RemoveLearning) -> Change:
    _get_learning(draft, change.id)
    return RemoveLearning(id=change.id, removed=draft.learning.pop(change.id))


def _assumption(draft: _Draft, element_id: str) -> Element:
    element = draft.get("element", element_id)
    if element.kind != ElementKind.ASSUMPTION:
        raise InvalidInput(_("Only an assumption has an evidence log, and “{label}” is not one.", label=element.label))
    return element


def _evidence_update(element: Element, change: _EvidenceOp, evidence: list[EvidenceNote]) -> tuple[dict, dict]:
    """The element update and the recorded status fields of an evidence change."""
    update: dict[str, Any] = {"evidence": evidence}
    sets = change.set_status or change.status is not None
    if sets:
        update["assumption_status"] = change.status
    recorded = {"set_status": sets, "before_status": element.assumption_status if sets else None,
                "label": element.label}
    return update, recorded


def _add_evidence(draft: _Draft, change: AddEvidence) -> Change:
    element = _assumption(draft, change.element)
    if any(n.id == change.note.id for n in element.evidence):
        raise InvalidInput(_("The assumption already has an evidence note '{id}'.", id=change.note.id))
    evidence = list(element.evidence)
    evidence.insert(len(evidence) if change.position is None else change.position, change.note)
    update, recorded = _evidence_update(element, change, evidence)
    draft.elements[element.id] = element.model_copy(update=update)
    return change.model_copy(update=recorded)


def _remove_evidence(draft: _Draft, change: RemoveEvidence) -> Change:
    element = _assumption(draft, change.element)
    index = next((i for i, n in enumerate(element.evidence) if n.id == change.id), None)
    if index is None:
        raise NotFound(_("The assumption has no evidence note '{id}'.", id=change.id))
    evidence = list(element.evidence)
    removed = evidence.pop(index)
    update, recorded = _evidence_update(element, change, evidence)
    draft.elements[element.id] = element.model_copy(update=update)
    return change.model_copy(update={**recorded, "removed": removed, "position": index})


def _note(draft: _Draft, change: Note) -> Change:
    return change  # an event: the map stays as it is


# --------------------------------------------------------------------------- partnership foundations

_FOUNDATION_MODELS: dict[str, type] = {
    "purpose": Purpose, "principle": Principle, "responsibility": Responsibility, "version": FoundationVersion,
}
_FOUNDATION_TABLES = {"principle": "principles", "responsibility": "responsibilities", "version": "versions"}
_AGREEMENT_ONLY = frozenset({"agreed_by", "disputed_by"})


def _get_foundation(draft: _Draft, kind: str, item_id: str):
    if kind == "purpose":
        return draft.purpose
    item = getattr(draft, _FOUNDATION_TABLES[kind]).get(item_id)
    if item is None:
        raise NotFound(_(NOT_FOUND[kind], id=item_id))
    return item


def _foundation_text(item) -> str:
    if isinstance(item, FoundationVersion):
        return _("version {number}", number=item.number)
    return item.text if len(item.text) <= 60 else item.text[:59] + "…"


def _current_foundations(draft: _Draft) -> Foundations:
    return Foundations.model_construct(
        purpose=draft.purpose, principles=list(draft.principles.values()),
        responsibilities=list(draft.responsibilities.values()),
    )


def _put_foundations(draft: _Draft, content: Foundations) -> None:
    draft.purpose = content.purpose
    draft.principles = {p.id: p for p in content.principles}
    draft.responsibilities = {r.id: r for r in content.responsibilities}


def _add_foundation(draft: _Draft, change: AddFoundation) -> Change:
    item = change.item
    if item.id in draft.principles or item.id in draft.responsibilities or item.id == "purpose":
        raise InvalidInput(_("The id '{id}' is already used on this map.", id=item.id))
    getattr(draft, _FOUNDATION_TABLES[change.kind])[item.id] = item
    return change


def _update_foundation(draft: _Draft, change: UpdateFoundation) -> Change:
    kind = change.kind
    if kind == "purpose" and change.id != "purpose":
        raise InvalidInput(_("The joint purpose has the id 'purpose'."))
    old = _get_foundation(draft, kind, change.id)
    model = _FOUNDATION_MODELS[kind]
    fields = dict(change.set)
    unknown = sorted(set(fields) - set(model.model_fields) | (_NOT_SET & set(fields)))
    if unknown:
        raise InvalidInput(_(NO_SUCH_FIELD[kind], field=unknown[0]))
    if kind == "version" and not _AGREEMENT_ONLY.issuperset(fields):
        raise InvalidInput(_("A re-articulation stays as it was recorded; record a new one to change it."))
    if old.agreed_by and not NEUTRAL_FIELDS.issuperset(fields) and "agreed_by" not in fields:
        fields["agreed_by"] = []  # a changed statement must be agreed again
    try:
        new = model.model_validate({**old.model_dump(), **fields})
    except ValidationError as error:
        raise InvalidInput(explain(error, kind)) from None
    old_json, new_json = old.model_dump(mode="json"), new.model_dump(mode="json")
    changed = [f for f in fields if old_json[f] != new_json[f]] or list(fields)
    if "agreed_by" in fields and "agreed_by" not in changed and not NEUTRAL_FIELDS.issuperset(changed):
        changed.append("agreed_by")  # kept on purpose: recorded, so that undo keeps it too
    if kind == "purpose":
        draft.purpose = new
    else:
        getattr(draft, _FOUNDATION_TABLES[kind])[change.id] = new
    return UpdateFoundation(
        kind=kind, id=change.id, set={f: new_json[f] for f in changed}, before={f: old_json[f] for f in changed},
        label=_foundation_text(new) if kind != "purpose" else "joint purpose",
    )


def _remove_foundation(draft: _Draft, change: RemoveFoundation) -> Change:
    item = _get_foundation(draft, change.kind, change.id)
    del getattr(draft, _FOUNDATION_TABLES[change.kind])[change.id]
    return RemoveFoundation(kind=change.kind, id=change.id, removed=item.model_dump(mode="json"))


def _rearticulate(draft: _Draft, change: Rearticulate) -> Change:
    version = change.version
    if version.id in draft.versions:
        raise InvalidInput(_("There is already a version '{id}' on this map.", id=version.id))
    if any(v.number == version.number for v in draft.versions.values()):
        raise InvalidInput(_("There is already a version {number}; someone re-articulated at the same time.",
                             number=version.number))
    before = _current_foundations(draft)
    _put_foundations(draft, change.content or version.content)
    draft.versions[version.id] = version
    return Rearticulate(version=version, content=change.content, before=before)


def _drop_version(draft: _Draft, change: DropVersion) -> Change:
    version = _get_foundation(draft, "version", change.id)
    before = _current_foundations(draft)
    _put_foundations(draft, change.content or version.previous)
    del draft.versions[change.id]
    return DropVersion(id=change.id, content=change.content, removed=version, before=before)


def foundations_of(state: MapState) -> Foundations:
    """The current purpose, principles and responsibilities of a map, as one value."""
    return Foundations(
        purpose=state.purpose, principles=list(state.principles.values()),
        responsibilities=list(state.responsibilities.values()),
    )


def _diff_foundations(old: MapState, new: MapState) -> list[Change]:
    """Ops turning ``old``'s foundations and versions into ``new``'s (see :func:`diff_states`)."""
    ops: list[Change] = []
    keep = foundations_of(old)  # version ops leave the current foundations as they are
    changed_versions = {
        i for i in old.versions if i in new.versions
        and _changed_fields(old.versions[i], new.versions[i], skip=set(_AGREEMENT_ONLY))
    }
    for version_id in sorted(old.versions, key=lambda i: -old.versions[i].number):
        if version_id not in new.versions or version_id in changed_versions:
            ops.append(DropVersion(id=version_id, content=keep))
    for version_id in sorted(new.versions, key=lambda i: new.versions[i].number):
        if version_id not in old.versions or version_id in changed_versions:
            ops.append(Rearticulate(version=new.versions[version_id], content=keep))
        elif fields := _changed_fields(old.versions[version_id], new.versions[version_id]):
            ops.append(UpdateFoundation(kind="version", id=version_id, set=fields))
    if fields := _changed_fields(old.purpose, new.purpose):
        ops.append(UpdateFoundation(kind="purpose", id="purpose", set=_with_agreement(fields, new.purpose)))
    for kind, table in (("principle", "principles"), ("responsibility", "responsibilities")):
        before, after = getattr(old, table), getattr(new, table)
        ops += [RemoveFoundation(kind=kind, id=i) for i in before if i not in after]
        for item_id, item in after.items():
            if item_id not in before:
                ops.append(AddFoundation(**{kind: item}))
            elif fields := _changed_fields(before[item_id], item):
                ops.append(UpdateFoundation(kind=kind, id=item_id, set=_with_agreement(fields, item)))
    return ops


def _with_agreement(fields: dict[str, Any], item) -> dict[str, Any]:
    """Name the agreement explicitly, so that a changed text does not reset it on the way."""
    return {**fields, "agreed_by": list(item.agreed_by)}


def _foundation_item(state: MapState, item_id: str):
    if item_id == "purpose":
        return state.purpose
    return state.principles.get(item_id) or state.responsibilities.get(item_id) or state.versions.get(item_id)


def _translate(draft: _Draft, change: Translate) -> Change:
    item = item_of(draft.state(), change.kind, change.id)
    if item is None:
        raise NotFound(_("There is no {kind} '{id}' on this map (it may have been removed).",
                         kind=field_name(change.kind), id=change.id))
    languages, before, after = retranslated(item, change.kind, change.field, change.language, change.text,
                                            change.of, draft.language)
    _put_translations(draft, change.kind, change.id, item.model_copy(update={"translations": languages}))
    return change.model_copy(update={"text": after.text if after else "", "of": after.of if after else None,
                                     "before": before, "label": _translated_label(draft, change.kind, change.id)})


def _put_translations(draft: _Draft, kind: str, item_id: str, item) -> None:
    if kind == "map":
        draft.translations = item.translations
    elif kind == "purpose":
        draft.purpose = item
    elif kind == "learning":
        draft.learning[item_id] = item
    elif kind in _FOUNDATION_TABLES:
        getattr(draft, _FOUNDATION_TABLES[kind])[item_id] = item
    else:
        draft.table(kind)[item_id] = item


def _translated_label(draft: _Draft, kind: str, item_id: str) -> str:
    if kind == "map":
        return draft.title
    if kind == "purpose":
        return _foundation_text(draft.purpose)
    if kind == "learning":
        return draft.learning[item_id].headline
    if kind in _FOUNDATION_TABLES:
        return _foundation_text(getattr(draft, _FOUNDATION_TABLES[kind])[item_id])
    return draft.label(item_id)


def _save_view(draft: _Draft, change: SaveView) -> Change:
    view = change.view
    before = draft.views.get(view.id)
    if before is None and len(draft.views) >= VIEWS_MAX:
        raise InvalidInput(_("A map keeps at most {n} saved views; remove one first.", n=VIEWS_MAX))
    taken = next((v for v in draft.views.values() if v.id != view.id and v.name.casefold() == view.name.casefold()),
                 None)
    if taken is not None:
        raise InvalidInput(_("There is already a view named “{name}”.", name=taken.name))
    draft.views[view.id] = view
    return SaveView(view=view, before=before)


def _remove_view(draft: _Draft, change: RemoveView) -> Change:
    if change.id not in draft.views:
        raise NotFound(_(NOT_FOUND["view"], id=change.id))
    return RemoveView(id=change.id, removed=draft.views.pop(change.id))


def _partnership_only(draft: _Draft, change: Change) -> Change:
    """Partner changes leave the map's content as it is: the services apply them to the partnership."""
    return change


def _batch(draft: _Draft, change: Batch) -> Change:
    recorded = [_apply(draft, op) for op in change.ops]
    return Batch(ops=recorded, reason=change.reason) if draft.recording else change


_HANDLERS = {
    "add_element": _add_element,
    "add_link": _add_link,
    "add_indicator": _add_indicator,
    "update_element": _update("element"),
    "update_link": _update("link"),
    "update_indicator": _update("indicator"),
    "remove_element": _remove("element"),
    "remove_link": _remove("link"),
    "remove_indicator": _remove("indicator"),
    "move_elements": _move,
    "add_observation": _add_observation,
    "remove_observation": _remove_observation,
    "update_map": _update_map,
    "batch": _batch,
    "add_foundation": _add_foundation,
    "update_foundation": _update_foundation,
    "remove_foundation": _remove_foundation,
    "rearticulate": _rearticulate,
    "drop_version": _drop_version,
    "note": _note,
    "add_learning": _add_learning,
    "update_learning": _update_learning,
    "remove_learning": _remove_learning,
    "add_evidence": _add_evidence,
    "remove_evidence": _remove_evidence,
    "translate": _translate,
    "save_view": _save_view,
    "remove_view": _remove_view,
    **{op: _partnership_only for op in PARTNER_OPS},
}


# --------------------------------------------------------------------------- undo


def inverse(recorded: Change) -> Change:
    """The change that undoes a recorded change.

    Examples
    --------
    >>> inverse(UpdateMap(set={"title": "New"}, before={"title": "Old"})).set
    {'title': 'Old'}
    """
    match recorded:
        case AddElement(element=e):
            return RemoveElement(id=e.id)
        case AddLink(link=link):
            return RemoveLink(id=link.id)
        case AddIndicator(indicator=i):
            return RemoveIndicator(id=i.id)
        case UpdateElement() | UpdateLink() | UpdateIndicator() | UpdateMap():
            return recorded.model_copy(update={"set": recorded.before, "before": recorded.set})
        case RemoveElement() | RemoveLink() | RemoveIndicator():
            return _reinstate(recorded.removed)
        case MoveElements():
            return MoveElements(positions=recorded.before, before=recorded.positions)
        case AddObservation(indicator=i, observation=o):
            return RemoveObservation(indicator=i, id=o.id)
        case RemoveObservation(indicator=i, removed=o):
            return AddObservation(indicator=i, observation=o)
        case Batch(ops=ops):
            return Batch(ops=[inverse(op) for op in reversed(ops)], reason=_("Undo: {reason}", reason=recorded.reason).strip())
        case Note(text=text):
            raise InvalidInput(_("“{text}” records an event; it changed nothing on the map to undo.", text=text))
        case AddLearning(entry=e):
            return RemoveLearning(id=e.id)
        case UpdateLearning():
            return recorded.model_copy(update={"set": recorded.before, "before": recorded.set})
        case RemoveLearning(removed=e) if e is not None:
            return AddLearning(entry=e)
        case AddEvidence(element=a, note=n, set_status=sets, before_status=b):
            return RemoveEvidence(element=a, id=n.id, set_status=sets, status=b)
        case RemoveEvidence(element=a, removed=n, set_status=sets, before_status=b) if n is not None:
            return AddEvidence(element=a, note=n, set_status=sets, status=b, position=recorded.position)
        case AddFoundation(principle=p, responsibility=r):
            return RemoveFoundation(kind=recorded.kind, id=(p or r).id)
        case UpdateFoundation():
            return recorded.model_copy(update={"set": recorded.before, "before": recorded.set})
        case RemoveFoundation(kind=kind, removed=item) if item is not None:
            return AddFoundation(**{kind: item})
        case Rearticulate(version=v, before=b):
            return DropVersion(id=v.id, content=b)
        case DropVersion(removed=v, before=b) if v is not None:
            return Rearticulate(version=v, content=b)
        case AddPartner(partner=p):
            return RetirePartner(id=p.id, label=p.name)
        case UpdatePartner():
            return recorded.model_copy(update={"set": recorded.before, "before": recorded.set})
        case RetirePartner() | MergePartner():
            return ReinstatePartner(id=recorded.id, label=recorded.label)
        case ReinstatePartner():
            return RetirePartner(id=recorded.id, label=recorded.label)
        case Translate(before=b):
            return recorded.model_copy(update={"text": b.text if b else "", "of": b.of if b else None, "before": None})
        case SaveView(view=v, before=None):
            return RemoveView(id=v.id)
        case SaveView(before=b):
            return SaveView(view=b)
        case RemoveView(removed=v) if v is not None:
            return SaveView(view=v)
    raise InvalidInput(_("Cannot undo a change of type '{op}'.", op=recorded.op))


def _reinstate(removed: Removed | None) -> Batch:
    if removed is None:
        raise InvalidInput(_("This change was not recorded with what it removed, so it cannot be undone."))
    ops: list[Change] = [AddElement(element=e) for e in removed.elements]
    ops += [AddLink(link=link) for link in removed.links]
    ops += [AddIndicator(indicator=i) for i in removed.indicators]
    ops += [UpdateElement(id=a, set={"attached_to": refs}) for a, refs in removed.detached.items()]
    ops += [UpdateElement(id=o, set={"actor": removed.elements[0].id}) for o in removed.actor_of]
    return Batch(ops=ops, reason=_("Put back what was removed"))


# --------------------------------------------------------------------------- conflicts

_KIND_OF_OP = {
    "update_element": "element", "update_link": "link", "update_indicator": "indicator",
    "remove_element": "element", "remove_link": "link", "remove_indicator": "indicator",
}


def touched(change: Change) -> set[tuple[str, str]]:
    """``(item id, field)`` pairs a recorded change wrote; field ``*`` means removed.

    Examples
    --------
    >>> sorted(touched(UpdateElement(id="o1", set={"label": "x"}, before={"label": "y"})))
    [('o1', 'label')]
    """
    match change:
        case UpdateElement() | UpdateLink() | UpdateIndicator():
            return {(change.id, f) for f in change.set}
        case UpdateMap():
            return {("map", f) for f in change.set}
        case RemoveElement() | RemoveLink() | RemoveIndicator():
            removed = change.removed or Removed()
            gone = {(i.id, "*") for i in [*removed.elements, *removed.links, *removed.indicators]}
            gone |= {(a, "attached_to") for a in removed.detached} | {(o, "actor") for o in removed.actor_of}
            return gone | {(change.id, "*")}
        case MoveElements():
            return {(i, "position") for i in change.positions}
        case AddObservation() | RemoveObservation():
            return {(change.indicator, "observations")}
        case Batch():
            return set().union(*(touched(op) for op in change.ops)) if change.ops else set()
        case UpdateFoundation():
            return {(change.id, f) for f in change.set}
        case RemoveFoundation():
            return {(change.id, "*")}
        case Rearticulate() | DropVersion():
            return {("foundations", "*")}
        case UpdateLearning():
            return {(change.id, f) for f in change.set}
        case RemoveLearning():
            return {(change.id, "*")}
        case AddEvidence() | RemoveEvidence():
            status = {(change.element, "assumption_status")} if change.set_status or change.status else set()
            return {(change.element, "evidence")} | status
        case Translate():
            return {(change.id, _translated_field(change))}
        case SaveView(view=v):
            return {(v.id, "view")}
        case RemoveView():
            return {(change.id, "*")}
    return set()


def _translated_field(change: Translate) -> str:
    """How a translation is named among the fields a change touches: "label (fr)"."""
    return f"{change.field} ({change.language})"


def find_conflicts(change: Change, since: list[ChangeRecord], state: MapState) -> list[dict]:
    """Fields this change would overwrite that others changed after the author's base revision.

    Setting a field to the value it already has is no conflict; positions are
    last-writer-wins (moving is not an edit of meaning). Each conflict names the item,
    the field, its current value and who set it.
    """
    wanted = _wanted(change)
    if not wanted:
        return []
    conflicts, seen = [], set()
    for record in reversed(since):  # newest first: the current value's author
        for item_id, field in touched(record.change) & _expand(wanted, record.change):
            if (item_id, field) in seen:
                continue
            seen.add((item_id, field))
            conflicts.append(_conflict(item_id, field, wanted, record, state))
    return [c for c in conflicts if c is not None]


def _wanted(change: Change) -> dict[tuple[str, str], Any]:
    """The ``(item, field) -> new value`` a change means to write (``*`` for removals)."""
    match change:
        case UpdateElement() | UpdateLink() | UpdateIndicator():
            return {(change.id, f): v for f, v in change.set.items()}
        case UpdateMap():
            return {("map", f): v for f, v in change.set.items()}
        case RemoveElement() | RemoveLink() | RemoveIndicator() | RemoveLearning():
            return {(change.id, "*"): None}
        case UpdateLearning():
            return {(change.id, f): v for f, v in change.set.items()}
        case AddEvidence() | RemoveEvidence() if change.set_status or change.status:
            return {(change.element, "assumption_status"): change.status}
        case UpdateFoundation():
            return {(change.id, f): v for f, v in change.set.items()}
        case RemoveFoundation():
            return {(change.id, "*"): None}
        case Rearticulate() | DropVersion():
            return {("foundations", "*"): None}
        case Translate():
            return {(change.id, _translated_field(change)): change.text.strip()}
        case SaveView(view=v):
            return {(v.id, "view"): v.model_dump(mode="json")}
        case RemoveView():
            return {(change.id, "*"): None}
        case Batch():
            wanted: dict = {}
            for op in change.ops:
                wanted.update(_wanted(op))
            return wanted
    return {}


def _expand(wanted: dict, other: Change) -> set[tuple[str, str]]:
    """Pairs of ``other`` that clash with ``wanted``: same field, or anything of a removed item."""
    pairs = set(wanted)
    removed_items = {item for item, field in wanted if field == "*"}
    pairs |= {(item, field) for item, field in touched(other) if item in removed_items and field != "position"}
    pairs |= {(item, "*") for item, _ in wanted}
    return pairs


def _conflict(item_id: str, field: str, wanted: dict, record: ChangeRecord, state: MapState) -> dict | None:
    who = record.author
    base = {"item": item_id, "field": field, "revision": record.revision, "user": who.name, "partner": who.partner}
    if field == "*":
        return {**base, "current": None, "message": _("{user} removed it in revision {revision}", user=who.name,
                                                      revision=record.revision)}
    current = _current(state, item_id, field)
    if (item_id, field) in wanted and wanted[(item_id, field)] == current:
        return None
    return {**base, "current": current, "message": _("{user} set {field} to {value} in revision {revision}",
                                                     user=who.name, field=field, value=repr(current),
                                                     revision=record.revision)}


def _current(state: MapState, item_id: str, field: str) -> Any:
    if field.endswith(")"):  # a translation: "label (fr)"
        name, language = field[:-1].split(" (")
        found = next((item for _kind, i, item in translatable_items(state) if i == item_id), None)
        translation = found.translations.get(language, {}).get(name) if found is not None else None
        return translation.text if translation else ""
    if item_id == "map":
        return getattr(state, field)
    if field == "view":
        view = state.views.get(item_id)
        return None if view is None else view.model_dump(mode="json")
    if (found := _foundation_item(state, item_id)) is not None:
        return found.model_dump(mode="json").get(field)
    item = state.item(item_id) or state.learning.get(item_id)
    return None if item is None else item.model_dump(mode="json").get(field)


def raise_conflicts(conflicts: list[dict], state: MapState) -> None:
    """Raise :class:`Conflict` with one sentence naming the first clash."""
    if not conflicts:
        return
    first = conflicts[0]
    what = _("the map") if first["item"] == "map" else f"“{state.label_of(first['item'])}”"
    if first["field"] == "*":
        message = _("{user} changed or removed {what} after you last saw it (revision {revision}).",
                    user=first["user"], what=what, revision=first["revision"])
    else:
        message = _("{user} changed the {field} of {what} to {value} after you last saw it (revision {revision}).",
                    user=first["user"], field=first["field"].replace("_", " "), what=what,
                    value=repr(first["current"]), revision=first["revision"])
    if len(conflicts) > 1:
        message += " " + ngettext("{n} more field clashes too.", "{n} more fields clash too.", len(conflicts) - 1)
    raise Conflict(message, conflicts)


def partners_named(change: Change) -> set[str]:
    """Partner ids that a change writes into the map (owners, proposers, agreements...).

    Examples
    --------
    >>> sorted(partners_named(UpdateElement(id="o1", set={"owner": "moh", "agreed_by": ["moh", "iph"]})))
    ['iph', 'moh']
    """
    match change:
        case AddElement() | AddLink() | AddIndicator():
            item = getattr(change, "element", None) or getattr(change, "link", None) or change.indicator
            return _partner_refs(item.model_dump(mode="json"))
        case UpdateElement() | UpdateLink() | UpdateIndicator():
            return _partner_refs(change.set)
        case AddObservation(observation=o):
            return {o.partner} if o.partner else set()
        case AddLearning(entry=e):
            return {e.partner} if e.partner else set()
        case UpdateLearning():
            return {change.set["partner"]} if change.set.get("partner") else set()
        case AddEvidence(note=n):
            return {n.partner} if n.partner else set()
        case AddFoundation():
            return _partner_refs(change.item.model_dump(mode="json")) | {getattr(change.item, "partner", None)} - {None}
        case UpdateFoundation():
            return _partner_refs(change.set) | ({change.set["partner"]} if change.set.get("partner") else set())
        case Rearticulate(version=v):
            content = v.content if change.content is None else change.content
            items = [content.purpose, *content.principles, *content.responsibilities, v]
            return set().union(*(_partner_refs(i.model_dump(mode="json")) for i in items)) | {
                r.partner for r in content.responsibilities}
        case Batch(ops=ops):
            return set().union(*(partners_named(op) for op in ops)) if ops else set()
    return set()


_PARTNER_FIELDS = ("owner", "proposed_by", "responsible_partner")
_PARTNER_LISTS = ("agreed_by", "disputed_by")


def _partner_refs(fields: dict) -> set[str]:
    refs = {fields[f] for f in _PARTNER_FIELDS if fields.get(f)}
    refs |= {p for f in _PARTNER_LISTS for p in fields.get(f) or []}
    refs |= {o["partner"] for o in fields.get("observations") or [] if isinstance(o, dict) and o.get("partner")}
    refs |= {n["partner"] for n in fields.get("evidence") or [] if isinstance(n, dict) and n.get("partner")}
    return refs


# --------------------------------------------------------------------------- summaries


def _stands_text(fields: dict) -> str:
    """ "agreed by moh, iph; disputed by no partner" for the agreement fields a change set."""
    parts = []
    if "agreed_by" in fields:
        parts.append(_("agreed by {partners}", partners=", ".join(fields["agreed_by"]) or _("no partner")))
    if "disputed_by" in fields:
        parts.append(_("disputed by {partners}", partners=", ".join(fields["disputed_by"]) or _("no partner")))
    return "; ".join(parts)


def _fields_text(fields) -> str:
    """The names of changed fields, as a reader sees them ("label, description")."""
    return ", ".join(field_name(f) for f in fields)


def summarize(change: Change, mark_correction: bool = True) -> str:
    """One line for the history panel, in the reader's language.

    A change made for a course correction starts with "Course correction · " unless
    ``mark_correction`` is False (a list of the correction's own changes needs no mark).

    Examples
    --------
    >>> summarize(UpdateElement(id="o1", set={"label": "B"}, before={"label": "A"}, label="B"))
    'Renamed “A” to “B”'
    """
    text = _summary(change)
    return _("Course correction · {summary}", summary=text) if change.because and mark_correction else text


#: Lines for changes of each kind of item (element, link, indicator).
_CHANGED_ITEM = {
    "element": N_("Changed {fields} of “{label}”"),
    "link": N_("Changed {fields} of link “{label}”"),
    "indicator": N_("Changed {fields} of indicator “{label}”"),
}
_CHANGED_ITEM_RESET = {
    "element": N_("Changed {fields} of “{label}” (agreement reset)"),
    "link": N_("Changed {fields} of link “{label}” (agreement reset)"),
    "indicator": N_("Changed {fields} of indicator “{label}” (agreement reset)"),
}
_AGREEMENT_ON = {
    "element": N_("Agreement on “{label}”: {stands}"),
    "link": N_("Agreement on link “{label}”: {stands}"),
    "indicator": N_("Agreement on indicator “{label}”: {stands}"),
}
_REMOVED_ITEM = {
    "element": N_("Removed element “{label}”"),
    "link": N_("Removed link “{label}”"),
    "indicator": N_("Removed indicator “{label}”"),
}
_FOUNDATION_ADDED = {"principle": N_("Added principle “{text}”"), "responsibility": N_("Added responsibility “{text}”")}
_FOUNDATION_CHANGED = {"principle": N_("Changed {fields} of principle “{label}”"),
                       "responsibility": N_("Changed {fields} of responsibility “{label}”"),
                       "version": N_("Changed {fields} of version “{label}”")}
_FOUNDATION_REMOVED = {"principle": N_("Removed principle “{text}”"),
                       "responsibility": N_("Removed responsibility “{text}”"),
                       "version": N_("Removed version “{text}”")}
_LEARNING_RECORDED = {"reflection": N_("Recorded reflection “{headline}”"),
                      "decision": N_("Recorded decision “{headline}”")}
_CORRECTION = {"active": N_("Started course correction “{label}”"),
               "finished": N_("Finished course correction “{label}”")}
_MAP_TYPE_MADE = {"theory_of_change": N_("Made the map a theory of change"),
                  "systems_map": N_("Made the map a systems map")}


def _summary(change: Change) -> str:
    match change:
        case AddElement(element=e):
            return _("Added {kind} “{label}”", kind=e.kind.title.lower(), label=e.label)
        case AddLink(link=link, label=label):
            ends = label or f"{link.source} → {link.target}"
            return _("Linked {ends} ({kind})", ends=ends, kind=link.kind.title)
        case AddIndicator(indicator=i):
            return _("Added indicator “{name}”", name=i.name)
        case UpdateElement(set=s, before=b, label=label) if set(s) - AGREEMENT_FIELDS == {"label"} and b:
            if AGREEMENT_FIELDS & set(s):
                return _("Renamed “{old}” to “{new}” (agreement reset)", old=b["label"], new=s["label"])
            return _("Renamed “{old}” to “{new}”", old=b["label"], new=s["label"])
        case UpdateIndicator(set=s, before=b, reason=reason) if reason and len(s.get("revisions") or []) > len(
                (b or {}).get("revisions") or []):
            return _("Revised indicator “{label}”: {reason}", label=change.label or change.id, reason=reason)
        case UpdateElement() | UpdateLink() | UpdateIndicator():
            kind, label = _KIND_OF_OP[change.op], change.label or change.id
            content = [f for f in change.set if f not in AGREEMENT_FIELDS]
            if not content:
                return _(_AGREEMENT_ON[kind], label=label, stands=_stands_text(change.set))
            lines = _CHANGED_ITEM_RESET if AGREEMENT_FIELDS & set(change.set) else _CHANGED_ITEM
            return _(lines[kind], fields=_fields_text(content), label=label)
        case RemoveElement() | RemoveLink() | RemoveIndicator():
            return _removed_summary(change)
        case MoveElements(positions=p):
            if len(p) > 1:
                return ngettext("Moved {n} element", "Moved {n} elements", len(p))
            return _("Moved element {id}", id=next(iter(p)))
        case AddObservation(observation=o):
            value = int(o.value) if isinstance(o.value, float) and o.value.is_integer() else o.value
            return _("Recorded {value} for indicator “{label}”", value=repr(value),
                     label=change.label or change.indicator)
        case RemoveObservation():
            return _("Removed value {id} of indicator “{label}”", id=change.id, label=change.label or change.indicator)
        case UpdateMap(set={"map_type": kind}) if len(change.set) == 1:
            return _(_MAP_TYPE_MADE[kind]) if kind in _MAP_TYPE_MADE else change.op
        case UpdateMap(set={"loops": loops}) if len(change.set) == 1:
            return _loops_summary(change.before.get("loops") if change.before else None, loops)
        case UpdateMap(set=s):
            return _("Changed the map's {fields}", fields=_fields_text(s))
        case Batch(ops=ops, reason=reason):
            return reason or ngettext("{n} change", "{n} changes", len(ops))
        case _:
            return _foundation_summary(change) or _learning_summary(change) or _partner_summary(change) or change.op


def _removed_summary(change: RemoveElement | RemoveLink | RemoveIndicator) -> str:
    kind, label = _KIND_OF_OP[change.op], change.label or change.id
    removed = change.removed if change.op == "remove_element" else None
    links, indicators = (len(removed.links), len(removed.indicators)) if removed else (0, 0)
    if links and indicators:
        return _("Removed element “{label}” with {links} and {indicators}", label=label,
                 links=ngettext("{n} link", "{n} links", links),
                 indicators=ngettext("{n} indicator", "{n} indicators", indicators))
    if links:
        return ngettext("Removed element “{label}” with {n} link", "Removed element “{label}” with {n} links",
                        links, label=label)
    if indicators:
        return ngettext("Removed element “{label}” with {n} indicator",
                        "Removed element “{label}” with {n} indicators", indicators, label=label)
    return _(_REMOVED_ITEM[kind], label=label)


def _foundation_summary(change: Change) -> str | None:
    match change:
        case AddFoundation(kind=kind) if change.responsibility:
            return _("Added responsibility of {partner} “{text}”", partner=change.responsibility.partner,
                     text=_foundation_text(change.item))
        case AddFoundation(kind=kind):
            return _(_FOUNDATION_ADDED[kind], text=_foundation_text(change.item))
        case UpdateFoundation(kind="purpose", set=s) if "text" in s:
            return _("Set the joint purpose to “{text}”", text=_foundation_text(Purpose(text=s["text"])))
        case UpdateFoundation(kind="purpose", set=s):
            return _("Changed {fields} of the joint purpose", fields=_fields_text(s))
        case UpdateFoundation(kind=kind, set=s):
            return _(_FOUNDATION_CHANGED[kind], fields=_fields_text(s), label=change.label or change.id)
        case RemoveFoundation(kind=kind, removed=r):
            return _(_FOUNDATION_REMOVED[kind], text=(r or {}).get("text", change.id))
        case Rearticulate(version=v):
            return _("Re-articulated purpose, principles and responsibilities (version {number}): {reason}",
                     number=v.number, reason=v.reason)
        case DropVersion(removed=v):
            return _("Took back re-articulation {number}", number=v.number if v else change.id)
    return None


def _learning_summary(change: Change) -> str | None:
    match change:
        case AddLearning(entry=e):
            return _(_LEARNING_RECORDED.get(e.kind, _LEARNING_RECORDED["reflection"]), headline=e.headline)
        case UpdateLearning(set=s, label=label) if set(s) == {"correction"}:
            line = _CORRECTION.get(s["correction"], N_("Cancelled course correction “{label}”"))
            return _(line, label=label or change.id)
        case UpdateLearning(set=s, label=label):
            return _("Changed {fields} of learning entry “{label}”", fields=_fields_text(s), label=label or change.id)
        case RemoveLearning(removed=e):
            return _("Removed learning entry “{headline}”", headline=e.headline if e else change.id)
        case AddEvidence(note=n, label=label) if change.status:
            return _("Marked assumption “{label}” {status}: {text}", label=label or change.element,
                     status=status_title(change.status), text=n.text[:60])
        case AddEvidence(note=n, label=label):
            return _("Added evidence to assumption “{label}”: {text}", label=label or change.element, text=n.text[:60])
        case RemoveEvidence(label=label):
            return _("Removed evidence note {id} of assumption “{label}”", id=change.id,
                     label=label or change.element)
        case Note(text=text):
            return text
    return None


def _partner_summary(change: Change) -> str | None:
    match change:
        case AddPartner(partner=p):
            return _("Added partner “{name}”", name=p.name)
        case UpdatePartner(set={"name": name}, before=b) if len(change.set) == 1 and b:
            return _("Renamed partner “{old}” to “{new}”", old=b["name"], new=name)
        case UpdatePartner(set=s):
            return _("Changed {fields} of partner “{label}”", fields=_fields_text(s), label=change.label or change.id)
        case RetirePartner():
            return _("Retired partner “{label}”", label=change.label or change.id)
        case ReinstatePartner():
            return _("Reinstated partner “{label}”", label=change.label or change.id)
        case SaveView(view=v, before=b) if b is not None and b.name != v.name:
            return _("Renamed the view “{old}” to “{new}”", old=b.name, new=v.name)
        case SaveView(view=v, before=b) if b is not None:
            return _("Changed the view “{name}”", name=v.name)
        case SaveView(view=v):
            return _("Saved the view “{name}”", name=v.name)
        case RemoveView(removed=v):
            return _("Removed the view “{name}”", name=v.name if v else change.id)
        case Translate():
            return translation_summary(change.label or change.id, change.field, change.language, not change.text)
        case MergePartner() if change.members_moved:
            return ngettext("Merged partner “{label}” into “{into}” ({n} member moved)",
                            "Merged partner “{label}” into “{into}” ({n} members moved)", change.members_moved,
                            label=change.label or change.id, into=change.into_label or change.into)
        case MergePartner():
            return _("Merged partner “{label}” into “{into}”", label=change.label or change.id,
                     into=change.into_label or change.into)
    return None


# --------------------------------------------------------------------------- diff


def _loops_summary(before: dict | None, after: dict) -> str:
    """A line for a change of the named loops: which loop was named, renamed or unnamed."""
    before = before or {}
    added = [after[i]["name"] for i in after if i not in before]
    dropped = [before[i]["name"] for i in before if i not in after]
    changed = [after[i]["name"] for i in after if i in before and before[i] != after[i]]
    if len(added) == 1 and not dropped and not changed:
        return _("Named a loop “{name}”", name=added[0])
    if len(dropped) == 1 and not added and not changed:
        return _("Took the name “{name}” off a loop", name=dropped[0])
    if len(changed) == 1 and not added and not dropped:
        return _("Changed the loop “{name}”", name=changed[0])
    return ngettext("Changed the named loops ({n} now)", "Changed the named loops ({n} now)", len(after))


def diff_states(old: MapState, new: MapState, reason: str = "") -> Batch:
    """A batch that turns ``old`` into ``new`` (applied to ``old`` it gives ``new``).

    Examples
    --------
    >>> a = MapState(title="A")
    >>> b = MapState(title="B", elements={"x": Element(id="x", kind="impact", label="Better lives")})
    >>> after, _ = apply_change(a, diff_states(a, b))
    >>> after == b
    True
    """
    ops: list[Change] = []
    if old.fields != new.fields:  # every field defined while items gain and lose values; the new set at the end
        ops.append(UpdateMap(set={"fields": {i: f.model_dump(mode="json") for i, f in {**old.fields, **new.fields}.items()}}))
    rewired = {i for i in old.links if i in new.links and _rewired(old.links[i], new.links[i])}
    ops += [RemoveLink(id=i) for i in old.links if i not in new.links or i in rewired]
    ops += [RemoveIndicator(id=i) for i in old.indicators if i not in new.indicators]
    for element_id, element in new.elements.items():
        was = old.elements.get(element_id)
        if was is None:
            ops.append(AddElement(element=element.model_copy(update={"attached_to": [], "actor": None})))
    for element_id, element in new.elements.items():
        was = old.elements.get(element_id)
        fields = _changed_fields(was, element, skip={"attached_to"}) if was else _set_refs(element)
        if fields:
            ops.append(UpdateElement(id=element_id, set=fields))
    ops += [RemoveElement(id=i) for i in old.elements if i not in new.elements]
    for link_id, link in new.links.items():
        was = old.links.get(link_id)
        if was is None or link_id in rewired:
            ops.append(AddLink(link=link, parallel=True))
        elif fields := _changed_fields(was, link):
            ops.append(UpdateLink(id=link_id, set=fields))
    for indicator_id, indicator in new.indicators.items():
        was = old.indicators.get(indicator_id)
        if was is None:
            ops.append(AddIndicator(indicator=indicator))
        elif fields := _changed_fields(was, indicator):  # a revision (if it is one) gives the batch's reason
            ops.append(UpdateIndicator(id=indicator_id, set=fields, reason=reason or "Brought in another version"))
    for element_id, element in new.elements.items():
        was = old.elements.get(element_id)
        reattach = was is None or was.attached_to != element.attached_to or rewired & set(element.attached_to)
        if element.attached_to and reattach:
            ops.append(UpdateElement(id=element_id, set={"attached_to": element.attached_to}))
        elif was is not None and was.attached_to and not element.attached_to:
            ops.append(UpdateElement(id=element_id, set={"attached_to": []}))
    ops += [RemoveLearning(id=i) for i in old.learning if i not in new.learning]
    activate: list[Change] = []  # last, once any other correction is finished
    for entry_id, entry in new.learning.items():
        was = old.learning.get(entry_id)
        if was is None:
            ops.append(AddLearning(entry=entry.model_copy(update={"correction": None})))
        fields = _changed_fields(was, entry) if was is not None else {"correction": entry.correction}
        fields = {f: v for f, v in fields.items() if was is not None or v is not None}
        if fields:
            (activate if entry.correction == "active" else ops).append(UpdateLearning(id=entry_id, set=fields))
    ops += activate
    ops += _diff_foundations(old, new)
    meta = {f: getattr(new, f) for f in MAP_FIELDS if getattr(old, f) != getattr(new, f)}
    for table in ("loops", "fields"):
        if table in meta:
            meta[table] = {i: item.model_dump(mode="json") for i, item in getattr(new, table).items()}
    if "display" in meta:
        meta["display"] = new.display.model_dump(mode="json")
    if meta:
        ops.append(UpdateMap(set=meta))
    ops += _diff_translations(old, new, skip=rewired)
    changed_views = [i for i, v in old.views.items() if new.views.get(i) != v]  # off first: names may swap
    ops += [RemoveView(id=i) for i in changed_views]
    ops += [SaveView(view=v) for i, v in new.views.items() if i not in old.views or i in changed_views]
    return Batch(ops=ops, reason=reason)


def _diff_translations(old: MapState, new: MapState, skip: set[str]) -> list[Change]:
    """Translate ops turning the translations of items on both maps from ``old``'s into ``new``'s.

    Items added on the way bring their translations with them (and ``skip``: links added anew).
    """
    was = {(kind, item_id): item for kind, item_id, item in translatable_items(old)}
    ops: list[Change] = []
    for kind, item_id, item in translatable_items(new):
        before = was.get((kind, item_id))
        if before is None or item_id in skip or before.translations == item.translations:
            continue
        for language in sorted(before.translations.keys() | item.translations.keys()):
            a, b = before.translations.get(language, {}), item.translations.get(language, {})
            for field in sorted(a.keys() | b.keys()):
                if a.get(field) != b.get(field):
                    found = b.get(field)
                    ops.append(Translate(kind=kind, id=item_id, language=language, field=field,
                                         text=found.text if found else "", of=found.of if found else None))
    return ops


def _rewired(old: Link, new: Link) -> bool:
    return (old.source, old.target, old.kind) != (new.source, new.target, new.kind)


def _changed_fields(old, new, skip: set[str] = frozenset()) -> dict[str, Any]:
    """The fields that differ (translations apart: see :func:`_diff_translations`)."""
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    return {f: b[f] for f in b if f not in skip and f not in _NOT_SET and a[f] != b[f]}


def _set_refs(element: Element) -> dict[str, Any]:
    return {"actor": element.actor} if element.actor else {}
