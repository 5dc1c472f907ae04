"""The two-sided SWOT: cards per partner and quadrant, grouping of similar cards, alignment.

Each partner group puts cards in the four quadrants privately; after the facilitator
reveals, :func:`board` pairs cards of different partners that say the same thing
(suggested by text similarity, confirmed or undone by the facilitator) and gives the
alignment figure per quadrant: the share of its cards that have a counterpart on the
other side. Cards nobody else named are "one-sided".

Similarity uses rapidfuzz (a small compiled library without numpy/scipy, fast on short
texts, no model to fit): the mean of its token-set and token-sort ratios. Token-set alone
pairs "data" with "weak data systems" (one text inside the other); token-sort alone misses
reordered phrasings ("district data systems are weak" vs "weak data systems in districts").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, utils

from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import LABEL_MAX, Element, ElementKind, Strict, Translatable, TranslatedTitles, new_id
from tocmap.domain.private_round import PrivateRound
from tocmap.i18n import N_, _

Quadrant = Literal["strength", "weakness", "opportunity", "threat"]
QUADRANTS: tuple[str, ...] = ("strength", "weakness", "opportunity", "threat")
#: What a card without text is asked, per quadrant.
CARD_NEEDS_TEXT = {"strength": N_("A card needs some text: what is the strength?"),
                   "weakness": N_("A card needs some text: what is the weakness?"),
                   "opportunity": N_("A card needs some text: what is the opportunity?"),
                   "threat": N_("A card needs some text: what is the threat?")}
QUADRANT_TITLES = TranslatedTitles({"strength": N_("Strengths"), "weakness": N_("Weaknesses"),
                                    "opportunity": N_("Opportunities"), "threat": N_("Threats")})
CARD_MAX = 300
CARDS_PER_PARTNER_MAX = 200
#: Pairs scoring at least this (0-100) are suggested.
SIMILAR = 70.0

#: What a card becomes on the map by default; the user may choose another kind.
DEFAULT_KIND: dict[str, ElementKind] = {
    "threat": ElementKind.EXTERNAL_FACTOR,
    "weakness": ElementKind.OUTCOME,
    "opportunity": ElementKind.ASSUMPTION,
    "strength": ElementKind.ACTOR,
}

Pair = tuple[int, int]

#: How this exercise is named when it refuses something (see :mod:`tocmap.domain.private_round`).
SWOT = PrivateRound(
    N_("The SWOT “{title}” is still open; reveal it before opening another."),
    N_("The SWOT “{title}” was revealed; {consequence}."), N_("The SWOT “{title}” was already revealed."),
    N_("The SWOT “{title}” has not been revealed yet."),
    N_("Only members who speak for a partner add SWOT cards; ask a facilitator to name your partner."))


class Card(Translatable):
    """One card: a partner group's finding in one quadrant (its text in other languages in ``translations``)."""

    id: int
    partner: str
    quadrant: Quadrant
    text: str
    user_name: str = ""
    element_id: str | None = None


class Exercise(Strict):
    """A SWOT exercise on a map; ``confirmed``/``undone`` are the facilitator's decisions on pairs."""

    id: int
    map_id: int
    title: str
    opened_at: dt.datetime
    opened_by: str = ""
    revealed_at: dt.datetime | None = None
    revealed_by: str | None = None
    confirmed: list[Pair] = []
    undone: list[Pair] = []

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None


def checked_card(quadrant: object, text: object) -> tuple[str, str]:
    """A card's quadrant and text, tidied, or a clear refusal.

    Examples
    --------
    >>> checked_card("threat", "  Elections   may stall reform ")
    ('threat', 'Elections may stall reform')
    >>> checked_card("threat", "   ")
    Traceback (most recent call last):
    ...
    tocmap.domain.errors.InvalidInput: A card needs some text: what is the threat?
    """
    if quadrant not in QUADRANTS:
        raise InvalidInput(_("Put the card in one of the four quadrants: strength, weakness, opportunity or threat."))
    clean = " ".join(text.split()) if isinstance(text, str) else ""
    if not clean:
        raise InvalidInput(_(CARD_NEEDS_TEXT[quadrant]))
    if len(clean) > CARD_MAX:
        raise InvalidInput(_("A card can have at most {limit} characters (this one has {length}); "
                             "split it into two cards.", limit=CARD_MAX, length=len(clean)))
    return quadrant, clean


def similarity(a: str, b: str) -> float:
    """How alike two card texts are, 0 to 100.

    Examples
    --------
    >>> similarity("Weak data systems in districts", "District data systems are weak") >= SIMILAR
    True
    >>> similarity("Strong political commitment", "Limited funding") < SIMILAR
    True
    """
    a, b = utils.default_process(a), utils.default_process(b)
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


def _key(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def suggest_pairs(cards: list[Card], undone: list[Pair] = (), confirmed: list[Pair] = (),
                  threshold: float = SIMILAR) -> list[tuple[Pair, float]]:
    """Pairs of cards of different partners in the same quadrant that say the same thing.

    Each card is in at most one pair: confirmed pairs first, then the most similar pairs
    first. Undone pairs are never suggested again.
    """
    by_id = {c.id: c for c in cards}
    taken: set[int] = set()
    chosen: list[tuple[Pair, float]] = []
    for a, b in confirmed:
        if a in by_id and b in by_id and a not in taken and b not in taken:
            taken |= {a, b}
            chosen.append((_key(a, b), similarity(by_id[a].text, by_id[b].text)))
    refused = {_key(a, b) for a, b in undone}
    scored = []
    for n, a in enumerate(cards):
        for b in cards[n + 1:]:
            if a.quadrant != b.quadrant or a.partner == b.partner or _key(a.id, b.id) in refused:
                continue
            score = similarity(a.text, b.text)
            if score >= threshold:
                scored.append((score, _key(a.id, b.id)))
    for score, (a, b) in sorted(scored, key=lambda s: (-s[0], s[1])):
        if a not in taken and b not in taken:
            taken |= {a, b}
            chosen.append(((a, b), score))
    return chosen


@dataclass(frozen=True)
class PairView:
    """Two cards of different partners that say the same thing."""

    cards: tuple[Card, Card]
    score: float
    confirmed: bool


@dataclass(frozen=True)
class QuadrantView:
    """One quadrant of the board."""

    quadrant: str
    cards: list[Card]
    pairs: list[PairView]
    one_sided: list[Card]

    @property
    def alignment(self) -> float | None:
        """Share of the quadrant's cards with a counterpart on the other side (None without cards)."""
        if not self.cards:
            return None
        return sum(2 for _ in self.pairs) / len(self.cards)

    @property
    def title(self) -> str:
        return QUADRANT_TITLES[self.quadrant]


@dataclass(frozen=True)
class Board:
    """The revealed SWOT: quadrants with pairs, alignment and one-sided cards."""

    quadrants: list[QuadrantView]
    partners: list[str]

    @property
    def alignment(self) -> float | None:
        """Share of all cards that have a counterpart."""
        total = sum(len(q.cards) for q in self.quadrants)
        return None if not total else sum(2 * len(q.pairs) for q in self.quadrants) / total

    def quadrant(self, name: str) -> QuadrantView:
        return next(q for q in self.quadrants if q.quadrant == name)


def board(cards: list[Card], confirmed: list[Pair] = (), undone: list[Pair] = (),
          partners: list[str] | None = None) -> Board:
    """Group the cards into the board.

    Examples
    --------
    >>> cards = [Card(id=1, partner="moh", quadrant="weakness", text="Weak district data systems"),
    ...          Card(id=2, partner="iph", quadrant="weakness", text="District data systems are weak"),
    ...          Card(id=3, partner="iph", quadrant="weakness", text="Staff turnover")]
    >>> b = board(cards)
    >>> q = b.quadrant("weakness")
    >>> [(p.cards[0].id, p.cards[1].id) for p in q.pairs], [c.id for c in q.one_sided], round(q.alignment, 2)
    ([(1, 2)], [3], 0.67)
    """
    by_id = {c.id: c for c in cards}
    confirmed_keys = {_key(a, b) for a, b in confirmed}
    pairs = suggest_pairs(cards, undone=list(undone), confirmed=list(confirmed))
    quadrants = []
    for name in QUADRANTS:
        mine = [c for c in cards if c.quadrant == name]
        views = [PairView((by_id[a], by_id[b]), score, (a, b) in confirmed_keys)
                 for (a, b), score in pairs if by_id[a].quadrant == name]
        paired = {c.id for v in views for c in v.cards}
        quadrants.append(QuadrantView(name, mine, views, [c for c in mine if c.id not in paired]))
    names = partners if partners is not None else sorted({c.partner for c in cards})
    return Board(quadrants, names)


def element_for(card: Card, kind: ElementKind | str | None, exercise_title: str, proposed_by: str | None) -> Element:
    """The map element a card becomes, naming the card it came from.

    Examples
    --------
    >>> e = element_for(Card(id=7, partner="iph", quadrant="threat", text="Elections"), None, "March", "iph")
    >>> e.kind.value, e.tags, e.owner
    ('external_factor', ['swot', 'swot-card-7'], 'iph')
    """
    try:
        kind = ElementKind(kind) if kind else DEFAULT_KIND[card.quadrant]
    except ValueError:
        raise InvalidInput(_("'{kind}' is not a kind of element.", kind=kind)) from None
    label = card.text if len(card.text) <= LABEL_MAX else card.text[: LABEL_MAX - 1] + "…"
    description = (f"From SWOT card #{card.id} ({card.quadrant} named by {card.partner}) "
                   f"in the exercise “{exercise_title}”: {card.text}")
    return Element(id=new_id("el"), kind=kind, label=label, description=description,
                   tags=["swot", f"swot-card-{card.id}"], owner=card.partner, proposed_by=proposed_by)
