"""States rebuilt from their own dump without validation are the states that were dumped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings

from tests.domain.test_changes import random_foundations, random_maps
from tocmap.domain.changes import diff_states, replay_changes
from tocmap.domain.document import MapDocument
from tocmap.domain.model import Element, MapState, Strict
from tocmap.domain.trusted import schema_fingerprint, trusted
from tocmap.i18n import using

MODELS = Path(__file__).resolve().parents[2] / "models"


def stored(state: MapState) -> str:
    """The state as a checkpoint stores it: compact JSON, defaults left out."""
    return state.model_dump_json(exclude_defaults=True)


def rebuilt(state: MapState) -> MapState:
    return trusted(MapState, json.loads(stored(state)))


def assert_same(again: MapState, state: MapState) -> None:
    """Equal, dumped to the same bytes (same fields, order and types), as validating the dump would give."""
    validated = MapState.model_validate_json(stored(state))
    assert again == state == validated
    assert again.model_dump_json() == state.model_dump_json()
    assert again.model_fields_set == validated.model_fields_set


@settings(max_examples=150, deadline=None)
@given(random_foundations())
def test_any_map_comes_back_from_its_dump_as_it_was(state):
    assert_same(rebuilt(state), state)


@settings(max_examples=60, deadline=None)
@given(random_maps(), random_foundations(), random_maps())
def test_a_replayed_state_comes_back_from_its_dump_as_it_was(first, second, third):
    changes = [*diff_states(first, second).ops, diff_states(second, third)]
    replayed = replay_changes(first, changes)
    assert_same(rebuilt(replayed), replayed)


@pytest.mark.parametrize("path", sorted(p.name for p in MODELS.glob("*.json") if "schema" not in p.name))
def test_every_shipped_model_comes_back_from_its_dump_as_it_was(path):
    """The worked examples hold indicators, observations, dates, re-articulations, views: every kind of field."""
    state = MapDocument.model_validate_json((MODELS / path).read_text()).state()
    assert_same(rebuilt(state), state)


def test_nested_values_get_their_own_types_back():
    state = MapDocument.model_validate_json((MODELS / "example-health-data-partnership.json").read_text()).state()
    again = rebuilt(state)
    element = next(iter(again.elements.values()))
    assert type(element) is Element and type(element.kind) is type(state.elements[element.id].kind)
    for indicator_id, indicator in again.indicators.items():
        for observation, original in zip(indicator.observations, state.indicators[indicator_id].observations):
            assert type(observation.date) is type(original.date)


def test_fields_left_out_take_fresh_defaults_not_shared_ones():
    one, two = (trusted(Element, {"id": f"e{n}", "kind": "outcome", "label": "Staff use data"}) for n in (1, 2))
    assert one.tags == [] and one.tags is not two.tags and one.model_fields_set == {"id", "kind", "label"}


def test_the_schema_fingerprint_is_the_same_in_every_language_and_changes_with_the_schema():
    with using("fr"):
        french = schema_fingerprint.__wrapped__(MapState)
    assert french == schema_fingerprint(MapState)

    class Grown(Strict):
        title: str
        subtitle: str = ""

    class Plain(Strict):
        title: str

    assert schema_fingerprint(Grown) != schema_fingerprint(Plain)
