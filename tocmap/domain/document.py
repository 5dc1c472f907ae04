"""The full-fidelity JSON document of a map: what `tocmap export --format json` writes.

A document holds the partnership, the map's content at one revision, its snapshots and,
optionally, its whole history. Templates and examples in ``models/`` are documents too.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from tocmap.domain.changes import ChangeRecord
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import (
    Element,
    FieldDefinition,
    FieldDisplay,
    FoundationVersion,
    Indicator,
    Label,
    LearningEntry,
    Link,
    MapState,
    MapType,
    NamedLoop,
    Partnership,
    Principle,
    Purpose,
    Responsibility,
    SavedView,
    Snapshot,
    Text,
    TextLanguage,
    Translatable,
    explain,
    integrity_problems,
    partner_problems,
)
from tocmap.domain.translations import read_in
from tocmap.i18n import _

FORMAT = "tocmap.map/1"


class MapDocument(Translatable):
    """A map with its partnership, snapshots and (optionally) history, as one JSON document.

    ``language`` is the language its texts are written in; ``translations`` those of its title and description.
    """

    format: Literal["tocmap.map/1"] = FORMAT
    title: Label
    description: Text = ""
    partnership: Partnership
    revision: int = Field(0, ge=0, description="The revision this document shows.")
    exported_at: dt.datetime | None = None
    elements: list[Element] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    learning: list[LearningEntry] = Field(default_factory=list, description="The learning log, oldest first.")
    purpose: Purpose = Field(default_factory=Purpose, description="The joint purpose statement.")
    principles: list[Principle] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(default_factory=list)
    versions: list[FoundationVersion] = Field(default_factory=list, description="Re-articulations, oldest first.")
    map_type: MapType = Field("theory_of_change", description="A results chain or a systems map.")
    loops: list[NamedLoop] = Field(default_factory=list, description="Named feedback loops.")
    fields: list[FieldDefinition] = Field(default_factory=list, description="The map's own fields.")
    display: FieldDisplay = Field(default_factory=FieldDisplay, description="Which fields size and colour elements.")
    language: TextLanguage = Field("en", description="The language its texts are written in.")
    views: list[SavedView] = Field(default_factory=list, description="Saved views, in the order they were saved.")
    snapshots: list[Snapshot] = Field(default_factory=list)
    history: list[ChangeRecord] | None = Field(None, description="Every change, oldest first, when exported with it.")

    @model_validator(mode="after")
    def _consistent(self) -> MapDocument:
        ids = [i.id for i in [*self.elements, *self.links, *self.indicators]]
        repeated = sorted({i for i in ids if ids.count(i) > 1}) if len(ids) != len(set(ids)) else []
        if repeated:
            raise ValueError(_("the id '{repeated}' is used more than once", repeated=repeated[0]))
        state = self.state()
        problems = integrity_problems(state) + partner_problems(state, self.partnership.known_ids())
        if problems:
            raise ValueError("; ".join(problems[:5]))
        if self.history is not None:
            revisions = [r.revision for r in self.history]
            if revisions != list(range(1, len(revisions) + 1)):
                raise ValueError(_("history revisions must run 1, 2, 3... without gaps"))
            if revisions and revisions[-1] != self.revision:
                raise ValueError(_("history ends at revision {revisions} but the map is at {revision}", revisions=revisions[-1], revision=self.revision))
        names = [s.name for s in self.snapshots]
        if len(names) != len(set(names)):
            raise ValueError(_("two snapshots have the same name"))
        return self

    def state(self) -> MapState:
        """The map content as a :class:`MapState`."""
        return MapState.model_construct(
            title=self.title,
            description=self.description,
            elements={e.id: e for e in self.elements},
            links={lk.id: lk for lk in self.links},
            indicators={i.id: i for i in self.indicators},
            learning={e.id: e for e in self.learning},
            purpose=self.purpose,
            principles={p.id: p for p in self.principles},
            responsibilities={r.id: r for r in self.responsibilities},
            versions={v.id: v for v in self.versions},
            map_type=self.map_type,
            loops={loop.id: loop for loop in self.loops},
            fields={f.id: f for f in self.fields},
            display=self.display,
            language=self.language,
            translations=self.translations,
            views={v.id: v for v in self.views},
        )

    def read_in(self, language: str) -> MapDocument:
        """The document with every text in ``language`` where a translation exists (for files people read).

        Examples
        --------
        >>> from tocmap.domain.model import Translation, fingerprint
        >>> fr = {"fr": {"title": Translation(text="Données de santé", of=fingerprint("Health data"))}}
        >>> doc = MapDocument(title="Health data", partnership=Partnership(id="p", name="P"), translations=fr)
        >>> doc.read_in("fr").title, doc.read_in("es").title
        ('Données de santé', 'Health data')
        """
        state = self.state()
        shown = read_in(state, language)
        if shown is state:
            return self
        return self.model_copy(update={
            "title": shown.title, "description": shown.description, "elements": list(shown.elements.values()),
            "links": list(shown.links.values()), "indicators": list(shown.indicators.values()),
            "learning": list(shown.learning.values()), "purpose": shown.purpose,
            "principles": list(shown.principles.values()),
            "responsibilities": list(shown.responsibilities.values())})

    @classmethod
    def of(cls, state: MapState, partnership: Partnership, **extra: Any) -> MapDocument:
        """Build a document from a state and its partnership."""
        return cls(
            title=state.title,
            description=state.description,
            partnership=partnership,
            elements=list(state.elements.values()),
            links=list(state.links.values()),
            indicators=list(state.indicators.values()),
            learning=list(state.learning.values()),
            purpose=state.purpose,
            principles=list(state.principles.values()),
            responsibilities=list(state.responsibilities.values()),
            versions=sorted(state.versions.values(), key=lambda v: v.number),
            map_type=state.map_type,
            loops=list(state.loops.values()),
            fields=list(state.fields.values()),
            display=state.display,
            language=state.language,
            translations=state.translations,
            views=list(state.views.values()),
            **extra,
        )


def json_problem(error: Exception) -> str:
    """What is wrong with a file's JSON, in the reader's words (never the parser's English).

    Examples
    --------
    >>> try:
    ...     json.loads('{"a": }')
    ... except ValueError as error:
    ...     json_problem(error)
    'line 1, column 7'
    """
    if isinstance(error, RecursionError):
        return _("its arrays and objects nest too deeply")
    if isinstance(error, UnicodeDecodeError):
        return _("it is not UTF-8 text")
    if isinstance(error, json.JSONDecodeError):
        return _("line {line}, column {column}", line=error.lineno, column=error.colno)
    return _("it cannot be read")


def read_document(text: str | bytes | dict, source: str = "") -> MapDocument:
    """Parse and validate a map document, with one clear message when it is not one.

    Examples
    --------
    >>> read_document('{"format": "other"}')
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: the file is not a tocmap map: format: must be 'tocmap.map/1'...
    """
    source = source or _("the file")
    if isinstance(text, str | bytes):
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            raise InvalidInput(_("{source} is not valid JSON ({error}).", source=source,
                                 error=json_problem(error))) from None
    else:
        data = text  # already parsed
    if not isinstance(data, dict):
        raise InvalidInput(_("{source} is not a tocmap map: expected a JSON object.", source=source))
    try:
        return MapDocument.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(_("{source} is not a tocmap map: {problems}", source=source, problems=explain(error))) from None


def json_schema() -> dict:
    """The JSON Schema of map documents (written to models/tocmap-map.schema.json)."""
    schema = MapDocument.model_json_schema()
    schema["$id"] = "https://tocmap.org/schema/tocmap-map-1.json"
    schema["title"] = "tocmap map document"
    return schema
