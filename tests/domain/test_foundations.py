"""Partnership foundations: re-articulation, versions, side-by-side comparison, agreement."""

import datetime as dt

import pytest

from tocmap.domain.changes import apply_change, inverse, summarize
from tocmap.domain.errors import InvalidInput
from tocmap.domain.foundations import changed_count, compare, rearticulation, stand_on_foundation, versions
from tocmap.domain.model import STATEMENT_MAX, Foundations, MapState, Principle, Purpose, Responsibility

AT = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
PARTNERS = {"moh", "iph"}


def first_state():
    return MapState(
        title="m", purpose=Purpose(text="Better data for health", agreed_by=["iph", "moh"]),
        principles={"p1": Principle(id="p1", text="Budget decisions are taken jointly", agreed_by=["iph", "moh"]),
                    "p2": Principle(id="p2", text="Both sides report what they learned")},
        responsibilities={"r1": Responsibility(id="r1", partner="moh", text="Host the data warehouse")},
    )


def rearticulated(state, reason="New director at the ministry"):
    op = rearticulation(
        state, "Better use of data for health", ["Budget decisions are taken jointly", "Meet every quarter"],
        [("moh", "Host the data warehouse"), ("iph", "Train district staff")], reason, "Fac", AT, PARTNERS)
    return apply_change(state, op)


def test_a_rearticulation_replaces_the_current_foundations_and_keeps_the_earlier_ones():
    old = first_state()
    new, recorded = rearticulated(old)
    assert new.purpose.text == "Better use of data for health" and new.purpose.agreed_by == []
    assert new.principles["p1"].agreed_by == ["iph", "moh"]  # unchanged text keeps its agreement
    assert "p2" not in new.principles
    assert len(new.responsibilities) == 2
    version = new.versions["v1"]
    assert version.reason == "New director at the ministry" and version.recorded_by == "Fac"
    assert version.previous.purpose.text == "Better data for health"  # nothing is deleted
    assert [p.id for p in version.previous.principles] == ["p1", "p2"]
    assert summarize(recorded).startswith("Re-articulated purpose, principles and responsibilities (version 1)")
    assert applied_back(new, recorded) == old


def applied_back(state, recorded):
    return apply_change(state, inverse(recorded))[0]


def test_versions_list_the_original_and_every_rearticulation():
    state, _ = rearticulated(first_state())
    state, _ = rearticulated(state.model_copy(update={"purpose": Purpose(text="Changed in between")}), "Extended")
    views = versions(state)
    assert [(v.number, v.reason) for v in views] == [(0, ""), (1, "New director at the ministry"), (2, "Extended")]
    assert views[0].content.purpose.text == "Better data for health"


def test_comparison_marks_what_changed_side_by_side():
    state = first_state()
    new, _ = rearticulated(state)
    rows = compare(versions(new)[0].content, versions(new)[1].content)
    marks = [(r.section, r.mark) for r in rows]
    assert marks == [
        ("Purpose", "changed"),
        ("Principles", "same"),
        ("Principles", "added"),
        ("Principles", "removed"),
        ("Responsibilities", "same"),
        ("Responsibilities", "added"),
    ]
    purpose = rows[0]
    assert [t.strip() for t, tag in purpose.right if tag == "ins"] == ["use of"]
    assert purpose.left_text == "Better data for health" and purpose.right_text == "Better use of data for health"
    assert rows[3].left_text == "Both sides report what they learned" and rows[3].right == []
    assert rows[5].partner == "iph"
    assert changed_count(rows) == 4


def test_a_reworded_principle_is_compared_with_the_one_it_replaces():
    a = Foundations(principles=[Principle(id="a", text="Budget decisions are taken jointly")])
    b = Foundations(principles=[Principle(id="b", text="All budget decisions are taken jointly")])
    rows = compare(a, b)
    assert [(r.section, r.mark) for r in rows] == [("Purpose", "same"), ("Principles", "changed")]


@pytest.mark.parametrize("purpose, principles, duties, reason, words", [
    ("Better", [], [], "", "reason .* cannot be empty"),
    ("", [], [], "Why", "joint purpose cannot be empty"),
    ("x" * (STATEMENT_MAX + 1), [], [], "Why", f"at most {STATEMENT_MAX}"),
    ("Better", ["ok", "x" * 501], [], "Why", "Principle 2 can have at most 500"),
    ("Better", [], [("who", "Host")], "Why", "'who', which is not a partner"),
])
def test_bad_rearticulations_are_refused(purpose, principles, duties, reason, words):
    with pytest.raises(InvalidInput, match=words):
        rearticulation(first_state(), purpose, principles, duties, reason, "Fac", AT, PARTNERS)


def test_the_purpose_counts_as_agreed_only_when_every_partner_agreed():
    state = MapState(title="m", purpose=Purpose(text="Better data"))
    state, _ = apply_change(state, stand_on_foundation(state, "purpose", "purpose", "moh", "agree"))
    assert state.purpose.agreement(PARTNERS) == "proposed"
    state, _ = apply_change(state, stand_on_foundation(state, "purpose", "purpose", "iph", "agree"))
    assert state.purpose.agreement(PARTNERS) == "agreed"


def test_there_is_no_purpose_to_agree_before_one_is_written():
    with pytest.raises(InvalidInput, match="no joint purpose"):
        stand_on_foundation(MapState(title="m"), "purpose", "purpose", "moh", "agree")
