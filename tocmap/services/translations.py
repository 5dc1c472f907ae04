"""Content in several languages: the map's languages, what is left to translate, and translating.

A translation is a change in the history like any edit (:func:`tocmap.services.history.apply`),
so undo, restore and conflicts work for it as for the rest. It needs the translate permission
(editors, MEL leads and facilitators; not viewers) and never touches agreement. Writing in the
map's own language is an edit of the text itself: :func:`write` chooses which one a reader's
save is.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError

from tocmap.domain import translations as tr
from tocmap.domain.access import Permission
from tocmap.domain.changes import Translate, UpdateElement, UpdateLink, UpdateMap
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.model import Author, MapState, TextLanguage
from tocmap.i18n import _
from tocmap.services import history
from tocmap.services.access import authorize, may
from tocmap.services.ports import Storage

_LANGUAGE = TypeAdapter(TextLanguage)


@dataclass(frozen=True)
class Languages:
    """A map at its head revision with its languages, and what the reader may do."""

    revision: int
    state: MapState
    languages: list[str]
    may_translate: bool
    may_edit: bool
    may_manage: bool = False  # may say which language the map is written in

    @property
    def source(self) -> str:
        """The language the map is written in."""
        return self.state.language


def languages(db: Storage, map_id: int, *, who: Author) -> Languages:
    """The map's languages (source, partners' working languages, translations), for anyone who may view it."""
    with db.store() as store:
        info = store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        state = history.state_at(store, map_id, info=info)
        partners = store.partnership(info.partnership_id).partners
        return Languages(info.revision, state, tr.map_languages(state, [p.language for p in partners]),
                         may(store, map_id, who, Permission.TRANSLATE), may(store, map_id, who, Permission.EDIT_MAP),
                         may(store, map_id, who, Permission.MANAGE))


def language(code: object) -> str:
    """A language tag as kept ("fr", "pt-br"), refused with a clear message when it is not one.

    Examples
    --------
    >>> language(" FR ")
    'fr'
    >>> language("français")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: “français” is not a language code such as fr, es or pt-BR.
    """
    try:
        return _LANGUAGE.validate_python(code)
    except ValidationError:
        raise InvalidInput(_("“{code}” is not a language code such as fr, es or pt-BR.", code=str(code)[:20])) from None


def set_source_language(db: Storage, map_id: int, code: object, who: Author) -> history.Applied:
    """Say which language the map's texts are written in (a facilitator's choice)."""
    return history.apply(db, map_id, UpdateMap(set={"language": language(code)}), who)


def gaps(db: Storage, map_id: int, code: object, *, who: Author) -> list[tr.TextToTranslate]:
    """The texts still to translate (missing) or to check (needs review) in a language."""
    found = languages(db, map_id, who=who)
    return tr.gaps(found.state, language(code))


def translate(db: Storage, map_id: int, kind: str, item_id: str, code: object, field: str, text: object,
              who: Author, base_revision: int | None = None) -> history.Applied:
    """Write one text in a language other than the map's (an empty text takes the translation away)."""
    if not isinstance(text, str):
        raise InvalidInput(_("A translation must be text."))
    change = Translate(kind=kind, id=item_id, language=language(code), field=field, text=text)
    return history.apply(db, map_id, change, who, base_revision)


def write(db: Storage, map_id: int, kind: str, item_id: str, code: object, fields: dict[str, str], who: Author,
          base_revision: int | None = None) -> list[history.Applied]:
    """Save texts a reader wrote in their language: an edit in the map's language, else translations.

    Editing in the source language changes the meaning (agreement goes back to proposed, as any
    edit); in another language it is a translation, one change per text that differs.
    """
    code = language(code)
    state = languages(db, map_id, who=who).state
    item = tr.item_of(state, kind, item_id)
    if item is None:
        raise NotFound(_("This text is no longer on the map (it may have been removed)."))
    if tr.reads_source(code, state.language):
        changed = {f: v for f, v in fields.items() if getattr(item, f) != v}
        if not changed:
            return []
        update = {"element": lambda: UpdateElement(id=item_id, set=changed),
                  "link": lambda: UpdateLink(id=item_id, set=changed), "map": lambda: UpdateMap(set=changed)}.get(kind)
        if update is None:
            raise InvalidInput(_("Edit this text on its own page."))
        return [history.apply(db, map_id, update(), who, base_revision)]
    return [translate(db, map_id, kind, item_id, code, field, text, who, base_revision)
            for field, text in fields.items() if _translates(item, field, code, state.language, text.strip())]


def _translates(item, field: str, code: str, source: str, text: str) -> bool:
    """Whether a text a reader saved in their language differs from what they were shown."""
    if not text:
        return code in item.translations and field in item.translations[code]
    return text != tr.shown(item, field, code, source).text
