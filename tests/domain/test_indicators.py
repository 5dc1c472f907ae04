"""Indicator status, disaggregation checks, chart series and revisions (pure)."""

import datetime as dt

import pytest

from tests.domain.factories import small_map
from tocmap.domain import indicators as ind
from tocmap.domain.changes import AddObservation, UpdateIndicator, apply_change, diff_states, inverse, summarize
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import Baseline, Disaggregated, Indicator, Observation, Period, Target

D = dt.date
Y2025 = Period(label="2025", start=D(2025, 1, 1), end=D(2025, 12, 31))
Y2026 = Period(label="2026", start=D(2026, 1, 1), end=D(2026, 12, 31))
MID_2025 = D(2025, 7, 1)


def obs(n, value, day, **fields):
    return Observation(id=f"o{n}", value=value, date=day, **fields)


def quantitative(values, target=80.0, baseline=40.0, **fields):
    fields.setdefault("measure", "number")
    return Indicator(
        id="i", element="e", name="Districts reporting", baseline=Baseline(value=baseline) if baseline is not None
        else None, targets=[Target(period=Y2025, value=target)],
        observations=[obs(n, v, D(2025, 3 + n, 1)) for n, v in enumerate(values)], **fields)


# --------------------------------------------------------------------------- current target


def test_the_current_target_is_the_one_whose_period_runs_else_the_next_else_the_last():
    i = Indicator(id="i", element="e", name="n", targets=[Target(period=Y2026, value=9.0),
                                                          Target(period=Y2025, value=5.0)])
    assert ind.current_target(i, D(2024, 5, 1)).period.label == "2025"
    assert ind.current_target(i, D(2026, 2, 1)).period.label == "2026"
    assert ind.current_target(i, D(2031, 1, 1)).period.label == "2026"


def test_overlapping_periods_pick_the_shortest_running_one():
    q3 = Period(label="Q3 2025", start=D(2025, 7, 1), end=D(2025, 9, 30))
    i = Indicator(id="i", element="e", name="n", targets=[Target(period=Y2025, value=9.0), Target(period=q3, value=4.0)])
    assert ind.current_target(i, D(2025, 8, 1)).period.label == "Q3 2025"


# --------------------------------------------------------------------------- quantitative status


@pytest.mark.parametrize("value, code", [(80.0, "on_track"), (76.0, "on_track"), (70.0, "at_risk"),
                                         (64.0, "at_risk"), (63.0, "off_track"), (30.0, "off_track")])
def test_an_increasing_indicator_is_placed_on_the_way_from_baseline_to_target(value, code):
    status = ind.status(quantitative([value]), MID_2025)
    assert status.code == code
    assert "Higher is better, per period" in status.rule and "from the baseline 40 to the target 80" in status.rule


@pytest.mark.parametrize("value, code", [(20.0, "on_track"), (26.0, "at_risk"), (35.0, "off_track")])
def test_a_decreasing_indicator_is_good_when_it_falls(value, code):
    status = ind.status(quantitative([value], target=20.0, baseline=40.0, direction="decrease"), MID_2025)
    assert status.code == code and status.rule.startswith("Lower is better")


def test_per_period_uses_the_latest_value_in_the_target_period():
    status = ind.status(quantitative([30.0, 78.0, 50.0]), MID_2025)
    assert status.actual == 50.0 and status.code == "off_track"


def test_cumulative_adds_up_every_value_to_the_end_of_the_period():
    status = ind.status(quantitative([20.0, 30.0, 25.0], target=80.0, baseline=0.0, aggregation="cumulative"),
                        MID_2025)
    assert status.actual == 75.0 and status.code == "on_track"
    assert "cumulative" in status.rule and "the sum of 3 values" in status.rule


def test_without_a_baseline_the_way_starts_at_zero():
    assert ind.status(quantitative([45.0], target=60.0, baseline=None), MID_2025).progress == pytest.approx(0.75)


def test_percentages_and_currency_show_their_unit_in_the_rule():
    rule = ind.status(quantitative([72.0], measure="percentage"), MID_2025).rule
    assert "72 %" in rule and "target 80 %" in rule
    money = ind.status(quantitative([72.0], measure="currency", currency="EUR"), MID_2025).rule
    assert "EUR 72" in money


def test_no_data_only_when_no_value_is_recorded():
    assert ind.status(Indicator(id="i", element="e", name="n"), MID_2025).code == "no_data"
    assert ind.status(quantitative([]), MID_2025).code == "no_data"
    future = quantitative([]).model_copy(update={"observations": [obs(1, 60.0, D(2025, 12, 31))]})
    status = ind.status(future, MID_2025)
    assert status.code == "no_data" and "No value is recorded for 2025 yet" in status.rule
    assert "latest value is 60" in status.rule


def test_a_value_recorded_before_the_target_period_is_compared_with_that_target():
    earlier = quantitative([]).model_copy(update={"observations": [obs(1, 60.0, D(2024, 12, 31))]})
    status = ind.status(earlier, MID_2025)
    assert status.actual == 60.0 and status.code != "no_data"
    assert "none is recorded in 2025 yet" in status.rule


def test_values_without_a_target_have_no_status_rather_than_no_data():
    measured = Indicator(id="i", element="e", name="n", observations=[obs(1, 35.0, D(2025, 3, 1))])
    status = ind.status(measured, MID_2025)
    assert status.code == "none" and "no target is set" in status.rule


# --------------------------------------------------------------------------- qualitative status


@pytest.mark.parametrize("measure", ["milestone", "yes_no"])
def test_a_milestone_or_yes_no_is_on_track_when_reached_at_risk_while_the_period_runs(measure):
    base = Indicator(id="i", element="e", name="Law passed", measure=measure,
                     targets=[Target(period=Y2025, value=True)])
    reached = base.model_copy(update={"observations": [obs(1, True, D(2025, 5, 1))]})
    waiting = base.model_copy(update={"observations": [obs(1, False, D(2025, 5, 1))]})
    assert ind.status(reached, MID_2025).code == "on_track"
    assert ind.status(waiting, MID_2025).code == "at_risk"
    assert ind.status(waiting, D(2026, 1, 5)).code == "off_track"
    assert ("Milestone" if measure == "milestone" else "Yes/no") in ind.status(waiting, MID_2025).rule


@pytest.mark.parametrize("level, code", [("high", "on_track"), ("very high", "on_track"), ("medium", "at_risk"),
                                         ("low", "off_track")])
def test_an_ordinal_indicator_compares_levels(level, code):
    i = Indicator(id="i", element="e", name="Data culture", measure="ordinal",
                  scale=["low", "medium", "high", "very high"], targets=[Target(period=Y2025, value="high")],
                  observations=[obs(1, level, D(2025, 5, 1))])
    status = ind.status(i, MID_2025)
    assert status.code == code and "low < medium < high < very high" in status.rule


def test_a_narrative_indicator_has_no_status():
    i = Indicator(id="i", element="e", name="Stories of change", measure="narrative",
                  observations=[obs(1, "Districts now meet weekly.", D(2025, 5, 1))])
    status = ind.status(i, MID_2025)
    assert status.code == "none" and "no status" in status.rule


def test_an_element_shows_the_worst_status_of_its_active_indicators():
    good, bad = quantitative([80.0]), quantitative([10.0]).model_copy(update={"id": "j"})
    retired = quantitative([10.0]).model_copy(update={"id": "k", "element": "f", "status": "retired"})
    assert ind.element_statuses([good, bad, retired], MID_2025) == {"e": "off_track"}


# --------------------------------------------------------------------------- values typed in


def test_typed_values_are_read_by_measure_or_refused_in_words():
    number = Indicator(id="i", element="e", name="n")
    assert ind.parse_value(number, "1 250") == 1250.0
    with pytest.raises(InvalidInput, match="must be a number, not “twelve”"):
        ind.parse_value(number, "twelve")
    with pytest.raises(InvalidInput, match="must be a percentage"):
        ind.parse_value(Indicator(id="i", element="e", name="n", measure="percentage"), "5000")
    milestone = Indicator(id="i", element="e", name="n", measure="milestone")
    assert ind.parse_value(milestone, "reached") is True and ind.parse_value(milestone, "No") is False
    ordinal = Indicator(id="i", element="e", name="n", measure="ordinal", scale=["low", "high"])
    assert ind.parse_value(ordinal, "HIGH") == "high"
    with pytest.raises(InvalidInput, match="one of the levels low, high"):
        ind.parse_value(ordinal, "medium")


# --------------------------------------------------------------------------- disaggregation


def cells(*rows):
    return [Disaggregated(dimensions=dims, value=value) for dims, value in rows]


def checked(total, *rows, measure="number"):
    i = Indicator(id="i", element="e", name="People trained", measure=measure)
    return ind.disaggregation_warnings(i, obs(1, total, D(2025, 1, 1), disaggregation=cells(*rows)))


def test_values_that_add_up_give_no_warning():
    assert checked(100.0, ({"sex": "f"}, 60), ({"sex": "m"}, 40), ({"age": "<25"}, 30), ({"age": "25+"}, 70)) == []


def test_one_dimension_that_does_not_add_up_is_named_with_its_sum():
    assert checked(100.0, ({"sex": "female"}, 60), ({"sex": "male"}, 30)) == [
        "By sex: female 60 + male 30 = 90, but the total is 100."]


def test_each_dimension_is_checked_on_its_own():
    warnings = checked(100.0, ({"sex": "f"}, 60), ({"sex": "m"}, 40), ({"age": "<25"}, 30), ({"age": "25+"}, 60))
    assert len(warnings) == 1 and warnings[0].startswith("By age:")


def test_a_sex_by_age_cross_table_must_add_up_and_match_its_margins():
    good = [({"sex": "f", "age": "<25"}, 20), ({"sex": "f", "age": "25+"}, 40), ({"sex": "m", "age": "<25"}, 10),
            ({"sex": "m", "age": "25+"}, 30), ({"sex": "f"}, 60), ({"sex": "m"}, 40)]
    assert checked(100.0, *good) == []
    off_total = checked(90.0, *good[:4])
    assert off_total == ["By age × sex: the cells add up to 100, but the total is 90."]
    bad_margin = checked(100.0, *good[:4], ({"sex": "f"}, 50), ({"sex": "m"}, 50))
    assert any("“sex = f” is 60" in w or "“sex = f” is 50" in w for w in bad_margin)


def test_a_combination_given_twice_is_reported():
    assert "“f” is given more than once" in checked(100.0, ({"sex": "f"}, 50), ({"sex": "f"}, 50))[0]


def test_percentages_are_shares_and_are_not_added_up():
    assert checked(50.0, ({"sex": "f"}, 60), ({"sex": "m"}, 40), measure="percentage") == []


def test_dimensions_are_typed_as_name_value_pairs():
    assert ind.parse_dimensions("sex=female; age=15-24") == {"sex": "female", "age": "15-24"}
    with pytest.raises(InvalidInput, match="dimension=value"):
        ind.parse_dimensions("female")


# --------------------------------------------------------------------------- chart series


def test_the_chart_series_has_baseline_targets_and_actuals_in_time_order():
    i = quantitative([50.0, 60.0]).model_copy(update={"targets": [Target(period=Y2026, value=90.0),
                                                                  Target(period=Y2025, value=80.0)]})
    series = ind.chart_series(i)
    assert series.baseline == (None, 40.0)
    assert [t["label"] for t in series.targets] == ["2025", "2026"]
    assert [a["value"] for a in series.actuals] == [50.0, 60.0]
    assert series.actuals[0]["definition"] == 1


def test_ordinal_and_yes_no_values_sit_on_a_level_axis():
    ordinal = Indicator(id="i", element="e", name="n", measure="ordinal", scale=["low", "high"],
                        observations=[obs(1, "high", D(2025, 1, 1))])
    assert ind.chart_series(ordinal).actuals[0]["value"] == 1.0 and ind.chart_series(ordinal).levels == ["low", "high"]


# --------------------------------------------------------------------------- revisions


def with_values(state, *values, first=0):
    for n, value in enumerate(values, start=first):
        state, _ = apply_change(state, AddObservation(indicator="ind1", observation=obs(n, value, D(2025, 2 + n, 1))))
    return state


def test_changing_the_definition_or_targets_without_a_reason_is_refused():
    state = small_map()
    for fields in ({"definition": "New wording"}, {"unit": "districts"}, {"direction": "decrease"},
                   {"targets": [{"period": {"start": "2025-01-01", "end": "2025-12-31"}, "value": 50.0}]}):
        with pytest.raises(InvalidInput, match="is a revision: give the reason"):
            apply_change(state, UpdateIndicator(id="ind1", set=fields))


def test_a_revision_keeps_the_earlier_definition_and_every_observation():
    state = with_values(small_map(), 40.0, 45.0)
    revise = UpdateIndicator(id="ind1", set={"definition": "Districts with a weekly data review", "unit": "%"},
                             reason="The ministry changed the reporting form", on=D(2025, 6, 1))
    state, recorded = apply_change(state, revise)
    indicator = state.indicators["ind1"]
    assert [o.value for o in indicator.observations] == [40.0, 45.0]
    assert [o.definition for o in indicator.observations] == [1, 1]
    assert indicator.definition_number == 2
    (earlier,) = indicator.revisions
    assert (earlier.number, earlier.date, earlier.rationale) == (1, D(2025, 6, 1), "The ministry changed the reporting form")
    assert earlier.fields == {"definition": "", "unit": ""}
    assert summarize(recorded) == "Revised indicator “Share of districts using data”: The ministry changed the reporting form"
    state = with_values(state, 50.0, 55.0, 60.0, first=2)
    assert [o.definition for o in state.indicators["ind1"].observations] == [1, 1, 2, 2, 2]


def test_undoing_and_redoing_a_revision_loses_no_observation():
    before = with_values(small_map(), 40.0)
    revised, recorded = apply_change(before, UpdateIndicator(id="ind1", set={"unit": "districts"}, reason="Count"))
    later, _ = apply_change(revised, AddObservation(indicator="ind1", observation=obs(9, 47.0, D(2025, 9, 1))))
    undone, _ = apply_change(later, inverse(recorded))
    assert undone.indicators["ind1"].unit == "" and undone.indicators["ind1"].revisions == []
    assert [o.id for o in undone.indicators["ind1"].observations] == ["o0", "o9"]
    redone, _ = apply_change(undone, diff_states(undone, later))  # restoring the revised revision
    assert redone.indicators["ind1"].unit == "districts" and len(redone.indicators["ind1"].revisions) == 1
    assert [o.id for o in redone.indicators["ind1"].observations] == ["o0", "o9"]


def test_other_indicator_fields_change_without_a_reason():
    state, recorded = apply_change(small_map(), UpdateIndicator(id="ind1", set={"data_source": "DHIS2"}))
    assert state.indicators["ind1"].revisions == [] and "revisions" not in recorded.set


def test_a_change_to_an_agreed_indicator_asks_for_agreement_again():
    state = small_map()
    state, _ = apply_change(state, UpdateIndicator(id="ind1", set={"agreed_by": ["moh", "iph"]}))
    state, _ = apply_change(state, UpdateIndicator(id="ind1", set={"name": "Districts using data"}))
    assert state.indicators["ind1"].agreed_by == []


def test_a_change_of_type_keeps_earlier_values_against_their_definition_and_out_of_the_status():
    state = with_values(small_map(), 40.0, 45.0)  # a percentage indicator
    yes_no = {"measure": "yes_no", "targets": [{"period": {"label": "2025", "start": "2025-01-01",
                                                           "end": "2025-12-31"}, "value": True}]}
    state, _ = apply_change(state, UpdateIndicator(id="ind1", set=yes_no, reason="Only adoption matters now"))
    indicator = state.indicators["ind1"]
    assert [o.value for o in indicator.observations] == [40.0, 45.0]
    assert indicator.definition_fields(1)["measure"] == "percentage"
    assert ind.status(indicator, MID_2025).code == "no_data"  # the percentages are not yes/no answers
    state, _ = apply_change(state, AddObservation(indicator="ind1", observation=obs(7, True, D(2025, 6, 1))))
    assert ind.status(state.indicators["ind1"], MID_2025).code == "on_track"
    with pytest.raises(InvalidInput, match="must be yes or no"):
        apply_change(state, AddObservation(indicator="ind1", observation=obs(8, 50.0, D(2025, 6, 2))))


def test_an_import_that_changes_targets_is_a_revision_with_the_import_as_its_reason():
    old = with_values(small_map(), 40.0)
    changed = old.indicators["ind1"].model_copy(update={"targets": [Target(period=Y2026, value=70.0)]})
    new = old.model_copy(update={"indicators": {"ind1": changed}})
    after, _ = apply_change(old, diff_states(old, new, reason="Imported results.xml"))
    indicator = after.indicators["ind1"]
    assert indicator.targets[0].value == 70.0 and indicator.revisions[0].rationale == "Imported results.xml"
    assert [o.id for o in indicator.observations] == ["o0"]
