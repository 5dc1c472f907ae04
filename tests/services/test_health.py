"""The health check's rules: who starts and reveals, privacy before reveal, one answer each, scale bounds."""

import csv
import io

import pytest

from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.services import exchange, health, history, maps
from tests.services.conftest import make_team
from tocmap.services.access import SYSTEM

DIMS = ["trust", "mutuality", "communication"]


def started(db, team):
    map_id, people = team
    return health.start_round(db, map_id, "March workshop", DIMS, people["fac"])


def test_a_facilitator_starts_a_round_and_it_records_who(db, team):
    map_id, people = team
    round_ = started(db, team)
    assert [d.key for d in round_.dimensions] == DIMS
    assert round_.started_by == "Fac" and not round_.revealed
    assert round_.dimensions[0].statement and round_.dimensions[0].point_name(1) == "Not at all"
    assert [r.id for r in health.rounds(db, map_id, people["ben"])] == [round_.id]


@pytest.mark.parametrize("who", ["ana", "ben", "vic", "out"])
def test_only_facilitators_start_rounds(db, team, who):
    map_id, people = team
    with pytest.raises(PermissionDenied):
        health.start_round(db, map_id, "Mine", DIMS, people[who])
    assert health.rounds(db, map_id, people["fac"]) == []


@pytest.mark.parametrize("title, keys, words", [
    ("", DIMS, "needs a name"), ("x" * 201, DIMS, "needs a name"), ("R", [], "at least 3 dimensions"), ("R", ["trust", "power"], "at least 3 dimensions"),
    ("R", ["luck"], "'luck' is not a dimension"), ("R", "trust", "Choose the dimensions"),
])
def test_a_bad_round_is_refused_and_nothing_is_saved(db, team, title, keys, words):
    map_id, people = team
    with pytest.raises(InvalidInput, match=words):
        health.start_round(db, map_id, title, keys, people["fac"])
    assert health.rounds(db, map_id, people["fac"]) == []


def test_one_round_is_open_at_a_time(db, team):
    map_id, people = team
    first = started(db, team)
    with pytest.raises(InvalidInput, match="still open"):
        health.start_round(db, map_id, "Second", DIMS, people["fac"])
    health.answer(db, map_id, first.id, {"trust": 3, "mutuality": 3, "communication": 3}, {}, people["ana"])
    health.reveal(db, map_id, first.id, people["fac"])
    assert health.start_round(db, map_id, "Second", DIMS, people["fac"]).title == "Second"


def test_answers_are_private_to_the_facilitator_and_the_answering_partner_until_reveal(db, team):
    map_id, people = team
    round_ = started(db, team)
    health.answer(db, map_id, round_.id, {"trust": 5, "mutuality": 4, "communication": 3}, {"trust": "moh secret"}, people["ana"])
    health.answer(db, map_id, round_.id, {"trust": 4, "mutuality": 1, "communication": 3}, {}, people["ben"])
    seen = {who: {a.partner for a in health.answers(db, map_id, round_.id, people[who])}
            for who in ("fac", "ana", "ben", "vic", "nop")}
    assert seen == {"fac": {"moh", "iph"}, "ana": {"moh"}, "ben": {"iph"}, "vic": {"iph"}, "nop": set()}
    with pytest.raises(PermissionDenied, match="not been revealed"):
        health.results(db, map_id, round_.id, people["ben"])
    with pytest.raises(PermissionDenied):
        health.answers(db, map_id, round_.id, people["out"])
    assert health.trend(db, map_id, people["ben"]) == []
    assert health.answered_count(db, map_id, round_.id, people["ben"]) == {"moh": 1, "iph": 1}

    health.reveal(db, map_id, round_.id, people["fac"])
    assert {a.partner for a in health.answers(db, map_id, round_.id, people["ben"])} == {"moh", "iph"}
    results = health.results(db, map_id, round_.id, people["vic"])
    assert results.means == {"moh": {"trust": 5.0, "mutuality": 4.0, "communication": 3.0},
                             "iph": {"trust": 4.0, "mutuality": 1.0, "communication": 3.0}}
    assert [(g.key, g.gap) for g in results.gaps] == [("mutuality", 3.0), ("trust", 1.0), ("communication", 0.0)]
    assert results.round.revealed_by == "Fac"
    assert [(p.partner, p.mean) for p in health.trend(db, map_id, people["ben"])] == [("moh", 4.0), ("iph", 2.67)]


def test_one_answer_per_participant_editable_until_reveal(db, team):
    map_id, people = team
    round_ = started(db, team)
    health.answer(db, map_id, round_.id, {"trust": 2, "mutuality": 2, "communication": 3}, {}, people["ana"])
    health.answer(db, map_id, round_.id, {"trust": 4, "mutuality": 3, "communication": 3}, {"mutuality": "better"}, people["ana"])
    mine = health.answers(db, map_id, round_.id, people["fac"])
    assert len(mine) == 1 and mine[0].scores == {"trust": 4, "mutuality": 3, "communication": 3} and mine[0].user_name == "Ana"
    assert health.my_answer(db, map_id, round_.id, people["ana"]).comments == {"mutuality": "better"}
    health.reveal(db, map_id, round_.id, people["fac"])
    with pytest.raises(InvalidInput, match="was revealed"):
        health.answer(db, map_id, round_.id, {"trust": 1, "mutuality": 1, "communication": 3}, {}, people["ana"])
    assert health.my_answer(db, map_id, round_.id, people["ana"]).scores == {"trust": 4, "mutuality": 3, "communication": 3}


@pytest.mark.parametrize("scores, words", [
    ({"trust": 0, "mutuality": 3, "communication": 3}, "from 1 to 5, not 0"), ({"trust": 6, "mutuality": 3, "communication": 3}, "from 1 to 5, not 6"),
    ({"trust": 2.5, "mutuality": 3, "communication": 3}, "whole number"), ({"trust": True, "mutuality": 3, "communication": 3}, "whole number"),
    ({"trust": "x", "mutuality": 3, "communication": 3}, "whole number"), ({"trust": 3}, "missing: Mutuality"),
    ({"trust": 3, "mutuality": 3, "luck": 3}, "no dimension luck"), (["3", "3"], "per dimension"),
])
def test_scores_outside_the_scale_are_refused_and_nothing_is_saved(db, team, scores, words):
    map_id, people = team
    round_ = started(db, team)
    with pytest.raises(InvalidInput, match=words):
        health.answer(db, map_id, round_.id, scores, {}, people["ana"])
    assert health.answers(db, map_id, round_.id, people["fac"]) == []


def test_an_overlong_comment_is_refused(db, team):
    map_id, people = team
    round_ = started(db, team)
    with pytest.raises(InvalidInput, match="keep it to 2000"):
        health.answer(db, map_id, round_.id, {"trust": 3, "mutuality": 3, "communication": 3}, {"trust": "x" * 2001}, people["ana"])


@pytest.mark.parametrize("who, error", [("nop", PermissionDenied), ("out", PermissionDenied)])
def test_members_without_a_partner_and_outsiders_cannot_answer(db, team, who, error):
    map_id, people = team
    round_ = started(db, team)
    with pytest.raises(error):
        health.answer(db, map_id, round_.id, {"trust": 3, "mutuality": 3, "communication": 3}, {}, people[who])


@pytest.mark.parametrize("who", ["ana", "ben", "vic", "out"])
def test_only_facilitators_reveal(db, team, who):
    map_id, people = team
    round_ = started(db, team)
    health.answer(db, map_id, round_.id, {"trust": 3, "mutuality": 3, "communication": 3}, {}, people["ana"])
    with pytest.raises(PermissionDenied):
        health.reveal(db, map_id, round_.id, people[who])
    assert not health.rounds(db, map_id, people["fac"])[0].revealed


def test_revealing_needs_answers_and_happens_once(db, team):
    map_id, people = team
    round_ = started(db, team)
    with pytest.raises(InvalidInput, match="Nobody has answered"):
        health.reveal(db, map_id, round_.id, people["fac"])
    health.answer(db, map_id, round_.id, {"trust": 3, "mutuality": 3, "communication": 3}, {}, people["ben"])
    health.reveal(db, map_id, round_.id, people["fac"])
    with pytest.raises(InvalidInput, match="already revealed"):
        health.reveal(db, map_id, round_.id, people["fac"])


def test_a_round_of_another_map_is_not_found(db, team):
    map_id, people = team
    round_ = started(db, team)
    other = maps.create_map(db, "Other", SYSTEM)
    with pytest.raises(NotFound):
        health.answers(db, other, round_.id, SYSTEM)
    with pytest.raises(NotFound):
        health.answer(db, map_id, round_.id + 99, {"trust": 3, "mutuality": 3, "communication": 3}, {}, people["ana"])


# --------------------------------------------------------------------------- own dimensions, history, actions, export

OWN = {"title": "Data sharing", "statement": "We share the data we hold, on time.",
       "points": ["Never", "Sometimes", "Often", "Always"]}


def revealed(db, team, title="March workshop", keys=DIMS, custom=(), ana=None, ben=None):
    """A round started, answered by Ana (moh) and Ben (iph), and revealed."""
    map_id, people = team
    round_ = health.start_round(db, map_id, title, keys, people["fac"], custom=list(custom))
    keys = [d.key for d in round_.dimensions]
    health.answer(db, map_id, round_.id, ana or dict.fromkeys(keys, 4), {"trust": "Fine"}, people["ana"])
    health.answer(db, map_id, round_.id, ben or dict.fromkeys(keys, 2), {}, people["ben"])
    return health.reveal(db, map_id, round_.id, people["fac"])


def test_a_facilitator_adds_a_dimension_of_their_own_with_a_named_scale(db, team):
    map_id, people = team
    round_ = health.start_round(db, map_id, "March", ["trust", "power"], people["fac"], custom=[OWN])
    own = round_.dimensions[-1]
    assert (own.key, own.title, own.scale_min, own.scale_max, own.point_name(4)) == ("data_sharing", "Data sharing",
                                                                                     1, 4, "Always")
    with pytest.raises(InvalidInput, match="from 1 to 4, not 5"):
        health.answer(db, map_id, round_.id, {"trust": 3, "power": 3, "data_sharing": 5}, {}, people["ana"])


@pytest.mark.parametrize("custom, words", [
    ([{"title": ""}], "needs a title of 1 to 80"),
    ([{"title": "x" * 81}], "needs a title of 1 to 80"),
    ([{"title": "Data", "statement": "s" * 301}], "at most 300 characters"),
    ([{"title": "Data", "points": 1}], "needs 2 to 11 points, not 1"),
    ([{"title": "Data", "points": 12}], "needs 2 to 11 points, not 12"),
    ([{"title": "Data", "points": ["Low", "low"]}], "same name"),
    ([{"title": "Data", "points": ["Low", "x" * 41]}], "at most 40 characters"),
    ([{"title": "Trust"}], "already has a dimension called “Trust”"),
    ([{"title": "Data"}, {"title": "data"}], "already has a dimension called “data”"),
    ([{"title": "Data", "colour": "red"}], "no field 'colour'"),
    (["Data"], "must each have a title"),
    ([{"title": f"Own {n}"} for n in range(19)], "at most 20 dimensions"),
])
def test_bad_own_dimensions_are_refused_with_a_clear_message_and_nothing_is_saved(db, team, custom, words):
    map_id, people = team
    with pytest.raises(InvalidInput, match=words):
        health.start_round(db, map_id, "March", ["trust", "power"], people["fac"], custom=custom)
    assert health.rounds(db, map_id, people["fac"]) == []


def test_own_dimensions_alone_make_a_round_and_keys_stay_unique(db, team):
    map_id, people = team
    round_ = health.start_round(db, map_id, "Own", [], people["fac"],
                                custom=[{"title": "Trust!"}, {"title": "Trust?"}, {"title": "Data sharing"}])
    assert [d.key for d in round_.dimensions] == ["trust_2", "trust_3", "data_sharing"]


def test_starting_and_revealing_a_round_appear_in_the_map_history(db, team):
    map_id, people = team
    before = history.history(db, map_id, limit=1, who=SYSTEM)[0].revision
    round_ = revealed(db, team)
    entries = history.history(db, map_id, limit=2, who=SYSTEM)
    assert [e.revision for e in entries] == [before + 2, before + 1]
    assert [e.summary for e in entries] == ["Revealed the health check round “March workshop” (2 answers)",
                                            "Started the health check round “March workshop” (3 dimensions)"]
    assert entries[0].change.about == {"kind": "health_round", "id": round_.id, "event": "revealed"}
    assert entries[0].author.name == "Fac"
    with pytest.raises(InvalidInput, match="records an event"):
        history.undo(db, map_id, entries[0].revision, people["fac"])


def test_a_refused_start_records_nothing_in_the_history(db, team):
    map_id, people = team
    before = history.history(db, map_id, limit=1, who=SYSTEM)[0].revision
    with pytest.raises(PermissionDenied):
        health.start_round(db, map_id, "Mine", DIMS, people["ana"])
    assert history.history(db, map_id, limit=1, who=SYSTEM)[0].revision == before


def test_a_gap_becomes_an_outcome_on_the_map_linked_back_to_the_round(db, team):
    map_id, people = team
    round_ = revealed(db, team, keys=["trust", "mutuality", "joint_purpose"])
    action, revision = health.add_element_from_gap(db, map_id, round_.id, "joint_purpose", "outcome",
                                                   "  A named   joint goal ", people["ana"])
    state = maps.get_map(db, map_id, who=SYSTEM)[2]
    element = state.elements[action.ref]
    assert (element.kind.value, element.label, element.owner) == ("outcome", "A named joint goal", "moh")
    assert element.tags == [f"health-round-{round_.id}"] and element.x is not None
    assert element.description == (f"From the partnership health check round “March workshop” (#{round_.id}): "
                                   "a gap of 2.0 on Joint purpose (MoH Lumora 4.0, AIPH 2.0).")
    entry = history.history(db, map_id, limit=1, who=SYSTEM)[0]
    assert entry.revision == revision
    assert entry.summary == "Added outcome “A named joint goal” from the health check round “March workshop” (gap on Joint purpose)"
    stored = health.rounds(db, map_id, people["ben"])[0].actions
    assert [(a.kind, a.ref, a.label, a.dimension, a.by) for a in stored] == [
        ("element", action.ref, "A named joint goal", "joint_purpose", "Ana")]
    history.undo(db, map_id, revision, people["ana"])  # an ordinary change: it can be undone
    assert action.ref not in maps.get_map(db, map_id, who=SYSTEM)[2].elements


@pytest.mark.parametrize("who, dim, kind, label, error, words", [
    ("vic", "trust", "outcome", "Goal", PermissionDenied, "may not"),
    ("out", "trust", "outcome", "Goal", PermissionDenied, None),
    ("ana", "luck", "outcome", "Goal", InvalidInput, "no dimension 'luck'"),
    ("ana", "trust", "impact", "Goal", InvalidInput, "one of: outcome"),
    ("ana", "trust", "spaceship", "Goal", InvalidInput, "one of: outcome"),
    ("ana", "trust", "outcome", " ", InvalidInput, "Name the new outcome"),
    ("ana", "trust", "outcome", "x" * 201, InvalidInput, "Name the new outcome"),
])
def test_bad_actions_are_refused_and_nothing_changes(db, team, who, dim, kind, label, error, words):
    map_id, people = team
    round_ = revealed(db, team)
    before = history.history(db, map_id, limit=1, who=SYSTEM)[0].revision
    with pytest.raises(error, match=words):
        health.add_element_from_gap(db, map_id, round_.id, dim, kind, label, people[who])
    assert history.history(db, map_id, limit=1, who=SYSTEM)[0].revision == before
    assert health.rounds(db, map_id, SYSTEM)[0].actions == []


def test_an_open_round_cannot_be_acted_on(db, team):
    map_id, people = team
    round_ = started(db, team)
    with pytest.raises(InvalidInput, match="not revealed yet"):
        health.add_element_from_gap(db, map_id, round_.id, "trust", "outcome", "Goal", people["ana"])


def test_the_change_since_the_previous_round_is_per_partner_and_dimension(db, team):
    map_id, people = team
    first = revealed(db, team, ana={"trust": 5, "mutuality": 5, "communication": 4},
                     ben={"trust": 4, "mutuality": 2, "communication": 3})
    assert health.change_since_previous(db, map_id, first.id, people["ben"]) is None
    second = revealed(db, team, "June", ["trust", "mutuality", "power"], custom=[OWN],
                      ana={"trust": 5, "mutuality": 4, "power": 4, "data_sharing": 4},
                      ben={"trust": 4, "mutuality": 4, "power": 3, "data_sharing": 1})
    since = health.change_since_previous(db, map_id, second.id, people["ben"])
    assert since.previous.id == first.id
    assert [(c.key, c.partner, c.before, c.after, c.delta) for c in since.changes] == [
        ("mutuality", "iph", 2.0, 4.0, 2.0), ("mutuality", "moh", 5.0, 4.0, -1.0),
        ("trust", "moh", 5.0, 5.0, 0.0), ("trust", "iph", 4.0, 4.0, 0.0)]
    assert [p.mean for p in health.trend(db, map_id, people["ben"])] == [4.67, 3.0, 4.25, 3.0]


def test_results_export_as_csv_and_the_chart_as_svg_and_png(db, team):
    map_id, people = team
    round_ = revealed(db, team, custom=[OWN], ana={"trust": 5, "mutuality": 4, "communication": 4, "data_sharing": 4},
                      ben={"trust": 4, "mutuality": 2, "communication": 4, "data_sharing": 1})
    exported = health.export_results(db, map_id, round_.id, "csv", who=people["ben"])
    assert exported.filename.endswith("-health-march-workshop.csv") and exported.media_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert [(r["dimension_key"], r["partner"], r["mean"], r["gap"]) for r in rows][:4] == [
        ("data_sharing", "moh", "4.00", "3.00"), ("data_sharing", "iph", "1.00", "3.00"),
        ("mutuality", "moh", "4.00", "2.00"), ("mutuality", "iph", "2.00", "2.00")]
    assert rows[0]["scale"] == "1-4" and next(r for r in rows if r["dimension_key"] == "trust"
                                              and r["partner"] == "moh")["comments"] == "Fine"
    svg = health.export_results(db, map_id, round_.id, "svg", who=people["ben"]).data.decode()
    assert svg.count('class="partner"') == 2 and "Data sharing" in svg
    png = health.export_results(db, map_id, round_.id, "png", who=people["ben"])
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n" and png.filename.endswith("-radar.png")
    with pytest.raises(InvalidInput, match="not 'pdf'"):
        health.export_results(db, map_id, round_.id, "pdf", who=people["ben"])
    with pytest.raises(PermissionDenied):
        health.export_results(db, map_id, round_.id, "csv", who=people["out"])


def test_an_open_round_does_not_export(db, team):
    map_id, people = team
    round_ = started(db, team)
    with pytest.raises(PermissionDenied, match="not been revealed"):
        health.export_results(db, map_id, round_.id, "csv", who=people["fac"])


def test_a_comment_that_looks_like_a_formula_is_quoted_in_the_csv(db, team):
    map_id, people = team
    round_ = health.start_round(db, map_id, "March", DIMS, people["fac"])
    health.answer(db, map_id, round_.id, dict.fromkeys(DIMS, 3), {"trust": "=HYPERLINK(\"http://x\")"}, people["ana"])
    health.reveal(db, map_id, round_.id, people["fac"])
    text = health.export_results(db, map_id, round_.id, "csv", who=people["ana"]).data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_the_report_shows_the_latest_revealed_round_with_its_chart_and_gaps(db, team):
    map_id, people = team
    report = lambda **kw: exchange.export_map(db, map_id, "report", who=people["ben"], **kw).data.decode()
    assert "Partnership health" not in report()
    first = revealed(db, team, keys=["trust", "mutuality", "joint_purpose"])
    at_first = history.history(db, map_id, limit=1, who=SYSTEM)[0].revision
    health.add_element_from_gap(db, map_id, first.id, "joint_purpose", "outcome", "A named joint goal", people["ana"])
    assert "Acted on: A named joint goal." in report()
    revealed(db, team, "June review", ana={"trust": 5, "mutuality": 5, "communication": 5},
             ben={"trust": 5, "mutuality": 1, "communication": 5})
    text = report()
    assert "Partnership health" in text and "“June review”" in text and text.count('class="partner"') == 2
    gaps = text.split('class="health-gaps"')[1]
    assert gaps.index("Mutuality and two-way learning") < gaps.index("Trust") and "<strong>4.0</strong>" in gaps
    earlier = report(revision=at_first)  # a report of an earlier revision shows the round revealed by then
    assert "“March workshop”" in earlier and "June review" not in earlier
    assert "Acted on" not in earlier  # the action came after that revision


def test_a_gap_becomes_a_learning_log_entry_whose_source_is_the_round(db, team):
    map_id, people = team
    round_ = revealed(db, team)
    action = health.record_learning_from_gap(db, map_id, round_.id, "mutuality",
                                             "No goal of our own has been named yet.", "reflection", people["ben"])
    entry = maps.get_map(db, map_id, who=SYSTEM)[2].learning[action.ref]
    assert entry.source.kind == "health_round" and entry.source.id == round_.id
    assert entry.source.title == "March workshop" and entry.partner == "iph"
    assert entry.text.startswith("No goal of our own has been named yet.") and "a gap of 2.0 on Mutuality" in entry.text
    stored = health.rounds(db, map_id, SYSTEM)[0].actions
    assert [(a.kind, a.ref, a.dimension, a.by) for a in stored] == [("learning", action.ref, "mutuality", "Ben")]
    with pytest.raises(InvalidInput, match="Write what"):
        health.record_learning_from_gap(db, map_id, round_.id, "mutuality", "  ", "reflection", people["ben"])
    with pytest.raises(PermissionDenied):
        health.record_learning_from_gap(db, map_id, round_.id, "mutuality", "Hm", "reflection", people["out"])
    assert len(health.rounds(db, map_id, SYSTEM)[0].actions) == 1


def test_a_round_its_events_and_actions_are_stored_alike_on_sqlite_and_postgresql(real_db):
    map_id, people = make_team(real_db)
    round_ = revealed(real_db, (map_id, people), custom=[OWN])
    action, _ = health.add_element_from_gap(real_db, map_id, round_.id, "data_sharing", "outcome", "Shared data plan",
                                            people["ana"])
    stored = health.rounds(real_db, map_id, people["ben"])[0]
    assert stored.dimensions[-1].points == OWN["points"] and [a.ref for a in stored.actions] == [action.ref]
    assert [e.summary.split(" “")[0] for e in history.history(real_db, map_id, limit=3, who=SYSTEM)] == [
        "Added outcome", "Revealed the health check round", "Started the health check round"]
