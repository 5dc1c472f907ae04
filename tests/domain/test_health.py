"""Aggregating a health check: per-partner means, gaps largest first, the trend across rounds."""

import datetime as dt

import pytest

from tocmap.domain.errors import InvalidInput
from tocmap.domain.health import (
    DEFAULT_DIMENSIONS,
    Answer,
    Round,
    checked_answer,
    default_dimension,
    gaps,
    partner_means,
    trend,
)

DIMS = [default_dimension(k) for k in ("trust", "mutuality", "joint_purpose")]
AT = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def answer(partner, trust, mutuality, purpose, round_id=1):
    return Answer(round_id=round_id, partner=partner,
                  scores={"trust": trust, "mutuality": mutuality, "joint_purpose": purpose})


def test_the_default_set_has_the_seven_dimensions_each_with_a_statement_and_named_points():
    assert [d.title for d in DEFAULT_DIMENSIONS] == [
        "Trust", "Mutuality and two-way learning", "Shared ownership", "Joint purpose", "Communication",
        "Power balance and equity", "Commitment and reliability"]
    assert all(d.statement and (d.scale_min, d.scale_max) == (1, 5) and len(d.points) == 5 for d in DEFAULT_DIMENSIONS)


def test_means_are_per_partner_and_per_dimension():
    means = partner_means(DIMS, [answer("moh", 5, 4, 3), answer("moh", 4, 5, 3), answer("iph", 5, 2, 1)])
    assert means == {"moh": {"trust": 4.5, "mutuality": 4.5, "joint_purpose": 3.0},
                     "iph": {"trust": 5.0, "mutuality": 2.0, "joint_purpose": 1.0}}


def test_trust_can_be_high_while_mutuality_is_not_and_the_gap_shows_it():
    means = partner_means(DIMS, [answer("moh", 5, 5, 4), answer("iph", 5, 2, 3)])
    found = gaps(DIMS, means)
    assert [(g.key, g.gap) for g in found] == [("mutuality", 3.0), ("joint_purpose", 1.0), ("trust", 0.0)]
    assert (found[0].highest, found[0].lowest) == ("moh", "iph")
    assert (found[-1].highest, found[-1].lowest) == (None, None)


def test_a_single_partner_has_no_gaps_and_no_answers_give_nothing():
    assert {g.gap for g in gaps(DIMS, partner_means(DIMS, [answer("moh", 1, 5, 3)]))} == {0.0}
    assert partner_means(DIMS, []) == {} and gaps(DIMS, {}) == []


def test_the_trend_follows_revealed_rounds_in_order():
    march = Round(id=1, map_id=1, title="March", dimensions=DIMS, started_at=AT, revealed_at=AT)
    june = Round(id=2, map_id=1, title="June", dimensions=DIMS, started_at=AT + dt.timedelta(days=90),
                 revealed_at=AT + dt.timedelta(days=91))
    open_ = Round(id=3, map_id=1, title="Sept", dimensions=DIMS, started_at=AT + dt.timedelta(days=180))
    points = trend([(june, [answer("moh", 5, 5, 5, 2), answer("iph", 4, 4, 4, 2)]),
                    (open_, [answer("moh", 1, 1, 1, 3)]),
                    (march, [answer("moh", 5, 5, 2, 1), answer("iph", 5, 2, 2, 1)])])
    assert [(p.round_title, p.partner, p.mean) for p in points] == [
        ("March", "moh", 4.0), ("March", "iph", 3.0), ("June", "moh", 5.0), ("June", "iph", 4.0)]


@pytest.mark.parametrize("scores, words", [
    ({"trust": 0, "mutuality": 1, "joint_purpose": 1}, "from 1 to 5"),
    ({"trust": 5, "mutuality": 6, "joint_purpose": 1}, "Mutuality and two-way learning must be"),
    ({"trust": None, "mutuality": 1, "joint_purpose": 1}, "missing: Trust"),
    ({"trust": 1.0, "mutuality": 1, "joint_purpose": 1}, "whole number"),
    ("5", "per dimension"),
])
def test_bad_scores_get_a_clear_message(scores, words):
    with pytest.raises(InvalidInput, match=words):
        checked_answer(DIMS, scores)


def test_comments_are_optional_trimmed_and_must_be_text():
    scores = {"trust": "3", "mutuality": 4, "joint_purpose": 5}
    assert checked_answer(DIMS, scores, {"trust": " ok ", "mutuality": None}) == (
        {"trust": 3, "mutuality": 4, "joint_purpose": 5}, {"trust": "ok"})
    with pytest.raises(InvalidInput, match="must be text"):
        checked_answer(DIMS, scores, {"trust": ["x"]})


def test_a_round_refuses_repeated_dimensions():
    with pytest.raises(ValueError, match="same key"):
        Round(id=1, map_id=1, title="R", dimensions=[DIMS[0], DIMS[0]], started_at=AT)
