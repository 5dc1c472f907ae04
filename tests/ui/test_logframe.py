"""The map read as a logframe: levels, rows, indicators, assumptions and narrative edits."""

import datetime as dt
import doctest

import pytest

from tests.domain.factories import element, link, small_map
from tocmap.domain import framework as fw
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import (
    Baseline,
    ElementKind,
    Indicator,
    MapState,
    Observation,
    Partner,
    Partnership,
    Period,
    Target,
)
from tocmap.services import maps
from tocmap.ui import logframe as lf

TEAM = Partnership(id="p", name="Partners", partners=[
    Partner(id="moh", name="Ministry of Health", short_name="MoH"), Partner(id="iph", name="Institute")])


def period(year: int) -> Period:
    return Period(label=str(year), start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))


def test_the_module_examples_hold():
    results = doctest.testmod(lf, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert results.attempted > 10 and results.failed == 0


def test_the_levels_run_from_impact_down_to_activities():
    levels = lf.framework(small_map(), TEAM)
    assert [(level["title"], [row["id"] for row in level["rows"]]) for level in levels] == [
        ("Impact", ["imp"]), ("Outcomes", ["oc"]), ("Outputs", ["out"]), ("Activities", ["act"])]


def test_interventions_read_as_activities_and_actors_are_not_rows():
    rows = [row for level in lf.framework(small_map(), TEAM) for row in level["rows"]]
    assert [row["level"] for row in rows] == ["Impact", "Outcome", "Output", "Activity"]
    assert "dho" not in {row["id"] for row in rows} and "as1" not in {row["id"] for row in rows}
    assert lf.outside_note(small_map()).startswith("Not in the results chain, so not rows here: 1 actor")


def test_an_empty_level_has_no_rows():
    state = MapState(title="Only outcomes", elements={"o": element("o", "outcome")})
    assert {kind: len(rows) for kind, rows in lf.rows_by_level(state, TEAM).items()} == {
        "impact": 0, "outcome": 1, "output": 0, "intervention": 0}


def test_rows_follow_the_map_left_to_right_and_are_numbered():
    state = MapState(title="m", elements={
        "b": element("b", "output", "Second", x=500, y=0), "a": element("a", "output", "First", x=-20, y=0)})
    rows = lf.level_rows(state, TEAM, ElementKind.OUTPUT)
    assert [(row["id"], row["level"]) for row in rows] == [("a", "Output 1"), ("b", "Output 2")]


def test_the_narrative_shows_the_label_then_the_description_then_what_it_contributes_to():
    state = small_map()
    state.elements["out"].description = "One per district."
    row = lf.level_rows(state, TEAM, ElementKind.OUTPUT)[0]
    assert row["narrative"] == "**Dashboards in every district**\n\nOne per district\\.\n\n*Contributes to Outcome*"
    assert row["label"] == "Dashboards in every district" and row["description"] == "One per district."


def test_text_users_typed_is_shown_as_typed_not_as_markdown():
    state = MapState(title="m", elements={"o": element("o", "outcome", "*Not bold* <b>nor html</b> [x](y)")})
    narrative = lf.level_rows(state, TEAM, ElementKind.OUTCOME)[0]["narrative"]
    assert narrative == r"**\*Not bold\* \<b\>nor html\</b\> \[x\]\(y\)**"


def test_the_owner_is_the_partners_short_name():
    state = MapState(title="m", elements={"o": element("o", "outcome", owner="moh"), "p": element("p", "outcome")})
    assert [row["owner"] for row in lf.level_rows(state, TEAM, ElementKind.OUTCOME)] == ["MoH", "—"]


def test_indicators_show_baseline_latest_target_and_latest_value_with_their_verification():
    coverage = Indicator(
        id="i1", element="oc", name="Coverage", measure="percentage", means_of_verification="DHIS2 report",
        baseline=Baseline(value=40.0), targets=[Target(period=period(2027), value=90.0),
                                                Target(period=period(2026), value=60.0)],
        observations=[Observation(id="o1", value=55.0, date=dt.date(2026, 6, 1))],
    )
    late = Indicator(id="i2", element="oc", name="Days late", unit="days")
    retired = Indicator(id="i3", element="oc", name="Old measure", status="retired")
    state = small_map().model_copy(update={"indicators": {i.id: i for i in (coverage, late, retired)}})
    row = lf.level_rows(state, TEAM, ElementKind.OUTCOME)[0]
    shown = row["indicators"].replace(lf.NBSP, " ")
    assert shown == ("1. **Coverage**  \n   Baseline 40 % · Target 90 % \\(2027\\) · Latest 55 %\n"
                     "2. **Days late**  \n   Baseline — · Target — · Latest —")
    assert row["verification"] == "1. DHIS2 report\n2. —"


def test_a_result_without_indicators_says_so_but_an_activity_stays_quiet():
    state = small_map().model_copy(update={"indicators": {}})
    rows = lf.rows_by_level(state, TEAM)
    assert rows["outcome"][0]["indicators"] == "*No indicator yet*"
    assert rows["intervention"][0]["indicators"] == "" and rows["intervention"][0]["verification"] == ""


def test_assumptions_on_an_element_or_on_its_links_show_with_their_status():
    state = small_map()  # as1 sits on the link out -> oc
    state.elements["as2"] = element("as2", "assumption", "Budget holds", attached_to=["oc", "l2"],
                                    assumption_status="challenged")
    by_element = fw.assumptions_by_element(state)
    assert [a.id for a in by_element["oc"]] == ["as2", "as1"]
    assert [a.id for a in by_element["out"]] == ["as2", "as1"]
    assert "act" not in by_element and "imp" not in by_element
    row = lf.level_rows(state, TEAM, ElementKind.OUTCOME)[0]
    assert row["assumptions"] == "- Budget holds · *challenged*\n- Staff stay in post · *untested*"


def test_the_worked_example_reads_as_a_full_logframe():
    document = maps.load_template(maps.EXAMPLE)
    levels = lf.framework(document.state(), document.partnership)
    assert all(level["rows"] for level in levels)
    outcomes = {row["id"]: row for row in levels[1]["rows"]}
    assert all(row["narrative"].startswith("**") for level in levels for row in level["rows"])
    assert any("challenged" in row["assumptions"] for row in outcomes.values())
    assert "4 external factors" in lf.outside_note(document.state())


def test_a_narrative_edit_sends_only_what_changed():
    saved = {"label": "Staff use data", "description": "Weekly."}
    assert lf.narrative_changes(saved, "Staff use data", " Weekly. ") == {}
    assert lf.narrative_changes(saved, "Staff use evidence", "Weekly.") == {"label": "Staff use evidence"}
    assert lf.narrative_changes(saved, "Staff use data", "") == {"description": ""}


@pytest.mark.parametrize("label, words", [
    ("", "cannot be empty"), ("   ", "cannot be empty"), (None, "cannot be empty"),
    ("x" * 201, "201 characters long; keep it to 200"),
])
def test_an_empty_or_overlong_narrative_is_refused_with_a_clear_message(label, words):
    with pytest.raises(InvalidInput, match=words):
        lf.narrative_changes({"label": "Staff use data", "description": ""}, label, "")


def test_an_overlong_description_is_refused():
    with pytest.raises(InvalidInput, match="description is 5001 characters long"):
        lf.narrative_changes({"label": "a", "description": ""}, "a", "d" * 5001)


def test_a_label_of_exactly_200_characters_is_fine():
    assert lf.narrative_changes({"label": "a", "description": ""}, "y" * 200, "") == {"label": "y" * 200}


def test_a_link_to_an_element_outside_the_chain_is_not_named():
    state = small_map()
    state.links["l9"] = link("l9", "oc", "dho", kind="contributes_to")
    narrative = lf.level_rows(state, TEAM, ElementKind.OUTCOME)[0]["narrative"]
    assert narrative.endswith("*Contributes to Impact*")


def test_a_narrative_that_is_not_text_is_refused():
    with pytest.raises(InvalidInput, match="must be text"):
        lf.narrative_changes({"label": "a", "description": ""}, ["a", "list"], "")
