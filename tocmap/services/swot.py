"""The two-sided SWOT: open an exercise, add cards privately, reveal, group, turn cards into the map.

Who may do what: facilitators open and reveal exercises and confirm or undo suggested
pairs (manage permission); members who speak for a partner add cards for it (comment
permission); anyone who may view the map sees the board once revealed. Before reveal the
cards are visible only to facilitators and to the members of the partner that wrote them;
this holds here, so a callback or API request POSTed directly gets no more. Turning a card
into an element is a map edit (edit permission) and is recorded in the history; opening and
revealing an exercise are recorded there as notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from tocmap.adapters.notify import announce
from tocmap.domain import swot as sw
from tocmap.domain import translations as tr
from tocmap.domain.access import Permission
from tocmap.domain.changes import AddElement, Note
from tocmap.domain.clock import now_ms
from tocmap.domain.errors import InvalidInput, NotFound
from tocmap.domain.model import LABEL_MAX, Author, Element
from tocmap.domain.private_round import count_by_partner, visible
from tocmap.i18n import N_, _
from tocmap.services import history
from tocmap.services import translations as translating
from tocmap.services.access import (
    authorize,
    authorize_change,
    may,
    private_until_reveal,
)
from tocmap.services.files import Exported
from tocmap.services.ports import Repositories, Storage


def may_manage(db: Storage, map_id: int, who: Author) -> bool:
    """Whether someone may open and reveal exercises on this map."""
    with db.store() as store:
        store.map(map_id)
        return may(store, map_id, who, Permission.MANAGE)


def _note(store: Repositories, map_id: int, author: Author, text: str, exercise_id: int) -> None:
    info = store.map(map_id, lock=True)
    announce(store, map_id, "tallies")  # an exercise opened or closed: open copies' counts follow
    history.append(store, info, Note(text=text[:300], about={"kind": "swot_exercise", "id": exercise_id}),
                   author, None)


def open_exercise(db: Storage, map_id: int, title: object, who: Author) -> sw.Exercise:
    """Open a SWOT exercise (a facilitator's job); one is open at a time until revealed."""
    clean = " ".join(title.split()) if isinstance(title, str) else ""
    if not clean or len(clean) > LABEL_MAX:
        raise InvalidInput(_("A SWOT exercise needs a name of 1 to {most} characters, such as “Partnership review”.", most=LABEL_MAX))
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        sw.SWOT.one_open(store.swot_exercises(map_id))
        exercise_id = store.add_swot_exercise(map_id, clean, now_ms(), author.user_id, author.name)
        _note(store, map_id, author, _("Opened the SWOT exercise “{title}”", title=clean), exercise_id)
        return store.swot_exercise(map_id, exercise_id)


def exercises(db: Storage, map_id: int, who: Author) -> list[sw.Exercise]:
    """A map's SWOT exercises, oldest first."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return store.swot_exercises(map_id)


def add_card(db: Storage, map_id: int, exercise_id: int, quadrant: object, text: object, who: Author) -> sw.Card:
    """Add a card for the author's partner while the exercise is open."""
    quadrant, clean = sw.checked_card(quadrant, text)
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.COMMENT)
        exercise = store.swot_exercise(map_id, exercise_id)
        sw.SWOT.still_open(exercise, N_("cards can no longer be added"))
        partner = sw.SWOT.speaker(author)
        if store.swot_card_count(exercise_id, partner) >= sw.CARDS_PER_PARTNER_MAX:
            raise InvalidInput(_("A partner can add at most {most} cards to one exercise.", most=sw.CARDS_PER_PARTNER_MAX))
        card_id = store.add_swot_card(exercise_id, partner, quadrant, clean, author.user_id, author.name,
                                      now_ms())
        announce(store, map_id, "tallies")  # the count of cards, never a card, reaches open copies
        return store.swot_card(exercise_id, card_id)


def remove_card(db: Storage, map_id: int, exercise_id: int, card_id: int, who: Author) -> None:
    """Take back one of one's own partner's cards while the exercise is open."""
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.COMMENT)
        exercise = store.swot_exercise(map_id, exercise_id)
        sw.SWOT.still_open(exercise, N_("its cards stay as they were"))
        card = store.swot_card(exercise_id, card_id)
        if card.partner != author.partner:
            raise NotFound(_("The SWOT exercise has no card {card_id}.", card_id=card_id))  # others' cards do not exist for you
        store.remove_swot_card(card_id)
        announce(store, map_id, "tallies")


def translate_card(db: Storage, map_id: int, exercise_id: int, card_id: int, language: object, text: object,
                   who: Author) -> sw.Card:
    """Write a card's text in a language other than the map's (an empty text takes the translation away).

    Whoever may translate the map's texts may translate the cards they may see: before the reveal,
    their own partner's (a facilitator, everyone's); after it, all. Agreement is not at stake.
    """
    if not isinstance(text, str):
        raise InvalidInput(_("A translation must be text."))
    clean = " ".join(text.split())
    if len(clean) > sw.CARD_MAX:
        raise InvalidInput(_("A translated card can have at most {limit} characters (this one has {count}).",
                             limit=sw.CARD_MAX, count=len(clean)))
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        authorize(store, map_id, who, Permission.TRANSLATE)
        exercise = store.swot_exercise(map_id, exercise_id)
        card = store.swot_card(exercise_id, card_id)
        if card not in visible([card], private_until_reveal(store, map_id, who, exercise.revealed)):
            raise NotFound(_("The SWOT exercise has no card {card_id}.", card_id=card_id))  # others' cards do not exist for you
        source = history.state_at(store, map_id, info=info).language
        translations, _before, _after = tr.retranslated(card, "swot", "text", translating.language(language), clean,
                                                        None, source)
        translated = card.model_copy(update={"translations": translations})
        store.set_swot_card_translations(translated)
        return translated


def cards(db: Storage, map_id: int, exercise_id: int, who: Author) -> list[sw.Card]:
    """The cards someone may see (see :func:`~tocmap.services.access.private_until_reveal`)."""
    with db.store() as store:
        store.map(map_id)
        partners = private_until_reveal(store, map_id, who, store.swot_exercise(map_id, exercise_id).revealed)
        return visible(store.swot_cards(exercise_id), partners)


def card_counts(db: Storage, map_id: int, exercise_id: int, who: Author) -> dict[str, int]:
    """How many cards each partner has added (numbers only, so anyone viewing may know)."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        store.swot_exercise(map_id, exercise_id)
        return count_by_partner(store.swot_cards(exercise_id))


def reveal(db: Storage, map_id: int, exercise_id: int, who: Author) -> sw.Exercise:
    """Show every card to everyone on the map (a facilitator's job); once only."""
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        exercise = store.swot_exercise(map_id, exercise_id)
        sw.SWOT.not_yet_revealed(exercise)
        if not store.swot_cards(exercise_id):
            raise InvalidInput(_("Nobody has added a card yet; reveal once the partners have added theirs."))
        store.reveal_swot(exercise_id, now_ms(), author.user_id, author.name)
        _note(store, map_id, author, _("Revealed the SWOT exercise “{title}”", title=exercise.title), exercise_id)
        return store.swot_exercise(map_id, exercise_id)


@dataclass(frozen=True)
class BoardView:
    """A revealed exercise and its board."""

    exercise: sw.Exercise
    board: sw.Board


def board(db: Storage, map_id: int, exercise_id: int, who: Author) -> BoardView:
    """The board of a revealed exercise (refused before reveal, for everyone)."""
    with db.store() as store:
        info = store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        exercise = store.swot_exercise(map_id, exercise_id)
        sw.SWOT.revealed(exercise)
        found = store.swot_cards(exercise_id)
        partners = [p.id for p in store.partnership(info.partnership_id).partners]
    return BoardView(exercise, sw.board(found, exercise.confirmed, exercise.undone, partners))


def latest_board(db: Storage, map_id: int, who: Author) -> BoardView | None:
    """The board of the most recently revealed exercise, if any (for the report)."""
    revealed = [e for e in exercises(db, map_id, who) if e.revealed]
    return board(db, map_id, revealed[-1].id, who) if revealed else None


def decide_pair(db: Storage, map_id: int, exercise_id: int, first: int, second: int, how: str, who: Author
                ) -> sw.Exercise:
    """Confirm or undo a pair of cards (a facilitator's job, after reveal)."""
    if how not in ("confirm", "undo"):
        raise InvalidInput(_("A pair can be confirmed or undone, not {how}.", how=repr(how)))
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        authorize(store, map_id, who, Permission.MANAGE)
        exercise = store.swot_exercise(map_id, exercise_id)
        if not exercise.revealed:
            raise InvalidInput(_("Pairs are confirmed after the reveal, when everyone sees the cards."))
        a, b = store.swot_card(exercise_id, first), store.swot_card(exercise_id, second)
        if a.quadrant != b.quadrant or a.partner == b.partner:
            raise InvalidInput(_("Only cards of two different partners in the same quadrant can be paired."))
        key = (min(a.id, b.id), max(a.id, b.id))
        confirmed = [p for p in exercise.confirmed if tuple(sorted(p)) != key]
        undone = [p for p in exercise.undone if tuple(sorted(p)) != key]
        (confirmed if how == "confirm" else undone).append(key)
        store.save_swot_pairs(exercise_id, confirmed, undone)
        return store.swot_exercise(map_id, exercise_id)


def make_element(db: Storage, map_id: int, exercise_id: int, card_id: int, kind: str | None, who: Author
                 ) -> Element:
    """Turn a card into a map element in one step, linked both ways (recorded in the history)."""
    with db.store(write=True) as store:
        info = store.map(map_id, lock=True)
        exercise = store.swot_exercise(map_id, exercise_id)
        card = store.swot_card(exercise_id, card_id)
        if not exercise.revealed:
            author = authorize(store, map_id, who, Permission.VIEW)
            if not may(store, map_id, who, Permission.MANAGE) and card.partner != author.partner:
                raise NotFound(_("The SWOT exercise has no card {card_id}.", card_id=card_id))
            raise InvalidInput(_("Cards go on the map after the reveal, when every partner sees them."))
        state = history.state_at(store, map_id, info=info)
        if card.element_id and card.element_id in state.elements:
            raise InvalidInput(_("This card is already on the map as “{label}”.", label=state.elements[card.element_id].label))
        author = authorize(store, map_id, who, Permission.VIEW)
        element = sw.element_for(card, kind, exercise.title, author.partner)
        change = AddElement(element=element)
        author = authorize_change(store, map_id, who, change)
        history.append(store, info, change, author, None)
        store.set_swot_card_element(card_id, element.id)
        return element


EXPORT_FORMATS = {"csv": (".csv", "text/csv"),
                  "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                  "svg": (".svg", "image/svg+xml"), "png": (".png", "image/png")}


def export_board(db: Storage, map_id: int, exercise_id: int, fmt: str, *, who: Author) -> Exported:
    """A revealed board as CSV, XLSX, SVG or PNG (refused before reveal, like the board)."""
    from tocmap.adapters import swot_export
    from tocmap.adapters.exchange import slug

    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(_("A SWOT board exports as {formats}, not {format}.", formats=", ".join(EXPORT_FORMATS),
                             format=repr(str(fmt)[:20])))
    found = board(db, map_id, exercise_id, who)
    with db.store() as store:
        info = store.map(map_id)
        partnership = store.partnership(info.partnership_id)
    if fmt == "csv":
        data = swot_export.board_csv(found.exercise, found.board, partnership)
    elif fmt == "xlsx":
        data = swot_export.board_xlsx(found.exercise, found.board, partnership)
    else:
        svg = swot_export.board_svg(found.exercise, found.board, partnership)
        data = svg.encode("utf-8") if fmt == "svg" else swot_export.board_png(svg)
    extension, media_type = EXPORT_FORMATS[fmt]
    return Exported(data, f"{slug(info.title, 40)}-swot-{slug(found.exercise.title, 40)}{extension}", media_type)
