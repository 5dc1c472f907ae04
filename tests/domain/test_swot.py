"""The two-sided SWOT board: grouping similar cards, alignment per quadrant, one-sided cards."""

import pytest

from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import ElementKind
from tocmap.domain.swot import CARD_MAX, Card, board, checked_card, element_for, similarity, suggest_pairs


def card(i, partner, quadrant, text):
    return Card(id=i, partner=partner, quadrant=quadrant, text=text)


CARDS = [
    card(1, "moh", "weakness", "Weak data systems in districts"),
    card(2, "iph", "weakness", "District data systems are weak"),
    card(3, "moh", "weakness", "High staff turnover"),
    card(4, "iph", "weakness", "Staff turnover is high"),
    card(5, "iph", "weakness", "Little budget for travel"),
    card(6, "moh", "strength", "Strong political commitment"),
    card(7, "iph", "strength", "Long experience with surveys"),
    card(8, "moh", "threat", "Elections may stall reform"),
    card(9, "moh", "threat", "Elections could stall the reform"),  # same partner: never a pair
]


def test_cards_that_say_the_same_thing_are_grouped_across_partners():
    weak = board(CARDS).quadrant("weakness")
    assert {tuple(sorted(c.id for c in p.cards)) for p in weak.pairs} == {(1, 2), (3, 4)}
    assert [c.id for c in weak.one_sided] == [5]
    assert all(not p.confirmed for p in weak.pairs)


def test_the_alignment_figure_is_the_share_of_cards_with_a_counterpart():
    b = board(CARDS)
    assert b.quadrant("weakness").alignment == pytest.approx(4 / 5)
    assert b.quadrant("strength").alignment == 0
    assert b.quadrant("opportunity").alignment is None  # no cards: no figure
    assert b.quadrant("threat").alignment == 0  # one partner's two cards are not alignment
    assert b.alignment == pytest.approx(4 / 9)


def test_one_sided_cards_are_those_only_one_partner_named():
    b = board(CARDS)
    assert [c.id for c in b.quadrant("strength").one_sided] == [6, 7]
    assert [c.id for c in b.quadrant("threat").one_sided] == [8, 9]


def test_the_facilitator_undoes_a_suggested_pair_and_confirms_another():
    b = board(CARDS, confirmed=[(4, 3)], undone=[(1, 2)])
    weak = b.quadrant("weakness")
    assert [(tuple(c.id for c in p.cards), p.confirmed) for p in weak.pairs] == [((3, 4), True)]
    assert [c.id for c in weak.one_sided] == [1, 2, 5]
    assert weak.alignment == pytest.approx(2 / 5)


def test_a_confirmed_pair_takes_its_cards_out_of_other_suggestions():
    cards = [card(1, "moh", "threat", "Budget cuts"), card(2, "iph", "threat", "Budget cuts"),
             card(3, "iph", "threat", "Budget cuts ahead")]
    pairs = suggest_pairs(cards, confirmed=[(1, 3)])
    assert [p for p, _ in pairs] == [(1, 3)]


def test_similarity_ignores_case_word_order_and_punctuation_but_not_meaning():
    assert similarity("Weak data systems!", "weak DATA systems") == 100
    assert similarity("data", "weak data systems at district level") < 70  # one word inside a long card
    assert similarity("Strong political commitment", "Limited funding") < 40


@pytest.mark.parametrize("quadrant, text, words", [
    ("threat", "", "needs some text"),
    ("threat", "   ", "needs some text"),
    ("threat", None, "needs some text"),
    ("threat", "x" * (CARD_MAX + 1), f"at most {CARD_MAX}"),
    ("risk", "Elections", "four quadrants"),
])
def test_bad_cards_are_refused_with_a_clear_message(quadrant, text, words):
    with pytest.raises(InvalidInput, match=words):
        checked_card(quadrant, text)


@pytest.mark.parametrize("quadrant, kind", [
    ("threat", ElementKind.EXTERNAL_FACTOR), ("weakness", ElementKind.OUTCOME),
    ("opportunity", ElementKind.ASSUMPTION), ("strength", ElementKind.ACTOR),
])
def test_a_card_becomes_an_element_of_its_quadrant_s_kind_naming_the_card(quadrant, kind):
    element = element_for(card(12, "iph", quadrant, "Something"), None, "March review", "moh")
    assert element.kind == kind and element.label == "Something"
    assert "swot-card-12" in element.tags and "SWOT card #12" in element.description
    assert element.owner == "iph" and element.proposed_by == "moh"


def test_the_user_may_choose_another_kind_but_not_a_made_up_one():
    assert element_for(card(1, "iph", "threat", "X"), "outcome", "T", None).kind == ElementKind.OUTCOME
    with pytest.raises(InvalidInput, match="not a kind"):
        element_for(card(1, "iph", "threat", "X"), "risk", "T", None)
