"""Exports and imports of whole maps, in every format of :mod:`tocmap.adapters.exchange`.

:func:`export_map` writes a map (at its head, a revision or a named snapshot) as bytes
with a file name and media type. :func:`import_file` reads a file into a new map, or into
an existing one as one change in its history. Imports are all or nothing: the file is read
and checked completely before anything is written, and a file that is not right gets one
sentence naming where it is wrong.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass, field, replace

from tocmap import i18n
from tocmap.adapters.exchange import (
    EXPORTS,
    IMPORTS,
    MAX_FILE_BYTES,
    MAX_INDICATORS,
    ExportSource,
    Parsed,
    ReadOptions,
    get_format,
    guess_format,
    slug,
)
from tocmap.adapters.exchange.building import importing_within
from tocmap.domain.changes import diff_states
from tocmap.domain.document import MapDocument
from tocmap.domain.errors import InvalidInput, TocmapError
from tocmap.domain.layout import level_layout
from tocmap.domain.limits import Limits, upload_size_problem
from tocmap.domain.model import (
    VIEWS_MAX,
    Author,
    MapState,
    Partner,
    Partnership,
    SavedView,
    Snapshot,
    explain,
)
from tocmap.domain.views import unlike
from tocmap.i18n import N_, _, format_number
from tocmap.services import (
    actions,
    contributions,
    decisions,
    health,
    history,
    maps,
    swot,
)
from tocmap.services.access import authorize_change
from tocmap.services.files import Exported
from tocmap.services.history import append, state_at
from tocmap.services.ports import Storage

__all__ = ["EXPORTS", "IMPORTS", "Exported", "ImportResult", "export_map", "import_file", "read_file",
           "iati_activities", "MAX_FILE_BYTES"]


@dataclass
class ImportResult:
    """What an import did: the map it created or changed, at which revision, and what it left out."""

    map_id: int
    revision: int
    title: str
    format: str
    created: bool
    elements: int = 0
    links: int = 0
    indicators: int = 0
    skipped: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- export


def export_source(db: Storage, map_id: int, revision: int | None = None, snapshot: str | None = None,
                  with_history: bool = False, *, who: Author) -> ExportSource:
    """What every exporter gets: the document at a revision (or a snapshot's) and when it was made and agreed."""
    chosen: Snapshot | None = None
    if snapshot is not None:
        if revision is not None:
            raise InvalidInput(_("Give a revision or a snapshot, not both."))
        chosen = maps.find_snapshot(db, map_id, snapshot, who=who)
        revision = chosen.revision
    document = maps.export_document(db, map_id, revision, with_history=with_history, who=who)
    if chosen is None:
        at_revision = [s for s in document.snapshots if s.revision == document.revision]
        chosen = at_revision[-1] if at_revision else None
    made = history.history(db, map_id, before=document.revision + 1, limit=1, who=who) if document.revision else []
    with db.store() as store:
        head = store.map(map_id).revision
    return ExportSource(document=document, map_id=map_id, revision_at=made[0].at if made else None,
                        snapshot=chosen, head_revision=head,
                        exported_at=document.exported_at or dt.datetime.now(dt.UTC))


#: Formats that show the partners' contributions.
CONTRIBUTION_FORMATS = {"report", "xlsx", "csv", "iati"}


def _contributions_by(db: Storage, map_id: int, source: ExportSource, who: Author) -> contributions.Overview:
    """The contributions recorded by the time of the revision exported (all of them at the head)."""
    earlier = source.head_revision is not None and source.revision < source.head_revision
    return contributions.overview(db, map_id, who, until=source.revision_at if earlier else None)


#: Formats that carry every language of the map's texts (the others show one: see export_map).
EVERY_LANGUAGE = frozenset({"json", "iati"})


def export_map(db: Storage, map_id: int, fmt: str, revision: int | None = None, snapshot: str | None = None,
               with_history: bool = False, *, who: Author) -> Exported:
    """A map as a file of format ``fmt`` (see :data:`EXPORTS`), at its head, a revision or a snapshot.

    Files people read (the report, pictures, tables) are in the current language
    (:func:`tocmap.i18n.current`, set per request or with ``i18n.using``): its headings and, where
    translated, the map's texts; the JSON and IATI files keep every language.

    ``who`` must be allowed to view the map.
    """
    spec = get_format(fmt, "export")
    if with_history and spec.key != "json":
        raise InvalidInput(_("Only the tocmap JSON format can carry the history (--history)."))
    source = export_source(db, map_id, revision, snapshot, with_history=with_history, who=who)
    if spec.key not in EVERY_LANGUAGE:  # people read it: the map's texts in the language it is exported in
        source = replace(source, document=source.document.read_in(i18n.current()))
    if spec.key == "report":  # the report shows the latest health check round revealed by then
        earlier = source.head_revision is not None and source.revision < source.head_revision
        until = (source.revision_at or dt.datetime.min.replace(tzinfo=dt.UTC)) if earlier else None
        source = replace(source, health=health.latest_results(db, map_id, who, until=until))
        source = replace(source, swot=swot.latest_board(db, map_id, who))
        source = replace(source, actions=actions.actions(db, map_id, who),
                         decisions=decisions.decisions(db, map_id, who))
    if spec.key in CONTRIBUTION_FORMATS:
        source = replace(source, contributions=_contributions_by(db, map_id, source, who))
    data = getattr(spec.exporter(), spec.export_function)(source)
    version = f"-{slug(source.snapshot.name, 40)}" if snapshot is not None and source.snapshot else ""
    filename = f"{slug(source.state.title)}{version}-r{source.revision}{spec.extension}"
    if spec.key == "report":
        filename = f"{slug(source.state.title)}{version}-r{source.revision}-report.html"
    return Exported(data, filename, spec.media_type, source.revision)


# --------------------------------------------------------------------------- import

#: One line for each failed import (see tocmap/logs.py for where it goes).
IMPORT_LOG = logging.getLogger("tocmap.imports")


def read_file(data: bytes, fmt: str | None = None, filename: str | None = None, activity: str | None = None,
              limits: Limits | None = None) -> tuple[str, Parsed]:
    """Read and check a file without touching the database: its format and the map it holds.

    ``limits`` (by default those of :data:`MAX_FILE_BYTES` and :class:`Limits`) bound the file's
    size and how many elements and links it may bring; readers count before they build.
    """
    limits = limits or Limits(upload_bytes=MAX_FILE_BYTES)
    if not data:
        raise InvalidInput(_("{file} is empty.", file=filename) if filename else _("The file is empty."))
    too_big = upload_size_problem(len(data), limits, filename)
    if too_big:
        raise InvalidInput(too_big)
    key = get_format(fmt, "import").key if fmt else guess_format(filename, data)
    spec = get_format(key, "import")
    with importing_within(limits):
        parsed = spec.reader().read(data, ReadOptions(filename=filename, activity=activity))
    return spec.key, parsed


def iati_activities(data: bytes, filename: str | None = None) -> list:
    """The activities of an IATI file (identifier, title, number of results), to choose one from."""
    from tocmap.adapters.exchange.iati import activities

    return activities(data, filename or "The IATI file")


def _logged(importer):
    """Log each failed import (one line: who, which file, why) before its refusal goes back to the importer."""

    @functools.wraps(importer)
    def logged(db, data, fmt, author, into=None, filename=None, *args, **kwargs):
        try:
            return importer(db, data, fmt, author, into, filename, *args, **kwargs)
        except Exception as error:
            why = str(error) if isinstance(error, TocmapError) else f"unexpected {error!r}"
            IMPORT_LOG.warning("import failed who=%s file=%s format=%s into=%s bytes=%d why=%s", author.name,
                            " ".join(str(filename or "-").split())[:120], fmt or "guessed", into or "a new map",
                            len(data or b""), " ".join(why.split())[:300])
            raise

    return logged


@_logged
def import_file(db: Storage, data: bytes, fmt: str | None, author: Author, into: int | None = None,
                filename: str | None = None, activity: str | None = None, replace: bool = False) -> ImportResult:
    """Import a file: a new map, or (``into``) one change to an existing map. All or nothing.

    Into an existing map, the file's elements, links and indicators are added, and those
    with the same id as the map's replace them (``replace`` also removes what the file
    does not have); the map keeps its title. Partners the file names that the map's
    partnership lacks are added to it.
    """
    key, parsed = read_file(data, fmt, filename, activity, db.limits)
    document = parsed.document
    if into is not None:
        return _import_into(db, into, key, parsed, author, filename, replace)
    if not parsed.positioned and document.elements:
        document = _arranged(document)
    imported = maps.import_document(db, document, author)
    return ImportResult(imported.map_id, imported.revision, document.title, key, True, len(document.elements),
                        len(document.links), len(document.indicators), parsed.skipped + imported.skipped)


def _arranged(document: MapDocument) -> MapDocument:
    """The document with every element placed by results level (for files that carry no positions)."""
    positions = level_layout(document.state())
    elements = [e.model_copy(update={"x": positions[e.id][0], "y": positions[e.id][1]}) if e.id in positions else e
                for e in document.elements]
    return document.model_copy(update={"elements": elements})


def _import_into(db: Storage, map_id: int, key: str, parsed: Parsed, author: Author, filename: str | None,
                 replace: bool) -> ImportResult:
    document = parsed.document
    skipped = list(parsed.skipped)
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        current = state_at(store, map_id, info=info)
        partnership = store.partnership(info.partnership_id)
        partnership, renamed, added = _merge_partners(partnership, document.partnership)
        incoming = _renamed_partners(document.state(), renamed)
        merged, notes = _merged(current, incoming, replace)
        skipped += notes
        for count, limit, noun in (
                (len(merged.elements), db.limits.elements,
                 N_("With the file, map {map} would have {count} elements; an import may leave a map with at most "
                    "{most}.")),
                (len(merged.links), db.limits.links,
                 N_("With the file, map {map} would have {count} links; an import may leave a map with at most {most}.")),
                (len(merged.indicators), MAX_INDICATORS,
                 N_("With the file, map {map} would have {count} indicators; an import may leave a map with at most "
                    "{most}."))):
            if count > limit:
                raise InvalidInput(_(noun, map=map_id, count=format_number(count), most=format_number(limit)))
        reason = _("Imported {file}", file=filename) if filename else _("Imported a {format} file", format=key.upper())
        batch = diff_states(current, merged, reason=reason[:200])
        if not batch.ops:
            raise InvalidInput(_("Map {map_id} already holds everything in the file; nothing was changed.", map_id=map_id))
        author = authorize_change(store, map_id, author, batch)
        if added:
            store.save_partnership(partnership)
            skipped.append("partners added to the map's partnership: " + ", ".join(p.name for p in added))
        applied = append(store, info, batch, author, None)
    return ImportResult(map_id, applied.revision, merged.title, key, False, len(incoming.elements),
                        len(incoming.links), len(incoming.indicators), skipped)


def _merged_views(current: MapState, incoming: MapState) -> tuple[dict[str, SavedView], list[str]]:
    """The map's saved views and the file's (numbered where a name is taken), up to the most a map keeps."""
    views = dict(current.views)
    left_out = []
    for view in incoming.views.values():
        if view.id not in views and len(views) >= VIEWS_MAX:
            left_out.append(view.name)
            continue
        others = {v.name for i, v in views.items() if i != view.id}
        views[view.id] = view.model_copy(update={"name": unlike(view.name, others)})
    if not left_out:
        return views, []
    return views, [_("{n} saved views of the file were left out: a map keeps at most {most} (e.g. “{name}”).",
                     n=len(left_out), most=VIEWS_MAX, name=left_out[0][:40])]


def _merge_partners(partnership: Partnership, incoming: Partnership
                    ) -> tuple[Partnership, dict[str, str], list[Partner]]:
    """The map's partnership with the file's partners it lacks; file partner id -> map partner id."""
    by_name = {}
    for p in partnership.partners:
        for key in (p.id, p.name, p.short_name):
            if key:
                by_name[key.strip().lower()] = p.id
    renamed: dict[str, str] = {}
    added: list[Partner] = []
    taken = partnership.known_ids()
    for partner in incoming.partners:
        found = by_name.get(partner.id.lower()) if partner.id in taken else None
        found = found or by_name.get(partner.name.strip().lower()) or (
            by_name.get(partner.short_name.strip().lower()) if partner.short_name else None)
        if found:
            renamed[partner.id] = found
            continue
        new_id = partner.id
        n = 1
        while new_id in taken:
            n += 1
            new_id = f"{partner.id}-{n}"[:64]
        taken.add(new_id)
        added.append(partner.model_copy(update={"id": new_id}))
        renamed[partner.id] = new_id
    if not added:
        return partnership, renamed, []
    if len(partnership.partners) + len(added) > 20:
        raise InvalidInput(_("The file names {n} partners this map's partnership does not have; "
                             "a partnership has at most 20 partners.", n=len(added)))
    return partnership.model_copy(update={"partners": [*partnership.partners, *added]}), renamed, added


def _renamed_partners(state: MapState, renamed: dict[str, str]) -> MapState:
    """The state with every partner reference mapped to the map's own partner ids."""
    if all(k == v for k, v in renamed.items()):
        return state

    def one(value):
        return renamed.get(value, value) if value else value

    def many(values):
        return sorted({renamed.get(v, v) for v in values})

    elements = {k: e.model_copy(update={"owner": one(e.owner), "proposed_by": one(e.proposed_by),
                                        "agreed_by": many(e.agreed_by), "disputed_by": many(e.disputed_by)})
                for k, e in state.elements.items()}
    links = {k: lk.model_copy(update={"proposed_by": one(lk.proposed_by), "agreed_by": many(lk.agreed_by),
                                      "disputed_by": many(lk.disputed_by)}) for k, lk in state.links.items()}
    indicators = {}
    for k, i in state.indicators.items():
        observations = [o.model_copy(update={"partner": one(o.partner)}) for o in i.observations]
        indicators[k] = i.model_copy(update={
            "proposed_by": one(i.proposed_by), "agreed_by": many(i.agreed_by), "disputed_by": many(i.disputed_by),
            "responsible_partner": one(i.responsible_partner), "observations": observations})
    for k, e in elements.items():
        if e.evidence:
            elements[k] = e.model_copy(update={"evidence": [n.model_copy(update={"partner": one(n.partner)})
                                                            for n in e.evidence]})
    learning = {k: e.model_copy(update={"partner": one(e.partner)}) for k, e in state.learning.items()}
    return state.model_copy(update={"elements": elements, "links": links, "indicators": indicators,
                                    "learning": learning})


def _merged(current: MapState, incoming: MapState, replace: bool) -> tuple[MapState, list[str]]:
    """The map after the import, and notes: the file's items added or replacing those with the same id.

    Everything else stays the map's own (type, language, foundations, what sizes and colours it),
    with what the file brings beside it: the fields, named loops and saved views the map lacks.
    """
    if replace:
        elements, links, indicators = {}, {}, {}
    else:
        elements, links, indicators = dict(current.elements), dict(current.links), dict(current.indicators)
    for element_id, element in incoming.elements.items():
        was = current.elements.get(element_id)
        if element.x is None and was is not None and was.x is not None:
            element = element.model_copy(update={"x": was.x, "y": was.y})  # a file without positions keeps ours
        elements[element_id] = element
    ends = {(lk.source, lk.target, lk.kind): lk.id for lk in links.values()}
    for link_id, link in incoming.links.items():
        same = ends.get((link.source, link.target, link.kind))
        if same is not None and same != link_id:
            links.pop(same)  # the file's link stands for the one the map already has between these ends
        links[link_id] = link
    indicators.update(incoming.indicators)
    learning = {} if replace else dict(current.learning)
    learning.update(incoming.learning)
    known_loops = {loop.key for loop in current.loops.values()}
    loops = {**{i: lp for i, lp in incoming.loops.items() if lp.key not in known_loops}, **current.loops}
    views, notes = _merged_views(current, incoming)
    display = current.display if current.display.size_by or current.display.colour_by else incoming.display
    try:
        return MapState.model_validate({**dict(current), "elements": elements, "links": links,
                                        "indicators": indicators, "learning": learning,
                                        "fields": {**incoming.fields, **current.fields}, "loops": loops,
                                        "views": views, "display": display,
                                        "description": current.description or incoming.description}), notes
    except ValueError as error:
        message = explain(error) if hasattr(error, "errors") else str(error)
        raise InvalidInput(_("The file does not fit this map: {message}", message=message)) from None
