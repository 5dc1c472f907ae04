"""The partnership health check: start a round, answer privately, reveal, see the results.

Who may do what: facilitators start and reveal rounds (manage permission); members who
speak for a partner answer (comment permission); anyone who may view the map sees a
round's results once it is revealed. Before reveal a round's answers are visible only to
the facilitators and to the members of the partner that gave them.
"""

from __future__ import annotations

from dataclasses import dataclass

from tocmap.adapters.database import Database, Store, now_ms
from tocmap.domain import health as hc
from tocmap.domain.access import Permission
from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.domain.model import LABEL_MAX, Author
from tocmap.services.access import authorize


def default_dimensions() -> list[hc.Dimension]:
    """The dimensions a facilitator chooses from."""
    return list(hc.DEFAULT_DIMENSIONS)


def _may(store: Store, map_id: int, who: Author, permission: Permission) -> bool:
    try:
        authorize(store, map_id, who, permission)
        return True
    except PermissionDenied:
        return False


def may_manage(db: Database, map_id: int, who: Author) -> bool:
    """Whether someone may start and reveal rounds on this map (a facilitator or an administrator)."""
    with db.store() as store:
        store.map(map_id)
        return _may(store, map_id, who, Permission.MANAGE)


def _title(title: object) -> str:
    title = " ".join(title.split()) if isinstance(title, str) else ""
    if not title or len(title) > LABEL_MAX:
        raise InvalidInput(f"A round needs a name of 1 to {LABEL_MAX} characters, such as “March workshop”.")
    return title


def start_round(db: Database, map_id: int, title: str, dimension_keys: list[str], who: Author) -> hc.Round:
    """Start a round with dimensions chosen from the default set (a facilitator's job).

    One round is open at a time: the open one is revealed before the next starts.
    """
    if not isinstance(dimension_keys, list) or not all(isinstance(k, str) for k in dimension_keys):
        raise InvalidInput("Choose the dimensions from the list.")
    title = _title(title)
    keys = list(dict.fromkeys(dimension_keys))
    dimensions = [hc.default_dimension(k) for k in keys]
    if len(dimensions) < hc.DIMENSIONS_MIN:
        raise InvalidInput(f"Choose at least {hc.DIMENSIONS_MIN} dimensions to score: the spider chart needs them.")
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        open_rounds = [r for r in store.health_rounds(map_id) if not r.revealed]
        if open_rounds:
            raise InvalidInput(f"The round “{open_rounds[0].title}” is still open; reveal it before starting another.")
        round_id = store.add_round(map_id, title, dimensions, now_ms(), author.user_id, author.name)
        return store.health_round(map_id, round_id)


def rounds(db: Database, map_id: int, who: Author) -> list[hc.Round]:
    """A map's rounds, oldest first."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        return store.health_rounds(map_id)


def answer(db: Database, map_id: int, round_id: int, scores: object, comments: object, who: Author) -> hc.Answer:
    """Save someone's answer for their partner (replacing their earlier one) while the round is open."""
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.COMMENT)
        round_ = store.health_round(map_id, round_id)
        if round_.revealed:
            raise InvalidInput(f"The round “{round_.title}” was revealed; answers can no longer change.")
        if author.user_id is None or author.partner is None:
            raise PermissionDenied("Only members who speak for a partner answer the health check; "
                                   "ask a facilitator to name your partner.")
        clean_scores, clean_comments = hc.checked_answer(round_.dimensions, scores, comments)
        saved = hc.Answer(round_id=round_id, user_id=author.user_id, user_name=author.name, partner=author.partner,
                          scores=clean_scores, comments=clean_comments)
        store.save_health_answer(saved, now_ms())
        return store.health_answer(round_id, author.user_id)


def my_answer(db: Database, map_id: int, round_id: int, who: Author) -> hc.Answer | None:
    """Someone's own answer in a round, to edit it."""
    with db.store() as store:
        store.map(map_id)
        author = authorize(store, map_id, who, Permission.VIEW)
        store.health_round(map_id, round_id)
        return store.health_answer(round_id, author.user_id) if author.user_id is not None else None


def answers(db: Database, map_id: int, round_id: int, who: Author) -> list[hc.Answer]:
    """The answers someone may see: all after reveal; before it, all for facilitators, else their partner's."""
    with db.store() as store:
        store.map(map_id)
        author = authorize(store, map_id, who, Permission.VIEW)
        round_ = store.health_round(map_id, round_id)
        if round_.revealed or _may(store, map_id, who, Permission.MANAGE):
            return store.health_answers(round_id)
        if author.partner is None:
            return []
        return store.health_answers(round_id, partner=author.partner)


def answered_count(db: Database, map_id: int, round_id: int, who: Author) -> dict[str, int]:
    """How many members of each partner have answered (numbers only, so anyone viewing may know)."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        store.health_round(map_id, round_id)
        counts: dict[str, int] = {}
        for a in store.health_answers(round_id):
            counts[a.partner] = counts.get(a.partner, 0) + 1
        return counts


def reveal(db: Database, map_id: int, round_id: int, who: Author) -> hc.Round:
    """Show every answer of a round to everyone on the map (a facilitator's job); final."""
    with db.store(write=True) as store:
        store.map(map_id, lock=True)
        author = authorize(store, map_id, who, Permission.MANAGE)
        round_ = store.health_round(map_id, round_id)
        if round_.revealed:
            raise InvalidInput(f"The round “{round_.title}” was already revealed.")
        if not store.health_answers(round_id):
            raise InvalidInput("Nobody has answered yet; reveal the round once partners have answered.")
        store.reveal_round(round_id, now_ms(), author.user_id, author.name)
        return store.health_round(map_id, round_id)


@dataclass(frozen=True)
class Results:
    """A revealed round: answers, each partner's means, and the gaps, largest first."""

    round: hc.Round
    answers: list[hc.Answer]
    means: dict[str, dict[str, float]]
    gaps: list[hc.Gap]


def results(db: Database, map_id: int, round_id: int, who: Author) -> Results:
    """The results of a revealed round (refused before reveal, for everyone)."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        round_ = store.health_round(map_id, round_id)
        if not round_.revealed:
            raise PermissionDenied(f"The round “{round_.title}” has not been revealed yet.")
        found = store.health_answers(round_id)
    means = hc.partner_means(round_.dimensions, found)
    return Results(round_, found, means, hc.gaps(round_.dimensions, means))


def trend(db: Database, map_id: int, who: Author) -> list[hc.TrendPoint]:
    """Each partner's overall mean in every revealed round, oldest first."""
    with db.store() as store:
        store.map(map_id)
        authorize(store, map_id, who, Permission.VIEW)
        revealed = [(r, store.health_answers(r.id)) for r in store.health_rounds(map_id) if r.revealed]
    return hc.trend(revealed)
