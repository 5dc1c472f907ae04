"""Actions' rules, on SQLite and PostgreSQL: owners are members, due dates ahead, sources real, status by its owner."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.services import accounts, actions, comments, health, history, learning, maps, swot
from tocmap.services.access import SYSTEM
from tests.services.conftest import make_team

TODAY = dt.date.today()
LATER = TODAY + dt.timedelta(days=14)


@pytest.fixture
def people(real_db):
    """The worked example on a real database, and its people (see make_team)."""
    return real_db, *make_team(real_db)


def uid(person):
    return person.user_id


def revealed_round(db, map_id, people):
    round_ = health.start_round(db, map_id, "March workshop", ["trust", "mutuality", "communication"], people["fac"])
    health.answer(db, map_id, round_.id, {"trust": 5, "mutuality": 4, "communication": 3}, {}, people["ana"])
    health.answer(db, map_id, round_.id, {"trust": 2, "mutuality": 4, "communication": 3}, {}, people["ben"])
    return health.reveal(db, map_id, round_.id, people["fac"])


def test_an_action_made_from_a_health_check_gap_names_the_gap_its_owner_and_partner(people):
    db, map_id, p = people
    round_ = revealed_round(db, map_id, p)
    revision = maps.get_map(db, map_id, who=p["fac"])[0].revision
    made = actions.make_action(db, map_id, title="Agree how we share bad news", owner_id=uid(p["ben"]), due=LATER,
                               source=("health_gap", f"{round_.id}:trust"), who=p["ana"])
    assert (made.owner_name, made.partner, made.due, made.status) == ("Ben", "iph", LATER, "open")
    assert made.source.kind == "health_gap" and "gap on Trust (3.0)" in made.source.label
    assert made.created_by == "Ana"
    line = history.history(db, map_id, limit=1, who=p["fac"])[0]
    assert line.revision == revision + 1 and "Agree how we share bad news" in line.summary
    assert [a.id for a in actions.actions(db, map_id, p["vic"])] == [made.id]


def test_sources_list_gaps_cards_entries_comments_and_elements(people):
    db, map_id, p = people
    round_ = revealed_round(db, map_id, p)
    exercise = swot.open_exercise(db, map_id, "SWOT", p["fac"])
    card = swot.add_card(db, map_id, exercise.id, "threat", "Budget cuts", p["ana"])
    swot.reveal(db, map_id, exercise.id, p["fac"])
    entry = learning.record_entry(db, map_id, text="Districts report late", who=p["ana"])
    thread = comments.start_thread(db, map_id, "map", "", "Who follows this up?", p["ben"])
    found = {s["kind"]: s["value"] for s in actions.sources(db, map_id, p["vic"])}
    assert found["health_gap"].startswith(f"health_gap|{round_.id}:")
    assert found["swot_card"] == f"swot_card|{exercise.id}:{card.id}"
    assert found["learning"] == f"learning|{entry}" and found["comment"] == f"comment|{thread.id}"
    element = next(iter(maps.get_map(db, map_id, who=p["fac"])[2].elements))
    for value in [*found.values(), f"element|{element}"]:
        made = actions.make_action(db, map_id, title="Follow up", owner_id=uid(p["ana"]), due=TODAY,
                                   source=actions.parse_source(value), who=p["fac"])
        assert made.source.label and made.due == TODAY
    from_elements = [a for a in actions.actions(db, map_id, p["fac"]) if a.source.kind == "element"]
    assert all(a.items == [a.source.ref] for a in from_elements) and len(from_elements) == 2


@pytest.mark.parametrize("change, words", [
    ({"owner_id": "out"}, "must be a member of this map"),
    ({"owner_id": None}, "Choose who owns"),
    ({"due": TODAY - dt.timedelta(days=1)}, "has passed"),
    ({"due": "soon"}, "due date"),
    ({"title": "  "}, "Say what is to be done"),
    ({"partner": "nowhere"}, "not a partner"),
    ({"items": ["no-such-element"]}, "no element or indicator"),
    ({"source": ("health_gap", "999:trust")}, "no health check round"),
    ({"source": ("learning", "lrn-none")}, "not in the log"),
])
def test_bad_input_gets_one_clear_message_and_nothing_is_written(people, change, words):
    db, map_id, p = people
    revision = maps.get_map(db, map_id, who=p["fac"])[0].revision
    fields = {"title": "Write the brief", "owner_id": uid(p["ana"]), "due": LATER, **change}
    if fields["owner_id"] == "out":
        fields["owner_id"] = uid(p["out"])
    with pytest.raises((InvalidInput, NotFound), match=words):
        actions.make_action(db, map_id, **fields, who=p["fac"])
    assert actions.actions(db, map_id, p["fac"]) == []
    assert maps.get_map(db, map_id, who=p["fac"])[0].revision == revision


def test_an_unrevealed_round_is_not_yet_a_source(people):
    db, map_id, p = people
    round_ = health.start_round(db, map_id, "Open", ["trust", "mutuality", "communication"], p["fac"])
    with pytest.raises(InvalidInput, match="not revealed yet"):
        actions.make_action(db, map_id, title="x", owner_id=uid(p["ana"]), due=LATER,
                            source=("health_gap", f"{round_.id}:trust"), who=p["fac"])


@pytest.mark.parametrize("who", ["vic", "out"])
def test_viewers_and_outsiders_make_no_actions(people, who):
    db, map_id, p = people
    with pytest.raises(PermissionDenied):
        actions.make_action(db, map_id, title="x", owner_id=uid(p["ana"]), due=LATER, who=p[who])


def test_the_owner_takes_and_finishes_an_action_others_may_not_but_a_facilitator_may(people):
    db, map_id, p = people
    made = actions.make_action(db, map_id, title="Draft the MoU", owner_id=uid(p["ben"]), due=LATER, who=p["ana"])
    with pytest.raises(PermissionDenied, match="Only Ben"):
        actions.set_status(db, map_id, made.id, "taken", p["ana"])
    assert actions.set_status(db, map_id, made.id, "taken", p["ben"]).status == "taken"
    assert actions.set_status(db, map_id, made.id, "done", p["fac"]).status == "done"
    with pytest.raises(InvalidInput, match="open, taken, done or dropped"):
        actions.set_status(db, map_id, made.id, "later", p["ben"])
    summaries = [r.summary for r in history.history(db, map_id, limit=2, who=p["fac"])]
    assert "done" in summaries[0] and "taken" in summaries[1]


def test_overdue_actions_come_first_and_my_actions_span_maps(people):
    db, map_id, p = people
    soon = actions.make_action(db, map_id, title="Soon", owner_id=uid(p["ben"]), due=LATER, who=p["fac"])
    five_days_ago = TODAY - dt.timedelta(days=5)  # made then, due two days later: overdue now
    late = actions.make_action(db, map_id, title="Late", owner_id=uid(p["ben"]), due=TODAY - dt.timedelta(days=3),
                               who=p["fac"], on=five_days_ago)
    other = maps.duplicate_map(db, map_id, "Second map", p["fac"])
    accounts.set_member(db, other, "ben@example.org", "editor", "iph", SYSTEM)
    actions.make_action(db, other, title="Elsewhere", owner_id=uid(p["ben"]), due=TODAY + dt.timedelta(days=1),
                        who=p["fac"])
    assert late.overdue(TODAY) and not soon.overdue(TODAY)
    mine = actions.my_actions(db, p["ben"])
    first_map = maps.get_map(db, map_id, who=p["fac"])[2].title
    assert [(m.map_title, m.action.title, m.partner_name) for m in mine] == [
        (first_map, "Late", "AIPH"), ("Second map", "Elsewhere", "AIPH"), (first_map, "Soon", "AIPH")]
    assert [a.title for a in actions.actions(db, map_id, p["vic"])] == ["Late", "Soon"]
    assert actions.my_actions(db, p["ana"]) == []


def test_actions_download_as_csv_and_xlsx(people):
    db, map_id, p = people
    actions.make_action(db, map_id, title="=HYPERLINK(bad)", owner_id=uid(p["mel"]), due=LATER, who=p["fac"])
    data, name, media = actions.export_actions(db, map_id, "csv", who=p["vic"])
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert name.endswith("-actions.csv") and media.startswith("text/csv")
    assert table[0]["title"] == "'=HYPERLINK(bad)" and table[0]["owner"] == "Mel" and table[0]["due"] == str(LATER)
    data, name, _ = actions.export_actions(db, map_id, "xlsx", who=p["vic"])
    sheet = load_workbook(io.BytesIO(data))["Actions"]
    assert sheet["B2"].value == "'=HYPERLINK(bad)" and sheet["F2"].value == "Open"
    with pytest.raises(InvalidInput):
        actions.export_actions(db, map_id, "pdf", who=p["vic"])
    with pytest.raises(PermissionDenied):
        actions.export_actions(db, map_id, "csv", who=p["out"])
