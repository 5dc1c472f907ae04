"""The SWOT's rules: who opens and reveals, privacy before reveal, pairs, cards onto the map."""

import pytest

from tocmap.domain.errors import InvalidInput, NotFound, PermissionDenied
from tocmap.services import history, maps, swot
from tocmap.services.access import SYSTEM


@pytest.fixture
def opened(db, team):
    map_id, people = team
    exercise = swot.open_exercise(db, map_id, "Partnership review", people["fac"])
    swot.add_card(db, map_id, exercise.id, "weakness", "Weak data systems in districts", people["ana"])
    swot.add_card(db, map_id, exercise.id, "weakness", "District data systems are weak", people["ben"])
    swot.add_card(db, map_id, exercise.id, "threat", "Elections may stall reform", people["ben"])
    return map_id, people, exercise


def test_a_facilitator_opens_an_exercise_and_it_is_in_the_history(db, team):
    map_id, people = team
    exercise = swot.open_exercise(db, map_id, "Partnership review", people["fac"])
    assert exercise.opened_by == "Fac" and not exercise.revealed
    assert [e.id for e in swot.exercises(db, map_id, people["vic"])] == [exercise.id]
    latest = history.history(db, map_id, limit=1, who=SYSTEM)[0]
    assert latest.summary == "Opened the SWOT exercise “Partnership review”" and latest.author.name == "Fac"


@pytest.mark.parametrize("who", ["ana", "ben", "vic", "out"])
def test_only_facilitators_open_exercises(db, team, who):
    map_id, people = team
    with pytest.raises(PermissionDenied):
        swot.open_exercise(db, map_id, "Mine", people[who])


def test_one_exercise_is_open_at_a_time(db, opened):
    map_id, people, _ = opened
    with pytest.raises(InvalidInput, match="still open"):
        swot.open_exercise(db, map_id, "Another", people["fac"])


def test_before_reveal_each_partner_sees_only_its_own_cards(db, opened):
    map_id, people, exercise = opened
    seen = {who: sorted(c.text for c in swot.cards(db, map_id, exercise.id, people[who]))
            for who in ("ana", "ben", "vic", "nop", "fac")}
    assert seen["ana"] == ["Weak data systems in districts"]
    assert seen["ben"] == seen["vic"] == ["District data systems are weak", "Elections may stall reform"]
    assert seen["nop"] == []
    assert len(seen["fac"]) == 3
    assert swot.card_counts(db, map_id, exercise.id, people["ana"]) == {"moh": 1, "iph": 2}
    with pytest.raises(PermissionDenied, match="not been revealed"):
        swot.board(db, map_id, exercise.id, people["ana"])
    with pytest.raises(PermissionDenied):
        swot.cards(db, map_id, exercise.id, people["out"])


def test_nobody_removes_or_maps_another_partner_s_card_before_reveal(db, opened):
    map_id, people, exercise = opened
    theirs = [c for c in swot.cards(db, map_id, exercise.id, people["fac"]) if c.partner == "iph"][0]
    with pytest.raises(NotFound):
        swot.remove_card(db, map_id, exercise.id, theirs.id, people["ana"])
    with pytest.raises(NotFound):
        swot.make_element(db, map_id, exercise.id, theirs.id, None, people["ana"])
    assert len(swot.cards(db, map_id, exercise.id, people["fac"])) == 3


def test_a_member_takes_back_their_partner_s_card_before_reveal(db, opened):
    map_id, people, exercise = opened
    mine = swot.cards(db, map_id, exercise.id, people["ana"])[0]
    swot.remove_card(db, map_id, exercise.id, mine.id, people["ana"])
    assert swot.cards(db, map_id, exercise.id, people["ana"]) == []


@pytest.mark.parametrize("quadrant, text, words", [
    ("weakness", "", "needs some text"), ("weakness", "x" * 301, "at most 300"), ("risk", "A", "four quadrants")])
def test_bad_cards_change_nothing(db, opened, quadrant, text, words):
    map_id, people, exercise = opened
    with pytest.raises(InvalidInput, match=words):
        swot.add_card(db, map_id, exercise.id, quadrant, text, people["ana"])
    assert len(swot.cards(db, map_id, exercise.id, people["fac"])) == 3


def test_cards_need_a_partner_and_the_comment_permission(db, opened):
    map_id, people, exercise = opened
    with pytest.raises(PermissionDenied, match="speak for a partner"):
        swot.add_card(db, map_id, exercise.id, "strength", "Trust", people["nop"])
    with pytest.raises(PermissionDenied):
        swot.add_card(db, map_id, exercise.id, "strength", "Trust", people["out"])


def test_reveal_shows_everything_once_and_twice_is_refused(db, opened):
    map_id, people, exercise = opened
    with pytest.raises(PermissionDenied):
        swot.reveal(db, map_id, exercise.id, people["ana"])
    revealed = swot.reveal(db, map_id, exercise.id, people["fac"])
    assert revealed.revealed and revealed.revealed_by == "Fac"
    assert len(swot.cards(db, map_id, exercise.id, people["ana"])) == 3
    with pytest.raises(InvalidInput, match="already revealed"):
        swot.reveal(db, map_id, exercise.id, people["fac"])
    with pytest.raises(InvalidInput, match="was revealed"):
        swot.add_card(db, map_id, exercise.id, "threat", "Late card", people["ana"])
    assert history.history(db, map_id, limit=1, who=SYSTEM)[0].summary.startswith("Revealed the SWOT")


def test_an_empty_exercise_is_not_revealed(db, team):
    map_id, people = team
    exercise = swot.open_exercise(db, map_id, "Empty", people["fac"])
    with pytest.raises(InvalidInput, match="Nobody has added a card"):
        swot.reveal(db, map_id, exercise.id, people["fac"])


def test_the_board_pairs_aligned_cards_and_the_facilitator_confirms_or_undoes(db, opened):
    map_id, people, exercise = opened
    swot.reveal(db, map_id, exercise.id, people["fac"])
    view = swot.board(db, map_id, exercise.id, people["vic"])
    weak = view.board.quadrant("weakness")
    assert len(weak.pairs) == 1 and weak.alignment == 1.0
    assert [c.text for c in view.board.quadrant("threat").one_sided] == ["Elections may stall reform"]
    a, b = (c.id for c in weak.pairs[0].cards)
    with pytest.raises(PermissionDenied):
        swot.decide_pair(db, map_id, exercise.id, a, b, "undo", people["ben"])
    swot.decide_pair(db, map_id, exercise.id, a, b, "confirm", people["fac"])
    assert swot.board(db, map_id, exercise.id, people["ana"]).board.quadrant("weakness").pairs[0].confirmed
    swot.decide_pair(db, map_id, exercise.id, a, b, "undo", people["fac"])
    weak = swot.board(db, map_id, exercise.id, people["ana"]).board.quadrant("weakness")
    assert weak.pairs == [] and weak.alignment == 0


def test_a_card_becomes_a_map_element_linked_back_in_one_step(db, opened):
    map_id, people, exercise = opened
    swot.reveal(db, map_id, exercise.id, people["fac"])
    threat = [c for c in swot.cards(db, map_id, exercise.id, people["ana"]) if c.quadrant == "threat"][0]
    with pytest.raises(PermissionDenied):
        swot.make_element(db, map_id, exercise.id, threat.id, None, people["vic"])
    element = swot.make_element(db, map_id, exercise.id, threat.id, None, people["ana"])
    _, _, state = maps.get_map(db, map_id, who=SYSTEM)
    assert state.elements[element.id].kind == "external_factor"
    assert f"swot-card-{threat.id}" in state.elements[element.id].tags
    assert [c.element_id for c in swot.cards(db, map_id, exercise.id, people["ana"]) if c.id == threat.id] == [
        element.id]
    assert history.history(db, map_id, limit=1, who=SYSTEM)[0].summary == (
        "Added external factor “Elections may stall reform”")
    with pytest.raises(InvalidInput, match="already on the map"):
        swot.make_element(db, map_id, exercise.id, threat.id, None, people["ana"])


def test_the_board_exports_as_csv_xlsx_svg_and_png_only_after_reveal(db, opened):
    import csv
    import io

    from openpyxl import load_workbook

    map_id, people, exercise = opened
    with pytest.raises(PermissionDenied, match="not been revealed"):
        swot.export_board(db, map_id, exercise.id, "csv", who=people["fac"])
    swot.reveal(db, map_id, exercise.id, people["fac"])
    rows = list(csv.DictReader(io.StringIO(
        swot.export_board(db, map_id, exercise.id, "csv", who=people["vic"]).data.decode("utf-8-sig"))))
    assert [(r["quadrant"], r["partner"], r["pair_status"]) for r in rows] == [
        ("Weaknesses", "moh", "suggested"), ("Weaknesses", "iph", "suggested"), ("Threats", "iph", "one-sided")]
    book = load_workbook(io.BytesIO(swot.export_board(db, map_id, exercise.id, "xlsx", who=people["vic"]).data))
    assert book.sheetnames == ["Cards", "Alignment"]
    assert [c.value for c in book["Alignment"]["B"]][1:] == [0, 2, 0, 1, 3]
    svg = swot.export_board(db, map_id, exercise.id, "svg", who=people["vic"])
    assert svg.filename.endswith(".svg") and b"Weaknesses" in svg.data and b"alignment 100%" in svg.data
    png = swot.export_board(db, map_id, exercise.id, "png", who=people["vic"]).data
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(InvalidInput, match="exports as"):
        swot.export_board(db, map_id, exercise.id, "pdf", who=people["vic"])


def test_the_report_shows_the_purpose_principles_and_latest_swot_first(db, opened):
    from tocmap.services import exchange, foundations

    map_id, people, exercise = opened
    swot.reveal(db, map_id, exercise.id, people["fac"])
    foundations.set_purpose(db, map_id, "Better use of data for health", people["ana"])
    foundations.add_principle(db, map_id, "Budget decisions are taken jointly", people["ana"])
    html = exchange.export_map(db, map_id, "report", who=people["vic"]).data.decode()
    purpose, swot_at, framework = (html.index(t) for t in ("Better use of data for health", "SWOT: Partnership review",
                                                            "Results framework"))
    assert purpose < swot_at < framework
    assert "Budget decisions are taken jointly" in html and "Weak data systems in districts" in html
