"""The rules the health check and the SWOT share: one open at a time, private until revealed."""

from dataclasses import dataclass

import pytest

from tocmap.domain.errors import InvalidInput, PermissionDenied
from tocmap.domain.health import ROUND
from tocmap.domain.model import Author
from tocmap.domain.private_round import count_by_partner, visible
from tocmap.domain.swot import SWOT


@dataclass
class Exercise:
    title: str
    revealed: bool


@dataclass
class Card:
    partner: str


def test_one_exercise_of_a_kind_is_open_at_a_time():
    ROUND.one_open([Exercise("March", revealed=True)])
    with pytest.raises(InvalidInput, match="“June” is still open; reveal it before starting another"):
        ROUND.one_open([Exercise("March", revealed=True), Exercise("June", revealed=False)])
    with pytest.raises(InvalidInput, match="before opening another"):
        SWOT.one_open([Exercise("Review", revealed=False)])


def test_contributions_close_and_results_open_at_the_reveal():
    open_, shown = Exercise("March", revealed=False), Exercise("March", revealed=True)
    ROUND.still_open(open_, "answers can no longer change")
    with pytest.raises(InvalidInput, match="was revealed; answers can no longer change"):
        ROUND.still_open(shown, "answers can no longer change")
    with pytest.raises(PermissionDenied, match="has not been revealed yet"):
        SWOT.revealed(open_)
    SWOT.revealed(shown)
    with pytest.raises(InvalidInput, match="already revealed"):
        SWOT.not_yet_revealed(shown)


def test_only_someone_who_speaks_for_a_partner_contributes():
    assert SWOT.speaker(Author(name="Ana", partner="moh")) == "moh"
    with pytest.raises(PermissionDenied, match="add SWOT cards"):
        SWOT.speaker(Author(name="Nop"))
    with pytest.raises(PermissionDenied, match="answer the health check"):
        ROUND.speaker(Author(name="Ana", partner="moh"), per_person=True)  # no account to keep the answer under


def test_counts_and_visibility_by_partner():
    cards = [Card("moh"), Card("iph"), Card("moh")]
    assert count_by_partner(cards) == {"moh": 2, "iph": 1}
    assert visible(cards, {"iph"}) == [Card("iph")]
    assert visible(cards, None) == cards
    assert visible(cards, set()) == []
