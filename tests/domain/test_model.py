"""Validation rules of the map model."""

import datetime as dt

import pytest
from pydantic import ValidationError

from tests.domain.factories import element, link, small_map
from tocmap.domain.errors import InvalidInput
from tocmap.domain.model import (
    Indicator,
    MapState,
    Observation,
    Partnership,
    Period,
    Target,
    integrity_problems,
    validated,
)


def test_a_label_cannot_be_empty_or_longer_than_200_characters():
    with pytest.raises(ValidationError):
        element("a", label="   ")
    with pytest.raises(ValidationError):
        element("a", label="x" * 201)
    assert element("a", label="  Trimmed  ").label == "Trimmed"


def test_ids_must_be_plain_and_short():
    for bad in ["", "has space", "x" * 65, "-leading", "../etc"]:
        with pytest.raises(ValidationError):
            element(bad)


def test_only_outcomes_name_an_actor_and_only_assumptions_attach():
    with pytest.raises(ValidationError, match="only an outcome"):
        element("o", "output", actor="dho")
    with pytest.raises(ValidationError, match="only an assumption"):
        element("o", "outcome", attached_to=["x"])


def test_a_position_needs_both_coordinates():
    with pytest.raises(ValidationError, match="both x and y"):
        element("o", x=1.0)


def test_a_link_cannot_join_an_element_to_itself():
    with pytest.raises(ValidationError, match="two different"):
        link("l", "a", "a")


def test_links_must_join_existing_elements_of_fitting_kinds():
    state = small_map()
    broken = state.model_dump()
    broken["links"]["l9"] = {"id": "l9", "source": "act", "target": "ghost"}
    with pytest.raises(ValidationError, match="missing element 'ghost'"):
        MapState.model_validate(broken)
    broken["links"]["l9"] = {"id": "l9", "source": "dho", "target": "oc", "kind": "influences"}
    with pytest.raises(ValidationError, match="cannot end at an outcome"):
        MapState.model_validate(broken)


def test_assumptions_cannot_join_causal_links():
    state = small_map().model_dump()
    state["links"]["l9"] = {"id": "l9", "source": "as1", "target": "oc"}
    with pytest.raises(ValidationError, match="cannot start at an assumption"):
        MapState.model_validate(state)


def test_parallel_links_between_the_same_elements_are_kept():
    state = small_map().model_dump()
    state["links"]["l9"] = {"id": "l9", "source": "act", "target": "out", "polarity": "-", "label": "delayed"}
    assert set(MapState.model_validate(state).links) >= {"l9"}


def test_a_valid_map_has_no_integrity_problems():
    assert integrity_problems(small_map()) == []


def test_an_outcome_must_name_an_actor_that_exists():
    state = small_map().model_dump()
    state["elements"]["oc"]["actor"] = "out"
    with pytest.raises(ValidationError, match="not an actor"):
        MapState.model_validate(state)


def test_partners_in_a_partnership_have_unique_ids():
    with pytest.raises(ValidationError, match="same id"):
        Partnership(id="p", name="P", partners=[{"id": "a", "name": "A"}, {"id": "a", "name": "B"}])


class TestIndicators:
    def test_values_must_fit_the_measure(self):
        with pytest.raises(ValidationError, match="must be a number"):
            Indicator(id="i", element="e", name="n", measure="number", baseline={"value": "many"})
        with pytest.raises(ValidationError, match="yes or no"):
            Indicator(id="i", element="e", name="n", measure="yes_no", baseline={"value": 1.0})
        with pytest.raises(ValidationError, match="scale's levels"):
            Indicator(id="i", element="e", name="n", measure="ordinal", scale=["low", "high"], baseline={"value": "mid"})

    def test_an_ordinal_indicator_needs_a_scale_and_a_currency_indicator_a_currency(self):
        with pytest.raises(ValidationError, match="named levels"):
            Indicator(id="i", element="e", name="n", measure="ordinal")
        with pytest.raises(ValidationError, match="currency code"):
            Indicator(id="i", element="e", name="n", measure="currency")

    def test_a_period_cannot_end_before_it_starts(self):
        with pytest.raises(ValidationError, match="ends"):
            Period(start=dt.date(2026, 5, 1), end=dt.date(2026, 4, 1))

    def test_an_observation_needs_a_date_or_period(self):
        with pytest.raises(ValidationError, match="date or a period"):
            Observation(id="o", value=3.0)

    def test_targets_and_observations_are_kept_with_their_periods(self):
        period = Period(label="2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
        indicator = Indicator(
            id="i", element="e", name="Districts", targets=[Target(period=period, value=10.0)],
            observations=[Observation(id="o1", value=4.0, period=period)],
        )
        assert indicator.quantitative and indicator.targets[0].value == 10.0


def test_validated_turns_pydantic_errors_into_one_readable_sentence():
    with pytest.raises(InvalidInput, match="map title: must have at least 1 character"):
        validated(MapState, {"title": ""}, "map")
