"""The indicators tab's pure parts: reading the forms, the revision it makes, the chart, the framework table."""

import datetime as dt

import pytest

from tests.domain.factories import small_map
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import Baseline, Indicator, Observation, Partner, Partnership, Period, Target
from tocmap.ui.editor import indicators as panel
from tocmap.ui import logframe as lf

YEAR = {"label": "2026", "start": "2026-01-01", "end": "2026-12-31"}
TEAM = Partnership(id="p", name="P", partners=[Partner(id="moh", name="Ministry"), Partner(id="iph", name="Institute")])


def form(**fields):
    return {"name": "Reports on time", "measure": "number", **fields}


@pytest.mark.parametrize("measure, extra, typed, expected", [
    ("number", {}, "1 200", 1200.0),
    ("percentage", {}, "72,5", 72.5),
    ("currency", {"currency": "eur"}, "15000", 15000.0),
    ("ordinal", {"scale": "low\nmedium\nhigh"}, "High", "high"),
    ("milestone", {}, "reached", True),
    ("yes_no", {}, "no", False),
    ("narrative", {}, "Districts meet weekly", "Districts meet weekly"),
])
def test_every_type_of_indicator_is_read_from_the_form(measure, extra, typed, expected):
    made = panel.indicator_from_form(form(measure=measure, **extra), [{**YEAR, "value": typed}], "oc", "i1")
    assert made.measure == measure and made.targets[0].value == expected
    if measure == "currency":
        assert made.currency == "EUR"


@pytest.mark.parametrize("fields, rows, message", [
    ({"name": " "}, [], "Give the indicator a name."),
    ({"baseline": "sixty"}, [], "The baseline must be a number, not “sixty”."),
    ({}, [{**YEAR, "value": "lots"}], "The target 1 must be a number"),
    ({}, [{"label": "2026", "start": "2026-06-01", "end": "2026-01-01", "value": "5"}], "ends (2026-01-01) before"),
    ({}, [{"label": "2026", "start": "2026-01-01", "value": "5"}], "Give both the start and the end of target 1."),
    ({}, [{**YEAR, "value": ""}], "Give the value of target 1."),
    ({"baseline_date": "31/12/2025"}, [], "must be a date (YYYY-MM-DD)"),
    ({"measure": "ordinal"}, [], "needs the named levels of its scale"),
    ({"measure": "currency"}, [], "needs a currency code"),
])
def test_bad_values_in_the_form_are_refused_with_one_sentence(fields, rows, message):
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        panel.indicator_from_form(form(**fields), rows, "oc", "i1")


def test_blank_target_rows_are_ignored_and_a_saved_indicator_keeps_its_values():
    saved = Indicator(id="i1", element="oc", name="Reports", observations=[
        Observation(id="o1", value=3.0, date=dt.date(2026, 2, 1))], agreed_by=["moh"])
    made = panel.indicator_from_form(form(), [{}, {**YEAR, "value": "9"}, {"label": ""}], "other", keep=saved)
    assert (made.id, made.element, len(made.targets), made.observations) == ("i1", "oc", 1, saved.observations)


def test_the_form_shows_what_it_saves():
    saved = panel.indicator_from_form(form(baseline="40", baseline_date="2025-12-31", unit="districts"),
                                      [{**YEAR, "value": "80"}], "oc", "i1")
    values, rows = panel.form_values(saved)
    again = panel.indicator_from_form(values, rows, "oc", "i1")
    assert again == saved


def test_changing_targets_in_the_form_is_a_revision_with_the_reason_given():
    saved = panel.indicator_from_form(form(), [{**YEAR, "value": "80"}], "oc", "i1")
    wanted = panel.indicator_from_form(form(data_source="DHIS2"), [{**YEAR, "value": "70"}], "oc", "i1")
    change = panel.indicator_change(saved, wanted, "  The strike  ")
    assert set(change.set) == {"targets", "data_source"} and change.reason == "The strike"
    assert panel.indicator_change(saved, saved, "") is None


def test_an_observation_is_read_with_its_period_and_disaggregation():
    indicator = Indicator(id="i", element="oc", name="People trained")
    made = panel.observation_from_form(indicator, {"value": "100", "label": "Q1", "start": "2026-01-01",
                                                   "end": "2026-03-31", "evidence": "https://example.org/report"},
                                       [{"dimensions": "sex=female; age=<25", "value": "40"}, {}], "Ana", "moh")
    assert made.period.label == "Q1" and made.disaggregation[0].dimensions == {"sex": "female", "age": "<25"}
    assert (made.reported_by, made.partner) == ("Ana", "moh")


@pytest.mark.parametrize("values, cells, message", [
    ({"value": ""}, [], "Give the value that was observed."),
    ({"value": "4"}, [], "Give the date of the value, or the period it covers."),
    ({"value": "4", "start": "2026-03-01", "end": "2026-01-01"}, [], "ends (2026-01-01) before it starts"),
    ({"value": "4", "date": "2026-01-01"}, [{"dimensions": "sex=f"}], "row 1 needs both"),
    ({"value": "4", "date": "2026-01-01"}, [{"dimensions": "sex=f", "value": "x"}], "must be a number"),
])
def test_bad_observations_are_refused(values, cells, message):
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        panel.observation_from_form(Indicator(id="i", element="oc", name="n"), values, cells, "Ana", None)


def test_the_panel_lists_an_elements_indicators_with_status_chart_and_agreement():
    state = small_map()
    indicator = state.indicators["ind1"].model_copy(update={
        "baseline": Baseline(value=10.0), "targets": [Target(period=Period(label="2026", start=dt.date(2026, 1, 1),
                                                                           end=dt.date(2026, 12, 31)), value=50.0)],
        "observations": [Observation(id="o1", value=48.0, date=dt.date(2026, 5, 1))], "agreed_by": ["moh"]})
    state = state.model_copy(update={"indicators": {"ind1": indicator}})
    shown = str(panel.indicator_list(state, TEAM, "oc", "moh", dt.date(2026, 6, 1)))
    assert "On track" in shown and "Record a value" in shown and "Agree" in shown
    figure = panel.figure(indicator)
    assert [t.name for t in figure.data] == ["Baseline", "Target", "Actual"]


def test_the_target_versus_actual_table_is_grouped_by_level_top_first():
    state = small_map()
    extra = Indicator(id="ind2", element="out", name="Dashboards live")
    state = state.model_copy(update={"indicators": {**state.indicators, "ind2": extra}})
    rows = lf.target_actual_rows(state, dt.date(2026, 1, 1))
    assert [(r["level"], r["indicator"]) for r in rows] == [("Outcome", "Share of districts using data"),
                                                             ("Output", "Dashboards live")]
    assert {r["status"] for r in rows} == {"No data"}


def test_the_status_colours_hold_in_every_language():
    from tocmap import i18n
    from tocmap.domain.indicators import STATUS_LOOK
    from tocmap.ui.pages.framework import STATUS_COLOURS

    with i18n.using("fr"):
        rows = lf.target_actual_rows(small_map(), dt.date(2026, 1, 1))
    assert {(r["status"], r["code"]) for r in rows} == {("Pas de données", "no_data")}
    assert set(STATUS_COLOURS) == {*STATUS_LOOK, "retired"}, "each row is coloured by its code, not its words"


def test_values_recorded_under_an_earlier_definition_show_with_its_unit():
    from tocmap.domain.changes import UpdateIndicator, apply_change
    from tocmap.domain.changes import AddObservation
    state, _ = apply_change(small_map(), AddObservation(indicator="ind1", observation=Observation(
        id="o1", value=40.0, date=dt.date(2025, 3, 1))))
    state, _ = apply_change(state, UpdateIndicator(id="ind1", set={"measure": "number", "unit": "districts"},
                                                   reason="Count districts, not shares"))
    shown = str(panel.indicator_list(state, TEAM, "oc", None, dt.date(2025, 6, 1)))
    assert "40 %" in shown and "def. 1" in shown and "Definition 2 in force" in shown


def test_the_map_colours_measured_elements_by_their_worst_status():
    from tocmap.ui.canvas import status_stylesheet
    rules = status_stylesheet({"oc": "off_track", "out": "on_track"})
    assert [(r["selector"], r["style"]["border-color"]) for r in rules] == [
        ('node[id = "oc"]', "#e03131"), ('node[id = "out"]', "#2b8035")]
