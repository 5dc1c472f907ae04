"""Aggregating a health check: per-partner means, gaps largest first, the trend across rounds."""

import datetime as dt

import pytest

from tocmap.domain.access import Permission, needed
from tocmap.domain.changes import AddElement, Note, apply_change, diff_states, inverse, parse_change, summarize, touched
from tocmap.domain.errors import InvalidInput
from tocmap.domain.health import (
    DEFAULT_DIMENSIONS,
    Answer,
    Round,
    changes_between,
    checked_answer,
    custom_dimension,
    default_dimension,
    gaps,
    partner_means,
    previous_revealed,
    round_dimensions,
    trend,
)
from tocmap.domain.model import Element, MapState

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


# --------------------------------------------------------------------------- own dimensions, change, events


def test_an_own_dimension_takes_a_number_of_points_or_their_names():
    assert custom_dimension("Data sharing", points=3).points == ["1", "2", "3"]
    named = custom_dimension("Data sharing", "We share.", "Never, Sometimes,  Always ")
    assert (named.points, named.scale_max, named.statement) == (["Never", "Sometimes", "Always"], 3, "We share.")
    assert custom_dimension("Voice", points=11, scale_min=0).scale_max == 10


@pytest.mark.parametrize("title, statement, points, words", [
    (None, "", 5, "needs a title"), ("  ", "", 5, "needs a title"), ("T" * 81, "", 5, "needs a title"),
    ("Data", 7, 5, "must be text"), ("Data", "", "Low", "2 to 11 points, not 1"), ("Data", "", 0, "not 0"),
    ("Data", "", True, "not True"), ("Data", "", ["Low", 3], "must be names"), ("Data", "", ["A", "a"], "same name"),
])
def test_a_bad_own_dimension_gets_a_clear_message(title, statement, points, words):
    with pytest.raises(InvalidInput, match=words):
        custom_dimension(title, statement, points)


def test_a_round_has_3_to_20_dimensions_with_unique_keys():
    own = [{"title": f"Own {n}"} for n in range(17)]
    assert len(round_dimensions(["trust", "power", "trust", "mutuality"], own)) == 20
    with pytest.raises(InvalidInput, match="at most 20 dimensions; this one would have 21"):
        round_dimensions(["trust", "power", "mutuality", "ownership"], own)
    keys = [d.key for d in round_dimensions([], [{"title": "Ünity"}, {"title": "Unity"}, {"title": "日本"}])]
    assert keys == ["nity", "unity", "dimension"] and len(set(keys)) == 3


def test_the_change_between_rounds_matches_dimensions_by_key_and_keeps_missing_sides():
    one = Round(id=1, map_id=1, title="March", dimensions=DIMS, started_at=AT, revealed_at=AT)
    two = Round(id=2, map_id=1, title="June", dimensions=DIMS[:2], started_at=AT, revealed_at=AT)
    moved = changes_between(one, {"moh": {"trust": 4.0, "mutuality": 3.0}},
                            two, {"moh": {"trust": 3.5, "mutuality": 3.0}, "iph": {"trust": 5.0}})
    assert [(c.key, c.partner, c.before, c.after, c.delta) for c in moved] == [
        ("trust", "moh", 4.0, 3.5, -0.5), ("mutuality", "moh", 3.0, 3.0, 0.0), ("trust", "iph", None, 5.0, None)]
    assert previous_revealed([one, two], 2) is one and previous_revealed([one, two], 1) is None


def test_a_note_records_an_event_and_changes_nothing():
    state = MapState(title="Ours", elements={"o": Element(id="o", kind="outcome", label="Goal")})
    note = parse_change({"op": "note", "text": "Revealed the round “March”", "about": {"kind": "health_round", "id": 1}})
    after, recorded = apply_change(state, note)
    assert after == state and recorded == note and summarize(recorded) == "Revealed the round “March”"
    assert touched(recorded) == set() and diff_states(state, after).ops == []
    with pytest.raises(InvalidInput, match="records an event"):
        inverse(recorded)
    with pytest.raises(InvalidInput):
        parse_change({"op": "note", "text": ""})
    assert isinstance(Note(text="x"), Note) and AddElement  # both are ops of the one Change union


def test_only_facilitators_may_record_an_event_in_the_history():
    assert needed(Note(text="Revealed the round")) == {Permission.MANAGE}
